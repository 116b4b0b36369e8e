"""Pages of a saved query read a few values of its first sort key at a time (graph._seek)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph._seek import _runs, order_key, seek_page, seek_plan, untied, whole_answer
from graph.query import saved_query

#: values of every kind a name or a start date comes as, in an order Oxigraph does not give
VALUES = [
    ox.Literal("Zz"), ox.Literal("Ann"), ox.Literal("Ann", language="fr"),
    ox.Literal("Ann", language="en"), ox.Literal("ann"), ox.Literal("Émile"),
    ox.Literal("Zoë", language="de"), ox.Literal("Bo", language="de"), ox.Literal("Bo"),
    ox.Literal("Aa", language="zz"), ox.Literal(""), ox.Literal("a\u00a0b"), ox.Literal("a b"),
    ox.NamedNode("https://example.org/b"), ox.NamedNode("https://example.org/a"),
    ox.Literal("2001-05-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
    ox.Literal("2001-05-01"), ox.Literal("1999"),
    ox.Literal("1999", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")),
]
STRINGS = [v for v in VALUES if order_key(v) is not None]


def _engine(values) -> ox.Store:
    engine = ox.Store()
    for n, value in enumerate(values):
        engine.add(ox.Quad(ox.NamedNode(f"urn:s{n}"), ox.NamedNode("urn:p"), value))
    return engine


@pytest.mark.parametrize(("values", "order", "by_str"), [
    (STRINGS, "?v", False),
    (VALUES, "STR(?v)", True),
])
def test_values_sort_as_oxigraph_sorts_them(values, order, by_str):
    engine = _engine(values)
    sorted_there = [s["v"] for s in engine.query(
        f"SELECT ?v WHERE {{ ?s <urn:p> ?v }} ORDER BY {order}")]
    places = [order_key(s, by_str) for s in sorted_there]
    assert places == sorted(places)  # type: ignore[type-var]
    assert sorted(values, key=lambda v: order_key(v, by_str)) != values, "the test sorts"


def test_only_values_of_a_certain_place_are_sorted():
    date = ox.Literal("2001-05-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    assert order_key(date) is None and order_key(date, by_str=True) == (1, "2001-05-01")
    assert order_key(ox.BlankNode("b")) is None and order_key(ox.BlankNode("b"), True) is None
    assert order_key(ox.Literal("3", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))) is None


def test_a_name_of_another_kind_leaves_the_query_as_written():
    engine = ox.Store()
    for n, name in enumerate([ox.Literal("Ann"), ox.Literal("2", datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#integer"))]):
        engine.add(ox.Quad(ox.NamedNode(f"urn:s{n}"), ox.NamedNode("https://schema.org/name"),
                           name))
    plan = seek_plan(saved_query("people-posts").text)
    assert plan is not None
    assert seek_page(engine, plan, {}, 10) is None
    engine.remove(ox.Quad(ox.NamedNode("urn:s1"), ox.NamedNode("https://schema.org/name"),
                          ox.Literal("2", datatype=ox.NamedNode(
                              "http://www.w3.org/2001/XMLSchema#integer"))))
    assert seek_page(engine, plan, {}, 10) is not None


def test_the_saved_queries_with_a_plan():
    assert {name for name in ("people-posts", "met", "timeline", "members", "entities")
            if seek_plan(saved_query(name).text)} == {"people-posts", "met", "timeline",
                                                      "entities"}
    assert seek_plan(saved_query("met").text + " ") is None, "the text of the saved query only"
    timeline = seek_plan(saved_query("timeline").text)
    assert timeline is not None and timeline.unbound is not None
    assert timeline.order == (("start", True), ("eventName", False), ("source", False))
    entities = seek_plan(saved_query("entities").text)
    assert entities is not None and entities.rows != saved_query("entities").text
    assert entities.order == (("name", False), ("type", False), ("entity", False),
                              ("source", False))


def test_rows_that_tie_on_every_key_come_in_the_order_of_their_text():
    engine = ox.Store()
    for s, name in [("a", "Bo"), ("b", "Ann"), ("c", "Ann"), ("d", "Ann"), ("e", "Cy")]:
        engine.add(ox.Quad(ox.NamedNode(f"urn:{s}"), ox.NamedNode("urn:name"), ox.Literal(name)))
    answer = engine.query(
        "SELECT ?s ?name WHERE { ?s <urn:name> ?name } ORDER BY ?name DESC(?s)")
    rows = [str(s[0]) for s in untied(["s", "name"], answer, [("name", False)])]
    # the three rows tied on the key come in order; the runs keep their places
    assert rows == ["<urn:b>", "<urn:c>", "<urn:d>", "<urn:a>", "<urn:e>"]


@pytest.mark.parametrize(("keys", "runs"), [
    ([], []),
    ([1], []),
    ([1, 2, 3], []),
    ([1, 1], [(0, 2)]),
    ([1, 1, 1, 2, 3, 3], [(0, 3), (4, 6)]),
    ([0, 1, 2, 2, 5], [(2, 4)]),
])
def test_runs_of_equal_keys_are_found(keys, runs):
    assert _runs(keys) == runs


def test_a_part_of_the_whole_answer_is_that_part_of_it():
    engine = ox.Store()
    for n, name in enumerate(["Bo", "Ann", "Cy", "Ann", "Di", "Ed"]):
        person = ox.NamedNode(f"urn:p{n}")
        membership = ox.NamedNode(f"urn:m{n}")
        for s, p, o in [(membership, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                         ox.NamedNode("http://www.w3.org/ns/org#Membership")),
                        (membership, "http://www.w3.org/ns/org#member", person),
                        (membership, "http://www.w3.org/ns/org#organization",
                         ox.NamedNode("urn:org")),
                        (membership, "http://www.w3.org/ns/org#role", ox.NamedNode("urn:role")),
                        (ox.NamedNode("urn:role"), "http://www.w3.org/2000/01/rdf-schema#label",
                         ox.Literal("Chair")),
                        (person, "https://schema.org/name", ox.Literal(name)),
                        (ox.NamedNode("urn:org"), "https://schema.org/name", ox.Literal("U"))]:
            engine.add(ox.Quad(s, ox.NamedNode(p), o))
    plan = seek_plan(saved_query("people-posts").text)
    assert plan is not None
    whole = whole_answer(engine, plan, {}, str)
    assert whole is not None
    variables, rows, count = whole
    assert count == len(rows) == 6
    assert [row[0] for row in rows] == ['"Ann"', '"Ann"', '"Bo"', '"Cy"', '"Di"', '"Ed"']
    for part in (slice(0, 2), slice(1, 4), slice(5, None), slice(4, 100), slice(6, 8)):
        found = whole_answer(engine, plan, {}, str, part)
        assert found == (variables, rows[part], 6), part
