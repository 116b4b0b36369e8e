"""The build pipeline: files -> documents -> spaCy -> extractors -> resolution -> RDF -> SHACL.

A document that cannot be loaded or processed is recorded as a :class:`Failure` and skipped; the
other documents are still built. Nothing here writes files: the caller decides what to write.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import NamespaceManager

from ._consolidate import consolidate
from ._errors import InputError, KgError, UnsupportedFormat
from ._gazetteer import load_gazetteer
from ._iri import IriMinter, normalize_name
from ._mapping import bind_prefixes, document_iri, map_document
from ._namespaces import DEFAULT_BASE, ORG, RDF, SCHEMA
from ._nlp import ProcessedDocument, process
from ._resolve import resolve
from .loaders import iter_input_files
from .records import Document, DocumentFact, Mention, Record, Relation, Span
from .registry import ExtractorSpec, extractors, loaders
from .validate import ValidationReport, validate

if TYPE_CHECKING:
    from ._manifest import OutcomeCache

__all__ = ["BuildResult", "DocumentSummary", "Failure", "build", "extract_records", "graph_stats"]

ENTITY_TYPES = ("Person", "Organization", "Event", "Place", "CreativeWork")
RELATION_PREDICATES = (
    ORG.memberOf, ORG.subOrganizationOf, SCHEMA.attendee, SCHEMA.organizer, SCHEMA.location,
    SCHEMA.containedInPlace, SCHEMA.citation, SCHEMA.about, SCHEMA.sender, SCHEMA.recipient,
    SCHEMA.author, URIRef("https://www.w3.org/ns/activitystreams#inReplyTo"),
)


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be built, the stage where it failed, and why."""

    path: str
    stage: str  # "load", "extract", "map"
    reason: str


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    path: str
    iri: str
    entities: int
    relations: int
    triples: int


@dataclass
class BuildResult:
    """What a build produced: the dataset (one named graph per document) and its report."""

    dataset: Dataset
    documents: list[DocumentSummary] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    validation: ValidationReport | None = None
    seconds: float = 0.0
    #: seconds spent in each stage, summed over processes (parallel builds only; see _stages)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    _union: Graph | None = field(default=None, repr=False)

    @property
    def conforms(self) -> bool:
        return self.validation is None or self.validation.conforms

    def union(self) -> Graph:
        """All documents' triples in one graph (computed once: the dataset is final by then)."""
        if self._union is None:
            self._union = _union(self.dataset)
        return self._union

    def summary(self) -> dict[str, object]:
        stats = graph_stats(self.union())
        return {
            "documents": len(self.documents),
            "failed": len(self.failures),
            "entities": stats["entities"],
            "relations": stats["relations"],
            "triples": stats["triples"],
            "violations": self.validation.count("Violation") if self.validation else None,
            "warnings": self.validation.count("Warning") if self.validation else None,
            "seconds": round(self.seconds, 2),
        }


def _union(ds: Dataset) -> Graph:
    g = Graph(bind_namespaces="none")
    for prefix, namespace in ds.namespaces():
        g.bind(prefix, namespace, replace=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def graph_stats(g: Graph) -> dict[str, object]:
    """Entities by contract type, relation triples and all triples of a graph."""
    entities = {
        name: len(set(g.subjects(RDF.type, SCHEMA[name]))) for name in ENTITY_TYPES
    }
    # source documents are typed schema:CreativeWork too; count only referenced documents
    sources = set(g.subjects(RDF.type, SCHEMA.DigitalDocument))
    entities["CreativeWork"] = len(set(g.subjects(RDF.type, SCHEMA.CreativeWork)) - sources)
    relations = sum(1 for p in RELATION_PREDICATES for _ in g.triples((None, p, None)))
    return {"entities": entities, "relations": relations, "triples": len(g)}


def _check(record: object, pdoc: ProcessedDocument, spec: ExtractorSpec) -> list[str]:
    """Problems with a record an extractor yielded (an extractor bug), as messages."""
    if not isinstance(record, Mention | Relation | DocumentFact):
        return [f"{spec.name} yielded {type(record).__name__}, not a record"]
    spans = []
    if isinstance(record, Mention):
        if not normalize_name(record.name):
            return [f"{spec.name} yielded a {record.kind} without a name at "
                    f"{record.span.start}..{record.span.end}"]
        spans.append(record.span)
    elif isinstance(record, Relation):
        spans += [record.span, record.subject.span, record.object.span]
    elif record.span is not None:
        spans.append(record.span)
    return [
        f"{spec.name}: span {s.start}..{s.end} {s.text!r} is not the text at those offsets"
        for s in spans
        if pdoc.text[s.start : s.end] != s.text
    ]


def _shifted(record: Record, offset: int, text: str, done: dict[int, Mention]) -> Record:
    """``record`` with every span moved ``offset`` characters on, in the whole ``text``."""
    def span(s: Span) -> Span:
        return Span(s.start + offset, s.end + offset, text[s.start + offset : s.end + offset])

    def mention(m: Mention) -> Mention:
        if id(m) not in done:
            done[id(m)] = replace(m, span=span(m.span))
        return done[id(m)]

    if isinstance(record, Mention):
        return mention(record)
    if isinstance(record, Relation):
        return replace(record, subject=mention(record.subject), object=mention(record.object),
                       span=span(record.span))
    value = mention(record.value) if isinstance(record.value, Mention) else record.value
    return replace(record, value=value, span=span(record.span) if record.span else None)


def extract_records(
    pdoc: ProcessedDocument, specs: Sequence[ExtractorSpec], warnings: list[str] | None = None
) -> list[Record]:
    """Run ``specs`` in order over one processed document and collect the records.

    A long document is read one section at a time; each section's extractors also see the
    facts about the document found in the sections before (its date, for instance).
    """
    records: list[Record] = []
    for offset, section in pdoc.sections():
        found: list[Record] = [
            r for r in records if isinstance(r, DocumentFact) and not isinstance(r.value, Mention)
        ]
        carried = len(found)
        for spec in specs:
            for record in spec.func(section, tuple(found)):
                problems = _check(record, section, spec)
                if problems:
                    if warnings is not None:
                        warnings += [f"{pdoc.document.path}: {p}" for p in problems]
                    continue
                found.append(record)  # type: ignore[arg-type]
        done: dict[int, Mention] = {}
        records += [_shifted(r, offset, pdoc.text, done) if offset else r
                    for r in found[carried:]]
    return records


def _load_all(
    inputs: Sequence[Path], failures: list[Failure]
) -> Iterator[Document]:
    for path, relpath in iter_input_files(inputs):
        try:
            spec = loaders.for_suffix(path.suffix)
            if spec is None:
                raise UnsupportedFormat(relpath, "no loader reads this kind of file")
            yield spec.func(path, relpath)
        except InputError as exc:
            failures.append(Failure(relpath, "load", exc.reason))
        except Exception as exc:  # a loader bug must not stop the other documents
            failures.append(Failure(relpath, "load", f"internal error: {exc!r}"))


def build(
    inputs: Sequence[Path],
    *,
    base: str = DEFAULT_BASE,
    extractor_names: Sequence[str] | None = None,
    model: str | None = None,
    run_validation: bool = True,
    on_document: Callable[[str], None] | None = None,
    workers: int | None = None,
    dask: str | None = None,
    cache: Path | OutcomeCache | None = None,
) -> BuildResult:
    """Build the knowledge graph of the files and folders in ``inputs``.

    With ``workers`` (a number of processes; 1 builds in this process) or ``dask`` (a Dask
    scheduler address), documents are built in parallel and validated one by one, then the
    nodes shared by several documents once more (see ``_assemble``). ``cache`` is a folder of
    earlier results to reuse for unchanged files (an incremental build; see ``_manifest``).
    """
    from . import extract as _builtins  # noqa: F401  (registers the built-in extractors)

    if workers is not None or dask is not None or cache is not None:
        from ._assemble import assemble
        from ._manifest import OutcomeCache
        from ._parallel import BuildConfig

        config = BuildConfig(base, tuple(extractor_names) if extractor_names else None, model,
                             run_validation)
        extractors.ordered(config.extractor_names)  # an unknown name fails here, early
        store = OutcomeCache(cache, config) if isinstance(cache, Path) else cache
        return assemble(inputs, config, workers=workers or 1, dask_address=dask,
                        on_document=on_document, cache=store)

    started = time.perf_counter()
    iris = IriMinter(base)
    specs = extractors.ordered(extractor_names)
    order = [s.name for s in specs]
    gazetteer = load_gazetteer()

    def same_as(authority: str) -> Sequence[str]:
        entry = gazetteer.by_iri(authority)
        return entry.same_as if entry else ()

    ds = Dataset()
    ds.namespace_manager = NamespaceManager(ds, bind_namespaces="none")
    bind_prefixes(ds, iris)
    result = BuildResult(ds)
    documents_of: dict[str, set[str]] = {}
    used: dict[URIRef, str] = {}
    for pdoc in process(_load_all(inputs, result.failures), model=model):
        path = pdoc.document.path
        try:
            records = extract_records(pdoc, specs, result.warnings)
            resolved = resolve(records, order)
            doc_iri = document_iri(pdoc.document, resolved, iris)
            if doc_iri in used:
                result.warnings.append(
                    f"{path}: has the same reference number or content as {used[doc_iri]}; "
                    "its document IRI is keyed on its path as well"
                )
                doc_iri = document_iri(pdoc.document, resolved, iris, disambiguate=True)
            doc_iri, g = map_document(pdoc.document, resolved, iris, same_as, doc_iri)
        except KgError as exc:
            result.failures.append(Failure(path, "extract", str(exc)))
            continue
        except Exception as exc:  # an extractor bug loses one document, not the build
            result.failures.append(Failure(path, "extract", f"internal error: {exc!r}"))
            continue
        used[doc_iri] = path
        result.warnings += [f"{path}: {d}" for d in resolved.dropped]
        named = ds.graph(doc_iri)
        for triple in g:
            named.add(triple)
        for subject in set(g.subjects()):
            documents_of.setdefault(str(subject), set()).add(path)
        result.documents.append(
            DocumentSummary(path, str(doc_iri), len(resolved.clusters), len(resolved.relations),
                            len(g))
        )
        if on_document:
            on_document(path)
    result.warnings += consolidate(ds)
    if run_validation:
        result.validation = validate(
            result.union(), documents_of={k: tuple(sorted(v)) for k, v in documents_of.items()}
        )
    result.seconds = time.perf_counter() - started
    return result

