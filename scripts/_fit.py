"""Fitting the package's hashed logistic regressions (graph/extract/_hashmodel.py).

Shared by scripts/train_relations.py and scripts/train_types.py: full-batch Adam on the mean log
loss of the softmax over each item's allowed classes, plus L2; deterministic (fixed seed, fixed
order), so the same items give the same weights.
"""

from __future__ import annotations

import argparse
import json
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

import _parts
import numpy as np

from graph import extract as _builtins  # noqa: F401  (registers the extractors)
from graph._nlp import ProcessedDocument, process
from graph.extract._hashmodel import BUCKETS, HashedModel
from graph.registry import loaders

SEED = 17


class _FromDocument(Protocol):
    doc: str  # "set/file"


T = TypeVar("T", bound=_FromDocument)
BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"


def tune_documents(name: str) -> Iterator[tuple[ProcessedDocument, dict[str, Any]]]:
    """Each document of the TUNE part of the benchmark set ``name``, processed, with its gold."""
    gold = json.loads((BENCH / f"{name}.gold.json").read_text(encoding="utf-8"))
    docs = {d["file"]: d for d in _parts.select(name, gold["documents"], "tune")}
    loaded = []
    for file in sorted(docs):
        path = BENCH / name / file
        spec = loaders.for_suffix(path.suffix)
        if spec is not None:
            loaded.append(spec.func(path, file))
    for pdoc in process(iter(loaded)):
        yield pdoc, docs[pdoc.document.path]


def fold_of(doc: str, folds: int) -> int:
    """The cross-validation fold of a document named "set/file" (stable across runs and sets)."""
    return zlib.crc32(doc.encode("utf-8")) % folds


def training_part(items: Sequence[T], args: argparse.Namespace) -> list[T]:
    """The items (each with a ``doc`` named "set/file") the written model is fitted to: all of
    them, or those outside fold ``--leave-out`` of ``--folds``."""
    if args.leave_out is None:
        return list(items)
    if args.folds < 2 or not 0 <= args.leave_out < args.folds:
        raise SystemExit(f"--leave-out {args.leave_out} needs --folds of 2 or more and a fold "
                         f"below it (got --folds {args.folds})")
    return [i for i in items if fold_of(i.doc, args.folds) != args.leave_out]


def add_options(parser: argparse.ArgumentParser, sets: Sequence[str], output: Path) -> None:
    """The options both training scripts take."""
    parser.add_argument("--sets", nargs="+", default=list(sets))
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=150)
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument("--rate", type=float, default=0.05)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--leave-out", type=int, metavar="FOLD",
                        help="write a model trained without this fold's documents (to score "
                             "that fold's errors with a model that never saw them)")
    parser.add_argument("--output", type=Path, default=output)


def write(model: HashedModel, path: Path) -> None:
    model.save(path)
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")


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
