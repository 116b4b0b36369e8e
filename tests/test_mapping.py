from __future__ import annotations

import subprocess
import sys

from rdflib import Literal, URIRef

from graph._iri import IriMinter
from graph._mapping import map_document
from graph._namespaces import AS, DCTERMS, KG, OA, ORG, RDF, RDFS, SCHEMA, XSD
from graph._resolve import resolve
from graph.records import (
    DateValue,
    DocField,
    Document,
    DocumentFact,
    EntityKind,
    Mention,
    Relation,
    RelationKind,
    Span,
)
from graph.validate import validate

TEXT = ("Ref.: CLT/1. Dear Mr Fedotov, Mikhail Fedotov, Chairholder, UNESCO Chair, thanks "
        "UNESCO for the letter dated 11 February 2021 and the high-level dialogue.")
DOC = Document("letters/a.txt", TEXT, "text/plain", "sha256:" + "0" * 64)


def span(text, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return Span(start, start + len(text), text)


def mention(text, kind, name=None, nth=0, **kw):
    return Mention(kind, name or text, span(text, nth), "test.v1", **kw)


def records():
    fedotov_short = mention("Mr Fedotov", EntityKind.PERSON, "Fedotov", honorific="Mr")
    fedotov = mention("Mikhail Fedotov", EntityKind.PERSON)
    chair = mention("UNESCO Chair", EntityKind.ORGANIZATION, subtype="OrganizationalUnit")
    unesco = mention("UNESCO", EntityKind.ORGANIZATION, nth=1)
    letter = mention("letter dated 11 February 2021", EntityKind.WORK, subtype="LetterReference",
                     start_date=DateValue("2021-02-11"))
    dialogue = mention("high-level dialogue", EntityKind.EVENT, subtype="Meeting")
    return [
        fedotov_short, fedotov, chair, unesco, letter, dialogue,
        Relation(RelationKind.HOLDS_POST, fedotov, chair, span("Mikhail Fedotov, Chairholder"),
                 "test.v1", post="Chairholder"),
        Relation(RelationKind.PART_OF, chair, unesco, chair.span, "test.v1"),
        Relation(RelationKind.PARTICIPATED_IN, fedotov, dialogue, dialogue.span, "test.v1"),
        Relation(RelationKind.SENT_BY, letter, fedotov, letter.span, "test.v1"),
        DocumentFact(DocField.KIND, "Letter", "test.v1"),
        DocumentFact(DocField.IDENTIFIER, "CLT/1", "test.v1", span("CLT/1")),
        DocumentFact(DocField.SELF_REFERENCE, "CLT/1", "test.v1", span("CLT/1")),
        DocumentFact(DocField.DATE, DateValue("2021-03-30"), "test.v1"),
        DocumentFact(DocField.RECIPIENT, fedotov_short, "test.v1", fedotov_short.span),
        DocumentFact(DocField.REPLIES_TO, letter, "test.v1", letter.span),
        DocumentFact(DocField.LANGUAGE, "en", "test.v1"),
    ]


def mapped():
    return map_document(DOC, resolve(records()), IriMinter())


def test_source_document_carries_the_contract_properties():
    doc, g = mapped()
    assert doc == IriMinter().document("CLT/1", DOC.content_hash)
    for cls in (KG.SourceDocument, SCHEMA.DigitalDocument, KG.Letter, SCHEMA.Message):
        assert (doc, RDF.type, cls) in g
    assert g.value(doc, DCTERMS.source) == Literal("letters/a.txt")
    assert g.value(doc, SCHEMA.identifier) == Literal("CLT/1")
    assert g.value(doc, SCHEMA.dateCreated) == Literal("2021-03-30", datatype=XSD.date)
    assert g.value(doc, SCHEMA.dateSent) == Literal("2021-03-30", datatype=XSD.date)
    assert g.value(doc, SCHEMA.inLanguage) == Literal("en")
    assert (doc, SCHEMA.mentions, doc) in g


def test_short_form_and_full_name_are_one_person_with_names():
    doc, g = mapped()
    people = set(g.subjects(RDF.type, SCHEMA.Person))
    assert len(people) == 1
    (person,) = people
    assert g.value(person, SCHEMA.name) == Literal("Mikhail Fedotov")
    assert set(g.objects(person, SCHEMA.alternateName)) == {Literal("Fedotov")}
    assert g.value(person, SCHEMA.honorificPrefix) == Literal("Mr")
    assert g.value(doc, SCHEMA.recipient) == person


def test_post_becomes_an_org_membership():
    _, g = mapped()
    (membership,) = g.subjects(RDF.type, ORG.Membership)
    person, unit = g.value(membership, ORG.member), g.value(membership, ORG.organization)
    assert g.value(person, SCHEMA.name) == Literal("Mikhail Fedotov")
    assert g.value(unit, SCHEMA.name) == Literal("UNESCO Chair")
    assert g.value(g.value(membership, ORG.role), RDFS.label) == Literal("Chairholder")
    assert (person, ORG.memberOf, unit) in g
    assert (unit, RDF.type, ORG.OrganizationalUnit) in g


def test_relations_use_contract_predicates_in_their_direction():
    doc, g = mapped()
    names = {g.value(s, SCHEMA.name): s for s in g.subjects(SCHEMA.name, None)}
    dialogue, fedotov = names[Literal("high-level dialogue")], names[Literal("Mikhail Fedotov")]
    letter, unesco = names[Literal("letter dated 11 February 2021")], names[Literal("UNESCO")]
    assert (dialogue, SCHEMA.attendee, fedotov) in g
    assert (names[Literal("UNESCO Chair")], ORG.subOrganizationOf, unesco) in g
    assert (letter, SCHEMA.sender, fedotov) in g
    assert (doc, AS.inReplyTo, letter) in g
    assert g.value(letter, SCHEMA.dateCreated) == Literal("2021-02-11", datatype=XSD.date)


def test_every_mention_is_traced_to_its_characters():
    doc, g = mapped()
    for annotation in g.subjects(RDF.type, OA.Annotation):
        target = g.value(annotation, OA.hasTarget)
        assert g.value(target, OA.hasSource) == doc
        selector = g.value(target, OA.hasSelector)
        start, end = int(g.value(selector, OA.start)), int(g.value(selector, OA.end))
        assert TEXT[start:end] == str(g.value(selector, OA.exact))
        assert str(target) == f"{doc}#char={start},{end}"
    bodies = set(g.objects(None, OA.hasBody))
    for entity in g.objects(doc, SCHEMA.mentions):
        assert entity in bodies
    statements = set(g.subjects(RDF.type, RDF.Statement))
    assert statements and statements <= bodies


def test_mapped_graph_conforms_to_the_shapes():
    _, g = mapped()
    report = validate(g)
    assert report.conforms, [r.describe() for r in report.results]


def test_no_blank_nodes():
    _, g = mapped()
    assert all(isinstance(t, URIRef | Literal) for triple in g for t in triple)


def test_same_records_give_byte_identical_turtle_across_processes():
    script = (
        "import sys; sys.path.insert(0, 'tests'); import test_mapping as t; "
        "sys.stdout.write(t.mapped()[1].serialize(format='turtle'))"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
    assert "Mikhail Fedotov" in outputs.pop()
