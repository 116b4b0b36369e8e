"""The exceptions kg-builder raises. Only the CLI turns them into messages and exit codes.

::

    KgError
    ├── InputError                 a file or folder cannot be used as input
    │   ├── UnsupportedFormat      no loader for this file type
    │   ├── UnreadableDocument     the file cannot be read or decoded (binary, bad encoding)
    │   └── EmptyDocument          the file holds no text
    ├── RegistryError              an unknown loader or extractor name
    ├── ModelError                 the spaCy pipeline cannot be loaded
    ├── ClusterError               a Dask scheduler cannot be used (unreachable, not installed)
    ├── ExtractionError            an extractor failed on one document
    ├── GraphFileError             a graph file cannot be read (missing, bad syntax)
    ├── QueryError                 a SPARQL query cannot be parsed or run
    │   └── QueryTimeout           a query ran past its time limit
    ├── StoreError                 a store directory cannot be opened, read or written
    ├── EndpointError              a remote SPARQL endpoint refused or cannot be reached
    ├── ValidationError            the shapes cannot be loaded or run
    └── OutputError                the output cannot be written

    UserWarning
    └── ExtractionWarning          an extractor left part of a document unread (a bound hit);
                                   the build lists these among its warnings
"""

from __future__ import annotations

__all__ = [
    "ClusterError",
    "EmptyDocument",
    "EndpointError",
    "ExtractionError",
    "ExtractionWarning",
    "GraphFileError",
    "InputError",
    "KgError",
    "ModelError",
    "OutputError",
    "QueryError",
    "QueryTimeout",
    "RegistryError",
    "StoreError",
    "UnreadableDocument",
    "UnsupportedFormat",
    "ValidationError",
    "reason_of",
]


class KgError(Exception):
    """Base class of every error kg-builder raises on purpose."""


class InputError(KgError):
    """A file or folder cannot be used as input."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class UnsupportedFormat(InputError):
    """No loader handles this kind of file."""


class UnreadableDocument(InputError):
    """The file cannot be read or decoded."""


class EmptyDocument(InputError):
    """The file holds no text."""


class RegistryError(KgError):
    """A name that is not registered was asked for."""


class ModelError(KgError):
    """The spaCy pipeline cannot be loaded."""


class ClusterError(KgError):
    """A Dask scheduler cannot be used: it is unreachable, or Dask is not installed."""


class ExtractionError(KgError):
    """An extractor failed on a document."""


class GraphFileError(KgError):
    """A graph file cannot be read."""


class QueryError(KgError):
    """A SPARQL query cannot be parsed or run."""


class QueryTimeout(QueryError):
    """A SPARQL query ran past its time limit."""


class StoreError(KgError):
    """A store directory cannot be opened, read or written."""


class EndpointError(KgError):
    """A remote SPARQL endpoint cannot be reached or refused a request."""


class ValidationError(KgError):
    """The SHACL shapes cannot be loaded or run."""


class OutputError(KgError):
    """The output cannot be written."""


def reason_of(exc: BaseException) -> str:
    """What a failed document's report says of ``exc``: the message of one of our errors, or
    "internal error" and the exception (a bug, which loses one document, not the build)."""
    return str(exc) if isinstance(exc, KgError) else f"internal error: {exc!r}"


class ExtractionWarning(UserWarning):
    """An extractor read only part of a document, to stay within a bound (e.g. the relation
    classifier's cap on candidate pairs); the message says what was left out and where."""
