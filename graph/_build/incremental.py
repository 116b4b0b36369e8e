"""Incremental rebuilds that cost what changed, not what the corpus holds.

A parallel build with a cache (``full``, ``cache``) ends by keeping a
:class:`~graph._build.state.State` of what it decided across documents, in
``OUT.kg-cache/state.pkl``: every document's IRI, map key and summary; each linking node's
aggregate (``_link.NodeAgg``) and link; which documents describe each subject; the values
consolidation chose from; the lines of the nodes validated on all documents' triples (the
*checked* nodes: those several documents describe, those consolidation changed, those two
documents of one mapping batch described) and their findings; refcounts of the lines' digests
(the summary's distinct triples).

The next build's plan (``plan``) hashes the input files and, when few changed,
:func:`rebuild` works from that state: it reads only the new and changed files, takes the old
versions' contributions out of the nodes and adds the new ones, links all nodes again (cheap:
it works on nodes, not on mentions), maps again the documents whose content, IRI or links
changed, and takes their old versions out of the state and puts the new ones in
(``State.retract``, ``State.add``: the methods a full build adds every document with).
Consolidation is redone for the subjects those documents give values to; SHACL validates again
only the checked nodes whose triples (or the triples of the nodes they point to) changed. The
result is the graph, report, warnings and summary a full build gives (``tests/test_delta.py``
compares them on edited corpora), so the output files are the same bytes.

Whether a build starts from the state is the plan's decision (``plan``): a build with curation
decisions (they match surface forms of names, which the aggregates do not keep) or on Dask, a
state made by another version, or many changed files take the full path instead, which writes
a new state. So does a rebuild that finds the cache without a record it needs (``Fallback``).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .check import state_report, validate_again
from .executors import BATCH_SIZE, MAP_BATCH_SIZE, batches_of, in_batches, run_batches
from .link import DocumentIris
from .map import MapItem, Mapped, map_batch, map_died, map_key
from .read import read_task
from .results import DocumentSummary, Failure
from .state import DocState, Fallback, State, save, spool_of
from .written import Ahead

if TYPE_CHECKING:
    from .cache import OutcomeCache
    from .plan import Plan

__all__ = ["rebuild"]


@dataclass
class Change:
    """A document whose version in the graph changes: the old and the new (None: none)."""

    path: str
    old: DocState | None = None
    old_mapped: Mapped | None = None
    new: DocState | None = None
    new_mapped: Mapped | None = None


def rebuild(files: list[tuple[Path, str]], plan: Plan, config: Any, cache: OutcomeCache,
            workers: int, times: Any, result: Any, on_document: Callable[[str], None] | None,
            on_stage: Callable[[str], None]) -> str | None:
    """Build ``files`` into ``result`` from the state ``plan`` starts from (see the module
    docstring); None when built, else why the full path must build them instead (``result``
    is then untouched)."""
    state = plan.start
    assert state is not None, "an incremental plan starts from a state"
    # the state is millions of objects, none of them garbage: the cyclic collector would scan
    # them all again and again (0.4 s a pass at 10,000 documents) for nothing. It is kept out
    # of the collector's sight (frozen) as well, as loading spaCy turns the collector back on
    collecting = gc.isenabled()
    gc.disable()
    # the last output is copied ahead meanwhile, for writing the new one (``written.Ahead``)
    ahead = Ahead(cache.written_file())
    built = False
    try:
        gc.freeze()
        _rebuild(state, plan, files, config, cache, workers, times, result, on_document,
                 on_stage)
        built = True
        return None
    except Fallback as exc:
        return str(exc)
    finally:
        if built:
            result.spool.ahead = ahead
        else:
            ahead.discard()
        gc.unfreeze()
        if collecting:
            gc.enable()
        else:
            gc.disable()


@dataclass
class _Rebuild:
    """One incremental build from ``state``, step by step (see the module docstring)."""

    state: State
    config: Any
    cache: OutcomeCache
    workers: int
    times: Any
    on_document: Callable[[str], None] | None
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: path -> Outcome of the files read again (failed or not), and of the new versions read
    outcomes: dict[str, Any] = field(default_factory=dict)
    fresh: dict[str, Any] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    gone: list[str] = field(default_factory=list)  # documents whose old version goes
    touched: set[str] = field(default_factory=set)  # documents to map again, maybe
    current: list[str] = field(default_factory=list)  # the documents of the graph, in order
    #: path -> (base IRI, IRI keyed on the path, the IRI it has, what was said about it)
    plan: dict[str, tuple[str, str, str, tuple[str, ...]]] = field(default_factory=dict)
    changes: dict[str, Change] = field(default_factory=dict)

    def read(self, files: list[tuple[Path, str]], changed: list[tuple[Path, str]],
             hashes: dict[str, str]) -> None:
        """Step 1: read the new and changed files (their cached outcome, if any)."""
        cache, state = self.cache, self.state
        to_read = []
        with self.times("load"):
            for file, relpath in changed:
                found = cache.get_hashed(relpath, hashes[relpath])
                if found is not None:
                    self.outcomes[relpath] = found
                else:
                    to_read.append((file, relpath))
        for outcome in _read_files(to_read, self.config, self.workers, self.times):
            self.outcomes[outcome.path] = outcome
            if outcome.failure is None:
                cache.put(outcome)
        for _, relpath in files:
            if relpath in self.outcomes:
                outcome = self.outcomes[relpath]
                if outcome.failure is not None:
                    self.failures.append(Failure(outcome.path, *outcome.failure))
                else:
                    self.warnings.extend(outcome.warnings)
                    self.fresh[relpath] = outcome
            else:
                self.warnings.extend(state.docs[relpath].read_warnings)
            if self.on_document:
                self.on_document(relpath)

    def relink(self, gazetteer: Any, iris: Any) -> dict[Any, Any]:
        """Steps 2 and 3: the old versions' clusters out of the nodes, the new ones' in; all
        nodes linked again, and the documents of nodes whose link changed to be mapped again.
        Returns the links."""
        from .._link import NodeAgg, link_nodes, own_keys

        state = self.state
        self.gone = [p for p in state.docs if p in self.removed or p in self.outcomes]
        for path in self.gone:
            was = self.cache.get_hashed(path, state.docs[path].content_hash)
            if was is None or was.document is None or was.resolved is None:
                raise Fallback(f"the cache has no record of {path}")
            for cluster, key, _ in own_keys(was.document, was.resolved, gazetteer):
                state.nodes[(cluster.kind, key)].change(cluster, path, -1)
        for path, outcome in self.fresh.items():
            for cluster, key, _ in own_keys(outcome.document, outcome.resolved, gazetteer):
                agg = state.nodes.get((cluster.kind, key))
                if agg is None:
                    agg = state.nodes[(cluster.kind, key)] = NodeAgg()
                agg.change(cluster, path, 1)
        for node in [k for k, agg in state.nodes.items() if not agg.counts]:
            del state.nodes[node]
        links = link_nodes(state.nodes, iris, gazetteer)
        self.touched = set(self.fresh)
        for node in links.keys() | state.node_links.keys():
            if links.get(node) != state.node_links.get(node) and node in state.nodes:
                self.touched.update(state.nodes[node].docs)
        state.node_links = links
        return links

    def document_iris(self, iris: Any) -> None:
        """Step 4: the documents' IRIs, in path order; a document whose IRI changes is mapped
        again."""
        from .._mapping import document_iri

        state, fresh = self.state, self.fresh
        self.current = sorted((set(state.docs) - self.removed - set(self.outcomes)) | set(fresh))
        chosen = DocumentIris()
        for path in self.current:
            if path in fresh:
                o = fresh[path]
                try:
                    base = str(document_iri(o.document, o.resolved, iris))
                    alt = str(document_iri(o.document, o.resolved, iris, disambiguate=True))
                except Exception as exc:  # a full build reports it
                    raise Fallback(f"{path}: {exc!r}") from exc
            else:
                base, alt = state.docs[path].base_iri, state.docs[path].alt_iri
            iri, said = chosen.pick(path, base, lambda alt=alt: alt)  # type: ignore[misc]
            chosen.take(iri, path)
            self.plan[path] = (base, alt, iri, said)
            if path not in fresh and state.docs[path].iri != iri:
                self.touched.add(path)

    def to_map(self, links: dict[Any, Any], gazetteer: Any) -> list[MapItem]:
        """Step 5: the documents that change (their old and new versions), and those of them
        to map (the others' mapping is in the cache)."""
        from .._link import entity_link, own_keys

        state, cache = self.state, self.cache
        self.changes = {p: Change(p, state.docs[p]) for p in self.gone
                        if p not in self.fresh}  # removed, or unreadable now
        items = []
        for path in sorted(self.touched & set(self.current)):
            outcome: Any = self.fresh.get(path)
            if outcome is None:
                outcome = cache.get_hashed(path, state.docs[path].content_hash)
                if outcome is None:
                    raise Fallback(f"the cache has no record of {path}")
            base, alt, iri, _ = self.plan[path]
            entity_links = tuple(
                entity_link(cluster.kind, links[(cluster.kind, key)], holder, cluster.name)
                for cluster, key, holder in own_keys(outcome.document, outcome.resolved,
                                                     gazetteer))
            key = map_key(path, outcome.document.content_hash, iri, entity_links)
            old = state.docs.get(path)
            if old is not None and old.key == key:
                continue
            change = self.changes[path] = Change(path, old)
            resolved = outcome.resolved
            change.new = DocState(
                path, outcome.document.content_hash, base, alt, iri, key, 0, 0, 0, 0,
                len(resolved.clusters), len(resolved.relations),
                tuple(outcome.warnings), tuple(resolved.dropped),
                edit=old.edit if old is not None else None)
            remembered = cache.recall_mapped(key)
            if remembered is not None:
                change.new_mapped = remembered
            else:
                items.append(MapItem(outcome.document, resolved, iri, entity_links, key))
        for change in self.changes.values():
            if change.old is not None:
                change.old_mapped = cache.recall_mapped(change.old.key)
                if change.old_mapped is None:
                    raise Fallback(f"the cache has no summary of {change.path}")
        return items

    def map(self, items: list[MapItem]) -> None:
        """Map ``items``; every changed document's new version takes its summary."""
        for mapped in _map_items(items, self.config, self.workers, self.cache, self.times):
            if mapped.failure is not None:
                raise Fallback(f"{mapped.path}: {mapped.failure}")
            self.cache.remember_mapped(mapped)
            self.changes[mapped.path].new_mapped = mapped
        for change in self.changes.values():
            if change.new is not None:
                m = change.new_mapped
                assert m is not None
                change.new.shared_bytes, change.new.lines = m.shared_bytes, m.lines
                change.new.triples, change.new.own_lines = m.triples, m.own_lines
                change.new.findings, change.new.findings_nt = m.findings, m.findings_nt
            if self.on_document:
                self.on_document(change.path)

    def check(self) -> None:
        """The state updated by the changes, and the checked nodes they touch validated
        again."""
        state, changes, recall = self.state, self.changes.values(), self.cache.recall_mapped
        with self.times("merge"):
            for change in changes:  # every old version out, then every new one in
                if change.old is not None:
                    assert change.old_mapped is not None
                    state.retract(change.path, change.old_mapped, recall)
            for change in changes:
                if change.new is not None:
                    assert change.new_mapped is not None
                    state.add(change.new, change.new_mapped, recall)
            checked_now = state.settle(self.cache.graphs_dir(), checks=self.config.validate)
        if self.config.validate:
            with self.times("validate"):
                folder = self.cache.graphs_dir()
                validate_again(state.checked, state.tally,
                               lambda path: state.lines(path, folder), checked_now)

    def finish(self, result: Any) -> None:
        """Step 6: the result, as a full build gives it; the state saved."""
        state, cache, current, warnings = self.state, self.cache, self.current, self.warnings
        for path in current:
            doc = state.docs[path]
            warnings.extend(self.plan[path][3])
            warnings.extend(f"{path}: {d}" for d in doc.dropped)
        warnings.extend(state.messages())
        result.failures.extend(self.failures)
        result.warnings.extend(warnings)
        for outcome in self.fresh.values():  # the files read again: their pages OCR read
            result.count_ocr(outcome.document)
        for path in current:
            doc = state.docs[path]
            result.documents.append(DocumentSummary(path, doc.iri, doc.entities, doc.relations,
                                                    doc.triples))
            cache.entries[path] = (doc.content_hash, doc.iri)
            cache.checked.add(doc.key)
        result.spool = spool_of(state, cache.graphs_dir(), current)
        result.spool.index_file = cache.written_file()
        result.counted = state.tally.result()
        if self.config.validate:
            result.validation = state_report(state.docs, state.checked, current)
        save(state, cache.state_file(), background=True)


def _rebuild(state: State, plan: Plan, files: list[tuple[Path, str]], config: Any,
             cache: OutcomeCache, workers: int, times: Any, result: Any,
             on_document: Callable[[str], None] | None, on_stage: Callable[[str], None]
             ) -> None:
    from .._gazetteer import load_gazetteer
    from .._iri import IriMinter

    removed = set(plan.retired)
    run = _Rebuild(state, config, cache, workers, times, on_document, removed=removed)
    run.read(files, list(plan.to_read), dict(plan.hashes))
    on_stage("linking")
    gazetteer = load_gazetteer()
    iris = IriMinter(config.base)
    with times("resolve"):
        links = run.relink(gazetteer, iris)
        run.document_iris(iris)
    with times("merge"):
        items = run.to_map(links, gazetteer)
    on_stage("mapping")
    run.map(items)
    on_stage("checking")
    run.check()
    with times("merge"):
        run.finish(result)
    cache.incremental = True


def _read_files(files: list[tuple[Path, str]], config: Any, workers: int, times: Any
                ) -> Iterable[Any]:
    """The outcomes of reading ``files`` (in this process when they are few)."""
    if len(files) > 2 * BATCH_SIZE and workers > 1:
        from .._nlp import load_pipeline

        load_pipeline(config.model)  # once, before the workers fork (they share it)
    yield from run_batches(list(batches_of(files)), read_task(config), workers, 2, times)


def _map_items(items: list[Any], config: Any, workers: int, cache: OutcomeCache, times: Any
               ) -> Iterable[Mapped]:
    task = (map_batch, (config, str(cache.graphs_dir())), map_died)
    yield from run_batches(list(in_batches(items, MAP_BATCH_SIZE)), task, workers, 2, times)


