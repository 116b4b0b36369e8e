"""SPARQL results and views as pandas DataFrames, for notebooks.

    >>> from graph.frames import query_df
    >>> query_df(g, "examples/queries/posts.rq")
    >>> query_df(g, "SELECT ?p ?name WHERE { ?p schema:name ?name }", {"name": Literal("X")})

IRIs become strings, literals their Python values (dates become ``datetime.date``, numbers
numbers) unless ``python_values=False``, unbound values ``None``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rdflib import Graph, Literal
from rdflib.term import Identifier, Node

from ._errors import QueryError
from .query import read_query, run_query

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = ["edges_df", "nodes_df", "query_df"]


def _value(term: Node | None, python_values: bool) -> object:
    if term is None:
        return None
    if isinstance(term, Literal) and python_values:
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)


def query_df(
    g: Graph,
    query: str,
    bindings: Mapping[str, Identifier] | None = None,
    python_values: bool = True,
) -> pd.DataFrame:
    """The rows of a SELECT query (its text, or the path of an ``.rq`` file) as a DataFrame with
    one column per variable. Values go in through ``bindings``, never pasted into the text."""
    import pandas as pd

    result = run_query(g, read_query(query), bindings)
    if result.ask is not None or result.graph is not None:
        raise QueryError("query_df needs a SELECT query; ASK, CONSTRUCT and DESCRIBE have no rows")
    return pd.DataFrame(
        [[_value(t, python_values) for t in row] for row in result.rows],
        columns=list(result.variables),
    )


def _cell(value: object) -> object:
    return "; ".join(str(v) for v in value) if isinstance(value, list | tuple | set) else value


def nodes_df(G: nx.Graph) -> pd.DataFrame:
    """The nodes of a view, one row each: ``node`` (the IRI) and its attributes."""
    import pandas as pd

    return pd.DataFrame(
        [{"node": n, **{k: _cell(v) for k, v in d.items()}} for n, d in G.nodes(data=True)]
    )


def edges_df(G: nx.Graph) -> pd.DataFrame:
    """The edges of a view, one row each: ``source``, ``target``, their labels, and the edge's
    attributes, heaviest first."""
    import pandas as pd

    rows = [
        {"source": u, "target": v, "source_label": G.nodes[u].get("label", u),
         "target_label": G.nodes[v].get("label", v), **{k: _cell(x) for k, x in d.items()}}
        for u, v, d in G.edges(data=True)
    ]
    frame = pd.DataFrame(rows)
    if "weight" in frame.columns:
        frame = frame.sort_values(["weight", "source_label", "target_label"],
                                  ascending=[False, True, True], ignore_index=True)
    return frame
