from __future__ import annotations

import itertools

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD

from graph._consolidate import consolidate
from graph._namespaces import RDFS, SCHEMA

EVENT = URIRef("https://example.org/kg/id/event/1")


def dataset(order):
    ds = Dataset()
    docs = {
        "a": ("1992 general election", "1992-04-09"),
        "b": ("1992 General Election", "1992-04-09"),
        "c": ("1992 general election", "1992-04"),
    }
    for key in order:
        name, date = docs[key]
        g = ds.graph(URIRef(f"https://example.org/kg/id/document/{key}"))
        g.add((EVENT, SCHEMA.name, Literal(name)))
        g.add((EVENT, RDFS.label, Literal(name)))
        dtype = XSD.date if len(date) == 10 else XSD.gYearMonth
        g.add((EVENT, SCHEMA.startDate, Literal(date, datatype=dtype)))
    return ds


def union(ds):
    return {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}


def test_one_name_the_majority_form_and_the_others_alternate():
    ds = dataset("abc")
    consolidate(ds)
    triples = union(ds)
    assert {o for s, p, o in triples if p == SCHEMA.name} == {Literal("1992 general election")}
    assert {o for s, p, o in triples if p == RDFS.label} == {Literal("1992 general election")}
    assert {o for s, p, o in triples if p == SCHEMA.alternateName} == {
        Literal("1992 General Election")}


def test_one_date_kept_and_the_dropped_one_reported():
    ds = dataset("abc")
    messages = consolidate(ds)
    dates = {o for s, p, o in union(ds) if p == SCHEMA.startDate}
    assert dates == {Literal("1992-04-09", datatype=XSD.date)}
    assert len(messages) == 1 and "1992-04" in messages[0]


def test_the_choice_does_not_depend_on_reading_order():
    results = set()
    for order in itertools.permutations("abc"):
        ds = dataset(order)
        consolidate(ds)
        results.add(frozenset(union(ds)))
    assert len(results) == 1


def test_each_document_graph_keeps_its_own_triples():
    ds = dataset("abc")
    consolidate(ds)
    b = ds.graph(URIRef("https://example.org/kg/id/document/b"))
    assert (EVENT, SCHEMA.alternateName, Literal("1992 General Election")) in b
    assert (EVENT, SCHEMA.name, Literal("1992 general election")) in b
