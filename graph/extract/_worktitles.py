"""Titles of works that the sentence, not a head word, shows to be titles.

``references.v1`` reads instruments and reports by their head words ("Convention on ...",
"Report of ..."); a book or an article has none. Its title is read where the sentence says it is
published and names its author by a possessive: "His Central Asia before the Achaemenides was
published in London in 1972".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["published_titles"]

_SMALL_TEXT = "of the and in on before after for a an to at from with without under between by"
_SMALL_WORDS = frozenset(_SMALL_TEXT.split())
_SMALL = "|".join(sorted(_SMALL_WORDS))
_PUBLISHED = re.compile(
    r"\b(?:[Hh]is|[Hh]er|[Tt]heir)\s+(?P<title>[A-Z][\w'’-]*(?:\s+(?:" + _SMALL
    + r"|[A-Z][\w'’-]*)){0,10}?)\s+(?:was|were|has\s+been|had\s+been)\s+(?:first\s+)?"
    r"(?:published|printed|released|issued|reissued|translated)\b")


def published_titles(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, title)`` of each title that is the subject of "was published" (printed,
    released, translated ...) after "his", "her" or "their". A one-word subject is left out:
    "His Majesty was released" names no work."""
    for m in _PUBLISHED.finditer(text):
        title = m.group("title")
        words = title.split()
        if len(words) < 2 or words[-1].lower() in _SMALL_WORDS:
            continue
        yield m.start("title"), m.end("title"), title
