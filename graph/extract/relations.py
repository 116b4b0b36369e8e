"""``relations.v1``: relations read from ordinary prose by a statistical classifier.

The rule-based extractors (``posts.v1``, ``participation.v1``, ``places.v1``) read the patterns of
institutional documents; this one reads sentences such as "He played as a right winger for River
Plate" (holds post, no title), "He enlisted in the army in World War II" (participated in),
"Kahului Airport is a regional airport in Maui County" (located in), "a subsidiary of X" (part
of). Every ordered pair of mentions of a sentence whose kinds a relation may link is a candidate
(:mod:`._relfeatures`, with the bounds it states); the model (:mod:`._relmodel`) gives each the
probability of each relation, and the best one above :data:`FLOOR` becomes a
:class:`~graph.records.Relation` with that probability as its ``confidence`` and the sentence as
its evidence.

A place located in a place is written as "contained in" (``schema:containedInPlace``). Location is
carried one step along a chain the document states ("X is in Y" and "Y is in Z": X is in Z), with
the weaker of the two confidences, lowered by :data:`CHAIN_FACTOR`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence

from .._errors import ExtractionWarning
from .._nlp import ProcessedDocument
from ..records import EntityKind, Mention, Record, Relation, RelationKind
from ..registry import extractors
from ._relfeatures import MAX_CANDIDATES, MAX_MENTIONS, Capped, candidates
from ._relmodel import hash_features, load_model

__all__ = ["CHAIN_FACTOR", "FLOOR", "NAME", "RULE", "extract_relations"]

NAME = "relations.v1"
#: Relations the classifier is less sure of than this are not yielded at all.
FLOOR = 0.5
CHAIN_FACTOR = 0.9
#: The confidence of a relation a grammar rule reads, when the classifier gives it less.
RULE = 0.6
_KINDS = {1: RelationKind.HOLDS_POST, 2: RelationKind.PARTICIPATED_IN,
          3: RelationKind.LOCATED_IN, 4: RelationKind.PART_OF}


def _key(m: Mention) -> tuple[EntityKind, str]:
    return m.kind, " ".join(m.name.lower().split())


def _kind(cls: int, subject: Mention) -> RelationKind:
    if cls == 3 and subject.kind is EntityKind.PLACE:
        return RelationKind.CONTAINED_IN
    return _KINDS[cls]


def classify(pdoc: ProcessedDocument, found: Sequence[Record]) -> tuple[list[Relation], Capped]:
    """The relations the classifier reads in ``pdoc`` (best per pair of entities and kind), and
    what the candidate bounds left out."""
    model = load_model()
    capped = Capped()
    mentions = [r for r in found if isinstance(r, Mention)]
    best: dict[tuple[object, ...], Relation] = {}
    for c in candidates(pdoc, mentions, capped):
        probs = model.probabilities(hash_features(c.features), c.classes)
        cls = int(probs.argmax())
        p = float(probs[cls])
        if c.rule is not None:  # the grammar states it: the rule's class, at least RULE
            cls, p = c.rule, max(float(probs[c.rule]), RULE)
        if cls == 0 or p < FLOOR:
            continue
        kind = _kind(cls, c.subject)
        post = c.post if cls == 1 and c.rule == 1 else None
        rel = Relation(kind, c.subject, c.object, pdoc.span(*c.sentence), NAME, post=post,
                       confidence=round(p, 4))
        key = (_key(c.subject), kind, _key(c.object))
        if key not in best or (best[key].confidence or 0) < p:
            best[key] = rel
    return [*best.values(), *_chains(pdoc, list(best.values()), best)], capped


def _chains(pdoc: ProcessedDocument, found: list[Relation],
            best: dict[tuple[object, ...], Relation]) -> Iterator[Relation]:
    """X in Y and Y in Z: X in Z (one step)."""
    located = (RelationKind.LOCATED_IN, RelationKind.CONTAINED_IN)
    onward: dict[tuple[EntityKind, str], list[Relation]] = {}
    for r in found:
        if r.kind is RelationKind.CONTAINED_IN:
            onward.setdefault(_key(r.subject), []).append(r)
    for r in found:
        if r.kind not in located:
            continue
        for nxt in onward.get(_key(r.object), []):
            if _key(nxt.object) == _key(r.subject):
                continue
            key = (_key(r.subject), r.kind, _key(nxt.object))
            p = min(r.confidence or 1.0, nxt.confidence or 1.0) * CHAIN_FACTOR
            if key in best or p < FLOOR:
                continue
            lo, hi = min(r.span.start, nxt.span.start), max(r.span.end, nxt.span.end)
            chained = Relation(r.kind, r.subject, nxt.object, pdoc.span(lo, hi), NAME,
                               confidence=round(p, 4))
            best[key] = chained
            yield chained


@extractors.register(NAME, produces=("Membership",),
                     requires=("people.v1", "organizations.v1", "places.v1", "events.v1",
                               "posts.v1"))
def extract_relations(pdoc: ProcessedDocument, found: Sequence[Record]) -> Iterator[Record]:
    """Relations between the mentions found before, scored by the relation classifier."""
    relations, capped = classify(pdoc, found)
    if capped.mentions:
        warnings.warn(ExtractionWarning(
            f"{NAME}: {len(capped.sentences)} sentence(s) name more than {MAX_MENTIONS} "
            f"entities; {capped.mentions} mention(s) past the first {MAX_MENTIONS} of each were "
            f"not paired (first such sentence at characters {capped.sentences[0][0]}.."
            f"{capped.sentences[0][1]})"), stacklevel=2)
    if capped.candidates:
        warnings.warn(ExtractionWarning(
            f"{NAME}: the document has more than {MAX_CANDIDATES} candidate pairs of entities; "
            f"{capped.candidates} pair(s) past the bound were not classified"), stacklevel=2)
    yield from relations
