"""A read-only SPARQL 1.1 Protocol endpoint over a store, on localhost.

Why not the ``oxigraph serve-read-only`` binary? It has a query timeout but no result limit, and
its own error pages; this small front over pyoxigraph (the same engine, in process) enforces
both a timeout and a row limit, refuses updates whatever way they are sent, and answers with the
messages ``kg query`` gives (parser line and column included).

Requests: ``GET /query?query=...``, ``POST /query`` with an ``application/sparql-query`` body or
an ``application/x-www-form-urlencoded`` ``query=`` field. Results as SPARQL JSON (default), CSV
or TSV for SELECT/ASK; Turtle or N-Triples for CONSTRUCT/DESCRIBE, chosen by ``Accept``. A cut
result carries the header ``X-KG-Truncated: LIMIT``. Updates (``update=``, a
``application/sparql-update`` body, ``/update``) get 403; a query past the timeout gets 503.
``limit`` and ``offset`` parameters page through the rows (``limit`` at most the server's).

Queries run in a bounded pool of worker processes (:mod:`graph._querypool`), each holding the
store open read-only: a slow query holds one worker while the others answer, and a query past
the timeout is stopped for real (its worker is killed and replaced). When every worker is busy,
a request waits, within its timeout, for one to be free.
"""

from __future__ import annotations

import os
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from ._errors import QueryTimeout
from ._querypool import QueryPool, Request
from .store import Store

if TYPE_CHECKING:
    from .web import WebApp

__all__ = ["SparqlServer", "make_server"]

_MAX_BODY = 1_000_000


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server, holding the pool of query workers and the limits."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], pool: QueryPool, limit: int) -> None:
        super().__init__(address, _Handler)
        self.pool = pool
        self.query_timeout = pool.timeout
        self.limit = limit
        #: bounds the HTML pages answered at once (they read the store in this process)
        self.slots = threading.BoundedSemaphore(pool.size)
        #: the HTML pages (graph.web), answering what is not for the SPARQL endpoint
        self.web: WebApp | None = None

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()
        if self.web is not None:
            self.web.store.close()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/query"


def make_server(store_dir: Path, *, port: int = 7878, timeout: float = 30.0,
                limit: int = 10_000, workers: int | None = None, host: str = "127.0.0.1",
                review: Path | None = None) -> SparqlServer:
    """A server on ``host``:``port`` (0: any free port) over the store at ``store_dir``: the
    SPARQL endpoint answers with ``workers`` processes (default: the CPUs, at least 2), the HTML
    pages of :mod:`graph.web` from this process (review decisions go to ``review``; None refuses
    them)."""
    from .web import WebApp

    store = Store(store_dir, read_only=True)  # a clear error before any worker starts
    pool = QueryPool(store_dir, workers or max(2, os.cpu_count() or 1), timeout)
    try:
        server = SparqlServer((host, port), pool, limit)
    except OSError:
        pool.close()
        store.close()
        raise
    server.web = WebApp(store, timeout, limit, review=review, slots=server.slots)
    server.web.names.start()  # the search's name index, read meanwhile
    return server


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-serve"

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the command line prints what matters

    def _send(self, status: int, body: str, content_type: str = "text/plain; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _refuse_update(self) -> None:
        self._send(HTTPStatus.FORBIDDEN,
                   "this endpoint is read-only: SPARQL updates are refused. Change the store "
                   "with `kg build --store` or `kg query STORE --update` while it is not served.\n")

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query)
        if self.server.web is not None and self.server.web.wants(url.path, params):
            self.server.web.answer(self, "GET", url.path, params)
            return
        self._dispatch(url.path, params)

    def _dispatch(self, path: str, params: dict[str, list[str]]) -> None:
        """Refuse updates, then answer a query sent to the endpoint's path."""
        if path == "/update" or "update" in params:
            self._refuse_update()
            return
        if path not in ("/query", "/sparql", "/"):
            self._send(HTTPStatus.NOT_FOUND, "the SPARQL endpoint is /query\n")
            return
        self._answer(params)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if self.server.web is not None and url.path == "/review":
            self.server.web.answer(self, "POST", url.path, {})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the request is too large\n")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query)
        if url.path == "/update" or content_type == "application/sparql-update":
            self._refuse_update()
            return
        if content_type == "application/x-www-form-urlencoded":
            params.update(parse_qs(body))
        elif content_type == "application/sparql-query":
            params["query"] = [body]
        else:
            self._send(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                       "send the query as application/sparql-query or as a form field\n")
            return
        self._dispatch(url.path, params)

    def _answer(self, params: dict[str, list[str]]) -> None:
        queries = params.get("query", [])
        if len(queries) != 1:
            self._send(HTTPStatus.BAD_REQUEST, "give exactly one query parameter\n")
            return
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            self._send(HTTPStatus.BAD_REQUEST,
                       "default-graph-uri and named-graph-uri are not supported: the default "
                       "graph is the union of the documents' graphs; use GRAPH in the query\n")
            return
        try:
            limit, offset = _paging(params, self.server.limit)
        except ValueError as exc:
            self._send(HTTPStatus.BAD_REQUEST, f"{exc}\n")
            return
        request = Request(queries[0], self.headers.get("Accept") or "", limit, offset)
        try:
            reply = self.server.pool.run(request)
        except QueryTimeout as exc:
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, f"{exc}\n")
            return
        self._send(reply.status, reply.body, reply.media, dict(reply.headers))


def _paging(params: dict[str, list[str]], most: int) -> tuple[int, int]:
    """The ``limit`` (at most ``most``) and ``offset`` a request asks for."""
    out = []
    for name, default in (("limit", most), ("offset", 0)):
        values = params.get(name, [])
        try:
            value = int(values[-1]) if values else default
        except ValueError:
            value = -1
        if value < (1 if name == "limit" else 0):
            raise ValueError(f"{name} must be a whole number of at least "
                             f"{1 if name == 'limit' else 0}, not {values[-1]!r}")
        out.append(value)
    return min(out[0], most), out[1]
