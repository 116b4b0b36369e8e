"""What a build decided across documents (:class:`State`), kept for the next build to start
from: every document's IRI, map key and summary; each linking node's aggregate and link; the
tally (``tally``), consolidation (``consolidation``) and checked nodes (``check``). Saved as
``OUT.kg-cache/state.pkl``.

A build changes the state one document at a time: :meth:`State.add` puts a document's version
in, :meth:`State.retract` takes it out, and :meth:`State.settle` then consolidates, brings the
checked nodes up to date and says which of them to validate again. A full build adds every
document to an empty state; an incremental one takes the old versions of the documents that
change out of the last build's state and adds their new ones, through the same methods."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .._fork import wait_written as wait_saved
from .._fork import write_forked
from .._ntriples import digests_of
from ..validate import ValidationResult
from .check import Checked
from .consolidation import Consolidation
from .map import Mapped
from .spool import Edit, effective_lines
from .tally import Tally

if TYPE_CHECKING:
    from .._link import NodeAgg, NodeLink
    from ..records import EntityKind

__all__ = ["DocState", "Fallback", "State", "discard", "load", "save", "wait_saved"]


STATE_VERSION = 2


class Fallback(Exception):
    """The state cannot build this: the full path must (nothing was written yet)."""


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


@dataclass
class State:
    """What a build decided across documents (see the module docstring)."""

    version: int = STATE_VERSION
    docs: dict[str, DocState] = field(default_factory=dict)  # by path
    nodes: dict[tuple[EntityKind, str], NodeAgg] = field(default_factory=dict)
    node_links: dict[tuple[EntityKind, str], NodeLink] = field(default_factory=dict)
    tally: Tally = field(default_factory=Tally)
    consolidation: Consolidation = field(default_factory=Consolidation)
    checked: Checked = field(default_factory=Checked)
    #: since :meth:`settle` last ran: each document changed, as it was before (None: not in);
    #: the unedited digests of those put in; the subjects to check whether to check
    was: dict[str, DocState | None] = field(default_factory=dict, repr=False)
    raw: dict[str, bytes] = field(default_factory=dict, repr=False)
    candidates: set[str] = field(default_factory=set, repr=False)

    def add(self, doc: DocState, mapped: Mapped,
            recall: Callable[[str], Mapped | None] | None = None) -> None:
        """Document ``doc`` in, with its summary ``mapped``. ``recall`` (a map key -> that
        document's summary) takes back values a saved state let go (``consolidation``)."""
        path = doc.path
        self.was.setdefault(path, self.docs.get(path))
        self.docs[path] = doc
        self.consolidation.add(path, mapped.values, self._warm(recall))
        self.tally.add(path, mapped, doc.edit)
        self.raw[path] = mapped.digests
        self._candidates(mapped)

    def retract(self, path: str, mapped: Mapped,
                recall: Callable[[str], Mapped | None] | None = None) -> None:
        """Document ``path`` out (``mapped``: the summary it was put in with)."""
        doc = self.docs[path]
        self.was.setdefault(path, doc)
        self.consolidation.retract(path, mapped.values, self._warm(recall))
        self.tally.retract(path, mapped, doc.edit)
        del self.docs[path]
        self.raw.pop(path, None)
        self._candidates(mapped)

    def _candidates(self, mapped: Mapped) -> None:
        self.candidates.update(mapped.subjects)
        self.candidates.update(mapped.mixed)

    def _warm(self, recall: Callable[[str], Mapped | None] | None
              ) -> Callable[[str], Iterator[tuple[str, str, str, str]]]:
        """The values the documents in give a subject, from their summaries (``recall``)."""

        def warm(subject: str) -> Iterator[tuple[str, str, str, str]]:
            for path in sorted(self.tally.docs(subject)):
                m = recall(self.docs[path].key) if recall is not None else None
                if m is None:
                    raise Fallback(f"the cache has no summary of {path}")
                yield from ((path, p, o, lexical) for s, p, o, lexical in m.values
                            if s == subject)

        return warm

    def settle(self, folder: Path, *, checks: bool = True) -> set[str]:
        """Consolidate the subjects whose values changed (each document's edit follows), and
        bring the checked nodes up to date (the documents' spool files are in ``folder``);
        returns the checked nodes to validate again. A build that does not validate
        (``checks`` False; its state is kept for builds that do not either) has none."""
        self.candidates |= self.consolidation.dirty
        edits = self.consolidation.result(
            lambda path: self.docs[path].edit if path in self.docs else None, self.tally.docs)
        for path, edit in edits.items():
            doc = self.docs.get(path)
            if doc is None or doc.edit == edit:
                continue
            self.was.setdefault(path, doc)
            raw = self.raw.get(path)
            if raw is None:
                raw = digests_of(effective_lines(folder, doc.file, doc.shared_bytes, None))
            self.tally.reedit(raw, doc.edit, edit)
            self.docs[path] = replace(doc, edit=edit)
        self.tally.settle()
        if not checks:
            self.was, self.raw, self.candidates = {}, {}, set()
            return set()
        now: dict[str, set[str]] = {}  # a changed document's lines now
        if self.checked.nodes:  # an empty state has no checked node: no line matters yet
            for path, was in self.was.items():
                before = self._lines(was, folder)
                now[path] = after = self._lines(self.docs.get(path), folder)
                self.checked.retract(before - after)
                self.checked.add(after - before)
        again = self.checked.result(self.candidates, self.is_checked,
                                    lambda nodes: self._lines_about(nodes, now, folder))
        self.was, self.raw, self.candidates = {}, {}, set()
        return again

    def _lines_about(self, nodes: set[str], now: dict[str, set[str]], folder: Path
                     ) -> Iterator[str]:
        """The lines about ``nodes``, once per document giving each, a document at a time."""
        paths = sorted({path for node in nodes for path in self.tally.docs(node)})
        for path in paths:
            lines = now.get(path)
            if lines is None:
                lines = self.lines(path, folder)
            yield from (line for line in lines if line[: line.index(" ")] in nodes)

    @staticmethod
    def _lines(doc: DocState | None, folder: Path) -> set[str]:
        if doc is None:
            return set()
        return effective_lines(folder, doc.file, doc.shared_bytes, doc.edit)

    def lines(self, path: str, folder: Path) -> set[str]:
        """Document ``path``'s shared lines, its edit applied (its spool file in ``folder``)."""
        return self._lines(self.docs[path], folder)

    def is_checked(self, subject: str) -> bool:
        """Whether ``subject`` is a checked node (``check``)."""
        return (len(self.tally.docs(subject)) >= 2 or subject in self.consolidation.changed
                or self.tally.mixed.get(subject, 0) > 0)

    def messages(self) -> list[str]:
        """What consolidation says about the values it dropped, in code-point order."""
        return self.consolidation.messages()


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
    write_forked(file, lambda f: _write(state, f), background=background)


def _write(state: State, file: Path) -> None:
    from .._output import write_atomic

    write_atomic(file, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL), sync=False)


def discard(file: Path) -> None:
    """Remove the state ``file`` (once any child writing it is done)."""
    wait_saved(file)
    file.unlink(missing_ok=True)


def load(file: Path) -> State | None:
    """The state in ``file`` (written by this program: see ``cache``), or None."""
    wait_saved(file)
    try:
        with open(file, "rb") as handle:
            state = pickle.load(handle)  # a cache this program wrote (see cache)
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError,
            ImportError, TypeError):
        return None
    return state if isinstance(state, State) and state.version == STATE_VERSION else None
