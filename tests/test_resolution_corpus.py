"""Entity resolution end to end on tests/corpus/resolution/: the real pipeline over short documents
written with name variants, acronyms and near-misses, scored against their expected clusters."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest
from click.testing import CliRunner
from rdflib import Dataset, URIRef

from graph.cli import main
from graph.commands.entities import list_entities
from graph.pipeline import build

from .conftest import REPO

CORPUS = REPO / "tests" / "corpus" / "resolution"
FILES = sorted((CORPUS / "documents").glob("*.txt"))


def _evaluate_module():
    spec = importlib.util.spec_from_file_location("evaluate_script", REPO / "scripts" /
                                                  "evaluate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def quads(ds: Dataset) -> set[tuple]:
    return set(ds.quads((None, None, None, None)))


@pytest.fixture(scope="module")
def built(nlp_ready):
    return build(FILES, run_validation=True)


def test_the_corpus_builds_valid(built):
    assert built.failures == []
    assert built.conforms, [r.describe() for r in built.validation.results]


def test_two_reading_orders_give_the_same_graph_with_the_same_iris(built):
    reversed_order = build(list(reversed(FILES)), run_validation=False)  # read in this order
    # no blank nodes anywhere, so isomorphic graphs are equal sets of quads: same IRIs
    assert quads(reversed_order.dataset) == quads(built.dataset)


def test_expected_clusters_are_found(built, tmp_path):
    evaluate = _evaluate_module()
    graph = Dataset(default_union=True)
    graph.parse(data=built.dataset.serialize(format="trig"), format="trig")
    scores = evaluate.evaluate_clusters(graph, evaluate.load_gold(CORPUS / "clusters.json"))
    assert scores["missing"] == []
    assert scores["merged_apart"] == []  # the four Smiths, the two Directors-General apart
    assert scores["split"] == []  # NIHS, Ms Varga, Ms Kowalczyk joined across documents


def entity_iri(ds: Dataset, name: str, source: str) -> URIRef:
    rows = [r for r in list_entities(ds, "Person") if r.name == name and source in r.documents]
    assert len(rows) == 1, rows
    return URIRef(rows[0].iri)


def test_curation_decisions_survive_rebuilds(built, tmp_path):
    union = Dataset(default_union=True)
    union.parse(data=built.dataset.serialize(format="trig"), format="trig")
    lone = entity_iri(union, "Smith", "c-report-session.txt")
    john = entity_iri(union, "John Smith", "a-letter-institute.txt")
    curation = tmp_path / "curation.toml"
    curation.write_text(
        f'[[same_as]]\nentities = ["{lone}", "{john}"]\n\n'
        '[[not_same_as]]\nentities = ["Ms Varga", "Helena Varga"]\n\n'
        '[[rename]]\nentity = "Anna Kowalczyk"\nname = "Anna Maria Kowalczyk"\n',
        encoding="utf-8")
    before = curation.read_bytes()
    for _ in range(2):
        result = build(FILES, curation=curation, run_validation=False)
        g = result.union()
        people = {r.name: r for r in list_entities(g, "Person")}
        assert "c-report-session.txt" in people["John Smith"].documents
        assert "curation: John Smith + Smith" in people["John Smith"].merges
        assert "c-report-session.txt" not in people["Helena Varga"].documents
        assert "Anna Maria Kowalczyk" in people and "Anna Kowalczyk" not in people
        assert not [w for w in result.warnings if w.startswith("curation:")]
    assert curation.read_bytes() == before


def test_kg_entities_lists_people_with_counts_and_documents(built, tmp_path):
    out = tmp_path / "graph.trig"
    out.write_bytes(built.dataset.serialize(format="trig").encode())
    result = CliRunner().invoke(main, ["entities", str(out), "--type", "Person", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["type"] for r in rows} == {"Person"}
    varga = next(r for r in rows if r["name"] == "Helena Varga")
    assert varga["mentions"] >= 4 and len(varga["documents"]) == 4
    text = CliRunner().invoke(main, ["entities", str(out)])
    assert "Helena Varga" in text.stdout and "NIHS" in text.stdout


def test_build_refuses_a_missing_authority_file_and_a_bad_curation_file(tmp_path):
    out = tmp_path / "g.ttl"
    missing = CliRunner().invoke(main, ["build", str(FILES[0]), "-o", str(out), "-q",
                                        "--authority", str(tmp_path / "nope.ttl")])
    assert missing.exit_code == 2 and "authority file does not exist" in missing.output
    bad = tmp_path / "bad.toml"
    bad.write_text("[[same_as]]\nentities = 'x'\n", encoding="utf-8")
    refused = CliRunner().invoke(main, ["build", str(FILES[0]), "-o", str(out), "-q",
                                        "--curation", str(bad)])
    assert refused.exit_code == 2 and "two or more" in refused.output
    assert not out.exists()


def test_user_authority_file_links_a_person_and_a_body(tmp_path):
    authority = CORPUS / "authority.ttl"
    files = [CORPUS / "documents" / name for name in ("a-letter-institute.txt",
                                                      "c-report-session.txt")]
    result = build(files, authority=[authority], run_validation=False)
    g = result.union()
    (varga,) = [r for r in list_entities(g, "Person") if r.name == "Helena Varga"]
    assert "http://www.wikidata.org/entity/Q4115189" in varga.same_as
    assert varga.documents == ["a-letter-institute.txt", "c-report-session.txt"]
    (nihs,) = [r for r in list_entities(g, "Organization") if "NIHS" in [r.name,
                                                                        *r.alternate_names]]
    assert nihs.same_as == ["http://www.wikidata.org/entity/Q13406268"]
    assert nihs.documents == ["a-letter-institute.txt", "c-report-session.txt"]
    # without the file, the built-in gazetteer is used again
    plain = build(files[1:], run_validation=False).union()
    assert all(not r.same_as for r in list_entities(plain, "Organization") if r.name == "NIHS")
