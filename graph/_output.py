"""Serialising graphs and writing files atomically.

A file is written to a temporary file in the target folder and renamed over the target only when
it is complete, so an interrupted or failed run never leaves a half-written graph behind.
Serialisations are deterministic: the same graph gives the same bytes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from rdflib import Dataset, Graph

from ._errors import GraphFileError, OutputError

__all__ = ["FORMATS", "format_for", "read_graph", "serialize", "write_atomic", "write_streaming"]

#: Output formats: name -> (rdflib serializer, file suffixes, keeps named graphs).
FORMATS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "turtle": ("turtle", (".ttl", ".turtle"), False),
    "trig": ("trig", (".trig",), True),
    "nquads": ("nquads", (".nq", ".nquads"), True),
    "ntriples": ("nt", (".nt", ".ntriples"), False),
    "json-ld": ("json-ld", (".jsonld", ".json"), False),
}


def format_for(path: Path, explicit: str | None = None) -> str:
    """The format named by ``explicit``, else the one the file's suffix implies."""
    if explicit:
        if explicit not in FORMATS:
            raise OutputError(
                f"unknown format {explicit!r}. Available formats: {', '.join(FORMATS)}"
            )
        return explicit
    suffix = path.suffix.lower()
    for name, (_, suffixes, _) in FORMATS.items():
        if suffix in suffixes:
            return name
    known = ", ".join(s for _, suffixes, _ in FORMATS.values() for s in suffixes)
    raise OutputError(
        f"cannot tell the format of {path.name!r} from its suffix. Use --format or one of: {known}"
    )


def _sorted_lines(data: str) -> str:
    lines = sorted({line for line in data.splitlines() if line.strip()})
    return "\n".join(lines) + ("\n" if lines else "")


def serialize(ds: Dataset, fmt: str, union: Graph | None = None) -> bytes:
    """``ds`` in format ``fmt``: its union graph (``union`` when the caller has it already), or
    its named graphs for TriG and N-Quads."""
    serializer, _, quads = FORMATS[fmt]
    if quads:
        text = ds.serialize(format=serializer)
    else:
        if union is None:
            union = Graph(bind_namespaces="none")
            for prefix, namespace in ds.namespaces():
                union.bind(prefix, namespace, replace=True)
            for s, p, o, _ in ds.quads((None, None, None, None)):
                union.add((s, p, o))
        if fmt == "json-ld":
            text = union.serialize(format=serializer, sort_keys=True)
        else:
            text = union.serialize(format=serializer)
    if fmt in ("ntriples", "nquads"):
        text = _sorted_lines(text)
    return text.encode("utf-8")


def write_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to ``path`` so that ``path`` is either the old file or the whole new one
    (see :func:`write_streaming`)."""
    write_streaming(path, lambda fh: fh.write(data), sync=sync)


def write_streaming(path: Path, write: Callable[[IO[bytes]], object], *, sync: bool = True,
                    opened: tuple[int, str] | None = None) -> None:
    """Write a file through ``write(fh)`` into a temporary file in the target folder, renamed
    over ``path`` once complete: ``path`` is either the old file or the whole new one, also when
    the run fails or is interrupted. ``sync`` waits for the bytes to reach the disk first.
    ``opened`` is a temporary file of that folder already begun (descriptor, name): ``write``
    goes on from its current position."""
    path = Path(path)
    if opened is not None:
        fd, tmp = opened
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as fh:
            write(fh)
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise


def read_graph(path: Path) -> Dataset:
    """Read a graph file in any supported format (chosen by suffix) into a Dataset."""
    path = Path(path)
    if not path.is_file():
        raise GraphFileError(f"{path}: no such graph file")
    try:
        fmt = format_for(path)
    except OutputError as exc:
        raise GraphFileError(str(exc)) from None
    serializer = FORMATS[fmt][0]
    ds = Dataset(default_union=True)
    try:
        ds.parse(data=path.read_bytes(), format=serializer)
    except Exception as exc:  # rdflib's parsers raise many kinds of errors
        raise GraphFileError(f"{path}: not valid {fmt}: {exc}") from exc
    return ds
