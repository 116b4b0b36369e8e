"""The state of the last build updated by the documents that change (an incremental build,
``incremental``): each one's old version taken out and its new one added, in the tallies, in
consolidation, in the documents' lines and digests, and in the checked nodes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._ntriples import digests_of
from .consolidation import ALTERNATE, SubjectEdits, subject_edits
from .map import TARGET_OBJECTS_OF, Mapped
from .spool import Edit, effective_lines
from .state import DocState, State

if TYPE_CHECKING:
    from .cache import OutcomeCache

__all__ = ["Change", "Fallback", "update"]


class Fallback(Exception):
    """The state cannot build this: the full path must (nothing was written yet)."""


@dataclass
class Change:
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


def update(state: State, changes: dict[str, Change], cache: OutcomeCache) -> set[str]:
    """Update the state's tallies, consolidation and checked nodes by ``changes``; returns the
    checked nodes to validate again."""
    folder = cache.graphs_dir()
    _tallies(state, changes)
    values, edits = _consolidate(state, changes, cache)
    diffs, current = _lines(state, changes, edits, folder)
    return _checked(state, changes, set(values), diffs, current, folder)


def _tallies(state: State, changes: dict[str, Change]) -> None:
    """The tallies of the documents' summaries: each old version out, each new one in."""
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


def _consolidate(state: State, changes: dict[str, Change], cache: OutcomeCache
                 ) -> tuple[dict[str, list[tuple[str, int, str, str, str]]],
                            dict[str, Edit | None]]:
    """Consolidation of the subjects the changing documents give values to, again: the values
    by subject, and the documents whose edit changes (-> the new one)."""
    values: dict[str, list[tuple[str, int, str, str, str]]] = {}
    for change in changes.values():
        for m, by in ((change.old_mapped, -1), (change.new_mapped, 1)):
            for s, p, o, lexical in (m.values if m is not None else ()):
                values.setdefault(s, []).append((change.path, by, p, o, lexical))
    edits: dict[str, Edit | None] = {}  # path -> its new edit, where it changes
    for subject, given in values.items():
        table = _table(state, subject, given, changes, cache)
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
        _edit(state, changes, edits, old or SubjectEdits(), part)
    for path, edit in edits.items():
        if path in changes:
            assert changes[path].new is not None
            changes[path].new.edit = edit  # type: ignore[union-attr]
    for change in changes.values():  # a new document no subject's edit reaches has none
        if change.new is not None and change.path not in edits and change.old is None:
            change.new.edit = None
    return values, edits


def _table(state: State, subject: str, given: list[tuple[str, int, str, str, str]],
           changes: dict[str, Change], cache: OutcomeCache) -> dict[str, dict[str, set[str]]]:
    """The values documents give ``subject`` (property -> value -> documents), ``given``
    applied: the old versions' values out, then the new ones' in."""
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
            if p != ALTERNATE:
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
    return table


def _edit(state: State, changes: dict[str, Change], edits: dict[str, Edit | None],
          before: SubjectEdits, part: SubjectEdits) -> None:
    """Each document's edit, what consolidating a subject did ``before`` taken out and what it
    does now (``part``) put in."""

    def edit_of(path: str) -> Edit | None:
        if path in edits:
            return edits[path]
        doc = changes[path].old if path in changes else state.docs[path]
        return doc.edit if doc is not None else None

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


def _lines(state: State, changes: dict[str, Change], edits: dict[str, Edit | None],
           folder: Path) -> tuple[dict[str, tuple[set[str], set[str]]], dict[str, set[str]]]:
    """The documents' shared lines that change: by document, (lines out, lines in), and its
    lines now; the digests' refcounts updated."""
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
    return diffs, current


def _checked(state: State, changes: dict[str, Change], candidates: set[str],
             diffs: dict[str, tuple[set[str], set[str]]], current: dict[str, set[str]],
             folder: Path) -> set[str]:
    """The checked nodes: those that stop being checked dropped, those that start taken with
    their lines, the lines of the others updated; returns those to validate again."""
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
