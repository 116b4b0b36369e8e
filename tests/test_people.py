"""people.v1: person mentions from the model and from the grammar of institutional text."""

from __future__ import annotations

import hashlib

import pytest

from graph._nlp import process
from graph.extract.people import NAME, extract_people
from graph.records import Document, EntityKind, Mention


def _people(text: str) -> list[Mention]:
    digest = hashlib.sha256(text.encode()).hexdigest()
    pdoc = next(process([Document("t.txt", text, "text/plain", f"sha256:{digest}")]))
    return [r for r in extract_people(pdoc, []) if isinstance(r, Mention)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # honorific-led names the model calls ORG or misses; the honorific is split off
        ("Other speakers included H.E. Mr S Iswaran, Minister of Communications and Information, "
         "Singapore.", [("S Iswaran", "H.E. Mr")]),
        ("The letter was sent to Dr. Prof. Mikhail Fedotov last week.",
         [("Mikhail Fedotov", "Dr. Prof.")]),
        # a salutation is cut; a short form is a mention of its own
        ("Dear Mr Fedotov,\n\nThank you for your letter.", [("Fedotov", "Mr")]),
        # a title word glued after the name is cut, the initial keeps no full stop
        ("Speakers: H.E. Mr Cedric O. Minister of Digital Affairs, France.",
         [("Cedric O", "H.E. Mr")]),
        ("The dialogue was opened by Fabrizio Hochschild, Under-Secretary General of the UN.",
         [("Fabrizio Hochschild", None)]),
        # a possessive is not part of the name
        ("We welcome Mr Ruslan Budnik's plea for the diversity of cultural expressions.",
         [("Ruslan Budnik", "Mr")]),
        # the name that opens a signature block, cut before the post
        ("Yours sincerely,\n\nToussaint Tiendrebeogo Secretary of the Convention",
         [("Toussaint Tiendrebeogo", None)]),
        # a post before the name is not part of it
        ("The report was welcomed by President John Adams in 1797.", [("John Adams", None)]),
        # names the model calls ORG or GPE, read as people from the list they stand in
        ("The committee heard Wendell Oakes and Marisol Quintero on Tuesday.",
         [("Wendell Oakes", None), ("Marisol Quintero", None)]),
        ("The jury included Halvard Brekke, Ines Okafor and Tomasz Wierzbicki.",
         [("Halvard Brekke", None), ("Ines Okafor", None), ("Tomasz Wierzbicki", None)]),
        # ... or from a clause that goes on with "his"/"her"
        ("Brekke narrowly held his seat in 1987.", [("Brekke", None)]),
    ],
)
def test_finds_and_cleans_people(text: str, expected: list[tuple[str, str | None]]) -> None:
    found = _people(text)
    assert [(m.name, m.honorific) for m in found] == expected
    for m in found:
        assert m.kind is EntityKind.PERSON
        assert m.extractor == NAME
        assert text[m.span.start:m.span.end] == m.span.text


@pytest.mark.parametrize(
    "text",
    [
        "The Secretary-General's Roadmap responds to the recommendations of the Panel.",
        "This page was captured on 04:20:06 Jun 25, 2020, and is part of the collection.",
        "Mr Max Tegmark spoke for the Future of Life Institute.",
        # a collective plural after a post word is no name
        "The survey was sent to every Member States office and Member Countries desk.",
        # the model stops at the elision of a country's name
        "Mr Luc Martin (France) as Chairperson, Ms Awa Traoré (Côte d’Ivoire) as Rapporteur, and "
        "Chile as members.",
    ],
)
def test_rejects_things_that_are_not_people(text: str) -> None:
    names = [m.name for m in _people(text)]
    assert not {"States", "Countries", "Côte", "Côte d’Ivoire"} & set(names)
    assert "Roadmap" not in names
    assert not any(ch.isdigit() for n in names for ch in n)
    assert not any("Institute" in n for n in names)


def test_span_covers_the_honorific() -> None:
    (m,) = _people("Other speakers included H.E. Mr Ville Skinnari, Minister, Finland.")
    assert m.span.text == "H.E. Mr Ville Skinnari"
    assert m.alternate_names == ("H.E. Mr Ville Skinnari",)


def test_slash_separates_two_people() -> None:
    names = [m.name for m in _people("The budget was drafted by David Cameron / George Osborne.")]
    assert names == ["David Cameron", "George Osborne"]
