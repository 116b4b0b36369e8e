"""OCR noise in plain text, mended without moving any character outside the mended word.

A word the printer hyphenated across a line break ("Associa¬" / "tion", "Liter-" / "ature") is
written whole on the first line, and the two characters it freed (the hyphen and the line break)
go after it as a line break and a space: every offset before and after the word stays as it was,
so the spans of every mention keep pointing at the same text. A hyphen stays where the first part
is a prefix written with one ("Co-" / "operation" -> "Co-operation": ``lex:hyphen-prefixes``);
"¬", the OCR's mark of a soft hyphen, always goes.
"""

from __future__ import annotations

import re

__all__ = ["rejoin_hyphenated"]

_BROKEN = re.compile(r"(?P<left>\b[A-Za-z]+)(?P<mark>¬|-)[ \t]*\n(?P<right>[a-z]+[,.;:)]*)")


def _prefixes() -> frozenset[str]:
    from .extract._lexicon import words  # the word lists live beside the extractors' data

    return frozenset(w.lower() for w in words("hyphen-prefixes"))


def rejoin_hyphenated(text: str) -> str:
    """``text`` with the words hyphenated across a line break joined, its length unchanged."""
    if "-\n" not in text and "¬" not in text:
        return text
    prefixes = _prefixes()

    def mend(m: re.Match[str]) -> str:
        left, mark, right = m.group("left"), m.group("mark"), m.group("right")
        freed = m.group(0)[len(left) + len(mark): m.start("right") - m.start()]
        if mark == "-" and left.lower() in prefixes:
            return left + "-" + right + freed  # the line break (and any blank) after the word
        return left + right + freed + " "

    return _BROKEN.sub(mend, text)
