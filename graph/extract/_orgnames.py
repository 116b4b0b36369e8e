"""Organisation names read from the grammar around them, for ``organizations.v1``.

Readings the head-word patterns and the model miss:

- acronyms the model leaves unlabelled ("the RUP", "KLDP");
- names headed by their first word, as in French, Spanish, Italian or Malay ("Parti Réformateur
  Wallon", "Partido Liberal Unido", "Mouvement des Travailleurs pour le Progrès"): a leading head
  word of ``ontology/lexicon/organization-words.ttl`` and the capitalised words (and foreign
  joiners) after it;
- "the Green party", "a Labour party member": capitalised words before a lower-case "party";
- "Veterans for Clean Rivers", "Parents Against Noise": a plural of ``lex:member-plurals``, a
  preposition and a capitalised complement;
- "the Ruritanian Greens", "Lakeside Socialists": a plural of ``lex:political-groups`` after
  capitalised words;
- names listed with organisations ("the Liberal Unity Party, Fianna Nua and Sinn Dubh";
  "parties such as Zorbo and Keldavit"): a run of capitalised words that stands
  in a coordination whose other members are organisations (or that follows "parties"), and in
  which no member is a place, an event or a document.

Each function returns ``(start, end)`` spans; ``organizations.v1`` turns them into candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from .._nlp import WRAPPED_LINE
from ._lexicon import words as lexicon_words
from ._names import HONORIFIC_RE
from ._placenames import place_names
from ._spans import SpanIndex
from ._structure import ADJECTIVE
from ._vocab import APOS, MONTHS, NOT_ACRONYMS, NOT_ORG, POST_NOUNS, POST_WORDS

__all__ = [
    "bare_acronyms",
    "group_names",
    "in_capitals",
    "leading_head_names",
    "line_at",
    "listed_names",
    "member_group_names",
    "model_pieces",
    "party_names",
    "unwrapped",
]

_WORD = re.compile(rf"[^\W\d_][\w{APOS}.-]*")
_CAPITAL_WORD = rf"[A-Z\u00c0-\u00de][\w{APOS}-]*"
# "the Green party", "Labour party": one to three capitalised words before a lower-case "party".
_PARTY = re.compile(rf"(?<![\w{APOS}-])((?:{_CAPITAL_WORD}[ \t]+){{1,3}})part(?:y|ies)\b")
# (not the end of a surname in capitals, "M'BOW", "O'NEILL"; but "L'UNESCO", "D'ICOMOS")
_BARE_ACRONYM = re.compile(r"(?<![\w/-])(?<![A-CE-KM-Z]['\u2019])[A-Z][A-Za-z]?[A-Z]{1,5}"
                           r"(?![\w/-])")
# "Australian Greens": one or two capitalised words before a capitalised plural.
_GROUP = re.compile(rf"(?<![\w{APOS}-])((?:{_CAPITAL_WORD}[ \t]+){{1,2}})([A-Z][a-z]+s)\b")
# "Concerned Parents Against Noise": modifiers, a plural, a preposition, a capitalised complement.
_MEMBERS = re.compile(
    rf"(?<![\w{APOS}-])(?P<mods>(?:{_CAPITAL_WORD}[ \t]+){{0,3}})(?P<members>[A-Z][a-z]+)[ \t]+"
    rf"(?:for|against|of|For|Against|Of)[ \t]+(?:(?:the|a|an)[ \t]+)?"
    rf"{_CAPITAL_WORD}(?:[ \t]+{_CAPITAL_WORD}){{0,3}}")
# What separates two members of a list.
_SEP = re.compile(r"[ \t]*,[ \t]*(?:(?:and|or|&)[ \t]+)?(?:the[ \t]+)?|[ \t]+(?:and|or|&)[ \t]+"
                  r"(?:the[ \t]+)?")
# What may follow the last member of a list (not a preposition: "X of the Y, Ann Lee for the Z").
_PREPOSITION_AFTER = re.compile(r"[ \t]+(?:of|for|from|in|at|on|with|by|'s|\u2019s)\b|"
                                rf"[{APOS}]s\b")
# Lower-case words inside a name: a run next to one of them and another capitalised word is a
# piece of that name ("Rock the Boat", "Hands off the Coast", "Free to Choose").
_INSIDE = r"(?:the|a|an|to|is|are|without|against)"
_INSIDE_NAME_AFTER = re.compile(rf"[ \t]+{_INSIDE}[ \t]+[A-Z]")
_INSIDE_NAME_BEFORE = re.compile(rf"[A-Z][\w{APOS}-]*[ \t]+(?:{_INSIDE}|of|for|on|in|with)[ \t]+$")
# A list of organisations announced by its noun: "parties such as", "groups including".
_ANNOUNCED = re.compile(r"\b(?:parties|groups|organi[sz]ations|movements|unions|factions)[ \t]+"
                        r"(?:(?:such[ \t]+as|like|including|included|were|are|called|named)"
                        r"[ \t]*:?[ \t]+)?(?:the[ \t]+)?$")


_CAPS_WORD = re.compile(r"[A-Z]{3,}")
_POSSESSOR = re.compile(rf"[{APOS}]s?[ \t]+[a-z]")


def in_capitals(text: str, start: int, end: int) -> bool:
    """A word of a heading in capitals ("JOINT NEPALI-BHUTANESE EXPEDITION": a capitalised word
    beside it on the line) or a common word in capitals ("DESERT" where the text says "desert")."""
    before = re.search(r"([\w-]+)[ \t]+$", text[max(0, start - 40):start])
    after = re.match(r"[ \t]+([\w-]+)", text[end:end + 40])
    if any(n and _CAPS_WORD.fullmatch(n.group(1).replace("-", "")) for n in (before, after)):
        return True
    word = text[start:end].lower()
    return len(word) > 3 and re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def line_at(text: str, at: int) -> str:
    """The line of ``text`` that holds offset ``at``."""
    end = text.find("\n", at)
    return text[text.rfind("\n", 0, at) + 1:end if end >= 0 else len(text)]


_ENGLISH_CAPS = frozenset({"THE", "OF", "AND", "ON", "FOR", "TO", "IN"})


def foreign_heading(text: str, at: int) -> bool:
    """The line at ``at`` is in capitals and reads as a French or Spanish heading
    (``lex:foreign-heading-words``): "DEBAT DE POLITIQUE GENERALE (suite)"."""
    line = line_at(text, at)
    caps = re.findall(r"[A-ZÀ-Ý][A-ZÀ-Ý'-]*", line)
    if len(caps) < 2 or re.search(r"[a-zß-ÿ]{2,}", re.sub(r"\([^()]*\)", "", line)):
        return False
    found = set(caps)
    return bool(found & lexicon_words("foreign-heading-words")) and not found & _ENGLISH_CAPS


def bare_acronyms(text: str, labelled: Sequence[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Capitalised acronyms the model left unlabelled (outside ``labelled``), outside headings."""
    taken = SpanIndex(labelled)
    for m in _BARE_ACRONYM.finditer(text):
        line = line_at(text, m.start())
        if (m.group(0) in NOT_ACRONYMS or m.group(0).lower() in STOP_WORDS
                or not re.search(r"[a-z]", line)
                or re.search(r"\d\s*$", text[max(0, m.start() - 3):m.start()])  # "07 SP"
                or taken.overlaps(m.start(), m.end()) or in_capitals(text, m.start(), m.end())):
            continue
        yield m.start(), m.end()


def leading_head_names(text: str) -> Iterator[tuple[int, int]]:
    """ "Parti Réformateur Wallon", "Lega Padana", "Parti des Travailleurs et des Paysans",
    "Musée Guimet", "Universidad Mayor de San Andrés"."""
    institutions = lexicon_words("leading-institution-heads")
    heads = lexicon_words("leading-organization-heads") | institutions
    joiners = lexicon_words("name-joiners")
    for m in _WORD.finditer(text):
        if m.group(0) not in heads:
            continue
        posts = frozenset() if m.group(0) in institutions else POST_WORDS  # "Universidad Mayor"
        end = None  # the end of the last capitalised word: joiners after it are not taken
        pos = m.end()
        for w in _WORD.finditer(text, pos):
            if not re.fullmatch(r"[ \t]+", text[pos:w.start()]):
                break
            word = w.group(0).rstrip(".")
            if word[:1].isupper() and word not in MONTHS and word not in posts:
                end = w.start() + len(word)
            elif word not in joiners:
                break
            pos = w.end()
        if end is not None:
            yield m.start(), end


def party_names(text: str) -> Iterator[tuple[int, int]]:
    """ "the Green party", "Kadimo party": capitalised words and a lower-case "party"."""
    for m in _PARTY.finditer(text):
        words = m.group(1).split()
        while words and (words[0].lower() in STOP_WORDS or words[0] in MONTHS):
            words = words[1:]
        if not words or any(w in POST_WORDS or w in NOT_ORG or w[-2:-1] in APOS for w in words):
            continue
        start = m.start(1) + m.group(1).index(words[0])
        end = m.end() if m.group(0).endswith("party") else m.end() - len("parties")
        if m.group(0).endswith("parties"):
            continue  # "the Green parties": a kind of party, not one
        yield start, end


def group_names(text: str) -> Iterator[tuple[int, int]]:
    """ "the Ruritanian Greens", "Lakeside Socialists": capitalised words before a plural noun of
    ``lex:political-groups``; a determiner or an adjective of nationality alone opens none."""
    groups = lexicon_words("political-groups")
    for m in _GROUP.finditer(text):
        if m.group(2) not in groups:
            continue
        words = m.group(1).split()
        while words and (words[0].lower() in STOP_WORDS or words[0] in MONTHS):
            words = words[1:]
        if not words or any(w in POST_WORDS or w[-2:-1] in APOS for w in words):
            continue
        yield m.start(1) + m.group(1).index(words[0]), m.end()


#: A body numbered with a Roman numeral: "Commission IV", "COMMISSION II", "Working Group III".
_NUMBERED = re.compile(r"(?<![\w-])(?:(?:Sub-)?Commission|Committee|Working[ \t]+Group|"
                       r"(?:SUB-)?COMMISSION|COMMITTEE|WORKING[ \t]+GROUP)[ \t]+"
                       r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X)(?![\w'\u2019-])")


def numbered_bodies(text: str) -> Iterator[tuple[int, int]]:
    """The commissions and committees a conference numbers: "Commission IV (Culture)"."""
    return ((m.start(), m.end()) for m in _NUMBERED.finditer(text))


#: "the Indian National Commission for Co-operation with Unesco": the older form of a National
#: Commission's name, "with" inside it.
_COOPERATION_WITH = re.compile(
    r"(?<![\w-])(?!The\s)(?:[A-Z][\w'\u2019-]*\s+){1,3}National\s+Commission\s+for\s+"
    r"(?:Co-operation|Cooperation|Co-\s*operation)\s+with\s+(?:UNESCO|Unesco)(?![\w-])")
#: An office of UNESCO or the United Nations named after its town: "UNESCO Office in Rabat",
#: "UNESCO Liaison Office in New York" (the town is part of the office's name).
_FIELD_OFFICE = re.compile(r"(?<![\w-])(?:UNESCO|Unesco|United[ \t]+Nations|UN)"
                           r"(?:[ \t]+[A-Z][\w-]*){0,2}?[ \t]+(?:Office|Bureau)[ \t]+in[ \t]+"
                           r"[A-Z][\w'\u2019-]+"
                           r"(?:[ \t]+[A-Z][\w'\u2019-]+)?(?![\w'\u2019-])")


def field_offices(text: str) -> Iterator[tuple[int, int]]:
    """The offices of UNESCO and the United Nations that their town names, and the National
    Commissions named "for Co-operation with Unesco"."""
    for pattern in (_FIELD_OFFICE, _COOPERATION_WITH):
        yield from ((m.start(), m.end()) for m in pattern.finditer(text))


def member_group_names(text: str) -> Iterator[tuple[int, int]]:
    """ "Veterans for Clean Rivers", "Concerned Parents Against Noise": a plural of
    ``lex:member-plurals`` (after optional capitalised words), "for"/"against"/"of" and a
    capitalised complement."""
    plurals = lexicon_words("member-plurals")
    for m in _MEMBERS.finditer(text):
        if m.group("members") not in plurals:
            continue
        words = m.group("mods").split()
        while words and (words[0].lower() in STOP_WORDS or words[0] in MONTHS):
            words = words[1:]
        if any(w in POST_WORDS or w[-2:-1] in APOS for w in words):
            continue
        start = m.start("mods") + m.group("mods").index(words[0]) if words else m.start("members")
        yield start, m.end()


@cache
def _run_pattern() -> re.Pattern[str]:
    joiners = "|".join(sorted(map(re.escape, lexicon_words("name-joiners"))))
    return re.compile(rf"{_CAPITAL_WORD}(?:[ \t]+(?:(?:{joiners})[ \t]+)*{_CAPITAL_WORD})*")


_FIRST_WORD = re.compile(rf"({_CAPITAL_WORD})[ \t]+")
_OPENS = re.compile(r"(?:^|[.!?:;(\n])[ \t]*$")


def _runs(text: str) -> Iterator[tuple[int, int]]:
    """Runs of capitalised words (with foreign joiners between them) on one line."""
    for m in _run_pattern().finditer(text):
        start, end = m.start(), m.end()
        first = _FIRST_WORD.match(text[start:end])
        opens = _OPENS.search(text[max(0, start - 5):start])
        if first and first.group(1).lower() in STOP_WORDS and (
                opens or first.group(1) in ("The", "A", "An")):
            start += first.end()  # "The", "In", "Under" opening a sentence
        if _INSIDE_NAME_AFTER.match(text, end) or _INSIDE_NAME_BEFORE.search(
                text, max(0, start - 30), start):
            continue  # a piece of a name with lower-case words: "Rock the Vote"
        if end - start > 1:
            yield start, end


def listed_names(text: str, orgs: Sequence[tuple[int, int]],
                 others: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of capitalised words listed with the organisations ``orgs`` and nothing of ``others``
    (places, events, documents, people): ``(start, end)`` of each new organisation name."""
    taken = SpanIndex([*orgs, *others])
    # (not a possessor: "by Adel Rifaat and Bahgat Elnadi, the Courier's editors")
    items = [(s, e, "org") for s, e in orgs if not _POSSESSOR.match(text, e)]
    items += [(s, e, "other") for s, e in others]
    given = lexicon_words("given-names")
    for s, e in _runs(text):
        if taken.overlaps(s, e):
            continue
        words = text[s:e].split()
        if any(w in MONTHS or w in POST_WORDS or w in NOT_ORG for w in words) or (
                len(words) == 1 and words[0].lower() in STOP_WORDS):
            continue
        # a run with a given name before its last word, or opened by a form of address, is a
        # person ("General Ann Lee"); one ending on a post
        # noun a post ("Mr Ali Diop, Programme Manager, African Development Bank")
        person = any(w in given for w in words[:-1]) or HONORIFIC_RE.match(text[s:e])
        post = any(w in POST_NOUNS for w in words)
        items.append((s, e, "other" if person or post else "run"))
    items.sort()
    chains: list[list[tuple[int, int, str]]] = []
    for item in items:
        if chains and chains[-1][-1][1] <= item[0] and _SEP.fullmatch(
                text[chains[-1][-1][1]:item[0]]):
            chains[-1].append(item)
        else:
            chains.append([item])
    out: list[tuple[int, int]] = []
    for chain in chains:
        kinds = {k for _, _, k in chain}
        announced = _ANNOUNCED.search(text, max(0, chain[0][0] - 60), chain[0][0]) is not None
        if "other" in kinds or not ("org" in kinds or announced):
            continue
        if "run" not in kinds:
            continue
        last = chain[-1]
        closed = not _PREPOSITION_AFTER.match(text, last[1]) and not (
            " " not in text[last[0]:last[1]] and ADJECTIVE.search(text[last[0]:last[1]]))
        for i, (s, e, kind) in enumerate(chain):
            if kind == "run" and (i < len(chain) - 1 or closed):
                out.append((s, e))
    return out


#: One word that reads as an adjective of nationality or region ("the African group"): no name.
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:an|ese|ish|ic|i)$")
_NOT_KIND = r"(?!(?:of|in|at|for|from|with|to|by|and|or|as|on|the|a|an)\b)"
#: Words between a determiner and the noun of a kind: "the German rock band", "a record label".
_KIND_MODIFIERS = rf"(?:{_NOT_KIND}[\w-]+[ \t]+){{0,3}}?"
_NAME_WORD = rf"[A-Z0-9](?:[\w{APOS}&-]|\.(?=\w))*"
_NAME_RUN = (rf"{_NAME_WORD}(?:[ \t]+(?:(?:of|the|for|and|&|de|du)[ \t]+)?"
             rf"{_NAME_WORD}){{0,5}}")


def _plural(noun: str) -> str:
    """The plural of a noun of a kind ("bands", "companies", "churches")."""
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    return noun + ("es" if re.search(r"(?:s|sh|ch|x)$", noun) else "s")


#: One name of a list: a name run without "and".
_LIST_ITEM = rf"{_NAME_WORD}(?:[ \t]+(?:(?:of|the|for|&|de|du)[ \t]+)?{_NAME_WORD}){{0,5}}"
_LIST_RUN = rf"{_LIST_ITEM}(?:(?:,[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+){_LIST_ITEM})*"


@cache
def _kind_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    singular = lexicon_words("organization-nouns")
    nouns = "|".join(sorted(singular, key=len, reverse=True))
    plurals = "|".join(sorted(map(_plural, singular), key=len, reverse=True))
    before = re.compile(rf"\b(?:the|a|an|The|A|An)[ \t]+{_KIND_MODIFIERS}"
                        rf"(?:(?:{nouns})[ \t]+(?P<name>{_NAME_RUN})"
                        rf"|(?:{plurals})[ \t]+(?P<names>{_LIST_RUN}))"
                        rf"|\b(?:{plurals})[ \t]+(?:such[ \t]+as|including)[ \t]+"
                        rf"(?P<listed>{_LIST_RUN})")
    # the noun heads the apposition ("Blake, a law firm investigator": a person)
    after = re.compile(rf",[ \t]+(?:a|an|the)[ \t]+{_KIND_MODIFIERS}(?:{nouns})"
                       r"(?=[ \t]*(?:[,.;:()]|$)|[ \t]+(?:of|in|at|from|based|that|which|whose|"
                       r"founded|formed|with|and|owned|headquartered)\b)")
    return before, after


def kind_named(text: str, labelled: Sequence[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Names that a noun of ``lex:organization-nouns`` types as an organisation's: after it
    ("the Finnish rock band Copper Meadow"; each name of a list after its plural: "the pop
    outfits Harbour Lights and Grey Owls", "hard rock bands such as Ember, Tessel and Red
    Owl") or, for a name the model reads (``labelled``),
    before it in apposition ("Norvatec, a Finnish defence company")."""
    before, after = _kind_patterns()
    for m in before.finditer(text):
        if m.group("name") is not None:
            spans = [m.span("name")]
        else:
            group = "names" if m.group("names") is not None else "listed"
            spans = [(m.start(group) + i.start(), m.start(group) + i.end())
                     for i in re.finditer(_LIST_ITEM, m.group(group))]
        for start, end in spans:
            name = text[start:end]
            if not in_capitals(text, start, end) and not _DEMONYM.search(name):
                yield start, end
    for start, end in labelled:
        if after.match(text, end):
            yield start, end


_WRAP = re.compile(WRAPPED_LINE)


@lru_cache(maxsize=4)  # asked for each of the model's organisations, on the same text
def unwrapped(text: str) -> str:
    """``text`` with the line breaks of wrapped prose read as spaces (offsets kept)."""
    return _WRAP.sub(lambda m: m.group(1) + " ", text)


def model_pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut a model entity at line breaks, slashes and brackets; drop "the", "Dear", "'s"; take in
    the rest of an acronym the model cut at its hyphen ("IGC" of "IGC-MOST")."""
    if any(ch.isdigit() for ch in text[start:end]):
        return
    rest = re.match(r"-[A-Z][A-Z0-9]+(?![\w-])", text[end:end + 16])
    if rest and text[start:end].isupper() and " " not in text[start:end]:
        end += rest.end()
    for m in re.finditer(r"(?:[^\n/()]|/(?! ))+", unwrapped(text)[start:end]):
        s, e = start + m.start(), start + m.end()
        piece = text[s:e]
        lead = re.match(r"\s*(?:(?:the|The|a|an|Dear)\s+)*", piece)
        if lead and lead.end() and piece.strip() in place_names():
            continue  # "(The Hague, 1954)": a town, not "Hague"
        s += lead.end() if lead else 0
        while e > s and text[e - 1] in " ,;:.-" + APOS:
            e -= 1
        if text[e - 1] == "s" and text[e - 2] in APOS:
            e -= 2
        if e > s:
            yield s, e


#: A capitalised name word of a club ("Nitra", "Örebro", "Hradec-Králové"; not "Belgrade-based").
_CLUB_WORD = rf"[A-Z\u00c0-\u00de][\w{APOS}]+(?:-[A-Z\u00c0-\u00de][\w{APOS}]*)*"


@cache
def _club_patterns() -> tuple[re.Pattern[str], ...]:
    """A mark before the name words, then a mark after them (``lex:club-marks``)."""
    mark = "|".join(re.escape(m) for m in sorted(lexicon_words("club-marks"), key=len,
                                                  reverse=True))
    words = rf"{_CLUB_WORD}(?:[ \t]+{_CLUB_WORD}){{0,2}}"
    return (re.compile(rf"(?<![\w.])(?:{mark})[ \t]+{words}(?![\w])"),
            re.compile(rf"(?<![\w.]){words}[ \t]+(?:{mark})(?![\w])"))


def club_names(text: str) -> Iterator[tuple[int, int]]:
    """A sports club's mark and one to three capitalised words after or before it: "FC Nitra",
    "Örebro SK", "Chelsea F.C." (``lex:club-marks``); a word that opens a sentence ("Then")
    is not part of it."""
    taken: list[tuple[int, int]] = []
    for pattern in _club_patterns():
        for m in pattern.finditer(text):
            start = m.start()
            for w in re.finditer(r"\S+", m.group(0)):
                if w.group(0).lower() not in STOP_WORDS:
                    break
                start = m.start() + w.end() + 1
            if m.end() - start > 3 and not any(s < m.end() and start < e for s, e in taken):
                taken.append((start, m.end()))
    yield from sorted(taken)
