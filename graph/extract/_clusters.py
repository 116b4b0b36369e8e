"""Word clusters: the pipeline's word vectors, grouped, as features of the entity typer.

A linear model over words knows only the words it was trained on; the entity typer
(:mod:`._typemodel`) also reads the cluster of each word, so that a word never seen in training
("Draupadi", "Nokia") shares what was learnt from its neighbours ("Kunti", "Samsung"). The
relation classifier does not: out of fold, clusters there lowered its figures (README).
``word-clusters.npz``, written by ``scripts/word_clusters.py``, holds the centroids of fine
clusters of the medium English pipeline's vectors and the coarse cluster of each. A word's
cluster is the centroid closest to its vector in angle; the feature names both granularities
("c=f123", "c=g45").

A pipeline whose vectors are not those the clusters were made from (the small English one has
none) gives no cluster features: the models then read the words only, as they did before.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["CLUSTERS_FILE", "Clusters", "clusters_for", "word_clusters"]

CLUSTERS_FILE = Path(__file__).with_name("word-clusters.npz")
#: How many words' clusters are remembered (a cache of the vectors' keys; bounded).
_REMEMBERED = 200_000


class Clusters:
    """The clusters of one vector table: each word's fine and coarse cluster, as features."""

    def __init__(self, centroids: np.ndarray, coarse: np.ndarray) -> None:
        self._centroids = centroids.astype(np.float32)
        self._coarse = coarse
        self._known: dict[int, tuple[str, str] | None] = {}

    def of(self, token: Token) -> tuple[str, str] | None:
        """``("f123", "g45")``: the fine and coarse cluster of ``token``'s word; None when the
        word has no vector."""
        key = token.orth
        if key in self._known:
            return self._known[key]
        found = None
        if token.has_vector:
            vector = np.asarray(token.vector, dtype=np.float32)
            fine = int(np.argmax(self._centroids @ vector))
            found = (f"f{fine}", f"g{int(self._coarse[fine])}")
        if len(self._known) >= _REMEMBERED:
            self._known.clear()
        self._known[key] = found
        return found

    def features(self, prefix: str, tokens: Iterable[Token]) -> list[str]:
        """``prefix=f123`` and ``prefix=g45`` for each token's word that has a vector."""
        out = []
        for t in tokens:
            found = self.of(t)
            if found is not None:
                out += [f"{prefix}={found[0]}", f"{prefix}={found[1]}"]
        return out


@cache
def word_clusters(path: Path = CLUSTERS_FILE) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """The centroids, the coarse cluster of each and the shape of the vector table they were
    made from; empty when the file is missing (no cluster features then)."""
    if not path.is_file():
        return np.zeros((0, 0), dtype=np.float32), np.zeros(0, dtype=np.int16), (0, 0)
    with np.load(path, allow_pickle=False) as data:
        rows, width = (int(n) for n in data["source"])
        return data["centroids"], data["coarse"], (rows, width)


_BY_VOCAB: dict[int, Clusters | None] = {}


def clusters_for(token: Token) -> Clusters | None:
    """The clusters of the vectors of ``token``'s pipeline; None when it has other vectors
    than those the clusters were made from, or none."""
    vocab = token.vocab
    key = id(vocab)
    if key not in _BY_VOCAB:
        centroids, coarse, source = word_clusters()
        shape = tuple(vocab.vectors.shape)
        _BY_VOCAB[key] = Clusters(centroids, coarse) if len(centroids) and shape == source \
            else None
    return _BY_VOCAB[key]
