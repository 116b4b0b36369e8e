"""The text of a Word (.docx) file, in reading order, and its core properties (``docx.v1``).

A .docx file is a zip archive. Before python-docx opens it, the archive's directory is checked:
the sizes it declares for its members must stay under :data:`MAX_UNPACKED` bytes in all, and no
large member may be compressed more than :data:`MAX_RATIO` times (a zip bomb is refused, not
unpacked). Python's zipfile never inflates a member past its declared size, so the check bounds
the memory used.

Body paragraphs and table rows give one line each (table cells separated by a tab); headers and
footers are page furniture and are left out. The core properties (title, author, created,
modified, language) are recorded as metadata: what the file says about itself.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from datetime import datetime

from ._errors import EmptyDocument, UnreadableDocument

__all__ = ["MAX_RATIO", "MAX_UNPACKED", "check_zip", "docx_text"]

#: Total declared uncompressed size above which a .docx archive is refused.
MAX_UNPACKED = 200 * 1024 * 1024
#: Compression ratio above which a member larger than :data:`_RATIO_FLOOR` is refused.
MAX_RATIO = 100
_RATIO_FLOOR = 1024 * 1024
_MAX_MEMBERS = 10_000

_Meta = list[tuple[str, str]]


def check_zip(data: bytes, where: str) -> None:
    """Refuse an archive whose directory announces a zip bomb, before anything is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise UnreadableDocument(where, f"it is not a readable .docx file (a .docx is a zip "
                                 f"archive: {e}); re-save it from Word") from e
    if len(members) > _MAX_MEMBERS:
        raise UnreadableDocument(where, f"the .docx archive holds {len(members):,} members, "
                                 f"above the limit of {_MAX_MEMBERS:,}: it looks like a zip bomb")
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED:
        raise UnreadableDocument(where, f"the .docx archive would unpack to {total:,} bytes, "
                                 f"above the limit of {MAX_UNPACKED:,}: refused as a zip bomb")
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > _RATIO_FLOOR and ratio > MAX_RATIO:
            raise UnreadableDocument(where, f"member {m.filename} of the .docx archive is "
                                     f"compressed {ratio:,.0f} times (limit {MAX_RATIO}): "
                                     "refused as a zip bomb")


def _iso(value: object) -> str | None:
    return value.date().isoformat() if isinstance(value, datetime) else None


def _properties(props: object) -> _Meta:
    meta: _Meta = []
    for attr, key in (("title", "title"), ("author", "author")):
        value = " ".join(str(getattr(props, attr, "") or "").split())
        if value:
            meta.append((key, value))
    for attr, key in (("created", "created"), ("modified", "modified")):
        if (date := _iso(getattr(props, attr, None))) is not None:
            meta.append((key, date))
    lang = str(getattr(props, "language", "") or "").strip()
    if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*", lang):
        meta.append(("lang", lang))
    return meta


def _lines(document: object) -> list[str]:
    from docx.table import Table

    lines: list[str] = []
    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:  # a merged cell is listed once per grid column
                    text = " ".join(cell.text.split())
                    if not cells or cells[-1] != text:
                        cells.append(text)
                lines.append("\t".join(cells).rstrip("\t"))
            lines.append("")
        else:
            lines.append(block.text.replace("\r", "\n"))
    return lines


def docx_text(data: bytes, where: str) -> tuple[str, _Meta]:
    """The text of the .docx ``data`` and its core properties as metadata."""
    from docx import Document as open_docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    check_zip(data, where)
    try:
        document = open_docx(io.BytesIO(data))
        lines = _lines(document)
        meta = _properties(document.core_properties)
    except (PackageNotFoundError, zipfile.BadZipFile, LxmlError, KeyError, ValueError,
            AttributeError, TypeError, OSError, EOFError, RecursionError) as e:
        raise UnreadableDocument(where, f"the .docx file cannot be read (damaged, or not a Word "
                                 f"document?): {type(e).__name__}: {e}") from e
    text = unicodedata.normalize("NFC", "\n".join(lines).replace("\x00", "")).strip("\n")
    if not text.strip():
        raise EmptyDocument(where, "the .docx file holds no text in its body")
    return text, meta
