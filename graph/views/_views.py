"""The views: networkx graphs made from the RDF graph, one function each.

Every node of every view is keyed by its IRI (a string) and carries ``label`` (its preferred
name), ``kind`` (Document, Person, Organization, Event, Place, CreativeWork or Other), ``iri`` and
``names`` (its other names). Every edge carries ``weight`` (an int, at least 1) and ``documents``
(the source paths of the documents whose text supports it, sorted). List attributes are plain
Python lists; :func:`graph.views.write_view` flattens them for GraphML and GEXF.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx
from rdflib import Literal
from rdflib.term import Node

from .._namespaces import AS, ORG, SCHEMA
from ._source import Source

__all__ = [
    "affiliation",
    "affiliation_organizations",
    "affiliation_people",
    "citations",
    "comention",
    "hierarchy",
    "letters",
    "met",
    "participation",
    "relations",
]


def _add_node(G: nx.Graph, src: Source, node: Node, **extra: object) -> str:
    key = str(node)
    if key not in G:
        G.add_node(key, **src.node_attributes(node), **extra)
    return key


def _dates(values: set[str]) -> list[str]:
    return sorted(v for v in values if v)


def affiliation(src: Source) -> nx.Graph:
    """Who holds a post where: a bipartite graph of people and organisations.

    Nodes: people (``bipartite=0``) and the organisations they hold posts in (``bipartite=1``;
    a post may be held in a country, whose ``kind`` is then Place). Edges: person - organisation,
    one per pair, with ``roles`` (the titles of the posts, e.g. "Director-General"), ``weight``
    (the number of posts the person holds there) and ``documents``.
    """
    G = nx.Graph(view="affiliation")
    posts: dict[tuple[str, str], dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for row in src.rows("affiliation"):
        person, org = row["person"], row["org"]
        assert person is not None and org is not None
        p = _add_node(G, src, person, bipartite=0)
        o = _add_node(G, src, org, bipartite=1)
        data = posts[(p, o)]
        membership = row["membership"]
        if membership is not None:
            data["posts"].add(membership)
            data["docs"] |= src.documents_of(membership)
        else:
            data["posts"].add((person, org))
            data["docs"] |= src.documents_of_statement(person, ORG.memberOf, org)
        if row["role"] is not None:
            data["roles"].add(str(row["role"]))
    for (p, o), data in posts.items():
        G.add_edge(p, o, weight=len(data["posts"]), roles=sorted(data["roles"]),
                   documents=src.doc_names(data["docs"]))
    return G


def _project(B: nx.Graph, side: int, via: str, name: str) -> nx.Graph:
    """Nodes of one side of ``B`` linked when they share neighbours on the other side."""
    G = nx.Graph(view=name)
    for node, data in B.nodes(data=True):
        if data.get("bipartite") == side:
            G.add_node(node, **{k: v for k, v in data.items() if k != "bipartite"})
    for middle, data in B.nodes(data=True):
        if data.get("bipartite") == side:
            continue
        for a, b in combinations(sorted(B[middle]), 2):
            docs = set(B[middle][a]["documents"]) | set(B[middle][b]["documents"])
            if G.has_edge(a, b):
                edge = G[a][b]
                edge[via].append(B.nodes[middle]["label"])
                edge["documents"] = sorted(set(edge["documents"]) | docs)
                edge["weight"] += 1
            else:
                G.add_edge(a, b, weight=1, documents=sorted(docs),
                           **{via: [B.nodes[middle]["label"]]})
    for _, _, data in G.edges(data=True):
        data[via].sort()
    return G


def affiliation_people(src: Source) -> nx.Graph:
    """People linked when they hold posts in the same organisation (a projection of
    :func:`affiliation`). Edges: ``weight`` = the number of organisations shared,
    ``organizations`` (their names), ``documents``."""
    return _project(affiliation(src), 0, "organizations", "affiliation-people")


def affiliation_organizations(src: Source) -> nx.Graph:
    """Organisations linked when the same person holds posts in both (a projection of
    :func:`affiliation`). Edges: ``weight`` = the number of people shared, ``people`` (their
    names), ``documents``."""
    return _project(affiliation(src), 1, "people", "affiliation-organizations")


def comention(src: Source) -> nx.Graph:
    """Entities mentioned in the same document.

    Nodes: people, organisations, events, places and referenced documents (source documents
    themselves are left out). Edges: two entities that one document mentions both, with
    ``weight`` = the number of documents mentioning both and ``documents`` = those documents.
    """
    G = nx.Graph(view="comention")
    by_doc: dict[Node, set[str]] = defaultdict(set)
    for row in src.rows("comention"):
        doc, entity = row["doc"], row["entity"]
        assert doc is not None and entity is not None
        if src.kind(entity) in (None, "Document"):
            continue
        by_doc[doc].add(_add_node(G, src, entity))
    pairs: dict[tuple[str, str], set[Node]] = defaultdict(set)
    for doc, entities in by_doc.items():
        for a, b in combinations(sorted(entities), 2):
            pairs[(a, b)].add(doc)
    for (a, b), docs in pairs.items():
        G.add_edge(a, b, weight=len(docs), documents=src.doc_names(docs))
    return G


def _event_date(src: Source, event: Node) -> str:
    value = src.value(event, SCHEMA.startDate)
    return str(value) if isinstance(value, Literal) else ""


def participation(src: Source) -> nx.Graph:
    """Who took part in which event: a bipartite graph of people and organisations
    (``bipartite=0``) and events (``bipartite=1``, with ``date`` = the start date or "").

    Edges: agent - event, with ``relations`` ("attendee", "organizer" or both), ``weight``
    (the number of those relations) and ``documents``.
    """
    G = nx.Graph(view="participation")
    for row in src.rows("participation"):
        event, agent, relation = row["event"], row["agent"], str(row["relation"])
        assert event is not None and agent is not None
        e = _add_node(G, src, event, bipartite=1, date=_event_date(src, event))
        a = _add_node(G, src, agent, bipartite=0)
        predicate = SCHEMA.attendee if relation == "attendee" else SCHEMA.organizer
        docs = src.doc_names(src.documents_of_statement(event, predicate, agent))
        if G.has_edge(a, e):
            edge = G[a][e]
            edge["relations"] = sorted(set(edge["relations"]) | {relation})
            edge["documents"] = sorted(set(edge["documents"]) | set(docs))
            edge["weight"] = len(edge["relations"])
        else:
            G.add_edge(a, e, relations=[relation], weight=1, documents=docs)
    return G


def met(src: Source) -> nx.Graph:
    """People who met: two people linked when both took part in (or convened) the same event.

    Edges: ``weight`` = the number of shared events, ``events`` (their names), ``dates`` (their
    start dates, where known) and ``documents``.
    """
    P = participation(src)
    G = nx.Graph(view="met")
    for event, data in P.nodes(data=True):
        if data.get("bipartite") != 1:
            continue
        people = sorted(n for n in P[event] if P.nodes[n]["kind"] == "Person")
        for person in people:
            if person not in G:
                G.add_node(person, **{k: v for k, v in P.nodes[person].items()
                                      if k != "bipartite"})
        for a, b in combinations(people, 2):
            docs = set(P[event][a]["documents"]) | set(P[event][b]["documents"])
            if not G.has_edge(a, b):
                G.add_edge(a, b, weight=0, events=[], dates=[], documents=[])
            edge = G[a][b]
            edge["weight"] += 1
            edge["events"] = sorted([*edge["events"], data["label"]])
            edge["dates"] = _dates({*edge["dates"], data["date"]})
            edge["documents"] = sorted(set(edge["documents"]) | docs)
    return G


def citations(src: Source) -> nx.DiGraph:
    """Documents citing documents: a directed graph, citing -> cited.

    Nodes: source documents (``kind`` Document) and the documents they refer to (``kind``
    CreativeWork). Edges: ``relation`` "citation" (schema:citation) or "inReplyTo" (a letter
    answering a letter), ``weight`` 1, ``documents``.
    """
    G = nx.DiGraph(view="citations")
    for row in src.rows("citations"):
        citing, cited, relation = row["citing"], row["cited"], str(row["relation"])
        assert citing is not None and cited is not None
        a, b = _add_node(G, src, citing), _add_node(G, src, cited)
        predicate = SCHEMA.citation if relation == "citation" else AS.inReplyTo
        docs = src.documents_of_statement(citing, predicate, cited)
        if src.kind(citing) == "Document":
            docs.add(citing)
        if G.has_edge(a, b):
            relation = " ".join(sorted({relation, *G[a][b]["relation"].split()}))
        G.add_edge(a, b, relation=relation, weight=1, documents=src.doc_names(docs))
    return G


def hierarchy(src: Source) -> nx.DiGraph:
    """The part-of tree of organisations: a directed graph, unit -> the organisation it is part
    of (org:subOrganizationOf). Edges: ``weight`` 1 and ``documents``."""
    G = nx.DiGraph(view="hierarchy")
    for row in src.rows("hierarchy"):
        unit, parent = row["unit"], row["parent"]
        assert unit is not None and parent is not None
        G.add_edge(_add_node(G, src, unit), _add_node(G, src, parent), weight=1,
                   documents=src.doc_names(
                       src.documents_of_statement(unit, ORG.subOrganizationOf, parent)))
    return G


def letters(src: Source) -> nx.DiGraph:
    """Who wrote to whom: a directed graph, sender -> recipient, from letters that name both.

    Edges: ``weight`` = the number of letters, ``letters`` (their names or reference numbers),
    ``dates`` (schema:dateSent, else schema:dateCreated, as ISO text) and ``documents``.
    """
    G = nx.DiGraph(view="letters")
    for row in src.rows("letters"):
        letter, sender, recipient = row["letter"], row["sender"], row["recipient"]
        assert letter is not None and sender is not None and recipient is not None
        a, b = _add_node(G, src, sender), _add_node(G, src, recipient)
        docs = (src.documents_of_statement(letter, SCHEMA.sender, sender)
                | src.documents_of_statement(letter, SCHEMA.recipient, recipient))
        if src.kind(letter) == "Document":
            docs.add(letter)
        date = "" if row["date"] is None else str(row["date"])
        if not G.has_edge(a, b):
            G.add_edge(a, b, weight=0, letters=[], dates=[], documents=[], _seen=set())
        edge = G[a][b]
        if letter in edge["_seen"]:
            continue
        edge["_seen"].add(letter)
        edge["weight"] += 1
        edge["letters"] = sorted([*edge["letters"], src.label(letter)])
        edge["dates"] = _dates({*edge["dates"], date})
        edge["documents"] = sorted(set(edge["documents"]) | set(src.doc_names(docs)))
    for _, _, data in G.edges(data=True):
        del data["_seen"]
    return G


_RELATION_NAMES = {
    ORG.memberOf: "member of",
    SCHEMA.attendee: "attended by",
    SCHEMA.organizer: "organised by",
    ORG.subOrganizationOf: "part of",
    SCHEMA.location: "located in",
    SCHEMA.containedInPlace: "in",
    SCHEMA.citation: "cites",
    AS.inReplyTo: "replies to",
    SCHEMA.sender: "sent by",
    SCHEMA.recipient: "sent to",
    SCHEMA.author: "prepared by",
    SCHEMA.about: "about",
}


def relations(src: Source) -> nx.Graph:
    """Every relation of the graph contract between two nodes, undirected, for finding how two
    things are connected.

    Nodes: entities and documents. Edges: ``relations`` (sentences such as "Jane Doe — member
    of (Director) → UNESCO", one per statement), ``weight`` (their number) and ``documents``.
    """
    G = nx.Graph(view="relations")
    roles: dict[tuple[str, str], list[str]] = {}
    for u, v, data in affiliation(src).edges(data=True):
        roles[(u, v)] = roles[(v, u)] = data["roles"]
    for row in src.rows("relations"):
        s, p, o = row["s"], row["p"], row["o"]
        assert s is not None and p is not None and o is not None
        a, b = _add_node(G, src, s), _add_node(G, src, o)
        if a == b:
            continue
        name = _RELATION_NAMES.get(p, str(p))  # type: ignore[call-overload]
        if p == ORG.memberOf and roles.get((a, b)):
            name += f" ({', '.join(roles[(a, b)])})"
        sentence = f"{G.nodes[a]['label']} — {name} → {G.nodes[b]['label']}"
        docs = src.documents_of_statement(s, p, o)
        if p == ORG.memberOf:
            for m in src.subjects(ORG.member, s):
                if src.has(m, ORG.organization, o):
                    docs |= src.documents_of(m)
        if src.kind(s) == "Document" and p in (SCHEMA.citation, SCHEMA.sender,
                                                SCHEMA.recipient, AS.inReplyTo):
            docs.add(s)
        if not G.has_edge(a, b):
            G.add_edge(a, b, weight=0, relations=[], documents=[])
        edge = G[a][b]
        if sentence not in edge["relations"]:
            edge["relations"] = sorted([*edge["relations"], sentence])
            edge["weight"] = len(edge["relations"])
        edge["documents"] = sorted(set(edge["documents"]) | set(src.doc_names(docs)))
    return G
