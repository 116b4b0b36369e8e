"""How the organisations of one document fit inside each other: the PART_OF rules.

Given the organisation mentions of a document, in text order, these rules read which is part of
which: the parents found while reading names ("Culture Sector of UNESCO"), the nearest gazetteer
ancestor named in the same document, "X's Y", address blocks (a unit followed by its host:
"UNESCO Chair on ... National Research University ..."), letterheads (each unit line under the one
before, the first under the letterhead's organisation) and the sender's unit in a signature block.

It also holds ``reads_as_person``, the test both ``organizations.v1`` and ``people.v1`` apply to
a name the model calls ORG: a list of people it stands in, or a clause only a person can head.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import pairwise

from .._gazetteer import load_gazetteer
from .._nlp import ProcessedDocument
from ..records import Mention, Relation, RelationKind
from ._lexicon import words as lexicon_words
from ._spans import SpanIndex
from ._vocab import (
    APOS,
    INSTRUMENTS,
    MONTHS,
    NOT_ORG,
    ORG_HEADS,
    POST_NOUNS,
    POST_QUALIFIERS,
    POST_WORDS,
    UNIT,
)

__all__ = ["ADJECTIVE", "POSSESSIVE", "after_honorific", "ancestors", "in_address",
           "in_instrument_title", "is_portfolio", "letterhead", "reads_as_person", "relations"]

#: The possessive between two names: "X's Y".
POSSESSIVE = re.compile(rf"[{APOS}]s\s+")
#: A capitalised adjective: it modifies a head further on ("Social Democratic and Labour Party").
ADJECTIVE = re.compile(r"[a-z](?:ic|al|ist|ive|ian)$")
_CLOSING = re.compile(r"(?im)^\s*(?:yours\s+(?:sincerely|faithfully|truly)|sincerely|"
                      r"(?:kind|best|warm)\s+regards|with\s+(?:best|kind)\s+regards)\b")

# "Science and Technology", "Trade, Industry and Development": capitalised words and "and".
_COORDINATION = re.compile(r"[A-Z][\w-]*(?:,? [A-Z][\w-]*)*,? (?:and|&) "
                           r"[A-Z][\w-]*(?: [A-Z][\w-]*)*")


def is_portfolio(name: str) -> bool:
    """A coordination of subject words without a head word: the rest of a post's portfolio.

    "Minister of Education, Science and Technology": "Science and Technology" names no body.
    """
    return bool(_COORDINATION.fullmatch(name)) and not any(
        w in ORG_HEADS or w in POST_WORDS for w in re.findall(r"[\w-]+", name))


def ancestors(iri: str) -> list[str]:
    """The gazetteer ancestors of ``iri``: its parents, theirs, and so on."""
    gaz = load_gazetteer()
    out: list[str] = []
    todo = [iri]
    while todo:
        entry = gaz.by_iri(todo.pop())
        for parent in entry.parents if entry else ():
            if parent not in out:
                out.append(parent)
                todo.append(parent)
    return out


def letterhead(text: str, orgs: Sequence[Mention]) -> tuple[Mention | None, list[Mention]]:
    """The organisation heading the document and the unit lines under it (top-down).

    The letterhead is the run of lines at the top of the document that organisation names cover
    (lines without Latin letters are skipped); it ends at the first line that is mostly other text.
    """
    covered = SpanIndex((m.span.start, m.span.end) for m in orgs)
    in_zone: list[Mention] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        letters = [i for i in range(start, end) if text[i].isascii() and text[i].isalpha()]
        if not letters:
            continue
        inside = sum(1 for i in letters if covered.covers(i))
        if inside < 0.9 * len(letters):
            break
        in_zone += [m for m in orgs if start <= m.span.start < end]
    top = next((m for m in in_zone if m.subtype != UNIT), None)
    units = [m for m in in_zone if m.subtype == UNIT and top and m.span.start > top.span.start]
    return top, units


def relations(pdoc: ProcessedDocument, mentions: list[Mention],
              parents: dict[int, tuple[int, int]], extractor: str
              ) -> Iterator[Relation]:
    """PART_OF relations between ``mentions`` (in text order), attributed to ``extractor``.

    ``parents`` maps the index of a mention to the span of the mention it was read as part of
    ("Culture Sector of UNESCO").
    """
    text = pdoc.text
    by_span = {(m.span.start, m.span.end): m for m in mentions}
    seen: set[tuple[str, str]] = set()

    def rel(child: Mention, parent: Mention) -> Iterator[Relation]:
        key = (child.authority or child.name, parent.authority or parent.name)
        if key in seen or key[0] == key[1]:
            return
        seen.add(key)
        lo, hi = min(child.span.start, parent.span.start), max(child.span.end, parent.span.end)
        if hi - lo > 300:
            lo, hi = child.span.start, child.span.end
        yield Relation(RelationKind.PART_OF, child, parent, pdoc.span(lo, hi), extractor)

    for idx, span in parents.items():
        yield from rel(mentions[idx], by_span[span])
    # Gazetteer parents named in the same sentence: the nearest named ancestor (the text then
    # states the tie, "the General Conference of UNESCO decided"; a document that names both
    # far apart does not)
    sentences = list(pdoc.sentences())
    for m in mentions:
        if not m.authority:
            continue
        sentence = next(((s, e) for s, e in sentences if s <= m.span.start < e), None)
        for iri in ancestors(m.authority):
            named = [p for p in mentions if p.authority == iri and sentence is not None
                     and sentence[0] <= p.span.start < sentence[1]]
            if named:
                yield from rel(m, min(named, key=lambda p: abs(p.span.start - m.span.start)))
                break
    # "X's Y": Y part of X.  A unit followed by its host: "Chair on ... University ...".
    for a, b in pairwise(mentions):
        gap = text[a.span.end:b.span.start]
        if POSSESSIVE.fullmatch(gap):
            yield from rel(b, a)
        elif a.subtype == UNIT and b.subtype != UNIT and re.fullmatch(r"[ \t]*,?\s*", gap):
            yield from rel(a, b)
    top, units = letterhead(text, mentions)
    if top is not None:
        chain = [top, *units]
        for parent, child in pairwise(chain):
            yield from rel(child, parent)
        # The sender's unit in a signature block belongs to the letterhead's organisation.
        closing = _CLOSING.search(text)
        children = {key[0] for key in seen}
        for m in mentions:
            if (closing and m.subtype == UNIT and m.span.start > closing.end()
                    and (m.authority or m.name) not in children):
                yield from rel(m, top)


# --- names the model calls ORG that the sentence shows to be people ---------------------------

_COPULAS = frozenset(["is", "was", "been", "be", "becomes", "became", "remained", "remains"])
# The verb after a subject, past auxiliaries and adverbs: "has since been re-elected".
_PREDICATE = re.compile(r"[ \t]+(?P<aux>(?:(?:has|have|had|was|is|were|been|being|will|would|"
                        r"also|later|then|first|since|subsequently|again|eventually|never|once|"
                        r"unsuccessfully|narrowly|successfully|not)[ \t]+)*)(?P<verb>[a-z][\w-]*)")
# "joined the Progressive Unity Party": the object of "joined" is a party.
_JOINS_PARTY = re.compile(r"[ \t]+the[ \t]+(?:[A-Z][\w-]*[ \t]+)+Party\b")
# The noun phrase after a copula, up to a preposition or punctuation: "a Unity Party candidate".
_NOUN_PHRASE = re.compile(r"[ \t]+(?:a|an|the)[ \t]+(?:[\w-]+[ \t]+){0,6}?[\w-]+"
                          r"(?=[ \t]+(?:of|for|in|at|from|to|and|who|with)\b|[ \t]*[,.;:()]|$)")
_PERSON_PRONOUN = re.compile(r"\b(?:he|she|his|her|him|himself|herself)\b")
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")


def reads_as_person(pdoc: ProcessedDocument, start: int, end: int, *, listed_only: bool = False
                    ) -> bool:
    """``start..end`` (capitalised words, no head word) is used as a person's name.

    Two cues: it is listed next to a name the model reads as a person's ("Ann Lee, Tom Ray and
    Eva Fox"), or it is the subject of a verb only people take ("X was born", "X resigned") or of
    a clause that goes on with "he"/"his"/"she"/"her" before any other person is named.
    """
    text = pdoc.text
    words = text[start:end].split()
    if not words or len(words) > 4 or any(
            not w[:1].isupper() or w in ORG_HEADS or w in NOT_ORG or w in POST_WORDS
            or w in MONTHS or w.isupper() for w in words):
        return False
    if ADJECTIVE.search(words[-1]) and any(  # "Italian", unless the model reads no entity
            e.start <= start < e.end for e in pdoc.entities()):
        return False
    persons = [(e.start, e.end) for e in pdoc.entities()
               if e.label == "PERSON" and " " in text[e.start:e.end].strip()]
    if len(words) > 1 and (_listed_with(text, start, end, persons) or _post_follows(text, end)):
        return True
    if listed_only:
        return False
    for offset, doc in pdoc.chunks:
        span = doc.char_span(start - offset, end - offset, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if root.dep_ not in ("nsubj", "nsubjpass") or root.head.pos_ not in ("VERB", "AUX"):
            return False
        if _person_predicate(end, text):
            return True
        sent_end = offset + span.sent.end_char
        later = [s for s, _ in persons if end <= s < sent_end]
        pron = _PERSON_PRONOUN.search(text, end, sent_end)
        return pron is not None and not any(s < pron.start() for s in later)
    return False


_APPOSITION = re.compile(
    r",[ \t]+(?:(?:the|a|former|then)[ \t]+)?([A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*){0,2})")


def _post_follows(text: str, end: int) -> bool:
    """A post in apposition after the name: "Ann Lee, Under-Secretary General and ...", "Tom
    Ray, Minister of Culture": the words up to the post are only qualifiers of it."""
    m = _APPOSITION.match(text, end)
    if m is None:
        return False
    for part in re.split(r"[ \t-]+", m.group(1)):
        if part in POST_WORDS or part in POST_NOUNS:
            return True
        if part not in POST_QUALIFIERS:
            return False
    return False


def _person_predicate(subject_end: int, text: str) -> bool:
    """The words after a subject say it is a person: "was first elected", "has been re-elected",
    "resigned", "was a Liberal candidate".

    Verb forms and nouns come from ``ontology/lexicon/person-verbs.ttl`` (the pipeline does not
    lemmatise, so the lists hold inflected forms).
    """
    m = _PREDICATE.match(text, subject_end)
    if m is None:
        return False
    verb = m.group("verb")
    if verb.lower() in lexicon_words("person-verbs"):
        return True
    # a person runs for a seat and joins a party (a party runs in an election, joins a coalition)
    if verb in ("ran", "runs", "run") and re.match(r"[ \t]+for\b", text[m.end():]):
        return True
    if verb in ("joined", "joins", "rejoined") and _JOINS_PARTY.match(text, m.end()):
        return True
    if verb in ("a", "an", "the") and _COPULAS & set(m.group("aux").split()):
        phrase = _NOUN_PHRASE.match(text, m.start("verb") - 1)
    elif verb in _COPULAS:
        phrase = _NOUN_PHRASE.match(text, m.end())
    else:
        return False
    nouns = lexicon_words("person-nouns")
    return phrase is not None and any(w in nouns or w.lower() in nouns
                                      for w in re.findall(r"[\w-]+", phrase.group(0)))


# A form of address just before a name: "H.E. Mr ", "Ms ", "Dr. ".
_HONORIFIC_BEFORE = re.compile(r"(?:^|(?<=[\s(,;]))(?:H\.\s?E\.|S\.\s?E\.|Mr|Mrs|Ms|Mx|Dr|Prof|"
                               r"Mme|Mlle|Sir|Dame)\.?[ \t]+$")


def after_honorific(text: str, start: int) -> bool:
    """The words at ``start`` follow a form of address ("H.E. Mr X"): a person's name."""
    return _HONORIFIC_BEFORE.search(text, max(0, start - 12), start) is not None


def _listed_with(text: str, start: int, end: int, persons: list[tuple[int, int]]) -> bool:
    """``start..end`` is a member of a list ("A, B and C") with a person's full name next to it."""
    members = sorted([*persons, (start, end)])
    chain = [(start, end)]
    for side in (-1, 1):  # grow the list of adjacent names on each side
        cur = (start, end)
        while True:
            # (the gap is matched in place: a slice of it would copy the text up to each name)
            nxt = next((m for m in members if m != cur and (
                _LIST_GAP.fullmatch(text, cur[1], m[0]) if side > 0 and m[0] >= cur[1] else
                _LIST_GAP.fullmatch(text, m[1], cur[0]) if side < 0 and m[1] <= cur[0] else
                None)), None)
            if nxt is None:
                break
            chain.append(nxt)
            cur = nxt
    if len(chain) < 2:
        return False
    lo, hi = min(chain)[0], max(chain)[1]
    return len(chain) > 2 or re.search(r"\sand\s", text[lo:hi]) is not None


# --- names that belong to a document title or a postal address --------------------------------

_INSTRUMENT = "|".join(sorted(INSTRUMENTS))
# What links an instrument word to its subject: "Convention on", "Recommendation concerning".
_TITLE_LINK = r"(?:on|for|of|concerning|regarding|against|relating\s+to|with\s+regard\s+to)"
# An instrument title running up to the name: capitalised words and the small words of titles.
_TITLE_BEFORE = re.compile(
    rf"\b(?:{_INSTRUMENT})[ \t]+{_TITLE_LINK}[ \t]+(?:(?:[A-Z][\w{APOS}-]*,?|of|the|and|for|on|in|"
    rf"to|with|regard|respect|concerning|regarding|relating|against|by|between)[ \t]+)*$")
_HEADED = re.compile(rf"(?:{_INSTRUMENT})[ \t]+{_TITLE_LINK}\b")
# A postal box and its number: "P.O. Box 1234", "PO Box AB 12", "Private Bag 4".
_POSTAL_BOX = re.compile(r"\b(?:P\.?[ \t]?O\.?[ \t]*Box|Post[ \t]+Office[ \t]+Box|Private[ \t]+Bag)"
                         r"[ \t]*(?:[A-Z]{1,3}[ \t]*)?\d+")


def in_instrument_title(text: str, start: int, end: int) -> bool:
    """``start..end`` is the title of a legal instrument or part of one, not a body.

    "Convention on the Rights of the Child", "Recommendation on Open Science" (headed by the
    instrument word) and "Processing of Personal Data" in "Convention for the Protection of
    Individuals with regard to Processing of Personal Data" (inside one).
    """
    name = text[start:end]
    if _HEADED.match(name) and name.split()[-1] not in ORG_HEADS:
        return True
    line_start = text.rfind("\n", 0, start) + 1
    return _TITLE_BEFORE.search(text, max(line_start, start - 200), start) is not None


def in_address(text: str, start: int, end: int) -> bool:
    """``start..end`` overlaps a postal box and its number ("P.O. Box LG 1187")."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return any(m.start() < end and start < m.end()
               for m in _POSTAL_BOX.finditer(text, lo, hi if hi >= 0 else len(text)))
