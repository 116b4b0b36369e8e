"""The parallel build: documents read and mapped by workers, linked and checked here.

1. **Read.** Workers (``read``, ``executors``, ``dask``) load, parse, extract and resolve each
   document: what needs no other document. A build with a cache takes unchanged files' results
   from it instead; an incremental one (the plan's choice, ``plan``) starts from the last
   build's state (``incremental``).
2. **Link.** Here, across *all* documents (``link.plan_documents``, the code of the
   one-process build): one node per entity, and each document's IRI.
3. **Map.** Workers map each document with the links of its clusters, write its triples to the
   spool on disk (``spool``) and validate them a batch at a time against every shape
   (``map``). Only a small summary of each document comes back, so the main process's
   memory does not grow with the corpus's triples.
4. **Consolidate** (``consolidation``): single-valued properties that documents give different
   values get one, by edits to the documents' spooled lines.
5. **Validate the shared nodes**: the nodes that more than one document describes (or that
   consolidation changed, or that two documents of one mapping batch described, whose
   findings were made on both) are validated again, on the triples of all documents about
   them; their per-batch findings are replaced by these. A node that only one document
   describes has the same triples in that document's graph as in the union, so its per-batch
   findings are those a validation of the union would give; so SHACL's cost grows linearly
   with the corpus.

Validation runs pyshacl-turbo where it is installed (``validate.bulk_engine``), pySHACL
otherwise; ``tests/test_parallel.py`` checks that the findings equal pySHACL's on the union.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from .._curation import load_curation
from .._iri import IriMinter
from .._mapping import document_iri
from .._stages import StageTimes
from ..records import Document
from ..validate import ValidationReport, ValidationResult, bulk_engine, validate
from .check import compose_report, findings_by_focus, shared_graph
from .config import BuildConfig
from .consolidation import Consolidation
from .executors import MAP_BATCH_SIZE, BatchResult, WorkerPool, batches_of, in_batches
from .incremental import rebuild
from .link import PlannedDocument, plan_documents
from .map import MapItem, Mapped, map_batch, map_died, map_key
from .plan import Plan, fall_back
from .read import Outcome, read_task
from .results import BuildResult, DocumentSummary, Failure, counts
from .spool import Edit, Spool, SpoolEntry
from .state import DocState, State, add_mapped, discard, finish_full, save

if TYPE_CHECKING:
    from .._resolve import ResolvedDocument
    from .cache import OutcomeCache

__all__ = ["assemble"]


@dataclass
class _Tally:
    """What the main process keeps of each mapped document, for the summary and the checks."""

    first_doc: dict[str, int] = field(default_factory=dict)  # subject -> first document
    docs_of: dict[str, list[int]] = field(default_factory=dict)  # subjects in 2+ documents
    typed: dict[str, set[str]] = field(default_factory=dict)
    digests: list[bytes] = field(default_factory=list)  # one blob of digests per document
    relation_digests: list[bytes] = field(default_factory=list)
    own_lines: int = 0
    findings: list[tuple[list[ValidationResult], bytes]] = field(default_factory=list)
    mixed: set[str] = field(default_factory=set)  # subjects two documents of a batch described

    def add(self, index: int, mapped: Mapped) -> None:
        for subject in mapped.subjects:
            first = self.first_doc.setdefault(subject, index)
            if first != index:
                docs = self.docs_of.setdefault(subject, [first])
                if docs[-1] != index:
                    docs.append(index)
        for kind, subject in mapped.typed:
            self.typed.setdefault(kind, set()).add(subject)
        self.digests.append(mapped.digests)
        self.relation_digests.append(mapped.relation_digests)
        self.own_lines += mapped.own_lines
        self.mixed.update(mapped.mixed)
        if mapped.findings:
            self.findings.append((mapped.findings, mapped.findings_nt))

    def counted(self) -> dict[str, object]:
        """The figures ``results.graph_stats`` gives of the union, from the tallies."""
        import numpy as np

        def distinct(blobs: list[bytes]) -> int:
            data = b"".join(blobs)
            return len(np.unique(np.frombuffer(data, dtype=np.uint64))) if data else 0

        return counts(((kind, s) for kind, subjects in self.typed.items() for s in subjects),
                      distinct(self.relation_digests), self.own_lines + distinct(self.digests))


def _report(tally: _Tally, spool: Spool, shared: set[str], documents_of: dict[str, tuple[str, ...]],
            state: Any = None) -> ValidationReport:
    """One report: the per-batch findings about nodes not in ``shared``, and a validation of the
    ``shared`` nodes on all their triples (their lines and findings go to ``state``)."""
    results: list[ValidationResult] = []
    sources: list[tuple[Graph | bytes, Callable[[str], bool]]] = []
    names = {s[1:-1] for s in shared}
    for found, nt in tally.findings:
        kept = [r for r in found if r.focus not in names]
        if kept:
            results += kept
            sources.append((nt, lambda f: f not in names))
    if shared:
        docs = sorted({i for s in shared for i in tally.docs_of.get(s, [tally.first_doc[s]])})
        final = validate(shared_graph(spool, shared, docs,
                                       state.store_line if state is not None else None),
                         documents_of=documents_of, engine=bulk_engine(), focus=sorted(names))
        if state is not None:
            state.node_findings = findings_by_focus(final, shared)
        sources.append((final.graph, lambda f: f in names))
        results += [r for r in final.results if r.focus in names]
    return compose_report(results, sources)


def assemble(
    files: list[tuple[Path, str]],
    plan: Plan,
    config: BuildConfig,
    *,
    workers: int = 1,
    dask_address: str | None = None,
    on_document: Callable[[str], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
    cache: OutcomeCache | None = None,
    on_read: Callable[[Document], None] | None = None,
    skipped: Sequence[Failure] = (),
) -> BuildResult:
    """Build the input ``files`` as ``plan`` says: from the state it starts from
    (``incremental``), else read ``plan.to_read`` with worker processes (or a Dask cluster),
    link them here, map and validate them in the workers, and check the nodes they share (see
    the module docstring). ``on_read(document)`` is called here with each document read;
    ``skipped`` are the files left out while the inputs were walked."""
    started = time.perf_counter()
    times = StageTimes()
    result = BuildResult(None, base=config.base, failures=list(skipped))
    if plan.start is not None:
        assert cache is not None, "a build from the saved state has a cache"
        why = rebuild(files, plan, config, cache, workers, times, result, on_document,
                      on_stage or (lambda _: None))
        if why is None:
            result.reason = plan.reason
            result.seconds = time.perf_counter() - started
            result.stage_seconds = times.seconds
            return result
        plan = fall_back(plan, files, why)
    result.reason = plan.reason
    files = list(plan.to_read)
    #: per file to read, in order: its cached outcome, or None when it is to be read
    reused: list[Outcome | None] = [None] * len(files)
    if cache is not None:
        with times("load"):
            reused = [cache.get_hashed(relpath, plan.hashes[relpath]) for _, relpath in files]
        files = [f for f, found in zip(files, reused, strict=True) if found is None]
    pool: Any
    if dask_address is not None:
        from .dask import DaskPool

        pool = DaskPool(dask_address)
    else:
        pool = WorkerPool(workers)
        if workers > 1 and files:
            from .._nlp import load_pipeline

            load_pipeline(config.model)  # once, before the workers fork (they share it)
    try:
        read_warnings: dict[str, tuple[str, ...]] = {}
        read = _read(files, reused, pool, config, dask_address is not None, times, result,
                     on_document, cache, read_warnings, on_read)
        spool = _map(read, pool, _Assembly(config, times, result, cache, read_warnings,
                                           plan.saves_state and cache is not None),
                     dask_address is not None, on_document, on_stage or (lambda _: None))
        pool.close()
    except BaseException:
        pool.abandon()
        raise
    result.spool = spool
    result.seconds = time.perf_counter() - started
    result.stage_seconds = times.seconds
    return result


def _read(files: list[tuple[Path, str]], reused: list[Outcome | None], pool: Any,
          config: BuildConfig, remote: bool, times: StageTimes, result: BuildResult,
          on_document: Callable[[str], None] | None, cache: OutcomeCache | None,
          read_warnings: dict[str, tuple[str, ...]],
          on_read: Callable[[Document], None] | None = None,
          ) -> list[tuple[Document, ResolvedDocument]]:
    """Step 1: every document's Document and ResolvedDocument, in input order (and each
    one's warnings, in ``read_warnings``; each Document goes to ``on_read``)."""
    results = pool.run(batches_of(files, with_bytes=remote), read_task(config))

    def built() -> Iterator[Outcome]:
        for batch in results:
            times.add(batch.seconds)
            yield from batch.outcomes

    read: list[tuple[Document, ResolvedDocument]] = []
    fresh = built()
    for found in reused:  # in input order, as a one-process build reads them
        outcome = found if found is not None else next(fresh)
        if outcome.failure is not None:
            result.failures.append(Failure(outcome.path, *outcome.failure))
        elif outcome.document is not None and outcome.resolved is not None:
            if cache is not None and found is None:
                cache.put(outcome)
            result.warnings.extend(outcome.warnings)
            result.count_ocr(outcome.document)
            read_warnings[outcome.path] = tuple(outcome.warnings)
            read.append((outcome.document, outcome.resolved))
            if on_read is not None:
                on_read(outcome.document)
        if on_document:
            on_document(outcome.path)
    for _ in fresh:  # nothing is left
        raise AssertionError("a worker returned more outcomes than it was given documents")
    return read


@dataclass
class _Assembly:
    """Steps 2 to 5 of a full build, over the documents read (see the module docstring); when
    the plan says so, the state an incremental rebuild starts from is kept as well
    (``state``)."""

    config: BuildConfig
    times: StageTimes
    result: BuildResult
    cache: OutcomeCache | None
    read_warnings: dict[str, tuple[str, ...]]
    saves_state: bool = False  # whether the state is kept for the next build (the plan's)
    state: State | None = None
    tally: _Tally = field(default_factory=_Tally)
    consolidation: Consolidation = field(default_factory=Consolidation)

    def link(self, read: list[tuple[Document, ResolvedDocument]]) -> list[PlannedDocument]:
        """Step 2: the documents linked across documents, in path order."""
        config, result = self.config, self.result
        curation = load_curation(Path(config.curation) if config.curation else None)
        state = State() if self.saves_state else None
        aggregate: dict[Any, Any] | None = {} if state is not None else None
        node_links: dict[Any, Any] = {}
        failed_before = len(result.failures)
        with self.times("resolve"):
            planned = plan_documents(read, result, config.base, curation, aggregate, node_links)
        if state is not None:
            if len(result.failures) > failed_before:
                state = None  # a document linked but not planned: a full build next time
            else:
                assert aggregate is not None
                state.nodes, state.node_links = aggregate, node_links
        self.state = state
        return planned

    def keys(self, planned: list[PlannedDocument]) -> tuple[list[MapItem], dict[str, Mapped]]:
        """Each document to map, with its key; those an earlier build mapped, by key."""
        items: list[MapItem] = []
        found: dict[str, Mapped] = {}
        with self.times("merge"):
            for p in planned:
                key = map_key(p.document.path, p.document.content_hash, str(p.iri), p.links)
                items.append(MapItem(p.document, p.resolved, str(p.iri), p.links, key))
                if self.cache is not None:
                    earlier = self.cache.recall_mapped(key)
                    if earlier is not None:
                        found[key] = earlier
        return items, found

    def collect(self, planned: list[PlannedDocument], items: list[MapItem],
                found: dict[str, Mapped], fresh: Iterator[Mapped], spool: Spool,
                on_document: Callable[[str], None] | None) -> None:
        """Step 3's results, in path order, each document as soon as it is mapped; what is
        kept of it afterwards is its spool entry and tallies (its records are let go)."""
        reused = set(found)
        iris = IriMinter(self.config.base)
        for position, (p, item) in enumerate(zip(planned, items, strict=True)):
            mapped = found.pop(item.key, None) or next(fresh)
            planned[position] = items[position] = None  # type: ignore[call-overload]
            with self.times("merge"):
                if mapped.failure is None and mapped.data is not None:
                    spool.put(mapped.file, mapped.data)
                    mapped.data = None
                if (self.cache is not None and mapped.failure is None
                        and item.key not in reused):
                    self.cache.remember_mapped(mapped)
                self.result.warnings += p.warnings
                if mapped.failure is not None:
                    self.result.failures.append(Failure(p.document.path, *mapped.failure))
                    self.state = None  # linked but not in the graph: a full build next time
                else:
                    self._add(p, item, mapped, spool, iris)
            if on_document:
                on_document(p.document.path)

    def _add(self, p: PlannedDocument, item: MapItem, mapped: Mapped, spool: Spool,
             iris: IriMinter) -> None:
        """One document mapped: into the state, the spool, the summary and the tallies."""
        path, result, state = p.document.path, self.result, self.state
        if state is not None:
            d, r = p.document, p.resolved
            state.docs[path] = DocState(
                path, d.content_hash, str(document_iri(d, r, iris)),
                str(document_iri(d, r, iris, disambiguate=True)), str(p.iri), item.key,
                mapped.shared_bytes, mapped.lines, mapped.triples, mapped.own_lines,
                len(r.clusters), len(r.relations), self.read_warnings.get(path, ()),
                tuple(r.dropped), mapped.findings, mapped.findings_nt)
            add_mapped(state, path, mapped)
        result.warnings += [f"{path}: {d}" for d in p.resolved.dropped]
        index = len(spool.entries)
        spool.entries.append(SpoolEntry(path, str(p.iri), mapped.file,
                                        mapped.shared_bytes, mapped.lines))
        result.documents.append(DocumentSummary(
            path, str(p.iri), len(p.resolved.clusters), len(p.resolved.relations),
            mapped.triples))
        if self.cache is not None:
            self.cache.entries[path] = (p.document.content_hash, str(p.iri))
        self.tally.add(index, mapped)
        self.consolidation.add(index, mapped.values)

    def check(self, spool: Spool) -> None:
        """Steps 4 and 5: consolidate, count, validate the shared nodes; keep the state."""
        times, result = self.times, self.result
        tally, consolidation = self.tally, self.consolidation
        state, cache = self.state, self.cache
        with times("merge"):
            spool.edits, messages = consolidation.edits()
            result.warnings += messages
            for index, edit in spool.edits.items():  # recount what the edits changed
                tally.digests[index] = _recount(tally.digests[index], edit)
        result.counted = tally.counted()
        shared = set(tally.docs_of) | consolidation.changed | tally.mixed
        paths = [e.path for e in spool.entries]
        if state is not None:
            with times("merge"):
                finish_full(state, paths, tally.digests, tally.relation_digests,
                            consolidation.table, consolidation.lexical, consolidation.parts,
                            consolidation.changed, shared)
                for index, edit in spool.edits.items():
                    state.docs[paths[index]].edit = edit
        if self.config.validate:
            with times("validate"):
                documents_of = {
                    s[1:-1]: tuple(sorted(paths[i] for i in
                                          tally.docs_of.get(s, [tally.first_doc[s]])))
                    for s in shared if s in tally.first_doc}
                result.validation = _report(tally, spool, shared, documents_of, state)
        if state is not None and cache is not None:
            with times("merge"):
                save(state, cache.state_file())
        elif cache is not None:
            discard(cache.state_file())


def _map(read: list[tuple[Document, ResolvedDocument]], pool: Any, run: _Assembly,
         remote: bool, on_document: Callable[[str], None] | None,
         on_stage: Callable[[str], None]) -> Spool:
    """Steps 2 to 5: link, map (in the workers), consolidate, validate the shared nodes; with
    a cache, keep the state an incremental rebuild starts from (``incremental``)."""
    config, times, cache = run.config, run.times, run.cache
    on_stage("linking")
    planned = run.link(read)
    del read
    if cache is not None:
        spool = Spool(cache.graphs_dir(), index_file=cache.written_file())
    else:
        spool = Spool.temporary()
    items, found = run.keys(planned)
    todo = [i for i, item in enumerate(items) if item.key not in found]
    on_stage("mapping")
    target = None if remote else str(spool.folder)
    # read from ``items`` as batches are sent, before the loop below lets each item go
    fresh = _mapped(pool.run(in_batches((items[i] for i in todo), MAP_BATCH_SIZE),
                             (map_batch, (config, target), map_died)), times)
    run.collect(planned, items, found, fresh, spool, on_document)
    for _ in fresh:  # nothing is left; this lets the pool finish
        raise AssertionError("a worker returned more documents than it was given")
    pool.close()  # the workers' memory is given back before the checks (10,000 documents: 0.5 GB)
    on_stage("checking")
    run.check(spool)
    return spool


def _mapped(results: Iterable[BatchResult], times: StageTimes) -> Iterator[Mapped]:
    for batch in results:
        times.add(batch.seconds)
        yield from batch.outcomes


def _recount(digests: bytes, edit: Edit) -> bytes:
    """The digests of a document's shared lines (``map``) once ``edit`` is applied (edits
    touch names, labels, dates and alternate names, never relations)."""
    import numpy as np

    from .._ntriples import line_digest

    def array(data: bytes) -> Any:
        return np.frombuffer(data, dtype=np.uint64)

    removed = array(b"".join(line_digest(line) for line in edit.remove))
    added = array(b"".join(line_digest(line) for line in edit.add))
    return bytes(np.union1d(np.setdiff1d(array(digests), removed), added).tobytes())
