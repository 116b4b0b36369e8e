"""The stages of a build, as the main process runs them (``engine.run`` lists them in order).

A run starts from a state (``state``): an empty one for a full build, the last build's for an
incremental one (the plan's choice, ``plan``). Every stage is the same code for both:

- :func:`read` reads the files the plan names on the executor (or takes their results from the
  cache), in input order;
- :func:`link` links the documents across documents and gives each its IRI: from an empty
  state, every document read (``link.plan_documents``, which applies curation decisions);
  from a saved one, the old versions' aggregates out and the new ones in
  (``link.relink``). Either way, it says which documents to map, and which go;
- :func:`map_and_apply` maps those documents on the executor (or takes their summaries from
  the cache) and, as each comes back, takes its old version out of the state and puts the new
  one in (``State.retract``, ``State.add``); then the state settles (consolidation, the
  checked nodes to validate again);
- :func:`check` validates those nodes again, and makes the one report;
- :func:`finish` gives the result: the spool in path order (the sink the output is written
  from), the summary, the warnings; and saves the state.

A run from a saved state that finds the cache without a record it needs, or a document that
no longer maps, raises ``state.Fallback``: the engine then builds from an empty state."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._curation import load_curation
from .._iri import IriMinter
from .._mapping import document_iri
from ..records import Document
from .check import state_report, validate_again
from .config import BuildConfig
from .executors import MAP_BATCH_SIZE, BatchResult, Executor, batches_of, in_batches
from .link import Linked, ToMap, plan_documents, relink
from .map import MapItem, Mapped, map_batch, map_died, map_key
from .plan import Plan
from .read import Outcome, read_task, warm
from .results import BuildResult, DocumentSummary, Failure
from .spool import Spool, SpoolEntry
from .state import DocState, Fallback, State, discard, save

if TYPE_CHECKING:
    from .._stages import StageTimes
    from .cache import OutcomeCache

__all__ = ["Progress", "Run", "check", "finish", "link", "map_and_apply", "read"]


@dataclass
class Progress:
    """Who is told of a run's progress: each document read, then mapped (``on_document``),
    each stage begun (``on_stage``), each document read (``on_read``, with the document)."""

    on_document: Callable[[str], None] | None = None
    on_stage: Callable[[str], None] | None = None
    on_read: Callable[[Document], None] | None = None

    def document(self, path: str) -> None:
        if self.on_document is not None:
            self.on_document(path)

    def stage(self, name: str) -> None:
        if self.on_stage is not None:
            self.on_stage(name)


@dataclass
class Run:
    """One run of the build: what its stages read and fill in."""

    files: list[tuple[Path, str]]  # the input files, in input order
    plan: Plan
    config: BuildConfig
    cache: OutcomeCache | None
    executor: Executor  # ``executors.InProcess``, ``executors.Processes`` or ``dask.Dask``
    times: StageTimes
    result: BuildResult
    state: State
    spool: Spool
    progress: Progress = field(default_factory=Progress)
    #: whether the state is kept for the next build (the plan's; not when a document was
    #: linked but is not in the graph: the next build is then a full one)
    saves_state: bool = False
    #: the documents read, by path, in input order; the paths read again (read or failed)
    fresh: dict[str, Outcome] = field(default_factory=dict)
    reread: set[str] = field(default_factory=set)

    @property
    def remote(self) -> bool:
        """Whether the workers do not see this machine's files (a Dask cluster): the files'
        bytes go to them, and the triples come back by value."""
        return not self.executor.shares_disk

    @property
    def from_state(self) -> bool:
        """Whether the run started from the last build's state (an incremental build)."""
        return self.plan.start is not None


def read(run: Run) -> None:
    """Read the files of the plan on the executor (those the cache has a result for, from
    it), and go through every input file in input order (see the module docstring)."""
    plan, cache, times = run.plan, run.cache, run.times
    reused: list[Outcome | None] = [None] * len(plan.to_read)
    if cache is not None:
        with times("load"):
            reused = [cache.get_hashed(relpath, plan.hashes[relpath])
                      for _, relpath in plan.to_read]
    todo = [f for f, found in zip(plan.to_read, reused, strict=True) if found is None]
    run.executor.prepare(len(todo), lambda: warm(run.config))
    fresh = _outcomes(run.executor.run(batches_of(todo, with_bytes=run.remote),
                                       read_task(run.config)), times)
    reading = iter(zip(plan.to_read, reused, strict=True))
    upcoming = next(reading, None)
    for file in run.files:  # in input order
        if upcoming is not None and upcoming[0] == file:
            found = upcoming[1]
            _take(run, found if found is not None else next(fresh), found is None)
            upcoming = next(reading, None)
        elif file[1] in run.state.docs:  # unchanged: what reading it said last time
            run.result.warnings.extend(run.state.docs[file[1]].read_warnings)
        else:
            continue
        run.progress.document(file[1])
    for _ in fresh:  # nothing is left
        raise AssertionError("a worker returned more outcomes than it was given documents")


def _take(run: Run, outcome: Outcome, new: bool) -> None:
    """A document read (``new``: not taken from the cache)."""
    result = run.result
    run.reread.add(outcome.path)
    if outcome.failure is not None:
        result.failures.append(Failure(outcome.path, *outcome.failure))
    elif outcome.document is not None and outcome.resolved is not None:
        if run.cache is not None and new:
            run.cache.put(outcome)
        result.warnings.extend(outcome.warnings)
        result.count_ocr(outcome.document)
        run.fresh[outcome.path] = outcome
        if run.progress.on_read is not None:
            run.progress.on_read(outcome.document)


def _outcomes(results: Iterable[BatchResult], times: StageTimes) -> Iterator[Any]:
    for batch in results:
        times.add(batch.seconds)
        yield from batch.outcomes


def link(run: Run) -> Linked:
    """The documents linked across documents: those to map, and those that go."""
    config, state = run.config, run.state
    with run.times("resolve"):
        if run.from_state:
            assert run.cache is not None, "a build from the saved state has a cache"
            cache = run.cache
            retired = set(run.plan.retired)
            gone = [p for p in state.docs if p in run.reread or p in retired]
            linked = relink(state, run.fresh, gone, lambda path: cache.get_hashed(
                path, state.docs[path].content_hash), IriMinter(config.base))
            for path in gone:
                if path not in run.fresh:
                    linked.gone.append(path)
            return linked
        return _link_all(run)


def _link_all(run: Run) -> Linked:
    """Every document read, linked (from an empty state): the full build's linking, which
    applies the curation file's decisions."""
    config, result, state = run.config, run.result, run.state
    curation = load_curation(Path(config.curation) if config.curation else None)
    aggregate: dict[Any, Any] | None = {} if run.saves_state else None
    node_links: dict[Any, Any] = {}
    failed_before = len(result.failures)
    read = [(o.document, o.resolved) for o in run.fresh.values()]
    warnings = {path: tuple(o.warnings) for path, o in run.fresh.items()}
    run.fresh = {}  # what is kept of each document from now on is in ``linked``
    planned = plan_documents(read, result, config.base, curation,  # type: ignore[arg-type]
                             aggregate, node_links)
    del read
    if len(result.failures) > failed_before:
        run.saves_state = False  # a document linked but not planned
    elif aggregate is not None:
        state.nodes, state.node_links = aggregate, node_links
    iris = IriMinter(config.base)
    linked = Linked()
    for p in planned:
        d, r, iri = p.document, p.resolved, str(p.iri)
        linked.said[d.path] = p.warnings
        linked.to_map.append(ToMap(
            MapItem(d, r, iri, p.links, map_key(d.path, d.content_hash, iri, p.links)),
            str(document_iri(d, r, iris)), str(document_iri(d, r, iris, disambiguate=True)),
            warnings.get(d.path, ())))
    return linked


def map_and_apply(run: Run, linked: Linked) -> set[str]:
    """Map the documents ``linked`` says to (on the executor, those the cache has no summary
    of) and, as each comes back, put its new version in the state in place of its old one;
    the documents that go, out. Returns the checked nodes to validate again."""
    cache, state, times = run.cache, run.state, run.times
    recall = cache.recall_mapped if cache is not None else None
    found: dict[str, Mapped] = {}  # the summaries an earlier build made, by map key
    if recall is not None:
        with times("merge"):
            for entry in linked.to_map:
                earlier = recall(entry.item.key)
                if earlier is not None:
                    found[entry.item.key] = earlier
    recalled = set(found)
    todo = [i for i, t in enumerate(linked.to_map) if t.item.key not in found]
    target = None if run.remote else str(run.spool.folder)
    # read from ``linked`` as batches are sent, before the loop below lets each document go
    fresh = _outcomes(run.executor.run(
        in_batches((linked.to_map[i].item for i in todo), MAP_BATCH_SIZE),
        (map_batch, (run.config, target), map_died)), times)
    for position, entry in enumerate(linked.to_map):
        mapped = found.pop(entry.item.key, None) or next(fresh)
        linked.to_map[position] = None  # type: ignore[call-overload]
        with times("merge"):
            _apply(run, entry, mapped, entry.item.key not in recalled)
        run.progress.document(entry.item.document.path)
    for _ in fresh:  # nothing is left; this lets the executor finish
        raise AssertionError("a worker returned more documents than it was given")
    with times("merge"):
        for path in linked.gone:
            state.retract(path, _recalled(run, state.docs[path]), recall)
            run.progress.document(path)
    run.executor.close()  # the workers' memory is given back before the checks
    with times("merge"):
        return state.settle(run.spool.folder, checks=run.config.validate)


def _apply(run: Run, entry: ToMap, mapped: Mapped, remember: bool) -> None:
    """One document mapped: its old version (if any) out of the state, this one in."""
    state, cache = run.state, run.cache
    document, resolved = entry.item.document, entry.item.resolved
    path = document.path
    if mapped.failure is not None:
        if run.from_state:
            raise Fallback(f"{path}: {mapped.failure}")
        run.result.failures.append(Failure(path, *mapped.failure))
        run.saves_state = False  # linked but not in the graph
        return
    if mapped.data is not None:
        run.spool.put(mapped.file, mapped.data)
        mapped.data = None
    if cache is not None and remember:  # mapped now, not recalled
        cache.remember_mapped(mapped)
    old = state.docs.get(path)
    recall = cache.recall_mapped if cache is not None else None
    if old is not None:
        state.retract(path, _recalled(run, old), recall)
    state.add(DocState(
        path, document.content_hash, entry.base_iri, entry.alt_iri, entry.item.doc_iri,
        entry.item.key, mapped.shared_bytes, mapped.lines, mapped.triples, mapped.own_lines,
        len(resolved.clusters), len(resolved.relations), tuple(entry.read_warnings),
        tuple(resolved.dropped), mapped.findings, mapped.findings_nt,
        edit=old.edit if old is not None else None), mapped, recall)


def _recalled(run: Run, doc: DocState) -> Mapped:
    """The summary a document of the state was put in with (from the cache)."""
    m = run.cache.recall_mapped(doc.key) if run.cache is not None else None
    if m is None:
        raise Fallback(f"the cache has no summary of {doc.path}")
    return m


def check(run: Run, again: set[str]) -> None:
    """Validate the checked nodes ``again`` on all their triples; the one report."""
    if not run.config.validate:
        return
    state, folder = run.state, run.spool.folder
    with run.times("validate"):
        validate_again(state.checked, state.tally, lambda path: state.lines(path, folder), again)
        run.result.validation = state_report(state.docs, state.checked, sorted(state.docs))


def finish(run: Run, linked: Linked) -> None:
    """The result, in path order: the spool (the sink the output is written from), the
    summaries and warnings; the state saved for the next build (or the old one removed)."""
    state, cache, result, spool = run.state, run.cache, run.result, run.spool
    order = sorted(state.docs)
    with run.times("merge"):
        for path in sorted(linked.said.keys() | state.docs.keys()):
            result.warnings.extend(linked.said.get(path, ()))
            if path in state.docs:
                result.warnings.extend(f"{path}: {d}" for d in state.docs[path].dropped)
        result.warnings.extend(state.messages())
        for index, path in enumerate(order):
            doc = state.docs[path]
            spool.entries.append(SpoolEntry(path, doc.iri, doc.file, doc.shared_bytes, doc.lines))
            if doc.edit is not None:
                spool.edits[index] = doc.edit
            result.documents.append(DocumentSummary(path, doc.iri, doc.entities, doc.relations,
                                                    doc.triples))
            if cache is not None:
                cache.entries[path] = (doc.content_hash, doc.iri)
                cache.checked.add(doc.key)
        result.counted = state.tally.result()
        result.spool = spool
        if cache is not None and run.saves_state:
            # a rebuild holds little more than the state: a child process writes it meanwhile
            save(state, cache.state_file(), background=run.from_state)
        elif cache is not None:
            discard(cache.state_file())
        if cache is not None:
            cache.incremental = run.from_state
