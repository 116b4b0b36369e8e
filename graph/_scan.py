"""OCR of scanned pages inside the build: settings, the page cache, the language, the text.

A loader that meets a page without text (an image; a PDF page without a usable text layer)
hands its image to a :class:`Recogniser`, one per document, which

- takes the words of the page from the **page cache** when this page (its pixels, the language
  data, Tesseract's version and the resolution: :func:`page_key`) was recognised before, and
  otherwise runs Tesseract (``_tesseract``) and keeps the result there, so a rebuild never
  recognises a page twice. The cache is a folder of small gzip files, one per page, written
  atomically (``OUT.kg-cache/ocr`` for a ``kg build -o OUT``, beside the incremental cache but
  kept when that one is emptied, since its keys hold everything the result depends on);
- chooses the **language data**: ``--ocr-lang`` when given; else the language the file declares
  (a PDF's ``/Lang``) when its data is installed; else it reads the first page with English,
  detects the language of what it read (``_lang``) and, when that is another language whose data
  is installed, reads the page again with it (both readings are cached);
- lays the words out as **text**: one line per line of print, a blank line where the print
  leaves a gap, Tesseract's blocks in its reading order (the columns of a two-column page one
  after the other); each word keeps its offsets and its confidence.

:func:`scanned_text` joins the pages (and the text-layer pages of a PDF), blanks running
headers and page numbers and mends hyphenation, letter-spacing and narrow columns (``_ocr``),
all without moving any offset, and gives the metadata the mapping turns into ``kg:ocr``,
``kg:ocrConfidence`` and ``kg:page``.

``OcrSettings`` is per process (:func:`ocr_settings`): the build sets it in each worker from
its ``BuildConfig``.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import statistics
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from ._errors import UnreadableDocument
from ._ocr import blank_running_lines, mend
from ._tesseract import Word, engine, parse_tsv, recognise, require_engine

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["MODES", "OcrSettings", "PageText", "Recogniser", "check_languages", "current",
           "ocr_settings", "page_counts", "page_key", "scanned_text", "word_confidences"]

MODES = ("never", "auto", "always")
#: ISO 639-1 codes (``_lang``, PDF ``/Lang``) -> Tesseract language data.
TESSERACT_LANGS = {"en": "eng", "fr": "fra", "es": "spa", "de": "deu", "it": "ita",
                   "pt": "por"}
#: A page whose pixels all lie within this many grey levels is blank: it is not recognised.
BLANK_RANGE = 48
#: How many recognitions this process ran (the tests count them to check the page cache).
RECOGNITIONS = [0]


@dataclass(frozen=True)
class OcrSettings:
    """``mode``: never / auto (pages without text) / always (every page, text layer or not);
    ``lang``: Tesseract language data ("eng", "fra", "eng+fra"), None to follow the document;
    ``cache``: the page cache folder (None: no cache)."""

    mode: str = "auto"
    lang: str | None = None
    cache: str | None = None


_current = [OcrSettings()]


def current() -> OcrSettings:
    return _current[0]


@contextmanager
def ocr_settings(settings: OcrSettings) -> Iterator[None]:
    """Use ``settings`` for the OCR of the documents loaded in the block."""
    before = _current[0]
    _current[0] = settings
    try:
        yield
    finally:
        _current[0] = before


@dataclass(frozen=True, slots=True)
class PageText:
    """One recognised page: its text, and (start, end, confidence 0-100) of each word."""

    text: str
    words: tuple[tuple[int, int, int], ...] = ()


def page_key(image: Image.Image, lang: str, dpi: int, version: str) -> str:
    """The content hash of a page and of everything its recognition depends on."""
    digest = hashlib.sha256(f"{version}\0{lang}\0{dpi}\0psm3\0{image.mode}\0{image.size}"
                            .encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


def _cached(key: str) -> str | None:
    folder = current().cache
    if folder is None:
        return None
    with suppress(OSError, EOFError, gzip.BadGzipFile):
        return gzip.decompress((Path(folder) / key[:2] / f"{key}.tsv.gz").read_bytes()).decode()
    return None


def _keep(key: str, tsv: str) -> None:
    folder = current().cache
    if folder is None:
        return
    path = Path(folder) / key[:2] / f"{key}.tsv.gz"
    with suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_bytes(gzip.compress(tsv.encode(), compresslevel=6))
        os.replace(temporary, path)


def _as_tsv(words: Sequence[Word]) -> str:
    """Words as the TSV rows ``parse_tsv`` reads (what the cache keeps)."""
    rows = ["level\tpage\tblock\tpar\tline\tword\tleft\ttop\twidth\theight\tconf\ttext"]
    rows += [f"5\t1\t{w.block}\t{w.paragraph}\t{w.line}\t0\t{w.left}\t{w.top}\t{w.width}\t"
             f"{w.height}\t{w.confidence:g}\t{w.text}" for w in words]
    return "\n".join(rows) + "\n"


def _words(image: Image.Image, lang: str, dpi: int, where: str) -> list[Word]:
    """The page's words, from the cache or from Tesseract (then cached)."""
    version = require_engine(where).version
    key = page_key(image, lang, dpi, version)
    hit = _cached(key)
    if hit is not None:
        return parse_tsv(hit)
    RECOGNITIONS[0] += 1
    words = recognise(image, lang, dpi, where)
    _keep(key, _as_tsv(words))
    return words


def is_blank(image: Image.Image) -> bool:
    """Whether the page holds nothing to read (one grey level, give or take scanner noise)."""
    low, high = image.convert("L").getextrema()
    return bool(float(high) - float(low) < BLANK_RANGE)  # type: ignore[arg-type]


def _lines(words: Sequence[Word]) -> list[list[Word]]:
    """The words grouped by line of print, in Tesseract's reading order."""
    lines: list[list[Word]] = []
    for w in words:
        if lines and (lines[-1][0].block, lines[-1][0].paragraph, lines[-1][0].line) == (
                w.block, w.paragraph, w.line):
            lines[-1].append(w)
        else:
            lines.append([w])
    return lines


def layout(words: Sequence[Word]) -> PageText:
    """The text of a page's words: a line per line of print, a blank line where the space to
    the next line is more than half a line wider than usual, and a blank line where a block
    starts above the last line (the top of a new column)."""
    lines = _lines(words)
    if not lines:
        return PageText("")
    tops = [min(w.top for w in line) for line in lines]
    pitches = [b - a for a, b in pairwise(tops) if b > a]
    # the usual space from line to line: the lower quartile of the spaces (a page of short
    # paragraphs has as many wide ones as usual ones), at most what single-spaced print of
    # this size takes
    height = statistics.median(w.height for line in lines for w in line)
    pitch = min(sorted(pitches)[len(pitches) // 4] if pitches else height * 2, height * 2.3)
    parts: list[str] = []
    spans: list[tuple[int, int, int]] = []
    at = 0
    for i, line in enumerate(lines):
        if i:
            new_column = line[0].block != lines[i - 1][0].block and tops[i] < tops[i - 1]
            sep = "\n\n" if new_column or tops[i] - tops[i - 1] > 1.5 * pitch else "\n"
            parts.append(sep)
            at += len(sep)
        for j, w in enumerate(line):
            if j:
                parts.append(" ")
                at += 1
            parts.append(w.text)
            spans.append((at, at + len(w.text), round(w.confidence)))
            at += len(w.text)
    return PageText("".join(parts), tuple(spans))


@dataclass
class Recogniser:
    """The OCR of one document's pages; the language is chosen on its first page."""

    where: str
    declared: str | None = None  # the language the file declares ("fr", "fr-FR")
    lang: str | None = None
    pages: int = 0
    confidences: list[float] = field(default_factory=list)

    def _choose(self, image: Image.Image, dpi: int) -> list[Word]:
        tool = require_engine(self.where)
        wanted = current().lang
        if wanted:
            missing = [p for p in wanted.split("+") if p not in tool.languages]
            if missing:
                raise UnreadableDocument(self.where, f"no Tesseract language data for "
                                         f"{', '.join(missing)} (--ocr-lang). Installed: "
                                         f"{', '.join(sorted(tool.languages))}")
            self.lang = wanted
            return _words(image, wanted, dpi, self.where)
        declared = TESSERACT_LANGS.get((self.declared or "")[:2].lower())
        if declared in tool.languages:
            self.lang = declared
            return _words(image, declared, dpi, self.where)
        from ._lang import detect_language

        probe = "eng" if "eng" in tool.languages else sorted(tool.languages)[0]
        words = _words(image, probe, dpi, self.where)
        found = TESSERACT_LANGS.get(detect_language(" ".join(w.text for w in words)) or "")
        self.lang = probe
        if found and found != probe and found in tool.languages:
            self.lang = found
            words = _words(image, found, dpi, self.where)
        return words

    def page(self, image: Image.Image, dpi: int) -> PageText:
        """The text of one page image (a blank page gives empty text and is not recognised)."""
        if is_blank(image):
            return PageText("")
        image = image.convert("L")
        words = self._choose(image, dpi) if self.lang is None else _words(
            image, self.lang, dpi, self.where)
        self.pages += 1
        self.confidences += [w.confidence for w in words]
        return layout(words)

    def metadata(self) -> list[tuple[str, str]]:
        """``ocr-engine``, ``ocr-lang``, ``ocr-pages``, ``ocr-confidence`` (when it ran)."""
        tool = engine()
        if tool is None or self.lang is None:
            return []
        mean = statistics.fmean(self.confidences) / 100 if self.confidences else 0.0
        return [("ocr-engine", "Tesseract"), ("ocr-version", tool.version),
                ("ocr-lang", self.lang), ("ocr-pages", str(self.pages)),
                ("ocr-confidence", f"{mean:.4f}")]


def scanned_text(pages: Sequence[str | PageText]) -> tuple[str, list[tuple[str, str]]]:
    """The text of a document's pages (text-layer pages as strings, recognised pages as
    :class:`PageText`), pages joined by a blank line, cleaned without moving any offset; its
    ``pages``, ``page-starts`` and ``ocr-words`` metadata."""
    starts: list[int] = []
    parts: list[str] = []
    words: list[str] = []
    at = 0
    for page in pages:
        starts.append(at)
        text = page if isinstance(page, str) else _cleaned(page.text)
        if isinstance(page, PageText):
            words += [f"{at + s}:{at + e}:{c}" for s, e, c in page.words]
        parts.append(text)
        at += len(text) + 2
    text = blank_running_lines("\n\n".join(parts), starts)
    meta = [("pages", str(len(starts))), ("page-starts", " ".join(map(str, starts)))]
    if words:
        meta.append(("ocr-words", " ".join(words)))
    return text, meta


def _cleaned(text: str) -> str:
    """A recognised page mended as ``_ocr`` mends OCR text (no offset moves)."""
    return mend(text)


def check_languages(lang: str) -> str | None:
    """Why ``--ocr-lang`` cannot be used (names not installed), or None when it can."""
    parts = lang.split("+")
    tool = engine()
    if not all(p.isidentifier() for p in parts):
        return f"--ocr-lang {lang!r}: give Tesseract language names joined by '+', e.g. eng+fra"
    if tool is None:
        return None  # the scanned files fail, each saying what to install
    missing = [p for p in parts if p not in tool.languages]
    if missing:
        return (f"--ocr-lang {lang!r}: no Tesseract language data for {', '.join(missing)}. "
                f"Installed: {', '.join(sorted(tool.languages))} (more: apt-get install "
                "tesseract-ocr-LANG)")
    return None


def page_counts(files: Iterable[tuple[Path, str]]) -> dict[str, int]:
    """The pages of each file by relative path, from its header alone (PDF page tree, TIFF
    frames; 1 for any other file, or one that cannot be read)."""
    counts: dict[str, int] = {}
    for path, relpath in files:
        counts[relpath] = 1
        suffix = path.suffix.lower()
        with suppress(Exception):  # the build reports the file; here it only counts as 1
            if suffix == ".pdf":
                from pypdf import PdfReader

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    counts[relpath] = max(1, len(PdfReader(path, strict=False).pages))
            elif suffix in (".tif", ".tiff"):
                from PIL import Image

                with warnings.catch_warnings(), Image.open(path) as image:
                    warnings.simplefilter("ignore")
                    counts[relpath] = max(1, getattr(image, "n_frames", 1))
    return counts


def word_confidences(value: str | None) -> tuple[tuple[int, int, float], ...]:
    """The ``ocr-words`` metadata as (start, end, confidence 0-1), in text order."""
    if not value:
        return ()
    out = []
    for item in value.split():
        start, end, conf = item.split(":")
        out.append((int(start), int(end), int(conf) / 100))
    return tuple(out)
