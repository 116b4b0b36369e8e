"""The HTML pages of ``kg serve``: routes, content negotiation, rendering, review.

:class:`WebApp` answers every request the SPARQL endpoint (``/query``, ``/sparql``, ``/update``,
and ``/`` with a ``query`` or ``update`` parameter) does not::

    /  /search?q=&type=          search by any name, with type filters
    /queries  /queries/NAME       the saved queries as forms; results as tables or CSV
    <path under the base>         an entity or document page; Turtle, JSON-LD, N-Triples by Accept
    /resource?iri=                the same for an IRI not under the base
    POST /review                  a review decision (403 unless ``kg serve --review FILE``):
                                  same as, not the same as, rename, retype, reject a relation

Pages are rendered on the server by Jinja2 with autoescaping on; every page carries a
Content-Security-Policy that lets it load nothing from anywhere (its only script, the search
box's, runs by nonce, and fetches from this server only).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined
from rdflib import Literal, URIRef
from rdflib.term import Node

from .._errors import InputError, QueryError, QueryTimeout
from .._mapping import REJECTABLE
from .._namespaces import PREFIXES, RDF
from .._oxi import run_with_timeout
from .._texts import read_text
from ..query import QueryResult, saved_queries
from ..store import Store
from ._negotiate import negotiate
from ._read import Reader, sparql, with_constant
from ._review import ACTIONS, CurationFile
from ._search import TYPES, NameIndex, joined

__all__ = ["Response", "WebApp", "decision"]

_SPARQL_PATHS = ("/query", "/sparql", "/update")
_RDF_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld",
              "application/n-triples": "nt"}
_OFFERED = ("text/html", *_RDF_TYPES)
_MAX_FORM = 100_000


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class WebApp:
    """The pages over a read-only ``store``; ``run`` runs a query with the server's limits;
    ``review`` is the curation file decisions go to (None: review refused)."""

    def __init__(self, store: Store, timeout: float, limit: int,
                 review: Path | None = None, slots: Any = None) -> None:
        self.store = store
        self.timeout = timeout
        self.limit = limit
        self.slots = slots
        self.review = CurationFile(review) if review is not None else None
        base = str(store.settings.get("base") or "https://example.org/kg")
        self._hashes = {d.iri: d.content_hash for d in store.documents().values()}
        self.reader = Reader(base, self.run, self.text_of)
        # read in the background (no slot, no timeout: it takes seconds on a million triples)
        self.names = NameIndex(
            lambda: joined(store.query(sparql("names"), {}, limit=None).rows,
                           store.query(sparql("types"), {}, limit=None).rows),
            lambda words: self.run(with_constant(sparql("search"), "wanted", words,
                                                 literal=True), {}).rows)
        self.env = Environment(loader=PackageLoader("graph.web", "templates"),
                               autoescape=True, undefined=StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(href=self.reader.href, types=TYPES, review=self.review,
                                rejectable=frozenset(str(p) for p in REJECTABLE))

    # -- plumbing -----------------------------------------------------------------------------

    @staticmethod
    def wants(path: str, params: Mapping[str, list[str]]) -> bool:
        """Whether a request is for the pages rather than for the SPARQL endpoint."""
        if path in _SPARQL_PATHS:
            return False
        return not (path == "/" and ("query" in params or "update" in params))

    def run(self, text: str, bindings: Mapping[str, Node],
            limit: int | bool | None = True) -> QueryResult:
        """Run a query with the server's timeout (and row limit unless ``limit`` is None)."""
        rows = self.limit if limit is True else limit

        def work() -> QueryResult:
            try:
                return self.store.query(text, bindings, limit=rows or None)
            finally:
                if self.slots is not None:
                    self.slots.release()

        if self.slots is not None and not self.slots.acquire(timeout=self.timeout):
            raise QueryTimeout("the server is busy; try again later")
        return run_with_timeout(work, self.timeout)

    def text_of(self, doc_iri: str) -> str | None:
        content_hash = self._hashes.get(doc_iri)
        return read_text(self.store.path, content_hash) if content_hash else None

    def page(self, template: str, code: int = HTTPStatus.OK, **values: Any) -> Response:
        nonce = secrets.token_urlsafe(16)
        body = self.env.get_template(template).render(nonce=nonce, **values)
        return Response(code, body.encode("utf-8"), headers={
            "Content-Security-Policy": (
                "default-src 'none'; style-src 'unsafe-inline'; "
                f"script-src 'nonce-{nonce}'; connect-src 'self'; form-action 'self'; "
                "base-uri 'none'; frame-ancestors 'none'"),
            "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})

    def error(self, status: int, message: str, query: str = "") -> Response:
        return self.page("error.html", status, status=int(status), message=message,
                         query=query)

    def answer(self, handler: BaseHTTPRequestHandler, method: str, path: str,
               params: dict[str, list[str]]) -> None:
        """Answer one request on ``handler`` (the server's request handler)."""
        try:
            if method == "POST":
                response = self.post(handler, path)
            else:
                response = self.get(path, params, handler.headers.get("Accept"))
        except QueryTimeout as exc:
            response = self.error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
        except QueryError as exc:
            response = self.error(HTTPStatus.BAD_REQUEST, str(exc))
        handler.send_response(response.status)
        handler.send_header("Content-Type", response.content_type)
        handler.send_header("Content-Length", str(len(response.body)))
        for key, value in response.headers.items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(response.body)

    # -- routes -------------------------------------------------------------------------------

    def get(self, path: str, params: Mapping[str, list[str]], accept: str | None) -> Response:
        one = {k: v[0] for k, v in params.items() if v}
        if path in ("/", "/search"):
            return self.search(one.get("q", ""), params.get("type", []),
                               fragment=one.get("fragment") == "1")
        if path == "/queries":
            return self.page("queries.html", queries=saved_queries())
        if path.startswith("/queries/"):
            return self.saved(path[len("/queries/"):], one)
        if path == "/resource":
            return self.resource(one.get("iri", ""), accept)
        return self.resource(self.reader.iri_of(path), accept)

    def search(self, q: str, types: list[str], fragment: bool = False) -> Response:
        chosen = [t for t in types if t in TYPES]
        hits = self.names.search(q, chosen) if q.strip() else []
        return self.page("results.html" if fragment else "search.html", q=q, chosen=chosen,
                         hits=hits)

    def resource(self, iri: str, accept: str | None) -> Response:
        media = negotiate(accept, _OFFERED)
        if media is None:
            return Response(HTTPStatus.NOT_ACCEPTABLE, (
                "this resource is available as " + ", ".join(_OFFERED) + "\n").encode(),
                "text/plain; charset=utf-8", {"Vary": "Accept"})
        try:
            entity = self.reader.entity(iri) if "://" in iri else None
        except ValueError:  # not an IRI pyoxigraph accepts
            entity = None
        if entity is None:
            name = iri.rstrip("/").rsplit("/", 1)[-1]
            response = self.error(HTTPStatus.NOT_FOUND,
                                  f"Nothing in this graph is called <{iri}>.", name)
            if media != "text/html":
                response = Response(HTTPStatus.NOT_FOUND, f"no such resource: <{iri}>\n"
                                    .encode(), "text/plain; charset=utf-8")
        elif media != "text/html":
            response = self.rdf(iri, media)
        elif entity.kind == "Document":
            response = self.page("document.html", doc=self.reader.document(iri, entity),
                                 entity=entity)
        else:
            response = self.page("entity.html", entity=entity)
        response.headers["Vary"] = "Accept"
        return response

    def rdf(self, iri: str, media: str) -> Response:
        graph = self.run(with_constant(sparql("describe"), "item", iri), {}).graph
        assert graph is not None
        for prefix, namespace in {**PREFIXES, "rdf": RDF}.items():
            graph.bind(prefix, namespace)
        fmt = _RDF_TYPES[media]
        if fmt == "json-ld":
            text = graph.serialize(format="json-ld", context={
                p: str(n) for p, n in PREFIXES.items()}, auto_compact=True)
        else:
            text = graph.serialize(format=fmt)
        return Response(HTTPStatus.OK, text.encode("utf-8"), f"{media}; charset=utf-8")

    def saved(self, name: str, values: Mapping[str, str]) -> Response:
        found = {q.name: q for q in saved_queries()}
        if name.removesuffix(".csv") not in found:
            return self.error(HTTPStatus.NOT_FOUND, f"There is no saved query called {name!r}. "
                              f"Available names: {', '.join(found)}.")
        query = found[name.removesuffix(".csv")]
        bound = {p: values[p] for p, _ in query.params if values.get(p, "").strip()}
        asked = "run" in values or bool(bound)
        if not asked or len(bound) < len(query.params):
            return self.page("query.html", query=query, values=values, result=None,
                             missing=asked)
        result = self.run(query.text, {k: Literal(v) for k, v in bound.items()})
        if name.endswith(".csv") or values.get("format") == "csv":
            return Response(HTTPStatus.OK, result.to_text("csv").encode("utf-8"),
                            "text/csv; charset=utf-8", {
                                "Content-Disposition": f'attachment; filename="{query.name}.csv"'})
        csv_link = f"/queries/{quote(query.name)}.csv?" + urlencode({**bound, "run": "1"})
        return self.page("query.html", query=query, values=values, result=result,
                         missing=False, csv_link=csv_link, cell=_cell)

    # -- review -------------------------------------------------------------------------------

    def post(self, handler: BaseHTTPRequestHandler, path: str) -> Response:
        if path != "/review":
            return self.error(HTTPStatus.METHOD_NOT_ALLOWED, "Only review decisions are posted "
                              "here (/review); the SPARQL endpoint is /query.")
        if self.review is None:
            return self.error(HTTPStatus.FORBIDDEN, "This server is read-only: review is off. "
                              "Start it with `kg serve --store DIR --review curation.toml` to "
                              "record decisions.")
        length = int(handler.headers.get("Content-Length") or 0)
        if length > _MAX_FORM:
            return self.error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "The form is too large.")
        form = {k: v[0].strip() for k, v in parse_qs(
            handler.rfile.read(length).decode("utf-8", errors="replace")).items() if v}
        try:
            section, fields = decision(form)
            table = self.review.append(section, fields, form.get("note", ""))
        except InputError as exc:
            return self.error(HTTPStatus.BAD_REQUEST, f"The decision was not recorded: {exc}")
        back = form.get("entity", "")
        return self.page("recorded.html", table=table, path=str(self.review.path),
                         back=self.reader.href(back) if "://" in back else "/")


def decision(form: Mapping[str, str]) -> tuple[str, list[tuple[str, str | list[str]]]]:
    """The curation section and fields of a review form."""
    action, entity = form.get("action", ""), form.get("entity", "")
    kind = [("type", form["type"])] if form.get("type") else []
    if action in ("same_as", "not_same_as"):
        sides = [form.get("first") or entity, form.get("other", "")]
        return action, [("entities", sides), *kind]
    if action == "rename":
        return action, [("entity", entity), ("name", form.get("name", "")), *kind]
    if action == "retype":
        was = [("from", form["from"])] if form.get("from") else []
        return action, [("entity", entity), *was, *kind]
    if action == "reject":
        return action, [(side, form.get(side, "")) for side in ("subject", "predicate", "object")]
    raise InputError("review", f"unknown decision {action!r}. Available decisions: "
                     + ", ".join(ACTIONS))


def _cell(term: Node | None) -> tuple[str, str | None]:
    """A result cell's text and, for an IRI, its link."""
    if term is None:
        return "", None
    return str(term), str(term) if isinstance(term, URIRef) else None

