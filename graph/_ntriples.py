"""N-Triples terms and lines: how a term is written, and an 8-byte digest of a line (for
counting distinct triples without keeping them)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = ["digests_of", "line_digest", "nt"]


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt(term: Node) -> str:
    """``term`` as N-Triples writes it."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    text = f'"{str(term).translate(_NT_ESCAPES)}"'
    if term.language:
        return f"{text}@{term.language}"
    return f"{text}^^<{term.datatype}>" if term.datatype else text


def line_digest(line: str) -> bytes:
    """8 bytes that tell an N-Triples line from any other (for counting distinct triples)."""
    return hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest()


def digests_of(lines: Iterable[str]) -> bytes:
    return b"".join(line_digest(line) for line in lines)
