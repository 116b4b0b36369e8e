"""``kg analyze``: network analysis of one view of a graph file."""

from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path

import click

from .._errors import KgError

__all__ = ["COMMANDS", "analyze"]

_VIEW_HELP = (
    "affiliation, affiliation-people, affiliation-organizations, comention, participation, met, "
    "citations, hierarchy, letters, relations"
)


def _fail(message: str) -> None:
    click.echo(f"kg: error: {message}", err=True)
    sys.exit(2)


@click.command()
@click.argument("graph_file", type=click.Path(path_type=Path))
@click.option("--view", "view_name", metavar="NAME", default=None,
              help=f"The view to analyse: {_VIEW_HELP}.")
@click.option("--measure", "measures", multiple=True,
              help="Centrality to rank by: degree, betweenness, closeness, pagerank "
                   "(repeatable; default: degree and pagerank).")
@click.option("--top", default=10, show_default=True, help="How many nodes each ranking shows.")
@click.option("--kind", default=None,
              help="Rank only nodes of this kind (Person, Organization, Event, Place...).")
@click.option("--communities", "method", default="louvain", show_default=True,
              help="Community detection: louvain, label-propagation, or none.")
@click.option("--connect", nargs=2, metavar="A B", default=None,
              help="Print the shortest chains linking A to B (names or IRIs) and their documents.")
@click.option("--ego", "ego_name", metavar="NAME", default=None,
              help="Analyse only NAME's ego network (see --radius).")
@click.option("--radius", default=1, show_default=True, help="Steps around --ego.")
@click.option("--timeline", "show_timeline", is_flag=True, help="Also list the events by date.")
@click.option("--out", "outputs", multiple=True, type=click.Path(path_type=Path),
              help="Write the view: .graphml, .gexf (Gephi), .png, .svg or .html (interactive, "
                   "offline). Repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def analyze(graph_file: Path, view_name: str | None, measures: tuple[str, ...], top: int,
            kind: str | None, method: str, connect: tuple[str, str] | None,
            ego_name: str | None, radius: int, show_timeline: bool, outputs: tuple[Path, ...],
            as_json: bool) -> None:
    """Rank the nodes of a view of a graph file, find its communities, and write it out."""
    from ..analysis import communities, connections, ego, rank, timeline
    from ..views import VIEWS, EmptyViewWarning, view, write_view
    from ..views._source import Source

    if view_name is None:
        _fail(f"say which view to analyse with --view. Available views: {', '.join(VIEWS)}")
        return
    started = time.perf_counter()
    try:
        src = Source.from_file(graph_file)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", EmptyViewWarning)
            G = view(src, view_name)
        for w in caught:
            if issubclass(w.category, EmptyViewWarning):
                click.echo(f"kg: warning: {w.message}", err=True)
        if ego_name is not None:
            G = ego(G, ego_name, radius)
        results: dict[str, object] = {
            "view": view_name, "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
        }
        rankings = {m: rank(G, m, top, kind) for m in (measures or ("degree", "pagerank"))}
        results["rankings"] = {
            m: [{"label": r.label, "kind": r.kind, "score": round(r.score, 6), "node": r.node}
                for r in ranked]
            for m, ranked in rankings.items()
        }
        groups = [] if method == "none" else communities(G, method)
        results["communities"] = [[G.nodes[n].get("label", n) for n in g] for g in groups]
        if connect is not None:
            chains = connections(G, connect[0], connect[1])
            results["connections"] = [c.describe() for c in chains]
        if show_timeline:
            results["timeline"] = [
                {"start": e.start, "end": e.end, "event": e.label, "places": list(e.places),
                 "documents": list(e.documents)} for e in timeline(src)
            ]
        for out in outputs:
            write_view(G, out, title=f"{view_name} view of {graph_file.name}")
    except KgError as exc:
        _fail(str(exc))
        return
    results["seconds"] = round(time.perf_counter() - started, 3)
    if as_json:
        click.echo(json.dumps(results, indent=1, ensure_ascii=False))
    else:
        _print(results)
    for out in outputs:
        click.echo(f"written: {out}", err=True)


def _print(results: dict[str, object]) -> None:
    click.echo(f"view {results['view']}: {results['nodes']} nodes, {results['edges']} edges")
    rankings = results["rankings"]
    assert isinstance(rankings, dict)
    for measure, rows in rankings.items():
        click.echo(f"\ntop by {measure}:")
        for i, row in enumerate(rows, 1):
            click.echo(f"  {i:3d}. {row['score']:10.4f}  {row['label']}  ({row['kind']})")
    groups = results["communities"]
    assert isinstance(groups, list)
    if groups:
        click.echo(f"\ncommunities: {len(groups)}")
        for i, group in enumerate(groups[:15], 1):
            shown = "; ".join(str(x) for x in group[:12])
            more = f" ... and {len(group) - 12} more" if len(group) > 12 else ""
            click.echo(f"  {i:3d}. ({len(group)}) {shown}{more}")
        if len(groups) > 15:
            click.echo(f"  ... and {len(groups) - 15} more communities")
    if "connections" in results:
        chains = results["connections"]
        assert isinstance(chains, list)
        click.echo(f"\nconnections: {len(chains)}" + ("" if chains else " (not connected)"))
        for i, chain in enumerate(chains, 1):
            click.echo(f"  chain {i}:")
            for line in str(chain).splitlines():
                click.echo(f"    {line}")
    if "timeline" in results:
        entries = results["timeline"]
        assert isinstance(entries, list)
        click.echo("\ntimeline:")
        for e in entries:
            when = e["start"] or "(undated)"
            if e["end"] and e["end"] != e["start"]:
                when += f" to {e['end']}"
            where = f" — {', '.join(e['places'])}" if e["places"] else ""
            click.echo(f"  {when}: {e['event']}{where}")
    click.echo(f"\n{results['seconds']} s", err=True)


COMMANDS = [analyze]
