"""events.v1: event phrases, their dates and places, and short references back to them."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from graph.extract.events import NAME, extract_events, reference_date
from graph.extract.places import extract_places
from graph.records import (
    DateValue,
    DocField,
    Document,
    DocumentFact,
    EntityKind,
    Mention,
    Record,
    Relation,
    RelationKind,
)
from graph.registry import extractors

from .conftest import processed

PRESS = (("archive-captured", "2020-06-25"),)


def _events(text: str, metadata: tuple[tuple[str, str], ...] = (),
            found: Sequence[Record] = ()) -> tuple[list[Mention], list[Relation]]:
    pdoc = processed(text, metadata)
    before = [*found, *extract_places(pdoc, found)]
    records = list(extract_events(pdoc, before))
    return ([r for r in records if isinstance(r, Mention)],
            [r for r in records if isinstance(r, Relation)])


def _iso(value: DateValue | None) -> str | None:
    return value.iso if value else None


@pytest.mark.usefixtures("nlp_ready")
@pytest.mark.parametrize(
    ("text", "metadata", "expected"),
    [
        # a clause-opening date governs the event; "launched on 11 June" is the roadmap's
        ("On 15 June, the Director-General of UNESCO participated in a high-level dialogue on the "
         "UN Secretary-General's Roadmap on Digital Cooperation, launched on 11 June.", PRESS,
         [("high-level dialogue on the UN Secretary-General's Roadmap on Digital Cooperation",
           "Meeting", "2020-06-15", None)]),
        ("International experts held its first meeting online from 20-24 April.", PRESS,
         [("first meeting", "Meeting", "2020-04-20", "2020-04-24")]),
        ("Following a multistakeholder global consultation from May-July, the Group will draft "
         "a text.", PRESS,
         [("multistakeholder global consultation", "Consultation", "2020-05", "2020-07")]),
        ("The text will be adopted by UNESCO's General Conference in November 2021.", PRESS,
         [("General Conference", "Conference", "2021-11", None)]),
        ("It was submitted to the 41st session of the General Conference.", (),
         [("41st session of the General Conference", "Session", None, None)]),
        ("The Committee will consider it at its 33rd session.", (),
         [("33rd session of the Committee", "Session", None, None)]),
        # elections, named with their year, their country and their place
        ("At the 2001 Italian general election the Greens formed a list.", (),
         [("2001 Italian general election", "Election", "2001", None)]),
        ("For the 2009 European Parliament election in Italy the Greens formed a list.", (),
         [("2009 European Parliament election in Italy", "Election", "2009", None)]),
        ("Lincoln won the presidential election of 1860.", (),
         [("presidential election of 1860", "Election", "1860", None)]),
        # an observance gets no date the text does not give
        ("We celebrate the International Year of the Creative Economy for Sustainable "
         "Development.", (),
         [("International Year of the Creative Economy for Sustainable Development",
           "Observance", None, None)]),
        # a hyphenated word of the complement stays whole
        ("Delegates met at the Conference on Security and Co-operation in Tessaly.", (),
         [("Conference on Security and Co-operation", "Conference", None, None)]),
        ("Schools mark the current International Year of the Child.", (),
         [("International Year of the Child", "Observance", None, None)]),
        ("He fought in World War II and opposed the Vietnam War.", (),
         [("World War II", None, None, None), ("Vietnam War", None, None, None)]),
        ("Global cooperation is the way of fighting the COVID-19 pandemic.", (),
         [("COVID-19 pandemic", None, None, None)]),
        # kinds of events, treaties and bodies: no event
        ("Meetings are useful. The session room is large. Elections matter to every citizen.",
         (), []),
        ("States ratified the Convention on the Protection of the Underwater Cultural Heritage "
         "and the World Economic Forum met.", (), []),
        ("He won re-election and chaired the meeting.", (), []),
        # "All" in a title is a word of it, not a vague word
        ("Delegates met at the World Conference on Widget Craft for All in March 1990.", (),
         [("World Conference on Widget Craft for All", "Conference", "1990-03", None)]),
        # a conference's title goes on over "in the" and words that are no place
        ("It took into account the conclusions of the International Conference of Ministers "
         "Responsible for Widget Craft in the Education of Youth, held in 1976.", (),
         [("International Conference of Ministers Responsible for Widget Craft in the Education "
           "of Youth", "Conference", "1976", None)]),
        # an ordinal before a lower-case word is that word's: two events, not one
        ("I open the nineteenth plenary meeting of the 32nd session of the General Conference.",
         (), [("nineteenth plenary meeting", "Meeting", None, None),
              ("32nd session of the General Conference", "Session", None, None)]),
        ("It was adopted by the Third Round Table of Ministers of Culture.", (),
         [("Third Round Table of Ministers of Culture", "Meeting", None, None)]),
        # ordinals written in words, whole
        ("EXECUTIVE BOARD\nHundred and eighty-fourth session\nPARIS, 2010", (),
         [("Hundred and eighty-fourth session", "Session", None, None)]),
        ("GENERAL CONFERENCE - Twenty-fifth Session - Paris, 1989", (),
         [("Twenty-fifth Session", "Session", None, None)]),
        # "and" between capitalised words of the name
        ("The 14th Panafrican Film and Television Festival of Ouagadougou had just opened.", (),
         [("14th Panafrican Film and Television Festival of Ouagadougou", "Conference", None,
           None)]),
        # a body meeting is no event; nor is the French copy of an agenda heading
    ],
)
def test_event_mentions(text: str, metadata: tuple[tuple[str, str], ...],
                        expected: list[tuple[str, str | None, str | None, str | None]]) -> None:
    mentions, _ = _events(text, metadata)
    got = [(m.name, m.subtype, _iso(m.start_date), _iso(m.end_date)) for m in mentions]
    assert got == expected
    for m in mentions:
        assert m.kind is EntityKind.EVENT and m.extractor == NAME
        assert text[m.span.start:m.span.end] == m.span.text


@pytest.mark.usefixtures("nlp_ready")
def test_reference_year_comes_from_the_document_date() -> None:
    text = ("I noted the participation of Mr Ruslan Budnik in the fourteenth session of the "
            "Intergovernmental Committee for the Protection and Promotion of the Diversity of "
            "Cultural Expressions last February.")
    letter_date = DocumentFact(DocField.DATE, DateValue("2021-03-30"), "document.v1")
    mentions, _ = _events(text, found=[letter_date])
    assert len(mentions) == 1
    session = mentions[0]
    assert session.name.startswith("fourteenth session of the Intergovernmental Committee for")
    assert session.alternate_names == ("fourteenth session of the Intergovernmental Committee",
                                       "fourteenth session")
    assert _iso(session.start_date) == "2021-02"


@pytest.mark.usefixtures("nlp_ready")
def test_later_references_take_the_short_name() -> None:
    text = ("On 15 June, the Director-General participated in a high-level dialogue on the "
            "Roadmap for Digital Cooperation. The dialogue was opened by Fabrizio Hochschild.\n\n"
            "During the high-level dialogue, she spoke. The session ended.")
    mentions, _ = _events(text, PRESS)
    assert [(m.name, m.span.text) for m in mentions] == [
        ("high-level dialogue on the Roadmap for Digital Cooperation",
         "high-level dialogue on the Roadmap for Digital Cooperation"),
        ("high-level dialogue", "dialogue"),
        ("high-level dialogue", "high-level dialogue"),
    ]
    assert "high-level dialogue" in mentions[0].alternate_names


@pytest.mark.usefixtures("nlp_ready")
def test_located_in() -> None:
    mentions, relations = _events(
        "The Committee held its tenth meeting in Paris from 3 to 21 October 2005.")
    assert [(m.name, _iso(m.start_date), _iso(m.end_date)) for m in mentions] == [
        ("tenth meeting of the Committee", "2005-10-03", "2005-10-21")]
    assert [(r.kind, r.subject.span.text, r.object.name) for r in relations] == [
        (RelationKind.LOCATED_IN, "tenth meeting", "Paris")]


@pytest.mark.usefixtures("nlp_ready")
@pytest.mark.parametrize(("text", "event", "place"), [
    ("The Conference of Ministers of Widget Craft, which met at Nairobi in July, closed with a "
     "declaration.", "Conference of Ministers of Widget Craft", "Nairobi"),
    # an acronym in brackets, "meeting in", "which met" without a comma
    ("the recommendations of the World Conference on Widget Craft (Widgets), held at Vancouver "
     "from 31 May to 11 June 1976, were adopted.", "World Conference on Widget Craft",
     "Vancouver"),
    ("the Second International Congress of Widget Makers, meeting in Venice, adopted it.",
     "Second International Congress of Widget Makers", "Venice"),
    ("the Intergovernmental Conference which met at The Hague from 21 April adopted it.",
     "Intergovernmental Conference", "The Hague"),
    # a record's heading: the session, its town and the year
    ("GENERAL CONFERENCE - Twenty-fifth Session - Paris, 1989\n\nThe PRESIDENT: I open it.",
     "Twenty-fifth Session", "Paris"),
    # a relative clause; a text adopted where the event met
    ("adopted by the World Conference on Widget Craft, which UNESCO and the ICSU jointly "
     "convened in Budapest, in 1999,", "World Conference on Widget Craft", "Budapest"),
    ("the Venice Charter, adopted in Venice in 1964 by the Second International Congress of "
     "Widget Makers,", "Second International Congress of Widget Makers", "Venice"),
])
def test_located_by_a_clause_on_the_event(text: str, event: str, place: str) -> None:
    _, relations = _events(text)
    assert [(r.kind, r.subject.name, r.object.name) for r in relations] == [
        (RelationKind.LOCATED_IN, event, place)]


@pytest.mark.usefixtures("nlp_ready")
def test_an_event_held_in_two_places_is_located_in_both() -> None:
    _, relations = _events("the commitments of the World Summit on Widget Craft, held in Geneva "
                           "in 2003 and in Tunis in 2005, were adopted.")
    assert [(r.subject.name, r.object.name) for r in relations] == [
        ("World Summit on Widget Craft", "Geneva"), ("World Summit on Widget Craft", "Tunis")]
    # a text signed somewhere, by no event: no place for the event named after "by"
    _, relations = _events("the Charter, signed in Venice in 1964, was read at the World "
                           "Congress of Widget Makers.")
    assert not relations


@pytest.mark.parametrize(
    ("metadata", "found", "expected"),
    [
        ((), [DocumentFact(DocField.DATE, DateValue("2021-03-30"), "document.v1")], "2021-03-30"),
        (PRESS, [], "2020-06-25"),
        ((("meta-date", "2019-05-02"),), [], "2019-05-02"),
        ((), [], None),
    ],
)
def test_reference_date(metadata: tuple[tuple[str, str], ...], found: list[Record],
                        expected: str | None) -> None:
    class _Doc:
        document = Document("t.txt", "", "text/plain", "sha256:0", metadata)

    assert _iso(reference_date(_Doc(), found)) == expected  # type: ignore[arg-type]


def test_registered() -> None:
    spec = extractors.get(NAME)
    assert "Session" in spec.produces and "Observance" in spec.produces
    assert "document.v1" in spec.requires and "places.v1" in spec.requires


@pytest.mark.usefixtures("nlp_ready")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "its" session is the subject's; the date of the verb of meeting is the session's
        ("The Intergovernmental Committee met in Paris from 11 to 14 December 2018 at its twelfth "
         "session.",
         ("twelfth session of the Intergovernmental Committee", "2018-12-11", "2018-12-14")),
        # the date of another act in the clause is not the session's
        ("The General Assembly, at its seventy-fifth session, adopted the resolution on 5 May "
         "2021.",
         ("seventy-fifth session of the General Assembly", None, None)),
        # a heading run into the sentence is not part of the body's name
        ("Bureau\n\nThe Commission had elected its Bureau at its ninth session, in May 2019: Mr "
         "Paul Dubois (France) as Chairperson.",
         ("ninth session of the Commission", "2019-05", None)),
        # a subject that is not an organisation leaves the name as written
        ("International experts held its first meeting in Rome on 3 May 2021.",
         ("first meeting", "2021-05-03", None)),
    ],
)
def test_session_of_the_subject(text: str, expected: tuple[str, str | None, str | None]) -> None:
    [event], _ = _events(text)
    assert (event.name, _iso(event.start_date), _iso(event.end_date)) == expected


def test_an_undated_listed_body_is_no_event() -> None:
    mentions, _ = _events("RECORDS OF THE GENERAL CONFERENCE\nThe Conference opened its "
                          "Second Extraordinary Session.", ())
    assert "GENERAL CONFERENCE" not in [m.name for m in mentions]
    assert "Second Extraordinary Session" in [m.name for m in mentions]


@pytest.mark.usefixtures("nlp_ready")
def test_a_phrase_whose_head_names_a_document_is_no_event() -> None:
    text = "The Tessby Convention of 1954 was cited at the Varn Conference of 1960."
    pdoc = processed(text)
    start = text.index("Tessby Convention")
    work = Mention(EntityKind.WORK, "Tessby Convention",
                   pdoc.span(start, start + len("Tessby Convention")), "references.v1")
    names = [m.name for m in extract_events(pdoc, [work, *extract_places(pdoc, [work])])
             if isinstance(m, Mention)]
    assert not any("Tessby" in n for n in names)
    assert any("Varn Conference" in n for n in names)


def test_an_event_the_model_cut_in_two_is_one_and_a_year_alone_is_none() -> None:
    text = "Kwesi Appiah played for the Ghana national team at the 2010 World Cup."
    assert [m.name for m in _events(text)[0]] == ["2010 World Cup"]


@pytest.mark.usefixtures("nlp_ready")
def test_no_event_ends_inside_the_name_of_a_body() -> None:
    text = ("The General Conference of the United Nations Educational, Scientific and Cultural "
            "Organization, meeting in Paris at its 31st session, adopts this Convention.")
    names = [m.name for m in _events(text)[0]]
    assert names == ["31st session"]


@pytest.mark.parametrize("text", [
    "The General Conference of the United Nations Educational, Scientific and Cultural "
    "Organization, meeting in Paris from 24 October to 28 November 1978, at its twentieth session,",
    "ITEM 9   FOLLOW-UP TO THE SIXTH INTERNATIONAL CONFERENCE ON ADULT EDUCATION\n"
    "         (CONFINTEA VI) (184 EX/9 and 184 EX/INF.4)\n"
    "POINT 9  SUITE DONNEE A LA SIXIEME CONFERENCE INTERNATIONALE SUR L'EDUCATION\n"
    "         DES ADULTES\n\n4.1   The Chair opened the debate.\n",
])
def test_a_body_meeting_and_a_french_heading_are_no_events(text: str) -> None:
    mentions, _ = _events(text)
    assert mentions
    assert not [m.name for m in mentions if m.name == "meeting" or "SIXIEME" in m.name]


@pytest.mark.parametrize(("text", "expected"), [
    ("The World Congress of Ministers of Education on the Eradication of Illiteracy met in "
     "Teheran.", ["World Congress of Ministers of Education on the Eradication of Illiteracy"]),
    ("The World Forum on Sport and Culture opened in Barcelona.",
     ["World Forum on Sport and Culture"]),
    # a congress or a forum without a subject "on" may be a body
    ("The World Economic Forum and the World Jewish Congress issued a statement.", []),
])
def test_a_world_congress_on_a_subject_is_an_event(text: str, expected: list[str]) -> None:
    assert [m.name for m in _events(text)[0]] == expected


def test_a_body_read_inside_an_event_of_a_gathering_goes() -> None:
    from graph.pipeline import extract_records
    from graph.registry import extractors

    text = ("Mr. President, my country had the honour of receiving at Teheran the World Congress "
            "of Ministers of Education on the Eradication of Illiteracy, which sat in 1965. The "
            "text was approved by the International Conference on Public Education at Geneva.")
    pdoc = processed(text)
    records = extract_records(pdoc, extractors.ordered(extractors.names()), [], reviewed=True)
    kinds = {(r.name, r.kind) for r in records if isinstance(r, Mention)}
    assert ("World Congress of Ministers of Education on the Eradication of Illiteracy",
            EntityKind.EVENT) in kinds
    assert ("International Conference on Public Education", EntityKind.EVENT) in kinds
    assert not {n for n, k in kinds if k is EntityKind.ORGANIZATION and (
        "Congress" in n or "Conference" in n)}


def test_its_session_followed_by_the_body_without_a_comma_is_the_body_s() -> None:
    text = ("The delegation paid tribute. At its thirteenth session the General Conference, by "
            "resolution 1.271, authorized the Director-General to launch a programme.")
    assert [m.name for m in _events(text)[0]] == ["thirteenth session of the General Conference"]


@pytest.mark.parametrize(("text", "expected"), [
    # a day's subject after "in", a conference "against" what it fights
    ("The International Day of Women and Girls in Science is celebrated on 11 February.",
     ["International Day of Women and Girls in Science"]),
    ("The World Conference against Racism opened in 2001.", ["World Conference against Racism"]),
    # a town after "in" is where an observance was marked, not part of its name
    ("The International Year of Chemistry in Paris was opened.",
     ["International Year of Chemistry"]),
])
def test_what_an_event_s_name_takes_after_in_and_against(text: str, expected: list[str]) -> None:
    assert [m.name for m in _events(text)[0]] == expected


def test_an_event_s_name_starts_on_its_indented_heading_line() -> None:
    text = ("104 EX/SR.6 (prov.)                                           EXECUTIVE BOARD\n"
            "                  Hundred and fourth session\n\nThe Board met.")
    assert [m.name for m in _events(text)[0]] == ["Hundred and fourth session"]
