"""What the ``kg`` commands share: exit codes, the console, failing with a message, and the
progress bar of long work (quiet in pipes and CI)."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

__all__ = ["EXIT_INVALID", "EXIT_PARTIAL", "EXIT_USAGE", "Ticker", "console", "fail",
           "with_progress"]

EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3


def console(stderr: bool = False):  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def fail(message: str, code: int = EXIT_USAGE) -> None:
    click.echo(f"kg: error: {message}", err=True)
    sys.exit(code)


def with_progress(run, quiet: bool,  # type: ignore[no-untyped-def]
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

    from .._progress import DocumentsPerSecond

    with Progress(BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                  DocumentsPerSecond(),
                  TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                  TextColumn("{task.description}"), console=console(stderr=True),
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
