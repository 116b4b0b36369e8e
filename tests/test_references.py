"""references.v1: the documents a text refers to, each cited by the source document."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import graph.extract.document  # noqa: F401  (registers document.v1, which references.v1 requires)
from graph._nlp import load_pipeline
from graph.extract.references import NAME
from graph.records import (
    DateValue,
    DocField,
    DocumentFact,
    EntityKind,
    Mention,
    Record,
    Relation,
    RelationKind,
)
from graph.registry import extractors

from .conftest import lines, processed

Run = Callable[[str], list[Record]]


@pytest.fixture(scope="module")
def run() -> Run:
    load_pipeline()  # once per module

    def _run(text: str) -> list[Record]:
        pdoc = processed(text, path="doc.txt")
        found: list[Record] = []
        ours: list[Record] = []
        for spec in extractors.ordered([NAME]):  # document.v1 first: it is required
            for record in spec.func(pdoc, found):
                found.append(record)
                if spec.name == NAME:
                    ours.append(record)
        for record in ours:
            assert record.extractor == NAME
            span = getattr(record, "span", None)
            if span is not None:
                assert text[span.start:span.end] == span.text
        return ours

    return _run


def works(records: list[Record]) -> set[tuple[str, str | None]]:
    return {(m.name, m.subtype) for m in records
            if isinstance(m, Mention) and m.kind is EntityKind.WORK}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Toussaint Tiendrebeogo Secretary of the Convention on the Protection and Promotion "
            "of the\n\nDiversity of Cultural Expressions",
            {("Convention on the Protection and Promotion of the Diversity of Cultural "
              "Expressions", "Convention")},
            id="convention-in-post-across-page-break"),
        pytest.param(
            "States Parties to the 2003 Convention and to the World Heritage Convention met.",
            # both in the authority file: named as it names them
            {("Convention for the Safeguarding of the Intangible Cultural Heritage", "Convention"),
             ("Convention concerning the Protection of the World Cultural and Natural Heritage",
              "Convention")},
            id="conventions-by-year-and-name"),
        pytest.param(
            "Recalling the Tessby Declaration and Programme of Action, the Varn Declaration on "
            "Rivers and Lakes, the Orlund Plan of Implementation and the Northern Framework "
            "Convention on Fisheries,",
            {("Tessby Declaration and Programme of Action", "Declaration"),
             ("Varn Declaration on Rivers and Lakes", "Declaration"),
             ("Orlund Plan of Implementation", None),
             ("Northern Framework Convention on Fisheries", "Convention")},
            id="compound-heads-and-a-list-of-instruments"),
        pytest.param(
            "Recalling the Operational Guidelines for the Implementation of the Tessby Convention "
            "and the Memorandum of Understanding between the League and the Board,",
            {("Operational Guidelines for the Implementation of the Tessby Convention", None),
             ("Memorandum of Understanding between the League and the Board", None)},
            id="a-second-document-after-and-the"),
        pytest.param(
            "The Board read the Report of the Tessby Committee and the Director-General's report "
            "on the Programme and Budget for 2004-2005 and the Varn Document on Rivers.",
            {("Report of the Tessby Committee", "Report"),
             ("Programme and Budget for 2004-2005", None), ("Varn Document on Rivers", None)},
            id="a-possessive-after-and-starts-another-phrase"),
        pytest.param(
            "It recalled the Universal Declaration of Human Rights and the Convention against "
            "Discrimination in Education.",
            {("Universal Declaration of Human Rights", "Declaration"),
             ("Convention against Discrimination in Education", "Convention")},
            id="declaration-and-convention"),
        pytest.param(
            "Countries reported on the Education 2030 Framework for Action and the 2030 Agenda "
            "for Sustainable Development.",
            {("Education 2030 Framework for Action", None),
             ("2030 Agenda for Sustainable Development", "Agenda")},
            id="two-titles-joined-by-and"),
        pytest.param(
            "The dialogue was held on the UN Secretary-General's Roadmap on Digital Cooperation. "
            "The Secretary-General's Roadmap responds to the High-Level Panel.",
            {("Roadmap on Digital Cooperation", "Roadmap"), ("Roadmap", "Roadmap")},
            id="roadmap-with-author"),
        pytest.param(
            "This is why UNESCO, with the support of its Member States, is working on a world "
            "first recommendation on the ethics of AI.",
            {("Recommendation on the ethics of AI", "Recommendation")},
            id="recommendation-described"),
        pytest.param(
            "As you know, UNESCO embarked on a two-year process to elaborate the first global "
            "standard-setting instrument on the ethics of artificial intelligence in the form of "
            "a Recommendation. The final draft of the Recommendation will be submitted in "
            "November.",
            {("Recommendation on the ethics of artificial intelligence", "Recommendation"),
             ("Recommendation", "Recommendation")},
            id="instrument-in-the-form-of"),
        pytest.param(
            "The General Conference decided to prepare an international standard-setting "
            "instrument on the ethics of artificial intelligence in the form of a recommendation.",
            {("Recommendation on the ethics of artificial intelligence", "Recommendation")},
            id="instrument-in-the-form-of-lowercase"),
        pytest.param(
            "The Conference adopted 32 C/Resolution 9 and recalled General Assembly resolution "
            "70/1 and decision 14.IGC 7 of the Committee, as well as document A/RES/71/313.",
            {("32 C/Resolution 9", "Resolution"), ("Resolution 70/1", "Resolution"),
             ("Decision 14.IGC 7", "Decision"), ("A/RES/71/313", "Resolution")},
            id="symbols"),
        pytest.param(
            "Having before it resolution 4.1 adopted at its eighteenth session and decision 5.3 "
            "of the Executive Board, and noting the Final Act of the Tessaly Conference,",
            {("Resolution 4.1", "Resolution"), ("Decision 5.3", "Decision"),
             ("Final Act of the Tessaly Conference", None)},
            id="resolution-by-item-and-final-act"),
        pytest.param(
            "Referring to resolution 4/7.6/5 of the General Conference and to General Assembly "
            "resolution 3187 (XXVIII),\nNoting the Recommendation concerning the Status of "
            "Tessaly Rowers of 1968,\nBearing in mind its earlier work and that of others,",
            {("Resolution 4/7.6/5", "Resolution"), ("Resolution 3187 (XXVIII)", "Resolution"),
             ("Recommendation concerning the Status of Tessaly Rowers", "Recommendation")},
            id="symbols-with-sessions-and-a-clause-ending-at-a-line-end"),
        pytest.param(
            "The Board examined the Report of the Director-General on the Implementation of the "
            "Programme and the Medium-Term Strategy.",
            {("Report of the Director-General on the Implementation of the Programme", "Report"),
             ("Medium-Term Strategy", "Strategy")},
            id="report-and-strategy"),
        pytest.param(
            "It recalled Security Council resolution 2347 (2017), the Agenda 2030 and the report "
            "of the Director-General (document SHS/2019/MOST/IGC/3).",
            {("Resolution 2347 (2017)", "Resolution"),
             ("2030 Agenda for Sustainable Development", "Agenda"),  # the authority's name
             ("SHS/2019/MOST/IGC/3", None)},
            id="resolution-agenda-and-symbol-in-brackets"),
        pytest.param(
            "I refer to my letter dated 2 April 2019 and to the letter of 5 May 2019 from the "
            "Permanent Delegation.",
            {("letter dated 2 April 2019", "LetterReference"),
             ("letter of 5 May 2019", "LetterReference")},
            id="letters"),
        pytest.param(
            "The first draft is available at https://unesdoc.unesco.org/ark:/48223/pf0000373434. "
            "For more information, please visit www.unesco.org/culture.",
            {("https://unesdoc.unesco.org/ark:/48223/pf0000373434", "WebResource"),
             ("www.unesco.org/culture", "WebResource")},
            id="urls"),
        pytest.param(
            "Recalling the Convention on Widget Safety of 21 December 1965 and the 2009 "
            "Declaration on Forest Peoples,",
            {("Convention on Widget Safety", "Convention"),
             ("Declaration on Forest Peoples", "Declaration")},
            id="dates-are-not-part-of-names"),
        pytest.param(
            "Recalling the two International Covenants on Fishing Rights and on Farming Rights "
            "of 16 December 1966,",
            {("International Covenant on Fishing Rights", None),
             ("International Covenant on Farming Rights", None)},
            id="plural-head-one-instrument-per-title"),
        pytest.param(
            "Recalling Council resolutions 2001/39 on Genetic Privacy of 26 July 2001 and "
            "2003/232 on Genetic Privacy of 22 July 2003,",
            {("Resolution 2001/39", "Resolution"), ("Resolution 2003/232", "Resolution")},
            id="plural-resolutions"),
        pytest.param(
            "Recalling the ILO Convention (No. 111) concerning Discrimination in Respect of "
            "Employment and Occupation of 25 June 1958 and the TRIPS Agreement,",
            {("Convention (No. 111) concerning Discrimination in Respect of Employment and "
              "Occupation", "Convention"), ("TRIPS Agreement", None)},
            id="number-and-acronym-that-is-no-author"),
        pytest.param(
            "Bearing in mind ILO Convention No. 169 concerning Tribal Peoples in Independent "
            "Countries, the Charter of the United Nations and General Assembly resolution 61/295,",
            {("Convention No. 169 concerning Tribal Peoples in Independent Countries",
              "Convention"), ("Charter of the United Nations", None),
             ("Resolution 61/295", "Resolution")},
            id="number-without-brackets-and-a-resolution-after-and"),
        pytest.param(
            "Mindful of the Addis Ababa Action Agenda and of the Provisional Agenda,",
            {("Addis Ababa Action Agenda", "Agenda")},
            id="agenda-named-by-a-town-after-a-preamble-word"),
        pytest.param(
            "The related documents are documents 39 C/NOM/2 and 39 C/NOM/2 Add. and the draft "
            "resolution 2 XC/DR. 3 amends document 3 XC/l.",
            {("39 C/NOM/2", None), ("39 C/NOM/2 Add.", None), ("2 XC/DR. 3", None),
             ("3 XC/1", None)},
            id="session-symbols"),
        pytest.param(
            "It adopts the draft resolution in document 30 C/DR.l2 and recalls 8 C/Resolution 4.l.",
            {("30 C/DR.12", None), ("8 C/Resolution 4.1", "Resolution")},
            id="ocr-letters-for-ones-beside-digits"),
        pytest.param(
            "See documents 2 XC/P/1 and 2 XC/ 9 and 8 C/Resolution 4.1.",
            {("2 XC/P/1", None), ("2 XC/9", None), ("8 C/Resolution 4.1", "Resolution")},
            id="session-symbols-ocr"),
        pytest.param(
            "His decision would appear in document 184 EX/Decisions, as 35 C/Resolutions shows; "
            "see also 205 EX/5.INF.",
            {("184 EX/Decisions", None), ("35 C/Resolutions", None), ("205 EX/5.INF", None)},
            id="a-session-s-volume-of-decisions"),
        pytest.param(
            "Considering that, under the terms of its Constitution, the Organization acts.",
            {("Constitution", None)},
            id="its-constitution"),
        pytest.param(
            "The Conference took note of the report of the Nominations Committee and of the "
            "report of the meeting.",
            {("report of the Nominations Committee", "Report")},
            id="a-body-s-report"),
        pytest.param(
            "Recalling the World Declaration on Higher Education for the Twenty-first Century: "
            "Vision and Action and the Guidelines for the implementation of the Universal "
            "Declaration on Widgets,",
            {("World Declaration on Higher Education for the Twenty-first Century: Vision and "
              "Action", "Declaration"),
             ("Guidelines for the implementation of the Universal Declaration on Widgets", None)},
            id="subtitle-and-common-noun-before-of-title"),
        pytest.param(
            "Noting the Dakar Framework for Action, Education for All: Meeting our Collective "
            "Commitments, and the Widget Declaration of 2000,",
            {("Dakar Framework for Action", None), ("Widget Declaration", "Declaration")},
            id="a-comma-no-and-follows-and-a-subtitle-in-running-words-end-a-title"),
        pytest.param(
            "Considering the Freedom of Association and Protection of the Right to Organise "
            "Convention, 1948 (No. 87),",
            {("Freedom of Association and Protection of the Right to Organise Convention",
              "Convention")},
            id="a-title-of-several-small-words-before-its-head"),
        pytest.param(
            "Recalling the Kyoto Protocol and the Nagoya Protocol, the Widget Agreement and its "
            "Second Protocol,",
            {("Kyoto Protocol", None), ("Nagoya Protocol", None), ("Widget Agreement", None),
             ("Second Protocol", None)},
            id="a-protocol-named-by-a-town-or-a-rank"),
        pytest.param(
            "Noting the Statutes of the Widget Bureau of Education and the Final Act of the "
            "Conference on Widgets in Europe, and the two International Covenants on Human Rights,",
            {("Statutes of the Widget Bureau of Education", None),
             ("Final Act of the Conference on Widgets in Europe", None),
             ("International Covenants on Human Rights", None)},
            id="statutes-a-final-act-after-and-and-a-plural-name-of-one-title"),
        pytest.param(
            "Recalling the International Covenant on Widget Rights and Articles 19 and 22 of the "
            "Widget Charter,",
            {("International Covenant on Widget Rights", None), ("Widget Charter", None)},
            id="a-title-stops-before-and-articles"),
        pytest.param(
            "Recalling the Convention on Access to Widget Resources and the Fair Sharing of "
            "Benefits Arising from their Utilization, and the Declaration on the Participation of "
            "Widget Makers at Large in Cultural Life,",
            {("Convention on Access to Widget Resources and the Fair Sharing of Benefits Arising "
              "from their Utilization", "Convention"),
             ("Declaration on the Participation of Widget Makers at Large in Cultural Life",
              "Declaration")},
            id="from-their-and-at-inside-a-title"),
        pytest.param(
            "the International Declaration against Widgets adopted by the United Nations General "
            "Assembly in resolution 32/105 M of 14 December 1977,",
            {("International Declaration against Widgets", "Declaration"),
             ("Resolution 32/105 M", "Resolution")},
            id="a-resolution-number-keeps-its-letter"),
        pytest.param(
            "Last May, the Republic of Widgetland had the privilege of hosting a forum in "
            "Widgetville. The Widgetville\nDeclaration adopted there sets out a new vision.",
            {("Widgetville Declaration", "Declaration")},
            id="a-title-wrapped-over-two-lines-of-prose"),
        pytest.param(
            "Recalling the Recommendation concerning the Protection, at National Level, of the "
            "Cultural and Natural Heritage (1972), and the Charter of the United Nations,",
            {("Recommendation concerning the Protection, at National Level, of the Cultural and "
              "Natural Heritage", "Recommendation"), ("Charter of the United Nations", None)},
            id="a-listed-instrument-runs-across-its-commas"),
        pytest.param(
            "Acknowledging the Kyoto Protocol on Access to Seeds and the Fair Sharing of Benefits "
            "Arising from their Use to the Convention on Biological Diversity, and the rest,",
            {("Kyoto Protocol on Access to Seeds and the Fair Sharing of Benefits Arising from "
              "their Use to the Convention on Biological Diversity", None)},
            id="a-head-word-after-a-preposition-is-inside-the-title"),
        pytest.param(
            "as expressed in the Varn Declaration on Rivers, in the Tessby Framework Convention "
            "on Lakes and in the Convention on Biological Diversity,",
            {("Varn Declaration on Rivers", "Declaration"),
             ("Tessby Framework Convention on Lakes", "Convention"),
             ("Convention on Biological Diversity", "Convention")},
            id="and-in-starts-a-second-document"),
        pytest.param(
            "Recalling the Tessby Action Plan for Widget Reserves, the Varn Public Library "
            "Manifesto and the Orlund Call to Action for Learning Towns,",
            {("Tessby Action Plan for Widget Reserves", None),
             ("Varn Public Library Manifesto", None),
             ("Orlund Call to Action for Learning Towns", None)},
            id="action-plans-manifestos-and-calls-to-action"),
        pytest.param(
            "Noting the Widget Convention of 2015 and the assessments of the Tessby Panel on "
            "Rowing (TPR), which show much,",
            {("Widget Convention", "Convention")},
            id="and-the-common-noun-of-starts-a-second-phrase"),
    ],
)
def test_referenced_documents(run: Run, text: str, expected: set[tuple[str, str | None]]) -> None:
    assert works(run(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("He was a delegate to the 1852 Democratic National Convention in Baltimore.",
                     id="political-convention"),
        pytest.param("The Committee made a recommendation on the budget.",
                     id="recommendation-as-advice"),
        # (a body's report, "the report of the Bureau", is one: see "a-body-s-report")
        pytest.param("The Committee adopted the Provisional Agenda and the report.",
                     id="agenda-and-lowercase-report"),
        pytest.param("The Secretary of the Convention presented the recommendations of the Panel.",
                     id="bare-convention-without-full-name"),
        pytest.param(
            "7, place de Fontenoy 75352 Paris 07 SP, France Tél. : +33 (0)1 45 68 10 00 "
            "www.unesco.org",
            id="home-page-in-footer"),
        pytest.param("In the 2012 election the party won 40 seats, see page 12/3/4.",
                     id="plain-sentence"),
        pytest.param("She heads the Strategy Division of the Organization.",
                     id="head-word-inside-a-unit-name"),
        pytest.param("Adopts the present Recommendation on this tenth day of November 2011.",
                     id="the-day-of-adoption-is-no-title"),
        pytest.param("She is Chief of Protocol and signed the Treaty.", id="protocol-as-an-office"),
        pytest.param("The action plan was discussed, and a manifesto was read.",
                     id="lower-case-action-plan"),
    ],
)
def test_no_false_references(run: Run, text: str) -> None:
    assert works(run(text)) == set()


def test_link_written_twice_is_one_reference(run: Run) -> None:
    records = run("Visit www.unesco.org/creativity (https://www.unesco.org/creativity).")
    assert works(records) == {("www.unesco.org/creativity", "WebResource")}


def test_every_work_is_cited(run: Run) -> None:
    records = run("It recalled the Convention on Biological Diversity and resolution 70/1.")
    cited = [f.value for f in records if isinstance(f, DocumentFact) and f.field is DocField.CITES]
    mentions = [m for m in records if isinstance(m, Mention) and m.kind is EntityKind.WORK]
    assert cited == mentions and len(mentions) == 2


@pytest.mark.parametrize(
    ("text", "name", "field", "value"),
    [
        ("See https://unesdoc.unesco.org/ark:/48223/pf0000373434_rus.",
         "https://unesdoc.unesco.org/ark:/48223/pf0000373434_rus", "identifier",
         "ark:/48223/pf0000373434_rus"),
        ("See www.unesco.org/creativity for details.", "www.unesco.org/creativity", "url",
         "https://www.unesco.org/creativity"),
        ("Please visit our website: www.unesco.org/creativity (https://www.unesco.org/creativity).",
         "www.unesco.org/creativity", "alternate_names", ("https://www.unesco.org/creativity",)),
        ("General Assembly resolution 70/1 was adopted.", "Resolution 70/1", "alternate_names",
         ("General Assembly resolution 70/1",)),
        ("It recalled 39 C/Resolution 12.", "39 C/Resolution 12", "identifier",
         "39 C/Resolution 12"),
        ("the UN Secretary-General's Roadmap on Digital Cooperation",
         "Roadmap on Digital Cooperation", "alternate_names",
         ("UN Secretary-General's Roadmap on Digital Cooperation",)),
        ("The text should refer to the Council of Europe's Convention for the Protection of "
         "Individuals with regard to Automatic Processing of Personal Data.",
         "Convention for the Protection of Individuals with regard to Automatic Processing of "
         "Personal Data", "alternate_names",
         ("Council of Europe's Convention for the Protection of Individuals with regard to "
          "Automatic Processing of Personal Data",)),
        ("Participants recalled the ILO/UNESCO Recommendation concerning the Status of Teachers.",
         "Recommendation concerning the Status of Teachers", "alternate_names",
         ("ILO/UNESCO Recommendation concerning the Status of Teachers",)),
        ("I refer to our letter dated 2 April 2019.", "letter dated 2 April 2019", "start_date",
         DateValue("2019-04-02")),
    ],
)
def test_reference_details(run: Run, text: str, name: str, field: str, value: object) -> None:
    (mention,) = [m for m in run(text) if isinstance(m, Mention) and m.name == name]
    assert getattr(mention, field) == value


@pytest.mark.parametrize(
    ("text", "work", "organization"),
    [
        ("This is why UNESCO, with the support of its Member States, is working on a world "
         "first recommendation on the ethics of AI.",
         "Recommendation on the ethics of AI", "UNESCO"),
        ("As you know, UNESCO embarked on a two-year process to elaborate the first global "
         "standard-setting instrument on the ethics of artificial intelligence in the form of a "
         "Recommendation.",
         "Recommendation on the ethics of artificial intelligence", "UNESCO"),
        ("The Committee examined the Report on Cultural Policies prepared by the World Heritage "
         "Centre.", "Report on Cultural Policies", "World Heritage Centre"),
        ("The Committee requested UNESCO to prepare a Strategy for Digital Heritage.",
         "Strategy for Digital Heritage", "UNESCO"),
    ],
)
def test_prepared_by(run: Run, text: str, work: str, organization: str) -> None:
    records = run(text)
    rels = [(r.subject.name, r.object.name, r.object.kind) for r in records
            if isinstance(r, Relation) and r.kind is RelationKind.PREPARED_BY]
    assert rels == [(work, organization, EntityKind.ORGANIZATION)]
    assert any(isinstance(m, Mention) and m.name == organization for m in records)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The General Conference adopted the Recommendation on Open Science.",
                     id="adopting-is-not-preparing"),
        pytest.param("The Council examined the Report on Cultural Policies prepared by the "
                     "Secretariat.", id="generic-body-alone"),
        pytest.param("Member States are working on a Convention on Digital Heritage.",
                     id="not-an-organization"),
    ],
)
def test_no_prepared_by(run: Run, text: str) -> None:
    assert not [r for r in run(text) if isinstance(r, Relation)]


LETTER = lines(
    "Ref.: CLT/DCE/19/0042",
    "",
    "Dear Mr Lindqvist,",
    "",
    "Thank you for your letter dated 11 February 2019. I also refer to my letter dated 3 "
    "January 2019 on the Convention on the Protection and Promotion of the Diversity of "
    "Cultural Expressions.",
    "",
    "Yours sincerely,",
    "",
    "Maria Alvarez",
    "Chief of Section",
    "",
)


def test_letter_seen_by_document_v1_is_not_repeated(run: Run) -> None:
    records = run(LETTER)
    assert works(records) == {
        ("letter dated 3 January 2019", "LetterReference"),
        ("Convention on the Protection and Promotion of the Diversity of Cultural Expressions",
         "Convention"),
    }
    # the document's own reference number is not a cited document
    assert not any(isinstance(m, Mention) and m.identifier == "CLT/DCE/19/0042" for m in records)
    # "my letter" was written by this letter's sender
    (rel,) = [r for r in records if isinstance(r, Relation)]
    assert rel.kind is RelationKind.SENT_BY
    assert (rel.subject.name, rel.object.name) == ("letter dated 3 January 2019", "Maria Alvarez")


@pytest.mark.parametrize(
    ("text", "name", "iri", "date"),
    [
        ("States Parties to the World Heritage Convention met.",
         "Convention concerning the Protection of the World Cultural and Natural Heritage",
         "instrument/unesco-13055", "1972-11-16"),
        ("They revised the Universal Copyright Convention (hereinafter the 1952 Convention).",
         "Universal Copyright Convention", "instrument/unesco-15381", "1952-09-06"),
        ("Recalling the International Covenant on Civil and Political Rights of 1966,",
         "International Covenant on Civil and Political Rights", "instrument/iccpr",
         "1966-12-16"),
        # a treaty the file lists needs no year beside it, and is read whole
        ("Recalling the Treaty on the Protection of Artistic and Scientific Institutions and "
         "Historic Monuments, signed at Washington,",
         "Treaty on the Protection of Artistic and Scientific Institutions and Historic "
         "Monuments", "instrument/roerich-pact", "1935-04-15"),
        ("Noting the Rome Statute of the International Criminal Court,",
         "Rome Statute of the International Criminal Court", "instrument/rome-statute",
         "1998-07-17"),
    ],
)
def test_instruments_link_to_the_authority_file(run: Run, text: str, name: str, iri: str,
                                                date: str) -> None:
    found = [m for m in run(text) if isinstance(m, Mention) and m.kind is EntityKind.WORK]
    assert found and all(m.name == name for m in found)
    assert all(m.authority and m.authority.endswith(iri) for m in found)
    assert all(m.start_date == DateValue(date) for m in found)


@pytest.mark.parametrize(
    ("text", "name", "alternate"),
    [
        ("Recalling the Trade Related Aspects of Intellectual Property Rights Agreement (TRIPS) "
         "annexed to it,", "Trade Related Aspects of Intellectual Property Rights Agreement",
         "TRIPS"),
        ("Recalling Council resolution 2001/39 on Genetic Privacy and Non-Discrimination,",
         "Resolution 2001/39", "resolution 2001/39 on Genetic Privacy and Non-Discrimination"),
        ("Recalling Economic and Social Council resolution 2001/39,", "Resolution 2001/39",
         "Economic and Social Council resolution 2001/39"),
    ],
)
def test_short_name_and_title_after_a_document(run: Run, text: str, name: str,
                                               alternate: str) -> None:
    (m,) = [m for m in run(text) if isinstance(m, Mention) and m.name == name]
    assert alternate in m.alternate_names
    assert alternate.split()[-1] in text[m.span.start:m.span.end]


def test_a_resolution_takes_no_author_that_names_no_body(run: Run) -> None:
    text = "Noting resolution 2200 A (XXI) of the General Assembly,"
    (m,) = [m for m in run(text) if isinstance(m, Mention) and m.name.startswith("Resolution")]
    assert not any("Noting" in a for a in m.alternate_names)
    assert text[m.span.start:m.span.end].startswith("resolution")


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("Her Rivers of the Northern Steppe was published in Lyon in 1981.",
         ["Rivers of the Northern Steppe"]),
        ("Their Songs before the\nHarvest has been translated into six languages.",
         ["Songs before the Harvest"]),
        # one word after the possessive is no title; nor is a title the sentence does not publish
        ("His Majesty was released in 1945.", []),
        ("His Rivers of the Northern Steppe sold well.", []),
    ],
)
def test_a_title_said_to_be_published_is_a_work(run: Run, text: str, titles: list[str]) -> None:
    works = [r.name for r in run(text) if isinstance(r, Mention) and r.kind is EntityKind.WORK]
    assert works == titles


def test_a_short_form_the_text_defines_names_the_title(run: Run) -> None:
    text = ("Recalling the Regional Convention on the Recognition of Widgets in Asia, adopted in "
            "Bangkok on 16 December 1983, hereinafter called \"the 1983 Regional Convention\", "
            "and noting that the 1983 Regional Convention has been ratified,")
    found = [r for r in run(text) if isinstance(r, Mention) and r.kind is EntityKind.WORK]
    assert {m.name for m in found} == {
        "Regional Convention on the Recognition of Widgets in Asia"}
    assert len(found) == 3 and all("1983 Regional Convention" in m.alternate_names for m in found)


def test_a_symbol_in_brackets_after_a_title_is_the_titled_document(run: Run) -> None:
    records = run("The Conference examined the report of the Commission (28 C/74) and took note "
                  "of the Declaration (resolution 217 A (III)).")
    works_ = [m for m in records if isinstance(m, Mention) and m.kind is EntityKind.WORK]
    report = [m for m in works_ if "28 C/74" in (m.name, *m.alternate_names)]
    assert report and all(m.name == "report of the Commission" for m in report)
    assert any(m.name.lower().startswith("resolution 217") for m in works_)  # its own document
