"""The build engine: :func:`run`, the stages of a build in order (``stages``).

A full build is a rebuild from an empty state: the plan (``plan``) says where a run starts
(an empty state, or the last build's) and which files it reads; every stage is then the same
code. The executor (this process, local worker processes, or a Dask cluster) is a parameter
of the run, as is the sink (the spool the output is written from, in a cache or a temporary
folder): a build in one process without a cache is a run like any other, on
``executors.InProcess`` and a temporary spool."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._stages import StageTimes
from ..records import Document
from .config import BuildConfig
from .executors import InProcess, WorkerPool
from .plan import Plan, fall_back
from .results import BuildResult, Failure
from .spool import Spool
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
) -> BuildResult:
    """Build the input ``files`` as ``plan`` says, in this process (``workers`` 1), with
    ``workers`` processes or on the Dask cluster at ``dask_address``, reusing what ``cache``
    holds (without one, the triples are spooled to a temporary folder). ``on_document(path)`` is
    called as each document is read and again as it is mapped (after ``on_stage("mapping")``),
    ``on_read(document)`` with each document read; ``skipped`` are the files left out while
    the inputs were walked. A run from the last build's state that cannot go on
    (``state.Fallback``) is followed by a full one."""
    started, times = time.perf_counter(), StageTimes()
    progress = Progress(on_document, on_stage, on_read)
    while True:
        build = _run(files, plan, config, cache, workers, dask_address, times, progress, skipped)
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
    return result


def _run(files: list[tuple[Path, str]], plan: Plan, config: BuildConfig,
         cache: OutcomeCache | None, workers: int, dask_address: str | None,
         times: StageTimes, progress: Progress, skipped: Sequence[Failure]) -> Run:
    """A run of ``plan``: its executor, the state it starts from, its spool."""
    executor: Any
    if dask_address is not None:
        from .dask import DaskPool

        executor = DaskPool(dask_address)
    elif workers <= 1:
        executor = InProcess()
    else:  # a rebuild's few batches run here, with no worker to start
        executor = WorkerPool(workers, few=FEW if plan.start is not None else 0)
    if cache is not None:
        spool = Spool(cache.graphs_dir(), index_file=cache.written_file())
    else:
        spool = Spool.temporary()
    result = BuildResult(None, base=config.base, failures=list(skipped), reason=plan.reason)
    return Run(list(files), plan, config, cache, executor, dask_address is not None, times,
               result, plan.start if plan.start is not None else State(), spool, progress,
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
