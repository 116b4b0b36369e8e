"""The parallel and incremental builds link documents as the one-process build does: workers
read (parse, extract, resolve) each document, the main process links all of them, so the graph,
its IRIs and its SHACL findings are those of ``build(files)`` on one process, with the user's
authority and curation files too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Dataset

from graph._namespaces import DEFAULT_BASE, SCHEMA
from graph.pipeline import BuildResult, build

from .conftest import REPO

RESOLUTION = REPO / "tests" / "corpus" / "resolution" / "documents"
EXAMPLES = REPO / "examples" / "documents"

AUTHORITY = REPO / "tests" / "corpus" / "resolution" / "authority.ttl"

CURATION = """
[[not_same_as]]
entities = ["Ms Varga", "Helena Varga"]

[[rename]]
entity = "Anna Kowalczyk"
name = "Anna Maria Kowalczyk"
"""


def quads(ds: Dataset) -> set[tuple[object, ...]]:
    return set(ds.quads((None, None, None, None)))


def findings(result: BuildResult) -> list[tuple[str, ...]]:
    assert result.validation is not None
    return sorted((r.severity, r.focus, r.path or "", r.message, ",".join(r.documents))
                  for r in result.validation.results)


def same_build(a: BuildResult, b: BuildResult) -> None:
    assert quads(a.dataset) == quads(b.dataset)
    assert sorted(a.failures, key=repr) == sorted(b.failures, key=repr)
    assert sorted(a.warnings) == sorted(b.warnings)
    assert a.documents == b.documents  # both map in path order
    assert findings(a) == findings(b)


@pytest.mark.parametrize("folder", [RESOLUTION, EXAMPLES], ids=["resolution", "examples"])
def test_two_workers_give_the_quads_of_one_process(folder, nlp_ready):
    files = sorted(p for p in folder.iterdir() if p.is_file())
    one = build(files)
    two = build(files, workers=2)
    assert one.documents and not one.failures
    same_build(one, two)


def test_cross_document_links_are_made_in_a_parallel_build(nlp_ready):
    two = build([RESOLUTION], workers=2, run_validation=False)
    people = {}
    for s, _, name, _ in two.dataset.quads((None, SCHEMA.name, None, None)):
        if str(name) == "Helena Varga":
            people.setdefault(s, set())
    graphs = {ctx for s in people for _, _, _, ctx in two.dataset.quads((s, None, None, None))}
    assert len(people) == 1  # one IRI for her across documents
    assert len(graphs) >= 2  # described in several documents' graphs


def test_authority_and_curation_reach_the_workers(tmp_path, nlp_ready):
    curation = tmp_path / "curation.toml"
    curation.write_text(CURATION, encoding="utf-8")
    options = {"authority": [AUTHORITY], "curation": curation}
    one = build([RESOLUTION], **options)  # type: ignore[arg-type]
    two = build([RESOLUTION], workers=2, **options)  # type: ignore[arg-type]
    same_build(one, two)
    objects = {str(o) for _, _, o, _ in two.dataset.quads((None, None, None, None))}
    assert "http://www.wikidata.org/entity/Q4115189" in objects  # the authority file was read
    assert "Anna Maria Kowalczyk" in objects  # the curation file was applied


def test_an_incremental_rebuild_relinks_every_document(tmp_path, nlp_ready):
    from graph._manifest import OutcomeCache
    from graph._parallel import BuildConfig

    folder = tmp_path / "docs"
    shutil.copytree(RESOLUTION, folder)
    cache = tmp_path / "cache"
    build([folder], workers=2, cache=cache)
    # a new document names Ms Varga in full: the cached documents' "Ms Varga" links to it
    changed = sorted(folder.iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8")
                       + "\n\nDr Helena Varga of the Nordic Institute for Heritage Studies "
                         "also attended.\n", encoding="utf-8")
    store = OutcomeCache(cache, BuildConfig(DEFAULT_BASE))
    again = build([folder], workers=2, cache=store)
    assert store.incremental  # from the first build's state (_delta)
    same_build(build([folder]), again)  # SHACL findings too, most kept in the cache
    assert store.checked and all((cache / "derived" / f"{k}.pkl.gz").is_file()
                                 for k in store.checked)


def test_a_changed_curation_file_empties_the_cache(tmp_path, nlp_ready):
    from graph._manifest import OutcomeCache
    from graph._parallel import BuildConfig

    curation = tmp_path / "curation.toml"
    curation.write_text("", encoding="utf-8")
    cache = tmp_path / "cache"
    files = sorted(RESOLUTION.iterdir())[:3]
    build(files, cache=cache, curation=curation, run_validation=False)
    curation.write_text(CURATION, encoding="utf-8")
    store = OutcomeCache(cache, BuildConfig.of(DEFAULT_BASE, None, None, False, (), curation))
    again = build(files, cache=store, curation=curation, run_validation=False)
    assert store.hits == 0
    assert quads(again.dataset) == quads(build(files, curation=curation,
                                               run_validation=False).dataset)


def test_cache_of_a_folder_path_is_reused(tmp_path, nlp_ready):
    files = sorted(RESOLUTION.iterdir())[:2]
    cache = tmp_path / "cache"
    first = build(files, cache=cache, run_validation=False)
    assert any(Path(cache).rglob("*.gz"))
    assert quads(build(files, cache=cache, run_validation=False).dataset) == quads(first.dataset)
