"""Posts written around a title, read from the words between two mentions (``relations.v1``).

The dependency parse often hangs a name written after a title on the wrong word ("a list of
ambassadors appointed by the 45th President of the United States, Donald Trump": "Donald Trump"
in apposition to "list"), so these three shapes are read from the text itself:

- the title, then the body or place, then the person: "President of Pakistan Asif Ali Zardari",
  "the Chief Executive of Harbour Rovers, Tom Lind";
- the person, a comma, then the title: "Ingrid Berg, chairwoman of the Tessby Rowing Club";
- the body's or place's possessive, then the title: "Norway's Minister of Education Kari Lund".

A title is a noun of ``lex:membership-nouns`` for a body and of ``lex:head-nouns`` for a place
(``ontology/lexicon/relation-triggers.ttl``), perhaps with a few words before it ("the 45th
President", "a former chief executive"). Between the parts stand only these words: a name
elsewhere in the sentence is not read.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from functools import cache

from .._nlp import ProcessedDocument
from ..records import EntityKind, Mention, Relation, RelationKind
from ._lexicon import words

__all__ = ["titled_posts"]

#: How many characters before a body or place a title is looked for.
_REACH = 80
#: How many characters may stand between the person and the body or place.
_GAP = 60
#: A person's name longer than this is not paired by what stands before it.
_LONGEST = 80
_FILLER = r"(?:[\w'’.-]+\s+){0,3}?"


@cache
def _patterns(place: bool) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    nouns = sorted(words("head-nouns" if place else "membership-nouns"), key=len, reverse=True)
    noun = "(?P<title>" + "|".join(re.escape(n) for n in nouns) + r")(?:e?s)?"
    before = re.compile(rf"\b{noun}\s+(?:of|for|at)\s+(?:the\s+)?$", re.IGNORECASE)
    after = re.compile(rf"^\s*,\s*(?:(?:the|a|an|its|his|her|then|former|later)\s+)*"
                       rf"{_FILLER}{noun}\s+(?:of|for|at)\s+(?:the\s+)?$", re.IGNORECASE)
    owned = re.compile(rf"^['’]s\s+{_FILLER}{noun}(?:\s+of\s+[\w ]{{1,40}}?)?\s*,?\s*$",
                       re.IGNORECASE)
    return before, after, owned


def _post(match: re.Match[str], text: str) -> str | None:
    """The title as written when it is written as one (capitalised), else None."""
    title = match.group("title")
    start = match.start("title")
    words_before = text[:start].split()
    if not title[:1].isupper():
        return None
    while words_before and words_before[-1][:1].isupper() and len(words_before[-1]) > 1:
        start -= len(words_before.pop()) + 1
    return text[start:match.end("title")].strip() or None


def titled_posts(pdoc: ProcessedDocument, mentions: Sequence[Mention], confidence: float,
                 extractor: str) -> Iterator[Relation]:
    """The posts the three shapes of the module's docstring state between ``mentions``."""
    text = pdoc.text
    people = sorted((m for m in mentions if m.kind is EntityKind.PERSON and not m.role_only),
                    key=lambda m: m.span.start)
    starts = [m.span.start for m in people]
    holders = [m for m in mentions if m.kind in (EntityKind.ORGANIZATION, EntityKind.PLACE)]
    for holder in holders:
        before, after, owned = _patterns(holder.kind is EntityKind.PLACE)
        ahead = text[max(0, holder.span.start - _REACH):holder.span.start]
        near = people[bisect_left(starts, holder.span.start - _GAP - _LONGEST):
                      bisect_right(starts, holder.span.end + _GAP)]  # a bounded few
        for person in near:
            gap_after = text[holder.span.end:person.span.start] if \
                person.span.start >= holder.span.end else None
            gap_before = text[person.span.end:holder.span.start] if \
                holder.span.start >= person.span.end else None
            found: re.Match[str] | None = None
            source = ""
            if gap_after is not None and len(gap_after) <= _GAP:
                if re.fullmatch(r"\s*,?\s*", gap_after):
                    found, source = before.search(ahead), ahead
                else:
                    found, source = owned.match(gap_after), gap_after
            elif gap_before is not None and len(gap_before) <= _GAP:
                found, source = after.match(gap_before), gap_before
            if found is None:
                continue
            lo = min(person.span.start, holder.span.start)
            hi = max(person.span.end, holder.span.end)
            yield Relation(RelationKind.HOLDS_POST, person, holder, pdoc.span(lo, hi), extractor,
                           post=_post(found, source), confidence=confidence)
