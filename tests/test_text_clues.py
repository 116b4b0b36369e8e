"""What the text says of a name, beyond the model's reading: quoted titles
(graph/extract/_quoted.py), definitions and titles of places (graph/extract/_definitions.py),
given names joining a longer name (graph/_resolve.py), the world knowledge of which regions hold a
place (graph/extract/place-containment.tsv), nationalities before a body's name and "X-based"."""

from __future__ import annotations

import pytest

from graph._resolve import _fits_given_names, resolve
from graph.extract._definitions import defined_kinds, definitions
from graph.extract._placenames import holder_names, place_holders
from graph.extract._quoted import outside_titles, quoted_titles
from graph.extract.relations import KNOWN, classify
from graph.pipeline import extract_records
from graph.records import EntityKind, Mention, Record, Relation, RelationKind, Span
from graph.registry import extractors

from .conftest import mention_at, processed

P, O, L = EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE  # noqa: E741


_at = mention_at


# --- quoted titles ---------------------------------------------------------------------------

def test_a_quoted_title_is_told_from_quoted_speech() -> None:
    text = ('Her songs included "Write Home to Maud Penner" and "Lanterns". '
            '"We are proud of the harbour," said Maud Penner.')
    found = [text[a:b] for a, b in quoted_titles(text)]
    assert found == ["Write Home to Maud Penner", "Lanterns"]


def test_names_inside_a_quoted_title_are_left_out_with_their_relations() -> None:
    text = 'Ilse Borck wrote "Letters to Tomas Weir" for the Orvel Trio. Tomas Weir sang it.'
    inside = _at(text, "Tomas Weir", P)
    outside = _at(text, "Tomas Weir", P, nth=1)
    trio = _at(text, "Orvel Trio", O)
    rel = Relation(RelationKind.HOLDS_POST, inside, trio, Span(0, 4, "Ilse"), "test")
    kept = outside_titles(text, [inside, outside, trio, rel])
    assert inside not in kept and rel not in kept
    assert outside in kept and trio in kept


def test_an_organisation_that_is_the_whole_quoted_title_stays() -> None:
    text = 'She joined the "Harbour Choir" in 1990.'
    choir = _at(text, "Harbour Choir", O)
    assert outside_titles(text, [choir]) == [choir]


# --- given names -----------------------------------------------------------------------------

@pytest.mark.parametrize(("short", "long", "fits"), [
    ("pete hallam", "peter william hallam", True),
    ("robert k huntley", "robert kingsley huntley", True),
    ("bjorn von der esch", "carl gosta bjorn joachim von der esch", True),
    ("anna hallam", "peter william hallam", False),  # another given name: another person
    ("peter hallam", "peter william hallamby", False),  # another surname
    ("pe hallam", "peter hallam", False),  # two letters are neither an initial nor a name
])
def test_a_shorter_name_fits_a_longer_one_by_its_given_names(short: str, long: str,
                                                             fits: bool) -> None:
    assert _fits_given_names(short, long) is fits


def test_resolution_joins_a_title_line_name_to_the_full_name() -> None:
    text = "Pete Hallam\n\nPeter William Hallam (born 1950) is a painter. Hallam lives in Orvel."
    short, long = _at(text, "Pete Hallam", P), _at(text, "Peter William Hallam", P)
    resolved = resolve([short, long])
    assert len(resolved.clusters) == 1
    assert [m.rule for m in resolved.clusters[0].merges] == ["given names"]


def test_two_longer_names_that_fit_leave_the_short_one_apart() -> None:
    text = "Pete Hallam met Peter John Hallam and Peter Mark Hallam."
    mentions = [_at(text, n, P) for n in ("Pete Hallam", "Peter John Hallam",
                                           "Peter Mark Hallam")]
    assert len(resolve(mentions).clusters) == 3


# --- definitions -----------------------------------------------------------------------------

def test_definitions_give_the_kind_of_a_name() -> None:
    text = ("Brackwell is a small town in Norfolk. Copper Wren is a band from Leeds. "
            '"Grey Tide" is a song by Copper Wren. Dalla Voss (born 1970) is a singer.')
    kinds = defined_kinds(text, {"Brackwell", "Copper Wren", "Grey Tide", "Dalla Voss"})
    assert kinds == {"Brackwell": L, "Copper Wren": O, "Grey Tide": None}


def test_a_defined_place_is_retyped_in_every_mention_and_a_work_left_out() -> None:
    text = ("Brackwell is a village near Leeds. Anna Moor was born in Brackwell. "
            "Tessgate is a novel.")
    first, second = _at(text, "Brackwell", P), _at(text, "Brackwell", P, nth=1)
    anna, novel = _at(text, "Anna Moor", P), _at(text, "Tessgate", O)
    born = Relation(RelationKind.LOCATED_IN, anna, second, Span(0, 5, "Brack"), "test")
    out = definitions(text, [first, second, anna, novel, born], [first, second, anna, novel])
    kinds = {(m.name, m.span.start, m.kind) for m in out if isinstance(m, Mention)}
    assert kinds == {("Brackwell", first.span.start, L), ("Brackwell", second.span.start, L),
                     ("Anna Moor", anna.span.start, P)}
    assert born not in out  # chosen for a person named Brackwell


def test_a_title_held_of_a_place_makes_it_a_place() -> None:
    text = "He was made Bishop of Tewksby in 1420."
    see = _at(text, "Tewksby", P)
    out = definitions(text, [see], [see])
    assert [m.kind for m in out if isinstance(m, Mention)] == [L]


def test_a_reading_the_typer_left_out_comes_back_as_the_text_defines_it() -> None:
    text = "Orlin Lake is a lake in Ontario."
    lake = _at(text, "Orlin Lake", P)
    out = definitions(text, [], [lake])
    assert [(m.name, m.kind) for m in out if isinstance(m, Mention)] == [("Orlin Lake", L)]


# --- world knowledge of places ---------------------------------------------------------------

def test_the_containment_table_knows_towns_regions_and_namesakes() -> None:
    table = place_holders()
    likely, other = table["Calgary"]
    assert "Alberta" in likely and any("Canada" in h for h in likely)
    likely, other = table["Paris"]
    assert "France" in likely and "Texas" in other and "Texas" not in likely
    assert "Michigan" in table["Detroit"][0]
    assert "Michigan" in holder_names()
    # a province as English texts write it, without its designation ("Guangdong Sheng")
    assert "China" in table["Guangdong"][0]
    assert "Taiwan" not in table  # a country's name is never taken from a designation


def _places(pdoc, *names: str) -> list[Record]:
    out: list[Record] = []
    for name in names:
        start = pdoc.text.index(name)
        out.append(Mention(L, name, pdoc.span(start, start + len(name)), "places.v1"))
    return out


@pytest.mark.usefixtures("nlp_ready")
def test_a_town_lies_in_the_region_the_document_names_anywhere() -> None:
    pdoc = processed("The museum opened in Detroit in 1921. Funding came from donors. "
                     "Its collection now tours Michigan every summer.")
    relations, _ = classify(pdoc, _places(pdoc, "Detroit", "Michigan"))
    found = {(r.kind, r.subject.name, r.object.name): r.confidence for r in relations}
    assert found.get((RelationKind.CONTAINED_IN, "Detroit", "Michigan")) == KNOWN


@pytest.mark.usefixtures("nlp_ready")
def test_a_town_is_not_put_in_a_region_that_holds_no_town_of_its_name() -> None:
    pdoc = processed("Detroit, Ontario and Quebec sent delegates.")
    relations, _ = classify(pdoc, _places(pdoc, "Detroit", "Ontario", "Quebec"))
    assert not any(r.subject.name == "Detroit" and r.object.name == "Ontario" for r in relations)


# --- names of bodies and places --------------------------------------------------------------

def _read(text: str) -> set[tuple[str, str]]:
    pdoc = processed(text)
    records = extract_records(pdoc, extractors.ordered(extractors.names()), [])
    return {(r.kind.value, r.name) for r in records if isinstance(r, Mention)}


@pytest.mark.usefixtures("nlp_ready")
def test_a_nationality_before_a_body_is_a_word_of_its_name() -> None:
    found = _read("In 1920 he was a senior officer in the Irish Republican Brotherhood.")
    assert ("Organization", "Irish Republican Brotherhood") in found


@pytest.mark.usefixtures("nlp_ready")
def test_a_place_before_based_is_named() -> None:
    found = _read("In 2017 she joined Tellmark, a private Houston-based energy company.")
    assert ("Place", "Houston") in found


def test_a_built_place_is_a_place_unless_a_given_name_opens_it() -> None:
    text = "Flights left Tessby International Airport for Robert Park's farm near Quellby Park."
    airport = _at(text, "Tessby International Airport", O)
    person = _at(text, "Robert Park", P)
    park = _at(text, "Quellby Park", P)
    out = definitions(text, [airport, person, park], [airport, person, park])
    kinds = {m.name: m.kind for m in out if isinstance(m, Mention)}
    assert kinds == {"Tessby International Airport": L, "Robert Park": P, "Quellby Park": L}
    # a reserve of a kind of protected area is a place; "Reserve" alone is not
    text = "The Velmar Biosphere Reserve lent to the Velmar Federal Reserve."
    found = [_at(text, "Velmar Biosphere Reserve", O), _at(text, "Velmar Federal Reserve", O)]
    kinds = {m.name: m.kind for m in definitions(text, found, found) if isinstance(m, Mention)}
    assert kinds == {"Velmar Biosphere Reserve": L, "Velmar Federal Reserve": O}


def test_a_place_s_first_word_or_a_place_noun_before_it_makes_a_place() -> None:
    text = ("The sea covered the Piazza Tessa, and Mount Orlund Hospital stayed dry; between "
            "the volcanoes Varnek and Sumbo lies the river Tolka. Wadi Berg wrote it.")
    names = [("Piazza Tessa", O), ("Mount Orlund Hospital", O), ("Varnek", O), ("Sumbo", P),
             ("Tolka", P), ("Wadi Berg", P)]
    found = [_at(text, name, kind) for name, kind in names]
    out = definitions(text, found, found)
    kinds = {m.name: m.kind for m in out if isinstance(m, Mention)}
    assert kinds == {"Piazza Tessa": L, "Mount Orlund Hospital": O, "Varnek": L, "Sumbo": L,
                     "Tolka": L, "Wadi Berg": P}


def test_a_place_noun_after_a_name_or_a_plural_one_before_of_makes_a_place() -> None:
    text = ("Pilgrims climb to the Hindu temples of Varnath and Tessa Kund, past the five-storeyed "
            "Orvala temple, and the Tessby Reef and the Varn Geopark; the Temple of Ardun stays "
            "a body.")
    names = [("Varnath", O), ("Tessa Kund", P), ("Orvala", O), ("Tessby Reef", O),
             ("Varn Geopark", O), ("Temple of Ardun", O)]
    found = [_at(text, name, kind) for name, kind in names]
    out = definitions(text, found, found)
    kinds = {m.name: m.kind for m in out if isinstance(m, Mention)}
    assert kinds == {"Varnath": L, "Tessa Kund": L, "Orvala": L, "Tessby Reef": L,
                     "Varn Geopark": L, "Temple of Ardun": O}


def test_a_town_after_the_words_of_a_players_team_is_the_club() -> None:
    text = "He played for Corby Town and spent a season on loan at Rio Vale. Corby Town won."
    town = _at(text, "Corby Town", L)
    again = _at(text, "Corby Town", L, nth=1)
    vale = _at(text, "Rio Vale", L)
    out = definitions(text, [town, again, vale], [town, again, vale])
    assert {(m.span.start, m.kind) for m in out if isinstance(m, Mention)} == {
        (town.span.start, O), (again.span.start, O), (vale.span.start, O)}


@pytest.mark.usefixtures("nlp_ready")
def test_a_name_cut_after_its_first_given_name_takes_it_back() -> None:
    found = _read("Delia Gallagher\n\nDelia Buckley Gallagher (born 1970) is a journalist. "
                  "Gallagher lives in Rome.")
    assert ("Person", "Delia Buckley Gallagher") in found
    assert ("Person", "Buckley Gallagher") not in found
