"""examples/analysis.ipynb runs from a fresh kernel: from the repository root (with the seeds
when they are beside it) and from a copy of examples/ with no seeds anywhere near."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from .conftest import REPO

nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed")
nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed")
pytest.importorskip("ipykernel", reason="ipykernel is not installed")

NOTEBOOK = REPO / "examples" / "analysis.ipynb"
KERNEL = "kg-builder-test"


@pytest.fixture
def kernel(tmp_path, monkeypatch) -> str:
    """A kernelspec running this very interpreter, with the checkout importable."""
    folder = tmp_path / "jupyter" / "kernels" / KERNEL
    folder.mkdir(parents=True)
    (folder / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "kg-builder tests",
        "language": "python",
        "env": {"PYTHONPATH": str(REPO)},
    }))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    return KERNEL


def _execute(kernel: str, notebook: Path, cwd: Path):
    nb = nbformat.read(notebook, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=kernel, timeout=240,
                                     resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


def _text(nb) -> str:
    out = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            out.append(output.get("text", ""))
            out.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(out)


def test_notebook_runs_from_the_repository_root(kernel):
    nb = _execute(kernel, NOTEBOOK, REPO)
    text = _text(nb)
    beside = REPO.parent / "shared"  # where the notebook looks (not $KG_SHARED)
    if (beside / "seeds").is_dir():
        assert str(beside / "seeds") in text  # the seeds were built too
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors == []
    assert "0 violations" in text
    assert "Director-General" in text  # the posts query produced rows
    pictures = [o for c in nb.cells for o in c.get("outputs", [])
                if "image/png" in o.get("data", {})]
    assert len(pictures) == 2  # affiliation and co-mention drawn
    assert "shortest chain" in text


def test_notebook_runs_from_examples_without_seeds(kernel, tmp_path, monkeypatch):
    monkeypatch.delenv("KG_SEEDS", raising=False)
    copy = tmp_path / "checkout"
    shutil.copytree(REPO / "examples", copy / "examples")
    nb = _execute(kernel, copy / "examples" / "analysis.ipynb", copy / "examples")
    text = _text(nb)
    assert "seeds" not in nb.cells[1]["outputs"][0]["text"]
    assert "3 documents" in text
