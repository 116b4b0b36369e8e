"""Fitting the package's hashed logistic regressions (graph/extract/_hashmodel.py).

Shared by scripts/train_relations.py and scripts/train_types.py: full-batch Adam on the mean log
loss of the softmax over each item's allowed classes, plus L2; deterministic (fixed seed, fixed
order), so the same items give the same weights.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from graph.extract._hashmodel import BUCKETS, HashedModel

SEED = 17


def fit(rows: Sequence[np.ndarray], allowed: Sequence[Sequence[int]], labels: Sequence[int],
        classes: tuple[str, ...], epochs: int, l2: float, rate: float) -> HashedModel:
    """The model of ``classes`` fitted to items given by their feature rows, allowed classes
    and label (an index into ``classes``)."""
    n, k = len(rows), len(classes)
    lengths = np.array([len(r) for r in rows])
    flat = np.concatenate(list(rows))
    owner = np.repeat(np.arange(n), lengths)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    mask = np.full((n, k), -np.inf)
    for i, ok in enumerate(allowed):
        mask[i, list(ok)] = 0.0
    y = np.asarray(labels)
    rng = np.random.default_rng(SEED)
    w = rng.normal(0.0, 1e-4, (BUCKETS, k))
    b = np.zeros(k)
    moments = [np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)]
    for t in range(1, epochs + 1):
        scores = np.add.reduceat(w[flat], starts, axis=0) + b + mask
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        p /= p.sum(axis=1, keepdims=True)
        p[np.arange(n), y] -= 1.0
        p /= n
        grad_w = np.stack([np.bincount(flat, weights=p[owner, j], minlength=BUCKETS)
                           for j in range(k)], axis=1) + l2 * w
        grad_b = p.sum(axis=0)
        for param, grad, m1, m2 in ((w, grad_w, moments[0], moments[1]),
                                    (b, grad_b, moments[2], moments[3])):
            m1 *= 0.9
            m1 += 0.1 * grad
            m2 *= 0.999
            m2 += 0.001 * grad * grad
            param -= rate * (m1 / (1 - 0.9 ** t)) / (np.sqrt(m2 / (1 - 0.999 ** t)) + 1e-8)
    return HashedModel(w.astype(np.float32), b, classes)
