"""Tesseract, run as a subprocess on one page image: its words, boxes and confidences.

The engine is Debian's ``tesseract`` (``apt-get install tesseract-ocr tesseract-ocr-eng
tesseract-ocr-fra``), called directly rather than through a wrapper: the page goes in on stdin
as PNG and its TSV comes back on stdout (no temporary files), and the call is bounded here,
which a wrapper would not do for us: at most :data:`PAGE_SECONDS` of wall time and
:data:`ENGINE_MEMORY` bytes of address space per page. OpenMP is held to one thread
(``OMP_THREAD_LIMIT=1``): the build already runs one worker per CPU, and on this machine
Tesseract's own threads made a page 2.5 to 4 times *slower* (1.0 s against 2.5-4.0 s).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ._errors import UnreadableDocument

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["ENGINE_MEMORY", "PAGE_SECONDS", "Engine", "Word", "engine", "recognise"]

#: Wall-clock seconds Tesseract may spend on one page before the page is given up.
PAGE_SECONDS = 120
#: Address space (bytes) the Tesseract process may take for one page.
ENGINE_MEMORY = 2 * 1024 ** 3
#: What to install where Tesseract is missing (said in every failure it causes).
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra"


@dataclass(frozen=True, slots=True)
class Word:
    """A recognised word: its text, confidence (0-100), box and place in the page's layout."""

    text: str
    confidence: float
    left: int
    top: int
    width: int
    height: int
    block: int
    paragraph: int
    line: int


@dataclass(frozen=True)
class Engine:
    """The Tesseract found on this machine: its path, version and installed language data."""

    path: str
    version: str
    languages: frozenset[str]

    @property
    def name(self) -> str:
        return f"Tesseract {self.version}"


def _limit_memory() -> None:  # pragma: no cover (runs in the child, before exec)
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (ENGINE_MEMORY, ENGINE_MEMORY))


def _environment() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


@cache
def engine() -> Engine | None:
    """The Tesseract of this machine, or None where it is not installed (asked once)."""
    path = shutil.which("tesseract")
    if path is None:
        return None
    try:
        version = subprocess.run([path, "--version"], capture_output=True, text=True,
                                 timeout=30, env=_environment())
        langs = subprocess.run([path, "--list-langs"], capture_output=True, text=True,
                               timeout=30, env=_environment())
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"tesseract\s+v?(\S+)", version.stdout + version.stderr)
    names = {ln.strip() for ln in langs.stdout.splitlines()[1:] if re.fullmatch(r"\w+", ln.strip())}
    return Engine(path, found.group(1) if found else "unknown", frozenset(names - {"osd"}))


def require_engine(where: str) -> Engine:
    """The engine, or a failure naming what to install."""
    found = engine()
    if found is None:
        raise UnreadableDocument(where, "it needs OCR, and Tesseract is not installed: "
                                 f"{INSTALL} (as root), then build again")
    if not found.languages:
        raise UnreadableDocument(where, "it needs OCR, and Tesseract has no language data: "
                                 f"{INSTALL} (as root), then build again")
    return found


def recognise(image: Image.Image, lang: str, dpi: int, where: str) -> list[Word]:
    """The words Tesseract reads on ``image`` (a page) with language data ``lang``."""
    tool = require_engine(where)
    png = io.BytesIO()
    image.save(png, format="PNG", compress_level=1)
    command = [tool.path, "stdin", "stdout", "-l", lang, "--dpi", str(dpi), "--psm", "3", "tsv"]
    try:
        done = subprocess.run(command, input=png.getvalue(), capture_output=True,
                              timeout=PAGE_SECONDS, env=_environment(),
                              preexec_fn=_limit_memory if os.name == "posix" else None)
    except subprocess.TimeoutExpired:
        raise UnreadableDocument(where, f"Tesseract took more than {PAGE_SECONDS} s on a page "
                                 "and was stopped: scan it again at 300 dpi") from None
    except OSError as exc:
        raise UnreadableDocument(where, f"Tesseract cannot be run ({exc})") from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UnreadableDocument(where, f"Tesseract failed on a page (exit {done.returncode}"
                                 f"{': ' + said[-1] if said else ''})")
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> list[Word]:
    """The words (level 5 rows with text) of Tesseract's TSV output, in its reading order."""
    words: list[Word] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) != 12 or cells[0] != "5" or not cells[11].strip():
            continue
        try:
            block, par, line = int(cells[2]), int(cells[3]), int(cells[4])
            left, top, width, height = (int(c) for c in cells[6:10])
            confidence = max(0.0, min(100.0, float(cells[10])))
        except ValueError:
            continue
        words.append(Word(cells[11].strip(), confidence, left, top, width, height,
                          block, par, line))
    return words
