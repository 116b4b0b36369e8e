"""The ``kg`` command line: one command per verb, each a thin layer over a library function.

Exit codes: 0 success; 1 the graph does not conform to the shapes (or a query/validation found
what was asked against); 2 bad usage or an input that cannot be used at all; 3 the graph was
built but some documents failed (listed, and written to ``OUT.failures.json``); with
``build --strict`` any failure exits 3 and no graph is written.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import click
from rdflib import URIRef

from ._errors import KgError
from ._namespaces import DEFAULT_BASE, RDF
from ._output import FORMATS, format_for, read_graph, write_atomic

__all__ = ["main"]

EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3


def _console(stderr: bool = False):  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    click.echo(f"kg: error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg-builder", prog_name="kg")
def main() -> None:
    """Build, validate and query knowledge graphs of institutional documents."""


@main.command()
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
    from ._manifest import OutcomeCache, cache_dir, ocr_cache_dir
    from ._parallel import BuildConfig, default_workers
    from ._scan import OcrSettings, check_languages, page_counts
    from .loaders import iter_input_files
    from .pipeline import build as run_build

    if ocr_lang is not None and (message := check_languages(ocr_lang)):
        _fail(message)
        return

    if store_dir is not None:
        from .commands._store_build import build_store

        if min_confidence > 0:
            _fail("--min-confidence applies to a build written with -o FILE; a --store build "
                  "keeps every relation (filter with a query on kg:confidence instead)")
            return

        build_store(inputs, store_dir, output, fmt, base=base, allow_invalid=allow_invalid,
                    extractor_names=extractor_names, model=model, quiet=quiet,
                    authority=authority, curation=curation, strict=strict,
                    ocr=OcrSettings(ocr_mode, ocr_lang, str(store_dir / "ocr-cache")),
                    workers=workers, dask=dask_address, incremental=incremental)
        return
    if output is None:
        _fail("give -o FILE to write the graph to, or --store DIR to build into a store")
        return
    store = None
    try:
        fmt = format_for(output, fmt)
        ocr = OcrSettings(ocr_mode, ocr_lang, str(ocr_cache_dir(output)))
        if incremental:
            store = OutcomeCache(cache_dir(output), BuildConfig.of(
                base, extractor_names, model, True, authority, curation, min_confidence, ocr))
        # the bar counts pages: a document advances it by its pages (1 for a text file)
        def pages() -> dict[str, int]:
            return page_counts(iter_input_files(list(inputs)))

        result = _with_progress(
            lambda tick: run_build(list(inputs), base=base, model=model, on_document=tick,
                                   on_stage=tick.stage if tick else None,
                                   extractor_names=list(extractor_names) or None,
                                   authority=list(authority), curation=curation,
                                   workers=workers or default_workers(), dask=dask_address,
                                   cache=store, min_confidence=min_confidence, ocr=ocr),
            quiet, pages,
        )
    except (KgError, ValueError) as exc:
        _fail(str(exc))
        return
    err = _console(stderr=True)
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
        written = (result.conforms or allow_invalid) and not (strict and result.failures)
        if written:
            result.write(output, fmt)
            if store is not None:
                store.finish(output)  # last: the manifest describes a written output
    except KgError as exc:
        _fail(str(exc))
        return
    if not quiet:
        _print_summary(result.summary(), output if written else None)
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


def _with_progress(run, quiet: bool,  # type: ignore[no-untyped-def]
                   count: Callable[[], dict[str, int]] | None = None):
    """Run ``run(tick)`` with a progress bar (pages/s, ETA) on a terminal, silently elsewhere
    (pipes, CI): ``tick(path)`` advances it by the document's pages (``count()``, by relative
    path, asked only for a bar; 1 when not listed), ``tick.stage(name)`` starts it again for
    the next pass over the documents (a parallel build reads them, then maps them)."""
    if quiet or not sys.stderr.isatty():
        return run(None)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from ._progress import DocumentsPerSecond

    with Progress(BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                  DocumentsPerSecond(),
                  TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                  TextColumn("{task.description}"), console=_console(stderr=True),
                  transient=True) as progress:
        pages = count() if count is not None else None
        total = sum(pages.values()) if pages is not None else None
        task = progress.add_task("reading", total=total)
        return run(Ticker(progress, task, total, pages or {}))


class Ticker:
    """The progress bar's callbacks: one per document, one per stage of the build."""

    def __init__(self, progress, task, total: int | None,  # type: ignore[no-untyped-def]
                 pages: dict[str, int] | None = None) -> None:
        self.progress, self.task, self.total, self.name = progress, task, total, "reading"
        self.pages = pages or {}

    def __call__(self, path: str) -> None:
        self.progress.update(self.task, advance=self.pages.get(path, 1),
                             description=f"{self.name} {path}")

    def stage(self, name: str) -> None:
        self.name = name
        self.progress.reset(self.task, total=self.total, description=name)


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
    _console().print(table)


@main.command()
@click.argument("graph_file", type=click.Path(path_type=Path))
@click.option("--warnings/--no-warnings", default=False, help="Also list warnings and infos.")
def validate(graph_file: Path, warnings: bool) -> None:
    """Validate a graph file against the shapes; exit 1 when it does not conform."""
    from .validate import validate as run_validate

    try:
        report = run_validate(read_graph(graph_file))
    except KgError as exc:
        _fail(str(exc))
        return
    for r in report.results:
        if warnings or r.severity == "Violation":
            click.echo(r.describe())
    click.echo(
        f"{'conforms' if report.conforms else 'does not conform'}: "
        f"{report.count('Violation')} violations, {report.count('Warning')} warnings, "
        f"{report.count('Info')} infos"
    )
    if not report.conforms:
        sys.exit(EXIT_INVALID)


@main.command()
@click.argument("graph_file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats(graph_file: Path, as_json: bool) -> None:
    """Count a graph's entities by type, its classes and its properties."""
    from collections import Counter

    from .pipeline import graph_stats

    try:
        ds = read_graph(graph_file)
    except KgError as exc:
        _fail(str(exc))
        return
    g = ds
    classes = Counter(str(o) for o in g.objects(None, RDF.type))
    properties = Counter(str(p) for _, p, _ in g.triples((None, None, None)))
    counts = graph_stats(g)
    data = {**counts, "classes": dict(sorted(classes.items())),
            "properties": dict(sorted(properties.items()))}
    if as_json:
        click.echo(json.dumps(data, indent=1))
        return
    click.echo(f"triples: {counts['triples']}")
    click.echo(f"relations: {counts['relations']}")
    entities = counts["entities"]
    assert isinstance(entities, dict)
    for name, n in entities.items():
        click.echo(f"entities {name}: {n}")
    click.echo("classes:")
    for name, n in sorted(classes.items(), key=lambda x: (-x[1], x[0])):
        click.echo(f"  {n:6d}  {g.namespace_manager.normalizeUri(URIRef(name))}")
    click.echo("properties:")
    for name, n in sorted(properties.items(), key=lambda x: (-x[1], x[0])):
        click.echo(f"  {n:6d}  {g.namespace_manager.normalizeUri(URIRef(name))}")


@main.command("extractors")
def list_extractors() -> None:
    """List the registered extractors, what they need and the classes they produce."""
    from . import extract as _builtins  # noqa: F401
    from .registry import extractors as registry

    for spec in registry.ordered():
        needs = f" (after {', '.join(spec.requires)})" if spec.requires else ""
        click.echo(f"{spec.name}{needs}: {', '.join(spec.produces) or '-'}")


def _attach_commands() -> None:
    from .commands import attach

    attach(main)


_attach_commands()


if __name__ == "__main__":  # pragma: no cover
    main()
