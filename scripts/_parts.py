"""Which documents of a benchmark set are for tuning and which are held out.

The held-out part of a set is scored but its errors are never read while rules or models are
tuned, so that its figures say how the tool does on documents nobody tuned for. The rule is fixed
here, once, and every script asks it:

- ``crossner-politics-dev``: files s0360 to s0540 are held out (the split used since issue 3);
- every other set: within each kind of document (the gold's ``"kind"``, one kind when it has
  none), the documents sorted by file name, every third one (the 3rd, 6th, 9th, ...) is held out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

PARTS = ("all", "tune", "held-out")

#: Sets split before this rule existed: set name -> the first held-out file name.
_SPLIT_AT = {"crossner-politics-dev": "s0360"}


def held_out(set_name: str, documents: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The file names of the held-out documents of a gold set's ``documents`` list."""
    docs = list(documents)
    start = _SPLIT_AT.get(set_name)
    if start is not None:
        return frozenset(d["file"] for d in docs if d["file"] >= start)
    by_kind: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        by_kind[str(doc.get("kind", ""))].append(doc["file"])
    return frozenset(
        name for names in by_kind.values() for i, name in enumerate(sorted(names)) if i % 3 == 2
    )


def select(set_name: str, documents: list[dict[str, Any]], part: str) -> list[dict[str, Any]]:
    """The documents of one part ("all", "tune" or "held-out") of a set."""
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r}; choose one of {', '.join(PARTS)}")
    if part == "all":
        return documents
    out = held_out(set_name, documents)
    return [d for d in documents if (d["file"] in out) == (part == "held-out")]
