"""Consolidation across documents for a spooled build, from the values the workers reported.

The rule is ``_consolidate``'s (which a store applies to its graphs): a single-valued property
gets one value everywhere, the value most documents give, then the longest, then the first in
code-point order; the other names become ``schema:alternateName``, other values of a date are
dropped (and reported); a chosen name is no alternate name anywhere. Here it is computed from
each document's ``(subject, predicate, object, lexical form)`` values (``map.Mapped``)
and expressed as :class:`~graph._build.spool.Edit` s of the documents' spooled lines.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .._consolidate import SINGLE_VALUED
from .._namespaces import RDFS, SCHEMA
from .._ntriples import nt
from .spool import Edit

__all__ = ["ALTERNATE", "Consolidation", "SubjectEdits", "subject_edits"]

_NAME, _LABEL, ALTERNATE = nt(SCHEMA.name), nt(RDFS.label), nt(SCHEMA.alternateName)
_SPILL = {nt(p): (nt(spill) if spill is not None else None) for p, spill in SINGLE_VALUED.items()}


@dataclass
class SubjectEdits:
    """What consolidating one subject does: lines to remove and to add, by document; the
    messages about values dropped; whether documents gave it two values of a property."""

    #: by document: its index in a build, or its path in an incremental build's state
    remove: dict[Any, set[str]] = field(default_factory=dict)
    add: dict[Any, set[str]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    changed: bool = False

    def __bool__(self) -> bool:
        return bool(self.remove or self.add or self.messages or self.changed)


#: one subject's values: predicate -> object (N-Triples) -> the documents giving it
Table = dict[str, dict[str, Collection[Any]]]


def subject_edits(subject: str, table: Table, lexical: Mapping[str, str]) -> SubjectEdits:
    """Consolidate one subject (see the module docstring); ``table`` holds the values of
    alternate names too, ``lexical`` the lexical form of each object."""
    out = SubjectEdits()
    remove, add = out.remove, out.add
    chosen: str | None = None
    for predicate, spill in _SPILL.items():
        given = table.get(predicate)
        if not given:
            continue
        if predicate == _LABEL and chosen is not None:
            keep = chosen
        elif len(given) == 1:
            continue
        else:
            keep = min(given, key=lambda o: (-len(given[o]), -len(lexical[o]), lexical[o]))
            out.changed = True
        if predicate == _NAME:
            chosen = keep
        for value, documents in given.items():
            if value == keep:
                continue
            for d in documents:
                remove.setdefault(d, set()).add(f"{subject} {predicate} {value} .\n")
                add.setdefault(d, set()).add(f"{subject} {predicate} {keep} .\n")
                if spill is not None:
                    add.setdefault(d, set()).add(f"{subject} {spill} {value} .\n")
            if spill is None and predicate != _LABEL:
                out.messages.append(
                    f"<{subject[1:-1]}> {predicate[1:-1]}: kept {lexical[keep]} "
                    f"and dropped {lexical[value]}, which another document gave")
    if chosen is not None:
        line = f"{subject} {ALTERNATE} {chosen} .\n"
        for d in table.get(ALTERNATE, {}).get(chosen, ()):
            remove.setdefault(d, set()).add(line)
        for d, lines in add.items():
            if line in lines:
                lines.discard(line)
                remove.setdefault(d, set()).add(line)
    return out


class Consolidation:
    """The values documents give, and what consolidating each subject does: documents' values
    are put in (:meth:`add`) and taken out (:meth:`retract`) one document at a time, and
    :meth:`result` consolidates the subjects whose values changed since it last ran.

    A document is named by any key (its path in a build). Once :meth:`result` has run, the
    values of a subject that fewer than two documents describe are let go (the state of a
    build keeps only what it needs); the next :meth:`add` or :meth:`retract` about such a
    subject takes them back from ``warm(subject)``, the values the documents in give it."""

    def __init__(self) -> None:
        #: subject -> predicate -> object -> documents giving it (alternate names included)
        self.tables: dict[str, dict[str, dict[str, set[Any]]]] = {}
        self.lexical: dict[str, str] = {}  # object (N-Triples) -> lexical form
        #: what consolidating each subject does (only those it changes)
        self.parts: dict[str, SubjectEdits] = {}
        #: subjects given two values of a single-valued property
        self.changed: set[str] = set()
        #: whether the values of subjects fewer than two documents describe were let go
        self.pruned = False
        #: subjects whose values changed since :meth:`result` last ran
        self.dirty: set[str] = set()

    def add(self, doc: Any, values: Iterable[tuple[str, str, str, str]],
            warm: Callable[[str], Iterable[tuple[Any, str, str, str]]] | None = None) -> None:
        """Document ``doc``'s values ``(subject, predicate, object, lexical form)`` in."""
        for s, p, o, lexical in values:
            self._table(s, warm).setdefault(p, {}).setdefault(o, set()).add(doc)
            if p != ALTERNATE:
                self.lexical.setdefault(o, lexical)

    def retract(self, doc: Any, values: Iterable[tuple[str, str, str, str]],
                warm: Callable[[str], Iterable[tuple[Any, str, str, str]]] | None = None
                ) -> None:
        """Document ``doc``'s values out (those :meth:`add` put in)."""
        for s, p, o, _ in values:
            table = self._table(s, warm)
            given = table.get(p, {})
            documents = given.get(o)
            if documents is None:
                continue
            documents.discard(doc)
            if not documents:
                del given[o]
                if not given:
                    del table[p]

    def _table(self, subject: str,
               warm: Callable[[str], Iterable[tuple[Any, str, str, str]]] | None
               ) -> dict[str, dict[str, set[Any]]]:
        self.dirty.add(subject)
        table = self.tables.get(subject)
        if table is None:
            table = self.tables[subject] = {}
            if self.pruned:
                assert warm is not None, "a pruned consolidation takes values back from warm"
                for doc, p, o, lexical in warm(subject):
                    table.setdefault(p, {}).setdefault(o, set()).add(doc)
                    if p != ALTERNATE:
                        self.lexical.setdefault(o, lexical)
        return table

    def result(self, edit_of: Callable[[Any], Edit | None] = lambda _: None,
               describing: Callable[[str], Collection[Any]] | None = None
               ) -> dict[Any, Edit | None]:
        """Consolidate the subjects whose values changed; returns the new edit of each
        document whose edit changes, from its edit now (``edit_of``). With ``describing``
        (the documents describing a subject), the values of subjects fewer than two
        documents describe are let go."""
        edits: dict[Any, tuple[set[str], set[str]]] = {}  # document -> (remove, add)
        for subject in self.dirty:
            table = self.tables.get(subject, {})
            part = subject_edits(subject, table, self.lexical)  # type: ignore[arg-type]
            before = self.parts.pop(subject, SubjectEdits())
            if part:
                self.parts[subject] = part
            if part.changed:
                self.changed.add(subject)
            else:
                self.changed.discard(subject)
            if describing is not None and len(describing(subject)) < 2:
                self.tables.pop(subject, None)
            if part == before:
                continue
            for doc in {*before.remove, *before.add, *part.remove, *part.add}:
                if doc not in edits:
                    now = edit_of(doc)
                    edits[doc] = (set(now.remove) if now else set(), set(now.add) if now else set())
                remove, add = edits[doc]
                remove -= before.remove.get(doc, set())
                add -= before.add.get(doc, set())
                remove |= part.remove.get(doc, set())
                add |= part.add.get(doc, set())
        self.dirty.clear()
        if describing is not None:
            self.pruned = True
        return {doc: Edit(frozenset(remove), frozenset(add)) if remove or add else None
                for doc, (remove, add) in edits.items()}

    def messages(self) -> list[str]:
        """A message per value dropped, in code-point order."""
        return sorted(m for part in self.parts.values() for m in part.messages)
