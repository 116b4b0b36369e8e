"""``kg query``: SPARQL against a store folder or a graph file, saved queries by name."""

from __future__ import annotations

import sys
from collections.abc import Collection
from pathlib import Path

import click
from rdflib import Literal, URIRef

from .._errors import KgError, QueryError

__all__ = ["COMMANDS", "TABLE_PAGE", "parse_binding", "resolve_query"]

#: the rows a table on a terminal shows when --limit is not given: a user waits for a page, not
#: for the 350,000 rows of `met` drawn one by one (--offset pages on; CSV and JSON give every row)
TABLE_PAGE = 100


def parse_binding(text: str) -> tuple[str, URIRef | Literal]:
    """``NAME=VALUE`` (a string) or ``NAME=<IRI>`` (an IRI) as a variable binding."""
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise click.BadParameter(f"{text!r}: use NAME=VALUE, or NAME=<IRI> for an IRI")
    if value.startswith("<") and value.endswith(">"):
        return name.lstrip("?$"), URIRef(value[1:-1])
    return name.lstrip("?$"), Literal(value)


def resolve_query(text: str, bound: Collection[str] = ()) -> str:
    """The text of a saved query (by name), of an ``.rq`` file, or ``text`` itself.

    A saved query's parameters must all be among ``bound``.
    """
    from ..query import read_query, saved_queries

    for saved in saved_queries():
        if saved.name == text:
            missing = [name for name, _ in saved.params if name not in bound]
            if missing:
                raise QueryError(f"the saved query {saved.name!r} needs "
                                 + ", ".join(f"--bind {name}=..." for name in missing)
                                 + "; " + "; ".join(f"{n}: {m}" for n, m in saved.params))
            return saved.text
    return read_query(text)


def _list_saved() -> None:
    from ..query import saved_queries

    for saved in saved_queries():
        click.echo(f"{saved.name}: {saved.title}")
        click.echo(f"    answers: {saved.answers}")
        for name, meaning in saved.params:
            click.echo(f"    --bind {name}=...: {meaning}")


@click.command("query")
@click.argument("target", required=False, type=click.Path(path_type=Path))
@click.argument("query", required=False)
@click.option("--list", "list_saved", is_flag=True,
              help="List the saved queries shipped with kg-builder, with their parameters.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]),
              default=None, help="Output format (default: a table on a terminal, CSV otherwise).")
@click.option("--bind", "binds", multiple=True, metavar="NAME=VALUE",
              help="Bind a query variable: NAME=text for a string, NAME=<iri> for an IRI.")
@click.option("--update", "allow_update", is_flag=True,
              help="Run a SPARQL update against a store folder (refused otherwise).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0,
              show_default=True, help="Stop the query after this many seconds.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help=f"Print at most this many rows (default: every row, or {TABLE_PAGE} in a "
                   "table on a terminal).")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True,
              help="Skip this many rows first (with --limit: one page of the rows).")
def query(target: Path | None, query: str | None, list_saved: bool, fmt: str | None,
          binds: tuple[str, ...], allow_update: bool, timeout: float,
          limit: int | None, offset: int) -> None:
    """Run a SPARQL query against a store folder or a graph file.

    QUERY is the name of a saved query (see --list), an .rq file, or the query text. Only
    reading queries run, unless --update is given (stores only).
    """
    from ._common import console, fail

    if list_saved:
        _list_saved()
        return
    if target is None or query is None:
        fail("give a store folder or a graph file and a query (or use --list to see the saved "
              "queries)")
        return
    bindings = dict(parse_binding(b) for b in binds)
    fmt = fmt or ("table" if sys.stdout.isatty() else "csv")
    page = limit if limit is not None or fmt != "table" else TABLE_PAGE
    try:
        text = resolve_query(query, bindings)
        if allow_update:
            _run_update(target, text, bindings, timeout)
            click.echo("update applied", err=True)
            return
        result = _run(target, text, bindings, timeout, page, offset)
    except KgError as exc:
        fail(str(exc))
        return
    if fmt == "table" and result.ask is None and result.graph is None:
        from rich.table import Table

        table = Table(*result.variables)
        for row in result.rows:
            table.add_row(*["" if t is None else str(t) for t in row])
        console().print(table)
        click.echo(f"{len(result.rows)} rows", err=True)
    else:
        click.echo(result.to_text("csv" if fmt == "table" else fmt), nl=False)
    if result.truncated and page is not None:
        click.echo(f"kg: more rows follow: rows {offset + 1} to {offset + page} are shown "
                   f"(--limit {page}); --offset {offset + page} gives the next ones"
                   + ("" if limit is not None else ", --format csv every row"), err=True)


def _run(target: Path, text: str, bindings, timeout: float, limit: int | None,  # type: ignore[no-untyped-def]
         offset: int = 0):
    from .._output import read_graph
    from ..query import run_query
    from ..store import Store

    if target.is_dir():
        with Store(target, read_only=True) as store:
            return store.query(text, bindings, timeout=timeout, limit=limit, offset=offset)
    return run_query(read_graph(target), text, bindings, timeout=timeout, limit=limit,
                     offset=offset)


def _run_update(target: Path, text: str, bindings, timeout: float) -> None:  # type: ignore[no-untyped-def]
    from ..store import Store

    if not target.is_dir():
        raise QueryError(
            f"{target}: --update changes a store folder only, not a graph file. Build a store "
            "with `kg build INPUTS --store DIR`."
        )
    if bindings:
        raise QueryError("--bind cannot be used with --update: updates take no parameters")
    with Store(target, create=False) as store:
        store.update(text, timeout=timeout)


COMMANDS = [query]
