"""The build engine: :func:`run`, the stages of a build in order (``stages``).

A full build is a rebuild from an empty state: the plan (``plan``) says where a run starts
(an empty state, or the last build's) and which files it reads; every stage is then the same
code. The executor (this process, local worker processes, or a Dask cluster; an
``executors.Executor``) is a parameter of the run, as is the sink (``sinks``: the spool kept
for the caller, a file, or a store): a build in one process without a cache is a run like any
other, on ``executors.InProcess`` and a temporary spool, and a build into a store is the same
run with the store as its sink."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .._stages import StageTimes
from ..records import Document
from .config import BuildConfig
from .executors import Executor, InProcess, Processes
from .plan import Plan, fall_back
from .results import BuildResult, Failure
from .sinks import Sink, Spooled
from .stages import Progress, Run, check, finish, link, map_and_apply, read
from .state import Fallback, State
from .written import Ahead

if TYPE_CHECKING:
    from .cache import OutcomeCache

__all__ = ["run"]

#: Batches a rebuild runs in this process rather than start workers for.
FEW = 2


def run(
    files: list[tuple[Path, str]],
    plan: Plan,
    config: BuildConfig,
    *,
    workers: int = 1,
    dask_address: str | None = None,
    cache: OutcomeCache | None = None,
    on_document: Callable[[str], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
    on_read: Callable[[Document], None] | None = None,
    skipped: Sequence[Failure] = (),
    sink: Sink | None = None,
) -> BuildResult:
    """Build the input ``files`` as ``plan`` says, in this process (``workers`` 1), with
    ``workers`` processes or on the Dask cluster at ``dask_address``, reusing what ``cache``
    holds (without one, the triples are spooled to a temporary folder), and hand the graph to
    ``sink`` (by default, the result keeps the spool: ``sinks.Spooled``). ``on_document(path)`` is
    called as each document is read and again as it is mapped (after ``on_stage("mapping")``),
    ``on_read(document)`` with each document read; ``skipped`` are the files left out while
    the inputs were walked. A run from the last build's state that cannot go on
    (``state.Fallback``) is followed by a full one."""
    started, times = time.perf_counter(), StageTimes()
    progress = Progress(on_document, on_stage, on_read)
    sink = sink if sink is not None else Spooled()
    while True:
        build = _run(files, plan, config, cache, _executor(plan, workers, dask_address),
                     sink, times, progress, skipped)
        try:
            with _held(build):
                read(build)  # on the executor
                progress.stage("linking")
                linked = link(build)
                progress.stage("mapping")
                again = map_and_apply(build, linked)  # map on the executor, apply to the state
                progress.stage("checking")
                check(build, again)
                finish(build, linked)  # the spool in path order, the state saved, the result
            break
        except Fallback as why:
            plan = fall_back(plan, files, str(why))
    result = build.result
    result.seconds = time.perf_counter() - started
    result.stage_seconds = times.seconds
    sink.write(result)  # the file or the store written (not counted in the build's seconds)
    return result


def _executor(plan: Plan, workers: int, dask_address: str | None) -> Executor:
    """Where the run's per-document stages run: the one place that chooses."""
    if dask_address is not None:
        from .dask import Dask

        return Dask(dask_address)
    if workers <= 1:
        return InProcess()
    # a rebuild's few batches run here, with no worker to start
    return Processes(workers, few=FEW if plan.start is not None else 0)


def _run(files: list[tuple[Path, str]], plan: Plan, config: BuildConfig,
         cache: OutcomeCache | None, executor: Executor, sink: Sink, times: StageTimes,
         progress: Progress, skipped: Sequence[Failure]) -> Run:
    """A run of ``plan`` on ``executor``: the state it starts from, its spool (the sink's)."""
    result = BuildResult(None, base=config.base, failures=list(skipped), reason=plan.reason)
    return Run(list(files), plan, config, cache, executor, times, result,
               plan.start if plan.start is not None else State(), sink.spool(cache), progress,
               saves_state=plan.saves_state and cache is not None)


@contextmanager
def _held(build: Run) -> Iterator[None]:
    """The run's executor closed at its end (abandoned when interrupted). A run from the last
    build's state keeps that state out of the cyclic garbage collector's sight (millions of
    objects, none of them garbage: scanning them again and again cost 0.4 s a pass at 10,000
    documents), and has the last output copied ahead meanwhile, for writing the new one
    (``written.Ahead``)."""
    collecting = gc.isenabled()
    ahead: Ahead | None = None
    if build.from_state:
        assert build.cache is not None, "a build from the saved state has a cache"
        gc.disable()
        gc.freeze()  # loading spaCy turns the collector back on: frozen, the state stays out
        ahead = Ahead(build.cache.written_file())
    try:
        yield
        build.executor.close()
        if ahead is not None:
            build.spool.ahead, ahead = ahead, None
    except BaseException:
        build.executor.abandon()
        raise
    finally:
        if ahead is not None:
            ahead.discard()
        if build.from_state:
            gc.unfreeze()
            if collecting:
                gc.enable()
            else:
                gc.disable()
