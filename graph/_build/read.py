"""The read stage: each document loaded, parsed (spaCy ``nlp.pipe`` over a batch), extracted
and resolved, all that needs no other document, in a worker or here.

A batch comes back as an :class:`Outcome` per document: the :class:`~graph.records.Document`
and its :class:`~graph._resolve.ResolvedDocument` (plain picklable records, no rdflib or spaCy
objects), its warnings and its failure, if any."""

from __future__ import annotations

import hashlib
import tempfile
import warnings as _warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from .._errors import ExtractionWarning, InputError, KgError, UnsupportedFormat
from .._iri import normalize_name
from .._nlp import LANGUAGE_MODELS, ProcessedDocument
from .._resolve import ResolvedDocument, resolve
from .._scan import ocr_settings
from .._stages import StageTimes
from ..extract._definitions import definitions
from ..extract._quoted import outside_titles
from ..extract._repeated import repeated
from ..extract._typemodel import judge
from ..records import (
    Document,
    DocumentFact,
    EntityKind,
    Mention,
    Record,
    Relation,
    Span,
    names_any,
)
from ..registry import ExtractorSpec
from .config import BuildConfig
from .executors import WORKER_DIED, BatchResult, Item, Task

__all__ = ["READS_REVIEWED", "Outcome", "extract_records", "read_document", "read_task", "review",
           "run_batch", "warm"]


@dataclass
class Outcome:
    """One document's result, as a worker sends it back."""

    path: str
    content_hash: str = ""
    document: Document | None = None
    resolved: ResolvedDocument | None = None
    warnings: list[str] = field(default_factory=list)
    failure: tuple[str, str] | None = None  # (stage, reason)


def _apart(curation: str | None) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """The names a curation file keeps apart (read once for each content of the file: a
    one-process build runs in a process that may build again after the file is edited)."""
    try:
        content = Path(curation).read_bytes() if curation else b""
    except OSError:
        content = b""  # ``load_curation`` says what is wrong with it
    return _apart_of(curation, hashlib.sha256(content).hexdigest())


@cache
def _apart_of(curation: str | None, digest: str
              ) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    from .._curation import load_curation

    return tuple(load_curation(Path(curation) if curation else None).apart_names())


def _load(item: Item, scratch: Path) -> Document | Outcome:
    """The item's Document, or an Outcome saying why it could not be loaded."""
    from ..registry import loaders

    path, relpath, data = item
    suffix = Path(relpath).suffix
    try:
        spec = loaders.for_suffix(suffix)
        if spec is None:
            raise UnsupportedFormat(relpath, "no loader reads this kind of file")
        if path is None:  # the bytes came over the network: give the loader a file to read
            file = scratch / f"document{suffix}"
            file.write_bytes(data or b"")
            return spec.func(file, relpath)
        return spec.func(Path(path), relpath)
    except InputError as exc:
        return Outcome(relpath, failure=("load", exc.reason))
    except Exception as exc:  # a loader bug must not stop the other documents
        return Outcome(relpath, failure=("load", f"internal error: {exc!r}"))


def run_batch(items: Sequence[Item], config: BuildConfig) -> BatchResult:
    """Read the documents of one batch (in this process) and return their outcomes in order."""
    from .. import extract as _builtins  # noqa: F401  (registers the built-in extractors)
    from .._gazetteer import authority_files
    from .._nlp import process
    from ..registry import extractors

    times = StageTimes()
    outcomes: dict[int, Outcome] = {}
    documents: list[tuple[int, Document]] = []
    with authority_files([Path(a) for a in config.authority]):
        # looked up on every batch: an extractor may have been registered since the last one
        specs = extractors.ordered(list(config.extractor_names)
                                   if config.extractor_names is not None else None)
        apart = _apart(config.curation)
        with (tempfile.TemporaryDirectory(prefix="kg-") as scratch, times("load"),
              ocr_settings(config.ocr_settings)):
            for i, item in enumerate(items):
                loaded = _load(item, Path(scratch))
                if isinstance(loaded, Outcome):
                    outcomes[i] = loaded
                else:
                    documents.append((i, loaded))
        parsed = process((d for _, d in documents), model=config.model)
        for i, _ in documents:
            with times("nlp"):
                pdoc = next(parsed)
            path = pdoc.document.path
            warnings: list[str] = []
            try:
                resolved = read_document(pdoc, specs, apart, config.model, warnings, times,
                                         config.min_confidence)
            except KgError as exc:
                outcomes[i] = Outcome(path, failure=("extract", str(exc)))
                continue
            except Exception as exc:  # an extractor bug loses one document, not the build
                outcomes[i] = Outcome(path, failure=("extract", f"internal error: {exc!r}"))
                continue
            outcomes[i] = Outcome(path, pdoc.document.content_hash, pdoc.document, resolved,
                                  warnings)
    return BatchResult([outcomes[i] for i in range(len(items))], times.seconds)


def _died(items: Sequence[Item]) -> BatchResult:
    return BatchResult([Outcome(relpath, failure=("worker", WORKER_DIED))
                        for _, relpath, _ in items], {})


#: A short letter that :func:`warm` reads: a date, people with posts, organisations, places,
#: an event and a convention, so that the extractors load their word lists and models.
_WARM_UP = (b"MINISTRY OF CULTURE\nNairobi, 12 March 2021\n\nDear Dr Jane Smith,\n\n"
            b"On 3 February 2021 the Director-General of UNESCO, Audrey Azoulay, opened the "
            b"International Conference on Cultural Heritage in Paris, France, organised by the "
            b"National Museums of Kenya. Professor John Okello, Chair of the Committee, said the "
            b"Convention for the Safeguarding of the Intangible Cultural Heritage was adopted in "
            b"2003.\n\nYours sincerely,\nPeter Mwangi\nPermanent Secretary\n")


def warm(config: BuildConfig) -> None:
    """Load in this process what reading and mapping documents with ``config`` needs: the
    spaCy pipeline, and what the extractors and the checks load on first use (word lists,
    models, compiled patterns, the shapes), by reading a short sample letter whose outcome is
    thrown away. Worker processes forked afterwards share all of it."""
    from .._nlp import load_pipeline
    from ..validate import bulk_engine, validate

    load_pipeline(config.model)
    run_batch([(None, "warm-up.txt", _WARM_UP)], config)
    if config.validate:
        validate("", engine=bulk_engine())  # the shapes, compiled


def read_task(config: BuildConfig) -> Task:
    """The task that reads documents (:func:`run_batch`)."""
    return run_batch, (config,), _died


def _check(record: object, pdoc: ProcessedDocument, spec: ExtractorSpec) -> list[str]:
    """Problems with a record an extractor yielded (an extractor bug), as messages."""
    if not isinstance(record, Mention | Relation | DocumentFact):
        return [f"{spec.name} yielded {type(record).__name__}, not a record"]
    spans = []
    if isinstance(record, Mention):
        if not normalize_name(record.name):
            return [f"{spec.name} yielded a {record.kind} without a name at "
                    f"{record.span.start}..{record.span.end}"]
        spans.append(record.span)
    elif isinstance(record, Relation):
        spans += [record.span, record.subject.span, record.object.span]
    elif record.span is not None:
        spans.append(record.span)
    return [
        f"{spec.name}: span {s.start}..{s.end} {s.text!r} is not the text at those offsets"
        for s in spans
        if pdoc.text[s.start : s.end] != s.text
    ]


def _shifted(record: Record, offset: int, text: str, done: dict[int, Mention]) -> Record:
    """``record`` with every span moved ``offset`` characters on, in the whole ``text``."""
    def span(s: Span) -> Span:
        return Span(s.start + offset, s.end + offset, text[s.start + offset : s.end + offset])

    def mention(m: Mention) -> Mention:
        if id(m) not in done:
            done[id(m)] = replace(m, span=span(m.span))
        return done[id(m)]

    if isinstance(record, Mention):
        return mention(record)
    if isinstance(record, Relation):
        return replace(record, subject=mention(record.subject), object=mention(record.object),
                       span=span(record.span))
    value = mention(record.value) if isinstance(record.value, Mention) else record.value
    return replace(record, value=value, span=span(record.span) if record.span else None)


#: The extractors that read the mentions as the typer and the text's definitions leave them
#: (:func:`review`): a name retyped there gets the relations of its new kind.
READS_REVIEWED = frozenset({"relations.v1"})


#: The kinds a person read at the very same span takes the place of.
_TAKEN_BY_PEOPLE = frozenset({EntityKind.ORGANIZATION, EntityKind.PLACE})


def _people_first(records: Sequence[Record]) -> list[Record]:
    """``records`` without the organisations and places whose very span ``people.v1`` read as a
    person (which it does over another kind only on a sure cue: an honorific, a byline, "FARHAD
    MOSHIRI, Iranian musicologist"), nor what names them."""
    people = {(r.span.start, r.span.end) for r in records if isinstance(r, Mention)
              and r.kind is EntityKind.PERSON and r.extractor == "people.v1"}
    honoured = [(r.span.start, r.span.end) for r in records if isinstance(r, Mention)
                and r.kind is EntityKind.PERSON and r.extractor == "people.v1" and r.honorific]
    gone = {r for r in records if isinstance(r, Mention) and r.kind in _TAKEN_BY_PEOPLE
            and ((r.span.start, r.span.end) in people or any(  # "MAYOR" of "Mr. Federico MAYOR"
                s <= r.span.start and r.span.end <= e for s, e in honoured))}
    if not gone:
        return list(records)
    return [r for r in records if r not in gone and not names_any(r, gone)]


#: The head words of gatherings, which name an event more often than a body.
_GATHERINGS = frozenset({"conference", "congress", "forum", "summit", "symposium", "festival"})


def _events_first(records: Sequence[Record]) -> list[Record]:
    """``records`` without the organisations with a gathering in their name that ``events.v1``
    read as an event: under the same name ("International Conference on Public Education" read
    both ways), or, ending in the gathering, at the start of the event's name ("World Congress"
    in "the World Congress of Ministers of Education on the Eradication of Illiteracy")."""
    events = [r for r in records if isinstance(r, Mention) and r.kind is EntityKind.EVENT
              and r.extractor == "events.v1"]
    gone = {r for r in records if isinstance(r, Mention) and r.kind is EntityKind.ORGANIZATION
            and _GATHERINGS & set(r.name.lower().split()) and any(
                e.name == r.name or (r.name.split()[-1].lower() in _GATHERINGS
                                     and e.span.start <= r.span.start < e.span.start + 3
                                     and r.span.end <= e.span.end) for e in events)}
    if not gone:
        return list(records)
    return [r for r in records if r not in gone and not names_any(r, gone)]


def review(pdoc: ProcessedDocument, records: Sequence[Record]) -> list[Record]:
    """``records`` without the names of quoted titles, with the typer's decisions and the kinds
    the text defines applied, and each name's other occurrences read as it is
    (:mod:`graph.extract._quoted`, ``_typemodel``, ``_definitions``, ``_repeated``)."""
    found = _events_first(_people_first(outside_titles(pdoc.text, records)))
    return repeated(pdoc.text, definitions(pdoc.text, judge(pdoc, found), found))


def extract_records(
    pdoc: ProcessedDocument, specs: Sequence[ExtractorSpec], warnings: list[str] | None = None,
    reviewed: bool = False,
) -> list[Record]:
    """Run ``specs`` in order over one processed document and collect the records; with
    ``reviewed``, the records are :func:`review`ed before the first extractor of
    :data:`READS_REVIEWED` (or after the last extractor).

    A long document is read one section at a time; each section's extractors also see the
    facts about the document found in the sections before (its date, for instance).
    """
    records: list[Record] = []
    for offset, section in pdoc.sections():
        found: list[Record] = [
            r for r in records if isinstance(r, DocumentFact) and not isinstance(r.value, Mention)
        ]
        carried = len(found)
        pending = reviewed
        for spec in specs:
            if pending and spec.name in READS_REVIEWED:
                found[carried:], pending = review(section, found[carried:]), False
            with _warnings.catch_warnings(record=True) as caught:
                _warnings.simplefilter("always", ExtractionWarning)
                for record in spec.func(section, tuple(found)):
                    problems = _check(record, section, spec)
                    if problems:
                        if warnings is not None:
                            warnings += [f"{pdoc.document.path}: {p}" for p in problems]
                        continue
                    found.append(record)  # type: ignore[arg-type]
            _pass_on(caught, pdoc.document.path, warnings)
        if pending:
            found[carried:] = review(section, found[carried:])
        done: dict[int, Mention] = {}
        records += [_shifted(r, offset, pdoc.text, done) if offset else r
                    for r in found[carried:]]
    return records


def _pass_on(caught: list[_warnings.WarningMessage], path: str,
             warnings: list[str] | None) -> None:
    """An extractor's :class:`ExtractionWarning` into the build's warnings; other warnings on."""
    for w in caught:
        if issubclass(w.category, ExtractionWarning):
            if warnings is not None:
                warnings.append(f"{path}: {w.message}")
        else:
            _warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def read_document(pdoc: ProcessedDocument, specs: Sequence[ExtractorSpec],
                  apart: Sequence[tuple[frozenset[str], frozenset[str]]], model: str | None,
                  warnings: list[str], times: StageTimes | None = None,
                  min_confidence: float = 0.0) -> ResolvedDocument:
    """Extract and resolve one processed document (what needs no other document); ``times``
    gets the CPU time of each of the two stages. Relations scored below ``min_confidence``
    are left out."""
    times = times or StageTimes()
    path = pdoc.document.path
    lang, nlp_name = pdoc.document.meta("language"), pdoc.document.meta("nlp-pipeline")
    if model is None and nlp_name not in LANGUAGE_MODELS.get(lang or "", (nlp_name,)):
        warnings.append(f"{path}: its language is {lang!r}, but no pipeline of "
                        f"{LANGUAGE_MODELS[lang or '']} is installed; read with {nlp_name}")
    with times("extract"):
        records = extract_records(pdoc, specs, warnings, reviewed=True)
        if min_confidence > 0:
            records = [r for r in records if not (isinstance(r, Relation) and r.confidence
                                                  is not None and r.confidence < min_confidence)]
    with times("resolve"):
        return resolve(records, [s.name for s in specs], apart, pdoc.text)
