"""What a build redoes, and why (``graph._build.plan``): each reason ``kg build`` prints comes
from the situation that causes it, on small real corpora built through the CLI or
``graph.build``."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph._build.cache import OutcomeCache
from graph._build.config import BuildConfig
from graph._namespaces import DEFAULT_BASE
from graph.cli import main
from graph.pipeline import build
from graph.registry import extractors

TEXTS = {
    "a.txt": "Maria Gomez met Ahmed Salih in Paris on 3 May 2019.\n",
    "b.txt": "The Xylophonia Trust opened an office in Lima in 2015.\n",
    "c.txt": "Dr Ada Quill, Director of the Andean Network of Museums, spoke in Quito.\n",
    "d.txt": "Ahmed Salih joined the Xylophonia Trust in March 2020.\n",
}


@pytest.fixture
def corpus(tmp_path: Path, nlp_ready: None) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def kg_build(corpus: Path, *extra: str) -> str:
    """``kg build corpus -o out.nq`` (beside the corpus) with ``extra``; the line it says why."""
    out = corpus.parent / "out.nq"
    done = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "--workers", "1",
                                     *extra])
    assert done.exit_code == 0, done.output
    return _reason(done.stderr)


def kg_store(corpus: Path, *extra: str) -> str:
    """``kg build corpus --store store`` with ``extra``; the line it says why."""
    done = CliRunner().invoke(main, ["build", str(corpus), "--store",
                                     str(corpus.parent / "store"), *extra])
    assert done.exit_code == 0, done.output
    return _reason(done.stderr)


def _reason(stderr: str) -> str:
    said = [line for line in stderr.splitlines()
            if line.startswith(("full build: ", "incremental: "))]
    assert len(said) == 1, stderr
    return said[0]


def test_a_first_build_is_a_full_one(corpus):
    assert kg_build(corpus) == "full build: no earlier build in this cache"


def test_a_build_of_unchanged_files_is_incremental(corpus):
    kg_build(corpus)
    assert kg_build(corpus) == "incremental: 0 changed, 0 new, 0 removed, 4 unchanged"


def test_an_incremental_build_counts_the_changed_new_and_removed_files(corpus):
    kg_build(corpus)
    with (corpus / "a.txt").open("a", encoding="utf-8") as fh:
        fh.write("Mr Hugo Brant spoke.\n")
    (corpus / "b.txt").unlink()
    (corpus / "e.txt").write_text("Maria Gomez visited Lima.\n", encoding="utf-8")
    assert kg_build(corpus) == "incremental: 1 changed, 1 new, 1 removed, 2 unchanged"


def test_no_incremental_says_so(corpus):
    kg_build(corpus)
    assert kg_build(corpus, "--no-incremental") == "full build: --no-incremental"


def test_quiet_builds_say_nothing(corpus):
    done = CliRunner().invoke(main, ["build", str(corpus), "-o", str(corpus.parent / "o.nq"),
                                     "-q"])
    assert done.exit_code == 0, done.output
    assert "build" not in done.stderr


def test_other_options_mean_a_full_build(corpus):
    kg_build(corpus)
    assert (kg_build(corpus, "--base", "https://example.org/other/")
            == "full build: the options changed")


def test_an_edited_curation_file_means_a_full_build(corpus, tmp_path):
    curation = tmp_path / "curation.toml"
    curation.write_text("# no decisions yet\n", encoding="utf-8")
    kg_build(corpus, "--curation", str(curation))
    assert kg_build(corpus, "--curation", str(curation)).startswith("incremental: ")
    curation.write_text("# still no decisions\n", encoding="utf-8")
    assert (kg_build(corpus, "--curation", str(curation))
            == "full build: the curation file changed")


def test_curation_decisions_mean_a_full_build_every_time(corpus, tmp_path):
    curation = tmp_path / "curation.toml"
    curation.write_text('[[rename]]\nentity = "Xylophonia Trust"\nname = "The Trust"\n',
                        encoding="utf-8")
    kg_build(corpus, "--curation", str(curation))
    assert kg_build(corpus, "--curation", str(curation)) == (
        "full build: curation decisions are applied (they match names as written, which the "
        "saved state does not keep)")


def test_an_edited_authority_file_means_a_full_build(corpus, tmp_path):
    authority = tmp_path / "authority.ttl"
    authority.write_text("@prefix schema: <https://schema.org/> .\n", encoding="utf-8")
    kg_build(corpus, "--authority", str(authority))
    authority.write_text("@prefix schema: <https://schema.org/> .\n# edited\n",
                         encoding="utf-8")
    assert (kg_build(corpus, "--authority", str(authority))
            == "full build: the authority files changed")


def test_a_cache_of_another_version_means_a_full_build(corpus):
    kg_build(corpus)
    cache = corpus.parent / "out.nq.kg-cache"
    (cache / "fingerprint").write_text("0" * 64, encoding="ascii")  # as before key.json
    (cache / "key.json").unlink()
    assert kg_build(corpus) == "full build: the cache was made by another version of kg-builder"


def test_a_missing_or_unreadable_state_means_a_full_build(corpus):
    kg_build(corpus)
    state = corpus.parent / "out.nq.kg-cache" / "state.pkl"
    state.unlink()
    assert kg_build(corpus) == "full build: the last build left no saved state"
    state.write_bytes(b"not a pickle")
    assert kg_build(corpus) == "full build: the saved state is unreadable"
    assert kg_build(corpus).startswith("incremental: ")  # the full build saved one


def test_a_rebuild_without_the_records_it_needs_falls_back_to_a_full_build(corpus):
    kg_build(corpus)
    cache = corpus.parent / "out.nq.kg-cache"
    for entry in cache.iterdir():  # the documents' records: folders named by two hex digits
        if entry.is_dir() and len(entry.name) == 2:
            shutil.rmtree(entry)
    with (corpus / "a.txt").open("a", encoding="utf-8") as fh:
        fh.write("Mr Hugo Brant spoke.\n")
    assert kg_build(corpus) == ("full build: the incremental build could not go on (the cache "
                                "has no record of a.txt)")


def test_many_changed_files_mean_a_full_build(tmp_path, nlp_ready):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(70):
        (folder / f"{n:02}.txt").write_text(f"Maria Gomez wrote letter {n}.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    config = BuildConfig(DEFAULT_BASE)
    build([folder], workers=1, cache=OutcomeCache(cache, config)).close()
    for n in range(65):
        (folder / f"{n:02}.txt").write_text(f"Ahmed Salih wrote letter {n}.\n", encoding="utf-8")
    again = build([folder], workers=1, cache=OutcomeCache(cache, config))
    again.close()
    assert again.reason == ("full build: 65 of 70 files are new, changed or removed (more than "
                            "a quarter, and more than 64)")


@pytest.fixture
def plugin() -> Iterator[None]:
    """An extractor registered for one test (it finds nothing)."""

    def find_nothing(pdoc, found):  # type: ignore[no-untyped-def]
        yield from ()

    yield extractors.register("test-nothing.v1", produces=("Organization",))(find_nothing)
    extractors.remove("test-nothing.v1")


def test_an_extractor_registered_means_a_full_build(corpus, tmp_path, request):
    cache = tmp_path / "cache"
    config = BuildConfig(DEFAULT_BASE)
    build([corpus], workers=1, cache=OutcomeCache(cache, config)).close()
    request.getfixturevalue("plugin")
    again = build([corpus], workers=1, cache=OutcomeCache(cache, config))
    again.close()
    assert again.reason == "full build: the extractors changed"


@pytest.mark.parametrize("workers", [None, 2])
def test_a_build_without_a_cache_says_so(corpus, workers):
    result = build([corpus], workers=workers)
    result.close()
    assert result.reason == "full build: no build cache"
    assert build([corpus], incremental=False).reason == "full build: --no-incremental"


def test_a_build_takes_a_cache_or_no_incremental_not_both(corpus, tmp_path):
    with pytest.raises(ValueError, match="not both"):
        build([corpus], cache=tmp_path / "cache", incremental=False)


def test_a_store_build_says_what_it_builds_again(corpus):
    assert kg_store(corpus) == "full build: no earlier build in this store"
    assert kg_store(corpus) == "incremental: 0 changed, 0 new, 0 removed, 4 unchanged"
    (corpus / "b.txt").unlink()
    with (corpus / "a.txt").open("a", encoding="utf-8") as fh:
        fh.write("Mr Hugo Brant spoke.\n")
    assert kg_store(corpus) == "incremental: 1 changed, 0 new, 1 removed, 2 unchanged"
    assert kg_store(corpus, "--no-incremental") == "full build: --no-incremental"
    assert kg_store(corpus, "--base", "https://example.org/other/") == (
        "full build: the options changed")
    assert kg_store(corpus, "--base", "https://example.org/other/", "--workers", "2") == (
        "incremental: 0 changed, 0 new, 0 removed, 3 unchanged")
