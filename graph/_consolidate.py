"""Across documents: one value for the properties that take one, whatever the reading order.

Two documents can name one entity (the same IRI) with different forms of its name ("1992
general election", "1992 General Election"), or give an event two dates. Each document's named
graph keeps what that document said, except that a single-valued property gets one value
everywhere: the value most documents give, then the longest, then the first in code-point order,
so the choice does not depend on the order documents were read in. The other names become
``schema:alternateName``; other values of a date are dropped (and reported).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from rdflib import Dataset, URIRef
from rdflib.term import Node

from ._namespaces import RDFS, SCHEMA

__all__ = ["SINGLE_VALUED", "consolidate"]

#: Properties an entity has once; where the other values go (None: dropped).
SINGLE_VALUED: dict[URIRef, URIRef | None] = {
    SCHEMA.name: SCHEMA.alternateName,
    RDFS.label: None,
    SCHEMA.startDate: None,
    SCHEMA.endDate: None,
    SCHEMA.dateCreated: None,
}


def _preferred(values: Counter[Node]) -> Node:
    return min(values, key=lambda v: (-values[v], -len(str(v)), str(v)))


def consolidate(ds: Dataset) -> list[str]:
    """Give every single-valued property one value across the named graphs of ``ds``.

    Returns a message for every value dropped (values moved to alternate names are not lost),
    in code-point order.
    """
    messages: list[str] = []
    chosen_names: dict[Node, Node] = {}
    for predicate, spill in SINGLE_VALUED.items():
        values: dict[Node, Counter[Node]] = defaultdict(Counter)
        where: dict[tuple[Node, Node], list[Node]] = defaultdict(list)
        for s, _, o, ctx in ds.quads((None, predicate, None, None)):
            if ctx is not None:
                values[s][o] += 1
                where[(s, o)].append(ctx)
        for subject, counts in values.items():
            if predicate == RDFS.label and subject in chosen_names:
                keep = chosen_names[subject]
            elif len(counts) == 1:
                continue
            else:
                keep = _preferred(counts)
            if predicate == SCHEMA.name:
                chosen_names[subject] = keep
            for value in counts:
                if value == keep:
                    continue
                for graph_name in where[(subject, value)]:
                    g = ds.graph(graph_name)  # type: ignore[arg-type]
                    g.remove((subject, predicate, value))
                    g.add((subject, predicate, keep))
                    if spill is not None:
                        g.add((subject, spill, value))
                if spill is None and predicate != RDFS.label:
                    messages.append(
                        f"<{subject}> {predicate}: kept {keep} and dropped {value}, "
                        "which another document gave"
                    )
    for subject, name in chosen_names.items():
        for _, _, _, ctx in list(ds.quads((subject, SCHEMA.alternateName, name, None))):
            ds.graph(ctx).remove((subject, SCHEMA.alternateName, name))  # type: ignore[arg-type]
    return sorted(messages)
