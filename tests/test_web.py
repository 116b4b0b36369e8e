"""The HTML pages of ``kg serve`` over HTTP: content negotiation, escaping, 404, review."""

from __future__ import annotations

import html
import json
import re
import threading
import tomllib
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from rdflib import Graph, Literal, URIRef

from graph._curation import load_curation
from graph._namespaces import DCTERMS, KG, OA, RDF, SCHEMA, XSD
from graph._texts import write_text
from graph.store import Store
from graph.web._negotiate import negotiate
from graph.web._passages import Mark, highlight
from graph.web._read import sparql, with_constant
from graph.web._search import NameIndex, joined

from ._kgserve import fetch, kg_serve

BASE = "https://example.org/kg"
HOSTILE = "</script><script>alert(1)</script>"
QUOTES = "O'Brien \"the <b>bold</b>\" & co"
RTL = "\u202eevil\u202c عبد الله"
PERSON = URIRef(f"{BASE}/id/person/hostile")
DOC = URIRef(f"{BASE}/id/document/hostile")
HASH = "sha256:" + "a" * 64
TEXT = f"Letter from {HOSTILE} to {QUOTES}, with {RTL} in copy."


def _hostile_graph() -> Graph:
    g = Graph()
    for cls in (SCHEMA.Person, KG.Person):
        g.add((PERSON, RDF.type, cls))
    g.add((PERSON, SCHEMA.name, Literal(HOSTILE)))
    g.add((PERSON, SCHEMA.alternateName, Literal(QUOTES)))
    g.add((PERSON, SCHEMA.alternateName, Literal(RTL)))
    for cls in (KG.SourceDocument, SCHEMA.DigitalDocument, SCHEMA.CreativeWork):
        g.add((DOC, RDF.type, cls))
    g.add((DOC, DCTERMS.source, Literal("hostile.txt")))
    g.add((DOC, SCHEMA.identifier, Literal(QUOTES)))
    g.add((DOC, SCHEMA.sender, PERSON))
    g.add((DOC, SCHEMA.mentions, PERSON))
    start = TEXT.index(HOSTILE)
    end = start + len(HOSTILE)
    annotation = URIRef(f"{BASE}/id/annotation/hostile")
    target = URIRef(f"{DOC}#char={start},{end}")
    selector = URIRef(f"{BASE}/id/selector/hostile")
    g.add((annotation, RDF.type, OA.Annotation))
    g.add((annotation, OA.hasBody, PERSON))
    g.add((annotation, OA.hasTarget, target))
    g.add((target, OA.hasSource, DOC))
    g.add((target, OA.hasSelector, selector))
    g.add((selector, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    g.add((selector, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
    g.add((selector, OA.exact, Literal(HOSTILE)))
    return g


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("web") / "store"
    with Store(folder) as s:
        s.apply({"hostile.txt": (HASH, str(DOC), _hostile_graph())}, [], {"base": BASE})
    write_text(folder, HASH, TEXT)
    return folder


@pytest.fixture(scope="module")
def server(store):
    with kg_serve(store) as url:
        yield url


def _get(url: str, accept: str = "text/html") -> tuple[int, dict[str, str], str]:
    return fetch(url, accept)


def _post(url: str, form: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url, data=urlencode(form).encode(), method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read().decode()


def test_an_entity_iri_answers_html_turtle_and_json_ld(server):
    url = server + "/id/person/hostile"
    status, headers, body = _get(url, "text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "Accept" in headers["Vary"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    status, headers, body = _get(url, "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    g = Graph().parse(data=body, format="turtle")
    assert (PERSON, SCHEMA.name, Literal(HOSTILE)) in g
    assert (DOC, SCHEMA.sender, PERSON) in g
    status, headers, body = _get(url, "application/ld+json")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    json.loads(body)
    g = Graph().parse(data=body, format="json-ld")
    assert (PERSON, SCHEMA.alternateName, Literal(RTL)) in g
    status, _, _ = _get(url, "image/png")
    assert status == 406


def test_an_unknown_iri_is_404_with_a_search_link(server):
    status, _, body = _get(server + "/id/person/nobody")
    assert status == 404
    assert 'href="/search?q=nobody"' in body
    status, _, body = _get(server + "/id/person/nobody", "text/turtle")
    assert status == 404 and "no such resource" in body
    status, _, body = _get(server + "/queries/no-such-query")
    assert status == 404 and "Available names" in body


@pytest.mark.parametrize("path", [
    "/id/person/hostile", "/id/document/hostile", "/search?q=script", "/search?q=brien",
    "/search?fragment=1&q=evil", "/resource?iri=" + "https%3A%2F%2Fexample.org%2Fkg%2Fid%2F"
    "person%2Fhostile"])
def test_names_and_texts_are_escaped_everywhere(server, path):
    status, _, body = _get(server + path)
    assert status == 200, body
    assert "<script>alert" not in body and "<b>bold" not in body
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in body or "&lt;b&gt;bold" in body or (
        "\u202eevil" in body)
    # a right-to-left override is isolated: it cannot turn the page around it
    for at in [i for i in range(len(body)) if body.startswith("\u202e", i)]:
        assert body.rfind("<bdi>", 0, at) > body.rfind("</bdi>", 0, at)


def test_the_document_page_highlights_its_mentions(server):
    status, _, body = _get(server + "/id/document/hostile")
    assert status == 200
    assert '<mark id="char-' in body and 'class="Person"' in body
    assert "Letter from " in body and "&lt;b&gt;bold&lt;/b&gt;" in body


def test_review_is_refused_without_the_option(server, store):
    status, body = _post(server + "/review", {"action": "rename", "entity": str(PERSON),
                                              "name": "Someone"})
    assert status == 403 and "--review" in body
    assert not list(store.parent.glob("*.toml"))


def test_review_decisions_are_appended_and_none_is_lost(store, tmp_path):
    curation = tmp_path / "curation.toml"
    curation.write_text("# our decisions\n[[rename]]  # kept as written\nentity = \"A\"\n"
                        "name = \"B\"\n", encoding="utf-8")
    with kg_serve(store, "--review", str(curation)) as url:
        status, body = _post(url + "/review", {"action": "retype", "entity": str(PERSON),
                                               "type": "Nothing"})
        assert status == 400 and "unknown type" in body
        results: list[int] = []

        def decide(n: int) -> None:
            results.append(_post(url + "/review", {
                "action": "not_same_as", "entity": str(PERSON), "first": HOSTILE,
                "other": f"{QUOTES} {n}", "type": "Person"})[0])

        threads = [threading.Thread(target=decide, args=(n,)) for n in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert results == [200] * 12
    text = curation.read_text(encoding="utf-8")
    assert text.startswith("# our decisions\n[[rename]]  # kept as written\n")
    data = tomllib.loads(text)
    assert sorted(d["entities"][1] for d in data["not_same_as"]) == sorted(
        f"{QUOTES} {n}" for n in range(12))
    assert all(d["entities"][0] == HOSTILE for d in data["not_same_as"])
    assert len(load_curation(curation).of("not_same_as")) == 12


def _reject_forms(body: str) -> list[dict[str, str]]:
    """The fields of the page's reject forms (hidden inputs, unescaped)."""
    forms = []
    for form in re.findall(r"<form[^>]*>(.*?)</form>", body, re.S):
        fields = {name: html.unescape(value) for name, value in
                  re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form)}
        if fields.get("action") == "reject":
            forms.append(fields)
    return forms


def test_a_relation_is_rejected_from_its_button_only_with_review(server, store, tmp_path):
    _, _, body = _get(server + "/id/person/hostile")
    assert "schema:sender" in body and _reject_forms(body) == []
    curation = tmp_path / "curation.toml"
    with kg_serve(store, "--review", str(curation)) as url:
        _, _, body = _get(url + "/id/person/hostile")
        (form,) = _reject_forms(body)  # the one relation between entities: the letter's sender
        assert (form["subject"], form["predicate"], form["object"]) == (
            str(DOC), str(SCHEMA.sender), str(PERSON))
        status, body = _post(url + "/review", {**form, "object": ""})
        assert status == 400 and "'object' must be a non-empty string" in html.unescape(body)
        assert not curation.exists()
        status, body = _post(url + "/review", form)
        assert status == 200 and "[[reject]]" in body
    (decision,) = load_curation(curation).of("reject")
    assert [r.text for r in decision.refs] == [str(DOC), str(PERSON)]
    assert decision.predicate == str(SCHEMA.sender)


def test_search_answers_from_the_store_until_the_name_index_is_read(store):
    read = threading.Event()
    with Store(store, read_only=True) as held:

        def load():  # the server's read of the names, held back until the test lets it go
            read.wait()
            return joined(held.query(sparql("names"), {}, limit=None).rows,
                          held.query(sparql("types"), {}, limit=None).rows)

        names = NameIndex(load, lambda words: held.query(
            with_constant(sparql("search"), "wanted", words, literal=True)).rows)
        names.start()
        asked = ("brien", "SCRIPT", "evil", "hostile.txt", "nobody here", 'O\'Brien "the <b>')
        early = {q: names.search(q) for q in asked}
        assert not names.ready
        read.set()
        assert names.wait() and names.error is None
        assert {q: names.search(q) for q in asked} == early
    # the person by an alternate name, the letter by its reference number
    assert {(h.iri, h.label, h.matched) for h in early["brien"]} == {
        (str(PERSON), HOSTILE, QUOTES), (str(DOC), QUOTES, QUOTES)}
    assert {h.iri for h in early["hostile.txt"]} == set()  # a file name is no name
    assert early["nobody here"] == []
    assert {h.iri for h in early['O\'Brien "the <b>']} == {str(PERSON), str(DOC)}


def test_saved_queries_are_forms_with_tables_and_csv(server):
    status, _, body = _get(server + "/queries")
    assert status == 200 and "/queries/letters" in body
    status, _, body = _get(server + "/queries/letters")
    assert status == 200 and 'name="party"' in body and "<table" not in body
    status, _, body = _get(server + "/queries/letters?" + urlencode({"party": RTL, "run": 1}))
    assert status == 200 and 'id="row-count">1 rows' in body
    assert 'href="/id/person/hostile"' not in body or "<script>alert" not in body
    status, headers, body = _get(server + "/queries/letters.csv?" + urlencode(
        {"party": RTL, "run": 1}), "text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert "attachment" in headers["Content-Disposition"]
    assert body.splitlines()[0].startswith("party,partyName,direction")
    assert HOSTILE in body


def test_the_sparql_endpoint_still_answers_beside_the_pages(server):
    status, _, body = _get(server + "/query?" + urlencode(
        {"query": "ASK { ?s schema:name ?o }"}), "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, body = _get(server + "/?" + urlencode({"update": "CLEAR ALL"}))
    assert status == 403


def test_the_server_listens_on_localhost_by_default(server):
    assert server.startswith("http://127.0.0.1:")


@pytest.mark.parametrize(("accept", "chosen"), [
    (None, "text/html"),
    ("text/turtle", "text/turtle"),
    ("application/ld+json;q=0.9, text/turtle;q=0.5", "application/ld+json"),
    ("text/html;q=0, */*", "text/turtle"),
    ("image/png", None),
])
def test_negotiation_picks_the_preferred_type(accept, chosen):
    assert negotiate(accept, ("text/html", "text/turtle", "application/ld+json")) == chosen


def test_highlight_keeps_every_character_and_prefers_the_inner_mark():
    text = "Mikhail Fedotov of UNESCO"
    outer = Mark(0, 25, "CreativeWork", "urn:x", "x")
    inner = Mark(8, 15, "Person", "urn:p", "p")
    pieces = highlight(text, [outer, inner, Mark(30, 40, "Place", "urn:z", "z")])
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, p.mark.kind if p.mark else None) for p in pieces] == [
        ("Mikhail ", "CreativeWork"), ("Fedotov", "Person"), (" of UNESCO", "CreativeWork")]
