"""The one place where data IRIs are minted.

IRIs are deterministic: the same input gives the same IRI on every run and machine. They follow
``<base>/id/<type>/<key>`` with an opaque lowercase key (16 hex digits of a SHA-256 over the
tuple that defines the thing), except mention targets, which are RFC 5147 fragments of their
document: ``<document IRI>#char=<start>,<end>``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import ClassVar

from rdflib import Namespace, URIRef
from rdflib.term import Node

from ._namespaces import DEFAULT_BASE

__all__ = ["IriMinter", "normalize_name"]

_NON_WORD = re.compile(r"[^\w]+")
_LEADING_THE = re.compile(r"^(?:the|l|la|le|les|el|los|las)\s+")


@lru_cache(maxsize=1 << 16)
def normalize_name(name: str) -> str:
    """A name folded for comparison: accents, case, punctuation and a leading article removed.

    "The Future-of-Life Institute" and "future of life institute" give the same string.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = _NON_WORD.sub(" ", stripped.casefold()).replace("_", " ").strip()
    return _LEADING_THE.sub("", " ".join(folded.split()))


def _key(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]


def _unchecked(iri: str) -> URIRef:
    """``URIRef(iri)`` for an IRI known to hold none of the characters rdflib warns about."""
    return str.__new__(URIRef, iri)


class IriMinter:
    """Mints every IRI of the data under one ``base``."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        base = base.rstrip("/")
        if not re.match(r"^[a-z][a-z0-9+.-]*:", base, re.IGNORECASE) or any(
            c in base for c in ' <>"{}|\\^`'
        ):
            raise ValueError(f"not an absolute IRI usable as a base: {base!r}")
        self.base = base

    #: Turtle prefixes of the minted IRIs, by the type segment of the IRI.
    PREFIXES: ClassVar[dict[str, str]] = {
        "document": "doc", "person": "person", "organization": "organization", "event": "event",
        "place": "place", "creativework": "work", "membership": "membership", "role": "role",
        "annotation": "ann", "selector": "sel", "statement": "stmt", "merge": "merge",
    }

    def prefixes(self) -> dict[str, Namespace]:
        """Prefix -> namespace of each kind of minted IRI (compact and fast Turtle)."""
        return {prefix: Namespace(f"{self.base}/id/{kind}/")
                for kind, prefix in self.PREFIXES.items()}

    def _iri(self, kind: str, *parts: str) -> URIRef:
        iri = f"{self.base}/id/{kind}/{_key(kind, *parts)}"
        # without rdflib's check of each character where it cannot fail: the base was checked
        # above, the key is hex digits (the check took a third of the time of minting)
        return _unchecked(iri) if kind in self.PREFIXES else URIRef(iri)

    def document(
        self, identifier: str | None, content_hash: str, disambiguator: str | None = None
    ) -> URIRef:
        """A source document: keyed on its reference number when it has one, else its content.

        ``disambiguator`` (the file's path) tells apart two files that would share a key: two
        copies of one text, or two documents given the same reference number.
        """
        extra = (disambiguator,) if disambiguator else ()
        if identifier:
            return self._iri("document", "ref", normalize_name(identifier), *extra)
        return self._iri("document", "hash", content_hash, *extra)

    def entity(self, kind: str, key: str) -> URIRef:
        """An entity of ``kind`` ("person", "organization"...) identified by ``key``."""
        return self._iri(kind.lower(), key)

    def role(self, title: str) -> URIRef:
        return self._iri("role", normalize_name(title))

    def membership(self, person: URIRef, role: URIRef, organization: URIRef) -> URIRef:
        return self._iri("membership", person, role, organization)

    def statement(self, subject: URIRef, predicate: URIRef, obj: Node) -> URIRef:
        return self._iri("statement", subject, predicate, obj.n3())

    def merge(self, entity: URIRef, rule: str, *names: str) -> URIRef:
        """The record of names joined into ``entity`` by ``rule`` (merge provenance)."""
        return self._iri("merge", entity, rule, *sorted(names))

    def annotation(
        self, document: URIRef, start: int, end: int, body: URIRef, extractor: str
    ) -> URIRef:
        return self._iri("annotation", document, str(start), str(end), body, extractor)

    def selector(self, document: URIRef, start: int, end: int) -> URIRef:
        return self._iri("selector", document, str(start), str(end))

    @staticmethod
    def target(document: URIRef, start: int, end: int) -> URIRef:
        """The RFC 5147 fragment IRI of characters ``start``..``end`` of ``document``."""
        return URIRef(f"{document}#char={start},{end}")

    @staticmethod
    def recognition(document: URIRef) -> URIRef:
        """The OCR run that read a scanned document (``kg:Recognition``), one per document."""
        return URIRef(f"{document}#ocr")
