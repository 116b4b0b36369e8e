"""SPARQL over a graph: read-only queries, values bound safely, results as rows or files.

Values go into a query through ``bindings`` (rdflib ``initBindings``), never by pasting text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from ._errors import QueryError
from ._mapping import bind_prefixes, new_graph
from ._namespaces import PREFIXES

__all__ = ["QueryResult", "SavedQuery", "classify_error", "read_query", "run_query",
           "saved_queries", "saved_query"]

@dataclass(frozen=True)
class QueryResult:
    """Rows of a SELECT (``variables`` + ``rows``), or the answer of an ASK, or a graph."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]
    ask: bool | None = None
    graph: Graph | None = None
    #: True when a limit cut the rows short
    truncated: bool = False

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


def classify_error(query: str, exc: Exception) -> QueryError:
    """The error to raise for a query the parser refused: an update is refused as such, anything
    else gets the parser's message (which names the line and column)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(query)
    except Exception:  # not an update either: report the query parser's message
        return QueryError(f"the query could not be parsed: {exc}")
    return QueryError(
        "this is a SPARQL update, and queries here only read: nothing was changed. "
        "Run it with `kg query STORE --update` to change a store."
    )


def run_query(
    g: Graph,
    query: str,
    bindings: Mapping[str, Identifier] | None = None,
    *,
    timeout: float | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> QueryResult:
    """Run a read-only SPARQL query; update requests are refused.

    The project's prefixes (schema:, org:, kg:...) are known without being declared. The first
    ``offset`` rows are skipped and at most ``limit`` rows kept; the query is given up after
    ``timeout`` seconds.
    """
    from rdflib.plugins.sparql import prepareQuery

    from ._oxi import run_with_timeout

    bind_prefixes(g)
    try:
        prepared = prepareQuery(query, initNs=dict(PREFIXES))
    except Exception as exc:  # pyparsing's errors carry the line and column
        raise classify_error(query, exc) from exc

    def run() -> QueryResult:
        try:
            result = g.query(prepared, initBindings=dict(bindings or {}))
            if result.type == "ASK":
                return QueryResult((), (), ask=bool(result.askAnswer))
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                out = new_graph()
                for n, triple in enumerate(islice(result, offset, None)):
                    if limit is not None and n >= limit:
                        return QueryResult((), (), graph=out, truncated=True)
                    out.add(triple)  # type: ignore[arg-type]
                return QueryResult((), (), graph=out)
            variables = tuple(str(v) for v in (result.vars or []))
            # a row is a tuple in the order of the variables
            rows: list[tuple[Node | None, ...]] = []
            for row in islice(result, offset, None):
                if limit is not None and len(rows) >= limit:
                    return QueryResult(variables, tuple(rows), truncated=True)
                if isinstance(row, tuple):
                    rows.append(tuple(row))
            return QueryResult(variables, tuple(rows))
        except QueryError:
            raise
        except Exception as exc:
            raise QueryError(f"the query could not be run: {exc}") from exc

    return run_with_timeout(run, timeout)


@dataclass(frozen=True)
class SavedQuery:
    """A query shipped with kg-builder (``graph/queries/NAME.rq``) and its comment header.

    A parameter is required: it is matched by a triple pattern (fast in both engines), so left
    unbound it would give a row per name the entity goes by.
    """

    name: str
    title: str
    answers: str
    params: tuple[tuple[str, str], ...]
    text: str


def _parse_saved(name: str, text: str) -> SavedQuery:
    fields: dict[str, str] = {}
    params: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].strip().partition(":")
        if not sep:
            continue
        if key.startswith("param "):
            params.append((key[len("param "):].strip(), value.strip()))
        else:
            fields[key.strip()] = value.strip()
    return SavedQuery(name, fields.get("title", name), fields.get("answers", ""),
                      tuple(params), text)


def saved_queries() -> list[SavedQuery]:
    """The saved queries shipped in the package, by name."""
    from importlib.resources import files

    folder = files("graph") / "queries"
    return sorted(
        (_parse_saved(entry.name[: -len(".rq")], entry.read_text(encoding="utf-8"))
         for entry in folder.iterdir() if entry.name.endswith(".rq")),
        key=lambda q: q.name,
    )


def saved_query(name: str) -> SavedQuery:
    """The saved query called ``name``; the error lists the names there are."""
    found = {q.name: q for q in saved_queries()}
    if name not in found:
        raise QueryError(
            f"no saved query called {name!r}. Available names: {', '.join(found)} "
            "(see `kg query --list`)"
        )
    return found[name]
