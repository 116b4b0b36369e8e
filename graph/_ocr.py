"""OCR noise in plain text, mended without moving any character outside the mended lines.

A word the printer hyphenated across a line break ("Associa¬" / "tion", "Liter-" / "ature",
"Sé¬" / "dar", "EDUCA-" / "TION" before a suffix) is written whole at the end of the first line;
the rest of the second line moves to its start and the characters the word freed (the hyphen, and
blanks around the line break) go at its end as blanks: every offset outside the two lines stays
as it was, the mended text is what the extractors read and what their spans point at, and
wrapped prose reads on with one blank between its words ("International" / "Council on ...").
A hyphen stays where the first part is a prefix written with one ("Co-" / "operation" ->
"Co-operation": ``lex:hyphen-prefixes``) and before a capital after a lower-case letter, a
compound's ("Secretary-" / "General"); "¬", the OCR's mark of a soft hyphen, always goes.

Text printed in narrow columns and read line by line (a magazine page: most lines between
``_FULL_LINE`` and ``_COLUMN`` characters) has its paragraphs broken at every line end, and
names with them ("International Weaving" / "Association"). Within a paragraph, a line break
after a full line (most of the page's median width) or after a word a phrase cannot end with
("of", "the", "and") becomes a space (the same length again), and runs of blanks between two
words become one (the line padded at its end: only offsets inside the line move); a break after
a short line (a heading, a byline, a caption), around a photo credit ("©") and a blank line
between paragraphs stay.

A stray mark the scanner left between two words ("Educational, ' Scientific") goes, and so does
a blank after the apostrophe of a name ("M' Bassa"), the blanks freed at the end of the line.

A word printed letter-spaced ("P a r a g u a y", "H A L V O R S E N"; and on such a line the
short ones, "O F", "4 0 t h") is written whole, the blanks it freed after it. "of" read as "01" or
"0f" between two capitalised words ("the Royal Academy 01 Arabic Language") is written "of";
"Genera1 Conference" (an "l" read as "1" at a word's end) and "l956" (a "1" read as "l" before
digits) are mended; each the same length.

Running headers and footers of a paged text (a line at the top or bottom of two pages or more
that differs only in its numbers; kept on the first page, where it is the letterhead or the
title) and page numbers ("12", "- 3 -", "Page 4 of 9") at the top or
bottom of a page are blanked: their characters become spaces, so nothing else moves.
"""

from __future__ import annotations

import re

__all__ = ["blank_running_lines", "drop_stray_marks", "mend", "mend_misread", "rejoin_hyphenated",
           "unspace_capitals", "unwrap_columns"]

_BROKEN = re.compile(r"(?P<left>\b[A-Za-zÀ-ÖØ-öø-ÿ]+)(?P<mark>¬|-)[ \t]*\n"
                     r"(?P<right>(?:[a-zß-öø-ÿ]+(?:-[A-Za-z]+)*|(?<=[A-Z]¬\n)[A-Z]+(?![a-z])"
                     r"|(?<=[a-z]-\n)[A-Z][a-z]+(?:-[A-Za-z]+)*)"
                     r"[,.;:)]*)"
                     r"(?P<rest>[^\n]*)")

#: A word in capitals broken with a hyphen before a suffix ("ADULT EDUCA-" / "   TION"): not a
#: compound ("NORTH-" / "SOUTH"), which ends in no such suffix.
_BROKEN_CAPS = re.compile(r"(?P<left>\b[A-Z]{2,})(?P<mark>-)[ \t]*\n[ \t]*(?P<right>[A-Z]{0,3}"
                          r"(?:TION|SION|MENT|ENCE|ANCE|ITY|ICAL|ATIVE|ISM|ING)S?\b)(?P<rest>[^\n]*)")


def _prefixes() -> frozenset[str]:
    from .extract._lexicon import words  # the word lists live beside the extractors' data

    return frozenset(w.lower() for w in words("hyphen-prefixes"))


def rejoin_hyphenated(text: str) -> str:
    """``text`` with the words hyphenated across a line break joined, its length unchanged: the
    word ends the first line, and the rest of the second line moves to its start, the freed
    characters as blanks at its end ("Inter-\nnational Council" -> "International\nCouncil  "),
    so that wrapped prose reads on with one blank between its words."""
    if "-\n" not in text and "¬" not in text:
        return text
    prefixes = _prefixes()

    def mend(m: re.Match[str]) -> str:
        left, mark, right = m.group("left"), m.group("mark"), m.group("right")
        keep = mark == "-" and (left.lower() in prefixes  # "Co-operation", "Secretary-General"
                                or (right[:1].isupper() and left[-1:].islower()))
        word = left + "-" + right if keep else left + right
        body = word + "\n" + m.group("rest").lstrip(" \t")
        return body + " " * (len(m.group(0)) - len(body))

    for _ in range(4):  # a line whose first word and last word are both broken: two passes
        mended = _BROKEN_CAPS.sub(mend, _BROKEN.sub(mend, text))
        if mended == text:
            break
        text = mended
    return text


_COLUMN = 70  # the median line of a column of print is shorter than this
_FULL_LINE = 25  # a shorter line ends a heading, a byline or a paragraph
_LOWER = re.compile(r"[a-z]")
_BLANKS = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
_END = re.compile(r"[.,;:!?)\"'\u2019\u201d][ \t]*$")  # a paragraph's last line, not a subheading
#: A line that ends in a word a phrase cannot end with goes on below: "the Centre of" /
#: "Documentation on Ancient".
_OPEN_END = re.compile(r"\b(?:of|the|and|on|for|in|to|a|an|with|by|at|from)$")
_CAPS_AFTER_GAP = re.compile(r"\S[ \t]{3,}[A-Z][A-Z '.,()-]*[A-Z)][ \t]*$")
_WRAP = re.compile(r"(?<=[^\s:])[ \t]*\n(?=[ \t]*[\w(\"'\u2018\u201c])")


def unwrap_columns(text: str) -> str:
    """``text`` with the line breaks of narrow printed columns inside paragraphs made spaces."""
    lengths = sorted(len(ln.strip()) for ln in text.split("\n") if ln.strip())
    column = sum(1 for n in lengths if _FULL_LINE <= n < _COLUMN)
    if len(lengths) < 8 or column < 0.6 * len(lengths):
        return text  # not a page of columns: a letter's address block keeps its lines
    # a full line of this page's columns: most of the median line's width
    full_line = min(_FULL_LINE, int(0.75 * lengths[len(lengths) // 2]))

    def join(m: re.Match[str]) -> str:
        raw = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
        line = raw.strip()
        end = text.find("\n", m.end())
        nxt = text[m.end(): end if end >= 0 else len(text)]
        if "©" in line or "©" in nxt or _CAPS_AFTER_GAP.search(raw):
            return m.group(0)  # a photo credit keeps its line: "Photos © Publifoto, Milan"; so
            # does a heading's line that ends in capitals after a wide gap ("   EXECUTIVE BOARD")
        full = _LOWER.search(line) and _LOWER.search(nxt) and (_OPEN_END.search(line) or (
            len(line) >= full_line and (len(nxt.strip()) >= full_line or _END.search(nxt)
                                        or nxt.strip()[:1].islower())))
        # a heading (in capitals, or short after a line) keeps its own line
        return " " * len(m.group(0)) if full else m.group(0)

    lines = _WRAP.sub(join, text).split("\n")
    return "\n".join(line if _two_columns(line) else _single_spaced(line) for line in lines)


def _two_columns(line: str) -> bool:
    """A heading's line that ends in capitals after a wide gap, with something other than words
    in capitals before it, keeps its gap: it parts two columns ("104 EX/SR.6 (prov.)   EXECUTIVE
    BOARD"); a letter-spaced heading closed up ("RECORDS   OF   THE   GENERAL   CONFERENCE") is
    one column."""
    found = _CAPS_AFTER_GAP.search(line)
    return found is not None and re.search(r"[^A-Z \t]", line[:found.start() + 1]) is not None


def _single_spaced(line: str) -> str:
    """``line`` with the runs of blanks between its words made one, padded at its end: a mended
    word leaves two blanks behind it, which would cut a name in two for the model."""
    squeezed = _BLANKS.sub(" ", line)
    return squeezed + " " * (len(line) - len(squeezed))


_SPACED = re.compile(r"(?<![\w.])[A-Z](?: (?:[A-Za-z]|-(?= [A-Za-z]))){3,}(?![\w.])")


#: A short letter-spaced word between wide gaps, on a line with a long one ("R E C O R D S   O F
#: T H E", "4 0 t h   S E S S I O N"): "O F" alone could be two initials.
_SPACED_SHORT = re.compile(r"(?<=  )[A-Z0-9](?: [A-Za-z0-9]){1,3}(?=  |$)", re.MULTILINE)


def _close_up(m: re.Match[str]) -> str:
    return m.group(0).replace(" ", "") + " " * m.group(0).count(" ")


def unspace_capitals(text: str) -> str:
    """``text`` with letter-spaced words closed up ("P a r a g u a y" -> "Paraguay       ")."""
    if not _SPACED.search(text):
        return text
    return "\n".join(_SPACED_SHORT.sub(_close_up, _SPACED.sub(_close_up, line))
                     if _SPACED.search(line) else line for line in text.split("\n"))


_MISREAD_OF = re.compile(r"(?P<before>\b[A-Z][a-z]{2,}\s+)0[1f](?=[ \t]+[A-Z][a-z])")


#: Words a number follows ("Room 01 Annex"): "01" after them is no "of".
_NUMBERED = frozenset({"Room", "Rooms", "Building", "Floor", "Office", "Box", "Suite", "Unit",
                       "Block", "Level", "Gate", "Platform", "Flight", "Route", "Road", "Street",
                       "Item", "Page", "Line", "Chapter", "Article", "Annex", "Number", "Code"})


#: "l" read as "1" at the end of a word, after a vowel, before a capitalised word ("Genera1
#: Conference"), and "1" read as "l" opening a number ("New Delhi, l956", "Wednesday l3 November").
_MISREAD_L = re.compile(r"(?<=[A-Za-z][a-z]{2}[aeiou])1(?=[ \t]+[A-Z][a-z])")
_MISREAD_ONE = re.compile(r"(?<![\w/])l(?=\d)")


def mend_misread(text: str) -> str:
    """``text`` with "of" read as "01" or "0f" between capitalised words written "of", and "l"
    and "1" misread for each other (:data:`_MISREAD_L`, :data:`_MISREAD_ONE`)."""
    if "1" in text:
        text = _MISREAD_L.sub("l", text)
    text = _MISREAD_ONE.sub("1", text)
    if "0" not in text:
        return text
    return _MISREAD_OF.sub(lambda m: m.group(0) if m.group("before").split()[0] in _NUMBERED
                           else m.group("before") + "of", text)


def mend(text: str) -> str:
    """``text`` with every mend of this module that needs no page layout, offsets kept."""
    return unwrap_columns(unspace_capitals(drop_stray_marks(mend_misread(rejoin_hyphenated(text)))))


_MARKS = "'\u2018\u2019`\"^~|"
_STRAY = re.compile(rf"(?<=[\w,;])[ \t]+[{_MARKS}][ \t]+(?=\w)")
# a blank the scanner put after the apostrophe of a name: "M' Bassa", "N' Diaye", "O' Brien"
_ELIDED = re.compile(r"(?<![\w'\u2019])([A-Z]['\u2019])[ \t]+(?=[A-Z][a-z])")


def drop_stray_marks(text: str) -> str:
    """``text`` without the lone marks between words, each line padded to its length."""
    if not _STRAY.search(text) and not _ELIDED.search(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        stray = _STRAY if sum(line.count(q) for q in _MARKS) == 1 else None  # no quotation
        mended = _ELIDED.sub(r"\1", stray.sub(" ", line) if stray else line)
        lines[i] = mended + " " * (len(line) - len(mended))
    return "\n".join(lines)


_PAGE_NUMBER = re.compile(r"[-–—.\s]*(?:(?:page|p\.|pag\.|seite)\s*)?(?:\d{1,4}|[ivx]{1,5})"
                          r"(?:\s*(?:/|of|sur|de|von)\s*\d{1,4})?[-–—.\s]*", re.I)
_PAGE_WORD = re.compile(r"page|p\.|[-\u2013\u2014]", re.I)  # a number alone on one page may be text
_EDGE_LINES = 2  # lines read as the top or the bottom of a page


def _edges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the first and last :data:`_EDGE_LINES` non-blank lines of a page."""
    lines: list[tuple[int, int]] = []
    at = start
    for line in text[start:end].split("\n"):
        if line.strip():
            lines.append((at, at + len(line)))
        at += len(line) + 1
    if len(lines) <= 2 * _EDGE_LINES:
        return lines
    return lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]


def blank_running_lines(text: str, page_starts: list[int]) -> str:
    """``text`` with running headers, footers and page numbers blanked (same length)."""
    bounds = [*page_starts[1:], len(text)]
    edges = [_edges(text, s, e) for s, e in zip(page_starts, bounds, strict=True)]
    seen: dict[str, set[int]] = {}
    for page, lines in enumerate(edges):
        for s, e in lines:
            shape = " ".join(re.sub(r"\d+", "#", text[s:e]).lower().split())
            seen.setdefault(shape, set()).add(page)
    running = {shape for shape, pages in seen.items()
               if len(pages) >= 2 and len(pages) * 2 > len(edges) and len(shape) > 3}
    chars = list(text)
    for page, lines in enumerate(edges):
        for s, e in lines:
            line = text[s:e]
            shape = " ".join(re.sub(r"\d+", "#", line).lower().split())
            number = _PAGE_NUMBER.fullmatch(line) and (len(edges) > 1 or _PAGE_WORD.search(line))
            # the first page's copy is kept: there it is the letterhead or the title
            if (page > 0 and shape in running) or number:
                chars[s:e] = " " * (e - s)
    return "".join(chars)
