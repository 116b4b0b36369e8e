"""What the text itself says a name names, whatever the model read.

The model reads many small places as people or bodies ("Brookston", "Clark Lake", "Wayne Gretzky
Drive"), bands as people, songs and games as bodies. The text often says what they are, and that
settles it:

- a definition: the name, then "is a" (or "was a", "is the") and, within three words, a noun
  that ends the phrase: of ``lex:place-nouns`` ("Brookston is a city in Saint Louis County",
  "Clark Lake is a lake located in ..."), of ``lex:organization-kinds`` ("Naked Eyes is a band
  from ..."), or of ``lex:work-nouns`` ("Bombtrack is a song by ...");
- a title held of a place, ``lex:place-titles``: "Bishop of Ely", "Earl of Ross", "Battle of
  Samugarh" (a person's reading only: "Governor of the Bank of England" keeps its bank);
- the last word of a built place's name, ``lex:facility-heads``: "Vienna International
  Airport", "Gorky Park", "Wayne Gretzky Drive" (not after a given name: "Robert Park"), or the
  first word of a place's short name, ``lex:facility-starts``: "Piazza San Marco", "Lake
  Nasser" (not before an organisation's head word: "Mount Sinai Hospital");
- a place noun of ``lex:place-kind-nouns`` right before the name, and the names listed after
  it: "the river Arno", "the volcanoes Merapi and Sumbing";
- a town's name after the words of a player's team, ``lex:team-cues``: "he played for Corby
  Town", "a season on loan at Rio Ave" name a club (a gazetteer country keeps its kind).

Every person's, organisation's or place's reading of such a name in the document then takes the
kind the text gives it, or is left out when the text names a work; relations and facts that named
a changed reading go with it, as the typer's changes do (their extractor chose them for the old
kind). Applied after the typer: a reading it left out or retyped comes back as the text says.
Names the gazetteer links to an authority, and persons named by a post only, are left as they
are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from ..records import EntityKind, Mention, Record, names_any
from ._lexicon import words
from ._vocab import ORG_HEADS

__all__ = ["defined_kinds", "definitions"]

_AFTER = (r"(?=\s*(?:[,.;:()]|$)|\s+(?:in|on|of|at|by|near|located|situated|within|along|and|"
          r"that|which|with|north|south|east|west|northeast|northwest|southeast|southwest|"
          r"about|approximately|some|between|founded|formed|lying|bordering|from|for|where|"
          r"based|released|written|directed|developed|published|produced|recorded)\b)")
_READ = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE)
#: The lists a definition's noun is looked up in, in this order, and the kind each gives
#: (None: a work, which is no person, organisation or place).
_LISTS: tuple[tuple[str, EntityKind | None], ...] = (
    ("place-nouns", EntityKind.PLACE), ("organization-kinds", EntityKind.ORGANIZATION),
    ("work-nouns", None))


@cache
def _definition() -> re.Pattern[str]:
    """ "is a ... <noun>": the words after a defined name."""
    nouns = sorted(_noun_kinds(), key=len, reverse=True)
    return re.compile(r"\b(?:is|was)\s+(?:a|an|the)\s+"
                      rf"(?:[\w'’-]+\s+){{0,3}}?(?P<noun>{'|'.join(map(re.escape, nouns))})"
                      + _AFTER)


#: What may stand between a defined name and "is": a closing quote, a bracket ("Gujranwala
#: (Punjabi: ...) is a city").
_BETWEEN = re.compile(r"[\"”’']?\s*(?:\([^()\n]{0,80}\)\s*)?$")


@cache
def _title() -> re.Pattern[str]:
    titles = "|".join(sorted((re.escape(w) for w in words("place-titles")), key=len, reverse=True))
    return re.compile(rf"\b(?:{titles})\s+of\s+$")


def _place_nouns() -> str:
    """The nouns of ``lex:place-kind-nouns`` as an alternation, the longest first."""
    return "|".join(sorted(map(re.escape, words("place-kind-nouns")), key=len, reverse=True))


@cache
def _kind_before() -> re.Pattern[str]:
    """ "the volcanoes ", "the river ", "the Hindu temples of ": a noun of
    ``lex:place-kind-nouns`` before a name (a plural one before "of")."""
    nouns = _place_nouns()
    return re.compile(rf"\b(?:(?:the|of|between)\s+(?:{nouns})(?:e?s)?|(?:{nouns})e?s\s+of)\s+$")


@cache
def _kind_after() -> re.Pattern[str]:
    """ " temple", " river": a noun of ``lex:place-kind-nouns`` in lower case after a name."""
    return re.compile(rf"[ \t]+(?:{_place_nouns()})\b")


def _named_after_kind(text: str, readings: Sequence[Mention]) -> set[str]:
    """The names a lower-case place noun stands right before ("the river Arno", "the temples of
    Pashupatinath") or after ("the Nyatapola temple"), and those listed after such a name ("the
    volcanoes Merapi and Sumbing")."""
    out: set[str] = set()
    last_end = -1
    for r in sorted(readings, key=lambda r: r.span.start):
        listed = last_end >= 0 and re.fullmatch(r"\s*(?:,|,?\s+(?:and|or))\s+",
                                                text[last_end:r.span.start])
        if listed or _kind_before().search(text, max(0, r.span.start - 40), r.span.start) or \
                _kind_after().match(text, r.span.end):
            if r.kind is not EntityKind.PLACE:
                out.add(r.name)
            last_end = r.span.end
        elif r.span.start >= last_end:
            last_end = -1
    return out


@cache
def _noun_kinds() -> dict[str, EntityKind | None]:
    """Each noun of a definition and the kind it gives (the first list that has it)."""
    out: dict[str, EntityKind | None] = {}
    for name, kind in _LISTS:
        for word in words(name):
            out.setdefault(word.lower(), kind)
    return out


@cache
def _team() -> re.Pattern[str]:
    cues = "|".join(sorted((re.escape(w) for w in words("team-cues")), key=len, reverse=True))
    return re.compile(rf"\b(?:{cues})\s+(?:the\s+)?$", re.IGNORECASE)


def _built_place(name: str) -> bool:
    """A name that ends with a word of ``lex:facility-heads`` and does not open with a given
    name: "Vienna International Airport", not "Robert Park"; or one of two or three words that
    opens with a word of ``lex:facility-starts`` (not a given name: "Wadi Haddad") and does not
    end with an organisation's head word: "Piazza San Marco", not "Mount Sinai Hospital"."""
    parts = name.split()
    if len(parts) >= 3 and parts[-1] == "Reserve" and parts[-2] in words("reserve-kinds"):
        return True  # "Urdaibai Biosphere Reserve", not "Federal Reserve"
    return len(parts) >= 2 and parts[0] not in words("given-names") and (
        parts[-1] in words("facility-heads") or (len(parts) <= 3 and parts[0] in words(
            "facility-starts") and parts[-1] not in ORG_HEADS | words("facility-bodies")))


def defined_kinds(text: str, names: set[str]) -> dict[str, EntityKind | None]:
    """The kind the first definition of each of ``names`` in ``text`` gives it (None: a work).

    One pass over the text for the definitions; each looks back for a name of ``names`` that
    ends just before it (by its last word), so the cost does not grow with names times text."""
    by_last: dict[str, list[str]] = {}
    for name in names:
        if name.split():
            by_last.setdefault(name.split()[-1], []).append(name)
    out: dict[str, EntityKind | None] = {}
    for d in _definition().finditer(text):
        between = _BETWEEN.search(text, max(0, d.start() - 100), d.start())
        end = between.start() if between else d.start()
        last = re.search(r"[\w'’.-]+$", text[max(0, end - 60):end])
        for name in by_last.get(last.group(0) if last else "", ()):
            start = end - len(name)
            if name not in out and start >= 0 and text[start:end] == name and not (
                    start and (text[start - 1].isalnum() or text[start - 1] in "'’-")):
                out[name] = _noun_kinds()[d.group("noun").lower()]
    return out


def definitions(text: str, judged: Sequence[Record], found: Sequence[Record]) -> list[Record]:
    """``judged`` (the typer's output for the extractors' records ``found``) with the readings
    of the names the text defines set to the kind it gives them (see the module's docstring)."""
    readings = [r for r in found if isinstance(r, Mention) and r.authority is None
                and not r.role_only and r.kind in _READ]
    kinds = defined_kinds(text, {r.name for r in readings})
    for r in readings:
        if r.kind is not EntityKind.PLACE and r.name not in kinds and _built_place(r.name):
            kinds[r.name] = EntityKind.PLACE
        elif r.kind is EntityKind.PLACE and r.name not in kinds and _team().search(
                text, max(0, r.span.start - 30), r.span.start):
            kinds[r.name] = EntityKind.ORGANIZATION
    for name in _named_after_kind(text, readings) - kinds.keys():
        kinds[name] = EntityKind.PLACE
    for r in readings:
        if r.kind is EntityKind.PERSON and r.name not in kinds and _title().search(
                text, max(0, r.span.start - 20), r.span.start):
            kinds[r.name] = EntityKind.PLACE
    if not kinds:
        return list(judged)
    changed = [r for r in readings if r.name in kinds]
    spans = {(r.span, r.name) for r in changed}
    right = {(r.span, r.name) for r in judged
             if isinstance(r, Mention) and (r.span, r.name) in spans and r.kind is kinds[r.name]}
    gone = {r for r in judged if isinstance(r, Mention) and (r.span, r.name) in spans
            and (r.span, r.name) not in right}
    out: list[Record] = [r for r in judged if r not in gone and not names_any(r, gone)]
    added: set[tuple[object, str]] = set()
    for m in sorted(changed, key=lambda m: (m.span, m.name)):
        kind = kinds[m.name]
        if kind is None or (m.span, m.name) in right or (m.span, m.name) in added:
            continue
        added.add((m.span, m.name))
        out.append(m if m.kind is kind else replace(m, kind=kind, subtype=None, honorific=None))
    return out
