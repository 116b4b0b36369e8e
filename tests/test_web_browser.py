"""The pages of ``kg serve`` over the seeds' store, in a real headless Chromium (Playwright):
search, entity page with its post and passage, the letter's page, review decisions (not the
same as, reject a relation) that the next build applies. Skipped, with the reason, where
Playwright, Chromium or the seeds are missing.
"""

from __future__ import annotations

import tomllib

import pytest

from graph.store import Store, build_into_store

from ._kgserve import kg_serve
from .conftest import CHROMIUM, SHARED, needs_shared

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright Python package is not installed")
pytestmark = [needs_shared, pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium browser found (install Debian's `chromium`, or set KG_CHROMIUM)")]

SEEDS = SHARED / "seeds"
NAMES = """SELECT ?name WHERE { ?p a schema:Person ; schema:name "Mikhail Fedotov" ;
                                   schema:name|schema:alternateName ?name }"""
#: the relations of the letter to Mikhail Fedotov (?p): as its recipient, and their statements
LETTER = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?p ?statement WHERE {
  ?person a schema:Person ; schema:name "Mikhail Fedotov" .
  ?letter ?p ?person ; schema:identifier "CLT/DCE/21/CM-1221" .
  OPTIONAL { ?statement rdf:subject ?letter ; rdf:predicate ?p ; rdf:object ?person } }"""
SENT = """SELECT ?sender WHERE { ?work schema:sender ?person . ?person schema:name ?sender }"""


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory, nlp_ready):
    folder = tmp_path_factory.mktemp("seeds") / "store"
    assert build_into_store([SEEDS], folder).written
    return folder


def _page(browser, root: str):
    page = browser.new_page()
    problems: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(root) else outside.append(r.url))
    return page, problems, outside


def test_search_entity_letter_and_review_in_a_browser(browser, seeds_store, tmp_path):
    curation = tmp_path / "curation.toml"
    curation.write_text("# decisions on the seeds\n", encoding="utf-8")
    with kg_serve(seeds_store, "--review", str(curation)) as root:
        page, problems, outside = _page(browser, root)
        try:
            page.goto(root + "/")
            page.locator("#q").press_sequentially("Fedotov")  # as you type: no submit
            hit = page.locator("#results a.hit", has_text="Mikhail Fedotov")
            hit.wait_for()
            hit.click()
            page.wait_for_url("**/id/person/**")
            assert page.locator("h1#name").inner_text().startswith("Mikhail Fedotov")
            post = page.locator("#posts li", has_text="Chairholder")
            assert post.locator(".post").inner_text() == "Chairholder"
            marked = post.locator("blockquote.passage mark").first.inner_text()
            assert "Mikhail Fedotov Chairholder" in marked
            post.locator("a.doclink").first.click()
            page.wait_for_url("**/id/document/**")
            assert "CLT/DCE/21/CM-1221" in page.locator("#metadata .reference").inner_text()
            marks = page.locator("#text mark")
            assert marks.count() > 10
            assert "Mikhail Fedotov" in page.locator("#text mark.Person").all_inner_texts()[0] \
                or any("Fedotov" in t for t in page.locator("#text mark.Person")
                       .all_inner_texts())
            assert "CLT/DCE/21/CM-1221" in page.locator("#text mark.self").all_inner_texts()
            page.go_back()
            page.wait_for_url("**/id/person/**")
            split = page.locator("#merges li", has_text="Fedotov")
            split.locator("button.split").click()
            page.wait_for_selector("#recorded")
            assert "not_same_as" in page.locator("#recorded").inner_text()
            page.go_back()
            page.wait_for_url("**/id/person/**")
            row = page.locator("#relations tr", has_text="schema:recipient")
            assert "CLT/DCE/21/CM-1221" in row.inner_text()
            row.locator("button.reject").click()
            page.wait_for_selector("#recorded")
            assert "[[reject]]" in page.locator("#recorded").inner_text()
            assert problems == [] and outside == []
        finally:
            page.close()
    text = curation.read_text(encoding="utf-8")
    assert text.startswith("# decisions on the seeds\n")
    decided = tomllib.loads(text)
    assert decided["not_same_as"] == [{"entities": ["Fedotov", "Mikhail Fedotov"],
                                       "type": "Person"}]
    (reject,) = decided["reject"]
    assert reject["predicate"] == "https://schema.org/recipient"

    with Store(seeds_store, read_only=True) as before:
        assert "Mr Fedotov" in {str(r[0]) for r in before.query(NAMES).rows}
        letter = {(str(p), s is not None) for p, s in before.query(LETTER).rows}
        assert letter == {("https://schema.org/recipient", True),
                          ("https://schema.org/mentions", False)}
        sent = {str(r[0]) for r in before.query(SENT).rows}
    rebuilt = tmp_path / "rebuilt"
    assert build_into_store([SEEDS], rebuilt, curation=curation).written
    with Store(rebuilt, read_only=True) as after:
        names = {str(r[0]) for r in after.query(NAMES).rows}
        # the rejected relation is gone, statement and all; the letter still mentions him,
        # and the other relations stay
        assert {(str(p), s is not None) for p, s in after.query(LETTER).rows} == {
            ("https://schema.org/mentions", False)}
        assert {str(r[0]) for r in after.query(SENT).rows} == sent
    assert "Mikhail Fedotov" in names and "Mr Fedotov" not in names and "Fedotov" not in names
