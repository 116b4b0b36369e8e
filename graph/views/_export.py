"""Writing a view to a file: GraphML, GEXF (Gephi), a PNG or SVG picture, or an HTML page.

The format follows the file's suffix. Every file is written whole or not at all
(:func:`graph._output.write_atomic`).
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import networkx as nx

from .._errors import OutputError
from .._output import write_atomic

__all__ = ["KIND_COLOURS", "OUTPUT_SUFFIXES", "flat_copy", "layout", "write_view"]

#: File suffix -> what is written.
OUTPUT_SUFFIXES: dict[str, str] = {
    ".graphml": "GraphML (yEd, Cytoscape, networkx)",
    ".gexf": "GEXF (Gephi)",
    ".png": "a PNG picture",
    ".svg": "an SVG picture",
    ".html": "an interactive page that works offline",
}

#: Node colour by kind (colour-blind-safe Okabe-Ito palette).
KIND_COLOURS: dict[str, str] = {
    "Person": "#0072B2",
    "Organization": "#E69F00",
    "Event": "#009E73",
    "Place": "#CC79A7",
    "CreativeWork": "#D55E00",
    "Document": "#666666",
    "Other": "#56B4E9",
}


def _flat(value: object) -> object:
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(str(v) for v in value)
    if value is None:
        return ""
    return value


def flat_copy(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose list attributes are "; "-joined strings (GraphML and GEXF hold only
    scalars)."""
    H = G.__class__()
    H.graph.update({k: _flat(v) for k, v in G.graph.items()})
    for node, data in G.nodes(data=True):
        H.add_node(node, **{k: _flat(v) for k, v in data.items()})
    for u, v, data in G.edges(data=True):
        H.add_edge(u, v, **{k: _flat(x) for k, x in data.items()})
    return H


def layout(G: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions in [0, 1] x [0, 1]: a force layout per connected part, parts packed in a
    grid so that small parts do not crowd the big ones. Deterministic for a given ``seed``."""
    if G.number_of_nodes() == 0:
        return {}
    U = G.to_undirected() if G.is_directed() else G
    parts = sorted((sorted(c) for c in nx.connected_components(U)), key=lambda c: (-len(c), c))
    # big parts get a cell sized to their node count; single nodes share one strip at the bottom
    cells: list[tuple[list[str], float]] = [(c, math.sqrt(len(c))) for c in parts if len(c) > 1]
    singles = [c[0] for c in parts if len(c) == 1]
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    width = max(math.sqrt(G.number_of_nodes()) * 1.6, max((s for _, s in cells), default=1.0))
    for nodes, size in cells:
        if x + size > width and x > 0:
            x, y, row_height = 0.0, y + row_height + 0.4, 0.0
        sub = U.subgraph(nodes)
        inner = nx.spring_layout(sub, seed=seed, k=1.6 / math.sqrt(len(nodes)),
                                 iterations=150, weight=None)
        xs = [p[0] for p in inner.values()]
        ys = [p[1] for p in inner.values()]
        span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
        for n, (px, py) in inner.items():
            pos[n] = (x + (px - min(xs)) / span * size, y + (py - min(ys)) / span * size)
        x += size + 0.4
        row_height = max(row_height, size)
    if singles:
        y += row_height + (0.5 if cells else 0.0)
        per_row = max(1, int(width / 0.9))
        for i, n in enumerate(singles):
            pos[n] = ((i % per_row) * 0.9, y + (i // per_row) * 0.35)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    return {n: ((px - min(xs)) / span, (py - min(ys)) / span) for n, (px, py) in pos.items()}


def write_view(G: nx.Graph, path: Path, title: str | None = None) -> None:
    """Write ``G`` to ``path`` in the format its suffix names (see ``OUTPUT_SUFFIXES``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise OutputError(
            f"cannot tell what to write to {path.name!r} from its suffix. Use one of: "
            f"{', '.join(OUTPUT_SUFFIXES)}"
        )
    title = title or str(G.graph.get("view", "graph"))
    if suffix in (".graphml", ".gexf"):
        buffer = io.BytesIO()
        writer = nx.write_graphml if suffix == ".graphml" else nx.write_gexf
        writer(flat_copy(G), buffer)
        data = buffer.getvalue()
    elif suffix == ".html":
        from ._html import page

        data = page(G, title).encode("utf-8")
    else:
        from ._draw import picture

        data = picture(G, title, suffix[1:])
    write_atomic(path, data)
