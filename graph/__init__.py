"""kg-builder: knowledge graphs of people, organisations, events, places and document references
built from institutional documents, validated by SHACL shapes.

    >>> from graph import build
    >>> result = build([Path("examples/documents")])
    >>> result.union().serialize(format="turtle")
"""

from __future__ import annotations

from ._errors import (
    ClusterError,
    EmptyDocument,
    EndpointError,
    ExtractionError,
    GraphFileError,
    InputError,
    KgError,
    ModelError,
    OutputError,
    QueryError,
    QueryTimeout,
    RegistryError,
    StoreError,
    UnreadableDocument,
    UnsupportedFormat,
    ValidationError,
)
from ._namespaces import KG, SCHEMA
from ._output import read_graph
from ._version import __version__ as __version__
from .loaders import load_document
from .pipeline import BuildResult, Failure, build
from .query import QueryResult, run_query
from .records import (
    DateValue,
    DocField,
    Document,
    DocumentFact,
    EntityKind,
    Mention,
    Relation,
    RelationKind,
    Span,
)
from .store import Store
from .validate import ValidationReport, validate

__all__ = [
    "KG",
    "SCHEMA",
    "BuildResult",
    "ClusterError",
    "DateValue",
    "DocField",
    "Document",
    "DocumentFact",
    "EmptyDocument",
    "EndpointError",
    "EntityKind",
    "ExtractionError",
    "Failure",
    "GraphFileError",
    "InputError",
    "KgError",
    "Mention",
    "ModelError",
    "OutputError",
    "QueryError",
    "QueryResult",
    "QueryTimeout",
    "RegistryError",
    "Relation",
    "RelationKind",
    "Span",
    "Store",
    "StoreError",
    "UnreadableDocument",
    "UnsupportedFormat",
    "ValidationError",
    "ValidationReport",
    "build",
    "load_document",
    "read_graph",
    "run_query",
    "validate",
]

