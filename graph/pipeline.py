"""The build pipeline: files -> documents -> spaCy -> extractors -> resolution -> RDF -> SHACL.

A document that cannot be loaded or processed is recorded as a :class:`Failure` and skipped; the
other documents are still built. Nothing here writes files: the caller decides what to write.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ._build.cache import OutcomeCache
from ._build.config import BuildConfig
from ._build.full import assemble
from ._build.link import PlannedDocument, plan_documents
from ._build.read import extract_records, read_document
from ._build.results import BuildResult, DocumentSummary, Failure, graph_stats, new_dataset
from ._consolidate import consolidate
from ._curation import Curation, load_curation
from ._errors import InputError, KgError, UnsupportedFormat, reason_of
from ._gazetteer import authority_files
from ._iri import IriMinter
from ._mapping import map_document
from ._namespaces import DEFAULT_BASE
from ._nlp import process
from ._resolve import ResolvedDocument
from ._scan import OcrSettings, ocr_settings
from .loaders import iter_input_files
from .records import Document
from .registry import extractors, loaders
from .validate import validate

__all__ = ["BuildResult", "DocumentSummary", "Failure", "PlannedDocument", "build",
           "extract_records", "graph_stats", "link_and_map", "plan_documents", "read_document"]


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
    nodes shared by several documents once more (see ``_build.full``): the graph is the same.
    ``cache`` is a folder of earlier results to reuse for unchanged files (an incremental
    build; see ``_build.cache``). ``on_document(path)`` is called as each document is read and,
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
        config = BuildConfig.of(base, extractor_names, model, run_validation, authority,
                                curation, min_confidence, ocr)
        extractors.ordered(config.extractor_names)  # an unknown name fails here, early
        load_curation(curation)  # so does a bad curation file
        store = OutcomeCache(cache, config) if isinstance(cache, Path) else cache
        return assemble(inputs, config, workers=workers or 1, dask_address=dask,
                        on_document=on_document, on_stage=on_stage, cache=store,
                        select=select, on_read=on_read)


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
    result = BuildResult(new_dataset(base), base=base)
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
