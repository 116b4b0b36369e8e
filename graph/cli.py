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
from pathlib import Path

import click
from rdflib import URIRef

from ._errors import KgError
from ._namespaces import RDF
from ._output import read_graph
from .commands._common import EXIT_INVALID, fail

__all__ = ["main"]

@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg-builder", prog_name="kg")
def main() -> None:
    """Build, validate and query knowledge graphs of institutional documents."""


@main.command()
@click.argument("graph_file", type=click.Path(path_type=Path))
@click.option("--warnings/--no-warnings", default=False, help="Also list warnings and infos.")
def validate(graph_file: Path, warnings: bool) -> None:
    """Validate a graph file against the shapes; exit 1 when it does not conform."""
    from .validate import validate as run_validate

    try:
        report = run_validate(read_graph(graph_file))
    except KgError as exc:
        fail(str(exc))
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

    from ._build.results import graph_stats

    try:
        ds = read_graph(graph_file)
    except KgError as exc:
        fail(str(exc))
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
