"""What the shapes read of the nodes a focus node points to, so that validating a few nodes
again (``_build.check``) needs only those lines of their neighbours.

Validating a node reads its own triples, and, through the constraints on its values, some
triples of the nodes it points to: ``sh:class`` reads a value's ``rdf:type``; ``sh:node``,
``sh:qualifiedValueShape``, ``sh:not``, ``sh:or``, ``sh:and``, ``sh:xone`` and nested
``sh:property`` apply shapes to the value, which read its triples by their paths in turn.
Other constraints (``sh:datatype``, ``sh:nodeKind``, ``sh:pattern``, ``sh:in``, counts...) look
only at the value itself. :func:`reads` sums this up over every shape as a tree of
:data:`Reads`: for each predicate of the focus node, what is read of its objects (a predicate
left out: nothing).

``None`` stands for "anything": a value whose shape reads it through a path other than
predicates, their alternatives and sequences, a shape that refers to itself, ``sh:closed`` or a
SPARQL constraint. A caller then takes every line of that node and of the nodes it reaches.
"""

from __future__ import annotations

from functools import cache

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ._namespaces import SH

__all__ = ["Reads", "merge", "reads"]

#: predicate (N-Triples) -> what is read of its objects; None: anything
Reads = dict[str, "Reads"] | None

_TYPE = f"<{RDF.type}>"
#: parameters of a property shape that read other values of the node it applies to
_SIBLINGS = (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)
#: parameters that apply a shape to the value (the node, for a node shape)
_ONE = (SH.node, SH.qualifiedValueShape, SH["not"], SH.property)
_LISTS = (SH["or"], SH["and"], SH.xone)


def merge(a: Reads, b: Reads) -> Reads:
    """What ``a`` and ``b`` read together."""
    if a is None or b is None:
        return None
    out = dict(a)
    for predicate, deeper in b.items():
        out[predicate] = merge(out[predicate], deeper) if predicate in out else deeper
    return out


class _Walk:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.active: set[Node] = set()

    def along(self, path: Node, inner: Reads) -> Reads:
        """What is read of a node through ``path`` when ``inner`` is read of the values at its
        end: a predicate, alternatives (``sh:alternativePath``) or a sequence (an RDF list) of
        them; None for other paths (inverse, repeated)."""
        if isinstance(path, URIRef):
            return {f"<{path}>": inner}
        alternatives = self.g.value(path, SH.alternativePath)
        if alternatives is not None:
            out: Reads = {}
            for step in Collection(self.g, alternatives):
                out = merge(out, self.along(step, inner))
            return out
        if (path, RDF.first, None) in self.g:
            out = inner
            for step in reversed(list(Collection(self.g, path))):
                out = self.along(step, out)
                if out is None:
                    return None
            return out
        return None

    def on_node(self, shape: Node) -> Reads:
        """What ``shape`` reads of a node it applies to."""
        path = self.g.value(shape, SH.path)
        inner = self.on_value(shape)
        if path is None:
            return inner
        out = self.along(path, inner)
        for parameter in _SIBLINGS:
            for other in self.g.objects(shape, parameter):
                out = merge(out, {f"<{other}>": {}} if isinstance(other, URIRef) else None)
        return out

    def on_value(self, shape: Node) -> Reads:
        """What ``shape``'s constraints read of the node they check (each value of a property
        shape's path, the node itself for a node shape)."""
        if shape in self.active:
            return None  # a shape that refers to itself reads as deep as the data goes
        if (shape, SH.closed, None) in self.g or (shape, SH.sparql, None) in self.g:
            return None
        self.active.add(shape)
        try:
            out: Reads = {_TYPE: {}} if (shape, SH["class"], None) in self.g else {}
            for parameter in _ONE:
                for other in self.g.objects(shape, parameter):
                    out = merge(out, self.on_node(other))
            for parameter in _LISTS:
                for items in self.g.objects(shape, parameter):
                    for other in Collection(self.g, items):
                        out = merge(out, self.on_node(other))
            return out
        finally:
            self.active.discard(shape)


@cache
def reads(shapes: Graph) -> Reads:
    """For each predicate of a focus node, what ``shapes`` read of its objects: the shapes
    with a target (explicit, or implicit: a shape that is also a class), and what they refer
    to, together (a superset of what the shapes of any one node read)."""
    walk = _Walk(shapes)
    out: Reads = {}
    candidates: set[Node] = set()
    for target in (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf):
        candidates.update(shapes.subjects(target, None))
    for kind in (SH.NodeShape, SH.PropertyShape):  # implicit class targets
        candidates.update(s for s in shapes.subjects(RDF.type, kind)
                          if (s, RDF.type, RDFS.Class) in shapes
                          or (s, RDF.type, OWL.Class) in shapes)
    for shape in sorted(candidates, key=str):
        out = merge(out, walk.on_node(shape))
    return out
