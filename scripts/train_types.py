"""Train the entity typer (graph/extract/_typemodel.py) and write graph/extract/types-model.npz.

    python scripts/train_types.py                      # cross-validate, train, write the model
    python scripts/train_types.py --folds 3 --no-write # only the cross-validated figures

Reads the TUNE part only (scripts/_parts.py) of each development set given (by default
redocred-dev, unesco-dev and crossner-politics-dev): runs the built-in extractors on each
document, groups the mentions the typer judges as resolution clusters them, and labels each
group with the kind of the gold entity one of its names names ("none" when no gold entity has
that name; left out when only an optional one has). Every mention of a group is a sample with the
group's label. The held-out parts are not read. Deterministic: the same data gives the same file.

It prints, cross-validated over the tune documents (``--folds``), what the typer would do to the
groups at several floors: entities it keeps right, right ones it would lose, wrong ones it would
fix (retype or leave out), and wrong ones it leaves.
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
from graph.extract._hashmodel import HashedModel, hash_features, softmax
from graph.extract._quoted import outside_titles
from graph.extract._typemodel import (
    CLASSES,
    TYPES_MODEL,
    NameKinds,
    entity_groups,
    features,
    judged_mentions,
)
from graph.pipeline import extract_records
from graph.registry import extractors

SETS = ("redocred-dev", "unesco-dev", "crossner-politics-dev")
FLOORS = (0.3, 0.4, 0.5)


@dataclass
class Group:
    doc: str
    kind: int  # the index of the extractors' kind in CLASSES
    features: list[list[str]]  # of each mention
    label: int

    @property
    def rows(self) -> list[np.ndarray]:
        return [hash_features(f) for f in self.features]


def _label(names: set[str], kind: int, gold: dict) -> int | None:
    """The kind of the gold entity the names name (``kind`` when it is one of several); None
    when only an optional gold entity of the same kind has them (the scorer counts neither)."""
    stated, optional = [], []
    for e in gold.get("entities", []):
        if e["type"] in CLASSES and names & {fold_name(n) for n in e["names"]}:
            (optional if e.get("optional") else stated).append(CLASSES.index(e["type"]))
    if stated:
        return kind if kind in stated else stated[0]
    if kind in optional:
        return None
    return optional[0] if optional else 0


def read_set(name: str) -> list[Group]:
    specs = extractors.ordered(extractors.names())
    groups: list[Group] = []
    for pdoc, gold in _fit.tune_documents(name):
        records = outside_titles(pdoc.text, extract_records(pdoc, specs, []))
        context = NameKinds(records)
        for group in entity_groups(judged_mentions(records)):
            if not group:
                continue
            kind = CLASSES.index(group[0].kind.value)
            label = _label({fold_name(m.name) for m in group}, kind, gold)
            if label is not None:
                groups.append(Group(f"{name}/{pdoc.document.path}", kind,
                                    [features(pdoc, m, context) for m in group], label))
    return groups


def fit(groups: list[Group], epochs: int, l2: float, rate: float) -> HashedModel:
    rows = [r for g in groups for r in g.rows]
    labels = [g.label for g in groups for _ in g.rows]
    return _fit.fit(rows, [range(len(CLASSES))] * len(rows), labels, CLASSES, epochs, l2, rate)


def outcome(model: HashedModel, g: Group, floor: float) -> str:
    p = softmax(np.mean([model.scores(r) for r in g.rows], axis=0))
    new = g.kind if p[g.kind] >= floor else int(p.argmax())
    if new > 3:
        new = 0  # an event or a work: the typer leaves the entity out
    if g.label == g.kind:
        return "kept right" if new == g.kind else "lost right"
    if new == g.kind:
        return "left wrong"
    return "fixed wrong" if new == g.label or (new == 0 and g.label > 3) else "changed wrong"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    _fit.add_options(parser, SETS, TYPES_MODEL)
    parser.add_argument("--cache", type=Path, help="keep the labelled entities in this JSON "
                        "file and read them from it when it exists (while trying settings)")
    parser.add_argument("--drop", nargs="*", default=[], metavar="PREFIX",
                        help="leave out the features that start with these (while trying)")
    args = parser.parse_args(argv)
    if args.cache and args.cache.exists():
        groups = [Group(*g) for g in json.loads(args.cache.read_text(encoding="utf-8"))]
    else:
        groups = [g for name in args.sets for g in read_set(name)]
        if args.cache:
            args.cache.write_text(json.dumps([[g.doc, g.kind, g.features, g.label]
                                              for g in groups]), encoding="utf-8")
    if args.drop:
        prefixes = tuple(args.drop)
        for g in groups:
            g.features = [[f for f in fs if not f.startswith(prefixes)] for fs in g.features]
    print(f"{len(groups)} entities, {sum(len(g.rows) for g in groups)} mentions; labels "
          f"{Counter((CLASSES[g.kind], CLASSES[g.label]) for g in groups).most_common()}")
    docs = sorted({g.doc for g in groups})
    counts: Counter = Counter()
    for fold in range(args.folds):
        test = {d for d in docs if _fit.fold_of(d, args.folds) == fold}
        model = fit([g for g in groups if g.doc not in test], args.epochs, args.l2, args.rate)
        for g in groups:
            if g.doc in test:
                for floor in FLOORS:
                    counts[(g.doc.split("/")[0], floor, outcome(model, g, floor))] += 1
    for name in sorted({k[0] for k in counts}):
        for floor in FLOORS:
            c = {k[2]: v for k, v in counts.items() if k[:2] == (name, floor)}
            print(f"  {name:22} floor {floor}: fixed {c.get('fixed wrong', 0):4}  lost "
                  f"{c.get('lost right', 0):4}  changed {c.get('changed wrong', 0):3}  left "
                  f"{c.get('left wrong', 0):4}  kept {c.get('kept right', 0):5}  net "
                  f"{c.get('fixed wrong', 0) - c.get('lost right', 0):+4}")
    if not args.no_write:
        model = fit(_fit.training_part(groups, args), args.epochs, args.l2, args.rate)
        _fit.write(model, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
