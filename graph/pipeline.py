"""The build pipeline: files -> documents -> spaCy -> extractors -> resolution -> RDF -> SHACL.

A document that cannot be loaded or processed is recorded as a :class:`Failure` and skipped; the
other documents are still built. Nothing here writes files: the caller decides what to write.
"""

from __future__ import annotations

import time
import warnings as _warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import NamespaceManager

from ._consolidate import consolidate
from ._curation import Curation, load_curation
from ._errors import ExtractionWarning, InputError, KgError, UnsupportedFormat, reason_of
from ._gazetteer import authority_files
from ._iri import IriMinter, normalize_name
from ._link import link_documents
from ._mapping import bind_prefixes, document_iri, map_document
from ._namespaces import DEFAULT_BASE, ORG, RDF, SCHEMA
from ._nlp import LANGUAGE_MODELS, ProcessedDocument, process
from ._resolve import ResolvedDocument, resolve
from ._scan import OcrSettings, ocr_settings
from ._stages import StageTimes
from .extract._typemodel import judge
from .loaders import iter_input_files
from .records import Document, DocumentFact, Mention, Record, Relation, Span
from .registry import ExtractorSpec, extractors, loaders
from .validate import ValidationReport, validate

if TYPE_CHECKING:
    from ._link import EntityLink
    from ._manifest import OutcomeCache
    from ._spool import Spool

__all__ = ["BuildResult", "DocumentSummary", "Failure", "PlannedDocument", "build",
           "extract_records", "graph_stats", "link_and_map", "plan_documents", "read_document"]

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
    stage: str  # "input" (skipped while walking the folders), "load", "extract", "map"
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
    """What a build produced: the dataset (one named graph per document) and its report.

    A parallel build keeps the documents' triples on disk (``spool``, see ``_spool``) rather
    than in memory: :meth:`write` streams them to a file, and :attr:`dataset` reads them back
    into rdflib the first time it is asked for (which holds them all in memory)."""

    _dataset: Dataset | None = None
    documents: list[DocumentSummary] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    validation: ValidationReport | None = None
    seconds: float = 0.0
    #: seconds spent in each stage, summed over processes (parallel builds only; see _stages)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    spool: Spool | None = field(default=None, repr=False)
    base: str = DEFAULT_BASE
    #: the summary's figures, when the build counted them without the dataset (``_assemble``)
    counted: dict[str, object] | None = field(default=None, repr=False)
    _union: Graph | None = field(default=None, repr=False)
    #: pages OCR recognised in the documents this build read, and their words' confidences
    ocr_pages: int = 0
    ocr_confidence: list[float] = field(default_factory=list, repr=False)

    def count_ocr(self, document: Document) -> None:
        """Count the pages OCR recognised in ``document`` (its mean confidence a page)."""
        pages, mean = document.meta("ocr-pages"), document.meta("ocr-confidence")
        if pages and pages.isdigit() and int(pages) and mean:
            self.ocr_pages += int(pages)
            self.ocr_confidence += [float(mean)] * int(pages)

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            self._dataset = _dataset(self.base)
            if self.spool is not None:
                self._dataset.parse(data=self.spool.nquads(), format="nquads")
        return self._dataset

    @property
    def conforms(self) -> bool:
        return self.validation is None or self.validation.conforms

    def union(self) -> Graph:
        """All documents' triples in one graph (computed once: the dataset is final by then)."""
        if self._union is None:
            self._union = _union(self.dataset)
        return self._union

    def write(self, path: Path, fmt: str) -> None:
        """Write the graph to ``path`` in format ``fmt`` (see ``_output.FORMATS``), atomically;
        N-Quads, TriG and N-Triples stream from the spool of a parallel build."""
        from ._output import FORMATS, serialize, write_atomic, write_streaming

        spool = self.spool
        if spool is not None and self._dataset is None:
            if fmt in ("nquads", "trig"):
                spool.write_file(path, fmt)
                return
            if fmt == "ntriples":
                write_streaming(path, spool.write_ntriples)
                return
        union = None if FORMATS[fmt][2] else self.union()
        write_atomic(path, serialize(self.dataset, fmt, union))

    def close(self) -> None:
        """Remove the build's temporary files (the spool of a parallel build without cache)."""
        if self.spool is not None:
            self.spool.close()

    def summary(self) -> dict[str, object]:
        if self.counted is not None and self._dataset is None:
            stats = self.counted
        else:
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
            **({"ocr": f"{self.ocr_pages} page{'s' if self.ocr_pages > 1 else ''} recognised, "
                       f"mean confidence {sum(self.ocr_confidence) / self.ocr_pages:.2f}"}
               if self.ocr_pages else {}),
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
            with _warnings.catch_warnings(record=True) as caught:
                _warnings.simplefilter("always", ExtractionWarning)
                for record in spec.func(section, tuple(found)):
                    problems = _check(record, section, spec)
                    if problems:
                        if warnings is not None:
                            warnings += [f"{pdoc.document.path}: {p}" for p in problems]
                        continue
                    found.append(record)  # type: ignore[arg-type]
            _pass_on(caught, pdoc.document.path, warnings)
        done: dict[int, Mention] = {}
        records += [_shifted(r, offset, pdoc.text, done) if offset else r
                    for r in found[carried:]]
    return records


def _pass_on(caught: list[_warnings.WarningMessage], path: str,
             warnings: list[str] | None) -> None:
    """An extractor's :class:`ExtractionWarning` into the build's warnings; other warnings on."""
    for w in caught:
        if issubclass(w.category, ExtractionWarning):
            if warnings is not None:
                warnings.append(f"{path}: {w.message}")
        else:
            _warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def _load_all(
    inputs: Sequence[Path], failures: list[Failure]
) -> Iterator[Document]:
    def skipped(relpath: str, reason: str) -> None:
        failures.append(Failure(relpath, "input", reason))

    for path, relpath in iter_input_files(inputs, skipped):
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
    authority: Sequence[Path] = (),
    curation: Path | None = None,
    workers: int | None = None,
    dask: str | None = None,
    cache: Path | OutcomeCache | None = None,
    skip: Callable[[Document], bool] | None = None,
    on_stage: Callable[[str], None] | None = None,
    min_confidence: float = 0.0,
    ocr: OcrSettings | None = None,
    select: Callable[[Path, str], bool] | None = None,
    on_read: Callable[[Document], None] | None = None,
) -> BuildResult:
    """Build the knowledge graph of the files and folders in ``inputs``.

    ``authority`` adds the user's authority files (Turtle, as ``ontology/gazetteer/``) to the
    built-in ones; ``curation`` is a curation file (see ``graph._curation``) applied to the
    entities after they are resolved. ``skip(document)`` (after loading, before any processing)
    leaves out documents the caller already has, e.g. those a store holds with the same content
    hash; such a build runs in this process (``workers``, ``dask`` and ``cache`` are ignored).
    ``select(path, relpath)`` does the same before a file is read, in the build that ``workers``,
    ``dask`` and ``cache`` choose (a file it refuses is left out); ``on_read(document)`` is then
    called with each document read. ``skip`` and ``select`` cannot be given together.

    With ``workers`` (a number of processes; 1 builds in this process) or ``dask`` (a Dask
    scheduler address), documents are read (parsed, extracted, resolved) in parallel, then
    linked and mapped here as in a one-process build, and validated batch by batch plus the
    nodes shared by several documents once more (see ``_assemble``): the graph is the same.
    ``cache`` is a folder of earlier results to reuse for unchanged files (an incremental
    build; see ``_manifest``). ``on_document(path)`` is called as each document is read and,
    in a parallel build, again as it is mapped, after ``on_stage("mapping")``.
    ``min_confidence`` leaves out the relations an extractor scored below it (those without a
    score, read by rules, stay). ``ocr`` says when and how scanned pages are recognised (see
    ``_scan``: by default, pages without text, in the document's language, without a page cache).
    """
    from . import extract as _builtins  # noqa: F401  (registers the built-in extractors)

    if skip is not None and (select is not None or on_read is not None):
        raise ValueError("build() takes skip, or select and on_read, not both")
    ocr = ocr or OcrSettings()
    with authority_files(authority), ocr_settings(ocr):
        if skip is not None or (workers is None and dask is None and cache is None
                                and select is None and on_read is None):
            return _build(inputs, base, extractor_names, model, run_validation, on_document,
                          curation, skip, min_confidence)
        from ._assemble import assemble
        from ._manifest import OutcomeCache
        from ._parallel import BuildConfig

        config = BuildConfig.of(base, extractor_names, model, run_validation, authority,
                                curation, min_confidence, ocr)
        extractors.ordered(config.extractor_names)  # an unknown name fails here, early
        load_curation(curation)  # so does a bad curation file
        store = OutcomeCache(cache, config) if isinstance(cache, Path) else cache
        return assemble(inputs, config, workers=workers or 1, dask_address=dask,
                        on_document=on_document, on_stage=on_stage, cache=store,
                        select=select, on_read=on_read)


def read_document(pdoc: ProcessedDocument, specs: Sequence[ExtractorSpec],
                  apart: Sequence[tuple[frozenset[str], frozenset[str]]], model: str | None,
                  warnings: list[str], times: StageTimes | None = None,
                  min_confidence: float = 0.0) -> ResolvedDocument:
    """Extract and resolve one processed document (what needs no other document); ``times``
    gets the CPU time of each of the two stages. Relations scored below ``min_confidence``
    are left out."""
    times = times or StageTimes()
    path = pdoc.document.path
    lang, nlp_name = pdoc.document.meta("language"), pdoc.document.meta("nlp-pipeline")
    if model is None and nlp_name not in LANGUAGE_MODELS.get(lang or "", (nlp_name,)):
        warnings.append(f"{path}: its language is {lang!r}, but no pipeline of "
                        f"{LANGUAGE_MODELS[lang or '']} is installed; read with {nlp_name}")
    with times("extract"):
        records = judge(pdoc, extract_records(pdoc, specs, warnings))
        if min_confidence > 0:
            records = [r for r in records if not (isinstance(r, Relation) and r.confidence
                                                  is not None and r.confidence < min_confidence)]
    with times("resolve"):
        return resolve(records, [s.name for s in specs], apart, pdoc.text)


def _build(
    inputs: Sequence[Path],
    base: str,
    extractor_names: Sequence[str] | None,
    model: str | None,
    run_validation: bool,
    on_document: Callable[[str], None] | None,
    curation_path: Path | None,
    skip: Callable[[Document], bool] | None,
    min_confidence: float = 0.0,
) -> BuildResult:
    started = time.perf_counter()
    specs = extractors.ordered(extractor_names)
    curation = load_curation(curation_path)
    apart = curation.apart_names()
    result = BuildResult(_dataset(base), base=base)
    read: list[tuple[Document, ResolvedDocument]] = []
    loaded = _load_all(inputs, result.failures)
    if skip is not None:
        loaded = (d for d in loaded if not skip(d))
    for pdoc in process(loaded, model=model):
        result.count_ocr(pdoc.document)
        try:
            read.append((pdoc.document,
                         read_document(pdoc, specs, apart, model, result.warnings,
                                       min_confidence=min_confidence)))
        except KgError as exc:
            result.failures.append(Failure(pdoc.document.path, "extract", str(exc)))
        except Exception as exc:  # an extractor bug loses one document, not the build
            result.failures.append(
                Failure(pdoc.document.path, "extract", f"internal error: {exc!r}"))
        if on_document:
            on_document(pdoc.document.path)
    documents_of = link_and_map(read, result, base, curation)
    if run_validation:
        result.validation = validate(result.union(), documents_of=documents_of)
    result.seconds = time.perf_counter() - started
    return result


def _dataset(base: str) -> Dataset:
    ds = Dataset()
    ds.namespace_manager = NamespaceManager(ds, bind_namespaces="none")
    bind_prefixes(ds, IriMinter(base))
    return ds


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
    from ._gazetteer import load_gazetteer

    iris = IriMinter(base)
    # one node per entity across documents: decided on all of them, so order does not matter
    links = link_documents(read, iris, load_gazetteer(), curation,
                           aggregate)  # type: ignore[arg-type]
    if node_links is not None:
        node_links.update(links.nodes)
    result.warnings += links.messages
    used: dict[URIRef, str] = {}
    planned: list[PlannedDocument] = []
    for document, resolved in sorted(read, key=lambda item: item[0].path):
        path = document.path
        said: tuple[str, ...] = ()
        try:
            doc_iri = document_iri(document, resolved, iris)
            if doc_iri in used:
                said = (f"{path}: has the same reference number or content as {used[doc_iri]}; "
                        "its document IRI is keyed on its path as well",)
                doc_iri = document_iri(document, resolved, iris, disambiguate=True)
            entity_links = tuple(links.link(c) for c in resolved.clusters)
        except Exception as exc:  # a mapping bug loses one document, not the build
            result.failures.append(Failure(path, "map", reason_of(exc)))
            continue
        used[doc_iri] = path
        planned.append(PlannedDocument(document, resolved, doc_iri, entity_links, said))
    return planned


def link_and_map(read: Sequence[tuple[Document, ResolvedDocument]], result: BuildResult,
                 base: str, curation: Curation) -> dict[str, tuple[str, ...]]:
    """Link the resolved documents ``read`` across documents, map each into its named graph of
    ``result.dataset`` and consolidate; returns the paths of the documents describing each
    subject (for validation reports)."""
    from ._gazetteer import load_gazetteer

    ds = result.dataset
    iris = IriMinter(base)
    same_as = load_gazetteer().same_as
    documents_of: dict[str, set[str]] = {}
    for planned in plan_documents(read, result, base, curation):
        document, resolved = planned.document, planned.resolved
        path = document.path
        result.warnings += planned.warnings
        of = {id(c): link for c, link in zip(resolved.clusters, planned.links, strict=True)}
        try:
            doc_iri, g = map_document(document, resolved, iris, same_as, planned.iri,
                                      lambda c, of=of: of[id(c)])  # type: ignore[misc]
        except Exception as exc:  # a mapping bug loses one document, not the build
            result.failures.append(Failure(path, "map", reason_of(exc)))
            continue
        result.warnings += [f"{path}: {d}" for d in resolved.dropped]
        named = ds.graph(doc_iri)
        named.addN((s, p, o, named) for s, p, o in g)
        for subject in set(g.subjects()):
            documents_of.setdefault(str(subject), set()).add(path)
        result.documents.append(
            DocumentSummary(path, str(doc_iri), len(resolved.clusters), len(resolved.relations),
                            len(g))
        )
    result.warnings += consolidate(ds)
    return {k: tuple(sorted(v)) for k, v in documents_of.items()}
