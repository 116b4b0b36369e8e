"""The parallel build: documents read by workers, linked, mapped and validated here.

Workers (``_parallel``, ``_dask``) load, parse, extract and resolve each document: what needs no
other document. Their results (or those an incremental build finds in its cache) are then
linked across *all* documents (``_link``), mapped and consolidated by the very code of the
one-process build (``pipeline.link_and_map``), so both give the same graph.

SHACL runs in two parts so its cost grows linearly with the corpus:

* the documents' named graphs are validated a batch at a time, against every shape;
* then the nodes that more than one document describes are validated again, on the triples of
  all documents about them. Their per-batch findings are replaced by these.

Both parts run pyshacl-turbo where it is installed (``validate.bulk_engine``), pySHACL otherwise;
``tests/test_parallel.py`` checks that the findings equal pySHACL's on the whole union.

A node that only one document describes has the same triples in that document's graph as in the
union, so its per-document findings are those a validation of the union would give.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from ._consolidate import SINGLE_VALUED
from ._curation import load_curation
from ._iri import IriMinter
from ._link import EntityLink
from ._mapping import map_document
from ._namespaces import RDF, SH
from ._parallel import BatchResult, BuildConfig, Item, Outcome, copy_result, run_local
from ._resolve import Cluster, ResolvedDocument
from ._stages import StageTimes
from .loaders import iter_input_files
from .pipeline import BuildResult, Failure, _dataset, link_and_map
from .records import Document
from .validate import ValidationReport, ValidationResult, bulk_engine, validate

if TYPE_CHECKING:
    from ._manifest import OutcomeCache

__all__ = ["BATCH_SIZE", "assemble", "batches_of", "shared_nodes", "split_validation",
           "validate_batch"]

#: Documents per worker task: enough for spaCy to batch, few enough to spread over workers.
BATCH_SIZE = 8
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


def batches_of(files: Iterable[tuple[Path, str]], *, with_bytes: bool = False
               ) -> Iterator[list[Item]]:
    """``(path, relpath)`` pairs as batches of work items (with their bytes, for remote workers)."""
    batch: list[Item] = []
    for path, relpath in files:
        batch.append((None, relpath, path.read_bytes()) if with_bytes
                     else (str(path), relpath, None))
        if len(batch) == BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def shared_nodes(ds: Dataset) -> set[Node]:
    """Subjects described in more than one named graph, or given two values of a property that
    consolidation makes single-valued (consolidation may change them)."""
    graphs_of: dict[Node, Node] = {}
    shared: set[Node] = set()
    for s, _, _, ctx in ds.quads((None, None, None, None)):
        first = graphs_of.setdefault(s, ctx)  # type: ignore[arg-type]
        if first != ctx:
            shared.add(s)
    for predicate in SINGLE_VALUED:
        seen: dict[Node, Node] = {}
        for s, _, o, _ in ds.quads((None, predicate, None, None)):
            if seen.setdefault(s, o) != o:
                shared.add(s)
    return shared


def _neighbourhood(ds: Dataset, nodes: set[Node]) -> Graph:
    """The triples about ``nodes``, about their values (one step), and those pointing at them."""
    g = Graph()
    objects: set[Node] = set()
    for node in nodes:
        for _, p, o, _ in ds.quads((node, None, None, None)):
            g.add((node, p, o))
            if not isinstance(o, URIRef) or p != RDF.type:
                objects.add(o)
        for s, p, _, _ in ds.quads((None, None, node, None)):
            g.add((s, p, node))
    for node in objects - nodes:
        for _, p, o, _ in ds.quads((node, None, None, None)):
            g.add((node, p, o))
    return g


def split_validation(
    ds: Dataset, shared: set[Node], per_document: Iterable[tuple[list[ValidationResult], bytes]],
    documents_of: dict[str, tuple[str, ...]],
) -> ValidationReport:
    """One report from the per-document findings (for nodes not in ``shared``) and a validation
    of the ``shared`` nodes on all their triples."""
    graph = Graph()
    graph.bind("sh", SH)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    results: list[ValidationResult] = []
    names = {str(n) for n in shared}
    for found, nt in per_document:
        kept = [r for r in found if r.focus not in names]
        if not kept:
            continue
        results += kept
        src = Graph().parse(data=nt, format="nt")
        for r in src.subjects(SH.focusNode, None):
            if str(src.value(r, SH.focusNode)) not in names:
                copy_result(src, r, graph, report)
    if shared:
        final = validate(_neighbourhood(ds, shared), documents_of=documents_of,
                         engine=bulk_engine())
        for r in final.graph.subjects(SH.focusNode, None):
            if final.graph.value(r, SH.focusNode) in shared:
                copy_result(final.graph, r, graph, report)
        results += [r for r in final.results if r.focus in names]
    results.sort(key=lambda r: (_SEVERITY_ORDER.get(r.severity, 3), r.focus, r.message))
    conforms = not any(r.severity == "Violation" for r in results)
    graph.add((report, SH.conforms, _boolean(conforms)))
    return ValidationReport(conforms=conforms, results=tuple(results), graph=graph)


def _boolean(value: bool) -> Node:
    from rdflib import Literal

    return Literal(value)


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt(term: Node) -> str:
    """``term`` as N-Triples writes it."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    text = f'"{str(term).translate(_NT_ESCAPES)}"'
    if term.language:
        return f"{text}@{term.language}"
    return f"{text}^^<{term.datatype}>" if term.datatype else text


def validate_batch(graphs: Sequence[tuple[str, Graph]]
                   ) -> list[tuple[list[ValidationResult], bytes]]:
    """Validate the documents' graphs ``(path, graph)`` in one SHACL run; each finding goes to
    the document that describes its focus node (a node several documents describe is validated
    again at the end, on all their triples, so which of them gets it here does not matter)."""
    owner: dict[Node, int] = {}
    objects: list[tuple[Node, int]] = []
    lines: list[str] = []
    for i, (_, g) in enumerate(graphs):
        lines += (f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in g)
        for s, _, o in g:
            owner.setdefault(s, i)
            objects.append((o, i))
    for node, i in objects:
        owner.setdefault(node, i)
    report = validate("".join(lines), engine=bulk_engine())
    found: list[tuple[list[ValidationResult], Graph]] = [([], Graph()) for _ in graphs]
    nodes: dict[str, Node] = {str(n): n for n in owner}
    for r in report.results:
        i = owner.get(nodes.get(r.focus, URIRef(r.focus)), 0)
        found[i][0].append(replace(r, documents=(graphs[i][0],)))
    for result in report.graph.subjects(SH.focusNode, None):
        focus = report.graph.value(result, SH.focusNode)
        copy_result(report.graph, result, found[owner.get(focus, 0)][1],  # type: ignore[arg-type]
                    BNode())
    return [(results, g.serialize(format="nt", encoding="utf-8")) for results, g in found]


class _Remembered:
    """``map_document``, or the triples it gave last time for the same document (bytes and
    path), document IRI and links of its entities (``cache``)."""

    def __init__(self, cache: OutcomeCache) -> None:
        self.cache = cache
        self.keys: dict[str, str] = {}  # path -> the key of its triples in this build

    def __call__(self, document: Document, resolved: ResolvedDocument, iris: IriMinter,
                 same_as: Callable[[str], Sequence[str]], doc: URIRef,
                 link: Callable[[Cluster], EntityLink]) -> tuple[URIRef, Graph]:
        key = hashlib.sha256(repr((
            "map", document.path, document.content_hash, str(doc),
            [link(c) for c in resolved.clusters])).encode()).hexdigest()
        self.keys[document.path] = key
        found = self.cache.recall(key)
        if isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], str):
            g = Graph(bind_namespaces="none")
            g.addN((s, p, o, g) for s, p, o in _decode(found[1]))
            return URIRef(found[0]), g
        doc, g = map_document(document, resolved, iris, same_as, doc, link)
        self.cache.remember(key, (str(doc), _encode(g)))
        return doc, g


def _encode(g: Graph) -> str:
    """``g``'s triples as JSON: ``[terms, rows]``, a term being ``[kind, value, datatype,
    language]`` (kind 0 IRI, 1 blank node, 2 literal) and a row three indexes into ``terms``
    (several times faster to read back than pickled rdflib terms or N-Triples)."""
    index: dict[Node, int] = {}
    terms: list[tuple[int, str, str | None, str | None]] = []
    rows = []
    for triple in g:
        row = []
        for term in triple:
            i = index.get(term)
            if i is None:
                i = index[term] = len(terms)
                if isinstance(term, URIRef):
                    terms.append((0, str(term), None, None))
                elif isinstance(term, BNode):
                    terms.append((1, str(term), None, None))
                else:
                    assert isinstance(term, Literal)
                    terms.append((2, str(term), str(term.datatype) if term.datatype else None,
                                  term.language))
            row.append(i)
        rows.append(row)
    return json.dumps([terms, rows], ensure_ascii=False, separators=(",", ":"))


def _decode(data: str) -> Iterator[tuple[Node, Node, Node]]:
    """The triples :func:`_encode` encoded."""
    terms, rows = json.loads(data)
    made = [URIRef(v) if k == 0 else BNode(v) if k == 1
            else Literal(v, datatype=URIRef(d) if d else None, lang=lang)
            for k, v, d, lang in terms]
    for s, p, o in rows:
        yield made[s], made[p], made[o]


def _validated(graphs: Sequence[tuple[str, Graph]], memo: _Remembered | None,
               shared: set[Node]) -> list[tuple[list[ValidationResult], bytes]]:
    """:func:`validate_batch`, or the findings kept for the same documents' triples: those
    mapped from the same inputs (``memo``) and, as consolidation across documents may have
    changed them, those about the ``shared`` nodes."""
    if memo is None:
        return validate_batch(graphs)
    digest = hashlib.sha256(repr(("shacl", [memo.keys[path] for path, _ in graphs])).encode())
    for _, g in graphs:
        lines = [f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in g if s in shared]
        digest.update("".join(sorted(lines)).encode())
    key = digest.hexdigest()
    found = memo.cache.recall(key)
    if isinstance(found, list) and len(found) == len(graphs):
        return found
    fresh = validate_batch(graphs)
    memo.cache.remember(key, fresh)
    return fresh


def assemble(
    inputs: Sequence[Path],
    config: BuildConfig,
    *,
    workers: int = 1,
    dask_address: str | None = None,
    on_document: Callable[[str], None] | None = None,
    cache: OutcomeCache | None = None,
) -> BuildResult:
    """Read ``inputs`` with worker processes (or a Dask cluster), then link, map and validate."""
    started = time.perf_counter()
    times = StageTimes()
    result = BuildResult(_dataset(config.base))

    def skipped(relpath: str, reason: str) -> None:
        result.failures.append(Failure(relpath, "input", reason))

    files = list(iter_input_files(inputs, skipped))
    #: per input file, in order: its cached outcome, or None when it is to be read
    reused: list[Outcome | None] = [None] * len(files)
    if cache is not None:
        with times("load"):
            reused = [cache.get(path, relpath) for path, relpath in files]
        files = [f for f, found in zip(files, reused, strict=True) if found is None]
    if dask_address is not None:
        from ._dask import run_dask

        results: Iterable[BatchResult] = run_dask(
            dask_address, batches_of(files, with_bytes=True), config)
    else:
        if workers > 1 and files:
            from ._nlp import load_pipeline

            load_pipeline(config.model)  # once, before the workers fork (they share it)
        results = run_local(batches_of(files), config, workers)

    def built() -> Iterator[Outcome]:
        for batch in results:
            times.add(batch.seconds)
            yield from batch.outcomes

    read: list[tuple[Document, ResolvedDocument]] = []
    hashes: dict[str, str] = {}
    fresh = built()
    for found in reused:  # in input order, as a one-process build reads them
        outcome = found if found is not None else next(fresh)
        if outcome.failure is not None:
            result.failures.append(Failure(outcome.path, *outcome.failure))
        elif outcome.document is not None and outcome.resolved is not None:
            if cache is not None and found is None:
                cache.put(outcome)
            result.warnings.extend(outcome.warnings)
            read.append((outcome.document, outcome.resolved))
            hashes[outcome.path] = outcome.content_hash
        if on_document:
            on_document(outcome.path)
    for _ in fresh:  # nothing is left; this lets the pool shut down and its workers exit
        raise AssertionError("a worker returned more outcomes than it was given documents")
    with times("map"):
        memo = _Remembered(cache) if cache is not None else None
        documents_of = link_and_map(read, result, config.base,
                                    load_curation(Path(config.curation) if config.curation
                                                  else None), memo or map_document)
    if cache is not None:
        for summary in result.documents:
            cache.entries[summary.path] = (hashes[summary.path], summary.iri)
    if config.validate:
        with times("validate"):
            ds = result.dataset
            per_document = []
            shared = shared_nodes(ds)
            named = [(d.path, ds.graph(URIRef(d.iri))) for d in result.documents]
            for start in range(0, len(named), BATCH_SIZE):
                per_document += _validated(named[start : start + BATCH_SIZE], memo, shared)
            result.validation = split_validation(ds, shared, per_document, documents_of)
    result.seconds = time.perf_counter() - started
    result.stage_seconds = times.seconds
    return result
