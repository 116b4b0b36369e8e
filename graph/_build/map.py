"""Mapping and validating documents in worker processes, once they are linked.

The main process links all documents (``_link``), then sends each document with the links of its
clusters to a worker (a :class:`MapItem`). The worker maps it (``_mapping.map_triples``), writes
its triples to the spool (``spool``) as N-Triples, validates a batch of documents in one SHACL
run, and sends back a :class:`Mapped`: where the triples are, and the little the main process
needs of them to finish the build without reading them: the subjects (to find the nodes several
documents describe), the values of the single-valued properties (consolidation), what the
summary counts, and the SHACL findings about nodes of this document.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from .._consolidate import SINGLE_VALUED
from .._errors import reason_of
from .._iri import IriMinter
from .._link import EntityLink
from .._namespaces import RDF, SCHEMA, SH
from .._ntriples import line_digest, nt
from .._output import write_atomic
from .._resolve import ResolvedDocument
from .._stages import StageTimes
from ..records import Document
from ..validate import ValidationResult, bulk_engine, copy_result, validate
from .config import BuildConfig
from .executors import WORKER_DIED, BatchResult
from .spool import split_lines

__all__ = ["CONTRACT_TYPES", "TARGET_OBJECTS_OF", "MapItem", "Mapped", "map_batch", "map_died",
           "map_key"]

#: The contract types the build summary counts (schema.org), and the source documents' type.
CONTRACT_TYPES = ("Person", "Organization", "Event", "Place", "CreativeWork", "DigitalDocument")
_TYPE_NAMES = {SCHEMA[name]: name for name in CONTRACT_TYPES}


@dataclass
class MapItem:
    """One linked document to map: the links of its clusters in ``resolved.clusters`` order."""

    document: Document
    resolved: ResolvedDocument
    doc_iri: str
    links: tuple[EntityLink, ...]
    key: str  # digest of all the document's triples depend on (its spool file's name)


@dataclass
class Mapped:
    """What a worker sends back for one document (see the module docstring)."""

    path: str
    key: str
    failure: tuple[str, str] | None = None  # (stage, reason)
    file: str = ""  # the spool file (in the folder the worker was given)
    data: bytes | None = None  # the file's bytes, when the worker has no spool folder
    shared_bytes: int = 0
    lines: int = 0
    #: subjects of the shared part, N-Triples form
    subjects: tuple[str, ...] = ()
    #: (subject, predicate, object) N-Triples and the object's lexical form, for every value of
    #: a single-valued property and every alternate name
    values: tuple[tuple[str, str, str, str], ...] = ()
    #: (contract type, subject IRI) for the summary
    typed: tuple[tuple[str, str], ...] = ()
    #: 8-byte digests of the shared part's lines, and of those of relation predicates, each
    #: set as one string of bytes (one object to pickle, not hundreds)
    digests: bytes = b""
    relation_digests: bytes = b""
    own_lines: int = 0
    triples: int = 0  # the document's triples (its DocumentSummary)
    findings: list[ValidationResult] = field(default_factory=list)
    findings_nt: bytes = b""  # the report triples of ``findings``
    #: objects of its ``schema:mentions`` lines (the one target by objects the shapes have)
    mentions: tuple[str, ...] = ()
    #: its subjects that another document of its batch describes too: their findings here
    #: were made on both documents' triples, so they are validated again on all documents'
    mixed: tuple[str, ...] = ()


_VALUED = {nt(p) for p in (*SINGLE_VALUED, SCHEMA.alternateName)}
_RDF_TYPE = nt(RDF.type)
#: the predicates of the shapes' ``sh:targetObjectsOf`` (``tests/test_delta.py`` checks them)
TARGET_OBJECTS_OF = (nt(SCHEMA.mentions),)


@cache
def _relation_predicates() -> frozenset[str]:
    from .._mapping import RELATION_PREDICATES

    return frozenset(nt(p) for p in RELATION_PREDICATES)


def _map_one(item: MapItem, iris: IriMinter, same_as: Callable[[str], Sequence[str]],
             times: StageTimes) -> tuple[Mapped, list[str], list[str]]:
    """Map one document: its Mapped record (without findings; its triples in ``data``), and
    its shared and own lines (``spool``)."""
    from .._mapping import map_triples

    with times("map"):
        links = {id(c): link for c, link in zip(item.resolved.clusters, item.links, strict=True)}
        _, triples = map_triples(item.document, item.resolved, iris, same_as,
                                 URIRef(item.doc_iri), lambda c: links[id(c)])
    with times("write"):
        terms: dict[Node, str] = {}
        lines: list[str] = []
        # a document's own nodes (annotations, selectors, targets) take none of these
        values: list[tuple[str, str, str, str]] = []
        typed: list[tuple[str, str]] = []
        mentions: list[str] = []
        for s, p, o in triples:
            sn = terms.get(s) or terms.setdefault(s, nt(s))
            pn = terms.get(p) or terms.setdefault(p, nt(p))
            on = terms.get(o) or terms.setdefault(o, nt(o))
            lines.append(f"{sn} {pn} {on} .\n")
            if pn in _VALUED:
                values.append((sn, pn, on, str(o)))
            elif pn == _RDF_TYPE and o in _TYPE_NAMES:
                typed.append((_TYPE_NAMES[o], str(s)))  # type: ignore[index]
            elif pn in TARGET_OBJECTS_OF:
                mentions.append(on)
        shared, own = split_lines(lines)
        relations = _relation_predicates()
        each = [line_digest(line) for line in shared]
        shared_data = "".join(shared).encode("utf-8")
        mapped = Mapped(
            item.document.path, item.key, file=f"{item.key}.nt",
            data=shared_data + "".join(own).encode("utf-8"), shared_bytes=len(shared_data),
            lines=len(shared) + len(own),
            subjects=tuple(dict.fromkeys(line[: line.index(" ")] for line in shared)),
            values=tuple(values), typed=tuple(typed), digests=b"".join(each),
            relation_digests=b"".join(d for d, line in zip(each, shared, strict=True)
                                      if line.split(" ", 2)[1] in relations),
            own_lines=len(own), triples=len(triples),
            mentions=tuple(sorted(set(mentions))))
    return mapped, shared, own


def _validate(done: list[tuple[Mapped, list[str], list[str]]]) -> None:
    """Validate the documents of ``done`` in one SHACL run; each finding goes to the document
    that describes its focus node (one several documents describe is validated again at the end,
    on all their triples, so which of them gets it here does not matter)."""
    owner: dict[str, int] = {}
    for i, (_, shared, own) in enumerate(done):
        for line in (*shared, *own):
            owner.setdefault(line[: line.index(" ")], i)
    described = Counter(s for mapped, _, _ in done for s in mapped.subjects)
    for mapped, _, _ in done:
        mapped.mixed = tuple(sorted(s for s in mapped.subjects if described[s] > 1))
    text = "".join(line for _, shared, own in done for line in (*shared, *own))
    report = validate(text, engine=bulk_engine())

    def owner_of(focus: Node | str) -> int:
        key = nt(focus) if isinstance(focus, Node) else f"<{focus}>"
        return owner.get(key, 0)

    graphs = [Graph() for _ in done]
    for r in report.results:
        mapped = done[owner_of(r.focus)][0]
        mapped.findings.append(replace(r, documents=(mapped.path,)))
    for result in report.graph.subjects(SH.focusNode, None):
        focus = report.graph.value(result, SH.focusNode)
        copy_result(report.graph, result, graphs[owner_of(focus)],  # type: ignore[arg-type]
                    BNode())
    for (mapped, _, _), g in zip(done, graphs, strict=True):
        if len(g):
            mapped.findings_nt = g.serialize(format="nt", encoding="utf-8")


def map_batch(items: Sequence[MapItem], config: BuildConfig, spool: str | None
              ) -> BatchResult:
    """Map, spool and validate the documents of one batch (in this process). With ``spool``
    (a folder this process can write) each document's triples go to a file there; without,
    they come back in :attr:`Mapped.data`."""
    from .._gazetteer import authority_files, load_gazetteer

    times = StageTimes()
    iris = IriMinter(config.base)
    out: list[Mapped] = []
    done: list[tuple[Mapped, list[str], list[str]]] = []
    with authority_files([Path(a) for a in config.authority]):
        same_as = load_gazetteer().same_as
        for item in items:
            try:
                mapped, shared, own = _map_one(item, iris, same_as, times)
            except Exception as exc:  # a mapping bug loses one document, not the build
                out.append(Mapped(item.document.path, item.key, failure=("map", reason_of(exc))))
                continue
            if spool is not None and mapped.data is not None:
                with times("write"):
                    write_atomic(Path(spool) / mapped.file, mapped.data, sync=False)
                mapped.data = None
            out.append(mapped)
            done.append((mapped, shared, own))
        if config.validate and done:
            with times("validate"):
                _validate(done)
    return BatchResult(out, times.seconds)


def map_died(items: Sequence[MapItem]) -> BatchResult:
    """The result of a batch whose worker died: every document of it failed."""
    return BatchResult([Mapped(i.document.path, i.key, failure=("map", WORKER_DIED))
                        for i in items], {})


def map_key(planned_path: str, content_hash: str, iri: str, links: object) -> str:
    """The digest of all a document's triples depend on (its spool file's name)."""
    return hashlib.sha256(repr(("map", planned_path, content_hash, iri, links)).encode()
                          ).hexdigest()
