"""Writing a view to a file: GraphML, GEXF (Gephi), a PNG or SVG picture, or an HTML page.

The format follows the file's suffix. Every file is written whole or not at all
(:func:`graph._output.write_atomic`).
"""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from .._errors import OutputError
from .._output import write_atomic

__all__ = ["OUTPUT_SUFFIXES", "flat_copy", "write_view"]

#: File suffix -> what is written.
OUTPUT_SUFFIXES: dict[str, str] = {
    ".graphml": "GraphML (yEd, Cytoscape, networkx)",
    ".gexf": "GEXF (Gephi)",
    ".png": "a PNG picture",
    ".svg": "an SVG picture",
    ".html": "an interactive page that works offline",
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
