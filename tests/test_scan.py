"""OCR inside the build (graph/_scan.py, _load_scan.py, _tesseract.py) on real scans: letters and
a two-column page drawn by Pillow at 300 dpi (tests/scans.py), saved as PNG, TIFF and an
image-only PDF, built end to end by Tesseract in the worker processes. Bad input: an image of
20,000 x 20,000 pixels, a corrupt TIFF, a PDF of 500 blank pages, an image with no text."""

from __future__ import annotations

import re
import resource
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from rdflib import Graph, Literal, URIRef

from graph import _scan, build
from graph._load_scan import MAX_PIXELS
from graph._namespaces import DCTERMS, KG, OA, ORG, RDF, RDFS, SCHEMA, XSD
from graph._scan import OcrSettings
from graph._tesseract import INSTALL, engine
from graph.cli import main
from tests.scans import COLUMNS, LETTER_EN, LETTER_FR, page, save

needs_tesseract = pytest.mark.skipif(
    engine() is None or not {"eng", "fra"} <= engine().languages,  # type: ignore[union-attr]
    reason=f"Tesseract with English and French data is not installed ({INSTALL})")


def _bad_inputs(folder: Path) -> None:
    Image.new("1", (20_000, 20_000), 1).save(folder / "huge.png")  # 400 million pixels
    good = folder / "letter.tif"
    (folder / "corrupt.tif").write_bytes(good.read_bytes()[:4000])  # cut in its first strip
    from pypdf import PdfWriter

    blank = PdfWriter()
    for _ in range(500):
        blank.add_blank_page(595, 842)
    blank.write(folder / "blank-500.pdf")
    noise = Image.effect_noise(page("").size, 8).point(lambda v: 230 + v // 16)
    save([noise], folder / "no-text.png")  # a grey sheet with scanner noise, no print


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object, Graph]:
    """The scans built once with two worker processes and a page cache."""
    folder = tmp_path_factory.mktemp("scans")
    docs = folder / "in"
    save([page(LETTER_FR)], docs / "lettre.png")
    save([page(p) for p in LETTER_EN], docs / "letter.tif")
    save([page(LETTER_FR, size_pt=12)], docs / "lettre-scan.pdf")
    save([page("", columns=COLUMNS)], docs / "columns.png")
    (docs / "note.txt").write_text("Mr Tobias Renwick wrote to the Ashcombe Record Office.\n")
    _bad_inputs(docs)
    ocr = OcrSettings(cache=str(folder / "ocr-cache"))
    result = build([docs], workers=2, ocr=ocr)
    return folder, result, result.union()


def _doc(g: Graph, path: str) -> URIRef:
    (doc,) = g.subjects(DCTERMS.source, Literal(path))
    assert isinstance(doc, URIRef)
    return doc


def _name(g: Graph, node: object) -> str:
    return str(g.value(node, SCHEMA.name))  # type: ignore[arg-type]


def _pages(g: Graph, doc: URIRef, entity_name: str) -> set[int]:
    """The pages of the mentions of the entity named ``entity_name`` in ``doc``."""
    pages = set()
    for entity in g.subjects(SCHEMA.name, Literal(entity_name)):
        for annotation in g.subjects(OA.hasBody, entity):
            target = g.value(annotation, OA.hasTarget)
            if g.value(target, OA.hasSource) == doc:
                pages.add(int(g.value(g.value(target, OA.hasSelector), KG.page)))
    return pages


def _posts(g: Graph) -> set[tuple[str, str, str]]:
    return {(_name(g, g.value(m, ORG.member)), str(g.value(g.value(m, ORG.role), RDFS.label)),
             _name(g, g.value(m, ORG.organization))) for m in g.subjects(ORG.member, None)}


@needs_tesseract
@pytest.mark.parametrize("path", ["lettre.png", "lettre-scan.pdf"])
def test_scanned_french_letter_gives_its_facts(scans, path: str) -> None:
    _, _, g = scans
    doc = _doc(g, path)
    assert _name(g, g.value(doc, SCHEMA.sender)) == "Armelle Fontenay"
    assert "Odile Varenne" in _name(g, g.value(doc, SCHEMA.recipient))
    assert g.value(doc, SCHEMA.dateSent) == Literal("2022-05-12", datatype=XSD.date)
    assert str(g.value(doc, SCHEMA.identifier)) == "IAL/DG/22-0317"
    assert str(g.value(doc, SCHEMA.inLanguage)) == "fr"
    assert ("Armelle Fontenay", "Directrice", "Institut des Archives Lumineuses") in _posts(g)
    assert _pages(g, doc, "Bastien Quérel") == {1}
    recognition = g.value(doc, KG.ocr)
    assert str(g.value(recognition, KG.ocrLanguage)) == "fra"  # detected on the page


@needs_tesseract
def test_scanned_two_page_tiff_keeps_each_mention_on_its_page(scans) -> None:
    _, _, g = scans
    doc = _doc(g, "letter.tif")
    assert _name(g, g.value(doc, SCHEMA.sender)) == "Harriet Osei"
    assert _name(g, g.value(doc, SCHEMA.recipient)) == "Tobias Renwick"
    assert g.value(doc, SCHEMA.dateSent) == Literal("2023-03-14", datatype=XSD.date)
    assert str(g.value(doc, SCHEMA.identifier)) == "NHT/ARC/2023/118"
    assert int(g.value(doc, KG.pageCount)) == 2
    assert _pages(g, doc, "Tobias Renwick") == {1}
    assert _pages(g, doc, "Harriet Osei") == {2}
    assert _pages(g, doc, "Northfield Heritage Trust") == {1, 2}  # page 2's header is blanked:
    # its only mention there is in the signature block
    exact = {str(o) for o in g.objects(None, OA.exact)}
    assert not any(re.fullmatch(r"-?\s*2\s*-?", e) for e in exact)


@needs_tesseract
def test_two_columns_are_read_one_after_the_other(scans) -> None:
    folder, _, g = scans
    from graph.loaders import load_document

    with _scan.ocr_settings(OcrSettings(cache=str(folder / "ocr-cache"))):
        text = load_document(folder / "in" / "columns.png").text
    assert text.index("pattern archive") < text.index("The museum's curator")
    assert "Marguerite Lindgren, opened the session" in text  # the column's lines joined
    people = {_name(g, p) for p in g.subjects(None, SCHEMA.Person)} | {
        str(n) for p in g.subjects(RDFS.label, None) for n in g.objects(p, SCHEMA.name)}
    assert {"Marguerite Lindgren", "Daniel Okonkwo-Reyes"} <= people


@needs_tesseract
def test_provenance_records_the_engine_and_each_mentions_confidence(scans) -> None:
    _, result, g = scans
    tool = engine()
    assert tool is not None
    for path, pages in [("lettre.png", 1), ("letter.tif", 2), ("lettre-scan.pdf", 1),
                        ("columns.png", 1)]:
        doc = _doc(g, path)
        run = g.value(doc, KG.ocr)
        assert (run, RDF.type, KG.Recognition) in g
        assert str(g.value(run, KG.ocrEngine)) == "Tesseract"
        assert str(g.value(run, KG.ocrEngineVersion)) == tool.version
        assert int(g.value(run, KG.pagesRecognised)) == pages
        assert 0.5 < float(g.value(run, KG.meanOcrConfidence)) <= 1
        targets = [t for t in g.subjects(OA.hasSource, doc)]
        annotations = [a for t in targets for a in g.subjects(OA.hasTarget, t)]
        assert annotations
        for annotation in annotations:
            confidence = float(g.value(annotation, KG.ocrConfidence))
            assert 0 <= confidence <= 1
    text_doc = _doc(g, "note.txt")
    assert g.value(text_doc, KG.ocr) is None
    assert result.validation is not None and result.validation.conforms
    assert re.fullmatch(r"5 pages recognised, mean confidence 0\.\d\d", result.summary()["ocr"])


def test_bad_inputs_are_reported_and_the_rest_is_built(scans) -> None:
    _, result, _ = scans
    failures = {f.path: f.reason for f in result.failures}
    assert set(failures) == {"huge.png", "corrupt.tif", "blank-500.pdf", "no-text.png"}
    assert f"above the limit of {MAX_PIXELS:,}" in failures["huge.png"]
    assert "cannot be decoded" in failures["corrupt.tif"] or "not a PNG" in failures["corrupt.tif"]
    assert "recognised no text on its 500 page(s)" in failures["blank-500.pdf"]
    assert "no text was recognised on its 1 page(s)" in failures["no-text.png"]
    assert {d.path for d in result.documents} >= {"note.txt"}


def test_a_huge_image_is_refused_before_its_pixels_are_decoded(scans) -> None:
    folder, _, _ = scans
    from graph._errors import UnreadableDocument
    from graph.loaders import load_document

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB
    started = time.perf_counter()
    with pytest.raises(UnreadableDocument, match="above the limit"):
        load_document(folder / "in" / "huge.png")
    # 400 million pixels would take 400 MB decoded: the refusal takes neither memory nor time
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000
    assert time.perf_counter() - started < 5


def test_five_hundred_blank_pages_take_no_recognition(scans) -> None:
    folder, _, _ = scans
    from graph._errors import EmptyDocument
    from graph.loaders import load_document

    before, started = _scan.RECOGNITIONS[0], time.perf_counter()
    with pytest.raises(EmptyDocument, match="500 page"):
        load_document(folder / "in" / "blank-500.pdf")
    assert _scan.RECOGNITIONS[0] == before  # blank pages are neither rendered nor recognised
    assert time.perf_counter() - started < 30


@needs_tesseract
def test_a_rebuild_never_recognises_a_page_twice(scans) -> None:
    folder, first, _ = scans
    cached = sorted((folder / "ocr-cache").rglob("*.tsv.gz"))
    # 5 pages, the two French ones read with English first to find their language: 7 readings
    assert len(cached) == 7
    before = _scan.RECOGNITIONS[0]
    again = build([folder / "in" / name for name in ("lettre.png", "letter.tif",
                                                     "lettre-scan.pdf", "columns.png")],
                  workers=1, ocr=OcrSettings(cache=str(folder / "ocr-cache")))
    assert _scan.RECOGNITIONS[0] == before  # every page came from the cache
    assert again.summary()["ocr"] == first.summary()["ocr"]
    assert len(sorted((folder / "ocr-cache").rglob("*.tsv.gz"))) == 7


def test_without_tesseract_scans_fail_with_the_reason_and_text_is_built(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save([page("Letter from Harriet Osei")], tmp_path / "in" / "scan.png")
    (tmp_path / "in" / "note.txt").write_text("Harriet Osei wrote to Tobias Renwick.\n")
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    engine.cache_clear()
    try:
        result = build([tmp_path / "in"])
    finally:
        monkeypatch.undo()
        engine.cache_clear()
    assert [(f.path, f.stage) for f in result.failures] == [("scan.png", "load")]
    assert "Tesseract is not installed: apt-get install tesseract-ocr" in result.failures[0].reason
    assert [d.path for d in result.documents] == ["note.txt"]


def test_ocr_never_reads_no_image(tmp_path: Path) -> None:
    save([page("Letter from Harriet Osei")], tmp_path / "in" / "scan.png")
    result = build([tmp_path / "in"], ocr=OcrSettings(mode="never"))
    assert "OCR is off (--ocr never)" in result.failures[0].reason


@needs_tesseract
def test_ocr_lang_names_the_language_data_to_use(tmp_path: Path) -> None:
    save([page(LETTER_EN[0])], tmp_path / "in" / "letter.png")
    result = build([tmp_path / "in"], ocr=OcrSettings(lang="eng+fra"))
    doc = _doc(result.union(), "letter.png")
    assert str(result.union().value(result.union().value(doc, KG.ocr), KG.ocrLanguage)) == \
        "eng+fra"
    done = CliRunner().invoke(main, ["build", str(tmp_path / "in"), "-o",
                                     str(tmp_path / "out.ttl"), "--ocr-lang", "klingon"])
    assert done.exit_code == 2
    assert "no Tesseract language data for klingon" in done.output
    assert "Installed: eng, fra" in done.output


def test_build_help_lists_the_ocr_options() -> None:
    done = CliRunner().invoke(main, ["build", "--help"])
    assert "--ocr [never|auto|always]" in done.output and "--ocr-lang" in done.output


@needs_tesseract
def test_a_jpeg_scan_is_read(tmp_path: Path) -> None:
    save([page(LETTER_EN[0])], tmp_path / "in" / "letter.jpg")
    result = build([tmp_path / "in"])
    assert not result.failures
    g = result.union()
    doc = _doc(g, "letter.jpg")
    assert g.value(doc, KG.ocr) is not None
    assert str(g.value(doc, SCHEMA.identifier)) == "NHT/ARC/2023/118"


@needs_tesseract
def test_ocr_always_recognises_a_page_that_has_a_text_layer(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=14)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Letter from Harriet Osei to Tobias Renwick about the archive of "
                         "the Northfield Heritage Trust.")
    (tmp_path / "in").mkdir()
    pdf.output(str(tmp_path / "in" / "typed.pdf"))
    auto = build([tmp_path / "in"]).union()
    assert auto.value(_doc(auto, "typed.pdf"), KG.ocr) is None  # the text layer is read
    always = build([tmp_path / "in"], ocr=OcrSettings(mode="always")).union()
    assert always.value(_doc(always, "typed.pdf"), KG.ocr) is not None
    names = {str(o) for o in always.objects(None, SCHEMA.name)}
    assert "Harriet Osei" in names
