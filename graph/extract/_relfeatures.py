"""Candidate pairs of mentions and their features, for the relation classifier (``relations.v1``).

A *candidate* is an ordered pair (subject, object) of entity mentions of one sentence whose kinds
some relation of the graph contract may link (a person and an organisation, an organisation and a
place, ...). A subject pronoun ("He enlisted in ...") stands for the person it refers to: the
person who was the subject of an earlier sentence, or the first person the document names.

Its features are strings (hashed into the model's weights by :mod:`._relmodel`): the kinds of the
two mentions, the dependency path between their head words (labels and words), the words
between them, the words just outside, how far apart they are, whether other entities or a list
stand between them, and for two places whether the gazetteer knows one to lie in the other.

Pair classification is quadratic in the mentions of a sentence, so a sentence contributes at
most :data:`MAX_MENTIONS` mentions (those nearest its start) and a document at most
:data:`MAX_CANDIDATES` candidates: at most 40 x 39 = 1,560 pairs a sentence and 20,000 a
document, whatever the input. What was left out is counted in :class:`Capped`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from ..records import EntityKind, Mention
from ._orgnames import line_at
from ._relrules import rule
from ._structure import ancestors

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from .._nlp import ProcessedDocument

__all__ = ["CLASSES", "MAX_CANDIDATES", "MAX_MENTIONS", "Candidate", "Capped", "allowed",
           "candidates"]

#: The classifier's classes: index 0 is "no relation".
CLASSES = ("none", "holds post", "participated in", "located in", "part of")
MAX_MENTIONS = 40
MAX_CANDIDATES = 20_000
#: Location across sentences is read between mentions at most this many sentences apart.
MAX_GAP = 10
_MAX_BETWEEN = 12  # words between two mentions read one by one; farther apart, only counted

_P, _O, _E, _L = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.EVENT,
                  EntityKind.PLACE)
_PRONOUNS = {"he": _P, "she": _P, "his": _P, "her": _P, "him": _P}


def allowed(subject: EntityKind, obj: EntityKind) -> tuple[int, ...]:
    """The classes (indexes of :data:`CLASSES`) a subject and an object of these kinds may take."""
    out = []
    if subject is _P and obj in (_O, _L):
        out.append(1)
    if subject in (_P, _O) and obj is _E:
        out.append(2)
    if subject in (_O, _E, _L) and obj is _L:
        out.append(3)
    if subject is _O and obj is _O:
        out.append(4)
    return tuple(out)


@dataclass(frozen=True)
class Candidate:
    """An ordered pair of mentions of one sentence and what the classifier reads of it."""

    subject: Mention
    object: Mention
    sentence: tuple[int, int]
    features: tuple[str, ...]
    classes: tuple[int, ...]
    rule: int | None = None  # the class a grammar rule reads (``._relrules``)
    post: str | None = None  # the post's title, when the rule reads one
    across: bool = False  # read across sentences (document-level location)


@dataclass
class Capped:
    """What the bounds left out of one document: mentions of long sentences, candidates."""

    mentions: int = 0
    candidates: int = 0
    sentences: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Item:
    """A mention placed in the parse: its tokens, or a pronoun standing for it."""

    mention: Mention
    start: int  # token index in the chunk's Doc
    end: int
    head: Token
    pronoun: bool = False


def _head(doc: Doc, start: int, end: int) -> Token:
    tokens = doc[start:end]
    return tokens.root if len(tokens) else doc[start]


def _place(doc: Doc, offset: int, mention: Mention) -> _Item | None:
    span = doc.char_span(mention.span.start - offset, mention.span.end - offset,
                         alignment_mode="expand")
    if span is None or not len(span):
        return None
    return _Item(mention, span.start, span.end, span.root)


def _mentions(found: Sequence[Mention]) -> list[Mention]:
    """The entity mentions, one per span and kind; a mention inside a longer one is a word of
    its name ("UNESCO" in "UNESCO Chair on Copyright"), not an entity of the sentence."""
    kinds = (_P, _O, _E, _L)
    seen: set[tuple[int, int, EntityKind]] = set()
    out: list[Mention] = []
    reach = -1  # the end of the longest mention begun so far
    for m in sorted(found, key=lambda m: (m.span.start, -m.span.end)):
        key = (m.span.start, m.span.end, m.kind)
        if m.kind not in kinds or key in seen:
            continue
        if m.span.end < reach or (m.span.end == reach and out and
                                  out[-1].span.start < m.span.start):
            continue
        seen.add(key)
        out.append(m)
        reach = max(reach, m.span.end)
    return out


def candidates(pdoc: ProcessedDocument, found: Sequence[Mention], capped: Capped,
               ) -> Iterator[Candidate]:
    """The candidate pairs of every sentence of ``pdoc`` (see the module's docstring)."""
    mentions = _mentions(found)
    gaz_parents = _parents(mentions)
    subjects: list[Mention] = []  # people who were the subject of a sentence, in order
    first_person = next((m for m in mentions if m.kind is _P and not m.role_only
                         and not _BYLINE.match(line_at(pdoc.text, m.span.start))), None)
    topic = _topic(pdoc, mentions)
    made = 0
    for offset, end, doc in pdoc.bounds:  # (not len(doc.text): it joins every token's text)
        inside = [m for m in mentions if offset <= m.span.start and m.span.end <= end]
        for sent in doc.sents:
            s_lo, s_hi = offset + sent.start_char, offset + sent.end_char
            # a mention is read in the sentence it ends in (the parser may cut a long name)
            items = [i for m in inside if s_lo < m.span.end <= s_hi
                     if (i := _place(doc, offset, m)) is not None]
            antecedent = subjects[-1] if subjects else first_person
            items += _pronouns(sent, items, antecedent, topic)
            items.sort(key=lambda i: i.start)
            if len(items) > MAX_MENTIONS:
                capped.mentions += len(items) - MAX_MENTIONS
                capped.sentences.append((s_lo, s_hi))
                items = items[:MAX_MENTIONS]
            for item in items:
                if item.mention.kind is _P and not item.pronoun and \
                        item.head.dep_ in ("nsubj", "nsubjpass"):
                    subjects.append(item.mention)
            for a in items:
                for b in items:
                    if a is b or a.mention is b.mention:
                        continue
                    classes = allowed(a.mention.kind, b.mention.kind)
                    if not classes or _overlap(a, b) or _apart(doc, a, b):
                        continue
                    if made >= MAX_CANDIDATES:
                        capped.candidates += 1
                        continue
                    made += 1
                    feats = _features(doc, a, b, items, gaz_parents)
                    verdict = rule(a.head, b.head, classes, b.mention.kind is _L,
                                   a.mention.kind in (_L, _E) and not a.pronoun)
                    if verdict is not None:
                        feats += (f"rule:{verdict[0]}",
                                  f"rule:{verdict[0]}:{a.mention.kind.name}>{b.mention.kind.name}")
                    yield Candidate(a.mention, b.mention, (s_lo, s_hi), feats, classes,
                                    verdict[0] if verdict else None,
                                    verdict[1] if verdict else None)
    yield from _document_pairs(pdoc, mentions, gaz_parents, capped, made)


def _document_pairs(pdoc: ProcessedDocument, mentions: Sequence[Mention],
                    parents: dict[str, frozenset[str]], capped: Capped, made: int,
                    ) -> Iterator[Candidate]:
    """Location across sentences: each organisation, event or place (by name) with each place
    the document names, read from where they stand in the document (the entity's first mention
    and the place's nearest one, at most :data:`MAX_GAP` sentences apart), when no sentence
    names both."""
    sentences = list(pdoc.sentences())
    starts = [s for s, _ in sentences]

    def sentence_of(m: Mention) -> int:
        return max(0, bisect_right(starts, m.span.start) - 1)

    first: dict[tuple[EntityKind, str], Mention] = {}
    count: Counter[tuple[EntityKind, str]] = Counter()
    for m in mentions:
        if m.role_only:
            continue
        key = (m.kind, " ".join(m.name.lower().split()))
        first.setdefault(key, m)
        count[key] += 1
    places = [k for k in first if k[0] is _L]
    countries = {k for k in places if first[k].subtype == "Country"}
    top = max((count[k] for k in places), default=0)
    first_place = min(places, key=lambda k: first[k].span.start, default=None)
    together: set[tuple[tuple[EntityKind, str], tuple[EntityKind, str]]] = set()
    by_sentence: dict[int, set[tuple[EntityKind, str]]] = {}
    by_key: dict[tuple[EntityKind, str], list[Mention]] = {}
    for m in mentions:
        key = (m.kind, " ".join(m.name.lower().split()))
        by_sentence.setdefault(sentence_of(m), set()).add(key)
        by_key.setdefault(key, []).append(m)
    for keys in by_sentence.values():
        if len(keys) <= MAX_MENTIONS:  # a longer sentence's pairs were capped: read here
            together.update((a, b) for a in keys for b in keys)
    subjects = [(k, m) for k, m in first.items() if m.kind in (_O, _E, _L)]
    for n, (skey, subject) in enumerate(subjects):
        if made >= MAX_CANDIDATES:  # the bound: count what is left, read none of it
            capped.candidates += (len(subjects) - n) * len(places)
            return
        at = sentence_of(subject)
        near = sorted({k for j in range(at - MAX_GAP, at + MAX_GAP + 1)
                       for k in by_sentence.get(j, ()) if k[0] is _L})
        for okey in near:
            if okey == skey or (skey, okey) in together:
                continue  # named in one sentence: that sentence's candidate decides
            obj = min(by_key[okey], key=lambda m: abs(m.span.start - subject.span.start))
            gap = abs(sentence_of(obj) - at)
            if made >= MAX_CANDIDATES:
                capped.candidates += 1
                continue
            made += 1
            tp = f"{subject.kind.name}>{obj.subtype}"
            f = [f"D:tp:{tp}", f"D:gap:{min(gap, 4)}", f"D:count:{min(count[okey], 4)}",
                 f"D:n:{tp}:{min(len(countries) if okey in countries else len(places), 4)}",
                 f"D:top:{count[okey] == top}", f"D:first:{okey == first_place}",
                 f"D:after:{obj.span.start > subject.span.start}",
                 f"D:objsent0:{sentence_of(obj) == 0}", f"D:subjsent0:{sentence_of(subject) == 0}"]
            stem = okey[1][:4]
            if len(stem) == 4 and stem in skey[1]:
                f.append(f"D:named:{tp}")
            if subject.authority and obj.authority:
                inside = obj.authority in parents.get(subject.authority, frozenset())
                f.append(f"D:gaz:{inside}")
            lo, hi = sorted((sentence_of(subject), sentence_of(obj)))
            yield Candidate(subject, obj, (sentences[lo][0], sentences[hi][1]), tuple(f), (3,),
                            across=True)


def _overlap(a: _Item, b: _Item) -> bool:
    return a.start < b.end and b.start < a.end


def _apart(doc: Doc, a: _Item, b: _Item) -> bool:
    """A semicolon between two mentions: items of a list ("X, Minister, Finland; Y, President,
    Z Institute"), not linked (a pronoun standing for someone named before is never apart)."""
    if a.pronoun or b.pronoun:
        return False
    lo, hi = (a.end, b.start) if a.start < b.start else (b.end, a.start)
    return any(t.text == ";" for t in doc[lo:hi])


def _pronouns(sent: SpacySpan, items: list[_Item], antecedent: Mention | None,
              topic: Mention | None = None) -> list[_Item]:
    """The first subject (or possessive) pronoun of a sentence, standing for ``antecedent``
    ("he", "she") or for ``topic``, the thing the document's first sentence is about ("it")."""
    for tok in sent:
        if tok.dep_ not in ("nsubj", "nsubjpass", "poss"):
            continue
        if tok.lower_ in _PRONOUNS and antecedent is not None:
            return [_Item(antecedent, tok.i, tok.i + 1, tok, pronoun=True)]
        if tok.lower_ in ("it", "its") and topic is not None:
            return [_Item(topic, tok.i, tok.i + 1, tok, pronoun=True)]
    return []


#: An article's byline ("by Ann Lee" on a line of its own): its author is no antecedent.
_BYLINE = re.compile(r"[ \t]*(?:[Bb]y|BY)[ \t]+\S")


def _topic(pdoc: ProcessedDocument, mentions: Sequence[Mention]) -> Mention | None:
    """The organisation, place or event the document's first sentence is about: its first
    mention there, when it is one of those."""
    first = next(pdoc.sentences(), None)
    if first is None:
        return None
    inside = [m for m in mentions if first[0] <= m.span.start < first[1] and not m.role_only]
    top = min(inside, key=lambda m: m.span.start, default=None)
    return top if top is not None and top.kind in (_O, _L, _E) else None


def _parents(mentions: Sequence[Mention]) -> dict[str, frozenset[str]]:
    """Gazetteer entries of the places mentioned -> the entries they lie in (transitively)."""
    return {
        m.authority: frozenset(ancestors(m.authority))
        for m in mentions
        if m.kind is _L and m.authority
    }


def _path(a: Token, b: Token) -> tuple[list[Token], Token | None, list[Token]]:
    """The tokens from ``a`` up to the lowest common ancestor, and from it down to ``b``."""
    up = [a, *a.ancestors]
    index = {t.i: k for k, t in enumerate(up)}
    down: list[Token] = []
    for t in [b, *b.ancestors]:
        if t.i in index:
            return up[:index[t.i]], t, list(reversed(down))
        down.append(t)
    return up, None, list(reversed(down))


def _features(doc: Doc, a: _Item, b: _Item, items: Sequence[_Item],
              parents: dict[str, frozenset[str]]) -> tuple[str, ...]:
    sm, om = a.mention, b.mention
    tp = f"{sm.kind.name}>{om.kind.name}"
    f = [f"tp:{tp}", f"st:{sm.subtype}>{om.subtype}", f"ord:{tp}:{a.start < b.start}"]
    if a.pronoun:
        f.append("pron")
    first, second = (a, b) if a.start < b.start else (b, a)
    gap = doc[first.end:second.start]
    n = len(gap)
    f.append(f"gap:{tp}:{min(n, 8) if n < 8 else (n // 5) * 5 if n < 30 else 30}")
    between = [i for i in items if first.end <= i.start and i.end <= second.start]
    f.append(f"ents:{min(len(between), 3)}")
    words = [t.lower_ for t in gap if not t.is_space]
    if n <= _MAX_BETWEEN:
        f.append(f"bws:{tp}:{' '.join(words)}")
        f += [f"bw:{tp}:{w}" for w in set(words)]
        f += [f"bw2:{w1}_{w2}" for w1, w2 in pairwise(words)]
    else:
        f += [f"fw:{w}" for w in set(words) if not _function(w)]
    if words and all(w in (",", "and", "or") for w in words):
        f.append(f"list:{tp}:{','.join(words)}")
    if first.start > 0:
        f.append(f"pre:{doc[first.start - 1].lower_}")
    if second.end < len(doc):
        f.append(f"post:{doc[second.end].lower_}")
    f += _path_features(a.head, b.head, tp)
    if sm.kind is _L and om.kind is _L and sm.authority and om.authority:
        inside = om.authority in parents.get(sm.authority, frozenset())
        outside = sm.authority in parents.get(om.authority, frozenset())
        f.append("gaz:in" if inside else "gaz:contains" if outside else "gaz:apart")
    return tuple(f)


def _function(word: str) -> bool:
    return len(word) < 3 or not word.isalpha()


def _path_features(a: Token, b: Token, tp: str) -> list[str]:
    up, top, down = _path(a, b)
    if top is None:
        return ["path:none"]
    deps = [f"{t.dep_}^" for t in up] + [f"v{t.dep_}" for t in down]
    words = [t.lower_ for t in (*up[1:], *down[:-1])]
    length = len(up) + len(down)
    lca = top.lower_ if top is not a and top is not b else "@"
    f = [f"plen:{min(length, 6)}", f"lca:{tp}:{lca}", f"lcap:{top.pos_}",
         f"path:{tp}:{' '.join(deps)}"]
    if length <= 5:
        f.append(f"pathw:{tp}:{' '.join(deps)}:{lca}")
    f += [f"pw:{tp}:{w}" for w in words if w.isalpha()]
    f += [f"pw:{w}" for w in words if w.isalpha()]
    return f
