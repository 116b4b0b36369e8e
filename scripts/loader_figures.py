"""Time and peak memory of the loaders on generated files, each loaded in a fresh interpreter.

    PYTHONPATH=. python scripts/loader_figures.py

Generates, in a temporary folder: a 50-page PDF, a Word document of 2,000 paragraphs, a 40 MB
and a 100 MB text file, a .docx zip bomb (1 GiB inflated) and an HTML page nested 50,000 deep.
Prints, per file, the outcome (characters loaded, or the reason it was refused), the seconds the
load took and how far the peak RSS grew during the load (imports excluded).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_MEASURE = """
import json, resource, sys, time
from pathlib import Path
import docx, pypdf
from graph.loaders import load_document
from graph._errors import InputError
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    outcome = f"{len(load_document(Path(sys.argv[1])).text):,} characters"
except InputError as exc:
    outcome = "refused: " + exc.reason
seconds = time.perf_counter() - started
growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"outcome": outcome, "seconds": seconds, "growth_mb": growth / 1024}))
"""
SENTENCE = "The Executive Board of UNESCO met in Paris on 3 May 2021 to discuss the report. "


def make_files(folder: Path) -> list[Path]:
    from docx import Document
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    for _ in range(50):
        pdf.add_page()
        pdf.multi_cell(0, 5, SENTENCE * 30)
    pdf.output(str(folder / "fifty-pages.pdf"))
    document = Document()
    for _ in range(2000):
        document.add_paragraph(SENTENCE * 3)
    document.save(str(folder / "long.docx"))
    for mb in (40, 100):
        with (folder / f"text-{mb}mb.txt").open("wb") as f:
            line = (SENTENCE * 4 + "\n").encode()
            for _ in range(mb * 1024 * 1024 // len(line)):
                f.write(line)
    with zipfile.ZipFile(folder / "long.docx") as src, \
            zipfile.ZipFile(folder / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with dst.open("word/media/padding.bin", "w", force_zip64=True) as member:
            for _ in range(1024):
                member.write(b"\0" * (1 << 20))
    (folder / "deep.html").write_text("<html><body>" + "<div>" * 50_000 + "Deep text."
                                      + "</div>" * 50_000 + "</body></html>", "utf-8")
    return sorted(p for p in folder.iterdir())


def main() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryDirectory() as tmp:
        for path in make_files(Path(tmp)):
            done = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], env=env,
                                  capture_output=True, text=True, check=True)
            data = json.loads(done.stdout)
            size = path.stat().st_size / 1024 / 1024
            print(f"{path.name:18s} {size:8.1f} MB on disk  {data['seconds']:6.2f} s  "
                  f"peak RSS +{data['growth_mb']:6.1f} MB  {data['outcome'][:90]}")


if __name__ == "__main__":
    main()
