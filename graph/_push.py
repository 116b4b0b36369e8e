"""Pushing a dataset to a SPARQL 1.1 Graph Store HTTP Protocol endpoint, one PUT per graph.

``PUT ENDPOINT?graph=IRI`` with the graph as N-Triples replaces what the endpoint held under that
graph name, so pushing again after a rebuild replaces each document's contribution and leaves
the endpoint's other graphs alone. Only ``urllib`` is used; nothing local is written.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from rdflib import Dataset, Graph, URIRef

from ._errors import EndpointError

__all__ = ["push_dataset"]


def _graphs(ds: Dataset) -> list[tuple[URIRef, Graph]]:
    out = []
    for g in ds.graphs():
        if isinstance(g.identifier, URIRef) and len(g) and str(g.identifier) != (
                "urn:x-rdflib:default"):
            out.append((g.identifier, g))
    return sorted(out, key=lambda item: str(item[0]))


def push_dataset(
    ds: Dataset,
    endpoint: str,
    *,
    timeout: float = 30.0,
    on_graph: Callable[[URIRef, int], None] | None = None,
) -> list[tuple[URIRef, int]]:
    """PUT every named graph of ``ds`` to the Graph Store endpoint; ``(graph, triples)`` sent.

    Raises :class:`EndpointError` naming the URL and the reason when the endpoint cannot be
    reached or refuses a graph (the graphs already sent are listed in the message).
    """
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"{endpoint}: not an http(s) URL of a Graph Store endpoint "
                            "(e.g. http://127.0.0.1:7878/store for Oxigraph)")
    graphs = _graphs(ds)
    if not graphs:
        raise EndpointError("the graph has no named graphs to push: build it with "
                            "`kg build -o FILE.trig` (or .nq), or push a store folder")
    sent: list[tuple[URIRef, int]] = []
    separator = "&" if parts.query else "?"
    for name, g in graphs:
        url = f"{endpoint}{separator}{urlencode({'graph': str(name)})}"
        body = g.serialize(format="nt", encoding="utf-8")
        request = urllib.request.Request(
            url, data=body, method="PUT",
            headers={"Content-Type": "application/n-triples; charset=utf-8"})
        done = f" ({len(sent)} of {len(graphs)} graphs were sent before)" if sent else (
            " (nothing was sent)")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", errors="replace").strip()
            raise EndpointError(f"{url}: the endpoint refused graph <{name}>: HTTP {exc.code} "
                                f"{exc.reason}{': ' + detail if detail else ''}{done}") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise EndpointError(f"{endpoint}: cannot reach the endpoint: {reason}{done}. Check "
                                "the URL and that the server runs.") from exc
        sent.append((name, len(g)))
        if on_graph:
            on_graph(name, len(g))
    return sent
