"""Posts written around a title, read from the words between two mentions (``relations.v1``).

The dependency parse often hangs a name written after a title on the wrong word ("a list of
ambassadors appointed by the 45th President of the United States, Donald Trump": "Donald Trump"
in apposition to "list"), so these three shapes are read from the text itself:

- the title, then the body or place, then the person: "President of Pakistan Asif Ali Zardari",
  "the Chief Executive of Harbour Rovers, Tom Lind";
- the person, a comma, then the title: "Ingrid Berg, chairwoman of the Tessby Rowing Club";
- the body's or place's possessive, then the title: "Norway's Minister of Education Kari Lund";
- the body, then the title, then the person: "the Harbour Rovers bassist Tom Lind";
- the person (and others named with them), "of", then the body: "Tom Lind and Kari Lund of the
  Tessby Rowing Club" (a body only: "of" before a place is a noble's title, or where one is from);
- the person, a verb of being, then the title of the body or place in the same clause: "Tom Lind
  (born 1950) is a Norwegian civil servant and former chief executive of Harbour Rovers", "Kari
  Lund served as mayor of Tessby" (no other "of" before the title: "the son of the mayor of X").

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
#: How many characters a clause "is a ... chief executive of" may take.
_CLAUSE = 160
#: Words that may stand between a body and the title that follows it ("the band's lead singer").
_MODIFIERS = ("former|then|lead|rhythm|bass|founding|longtime|star|veteran|chief|managing|"
              "executive|deputy|vice|assistant|senior|head|co")


def _titles(place: bool) -> str:
    """The title nouns of a place or of a body, as alternatives of a pattern, longest first."""
    nouns = sorted(words("head-nouns" if place else "membership-nouns"), key=len, reverse=True)
    return "|".join(re.escape(n) for n in nouns)


@cache
def _patterns(place: bool) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    noun = f"(?P<title>{_titles(place)})(?:e?s)?"
    before = re.compile(rf"\b{noun}\s+(?:of|for|at)\s+(?:the\s+)?$", re.IGNORECASE)
    after = re.compile(rf"^\s*,\s*(?:(?:the|a|an|its|his|her|then|former|later)\s+)*"
                       rf"{_FILLER}{noun}\s+(?:of|for|at)\s+(?:the\s+)?$", re.IGNORECASE)
    owned = re.compile(rf"^['’]s\s+{_FILLER}{noun}(?:\s+of\s+[\w ]{{1,40}}?)?\s*,?\s*$",
                       re.IGNORECASE)
    return before, after, owned


@cache
def _more_patterns(place: bool) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The last three shapes of the module's docstring: the title between the body and the
    person, "of" between them, and a clause with a verb of being."""
    noun = f"(?P<title>(?i:{_titles(place)})(?:e?s)?)"
    between = re.compile(rf"^\s+(?:(?:[A-Z][\w'’.-]*|(?i:{_MODIFIERS}))\s+){{0,2}}{noun}\s*,?\s*$")
    of = re.compile(r"^(?:\s*(?:,|and)\s+(?:[A-Z][\w.'’-]*\s*){1,4}?)*\s+of\s+(?:the\s+)?"
                    r"(?:[\w-]+\s+){0,4}?$")
    clause = re.compile(
        r"^\s*(?:\([^()]{0,100}\)\s*)?,?\s*(?:who\s+)?(?:is|was|has\s+been|had\s+been|became|becomes|"
        r"serves\s+as|served\s+as|remains|remained)\s+(?:(?!\bof\b)[^.;:()\n])*?\b"
        rf"{noun}\s+(?:of|for|at|with)\s+(?:the\s+)?(?:[a-z0-9][\w-]*\s+){{0,3}}$")
    return between, of, clause


def _post(match: re.Match[str], text: str) -> str | None:
    """The title as written when it is written as one (capitalised), else None."""
    title = match.group("title")
    start = match.start("title")
    if not title[:1].isupper():
        return None
    # the capitalised words before it, one blank apart (not a name a table's gap parts from it)
    while (before := re.search(r"(?<!\S)[A-Z](?:\S+ |\S*-)$", text[max(0, start - 40):start])):
        start -= len(before.group(0))
    return text[start:match.end("title")].strip() or None


def titled_posts(pdoc: ProcessedDocument, mentions: Sequence[Mention], confidence: float,
                 extractor: str) -> Iterator[Relation]:
    """The posts the shapes of the module's docstring state between ``mentions``."""
    text = pdoc.text
    people = sorted((m for m in mentions if m.kind is EntityKind.PERSON and not m.role_only),
                    key=lambda m: m.span.start)
    starts = [m.span.start for m in people]
    holders = [m for m in mentions if m.kind in (EntityKind.ORGANIZATION, EntityKind.PLACE)]
    for holder in holders:
        near = people[bisect_left(starts, holder.span.start - _CLAUSE - _LONGEST):
                      bisect_right(starts, holder.span.end + _GAP)]  # a bounded few
        for person in near:
            found = _shape(text, person, holder)
            if found is None:
                continue
            match, source = found
            lo = min(person.span.start, holder.span.start)
            hi = max(person.span.end, holder.span.end)
            post = _post(match, source) if "title" in match.groupdict() else None
            yield Relation(RelationKind.HOLDS_POST, person, holder, pdoc.span(lo, hi), extractor,
                           post=post, confidence=confidence)


def _shape(text: str, person: Mention, holder: Mention) -> tuple[re.Match[str], str] | None:
    """The shape that pairs ``person`` with ``holder``, and the text it was read in."""
    place = holder.kind is EntityKind.PLACE
    before, after, owned = _patterns(place)
    between, of, clause = _more_patterns(place)
    if person.span.start >= holder.span.end:  # the body or place first
        gap = text[holder.span.end:person.span.start]
        if len(gap) > _GAP:
            return None
        if re.fullmatch(r"\s*,?\s*", gap):
            ahead = text[max(0, holder.span.start - _REACH):holder.span.start]
            found, source = before.search(ahead), ahead
        else:
            found, source = owned.match(gap) or between.match(gap), gap
    elif holder.span.start >= person.span.end:  # the person first
        gap = text[person.span.end:holder.span.start]
        if len(gap) > _CLAUSE:
            return None
        found = after.match(gap) if len(gap) <= _GAP else None
        if found is None and not place and len(gap) <= _GAP:
            found = of.match(gap)
        found, source = found or clause.match(gap), gap
    else:
        return None
    return (found, source) if found is not None else None
