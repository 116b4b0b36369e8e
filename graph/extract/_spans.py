"""A fixed set of ``(start, end)`` spans, asked many times whether one covers or overlaps a place.

The extractors ask such questions of every word or candidate of a document ("is this word inside a
name the model reads as a person's?"); a scan of all the spans each time costs the product of
their numbers. :class:`SpanIndex` answers each in logarithmic time, exactly as the scan would, for
any spans (overlapping, nested or empty ones too).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate

__all__ = ["SpanIndex"]


class SpanIndex:
    """Spans sorted by start, with the furthest end reached by each prefix of them."""

    __slots__ = ("_reach", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach = list(accumulate((e for _, e in ordered), max))

    def covers(self, at: int) -> bool:
        """``any(s <= at < e for s, e in spans)``."""
        k = bisect_right(self._starts, at)  # the spans with s <= at
        return k > 0 and self._reach[k - 1] > at

    def encloses(self, start: int, end: int) -> bool:
        """``any(s <= start and end <= e for s, e in spans)``."""
        k = bisect_right(self._starts, start)  # the spans with s <= start
        return k > 0 and self._reach[k - 1] >= end

    def overlaps(self, start: int, end: int) -> bool:
        """``any(s < end and start < e for s, e in spans)``."""
        k = bisect_left(self._starts, end)  # the spans with s < end
        return k > 0 and self._reach[k - 1] > start
