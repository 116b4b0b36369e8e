"""Train the relation classifier (``relations.v1``) and write graph/extract/relations-model.npz.

    python scripts/train_relations.py                  # train, report, write the model
    python scripts/train_relations.py --folds 3 --no-write   # only the cross-validated figures

Reads the TUNE part only (scripts/_parts.py) of each development set given (by default
redocred-dev and unesco-dev): runs the built-in extractors that come before ``relations.v1`` on
each document, makes the candidate pairs ``relations.v1`` makes, and labels each with the gold
relation between the gold entities its two mentions name (no relation when the gold has none;
left out when the gold marks that relation optional). The model is a multinomial logistic
regression over hashed features fitted by full-batch Adam with L2 regularisation; everything is
deterministic (fixed order, fixed seed), so the same data gives the same file.

It prints the candidate-level precision and recall per class, cross-validated over the
documents of the tune part (``--folds``), then fits on all of it. The held-out part is not read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import _fit
import numpy as np
from evaluate import fold_name

from graph import extract as _builtins  # noqa: F401  (registers the extractors)
from graph._build.read import review
from graph.extract._hashmodel import HashedModel
from graph.extract._relfeatures import CLASSES, Capped, candidates
from graph.extract._relmodel import MODEL_PATH, hash_features
from graph.pipeline import extract_records
from graph.records import Mention
from graph.registry import extractors

SETS = ("redocred-dev", "unesco-dev")


@dataclass
class Sample:
    doc: str
    rows: np.ndarray
    classes: tuple[int, ...]
    label: int


def _gold_index(gold: dict) -> tuple[list[tuple[str, frozenset[str]]], dict]:
    entities = [(e["type"], frozenset(fold_name(n) for n in e["names"]))
                for e in gold.get("entities", [])]
    stated: dict[tuple[int, str, int], bool] = {}
    for rel in gold.get("relations", []):
        kind = " ".join(rel["relation"].lower().split())
        if kind not in CLASSES:
            continue
        subj = [i for i, (_, names) in enumerate(entities) if fold_name(rel["subject"]) in names]
        obj = [i for i, (_, names) in enumerate(entities) if fold_name(rel["object"]) in names]
        for s in subj:
            for o in obj:
                key = (s, kind, o)
                stated[key] = stated.get(key, False) or not rel.get("optional", False)
    return entities, stated


def _indexes(m: Mention, entities: list[tuple[str, frozenset[str]]]) -> list[int]:
    names = {fold_name(m.name), fold_name(m.span.text)}
    return [i for i, (kind, folded) in enumerate(entities)
            if kind == m.kind.value and names & folded]


def _label(c, entities, stated) -> int | None:
    subj, obj = _indexes(c.subject, entities), _indexes(c.object, entities)
    optional = False
    for cls in c.classes:
        verdicts = [stated[(s, CLASSES[cls], o)] for s in subj for o in obj
                    if (s, CLASSES[cls], o) in stated]
        if any(verdicts):
            return cls
        optional = optional or bool(verdicts)
    return None if optional else 0


def read_set(name: str) -> list[Sample]:
    names = [n for n in extractors.names() if n != "relations.v1"]
    specs = extractors.ordered(names)
    samples: list[Sample] = []
    for pdoc, gold in _fit.tune_documents(name):
        entities, stated = _gold_index(gold)
        for _, section in pdoc.sections():
            records = review(section, extract_records(section, specs, []))
            mentions = [r for r in records if isinstance(r, Mention)]
            for c in candidates(section, mentions, Capped()):
                label = _label(c, entities, stated)
                if label is not None:
                    samples.append(Sample(f"{name}/{pdoc.document.path}",
                                          hash_features(c.features), c.classes, label))
    return samples


def fit(samples: list[Sample], epochs: int, l2: float, rate: float) -> HashedModel:
    return _fit.fit([s.rows for s in samples], [(0, *s.classes) for s in samples],
                    [s.label for s in samples], CLASSES, epochs, l2, rate)


def report(model: HashedModel, samples: list[Sample], counts: Counter) -> None:
    for s in samples:
        p = model.probabilities(s.rows, (0, *s.classes))
        best = int(p.argmax())
        for floor in (0.35, 0.5, 0.7):
            guess = best if p[best] >= floor else 0
            counts[(floor, "gold", s.label)] += 1
            counts[(floor, "guess", guess)] += 1
            counts[(floor, "right", guess)] += guess == s.label


def _cached(path: Path) -> list[Sample]:
    return [Sample(d, np.array(r, dtype=np.int64), tuple(c), label)
            for d, r, c, label in json.loads(path.read_text(encoding="utf-8"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    _fit.add_options(parser, SETS, MODEL_PATH)
    parser.add_argument("--cache", type=Path, help="keep the labelled candidates in this JSON "
                        "file and read them from it when it exists (while trying settings)")
    args = parser.parse_args(argv)
    samples = _cached(args.cache) if args.cache and args.cache.exists() else [
        s for name in args.sets for s in read_set(name)]
    if args.cache and not args.cache.exists():
        args.cache.write_text(json.dumps([[s.doc, s.rows.tolist(), s.classes, s.label]
                                          for s in samples]), encoding="utf-8")
    print(f"{len(samples)} candidates; labels {Counter(CLASSES[s.label] for s in samples)}")
    docs = sorted({s.doc for s in samples})
    counts: Counter = Counter()
    for fold in range(args.folds):
        test = {d for d in docs if _fit.fold_of(d, args.folds) == fold}
        model = fit([s for s in samples if s.doc not in test], args.epochs, args.l2, args.rate)
        report(model, [s for s in samples if s.doc in test], counts)
    if args.folds:
        print("cross-validated on the tune part (candidates):")
        for floor in (0.35, 0.5, 0.7):
            for cls in range(1, len(CLASSES)):
                right, guess = counts[(floor, "right", cls)], counts[(floor, "guess", cls)]
                gold = counts[(floor, "gold", cls)]
                print(f"  floor {floor}  {CLASSES[cls]:16} P {right}/{guess} = "
                      f"{right / max(guess, 1):.3f}  R {right}/{gold} = {right / max(gold, 1):.3f}")
    if not args.no_write:
        model = fit(_fit.training_part(samples, args), args.epochs, args.l2, args.rate)
        _fit.write(model, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
