"""The parallel build: documents built by workers, assembled here into one dataset.

Each worker result is added to the dataset as it arrives (in input order), as the document's
named graph. SHACL runs in two parts so its cost grows linearly with the corpus:

* each document's graph is validated by the worker that built it, against every shape;
* once all documents are in, the nodes that more than one document describes (and the nodes
  that cross-document consolidation changed) are validated again, on the triples of all
  documents about them. Their per-document findings are replaced by these.

Both parts run pyshacl-turbo where it is installed (``validate.bulk_engine``), pySHACL otherwise;
``tests/test_parallel.py`` checks that the findings equal pySHACL's on the whole union.

A node that only one document describes has the same triples in that document's graph as in the
union, so its per-document findings are those a validation of the union would give.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from ._consolidate import SINGLE_VALUED, consolidate
from ._iri import IriMinter
from ._mapping import bind_prefixes
from ._namespaces import RDF, SH
from ._parallel import (
    BatchResult,
    BuildConfig,
    Item,
    Outcome,
    copy_result,
    decode_graph,
    run_batch,
    run_local,
)
from ._stages import StageTimes
from .loaders import iter_input_files
from .pipeline import BuildResult, DocumentSummary, Failure
from .validate import ValidationReport, ValidationResult, bulk_engine, validate

__all__ = ["BATCH_SIZE", "assemble", "batches_of", "shared_nodes", "split_validation"]

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


def assemble(
    inputs: Sequence[Path],
    config: BuildConfig,
    *,
    workers: int = 1,
    dask_address: str | None = None,
    on_document: Callable[[str], None] | None = None,
    cache: object | None = None,
) -> BuildResult:
    """Build ``inputs`` with worker processes (or a Dask cluster) and assemble the dataset."""
    from ._manifest import OutcomeCache

    started = time.perf_counter()
    times = StageTimes()
    ds = Dataset()
    ds.namespace_manager = NamespaceManager(ds, bind_namespaces="none")
    bind_prefixes(ds, IriMinter(config.base))
    result = BuildResult(ds)
    store = cache if isinstance(cache, OutcomeCache) else None
    files = list(iter_input_files(inputs))
    #: per input file, in order: its cached outcome, or None when it is to be built
    reused: list[Outcome | None] = [None] * len(files)
    if store is not None:
        with times("load"):
            reused = [store.get(path, relpath) for path, relpath in files]
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

    documents_of: dict[str, set[str]] = {}
    per_document: list[tuple[list[ValidationResult], bytes]] = []
    used: dict[str, str] = {}

    def add(outcome: Outcome) -> None:
        if outcome.failure is not None:
            result.failures.append(Failure(outcome.path, *outcome.failure))
            return
        if outcome.iri in used:
            result.warnings.append(
                f"{outcome.path}: has the same reference number or content as "
                f"{used[outcome.iri]}; its document IRI is keyed on its path as well")
            outcome = _rerun(inputs, outcome, config)
            if outcome.failure is not None:
                result.failures.append(Failure(outcome.path, *outcome.failure))
                return
        if store is not None:
            store.put(outcome)
        used[outcome.iri] = outcome.path
        result.warnings.extend(outcome.warnings)
        named = ds.graph(URIRef(outcome.iri))
        triples = list(decode_graph(outcome.triples_json))
        named.addN((s, p, o, named) for s, p, o in triples)
        for subject in {s for s, _, _ in triples}:
            documents_of.setdefault(str(subject), set()).add(outcome.path)
        per_document.append((outcome.results, outcome.report))
        result.documents.append(DocumentSummary(outcome.path, outcome.iri, outcome.entities,
                                                outcome.relations, outcome.triples))
        if on_document:
            on_document(outcome.path)

    def built() -> Iterator[Outcome]:
        for batch in results:
            times.add(batch.seconds)
            yield from batch.outcomes

    fresh = built()
    for found in reused:  # in input order, as a full build would add them
        outcome = found if found is not None else next(fresh)
        with times("merge"):
            add(outcome)
    for _ in fresh:  # nothing is left; this lets the pool shut down and its workers exit
        raise AssertionError("a worker returned more outcomes than it was given documents")
    with times("merge"):
        shared = shared_nodes(ds) if config.validate else set()
        result.warnings += consolidate(ds)
    if config.validate:
        with times("validate"):
            result.validation = split_validation(
                ds, shared, per_document, {k: tuple(sorted(v)) for k, v in documents_of.items()})
    result.seconds = time.perf_counter() - started
    result.stage_seconds = times.seconds
    return result


def _rerun(inputs: Sequence[Path], outcome: Outcome, config: BuildConfig) -> Outcome:
    """Build one document again, found by its relative path, with a path-keyed IRI."""
    for path, relpath in iter_input_files(inputs):
        if relpath == outcome.path:
            return run_batch([(str(path), relpath, None)], config, disambiguate=True).outcomes[0]
    return outcome
