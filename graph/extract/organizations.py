"""``organizations.v1``: organisations and their units, and how they fit inside each other.

Mentions come from four sources, most trusted first:

1. the gazetteer (``ontology/gazetteer/organizations.ttl``): well-known bodies, linked to their
   entry (``authority``). A unit whose matched name does not say its parent ("General Conference")
   is only taken when the document also names one of its ancestors;
2. names built on an organisational head word ("Committee", "Institute", "Sector"...) read from
   runs of capitalised words, with their "of/on/for ..." complement ("Intergovernmental Committee
   for the Protection and Promotion of the Diversity of Cultural Expressions");
3. the statistical model's ORG candidates, cleaned (no leading "the", no possessive, no honorific
   or digits) and dropped when they only repeat the tail of a longer title;
4. acronyms the text ties to a name: "Full Name (ACR)" and "ACR (Full Name)".

PART_OF relations are read from "the Culture Sector of UNESCO", "X's Y", gazetteer parents named
in the same document, address blocks (a unit followed by its host: "UNESCO Chair on ... National
Research University ...") and letterheads (each unit line under the one before, the first under the
letterhead's organisation).

This module finds and chooses the names; the word lists live in ``_vocab`` and the PART_OF rules
in ``_structure``. ``letterhead`` and the word lists other extractors read are re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from .._gazetteer import Gazetteer, GazetteerEntry, load_gazetteer
from .._nlp import ProcessedDocument
from ..records import EntityKind, Mention, Record
from ..registry import extractors
from ._orgcomplement import complement_end
from ._orgnames import (
    bare_acronyms,
    club_names,
    field_offices,
    group_names,
    kind_named,
    leading_head_names,
    listed_names,
    member_group_names,
    model_pieces,
    numbered_bodies,
    party_names,
    unwrapped,
)
from ._orgplausible import (
    GRADE_BEFORE,
    POST_AFTER,
    bylined,
    not_names,
    plausible,
    post_headed,
    work_acronym,
)
from ._orgruns import Tok, is_name_word, runs, tokens
from ._spans import SpanIndex
from ._structure import (
    ADJECTIVE,
    POSSESSIVE,
    after_honorific,
    ancestors,
    in_address,
    in_instrument_title,
    reads_as_person,
    relations,
)
from ._structure import letterhead as letterhead
from ._vocab import (
    JOINERS,
    NOT_ORG,
    PARENTED,
    PREPOSITIONS,
    UNIT,
)
from ._vocab import MONTHS as MONTHS
from ._vocab import ORG_HEADS as ORG_HEADS
from ._vocab import POST_WORDS as POST_WORDS
from ._vocab import UNIT_HEADS as UNIT_HEADS

__all__ = [
    "MONTHS",
    "NAME",
    "ORG_HEADS",
    "POST_WORDS",
    "UNIT_HEADS",
    "extract_organizations",
    "letterhead",
    "reads_as_person",
]

NAME = "organizations.v1"

_ACRONYM = r"[A-Z][A-Za-z.&-]{0,2}[A-Z][A-Za-z.&-]{0,8}"
_AFTER_ACRONYM = re.compile(rf"\s{{0,2}}\(\s?({_ACRONYM})\s?\)")
# A body named as the modifier of an election ("the 2019 European Parliament election") is part
# of the event's name, not a mention of the body.
#: Model readings that a noun of a kind of organisation in apposition makes an organisation.
_APPOSED = frozenset({"ORG", "PERSON", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "FAC"})
_ELECTION = re.compile(r"[ \t]+(?:(?:special|general|by-|regional|local)[ \t]*)?elections?\b")
_LONE_NEWLINE = re.compile(r"(?<=\S)\n(?=\S)")
# A line break inside wrapped prose: after a line of 60 characters or more, before more text
# (not before a field label: "Email: ...").


@dataclass(frozen=True, slots=True)
class _Cand:
    start: int
    end: int
    name: str
    rank: int  # 0 gazetteer, 1 head-word pattern, 2 model
    subtype: str | None = None
    entry: GazetteerEntry | None = None
    parent: tuple[int, int] | None = None  # span of a candidate this one is part of


def _clean(name: str) -> str:
    """A name as one line, its blanks one, without the office in brackets a table's cell went on
    past ("Ministry of Culture and", then "(Chairperson)" and "Sport" on the next line)."""
    return re.sub(r"\s+", " ", _ASIDES.sub(" ", name)).strip(" ,;:.-")


_ASIDES = re.compile(r"\n[ \t]*\([^()\n]*\)[ \t]{3,}")


# --- 1. gazetteer -----------------------------------------------------------------------------


def _gazetteer_candidates(text: str) -> tuple[list[_Cand], list[tuple[int, int]]]:
    """The gazetteer's organisations named in ``text``, and the spans of its places."""
    gaz = load_gazetteer()
    # Names broken over lines (letterheads) are found by reading lone newlines as spaces.
    flat = _LONE_NEWLINE.sub(" ", _title_case_capitals(text))
    found = list(gaz.find(flat))
    # and names in capitals on a line that is not (a record's heading, its gap squeezed: "104
    # EX/SR.6 (prov.) EXECUTIVE BOARD"), where no name was found as written
    runs = _CAPITAL_RUN.sub(lambda m: _title_case_capitals(m.group(0)), flat)
    found += [h for h in (gaz.find(runs) if runs != flat else ())  # (no second pass without)
              if not any(f.start < h.end and h.start < f.end for f in found)]
    hits = [h for h in found if h.entry.kind is EntityKind.ORGANIZATION]
    # a unit is taken when the text names its parent: itself, in the unit's name, or in the name
    # of a sibling ("UNESCO General Conference" names UNESCO, the Executive Board's parent too)
    named = {h.entry.iri for h in hits}
    named |= {a for h in hits if not h.entry.parents or _names_parent(h.text, h.entry)
              for a in ancestors(h.entry.iri)}
    return [_Cand(h.start, h.end, h.entry.name, 0, h.entry.subtype, h.entry) for h in hits
            if not h.entry.parents or _names_parent(h.text, h.entry)
            or any(a in named for a in ancestors(h.entry.iri))], [
        (h.start, h.end) for h in found if h.entry.kind is EntityKind.PLACE]


_CAPITAL_RUN = re.compile(r"(?<![\w-])[A-Z]{2,}(?:[ \t]+[A-Z]{2,}){1,7}(?![\w-])")


def _title_case_capitals(text: str) -> str:
    """Lines in capitals ("UNITED NATIONS EDUCATIONAL, ...") in title case, offsets kept; and
    so a part in capitals of a line that a wide gap cuts ("GENERAL CONFERENCE      14 C/VR.7")."""

    def title(m: re.Match[str]) -> str:
        words = re.split(r"(\W+)", m.group(0))
        return "".join(w.lower() if w.lower() in JOINERS else w.capitalize() for w in words)

    return re.sub(r"(?m)(?:^|(?<=[ \t]{3})(?=\S))(?=[^\n]*?[A-Z]{2})[^a-z\n]{12,}?"
                  r"(?=[ \t]{3}|[ \t]*$)", title, text)


def _names_parent(text: str, entry: GazetteerEntry) -> bool:
    gaz = load_gazetteer()
    for iri in ancestors(entry.iri):
        parent = gaz.by_iri(iri)
        if parent and any(n in text for n in (parent.name, *parent.acronyms)):
            return True
    return False


# --- 2. names built on head words --------------------------------------------------------------


def _pattern_candidates(pdoc: ProcessedDocument) -> list[_Cand]:
    """Head-word names, except those the model reads as a whole place ("Russian Federation")."""
    ents = list(pdoc.entities())
    places = [(e.start, e.end) for e in ents if e.label in ("GPE", "LOC")]
    persons = SpanIndex((e.start, e.end) for e in ents if e.label == "PERSON")
    in_places = SpanIndex(places)
    ends = {e.end for e in ents if e.label in ("ORG", "PERSON", "GPE", "NORP")}
    orgs = [(e.start, e.end) for e in ents if e.label == "ORG"]
    out: list[_Cand] = []
    toks = tokens(unwrapped(pdoc.text), pdoc.text)
    for run in (*runs([t for t in toks if not t.aside], pdoc.text),
                *runs([t for t in toks if t.aside], pdoc.text)):
        in_person = [persons.covers(t.start) for t in run]
        in_place = [in_places.covers(t.start) for t in run]
        ends_entity = [t.end in ends for t in run]
        out.extend(_widened(pdoc.text, c, orgs)
                   for c in _split_run(pdoc.text, run, in_person, in_place, ends_entity)
                   if not any(s <= c.start and c.end == e for s, e in places))
    return out


#: One or two capitalised words after a head word, on the same line: "Hospital", "Chicago".
_NAME_TAIL = re.compile(r"(?:[ \t]+[A-Z][\w'’-]*){1,2}")


def _widened(text: str, cand: _Cand, orgs: list[tuple[int, int]]) -> _Cand:
    """The candidate up to the end of the model's organisation that holds it and goes on by a
    capitalised word or two: "Royal Liverpool University Hospital", "Loyola University Chicago"
    (the head-word name stops at "University")."""
    for s, e in orgs:
        if s <= cand.start and cand.end < e and _NAME_TAIL.fullmatch(text, cand.end, e):
            return replace(cand, end=e, name=_clean(text[cand.start:e]))
    return cand


def _split_run(text: str, run: list[Tok], in_person: list[bool], in_place: list[bool],
               ends_entity: list[bool]) -> Iterator[_Cand]:
    """Cut one run of capitalised words into the organisation names it holds.

    ``in_person[i]`` (``in_place[i]``) tells whether word ``i`` lies inside a name the model reads
    as a person's (a place's).
    """
    words = [t.text for t in run]
    heads = [i for i, w in enumerate(words) if w in ORG_HEADS and not in_person[i]
             and not _in_post(text, run[i])]
    used = -1  # the last word taken by a name
    i = 0
    while i < len(heads):
        h = heads[i]
        if h <= used:
            i += 1
            continue
        start = _left_start(words, h, used, in_person, ends_entity)
        end = h
        # A non-unit head followed by capitalised words that reach another head: one name
        # ("National Research University Higher School of Economics").
        while (words[end] not in UNIT_HEADS and i + 1 < len(heads)
               and all(is_name_word(w) for w in words[end + 1:heads[i + 1]])
               and not run[end].possessive):
            i += 1
            end = heads[i]
        if end + 1 < len(words) and words[end + 1] in PREPOSITIONS:
            end = complement_end(words, end + 1, in_person, in_place) or end
        cand = _candidate(text, run[start:end + 1])
        if cand is not None:
            yield cand
        used = end
        i += 1


def _in_post(text: str, head: Tok) -> bool:
    """ "Senior Programme Specialist", "Programme Officer": the head word qualifies a post."""
    return bool(POST_AFTER.match(text, head.end) or (
        not head.possessive and GRADE_BEFORE.search(text, max(0, head.start - 12), head.start)))


def _left_start(words: list[str], head: int, floor: int, in_person: list[bool],
                ends_entity: list[bool]) -> int:
    """Where the name ending on ``head`` starts: its modifiers, never across a comma or "the".

    "and" joins modifiers ("Social Democratic and Labour Party") unless the words before it end
    a name of their own (an acronym, a model entity) or follow the previous name directly.
    """
    j = head
    joined = None
    while j - 1 > floor:
        w = words[j - 1]
        if in_person[j - 1] or w in (",", "the"):
            break
        if w in ("and", "&"):
            before = words[j - 2] if j - 2 > floor else ""
            if (joined is not None or not is_name_word(before) or before.isupper()
                    or (ends_entity[j - 2] and not (head == j + 1 and ADJECTIVE.search(before)))
                    or before in ORG_HEADS or (j == head and not ADJECTIVE.search(before))):
                break
            joined = j - 1
        elif not is_name_word(w) and w not in JOINERS:
            break
        j -= 1
    if joined is not None and floor >= 0 and j == floor + 1:
        j = joined + 1  # "Party Workers and Pakistan Peoples Muslim League"
    while j < head and not is_name_word(words[j]):
        j += 1
    return j


def _candidate(text: str, toks: list[Tok]) -> _Cand | None:
    words = [t.text for t in toks]
    if len(words) < 2 or words[-1] in PREPOSITIONS:
        return None
    start, end = toks[0].start, toks[-1].end
    name = _clean(text[start:end])
    head = next((w for w in reversed(words) if w in ORG_HEADS), words[-1])
    if any(w in NOT_ORG for w in words[:words.index(head)]):
        return None  # "Act of Parliament", "War Coalition"
    if words.index(head) == len(words) - 1 and len(words) == 1:
        return None
    return _Cand(start, end, name, 1, UNIT if head in UNIT_HEADS else None)


def _unit_of_parent(cands: list[_Cand], text: str) -> list[_Cand]:
    """Split "Culture Sector of UNESCO" into the unit and its parent, when the parent is known."""
    known = {(c.start, c.end) for c in cands if c.rank == 0}
    out = []
    for c in cands:
        seen = text[c.start:c.end]
        m = re.search(r"\s+of\s+(?:the\s+)?", seen) if c.rank == 1 else None
        if (m is not None and (c.start + m.end(), c.end) in known
                and seen[:m.start()].split()[-1] in PARENTED):
            out.append(replace(c, end=c.start + m.start(), name=_clean(seen[:m.start()]),
                               subtype=UNIT, parent=(c.start + m.end(), c.end)))
        else:
            out.append(c)
    return out


# --- 3. the model's candidates -----------------------------------------------------------------


def _place_in_capitals(gaz: Gazetteer, word: str) -> bool:
    """ "PARIS": a gazetteer place in capitals, not an acronym."""
    entry = gaz.get(word.title())
    return entry is not None and entry.kind is EntityKind.PLACE


def _model_candidates(pdoc: ProcessedDocument) -> list[_Cand]:
    text = pdoc.text
    gaz = load_gazetteer()
    out = []
    for ent in pdoc.entities():
        if ent.label != "ORG":
            continue
        for start, end in model_pieces(text, ent.start, ent.end):
            name = _clean(text[start:end])
            entry = gaz.get(name) or (gaz.get(name.title()) if name.isupper() else None)
            if entry is not None and entry.kind is not EntityKind.ORGANIZATION:  # "PARIS"
                continue
            if (plausible(text, start, name) and not after_honorific(text, start)
                    and not reads_as_person(pdoc, start, end)):
                out.append(_Cand(start, end, name, 2,
                                 UNIT if name.split()[-1] in UNIT_HEADS else None))
    labelled = [(e.start, e.end) for e in pdoc.entities()]
    return out + [_Cand(s, e, text[s:e], 2) for s, e in bare_acronyms(text, labelled)
                  if not _place_in_capitals(gaz, text[s:e])]



# --- choosing among candidates -----------------------------------------------------------------


def _choose(text: str, cands: list[_Cand]) -> list[_Cand]:
    """Keep the best candidate of each overlap: gazetteer, then pattern, then model; longer first.

    A gazetteer name inside a longer pattern name ("UNESCO" in "UNESCO Chair on ...") is kept too.
    """
    kept: list[_Cand] = []
    for c in sorted(cands, key=lambda c: (c.rank, -(c.end - c.start), c.start)):
        clash = [k for k in kept if k.start < c.end and c.start < k.end]
        # A longer name whose head a gazetteer name modifies ("UNESCO Chair on ..."): both.
        # So is a name that ends with the body it serves: "Kenya National Commission for UNESCO".
        around_gazetteer = c.rank == 1 and all(
            k.rank == 0 and c.start <= k.start and k.end <= c.end
            and (re.match(r" [A-Z]", text[k.end:c.end])
                 or (k.end == c.end and re.search(r"\s(?:for|to|with)\s+(?:the\s+)?$",
                                                  text[c.start:k.start])))
            for k in clash)
        # "the Memory of the World Programme": the model's longer reading, which the head-word
        # pattern stopped at "of the", when its first words are no post ("Director of the")
        longer = c.rank == 2 and len(clash) == 1 and clash[0].rank == 1 and \
            clash[0].end == c.end and c.start < clash[0].start and \
            _OF_THE.fullmatch(text, c.start, clash[0].start) is not None and \
            not post_headed(text[c.start:clash[0].start].split(" of ")[0])
        if longer:
            kept.remove(clash[0])
        if not clash or around_gazetteer or longer:
            kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.end))


_OF_THE = re.compile(r"[A-Z][\w-]*(?: [A-Z][\w-]*)* of the ")


#: A body numbered so has its subject in brackets, no acronym: "Commission IV (Culture)".
_ROMAN_END = re.compile(r" (?:I|II|III|IV|V|VI|VII|VIII|IX|X)$")


def _acronyms(text: str, cands: list[_Cand]) -> tuple[dict[int, str], list[_Cand]]:
    """Acronyms tied to names by brackets; new candidates for every use of those acronyms."""
    tied: dict[int, str] = {}
    extra: list[_Cand] = []
    full_of: dict[str, _Cand] = {}
    for idx, c in enumerate(cands):
        m = _AFTER_ACRONYM.match(text, c.end)
        if m and c.name != m.group(1) and " " in c.name and not _ROMAN_END.search(c.name):
            tied[idx] = m.group(1)
            full_of.setdefault(m.group(1), c)
        elif c.name.isupper() and " " not in c.name:
            inner = next((d for d in cands if d.start > c.end and
                          re.fullmatch(r"\s{0,2}\(\s?", text[c.end:d.start]) and
                          text[d.end:d.end + 1] == ")"), None)
            if inner is not None:
                tied[idx] = c.name
                full_of.setdefault(c.name, inner)
    taken = [(c.start, c.end) for c in cands]
    for acr, full in full_of.items():
        for m in re.finditer(rf"(?<![\w-]){re.escape(acr)}(?![\w-])", text):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                extra.append(_Cand(m.start(), m.end(), acr, 1, full.subtype))
                taken.append((m.start(), m.end()))
    return tied, extra


# --- the extractor ---------------------------------------------------------------------------


def _mention(pdoc: ProcessedDocument, c: _Cand, acronym: str | None,
             alternates: Iterable[str]) -> Mention:
    seen = _clean(pdoc.text[c.start:c.end]) if c.entry is not None else ""
    alt = tuple(dict.fromkeys(a for a in (seen, *alternates) if a and a not in (c.name, acronym)))
    return Mention(EntityKind.ORGANIZATION, c.name, pdoc.span(c.start, c.end), NAME,
                   subtype=c.subtype, acronym=acronym, alternate_names=alt,
                   authority=c.entry.iri if c.entry else None)


@extractors.register(NAME, produces=("Organization", "OrganizationalUnit"),
                     requires=("references.v1",))
def extract_organizations(pdoc: ProcessedDocument, found: Sequence[Record]) -> Iterator[Record]:
    """Organisation mentions and the PART_OF relations the text states between them (none but
    an authority file's inside the name of a document ``references.v1`` found)."""
    text = pdoc.text
    works = [r.span for r in found if isinstance(r, Mention) and r.kind is EntityKind.WORK]
    work_ends = {w.end for w in works}
    gaz_cands, places = _gazetteer_candidates(text)
    pattern = _pattern_candidates(pdoc)
    grammar = [_Cand(s, e, _clean(text[s:e]), 1)
               for s, e in (*leading_head_names(text), *party_names(text), *group_names(text),
                            *club_names(text), *numbered_bodies(text), *field_offices(text),
                            *member_group_names(text), *kind_named(text, [
                                (x.start, x.end) for x in pdoc.entities()
                                if x.label in _APPOSED]))]
    cands = _choose(text, _unit_of_parent(gaz_cands + pattern, text) + grammar
                    + _model_candidates(pdoc))
    cands = [c for c in cands if not _ELECTION.match(text, c.end) and (c.entry is not None or not (
        in_instrument_title(text, c.start, c.end) or in_address(text, c.start, c.end)
        or any(w.start <= c.start and c.end <= w.end for w in works) or post_headed(c.name)
        or work_acronym(text, c.start, c.end, work_ends) or bylined(text, c.start, c.end)
        or any(s <= c.start and c.end <= e for s, e in places)))]  # "Union of Soviet ..."
    others = [(m.span.start, m.span.end) for m in found
              if isinstance(m, Mention) and m.kind is not EntityKind.ORGANIZATION]
    others += [(x.start, x.end) for x in pdoc.entities()
               if x.label == "PERSON" and _POST_OF.search(text, max(0, x.start - 90), x.start)]
    listed = [_Cand(s, e, _clean(text[s:e]), 2)
              for s, e in listed_names(text, [(c.start, c.end) for c in cands], others)]
    cands = sorted((c for c in cands + listed if c.entry is not None or not (
        not_names(text, c.start, c.name) or post_headed(c.name))),
        key=lambda c: (c.start, c.end))
    cands = _with_nationality(pdoc, _merge_possessive(text, cands))
    tied, extra = _acronyms(text, cands)
    full_names = {acr: cands[i].name for i, acr in tied.items()}
    chosen = [(c, tied.get(i)) for i, c in enumerate(cands)] + [(c, c.name) for c in extra]
    mentions: list[Mention] = []
    parents: dict[int, tuple[int, int]] = {}
    for idx, (c, tied_acr) in enumerate(sorted(chosen, key=lambda p: (p[0].start, p[0].end))):
        acr = tied_acr
        if c.entry is not None and acr is None:
            acr = next((a for a in c.entry.acronyms if c.name != a and
                        re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", text)), None)
        alts = [full_names[c.name]] if c.name in full_names and full_names[c.name] != c.name else []
        mentions.append(_mention(pdoc, c, acr, alts))
        if c.parent is not None:
            parents[idx] = c.parent
    yield from mentions
    yield from relations(pdoc, mentions, parents, NAME)


#: A post of a body before a name: "the Director-General of Unesco, Amadou-Mahtar M'Bow, and
#: ..." is a person in apposition, not a third body of a list.
_POST_OF = re.compile(rf"\b(?:{'|'.join(sorted(POST_WORDS))})\s+of\s+(?:the\s+)?"
                      r"[^,;.()]{1,60},\s*$")


def _with_nationality(pdoc: ProcessedDocument, cands: list[_Cand]) -> list[_Cand]:
    """A nationality the model reads just before a name is a word of it: "Irish Republican
    Brotherhood", "Romanian Air Force" (not before a gazetteer body: "French UNESCO")."""
    text = pdoc.text
    before = {e.end + 1: e.start for e in pdoc.entities() if e.label == "NORP"
              and " " not in text[e.start:e.end] and text[e.start:e.start + 1].isupper()}
    out = []
    for c in cands:
        start = before.get(c.start)
        if start is not None and c.entry is None and text[c.start - 1] == " " and not any(
                o is not c and o.start < c.start and start < o.end for o in cands):
            c = replace(c, start=start, name=_clean(text[start:c.end]))
        out.append(c)
    return out


def _merge_possessive(text: str, cands: list[_Cand]) -> list[_Cand]:
    """ "A's B" where the document also writes "A B" as one name is that one name."""
    names = {c.name for c in cands}
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        if b is not None and POSSESSIVE.fullmatch(text[a.end:b.start]):
            joined = f"{a.name} {b.name}"
            if joined in names:
                out.append(_Cand(a.start, b.end, joined, min(a.rank, b.rank), b.subtype))
                i += 2
                continue
        out.append(a)
        i += 1
    return out
