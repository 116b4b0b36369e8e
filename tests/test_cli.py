"""The kg command line, run in-process with click's runner and once as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main

LETTER = """UNITED NATIONS EDUCATIONAL, SCIENTIFIC AND CULTURAL ORGANIZATION

Ms Jane Doe-Arden
Director, Example Heritage Institute
Vienna, Austria

Paris, le 14 mai 2019

Ref.: CLT/HER/19/0042

Dear Ms Doe-Arden,

Thank you for your letter dated 2 April 2019. UNESCO welcomes the work of the Example Heritage
Institute on the Convention for the Safeguarding of the Intangible Cultural Heritage.

Yours sincerely,

Peter Example-Smith
Chief, Heritage Unit
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    (folder / "letter.txt").write_text(LETTER, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "garbage.txt").write_bytes(bytes(range(256)) * 20)
    return folder


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory, nlp_ready) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("out") / "graph.ttl"
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out)])
    return out, result


def commands():
    return sorted(main.commands)


@pytest.mark.parametrize("command", commands())
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output and command in result.output
    assert main.commands[command].help


def test_top_level_help_lists_the_commands():
    result = CliRunner().invoke(main, ["--help"])
    for command in ("build", "validate", "query", "stats", "extractors"):
        assert command in result.output


def test_build_skips_broken_files_and_builds_the_rest(built):
    out, result = built
    assert result.exit_code == 3, result.output
    assert out.is_file()
    failures = json.loads(out.with_name(out.name + ".failures.json").read_text())
    assert sorted(f["path"] for f in failures) == ["empty.txt", "garbage.txt"]
    assert all(f["reason"] for f in failures)
    assert "empty.txt" in result.output and "garbage.txt" in result.output
    assert "letter.txt" in out.read_text(encoding="utf-8")


def test_build_prints_a_summary(built):
    _, result = built
    for word in ("documents", "entities: Person", "relations", "triples", "violations"):
        assert word in result.output


def test_validate_accepts_a_built_graph(built):
    out, _ = built
    result = CliRunner().invoke(main, ["validate", str(out)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_validate_rejects_a_graph_with_violations(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix kg: <https://w3id.org/kg-builder/ns#> .\n"
        "@prefix schema: <https://schema.org/> .\n"
        "<https://example.org/kg/id/person/1> a kg:Person, schema:Person .\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "Violation" in result.output and "person/1" in result.output


def test_query_with_bound_value_and_formats(built):
    out, _ = built
    q = "SELECT ?doc WHERE { ?doc <http://purl.org/dc/terms/source> ?source }"
    result = CliRunner().invoke(main, ["query", str(out), q, "--bind", "source=letter.txt",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["results"]["bindings"]) == 1
    result = CliRunner().invoke(main, ["query", str(out), q, "--bind", "source=nothing.txt",
                                       "--format", "csv"])
    assert result.output.splitlines() == ["doc"]


def test_query_errors_are_messages_not_tracebacks(built):
    out, _ = built
    result = CliRunner().invoke(main, ["query", str(out), "SELECT ?x WHERE { ?x }"])
    assert result.exit_code == 2
    assert "kg: error: the query could not be parsed" in result.output
    assert "Traceback" not in result.output


def test_stats_counts_classes(built):
    out, _ = built
    result = CliRunner().invoke(main, ["stats", str(out), "--json"])
    data = json.loads(result.output)
    assert data["triples"] > 0
    assert data["classes"]["https://w3id.org/kg-builder/ns#SourceDocument"] == 1


def test_extractors_lists_registered_names():
    result = CliRunner().invoke(main, ["extractors"])
    assert result.exit_code == 0
    assert "people.v1" in result.output and "document.v1" in result.output


def test_missing_input_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nope"), "-o",
                                       str(tmp_path / "g.ttl")])
    assert result.exit_code == 2
    assert "nope" in result.output
    assert not (tmp_path / "g.ttl").exists()


def test_unknown_extractor_lists_valid_names(corpus, tmp_path):
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(tmp_path / "g.ttl"),
                                       "--extractor", "nonsense.v9"])
    assert result.exit_code == 2
    assert "Available names:" in result.output and "people.v1" in result.output


def test_unknown_output_suffix_is_refused_before_work(corpus, tmp_path):
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(tmp_path / "g.xyz")])
    assert result.exit_code == 2
    assert ".ttl" in result.output


def test_kg_runs_as_a_module_in_a_subprocess():
    result = subprocess.run([sys.executable, "-m", "graph", "--help"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0
    assert "build" in result.stdout


def _person_typed_as_city(pdoc, found):
    from graph.records import EntityKind, Mention, Span

    yield Mention(EntityKind.PERSON, "Jane", Span(3, 7, pdoc.text[3:7]), "test-city.v1",
                  subtype="City")


@pytest.fixture
def buggy_extractor():
    from graph.registry import extractors

    extractors.register("test-city.v1", produces=("Person",))(_person_typed_as_city)
    yield "test-city.v1"
    extractors.remove("test-city.v1")


def test_invalid_graph_is_not_written_unless_allowed(tmp_path, buggy_extractor, nlp_ready):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Ms Jane Doe-Arden wrote.", encoding="utf-8")
    out = tmp_path / "out" / "g.ttl"
    args = ["build", str(tmp_path / "in"), "-o", str(out), "--extractor", buggy_extractor]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "Violation" in result.output and "a.txt" in result.output
    assert not out.exists()
    report = out.with_name("g.ttl.shacl-report.ttl")
    assert report.is_file() and "sh:ValidationReport" in report.read_text(encoding="utf-8")
    result = CliRunner().invoke(main, [*args, "--allow-invalid"])
    assert result.exit_code == 1
    assert out.is_file() and report.is_file()
