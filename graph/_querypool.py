"""A bounded pool of worker processes that answer queries over a read-only store.

``kg serve`` hands each query to an idle worker, which opens the store read-only once, runs the
query and sends back the finished response body. A query that runs past the time limit is
stopped for real: its worker is killed (pyoxigraph cannot cancel an evaluation, and a thread
could not be stopped) and a new one started in its place, so one slow query holds one worker for
at most the time limit while the others go on answering. When every worker is busy, a request
waits for one until its own time limit.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from ._errors import QueryError, QueryTimeout, StoreError

if TYPE_CHECKING:
    from .store import Store

__all__ = ["Answer", "QueryPool", "Request", "answer"]

_SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt"}


@dataclass(frozen=True)
class Request:
    """A query and how its answer is wanted."""

    query: str
    accept: str = ""
    limit: int = 10_000
    offset: int = 0


@dataclass(frozen=True)
class Answer:
    """A response: status, body, media type and extra headers."""

    status: int
    body: str
    media: str = "text/plain; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


def answer(store: Store, request: Request) -> Answer:
    """The response to one query (in a query worker): rows or a graph in the media type the
    request accepts, or the error."""
    try:
        result = store.query(request.query, limit=request.limit, offset=request.offset)
    except QueryError as exc:
        return Answer(HTTPStatus.BAD_REQUEST, f"{exc}\n")
    headers = (("X-KG-Truncated", str(request.limit)),) if result.truncated else ()
    if result.graph is not None:
        media = next((m for m in _GRAPH_TYPES if m in request.accept), "text/turtle")
        text = result.graph.serialize(format=_GRAPH_TYPES[media])
        return Answer(HTTPStatus.OK, text, f"{media}; charset=utf-8", headers)
    media = next((m for m in _SELECT_TYPES if m in request.accept),
                 "application/sparql-results+json")
    return Answer(HTTPStatus.OK, result.to_text(_SELECT_TYPES[media]), f"{media}; charset=utf-8",
                  headers)


def _serve_queries(store_dir: str, conn: Connection) -> None:
    """A worker's loop: open the store, then answer requests until the pipe closes."""
    from ._errors import KgError
    from .store import Store  # the worker imports what answering needs, once

    try:
        store = Store(Path(store_dir), read_only=True)
    except KgError as exc:
        conn.send(str(exc))
        return
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = answer(store, request)
        except Exception as exc:  # a bug: reported to the client, the worker goes on
            reply = Answer(500, f"the query could not be answered: {exc!r}\n")
        conn.send(reply)


class _Worker:
    def __init__(self, context: multiprocessing.context.SpawnContext, store_dir: Path) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve_queries, args=(str(store_dir), child),
                                       name="kg-serve-worker", daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self) -> None:
        """Wait until the worker has opened the store; StoreError when it could not."""
        try:
            message = self.conn.recv()
        except (EOFError, OSError):
            message = "the query worker ended while starting"
        if message != "ready":
            self.kill()
            raise StoreError(f"a query worker could not open the store: {message}")

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class QueryPool:
    """``workers`` processes answering :class:`Request` s, each one given ``timeout`` seconds."""

    def __init__(self, store_dir: Path, workers: int, timeout: float) -> None:
        self.store_dir = store_dir
        self.timeout = timeout
        self.size = workers
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [_Worker(self._context, store_dir) for _ in range(workers)]
        try:
            for worker in started:
                self._add(worker)
        except StoreError:
            for worker in started:
                worker.kill()
            raise

    def _start(self) -> None:
        # should the store have gone away: one worker fewer, the others still answer
        with contextlib.suppress(StoreError):
            self._add(_Worker(self._context, self.store_dir))

    def _add(self, worker: _Worker) -> None:
        worker.wait_ready()
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def run(self, request: Request) -> Answer:
        """The worker's answer to ``request``; :class:`QueryTimeout` after the time limit (the
        wait for an idle worker included)."""
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(f"the endpoint was busy for {self.timeout:g} s (every query "
                               "worker answering); try again later") from None
        try:
            worker.conn.send(request)
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                answer: Answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError):  # the worker died (out of memory?): replaced
            self._replace(worker)
            return Answer(500, "the query worker ended while answering (out of memory?); "
                               "it was replaced\n")
        self._replace(worker)
        raise QueryTimeout(
            f"the query ran past the time limit of {self.timeout:g} s and was stopped. Narrow "
            "it down (bind a parameter, add a LIMIT) or ask for a longer timeout.")

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in a thread of its own (starting takes a second)."""
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        threading.Thread(target=self._start, name="kg-serve-respawn", daemon=True).start()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()
