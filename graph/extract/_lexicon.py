"""Word lists kept as data in ``ontology/lexicon/*.ttl`` (given names, verbs, head words).

Each file holds one or more ``skos:Collection`` resources under the lexicon namespace; the words of
a list are its ``skos:hiddenLabel`` values. ``words("given-names")`` is the list
``lex:given-names``, read once per process::

    lex:given-names a skos:Collection ;
        skos:hiddenLabel "Alice", "Bernard", ... .
"""

from __future__ import annotations

from functools import cache

from rdflib import Graph, Namespace
from rdflib.namespace import RDF, SKOS

from .._errors import KgError
from ..resources import ontology_path

__all__ = ["LEX", "words"]

#: The namespace of the word lists.
LEX = Namespace("https://w3id.org/kg-builder/lexicon/")


@cache
def _lists() -> dict[str, frozenset[str]]:
    graph = Graph()
    for path in sorted(ontology_path("lexicon").glob("*.ttl")):
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several unrelated types on bad Turtle
            raise KgError(
                f"cannot read the word list file {path}: {exc}. Fix its Turtle syntax."
            ) from exc
    out: dict[str, frozenset[str]] = {}
    for subject in graph.subjects(RDF.type, SKOS.Collection):
        name = str(subject)
        if name.startswith(str(LEX)):
            out[name[len(str(LEX)):]] = frozenset(
                str(w) for w in graph.objects(subject, SKOS.hiddenLabel))
    return out


def words(name: str) -> frozenset[str]:
    """The words of the list ``lex:<name>``; raise KgError naming the lists there are."""
    lists = _lists()
    if name not in lists:
        raise KgError(
            f"no word list {name!r} in ontology/lexicon/. Available lists: "
            f"{', '.join(sorted(lists)) or 'none'}"
        )
    return lists[name]
