from __future__ import annotations

import pytest

from graph._iri import IriMinter, normalize_name


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("The Future-of-Life Institute", "future of life institute"),
        ("Cédric O.", "cedric o"),
        ("  UNESCO  ", "unesco"),
        ("pf0000373434_rus", "pf0000373434 rus"),
        ("l'Organisation", "organisation"),
        ("Les Nations Unies", "nations unies"),
    ],
)
def test_normalize_name_folds_case_accents_punctuation_articles(name, folded):
    assert normalize_name(name) == folded


def test_same_input_gives_same_iri_and_other_input_another():
    a, b = IriMinter(), IriMinter()
    assert a.entity("Person", "name:mikhail fedotov") == b.entity("Person", "name:mikhail fedotov")
    assert a.entity("Person", "name:mikhail fedotov") != a.entity("Person", "name:ruslan budnik")
    assert a.entity("Person", "x") != a.entity("Organization", "x")


def test_iris_follow_base_id_type_key():
    iri = IriMinter("https://data.example.net/kg/").entity("Organization", "authority:x")
    prefix = "https://data.example.net/kg/id/organization/"
    assert iri.startswith(prefix)
    key = iri[len(prefix):]
    assert len(key) == 16 and key == key.lower() and key.isalnum()


def test_document_keyed_on_reference_number_else_content():
    m = IriMinter()
    assert m.document("CLT/DCE/21/CM-1221", "sha256:1") == m.document("clt/dce/21/cm-1221",
                                                                       "sha256:2")
    assert m.document(None, "sha256:1") != m.document(None, "sha256:2")


def test_target_is_an_rfc5147_fragment_of_the_document():
    m = IriMinter()
    doc = m.document(None, "sha256:1")
    assert str(m.target(doc, 10, 25)) == f"{doc}#char=10,25"


@pytest.mark.parametrize("base", ["not an iri", "http://bad base", "relative/path", ""])
def test_base_must_be_an_absolute_iri(base):
    with pytest.raises(ValueError, match="base"):
        IriMinter(base)


def test_minted_iris_are_the_iris_rdflib_makes():
    from rdflib import URIRef

    iris = IriMinter("https://example.org/kg")
    for iri in (iris.entity("person", "p1"), iris.selector(URIRef("urn:doc"), 1, 5),
                iris.annotation(URIRef("urn:doc"), 1, 5, URIRef("urn:b"), "people.v1")):
        assert type(iri) is URIRef and iri == URIRef(str(iri))
        assert hash(iri) == hash(URIRef(str(iri))) and iri.n3() == URIRef(str(iri)).n3()
