"""What a build gives back: :class:`BuildResult` (the graph, in memory or spooled on disk, and
its report), :class:`Failure`, :class:`DocumentSummary`, and the summary's counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph
from rdflib.namespace import NamespaceManager

from .._iri import IriMinter
from .._mapping import RELATION_PREDICATES, bind_prefixes
from .._namespaces import DEFAULT_BASE, RDF, SCHEMA
from ..records import Document
from ..validate import ValidationReport

if TYPE_CHECKING:
    from .spool import Spool

__all__ = ["BuildResult", "DocumentSummary", "Failure", "counts", "graph_stats", "new_dataset"]


ENTITY_TYPES = ("Person", "Organization", "Event", "Place", "CreativeWork")


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

    A build keeps the documents' triples on disk (``spool``, see ``_build.spool``) rather than
    in memory: :meth:`write` streams them to a file, and :attr:`dataset` reads them back
    into rdflib the first time it is asked for (which holds them all in memory)."""

    _dataset: Dataset | None = None
    documents: list[DocumentSummary] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    validation: ValidationReport | None = None
    seconds: float = 0.0
    #: seconds spent in each stage, summed over processes (see _stages)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    spool: Spool | None = field(default=None, repr=False)
    base: str = DEFAULT_BASE
    #: the summary's figures, when the build counted them without the dataset (``_build.tally``)
    counted: dict[str, object] | None = field(default=None, repr=False)
    _union: Graph | None = field(default=None, repr=False)
    #: pages OCR recognised in the documents this build read, and their words' confidences
    ocr_pages: int = 0
    ocr_confidence: list[float] = field(default_factory=list, repr=False)
    #: what the build redid, and why, in one line (``_build.plan``: "full build: the curation
    #: file changed", "incremental: 3 changed, 1 new, 2 removed, 994 unchanged")
    reason: str = ""

    def count_ocr(self, document: Document) -> None:
        """Count the pages OCR recognised in ``document`` (its mean confidence a page)."""
        pages, mean = document.meta("ocr-pages"), document.meta("ocr-confidence")
        if pages and pages.isdigit() and int(pages) and mean:
            self.ocr_pages += int(pages)
            self.ocr_confidence += [float(mean)] * int(pages)

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            self._dataset = new_dataset(self.base)
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
        N-Quads, TriG and N-Triples stream from the spool."""
        from .._output import FORMATS, serialize, write_atomic, write_streaming

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
        """Remove the build's temporary files (the spool of a build without cache)."""
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


def new_dataset(base: str) -> Dataset:
    ds = Dataset()
    ds.namespace_manager = NamespaceManager(ds, bind_namespaces="none")
    bind_prefixes(ds, IriMinter(base))
    return ds


def counts(typed: Iterable[tuple[str, str]], relations: int, triples: int) -> dict[str, object]:
    """The figures :func:`graph_stats` gives of the union, from the ``(contract type, subject)``
    pairs the documents' triples type (``map.Mapped.typed``), the number of distinct relation
    triples and the number of distinct triples: a spooled build counts without the union."""
    kinds: dict[str, set[str]] = {}
    for kind, subject in typed:
        kinds.setdefault(kind, set()).add(subject)
    entities: dict[str, int] = {k: len(kinds.get(k, ())) for k in
                                ("Person", "Organization", "Event", "Place")}
    entities["CreativeWork"] = len(kinds.get("CreativeWork", set())
                                   - kinds.get("DigitalDocument", set()))
    return {"entities": entities, "relations": relations, "triples": triples}
