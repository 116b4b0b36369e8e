"""Each document's triples on disk, as N-Triples, so a build's memory does not grow with them.

A build maps every document in a worker or in this process (``map``), writing the document's
triples to a file of the *spool*: N-Triples lines, sorted, in two parts: the lines about nodes
other documents may describe too (entities, memberships, statements, merges, documents: the
*shared part*), then the lines about nodes only this document has (its annotations, selectors
and text targets: the *own part*). The main process keeps only a small :class:`SpoolEntry` per
document and never holds the triples themselves.

Outputs are then written by streaming the files, one document after another in path order,
with the consolidation edits (``_consolidate``) applied to the documents they touch: N-Quads
(each line gets the document's graph name), TriG (one graph block per document) and N-Triples
(lines of the shared parts written once). Turtle and JSON-LD need rdflib's serialisers, which
hold the whole graph: they are written from :meth:`Spool.dataset`, which reads the spool back.

A spool folder is either a temporary folder, removed when the build result is closed or
dropped, or the ``graphs`` folder of an incremental build's cache, whose files are named by the
digest of all a document's triples depend on and kept for the next build.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .._errors import OutputError
from .._output import write_atomic, write_streaming
from . import written as _written

__all__ = ["Edit", "Spool", "SpoolEntry", "effective_lines", "is_own_subject", "split_lines"]

#: Subjects that only the document they come from can have: annotations, selectors (their
#: IRIs are minted from the document's IRI) and RFC 5147 targets (``<doc>#char=a,b``).
_OWN_MARKERS = ("/id/annotation/", "/id/selector/", "#char=")


_OWN = re.compile("|".join(map(re.escape, _OWN_MARKERS)))


def is_own_subject(subject_nt: str) -> bool:
    """Whether an N-Triples subject is one only its document has (see ``_OWN_MARKERS``)."""
    return _OWN.search(subject_nt) is not None


def split_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """N-Triples lines as (shared part, own part), each sorted and without repeats."""
    shared: set[str] = set()
    own: set[str] = set()
    marked = _OWN.search
    last, mine = None, False
    for line in lines:  # a marker in the subject: before the line's first space
        subject = line[: line.index(" ")]
        if subject != last:  # a node's lines come together: look at its subject once
            last, mine = subject, marked(subject) is not None
        (own if mine else shared).add(line)
    return sorted(shared), sorted(own)


@dataclass(frozen=True)
class Edit:
    """Lines to take out of a document's shared part and lines to put in (consolidation)."""

    remove: frozenset[str] = frozenset()
    add: frozenset[str] = frozenset()


@dataclass
class SpoolEntry:
    """One document in the spool: its graph name, file, and the size of its shared part."""

    path: str  # the document's relative path
    graph: str  # its IRI, the graph name of its triples
    file: str  # file name in the spool folder
    shared_bytes: int  # the shared part is the first ``shared_bytes`` bytes of the file
    lines: int  # triples in the file


@dataclass
class Spool:
    """The spool folder and its documents, in output (path) order."""

    folder: Path
    entries: list[SpoolEntry] = field(default_factory=list)
    edits: dict[int, Edit] = field(default_factory=dict)  # by index in ``entries``
    #: where the blocks of the N-Quads and TriG outputs it wrote are recorded (in a cache)
    index_file: Path | None = None
    #: bytes the last :meth:`write_file` copied from the previous output, and how many of them
    #: had been copied ahead (``written.Ahead``)
    copied: int = 0
    copied_ahead: int = 0
    _cleanup: weakref.finalize | None = field(default=None, repr=False)
    #: the last output being copied ahead for :meth:`write_file` (a rebuild's, ``written``)
    ahead: _written.Ahead | None = field(default=None, repr=False)

    @classmethod
    def temporary(cls) -> Spool:
        """A spool in a new temporary folder, removed by :meth:`close` or when dropped."""
        folder = Path(tempfile.mkdtemp(prefix="kg-spool-"))
        spool = cls(folder)
        spool._cleanup = weakref.finalize(spool, shutil.rmtree, folder, True)
        return spool

    def close(self) -> None:
        """Remove a temporary spool's folder (a cache's spool stays)."""
        if self.ahead is not None:
            self.ahead.discard()
            self.ahead = None
        if self._cleanup is not None:
            self._cleanup()

    def put(self, name: str, data: bytes) -> None:
        """Write a spool file (the bytes a remote worker sent back), atomically."""
        write_atomic(self.folder / name, data, sync=False)

    # reading ---------------------------------------------------------------------------

    def _raw(self, entry: SpoolEntry) -> bytes:
        try:
            return (self.folder / entry.file).read_bytes()
        except OSError as exc:
            raise OutputError(f"cannot read the spooled triples of {entry.path} "
                              f"({self.folder / entry.file}): {exc.strerror or exc}") from exc

    def parts(self, index: int) -> tuple[bytes, bytes]:
        """The document's (shared part, own part) as N-Triples bytes, edits applied."""
        entry = self.entries[index]
        data = self._raw(entry)
        shared, own = data[: entry.shared_bytes], data[entry.shared_bytes :]
        edit = self.edits.get(index)
        if edit is not None:
            lines = set(shared.decode("utf-8").splitlines(keepends=True))
            lines = (lines - edit.remove) | edit.add
            shared = "".join(sorted(lines)).encode("utf-8")
        return shared, own

    def shared_lines(self, index: int) -> list[str]:
        """The lines of a document's shared part, edits applied."""
        return self.parts(index)[0].decode("utf-8").splitlines(keepends=True)

    # writing ---------------------------------------------------------------------------

    def block(self, index: int, fmt: str) -> bytes:
        """Document ``index``'s block of an N-Quads or TriG output."""
        entry = self.entries[index]
        shared, own = self.parts(index)
        if fmt == "nquads":
            # a line ends in " .\n"; N-Triples escapes line breaks inside literals
            graph = f" <{entry.graph}> .\n".encode()
            return shared.replace(b" .\n", graph) + own.replace(b" .\n", graph)
        return b"".join((f"<{entry.graph}> {{\n".encode(), shared, own, b"}\n"))

    def block_key(self, index: int) -> tuple[str, str, bytes]:
        """What document ``index``'s block is made from: its spool file (named by the digest of
        its triples), its graph name and its edit."""
        entry = self.entries[index]
        edit = self.edits.get(index)
        digest = b""
        if edit is not None:
            h = hashlib.blake2b(digest_size=16)
            for lines in (edit.remove, edit.add):
                for line in sorted(lines):
                    h.update(line.encode("utf-8"))
                h.update(b"\0")
            digest = h.digest()
        return entry.file, entry.graph, digest

    def write_nquads(self, out: IO[bytes]) -> None:
        for i in range(len(self.entries)):
            out.write(self.block(i, "nquads"))

    def write_trig(self, out: IO[bytes]) -> None:
        for i in range(len(self.entries)):
            out.write(self.block(i, "trig"))

    def write_file(self, path: Path, fmt: str) -> None:
        """Write the N-Quads or TriG output ``path`` atomically. When the spool belongs to a
        cache (``index_file``) and ``path`` is the file it wrote last time, unchanged, the
        blocks of the documents that did not change are copied from it rather than made again
        (``written``)."""
        path = Path(path)
        previous = _written.previous(self.index_file, path, fmt)
        blocks: dict[tuple[str, str, bytes], tuple[int, int]] = {}
        keys = [self.block_key(i) for i in range(len(self.entries))]
        ahead, self.ahead = self.ahead, None
        taken = ahead.take(path, fmt, keys) if ahead is not None else None
        if taken is not None:  # its leading blocks are there already, copied ahead
            blocks.update(taken.blocks)
        head, done = (taken.size, len(taken.blocks)) if taken is not None else (0, 0)

        def write(out: IO[bytes]) -> None:
            source = _written.Source(path, previous)
            try:
                offset = head
                for i in range(done, len(keys)):
                    key = keys[i]
                    length = source.copy(key, out)
                    if length is None:
                        data = self.block(i, fmt)
                        out.write(data)
                        length = len(data)
                    blocks[key] = (offset, length)
                    offset += length
                source.finish(out)
                self.copied, self.copied_ahead = source.copied + head, head
            finally:
                source.close()

        write_streaming(path, write, opened=(taken.fd, taken.tmp) if taken is not None else None)
        _written.record(self.index_file, path, fmt, blocks)

    def write_ntriples(self, out: IO[bytes]) -> None:
        """The union: a line of a shared part that an earlier document gave is left out."""
        seen: set[bytes] = set()
        for i in range(len(self.entries)):
            shared, own = self.parts(i)
            kept = []
            for line in shared.splitlines(keepends=True):
                digest = hashlib.blake2b(line, digest_size=16).digest()
                if digest not in seen:
                    seen.add(digest)
                    kept.append(line)
            out.write(b"".join(kept))
            out.write(own)

    def nquads(self) -> bytes:
        """Every document's triples as N-Quads (for reading back into rdflib)."""
        import io

        buffer = io.BytesIO()
        self.write_nquads(buffer)
        return buffer.getvalue()


def effective_lines(folder: Path, file: str, shared_bytes: int, edit: Edit | None) -> set[str]:
    """A document's shared lines, its consolidation edit applied."""
    with open(folder / file, "rb") as handle:
        data = handle.read(shared_bytes)
    lines = set(data.decode("utf-8").splitlines(keepends=True))
    if edit is not None:
        lines = (lines - edit.remove) | edit.add
    return lines
