"""Whether a capitalised name the model or the grammar proposes can be an organisation's.

``organizations.v1`` asks :func:`plausible` of every model reading and :func:`not_names` and
:func:`post_headed` of every candidate it keeps: a name made only of banner words or forms of
address, a post ("Permanent Delegate of Nepal"), a degree ("Master of Fine Arts"), a work, a
period or a structure, a person's name, a piece of a reference or a portfolio after a post is no
organisation, nor is a document title's acronym in brackets after it (:func:`work_acronym`). The
word lists are data (``ontology/lexicon/``, ``._vocab``).
"""

from __future__ import annotations

import re

from ._lexicon import words as lexicon_words
from ._names import split_honorific
from ._orgnames import foreign_heading, in_capitals, line_at
from ._structure import is_portfolio
from ._vocab import (
    CONTACT,
    JOINERS,
    MONTHS,
    NOT_ACRONYMS,
    NOT_ORG,
    ORG_HEADS,
    POST_NOUNS,
    POST_WORDS,
    SALUTATIONS,
    SENIORITY,
)

__all__ = ["GRADE_BEFORE", "POST_AFTER", "bylined", "not_names", "plausible", "post_headed",
           "work_acronym"]

#: A grade before a post: "Senior Programme Specialist".
GRADE_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(SENIORITY))})[ \t]+$")
#: A post noun after a unit's name: "Education Programme Manager".
POST_AFTER = re.compile(rf"[ \t]+(?:{'|'.join(sorted(POST_NOUNS))})\b")
_POST_COMMA = re.compile(r"\b(?:" + "|".join(sorted(POST_WORDS)) + r"),\s*$")
_POST_THEN_COMMA = re.compile(r"\b(?:" + "|".join(sorted(POST_WORDS)) + r")\b[^,;:\n]*,\s*$")
_COMMA_CAPITAL = re.compile(r",\s*[A-Z]")
_NOT_NAMES = frozenset(w.capitalize() for w in lexicon_words("not-names"))
_ERA = re.compile(r"(?:\d|\bcentury|\bmillennium)[ \t]*$")


def not_names(text: str, start: int, name: str) -> bool:
    """Only words of lex:not-names ("Madam Chair", "WARNING", "Article IV"), unless "The" makes
    them a title ("The Observer", "The Speaker")."""
    return (all(_not_name(w) for w in name.split()) and not _ROMAN.fullmatch(name)
            and not text.endswith("The ", 0, start))


_ROMAN = re.compile(r"[IVXLC]+")


def _not_name(word: str) -> bool:
    """A word of lex:not-names, as written, in the plural or with a hyphen the OCR left, or a
    Roman numeral ("Article IV")."""
    bare = word.strip("-").capitalize()
    return bool(bare in _NOT_NAMES or bare.removesuffix("s") in _NOT_NAMES
                or _ROMAN.fullmatch(word.strip("-")))


def post_headed(name: str) -> bool:
    """ "Permanent Delegate of Nepal", "Vice Minister of Education": a post, not a body; "Master
    of Fine Arts", "MBA": a degree."""
    head = re.split(r"\s+(?:of|for|to|at)\s+", name, maxsplit=1)[0].split()[-1]
    return head in lexicon_words("person-posts") or head in lexicon_words("academic-degrees")


#: A line in capitals (an article's headline), its words perhaps spaced or broken by a dash.
_HEADLINE = re.compile(r"[ \t]*[A-Z0-9][A-Z0-9 \t'’,:;.!?&-]*")


def _after_full_name(text: str, at: int) -> bool:
    """The capitalised word at ``at`` ends a person's name: "Danny White of the Dallas Cowboys"
    (a given name before it), not "Roadmap on ..." or "Minister of ..."."""
    given = re.search(r"([A-Z][\w'-]*)[ \t]+$", text[max(0, at - 30):at])
    return given is not None and given.group(1) in lexicon_words("given-names")


def plausible(text: str, start: int, name: str) -> bool:
    """Whether ``name``, read by the model at ``start`` of ``text``, can name an organisation."""
    words = name.split()
    if not words or any(ch.isdigit() for ch in name) or name.islower():
        return False
    if split_honorific(name)[0] or words[0] in SALUTATIONS | POST_WORDS | MONTHS:
        return False
    if any(w[:1].islower() and w not in JOINERS for w in words) or words[-1] in JOINERS:
        return False
    if len(words) == 1 and (name in ORG_HEADS or name[:-1] in ORG_HEADS or name[:-3] + "y"
                            in ORG_HEADS or any(p in MONTHS for p in name.split("-"))):
        return False  # "the Group", "Unions", "Parties": a kind of body, not its name; "May-July"
    if len(words) == 1 and re.match(r"[ \t]+[A-Z]", text[start + len(name):]):
        return False  # "State" of "State Secretary for Research": a piece of a longer phrase
    if not_names(text, start, name) or (
            words[0].endswith(("ing", "ed")) and words[0] in _NOT_NAMES):
        return False  # "Madam Chair", "BC"; "Recalling the ...": a preamble's opening word
    if name.isupper() and _ERA.search(text, max(0, start - 12), start):
        return False  # "500 BC", "the 2nd century BC": an era, not an acronym
    if len(words) == 1 and (name in NOT_ACRONYMS or in_capitals(text, start, start + len(name))):
        return False  # "NGO"; "EXPEDITION" in a heading in capitals, "DESERT" for "desert"
    if words[0] in lexicon_words("given-names") and not any(w in ORG_HEADS for w in words):
        return False  # "Herman Vollenhoven Kees": a person the model calls ORG
    if any(w in CONTACT for w in words) or words[-1] in NOT_ORG:
        return False
    if (words[-1] in lexicon_words("not-organization-heads")
            or words[0] in lexicon_words("not-organization-openers")):
        return False  # "Paper Lanterns Tour", "Great Vellan Empire", "List of Marrowind games"
    noun = re.search(r"([\w-]+)[ \t]+(?:[\"\u201c'\u2018][ \t]*)?$", text[max(0, start - 30):start])
    if noun and noun.group(1) in lexicon_words("work-nouns"):
        return False  # "the album Silver Line": a work
    if words[-1] in ORG_HEADS and (POST_AFTER.match(text, start + len(name))
                                   or GRADE_BEFORE.search(text, max(0, start - 12), start)):
        return False  # "Education Programme Manager", "Senior Programme Specialist"
    if any(w in ORG_HEADS for w in words):
        return True
    if 1 < len(words) <= 3 and words[0] in lexicon_words("ruler-titles") and not (
            words[-1] in lexicon_words("facility-bodies") | lexicon_words("facility-heads")
            or words[-1].lower() in lexicon_words("organization-nouns")):
        return False  # "King Louis XIV": a ruler, whom the model may read as a body (not
        # "Queen Elizabeth Hospital")
    if len(words) > 1 and name.isupper() and not any(w.title() in ORG_HEADS for w in words) \
            and _HEADLINE.fullmatch(line_at(text, start)):
        return False  # "THE SILENT CITIES OF THE DESERT" alone on its line: a headline
    if name.isupper() and foreign_heading(text, start):
        return False  # "DEBAT DE POLITIQUE GENERALE": the French copy of an agenda heading
    if len(words) == 1 and name.isupper() and line_at(text, start).strip() == name and re.search(
            rf"(?<![\w-]){re.escape(name.title())}(?![\w-])", text):
        return False  # "FEZ" alone on its line, "Fez" in the text: a headline, no acronym
    before = text[max(0, start - 60):start]
    # The tail of a longer title, here or elsewhere in the text: "Roadmap on Digital Cooperation",
    # "Minister of Digital Affairs".
    # An acronym after a person's name is no tail: "Ann Lee of the UUP".
    # A word that opens no title ("List of Eidos Interactive games") makes no tail.
    tail = r"([A-Z][\w-]*)\s+(?:of|on|for)\s+(?:the\s+)?"
    heads = ORG_HEADS | POST_WORDS
    for m in (re.search(tail + "$", before), re.search(tail + re.escape(name) + r"\b", text)):
        if (m is not None and not (name.isupper() and m.group(1) not in heads)
                and m.group(1) not in lexicon_words("not-organization-openers")
                and not _after_full_name(m.string, m.start(1))):
            return False
    # A portfolio after a post: "Minister, Development Cooperation & Foreign Trade", "Minister of
    # Education, Science and Technology, Kenya" (the model may take the holder in too).
    portfolio, _, holder = name.rpartition(", ") if ", " in name else (name, "", "")
    if (is_portfolio(portfolio) and (holder or _COMMA_CAPITAL.match(text, start + len(name)))
            and _POST_THEN_COMMA.search(before)):
        return False
    if re.search(r"/$", before) or text[start + len(name):start + len(name) + 1] == "/":
        return False  # a piece of a reference: "CLT/HER/19/0042"
    return not _POST_COMMA.search(before)


def work_acronym(text: str, start: int, end: int, work_ends: set[int]) -> bool:
    """ "the United Nations Convention on the Law of the Sea of 1982 (UNCLOS)": the acronym of
    a document's title, in brackets after it (and its date), names the document, not a body."""
    bracket = text.rfind("(", max(0, start - 2), start)
    return bracket >= 0 and text[end:end + 1] == ")" and text[start:end].isupper() and any(
        e in work_ends and _TITLE_DATE.fullmatch(text, e, bracket)
        for e in range(max(0, bracket - 40), bracket + 1))


_TITLE_DATE = re.compile(r"[ \t]*(?:,?[ \t]*(?:of|adopted[ \t]+(?:on|in))?[ \t]*"
                         r"(?:\d{1,2}[ \t]+[A-Z][a-z]+[ \t]+)?\d{4}[ \t]*,?[ \t]*)?")


def bylined(text: str, start: int, end: int) -> bool:
    """A name alone after "by" on its line, without a body's head word, is an article's author:
    a person ("by Marie-Claire Dubois"), whatever the model reads."""
    name = text[start:end]
    return not any(w in ORG_HEADS for w in name.split()) and bool(re.fullmatch(
        rf"[ \t]*(?:[Bb]y|BY)[ \t]+{re.escape(name)}[ \t]*", line_at(text, start)))
