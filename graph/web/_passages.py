"""Passages of a document's text around a fact, and a whole text cut into highlighted pieces.

Both work on plain strings and offsets; the templates escape every piece they print.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["Mark", "Passage", "Piece", "highlight", "passage"]

#: characters of context shown on each side of a fact
CONTEXT = 160


@dataclass(frozen=True, slots=True)
class Passage:
    """Words ``marked`` between ``before`` and ``after``, in the document ``doc``."""

    doc: str
    doc_label: str
    start: int
    end: int
    before: str
    marked: str
    after: str
    #: False when the store keeps no text of the document: ``marked`` is the quoted words only
    in_text: bool = True


@dataclass(frozen=True, slots=True)
class Mark:
    """A mention to highlight in a whole text: offsets, the kind (a CSS class) and a link."""

    start: int
    end: int
    kind: str
    iri: str
    label: str


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text, highlighted by ``mark`` or plain (None)."""

    text: str
    mark: Mark | None = None


def passage(doc: str, doc_label: str, text: str | None, start: int, end: int,
            exact: str | None) -> Passage:
    """The words at ``start:end`` of ``text`` with some context, cut at spaces. Without the text
    (or with offsets outside it) only the quoted words ``exact`` are shown."""
    if text is None or not 0 <= start <= end <= len(text):
        return Passage(doc, doc_label, start, end, "", exact or "", "", in_text=False)
    left = max(0, start - CONTEXT)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    right = min(len(text), end + CONTEXT)
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else right
    before = ("…" if left > 0 else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return Passage(doc, doc_label, start, end, before, text[start:end], after)


def highlight(text: str, marks: Sequence[Mark]) -> list[Piece]:
    """``text`` cut into pieces, each highlighted by the shortest mark covering it (marks may
    overlap or nest; a mark outside the text is ignored)."""
    usable = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in usable), *(m.end for m in usable)})
    by_start = sorted(usable, key=lambda m: (m.start, m.end))
    pieces: list[Piece] = []
    open_marks: list[Mark] = []
    index = 0
    for left, right in pairwise(cuts):
        while index < len(by_start) and by_start[index].start <= left:
            open_marks.append(by_start[index])
            index += 1
        open_marks = [m for m in open_marks if m.end > left]
        covering = min(open_marks, key=lambda m: (m.end - m.start, m.kind, m.iri), default=None)
        if pieces and pieces[-1].mark is covering:
            pieces[-1] = Piece(pieces[-1].text + text[left:right], covering)
        else:
            pieces.append(Piece(text[left:right], covering))
    return pieces
