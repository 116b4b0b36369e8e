"""What the views read from an RDF graph: the saved queries, node names and kinds, provenance.

A :class:`Source` wraps one rdflib graph and answers, with caching, the three questions every
view asks: what is this node called, what kind of thing is it, and which documents support a
given statement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib.resources import files

from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from .._namespaces import DCTERMS, KG, OA, RDF, RDFS, SCHEMA
from ..query import run_query

__all__ = ["KINDS", "Source", "saved_query"]

#: Node kinds, most specific first: a source document is also a schema:CreativeWork.
KINDS: tuple[tuple[str, tuple[URIRef, ...]], ...] = (
    ("Document", (KG.SourceDocument, SCHEMA.DigitalDocument)),
    ("Person", (SCHEMA.Person,)),
    ("Organization", (SCHEMA.Organization,)),
    ("Event", (SCHEMA.Event,)),
    ("Place", (SCHEMA.Place,)),
    ("CreativeWork", (SCHEMA.CreativeWork,)),
)


@cache
def saved_query(name: str) -> str:
    """The text of ``graph/views/<name>.rq``."""
    return (files("graph.views") / f"{name}.rq").read_text(encoding="utf-8")


def _text(term: Node | None) -> str | None:
    return None if term is None else str(term)


class Source:
    """One RDF graph as the views see it."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self._kinds: dict[Node, str | None] = {}
        self._labels: dict[Node, str] = {}
        self._statements: dict[tuple[Node, Node, Node], set[Node]] | None = None
        self._bodies: dict[Node, set[Node]] | None = None
        self._doc_names: dict[Node, str] = {}

    # queries ------------------------------------------------------------------------------
    def rows(
        self, name: str, bindings: Mapping[str, Identifier] | None = None
    ) -> Iterator[dict[str, Node | None]]:
        """The rows of the saved query ``name`` as dicts keyed by variable."""
        result = run_query(self.g, saved_query(name), bindings)
        for row in result.rows:
            yield dict(zip(result.variables, row, strict=True))

    # nodes --------------------------------------------------------------------------------
    def kind(self, node: Node) -> str | None:
        """``Document``, ``Person``, ``Organization``, ``Event``, ``Place``, ``CreativeWork``, or
        None for a node that is none of these."""
        if node not in self._kinds:
            types = set(self.g.objects(node, RDF.type))  # type: ignore[arg-type]
            self._kinds[node] = next(
                (name for name, classes in KINDS if any(c in types for c in classes)), None
            )
        return self._kinds[node]

    def label(self, node: Node) -> str:
        """The node's preferred name (schema:name, rdfs:label, identifier, source path), else the
        last part of its IRI."""
        if node not in self._labels:
            label: str | None = None
            for prop in (SCHEMA.name, RDFS.label, SCHEMA.identifier, DCTERMS.source):
                value = self.g.value(node, prop)  # type: ignore[arg-type]
                if isinstance(value, Literal):
                    label = str(value)
                    break
            if label is None:
                text = str(node)
                label = text.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or text
            self._labels[node] = label
        return self._labels[node]

    def other_names(self, node: Node) -> list[str]:
        """The node's schema:alternateName values, sorted."""
        return sorted(str(v) for v in self.g.objects(node, SCHEMA.alternateName))  # type: ignore[arg-type]

    def node_attributes(self, node: Node) -> dict[str, object]:
        """The attributes every view gives a node: ``label``, ``kind``, ``iri``, ``names``."""
        attrs: dict[str, object] = {
            "label": self.label(node),
            "kind": self.kind(node) or "Other",
            "iri": str(node),
            "names": self.other_names(node),
        }
        if attrs["kind"] == "Document":
            attrs["source"] = _text(self.g.value(node, DCTERMS.source)) or ""  # type: ignore[arg-type]
        return attrs

    # provenance ---------------------------------------------------------------------------
    def _index(self) -> None:
        statements: dict[tuple[Node, Node, Node], set[Node]] = defaultdict(set)
        bodies: dict[Node, set[Node]] = defaultdict(set)
        g = self.g
        for annotation, body in g.subject_objects(OA.hasBody):
            for target in g.objects(annotation, OA.hasTarget):
                docs = set(g.objects(target, OA.hasSource)) or {
                    URIRef(str(target).split("#", 1)[0])
                }
                bodies[body].update(docs)
        for st in g.subjects(RDF.type, RDF.Statement):
            found = bodies.get(st)
            if not found:
                continue
            key = (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))
            if None not in key:
                statements[key].update(found)  # type: ignore[index]
        self._statements, self._bodies = statements, bodies

    def documents_of_statement(self, s: Node, p: Node, o: Node) -> set[Node]:
        """The documents whose text supports the statement ``s p o`` (empty when unknown)."""
        if self._statements is None:
            self._index()
        assert self._statements is not None
        return set(self._statements.get((s, p, o), ()))

    def documents_of(self, node: Node) -> set[Node]:
        """The documents annotated as mentioning ``node`` (a membership, an entity...)."""
        if self._bodies is None:
            self._index()
        assert self._bodies is not None
        return set(self._bodies.get(node, ()))

    def doc_names(self, docs: Iterable[Node]) -> list[str]:
        """Documents as their source paths (dcterms:source), else their IRIs, sorted."""
        out = []
        for doc in docs:
            if doc not in self._doc_names:
                source = self.g.value(doc, DCTERMS.source)  # type: ignore[arg-type]
                self._doc_names[doc] = str(source) if source is not None else str(doc)
            out.append(self._doc_names[doc])
        return sorted(set(out))
