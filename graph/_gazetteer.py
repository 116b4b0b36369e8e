"""The gazetteer: well-known organisations and places, kept as Turtle in ``ontology/gazetteer/``.

Each entry is a resource typed with one kg class (``kg:Organization``, ``kg:OrganizationalUnit``,
``kg:Country``, ``kg:City``, ``kg:Place``...) and carries ``schema:name`` (the preferred name),
``schema:alternateName`` (other names, in any language) and ``kg:acronym``; it may carry
``owl:sameAs`` (an authority IRI such as Wikidata's), ``org:subOrganizationOf`` and
``schema:containedInPlace`` (the IRIs of other entries). Names are matched case-sensitively on word
boundaries, longest first, so "UN" never matches inside "UNESCO" or the French word "un".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef

from ._namespaces import KG, ORG, OWL, RDF, SCHEMA
from .records import EntityKind

__all__ = ["Gazetteer", "GazetteerEntry", "GazetteerHit", "load_gazetteer"]

_KINDS: dict[URIRef, tuple[EntityKind, str | None]] = {
    KG.Organization: (EntityKind.ORGANIZATION, None),
    KG.OrganizationalUnit: (EntityKind.ORGANIZATION, "OrganizationalUnit"),
    KG.Place: (EntityKind.PLACE, None),
    KG.Country: (EntityKind.PLACE, "Country"),
    KG.City: (EntityKind.PLACE, "City"),
    KG.Event: (EntityKind.EVENT, None),
}


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One well-known organisation or place."""

    iri: str
    kind: EntityKind
    subtype: str | None
    name: str
    alternate_names: tuple[str, ...]
    acronyms: tuple[str, ...]
    same_as: tuple[str, ...]
    parents: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GazetteerHit:
    """A gazetteer name found at ``start``..``end`` of a text."""

    start: int
    end: int
    text: str
    entry: GazetteerEntry


class Gazetteer:
    """Entries and a matcher over all their names."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self.entries: tuple[GazetteerEntry, ...] = tuple(sorted(entries, key=lambda e: e.iri))
        self._by_name: dict[str, GazetteerEntry] = {}
        self._by_iri = {e.iri: e for e in self.entries}
        for entry in self.entries:
            for name in (entry.name, *entry.alternate_names, *entry.acronyms):
                self._by_name.setdefault(name, entry)
        names = sorted(self._by_name, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
            if names
            else None
        )

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, name: str) -> GazetteerEntry | None:
        """The entry with exactly this name (or acronym), or None."""
        return self._by_name.get(name)

    def by_iri(self, iri: str) -> GazetteerEntry | None:
        return self._by_iri.get(iri)

    def find(self, text: str) -> Iterator[GazetteerHit]:
        """Every gazetteer name in ``text``, left to right, longest match first."""
        if self._pattern is None:
            return
        for m in self._pattern.finditer(text):
            yield GazetteerHit(m.start(), m.end(), m.group(0), self._by_name[m.group(0)])


def _strings(g: Graph, subject: URIRef, predicate: URIRef) -> tuple[str, ...]:
    return tuple(sorted(str(o) for o in g.objects(subject, predicate)))


def _entries(g: Graph) -> Iterator[GazetteerEntry]:
    for cls, (kind, subtype) in _KINDS.items():
        for subject in g.subjects(RDF.type, cls):
            if not isinstance(subject, URIRef):
                continue
            names = _strings(g, subject, SCHEMA.name)
            if not names:
                continue
            yield GazetteerEntry(
                iri=str(subject),
                kind=kind,
                subtype=subtype,
                name=names[0],
                alternate_names=tuple(n for n in _strings(g, subject, SCHEMA.alternateName)
                                      if n != names[0]),
                acronyms=_strings(g, subject, KG.acronym),
                same_as=_strings(g, subject, OWL.sameAs),
                parents=_strings(g, subject, ORG.subOrganizationOf)
                + _strings(g, subject, SCHEMA.containedInPlace),
            )


def _default_paths() -> tuple[Path, ...]:
    from .resources import ontology_path

    folder = ontology_path("gazetteer")
    return tuple(sorted(folder.glob("*.ttl")))


@cache
def _load(paths: tuple[Path, ...]) -> Gazetteer:
    g = Graph()
    for path in paths:
        g.parse(path, format="turtle")
    return Gazetteer(_entries(g))


def load_gazetteer(paths: Sequence[Path] | None = None) -> Gazetteer:
    """The gazetteer from ``paths`` (default: every ``ontology/gazetteer/*.ttl``), loaded once."""
    return _load(tuple(paths) if paths is not None else _default_paths())
