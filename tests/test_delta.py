"""Incremental rebuilds from the last build's state (``graph._delta``) give what a full build
gives: the same output bytes, findings, warnings, failures and summary, after every kind of
edit; and they are taken only when they can be."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import BNode, Graph

from graph._build import state
from graph._build.cache import OutcomeCache
from graph._build.config import BuildConfig
from graph._namespaces import DEFAULT_BASE, SH
from graph.pipeline import BuildResult, build
from tests.conftest import REPO, examples_and_synthetic

sys.path.insert(0, str(REPO / "scripts"))
from _synth import write_corpus

DATE = re.compile(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|"
                  r"October|November|December) \d{4}\b")


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three examples and 24 synthetic documents."""
    return examples_and_synthetic(tmp_path_factory.mktemp("original"), 24, seed=3)


def figures(result: BuildResult, out: Path) -> dict[str, object]:
    """Everything a build gives that a user sees."""
    result.write(out, "nquads")
    assert result.validation is not None
    return {
        "nquads": out.read_bytes(),
        "findings": sorted(repr(r) for r in result.validation.results),
        "conforms": result.validation.conforms,
        "report": described(result.validation.graph),
        "warnings": result.warnings,
        "failures": result.failures,
        "documents": result.documents,
        "summary": {**result.summary(), "seconds": 0},
    }


def described(report: Graph) -> list[str]:
    """The report's results, each with what its blank nodes say (two reports may copy a blank
    node that several results share once or once per result)."""

    def of(node: object, depth: int = 0) -> str:
        if not isinstance(node, BNode) or depth > 6:
            return str(node)
        return "[" + "; ".join(sorted(f"{p} {of(o, depth + 1)}"
                                      for p, o in report.predicate_objects(node))) + "]"

    return sorted(of(r) for r in report.objects(None, SH.result))


def full(folder: Path, out: Path) -> dict[str, object]:
    result = build([folder], workers=1)
    try:
        return figures(result, out)
    finally:
        result.close()


def cached(folder: Path, cache: Path, out: Path) -> tuple[dict[str, object], bool]:
    store = OutcomeCache(cache, BuildConfig(DEFAULT_BASE))
    result = build([folder], workers=1, cache=store)
    return figures(result, out), store.incremental


def synthetic(folder: Path) -> list[Path]:
    return sorted((folder / "synthetic").glob("*.txt"))


def append_person(folder: Path) -> None:
    doc = synthetic(folder)[5]
    doc.write_text(doc.read_text(encoding="utf-8")
                   + "\nDr Ada Quill, Director of the Andean Network of Museums, spoke.\n",
                   encoding="utf-8")


def redate(folder: Path) -> None:
    for doc in synthetic(folder)[2:4]:
        text = doc.read_text(encoding="utf-8")
        doc.write_text(DATE.sub("28 February 2011", text, count=2), encoding="utf-8")


def add_document(folder: Path) -> None:
    write_corpus(folder / "more", 2, seed=11)


def remove_document(folder: Path) -> None:
    synthetic(folder)[7].unlink()


def duplicate(folder: Path) -> None:
    shutil.copy(synthetic(folder)[1], folder / "synthetic" / "copy-of-one.txt")


def unreadable(folder: Path) -> None:
    synthetic(folder)[9].write_bytes(b"")


def edit_example(folder: Path) -> None:
    page = folder / "meeting-report-intergovernmental-committee.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>",
                    "<p>Ms Ada Quill, Chief of Section of UNESCO, closed the meeting.</p></body>"),
                    encoding="utf-8")


def rename_organisation(folder: Path) -> None:
    for doc in synthetic(folder)[:3]:
        text = doc.read_text(encoding="utf-8")
        doc.write_text(text.replace("Andean Network of Museums", "Andean Network Of Museums"),
                       encoding="utf-8")


EDITS: dict[str, list[Callable[[Path], None]]] = {
    "a person added": [append_person],
    "dates changed": [redate],
    "documents added": [add_document],
    "a document removed": [remove_document],
    "a duplicate document": [duplicate],
    "a document that no longer loads": [unreadable],
    "an example edited": [edit_example],
    "an organisation's name changed": [rename_organisation],
    "five rebuilds in a row": [append_person, redate, remove_document, duplicate,
                               rename_organisation],
}


@pytest.mark.parametrize("name", list(EDITS))
def test_a_rebuild_from_the_state_gives_what_a_full_build_gives(original, tmp_path, name):
    folder = tmp_path / "in"
    shutil.copytree(original, folder)
    cache = tmp_path / "cache"
    _, incremental = cached(folder, cache, tmp_path / "first.nq")
    assert not incremental
    for edit in EDITS[name]:
        edit(folder)
        again, incremental = cached(folder, cache, tmp_path / "again.nq")
        assert incremental
        expected = full(folder, tmp_path / "full.nq")
        for key, value in expected.items():
            assert again[key] == value, f"{key} differs after {edit.__name__}"


def test_a_file_changed_back_gives_the_first_graph_again(original, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(original, folder)
    cache = tmp_path / "cache"
    first, _ = cached(folder, cache, tmp_path / "first.nq")
    doc = synthetic(folder)[4]
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text + "\nMr Hugo Brant spoke.\n", encoding="utf-8")
    cached(folder, cache, tmp_path / "second.nq")
    doc.write_text(text, encoding="utf-8")
    third, incremental = cached(folder, cache, tmp_path / "third.nq")
    assert incremental
    assert third == first


def test_nothing_changed_rebuilds_from_the_state(original, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(original, folder)
    cache = tmp_path / "cache"
    first, _ = cached(folder, cache, tmp_path / "first.nq")
    again, incremental = cached(folder, cache, tmp_path / "again.nq")
    assert incremental and again == first


def test_many_changed_files_take_the_full_path(tmp_path):
    folder = tmp_path / "in"
    paths = write_corpus(folder, 8, seed=2)
    cache = tmp_path / "cache"
    cached(folder, cache, tmp_path / "first.nq")
    for path in paths[:3]:  # more than a quarter, and the corpus is small: the threshold is 64
        path.write_text(path.read_text(encoding="utf-8") + "\nMr Hugo Brant spoke.\n",
                        encoding="utf-8")
    _, incremental = cached(folder, cache, tmp_path / "again.nq")
    assert incremental  # 3 of 8 is below the floor of 64 files
    from graph._build.plan import too_many

    assert too_many(65, 0, 100) and not too_many(3, 0, 8)


def test_a_build_with_curation_decisions_takes_the_full_path(tmp_path):
    folder = tmp_path / "in"
    paths = write_corpus(folder, 4, seed=2)
    curation = tmp_path / "curation.toml"
    curation.write_text('[[rename]]\nentity = "Andean Network of Museums"\n'
                        'name = "Andean Museums Network"\n', encoding="utf-8")
    cache = tmp_path / "cache"
    config = BuildConfig.of(DEFAULT_BASE, None, None, True, (), curation)
    build([folder], workers=1, cache=OutcomeCache(cache, config), curation=curation)
    paths[0].write_text(paths[0].read_text(encoding="utf-8") + "\nMr Hugo Brant spoke.\n",
                        encoding="utf-8")
    store = OutcomeCache(cache, config)
    again = build([folder], workers=1, cache=store, curation=curation)
    assert not store.incremental
    fresh = build([folder], workers=1, curation=curation)
    assert again.summary() | {"seconds": 0} == fresh.summary() | {"seconds": 0}


def test_a_damaged_state_takes_the_full_path(original, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(original, folder)
    cache = tmp_path / "cache"
    cached(folder, cache, tmp_path / "first.nq")
    assert state.wait_saved(cache / "state.pkl")  # written by a child process
    (cache / "state.pkl").write_bytes(b"not a pickle")
    append_person(folder)
    again, incremental = cached(folder, cache, tmp_path / "again.nq")
    assert not incremental
    assert again == full(folder, tmp_path / "full.nq")
    _, incremental = cached(folder, cache, tmp_path / "third.nq")
    assert incremental  # the full build wrote a new state


def test_a_state_that_could_not_be_written_means_a_full_build(original, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    shutil.copytree(original, folder)
    cache = tmp_path / "cache"

    def disk_full(saved, file):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(state, "_write", disk_full)  # a full build writes it in this process
        cached(folder, cache, tmp_path / "first.nq")
        assert not state.wait_saved(cache / "state.pkl")
    assert not (cache / "state.pkl").exists()
    append_person(folder)
    again, incremental = cached(folder, cache, tmp_path / "again.nq")
    assert not incremental
    assert again == full(folder, tmp_path / "full.nq")
    assert (cache / "state.pkl").exists()

    with monkeypatch.context() as patch:
        patch.setattr(state, "_write", disk_full)  # a rebuild, in the child it forks
        (folder / "added.txt").write_text("Maria Gomez met Ahmed Salih in Paris.\n",
                                          encoding="utf-8")
        _, incremental = cached(folder, cache, tmp_path / "third.nq")
        assert incremental
        assert not state.wait_saved(cache / "state.pkl")
    assert not (cache / "state.pkl").exists()
    (folder / "added.txt").unlink()
    again, incremental = cached(folder, cache, tmp_path / "fourth.nq")
    assert not incremental
    assert again == full(folder, tmp_path / "full2.nq")


def test_the_shapes_target_objects_of_the_predicates_the_workers_report():
    """Validating a node again (``_delta``) stands for its incoming lines by the predicates
    of ``_mapwork.TARGET_OBJECTS_OF``: they must be all the shapes target objects of."""
    from graph._build.map import TARGET_OBJECTS_OF
    from graph._namespaces import SH
    from graph._ntriples import nt
    from graph.validate import load_shapes

    shapes = load_shapes()
    assert {nt(o) for o in shapes.objects(None, SH.targetObjectsOf)} == set(TARGET_OBJECTS_OF)
    assert not list(shapes.objects(None, SH.targetNode))
    assert not list(shapes.objects(None, SH.inversePath))


def test_linking_nodes_from_their_aggregates_gives_the_links_of_linking_documents(original):
    from graph._build.read import run_batch
    from graph._gazetteer import load_gazetteer
    from graph._iri import IriMinter
    from graph._link import link_documents, link_nodes

    batch = [(str(p), p.relative_to(original).as_posix(), None)
             for p in sorted(original.rglob("*")) if p.is_file()]
    outcomes = run_batch(batch, BuildConfig(DEFAULT_BASE)).outcomes
    read = [(o.document, o.resolved) for o in outcomes if o.failure is None]
    iris = IriMinter(DEFAULT_BASE)
    aggregate: dict[object, object] = {}
    links = link_documents(read, iris, load_gazetteer(), None, aggregate)  # type: ignore[arg-type]
    assert len(links.nodes) > 50
    assert link_nodes(aggregate, iris, load_gazetteer()) == links.nodes  # type: ignore[arg-type]


def test_the_digest_tally_counts_what_goes_in_and_out():
    from graph._build.tally import Refcount

    def d(*numbers: int) -> bytes:
        return b"".join(n.to_bytes(8, "little") for n in numbers)

    tally = Refcount(d(3, 1, 3))
    assert len(tally) == 2
    tally.change(d(2, 3), 1)
    assert len(tally) == 3
    tally.change(d(3, 3), -1)
    assert len(tally) == 3  # 3 was in three times
    tally.change(d(3, 1), -1)
    assert len(tally) == 1
    with pytest.raises(ValueError):
        tally.change(d(9), -1)


def test_a_rebuild_reads_many_new_files_with_workers(original, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(original, folder)
    cache = tmp_path / "cache"
    store = OutcomeCache(cache, BuildConfig(DEFAULT_BASE))
    build([folder], workers=2, cache=store).close()
    write_corpus(folder / "more", 20, seed=12)  # three reading batches: a pool of workers
    store = OutcomeCache(cache, BuildConfig(DEFAULT_BASE))
    again = build([folder], workers=2, cache=store)
    assert store.incremental
    assert figures(again, tmp_path / "again.nq") == full(folder, tmp_path / "full.nq")


def built_then_edited(original: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """Input folder, cache and output of a cached build to ``out/graph.nq``, after which one
    document in the middle was edited."""
    folder = tmp_path / "in"
    shutil.copytree(original, folder)
    cache, out = tmp_path / "cache", tmp_path / "out" / "graph.nq"
    out.parent.mkdir()
    cached(folder, cache, out)
    append_person(folder)
    return folder, cache, out


def test_a_rebuild_to_the_same_file_starts_from_a_copy_of_it(original, tmp_path):
    """The last output is copied ahead while the rebuild works (``_written.Ahead``): the
    blocks before the changed document's are kept from that copy, the rest written as ever."""
    folder, cache, out = built_then_edited(original, tmp_path)
    store = OutcomeCache(cache, BuildConfig(DEFAULT_BASE))
    result = build([folder], workers=1, cache=store)
    assert store.incremental
    spool = result.spool
    assert spool is not None and spool.ahead is not None
    spool.ahead.wait()  # the whole old file copied: what is kept no longer depends on timing
    got = figures(result, out)
    changed = next(i for i, e in enumerate(spool.entries)
                   if e.path.endswith(synthetic(folder)[5].name))
    assert spool.copied_ahead == sum(len(spool.block(i, "nquads")) for i in range(changed)) > 0
    assert got == full(folder, tmp_path / "full.nq")
    assert not list(out.parent.glob(".*.part"))


def test_a_copy_ahead_not_used_is_removed(original, tmp_path):
    folder, cache, out = built_then_edited(original, tmp_path)
    for how in ("elsewhere", "changed", "closed"):
        store = OutcomeCache(cache, BuildConfig(DEFAULT_BASE))
        result = build([folder], workers=1, cache=store)
        spool = result.spool
        assert spool is not None and spool.ahead is not None
        spool.ahead.wait()
        if how == "closed":  # never written
            result.close()
        else:
            if how == "changed":  # the old output changed meanwhile: no longer the one recorded
                with out.open("ab") as fh:
                    fh.write(b"\n")
            got = figures(result, tmp_path / "elsewhere.nq" if how == "elsewhere" else out)
            assert spool.copied_ahead == 0
            assert got == full(folder, tmp_path / "full.nq")
        assert not list(out.parent.glob(".*.part")), how
        cached(folder, cache, out)  # the output as recorded again


@pytest.mark.parametrize("chunk", [1, 4096])
def test_a_copy_ahead_stopped_at_any_byte_gives_the_same_output(original, tmp_path,
                                                                  monkeypatch, chunk):
    """The copy stops where it is when the output is written; what is kept ends at a block."""
    from graph._build import written as _written

    monkeypatch.setattr(_written.Ahead, "CHUNK", chunk)
    folder, cache, out = built_then_edited(original, tmp_path)
    store = OutcomeCache(cache, BuildConfig(DEFAULT_BASE))
    result = build([folder], workers=1, cache=store)
    got = figures(result, out)
    spool = result.spool
    assert spool is not None
    assert spool.copied_ahead in {sum(len(spool.block(i, "nquads")) for i in range(n))
                                  for n in range(len(spool.entries) + 1)}
    assert got == full(folder, tmp_path / "full.nq")
    assert not list(out.parent.glob(".*.part"))
