"""The tally of a build: which documents describe each subject, the typed nodes, the nodes
mentioned and those two documents of one mapping batch described ("mixed"), the lines and
their digests; what the summary's counts (:meth:`Tally.result`) and the checks need.

Each document's contribution is its mapped summary (``map.Mapped``): :meth:`Tally.add` puts it
in, :meth:`Tally.retract` takes it out again, so that a full build (every document added to an
empty tally) and an incremental one (the changed documents' old versions out, the new ones in)
count the same way. The digests count the lines a document has once consolidation has edited
it (:meth:`Tally.reedit`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .results import counts

if TYPE_CHECKING:
    import numpy as np

    from .map import Mapped
    from .spool import Edit

__all__ = ["Refcount", "Tally", "edited_digests"]


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
        """Each digest of ``digests`` counted ``by`` (1: in, -1: out) times more; a digest
        taken out that is not in raises ValueError."""
        import numpy as np

        values, counts = np.unique(np.frombuffer(digests, dtype=np.uint64), return_counts=True)
        if not len(values):
            return
        at = np.searchsorted(self.keys, values)
        if len(self.keys):
            found = (at < len(self.keys)) & (self.keys[np.minimum(at, len(self.keys) - 1)]
                                             == values)
        else:
            found = np.zeros(len(values), dtype=bool)
        if by < 0 and (~found).any():
            raise ValueError("a digest taken out of the tally was never in it")
        self.counts[at[found]] += by * counts[found]
        if (~found).any():
            keys = np.concatenate([self.keys, values[~found]])
            all_counts = np.concatenate([self.counts, counts[~found].astype(np.int64)])
            order = np.argsort(keys, kind="stable")
            self.keys, self.counts = keys[order], all_counts[order]
        if (self.counts < 0).any():
            raise ValueError("a digest was taken out of the tally more often than put in")
        keep = self.counts > 0
        if not keep.all():
            self.keys, self.counts = self.keys[keep], self.counts[keep]


def edited_digests(digests: bytes, edit: Edit | None) -> bytes:
    """The digests of a document's shared lines (``map``, ``digests``) once ``edit`` is applied
    (as ``spool.effective_lines`` applies it: the lines it removes out, those it adds in)."""
    if edit is None:
        return digests
    import numpy as np

    from .._ntriples import digests_of

    def array(data: bytes) -> Any:
        return np.frombuffer(data, dtype=np.uint64)

    removed, added = array(digests_of(edit.remove)), array(digests_of(edit.add))
    return bytes(np.union1d(np.setdiff1d(array(digests), removed), added).tobytes())


@dataclass
class Tally:
    """The tally of the documents put in (see the module docstring)."""

    #: subject (N-Triples) -> the document whose shared part describes it, when only one does
    one_doc: dict[str, str] = field(default_factory=dict)
    #: subject -> the documents describing it, when two or more do
    docs_of: dict[str, set[str]] = field(default_factory=dict)
    typed: Counter[tuple[str, str]] = field(default_factory=Counter)  # (type, IRI) -> documents
    mentioned: Counter[str] = field(default_factory=Counter)  # node -> documents mentioning it
    mixed: Counter[str] = field(default_factory=Counter)  # node -> documents saying "mixed"
    own_lines: int = 0
    digests: Refcount = field(default_factory=Refcount)
    relation_digests: Refcount = field(default_factory=Refcount)
    #: digests put in and taken out since the refcounts were last brought up to date (one
    #: numpy operation for many documents, not one each)
    pending: dict[str, list[bytes]] = field(default_factory=dict, repr=False)

    def docs(self, subject: str) -> Collection[str]:
        """The documents whose shared part describes ``subject``."""
        many = self.docs_of.get(subject)
        if many is not None:
            return many
        one = self.one_doc.get(subject)
        return (one,) if one is not None else ()

    def add(self, path: str, mapped: Mapped, edit: Edit | None = None) -> None:
        """Document ``path``'s contribution in: its summary ``mapped``, edited by ``edit``."""
        self._change(path, mapped, edit, 1)

    def retract(self, path: str, mapped: Mapped, edit: Edit | None = None) -> None:
        """Document ``path``'s contribution out (as :meth:`add` put it in)."""
        self._change(path, mapped, edit, -1)

    def reedit(self, digests: bytes, before: Edit | None, after: Edit | None) -> None:
        """A document's digests (``digests``, unedited) edited by ``after`` where they were
        edited by ``before``."""
        self._pend("digests", edited_digests(digests, before), -1)
        self._pend("digests", edited_digests(digests, after), 1)

    def result(self) -> dict[str, object]:
        """The figures ``results.graph_stats`` gives of the union of the documents in."""
        self.settle()
        return counts(self.typed, len(self.relation_digests), self.own_lines + len(self.digests))

    def settle(self) -> None:
        """Bring the refcounts up to date (before they are read or saved)."""
        for name in ("digests", "relation_digests"):
            refcount: Refcount = getattr(self, name)
            for by in (1, -1):  # in, then out: no count goes below what it ends at
                blobs = self.pending.pop(f"{name}{by}", [])
                if blobs:
                    refcount.change(b"".join(blobs), by)

    def _pend(self, name: str, digests: bytes, by: int) -> None:
        if digests:
            self.pending.setdefault(f"{name}{by}", []).append(digests)

    def _change(self, path: str, m: Mapped, edit: Edit | None, by: int) -> None:
        for subject in m.subjects:
            if by > 0:
                self._describes(subject, path)
            else:
                self._stops(subject, path)
        _count(self.typed, m.typed, by)
        _count(self.mentioned, m.mentions, by)
        _count(self.mixed, m.mixed, by)
        self.own_lines += by * m.own_lines
        self._pend("digests", edited_digests(m.digests, edit), by)
        self._pend("relation_digests", m.relation_digests, by)

    def _describes(self, subject: str, path: str) -> None:
        many = self.docs_of.get(subject)
        if many is not None:
            many.add(path)
            return
        one = self.one_doc.setdefault(subject, path)
        if one != path:
            del self.one_doc[subject]
            self.docs_of[subject] = {one, path}

    def _stops(self, subject: str, path: str) -> None:
        many = self.docs_of.get(subject)
        if many is None:
            if self.one_doc.get(subject) == path:
                del self.one_doc[subject]
            return
        many.discard(path)
        if len(many) == 1:
            del self.docs_of[subject]
            self.one_doc[subject] = next(iter(many))


def _count(counter: Counter[Any], keys: Iterable[Any], by: int) -> None:
    if by > 0:
        counter.update(keys)
        return
    for key in keys:
        counter[key] -= 1
        if counter[key] <= 0:
            del counter[key]
