"""Bound values as a VALUES block at the head of a query's WHERE group (graph._bind)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph._bind import values_query, where_start

VALUE = {"x": ox.Literal('say "}" {')}


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT ?x WHERE { ?x ?p ?o }",
     'SELECT ?x WHERE { VALUES (?x) { ("say \\"}\\" {") } ?x ?p ?o }'),
    ("SELECT ?x { ?x ?p ?o }", 'SELECT ?x { VALUES (?x) { ("say \\"}\\" {") } ?x ?p ?o }'),
    ("PREFIX a: <http://x/{}> SELECT (EXISTS { ?a ?b ?c } AS ?e) ?x WHERE { ?x a:p '{' }",
     "PREFIX a: <http://x/{}> SELECT (EXISTS { ?a ?b ?c } AS ?e) ?x WHERE { "
     "VALUES (?x) { (\"say \\\"}\\\" {\") } ?x a:p '{' }"),
    ("# SELECT { in a comment\nASK { ?x ?p ?o }",
     '# SELECT { in a comment\nASK { VALUES (?x) { ("say \\"}\\" {") } ?x ?p ?o }'),
    ("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }",
     'CONSTRUCT { ?x ?p ?o } WHERE { VALUES (?x) { ("say \\"}\\" {") } ?x ?p ?o }'),
    ("SELECT ?where { ?where ?p ?x FILTER (?x < 3) }",
     'SELECT ?where { VALUES (?x) { ("say \\"}\\" {") } ?where ?p ?x FILTER (?x < 3) }'),
])
def test_the_block_goes_at_the_head_of_the_where_group(query, expected):
    assert values_query(query, VALUE) == expected


@pytest.mark.parametrize("query", [
    "CONSTRUCT WHERE { ?x ?p ?o }",  # the pattern is the template: no VALUES in it
    "not a query { ?x }",
    "SELECT ?x WHERE \"{\"",
])
def test_no_block_where_the_group_is_not_found_for_certain(query):
    assert values_query(query, VALUE) is None


def test_blank_nodes_are_left_to_substitution():
    assert values_query("SELECT ?x { ?x ?p ?o }", {"x": ox.BlankNode("b")}) is None


def test_no_bindings_leave_the_text_alone():
    assert values_query("SELECT * {}", {}) == "SELECT * {}"
    assert where_start("SELECT * {}") == len("SELECT * {")


def test_a_bound_value_is_a_constant_the_engine_answers_with():
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), VALUE["x"]))
    store.add(ox.Quad(ox.NamedNode("urn:b"), ox.NamedNode("urn:p"), ox.Literal("other")))
    text = values_query("SELECT ?s ?x WHERE { ?s <urn:p> ?x }", VALUE)
    assert text is not None
    assert [(row["s"], row["x"]) for row in store.query(text)] == [
        (ox.NamedNode("urn:a"), VALUE["x"])]


def test_a_column_of_values_goes_at_the_head_of_the_where_group():
    from graph._bind import values_column_query

    terms = [ox.Literal('say "}" {'), ox.NamedNode("https://example.org/a")]
    assert values_column_query("SELECT ?x WHERE { ?x ?p ?o }", "x", terms) == (
        'SELECT ?x WHERE { VALUES ?x { "say \\"}\\" {" <https://example.org/a> } ?x ?p ?o }')
    assert values_column_query("SELECT ?x WHERE { ?x ?p ?o }", "x", []) == (
        "SELECT ?x WHERE { VALUES ?x {  } ?x ?p ?o }")
    assert values_column_query("SELECT ?x WHERE { ?x ?p ?o }", "x", [ox.BlankNode("b")]) is None
    assert values_column_query("no query here", "x", terms) is None
