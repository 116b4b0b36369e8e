"""The embedded, persistent store: Oxigraph on disk, one named graph per source document.

A store is a folder::

    DIR/oxigraph/      the Oxigraph (RocksDB) database: one named graph per document, and
                       in the default graph their merge (each triple once), which queries read
    DIR/manifest.json  path -> content hash -> document IRI, and the build settings
    DIR/ocr-cache/     the pages OCR recognised, by content hash (``graph._scan``)
    DIR/texts/         each document's plain text, for the pages of ``kg serve`` (_texts)

:func:`build_into_store` builds only the files whose content hash changed (or every file when the
build settings changed), replaces their named graphs, drops the graphs of files that are gone,
and settles single-valued properties across all the store's documents (see
:mod:`graph._consolidate`) -- all in one SPARQL Update request, which Oxigraph applies as one
transaction. pyoxigraph offers no multi-operation transaction to Python, so the request is written
from terms serialised by pyoxigraph itself (N-Triples syntax, which no value can break out of);
the values bound to a query go in the same way, as a ``VALUES`` block (:mod:`graph._bind`).

Oxigraph's union of named graphs is a bag: a triple that ten documents state comes ten times,
and joins multiply those copies. So the default graph holds the *set* union of the documents'
graphs, kept in step by the same transaction, and queries read it; exports and pushes read the
named graphs.

The manifest is written after the transaction commits. Should the process die in between, the
next build sees the old hashes and does the same work again, which gives the same graphs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Identifier, Node

from ._bind import values_query
from ._build.plan import Earlier
from ._build.sinks import StoreBuild, StoreSink
from ._consolidate import SINGLE_VALUED, consolidate
from ._errors import QueryError, StoreError
from ._mapping import bind_prefixes, new_graph
from ._namespaces import DEFAULT_BASE, PREFIXES, SCHEMA
from ._output import FORMATS, serialize
from ._oxi import from_ox, run_with_timeout, to_ox, to_ox_graph
from ._scan import OcrSettings
from ._seek import SEEK_ROWS, Seek, seek_page, seek_plan, untied, whole_answer
from .query import QueryResult, classify_error

__all__ = ["Store", "StoreBuild", "StoredDocument", "build_into_store"]

MANIFEST = "manifest.json"
DATABASE = "oxigraph"
_MANIFEST_FORMAT = "kg-builder store"
_MANIFEST_VERSION = 1
_PREFIXES = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """What the store holds for one source file."""

    path: str
    content_hash: str
    iri: str


class Store:
    """An Oxigraph store in a folder, with the manifest of the documents it holds.

    Opening for writing takes the database's lock: a second writer (another ``kg build``) is
    refused. ``read_only`` stores (``kg serve``, ``kg query``) must not be opened while a build
    writes to the same folder.
    """

    def __init__(self, path: Path | str, *, read_only: bool = False, create: bool = True) -> None:
        self.path = Path(path)
        self.read_only = read_only
        manifest_path = self.path / MANIFEST
        database = self.path / DATABASE
        if not manifest_path.is_file():
            if read_only or not create:
                raise StoreError(
                    f"{self.path}: not a kg-builder store (no {MANIFEST}). Create one with "
                    f"`kg build INPUTS --store {self.path}`."
                )
            if self.path.is_dir() and any(self.path.iterdir()):
                raise StoreError(
                    f"{self.path}: the folder is not empty and holds no store; give an empty or "
                    "new folder so that nothing in it is overwritten"
                )
        self._manifest = self._read_manifest(manifest_path)
        try:
            if read_only:
                self._ox = ox.Store.read_only(str(database))
            else:
                database.mkdir(parents=True, exist_ok=True)
                self._ox = ox.Store(str(database))
        except OSError as exc:
            hint = (" Another process (a kg build?) may have it open for writing."
                    if not read_only else "")
            raise StoreError(f"{database}: cannot open the store: {exc}.{hint}") from exc
        if not manifest_path.is_file():
            self._write_manifest()
        #: what graph._seek keeps between queries: a read-only store's data cannot change
        self._kept: dict[str, object] | None = {} if read_only else None

    # -- the manifest -------------------------------------------------------------------------

    def _read_manifest(self, path: Path) -> dict[str, object]:
        if not path.is_file():
            return {"format": _MANIFEST_FORMAT, "version": _MANIFEST_VERSION, "settings": {},
                    "documents": {}}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"{path}: cannot read the store's manifest: {exc}") from exc
        if not isinstance(data, dict) or data.get("format") != _MANIFEST_FORMAT:
            raise StoreError(f"{path}: not a kg-builder store manifest")
        if data.get("version") != _MANIFEST_VERSION:
            raise StoreError(
                f"{path}: store format version {data.get('version')}, this kg-builder reads "
                f"version {_MANIFEST_VERSION}; rebuild the store into a new folder"
            )
        return data

    def _write_manifest(self) -> None:
        from ._output import write_atomic

        write_atomic(self.path / MANIFEST, json.dumps(
            self._manifest, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8"))

    def documents(self) -> dict[str, StoredDocument]:
        """The documents the store holds, by path."""
        docs = self._manifest.get("documents", {})
        assert isinstance(docs, dict)
        return {p: StoredDocument(p, d["hash"], d["iri"]) for p, d in sorted(docs.items())}

    @property
    def settings(self) -> dict[str, object]:
        settings = self._manifest.get("settings", {})
        assert isinstance(settings, dict)
        return settings

    def earlier(self, key: Mapping[str, str]) -> Earlier:
        """What the last build into the store left, for the plan of a build with ``key``
        (``_build.plan``): its settings and its documents' content hashes."""
        docs = self.documents()
        settings = {k: str(v) for k, v in self.settings.items()}
        return Earlier("store", key, settings if settings or docs else None,
                       {p: d.content_hash for p, d in docs.items()}, from_state=False)

    # -- reading ------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ox)

    def graph_names(self) -> list[URIRef]:
        """The named graphs in the store, sorted."""
        return sorted(URIRef(g.value) for g in self._ox.named_graphs()
                      if isinstance(g, ox.NamedNode))

    def quads(self, predicate: URIRef | None = None, graph: Identifier | None = None):  # type: ignore[no-untyped-def]
        """``(s, p, o, graph)`` rdflib quads of the store matching the pattern."""
        pattern = self._ox.quads_for_pattern(
            None, ox.NamedNode(str(predicate)) if predicate is not None else None, None,
            to_ox_graph(graph) if graph is not None else None)
        for q in pattern:
            yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(
                q.graph_name) if not isinstance(q.graph_name, ox.DefaultGraph) else None

    def dataset(self) -> Dataset:
        """The whole store as an rdflib Dataset (one named graph per document, queried as
        their union, as :func:`graph._output.read_graph` reads a file)."""
        ds = Dataset(default_union=True)
        ds.namespace_manager = NamespaceManager(ds, bind_namespaces="none")
        bind_prefixes(ds)
        for s, p, o, g in self.quads():
            if g is not None:  # the default graph is only the merge of the named graphs
                ds.graph(g).add((s, p, o))  # type: ignore[arg-type]
        return ds

    def export(self, fmt: str) -> bytes:
        """The store serialised in one of :data:`graph._output.FORMATS`."""
        if fmt not in FORMATS:
            raise StoreError(f"unknown format {fmt!r}. Available formats: {', '.join(FORMATS)}")
        return serialize(self.dataset(), fmt)

    def query(
        self,
        query: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        timeout: float | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> QueryResult:
        """Run a read-only SPARQL query over the merge of the documents' graphs.

        ``bindings`` join the query as a ``VALUES`` block at the head of its ``WHERE`` group,
        written from pyoxigraph's own serialisation of the terms (:mod:`graph._bind`), so that
        Oxigraph uses them as constants; where that cannot be done they are substituted by
        Oxigraph. The first ``offset`` rows are skipped and at most ``limit`` rows are read;
        the query is given up after ``timeout`` seconds. A page of a saved query with a
        plan in ``graph/queries/store/`` is read a few values of its first sort key at a time
        (:mod:`graph._seek`) when it ends within the first ``SEEK_ROWS`` rows, and otherwise
        from its unsorted text for the store, sorted in Python; rows that tie on every sort key
        of such a query come in the order of their N-Triples text.
        """
        terms = {name.lstrip("?$"): to_ox(value) for name, value in (bindings or {}).items()}
        text = values_query(query, terms)
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
        substitutions = {} if text is not None else {
            ox.Variable(name): term for name, term in terms.items()}
        plan = seek_plan(query) if not terms else None

        def run() -> QueryResult:
            try:
                planned = self._planned(plan, limit, offset) if plan is not None else None
                if planned is not None:
                    return planned
                answer = self._ox.query(text if text is not None else query,
                                        prefixes=_PREFIXES, substitutions=substitutions)
                if plan is not None and isinstance(answer, ox.QuerySolutions):
                    names = [v.value for v in answer.variables]
                    return _rows(names, islice(untied(names, answer, plan.order), offset, None),
                                 limit)
            except SyntaxError as exc:
                raise classify_error(query, exc) from None
            except RuntimeError as exc:  # e.g. a bound variable missing from SELECT
                raise QueryError(
                    f"the query could not be run: {exc}"
                    + (" (in a store, a bound variable must be one the query selects: add it "
                       "to the SELECT clause)" if substitutions else "")) from exc
            except OSError as exc:
                raise QueryError(f"the query could not be run: {exc}") from exc
            return _result(answer, limit, offset)

        return run_with_timeout(run, timeout)

    def _planned(self, plan: Seek, limit: int | None, offset: int) -> QueryResult | None:
        """The rows of a saved query with a plan (graph._seek): a page read a few values of
        its first sort key at a time, or every row sorted here; None when the plan does not
        apply to the store's values."""
        if limit is not None and offset + limit <= SEEK_ROWS:
            page = seek_page(self._ox, plan, _PREFIXES, limit, offset, self._kept)
            if page is not None:
                return _rows(*page, limit)
        end = None if limit is None else offset + limit
        whole = whole_answer(self._ox, plan, _PREFIXES, from_ox, slice(offset, end))
        if whole is None:
            return None
        variables, rows, count = whole
        return QueryResult(tuple(variables), tuple(rows),  # type: ignore[arg-type]
                           truncated=end is not None and end < count)

    def update(self, update: str, *, timeout: float | None = None) -> None:
        """Run a SPARQL update on the store (``kg query --update``), in one transaction.

        Name a graph in it (``GRAPH <...>``): the default graph is the merge of the named graphs,
        brought up to date in the same transaction.
        """
        if self.read_only:
            raise StoreError(f"{self.path}: the store is open read-only; updates are refused")
        text = update.rstrip()
        text = (text[:-1] if text.endswith(";") else text) + f"\n;\n{_ADD_MERGE} ;\n{_PRUNE_MERGE}"

        def run() -> None:
            try:
                self._ox.update(text, prefixes=_PREFIXES)
            except SyntaxError as exc:
                raise QueryError(f"the update could not be parsed: {exc}") from None
            except OSError as exc:
                raise QueryError(f"the update could not be run: {exc}") from exc

        run_with_timeout(run, timeout, "the update")

    def load_quads(self, quads: Iterable[tuple[Node, Node, Node, Node | None]]) -> None:
        """Bulk-load rdflib quads (data not built from files: imports, benchmarks).

        Faster than :meth:`apply` and not transactional; the manifest is not changed.
        """
        if self.read_only:
            raise StoreError(f"{self.path}: the store is open read-only")
        def with_merge():  # type: ignore[no-untyped-def]
            for s, p, o, g in quads:
                triple = (to_ox(s), to_ox(p), to_ox(o))
                yield ox.Quad(*triple, to_ox_graph(g))  # type: ignore[arg-type]
                if g is not None:
                    yield ox.Quad(*triple, ox.DefaultGraph())  # type: ignore[arg-type]

        try:
            self._ox.bulk_extend(with_merge())
        except OSError as exc:
            raise StoreError(f"{self.path}: the quads could not be loaded: {exc}") from exc
        self._ox.flush()

    def close(self) -> None:
        if not self.read_only:
            self._ox.flush()
        del self._ox

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------------

    def apply(
        self,
        replaced: Mapping[str, tuple[str, str, Graph | Callable[[], bytes]]],
        removed: Sequence[str],
        settings: Mapping[str, object],
    ) -> list[str]:
        """Replace and remove documents in one transaction, then record them in the manifest.

        ``replaced`` maps a path to ``(content hash, document IRI, its triples)``: a graph, or
        a function that gives them as N-Triples (a build's spool, read one document at a time,
        once for the single-valued properties and once for the rest). Single-valued properties
        are settled across every document the store then holds; the messages about dropped
        values are returned.
        """
        if self.read_only:
            raise StoreError(f"{self.path}: the store is open read-only")
        old = self.documents()
        gone = {old[p].iri for p in removed if p in old}
        gone |= {old[p].iri for p in replaced if p in old}
        kept = {d.iri for p, d in old.items() if p not in replaced and p not in removed}
        new_graphs = {URIRef(iri): g for _, iri, g in replaced.values()}
        messages, deletes, inserts, edits = self._settle(kept, new_graphs)
        operations = [f"DROP SILENT GRAPH {to_ox(URIRef(iri))}" for iri in sorted(gone)]
        operations += _data_blocks("DELETE DATA", deletes)
        operations += _data_blocks("INSERT DATA", inserts)
        for name in sorted(new_graphs):  # one document's triples at a time
            taken, given = edits.get(name, (set(), set()))
            operations += _data_blocks("INSERT DATA", {
                name: set(_triples(new_graphs[name])) - taken | given})
        if gone or deletes:  # the merge loses what no document's graph states any more
            operations.append(_PRUNE_MERGE)
        merged = sorted(inserts.keys() | new_graphs.keys())
        if merged:  # the merge gains the triples of the graphs written
            operations.append(_ADD_MERGE_OF.replace(
                "GRAPHS", " ".join(str(to_ox(name)) for name in merged)))
        if operations:
            try:
                self._ox.update(" ;\n".join(operations))
            except (OSError, SyntaxError) as exc:
                raise StoreError(f"{self.path}: the store could not be updated (nothing was "
                                 f"changed): {exc}") from exc
            self._ox.flush()
        docs = self._manifest.setdefault("documents", {})
        assert isinstance(docs, dict)
        for path in removed:
            docs.pop(path, None)
        for path, (content_hash, iri, _) in replaced.items():
            docs[path] = {"hash": content_hash, "iri": iri}
        self._manifest["settings"] = dict(settings)
        self._write_manifest()
        return messages

    def _settle(
        self, kept: set[str], new_graphs: Mapping[URIRef, Graph | Callable[[], bytes]]
    ) -> tuple[list[str], dict[URIRef, set], dict[URIRef, set],  # type: ignore[type-arg]
               dict[URIRef, tuple[set, set]]]:  # type: ignore[type-arg]
        """Consolidate the kept and the new graphs: the triples to delete and insert in each
        kept graph, and for each new graph those of its own it loses and those it gains."""
        view = Dataset()
        watched = (*SINGLE_VALUED, SCHEMA.alternateName)
        before: dict[URIRef, set] = {}  # type: ignore[type-arg]
        for predicate in watched:
            for s, p, o, g in self.quads(predicate):
                if g is not None and str(g) in kept:
                    view.graph(g).add((s, p, o))  # type: ignore[arg-type]
                    before.setdefault(g, set()).add((s, p, o))  # type: ignore[arg-type]
        for name, source in new_graphs.items():
            for s, p, o in _triples(source, watched):
                view.graph(name).add((s, p, o))
                before.setdefault(name, set()).add((s, p, o))
        messages = consolidate(view)
        deletes: dict[URIRef, set] = {}  # type: ignore[type-arg]
        inserts: dict[URIRef, set] = {}  # type: ignore[type-arg]
        edits: dict[URIRef, tuple[set, set]] = {}  # type: ignore[type-arg]
        for name, triples in before.items():
            after = set(view.graph(name).triples((None, None, None)))
            if name in new_graphs:
                edits[name] = (triples - after, after - triples)
                continue
            if triples - after:
                deletes[name] = triples - after
            if after - triples:
                inserts[name] = after - triples
        return messages, deletes, inserts, edits


def _triples(source: Graph | Callable[[], bytes],
             predicates: Sequence[URIRef] | None = None) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of a document given to :meth:`Store.apply` (with one of ``predicates``,
    when given), as rdflib terms."""
    if isinstance(source, Graph):
        if predicates is None:
            yield from source  # type: ignore[misc]
        for predicate in predicates or ():
            yield from source.triples((None, predicate, None))  # type: ignore[misc]
        return
    lines = source()
    if predicates is not None:
        wanted = {f"<{p}>".encode() for p in predicates}
        lines = b"".join(line for line in lines.splitlines(keepends=True)
                         if line.split(b" ", 2)[1] in wanted)
    graph = Graph()
    graph.parse(data=lines, format="nt")
    yield from graph  # type: ignore[misc]


#: adds to the default graph (the merge) every triple of the named graphs
_ADD_MERGE = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
#: adds to the default graph (the merge) every triple of some named graphs (for GRAPHS)
_ADD_MERGE_OF = "INSERT { ?s ?p ?o } WHERE { VALUES ?g { GRAPHS } GRAPH ?g { ?s ?p ?o } }"
#: removes from the default graph (the merge) every triple no named graph holds
_PRUNE_MERGE = "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"


def _data_blocks(
    verb: str, triples_by_graph: Mapping[Any, set]  # type: ignore[type-arg]
) -> list[str]:
    """``INSERT DATA``/``DELETE DATA`` operations, written by pyoxigraph's N-Triples serialiser
    (graph None: the default graph)."""
    out = []
    for name in sorted(triples_by_graph, key=lambda n: "" if n is None else str(n)):
        triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
                   for s, p, o in sorted(triples_by_graph[name])]
        if triples:
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            assert body is not None
            if name is None:
                out.append(f"{verb} {{\n{body.decode('utf-8')}}}")
            else:
                out.append(f"{verb} {{ GRAPH {to_ox(name)} {{\n{body.decode('utf-8')}}} }}")
    return out


def _result(answer: object, limit: int | None, offset: int = 0) -> QueryResult:
    """The rows (or triples) of an answer from the ``offset``-th on, at most ``limit`` of them;
    ``truncated`` when more were left."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult((), (), ask=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        g = new_graph()
        for t in islice(answer, offset, None):
            if limit is not None and len(g) >= limit:
                return QueryResult((), (), graph=g, truncated=True)
            g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))  # type: ignore[arg-type]
        return QueryResult((), (), graph=g)
    assert isinstance(answer, ox.QuerySolutions)
    return _rows([v.value for v in answer.variables], islice(answer, offset, None), limit)


def _rows(variables: Sequence[str], solutions: Iterable[Iterable[object]],
          limit: int | None) -> QueryResult:
    """The rows of ``solutions``, at most ``limit`` of them; ``truncated`` when more were
    left."""
    rows: list[tuple[Node | None, ...]] = []
    # a name or a type comes in many rows: each term is converted once (rdflib's Literal is
    # slow to make; on the 85,654 rows of timeline, 3.7 s converted every time, 0.3 s once)
    converted: dict[object, Node | None] = {None: None}

    def term(value: object) -> Node | None:
        found = converted.get(value, converted)
        if found is converted:
            found = converted[value] = from_ox(value)
        return found  # type: ignore[return-value]

    for solution in solutions:
        if limit is not None and len(rows) >= limit:
            return QueryResult(tuple(variables), tuple(rows), truncated=True)
        rows.append(tuple(map(term, solution)))
    return QueryResult(tuple(variables), tuple(rows))


def build_into_store(
    inputs: Sequence[Path],
    store_dir: Path,
    *,
    base: str = DEFAULT_BASE,
    extractor_names: Sequence[str] | None = None,
    model: str | None = None,
    allow_invalid: bool = False,
    on_document=None,  # type: ignore[no-untyped-def]
    authority: Sequence[Path] = (),
    curation: Path | None = None,
    strict: bool = False,
    ocr: OcrSettings | None = None,
    workers: int | None = None,
    dask: str | None = None,
    incremental: bool = True,
    on_stage: Callable[[str], None] | None = None,
) -> StoreBuild:
    """Build the files of ``inputs`` whose content changed into the store at ``store_dir``.

    The store mirrors ``inputs``: a file the store holds that is no longer among them is removed.
    A file that fails to load or extract keeps what the store had for it. Nothing is written
    when the changed documents do not conform to the shapes, unless ``allow_invalid``, nor
    when a file failed and ``strict`` is set. ``authority`` and ``curation`` are passed to
    :func:`graph.pipeline.build`; their contents are part of the store's settings (the build's
    key, ``_build.config.key_parts``), so editing one builds every file again (a curation
    decision may touch any document), as do other registered extractors or loaders or an edit
    of their code or data (``code_identity``). What is built again, and why, is the plan's
    decision (``_build.plan``), said in the result's ``reason``.
    ``ocr`` says how scanned pages are recognised (its page cache defaults to
    ``DIR/ocr-cache``). ``incremental=False`` builds every file again. The build is the
    engine's one run (``_build.engine``) with the store as its sink (``_build.sinks.StoreSink``):
    in this process, with ``workers`` processes (more than 1) or on the Dask cluster at
    ``dask``, the store gets the same quads.
    """
    from ._build.config import BuildConfig, key_parts
    from ._build.plan import make_plan
    from .loaders import iter_input_files
    from .pipeline import build

    ocr = ocr or OcrSettings(cache=str(Path(store_dir) / "ocr-cache"))
    config = BuildConfig.of(base, extractor_names, model, True, authority, curation, 0.0, ocr)
    key = key_parts(config)  # the store's settings: those of its last build
    files = list(iter_input_files(inputs))
    with Store(store_dir) as store:
        plan = make_plan(files, config, store.earlier(key), incremental=incremental)
        sink = StoreSink(store, plan, key, allow_invalid=allow_invalid, strict=strict)
        result = build(list(inputs), workers=workers if (workers or 1) > 1 else None, dask=dask,
                       plan=plan, on_read=sink.read, sink=sink, base=base,
                       extractor_names=extractor_names, model=model, on_document=on_document,
                       on_stage=on_stage, authority=authority, curation=curation, ocr=ocr)
        result.close()  # the build's temporary spool
    assert sink.done is not None, "the run hands its result to its sink"
    return sink.done
