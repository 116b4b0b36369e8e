"""A name read once is the same name where it is written again.

The model reads a name one way in one sentence and misses it, or reads it as another kind, in the
next: "Clark Lake (Gogebic County, Michigan)" has no reading of "Clark Lake", while "the shore of
Clark Lake" has a place. The entity is in the graph either way, but a relation stated in a
sentence where its name has no reading is lost ("Clark Lake is a lake located in Gogebic
County"). So every other place the same words are written, as a whole name, is a mention of the
same entity, of the kind the document gives the name.

A name is carried only when the document gives its words one kind, and only to a place where the
words stand alone: not inside another reading ("Sylvania" in "Sylvania Wilderness"), not beside a
capitalised word that would make a longer name ("Clark Lake Road", "Fort Clark Lake"), not joined
by a hyphen. Persons named by a post, honorifics and names of fewer than three letters are not
carried. The search is one index of the document's capitalised words (linear in the text), and at
most :data:`MAX_ADDED` mentions are added to a document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..records import EntityKind, Mention, Record, Span
from ._spans import SpanIndex

__all__ = ["MAX_ADDED", "repeated"]

#: The most mentions added to one document (a table of names flattened into text).
MAX_ADDED = 2000
_CARRIED = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE)
_WORD = re.compile(r"[A-ZÀ-Ý][\w&-]*")
#: Capitalised words that may stand before a name without being part of it.
_LEAD = frozenset({"The", "A", "An", "In", "At", "On", "Of", "From", "For", "By", "With", "And",
                   "Or", "To", "As", "Since", "During", "After", "Before",
                   "Under", "Near", "Between", "Its", "His", "Her", "Their",
                   "Our", "When", "While", "Both", "Then", "But", "Also"})


def repeated(text: str, records: Sequence[Record]) -> list[Record]:
    """``records`` and a mention for each other place the words of a person's, organisation's
    or place's reading are written as a whole name."""
    mentions = [r for r in records if isinstance(r, Mention)]
    forms: dict[str, Mention | None] = {}
    for m in mentions:
        form = m.span.text
        if (m.kind not in _CARRIED or m.role_only or m.honorific is not None
                or form != form.strip() or len(form) < 3 or not form[0].isupper()):
            continue
        first = forms.setdefault(form, m)
        if first is not None and first.kind is not m.kind:
            forms[form] = None  # two kinds: the model and the grammar disagree, leave it
    if not forms:
        return list(records)
    taken = SpanIndex((m.span.start, m.span.end) for m in mentions)
    starts: dict[str, list[int]] = {}
    for w in _WORD.finditer(text):
        starts.setdefault(w.group(), []).append(w.start())
    added: list[Record] = []
    for form, reading in forms.items():
        if reading is None:
            continue
        head = _WORD.match(form)
        for start in starts.get(head.group() if head else "", ()):
            end = start + len(form)
            if text.startswith(form, start) and _alone(text, start, end) and \
                    not taken.overlaps(start, end):
                added.append(replace(reading, span=Span(start, end, form)))
                if len(added) >= MAX_ADDED:
                    return [*records, *added]
    return [*records, *added]


def _alone(text: str, start: int, end: int) -> bool:
    """The words at ``text[start:end]`` are a whole name, not a piece of a longer one."""
    if start and (text[start - 1].isalnum() or text[start - 1] in "-’'"):
        return False
    after = text[end:end + 2]
    if after[:1].isalnum() or after[:1] == "-" or (after[:1] in "’'" and after[1:2] != "s"
                                                     and after[1:2].isalpha()):
        return False
    if re.match(r"[ \t]+(?:[A-ZÀ-Ý]|of[ \t]+[A-Z]|\d)", text[end:end + 6]):
        return False  # "Clark Lake Road", "Bank of England", "Apollo 11"
    before = re.search(r"([A-ZÀ-Ý][\w’'-]*)[ \t]+$", text[max(0, start - 40):start])
    return before is None or before.group(1) in _LEAD
