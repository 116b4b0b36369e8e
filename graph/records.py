"""The frozen records that flow through the pipeline.

Loaders produce a :class:`Document`. Extractors read a processed document and *yield* records:
:class:`Mention` (an entity named in the text), :class:`Relation` (a typed link between two
mentions) and :class:`DocumentFact` (something about the source document itself). Records never
hold RDF terms: exactly one module (``graph._mapping``) turns them into triples.

Every record carries the :class:`Span` of text it was read from, so every triple in the graph can
be traced back to the characters that support it.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date as _date
from enum import StrEnum

__all__ = [
    "DateValue",
    "DocField",
    "Document",
    "DocumentFact",
    "EntityKind",
    "Mention",
    "Record",
    "Relation",
    "RelationKind",
    "Span",
    "names_any",
]


@dataclass(frozen=True, slots=True)
class Document:
    """A source file turned into text.

    ``path`` is the file's path relative to the input folder (POSIX separators); ``text`` is the
    plain text every character offset in the graph refers to. ``metadata`` holds what the file
    itself says (an HTML ``<title>``, the encoding that was detected), as ``(key, value)`` pairs.
    """

    path: str
    text: str
    media_type: str
    content_hash: str
    metadata: tuple[tuple[str, str], ...] = ()

    def meta(self, key: str) -> str | None:
        """The first metadata value under ``key``, or None."""
        for k, v in self.metadata:
            if k == key:
                return v
        return None


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Characters ``start`` (inclusive) to ``end`` (exclusive) of ``Document.text``."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span offsets {self.start}..{self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"span text {self.text!r} does not fit offsets {self.start}..{self.end}"
            )


@dataclass(frozen=True, slots=True, order=True)
class DateValue:
    """A calendar date known to day, month or year precision.

    ``iso`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` to match the precision, which maps to
    ``xsd:date``, ``xsd:gYearMonth`` and ``xsd:gYear``.
    """

    iso: str

    def __post_init__(self) -> None:
        parts = self.iso.split("-")
        shaped = (
            1 <= len(parts) <= 3
            and all(p.isdigit() for p in parts)
            and [len(p) for p in parts] == [4, 2, 2][: len(parts)]
        )
        try:
            if shaped:
                _date(int(parts[0]), *(int(p) for p in parts[1:]), *([1] * (3 - len(parts))))
        except ValueError:
            shaped = False
        if not shaped:
            raise ValueError(f"not an ISO date of day, month or year precision: {self.iso!r}")

    @property
    def precision(self) -> str:
        return ("year", "month", "day")[self.iso.count("-")]

    @property
    def year(self) -> int:
        return int(self.iso[:4])


class EntityKind(StrEnum):
    """The five kinds of entity of the graph contract (``CreativeWork`` = referenced document)."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    EVENT = "Event"
    PLACE = "Place"
    WORK = "CreativeWork"


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity named in the text.

    ``name`` is the entity's name as it should be labelled (honorifics and titles removed: the
    mention "H.E. Mr S Iswaran" has name "S Iswaran" and honorific "H.E. Mr"); ``span`` covers the
    words in the text. ``subtype`` is a finer class known to the ontology, e.g. ``"Country"``,
    ``"City"``, ``"Address"``, ``"OrganizationalUnit"``, ``"Session"``, ``"Convention"``,
    ``"Letter"``, ``"WebResource"``. ``role_only`` marks a person named only by post
    ("the Director-General of UNESCO"): its ``name`` is that description. ``authority`` is the IRI
    of the gazetteer / authority entry the mention was matched to, when it was.
    """

    kind: EntityKind
    name: str
    span: Span
    extractor: str
    subtype: str | None = None
    honorific: str | None = None
    acronym: str | None = None
    alternate_names: tuple[str, ...] = ()
    role_only: bool = False
    identifier: str | None = None
    url: str | None = None
    start_date: DateValue | None = None
    end_date: DateValue | None = None
    authority: str | None = None


class RelationKind(StrEnum):
    """Typed links between two mentions (subject -> object)."""

    HOLDS_POST = "holds post"  # person -> organisation (or state), with ``post``
    PARTICIPATED_IN = "participated in"  # person/organisation -> event
    ORGANIZED = "organized"  # organisation -> event
    PART_OF = "part of"  # organisational unit -> parent organisation
    LOCATED_IN = "located in"  # anything -> place
    CONTAINED_IN = "contained in"  # place -> larger place
    CITES = "cites"  # referenced document -> referenced document
    ABOUT = "about"  # event -> referenced document (or other entity)
    SENT_BY = "sent by"  # referenced letter -> its sender
    PREPARED_BY = "prepared by"  # referenced document -> its author organisation


class DocField(StrEnum):
    """Facts about the source document itself."""

    KIND = "kind"  # value: "Letter", "PressRelease", "MeetingReport", "WebPage"
    TITLE = "title"  # value: str
    IDENTIFIER = "identifier"  # value: str (a reference number)
    DATE = "date"  # value: DateValue
    LANGUAGE = "language"  # value: str (BCP 47 tag)
    URL = "url"  # value: str
    SENDER = "sender"  # value: Mention
    RECIPIENT = "recipient"  # value: Mention
    REPLIES_TO = "replies to"  # value: Mention (a referenced letter)
    CITES = "cites"  # value: Mention (a referenced document)
    SELF_REFERENCE = "self reference"  # value: str, the span naming this document itself


@dataclass(frozen=True, slots=True)
class Relation:
    """A link between two mentions, read from the evidence ``span``.

    ``confidence`` (0..1) is how sure an extractor that scores its readings is (the relation
    classifier's probability); rule-based extractors leave it None.
    """

    kind: RelationKind
    subject: Mention
    object: Mention
    span: Span
    extractor: str
    post: str | None = None
    start_date: DateValue | None = None
    confidence: float | None = None

    def __post_init__(self) -> None:
        if self.confidence is not None and not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"relation confidence {self.confidence!r} is not within 0..1")


@dataclass(frozen=True, slots=True)
class DocumentFact:
    """A fact about the source document (its date, reference, sender...)."""

    field: DocField
    value: str | DateValue | Mention
    extractor: str
    span: Span | None = None


Record = Mention | Relation | DocumentFact


def names_any(record: Record, mentions: Container[Mention]) -> bool:
    """Whether ``record`` is a relation or a document fact that names one of ``mentions`` (it
    goes when they are left out or change kind: its extractor chose it for them)."""
    if isinstance(record, Relation):
        return record.subject in mentions or record.object in mentions
    return (isinstance(record, DocumentFact) and isinstance(record.value, Mention)
            and record.value in mentions)
