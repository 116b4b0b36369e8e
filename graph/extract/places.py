"""``places.v1``: countries, cities, other places and postal addresses, and how they nest.

Mentions come from three sources, most trusted first:

1. postal addresses in letterheads and address blocks ("7, place de Fontenoy 75352 Paris 07 SP,
   France"; "B. Trekhsvyatitelsky lane, 3, room 436, Moscow, 109028 Russian Federation"): a
   street part, then house numbers, rooms, postal codes and place names up to the city or country
   that ends it. The address is a Place of subtype ``Address``; the city and country inside it are
   mentions of their own;
2. the gazetteer (``ontology/gazetteer/places.ttl``): Member States of the United Nations (English,
   French and common names), the cities that host UN-system bodies and the capitals, continents.
   A mention matched there carries the entry IRI as ``authority`` and the entry's preferred name;
   the form written in the text is kept in ``alternate_names``;
3. the statistical model's GPE and LOC candidates, cleaned (no "the", no possessive) and dropped
   when not places ("AI", "Member States", "Jun"), and countries on lines of their own in capitals.

A place name used as a premodifier inside another name ("the U.S. Senate", "the Paris Agreement")
or as the complement of an organisation's name ("Bank of France") is not the place. CONTAINED_IN
relations: address -> city -> country inside an address, "Paris, France" pairs, and a gazetteer
city -> its country when the document names that country too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from .._gazetteer import Gazetteer, GazetteerEntry, load_gazetteer
from .._nlp import ProcessedDocument
from ..records import EntityKind, Mention, Record, Relation, RelationKind
from ..registry import extractors
from ._lexicon import words as lexicon_words
from ._orgnames import unwrapped
from ._placenames import (
    candidate_parts,
    country_headings,
    gazetteer_hits,
    inside_entity,
    known_place,
    listed_places,
    place_names,
)
from ._vocab import INSTRUMENTS
from .organizations import ORG_HEADS, POST_WORDS

__all__ = ["NAME", "extract_places", "place_gazetteer"]

NAME = "places.v1"
ADDRESS = "Address"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _alternatives(words: frozenset[str]) -> str:
    return "|".join(sorted(words))


_MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday"
)
# What the model tags GPE/LOC in institutional text without naming a place (lower case).
_NOT_PLACES = _words(
    "member_states member_state states_parties state_party states state parties party internet "
    "web earth world region regions chair secretariat headquarters hq covid-19 sars-cov-2 north "
    "south east west global_south global_north"
)
# "Contracting States", "Members States", "High Contracting Parties": a treaty's or a body's
# members, not a place (the first word, lower case, before one of _COLLECTIVE).
_MEMBERS_OF = _words("member members contracting signatory participating high non-member "
                     "observer associate")
_COLLECTIVE = _words("states state parties party")
# Country names that are also given names or surnames: the model must read them as places.
_AMBIGUOUS = _words(
    "Jordan Chad Georgia Israel Sofia Wellington Florence Lima Nassau Tripoli Niger Mali Monaco "
    "Dominica Grenada Guinea Turkey"
)
_LOCATIVE = re.compile(r"\b(?:in|to|from|at|across|throughout|within|visited|of|via|near)\s+"
                       r"(?:the\s+)?$")
_ORG_HEADS = ORG_HEADS | _words(
    "Delegation Mission Embassy Consulate Office Society Party Parties Church House Commons"
)
_POSTS = POST_WORDS | _words(
    "Representative Representatives Senators Congressman Congresswoman Comptroller Mayor "
    "Governor Attorney Prime Foreign Defence Defense Finance Justice Interior Consul"
)
_JOINERS = _words("of for and & the de du des la le d' d’")
_YEAR_BEFORE = re.compile(r"\b(?:1[6-9]|20)\d\d\s+$")
_EVENT_HEADS = _words(
    "election elections by-election by-elections referendum primary primaries caucus caucuses "
    "invasion war wars campaign occupation annexation partition siege battle operation armistice "
    "uprising rebellion revolt revolution massacre putsch coup bombing offensive"
)
_MEETINGS = _words("conference congress summit symposium colloquium seminar workshop meeting "
                   "session festival games olympics championship championships")
# The complement of a named event ("the 2003 invasion of Iraq", "the Soviet invasion of Poland",
# "the Kosovo War in ..."): a year or a capitalised word makes the phrase a name; "a civil war in
# Greece" still names Greece.
_EVENT_COMPLEMENT = re.compile(
    r"(?:\b(?:(?:1[6-9]|20)\d\d\s+(?:[\w-]+\s+){0,5}|[A-Z][\w-]*\s+(?:[a-z][\w-]*\s+)?)"
    rf"(?:{_alternatives(_EVENT_HEADS)})"
    rf"|\b(?:{_alternatives(frozenset(h.capitalize() for h in _EVENT_HEADS))}))"
    r"\s+(?:in|of)\s+(?:the\s+)?$"
)
# A place before an event's head noun belongs to the event's name: "Japan home islands campaign".
_EVENT_AFTER = re.compile(rf"\s+(?:[a-z][\w-]*\s+){{0,3}}(?:{_alternatives(_EVENT_HEADS)})\b")
# "Christian Social Union in Bavaria": a party's name may close on "in <place>".
_PARTY_HEADS = _words("Party Union Alliance Front Movement League Congress Coalition")
_CONTACT = _words("tel tél fax email e-mail phone www")

# --- postal addresses -------------------------------------------------------------------------
_STREET_WORDS = (
    r"rue|place|avenue|av\.|boulevard|bd|blvd\.?|quai|chemin|allée|impasse|route|cours|square|"
    r"street|st\.|road|rd\.|lane|drive|way|court|plaza|terrace|crescent|embankment|highway|"
    r"via|viale|piazza|piazzale|largo|calle|avenida|paseo|rua|straße|strasse|str\.|platz|weg|"
    r"gasse|allee|ulitsa|ul\.|prospekt|pereulok|per\.|naberezhnaya|nab\.|shosse")
_NAME_WORD = r"[A-ZÀ-Ý][\w'’.-]*"
_LINKS = r"(?:(?:de|du|des|de\s+la|d'|d’|of|the|del|della|di|von|der)\s+)?"
_STREET_STARTS = [
    # 7, place de Fontenoy / 1 rue Miollis / 12 avenue of the Americas
    re.compile(rf"\b\d{{1,5}}[A-Za-z]?(?:\s*[-–]\s*\d{{1,5}})?,?\s+(?i:{_STREET_WORDS})\s+{_LINKS}"
               rf"{_NAME_WORD}(?:\s+{_LINKS}{_NAME_WORD})*"),
    # B. Trekhsvyatitelsky lane, 3 / Hauptstrasse 5
    re.compile(rf"(?<![\w.])(?:[A-ZÀ-Ý]\.\s?)?[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)?\s+"
               rf"(?:{_STREET_WORDS}),?\s+\d{{1,5}}[A-Za-z]?\b"),
    # Hauptstrasse 5, Storgatan 12, Nørregade 3, Keizersgracht 10
    re.compile(r"(?<![\w.])[A-ZÀ-Ý][\w'’-]+(?:straße|strasse|platz|weg|gasse|gatan|gata|vägen|"
               r"vej|gade|veien|gate|straat|gracht|laan|katu|utca)\s+\d{1,5}[a-z]?\b"),
    # 405 East 42nd Street
    re.compile(
        r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z0-9][\w'’.-]*\s+){1,4}"
        r"(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Boulevard|Blvd\.|Lane|Drive|Way|Place|Plaza|"
        r"Square|Court|Terrace)(?![\w])"
    ),
    # P.O. Box 30552 / B.P. 1234 / Case postale 5
    re.compile(r"\b(?:P\.\s?O\.\s?Box|PO\s+Box|B\.\s?P\.|Case\s+postale|Postfach|Apartado)\s*\d+"),
]
# One piece of the rest of an address: a number, room, postal code, CEDEX, or a capitalised word.
_ADDRESS_PIECE = re.compile(
    r"[ \t]*,?[ \t]*(?:"
    r"(?P<unit>(?i:room|office|floor|suite|bldg\.?|building|apt\.?|entrance|korpus|bureau|"
    r"étage|porte|bât\.?|bâtiment)\s*\d+[A-Za-z]?)"
    r"|(?P<code>(?:[A-Z]{1,2}-)?\d{3,6}(?:[ -]\d{2,4})?|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2})"
    r"|(?P<num>\d{1,3}[A-Za-z]?)"
    r"|(?P<cedex>CEDEX|Cedex|SP|BP|CP)"
    r"|(?P<word>[A-ZÀ-Ý][\w'’.-]*(?:[ \t]+[A-ZÀ-Ý][\w'’.-]*){0,2})"
    r")(?![\w])"
)
_MAX_ADDRESS = 160


@dataclass(frozen=True, slots=True)
class _Place:
    start: int
    end: int
    name: str
    subtype: str | None
    entry: GazetteerEntry | None = None
    address: bool = False  # a city or country read inside an address


def place_gazetteer() -> Gazetteer:
    """The places of the gazetteer (its organisations left out), user authority files included."""
    return _places_of(load_gazetteer())


@cache
def _places_of(gazetteer: Gazetteer) -> Gazetteer:
    return Gazetteer(e for e in gazetteer.entries if e.kind is EntityKind.PLACE)


def _clean(text: str) -> str:
    name = " ".join(text.split())
    name = re.sub(r"^(?:the|The)\s+", "", name)
    name = re.sub(r"['’]s?$", "", name)
    return name.strip(" .,;:")


def _tokens(pdoc: ProcessedDocument, start: int, end: int) -> list:
    """The spaCy tokens covering ``start``..``end``."""
    for offset, stop, doc in pdoc.bounds:
        if offset <= start and end <= stop:
            span = doc.char_span(start - offset, end - offset, alignment_mode="expand")
            return list(span) if span is not None else []
    return []


def _premodifier(pdoc: ProcessedDocument, start: int, end: int) -> bool:
    """True when the place name at start..end is part of a longer name it modifies.

    "the U.S. Senate", "the Paris Agreement", "the 1992 United States Senate election": a place
    name before a capitalised noun, or after a year, opens the name of something else. Before a
    common noun ("U.S. citizens") it still names the place.
    """
    text = pdoc.text
    if re.match(r"[$€£]|-(?!based\b)\w", text[end:end + 12]):  # "Houston-based" names Houston
        return True
    if start and text[start - 1] == "-":
        return True  # "Russia-United States summit"
    toks = _tokens(pdoc, start, end)
    if not toks:
        return False
    last = toks[-1]
    if last.i + 1 >= len(last.doc):
        return False
    nxt = last.doc[last.i + 1]
    if nxt.is_punct or nxt.like_num or nxt.is_space or nxt.pos_ not in ("NOUN", "PROPN", "ADJ"):
        return False
    if nxt.ent_type_ in ("GPE", "LOC", "DATE") and nxt.text[:1].isupper():
        return False  # "Paris France" written without the comma
    if nxt.ent_type_ == "PERSON" and re.search(r"\bof\s+(?:the\s+)?$", text[:start]):
        return False  # "Governor of Maine Joseph E. Brennan"
    if _EVENT_AFTER.match(text, end):
        return True
    if nxt.text in _POSTS or nxt.text.rstrip("s") in _POSTS:
        return False  # "U.S. Representative", "New York City Mayor": the post's jurisdiction
    if _YEAR_BEFORE.search(text[max(0, start - 12):start]):
        return True
    return nxt.text[:1].isupper() and nxt.pos_ == "PROPN"


def _name_before(pdoc: ProcessedDocument, start: int, end: int) -> bool:
    """True when a capitalised word of another name runs into the place: "Fair Russia",
    "Partai Nasional Indonesia", "Western Australia" (the place is a longer name)."""
    toks = _tokens(pdoc, start, end)
    if not toks or toks[0].i == 0:
        return False
    first = toks[0]
    prev = first.doc[first.i - 1]
    if first.is_sent_start or (prev.is_sent_start and prev.pos_ != "PROPN"):
        return False
    if not prev.text[:1].isupper() or prev.pos_ not in ("PROPN", "NOUN", "ADJ"):
        return False
    if prev.whitespace_ != " " or prev.text.rstrip(".").lower() in _MONTHS:
        return False
    # "Geneva Switzerland": the word before is a place of its own
    return not (first.ent_iob_ == "B" and place_gazetteer().get(prev.text) is not None)


_DIVISIONS = (r"(?:Crown\s+)?(?:Province|Colony|Principality|Grand\s+Duchy|Duchy|County|"
              r"Prefecture|Governorate|Oblast|Canton|Emirate|Sultanate|Protectorate|Territory)")
_TYPE_OF = re.compile(
    rf"\b(?P<type>{_DIVISIONS}|Region|District|Dominion|City|Republic|Kingdom|State|Commonwealth|"
    r"Federation|Union|Empire)\s+of\s+(?:the\s+)?$"
)
_TYPE_NAME = re.compile(rf"(?:the\s+)?{_DIVISIONS}\s+of\s+{_NAME_WORD}(?:\s+{_NAME_WORD})*$")
# "the riding of Durham West", "the constituency of Dublin North-West", "the Galway North
# constituency": the grammar names a place the model often reads as a person or an organisation
_CAP_WORD = r"(?!(?:In|At|On|For|From|The|And|But|To|With|By|As|Of)\b)[A-ZÀ-Ý][\w'’.-]*"
_FRAME_NAME = rf"{_CAP_WORD}(?:(?:\s+|\s*-\s*)(?:and\s+)?{_CAP_WORD})*"
_FEATURE_WORD = r"(?!(?:In|At|On|For|From|The|And|But|To|With|By|As|Of)\b)[A-ZÀ-Ý][\w'’-]*"
_FEATURE_NAME = rf"{_FEATURE_WORD}(?:[ \t]+{_FEATURE_WORD}){{0,3}}"
_FRAMES = [
    # the division is a place of its own, named with its type: "the province of Trapani"
    re.compile(
        r"\b(?P<name>(?:province|county|prefecture|department|canton|oblast|governorate)\s+of\s+"
        + _FRAME_NAME + ")"
    ),
    re.compile(
        r"\b(?:riding|constituency|electoral\s+(?:district|division)|election\s+division|"
        r"division|seat|city|town|village|municipality|island|capital|commune)\s+of\s+"
        r"(?P<name>" + _FRAME_NAME + ")"
    ),
    re.compile(r"\bthe\s+(?P<name>" + _FRAME_NAME + r")\s+(?:constituency|riding|electorate)\b"),
    # a natural feature or a built place, named with its kind before or after: "Mount Arvelle",
    # "Lake Morvane", "Gulf of Tessaly", "the Velakar Desert", "Ondra Dam"
    *(_FEATURES := (re.compile(
        r"\b(?P<name>(?:Mount|Mt\.|Lake|Cape|(?:Gulf|Bay|Sea|Isle|Strait|Straits|Temple|Tomb|"
        r"Castle|Fortress)\s+of)"
               r"[ \t]+(?:the[ \t]+)?" + _FEATURE_NAME + r")(?![\w'’-]|[ \t]+[A-Z])"),
    re.compile(r"(?<![\w'’.-])(?P<name>" + _FEATURE_NAME + r"[ \t]+(?:River|Mountains|Desert|"
               r"Valley|Sea|Ocean|Peninsula|Plateau|Basin|Island|Islands|Glacier|Canyon|Forest|"
               r"Delta|Gorge|Falls|Reservoir|Gulf|Strait|Range|Wilderness|"
               # and a built place: "Caryville Dam", "Vienna International Airport"
               r"Park|Dam|Station|Airport|Stadium|Bridge|Viaduct|Palace|Castle|Mall|Monument|"
               r"Zoo|Arena|Trail|Canal|Harbour|Harbor|Geopark|"
               # a protected area: "Menorca Biosphere Reserve" (lex:reserve-kinds)
               rf"(?:{'|'.join(sorted(lexicon_words('reserve-kinds')))})[ \t]+Reserve))"
               r"(?![\w'’-]|\s+[A-Z])"))),
]
_SAME_STATE = frozenset({"Republic", "Kingdom", "State", "Commonwealth", "Federation"})


def _type_of(text: str, p: _Place) -> _Place:
    """ "Province of Trapani" and "Colony of Singapore" are places of their own; "Republic of
    Cyprus" is the country, written in full."""
    window = max(0, p.start - 40)
    m = _TYPE_OF.search(text[window:p.start])
    if not m:
        return p
    start = window + m.start()
    if re.search(r"[A-ZÀ-Ý][\w'’-]*\s+$", text[max(0, start - 30):start]):
        return p  # "Christian Democratic Union of Germany": the type word is inside a longer name
    full = " ".join(text[start:p.end].split())
    if p.subtype == "Country" and m.group("type") in _SAME_STATE:
        return _Place(start, p.end, p.name, p.subtype, p.entry)
    return _Place(start, p.end, full, None)


def _in_longer_name(text: str, start: int) -> bool:
    """True when the place at ``start`` ends the name of an organisation or an event.

    "Communist Party of Greece", "Law Society of England and Wales", "Council of Europe":
    the run of capitalised words before the place holds an organisation's head word.
    "the 1996 Senate election in Oregon", "the invasion of Iraq": the place completes the name
    of an event."""
    before = text[max(0, start - 120):start]
    if _EVENT_COMPLEMENT.search(before):
        return True
    words, seen_joiner = re.findall(r"[\w'’&.-]+|[^\w\s]", before), False
    if len(words) >= 2 and words[-1] == "in":
        return words[-2] in _PARTY_HEADS  # "Christian Social Union in Bavaria"
    for word in reversed(words):
        if word in _JOINERS:
            seen_joiner = True
            continue
        if not word[:1].isupper():
            return False
        if seen_joiner and word.rstrip("'’s") in _ORG_HEADS:
            return True
    return False


def _standing(pdoc: ProcessedDocument, place: _Place) -> Iterator[_Place]:
    """The place as a name of its own: widened to "Province of X", or left out when it is part
    of another name."""
    if (typed := _type_of(pdoc.text, place)) != place:
        yield typed
    elif not (_premodifier(pdoc, place.start, place.end) or _in_longer_name(pdoc.text, place.start)
              or _name_before(pdoc, place.start, place.end)):
        yield place


def _addresses(pdoc: ProcessedDocument, gaz: Gazetteer) -> Iterator[tuple[_Place, list[_Place]]]:
    """Postal addresses and the city and country inside each."""
    text = pdoc.text
    taken: list[tuple[int, int]] = []
    starts = sorted((m.start(), m.end()) for p in _STREET_STARTS for m in p.finditer(text))
    for start, street_end in starts:
        if any(s <= start < e for s, e in taken):
            continue
        pos, inner, end, codes = street_end, [], 0, 0
        line_end = text.find("\n", street_end)
        limit = min(start + _MAX_ADDRESS, line_end if line_end >= 0 else len(text))
        while pos < limit:
            m = _ADDRESS_PIECE.match(text, pos, limit)
            if not m or m.end() == pos:
                break
            word_start = m.start(m.lastgroup) if m.lastgroup else m.start()
            if m.lastgroup == "word":
                hits = [h for h in gaz.find(text[word_start:limit]) if h.start == 0]
                if hits:
                    hit = hits[0]
                    place = _Place(word_start, word_start + hit.end, hit.entry.name,
                                   hit.entry.subtype, hit.entry, address=True)
                    inner.append(place)
                    pos = end = place.end
                    if hit.entry.subtype == "Country":
                        break
                    continue
                word = m.group("word")
                if word.split()[0].rstrip(".").lower() in _CONTACT:
                    break
                if codes and not any(p.subtype == "City" for p in inner):
                    # the town after (or before) a postal code: "CH-1015 Lausanne"
                    inner.append(_Place(word_start, m.end(), _clean(word), "City", address=True))
                    pos = end = m.end()
                    continue
                break
            if m.lastgroup == "code":
                codes += 1
            pos = m.end()
            if m.lastgroup in ("code", "cedex", "unit", "num") and inner:
                end = pos
        if not inner or end <= street_end:
            continue
        while text[end - 1] in " ,":
            end -= 1
        end = max(end, max(p.end for p in inner))
        taken.append((start, end))
        address = _Place(start, end, " ".join(text[start:end].split()), ADDRESS)
        yield address, inner


def _gazetteer_places(pdoc: ProcessedDocument, gaz: Gazetteer,
                      labels: dict[tuple[int, int], str]) -> Iterator[_Place]:
    text = pdoc.text
    persons = [(s, e) for (s, e), label in labels.items() if label == "PERSON"]
    surnames = {text[s:e].split()[-1] for s, e in persons if len(text[s:e].split()) > 1}
    for hit in gazetteer_hits(gaz, unwrapped(text)):  # "the Union\nof Soviet Socialist Republics"
        name, before = hit.text, text[max(0, hit.start - 30):hit.start]
        if any(s <= hit.start and hit.end <= e and (s, e) != (hit.start, hit.end)
               for s, e in persons) or (name != hit.entry.name and name in surnames
                                        and not _LOCATIVE.search(before)):
            continue  # part of a person's name ("Paris Hilton"); "Alger's term" after "Ross Alger"
        if name in _AMBIGUOUS or hit.entry.name in _AMBIGUOUS:
            label = labels.get((hit.start, hit.end))
            if label not in ("GPE", "LOC") and not _LOCATIVE.search(text[:hit.start]):
                continue
            if label == "PERSON":
                continue
        if name in ("US", "UK") and re.search(r"\b[A-Z]{2,}\s+$", text[:hit.start]):
            continue  # a heading in capitals: "CONTACT US"
        place = _Place(hit.start, hit.end, hit.entry.name, hit.entry.subtype, hit.entry)
        if not inside_entity(text, labels, hit.start, hit.end) or _type_of(text, place) != place:
            yield from _standing(pdoc, place)


_LIST_GAP = re.compile(r"\s*(?:,|;|/|,?\s*(?:and|or|&))\s*")


def _listed_with_non_places(text: str, labels: dict[tuple[int, int], str], start: int,
                            end: int) -> bool:
    """True when the candidate stands in a list of people, organisations or languages:
    "Radhika Apte, X, Neeraj Kabi", "Oxfam, War on Want, and Christian Aid"."""
    before = after = None
    for (s, e), label in sorted(labels.items()):
        if e <= start and _LIST_GAP.fullmatch(text[e:start]):
            before = label
        elif s >= end and after is None and _LIST_GAP.fullmatch(text[end:s]):
            after = label
    # (not NORP or FAC: the model reads regions as nationalities and lists places with
    # airports: "north Derbyshire and Lincolnshire", "Schwechat, Vienna International Airport")
    names = {"PERSON", "ORG", "LANGUAGE", "WORK_OF_ART", "PRODUCT"}
    if re.search(r"\b(?:[Ii]n|[Aa]t|[Ff]rom|[Nn]ear|[Aa]cross|[Tt]hroughout|[Ww]ithin)\s+$",
                 text[max(0, start - 30):start]):
        return False
    return {before, after} <= names | {None} and (before or after) is not None


#: Before a region the model reads as a nationality: "north", "northern" ...
_NORP_PLACE = re.compile(r"\b(?:(?:north|south|east|west)(?:ern)?|central)[ \t]+$", re.I)


def _model_places(pdoc: ProcessedDocument, labels: dict[tuple[int, int], str]) -> Iterator[_Place]:
    text = pdoc.text
    org_names = load_gazetteer()
    for (start, end), label in sorted(labels.items()):
        if label in ("ORG", "FAC") and _TYPE_NAME.match(text, start, end):
            # "Principality of Mingrelia" read as an organisation
            name = _clean(text[start:end])
            at = text.find(name, start, end)
            yield _Place(at, at + len(name), name, None)
            continue
        if label == "PERSON":
            name = _clean(text[start:end])
            at = text.find(name, start, end) if name else -1  # the span of the cleaned name
            if at >= 0 and known_place(text, labels, at, name):
                yield _Place(at, at + len(name), name, None)
            continue
        if label in ("NORP", "PRODUCT") and text[start:end] in place_names() and (label == "PRODUCT"
                or _NORP_PLACE.search(text, max(0, start - 30), start)):  # "north Derbyshire"
            yield _Place(start, end, text[start:end], None)  # a product: "the rivers of the Veneto"
        if label not in ("GPE", "LOC", "FAC"):
            continue
        if _listed_with_non_places(text, labels, start, end):
            continue
        flat = unwrapped(text)  # a line of wrapped prose goes on: "the Horn of\nAfrica"
        for s, e in candidate_parts(flat, start, end):  # "Paris, France": each on its own
            name = _clean(text[s:e])
            at = flat.find(name, s, e) if name else -1
            if at < 0:
                continue
            s, e = at, at + len(name)
            if not _plausible(name):
                continue
            entry = org_names.get(name)
            if entry is not None and entry.kind is not EntityKind.PLACE:
                continue
            yield from _standing(pdoc, _Place(s, e, name, None))


_WORD_BEFORE = re.compile(r"([\w'’-]+)[ \t]+$")
#: A sentence's end inside a frame's words: "the municipality of Morogoro. According to ..."
#: (a period after a word of three letters; "St." and "U.S." are abbreviations)
_SENTENCE_END = re.compile(r"(?<=[a-zà-ÿ]{3})\.(?:\s|$)")
_SENTENCE_WORDS = _words("In At On For From The And But To With By As Of Near Across Along")


def _frame_places(text: str) -> Iterator[_Place]:
    for frame in _FRAMES:
        for m in frame.finditer(text):
            end = m.end("name")
            cut = _SENTENCE_END.search(text, m.start("name"), end)
            if cut:
                end = cut.start()
            name = " ".join(text[m.start("name"):end].split())
            before = _WORD_BEFORE.search(text, max(0, m.start("name") - 40), m.start("name"))
            if frame in _FEATURES and before and ((
                    before.group(1)[:1].isupper() and before.group(1) not in _SENTENCE_WORDS)
                    or before.group(1) in ("a", "an")):
                continue  # inside a longer name: "the Meech Lake Accord"; a designation: "as
                # an International Biosphere Reserve"
            if (_plausible(name[0].upper() + name[1:]) and name.split()[0] not in _POSTS
                    and name.split()[-1] not in _ORG_HEADS):
                yield _Place(m.start("name"), end, name, None)


def _plausible(name: str) -> bool:
    if len(name) < 2 or any(c.isdigit() for c in name) or not name[0].isupper():
        return False
    if name.lower().replace(" ", "_") in _NOT_PLACES or name.lower().rstrip(".") in _MONTHS:
        return False
    if name.isupper() and " " not in name:
        return False  # "AI", "ICT", "BRICS": acronyms the gazetteer does not know
    if name.split()[0].lower() in _MEMBERS_OF and name.split()[-1].lower() in _COLLECTIVE:
        return False  # "Contracting States"
    words = name.split()
    head = next((words[k - 1] for k in range(1, len(words)) if words[k] in ("of", "on")), words[-1])
    if head.lower() in _EVENT_HEADS | _MEETINGS or head in INSTRUMENTS:
        return False  # "Maritz Rebellion", "World Conference on Sport", "Millennium Declaration"
    if len(words) == 1 and name in _ORG_HEADS:
        return False  # a lone head word: "the Centre", "the Institute"
    return all(w[:1].isupper() or w.lower() in {"of", "and", "the", "de", "du", "des", "la",
                                                 "le", "del", "upon", "on", "-"} for w in words)


def _mention(pdoc: ProcessedDocument, p: _Place) -> Mention:
    seen = " ".join(pdoc.text[p.start:p.end].split())
    alternates = (seen,) if p.entry is not None and seen != p.name else ()
    return Mention(EntityKind.PLACE, p.name, pdoc.span(p.start, p.end), NAME, subtype=p.subtype,
                   alternate_names=alternates, authority=p.entry.iri if p.entry else None)


def _relation(pdoc: ProcessedDocument, a: Mention, b: Mention) -> Relation:
    start, end = min(a.span.start, b.span.start), max(a.span.end, b.span.end)
    return Relation(RelationKind.CONTAINED_IN, a, b, pdoc.span(start, end), NAME)


@extractors.register(NAME, produces=("Place", "Country", "City", "Address"))
def extract_places(pdoc: ProcessedDocument, found: Sequence[Record]) -> Iterator[Record]:
    """Place mentions, and the CONTAINED_IN relations the text gives between them."""
    gaz = place_gazetteer()
    labels = {(e.start, e.end): e.label for e in pdoc.entities()}
    relations: list[Relation] = []
    places: list[tuple[_Place, Mention]] = []
    taken: list[tuple[int, int]] = []
    for address, inner in _addresses(pdoc, gaz):
        am = _mention(pdoc, address)
        inner_mentions = [_mention(pdoc, p) for p in inner]
        places.append((address, am))
        places.extend(zip(inner, inner_mentions, strict=True))
        taken.append((address.start, address.end))
        city = next((m for m in inner_mentions if m.subtype == "City"), None)
        country = next((m for m in inner_mentions if m.subtype == "Country"), None)
        relations.append(_relation(pdoc, am, city or country or am))
        if city is not None and country is not None:
            relations.append(_relation(pdoc, city, country))
    # most trusted first: a later candidate overlapping an earlier one is left out
    listed = [_Place(s, e, n, None) for s, e, n in listed_places(pdoc.text, labels)]
    listed += [_Place(s, e, c.name, c.subtype, c) for s, e, c in country_headings(pdoc.text, gaz)]
    for p in [*_gazetteer_places(pdoc, gaz, labels), *_frame_places(pdoc.text),
              *_model_places(pdoc, labels), *listed]:
        if not any(p.start < e and s < p.end for s, e in taken):
            places.append((p, _mention(pdoc, p)))
            taken.append((p.start, p.end))
    places.sort(key=lambda pm: (pm[0].start, -pm[0].end))
    relations = [r for r in relations if r.subject is not r.object]
    relations += _pairs(pdoc, places)
    yield from (m for _, m in places)
    yield from relations


def _listed(text: str, places: list[tuple[_Place, Mention]], a: _Place, b: _Place) -> bool:
    """ "Havana, Miami, Bahamas and Madrid": ``a, b`` inside a list of places is not "city,
    country". The gazetteer decides when it knows where ``a`` lies; else another place listed
    just after ``b`` ("b and X", "b, X") makes it a list ("Salt Lake City, Utah, United States"
    stays a hierarchy)."""
    if a.entry is not None and a.entry.parents and b.entry is not None:
        return b.entry.iri not in a.entry.parents
    return any(re.fullmatch(r"\s*(?:,|and|or|&)\s*", text[b.end:p.start]) for p, _ in places
               if p.start >= b.end)


def _pairs(pdoc: ProcessedDocument, places: list[tuple[_Place, Mention]]) -> Iterator[Relation]:
    """ "Paris, France" and gazetteer cities whose country the document names."""
    text = pdoc.text
    outside = [(p, m) for p, m in places if not p.address and p.subtype != ADDRESS]
    linked: set[int] = set()
    for (a, am), (b, bm) in pairwise(outside):
        if (a.subtype != "Country" and b.subtype == "Country"
                and re.fullmatch(r"\s*(?:,|\()\s*", text[a.end:b.start])
                and not _listed(text, outside, a, b)):
            linked.add(a.start)
            yield _relation(pdoc, am, bm)
    countries = [(p, m) for p, m in places if p.subtype == "Country" and p.entry is not None]
    for p, m in outside:
        if p.subtype != "City" or p.entry is None or p.start in linked:
            continue
        near = [(abs(c.start - p.start), cm) for c, cm in countries
                if c.entry is not None and c.entry.iri in p.entry.parents]
        if near:
            yield Relation(RelationKind.CONTAINED_IN, m, min(near, key=lambda n: n[0])[1], m.span,
                           NAME)
