"""participation.v1: PARTICIPATED_IN and ORGANIZED read from the grammar of participation.

The people and organisations are written by hand into ``found`` (as people.v1, posts.v1 and
organizations.v1 would yield them); the events come from the real events.v1.
"""

from __future__ import annotations

import pytest

from graph._nlp import ProcessedDocument
from graph.extract.events import extract_events
from graph.extract.participation import NAME, extract_participation
from graph.extract.places import extract_places
from graph.records import EntityKind, Mention, Record, Relation, RelationKind
from graph.registry import extractors

from .conftest import processed

PRESS = (("archive-captured", "2020-06-25"),)
P, O = EntityKind.PERSON, EntityKind.ORGANIZATION  # noqa: E741


def _agents(pdoc: ProcessedDocument, agents: list[tuple[EntityKind, str, int]]) -> list[Mention]:
    """Mentions of the given kind for the n-th occurrence of each text."""
    out = []
    for kind, written, nth in agents:
        start = -1
        for _ in range(nth + 1):
            start = pdoc.text.index(written, start + 1)
        out.append(Mention(kind, written, pdoc.span(start, start + len(written)), "test",
                           role_only=written.startswith("Director")))
    return out


def _relations(text: str, agents: list[tuple[EntityKind, str, int]],
               metadata: tuple[tuple[str, str], ...] = PRESS) -> set[tuple[str, str, str]]:
    pdoc = processed(text, metadata)
    found: list[Record] = [*_agents(pdoc, agents)]
    found += extract_places(pdoc, found)
    found += extract_events(pdoc, found)
    return {(r.kind.value, r.subject.span.text, r.object.name)
            for r in extract_participation(pdoc, found) if isinstance(r, Relation)}


DIALOGUE = "high-level dialogue on the Roadmap for Digital Cooperation"
PRESS_RELEASE = (
    "On 15 June, the Director-General of UNESCO participated in a high-level dialogue on the "
    "Roadmap for Digital Cooperation, launched on 11 June.\n\n"
    "The dialogue was opened by Fabrizio Hochschild, Under-Secretary General of the UN. Other "
    "High-Level speakers included H.E. Mr S Iswaran, Minister of Communications and Information, "
    "Singapore; H.E. Mr Cedric O. Minister of Digital Affairs, France; and Mr Max Tegmark, "
    "President, Future of Life Institute.\n\n"
    "During the high-level dialogue, the Director-General emphasized how global cooperation is "
    "the most effective way of fighting the COVID-19 pandemic."
)


@pytest.mark.usefixtures("nlp_ready")
@pytest.mark.parametrize(
    ("text", "agents", "expected"),
    [
        # the press release: the six participants of the dialogue, the affiliations left out
        (PRESS_RELEASE,
         [(P, "Director-General of UNESCO", 0), (O, "UNESCO", 0),
          (P, "Fabrizio Hochschild", 0), (O, "UN", 1), (P, "S Iswaran", 0),
          (P, "Cedric O", 0), (P, "Max Tegmark", 0), (O, "Future of Life Institute", 0),
          (P, "Director-General", 1)],
         {("participated in", "Director-General of UNESCO", DIALOGUE),
          ("participated in", "Fabrizio Hochschild", DIALOGUE),
          ("participated in", "S Iswaran", DIALOGUE),
          ("participated in", "Cedric O", DIALOGUE),
          ("participated in", "Max Tegmark", DIALOGUE),
          ("participated in", "Director-General", DIALOGUE)}),
        # "the active participation of Mr Y, his post, in EVENT"; a body's own session
        ("I was pleased to note the active participation of Mr Ruslan Budnik, the Chair's Deputy "
         "Director, in the fourteenth session of the Intergovernmental Committee for the "
         "Protection of the Diversity of Cultural Expressions last February.",
         [(P, "Ruslan Budnik", 0),
          (O, "Intergovernmental Committee for the Protection of the Diversity of Cultural "
              "Expressions", 0)],
         {("participated in", "Ruslan Budnik",
           "fourteenth session of the Intergovernmental Committee for the Protection of the "
           "Diversity of Cultural Expressions"),
          ("organized", "Intergovernmental Committee for the Protection of the Diversity of "
                        "Cultural Expressions",
           "fourteenth session of the Intergovernmental Committee for the Protection of the "
           "Diversity of Cultural Expressions")}),
        # a body's possessive before its event
        ("The final draft will be submitted to UNESCO's 41st General Conference.",
         [(O, "UNESCO", 0)],
         {("organized", "UNESCO", "41st General Conference")}),
        # active verbs, and several agents joined by "and"
        ("Ms Amina Diallo and Mr Pedro Alves attended the 2019 World Summit on the Information "
         "Society.",
         [(P, "Amina Diallo", 0), (P, "Pedro Alves", 0)],
         {("participated in", "Amina Diallo", "2019 World Summit on the Information Society"),
          ("participated in", "Pedro Alves", "2019 World Summit on the Information Society")}),
        ("Mr Pedro Alves spoke at the third session of the Committee.",
         [(P, "Pedro Alves", 0), (O, "Committee", 0)],
         {("participated in", "Pedro Alves", "third session of the Committee"),
          ("organized", "Committee", "third session of the Committee")}),
        # "at its eleventh session": the body the sentence opens with
        ("The Assembly of the Tessby Rowing League, meeting in Oslo from 2 to 9 May 1990, at its "
         "eleventh session, adopts these rules.",
         [(O, "Assembly of the Tessby Rowing League", 0)],
         {("organized", "Assembly of the Tessby Rowing League", "eleventh session")}),
        # convened by an organisation
        ("The 2022 World Conference on Cultural Policies, convened by UNESCO, closed in Mexico.",
         [(O, "UNESCO", 0)],
         {("organized", "UNESCO", "2022 World Conference on Cultural Policies")}),
        # people listed "for" an event they served, and "her supervision of" an event
        ("We thank the tellers, Ms Amina Diallo (Mali), Mr Pedro Alves (Brazil) and Ms Kari Lund "
         "(Norway) for the Election of Members of the Tessby Rowing Council.",
         [(P, "Amina Diallo", 0), (P, "Pedro Alves", 0), (P, "Kari Lund", 0)],
         {("participated in", "Amina Diallo", "Election of Members of the Tessby Rowing Council"),
          ("participated in", "Pedro Alves", "Election of Members of the Tessby Rowing Council"),
          ("participated in", "Kari Lund", "Election of Members of the Tessby Rowing Council")}),
        ("I also thank Ms Amina Diallo for her able supervision of the Election of Members of the "
         "Tessby Rowing Council.",
         [(P, "Amina Diallo", 0)],
         {("participated in", "Amina Diallo", "Election of Members of the Tessby Rowing Council")}),
        # the organisers listed after "by", the clause hung on the verb before the event
        ("Some 1,500 delegates took part in the World Conference on Widget Craft, convened "
         "jointly by the Tessby Rowing League, the Widget Fund (TWF), the Orvale Trust and the "
         "Marrow Bank.",
         [(O, "Tessby Rowing League", 0), (O, "Widget Fund", 0), (O, "TWF", 0),
          (O, "Orvale Trust", 0), (O, "Marrow Bank", 0)],
         {("organized", "Tessby Rowing League", "World Conference on Widget Craft"),
          ("organized", "Widget Fund", "World Conference on Widget Craft"),
          ("organized", "Orvale Trust", "World Conference on Widget Craft"),
          ("organized", "Marrow Bank", "World Conference on Widget Craft")}),
        # no participation: writing about an event, or a person who is not the subject
        ("Ms Amina Diallo wrote a book about the 2001 Italian general election.",
         [(P, "Amina Diallo", 0)], set()),
        ("The minister praised Ms Amina Diallo after the 2019 World Summit on the Information "
         "Society.",
         [(P, "Amina Diallo", 0)], set()),
        # organisers named by a clause on the event
        ("Mindful of the recommendations adopted by the International Conference on Widget "
         "Education, which UNESCO and the Tessby Widget Bureau convene jointly at Geneva, ...",
         [(O, "UNESCO", 0), (O, "Tessby Widget Bureau", 0)],
         {("organized", "UNESCO", "International Conference on Widget Education"),
          ("organized", "Tessby Widget Bureau", "International Conference on Widget Education")}),
        ("The Conference of Ministers of Widget Craft, which met at Nairobi in July under the "
         "auspices of UNESCO and of the Tessby Widget Bureau, closed.",
         [(O, "UNESCO", 0), (O, "Tessby Widget Bureau", 0)],
         {("organized", "UNESCO", "Conference of Ministers of Widget Craft"),
          ("organized", "Tessby Widget Bureau", "Conference of Ministers of Widget Craft")}),
        ("My country will host the World Conference on Widget Craft for All, which is being "
         "convened jointly by UNESCO, the Tessby Widget Bureau and the Marrow Bank.",
         [(O, "UNESCO", 0), (O, "Tessby Widget Bureau", 0), (O, "Marrow Bank", 0)],
         {("organized", "UNESCO", "World Conference on Widget Craft for All"),
          ("organized", "Tessby Widget Bureau", "World Conference on Widget Craft for All"),
          ("organized", "Marrow Bank", "World Conference on Widget Craft for All")}),
    ],
)
def test_participation(text: str, agents: list[tuple[EntityKind, str, int]],
                       expected: set[tuple[str, str, str]]) -> None:
    assert _relations(text, agents) == expected


RECORD = (
    "4.1       The PRESIDENT:\n"
    "          I now call upon Ms Kari Lund, Chairperson of the Rules Committee, to present its "
    "report to this 14th session of the Assembly of the Tessby Rowing League.\n"
    "4.2       Ms Lund (Norway) (Chairperson of the Rules Committee):\n"
    "          Thank you. The Committee met twice before the 14th session of the Assembly of the "
    "Tessby Rowing League, and Mr Ole Dahl recalled the 13th session of the Assembly of the "
    "Tessby Rowing League.\n"
)


@pytest.mark.usefixtures("nlp_ready")
def test_the_people_of_a_verbatim_record_took_part_in_the_session_it_records() -> None:
    session = "14th session of the Assembly of the Tessby Rowing League"
    people = {(s, o) for kind, s, o in _relations(RECORD, [(P, "Kari Lund", 0), (P, "Ole Dahl", 0)])
              if kind == "participated in"}
    assert people == {("Kari Lund", session), ("Ole Dahl", session)}
    # the same text without a line that gives the floor is not a record
    prose = RECORD.replace("The PRESIDENT:", "The President said").replace(
        "(Chairperson of the Rules Committee):", "answered.")
    assert not {s for kind, s, _ in _relations(prose, [(P, "Kari Lund", 0), (P, "Ole Dahl", 0)])
                if kind == "participated in"}


OLD_RECORD = (
    "                 FOURTH EXTRAORDINARY SESSION\n\n"
    "    The PRESIDENT: I call upon the delegate of Norway.\n\n"
    "    Mr. LUND (Norway): My delegation has read the report with care. The Board, at its "
    "thirty-fourth session, recommended the budget.\n\n"
    "    Mr. DAHL (Chile): We support the proposal.\n"
)


@pytest.mark.usefixtures("nlp_ready")
def test_an_older_record_speaks_on_the_line_that_gives_the_floor() -> None:
    # the session its heading names, not the Board's session the speech recalls
    found = {(s, o) for kind, s, o in _relations(OLD_RECORD, [(P, "LUND", 0), (P, "DAHL", 0)])
             if kind == "participated in"}
    assert found == {("LUND", "FOURTH EXTRAORDINARY SESSION"),
                     ("DAHL", "FOURTH EXTRAORDINARY SESSION")}


@pytest.mark.usefixtures("nlp_ready")
def test_relations_carry_their_sentence() -> None:
    pdoc = processed("Mr Pedro Alves attended the 2019 World Summit on the Information Society.")
    found: list[Record] = [*_agents(pdoc, [(P, "Pedro Alves", 0)])]
    found += extract_events(pdoc, found)
    [relation] = [r for r in extract_participation(pdoc, found) if isinstance(r, Relation)]
    assert relation.kind is RelationKind.PARTICIPATED_IN and relation.extractor == NAME
    assert relation.span.text == pdoc.text.strip()


def test_registered() -> None:
    spec = extractors.get(NAME)
    assert spec.produces == ()
    assert {"people.v1", "organizations.v1", "events.v1"} <= set(spec.requires)



@pytest.mark.usefixtures("nlp_ready")
@pytest.mark.parametrize(("said", "plain"), [
    # a session named as where a cited text was adopted
    ("The Committee recommends the amendments, as in resolution 29 C/87 of the twenty-ninth "
     "session.", "The Committee recommends the amendments, at the twenty-ninth session."),
    # a session a body held, named after its "at its"
    ("Mr. President, the Executive Board, at its 127th session, proposed Mr. Tor Dahl.",
     "Mr. President, at the 127th session, we proposed Mr. Tor Dahl."),
])
def test_a_session_named_for_another_purpose_is_not_the_one_recorded(said: str,
                                                                     plain: str) -> None:
    def record(line: str) -> str:
        return ("    The PRESIDENT: I call upon the delegate of Norway.\n\n"
                f"    Mr. LUND (Norway): {line}\n\n"
                "    Mr. DAHL (Chile): We support the proposal.\n")

    found = _relations(record(said), [(P, "LUND", 0), (P, "DAHL", 0)])
    assert not {s for kind, s, _ in found if kind == "participated in"}
    # said plainly, the one session named is the one recorded
    found = _relations(record(plain), [(P, "LUND", 0), (P, "DAHL", 0)])
    assert {s for kind, s, _ in found if kind == "participated in"} == {"LUND", "DAHL"}


SUMMARY_RECORD = (
    "                    SUMMARY RECORDS\n"
    "ROWING ASSEMBLY - 14th session\n"
    "                    SUMMARY RECORD OF THE THIRD MEETING\n\n"
    "3.1     The CHAIRPERSON invited Ms Kari Lund to introduce the item.\n"
    "3.2     Mr DAHL (Chile) welcomed the report, recalled the 12th session and thanked the "
    "staff for their work at this session.\n"
)


@pytest.mark.usefixtures("nlp_ready")
def test_a_summary_record_s_people_took_part_in_the_session_its_heading_names() -> None:
    # paragraphs opened by a speaker in capitals make a summary record; a bare "this session"
    # is no reason to take another session than the heading's
    found = {(s, o) for kind, s, o in _relations(SUMMARY_RECORD, [(P, "Kari Lund", 0),
                                                                  (P, "DAHL", 0)])
             if kind == "participated in"}
    assert found == {("Kari Lund", "14th session"), ("DAHL", "14th session")}


PARTICIPANTS = (
    "        Fourth Session of the Tessby Rowing Committee\n"
    "              Tessby, 6-7 March 2014\n\n"
    "               LIST OF PARTICIPANTS\n\n"
    "NORWAY\nMs Kari Lund, Director of Sport, Ministry of Culture, Oslo\n\n"
    "CHILE\nMr Ole Dahl, Adviser, Ministry of Sport, Santiago\n"
)


@pytest.mark.usefixtures("nlp_ready")
def test_the_people_of_a_list_of_participants_took_part_in_the_event_its_title_names() -> None:
    found = {(s, o) for kind, s, o in _relations(PARTICIPANTS, [(P, "Kari Lund", 0),
                                                               (P, "Ole Dahl", 0)])
             if kind == "participated in"}
    assert found == {("Kari Lund", "Fourth Session of the Tessby Rowing Committee"),
                     ("Ole Dahl", "Fourth Session of the Tessby Rowing Committee")}
    # without the heading it is no list of participants
    assert not {s for kind, s, _ in _relations(PARTICIPANTS.replace("LIST OF PARTICIPANTS", ""),
                                                [(P, "Kari Lund", 0), (P, "Ole Dahl", 0)])
                if kind == "participated in"}


@pytest.mark.usefixtures("nlp_ready")
def test_the_session_a_record_s_heading_names_after_a_body_is_the_body_s() -> None:
    text = ("GENERAL CONFERENCE - TWENTY-EIGHTH SESSION\n         PARIS, 1995\n\n"
            "4.1   The CHAIRPERSON: I open the meeting of UNESCO's commission.\n")
    found = {(s, o) for kind, s, o in _relations(text, [(O, "GENERAL CONFERENCE", 0)])
             if kind == "organized"}
    assert found == {("GENERAL CONFERENCE", "TWENTY-EIGHTH SESSION")}
    # the body ends its line, in capitals after other capitals or before a second column, and
    # the session opens the next line
    for heading in ("RECORDS OF THE GENERAL CONFERENCE\n     Twenty-eighth Session, Paris\n",
                    "GENERAL CONFERENCE           28 C/VR.4 (prov.)\nTwenty-eighth Session\n",
                    "28 C/VR.4 (prov.)             GENERAL CONFERENCE\n"
                    "                              Twenty-eighth Session\n"):
        found = {(s, o) for kind, s, o in _relations(heading + text[42:],
                                                     [(O, "GENERAL CONFERENCE", 0)])
                 if kind == "organized"}
        assert found == {("GENERAL CONFERENCE", "Twenty-eighth Session")}, heading
    # not when lower-case words stand before the body on its line
    found = {(s, o) for kind, s, o in _relations(
        "We thank the GENERAL CONFERENCE\nTwenty-eighth Session\n", [(O, "GENERAL CONFERENCE", 0)])
        if kind == "organized"}
    assert not found
    # a session named in the running text after a body is not the heading's
    prose = "The delegate of the GENERAL CONFERENCE thanked the TWENTY-EIGHTH SESSION for it.\n"
    assert not {s for kind, s, _ in _relations(prose, [(O, "GENERAL CONFERENCE", 0)])
                if kind == "organized"}


@pytest.mark.usefixtures("nlp_ready")
def test_its_session_is_the_session_of_the_body_it_stands_for() -> None:
    # the body the session was named after, not the first of the sentence
    text = ("The Executive Board met in May. The Director of the Tessby Rowing Institute hoped "
            "that the Board would request a progress report at its 187th session.\n")
    bodies = [(O, "Tessby Rowing Institute", 0), (O, "Executive Board", 0)]
    found = {(s, o) for kind, s, o in _relations(text, bodies) if kind == "organized"}
    assert found == {("Executive Board", "187th session of the Board")}
    # "Unesco's General Conference": the possessor is not the session's body
    text = "The Programme was set up by Unesco's General Conference at its twenty-first session.\n"
    found = {(s, o) for kind, s, o in _relations(
        text, [(O, "Unesco", 0), (O, "General Conference", 0)]) if kind == "organized"}
    assert found == {("General Conference", "twenty-first session")}


@pytest.mark.usefixtures("nlp_ready")
def test_a_session_owned_by_a_body_s_short_name_is_the_body_s() -> None:
    text = ("The Executive Board of the Tessby Rowing Committee met. The report will reach the "
            "members before the Board's 105th session.\n")
    found = {(s, o) for kind, s, o in _relations(
        text, [(O, "Executive Board of the Tessby Rowing Committee", 0)]) if kind == "organized"}
    assert found == {("Executive Board of the Tessby Rowing Committee", "105th session")}
    # a short name no body of the document has owns nothing
    assert not {o for kind, _, o in _relations(text.replace("Board's", "Club's"), [
        (O, "Executive Board of the Tessby Rowing Committee", 0)]) if kind == "organized"}
