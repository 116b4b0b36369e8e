"""The build cache's key (``_manifest.fingerprint``) covers the registered extractors and
loaders, their code and the built-in extractors' data: a plug-in added or edited between two
builds makes the second read every document again, and an unchanged build still reuses it."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Literal

from graph._build.cache import OutcomeCache
from graph._build.config import BuildConfig
from graph._namespaces import DEFAULT_BASE
from graph.pipeline import build
from graph.registry import extractors

TEXT = "The committee met in Paris on 3 May 2019. Its partner was the Xylophonia Trust.\n"

PLUGIN = '''
from graph.records import EntityKind, Mention, Span


def find_partner(pdoc, found):
    start = pdoc.text.find("Xylophonia")
    if start >= 0:
        yield Mention(EntityKind.ORGANIZATION, {name!r}, Span(start, start + 10, "Xylophonia"),
                      "test-partner.v1")
'''


def _load_plugin(folder: Path, name: str) -> ModuleType:
    """Write the plug-in module (naming its organization ``name``) and import it afresh."""
    path = folder / "kg_test_partner.py"
    path.write_text(PLUGIN.format(name=name), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("kg_test_partner", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["kg_test_partner"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def plugin(tmp_path: Path) -> Iterator[Path]:
    """Where the plug-in is written; it is unregistered (if registered) afterwards."""
    folder = tmp_path / "plugin"
    folder.mkdir()
    yield folder
    if "test-partner.v1" in extractors:
        extractors.remove("test-partner.v1")
    sys.modules.pop("kg_test_partner", None)


def _register(folder: Path, name: str) -> None:
    if "test-partner.v1" in extractors:
        extractors.remove("test-partner.v1")
    module = _load_plugin(folder, name)
    extractors.register("test-partner.v1", produces=("Organization",))(module.find_partner)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "minutes.txt").write_text(TEXT, encoding="utf-8")
    return folder


def _cached_build(corpus: Path, cache: Path) -> tuple[set[str], bool]:
    """The literals of a cached build of ``corpus``, and whether it reused the last build."""
    store = OutcomeCache(cache, BuildConfig(DEFAULT_BASE))
    result = build([corpus], workers=1, cache=store)
    try:
        literals = {str(o) for o in result.union().objects() if isinstance(o, Literal)}
    finally:
        result.close()
    return literals, store.incremental


def test_an_unchanged_build_reuses_the_cache(corpus, tmp_path, nlp_ready):
    first, incremental = _cached_build(corpus, tmp_path / "cache")
    assert not incremental
    again, incremental = _cached_build(corpus, tmp_path / "cache")
    assert incremental and again == first


def test_a_plugin_registered_between_builds_is_run_on_unchanged_documents(
        corpus, plugin, tmp_path, nlp_ready):
    first, _ = _cached_build(corpus, tmp_path / "cache")
    assert "Xylophonia Partners" not in first
    _register(plugin, "Xylophonia Partners")
    again, incremental = _cached_build(corpus, tmp_path / "cache")
    assert not incremental
    assert "Xylophonia Partners" in again


def test_a_plugin_edited_between_builds_is_run_again(corpus, plugin, tmp_path, nlp_ready):
    _register(plugin, "Xylophonia Partners")
    first, _ = _cached_build(corpus, tmp_path / "cache")
    assert "Xylophonia Partners" in first
    _register(plugin, "Xylophonia Foundation")  # same name, same module file, new code
    again, incremental = _cached_build(corpus, tmp_path / "cache")
    assert not incremental
    assert "Xylophonia Foundation" in again and "Xylophonia Partners" not in again


def test_a_plugin_removed_between_builds_leaves_no_facts(corpus, plugin, tmp_path, nlp_ready):
    _register(plugin, "Xylophonia Partners")
    first, _ = _cached_build(corpus, tmp_path / "cache")
    assert "Xylophonia Partners" in first
    extractors.remove("test-partner.v1")
    again, _ = _cached_build(corpus, tmp_path / "cache")
    assert "Xylophonia Partners" not in again


def test_the_built_in_extractors_data_files_are_part_of_the_key(tmp_path, monkeypatch):
    import graph.extract
    from graph._build.config import code_identity

    package = tmp_path / "extract"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "place-names.txt").write_text("Paris\n", encoding="utf-8")
    monkeypatch.setattr(graph.extract, "__file__", str(package / "__init__.py"))
    before = code_identity()
    assert code_identity() == before  # the same files: the same key
    (package / "place-names.txt").write_text("Paris\nLyon\n", encoding="utf-8")
    assert code_identity() != before
    changed = code_identity()
    (package / "relations-model.npz").write_bytes(b"\0")
    assert code_identity() != changed


def test_the_modules_that_prepare_a_text_are_part_of_the_key(tmp_path, monkeypatch):
    # graph/_ocr.py mends a text and graph/_nlp.py reads its wrapped lines before any extractor
    # sees it: a cache made before either changed would keep the old records
    import graph.extract
    from graph._build.config import code_identity

    package = tmp_path / "extract"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(graph.extract, "__file__", str(package / "__init__.py"))
    (tmp_path / "_ocr.py").write_text("MENDS = 1\n", encoding="utf-8")
    (tmp_path / "_nlp.py").write_text("PROSE = 1\n", encoding="utf-8")
    before = code_identity()
    (tmp_path / "_ocr.py").write_text("MENDS = 2\n", encoding="utf-8")
    after_ocr = code_identity()
    assert after_ocr != before
    (tmp_path / "_nlp.py").write_text("PROSE = 2\n", encoding="utf-8")
    assert code_identity() != after_ocr
