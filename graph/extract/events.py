"""``events.v1``: sessions, meetings, conferences, elections, consultations, observances and
other events, read from the grammar of institutional text.

An event is a noun phrase built on an event head word ("session", "dialogue", "conference",
"election", "consultation", "International Year", "war", "pandemic"...): its premodifiers
(ordinals, years, adjectives, capitalised words: "the 41st session", "a high-level dialogue",
"the 2001 Italian general election") and its named complement ("of the Intergovernmental
Committee for ...", "on the UN Secretary-General's Roadmap on Digital Cooperation", "of 1860").
A phrase is taken when something makes it one event rather than a kind of event: an ordinal, a
year, a capitalised word, a named complement, or a date the grammar ties to it. Its ``name`` is the
fullest phrase as written, without the determiner; ``alternate_names`` hold the shorter forms.

Dates come from inside the name ("the 2001 ... election"), right after it ("in November 2021",
"online from 20-24 April", "last February") or from a clause-opening adverbial whose verb governs
the event ("On 15 June, X participated in a ... dialogue"); years missing are the document's
(``document.v1``) or its metadata's. A place right after the event ("a meeting in Paris", "the
Conference ..., which met at Nairobi") gives LOCATED_IN. "At its 13th session the X": X's.

A later definite reference ("the dialogue", "the high-level dialogue") is a mention of its own,
named with the short name of the latest event it can refer to, so that resolution joins them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .._dates import DateMatch, find_dates, parse_date
from .._gazetteer import load_gazetteer
from .._nlp import ProcessedDocument
from ..records import (
    DateValue,
    DocField,
    DocumentFact,
    EntityKind,
    Mention,
    Record,
    Relation,
    RelationKind,
)
from ..registry import extractors
from ._eventplaces import located
from ._orgnames import foreign_heading
from ._spans import SpanIndex
from ._vocab import MONTHS
from .organizations import ORG_HEADS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["EVENT_HEADS", "NAME", "extract_events", "reference_date"]

NAME = "events.v1"


def _heads(subtype: str | None, words: str) -> dict[str, str | None]:
    return dict.fromkeys(words.split(), subtype)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Head words of event phrases and the finer class each gives.
EVENT_HEADS: dict[str, str | None] = {
    **_heads("Session", "session sessions"),
    **_heads("Meeting", "meeting meetings dialogue dialogues dialog roundtable roundtables "
                        "round-table table tables workshop workshops seminar seminars webinar "
                        "webinars hearing hearings debate retreat briefing"),
    **_heads("Conference", "conference conferences summit summits forum fora symposium symposia "
                           "colloquium congress convention festival expo"),
    **_heads("Election", "election elections by-election by-elections referendum referendums "
                         "referenda plebiscite primary primaries"),
    **_heads("Consultation", "consultation consultations"),
    **_heads("Observance", "year day decade week"), **_heads("Process", "process"),
    **_heads(None, "war wars revolution pandemic epidemic outbreak crisis invasion battle siege "
                   "rebellion revolt uprising coup putsch genocide massacre holocaust campaign "
                   "operation armistice launch ceremony bombing offensive games olympics"),
}
_MARKED = _words("forum congress convention process campaign operation primary")  # bodies too
_OBSERVANCES = _words("year day decade week")  # events only as "International Year of ..."
_OBSERVANCE_MARKERS = _words(
    "International World Global United Nations European African Arab Asian Human Rights Day "
    "Earth Africa Heritage Press Freedom Women's Mother Language")
_PLACE_IN_NAME = _words(  # "in <Place>" in the name: "2009 European Parliament election in Italy"
    "election elections by-election referendum war wars invasion campaign revolution")
_ORDINAL_WORDS = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth"
)
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|e|er|ème)$|^(?:twenty|thirty|forty|fifty|sixty|"
                      r"seventy|eighty|ninety)-\w+$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:1[6-9]|20)\d\d$")
_ROMAN = re.compile(r"^(?:I|II|III|IV|V|VI|VII|VIII|IX|X)$")
# Premodifiers that make a phrase refer back ("the same session") or stay vague.
_VAGUE = _words("this that these those such other same each every several many some various "
                "further following previous next upcoming recent latest last past future any "
                "all both")
_JOINERS = _words("of for the and on & de du des la le to")  # inside a named complement
_COMPLEMENT_PREPS = _words("of on for against")
# Words that may stand between an event and its date or place.
_GAP = re.compile(
    r"^[ \t]*(?:,[ \t]*)?(?:(?:which|that)[ \t]+(?:was|is|will[ \t]+be|took[ \t]+place)[ \t]+)?"
    r"(?:(?:to[ \t]+be[ \t]+)?held[ \t]+|took[ \t]+place[ \t]+|taking[ \t]+place[ \t]+)?"
    r"(?:(?:online|virtually|remotely|physically)[ \t]+)?"
    r"(?:(?:in|at)[ \t]+(?P<place>[A-ZÀ-Ý][\w'’.-]*(?:[ \t]*,?[ \t]+[A-ZÀ-Ý][\w'’.-]*){0,3})"
    r"[ \t]*,?[ \t]+)?"
    r"(?:on|in|from|during|between|of|last|this|next|past)?[ \t]*$"
)
# verbs whose time is the event's time: "met ... from 11 to 14 December 2018 at its session"
_MEETING_VERBS = _words(
    "meet meets met convene convenes convened gather gathers gathered hold holds held assemble "
    "assembled sit sat participate participates participated attend attends attended host hosts "
    "hosted organize organizes organized organise organises organised take takes took address "
    "addresses addressed open opens opened chair chairs chaired speak speaks spoke"
)


@dataclass(frozen=True, slots=True)
class _Phrase:
    offset: int  # of the chunk the head token belongs to
    start: int  # first character of the name (after any determiner)
    end: int
    head: Token
    subtype: str | None
    short: str  # premodifiers and head
    middle: str | None  # the name with its complement cut at the first inner preposition
    specific: bool
    definite: bool  # "the"/"this" before it, nothing specific: a reference back
    has_complement: bool
    premods: tuple[str, ...]


def reference_date(pdoc: ProcessedDocument, found: Sequence[Record]) -> DateValue | None:
    """The document's own date (``document.v1``), else the date the loader recorded."""
    for record in found:
        if (isinstance(record, DocumentFact) and record.field is DocField.DATE
                and isinstance(record.value, DateValue)):
            return record.value
    for key in ("meta-date", "archive-captured"):
        date = parse_date(pdoc.document.meta(key) or "")
        if date is not None:
            return date
    return None


def _is_ordinal(tok: Token) -> bool:
    return (tok.lower_ in _ORDINAL_WORDS or bool(_ORDINAL.match(tok.text))
            or tok.ent_type_ == "ORDINAL")


def _is_head(tok: Token) -> bool:
    word = tok.lower_
    if word not in EVENT_HEADS or tok.pos_ not in ("NOUN", "PROPN", "ADJ"):
        return False
    if tok.i >= 2 and tok.nbor(-1).text == "-" and tok.nbor(-2).lower_ in ("re", "pre", "post"):
        return False  # "re-election": an act, not an event
    if (word == "outbreak" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "of") or (
            word in ("table", "tables") and not (tok.i and tok.nbor(-1).lower_ == "round")):
        return False  # "the outbreak of World War I": the war is the event; a "Round Table"
    if word in _OBSERVANCES:
        return tok.text[:1].isupper() and not tok.is_sent_start
    # "The General Conference ..., meeting in Paris from ...": the body meets; not an event
    return not (word == "meeting" and tok.i and tok.nbor(-1).text == ","
                and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ in ("in", "at"))


def _left_edge(head: Token, text: str, offset: int) -> int:
    """Index of the first premodifier of ``head`` (``text``: the document's, which the parser
    read with the line breaks of wrapped prose as spaces; a name starts on an indented line)."""
    doc, i, taken = head.doc, head.i, 0
    while i > 0 and taken < 9:
        tok = doc[i - 1]
        if re.search(r"\n[ \t]{4}", text[offset + tok.idx + len(tok.text):offset + doc[i].idx]):
            break  # a heading's line: "EXECUTIVE BOARD\n      Hundred and fourth session"
        if tok.text in ("-", "–") and i - 2 >= 0 and not tok.whitespace_ \
                and not doc[i - 2].whitespace_:
            if doc[i - 2].text.islower() and doc[i].text[:1].isupper():
                break  # "post-World War II": a prefix, not part of the name
            i -= 2  # "high-level": three tokens, one word
            taken += 1
            continue
        word = tok.lower_
        if tok.is_space and i - 2 >= 0 and "\n" not in tok.text:
            i -= 1  # a double space between two premodifiers
            continue
        if word in ("of", "and", "&") and i - 2 >= 0 and ((
                doc[i - 2].pos_ == "PROPN" and (word != "of" or not head.text[:1].isupper())
                and doc[i].text[:1].isupper() and doc[i - 2].text[:1].isupper()) or (
                doc[i - 2].lower_ == "hundred" and (doc[i].like_num or _is_ordinal(doc[i])))):
            i -= 1  # "House of Representatives", "Trinidad and Tobago", "hundred and fifth"
            continue
        if word in ("post", "pre", "anti", "mid", "non") and doc[i].text in ("-", "–"):
            break  # "post- World War II"
        if word == "s" and i - 2 >= 0 and doc[i - 2].text in ("'", "’"):
            break  # "Korea ' s": a possessive cut in two
        if tok.is_space or tok.is_punct or word in _VAGUE or tok.pos_ in (
                "DET", "PRON", "ADP", "CCONJ", "SCONJ", "PART", "AUX", "ADV"):
            break
        if tok.pos_ == "VERB" and not tok.text[:1].isupper():
            break
        if (head.text[:1].isupper() and tok.is_alpha and tok.text.islower()
                and doc[i].text[:1].isupper() and not (i >= 3 and doc[i - 2].text == "-"
                                                       and doc[i - 3].text[:1].isupper()
                                                       and head.lower_ == "session")):
            break  # "the current International Year of the Child": a name starts capitalised
        if tok.like_num and not (_YEAR.match(tok.text) or _is_ordinal(tok) or word == "hundred"):
            break
        if tok.ent_type_ == "DATE" and not _YEAR.match(tok.text) and not _is_ordinal(tok) and not (
                i < len(doc) and _YEAR.match(doc[i].text)) and not _named_in_date(tok):
            break  # a month only before a year of the name ("February 1974 ... election")
        if tok.ent_type_ == "PERSON" and word not in EVENT_HEADS:
            break
        i -= 1
        taken += 1
    return i


def _trim_to_year(head: Token, left: int) -> int:
    """ "the inaugural 1901 Australian federal election" is named from its year (and month)."""
    doc = head.doc
    for i in range(left, head.i):
        if _YEAR.match(doc[i].text):
            if i > left and doc[i - 1].ent_type_ == "DATE" and doc[i - 1].text[:1].isupper():
                return i - 1  # "February 1974 United Kingdom general election"
            return i
    return left


def _named_in_date(tok: Token) -> bool:
    """A capitalised word the model takes into a date that is no month, weekday or number: the
    model reads "the International Year of the Creative Economy" as a date."""
    return (tok.text[:1].isupper() and not tok.like_num and tok.text not in MONTHS
            and not _YEAR.match(tok.text))


def _complement_end(head: Token) -> tuple[int, int, bool]:
    """Token indexes after the head's own suffix ("II", "2020") and after its named complement,
    and whether it has a complement."""
    doc = head.doc
    j = head.i + 1
    # "World War II", "Expo 2020", "Operation Barbarossa"
    while j < len(doc) and (_ROMAN.match(doc[j].text) or _YEAR.match(doc[j].text)
                            or (head.text[:1].isupper() and doc[j].pos_ == "PROPN"
                                and head.lower_ in ("operation",))):
        j += 1
    suffix_end = end = j
    found = j > head.i + 1
    while j < len(doc) and doc[j].lower_ in _COMPLEMENT_PREPS | {"in"}:
        prep = doc[j].lower_
        k = j + 1
        if prep == "of" and k < len(doc) and _YEAR.match(doc[k].text):
            end, found, j = k + 1, True, k + 1  # "presidential election of 1860"
            continue
        if prep == "in" and head.lower_ not in _PLACE_IN_NAME:
            nxt = doc[k + 1] if doc[k].lower_ == "the" and k + 1 < len(doc) else doc[k]
            if not (found and nxt.text[:1].isupper() and (nxt.i > k or head.lower_ in _OBSERVANCES)
                    and nxt.ent_type_ not in ("GPE", "LOC", "FAC", "PERSON", "NORP")):
                break  # "... Sport in the Education of Youth", "Day of Women ... in Science"
            prep = "in the"  # "... for Physical Education and Sport in the Education of Youth"
        last = None
        while k < len(doc):
            tok = doc[k]
            capital = tok.text[:1].isupper() or tok.like_num
            if (tok.ent_type_ == "DATE" and not tok.text[:1].isupper()
                    and tok.lower_ not in _JOINERS) or (tok.lower_ in _VAGUE and not (
                        tok.text[:1].isupper() and doc[k - 1].lower_ in _JOINERS)):  # "for All"
                break
            person = tok.ent_type_ == "PERSON" and (  # a full name, not a one-word misreading
                tok.ent_iob_ == "I" or (k + 1 < len(doc) and doc[k + 1].ent_iob_ == "I"))
            if person or (prep == "in" and capital and tok.ent_type_ not in ("GPE", "LOC")):
                last = None if person else last
                break
            if capital and (tok.ent_type_ != "DATE" or _named_in_date(tok)):
                last = k
            elif tok.text in ("'s", "’s", "-", "&") and last == k - 1:
                pass
            elif (last == k - 2 and doc[k - 1].text == "-" and not doc[k - 2].whitespace_
                  and not doc[k - 1].whitespace_):
                last = k  # the rest of a hyphenated word: "Security and Co-operation"
            elif tok.lower_ in _JOINERS - {"of", "on", "for", "to"} or (
                    tok.lower_ in ("of", "on", "for", "to") and last is not None):
                if prep == "in" and last is not None:
                    break
            else:  # an ordinal before a lower-case word is that word's: "of the 32nd session"
                last = None if last == k - 1 and _is_ordinal(doc[last]) else last
                break
            k += 1
        if last is None:
            break
        end, found, j = last + 1, True, last + 1
    return suffix_end, end, found


def _phrase(pdoc: ProcessedDocument, offset: int, head: Token) -> _Phrase | None:
    doc = head.doc
    left = _trim_to_year(head, _left_edge(head, pdoc.text, offset))
    suffix_i, end_i, has_complement = _complement_end(head)
    premods = doc[left:head.i]
    span_start = offset + doc[left].idx
    span_end = offset + doc[end_i - 1].idx + len(doc[end_i - 1].text)
    word = head.lower_
    before = doc[left - 1] if left > 0 else None
    determiner = before.lower_ if before is not None else ""
    ordinal = any(_is_ordinal(t) for t in premods)
    year = any(_YEAR.match(t.text) for t in doc[left:end_i])
    capital = any(t.text[:1].isupper() and not (t.is_sent_start and t.pos_ != "PROPN")
                  for t in premods) or (head.text[:1].isupper() and len(premods) > 0)
    if word in _OBSERVANCES and not any(t.text in _OBSERVANCE_MARKERS for t in premods):
        return None
    if word in _MARKED:
        if word == "convention" and not (year or ordinal or {t.text for t in premods} & {
                "National", "Constitutional", "Constituent", "Party", "Democratic", "Republican"}):
            return None
        if word == "campaign" and any(t.lower_ in EVENT_HEADS for t in premods):
            return None  # "the 2005 federal election campaign": the election is the event
        specific = ordinal or year or (word in ("campaign", "process") and capital and any(
            t.text[:1].isupper() for t in premods)) or (word == "operation" and has_complement
                                                         and head.text[:1].isupper()) or (
            word in ("forum", "congress") and capital  # "World Congress on X": a meeting
            and "on" in {t.lower_ for t in doc[head.i + 1:end_i]})
    else:
        specific = ordinal or year or capital or has_complement
    nxt = doc[end_i] if end_i < len(doc) else None
    if nxt is not None and head.dep_ in ("compound", "nmod", "amod") and head.head.i >= end_i \
            and nxt.pos_ in ("NOUN", "PROPN") and nxt.lower_ not in EVENT_HEADS \
            and not (year or ordinal):
        return None  # "conference room", "session report": the head word modifies a noun
    short_end = offset + doc[suffix_i - 1].idx + len(doc[suffix_i - 1].text)
    short = " ".join(pdoc.text[span_start:short_end].split())
    name = " ".join(pdoc.text[span_start:span_end].split())
    middle = None
    if has_complement:
        m = re.match(r"(.+? (?:of|on|for) (?:the )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*) "
                     r"(?:of|on|for|to) ", name)
        if m and m.group(1) != name:
            middle = m.group(1)
    return _Phrase(offset, span_start, span_end, head, EVENT_HEADS[word], short, middle, specific,
                   determiner in ("the", "this", "that", "these", "those"), has_complement,
                   tuple(t.lower_ for t in premods))


def _tied_date(pdoc: ProcessedDocument, p: _Phrase, dates: list[DateMatch],
               sentence: tuple[int, int]) -> DateMatch | None:
    """The date the grammar ties to the event, if any."""
    text = pdoc.text
    inside = [d for d in dates if p.start <= d.start and d.end <= p.end]
    if inside:
        return inside[0]
    after = next((d for d in dates if d.start >= p.end and d.start < sentence[1]), None)
    bare_year = after is not None and after.start_date.precision == "year" and not after.end_date
    if after is not None and _GAP.match(text[p.end:after.start]) and not (
            bare_year and re.match(r"\s+[A-ZÀ-Ý]", text[after.end:after.end + 2])) and (
            p.specific or not bare_year):
        # (a bare year before a capitalised word opens the next name: "in 1951 Prince Edward
        # Island general election"; a bare year alone does not make "elections" one event)
        return after
    verb = _verb_of(p.head)
    if verb is not None and verb.lower_ in _MEETING_VERBS:
        # "On 15 June, X participated in a dialogue", "X met in Paris from 11 to 14 December 2018
        # at its twelfth session": a date of the verb of meeting is the event's, not one of
        # another verb ("a roadmap launched on 11 June")
        return next((d for d in dates if _date_verb(p.head.doc, p.offset, d) == verb), None)
    return None


def _verb_of(head: Token) -> Token | None:
    """The verb the event is an argument of: "held [its first meeting]", "met at [a session]"."""
    if head.dep_ in ("dobj", "obj", "nsubjpass", "nsubj", "attr") \
            and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    if head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ in ("VERB", "AUX"):
        return head.head.head
    return None


def _date_verb(doc: Doc, offset: int, date: DateMatch) -> Token | None:
    """The verb a date modifies ("met ... from 11 to 14 December 2018")."""
    span = doc.char_span(date.start - offset, date.end - offset, alignment_mode="expand")
    if span is None:
        return None
    tok = span.root
    while tok.pos_ not in ("VERB", "AUX"):
        if tok.head.i == tok.i or tok.dep_ not in (
                "prep", "pobj", "npadvmod", "nummod", "quantmod", "compound", "advmod"):
            return None
        tok = tok.head
    return tok


def _listed_body(mention: Mention) -> bool:
    """An undated name of a listed body, in capitals or not ("GENERAL CONFERENCE" in a running
    head): the body, not one of its meetings, which a date would mark ("the General Conference
    in November 2021")."""
    name = mention.name
    entry = load_gazetteer().get(name) or load_gazetteer().get(name.title())
    return (mention.start_date is None and entry is not None
            and entry.kind is EntityKind.ORGANIZATION)


@extractors.register(
    NAME,
    produces=("Event", "Session", "Meeting", "Conference", "Election", "Consultation",
              "Observance", "Process"),
    requires=("document.v1", "places.v1", "references.v1"),
)
def extract_events(pdoc: ProcessedDocument, found: Sequence[Record]) -> Iterator[Record]:
    """Event mentions, their dates and the places they were held in (none inside the name of a
    document ``references.v1`` found: "the 1952 Convention" is a treaty)."""
    reference = reference_date(pdoc, found)
    works = [r.span for r in found if isinstance(r, Mention) and r.kind is EntityKind.WORK]
    places = sorted((r for r in found if isinstance(r, Mention) and r.kind is EntityKind.PLACE),
                    key=lambda m: m.span.start)
    dates = list(find_dates(pdoc.text, reference))
    bodies = SpanIndex((h.start, h.end) for h in load_gazetteer().find(pdoc.text)
                       if h.entry.kind is EntityKind.ORGANIZATION)
    mentions: list[tuple[_Phrase, Mention]] = []
    relations: list[Relation] = []
    for offset, doc in pdoc.chunks:
        for sent in doc.sents:
            bounds = (offset + sent.start_char, offset + sent.end_char)
            sent_dates = [d for d in dates if bounds[0] <= d.start < bounds[1]]
            used: set[int] = set()
            for tok in sent:
                if not _is_head(tok):
                    continue
                p = _phrase(pdoc, offset, tok)
                if p is None or any(m.span.start < p.end and p.start < m.span.end
                                    for _, m in mentions) or any(
                        (w.start <= p.start and p.end <= w.end)
                        or w.start <= offset + p.head.idx < w.end for w in works):
                    continue  # inside a document's name, or its head is a document's
                if (p.head.text[:1].isupper() and re.match(
                        r"\s*,?\s*at\s+(?:its|their)\s", pdoc.text[p.end:p.end + 20])) or \
                        bodies.overlaps(p.end, p.end) or (p.head.text.isupper() and
                                                          foreign_heading(pdoc.text, p.start)):
                    continue  # "the Conference of Parties at its seventh session": a body;
                    # "General Conference of the United Nations Educational, ...": cut in one
                mention = _event(pdoc, p, sent_dates, bounds, used, mentions)
                if mention is None or _listed_body(mention):
                    continue
                mention = _owned(pdoc, p, mention)
                mentions.append((p, mention))
                for place in located(pdoc.text, p.start, p.end, places, bounds[1]):
                    evidence = pdoc.span(min(p.start, place.span.start),
                                         max(p.end, place.span.end))
                    relations.append(Relation(RelationKind.LOCATED_IN, mention, place, evidence,
                                              NAME))
    taken = [(m.span.start, m.span.end) for _, m in mentions]
    model: list[Mention] = []
    for start, end in _model_events(pdoc):
        if any(start < e and s < end for s, e in (*taken, *((w.start, w.end) for w in works))):
            continue  # an event found above, or a document's name
        name = re.sub(r"['’]s$", "", re.sub(r"^(?:the|The)\s+", "", " ".join(
            pdoc.text[start:end].split()))).rstrip(" .,;:")  # no "the", no "'s"
        at = pdoc.text.find(name, start, end)
        if at < 0 or not (name[:1].isupper() or name[:1].isdigit()) or "\n" in name or \
                name.isdigit():  # "2010" alone: a year
            continue
        last = name.split()[-1]
        if last.lower() not in EVENT_HEADS and not _ROMAN.match(last) and not re.search(
                r"\b(?:1[6-9]|20)\d\d\b", name):
            continue  # "Habsburg Monarchy", "World Premiere": no event word, no year
        subtype = EVENT_HEADS.get(last.lower())
        model.append(Mention(EntityKind.EVENT, name, pdoc.span(at, at + len(name)), NAME,
                             subtype=subtype))
    yield from sorted([m for _, m in mentions] + model, key=lambda m: m.span.start)
    yield from relations


def _model_events(pdoc: ProcessedDocument) -> Iterator[tuple[int, int]]:
    """The model's events, those it cut in two at a space joined: "the 2010" "World Cup"."""
    spans = [(e.start, e.end) for e in pdoc.entities() if e.label == "EVENT"]
    for k, (start, end) in enumerate(spans):
        if k and spans[k - 1][1] + 1 == start and pdoc.text[start - 1] == " ":
            continue  # joined to the one before
        while k + 1 < len(spans) and spans[k + 1][0] == end + 1 and pdoc.text[end] == " ":
            k, end = k + 1, spans[k + 1][1]
        yield start, end


def _event(pdoc: ProcessedDocument, p: _Phrase, dates: list[DateMatch],
           bounds: tuple[int, int], used: set[int],
           earlier: list[tuple[_Phrase, Mention]]) -> Mention | None:
    date = _tied_date(pdoc, p, dates, bounds)
    if date is not None and date.start in used:
        date = None
    name = " ".join(pdoc.text[p.start:p.end].split())
    span = pdoc.span(p.start, p.end)
    if not p.specific and date is None:
        if not p.definite:
            return None
        antecedent = _antecedent(p, earlier)
        if antecedent is None:
            return None
        alternates = (name,) if name != antecedent else ()
        return Mention(EntityKind.EVENT, antecedent, span, NAME, subtype=p.subtype,
                       alternate_names=alternates)
    if date is not None:
        used.add(date.start)
    if p.head.text[:1].isupper():
        # a proper name ("the 1991 Gulf War"): the name without its year, no cut forms
        shorts: tuple[str | None, ...] = (
            re.sub(r"^(?:1[6-9]|20)\d\d\s+(?=[A-Z])", "", name),)
    elif not p.premods:
        shorts = (p.middle,)
    else:
        shorts = (p.middle, p.short)
    return Mention(EntityKind.EVENT, name, span, NAME, subtype=p.subtype,
                   alternate_names=tuple(dict.fromkeys(a for a in shorts if a and a != name)),
                   start_date=date.start_date if date else None,
                   end_date=date.end_date if date else None)


def _owned(pdoc: ProcessedDocument, p: _Phrase, mention: Mention) -> Mention:
    """ "The Committee met ... at its twelfth session": the session of the Committee."""
    doc = p.head.doc
    first = doc[p.head.i - len(p.premods)]
    if first.i == 0 or doc[first.i - 1].lower_ not in ("its", "their") or p.has_complement:
        return mention
    verb = _verb_of(p.head)
    if verb is None and p.head.dep_ == "pobj" and p.head.head.dep_ == "prep":
        verb = p.head.head.head  # "The General Assembly, at its 75th session, adopted ..."
    subjects = [c for c in (verb.children if verb is not None else ()) if c.dep_ == "nsubj"]
    # a title line run into the sentence leaves the real subject as an apposition, and so does
    # "At its 13th session the X" without a comma: nearest first
    subjects += [a for s in (*subjects, p.head) for a in s.subtree if a.dep_ == "appos"]
    subjects += [t for s in subjects for t in _after_heading(s)]
    for subject in sorted(subjects, key=lambda t: abs(p.head.i - t.i)):
        body = _body(subject)
        if body is not None:
            return replace(mention, name=f"{mention.name} of {body}",
                           alternate_names=(mention.name, *mention.alternate_names))
    return mention


def _after_heading(subject: Token) -> list[Token]:
    """The nouns a heading run into the sentence hides inside the subject's phrase: "Summary
    report of the session\n\nThe Committee ... met" parses "report" as the subject and the
    Committee as a complement of the heading; the words after the last line break that hang on
    words before it are the sentence's own subject."""
    words = list(subject.subtree)
    breaks = [t.i for t in words if "\n" in t.text or "\n" in t.whitespace_]
    if not breaks:
        return []
    return [t for t in words if t.i > breaks[-1] and t.head.i <= breaks[-1]]


def _body(subject: Token) -> str | None:
    """The name of the body a subject token heads ("the Intergovernmental Committee for ..."),
    or None when it names no organisation (a word of bodies, the model's or the gazetteer's)."""
    if not subject.text[:1].isupper():
        return None
    doc = subject.doc
    left = subject.left_edge.i
    for tok in doc[left:subject.i]:  # a heading run into the sentence ("Bureau\n\nThe ...")
        if "\n" in tok.text or "\n" in tok.whitespace_:
            left = tok.i + 1
    words = [t for t in doc[left:subject.i + 1] if not t.is_punct or t.text == "-"]
    # the name runs on where the parse hangs its complement on the verb ("The Committee for ...")
    for tok in doc[subject.i + 1:subject.sent.end]:
        if not (tok.text[:1].isupper() or tok.lower_ in _JOINERS or tok.text in ("-", "'s")):
            break
        words.append(tok)
    while words and words[-1].lower_ in _JOINERS:
        words.pop()
    text = re.sub(r"^The\s", "the ", " ".join("".join(t.text_with_ws for t in words).split()))
    entry = load_gazetteer().get(re.sub(r"^the\s", "", text))
    if not (subject.ent_type_ == "ORG" or subject.text in ORG_HEADS or (
            entry is not None and entry.kind is EntityKind.ORGANIZATION)):
        return None
    return text if re.match(r"(?:the\s)?[A-Z]", text) else None


def _antecedent(p: _Phrase, earlier: list[tuple[_Phrase, Mention]]) -> str | None:
    """The short name of the latest event this definite phrase can refer back to."""
    for q, m in reversed(earlier):
        if q.head.lower_ == p.head.lower_ and set(p.premods) <= set(q.premods):
            return q.short if q.has_complement or q.short != m.name else m.name
    return None

