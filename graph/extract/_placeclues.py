"""Names the text itself shows to be places', whatever the model read.

The model reads many small places as people or bodies: a hamlet, a lake, a freeway, a district
("Brookston", "Clark Lake", "Wayne Gretzky Drive", "Semien Wollo"). The text often says what they
are, and that settles it:

- a definition: the name, then "is a" (or "was a", "is the") and, within three words, a noun of
  ``lex:place-nouns`` that ends the phrase: "Brookston is a city in Saint Louis County", "Clark
  Lake is a lake located in ...", "Leonessa is a town and comune in ...";
- a title held of a place, ``lex:place-titles``: "Bishop of Ely", "Earl of Ross", "Battle of
  Samugarh" (a person's reading only: "Governor of the Bank of England" keeps its bank).

Every mention of such a name in the document then names a place: a person's or an
organisation's reading of it becomes a place (with no subtype); relations and facts that named
the old reading go with it, as the typer's changes do (their extractor chose them for the old
kind). Names the gazetteer links to an authority keep their kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from ..records import DocumentFact, EntityKind, Mention, Record, Relation
from ._lexicon import words

__all__ = ["place_clues"]

_AFTER = (r"(?=\s*(?:[,.;:()]|$)|\s+(?:in|on|of|at|near|located|situated|within|along|and|"
          r"that|which|with|north|south|east|west|northeast|northwest|southeast|southwest|"
          r"about|approximately|some|between|founded|lying|bordering|from|for|where)\b)")


@cache
def _definition() -> re.Pattern[str]:
    nouns = "|".join(sorted((re.escape(w) for w in words("place-nouns")), key=len, reverse=True))
    return re.compile(r"\s*(?:\([^()\n]{0,80}\)\s*)?(?:is|was)\s+(?:a|an|the)\s+"
                      rf"(?:[\w'’-]+\s+){{0,3}}?(?:{nouns}){_AFTER}")


@cache
def _title() -> re.Pattern[str]:
    titles = "|".join(sorted((re.escape(w) for w in words("place-titles")), key=len, reverse=True))
    return re.compile(rf"\b(?:{titles})\s+of\s+$")


def _defined(text: str, name: str) -> bool:
    pattern = re.compile(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])")
    return any(_definition().match(text, m.end()) for m in pattern.finditer(text))


def place_clues(text: str, judged: Sequence[Record], found: Sequence[Record]) -> list[Record]:
    """``judged`` (the typer's output for the extractors' records ``found``) with the persons and
    organisations the text shows to be places retyped (see the module's docstring); a mention
    the typer left out or retyped comes back as a place when the text says it is one (a place
    the extractors found stays one, with its relations)."""
    readings = [r for r in found if isinstance(r, Mention) and r.authority is None
                and not r.role_only and r.kind in (EntityKind.PERSON, EntityKind.ORGANIZATION,
                                                    EntityKind.PLACE)]
    places = {n for n in {r.name for r in readings} if _defined(text, n)}
    places |= {r.name for r in readings if r.kind is EntityKind.PERSON
               and _title().search(text, max(0, r.span.start - 20), r.span.start)}
    if not places:
        return list(judged)
    changed = {r for r in readings if r.name in places}
    spans = {(r.span, r.name) for r in changed}
    gone = {r for r in judged if isinstance(r, Mention) and (r.span, r.name) in spans
            and r.kind is not EntityKind.PLACE}
    placed = {(r.span, r.name) for r in judged
              if isinstance(r, Mention) and r.kind is EntityKind.PLACE}
    out: list[Record] = []
    for r in judged:
        if r in gone or (isinstance(r, Relation) and (r.subject in gone or r.object in gone)):
            continue
        if isinstance(r, DocumentFact) and isinstance(r.value, Mention) and r.value in gone:
            continue
        out.append(r)
    out += [r if r.kind is EntityKind.PLACE else
            replace(r, kind=EntityKind.PLACE, subtype=None, honorific=None)
            for r in sorted(changed, key=lambda m: (m.span, m.name))
            if (r.span, r.name) not in placed]
    return out
