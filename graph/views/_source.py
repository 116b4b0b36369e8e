"""What the views read from an RDF graph: the saved queries, node names and kinds, provenance.

A :class:`Source` wraps one graph and answers, with caching, the questions every view asks:
the rows of a saved query, what a node is called, what kind of thing it is, and which documents
support a statement. The graph is either an rdflib ``Graph`` already in memory, or a file loaded
with :meth:`Source.from_file` into an in-memory Oxigraph store, whose parser and SPARQL engine
are one to two orders of magnitude faster than rdflib's on graphs of 100,000 triples. Both run
the same ``.rq`` files and hand out rdflib terms, so the views cannot tell them apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from .._errors import GraphFileError
from .._namespaces import DCTERMS, KG, PREFIXES, RDFS, SCHEMA, XSD
from ..query import run_query

__all__ = ["KINDS", "Source", "saved_query"]

RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

#: Node kinds, most specific first: a source document is also a schema:CreativeWork.
KINDS: tuple[tuple[str, tuple[URIRef, ...]], ...] = (
    ("Document", (KG.SourceDocument, SCHEMA.DigitalDocument)),
    ("Person", (SCHEMA.Person,)),
    ("Organization", (SCHEMA.Organization,)),
    ("Event", (SCHEMA.Event,)),
    ("Place", (SCHEMA.Place,)),
    ("CreativeWork", (SCHEMA.CreativeWork,)),
)

#: Graph file suffix -> Oxigraph format name.
_OX_FORMATS = {
    ".ttl": "TURTLE", ".turtle": "TURTLE", ".nt": "N_TRIPLES", ".ntriples": "N_TRIPLES",
    ".nq": "N_QUADS", ".nquads": "N_QUADS", ".trig": "TRIG", ".jsonld": "JSON_LD",
    ".json": "JSON_LD",
}


@cache
def saved_query(name: str) -> str:
    """The text of ``graph/views/<name>.rq``."""
    return (files("graph.views") / f"{name}.rq").read_text(encoding="utf-8")


class _Rdflib:
    """An rdflib graph."""

    def __init__(self, g: Graph) -> None:
        self.g = g

    def rows(self, query: str, bindings: Mapping[str, Identifier] | None) -> Iterator[dict]:
        result = run_query(self.g, query, bindings)
        for row in result.rows:
            yield dict(zip(result.variables, row, strict=True))

    def objects(self, s: Node, p: URIRef) -> Iterator[Node]:
        return self.g.objects(s, p)  # type: ignore[arg-type]

    def subjects(self, p: URIRef, o: Node) -> Iterator[Node]:
        return self.g.subjects(p, o)  # type: ignore[arg-type]

    def has(self, s: Node, p: URIRef, o: Node) -> bool:
        return (s, p, o) in self.g


class _Oxigraph:
    """An in-memory Oxigraph store; queries see the union of its graphs."""

    def __init__(self, store: Any) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.store = store
        self.prefixes = {k: str(v) for k, v in PREFIXES.items()}

    def to_rdflib(self, term: Any) -> Node | None:
        ox = self.ox
        if term is None:
            return None
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else datatype)

    def to_ox(self, term: Node) -> Any:
        ox = self.ox
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        assert isinstance(term, Literal)
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))

    def rows(self, query: str, bindings: Mapping[str, Identifier] | None) -> Iterator[dict]:
        ox = self.ox
        substitutions = {ox.Variable(k): self.to_ox(v) for k, v in (bindings or {}).items()}
        solutions = self.store.query(query, prefixes=self.prefixes, substitutions=substitutions,
                                     use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            yield {name: self.to_rdflib(solution[name]) for name in names}

    def objects(self, s: Node, p: URIRef) -> Iterator[Node]:
        seen = set()
        for quad in self.store.quads_for_pattern(self.to_ox(s), self.to_ox(p), None, None):
            term = self.to_rdflib(quad.object)
            if term not in seen:
                seen.add(term)
                yield term  # type: ignore[misc]

    def subjects(self, p: URIRef, o: Node) -> Iterator[Node]:
        seen = set()
        for quad in self.store.quads_for_pattern(None, self.to_ox(p), self.to_ox(o), None):
            term = self.to_rdflib(quad.subject)
            if term not in seen:
                seen.add(term)
                yield term  # type: ignore[misc]

    def has(self, s: Node, p: URIRef, o: Node) -> bool:
        pattern = self.store.quads_for_pattern(self.to_ox(s), self.to_ox(p), self.to_ox(o), None)
        return next(iter(pattern), None) is not None


class Source:
    """One RDF graph as the views see it: ``Source(rdflib_graph)`` or ``Source.from_file(path)``."""

    def __init__(self, g: Graph | None = None, *, _backend: _Rdflib | _Oxigraph | None = None):
        if _backend is None:
            if g is None:
                raise TypeError("Source needs an rdflib graph (or use Source.from_file)")
            _backend = _Rdflib(g)
        self.backend = _backend
        self._kinds: dict[Node, str | None] = {}
        self._labels: dict[Node, str] = {}
        self._statements: dict[tuple[Node, Node, Node], set[Node]] | None = None
        self._bodies: dict[Node, set[Node]] | None = None
        self._doc_names: dict[Node, str] = {}

    @classmethod
    def from_file(cls, path: Path) -> Source:
        """Load a graph file (Turtle, N-Triples, N-Quads, TriG, JSON-LD, by suffix) into an
        in-memory Oxigraph store; rdflib reads it when pyoxigraph is not installed."""
        from .._output import read_graph

        path = Path(path)
        fmt = _OX_FORMATS.get(path.suffix.lower())
        try:
            import pyoxigraph as ox
        except ImportError:
            return cls(read_graph(path))
        if not path.is_file():
            raise GraphFileError(f"{path}: no such graph file")
        if fmt is None:
            return cls(read_graph(path))  # read_graph says which suffixes it knows
        store = ox.Store()
        try:
            store.bulk_load(path=str(path), format=getattr(ox.RdfFormat, fmt))
        except (SyntaxError, ValueError, OSError) as exc:
            raise GraphFileError(f"{path}: not valid {fmt.lower().replace('_', '-')}: "
                                 f"{exc}") from exc
        return cls(_backend=_Oxigraph(store))

    # queries and triples ------------------------------------------------------------------
    def rows(
        self, name: str, bindings: Mapping[str, Identifier] | None = None
    ) -> Iterator[dict[str, Node | None]]:
        """The rows of the saved query ``name`` as dicts keyed by variable."""
        return self.backend.rows(saved_query(name), bindings)

    def objects(self, s: Node, p: URIRef) -> Iterator[Node]:
        """The objects of ``s p ?o``."""
        return self.backend.objects(s, p)

    def subjects(self, p: URIRef, o: Node) -> Iterator[Node]:
        """The subjects of ``?s p o``."""
        return self.backend.subjects(p, o)

    def value(self, s: Node, p: URIRef) -> Node | None:
        """One object of ``s p ?o`` (the smallest, so that the choice is stable), or None."""
        values = sorted(self.objects(s, p), key=str)
        return values[0] if values else None

    def has(self, s: Node, p: URIRef, o: Node) -> bool:
        """Whether the graph holds ``s p o``."""
        return self.backend.has(s, p, o)

    # nodes --------------------------------------------------------------------------------
    def kind(self, node: Node) -> str | None:
        """``Document``, ``Person``, ``Organization``, ``Event``, ``Place``, ``CreativeWork``, or
        None for a node that is none of these."""
        if node not in self._kinds:
            types = set(self.objects(node, RDF_TYPE)) if not isinstance(node, Literal) else set()
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
                value = self.value(node, prop)
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
        return sorted(str(v) for v in self.objects(node, SCHEMA.alternateName))

    def node_attributes(self, node: Node) -> dict[str, object]:
        """The attributes every view gives a node: ``label``, ``kind``, ``iri``, ``names``, and
        ``source`` (its path) for a source document."""
        attrs: dict[str, object] = {
            "label": self.label(node),
            "kind": self.kind(node) or "Other",
            "iri": str(node),
            "names": self.other_names(node),
        }
        if attrs["kind"] == "Document":
            source = self.value(node, DCTERMS.source)
            attrs["source"] = "" if source is None else str(source)
        return attrs

    # provenance ---------------------------------------------------------------------------
    def _index(self) -> None:
        bodies: dict[Node, set[Node]] = defaultdict(set)
        for row in self.rows("provenance"):
            body, target, doc = row["body"], row["target"], row["doc"]
            if body is None or target is None:
                continue
            bodies[body].add(doc if doc is not None else URIRef(str(target).split("#", 1)[0]))
        statements: dict[tuple[Node, Node, Node], set[Node]] = defaultdict(set)
        for row in self.rows("statements"):
            found = bodies.get(row["statement"])  # type: ignore[arg-type]
            if found:
                statements[(row["s"], row["p"], row["o"])].update(found)  # type: ignore[index]
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
                source = self.value(doc, DCTERMS.source)
                self._doc_names[doc] = str(source) if source is not None else str(doc)
            out.append(self._doc_names[doc])
        return sorted(set(out))
