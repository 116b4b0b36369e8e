"""Whole answers of saved queries joined here from a few small reads of the store.

Oxigraph reads the string of every term of every row of an answer from its database, one
lookup each: met's 348,828 rows are 1.4 million lookups (most of the 10 s its whole answer
took, joined by Oxigraph, on a million triples), though they hold some 24,000 distinct terms.
Read apart, its attendances, its people's names and its events' names and dates are 55,000 rows
(about a second); joined here by the numbers :func:`graph._seek.whole_answer` gives the terms,
each distinct term is read once per read, not once per row it is in. The reads are
``graph/queries/store/NAME.*.rq``; a plan's header names the join (``joined: met``).
``tests/test_saved_queries.py`` compares the rows with those of the saved query's text.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib.resources import files
from itertools import product

import pyoxigraph as ox

__all__ = ["JOINS"]

#: a term's number (the same for equal terms)
Number = Callable[[object], int]
Answer = tuple[list[str], list[tuple[int, ...]]]


@cache
def _text(name: str) -> str:
    return (files("graph") / "queries" / "store" / name).read_text(encoding="utf-8")


def _read(engine: ox.Store, name: str, prefixes: dict[str, str],
          number: Number) -> list[tuple[int, ...]]:
    """The rows of the query in ``graph/queries/store/NAME``, as the numbers of their terms."""
    answer = engine.query(_text(name), prefixes=prefixes)
    assert isinstance(answer, ox.QuerySolutions)
    # a solution makes a new term at each access: tuple() reads each one once
    return [tuple(map(number, solution)) for solution in answer]


def _grouped(rows: list[tuple[int, ...]]) -> dict[int, list[tuple[int, ...]]]:
    """The rest of each row, by its first term."""
    groups: dict[int, list[tuple[int, ...]]] = {}
    for first, *rest in rows:
        groups.setdefault(first, []).append(tuple(rest))
    return groups


def met(engine: ox.Store, prefixes: dict[str, str], number: Number) -> Answer:
    """met.rq's rows, unsorted: for each event, each pair of two of its attendees (not the
    same one), each name of the one, of the other and of the event, and each start date of the
    event (unbound when it has none), every row once."""
    attendees = _grouped(_read(engine, "met.attendance.rq", prefixes, number))
    names = {person: [name for (name,) in found] for person, found
             in _grouped(_read(engine, "met.people.rq", prefixes, number)).items()}
    events = _grouped(_read(engine, "met.events.rq", prefixes, number))
    rows: set[tuple[int, ...]] = set()
    for event, people in attendees.items():
        described = events.get(event)
        if not described:
            continue
        # an event's rows there are each of its names with each of its start dates
        event_names, starts = {name for name, _ in described}, {start for _, start in described}
        attending = [person for (person,) in people if person in names]
        for a in attending:
            others = [name for b in attending if b != a for name in names[b]]  # b is not a
            rows.update(product(names[a], others, event_names, starts))
    return ["personName", "otherName", "eventName", "start"], list(rows)


def timeline(engine: ox.Store, prefixes: dict[str, str], number: Number) -> Answer:
    """timeline.rq's rows, unsorted: for each name of each event, each of its start dates, end
    dates, places' names, organisers' names and mentioning documents' sources (unbound when it
    has none of one), every row once."""
    unbound = number(None)
    parts: dict[int, tuple[set[int], ...]] = {}
    for event, *values in _read(engine, "timeline.parts.rq", prefixes, number):
        found = parts.setdefault(event, tuple(set() for _ in values))
        for part, value in zip(found, values, strict=True):
            if value != unbound:
                part.add(value)
    rows: set[tuple[int, ...]] = set()
    for names, starts, ends, places, organizers, sources in parts.values():
        rows.update((start, end, name, place, organizer, source) for name in names
                    for start in starts or (unbound,) for end in ends or (unbound,)
                    for place in places or (unbound,) for organizer in organizers or (unbound,)
                    for source in sources or (unbound,))
    return ["start", "end", "eventName", "placeName", "organizerName", "source"], list(rows)


#: the joins a plan can name, by name
JOINS: dict[str, Callable[[ox.Store, dict[str, str], Number], Answer]] = {
    "met": met, "timeline": timeline}
