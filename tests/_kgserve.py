"""Start ``kg serve`` in its own process for a test, on a free port; stop it after; ask it."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
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


def fetch(url: str, accept: str) -> tuple[int, dict[str, str], str]:
    """``(status, headers, body)`` of a GET of ``url`` asking for ``accept`` (errors too)."""
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers), exc.read().decode()

