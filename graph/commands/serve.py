"""``kg serve``: a read-only SPARQL endpoint over a store, on localhost."""

from __future__ import annotations

from pathlib import Path

import click

from .._errors import KgError

__all__ = ["COMMANDS"]


@click.command("serve")
@click.option("--store", "store_dir", required=True, type=click.Path(path_type=Path),
              help="Store folder to serve (built with `kg build INPUTS --store DIR`).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port on 127.0.0.1 (0: any free port; the URL is printed).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0,
              show_default=True, help="Stop answering a query after this many seconds.")
@click.option("--limit", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Send at most this many results per query.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Queries answered at once, each in a process of its own "
                   "[default: the CPUs, at least 2].")
def serve(store_dir: Path, port: int, timeout: float, limit: int, workers: int | None) -> None:
    """Serve a store as a read-only SPARQL 1.1 Protocol endpoint on localhost.

    Queries go to http://127.0.0.1:PORT/query (GET ?query=, or POST); updates are refused.
    Stop it with Ctrl-C. Do not build into the store while it is served.
    """
    from .._serve import make_server
    from ..cli import _fail

    try:
        server = make_server(store_dir, port=port, timeout=timeout, limit=limit,
                             workers=workers)
    except KgError as exc:
        _fail(str(exc))
        return
    except OSError as exc:
        _fail(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}")
        return
    click.echo(f"serving {store_dir} read-only at {server.url} "
               f"(timeout {timeout:g} s, at most {limit} results); Ctrl-C stops", err=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


COMMANDS = [serve]
