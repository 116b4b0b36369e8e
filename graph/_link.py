"""Across documents: one node per real-world entity, whatever the order documents are read in.

Runs once all documents are resolved (``_resolve`` clusters the mentions of each), before they
are mapped to RDF. Every cluster has its own key (an authority entry, else type + normalised
preferred name); clusters with the same key are one *node*. Nodes are then joined, all decisions
taken on the whole set of nodes so that reading order cannot change them:

1. **Curation** (``_curation``): retypes first, then ``same_as`` joins; ``not_same_as`` keeps
   nodes apart through every later step. Once the nodes are joined, each ``reject`` becomes the
   relations it leaves out, in IRIs, given to the links of the entities on either side (the
   mapping leaves them out wherever a document states them).
2. **Authority.** A person named in full as an authority file lists them is keyed on the entry.
   A person named only by post on a dated document ("the Director-General of UNESCO", 2020) is
   tied to the one person the authority file says held that post then: the node stays a
   post-only person (keyed on the holder, so two holders of one post stay two nodes and the
   documents of one term share one) and is linked to the holder as an *inferred* identity.
3. **Short forms and alternate names.** A node whose name is a surname, an acronym, an alternate
   name or a shorter form ("Intergovernmental Committee") of exactly one node of the same type
   elsewhere is joined to it; when it fits two or more ("Smith": John Smith, Mary Smith) it stays
   apart. Names that say little on their own, a person's lone surname ("Mr Smith") and a post
   with no holder found ("the Director-General"), are keyed on their document as well, so that
   two documents' unresolved "Mr Smith" are not taken for one person.

A group of joined nodes gets the key of its best node (an authority entry first, then the
longest name), so its IRI is the IRI that node has on its own; the other keys' IRIs are kept as
``owl:sameAs``, and every join is recorded with its rule and names (``Merge``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._curation import Curation, Decision
from ._gazetteer import Gazetteer, GazetteerEntry
from ._iri import IriMinter, normalize_name
from ._resolve import RELATION_KINDS, Cluster, Merge, ResolvedDocument, UnionFind, _short_forms
from .records import DateValue, DocField, Document, EntityKind, RelationKind

__all__ = ["EntityLink", "Links", "NodeAgg", "NodeLink", "decide", "entity_link",
           "link_documents", "link_nodes", "own_keys"]


@dataclass(frozen=True)
class EntityLink:
    """What the graph says of one cluster once documents are linked."""

    kind: EntityKind
    key: str  # the key the IRI is minted from
    name: str  # the preferred name
    aliases: tuple[str, ...] = ()  # keys of the other nodes joined to it (for owl:sameAs)
    merges: tuple[Merge, ...] = ()  # joins across documents that involve this cluster
    holder: GazetteerEntry | None = None  # inferred: the person who held the post
    #: relations (subject, predicate, object IRIs) a curation file rejects, of those this
    #: entity is a side of
    rejects: tuple[tuple[str, str, str], ...] = ()


@dataclass
class Links:
    """The links of every cluster (by ``id``), and messages about the curation file."""

    of: dict[int, EntityLink] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    #: the link of every node, by (kind, own key)
    nodes: dict[tuple[EntityKind, str], NodeLink] = field(default_factory=dict)

    def link(self, cluster: Cluster) -> EntityLink:
        return self.of[id(cluster)]


@dataclass
class _Node:
    kind: EntityKind
    key: str
    names: dict[str, str] = field(default_factory=dict)  # folded -> first surface form
    counts: Counter[str] = field(default_factory=Counter)  # its clusters' preferred names

    @property
    def authority(self) -> bool:
        return self.key.startswith("authority:")

    @property
    def role_only(self) -> bool:
        return self.key.startswith("role:")

    @property
    def scoped(self) -> bool:
        """Keyed on its document: a lone surname (normalised names never hold "@")."""
        return "@" in self.key and not self.authority

    @property
    def name(self) -> str:
        counts = self.counts
        return min((n for n in counts if counts[n] > 0),
                   key=lambda n: (-counts[n], -len(n), n))


@dataclass
class NodeAgg:
    """What the clusters of one node give linking, counted so that a document's clusters can
    be taken out again (an incremental build, ``_build.link.relink``)."""

    names: Counter[str] = field(default_factory=Counter)  # folded names -> clusters
    counts: Counter[str] = field(default_factory=Counter)  # preferred names -> clusters
    docs: Counter[str] = field(default_factory=Counter)  # document paths -> clusters

    def change(self, cluster: Cluster, path: str, by: int) -> None:
        for counter, key in ((self.counts, cluster.name), (self.docs, path),
                             *((self.names, normalize_name(n)) for n in cluster.names)):
            counter[key] += by
            if counter[key] <= 0:
                del counter[key]

    def __reduce__(self) -> tuple[Any, tuple[dict[str, int], ...]]:
        # as plain dicts: pickling Counters one by one is several times slower (the build
        # state holds one NodeAgg per node: _build.state)
        return _node_agg, (dict(self.names), dict(self.counts), dict(self.docs))


def _node_agg(names: dict[str, int], counts: dict[str, int], docs: dict[str, int]) -> NodeAgg:
    agg = NodeAgg()
    dict.update(agg.names, names)
    dict.update(agg.counts, counts)
    dict.update(agg.docs, docs)
    return agg


@dataclass(frozen=True)
class NodeLink:
    """What linking decided for one node (all the clusters with one own key): the key and name
    of its group, its own key when that differs (for ``owl:sameAs``), and the joins."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    merges: tuple[Merge, ...] = ()


def _document_dates(resolved: ResolvedDocument) -> list[DateValue]:
    return [f.value for f in resolved.facts
            if f.field is DocField.DATE and isinstance(f.value, DateValue)][:1]


def _holder(cluster: Cluster, resolved: ResolvedDocument, gaz: Gazetteer
            ) -> GazetteerEntry | None:
    """The one person the authority files say held ``cluster``'s post when the document says."""
    posts = [(r.post, resolved.cluster_of[r.object].authority) for r in resolved.relations
             if r.kind is RelationKind.HOLDS_POST and resolved.cluster_of[r.subject] is cluster]
    dates = _document_dates(resolved) or [
        d for r in resolved.relations
        if r.kind is RelationKind.PARTICIPATED_IN and resolved.cluster_of[r.subject] is cluster
        if isinstance(d := resolved.cluster_of[r.object].first("start_date"), DateValue)]
    holders = {h.person for post, org in posts if post and org for when in dates
               for h in gaz.holders(org, post, when)}
    if len(holders) != 1:
        return None
    return gaz.by_iri(next(iter(holders)))


def _retype(documents: Sequence[tuple[Document, ResolvedDocument]], decisions: list[Decision],
            iris: IriMinter, gazetteer: Gazetteer, used: set[str]) -> list[str]:
    """Apply the retype decisions to the clusters; drop relations the new types cannot have."""
    messages: list[str] = []
    if not decisions:
        return messages
    for document, resolved in documents:
        changed = False
        for cluster in resolved.clusters:
            own = [str(iris.entity(cluster.kind.value, key)) for key in
                   (cluster.key, _own_key(cluster, document, resolved, gazetteer)[0])]
            for d in decisions:
                if d.kind is not None and d.refs[0].matches(cluster.kind, own, cluster.names):
                    cluster.kind, changed = d.kind, True
                    used.add(d.where)
                    break
        if not changed:
            continue
        kept = []
        for r in resolved.relations:
            subject, obj = resolved.cluster_of[r.subject], resolved.cluster_of[r.object]
            kinds = RELATION_KINDS[r.kind]
            if subject.kind in kinds[0] and obj.kind in kinds[1]:
                kept.append(r)
            else:
                messages.append(f"curation: a {r.kind} relation from {subject.name!r} to "
                                f"{obj.name!r} was dropped: their new types cannot have it")
        resolved.relations[:] = kept
    return messages


def _index(nodes: Sequence[_Node]) -> dict[tuple[EntityKind, str], set[int]]:
    """Every node named in full (not post-only, not a lone surname) under its names and the
    short forms they admit."""
    index: dict[tuple[EntityKind, str], set[int]] = defaultdict(set)
    for i, node in enumerate(nodes):
        if node.role_only or node.scoped:
            continue
        for folded in node.names:
            index[(node.kind, folded)].add(i)
            for short in _short_forms(folded, node.kind is EntityKind.PERSON):
                index[(node.kind, "short:" + short)].add(i)
    return index


def _own_key(cluster: Cluster, document: Document, resolved: ResolvedDocument,
             gazetteer: Gazetteer) -> tuple[str, GazetteerEntry | None]:
    """The key of a cluster before it is joined to others, and the post holder it was tied to."""
    key = cluster.key
    if cluster.kind is not EntityKind.PERSON or cluster.authority:
        return key, None
    if cluster.role_only:
        holder = _holder(cluster, resolved, gazetteer)
        if holder is not None:  # every post-only mention of one holder's term is one person
            return f"role:held by {holder.iri}", holder
        return f"{key}@{document.content_hash}", None
    if (entry := gazetteer.person(cluster.names)) is not None:
        return "authority:" + entry.iri, None
    if len(normalize_name(cluster.name).split()) == 1:
        return f"{key}@{document.content_hash}", None
    return key, None


def own_keys(document: Document, resolved: ResolvedDocument, gazetteer: Gazetteer
             ) -> list[tuple[Cluster, str, GazetteerEntry | None]]:
    """Each cluster of a document with its key before linking and the post holder it was tied
    to (what linking needs of one document alone)."""
    return [(c, *_own_key(c, document, resolved, gazetteer)) for c in resolved.clusters]


def link_documents(
    documents: Sequence[tuple[Document, ResolvedDocument]],
    iris: IriMinter,
    gazetteer: Gazetteer,
    curation: Curation | None = None,
    aggregate: dict[tuple[EntityKind, str], NodeAgg] | None = None,
) -> Links:
    """Link the clusters of all ``documents`` (see the module docstring); ``aggregate``, when
    given, gets every node's :class:`NodeAgg`."""
    curation = curation or Curation()
    used: set[str] = set()
    links = Links()
    links.messages += _retype(documents, curation.of("retype"), iris, gazetteer, used)

    # 1. each cluster's own key, and the nodes they make
    holders: dict[int, GazetteerEntry] = {}
    nodes: dict[tuple[EntityKind, str], _Node] = {}
    members: dict[tuple[EntityKind, str], list[Cluster]] = defaultdict(list)
    for document, resolved in documents:
        for cluster, key, holder in own_keys(document, resolved, gazetteer):
            if holder is not None:
                holders[id(cluster)] = holder
            node = nodes.get((cluster.kind, key))
            if node is None:
                node = nodes[(cluster.kind, key)] = _Node(cluster.kind, key)
            members[(cluster.kind, key)].append(cluster)
            node.counts[cluster.name] += 1
            if aggregate is not None:
                aggregate.setdefault((cluster.kind, key), NodeAgg()).change(
                    cluster, document.path, 1)
            for name in cluster.names:
                node.names.setdefault(normalize_name(name), name)
    ordered = sorted(nodes.values(), key=lambda n: (n.kind.value, n.key))
    decided = decide(ordered, iris, gazetteer, curation, used, links.messages)
    rejects = _rejects(ordered, decided, iris, curation.of("reject"), used)
    for i, (node, link) in enumerate(zip(ordered, decided, strict=True)):
        links.nodes[(node.kind, node.key)] = link
        for cluster in members[(node.kind, node.key)]:
            links.of[id(cluster)] = entity_link(node.kind, link, holders.get(id(cluster)),
                                                cluster.name, rejects.get(i, ()))
    links.messages += [
        f"curation: {d.where} ({d.action}) matched no entity: "
        + ", ".join(r.text for r in d.refs)
        for d in curation.decisions if d.where not in used
    ]
    return links


def link_nodes(aggregate: dict[tuple[EntityKind, str], NodeAgg], iris: IriMinter,
               gazetteer: Gazetteer) -> dict[tuple[EntityKind, str], NodeLink]:
    """The link of every node, from the nodes' aggregates alone (no curation decisions: they
    match surface forms, which aggregates do not keep)."""
    ordered = sorted((_Node(kind, key, {f: f for f in agg.names}, agg.counts)
                      for (kind, key), agg in aggregate.items() if agg.counts),
                     key=lambda n: (n.kind.value, n.key))
    decided = decide(ordered, iris, gazetteer, Curation(), set(), [])
    return {(n.kind, n.key): link for n, link in zip(ordered, decided, strict=True)}


def entity_link(kind: EntityKind, link: NodeLink, holder: GazetteerEntry | None, name: str,
                rejects: tuple[tuple[str, str, str], ...] = ()) -> EntityLink:
    """The link of one cluster (preferred name ``name``) of a node linked as ``link``."""
    extra = (Merge("post holder", _pair(name, holder.name)),) if holder else ()
    return EntityLink(kind, link.key, link.name, link.aliases, link.merges + extra, holder,
                      rejects)


def _rejects(ordered: Sequence[_Node], decided: Sequence[NodeLink], iris: IriMinter,
             decisions: Sequence[Decision], used: set[str]
             ) -> dict[int, tuple[tuple[str, str, str], ...]]:
    """The relations the ``reject`` decisions leave out, by the index of each node that is a
    side of one. A side named by IRI matches the nodes minted it or joined under it, and stands
    for itself as well (a source document's IRI); a side named by name, the nodes so named."""
    if not decisions:
        return {}
    final = [str(iris.entity(n.kind.value, link.key)) for n, link in zip(ordered, decided,
                                                                           strict=True)]
    nodes_of: dict[str, list[int]] = defaultdict(list)
    for i, iri in enumerate(final):
        nodes_of[iri].append(i)
    found: dict[int, set[tuple[str, str, str]]] = defaultdict(set)
    for d in decisions:
        sides = []
        for ref in d.refs:
            side = {final[i] for i, n in enumerate(ordered)
                    if ref.matches(n.kind, (str(iris.entity(n.kind.value, n.key)), final[i]),
                                   n.names.values())}
            sides.append(side | {ref.text} if ref.is_iri else side)
        if not (sides[0] and sides[1]) or d.predicate is None:
            continue
        used.add(d.where)
        for s in sides[0]:
            for o in sides[1]:
                for i in (*nodes_of.get(s, ()), *nodes_of.get(o, ())):
                    found[i].add((s, d.predicate, o))
    return {i: tuple(sorted(t)) for i, t in found.items()}


def decide(ordered: Sequence[_Node], iris: IriMinter, gazetteer: Gazetteer, curation: Curation,
           used: set[str], messages: list[str]) -> list[NodeLink]:
    """Steps 2 and 3 of the module docstring, on all nodes (sorted by kind and key): the
    link of each node, in that order. Curation decisions that matched go to ``used``."""
    uf, joins = _join(ordered, iris, curation, used, messages)
    return _links(ordered, uf, joins, iris, gazetteer, curation, used)


def _own_iris(node: _Node, iris: IriMinter) -> list[str]:
    return [str(iris.entity(node.kind.value, node.key))]


def _join(ordered: Sequence[_Node], iris: IriMinter, curation: Curation, used: set[str],
          messages: list[str]) -> tuple[UnionFind, list[tuple[int, int, str]]]:
    """Step 2: the nodes joined (by curation, and the short forms and alternate names that fit
    one node only), and each join with its rule."""

    def matching(ref_decision: Decision, side: slice) -> set[int]:
        return {i for i, n in enumerate(ordered) for ref in ref_decision.refs[side]
                if ref.matches(n.kind, _own_iris(n, iris), n.names.values())}

    # not-same-as tags, then the joins
    tags: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for d_index, d in enumerate(curation.of("not_same_as")):
        left, right = matching(d, slice(0, 1)), matching(d, slice(1, None))
        if left and right:
            used.add(d.where)
        for i in left:
            tags[i].add((d_index, 1))
        for i in right:
            tags[i].add((d_index, 2))
    uf = UnionFind(len(ordered), tags)
    joins: list[tuple[int, int, str]] = []

    def join(i: int, j: int, rule: str) -> None:
        if uf.find(i) != uf.find(j) and uf.union(i, j):
            joins.append((i, j, rule))

    for d in curation.of("same_as"):
        found = sorted(matching(d, slice(None)))
        kinds = sorted({ordered[i].kind.value for i in found})
        if len(found) >= 2:
            used.add(d.where)
        if len(kinds) > 1:
            messages.append(
                f"curation: {d.where} (same_as) names entities of several types "
                f"({', '.join(kinds)}); only those of one type are joined. Add type = \"...\" "
                "or a retype decision")
        for kind in kinds:
            of_kind = [i for i in found if ordered[i].kind.value == kind]
            for j in of_kind[1:]:
                join(of_kind[0], j, "curation")
    index = _index(ordered)
    names = [n.name for n in ordered]
    skipped = [n.key.startswith(("authority:", "role:")) for n in ordered]
    for i, node in enumerate(ordered):
        if skipped[i]:  # an authority's or a post-only node
            continue
        # only the node's preferred name: "John Smith" (also called "Smith") is no short form
        folded = normalize_name(names[i])
        fits: dict[int, str] = {}
        for j in index.get((node.kind, folded), ()):
            fits.setdefault(uf.find(j), "alternate name")
        for j in index.get((node.kind, "short:" + folded), ()):
            fits.setdefault(uf.find(j),
                            "surname" if node.kind is EntityKind.PERSON else "short form")
        fits.pop(uf.find(i), None)
        if len(fits) == 1:
            (root, rule), = fits.items()
            join(i, root, rule)
    return uf, joins


def _links(ordered: Sequence[_Node], uf: UnionFind, joins: list[tuple[int, int, str]],
           iris: IriMinter, gazetteer: Gazetteer, curation: Curation, used: set[str]
           ) -> list[NodeLink]:
    """Step 3: one key and one name per group of joined nodes; each node's link."""
    names = [n.name for n in ordered]
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ordered)):
        groups[uf.find(i)].append(i)
    joins_of: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for i, j, rule in joins:
        joins_of[uf.find(i)].append((i, j, rule))
    renames = curation.of("rename")
    decided: list[NodeLink | None] = [None] * len(ordered)
    for root, group in groups.items():
        best = group[0] if len(group) == 1 else min(
            group, key=lambda i: (not ordered[i].authority, ordered[i].role_only,
                                  -len(names[i]), ordered[i].key))
        key, name = ordered[best].key, names[best]
        entry = gazetteer.by_iri(key.removeprefix("authority:"))
        if key.startswith("authority:") and entry is not None:
            name = entry.name
        for d in renames:
            if any(d.refs[0].matches(ordered[i].kind, _own_iris(ordered[i], iris),
                                     ordered[i].names.values()) for i in group):
                used.add(d.where)
                if d.name is not None:
                    name = d.name
                    if not key.startswith("authority:"):
                        key = ("role:" if ordered[best].role_only else "name:") + \
                            normalize_name(d.name)
                break
        group_joins = joins_of.get(root, ())
        for i in group:
            merges = tuple(sorted(Merge(rule, _pair(names[a], names[b]))
                                  for a, b, rule in group_joins if i in (a, b))
                           ) if group_joins else ()
            aliases = (ordered[i].key,) if ordered[i].key != key else ()
            decided[i] = NodeLink(key, name, aliases, merges)
    return decided  # type: ignore[return-value]


def _pair(a: str, b: str) -> tuple[str, str]:
    first, second = sorted((a, b))
    return first, second


def all_names(link: EntityLink, names: Iterable[str]) -> list[str]:
    """The preferred name first, then the other names, without folded repeats."""
    seen: dict[str, str] = {}
    for name in (link.name, *names):
        seen.setdefault(normalize_name(name), name)
    return [n for k, n in seen.items() if k]
