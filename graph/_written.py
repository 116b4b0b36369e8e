"""Where each document's block lies in the N-Quads and TriG outputs a cached build wrote.

An N-Quads or TriG output is the documents' blocks one after another (``Spool.block``), and a
block depends only on the document's spool file, graph name and edit (``Spool.block_key``).
After writing such an output, a build whose spool belongs to a cache records, in the cache's
``written.pkl``, the output's identity (inode, size, change time) and each block's offset and
length. The next build writing the same file copies the blocks of the documents that did not
change from it (``os.copy_file_range``, in the kernel) into the new file, which is still written
to a temporary file and renamed over the old one (``write_streaming``): a rebuild after changing
one document of 10,000 then writes one block and copies the rest instead of remaking a gigabyte.

The old file is used only if it is exactly the one recorded (same inode, size and change time:
any write to it, or a file put in its place, changes them, except a write of the same size
within the clock tick of the recorded one, a few milliseconds); otherwise, or if the record is
missing or unreadable, every block is made again.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ._output import write_atomic

__all__ = ["Source", "Written", "previous", "record"]

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
