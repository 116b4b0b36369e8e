"""The gazetteer: well-known organisations and places, kept as Turtle in ``ontology/gazetteer/``.

Each entry is a resource typed with one kg class (``kg:Organization``, ``kg:OrganizationalUnit``,
``kg:Country``, ``kg:City``, ``kg:Place``...) and carries ``schema:name`` (the preferred name),
``schema:alternateName`` (other names, in any language) and ``kg:acronym``; it may carry
``owl:sameAs`` (an authority IRI such as Wikidata's), ``org:subOrganizationOf`` and
``schema:containedInPlace`` (the IRIs of other entries). Names are matched case-sensitively on word
boundaries, longest first, so "UN" never matches inside "UNESCO" or the French word "un".

The same files (and a user's own authority files, see :func:`authority_files`) may also list
people (``kg:Person``, with the same name properties) and the posts they held, as
``org:Membership`` nodes: ``org:member`` the person, ``org:organization`` an entry,
``org:role [ rdfs:label "Director-General" ]`` and ``schema:startDate`` / ``schema:endDate``
(``xsd:date``; no end date while the post is held). People are not matched in text: the resolution
step links a person named in full to their entry, and a post named on a dated document to the one
person who held it then.

Documents (``kg:Convention``, ``kg:Recommendation``, ``kg:Declaration``, ``kg:Agenda``,
``kg:DocumentReference``: the instruments of ``unesco-instruments.ttl`` and
``un-instruments.ttl``, with ``schema:dateCreated``) are not matched in text either:
``references.v1`` looks the names it reads up with :meth:`Gazetteer.work`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from ._errors import InputError
from ._iri import normalize_name
from ._namespaces import KG, ORG, OWL, RDF, RDFS, SCHEMA
from .records import DateValue, EntityKind

__all__ = [
    "Gazetteer",
    "GazetteerEntry",
    "GazetteerHit",
    "PostHolding",
    "authority_files",
    "load_gazetteer",
]

#: The user's own authority files, added to the built-in ones while a build runs.
_EXTRA_FILES: ContextVar[tuple[Path, ...]] = ContextVar("kg_authority_files", default=())

_KINDS: dict[URIRef, tuple[EntityKind, str | None]] = {
    KG.Organization: (EntityKind.ORGANIZATION, None),
    KG.OrganizationalUnit: (EntityKind.ORGANIZATION, "OrganizationalUnit"),
    KG.Place: (EntityKind.PLACE, None),
    KG.Country: (EntityKind.PLACE, "Country"),
    KG.City: (EntityKind.PLACE, "City"),
    KG.Event: (EntityKind.EVENT, None),
}
#: Document classes of authority entries (instruments), looked up by name, not found in text.
_WORK_KINDS: dict[URIRef, str | None] = {
    KG.Convention: "Convention", KG.Recommendation: "Recommendation",
    KG.Declaration: "Declaration", KG.Agenda: "Agenda", KG.DocumentReference: None,
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
    date: DateValue | None = None  # an instrument's date of adoption


@dataclass(frozen=True, slots=True)
class PostHolding:
    """``person`` (an entry IRI) held post ``title`` in ``organization`` from ``start`` to ``end``
    (ISO dates; ``end`` None while the post is held)."""

    person: str
    organization: str
    title: str
    start: str
    end: str | None

    def covers(self, when: DateValue) -> bool:
        """Whether the whole of ``when`` (a day, month or year) falls within the holding."""
        first = when.iso + "-01-01"[len(when.iso) - 4:] if len(when.iso) < 10 else when.iso
        last = when.iso + "-12-31"[len(when.iso) - 4:] if len(when.iso) < 10 else when.iso
        return self.start <= first and (self.end is None or last <= self.end)


@dataclass(frozen=True, slots=True)
class GazetteerHit:
    """A gazetteer name found at ``start``..``end`` of a text."""

    start: int
    end: int
    text: str
    entry: GazetteerEntry


class Gazetteer:
    """Entries and a matcher over all their names."""

    def __init__(self, entries: Iterable[GazetteerEntry], people: Iterable[GazetteerEntry] = (),
                 holdings: Iterable[PostHolding] = (), works: Iterable[GazetteerEntry] = ()
                 ) -> None:
        self.entries: tuple[GazetteerEntry, ...] = tuple(sorted(entries, key=lambda e: e.iri))
        self.works: tuple[GazetteerEntry, ...] = tuple(sorted(works, key=lambda e: e.iri))
        self.people: tuple[GazetteerEntry, ...] = tuple(sorted(people, key=lambda e: e.iri))
        self.holdings: tuple[PostHolding, ...] = tuple(
            sorted(holdings, key=lambda h: (h.organization, h.title, h.start, h.person)))
        self._by_name: dict[str, GazetteerEntry] = {}
        self._by_iri = {e.iri: e for e in (*self.entries, *self.people, *self.works)}
        for entry in self.entries:
            for name in (entry.name, *entry.alternate_names, *entry.acronyms):
                self._by_name.setdefault(name, entry)
        names = sorted(self._by_name, key=len, reverse=True)
        # The names as a trie (see _trie_pattern), the word boundary before a name checked on
        # each match: a look-behind at the start of the pattern would make the regex engine try
        # every position of the text. Only an empty name needs the plain alternation.
        self._trie = (re.compile(_trie_pattern(names) + r"(?![\w-])")
                      if names and "" not in self._by_name else None)
        self._pattern = (
            re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
            if names and self._trie is None
            else None
        )

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, name: str) -> GazetteerEntry | None:
        """The entry with exactly this name (or acronym), or None."""
        return self._by_name.get(name)

    def by_iri(self, iri: str) -> GazetteerEntry | None:
        return self._by_iri.get(iri)

    def same_as(self, iri: str) -> tuple[str, ...]:
        """The other identifiers (``owl:sameAs``) of the entry ``iri``, if there is one."""
        entry = self._by_iri.get(iri)
        return tuple(entry.same_as) if entry else ()

    @cached_property
    def _works_by_name(self) -> dict[str, GazetteerEntry]:
        found: dict[str, set[str]] = {}
        for work in self.works:
            for name in (work.name, *work.alternate_names, *work.acronyms):
                found.setdefault(normalize_name(name), set()).add(work.iri)
        return {key: self._by_iri[next(iter(iris))] for key, iris in found.items()
                if len(iris) == 1}

    def work(self, names: Iterable[str]) -> GazetteerEntry | None:
        """The one listed document (instrument) that has one of ``names`` (folded), or None."""
        hits = {e.iri: e for n in names if (e := self._works_by_name.get(normalize_name(n)))}
        return next(iter(hits.values())) if len(hits) == 1 else None

    @cached_property
    def _people_by_name(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for person in self.people:
            for name in (person.name, *person.alternate_names):
                found.setdefault(normalize_name(name), set()).add(person.iri)
        return found

    def person(self, names: Iterable[str]) -> GazetteerEntry | None:
        """The one listed person who has one of ``names`` (folded), or None (none, or several)."""
        iris = {iri for n in names for iri in self._people_by_name.get(normalize_name(n), ())}
        return self._by_iri[next(iter(iris))] if len(iris) == 1 else None

    def holders(self, organization: str, title: str, when: DateValue) -> list[PostHolding]:
        """Who held post ``title`` (folded) in ``organization`` for the whole of ``when``."""
        wanted = normalize_name(title)
        return [h for h in self.holdings if h.organization == organization
                and normalize_name(h.title) == wanted and h.covers(when)]

    def find(self, text: str) -> Iterator[GazetteerHit]:
        """Every gazetteer name in ``text``, left to right, longest match first."""
        if self._pattern is not None:
            for m in self._pattern.finditer(text):
                yield GazetteerHit(m.start(), m.end(), m.group(0), self._by_name[m.group(0)])
        if self._trie is None:
            return
        pos = 0
        while (found := self._trie.search(text, pos)) is not None:
            start, pos = found.span()
            if start and _NAME_CHAR.match(text, start - 1):
                pos = start + 1  # inside a word: look again from the next character
                continue
            yield GazetteerHit(start, pos, found.group(0), self._by_name[found.group(0)])


_NAME_CHAR = re.compile(r"[\w-]")  # no name may start right after one of these, nor end before
_Trie = dict[str, "_Trie"]  # a node: the next characters ("" where a name ends)


def _trie_pattern(names: Iterable[str]) -> str:
    """A regex matching exactly the (non-empty) ``names``, the longest first where several match
    at one position (as an alternation sorted by length would): each character is a branch, the
    end of a name the last choice at its node, so the engine backs off from the longest prefix."""
    root: _Trie = {}
    for name in names:
        node = root
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}

    def alternatives(node: _Trie) -> str:
        branches = [re.escape(ch) + alternatives(child)
                    for ch, child in sorted(node.items()) if ch]
        if "" in node:
            branches.append("")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return alternatives(root)


def _strings(g: Graph, subject: Node, predicate: URIRef) -> tuple[str, ...]:
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


def _works(g: Graph) -> Iterator[GazetteerEntry]:
    for cls, subtype in _WORK_KINDS.items():
        for subject in g.subjects(RDF.type, cls):
            names = _strings(g, subject, SCHEMA.name)
            if not isinstance(subject, URIRef) or not names:
                continue
            date = g.value(subject, SCHEMA.dateCreated)
            yield GazetteerEntry(
                iri=str(subject), kind=EntityKind.WORK, subtype=subtype, name=names[0],
                alternate_names=tuple(n for n in _strings(g, subject, SCHEMA.alternateName)
                                      if n != names[0]),
                acronyms=_strings(g, subject, KG.acronym),
                same_as=_strings(g, subject, OWL.sameAs), parents=(),
                date=DateValue(str(date)) if date is not None else None)


def _people(g: Graph) -> Iterator[GazetteerEntry]:
    for subject in g.subjects(RDF.type, KG.Person):
        names = _strings(g, subject, SCHEMA.name)
        if isinstance(subject, URIRef) and names:
            yield GazetteerEntry(
                iri=str(subject), kind=EntityKind.PERSON, subtype=None, name=names[0],
                alternate_names=tuple(n for n in _strings(g, subject, SCHEMA.alternateName)
                                      if n != names[0]),
                acronyms=(), same_as=_strings(g, subject, OWL.sameAs), parents=())


def _holdings(g: Graph, path: str) -> Iterator[PostHolding]:
    for node in g.subjects(RDF.type, ORG.Membership):
        person, organization = g.value(node, ORG.member), g.value(node, ORG.organization)
        role = g.value(node, ORG.role)
        title = g.value(role, RDFS.label) if role is not None else None
        start, end = g.value(node, SCHEMA.startDate), g.value(node, SCHEMA.endDate)
        if person is None or organization is None or title is None or start is None:
            raise InputError(path, f"the post holding <{node}> needs org:member, "
                             "org:organization, org:role [ rdfs:label ... ] and schema:startDate")
        for value in (start, end):
            if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
                raise InputError(path, f"the post holding <{node}> has the date {value!s}; "
                                 "write dates as YYYY-MM-DD")
        yield PostHolding(str(person), str(organization), str(title), str(start),
                          str(end) if end is not None else None)


@cache
def _default_folder() -> Path:
    from .resources import ontology_path

    return ontology_path("gazetteer")


def _default_paths() -> tuple[Path, ...]:
    """The built-in authority files: the folder is found once per process, and listed again
    only when its entries change (it is read on every :func:`load_gazetteer` call)."""
    folder = _default_folder()
    try:
        stamp = folder.stat().st_mtime_ns
    except OSError:  # the folder went away: look for it again (which says why it is missing)
        _default_folder.cache_clear()
        folder = _default_folder()
        stamp = folder.stat().st_mtime_ns
    return _listing(folder, stamp)


@cache
def _listing(folder: Path, stamp: int) -> tuple[Path, ...]:
    """The ``*.ttl`` files of ``folder``, sorted, as they were when its mtime was ``stamp``."""
    return tuple(sorted(folder.glob("*.ttl")))


@cache
def _load(paths: tuple[Path, ...]) -> Gazetteer:
    g = Graph()
    for path in paths:
        try:
            g.parse(path, format="turtle")
        except OSError as exc:
            raise InputError(str(path), f"cannot read the authority file: {exc.strerror or exc}"
                             ) from exc
        except Exception as exc:  # rdflib raises many types on bad Turtle
            raise InputError(str(path), f"the authority file is not valid Turtle: {exc}. "
                             "Fix the file (see ontology/gazetteer/ for examples).") from exc
    return Gazetteer(_entries(g), _people(g), _holdings(g, ", ".join(map(str, paths))),
                     _works(g))


def load_gazetteer(paths: Sequence[Path] | None = None) -> Gazetteer:
    """The gazetteer from ``paths`` (default: every ``ontology/gazetteer/*.ttl`` and the files
    :func:`authority_files` adds), loaded once."""
    return _load(tuple(paths) if paths is not None else _default_paths() + _EXTRA_FILES.get())


@contextmanager
def authority_files(paths: Sequence[Path]) -> Iterator[Gazetteer]:
    """Within the block, :func:`load_gazetteer` also reads the user's authority files ``paths``
    (Turtle in the form of ``ontology/gazetteer/``); yields the gazetteer they make."""
    for path in paths:
        if not Path(path).is_file():
            raise InputError(str(path), "the authority file does not exist; give a Turtle file "
                             "in the form of ontology/gazetteer/*.ttl")
    token = _EXTRA_FILES.set(tuple(Path(p).resolve() for p in paths))
    try:
        yield load_gazetteer()
    finally:
        _EXTRA_FILES.reset(token)
