"""Reading documents in worker processes: each batch of files in, compact results out.

A worker loads, parses (spaCy ``nlp.pipe`` over the whole batch), extracts and resolves each
document of its batch (all that needs no other document) and sends back an :class:`Outcome` per
document: the :class:`~graph.records.Document` and its :class:`~graph._resolve.ResolvedDocument`
(plain picklable records, no rdflib or spaCy objects), its warnings and its failure, if any. The
main process then links all documents across documents, and the workers map and validate them
(``_assemble``, ``_mapwork``), so a parallel build gives the graph a one-process build gives.

:class:`WorkerPool` runs batches of a task in a process pool and yields results in input order.
A worker that dies (``os._exit``, a signal, a crash in native code) breaks the pool: the items
that were in flight are then run again one at a time in a fresh one-process pool, so the
document that kills its worker is found and reported, and only that document is lost.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph
from rdflib.term import Node

from ._errors import InputError, KgError, UnsupportedFormat
from ._namespaces import SH
from ._resolve import ResolvedDocument
from ._scan import OcrSettings, ocr_settings
from ._stages import StageTimes
from .records import Document

__all__ = [
    "BatchResult", "BuildConfig", "Item", "Outcome", "Task", "WorkerPool", "copy_result",
    "default_workers", "read_task", "run_batch",
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
    authority: tuple[str, ...] = ()  # the user's authority files (absolute paths)
    curation: str | None = None  # the curation file (absolute path)
    min_confidence: float = 0.0  # relations scored below this are left out
    ocr: str = "auto"  # never | auto | always (see _scan)
    ocr_lang: str | None = None  # Tesseract language data; None: the document's language
    #: the OCR page cache folder (absolute path); not part of the build cache's fingerprint
    ocr_cache: str | None = None

    @classmethod
    def of(cls, base: str, extractor_names: Sequence[str] | None, model: str | None,
           validate: bool = True, authority: Sequence[Path] = (),
           curation: Path | None = None, min_confidence: float = 0.0,
           ocr: OcrSettings | None = None) -> BuildConfig:
        """The configuration of ``pipeline.build``'s arguments (paths made absolute)."""
        ocr = ocr or OcrSettings()
        return cls(base, tuple(extractor_names) if extractor_names else None, model, validate,
                   tuple(str(Path(a).resolve()) for a in authority),
                   str(Path(curation).resolve()) if curation else None, min_confidence,
                   ocr.mode, ocr.lang, str(Path(ocr.cache).resolve()) if ocr.cache else None)

    @property
    def ocr_settings(self) -> OcrSettings:
        return OcrSettings(self.ocr, self.ocr_lang, self.ocr_cache)


@dataclass
class Outcome:
    """One document's result, as a worker sends it back."""

    path: str
    content_hash: str = ""
    document: Document | None = None
    resolved: ResolvedDocument | None = None
    warnings: list[str] = field(default_factory=list)
    failure: tuple[str, str] | None = None  # (stage, reason)


@dataclass
class BatchResult:
    """A batch's results (Outcomes when reading, ``_mapwork.Mapped`` when mapping) and the
    CPU seconds of its stages."""

    outcomes: list[Any]
    seconds: dict[str, float]


@cache
def _apart(curation: str | None) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """The names a curation file keeps apart (read once per process)."""
    from ._curation import load_curation

    return tuple(load_curation(Path(curation) if curation else None).apart_names())


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


def run_batch(items: Sequence[Item], config: BuildConfig) -> BatchResult:
    """Read the documents of one batch (in this process) and return their outcomes in order."""
    from . import extract as _builtins  # noqa: F401  (registers the built-in extractors)
    from ._gazetteer import authority_files
    from ._nlp import process
    from .pipeline import read_document
    from .registry import extractors

    times = StageTimes()
    outcomes: dict[int, Outcome] = {}
    documents: list[tuple[int, Document]] = []
    with authority_files([Path(a) for a in config.authority]):
        # looked up on every batch: an extractor may have been registered since the last one
        specs = extractors.ordered(list(config.extractor_names)
                                   if config.extractor_names is not None else None)
        apart = _apart(config.curation)
        with (tempfile.TemporaryDirectory(prefix="kg-") as scratch, times("load"),
              ocr_settings(config.ocr_settings)):
            for i, item in enumerate(items):
                loaded = _load(item, Path(scratch))
                if isinstance(loaded, Outcome):
                    outcomes[i] = loaded
                else:
                    documents.append((i, loaded))
        parsed = process((d for _, d in documents), model=config.model)
        for i, _ in documents:
            with times("nlp"):
                pdoc = next(parsed)
            path = pdoc.document.path
            warnings: list[str] = []
            try:
                resolved = read_document(pdoc, specs, apart, config.model, warnings, times,
                                         config.min_confidence)
            except KgError as exc:
                outcomes[i] = Outcome(path, failure=("extract", str(exc)))
                continue
            except Exception as exc:  # an extractor bug loses one document, not the build
                outcomes[i] = Outcome(path, failure=("extract", f"internal error: {exc!r}"))
                continue
            outcomes[i] = Outcome(path, pdoc.document.content_hash, pdoc.document, resolved,
                                  warnings)
    return BatchResult([outcomes[i] for i in range(len(items))], times.seconds)


def _died(items: Sequence[Item]) -> BatchResult:
    return BatchResult([Outcome(relpath, failure=("worker", WORKER_DIED))
                        for _, relpath, _ in items], {})


def _context() -> multiprocessing.context.BaseContext | None:
    # fork: workers inherit the loaded spaCy pipeline and every registered extractor and loader
    return (multiprocessing.get_context("fork")
            if "fork" in multiprocessing.get_all_start_methods() else None)


#: A task a pool runs: ``func(batch, *args)`` -> BatchResult, and the result to give for a
#: batch of one item whose worker died.
Task = tuple[Callable[..., BatchResult], tuple[Any, ...], Callable[[Sequence[Any]], BatchResult]]


class WorkerPool:
    """Worker processes that run batches of a task and yield their results in input order, at
    most ``2 * workers`` batches in flight; with one worker, batches run in this process.

    The same processes serve every task of a build (reading, then mapping), so they are forked
    once, before the main process holds the corpus's results."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=_context())
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

    def abandon(self) -> None:
        """Interrupted (Ctrl-C): do not wait for the workers."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

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


def read_task(config: BuildConfig) -> Task:
    """The task that reads documents (:func:`run_batch`)."""
    return run_batch, (config,), _died


def default_workers() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
