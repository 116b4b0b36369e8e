"""``people.v1``: people named in the text.

Candidates come from the model's PERSON entities and from the grammar of institutional text the
model misses or mislabels: names led by an honorific ("H.E. Mr S Iswaran", "Dr. Prof. Mikhail
Fedotov"), names led by a post ("Director-General Audrey Azoulay", "President John Adams") and the
name that opens a signature block after a complimentary close ("Yours sincerely, ... Toussaint
Tiendrebeogo Secretary of ..."). Wider text adds: runs of capitalised words opened by a given name
(``ontology/lexicon/given-names.ttl``), proper-noun subjects of a verb or predicate only people
take ("Okafor was first elected", "Brekke was a candidate", ``ontology/lexicon/person-verbs.ttl``),
and the surname of a full name used alone elsewhere in the text ("Ann Lee ... Lee said").

Each candidate is cleaned: the honorific goes to ``honorific``; leading "the", a salutation
("Dear") or a post, trailing post words ("Cedric O. Minister" -> "Cedric O") and a possessive
("Fedotov's") are cut; names joined by a slash or "and" are split. Candidates that are not people
are dropped: dates, strings with digits, all-lowercase strings, document words ("Roadmap"), and
names of organisations or places (a head word such as "Institute", a gazetteer entry); a model
reading that is a lone word after "in"/"at", or lies inside a name of another kind that an earlier
extractor found ("Partido Solidaridad Nueva"), is dropped too. Short forms
("Mr Fedotov") are mentions of their own; resolution joins them to the full name later.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from .._gazetteer import load_gazetteer
from .._nlp import Entity, ProcessedDocument
from ..records import EntityKind, Mention, Record
from ..registry import extractors
from ._lexicon import words as lexicon_words
from ._names import HONORIFIC_RE, split_honorific
from ._orgnames import unwrapped
from ._spans import SpanIndex
from .organizations import MONTHS, ORG_HEADS, POST_WORDS, reads_as_person

__all__ = ["NAME", "TITLE_WORDS", "extract_people"]

NAME = "people.v1"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that stand before a name as a post or rank and are not part of it.
TITLE_WORDS = POST_WORDS | _words(
    "General Colonel Captain Lieutenant Admiral Marshal Major Sergeant Commander Sheikh Datuk "
    "Dato Tan Sri Pope Bishop Archbishop Cardinal Father Brother Sister Saint Emperor Empress "
    "King Queen Prince Princess Duke Duchess Count Countess Baron Baroness Chairman Incumbent "
    "Prime Vice Deputy Acting Former Foreign Minister-President Congressman Congresswoman "
    "Assemblyman Assemblywoman Justice Judge Attorney Auditor Comptroller Liberal Conservative "
    "Democrat Republican Labour Socialist Communist Green Independent Candidate Chairholder "
    "Honourable Honorable Right Reverend"
)
# Words that show a capitalised phrase names a thing, an event or a group, not a person.
_NOT_PERSON = ORG_HEADS | MONTHS | _words(
    "Roadmap Recommendation Convention Declaration Report Agenda Strategy Charter Treaty Act "
    "Agreement Protocol Resolution Decision Festival Conference Summit War Election Day Year "
    "Prize Award Medal Cup Games Street Road Avenue River Lake Mountain Island Islands Hotel "
    "Palace Square Bridge Airport Station Hall Tower Park Church Cathedral Mosque Temple Times "
    "Post News Journal Herald Gazette Tribune Review Magazine Press AI COVID Internet "
    # collective plurals after a post word: "Member States", "Member Countries"
    "States Nations Countries Parties Governments Territories Delegations"
)
# "the Marrowlands", "any Disputes": a lone word after a determiner names no one
_DETERMINED = re.compile(r"(?<![\w-])(?:the|a|an|any|each|every|all|some|no|these|those|this|"
                         r"that|such|other)[ \t]+$", re.IGNORECASE)
_INITIAL = re.compile(r"[A-Z]\.?")
_NOT_NAMES = frozenset(w.capitalize() for w in lexicon_words("not-names")
                       | lexicon_words("collective-nouns"))
# "in Hexley", "at Dunmore": a lone word after these is a place, whatever the model says.
_AT_PLACE = re.compile(r"\b(?:in|at|near)[ \t]+$")
_DETERMINERS = _words("The A An Its His Her Their Our Your My This That These Those Some Any")
_SALUTATION = re.compile(r"^(?:(?:My\s+)?Dear|Cher|Chère|To)\s+")
_CLOSING = re.compile(
    r"(?:Yours\s+(?:sincerely|faithfully|truly)|Sincerely(?:\s+yours)?|(?:Kind|Best|Warm)\s+"
    r"regards|With\s+(?:best|kind)\s+regards|Respectfully(?:\s+yours)?),?\s*\n\s*",
    re.IGNORECASE,
)
# A capitalised name word: "Iswaran", "O.", "S", "MacArthur", "Henri-François", "d'Estaing".
_APOS = "'\u2019"  # apostrophe and right single quotation mark
_PARTICLES = ("de", "da", "van", "von", "der", "del", "di", "du", "le", "la", "bin", "ibn", "al")
# (a full stop only after an initial: "Mr President. Before I ..." ends the name at "President")
# capitals with accents too: "Mr. ÖZDEMIR", "Ms Élise Durand"
_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_NAME_WORD = (rf"(?:[{_UP}][\w{_APOS}-]?\.|[{_UP}][\w{_APOS}-]*(?![\w{_APOS}-])\.?"
              rf"(?=[ \t]*(?:$|[^ \t{_UP}]))|[{_UP}][\w{_APOS}-]*"
              rf"|(?:{'|'.join(_PARTICLES)})(?=\s[{_UP}]))")
_NAME_RUN = re.compile(rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,4}}")
_HONORIFIC_AT = re.compile(rf"(?<![\w.]){HONORIFIC_RE.pattern[1:]}")
_TITLES = "|".join(sorted((re.escape(t) for t in TITLE_WORDS), key=len, reverse=True))
_TITLE_THEN_NAME = re.compile(rf"\b(?:{_TITLES})[ \t]+(?={_NAME_WORD})")
_CAPITALISED = re.compile(rf"(?<![\w.{_APOS}-])[A-Z][\w-]+")
_WORD_BEFORE = re.compile(r"(?<!\S)([\w.-]+)[ \t]+$")
_DEPS_SUBJECT = ("nsubj", "nsubjpass")


def _clean(pdoc: ProcessedDocument, start: int, end: int) -> Iterator[tuple[int, int, str | None]]:
    """Cut a candidate down to the person's name: ``(start, end, honorific)`` pieces."""
    text = pdoc.text
    for m in re.finditer(r"[^\n/()]+", unwrapped(text)[start:end]):  # "Mr Tomás\nCabrera"
        s, e = start + m.start(), start + m.end()
        gap = re.search(r"\S[ \t]{3,}\S", text[s:e])  # a table's next column after a wide gap
        if gap and len(split_honorific(text[s:s + gap.start() + 1])[1].split()) >= 2:
            e = s + gap.start() + 1  # "Ms Kirsi AHOLA      Counsellor" (not "Mr      Hao Ping")
        for part in re.finditer(r"(?:(?!\s(?:and|&)\s)[^,;])+", text[s:e]):
            yield from _clean_piece(text, s + part.start(), s + part.end())


def _clean_piece(text: str, s: int, e: int) -> Iterator[tuple[int, int, str | None]]:
    owner = re.search(rf"[{_APOS}]s\s", text[s:e])
    if owner:  # "Vladimir Putin's United Russia": the name ends at the possessive
        e = s + owner.start() + 2
    piece = text[s:e]
    lead = re.match(r"\s*(?:(?:the|The)\s+)?", piece)
    s += lead.end() if lead else 0
    sal = _SALUTATION.match(text[s:e])
    s += sal.end() if sal else 0
    honorific, _ = split_honorific(text[s:e])
    hon = HONORIFIC_RE.match(text[s:e]) if honorific else None
    name_start = s + (hon.end() if hon else 0)
    # Leading posts ("MPP Tony Ruprecht", "Prime Minister X"): part of the span, not of the name.
    words = list(re.finditer(r"\S+", text[name_start:e]))
    k = 0
    while k < len(words) - 1 and words[k].group(0).rstrip(",") in TITLE_WORDS:
        k += 1
    if k:
        name_start += words[k].start()
        if not honorific:
            s = name_start
    # Trailing junk: a post word after the name ("Cedric O. Minister"), a "-" clause.
    words = list(re.finditer(r"\S+", text[name_start:e]))
    written = [w.group(0) for w in words]
    for i, w in enumerate(words):
        if _post_surname(written, i, text[name_start + words[-1].end():]):
            continue  # "Federico Mayor", "Federico Mayor Zaragoza": a surname, not a post
        if i and (w.group(0) in TITLE_WORDS or w.group(0) in ("-", "\u2013")):
            e = name_start + words[i - 1].end()
            break
    while e > name_start and text[e - 1] in " \t.,;:" + _APOS:
        if text[e - 1] == "." and re.search(r"(?<![\w.])[A-Z]\.$", text[name_start:e]):
            # "Cedric O." keeps its initial, not the full stop.
            e -= 1
            break
        e -= 1
    if text[e - 1:e] == "s" and text[e - 2:e - 1] in tuple(_APOS) and e - 2 > name_start:
        e -= 2
    elided = re.match(rf"[ \t]+[dl][{_APOS}][A-Z][\w-]*", text[e:])
    if elided:  # the model stops at an elision: "Côte" of "Côte d'Ivoire" is no name on its own
        e += elided.end()
    if e > name_start:
        yield s, e, honorific


def _post_surname(words: Sequence[str], i: int, after: str) -> bool:
    """Word ``i`` of ``words``, a post word ("Mayor", "Dean"; not "Right" of "Right Reverend"),
    is a surname: the second word, after a given name, and followed by another name word
    ("Federico Mayor Zaragoza") or last, not before "of" (``after``: the text after the words;
    "Maria Director of the Museum")."""
    return (i == 1 and words[1] in POST_WORDS and words[0] in lexicon_words("given-names")
            and ((len(words) == 2 and not _POST_COMPLEMENT.match(after))
                 or (len(words) > 2 and words[2][:1].isupper() and words[2] not in TITLE_WORDS)))


_POST_COMPLEMENT = re.compile(r"\s*(?:of|for|to|at|in|on|and|&|General|-)\b")


def _is_person_name(name: str, pdoc: ProcessedDocument, start: int,
                    honorific: bool = False) -> bool:
    words = name.split()
    if words and honorific and words[0] in _PARTICLES:
        words = words[1:]
    if not words or any(ch.isdigit() for ch in name) or not words[0][0].isupper():
        return False
    if name.endswith("-"):
        return False  # a word the line break cut: "Mr. Director-\nGeneral"
    if words[0] in _DETERMINERS:
        return False  # "Its Challengers"
    if re.fullmatch(r"[IVX]+\.", words[0]) and not pdoc.text[
            pdoc.text.rfind("\n", 0, start) + 1:start].strip():
        return False  # "I. Scope and definitions" opening a line: a numbered heading
    if name.isupper() and len(words) == 1 and not (honorific and len(name) > 2):
        return False  # an acronym, but "Mr. HALVORSEN (Nepal)": a speaker of a verbatim record
    after = pdoc.text[start + len(name):start + len(name) + 12]
    if any(w.strip(".,") in _NOT_PERSON or (w in TITLE_WORDS and not _post_surname(words, i, after))
           for i, w in enumerate(words)):
        return False
    if len(words) > 1 and words[-1] in lexicon_words("not-person-heads"):
        return False  # "Marvale Regions", "Harrow Creek", "Lantern Awards"
    if any(w[:1].islower() and w not in _PARTICLES for w in words):
        return False
    if load_gazetteer().get(name) is not None:
        return False
    if all(w.strip(".,").capitalize() in _NOT_NAMES for w in words):
        return False  # "Madam", "Recognizing", "WARNING": a form of address, a banner, debris
    # "the Secretary-General's Roadmap": a single word owned by something is not a person.
    before = pdoc.text[max(0, start - 4):start]
    return not (len(words) == 1 and re.search(rf"[{_APOS}]s\s+$", before))


def _candidates(pdoc: ProcessedDocument) -> Iterator[tuple[int, int, int]]:
    """``(start, end, rank)`` spans that may name a person; rank 0 = grammar, 1 = model."""
    text = pdoc.text
    flat = unwrapped(text)  # a speaker's name wrapped with the prose: "Mr Tomás\nCabrera"
    for m in _HONORIFIC_AT.finditer(text):
        run = _NAME_RUN.match(flat, m.end())
        if run and (run.group(0)[:1].isupper() or run.group(0).split()[0] in _PARTICLES):
            yield m.start(), run.end(), 0  # "Mr. de MONTREVEL (Bhutan)": a particle first
    given = lexicon_words("given-names")
    for m in _TITLE_THEN_NAME.finditer(text):
        run = _NAME_RUN.match(text, m.end())
        before = _WORD_BEFORE.search(text[max(0, m.start() - 30):m.start()])
        if before and before.group(1) in given:
            continue  # "Federico Mayor Zaragoza": the post word is a surname
        if run and _model_says_person(pdoc, m.end(), run.end()):
            yield m.end(), run.end(), 0
    for m in _CLOSING.finditer(text):
        run = _NAME_RUN.match(text, m.end())
        if run:
            yield run.start(), run.end(), 0
    ents = list(pdoc.entities())
    for ent in ents:
        if ent.label == "PERSON":
            yield ent.start, _extend(pdoc, ent.end), 1
        elif ent.label in ("ORG", "GPE") and reads_as_person(
                pdoc, *_bare(text, ent), listed_only=ent.label == "GPE"):
            yield ent.start, ent.end, 1
    yield from _subjects(pdoc, [(e.start, e.end) for e in ents if e.label in ("PERSON", "ORG",
                                                                                "GPE")])
    yield from _given_name_runs(text)
    yield from _bylines(text)


_BYLINE = re.compile(rf"^[ \t]*[Bb][Yy][ \t]+({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,4}})[ \t]*$",
                     re.MULTILINE)
_CAPS_LINE = re.compile(r"^[ \t]*([A-Z][A-Z'-]+(?:[ \t]+[A-Z][A-Z.'-]*){1,3})[ \t]*$", re.MULTILINE)


#: An author's note opened by their name in capitals, on a line or after a sentence (a column
#: unwrapped): "FARHAD MOSHIRI, Iranian musicologist, ..."
_CAPS_BIO = re.compile(r"(?:^|(?<=[.!?] ))[ \t]*([A-Z][A-Z'-]+(?:[ \t]+[A-Z][A-Z.'-]*){1,3}),[ \t]+"
                       r"(?:(?:an?|the)[ \t]+)?(?:[A-Z][a-z]+[ \t]+)?(?P<noun>[a-z-]{3,})\b",
                       re.MULTILINE)


def _bylines(text: str) -> Iterator[tuple[int, int, int]]:
    """An article's author on a line of their own: "by Tomasz K. Wierzbicki", or in
    capitals opened by a given name ("ARTHUR WINTERBOTTOM"); or opening a note on the author,
    in capitals before a noun of a person ("FARHAD MOSHIRI, Iranian musicologist")."""
    for m in _BYLINE.finditer(text):
        yield m.start(1), m.end(1), 0
    given = lexicon_words("given-names")
    for m in _CAPS_LINE.finditer(text):
        if m.group(1).split()[0].capitalize() in given:
            yield m.start(1), m.end(1), 0
    nouns = lexicon_words("person-nouns") | lexicon_words("membership-nouns")
    for m in _CAPS_BIO.finditer(text):
        noun = m.group("noun")
        if noun in nouns or noun.endswith(("ist", "ian")):
            yield m.start(1), m.end(1), 0


def _subjects(pdoc: ProcessedDocument, labelled: list[tuple[int, int]]
              ) -> Iterator[tuple[int, int, int]]:
    """Proper-noun subjects the model leaves unlabelled or mislabels, read as people by their verb
    ("Okafor was first elected in 1999", "Brekke resigned") or a later "he"/"she"."""
    model = SpanIndex(labelled)
    for offset, doc in pdoc.chunks:
        subject = {doc.vocab.strings[dep] for dep in _DEPS_SUBJECT}  # dep_ as numbers, faster
        chunk = doc.text  # built from the tokens on every read: read once
        for tok in doc:
            # the tagger guesses at unknown names (NOUN, VERB, ADJ): a capital is the cue
            if (tok.dep not in subject or not tok.text[:1].isupper()
                    or tok.tag_ in ("NNS", "NNPS") or tok.pos_ in ("PRON", "DET", "NUM")):
                continue
            first = min([tok, *(c for c in tok.lefts if c.dep_ == "compound" and c.pos_ ==
                                "PROPN" and "\n" not in chunk[c.idx:tok.idx])],  # a line's
                        key=lambda t: t.i)  # name is not a subject below: "Vianello\nA world"
            start, end = offset + first.idx, offset + tok.idx + len(tok.text)
            if model.encloses(start, end):
                continue  # the model's own reading is weighed above
            if reads_as_person(pdoc, start, end):
                yield start, end, 1


def _given_name_runs(text: str) -> Iterator[tuple[int, int, int]]:
    """Runs of two to five name words opened by a given name ("Margo Lindqvist")."""
    given = lexicon_words("given-names")
    for m in _CAPITALISED.finditer(text):
        run = _NAME_RUN.match(text, m.start()) if m.group(0) in given else None
        if run is None or len(run.group(0).split()) < 2:
            continue
        before = _WORD_BEFORE.search(text[max(0, m.start() - 30):m.start()])
        prev = before.group(1) if before else ""
        if prev[:1].isupper() and not prev.isupper() and prev not in TITLE_WORDS:
            continue  # inside a longer name: "San Ignacio", "Santa Rosalia"
        yield run.start(), run.end(), 1


def _surname_repeats(text: str, names: list[tuple[int, int, str]],
                     taken: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Later (or earlier) uses of a full name's surname on its own: "Ann Lee ... Lee said"."""
    surnames = {name.split()[-1] for _, _, name in names if len(name.split()) > 1}
    for surname in surnames:
        if not re.fullmatch(r"[A-Z][\w\u2019'-]+", surname):
            continue
        for m in re.finditer(rf"(?<![\w.'\u2019-]){re.escape(surname)}(?![\w'\u2019-])", text):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                yield m.start(), m.end()


def _bare(text: str, ent: Entity) -> tuple[int, int]:
    """The span of a model entity without a leading "the" and a trailing possessive."""
    start, end = ent.start, ent.end
    lead = re.match(r"(?:the|The)\s+", text[start:end])
    start += lead.end() if lead else 0
    if re.search(rf"[{_APOS}]s$", text[start:end]):
        end -= 2
    return start, end


def _common_word(pdoc: ProcessedDocument, word: str) -> bool:
    """A lone capitalised word the same text also writes in lower case ("Museums" in a heading,
    "museums" in the article): a common word, whatever the model reads there."""
    lower = word.lower()
    return lower != word and re.search(rf"(?<![\w-]){re.escape(lower)}(?![\w-])",
                                       pdoc.text) is not None


def _other_kind(word: str, start: int, labels: dict[str, list[tuple[int, str]]]) -> bool:
    """A lone word the model reads elsewhere in the text as a nationality or a place and never
    as a person ("Bhutanese", "Westmarch")."""
    seen = {label for at, label in labels.get(word, []) if at != start}
    return bool(seen & {"NORP", "GPE", "LOC", "FAC"}) and "PERSON" not in seen


def _plural_noun(pdoc: ProcessedDocument, start: int, end: int) -> bool:
    """A lone word the tagger reads as a plural common noun ("Coins found in ...")."""
    for offset, stop, doc in pdoc.bounds:
        if offset <= start and end <= stop:
            span = doc.char_span(start - offset, end - offset)
            return span is not None and len(span) == 1 and span[0].tag_ == "NNS"
    return False


def _piece_of_name(text: str, start: int, end: int) -> bool:
    """A lone word right after or before another capitalised word on its line, which is no post,
    honorific or sentence opener: a piece of a longer name ("Vale" of "Ashcombe Vale")."""
    before = re.search(rf"(?<![.!?:;])(?<![.!?:;] )\b([A-Z][\w{_APOS}-]*)[ \t]+$",
                       text[max(0, start - 40):start])
    after = re.match(rf"[ \t]+([A-Z][\w{_APOS}-]*)", text[end:end + 40])
    for m in (before, after):
        if m is None:
            continue
        word = m.group(1)
        if word in TITLE_WORDS or word in _DETERMINERS or HONORIFIC_RE.match(word + " "):
            continue
        if m is before and re.search(r"(?:^|[.!?]\s+|\n)$", text[:start - len(m.group(0))]):
            continue  # the word before opens a sentence
        return True
    return False


def _model_says_person(pdoc: ProcessedDocument, start: int, end: int) -> bool:
    """The model reads at least part of ``start..end`` as a person (or as nothing at all)."""
    labels = {e.label for e in pdoc.entities() if e.start < end and start < e.end}
    return "PERSON" in labels or not labels


def _extend(pdoc: ProcessedDocument, end: int) -> int:
    """Take in a surname the model left out ("Toussaint" + "Tiendrebeogo" it calls NORP)."""
    text = pdoc.text
    m = re.match(rf"[ \t]+([A-Z][\w{_APOS}-]+)", text[end:])
    if not m or m.group(1) in TITLE_WORDS or m.group(1) in _NOT_PERSON:
        return end
    s, e = end + m.start(1), end + m.end(1)
    labels = {x.label for x in pdoc.entities() if x.start < e and s < x.end}
    return e if labels <= {"NORP", "PERSON"} else end


@extractors.register(NAME, produces=("Person",), requires=("references.v1",))
def extract_people(pdoc: ProcessedDocument, found: Sequence[Record]) -> Iterator[Record]:
    """Person mentions, one per occurrence, honorifics split off."""
    text = pdoc.text
    kept: list[tuple[int, int, int]] = []
    cleaned = []
    labels: dict[str, list[tuple[int, str]]] = {}
    for ent in pdoc.entities():
        labels.setdefault(ent.text, []).append((ent.start, ent.label))
    # names of other kinds already found: a model reading inside one is a piece of that name
    named = SpanIndex((m.span.start, m.span.end) for m in found
                      if isinstance(m, Mention) and m.kind is not EntityKind.PERSON)
    for start, end, rank in _candidates(pdoc):
        for s, e, honorific in _clean(pdoc, start, end):
            hon = HONORIFIC_RE.match(text[s:e]) if honorific else None
            hon_end = s + (hon.end() if hon else 0)
            name = _name_of(text, s, e, honorific, hon_end)
            model_only = rank > 0
            if _is_person_name(name, pdoc, hon_end, bool(honorific)) and not (model_only and (
                    (" " not in name and (_AT_PLACE.search(text, max(0, s - 12), s)
                                          or _common_word(pdoc, name)
                                          or _other_kind(name, s, labels)
                                          or _piece_of_name(text, s, e)
                                          or _DETERMINED.search(text, max(0, s - 8), s)
                                          or _plural_noun(pdoc, s, e)))
                    or named.encloses(s, e) or _in_caps_heading(text, s, e))):
                cleaned.append((rank, s, e, honorific, name))
    chosen = []
    for rank, s, e, honorific, name in sorted(cleaned, key=lambda c: (c[0], c[1] - c[2])):
        if any(ks < e and s < ke for ks, ke, _ in kept):
            continue
        kept.append((s, e, rank))
        seen = re.sub(r"\s+", " ", text[s:e])
        alt: tuple[str, ...] = (seen,) if honorific and seen != name else ()
        words = name.split()
        if len(words) > 2 and all(_INITIAL.fullmatch(w) for w in words[1:-1]):
            alt += (f"{words[0]} {words[-1]}",)  # "Tomasz K. Wierzbicki" is "Tomasz Wierzbicki"
        chosen.append(Mention(EntityKind.PERSON, name, pdoc.span(s, e), NAME,
                              honorific=honorific, alternate_names=alt))
    others = [(m.span.start, m.span.end) for m in found if isinstance(m, Mention)]
    chosen = _with_given_name(pdoc, chosen, others)
    full = [(m.span.start, m.span.end, m.name) for m in chosen if not m.role_only]
    for s, e in _surname_repeats(text, full, [(s, e) for s, e, _ in kept] + others):
        if _is_person_name(text[s:e], pdoc, s):
            chosen.append(Mention(EntityKind.PERSON, text[s:e], pdoc.span(s, e), NAME))
    yield from sorted(chosen, key=lambda m: m.span.start)


_WORD_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z][\w'’-]+) $")


def _in_caps_heading(text: str, start: int, end: int) -> bool:
    """Words in capitals inside a longer line in capitals: a heading, in whatever language
    ("ELECCION DEL PRESIDENTE DE LA CONFERENCIA GENERAL"), not a name (a byline in capitals
    fills its line)."""
    name = text[start:end].rstrip()
    if not name.isupper() or " " not in name:
        return False
    end = start + len(name)  # a line break the model took in: "PLENARY MEETING\n   "
    line = text[text.rfind("\n", 0, start) + 1:(text.find("\n", end) + 1 or len(text) + 1) - 1]
    return line.isupper() and len(line.split()) >= len(name.split()) + 1


def _with_given_name(pdoc: ProcessedDocument, chosen: list[Mention],
                     others: list[tuple[int, int]]) -> list[Mention]:
    """A name the model cut after its first given name takes it back: "Delia" before "Buckley
    Gallagher" when the document also writes "Delia Gallagher", or a given name of the lexicon
    ("Alex" before "dos Santos Gonçalves")."""
    text = pdoc.text
    given = lexicon_words("given-names")
    firsts = {(m.name.split()[0], m.name.split()[-1]) for m in chosen
              if " " in m.name and not m.role_only}
    taken = SpanIndex([(m.span.start, m.span.end) for m in chosen] + others)
    out = []
    for m in chosen:
        words = m.name.split()
        before = _WORD_BEFORE.search(text, max(0, m.span.start - 40), m.span.start)
        if (before is not None and len(words) >= 2 and m.honorific is None and not m.role_only
                and text[m.span.start:m.span.start + len(words[0])] == words[0]
                and (before.group(1) in given or (before.group(1), words[-1]) in firsts)
                and not taken.overlaps(before.start(1), before.end(1))):
            start = before.start(1)
            m = replace(m, name=f"{before.group(1)} {m.name}", span=pdoc.span(start, m.span.end))
        out.append(m)
    return out


def _name_of(text: str, s: int, e: int, honorific: str | None, hon_end: int) -> str:
    name = re.sub(r"\s+", " ", text[hon_end if honorific else s:e]).strip()
    words = name.split()
    while words and words[0] in TITLE_WORDS and len(words) > 1:
        words = words[1:]
    return " ".join(words)
