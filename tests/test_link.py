"""graph._link: one node per entity across documents, decided on all of them at once."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

import pytest

from graph._curation import load_curation
from graph._gazetteer import Gazetteer, GazetteerEntry, PostHolding
from graph._iri import IriMinter
from graph._link import link_documents
from graph._resolve import resolve
from graph.records import (
    DateValue,
    DocField,
    Document,
    DocumentFact,
    EntityKind,
    Mention,
    Relation,
    RelationKind,
    Span,
)

P, ORG = EntityKind.PERSON, EntityKind.ORGANIZATION
IRIS = IriMinter()
A = "https://w3id.org/kg-builder/authority/"
UNESCO = GazetteerEntry(A + "unesco", ORG, None, "UNESCO", (), (), (), ())
HOLDERS = Gazetteer(
    [UNESCO],
    [GazetteerEntry(A + "first", P, None, "Ada First", (), (), (), ()),
     GazetteerEntry(A + "second", P, None, "Bea Second", (), (), (), ())],
    [PostHolding(A + "first", A + "unesco", "Director-General", "2009-11-15", "2017-11-14"),
     PostHolding(A + "second", A + "unesco", "Director-General", "2017-11-15", None)],
)


def doc(name, *items):
    """A document whose text is the given names, one a line; items are (name, kind, extra)."""
    text = "\n".join(n for n, *_ in items)
    records, start = [], 0
    for name_, kind, *extra in items:
        kw = extra[0] if extra else {}
        records.append(Mention(kind, kw.pop("name", name_), Span(start, start + len(name_), name_),
                               "test.v1", **kw))
        start += len(name_) + 1
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Document(name, text, "text/plain", f"sha256:{digest}"), records


def link(docs, curation=None, gazetteer=None):
    resolved = [(d, resolve(records)) for d, records in docs]
    links = link_documents(resolved, IRIS, gazetteer or Gazetteer([]), curation)
    return resolved, links


def iri_of(resolved, links, name):
    """The IRI each document gives the cluster with this name (by document name)."""
    out = {}
    for d, r in resolved:
        for c in r.clusters:
            if name in [m.name for m in c.mentions]:
                entity = links.link(c)
                out[d.path] = IRIS.entity(entity.kind.value, entity.key)
    return out


def test_lone_surname_joins_the_one_full_name_of_another_document():
    resolved, links = link([doc("a", ("Mikhail Fedotov", P)), doc("b", ("Fedotov", P))])
    iris = iri_of(resolved, links, "Fedotov") | iri_of(resolved, links, "Mikhail Fedotov")
    assert iris["a"] == iris["b"]
    (b_cluster,) = resolved[1][1].clusters
    entity = links.link(b_cluster)
    assert entity.name == "Mikhail Fedotov"
    assert [m.rule for m in entity.merges] == ["surname"]
    assert entity.aliases  # the IRI "Fedotov" would have had alone is kept for owl:sameAs


def test_surname_of_two_full_names_stays_apart_and_lone_surnames_are_not_merged():
    resolved, links = link([
        doc("a", ("John Smith", P)), doc("b", ("Mary Smith", P)),
        doc("c", ("Smith", P)), doc("d", ("Smith", P), ("Paris", EntityKind.PLACE)),
    ])
    smiths = iri_of(resolved, links, "Smith")
    assert len(set(smiths.values())) == 2  # c's and d's Smith: two nodes
    others = set(iri_of(resolved, links, "John Smith").values()) | set(
        iri_of(resolved, links, "Mary Smith").values())
    assert not others & set(smiths.values())


def test_acronym_of_another_document_joins_its_expansion():
    resolved, links = link([
        doc("a", ("Higher School of Economics", ORG, {"acronym": "HSE"})),
        doc("b", ("HSE", ORG)),
    ])
    (a,), (b,) = resolved[0][1].clusters, resolved[1][1].clusters
    assert links.link(a).key == links.link(b).key
    assert [m.rule for m in links.link(b).merges] == ["alternate name"]


def test_links_do_not_depend_on_document_order():
    docs = [doc("a", ("Mikhail Fedotov", P)), doc("b", ("Fedotov", P)),
            doc("c", ("HSE", ORG)), doc("d", ("Higher School of Economics", ORG,
                                               {"acronym": "HSE"})),
            doc("e", ("Smith", P)), doc("f", ("John Smith", P)), doc("g", ("Jane Smith", P))]
    seen = set()
    for order in itertools.islice(itertools.permutations(docs), 0, 720, 97):
        resolved, links = link(list(order))
        seen.add(frozenset((d.path, c.mentions[0].name, links.link(c).key, links.link(c).name)
                           for d, r in resolved for c in r.clusters))
    assert len(seen) == 1


def curation(tmp_path: Path, text: str):
    path = tmp_path / "curation.toml"
    path.write_text(text, encoding="utf-8")
    return load_curation(path)


def test_curation_same_as_rename_and_not_same_as(tmp_path):
    decisions = curation(tmp_path, """
[[same_as]]
entities = ["Misha", "Mikhail Fedotov"]
[[not_same_as]]
entities = ["Fedotov", "Mikhail Fedotov"]
type = "Person"
[[rename]]
entity = "Mikhail Fedotov"
name = "Mikhail A. Fedotov"
""")
    resolved, links = link([doc("a", ("Mikhail Fedotov", P)), doc("b", ("Fedotov", P)),
                            doc("c", ("Misha", P))], decisions)
    full = iri_of(resolved, links, "Mikhail Fedotov")["a"]
    assert iri_of(resolved, links, "Misha")["c"] == full
    assert iri_of(resolved, links, "Fedotov")["b"] != full
    (a,) = resolved[0][1].clusters
    assert links.link(a).name == "Mikhail A. Fedotov"
    assert links.messages == []


def test_curation_not_same_as_splits_a_document_cluster(tmp_path):
    decisions = curation(tmp_path, '[[not_same_as]]\nentities = ["Smith", "John Smith"]\n')
    _, records = doc("a", ("John Smith", P), ("Smith", P))
    assert len(resolve(records).clusters) == 1
    assert len(resolve(records, apart=decisions.apart_names()).clusters) == 2


def test_curation_retype_by_iri_and_unmatched_decision_reported(tmp_path):
    d, records = doc("a", ("Future of Life Institute", P))
    iri = IRIS.entity("Person", resolve(records).clusters[0].key)
    decisions = curation(tmp_path, f"""
[[retype]]
entity = "{iri}"
type = "Organization"
[[same_as]]
entities = ["Nobody Here", "Nor Here"]
""")
    resolved, links = link([(d, records)], decisions)
    (cluster,) = resolved[0][1].clusters
    assert links.link(cluster).kind is ORG
    assert len(links.messages) == 1 and "[[same_as]] #1" in links.messages[0]


@pytest.mark.parametrize(("text", "message"), [
    ("[[merge]]\nentities = ['a', 'b']\n", "unknown section(s) merge"),
    ("[[same_as]]\nentities = ['a']\n", "two or more"),
    ("[[retype]]\nentity = 'a'\ntype = 'Animal'\n", "unknown type 'Animal'"),
    ("[[rename]]\nentity = 'a'\n", "'name' must be a non-empty string"),
    ("[[same_as]\n", "not valid UTF-8 TOML"),
    ("[[reject]]\nsubject = 'a'\npredicate = 'schema:location'\n",
     "'object' must be a non-empty string"),
    ("[[reject]]\nsubject = 'a'\npredicate = 'location'\nobject = 'b'\n",
     "'predicate' must be a full IRI or a prefixed name, got 'location'. Available prefixes: as,"),
    ("[[reject]]\nsubject = 'a'\npredicate = 'foaf:knows'\nobject = 'b'\n",
     "Available prefixes"),
    ("[[reject]]\nsubject = 'a'\npredicate = 'schema:x'\nobject = 'b'\ntype = 'Person'\n",
     "unknown key(s) type. Available keys: object, predicate, subject"),
    ("reject = 'a'\n", "'reject' must be an array of tables ([[reject]])"),
])
def test_bad_curation_file_says_what_and_where(tmp_path, text, message):
    from graph._errors import InputError

    with pytest.raises(InputError, match=r"curation\.toml") as info:
        curation(tmp_path, text)
    assert message in str(info.value)


def test_curation_reject_reads_its_sides_and_property(tmp_path):
    decisions = curation(tmp_path, """
[[reject]]
subject = "https://example.org/kg/id/event/1"
predicate = "schema:attendee"
object = " Mikhail Fedotov "
[[reject]]
subject = "Division for Heritage"
predicate = "http://www.w3.org/ns/org#subOrganizationOf"
object = "Nordic Institute"
""")
    first, second = decisions.of("reject")
    assert first.predicate == "https://schema.org/attendee"
    assert [r.text for r in first.refs] == ["https://example.org/kg/id/event/1", "Mikhail Fedotov"]
    assert first.refs[0].is_iri and not first.refs[1].is_iri
    assert second.predicate == "http://www.w3.org/ns/org#subOrganizationOf"
    assert first.where == "[[reject]] #1" and second.where == "[[reject]] #2"


def test_curation_reject_reaches_the_links_of_both_sides_by_their_final_iris(tmp_path):
    decisions = curation(tmp_path, """
[[reject]]
subject = "Nordic Institute for Heritage Studies"
predicate = "schema:location"
object = "Finland"
[[reject]]
subject = "Nobody Here"
predicate = "schema:location"
object = "Finland"
""")
    place = EntityKind.PLACE
    resolved, links = link([doc("a", ("Nordic Institute for Heritage Studies", ORG),
                                ("Finland", place), ("Sweden", place))], decisions)
    by_name = {c.name: links.link(c) for c in resolved[0][1].clusters}
    institute = str(IRIS.entity("Organization", by_name["Nordic Institute for Heritage Studies"]
                                .key))
    finland = str(IRIS.entity("Place", by_name["Finland"].key))
    wanted = ((institute, "https://schema.org/location", finland),)
    assert by_name["Nordic Institute for Heritage Studies"].rejects == wanted
    assert by_name["Finland"].rejects == wanted
    assert by_name["Sweden"].rejects == ()
    assert len(links.messages) == 1 and "[[reject]] #2 (reject) matched no entity: Nobody Here" \
        in links.messages[0]


def dg(name, date):
    """A document dated ``date`` naming the Director-General of UNESCO by post only."""
    d, records = doc(name, ("Director-General of UNESCO", P, {"role_only": True}), ("UNESCO", ORG))
    person, org = records
    org = Mention(ORG, "UNESCO", org.span, "test.v1", authority=UNESCO.iri)
    return d, [person, org,
               Relation(RelationKind.HOLDS_POST, person, org, person.span, "test.v1",
                        "Director-General"),
               DocumentFact(DocField.DATE, DateValue(date), "test.v1")]


def test_post_named_on_a_dated_document_is_tied_to_its_holder_then():
    resolved, links = link([dg("a", "2012-10-08"), dg("b", "2019-04-03"), dg("c", "2020-06")],
                           gazetteer=HOLDERS)
    people = [next(c for c in r.clusters if c.kind is P) for _, r in resolved]
    holders = [links.link(c).holder for c in people]
    assert [h.name if h else None for h in holders] == ["Ada First", "Bea Second", "Bea Second"]
    keys = [links.link(c).key for c in people]
    assert keys[0] != keys[1] == keys[2]  # two holders, two nodes
    assert all(c.role_only for c in people)
    assert ("post holder" in {m.rule for m in links.link(people[0]).merges})


def test_post_without_a_date_or_across_two_terms_has_no_holder():
    d, records = dg("a", "2017")  # the year covers both terms
    resolved, links = link([(d, records)], gazetteer=HOLDERS)
    person = next(c for c in resolved[0][1].clusters if c.kind is P)
    assert links.link(person).holder is None


def test_person_named_in_full_is_keyed_on_the_authority_entry():
    resolved, links = link([doc("a", ("Ada First", P)), doc("b", ("First", P))],
                           gazetteer=HOLDERS)
    keys = {links.link(c).key for _, r in resolved for c in r.clusters}
    assert keys == {"authority:" + A + "first"}


def test_same_as_across_types_joins_only_within_a_type_and_says_so(tmp_path):
    decisions = curation(tmp_path, '[[same_as]]\nentities = ["Baker", "Baker & Co"]\n')
    resolved, links = link([doc("a", ("Baker", P)), doc("b", ("Baker & Co", ORG)),
                            doc("c", ("Baker", ORG))], decisions)
    kinds = {links.link(c).kind for _, r in resolved for c in r.clusters}
    assert kinds == {P, ORG}
    org_keys = {links.link(c).key for _, r in resolved for c in r.clusters if c.kind is ORG}
    assert len(org_keys) == 1
    assert any("several types (Organization, Person)" in m for m in links.messages)


def test_retype_by_the_iri_a_lone_surname_was_given(tmp_path):
    docs = [doc("a", ("Tegmark", P))]
    resolved, links = link(docs)
    (cluster,) = resolved[0][1].clusters
    shown = IRIS.entity("Person", links.link(cluster).key)  # as kg entities lists it
    assert "@" in links.link(cluster).key
    decisions = curation(tmp_path, f'[[retype]]\nentity = "{shown}"\ntype = "Organization"\n')
    resolved, links = link([doc("a", ("Tegmark", P))], decisions)
    (cluster,) = resolved[0][1].clusters
    assert links.link(cluster).kind is ORG and links.messages == []


def test_every_rule_resolution_records_is_one_the_merge_shape_accepts():
    from rdflib import Graph
    from rdflib.collection import Collection

    from graph._namespaces import SH
    from graph._resolve import RULES
    from graph.resources import ontology_path

    shapes = Graph().parse(ontology_path("shapes", "merge.ttl"))
    (listed,) = list(shapes.objects(None, SH["in"]))
    assert {str(v) for v in Collection(shapes, listed)} == RULES
