"""Linking documents across documents: one node per entity, and each document's IRI."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from rdflib import URIRef

from .._curation import Curation
from .._errors import reason_of
from .._iri import IriMinter
from .._link import EntityLink, link_documents
from .._mapping import document_iri
from .._resolve import ResolvedDocument
from ..records import Document
from .results import BuildResult, Failure

__all__ = ["DocumentIris", "PlannedDocument", "plan_documents"]

IriT = TypeVar("IriT", bound=str)


class DocumentIris:
    """Document IRIs given in path order: a document whose IRI (from its reference number or
    content) an earlier one has already is keyed on its path as well, and the build says so.
    The one rule of the full build (:func:`plan_documents`) and the incremental one."""

    def __init__(self) -> None:
        self.used: dict[str, str] = {}  # IRI -> the path of the document that has it

    def pick(self, path: str, base: IriT, alt: Callable[[], IriT]
             ) -> tuple[IriT, tuple[str, ...]]:
        """The IRI of the document at ``path`` (``base``, or ``alt()`` when ``base`` is taken),
        and what the build says about it; :meth:`take` it once the document is kept."""
        if base in self.used:
            return alt(), (f"{path}: has the same reference number or content as "
                           f"{self.used[base]}; its document IRI is keyed on its path as well",)
        return base, ()

    def take(self, iri: str, path: str) -> None:
        self.used[iri] = path


@dataclass
class PlannedDocument:
    """A document once documents are linked: its IRI and the links of its clusters."""

    document: Document
    resolved: ResolvedDocument
    iri: URIRef
    links: tuple[EntityLink, ...]
    warnings: tuple[str, ...] = ()  # said before it is mapped (a shared document IRI)


def plan_documents(read: Sequence[tuple[Document, ResolvedDocument]], result: BuildResult,
                   base: str, curation: Curation, aggregate: dict[object, object] | None = None,
                   node_links: dict[object, object] | None = None) -> list[PlannedDocument]:
    """Link the resolved documents ``read`` across documents and give each its IRI, in path
    order (so that which of two identical files is keyed on its path does not depend on the
    order they were given in). Failures and the linking's messages go to ``result``;
    ``aggregate`` and ``node_links`` (when given) get the nodes' aggregates and links."""
    from .._gazetteer import load_gazetteer

    iris = IriMinter(base)
    # one node per entity across documents: decided on all of them, so order does not matter
    links = link_documents(read, iris, load_gazetteer(), curation,
                           aggregate)  # type: ignore[arg-type]
    if node_links is not None:
        node_links.update(links.nodes)
    result.warnings += links.messages
    chosen = DocumentIris()
    planned: list[PlannedDocument] = []
    for document, resolved in sorted(read, key=lambda item: item[0].path):
        path = document.path
        try:
            doc_iri, said = chosen.pick(
                path, document_iri(document, resolved, iris),
                partial(document_iri, document, resolved, iris, disambiguate=True))
            entity_links = tuple(links.link(c) for c in resolved.clusters)
        except Exception as exc:  # a mapping bug loses one document, not the build
            result.failures.append(Failure(path, "map", reason_of(exc)))
            continue
        chosen.take(doc_iri, path)
        planned.append(PlannedDocument(document, resolved, doc_iri, entity_links, said))
    return planned
