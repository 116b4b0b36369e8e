"""The pages of ``kg serve`` over the seeds' store, in a real headless Chromium (Playwright):
search, entity page with its post and passage, the letter's page, a review decision that the
next build applies. Skipped, with the reason, where Playwright, Chromium or the seeds are missing.
"""

from __future__ import annotations

import tomllib

import pytest

from graph.store import Store, build_into_store

from ._kgserve import kg_serve
from .conftest import SHARED, needs_shared
from .test_html_view import CHROMIUM

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright Python package is not installed")
pytestmark = [needs_shared, pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium browser found (install Debian's `chromium`, or set KG_CHROMIUM)")]

SEEDS = SHARED / "seeds"
NAMES = """SELECT ?name WHERE { ?p a schema:Person ; schema:name "Mikhail Fedotov" ;
                                   schema:name|schema:alternateName ?name }"""


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory, nlp_ready):
    folder = tmp_path_factory.mktemp("seeds") / "store"
    assert build_into_store([SEEDS], folder).written
    return folder


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


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
            assert problems == [] and outside == []
        finally:
            page.close()
    text = curation.read_text(encoding="utf-8")
    assert text.startswith("# decisions on the seeds\n")
    decided = tomllib.loads(text)["not_same_as"]
    assert decided == [{"entities": ["Fedotov", "Mikhail Fedotov"], "type": "Person"}]

    with Store(seeds_store, read_only=True) as before:
        assert "Mr Fedotov" in {str(r[0]) for r in before.query(NAMES).rows}
    rebuilt = tmp_path / "rebuilt"
    assert build_into_store([SEEDS], rebuilt, curation=curation).written
    with Store(rebuilt, read_only=True) as after:
        names = {str(r[0]) for r in after.query(NAMES).rows}
    assert "Mikhail Fedotov" in names and "Mr Fedotov" not in names and "Fedotov" not in names
