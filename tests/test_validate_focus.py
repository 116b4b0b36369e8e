"""Validation restricted to focus nodes reports what a whole validation reports about them,
with either engine."""

from __future__ import annotations

import importlib.util

import pytest
from rdflib import Graph, URIRef

from graph.validate import validate
from tests.conftest import REPO

INVALID = sorted((REPO / "tests/fixtures/shapes").glob("*/invalid*.ttl"))
ENGINES = ["pyshacl"] + (["turbo"] if importlib.util.find_spec("pyshacl_turbo") else [])


def key(results):  # type: ignore[no-untyped-def]
    return sorted((r.severity, r.focus, r.message, r.source_shape or "") for r in results)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_findings_about_the_focus_nodes_are_those_of_a_whole_validation(fixture, engine):
    data = Graph().parse(fixture)
    whole = validate(data, engine=engine)
    assert whole.results, "an invalid fixture should give findings"
    # focus nodes are IRIs: where the findings are about blank nodes, focus on an IRI the
    # data describes (its findings, if any, must be the whole validation's about it)
    iris = sorted({r.focus for r in whole.results if "://" in r.focus}) or sorted(
        str(s) for s in data.subjects() if isinstance(s, URIRef))
    focus = iris[:1]
    part = validate(data, engine=engine, focus=focus)
    assert key(part.results) == key(r for r in whole.results if r.focus in focus)
    assert part.conforms == (not any(r.severity == "Violation" for r in part.results))


@pytest.mark.parametrize("engine", ENGINES)
def test_no_focus_node_gives_an_empty_conforming_report(engine):
    data = Graph().parse(INVALID[0])
    report = validate(data, engine=engine, focus=[])
    assert report.conforms and not report.results
