"""Property-based tests (hypothesis): any bytes or text given to the loaders gives a Document or
an InputError, never another exception; any names, paths and texts give valid IRIs and a graph
that serialises to Turtle and parses back isomorphic.

Example counts are kept small so that the suite stays fast (KG_EXAMPLES=400 in the environment
runs more); hypothesis keeps no database and writes its caches outside the repository."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from graph._errors import InputError
from graph._iri import IriMinter, normalize_name
from graph._mapping import map_document
from graph._resolve import resolve
from graph.loaders import load_document
from graph.records import Document, EntityKind, Mention, Span

# No example database, and hypothesis' other caches in a temporary folder, not the repository.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="kg-hypothesis-"))
settings.register_profile("kg", database=None, deadline=None,
                          max_examples=int(os.environ.get("KG_EXAMPLES", "40")),
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("kg")

_FORBIDDEN_IN_IRI = set(' <>"{}|\\^`\n\r\t')
# Text as files can hold it (no lone surrogates: they cannot be encoded), weighted towards
# letters, spaces, line breaks and markup characters.
_CHARS = st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from(" \n\téàü–’<>&#*[]()"))
texts = st.text(_CHARS, max_size=300)
names = st.text(min_size=1, max_size=60).filter(lambda s: normalize_name(s) != "")


def _load(suffix: str, data: bytes) -> Document | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            return load_document(path)
        except InputError as exc:
            assert exc.reason.strip()
            return None


@given(st.binary(max_size=2000), st.sampled_from([".txt", ".md", ".html", ".pdf", ".docx"]))
def test_any_bytes_give_a_document_or_an_input_error(data, suffix):
    doc = _load(suffix, data)
    if doc is not None:
        assert doc.text.strip()
        assert "\r" not in doc.text and "\x00" not in doc.text


@given(texts, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_any_text_in_any_unicode_encoding_reads_back(text, encoding):
    doc = _load(".txt", text.encode(encoding))
    plain = text.replace("\r\n", "\n").replace("\r", "\n")
    markup = any(c in text for c in "<#*") or text.startswith("\ufeff")  # stripped on purpose
    if doc is not None and not markup:
        import unicodedata

        assert doc.text == unicodedata.normalize("NFC", plain)


@given(texts)
def test_any_html_gives_a_document_or_an_input_error(text):
    page = f"<html><body><main>{text}</main></body></html>"
    _load(".html", page.encode("utf-8"))


def _valid_iri(term: URIRef) -> bool:
    return str(term).startswith("https://") and not set(str(term)) & _FORBIDDEN_IN_IRI


@given(names, st.sampled_from(list(EntityKind)), st.text(max_size=40), texts)
def test_minted_iris_are_valid_and_deterministic(name, kind, identifier, content):
    iris = IriMinter("https://example.org/kg")
    entity = iris.entity(kind.value, normalize_name(name))
    document = iris.document(identifier or None, f"sha256:{content}", content or None)
    for term in (entity, document, iris.role(name), iris.target(document, 0, len(name))):
        assert _valid_iri(term), term
    assert entity == IriMinter("https://example.org/kg/").entity(kind.value, normalize_name(name))


@given(
    path=st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != ""),
    text=st.text(min_size=1, max_size=200).filter(lambda s: s.strip() != ""),
    meta=st.lists(st.tuples(st.sampled_from(["title", "author", "encoding", "created", "lang",
                                             "meta-date", "archive-captured", "pages"]),
                            st.text(max_size=30)), max_size=6),
    data=st.data(),
)
def test_any_document_maps_to_a_graph_that_round_trips_through_turtle(path, text, meta, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    name = text[start:end].strip()
    mention = Mention(EntityKind.PERSON, name if normalize_name(name) else "x",
                      Span(start, end, text[start:end]), "people.v1")
    meta = [*meta, ("page-starts", "0 " + str(len(text) // 2))]
    document = Document(path, text, "text/plain", "sha256:" + "0" * 64, tuple(meta))
    iris = IriMinter("https://example.org/kg")
    _, g = map_document(document, resolve([mention]), iris)
    for triple in g:
        for term in triple:
            if isinstance(term, URIRef):
                assert _valid_iri(term) or str(term).startswith(("http://", "https://")), term
    back = Graph().parse(data=g.serialize(format="turtle"), format="turtle")
    assert isomorphic(g, back)
