"""Views of a knowledge graph as networkx graphs, for network analysis.

    >>> from graph.views import view, write_view
    >>> G = view(rdf_graph, "affiliation")      # people and the organisations they serve
    >>> write_view(G, Path("affiliation.gexf"))  # for Gephi

Views (``VIEWS`` has one line on each; the functions' docstrings say what a node and an edge
mean and which attributes they carry):

=========================== ===================================================================
``affiliation``             person - organisation, from posts (bipartite)
``affiliation-people``      people sharing an organisation (projection)
``affiliation-organizations`` organisations sharing a person (projection)
``comention``               entities mentioned in the same document, weighted by documents
``participation``           people and organisations - events (bipartite)
``met``                     people who took part in the same event
``citations``               document -> document it cites or answers (directed)
``hierarchy``               unit -> organisation it is part of (directed)
``letters``                 sender -> recipient, with dates (directed)
``relations``               every contract relation, for "how is A connected to B"
=========================== ===================================================================

Nodes are keyed by IRI and carry ``label``, ``kind``, ``iri`` and ``names``; edges carry
``weight`` and ``documents`` (the source documents supporting them). A view of a graph that has
no such relations is an empty graph, with an :class:`EmptyViewWarning`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import networkx as nx
from rdflib import Graph

from .._errors import RegistryError
from . import _views
from ._export import OUTPUT_SUFFIXES, write_view
from ._source import Source

__all__ = ["OUTPUT_SUFFIXES", "VIEWS", "EmptyViewWarning", "view", "write_view"]


class EmptyViewWarning(UserWarning):
    """The graph holds none of the relations a view is made of."""


_FUNCTIONS: dict[str, Callable[[Source], nx.Graph]] = {
    "affiliation": _views.affiliation,
    "affiliation-people": _views.affiliation_people,
    "affiliation-organizations": _views.affiliation_organizations,
    "comention": _views.comention,
    "participation": _views.participation,
    "met": _views.met,
    "citations": _views.citations,
    "hierarchy": _views.hierarchy,
    "letters": _views.letters,
    "relations": _views.relations,
}

#: View name -> the first line of its documentation.
VIEWS: dict[str, str] = {
    name: (fn.__doc__ or "").strip().splitlines()[0] for name, fn in _FUNCTIONS.items()
}


def view(g: Graph | Source, name: str) -> nx.Graph:
    """The networkx graph ``name`` (see ``VIEWS``) of the RDF graph ``g``.

    Raise RegistryError (listing the valid names) for an unknown name; warn with
    EmptyViewWarning and return an empty graph when ``g`` has no such relations.
    Pass a :class:`~graph.views._source.Source` to share its caches across several views.
    """
    fn = _FUNCTIONS.get(name)
    if fn is None:
        raise RegistryError(
            f"no view named {name!r}. Available views: {', '.join(_FUNCTIONS)}"
        )
    src = g if isinstance(g, Source) else Source(g)
    G = fn(src)
    if G.number_of_edges() == 0:
        warnings.warn(
            f"the graph holds no relations for the {name!r} view: it is empty "
            f"({G.number_of_nodes()} nodes, no edges)",
            EmptyViewWarning,
            stacklevel=2,
        )
    return G
