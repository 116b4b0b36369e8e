"""The embedded store: incremental builds, per-document replacement, queries, export."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef

from graph._errors import QueryError, QueryTimeout, StoreError
from graph._namespaces import DCTERMS, SCHEMA
from graph.cli import main
from graph.store import MANIFEST, Store, build_into_store

PRESS = ("Paris, 3 May 2021. Ms Amina Example, Director-General of the Example Agency, met "
         "Mr John Sample, Minister of Culture of France, at the Conference on Example Matters "
         "in Geneva.")
LETTER = ("Geneva, 10 June 2021\n\nDear Mr Sample,\n\nThank you for your letter dated 4 May "
          "2021 on the Conference on Example Matters.\n\nYours sincerely,\n\nAmina Example\n"
          "Director-General")
NOTE = "Mr Peter Other, President of the Example Council, visited Lyon on 1 April 2020."


def _per_graph(store: Store) -> dict[str, set]:
    out: dict[str, set] = {}
    for s, p, o, g in store.quads():
        out.setdefault(str(g), set()).add((s, p, o))
    return out


@pytest.fixture
def corpus(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "press.txt").write_text(PRESS, encoding="utf-8")
    (docs / "letter.txt").write_text(LETTER, encoding="utf-8")
    (docs / "note.txt").write_text(NOTE, encoding="utf-8")
    return docs


def test_a_store_holds_one_named_graph_per_document(corpus, tmp_path, nlp_ready):
    done = build_into_store([corpus], tmp_path / "store")
    assert sorted(done.added) == ["letter.txt", "note.txt", "press.txt"]
    assert done.written and not done.changed and not done.removed
    with Store(tmp_path / "store", read_only=True) as store:
        docs = store.documents()
        assert sorted(docs) == ["letter.txt", "note.txt", "press.txt"]
        assert {str(g) for g in store.graph_names()} == {d.iri for d in docs.values()}
        for path, doc in docs.items():
            sources = {str(o) for _, _, o, _ in store.quads(DCTERMS.source, URIRef(doc.iri))}
            assert sources == {path}
    manifest = json.loads((tmp_path / "store" / MANIFEST).read_text())
    assert manifest["documents"]["note.txt"]["hash"].startswith("sha256:")


def test_rebuilding_changes_only_the_changed_document(corpus, tmp_path, nlp_ready):
    build_into_store([corpus], tmp_path / "store")
    with Store(tmp_path / "store", read_only=True) as store:
        before, docs = _per_graph(store), store.documents()

    again = build_into_store([corpus], tmp_path / "store")
    assert sorted(again.unchanged) == ["letter.txt", "note.txt", "press.txt"]
    assert again.result.documents == []  # nothing was processed again
    with Store(tmp_path / "store", read_only=True) as store:
        assert _per_graph(store) == before

    (corpus / "note.txt").write_text(NOTE.replace("Peter", "Paul"), encoding="utf-8")
    changed = build_into_store([corpus], tmp_path / "store")
    assert changed.changed == ["note.txt"] and [d.path for d in changed.result.documents] == [
        "note.txt"]
    with Store(tmp_path / "store", read_only=True) as store:
        after, new_docs = _per_graph(store), store.documents()
    assert new_docs["press.txt"] == docs["press.txt"]
    for path in ("press.txt", "letter.txt"):
        assert after[docs[path].iri] == before[docs[path].iri], path
    note_graph = after[new_docs["note.txt"].iri]
    names = {str(o) for s, p, o in note_graph if p == SCHEMA.name}
    assert "Paul Other" in names and "Peter Other" not in names
    # the note has no reference number: its IRI follows its content, the old graph is gone
    if new_docs["note.txt"].iri != docs["note.txt"].iri:
        assert docs["note.txt"].iri not in after


def test_a_deleted_file_loses_its_graph(corpus, tmp_path, nlp_ready):
    build_into_store([corpus], tmp_path / "store")
    with Store(tmp_path / "store", read_only=True) as store:
        gone = store.documents()["letter.txt"].iri
    (corpus / "letter.txt").unlink()
    done = build_into_store([corpus], tmp_path / "store")
    assert done.removed == ["letter.txt"]
    with Store(tmp_path / "store", read_only=True) as store:
        assert "letter.txt" not in store.documents()
        assert URIRef(gone) not in store.graph_names()
        assert not list(store.quads(DCTERMS.source, URIRef(gone)))
        assert len(store.graph_names()) == 2


def test_a_file_that_now_fails_keeps_what_the_store_had(corpus, tmp_path, nlp_ready):
    build_into_store([corpus], tmp_path / "store")
    with Store(tmp_path / "store", read_only=True) as store:
        before = _per_graph(store)
    (corpus / "note.txt").write_text("   \n", encoding="utf-8")
    done = build_into_store([corpus], tmp_path / "store")
    assert [f.path for f in done.result.failures] == ["note.txt"]
    with Store(tmp_path / "store", read_only=True) as store:
        assert _per_graph(store) == before


def _graph(*triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def test_single_valued_properties_are_settled_across_the_store(tmp_path):
    event = URIRef("https://example.org/kg/id/event/1")
    a, b = "https://example.org/kg/id/document/a", "https://example.org/kg/id/document/b"
    with Store(tmp_path / "store") as store:
        store.apply({"a.txt": ("sha256:1", a, _graph(
            (event, SCHEMA.name, Literal("1992 general election"))))}, [], {})
        messages = store.apply({"b.txt": ("sha256:2", b, _graph(
            (event, SCHEMA.name, Literal("1992 General Election")),
            (event, SCHEMA.startDate, Literal("1992-04-09"))))}, [], {})
        result = store.query("SELECT DISTINCT ?n WHERE { ?e schema:name ?n }")
        assert len(result.rows) == 1, result.rows  # one name, in both documents' graphs
        alt = store.query("SELECT ?n WHERE { ?e schema:alternateName ?n }")
        assert [str(r[0]) for r in alt.rows] == ["1992 general election"]
        assert messages == []
        # the document given again replaces its graph, it does not add to it
        store.apply({"b.txt": ("sha256:3", b, _graph(
            (event, SCHEMA.startDate, Literal("1992-04-10"))))}, [], {})
        dates = store.query("SELECT ?d WHERE { GRAPH ?g { ?e schema:startDate ?d } }")
        assert [str(r[0]) for r in dates.rows] == ["1992-04-10"]


@pytest.fixture
def small_store(tmp_path):
    people = URIRef("https://example.org/kg/id/document/p")
    g = Graph()
    for i in range(60):
        g.add((URIRef(f"https://example.org/kg/id/person/{i}"), SCHEMA.name,
               Literal(f"Person {i}")))
    g.add((URIRef("https://example.org/kg/id/person/x"), SCHEMA.name, Literal('Ann" } #')))
    with Store(tmp_path / "store") as store:
        store.apply({"p.txt": ("sha256:1", str(people), g)}, [], {})
    return tmp_path / "store"


def test_values_are_bound_not_pasted(small_store):
    query = "SELECT ?p ?name WHERE { ?p schema:name ?name }"
    with Store(small_store, read_only=True) as store:
        assert store.query(query, {"name": Literal('Person 1" } #')}).rows == ()
        rows = store.query(query, {"name": Literal('Ann" } #')}).rows
        assert rows == ((URIRef("https://example.org/kg/id/person/x"), Literal('Ann" } #')),)


def test_limit_cuts_the_rows_and_says_so(small_store):
    with Store(small_store, read_only=True) as store:
        cut = store.query("SELECT ?n WHERE { ?p schema:name ?n }", limit=10)
        whole = store.query("SELECT ?n WHERE { ?p schema:name ?n }")
    assert len(cut.rows) == 10 and cut.truncated
    assert len(whole.rows) == 61 and not whole.truncated


def test_a_blank_node_binding_is_substituted(small_store):
    from rdflib import BNode

    query = "SELECT ?p ?name WHERE { ?p schema:name ?name }"
    with Store(small_store, read_only=True) as store:
        assert store.query(query, {"p": BNode("nobody")}).rows == ()


def test_offset_and_limit_give_one_page_of_the_rows(small_store, tmp_path):
    query = "SELECT ?n WHERE { ?p schema:name ?n } ORDER BY ?n"
    with Store(small_store, read_only=True) as store:
        whole = store.query(query).rows
        page = store.query(query, limit=7, offset=20)
        last = store.query(query, limit=7, offset=58)
    assert page.rows == whole[20:27] and page.truncated
    assert last.rows == whole[58:] and not last.truncated
    as_csv = [f"{row[0]}" for row in whole[20:27]]
    for target in (small_store, _as_file(small_store, tmp_path)):
        result = CliRunner().invoke(main, ["query", str(target), query, "--limit", "7",
                                           "--offset", "20", "--format", "csv"])
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[1:] == as_csv
        assert "--offset 27" in result.stderr


def test_a_table_shows_one_page_and_says_more_rows_follow(small_store, monkeypatch):
    from graph.commands import query as query_command

    monkeypatch.setattr(query_command, "TABLE_PAGE", 25)
    query = "SELECT ?p ?n WHERE { ?p schema:name ?n } ORDER BY ?n"
    shown = CliRunner().invoke(main, ["query", str(small_store), query, "--format", "table"])
    assert shown.exit_code == 0, shown.output
    assert "25 rows" in shown.stderr
    assert "--offset 25 gives the next ones, --format csv every row" in shown.stderr
    every = CliRunner().invoke(main, ["query", str(small_store), query, "--format", "csv"])
    assert len(every.stdout.splitlines()) == 62 and "more rows" not in every.stderr
    last = CliRunner().invoke(main, ["query", str(small_store), query, "--format", "table",
                                     "--offset", "50"])
    assert "11 rows" in last.stderr and "more rows" not in last.stderr


def _as_file(store_dir, tmp_path):
    path = tmp_path / "all.trig"
    with Store(store_dir, read_only=True) as store:
        path.write_bytes(store.export("trig"))
    return path


def test_a_malformed_query_names_line_and_column(small_store):
    with Store(small_store, read_only=True) as store, pytest.raises(QueryError) as err:
        store.query("SELECT ?p\nWHERE { ?p schema:name }")
    assert "2:" in str(err.value) and "could not be parsed" in str(err.value)


def test_an_update_through_query_is_refused(small_store):
    with Store(small_store, read_only=True) as store:
        before = len(store)
        with pytest.raises(QueryError, match="SPARQL update"):
            store.query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        assert len(store) == before


def test_a_query_past_the_timeout_is_stopped(small_store):
    with Store(small_store, read_only=True) as store, pytest.raises(QueryTimeout):
        store.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                    timeout=0.5)


def test_a_folder_that_is_not_a_store_is_refused(tmp_path):
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "keep.txt").write_text("mine")
    with pytest.raises(StoreError, match="not empty"):
        Store(tmp_path / "other")
    assert (tmp_path / "other" / "keep.txt").read_text() == "mine"
    with pytest.raises(StoreError, match="not a kg-builder store"):
        Store(tmp_path / "missing", read_only=True)


@pytest.mark.parametrize("suffix,fmt", [(".trig", "trig"), (".nq", "nquads"),
                                        (".ttl", "turtle"), (".jsonld", "json-ld")])
def test_export_writes_what_the_store_holds(small_store, tmp_path, suffix, fmt):
    out = tmp_path / f"out{suffix}"
    result = CliRunner().invoke(main, ["export", "--store", str(small_store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    ds = Dataset()
    ds.parse(out, format={"nquads": "nquads", "json-ld": "json-ld"}.get(fmt, fmt))
    assert len({(s, p, o) for s, p, o, _ in ds.quads()}) == 61
    if fmt in ("trig", "nquads"):
        assert {str(g) for _, _, _, g in ds.quads()} == {"https://example.org/kg/id/document/p"}


def test_cli_query_update_needs_the_flag(small_store):
    runner = CliRunner()
    update = "INSERT DATA { GRAPH <urn:g> { <urn:a> schema:name 'Added' } }"
    refused = runner.invoke(main, ["query", str(small_store), update])
    assert refused.exit_code == 2 and "SPARQL update" in refused.output
    done = runner.invoke(main, ["query", str(small_store), update, "--update"])
    assert done.exit_code == 0, done.output
    found = runner.invoke(main, ["query", str(small_store),
                                 "SELECT ?a WHERE { ?a schema:name 'Added' }"])
    assert found.exit_code == 0 and "urn:a" in found.output


def test_cli_build_into_a_store_twice(corpus, tmp_path, nlp_ready):
    runner = CliRunner()
    first = runner.invoke(main, ["build", str(corpus), "--store", str(tmp_path / "s")])
    assert first.exit_code == 0, first.output
    assert "added" in first.output
    second = runner.invoke(main, ["build", str(corpus), "--store", str(tmp_path / "s"),
                                  "-o", str(tmp_path / "all.trig")])
    assert second.exit_code == 0, second.output
    assert re.search(r"unchanged\s*│\s*3\s", second.output), second.output
    ds = Dataset()
    ds.parse(tmp_path / "all.trig", format="trig")
    assert len({g for _, _, _, g in ds.quads()}) == 3


def test_strict_store_build_with_a_failure_leaves_the_store_as_it_was(corpus, tmp_path,
                                                                      nlp_ready):
    build_into_store([corpus], tmp_path / "store")
    with Store(tmp_path / "store", read_only=True) as store:
        before = _per_graph(store)
    (corpus / "note.txt").write_text(NOTE.replace("Lyon", "Marseille"), encoding="utf-8")
    (corpus / "broken.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["build", str(corpus), "--store", str(tmp_path / "store"),
                                       "--strict"])
    assert result.exit_code == 3, result.output
    with Store(tmp_path / "store", read_only=True) as store:
        assert _per_graph(store) == before


def test_editing_the_curation_file_rebuilds_every_document(corpus, tmp_path, nlp_ready):
    curation = tmp_path / "curation.toml"
    curation.write_text("", encoding="utf-8")
    build_into_store([corpus], tmp_path / "store", curation=curation)
    again = build_into_store([corpus], tmp_path / "store", curation=curation)
    assert sorted(again.unchanged) == ["letter.txt", "note.txt", "press.txt"]
    curation.write_text('[[rename]]\nentity = "Peter Other"\nname = "Peter Q. Other"\n',
                        encoding="utf-8")
    third = build_into_store([corpus], tmp_path / "store", curation=curation)
    assert not third.unchanged and sorted(third.changed) == ["letter.txt", "note.txt", "press.txt"]
    with Store(tmp_path / "store", read_only=True) as store:
        names = {str(o) for _, _, o, _ in store.quads(SCHEMA.name, None)}
    assert "Peter Q. Other" in names


def _store_build(corpus, store, *options: str) -> int:
    result = CliRunner().invoke(main, ["build", str(corpus), "--store", str(store), "-q",
                                       *options])
    return result.exit_code


def _contents(folder) -> tuple[set, dict]:
    with Store(folder, read_only=True) as store:
        return set(store.quads()), store.documents()


def test_a_store_build_with_workers_holds_what_a_one_process_build_holds(
        corpus, tmp_path, monkeypatch, nlp_ready):
    import graph._build.engine
    from graph._build.executors import Processes

    pools: list[int] = []

    class Counted(Processes):
        def __init__(self, workers: int, **options: int) -> None:
            pools.append(workers)
            super().__init__(workers, **options)

    monkeypatch.setattr(graph._build.engine, "Processes", Counted)
    (corpus / "empty.txt").write_bytes(b"")  # fails in both, and keeps nothing
    one, two = tmp_path / "one", tmp_path / "two"
    assert _store_build(corpus, one) == 3
    assert not pools  # one process, as before
    assert _store_build(corpus, two, "--workers", "2") == 3
    assert pools == [2]
    assert _contents(two) == _contents(one)
    # a rebuild in worker processes builds only the changed file, as in one process
    (corpus / "note.txt").write_text(NOTE.replace("Lyon", "Marseille"), encoding="utf-8")
    (corpus / "letter.txt").unlink()
    assert _store_build(corpus, one) == _store_build(corpus, two, "--workers", "2") == 3
    assert _contents(two) == _contents(one)
    note = hashlib.sha256((corpus / "note.txt").read_bytes()).hexdigest()
    with Store(two, read_only=True) as store:
        assert sorted(store.documents()) == ["note.txt", "press.txt"]
        assert store.documents()["note.txt"].content_hash == f"sha256:{note}"


def test_a_store_build_with_workers_rebuilds_only_changed_files(corpus, tmp_path, nlp_ready):
    build_into_store([corpus], tmp_path / "store", workers=2)
    (corpus / "note.txt").write_text(NOTE.replace("Lyon", "Marseille"), encoding="utf-8")
    again = build_into_store([corpus], tmp_path / "store", workers=2)
    assert again.changed == ["note.txt"] and again.unchanged == ["letter.txt", "press.txt"]
    assert [d.path for d in again.result.documents] == ["note.txt"]


def test_a_store_build_that_is_not_incremental_builds_every_file(corpus, tmp_path, nlp_ready):
    build_into_store([corpus], tmp_path / "store")
    with Store(tmp_path / "store", read_only=True) as store:
        before = _per_graph(store)
    again = build_into_store([corpus], tmp_path / "store", incremental=False)
    assert not again.unchanged
    assert sorted(again.changed) == ["letter.txt", "note.txt", "press.txt"]
    with Store(tmp_path / "store", read_only=True) as store:
        assert _per_graph(store) == before


def _acronym(pdoc, found):
    from graph.records import EntityKind, Mention, Span

    start = pdoc.text.find("Example Council")
    if start >= 0:
        yield Mention(EntityKind.ORGANIZATION, "The Example Council of Elders",
                      Span(start, start + 15, "Example Council"), "test-elders.v1")


def test_a_plugin_registered_between_store_builds_rebuilds_every_file(corpus, tmp_path,
                                                                      nlp_ready):
    from graph.registry import extractors

    build_into_store([corpus], tmp_path / "store")
    extractors.register("test-elders.v1", produces=("Organization",))(_acronym)
    try:
        again = build_into_store([corpus], tmp_path / "store")
    finally:
        extractors.remove("test-elders.v1")
    assert not again.unchanged
    with Store(tmp_path / "store", read_only=True) as store:
        assert "The Example Council of Elders" in {str(o) for _, _, o, _ in store.quads()}


def test_terms_from_the_store_are_the_terms_rdflib_makes():
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    from graph._oxi import from_ox

    iri = from_ox(ox.NamedNode("https://example.org/kg/id/person/é1"))
    assert type(iri) is URIRef and iri == URIRef("https://example.org/kg/id/person/é1")
    date = from_ox(ox.Literal("2001-05-01", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#date")))
    assert date == Literal("2001-05-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    assert type(date.datatype) is URIRef
