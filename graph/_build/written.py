"""Where each document's block lies in the N-Quads and TriG outputs a cached build wrote.

An N-Quads or TriG output is the documents' blocks one after another (``Spool.block``), and a
block depends only on the document's spool file, graph name and edit (``Spool.block_key``).
After writing such an output, a build whose spool belongs to a cache records, in the cache's
``written.pkl``, the output's identity (inode, size, change time) and each block's offset and
length. The next build writing the same file copies the blocks of the documents that did not
change from it (``os.copy_file_range``, in the kernel) into the new file, which is still written
to a temporary file and renamed over the old one (``write_streaming``): a rebuild after changing
one document of 10,000 then writes one block and copies the rest instead of remaking a gigabyte.

While a rebuild works out what changed, a child process already copies the last output into a
new temporary file beside it, from its start (:class:`Ahead`); writing then keeps of that copy
the blocks that are the same, at the same place, as in the old file, and goes on from the first
that is not: the copy (2.5 to 3 s for the 1.8 GB of 10,000 documents here) overlaps the
rebuild's work rather than following it.

The old file is used only if it is exactly the one recorded (same inode, size and change time:
any write to it, or a file put in its place, changes them, except a write of the same size
within the clock tick of the recorded one, a few milliseconds); otherwise, or if the record is
missing or unreadable, every block is made again.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import select
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .._fork import exit_code
from .._output import write_atomic

__all__ = ["Ahead", "Source", "Taken", "Written", "previous", "record"]

#: outputs remembered per cache (the most recently written are kept)
KEEP = 8

BlockKey = tuple[str, str, bytes]


@dataclass
class Written:
    """One output file as written: its identity and its blocks."""

    fmt: str
    inode: int
    size: int
    ctime_ns: int
    blocks: dict[BlockKey, tuple[int, int]] = field(default_factory=dict)  # (offset, length)

    def matches(self, st: os.stat_result) -> bool:
        return (st.st_ino, st.st_size, st.st_ctime_ns) == (self.inode, self.size, self.ctime_ns)


def _load(index_file: Path | None) -> dict[str, Written]:
    if index_file is None:
        return {}
    try:
        found = pickle.loads(index_file.read_bytes())
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
            TypeError):
        return {}
    return found if isinstance(found, dict) else {}


def previous(index_file: Path | None, path: Path, fmt: str) -> Written | None:
    """The record of ``path`` as last written in format ``fmt``, if there is one."""
    found = _load(index_file).get(str(path.resolve()))
    return found if isinstance(found, Written) and found.fmt == fmt else None


def record(index_file: Path | None, path: Path, fmt: str,
           blocks: dict[BlockKey, tuple[int, int]]) -> None:
    """Record ``path``, just written, and its blocks."""
    if index_file is None:
        return
    st = path.stat()
    outputs = _load(index_file)
    key = str(path.resolve())
    outputs.pop(key, None)
    outputs[key] = Written(fmt, st.st_ino, st.st_size, st.st_ctime_ns, blocks)
    while len(outputs) > KEEP:
        outputs.pop(next(iter(outputs)))
    write_atomic(index_file, pickle.dumps(outputs, protocol=pickle.HIGHEST_PROTOCOL), sync=False)


class Source:
    """The old output, open for copying blocks from, when it is the one recorded.

    :meth:`copy` gathers runs of blocks that follow one another in the old file and copies each
    run in one go, before the next block that is made again (or at :meth:`finish`)."""

    def __init__(self, path: Path, written: Written | None) -> None:
        self.fd: int | None = None
        self.blocks: dict[BlockKey, tuple[int, int]] = {}
        self.run: tuple[int, int] | None = None  # (offset, length) in the old file
        self.copied = 0  # bytes copied, for the tests and the benchmark
        if written is None:
            return
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return
        if written.matches(os.fstat(fd)):
            self.fd, self.blocks = fd, written.blocks
        else:
            os.close(fd)

    def copy(self, key: BlockKey, out: IO[bytes]) -> int | None:
        """Copy (or add to the run to copy) the old block of ``key``: its length, or None when
        the old file has no such block (the pending run is then copied first)."""
        found = self.blocks.get(key)
        if found is None:
            self.finish(out)
            return None
        offset, length = found
        if self.run is not None and self.run[0] + self.run[1] == offset:
            self.run = (self.run[0], self.run[1] + length)
        else:
            self.finish(out)
            self.run = found
        return length

    def finish(self, out: IO[bytes]) -> None:
        """Copy the pending run."""
        if self.run is None or self.fd is None:
            self.run = None
            return
        offset, length = self.run
        self.run = None
        out.flush()  # the buffered bytes go first; the copy then starts at the file's offset
        dst = out.fileno()
        done = 0
        if hasattr(os, "copy_file_range"):
            try:
                while done < length:
                    n = os.copy_file_range(self.fd, dst, length - done, offset + done)
                    if n == 0:
                        break
                    done += n
            except OSError:  # not supported between these files: copy through memory
                pass
        while done < length:
            chunk = os.pread(self.fd, min(length - done, 1 << 24), offset + done)
            if not chunk:
                raise OSError(f"the previous output ended at {offset + done}, before its "
                              "recorded end")
            out.write(chunk)
            out.flush()
            done += len(chunk)
        self.copied += length

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


@dataclass
class Taken:
    """A copy ahead handed over for writing: the open temporary file (positioned at its end),
    its name, its size and the leading blocks it holds, at their places in the old file (the
    same as in the new one)."""

    fd: int
    tmp: str
    size: int
    blocks: dict[BlockKey, tuple[int, int]]


class Ahead:
    """The output the cache's spool wrote last, copied from its start into a new temporary file
    beside it by a child process, while the build goes on (see the module docstring).

    :meth:`take` stops the copy and hands over the temporary file, cut back to the blocks that
    the new output shares, in the same places, with the old one; :meth:`discard` (also at the
    end of the program) stops it and removes the file. Where the system cannot fork or copy in
    the kernel, or the last output is not exactly the one recorded, nothing is copied."""

    CHUNK = 1 << 25  # bytes copied between two looks at whether to stop

    def __init__(self, index_file: Path | None) -> None:
        self.pid: int | None = None
        self.fd: int | None = None
        self.tmp = ""
        self.key = ""
        self.written: Written | None = None
        self._stop_w: int | None = None
        outputs = _load(index_file)
        if not outputs or not hasattr(os, "fork") or not hasattr(os, "copy_file_range"):
            return
        key, written = next(reversed(outputs.items()))
        if not isinstance(written, Written) or written.fmt not in ("nquads", "trig"):
            return
        path = Path(key)
        try:
            src = os.open(path, os.O_RDONLY)
        except OSError:
            return
        try:
            if not written.matches(os.fstat(src)):
                return
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
            try:
                stop_r, stop_w = os.pipe()
                try:
                    pid = os.fork()
                except OSError:
                    os.close(stop_r)
                    os.close(stop_w)
                    raise
            except OSError:
                os.close(fd)
                os.unlink(tmp)
                return
            if pid == 0:  # the child: copy until done or told to stop, run nothing of the parent
                code = 1
                try:
                    os.close(stop_w)
                    self._copy(src, fd, written.size, stop_r)
                    code = 0
                finally:
                    os._exit(code)
            os.close(stop_r)
        except OSError:
            return
        finally:
            os.close(src)
        self.pid, self.fd, self.tmp, self._stop_w = pid, fd, tmp, stop_w
        self.key, self.written = key, written
        atexit.register(self.discard)

    @classmethod
    def _copy(cls, src: int, dst: int, size: int, stop: int) -> None:
        """The child's work: copy ``size`` bytes of ``src`` to ``dst``, a chunk at a time, until
        done or something can be read from ``stop``."""
        done = 0
        while done < size and not select.select([stop], [], [], 0)[0]:
            n = os.copy_file_range(src, dst, min(cls.CHUNK, size - done), done, done)
            if n == 0:
                break
            done += n

    def wait(self) -> None:
        """Wait until the whole file is copied (for the tests)."""
        self._reap()

    def _reap(self) -> None:
        if self.pid is not None:
            exit_code(self.pid)
            self.pid = None

    def _stop(self) -> None:
        if self._stop_w is not None:
            with contextlib.suppress(OSError):  # it is done already
                os.write(self._stop_w, b"x")
            os.close(self._stop_w)
            self._stop_w = None
        self._reap()

    def take(self, path: Path, fmt: str, keys: Sequence[BlockKey]) -> Taken | None:
        """For writing ``path`` in ``fmt`` as the blocks ``keys`` in that order: the temporary
        file with the leading blocks it already holds (it is now the caller's), or None when
        there is nothing to use (the copy is then discarded)."""
        self._stop()
        written, fd = self.written, self.fd
        if fd is None or written is None:
            self.discard()
            return None
        try:
            same = (str(Path(path).resolve()) == self.key and fmt == written.fmt
                    and written.matches(os.stat(path)))
            copied = os.fstat(fd).st_size if same else 0
        except OSError:
            same = False
        if not same:
            self.discard()
            return None
        offset = 0
        kept: dict[BlockKey, tuple[int, int]] = {}
        for key in keys:
            found = written.blocks.get(key)
            if found is None or found[0] != offset or offset + found[1] > copied:
                break
            kept[key] = found
            offset += found[1]
        try:
            os.ftruncate(fd, offset)
            os.lseek(fd, offset, os.SEEK_SET)
        except OSError:
            self.discard()
            return None
        self.fd = None
        atexit.unregister(self.discard)
        return Taken(fd, self.tmp, offset, kept)

    def discard(self) -> None:
        """Stop the copy and remove its file."""
        self._stop()
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
            Path(self.tmp).unlink(missing_ok=True)
        atexit.unregister(self.discard)
