"""The Dask mode: documents built on a (local, in-process) Dask cluster give the same graph."""

from __future__ import annotations

import shutil

import pytest

from graph._errors import ClusterError
from graph._nlp import load_pipeline
from graph.pipeline import build
from tests.conftest import REPO

distributed = pytest.importorskip("distributed", reason="Dask's distributed is not installed")


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    load_pipeline()
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as local:  # any free port
        yield local


def test_a_dask_build_gives_the_graph_of_a_local_build(cluster, tmp_path):
    for path in (REPO / "examples" / "documents").iterdir():
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "empty.txt").write_bytes(b"")
    local = build([tmp_path], workers=1)
    remote = build([tmp_path], dask=cluster.scheduler_address)
    assert set(remote.dataset.quads((None, None, None, None))) == set(
        local.dataset.quads((None, None, None, None)))
    assert [d.path for d in remote.documents] == [d.path for d in local.documents]
    assert [(f.path, f.stage) for f in remote.failures] == [("empty.txt", "load")]
    assert remote.validation is not None and local.validation is not None
    assert remote.validation.conforms == local.validation.conforms


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    import graph._build.dask

    monkeypatch.setattr(graph._build.dask, "CONNECT_TIMEOUT", 2)
    (tmp_path / "a.txt").write_text("Mr Kofi Mensah wrote to UNESCO.", encoding="utf-8")
    with pytest.raises(ClusterError, match="cannot connect to the Dask scheduler"):
        build([tmp_path], dask="tcp://127.0.0.1:9")


def _store_build(folder, store, *options: str):  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from graph.cli import main

    return CliRunner().invoke(main, ["build", str(folder), "--store", str(store), "-q",
                                     *options])


def _quads(folder):  # type: ignore[no-untyped-def]
    from graph.store import Store

    with Store(folder, read_only=True) as store:
        return set(store.quads()), store.documents()


def test_a_store_build_on_dask_holds_what_a_local_build_holds(cluster, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for path in (REPO / "examples" / "documents").iterdir():
        shutil.copy(path, docs / path.name)
    local = _store_build(docs, tmp_path / "local")
    remote = _store_build(docs, tmp_path / "remote", "--dask", cluster.scheduler_address)
    assert local.exit_code == remote.exit_code == 0, remote.output
    assert _quads(tmp_path / "remote") == _quads(tmp_path / "local")


def test_a_store_build_with_an_unreachable_scheduler_exits_2(tmp_path, monkeypatch):
    import graph._build.dask

    monkeypatch.setattr(graph._build.dask, "CONNECT_TIMEOUT", 2)
    (tmp_path / "a.txt").write_text("Mr Kofi Mensah wrote to UNESCO.", encoding="utf-8")
    result = _store_build(tmp_path / "a.txt", tmp_path / "store", "--dask", "tcp://127.0.0.1:9")
    assert result.exit_code == 2
    assert "cannot connect to the Dask scheduler at 'tcp://127.0.0.1:9'" in result.output
