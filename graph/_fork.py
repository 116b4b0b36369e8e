"""Files written by forked children, and waiting for them.

A build writes its state (``_build.state``) from a child process while it goes on writing the
output: :func:`write_forked` starts it, :func:`wait_written` waits for it (the end of the
program does too), and :func:`exit_code` is how any child is waited for."""

from __future__ import annotations

import atexit
import os
from collections.abc import Callable
from pathlib import Path

__all__ = ["exit_code", "wait_written", "write_forked"]

#: files being written by a child process (see :func:`write_forked`) -> its process id, or 0
#: for one this process failed to write
_writing: dict[str, int] = {}


def exit_code(pid: int) -> int | None:
    """Wait for the child process ``pid``: its exit code, or None when it is not (or no
    longer) a child of this process."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return None
    return os.waitstatus_to_exitcode(status)


def write_forked(file: Path, write: Callable[[Path], None], *, background: bool) -> None:
    """``write(file)``; with ``background``, where the system forks, in a child process while
    this one goes on (:func:`wait_written` waits for it). An OSError, here or in the child,
    leaves no file, which :func:`wait_written` then reports."""
    fork = getattr(os, "fork", None) if background else None
    if fork is not None:
        try:
            pid = fork()
        except OSError:
            pid = -1
        if pid == 0:  # the child: write and leave, running nothing of the parent's
            code = 1
            try:
                write(file)
                code = 0
            finally:
                os._exit(code)
        if pid > 0:
            _writing[str(file)] = pid
            return
    try:
        write(file)
    except OSError:  # as when the child fails: no file
        _writing[str(file)] = 0


def wait_written(file: Path | None = None) -> bool:
    """Wait until ``file`` (every one, for None) is written; False when a child writing it
    failed (the file is then absent)."""
    ok = True
    for name in [str(file)] if file is not None else list(_writing):
        pid = _writing.pop(name, None)
        if pid is None:
            continue
        written = pid != 0 and exit_code(pid) in (0, None)  # 0: this process failed to write it
        ok = ok and written
    return ok


atexit.register(wait_written)
