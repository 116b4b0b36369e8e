"""The relation classifier's model: a multinomial logistic regression over hashed features.

Each feature string is hashed (CRC-32, stable across runs and machines) into one of
:data:`BUCKETS` rows of a weight matrix with one column per class of
:data:`._relfeatures.CLASSES`; a candidate's score for a class is the sum of its features' rows
plus the class's bias, and its probabilities the softmax over the classes its kinds allow.

The weights ship in the package as ``relations-model.npz`` (numpy arrays, no pickle), written by
``scripts/train_relations.py`` from the tune part of the development sets; loading needs no
download.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from .._errors import KgError
from ._relfeatures import CLASSES

__all__ = ["BUCKETS", "MODEL_PATH", "RelationModel", "hash_features", "load_model"]

BUCKETS = 1 << 17
MODEL_PATH = Path(__file__).with_name("relations-model.npz")


def hash_features(features: Iterable[str]) -> np.ndarray:
    """The distinct weight rows of ``features``."""
    return np.unique(np.fromiter((zlib.crc32(f.encode()) % BUCKETS for f in features),
                                 dtype=np.int64))


@dataclass(frozen=True)
class RelationModel:
    """Weights (``BUCKETS`` x classes) and biases (classes) of the classifier."""

    weights: np.ndarray
    bias: np.ndarray

    def probabilities(self, rows: np.ndarray, classes: Sequence[int]) -> np.ndarray:
        """The probability of each class of :data:`CLASSES` (0 for those not in ``classes``,
        which always include "none")."""
        scores = self.weights[rows].sum(axis=0, dtype=np.float64) + self.bias
        mask = np.full(len(CLASSES), -np.inf)
        mask[[0, *classes]] = 0.0
        scores = scores + mask
        scores -= scores.max()
        e = np.exp(scores)
        return np.asarray(e / e.sum())

    def classify(self, features: Iterable[str], classes: Sequence[int]) -> tuple[int, float]:
        """The most probable class and its probability."""
        p = self.probabilities(hash_features(features), classes)
        best = int(p.argmax())
        return best, float(p[best])

    def save(self, path: Path) -> None:
        np.savez_compressed(path, weights=self.weights.astype(np.float16),
                            bias=self.bias.astype(np.float32),
                            classes=np.array(CLASSES))


@cache
def load_model(path: Path = MODEL_PATH) -> RelationModel:
    """The shipped model (or the one at ``path``), read once per process."""
    try:
        with np.load(path, allow_pickle=False) as data:
            classes = tuple(str(c) for c in data["classes"])
            model = RelationModel(data["weights"].astype(np.float32),
                                  data["bias"].astype(np.float64))
    except (OSError, KeyError, ValueError) as exc:
        raise KgError(f"cannot read the relation model {path}: {exc}. Reinstall kg-builder, or "
                      "write it again with scripts/train_relations.py.") from exc
    if classes != CLASSES or model.weights.shape != (BUCKETS, len(CLASSES)):
        raise KgError(f"the relation model {path} was trained for other classes or features "
                      f"({classes}); write it again with scripts/train_relations.py.")
    return model
