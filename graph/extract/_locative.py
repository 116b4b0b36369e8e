"""Where a sentence that defines a thing says it lies (``relations.v1``).

An encyclopaedic or institutional text opens with what a thing is and where: "Tarvo Lake State
Park is a state park in Merrin County, Tennessee, in the southeastern United States", "Ulvik is a
town in the Kestra Region of Uzbekistan", "Norrland Air was an airline based in Luleå, Sweden".
The subject of the definition (a place, an organisation or an event named first in its sentence,
then "is a", "was an", "is the") lies in each place of the run of places that follows its first
"in", "on", "at" or "within": the places of the run are joined only by commas and by lowercase
words that go on saying where ("in the U.S. state of", "in the far northeastern part of", ", in
the"). A word that turns to something else ends the run: "and", "between", "near", "from",
"north of", a number ("about 12 km from downtown Juneau").

The description between the verb and the first preposition is at most :data:`_DESCRIPTION`
words and names nothing ("a weapons manufacturer and defence contractor based in").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence

from .._nlp import ProcessedDocument
from ..records import EntityKind, Mention, Relation, RelationKind

__all__ = ["defined_locations"]

#: How many words may describe the subject before the preposition that says where it lies.
_DESCRIPTION = 12
_DEFINES = re.compile(r"\s*(?:\([^()]{0,80}\)\s*)?,?\s*(?:is|was)\s+(?:an?|the)\s+")
_WHERE = re.compile(r"\b(?:in|on|at|within)\s+")
#: What may stand between two places of the run: lowercase words that go on saying where.
#: (Each word one way only: alternatives that overlap would backtrack exponentially on a long gap
#: that does not match.)
_GAP = re.compile(r"(?:\s*,)?\s*(?:(?:U\.S\.|US|[a-z][a-z-]*)\s+)*")
_BREAK = frozenset({"and", "or", "but", "between", "from", "to", "near", "across", "along",
                    "opposite", "off", "beyond", "with", "by", "which", "that",
                    "where", "who", "whose", "while", "border", "bordering",
                    "than", "as", "like", "about", "approximately", "some",
                    "km", "miles", "kilometres", "kilometers", "metres",
                    "meters", "feet", "bank", "banks", "shore", "shores", "mouth",
                    "confluence"})
#: The last words of water, which a place lies beside, not in.
_WATER = frozenset({"River", "Creek", "Lake", "Sea", "Ocean", "Bay", "Gulf", "Strait", "Channel",
                    "Canal", "Brook", "Stream", "Lagoon", "Sound", "Fjord"})
_DIRECTION = re.compile(r"\b(?:north|south|east|west)(?:east|west)?(?:ern)?\s+of\b")
_SUBJECTS = (EntityKind.PLACE, EntityKind.ORGANIZATION, EntityKind.EVENT)


def _run_gap(gap: str) -> bool:
    """``gap``, the text between two places (or between the preposition and the first place),
    keeps the run going."""
    if not _GAP.fullmatch(gap) or _DIRECTION.search(gap):
        return False
    return not _BREAK & set(re.findall(r"[A-Za-z]+", gap))


def defined_locations(pdoc: ProcessedDocument, mentions: Sequence[Mention], confidence: float,
                      extractor: str) -> Iterator[Relation]:
    """The relations of each definition of ``pdoc`` that says where its subject lies."""
    text = pdoc.text
    ordered = sorted((m for m in mentions if not m.role_only),
                     key=lambda m: (m.span.start, -m.span.end))
    starts = [m.span.start for m in ordered]
    for lo, hi in pdoc.sentences():
        inside = [m for m in ordered[bisect_left(starts, lo):bisect_left(starts, hi)]
                  if m.span.end <= hi]
        if not inside or inside[0].kind not in _SUBJECTS or text[lo:inside[0].span.start].strip():
            continue
        subject = inside[0]
        verb = _DEFINES.match(text, subject.span.end)
        if verb is None:
            continue
        rest = [m for m in inside if m.span.start >= verb.end()]
        where = _WHERE.search(text, verb.end(), rest[0].span.start if rest else hi)
        if where is None or len(text[verb.end():where.start()].split()) > _DESCRIPTION:
            continue
        at = where.end()
        for place in rest:
            if place.kind is not EntityKind.PLACE or not _run_gap(text[at:place.span.start]) \
                    or place.name.split()[-1] in _WATER:
                break  # "a village in Varnby Shire on the eastern bank of the Tolka River"
            kind = RelationKind.CONTAINED_IN if subject.kind is EntityKind.PLACE else \
                RelationKind.LOCATED_IN
            if place.name != subject.name:
                yield Relation(kind, subject, place, pdoc.span(lo, hi), extractor,
                               confidence=confidence)
            at = place.span.end
