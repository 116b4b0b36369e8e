"""Building documents in worker processes: each batch of files in, compact results out.

A worker loads, parses (spaCy ``nlp.pipe`` over the whole batch), extracts, resolves and maps
each document of its batch, validates the batch's graphs in one pySHACL run, and sends back an
:class:`Outcome` per document: the document's triples (a table of distinct terms and rows of
indexes into it, as JSON: four times faster to rebuild than N-Triples are to parse), its counts,
warnings, SHACL findings and failure, if any. Nothing a worker returns holds rdflib or spaCy
objects, so results are small to send.

:func:`run_local` runs batches in a process pool and yields results in input order. A worker that
dies (``os._exit``, a signal, a crash in native code) breaks the pool: the documents that were in
flight are then built again one at a time in a fresh one-process pool, so the document that kills
its worker is found and reported, and only that document is lost.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ._errors import InputError, KgError, UnsupportedFormat
from ._iri import IriMinter
from ._namespaces import SH
from ._stages import StageTimes
from .records import Document
from .registry import ExtractorSpec
from .validate import ValidationResult

__all__ = [
    "BatchResult", "BuildConfig", "Item", "Outcome", "copy_result", "decode_graph",
    "default_workers", "encode_graph", "run_batch", "run_local",
]

#: A file to build: (path to read, or None when ``data`` is given; relative path; file bytes).
Item = tuple[str | None, str, bytes | None]

WORKER_DIED = ("its worker process died while building it (killed, out of memory, or a crash "
               "in native code); the other documents were built. Build it alone to see why")


@dataclass(frozen=True)
class BuildConfig:
    """What every worker needs to know to build a document the same way."""

    base: str
    extractor_names: tuple[str, ...] | None = None
    model: str | None = None
    validate: bool = True


@dataclass
class Outcome:
    """One document's result, as a worker sends it back."""

    path: str
    content_hash: str = ""
    iri: str = ""
    triples_json: str = ""  # see encode_graph
    entities: int = 0
    relations: int = 0
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    results: list[ValidationResult] = field(default_factory=list)
    report: bytes = b""
    failure: tuple[str, str] | None = None  # (stage, reason)


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    seconds: dict[str, float]


@dataclass(frozen=True)
class _State:
    specs: list[ExtractorSpec]
    order: list[str]
    iris: IriMinter
    same_as: Callable[[str], Sequence[str]]


def _state(base: str, names: tuple[str, ...] | None) -> _State:
    """What building a document needs; the extractors are looked up on every batch (one may
    have been registered since), the rest is made once per process."""
    from . import extract as _builtins  # noqa: F401  (registers the built-in extractors)
    from .registry import extractors

    specs = extractors.ordered(list(names) if names is not None else None)
    return _State(specs, [s.name for s in specs], IriMinter(base), _same_as())


@cache
def _same_as() -> Callable[[str], Sequence[str]]:
    from ._gazetteer import load_gazetteer

    gazetteer = load_gazetteer()

    def same_as(authority: str) -> Sequence[str]:
        entry = gazetteer.by_iri(authority)
        return entry.same_as if entry else ()

    return same_as


def _load(item: Item, scratch: Path) -> Document | Outcome:
    """The item's Document, or an Outcome saying why it could not be loaded."""
    from .registry import loaders

    path, relpath, data = item
    suffix = Path(relpath).suffix
    try:
        spec = loaders.for_suffix(suffix)
        if spec is None:
            raise UnsupportedFormat(relpath, "no loader reads this kind of file")
        if path is None:  # the bytes came over the network: give the loader a file to read
            file = scratch / f"document{suffix}"
            file.write_bytes(data or b"")
            return spec.func(file, relpath)
        return spec.func(Path(path), relpath)
    except InputError as exc:
        return Outcome(relpath, failure=("load", exc.reason))
    except Exception as exc:  # a loader bug must not stop the other documents
        return Outcome(relpath, failure=("load", f"internal error: {exc!r}"))


def encode_graph(g: Graph) -> str:
    """``g``'s triples as JSON: ``[terms, rows]``, a term being ``[kind, value, datatype,
    language]`` (kind 0 IRI, 1 blank node, 2 literal) and a row three indexes into ``terms``."""
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


def decode_graph(data: str) -> Iterator[tuple[Node, Node, Node]]:
    """The triples :func:`encode_graph` encoded."""
    terms, rows = json.loads(data)
    made = [URIRef(v) if k == 0 else BNode(v) if k == 1
            else Literal(v, datatype=URIRef(d) if d else None, lang=lang)
            for k, v, d, lang in terms]
    for s, p, o in rows:
        yield made[s], made[p], made[o]


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


def copy_result(src: Graph, result: Node, dst: Graph, report: Node) -> None:
    """Copy one ``sh:result`` of a pySHACL report (with its blank nodes) into ``dst``."""
    dst.add((report, SH.result, result))
    todo = [result]
    while todo:
        node = todo.pop()
        for _, p, o in src.triples((node, None, None)):
            dst.add((node, p, o))
            if isinstance(o, BNode):
                todo.append(o)


def _validate_batch(graphs: dict[int, tuple[str, Graph]]
                    ) -> dict[int, tuple[list[ValidationResult], bytes]]:
    """Validate the documents' graphs in one pySHACL run; each finding goes to the document that
    describes its focus node (a node several documents describe is validated again at the end,
    on all their triples, so which of them gets it here does not matter)."""
    from .validate import bulk_engine, validate

    owner: dict[Node, int] = {}
    objects: list[tuple[Node, int]] = []
    lines: list[str] = []
    for i, (_, g) in graphs.items():
        for s, p, o in g:
            lines.append(f"{_nt(s)} {_nt(p)} {_nt(o)} .\n")
            owner.setdefault(s, i)
            objects.append((o, i))
    for node, i in objects:
        owner.setdefault(node, i)
    report = validate("".join(lines), engine=bulk_engine())
    found: dict[int, tuple[list[ValidationResult], Graph]] = {}
    nodes: dict[str, Node] = {str(n): n for n in owner}
    for r in report.results:
        i = owner.get(nodes.get(r.focus, URIRef(r.focus)), next(iter(graphs)))
        found.setdefault(i, ([], Graph()))[0].append(replace(r, documents=(graphs[i][0],)))
    for result in report.graph.subjects(SH.focusNode, None):
        focus = report.graph.value(result, SH.focusNode)
        i = owner.get(focus, next(iter(graphs)))  # type: ignore[arg-type]
        if i in found:
            copy_result(report.graph, result, found[i][1], BNode())
    return {i: (results, g.serialize(format="nt", encoding="utf-8"))
            for i, (results, g) in found.items()}


def run_batch(items: Sequence[Item], config: BuildConfig, disambiguate: bool = False
              ) -> BatchResult:
    """Build the documents of one batch (in this process) and return their outcomes in order."""
    from ._mapping import document_iri, map_document
    from ._nlp import process
    from ._resolve import resolve
    from .pipeline import extract_records

    times = StageTimes()
    state = _state(config.base, config.extractor_names)
    outcomes: dict[int, Outcome] = {}
    documents: list[tuple[int, Document]] = []
    with tempfile.TemporaryDirectory(prefix="kg-") as scratch, times("load"):
        for i, item in enumerate(items):
            loaded = _load(item, Path(scratch))
            if isinstance(loaded, Outcome):
                outcomes[i] = loaded
            else:
                documents.append((i, loaded))
    parsed = process((d for _, d in documents), model=config.model)
    built: dict[int, tuple[str, Graph]] = {}
    for i, _ in documents:
        with times("nlp"):
            pdoc = next(parsed)
        path = pdoc.document.path
        warnings: list[str] = []
        try:
            with times("extract"):
                records = extract_records(pdoc, state.specs, warnings)
            with times("resolve"):
                resolved = resolve(records, state.order)
            with times("map"):
                doc = document_iri(pdoc.document, resolved, state.iris,
                                   disambiguate=disambiguate)
                doc, g = map_document(pdoc.document, resolved, state.iris, state.same_as, doc)
                encoded = encode_graph(g)
        except KgError as exc:
            outcomes[i] = Outcome(path, failure=("extract", str(exc)))
            continue
        except Exception as exc:  # an extractor bug loses one document, not the build
            outcomes[i] = Outcome(path, failure=("extract", f"internal error: {exc!r}"))
            continue
        built[i] = (path, g)
        outcomes[i] = Outcome(
            path, pdoc.document.content_hash, str(doc), encoded, len(resolved.clusters),
            len(resolved.relations), len(g),
            warnings + [f"{path}: {d}" for d in resolved.dropped],
        )
    if config.validate and built:
        with times("validate"):
            for i, (results, report) in _validate_batch(built).items():
                outcomes[i].results, outcomes[i].report = results, report
    return BatchResult([outcomes[i] for i in range(len(items))], times.seconds)


def _died(items: Sequence[Item]) -> BatchResult:
    return BatchResult([Outcome(relpath, failure=("worker", WORKER_DIED))
                        for _, relpath, _ in items], {})


def _context() -> multiprocessing.context.BaseContext | None:
    # fork: workers inherit the loaded spaCy pipeline and every registered extractor and loader
    return (multiprocessing.get_context("fork")
            if "fork" in multiprocessing.get_all_start_methods() else None)


def _isolated(items: Sequence[Item], config: BuildConfig) -> Iterator[BatchResult]:
    """Build ``items`` one at a time in a one-process pool, so a death names its document."""
    pool = ProcessPoolExecutor(1, mp_context=_context())
    try:
        for item in items:
            try:
                yield pool.submit(run_batch, [item], config).result()
            except BrokenProcessPool:
                yield _died([item])
                pool.shutdown(wait=True, cancel_futures=True)
                pool = ProcessPoolExecutor(1, mp_context=_context())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def run_local(batches: Iterable[Sequence[Item]], config: BuildConfig, workers: int
              ) -> Iterator[BatchResult]:
    """Build ``batches`` in ``workers`` processes (in this process when ``workers`` is 1),
    yielding their results in input order, with at most ``2 * workers`` batches in flight."""
    if workers <= 1:
        for batch in batches:
            yield run_batch(batch, config)
        return
    window = 2 * workers
    pool = ProcessPoolExecutor(workers, mp_context=_context())
    pending: deque[tuple[Sequence[Item], Future[BatchResult]]] = deque()
    try:
        source = iter(batches)
        while True:
            for batch in source:
                pending.append((batch, pool.submit(run_batch, batch, config)))
                if len(pending) >= window:
                    break
            if not pending:
                pool.shutdown(wait=True)  # the workers exit (and their CPU time is counted)
                return
            batch, future = pending.popleft()
            try:
                yield future.result()
                continue
            except BrokenProcessPool:
                pass
            # the pool is broken: keep what finished, rebuild the rest one document at a time
            suspects = [(batch, future), *pending]
            pending.clear()
            pool.shutdown(wait=True, cancel_futures=True)
            for items, done in suspects:
                if done.done() and not done.cancelled() and done.exception() is None:
                    yield done.result()
                    continue
                outcomes: list[Outcome] = []
                seconds = StageTimes()
                for one in _isolated(items, config):
                    outcomes += one.outcomes
                    seconds.add(one.seconds)
                yield BatchResult(outcomes, seconds.seconds)
            pool = ProcessPoolExecutor(workers, mp_context=_context())
    finally:  # interrupted (Ctrl-C) or the consumer stopped: do not wait for the workers
        pool.shutdown(wait=False, cancel_futures=True)


def default_workers() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
