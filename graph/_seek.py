"""Saved queries on the store: a page without sorting the whole answer, and the whole answer
sorted in Python.

Oxigraph sorts every row of an answer before it gives the first (it keeps no top-k), reads the
strings of the terms from the database at each comparison, and joins the patterns of a group
row by row, so the first page of people-posts cost as much as its 24,000 rows (6.7 s on a
million triples). A saved query with a plan in ``graph/queries/store/NAME.keys.rq`` is read
otherwise (rdflib, and any other text, run the query as written):

1. The file's header names the ``ORDER BY`` keys (``order: str(start) eventName source``), and
   its query gives the values the first key's variable can take (a superset will do: every
   name of anything); they are sorted here in the order ``ORDER BY`` gives them.
2. A page: the rows of the next few values come from the saved query (or from the file the
   header's ``rows:`` names) with those values in a ``VALUES`` block at the head of its
   ``WHERE`` group, and Oxigraph sorts these few rows by the whole ``ORDER BY``. Batches
   follow in the key's order until the page is full; the file the header's ``unbound:`` names
   gives the rows where the variable is unbound, which sort last (timeline's undated events).
3. The whole answer (and a page past :data:`SEEK_ROWS`): the file the header's ``all:`` names
   gives the same rows unsorted, each triple pattern in a ``SELECT`` of its own, which Oxigraph
   joins by hashing (a text for the store only: rdflib joins it nested-loop), or the join in
   :mod:`graph._joins` the header's ``joined:`` names (met, timeline: a few small reads joined
   in Python, each distinct term read once rather than once per row), and they are sorted
   here by the same keys, ranks of the terms computed once.

The key's variable is selected, so rows of different values are different rows and
``DISTINCT`` within each batch is ``DISTINCT`` over the answer. Rows that tie on every
``ORDER BY`` key come in an order SPARQL leaves open, and Oxigraph's sort is not stable: it
depends on the order the rows came in. So such rows are put in the order of their N-Triples
text (:func:`untied`), in a page and in the whole answer alike, and a page is that part of the
whole answer. Only values whose place is certain here are sorted (IRIs and string literals; by
``STR()``, any IRI or literal); with any other value the query runs as written. The sorted
values are kept for the life of a read-only store, whose data cannot change while it is open.
"""
from __future__ import annotations

import gc
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import islice

import pyoxigraph as ox

from ._bind import values_column_query
from ._joins import JOINS

__all__ = ["SEEK_ROWS", "Seek", "order_key", "seek_page", "seek_plan", "untied", "whole_answer"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#: values in the first batch (a date of timeline gives about 25 rows, a name of met 20, one
#: of people-posts 1); the next batches are sized from the rows a value gave so far
FIRST_BATCH = 4
#: at most this many values in one VALUES block: Oxigraph's plan for people-posts took 0.25 s
#: with 512 names and 6.9 s with 1,024 (it no longer starts from the names)
MOST_BATCH = 256
#: a page that ends within this many rows is read a few values at a time; a later one comes
#: from the whole answer (walking there a few values at a time would cost more)
SEEK_ROWS = 2000
#: a solution, or the tuple of its terms
Row = ox.QuerySolution | tuple[object, ...]
_FIELDS = ("order", "rows", "unbound", "all", "joined")


@dataclass(frozen=True)
class Seek:
    """How a saved query is read on the store: its ``ORDER BY`` keys (a variable each, and
    whether the key is ``STR()`` of it), the query of the values of the first key's variable,
    the query of the rows of some of those values (given in a ``VALUES`` block), the query of
    the rows where that variable is unbound, and the query of every row, unsorted."""

    order: tuple[tuple[str, bool], ...]
    keys: str
    rows: str
    unbound: str | None
    #: every row, unsorted
    whole: str | None = None
    #: the name of the join in graph._joins that gives every row, unsorted (instead of whole)
    joined: str | None = None

    @property
    def variable(self) -> str:
        return self.order[0][0]


def _header(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].partition(":")
        if sep and key.strip() in _FIELDS:
            fields[key.strip()] = value.strip()
    return fields


def _order(field: str) -> tuple[tuple[str, bool], ...]:
    """``str(start) eventName source`` as ``(("start", True), ("eventName", False), ...)``."""
    keys = []
    for word in field.split():
        inner = word.removeprefix("str(").removesuffix(")")
        keys.append((inner, inner != word))
    return tuple(keys)


@cache
def _plans() -> dict[str, Seek]:
    """The plans, by the text of the saved query each one pages."""
    from .query import saved_queries

    folder = files("graph") / "queries" / "store"
    plans = {}
    for saved in saved_queries():
        entry = folder / f"{saved.name}.keys.rq"
        if not entry.is_file():
            continue
        keys = entry.read_text(encoding="utf-8")
        fields = _header(keys)
        texts = {field: (folder / fields[field]).read_text(encoding="utf-8")
                 for field in ("rows", "unbound", "all") if field in fields}
        plans[saved.text] = Seek(_order(fields["order"]), keys, texts.get("rows", saved.text),
                                 texts.get("unbound"), texts.get("all"), fields.get("joined"))
    return plans


def seek_plan(query: str) -> Seek | None:
    """The plan for ``query`` on the store, when it is the text of a saved query that has
    one."""
    return _plans().get(query)


def untied(variables: Sequence[str], solutions: Iterable[Row],
           order: Sequence[tuple[str, bool]]) -> Iterator[Row]:
    """``solutions``, sorted by the keys of ``order``, with the rows that tie on every key in
    the order of their N-Triples text.

    SPARQL leaves the order of such rows open, and Oxigraph's sort is not stable: it depends on
    the order the rows came in, which is not the same for a page read a few values at a time
    and for the whole answer; with the ties broken here, a page is that part of the whole
    answer. (Two keys tie here when their terms are the same, or their strings for a key by
    ``STR()``: for IRIs and string literals, exactly when ``ORDER BY`` ties them.)
    """
    columns = [(variables.index(name), by_str) for name, by_str in order]
    group: list[Row] = []
    tie: tuple[object, ...] = ()
    for solution in solutions:
        key = tuple(_str(solution[i]) if by_str else solution[i] for i, by_str in columns)
        if group and key != tie:
            yield from _by_text(group)
            group = []
        tie = key
        group.append(solution)
    yield from _by_text(group)


def _str(term: object) -> object:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else term


def _by_text(group: list[Row]) -> list[Row]:
    if len(group) < 2:
        return group
    return sorted(group, key=lambda s: tuple("" if t is None else str(t) for t in s))


def order_key(term: object, by_str: bool = False) -> tuple[object, ...] | None:
    """Where ``ORDER BY`` puts a value (by ``STR()`` of it when ``by_str``); None for a kind of
    term whose place is not certain here.

    Unbound comes first, then IRIs (by their string), then literals. Two string literals, plain
    or with a language, compare by value, then datatype, then language: the order Oxigraph
    falls back to when SPARQL's ``<`` does not apply, and for two plain strings, or two of one
    language, the order of their values. ``STR()`` gives plain strings, compared by value.
    Python compares strings by code point, as Rust compares them by UTF-8 bytes.
    """
    if term is None:
        return (0,)
    if isinstance(term, ox.NamedNode) or (by_str and isinstance(term, ox.Literal)):
        return (1, term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _LANG_STRING):
            return (2, term.value, datatype, term.language or "")
    return None


def _sorted_values(engine: ox.Store, plan: Seek, prefixes: dict[str, str],
                   kept: MutableMapping[str, object] | None) -> list[list[object]] | None:
    """The values of the plan's variable in their order, those of one place together; None
    when one has no certain place."""
    if kept is not None and plan.keys in kept:
        return kept[plan.keys]  # type: ignore[return-value]
    places: dict[tuple[object, ...], list[object]] | None = {}
    by_str = plan.order[0][1]
    for solution in engine.query(plan.keys, prefixes=prefixes):  # type: ignore[union-attr]
        value = solution[0]  # a solution makes a new term at each access
        place = order_key(value, by_str)
        if place is None:
            places = None
            break
        places.setdefault(place, []).append(value)  # type: ignore[union-attr]
    found = None if places is None else [places[place] for place in sorted(places)]  # type: ignore[type-var]
    if kept is not None:
        kept[plan.keys] = found
    return found


def seek_page(engine: ox.Store, plan: Seek, prefixes: dict[str, str], limit: int,
              offset: int = 0, kept: MutableMapping[str, object] | None = None
              ) -> tuple[list[str], list[Row]] | None:
    """The variables, and the solutions from the ``offset``-th on: ``limit`` of them and one
    more when there is one (so the caller knows that more rows follow); None when the query
    is to be run as written. ``kept`` keeps the sorted values from one call to the next."""
    places = _sorted_values(engine, plan, prefixes, kept)
    if places is None:
        return None
    wanted = offset + limit + 1
    variables: list[str] | None = None
    solutions: list[Row] = []
    done, size = 0, FIRST_BATCH
    while variables is None or (done < len(places) and len(solutions) < wanted):
        batch = places[done:done + size]
        done += len(batch)
        text = values_column_query(plan.rows, plan.variable, [t for p in batch for t in p])
        if text is None:
            return None
        answer = engine.query(text, prefixes=prefixes)
        assert isinstance(answer, ox.QuerySolutions)
        variables = [v.value for v in answer.variables]
        # the rows past the page are not read (a run of ties is read whole, to be sorted)
        solutions.extend(islice(untied(variables, map(tuple, answer), plan.order),
                                wanted - len(solutions)))
        rate = len(solutions) / done if done else 0.0
        more = (wanted - len(solutions)) / rate if rate else MOST_BATCH
        size = max(FIRST_BATCH, min(MOST_BATCH, math.ceil(more * 1.25)))
    if plan.unbound is not None and len(solutions) < wanted:
        unbound = engine.query(plan.unbound, prefixes=prefixes)
        solutions.extend(islice(untied(variables, map(tuple, unbound),  # type: ignore[arg-type]
                                       plan.order), wanted - len(solutions)))
    return variables, solutions[offset:wanted]


def whole_answer(engine: ox.Store, plan: Seek, prefixes: dict[str, str],
                 convert: Callable[[object], object] = lambda term: term,
                 part: slice = slice(None)
                 ) -> tuple[list[str], list[tuple[object, ...]], int] | None:
    """The variables, the solutions ``part`` of the sorted answer gives and how many solutions
    the answer has, of the planned query, from its unsorted text (the header's ``all:``) or
    join (``joined:``) sorted here by the ``ORDER BY`` keys, ties broken as :func:`untied`
    breaks them, each term given by ``convert`` (called once for each distinct term of the
    part: the endpoint sends 10,000 rows at most); None when the plan has no such text or a
    key's value has no certain place.

    The rows where the first key's variable is unbound come last when the plan reads them
    apart (``unbound:``, as timeline's ``!BOUND(?start)`` sorts them), and first otherwise
    (where ``ORDER BY`` puts an unbound value).

    Each row is read as the numbers of its terms (a term's number is its place among the
    distinct terms of the answer: a name recurs in many rows), and sorted by a number made of
    the ranks of its keys' terms, so that a term's place is worked out once, not at each
    comparison, and a converted term is made once. Python's cyclic garbage collector is
    paused meanwhile: the rows are a million tuples for met, each of which would count towards
    its next pass over every object (about 40 % of the time in Python on met).
    """
    with _collector_paused():
        return _whole_answer(engine, plan, prefixes, convert, part)


@contextmanager
def _collector_paused() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _whole_answer(engine: ox.Store, plan: Seek, prefixes: dict[str, str],
                  convert: Callable[[object], object], part: slice
                  ) -> tuple[list[str], list[tuple[object, ...]], int] | None:
    numbers: defaultdict[object, int] = defaultdict()
    numbers.default_factory = numbers.__len__  # a new term gets the next number
    number = numbers.__getitem__
    if plan.joined is not None:
        variables, rows = JOINS[plan.joined](engine, prefixes, number)
    elif plan.whole is not None:
        answer = engine.query(plan.whole, prefixes=prefixes)
        assert isinstance(answer, ox.QuerySolutions)
        variables = [v.value for v in answer.variables]
        # a solution makes a new term at each access: tuple() reads each one once
        rows = [tuple(map(number, solution)) for solution in answer]
    else:
        return None
    terms = list(numbers)
    columns = []
    for name, by_str in plan.order:
        i = variables.index(name)
        ranks = _ranks(terms, {row[i] for row in rows}, by_str)
        if ranks is None:
            return None
        columns.append((i, ranks))
    if plan.unbound is not None and None in numbers:
        columns[0][1][numbers[None]] = len(terms)  # after every rank
    width = len(terms) + 1
    keys = [0] * len(rows)
    for i, ranks in columns:
        keys = [key * width + ranks[row[i]] for key, row in zip(keys, rows, strict=True)]
    order = sorted(range(len(rows)), key=keys.__getitem__)
    rows = [rows[n] for n in order]
    keys = [keys[n] for n in order]
    first, stop, _ = part.indices(len(rows))
    runs = [(start, end) for start, end in _runs(keys) if end > first and start < stop]
    if runs:  # rows that tie on every key, in the order of their text (as untied() puts them)
        text = ["" if term is None else str(term) for term in terms].__getitem__
        for start, end in runs:
            rows[start:end] = sorted(rows[start:end], key=lambda row: tuple(map(text, row)))
    chosen = rows[part]
    converted = {n: None if terms[n] is None else convert(terms[n])
                 for n in set().union(*chosen)}
    term = converted.__getitem__
    return variables, [tuple(map(term, row)) for row in chosen], len(rows)


def _runs(keys: Sequence[int]) -> list[tuple[int, int]]:
    """The start and end of each run of equal keys in ``keys``, sorted, longer than one."""
    runs: list[tuple[int, int]] = []
    for n in [n for n in range(1, len(keys)) if keys[n] == keys[n - 1]]:
        if runs and runs[-1][1] == n:
            runs[-1] = (runs[-1][0], n + 1)
        else:
            runs.append((n - 1, n + 1))
    return runs


def _ranks(terms: Sequence[object], column: Iterable[int], by_str: bool) -> list[int] | None:
    """For the numbers of the terms of a column, the rank of each one's :func:`order_key`
    among theirs (equal keys, equal ranks; 0 for the numbers of other terms); None when one
    has no certain place."""
    places = {}
    for number in column:
        place = places[number] = order_key(terms[number], by_str)
        if place is None:
            return None
    rank = {place: n for n, place in enumerate(sorted(set(places.values())))}  # type: ignore[type-var]
    ranks = [0] * len(terms)
    for number, place in places.items():
        ranks[number] = rank[place]
    return ranks
