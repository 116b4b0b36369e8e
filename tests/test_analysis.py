"""Rankings, communities, connections, ego networks, timelines, DataFrames and `kg analyze`."""

from __future__ import annotations

import datetime
import json

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal

from graph._errors import QueryError, RegistryError
from graph.analysis import communities, connections, ego, find_node, rank, timeline
from graph.cli import main
from graph.frames import edges_df, nodes_df, query_df
from graph.views import view

from .conftest import REPO

SMALL = REPO / "tests" / "fixtures" / "views" / "small.ttl"
ID = "https://example.org/kg/id/"


@pytest.fixture(scope="module")
def g() -> Graph:
    return Graph().parse(SMALL, format="turtle")


def labelled(G: nx.Graph) -> nx.Graph:
    for v in G:
        G.nodes[v].update(label=v.upper(), kind="Person", names=[f"the {v}"])
    return G


def two_cliques() -> nx.Graph:
    G = nx.Graph()
    G.add_edges_from((a, b) for a in "abcd" for b in "abcd" if a < b)
    G.add_edges_from((a, b) for a in "wxyz" for b in "wxyz" if a < b)
    G.add_edge("d", "w")
    return labelled(G)


@pytest.mark.parametrize("measure", ["degree", "betweenness", "closeness", "pagerank"])
def test_the_centre_of_a_star_ranks_first(measure):
    G = labelled(nx.relabel_nodes(nx.star_graph(5), {i: f"n{i}" for i in range(6)}))
    ranked = rank(G, measure, top=3)
    assert ranked[0].node == "n0"
    assert ranked[0].label == "N0"
    assert len(ranked) == 3
    assert ranked[0].score > ranked[1].score


def test_degree_counts_edge_weights_and_kind_filters():
    G = labelled(nx.Graph())
    G.add_edge("a", "b", weight=5)
    G.add_edge("a", "c", weight=1)
    G.add_edge("c", "d", weight=1)
    G.nodes["b"]["kind"] = "Organization"
    assert [(r.node, r.score) for r in rank(G, "degree", top=None)] == [
        ("a", 6.0), ("b", 5.0), ("c", 2.0), ("d", 1.0)]
    assert [r.node for r in rank(G, "degree", kind="Organization")] == ["b"]


def test_pagerank_of_a_cycle_is_uniform_and_sums_to_one():
    G = labelled(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")]))
    scores = [r.score for r in rank(G, "pagerank")]
    assert sum(scores) == pytest.approx(1.0)
    assert scores == pytest.approx([1 / 3] * 3)


def test_unknown_measure_and_method_list_the_valid_ones():
    with pytest.raises(RegistryError, match="betweenness"):
        rank(two_cliques(), "fame")
    with pytest.raises(RegistryError, match="label-propagation"):
        communities(two_cliques(), "magic")


@pytest.mark.parametrize("method", ["louvain", "label-propagation"])
def test_two_cliques_are_two_communities(method):
    found = communities(two_cliques(), method)
    assert sorted(map(sorted, found)) == [list("abcd"), list("wxyz")]


def test_connections_give_the_steps_and_their_documents(g):
    R = view(g, "relations")
    found = connections(R, "Ms Example", "Paris")  # an alternate name works too
    assert len(found) == 1
    steps = found[0].steps
    assert [(s.source_label, s.target_label) for s in steps] == [
        ("Ann Example", "Fourteenth session"), ("Fourteenth session", "Paris")]
    assert steps[0].relations == ("Fourteenth session — attended by → Ann Example",)
    assert steps[0].documents == ("b.txt",)
    text = found[0].describe()
    assert text.splitlines()[0].startswith("1. Fourteenth session — attended by → Ann Example")
    assert "[b.txt]" in text


def test_unconnected_nodes_have_no_connection():
    G = labelled(nx.Graph([("a", "b")]))
    G.add_node("c", label="C", kind="Person")
    assert connections(G, "a", "C") == []


def test_find_node_by_iri_name_or_failing_with_hints(g):
    R = view(g, "relations")
    assert find_node(R, ID + "ann") == ID + "ann"
    assert find_node(R, "bob sample") == ID + "bob"
    with pytest.raises(QueryError, match="Ann Example"):
        find_node(R, "Ann")  # not a whole name, but the message suggests it


def test_ego_network():
    G = nx.path_graph(["a", "b", "c", "d"])
    labelled(G)
    assert set(ego(G, "b")) == {"a", "b", "c"}
    assert set(ego(G, "B", radius=2)) == {"a", "b", "c", "d"}


def test_timeline_orders_events_by_date_undated_last(g):
    entries = timeline(g)
    assert [(e.start, e.end, e.label) for e in entries] == [
        ("2021-02-01", "2021-02-05", "Fourteenth session"), ("", "", "An undated day")]
    assert entries[0].places == ("Paris",)
    assert entries[0].documents == ("b.txt",)


def test_query_df_columns_python_values_and_bindings(g):
    q = ("SELECT ?event ?name ?start WHERE { ?event a schema:Event ; schema:name ?name . "
         "OPTIONAL { ?event schema:startDate ?start } } ORDER BY ?name")
    df = query_df(g, q)
    assert list(df.columns) == ["event", "name", "start"]
    assert list(df["name"]) == ["An undated day", "Fourteenth session"]
    assert df["start"][1] == datetime.date(2021, 2, 1)
    assert df["start"][0] is None
    one = query_df(g, q.replace("ORDER BY ?name", ""), {"name": Literal("Fourteenth session")})
    assert list(one["event"]) == [ID + "session"]
    with pytest.raises(QueryError, match="SELECT"):
        query_df(g, "ASK { ?s ?p ?o }")


def test_view_frames(g):
    G = view(g, "comention")
    nodes = nodes_df(G)
    assert len(nodes) == G.number_of_nodes()
    assert {"node", "label", "kind", "iri"} <= set(nodes.columns)
    edges = edges_df(G)
    assert len(edges) == G.number_of_edges()
    assert edges["weight"][0] == 2  # heaviest first
    assert edges["documents"][0] == "a.txt; b.txt"


# ---- kg analyze -----------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(main, ["analyze", *args])


def test_kg_analyze_prints_rankings_and_communities():
    result = run(str(SMALL), "--view", "comention", "--top", "3")
    assert result.exit_code == 0, result.output
    assert "view comention: 7 nodes, 17 edges" in result.output
    assert "top by degree:" in result.output and "top by pagerank:" in result.output
    assert "communities:" in result.output


def test_kg_analyze_json_connect_and_timeline():
    result = run(str(SMALL), "--view", "relations", "--connect", "Bob Sample", "Cat Tester",
                 "--timeline", "--json", "--measure", "pagerank")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["view"] == "relations"
    assert list(data["rankings"]) == ["pagerank"]
    assert data["connections"] and "Culture Sector" in data["connections"][0]
    assert data["timeline"][0]["event"] == "Fourteenth session"


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".png", ".svg", ".html"])
def test_kg_analyze_writes_the_view(tmp_path, suffix):
    out = tmp_path / f"view{suffix}"
    result = run(str(SMALL), "--view", "affiliation", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 100


def test_kg_analyze_unknown_view_lists_views():
    result = run(str(SMALL), "--view", "friends")
    assert result.exit_code == 2
    assert "no view named 'friends'" in result.output
    assert "affiliation-people" in result.output


def test_kg_analyze_without_a_view_lists_views():
    result = run(str(SMALL))
    assert result.exit_code == 2
    assert "--view" in result.output and "comention" in result.output


def test_kg_analyze_empty_view_warns_and_succeeds(tmp_path):
    path = tmp_path / "people.ttl"
    path.write_text("<https://example.org/p> a <https://schema.org/Person> .\n")
    result = run(str(path), "--view", "letters")
    assert result.exit_code == 0, result.output
    assert "kg: warning: the graph holds no relations for the 'letters' view" in result.output


def test_kg_analyze_bad_output_suffix_fails_cleanly(tmp_path):
    result = run(str(SMALL), "--view", "letters", "--out", str(tmp_path / "x.dot"))
    assert result.exit_code == 2
    assert "cannot tell what to write" in result.output
    assert list(tmp_path.iterdir()) == []


def test_kg_analyze_missing_graph_file(tmp_path):
    result = run(str(tmp_path / "nope.ttl"), "--view", "letters")
    assert result.exit_code == 2
    assert "no such graph file" in result.output
