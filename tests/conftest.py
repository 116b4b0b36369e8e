"""Shared fixtures: the spaCy pipeline (loaded once) and the location of ../shared."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: the shared inputs: beside the repository, or where KG_SHARED says (e.g. from a worktree)
SHARED = Path(os.environ.get("KG_SHARED") or REPO.parent / "shared")

needs_shared = pytest.mark.skipif(
    not (SHARED / "seeds").is_dir(),
    reason=f"the shared inputs (seeds, gold, bench) are not beside the repository at {SHARED}",
)


@pytest.fixture(scope="session")
def nlp_ready() -> None:
    """Load the spaCy pipeline once per test session (it is cached by graph._nlp)."""
    from graph._nlp import load_pipeline

    load_pipeline()


def processed(text: str, metadata: tuple[tuple[str, str], ...] = (),
              media_type: str = "text/plain", path: str = "t.txt"):  # -> ProcessedDocument
    """A hand-written text run through the real spaCy pipeline, as the extractors receive it."""
    import hashlib

    from graph._nlp import process
    from graph.records import Document

    digest = hashlib.sha256(text.encode()).hexdigest()
    return next(process([Document(path, text, media_type, f"sha256:{digest}", metadata)]))


def mention_at(text: str, name: str, kind, nth: int = 0, extractor: str = "people.v1",
               **more: object):  # -> Mention
    """A mention of ``kind`` written by hand at the ``nth`` place ``name`` stands in ``text``."""
    from graph.records import Mention, Span

    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Mention(kind, name, Span(start, start + len(name), name), extractor, **more)


def lines(*rows: str) -> str:
    """A document written line by line (long paragraphs stay on one line of the text)."""
    return "\n".join(rows)


def examples_and_synthetic(folder: Path, documents: int, seed: int) -> Path:
    """``folder`` with the three examples and ``documents`` synthetic ones (in ``synthetic/``),
    the spaCy pipeline loaded."""
    import shutil
    import sys

    from graph._nlp import load_pipeline

    sys.path.insert(0, str(REPO / "scripts"))
    from _synth import write_corpus

    for path in (REPO / "examples" / "documents").iterdir():
        shutil.copy(path, folder / path.name)
    write_corpus(folder / "synthetic", documents, seed=seed)
    load_pipeline()
    return folder


def _chromium() -> str | None:
    for name in (os.environ.get("KG_CHROMIUM", ""), "chromium", "chromium-browser",
                 "google-chrome"):
        if not name:
            continue
        found = shutil.which(name) or (name if Path(name).is_file() else None)
        if found:
            return found
    return None


#: The Chromium the browser tests drive (``KG_CHROMIUM`` or one on the PATH); None: skipped.
CHROMIUM = _chromium()


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium driven by Playwright (the modules that use it skip without one)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()

