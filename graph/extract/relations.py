"""``relations.v1``: relations read from ordinary prose by a statistical classifier.

The rule-based extractors (``posts.v1``, ``participation.v1``, ``places.v1``) read the patterns of
institutional documents; this one reads sentences such as "He played as a right winger for Harbour
Rovers" (holds post, no title), "He enlisted in the army in World War II" (participated in),
"Elmford Airport is a regional airport in Carrow County" (located in), "a subsidiary of X" (part
of). Every ordered pair of mentions of a sentence whose kinds a relation may link is a candidate
(:mod:`._relfeatures`, with the bounds it states); the model (:mod:`._relmodel`) gives each the
probability of each relation, and the best one above :data:`FLOOR` becomes a
:class:`~graph.records.Relation` with that probability as its ``confidence`` and the sentence as
its evidence.

Beside the model, rules the text states for sure: a place written after a place ("Millbrook,
Nebraska"), world knowledge of which region holds a town, a person written with the country of
their delegation after an honorific ("Mr Hao Ping of China"), posts with titles
(:mod:`._titled`) and definitions (:mod:`._locative`).

A place located in a place is written as "contained in" (``schema:containedInPlace``). Location is
carried one step along a chain the document states ("X is in Y" and "Y is in Z": X is in Z), with
the weaker of the two confidences, lowered by :data:`CHAIN_FACTOR`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Sequence
from itertools import pairwise

from .._errors import ExtractionWarning
from .._gazetteer import load_gazetteer
from .._nlp import ProcessedDocument
from ..records import EntityKind, Mention, Record, Relation, RelationKind
from ..registry import extractors
from ._locative import defined_locations
from ._placenames import holder_names, place_holders, place_names
from ._relfeatures import MAX_CANDIDATES, MAX_MENTIONS, Capped, candidates
from ._relmodel import hash_features, load_model
from ._structure import ancestors
from ._titled import titled_posts

__all__ = ["CHAIN_FACTOR", "CHAIN_FLOOR", "CHAIN_STEPS", "DEFINED", "FLOOR", "KNOWN", "NAME",
           "NAMED", "RULE", "WRITTEN", "classify", "extract_relations"]

NAME = "relations.v1"
#: Relations the classifier is less sure of than this are not yielded at all.
FLOOR = 0.5
CHAIN_FACTOR = 0.9
#: A location carried along a chain is kept down to this confidence (both steps were kept).
CHAIN_FLOOR = 0.35
#: How many steps a location is carried along a chain.
CHAIN_STEPS = 3
#: The confidence of a location read from a text that names one country only.
SOLE_COUNTRY = 0.5
#: The confidence of a relation a grammar rule reads, when the classifier gives it less.
RULE = 0.6
#: The confidence of "A, B" between places, and of an organisation named after a place.
WRITTEN = 0.75
NAMED = 0.7
#: The confidence of where a definition says its subject lies ("X is a town in Y, Z").
DEFINED = 0.7
#: The confidence of a place held by a region or country the document also names, known from
#: ``place-containment.tsv`` rather than read from a sentence.
KNOWN = 0.7
_COMMA = re.compile(r"\s*(?:,|\()\s*")
_LISTED = re.compile(r"\s*(?:,|and|or|&|,\s*and)\s*(?:the\s+)?")
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
        probs = model.probabilities(hash_features(c.features), (0, *c.classes))
        cls = int(probs[1:].argmax()) + 1  # the likeliest relation, however likely "none" is
        p = float(probs[cls])
        if c.rule is not None:  # the grammar states it: the rule's class, at least RULE
            cls, p = c.rule, max(float(probs[c.rule]), RULE)
        if cls == 0 or p < FLOOR:
            continue
        kind = _kind(cls, c.subject)
        if kind is RelationKind.CONTAINED_IN and c.rule is None and _in_other_region(c.subject,
                                                                                     c.object):
            continue
        post = c.post if cls == 1 and c.rule == 1 else None
        rel = Relation(kind, c.subject, c.object, pdoc.span(*c.sentence), NAME, post=post,
                       confidence=round(p, 4))
        key = (_key(c.subject), kind, _key(c.object))
        if key not in best or (best[key].confidence or 0) < p:
            best[key] = rel
    for rel in (*_written_pairs(pdoc, mentions), *_named_after(pdoc, mentions),
                *_seated(pdoc, mentions),
                *_delegates(pdoc, mentions),
                *_known_holders(mentions), *_gazetteer_holders(mentions),
                *titled_posts(pdoc, mentions, RULE, NAME),
                *defined_locations(pdoc, mentions, DEFINED, NAME)):
        key = (_key(rel.subject), rel.kind, _key(rel.object))
        if key not in best or (best[key].confidence or 0) < (rel.confidence or 0):
            best[key] = rel
    kept = _plausible(best)
    located = {_key(r.subject) for r in (*kept.values(), *found) if isinstance(r, Relation)
               and r.kind in (RelationKind.LOCATED_IN, RelationKind.CONTAINED_IN)}
    for rel in _in_sole_country(pdoc, mentions, located):
        kept[(_key(rel.subject), rel.kind, _key(rel.object))] = rel
    read = list(kept.values())
    chained: list[Relation] = []
    for _ in range(CHAIN_STEPS):  # X in Y, Y in Z, Z in W: X in Z, then X in W
        step = list(_chains(pdoc, [*read, *chained], kept))
        if not step:
            break
        chained += step
    return [*read, *chained], capped


def _in_sole_country(pdoc: ProcessedDocument, mentions: Sequence[Mention],
                     located: set[tuple[EntityKind, str]]) -> Iterator[Relation]:
    """A text that names one country only speaks of things in it: each place, organisation and
    event it names and locates nowhere else lies there (not a country, not an entry of the
    gazetteer, whose places and bodies are linked by what it knows of them). A town world
    knowledge puts in another country ("interviewed in Paris") leaves the bodies and events
    where they are: only places are read into the one country then."""
    countries = [m for m in mentions if m.kind is EntityKind.PLACE and m.subtype == "Country"
                 and m.authority is not None]
    if len({m.authority for m in countries}) != 1 or _countries_in_names(mentions) - {
            countries[0].authority}:
        return  # "the Parliament of Ghana" names a second country
    elsewhere = any(_known_elsewhere(m, countries[0]) for m in mentions
                    if m.kind is EntityKind.PLACE)
    kinds = {EntityKind.PLACE} if elsewhere else {
        EntityKind.PLACE, EntityKind.ORGANIZATION, EntityKind.EVENT}
    seen: set[tuple[EntityKind, str]] = set()
    for m in mentions:
        key = _key(m)
        if (m.kind not in kinds
                or m.authority is not None or m.role_only or key in located or key in seen
                or m.subtype in ("Country", "Address")):
            continue
        seen.add(key)
        country = min(countries, key=lambda c: abs(c.span.start - m.span.start))
        if _known_elsewhere(m, country):  # "Ontario" is not in France, the one country named
            continue
        kind = RelationKind.CONTAINED_IN if m.kind is EntityKind.PLACE else RelationKind.LOCATED_IN
        yield Relation(kind, m, country, m.span, NAME, confidence=SOLE_COUNTRY)


def _countries_in_names(mentions: Sequence[Mention]) -> set[str | None]:
    """The gazetteer countries named inside the names of organisations and events."""
    gaz = load_gazetteer()
    return {hit.entry.iri for m in mentions if m.kind in (EntityKind.ORGANIZATION, EntityKind.EVENT)
            for hit in gaz.find(m.name) if hit.entry.subtype == "Country"}


#: How large a place of a subtype is: a place is not contained in one of its rank or lower.
_RANK = {"Address": 0, "City": 1, "Country": 4}
_STATE_WORDS = frozenset({"republic", "kingdom", "federation", "confederation", "empire",
                          "emirates", "sultanate", "principality"})
_REGION_WORDS = frozenset({"county", "province", "state", "district", "region", "oblast",
                           "prefecture", "department", "governorate", "territory", "canton",
                           "municipality", "voivodeship", "parish", "shire"})


def _rank(m: Mention) -> float | None:
    gaz = load_gazetteer()
    entry = gaz.by_iri(m.authority) if m.authority else None
    subtype = entry.subtype if entry is not None else m.subtype
    if subtype in _RANK:
        return _RANK[subtype]
    if entry is not None:  # a gazetteer place neither city nor country: a continent, a region,
        # or a building in a town ("UNESCO House")
        return 0 if any(getattr(gaz.by_iri(a), "subtype", None) == "City"
                        for a in ancestors(entry.iri)) else 5
    words = m.name.lower().split() or [""]
    head = words[words.index("of", 1) - 1] if "of" in words[1:] else words[-1]
    if head in _STATE_WORDS:  # "German Federal Republic", "Kingdom of Prussia": a state
        return 4
    if head in _REGION_WORDS:  # "Carrow County", "Province of Rieti" (not "Tarvo State Park")
        return 2
    return None


def _known_elsewhere(inner: Mention, outer: Mention) -> bool:
    """The gazetteer or world knowledge (:func:`_not_held`) knows where ``inner`` lies, and it
    is not in ``outer``: "London" is not in "Afghanistan", whatever the sentence seems to say."""
    if _not_held(inner, outer):
        return True
    if not inner.authority or not outer.authority:
        return False
    gaz = load_gazetteer()
    outer_entry = gaz.by_iri(outer.authority)
    if outer_entry is None or outer_entry.subtype != "Country":
        return False
    seen = ancestors(inner.authority)
    return bool(seen) and outer.authority not in seen


def _not_held(inner: Mention, outer: Mention) -> bool:
    """World knowledge says no town or region named as ``inner`` lies in ``outer``, a region or
    country it knows: "Detroit" is not in Canada, "Salt Lake City" not in Germany (of places
    only: a club named after a town may be elsewhere)."""
    if inner.kind is not EntityKind.PLACE or (_rank(outer) or 0) < 4:
        return False  # the file's towns are large: a small town may lie in any region
    return _held_elsewhere(inner, outer)


def _held_elsewhere(inner: Mention, outer: Mention) -> bool:
    """``outer`` holds places in ``place-containment.tsv``, ``inner`` is there, and none of the
    places its name may mean lies in ``outer``."""
    outer_names = _place_names(outer) & holder_names()
    known = _entries(inner) if outer_names else []
    return bool(known) and not any(outer_names & (likely | other) for likely, other in known)


def _in_other_region(inner: Mention, outer: Mention) -> bool:
    """World knowledge puts town or region ``inner`` in other regions than ``outer``, a region it
    knows: in "CFBR-FM in Edmonton, Alberta, and CKRX-FM in Fort Nelson, British Columbia",
    Edmonton is not in British Columbia. (Not for "Edmonton, British Columbia", written so: a
    namesake may be meant, :func:`_written_pairs`.)"""
    if inner.kind is not EntityKind.PLACE or _rank(inner) == 4 or (_rank(outer) or 0) >= 4:
        return False
    return _held_elsewhere(inner, outer)


#: The town at the end of a body's name: "Arab Academy of Damascus", "Alliance Française de Lagos".
_SEAT = re.compile(r"\b(?:of|in|at|de|du|di)\s+(?:the\s+)?"
                   r"(?P<town>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)$")


def _seat_elsewhere(inner: Mention, outer: Mention) -> bool:
    """A body named after a town that world knowledge puts outside ``outer``, a region or country
    it knows, does not lie there: "the Arab Academy of Damascus" is not in Egypt."""
    seat = _SEAT.search(inner.name) if inner.kind is EntityKind.ORGANIZATION else None
    town = seat.group("town") if seat else ""
    if not town or town in holder_names():  # "University of Illinois": a region, not a town
        return False
    outer_names = _place_names(outer) & holder_names()
    known = place_holders().get(town) if outer_names else None
    return known is not None and not outer_names & (known[0] | known[1])


def _plausible(best: dict[tuple[object, ...], Relation]) -> dict[tuple[object, ...], Relation]:
    """Leave out what cannot be: a place in a place of its size or smaller (a country in a
    country, a continent in a country), and pairs read in both directions."""
    kept = {}
    for key, r in best.items():
        if r.kind is RelationKind.CONTAINED_IN:
            inner, outer = _rank(r.subject), _rank(r.object)
            if inner is not None and outer is not None and inner >= outer and \
                    not _known_in(r.subject, r.object):  # "Albany County, New York" (the state)
                continue
        if r.kind in (RelationKind.CONTAINED_IN, RelationKind.LOCATED_IN) and \
                (_known_elsewhere(r.subject, r.object) or _seat_elsewhere(r.subject, r.object)):
            continue
        reverse = (key[2], key[1], key[0])
        if r.kind is RelationKind.CONTAINED_IN and reverse in best:
            continue
        kept[key] = r
    return kept


def _written_pairs(pdoc: ProcessedDocument, mentions: Sequence[Mention]) -> Iterator[Relation]:
    """ "Millbrook, Nebraska", "Carrow County (Nebraska)": a place written after a place,
    outside a list ("Havana, Miami, Bahamas and Madrid"), is the place it lies in."""
    text = pdoc.text
    places = sorted((m for m in mentions if m.kind is EntityKind.PLACE),
                    key=lambda m: (m.span.start, -m.span.end))
    for k, (a, b) in enumerate(pairwise(places)):
        if not _COMMA.fullmatch(text[a.span.end:b.span.start]):
            continue
        after = places[k + 2] if k + 2 < len(places) else None
        if after is not None and _LISTED.fullmatch(text[b.span.end:after.span.start]) and \
                not _known_in(b, after):
            continue
        if k > 0 and _LISTED.fullmatch(text[places[k - 1].span.end:a.span.start]) and \
                text[places[k - 1].span.end:a.span.start].strip() != ",":
            continue
        yield Relation(RelationKind.CONTAINED_IN, a, b, pdoc.span(a.span.start, b.span.end),
                       NAME, confidence=WRITTEN)


#: What places a body written before a place: "(CEPES) in Bucharest", ", whose seat is in Tunis",
#: ", based in Midrand", "at Heliopolis"; a bare "in" or "at" only before a town.
_SEATED = re.compile(r"[ \t]*(?:\([^()\n]{1,20}\)[ \t]*)?(?P<said>,?\s*(?:(?:which\s+is\s+|now\s+)?"
                     r"(?:based|located|headquartered|situated)|whose\s+(?:seat|headquarters)\s+"
                     r"(?:is|are|was|were))\s+)?(?:in|at)\s+(?:the\s+)?")


def _seated(pdoc: ProcessedDocument, mentions: Sequence[Mention]) -> Iterator[Relation]:
    """A body followed by the place it is in: "the UNESCO European Centre for Higher Education
    (CEPES) in Bucharest", "ALECSO, whose seat is in Tunis", "the Desert Institute at
    Heliopolis", "the Association of African Universities (AAU), Accra, and"."""
    places = {m.span.start: m for m in mentions if m.kind is EntityKind.PLACE}
    for body in mentions:
        if body.kind is not EntityKind.ORGANIZATION or body.role_only:
            continue
        m = _SEATED.match(pdoc.text, body.span.end) or _COMMA_TOWN.match(pdoc.text, body.span.end)
        place = places.get(m.end()) if m else None
        if m is None or place is None or (not m.group("said") and (_rank(place) or 1) > 1) or (
                m.re is _COMMA_TOWN and (_rank(place) != 1 or body.authority is not None
                                         or not _TOWN_ENDS.match(pdoc.text, place.span.end))):
            continue  # "the role of UNESCO in Africa": a bare "in" places a body in a town only
        yield Relation(RelationKind.LOCATED_IN, body, place,
                       pdoc.span(body.span.start, place.span.end), NAME, confidence=WRITTEN)


#: A town written after a body and a comma, the town's phrase ending there: "the Association of
#: African Universities (AAU), Accra, and ..." (not a country: "UNESCO, France and Italy"; not a
#: body of the authority file, whose seat is known: "Permanent Delegate to UNESCO, Paris").
_COMMA_TOWN = re.compile(r"[ \t]*(?:\([^()\n]{1,20}\)[ \t]*)?(?P<said>),[ \t\n]+")
_TOWN_ENDS = re.compile(r"[ \t]*(?:[,.;)]|\n|$)")


#: What ties a delegate to the country after the name: "Mr Hao Ping of China", "from China" (after
#: an honorific only: "the Bank of England", "Adams of Boston" are not delegates). A country in
#: brackets, "Ms Lund (Norway)", is not read so: the gold of unesco-dev's records does not.
_DELEGATE = re.compile(r"[ \t\n]+(?:of|from)[ \t\n]+(?:the[ \t\n]+)?")


def _delegates(pdoc: ProcessedDocument, mentions: Sequence[Mention]) -> Iterator[Relation]:
    """A person written with the country they speak for: a member of its delegation."""
    text = pdoc.text
    countries = {m.span.start: m for m in mentions if m.kind is EntityKind.PLACE and _rank(m) == 4}
    for person in mentions:
        if person.kind is not EntityKind.PERSON or person.role_only or person.honorific is None:
            continue
        gap = _DELEGATE.match(text, person.span.end)
        country = countries.get(gap.end()) if gap else None
        if country is not None:
            yield Relation(RelationKind.HOLDS_POST, person, country,
                           pdoc.span(person.span.start, country.span.end), NAME,
                           confidence=WRITTEN)


def _known_in(inner: Mention, outer: Mention) -> bool:
    """World knowledge (``place-containment.tsv``) says ``inner`` lies in ``outer``: "Albany
    County, New York" is a chain of places, not a list."""
    if _rank(inner) == 4:  # a country: the town named "Poland" is in Maine, not the country
        return False
    outer_names = _place_names(outer)
    return any(likely & outer_names for likely, _ in _entries(inner))


def _entries(m: Mention) -> list[tuple[frozenset[str], frozenset[str]]]:
    """What ``place-containment.tsv`` holds under the names of place ``m``: for each, the
    holders of the place the name most likely means and those of its namesakes."""
    table = place_holders()
    return [table[n] for n in _place_names(m) if n in table]


def _place_names(m: Mention) -> set[str]:
    """The names of place ``m``: as written, and as the gazetteer writes its entry."""
    names = {m.name, *m.alternate_names}
    entry = load_gazetteer().by_iri(m.authority) if m.authority else None
    if entry is not None:
        names |= {entry.name, *entry.alternate_names}
    return names


def _known_holders(mentions: Sequence[Mention]) -> Iterator[Relation]:
    """ "Calgary" and, anywhere in the document, "Canada": a place is contained in each region
    or country the document names that world knowledge (``place-containment.tsv``) says holds
    it. The evidence is the place's mention (the rest is knowledge, not text), as for
    :func:`_in_sole_country`."""
    table = place_holders()
    places = [m for m in mentions if m.kind is EntityKind.PLACE and m.subtype != "Address"]
    by_name: dict[str, list[Mention]] = {}
    for m in places:
        for name in _place_names(m):
            by_name.setdefault(name, []).append(m)
    done: set[tuple[object, ...]] = set()
    for inner in places:
        if _rank(inner) == 4:  # a country is held by none of the table's towns' holders
            continue
        for name in _place_names(inner):
            for holder in sorted(table.get(name, ((), ()))[0]):
                for outer in by_name.get(holder, ()):
                    pair = (_key(inner), _key(outer))
                    if pair[0] == pair[1] or pair in done:
                        continue
                    done.add(pair)
                    near = min((o for o in by_name[holder] if _key(o) == pair[1]),
                               key=lambda o: abs(o.span.start - inner.span.start))
                    yield Relation(RelationKind.CONTAINED_IN, inner, near, inner.span, NAME,
                                   confidence=KNOWN)


def _gazetteer_holders(mentions: Sequence[Mention]) -> Iterator[Relation]:
    """ "Nairobi" and, anywhere in the document, "Kenya"; "Wales" and "United Kingdom"; "UNESCO
    House" and "Paris": a place of the gazetteer is contained in each gazetteer country (or
    town: only the gazetteer's buildings lie in one) it lies in that the document names,
    with the place's mention as evidence, as for :func:`_known_holders`."""
    named: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.kind is EntityKind.PLACE and m.authority:
            named.setdefault(m.authority, []).append(m)
    gaz = load_gazetteer()
    done: set[tuple[str, str]] = set()
    for iri, inner in named.items():
        for parent in ancestors(iri):
            entry = gaz.by_iri(parent)
            if parent == iri or parent not in named or (iri, parent) in done or \
                    entry is None or entry.subtype not in ("Country", "City"):
                continue
            done.add((iri, parent))
            near = min(named[parent], key=lambda o: abs(o.span.start - inner[0].span.start))
            yield Relation(RelationKind.CONTAINED_IN, inner[0], near, inner[0].span, NAME,
                           confidence=KNOWN)


#: Words of a place named after another that it does not lie in: a region named after its seat
#: ("Kermanshah Province", "City of Edmonton"), water ("Osaka Bay", "Connecticut River") and
#: parts of a feature ("Upper Klamath Lake").
_NOT_INSIDE = _REGION_WORDS | {"city", "of", "river", "bay", "gulf", "sea", "lake", "creek",
                               "strait", "channel", "upper", "lower", "rim", "zone"}


def _named_after(pdoc: ProcessedDocument, mentions: Sequence[Mention]) -> Iterator[Relation]:
    """ "University of Lublin", "Circuit Court of Carrow County", "Estonian Senate": an
    organisation named after a place the document names is located in it, and a place is
    contained in it ("Tessby Airport", "Western Carrow") unless the place is itself a known
    town, region or country ("West Virginia", "Guinea-Bissau", "Mexico City": the name says
    nothing of where it lies), a region named after its seat ("Kermanshah Province") or water
    ("Osaka Bay"). Not an event: "the 2003 Toronto municipal election" is of Toronto, not
    something in it."""
    places = {" ".join(m.name.split()): m for m in mentions
              if m.kind is EntityKind.PLACE and len(m.name) >= 4}
    by_word: dict[str, list[str]] = {}  # a place name under its first word and its prefixes
    for name in places:
        by_word.setdefault(re.split(r"[\s-]", name)[0], []).append(name)
        if " " not in name:
            for k in range(4, len(name)):
                by_word.setdefault(name[:k], []).append(name)
    for named in mentions:
        if named.kind is EntityKind.PLACE and (named.authority or named.name in place_names()):
            continue
        if named.kind not in (EntityKind.ORGANIZATION, EntityKind.PLACE):
            continue
        words = re.split(r"[\s-]", named.name)
        near = {n for w in words for n in by_word.get(w, ())}
        for name in sorted(near):
            place = places[name]
            whole = name != named.name and re.search(
                rf"(?<![\w.]){re.escape(name)}(?![\w.])", named.name) is not None
            adjective = " " not in name and named.kind is EntityKind.ORGANIZATION and any(
                len(w) >= 4 and w[0].isupper() and w != name and name.startswith(w)
                for w in words)
            if named.kind is EntityKind.PLACE and (f"{name}-" in named.name or _NOT_INSIDE & set(
                    named.name.lower().replace(name.lower(), " ").split())):
                continue  # "Kermanshah Province", "Osaka Bay", "Brandenburg-Prussia"
            if whole or adjective:
                lo = min(named.span.start, place.span.start)
                hi = max(named.span.end, place.span.end)
                kind = RelationKind.CONTAINED_IN if named.kind is EntityKind.PLACE else \
                    RelationKind.LOCATED_IN
                yield Relation(kind, named, place, pdoc.span(lo, hi), NAME, confidence=NAMED)


def _chains(pdoc: ProcessedDocument, found: list[Relation],
            best: dict[tuple[object, ...], Relation]) -> Iterator[Relation]:
    """X in Y and Y in Z: X in Z (one step; :func:`classify` takes up to CHAIN_STEPS)."""
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
            if key in best or p < CHAIN_FLOOR:
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
