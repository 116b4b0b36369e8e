"""Out-of-fold figures: each half of a set's tune part scored with models trained without it.

The entity typer and the relation classifier are trained on the tune parts, so scoring a tune
part with the shipped models is optimistic (the models know those documents' entities). This
script, for each fold K of 2 (a CRC32 of "set/file", as ``scripts/_fit.py`` folds them):

1. trains both models without fold K (``train_types.py`` and ``train_relations.py`` with
   ``--folds 2 --leave-out K``; ``--models DIR`` reads them from there when present);
2. copies ``graph/`` and ``ontology/`` to a scratch folder with those models in place of the
   shipped ones, and builds fold K's tune documents of each set there;
3. scores the graph against fold K's gold with ``scripts/evaluate.py``;

and prints, per set, the two folds' counts summed: the entity figures per type and the
relations' recall and precision. The held-out parts are never read.

    python scripts/out_of_fold.py                       # redocred-dev and unesco-dev
    python scripts/out_of_fold.py --sets crossner-politics-dev --models /tmp/oof-models
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import _parts  # noqa: E402
from _fit import BENCH, fold_of  # noqa: E402

_ENTITY = re.compile(r"^(\w+)\s+\d+\s+\d+\s+(\d+)\s+(\d+)\s+(\d+)\s")
_RELATION = re.compile(r"^relations (recall|precision) (\d+)/(\d+)")


def _run(args: list[str], cwd: Path, log: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run([sys.executable, *args], cwd=cwd, env=env, stdout=out,
                              stderr=subprocess.STDOUT, check=False)
    if done.returncode:
        sys.exit(f"{' '.join(args[:2])} failed: see {log}")


def _fold_inputs(name: str, fold: int, scratch: Path) -> tuple[Path, Path]:
    """A folder of links to fold ``fold``'s tune documents of set ``name``, and their gold."""
    gold = json.loads((BENCH / f"{name}.gold.json").read_text(encoding="utf-8"))
    docs = [d for d in _parts.select(name, gold["documents"], "tune")
            if fold_of(f"{name}/{d['file']}", 2) == fold]
    folder = scratch / f"{name}-f{fold}"
    folder.mkdir()
    for d in docs:
        (folder / d["file"]).symlink_to(BENCH / name / d["file"])
    path = scratch / f"{name}-f{fold}.gold.json"
    path.write_text(json.dumps({**gold, "documents": docs}), encoding="utf-8")
    return folder, path


def _sum(reports: list[str]) -> dict[str, list[int]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for text in reports:
        for line in text.splitlines():
            if (m := _ENTITY.match(line)) and m[1] != "type":
                counts = m.groups()[1:]
                totals[m[1]] = [a + int(b) for a, b in zip(totals[m[1]], counts, strict=True)]
            elif m := _RELATION.match(line):
                got = totals[f"relations {m[1]}"]
                totals[f"relations {m[1]}"] = [got[0] + int(m[2]), got[1] + int(m[3]), 0]
    return totals


def _print(name: str, totals: dict[str, list[int]]) -> None:
    print(f"== {name}, tune part, out of fold")
    for key, (a, b, c) in totals.items():
        if key.startswith("relations"):
            print(f"{key:<22} {a}/{b} = {a / b if b else 0:.3f}")
        else:
            p, r = a / (a + b) if a + b else 0, a / (a + c) if a + c else 0
            f1 = 2 * p * r / (p + r) if p + r else 0
            print(f"{key:<22} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  (TP {a}, FP {b}, FN {c})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["redocred-dev", "unesco-dev"])
    parser.add_argument("--models", type=Path, help="keep the fold models here, and read "
                        "them from here when present (types-K.npz, relations-K.npz)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-oof-") as tmp:
        scratch = Path(tmp)
        models = args.models or scratch / "models"
        models.mkdir(parents=True, exist_ok=True)
        reports: dict[str, list[str]] = defaultdict(list)
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
            for name in args.sets:
                folder, gold = _fold_inputs(name, fold, scratch)
                graph = scratch / f"{name}-f{fold}.ttl"
                _run(["-m", "graph", "build", str(folder), "-o", str(graph), "--allow-invalid",
                      "--no-incremental"], code, scratch / f"build-{name}-{fold}.log")
                report = scratch / f"{name}-f{fold}.txt"
                _run([str(ROOT / "scripts" / "evaluate.py"), "--graph", str(graph), "--gold",
                      str(gold)], ROOT, report)
                reports[name].append(report.read_text(encoding="utf-8"))
        for name in args.sets:
            _print(name, _sum(reports[name]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
