"""A name read once is a mention wherever it is written again (graph/extract/_repeated.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from graph._build.read import review
from graph.extract._repeated import MAX_ADDED, repeated
from graph.extract.relations import classify
from graph.records import EntityKind, Mention, Record, RelationKind

from .conftest import mention_at, processed

P, O, L = EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE  # noqa: E741


def _at(text: str, name: str, kind: EntityKind, nth: int = 0, **more: object) -> Mention:
    return mention_at(text, name, kind, nth, "places.v1", **more)


def _added(text: str, found: list[Record]) -> list[tuple[str, EntityKind, int]]:
    out = repeated(text, found)
    assert out[:len(found)] == found  # what was read stays, in its order
    return [(m.span.text, m.kind, m.span.start) for m in out[len(found):]
            if isinstance(m, Mention)]


def test_a_name_is_read_where_it_is_written_again() -> None:
    text = ("Clark Lake (Gogebic County, Michigan)\n\nClark Lake is a lake in Gogebic County. "
            "Loons nest on Clark Lake.")
    lake = _at(text, "Clark Lake", L, nth=2)
    added = _added(text, [lake, _at(text, "Gogebic County", L)])
    assert added == [("Clark Lake", L, 0), ("Clark Lake", L, text.index("Clark Lake", 5)),
                     ("Gogebic County", L, text.index("Gogebic County", 20))]
    assert all(text[s:s + len(w)] == w for w, _, s in added)


@pytest.mark.parametrize("text", [
    "Sylvania lies north. The Sylvania Wilderness is large.",  # inside a longer name (read)
    "Sylvania lies north. Sylvania Road runs west.",  # a capitalised word after it
    "Sylvania lies north. Fort Sylvania was built.",  # a capitalised word before it
    "Sylvania lies north. Sylvania-based firms.",  # joined by a hyphen
    "Sylvania lies north. Sylvanians live there.",  # a longer word
    "Sylvania lies north. Sylvania 2 was launched.",  # a number after it
])
def test_a_name_is_not_read_inside_a_longer_one(text: str) -> None:
    found: list[Record] = [_at(text, "Sylvania", L)]
    if "Wilderness" in text:
        found.append(_at(text, "Sylvania Wilderness", L))
    assert _added(text, found) == []


def test_a_name_after_a_function_word_or_with_a_possessive_is_read() -> None:
    text = "Ada Rook spoke. The Rook Trust paid. In Ada Rook's words, With Ada Rook we agreed."
    added = _added(text, [_at(text, "Ada Rook", P)])
    assert [s for _, _, s in added] == [text.index("In Ada") + 3, text.index("With Ada") + 5]


def test_a_name_of_two_kinds_or_a_post_or_a_short_name_is_not_carried() -> None:
    text = ("Tessby won. Tessby is a town. Tessby again. The Director spoke. The Director left. "
            "UN. UN.")
    found: list[Record] = [_at(text, "Tessby", O), _at(text, "Tessby", L, nth=1),
                           _at(text, "Director", P, role_only=True), _at(text, "UN", O)]
    assert _added(text, found) == []


def test_the_added_mentions_are_bounded() -> None:
    text = "Tessby. " * (MAX_ADDED + 50)
    assert len(_added(text, [_at(text, "Tessby", L)])) == MAX_ADDED


@pytest.mark.usefixtures("nlp_ready")
def test_a_relation_stated_where_the_model_read_no_name_is_read() -> None:
    text = ("Clark Lake (Gogebic County, Michigan)\n\nClark Lake is a lake located in Gogebic "
            "County in the state of Michigan. Loons nest on Clark Lake.")
    pdoc = processed(text)
    # (an extractor the typer does not judge: the test reads the carrying alone)
    found: list[Record] = [replace(_at(text, "Clark Lake", L, nth=2), extractor="test"),
                           replace(_at(text, "Gogebic County", L), extractor="test")]
    before = {r.object.name for r in classify(pdoc, found)[0]
              if r.kind is RelationKind.CONTAINED_IN and r.subject.name == "Clark Lake"}
    after = {r.object.name for r in classify(pdoc, review(pdoc, found))[0]
             if r.kind is RelationKind.CONTAINED_IN and r.subject.name == "Clark Lake"}
    assert not before
    assert "Gogebic County" in after


def test_a_one_word_name_with_a_possessive_is_read() -> None:
    text = "Tessby is small. Tessby's port is old."
    assert _added(text, [_at(text, "Tessby", L)]) == [("Tessby", L, text.index("Tessby's"))]
