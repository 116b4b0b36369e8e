"""Where an event was held, as ``events.v1`` reads it from the words after the event's name.

- a place after "in", "at", "held in", ", which met at", ", meeting in", "convened in" (an acronym
  in brackets and line breaks may stand between): "the World Conference on Widget Craft
  (Widgets), held at Vancouver", "the Conference, which met at Nairobi";
- a place after a comma or a dash in a heading, with a year after it: "NINTH SESSION, NEW DELHI,
  1956", "Twenty-fifth Session - Paris, 1989";
- a place inside the name after "in": "the 2009 European Parliament election in Italy";
- a place in a relative clause ("..., which UNESCO and the ICSU jointly convened in Budapest"),
  a second place ("held in Geneva in 2003 and in Tunis in 2005"), and the place a text the event
  adopted was adopted in ("adopted in Venice in 1964 by the Second International Congress ...").
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


#: A place a relative clause says the event was held in: ", which UNESCO and the ICSU jointly
#: convened in Budapest".
_WHICH_HELD = re.compile(r"\s*,\s*which\s+[^,.;\n]{0,80}?\b(?:held|convened|organi[sz]ed|hosted)"
                         r"\s+(?:in|at)\s+(?:the\s+)?")
#: A second place it was held in: "held in Geneva in 2003 and in Tunis in 2005".
_AND_IN = re.compile(r"(?:\s+(?:in|on)\s+[^,;.\n]{1,25}?)?\s*,?\s+and\s+(?:in|at)\s+"
                     r"(?:the\s+)?")
#: A text adopted where the event that adopted it met: "adopted in Venice in 1964 by the Second
#: International Congress of ...".
_ADOPTED_IN = re.compile(r"\b(?:adopted|signed|proclaimed|approved)\s+(?:at|in)\s+$")
_BY = re.compile(r"(?:\s*,\s*[A-Z][\w-]+)?(?:\s+(?:in|on)\s+[^,;.\n]{1,30}?)?,?\s+by\s+"
                 r"(?:the\s+)?")


def located(text: str, start: int, end: int, places: Sequence[Mention],
            sentence_end: int) -> list[Mention]:
    """The places the event named at ``start..end`` of ``text`` was held in, as the words say."""
    for place in places:
        if end <= place.span.start < sentence_end and (
                _HELD_AT.fullmatch(text, end, place.span.start)
                or _WHICH_HELD.fullmatch(text, end, place.span.start)
                or (_HEADING_GAP.fullmatch(text, end, place.span.start)
                    and _YEAR_AFTER.match(text, place.span.end))):
            return [place, *(p for p in places if p.span.start >= place.span.end
                             and _AND_IN.fullmatch(text, place.span.end, p.span.start))]
        if start <= place.span.start and place.span.end <= end and re.search(
                r"\bin\s+(?:the\s+)?$", text[start:place.span.start]):
            return [place]
        if place.span.end <= start and _BY.fullmatch(text, place.span.end, start) and \
                _ADOPTED_IN.search(text, max(0, place.span.start - 20), place.span.start):
            return [place]
    return []
