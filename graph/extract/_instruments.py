"""Instruments as ``references.v1`` names them: the date written after a title, the short form a
text defines for a title ('hereinafter called "the 1983 Regional Convention"'), the link of a
reference to the authority file's entry (``ontology/gazetteer/*-instruments.ttl``), and the
words that name a protocol, a treaty or an agenda without a year (:func:`placed`)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise

from .._dates import find_dates
from .._gazetteer import Gazetteer, load_gazetteer
from ..records import DateValue, Mention
from ._placenames import place_names

__all__ = ["BEFORE_THEIR", "PART_WORDS", "dated", "known_end", "linked", "placed", "short_forms"]

#: Words that name a part of an instrument: "... Rights and Articles 19 and 22 of the ...".
PART_WORDS = frozenset({"Article", "Articles", "Annex", "Annexes", "Paragraph", "Paragraphs",
                        "Chapter", "Part", "Section", "Principle", "Principles"})
#: Prepositions after which a title may go on with "their": "Arising from their Utilization".
BEFORE_THEIR = frozenset({"from", "of", "to", "in", "on", "for", "by", "with", "at"})

#: Words that rank a protocol or a treaty: "the Second Protocol", "its Optional Protocol".
_RANKS = frozenset({"First", "Second", "Third", "Fourth", "Optional", "Additional"})

# a date after the title is the instrument's, not part of its name: "... Rights of 16 December
# 1966", "... of 1966", "..., adopted on 2 November 2001"
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November"
           "|December")
_DATE_TAIL = re.compile(
    r"(?:,?\s+(?:of|in|dated|adopted\s+(?:on|in)|signed\s+(?:at\s+[A-Z][\w-]*\s+)?on))?\s+"
    rf"(?P<date>(?:\d{{1,2}}\s+(?:{_MONTHS})\s+|(?:{_MONTHS})\s+(?:\d{{1,2}},?\s+)?)?"
    r"(?:1[6-9]|20)\d\d)$"
)
_YEAR = re.compile(r"(?:1[6-9]|20)\d\d")


def dated(text: str, start: int, end: int) -> tuple[int, DateValue | None]:
    """The end of the title at ``start..end`` without the date written after it ("of 16
    December 1966"), and that date as the instrument's."""
    tail = _DATE_TAIL.search(text, start, end)
    if tail is None:
        return end, None
    written = tail.group("date")
    dates = list(find_dates(written))
    when = dates[0].start_date if dates and dates[0].end == len(written) else None
    if when is None and _YEAR.fullmatch(written):
        when = DateValue(written)
    return tail.start(), when


@lru_cache(maxsize=4)  # one per gazetteer (the built-in one, a build's with --authority files)
def _known_titles(gazetteer: Gazetteer) -> dict[str, list[re.Pattern[str]]]:
    """The listed instruments' names and alternate names of four words or more as patterns (any
    spacing, any case), by their first word folded, the longest first."""
    out: dict[str, list[re.Pattern[str]]] = {}
    names = {n for w in gazetteer.works for n in (w.name, *w.alternate_names)
             if len(n.split()) >= 4}  # a title; not a short form with a year ("Agenda 2030")
    for name in sorted(names, key=len, reverse=True):
        words = name.split()
        pattern = re.compile(r"\s+".join(map(re.escape, words)) + r"(?![\w-])", re.IGNORECASE)
        out.setdefault(words[0].casefold(), []).append(pattern)
    return out


def known_end(text: str, starts: tuple[int, ...], end: int) -> int:
    """``end``, or the end of the longest listed instrument name the text spells from one of
    ``starts`` when it goes further (across line breaks, commas and case: "Recommendation
    concerning the Protection, at National Level, of the Cultural and Natural Heritage")."""
    titles = _known_titles(load_gazetteer())
    for start in starts:
        first = re.match(r"[\w-]+", text[start:start + 40])
        for pattern in titles.get(first.group(0).casefold(), ()) if first else ():
            found = pattern.match(text, start)
            if found:
                end = max(end, found.end())
                break
    return end


def linked(work: Mention) -> Mention:
    """``work`` tied to the authority entry of the instrument it names, if one has its name:
    named as the entry, its words as written an alternate name, its date the entry's."""
    if work.subtype in ("WebResource", "LetterReference") or work.identifier:
        return work
    entry = load_gazetteer().work((work.name, *work.alternate_names))
    if entry is None:
        return work
    names = (work.name, *work.alternate_names, *entry.alternate_names, *entry.acronyms)
    return replace(work, name=entry.name, authority=entry.iri,
                   subtype=entry.subtype or work.subtype,
                   alternate_names=tuple(dict.fromkeys(n for n in names if n != entry.name)),
                   start_date=entry.date or work.start_date)


#: What introduces a document's short form after its title: 'hereinafter called "the 1983
#: Regional Convention"', '(hereinafter referred to as "the Convention")'.
_HEREINAFTER = re.compile(r"[^.;]{0,160}?\bhereinafter\s+(?:(?:called|referred\s+to\s+as|cited\s+"
                          r"as|named)\s+)?[\"\u201c\u2018']?(?:the\s+)?$", re.IGNORECASE)


def short_forms(text: str, works: list[Mention]) -> list[Mention]:
    """``works`` (in the text's order) with each short form the text defines after a title
    ("hereinafter called ...") and each symbol in brackets after one ("the report of the
    Commission (28 C/74)") named as the title, wherever it is written, and the title knowing
    its short form."""
    full: dict[str, Mention] = {}
    for a, b in pairwise(works):
        if _HEREINAFTER.fullmatch(text, a.span.end, b.span.start) or _bracketed(text, a, b):
            full.update(dict.fromkeys((b.name, *b.alternate_names), a))
    out = []
    for m in works:
        target = next((full[n] for n in (m.name, *m.alternate_names) if n in full), None)
        if target is not None and target is not m:
            names = tuple(dict.fromkeys((*target.alternate_names, m.name, *m.alternate_names)))
            m = replace(m, name=target.name, alternate_names=names, subtype=target.subtype)
        elif target is None and any(t is m for t in full.values()):
            extra = (n for n, t in full.items() if t is m)
            m = replace(m, alternate_names=tuple(dict.fromkeys((*m.alternate_names, *extra))))
        out.append(m)
    return out


def _bracketed(text: str, title: Mention, symbol: Mention) -> bool:
    """The document symbol in brackets right after a title is the titled document's: "the
    report of the Commission (28 C/74)" (not a resolution's: "the Declaration (resolution 217 A
    (III))" names the act that adopted it)."""
    return (symbol.identifier is not None and title.identifier is None
            and not re.search(r"(?i)resolution|decision", symbol.name)
            and re.fullmatch(r"[ \t]*\([ \t]*", text[title.span.end:symbol.span.start]) is not None
            and text[symbol.span.end:symbol.span.end + 1] == ")")


def placed(left: str, ranked: bool = True) -> bool:
    """Words before a protocol, a treaty or an agenda that name it without a year: a town ("the
    Kyoto Protocol", "the Addis Ababa Action Agenda") or, ``ranked``, a rank ("the Second
    Protocol", "Optional Protocol"; not for an agenda: "the Provisional Agenda")."""
    words = left.split()
    pairs = map(" ".join, pairwise(words))  # "Addis Ababa"
    return any((ranked and w in _RANKS) or w in place_names() for w in [*words, *pairs])
