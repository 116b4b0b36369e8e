"""The word lists of ontology/lexicon/, read by graph.extract._lexicon."""

from __future__ import annotations

import pytest

from graph._errors import KgError
from graph.extract._lexicon import words


@pytest.mark.parametrize(
    ("name", "member"),
    [
        ("given-names", "Margaret"),
        ("person-verbs", "resigned"),
        ("person-nouns", "candidate"),
        ("leading-organization-heads", "Parti"),
        ("name-joiners", "des"),
    ],
)
def test_lists_load_from_turtle(name: str, member: str) -> None:
    assert member in words(name)
    assert all(w and w == w.strip() for w in words(name))


def test_unknown_list_names_the_lists_there_are() -> None:
    with pytest.raises(KgError, match="given-names"):
        words("no-such-list")
