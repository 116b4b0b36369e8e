"""``kg export``: write a store's graphs to a file."""

from __future__ import annotations

from pathlib import Path

import click

from .._errors import KgError
from .._output import FORMATS

__all__ = ["COMMANDS"]


@click.command("export")
@click.option("--store", "store_dir", required=True, type=click.Path(path_type=Path),
              help="Store folder to export.")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="File to write; its suffix chooses the format unless --format is given.")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="Output format (trig and nquads keep one named graph per document).")
def export(store_dir: Path, output: Path, fmt: str | None) -> None:
    """Export a store to Turtle, TriG, N-Quads, N-Triples or JSON-LD."""
    from .._output import format_for, write_atomic
    from ..store import Store
    from ._common import fail

    try:
        fmt = format_for(output, fmt)
        with Store(store_dir, read_only=True) as store:
            data = store.export(fmt)
        write_atomic(output, data)
    except KgError as exc:
        fail(str(exc))
        return
    click.echo(f"wrote {output} ({fmt})")


COMMANDS = [export]
