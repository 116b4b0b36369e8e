"""Bound values as a ``VALUES`` block at the head of a query's ``WHERE`` group.

Oxigraph applies ``substitutions`` to the solutions of the whole pattern, after evaluating it:
a saved query with one bound name reads every name in the store first (3.3 s on a million
triples), where the same query with the value at the head of its ``WHERE`` group reads one index
entry (2 ms). So a store query's bindings go into a ``VALUES`` block there, as rdflib joins
``initBindings``: the block is written from terms serialised by pyoxigraph itself (N-Triples
syntax, which no value can break out of), never from the text a user typed.

Only where the head of the group is found for certain (outside strings, IRIs and comments,
after the query form's projection or template) is the block placed; otherwise, and for blank
nodes (which a ``VALUES`` block cannot hold), :func:`values_query` returns None and the caller
falls back to Oxigraph's substitutions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pyoxigraph as ox

__all__ = ["values_column_query", "values_query", "where_start"]

_WORD = re.compile(r"[A-Za-z_]+")
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def _skip(text: str, i: int) -> int:
    """The index after the string, IRI, comment or variable name starting at ``i``; ``i``
    itself when none starts there."""
    c = text[i]
    if c == "#":
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    if c in "\"'":
        quote = c * 3 if text.startswith(c * 3, i) else c
        j = i + len(quote)
        while j < len(text):
            if text[j] == "\\":
                j += 2
            elif text.startswith(quote, j):
                return j + len(quote)
            else:
                j += 1
        return len(text)
    if c == "<":  # an IRI has no spaces; "<" in an expression is followed by one
        match = re.compile(r"<[^<>\"{}|^`\\\s]*>").match(text, i)
        return match.end() if match else i
    if c in "?$":
        match = re.compile(r"[?$]\w*").match(text, i)
        return match.end() if match else i
    return i


def where_start(query: str) -> int | None:
    """The index just after the ``{`` that opens the query's ``WHERE`` group, or None.

    The group is the first ``{`` outside parentheses after the query form (``SELECT``,
    ``ASK``, ``DESCRIBE``), or the one after the keyword ``WHERE`` for ``CONSTRUCT`` (whose
    template comes first).
    """
    i, depth, braces, form = 0, 0, 0, None
    while i < len(query):
        after = _skip(query, i)
        if after != i:
            i = after
            continue
        c = query[i]
        word = _WORD.match(query, i)
        if word and (i == 0 or not (query[i - 1].isalnum() or query[i - 1] in ":_")):
            upper = word.group().upper()
            if form is None and upper in _FORMS:
                form = upper
            elif form == "CONSTRUCT" and upper == "WHERE" and braces == 0:
                # after the template; right after CONSTRUCT, the short form has no template
                form = "CONSTRUCT WHERE" if query[:i].rstrip().endswith("}") else None
                if form is None:
                    return None
            i = word.end()
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "{" and form == "CONSTRUCT":
            braces += 1  # the template
        elif c == "}" and form == "CONSTRUCT":
            braces -= 1
        elif c == "{" and depth == 0 and form is not None:
            return i + 1
        i += 1
    return None


def values_query(query: str, bindings: Mapping[str, object]) -> str | None:
    """``query`` with ``bindings`` (variable name -> pyoxigraph term) as a ``VALUES`` block at
    the head of its ``WHERE`` group; None when that cannot be done safely."""
    if not bindings:
        return query
    if any(not isinstance(t, ox.NamedNode | ox.Literal) for t in bindings.values()):
        return None
    start = where_start(query)
    if start is None:
        return None
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"{query[:start]} VALUES ({names}) {{ ({terms}) }}{query[start:]}"


def values_column_query(query: str, name: str, terms: Sequence[object]) -> str | None:
    """``query`` with a ``VALUES ?name { ... }`` block of ``terms`` (pyoxigraph IRIs and
    literals: a row each) at the head of its ``WHERE`` group; None when that cannot be done
    safely."""
    if any(not isinstance(t, ox.NamedNode | ox.Literal) for t in terms):
        return None
    start = where_start(query)
    if start is None:
        return None
    block = " ".join(str(term) for term in terms)
    return f"{query[:start]} VALUES ?{name} {{ {block} }}{query[start:]}"
