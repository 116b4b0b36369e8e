"""Linking documents across documents: one node per entity, and each document's IRI; from
nothing (:func:`plan_documents`) or from the last build's state (:func:`relink`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from rdflib import URIRef

from .._curation import Curation
from .._errors import reason_of
from .._iri import IriMinter
from .._link import EntityLink, link_documents
from .._mapping import document_iri
from .._resolve import ResolvedDocument
from ..records import Document
from .map import MapItem, map_key
from .results import BuildResult, Failure
from .state import Fallback

if TYPE_CHECKING:
    from .read import Outcome
    from .state import State

__all__ = ["DocumentIris", "Linked", "PlannedDocument", "ToMap", "plan_documents", "relink"]

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


@dataclass
class ToMap:
    """A document to map (its item, with its key), and its IRIs before two documents are
    found to share one (``base_iri``) and keyed on its path as well (``alt_iri``)."""

    item: MapItem
    base_iri: str
    alt_iri: str
    read_warnings: tuple[str, ...] = ()


@dataclass
class Linked:
    """What linking decided: the documents to map (in path order), those that go from the
    graph, and what was said about each document's IRI (by path)."""

    to_map: list[ToMap] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    said: dict[str, tuple[str, ...]] = field(default_factory=dict)


def relink(state: State, fresh: Mapping[str, Outcome], gone: Sequence[str],
           old: Callable[[str], Outcome | None], iris: IriMinter) -> Linked:
    """Link from the last build's ``state``: the ``gone`` documents' old versions (``old``
    gives a document's outcome from the cache) taken out of the nodes, the ``fresh`` ones
    put in, and all nodes linked again (``state`` keeps the aggregates and links). The
    documents to map again are the fresh ones and those whose links or IRI changed (unless
    their map key did not change); :attr:`Linked.gone` is left to the caller. Raises
    ``Fallback`` when the cache lacks a record it needs."""
    from .._gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    touched = _relink_nodes(state, fresh, gone, old, gazetteer, iris)
    current = sorted((set(state.docs) - set(gone)) | set(fresh))
    chosen = DocumentIris()
    linked = Linked()
    iris_of: dict[str, tuple[str, str, str]] = {}
    for path in current:
        if path in fresh:
            o = fresh[path]
            try:
                base = str(document_iri(o.document, o.resolved, iris))  # type: ignore[arg-type]
                alt = str(document_iri(o.document, o.resolved, iris,  # type: ignore[arg-type]
                                       disambiguate=True))
            except Exception as exc:  # a full build reports it
                raise Fallback(f"{path}: {exc!r}") from exc
        else:
            base, alt = state.docs[path].base_iri, state.docs[path].alt_iri
        iri, linked.said[path] = chosen.pick(path, base, lambda alt=alt: alt)  # type: ignore[misc]
        chosen.take(iri, path)
        iris_of[path] = (base, alt, iri)
        if path not in fresh and state.docs[path].iri != iri:
            touched.add(path)
    for path in sorted(touched & set(current)):
        entry = _to_map(state, path, fresh.get(path) or old(path), iris_of[path], gazetteer)
        if entry is not None:
            linked.to_map.append(entry)
    return linked


def _relink_nodes(state: State, fresh: Mapping[str, Outcome], gone: Sequence[str],
                  old: Callable[[str], Outcome | None], gazetteer: Any, iris: IriMinter
                  ) -> set[str]:
    """The old versions' clusters out of the nodes, the new ones' in; all nodes linked again.
    Returns the documents to map again: the fresh ones, and those of nodes whose link
    changed."""
    from .._link import NodeAgg, link_nodes, own_keys

    for path in gone:
        was = old(path)
        if was is None or was.document is None or was.resolved is None:
            raise Fallback(f"the cache has no record of {path}")
        for cluster, key, _ in own_keys(was.document, was.resolved, gazetteer):
            state.nodes[(cluster.kind, key)].change(cluster, path, -1)
    for path, outcome in fresh.items():
        for cluster, key, _ in own_keys(outcome.document, outcome.resolved,  # type: ignore
                                        gazetteer):
            agg = state.nodes.get((cluster.kind, key))
            if agg is None:
                agg = state.nodes[(cluster.kind, key)] = NodeAgg()
            agg.change(cluster, path, 1)
    for node in [k for k, agg in state.nodes.items() if not agg.counts]:
        del state.nodes[node]
    links = link_nodes(state.nodes, iris, gazetteer)
    touched = set(fresh)
    for node in links.keys() | state.node_links.keys():
        if links.get(node) != state.node_links.get(node) and node in state.nodes:
            touched.update(state.nodes[node].docs)
    state.node_links = links
    return touched


def _to_map(state: State, path: str, outcome: Outcome | None, iris: tuple[str, str, str],
            gazetteer: Any) -> ToMap | None:
    """Document ``path`` to map with its links now, or None when its map key is the one it
    has in ``state`` (nothing it depends on changed)."""
    from .._link import entity_link, own_keys

    if outcome is None or outcome.document is None or outcome.resolved is None:
        raise Fallback(f"the cache has no record of {path}")
    base, alt, iri = iris
    links = state.node_links
    entity_links = tuple(
        entity_link(cluster.kind, links[(cluster.kind, key)], holder, cluster.name)
        for cluster, key, holder in own_keys(outcome.document, outcome.resolved, gazetteer))
    key = map_key(path, outcome.document.content_hash, iri, entity_links)
    known = state.docs.get(path)
    if known is not None and known.key == key:
        return None
    return ToMap(MapItem(outcome.document, outcome.resolved, iri, entity_links, key), base, alt,
                 tuple(outcome.warnings))
