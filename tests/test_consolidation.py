"""The spooled build's consolidation (line edits from reported values) agrees with the
one-process build's (``_consolidate`` on an rdflib Dataset)."""

from __future__ import annotations

import itertools

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD

from graph._build.consolidation import Consolidation
from graph._build.spool import Edit
from graph._consolidate import consolidate
from graph._namespaces import RDFS, SCHEMA
from graph._ntriples import nt

EVENT = URIRef("https://example.org/kg/id/event/1")
ORG = URIRef("https://example.org/kg/id/organization/2")
DOCS = {
    "a": [(EVENT, SCHEMA.name, Literal("1992 general election")),
          (EVENT, RDFS.label, Literal("1992 general election")),
          (EVENT, SCHEMA.startDate, Literal("1992-04-09", datatype=XSD.date)),
          (ORG, SCHEMA.name, Literal("Culture Sector")),
          (ORG, RDFS.label, Literal("Culture Sector"))],
    "b": [(EVENT, SCHEMA.name, Literal("1992 General Election")),
          (EVENT, RDFS.label, Literal("1992 General Election")),
          (EVENT, SCHEMA.alternateName, Literal("1992 general election")),
          (EVENT, SCHEMA.startDate, Literal("1992-04-09", datatype=XSD.date)),
          (ORG, SCHEMA.name, Literal("Culture Sector"))],
    "c": [(EVENT, SCHEMA.name, Literal("1992 general election")),
          (EVENT, RDFS.label, Literal("1992 general election")),
          (EVENT, SCHEMA.startDate, Literal("1992-04", datatype=XSD.gYearMonth)),
          (ORG, SCHEMA.alternateName, Literal("UNESCO Culture Sector"))],
}
_VALUED = {SCHEMA.name, RDFS.label, SCHEMA.startDate, SCHEMA.endDate, SCHEMA.dateCreated,
           SCHEMA.alternateName}


def line(triple: tuple[URIRef, URIRef, Literal]) -> str:
    return " ".join(nt(t) for t in triple) + " .\n"


def by_rdflib(order: str) -> tuple[dict[str, set[str]], list[str]]:
    ds = Dataset()
    for key in order:
        g = ds.graph(URIRef(f"urn:doc:{key}"))
        for triple in DOCS[key]:
            g.add(triple)
    messages = consolidate(ds)
    return ({key: {line(t) for t in ds.graph(URIRef(f"urn:doc:{key}"))} for key in order},
            messages)


def by_edits(order: str) -> tuple[dict[str, set[str]], list[str]]:
    consolidation = Consolidation()
    for index, key in enumerate(order):
        consolidation.add(index, [(nt(s), nt(p), nt(o), str(o)) for s, p, o in DOCS[key]
                                  if p in _VALUED])
    edits, messages = consolidation.result(), consolidation.messages()
    out = {}
    for index, key in enumerate(order):
        edit = edits.get(index) or Edit()
        out[key] = ({line(t) for t in DOCS[key]} - edit.remove) | edit.add
    return out, messages


@pytest.mark.parametrize("order", ["".join(p) for p in itertools.permutations("abc")])
def test_edits_give_the_graphs_consolidate_gives(order):
    assert by_edits(order) == by_rdflib(order)


def test_the_subjects_given_two_values_are_known():
    consolidation = Consolidation()
    for index, key in enumerate("abc"):
        consolidation.add(index, [(nt(s), nt(p), nt(o), str(o)) for s, p, o in DOCS[key]
                                  if p in _VALUED])
    consolidation.result()
    messages = consolidation.messages()
    assert consolidation.changed == {nt(EVENT)}
    assert len(messages) == 1 and "dropped 1992-04," in messages[0]


def test_one_value_everywhere_needs_no_edit():
    consolidation = Consolidation()
    for index in range(3):
        consolidation.add(index, [(nt(ORG), nt(SCHEMA.name), nt(Literal("X")), "X")])
    assert consolidation.result() == {}
    assert consolidation.messages() == []
    assert not consolidation.changed


def values(key: str) -> list[tuple[str, str, str, str]]:
    return [(nt(s), nt(p), nt(o), str(o)) for s, p, o in DOCS[key] if p in _VALUED]


def test_a_document_taken_out_gives_what_never_adding_it_gives():
    """An incremental build takes a document's values out through the same accumulator a full
    build puts them in with; the edits are each document's edit from the one it had."""
    two = Consolidation()
    for key in "ab":
        two.add(key, values(key))
    expected = {key: edit for key, edit in two.result().items() if edit is not None}
    three = Consolidation()
    for key in "abc":
        three.add(key, values(key))
    edits = {key: edit for key, edit in three.result().items() if edit is not None}
    three.retract("c", values("c"))
    for key, edit in three.result(lambda key: edits.get(key)).items():
        edits[key] = edit
    assert {key: edit for key, edit in edits.items() if edit is not None and key != "c"} \
        == expected
    assert three.messages() == two.messages()
    assert three.changed == two.changed


def test_a_pruned_consolidation_takes_values_back_when_a_subject_changes():
    full = Consolidation()
    for key in "abc":
        full.add(key, values(key))
    full.result()
    pruned = Consolidation()
    pruned.add("a", values("a"))
    pruned.result(describing=lambda subject: ("a",))  # one document: its values let go
    assert pruned.pruned and not pruned.tables
    taken: list[str] = []

    def warm(subject: str) -> list[tuple[str, str, str, str]]:
        taken.append(subject)
        return [("a", p, o, lexical) for s, p, o, lexical in values("a") if s == subject]

    for key in "bc":
        pruned.add(key, values(key), warm)
    pruned.result(describing=lambda subject: "abc")
    assert sorted(taken) == sorted({nt(EVENT), nt(ORG)})
    assert pruned.parts == full.parts
    assert pruned.messages() == full.messages()
