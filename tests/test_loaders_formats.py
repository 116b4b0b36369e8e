"""The loaders on every format: PDF and DOCX made here with fpdf2 and python-docx, text in six
encodings, HTML pages with page furniture, Markdown converted from a PDF; file properties in the
graph, kept apart from what the text says, and PDF pages named in provenance."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from graph._errors import EmptyDocument, UnreadableDocument
from graph._load_pdf import page_of
from graph._namespaces import DCTERMS, KG, OA, SCHEMA
from graph.loaders import load_document

CORPUS = Path(__file__).parent / "corpus" / "formats"


# --- makers, also used by test_languages and test_hostile ----------------------------------------
def make_pdf(path: Path, pages: list[str], *, title: str | None = None,
             author: str | None = None, lang: str | None = None,
             created: datetime | None = None) -> Path:
    """A PDF with one page per string (Helvetica: Latin-1 text only), and these properties."""
    from fpdf import FPDF

    pdf = FPDF()
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    if lang:
        pdf.set_lang(lang)
    if created:
        pdf.set_creation_date(created)
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF whose page holds only drawings (as a scan holds only an image): no text layer."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    for i in range(20):
        pdf.rect(10 + i * 5, 10 + i * 5, 50, 20, style="F")
    pdf.output(str(path))
    return path


def make_docx(path: Path, paragraphs: list[str], *, table: list[list[str]] | None = None,
              title: str | None = None, author: str | None = None, lang: str | None = None,
              header: str | None = None) -> Path:
    """A Word document: paragraphs, then a table, with these core properties and page header."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    if header:
        document.sections[0].header.paragraphs[0].text = header
    props = document.core_properties
    props.title, props.author, props.language = title or "", author or "", lang or ""
    props.created = datetime(2021, 3, 30, 10, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def graph_of(*paths: Path, extractors: list[str] | None = None) -> Graph:
    from graph.pipeline import build

    result = build(list(paths), extractor_names=extractors)
    assert result.failures == []
    return result.union()


# --- PDF ----------------------------------------------------------------------------------------
PAGES = ["Paris, 30 March 2021\nDear Ms Anna Keller,\nThank you for your letter.",
         "The second page names the Executive Board.",
         "Page three closes the letter.\nYours sincerely"]


def test_pdf_text_is_read_page_by_page_with_page_starts(tmp_path):
    doc = load_document(make_pdf(tmp_path / "letter.pdf", PAGES))
    assert doc.media_type == "application/pdf"
    assert doc.meta("pages") == "3"
    starts = [int(s) for s in (doc.meta("page-starts") or "").split()]
    assert len(starts) == 3 and starts[0] == 0
    for number, (start, page) in enumerate(zip(starts, PAGES, strict=True), start=1):
        first_line = page.split("\n")[0]
        assert doc.text[start:].startswith(first_line)
        assert page_of(start + 3, starts) == number
    assert "Executive Board" in doc.text
    assert doc.content_hash.startswith("sha256:")


def test_pdf_properties_are_recorded_as_file_metadata(tmp_path):
    path = make_pdf(tmp_path / "p.pdf", PAGES, title="Letter to the Chair", author="CLT/DCE",
                    lang="en-GB", created=datetime(2021, 3, 29, 17, 5))
    doc = load_document(path)
    assert doc.meta("title") == "Letter to the Chair"
    assert doc.meta("author") == "CLT/DCE"
    assert doc.meta("lang") == "en-GB"
    assert doc.meta("created") == "2021-03-29"


@pytest.mark.parametrize("title", ["Microsoft Word - lettre finale.docx", "scan0001.pdf",
                                   "Untitled"])
def test_pdf_titles_written_by_programs_are_not_recorded(tmp_path, title):
    doc = load_document(make_pdf(tmp_path / "p.pdf", PAGES, title=title))
    assert doc.meta("title") is None


def test_scanned_pdf_asks_for_ocr(tmp_path):
    with pytest.raises(EmptyDocument, match="scanned PDF without a text layer: run OCR first"):
        load_document(make_scanned_pdf(tmp_path / "scan.pdf"))


@pytest.mark.parametrize(("user_password", "readable"), [("secret", False), (None, True)])
def test_password_protected_pdf_is_refused_and_owner_protected_one_read(
        tmp_path, user_password, readable):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password=user_password)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "The text of a protected letter, long enough to count as text.")
    path = tmp_path / "protected.pdf"
    pdf.output(str(path))
    if readable:
        assert "protected letter" in load_document(path).text
    else:
        with pytest.raises(UnreadableDocument, match="encrypted with a password"):
            load_document(path)


def test_file_that_is_not_a_pdf_says_so(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_text("just text, wrongly named", "utf-8")
    with pytest.raises(UnreadableDocument, match=r"not a PDF \(no %PDF- header\)"):
        load_document(path)


@pytest.mark.slow
def test_provenance_names_the_pdf_page(tmp_path):
    path = make_pdf(tmp_path / "minutes.pdf", [
        "Summary record of the meeting held in Paris on 3 May 2021.",
        "The Executive Board of UNESCO met again in Nairobi, Kenya, on 4 May 2021.",
    ])
    g = graph_of(path)
    pages = {}
    for selector in g.subjects(OA.exact, None):
        exact = str(g.value(selector, OA.exact))
        page = g.value(selector, KG.page)
        assert page is not None and page.datatype == XSD.positiveInteger
        pages[exact] = int(page)
    assert pages["Paris"] == 1
    assert pages["Nairobi"] == 2
    doc = next(g.subjects(DCTERMS.source, Literal("minutes.pdf")))
    assert g.value(doc, KG.pageCount) == Literal(2, datatype=XSD.nonNegativeInteger)


# --- DOCX ---------------------------------------------------------------------------------------
def test_docx_body_and_tables_in_reading_order_without_headers(tmp_path):
    path = make_docx(tmp_path / "note.docx", ["Note for the file", "Geneva, 5 April 2022"],
                     table=[["Name", "Post"], ["Anna Keller", "Chairperson"]],
                     title="Note for the file", author="Secretariat", lang="fr-FR",
                     header="CONFIDENTIAL - page header")
    doc = load_document(path)
    assert doc.text == ("Note for the file\nGeneva, 5 April 2022\nName\tPost\n"
                        "Anna Keller\tChairperson")
    assert "CONFIDENTIAL" not in doc.text
    assert doc.meta("title") == "Note for the file"
    assert doc.meta("author") == "Secretariat"
    assert doc.meta("lang") == "fr-FR"
    assert doc.meta("created") == "2021-03-30"
    assert doc.media_type.endswith("wordprocessingml.document")


def test_docx_without_body_text_is_empty(tmp_path):
    with pytest.raises(EmptyDocument, match="no text in its body"):
        load_document(make_docx(tmp_path / "blank.docx", ["", "  "]))


def test_docx_missing_its_main_part_is_unreadable(tmp_path):
    good = make_docx(tmp_path / "good.docx", ["Some text"])
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info))
    with pytest.raises(UnreadableDocument, match="cannot be read"):
        load_document(broken)


# --- text in several encodings ------------------------------------------------------------------
LETTER = (CORPUS / "lettre_fr.txt").read_text("utf-8")
CP1252_TEXT = "Le “rapport” coûte 5 € – voir l’annexe.\n" + LETTER


@pytest.mark.parametrize(("encoding", "text", "recorded"), [
    ("utf-8", LETTER, {"utf-8"}),
    ("utf-8-sig", LETTER, {"utf-8-sig"}),
    ("utf-16", LETTER, {"utf-16-le", "utf-16-be"}),
    ("utf-16-be", "\ufeff" + LETTER, {"utf-16-be"}),
    ("cp1252", CP1252_TEXT, {"cp1252"}),
    ("latin-1", LETTER, {"cp1252", "latin_1", "iso8859_15"}),
])
def test_text_in_common_encodings_is_decoded_and_the_encoding_recorded(
        tmp_path, encoding, text, recorded):
    path = tmp_path / f"letter-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    doc = load_document(path)
    assert doc.text == text.lstrip("\ufeff")
    assert doc.meta("encoding") in recorded


def test_the_encoding_used_reaches_the_graph(tmp_path):
    path = tmp_path / "lettre.txt"
    path.write_bytes(CP1252_TEXT.encode("cp1252"))
    g = graph_of(path, extractors=["document.v1"])
    doc = next(g.subjects(DCTERMS.source, Literal("lettre.txt")))
    assert g.value(doc, KG.encoding) == Literal("cp1252")


# --- HTML and Markdown --------------------------------------------------------------------------
def test_html_page_keeps_its_main_content_and_drops_the_furniture():
    doc = load_document(CORPUS / "press_release.html")
    assert doc.text.startswith("Experts meet in Nairobi on documentary heritage\n\nNairobi, 14 May")
    assert "Ms Amina Wanjiru, Director of the Kenya National Archives" in doc.text
    assert "Participants agreed on a regional action plan." in doc.text
    for furniture in ("Wayback", "cookies", "Log in", "Building peace", "Home", "Related:",
                      "Terms of use", "newsletter", "color: red"):
        assert furniture not in doc.text, furniture
    assert doc.meta("title") == "Experts meet in Nairobi on documentary heritage | UNESCO"
    assert doc.meta("meta-date") == "2019-05-14"
    assert doc.meta("lang") == "en"


def test_markdown_converted_from_pdf_keeps_footnote_marks_and_link_targets():
    doc = load_document(CORPUS / "report_from_pdf.md")
    lines = doc.text.split("\n")
    source = (CORPUS / "report_from_pdf.md").read_text("utf-8").split("\n")
    assert len(lines) == len(source)  # one output line per input line: offsets map to lines
    assert lines[0] == "Summary Report of the Expert Meeting"
    assert "neurotechnology[1] was held" in doc.text
    assert "Professor Lucas Moreau.[2]" in doc.text
    assert ("Recommendation on the Ethics of Artificial Intelligence "
            "(https://unesdoc.unesco.org/ark:/48223/pf0000381137)") in doc.text
    assert "<sup>" not in doc.text and "**" not in doc.text


def test_file_properties_are_kept_apart_from_text_facts(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html lang='fr'><head><title>Titre du fichier</title>"
                    "<meta name='date' content='2020-01-02T10:00:00Z'></head><body><main>"
                    "<h1>Le titre lu dans le texte</h1><p>Paris, le 30 mars 2021</p>"
                    "</main></body></html>", "utf-8")
    g = graph_of(path, extractors=["document.v1"])
    doc = next(g.subjects(DCTERMS.source, Literal("page.html")))
    assert g.value(doc, KG.fileTitle) == Literal("Titre du fichier")
    assert g.value(doc, KG.fileDate) == Literal("2020-01-02", datatype=XSD.date)
    assert g.value(doc, KG.declaredLanguage) == Literal("fr")
    assert g.value(doc, SCHEMA.dateCreated) == Literal("2021-03-30", datatype=XSD.date)


def test_an_archive_capture_is_recorded_as_such(tmp_path):
    path = tmp_path / "archived page.txt"
    path.write_text(
        "You are viewing an archived web page, collected at the request of United Nations "
        "Educational, Scientific and Cultural Organization (UNESCO) using Archive-It. This page "
        "was captured on 04:20:06 Jun 25, 2020, and is part of the UNESCO collection.\n"
        "Loading media information hide\n\nExperts meet in Paris\n\nOn 15 June 2020, experts "
        "met in Paris.\n", "utf-8")
    doc = load_document(path)
    assert doc.text.split("\n")[:2] == ["", ""]  # the banner is blanked, the lines stay
    g = graph_of(path, extractors=["document.v1"])
    source = next(g.subjects(DCTERMS.source, Literal("archived page.txt")))
    assert g.value(source, KG.archivedBy) == Literal("Archive-It")
    assert g.value(source, KG.archivedOn) == Literal("2020-06-25", datatype=XSD.date)
