#!/usr/bin/env python
"""Score a built graph against hand-written gold facts, reading the graph only through its contract.

    python scripts/evaluate.py --graph out/graph.ttl --gold ../shared/gold
    python scripts/evaluate.py --build ../shared/seeds --gold ../shared/gold --json figures.json
    python scripts/evaluate.py --build ../shared/bench/crossner-politics-dev \\
        --gold ../shared/bench/crossner-politics-dev.gold.json --show-errors

``--gold`` takes a folder of per-document gold files (``{"document": ...}``), a benchmark gold
file (``{"documents": [{"file": ..., "entities": [...]}]}``) or a resolution gold file
(``{"clusters": [{"id": ..., "type": ..., "mentions": [[file, text], ...]}]}``, e.g.
``tests/corpus/resolution/clusters.json``); give it more than once to score several sets against
one graph. A resolution gold is scored with B-cubed cluster precision and recall: every gold
mention is found in the graph by its text (an annotation of the document whose exact words are
the mention's, an honorific before them allowed), and the entity it names is its predicted
cluster; a mention not found is a cluster of its own.

For entity gold sets, the rules are those of the gold README: names are folded (case,
accents, punctuation, a leading "the", whitespace) before they are compared; per document and type,
graph entities are matched greedily one-to-one to gold entities; a second node for a gold entity
already matched is a false positive (a duplicate); a node that matches only optional gold entities
counts neither way. Only the entity types the gold set uses are scored. Gold relations and the
checkable document facts (identifier, title, date, language, sender, recipient) are scored for
recall.

Every read of the graph is a SPARQL query from ``scripts/queries/``, its values bound through
``initBindings``. Exit status: 0 once the figures are computed, whatever they are; 2 on bad
arguments, unreadable files or a build that wrote no graph.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Dataset
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import ResultRow
from rdflib.term import Identifier

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _parts  # the split rule shared by the scripts, beside this file

REPO_ROOT = Path(__file__).resolve().parent.parent
QUERY_DIR = Path(__file__).resolve().parent / "queries"

#: The gold entity types, in report order ("Document" is schema:CreativeWork in the graph).
TYPES = ("Person", "Organization", "Event", "Place", "Document")

#: Graph file extension -> rdflib parser.
GRAPH_FORMATS = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nq": "nquads",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".n3": "n3",
    ".rdf": "xml",
    ".owl": "xml",
}

#: Gold relation name -> the query that checks it in the graph (scripts/queries/<name>.rq). Every
#: query takes ?subject and returns ?object; the subject and object are found by name. Relation
#: names not listed here are reported as unscored.
RELATION_QUERIES = {
    "holds post": "relation_holds_post",
    "participated in": "relation_participated_in",
    "sender": "relation_sender",
    "recipient": "relation_recipient",
    "date": "relation_date",
    "replies to": "relation_replies_to",
    "references": "relation_references",
    "mentions": "relation_references",
    "part of": "relation_part_of",
    "located in": "relation_located_in",
    "organized by": "relation_organized_by",
    "prepared by": "relation_prepared_by",
    "is about": "relation_is_about",
    "responds to": "relation_responds_to",
}

#: The keys of a gold file's "document_facts" that the graph contract lets us check.
CHECKED_FACTS = ("identifier", "title", "date", "language", "sender", "recipient")

#: A relation subject or object that stands for the gold file's own document.
THIS_DOCUMENT = "this document"

COUNT_KEYS = ("gold", "found", "tp", "fp", "fn", "duplicates", "optional")

#: The relations between two entities that are judged for precision (bench README): an edge of
#: one of these kinds between two nodes that name gold entities of the document is right only
#: when the gold has that relation, of that kind, in that direction.
PRECISION_RELATIONS = ("holds post", "participated in", "located in", "part of", "organized by")

# Dropped without leaving a space, so that "U.N." is "UN" and "Secretary-General's" one word.
_JOINED = frozenset(".'\u2018\u2019\u02bc")


class InputError(Exception):
    """An argument, gold file or graph that cannot be used; main() prints it and exits with 2."""


def fold_name(text: str) -> str:
    """Fold a name for comparison: case, accents, punctuation, a leading "the", whitespace."""
    kept = []
    for char in unicodedata.normalize("NFKD", text.casefold()):
        if unicodedata.combining(char) or char in _JOINED:
            continue
        kept.append(" " if unicodedata.category(char).startswith("P") else char)
    words = "".join(kept).split()
    if len(words) > 1 and words[0] == "the":
        del words[0]
    return " ".join(words)


# --- gold files ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEntity:
    type: str
    names: tuple[str, ...]
    optional: bool = False

    @functools.cached_property
    def folded(self) -> frozenset[str]:
        return frozenset(filter(None, map(fold_name, self.names)))


@dataclass(frozen=True)
class GoldRelation:
    subject: str
    relation: str
    object: str
    post: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class GoldDocument:
    name: str
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GoldSet:
    name: str
    path: str
    documents: tuple[GoldDocument, ...]


@dataclass(frozen=True)
class ClusterGold:
    """Expected clusters of mentions: (cluster id, type, file, text) per mention."""

    name: str
    path: str
    mentions: tuple[tuple[str, str, str, str], ...]


def _cluster_gold(data: Mapping[str, Any], path: Path) -> ClusterGold:
    mentions = []
    for cluster in data["clusters"]:
        if not isinstance(cluster, dict) or cluster.get("type") not in TYPES or not isinstance(
                cluster.get("id"), str) or not cluster.get("mentions"):
            raise InputError(f"{path}: a cluster needs an id, a type ({', '.join(TYPES)}) and "
                             f"a non-empty list of [file, text] mentions, got {cluster!r}")
        for mention in cluster["mentions"]:
            if not (isinstance(mention, list) and len(mention) == 2
                    and all(isinstance(x, str) and x.strip() for x in mention)):
                raise InputError(f"{path}: cluster {cluster['id']}: a mention is a "
                                 f"[file, text] pair, got {mention!r}")
            mentions.append((cluster["id"], cluster["type"], mention[0], mention[1]))
    keys = [(f, t) for _, _, f, t in mentions]
    if len(set(keys)) != len(keys):
        raise InputError(f"{path}: a [file, text] mention is listed twice")
    return ClusterGold(path.stem, str(path), tuple(mentions))


def load_gold(path: Path, part: str = "all") -> GoldSet | ClusterGold:
    """Read a folder of per-document gold files, one benchmark gold file or one resolution
    gold file; of a benchmark set, only the documents of ``part`` (scripts/_parts.py)."""
    if path.is_file():
        data = _read_json(path)
        if isinstance(data, dict) and isinstance(data.get("clusters"), list):
            return _cluster_gold(data, path)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise InputError(f"the gold folder {path} holds no *.json gold files")
        name = path.name
    elif path.is_file():
        files, name = [path], path.name.removesuffix(".json").removesuffix(".gold")
    else:
        raise InputError(
            f"gold path {path} does not exist; give a folder of gold files or a benchmark gold file"
        )
    documents = [
        doc for file in files for doc in _gold_documents(_read_json(file), file, name, part)
    ]
    if part != "all":
        name = f"{name} [{part}]"
    return GoldSet(name=name, path=str(path), documents=tuple(documents))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read gold file {path}: {error.strerror or error}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"gold file {path} is not valid UTF-8 JSON: {error}") from error


def _gold_documents(data: Any, path: Path, name: str, part: str) -> list[GoldDocument]:
    if isinstance(data, dict) and isinstance(data.get("documents"), list):
        items = _parts.select(name, data["documents"], part)
    elif isinstance(data, dict) and "document" in data:
        items = [data]
    else:
        raise InputError(
            f'{path} is not a gold file: expected {{"document": ...}} (one document) '
            'or {"documents": [...]} (a benchmark set)'
        )
    return [_gold_document(item, path) for item in items]


def _gold_document(item: Any, path: Path) -> GoldDocument:
    name = item.get("document") or item.get("file") if isinstance(item, dict) else None
    if not isinstance(name, str) or not name:
        raise InputError(f'{path}: a gold document has no "document" or "file" name')
    where = f"{path} ({name})"
    entities = []
    for entry in item.get("entities", []):
        names = entry.get("names")
        if entry.get("type") not in TYPES:
            raise InputError(
                f"{where}: unknown entity type {entry.get('type')!r}. "
                f"Available types: {', '.join(TYPES)}"
            )
        if not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise InputError(f"{where}: an entity needs a non-empty list of names, got {names!r}")
        entities.append(GoldEntity(entry["type"], tuple(names), bool(entry.get("optional"))))
    relations = []
    for entry in item.get("relations", []):
        if not all(isinstance(entry.get(key), str) for key in ("subject", "relation", "object")):
            raise InputError(f"{where}: a relation needs subject, relation and object strings")
        post = entry.get("post")
        relations.append(
            GoldRelation(
                entry["subject"],
                entry["relation"],
                entry["object"],
                post if isinstance(post, str) else None,
                bool(entry.get("optional")),
            )
        )
    facts = item.get("document_facts")
    return GoldDocument(name, tuple(entities), tuple(relations), facts or {})


# --- the graph, read through the contract queries --------------------------------------------


def load_graph(path: Path) -> Dataset:
    """Parse a graph file, its format told by its extension, with all named graphs as one."""
    parser = GRAPH_FORMATS.get(path.suffix.lower())
    if parser is None:
        raise InputError(
            f"cannot tell the format of {path} from its extension. "
            f"Available extensions: {', '.join(GRAPH_FORMATS)}"
        )
    if not path.is_file():
        raise InputError(f"graph file {path} does not exist")
    dataset = Dataset(default_union=True)
    try:
        dataset.parse(source=str(path), format=parser)
    except OSError as error:
        raise InputError(f"cannot read graph {path}: {error.strerror or error}") from error
    except Exception as error:  # rdflib's parsers raise many unrelated types on bad input
        raise InputError(f"cannot parse graph {path} as {parser}: {error}") from error
    return dataset


@functools.cache
def _query(name: str) -> Query:
    return prepareQuery((QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8"))


@dataclass
class GraphEntity:
    """A node a document mentions: its contract types and its names."""

    node: Identifier
    types: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    folded: set[str] = field(default_factory=set)

    def add_name(self, name: str) -> None:
        self.names.add(name)
        if folded := fold_name(name):
            self.folded.add(folded)

    def label(self) -> str:
        shown = sorted(self.names, key=lambda n: (len(n), n))[:3]
        return " / ".join(f'"{n}"' for n in shown) or "(no name)"


class GraphReader:
    """Answers the evaluation's questions with the queries in scripts/queries/."""

    def __init__(self, graph: Dataset) -> None:
        self.graph = graph

    def select(self, query: str, **bindings: Identifier) -> list[tuple[Any, ...]]:
        result = self.graph.query(_query(query), initBindings=bindings)
        return [tuple(row) for row in result if isinstance(row, ResultRow)]

    @functools.cached_property
    def _sources(self) -> list[tuple[str, Identifier]]:
        return [(_normalise_path(str(source)), doc) for doc, source in self.select("documents")]

    def documents_for(self, name: str) -> list[Identifier]:
        """The source documents read from the file a gold document names: the same relative path,
        else the same file name."""
        wanted = _normalise_path(name)
        exact = [doc for source, doc in self._sources if source == wanted]
        if exact:
            return exact
        base = wanted.rsplit("/", 1)[-1]
        return [doc for source, doc in self._sources if source.rsplit("/", 1)[-1] == base]

    def mentions(self, doc: Identifier) -> dict[Identifier, GraphEntity]:
        entities: dict[Identifier, GraphEntity] = {}
        for node, type_name, name in self.select("mentions", doc=doc):
            entity = entities.setdefault(node, GraphEntity(node))
            entity.types.add(str(type_name))
            if name is not None:
                entity.add_name(str(name))
        return entities

    def entity(self, node: Identifier) -> GraphEntity:
        entity = GraphEntity(node)
        for (name,) in self.select("names", entity=node):
            entity.add_name(str(name))
        return entity

    def facts(self, doc: Identifier) -> dict[str, list[Identifier]]:
        facts: dict[str, list[Identifier]] = defaultdict(list)
        for fact, value in self.select("document_facts", doc=doc):
            facts[str(fact)].append(value)
        return facts


def _normalise_path(path: str) -> str:
    path = path.replace("\\", "/")
    return path.removeprefix("./")


# --- scoring ------------------------------------------------------------------------------------


def match_entities(gold: Sequence[GoldEntity], found: Sequence[GraphEntity]) -> dict[str, Any]:
    """Match the graph entities of one type in one document to that type's gold entities.

    Greedy and one-to-one: nodes with the fewest candidate gold entities pick first, each takes a
    free required gold entity if it can, else a free optional one. Returns the counts of
    COUNT_KEYS and an "errors" dict (false_positives, duplicates, misses) for --show-errors.
    """
    candidates = {e.node: [i for i, g in enumerate(gold) if g.folded & e.folded] for e in found}
    order = sorted(
        found, key=lambda e: (not candidates[e.node], len(candidates[e.node]), str(e.node))
    )
    counts = dict.fromkeys(COUNT_KEYS, 0)
    counts["gold"] = sum(not g.optional for g in gold)
    counts["found"] = len(found)
    errors: dict[str, list[dict[str, str]]] = {
        "false_positives": [],
        "duplicates": [],
        "misses": [],
    }
    matched: set[int] = set()
    for entity in order:
        indexes = candidates[entity.node]
        free = [i for i in indexes if i not in matched]
        choice = [i for i in free if not gold[i].optional] or free
        described = {"entity": str(entity.node), "names": entity.label()}
        if choice:
            matched.add(choice[0])
            counts["optional" if gold[choice[0]].optional else "tp"] += 1
        elif indexes and all(gold[i].optional for i in indexes):
            counts["optional"] += 1
        elif indexes:
            counts["fp"] += 1
            counts["duplicates"] += 1
            twin = next(gold[i] for i in indexes if not gold[i].optional)
            errors["duplicates"].append({**described, "gold": twin.names[0]})
        else:
            counts["fp"] += 1
            errors["false_positives"].append(described)
    for index, wanted in enumerate(gold):
        if not wanted.optional and index not in matched:
            counts["fn"] += 1
            errors["misses"].append({"names": " / ".join(wanted.names)})
    return {**counts, "errors": errors}


class _DocumentCheck:
    """Relations and document facts of one gold document, checked against its graph nodes."""

    def __init__(
        self,
        reader: GraphReader,
        gold: GoldDocument,
        docs: Sequence[Identifier],
        entities: Mapping[Identifier, GraphEntity],
    ) -> None:
        self.reader, self.gold, self.docs, self.entities = reader, gold, docs, entities
        self.facts: dict[str, list[Identifier]] = defaultdict(list)
        for doc in docs:
            for fact, values in reader.facts(doc).items():
                self.facts[fact].extend(values)
        own = [*self.facts["identifier"], *self.facts["title"]]
        self.own_names = {fold_name(str(value)) for value in own}
        if isinstance(gold.facts.get("identifier"), str):
            self.own_names.add(fold_name(gold.facts["identifier"]))

    def gold_names(self, name: str) -> tuple[list[GoldEntity], set[str]]:
        """The gold entities that carry a name, and all their folded names."""
        folded = fold_name(name)
        owners = [g for g in self.gold.entities if folded in g.folded]
        return owners, {folded}.union(*(g.folded for g in owners))

    def resolve(self, name: str) -> set[Identifier]:
        """The graph nodes a relation's subject or object names: mentioned entities of the gold
        entity's type with one of its names, and the source document for "this document" or
        its reference."""
        owners, names = self.gold_names(name)
        nodes = set()
        for entity in self.entities.values():
            if owners:
                if any(g.type in entity.types and g.folded & entity.folded for g in owners):
                    nodes.add(entity.node)
            elif fold_name(name) in entity.folded:
                nodes.add(entity.node)
        if fold_name(name) == THIS_DOCUMENT or names & self.own_names:
            nodes.update(self.docs)
        return nodes

    def relation(self, relation: GoldRelation) -> dict[str, Any]:
        result: dict[str, Any] = {
            "subject": relation.subject,
            "relation": relation.relation,
            "object": relation.object,
            "optional": relation.optional,
        }
        key = " ".join(relation.relation.lower().split())
        query = RELATION_QUERIES.get(key)
        if query is None:
            return {**result, "status": "unscored"}
        subjects = self.resolve(relation.subject)
        rows = [
            row
            for node in sorted(subjects, key=str)
            for row in self.reader.select(query, subject=node)
        ]
        if key == "date":
            objects: set[Any] = {relation.object.strip()}
            hits = [row for row in rows if str(row[0]) in objects]
        else:
            objects = self.resolve(relation.object)
            hits = [row for row in rows if row[0] in objects]
        result["status"] = "found" if hits else "missed"
        if not hits:
            result["reason"] = (
                "subject not in graph"
                if not subjects
                else "object not in graph"
                if not objects
                else "no such link in graph"
            )
        if key == "holds post" and relation.post is not None:
            result["post"] = relation.post
            wanted = fold_name(relation.post)
            posts = sorted({str(row[1]) for row in hits if row[1] is not None})
            result["graph_posts"] = posts
            result["post_matched"] = any(fold_name(p) == wanted for p in posts) if hits else None
        return result

    def relation_edges(self) -> dict[str, dict[str, Any]]:
        """Per relation kind, the graph's edges between two nodes that name gold entities of the
        document, judged against the gold relations: right, wrong, or only optional."""
        gold_of: dict[Identifier, set[int]] = defaultdict(set)
        for index, wanted in enumerate(self.gold.entities):
            for entity in self.entities.values():
                if wanted.type in entity.types and wanted.folded & entity.folded:
                    gold_of[entity.node].add(index)
        stated: dict[tuple[int, str, int], bool] = {}
        for rel in self.gold.relations:
            kind = " ".join(rel.relation.lower().split())
            if kind not in PRECISION_RELATIONS:
                continue
            subjects = self._gold_indexes(rel.subject)
            objects = self._gold_indexes(rel.object)
            for key in ((s, kind, o) for s in subjects for o in objects):
                stated[key] = stated.get(key, False) or not rel.optional
        figures: dict[str, dict[str, Any]] = {}
        for kind in PRECISION_RELATIONS:
            counts: dict[str, Any] = {"right": 0, "wrong": 0, "optional": 0, "wrong_edges": []}
            seen = set()
            for node in sorted(gold_of, key=str):
                for row in self.reader.select(RELATION_QUERIES[kind], subject=node):
                    target = row[0]
                    if target not in gold_of or (node, target) in seen:
                        continue
                    seen.add((node, target))
                    verdicts = [
                        stated[(s, kind, o)]
                        for s in gold_of[node]
                        for o in gold_of[target]
                        if (s, kind, o) in stated
                    ]
                    if any(verdicts):
                        counts["right"] += 1
                    elif verdicts:
                        counts["optional"] += 1
                    else:
                        counts["wrong"] += 1
                        counts["wrong_edges"].append(
                            f"{self.entities[node].label()} --{kind}--> "
                            f"{self.entities[target].label()}"
                        )
            figures[kind] = counts
        return figures

    def _gold_indexes(self, name: str) -> set[int]:
        folded = fold_name(name)
        return {i for i, g in enumerate(self.gold.entities) if folded in g.folded}

    def document_facts(self) -> dict[str, dict[str, Any]]:
        checked = {}
        for fact, expected in self.gold.facts.items():
            if fact not in CHECKED_FACTS or not isinstance(expected, str):
                continue
            values = self.facts.get(fact, [])
            if fact in ("sender", "recipient"):
                entities = [self.reader.entity(value) for value in values]
                names = self.gold_names(expected)[1]
                correct = any(entity.folded & names for entity in entities)
                shown = [entity.label() for entity in entities]
            else:
                shown = [str(value) for value in values]
                if fact == "language":
                    correct = _language(expected) in {_language(v) for v in shown}
                elif fact == "date":
                    correct = expected.strip() in shown
                else:
                    correct = fold_name(expected) in {fold_name(v) for v in shown}
            checked[fact] = {"expected": expected, "graph": shown, "correct": correct}
        return checked


def _language(tag: str) -> str:
    return tag.strip().lower().replace("_", "-").split("-")[0]


_HONORIFICS = frozenset({"mr", "mrs", "ms", "mme", "dr", "prof", "he", "h e", "sir", "dame"})


def _without_honorifics(name: str) -> str:
    words = fold_name(name).split()
    while len(words) > 1 and words[0] in _HONORIFICS:
        del words[0]
    return " ".join(words)


def _names_mention(exact: str, text: str) -> bool:
    """Whether annotated words ``exact`` are the gold mention ``text``, honorifics aside."""
    return _without_honorifics(exact) == _without_honorifics(text)


def evaluate_clusters(graph: Dataset, gold: ClusterGold) -> dict[str, Any]:
    """B-cubed precision and recall of the graph's entities as clusters of the gold mentions."""
    reader = GraphReader(graph)
    predicted: list[str] = []
    missing: list[str] = []
    texts: dict[str, list[tuple[Identifier, str]]] = {}
    for _cluster, _type, file, text in gold.mentions:
        if file not in texts:
            texts[file] = [(entity, str(exact)) for doc in reader.documents_for(file)
                           for entity, exact in reader.select("mention_texts", doc=doc)]
        found = sorted({str(e) for e, exact in texts[file] if _names_mention(exact, text)})
        if len(found) == 1:
            predicted.append(found[0])
        else:
            predicted.append(f"missing:{file}:{text}")
            missing.append(f"{file}: {text!r}" + (f" (names {len(found)} entities)"
                                                  if found else ""))
    result: dict[str, Any] = {"name": gold.name, "gold": gold.path, "kind": "clusters",
                              "mentions": len(gold.mentions), "missing": missing}
    for scope in (None, *sorted({t for _, t, _, _ in gold.mentions})):
        items = [i for i, m in enumerate(gold.mentions) if scope is None or m[1] == scope]
        precision = recall = 0.0
        for i in items:
            same_pred = {j for j in items if predicted[j] == predicted[i]}
            same_gold = {j for j in items if gold.mentions[j][0] == gold.mentions[i][0]}
            both = len(same_pred & same_gold)
            precision += both / len(same_pred)
            recall += both / len(same_gold)
        p, r = precision / len(items), recall / len(items)
        result[scope or "all"] = {"mentions": len(items), "precision": round(p, 4),
                                  "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4)}
    groups: dict[str, set[str]] = defaultdict(set)
    for (cluster, _, _, _), entity in zip(gold.mentions, predicted, strict=True):
        groups[entity].add(cluster)
    result["merged_apart"] = sorted(
        " + ".join(sorted(c)) for e, c in groups.items() if len(c) > 1)
    by_cluster: dict[str, set[str]] = defaultdict(set)
    for (cluster, _, _, _), entity in zip(gold.mentions, predicted, strict=True):
        by_cluster[cluster].add(entity)
    result["split"] = sorted(c for c, entities in by_cluster.items() if len(entities) > 1)
    return result


def format_cluster_report(result: Mapping[str, Any], show_errors: bool = False) -> str:
    """The plain-text figures of a resolution gold set."""
    lines = [f"== {result['name']} ({result['gold']}): {result['mentions']} gold mentions, "
             f"{result['mentions'] - len(result['missing'])} found in the graph",
             f"{'B-cubed':<14}{'mentions':>9}{'P':>8}{'R':>8}{'F1':>8}"]
    for scope in ("all", *TYPES):
        if scope in result:
            f = result[scope]
            lines.append(f"{scope:<14}{f['mentions']:>9}" + "".join(
                f"{_figure(f[k]):>8}" for k in ("precision", "recall", "f1")))
    lines.append(f"gold clusters split over several nodes: {len(result['split'])}; "
                 f"nodes holding several gold clusters: {len(result['merged_apart'])}")
    if show_errors:
        lines += [f"  SPLIT  {c}" for c in result["split"]]
        lines += [f"  MERGED {c}" for c in result["merged_apart"]]
        lines += [f"  MISS   {m}" for m in result["missing"]]
    return "\n".join(lines)


def scored_types(gold: GoldSet) -> list[str]:
    """The entity types scored on ``gold``: a type whose gold entities are all optional
    (Re-DocRED's MISC) is not."""
    return [
        t
        for t in TYPES
        if any(e.type == t and not e.optional for d in gold.documents for e in d.entities)
    ]


def evaluate(graph: Dataset, gold: GoldSet | ClusterGold,
             types: list[str] | None = None) -> dict[str, Any]:
    """Score a graph against one gold set (the entity types ``types``, by default those
    :func:`scored_types` gives); the result is plain JSON-ready data."""
    if isinstance(gold, ClusterGold):
        return evaluate_clusters(graph, gold)
    reader = GraphReader(graph)
    types = scored_types(gold) if types is None else types
    per_document = []
    for gold_doc in gold.documents:
        docs = reader.documents_for(gold_doc.name)
        entities: dict[Identifier, GraphEntity] = {}
        for doc in docs:
            for node, entity in reader.mentions(doc).items():
                merged = entities.setdefault(node, GraphEntity(node))
                merged.types |= entity.types
                for name in entity.names:
                    merged.add_name(name)
        scores = {}
        for type_name in types:
            of_type = [g for g in gold_doc.entities if g.type == type_name]
            found = [e for e in entities.values() if type_name in e.types]
            scores[type_name] = match_entities(of_type, found)
        check = _DocumentCheck(reader, gold_doc, docs, entities)
        per_document.append(
            {
                "document": gold_doc.name,
                "graph_documents": [str(doc) for doc in docs],
                "entities": scores,
                "relations": [check.relation(r) for r in gold_doc.relations],
                "relation_edges": check.relation_edges(),
                "document_facts": check.document_facts(),
            }
        )
    return _totals(gold.name, gold.path, types, per_document)


def combine(results: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """One result of several :func:`evaluate` results of the same types over different
    documents (the folds of a set, each scored on its own graph)."""
    first = results[0]
    return _totals(first["name"], first["gold"], first["types"],
                   [d for r in results for d in r["per_document"]])


def _totals(name: str, path: str, types: list[str],
            per_document: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": name,
        "gold": path,
        "documents": len(per_document),
        "documents_in_graph": sum(bool(d["graph_documents"]) for d in per_document),
        "types": types,
        "entities": _entity_totals(per_document, types),
        "relations": _relation_totals(per_document),
        "document_facts": _fact_totals(per_document),
        "per_document": per_document,
    }


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _with_ratios(counts: Mapping[str, int]) -> dict[str, Any]:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    return {
        **{key: counts[key] for key in COUNT_KEYS},
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, counts["gold"]),
        "f1": _ratio(2 * tp, 2 * tp + fp + fn),
    }


def _entity_totals(per_document: list[dict[str, Any]], types: list[str]) -> dict[str, Any]:
    totals = {t: dict.fromkeys(COUNT_KEYS, 0) for t in types}
    for doc in per_document:
        for type_name in types:
            for key in COUNT_KEYS:
                totals[type_name][key] += doc["entities"][type_name][key]
    micro = {key: sum(totals[t][key] for t in types) for key in COUNT_KEYS}
    return {**{t: _with_ratios(totals[t]) for t in types}, "micro": _with_ratios(micro)}


def _relation_totals(per_document: list[dict[str, Any]]) -> dict[str, Any]:
    relations = [r for doc in per_document for r in doc["relations"]]
    scored = [r for r in relations if r["status"] != "unscored"]
    required = [r for r in scored if not r["optional"]]
    optional = [r for r in scored if r["optional"]]
    posts = [r for r in required if r.get("post_matched") is not None]
    by_relation: dict[str, dict[str, int]] = {}
    for r in required:
        entry = by_relation.setdefault(r["relation"], {"gold": 0, "found": 0})
        entry["gold"] += 1
        entry["found"] += r["status"] == "found"
    unscored: dict[str, int] = {}
    for r in relations:
        if r["status"] == "unscored":
            unscored[r["relation"]] = unscored.get(r["relation"], 0) + 1
    found = sum(r["status"] == "found" for r in required)
    judged: dict[str, dict[str, int]] = {}
    for doc in per_document:
        for kind, edges in doc.get("relation_edges", {}).items():
            entry = judged.setdefault(kind, {"right": 0, "wrong": 0, "optional": 0})
            for key in entry:
                entry[key] += edges[key]
    right = sum(e["right"] for e in judged.values())
    wrong = sum(e["wrong"] for e in judged.values())
    for entry in judged.values():
        entry["precision"] = _ratio(entry["right"], entry["right"] + entry["wrong"])  # type: ignore[assignment]
    optional_found = sum(r["status"] == "found" for r in optional)
    correct_posts = sum(bool(r["post_matched"]) for r in posts)
    return {
        "gold": len(required),
        "found": found,
        "recall": _ratio(found, len(required)),
        "optional": {"gold": len(optional), "found": optional_found},
        "post_titles": {
            "checked": len(posts),
            "correct": correct_posts,
            "accuracy": _ratio(correct_posts, len(posts)),
        },
        "by_relation": by_relation,
        "unscored": unscored,
        "precision": {
            "right": right,
            "wrong": wrong,
            "precision": _ratio(right, right + wrong),
            "by_relation": judged,
        },
    }


def _fact_totals(per_document: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    totals: dict[str, dict[str, int]] = {}
    for doc in per_document:
        for fact, outcome in doc["document_facts"].items():
            entry = totals.setdefault(fact, {"checked": 0, "correct": 0})
            entry["checked"] += 1
            entry["correct"] += outcome["correct"]
    return totals


# --- report -------------------------------------------------------------------------------------


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_report(result: Mapping[str, Any], show_errors: bool = False) -> str:
    """The plain-text table of one gold set's figures."""
    if result.get("kind") == "clusters":
        return format_cluster_report(result, show_errors)
    lines = [
        f"== {result['name']} ({result['gold']}): {result['documents']} gold documents, "
        f"{result['documents_in_graph']} of them in the graph"
    ]
    missing = [d["document"] for d in result["per_document"] if not d["graph_documents"]]
    if missing:
        more = f" (+{len(missing) - 10} more)" if len(missing) > 10 else ""
        lines.append(f"not in the graph: {', '.join(missing[:10])}{more}")
    columns = ("gold", "found", "tp", "fp", "fn", "duplicates", "optional")
    heads = ("gold", "found", "TP", "FP", "FN", "dup", "opt")
    lines.append(
        f"{'type':<14}"
        + "".join(f"{h:>7}" for h in heads)
        + "".join(f"{h:>8}" for h in ("P", "R", "F1"))
    )
    for type_name, figures in result["entities"].items():
        lines.append(
            f"{type_name:<14}"
            + "".join(f"{figures[c]:>7}" for c in columns)
            + "".join(f"{_figure(figures[k]):>8}" for k in ("precision", "recall", "f1"))
        )
    lines.append("(dup = extra nodes of one gold entity, counted in FP; opt = nodes matching only")
    lines.append(" optional gold entities, neither TP nor FP)")
    relations = result["relations"]
    if relations["gold"] or relations["optional"]["gold"] or relations["unscored"]:
        posts = relations["post_titles"]
        lines.append(
            f"relations recall {relations['found']}/{relations['gold']} = "
            f"{_figure(relations['recall'])}; optional found {relations['optional']['found']}/"
            f"{relations['optional']['gold']}; post titles correct {posts['correct']}/"
            f"{posts['checked']} = {_figure(posts['accuracy'])}"
        )
        judged = relations["precision"]
        lines.append(
            f"relations precision {judged['right']}/{judged['right'] + judged['wrong']} = "
            f"{_figure(judged['precision'])} (edges between gold entities of "
            f"{', '.join(PRECISION_RELATIONS)})"
        )
        lines.append(f"  {'relation':<18}{'recall':>12}{'precision':>16}")
        for name in sorted(set(relations["by_relation"]) | set(judged["by_relation"])):
            counts = relations["by_relation"].get(name, {"found": 0, "gold": 0})
            recall = _figure(_ratio(counts["found"], counts["gold"]))
            edges = judged["by_relation"].get(name)
            shown = (
                f"{edges['right']}/{edges['right'] + edges['wrong']} "
                f"{_figure(edges['precision'])}"
                if edges
                else "-"
            )
            lines.append(
                f"  {name:<18}{counts['found']:>5}/{counts['gold']:<5} {recall:>5}{shown:>17}"
            )
        if relations["unscored"]:
            unscored = ", ".join(f"{k} ({v})" for k, v in sorted(relations["unscored"].items()))
            lines.append(f"  unscored relations: {unscored}")
    if result["document_facts"]:
        facts = ", ".join(
            f"{fact} {c['correct']}/{c['checked']}" for fact, c in result["document_facts"].items()
        )
        lines.append(f"document facts correct: {facts}")
    if show_errors:
        for doc in result["per_document"]:
            lines.extend(_error_lines(doc))
    return "\n".join(lines)


def _error_lines(doc: Mapping[str, Any]) -> list[str]:
    lines = [f"-- {doc['document']}: graph document {', '.join(doc['graph_documents']) or 'none'}"]
    for type_name, figures in doc["entities"].items():
        errors = figures["errors"]
        for item in errors["false_positives"]:
            lines.append(f"  FP   {type_name:<13}{item['names']} <{item['entity']}>")
        for item in errors["duplicates"]:
            lines.append(
                f"  DUP  {type_name:<13}{item['names']} <{item['entity']}>, "
                f'a second node for "{item["gold"]}"'
            )
        for item in errors["misses"]:
            lines.append(f"  MISS {type_name:<13}{item['names']}")
    for rel in doc["relations"]:
        label = f"{rel['subject']} --{rel['relation']}--> {rel['object']}"
        if rel["status"] == "missed" and not rel["optional"]:
            lines.append(f"  MISS relation {label} ({rel['reason']})")
        elif rel.get("post_matched") is False and not rel["optional"]:
            lines.append(
                f"  POST relation {label}: post {rel['post']!r}, graph has {rel['graph_posts']}"
            )
    for edges in doc.get("relation_edges", {}).values():
        lines.extend(f"  WRONG relation {edge}" for edge in edges["wrong_edges"])
    for fact, outcome in doc["document_facts"].items():
        if not outcome["correct"]:
            lines.append(
                f"  FACT {fact}: expected {outcome['expected']!r}, graph has {outcome['graph']}"
            )
    return lines


# --- command line -------------------------------------------------------------------------------


def build_command(input_dir: Path, output: Path) -> list[str]:
    """The `kg build` command line: the console script beside this Python, else `-m graph`."""
    script = Path(sys.executable).parent / ("kg.exe" if os.name == "nt" else "kg")
    runner = [str(script)] if script.is_file() else [sys.executable, "-m", "graph"]
    return [*runner, "build", str(input_dir), "-o", str(output), "--allow-invalid"]


def build_graph(input_dir: Path, workdir: Path) -> Path:
    """Run `kg build` on a folder of documents; its messages go to stderr."""
    if not input_dir.is_dir():
        raise InputError(f"--build needs a folder of documents; {input_dir} is not a folder")
    output = workdir / "graph.ttl"
    command = build_command(input_dir, output)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    print(f"building: {' '.join(command)}", file=sys.stderr)
    try:
        completed = subprocess.run(command, stdout=subprocess.PIPE, text=True, env=env, check=False)
    except OSError as error:
        raise InputError(f"cannot run {command[0]}: {error}") from error
    if completed.stdout:
        print(completed.stdout, end="", file=sys.stderr)
    if not output.is_file():
        raise InputError(
            f"kg build exited with status {completed.returncode} and wrote no graph; "
            "see its messages above"
        )
    if completed.returncode != 0:
        print(
            f"warning: kg build exited with status {completed.returncode}; scoring its graph",
            file=sys.stderr,
        )
    return output


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evaluate.py",
        description="Score a knowledge graph against gold files through the graph contract.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--graph", type=Path, metavar="FILE", help="a built graph file")
    source.add_argument(
        "--build", type=Path, metavar="INPUT_DIR", help="build the graph of this folder first"
    )
    parser.add_argument(
        "--gold",
        type=Path,
        action="append",
        required=True,
        metavar="PATH",
        help="a folder of per-document gold files or a benchmark gold file (repeatable)",
    )
    parser.add_argument(
        "--part",
        choices=_parts.PARTS,
        default="all",
        help="score only the tuning or the held-out documents of a benchmark set "
        "(scripts/_parts.py); default: all",
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures here")
    parser.add_argument(
        "--show-errors",
        action="store_true",
        help="list false positives, duplicates and misses per document",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        gold_sets = [load_gold(path, args.part) for path in args.gold]
        with tempfile.TemporaryDirectory(prefix="kg-evaluate-") as workdir:
            graph_path = args.graph or build_graph(args.build, Path(workdir))
            graph = load_graph(graph_path)
        results = [evaluate(graph, gold) for gold in gold_sets]
        if args.json:
            figures = {"graph": str(args.graph or args.build), "sets": results}
            try:
                args.json.write_text(
                    json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
                )
            except OSError as error:
                raise InputError(f"cannot write {args.json}: {error.strerror or error}") from error
    except InputError as error:
        print(f"evaluate.py: error: {error}", file=sys.stderr)
        return 2
    print("\n\n".join(format_report(result, args.show_errors) for result in results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
