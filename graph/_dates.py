"""Dates in English, French and Spanish text, normalised to :class:`DateValue`.

``find_dates`` finds single dates ("30 mars 2021", "11 February 2021", "March 30, 2021",
"3 de octubre de 2005", "November 2021", "2021-03-30") and ranges ("20-24 April",
"from 3 to 21 October 2005", "May-July", "du 3 au 21 octobre 2005"). A date written without a
year takes the year of a reference date (usually the document's own date) when one is given;
"last February" in a letter of March 2021 is February 2021, in a letter of January 2021 it is
February 2020.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .records import DateValue

__all__ = ["DateMatch", "find_dates", "parse_date"]

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january janv janvier enero ene jan",
        "february feb fev fevr février févr fevrier febrero",
        "march mar mars marzo",
        "april apr avr avril abril abr",
        "may mai mayo",
        "june jun juin junio",
        "july jul juil juillet julio",
        "august aug août aout agosto ago",
        "september sept sep septembre septiembre setiembre",
        "october oct octobre octubre",
        "november nov novembre noviembre",
        "december dec déc décembre decembre diciembre dic",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_MONTH = r"(?P<{g}>" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th|er|º)?"
_YEAR = r"(?P<{g}>(?:1[6-9]|20)\d\d)"
_DASH = r"\s*(?:-|–|—|to|au|à|a|al|until|till)\s*"
_OF = r"(?:\s+de)?"  # Spanish "3 de octubre de 2005"


def _p(template: str, **groups: str) -> str:
    return template.format(**groups)


def _m(g: str) -> str:
    return _MONTH.replace("{g}", g)


def _d(g: str) -> str:
    return _DAY.replace("{g}", g)


def _y(g: str) -> str:
    return _YEAR.replace("{g}", g)


# Ordered: the first pattern that matches at a position wins, so ranges come before single dates.
_PATTERNS: list[re.Pattern[str]] = [
    # 2021-03-30
    re.compile(r"\b(?P<iy>(?:1[6-9]|20)\d\d)-(?P<im>0[1-9]|1[0-2])-(?P<id>[0-3]\d)\b"),
    # (from) 3 (to) 21 October 2005 / 20-24 April / du 3 au 21 octobre 2005
    re.compile(
        r"\b(?:(?:from|du|del)\s+)?" + _d("d1") + _DASH + _d("d2") + _OF + r"\s+" + _m("m2")
        + r"(?:" + _OF + r",?\s+" + _y("y2") + r")?\b",
        re.IGNORECASE,
    ),
    # (from) 30 June to 2 July 2020
    re.compile(
        r"\b(?:(?:from|du|del)\s+)?" + _d("d1") + _OF + r"\s+" + _m("m1") + _DASH + _d("d2")
        + _OF + r"\s+" + _m("m2") + r"(?:" + _OF + r",?\s+" + _y("y2") + r")?\b",
        re.IGNORECASE,
    ),
    # (from) May-July (2020) / May to July 2020
    re.compile(
        r"\b(?:(?:from|de)\s+)?" + _m("m1") + _DASH + _m("m2") + r"(?:,?\s+" + _y("y2") + r")?\b",
        re.IGNORECASE,
    ),
    # 30 mars 2021 / 3 de octubre de 2005 / 15 June
    re.compile(
        r"\b" + _d("d1") + _OF + r"\s+" + _m("m1") + r"(?:" + _OF + r",?\s+" + _y("y1") + r")?\b",
        re.IGNORECASE,
    ),
    # March 30, 2021 / March 30
    re.compile(
        r"\b" + _m("m1") + r"\s+" + _d("d1") + r"(?:,?\s+" + _y("y1") + r")?\b(?!\s*[-–]\s*\d)",
        re.IGNORECASE,
    ),
    # (last) November 2021 / November / novembre de 2021
    re.compile(
        r"\b(?P<last>last\s+|past\s+)?" + _m("m1") + r"(?:" + _OF + r",?\s+" + _y("y1") + r")?\b",
        re.IGNORECASE,
    ),
]
_BARE_YEAR = re.compile(r"(?<![\d/-])\b" + _y("y1") + r"\b(?![\d/-])")


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date or date range found at ``start``..``end`` of the text."""

    start: int
    end: int
    text: str
    start_date: DateValue
    end_date: DateValue | None = None


def _month(name: str | None) -> int | None:
    if not name:
        return None
    return _MONTHS.get(name.lower().rstrip("."))


def _value(year: int | None, month: int | None, day: int | None) -> DateValue | None:
    if year is None:
        return None
    if month is None:
        return DateValue(f"{year:04d}")
    if day is None:
        return DateValue(f"{year:04d}-{month:02d}")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return DateValue(f"{year:04d}-{month:02d}-{day:02d}")


def _infer_year(month: int, reference: DateValue | None, last: bool) -> int | None:
    if reference is None:
        return None
    year = reference.year
    if last and reference.precision != "year":
        ref_month = int(reference.iso[5:7])
        if month >= ref_month:
            year -= 1
    return year


def _from_match(m: re.Match[str], reference: DateValue | None) -> DateMatch | None:
    g = m.groupdict()
    if g.get("iy"):
        value = _value(int(g["iy"]), int(g["im"]), int(g["id"]))
        return DateMatch(m.start(), m.end(), m.group(0), value) if value else None
    m1, m2 = _month(g.get("m1")), _month(g.get("m2"))
    d1 = int(g["d1"]) if g.get("d1") else None
    d2 = int(g["d2"]) if g.get("d2") else None
    year_text = g.get("y2") or g.get("y1")
    last = bool(g.get("last"))
    month_for_year = m2 or m1
    if month_for_year is None:
        return None
    if d1 is None and d2 is None and m2 is None and not year_text and not last:
        # a bare month name ("May", "March") is too often a word or a name; keep it only as
        # "last February", in a range ("May-July") or beside a year or day
        return None
    year = int(year_text) if year_text else _infer_year(month_for_year, reference, last)
    if year is None:
        return None
    if d2 is not None and m1 is None:  # 20-24 April
        start, end = _value(year, m2, d1), _value(year, m2, d2)
    elif d2 is not None:  # 30 June to 2 July
        start_year = year - 1 if m1 and m2 and m1 > m2 else year
        start, end = _value(start_year, m1, d1), _value(year, m2, d2)
    elif m2 is not None:  # May-July
        start_year = year - 1 if m1 and m1 > m2 else year
        start, end = _value(start_year, m1, None), _value(year, m2, None)
    else:
        start, end = _value(year, m1, d1), None
    if start is None or (end is not None and end < start and end.iso[:len(start.iso)] < start.iso):
        return None
    text = m.group(0)
    if last:  # keep "last" out of the span: it is not part of the date
        offset = len(g["last"])
        return DateMatch(m.start() + offset, m.end(), text[offset:], start, end)
    return DateMatch(m.start(), m.end(), text, start, end)


def find_dates(text: str, reference: DateValue | None = None) -> Iterator[DateMatch]:
    """Every date and date range in ``text``, left to right, without overlaps.

    Bare years ("in 2021") are found too, as year-precision dates.
    """
    taken: list[DateMatch] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < t.end and t.start < m.end() for t in taken):
                continue
            found = _from_match(m, reference)
            if found is not None:
                taken.append(found)
    for m in _BARE_YEAR.finditer(text):
        if not any(m.start() < t.end and t.start < m.end() for t in taken):
            taken.append(DateMatch(m.start(), m.end(), m.group(0), DateValue(m.group(0))))
    yield from sorted(taken, key=lambda d: d.start)


def parse_date(text: str, reference: DateValue | None = None) -> DateValue | None:
    """The date written in ``text`` (the first one, if several), or None."""
    for match in find_dates(text.strip(), reference):
        return match.start_date
    return None
