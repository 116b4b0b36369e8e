"""graph._gazetteer: authority files (built-in and the user's), people and their posts."""

from __future__ import annotations

import pytest

from graph._errors import InputError
from graph._gazetteer import PostHolding, authority_files, load_gazetteer
from graph.records import DateValue, EntityKind

A = "https://w3id.org/kg-builder/authority/"
HEAD = """@prefix kg: <https://w3id.org/kg-builder/ns#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


@pytest.mark.parametrize(("when", "covered"), [
    ("2017-11-15", True), ("2017-11", False), ("2018", True), ("2025-11-14", True),
    ("2025-11-15", False), ("2017", False),
])
def test_a_term_covers_a_date_only_when_it_covers_all_of_it(when, covered):
    term = PostHolding("p", "o", "Director-General", "2017-11-15", "2025-11-14")
    assert term.covers(DateValue(when)) is covered


def test_built_in_post_holders_answer_by_date():
    gaz = load_gazetteer()
    (term,) = gaz.holders(A + "unesco", "director general", DateValue("2012-10-08"))
    assert gaz.by_iri(term.person).name == "Irina Bokova"
    (term,) = gaz.holders(A + "un", "Secretary-General", DateValue("2020"))
    assert "http://www.wikidata.org/entity/Q311440" in gaz.by_iri(term.person).same_as
    assert gaz.holders(A + "un", "Secretary-General", DateValue("1990")) == []


def test_user_file_adds_entries_only_inside_the_block(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text(HEAD + '<https://example.org/x> a kg:Organization ; '
                    'schema:name "Example Heritage Trust" ; kg:acronym "EHT" .\n', "utf-8")
    with authority_files([mine]) as gaz:
        assert gaz.get("EHT").name == "Example Heritage Trust"
        assert load_gazetteer().get("EHT") is not None
        assert load_gazetteer().get("UNESCO") is not None  # the built-in ones stay
    assert load_gazetteer().get("EHT") is None


@pytest.mark.parametrize(("text", "message"), [
    ("<a> a kg:Person ; schema:name 'x' ", "not valid Turtle"),
    ('<https://e.org/m> a org:Membership ; org:member <https://e.org/p> ; '
     'org:organization <https://e.org/o> ; org:role [ rdfs:label "Chair" ] .', "schema:startDate"),
    ('<https://e.org/m> a org:Membership ; org:member <https://e.org/p> ; '
     'org:organization <https://e.org/o> ; org:role [ rdfs:label "Chair" ] ; '
     'schema:startDate "May 2020" .', "YYYY-MM-DD"),
])
def test_bad_user_file_says_which_file_and_what_to_fix(tmp_path, text, message):
    bad = tmp_path / "bad.ttl"
    bad.write_text(HEAD + text, encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl") as info, authority_files([bad]):
        pass
    assert message in str(info.value)


def test_instruments_are_found_by_any_name_folded():
    gaz = load_gazetteer()
    entry = gaz.work(["the universal declaration of human rights"])
    assert entry is not None and entry.name == "Universal Declaration of Human Rights"
    assert entry.date == DateValue("1948-12-10")
    assert gaz.work(["Arusha Convention"]).date == DateValue("1981-12-05")
    assert gaz.work(["Convention on Nothing at All"]) is None
    # instruments are not matched in running text as organisations and places are
    assert not [h for h in gaz.find("the World Heritage Convention") if h.entry.iri.endswith(
        "unesco-13055")]


def test_unesco_s_committees_and_the_bodies_its_texts_cite_are_listed():
    gaz = load_gazetteer()
    icprcp = gaz.get("Intergovernmental Committee for Promoting the Return of Cultural Property "
                     "to its Countries of Origin or its Restitution in case of Illicit "
                     "Appropriation")
    assert icprcp is not None and "ICPRCP" in icprcp.acronyms
    assert icprcp.parents == ("https://w3id.org/kg-builder/authority/unesco",)
    assert gaz.get("ICOMOS").name == "International Council on Monuments and Sites"
    assert gaz.get("International Union for Conservation of Nature and Natural Resources").iri \
        == gaz.get("IUCN").iri
    eca = gaz.get("Economic Commission for Africa")
    assert eca is not None and eca.parents == ("https://w3id.org/kg-builder/authority/un-ecosoc",)
    # the formal name of the World Heritage Committee is the same entry
    assert gaz.get("Intergovernmental Committee for the Protection of the World Cultural and "
                   "Natural Heritage").name == "World Heritage Committee"


def test_the_seats_of_unesco_and_the_united_nations_are_places_in_their_towns():
    from graph.extract._structure import ancestors

    gaz = load_gazetteer()
    house = gaz.get("Unesco House")
    assert house is not None and house.kind is EntityKind.PLACE and house.name == "UNESCO House"
    assert gaz.get("Maison de l'UNESCO").iri == house.iri
    assert "https://w3id.org/kg-builder/authority/place/paris" in ancestors(house.iri)
    assert "https://w3id.org/kg-builder/authority/place/geneva" in ancestors(
        gaz.get("Palais des Nations").iri)
