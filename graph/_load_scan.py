"""Scanned pages as text: page images (``png.v1``, ``jpeg.v1``, ``tiff.v1``) and the pages of a
PDF that have no usable text layer, recognised by Tesseract through ``_scan``.

Images are opened by Pillow, restricted to PNG, JPEG and TIFF decoders; each page (a TIFF's
frames are its pages) is checked against :data:`MAX_PIXELS` from its header *before* its pixels
are decoded, so a 20,000 x 20,000 image is refused without taking memory. A PDF page is rendered
by PDFium (``pypdfium2``, a wheel from PyPI: in process, 0.2 s a page at 300 dpi, as fast as
poppler's ``pdftoppm`` writing PGM and five times faster than it writing PNG, and nothing to
install with apt) at :data:`RENDER_DPI`, or less when that would exceed :data:`MAX_PIXELS`; a
page without any object is blank and is neither rendered nor recognised.

Limits, per document: :data:`MAX_PIXELS` pixels a page; :data:`MAX_OCR_PAGES` pages recognised
(blank pages not counted); the engine's limits per page (``_tesseract``: 120 s, 2 GiB).
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zlib
from collections.abc import Iterator

from ._errors import EmptyDocument, UnreadableDocument
from ._scan import PageText, Recogniser, current, scanned_text

__all__ = ["MAX_OCR_PAGES", "MAX_PIXELS", "RENDER_DPI", "image_text", "recognise_pdf_pages"]

#: Pixels a page image may hold (an A4 page at 600 dpi holds 35 million).
MAX_PIXELS = 50_000_000
#: Pages recognised at most per document (pages found blank are not counted).
MAX_OCR_PAGES = 1000
#: Frames a TIFF may hold.
MAX_FRAMES = 5000
#: Resolution at which PDF pages are rendered for OCR.
RENDER_DPI = 300
#: The resolution assumed for an image that does not state a plausible one.
DEFAULT_DPI = 300

_Meta = list[tuple[str, str]]
_DAMAGED = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError,
            struct.error, zlib.error)


def _frames(data: bytes, where: str) -> Iterator[tuple[object, int]]:
    """Each page of an image file, loaded, with its resolution (dpi)."""
    from PIL import Image

    try:
        with warnings.catch_warnings():  # Pillow warns of damage it reads past (bad EXIF)
            warnings.simplefilter("ignore")
            image = Image.open(io.BytesIO(data), formats=["PNG", "JPEG", "TIFF"])
    except Image.DecompressionBombError as exc:  # Pillow's own limit, far above ours
        size = re.search(r"\((\d+) pixels\)", str(exc))
        raise UnreadableDocument(where, f"the image has {int(size.group(1)) if size else 0:,} "
                                 f"pixels, above the limit of {MAX_PIXELS:,} a page: scan it "
                                 "at 300 dpi") from None
    except Image.UnidentifiedImageError:
        raise UnreadableDocument(where, "it is not a PNG, JPEG or TIFF image Pillow can read "
                                 "(damaged, or another format)") from None
    except _DAMAGED as exc:
        raise UnreadableDocument(where, f"the image cannot be opened (truncated or damaged?): "
                                 f"{type(exc).__name__}: {exc}") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            count = getattr(image, "n_frames", 1)
    except _DAMAGED as exc:
        raise UnreadableDocument(where, f"the image's pages cannot be counted (truncated or "
                                 f"damaged?): {type(exc).__name__}: {exc}") from None
    if count > MAX_FRAMES:
        raise UnreadableDocument(where, f"the image has {count:,} pages, above the limit of "
                                 f"{MAX_FRAMES:,}: split it")
    for number in range(count):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                image.seek(number)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise UnreadableDocument(
                    where, f"page {number + 1} is {width:,} x {height:,} pixels, above the "
                    f"limit of {MAX_PIXELS:,} a page: scan it at 300 dpi (or raise "
                    "graph._load_scan.MAX_PIXELS)")
            dpi = image.info.get("dpi", (0, 0))[0] or 0
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                page = image.convert("L")
        except UnreadableDocument:
            raise
        except (*_DAMAGED, Image.DecompressionBombError) as exc:
            raise UnreadableDocument(where, f"page {number + 1} of the image cannot be decoded "
                                     f"(truncated or damaged?): {type(exc).__name__}: {exc}"
                                     ) from None
        yield page, round(float(dpi)) if 70 <= float(dpi) <= 1200 else DEFAULT_DPI


def _counted(recogniser: Recogniser, where: str) -> None:
    if recogniser.pages >= MAX_OCR_PAGES:
        raise UnreadableDocument(where, f"more than {MAX_OCR_PAGES:,} pages to recognise: split"
                                 " the file (or raise graph._load_scan.MAX_OCR_PAGES)")


def image_text(data: bytes, where: str) -> tuple[str, _Meta]:
    """The recognised text of an image file (each TIFF frame a page) and its metadata."""
    if current().mode == "never":
        raise UnreadableDocument(where, "an image is read by OCR, and OCR is off (--ocr never):"
                                 " build with --ocr auto")
    recogniser = Recogniser(where)
    pages: list[str | PageText] = []
    for image, dpi in _frames(data, where):
        _counted(recogniser, where)
        pages.append(recogniser.page(image, dpi))  # type: ignore[arg-type]
    text, meta = scanned_text(pages)
    if not text.strip():
        raise EmptyDocument(where, f"no text was recognised on its {len(pages)} page(s) "
                            "(blank, or no print Tesseract can read)")
    return text, [*meta, *recogniser.metadata()]


def recognise_pdf_pages(data: bytes, numbers: list[int], where: str, declared: str | None,
                        only_images: bool) -> tuple[dict[int, PageText], _Meta]:
    """The pages ``numbers`` (from 0) of a PDF, rendered and recognised, and the OCR's
    metadata; with ``only_images``, only the pages that hold an image (a scan) are."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    recogniser = Recogniser(where, declared)
    found: dict[int, PageText] = {}
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnreadableDocument(where, f"PDFium cannot open the PDF to render its pages for "
                                 f"OCR: {exc}") from None
    try:
        for number in numbers:
            page = pdf[number]
            try:
                if next(iter(page.get_objects()), None) is None:
                    found[number] = PageText("")  # nothing on it: blank
                    continue
                if only_images and next(iter(page.get_objects(
                        filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=4)), None) is None:
                    continue  # little text and no picture: not a scan, its text layer stays
                _counted(recogniser, where)
                width, height = page.get_size()
                scale = min(RENDER_DPI / 72, (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
                image = page.render(scale=scale, grayscale=True).to_pil()
                found[number] = recogniser.page(image, round(scale * 72))
            finally:
                page.close()
    finally:
        pdf.close()
    return found, recogniser.metadata()

