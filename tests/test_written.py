"""Outputs written again from the blocks of the previous output (``_written``): the bytes are
those of a write from scratch, whatever changed, and the old file is used only when it is the
one recorded."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from graph._build.spool import Edit, Spool, SpoolEntry, split_lines

BASE = "https://example.org/kg/id"


def lines_of(n: int, version: int = 0) -> list[str]:
    return [f'<{BASE}/person/{n}> <https://schema.org/name> "Person {n} v{version}" .\n',
            f"<{BASE}/person/{n}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            "<https://schema.org/Person> .\n",
            f"<{BASE}/annotation/{n}> <http://www.w3.org/ns/oa#hasBody> <{BASE}/person/{n}> .\n"]


def make_spool(folder: Path, docs: dict[int, int], index: Path | None) -> Spool:
    """A spool of documents ``n`` at version ``docs[n]``, in order of n."""
    spool = Spool(folder, index_file=index)
    for n in sorted(docs):
        shared, own = split_lines(lines_of(n, docs[n]))
        name = f"{n}-v{docs[n]}.nt"
        spool.put(name, "".join(shared + own).encode())
        spool.entries.append(SpoolEntry(f"{n}.txt", f"{BASE}/document/{n}", name,
                                        len("".join(shared).encode()), len(shared) + len(own)))
    return spool


def from_scratch(spool: Spool, fmt: str) -> bytes:
    return b"".join(spool.block(i, fmt) for i in range(len(spool.entries)))


@pytest.fixture
def where(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "spool").mkdir()
    return tmp_path / "spool", tmp_path / "written.pkl"


@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_a_second_write_copies_the_unchanged_blocks(tmp_path, where, fmt):
    folder, index = where
    out = tmp_path / "out.data"
    docs = {n: 0 for n in range(40)}
    first = make_spool(folder, docs, index)
    first.write_file(out, fmt)
    assert first.copied == 0
    assert out.read_bytes() == from_scratch(first, fmt)

    docs[7] = 1  # changed
    del docs[20]  # removed
    docs[25] = 1
    docs[99] = 0  # added at the end
    second = make_spool(folder, docs, index)
    second.write_file(out, fmt)
    assert out.read_bytes() == from_scratch(second, fmt)
    remade = sum(len(second.block(i, fmt)) for i, e in enumerate(second.entries)
                 if e.path in ("7.txt", "25.txt", "99.txt"))
    assert second.copied == out.stat().st_size - remade > 0


def test_an_edit_remakes_its_block(tmp_path, where):
    folder, index = where
    out = tmp_path / "out.nq"
    docs = {n: 0 for n in range(10)}
    make_spool(folder, docs, index).write_file(out, "nquads")
    spool = make_spool(folder, docs, index)
    new = f'<{BASE}/person/3> <https://schema.org/name> "Merged" .\n'
    spool.edits[3] = Edit(frozenset({lines_of(3)[0]}), frozenset({new}))
    spool.write_file(out, "nquads")
    assert out.read_bytes() == from_scratch(spool, "nquads")
    assert new.replace(" .\n", f" <{BASE}/document/3> .\n").encode() in out.read_bytes()
    assert spool.copied == out.stat().st_size - len(spool.block(3, "nquads"))


def test_an_output_changed_since_is_not_copied_from(tmp_path, where):
    folder, index = where
    out = tmp_path / "out.nq"
    docs = {n: 0 for n in range(10)}
    make_spool(folder, docs, index).write_file(out, "nquads")
    data = out.read_bytes()
    time.sleep(0.05)  # past the clock tick of the write, which change times are counted in
    out.write_bytes(data.replace(b"Person 4", b"Parson 4"))  # same size, edited by hand
    spool = make_spool(folder, docs, index)
    spool.write_file(out, "nquads")
    assert spool.copied == 0
    assert out.read_bytes() == data


def test_another_format_or_path_is_written_from_scratch(tmp_path, where):
    folder, index = where
    docs = {n: 0 for n in range(5)}
    make_spool(folder, docs, index).write_file(tmp_path / "out.nq", "nquads")
    spool = make_spool(folder, docs, index)
    spool.write_file(tmp_path / "out.trig", "trig")
    assert spool.copied == 0
    spool.write_file(tmp_path / "other.nq", "nquads")
    assert spool.copied == 0
    spool.write_file(tmp_path / "out.nq", "nquads")  # still recorded beside the others
    assert spool.copied == (tmp_path / "out.nq").stat().st_size


def test_a_damaged_record_means_a_write_from_scratch(tmp_path, where):
    folder, index = where
    out = tmp_path / "out.nq"
    docs = {n: 0 for n in range(5)}
    make_spool(folder, docs, index).write_file(out, "nquads")
    index.write_bytes(b"not a pickle")
    spool = make_spool(folder, docs, index)
    spool.write_file(out, "nquads")
    assert spool.copied == 0
    assert out.read_bytes() == from_scratch(spool, "nquads")


def test_without_copy_file_range_the_bytes_go_through_memory(tmp_path, where, monkeypatch):
    folder, index = where
    out = tmp_path / "out.nq"
    docs = {n: 0 for n in range(30)}
    make_spool(folder, docs, index).write_file(out, "nquads")
    docs[11] = 1
    monkeypatch.delattr(os, "copy_file_range", raising=False)
    spool = make_spool(folder, docs, index)
    spool.write_file(out, "nquads")
    assert spool.copied > 0
    assert out.read_bytes() == from_scratch(spool, "nquads")


def test_an_interrupted_write_keeps_the_old_output_and_its_record(tmp_path, where, monkeypatch):
    folder, index = where
    out = tmp_path / "out.nq"
    docs = {n: 0 for n in range(10)}
    make_spool(folder, docs, index).write_file(out, "nquads")
    before = out.read_bytes()
    docs[5] = 1
    spool = make_spool(folder, docs, index)
    real = Spool.block

    def interrupted(self, i, fmt):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(Spool, "block", interrupted)
    with pytest.raises(KeyboardInterrupt):
        spool.write_file(out, "nquads")
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.nq", "spool", "written.pkl"]
    monkeypatch.setattr(Spool, "block", real)
    spool.write_file(out, "nquads")
    assert spool.copied > 0
    assert out.read_bytes() == from_scratch(spool, "nquads")


def test_finishing_a_build_prunes_only_what_it_did_not_use(tmp_path):
    from graph._build.cache import OutcomeCache, _key
    from graph._build.config import BuildConfig
    from graph._namespaces import DEFAULT_BASE

    cache = OutcomeCache(tmp_path / "out.nq.kg-cache", BuildConfig(DEFAULT_BASE))
    used, old = _key("a.txt", "sha256:1"), _key("a.txt", "sha256:0")
    files = {name: cache.folder / name for name in (
        f"{used[:2]}/{used}.pkl.gz", f"{old[:2]}/{old}.pkl.gz", "derived/k1.pkl.gz",
        "derived/k2.pkl.gz", "graphs/k1.nt", "graphs/k2.nt", "graphs/.k3.nt.x.part",
        "state.pkl", "written.pkl")}
    for file in files.values():
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(b"x")
    cache.entries["a.txt"] = ("sha256:1", "https://example.org/kg/id/document/a")
    cache.checked.add("k1")
    assert cache.finish(tmp_path / "out.nq") == 4
    kept = {name for name, file in files.items() if file.exists()}
    assert kept == {f"{used[:2]}/{used}.pkl.gz", "derived/k1.pkl.gz", "graphs/k1.nt",
                    "state.pkl", "written.pkl"}
    assert (tmp_path / "out.nq.manifest.json").is_file()
