from __future__ import annotations

import pytest
from rdflib import Literal

from graph import build
from graph._namespaces import DCTERMS, SCHEMA
from graph.records import EntityKind, Mention, Span
from graph.registry import extractors

TEXT = "Ms Amina Example met Mr John Sample in Geneva on 3 May 2021."


def _crashing(pdoc, found):
    if "BOOM" in pdoc.text:
        raise RuntimeError("extractor bug")
    yield Mention(EntityKind.PERSON, "Amina Example", Span(3, 16, pdoc.text[3:16]), "crash.v1")


def _bad_span(pdoc, found):
    yield Mention(EntityKind.PERSON, "Nobody", Span(0, 6, "Nobody"), "badspan.v1")
    yield Mention(EntityKind.PERSON, " ", Span(0, 2, pdoc.text[:2]), "badspan.v1")


@pytest.fixture
def test_extractors():
    extractors.register("test-crash.v1", produces=("Person",))(_crashing)
    extractors.register("test-badspan.v1", produces=("Person",))(_bad_span)
    yield
    extractors.remove("test-crash.v1")
    extractors.remove("test-badspan.v1")


def test_identical_files_are_two_document_nodes(tmp_path, nlp_ready):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    result = build([tmp_path])
    g = result.union()
    sources = {str(o) for o in g.objects(None, DCTERMS.source)}
    assert sources == {"a.txt", "b.txt"}
    assert len(set(g.subjects(DCTERMS.source, None))) == 2
    assert any("b.txt" in w and "a.txt" in w for w in result.warnings)


def test_an_extractor_crash_loses_only_that_document(tmp_path, nlp_ready, test_extractors):
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "bad.txt").write_text(TEXT + " BOOM", encoding="utf-8")
    result = build([tmp_path], extractor_names=["test-crash.v1"])
    assert [(f.path, f.stage) for f in result.failures] == [("bad.txt", "extract")]
    assert "extractor bug" in result.failures[0].reason
    g = result.union()
    assert {str(o) for o in g.objects(None, DCTERMS.source)} == {"good.txt"}
    assert Literal("Amina Example") in set(g.objects(None, SCHEMA.name))


def test_a_record_whose_span_is_not_the_text_is_dropped_and_reported(
    tmp_path, nlp_ready, test_extractors
):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = build([tmp_path], extractor_names=["test-badspan.v1"])
    assert Literal("Nobody") not in set(result.union().objects(None, SCHEMA.name))
    assert any("is not the text at those offsets" in w for w in result.warnings)
    assert any("without a name" in w for w in result.warnings)
    assert not result.failures


def test_text_without_entities_gives_a_valid_graph(tmp_path, nlp_ready):
    (tmp_path / "plain.txt").write_text("nothing to see here, just words.", encoding="utf-8")
    result = build([tmp_path])
    assert not result.failures
    assert result.conforms
    assert result.summary()["documents"] == 1


def test_a_long_document_is_read_in_sections_with_offsets_in_the_whole(tmp_path, nlp_ready):
    from graph._namespaces import OA
    from graph._nlp import CHUNK_CHARS

    filler = "The committee reviewed the reports of the working groups. " * 40 + "\n\n"
    text = filler * (3 * CHUNK_CHARS // len(filler)) + "Ms Amina Example spoke in Geneva.\n"
    assert len(text) > 3 * CHUNK_CHARS * 0.9
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    result = build([tmp_path])
    assert not result.failures
    g = result.union()
    person = g.value(None, SCHEMA.name, Literal("Amina Example"))
    assert person is not None
    starts = [int(g.value(sel, OA.start)) for ann in g.subjects(OA.hasBody, person)
              for sel in g.objects(g.value(ann, OA.hasTarget), OA.hasSelector)]
    assert starts and all(text[s:].startswith(("Amina Example", "Ms Amina")) for s in starts)
    assert min(starts) > 2 * CHUNK_CHARS


def test_a_one_process_build_runs_here_and_spools_to_a_folder_close_removes(
        tmp_path, nlp_ready, monkeypatch):
    import graph._build.engine
    from graph._build.executors import InProcess

    ran: list[int] = []

    class Counted(InProcess):
        def run(self, batches, task):  # type: ignore[no-untyped-def]
            for done in super().run(batches, task):
                ran.append(len(done.outcomes))
                yield done

    monkeypatch.setattr(graph._build.engine, "InProcess", Counted)
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = build([tmp_path])
    assert ran == [1, 1]  # read, then mapped, in this process
    assert result.spool is not None and result.spool.folder.is_dir()
    assert Literal("Amina Example") in set(result.union().objects(None, SCHEMA.name))
    result.close()
    assert not result.spool.folder.exists()


def test_a_curation_file_edited_between_two_builds_is_read_again(tmp_path, nlp_ready):
    from graph._namespaces import RDF

    folder, curation = tmp_path / "docs", tmp_path / "curation.toml"
    folder.mkdir()
    (folder / "a.txt").write_text("Mr John Sample met Ms Amina Example in Geneva on 3 May 2021. "
                                  "Sample thanked Example for the meeting.", encoding="utf-8")

    def people() -> list[str]:
        g = build([folder], curation=curation).union()
        return sorted(str(g.value(s, SCHEMA.name)) for s in g.subjects(RDF.type, SCHEMA.Person))

    curation.write_text('[[not_same_as]]\nentities = ["Geneva", "Amina Example"]\n')
    assert people() == ["Amina Example", "John Sample"]
    curation.write_text('[[not_same_as]]\nentities = ["Sample", "John Sample"]\n')
    assert people() == ["Amina Example", "John Sample", "Sample"]


def test_the_parser_reads_wrapped_prose_as_one_line_and_the_text_stays_as_written(nlp_ready):
    from graph._nlp import process, prose
    from graph.records import Document

    text = ("HEADING IN CAPITALS\nBy A. Writer\n\nsome 1,500 participants took part in the "
            "World Conference\non Education for All, convened jointly by UNESCO and\nthe World "
            "Bank.\n6.2    A numbered paragraph follows a long line of the record, which stays.\n")
    read = prose(text)
    assert len(read) == len(text)
    assert "World Conference on Education" in read and "UNESCO and the World" in read
    assert "CAPITALS\nBy A. Writer\n\nsome" in read  # headings and bylines keep their lines
    assert "stays.\n" in read and "Bank.\n6.2" in read
    pdoc = next(process([Document("a.txt", text, "text/plain", "0")]))
    assert pdoc.text == text
    assert not any("\n" in t.text for _, doc in pdoc.chunks for t in doc[8:20])
    # an agenda item's heading in one language over the same in another keeps its line
    headings = ("Item 1.5      Election of the President and Vice-Presidents of the General "
                "Conference\nPoint 1.5     Élection du Président et des Vice-Présidents\n")
    assert prose(headings) == headings


def test_a_name_in_capitals_is_not_cut_from_its_sentence(nlp_ready):
    from graph._nlp import _paragraph_starts, load_pipeline, prose

    # the parser is told that the words of a name in capitals, and the comma after it, go on
    # (it cut a real page's "PAOLO VENTURI, Italian historian, teaches at ..." into three)
    nlp = load_pipeline()
    doc = _paragraph_starts(nlp.make_doc("Photo credit.\n\nKARIN OLSTAD, Norwegian historian, "
                                         "teaches at the University of Tessby. UN Women met."))
    after = {t.text: t.is_sent_start for t in doc}
    assert after["KARIN"] is True
    comma = doc[6]
    assert after["OLSTAD"] is False and comma.text == "," and comma.is_sent_start is False
    assert after["Women"] is False  # "UN Women"
    assert after["Norwegian"] is None and after["met"] is None  # left to the parser
    # a photo credit keeps its line: the name below it is no part of it
    credit = ("Photo © Tessby Museum / Ilsa Varn and Karl Olsen,\n"
              "Karin Olstad teaches at the University of Tessby.\n")
    assert prose(credit) == credit
    assert prose(credit.replace("©", "by")) != credit.replace("©", "by")


def test_a_table_s_rows_and_cells_keep_their_lines():
    from graph._nlp import prose

    rows = ("Mr Jens WALTER                    Director of Projects, Tessby Rowing Club,\n"
            "                                  Frankfurt am Main and the towns around it\n"
            "INTERNATIONAL ROWING FEDERATION (IRF)\n")
    assert prose(rows) == rows
    # a numbered paragraph's wide gap is no table's: its long line goes on
    para = ("4.2     Mr GARCIA (Spain) thanked the participants and announced that the "
            "Ministry of\nthe Environment would go on.\n")
    assert "Ministry of the Environment" in prose(para)
