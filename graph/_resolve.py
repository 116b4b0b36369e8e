"""Within one document: settle overlapping mentions and group mentions into entities.

Two steps, in this order:

1. **Overlaps.** Mentions of the same kind on the same span name one entity. Where two spans
   cross (each holds part of the other) or the same span was given two kinds, the longer span
   wins, then the reading with a date, then the one tied to an authority entry, then the kind
   the earlier extractor gave. Nested spans of different entities both stay
   ("the fourteenth session of the Intergovernmental Committee" holds an event and an
   organisation). Relations that pointed at a losing mention are moved to the winner when it is
   of the same kind, and dropped otherwise.
2. **Clusters.** Mentions of one kind are one entity when they share an authority entry, a
   folded name (names, acronyms, alternate names), or when one is a short form of another:
   a surname ("Mr Fedotov") of exactly one full name in the document, a shorter full name
   whose given names begin the longer one's ("Pete Ham", "Peter William Ham"), a bare post ("the
   Director-General") of exactly one longer post description, or a name followed in exactly one
   longer name by a complement ("Intergovernmental Committee" / "Intergovernmental Committee for
   the Protection of ..."). Ambiguous short forms stay apart, and so do names a curation file
   keeps apart (``apart``). Every join of two different names is kept on the cluster
   (``Cluster.merges``: the rule and the two names) and written to the graph as provenance.
3. **Definite descriptions.** Given the text, "the Organization", "the Committee", "the Chair"
   name the one organisation of the document, named before, whose name has that head word
   ("United Nations Educational, Scientific and Cultural Organization", "Intergovernmental
   Committee for the Protection of ...", "UNESCO Chair on Copyright ..."): the words become a
   mention of that cluster (extractor ``resolve.v1``), which adds no name. With two such
   organisations, or none named before, they are left alone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from ._gazetteer import load_gazetteer
from ._iri import normalize_name
from .records import (
    DocumentFact,
    EntityKind,
    Mention,
    Record,
    Relation,
    RelationKind,
    Span,
)

__all__ = [
    "RELATION_KINDS", "RULES", "Cluster", "Merge", "ResolvedDocument", "UnionFind", "resolve",
]

_COMPLEMENT_WORDS = frozenset(
    ["of", "for", "on", "in", "to", "at", "and", "des", "du", "de", "la", "le", "pour", "sur", "en"]
)

#: Which kinds may stand on each side of a relation.
RELATION_KINDS: dict[RelationKind, tuple[frozenset[EntityKind], frozenset[EntityKind]]] = {
    RelationKind.HOLDS_POST: (
        frozenset({EntityKind.PERSON}),
        frozenset({EntityKind.ORGANIZATION, EntityKind.PLACE}),
    ),
    RelationKind.PARTICIPATED_IN: (
        frozenset({EntityKind.PERSON, EntityKind.ORGANIZATION}),
        frozenset({EntityKind.EVENT}),
    ),
    RelationKind.ORGANIZED: (frozenset({EntityKind.ORGANIZATION}), frozenset({EntityKind.EVENT})),
    RelationKind.PART_OF: (
        frozenset({EntityKind.ORGANIZATION}),
        frozenset({EntityKind.ORGANIZATION}),
    ),
    RelationKind.LOCATED_IN: (frozenset(EntityKind), frozenset({EntityKind.PLACE})),
    RelationKind.CONTAINED_IN: (frozenset({EntityKind.PLACE}), frozenset({EntityKind.PLACE})),
    RelationKind.CITES: (frozenset({EntityKind.WORK}), frozenset({EntityKind.WORK})),
    RelationKind.ABOUT: (frozenset({EntityKind.EVENT, EntityKind.WORK}), frozenset(EntityKind)),
    RelationKind.SENT_BY: (
        frozenset({EntityKind.WORK}),
        frozenset({EntityKind.PERSON, EntityKind.ORGANIZATION}),
    ),
    RelationKind.PREPARED_BY: (
        frozenset({EntityKind.WORK}),
        frozenset({EntityKind.PERSON, EntityKind.ORGANIZATION}),
    ),
}


#: The rules that join two names, as recorded in merge provenance (``kg:rule``).
RULES = frozenset({
    "same words", "authority", "alternate name", "surname", "post", "short form", "curation",
    "post holder", "given names",
})


@dataclass(frozen=True, slots=True, order=True)
class Merge:
    """Two names found to name one entity, and the rule that joined them."""

    rule: str
    names: tuple[str, str]


@dataclass(slots=True)
class Cluster:
    """One entity of a document and the mentions that name it.

    ``kind`` starts as the kind of its mentions; a curation decision may change it.
    """

    kind: EntityKind
    mentions: list[Mention] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)

    @property
    def authority(self) -> str | None:
        return min((m.authority for m in self.mentions if m.authority), default=None)

    @property
    def role_only(self) -> bool:
        return all(m.role_only for m in self.mentions)

    @property
    def name(self) -> str:
        """The preferred name: the authority's, else the longest full name."""
        for m in sorted(self.mentions, key=lambda m: m.span):
            if m.authority and m.authority == self.authority:
                return m.name
        named = [m for m in self.mentions if not m.role_only] or self.mentions
        return max(named, key=lambda m: (len(m.name), -m.span.start)).name

    @property
    def names(self) -> list[str]:
        """Every name seen for the entity, the preferred one first, without folded repeats."""
        seen: dict[str, str] = {}
        for name in [self.name] + [
            n for m in sorted(self.mentions, key=lambda m: m.span) for n in (m.name, *_others(m))
        ]:
            seen.setdefault(normalize_name(name), name)
        return [n for k, n in seen.items() if k]

    @property
    def key(self) -> str:
        """The stable key the entity's IRI is minted from."""
        if self.authority:
            return "authority:" + self.authority
        prefix = "role:" if self.role_only else "name:"
        return prefix + normalize_name(self.name)

    def first(self, attribute: str) -> object:
        for m in sorted(self.mentions, key=lambda m: m.span):
            value = getattr(m, attribute)
            if value:
                return value
        return None

    def all(self, attribute: str) -> list[str]:
        return sorted({v for m in self.mentions if (v := getattr(m, attribute))})

    def subtypes(self) -> list[str]:
        """The finer classes its mentions name, for mentions of the cluster's (current) kind."""
        return sorted({m.subtype for m in self.mentions if m.subtype and m.kind is self.kind})


@dataclass
class ResolvedDocument:
    """A document's clusters, relations and facts, every mention mapped to its cluster."""

    clusters: list[Cluster]
    cluster_of: dict[Mention, Cluster]
    relations: list[Relation]
    facts: list[DocumentFact]
    dropped: list[str]


def _is_acronym(name: str) -> bool:
    return " " not in name.strip() and sum(c.isupper() for c in name) >= 2


def _abbreviates(short: str, long: str) -> bool:
    """Whether the letters of ``short`` appear in order in ``long`` ("KNATCOM" in "Kenya National
    Commission for UNESCO", "COMEST" in "World Commission on the Ethics of Scientific ...")."""
    rest = iter(c for c in long.casefold() if c.isalnum())
    return all(c in rest for c in short.casefold() if c.isalnum())


def _others(m: Mention) -> list[str]:
    """A mention's alternate names and acronym, without an acronym tied to a name it cannot
    abbreviate: an extractor that tied "(KNATCOM)" to the "UNESCO" just before it would
    otherwise make the two bodies one."""
    others = [a for a in m.alternate_names
              if not (_is_acronym(m.name) and " " in a.strip() and not _abbreviates(m.name, a))]
    if m.acronym and (_abbreviates(m.acronym, m.name) or any(
            _abbreviates(m.acronym, a) for a in others if " " in a.strip()) or _listed(m)):
        others.append(m.acronym)
    return others


def _listed(m: Mention) -> bool:
    """Whether the authority entry of ``m`` lists its acronym ("ONU" for the United Nations)."""
    entry = load_gazetteer().by_iri(m.authority) if m.authority else None
    return entry is not None and m.acronym in entry.acronyms


def _generic(name: str) -> bool:
    """One lower-case word ("session", "dialogue"): a name many entities share."""
    return name.islower() and len(name.split()) == 1


_BLOCK = 512  # characters per block of the overlap index of _settle_overlaps


def _crossing(a: Mention, b: Mention) -> bool:
    return a.span.start < b.span.end and b.span.start < a.span.end and not (
        (a.span.start <= b.span.start and b.span.end <= a.span.end)
        or (b.span.start <= a.span.start and a.span.end <= b.span.end)
    )


def _settle_overlaps(mentions: Sequence[Mention], order: dict[str, int]) -> dict[Mention, Mention]:
    """Map every mention to the mention that stands for it after overlaps are settled."""
    def rank(m: Mention) -> tuple[int, bool, bool, int, int]:
        # longer first; on the same words, the reading with more evidence (a date, then an
        # authority entry), then the earlier extractor
        return (-(m.span.end - m.span.start), m.start_date is None, m.authority is None,
                order.get(m.extractor, len(order)), m.span.start)

    # Winners are indexed by the blocks of text they cover, so each mention is compared with the
    # winners near it, not all of them (a long report has tens of thousands of mentions); among
    # the clashing ones the earliest winner is taken, as a scan of all winners in order would.
    winners: list[Mention] = []
    near: dict[int, list[int]] = {}
    target: dict[Mention, Mention] = {}
    for m in sorted(mentions, key=rank):
        blocks = range(m.span.start // _BLOCK, max(m.span.start, m.span.end - 1) // _BLOCK + 1)
        clashing = (
            i for i in sorted({i for b in blocks for i in near.get(b, ())})
            if (winners[i].span.start == m.span.start and winners[i].span.end == m.span.end
                and winners[i].kind != m.kind)
            or _crossing(winners[i], m)
        )
        first = next(clashing, None)
        if first is not None:
            target[m] = winners[first]
            continue
        for b in blocks:
            near.setdefault(b, []).append(len(winners))
        winners.append(m)
        target[m] = m
    return target


def _short_forms(long: str, surname_rule: bool) -> Iterator[str]:
    """The shorter names that may stand for ``long``: its surname ("fedotov" for "mikhail
    fedotov") and its first and last names ("ann lee" for "ann mary lee"), or the words before a
    complement ("intergovernmental committee" for
    "intergovernmental committee for the protection ...")."""
    words = long.split()
    if surname_rule:
        if len(words) > 1:
            yield words[-1]
        if len(words) > 2 and words[0].rstrip(".") and len(words[0]) > 2:
            yield f"{words[0]} {words[-1]}"  # "bonnie blair" for "bonnie kathleen blair"
            middle = words[1:-1]
            if all(len(w) > 1 for w in middle):  # "robert k huntington" for "robert kingsbury
                yield " ".join([words[0], *(w[0] for w in middle), words[-1]])  # huntington"
        return
    for i in range(1, len(words)):
        if words[i] in _COMPLEMENT_WORDS:
            yield " ".join(words[:i])


class UnionFind:
    """Disjoint sets of ``0..n-1``, the smallest index as root; ``tags`` keep sets apart.

    Item ``i`` may carry tags ``(decision, side)``: two sets are never joined when one holds
    ``(d, 1)`` and the other ``(d, 2)`` (a "not the same" decision between them).
    """

    def __init__(self, n: int, tags: dict[int, set[tuple[int, int]]] | None = None) -> None:
        self.parent = list(range(n))
        self.tags: dict[int, set[tuple[int, int]]] = {
            i: set(t) for i, t in (tags or {}).items() if t}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        """Join the sets of ``i`` and ``j``; False when they are kept apart."""
        a, b = self.find(i), self.find(j)
        if a == b:
            return True
        ta, tb = self.tags.get(a, set()), self.tags.get(b, set())
        if any((d, 3 - side) in tb for d, side in ta):
            return False
        root, child = min(a, b), max(a, b)
        self.parent[child] = root
        if ta or tb:
            self.tags[root] = ta | tb
        return True


def _apart_tags(mentions: Sequence[Mention], apart: Sequence[tuple[frozenset[str], frozenset[str]]]
                ) -> dict[int, set[tuple[int, int]]]:
    tags: dict[int, set[tuple[int, int]]] = {}
    if not apart:
        return tags
    for i, m in enumerate(mentions):
        folded = {normalize_name(n) for n in (m.name, *m.alternate_names)}
        for d, sides in enumerate(apart):
            for side, names in enumerate(sides, start=1):
                if folded & names:
                    tags.setdefault(i, set()).add((d, side))
    return tags


def _cluster(
    mentions: Sequence[Mention], apart: Sequence[tuple[frozenset[str], frozenset[str]]] = ()
) -> list[Cluster]:
    mentions = sorted(set(mentions), key=lambda m: (m.span, m.kind, m.name))
    uf = UnionFind(len(mentions), _apart_tags(mentions, apart))
    joins: list[tuple[int, int, str]] = []

    def join(i: int, j: int, rule: str) -> None:
        if uf.find(i) != uf.find(j) and uf.union(i, j) and (
                normalize_name(mentions[i].name) != normalize_name(mentions[j].name)):
            joins.append((i, j, rule))

    by_key: dict[tuple[EntityKind, str], int] = {}
    for i, m in enumerate(mentions):
        # the same words given the same kind by two extractors name one entity
        keys = [("same words", f"span:{m.span.start}:{m.span.end}")]
        keys += [("authority", f"authority:{m.authority}")] if m.authority else []
        # a generic alternate name ("session") is only a short form: see below
        keys += [
            ("alternate name", ("role:" if m.role_only else "name:") + normalize_name(n))
            for n in (m.name, *(o for o in _others(m) if not _generic(o)))
            if normalize_name(n)
        ]
        for rule, key in keys:
            j = by_key.setdefault((m.kind, key), i)
            join(i, j, rule)
    # short forms, joined only when they fit exactly one longer name of the same kind
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(mentions)):
        groups[uf.find(i)].append(i)
    names = {
        root: {normalize_name(mentions[i].name) for i in members}
        for root, members in groups.items()
    }
    # index every group under the short forms its names admit
    role_only = {root: all(mentions[i].role_only for i in members)
                 for root, members in groups.items()}
    index: dict[tuple[EntityKind, bool, str], set[int]] = defaultdict(set)
    for root, long_names in names.items():
        kind = mentions[root].kind
        surname_rule = kind is EntityKind.PERSON and not role_only[root]
        for long in long_names:
            for short in _short_forms(long, surname_rule):
                index[(kind, role_only[root], short)].add(root)
        for i in groups[root]:
            for other in _others(mentions[i]):
                if _generic(other):
                    index[(kind, role_only[root], normalize_name(other))].add(root)
    for root in list(groups):
        kind = mentions[root].kind
        for short in sorted(names[root]):
            # (groups the loop has joined already count once: "blair" fits "bonnie blair" and
            # "bonnie kathleen blair" once they are one)
            candidates = index.get((kind, role_only[root], short), set())
            fits = {r for r in candidates if uf.find(r) != uf.find(root)}
            if len({uf.find(r) for r in fits}) == 1:
                rule = ("post" if role_only[root] else
                        "surname" if kind is EntityKind.PERSON and " " not in short
                        else "short form")
                fit = min(fits)
                surname_rule = kind is EntityKind.PERSON and not role_only[root]
                short_one = next(i for i in groups[root]
                                 if normalize_name(mentions[i].name) == short)
                long_one = next((i for i in groups[fit]
                                 if short in _short_forms(normalize_name(mentions[i].name),
                                                          surname_rule)), None)
                if long_one is None:  # a generic alternate name of the longer one
                    long_one, rule = groups[fit][0], "alternate name"
                join(short_one, long_one, rule)
                break
    _join_given_names(mentions, uf, join)
    clusters: dict[int, Cluster] = {}
    for i, m in enumerate(mentions):
        clusters.setdefault(uf.find(i), Cluster(m.kind)).mentions.append(m)
    for i, j, rule in joins:
        pair = sorted((mentions[i].name, mentions[j].name))
        clusters[uf.find(i)].merges.append(Merge(rule, (pair[0], pair[1])))
    return sorted(clusters.values(), key=lambda c: c.mentions[0].span)


def _fits_given_names(short: str, long: str) -> bool:
    """ "pete ham" for "peter william ham", "bjorn von der esch" for "carl gosta bjorn joachim
    von der esch": the same surname, and each other word of the shorter name (an initial or three
    letters at least) begins a word of the longer one, in order."""
    s, w = short.split(), long.split()
    if len(s) < 2 or s == w or len(s) > len(w) or s[-1] != w[-1] or len(s[-1]) < 3:
        return False
    rest = iter(w[:-1])
    return all((len(x) == 1 or len(x) >= 3) and any(y.startswith(x) for y in rest)
               for x in s[:-1])


def _join_given_names(mentions: Sequence[Mention], uf: UnionFind,
                      join: Callable[[int, int, str], None]) -> None:
    """A person's shorter full name joins the one longer name of the document it fits
    (:func:`_fits_given_names`): a title line's "Pete Ham" and the text's "Peter William Ham"."""
    by_surname: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if m.kind is EntityKind.PERSON and not m.role_only:
            name = normalize_name(m.name)
            if " " in name:
                by_surname[name.split()[-1]].append((i, name))
    for named in by_surname.values():
        for i, short in named:
            fits = {uf.find(j) for j, long in named if _fits_given_names(short, long)}
            fits.discard(uf.find(i))
            if len(fits) == 1:
                j = next(j for j, long in named if uf.find(j) in fits
                         and _fits_given_names(short, long))
                join(i, j, "given names")


#: The extractor name of the mentions that definite descriptions add.
DESCRIPTIONS = "resolve.v1"


def _head(name: str) -> str | None:
    """The head noun of an organisation's name: the word before its complement, else its last
    word; only a capitalised common word ("Committee", not "UNESCO")."""
    words = re.findall(r"[\w'-]+", name)
    for i, word in enumerate(words[1:], start=1):
        if word.lower() in _COMPLEMENT_WORDS and word.lower() != "and":
            words = words[:i]
            break
    head = words[-1] if words else ""
    return head if len(head) > 2 and head[0].isupper() and head[1:].islower() else None


def _describe(clusters: Sequence[Cluster], text: str) -> None:
    """Add the definite descriptions of ``text`` to the one organisation they can name."""
    heads: dict[str, set[int]] = defaultdict(set)
    for i, c in enumerate(clusters):
        if c.kind is EntityKind.ORGANIZATION:
            for name in c.names:
                if head := _head(name):
                    heads[head].add(i)
    # words inside another organisation's name are not a description; inside an event's are
    taken = sorted((m.span.start, m.span.end) for c in clusters for m in c.mentions
                   if c.kind is EntityKind.ORGANIZATION)
    after = r"(?!\s+(?:[A-Z]|(?:" + "|".join(sorted(_COMPLEMENT_WORDS)) + r")\b))"
    for head, owners in sorted(heads.items()):
        if len(owners) != 1:
            continue
        cluster = clusters[next(iter(owners))]
        first = min(m.span.start for m in cluster.mentions)
        for found in re.finditer(rf"\b[Tt]he\s+({re.escape(head)})\b" + after, text):
            start, end = found.span(1)
            if start > first and not any(s < end and start < e for s, e in taken):
                cluster.mentions.append(Mention(EntityKind.ORGANIZATION, cluster.name,
                                                Span(start, end, text[start:end]), DESCRIPTIONS))


def _mentions_in(records: Iterable[Record]) -> list[Mention]:
    found: list[Mention] = []
    for r in records:
        if isinstance(r, Mention):
            found.append(r)
        elif isinstance(r, Relation):
            found += [r.subject, r.object]
        elif isinstance(r.value, Mention):
            found.append(r.value)
    return found


def resolve(
    records: Sequence[Record],
    extractor_order: Sequence[str] = (),
    apart: Sequence[tuple[frozenset[str], frozenset[str]]] = (),
    text: str | None = None,
) -> ResolvedDocument:
    """Settle overlaps and cluster the mentions of one document's records.

    ``apart`` lists pairs of folded name sets that must not end in one cluster (curation);
    given the document's ``text``, definite descriptions are added to the clusters they name.
    """
    order = {name: i for i, name in enumerate(extractor_order)}
    target = _settle_overlaps(_mentions_in(records), order)
    clusters = _cluster([m for m, t in target.items() if m is t], apart)
    if text is not None:
        _describe(clusters, text)
    cluster_of: dict[Mention, Cluster] = {}
    for c in clusters:
        for m in c.mentions:
            cluster_of[m] = c
    dropped: list[str] = []

    def standing(m: Mention) -> Mention | None:
        winner = target[m]
        return winner if winner.kind == m.kind else None

    relations: list[Relation] = []
    for r in records:
        if not isinstance(r, Relation):
            continue
        subject, obj = standing(r.subject), standing(r.object)
        subject_kinds, object_kinds = RELATION_KINDS[r.kind]
        if subject is None or obj is None:
            dropped.append(f"{r.extractor}: {r.kind} relation lost its mention to an overlap")
        elif subject.kind not in subject_kinds or obj.kind not in object_kinds:
            dropped.append(
                f"{r.extractor}: {r.kind} cannot link a {subject.kind} to a {obj.kind}"
                f" ({subject.name!r} -> {obj.name!r})"
            )
        elif cluster_of[subject] is not cluster_of[obj]:
            relations.append(
                Relation(r.kind, subject, obj, r.span, r.extractor, r.post, r.start_date,
                         r.confidence)
            )
    facts: list[DocumentFact] = []
    for f in records:
        if not isinstance(f, DocumentFact):
            continue
        if isinstance(f.value, Mention):
            winner = standing(f.value)
            if winner is None:
                dropped.append(f"{f.extractor}: {f.field} fact lost its mention to an overlap")
                continue
            f = DocumentFact(f.field, winner, f.extractor, f.span)
        facts.append(f)
    return ResolvedDocument(clusters, cluster_of, relations, facts, dropped)
