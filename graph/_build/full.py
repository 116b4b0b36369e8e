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

from .._curation import load_curation
from .._iri import IriMinter
from .._mapping import document_iri
from .._stages import StageTimes
from ..records import Document
from .check import state_report, validate_again
from .config import BuildConfig
from .executors import MAP_BATCH_SIZE, BatchResult, WorkerPool, batches_of, in_batches
from .incremental import rebuild
from .link import PlannedDocument, plan_documents
from .map import MapItem, Mapped, map_batch, map_died, map_key
from .plan import Plan, fall_back
from .read import Outcome, read_task
from .results import BuildResult, DocumentSummary, Failure
from .spool import Spool, SpoolEntry
from .state import DocState, State, discard, save

if TYPE_CHECKING:
    from .._resolve import ResolvedDocument
    from .cache import OutcomeCache

__all__ = ["assemble"]


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
    #: whether the state is kept for the next build (the plan's; not when a document was
    #: linked but is not in the graph: the next build is a full one)
    saves_state: bool = False
    state: State = field(default_factory=State)

    def link(self, read: list[tuple[Document, ResolvedDocument]]) -> list[PlannedDocument]:
        """Step 2: the documents linked across documents, in path order."""
        config, result = self.config, self.result
        curation = load_curation(Path(config.curation) if config.curation else None)
        aggregate: dict[Any, Any] | None = {} if self.saves_state else None
        node_links: dict[Any, Any] = {}
        failed_before = len(result.failures)
        with self.times("resolve"):
            planned = plan_documents(read, result, config.base, curation, aggregate, node_links)
        if len(result.failures) > failed_before:
            self.saves_state = False  # a document linked but not planned
        elif aggregate is not None:
            self.state.nodes, self.state.node_links = aggregate, node_links
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
                    self.saves_state = False  # linked but not in the graph
                else:
                    self._add(p, item, mapped, spool, iris)
            if on_document:
                on_document(p.document.path)

    def _add(self, p: PlannedDocument, item: MapItem, mapped: Mapped, spool: Spool,
             iris: IriMinter) -> None:
        """One document mapped: into the state, the spool and the summary."""
        path, result = p.document.path, self.result
        d, r = p.document, p.resolved
        self.state.add(DocState(
            path, d.content_hash, str(document_iri(d, r, iris)),
            str(document_iri(d, r, iris, disambiguate=True)), str(p.iri), item.key,
            mapped.shared_bytes, mapped.lines, mapped.triples, mapped.own_lines,
            len(r.clusters), len(r.relations), self.read_warnings.get(path, ()),
            tuple(r.dropped), mapped.findings, mapped.findings_nt), mapped)
        result.warnings += [f"{path}: {d}" for d in r.dropped]
        spool.entries.append(SpoolEntry(path, str(p.iri), mapped.file,
                                        mapped.shared_bytes, mapped.lines))
        result.documents.append(DocumentSummary(
            path, str(p.iri), len(r.clusters), len(r.relations), mapped.triples))
        if self.cache is not None:
            self.cache.entries[path] = (d.content_hash, str(p.iri))

    def check(self, spool: Spool) -> None:
        """Steps 4 and 5: consolidate, count, validate the checked nodes; keep the state."""
        times, result, state, cache = self.times, self.result, self.state, self.cache
        validates = self.config.validate
        with times("merge"):
            again = state.settle(spool.folder, checks=validates)
            for index, entry in enumerate(spool.entries):
                edit = state.docs[entry.path].edit
                if edit is not None:
                    spool.edits[index] = edit
            result.warnings += state.messages()
        result.counted = state.tally.result()
        if validates:
            with times("validate"):
                validate_again(state.checked, state.tally,
                               lambda path: state.lines(path, spool.folder), again)
                result.validation = state_report(state.docs, state.checked,
                                                 [e.path for e in spool.entries])
        if self.saves_state and cache is not None:
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
