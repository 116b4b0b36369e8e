"""Names of the world's towns and regions, read as a cue that a name is a place's.

``place-names.txt`` (written by scripts/place_names.py from GeoNames and ISO 3166-2) holds some
37,000 names. ``places.v1`` takes a name the model reads as a person's for a place when it is one
of them, and the document does not use it otherwise (:func:`known_place`), and so a name of the
list the model reads as nothing after "in", "from", "at"... (:func:`listed_places`); no name here
is linked to an authority.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from ._lexicon import words as lexicon_words

__all__ = ["PLACE_HOLDERS", "PLACE_NAMES", "holder_names", "known_place", "listed_places",
           "place_holders",
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


def known_place(text: str, labels: dict[tuple[int, int], str], start: int, name: str) -> bool:
    """A name the model reads as a person's that is a town's or a region's ("born in Kuopio",
    "Sokodé"): not a given name, not after a title ("Mr Kuopio"), a lone word only after a
    locative preposition, and not part of a longer person's name the document writes ("Paris"
    where "Paris Hilton" is written)."""
    if name not in place_names() or name.split()[0] in lexicon_words("given-names"):
        return False
    if _TITLE_BEFORE.search(text, max(0, start - 12), start):
        return False
    if " " not in name and not _LOCATIVE.search(text, max(0, start - 30), start):
        return False  # a lone word is a surname as often ("Davis", "Shaw"): only after "in", "at"
    pattern = re.compile(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])")
    return not any(label == "PERSON" and e - s > len(name) and pattern.search(text, s, e)
                   for (s, e), label in labels.items())


#: A capitalised name after a locative preposition: "born in Hol", "from Nordland".
_AFTER_LOCATIVE = re.compile(r"\b(?:in|from|at|near|to)[ \t]+(?P<name>[A-ZÀ-Ý][\w'’-]+"
                             r"(?:[ \t]+[A-ZÀ-Ý][\w'’-]+){0,2})(?![\w'’-]|[ \t]+[A-ZÀ-Ý])")


def listed_places(text: str, labels: dict[tuple[int, int], str]) -> Iterator[tuple[int, int, str]]:
    """``(start, end, name)`` of each town's or region's name of the list after "in", "from",
    "at"... that the model reads as no entity at all ("born in Hol")."""
    for m in _AFTER_LOCATIVE.finditer(text):
        start, end = m.span("name")
        if (not any(s < end and start < e for s, e in labels)
                and known_place(text, labels, start, m.group("name"))):
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
    for line in PLACE_HOLDERS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, likely, other = [*line.split("\t"), "", ""][:3]
            out[name] = (frozenset(filter(None, likely.split("; "))),
                         frozenset(filter(None, other.split("; "))))
    return out


@cache
def holder_names() -> frozenset[str]:
    """Every region and country ``place-containment.tsv`` names as holding a place."""
    return frozenset(h for likely, other in place_holders().values() for h in likely | other)
