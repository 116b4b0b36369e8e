"""The networkx views, on a small hand-written graph: nodes, edges, weights and attributes."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Graph

from graph._errors import GraphFileError, OutputError, RegistryError
from graph.views import VIEWS, EmptyViewWarning, view, write_view
from graph.views._source import Source

from .conftest import REPO

SMALL = REPO / "tests" / "fixtures" / "views" / "small.ttl"
ID = "https://example.org/kg/id/"


def n(key: str) -> str:
    return ID + key


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def g(request) -> Graph | Source:
    """The small graph read by rdflib, and loaded from its file into Oxigraph (as `kg analyze`
    does): every view must come out the same from both."""
    if request.param == "rdflib":
        return Graph().parse(SMALL, format="turtle")
    pytest.importorskip("pyoxigraph", reason="pyoxigraph is not installed")
    return Source.from_file(SMALL)


def edge_set(G: nx.Graph) -> set[tuple[str, str]]:
    if G.is_directed():
        return {(u.removeprefix(ID), v.removeprefix(ID)) for u, v in G.edges}
    return {tuple(sorted((u.removeprefix(ID), v.removeprefix(ID)))) for u, v in G.edges}


def test_affiliation_is_bipartite_people_to_organisations(g):
    G = view(g, "affiliation")
    assert {v for v, d in G.nodes(data=True) if d["bipartite"] == 0} == {
        n("ann"), n("bob"), n("cat")}
    assert {v for v, d in G.nodes(data=True) if d["bipartite"] == 1} == {
        n("unesco"), n("sector")}
    assert edge_set(G) == {("ann", "unesco"), ("bob", "unesco"), ("bob", "sector"),
                           ("cat", "sector")}
    ann = G[n("ann")][n("unesco")]
    assert ann == {"weight": 1, "roles": ["Assistant Director-General"], "documents": ["a.txt"]}
    assert G[n("bob")][n("sector")]["roles"] == ["Secretary"]
    # a bare org:memberOf counts, without a title or evidence
    assert G[n("cat")][n("sector")] == {"weight": 1, "roles": [], "documents": []}
    assert G.nodes[n("ann")]["label"] == "Ann Example"
    assert G.nodes[n("ann")]["names"] == ["Ms Example"]
    assert G.nodes[n("ann")]["kind"] == "Person"
    assert G.nodes[n("unesco")]["kind"] == "Organization"
    assert G.nodes[n("unesco")]["iri"] == n("unesco")


def test_affiliation_projections(g):
    people = view(g, "affiliation-people")
    assert set(people) == {n("ann"), n("bob"), n("cat")}
    assert edge_set(people) == {("ann", "bob"), ("bob", "cat")}
    assert people[n("ann")][n("bob")] == {
        "weight": 1, "organizations": ["UNESCO"], "documents": ["a.txt"]}
    assert "bipartite" not in people.nodes[n("ann")]
    orgs = view(g, "affiliation-organizations")
    assert edge_set(orgs) == {("sector", "unesco")}
    assert orgs[n("unesco")][n("sector")]["people"] == ["Bob Sample"]


def test_comention_weights_count_the_documents(g):
    G = view(g, "comention")
    # documents are not nodes, even the one that mentions itself
    assert n("doc-a") not in G and n("doc-b") not in G
    assert set(G) == {n(k) for k in ("ann", "bob", "cat", "unesco", "convention", "session",
                                      "paris")}
    # a.txt mentions 5 entities (10 pairs), b.txt 5 (10 pairs); 3 pairs are in both
    assert G.number_of_edges() == 17
    assert G[n("ann")][n("unesco")] == {"weight": 2, "documents": ["a.txt", "b.txt"]}
    assert G[n("bob")][n("convention")] == {"weight": 1, "documents": ["a.txt"]}
    assert not G.has_edge(n("bob"), n("cat"))


def test_participation_and_people_who_met(g):
    P = view(g, "participation")
    assert edge_set(P) == {("ann", "session"), ("cat", "session"), ("session", "unesco")}
    assert P.nodes[n("session")]["date"] == "2021-02-01"
    assert P.nodes[n("session")]["bipartite"] == 1
    assert P[n("ann")][n("session")] == {
        "relations": ["attendee"], "weight": 1, "documents": ["b.txt"]}
    assert P[n("unesco")][n("session")]["relations"] == ["attendee", "organizer"]
    assert P[n("unesco")][n("session")]["weight"] == 2
    M = view(g, "met")
    assert set(M) == {n("ann"), n("cat")}  # organisations take part but are not people
    assert M[n("ann")][n("cat")] == {"weight": 1, "events": ["Fourteenth session"],
                                     "dates": ["2021-02-01"], "documents": ["b.txt"]}


def test_citations_are_directed_from_citing_to_cited(g):
    G = view(g, "citations")
    assert G.is_directed()
    assert edge_set(G) == {("doc-a", "convention"), ("doc-a", "letter-feb"),
                           ("doc-b", "convention")}
    assert G[n("doc-a")][n("letter-feb")]["relation"] == "inReplyTo"
    assert G[n("doc-b")][n("convention")] == {
        "relation": "citation", "weight": 1, "documents": ["b.txt"]}
    assert G.nodes[n("doc-a")]["kind"] == "Document"
    assert G.nodes[n("doc-a")]["source"] == "a.txt"
    assert G.nodes[n("convention")]["kind"] == "CreativeWork"


def test_hierarchy_points_from_unit_to_parent(g):
    G = view(g, "hierarchy")
    assert edge_set(G) == {("sector", "unesco")}
    # the annotation's target has no oa:hasSource: its document is the IRI before '#'
    assert G[n("sector")][n("unesco")]["documents"] == ["a.txt"]


def test_letters_go_from_sender_to_recipient_with_dates(g):
    G = view(g, "letters")
    assert edge_set(G) == {("ann", "bob")}
    assert G[n("ann")][n("bob")] == {"weight": 1, "letters": ["Letter A"],
                                     "dates": ["2021-03-30"], "documents": ["a.txt"]}


def test_relations_name_each_statement(g):
    G = view(g, "relations")
    assert "Ann Example — member of (Assistant Director-General) → UNESCO" in (
        G[n("ann")][n("unesco")]["relations"])
    assert G[n("session")][n("paris")]["relations"] == ["Fourteenth session — located in → Paris"]
    assert G[n("doc-a")][n("bob")]["relations"] == ["Letter A — sent to → Bob Sample"]
    assert G[n("doc-a")][n("bob")]["documents"] == ["a.txt"]


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
def test_a_graph_without_such_relations_gives_an_empty_view_and_a_warning(tmp_path, backend):
    path = tmp_path / "names.ttl"
    path.write_text("<https://example.org/x> <https://schema.org/name> 'x' .\n")
    g = Graph().parse(path, format="turtle") if backend == "rdflib" else Source.from_file(path)
    for name in VIEWS:
        with pytest.warns(EmptyViewWarning, match=name):
            G = view(g, name)
        assert G.number_of_edges() == 0


def test_graph_files_that_cannot_be_read(tmp_path):
    with pytest.raises(GraphFileError, match="no such graph file"):
        Source.from_file(tmp_path / "missing.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://example.org/x> <https://schema.org/name> .\n")
    with pytest.raises(GraphFileError, match=r"bad\.ttl: not valid turtle"):
        Source.from_file(bad)


def test_an_unknown_view_lists_the_valid_ones(g):
    with pytest.raises(RegistryError) as info:
        view(g, "friends")
    assert "'friends'" in str(info.value)
    for name in VIEWS:
        assert name in str(info.value)


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_graph_files_keep_nodes_edges_and_flattened_attributes(g, tmp_path, suffix):
    G = view(g, "comention")
    path = tmp_path / f"comention{suffix}"
    write_view(G, path)
    back = nx.read_graphml(path) if suffix == ".graphml" else nx.read_gexf(path)
    assert set(back) == set(G)
    assert back.number_of_edges() == G.number_of_edges()
    data = back[n("ann")][n("unesco")]
    assert int(data["weight"]) == 2
    assert data["documents"] == "a.txt; b.txt"
    assert back.nodes[n("ann")]["kind"] == "Person"


@pytest.mark.parametrize("suffix,magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_pictures(g, tmp_path, suffix, magic):
    path = tmp_path / f"letters{suffix}"
    write_view(view(g, "citations"), path)
    data = path.read_bytes()
    assert data.startswith(magic)
    if suffix == ".svg":
        assert b"Letter of 11 February" in data  # labels are drawn


def test_an_unknown_suffix_is_refused_and_nothing_is_written(g, tmp_path):
    with pytest.raises(OutputError, match=r"\.gexf"):
        write_view(view(g, "letters"), tmp_path / "letters.dot")
    assert list(tmp_path.iterdir()) == []
