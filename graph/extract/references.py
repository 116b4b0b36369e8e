"""``references.v1``: the documents a text refers to.

Yields a :class:`Mention` of kind ``CreativeWork`` for every referenced document, with a
:class:`DocumentFact` CITES (the source document cites it):

- instruments named by title: a head word (Convention, Recommendation, Declaration, Report,
  Roadmap, Strategy, Agenda, Charter...) with capitalised words before it ("2005 Convention",
  "World Heritage Convention") and/or a title after a preposition ("Convention on the Protection
  and Promotion of the Diversity of Cultural Expressions"). An author in front ("the UN
  Secretary-General's Roadmap on ...", "UNESCO Convention") is kept out of the name and given as
  an alternate name; a treaty, protocol or agenda needs a year, unless the authority lists it;
- instruments described in running text, named "Recommendation on X": "a recommendation on X"
  where the sentence speaks of drafting or adopting one, "an instrument on X in the form of a ...";
- a later bare "the Recommendation" when the text has named a Recommendation in full;
- resolutions and decisions by symbol ("32 C/Resolution 9", "resolution 70/1",
  "decision 14.IGC 7"), other document symbols ("A/RES/70/1", "CE/21/14.IGC/7");
- letters ("letter dated 11 February 2021"), except those ``document.v1`` already yielded;
- URLs (``http(s)://``, ``www.``) with the ARK or DOI they contain as identifier, but not an
  organisation's bare home page in a letterhead or footer next to its address and telephone.

Where the grammar says who prepares a document ("UNESCO is working on a recommendation on ...",
"a report prepared by the Secretariat") it yields a PREPARED_BY relation to an Organization.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .._dates import find_dates
from .._gazetteer import load_gazetteer
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
    Span,
)
from ..registry import extractors
from ._docsymbols import symbols
from ._instruments import BEFORE_THEIR, PART_WORDS, dated, known_end, linked, placed, short_forms
from ._lexicon import words as lexicon_words
from ._orgnames import unwrapped
from ._weblinks import web_links
from ._worktitles import published_titles

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["NAME", "extract_references"]

NAME = "references.v1"

# head word -> ontology subtype (None: a plain kg:DocumentReference)
_HEADS: dict[str, str | None] = {
    "Convention": "Convention", "Recommendation": "Recommendation", "Declaration": "Declaration",
    "Report": "Report", "Roadmap": "Roadmap", "Road Map": "Roadmap", "Strategy": "Strategy",
    "Agenda": "Agenda", "Charter": None, "Covenant": None, "Treaty": None, "Protocol": None,
    "Framework": None, "Agreement": None, "Constitution": None, "Code": None,
    "Plan of Action": None, "Programme of Action": None, "Rules of Procedure": None,
    "Final Act": None, "Guidelines": None, "Operational Guidelines": None,
    "Framework Convention": "Convention", "Platform for Action": None, "Programme and Budget": None,
    **dict.fromkeys(("Declaration and Programme of Action", "Declaration and Plan of Action",
                     "Declaration and Platform for Action"), "Declaration"),
    "Plan of Implementation": None, "Memorandum of Understanding": None, "Document": None,
    "Statute": None, "Statutes": None, **dict.fromkeys(
        ("Action Plan", "Manifesto", "Call to Action", "Call for Action"))}
# after "and" or a comma in a title, a head's first word starts a second document
_HEAD_STARTS = frozenset(h.split()[0] for h in _HEADS) - {"Final", "Road", "Action", "Call"}
# plural heads: "the two International Covenants on X and on Y" name one instrument per title
_PLURALS = {"Covenants": "Covenant", "Conventions": "Convention", "Declarations": "Declaration",
            "Recommendations": "Recommendation", "Agreements": "Agreement", "Protocols": "Protocol"}
# heads that stand alone after "the", "its" or "their" for the one the text is about ("under the
# terms of its Constitution")
_ALONE = frozenset({"Constitution"})
# heads whose year is a target, part of the name ("the 2030 Agenda for Sustainable Development")
_YEAR_IN_NAME = frozenset({"Agenda", "Strategy"})
# heads that name a document only with a title after them ("Code of Ethics", not "Zip Code")
_NEEDS_TITLE = frozenset({"Code", "Guidelines", "Document", "Statute", "Statutes"})
# heads that, without a title after them, need a year before them ("the 2030 Agenda", but not
# "the Provisional Agenda")
_NEEDS_YEAR = frozenset({"Agenda", "Protocol", "Treaty"})
# words before "Convention" that make it a political meeting
_EVENT_WORDS = frozenset({"National", "Constitutional", "Democratic", "Republican", "Party",
                          "Annual", "Labour", "Liberal", "Conservative", "Leadership"})
# heads whose lowercase form names an instrument when the sentence speaks of drafting one
_LOWER_HEADS = frozenset({"recommendation", "convention", "declaration", "charter"})
_HEAD_RE = re.compile(r"(?<![\w-])(?:" + "|".join(sorted([*_HEADS, *_PLURALS], key=len,
                                                           reverse=True)) + r")(?![\w-])")
_TITLE_PREPS = frozenset({"on", "for", "of", "concerning", "against", "regarding", "relating",
                          "establishing", "instituting", "between"})
# a number between the head and the title: "ILO Convention (No. 111) concerning ...", "ILO
# Convention No. 169 concerning ..."
_NUMBER = re.compile(r"[ \t]*(?:\((?:No|no|Nr)\.?[ \t]*\d+\)|(?:No|Nr)\.[ \t]*\d+\b)")
_BRACKETED = re.compile(r"[ \t]*\(([A-Z][A-Z0-9&-]{1,9})\)")
_YEAR_WORD = re.compile(r"(?:1[6-9]|20)\d\d$")
_IN_TITLE = _TITLE_PREPS | {"to", "from", "in", "by", "with", "at"}
_CONNECTORS = frozenset({"the", "of", "and", "for", "on", "in", "to", "against", "with", "by",
                         "&", "a", "an", "regard", "respect", "relating", "concerning",
                         "between", "or", "at", "from"})  # "with regard to"
_LEFT_STOP = frozenset({"The", "This", "That", "These", "Those", "A", "An", "Its", "Our", "Their",
                        "His", "Her", "In", "On", "Under", "By", "Of", "And", "For", "With", "To",
                        "As", "At", "From", "Dear", "See", "Per", "Your", "My", "New", "Such",
                        "Each", "Every", "Any", "Also"})
# a preamble's opening word ("Recalling", "Mindful", "Convinced"; lex:not-names): no title's
_PREAMBLE = re.compile(r"[A-Z][a-z]+(?:ing|ful|are|ced|ous)")
_WORD = re.compile(r"[\w\u2019'-]+(?:\|[\w\u2019'-]+)*|[,&]")
_LEFT_JOINERS = frozenset({"of", "and", "for", "on"})
_LEFT_SMALL = _LEFT_JOINERS | {"the", "to"}  # the small words _LEFT_GAP lets between two words
# between two words of a title before its head: "Protection of the Right to Organise Convention"
_LEFT_GAP = re.compile(r"\s+(?:of(?:\s+the)?|and|for|on|to)\s+")
_POSSESSIVE = re.compile(r"[\w-]+['\u2019]s?$")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&./-]+$")
_INSTRUMENT_CONTEXT = re.compile(r"draft|adopt|elaborat|standard-setting|instrument|negotiat|"
                                 r"prepar|working\s+on|develop|normative|ratif", re.IGNORECASE)
# a body's report named by the body: "the report of the Nominations Committee"
_REPORT_OF = re.compile(r"\breports?\s+of\s+the\s+(?:[A-Z][\w-]*\s+)*?(?:(?:of|for|on|and|the)\s+"
                        r"(?:[A-Z][\w-]*\s+)*?)*(?P<head>[A-Z][\w-]*)(?![\w-])(?!\s+[A-Z])")
_IN_THE_FORM_OF = re.compile(
    r"\binstrument\s+(?:on|concerning|regarding)\s+(?P<x>[^,.;:()\n]{3,120}?)\s+in\s+the\s+form"
    r"\s+of\s+an?\s+(?P<head>(?i:recommendation|convention|declaration|charter))\b")

# letters
_LETTER = re.compile(
    r"\b(?:(?P<poss>my|our|your|votre|notre|ma|su|mi|nuestra)\s+)?(?P<w>letter|lettre|carta"
    r"|note\s+verbale|communication)\s+(?:dated|of|du|en\s+date\s+du|datée\s+du|de\s+fecha|del"
    r"|con\s+fecha)\s+", re.IGNORECASE)
_OWN = frozenset({"my", "our", "notre", "ma", "mi", "nuestra"})
_PREPARE_VERBS = ("work", "prepar", "draft", "elaborat", "develop", "produc", "publish", "issu",
                  "author", "writ", "compil")


@dataclass(frozen=True, slots=True)
class _Found:
    mention: Mention
    head: str | None = None  # head word of a titled or bare instrument
    bare: bool = False


def _clean(text: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", re.sub(r"\s+", " ", text).strip())


def _work(pdoc: ProcessedDocument, start: int, end: int, name: str, subtype: str | None, *,
          alternate_names: tuple[str, ...] = (), identifier: str | None = None,
          url: str | None = None, start_date: DateValue | None = None) -> Mention:
    return Mention(EntityKind.WORK, name, pdoc.span(start, end), NAME, subtype=subtype,
                   alternate_names=alternate_names, identifier=identifier, url=url,
                   start_date=start_date)


def _tail_end(text: str, pos: int) -> int:
    """End of a capitalised title that follows a head word at ``pos`` ("on the Protection ...").

    The title runs over capitalised words and the small words between them, across a line break
    only after a small word (a title cut by a page break), and stops before "and the 2030
    Agenda ..." or "and General Assembly resolution ...", where a second document starts, and
    before a comma no "and" follows in it ("Framework for Action, Education for All: ...", not
    "the Protection, Conservation and ...").
    """
    toks = list(_WORD.finditer(text, pos, min(len(text), pos + 400)))
    if not toks or text[pos: toks[0].start()].strip() or toks[0].group(0) not in _TITLE_PREPS:
        return pos
    end, before_and, prev, after = pos, pos, toks[0], len(toks)  # the end before "and" or ","
    comma = colon = None  # the end before a comma no "and" has closed yet, before a subtitle
    for i, tok in enumerate(toks[1:], start=1):
        gap = text[prev.end(): tok.start()]
        word = tok.group(0)
        if gap.strip() == ":" and word[:1].isupper() and "\n" not in gap:
            colon = end if colon is None else colon  # a subtitle: "...: Vision and Action"
        elif gap.strip() or (re.search(r"\n\s*\n", gap) and prev.group(0) not in _CONNECTORS):
            break
        if word == ",":
            nxt = text[tok.end(): tok.end() + 120]  # a line break after it ends a clause
            if not (nxt.lstrip(" \t")[:1].isupper() and " and " in nxt):
                break
            before_and, comma, after = end, end if comma is None else comma, len(toks)
        elif word in ("and", "or"):
            before_and, comma, after = end, None, len(toks)
        elif (word in _HEAD_STARTS or _POSSESSIVE.match(word) or (word == "Final" and [
                t.group(0) for t in toks[i + 1:i + 2]] == ["Act"])) and before_and > pos \
                and not {t.group(0) for t in toks[after:i]} & _IN_TITLE:  # "... to the Convention"
            return before_and  # "... and the Director-General's report", "and the Final Act"
        elif (word in ("resolution", "resolutions", "decision", "decisions")
              or word in PART_WORDS) and before_and > pos:
            return before_and  # "... and General Assembly resolution 61/295", "and Article 19"
        elif word[:1].isupper() or word[:1].isdigit():
            end, after = tok.end(), min(after, i)  # after: the first capital after "and"
        elif word not in _CONNECTORS and not _of_title(toks, i) and not (
                word == "their" and prev.group(0) in BEFORE_THEIR):
            if colon is not None and word.isalpha():
                end = colon  # a subtitle in running words: "...: Meeting our Commitments"
            break
        prev = tok
    return comma if comma is not None and comma < end else end  # "Framework for Action, Education"


def _author(word: str) -> bool:
    """An author's name before a title: a possessive, or the acronym of a listed organisation
    ("UNESCO", "ILO"; not "TRIPS", which names the agreement itself)."""
    if _POSSESSIVE.match(word):
        return True
    if not _ACRONYM.match(word):
        return False
    entries = [load_gazetteer().get(part) for part in word.split("/")]  # "ILO/UNESCO"
    return all(e is not None and e.kind is EntityKind.ORGANIZATION for e in entries)


def _of_title(toks: list[re.Match[str]], i: int) -> bool:
    """A common noun between "the" and "of" + a title: "Guidelines for the implementation of
    the Universal Declaration ..."; not after "and the" ("of 2015 and the views of the IPCC")."""
    nxt = [t.group(0) for t in toks[i + 1: i + 4]]
    return (i > 0 and toks[i - 1].group(0) == "the" and toks[i].group(0).isalpha() and
            (i < 2 or toks[i - 2].group(0) not in ("and", "or")) and
            len(nxt) == 3 and nxt[0] == "of" and (nxt[1][:1].isupper() or (
                nxt[1] == "the" and nxt[2][:1].isupper())))


def _left(text: str, start: int) -> tuple[int, int]:
    """Start of the capitalised words before a head word (small words may join them: "Trade
    Related Aspects of Intellectual Property Rights Agreement"), and the start of its title."""
    text = unwrapped(text)  # "The Incheon\nDeclaration": a title wrapped with its prose
    line_start = text.rfind("\n", 0, start) + 1
    words = list(re.finditer(r"\S+", text[line_start:start]))
    first = start
    for m in reversed(words[-12:]):
        word = m.group(0)
        if word in _LEFT_SMALL and first < start:
            continue  # kept only if a capitalised word comes before it
        if word in _LEFT_STOP or (_PREAMBLE.fullmatch(word) and word in lexicon_words(
                "not-names")) or not re.fullmatch(r"[\w\u2019'/-]+", word) or not (
                word[:1].isupper() or _YEAR_WORD.match(word)):
            break
        if text[line_start + m.end(): first].strip() and not _LEFT_GAP.fullmatch(
                text[line_start + m.end(): first]):
            break
        first = line_start + m.start()
    # an author in front (acronym, possessive) is not part of the title
    title_start = first
    leading = True
    for m in re.finditer(r"\S+", text[first:start]):
        word = m.group(0)
        if (leading and _author(word)) or _POSSESSIVE.match(word):
            title_start = first + m.end() + (len(text[first + m.end():start])
                                             - len(text[first + m.end():start].lstrip()))
        else:
            leading = False
    return first, title_start


def _author_start(pdoc: ProcessedDocument, first: int, title_start: int) -> int:
    """Start of a possessive author the model names ("the Council of Europe's Convention")."""
    if first == title_start or not _POSSESSIVE.match(pdoc.text[first:title_start].rstrip()):
        return first
    for e in pdoc.entities():
        if e.label in ("ORG", "GPE", "PERSON") and e.start < first < e.end <= title_start:
            return e.start + (4 if e.text.startswith(("the ", "The ")) else 0)
    # "the Council of Europe's": a body's head word, "of", then the possessive
    m = re.search(r"(?<![\w-])([A-Z][\w-]*) of (?:the )?$", pdoc.text[max(0, first - 60):first])
    if m and m.group(1) in _ORG_HEADS | {"Government", "Union", "Secretary-General"}:
        return first - (len(m.group(0)))
    return first


def _named(pdoc: ProcessedDocument, first: int, title_start: int, end: int, head: str,
           when: DateValue | None) -> Mention:
    """The mention of a titled instrument: a year before its title is its date, not its name
    ("the 2007 United Nations Declaration on ..."), unless the year is all that names it."""
    text = pdoc.text
    name, full = _clean(text[title_start:end]), _clean(text[first:end])
    alts = [full] if full != name else []
    year = re.match(r"((?:1[6-9]|20)\d\d)\s+(?=\S)", name)
    if year and head in _YEAR_IN_NAME:
        pass
    elif year and name[year.end():] != head:
        alts.append(name)
        name = name[year.end():]
        when = when or DateValue(year.group(1))
    elif year:
        when = when or DateValue(year.group(1))
    acronym = _BRACKETED.match(text, end)  # "... Agreement (TRIPS)": its short name
    if acronym:
        alts += [acronym.group(1), f"{name} ({acronym.group(1)})"]
        end = acronym.end()
    return _work(pdoc, first, end, name, _HEADS[head], start_date=when,
                 alternate_names=tuple(dict.fromkeys(a for a in alts if a != name)))


def _plural(pdoc: ProcessedDocument, first: int, title_start: int, m: re.Match[str],
            end: int) -> Iterator[_Found]:
    """ "the two International Covenants on X and on Y of 1966": one instrument per title, the
    words before the head word shared; one reference for a plural name of one title ("the
    Geneva Conventions", "the International Covenants on Human Rights")."""
    text, head = pdoc.text, _PLURALS[m.group(0)]
    end, when = dated(pdoc.text, m.end(), end)
    parts = re.split(r",?\s+and\s+(?=(?:" + "|".join(_TITLE_PREPS) + r")\s)", text[m.end():end])
    if len(parts) < 2:  # one name for them all: "the International Covenants on Human Rights"
        if title_start < m.start() or end > m.end():
            yield _Found(_work(pdoc, title_start, end, _clean(text[title_start:end]),
                               _HEADS[head], start_date=when), head)
        return
    lead = text[title_start:m.start()]
    pos = m.end()
    for part in parts:
        at = text.index(part, pos)
        title = part if part[:1].isspace() else " " + part
        name = _clean(f"{lead}{head}{title}")
        yield _Found(_work(pdoc, at, at + len(part), name, _HEADS[head], start_date=when,
                           alternate_names=(_clean(f"{head}{title}"),)), head)
        pos = at + len(part)


def _titled(pdoc: ProcessedDocument) -> Iterator[_Found]:
    text = pdoc.text
    for m in _HEAD_RE.finditer(text):
        head = m.group(0)
        first, title_start = _left(text, m.start())
        first = _author_start(pdoc, first, title_start)
        number = _NUMBER.match(text, m.end())
        known = known_end(text, (title_start, m.start()), 0)  # a listed instrument's title
        end = max(known, _tail_end(text, (number or m).end()))
        if head in _PLURALS:
            yield from _plural(pdoc, first, title_start, m, end)
            continue
        has_tail = end > (number.end() if number else m.end())
        year = re.match(r" (?:(?:19|20)\d\d|21)\b", text[m.end():])
        if head == "Agenda" and end == m.end() and year:  # "Agenda 2030", "Agenda 21"
            end = m.end() + year.end()
        has_left = title_start < m.start()
        if head in _NEEDS_TITLE and not has_tail:
            continue
        if not has_left and end == m.end():
            yield from _bare(pdoc, first, m)
            continue
        if head == "Convention" and _EVENT_WORDS & set(text[first:m.start()].split()):
            continue  # "the Democratic National Convention": a meeting, not a treaty
        if head in _NEEDS_YEAR and not known and not re.search(r"\d", text[first:end]) \
                and not placed(text[title_start:m.start()], head != "Agenda"):
            continue
        end, when = dated(pdoc.text, m.end(), end) if has_tail else (end, None)
        yield _Found(_named(pdoc, first, title_start, end, head, when), head)


def _bare(pdoc: ProcessedDocument, first: int, m: re.Match[str]) -> Iterator[_Found]:
    """ "the Convention": a later mention of one the text names in full (``bare``), or "its
    Constitution"."""
    text, head = pdoc.text, m.group(0)
    if re.match(r"[ \t]+[A-Z]", text[m.end():]):
        return  # "the Strategy Division": a word of a longer name
    before = text[max(0, first - 6): first]
    if head in _ALONE and re.search(r"\b(?:the|its|their)\s$", before, re.IGNORECASE):
        yield _Found(_work(pdoc, m.start(), m.end(), head, _HEADS[head]), head)
    elif re.search(r"\bthe\s$", before, re.IGNORECASE) or first < m.start():
        full = _clean(text[first: m.end()])
        alts = (full,) if full != head else ()
        yield _Found(_work(pdoc, first, m.end(), head, _HEADS[head], alternate_names=alts),
                     head, bare=True)


def _token_at(pdoc: ProcessedDocument, start: int, end: int) -> tuple[Token | None, int]:
    """The syntactic head of the words at ``start``..``end``, and its chunk's offset."""
    for offset, stop, doc in pdoc.bounds:
        if offset <= start and end <= stop:
            span = doc.char_span(start - offset, end - offset, alignment_mode="expand")
            return (span.root, offset) if span is not None and len(span) else (None, offset)
    return None, 0


def _described(pdoc: ProcessedDocument) -> Iterator[_Found]:
    """"a recommendation on the ethics of AI"; "an instrument on X in the form of a Convention"."""
    text = pdoc.text
    for m in _IN_THE_FORM_OF.finditer(text):
        head = m.group("head").capitalize()
        name = f"{head} on " + re.sub(r"\s+", " ", m.group("x"))
        yield _Found(_work(pdoc, m.start(), m.end(), name, _HEADS[head]), head)
    for m in _REPORT_OF.finditer(text):  # "the report of the Nominations Committee"
        if m.group("head") in _ORG_HEADS:
            yield _Found(_work(pdoc, m.start(), m.end(), re.sub(r"\s+", " ", m.group(0)),
                               "Report"))
    for offset, doc in pdoc.chunks:
        for tok in doc:
            lower = tok.text.islower()
            if ((tok.text not in _HEADS and not (lower and tok.text in _LOWER_HEADS))
                    or tok.tag_ not in ("NN", "NNP")):
                continue
            prep = next((c for c in tok.rights if c.dep_ == "prep"
                         and c.lower_ in ("on", "concerning", "regarding")), None)
            if prep is None or doc[prep.i + 1:prep.i + 2].text.lower() in ("this", "that"):
                continue  # "adopts the present Recommendation on this tenth day of ..."
            if lower and not _INSTRUMENT_CONTEXT.search(tok.sent.text):
                continue
            last = prep
            for t in prep.subtree:
                if t.i < prep.i or t.is_space:
                    continue
                if t.is_punct or t.pos_ in ("VERB", "AUX") or t.dep_ in ("relcl", "acl", "cc"):
                    break
                last = t
            if last is prep:
                continue
            head = tok.text.capitalize()
            start, end = offset + tok.idx, offset + last.idx + len(last.text)
            name = _clean(head + text[start + len(tok.text): end])
            alts: tuple[str, ...] = ()
            if not lower:  # "the UN Secretary-General's Roadmap on ...": an author in front
                first, title_start = _left(text, start)
                first = _author_start(pdoc, first, title_start)
                if title_start == start and first < start:
                    alts, start = (_clean(text[first:end]),), first
            yield _Found(_work(pdoc, start, end, name, _HEADS.get(head), alternate_names=alts),
                         head)


def _symbols(pdoc: ProcessedDocument) -> Iterator[_Found]:
    text = pdoc.text
    for sym in symbols(text):
        start, alts = sym.start, sym.alternate_names
        if sym.worded:  # "Economic and Social Council resolution 2001/39": its author before
            first = _symbol_author(text, _left(text, sym.start)[0], sym.start)
            full = _clean(text[first:sym.end])
            if full.lower() != sym.name.lower():
                start, alts = first, (*alts, full)
        yield _Found(_work(pdoc, start, sym.end, sym.name, sym.subtype, identifier=sym.identifier,
                           alternate_names=alts))


def _symbol_author(text: str, first: int, start: int) -> int:
    """Where the author of a resolution at ``start`` begins: the longest run of the words from
    ``first`` that names a body of the gazetteer or a body's head word ("Council"); else no
    author ("the Charter of the United Nations and ... resolution 61/295", "Noting resolution")."""
    gazetteer = load_gazetteer()
    for m in re.finditer(r"\S+", text[first:start]):
        words = _clean(text[first + m.start():start])
        entry = gazetteer.get(words)
        if (entry is not None and entry.kind is EntityKind.ORGANIZATION) or re.fullmatch(
                rf"(?:[A-Z][\w-]*\s+)*(?:{'|'.join(_ORG_HEADS)})", words):
            return first + m.start()
    return start


def _letters(pdoc: ProcessedDocument, reference: DateValue | None) -> Iterator[tuple[_Found, bool]]:
    text = pdoc.text
    for m in _LETTER.finditer(text):
        dates = list(find_dates(text[m.end(): m.end() + 40], reference))
        if not dates or dates[0].start != 0:
            continue
        end = m.end() + dates[0].end
        own = (m.group("poss") or "").lower() in _OWN
        mention = _work(pdoc, m.start("w"), end, _clean(text[m.start("w"):end]),
                        "LetterReference", start_date=dates[0].start_date)
        yield _Found(mention), own


def _urls(pdoc: ProcessedDocument) -> Iterator[_Found]:
    for link in web_links(pdoc.text):
        yield _Found(_work(pdoc, link.start, link.end, link.name, "WebResource", url=link.url,
                           identifier=link.identifier, alternate_names=link.alternate_names))


# the last word of a body that prepares documents, when the model does not tag it ORG
_ORG_HEADS = frozenset({"Secretariat", "Committee", "Council", "Commission", "Board", "Bureau",
                        "Assembly", "Conference", "Group", "Panel", "Organization", "Organisation",
                        "Agency", "Institute", "Office", "Ministry", "Sector", "Division"})
_CLIMB = frozenset({"pobj", "prep", "dobj", "nsubjpass", "conj", "appos", "attr", "nmod"})


def _preparer(pdoc: ProcessedDocument, work: Mention) -> tuple[Mention, Span] | None:
    """The organisation the sentence says prepares ``work``, with the sentence as evidence."""
    node, offset = _token_at(pdoc, work.span.start, work.span.end)
    if node is None:
        return None
    # "the report prepared by the Secretariat"; else up from the document's name to the verb
    # that prepares it ("UNESCO is working on a recommendation ...")
    # (the parse may hang the participle on the title's last word: "Report on Cultural Policies
    # prepared by ...")
    node = next((c for c in node.subtree if c.dep_ == "acl" and c.pos_ == "VERB"
                 and c.lower_.startswith(_PREPARE_VERBS)
                 and work.span.start <= offset + c.head.idx < work.span.end), node)
    for _ in range(6):
        if node.pos_ == "VERB" and node.lower_.startswith(_PREPARE_VERBS):
            break
        if node.dep_ not in _CLIMB or node.head is node:
            return None
        node = node.head
    else:
        return None
    # its subject, or the subject of the verb it completes ("embarked on a process to elaborate")
    subj = None
    for _ in range(3):
        agent = next((c for c in node.children if c.dep_ == "agent"), None)
        if agent is not None:
            subj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        else:
            subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subj is not None or node.dep_ not in ("xcomp", "advcl", "conj") or node.head is node:
            break
        if node.dep_ == "xcomp":  # "requested the Secretariat to prepare ...": its object does it
            subj = next((c for c in node.head.children if c.dep_ == "dobj"), None)
            if subj is not None:
                break
        node = node.head
    if subj is None:
        return None
    ent = next((e for e in subj.doc.ents if e.start <= subj.i < e.end), None)
    first = subj
    while first.i > 0 and first.nbor(-1).dep_ == "compound" and first.nbor(-1).head == subj:
        first = first.nbor(-1)
    if ent is not None and ent.label_ == "ORG":
        start, end = ent.start_char, ent.end_char
    elif subj.pos_ == "PROPN" and (_ACRONYM.match(subj.text) or subj.text in _ORG_HEADS):
        start, end = first.idx, subj.idx + len(subj.text)
    else:
        return None
    text = pdoc.text[offset + start: offset + end]  # the chunk's text is the whole text there
    if _clean(text) in _ORG_HEADS:
        return None  # "the Council" alone: which council is for resolution to say
    skip = len(text) - len(re.sub(r"^(?:the|The)\s+", "", text))
    trail = len(text) - len(re.sub(r"['\u2019]s?$", "", text))
    org = Mention(EntityKind.ORGANIZATION, _clean(text[skip: len(text) - trail]),
                  pdoc.span(offset + start + skip, offset + end - trail), NAME)
    sent = subj.sent
    return org, pdoc.span(offset + sent.start_char, offset + sent.end_char)


def _overlaps(span: Span, taken: list[Span]) -> bool:
    return any(span.start < t.end and t.start < span.end for t in taken)


@extractors.register(
    NAME,
    produces=("DocumentReference", "Convention", "Recommendation", "Declaration", "Resolution",
              "Decision", "Report", "LetterReference", "Roadmap", "WebResource", "Strategy",
              "Agenda", "Organization"),
    requires=("document.v1",),
)
def extract_references(pdoc: ProcessedDocument, found: Sequence[Record]) -> Iterator[Record]:
    """Documents the text refers to, each cited by the source document."""
    facts = [r for r in found if isinstance(r, DocumentFact)]
    taken = [r.span for r in found if isinstance(r, Mention) and r.kind is EntityKind.WORK]
    taken += [f.span for f in facts if f.field is DocField.SELF_REFERENCE and f.span]
    date = next((f.value for f in facts if f.field is DocField.DATE
                 and isinstance(f.value, DateValue)), None)
    sender = next((f.value for f in facts if f.field is DocField.SENDER
                   and isinstance(f.value, Mention)), None)
    kind = next((f.value for f in facts if f.field is DocField.KIND), None)
    title = next((f.span for f in facts if f.field is DocField.TITLE and f.span), None)

    accepted: list[_Found] = []
    own_letters: list[Mention] = []

    def accept(item: _Found) -> bool:
        span = item.mention.span
        if _overlaps(span, taken):
            return False
        if (title is not None and kind == "MeetingReport" and item.head == "Report"
                and title.start <= span.start and span.end <= title.end):
            return False  # the report's own title
        taken.append(span)
        accepted.append(item)
        return True

    for item, own in _letters(pdoc, date):
        if accept(item) and own:
            own_letters.append(item.mention)
    for item in (*_urls(pdoc), *_symbols(pdoc)):
        accept(item)
    titled = list(_titled(pdoc))
    for item in titled:
        if not item.bare:
            accept(item)
    for item in _described(pdoc):
        accept(item)
    for start, end, written in published_titles(pdoc.text):
        accept(_Found(_work(pdoc, start, end, _clean(written), None)))
    named_heads = {i.head for i in accepted if i.head}
    for item in titled:
        if item.bare and item.head in named_heads:
            accept(item)

    in_order = [i.mention for i in sorted(accepted, key=lambda i: i.mention.span)]
    for mention in short_forms(pdoc.text, in_order):
        work = linked(mention)
        yield work
        yield DocumentFact(DocField.CITES, work, NAME, work.span)
        if work in own_letters and sender is not None:
            yield Relation(RelationKind.SENT_BY, work, sender, work.span, NAME)
        if work.subtype not in ("WebResource", "LetterReference") and not work.identifier:
            prepared = _preparer(pdoc, work)
            if prepared is not None:
                org, evidence = prepared
                yield org
                yield Relation(RelationKind.PREPARED_BY, work, org, evidence, NAME)

