"""Where a run's graph goes: the sinks of one run (``engine.run``'s ``sink``).

Every run spools its documents' triples (``spool``), whatever its executor; a sink says where
that spool lives and what becomes of it when the run is done (:meth:`Sink.write`, once the
checks have made the run's one report):

- :class:`Spooled`, the default: the spool is kept in the result, in a cache's ``graphs``
  folder or a temporary one; the caller writes it (``BuildResult.write``) or reads it
  (``BuildResult.dataset``).
- :class:`FileSink`: the graph written to a file in one of ``_output.FORMATS`` (``kg build -o
  FILE``), then the cache's manifest beside it.
- :class:`StoreSink`: the documents built replace their named graphs in a store, and the
  store's documents no longer among the inputs go, in one transaction (``kg build --store
  DIR``; ``graph.store.Store.apply``), each document's triples read from the spool in turn.

The file and the store are written only when the graph conforms to the shapes (or
``allow_invalid``) and, with ``strict``, no document failed; a sink says whether it wrote.

The design (``build-engine.md``) had ``sink.write(state, report)``; a sink is given the run's
result instead, which carries the report, the spool (with the state's consolidation edits) and
what a store also needs: each document's summary (path, IRI) and the failures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .._texts import prune_texts, write_text
from ..records import Document
from .results import BuildResult, Failure
from .spool import Spool

if TYPE_CHECKING:
    from .cache import OutcomeCache
    from .plan import Plan

__all__ = ["FileSink", "Sink", "Spooled", "StoreBuild", "StoreSink", "StoreTarget"]


class Sink(Protocol):
    """Where a run spools its triples, and what it does with them at the end."""

    def spool(self, cache: OutcomeCache | None) -> Spool:
        """The spool of a run with ``cache`` (None: a build without one)."""
        ...

    def write(self, result: BuildResult) -> None:
        """The run is done: its result, with the spool (``result.spool``) and its report."""


def _spool(cache: OutcomeCache | None) -> Spool:
    """A cache's spool (kept for the next build), or a temporary one."""
    if cache is not None:
        return Spool(cache.graphs_dir(), index_file=cache.written_file())
    return Spool.temporary()


def _writes(result: BuildResult, allow_invalid: bool, strict: bool) -> bool:
    """Whether a graph is written: it conforms (or ``allow_invalid``), and with ``strict`` no
    document failed."""
    return (result.conforms or allow_invalid) and not (strict and bool(result.failures))


class Spooled:
    """The spool kept in the result, for the caller to write or read (``graph.pipeline.build``
    without a sink)."""

    def spool(self, cache: OutcomeCache | None) -> Spool:
        return _spool(cache)

    def write(self, result: BuildResult) -> None:
        """Nothing: the result holds the spool."""


@dataclass
class FileSink:
    """The graph written to ``path`` in the format ``fmt``; then the manifest of the run's
    cache (if any) beside it, which says the output holds that build."""

    path: Path
    fmt: str
    allow_invalid: bool = False
    strict: bool = False
    #: whether the file was written
    written: bool = False
    _cache: OutcomeCache | None = field(default=None, repr=False)

    def spool(self, cache: OutcomeCache | None) -> Spool:
        self._cache = cache
        return _spool(cache)

    def write(self, result: BuildResult) -> None:
        self.written = _writes(result, self.allow_invalid, self.strict)
        if self.written:
            result.write(self.path, self.fmt)
            if self._cache is not None:
                self._cache.finish(self.path)  # last: the manifest describes a written output


class StoreTarget(Protocol):
    """A store as :class:`StoreSink` writes to it (``graph.store.Store``)."""

    path: Path

    def documents(self) -> Mapping[str, Any]:
        """Path -> what the store holds of the document (``content_hash``, ``iri``)."""
        ...

    def apply(self, replaced: Mapping[str, tuple[str, str, Any]], removed: Sequence[str],
              settings: Mapping[str, object]) -> list[str]:
        """Replace and remove documents in one transaction; the consolidation's messages."""
        ...


@dataclass
class StoreBuild:
    """What a build into a store did: the build of the changed files and the store's change."""

    result: BuildResult
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    written: bool = False


class StoreSink:
    """The documents a run built, into ``store``: each replaces its named graph there (a file
    that failed keeps what the store had for it), and the documents ``plan`` retired go.
    ``settings`` (the build's key) are recorded as the store's. A document read also leaves
    its text in the store, for the pages of ``kg serve`` (:meth:`read`)."""

    def __init__(self, store: StoreTarget, plan: Plan, settings: Mapping[str, str], *,
                 allow_invalid: bool = False, strict: bool = False) -> None:
        self.store, self.plan, self.settings = store, plan, settings
        self.allow_invalid, self.strict = allow_invalid, strict
        #: the content hash of every file read or left out (unchanged), by relative path
        self.seen = {p: h for p, h in plan.hashes.items() if p not in plan.paths}
        #: what the build did, once the run is done
        self.done: StoreBuild | None = None

    def spool(self, cache: OutcomeCache | None) -> Spool:
        assert cache is None, "a build into a store has no cache"
        return Spool.temporary()

    def read(self, document: Document) -> None:
        """A document read: its content hash noted, its text kept (``graph._texts``)."""
        self.seen[document.path] = document.content_hash
        write_text(self.store.path, document.content_hash, document.text)

    def write(self, result: BuildResult) -> None:
        out = self.done = StoreBuild(result)
        replaced = self._changes(out)
        if replaced is None:
            return
        result.warnings += self.store.apply(replaced, out.removed, self.settings)
        prune_texts(self.store.path,
                    (d.content_hash for d in self.store.documents().values()))
        out.written = True

    def _changes(self, out: StoreBuild) -> dict[str, tuple[str, str, Callable[[], bytes]]] | None:
        """Fill in ``out`` (the files added, changed, unchanged and removed); the documents
        that replace the store's, by path, with content hash, IRI and their triples (read from
        the spool when asked for), or None when the store is to stay as it is."""
        result, plan = out.result, self.plan
        everything = self.store.documents()
        out.removed = list(plan.retired)
        out.unchanged = sorted(p for p in plan.hashes if p not in plan.paths)
        kept_iris = {d.iri: p for p, d in everything.items()
                     if p in out.unchanged or (p not in self.seen and p not in out.removed)}
        spool = result.spool
        assert spool is not None, "a run spools its triples"
        index = {entry.path: i for i, entry in enumerate(spool.entries)}
        replaced: dict[str, tuple[str, str, Callable[[], bytes]]] = {}
        for summary in result.documents:
            if summary.iri in kept_iris:
                result.failures.append(Failure(
                    summary.path, "store", f"its document IRI <{summary.iri}> is already the "
                    f"IRI of {kept_iris[summary.iri]} in the store (same reference number?)"))
                continue
            replaced[summary.path] = (self.seen[summary.path], summary.iri,
                                      _lines(spool, index[summary.path]))
            (out.changed if summary.path in everything else out.added).append(summary.path)
        if not _writes(result, self.allow_invalid, self.strict):
            return None
        return replaced


def _lines(spool: Spool, index: int) -> Callable[[], bytes]:
    """Document ``index``'s N-Triples in the spool (its consolidation edit applied), read when
    called."""
    return lambda: b"".join(spool.parts(index))
