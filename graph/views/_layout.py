"""Where a view's nodes go and how they are labelled: shared by the picture (``_draw``) and the
HTML page (``_html``)."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

__all__ = ["KIND_COLOURS", "layout", "short_label", "spread"]

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


def _force_layout(G: nx.Graph, seed: int, iterations: int = 80) -> dict[str, np.ndarray]:
    """Fruchterman-Reingold with numpy only, for big graphs: each node is pushed away by a random
    sample of the others (scaled up to stand for all of them), so a step costs n x 200, not n²."""
    nodes = list(G)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    rows = np.array([index[u] for u, v in G.edges] + [index[v] for u, v in G.edges], dtype=int)
    cols = np.array([index[v] for u, v in G.edges] + [index[u] for u, v in G.edges], dtype=int)
    rng = np.random.default_rng(seed)
    xy = rng.random((n, 2))
    k = 1.0 / math.sqrt(n)
    sample = min(n, 200)
    temperature = 0.1
    for _ in range(iterations):
        others = rng.choice(n, size=sample, replace=False)
        delta = xy[:, None, :] - xy[None, others, :]
        distance2 = np.maximum((delta**2).sum(axis=2), 1e-4)
        push = (delta * (k * k / distance2)[:, :, None]).sum(axis=1) * (n / sample)
        pull_delta = xy[rows] - xy[cols]
        pull_length = np.maximum(np.sqrt((pull_delta**2).sum(axis=1)), 0.01)
        pull = np.zeros_like(xy)
        np.add.at(pull, rows, -pull_delta * (pull_length / k)[:, None])
        move = push + pull
        length = np.maximum(np.sqrt((move**2).sum(axis=1)), 1e-9)
        xy += move / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= 0.96
    return {v: xy[i] for i, v in enumerate(nodes)}


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
        if len(nodes) < 400:
            inner = nx.spring_layout(sub, seed=seed, k=1.6 / math.sqrt(len(nodes)),
                                     iterations=150, weight=None)
        else:  # networkx needs scipy for big graphs; this needs numpy only
            inner = _force_layout(sub, seed)
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


MAX_LABEL_CHARS = 34


def short_label(text: str) -> str:
    """``text`` cut to at most MAX_LABEL_CHARS characters, with an ellipsis when cut."""
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"


def spread(xy: np.ndarray, half: np.ndarray, steps: int = 400) -> np.ndarray:
    """Move boxes (centres ``xy``, half sizes ``half``) apart until none overlap."""
    xy = xy.copy()
    n = len(xy)
    if n < 2:
        return xy
    for _ in range(steps):
        dx = xy[:, None, 0] - xy[None, :, 0]
        dy = xy[:, None, 1] - xy[None, :, 1]
        ox = half[:, None, 0] + half[None, :, 0] - np.abs(dx)
        oy = half[:, None, 1] + half[None, :, 1] - np.abs(dy)
        overlap = (ox > 0) & (oy > 0)
        np.fill_diagonal(overlap, False)
        if not overlap.any():
            break
        # push along the axis of least overlap, half the overlap each, a little more to settle
        along_x = overlap & (ox / (half[:, None, 0] + 1e-9) < oy / (half[:, None, 1] + 1e-9))
        along_y = overlap & ~along_x
        sx = np.where(dx >= 0, 1.0, -1.0)
        sy = np.where(dy >= 0, 1.0, -1.0)
        # identical centres: break the tie by index
        tie = (dx == 0) & (dy == 0)
        sy = np.where(tie, np.where(np.arange(n)[:, None] > np.arange(n)[None, :], 1.0, -1.0), sy)
        move_x = (np.where(along_x, ox * 0.55, 0.0) * sx).sum(axis=1)
        move_y = (np.where(along_y, oy * 0.55, 0.0) * sy).sum(axis=1)
        xy[:, 0] += move_x
        xy[:, 1] += move_y
    return xy
