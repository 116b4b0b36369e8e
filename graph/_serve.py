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

A query that runs out of time keeps its worker thread until Oxigraph finishes it (pyoxigraph
cannot cancel an evaluation); at most ``workers`` queries run at once, so abandoned ones cannot
pile up: further requests wait, then get 503.
"""

from __future__ import annotations

import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from ._errors import QueryError, QueryTimeout
from ._oxi import run_with_timeout
from .query import QueryResult
from .store import Store

if TYPE_CHECKING:
    from .web import WebApp

__all__ = ["SparqlServer", "make_server"]

_SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt"}
_MAX_BODY = 1_000_000


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server, holding the read-only store and the limits."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], store: Store, timeout: float, limit: int,
                 workers: int = 2) -> None:
        super().__init__(address, _Handler)
        self.store = store
        self.query_timeout = timeout
        self.limit = limit
        self.slots = threading.BoundedSemaphore(workers)
        #: the HTML pages (graph.web), answering what is not for the SPARQL endpoint
        self.web: WebApp | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/query"


def make_server(store_dir: Path, *, port: int = 7878, timeout: float = 30.0,
                limit: int = 10_000, host: str = "127.0.0.1",
                review: Path | None = None) -> SparqlServer:
    """A server on ``host``:``port`` (0: any free port) over the store at ``store_dir``, with
    the HTML pages of :mod:`graph.web` (review decisions go to ``review``; None refuses them)."""
    from .web import WebApp

    store = Store(store_dir, read_only=True)
    server = SparqlServer((host, port), store, timeout, limit)
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
        server = self.server
        if not server.slots.acquire(timeout=server.query_timeout):
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, "the endpoint is busy; try again later\n")
            return

        def work() -> QueryResult:
            try:
                return server.store.query(queries[0], limit=server.limit)
            finally:
                server.slots.release()

        try:
            result = run_with_timeout(work, server.query_timeout)
        except QueryTimeout as exc:
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, f"{exc}\n")
            return
        except QueryError as exc:
            self._send(HTTPStatus.BAD_REQUEST, f"{exc}\n")
            return
        headers = {"X-KG-Truncated": str(server.limit)} if result.truncated else {}
        accept = self.headers.get("Accept") or ""
        if result.graph is not None:
            media = next((m for m in _GRAPH_TYPES if m in accept), "text/turtle")
            text = result.graph.serialize(format=_GRAPH_TYPES[media])
            self._send(HTTPStatus.OK, text, f"{media}; charset=utf-8", headers)
            return
        media = next((m for m in _SELECT_TYPES if m in accept), "application/sparql-results+json")
        self._send(HTTPStatus.OK, result.to_text(_SELECT_TYPES[media]),
                   f"{media}; charset=utf-8", headers)
