"""Incremental rebuilds that cost what changed, not what the corpus holds.

A parallel build with a cache (``_assemble``, ``_manifest``) ends by keeping a :class:`State`
of what it decided across documents, in ``OUT.kg-cache/state.pkl``: every document's IRI, map
key and summary; each linking node's aggregate (``_link.NodeAgg``) and link; which documents
describe each subject; the values consolidation chose from; the lines of the nodes validated
on all documents' triples (the *checked* nodes: those several documents describe, those
consolidation changed, those two documents of one mapping batch described) and their
findings; refcounts of the lines' digests (the summary's distinct triples).

The next build (:func:`rebuild`) hashes the input files and, when few changed, works from that
state: it reads only the new and changed files, takes the old versions' contributions out of
the nodes and adds the new ones, links all nodes again (cheap: it works on nodes, not on
mentions), maps again the documents whose content, IRI or links changed, and updates every
tally by those documents alone. Consolidation is redone for the subjects those documents
give values to; SHACL validates again only the checked nodes whose triples (or the triples of
the nodes they point to) changed. The result is the graph, report, warnings and summary a full
build gives (``tests/test_delta.py`` compares them on edited corpora), so the output files are
the same bytes.

A build with curation decisions (they match surface forms of names, which the aggregates do
not keep) or on Dask, a state made by another version, or many changed files take the full
path instead, which writes a new state.
"""

from __future__ import annotations

import atexit
import gc
import os
import pickle
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._consolidation import _ALTERNATE, SubjectEdits, subject_edits
from ._mapwork import TARGET_OBJECTS_OF, Mapped, line_digest, nt
from ._namespaces import RDF, SCHEMA
from ._spool import Edit, Spool, SpoolEntry
from ._written import Ahead, exit_code
from .validate import ValidationResult

if TYPE_CHECKING:
    import numpy as np

    from ._link import NodeAgg, NodeLink
    from ._manifest import OutcomeCache
    from .records import EntityKind

__all__ = ["DocState", "State", "add_mapped", "effective_lines", "finish_full", "rebuild"]

STATE_VERSION = 1
_RDF_TYPE = nt(RDF.type)
#: the subject of the lines that stand for a node's incoming ``schema:mentions`` (validating a
#: node needs to know it is mentioned, for the shape that targets objects of mentions)
MENTIONER = "<urn:kg-builder:mentioned>"


@dataclass
class DocState:
    """One document of the last build."""

    path: str
    content_hash: str
    base_iri: str  # its IRI before two documents are found to share one
    alt_iri: str  # its IRI keyed on its path as well
    iri: str  # the one it has
    key: str  # its map key (its spool file is ``key.nt``)
    shared_bytes: int
    lines: int
    triples: int
    own_lines: int
    entities: int
    relations: int
    read_warnings: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    findings: list[ValidationResult] = field(default_factory=list)
    findings_nt: bytes = b""
    edit: Edit | None = None

    @property
    def file(self) -> str:
        return f"{self.key}.nt"


class Refcount:
    """A multiset of 8-byte digests kept as two numpy arrays (sorted digests, counts)."""

    def __init__(self, digests: bytes = b"") -> None:
        import numpy as np

        keys, counts = np.unique(np.frombuffer(digests, dtype=np.uint64), return_counts=True)
        self.keys: np.ndarray = keys
        self.counts: np.ndarray = counts.astype(np.int64)

    def __len__(self) -> int:
        return len(self.keys)

    def change(self, digests: bytes, by: int) -> None:
        import numpy as np

        values, counts = np.unique(np.frombuffer(digests, dtype=np.uint64), return_counts=True)
        if not len(values):
            return
        at = np.searchsorted(self.keys, values)
        found = (at < len(self.keys)) & (self.keys[np.minimum(at, len(self.keys) - 1)]
                                         == values)
        self.counts[at[found]] += by * counts[found]
        if by > 0 and (~found).any():
            keys = np.concatenate([self.keys, values[~found]])
            all_counts = np.concatenate([self.counts, counts[~found].astype(np.int64)])
            order = np.argsort(keys, kind="stable")
            self.keys, self.counts = keys[order], all_counts[order]
        elif by < 0 and (~found).any():
            raise ValueError("a digest taken out of the tally was never in it")
        keep = self.counts > 0
        if not keep.all():
            self.keys, self.counts = self.keys[keep], self.counts[keep]


@dataclass
class State:
    """What a build decided across documents (see the module docstring)."""

    version: int = STATE_VERSION
    docs: dict[str, DocState] = field(default_factory=dict)  # by path
    nodes: dict[tuple[EntityKind, str], NodeAgg] = field(default_factory=dict)
    node_links: dict[tuple[EntityKind, str], NodeLink] = field(default_factory=dict)
    #: subject (N-Triples) -> paths of the documents whose shared part describes it
    subject_docs: dict[str, set[str]] = field(default_factory=dict)
    typed: Counter[tuple[str, str]] = field(default_factory=Counter)  # (type, IRI) -> documents
    mentioned: Counter[str] = field(default_factory=Counter)  # node -> documents mentioning it
    mixed: Counter[str] = field(default_factory=Counter)  # node -> documents saying "mixed"
    own_lines: int = 0
    digests: Refcount = field(default_factory=Refcount)
    relation_digests: Refcount = field(default_factory=Refcount)
    #: consolidation: the values of subjects several documents describe, lexical forms, and
    #: what consolidating a subject does (subjects it changes), by subject
    tables: dict[str, dict[str, dict[str, set[str]]]] = field(default_factory=dict)
    lexical: dict[str, str] = field(default_factory=dict)
    parts: dict[str, SubjectEdits] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)
    #: the checked nodes, their lines (-> documents giving them) and their findings
    checked: set[str] = field(default_factory=set)
    store: dict[str, Counter[str]] = field(default_factory=dict)
    #: object -> checked subjects with a line pointing at it (-> how many lines)
    pointers: dict[str, Counter[str]] = field(default_factory=dict)
    node_findings: dict[str, tuple[list[ValidationResult], bytes]] = field(default_factory=dict)

    # the checked nodes' lines ---------------------------------------------------------

    def store_change(self, line: str, by: int) -> None:
        subject, predicate, rest = line.split(" ", 2)
        lines = self.store.setdefault(subject, Counter())
        before = lines[line]
        lines[line] = before + by
        after = lines[line]
        if after <= 0:
            del lines[line]
        obj = rest[:-3]
        if predicate == _RDF_TYPE or not obj.startswith("<"):
            return
        if before <= 0 < after:
            self.pointers.setdefault(obj, Counter())[subject] += 1
        elif after <= 0 < before:
            pointing = self.pointers[obj]
            pointing[subject] -= 1
            if pointing[subject] <= 0:
                del pointing[subject]
                if not pointing:
                    del self.pointers[obj]

    def store_line(self, line: str) -> None:
        self.store_change(line, 1)

    def store_drop(self, subject: str) -> None:
        for line, count in list(self.store.get(subject, {}).items()):
            self.store_change(line, -count)
        self.store.pop(subject, None)

    def is_checked(self, subject: str) -> bool:
        return (len(self.subject_docs.get(subject, ())) >= 2 or subject in self.changed
                or self.mixed.get(subject, 0) > 0)


def effective_lines(folder: Path, file: str, shared_bytes: int, edit: Edit | None) -> set[str]:
    """A document's shared lines, its consolidation edit applied."""
    with open(folder / file, "rb") as handle:
        data = handle.read(shared_bytes)
    lines = set(data.decode("utf-8").splitlines(keepends=True))
    if edit is not None:
        lines = (lines - edit.remove) | edit.add
    return lines


def digests_of(lines: Iterable[str]) -> bytes:
    return b"".join(line_digest(line) for line in lines)


# saving and loading ---------------------------------------------------------------------

#: state files being written by a child process (see :func:`save`) -> its process id, or 0
#: for one this process failed to write
_saving: dict[str, int] = {}


def save(state: State, file: Path, *, background: bool = False) -> None:
    """Write ``state`` to ``file``. With ``background``, where the system forks, a child process
    pickles and writes it while this one goes on (writing the output: the two use both cores);
    :func:`wait_saved` waits for it, as do :func:`load`, :func:`discard`,
    ``OutcomeCache.finish`` and the end of the program. Until it is complete there is no state
    file: a build interrupted meanwhile is followed by a full one.

    Pickling touches every object of the state, so the child ends up with its own copy of the
    pages holding them: the memory the state takes, twice. A rebuild (which holds little more
    than the state) can afford that; a full build, which holds every document's records as
    well, saves in this process (at 10,000 documents the child took the build's peak from
    1,808 to 2,374 MB, PSS summed: 55d4b07 and 449c30b)."""
    discard(file)
    fork = getattr(os, "fork", None) if background else None
    if fork is not None:
        try:
            pid = fork()
        except OSError:
            pid = -1
        if pid == 0:  # the child: write and leave, running nothing of the parent's
            code = 1
            try:
                _write(state, file)
                code = 0
            finally:
                os._exit(code)
        if pid > 0:
            _saving[str(file)] = pid
            return
    try:
        _write(state, file)
    except OSError:  # as when the child fails: no state, the next build is a full one
        _saving[str(file)] = 0


def _write(state: State, file: Path) -> None:
    from ._output import write_atomic

    write_atomic(file, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL), sync=False)


def wait_saved(file: Path | None = None) -> bool:
    """Wait until the state ``file`` (every one, for None) is written; False when a child
    writing it failed (the file is then absent)."""
    ok = True
    for name in [str(file)] if file is not None else list(_saving):
        pid = _saving.pop(name, None)
        if pid is None:
            continue
        written = pid != 0 and exit_code(pid) in (0, None)  # 0: this process failed to write it
        ok = ok and written
    return ok


atexit.register(wait_saved)


def discard(file: Path) -> None:
    """Remove the state ``file`` (once any child writing it is done)."""
    wait_saved(file)
    file.unlink(missing_ok=True)


def load(file: Path) -> State | None:
    """The state in ``file`` (written by this program: see ``_manifest``), or None."""
    wait_saved(file)
    try:
        with open(file, "rb") as handle:
            state = pickle.load(handle)  # a cache this program wrote (see _manifest)
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError,
            ImportError, TypeError):
        return None
    return state if isinstance(state, State) and state.version == STATE_VERSION else None


# the state of a full build ----------------------------------------------------------------

def add_mapped(state: State, path: str, m: Mapped) -> None:
    """A full build's tallies of one mapped document."""
    for subject in m.subjects:
        docs = state.subject_docs.get(subject)
        if docs is None:
            docs = state.subject_docs[subject] = set()
        docs.add(path)
    state.typed.update(m.typed)
    state.mentioned.update(m.mentions)
    state.mixed.update(m.mixed)
    state.own_lines += m.own_lines


def finish_full(state: State, paths: list[str], digests: list[bytes],
                relation_digests: list[bytes],
                tables: dict[str, dict[str, dict[str, list[int]]]], lexical: dict[str, str],
                parts: dict[str, SubjectEdits], changed: set[str], checked: set[str]) -> None:
    """The rest of a full build's state: ``paths`` in spool order, each one's digests (edits
    applied); consolidation's ``tables`` and ``parts`` by spool index; the ``checked``
    nodes (their lines and findings are added by the caller)."""
    state.digests = Refcount(b"".join(digests))
    state.relation_digests = Refcount(b"".join(relation_digests))
    state.lexical = lexical
    for subject, table in tables.items():
        if len(state.subject_docs.get(subject, ())) >= 2:
            state.tables[subject] = {p: {o: {paths[i] for i in ds} for o, ds in given.items()}
                                     for p, given in table.items()}
    state.parts = {s: _by_path(part, paths) for s, part in parts.items()}
    state.changed = set(changed)
    state.checked = set(checked)


def findings_by_focus(report: Any, nodes: set[str]
                      ) -> dict[str, tuple[list[ValidationResult], bytes]]:
    """A report's findings about ``nodes`` (N-Triples IRIs), by node, with their triples."""
    from rdflib import BNode, Graph

    from ._namespaces import SH
    from ._parallel import copy_result

    by_focus: dict[str, list[ValidationResult]] = {}
    for r in report.results:
        if f"<{r.focus}>" in nodes:
            by_focus.setdefault(f"<{r.focus}>", []).append(r)
    graphs: dict[str, Graph] = {}
    for result in report.graph.subjects(SH.focusNode, None):
        focus = f"<{report.graph.value(result, SH.focusNode)}>"
        if focus in nodes:
            copy_result(report.graph, result, graphs.setdefault(focus, Graph()), BNode())
    out = {}
    for node, found in by_focus.items():
        g = graphs.get(node)
        out[node] = (found, g.serialize(format="nt", encoding="utf-8") if g else b"")
    return out


def _by_path(part: SubjectEdits, paths: list[str]) -> SubjectEdits:
    return SubjectEdits({paths[i]: lines for i, lines in part.remove.items()},  # type: ignore
                        {paths[i]: lines for i, lines in part.add.items()},  # type: ignore
                        part.messages, part.changed)


def spool_of(state: State, folder: Path, order: list[str]) -> Spool:
    """The spool of the state's documents, in ``order`` (their paths, sorted)."""
    spool = Spool(folder)
    for index, path in enumerate(order):
        d = state.docs[path]
        spool.entries.append(SpoolEntry(path, d.iri, d.file, d.shared_bytes, d.lines))
        if d.edit is not None:
            spool.edits[index] = d.edit
    return spool


def cache_state_file(cache: OutcomeCache) -> Path:
    return cache.folder / "state.pkl"


# the incremental build --------------------------------------------------------------------

def too_many(changed: int, removed: int, files: int) -> bool:
    """Whether so many files changed that a full build costs no more (a quarter of them, and
    at least 64)."""
    return changed + removed > max(64, files // 4)


class Fallback(Exception):
    """The state cannot build this: the full path must (nothing was written yet)."""


@dataclass
class _Change:
    """A document whose version in the graph changes: the old and the new (None: none)."""

    path: str
    old: DocState | None = None
    old_mapped: Mapped | None = None
    new: DocState | None = None
    new_mapped: Mapped | None = None


def _counter_change(counter: Counter[Any], keys: Iterable[Any], by: int) -> None:
    for key in keys:
        counter[key] += by
        if counter[key] <= 0:
            del counter[key]


def rebuild(files: list[tuple[Path, str]], config: Any, cache: OutcomeCache, workers: int,
            times: Any, result: Any, on_document: Callable[[str], None] | None,
            on_stage: Callable[[str], None]) -> bool:
    """Build ``files`` into ``result`` from the cache's state (see the module docstring).
    False, with ``result`` untouched, when the full path must build them instead."""
    from ._curation import load_curation

    if config.curation and load_curation(Path(config.curation)).decisions:
        return False
    relpaths = [relpath for _, relpath in files]
    if len(set(relpaths)) != len(relpaths):
        return False
    # the state is millions of objects, none of them garbage: the cyclic collector would scan
    # them all again and again (0.4 s a pass at 10,000 documents) for nothing. It is kept out
    # of the collector's sight (frozen) as well, as loading spaCy turns the collector back on
    collecting = gc.isenabled()
    gc.disable()
    # the last output is copied ahead meanwhile, for writing the new one (``_written.Ahead``)
    ahead = Ahead(cache.written_file())
    built = False
    try:
        with times("load"):
            state = load(cache_state_file(cache))
        if state is None:
            return False
        gc.freeze()
        built = _rebuild(state, files, config, cache, workers, times, result, on_document,
                         on_stage)
        return built
    except Fallback:
        return False
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


def _rebuild(state: State, files: list[tuple[Path, str]], config: Any, cache: OutcomeCache,
             workers: int, times: Any, result: Any,
             on_document: Callable[[str], None] | None, on_stage: Callable[[str], None]
             ) -> bool:
    from ._assemble import _map_key
    from ._gazetteer import load_gazetteer
    from ._iri import IriMinter
    from ._link import NodeAgg, entity_link, link_nodes, own_keys
    from ._mapping import document_iri
    from ._mapwork import MapItem
    from .pipeline import DocumentSummary, Failure

    with times("load"):
        hashes = {relpath: cache.hash_of(file) for file, relpath in files}
    changed = [(file, relpath) for file, relpath in files
               if relpath not in state.docs or state.docs[relpath].content_hash != hashes[relpath]]
    removed = set(state.docs) - set(hashes)
    if too_many(len(changed), len(removed), len(files)):
        return False
    failures: list[Failure] = []
    warnings: list[str] = []
    # 1. read the new and changed files
    outcomes: dict[str, Any] = {}
    to_read = []
    with times("load"):
        for file, relpath in changed:
            found = cache.get_hashed(relpath, hashes[relpath])
            if found is not None:
                outcomes[relpath] = found
            else:
                to_read.append((file, relpath))
    for outcome in _read_files(to_read, config, workers, times):
        outcomes[outcome.path] = outcome
        if outcome.failure is None:
            cache.put(outcome)
    fresh: dict[str, Any] = {}  # path -> Outcome of the new versions read
    for _, relpath in files:
        if relpath in outcomes:
            outcome = outcomes[relpath]
            if outcome.failure is not None:
                failures.append(Failure(outcome.path, *outcome.failure))
            else:
                warnings.extend(outcome.warnings)
                fresh[relpath] = outcome
        else:
            warnings.extend(state.docs[relpath].read_warnings)
        if on_document:
            on_document(relpath)
    on_stage("linking")
    gazetteer = load_gazetteer()
    iris = IriMinter(config.base)
    with times("resolve"):
        # 2. the old versions' clusters out of the nodes, the new ones' in
        gone = [p for p in state.docs if p in removed or p in outcomes]
        for path in gone:
            was = cache.get_hashed(path, state.docs[path].content_hash)
            if was is None or was.document is None or was.resolved is None:
                raise Fallback(f"the cache has no record of {path}")
            for cluster, key, _ in own_keys(was.document, was.resolved, gazetteer):
                state.nodes[(cluster.kind, key)].change(cluster, path, -1)
        for path, outcome in fresh.items():
            for cluster, key, _ in own_keys(outcome.document, outcome.resolved, gazetteer):
                agg = state.nodes.get((cluster.kind, key))
                if agg is None:
                    agg = state.nodes[(cluster.kind, key)] = NodeAgg()
                agg.change(cluster, path, 1)
        for node in [k for k, agg in state.nodes.items() if not agg.counts]:
            del state.nodes[node]
        # 3. link all nodes again; the documents of nodes whose link changed are mapped again
        links = link_nodes(state.nodes, iris, gazetteer)
        touched_docs: set[str] = set(fresh)
        for node in links.keys() | state.node_links.keys():
            if links.get(node) != state.node_links.get(node) and node in state.nodes:
                touched_docs.update(state.nodes[node].docs)
        state.node_links = links
        # 4. document IRIs, in path order
        current = sorted((set(state.docs) - removed - set(outcomes)) | set(fresh))
        used: dict[str, str] = {}
        plan: dict[str, tuple[str, str, str, tuple[str, ...]]] = {}
        for path in current:
            if path in fresh:
                o = fresh[path]
                try:
                    base = str(document_iri(o.document, o.resolved, iris))
                    alt = str(document_iri(o.document, o.resolved, iris, disambiguate=True))
                except Exception as exc:  # a full build reports it
                    raise Fallback(f"{path}: {exc!r}") from exc
            else:
                base, alt = state.docs[path].base_iri, state.docs[path].alt_iri
            said: tuple[str, ...] = ()
            iri = base
            if base in used:
                said = (f"{path}: has the same reference number or content as {used[base]}; "
                        "its document IRI is keyed on its path as well",)
                iri = alt
            used[iri] = path
            plan[path] = (base, alt, iri, said)
            if path not in fresh and state.docs[path].iri != iri:
                touched_docs.add(path)
    # 5. map what changed
    changes: dict[str, _Change] = {p: _Change(p, state.docs[p]) for p in gone
                                   if p not in fresh}  # removed, or unreadable now
    items = []
    with times("merge"):
        for path in sorted(touched_docs & set(current)):
            outcome = fresh.get(path)
            if outcome is None:
                outcome = cache.get_hashed(path, state.docs[path].content_hash)
                if outcome is None:
                    raise Fallback(f"the cache has no record of {path}")
            base, alt, iri, _ = plan[path]
            entity_links = tuple(
                entity_link(cluster.kind, links[(cluster.kind, key)], holder, cluster.name)
                for cluster, key, holder in own_keys(outcome.document, outcome.resolved,
                                                     gazetteer))
            key = _map_key(path, outcome.document.content_hash, iri, entity_links)
            old = state.docs.get(path)
            if old is not None and old.key == key:
                continue
            change = changes[path] = _Change(path, old)
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
        for change in changes.values():
            if change.old is not None:
                change.old_mapped = cache.recall_mapped(change.old.key)
                if change.old_mapped is None:
                    raise Fallback(f"the cache has no summary of {change.path}")
    on_stage("mapping")
    for mapped in _map_items(items, config, workers, cache, times):
        if mapped.failure is not None:
            raise Fallback(f"{mapped.path}: {mapped.failure}")
        cache.remember_mapped(mapped)
        changes[mapped.path].new_mapped = mapped
    for change in changes.values():
        if change.new is not None:
            m = change.new_mapped
            assert m is not None
            change.new.shared_bytes, change.new.lines = m.shared_bytes, m.lines
            change.new.triples, change.new.own_lines = m.triples, m.own_lines
            change.new.findings, change.new.findings_nt = m.findings, m.findings_nt
        if on_document:
            on_document(change.path)
    on_stage("checking")
    with times("merge"):
        checked_now = _update(state, changes, cache)
        for change in changes.values():
            if change.new is not None:
                state.docs[change.path] = change.new
            else:
                del state.docs[change.path]
    if config.validate:
        with times("validate"):
            _validate_again(state, checked_now, cache.graphs_dir())
    # 6. the result, as a full build gives it
    with times("merge"):
        for path in current:
            doc = state.docs[path]
            warnings.extend(plan[path][3])
            warnings.extend(f"{path}: {d}" for d in doc.dropped)
        warnings.extend(sorted(m for part in state.parts.values() for m in part.messages))
        result.failures.extend(failures)
        result.warnings.extend(warnings)
        for outcome in fresh.values():  # the files read again: their pages OCR read
            result.count_ocr(outcome.document)
        for path in current:
            doc = state.docs[path]
            result.documents.append(DocumentSummary(path, doc.iri, doc.entities, doc.relations,
                                                    doc.triples))
            cache.entries[path] = (doc.content_hash, doc.iri)
            cache.checked.add(doc.key)
        result.spool = spool_of(state, cache.graphs_dir(), current)
        result.spool.index_file = cache.written_file()
        result.counted = _counted(state)
        if config.validate:
            result.validation = _report(state, current)
        save(state, cache_state_file(cache), background=True)
    cache.incremental = True
    return True


def _read_files(files: list[tuple[Path, str]], config: Any, workers: int, times: Any
                ) -> Iterable[Any]:
    """The outcomes of reading ``files`` (in this process when they are few)."""
    from ._assemble import BATCH_SIZE, batches_of
    from ._parallel import read_task

    if len(files) > 2 * BATCH_SIZE and workers > 1:
        from ._nlp import load_pipeline

        load_pipeline(config.model)  # once, before the workers fork (they share it)
    yield from _run(list(batches_of(files)), read_task(config), workers, 2, times)


def _map_items(items: list[Any], config: Any, workers: int, cache: OutcomeCache, times: Any
               ) -> Iterable[Mapped]:
    from ._assemble import MAP_BATCH_SIZE, _in_batches, _map_died
    from ._mapwork import map_batch

    task = (map_batch, (config, str(cache.graphs_dir())), _map_died)
    yield from _run(list(_in_batches(items, MAP_BATCH_SIZE)), task, workers, 2, times)


def _run(batches: list[Any], task: Any, workers: int, few: int, times: Any) -> Iterable[Any]:
    """Run ``task`` on the batches: in this process when there are ``few`` or fewer (no worker
    to start), else in a pool of ``workers``; the outcomes, in order."""
    from ._parallel import WorkerPool

    if not batches:
        return
    if len(batches) <= few or workers <= 1:
        func, args, _ = task
        for batch in batches:
            done = func(batch, *args)
            times.add(done.seconds)
            yield from done.outcomes
        return
    pool = WorkerPool(workers)
    try:
        for done in pool.run(iter(batches), task):
            times.add(done.seconds)
            yield from done.outcomes
        pool.close()
    except BaseException:
        pool.abandon()
        raise


def _update(state: State, changes: dict[str, _Change], cache: OutcomeCache) -> set[str]:
    """Update the state's tallies, consolidation and checked nodes by ``changes``; returns the
    checked nodes to validate again."""
    folder = cache.graphs_dir()
    # tallies of the documents' summaries
    for change in changes.values():
        for m, by in ((change.old_mapped, -1), (change.new_mapped, 1)):
            if m is None:
                continue
            for subject in m.subjects:
                if by > 0:
                    state.subject_docs.setdefault(subject, set()).add(change.path)
                else:
                    docs = state.subject_docs.get(subject)
                    if docs is not None:
                        docs.discard(change.path)
                        if not docs:
                            del state.subject_docs[subject]
            _counter_change(state.typed, m.typed, by)
            _counter_change(state.mentioned, m.mentions, by)
            _counter_change(state.mixed, m.mixed, by)
            state.own_lines += by * m.own_lines
            state.relation_digests.change(m.relation_digests, by)
    # consolidation of the subjects these documents give values to
    values: dict[str, list[tuple[str, int, str, str, str]]] = {}
    for change in changes.values():
        for m, by in ((change.old_mapped, -1), (change.new_mapped, 1)):
            for s, p, o, lexical in (m.values if m is not None else ()):
                values.setdefault(s, []).append((change.path, by, p, o, lexical))
    edits: dict[str, Edit | None] = {}  # path -> its new edit, where it changes

    def edit_of(path: str) -> Edit | None:
        if path in edits:
            return edits[path]
        doc = changes[path].old if path in changes else state.docs[path]
        return doc.edit if doc is not None else None

    for subject, given in values.items():
        table = state.tables.get(subject)
        if table is None:
            table = {}
            for path in state.subject_docs.get(subject, set()) - changes.keys():
                m = cache.recall_mapped(state.docs[path].key)
                if m is None:
                    raise Fallback(f"the cache has no summary of {path}")
                for s, p, o, lexical in m.values:
                    if s == subject:
                        table.setdefault(p, {}).setdefault(o, set()).add(path)
                        state.lexical.setdefault(o, lexical)
        else:
            table = {p: {o: set(ds) for o, ds in of.items()} for p, of in table.items()}
        for path, sign, p, o, lexical in sorted(given, key=lambda v: v[1]):  # out, then in
            if sign < 0:
                table.get(p, {}).get(o, set()).discard(path)
            else:
                table.setdefault(p, {}).setdefault(o, set()).add(path)
                if p != _ALTERNATE:
                    state.lexical.setdefault(o, lexical)
        for p in list(table):
            for o in [o for o, ds in table[p].items() if not ds]:
                del table[p][o]
            if not table[p]:
                del table[p]
        if len(state.subject_docs.get(subject, ())) >= 2:
            state.tables[subject] = table
        else:
            state.tables.pop(subject, None)
        part = subject_edits(subject, table, state.lexical)  # type: ignore[arg-type]
        old = state.parts.get(subject)
        if part:
            state.parts[subject] = part
        else:
            state.parts.pop(subject, None)
        if part.changed:
            state.changed.add(subject)
        else:
            state.changed.discard(subject)
        if old == part or (old is None and not part):
            continue
        before = old or SubjectEdits()
        for path in {*before.remove, *before.add, *part.remove, *part.add}:
            if path in changes and changes[path].new is None:
                continue  # gone from the graph
            if path not in changes and path not in state.docs:
                continue
            edit = edit_of(path)
            remove = set(edit.remove) if edit else set()
            add = set(edit.add) if edit else set()
            remove -= before.remove.get(path, set())  # type: ignore[call-overload]
            add -= before.add.get(path, set())  # type: ignore[call-overload]
            remove |= part.remove.get(path, set())  # type: ignore[call-overload]
            add |= part.add.get(path, set())  # type: ignore[call-overload]
            edits[path] = Edit(frozenset(remove), frozenset(add)) if remove or add else None
    for path, edit in edits.items():
        if path in changes:
            assert changes[path].new is not None
            changes[path].new.edit = edit  # type: ignore[union-attr]
    for change in changes.values():  # a new document no subject's edit reaches has none
        if change.new is not None and change.path not in edits and change.old is None:
            change.new.edit = None
    # the documents' shared lines: digests, and the checked nodes' lines
    diffs: dict[str, tuple[set[str], set[str]]] = {}  # path -> (lines out, lines in)
    current: dict[str, set[str]] = {}  # path -> its shared lines now
    for path in changes.keys() | edits.keys():
        one = changes.get(path)
        if one is not None:
            was, now_doc = one.old, one.new
        else:
            was = state.docs[path]
            now_doc = DocState(**{**was.__dict__, "edit": edits[path]})
        old_doc, new = was, now_doc
        before_lines = (effective_lines(folder, old_doc.file, old_doc.shared_bytes, old_doc.edit)
                        if old_doc is not None else set())
        after_lines = (effective_lines(folder, new.file, new.shared_bytes, new.edit)
                       if new is not None else set())
        if one is None:
            state.docs[path] = new  # type: ignore[assignment]
        current[path] = after_lines
        diffs[path] = (before_lines - after_lines, after_lines - before_lines)
        state.digests.change(digests_of(diffs[path][0]), -1)
        state.digests.change(digests_of(diffs[path][1]), 1)
    candidates: set[str] = set(values)
    touched: set[str] = set()  # nodes whose lines changed
    mentioned: set[str] = set()  # nodes a changed line mentions (validated again: targeted)
    for out, into in diffs.values():
        for line in (*out, *into):
            subject, predicate, rest = line.split(" ", 2)
            candidates.add(subject)
            touched.add(subject)
            if predicate in TARGET_OBJECTS_OF:
                mentioned.add(rest[:-3])
    for change in changes.values():
        for m in (change.old_mapped, change.new_mapped):
            if m is not None:
                candidates.update(m.subjects)
                candidates.update(m.mixed)
    entering: set[str] = set()
    for subject in candidates:
        now, was_checked = state.is_checked(subject), subject in state.checked
        if was_checked and not now:
            state.store_drop(subject)
            state.checked.discard(subject)
            state.node_findings.pop(subject, None)
        elif now and not was_checked:
            entering.add(subject)
    for out, into in diffs.values():
        for lines, by in ((out, -1), (into, 1)):
            for line in lines:
                if line[: line.index(" ")] in state.checked:
                    state.store_change(line, by)
    for subject in entering:
        for path in state.subject_docs.get(subject, ()):
            if path not in current:
                doc = state.docs[path]
                current[path] = effective_lines(folder, doc.file, doc.shared_bytes, doc.edit)
            for line in current[path]:
                if line.startswith(subject + " "):
                    state.store_change(line, 1)
        state.checked.add(subject)
    # a checked node's validation reads its lines, those of the nodes it points to, and
    # whether it is mentioned (no shape looks further: tests/test_delta.py)
    again = set(entering) | ((touched | mentioned) & state.checked)
    for node in touched:
        again.update(s for s in state.pointers.get(node, ()) if s in state.checked)
    return again


def _validate_again(state: State, nodes: set[str], folder: Path) -> None:
    """Validate ``nodes`` (checked ones) on all documents' triples about them, and keep their
    findings."""
    from ._shapereads import Reads, reads
    from .validate import bulk_engine, load_shapes, validate

    if not nodes:
        return
    lines: set[str] = set()
    read: dict[str, set[str]] = {}
    mention = nt(SCHEMA.mentions)

    def lines_of(subject: str) -> Iterable[str]:
        if subject in state.checked:
            return state.store.get(subject, {}).keys()
        found: list[str] = []
        for path in state.subject_docs.get(subject, ()):
            if path not in read:
                doc = state.docs[path]
                read[path] = effective_lines(folder, doc.file, doc.shared_bytes, doc.edit)
            found += [line for line in read[path] if line.startswith(subject + " ")]
        return found

    # each node's own lines, and what the shapes read of the nodes they point to (_shapereads)
    needs = reads(load_shapes())
    taken: dict[str, list[tuple[bool, Reads]]] = {}  # node -> what of it was taken already
    todo: list[tuple[str, bool, Reads]] = [(node, True, None) for node in nodes]
    while todo:
        subject, focus, need = todo.pop()  # a focus node's lines are all taken
        before = taken.setdefault(subject, [])
        if (False, None) in before or (focus, need) in before:
            continue
        before.append((focus, need))
        for line in lines_of(subject):
            _, predicate, rest = line.split(" ", 2)
            if need is not None and not focus and predicate not in need:
                continue
            lines.add(line)
            obj = rest[:-3]
            if obj[0] not in "<_":
                continue
            if focus:
                deeper = needs.get(predicate, {}) if needs is not None else None
            else:
                deeper = need[predicate] if need is not None else None
            if deeper != {}:
                todo.append((obj, False, deeper))
        if focus and state.mentioned.get(subject, 0) > 0:
            lines.add(f"{MENTIONER} {mention} {subject} .\n")
    documents_of = {n[1:-1]: tuple(sorted(state.subject_docs.get(n, ()))) for n in nodes}
    report = validate("".join(sorted(lines)), documents_of=documents_of, engine=bulk_engine(),
                      focus=sorted(n[1:-1] for n in nodes))
    found = findings_by_focus(report, nodes)
    for node in nodes:
        state.node_findings.pop(node, None)
    state.node_findings.update(found)


def _counted(state: State) -> dict[str, object]:
    """The summary's figures (as ``_assemble._Tally.counted``)."""
    kinds: dict[str, set[str]] = {}
    for kind, subject in state.typed:
        kinds.setdefault(kind, set()).add(subject)
    entities: dict[str, int] = {k: len(kinds.get(k, ())) for k in
                                ("Person", "Organization", "Event", "Place")}
    entities["CreativeWork"] = len(kinds.get("CreativeWork", set())
                                   - kinds.get("DigitalDocument", set()))
    return {"entities": entities, "relations": len(state.relation_digests),
            "triples": state.own_lines + len(state.digests)}


def _report(state: State, order: list[str]) -> Any:
    """The validation report: each document's findings about nodes not checked, and the
    checked nodes' findings (as ``_assemble._report``)."""
    from rdflib import Graph

    from ._assemble import compose_report

    results: list[ValidationResult] = []
    sources: list[tuple[Graph | bytes, Callable[[str], bool]]] = []
    checked = {s[1:-1] for s in state.checked}
    for path in order:
        doc = state.docs[path]
        kept = [r for r in doc.findings if r.focus not in checked]
        if kept:
            results += kept
            sources.append((doc.findings_nt, lambda f: f not in checked))
    for node in sorted(state.node_findings):
        found, data = state.node_findings[node]
        results += found
        if data:
            sources.append((data, lambda _: True))
    return compose_report(results, sources)
