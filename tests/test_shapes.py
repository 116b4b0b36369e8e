"""The ontology and the SHACL shapes: fixtures run through pySHACL, and meta checks on the files.

Every shape family (``ontology/shapes/<family>.ttl``) has a folder of Turtle fixtures in
``tests/fixtures/shapes/<family>/``: ``valid.ttl`` must produce no validation result at all, and
each ``invalid-<what>.ttl`` must produce results from exactly one shape, with the severity that
``INVALID`` below expects. The same holds for ``ontology/shapes-extra/`` (SHACL-SPARQL checks that
do not run on every build), validated together with the core shapes.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from graph import resources
from graph._namespaces import KG
from graph.resources import ontology_path, shapes_paths

# Not in graph._namespaces yet: the shapes are only read from their files, never built in code.
KGSH = Namespace("https://w3id.org/kg-builder/shapes#")

FIXTURES = Path(__file__).parent / "fixtures"
RDF_MODEL = Path(__file__).parent.parent / "docs" / "rdf-model.md"
SHAPE_FAMILIES = [
    "document",
    "event",
    "membership",
    "merge",
    "organization",
    "person",
    "place",
    "provenance",
]
EXTRA_FAMILIES = ["consistency"]

V, W, INFO = SH.Violation, SH.Warning, SH.Info

#: "<family>/<fixture file>" -> (local name of the one shape it must trip, expected severity).
INVALID: dict[str, tuple[str, URIRef]] = {
    # person.ttl
    "person/invalid-not-schema-person.ttl": ("Person", V),
    "person/invalid-blank-node.ttl": ("Person", V),
    "person/invalid-type-two-entity-classes.ttl": ("Person-type", V),
    "person/invalid-name-missing.ttl": ("Person-name", V),
    "person/invalid-name-blank.ttl": ("Person-name", V),
    "person/invalid-name-two.ttl": ("Person-name", V),
    "person/invalid-name-langstring.ttl": ("Person-name", V),
    "person/invalid-name-honorific.ttl": ("Person-name-honorific", INFO),
    "person/invalid-label-differs.ttl": ("Person-label", V),
    "person/invalid-alternateName-empty.ttl": ("Person-alternateName", V),
    "person/invalid-honorificPrefix-empty.ttl": ("Person-honorificPrefix", V),
    "person/invalid-roleOnly-string.ttl": ("Person-roleOnly", V),
    "person/invalid-memberOf-event.ttl": ("Person-memberOf", V),
    "person/invalid-sameAs-literal.ttl": ("Person-sameAs", V),
    "person/invalid-inferredIdentity-not-person.ttl": ("Person-inferredIdentity", V),
    # merge.ttl
    "merge/invalid-not-activity.ttl": ("Merge", V),
    "merge/invalid-rule-unknown.ttl": ("Merge-rule", V),
    "merge/invalid-rule-missing.ttl": ("Merge-rule", V),
    "merge/invalid-mergedName-missing.ttl": ("Merge-mergedName", V),
    "merge/invalid-mergedName-three.ttl": ("Merge-mergedName", V),
    "merge/invalid-generated-literal.ttl": ("Merge-generated", V),
    "merge/invalid-used-missing.ttl": ("Merge-used", V),
    "merge/invalid-inferred-string.ttl": ("Merge-inferred", V),
    # organization.ttl
    "organization/invalid-not-org-organization.ttl": ("Organization", V),
    "organization/invalid-type-two-entity-classes.ttl": ("Organization-type", V),
    "organization/invalid-name-missing.ttl": ("Organization-name", V),
    "organization/invalid-name-two.ttl": ("Organization-name", V),
    "organization/invalid-label-differs.ttl": ("Organization-label", V),
    "organization/invalid-alternateName-langstring.ttl": ("Organization-alternateName", V),
    "organization/invalid-subOrganizationOf-place.ttl": ("Organization-subOrganizationOf", V),
    "organization/invalid-location-organization.ttl": ("Organization-location", V),
    "organization/invalid-sameAs-literal.ttl": ("Organization-sameAs", V),
    "organization/invalid-unit-not-organization.ttl": ("OrganizationalUnit", V),
    "organization/invalid-unit-subOrganizationOf-missing.ttl": (
        "OrganizationalUnit-subOrganizationOf-recommended",
        W,
    ),
    # event.ttl
    "event/invalid-not-schema-event.ttl": ("Event", V),
    "event/invalid-type-two-entity-classes.ttl": ("Event-type", V),
    "event/invalid-name-missing.ttl": ("Event-name", V),
    "event/invalid-label-differs.ttl": ("Event-label", V),
    "event/invalid-alternateName-empty.ttl": ("Event-alternateName", V),
    "event/invalid-startDate-not-a-date.ttl": ("Event-startDate", V),
    "event/invalid-startDate-string.ttl": ("Event-startDate", V),
    "event/invalid-startDate-bad-month.ttl": ("Event-startDate", V),
    "event/invalid-endDate-two.ttl": ("Event-endDate", V),
    "event/invalid-endDate-datetime.ttl": ("Event-endDate", V),
    "event/invalid-date-missing.ttl": ("Event-date-recommended", W),
    "event/invalid-location-person.ttl": ("Event-location", V),
    "event/invalid-attendee-place.ttl": ("Event-attendee", V),
    "event/invalid-organizer-person.ttl": ("Event-organizer", V),
    "event/invalid-about-literal.ttl": ("Event-about", V),
    "event/invalid-superEvent-organization.ttl": ("Event-superEvent", V),
    "event/invalid-sameAs-literal.ttl": ("Event-sameAs", V),
    "event/invalid-kind-without-event.ttl": ("EventKind", V),
    # place.ttl
    "place/invalid-not-schema-place.ttl": ("Place", V),
    "place/invalid-type-two-entity-classes.ttl": ("Place-type", V),
    "place/invalid-name-missing.ttl": ("Place-name", V),
    "place/invalid-label-differs.ttl": ("Place-label", V),
    "place/invalid-alternateName-empty.ttl": ("Place-alternateName", V),
    "place/invalid-containedInPlace-organization.ttl": ("Place-containedInPlace", V),
    "place/invalid-sameAs-literal.ttl": ("Place-sameAs", V),
    "place/invalid-country-not-schema-country.ttl": ("Country", V),
    "place/invalid-city-not-place.ttl": ("City", V),
    "place/invalid-address-not-place.ttl": ("Address", V),
    "place/invalid-address-postal-address.ttl": ("Address", V),
    # document.ttl: source documents
    "document/invalid-not-digital-document.ttl": ("SourceDocument", V),
    "document/invalid-source-missing.ttl": ("SourceDocument-source", V),
    "document/invalid-source-absolute.ttl": ("SourceDocument-source", V),
    "document/invalid-source-backslash.ttl": ("SourceDocument-source", V),
    "document/invalid-format-missing.ttl": ("SourceDocument-format", V),
    "document/invalid-format-not-media-type.ttl": ("SourceDocument-format", V),
    "document/invalid-contentHash-missing.ttl": ("SourceDocument-contentHash", V),
    "document/invalid-contentHash-uppercase.ttl": ("SourceDocument-contentHash", V),
    "document/invalid-kind-two.ttl": ("SourceDocument-kind", V),
    "document/invalid-name-two.ttl": ("SourceDocument-name", V),
    "document/invalid-identifier-blank.ttl": ("SourceDocument-identifier", V),
    "document/invalid-dateCreated-datetime.ttl": ("SourceDocument-dateCreated", V),
    "document/invalid-dateCreated-missing.ttl": ("SourceDocument-dateCreated-recommended", W),
    "document/invalid-inLanguage-name.ttl": ("SourceDocument-inLanguage", V),
    "document/invalid-fileTitle-langstring.ttl": ("SourceDocument-fileStrings", V),
    "document/invalid-fileDate-datetime.ttl": ("SourceDocument-fileDates", V),
    "document/invalid-pageCount-two.ttl": ("SourceDocument-pageCount", V),
    "document/invalid-ocr-untyped.ttl": ("SourceDocument-ocr", V),
    "document/invalid-recognition-not-activity.ttl": ("Recognition", V),
    "document/invalid-recognition-version-missing.ttl": ("Recognition-engine", V),
    "document/invalid-recognition-language-name.ttl": ("Recognition-language", V),
    "document/invalid-recognition-confidence-percent.ttl": ("Recognition-figures", V),
    "document/invalid-recognition-pages-string.ttl": ("Recognition-pages", V),
    "document/invalid-url-string.ttl": ("SourceDocument-url", V),
    "document/invalid-citation-person.ttl": ("SourceDocument-citation", V),
    "document/invalid-mentions-untyped.ttl": ("SourceDocument-mentions", V),
    "document/invalid-mentions-literal.ttl": ("SourceDocument-mentions", V),
    "document/invalid-letter-not-source-document.ttl": ("Letter", V),
    "document/invalid-letter-sender-place.ttl": ("Letter-sender", V),
    "document/invalid-letter-sender-missing.ttl": ("Letter-sender-recommended", W),
    "document/invalid-letter-recipient-event.ttl": ("Letter-recipient", V),
    "document/invalid-letter-recipient-missing.ttl": ("Letter-recipient-recommended", W),
    "document/invalid-letter-dateSent-not-a-date.ttl": ("Letter-dateSent", V),
    "document/invalid-letter-inReplyTo-source-document.ttl": ("Letter-inReplyTo", V),
    "document/invalid-pressrelease-not-newsarticle.ttl": ("PressRelease", V),
    "document/invalid-meetingreport-not-report.ttl": ("MeetingReport", V),
    "document/invalid-webpage-not-schema-webpage.ttl": ("WebPage", V),
    # document.ttl: referenced documents
    "document/invalid-reference-not-creative-work.ttl": ("DocumentReference", V),
    "document/invalid-reference-blank-node.ttl": ("DocumentReference", V),
    "document/invalid-reference-type-two-entity-classes.ttl": ("DocumentReference-type", V),
    "document/invalid-reference-name-missing.ttl": ("DocumentReference-name", V),
    "document/invalid-reference-label-differs.ttl": ("DocumentReference-label", V),
    "document/invalid-reference-alternateName-empty.ttl": ("DocumentReference-alternateName", V),
    "document/invalid-reference-identifier-integer.ttl": ("DocumentReference-identifier", V),
    "document/invalid-reference-url-space.ttl": ("DocumentReference-url", V),
    "document/invalid-reference-dateCreated-not-a-date.ttl": ("DocumentReference-dateCreated", V),
    "document/invalid-reference-sender-place.ttl": ("DocumentReference-sender", V),
    "document/invalid-reference-author-event.ttl": ("DocumentReference-author", V),
    "document/invalid-reference-citation-person.ttl": ("DocumentReference-citation", V),
    "document/invalid-reference-sameAs-literal.ttl": ("DocumentReference-sameAs", V),
    "document/invalid-reference-kind-without-reference.ttl": ("DocumentReferenceKind", V),
    # membership.ttl
    "membership/invalid-not-org-membership.ttl": ("Membership", V),
    "membership/invalid-member-missing.ttl": ("Membership-member", V),
    "membership/invalid-member-organization.ttl": ("Membership-member", V),
    "membership/invalid-organization-two.ttl": ("Membership-organization", V),
    "membership/invalid-organization-event.ttl": ("Membership-organization", V),
    "membership/invalid-role-two.ttl": ("Membership-role", V),
    "provenance/invalid-confidence-above-one.ttl": ("Mention-confidence", V),
    "provenance/invalid-ocrConfidence-percent.ttl": ("Mention-ocrConfidence", V),
    "membership/invalid-role-label-emptyish.ttl": ("Membership-role-label", W),
    "membership/invalid-memberDuring-two.ttl": ("Membership-memberDuring", V),
    "membership/invalid-post-not-org-role.ttl": ("Post", V),
    "membership/invalid-post-label-missing.ttl": ("Post-label", V),
    "membership/invalid-post-label-two.ttl": ("Post-label", V),
    # provenance.ttl
    "provenance/invalid-not-oa-annotation.ttl": ("Mention", V),
    "provenance/invalid-body-two.ttl": ("Mention-body", V),
    "provenance/invalid-body-missing.ttl": ("Mention-body-type", V),
    "provenance/invalid-body-untyped.ttl": ("Mention-body-type", V),
    "provenance/invalid-target-two.ttl": ("Mention-target", V),
    "provenance/invalid-motivatedBy-missing.ttl": ("Mention-motivatedBy", V),
    "provenance/invalid-extractor-missing.ttl": ("Mention-extractor", V),
    "provenance/invalid-extractor-unversioned.ttl": ("Mention-extractor-versioned", W),
    "provenance/invalid-target-blank-node.ttl": ("TextTarget", V),
    "provenance/invalid-target-no-char-fragment.ttl": ("TextTarget", V),
    "provenance/invalid-target-source-missing.ttl": ("TextTarget-source", V),
    "provenance/invalid-target-source-person.ttl": ("TextTarget-source", V),
    "provenance/invalid-target-selector-untyped.ttl": ("TextTarget-selector", V),
    "provenance/invalid-selector-position-only.ttl": ("TextSelector", V),
    "provenance/invalid-selector-start-missing.ttl": ("TextSelector-start", V),
    "provenance/invalid-selector-start-integer.ttl": ("TextSelector-start", V),
    "provenance/invalid-selector-page-zero.ttl": ("TextSelector-page", V),
    "provenance/invalid-selector-end-missing.ttl": ("TextSelector-end", V),
    "provenance/invalid-selector-offsets-swapped.ttl": ("TextSelector-offsets", V),
    "provenance/invalid-selector-exact-langstring.ttl": ("TextSelector-exact", V),
    "provenance/invalid-statement-blank-node.ttl": ("Statement", V),
    "provenance/invalid-statement-subject-literal.ttl": ("Statement-subject", V),
    "provenance/invalid-statement-predicate-missing.ttl": ("Statement-predicate", V),
    "provenance/invalid-statement-object-blank-node.ttl": ("Statement-object", V),
}

#: The same for ontology/shapes-extra/ (validated together with the core shapes).
INVALID_EXTRA: dict[str, tuple[str, URIRef]] = {
    "consistency/invalid-event-dateOrder.ttl": ("Event-dateOrder", V),
    "consistency/invalid-event-dateOrder-year.ttl": ("Event-dateOrder", V),
    "consistency/invalid-membership-shortcut.ttl": ("Membership-shortcut", V),
    "consistency/invalid-target-fragment.ttl": ("SourceDocument-targetFragment", V),
    "consistency/invalid-selector-exactLength.ttl": ("SourceDocument-selectorLength", V),
    "consistency/invalid-statement-asserted.ttl": ("Statement-asserted", V),
    "consistency/invalid-traceable.ttl": ("Traceable", W),
}

#: Parameters of SHACL Core constraint components (SHACL 1.0, section 4).
CORE_PARAMETERS = {
    SH[name]
    for name in [
        *("class", "datatype", "nodeKind", "minCount", "maxCount", "minLength", "maxLength"),
        *("minExclusive", "minInclusive", "maxExclusive", "maxInclusive", "pattern"),
        *("languageIn", "uniqueLang", "equals", "disjoint", "lessThan", "lessThanOrEquals"),
        *("not", "and", "or", "xone", "node", "property", "qualifiedValueShape"),
        *("qualifiedMinCount", "qualifiedMaxCount", "closed", "hasValue", "in"),
    ]
}
#: What a shapes file that runs on every build must not use (SHACL-SPARQL, SHACL-AF).
NOT_CORE = {SH.sparql, SH.SPARQLConstraint, SH.SPARQLTarget, SH.target, SH.rule, SH.js}


def extra_paths() -> list[Path]:
    return sorted(ontology_path("shapes-extra").glob("*.ttl"))


@cache
def core_shapes() -> Graph:
    graph = Graph()
    for path in shapes_paths():
        graph.parse(path)
    return graph


@cache
def all_shapes() -> Graph:
    graph = Graph()
    for path in [*shapes_paths(), *extra_paths()]:
        graph.parse(path)
    return graph


@cache
def ontology() -> Graph:
    return Graph().parse(ontology_path("kg.ttl"))


def results(fixture: Path, shapes: Graph) -> list[tuple[URIRef, URIRef, str]]:
    """(source shape, severity, message) of every result of validating ``fixture``."""
    data = Graph().parse(fixture)
    # No inference: the mapping materialises every rdf:type the shapes rely on.
    _conforms, report, _text = validate(data, shacl_graph=shapes, inference="none")
    assert isinstance(report, Graph)
    return [
        (
            report.value(result, SH.sourceShape),
            report.value(result, SH.resultSeverity),
            str(report.value(result, SH.resultMessage)),
        )
        for result in report.subjects(RDF.type, SH.ValidationResult)
    ]


def named_shapes(graph: Graph) -> set[URIRef | BNode]:
    """Every shape that is not nested in another: typed as a shape, targeted, or linked."""
    return (
        set(graph.subjects(RDF.type, SH.NodeShape))
        | set(graph.subjects(RDF.type, SH.PropertyShape))
        | set(graph.subjects(SH.targetClass, None))
        | set(graph.subjects(SH.targetObjectsOf, None))
        | set(graph.objects(None, SH.property))
    )


# --- fixtures -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "families", "table"),
    [("shapes", SHAPE_FAMILIES, INVALID), ("shapes-extra", EXTRA_FAMILIES, INVALID_EXTRA)],
)
def test_fixture_table_lists_every_fixture_file(
    folder: str, families: list[str], table: dict[str, tuple[str, URIRef]]
) -> None:
    on_disk = {
        f"{path.parent.name}/{path.name}" for path in (FIXTURES / folder).glob("*/invalid-*.ttl")
    }
    assert on_disk == set(table)
    assert sorted(p.name for p in (FIXTURES / folder).iterdir() if p.is_dir()) == families
    for family in families:
        assert (FIXTURES / folder / family / "valid.ttl").is_file()


def test_every_shapes_file_has_a_fixture_folder() -> None:
    assert [path.stem for path in shapes_paths()] == SHAPE_FAMILIES
    assert [path.stem for path in extra_paths()] == EXTRA_FAMILIES


@pytest.mark.parametrize("family", SHAPE_FAMILIES)
def test_valid_fixture_gives_no_result(family: str) -> None:
    assert results(FIXTURES / "shapes" / family / "valid.ttl", core_shapes()) == []


@pytest.mark.parametrize("family", EXTRA_FAMILIES)
def test_valid_extra_fixture_gives_no_result(family: str) -> None:
    assert results(FIXTURES / "shapes-extra" / family / "valid.ttl", all_shapes()) == []


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_fixture_trips_exactly_its_shape(name: str) -> None:
    shape, severity = INVALID[name]
    found = results(FIXTURES / "shapes" / name, core_shapes())
    assert found, f"{name} conforms"
    assert {(source, sev) for source, sev, _ in found} == {(KGSH[shape], severity)}
    assert all(message.strip() for _, _, message in found)


@pytest.mark.parametrize("name", list(INVALID_EXTRA))
def test_invalid_extra_fixture_trips_exactly_its_shape(name: str) -> None:
    shape, severity = INVALID_EXTRA[name]
    found = results(FIXTURES / "shapes-extra" / name, all_shapes())
    assert found, f"{name} conforms"
    assert {(source, sev) for source, sev, _ in found} == {(KGSH[shape], severity)}


def test_every_shape_has_an_invalid_fixture() -> None:
    expected = {KGSH[shape] for shape, _ in [*INVALID.values(), *INVALID_EXTRA.values()]}
    shapes = {s for s in named_shapes(all_shapes()) if isinstance(s, URIRef)}
    assert shapes - expected == set()
    assert expected - shapes == set()


def test_every_node_shape_has_focus_nodes_in_a_valid_fixture() -> None:
    shapes = core_shapes()
    data = Graph()
    for family in SHAPE_FAMILIES:
        data.parse(FIXTURES / "shapes" / family / "valid.ttl")
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        targets = set(shapes.objects(node_shape, SH.targetClass))
        assert any(data.value(None, RDF.type, cls) for cls in targets), node_shape


def test_severity_table_agrees_with_the_shapes() -> None:
    shapes = all_shapes()
    for shape, severity in [*INVALID.values(), *INVALID_EXTRA.values()]:
        assert shapes.value(KGSH[shape], SH.severity) == severity, shape


# --- meta checks on the shapes files ------------------------------------------------------------


@pytest.mark.parametrize("path", [*shapes_paths(), *extra_paths()], ids=lambda p: p.name)
def test_shapes_file_parses(path: Path) -> None:
    assert len(Graph().parse(path)) > 0


@pytest.mark.parametrize("path", [*shapes_paths(), *extra_paths()], ids=lambda p: p.name)
def test_every_shape_has_an_iri_a_severity_and_a_message(path: Path) -> None:
    graph = Graph().parse(path)
    shapes = named_shapes(graph)
    assert shapes
    for shape in shapes:
        assert isinstance(shape, URIRef), f"{path.name}: a shape without an IRI of its own"
        assert shape.startswith(str(KGSH)), shape
        assert graph.value(shape, SH.severity) in {V, W, INFO}, f"{shape} has no sh:severity"
        messages = list(graph.objects(shape, SH.message))
        assert len(messages) == 1, f"{shape} needs exactly one sh:message"
        message = messages[0]
        assert isinstance(message, Literal) and message.language == "en", shape
        assert len(message) > 60 and ":" in message, f"{shape}: say what is wrong and what to do"


@pytest.mark.parametrize("path", shapes_paths(), ids=lambda p: p.name)
def test_every_constraint_sits_on_a_named_shape(path: Path) -> None:
    """Constraints on blank nodes only inside sh:or / sh:not / qualified shapes of a named one."""
    graph = Graph().parse(path)
    shapes = named_shapes(graph)
    for subject in set(graph.subjects()):
        if subject in shapes or not set(graph.predicates(subject)) & CORE_PARAMETERS:
            continue
        assert isinstance(subject, BNode), f"{subject} has constraints but is not a shape"
        assert graph.value(subject, SH.severity) is None, "nested shapes report as their parent"
        assert not set(graph.predicates(subject)) & {SH.path, SH.targetClass}, subject


@pytest.mark.parametrize("path", shapes_paths(), ids=lambda p: p.name)
def test_property_shapes_name_their_node_shape_and_share_its_target(path: Path) -> None:
    """Flat layout: targets on the property shapes, rdfs:isDefinedBy for the grouping.

    pySHACL re-evaluates a property shape linked with sh:property once per focus node, which
    made the build's validation about three times slower; reports are the same either way.
    """
    graph = Graph().parse(path)
    assert not list(graph.objects(None, SH.property))
    node_shapes = set(graph.subjects(RDF.type, SH.NodeShape))
    for node_shape in node_shapes:
        assert graph.value(node_shape, SH.targetClass) is not None, node_shape
    for shape in graph.subjects(SH.path, None):
        if isinstance(shape, BNode):
            continue  # a nested shape (inside sh:or, sh:not, sh:qualifiedValueShape)
        assert (shape, RDF.type, SH.PropertyShape) in graph, shape
        owner = graph.value(shape, RDFS.isDefinedBy)
        assert owner in node_shapes, f"{shape} names no node shape of {path.name}"
        assert str(shape).startswith(f"{owner}-"), f"{shape} is not named after {owner}"
        targets = set(graph.objects(shape, SH.targetClass))
        if targets:
            assert targets == set(graph.objects(owner, SH.targetClass)), shape
        else:
            assert graph.value(shape, SH.targetObjectsOf) is not None, f"{shape} has no target"


@pytest.mark.parametrize("path", shapes_paths(), ids=lambda p: p.name)
def test_shapes_run_on_every_build_use_only_shacl_core(path: Path) -> None:
    graph = Graph().parse(path)
    used = set(graph.predicates()) | set(graph.objects(None, RDF.type))
    assert used & NOT_CORE == set()


@pytest.mark.parametrize("path", [*shapes_paths(), *extra_paths()], ids=lambda p: p.name)
def test_every_kg_term_in_the_shapes_is_declared(path: Path) -> None:
    declared = set(ontology().subjects(RDF.type, None))
    graph = Graph().parse(path)
    for cls in graph.objects(None, SH.targetClass):
        if cls.startswith(str(KG)):
            assert (cls, RDF.type, OWL.Class) in ontology(), f"{cls} is not an owl:Class"
    used = {term for triple in graph for term in triple if isinstance(term, URIRef)}
    assert {term for term in used if term.startswith(str(KG))} <= declared


# --- the ontology -------------------------------------------------------------------------------


def test_ontology_header() -> None:
    graph = ontology()
    (onto,) = graph.subjects(RDF.type, OWL.Ontology)
    version = str(graph.value(onto, OWL.versionInfo))
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert graph.value(onto, OWL.versionIRI) == URIRef(f"{onto}/{version}")
    assert f"{onto}#" == str(KG)
    dcterms = Namespace("http://purl.org/dc/terms/")
    for prop in (dcterms.title, dcterms.description, dcterms.license):
        assert graph.value(onto, prop) is not None, prop


def test_every_kg_term_has_a_label_a_comment_and_an_alignment() -> None:
    graph = ontology()
    terms = {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(str(KG))}
    assert terms
    for term in terms:
        assert graph.value(term, RDFS.label) is not None, term
        assert graph.value(term, RDFS.comment) is not None, term
        if (term, RDF.type, OWL.Class) in graph:
            assert graph.value(term, RDFS.subClassOf) is not None, term
        else:
            assert {OWL.DatatypeProperty, OWL.ObjectProperty} & set(
                graph.objects(term, RDF.type)), term
            assert graph.value(term, RDFS.domain) is not None, term
            assert graph.value(term, RDFS.range) is not None, term


@pytest.mark.skipif(not RDF_MODEL.is_file(), reason="docs/ is only in a source checkout")
def test_ontology_declares_every_kg_term_of_the_rdf_model() -> None:
    in_model = {KG[name] for name in re.findall(r"\bkg:(\w+)", RDF_MODEL.read_text("utf-8"))}
    declared = set(ontology().subjects(RDF.type, None))
    assert in_model - declared == set()


# --- graph.resources ----------------------------------------------------------------------------


def test_ontology_path_finds_files_and_refuses_missing_ones() -> None:
    assert ontology_path("kg.ttl").is_file()
    assert ontology_path("shapes").is_dir()
    with pytest.raises(FileNotFoundError, match="ontology folder"):
        ontology_path("no-such-file.ttl")


def test_ontology_path_prefers_the_installed_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "kg.ttl").write_text("", "utf-8")
    monkeypatch.setattr(resources, "files", lambda package: tmp_path)
    assert ontology_path("kg.ttl") == tmp_path / "ontology" / "kg.ttl"


def test_ontology_path_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resources, "files", lambda package: tmp_path / "installed")
    monkeypatch.setattr(resources, "_CHECKOUT_ONTOLOGY", tmp_path / "checkout" / "ontology")
    with pytest.raises(FileNotFoundError, match="ontology folder is missing") as info:
        ontology_path("kg.ttl")
    assert str(tmp_path / "checkout" / "ontology") in str(info.value)


def test_shapes_paths_lists_only_the_core_shapes() -> None:
    paths = shapes_paths()
    assert paths == sorted(paths)
    assert all(path.parent == ontology_path("shapes") and path.suffix == ".ttl" for path in paths)
