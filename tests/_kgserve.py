"""Start ``kg serve`` in its own process for a test, on a free port; stop it after."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .conftest import REPO


@contextmanager
def kg_serve(store: Path, *args: str) -> Iterator[str]:
    """Yield the root URL (``http://127.0.0.1:PORT``) of ``kg serve --store STORE ARGS``."""
    process = subprocess.Popen(
        [sys.executable, "-m", "graph", "serve", "--store", str(store), "--port", "0", *args],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    try:
        line = process.stdout.readline() if process.stdout else ""
        if "http://" not in line:
            raise RuntimeError(f"kg serve did not start: {line} {process.stderr.read()}")
        yield line.split(" at ")[1].split()[0].removesuffix("/query")
    finally:
        process.terminate()
        process.wait(timeout=10)
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()
