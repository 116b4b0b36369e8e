"""graph._texts: a store keeps each document's text while it holds the document."""

from __future__ import annotations

import hashlib

import pytest

from graph._texts import TEXTS, prune_texts, read_text, text_path, write_text
from graph.store import Store, build_into_store

from .test_store import NOTE, PRESS


def _hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _kept(store_dir) -> set[str]:
    return {p.name for p in (store_dir / TEXTS).glob("*")}


def test_texts_of_dropped_documents_are_removed_and_shared_ones_kept(tmp_path, nlp_ready):
    docs, store = tmp_path / "docs", tmp_path / "store"
    docs.mkdir()
    for name, text in (("press.txt", PRESS), ("note.txt", NOTE), ("note-copy.txt", NOTE)):
        (docs / name).write_text(text, encoding="utf-8")
    assert build_into_store([docs], store).written
    press, note = _hash(PRESS), _hash(NOTE)
    assert _kept(store) == {f"{press[7:]}.txt", f"{note[7:]}.txt"}  # the copies share one
    assert read_text(store, press) == PRESS and read_text(store, note) == NOTE

    (docs / "note.txt").unlink()  # its copy still holds the text
    done = build_into_store([docs], store)
    assert done.written and done.removed == ["note.txt"]
    assert read_text(store, note) == NOTE

    (docs / "note-copy.txt").unlink()  # the last document with that text
    edited = PRESS.replace("Geneva", "Lausanne")
    (docs / "press.txt").write_text(edited, encoding="utf-8")  # a new text, the old one unused
    done = build_into_store([docs], store)
    assert done.written and done.removed == ["note-copy.txt"] and done.changed == ["press.txt"]
    assert _kept(store) == {f"{_hash(edited)[7:]}.txt"}
    assert read_text(store, note) is None and read_text(store, press) is None
    with Store(store, read_only=True) as held:
        assert {d.content_hash for d in held.documents().values()} == {_hash(edited)}


def test_prune_keeps_the_given_hashes_only(tmp_path):
    texts = {f"text {n}": _hash(f"text {n}") for n in range(4)}
    for text, content_hash in texts.items():
        write_text(tmp_path, content_hash, text)
    stray = tmp_path / TEXTS / "notes.md"  # not a text of a document: left alone
    stray.write_text("mine", encoding="utf-8")
    prune_texts(tmp_path, [texts["text 1"], texts["text 3"], "md5:abc"])
    assert _kept(tmp_path) == {f"{texts['text 1'][7:]}.txt", f"{texts['text 3'][7:]}.txt",
                               "notes.md"}
    assert read_text(tmp_path, texts["text 3"]) == "text 3"
    prune_texts(tmp_path / "no-store-here", [])  # no texts folder: nothing to do


@pytest.mark.parametrize("content_hash", [
    "sha256:../../etc/passwd", "md5:" + "a" * 32, "sha256:" + "A" * 64, "sha256:" + "a" * 63])
def test_a_hash_of_another_form_names_no_file(tmp_path, content_hash):
    assert text_path(tmp_path, content_hash) is None
    write_text(tmp_path, content_hash, "nothing")
    assert not (tmp_path / TEXTS).exists() and read_text(tmp_path, content_hash) is None
