"""Out-of-fold figures: each half of a set's tune part scored with models trained without it.

The entity typer and the relation classifier are trained on the tune parts, so scoring a tune
part with the shipped models is optimistic (the models know those documents' entities). This
script, for each fold K of 2 (a CRC32 of "set/file", as ``scripts/_fit.py`` folds them):

1. trains both models without fold K (``train_types.py`` and ``train_relations.py`` with
   ``--folds 2 --leave-out K``; ``--models DIR`` reads them from there when present);
2. copies ``graph/`` and ``ontology/`` to a scratch folder with those models in place of the
   shipped ones, and builds fold K's tune documents of each set there;
3. scores the graph against fold K's gold with ``scripts/evaluate.py``'s ``evaluate``;

and prints, per set, ``evaluate.py``'s report of the two folds together (``combine``): the
entity figures per type and the relations' recall and precision per kind. The held-out parts
are never read.

    python scripts/out_of_fold.py                       # redocred-dev and unesco-dev
    python scripts/out_of_fold.py --sets crossner-politics-dev --models /tmp/oof-models
    python scripts/out_of_fold.py --models /tmp/oof-models --keep /tmp/oof --show-errors
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from _fit import BENCH, fold_of
from evaluate import (
    GoldSet,
    combine,
    evaluate,
    format_report,
    load_gold,
    load_graph,
    scored_types,
)

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], cwd: Path, log: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run([sys.executable, *args], cwd=cwd, env=env, stdout=out,
                              stderr=subprocess.STDOUT, check=False)
    if done.returncode:
        sys.exit(f"{' '.join(args[:2])} failed: see {log}")


def _fold(gold: GoldSet, name: str, fold: int, scratch: Path) -> tuple[Path, GoldSet]:
    """A folder of links to fold ``fold``'s documents of ``gold`` (set ``name``), and their
    gold."""
    docs = tuple(d for d in gold.documents if fold_of(f"{name}/{d.name}", 2) == fold)
    folder = scratch / f"{name}-f{fold}"
    folder.mkdir()
    for d in docs:
        (folder / d.name).symlink_to(BENCH / name / d.name)
    return folder, replace(gold, name=f"{gold.name}, out of fold", documents=docs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["redocred-dev", "unesco-dev"])
    parser.add_argument("--models", type=Path, help="keep the fold models here, and read "
                        "them from here when present (types-K.npz, relations-K.npz)")
    parser.add_argument("--keep", type=Path, help="keep the fold graphs and build logs here "
                        "(a new or empty folder)")
    parser.add_argument("--show-errors", action="store_true", help="list each document's "
                        "entity and relation errors (never use it on the held-out parts)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-oof-") as tmp:
        scratch = Path(tmp)
        if args.keep:
            if args.keep.exists() and any(args.keep.iterdir()):
                sys.exit(f"--keep {args.keep}: the folder is not empty (nothing is overwritten)")
            args.keep.mkdir(parents=True, exist_ok=True)
            scratch = args.keep
        models = args.models or scratch / "models"
        models.mkdir(parents=True, exist_ok=True)
        golds = {name: load_gold(BENCH / f"{name}.gold.json", "tune") for name in args.sets}
        results: dict[str, list[dict]] = {name: [] for name in args.sets}
        for fold in (0, 1):
            for script, stem in (("train_types.py", "types"), ("train_relations.py", "relations")):
                out = models / f"{stem}-{fold}.npz"
                if not out.exists():
                    _run([f"scripts/{script}", "--folds", "2", "--leave-out", str(fold),
                          "--output", str(out)], ROOT, scratch / f"train-{stem}-{fold}.log")
            code = scratch / f"code-{fold}"
            for part in ("graph", "ontology"):
                shutil.copytree(ROOT / part, code / part)
            for stem in ("types", "relations"):
                shutil.copy(models / f"{stem}-{fold}.npz", code / "graph" / "extract" /
                            f"{stem}-model.npz")
            for name, gold in golds.items():
                assert isinstance(gold, GoldSet)
                folder, part = _fold(gold, name, fold, scratch)
                graph = scratch / f"{name}-f{fold}.ttl"
                _run(["-m", "graph", "build", str(folder), "-o", str(graph), "--allow-invalid",
                      "--no-incremental"], code, scratch / f"build-{name}-{fold}.log")
                results[name].append(evaluate(load_graph(graph), part, scored_types(gold)))
        for name in args.sets:
            print(format_report(combine(results[name]), args.show_errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
