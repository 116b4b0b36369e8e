from __future__ import annotations

import pytest

from graph._dates import find_dates, parse_date
from graph.records import DateValue

REF = DateValue("2020-06-25")
LETTER = DateValue("2021-03-30")


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("30 mars 2021", None, [("30 mars 2021", "2021-03-30", None)]),
        ("your letter dated 11 February 2021 in which", None,
         [("11 February 2021", "2021-02-11", None)]),
        ("On 15 June, the Director-General", REF, [("15 June", "2020-06-15", None)]),
        ("On 15 June, the Director-General", None, []),
        ("its first meeting online from 20-24 April.", REF,
         [("from 20-24 April", "2020-04-20", "2020-04-24")]),
        ("a consultation from May-July, the Group", REF,
         [("from May-July", "2020-05", "2020-07")]),
        ("adoption in November 2021.", None, [("November 2021", "2021-11", None)]),
        ("the session last February, and", LETTER, [("February", "2021-02", None)]),
        ("the session last April, and", LETTER, [("April", "2020-04", None)]),
        ("meeting in Paris from 3 to 21 October 2005 at", None,
         [("from 3 to 21 October 2005", "2005-10-03", "2005-10-21")]),
        ("du 3 au 21 octobre 2005", None,
         [("du 3 au 21 octobre 2005", "2005-10-03", "2005-10-21")]),
        ("el 3 de octubre de 2005", None, [("3 de octubre de 2005", "2005-10-03", None)]),
        ("Paris, le 1er avril 2021", None, [("1er avril 2021", "2021-04-01", None)]),
        ("March 30, 2021", None, [("March 30, 2021", "2021-03-30", None)]),
        ("2021-03-30", None, [("2021-03-30", "2021-03-30", None)]),
        ("the 2009 European election", None, [("2009", "2009", None)]),
        ("May I ask you", REF, []),
        ("31 February 2021", None, [("February 2021", "2021-02", None)]),
        ("from 30 June to 2 July 2020", None,
         [("from 30 June to 2 July 2020", "2020-06-30", "2020-07-02")]),
    ],
)
def test_find_dates_normalises_text(text, reference, expected):
    found = [
        (d.text, d.start_date.iso, d.end_date.iso if d.end_date else None)
        for d in find_dates(text, reference)
    ]
    assert found == expected


def test_find_dates_offsets_point_at_the_text():
    text = "Signed in Paris on 30 mars 2021 by the Secretary."
    (match,) = find_dates(text)
    assert text[match.start : match.end] == match.text == "30 mars 2021"


def test_parse_date_returns_first_or_none():
    assert parse_date("  11 February 2021 ") == DateValue("2021-02-11")
    assert parse_date("no date here") is None


@pytest.mark.parametrize("bad", ["2021-13", "21", "2021-03-30-01", "abcd"])
def test_date_value_rejects_non_dates(bad):
    with pytest.raises(ValueError, match="not an ISO date"):
        DateValue(bad)


def test_date_value_precision():
    assert [DateValue(v).precision for v in ("2021", "2021-03", "2021-03-30")] == [
        "year", "month", "day"]
