"""Names that are words of a quoted title, not entities.

A song, a book, an episode or a slogan in quotation marks is often made of names: "Take a Letter
Miss Smith", "Leave It to Joan", "Me and Emily", "Friends of Peter G.". The model reads the person
inside; the text names a work. A quoted title is told from quoted speech by its casing: a few
words, most of them capitalised, none of them a long lower-case word ("Worry Worry Worry" is a
title; "we are proud of this work," said ... is speech).

A person, organisation or place found strictly inside such a title is left out, and so is a
person or place that is the whole title ("Bombtrack"); an organisation that is the whole title
stays (quotation marks around a body's name are common: the "Man and the Biosphere" programme).
Relations and facts naming a mention left out go with it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

from ..records import EntityKind, Mention, Record, names_any

__all__ = ["outside_titles", "quoted_titles"]

#: A span in straight or typographic double quotes, on one line.
_QUOTED = re.compile(r'"([^"\n]{1,90})"|“([^”"\n]{1,90})”|«\s?([^»\n]{1,90}?)\s?»')
_WORD = re.compile(r"[\w'’.&-]+")
#: Lower-case words a title keeps without ceasing to be one (articles, prepositions, short
#: words of other languages are also allowed by length).
_SHORT = 4
_MAX_WORDS = 10
_KINDS = frozenset({EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE})
_WHOLE = frozenset({EntityKind.PERSON, EntityKind.PLACE})


def _is_title(inner: str) -> bool:
    words = _WORD.findall(inner)
    if not words or len(words) > _MAX_WORDS or not words[0][:1].isupper():
        return False
    if inner.rstrip().endswith((",", ";", ":", "?", "!")):
        return False  # quoted speech broken off by "he said"
    lower = [w for w in words if not w[:1].isupper() and not w[:1].isdigit()]
    return all(len(w) <= _SHORT for w in lower) and len(lower) * 2 <= len(words)


def quoted_titles(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the inside of each quoted title of ``text``."""
    for m in _QUOTED.finditer(text):
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        inner = m.group(group)
        if _is_title(inner):
            start = m.start(group)
            lead = len(inner) - len(inner.lstrip())
            yield start + lead, start + len(inner.rstrip(" .,"))


def _inside(m: Mention, titles: Sequence[tuple[int, int]], starts: Sequence[int]) -> bool:
    """Whether ``m`` is a word of one of ``titles`` (in order, not overlapping; ``starts``
    their starts)."""
    k = bisect_right(starts, m.span.start) - 1
    if k < 0:
        return False
    lo, hi = titles[k]
    if not (lo <= m.span.start and m.span.end <= hi):
        return False
    whole = m.span.start == lo and m.span.end >= hi
    return not whole or m.kind in _WHOLE


def outside_titles(text: str, records: Sequence[Record]) -> list[Record]:
    """``records`` without the persons, organisations and places that are words of a quoted
    title of ``text``, and without the relations and facts that name them."""
    titles = list(quoted_titles(text))
    if not titles:
        return list(records)
    starts = [lo for lo, _ in titles]
    gone = {r for r in records
            if isinstance(r, Mention) and r.kind in _KINDS and _inside(r, titles, starts)}
    if not gone:
        return list(records)
    return [r for r in records if r not in gone and not names_any(r, gone)]
