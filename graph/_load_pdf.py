"""The text layer of a PDF, page by page, and the properties the file declares (``pdf.v1``).

Pages are joined by a blank line; where each page starts in the text is recorded in the metadata
(``("page-starts", "0 1834 3702")``, ``("pages", "3")``) so that provenance can name the page a
span was read from (:func:`page_of`). A PDF whose pages hold (almost) no text is a scan: it is
recognised by OCR (``_load_scan``, ``_scan``: ``--ocr auto``, the default; ``--ocr always``
recognises every page, ``--ocr never`` none, and then a scan is refused with a message asking
for OCR rather than giving an empty document). The file's own
properties (``/Title``, ``/Author``, ``/CreationDate``, ``/ModDate``, the catalog's ``/Lang``)
are recorded under ``title``, ``author``, ``created``, ``modified`` and ``lang``: what the file
says about itself, kept apart from what the text says.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
from bisect import bisect_right
from collections.abc import Sequence

from ._errors import EmptyDocument, UnreadableDocument
from ._scan import current

__all__ = ["MIN_CHARS_PER_PAGE", "page_of", "pdf_text"]

#: Fewer letters or digits than this per page on average: the PDF is taken for a scan.
MIN_CHARS_PER_PAGE = 20
#: Pages above this count are refused (the whole text is held in memory).
MAX_PAGES = 5000

_Meta = list[tuple[str, str]]
_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?")
_WORDS = re.compile(r"[^\W_]")
# Titles that PDF writers fill in by themselves: a file name, or "Microsoft Word - x.docx".
_JUNK_TITLE = re.compile(
    r"^(?:untitled|document\d*|microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf|odt|rtf|tmp))$",
    re.I)


def _pdf_date(value: object) -> str | None:
    """``"D:20210330120000+01'00'"`` -> ``"2021-03-30"`` (as precise as the value is)."""
    m = _PDF_DATE.match(str(value or "").strip())
    if not m:
        return None
    year, month, day = m.groups()
    if not 1000 <= int(year) <= 9999:
        return None
    if month and 1 <= int(month) <= 12:
        if day and 1 <= int(day) <= 31:
            return f"{year}-{month}-{day}"
        return f"{year}-{month}"
    return year


def _properties(reader: object) -> _Meta:
    meta: _Meta = []
    info = getattr(reader, "metadata", None) or {}
    title = " ".join(str(info.get("/Title") or "").split())
    if title and not _JUNK_TITLE.match(title):
        meta.append(("title", title))
    author = " ".join(str(info.get("/Author") or "").split())
    if author:
        meta.append(("author", author))
    for key, name in (("/CreationDate", "created"), ("/ModDate", "modified")):
        if (date := _pdf_date(info.get(key))) is not None:
            meta.append((name, date))
    lang = str(getattr(reader, "trailer", {}).get("/Root", {}).get("/Lang") or "").strip()
    if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*", lang):
        meta.append(("lang", lang))
    return meta


def pdf_text(data: bytes, where: str) -> tuple[str, _Meta]:
    """The text of the PDF ``data`` and its metadata (pages, page starts, file properties)."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise UnreadableDocument(where, "it is not a PDF (no %PDF- header): check the file")
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # pypdf logs every repaired cross-reference table
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise UnreadableDocument(where, "the PDF is encrypted with a password: save an "
                                         "unprotected copy first")
            count = len(reader.pages)
            if count > MAX_PAGES:
                raise UnreadableDocument(where, f"the PDF has {count:,} pages, above the limit "
                                         f"of {MAX_PAGES:,}: split it")
            pages = [_page_text(page) for page in reader.pages]
            meta = _properties(reader)
    except FileNotDecryptedError as e:
        raise UnreadableDocument(where, f"the PDF is encrypted ({e}): save an unprotected copy"
                                 " first") from e
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            AssertionError, RecursionError, OSError, ArithmeticError) as e:
        # pypdf raises many kinds of error on damaged files; all mean the same to a user
        raise UnreadableDocument(where, f"the PDF cannot be parsed (truncated or damaged?): "
                                 f"{type(e).__name__}: {e}") from e
    finally:
        pypdf_log.setLevel(level)
    if not pages:
        raise EmptyDocument(where, "the PDF has no pages")
    layer = [("pages", str(len(pages))), ("page-starts", " ".join(map(str, _starts(pages))))]
    letters = sum(len(_WORDS.findall(p)) for p in pages)
    scanned = _to_recognise(pages)
    if scanned and _can_recognise(letters >= MIN_CHARS_PER_PAGE * len(pages)):
        text, found = _with_ocr(data, pages, scanned, meta, where)
        if text is not None:
            return text, found
    if letters < MIN_CHARS_PER_PAGE * len(pages):
        hint = ("build with --ocr auto, or run OCR first (e.g. ocrmypdf) and load its output"
                if current().mode == "never" else "run OCR first (e.g. ocrmypdf) and load its "
                "output")
        raise EmptyDocument(where, f"scanned PDF without a text layer: {hint} ({letters} "
                            f"letters found on {len(pages)} page(s))")
    return "\n\n".join(pages), [*layer, *meta]


def _starts(pages: Sequence[str]) -> list[int]:
    starts, at = [], 0
    for text in pages:
        starts.append(at)
        at += len(text) + 2
    return starts


def _to_recognise(pages: Sequence[str]) -> list[int]:
    """The pages (from 0) OCR is to read: all with ``--ocr always``; with ``auto``, those
    without a usable text layer (fewer than MIN_CHARS_PER_PAGE letters)."""
    mode = current().mode
    if mode == "never":
        return []
    return [i for i, p in enumerate(pages)
            if mode == "always" or len(_WORDS.findall(p)) < MIN_CHARS_PER_PAGE]


def _can_recognise(has_text: bool) -> bool:
    """Whether to run OCR: yes where Tesseract is installed; where it is not, a PDF with a
    text layer is read from it alone (as before OCR), and a scan fails saying what to install."""
    from ._tesseract import engine

    return engine() is not None or not has_text


def _with_ocr(data: bytes, pages: list[str], scanned: list[int], meta: _Meta,
              where: str) -> tuple[str | None, _Meta]:
    """The PDF's text with the pages ``scanned`` recognised (their text layer replaced), or
    None when none of them was a scan."""
    from ._load_scan import recognise_pdf_pages
    from ._scan import scanned_text

    declared = dict(meta).get("lang")
    found, ocr_meta = recognise_pdf_pages(data, scanned, where, declared,
                                          only_images=current().mode == "auto")
    if not found:  # no page was a scan
        return None, []
    text, layout = scanned_text([found.get(i, p) for i, p in enumerate(pages)])
    if not text.strip():
        raise EmptyDocument(where, f"scanned PDF without a text layer, and OCR recognised no "
                            f"text on its {len(pages)} page(s) (blank, or no print it can read)")
    return text, [*layout, *meta, *ocr_meta]


def _page_text(page: object) -> str:
    text = page.extract_text()  # type: ignore[attr-defined]
    # normalised here, page by page, as the other loaders normalise whole texts, so that the
    # recorded page starts stay true
    text = str(text or "").replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text.replace("\f", "\n")).rstrip()


def page_of(offset: int, page_starts: Sequence[int]) -> int:
    """The 1-based page holding character ``offset``, given each page's first offset."""
    return max(1, bisect_right(page_starts, offset))
