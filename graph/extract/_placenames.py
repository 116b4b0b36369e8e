"""Names of the world's towns and regions, read as a cue that a name is a place's.

``place-names.txt`` (written by scripts/place_names.py from GeoNames and ISO 3166-2) holds some
80,000 names. ``places.v1`` takes a name the model reads as a person's for a place when it is one
of them, and the document does not use it otherwise (:func:`known_place`), and so a name of the
list the model reads as nothing after "in", "from", "at"... (:func:`listed_places`); no name here
is linked to an authority. A gazetteer country written in capitals on a line of its own, over
its delegation in a list of participants, is read too (:func:`country_headings`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from .._gazetteer import Gazetteer, GazetteerEntry, GazetteerHit
from ..records import EntityKind
from ._lexicon import words as lexicon_words

__all__ = ["PLACE_HOLDERS", "PLACE_NAMES", "candidate_parts", "country_headings", "gazetteer_hits",
           "holder_names", "inside_entity", "known_place", "listed_places", "place_holders",
           "place_names"]

PLACE_NAMES = Path(__file__).with_name("place-names.txt")


@cache
def place_names() -> frozenset[str]:
    """Names of towns and regions of the world (``place-names.txt``, written by
    scripts/place_names.py): a cue for a name the model reads as a person's, not an authority."""
    lines = PLACE_NAMES.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|St|Saint|King|Queen|"
                           r"Prince|Princess|President|General|Captain|Pope)\.?[ \t]+$")


_LOCATIVE = re.compile(r"\b(?:in|at|from|near|to|outside|of|via)[ \t]+(?:the[ \t]+)?$")


def known_place(text: str, labels: dict[tuple[int, int], str], start: int, name: str,
                after_place: bool = False) -> bool:
    """A name the model reads as a person's that is a town's or a region's ("born in Kuopio",
    "Sokodé"): not a given name, not after a title ("Mr Kuopio"), a lone word only after a
    locative preposition, and not part of a longer person's name the document writes ("Paris"
    where "Paris Hilton" is written)."""
    if name not in place_names() or name.split()[0] in lexicon_words("given-names"):
        return False
    if _TITLE_BEFORE.search(text, max(0, start - 12), start):
        return False
    if " " not in name and not after_place and \
            not _LOCATIVE.search(text, max(0, start - 30), start):
        return False  # a lone word is a surname as often ("Davis", "Shaw"): only after "in", "at"
    pattern = re.compile(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])")
    return not any(label == "PERSON" and e - s > len(name) and pattern.search(text, s, e)
                   for (s, e), label in labels.items())


#: A capitalised name after a locative preposition: "born in Hol", "from Nordland".
_AFTER_LOCATIVE = re.compile(r"\b(?:in|from|at|near|to)[ \t]+(?P<name>[A-ZÀ-Ý][\w'’-]+"
                             r"(?:[ \t]+[A-ZÀ-Ý][\w'’-]+){0,2})(?![\w'’-]|[ \t]+[A-ZÀ-Ý])")


#: A capitalised name after a comma: "Durg, Madhya Pradesh" (read after a place only).
_AFTER_COMMA = re.compile(r",[ \t]+(?P<name>[A-ZÀ-Ý][\w'’-]+(?:[ \t]+[A-ZÀ-Ý][\w'’-]+){0,2})"
                          r"(?![\w'’-]|[ \t]+[A-ZÀ-Ý])")


def listed_places(text: str, labels: dict[tuple[int, int], str]) -> Iterator[tuple[int, int, str]]:
    """``(start, end, name)`` of each town's or region's name of the list after "in", "from",
    "at"..., or after a place the model reads and a comma ("Durg, Madhya Pradesh"), that the
    model reads as no entity at all ("born in Hol")."""
    places_end = {e for (s, e), label in labels.items() if label in ("GPE", "LOC")}
    found = [(m, False) for m in _AFTER_LOCATIVE.finditer(text)]
    found += [(m, True) for m in _AFTER_COMMA.finditer(text) if m.start() in places_end]
    for m, after_place in found:
        start, end = m.span("name")
        if (not any(s < end and start < e for s, e in labels)
                and known_place(text, labels, start, m.group("name"), after_place)):
            yield start, end, m.group("name")


PLACE_HOLDERS = Path(__file__).with_name("place-containment.tsv")


@cache
def place_holders() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """For each town and region of the world, by its name: the regions and countries that hold
    the place the name most likely means, and those that hold only a namesake
    (``place-containment.tsv``, written by scripts/place_containment.py from GeoNames, the US
    counties and ISO 3166-2); world knowledge ``relations.v1`` applies to the places a document
    names."""
    out: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    sets: dict[str, frozenset[str]] = {}  # 81,000 places, 7,800 distinct lists of holders

    def holders(field: str) -> frozenset[str]:
        found = sets.get(field)
        if found is None:
            found = sets[field] = frozenset(filter(None, field.split("; ")))
        return found

    for line in PLACE_HOLDERS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, likely, other = [*line.split("\t"), "", ""][:3]
            out[name] = (holders(likely), holders(other))
    return out


@cache
def holder_names() -> frozenset[str]:
    """Every region and country ``place-containment.tsv`` names as holding a place."""
    return frozenset(h for likely, other in place_holders().values() for h in likely | other)


#: "Samarqand Region of Uzbekistan": a region, "of", and the country or region that holds it.
_REGION_OF = re.compile(r"(?P<inner>[^,;\n]+?\b(?:Region|Province|District|Oblast|Governorate|"
                        r"Prefecture|Department|County|Municipality|Voivodeship))\s+of\s+"
                        r"(?:the\s+)?(?P<outer>[^,;\n]+)")


def candidate_parts(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The places one candidate of the model writes: "Paris, France" is two, each part on its
    own, and so is "Samarqand Region of Uzbekistan" when world knowledge holds regions in the
    second (``place-containment.tsv``)."""
    for part in re.finditer(r"[^,;\n]+", text[start:end]):
        s, e = start + part.start(), start + part.end()
        m = _REGION_OF.fullmatch(text, s, e)
        if m and m.group("outer").strip() in holder_names():
            yield m.span("inner")
            yield m.span("outer")
        else:
            yield s, e


#: A line that is a name in capitals alone: a list of delegations ("BURKINA FASO", "JAPAN").
_CAPITALS_LINE = re.compile(r"(?m)^[ \t]*(?P<name>[A-Z][A-Z'’-]+(?:[ \t]+[A-Z][A-Z'’-]+){0,4})"
                            r"[ \t]*$")


def country_headings(text: str, gazetteer: Gazetteer
                     ) -> Iterator[tuple[int, int, GazetteerEntry]]:
    """``(start, end, entry)`` of each line that is a country's name in capitals alone, as
    lists of participants head each delegation ("BURKINA FASO", "UNITED KINGDOM")."""
    countries = _countries(gazetteer)
    for m in _CAPITALS_LINE.finditer(text):
        entry = countries.get(" ".join(m.group("name").split()).lower())
        if entry is not None:
            yield m.start("name"), m.end("name"), entry


@cache
def _countries(gazetteer: Gazetteer) -> dict[str, GazetteerEntry]:
    """The gazetteer's countries under each of their names in lower case."""
    return {name.lower(): e for e in gazetteer.entries if e.subtype == "Country"
            for name in (e.name, *e.alternate_names)}


#: What cuts a model's candidate into pieces: a comma, a spaced dash.
_PIECES = re.compile(r",| [-–] ")


def inside_entity(text: str, labels: dict[tuple[int, int], str], start: int, end: int) -> bool:
    """True when the model reads start..end as part of a longer name ("New South Wales").

    Only the piece of the model's candidate between commas or spaced dashes that holds the place
    counts: "Paris, France" read as one candidate still gives "Paris" and "France", and so does
    "Session - Paris" (a heading) "Paris"."""
    for (s, e), label in labels.items():
        if s <= start and end <= e and (s, e) != (start, end) and label != "PERSON":
            left = max((m.end() for m in _PIECES.finditer(text, s, start)), default=s)
            right = next((m.start() for m in _PIECES.finditer(text, end, e)), e)
            piece = text[left:right].strip()
            if re.sub(r"^(?:the|The)\s+", "", piece) != text[start:end]:
                return True
    return False


_CAPITALS = re.compile(r"(?<![\w-])[A-Z][A-Z'\u2019-]{2,}(?:[ \t]+[A-Z][A-Z'\u2019-]{2,})*"
                       r"(?![\w-])")


def gazetteer_hits(gaz: Gazetteer, text: str) -> list[GazetteerHit]:
    """The gazetteer's names in ``text``, and its places written in capitals ("PARIS, 20 October",
    "NEW DELHI" in a record's heading), where no name as written is."""
    hits = list(gaz.find(text))
    titled = _CAPITALS.sub(lambda m: m.group(0).title(), text)
    for hit in gaz.find(titled) if titled != text else ():
        if hit.entry.kind is EntityKind.PLACE and text[hit.start:hit.end].isupper() and not any(
                h.start < hit.end and hit.start < h.end for h in hits):
            hits.append(hit)
    return sorted(hits, key=lambda h: h.start)
