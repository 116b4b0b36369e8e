"""What a build redoes, and why: :func:`make_plan` decides it once, for every road (a build
to a file with or without its cache, a build into a store), and says why in one line
(:attr:`Plan.reason`), which ``kg build`` prints:

- ``full build: --no-incremental``, ``full build: no build cache``;
- ``full build: no earlier build in this cache`` (or ``store``);
- ``full build: the curation file changed`` (any part of the key, ``config.key_parts``, that
  differs from the last build's: the options, the spaCy pipeline, the shapes, the extractors,
  the authority files; ``kg-builder's version`` alone when it changed);
- ``full build: the last build left no saved state``, ``full build: the saved state is
  unreadable``; ``full build: curation decisions ...``, ``full build: on Dask ...``, ``full
  build: N files changed ...`` (what the incremental build from the state cannot do, or would
  not save);
- ``incremental: 3 changed, 1 new, 2 removed, 994 unchanged``.

What the last build left is given as an :class:`Earlier`: a cache makes one
(``cache.OutcomeCache.earlier``), so does a store (``graph.store``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .._curation import load_curation
from .config import KEY_PARTS, BuildConfig

if TYPE_CHECKING:
    from .state import State

__all__ = ["FULL", "INCREMENTAL", "Earlier", "Plan", "fall_back", "make_plan", "too_many"]

FULL = "full"
INCREMENTAL = "incremental"

#: What each part of the key is called in a reason (``config.KEY_PARTS``).
_PART_NAMES = {"version": "kg-builder's version", "options": "the options",
               "model": "the spaCy pipeline", "shapes": "the shapes or the gazetteer",
               "extractors": "the extractors", "authority": "the authority files",
               "curation": "the curation file"}


@dataclass(frozen=True)
class Earlier:
    """What the last build into a cache or a store left for this one."""

    where: str  # "cache" or "store"
    key: Mapping[str, str]  # the parts of this build's key (``config.key_parts``)
    #: the parts of the key of the last build made there; None: there was none
    key_before: Mapping[str, str] | None
    #: the content hash of each of the last build's documents, by relative path; None: not
    #: known (``lost`` says why)
    hashes: Mapping[str, str] | None = None
    lost: str = ""
    #: the state the last build saved; an incremental build into a cache starts from it
    state: State | None = field(default=None, repr=False)
    #: whether an incremental build starts from ``state`` (a cache; a store rebuilds the
    #: changed documents alone)
    from_state: bool = True


@dataclass(frozen=True)
class Plan:
    """What a build redoes (:attr:`to_read`, :attr:`retired`), and why (:attr:`reason`)."""

    mode: str  # FULL or INCREMENTAL
    reason: str
    #: the files whose document is made again (from the cache's results for their bytes,
    #: where it has them); the others' are the last build's
    to_read: tuple[tuple[Path, str], ...]
    #: the last build's documents that are no longer among the inputs (relative paths)
    retired: tuple[str, ...] = ()
    #: the content hash of every input file, by relative path (with a cache or a store)
    hashes: Mapping[str, str] = field(default_factory=dict, repr=False)
    #: the state an incremental build starts from (None: the build starts from nothing)
    start: State | None = field(default=None, repr=False)
    #: whether the build saves its state for the next one (a cache, no curation decisions)
    saves_state: bool = False

    @property
    def paths(self) -> frozenset[str]:
        """The relative paths of :attr:`to_read`."""
        return frozenset(relpath for _, relpath in self.to_read)


def too_many(changed: int, removed: int, files: int) -> bool:
    """Whether so many files changed that a full build costs no more (a quarter of them, and
    at least 64)."""
    return changed + removed > max(64, files // 4)


def make_plan(files: Sequence[tuple[Path, str]], config: BuildConfig, cache: Earlier | None,
              *, incremental: bool = True, remote: bool = False) -> Plan:
    """The plan of a build of ``files`` (``(path, relpath)``, as the loaders find them) with
    ``config``, from what the last build left in ``cache`` (None: no cache). ``incremental``
    False reads every file again; ``remote``: the build runs on Dask."""
    files = tuple(files)
    if cache is None:
        return Plan(FULL, "full build: --no-incremental" if not incremental
                    else "full build: no build cache", files)
    hashes = {relpath: _hash(path) for path, relpath in files}
    retired = tuple(sorted(set(cache.hashes or ()) - set(hashes)))
    decided = (config.curation is not None
               and bool(load_curation(Path(config.curation)).decisions))
    saves = cache.from_state and not decided

    def full(why: str) -> Plan:
        return Plan(FULL, f"full build: {why}", files, retired, hashes, saves_state=saves)

    if not incremental:  # the last build's documents that are gone still go (a store)
        return full("--no-incremental")
    if cache.key_before is None:
        return full(f"no earlier build in this {cache.where}")
    changed = [part for part in KEY_PARTS if cache.key_before.get(part) != cache.key.get(part)]
    if changed:
        return full(_changed(changed, cache.where))
    if cache.from_state and decided:  # no state was saved either
        return full("curation decisions are applied (they match names as written, which the "
                    "saved state does not keep)")
    if cache.hashes is None:
        return full(cache.lost)
    new = [f for f in files if f[1] not in cache.hashes]
    edited = [f for f in files if f[1] in cache.hashes and cache.hashes[f[1]] != hashes[f[1]]]
    if cache.from_state:
        if remote:
            return full("on Dask, builds do not start from the saved state")
        if len(hashes) != len(files):
            return full("two input files have the same relative path")
        if too_many(len(new) + len(edited), len(retired), len(files)):
            return full(f"{len(new) + len(edited) + len(retired)} of {len(files)} files are new, "
                        f"changed or removed (more than a quarter, and more than 64)")
    to_read = tuple(f for f in files if f[1] not in cache.hashes
                    or cache.hashes[f[1]] != hashes[f[1]])
    unchanged = len(files) - len(to_read)
    return Plan(INCREMENTAL, f"incremental: {len(edited)} changed, {len(new)} new, "
                f"{len(retired)} removed, {unchanged} unchanged", to_read, retired, hashes,
                cache.state, saves)


def fall_back(plan: Plan, files: Sequence[tuple[Path, str]], why: str) -> Plan:
    """The full build that follows an incremental one that could not go on (``why``)."""
    return Plan(FULL, f"full build: the incremental build could not go on ({why})",
                tuple(files), plan.retired, plan.hashes, saves_state=plan.saves_state)


def _changed(parts: list[str], where: str) -> str:
    if "version" in parts:  # everything else may differ with it
        return f"the {where} was made by another version of kg-builder"
    names = [_PART_NAMES[part] for part in parts]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{listed} changed"


def _hash(path: Path) -> str:
    """The content hash of a file (as ``Document.content_hash``); "" when it cannot be read
    (it is read again, and the loader says why)."""
    try:
        return f"sha256:{hashlib.sha256(path.read_bytes()).hexdigest()}"
    except OSError:
        return ""
