"""``kg build INPUTS --store DIR``: the incremental build into a store, and what it reports."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from .._errors import KgError
from .._scan import OcrSettings
from ._common import EXIT_INVALID, EXIT_PARTIAL, console, fail, with_progress

__all__ = ["build_store"]


def build_store(inputs: Sequence[Path], store_dir: Path, output: Path | None, fmt: str | None,
                *, base: str, allow_invalid: bool, extractor_names: Sequence[str],
                model: str | None, quiet: bool, authority: Sequence[Path] = (),
                curation: Path | None = None, strict: bool = False,
                ocr: OcrSettings | None = None, workers: int | None = None,
                dask: str | None = None, incremental: bool = True) -> None:
    """Build the changed files of ``inputs`` into the store (every file unless
    ``incremental``; with ``workers`` processes or on the ``dask`` cluster when given); export
    it to ``output`` if given."""
    from .._output import format_for, write_atomic
    from ..store import Store, build_into_store

    try:
        fmt = format_for(output, fmt) if output is not None else None
        done = with_progress(
            lambda tick: build_into_store(list(inputs), store_dir, base=base, model=model,
                                          extractor_names=list(extractor_names) or None,
                                          allow_invalid=allow_invalid, on_document=tick,
                                          on_stage=tick.stage if tick else None,
                                          authority=list(authority), curation=curation,
                                          strict=strict, ocr=ocr, workers=workers, dask=dask,
                                          incremental=incremental),
            quiet,
        )
        if done.written and output is not None and fmt is not None:
            with Store(store_dir, read_only=True) as store:
                write_atomic(output, store.export(fmt))
    except KgError as exc:
        fail(str(exc))
        return
    result = done.result
    err = console(stderr=True)
    if not quiet:
        err.print(result.reason, markup=False)  # what the build redid, and why
    for failure in result.failures:
        err.print(f"[red]failed[/red] {failure.path} ({failure.stage}): {failure.reason}")
    validation = result.validation
    if validation is not None and not validation.conforms:
        for r in validation.results:
            if r.severity == "Violation":
                err.print(r.describe(), markup=False)
    if not quiet:
        from rich.table import Table

        table = Table(title="kg build --store", show_header=False)
        for key, value in (("added", len(done.added)), ("changed", len(done.changed)),
                           ("unchanged", len(done.unchanged)), ("removed", len(done.removed)),
                           ("failed", len(result.failures)),
                           ("built triples", result.summary()["triples"]),
                           ("seconds", round(result.seconds, 2)),
                           ("store", f"{store_dir}" + ("" if done.written else " (unchanged)"))):
            table.add_row(key, str(value))
        console().print(table)
    if not result.conforms:
        err.print("the changed documents do not conform to the shapes"
                  + ("" if allow_invalid else "; the store was not changed (use --allow-invalid "
                     "to store them anyway)"))
        sys.exit(EXIT_INVALID)
    if strict and result.failures:
        click.echo(f"{len(result.failures)} file(s) failed and --strict is set: the store was "
                   "not changed", err=True)
        sys.exit(EXIT_PARTIAL)
    if result.failures:
        click.echo(f"{len(result.failures)} document(s) could not be built; the store keeps "
                   "what it had for them", err=True)
        sys.exit(EXIT_PARTIAL)
