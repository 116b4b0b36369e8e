"""Between rdflib and pyoxigraph: terms both ways, and running work under a time limit.

rdflib terms are what the rest of kg-builder handles (records, results, serialisers); pyoxigraph
terms are what the embedded store holds. A plain ``xsd:string`` literal in Oxigraph is a literal
without a datatype in rdflib, and a language-tagged one keeps its tag.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier, Node

from ._errors import QueryTimeout
from ._namespaces import XSD

__all__ = ["from_ox", "run_with_timeout", "to_ox", "to_ox_graph"]

T = TypeVar("T")

_XSD_STRING = str(XSD.string)
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph form of an rdflib IRI, blank node or literal."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} ({type(term).__name__}) in Oxigraph")


def to_ox_graph(name: Identifier | None) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    """The pyoxigraph graph name of an rdflib graph identifier (None: the default graph)."""
    if name is None:
        return ox.DefaultGraph()
    converted = to_ox(name)
    if isinstance(converted, ox.Literal):
        raise TypeError(f"a graph cannot be named by the literal {name!r}")
    return converted


def _iri(value: str) -> URIRef:
    """``URIRef(value)`` for the IRI of a pyoxigraph term, without rdflib's check for the
    characters an IRI cannot hold (Oxigraph has refused them already): the check took two
    thirds of the time of converting the 72,000 rows of the saved query entities."""
    return str.__new__(URIRef, value)


def from_ox(term: object) -> Node:
    """The rdflib form of a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return _iri(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=_iri(datatype))
    raise TypeError(f"kg-builder does not handle {term!r} (RDF-star triples are not used)")


def run_with_timeout(work: Callable[[], T], timeout: float | None, what: str = "the query") -> T:
    """``work()`` in a worker thread, given up after ``timeout`` seconds (None: no limit).

    Oxigraph releases the GIL while it evaluates, so the caller gets control back on time; the
    abandoned worker is a daemon thread and ends with the process (or when its work ends).
    """
    if timeout is None:
        return work()
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed over to the calling thread below
            box["error"] = exc

    worker = threading.Thread(target=target, name="kg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(
            f"{what} ran past the time limit of {timeout:g} s and was stopped. Narrow it down "
            "(bind a parameter, add a LIMIT) or give a longer --timeout."
        )
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]
