"""What the pages show, read from the store with selective SPARQL (``sparql/*.rq``).

Every query here has the page's IRI bound as a constant (Oxigraph substitutions, never pasted
into the text) and a LIMIT, so a page reads the triples around one node, not the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from .._namespaces import AS, DCTERMS, KG, OWL, PREFIXES, RDF, RDFS, SCHEMA
from ..query import QueryResult
from ._passages import Mark, Passage, Piece, highlight, passage

__all__ = ["DocumentPage", "EntityPage", "Fact", "Link", "Post", "Reader", "sparql",
           "with_constant"]

KINDS = {SCHEMA.Person: "Person", SCHEMA.Organization: "Organization", SCHEMA.Event: "Event",
         SCHEMA.Place: "Place", SCHEMA.CreativeWork: "CreativeWork"}
_NAMES = {SCHEMA.name, SCHEMA.alternateName, RDFS.label}
_SHOWN_APART = {RDF.type, OWL.sameAs, *_NAMES}
_COMPACT = sorted(((str(ns), p) for p, ns in {**PREFIXES, "rdf": RDF}.items()),
                  key=lambda item: -len(item[0]))

Run = Callable[[str, Mapping[str, Node]], QueryResult]


@cache
def sparql(name: str) -> str:
    """The text of ``graph/web/sparql/NAME.rq``."""
    return (files("graph.web") / "sparql" / f"{name}.rq").read_text(encoding="utf-8")


def with_constant(query: str, variable: str, iri: str, literal: bool = False) -> str:
    """``query`` with ``VALUES ?variable { <iri> }`` opening its WHERE clause (with
    ``literal``, the plain literal ``"iri"``).

    Oxigraph's optimiser orders a query's patterns without knowing which variables a
    substitution binds, and for a chain of patterns it may start from an unbound one (a scan of
    every annotation of the store: half a second on a million triples). A constant in the query
    is known to it, so pages read from their IRI outwards. The IRI is checked and written by
    pyoxigraph (``NamedNode``, N-Triples syntax, which no value can break out of); an IRI it
    refuses raises ValueError.
    """
    term = str(ox.Literal(iri) if literal else ox.NamedNode(iri))
    head, found, rest = query.partition("WHERE {")
    if not found:
        raise ValueError("the query has no WHERE clause")
    return f"{head}WHERE {{\n  VALUES ?{variable} {{ {term} }}{rest}"


def compact(iri: str) -> str:
    """``schema:recipient`` for ``https://schema.org/recipient`` (the IRI when no prefix fits)."""
    for namespace, prefix in _COMPACT:
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


@dataclass(frozen=True, slots=True)
class Link:
    iri: str
    label: str
    href: str


@dataclass
class Fact:
    """One statement about the page's node: ``direction`` "out" (node, property, other) or "in"
    (other, property, node); ``other`` a node (a Link) or a ``value`` (a literal)."""

    direction: str
    property: str
    property_iri: str
    other: Link | None
    value: str | None
    triple: tuple[str, str, str]
    passages: list[Passage] = field(default_factory=list)


@dataclass
class Post:
    post: str
    other: Link
    during: str | None
    membership: str
    passages: list[Passage] = field(default_factory=list)


@dataclass
class EntityPage:
    iri: str
    label: str
    kind: str
    types: list[str]
    names: list[str]
    authority: list[str]
    facts: list[Fact]
    posts: list[Post]
    mentions: list[Passage]
    merges: list[tuple[str, list[str]]]


@dataclass
class DocumentPage:
    iri: str
    label: str
    source: str
    metadata: list[tuple[str, list[Link | str]]]
    cites: list[Link]
    cited_by: list[Link]
    pieces: list[Piece] | None
    marks: list[Mark]


def _str(term: Node | None) -> str | None:
    return None if term is None else str(term)


class Reader:
    """The pages' reads over a store whose IRIs are minted under ``base``.

    ``run(query_name, bindings)`` runs one of ``sparql/*.rq`` (with the server's timeout and row
    limit); ``text_of(doc_iri)`` is the document's kept text or None.
    """

    def __init__(self, base: str, run: Run, text_of: Callable[[str], str | None]) -> None:
        self.base = base.rstrip("/")
        self.run = run
        self.text_of = text_of

    def href(self, iri: str) -> str:
        """The page of ``iri``: its path on this server when it is under the base."""
        if iri.startswith(self.base + "/"):
            return quote(iri[len(self.base):], safe="/:@!$&'()*+,;=-._~%")
        return "/resource?iri=" + quote(iri, safe="")

    def iri_of(self, path: str) -> str:
        """The IRI a request path under the base stands for."""
        return self.base + path

    def link(self, iri: str, label: str | None) -> Link:
        return Link(iri, label or iri, self.href(iri))

    def _rows(self, name: str, key: str, iri: str) -> tuple[tuple[Node | None, ...], ...]:
        return self.run(with_constant(sparql(name), key, iri), {}).rows

    def facts(self, iri: str) -> tuple[list[tuple[str, Node, str | None]], list[Fact]]:
        """The node's own statements ``(property, value, value name)`` and its incoming ones."""
        named: dict[tuple[str, Node], str | None] = {}
        for _, p, o, n in self._rows("facts", "item", iri):
            if p is not None and o is not None and named.get((str(p), o)) is None:
                named[(str(p), o)] = _str(n)
        out = [(p, o, n) for (p, o), n in named.items()]
        incoming, seen = [], set()
        for _, s, p, name in self._rows("incoming", "item", iri):
            if s is None or p is None or not isinstance(s, URIRef) or (s, p) in seen:
                continue
            seen.add((s, p))
            incoming.append(Fact("in", compact(str(p)), str(p), self.link(str(s), _str(name)),
                                 None, (str(s), str(p), iri)))
        return out, incoming

    def evidence(self, iri: str) -> dict[str, list[Passage]]:
        """The passages supporting each body (the node, its statements, its posts)."""
        found: dict[str, list[Passage]] = defaultdict(list)
        seen = set()
        for row in self._rows("evidence", "item", iri):
            _, body, doc, start, end, exact, doc_name, source = row
            if body is None or doc is None or start is None or end is None:
                continue
            key = (str(body), str(doc), int(start), int(end))  # type: ignore[call-overload]
            if key in seen:
                continue
            seen.add(key)
            found[str(body)].append(passage(
                str(doc), str(doc_name or source or doc), self.text_of(str(doc)), key[2],
                key[3], _str(exact)))
        for passages in found.values():
            passages.sort(key=lambda p: (p.doc_label, p.start))
        return found

    def statements(self, iri: str) -> dict[tuple[str, str, str], list[str]]:
        """The reified statements about the node, by the triple they record."""
        by_triple: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for _, statement, s, p, o in self._rows("statements", "item", iri):
            by_triple[(str(s), str(p), str(o))].append(str(statement))
        return by_triple

    def entity(self, iri: str) -> EntityPage | None:
        """The entity page of ``iri``; None when the store says nothing about it."""
        out, incoming = self.facts(iri)
        if not out and not incoming:
            return None
        evidence = self.evidence(iri)
        statements = self.statements(iri)
        types = sorted({str(o) for p, o, _ in out if p == str(RDF.type)})
        names = _names(out)
        facts = [Fact("out", compact(p), p,
                      self.link(str(o), n) if isinstance(o, URIRef) else None,
                      None if isinstance(o, URIRef) else str(o), (iri, p, str(o)))
                 for p, o, n in out if URIRef(p) not in _SHOWN_APART]
        for fact in [*facts, *incoming]:
            for statement in statements.get(fact.triple, []):
                fact.passages += evidence.get(statement, [])
        facts.sort(key=lambda f: (f.direction != "out", f.property, f.other.label if f.other
                                  else f.value or ""))
        incoming.sort(key=lambda f: (f.property, f.other.label if f.other else ""))
        posts = [Post(str(post), self.link(str(other), _str(other_name)), _str(during),
                      str(membership), evidence.get(str(membership), []))
                 for _, membership, post, other, other_name, during
                 in self._rows("posts", "item", iri)
                 if membership is not None and post is not None and other is not None]
        posts.sort(key=lambda p: (p.post, p.other.label))
        merges: dict[str, tuple[str, list[str]]] = {}
        for _, merge, rule, merged in self._rows("merges", "item", iri):
            merges.setdefault(str(merge), (str(rule), []))[1].append(str(merged))
        return EntityPage(
            iri, names[0] if names else iri, _kind(types), [compact(t) for t in types], names,
            sorted({str(o) for p, o, _ in out if p == str(OWL.sameAs)}),
            facts + incoming, posts, evidence.get(iri, []),
            sorted((rule, sorted(set(n))) for rule, n in merges.values()))

    def document(self, iri: str, entity: EntityPage) -> DocumentPage:
        """The document page of the source document ``iri`` (``entity``: its entity page)."""
        meta: dict[str, list[Link | str]] = defaultdict(list)
        shown = {SCHEMA.sender: "sender", SCHEMA.recipient: "recipient",
                 SCHEMA.dateSent: "date sent", SCHEMA.dateCreated: "date",
                 SCHEMA.identifier: "reference", SCHEMA.inLanguage: "language",
                 SCHEMA.url: "URL", AS.inReplyTo: "in reply to"}
        source = identifier = ""
        for fact in entity.facts:
            if fact.property_iri == str(SCHEMA.identifier) and fact.value:
                identifier = identifier or fact.value
            label = shown.get(URIRef(fact.property_iri))
            if fact.property_iri == str(DCTERMS.source) and fact.value:
                source = fact.value
            if label and fact.direction == "out":
                meta[label].append(fact.other or fact.value or "")
        cites = [f.other for f in entity.facts if f.other and f.direction == "out"
                 and f.property_iri == str(SCHEMA.citation)]
        cited_by = [f.other for f in entity.facts if f.other and f.direction == "in"
                    and f.property_iri in (str(SCHEMA.citation), str(AS.inReplyTo))]
        marks = self.marks(iri)
        text = self.text_of(iri)
        order = ["reference", "sender", "recipient", "date sent", "date", "in reply to",
                 "language", "URL"]
        return DocumentPage(
            iri, entity.label if entity.label != iri else identifier or source or iri, source,
            [(k, meta[k]) for k in order if meta.get(k)], _unique(cites), _unique(cited_by),
            highlight(text, marks) if text is not None else None, marks)

    def marks(self, doc: str) -> list[Mark]:
        """The mentions of entities (and of the document itself) in the document's text."""
        marks = set()
        for _, body, start, end, _, kind, name in self._rows("mentions", "doc", doc):
            if body is None or start is None or end is None:
                continue
            if str(body) == doc:
                kind = Literal("self")
            elif kind is None:
                continue  # a relation's or a post's evidence: shown on the entities' pages
            marks.add(Mark(int(start), int(end), str(kind), str(body),  # type: ignore[call-overload]
                           str(name or body)))
        return sorted(marks, key=lambda m: (m.start, m.end, m.iri))


def _kind(types: Iterable[str]) -> str:
    found = set(types)
    if str(KG.SourceDocument) in found:
        return "Document"
    return next((kind for cls, kind in KINDS.items() if str(cls) in found), "Resource")


def _names(out: list[tuple[str, Node, str | None]]) -> list[str]:
    preferred = sorted(str(o) for p, o, _ in out if p == str(SCHEMA.name))
    others = sorted({str(o) for p, o, _ in out if URIRef(p) in _NAMES} - set(preferred))
    return preferred + others


def _unique(links: list[Link]) -> list[Link]:
    return sorted({link.iri: link for link in links}.values(), key=lambda k: k.label)
