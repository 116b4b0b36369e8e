"""Where the stages of a build run: batches of work items, and the workers that run them.

A stage (``read.read_task``, the map stage of ``map``) is a :data:`Task`: a function run on a
batch of items in a worker, which sends back a :class:`BatchResult`. The main process links
all documents across documents between the two stages, so a parallel build gives the graph a
one-process build gives.

:class:`Executor` is what a run asks of where its stages run; three kinds satisfy it.
:class:`InProcess` runs batches of a task here, one after another: a one-process build.
:class:`Processes` runs batches of a task in a process pool and yields results in input order
(``dask.Dask`` does the same on a Dask cluster).
A worker that dies (``os._exit``, a signal, a crash in native code) breaks the pool: the items
that were in flight are then run again one at a time in a fresh one-process pool, so the
document that kills its worker is found and reported, and only that document is lost.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .._stages import StageTimes

__all__ = ["BATCH_SIZE", "MAP_BATCH_SIZE", "WORKER_DIED", "BatchResult", "Executor", "InProcess",
           "Item", "Processes", "Task", "batches_of", "default_workers", "in_batches"]

#: A file to build: (path to read, or None when ``data`` is given; relative path; file bytes).
Item = tuple[str | None, str, bytes | None]

WORKER_DIED = ("its worker process died while building it (killed, out of memory, or a crash "
               "in native code); the other documents were built. Build it alone to see why")


@dataclass
class BatchResult:
    """A batch's results (Outcomes when reading, ``map.Mapped`` when mapping) and the
    CPU seconds of its stages."""

    outcomes: list[Any]
    seconds: dict[str, float]


def _context() -> multiprocessing.context.BaseContext | None:
    # fork: workers inherit the loaded spaCy pipeline and every registered extractor and loader
    return (multiprocessing.get_context("fork")
            if "fork" in multiprocessing.get_all_start_methods() else None)


#: A task a pool runs: ``func(batch, *args)`` -> BatchResult, and the result to give for a
#: batch of one item whose worker died.
Task = tuple[Callable[..., BatchResult], tuple[Any, ...], Callable[[Sequence[Any]], BatchResult]]


class Executor(Protocol):
    """Where the per-document stages of a run (reading, mapping) run: :class:`InProcess`,
    :class:`Processes` or ``dask.Dask``. The run's stages call :meth:`prepare` before reading,
    :meth:`run` once for each stage, :meth:`close` when the documents are mapped (the workers'
    memory given back before the checks) and :meth:`abandon` when the run is interrupted."""

    #: whether the workers see this machine's files: the input files and the spool folder
    #: (else the files' bytes go to the workers, and the triples come back by value)
    shares_disk: bool

    def prepare(self, items: int, warm: Callable[[], object]) -> None:
        """Before ``items`` documents are read; ``warm()`` loads, in the calling process, what
        reading and mapping them needs (the spaCy pipeline, the extractors' data)."""

    def run(self, batches: Iterable[Sequence[Any]], task: Task) -> Iterator[BatchResult]:
        """The results of ``task`` over ``batches``, in input order; a batch whose worker dies
        gives ``task``'s result for a lost item for each item it holds that cannot be run."""
        ...

    def close(self) -> None:
        """Let the workers go, once what was asked is done."""

    def abandon(self) -> None:
        """Let the workers go at once (the run was interrupted)."""


class InProcess:
    """Batches of a task run in this process, in order, as they are asked for: a one-process
    build, with no worker to start. A batch that raises stops the build, as any bug here
    does (the tasks turn a document's failure into its outcome)."""

    shares_disk = True

    def prepare(self, items: int, warm: Callable[[], object]) -> None:
        """Nothing to prepare: what reading needs is loaded here when the first batch is read."""

    def run(self, batches: Iterable[Sequence[Any]], task: Task) -> Iterator[BatchResult]:
        """The results of ``task`` over ``batches``, in order."""
        func, args, _ = task
        for batch in batches:
            yield func(batch, *args)

    def close(self) -> None:
        """Nothing to close."""

    abandon = close


class Processes:
    """Worker processes that run batches of a task and yield their results in input order, at
    most ``2 * workers`` batches in flight; with one worker, or ``few`` batches or fewer (no
    worker is worth starting for them), batches run in this process.

    The same processes serve every task of a build (reading, then mapping), so they are forked
    once, before the main process holds the corpus's results."""

    shares_disk = True

    def __init__(self, workers: int, *, few: int = 0) -> None:
        self.workers = workers
        self.few = few
        self._pool: ProcessPoolExecutor | None = None
        self._frozen = False

    def prepare(self, items: int, warm: Callable[[], object]) -> None:
        """Before ``items`` documents are read: when workers are to be forked for them, load
        what they need here first (``warm()``: the spaCy pipeline, the extractors' word lists
        and models, the compiled shapes), once, so that they share it rather than each load
        its own (about 1 s of CPU a worker)."""
        if self.workers > 1 and items > self.few * BATCH_SIZE and self._pool is None:
            warm()
            if not gc.get_freeze_count():  # (a build from a saved state froze its own)
                gc.freeze()  # what was loaded stays out of this process's collections
                self._frozen = True

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # each worker keeps what it inherits out of its garbage collector's scans
            self._pool = ProcessPoolExecutor(self.workers, mp_context=_context(),
                                             initializer=gc.freeze)
        return self._pool

    def _discard(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        """Let the workers exit (their CPU time is then counted as this process's children's)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        self._thaw()

    def _thaw(self) -> None:
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

    def abandon(self) -> None:
        """Interrupted (Ctrl-C): do not wait for the workers."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._thaw()

    def _isolated(self, items: Sequence[Any], task: Task) -> Iterator[BatchResult]:
        """Run ``items`` one at a time in a one-process pool, so a death names its item."""
        func, args, died = task
        pool = ProcessPoolExecutor(1, mp_context=_context())
        try:
            for item in items:
                try:
                    yield pool.submit(func, [item], *args).result()
                except BrokenProcessPool:
                    yield died([item])
                    pool.shutdown(wait=True, cancel_futures=True)
                    pool = ProcessPoolExecutor(1, mp_context=_context())
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def run(self, batches: Iterable[Sequence[Any]], task: Task) -> Iterator[BatchResult]:
        """The results of ``task`` over ``batches``, in order. A worker that dies breaks the
        pool: what finished is kept, and the batches in flight are run again one item at a
        time in a fresh one-process pool, so only the item that kills its worker is lost."""
        func, args, _ = task
        if self.few and self.workers > 1:
            batches = list(batches)
            if len(batches) <= self.few:
                yield from (func(batch, *args) for batch in batches)
                return
        if self.workers <= 1:
            for batch in batches:
                yield func(batch, *args)
            return
        pending: deque[tuple[Sequence[Any], Future[BatchResult]]] = deque()
        source = iter(batches)
        while True:
            for batch in source:
                pending.append((batch, self._executor().submit(func, batch, *args)))
                if len(pending) >= 2 * self.workers:
                    break
            if not pending:
                return
            batch, future = pending.popleft()
            try:
                yield future.result()
                continue
            except BrokenProcessPool:
                pass
            suspects = [(batch, future), *pending]
            pending.clear()
            self._discard()
            for items, done in suspects:
                if done.done() and not done.cancelled() and done.exception() is None:
                    yield done.result()
                    continue
                outcomes: list[Any] = []
                seconds = StageTimes()
                for one in self._isolated(items, task):
                    outcomes += one.outcomes
                    seconds.add(one.seconds)
                yield BatchResult(outcomes, seconds.seconds)


def default_workers() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


#: Documents per reading task: enough for spaCy to batch, few enough to spread over workers.
BATCH_SIZE = 8


#: Documents per mapping task (validated in one SHACL run).
MAP_BATCH_SIZE = 16


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


def in_batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
