"""What a build decided across documents (:class:`State`), kept for the next build to start
from: every document's IRI, map key and summary; each linking node's aggregate and link; which
documents describe each subject; the values consolidation chose from; the checked nodes' lines
and findings; refcounts of the lines' digests. Saved as ``OUT.kg-cache/state.pkl``."""

from __future__ import annotations

import pickle
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .._fork import wait_written as wait_saved
from .._fork import write_forked
from .._namespaces import RDF
from .._ntriples import nt
from ..validate import ValidationResult
from .consolidation import SubjectEdits
from .map import Mapped
from .spool import Edit, Spool, SpoolEntry

if TYPE_CHECKING:
    import numpy as np

    from .._link import NodeAgg, NodeLink
    from ..records import EntityKind

__all__ = ["DocState", "Refcount", "State", "add_mapped", "discard",
           "finish_full", "load", "save", "spool_of", "wait_saved"]


STATE_VERSION = 1


_RDF_TYPE = nt(RDF.type)


@dataclass
class DocState:
    """One document of the last build."""

    path: str
    content_hash: str
    base_iri: str  # its IRI before two documents are found to share one
    alt_iri: str  # its IRI keyed on its path as well
    iri: str  # the one it has
    key: str  # its map key (its spool file is ``key.nt``)
    shared_bytes: int
    lines: int
    triples: int
    own_lines: int
    entities: int
    relations: int
    read_warnings: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    findings: list[ValidationResult] = field(default_factory=list)
    findings_nt: bytes = b""
    edit: Edit | None = None

    @property
    def file(self) -> str:
        return f"{self.key}.nt"


class Refcount:
    """A multiset of 8-byte digests kept as two numpy arrays (sorted digests, counts)."""

    def __init__(self, digests: bytes = b"") -> None:
        import numpy as np

        keys, counts = np.unique(np.frombuffer(digests, dtype=np.uint64), return_counts=True)
        self.keys: np.ndarray = keys
        self.counts: np.ndarray = counts.astype(np.int64)

    def __len__(self) -> int:
        return len(self.keys)

    def change(self, digests: bytes, by: int) -> None:
        import numpy as np

        values, counts = np.unique(np.frombuffer(digests, dtype=np.uint64), return_counts=True)
        if not len(values):
            return
        at = np.searchsorted(self.keys, values)
        found = (at < len(self.keys)) & (self.keys[np.minimum(at, len(self.keys) - 1)]
                                         == values)
        self.counts[at[found]] += by * counts[found]
        if by > 0 and (~found).any():
            keys = np.concatenate([self.keys, values[~found]])
            all_counts = np.concatenate([self.counts, counts[~found].astype(np.int64)])
            order = np.argsort(keys, kind="stable")
            self.keys, self.counts = keys[order], all_counts[order]
        elif by < 0 and (~found).any():
            raise ValueError("a digest taken out of the tally was never in it")
        keep = self.counts > 0
        if not keep.all():
            self.keys, self.counts = self.keys[keep], self.counts[keep]


@dataclass
class State:
    """What a build decided across documents (see the module docstring)."""

    version: int = STATE_VERSION
    docs: dict[str, DocState] = field(default_factory=dict)  # by path
    nodes: dict[tuple[EntityKind, str], NodeAgg] = field(default_factory=dict)
    node_links: dict[tuple[EntityKind, str], NodeLink] = field(default_factory=dict)
    #: subject (N-Triples) -> paths of the documents whose shared part describes it
    subject_docs: dict[str, set[str]] = field(default_factory=dict)
    typed: Counter[tuple[str, str]] = field(default_factory=Counter)  # (type, IRI) -> documents
    mentioned: Counter[str] = field(default_factory=Counter)  # node -> documents mentioning it
    mixed: Counter[str] = field(default_factory=Counter)  # node -> documents saying "mixed"
    own_lines: int = 0
    digests: Refcount = field(default_factory=Refcount)
    relation_digests: Refcount = field(default_factory=Refcount)
    #: consolidation: the values of subjects several documents describe, lexical forms, and
    #: what consolidating a subject does (subjects it changes), by subject
    tables: dict[str, dict[str, dict[str, set[str]]]] = field(default_factory=dict)
    lexical: dict[str, str] = field(default_factory=dict)
    parts: dict[str, SubjectEdits] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)
    #: the checked nodes, their lines (-> documents giving them) and their findings
    checked: set[str] = field(default_factory=set)
    store: dict[str, Counter[str]] = field(default_factory=dict)
    #: object -> checked subjects with a line pointing at it (-> how many lines)
    pointers: dict[str, Counter[str]] = field(default_factory=dict)
    node_findings: dict[str, tuple[list[ValidationResult], bytes]] = field(default_factory=dict)

    # the checked nodes' lines ---------------------------------------------------------

    def store_change(self, line: str, by: int) -> None:
        subject, predicate, rest = line.split(" ", 2)
        lines = self.store.setdefault(subject, Counter())
        before = lines[line]
        lines[line] = before + by
        after = lines[line]
        if after <= 0:
            del lines[line]
        obj = rest[:-3]
        if predicate == _RDF_TYPE or not obj.startswith("<"):
            return
        if before <= 0 < after:
            self.pointers.setdefault(obj, Counter())[subject] += 1
        elif after <= 0 < before:
            pointing = self.pointers[obj]
            pointing[subject] -= 1
            if pointing[subject] <= 0:
                del pointing[subject]
                if not pointing:
                    del self.pointers[obj]

    def store_line(self, line: str) -> None:
        self.store_change(line, 1)

    def store_drop(self, subject: str) -> None:
        for line, count in list(self.store.get(subject, {}).items()):
            self.store_change(line, -count)
        self.store.pop(subject, None)

    def is_checked(self, subject: str) -> bool:
        return (len(self.subject_docs.get(subject, ())) >= 2 or subject in self.changed
                or self.mixed.get(subject, 0) > 0)


def save(state: State, file: Path, *, background: bool = False) -> None:
    """Write ``state`` to ``file``. With ``background``, where the system forks, a child process
    pickles and writes it while this one goes on (writing the output: the two use both cores);
    :func:`wait_saved` waits for it, as do :func:`load`, :func:`discard`,
    ``OutcomeCache.finish`` and the end of the program. Until it is complete there is no state
    file: a build interrupted meanwhile is followed by a full one.

    Pickling touches every object of the state, so the child ends up with its own copy of the
    pages holding them: the memory the state takes, twice. A rebuild (which holds little more
    than the state) can afford that; a full build, which holds every document's records as
    well, saves in this process (at 10,000 documents the child took the build's peak from
    1,808 to 2,374 MB, PSS summed: 55d4b07 and 449c30b)."""
    discard(file)
    write_forked(file, lambda f: _write(state, f), background=background)


def _write(state: State, file: Path) -> None:
    from .._output import write_atomic

    write_atomic(file, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL), sync=False)


def discard(file: Path) -> None:
    """Remove the state ``file`` (once any child writing it is done)."""
    wait_saved(file)
    file.unlink(missing_ok=True)


def load(file: Path) -> State | None:
    """The state in ``file`` (written by this program: see ``cache``), or None."""
    wait_saved(file)
    try:
        with open(file, "rb") as handle:
            state = pickle.load(handle)  # a cache this program wrote (see cache)
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError,
            ImportError, TypeError):
        return None
    return state if isinstance(state, State) and state.version == STATE_VERSION else None


def add_mapped(state: State, path: str, m: Mapped) -> None:
    """A full build's tallies of one mapped document."""
    for subject in m.subjects:
        docs = state.subject_docs.get(subject)
        if docs is None:
            docs = state.subject_docs[subject] = set()
        docs.add(path)
    state.typed.update(m.typed)
    state.mentioned.update(m.mentions)
    state.mixed.update(m.mixed)
    state.own_lines += m.own_lines


def finish_full(state: State, paths: list[str], digests: list[bytes],
                relation_digests: list[bytes],
                tables: dict[str, dict[str, dict[str, list[int]]]], lexical: dict[str, str],
                parts: dict[str, SubjectEdits], changed: set[str], checked: set[str]) -> None:
    """The rest of a full build's state: ``paths`` in spool order, each one's digests (edits
    applied); consolidation's ``tables`` and ``parts`` by spool index; the ``checked``
    nodes (their lines and findings are added by the caller)."""
    state.digests = Refcount(b"".join(digests))
    state.relation_digests = Refcount(b"".join(relation_digests))
    state.lexical = lexical
    for subject, table in tables.items():
        if len(state.subject_docs.get(subject, ())) >= 2:
            state.tables[subject] = {p: {o: {paths[i] for i in ds} for o, ds in given.items()}
                                     for p, given in table.items()}
    state.parts = {s: _by_path(part, paths) for s, part in parts.items()}
    state.changed = set(changed)
    state.checked = set(checked)


def _by_path(part: SubjectEdits, paths: list[str]) -> SubjectEdits:
    return SubjectEdits({paths[i]: lines for i, lines in part.remove.items()},  # type: ignore
                        {paths[i]: lines for i, lines in part.add.items()},  # type: ignore
                        part.messages, part.changed)


def spool_of(state: State, folder: Path, order: list[str]) -> Spool:
    """The spool of the state's documents, in ``order`` (their paths, sorted)."""
    spool = Spool(folder)
    for index, path in enumerate(order):
        d = state.docs[path]
        spool.entries.append(SpoolEntry(path, d.iri, d.file, d.shared_bytes, d.lines))
        if d.edit is not None:
            spool.edits[index] = d.edit
    return spool


