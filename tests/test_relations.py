"""relations.v1: the relation classifier, its grammar rules, its bounds and its confidence.

Mentions are written by hand into ``found`` (as the entity extractors would yield them), so the
tests read the relation extractor alone.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import replace

import numpy as np
import pytest
from rdflib import Literal, URIRef

from graph._errors import ExtractionWarning
from graph._iri import IriMinter
from graph._mapping import map_document
from graph._namespaces import KG, ORG, SCHEMA
from graph._resolve import resolve
from graph.extract._relfeatures import (
    CLASSES,
    MAX_CANDIDATES,
    MAX_MENTIONS,
    Capped,
    allowed,
    candidates,
)
from graph.extract._relmodel import BUCKETS, hash_features, load_model
from graph.extract._relrules import rule, stem
from graph.extract._titled import titled_posts
from graph.extract.relations import (
    NAME,
    SOLE_COUNTRY,
    _in_sole_country,
    _seat_elsewhere,
    _seated,
    classify,
    extract_relations,
)
from graph.pipeline import extract_records
from graph.records import Document, EntityKind, Mention, Record, Relation, RelationKind, Span
from graph.registry import extractors

from .conftest import processed

P, O, E, L = EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.EVENT, EntityKind.PLACE  # noqa: E741


def _mentions(pdoc, wanted: list[tuple[EntityKind, str]]) -> list[Mention]:
    out = []
    for kind, written in wanted:
        start = pdoc.text.index(written)
        subtype = "Country" if written in ("France", "Kenya", "Norway") else None
        out.append(Mention(kind, written, pdoc.span(start, start + len(written)), "test",
                           subtype=subtype))
    return out


def _read(text: str, wanted: list[tuple[EntityKind, str]]) -> set[tuple[str, str, str]]:
    pdoc = processed(text)
    found: list[Record] = list(_mentions(pdoc, wanted))
    relations, _ = classify(pdoc, found)
    return {(r.kind.value, r.subject.name, r.object.name) for r in relations}


def test_registered_after_the_entity_extractors() -> None:
    spec = extractors.get(NAME)
    assert {"people.v1", "organizations.v1", "places.v1", "events.v1"} <= set(spec.requires)
    names = [s.name for s in extractors.ordered()]
    assert names.index(NAME) > names.index("places.v1")


def test_shipped_model_loads_without_download() -> None:
    model = load_model()
    assert model.weights.shape == (BUCKETS, len(CLASSES))
    assert np.isfinite(model.weights).all()
    p = model.probabilities(hash_features(["tp:PERSON>ORGANIZATION", "rule:1"]), (0, 1))
    assert p[0] + p[1] == pytest.approx(1.0) and not p[2:].any()


@pytest.mark.usefixtures("nlp_ready")
@pytest.mark.parametrize(
    ("text", "wanted", "expected"),
    [
        ("Tomás Arriaga played as a right winger for Harbour Rovers.",
         [(P, "Tomás Arriaga"), (O, "Harbour Rovers")],
         ("holds post", "Tomás Arriaga", "Harbour Rovers")),
        ("Ingrid Berg is a member of the Norwegian Academy of Sciences.",
         [(P, "Ingrid Berg"), (O, "Norwegian Academy of Sciences")],
         ("holds post", "Ingrid Berg", "Norwegian Academy of Sciences")),
        ("Tom Hale fought in the Crimean War.",
         [(P, "Tom Hale"), (E, "Crimean War")],
         ("participated in", "Tom Hale", "Crimean War")),
        ("Acme Records is a subsidiary of Globex Corporation.",
         [(O, "Acme Records"), (O, "Globex Corporation")],
         ("part of", "Acme Records", "Globex Corporation")),
        # a post noun as the subject, the person its copula's attribute
        ("Under the new constitution, the first prime minister of Varnland was Tor Askeby.",
         [(P, "Tor Askeby"), (L, "Varnland")],
         ("holds post", "Tor Askeby", "Varnland")),
        # "who" after a place hung on a noun: the relative clause qualifies that noun
        ("Ross Hale was a politician in the province of Carrow, who served as mayor of "
         "Orlund from 1977 to 1980.",
         [(P, "Ross Hale"), (L, "Carrow"), (L, "Orlund")],
         ("holds post", "Ross Hale", "Orlund")),
        ("Ousmane Diallo, a member of the delegation of Kenya, spoke first.",
         [(P, "Ousmane Diallo"), (L, "Kenya")],
         ("holds post", "Ousmane Diallo", "Kenya")),
    ],
)
def test_reads_relations_of_ordinary_prose(text: str, wanted, expected) -> None:
    assert expected in _read(text, wanted)


@pytest.mark.usefixtures("nlp_ready")
def test_a_byline_s_author_is_no_antecedent_of_a_pronoun() -> None:
    text = ("A poet of two shores\n\nby Marie Lund\n\nKarl Berg's first book appeared in 1945. "
            "In 1960 he joined the Tessby Writers Union.")
    pdoc = processed(text)
    lund, berg, union = (text.index(n) for n in ("Marie Lund", "Karl Berg", "Tessby Writers"))
    found = [Mention(P, "Marie Lund", pdoc.span(lund, lund + 10), "people.v1"),
             Mention(P, "Karl Berg", pdoc.span(berg, berg + 9), "people.v1"),
             Mention(O, "Tessby Writers Union", pdoc.span(union, union + 20), "organizations.v1")]
    pairs = {(c.subject.name, c.object.name) for c in candidates(pdoc, found, Capped())
             if "pron" in c.features}
    assert pairs == {("Karl Berg", "Tessby Writers Union")}


@pytest.mark.usefixtures("nlp_ready")
def test_a_pronoun_stands_for_the_person_named_before() -> None:
    found = _read("Karl Lund was born in 1920. He joined the Norwegian Labour Party in 1945.",
                  [(P, "Karl Lund"), (O, "Norwegian Labour Party")])
    assert ("holds post", "Karl Lund", "Norwegian Labour Party") in found


def _country(pdoc, written: str) -> Mention:
    start = pdoc.text.index(written)
    return Mention(L, written, pdoc.span(start, start + len(written)), "places.v1",
                   subtype="Country", authority=f"https://example.org/place/{written.lower()}")


@pytest.mark.usefixtures("nlp_ready")
def test_a_text_naming_one_country_locates_what_it_names_there() -> None:
    text = ("Tessby Rowing Club trains on the Varn. The river flows past Orlund. "
            "Both lie in Norway, where the club won the cup.")
    pdoc = processed(text)
    found = [*_mentions(pdoc, [(O, "Tessby Rowing Club"), (L, "Varn"), (L, "Orlund")]),
             _country(pdoc, "Norway")]
    relations, _ = classify(pdoc, found)
    located = {(r.subject.name, r.object.name): r for r in relations
               if r.kind in (RelationKind.LOCATED_IN, RelationKind.CONTAINED_IN)}
    assert {("Tessby Rowing Club", "Norway"), ("Varn", "Norway"), ("Orlund", "Norway")} <= set(
        located)
    sole = {(r.subject.name, r.object.name, r.confidence)
            for r in _in_sole_country(pdoc, found, set())}
    assert sole == {("Tessby Rowing Club", "Norway", SOLE_COUNTRY),
                    ("Varn", "Norway", SOLE_COUNTRY), ("Orlund", "Norway", SOLE_COUNTRY)}
    # a second country: the text no longer says where its places lie
    text2 = text.replace("Both lie in Norway", "Both lie in Norway, not in France")
    pdoc2 = processed(text2)
    found2 = [*_mentions(pdoc2, [(O, "Tessby Rowing Club"), (L, "Varn"), (L, "Orlund")]),
              _country(pdoc2, "Norway"), _country(pdoc2, "France")]
    relations2, _ = classify(pdoc2, found2)
    assert not any(r.confidence == SOLE_COUNTRY for r in relations2)
    assert not list(_in_sole_country(pdoc2, found2, set()))


@pytest.mark.usefixtures("nlp_ready")
def test_a_town_of_another_country_leaves_bodies_unplaced() -> None:
    text = ("Tessby Rowing Club trains on the Varn. Its crews have raced in Lyon. The club and "
            "the river are in Norway.")
    pdoc = processed(text)
    found = [*_mentions(pdoc, [(O, "Tessby Rowing Club"), (L, "Varn"), (L, "Lyon")]),
             _country(pdoc, "Norway")]
    # Lyon is a French town: a second country is named, where the club may lie
    sole = {(r.subject.name, r.object.name) for r in _in_sole_country(pdoc, found, set())}
    assert sole == {("Varn", "Norway")}


@pytest.mark.usefixtures("nlp_ready")
def test_a_body_named_after_a_town_elsewhere_does_not_lie_in_the_country() -> None:
    text = "He joined the Arab Academy of Damascus while he taught in Egypt and in Syria."
    pdoc = processed(text)
    academy, = _mentions(pdoc, [(O, "Arab Academy of Damascus")])
    assert _seat_elsewhere(academy, _country(pdoc, "Egypt"))
    assert not _seat_elsewhere(academy, _country(pdoc, "Syria"))
    # a region in the name is no town: "the University of Alberta" is in Alberta
    pdoc = processed("She taught at the University of Alberta, in Alberta.")
    university, = _mentions(pdoc, [(O, "University of Alberta")])
    assert not _seat_elsewhere(university, _country(pdoc, "Alberta"))


@pytest.mark.usefixtures("nlp_ready")
def test_the_one_country_named_does_not_hold_what_world_knowledge_puts_elsewhere() -> None:
    text = ("She studied in Sudbury, Ontario, then in Tessby and in Lyon. Later she moved to "
            "France.")
    pdoc = processed(text)
    found = [*_mentions(pdoc, [(L, "Sudbury"), (L, "Ontario"), (L, "Tessby"), (L, "Lyon")]),
             _country(pdoc, "France")]
    sole = {r.subject.name for r in _in_sole_country(pdoc, found, set())}
    # Ontario is a Canadian province, every town named Sudbury lies outside France
    assert sole == {"Tessby", "Lyon"}
    relations, _ = classify(pdoc, found)
    held = {(r.subject.name, r.object.name) for r in relations
            if r.kind is RelationKind.CONTAINED_IN}
    assert ("Sudbury", "Ontario") in held and ("Ontario", "France") not in held


@pytest.mark.usefixtures("nlp_ready")
def test_a_country_is_not_held_where_a_town_of_its_name_lies() -> None:
    from graph.extract.relations import _known_holders

    # world knowledge has a town named Poland in Maine: the country is not in Maine
    text = "Her parents came from Poland. Years later they settled in Bangor, Maine."
    pdoc = processed(text)
    found = [_country(pdoc, "Poland"), *_mentions(pdoc, [(L, "Bangor"), (L, "Maine")])]
    held = {(r.subject.name, r.object.name) for r in _known_holders(found)}
    assert ("Bangor", "Maine") in held and not any(s == "Poland" for s, _ in held)


@pytest.mark.usefixtures("nlp_ready")
def test_a_town_is_not_read_into_a_region_world_knowledge_puts_it_outside() -> None:
    text = ("It is one of three rock stations in the west; the others are CFBR-FM in Edmonton, "
            "Alberta, and CKRX-FM in Fort Nelson, British Columbia.")
    pdoc = processed(text)
    found = _mentions(pdoc, [(O, "CFBR-FM"), (L, "Edmonton"), (L, "Alberta"), (O, "CKRX-FM"),
                             (L, "Fort Nelson"), (L, "British Columbia")])
    relations, _ = classify(pdoc, found)
    held = {(r.subject.name, r.object.name) for r in relations
            if r.kind is RelationKind.CONTAINED_IN}
    assert ("Edmonton", "Alberta") in held and ("Fort Nelson", "British Columbia") in held
    assert not {("Edmonton", "British Columbia"), ("Alberta", "British Columbia")} & held
    # written so, a namesake may be meant: "Edmonton, British Columbia" stands
    written = processed("The club was founded in Edmonton, British Columbia.")
    found = _mentions(written, [(L, "Edmonton"), (L, "British Columbia")])
    assert any(r.subject.name == "Edmonton" and r.object.name == "British Columbia"
               for r in classify(written, found)[0])


@pytest.mark.usefixtures("nlp_ready")
def test_a_chain_of_places_is_not_a_list_when_world_knowledge_links_it() -> None:
    text = "Westmere is a hamlet in the town of Guilderland, Albany County, New York."
    pdoc = processed(text)
    found = _mentions(pdoc, [(L, "Westmere"), (L, "Guilderland"), (L, "Albany County"),
                             (L, "New York")])
    relations, _ = classify(pdoc, found)
    held = {(r.subject.name, r.object.name) for r in relations
            if r.kind is RelationKind.CONTAINED_IN}
    assert {("Guilderland", "Albany County"), ("Albany County", "New York")} <= held
    listed = processed("They toured Havana, Miami, Bahamas and Madrid.")
    found = _mentions(listed, [(L, "Havana"), (L, "Miami"), (L, "Bahamas"), (L, "Madrid")])
    relations, _ = classify(listed, found)
    assert not any(r.kind is RelationKind.CONTAINED_IN and r.confidence == 0.75
                   for r in relations)


@pytest.mark.usefixtures("nlp_ready")
def test_relations_carry_confidence_and_the_sentence() -> None:
    pdoc = processed("Ingrid Berg is a member of the Norwegian Academy of Sciences. It rained.")
    found = _mentions(pdoc, [(P, "Ingrid Berg"), (O, "Norwegian Academy of Sciences")])
    relations, _ = classify(pdoc, found)
    assert relations
    for r in relations:
        assert r.extractor == NAME and r.confidence is not None and 0.5 <= r.confidence <= 1
        assert r.span.text.startswith("Ingrid Berg") and "rained" not in r.span.text


@pytest.mark.usefixtures("nlp_ready")
@pytest.mark.parametrize(
    ("text", "subject", "obj", "classes", "place", "expected"),
    [
        ("Eidenmüller is a member of the Academy.", 0, 6, (1,), False, (1, None)),
        ("Ida is a member of the Berlin Academy of Sciences and of the European Academy of "
         "Arts.", 0, 14, (1,), False, (1, None)),
        ("She is the Minister of Education of Kenya.", 0, 7, (1,), True, (1, "Minister")),
        ("He enlisted in the army in World War II.", 0, 4, (1,), False, (1, None)),
        ("He moved to Toronto in 1990.", 0, 3, (1,), True, None),
        ("Joan Burton is an Irish Labour Party politician.", 1, 6, (1,), False, (1, None)),
        ("Acme is a division of Globex.", 0, 5, (4,), False, (4, None)),
        # a membership verb in the passive, its agent the member
        ("The Commission was chaired by Sean Halloran of Ireland.", 6, 1, (1,), False, (1, None)),
        ("The club was coached by Ada Lind and Bo Rask.", 9, 1, (1,), False, (1, None)),
        ("The Commission was founded by Sean Halloran of Ireland.", 6, 1, (1,), False, None),
        # a participle on the body, its agent the member
        ("In 2009 the Transitional Council, led by Ana Velo, was formed.", 9, 4, (1,), False,
         (1, None)),
        ("The Council, founded by Ana Velo, met.", 6, 1, (1,), False, None),
        # a noun of membership after "known as"; "joined the faculty of"; a named club
        ("Tom Rask was a Welsh singer, best known as the lead vocalist of the rock band "
         "Glasshouse.", 1, 17, (1,), False, (1, None)),
        ("After 1962 he joined the faculty of the University of Arvika.", 2, 8, (1,), False,
         (1, None)),
        ("Lund was admitted to the skiing club SK Norda in 1898.", 0, 8, (1,), False, (1, None)),
        # a body of the country that owns it
        ("He was a double agent for Ruritania's Secret Service.", 9, 6, (3,), True, (3, None)),
        # taking part: what one was during an event, or fought between
        ("Ian Moor was an Irish freedom fighter during the Land War.", 1, 10, (2,), False,
         (2, None)),
        ("Ian Moor was born during the Land War.", 1, 7, (2,), False, None),
        ("The battle of Kell was fought between his sons Ari Pol and Bo Rask.", 13, 1, (2,), False,
         (2, None)),
        # where a body's seat is
        ("The Tessel Commission, whose headquarters are in Lagos, met.", 2, 8, (3,), True,
         (3, None)),
        ("The Tessel Bank's headquarters are in Lagos.", 2, 7, (3,), True, (3, None)),
        ("The Tessel Bank, whose director lives in Lagos, grew.", 2, 8, (3,), True, None),
        # a noun of a calling by its ending, and "from" a body
        ("Dr. Ana Velo, a chemist from Tessel University, spoke.", 2, 8, (1,), False, (1, None)),
        ("Mr. Bo Rask, a hydrologist of the Tessel Office, spoke.", 2, 9, (1,), False,
         (1, None)),
        ("Dr. Ana Velo, a visitor from Tessel University, spoke.", 2, 8, (1,), False, None),
    ],
)
def test_grammar_rules(text: str, subject: int, obj: int, classes: tuple[int, ...],
                       place: bool, expected) -> None:
    from graph._nlp import load_pipeline

    doc = load_pipeline()(text)
    assert rule(doc[subject], doc[obj], classes, place) == expected


@pytest.mark.usefixtures("nlp_ready")
def test_in_after_the_name_of_a_place_places_it() -> None:
    from graph._nlp import load_pipeline

    doc = load_pipeline()("It was built at the Orvale Ruins Monument in Arizona in 1930.")
    monument, arizona = doc[7], doc[9]
    assert rule(monument, arizona, (3,), True, sited=True) == (3, None)
    # a person or a body is not placed so ("the support of Unesco in Nigeria")
    assert rule(monument, arizona, (3,), True) is None


def test_stem_joins_the_forms_of_a_verb() -> None:
    assert stem("played") == stem("plays") == stem("playing") == stem("play")
    assert stem("joined") == stem("join")


def test_allowed_classes_follow_the_contract() -> None:
    assert allowed(P, O) == (1,)
    assert allowed(P, E) == (2,)
    assert allowed(O, L) == (3,)
    assert allowed(O, O) == (4,)
    assert allowed(L, P) == ()


@pytest.mark.usefixtures("nlp_ready")
def test_a_place_in_a_place_is_contained_in() -> None:
    found = _read("Elmford Airport is a regional airport in Carrow County, Wyoming.",
                  [(O, "Elmford Airport"), (L, "Carrow County"), (L, "Wyoming")])
    kinds = {k for k, s, _ in found if s == "Carrow County"}
    assert kinds <= {"contained in"}


def _crowd(n: int, per_sentence: int) -> tuple[object, list[Mention]]:
    words = [f"Zorvath{i:04d}" for i in range(n)]
    parts = []
    for k in range(0, n, per_sentence):
        parts.append(", ".join(words[k:k + per_sentence]) + ".")
    text = " ".join(parts)
    pdoc = processed(text)
    mentions, at = [], 0
    for i, w in enumerate(words):
        at = text.index(w, at)
        kind = (O, L)[i % 2]
        mentions.append(Mention(kind, w, Span(at, at + len(w), w), "test"))
    return pdoc, mentions


@pytest.mark.usefixtures("nlp_ready")
def test_a_long_sentence_pairs_a_bounded_number_of_mentions() -> None:
    pdoc, mentions = _crowd(400, 400)  # one sentence naming 400 entities
    capped = Capped()
    started = time.perf_counter()
    made = sum(1 for c in candidates(pdoc, mentions, capped)
               if not c.across)
    assert made <= MAX_MENTIONS * (MAX_MENTIONS - 1)
    assert capped.mentions >= 400 - MAX_MENTIONS * len(capped.sentences)
    assert time.perf_counter() - started < 60


@pytest.mark.usefixtures("nlp_ready")
def test_a_document_of_5000_entities_is_bounded_and_warned() -> None:
    pdoc, mentions = _crowd(5000, 10)
    capped = Capped()
    made = sum(1 for _ in candidates(pdoc, mentions, capped))
    assert made <= MAX_CANDIDATES
    assert capped.candidates > 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        list(extract_relations(pdoc, tuple(mentions)))
    assert any(issubclass(w.category, ExtractionWarning) and "were not classified"
               in str(w.message) for w in caught)


@pytest.mark.usefixtures("nlp_ready")
def test_the_build_lists_what_was_capped_among_its_warnings() -> None:
    pdoc, mentions = _crowd(300, 300)

    def crowd(_pdoc, _found):
        yield from mentions

    spec = extractors.get(NAME)
    from graph.registry import ExtractorSpec

    seeded = ExtractorSpec("crowd.v1", crowd, ("Organization",))
    out: list[str] = []
    extract_records(pdoc, [seeded, spec], out)
    assert any("relations.v1" in w and f"more than {MAX_MENTIONS}" in w for w in out)


def test_confidence_must_be_a_probability() -> None:
    span = Span(0, 1, "a")
    m = Mention(P, "a", span, "test")
    with pytest.raises(ValueError):
        Relation(RelationKind.HOLDS_POST, m, m, span, "test", confidence=1.5)


def _mapped(relations: list[Relation], mentions: list[Mention]):
    text = "Ingrid Berg Academy Oslo"
    resolved = resolve([*mentions, *relations], text=text)
    doc = Document("t.txt", text, "text/plain", "sha256:0")
    _, g = map_document(doc, resolved, IriMinter("https://example.org/kg"))
    return g


def test_confidence_is_written_on_the_annotation_and_memberships_without_title_have_no_role(
) -> None:
    text = "Ingrid Berg Academy Oslo"
    berg = Mention(P, "Ingrid Berg", Span(0, 11, text[0:11]), "test")
    academy = Mention(O, "Academy", Span(12, 19, text[12:19]), "test")
    oslo = Mention(L, "Oslo", Span(20, 24, text[20:24]), "test")
    relations = [
        Relation(RelationKind.HOLDS_POST, berg, academy, Span(0, 19, text[:19]), NAME,
                 confidence=0.8),
        Relation(RelationKind.LOCATED_IN, academy, oslo, Span(12, 24, text[12:24]), NAME,
                 confidence=0.7),
        Relation(RelationKind.LOCATED_IN, academy, oslo, Span(12, 24, text[12:24]), NAME,
                 confidence=0.9),
    ]
    g = _mapped(relations, [berg, academy, oslo])
    confidences = sorted(float(o) for o in g.objects(None, KG.confidence))
    assert confidences == [0.8, 0.9]  # one per annotation: the strongest reading
    memberships = list(g.subjects(ORG.member, None))
    assert memberships and not list(g.objects(memberships[0], ORG.role))
    assert list(g.triples((None, SCHEMA.location, None)))
    assert all(isinstance(o, Literal) for o in g.objects(None, KG.confidence))
    assert not isinstance(memberships[0], Literal) and isinstance(memberships[0], URIRef)


@pytest.mark.usefixtures("nlp_ready")
def test_min_confidence_leaves_out_weaker_relations(tmp_path) -> None:
    from graph.pipeline import build

    (tmp_path / "a.txt").write_text(
        "Ingrid Berg is a Norwegian politician. She is a member of the Norwegian Labour Party "
        "and lives in Oslo, Norway.\n", encoding="utf-8")

    def scored(min_confidence: float) -> list[float]:
        result = build([tmp_path], run_validation=False, min_confidence=min_confidence)
        g = result.union()
        return [float(o) for o in g.objects(None, KG.confidence)]

    everything = scored(0.0)
    assert everything
    assert all(c >= 0.95 for c in scored(0.95))
    assert len(scored(0.95)) <= len(everything)


@pytest.mark.usefixtures("nlp_ready")
def test_items_of_a_list_split_by_semicolons_are_not_linked() -> None:
    found = _read("Speakers included Ville Skinnari, Minister, Finland; and Max Tegmark, "
                  "President, Future of Life Institute.",
                  [(P, "Ville Skinnari"), (L, "Finland"), (P, "Max Tegmark"),
                   (O, "Future of Life Institute")])
    assert not any(s == "Future of Life Institute" and o == "Finland" for _, s, o in found)
    assert not any(s == "Ville Skinnari" and o == "Future of Life Institute" for _, s, o in found)


@pytest.mark.usefixtures("nlp_ready")
def test_a_list_of_places_is_not_a_hierarchy() -> None:
    found = _read("The album was recorded in Havana, Miami, Bahamas and Madrid.",
                  [(L, "Havana"), (L, "Miami"), (L, "Bahamas"), (L, "Madrid")])
    assert not any(o == "Bahamas" for _, _, o in found)


@pytest.mark.usefixtures("nlp_ready")
def test_places_written_one_after_the_other_are_contained() -> None:
    found = _read("Millbrook is a town in Carrow County, Nebraska.",
                  [(L, "Millbrook"), (L, "Carrow County"), (L, "Nebraska")])
    assert {("contained in", "Millbrook", "Carrow County"),
            ("contained in", "Carrow County", "Nebraska")} <= found


@pytest.mark.usefixtures("nlp_ready")
def test_an_organisation_named_after_a_place_is_located_there() -> None:
    found = _read("The University of Lublin opened its doors. Lublin grew.",
                  [(O, "University of Lublin"), (L, "Lublin")])
    assert ("located in", "University of Lublin", "Lublin") in found


def test_the_gazetteer_overrules_a_reading_that_contradicts_it() -> None:
    from graph._gazetteer import load_gazetteer
    from graph.extract.relations import _known_elsewhere

    gaz = load_gazetteer()
    london, uk, france = gaz.get("London"), gaz.get("United Kingdom"), gaz.get("France")
    assert london is not None and uk is not None and france is not None
    span = Span(0, 1, "a")
    as_mention = {e.name: Mention(L, e.name, span, "test", authority=e.iri)
                  for e in (london, uk, france)}
    assert _known_elsewhere(as_mention[london.name], as_mention[france.name])
    assert not _known_elsewhere(as_mention[london.name], as_mention[uk.name])


@pytest.mark.usefixtures("nlp_ready")
def test_a_title_written_around_two_names_states_a_post() -> None:
    cases = [
        ("A list of envoys named by the 12th President of Varnland, Tor Askeby.",
         [(P, "Tor Askeby"), (L, "Varnland")], ("Tor Askeby", "Varnland", "President")),
        ("Ingrid Berg, the chairwoman of Tessby Rowing Club, spoke first.",
         [(P, "Ingrid Berg"), (O, "Tessby Rowing Club")], ("Ingrid Berg", "Tessby Rowing Club",
                                                           None)),
        ("Varnland's Minister of Education Kari Lund opened the school.",
         [(P, "Kari Lund"), (L, "Varnland")], ("Kari Lund", "Varnland", "Minister")),
        ("The riff was written by Harbour Rovers bassist Tom Lind.",
         [(P, "Tom Lind"), (O, "Harbour Rovers")], ("Tom Lind", "Harbour Rovers", None)),
        ("The peak was measured by Tom Lind and Ole Dahl of the Tessby Mountain Club in 2001.",
         [(P, "Tom Lind"), (O, "Tessby Mountain Club")],
         ("Tom Lind", "Tessby Mountain Club", None)),
        ("Tom Lind (born 3 May 1950) is a Norwegian civil servant and former chief executive of "
         "Harbour Rovers.",
         [(P, "Tom Lind"), (O, "Harbour Rovers")], ("Tom Lind", "Harbour Rovers", None)),
        ("Kari Lund, who served as Mayor of Tessby from 1971, retired.",
         [(P, "Kari Lund"), (L, "Tessby")], ("Kari Lund", "Tessby", "Mayor")),
        # a title written with a hyphen keeps its first word
        ("Ole Dahl, the Vice-President of Tessby Rowing Club, spoke first.",
         [(P, "Ole Dahl"), (O, "Tessby Rowing Club")], ("Ole Dahl", "Tessby Rowing Club",
                                                        "Vice-President")),
    ]
    for text, names, wanted in cases:
        pdoc = processed(text)
        found = {(r.subject.name, r.object.name, r.post)
                 for r in titled_posts(pdoc, _mentions(pdoc, names), 0.6, NAME)}
        assert found == {wanted}, text
    # a name between them, or no title: nothing
    for text, names in [
        ("Ingrid Berg met Ole Dahl, a coach at Tessby Rowing Club.",
         [(P, "Ingrid Berg"), (O, "Tessby Rowing Club")]),
        ("Ingrid Berg, who visited Tessby Rowing Club, spoke first.",
         [(P, "Ingrid Berg"), (O, "Tessby Rowing Club")]),
        ("Ingrid Berg was the daughter of the chairwoman of Tessby Rowing Club.",
         [(P, "Ingrid Berg"), (O, "Tessby Rowing Club")]),
        ("Ingrid Berg of Tessby won the race.", [(P, "Ingrid Berg"), (L, "Tessby")]),
    ]:
        pdoc = processed(text)
        assert not list(titled_posts(pdoc, _mentions(pdoc, names), 0.6, NAME)), text


@pytest.mark.usefixtures("nlp_ready")
def test_a_location_is_carried_along_a_chain_of_places() -> None:
    text = "The mill stands in Tessby (Orlund (Varn County (Norland)))."
    pdoc = processed(text)
    found = _mentions(pdoc, [(L, "Tessby"), (L, "Orlund"), (L, "Varn County"), (L, "Norland")])
    relations, _ = classify(pdoc, found)
    held = {(r.subject.name, r.object.name) for r in relations
            if r.kind is RelationKind.CONTAINED_IN}
    assert {("Tessby", "Orlund"), ("Tessby", "Varn County"), ("Tessby", "Norland")} <= held


def test_a_state_named_as_a_republic_is_not_in_another_country() -> None:
    from graph.extract.relations import _plausible, _rank

    span = Span(0, 1, "a")
    republic = Mention(L, "Tessland Federal Republic", span, "test")
    norway = Mention(L, "Norway", span, "test", subtype="Country")
    assert _rank(republic) == 4
    inside = Relation(RelationKind.CONTAINED_IN, republic, norway, span, NAME)
    assert not _plausible({("r", "in", "n"): inside})



@pytest.mark.usefixtures("nlp_ready")
def test_a_gazetteer_place_lies_in_the_country_named_not_in_the_continent() -> None:
    from graph.extract.relations import _gazetteer_holders

    text = "The choir toured Poland and sang in Nairobi. It was the best-known choir in Kenya."
    pdoc = processed(text)
    place = "https://w3id.org/kg-builder/authority/place/"

    def named(written: str, local: str, subtype: str | None) -> Mention:
        start = text.index(written)
        return Mention(L, written, pdoc.span(start, start + len(written)), "places.v1",
                       subtype=subtype, authority=place + local)

    found = [named("Poland", "poland", "Country"), named("Nairobi", "nairobi", "City"),
             named("Kenya", "kenya", "Country")]
    assert {(r.subject.name, r.object.name) for r in _gazetteer_holders(found)} == {
        ("Nairobi", "Kenya")}
    # nor in a continent the document names ("Europe"): true, but not what the text says
    pdoc = processed("The choir toured Poland. It was the best-known choir in Europe.")
    text = pdoc.text
    found = [named("Poland", "poland", "Country"), named("Europe", "europe", None)]
    assert list(_gazetteer_holders(found)) == []


@pytest.mark.usefixtures("nlp_ready")
def test_a_seat_of_the_gazetteer_lies_in_its_town() -> None:
    text = "The experts met at UNESCO House. They flew home from Paris in May."
    pdoc = processed(text)
    place = "https://w3id.org/kg-builder/authority/place/"
    found: list[Record] = [
        Mention(L, name, pdoc.span(text.index(name), text.index(name) + len(name)), "places.v1",
                subtype=subtype, authority=place + local)
        for name, local, subtype in (("UNESCO House", "unesco-house", None),
                                     ("Paris", "paris", "City"))]
    relations, _ = classify(pdoc, found)
    assert {(r.kind.value, r.subject.name, r.object.name) for r in relations} == {
        ("contained in", "UNESCO House", "Paris")}

@pytest.mark.usefixtures("nlp_ready")
def test_a_country_named_inside_a_body_s_name_is_a_second_country() -> None:
    text = ("Ama Serwaa sits in the Parliament of Ghana and chairs the Tessby Rowing Club. "
            "She served as ambassador to France.")
    pdoc = processed(text)
    found = [*_mentions(pdoc, [(O, "Parliament of Ghana"), (O, "Tessby Rowing Club")]),
             _country(pdoc, "France")]
    # Ghana is named, though only inside a name: the text does not speak of France alone
    assert list(_in_sole_country(pdoc, found, set())) == []


@pytest.mark.usefixtures("nlp_ready")
def test_a_place_named_after_a_place_lies_in_it() -> None:
    from graph.extract.relations import _named_after

    text = ("Flights leave Orlund Airport daily. The Orlund Music Festival is held in Western "
            "Carrow, and Carrow lies in West Virginia, not in Virginia.")
    pdoc = processed(text)
    found = _mentions(pdoc, [(L, "Orlund Airport"), (L, "Orlund"), (E, "Orlund Music Festival"),
                             (L, "Western Carrow"), (L, "Carrow"), (L, "West Virginia"),
                             (L, "Virginia")])
    named = {(r.kind.value, r.subject.name, r.object.name) for r in _named_after(pdoc, found)}
    assert not any(s == "Orlund Music Festival" for _, s, _ in named)
    assert ("contained in", "Orlund Airport", "Orlund") in named
    assert ("contained in", "Western Carrow", "Carrow") in named
    # a known state whose name holds another's says nothing of where it lies; an event named
    # after a place is of it, not in it ("the Orlund municipal election")
    assert not any(s == "West Virginia" for _, s, _ in named)



@pytest.mark.usefixtures("nlp_ready")
@pytest.mark.parametrize(("text", "wanted", "expected"), [
    ("Marrow Lake is a lake located in Tobin County in the U.S. state of Michigan.",
     [(L, "Marrow Lake"), (L, "Tobin County"), (L, "Michigan")],
     {("Marrow Lake", "Tobin County"), ("Marrow Lake", "Michigan")}),
    ("Norrland Air was a small regional airline based in Lulea, Sweden, until 1999.",
     [(O, "Norrland Air"), (L, "Lulea"), (L, "Sweden")],
     {("Norrland Air", "Lulea"), ("Norrland Air", "Sweden")}),
    # the run ends where the words turn to something else: a distance, "near", "and"
    ("Brenna Glacier is a glacier in Brenna Valley, about 12 km from downtown Juneau.",
     [(L, "Brenna Glacier"), (L, "Brenna Valley"), (L, "Juneau")],
     {("Brenna Glacier", "Brenna Valley")}),
    ("Kessby is a village in Orrin County near Tessby and Varde.",
     [(L, "Kessby"), (L, "Orrin County"), (L, "Tessby"), (L, "Varde")],
     {("Kessby", "Orrin County")}),
    ("Varnby is a village in Harrow Shire on the eastern bank of the Tolka River.",
     [(L, "Varnby"), (L, "Harrow Shire"), (L, "Tolka River")], {("Varnby", "Harrow Shire")}),
    # no definition, or a description that names something: nothing
    ("In 1990 Kessby joined a league in Orrin County.", [(L, "Kessby"), (L, "Orrin County")],
     set()),
    ("Kessby is a partner of Harbour Rovers in Orrin County.",
     [(L, "Kessby"), (O, "Harbour Rovers"), (L, "Orrin County")], set()),
])
def test_a_definition_says_where_its_subject_lies(text: str, wanted, expected) -> None:
    from graph.extract._locative import defined_locations

    pdoc = processed(text)
    got = {(r.subject.name, r.object.name)
           for r in defined_locations(pdoc, _mentions(pdoc, wanted), 0.7, "test")}
    assert got == expected


@pytest.mark.usefixtures("nlp_ready")
def test_a_long_gap_before_a_place_is_read_in_linear_time() -> None:
    from graph.extract._locative import defined_locations

    # forty words that could each open a run, then a number: no run (an overlapping pattern
    # took seconds here, doubling with every word)
    text = "Kessby is a village in " + "the of in at on " * 8 + "1990 Orrin County."
    pdoc = processed(text)
    found = _mentions(pdoc, [(L, "Kessby"), (L, "Orrin County")])
    assert list(defined_locations(pdoc, found, 0.7, "test")) == []


@pytest.mark.usefixtures("nlp_ready")
@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("The President thanked Mr Hao Ling of Kenya for his report.", True),
        ("The President thanked Mr Hao Ling from Kenya for his report.", True),
        # an honorific is needed, and a country in brackets is not read so (unesco-dev's gold
        # does not read a teller's country as a post)
        ("The President thanked Hao Ling of Kenya for his report.", False),
        ("The tellers were Mr Hao Ling (Kenya) and Ms Ada Berg (Norway).", False),
    ],
)
def test_a_delegate_written_with_the_country_after_an_honorific(text: str, held: bool) -> None:
    pdoc = processed(text)
    name = "Hao Ling"
    start = text.index(name)
    honorific = "Mr" if "Mr Hao" in text else None
    found = [Mention(P, name, pdoc.span(start, start + len(name)), "people.v1",
                     honorific=honorific), _country(pdoc, "Kenya")]
    relations, _ = classify(pdoc, found)
    pairs = {(r.subject.name, r.object.name) for r in relations
             if r.kind is RelationKind.HOLDS_POST}
    assert (("Hao Ling", "Kenya") in pairs) is held


@pytest.mark.usefixtures("nlp_ready")
def test_a_body_is_where_the_place_written_after_it_says() -> None:
    text = ("The Tessby Centre for Rowing (TCR) in Orlund, the Varn Rowing League, whose seat is "
            "in Norway, and the Widget Institute at Kelby helped. The role of the Tessby Academy "
            "in Norway grew.")
    pdoc = processed(text)
    found = [*_mentions(pdoc, [(O, "Tessby Centre for Rowing"), (O, "Varn Rowing League"),
                               (O, "Widget Institute"), (O, "Tessby Academy"), (L, "Orlund"),
                               (L, "Kelby")]), _country(pdoc, "Norway")]
    seated = {(r.subject.name, r.object.name) for r in _seated(pdoc, found)}
    # a bare "in" before a country does not place a body there
    assert seated == {("Tessby Centre for Rowing", "Orlund"), ("Varn Rowing League", "Norway"),
                      ("Widget Institute", "Kelby")}
    # a town after a comma, its phrase ending there; not a country, not a town the phrase goes on
    text = ("Help came from the Varn Rowing League (VRL), Orlund, and from the Tessby Academy, "
            "Norway. The Widget Institute, Kelby Rowers and others came.")
    pdoc = processed(text)
    town = [Mention(L, name, pdoc.span(text.index(name), text.index(name) + len(name)), "test",
                    subtype="City") for name in ("Orlund", "Kelby")]
    found = [*_mentions(pdoc, [(O, "Varn Rowing League"), (O, "Tessby Academy"),
                               (O, "Widget Institute")]), *town, _country(pdoc, "Norway")]
    assert {(r.subject.name, r.object.name) for r in _seated(pdoc, found)} == {
        ("Varn Rowing League", "Orlund")}
    # a body of the authority file: its seat is known, "to UNESCO, Paris" is an address
    linked = [replace(m, authority="https://example.org/a/vrl") if m.name == "Varn Rowing League"
              else m for m in found]
    assert not list(_seated(pdoc, linked))


@pytest.mark.usefixtures("nlp_ready")
def test_a_rule_s_title_does_not_run_over_a_table_s_gap() -> None:
    from graph._nlp import load_pipeline
    from graph.extract._relrules import _title

    doc = load_pipeline()("Mr Peter WAMBUA            Director of Sports, Ministry of Sports\n")
    assert _title(next(t for t in doc if t.text == "Director")) == "Director"
    doc = load_pipeline()("Ole Dahl was elected Vice-Chairperson of the Tessby Rowing Club.")
    assert _title(next(t for t in doc if t.text == "Chairperson")) == "Vice-Chairperson"
