"""The sinks of a run (graph/_build/sinks.py): a store built through the engine's one run, on
any executor, holds the same quads; the file and the store are written from the spool."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from graph._build.results import BuildResult
from graph.cli import main
from graph.store import Store, build_into_store
from tests.conftest import REPO


def _store_build(folder, store, *options: str) -> int:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, ["build", str(folder), "--store", str(store), "-q",
                                       *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code


def _contents(folder) -> tuple[set, dict]:  # type: ignore[no-untyped-def]
    with Store(folder, read_only=True) as store:
        return set(store.quads()), store.documents()


@pytest.fixture
def docs(tmp_path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "docs"
    folder.mkdir()
    for path in sorted((REPO / "examples" / "documents").iterdir()):
        shutil.copy(path, folder / path.name)
    return folder


def _edit(docs) -> None:  # type: ignore[no-untyped-def]
    """One file changed, one removed, one added."""
    first, second = sorted(p for p in docs.iterdir() if p.suffix in (".txt", ".md"))[:2]
    first.write_text(first.read_text(encoding="utf-8") + "\nMs Amina Example visited Lyon.\n",
                     encoding="utf-8")
    second.unlink()
    (docs / "added.txt").write_text("Mr Peter Other, President of the Example Council, "
                                    "visited Geneva on 1 April 2020.", encoding="utf-8")


def test_a_store_build_is_the_same_with_workers_and_on_dask(docs, tmp_path, nlp_ready):
    """``kg build --store`` in one process, with ``--workers 2`` and on a Dask LocalCluster:
    the same quads and documents, after a first build and after an incremental one."""
    distributed = pytest.importorskip("distributed", reason="Dask's distributed is missing")
    plain, two, remote = tmp_path / "plain", tmp_path / "two", tmp_path / "remote"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as cluster:  # any free port
        address = cluster.scheduler_address
        for _ in range(2):  # a first build, then one after an edit
            assert _store_build(docs, plain) == 0
            assert _store_build(docs, two, "--workers", "2") == 0
            assert _store_build(docs, remote, "--dask", address) == 0
            assert _contents(two) == _contents(plain)
            assert _contents(remote) == _contents(plain)
            _edit(docs)


def test_a_store_build_with_an_unreachable_scheduler_exits_2(docs, tmp_path, monkeypatch):
    import graph._build.dask

    pytest.importorskip("distributed", reason="Dask's distributed is missing")
    monkeypatch.setattr(graph._build.dask, "CONNECT_TIMEOUT", 2)
    result = CliRunner().invoke(main, ["build", str(docs), "--store", str(tmp_path / "s"),
                                       "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "cannot connect to the Dask scheduler" in result.output


def test_the_store_is_written_from_the_spool_one_document_at_a_time(docs, tmp_path,
                                                                     monkeypatch, nlp_ready):
    """The store sink never reads the build's whole dataset into rdflib."""
    def refused(self):  # type: ignore[no-untyped-def]
        raise AssertionError("the build's dataset was read into memory")

    plain = tmp_path / "plain"
    build_into_store([docs], plain)
    expected = _contents(plain)
    monkeypatch.setattr(BuildResult, "dataset", property(refused))
    built = build_into_store([docs], tmp_path / "sunk")
    assert built.written and sorted(built.added) == sorted(expected[1])
    assert _contents(tmp_path / "sunk") == expected


def test_kg_build_writes_its_file_through_the_file_sink(docs, tmp_path, nlp_ready):
    from graph._build.sinks import FileSink
    from graph.pipeline import build

    out = tmp_path / "out.nq"
    sink = FileSink(out, "nquads")
    result = build([docs], sink=sink)
    assert sink.written and out.read_bytes() == result.spool.nquads()  # type: ignore[union-attr]
    invalid = FileSink(tmp_path / "strict.nq", "nquads", strict=True)
    (docs / "empty.txt").write_bytes(b"")  # fails to load: nothing written with strict
    build([docs], sink=invalid)
    assert not invalid.written and not (tmp_path / "strict.nq").exists()
