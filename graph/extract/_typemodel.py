"""The entity typer: a second opinion on the kind of each person, organisation and place found.

The extractors type a name from the model's reading and the grammar around it; both err in ways a
look at more of the context corrects: a video game or a TV channel read as an organisation
("Final Fantasy", "YouTube"), a district as a person ("Semien Wollo"), a surname alone as a
person. The typer reads each such mention's features (its words and their shape, the model's
label, the words around it, the word it depends on and how, which extractor found it, and what
the rest of the document says of the name: :class:`NameKinds`) and a
hashed logistic regression (:mod:`._hashmodel`, ``types-model.npz``, written by
``scripts/train_types.py`` from the tune part of the development sets) gives the probability of
each of :data:`CLASSES`.

The mentions of one entity (one cluster of the document's resolution) are judged together: their
scores are averaged, so that all of them keep one kind. When the kind the extractors gave has a
probability below :data:`KEEP` (:data:`KEEP_ORGANIZATION` for an organisation), the entity takes
the likeliest other kind (person, organisation or place), or is left out when that is "none" or an
event or a work; relations and facts that named a mention changed so are dropped (their extractor
chose them for the old kind). An item of a list ("loaned him to A, B and C") is not left out
when another entity of the list has its kind with a probability of :data:`VOUCH` or more.
Mentions matched to an authority entry, named by post only, addressed
with an honorific, persons named in capitals (a byline, a speaker: the out-of-fold typer dropped
"ARTHUR GILLETTE"), organisations named with a head word ("Committee", "University") or after a
noun of bodies ("the pop outfits Naked Eyes"), places named as built places ("Tessby Bridge"),
mentions found by an extractor other than the built-in ones of :data:`READERS`, and documents in
a language other than English are not judged: there the grammar is surer than the typer
(measured: judging them lost more right entities of the seeds and of CrossNER than it fixed). A
place named only by the surname of a person the document names in full is that person ("Carl
Dix ... Dix is a member"), unless a preposition stands before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .._resolve import resolve
from ..records import EntityKind, Mention, Record, names_any
from ._clusters import clusters_for
from ._hashmodel import HashedModel, hash_features, read_model, softmax
from ._lexicon import words as lexicon_words
from ._orgnames import kind_named
from ._placenames import place_names
from ._vocab import ORG_HEADS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from .._nlp import ProcessedDocument

__all__ = ["CLASSES", "JUDGED", "KEEP", "KEEP_ORGANIZATION", "READERS", "TYPES_MODEL", "VOUCH",
           "NameKinds", "entity_groups", "features", "judge", "judged_mentions", "load_types"]

CLASSES = ("none", "Person", "Organization", "Place", "Event", "Document")
JUDGED = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE)
#: The extractors whose mentions the typer was trained on (a plug-in's are not judged).
READERS = frozenset({"document.v1", "references.v1", "people.v1", "organizations.v1",
                     "places.v1", "events.v1", "posts.v1", "participation.v1"})
#: Below this probability of its kind, an entity is retyped or left out; an organisation below
#: KEEP_ORGANIZATION (out of fold, 0.4 for organisations only took unesco-dev from 0.903 to
#: 0.905 and redocred-dev from 0.746 to 0.747; 0.4 for every kind lowered redocred-dev's
#: relation recall from 0.362 to 0.359).
KEEP = 0.3
KEEP_ORGANIZATION = 0.4
TYPES_MODEL = Path(__file__).with_name("types-model.npz")
_NEW_KIND = {"Person": EntityKind.PERSON, "Organization": EntityKind.ORGANIZATION,
             "Place": EntityKind.PLACE}


@cache
def load_types(path: Path = TYPES_MODEL) -> HashedModel:
    """The shipped typer (or the one at ``path``), read once per process."""
    return read_model(path, CLASSES, "entity typer", "scripts/train_types.py")


@lru_cache(maxsize=1 << 14)  # the same words again and again
def _shape(word: str) -> str:
    s = re.sub(r"[A-ZÀ-Ý]", "X", word)
    s = re.sub(r"[a-zß-ÿ]", "x", s)
    s = re.sub(r"\d", "d", s)
    return re.sub(r"(.)\1+", r"\1\1", s)


@lru_cache(maxsize=4)  # the chunks of the document being read
def _entity_bounds(doc: Doc) -> frozenset[tuple[int, int]]:
    """The token bounds of the model's entities in ``doc`` (``doc.ents`` makes every entity's
    Span each time it is read)."""
    return frozenset((e.start, e.end) for e in doc.ents)


def _chunk(pdoc: ProcessedDocument, start: int) -> tuple[int, Doc] | None:
    for lo, hi, doc in pdoc.bounds:
        if lo <= start < hi:
            return lo, doc
    return None


#: A place's name after a preposition stays a place ("between Pitkin and Lake counties").
_AFTER_PREPOSITION = re.compile(r"\b(?:in|at|near|between|from|to|of|and|or)\s+(?:the\s+)?$",
                                re.IGNORECASE)


class NameKinds:
    """What the rest of a document says of a name: the kinds its other mentions give it ("Lehmann
    Bernheimer" a person in the title, an organisation in the first sentence), and whether a lone
    word is the surname of a person named in full there ("Bernheimer bought a coffee house")."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.kinds: dict[str, set[EntityKind]] = {}
        self.surnames: set[str] = set()
        for r in records:
            if isinstance(r, Mention) and r.kind in JUDGED:
                self.kinds.setdefault(r.name, set()).add(r.kind)
                if r.kind is EntityKind.PERSON and " " in r.name and not r.role_only:
                    self.surnames.add(r.name.split()[-1])

    def surname(self, name: str) -> bool:
        """``name`` is one word, the surname of a person named in full, and no place's name."""
        return " " not in name and name in self.surnames and name not in place_names()

    def features(self, m: Mention) -> list[str]:
        kind = m.kind.value
        out = [f"also={k}|{kind}" for k in sorted(k.value for k in self.kinds.get(m.name, ()))
               if k != kind]
        if " " not in m.name and m.name in self.surnames:
            out.append(f"sur|{kind}")
        return out


def features(pdoc: ProcessedDocument, m: Mention, context: NameKinds | None = None) -> list[str]:
    """What the typer reads of mention ``m`` of ``pdoc`` (and of the rest of the document, when
    ``context`` is given)."""
    kind = m.kind.value
    words = m.name.split() or [""]
    low = [w.lower() for w in words]
    out = [*(context.features(m) if context is not None else ()),
           f"k={kind}", f"x={m.extractor}|{kind}", f"st={m.subtype}|{kind}",
           f"n={min(len(words), 5)}|{kind}", f"last={low[-1]}|{kind}", f"first={low[0]}",
           f"suf={low[-1][-3:]}", f"shape={' '.join(_shape(w) for w in words[:4])}",
           f"hon={m.honorific is not None}|{kind}", f"pn={m.name in place_names()}|{kind}",
           f"gn={words[0] in lexicon_words('given-names')}|{kind}"]
    found = _chunk(pdoc, m.span.start)
    if found is None:
        return out
    offset, doc = found
    span = doc.char_span(m.span.start - offset, m.span.end - offset, alignment_mode="expand")
    if span is None or not len(span):
        return out
    root = span.root
    ent = root.ent_type_ or "-"
    exact = (span.start, span.end) in _entity_bounds(doc)
    # The pipeline runs without its lemmatizer: lemma_ is empty but for the words its attribute
    # ruler sets (pronouns), so hd=, hh=, chd=, chh=, ap= and apof= carry the dependency labels
    # and little more. The stemmed words themselves were tried: out of fold they lowered
    # unesco-dev (0.893 to 0.891) and redocred-dev's relations (0.727 / 0.353 to 0.725 / 0.352).
    out += [f"e={ent}|{kind}", f"ex={exact}|{ent}", f"dep={root.dep_}|{kind}",
            f"hd={root.head.lemma_.lower()}|{root.dep_}", f"hp={root.head.pos_}|{root.dep_}"]
    if root.head.dep_ == "prep":
        out.append(f"hh={root.head.head.lemma_.lower()}|{root.head.lemma_.lower()}")
    first = root
    while first.dep_ == "conj" and first.head is not first:
        first = first.head  # an item of a list reads as its first item does
    if first is not root:
        out += [f"cj={first.dep_}|{kind}", f"chd={first.head.lemma_.lower()}|{first.dep_}"]
        if first.head.dep_ == "prep":
            out.append(f"chh={first.head.head.lemma_.lower()}|{first.head.lemma_.lower()}")
    out += [f"ap={c.lemma_.lower()}" for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        out.append(f"apof={root.head.lemma_.lower()}")
    out += _cluster_features(span, kind)
    before = [t.lower_ for t in doc[max(0, span.start - 2):span.start]]
    after = [t.lower_ for t in doc[span.end:span.end + 2]]
    if before:
        out += [f"l1={before[-1]}", f"l12={' '.join(before)}"]
    if after:
        out += [f"r1={after[0]}", f"r12={' '.join(after)}"]
    return out


def _cluster_features(span: Span, kind: str) -> list[str]:
    """The clusters (:mod:`._clusters`) of the name's words, of its last word, of the word it
    depends on and of the words either side of it."""
    clusters = clusters_for(span.root)
    if clusters is None:
        return []
    doc = span.doc
    return [*clusters.features("cw", span[:4]), *clusters.features(f"cl|{kind}", span[-1:]),
            *clusters.features(f"ch|{span.root.dep_}", [span.root.head]),
            *clusters.features("cL", doc[max(0, span.start - 1):span.start]),
            *clusters.features("cR", doc[span.end:span.end + 1])]


def _surname_only(text: str, group: Sequence[Mention], context: NameKinds) -> bool:
    """Every mention of the place is one word, the surname of a person the document names in
    full, not after a preposition: "Carl Dix ... As of 2017, Dix is a member of ..."."""
    return all(context.surname(m.name) and not _AFTER_PREPOSITION.search(
        text[max(0, m.span.start - 20):m.span.start]) for m in group)


def judged_mentions(records: Sequence[Record]) -> list[Mention]:
    """The mentions of ``records`` the typer judges, each once: not those the grammar types for
    sure (a postal address read as a place, a person addressed with an honorific or named in
    capitals, as a byline or a speaker is: "ARTHUR WINTERBOTTOM"; an organisation named with a
    head word such as "Committee" or "University"; a place named as a built place is, "Tessby
    Bridge", ``lex:facility-heads``, or a reserve, "Menorca Biosphere Reserve")."""
    seen: dict[Mention, None] = {}
    for r in records:
        if (isinstance(r, Mention) and r.kind in JUDGED and r.extractor in READERS
                and not r.role_only and r.authority is None and r.honorific is None
                and r.subtype != "Address"
                and not (r.kind is EntityKind.PERSON and r.name.isupper() and " " in r.name)
                and not (r.kind is EntityKind.ORGANIZATION
                         and any(w in ORG_HEADS for w in r.name.split()))
                and not (r.kind is EntityKind.PLACE and " " in r.name
                         and (r.name.split()[-1] in lexicon_words("facility-heads")
                              or _reserve(r.name)))):
            seen[r] = None
    return list(seen)


def _reserve(name: str) -> bool:
    """A protected area named as a reserve: "Menorca Biosphere Reserve" (lex:reserve-kinds)."""
    words = name.split()
    return len(words) >= 3 and words[-1] == "Reserve" and words[-2] in lexicon_words(
        "reserve-kinds")


def entity_groups(mentions: Sequence[Mention]) -> Iterator[list[Mention]]:
    """The mentions of one entity, as resolution will cluster them."""
    wanted = set(mentions)
    for c in resolve(list(mentions)).clusters:
        yield [m for m in c.mentions if m in wanted]


def decisions(pdoc: ProcessedDocument, records: Sequence[Record],
              model: HashedModel) -> dict[Mention, EntityKind | None]:
    """Each judged mention whose kind changes, and its new kind (None: left out)."""
    mentions = judged_mentions(records)
    if not mentions:
        return {}
    # the kinds each name is given in the document: a name the typer takes from one kind goes
    # to the other kind it has there ("Edmonton" an organisation here, a place there)
    context = NameKinds(records)
    # "the 1980s pop outfits Naked Eyes and ...": a noun of bodies before the name types it
    typed = set(kind_named(pdoc.text, []))
    judged: list[tuple[list[Mention], np.ndarray]] = []
    for group in entity_groups(mentions):
        if not group or (group[0].kind is EntityKind.ORGANIZATION and any(
                (m.span.start, m.span.end) in typed for m in group)):
            continue
        judged.append((group, softmax(np.mean(
            [model.scores(hash_features(features(pdoc, m, context))) for m in group], axis=0))))
    vouched = _vouched(pdoc.text, judged)
    out: dict[Mention, EntityKind | None] = {}
    for group, p in judged:
        kind = group[0].kind
        if kind is EntityKind.PLACE and _surname_only(pdoc.text, group, context):
            out.update(dict.fromkeys(group, EntityKind.PERSON))  # "Carl Dix ... Dix is a member"
            continue
        best = CLASSES[int(p.argmax())]
        keep = KEEP_ORGANIZATION if kind is EntityKind.ORGANIZATION else KEEP
        if p[CLASSES.index(kind.value)] >= keep or best == kind.value:
            continue
        other = {k for m in group for k in context.kinds.get(m.name, ())} - {kind}
        new = other.pop() if len(other) == 1 else _NEW_KIND.get(best)
        if new is None and group[0] in vouched:
            continue
        for m in group:
            out[m] = new
    out.update(_listed_places(pdoc, records, out))
    return out


#: What stands between two items of a list of names: "A, B", "A, B and C", "A or B".
_LIST_GAP = re.compile(r"(?:\s*\([^()]{0,40}\))?(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")
#: A list's item the typer gives its kind at least this probability vouches for the items of the
#: same kind beside it (:func:`_vouched`).
VOUCH = 0.8


def _lists(text: str, mentions: Sequence[Mention]) -> list[list[Mention]]:
    """The lists ``mentions`` make in ``text``: runs of names with only a list's gap between
    them (one item a list of its own)."""
    chains: list[list[Mention]] = []
    for m in sorted(mentions, key=lambda m: (m.span.start, -m.span.end)):
        last = chains[-1][-1] if chains else None
        if last is not None and m.span.start >= last.span.end and \
                _LIST_GAP.fullmatch(text[last.span.end:m.span.start]):
            chains[-1].append(m)
        elif last is None or m.span.start >= last.span.end:
            chains.append([m])
    return chains


def _vouched(text: str, judged: Sequence[tuple[list[Mention], np.ndarray]]) -> set[Mention]:
    """The first mention of each entity that a list vouches for: an item of a list in which
    another entity's item of the same kind is surely of that kind. The typer does not leave such
    an item out (it may still retype it): "loaned him to Vitesse Arnhem, Everton, AFC Bournemouth
    and Málaga" keeps the clubs the surest of them vouches for (out of fold, a floor of 0.6 that
    also kept the items from being retyped took redocred-dev from 0.750 to 0.750 with 21 more
    wrong organisations; 0.8 and leaving out only, to 0.751)."""
    sure = {m for group, p in judged for m in group
            if p[CLASSES.index(m.kind.value)] >= VOUCH}
    first = {m: group[0] for group, _ in judged for m in group}
    out: set[Mention] = set()
    for chain in _lists(text, list(first)):
        for m in chain:
            if m not in sure and any(o.kind is m.kind and o in sure and first[o] is not first[m]
                                     for o in chain):
                out.add(first[m])
    return out


def _listed_places(pdoc: ProcessedDocument, records: Sequence[Record],
                   changed: dict[Mention, EntityKind | None]) -> dict[Mention, EntityKind]:
    """A known place name (``place-names.txt``) in a list of three names or more, at least half
    of them (and two) places, is a place too: "Important cities are Buchach, Chernivtsi,
    Drohobych, Halych and Lviv" (the model reads some of them as people). Every mention of the
    name follows."""
    mentions = [r for r in records if isinstance(r, Mention) and r.kind in JUDGED]
    text = pdoc.text
    chains = _lists(text, mentions)
    retyped: set[str] = set()
    for chain in chains:
        kinds = [changed.get(m, m.kind) for m in chain]
        odd = [m for m, k in zip(chain, kinds, strict=True) if k is not EntityKind.PLACE]
        if len(chain) >= 3 and len(chain) - len(odd) >= max(2, len(odd)):
            retyped |= {m.name for m in odd if m.name in place_names() and m.honorific is None}
    return {m: EntityKind.PLACE for m in mentions if m.name in retyped
            and changed.get(m, m.kind) is not EntityKind.PLACE}


def judge(pdoc: ProcessedDocument, records: Sequence[Record]) -> list[Record]:
    """``records`` with the typer's decisions applied (see the module's docstring)."""
    if pdoc.document.meta("language") not in (None, "en"):
        return list(records)
    changed = decisions(pdoc, records, load_types())
    if not changed:
        return list(records)
    out: list[Record] = []
    for r in records:
        if isinstance(r, Mention) and r in changed:
            kind = changed[r]
            if kind is not None:
                out.append(replace(r, kind=kind, subtype=None))
        elif not names_any(r, changed):
            out.append(r)
    return out
