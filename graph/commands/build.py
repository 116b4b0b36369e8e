"""``kg build``: build a graph file from files and folders (or, with ``--store``, a store:
``_store_build``), write its failures and SHACL report beside it, and exit with a code that says
how it went (see :mod:`graph.cli`)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .._build.cache import OutcomeCache, cache_dir, ocr_cache_dir
from .._build.config import BuildConfig
from .._build.executors import default_workers
from .._build.sinks import FileSink
from .._errors import KgError
from .._namespaces import DEFAULT_BASE
from .._output import FORMATS, format_for, write_atomic
from ._common import EXIT_INVALID, EXIT_PARTIAL, console, fail, with_progress
from ._store_build import build_store

if TYPE_CHECKING:
    from .._build.results import BuildResult

__all__ = ["COMMANDS", "build"]


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", default=None, type=click.Path(path_type=Path),
              help="Graph file to write; its suffix chooses the format unless --format is given.")
@click.option("--store", "store_dir", default=None, type=click.Path(path_type=Path),
              help="Store folder to build into: only changed files are built again, deleted "
                   "files' facts are removed (see `kg query`, `kg serve`, `kg export`).")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="Output format (trig and nquads keep one named graph per document).")
@click.option("--base", default=DEFAULT_BASE, show_default=True,
              help="Base IRI of the minted data IRIs.")
@click.option("--allow-invalid", is_flag=True,
              help="Write the graph even when it violates the shapes (the report goes beside).")
@click.option("--extractor", "extractor_names", multiple=True,
              help="Run only these extractors (repeatable; see `kg extractors`).")
@click.option("--model", default=None, help="spaCy pipeline to load instead of the default.")
@click.option("--authority", "authority", multiple=True, type=click.Path(path_type=Path),
              help="Your own authority file (Turtle, as ontology/gazetteer/*.ttl; repeatable).")
@click.option("--curation", type=click.Path(path_type=Path), default=None,
              help="Curation file (TOML: same_as, not_same_as, rename, retype, reject) applied "
                   "to the entities on every build.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--strict", is_flag=True,
              help="Any file that cannot be read or built is fatal: exit 3, write no graph.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes building documents (default: the CPUs, or with --store "
                   "1; 1: none).")
@click.option("--dask", "dask_address", default=None, metavar="SCHEDULER_ADDRESS",
              help="Build the documents on a Dask cluster (needs kg-builder[dask]).")
@click.option("--incremental/--no-incremental", default=True, show_default=True,
              help="Reuse the results of unchanged files from OUT.kg-cache/ (with --store: "
                   "build only the files whose content changed).")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=0.0,
              show_default=True,
              help="Leave out the relations an extractor scored below this confidence "
                   "(0..1; relations read by rules have no score and stay).")
@click.option("--ocr", "ocr_mode", type=click.Choice(["never", "auto", "always"]),
              default="auto", show_default=True,
              help="Recognise scanned pages with Tesseract: auto reads page images and PDF pages "
                   "without a text layer; always also replaces PDF text layers; never reads "
                   "no image.")
@click.option("--ocr-lang", default=None, metavar="LANGS",
              help="Tesseract language data, e.g. eng, fra or eng+fra (default: the language "
                   "the file declares, else the one detected on its first page).")
def build(inputs: tuple[Path, ...], output: Path | None, store_dir: Path | None,
          fmt: str | None, base: str, allow_invalid: bool, extractor_names: tuple[str, ...],
          model: str | None, authority: tuple[Path, ...], curation: Path | None, quiet: bool,
          strict: bool, workers: int | None, dask_address: str | None,
          incremental: bool, min_confidence: float, ocr_mode: str, ocr_lang: str | None) -> None:
    """Build a knowledge graph from files and folders (.txt, .md, .html, .pdf, .docx, and
    scanned pages: .png, .jpg, .tif)."""
    from .._scan import OcrSettings, check_languages

    if ocr_lang is not None and (message := check_languages(ocr_lang)):
        fail(message)
        return

    if store_dir is not None:
        if min_confidence > 0:
            fail("--min-confidence applies to a build written with -o FILE; a --store build "
                 "keeps every relation (filter with a query on kg:confidence instead)")
            return

        build_store(inputs, store_dir, output, fmt, base=base, allow_invalid=allow_invalid,
                    extractor_names=extractor_names, model=model, quiet=quiet,
                    authority=authority, curation=curation, strict=strict,
                    ocr=OcrSettings(ocr_mode, ocr_lang, str(store_dir / "ocr-cache")),
                    workers=workers, dask=dask_address, incremental=incremental)
        return
    if output is None:
        fail("give -o FILE to write the graph to, or --store DIR to build into a store")
        return
    try:
        fmt = format_for(output, fmt)
        ocr = OcrSettings(ocr_mode, ocr_lang, str(ocr_cache_dir(output)))
        store = (OutcomeCache(cache_dir(output), BuildConfig.of(
                    base, extractor_names, model, True, authority, curation, min_confidence,
                    ocr)) if incremental else None)
        sink = FileSink(output, fmt, allow_invalid=allow_invalid, strict=strict)
        result = _run(inputs, dict(base=base, model=model,
                                   extractor_names=list(extractor_names) or None,
                                   authority=list(authority), curation=curation,
                                   workers=workers or default_workers(), dask=dask_address,
                                   cache=store, incremental=incremental,
                                   min_confidence=min_confidence, ocr=ocr, sink=sink), quiet)
    except (KgError, ValueError) as exc:
        fail(str(exc))
        return
    _finish(result, output, sink.written, allow_invalid=allow_invalid, strict=strict,
            quiet=quiet)


def _run(inputs: tuple[Path, ...], options: dict[str, Any], quiet: bool) -> BuildResult:
    """``pipeline.build(inputs, **options)`` with a progress bar that counts pages (a document
    advances it by its pages, 1 for a text file)."""
    from .._scan import page_counts
    from ..loaders import iter_input_files
    from ..pipeline import build as run_build

    def pages() -> dict[str, int]:
        return page_counts(iter_input_files(list(inputs)))

    return with_progress(  # type: ignore[no-any-return]
        lambda tick: run_build(list(inputs), on_document=tick,
                               on_stage=tick.stage if tick else None, **options),
        quiet, pages,
    )


def _finish(result: BuildResult, output: Path, written: bool, *, allow_invalid: bool,
            strict: bool, quiet: bool) -> None:
    """Say what failed, write the failures and the report (the graph is the run's sink's,
    ``written`` or not), print the summary and exit with the code the build deserves."""
    err = console(stderr=True)
    if not quiet:
        err.print(result.reason, markup=False)  # what the build redid, and why
    for failure in result.failures:
        err.print(f"[red]failed[/red] {failure.path} ({failure.stage}): {failure.reason}")
    report_path = output.with_name(output.name + ".shacl-report.ttl")
    failures_path = output.with_name(output.name + ".failures.json")
    try:
        if result.failures:
            write_atomic(failures_path, json.dumps(
                [{"path": f.path, "stage": f.stage, "reason": f.reason} for f in result.failures],
                indent=1, ensure_ascii=False).encode("utf-8"))
        else:
            failures_path.unlink(missing_ok=True)
        validation = result.validation
        if validation is not None and not validation.conforms:
            write_atomic(report_path, validation.graph.serialize(format="turtle").encode())
            for r in validation.results:
                if r.severity == "Violation":
                    err.print(r.describe(), markup=False)
        elif report_path.exists():
            report_path.unlink()
    except KgError as exc:
        fail(str(exc))
        return
    if not quiet:
        _print_summary(result.summary(), output if written else None)
    _exit(result, err, failures_path, report_path, allow_invalid=allow_invalid, strict=strict)


def _exit(result: BuildResult, err: Any, failures_path: Path, report_path: Path, *,
          allow_invalid: bool, strict: bool) -> None:
    """Exit 3 when documents failed (with ``strict``: first of all), 1 when the graph does not
    conform, saying why; return otherwise (exit 0)."""
    if strict and result.failures:
        err.print(f"{len(result.failures)} file(s) failed and --strict is set: no graph written;"
                  f" the list is in {failures_path}", markup=False)
        sys.exit(EXIT_PARTIAL)
    if not result.conforms:
        err.print(f"the graph does not conform to the shapes; report: {report_path}"
                  + ("" if allow_invalid else " (nothing written: use --allow-invalid to write)"))
        sys.exit(EXIT_INVALID)
    if result.failures:
        stages = Counter(f.stage for f in result.failures)
        err.print(f"{len(result.failures)} document(s) could not be built and were skipped ("
                  + ", ".join(f"{stage}: {n}" for stage, n in sorted(stages.items()))
                  + f"); the list is in {failures_path}", markup=False)
        sys.exit(EXIT_PARTIAL)


def _print_summary(summary: dict[str, object], output: Path | None) -> None:
    from rich.table import Table

    table = Table(title="kg build", show_header=False)
    entities = summary["entities"]
    assert isinstance(entities, dict)
    rows = [("documents", summary["documents"]), ("failed documents", summary["failed"])]
    rows += [(f"entities: {k}", v) for k, v in entities.items()]
    rows += [("relations", summary["relations"]), ("triples", summary["triples"]),
             ("violations", summary["violations"]), ("warnings", summary["warnings"]),
             ("seconds", summary["seconds"])]
    if "ocr" in summary:
        rows.insert(2, ("OCR", summary["ocr"]))
    if output is not None:
        rows.append(("written", str(output)))
    for key, value in rows:
        table.add_row(key, str(value))
    console().print(table)


COMMANDS = [build]
