from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef

from graph._errors import QueryError
from graph.query import read_query, run_query

DATA = """
@prefix schema: <https://schema.org/> .
<https://example.org/p/1> a schema:Person ; schema:name "Ruslan Budnik" .
<https://example.org/p/2> a schema:Person ; schema:name "Mikhail Fedotov" .
"""


@pytest.fixture
def g():
    return Graph().parse(data=DATA, format="turtle")


def test_select_rows_in_variable_order(g):
    r = run_query(g, "SELECT ?name ?p WHERE { ?p a schema:Person ; schema:name ?name } "
                     "ORDER BY ?name")
    assert r.variables == ("name", "p")
    assert [str(row[0]) for row in r.rows] == ["Mikhail Fedotov", "Ruslan Budnik"]


def test_values_are_bound_not_pasted(g):
    query = "SELECT ?p WHERE { ?p schema:name ?name }"
    r = run_query(g, query, {"name": Literal('Ruslan Budnik" } #')})
    assert r.rows == ()
    r = run_query(g, query, {"name": Literal("Ruslan Budnik")})
    assert r.rows == ((URIRef("https://example.org/p/1"),),)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_result_formats(g, fmt):
    r = run_query(g, "SELECT ?name WHERE { ?p schema:name ?name } ORDER BY ?name")
    text = r.to_text(fmt)
    if fmt == "json":
        data = json.loads(text)
        assert data["head"]["vars"] == ["name"]
        assert data["results"]["bindings"][0]["name"]["value"] == "Mikhail Fedotov"
    else:
        sep = "\t" if fmt == "tsv" else ","
        assert text.splitlines() == ["name", "Mikhail Fedotov", "Ruslan Budnik"]
        assert sep not in text or fmt != "csv"


def test_ask(g):
    assert run_query(g, "ASK { ?p schema:name 'Ruslan Budnik' }").ask is True


def test_saved_queries_with_comments_are_not_mistaken_for_updates(g):
    query = "# who is it, with which name\n# Parameters: none\nSELECT ?p WHERE { ?p ?q ?r }"
    assert len(run_query(g, query).rows) == 4


def test_syntax_error_keeps_line_and_column(g):
    with pytest.raises(QueryError, match=r"line:2"):
        run_query(g, "SELECT ?p\nWHERE { ?p ?q }")


@pytest.mark.parametrize(
    "update",
    ["INSERT DATA { <a:b> <a:c> <a:d> }", "PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }",
     "  drop all", "# comment\nCLEAR DEFAULT"],
)
def test_updates_are_refused_and_change_nothing(g, update):
    before = len(g)
    with pytest.raises(QueryError, match="update"):
        run_query(g, update)
    assert len(g) == before


def test_read_query_from_rq_file(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    assert read_query(str(path)).startswith("SELECT")
    assert read_query("ASK {}") == "ASK {}"
    with pytest.raises(QueryError, match="no such query file"):
        read_query(str(tmp_path / "missing.rq"))
