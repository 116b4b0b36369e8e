"""Network analysis on the views of :mod:`graph.views`: rankings, communities, connections between
two entities, ego networks and a timeline of events.

    >>> from graph.views import view
    >>> from graph.analysis import rank, communities, connections
    >>> rank(view(g, "met"), "betweenness")[:5]
    >>> connections(view(g, "relations"), "Audrey Azoulay", "Mikhail Fedotov")

Nodes are named by IRI or by name: :func:`find_node` accepts either (a name matches the node's
label or one of its other names, ignoring case).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice, pairwise

import networkx as nx
import numpy as np
from rdflib import Graph, Literal

from ._errors import QueryError, RegistryError
from .views._source import Source

__all__ = [
    "BETWEENNESS_SAMPLE",
    "MEASURES",
    "METHODS",
    "Connection",
    "Ranked",
    "Step",
    "TimelineEntry",
    "communities",
    "connections",
    "ego",
    "find_node",
    "rank",
    "timeline",
]


@dataclass(frozen=True)
class Ranked:
    """One node of a ranking."""

    node: str
    label: str
    kind: str
    score: float


def _weighted_degree(G: nx.Graph) -> dict[str, float]:
    return {n: float(d) for n, d in G.degree(weight="weight")}


def _pagerank(G: nx.Graph, damping: float = 0.85) -> dict[str, float]:
    """PageRank by power iteration over edge arrays (networkx's own needs scipy); an undirected
    edge counts both ways, edge weights count, dangling nodes spread their score evenly."""
    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[u], index[v], float(d.get("weight", 1))) for u, v, d in G.edges(data=True)]
    if not G.is_directed():
        edges += [(b, a, w) for a, b, w in edges if a != b]
    src = np.array([e[0] for e in edges], dtype=int)
    dst = np.array([e[1] for e in edges], dtype=int)
    weight = np.array([e[2] for e in edges], dtype=float)
    out_weight = np.bincount(src, weights=weight, minlength=n)
    share = weight / np.where(out_weight[src] > 0, out_weight[src], 1.0)
    dangling = out_weight == 0
    score = np.full(n, 1.0 / n)
    for _ in range(200):
        new = np.bincount(dst, weights=damping * score[src] * share, minlength=n)
        new += (1 - damping) / n + damping * score[dangling].sum() / n
        done = np.abs(new - score).sum() < n * 1e-10
        score = new
        if done:
            break
    return {v: float(score[i]) for i, v in enumerate(nodes)}


#: On graphs of more than twice this many nodes, betweenness is estimated from shortest paths
#: out of this many nodes drawn at random (with a fixed seed), not computed from all of them.
BETWEENNESS_SAMPLE = 100

#: Centrality measure name -> function of a graph returning node -> score.
MEASURES: dict[str, Callable[[nx.Graph], dict[str, float]]] = {
    "degree": _weighted_degree,
    "betweenness": lambda G: nx.betweenness_centrality(G, k=BETWEENNESS_SAMPLE, seed=1)
    if len(G) > 2 * BETWEENNESS_SAMPLE else nx.betweenness_centrality(G),
    "closeness": nx.closeness_centrality,
    "pagerank": _pagerank,
}


def rank(G: nx.Graph, measure: str = "degree", top: int | None = 10,
         kind: str | None = None) -> list[Ranked]:
    """The ``top`` nodes of ``G`` by ``measure`` (see ``MEASURES``; "degree" counts edge
    weights), best first, ties broken by label; only nodes of ``kind`` when given.
    Betweenness is estimated on big graphs (see ``BETWEENNESS_SAMPLE``)."""
    fn = MEASURES.get(measure)
    if fn is None:
        raise RegistryError(
            f"no centrality measure named {measure!r}. Available measures: {', '.join(MEASURES)}"
        )
    scores = fn(G) if len(G) else {}
    out = [
        Ranked(n, str(G.nodes[n].get("label", n)), str(G.nodes[n].get("kind", "Other")),
               float(s))
        for n, s in scores.items()
        if kind is None or G.nodes[n].get("kind") == kind
    ]
    out.sort(key=lambda r: (-r.score, r.label, r.node))
    return out if top is None else out[:top]


#: Community detection method names.
METHODS = ("louvain", "label-propagation")


def communities(G: nx.Graph, method: str = "louvain", seed: int = 1) -> list[list[str]]:
    """Groups of nodes more linked to each other than to the rest, largest first, each sorted
    by label. ``louvain`` uses edge weights and ``seed``; ``label-propagation`` is faster on big
    graphs. Direction is ignored."""
    if method not in METHODS:
        raise RegistryError(
            f"no community method named {method!r}. Available methods: {', '.join(METHODS)}"
        )
    U = G.to_undirected() if G.is_directed() else G
    if len(U) == 0:
        return []
    if method == "louvain":
        groups = nx.community.louvain_communities(U, weight="weight", seed=seed)
    else:
        groups = list(nx.community.label_propagation_communities(U))

    def label(n: str) -> str:
        return str(G.nodes[n].get("label", n))

    ordered = [sorted(g, key=lambda n: (label(n), n)) for g in groups]
    ordered.sort(key=lambda g: (-len(g), label(g[0])))
    return ordered


def find_node(G: nx.Graph, name: str) -> str:
    """The node of ``G`` whose IRI is ``name``, else whose label or other name is ``name``
    (ignoring case). Raise QueryError when none matches or several do."""
    if name in G:
        return name
    wanted = name.casefold().strip()
    hits = sorted(
        n for n, d in G.nodes(data=True)
        if str(d.get("label", "")).casefold() == wanted
        or any(str(x).casefold() == wanted for x in d.get("names", []) or [])
    )
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise QueryError(f"{name!r} names {len(hits)} nodes: {', '.join(hits)}. Give an IRI.")
    near = sorted(str(d.get("label", n)) for n, d in G.nodes(data=True)
                  if wanted and wanted in str(d.get("label", "")).casefold())[:8]
    hint = f" Names containing it: {'; '.join(near)}." if near else ""
    raise QueryError(f"no node of the {G.graph.get('view', 'graph')!r} view is named "
                     f"{name!r}.{hint}")


@dataclass(frozen=True)
class Step:
    """One link of a chain: two adjacent nodes, how they are related and on what evidence."""

    source: str
    target: str
    source_label: str
    target_label: str
    relations: tuple[str, ...]
    documents: tuple[str, ...]


@dataclass(frozen=True)
class Connection:
    """A shortest chain of relations from one node to another."""

    steps: tuple[Step, ...]

    def describe(self) -> str:
        """The chain as lines of text, one per step, with its documents."""
        lines = []
        for i, s in enumerate(self.steps, 1):
            how = "; ".join(s.relations) or f"{s.source_label} — {s.target_label}"
            docs = f"  [{', '.join(s.documents)}]" if s.documents else ""
            lines.append(f"{i}. {how}{docs}")
        return "\n".join(lines)


def connections(G: nx.Graph, a: str, b: str, limit: int = 5) -> list[Connection]:
    """How ``a`` is connected to ``b``: up to ``limit`` shortest chains between them in ``G``
    (best made from the "relations" view), each step with the relations and the documents that
    support it. Empty when they are not connected. ``a`` and ``b`` are IRIs or names."""
    U = G.to_undirected() if G.is_directed() else G
    source, target = find_node(U, a), find_node(U, b)
    if source == target:
        return []
    try:
        paths = list(islice(nx.all_shortest_paths(U, source, target), limit))
    except nx.NetworkXNoPath:
        return []
    out = []
    for path in paths:
        steps = []
        for u, v in pairwise(path):
            data = U[u][v]
            relations = data.get("relations") or data.get("roles") or []
            steps.append(Step(
                u, v, str(U.nodes[u].get("label", u)), str(U.nodes[v].get("label", v)),
                tuple(str(r) for r in relations), tuple(data.get("documents", []) or []),
            ))
        out.append(Connection(tuple(steps)))
    return out


def ego(G: nx.Graph, name: str, radius: int = 1) -> nx.Graph:
    """The ego network of ``name`` (an IRI or a name): it, the nodes within ``radius`` steps,
    and the edges among them."""
    return nx.ego_graph(G, find_node(G, name), radius=radius, undirected=True)


@dataclass(frozen=True)
class TimelineEntry:
    """An event and when and where it took place."""

    start: str
    end: str
    event: str
    label: str
    places: tuple[str, ...]
    documents: tuple[str, ...]


def timeline(g: Graph | Source) -> list[TimelineEntry]:
    """The events of the RDF graph ``g`` in date order (ISO text sorts as dates do); undated
    events come last."""
    src = g if isinstance(g, Source) else Source(g)
    events: dict[str, dict[str, set[str]]] = {}
    nodes = {}
    for row in src.rows("timeline"):
        event = row["event"]
        assert event is not None
        key = str(event)
        nodes[key] = event
        data = events.setdefault(key, {"start": set(), "end": set(), "places": set()})
        for field in ("start", "end"):
            value = row[field]
            if isinstance(value, Literal):
                data[field].add(str(value))
        if row["place"] is not None:
            data["places"].add(src.label(row["place"]))
    out = [
        TimelineEntry(
            min(data["start"], default=""), max(data["end"], default=""), key,
            src.label(nodes[key]), tuple(sorted(data["places"])),
            tuple(src.doc_names(src.documents_of(nodes[key]))),
        )
        for key, data in events.items()
    ]
    out.sort(key=lambda e: (e.start == "", e.start, e.label, e.event))
    return out
