"""Consolidation across documents for a spooled build, from the values the workers reported.

The rule is ``_consolidate``'s (the one-process build's): a single-valued property gets one
value everywhere, the value most documents give, then the longest, then the first in
code-point order; the other names become ``schema:alternateName``, other values of a date are
dropped (and reported); a chosen name is no alternate name anywhere. Here it is computed from
each document's ``(subject, predicate, object, lexical form)`` values (``_mapwork.Mapped``)
and expressed as :class:`~graph._spool.Edit` s of the documents' spooled lines.
"""

from __future__ import annotations

from collections.abc import Iterable

from ._consolidate import SINGLE_VALUED
from ._mapwork import nt
from ._namespaces import RDFS, SCHEMA
from ._spool import Edit

__all__ = ["Consolidation"]

_NAME, _LABEL, _ALTERNATE = nt(SCHEMA.name), nt(RDFS.label), nt(SCHEMA.alternateName)
_SPILL = {nt(p): (nt(spill) if spill is not None else None) for p, spill in SINGLE_VALUED.items()}


class Consolidation:
    """The values documents give, gathered one document at a time."""

    def __init__(self) -> None:
        #: predicate -> subject -> object -> documents giving it
        self.values: dict[str, dict[str, dict[str, list[int]]]] = {p: {} for p in _SPILL}
        self.alternates: dict[str, dict[str, list[int]]] = {}  # subject -> name -> documents
        self.lexical: dict[str, str] = {}  # object (N-Triples) -> lexical form
        #: subjects given two values of a single-valued property (known after :meth:`edits`)
        self.changed: set[str] = set()

    def add(self, index: int, values: Iterable[tuple[str, str, str, str]]) -> None:
        for s, p, o, lexical in values:
            if p == _ALTERNATE:
                self.alternates.setdefault(s, {}).setdefault(o, []).append(index)
                continue
            self.values[p].setdefault(s, {}).setdefault(o, []).append(index)
            self.lexical.setdefault(o, lexical)

    def edits(self) -> tuple[dict[int, Edit], list[str]]:
        """The edits of each document that needs any, and a message per value dropped
        (in code-point order)."""
        remove: dict[int, set[str]] = {}
        add: dict[int, set[str]] = {}
        messages: list[str] = []
        chosen: dict[str, str] = {}
        for predicate, spill in _SPILL.items():
            for subject, given in self.values[predicate].items():
                if predicate == _LABEL and subject in chosen:
                    keep = chosen[subject]
                elif len(given) == 1:
                    continue
                else:
                    keep = min(given, key=lambda o: (-len(given[o]), -len(self.lexical[o]),
                                                     self.lexical[o]))
                    self.changed.add(subject)
                if predicate == _NAME:
                    chosen[subject] = keep
                for value, documents in given.items():
                    if value == keep:
                        continue
                    for d in documents:
                        remove.setdefault(d, set()).add(f"{subject} {predicate} {value} .\n")
                        add.setdefault(d, set()).add(f"{subject} {predicate} {keep} .\n")
                        if spill is not None:
                            add.setdefault(d, set()).add(f"{subject} {spill} {value} .\n")
                    if spill is None and predicate != _LABEL:
                        messages.append(
                            f"<{subject[1:-1]}> {predicate[1:-1]}: kept {self.lexical[keep]} "
                            f"and dropped {self.lexical[value]}, which another document gave")
        for subject, name in chosen.items():
            line = f"{subject} {_ALTERNATE} {name} .\n"
            for d in self.alternates.get(subject, {}).get(name, ()):
                remove.setdefault(d, set()).add(line)
            for d, lines in add.items():
                if line in lines:
                    lines.discard(line)
                    remove.setdefault(d, set()).add(line)
        edits = {d: Edit(frozenset(remove.get(d, ())), frozenset(add.get(d, ())))
                 for d in sorted(remove.keys() | add.keys())}
        return edits, sorted(messages)
