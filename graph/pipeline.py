"""The public build: files -> documents -> spaCy -> extractors -> resolution -> RDF -> SHACL.

:func:`build` is a façade: it checks the options, walks the inputs, decides what the build redoes
(``_build.plan``) and calls the engine (``_build.engine.run``) with an executor (this process,
worker processes, or a Dask cluster), a cache and a sink (``_build.sinks``: by default the
spool kept in the result, in a cache's folder or a temporary one; a file; a store): every build
takes that one road. A document that cannot be loaded or processed is recorded as a
:class:`Failure` and skipped; the other documents are still built. Nothing here writes files
but the sink the caller gives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ._build.cache import OutcomeCache
from ._build.config import BuildConfig
from ._build.engine import run
from ._build.link import PlannedDocument, plan_documents
from ._build.plan import Plan, make_plan
from ._build.read import extract_records, read_document
from ._build.results import BuildResult, DocumentSummary, Failure, graph_stats
from ._build.sinks import Sink
from ._curation import load_curation
from ._gazetteer import authority_files
from ._namespaces import DEFAULT_BASE
from ._scan import OcrSettings, ocr_settings
from .loaders import iter_input_files
from .records import Document
from .registry import extractors

__all__ = ["BuildResult", "DocumentSummary", "Failure", "PlannedDocument", "build",
           "extract_records", "graph_stats", "plan_documents", "read_document"]


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
    sink: Sink | None = None,
) -> BuildResult:
    """Build the knowledge graph of the files and folders in ``inputs``.

    ``authority`` adds the user's authority files (Turtle, as ``ontology/gazetteer/``) to the
    built-in ones; ``curation`` is a curation file (see ``graph._curation``) applied to the
    entities after they are resolved. ``on_read(document)`` is called with each document read.

    Every build takes the engine's one road (``_build.engine``): documents are read (parsed,
    extracted, resolved) batch by batch, linked across documents and mapped, and validated
    batch by batch plus the nodes shared by several documents once more. By default it runs in
    this process; with ``workers`` (a number of processes; 1: this process) or ``dask`` (a
    Dask scheduler address) the batches are read and mapped in parallel: the graph is the same.
    The triples are spooled to disk, not held in memory: :meth:`BuildResult.write` streams
    them, :attr:`BuildResult.dataset` reads them into rdflib when it is first asked for, and
    :meth:`BuildResult.close` removes a temporary spool (so does dropping the result).
    ``cache`` is a folder of earlier results to reuse for unchanged files (an incremental
    build; see ``_build.cache``); ``incremental=False`` reads every file again (and takes no
    cache). What the build redoes, and why, is decided once (``_build.plan``), and said in the
    result's ``reason``; a caller that decided it already (a build into a store, which builds
    only the files it does not hold) passes its ``plan``: then only ``plan.to_read`` is built.
    ``on_document(path)`` is called as each document is read and again as it is mapped, after
    ``on_stage("mapping")``. ``min_confidence`` leaves out the relations
    an extractor scored below it (those without a score, read by rules, stay). ``ocr`` says
    when and how scanned pages are recognised (see ``_scan``: by default, pages without text,
    in the document's language, without a page cache). ``sink`` is where the graph goes when
    the build is done (``_build.sinks``: a file, a store); by default the result keeps it.
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
        return run(files, plan, config, workers=workers or 1, dask_address=dask,
                   on_document=on_document, on_stage=on_stage, cache=store, on_read=on_read,
                   skipped=skipped, sink=sink)
