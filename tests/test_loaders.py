"""Tests of graph.loaders: every input is built by hand in tmp_path."""

from __future__ import annotations

import hashlib
import importlib
import random
from pathlib import Path

import pytest

from graph._errors import EmptyDocument, InputError, UnreadableDocument, UnsupportedFormat
from graph.loaders import iter_input_files, load_document
from graph.registry import loaders as loader_registry

from .conftest import SHARED

# ``graph.loaders`` as an attribute is the loader registry (re-exported by graph/__init__.py),
# so the module itself is fetched by name.
loaders_module = importlib.import_module("graph.loaders")
FRENCH = "Réunion à Genève — 30 mars 2021"
SUPPORTED = (r"\.docx, \.htm, \.html, \.jpeg, \.jpg, \.markdown, \.md, \.pdf, \.png, \.tif, "
             r"\.tiff, \.txt")


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def load(folder: Path, name: str, content: str | bytes):
    return load_document(write(folder, name, content))


@pytest.mark.parametrize(
    ("name", "suffixes", "media_type"),
    [
        ("text.v1", (".txt",), "text/plain"),
        ("markdown.v1", (".md", ".markdown"), "text/markdown"),
        ("html.v1", (".html", ".htm"), "text/html"),
    ],
)
def test_builtin_loaders_are_registered(name, suffixes, media_type):
    spec = loader_registry.get(name)
    assert spec.suffixes == suffixes
    assert spec.media_type == media_type


@pytest.mark.parametrize(
    ("name", "content", "text", "media_type"),
    [
        ("a.txt", "Hello, UNESCO.\n", "Hello, UNESCO.\n", "text/plain"),
        ("a.md", "# Hello\n\n**UNESCO**.\n", "Hello\n\nUNESCO.\n", "text/markdown"),
        ("a.markdown", "*Hello*\n", "Hello\n", "text/markdown"),
        ("a.html", "<p>Hello, <b>UNESCO</b>.</p>", "Hello, UNESCO.", "text/html"),
        ("A.HTM", "<p>Hello</p><p>again</p>", "Hello\n\nagain", "text/html"),
    ],
)
def test_each_format_loads(tmp_path, name, content, text, media_type):
    doc = load(tmp_path, name, content)
    assert doc.text == text
    assert doc.media_type == media_type
    assert doc.path == name
    raw = content.encode("utf-8")
    assert doc.content_hash == "sha256:" + hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize(
    ("text", "raw", "encoding", "guessed"),
    [
        (FRENCH, FRENCH.encode("utf-8"), "utf-8", False),
        (FRENCH, FRENCH.encode("utf-8-sig"), "utf-8-sig", False),
        (FRENCH, FRENCH.encode("utf-16"), "utf-16-le", False),  # Python writes a LE mark
        (FRENCH, b"\xfe\xff" + FRENCH.encode("utf-16-be"), "utf-16-be", False),
        (FRENCH, FRENCH.encode("utf-32"), "utf-32-le", False),
        (FRENCH, FRENCH.encode("cp1252"), "cp1252", True),
        # Latin-1 bytes are read as cp1252, its superset for printable characters.
        ("Réunion à Genève, 30 mars 2021", "Réunion à Genève, 30 mars 2021".encode("latin-1"),
         "cp1252", True),
    ],
)
def test_encodings_are_detected_and_recorded(tmp_path, text, raw, encoding, guessed):
    doc = load(tmp_path, "a.txt", raw)
    assert doc.text == text
    assert doc.meta("encoding") == encoding
    assert (doc.meta("encoding-detected-by") == "charset-normalizer") is guessed


def test_newlines_and_unicode_are_normalised_but_nothing_else(tmp_path):
    doc = load(tmp_path, "a.txt", "Gene\u0300ve\r\nParis\rLima\u00a0 Peru\t!\n")
    assert doc.text == "Genève\nParis\nLima\u00a0 Peru\t!\n"


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("# Title", "Title"),
        ("## Title ##", "Title"),
        ("## **Culture Sector Diversity of Cultural Expressions Entity**",
         "Culture Sector Diversity of Cultural Expressions Entity"),
        ("#hashtag stays", "#hashtag stays"),
        ("Some *emphasis* and **bold** text", "Some emphasis and bold text"),
        ("***both*** and ~~gone~~", "both and gone"),
        ("2 * 3 * 4 = 24", "2 * 3 * 4 = 24"),
        ("snake_case_name stays", "snake_case_name stays"),
        (r"\*not emphasis\*", "*not emphasis*"),
        (r"pf0000373434\_rus", "pf0000373434_rus"),
        ("a &lt;b&gt; &amp; c", "a <b> & c"),
        ("Use `kg build` now", "Use kg build now"),
        ("> quoted line", "quoted line"),
        ("- item one", "- item one"),
        ("before\n\n---\n\nafter", "before\n\n\n\nafter"),
        ("See [UNESCO](https://www.unesco.org)", "See UNESCO (https://www.unesco.org)"),
        ("[https://a.org/x](https://a.org/x)", "https://a.org/x"),
        ("![the logo](logo.png)", "the logo"),
        ("<https://a.org>", "https://a.org"),
        ('<a href="https://x.org/p">x.org/p</a>', "x.org/p (https://x.org/p)"),
        ('<a href="https://x.org/a\\_b">https://x.org/a\\_b</a>', "https://x.org/a_b"),
        ("Note<sup>1</sup> here", "Note[1] here"),
        ("le 1<sup>er</sup> janvier", "le 1er janvier"),
        ("Text[^2].", "Text[2]."),
        ("<sup>&</sup>lt;sup>1</sup> See", "[1] See"),
        ("a <!-- hidden --> b<br>", "a  b"),
    ],
)
def test_markdown_is_stripped_to_plain_text(tmp_path, markdown, expected):
    assert load(tmp_path, "a.md", markdown).text == expected


def test_markdown_keeps_one_line_per_line_and_fenced_code(tmp_path):
    source = "# Head\n\n```\n**kept**\n```\ntext\n"
    assert load(tmp_path, "a.md", source).text == "Head\n\n\n**kept**\n\ntext\n"


LETTER = """\


United Nations

## **Culture Sector**

Dr. Prof. Mikhail Fedotov Chairholder

30 mars 2021

Ref.: CLT/DCE/21/CM-1221

<sup>&</sup>lt;sup>1</sup> See <a href="https://unesdoc.unesco.org/ark:/48223/pf0000373434\\_rus">\
https://unesdoc.unesco.org/ark:/48223/pf0000373434\\_rus</a>.

please visit our website: <a href="https://www.unesco.org/creativity">www.unesco.org/creativity</a>.

Yours sincerely,
"""


def test_letter_like_txt_with_markup_becomes_plain_text(tmp_path):
    doc = load(tmp_path, "letter.txt", LETTER)
    assert doc.meta("markup") == "markdown"
    assert doc.media_type == "text/plain"
    assert "[1] See https://unesdoc.unesco.org/ark:/48223/pf0000373434_rus." in doc.text
    assert "www.unesco.org/creativity (https://www.unesco.org/creativity)." in doc.text
    assert "\nCulture Sector\n" in doc.text
    assert not any(mark in doc.text for mark in ("<", "**", "##", "\\_"))
    assert doc.text.count("\n") == LETTER.count("\n")


@pytest.mark.parametrize(
    "plain",
    [
        "# 1 heading line but no bold run\n",
        "Top 10 list\n#1 priority\nwith **bold** words\n",
        "A price of 5 * 3 and a_b_c.\n",
    ],
)
def test_plain_txt_without_clear_markup_is_untouched(tmp_path, plain):
    doc = load(tmp_path, "a.txt", plain)
    assert doc.text == plain
    assert doc.meta("markup") is None


PAGE = """<!DOCTYPE html>
<html lang="fr"><head><title>Réunion
   à Genève</title>
<meta name="dcterms.date" content="2021-03-30">
<style>p { color: red }</style><script>var hidden = "script text";</script></head>
<body>
<header><a href="/">Home</a></header>
<nav><ul><li>Menu item</li></ul></nav>
<div class="cookie-banner">We use cookies</div>
<main>
<h1>Meeting in   Geneva</h1>
<p>The <b>Director-General</b> met the
   Minister &amp; staff.</p>
<p>Second paragraph.<br>New line.</p>
<ul><li>One</li><li>Two</li></ul>
<script>alert("script text")</script>
</main>
<aside>Related stories</aside>
<footer>© UNESCO</footer>
</body></html>
"""


def test_html_keeps_main_content_and_records_metadata(tmp_path):
    doc = load(tmp_path, "page.html", PAGE)
    assert doc.text == (
        "Meeting in Geneva\n\nThe Director-General met the Minister & staff.\n\n"
        "Second paragraph.\nNew line.\n\nOne\nTwo"
    )
    assert doc.meta("title") == "Réunion à Genève"
    assert doc.meta("meta-date") == "2021-03-30"
    assert doc.meta("lang") == "fr"
    assert doc.meta("encoding") == "utf-8"


def test_html_without_main_drops_page_furniture(tmp_path):
    page = """<html><head>
    <meta property="article:published_time" content="2020-06-15T10:00:00Z"></head><body>
    <div id="wm-ipp-base">Wayback toolbar</div>
    <div class="site-footer">Footer links</div>
    <div role="navigation">Skip to content</div>
    <div class="breadcrumb">Home / News</div>
    <header>Site name</header>
    <div class="content"><h2>Headline</h2><p>Body <i>text</i> here.</p>
    <table><tr><td>a</td><td>b</td></tr></table></div>
    <noscript>Enable JS</noscript><template><p>Template</p></template>
    <nav>Menu</nav><footer>Legal</footer>
    </body></html>"""
    doc = load(tmp_path, "page.htm", page)
    assert doc.text == "Headline\n\nBody text here.\n\na b"
    assert doc.meta("meta-date") == "2020-06-15T10:00:00Z"
    assert doc.meta("title") is None


def test_html_header_inside_the_article_is_kept(tmp_path):
    page = "<body><header>Site</header><article><header><h1>Title</h1></header>"
    page += "<p>Text</p></article></body>"
    assert load(tmp_path, "a.html", page).text == "Title\n\nText"


def test_deeply_nested_html_does_not_crash(tmp_path):
    page = "<html><body>" + "<div>" * 5000 + "deep text" + "</div>" * 5000 + "</body></html>"
    assert load(tmp_path, "deep.html", page).text == "deep text"


def test_parser_recursion_error_becomes_unreadable_document(tmp_path, monkeypatch):
    def overflow(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(loaders_module, "BeautifulSoup", overflow)
    with pytest.raises(UnreadableDocument, match="nested too deeply"):
        load(tmp_path, "a.html", "<p>x</p>")


BANNER = (
    "You are viewing an archived web page, collected at the request of The Example "
    "Foundation (TEF) using Archive-It. This page was captured on 13:05:59 Mar 02, 2019, and "
    "is part of the Example collection. The information on this web page may be out of date. "
    "See All versions of this archived page.\n"
    "Loading media information hide\n"
)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.txt", BANNER + "\nThe real title\n\nThe real text.\n"),
        ("page.html", "<body><p>" + BANNER.replace("\n", "</p><p>") + "</p>"
         "<h1>The real title</h1><p>The real text.</p></body>"),
    ],
)
def test_archive_banner_is_blanked_and_capture_date_recorded(tmp_path, name, content):
    doc = load(tmp_path, name, content)
    assert doc.meta("archived-by") == "Archive-It"
    assert doc.meta("archive-captured") == "2019-03-02"
    assert "archived web page" not in doc.text
    assert "Loading media" not in doc.text
    assert doc.text.lstrip("\n").startswith("The real title\n\nThe real text.")


def test_archive_banner_lines_become_empty_lines(tmp_path):
    content = "  \n" + BANNER + "\nThe real title\n"
    doc = load(tmp_path, "page.txt", content)
    assert doc.text == "  \n\n\n\nThe real title\n"


def test_archive_banner_text_later_in_the_document_stays(tmp_path):
    content = "Title\n\n" + BANNER
    doc = load(tmp_path, "page.txt", content)
    assert doc.text == content
    assert doc.meta("archived-by") is None


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\t\r\n", "whitespace"),
        ("bom-only.txt", b"\xef\xbb\xbf", "whitespace"),
        ("banner.txt", BANNER.encode(), "no text is left"),
        ("furniture.html", b"<nav>Menu</nav><script>x()</script>", "no text is left"),
    ],
)
def test_empty_documents_are_refused(tmp_path, name, content, reason):
    with pytest.raises(EmptyDocument, match=reason):
        load(tmp_path, name, content)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("garbage.txt", random.Random(7).randbytes(4096), "looks binary"),
        ("png.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "looks binary"),
        ("controls.txt", bytes(range(1, 9)) * 100 + b"text", "control characters"),
        ("bad-bom.txt", b"\xff\xfe" + b"a\x00b", "byte order mark"),
    ],
)
def test_binary_files_are_unreadable(tmp_path, name, content, reason):
    with pytest.raises(UnreadableDocument, match=reason):
        load(tmp_path, name, content)


def test_files_above_the_size_limit_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(loaders_module, "MAX_BYTES", 10)
    with pytest.raises(UnreadableDocument, match="11 bytes, above the limit of 10"):
        load(tmp_path, "big.txt", "0123456789\n")
    assert load(tmp_path, "ok.txt", "012345678\n").text == "012345678\n"


def test_unsupported_suffix_lists_the_supported_ones(tmp_path):
    path = write(tmp_path, "scan.odt", b"PK\x03\x04")
    with pytest.raises(UnsupportedFormat, match=f"Supported suffixes: {SUPPORTED}"):
        load_document(path)
    with pytest.raises(UnsupportedFormat, match="Supported suffixes"):
        list(iter_input_files([path]))


def test_missing_input_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_document(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="no such file or folder"):
        list(iter_input_files([tmp_path / "missing"]))


def test_document_path_is_relative_to_root_with_posix_separators(tmp_path):
    path = write(tmp_path, "letters/2021/a.txt", "Text")
    assert load_document(path, root=tmp_path).path == "letters/2021/a.txt"
    assert load_document(path).path == "a.txt"
    with pytest.raises(InputError, match="not inside"):
        load_document(path, root=tmp_path / "elsewhere")


def test_iter_input_files_walks_folders_sorted_and_survives_symlink_loops(tmp_path):
    root = tmp_path / "in"
    write(root, "Réunion à Genève 2021.txt", "x")
    write(root, "b.md", "x")
    write(root, "image.gif", b"GIF89a")  # no loader reads GIFs (PNG, JPEG, TIFF are OCR-read)
    write(root, ".hidden.txt", "x")
    write(root, ".git/config.txt", "x")
    write(root, "sub/c.html", "<p>x</p>")
    write(root, "sub/deeper/d.txt", "x")
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (root / "sub" / "deeper" / "up").symlink_to(root / "sub", target_is_directory=True)
    single = write(tmp_path, "single letter.md", "x")

    found = [(rel, path) for path, rel in iter_input_files([root, single])]
    assert [rel for rel, _ in found] == [
        "Réunion à Genève 2021.txt",
        "b.md",
        "sub/c.html",
        "sub/deeper/d.txt",
        "single letter.md",
    ]
    assert all(path.is_file() for _, path in found)
    assert load_document(found[0][1], root=root).path == "Réunion à Genève 2021.txt"


def test_iter_input_files_gives_each_folder_once(tmp_path):
    write(tmp_path, "in/a.txt", "x")
    assert [rel for _, rel in iter_input_files([tmp_path / "in", tmp_path / "in"])] == ["a.txt"]


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="the shared seed corpus is absent")
def test_seed_documents_load(tmp_path):
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        doc = load_document(path)
        assert doc.text.strip()
        assert "<sup>" not in doc.text and "<a href" not in doc.text
        assert "You are viewing an archived web page" not in doc.text
