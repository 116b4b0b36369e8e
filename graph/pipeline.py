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
from ._build.engine import run
from ._build.link import PlannedDocument, plan_documents
from ._build.plan import Plan, make_plan
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


def _load_all(files: Sequence[tuple[Path, str]], failures: list[Failure]) -> Iterator[Document]:
    for path, relpath in files:
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
    on_stage: Callable[[str], None] | None = None,
    min_confidence: float = 0.0,
    ocr: OcrSettings | None = None,
    on_read: Callable[[Document], None] | None = None,
    incremental: bool = True,
    plan: Plan | None = None,
) -> BuildResult:
    """Build the knowledge graph of the files and folders in ``inputs``.

    ``authority`` adds the user's authority files (Turtle, as ``ontology/gazetteer/``) to the
    built-in ones; ``curation`` is a curation file (see ``graph._curation``) applied to the
    entities after they are resolved. ``on_read(document)`` is called with each document read.

    With ``workers`` (a number of processes; 1 builds in this process) or ``dask`` (a Dask
    scheduler address), documents are read (parsed, extracted, resolved) in parallel, then
    linked and mapped here as in a one-process build, and validated batch by batch plus the
    nodes shared by several documents once more (see ``_build.engine``): the graph is the same.
    ``cache`` is a folder of earlier results to reuse for unchanged files (an incremental
    build; see ``_build.cache``); ``incremental=False`` reads every file again (and takes no
    cache). What the build redoes, and why, is decided once (``_build.plan``), and said in the
    result's ``reason``; a caller that decided it already (a build into a store, which builds
    only the files it does not hold) passes its ``plan``: then only ``plan.to_read`` is built.
    ``on_document(path)`` is called as each document is read and, in a parallel build, again
    as it is mapped, after ``on_stage("mapping")``. ``min_confidence`` leaves out the relations
    an extractor scored below it (those without a score, read by rules, stay). ``ocr`` says
    when and how scanned pages are recognised (see ``_scan``: by default, pages without text,
    in the document's language, without a page cache).
    """
    from . import extract as _builtins  # noqa: F401  (registers the built-in extractors)

    if cache is not None and (plan is not None or not incremental):
        raise ValueError("build() takes a cache, or a plan or incremental=False, not both")
    ocr = ocr or OcrSettings()
    with authority_files(authority), ocr_settings(ocr):
        config = BuildConfig.of(base, extractor_names, model, run_validation, authority,
                                curation, min_confidence, ocr)
        extractors.ordered(config.extractor_names)  # an unknown name fails here, early
        load_curation(curation)  # so does a bad curation file
        skipped: list[Failure] = []
        files = list(iter_input_files(
            inputs, lambda relpath, why: skipped.append(Failure(relpath, "input", why))))
        store = OutcomeCache(cache, config) if isinstance(cache, Path) else cache
        if plan is None:
            plan = make_plan(files, config, store.earlier() if store is not None else None,
                             incremental=incremental, remote=dask is not None)
        if workers is None and dask is None and store is None:
            result = _build(plan.to_read, skipped, config, on_document, on_read)
            result.reason = plan.reason
            return result
        return run(files, plan, config, workers=workers or 1, dask_address=dask,
                   on_document=on_document, on_stage=on_stage, cache=store, on_read=on_read,
                   skipped=skipped)


def _build(files: Sequence[tuple[Path, str]], skipped: Sequence[Failure], config: BuildConfig,
           on_document: Callable[[str], None] | None,
           on_read: Callable[[Document], None] | None) -> BuildResult:
    """The one-process build of ``files``, in memory (``skipped``: the files left out while
    the inputs were walked)."""
    started = time.perf_counter()
    specs = extractors.ordered(config.extractor_names)
    curation = load_curation(Path(config.curation) if config.curation else None)
    apart = curation.apart_names()
    result = BuildResult(new_dataset(config.base), base=config.base, failures=list(skipped))
    read: list[tuple[Document, ResolvedDocument]] = []
    loaded = _load_all(files, result.failures)
    if on_read is not None:
        loaded = _seen(loaded, on_read)
    for pdoc in process(loaded, model=config.model):
        result.count_ocr(pdoc.document)
        try:
            read.append((pdoc.document,
                         read_document(pdoc, specs, apart, config.model, result.warnings,
                                       min_confidence=config.min_confidence)))
        except KgError as exc:
            result.failures.append(Failure(pdoc.document.path, "extract", str(exc)))
        except Exception as exc:  # an extractor bug loses one document, not the build
            result.failures.append(
                Failure(pdoc.document.path, "extract", f"internal error: {exc!r}"))
        if on_document:
            on_document(pdoc.document.path)
    documents_of = link_and_map(read, result, config.base, curation)
    if config.validate:
        result.validation = validate(result.union(), documents_of=documents_of)
    result.seconds = time.perf_counter() - started
    return result


def _seen(documents: Iterator[Document], on_read: Callable[[Document], None]
          ) -> Iterator[Document]:
    for document in documents:
        on_read(document)
        yield document


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
