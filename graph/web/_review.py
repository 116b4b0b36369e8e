"""Review decisions taken on the pages, appended to a curation file (``kg serve --review``).

Each decision becomes one ``[[section]]`` table at the end of the file, in the format
:mod:`graph._curation` reads, after a comment saying when it was taken; what the file held
before (comments included) is kept byte for byte. The new file is checked by the same reader
``kg build --curation`` uses, then written atomically (temporary file, rename). Writers take a
lock first, a thread lock within the server and ``flock`` on ``.FILE.lock`` beside the file
across processes, so decisions sent at once are appended one after the other and none is lost.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from .._curation import load_curation
from .._errors import InputError

__all__ = ["ACTIONS", "CurationFile", "toml_string"]

ACTIONS = ("same_as", "not_same_as", "rename", "retype", "reject")


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string (quotes, backslashes and control characters escaped)."""
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _table(section: str, fields: Sequence[tuple[str, str | list[str]]]) -> str:
    lines = [f"[[{section}]]"]
    for key, value in fields:
        if isinstance(value, list):
            lines.append(f"{key} = [{', '.join(toml_string(v) for v in value)}]")
        else:
            lines.append(f"{key} = {toml_string(value)}")
    return "\n".join(lines) + "\n"


class CurationFile:
    """The curation file decisions are appended to."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        lock_path = self.path.with_name(f".{self.path.name}.lock")
        with self._lock, open(lock_path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def append(self, section: str, fields: Sequence[tuple[str, str | list[str]]],
               note: str = "") -> str:
        """Append one decision; returns the table written. Raises InputError (nothing written)
        when the decision is not one the curation reader accepts."""
        if section not in ACTIONS:
            raise InputError(str(self.path), f"unknown decision {section!r}. "
                             f"Available decisions: {', '.join(ACTIONS)}")
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        comment = f"# kg serve --review, {stamp}" + (f": {' '.join(note.split())}" if note
                                                       else "")
        table = _table(section, fields)
        with self._locked():
            try:
                old = self.path.read_bytes()
            except FileNotFoundError:
                old = b""
            sep = b"" if not old or old.endswith(b"\n\n") else (
                b"\n" if old.endswith(b"\n") else b"\n\n")
            new = old + sep + (comment + "\n" + table).encode("utf-8")
            self._replace(new)
        return table

    def _replace(self, data: bytes) -> None:
        folder = self.path.parent
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            load_curation(Path(tmp))  # the build must be able to read what is written
            if self.path.exists():
                os.chmod(tmp, self.path.stat().st_mode & 0o7777)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
