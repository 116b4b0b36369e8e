"""The HTML pages of ``kg serve``: search, entity and document pages, saved queries as forms,
linked-data views of the graph's IRIs, and review decisions (see :mod:`graph.web._app`)."""

from __future__ import annotations

from ._app import Response, WebApp

__all__ = ["Response", "WebApp"]
