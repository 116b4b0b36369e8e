"""Where an event was held, as ``events.v1`` reads it from the words after the event's name.

- a place after "in", "at", "held in", ", which met at", ", meeting in", "convened in" (an acronym
  in brackets and line breaks may stand between): "the World Conference on Widget Craft
  (Widgets), held at Vancouver", "the Conference, which met at Nairobi";
- a place after a comma or a dash in a heading, with a year after it: "NINTH SESSION, NEW DELHI,
  1956", "Twenty-fifth Session - Paris, 1989";
- a place inside the name after "in": "the 2009 European Parliament election in Italy".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Mention

__all__ = ["located"]

#: What stands between an event and the place it was held in.
_HELD_AT = re.compile(
    r"\s*(?:\([^()\n]{1,40}\)\s*)?,?\s*(?:(?:which|that)\s+(?:was\s+|were\s+|will\s+be\s+)?)?"
    r"(?:(?:to\s+be\s+)?(?:held|convened)\s+|took\s+place\s+|meeting\s+|met\s+)?(?:online\s+)?"
    r"(?:in|at)\s+(?:the\s+)?")
#: A heading's comma or dash between a session and its town ...
_HEADING_GAP = re.compile(r"[ \t]*[,\-\u2013][ \t]*")
#: ... and the year (or the date) after the town; "l9" is the OCR's "19".
_YEAR_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:[\d-]+[ \t]+[A-Z][a-z]+[ \t]+)?(?:1[89]|20|l9)\d\d\b")


def located(text: str, start: int, end: int, places: Sequence[Mention],
            sentence_end: int) -> Mention | None:
    """The place the event named at ``start..end`` of ``text`` was held in, if the words say."""
    for place in places:
        if end <= place.span.start < sentence_end and (
                _HELD_AT.fullmatch(text, end, place.span.start)
                or (_HEADING_GAP.fullmatch(text, end, place.span.start)
                    and _YEAR_AFTER.match(text, place.span.end))):
            return place
        if start <= place.span.start and place.span.end <= end and re.search(
                r"\bin\s+(?:the\s+)?$", text[start:place.span.start]):
            return place
    return None
