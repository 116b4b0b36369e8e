"""Multinomial logistic regression over hashed features: the shape of the package's small models.

Each feature string is hashed (CRC-32, stable across runs and machines) into one of
:data:`BUCKETS` rows of a weight matrix with one column per class; an item's score for a class is
the sum of its features' rows plus the class's bias, and its probabilities the softmax over the
classes allowed for it. The relation classifier (:mod:`._relmodel`) and the entity typer
(:mod:`._typemodel`) are two such models, each shipped as a ``.npz`` file (numpy arrays, no
pickle) written by its training script; loading one needs no download.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._errors import KgError

__all__ = ["BUCKETS", "HashedModel", "hash_features", "read_model"]

BUCKETS = 1 << 17


def hash_features(features: Iterable[str]) -> np.ndarray:
    """The distinct weight rows of ``features``, in increasing order."""
    # a set and sorted() rather than np.unique: a few dozen rows, called ten thousand times
    return np.array(sorted({zlib.crc32(f.encode()) % BUCKETS for f in features}),
                    dtype=np.int64)


@dataclass(frozen=True)
class HashedModel:
    """Weights (``BUCKETS`` x classes), biases (classes) and the classes' names."""

    weights: np.ndarray
    bias: np.ndarray
    classes: tuple[str, ...]

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """The unnormalised score of each class for an item with these feature rows."""
        return np.asarray(self.weights[rows].sum(axis=0, dtype=np.float64) + self.bias)

    def probabilities(self, rows: np.ndarray, allowed: Sequence[int] | None = None) -> np.ndarray:
        """The probability of each class; 0 for a class not in ``allowed`` (all when None)."""
        return softmax(self.scores(rows), allowed)

    def save(self, path: Path) -> None:
        np.savez_compressed(path, weights=self.weights.astype(np.float16),
                            bias=self.bias.astype(np.float32), classes=np.array(self.classes))


#: the additive mask of each (number of classes, allowed classes): 0 allowed, -inf not
_MASKS: dict[tuple[int, tuple[int, ...]], np.ndarray] = {}


def _mask(classes: int, allowed: Sequence[int]) -> np.ndarray:
    key = (classes, tuple(allowed))
    mask = _MASKS.get(key)
    if mask is None:
        mask = np.full(classes, -np.inf)
        mask[list(allowed)] = 0.0
        mask.flags.writeable = False
        _MASKS[key] = mask
    return mask


def softmax(scores: np.ndarray, allowed: Sequence[int] | None = None) -> np.ndarray:
    """Probabilities from scores, over the ``allowed`` classes only (all when None)."""
    if allowed is not None:
        scores = scores + _mask(len(scores), allowed)
    scores = scores - scores.max()
    e = np.exp(scores)
    return np.asarray(e / e.sum())


def read_model(path: Path, classes: tuple[str, ...], what: str, script: str) -> HashedModel:
    """The model at ``path``; a clear error when it is missing, unreadable or made for other
    ``classes``. ``what`` names it in messages, ``script`` is what writes it."""
    try:
        with np.load(path, allow_pickle=False) as data:
            found = tuple(str(c) for c in data["classes"])
            model = HashedModel(data["weights"].astype(np.float32),
                                data["bias"].astype(np.float64), found)
    except (OSError, KeyError, ValueError) as exc:
        raise KgError(f"cannot read the {what} {path}: {exc}. Reinstall kg-builder, or write "
                      f"it again with {script}.") from exc
    if found != classes or model.weights.shape != (BUCKETS, len(classes)):
        raise KgError(f"the {what} {path} was trained for other classes or features ({found}); "
                      f"write it again with {script}.")
    return model
