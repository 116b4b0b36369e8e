"""The parallel and incremental builds link documents as the one-process build does: workers
read (parse, extract, resolve) each document, the main process links all of them, so the graph,
its IRIs and its SHACL findings are those of ``build(files)`` on one process, with the user's
authority and curation files too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef

from graph._namespaces import DEFAULT_BASE, RDF, SCHEMA
from graph.pipeline import BuildResult, build

from .conftest import REPO

RESOLUTION = REPO / "tests" / "corpus" / "resolution" / "documents"
EXAMPLES = REPO / "examples" / "documents"

AUTHORITY = REPO / "tests" / "corpus" / "resolution" / "authority.ttl"

CURATION = """
[[not_same_as]]
entities = ["Ms Varga", "Helena Varga"]

[[rename]]
entity = "Anna Kowalczyk"
name = "Anna Maria Kowalczyk"
"""


def quads(ds: Dataset) -> set[tuple[object, ...]]:
    return set(ds.quads((None, None, None, None)))


def findings(result: BuildResult) -> list[tuple[str, ...]]:
    assert result.validation is not None
    return sorted((r.severity, r.focus, r.path or "", r.message, ",".join(r.documents))
                  for r in result.validation.results)


def same_build(a: BuildResult, b: BuildResult) -> None:
    assert quads(a.dataset) == quads(b.dataset)
    assert sorted(a.failures, key=repr) == sorted(b.failures, key=repr)
    assert sorted(a.warnings) == sorted(b.warnings)
    assert a.documents == b.documents  # both map in path order
    assert findings(a) == findings(b)


@pytest.mark.parametrize("folder", [RESOLUTION, EXAMPLES], ids=["resolution", "examples"])
def test_two_workers_give_the_quads_of_one_process(folder, nlp_ready):
    files = sorted(p for p in folder.iterdir() if p.is_file())
    one = build(files)
    two = build(files, workers=2)
    assert one.documents and not one.failures
    same_build(one, two)


def test_cross_document_links_are_made_in_a_parallel_build(nlp_ready):
    two = build([RESOLUTION], workers=2, run_validation=False)
    people = {}
    for s, _, name, _ in two.dataset.quads((None, SCHEMA.name, None, None)):
        if str(name) == "Helena Varga":
            people.setdefault(s, set())
    graphs = {ctx for s in people for _, _, _, ctx in two.dataset.quads((s, None, None, None))}
    assert len(people) == 1  # one IRI for her across documents
    assert len(graphs) >= 2  # described in several documents' graphs


def test_authority_and_curation_reach_the_workers(tmp_path, nlp_ready):
    curation = tmp_path / "curation.toml"
    curation.write_text(CURATION, encoding="utf-8")
    options = {"authority": [AUTHORITY], "curation": curation}
    one = build([RESOLUTION], **options)  # type: ignore[arg-type]
    two = build([RESOLUTION], workers=2, **options)  # type: ignore[arg-type]
    same_build(one, two)
    objects = {str(o) for _, _, o, _ in two.dataset.quads((None, None, None, None))}
    assert "http://www.wikidata.org/entity/Q4115189" in objects  # the authority file was read
    assert "Anna Maria Kowalczyk" in objects  # the curation file was applied


def test_an_incremental_rebuild_relinks_every_document(tmp_path, nlp_ready):
    from graph._build.cache import OutcomeCache
    from graph._build.config import BuildConfig

    folder = tmp_path / "docs"
    shutil.copytree(RESOLUTION, folder)
    cache = tmp_path / "cache"
    build([folder], workers=2, cache=cache)
    # a new document names Ms Varga in full: the cached documents' "Ms Varga" links to it
    changed = sorted(folder.iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8")
                       + "\n\nDr Helena Varga of the Nordic Institute for Heritage Studies "
                         "also attended.\n", encoding="utf-8")
    store = OutcomeCache(cache, BuildConfig(DEFAULT_BASE))
    again = build([folder], workers=2, cache=store)
    assert store.incremental  # from the first build's state (_delta)
    same_build(build([folder]), again)  # SHACL findings too, most kept in the cache
    assert store.checked and all((cache / "derived" / f"{k}.pkl.gz").is_file()
                                 for k in store.checked)


def test_a_changed_curation_file_empties_the_cache(tmp_path, nlp_ready):
    from graph._build.cache import OutcomeCache
    from graph._build.config import BuildConfig

    curation = tmp_path / "curation.toml"
    curation.write_text("", encoding="utf-8")
    cache = tmp_path / "cache"
    files = sorted(RESOLUTION.iterdir())[:3]
    build(files, cache=cache, curation=curation, run_validation=False)
    curation.write_text(CURATION, encoding="utf-8")
    store = OutcomeCache(cache, BuildConfig.of(DEFAULT_BASE, None, None, False, (), curation))
    again = build(files, cache=store, curation=curation, run_validation=False)
    assert store.hits == 0
    assert quads(again.dataset) == quads(build(files, curation=curation,
                                               run_validation=False).dataset)


def test_cache_of_a_folder_path_is_reused(tmp_path, nlp_ready):
    files = sorted(RESOLUTION.iterdir())[:2]
    cache = tmp_path / "cache"
    first = build(files, cache=cache, run_validation=False)
    assert any(Path(cache).rglob("*.gz"))
    assert quads(build(files, cache=cache, run_validation=False).dataset) == quads(first.dataset)


REJECT = """
[[reject]]
subject = "{place_of}"
predicate = "schema:location"
object = "{place}"

[[reject]]
subject = "{letter}"
predicate = "https://schema.org/sender"
object = "Anna Kowalczyk"
"""


def _relations(ds: Dataset, predicate: URIRef) -> dict[tuple[str, str], set[URIRef]]:
    """The ``predicate`` relations of ``ds`` by the names of their sides (a document by IRI),
    with the statements that reify them."""
    names = {s: str(o) for s, _, o, _ in ds.quads((None, SCHEMA.name, None, None))}
    found: dict[tuple[str, str], set[URIRef]] = {}
    for s, _, o, _ in ds.quads((None, predicate, None, None)):
        found.setdefault((names.get(s, str(s)), names.get(o, str(o))), set())
    for statement, _, s, graph in ds.quads((None, RDF.subject, None, None)):
        if (statement, RDF.predicate, predicate, graph) in ds:
            o = next(ds.quads((statement, RDF.object, None, graph)))[2]
            found.setdefault((names.get(s, str(s)), names.get(o, str(o))), set()).add(statement)
    return found


def test_a_rejected_relation_is_left_out_by_every_build_road(tmp_path, nlp_ready):
    from graph.store import Store, build_into_store

    files = sorted(RESOLUTION.iterdir())
    plain = build(files, run_validation=False)
    senders = _relations(plain.dataset, SCHEMA.sender)
    letters = sorted(doc for doc, person in senders if person == "Anna Kowalczyk")
    assert len(letters) == 2  # two letters she sent; one relation is rejected
    located = _relations(plain.dataset, SCHEMA.location)
    assert len(located) >= 2  # one to reject, one at least to keep
    place_of, place = sorted(located)[0]
    rejected = located[(place_of, place)] | senders[(letters[0], "Anna Kowalczyk")]
    assert len(rejected) >= 2  # each statement of a relation is reified, with its evidence
    curation = tmp_path / "curation.toml"
    curation.write_text(REJECT.format(letter=letters[0], place_of=place_of, place=place),
                        encoding="utf-8")

    one = build(files, curation=curation)
    assert not [w for w in one.warnings if "curation" in w]
    assert set(_relations(one.dataset, SCHEMA.location)) == set(located) - {(place_of, place)}
    assert set(_relations(one.dataset, SCHEMA.sender)) == set(senders) - {
        (letters[0], "Anna Kowalczyk")}
    # nothing is left of the two relations: no statement, no annotation of it
    nodes = {n for q in one.dataset.quads((None, None, None, None)) for n in (q[0], q[2])}
    assert not rejected & nodes
    # the rest is what the plain build has, less those relations' triples
    assert quads(one.dataset) < quads(plain.dataset)
    same_build(one, build(files, workers=2, curation=curation))
    cache = tmp_path / "cache"
    build(files, workers=2, cache=cache, curation=curation)
    same_build(one, build(files, workers=2, cache=cache, curation=curation))
    store = tmp_path / "store"
    assert build_into_store(files, store, curation=curation).written
    with Store(store, read_only=True) as held:
        stored = {tuple(row) for row in held.query(
            "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", limit=None).rows}
    # the same quads (literals compared by value: the store gives some datatypes back as
    # xsd:integer)
    assert len(stored) == len(quads(one.dataset))
    assert {(s, p, o.toPython() if isinstance(o, Literal) else o, g) for s, p, o, g in stored} \
        == {(s, p, o.toPython() if isinstance(o, Literal) else o, g)
            for s, p, o, g in quads(one.dataset)}
