"""The relation classifier's model (:mod:`._hashmodel`), one column per class of
:data:`._relfeatures.CLASSES`.

The weights ship in the package as ``relations-model.npz``, written by
``scripts/train_relations.py`` from the tune part of the development sets.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ._hashmodel import BUCKETS, HashedModel, hash_features, read_model
from ._relfeatures import CLASSES

__all__ = ["BUCKETS", "MODEL_PATH", "hash_features", "load_model"]

MODEL_PATH = Path(__file__).with_name("relations-model.npz")


@cache
def load_model(path: Path = MODEL_PATH) -> HashedModel:
    """The shipped model (or the one at ``path``), read once per process."""
    return read_model(path, CLASSES, "relation model", "scripts/train_relations.py")
