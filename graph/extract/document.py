"""``document.v1``: what the source document itself is.

Reads the layout of the text (letterhead, recipient block, date line, reference line, salutation,
closing and signature) and yields :class:`DocumentFact` records: its KIND (letter, press release,
meeting report, web page), TITLE, IDENTIFIER (with a SELF_REFERENCE to the span that names it),
DATE, LANGUAGE and, for letters, SENDER, RECIPIENT and REPLIES_TO ("your letter dated ...").
The people and letters those facts point to are yielded as :class:`Mention` records as well, with
a SENT_BY relation from the letter being answered to this letter's recipient, who wrote it.

Every decision is taken from evidence in the text or the loader's metadata; a fact is left out
when the evidence is missing or ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .._dates import find_dates, parse_date
from .._lang import dominant_language
from .._nlp import ProcessedDocument
from ..records import (
    DateValue,
    DocField,
    DocumentFact,
    EntityKind,
    Mention,
    Record,
    Relation,
    RelationKind,
)
from ..registry import extractors
from ._names import HONORIFIC_RE

__all__ = ["NAME", "detect_language", "extract_document"]

NAME = "document.v1"


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# --- layout markers -------------------------------------------------------------------------
_SALUTATION = re.compile(
    r"^\s*(?:(?:My\s+)?Dear|Cher|Chère|Chers|Chères|Estimad[oa]s?|Querid[oa]s?)\s+\S[^\n]{0,80}?[,:]\s*$"
    r"|^\s*(?:Madame|Monsieur|Mesdames|Messieurs|Excellence|(?:Your\s+)?Excellency|Señora?"
    r"|Señores|Sir|Madam)"
    r"(?:\s+[^\n]{0,60}?)?[,:]\s*$",
    re.MULTILINE,
)
_CLOSING = re.compile(
    r"^\s*(?:Yours\s+(?:sincerely|faithfully|truly)|(?:Very\s+)?(?:Sincerely|Faithfully)"
    r"(?:\s+yours)?|(?:Kind|Best|Warm)\s+regards|With\s+(?:best|kind)\s+regards"
    r"|Veuillez\s+agréer|Je\s+vous\s+prie\s+d.agréer|Recevez|Atentamente|Cordialmente"
    r"|Le\s+saluda|Reciba|(?:Please\s+)?accept,?\s[^\n]{0,60}\bassurances?\b)[^\n]*$",
    re.MULTILINE | re.IGNORECASE,
)
_REF_LINE = re.compile(
    r"^[ \t]*(?:Our\s+)?(?:Ref(?:erence)?|Réf(?:érence)?|N/\s?Réf|Nuestra\s+ref(?:erencia)?)"
    r"(?:\.[ \t]*:?|[ \t]*:|\.?[ \t]+No\.?[ \t]*:?)[ \t]*(?P<id>[A-Za-z0-9][^\s,;]*\d[^\s,;]*)",
    re.MULTILINE | re.IGNORECASE,
)
_SUBJECT_LINE = re.compile(
    r"^[ \t]*(?:Subject|Re|Objet|Asunto)[ \t]*:[ \t]*(?P<title>\S[^\n]*?)[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
# a UN document symbol standing alone in the header: CLT/CEI/DCE/2005/RP/H/1, A/RES/70/1
_SYMBOL = re.compile(r"(?<![\w/.:])(?:\d{1,3} ?[A-Z]{1,3}(?:/[A-Za-z0-9.()-]+)+"  # "28 C/IV/VR.4"
                     r"|[A-Z][A-Z0-9.-]*(?:/[A-Za-z0-9.()-]+){2,})(?![\w/])")
#: A symbol cited on a heading's line, not the document's own: "(document 8 C/NOM/2)".
_CITED = re.compile(r"\b(?:[Dd]ocuments?|[Ss]ee|[Ii]n|and)[ \t]+$")
_PRESS_MARKERS = re.compile(  # a label line: "PRESS RELEASE No. 12", "Media contact: ..."
    r"^\W*(?:press\s+release|communiqué\s+de\s+presse|comunicado\s+de\s+prensa"
    r"|for\s+immediate\s+release|media\s+(?:contact|advisory)|press\s+contact)\b",
    re.IGNORECASE,
)
_MEETING_MARKERS = re.compile(
    r"^\s*(?:Summary\s+(?:records?|report)|Compte\s+rendu|Minutes\s+of\s+the"
    r"|(?:Draft\s+|Final\s+)?Report\s+(?:of|on)\s+the|Rapport\s+de\s+la|Informe\s+de\s+la)\b"
    r"|\b(?:(?:provisional\s+)?agenda\s+item|item\s+\d+[A-Za-z]?\s+of\s+the\s+(?:provisional\s+)?agenda"
    r"|point\s+\d+\s+de\s+l.ordre\s+du\s+jour|ordre\s+du\s+jour|the\s+(?:Committee|Council|Board"
    r"|Conference|Assembly|Commission|Meeting|Bureau)\s+(?:had\s+|has\s+)?(?:adopted|decided"
    r"|took\s+note|elected|approved|examined)"
    r"|(?:opened|closed)\s+the\s+(?:session|meeting)|the\s+meeting\s+(?:rose|was\s+called\s+to\s+order))",
    re.IGNORECASE | re.MULTILINE,
)
# "PARIS, 15 June --" at the start of a paragraph
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Za-z .'\u2019-]{1,40}),[ \t]*(?P<rest>[^\n]{4,40}?)"
    r"[ \t]*[\u2014\u2013-]",
    re.MULTILINE,
)
# a news lede: the first paragraph opens with its date ("On 15 June, ...")
_LEDE = re.compile(r"^(?:On|Le|El)\s+(?P<rest>[^,\n]{3,30}),")
_WEEKDAYS = _wordset(
    """monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi
    samedi dimanche lunes martes miércoles jueves viernes sábado domingo"""
)
_PLACE_PREFIX = re.compile(
    r"^(?:Date\s*:\s*)?(?:[A-Z][\w .'\u2019-]{1,40},\s*)?(?:(?:le|el|the)\s+)?$"
)

# --- names in address blocks and signatures -------------------------------------------------
_HONORIFIC_WORDS = re.compile(
    r"^(?:Madame|Monsieur|Mademoiselle|Señora|Señor|Señorita|Doña|Don|Sr\.?|Sra\.?)$"
)
_TITLE_WORDS = _wordset(
    """Secretary Director Director-General Deputy Assistant Chief Head Chair Chairholder
    Chairperson Chairman Chairwoman President Vice-President Minister Ambassador Permanent
    Representative Officer Specialist Coordinator Adviser Advisor Consultant Manager Executive
    Rector Dean Professor Programme Program Senior Acting Under-Secretary Secretary-General
    Special Envoy Delegate Counsellor Counselor Attaché Directeur Directrice Secrétaire Président
    Présidente Chef Ministre Représentant Représentante Conseiller Conseillère Responsable Jefe
    Jefa Secretario Secretaria Presidente Ministro Ministra Embajador Embajadora Encargado"""
)
# words that end no title and no name line: "Educational, Scientific and" is a cut letterhead
_SMALL_WORDS = _wordset("and of the for on in to a an with by et de des du la le les pour y del")
_PARTICLES = _wordset("de da del della di do dos du van von der den bin ibn al el la le")
# capitalised words that are no part of a person's name ("The Secretariat", "For the Director")
_NOT_NAMES = _wordset(
    """The La Le Les El Los Las For Pour Por On Of In Secretariat Committee Council Commission
    Sector Division Section Office Organization Organisation Ministry Bureau Unit Department
    Delegation Mission Team Board Institute University"""
)
_NAME_TOKEN = re.compile(r"[A-ZÀ-Ý][\w'\u2019.-]*")
_SKIP_SIGNATURE = re.compile(r"^\s*(?:for|on\s+behalf|p\.\s?o\.|pour|por|\(signed\)|\(signé\))",
                             re.IGNORECASE)

# --- replies ----------------------------------------------------------------------------------
_REPLY = re.compile(
    r"\b(?:your|votre|su)\s+(?P<letter>(?:letter|e-?mail|message|communication|note|lettre|courrier"
    r"|courriel|carta|comunicación|nota)\s+(?:dated|of|du|en\s+date\s+du|datée\s+du|de\s+fecha"
    r"|del|con\s+fecha)\s+)",
    re.IGNORECASE,
)

# --- language ---------------------------------------------------------------------------------
_STOP_WORDS = {
    "en": "the and of to in is that for with on by this which are be was have from it as we you i"
          " our your would will not has been",
    "fr": "le la les des du et est une dans pour que qui sur avec au aux nous vous votre ce cette"
          " pas sont été je très",
    "es": "el la los las del y es una en por para con que se su sus al como más muy nosotros"
          " usted",
}
_LANG_WORDS = {  # words of one language only
    lang: {w for w in words.split() if sum(w in o.split() for o in _STOP_WORDS.values()) == 1}
    for lang, words in _STOP_WORDS.items()
}


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str) -> list[_Line]:
    """Non-blank lines, stripped, with their offsets."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        raw = m.group(0)
        stripped = raw.strip()
        if stripped:
            start = m.start() + (len(raw) - len(raw.lstrip()))
            out.append(_Line(start, start + len(stripped), stripped))
    return out


def detect_language(text: str, minimum: int = 5) -> str | None:
    """"en", "fr" or "es" when one language's stop words clearly dominate ``text``, else None.

    At least ``minimum`` stop words of the winning language must occur, twice as many as of any
    other: a French letterhead above an English letter does not make it French.
    """
    return dominant_language(text, _LANG_WORDS, minimum)


def _is_body(line: _Line) -> bool:
    """A line of running prose (a paragraph rather than a heading or an address line)."""
    words = line.text.split()
    return len(words) >= 25 or (len(words) >= 12 and line.text.endswith((".", "!", "?")))


def _is_web(pdoc: ProcessedDocument) -> bool:
    doc = pdoc.document
    return doc.media_type in ("text/html", "application/xhtml+xml") or bool(
        doc.meta("archive-captured") or doc.meta("archived-by")
    )


def _meta_date(pdoc: ProcessedDocument, key: str) -> DateValue | None:
    value = pdoc.document.meta(key)
    return parse_date(value) if value else None


@dataclass(frozen=True)
class _Layout:
    lines: list[_Line]
    header: list[_Line]  # lines before the salutation (letters) or before the first paragraph
    salutation: _Line | None
    closing: _Line | None
    ref: re.Match[str] | None


def _layout(text: str) -> _Layout:
    lines = _lines(text)
    salutation = next((ln for ln in lines if _SALUTATION.match(ln.text)
                       and not _is_body(ln)), None)
    closing = None
    for ln in reversed(lines):
        if _CLOSING.match(ln.text) and (salutation is None or ln.start > salutation.start):
            closing = ln
            break
    if salutation is not None:
        header = [ln for ln in lines if ln.end <= salutation.start]
    else:
        header = []
        for ln in lines[:25]:
            if _is_body(ln):
                break
            header.append(ln)
    limit = header[-1].end if header else 0
    ref = next((m for m in _REF_LINE.finditer(text) if m.start() <= limit), None)
    return _Layout(lines, header, salutation, closing, ref)


def _kind(pdoc: ProcessedDocument, lay: _Layout, reference: DateValue | None) -> str | None:
    if sum(x is not None for x in (lay.salutation, lay.closing, lay.ref)) >= 2:
        return "Letter"
    labels = (ln for ln in lay.lines if len(ln.text.split()) <= 15)
    if any(_PRESS_MARKERS.match(ln.text) for ln in labels) or _dateline(lay, reference):
        return "PressRelease"
    web = _is_web(pdoc)
    if web:
        first = next((ln for ln in lay.lines if _is_body(ln)), None)
        lede = _LEDE.match(first.text) if first else None
        if lede and parse_date(lede.group("rest"), reference) is not None:
            return "PressRelease"  # an archived news story: it opens on the day it reports
    if len({m.group(0).lower() for m in _MEETING_MARKERS.finditer(pdoc.text)}) >= 2:
        return "MeetingReport"
    return "WebPage" if web else None


def _date_line(lay: _Layout, reference: DateValue | None) -> tuple[int, int, DateValue] | None:
    """A header line that is only a date, maybe after a place: "Paris, le 30 mars 2021"."""
    for ln in lay.header:
        if len(ln.text) > 60:
            continue
        for d in find_dates(ln.text, reference):
            if d.start_date.precision != "day" or d.end_date is not None:
                continue
            before, after = ln.text[: d.start], ln.text[d.end:]
            if _PLACE_PREFIX.match(before) and not after.strip(" .,"):
                return ln.start + d.start, ln.start + d.end, d.start_date
    return None


def _dateline(lay: _Layout, reference: DateValue | None) -> tuple[int, int, DateValue] | None:
    """A press dateline opening a paragraph: "PARIS, 15 June --"."""
    for ln in lay.lines[:40]:
        m = _DATELINE.match(ln.text)
        if not m or m.group("place").lower() in _WEEKDAYS:
            continue
        rest = m.group("rest")
        for d in find_dates(rest, reference):
            if d.start == 0 and not rest[d.end:].strip(" ,") and d.start_date.precision == "day":
                start = ln.start + m.start("rest")
                return start, start + d.end, d.start_date
    return None


def _title(pdoc: ProcessedDocument, lay: _Layout, kind: str | None, lang: str | None
           ) -> tuple[str, tuple[int, int] | None] | None:
    meta = pdoc.document.meta("title")
    if meta:
        title = re.sub(r"\s+", " ", meta).strip()
        parts = re.split(r"\s+\|\s+", title)
        if len(parts) > 1 and len(parts[-1].split()) <= 4:  # "Story title | Site name"
            title = " | ".join(parts[:-1])
        at = pdoc.text.find(title)
        return title, ((at, at + len(title)) if at >= 0 else None)
    subject = next((m for m in _SUBJECT_LINE.finditer(pdoc.text)
                    if lay.header and m.start() <= lay.header[-1].end), None)
    if subject:
        return subject.group("title"), (subject.start("title"), subject.end("title"))
    if kind == "Letter":
        return None
    candidates = []
    for ln in lay.header:
        if not _has_body_after(lay, ln):
            break  # a title heads a text
        words = ln.text.split()
        if not 3 <= len(words) <= 25 or ln.text.endswith((".", ",", ";", ":")):
            continue
        if (not ln.text[0].isupper() or re.match(r"^\w+\s*:", ln.text)
                or _SYMBOL.fullmatch(ln.text) or words[-1].lower() in _SMALL_WORDS):
            continue  # a list item, a "Label: value" line, a symbol, a cut letterhead line
        if len(words) <= 6 and any(d.start_date.precision == "day" for d in find_dates(ln.text)):
            continue  # a date line
        if lang and detect_language(ln.text, 2) not in (None, lang):
            continue  # a letterhead line in another language
        if _whole_entity(pdoc, ln, ("ORG", "GPE")):
            continue  # the letterhead: an organisation's name
        capitals = sum(1 for w in words if w[0].isupper())
        if capitals >= 2 or len(words) >= 6 or _MEETING_MARKERS.match(ln.text):
            candidates.append(ln)  # short lines in sentence case are menus and buttons
    # the headline: the longest heading (above it, an office's name, a place and date...)
    best = max(candidates, key=lambda c: len(c.text.split()), default=None)
    return (best.text, (best.start, best.end)) if best else None


def _has_body_after(lay: _Layout, line: _Line) -> bool:
    return any(_is_body(ln) for ln in lay.lines if ln.start > line.start)


def _whole_entity(pdoc: ProcessedDocument, line: _Line, labels: tuple[str, ...]) -> bool:
    """True when one entity of the model, of one of ``labels``, covers the whole line."""
    core = line.text.rstrip(" .,;:")
    return any(e.label in labels and e.start <= line.start and line.start + len(core) <= e.end
               for e in pdoc.entities())


def _identifier(pdoc: ProcessedDocument, lay: _Layout) -> tuple[str, int, int] | None:
    if lay.ref:
        value = lay.ref.group("id").rstrip(".")
        if any(c.isdigit() for c in value):
            return value, lay.ref.start("id"), lay.ref.start("id") + len(value)
    for ln in lay.header[:15]:
        if len(ln.text.split()) > 8:
            continue  # a line of running text cites documents; the document's own stands alone
        for m in _SYMBOL.finditer(ln.text):
            rest = (ln.text[:m.start()] + ln.text[m.end():]).replace("(prov.)", "")
            if _CITED.search(ln.text, 0, m.start()) or (
                    m.group(0)[0].isdigit() and re.search(r"[a-z]", rest)):
                continue  # a session's symbol heads a page: "28 C/IV/VR.4 (prov.)", not a phrase
            symbol = m.group(0)
            while symbol.endswith(")") and symbol.count("(") < symbol.count(")"):
                symbol = symbol[:-1]
            if any(c.isdigit() for c in symbol) and "://" not in ln.text:
                return symbol, ln.start + m.start(), ln.start + m.start() + len(symbol)
    return None


def _person_at(pdoc: ProcessedDocument, line: _Line, first: int, last: int) -> Mention:
    """The person whose name runs over tokens of ``line``, with honorifics just before."""
    toks = list(re.finditer(r"\S+", line.text))
    i = first
    while i > 0 and _is_honorific(toks[i - 1].group(0)):
        i -= 1
    name = " ".join(t.group(0) for t in toks[first: last + 1]).rstrip(",;:")
    start = line.start + toks[i].start()
    end = line.start + toks[last].start() + len(toks[last].group(0).rstrip(",;:"))
    honorific = line.text[toks[i].start(): toks[first].start()].strip() or None
    return Mention(EntityKind.PERSON, name, pdoc.span(start, end), NAME, honorific=honorific)


def _is_honorific(tok: str) -> bool:
    return bool(HONORIFIC_RE.fullmatch(tok + " ") or _HONORIFIC_WORDS.match(tok))


def _is_name_token(tok: str) -> bool:
    bare = tok.rstrip(",;:")
    return (bool(_NAME_TOKEN.fullmatch(bare)) and bare not in _TITLE_WORDS
            and bare not in _NOT_NAMES and not _is_honorific(bare))


def _name_run(toks: list[re.Match[str]], i: int) -> int:
    """Index of the last token of the name that starts at token ``i`` (or ``i - 1`` if none)."""
    last = i - 1
    j = i
    while j < len(toks) and j - i < 5:
        tok = toks[j].group(0)
        if _is_name_token(tok):
            last = j
            if tok.endswith((",", ";", ":")):
                break
        elif not (tok in _PARTICLES and j + 1 < len(toks) and _is_name_token(toks[j + 1].group(0))):
            break
        j += 1
    return last


def _recipient(pdoc: ProcessedDocument, lay: _Layout) -> Mention | None:
    """The addressee: the header name the salutation calls by name, else an addressed name."""
    header = [ln for ln in lay.header if not (lay.ref and ln.start <= lay.ref.start() < ln.end)]
    anchor: list[str] = []
    if lay.salutation is not None:
        anchor = lay.salutation.text.rstrip(",: ").split()[1:]
        while anchor and _is_honorific(anchor[0]):
            anchor = anchor[1:]
        if not all(_is_name_token(w) for w in anchor):
            anchor = []
    for ln in reversed(header if anchor else ()):
        toks = list(re.finditer(r"\S+", ln.text))
        texts = [t.group(0).rstrip(",;:") for t in toks]
        for i in range(len(texts) - len(anchor) + 1):
            if texts[i: i + len(anchor)] == anchor:
                first = i
                while first > 0 and i - first < 3 and _is_name_token(toks[first - 1].group(0)):
                    first -= 1
                last = i + len(anchor) - 1
                if last == first:  # a first name alone: the surname follows
                    last = max(last, _name_run(toks, first))
                return _person_at(pdoc, ln, first, last)
    for ln in reversed(header):
        toks = list(re.finditer(r"\S+", ln.text))
        for i, tok in enumerate(toks[:-1]):
            if _is_honorific(tok.group(0)):
                last = _name_run(toks, i + 1)
                if last > i + 1:  # at least two name words after the honorific
                    return _person_at(pdoc, ln, i + 1, last)
    return None


def _sender(pdoc: ProcessedDocument, lay: _Layout) -> Mention | None:
    if lay.closing is None:
        return None
    after = [ln for ln in lay.lines if ln.start > lay.closing.start][:4]
    comma = lay.closing.text.find(",")
    rest = lay.closing.text[comma + 1:]
    if comma > 0 and rest.strip() and len(rest.split()) <= 6 and not rest.rstrip().endswith("."):
        # "Yours sincerely, Jane Doe" on one line
        skip = len(rest) - len(rest.lstrip())
        start = lay.closing.start + comma + 1 + skip
        after.insert(0, _Line(start, lay.closing.end, rest.strip()))
    for ln in after:
        if _SKIP_SIGNATURE.match(ln.text) or ln.text[0].islower():
            continue  # "for the Director-General", or the closing formula going on
        toks = list(re.finditer(r"\S+", ln.text))
        first = 0
        while first < len(toks) and _is_honorific(toks[first].group(0)):
            first += 1
        last = _name_run(toks, first)
        if last > first:
            return _person_at(pdoc, ln, first, last)
        return None  # the signature names a post, not a person
    return None


def _replies(pdoc: ProcessedDocument, reference: DateValue | None
             ) -> Iterator[tuple[Mention, int]]:
    """Letters of the recipient this document answers, with the start of "your"."""
    text = pdoc.text
    for m in _REPLY.finditer(text):
        rest = text[m.end("letter"): m.end("letter") + 40]
        dates = list(find_dates(rest, reference))
        if not dates or dates[0].start != 0:
            continue
        end = m.end("letter") + dates[0].end
        span = pdoc.span(m.start("letter"), end)
        name = re.sub(r"\s+", " ", span.text)
        yield Mention(EntityKind.WORK, name, span, NAME, subtype="LetterReference",
                      start_date=dates[0].start_date), m.start()


@extractors.register(NAME, produces=("SourceDocument", "Letter", "PressRelease", "MeetingReport",
                                     "WebPage", "LetterReference", "Person"))
def extract_document(pdoc: ProcessedDocument, found: Sequence[Record]) -> Iterator[Record]:
    """Facts about the source document: kind, title, identifier, date, language, correspondents."""
    lay = _layout(pdoc.text)
    meta_date = _meta_date(pdoc, "meta-date")
    reference = meta_date or _meta_date(pdoc, "archive-captured")

    date = _date_line(lay, reference) or _dateline(lay, reference)
    kind = _kind(pdoc, lay, reference)
    if kind is not None:
        yield DocumentFact(DocField.KIND, kind, NAME)

    lang_meta = pdoc.document.meta("lang") or pdoc.document.meta("language")  # graph._lang
    lang = lang_meta.split("-")[0].lower() if lang_meta else detect_language(pdoc.text)
    if lang:
        yield DocumentFact(DocField.LANGUAGE, lang, NAME)

    title = _title(pdoc, lay, kind, lang)
    if title is not None:
        text, at = title
        yield DocumentFact(DocField.TITLE, text, NAME, pdoc.span(*at) if at else None)

    ident = _identifier(pdoc, lay)
    if ident is not None:
        symbol, start, end = ident
        yield DocumentFact(DocField.IDENTIFIER, symbol, NAME, pdoc.span(start, end))
        yield DocumentFact(DocField.SELF_REFERENCE, symbol, NAME, pdoc.span(start, end))

    if date is not None:
        start, end, day = date
        yield DocumentFact(DocField.DATE, day, NAME, pdoc.span(start, end))
        reference = day
    elif meta_date is not None:
        yield DocumentFact(DocField.DATE, meta_date, NAME)

    if kind != "Letter":
        return
    recipient = _recipient(pdoc, lay)
    if recipient is not None:
        yield recipient
        yield DocumentFact(DocField.RECIPIENT, recipient, NAME, recipient.span)
    sender = _sender(pdoc, lay)
    if sender is not None:
        yield sender
        yield DocumentFact(DocField.SENDER, sender, NAME, sender.span)
    replied = False
    for letter, your in _replies(pdoc, reference):
        yield letter
        if not replied:
            yield DocumentFact(DocField.REPLIES_TO, letter, NAME, letter.span)
            replied = True
        if recipient is not None:
            yield Relation(RelationKind.SENT_BY, letter, recipient,
                           pdoc.span(your, letter.span.end), NAME)
