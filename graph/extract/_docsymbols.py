"""Resolutions, decisions and document symbols, as ``references.v1`` reads them.

- UNESCO session symbols: a session number, the body's letter code and the document's number
  ("32 C/Resolution 9", "205 EX/Decision 17", "39 C/NOM/2 Add.", "2 XC/7", "2 XC/DR. 3"), the
  OCR misreading of a final "1" as "l" or "I" ("3 XC/l") named with the digit;
- resolutions and decisions named by word and number ("resolution 70/1", "decision 14.IGC 7"),
  lists of them under one plural word ("resolutions 2001/39 ... and 2003/232");
- other United Nations document symbols ("A/RES/70/1", "CE/21/14.IGC/7").

Each is a :class:`Symbol`: where it is, its name, its class and its identifier.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

__all__ = ["Symbol", "balanced", "symbols"]

_CODE = (r"[A-Z]+/RES/\d+(?:/\d+)*|\d+(?:\.|\s)?[A-Z]{2,}(?:[ /.]?\d+[A-Z]?(?:\.[\dA-Z]+)*)?"
         r"|\d+/\d+(?:[./]\d+)*[A-Z]?(?:\s(?:[B-HJ-Z]|[AI](?=\s*(?:[,;.)]|of\b|and\b)))(?![\w/]))?"
         r"|\d+\s?\((?:19|20)\d\d\)"
         # a General Assembly resolution by number and session: "3187 (XXVIII)", "217 A (III)"
         r"|\d{2,4}(?:\s[A-H])?\s?\([IVXL]+\)"
         # a General Conference resolution or a Board decision by item: "resolution 4.1"
         r"|\d{1,2}\.\d{1,2}(?:\.\d{1,2})?(?![\d.]\d)")
_RESOLUTION = re.compile(
    r"(?<![\w/])(?P<id>\d{1,2}\s?C/(?:Resolution|Res\.|Résolution)s?\s*\d+(?:\.\d+)*)"
    r"|(?<![\w/])(?P<exid>\d{2,3}\s?EX/(?:Decision|Décision)s?\s*\d+(?:\.[\dA-Z]+)*)"
    r"|\b(?P<word>[Rr][eé]solution|[Dd][eé]cision)(?P<plural>s)?\s+(?P<code>" + _CODE
    + r")(?![\w/(])"
)
# a further number in a list after a plural word: ", 2003/232" / " and 2003/232"
# (its title and date may come between: "2001/39 on Genetic Privacy of 26 July 2001 and ...")
_MORE_CODE = re.compile(r"[^;.\n]{0,120}?(?:,\s*|\s+and\s+)(?P<code>" + _CODE + r")(?![\w/(])")
# a resolution's title after its number: "on Genetic Privacy and Non-Discrimination"
_TITLE = re.compile(r"\s+on\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:and|of|the|for|in)\s+[A-Z][\w-]*"
                    r"|\s+[A-Z][\w-]*)*")
# a session document: "39 C/NOM/2 Add.", "2 XC/DR. 3", "3 XC/l", "2 XC/7", "184 EX/Decisions",
# "205 EX/5.INF"
_SESSION = (
    r"\d{1,3}\s?(?:C|EX|XC)/(?:[A-Z]{2,}\.?\s?\d+[A-Za-z]?(?:/[\w.]+)*|[A-Z]+(?:/[\w.]+)+"
    r"|\s?\d+(?:\.\d+)*(?:\.INF(?:\.\d+)?)?|[lI](?![\w/])"
    r"|(?:Decisions|Resolutions)(?![\w/])(?!\s?\d))"
    r"(?:\s?\((?:[IVX]+|[A-Z]{1,4})\))?"
    r"(?:\s(?:Rev|Add|Corr)\.(?:\s?\d+)?)*"
)
_SYMBOL = re.compile(
    r"(?<![\w/.:@-])(?:" + _SESSION
    + r"|[A-Z][A-Z0-9.-]*(?:/[A-Za-z0-9.()-]*[A-Za-z0-9)]){2,})(?![\w/])"
)
_OCR_ONE = re.compile(r"(?<=/)[lI]$")


@dataclass(frozen=True, slots=True)
class Symbol:
    """A document named by symbol or number at ``start``..``end``; ``worded`` when a word
    ("resolution") opens it, which may follow its author's name."""

    start: int
    end: int
    name: str
    subtype: str | None
    identifier: str
    alternate_names: tuple[str, ...] = ()
    worded: bool = False


def balanced(text: str) -> str:
    """``text`` without closing brackets it does not open: "(document A/75/1)" -> "A/75/1"."""
    while text.endswith(")") and text.count("(") < text.count(")"):
        text = text[:-1]
    return text


def _worded(text: str, m: re.Match[str]) -> Iterator[Symbol]:
    """ "resolution 70/1"; "resolutions 2001/39 on X and 2003/232 on Y": one per number."""
    word = m.group("word")
    subtype = "Resolution" if word[0] in "Rr" else "Decision"
    codes = [(m.start(), m.end("code"), m.group("code"))]
    pos = m.end()
    while m.group("plural"):
        more = _MORE_CODE.match(text, pos)
        if more is None:
            break
        codes.append((more.start("code"), more.end(), more.group("code")))
        pos = more.end()
    for start, end, code in codes:
        name = f"{subtype} {code}"
        written = re.sub(r"\s+", " ", f"{word.lower()} {code}")
        alts: tuple[str, ...] = (written,) if start != m.start() else ()
        title = _TITLE.match(text, end)  # "2001/39 on Genetic Privacy and Non-Discrimination"
        if title:
            titled = re.sub(r"\s+", " ", title.group(0))
            alts += (f"{word.lower().rstrip('s')} {code}{titled}",)
            end = title.end()
        yield Symbol(start, end, name, subtype, code, alts, worded=True)


#: An "l" or "I" the OCR read for a "1" beside digits: "30 C/DR.l2", "4.l", "3 XC/l".
_OCR_DIGIT = re.compile(r"(?<=[\d./])[lI](?=[\d.]|\b)|(?<=\d)[lI](?=\d)|(?<=\s)[lI](?=\d)")


def symbols(text: str) -> Iterator[Symbol]:
    """Every resolution, decision and document symbol of ``text``, left to right per kind; an
    "l" or "I" the OCR read for a "1" beside digits is read as the digit (the symbol is named
    with it, and also as written)."""
    shadow = _OCR_DIGIT.sub("1", text)  # the same length: offsets hold
    for symbol in _symbols(shadow):
        written = re.sub(r"\s+", " ", text[symbol.start:symbol.end])
        if shadow[symbol.start:symbol.end] != text[symbol.start:symbol.end] and \
                written not in symbol.alternate_names:
            symbol = replace(symbol, alternate_names=(*symbol.alternate_names, written))
        yield symbol


def _symbols(text: str) -> Iterator[Symbol]:
    for m in _RESOLUTION.finditer(text):
        ident = m.group("id") or m.group("exid")
        if ident:
            subtype = "Resolution" if m.group("id") else "Decision"
            yield Symbol(m.start(), m.end(), re.sub(r"\s+", " ", ident), subtype, ident)
        else:
            yield from _worded(text, m)
    for m in _SYMBOL.finditer(text):
        symbol = balanced(m.group(0))
        if not any(c.isdigit() for c in symbol):
            continue
        name = re.sub(r"\s+", " ", symbol)
        alts: tuple[str, ...] = ()
        if "/ " in name:  # "2 XC/ 9": a blank the OCR put after the slash
            name, alts = name.replace("/ ", "/"), (name,)
        if _OCR_ONE.search(name):  # "3 XC/l": a "1" the OCR read as a letter
            name, alts = _OCR_ONE.sub("1", name), (*alts, name)
        kind = "Resolution" if "/RES/" in symbol else None
        yield Symbol(m.start(), m.start() + len(symbol), name, kind, name, alts)
