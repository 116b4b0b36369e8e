"""Organisation names read from the grammar around them (graph.extract._orgnames)."""

from __future__ import annotations

import pytest

from graph.extract._orgnames import (
    bare_acronyms,
    club_names,
    group_names,
    kind_named,
    leading_head_names,
    listed_names,
    member_group_names,
    party_names,
)
from graph.extract._orgplausible import bylined


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Parti Réformateur Wallon won.", ["Parti Réformateur Wallon"]),
        ("He joined the Partei für Arbeit und Recht in 1990.", ["Partei für Arbeit und Recht"]),
        # joiners must lead to another capitalised word
        ("The Lega del Sud e del Centro and the Lega di", ["Lega del Sud e del Centro"]),
        # a head word alone is not a name
        ("the Parti and the Movimiento", []),
    ],
)
def test_leading_head_names(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in leading_head_names(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He stood for the Green party in 1992.", ["Green party"]),
        ("a Kadimo party member", ["Kadimo party"]),
        # a possessive, a determiner alone, a plural: no party name
        ("the President's party", []),
        ("The party won.", []),
        ("the Green parties of Europe", []),
    ],
)
def test_party_names(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in party_names(text)] == expected


def _span(text: str, name: str) -> tuple[int, int]:
    start = text.index(name)
    return start, start + len(name)


def test_listed_names_take_the_type_of_their_list() -> None:
    text = "It allied with the Unity Party, Bravo and Tenno."
    found = listed_names(text, [_span(text, "Unity Party")], [])
    assert [text[s:e] for s, e in found] == ["Bravo", "Tenno"]


def test_a_possessor_is_no_member_of_a_list() -> None:
    text = "He was interviewed by Ann Veld and Rob Tenno, the Courier's editors."
    assert listed_names(text, [_span(text, "Courier")], []) == []


def test_the_end_of_a_surname_in_capitals_is_no_acronym() -> None:
    text = "President: Mr. Amadou-Mahtar M'BOW, then Mr. O'NEILL, read a note on the IPDC."
    assert [text[s:e] for s, e in bare_acronyms(text, [])] == ["IPDC"]
    french = "L'ICOMOS a parlé."
    assert [french[s:e] for s, e in bare_acronyms(french, [])] == ["ICOMOS"]


def test_a_list_with_a_place_in_it_adds_nothing() -> None:
    text = "It allied with the Unity Party, Bravo and Tenno."
    assert listed_names(text, [_span(text, "Unity Party")], [_span(text, "Tenno")]) == []


def test_a_name_followed_by_a_preposition_ends_no_list() -> None:
    text = "It was won by Ann Lee of the Unity Party, Tom Ray for the Green Party."
    orgs = [_span(text, "Unity Party"), _span(text, "Green Party")]
    assert listed_names(text, orgs, []) == []


def test_pieces_of_names_with_lower_case_words_are_not_listed() -> None:
    text = "Members of the Unity Party, Bravo and Rock the Boat marched."
    found = listed_names(text, [_span(text, "Unity Party")], [])
    assert [text[s:e] for s, e in found] == ["Bravo"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He joined the Ruritanian Greens in 1990.", ["Ruritanian Greens"]),
        ("the Lakeside Socialists and the Hill Radicals", ["Lakeside Socialists", "Hill Radicals"]),
        # a determiner alone, a possessive, a plural that is no political group: no name
        ("The Greens won.", []),
        ("Labour's Democrats", []),
        ("the Ruritanian Islands", []),
    ],
)
def test_group_names(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in group_names(text)] == expected


def test_people_and_posts_stop_a_list() -> None:
    text = "We thank Mr Ali Diop, Programme Manager, Unity Bank."
    orgs = [_span(text, "Unity Bank")]
    assert listed_names(text, orgs, []) == []


def test_a_titled_person_stops_a_list() -> None:
    text = "The Unity Party, General Thomas Okeke and the Green Party spoke."
    orgs = [_span(text, "Unity Party"), _span(text, "Green Party")]
    assert listed_names(text, orgs, []) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It was backed by Veterans for Clean Rivers in 2003.", ["Veterans for Clean Rivers"]),
        ("the Concerned Parents Against Loud Noise", ["Concerned Parents Against Loud Noise"]),
        ("Friends of the Lakeland met.", ["Friends of the Lakeland"]),
        # a plural that names no group members, or a lower-case complement: no name
        ("Rules of Procedure", []),
        ("Veterans for peace marched.", []),
    ],
)
def test_member_group_names(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in member_group_names(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He joined the Finnish rock band Copper Meadow in 1990.", ["Copper Meadow"]),
        ("She reads the newspaper The Daily Lantern every day.", ["The Daily Lantern"]),
        ("He founded the record label Sunhill Records and the club Real Vellan.",
         ["Sunhill Records", "Real Vellan"]),
        # after a plural, each name of the list
        ("formerly of the 1980s pop outfits Harbour Lights and Grey Owls.",
         ["Harbour Lights", "Grey Owls"]),
        ("the bands Velvet Harbour, Tin Owls and Mumford & Kin played.",
         ["Velvet Harbour", "Tin Owls", "Mumford & Kin"]),
        ("The companies were sold.", []),
        # a kind noun that modifies another noun, or an adjective after it, names nothing
        ("The band members left; the party leader spoke.", []),
        ("It was praised by the African group.", []),
    ],
)
def test_names_typed_by_a_kind_of_organisation_before_them(text: str,
                                                            expected: list[str]) -> None:
    assert [text[s:e] for s, e in kind_named(text, [])] == expected


@pytest.mark.parametrize(
    ("text", "name", "typed"),
    [
        ("Norvatec, a Finnish defence company, was founded in 1975.", "Norvatec", True),
        ("Veska, a band from Oslo, played first.", "Veska", True),
        # the kind noun modifies the head of the apposition: a person
        ("Blake, a law firm investigator, testified.", "Blake", False),
        ("Mwanza, a trade union leader, won the vote.", "Mwanza", False),
    ],
)
def test_a_kind_of_organisation_in_apposition_types_the_name(text: str, name: str,
                                                             typed: bool) -> None:
    span = (text.index(name), text.index(name) + len(name))
    assert (span in list(kind_named(text, [span]))) is typed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Then FC Porto signed him from Malmö FF.", ["FC Porto", "Malmö FF"]),
        ("He joined Chelsea F.C. in 2004, then SV Werder Bremen.", ["Chelsea F.C.",
                                                                  "SV Werder Bremen"]),
        ("The FC did not meet.", []),
    ],
)
def test_club_names(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in club_names(text)] == expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("A poet of two shores\n\nby Marie-Claire Dubois\n\nHe wrote.", "Marie-Claire Dubois",
         True),
        ("BY ANNA LUND\n", "ANNA LUND", True),
        # a body's head word, or words around the name on its line: no byline
        ("by UNESCO Institute for Statistics\n", "UNESCO Institute for Statistics", False),
        ("It was written by Marie-Claire Dubois in 1990.", "Marie-Claire Dubois", False),
    ],
)
def test_a_name_alone_after_by_on_its_line_is_an_author(text: str, name: str,
                                                        expected: bool) -> None:
    start = text.index(name)
    assert bylined(text, start, start + len(name)) is expected
