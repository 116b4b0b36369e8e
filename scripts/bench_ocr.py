"""OCR figures for the README: pages recognised per second, and how much of a letter's graph OCR
keeps (entity F1 of the scanned letter against the same letter built from its text).

    python scripts/bench_ocr.py [--repeat 2]

Pages are drawn by tests/scans.py (A4, 300 dpi). Speed: every page read by Tesseract in this
process, without the page cache (``load_document``: rendering a PDF page, recognition, layout
and clean-up). F1: the (type, name) pairs of the entities of each scanned letter's graph, scored
against those of the letter written as a .txt file.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph import build
from graph._scan import OcrSettings, ocr_settings
from graph._tesseract import engine
from graph.loaders import load_document
from tests.scans import COLUMNS, LETTER_EN, LETTER_FR, page, save


def _entities(folder: Path) -> set[tuple[str, str]]:
    g = build([folder], ocr=OcrSettings()).union()
    rows = g.query("""PREFIX schema: <https://schema.org/>
        SELECT ?type ?name WHERE { ?e a ?type ; schema:name ?name .
          VALUES ?type { schema:Person schema:Organization schema:Place schema:Event } }""")
    return {(str(r[0]).rsplit("/", 1)[-1], str(r[1])) for r in rows}  # type: ignore[index]


def f1(found: set[tuple[str, str]], gold: set[tuple[str, str]]) -> float:
    hits = len(found & gold)
    return 2 * hits / (len(found) + len(gold)) if found or gold else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="times each page is read")
    args = parser.parse_args()
    tool = engine()
    if tool is None:
        sys.exit("Tesseract is not installed: apt-get install tesseract-ocr tesseract-ocr-eng "
                 "tesseract-ocr-fra")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = [save([page(LETTER_FR)], root / "speed" / "lettre.png"),
                 save([page(p) for p in LETTER_EN], root / "speed" / "letter.tif"),
                 save([page(LETTER_FR)], root / "speed" / "lettre.pdf"),
                 save([page("", columns=COLUMNS)], root / "speed" / "columns.png")]
        pages, started = 0, time.perf_counter()
        with ocr_settings(OcrSettings(cache=None)):
            for _ in range(args.repeat):
                for file in files:
                    pages += int(load_document(file).meta("pages") or 1)
        seconds = time.perf_counter() - started
        print(f"{tool.name}: {pages} pages in {seconds:.1f} s, "
              f"{pages / seconds:.2f} pages/s in one process")
        for name, scan, text in [("French letter (PNG)", [page(LETTER_FR)], LETTER_FR),
                                 ("English letter (2-page TIFF)", [page(p) for p in LETTER_EN],
                                  "\n\n".join(LETTER_EN))]:
            suffix = ".tif" if len(scan) > 1 else ".png"
            save(scan, root / name / "scan" / f"letter{suffix}")
            (root / name / "text").mkdir(parents=True)
            (root / name / "text" / "letter.txt").write_text(text + "\n", encoding="utf-8")
            gold, found = _entities(root / name / "text"), _entities(root / name / "scan")
            print(f"{name}: entity F1 {f1(found, gold):.3f} against the text letter "
                  f"({len(found & gold)} of {len(gold)} entities; "
                  f"missed {sorted(gold - found)}; extra {sorted(found - gold)})")


if __name__ == "__main__":
    main()
