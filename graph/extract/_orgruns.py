"""The words ``organizations.v1`` reads names in, and their runs: capitalised words and the small
words between them on one line; or in one cell of a table, which goes on at the same column of
the next line ("Senior Adviser, Finnish Sports" over "Confederation (VALO)"), past an office in
brackets at the start of that line ("(Chairperson)"); or over the blanks an OCR mend left at the
end of a wrapped line."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS

from ._vocab import APOS, JOINERS, MONTHS, ORG_HEADS, POST_WORDS, PREPOSITIONS

__all__ = ["Tok", "is_name_word", "runs", "tokens"]

_TOKEN = re.compile(rf"[^\W_]+(?:[-\u2010{APOS}.&][^\W_]+)*(?:[{APOS}]s?)?|[,&()/;:]")


class Tok(NamedTuple):  # a tuple: a document has tens of thousands of them, made quickly
    text: str  # without a trailing possessive
    start: int
    end: int  # end of ``text`` (before the possessive)
    possessive: bool
    newline_before: bool  # or a sentence's end: "the Middle East. Soccer Academy is ..."
    wrapped: bool = False  # after the line break of wrapped prose, read as blanks
    cell: int = 0  # the column where the table cell it is in starts (after a wide gap)
    cell_first: bool = False  # the first word of its cell
    line_last: bool = False  # the last word of its line
    aside: bool = False  # in brackets before a table's cell goes on: "(Chairperson)     and Sport"


def tokens(text: str, written: str | None = None) -> list[Tok]:
    """The words of ``text``; ``written`` is the text before wrapped lines were unwrapped."""
    out: list[Tok] = []
    prev_end = 0
    here = _Line(text, 0)
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        poss = len(word) > 2 and word[-1] == "s" and word[-2] in APOS and word[0].isupper()
        if not poss and word[-1] in APOS:
            word = word[:-1]
        if poss:
            word = word[:-2]
        start = m.start()
        gap = text[prev_end:start]
        ends = "." in gap and len(out[-1].text) > 3 and not out[-1].text.isupper() if out else False
        wrapped = written is not None and "\n" in written[prev_end:start] and not gap.strip()
        if start > here.end:
            here = _Line(text, start)
        k = bisect_right(here.gaps, start) - 1
        cell = here.gaps[k] if k >= 0 else here.first
        out.append(Tok(word, start, start + len(word), poss, "\n" in gap or ends, wrapped,
                        cell - here.start, cell == start, m.end() >= here.last,
                        start < here.aside))
        prev_end = m.end()
    return out


class _Line:
    """What :func:`tokens` reads of the line a word is on, once a line (a document may be one
    line of many thousand words)."""

    def __init__(self, text: str, at: int) -> None:
        self.start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        self.end = len(text) if end < 0 else end
        line = text[self.start:self.end]
        self.first = self.start + len(line) - len(line.lstrip())  # its first word
        self.last = self.start + len(line.rstrip())  # the end of its last word
        self.gaps = [w.end() for w in _WIDE_GAP.finditer(text, self.start, self.end)]
        aside = _ASIDE.match(text, self.start)  # before the cell, its words' end
        self.aside = aside.end(1) if aside is not None else -1


_WIDE_GAP = re.compile(r"[ \t]{3,}")
_ASIDE = re.compile(r"[ \t]*(\([^()\n]*\))[ \t]{3,}\S")


def _cell_goes_on(prev: Tok, tok: Tok, text: str) -> bool:
    """``tok`` goes on, on the next line, with the cell of a table's second column that ``prev``
    ends: "Senior Adviser, Finnish Sports\n            Confederation (VALO), Helsinki"."""
    return (prev.line_last and tok.cell_first and prev.cell >= 8 and tok.cell == prev.cell
            and text.count("\n", prev.end, tok.start) == 1)


def is_name_word(word: str) -> bool:
    """A capitalised word that can be part of a name (not "The", not a month, not a post)."""
    if not word[:1].isupper() or word in MONTHS or word in POST_WORDS:
        return False
    return word in ORG_HEADS or word.isupper() or word.lower() not in STOP_WORDS


def runs(toks: list[Tok], text: str) -> Iterator[list[Tok]]:
    """Maximal runs of name words and joiners on one line (or in one cell of a table), each
    ending on a name word."""
    run: list[Tok] = []
    for i, tok in enumerate(toks):
        joins = run and not run[-1].possessive and (
            (not tok.newline_before and ((tok.start - run[-1].end) <= 2 or tok.wrapped))
            or _cell_goes_on(run[-1], tok, text))  # (wrapped: the blanks a mend left at the end
        # of a wrapped line: "the United Nations Economic Commission   \nfor Africa")
        if is_name_word(tok.text) and not (run and tok.text[:1].isupper() and
                                             tok.text.lower() in STOP_WORDS and
                                             tok.text not in ORG_HEADS):
            if not joins:
                yield from _trimmed(run)
                run = []
            run.append(tok)
        elif joins and (tok.text in JOINERS or tok.text == ","):
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if tok.text == "the" and run[-1].text not in PREPOSITIONS | {"and"}:
                yield from _trimmed(run)
                run = []
            elif nxt is not None and (not nxt.newline_before or _cell_goes_on(tok, nxt, text)):
                run.append(tok)
        else:
            yield from _trimmed(run)
            run = []
        if run and run[-1].possessive:
            yield from _trimmed(run)
            run = []
    yield from _trimmed(run)


def _trimmed(run: list[Tok]) -> Iterator[list[Tok]]:
    while run and not is_name_word(run[-1].text):
        run = run[:-1]
    while run and not is_name_word(run[0].text):
        run = run[1:]
    if run:
        yield run
