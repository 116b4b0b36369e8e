"""The documents' texts, kept in the store folder beside the database.

The graph keeps, for every fact, the document and the character offsets it was read from (and the
quoted words, ``oa:exact``), but not the text around them. So that ``kg serve`` can show a fact in
its passage without the original files, a store keeps each document's plain text (the loader's
output, which the offsets count in) as a file of its own::

    DIR/texts/<sha256 of the file's bytes>.txt

Files are named by the source file's content hash (as ``manifest.json`` records it), so an
unchanged document keeps its text, two copies of one file share it, and a text is never
half-written (each is written atomically). The texts of documents the store no longer holds are
removed after the store's transaction (:func:`prune_texts`). The graph itself is unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ._output import write_atomic

__all__ = ["TEXTS", "prune_texts", "read_text", "text_path", "write_text"]

TEXTS = "texts"
_HASH = re.compile(r"^sha256:([0-9a-f]{64})$")


def text_path(store_dir: Path, content_hash: str) -> Path | None:
    """Where the text of the file with ``content_hash`` ("sha256:...") is kept; None for a
    hash of another form (nothing is read or written outside ``DIR/texts``)."""
    found = _HASH.match(content_hash)
    return store_dir / TEXTS / f"{found.group(1)}.txt" if found else None


def write_text(store_dir: Path, content_hash: str, text: str) -> None:
    """Keep ``text`` as the text of the file with ``content_hash`` (atomically; once)."""
    path = text_path(store_dir, content_hash)
    if path is not None and not path.is_file():
        write_atomic(path, text.encode("utf-8"), sync=False)


def read_text(store_dir: Path, content_hash: str) -> str | None:
    """The kept text of the file with ``content_hash``; None when the store has none (a store
    built before texts were kept, or a hash of another form)."""
    path = text_path(store_dir, content_hash)
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def prune_texts(store_dir: Path, kept_hashes: Iterable[str]) -> None:
    """Remove the texts of every file whose hash is not in ``kept_hashes``."""
    keep = {p.name for p in (text_path(store_dir, h) for h in kept_hashes) if p is not None}
    folder = store_dir / TEXTS
    if not folder.is_dir():
        return
    for path in folder.glob("*.txt"):
        if path.name not in keep:
            path.unlink(missing_ok=True)
