"""``kg entities``: the entities of a built graph, to find what needs curating.

Lists every entity the documents mention with its IRI, names, how many times it is named and in
which documents, and the merges that made it (rule and names). The IRIs and names are what a
curation file (``kg build --curation FILE``) refers to.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from importlib.resources import files
from pathlib import Path

import click
from rdflib import Graph, Literal, URIRef

from .._errors import KgError
from .._namespaces import KG, OWL, PROV, SCHEMA

__all__ = ["COMMANDS", "EntityRow", "list_entities"]

TYPES = ("Person", "Organization", "Event", "Place", "CreativeWork")


@dataclass
class EntityRow:
    """One entity: its IRI and type, its names, mentions and documents, the merges behind it."""

    iri: str
    type: str
    name: str
    alternate_names: list[str] = field(default_factory=list)
    mentions: int = 0
    documents: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)


def list_entities(graph: Graph, entity_type: str | None = None) -> list[EntityRow]:
    """The entities of ``graph`` (of one type, given ``entity_type``), the most named first."""
    query = (files("graph") / "queries" / "entities.rq").read_text(encoding="utf-8")
    bindings = {"type": Literal(entity_type)} if entity_type else {}
    rows: dict[tuple[str, str], EntityRow] = {}
    for result in graph.query(query, initBindings=bindings):
        entity, type_, name, source, mentions = result  # type: ignore[misc]
        row = rows.setdefault((str(entity), str(type_)),
                              EntityRow(str(entity), str(type_), str(name)))
        row.documents.append(str(source))
        row.mentions += int(mentions)
    for row in rows.values():
        node = URIRef(row.iri)
        row.documents.sort()
        row.alternate_names = sorted({str(n) for n in graph.objects(node, SCHEMA.alternateName)})
        row.same_as = sorted({str(n) for n in graph.objects(node, OWL.sameAs)})
        row.merges = sorted({
            f"{graph.value(m, KG.rule)}: " + " + ".join(
                sorted(str(n) for n in graph.objects(m, KG.mergedName)))
            for m in graph.subjects(PROV.generated, node)
            if graph.value(m, KG.rule) is not None
        })
    return sorted(rows.values(), key=lambda r: (r.type, -r.mentions, r.name, r.iri))


@click.command("entities")
@click.argument("graph_file", type=click.Path(path_type=Path))
@click.option("--type", "entity_type", type=click.Choice(TYPES), default=None,
              help="Only entities of this type.")
@click.option("--json", "as_json", is_flag=True, help="Print the entities as JSON.")
def entities(graph_file: Path, entity_type: str | None, as_json: bool) -> None:
    """List a graph's entities with their names, mention counts and documents."""
    from .._output import read_graph

    try:
        rows = list_entities(read_graph(graph_file), entity_type)
    except KgError as exc:
        click.echo(f"kg: error: {exc}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps([asdict(r) for r in rows], indent=1, ensure_ascii=False))
        return
    for r in rows:
        click.echo(f"{r.type}  {r.name}  ({r.mentions} mention{'s' * (r.mentions != 1)}, "
                   f"{len(r.documents)} document{'s' * (len(r.documents) != 1)})")
        click.echo(f"    {r.iri}")
        if r.alternate_names:
            click.echo(f"    also: {'; '.join(r.alternate_names)}")
        click.echo(f"    in: {', '.join(r.documents)}")
        for merge in r.merges:
            click.echo(f"    merged: {merge}")
    click.echo(f"{len(rows)} entities", err=True)


COMMANDS = [entities]
