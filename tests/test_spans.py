"""SpanIndex answers as a scan of all the spans would."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from graph.extract._spans import SpanIndex

spans = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=12)
points = st.integers(-2, 42)


@given(spans, points)
def test_covers_is_the_scan(items, at):
    assert SpanIndex(items).covers(at) == any(s <= at < e for s, e in items)


@given(spans, points, points)
def test_encloses_is_the_scan(items, start, end):
    assert SpanIndex(items).encloses(start, end) == any(
        s <= start and end <= e for s, e in items)


@given(spans, points, points)
def test_overlaps_is_the_scan(items, start, end):
    assert SpanIndex(items).overlaps(start, end) == any(s < end and start < e for s, e in items)


def test_no_spans_cover_nothing():
    index = SpanIndex([])
    assert not index.covers(0) and not index.encloses(0, 0) and not index.overlaps(0, 1)
