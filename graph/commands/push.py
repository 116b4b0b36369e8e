"""``kg push``: load a graph file or a store into a SPARQL Graph Store endpoint."""

from __future__ import annotations

from pathlib import Path

import click

from .._errors import KgError

__all__ = ["COMMANDS"]


@click.command("push")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store for Oxigraph.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0,
              show_default=True, help="Seconds to wait for each request.")
def push(source: Path, endpoint: str, timeout: float) -> None:
    """Push a graph file (TriG, N-Quads) or a store folder to a SPARQL endpoint.

    Each document's named graph is sent with an HTTP PUT, which replaces what the endpoint held
    for that document; the endpoint's other graphs are left alone.
    """
    from .._output import read_graph
    from .._push import push_dataset
    from ..store import Store
    from ._common import fail

    try:
        if source.is_dir():
            with Store(source, read_only=True) as store:
                ds = store.dataset()
        else:
            ds = read_graph(source)
        sent = push_dataset(ds, endpoint, timeout=timeout)
    except KgError as exc:
        fail(str(exc))
        return
    click.echo(f"pushed {len(sent)} graphs, {sum(n for _, n in sent)} triples to {endpoint}")


COMMANDS = [push]
