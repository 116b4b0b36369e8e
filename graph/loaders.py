"""Built-in loaders ("text.v1", "markdown.v1", "html.v1", "pdf.v1", "docx.v1", and "png.v1",
"jpeg.v1", "tiff.v1" for page images), registered as a third party would. PDF and Word files are
converted by ``_load_pdf`` and ``_load_docx``; page images, and PDF pages without a text layer,
are recognised by OCR (``_load_scan``).

Every text loader: reads the bytes (refusing files above :data:`MAX_BYTES`) and hashes them; decodes
them (a byte order mark, then strict UTF-8, then charset-normalizer's best guess, always recorded
as ``("encoding", name)``); turns ``"\\r\\n"`` and ``"\\r"`` into ``"\\n"`` and normalises to NFC,
changing nothing else; strips markup (Markdown, and ``.txt`` files that clearly hold Markdown/HTML
markup, line by line so that each input line gives one output line; HTML through BeautifulSoup
with lxml); and blanks out an Archive-It banner at the top, recording the capture date. Banner
lines become *empty lines* rather than being deleted, so line numbers in ``Document.text`` (what
every offset in the graph refers to) match the source file.
"""

from __future__ import annotations

import codecs
import html
import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from hashlib import sha256
from pathlib import Path

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag
from bs4.element import PreformattedString
from charset_normalizer import from_bytes

from ._errors import EmptyDocument, InputError, UnreadableDocument, UnsupportedFormat
from ._load_docx import docx_text
from ._load_pdf import pdf_text
from ._load_scan import image_text
from ._ocr import mend
from .records import Document
from .registry import loaders

__all__ = ["MAX_BYTES", "iter_input_files", "load_document"]

#: Files larger than this many bytes are refused.
MAX_BYTES = 50 * 1024 * 1024

_Meta = list[tuple[str, str]]
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),  # before UTF-16
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # C0 and C1 controls but \t\n\v\f\r
_MAX_CONTROL_SHARE = 0.05


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            data = f.read(MAX_BYTES + 1) if size <= MAX_BYTES else b""
    except OSError as e:
        raise UnreadableDocument(str(path), f"cannot read the file ({e.strerror or e})") from e
    if max(size, len(data)) > MAX_BYTES:
        raise UnreadableDocument(str(path), f"the file is {max(size, len(data)):,} bytes, above the"
                                 f" limit of {MAX_BYTES:,}: split it or raise loaders.MAX_BYTES")
    return data


def _decode(data: bytes, where: str) -> tuple[str, _Meta]:
    """The text of ``data`` and metadata saying how it was decoded."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = _checked(data[len(bom):].decode(name), where)
                return text, [("encoding", "utf-8-sig" if name == "utf-8" else name)]
            except UnicodeDecodeError as e:
                raise UnreadableDocument(
                    where, f"starts with a {name} byte order mark but is not {name} ({e})") from e
    if b"\x00" in data:  # UTF-16/32 without a byte order mark is not guessed at
        raise UnreadableDocument(
            where, "contains NUL bytes, so it looks binary (UTF-16 text needs a byte order mark)")
    with suppress(UnicodeDecodeError):
        return _checked(data.decode("utf-8"), where), [("encoding", "utf-8")]
    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise UnreadableDocument(
            where, "no text encoding fits its bytes (is it binary?): convert it to UTF-8 first")
    name = best.encoding
    # On short Western text charset-normalizer often ties cp1250 with cp1252 (same chaos and
    # coherence) and picks cp1250 ("à" -> "ŕ"); prefer cp1252, the default for legacy text.
    tied = [r for r in results if (r.chaos, r.coherence) == (best.chaos, best.coherence)]
    if any("cp1252" in r.could_be_from_charset for r in tied):
        name = "cp1252"
    meta = [("encoding", name), ("encoding-detected-by", "charset-normalizer")]
    return _checked(data.decode(name), where), meta


def _checked(text: str, where: str) -> str:
    """``text``, unless NUL or many control characters show that the file is binary."""
    share = len(_CONTROL.findall(text)) / max(len(text), 1)
    if "\x00" in text or share > _MAX_CONTROL_SHARE:
        raise UnreadableDocument(where, f"it holds NUL or many control characters ({share:.0%} "
                                 "of all): it looks binary, not text")
    return text


# --- Markdown -----------------------------------------------------------------------------------
_STRONG_MARKUP = re.compile(r"<sup>|<a\s+href=", re.I)
_MD_HEADING_LINE = re.compile(r"^#{1,6}[ \t]+\S", re.M)
_MD_BOLD = re.compile(r"\*\*\S[^*\n]*\*\*")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_RULE = re.compile(r"^\s{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$")
_QUOTE = re.compile(r"^(?:\s{0,3}>[ \t]?)+")
_HEADING = re.compile(r"\s{0,3}#{1,6}(?:[ \t]+(.*)|$)")
_CLOSING_HASHES = re.compile(r"(?:^|(?<=[ \t]))#+[ \t]*$")
# A PDF converter wrote "<sup>&</sup>lt;sup>1</sup>" for an escaped "&lt;sup>1</sup>".
_SPLIT_ENTITY = re.compile(r"<(\w+)>&</\1>(#?\w{1,8};)")
# No span may hold its own opening delimiter, so that a long line with many unclosed openers
# ("*x *x *x ...") is read in linear, not quadratic, time.
_SUP = re.compile(r"(?:<|&lt;)sup(?:>|&gt;)([^<]{0,99}?)(?:<|&lt;)/sup(?:>|&gt;)", re.I)
_HTML_LINK = re.compile(
    r"<a\s[^<>]*?href\s*=\s*([\"'])([^\"'<>]*)\1[^<>]*>((?:[^<]|<(?!/?a[\s>]))*)</a\s*>", re.I)
_MD_LINK = re.compile(r"(!?)\[([^\[\]]*)\]\(\s*<?([^()\[\]\s<>]*)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+)>")
_FOOTNOTE = re.compile(r"\[\^([^\]\s]{1,20})\]")
_INLINE_TAG = re.compile(r"<!--(?:(?!<!--|-->).)*-->|</?(?:b|strong|i|em|u|s|span|sub|small"
                         r"|mark|font|del|ins|code|br|p|div|center|big|tt|abbr|cite|q|img)\b[^<>]*>",
                         re.I)
_CODE = re.compile(r"(?<!\\)(`{1,9})([^`]+)\1")
_BOLD = re.compile(r"(?<![\\*])\*\*(?=\S)((?:[^*]|\*(?!\*))+?)(?<=[^\s\\])\*\*")
_ITALIC = re.compile(r"(?<![\\*\w])\*(?=[^\s*])([^*]+?)(?<=[^\s\\])\*(?![*\w])")
_STRIKE = re.compile(r"~~(?=\S)((?:[^~]|~(?!~))+?)(?<=\S)~~")
_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_MARKER = re.compile(r"[\d*†‡§¶#,\-]+")


def _looks_marked_up(text: str) -> bool:
    """Whether a .txt file holds markup as PDF-to-Markdown converters write it: ``<sup>`` or
    ``<a href=``, or else both a ``# heading`` line and a ``**bold**`` run."""
    strong = _STRONG_MARKUP.search(text)
    return bool(strong or (_MD_HEADING_LINE.search(text) and _MD_BOLD.search(text)))


def _plain(fragment: str) -> str:
    return html.unescape(_ESCAPE.sub(r"\1", _INLINE_TAG.sub("", fragment))).strip()


def _link(text: str, url: str) -> str:
    """Link text, followed by "(URL)" unless the text is the URL itself."""
    if not _plain(text):
        return url
    return text if _plain(text) == _plain(url) else f"{text} ({url})"


def _sup(m: re.Match[str]) -> str:
    """Footnote marks become "[1]"; ordinal suffixes ("1<sup>er</sup>") stay inline."""
    content = _plain(m.group(1))
    if content.isalpha():
        return content
    return f"[{content}]" if _MARKER.fullmatch(content) else ""  # "&" etc.: converter debris


def _markdown_line(line: str) -> str:
    if _RULE.match(line):
        return ""
    line = _QUOTE.sub("", line)
    if heading := _HEADING.match(line):
        line = _CLOSING_HASHES.sub("", heading.group(1) or "").rstrip(" \t")
    line = _SUP.sub(_sup, _SPLIT_ENTITY.sub(r"&\2", line))
    line = _HTML_LINK.sub(lambda m: _link(m.group(3), m.group(2)), line)
    line = _MD_LINK.sub(lambda m: m.group(2) if m.group(1) else _link(m.group(2), m.group(3)), line)
    line = _FOOTNOTE.sub(r"[\1]", _AUTOLINK.sub(r"\1", line))
    line = _CODE.sub(r"\2", _INLINE_TAG.sub("", line))
    line = _STRIKE.sub(r"\1", _ITALIC.sub(r"\1", _BOLD.sub(r"\1", line)))
    return html.unescape(_ESCAPE.sub(r"\1", line))


def _markdown_to_text(text: str) -> str:
    """Plain text of Markdown, one output line per input line; fenced code is kept verbatim."""
    out: list[str] = []
    in_code = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_code, line = not in_code, ""
        out.append(line if in_code else _markdown_line(line))
    return "\n".join(out)


# --- HTML ---------------------------------------------------------------------------------------
_DROP_TAGS = frozenset({"script", "style", "noscript", "template", "nav", "footer", "aside",
                        "head", "svg", "iframe", "object", "embed", "canvas", "button", "select"})
_DROP_WORDS = frozenset({"banner", "nav", "navbar", "navigation", "menu", "cookie", "cookies",
                         "breadcrumb", "breadcrumbs", "footer", "wayback", "wm", "skip"})
_DROP_ROLES = frozenset({"banner", "navigation", "contentinfo", "complementary", "search"})
_BLOCKS = dict.fromkeys(("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol",
                         "dl", "table", "section", "article", "main", "header", "figure",
                         "address", "hr", "form", "fieldset", "details"), 2)
_BLOCKS |= dict.fromkeys(("div", "li", "tr", "dt", "dd", "figcaption", "summary", "caption",
                          "legend", "option", "br"), 1)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_DATE_META = frozenset({"date", "dcterms.date", "dc.date", "article:published_time"})


def _dropped(tag: Tag, root: Tag) -> bool:
    """Whether ``tag`` is page furniture. A <header> inside the chosen <main>/<article> stays."""
    if tag.name in _DROP_TAGS or (tag.name == "header" and root.name not in ("main", "article")):
        return True
    if tag.name in ("html", "body", "main", "article"):
        return False
    names = " ".join(str(v or "") for v in [*tag.get_attribute_list("class"), tag.get("id")])
    return (tag.has_attr("hidden") or tag.get("aria-hidden") == "true"
            or str(tag.get("role") or "").lower() in _DROP_ROLES
            or not _DROP_WORDS.isdisjoint(re.split(r"[-_\s]+", names.lower())))


class _TextSink:
    """Collects text, collapsing HTML whitespace; block edges ask for one or two newlines."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.newlines = 0

    def add(self, text: str, pre: bool = False) -> None:
        if not pre:
            text = _HTML_SPACE.sub(" ", text)
            if self.newlines or not self.parts or self.parts[-1].endswith((" ", "\n")):
                text = text.lstrip(" ")
        if text:
            if self.newlines and self.parts:
                self.parts[-1] = self.parts[-1].rstrip(" ")
                self.parts.append("\n" * self.newlines)
            self.newlines = 0
            self.parts.append(text)


def _html_to_text(source: str, where: str) -> tuple[str, _Meta]:
    """The text of the page's main content, and its title, date and language as metadata."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            soup = BeautifulSoup(source, "lxml")
        meta: _Meta = []
        if (title := soup.find("title")) is not None and title.get_text().strip():
            meta.append(("title", _HTML_SPACE.sub(" ", title.get_text()).strip()))
        for tag in soup.find_all("meta"):
            key = str(tag.get("name") or tag.get("property") or "").lower()
            if key in _DATE_META and str(tag.get("content") or "").strip():
                meta.append(("meta-date", str(tag["content"]).strip()))
        if soup.html is not None and str(soup.html.get("lang") or "").strip():
            meta.append(("lang", str(soup.html["lang"]).strip()))
        articles = soup.find_all("article", limit=2)
        root = soup.find("main") or (articles[0] if len(articles) == 1 else soup.body) or soup
        assert isinstance(root, Tag)
        sink, in_pre = _TextSink(), 0
        stack: list[tuple[object, bool]] = [(root, False)]
        while stack:  # an explicit stack, not recursion: deep nesting must not overflow
            node, closing = stack.pop()
            if isinstance(node, NavigableString):
                if not isinstance(node, PreformattedString):  # comments, CDATA, doctype
                    sink.add(str(node), pre=in_pre > 0)
            elif isinstance(node, Tag) and (closing or node is root or not _dropped(node, root)):
                if node.name == "pre":
                    in_pre += -1 if closing else 1
                if node.name in ("td", "th") and closing:
                    sink.add(" ")
                sink.newlines = max(sink.newlines, _BLOCKS.get(node.name, 0))
                if not closing:
                    stack.append((node, True))
                    stack.extend((child, False) for child in reversed(node.contents))
        return "".join(sink.parts).rstrip(" "), meta
    except RecursionError:
        raise UnreadableDocument(where, "its HTML is nested too deeply to parse: simplify it "
                                 "or save it as text") from None


# --- Archive banners ----------------------------------------------------------------------------
_ARCHIVE_IT = re.compile(
    r"\s*You are viewing an archived web page, collected at the request of .+? using "
    r"(Archive-It)\.(?: This page was captured on (?:[\d:]+ )?([A-Z][a-z]+)\.? (\d{1,2}), "
    r"(\d{4}))?")
_BANNER_EXTRA = re.compile(r"\s*Loading media information(?: hide)?\s*$")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _strip_archive_banner(text: str) -> tuple[str, _Meta]:
    """Blank out the archive banner lines leading the text; record who archived it and when."""
    lines = text.split("\n")
    meta: _Meta = []
    for i, line in enumerate(lines):
        m = _ARCHIVE_IT.match(line)
        if m is None and line.strip() and not (meta and _BANNER_EXTRA.match(line)):
            break
        lines[i] = "" if line.strip() else line  # leading blank lines stay as they are
        if m is not None:
            by, month, day, year = m.groups()
            meta.append(("archived-by", by))
            if month and month[:3].lower() in _MONTHS:
                number = _MONTHS.index(month[:3].lower()) + 1
                meta.append(("archive-captured", f"{year}-{number:02d}-{int(day):02d}"))
    return "\n".join(lines), meta


# --- Loaders ------------------------------------------------------------------------------------
def _document(path: Path, relpath: str, media_type: str, markup: str | None) -> Document:
    """The shared loader body; ``markup`` is "markdown", "html" or None (detect, for .txt)."""
    where = str(path)
    data = _read(path)
    if not data:
        raise EmptyDocument(where, "the file is empty (0 bytes)")
    text, meta = _decode(data, where)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise EmptyDocument(where, "the file holds only whitespace")
    if markup == "html":
        text, found = _html_to_text(text, where)
        meta += found
    elif markup == "markdown" or _looks_marked_up(text):
        meta += [] if markup else [("markup", "markdown")]
        text = _markdown_to_text(text)
    text, found = _strip_archive_banner(unicodedata.normalize("NFC", text))
    text = mend(text)
    if not text.strip():
        raise EmptyDocument(where, "no text is left once markup and archive banners are removed")
    return Document(path=Path(relpath).as_posix(), text=text, media_type=media_type,
                    content_hash=f"sha256:{sha256(data).hexdigest()}", metadata=(*meta, *found))


@loaders.register("text.v1", suffixes=(".txt",), media_type="text/plain")
def load_text(path: Path, relpath: str) -> Document:
    """Plain text; Markdown/HTML markup left by a converter is detected and stripped."""
    return _document(path, relpath, "text/plain", None)


def _binary_document(path: Path, relpath: str, media_type: str,
                     convert: Callable[[bytes, str], tuple[str, _Meta]]) -> Document:
    """The shared body of the loaders of binary formats: ``convert`` gives text and metadata."""
    where = str(path)
    data = _read(path)
    if not data:
        raise EmptyDocument(where, "the file is empty (0 bytes)")
    text, meta = convert(data, where)
    return Document(path=Path(relpath).as_posix(), text=text, media_type=media_type,
                    content_hash=f"sha256:{sha256(data).hexdigest()}", metadata=tuple(meta))


@loaders.register("pdf.v1", suffixes=(".pdf",), media_type="application/pdf")
def load_pdf(path: Path, relpath: str) -> Document:
    """A PDF's text layer, pages joined by a blank line, with each page's start recorded."""
    return _binary_document(path, relpath, "application/pdf", pdf_text)


@loaders.register("docx.v1", suffixes=(".docx",), media_type=_DOCX)
def load_docx(path: Path, relpath: str) -> Document:
    """A Word document's body text, with its core properties (zip bombs refused)."""
    return _binary_document(path, relpath, _DOCX, docx_text)


@loaders.register("png.v1", suffixes=(".png",), media_type="image/png")
def load_png(path: Path, relpath: str) -> Document:
    """A page image, read by OCR."""
    return _binary_document(path, relpath, "image/png", image_text)


@loaders.register("jpeg.v1", suffixes=(".jpg", ".jpeg"), media_type="image/jpeg")
def load_jpeg(path: Path, relpath: str) -> Document:
    """A page image (a photograph of a page), read by OCR."""
    return _binary_document(path, relpath, "image/jpeg", image_text)


@loaders.register("tiff.v1", suffixes=(".tif", ".tiff"), media_type="image/tiff")
def load_tiff(path: Path, relpath: str) -> Document:
    """A TIFF of one page or several (each frame a page), read by OCR."""
    return _binary_document(path, relpath, "image/tiff", image_text)


@loaders.register("markdown.v1", suffixes=(".md", ".markdown"), media_type="text/markdown")
def load_markdown(path: Path, relpath: str) -> Document:
    """Markdown, as plain text with one line per source line."""
    return _document(path, relpath, "text/markdown", "markdown")


@loaders.register("html.v1", suffixes=(".html", ".htm"), media_type="text/html")
def load_html(path: Path, relpath: str) -> Document:
    """An HTML page: the text of its main content, with its title, date and language."""
    return _document(path, relpath, "text/html", "html")


# --- Public functions ---------------------------------------------------------------------------
def _unsupported(path: Path) -> UnsupportedFormat:
    return UnsupportedFormat(str(path), f"no loader reads {path.suffix or 'suffix-less'} files. "
                             f"Supported suffixes: {', '.join(loaders.suffixes())}")


def load_document(path: Path, root: Path | None = None) -> Document:
    """Load one file with the loader registered for its suffix; ``Document.path`` is ``path``
    relative to ``root`` (POSIX separators), or its name without a root."""
    if not path.exists():
        raise InputError(str(path), "no such file: check the path")
    if not path.is_file():
        raise InputError(str(path), "not a regular file: give a file, or a folder to walk")
    spec = loaders.for_suffix(path.suffix)
    if spec is None:
        raise _unsupported(path)
    try:
        relpath = path.name if root is None else path.relative_to(root).as_posix()
    except ValueError:
        raise InputError(str(path), f"the file is not inside the input folder {root}") from None
    return spec.func(path, relpath)


def iter_input_files(
    inputs: Sequence[Path], report: Callable[[str, str], None] | None = None
) -> Iterator[tuple[Path, str]]:
    """``(path, relpath)`` of every loadable file among ``inputs``: files and folders.

    Folders are walked depth-first in sorted name order, skipping hidden entries and, silently,
    files no loader reads; ``relpath`` is relative to the folder given. No folder or file is
    entered twice, so symlink loops end. What is skipped for a reason (a symlink that loops back
    or leads to a file already read, a dangling symlink, a folder that cannot be listed) is passed
    to ``report(relpath, reason)`` when given. A file given directly must have a loader; its
    relpath is its name.
    """
    visited: dict[str, str] = {}  # real path -> the relpath it was first reached by
    skip = report or (lambda relpath, reason: None)

    def first_visit(real: str, relpath: str, is_dir: bool) -> bool:
        if real in visited:
            what = "folder" if is_dir else "file"
            skip(relpath, f"the same {what} as {visited[real]!r}, reached again through a "
                 "symlink: not read twice (a symlink loop, or a second path to one file)")
            return False
        visited[real] = relpath
        return True

    for item in inputs:
        if not item.exists():
            raise InputError(str(item), "no such file or folder: check the path")
        if item.is_file():
            if loaders.for_suffix(item.suffix) is None:
                raise _unsupported(item)
            if first_visit(os.path.realpath(item), item.name, False):
                yield item, item.name
        elif not item.is_dir():
            raise InputError(str(item), "not a regular file or folder")
        elif os.path.realpath(item) not in visited:
            real = os.path.realpath(item)
            visited[real] = item.name
            stack = [_entries(item, real, "", skip)]
            while stack:
                entry = next(stack[-1], None)
                if entry is None:
                    stack.pop()
                    continue
                path, relpath, real, kind = entry
                if kind == "dir":
                    if first_visit(real, relpath, True):
                        stack.append(_entries(path, real, relpath + "/", skip))
                elif kind == "file":
                    if loaders.for_suffix(path.suffix) is not None and first_visit(real, relpath,
                                                                                   False):
                        yield path, relpath
                elif kind == "dangling":
                    skip(relpath, "a dangling symlink (or one that loops on itself): "
                         "its target does not exist")


def _entries(folder: Path, real: str, prefix: str, skip: Callable[[str, str], None]
             ) -> Iterator[tuple[Path, str, str, str]]:
    """(path, relpath, real path, kind) of the folder's entries not hidden, in name order;
    kind is "dir", "file", "dangling" (a symlink to nothing) or "other". Only a symlink's real
    path costs a look-up: any other entry's is the folder's real path and its name."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted((d for d in listing if not d.name.startswith(".")),
                             key=lambda d: d.name)
    except OSError as e:
        skip(prefix.rstrip("/") or str(folder), f"cannot list the folder ({e.strerror or e})")
        return
    for d in entries:
        try:
            kind = "dir" if d.is_dir() else "file" if d.is_file() else None
            link = d.is_symlink()
        except OSError:
            kind, link = None, False
        if kind is None:
            kind = "dangling" if link else "other"
        here = os.path.realpath(d.path) if link else os.path.join(real, d.name)
        yield folder / d.name, prefix + d.name, here, kind
