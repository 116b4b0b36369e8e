"""The entity typer (graph/extract/_typemodel.py): features, decisions, the shipped model."""

from __future__ import annotations

import numpy as np
import pytest

from graph.extract import _typemodel as typemodel
from graph.extract._hashmodel import BUCKETS, HashedModel, hash_features
from graph.extract._typemodel import (
    CLASSES,
    NameKinds,
    decisions,
    features,
    judge,
    judged_mentions,
    load_types,
)
from graph.records import EntityKind, Mention, Relation, RelationKind, Span

from .conftest import processed

P, ORG, L = EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE
TEXT = "Ilsa Varn played Harbour Quest on her Velmar Console in Tessby every night."


def _mention(text: str, name: str, kind: EntityKind, extractor: str = "organizations.v1",
             **more: object) -> Mention:
    start = text.index(name)
    return Mention(kind, name, Span(start, start + len(name), name), extractor, **more)  # type: ignore[arg-type]


def _model_pushing(feature: str, towards: str) -> HashedModel:
    """A model that knows three features: ``feature``, which makes ``towards`` near certain,
    "k=Person", which makes a person likely, and "k=Place", which makes a place the likeliest
    of the six classes, but with a probability of 0.35 only."""
    weights = np.zeros((BUCKETS, len(CLASSES)), dtype=np.float32)
    weights[hash_features([feature]), CLASSES.index(towards)] = 20.0
    weights[hash_features(["k=Person"]), CLASSES.index("Person")] = 5.0
    weights[hash_features(["k=Place"]), CLASSES.index("Place")] = 1.0
    return HashedModel(weights, np.zeros(len(CLASSES)), CLASSES)


@pytest.mark.usefixtures("nlp_ready")
def test_features_read_the_name_its_context_and_the_model_label() -> None:
    pdoc = processed(TEXT)
    m = _mention(TEXT, "Harbour Quest", ORG)
    found = features(pdoc, m)
    assert "k=Organization" in found and "last=quest|Organization" in found
    assert "x=organizations.v1|Organization" in found
    assert "l1=played" in found and "r1=on" in found
    assert any(f.startswith("dep=") for f in found) and any(f.startswith("e=") for f in found)
    # the clusters of the words' vectors: "played" and "on" around it, "Harbour" in it
    for prefix in ("cw=f", "cw=g", "cL=f", "cR=g"):
        assert any(f.startswith(prefix) for f in found), prefix


@pytest.mark.usefixtures("nlp_ready")
def test_features_read_what_the_rest_of_the_document_says_of_the_name() -> None:
    text = "Ilsa Varn\n\nIlsa Varn founded a shop. In 1990, Varn sold it to Ilsa Varn Ltd."
    pdoc = processed(text)
    person = _mention(text, "Ilsa Varn", P, "people.v1")
    as_body = Mention(ORG, "Ilsa Varn", Span(11, 20, "Ilsa Varn"), "organizations.v1")
    surname = _mention(text, "Varn sold", ORG)
    surname = Mention(ORG, "Varn", Span(surname.span.start, surname.span.start + 4, "Varn"),
                      "organizations.v1")
    context = NameKinds([person, as_body, surname])
    assert "also=Person|Organization" in features(pdoc, as_body, context)
    assert "sur|Organization" in features(pdoc, surname, context)
    # without the context, or for a name given one kind only, neither is read
    assert not any(f.startswith(("also=", "sur|")) for f in features(pdoc, surname))
    alone = NameKinds([person])
    assert not any(f.startswith("also=") for f in features(pdoc, person, alone))


@pytest.mark.usefixtures("nlp_ready")
def test_an_entity_whose_kind_is_unlikely_is_left_out_with_its_relations(
        monkeypatch: pytest.MonkeyPatch) -> None:
    pdoc = processed(TEXT)
    game = _mention(TEXT, "Harbour Quest", ORG)
    person = _mention(TEXT, "Ilsa Varn", P, "people.v1")
    posted = Relation(RelationKind.HOLDS_POST, person, game, pdoc.span(0, len(TEXT)), "posts.v1")
    model = _model_pushing("last=quest|Organization", "none")
    assert decisions(pdoc, [game, person, posted], model) == {game: None}
    monkeypatch.setattr(typemodel, "load_types", lambda: model)
    assert judge(pdoc, [game, person, posted]) == [person]


@pytest.mark.usefixtures("nlp_ready")
def test_a_retyped_entity_changes_kind_in_every_mention() -> None:
    text = "Tessby is small. Tessby lies on a lake."
    first = _mention(text, "Tessby", P, "people.v1")
    second = Mention(P, "Tessby", Span(17, 23, "Tessby"), "people.v1")
    model = _model_pushing("last=tessby|Person", "Place")
    changed = decisions(processed(text), [first, second], model)
    assert changed == {first: L, second: L}


@pytest.mark.usefixtures("nlp_ready")
def test_a_likely_kind_is_kept() -> None:
    pdoc = processed(TEXT)
    person = _mention(TEXT, "Ilsa Varn", P, "people.v1")
    place = _mention(TEXT, "Tessby", L, "places.v1")
    # a place is the likeliest class of the place, though below KEEP: it stays as it is
    model = _model_pushing("last=varn|Person", "Person")
    assert decisions(pdoc, [person, place], model) == {}


def test_what_the_grammar_types_for_sure_is_not_judged() -> None:
    linked = _mention(TEXT, "Tessby", L, "places.v1", authority="https://example.org/a/1")
    role = _mention(TEXT, "Ilsa Varn", P, "people.v1", role_only=True)
    addressed = _mention(TEXT, "Ilsa Varn", P, "people.v1", honorific="Ms")
    plugin = _mention(TEXT, "Velmar Console", ORG, "gadgets.v1")
    headed = Mention(ORG, "Tessby Rowing Club", Span(0, 18, "Tessby Rowing Club"),
                     "organizations.v1")
    built = Mention(L, "Tessby Bridge", Span(0, 13, "Tessby Bridge"), "places.v1")
    judged = _mention(TEXT, "Harbour Quest", ORG)
    assert judged_mentions([linked, role, addressed, plugin, headed, built, judged]) == [judged]


@pytest.mark.usefixtures("nlp_ready")
def test_judge_leaves_other_languages_alone() -> None:
    text = "Ilsa Varn joua à Harbour Quest à Tessby."
    pdoc = processed(text, (("language", "fr"),))
    records = [_mention(text, "Harbour Quest", ORG)]
    assert judge(pdoc, records) == records


def test_shipped_model_loads_without_download() -> None:
    model = load_types()
    assert model.classes == CLASSES and model.weights.shape == (BUCKETS, len(CLASSES))
    assert np.isfinite(model.weights).all()
    p = model.probabilities(hash_features(["k=Person", "e=PERSON|Person"]))
    assert p.sum() == pytest.approx(1.0)


@pytest.mark.usefixtures("nlp_ready")
def test_a_known_place_name_in_a_list_of_places_is_a_place() -> None:
    text = "Its towns are Hamar, Molde, Drammen (by the river) and Kongsberg; Ilsa Varn, Molde."
    hamar = _mention(text, "Hamar", L, "places.v1")
    molde = _mention(text, "Molde", P, "people.v1")
    drammen = _mention(text, "Drammen", ORG)
    kongsberg = _mention(text, "Kongsberg", L, "places.v1")
    ilsa = _mention(text, "Ilsa Varn", P, "people.v1")
    again = Mention(P, "Molde", Span(text.rindex("Molde"), text.rindex("Molde") + 5, "Molde"),
                    "people.v1")
    model = _model_pushing("unused", "Person")  # keeps every kind: only the list decides
    changed = decisions(processed(text), [hamar, molde, drammen, kongsberg, ilsa, again], model)
    assert changed == {molde: L, drammen: L, again: L}
    # one place in a list of three is not a list of places
    assert L not in decisions(processed(text), [hamar, molde, drammen], model).values()


@pytest.mark.usefixtures("nlp_ready")
@pytest.mark.parametrize(("text", "retyped"), [
    ("Carl Oxbury leads the group. As of 2017, Oxbury is a member of the board.", True),
    # after a preposition the word is the place a person is named after
    ("Carl Oxbury was governor. The pass lies between Oxbury and Lake counties.", False),
])
def test_a_place_named_only_by_a_person_s_surname_is_the_person(text: str, retyped: bool) -> None:
    person = _mention(text, "Carl Oxbury", P, "people.v1")
    start = text.rindex("Oxbury")
    place = Mention(L, "Oxbury", Span(start, start + 6, "Oxbury"), "places.v1")
    model = _model_pushing("k=Place", "Place")  # the model itself keeps the place
    changed = decisions(processed(text), [person, place], model)
    assert changed == ({place: P} if retyped else {})


@pytest.mark.usefixtures("nlp_ready")
def test_a_list_s_sure_item_keeps_the_items_of_its_kind_beside_it() -> None:
    text = "He was loaned to Velmar Rovers, Harbour Quest and Tessby Athletic in turn."
    sure = _mention(text, "Velmar Rovers", ORG)
    doubted = _mention(text, "Harbour Quest", ORG)
    also = _mention(text, "Tessby Athletic", ORG)
    model = _model_pushing("last=quest|Organization", "none")
    weights = model.weights.copy()
    weights[hash_features(["last=rovers|Organization"]), CLASSES.index("Organization")] = 20.0
    vouching = HashedModel(weights, model.bias, CLASSES)
    # alone, the doubted club is left out; beside a sure one in a list, it stays
    assert decisions(processed(text), [doubted], model) == {doubted: None}
    assert decisions(processed(text), [sure, doubted, also], vouching) == {}
    # a list vouches for leaving in, not for the kind: a doubted item the typer retypes is
    # retyped all the same
    retyping = weights.copy()
    retyping[hash_features(["last=quest|Organization"]), CLASSES.index("Place")] = 40.0
    changed = decisions(processed(text), [sure, doubted, also],
                        HashedModel(retyping, model.bias, CLASSES))
    assert changed == {doubted: L}
    # not a list: "Velmar Rovers beat Harbour Quest" vouches for nothing
    apart = "Velmar Rovers beat Harbour Quest at home."
    sure, doubted = _mention(apart, "Velmar Rovers", ORG), _mention(apart, "Harbour Quest", ORG)
    assert decisions(processed(apart), [sure, doubted], vouching) == {doubted: None}
