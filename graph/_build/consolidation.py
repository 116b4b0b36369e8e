"""Consolidation across documents for a spooled build, from the values the workers reported.

The rule is ``_consolidate``'s (the one-process build's): a single-valued property gets one
value everywhere, the value most documents give, then the longest, then the first in
code-point order; the other names become ``schema:alternateName``, other values of a date are
dropped (and reported); a chosen name is no alternate name anywhere. Here it is computed from
each document's ``(subject, predicate, object, lexical form)`` values (``map.Mapped``)
and expressed as :class:`~graph._build.spool.Edit` s of the documents' spooled lines.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .._consolidate import SINGLE_VALUED
from .._namespaces import RDFS, SCHEMA
from .._ntriples import nt
from .spool import Edit

__all__ = ["ALTERNATE", "Consolidation", "SubjectEdits", "merge_edits", "subject_edits"]

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


def merge_edits(parts: Iterable[SubjectEdits]) -> dict[int, Edit]:
    """The edit of each document, from the edits of the subjects (in document order)."""
    remove: dict[int, set[str]] = {}
    add: dict[int, set[str]] = {}
    for part in parts:
        for d, lines in part.remove.items():
            remove.setdefault(d, set()).update(lines)
        for d, lines in part.add.items():
            add.setdefault(d, set()).update(lines)
    return {d: Edit(frozenset(remove.get(d, ())), frozenset(add.get(d, ())))
            for d in sorted(remove.keys() | add.keys())}


class Consolidation:
    """The values documents give, gathered one document at a time."""

    def __init__(self) -> None:
        #: subject -> predicate -> object -> documents giving it (alternate names included)
        self.table: dict[str, dict[str, dict[str, list[int]]]] = {}
        self.lexical: dict[str, str] = {}  # object (N-Triples) -> lexical form
        #: subjects given two values of a single-valued property (known after :meth:`edits`)
        self.changed: set[str] = set()
        #: what consolidating each subject does (after :meth:`edits`; only those it changes)
        self.parts: dict[str, SubjectEdits] = {}

    def add(self, index: int, values: Iterable[tuple[str, str, str, str]]) -> None:
        table = self.table
        for s, p, o, lexical in values:
            of = table.get(s)
            if of is None:
                of = table[s] = {}
            of.setdefault(p, {}).setdefault(o, []).append(index)
            if p != ALTERNATE:
                self.lexical.setdefault(o, lexical)

    def edits(self) -> tuple[dict[int, Edit], list[str]]:
        """The edits of each document that needs any, and a message per value dropped
        (in code-point order)."""
        for subject, table in self.table.items():
            part = subject_edits(subject, table, self.lexical)  # type: ignore[arg-type]
            if part:
                self.parts[subject] = part
                if part.changed:
                    self.changed.add(subject)
        messages = [m for part in self.parts.values() for m in part.messages]
        return merge_edits(self.parts.values()), sorted(messages)
