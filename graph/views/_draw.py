"""A view as a picture (PNG or SVG) drawn with matplotlib, labelled so that a person can read it.

Positions come from :func:`layout`, scaled to inches; then nodes whose label boxes overlap are
pushed apart until no two boxes overlap (or a step limit is reached), and the figure is sized to
what it holds, so labels keep a fixed, readable font size. Large graphs label only their best
connected nodes.
"""

from __future__ import annotations

import io
import math
from typing import Any

import networkx as nx
import numpy as np

from ._layout import KIND_COLOURS, layout, short_label, spread

__all__ = ["picture"]

FONT_SIZE = 8.0
MAX_LABELS = 90
MAX_INCHES = 40.0
DPI = 110
MAX_ARROWS = 400


def picture(G: nx.Graph, title: str, fmt: str) -> bytes:
    """``G`` drawn as ``fmt`` ("png" or "svg") bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    nodes = list(G.nodes)
    n = len(nodes)
    labelled, labels, radius, xy, half = _geometry(G, nodes)
    margin = 0.6
    if n:
        lo = (xy - half).min(axis=0)
        hi = (xy + half).max(axis=0)
    else:
        lo, hi = np.zeros(2), np.ones(2)
    width = min(float(hi[0] - lo[0]) + 2 * margin, MAX_INCHES)
    height = min(float(hi[1] - lo[1]) + 2 * margin + 0.5, MAX_INCHES)
    fig = Figure(figsize=(max(width, 5.0), max(height, 4.0)))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(float(lo[0]) - margin, float(lo[0]) - margin + max(width, 5.0))
    ax.set_ylim(float(lo[1]) - margin, float(lo[1]) - margin + max(height, 4.0))
    ax.set_aspect("equal", adjustable="datalim")
    # the label sits below the node: the node is at the top of its box
    at = {v: (float(xy[i, 0]), float(xy[i, 1] + half[i, 1] - 0.02 - radius[v]))
          for i, v in enumerate(nodes)}
    _draw_edges(ax, G, at)
    _draw_nodes(ax, G, nodes, at, radius, labels, labelled)
    kinds = sorted({str(d.get("kind", "Other")) for _, d in G.nodes(data=True)})
    _legend(ax, kinds, title, n, G.number_of_edges(), len(labelled))
    return _encode(fig, fmt)


def _geometry(G: nx.Graph, nodes: list[Any]) -> tuple[set[Any], dict[Any, str],
                                                       dict[Any, float], np.ndarray, np.ndarray]:
    """The nodes that get a label, the labels, each node's radius, their places (spread apart
    when they are few) and the half sizes of their boxes (node and label), in inches."""
    n = len(nodes)
    degree = dict(G.degree(weight="weight"))
    ranked = sorted(nodes, key=lambda v: (-degree[v], str(G.nodes[v].get("label", v))))
    labelled = set(ranked[:MAX_LABELS])
    side = min(max(6.0, math.sqrt(max(n, 1)) * 1.9), MAX_INCHES)
    pos = layout(G)
    xy = np.array([[pos[v][0] * side, pos[v][1] * side] for v in nodes]) if n else np.zeros((0, 2))
    top_degree = max(degree.values(), default=1) or 1
    radius = {v: (0.05 + 0.07 * math.sqrt(degree[v] / top_degree)) for v in nodes}  # inches
    char_w, line_h = FONT_SIZE * 0.56 / 72, FONT_SIZE * 1.45 / 72
    labels = {v: short_label(str(G.nodes[v].get("label", v))) for v in nodes}
    half = np.array([
        [max(len(labels[v]) * char_w if v in labelled else 0.0, 2 * radius[v]) / 2 + 0.03,
         (2 * radius[v] + (line_h if v in labelled else 0.0)) / 2 + 0.02]
        for v in nodes
    ]) if n else np.zeros((0, 2))
    if n <= 400:
        xy = spread(xy, half)
    return labelled, labels, radius, xy, half


def _draw_edges(ax: Any, G: nx.Graph, at: dict[Any, tuple[float, float]]) -> None:
    """The edges, as wide as their weight: arrows in a directed graph with few edges."""
    from matplotlib.collections import LineCollection

    weights = [float(d.get("weight", 1)) for _, _, d in G.edges(data=True)]
    top_weight = max(weights, default=1.0)
    widths = [0.6 + 2.4 * ((w - 1) / (top_weight - 1) if top_weight > 1 else 0.0)
              for w in weights]
    segments = [(at[u], at[v]) for u, v in G.edges]
    if G.is_directed() and len(segments) <= MAX_ARROWS:
        for (start, end), lw in zip(segments, widths, strict=True):
            ax.annotate("", xy=end, xytext=start, zorder=1,
                        arrowprops={"arrowstyle": "-|>", "color": "#555555", "lw": lw,
                                    "alpha": 0.55, "shrinkA": 4, "shrinkB": 7})
    elif segments:
        ax.add_collection(LineCollection(segments, colors="#cfcfcf", linewidths=widths,
                                         zorder=1, capstyle="round"))


def _draw_nodes(ax: Any, G: nx.Graph, nodes: list[Any], at: dict[Any, tuple[float, float]],
                radius: dict[Any, float], labels: dict[Any, str], labelled: set[Any]) -> None:
    """The nodes, coloured by kind, and the labels of the ``labelled`` ones below them."""
    points_per_inch = 72.0
    ax.scatter([at[v][0] for v in nodes], [at[v][1] for v in nodes],
               s=[(radius[v] * 2 * points_per_inch) ** 2 for v in nodes],
               c=[KIND_COLOURS.get(str(G.nodes[v].get("kind")), KIND_COLOURS["Other"])
                  for v in nodes],
               edgecolors="white", linewidths=0.8, zorder=2)
    for v in nodes:
        if v in labelled:
            ax.text(at[v][0], at[v][1] - radius[v] - 0.02, labels[v], fontsize=FONT_SIZE,
                    ha="center", va="top", zorder=3,
                    bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none",
                          "alpha": 0.8})


def _legend(ax: Any, kinds: list[str], title: str, n: int, edges: int, labelled: int) -> None:
    """The kinds' colours, and a caption with the counts."""
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", ls="", color=KIND_COLOURS.get(k, "#999999"),
                      markersize=8, label=k) for k in kinds]
    if handles:
        ax.legend(handles=handles, loc="upper left", fontsize=FONT_SIZE + 1, frameon=False)
    caption = f"{title}: {n} nodes, {edges} edges"
    if n > labelled:
        caption += f" ({labelled} best connected labelled)"
    ax.text(0.985, 0.995, caption, fontsize=FONT_SIZE + 3, ha="right", va="top",
            transform=ax.transAxes)


def _encode(fig: Any, fmt: str) -> bytes:
    """The figure as SVG, or as a PNG of 256 colours."""
    buffer = io.BytesIO()
    if fmt == "svg":
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()
    from PIL import Image

    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    # a palette of 256 colours keeps the picture sharp and the file a few times smaller
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB").quantize(256)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
