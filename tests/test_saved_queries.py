"""The saved queries: documented headers, and sensible answers on the seeds graph."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from rdflib import Literal

from graph.cli import main
from graph.query import saved_queries, saved_query

from .conftest import REPO, SHARED, needs_shared

NAMES = [q.name for q in saved_queries()]
#: the questions the issue asks the saved queries to answer
EXPECTED = {"people-posts", "members", "event-participants", "met", "letters", "cited-by",
            "timeline", "entity"}


def test_the_library_answers_the_questions_asked():
    assert set(NAMES) >= EXPECTED


@pytest.mark.parametrize("name", NAMES)
def test_every_saved_query_has_a_header(name):
    q = saved_query(name)
    assert q.title != name and q.answers
    for param, meaning in q.params:
        assert re.search(rf"--bind {param}=", meaning), "each parameter shows an example"
        # a parameter is selected, so that both engines can bind it
        assert f"?{param}" in q.text.split("WHERE")[0]


def test_an_unknown_name_lists_the_names():
    from graph._errors import QueryError

    with pytest.raises(QueryError, match="Available names: cited-by"):
        saved_query("nope")


def test_a_saved_query_needs_its_parameters(tmp_path):
    g = tmp_path / "g.ttl"
    g.write_text("<urn:a> <urn:b> <urn:c> .\n")
    result = CliRunner().invoke(main, ["query", str(g), "members"])
    assert result.exit_code == 2 and "--bind organization=" in result.output


def test_list_prints_every_saved_query():
    result = CliRunner().invoke(main, ["query", "--list"])
    assert result.exit_code == 0
    for name in NAMES:
        assert f"{name}: " in result.output


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """The seeds built once into a store; the same graph read back as an rdflib Dataset."""
    from graph.store import Store, build_into_store

    folder = tmp_path_factory.mktemp("seeds-store")
    done = build_into_store([SHARED / "seeds"], folder / "store")
    assert done.written and not done.result.failures
    with Store(folder / "store", read_only=True) as store:
        ds = store.dataset()
    return folder / "store", ds


def _example(meaning: str) -> Literal:
    value = re.search(r"--bind \w+=(\"[^\"]+\"|\S+)", meaning)
    assert value
    return Literal(value.group(1).strip('"'))


def _rows(result) -> list[tuple[str, ...]]:
    return sorted(tuple("" if t is None else str(t) for t in row) for row in result.rows)


@needs_shared
@pytest.mark.parametrize("name", NAMES)
def test_each_saved_query_answers_on_the_seeds_alike_in_both_engines(name, seeds, nlp_ready):
    from graph.query import run_query
    from graph.store import Store

    store_dir, ds = seeds
    q = saved_query(name)
    bindings = {param: _example(meaning) for param, meaning in q.params}
    with Store(store_dir, read_only=True) as store:
        in_store = store.query(q.text, bindings)
    assert in_store.rows, f"{name} (with its documented example, if any) gives no answer"
    assert _rows(in_store) == _rows(run_query(ds, q.text, bindings))
    for param, value in bindings.items():
        column = in_store.variables.index(param)
        assert {row[column] for row in in_store.rows} == {value}


@needs_shared
def test_saved_queries_by_name_on_the_command_line(seeds):
    store_dir, _ = seeds
    result = CliRunner().invoke(main, ["query", str(store_dir), "members", "--bind",
                                       "organization=UNESCO", "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("organization,organizationName")
    assert any("Director-General" in line for line in lines[1:])


#: the saved queries as they were before issue 21 (bound values substituted by Oxigraph)
BEFORE = REPO / "tests" / "fixtures" / "saved-queries-before"


def _before_rows(store_dir, name: str, bindings) -> list[tuple[str, ...]]:
    """The rows of the saved query of before issue 21, run as it was: the old text, the values
    substituted by Oxigraph after evaluation."""
    import pyoxigraph as ox

    from graph._oxi import from_ox, to_ox
    from graph.store import _PREFIXES

    engine = ox.Store.read_only(str(store_dir / "oxigraph"))
    answer = engine.query((BEFORE / f"{name}.rq").read_text(encoding="utf-8"),
                          prefixes=_PREFIXES,
                          substitutions={ox.Variable(k): to_ox(v) for k, v in bindings.items()})
    assert isinstance(answer, ox.QuerySolutions)
    rows = [tuple("" if s[v] is None else str(from_ox(s[v])) for v in answer.variables)
            for s in answer]
    return sorted(rows)


def test_the_old_texts_are_kept_for_every_saved_query():
    assert sorted(p.stem for p in BEFORE.glob("*.rq")) == NAMES


@needs_shared
@pytest.mark.parametrize("name", NAMES)
def test_each_saved_query_answers_on_the_seeds_as_before(name, seeds, nlp_ready):
    from graph.store import Store

    store_dir, _ = seeds
    q = saved_query(name)
    bindings = {param: _example(meaning) for param, meaning in q.params}
    with Store(store_dir, read_only=True) as store:
        now = _rows(store.query(q.text, bindings))
    assert now == _before_rows(store_dir, name, bindings)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A store of 60 generated documents (scripts/bench_store.py) and a value per parameter."""
    import sys

    from graph.store import Store

    sys.path.insert(0, str(REPO / "scripts"))
    from bench_store import generate, parameters

    quads = generate(60, seed=3)
    folder = tmp_path_factory.mktemp("synthetic-store") / "store"
    with Store(folder) as store:
        store.load_quads(quads)
    return folder, parameters(quads)


@pytest.mark.parametrize("name", NAMES)
def test_each_saved_query_answers_on_a_synthetic_store_as_before(name, synthetic):
    from graph.store import Store

    store_dir, values = synthetic
    q = saved_query(name)
    bindings = {param: values[param] for param, _ in q.params}
    with Store(store_dir, read_only=True) as store:
        now = _rows(store.query(q.text, bindings))
    assert now, f"{name} gives no answer on the synthetic store"
    assert now == _before_rows(store_dir, name, bindings)


#: members of an organisation in every shape the old OPTIONAL post had to cover: a post, two
#: posts, a membership without a role, a role without a label, no membership at all, a unit
#: of the organisation, and a membership in another organisation than the one named
MEMBERS_CASES = """
@prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <https://example.org/kg/> .
:unesco schema:name "UNESCO" ; schema:alternateName "United Nations Educational" .
:sector schema:name "Culture Sector" ; org:subOrganizationOf :unesco .
:office schema:name "Field Office" ; org:subOrganizationOf :sector .
:other schema:name "Other Body" .
:dg rdfs:label "Director-General" . :adg rdfs:label "Assistant Director-General" .
:unlabelled schema:identifier "R1" .
:a schema:name "Ann" ; org:memberOf :unesco, :other .
:ma1 org:member :a ; org:organization :unesco ; org:role :dg .
:ma2 org:member :a ; org:organization :unesco ; org:role :adg .
:ma3 org:member :a ; org:organization :other ; org:role :adg .
:b schema:name "Bo" ; org:memberOf :unesco .
:c schema:name "Cy" ; org:memberOf :sector .
:mc org:member :c ; org:organization :sector .
:d schema:name "Di" ; org:memberOf :office .
:md org:member :d ; org:organization :office ; org:role :unlabelled .
:e schema:name "Ed" ; org:memberOf :office .
:me1 org:member :e ; org:organization :office ; org:role :unlabelled .
:me2 org:member :e ; org:organization :office ; org:role :adg .
:f schema:name "Flo", "Florence" ; org:memberOf :other .
:mf org:member :f ; org:organization :unesco ; org:role :dg .
"""


@pytest.mark.parametrize("name", ["UNESCO", "United Nations Educational", "Culture Sector",
                                  "Other Body", "Nobody"])
def test_members_answers_as_its_old_optional_did_on_every_kind_of_membership(name, tmp_path):
    from rdflib import Dataset, URIRef

    from graph.query import run_query
    from graph.store import Store

    ds = Dataset(default_union=True)
    ds.graph(URIRef("https://example.org/kg/doc")).parse(data=MEMBERS_CASES, format="turtle")
    with Store(tmp_path / "store") as store:
        store.load_quads((s, p, o, g) for s, p, o, g in ds.quads((None, None, None, None)))
    bindings = {"organization": Literal(name)}
    with Store(tmp_path / "store", read_only=True) as store:
        now = store.query(saved_query("members").text, bindings)
    assert _rows(now) == _before_rows(tmp_path / "store", "members", bindings)
    assert _rows(run_query(ds, saved_query("members").text, bindings)) == _rows(now)
    old = run_query(ds, (BEFORE / "members.rq").read_text(encoding="utf-8"), bindings)
    assert _rows(old) == _rows(now)
    if name == "UNESCO":  # every shape is there: the test covers what it says
        posts = {(str(r[3]), "" if r[4] is None else str(r[4])) for r in now.rows}
        assert posts >= {("Ann", "Director-General"), ("Ann", "Assistant Director-General"),
                         ("Bo", ""), ("Cy", ""), ("Di", ""), ("Ed", "Assistant Director-General")}
        assert ("Ed", "") not in posts and ("Ann", "") not in posts


#: the ORDER BY keys of the saved queries the store pages a few values at a time
#: (graph/queries/store/), as a row's key: rows in the same order give the same keys in turn
ORDER_KEYS = {
    "people-posts": lambda r: (r["personName"], r["post"], r["organizationName"]),
    "met": lambda r: (r["personName"], r["otherName"], r["eventName"]),
    "timeline": lambda r: (r["start"] is None, "" if r["start"] is None else str(r["start"]),
                           r["eventName"], r["source"]),
    "entities": lambda r: (r["name"], r["type"], r["entity"], r["source"]),
}
#: pages asked of each: the first, the second, one across the first batches, a late one
PAGES = [(100, 0), (100, 100), (7, 93), (1, 0), (250, 40), (500, 1000)]


def _old_ordered(store_dir, name: str) -> tuple[tuple[str, ...], list[tuple]]:
    """The variables and rows, in order, of the saved query of before issue 21 on the store,
    sorted by Oxigraph as written; a text that had no ``ORDER BY`` (entities) is given the
    saved query's."""
    import pyoxigraph as ox

    from graph._oxi import from_ox
    from graph.store import _PREFIXES

    text = (BEFORE / f"{name}.rq").read_text(encoding="utf-8")
    if "ORDER BY" not in text:
        saved = saved_query(name).text
        text += saved[saved.index("ORDER BY"):]
    engine = ox.Store.read_only(str(store_dir / "oxigraph"))
    answer = engine.query(text, prefixes=_PREFIXES)
    assert isinstance(answer, ox.QuerySolutions)
    names = tuple(v.value for v in answer.variables)
    return names, [tuple(None if s[v] is None else from_ox(s[v]) for v in names) for s in answer]


def _keys(name: str, variables, rows) -> list[tuple]:
    return [ORDER_KEYS[name](dict(zip(variables, row, strict=True))) for row in rows]


def _tie_groups(name: str, variables, rows) -> list[list[str]]:
    """The rows of each run of rows with the same keys, sorted within the run."""
    groups: list[list[str]] = []
    last = object()
    for key, row in zip(_keys(name, variables, rows), rows, strict=True):
        if key != last:
            groups.append([])
        last = key
        groups[-1].append(repr(row))
    return [sorted(g) for g in groups]


def _assert_paged_as_before(store_dir, name: str, monkeypatch,
                            batch: tuple[int, int] | None = None) -> list[tuple]:
    """The store's answer (whole and in pages) has the old rows, the old order of the sort keys,
    and each page is that part of the whole answer; the whole answer is returned. ``batch``:
    the values of the first batch and the most values of a batch (graph._seek)."""
    import graph._seek
    import graph.store
    from graph.store import Store

    if batch is not None:  # small batches: the order across values is the one sorted here
        monkeypatch.setattr(graph._seek, "FIRST_BATCH", batch[0])
        monkeypatch.setattr(graph._seek, "MOST_BATCH", batch[1])

    seeks = []
    seek_page = graph.store.seek_page

    def spy(*args):
        page = seek_page(*args)
        seeks.append(page is not None)
        return page

    monkeypatch.setattr(graph.store, "seek_page", spy)
    variables, old = _old_ordered(store_dir, name)
    text = saved_query(name).text
    with Store(store_dir, read_only=True) as store:
        whole = store.query(text)
        assert whole.variables == variables and not whole.truncated
        assert _keys(name, variables, whole.rows) == _keys(name, variables, old)
        assert _tie_groups(name, variables, whole.rows) == _tie_groups(name, variables, old)
        for limit, offset in PAGES:
            page = store.query(text, limit=limit, offset=offset)
            assert page.variables == variables
            assert list(page.rows) == list(whole.rows[offset:offset + limit]), (limit, offset)
            assert page.truncated == (offset + limit < len(whole.rows))
        assert seeks == [True] * len(PAGES), "each page was read a few values at a time"
        monkeypatch.setattr(graph.store, "SEEK_ROWS", 0)  # each page from the whole answer
        for limit, offset in PAGES:
            page = store.query(text, limit=limit, offset=offset)
            assert list(page.rows) == list(whole.rows[offset:offset + limit]), (limit, offset)
        assert len(seeks) == len(PAGES)
    return list(whole.rows)


@pytest.mark.parametrize("name", sorted(ORDER_KEYS))
def test_pages_of_a_synthetic_store_are_the_old_answer_in_its_order(name, synthetic,
                                                                   monkeypatch):
    store_dir, _ = synthetic
    rows = _assert_paged_as_before(store_dir, name, monkeypatch, (2, 8))
    assert len(rows) > 100, "the first page is not the whole answer"


@needs_shared
@pytest.mark.parametrize("name", sorted(ORDER_KEYS))
def test_pages_of_the_seeds_are_the_old_answer_in_its_order(name, seeds, nlp_ready,
                                                           monkeypatch):
    from graph.query import run_query

    store_dir, ds = seeds
    rows = _assert_paged_as_before(store_dir, name, monkeypatch)
    assert rows, f"{name} gives no answer on the seeds"
    in_memory = run_query(ds, saved_query(name).text)  # rdflib: the saved text as it is
    assert sorted(map(repr, in_memory.rows)) == sorted(map(repr, rows))
    variables = in_memory.variables
    assert _keys(name, variables, in_memory.rows) == _keys(name, variables, rows)


#: names and dates of every kind the pages sort: plain and language-tagged names (the same
#: value in two languages, or plain and tagged), accents and case, a name shared by two
#: people, start dates of two datatypes with one string, an event with two start dates and
#: one without, a person with two posts in one organisation and memberships without a date;
#: entities of two types, a document among the mentions, two documents of one file, and
#: entities named in annotations or not
PAGED_CASES = """
@prefix org: <http://www.w3.org/ns/org#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://example.org/kg/> .
:a a schema:Person ; schema:name "Ann" . :a2 a schema:Person ; schema:name "Ann"@en .
:a3 a schema:Person ; schema:name "Ann"@fr, "Anne" . :b a schema:Person ; schema:name "ann" .
:c a schema:Person ; schema:name "Émile" . :d a schema:Person ; schema:name "Zoë"@de .
:e a schema:Person ; schema:name "Ann" . :f a schema:Person ; schema:name "Bo" .
:u schema:name "UNESCO" ; schema:alternateName "U" . :v schema:name "Ann"@en .
:dg rdfs:label "Director-General" . :adg rdfs:label "Adviser"@en .
:m1 a org:Membership ; org:member :a ; org:organization :u ; org:role :dg .
:m2 a org:Membership ; org:member :a ; org:organization :u ; org:role :adg ;
    org:memberDuring :t1 .
:m3 a org:Membership ; org:member :a2 ; org:organization :v ; org:role :dg .
:m4 a org:Membership ; org:member :e ; org:organization :u ; org:role :dg .
:m5 a org:Membership ; org:member :c ; org:organization :u ; org:role :adg .
:m6 a org:Membership ; org:member :a3 ; org:organization :u ; org:role :dg .
:m7 a org:Membership ; org:member :d ; org:organization :v ; org:role :adg .
:e1 a schema:Event ; schema:name "Forum" ; schema:startDate "2001-05-01"^^xsd:date ;
    schema:attendee :a, :a2, :b, :c ; schema:organizer :u, :v ; schema:location :v .
:e2 a schema:Event ; schema:name "Assembly"@en ; schema:startDate "2001-05-01" ;
    schema:attendee :a, :e, :f .
:e3 a schema:Event ; schema:name "Forum" ; schema:startDate "1999", "2003-01-01"^^xsd:date ;
    schema:attendee :d, :a3, :b .
:e4 a schema:Event ; schema:name "Session" ; schema:attendee :a, :f ; schema:organizer :u .
:e5 a schema:Event ; schema:name "Consultation" ; schema:endDate "2004-01-01"^^xsd:date ;
    schema:attendee :c, :d .
:doc1 schema:mentions :e1, :e3, :e4 ; dcterms:source "one.txt" .
:doc2 schema:mentions :e1, :e5 ; dcterms:source "two.txt" .
:doc1 schema:mentions :a, :a2, :a3, :b, :c, :d, :u, :v, :doc2 .
:doc2 a schema:DigitalDocument ; schema:name "Ann" ; schema:mentions :a, :e, :v .
:doc3 schema:mentions :a, :f ; dcterms:source "one.txt" .
:u a schema:Organization . :v a schema:Organization, schema:Place .
:n1 oa:hasBody :a ; oa:hasTarget :s1 . :s1 oa:hasSource :doc1 .
:n2 oa:hasBody :a ; oa:hasTarget :s2 . :s2 oa:hasSource :doc3 .
:n3 oa:hasBody :v ; oa:hasTarget :s3 . :s3 oa:hasSource :doc2 .
:n4 oa:hasBody :v ; oa:hasTarget :s4 . :s4 oa:hasSource :doc2 .
"""


def _paged_as_in_memory(cases: str, name: str, tmp_path, monkeypatch) -> list:
    """The rows of saved query ``name`` over the Turtle ``cases`` loaded into a store; asserts
    that its pages add up to its whole answer and that rdflib answers the same in memory."""
    from rdflib import Dataset, URIRef

    from graph.query import run_query
    from graph.store import Store

    ds = Dataset(default_union=True)
    ds.graph(URIRef("https://example.org/kg/doc")).parse(data=cases, format="turtle")
    with Store(tmp_path / "store") as store:
        store.load_quads((s, p, o, g) for s, p, o, g in ds.quads((None, None, None, None)))
    monkeypatch.setattr("tests.test_saved_queries.PAGES", [(1, 0), (2, 1), (3, 3), (50, 0)])
    rows = _assert_paged_as_before(tmp_path / "store", name, monkeypatch, (1, 1))
    in_memory = run_query(ds, saved_query(name).text)
    assert sorted(map(repr, in_memory.rows)) == sorted(map(repr, rows))
    return rows


@pytest.mark.parametrize("name", sorted(ORDER_KEYS))
def test_pages_sort_every_kind_of_name_and_date_as_oxigraph_does(name, tmp_path,
                                                                  monkeypatch):
    rows = _paged_as_in_memory(PAGED_CASES, name, tmp_path, monkeypatch)
    assert len(rows) >= 4
    if name == "entities":  # the cases are there: the test covers what it says
        found = {(str(r[0]).rsplit("/", 1)[-1], str(r[1]), str(r[3]), int(r[4])) for r in rows}
        assert {("a", "Person", "one.txt", 2), ("a", "Person", "two.txt", 0),
                ("v", "Organization", "two.txt", 2), ("v", "Place", "two.txt", 2)} <= found
        assert "doc2" not in {key[0] for key in found}


#: what the joins of met and timeline in graph/_joins.py must leave out or multiply, beyond
#: PAGED_CASES: an attendee who is not a schema:Person, a person without a name, an event
#: that is not a schema:Event, one without a name, one with two names, two places of one
#: name, a place without a name, an organiser without a name and a mention without a source
JOINED_CASES = PAGED_CASES + """
:g schema:name "Gus" ; schema:attendee :e1 . :h a schema:Person .
:e1 schema:attendee :g, :h .
:x schema:name "Party" ; schema:attendee :a, :b ; schema:startDate "2002" .
:e6 a schema:Event ; schema:attendee :a, :f ; schema:startDate "2002" .
:e7 a schema:Event ; schema:name "Gathering", "Gathering"@en ; schema:attendee :f, :c, :a ;
    schema:location :p1, :p2, :p3 ; schema:organizer :h .
:p1 schema:name "Paris" . :p2 schema:name "Paris" .
:doc4 schema:mentions :e7 .
"""


@pytest.mark.parametrize("name", ["met", "timeline"])
def test_joined_answers_are_the_old_answer_on_every_shape_of_the_data(name, tmp_path,
                                                                      monkeypatch):
    rows = _paged_as_in_memory(JOINED_CASES, name, tmp_path, monkeypatch)
    texts = {" ".join("" if t is None else str(t) for t in row) for row in rows}
    gathering = [row for row in rows if str(row[2]) == "Gathering"]
    if name == "met":  # the cases are there: the test covers what it says
        # Ann, Bo and Émile in pairs, with each of the event's two names; no start
        assert len(gathering) == 12 and all(row[3] is None for row in gathering)
        assert not any("Gus" in t or "Party" in t for t in texts)
    else:  # one row for each name: one place name (Paris twice), no organiser, no source
        assert len(gathering) == 2
        assert {(str(row[3]), row[4], row[5]) for row in gathering} == {("Paris", None, None)}
