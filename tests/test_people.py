"""people.v1: person mentions from the model and from the grammar of institutional text."""

from __future__ import annotations

import hashlib

import pytest

from graph._nlp import process
from graph.extract.people import NAME, _given_name_runs, _surname_repeats, extract_people
from graph.records import Document, EntityKind, Mention, Span


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
        # a speaker's name wrapped to the next line of the record is read whole
        ("Thank you, Mr Chairperson. I would now ask the tellers, Ms Ingrid Vollan (Norway) and Mr "
         "Tomás\nOrtuzar (Uruguay), to come to the rostrum.",
         [("Ingrid Vollan", "Ms"), ("Tomás Ortuzar", "Mr")]),
        # a post cut by a line break, and capitals inside a longer heading, are no names
        ("The TEMPORARY PRESIDENT: Your Excellencies, Mr. Director-\nGeneral, I declare the "
         "session open.\n\nELECCION DEL PRESIDENTE DE LA CONFERENCIA GENERAL\n", []),
        # a list's next column after a wide gap is no part of the name; a justified line's gap
        # inside a name is
        ("FINLAND\nMs Kirsi AHOLA                    Counsellor for Sport Policy, Helsinki\n",
         [("Kirsi AHOLA", "Ms")]),
        ("the candidature of Mr              Hao Ping of China as President was approved.",
         [("Hao Ping", "Mr")]),
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


def _people_with(text: str, found: list[Mention]) -> list[str]:
    digest = hashlib.sha256(text.encode()).hexdigest()
    pdoc = next(process([Document("t.txt", text, "text/plain", f"sha256:{digest}")]))
    return [r.name for r in extract_people(pdoc, found) if isinstance(r, Mention)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a lone proper noun the model calls ORG, read as a person by what is said of it: a verb
        # of people (past auxiliaries and a split "re-elected") ...
        ("Brandtner has since been re-elected three times.", ["Brandtner"]),
        # ... or a copula and a noun of people
        ("Okonkwo was a Liberal candidate for the riding in 2004.", ["Okonkwo"]),
        # the surname of a full name, used alone elsewhere in the text
        ("The seat went to Cecilia Brandtner in 1990; Brandtner held it until 2002.",
         ["Cecilia Brandtner", "Brandtner"]),
        # a person runs for a seat and joins a party; running in an election says nothing
        ("Okonkwo later ran for the Unity Party in 1997.", ["Okonkwo"]),
        ("Okonkwo later ran in the 1997 election.", []),
        ("Brandtner joined the Progressive Unity Party in 2003.", ["Brandtner"]),
        # "Honourable" before a name is no part of it
        ("The Honourable Edmund Okafor Brandt spoke.", ["Edmund Okafor Brandt"]),
        # a lone word after "in" is a place, whatever the model says
        ("She lost the seat in Hexley in 1997.", []),
        ("He held the seat in Dunmore until 2001.", []),
    ],
)
def test_reads_people_from_the_grammar_around_them(text: str, expected: list[str]) -> None:
    assert [m.name for m in _people(text)] == expected


def test_model_reading_inside_a_name_of_another_kind_is_no_person() -> None:
    text = "The Partido Solidaridad Nueva won seats."
    assert _people_with(text, []) == ["Solidaridad Nueva"]
    party = Mention(EntityKind.ORGANIZATION, "Partido Solidaridad Nueva", Span(4, 29, text[4:29]),
                    "organizations.v1")
    assert _people_with(text, [party]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The letter of Margaret Lindqvist Haverkamp arrived.", ["Margaret Lindqvist Haverkamp"]),
        # a given name after another capitalised word is part of a longer name
        ("Santa Rosalia Counties voted for him.", []),
        # ... but not after a title word
        ("It was signed by President Hugo Marchetti in May.", ["Hugo Marchetti"]),
        # a given name alone is not enough
        ("Thomas arrived late.", []),
    ],
)
def test_given_name_opens_a_name(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e, _ in _given_name_runs(text)] == expected


def test_surname_repeats_skip_words_already_taken() -> None:
    text = "Ann Lee spoke; Lee agreed, and the Lee Foundation paid."
    names = [(0, 7, "Ann Lee")]
    foundation = text.index("Lee Foundation")
    found = list(_surname_repeats(text, names, [(0, 7), (foundation, foundation + 14)]))
    assert [text[s:e] for s, e in found] == ["Lee"]
    assert found[0][0] == text.index("Lee agreed")


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # a name stops at the full stop that ends the sentence
        ("Thank you, Mr President. Before I begin, let me thank the Secretariat.", "Before"),
        ("Thank you, Mr. Tessaro. Lastly we turn to the budget.", "Lastly"),
        # a form of address or a preamble's opening word alone is no one
        ("Thank you, Madam. The Committee met on Tuesday.", "Madam"),
        ("Recognizing the importance of culture, the Conference adopted the text.", "Recognizing"),
        # a lone word after a determiner, a plural common noun, a collective
        ("In Bhutan, the Mirandu people keep their language.", "Mirandu"),
        ("Seeking the Settlement of any Disputes which may arise.", "Disputes"),
        ("Coins found in the grave date from the first century.", "Coins"),
        ("Each Member State shall submit reports to the Organization.", "State"),
        # a place, a route or an award, whatever the model reads
        ("He moved to the Marvale Regions. Harrow Creek was flooded, said Tomas.", "Harrow Creek"),
        ("Lantern Awards and Marlow Prize went to her in 1999.", "Lantern Awards"),
    ],
)
def test_forms_of_address_and_sentence_ends_are_not_names(text: str, unwanted: str) -> None:
    names = [m.name for m in _people(text)]
    assert not any(unwanted in n for n in names), names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # speakers of a verbatim record: surname in capitals, delegation in brackets
        ("Mr. HALVORSEN (Nepal) (translated from French): I support the draft.", ["HALVORSEN"]),
        ("Mr. de MONTREVEL (Bhutan): We agree.", ["de MONTREVEL"]),
        # bylines of a magazine article
        ("The digging went on.\nby Tomasz K. Wierzbicki\nOf the six graves, five were rich.",
         ["Tomasz K. Wierzbicki"]),
        ("ARTHUR WINTERBOTTOM\nThe volunteers came from far away to help.",
         ["ARTHUR WINTERBOTTOM"]),
        ("THE DESERT ADVANCES\nSand moves south every year.", []),
        # words of a heading line in capitals the model reads as a name (the line break with it)
        (" " * 95 + "40 C/VR.9\n" + " " * 17 + "PROCEEDINGS - GENERAL CONFERENCE, 40th SESSION\n"
         + " " * 46 + "NINTH PLENARY MEETING\n" + " " * 38
         + "Wednesday 13 November 2019, at 3.15 p.m.\n", []),
        # a numbered heading is no person with an initial
        ("The General Conference recommends that Member States apply the following provisions "
         "by taking whatever legislative or other steps may be required to give effect, within "
         "their respective territories, to the principles and norms formulated in this "
         "Recommendation.\n\nI. Scope and definitions\n", []),
    ],
)
def test_speakers_and_bylines(text: str, expected: list[str]) -> None:
    assert [m.name for m in _people(text)] == expected


def test_a_middle_initial_gives_the_name_without_it() -> None:
    (m,) = [m for m in _people("The dig was led by Tomasz K. Wierzbicki last year.")
            if m.name == "Tomasz K. Wierzbicki"]
    assert "Tomasz Wierzbicki" in m.alternate_names


@pytest.mark.parametrize(("text", "expected"), [
    ("The Board proposed Mr. Federico Mayor as Director-General.", ["Federico Mayor"]),
    ("Amadou-Mahtar M'Bow and Federico Mayor Zaragoza met.",
     ["Amadou-Mahtar M'Bow", "Federico Mayor Zaragoza"]),
    # a post word after a given name, before "of", is the post
    ("Speaking after him, Maria Director of the Museum spoke.", ["Maria"]),
    # a title word that is no post ("Right" of "Right Reverend") is no surname
    ("Photos by Tony Nash, Milan Right, on May 20, the prize was given.", ["Tony Nash"]),
])
def test_a_post_word_after_a_given_name_can_be_a_surname(text: str, expected: list[str]) -> None:
    assert [m.name for m in _people(text)] == expected


def test_a_given_name_of_the_world_list_opens_a_name() -> None:
    # "Théodore" and "Mamadou" come from ontology/lexicon/given-names-world.ttl
    text = ("In 1965 a team led by the geographer Théodore Monod surveyed the delta with "
            "Mamadou Kone.")
    assert {m.name for m in _people(text)} >= {"Théodore Monod", "Mamadou Kone"}


def test_a_note_on_the_author_opened_by_the_name_in_capitals_is_a_person() -> None:
    from graph.pipeline import extract_records
    from graph.registry import extractors

    text = ("The festival was a revelation.\nPersian musicians learn the radif by heart.\n"
            "KAVEH ROSTAMI, Iranian musicologist, teaches\nat the Faculty of Fine Arts of the "
            "University of\nTehran. He is the author of a book on the santur.")
    digest = hashlib.sha256(text.encode()).hexdigest()
    pdoc = next(process([Document("t.txt", text, "text/plain", f"sha256:{digest}")]))
    records = extract_records(pdoc, extractors.ordered(extractors.names()), [], reviewed=True)
    kinds = {r.kind for r in records if isinstance(r, Mention) and r.name == "KAVEH ROSTAMI"}
    assert kinds == {EntityKind.PERSON}  # the organisation the model read there goes


def test_a_body_read_inside_a_person_with_an_honorific_goes() -> None:
    from graph.pipeline import extract_records
    from graph.registry import extractors

    text = ("3.4  Mr. Federico MAYOR (translation from the Spanish):\nMr. President, I thank the "
            "Conference.\n4.3     Ms WANJIRU (Kenya) welcomed the attention paid to the Plan.")
    digest = hashlib.sha256(text.encode()).hexdigest()
    pdoc = next(process([Document("t.txt", text, "text/plain", f"sha256:{digest}")]))
    records = extract_records(pdoc, extractors.ordered(extractors.names()), [], reviewed=True)
    kinds = {(r.name, r.kind) for r in records if isinstance(r, Mention)}
    assert ("Federico MAYOR", EntityKind.PERSON) in kinds
    assert ("WANJIRU", EntityKind.PERSON) in kinds
    assert not {n for n, k in kinds if k is EntityKind.ORGANIZATION}
