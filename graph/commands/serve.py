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
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (another than 127.0.0.1 opens it to the network).")
@click.option("--review", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Curation file (TOML) that review decisions taken on the entity pages are "
                   "appended to; without it, review is refused (403).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Queries answered at once, each in a process of its own "
                   "[default: the CPUs, at least 2].")
def serve(store_dir: Path, port: int, timeout: float, limit: int, host: str,
          review: Path | None, workers: int | None) -> None:
    """Serve a store as a read-only SPARQL 1.1 Protocol endpoint and HTML pages on localhost.

    Queries go to http://127.0.0.1:PORT/query (GET ?query=, or POST); updates are refused.
    Pages: http://127.0.0.1:PORT/ (search, entities, documents, saved queries); the graph's
    IRIs answer with HTML, Turtle or JSON-LD by content negotiation. Stop it with Ctrl-C. Do
    not build into the store while it is served.
    """
    from .._serve import make_server
    from ._common import fail

    try:
        server = make_server(store_dir, port=port, timeout=timeout, limit=limit, host=host,
                             review=review, workers=workers)
    except KgError as exc:
        fail(str(exc))
        return
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
        return
    pages = server.url.removesuffix("/query") + "/"
    reviewing = f"; review decisions go to {review}" if review is not None else ""
    click.echo(f"serving {store_dir} read-only at {server.url} "
               f"(timeout {timeout:g} s, at most {limit} results); pages at {pages}"
               f"{reviewing}; Ctrl-C stops", err=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


COMMANDS = [serve]
