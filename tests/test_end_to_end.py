"""End to end: real documents in, a conforming graph out that answers the contract's questions.

The seed documents and their hand-made gold facts live in ../shared (beside the repository);
those tests skip with the reason when it is absent. The sample documents in examples/ are ours.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph import build
from graph.query import run_query

from .conftest import REPO, SHARED, needs_shared

LETTER_SEED = "002_3fba1cea852d06d8.txt"
PRESS_SEED = "000_626fb831717ebbb9.txt"


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words = "".join(c if c.isalnum() else " " for c in text).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def names_of(g, entity) -> set[str]:
    rows = run_query(g, "SELECT ?n WHERE { { ?e schema:name ?n } UNION "
                        "{ ?e schema:alternateName ?n } }", {"e": entity}).rows
    return {fold(r[0]) for r in rows}


def entity_named(g, name: str, cls: str) -> URIRef | None:
    query = f"SELECT DISTINCT ?e WHERE {{ ?e a schema:{cls} }}"
    for (e,) in run_query(g, query).rows:
        if fold(name) in names_of(g, e):
            return e
    return None


def doc_by_source(g, source: str) -> URIRef:
    rows = run_query(g, "SELECT ?d WHERE { ?d dcterms:source ?s }", {"s": Literal(source)}).rows
    assert len(rows) == 1, f"expected one document for {source}, got {rows}"
    return rows[0][0]


@pytest.fixture(scope="module")
def seeds(nlp_ready):
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"the shared seeds are not beside the repository at {SHARED}")
    result = build([SHARED / "seeds"])
    return result, result.union()


@pytest.fixture(scope="module")
def examples(nlp_ready):
    result = build([REPO / "examples" / "documents"])
    return result, result.union()


@needs_shared
def test_seeds_build_into_a_conforming_graph(seeds):
    result, _ = seeds
    assert not result.failures
    assert len(result.documents) == 2
    assert result.conforms, [r.describe() for r in result.validation.results]


@needs_shared
def test_letter_seed_sender_recipient_date_reference(seeds):
    _, g = seeds
    letter = doc_by_source(g, LETTER_SEED)
    gold = json.loads((SHARED / "gold" / "002_3fba1cea852d06d8.json").read_text())["document_facts"]
    assert (letter, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            URIRef("https://schema.org/Message")) in g
    assert str(g.value(letter, URIRef("https://schema.org/identifier"))) == gold["identifier"]
    assert g.value(letter, URIRef("https://schema.org/dateSent")) == Literal(gold["date"],
                                                                            datatype=XSD.date)
    sender = g.value(letter, URIRef("https://schema.org/sender"))
    recipient = g.value(letter, URIRef("https://schema.org/recipient"))
    assert fold(gold["sender"]) in names_of(g, sender)
    assert fold(gold["recipient"]) in names_of(g, recipient)
    assert "fedotov" in names_of(g, recipient)  # "Mr Fedotov" and Mikhail Fedotov: one node
    replied = g.value(letter, URIRef("https://www.w3.org/ns/activitystreams#inReplyTo"))
    assert replied is not None
    assert g.value(replied, URIRef("https://schema.org/dateCreated")) == Literal(
        "2021-02-11", datatype=XSD.date)


@needs_shared
def test_press_release_seed_people_at_the_high_level_dialogue(seeds):
    _, g = seeds
    gold = json.loads((SHARED / "gold" / "000_626fb831717ebbb9.json").read_text())
    expected = {r["subject"] for r in gold["relations"]
                if r["relation"] == "participated in" and not r.get("optional")}
    dialogue = entity_named(g, "high-level dialogue", "Event")
    assert dialogue is not None
    attendees = [row[0] for row in run_query(
        g, "SELECT ?p WHERE { ?event schema:attendee ?p }", {"event": dialogue}).rows]
    found = {name for name in expected
             if any(fold(name) in names_of(g, a) for a in attendees)}
    assert found == expected


@needs_shared
@pytest.mark.parametrize(
    ("person", "post", "organization"),
    [
        ("Fabrizio Hochschild", "Under-Secretary General", "United Nations"),
        ("Max Tegmark", "President", "Future of Life Institute"),
        ("S Iswaran", "Minister of Communications and Information", "Singapore"),
        ("Mikhail Fedotov", "Chairholder",
         "UNESCO Chair on Copyright, Neighbouring, Cultural and Information Rights"),
        ("Ruslan Budnik", "Deputy Director",
         "UNESCO Chair on Copyright, Neighbouring, Cultural and Information Rights"),
    ],
)
def test_seed_posts_are_memberships(seeds, person, post, organization):
    _, g = seeds
    rows = run_query(g, (REPO / "examples" / "queries" / "posts.rq").read_text()).rows
    held = {(fold(r[0]), fold(r[2])): fold(r[1]) for r in rows}
    key = (fold(person), fold(organization))
    assert key in held, f"no membership of {person} in {organization}: {sorted(held)}"
    assert fold(post) in held[key]


@needs_shared
@pytest.mark.parametrize("gold_file", ["000_626fb831717ebbb9.json", "002_3fba1cea852d06d8.json"])
def test_seed_people_of_the_gold_are_found(seeds, gold_file):
    _, g = seeds
    gold = json.loads((SHARED / "gold" / gold_file).read_text())
    doc = doc_by_source(g, gold["document"])
    mentioned = [r[0] for r in run_query(
        g, "SELECT ?e WHERE { ?d schema:mentions ?e . ?e a schema:Person }", {"d": doc}).rows]
    names = set().union(*(names_of(g, e) for e in mentioned))
    for entity in gold["entities"]:
        if entity["type"] == "Person" and not entity.get("optional"):
            assert {fold(n) for n in entity["names"]} & names, entity["names"]


def test_examples_build_into_a_conforming_graph(examples):
    result, _ = examples
    assert not result.failures
    assert len(result.documents) == 3
    assert result.conforms, [r.describe() for r in result.validation.results]


def test_example_letter_facts(examples):
    _, g = examples
    letter = doc_by_source(g, "letter-2020-ai-ethics-consultation.md")
    assert str(g.value(letter, URIRef("https://schema.org/identifier"))) == "SHS/BIO/20/0427"
    assert g.value(letter, URIRef("https://schema.org/dateCreated")) == Literal(
        "2020-10-14", datatype=XSD.date)
    assert "marta lindqvist" in names_of(g, g.value(letter, URIRef("https://schema.org/sender")))
    assert "chinwe okafor" in names_of(g, g.value(letter,
                                                  URIRef("https://schema.org/recipient")))


def test_example_html_report_keeps_page_furniture_out(examples):
    _, g = examples
    report = doc_by_source(g, "meeting-report-intergovernmental-committee.html")
    assert "twelfth session" in fold(g.value(report, URIRef("https://schema.org/name")))
    session = entity_named(g, "twelfth session of the Intergovernmental Committee for the "
                              "Protection and Promotion of the Diversity of Cultural Expressions",
                           "Event")
    assert session is not None
    assert g.value(session, URIRef("https://schema.org/startDate")) == Literal(
        "2018-12-11", datatype=XSD.date)


def test_build_is_byte_identical_across_processes(tmp_path):
    outputs = []
    for seed in ("0", "1"):
        out = tmp_path / f"g{seed}.ttl"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "graph", "build", str(REPO / "examples" /
                        "documents"), "-o", str(out), "--quiet"], check=True, env=env,
                       cwd=REPO)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 1000


@pytest.mark.parametrize("query_file", sorted((REPO / "examples" / "queries").glob("*.rq")),
                         ids=lambda p: p.name)
def test_every_saved_query_answers_on_the_examples(examples, query_file):
    _, g = examples
    result = run_query(g, query_file.read_text(encoding="utf-8"))
    assert result.rows, f"{query_file.name} gave no rows"
    assert all(any(t is not None for t in row) for row in result.rows)
