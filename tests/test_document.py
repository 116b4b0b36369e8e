"""document.v1: kind, title, identifier, date, language and correspondents of a document."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graph._nlp import load_pipeline
from graph.extract.document import NAME, detect_language
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

Run = Callable[..., list[Record]]


@pytest.fixture(scope="module")
def run() -> Run:
    load_pipeline()  # once per module

    def _run(text: str, metadata: tuple[tuple[str, str], ...] = (),
             media_type: str = "text/plain") -> list[Record]:
        pdoc = processed(text, metadata, media_type, path="doc.txt")
        found: list[Record] = []
        found.extend(extractors.get(NAME).func(pdoc, found))
        for record in found:  # every span is the text it claims to be
            span = getattr(record, "span", None)
            if span is not None:
                assert text[span.start:span.end] == span.text
            assert record.extractor == NAME
        return found

    return _run


def facts(records: list[Record]) -> dict[DocField, object]:
    out: dict[DocField, object] = {}
    for r in records:
        if isinstance(r, DocumentFact):
            value = r.value.name if isinstance(r.value, Mention) else r.value
            out.setdefault(r.field, value)
    return out


# A letter laid out as PDFs of UN letters come out: a multilingual letterhead, the recipient's
# name, post and address flattened into one line, a footer with the address and the home page.
LETTER_EN = lines(
    "",
    "",
    "United Nations",
    "Educational, Scientific and",
    "Cultural Organization",
    "",
    "Organisation des Nations Unies pour l'éducation, la science et la culture",
    "",
    "Organización de las Naciones Unidas para la Educación, la Ciencia y la Cultura",
    "",
    "Education Sector Section of Higher Education",
    "",
    "Prof. Dr. Anna Kowalska Rector University of Warsaw Krakowskie Przedmiescie 26, "
    "00-927 Warsaw Poland",
    "",
    "14 octobre 2022",
    "",
    "Ref.: ED/HE/22/0815",
    "",
    "Dear Professor Kowalska,",
    "",
    "On behalf of the Assistant Director-General for Education, I would like to thank you "
    "for your letter dated 2 September 2022 in which you presented the activities of your "
    "university in the field of open science.",
    "",
    "I was pleased to learn of your participation in the World Higher Education Conference "
    "last May, and I look forward to our cooperation.",
    "",
    "7, place de Fontenoy 75352 Paris 07 SP, France Tél. : +33 (0)1 45 68 10 00 www.unesco.org",
    "",
    "Yours faithfully,",
    "",
    "Jean-Pierre Martin Chief of Section Higher Education",
    "",
)

LETTER_OUR_REF = lines(
    "United Nations Educational, Scientific and Cultural Organization",
    "",
    "Our ref.: ED/PLS/YDS/2019/112",
    "",
    "H.E. Ms Amina Yusuf",
    "Minister of Education",
    "Federal Ministry of Education",
    "Abuja, Nigeria",
    "",
    "12 June 2019",
    "",
    "Dear Minister,",
    "",
    "Thank you for your letter of 3 May 2019 informing us of the progress made in "
    "implementing the Education 2030 Framework for Action in your country. We will share "
    "it with the Steering Committee.",
    "",
    "Yours sincerely,",
    "",
    "Helena Marsh-Okoro",
    "Assistant Director-General for Education",
    "",
)

LETTER_FR = lines(
    "Organisation des Nations Unies pour l'éducation, la science et la culture",
    "",
    "Madame Marie Dupont",
    "Directrice générale",
    "Institut national du patrimoine",
    "2 rue Vivienne",
    "75002 Paris",
    "",
    "Paris, le 30 mars 2021",
    "",
    "Réf. : CLT/HER/21/0457",
    "",
    "Madame la Directrice générale,",
    "",
    "J'ai l'honneur d'accuser réception de votre lettre du 2 mars 2021 concernant la mise "
    "en œuvre de la Convention dans votre pays. Je vous remercie de l'intérêt que vous "
    "portez à nos travaux et je suis heureux de vous informer que le Comité examinera "
    "votre demande lors de sa prochaine session.",
    "",
    "Je vous prie d'agréer, Madame la Directrice générale, l'assurance de ma haute "
    "considération.",
    "",
    "Ramón Ibarra Soler",
    "Sous-Directeur général pour la culture",
    "",
)

LETTER_ES = lines(
    "Madrid, 3 de octubre de 2005",
    "",
    "Nuestra ref.: CLT/CEI/DCE/2005/117",
    "",
    "Estimado Sr. Pérez:",
    "",
    "Le agradezco su carta de fecha 12 de septiembre de 2005, en la que nos informa de las "
    "actividades de su institución en el ámbito de la cultura. Es para nosotros un placer "
    "colaborar con ustedes en la preparación de la reunión.",
    "",
    "Atentamente,",
    "",
    "Lucía García Torres",
    "Directora de la División",
    "",
)

MEETING_REPORT = lines(
    "CE/21/14.IGC/INF.1",
    "Paris, 28 May 2021",
    "Original: English",
    "",
    "Summary record of the fourteenth session of the Intergovernmental Committee for the "
    "Protection and Promotion of the Diversity of Cultural Expressions",
    "",
    "Item 1 of the provisional agenda: Opening of the session",
    "",
    "1. The Chairperson opened the session at 10 a.m. on 1 February 2021 and welcomed the "
    "delegations. The Committee adopted the agenda as contained in document CE/21/14.IGC/2 "
    "without amendment.",
    "",
    "2. The Secretary presented the report on the activities of the Secretariat. The "
    "Committee decided to transmit the report to the Conference of Parties.",
    "",
)

PRESS_RELEASE = lines(
    "Press release",
    "",
    "UNESCO launches global consultation on the ethics of artificial intelligence",
    "",
    "PARIS, 15 June — UNESCO today launched a global consultation on the first draft of a "
    "Recommendation on the Ethics of Artificial Intelligence. Member States and experts "
    "are invited to comment before 31 July, said the Organization in a statement.",
    "",
)

NEWS_PAGE = lines(
    "",
    "",
    "Loading media information hide",
    "",
    "Scientists gather in Nairobi to discuss the future of water resources management",
    "",
    "On 3 March, more than two hundred hydrologists from forty countries met in Nairobi "
    "for the opening of the International Hydrological Programme's regional workshop on "
    "groundwater.",
    "",
    "The workshop will close on Friday with the adoption of a set of recommendations.",
    "",
)

WEB_PAGE = lines(
    "Water and sanitation",
    "",
    "The Organization supports Member States in the sustainable management of their water "
    "resources, through research, education and capacity-building programmes run with "
    "partner universities around the world.",
    "",
)

REPORT_WITH_LETTERHEAD = lines(
    "United Nations Educational, Scientific and Cultural Organization",
    "",
    "United Nations",
    "Educational, Scientific and",
    "Cultural Organization",
    "",
    "Report of the Director-General on the Execution of the Programme Adopted by the "
    "General Conference",
    "",
    "1. This report presents the main results achieved in the implementation of the "
    "programme during the first half of the year. The Executive Board decided to examine "
    "it at its next session and took note of the information provided.",
    "",
)

LETTER_SIGNED_BY_BODY = lines(
    "Ref.: ERI/CPR/21/15",
    "",
    "Dear Colleagues,",
    "",
    "Please find attached the documents for the forthcoming meeting of the Committee, "
    "which will be held online. We look forward to your participation in this important "
    "meeting.",
    "",
    "Yours sincerely,",
    "",
    "The Secretariat",
    "",
)

LETTER_PLEASE_ACCEPT = lines(
    "Ref.: SC/HYD/23/0311",
    "",
    "Mr Tomas Eriksen",
    "Director, Nordic Water Institute",
    "Oslo",
    "",
    "Paris, 6 February 2023",
    "",
    "Dear Mr Eriksen,",
    "",
    "Thank you for your message of 12 January 2023 about the groundwater assessment. The "
    "Secretariat will share the draft methodology with your institute next month.",
    "",
    "Please accept, Mr Eriksen, the assurances of my highest consideration.",
    "",
    "Abou Amani",
    "Director, Division of Water Sciences",
)

PRESS_UNDER_OFFICE = lines(
    "PRESS RELEASE",
    "",
    "UNESCO Office in Jakarta",
    "Jakarta, 4 July 2023",
    "For immediate release",
    "",
    "Ministers from eleven countries agree on a regional plan for the protection of coral "
    "reefs",
    "",
    "Ministers and senior officials from eleven countries met in Jakarta to agree on a "
    "regional plan for the protection of coral reefs, which will be carried out with the "
    "support of national research institutions.",
)

WEB_MEETING_REPORT = lines(
    "Summary report of the fifth session of the Intergovernmental Council",
    "",
    "The Intergovernmental Council met at UNESCO Headquarters from 3 to 5 June 2019 at its "
    "fifth session and elected its Bureau.",
    "",
    "The Council adopted the report of its fourth session and approved the work plan for the "
    "next biennium.",
)

SENTENCE = (
    "In the 1998 election the party won a majority in the parliament and formed a government "
    "with the support of two smaller parties."
)


@pytest.mark.parametrize(
    ("text", "metadata", "expected"),
    [
        pytest.param(LETTER_EN, (), {
            DocField.KIND: "Letter", DocField.LANGUAGE: "en",
            DocField.IDENTIFIER: "ED/HE/22/0815", DocField.SELF_REFERENCE: "ED/HE/22/0815",
            DocField.DATE: DateValue("2022-10-14"), DocField.RECIPIENT: "Anna Kowalska",
            DocField.SENDER: "Jean-Pierre Martin",
            DocField.REPLIES_TO: "letter dated 2 September 2022",
        }, id="flattened-pdf-letter"),
        pytest.param(LETTER_OUR_REF, (), {
            DocField.KIND: "Letter", DocField.LANGUAGE: "en",
            DocField.IDENTIFIER: "ED/PLS/YDS/2019/112", DocField.DATE: DateValue("2019-06-12"),
            DocField.RECIPIENT: "Amina Yusuf", DocField.SENDER: "Helena Marsh-Okoro",
            DocField.REPLIES_TO: "letter of 3 May 2019",
        }, id="our-ref-letter"),
        pytest.param(LETTER_FR, (), {
            DocField.KIND: "Letter", DocField.LANGUAGE: "fr",
            DocField.IDENTIFIER: "CLT/HER/21/0457", DocField.DATE: DateValue("2021-03-30"),
            DocField.RECIPIENT: "Marie Dupont", DocField.SENDER: "Ramón Ibarra Soler",
            DocField.REPLIES_TO: "lettre du 2 mars 2021",
        }, id="french-letter"),
        pytest.param(LETTER_ES, (), {
            DocField.KIND: "Letter", DocField.LANGUAGE: "es",
            DocField.IDENTIFIER: "CLT/CEI/DCE/2005/117", DocField.DATE: DateValue("2005-10-03"),
            DocField.SENDER: "Lucía García Torres",
            DocField.REPLIES_TO: "carta de fecha 12 de septiembre de 2005",
        }, id="spanish-letter"),
        pytest.param(MEETING_REPORT, (), {
            DocField.KIND: "MeetingReport", DocField.LANGUAGE: "en",
            DocField.IDENTIFIER: "CE/21/14.IGC/INF.1", DocField.DATE: DateValue("2021-05-28"),
            DocField.TITLE: "Summary record of the fourteenth session of the Intergovernmental "
            "Committee for the Protection and Promotion of the Diversity of Cultural Expressions",
        }, id="meeting-report"),
        pytest.param(PRESS_RELEASE, (("meta-date", "2021-06-15"),), {
            DocField.KIND: "PressRelease", DocField.DATE: DateValue("2021-06-15"),
            DocField.TITLE: "UNESCO launches global consultation on the ethics of artificial "
            "intelligence",
        }, id="press-release-dateline"),
        pytest.param(NEWS_PAGE, (("archive-captured", "2019-04-02"),), {
            DocField.KIND: "PressRelease", DocField.LANGUAGE: "en",
            DocField.TITLE: "Scientists gather in Nairobi to discuss the future of water "
            "resources management",
        }, id="archived-news-page"),
        pytest.param(LETTER_PLEASE_ACCEPT, (), {
            DocField.KIND: "Letter", DocField.DATE: DateValue("2023-02-06"),
            DocField.RECIPIENT: "Tomas Eriksen", DocField.SENDER: "Abou Amani",
            DocField.REPLIES_TO: "message of 12 January 2023",
        }, id="letter-closing-please-accept"),
        pytest.param(PRESS_UNDER_OFFICE, (), {
            DocField.KIND: "PressRelease", DocField.DATE: DateValue("2023-07-04"),
            DocField.TITLE: "Ministers from eleven countries agree on a regional plan for the "
            "protection of coral reefs",
        }, id="headline-under-office-and-date"),
        pytest.param(WEB_MEETING_REPORT, (("title", "Fifth session: summary report"),), {
            DocField.KIND: "MeetingReport", DocField.TITLE: "Fifth session: summary report",
        }, id="meeting-report-web-page"),
        pytest.param(REPORT_WITH_LETTERHEAD, (), {
            DocField.TITLE: "Report of the Director-General on the Execution of the Programme "
            "Adopted by the General Conference",
        }, id="title-under-letterhead"),
        pytest.param(WEB_PAGE, (("archive-captured", "2019-04-02"),
                                ("title", "Water and sanitation | UNESCO")), {
            DocField.KIND: "WebPage", DocField.TITLE: "Water and sanitation",
        }, id="archived-web-page"),
    ],
)
def test_document_facts(run: Run, text: str, metadata: tuple[tuple[str, str], ...],
                        expected: dict[DocField, object]) -> None:
    got = facts(run(text, metadata))
    for field, value in expected.items():
        assert got.get(field) == value, field


@pytest.mark.parametrize(
    ("text", "metadata", "absent"),
    [
        # a letter has no title; the capture date of an archive is not the document's date
        pytest.param(LETTER_EN, (), (DocField.TITLE,), id="letter-no-title"),
        pytest.param(NEWS_PAGE, (("archive-captured", "2019-04-02"),), (DocField.DATE,),
                     id="capture-date-is-not-date"),
        pytest.param(SENTENCE, (), (DocField.KIND, DocField.TITLE, DocField.DATE,
                                    DocField.IDENTIFIER, DocField.SENDER), id="plain-sentence"),
        pytest.param(MEETING_REPORT, (), (DocField.SENDER, DocField.RECIPIENT,
                                          DocField.REPLIES_TO), id="report-no-correspondents"),
        pytest.param(WEB_PAGE, (), (DocField.KIND,), id="no-evidence-no-kind"),
        # a body signs, and "Dear Colleagues" names nobody
        pytest.param(LETTER_SIGNED_BY_BODY, (), (DocField.SENDER, DocField.RECIPIENT),
                     id="no-person-in-signature"),
    ],
)
def test_no_fact_without_evidence(run: Run, text: str, metadata: tuple[tuple[str, str], ...],
                                  absent: tuple[DocField, ...]) -> None:
    got = facts(run(text, metadata))
    for field in absent:
        assert field not in got, field


def test_metadata_date_and_title(run: Run) -> None:
    got = facts(run(WEB_PAGE, (("meta-date", "2020-11-05"), ("title", "Water and sanitation"),
                               ("lang", "en-GB")), media_type="text/html"))
    assert got[DocField.DATE] == DateValue("2020-11-05")
    assert got[DocField.LANGUAGE] == "en"
    assert got[DocField.KIND] == "WebPage"


def test_correspondents_are_person_mentions(run: Run) -> None:
    records = run(LETTER_EN)
    people = {m.name: m for m in records if isinstance(m, Mention) and m.kind is EntityKind.PERSON}
    assert set(people) == {"Anna Kowalska", "Jean-Pierre Martin"}
    assert people["Anna Kowalska"].honorific == "Prof. Dr."
    assert people["Anna Kowalska"].span.text == "Prof. Dr. Anna Kowalska"


def test_replied_letter_was_sent_by_recipient(run: Run) -> None:
    records = run(LETTER_OUR_REF)
    (rel,) = [r for r in records if isinstance(r, Relation)]
    assert rel.kind is RelationKind.SENT_BY
    assert (rel.subject.name, rel.object.name) == ("letter of 3 May 2019", "Amina Yusuf")
    assert rel.subject.subtype == "LetterReference"
    assert rel.subject.start_date == DateValue("2019-05-03")
    assert rel.span.text == "your letter of 3 May 2019"


def test_identifier_is_self_reference(run: Run) -> None:
    records = run(LETTER_FR)
    spans = {r.field: r.span for r in records if isinstance(r, DocumentFact)}
    assert spans[DocField.IDENTIFIER] == spans[DocField.SELF_REFERENCE]
    assert spans[DocField.DATE] is not None and spans[DocField.DATE].text == "30 mars 2021"


@pytest.mark.parametrize(("text", "expected"), [
    # a record's own symbol opens with its session's number
    ("                                        28 C/IV/VR.4\n                                 "
     "       (prov.)\n   GENERAL CONFERENCE - TWENTY-EIGHTH SESSION\n\n4.1   The CHAIRPERSON: "
     "I open the meeting.\n", "28 C/IV/VR.4"),
    # a symbol the heading cites is not the record's own, nor one a first sentence cites
    ("   RECORDS OF THE GENERAL CONFERENCE\n   ELECTION OF THE CHAIRMEN\n   (document "
     "8 C/NOM/2)\n\n19.   The PRESIDENT: I call upon the Chairman.\n", None),
    ("It recalled 39 C/Resolution 12.", None),
])
def test_a_record_s_own_symbol(run: Run, text: str, expected: str | None) -> None:
    assert facts(run(text)).get(DocField.IDENTIFIER) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Committee adopted the report of the meeting and thanked the host country for "
         "its support to the work of the Secretariat.", "en"),
        ("Le Comité a adopté le rapport de la réunion et a remercié le pays hôte pour son "
         "soutien aux travaux du Secrétariat, qui sont très utiles.", "fr"),
        ("El Comité aprobó el informe de la reunión y agradeció al país anfitrión por su apoyo "
         "a los trabajos de la Secretaría, que son muy útiles.", "es"),
        ("Organisation des Nations Unies pour l'éducation, la science et la culture\n"
         "Thank you for your letter of 3 May, which we have read with great interest. We are "
         "pleased to see that the project has been a success and that it will be continued.",
         "en"),
        ("Paris 2021", None),
    ],
)
def test_detect_language(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected
