"""Parallel builds: the same graph and findings as a build in one process, a worker that dies
loses only its document, incremental rebuilds reuse unchanged documents, pyshacl-turbo agrees
with pySHACL."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph

from graph._namespaces import DEFAULT_BASE
from graph.cli import main
from graph.pipeline import BuildResult, build
from graph.registry import extractors
from graph.validate import load_shapes, validate
from tests.conftest import REPO, examples_and_synthetic

sys.path.insert(0, str(REPO / "scripts"))
from _synth import write_corpus

KILL = "KILL-THE-WORKER"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three real-looking examples and nine synthetic documents (two batches of work)."""
    return examples_and_synthetic(tmp_path_factory.mktemp("corpus"), 9, seed=3)


def quads(result: BuildResult) -> set[tuple[object, ...]]:
    return {q for q in result.dataset.quads((None, None, None, None))
            if not any(isinstance(t, BNode) for t in q)}


def findings(result: BuildResult) -> list[tuple[str, ...]]:
    assert result.validation is not None
    return sorted((r.severity, r.focus, r.path if r.path and "://" in r.path else "",
                   r.message, r.source_shape or "", ",".join(r.documents))
                  for r in result.validation.results)


@pytest.fixture(scope="module")
def one_process(corpus: Path) -> BuildResult:
    return build([corpus])


@pytest.fixture(scope="module")
def two_workers(corpus: Path) -> BuildResult:
    return build([corpus], workers=2)


def test_two_workers_build_the_graph_of_one_process(one_process, two_workers):
    assert quads(two_workers) == quads(one_process)
    assert len(two_workers.dataset) == len(one_process.dataset)
    assert [d.path for d in two_workers.documents] == [d.path for d in one_process.documents]
    assert two_workers.warnings == one_process.warnings


def test_per_document_validation_finds_what_one_union_validation_finds(one_process, two_workers):
    assert findings(one_process), "the corpus should give some findings to compare"
    assert findings(two_workers) == findings(one_process)
    assert two_workers.conforms == one_process.conforms


def test_one_worker_builds_in_process_the_same_graph(corpus, two_workers):
    assert quads(build([corpus], workers=1)) == quads(two_workers)


def test_stage_times_are_recorded(two_workers):
    seconds = two_workers.stage_seconds
    assert {"nlp", "extract", "map", "validate", "merge"} <= set(seconds)
    assert seconds["nlp"] > 0 and seconds["validate"] > 0


@pytest.fixture
def killer() -> Iterator[str]:
    """A test-only extractor that kills its worker process on one marked document."""

    @extractors.register("killer.test", produces=())
    def kill(pdoc, found):  # type: ignore[no-untyped-def]
        if KILL in pdoc.text:
            os._exit(3)
        return ()

    yield "killer.test"
    extractors.remove("killer.test")


def test_a_worker_that_dies_loses_only_its_document(tmp_path, killer):
    write_corpus(tmp_path, 6, seed=5)
    victim = sorted(tmp_path.iterdir())[2]
    victim.write_text(victim.read_text(encoding="utf-8") + f"\n{KILL}\n", encoding="utf-8")
    names = [*extractors.names()]
    result = build([tmp_path], workers=2, extractor_names=names)
    assert [(f.path, f.stage) for f in result.failures] == [(victim.name, "worker")]
    assert "worker process died" in result.failures[0].reason
    assert len(result.documents) == 5
    assert victim.name not in {d.path for d in result.documents}


def test_a_document_that_fails_to_load_is_reported_and_the_rest_built(tmp_path):
    write_corpus(tmp_path, 2, seed=1)
    (tmp_path / "empty.txt").write_bytes(b"")
    result = build([tmp_path], workers=2)
    assert [(f.path, f.stage) for f in result.failures] == [("empty.txt", "load")]
    assert len(result.documents) == 2


def test_an_incremental_rebuild_reuses_unchanged_documents(tmp_path):
    folder = tmp_path / "in"
    paths = write_corpus(folder, 5, seed=9)
    cache = tmp_path / "cache"
    first = build([folder], workers=1, cache=cache)
    paths[1].write_text(paths[1].read_text(encoding="utf-8") + "\nMs Ada Quill spoke.\n",
                        encoding="utf-8")
    from graph._build.cache import OutcomeCache
    from graph._build.config import BuildConfig

    store = OutcomeCache(cache, BuildConfig(DEFAULT_BASE))
    again = build([folder], workers=1, cache=store)
    # built from the state of the first build (_delta): the changed file is read again, and
    # only its old version's records come from the cache (to take them out of the links)
    assert store.incremental and store.hits == 1
    fresh = build([folder], workers=1)
    assert quads(again) == quads(fresh)
    assert quads(again) != quads(first)
    assert findings(again) == findings(fresh)


def test_kg_build_writes_a_manifest_and_rebuilds_from_its_cache(tmp_path):
    folder = tmp_path / "in"
    paths = write_corpus(folder, 4, seed=2)
    out = tmp_path / "g.trig"
    runner = CliRunner()

    def kg_build(*extra: str, to: Path = out) -> None:
        done = runner.invoke(main, ["build", str(folder), "-o", str(to), "-q", *extra])
        assert done.exit_code == 0, done.output

    kg_build("--workers", "1")
    manifest = json.loads(out.with_name("g.trig.manifest.json").read_text())
    assert sorted(manifest["documents"]) == sorted(p.name for p in paths)
    assert all(d["hash"].startswith("sha256:") for d in manifest["documents"].values())
    paths[2].write_text(paths[2].read_text(encoding="utf-8") + "\nDr Ada Quill spoke.\n",
                        encoding="utf-8")
    kg_build("--workers", "2")
    kg_build("--no-incremental", to=tmp_path / "full.trig")
    assert out.read_bytes() == (tmp_path / "full.trig").read_bytes()
    assert not (tmp_path / "full.trig.kg-cache").exists()
    manifest = json.loads(out.with_name("g.trig.manifest.json").read_text())
    new_hash = "sha256:" + hashlib.sha256(paths[2].read_bytes()).hexdigest()
    assert manifest["documents"][paths[2].name]["hash"] == new_hash


def _engine_findings(data: Graph, engine: str) -> list[tuple[str, ...]]:
    report = validate(data, load_shapes(), engine=engine)
    return sorted((r.severity, r.focus, r.message, r.source_shape or "")
                  for r in report.results)


@pytest.mark.skipif(not __import__("importlib").util.find_spec("pyshacl_turbo"),
                    reason="pyshacl-turbo is not installed")
@pytest.mark.parametrize("fixture", sorted((REPO / "tests/fixtures/shapes").glob("*/*.ttl")),
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_pyshacl_turbo_finds_what_pyshacl_finds(fixture):
    data = Graph().parse(fixture)
    assert _engine_findings(data, "turbo") == _engine_findings(data, "pyshacl")


def test_an_interrupted_build_resumes_from_its_cache(tmp_path):
    folder = tmp_path / "in"
    write_corpus(folder, 20, seed=4)
    cache = tmp_path / "cache"
    seen: list[str] = []

    def interrupt(path: str) -> None:
        seen.append(path)
        if len(seen) == 9:
            raise KeyboardInterrupt  # as Ctrl-C would, in the middle of the build

    with pytest.raises(KeyboardInterrupt):
        build([folder], workers=2, cache=cache, on_document=interrupt)
    from graph._build.cache import OutcomeCache
    from graph._build.config import BuildConfig

    store = OutcomeCache(cache, BuildConfig(DEFAULT_BASE))
    resumed = build([folder], workers=2, cache=store)
    assert store.hits == 9  # the documents merged before the interrupt are not built again
    assert len(resumed.documents) == 20 and not resumed.failures
    assert quads(resumed) == quads(build([folder], workers=1))


def test_the_counted_summary_is_that_of_the_union(one_process, two_workers):
    from graph.pipeline import graph_stats

    assert two_workers.counted == graph_stats(one_process.union())


@pytest.mark.parametrize("fmt", ["nquads", "trig", "ntriples"])
def test_a_parallel_build_streams_its_output_from_the_spool(corpus, one_process, tmp_path, fmt):
    from rdflib import Dataset

    result = build([corpus], workers=2)
    out = tmp_path / f"g.{fmt}"
    result.write(out, fmt)
    assert result._dataset is None  # written without reading the triples into memory
    assert result.spool is not None and result.spool.folder.is_dir()
    result.close()
    assert not result.spool.folder.exists()
    written = Dataset()
    written.parse(out, format={"ntriples": "nt"}.get(fmt, fmt))
    if fmt == "ntriples":
        assert len(written) == len(one_process.union())
        assert set(written.triples((None, None, None))) == {
            t for t in one_process.union() if not any(isinstance(x, BNode) for x in t)}
    else:
        assert {q for q in written.quads((None, None, None, None))} == quads(one_process)


def test_a_parallel_build_reports_each_document_read_and_mapped(tmp_path):
    write_corpus(tmp_path, 5, seed=6)
    seen: list[str] = []
    stages: list[str] = []
    build([tmp_path], workers=2, on_document=seen.append, on_stage=stages.append)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert stages == ["linking", "mapping", "checking"]
    assert sorted(seen[:5]) == names and sorted(seen[5:]) == names


def test_the_progress_bar_counts_each_stage_to_its_end(tmp_path):
    import io

    from rich.console import Console
    from rich.progress import Progress

    from graph.commands._common import Ticker

    write_corpus(tmp_path, 4, seed=8)
    out = io.StringIO()
    with Progress(console=Console(file=out, force_terminal=True)) as progress:
        task = progress.add_task("reading", total=4)
        tick = Ticker(progress, task, 4)
        build([tmp_path], workers=2, on_document=tick, on_stage=tick.stage)
        state = progress.tasks[0]
        assert (state.completed, state.total, state.description) == (0, 4, "checking")
    assert "mapping" in out.getvalue()


def test_kg_build_in_a_pipe_prints_no_progress(tmp_path):
    write_corpus(tmp_path / "in", 2, seed=2)
    done = CliRunner().invoke(main, ["build", str(tmp_path / "in"), "-o",
                                     str(tmp_path / "g.nq"), "--workers", "2"])
    assert done.exit_code == 0, done.output
    assert "documents/s" not in done.output and "ETA" not in done.output
