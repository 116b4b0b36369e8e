"""The interactive HTML page, opened in a real headless Chromium through Playwright.

It must load with no console error and no network request, draw every node of the view, and
answer the mouse. Skipped, with the reason, where Playwright or a Chromium binary is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from graph.views import view, write_view

from .conftest import CHROMIUM, REPO

SMALL = REPO / "tests" / "fixtures" / "views" / "small.ttl"


playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright Python package is not installed"
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium browser found (install Debian's `chromium`, or set KG_CHROMIUM)",
)


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1100, "height": 800})
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, problems, requests


@pytest.mark.parametrize("name", ["comention", "letters"])
def test_page_shows_every_node_offline_without_errors(browser, tmp_path, name):
    G = view(Graph().parse(SMALL, format="turtle"), name)
    path = tmp_path / f"{name}.html"
    write_view(G, path)
    page, problems, requests = _open(browser, path)
    try:
        assert page.locator("svg#view g.node").count() == G.number_of_nodes()
        assert page.locator("svg#view line").count() == G.number_of_edges()
        shown = page.locator("svg#view text").all_text_contents()
        assert sorted(shown) == sorted(d["label"] for _, d in G.nodes(data=True))
        assert page.locator("#count").text_content() == (
            f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
        # the only request is the page itself: nothing is fetched from anywhere
        assert requests == [path.as_uri()]
        assert problems == []
    finally:
        page.close()


def test_page_answers_hover_click_and_search(browser, tmp_path):
    G = view(Graph().parse(SMALL, format="turtle"), "comention")
    path = tmp_path / "comention.html"
    write_view(G, path)
    page, problems, _ = _open(browser, path)
    try:
        bob = page.locator('g.node[data-id="https://example.org/kg/id/bob"]')
        bob.hover()
        # Bob was never mentioned with Cat: Cat dims, Ann (mentioned with Bob) does not
        cat = page.locator('g.node[data-id="https://example.org/kg/id/cat"]')
        ann = page.locator('g.node[data-id="https://example.org/kg/id/ann"]')
        assert "dim" in (cat.get_attribute("class") or "")
        assert "dim" not in (ann.get_attribute("class") or "")
        bob.click()
        info = page.locator("#info")
        assert info.is_visible()
        assert "Ann Example" in (info.text_content() or "")
        assert "a.txt" in (info.text_content() or "")
        page.mouse.move(5, 700)
        page.fill("#search", "paris")
        assert page.locator("g.node:not(.dim)").count() == 1
        assert problems == []
    finally:
        page.close()


def test_text_of_the_graph_cannot_break_out_of_the_page(browser, tmp_path):
    g = Graph().parse(data="""
        @prefix schema: <https://schema.org/> .
        <https://example.org/a> a schema:Person ; schema:name "</script><script>alert(1)</script>" .
        <https://example.org/b> a schema:Person ; schema:name "<b>Bold</b> & co" .
        <https://example.org/d> schema:mentions <https://example.org/a>, <https://example.org/b> .
        """, format="turtle")
    path = tmp_path / "hostile.html"
    write_view(view(g, "comention"), path)
    page, problems, _ = _open(browser, path)
    try:
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        shown = sorted(page.locator("svg#view text").all_text_contents())
        assert shown == ["</script><script>alert(1)</script>", "<b>Bold</b> & co"]
        assert dialogs == [] and problems == []
    finally:
        page.close()
