"""SPARQL over a graph: read-only queries, values bound safely, results as rows or files.

Values go into a query through ``bindings`` (rdflib ``initBindings``), never by pasting text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from ._errors import QueryError
from ._mapping import bind_prefixes, new_graph
from ._namespaces import PREFIXES

__all__ = ["QueryResult", "read_query", "run_query"]

@dataclass(frozen=True)
class QueryResult:
    """Rows of a SELECT (``variables`` + ``rows``), or the answer of an ASK, or a graph."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]
    ask: bool | None = None
    graph: Graph | None = None

    def to_text(self, fmt: str) -> str:
        """The result as ``csv``, ``tsv``, ``json`` (SPARQL 1.1 JSON results) or ``turtle``."""
        if self.graph is not None:
            return self.graph.serialize(format="turtle")
        if self.ask is not None:
            return json.dumps({"head": {}, "boolean": self.ask}) if fmt == "json" else str(
                self.ask).lower() + "\n"
        if fmt == "json":
            return json.dumps(
                {
                    "head": {"vars": list(self.variables)},
                    "results": {"bindings": [
                        {v: _json_term(t) for v, t in zip(self.variables, row, strict=True)
                         if t is not None}
                        for row in self.rows
                    ]},
                },
                indent=1,
                ensure_ascii=False,
            ) + "\n"
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
        writer.writerow(self.variables)
        for row in self.rows:
            writer.writerow(["" if t is None else str(t) for t in row])
        return out.getvalue()


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "bnode", "value": str(term)}


def read_query(text_or_path: str) -> str:
    """The query text: the contents of an existing ``.rq``/``.sparql`` file, or the text itself."""
    candidate = Path(text_or_path)
    if candidate.suffix.lower() in (".rq", ".sparql"):
        if not candidate.is_file():
            raise QueryError(f"{text_or_path}: no such query file")
        return candidate.read_text(encoding="utf-8")
    return text_or_path


def run_query(
    g: Graph, query: str, bindings: Mapping[str, Identifier] | None = None
) -> QueryResult:
    """Run a read-only SPARQL query; update requests are refused.

    The project's prefixes (schema:, org:, kg:...) are known without being declared.
    """
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parser import parseUpdate

    bind_prefixes(g)
    try:
        prepared = prepareQuery(query, initNs=dict(PREFIXES))
    except Exception as exc:  # pyparsing's errors carry the line and column
        try:
            parseUpdate(query)
        except Exception:
            raise QueryError(f"the query could not be parsed: {exc}") from exc
        raise QueryError(
            "this is a SPARQL update; kg query only reads. The graph is unchanged."
        ) from None
    try:
        result = g.query(prepared, initBindings=dict(bindings or {}))
    except Exception as exc:
        raise QueryError(f"the query could not be run: {exc}") from exc
    if result.type == "ASK":
        return QueryResult((), (), ask=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        out = new_graph()
        for triple in result:
            out.add(triple)  # type: ignore[arg-type]
        return QueryResult((), (), graph=out)
    variables = tuple(str(v) for v in (result.vars or []))
    # a row is a tuple in the order of the variables
    rows = tuple(tuple(row) for row in result if isinstance(row, tuple))
    return QueryResult(variables, rows)
