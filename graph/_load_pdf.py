"""The text layer of a PDF, page by page, and the properties the file declares (``pdf.v1``).

Pages are joined by a blank line; where each page starts in the text is recorded in the metadata
(``("page-starts", "0 1834 3702")``, ``("pages", "3")``) so that provenance can name the page a
span was read from (:func:`page_of`). A PDF whose pages hold (almost) no text is a scan: it is
refused with a message asking for OCR rather than giving an empty document. The file's own
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
    letters = sum(len(_WORDS.findall(p)) for p in pages)
    if letters < MIN_CHARS_PER_PAGE * len(pages):
        raise EmptyDocument(where, "scanned PDF without a text layer: run OCR first (e.g. "
                            f"ocrmypdf) and load its output ({letters} letters found on "
                            f"{len(pages)} page(s))")
    starts, parts, at = [], [], 0
    for text in pages:
        starts.append(at)
        parts.append(text)
        at += len(text) + 2
    meta = [("pages", str(len(pages))), ("page-starts", " ".join(map(str, starts))), *meta]
    return "\n\n".join(parts), meta


def _page_text(page: object) -> str:
    text = page.extract_text()  # type: ignore[attr-defined]
    # normalised here, page by page, as the other loaders normalise whole texts, so that the
    # recorded page starts stay true
    text = str(text or "").replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text.replace("\f", "\n")).rstrip()


def page_of(offset: int, page_starts: Sequence[int]) -> int:
    """The 1-based page holding character ``offset``, given each page's first offset."""
    return max(1, bisect_right(page_starts, offset))
