"""places.v1: gazetteer places, model candidates, addresses and CONTAINED_IN relations."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from graph._namespaces import KG, OWL, RDF, SCHEMA, WD
from graph.extract.places import NAME, extract_places
from graph.pipeline import extract_records
from graph.records import EntityKind, Mention, Relation, RelationKind
from graph.registry import extractors
from graph.resources import ontology_path

from .conftest import processed

PLACE = "https://w3id.org/kg-builder/authority/place/"


def _places(text: str) -> tuple[list[Mention], list[Relation]]:
    records = list(extract_places(processed(text), []))
    return ([r for r in records if isinstance(r, Mention)],
            [r for r in records if isinstance(r, Relation)])


@pytest.mark.usefixtures("nlp_ready")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a country in a post phrase, linked to its gazetteer entry
        ("H.E. Mr Cedric O, Minister of Digital Affairs, France, spoke first.",
         {("France", "Country", "france")}),
        # the entry's preferred name; the written form is kept as an alternate name
        ("The delegation travelled to Russia last year.",
         {("Russian Federation", "Country", "russian-federation")}),
        ("Talks were held in the United States and in Viet Nam.",
         {("United States of America", "Country", "usa"), ("Viet Nam", "Country", "viet-nam")}),
        ("The meeting took place in Geneva, Switzerland.",
         {("Geneva", "City", "geneva"), ("Switzerland", "Country", "switzerland")}),
        # places the gazetteer does not know come from the model, without an authority
        ("The workshop was held in Lausanne and in Marrakesh, Morocco.",
         {("Lausanne", None, None), ("Marrakesh", None, None), ("Morocco", "Country", "morocco")}),
        # "Province of X" is a place of its own
        ("He was elected for the province of Trapani in 1900.",
         {("province of Trapani", None, None)}),
        # not places: acronyms, generic words, months, digits
        ("AI is used by Member States since Jun 2020 in 45 ways.", set()),
        # a place inside the name of an organisation, a post-less premodifier, a person's name
        ("The Communist Party of Greece met the Council of Europe.", set()),
        ("The U.S. Senate voted on the Paris Agreement.", set()),
        ("Paris Hilton and Jordan Peterson were interviewed.", set()),
        # a person's surname that is another name of a gazetteer place ("Alger", Algiers)
        ("Ross Alger was a mayor. During Alger's term the city grew.", set()),
        ("Ross Alger flew to Alger in 1977.", {("Algiers", "City", "algiers")}),
        # a lone head word of a body's name ("your Centre") is no place
        ("We hope your Centre will join, as your Institute did in May.", set()),
        # an ambiguous name counts as a place only where the text reads it as one
        ("Many refugees arrived in Jordan in 2015.", {("Jordan", "Country", "jordan")}),
        # a running head: the model's event "Session - Paris" holds the town after the dash
        ("GENERAL CONFERENCE - Twenty-fifth Session - Paris, 1989\n\nThe President spoke.",
         {("Paris", "City", "paris")}),
    ],
)
def test_place_mentions(text: str, expected: set[tuple[str, str | None, str | None]]) -> None:
    mentions, _ = _places(text)
    got = {(m.name, m.subtype, m.authority.removeprefix(PLACE) if m.authority else None)
           for m in mentions}
    assert got == expected
    for m in mentions:
        assert m.kind is EntityKind.PLACE and m.extractor == NAME
        assert text[m.span.start:m.span.end] == m.span.text


@pytest.mark.usefixtures("nlp_ready")
def test_written_form_is_an_alternate_name() -> None:
    mentions, _ = _places("The Fédération de Russie and Russia signed.")
    assert {m.name for m in mentions} == {"Russian Federation"}
    assert {a for m in mentions for a in m.alternate_names} == {"Fédération de Russie", "Russia"}


@pytest.mark.usefixtures("nlp_ready")
@pytest.mark.parametrize(
    ("text", "address", "city", "country"),
    [
        ("UNESCO\n7, place de Fontenoy 75352 Paris 07 SP, France Tél. : +33 (0)1 45 68 10 00\n",
         "7, place de Fontenoy 75352 Paris 07 SP, France", "Paris", "France"),
        ("Dr. Prof. Mikhail Fedotov B. Trekhsvyatitelsky lane, 3, room 436, Moscow, 109028 "
         "Russian Federation\n",
         "B. Trekhsvyatitelsky lane, 3, room 436, Moscow, 109028 Russian Federation", "Moscow",
         "Russian Federation"),
        ("Write to us at 1 rue Miollis, 75015 Paris, France.",
         "1 rue Miollis, 75015 Paris, France", "Paris", "France"),
        # a town the gazetteer does not know, after its postal code
        ("Send it to 12 avenue de la Gare, CH-1003 Lausanne, Switzerland.",
         "12 avenue de la Gare, CH-1003 Lausanne, Switzerland", "Lausanne", "Switzerland"),
    ],
)
def test_addresses(text: str, address: str, city: str, country: str) -> None:
    mentions, relations = _places(text)
    by_subtype = {m.subtype: m for m in mentions}
    assert by_subtype["Address"].name == address
    assert by_subtype["City"].name == city
    assert by_subtype["Country"].name == country
    links = {(r.subject.subtype, r.object.subtype) for r in relations
             if r.kind is RelationKind.CONTAINED_IN}
    assert links == {("Address", "City"), ("City", "Country")}


@pytest.mark.usefixtures("nlp_ready")
@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("The office in Nairobi, Kenya, opened.", {("Nairobi", "Kenya")}),
        # a gazetteer city and its country named elsewhere in the document
        ("Kenya hosts UNEP. Its headquarters are in Nairobi.", {("Nairobi", "Kenya")}),
        # no country named: no relation
        ("Its headquarters are in Nairobi.", set()),
        ("France and Germany signed in Berlin.", {("Berlin", "Germany")}),
        # a list of places is not "city, country"
        ("It was recorded in Havana, Miami, Bahamas and Madrid.", set()),
        # the gazetteer knows Lyon is not in Spain
        ("They met in Lyon, Spain and Portugal.", set()),
    ],
)
def test_contained_in(text: str, pairs: set[tuple[str, str]]) -> None:
    _, relations = _places(text)
    assert {(r.subject.name, r.object.name) for r in relations
            if r.kind is RelationKind.CONTAINED_IN} == pairs


def test_registered() -> None:
    spec = extractors.get(NAME)
    assert set(spec.produces) == {"Place", "Country", "City", "Address"}


@pytest.fixture(scope="module")
def gazetteer() -> Graph:
    g = Graph()
    g.parse(ontology_path("gazetteer", "places.ttl"), format="turtle")
    return g


def test_gazetteer_has_every_member_state(gazetteer: Graph) -> None:
    countries = set(gazetteer.subjects(RDF.type, KG.Country))
    # 193 Member States, 2 observer States and 6 former States (the USSR, Yugoslavia, ...)
    assert len(countries) == 201
    for country in countries:
        assert len(list(gazetteer.objects(country, SCHEMA.name))) == 1


@pytest.mark.usefixtures("nlp_ready")
def test_former_and_renamed_states_are_places() -> None:
    text = ("After hearing the statements of the delegates of Zaire, of Ceylon and of the Union\n"
            "of Soviet Socialist Republics, the Committee decided to recommend the draft.\n")
    records = extract_records(processed(text), extractors.ordered(extractors.names()), [])
    found = [r for r in records if isinstance(r, Mention)]
    places = {m.name for m in found if m.kind is EntityKind.PLACE}
    orgs = {m.name for m in found if m.kind is EntityKind.ORGANIZATION}
    assert {"Democratic Republic of the Congo", "Sri Lanka",
            "Union of Soviet Socialist Republics"} <= places
    assert not any("Soviet" in name for name in orgs)


def test_gazetteer_cities_are_in_countries(gazetteer: Graph) -> None:
    cities = set(gazetteer.subjects(RDF.type, KG.City))
    assert len(cities) > 150
    for city in cities:
        parents = list(gazetteer.objects(city, SCHEMA.containedInPlace))
        assert parents and all((p, RDF.type, KG.Country) in gazetteer for p in parents), city


def test_gazetteer_links_and_names(gazetteer: Graph) -> None:
    france = URIRef(PLACE + "france")
    assert (france, OWL.sameAs, WD.Q142) in gazetteer
    assert (URIRef(PLACE + "paris"), OWL.sameAs, WD.Q90) in gazetteer
    names: dict[str, URIRef] = {}
    for subject, _, name in gazetteer.triples((None, SCHEMA.alternateName, None)):
        assert names.setdefault(str(name), subject) == subject, f"{name} names two places"
    assert str(names["Fédération de Russie"]).endswith("/russian-federation")
    assert str(names["USA"]).endswith("/usa")


@pytest.mark.usefixtures("nlp_ready")
@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("The expedition camped below Mount Arvelle before the storm.", "Mount Arvelle"),
        ("Fishermen on Lake Morvane reported the drought first.", "Lake Morvane"),
        ("Ships crossed the Gulf of Tessaly at night.", "Gulf of Tessaly"),
        ("Nomads crossed the Velakar Desert in spring.", "Velakar Desert"),
        ("The Ondra River floods every April.", "Ondra River"),
        ("The village lies below the Caryvale Dam.", "Caryvale Dam"),
        ("Flights leave from Velmar International Airport twice a day.",
         "Velmar International Airport"),
        # a built place named with its kind first
        ("The Temple of Orvale was rebuilt in a museum garden.", "Temple of Orvale"),
        ("Tourists climb to the Castle of Marrowby every summer.", "Castle of Marrowby"),
        # a protected area: a reserve of a kind, a geopark
        ("The Velmar Biosphere Reserve joined the network in 2019.", "Velmar Biosphere Reserve"),
        ("Wardens of the Ondra State Nature Reserve count the cranes.",
         "Ondra State Nature Reserve"),
        ("Geologists met at the Tessby Geopark last week.", "Tessby Geopark"),
    ],
)
def test_natural_features_are_places(text: str, place: str) -> None:
    mentions, _ = _places(text)
    assert place in {m.name for m in mentions}


@pytest.mark.usefixtures("nlp_ready")
def test_natural_feature_frames_stop_at_a_longer_name() -> None:
    # "Lake" inside the name of an agreement is no lake; a park's name inside a company's
    mentions, _ = _places("Both parties signed the Meech Lake Accord in 1987.")
    assert "Lake Accord" not in {m.name for m in mentions}
    mentions, _ = _places("She signed with Ondra Park Records in 1990.")
    assert "Ondra Park" not in {m.name for m in mentions}
    # "Reserve" alone makes no place; a designation ("an ... Reserve") names none
    mentions, _ = _places("The Velmar Federal Reserve raised its rates in 1990.")
    assert not {m.name for m in mentions if "Reserve" in m.name}
    mentions, _ = _places("In 1976 the park was designated as an International Biosphere Reserve.")
    assert not {m.name for m in mentions if "Reserve" in m.name}


@pytest.mark.usefixtures("nlp_ready")
def test_a_frame_stops_at_the_end_of_its_sentence() -> None:
    mentions, _ = _places("The capital is the municipality of Velmora. According to the census, "
                          "it grew. The town of St. Arnel lies north.")
    names = {m.name for m in mentions}
    assert "Velmora" in names and not any("According" in n for n in names)
    assert "St. Arnel" in names  # an abbreviation's period is no sentence's end


def test_a_listed_town_after_in_that_the_model_does_not_read_is_a_place() -> None:
    from graph.extract._placenames import listed_places

    text = "He was born in Kuopio and moved to Ana Lake in 1990."
    assert list(listed_places(text, {})) == [(15, 21, "Kuopio")]
    # the model's own entities are left to it; a name not on the list is no place
    assert list(listed_places(text, {(15, 21): "ORG"})) == []
    assert list(listed_places("She lives in Vellmarsk.", {})) == []


def test_a_listed_region_after_a_place_and_a_comma_is_a_place() -> None:
    from graph.extract._placenames import listed_places

    # written without its macron ("Chhattīsgarh" in ISO 3166-2)
    text = "He was born in Durg, Chhattisgarh, and lives in Tessby, Ontario."
    durg = (text.index("Durg"), text.index("Durg") + 4)
    tessby = (text.index("Tessby"), text.index("Tessby") + 6)
    found = {name for _, _, name in listed_places(text, {durg: "GPE", tessby: "GPE"})}
    assert found == {"Chhattisgarh", "Ontario"}
    # after a comma that follows no place the model reads: nothing
    assert not list(listed_places("Thanks, Ontario, for all.", {}))


@pytest.mark.usefixtures("nlp_ready")
def test_a_town_the_model_reads_as_a_person_is_a_place() -> None:
    # the medium model reads "Kuopio" in this sentence as a person (checked in the test below)
    text = "The painter Ana Ruiz was born in Kuopio and later moved to the capital."
    assert ("Kuopio", "PERSON") in {(e.text, e.label) for e in processed(text).entities()}
    mentions, _ = _places(text)
    assert "Kuopio" in {m.name for m in mentions}


@pytest.mark.parametrize(
    ("text", "known"),
    [
        ("The painter was born in Kuopio in 1950.", True),
        # a lone word without a locative preposition before it: a surname as often
        ("Kuopio said the vote would be close.", False),
        # after a title
        ("The report was read by Mr Kuopio in the afternoon.", False),
        # part of a longer person's name the text writes
        ("Eero Kuopio spoke first; the delegates from Kuopio left later.", False),
        # a given name
        ("The painter was born in Florence in 1950.", False),
    ],
)
def test_when_a_town_name_the_model_reads_as_a_person_is_a_place(text: str, known: bool) -> None:
    from graph.extract._placenames import known_place

    name = "Florence" if "Florence" in text else "Kuopio"
    start = text.rindex(name)
    labels = {(start, start + len(name)): "PERSON"}
    if text.startswith("Eero"):
        labels[(0, len("Eero Kuopio"))] = "PERSON"
    assert known_place(text, labels, start, name) is known


def test_a_treaty_or_bodys_members_are_no_place() -> None:
    from graph.extract.places import _plausible

    for name in ("Contracting States", "Members States", "High Contracting Parties"):
        assert not _plausible(name), name
    for name in ("United States", "Arab States", "Tessby"):
        assert _plausible(name), name


def test_a_region_of_a_country_is_two_places() -> None:
    from graph.extract._placenames import candidate_parts

    text = "the Samarqand Region of Uzbekistan, Asia"
    parts = [text[s:e] for s, e in candidate_parts(text, 4, len(text))]
    assert parts == ["Samarqand Region", "Uzbekistan", " Asia"]
    # "of" a name world knowledge does not hold regions in: one place
    text = "the Lake District of Tessby"
    parts = [text[s:e] for s, e in candidate_parts(text, 4, len(text))]
    assert parts == ["Lake District of Tessby"]


def test_a_region_the_model_reads_as_a_nationality_after_a_compass_word_is_a_place() -> None:
    text = ("The paper is read across the county and in parts of north Derbyshire and "
            "Nottinghamshire.")
    names = {m.name for m in _places(text)[0]}
    assert {"Derbyshire", "Nottinghamshire"} <= names
    # a nationality that is also a town's name somewhere stays a nationality without the cue
    assert "Arab" not in {m.name for m in _places("The Arab traders reached the coast.")[0]}


@pytest.mark.usefixtures("nlp_ready")
def test_a_meeting_the_model_reads_as_a_facility_is_no_place() -> None:
    text = ("At the International Conference on Population and Development in Cairo, UNESCO "
            "launched a joint project.")
    assert [m.name for m in _places(text)[0]] == ["Cairo"]


@pytest.mark.usefixtures("nlp_ready")
def test_an_instrument_the_model_reads_as_a_facility_is_no_place() -> None:
    text = ("Noting the goals set out in the United Nations Millennium Declaration and the "
            "Florence Agreement, adopted in Paris,")
    assert [m.name for m in _places(text)[0]] == ["Paris"]


@pytest.mark.usefixtures("nlp_ready")
def test_a_country_in_capitals_over_its_delegation_is_a_place() -> None:
    text = ("LIST OF PARTICIPANTS\n\nBURKINA FASO\nMr. Salif Kone, Minister of Basic Education\n\n"
            "JAPAN\nMs. Emi Sato, Adviser\n")
    mentions = _places(text)[0]
    assert [(m.name, m.authority) for m in mentions] == [
        ("Burkina Faso", PLACE + "burkina-faso"), ("Japan", PLACE + "japan")]


def test_a_place_of_the_gazetteer_written_in_capitals_is_found() -> None:
    mentions, _ = _places("       G E N E R A L   C O N F E R E N C E\n"
                          "                PARIS, 20 October - 20 November 1987\n\n"
                          "The delegate of the UNITED STATES spoke. The USA agreed.")
    names = {m.name for m in mentions}
    assert {"Paris", "United States of America"} <= names
