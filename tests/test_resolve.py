from __future__ import annotations

from graph._resolve import resolve
from graph.records import EntityKind, Mention, Relation, RelationKind, Span

TEXT = (
    "Dr. Prof. Mikhail Fedotov wrote. Dear Mr Fedotov, the Director-General of UNESCO thanks "
    "you. The Director-General met the Intergovernmental Committee for the Protection of "
    "Heritage. The Intergovernmental Committee met. John Smith and Mary Smith came; Smith spoke."
)


def m(text, kind, name=None, nth=0, **kw):
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return Mention(kind, name or text, Span(start, start + len(text), text), "test.v1", **kw)


P, ORG = EntityKind.PERSON, EntityKind.ORGANIZATION


def names(resolved):
    return sorted(sorted(mm.name for mm in c.mentions) for c in resolved.clusters)


def test_surname_joins_the_one_full_name():
    r = resolve([m("Mikhail Fedotov", P), m("Fedotov", P, nth=1, honorific="Mr")])
    assert names(r) == [["Fedotov", "Mikhail Fedotov"]]
    (cluster,) = r.clusters
    assert cluster.name == "Mikhail Fedotov"


def test_ambiguous_surname_stays_apart():
    r = resolve([m("John Smith", P), m("Mary Smith", P), m("Smith", P, nth=2)])
    assert names(r) == [["John Smith"], ["Mary Smith"], ["Smith"]]


def test_a_name_without_its_middle_name_joins_the_full_name_and_its_surname_follows():
    text = "Ann Lee\n\nAnn Mary Lee (born 1960) is a skater. Lee won twice."

    def at(part, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = text.index(part, start + 1)
        return Mention(P, part, Span(start, start + len(part), part), "test.v1")

    r = resolve([at("Ann Lee"), at("Ann Mary Lee"), at("Lee", 2)])
    assert names(r) == [["Ann Lee", "Ann Mary Lee", "Lee"]]
    assert {merge.rule for merge in r.clusters[0].merges} == {"short form", "surname"}
    # two different middle names: two people, and their surname alone stays apart
    text = "Ann Mary Lee and Ann Ruth Lee met. Lee spoke."
    r = resolve([at("Ann Mary Lee"), at("Ann Ruth Lee"), at("Lee", 2)])
    assert names(r) == [["Ann Mary Lee"], ["Ann Ruth Lee"], ["Lee"]]


def test_bare_post_joins_the_longer_post_of_a_role_only_person():
    r = resolve([
        m("Director-General of UNESCO", P, role_only=True),
        m("Director-General", P, nth=1, role_only=True),
    ])
    assert names(r) == [["Director-General", "Director-General of UNESCO"]]
    assert r.clusters[0].role_only


def test_short_name_joins_name_with_complement():
    full = "Intergovernmental Committee for the Protection of Heritage"
    r = resolve([m(full, ORG), m("Intergovernmental Committee", ORG, nth=1)])
    assert names(r) == [["Intergovernmental Committee", full]]
    assert r.clusters[0].name == full


def test_acronym_ties_names():
    full = "United Nations Educational, Scientific and Cultural Organization"
    text_m = m("UNESCO", ORG, acronym="UNESCO", alternate_names=(full,))
    other = Mention(ORG, full, Span(0, 3, TEXT[:3]), "test.v1")
    r = resolve([text_m, other])
    assert len(r.clusters) == 1


def test_crossing_spans_keep_the_longer_and_move_relations():
    person = m("Mikhail Fedotov", P)
    crossing = Mention(ORG, "Prof. Mikhail", Span(4, 17, TEXT[4:17]), "test.v1")
    org = m("UNESCO", ORG)
    relations = [Relation(RelationKind.HOLDS_POST, person, org, person.span, "test.v1", "Chair"),
                 Relation(RelationKind.HOLDS_POST, crossing, org, person.span, "test.v1", "X")]
    r = resolve([person, crossing, org, *relations])
    assert names(r) == [["Mikhail Fedotov"], ["UNESCO"]]
    assert [rel.post for rel in r.relations] == ["Chair"]
    assert any("overlap" in d for d in r.dropped)


def test_nested_entities_of_other_kinds_both_stay():
    event = m("Director-General met the Intergovernmental Committee", EntityKind.EVENT)
    org = m("Intergovernmental Committee", ORG)
    assert len(resolve([event, org]).clusters) == 2


def test_relation_between_wrong_kinds_is_dropped_with_a_reason():
    a, b = m("John Smith", P), m("Mary Smith", P)
    r = resolve([a, b, Relation(RelationKind.PART_OF, a, b, a.span, "test.v1")])
    assert r.relations == []
    assert "cannot link a Person to a Person" in r.dropped[0]


def test_resolution_does_not_depend_on_record_order():
    records = [m("Mikhail Fedotov", P), m("Fedotov", P, nth=1), m("UNESCO", ORG),
               m("John Smith", P), m("Smith", P, nth=2)]
    first = resolve(records)
    second = resolve(list(reversed(records)))
    assert [c.key for c in first.clusters] == [c.key for c in second.clusters]


def test_same_words_as_event_and_body_the_dated_reading_wins():
    from graph.records import DateValue

    words = "Intergovernmental Committee"
    body = Mention(ORG, words, m(words, ORG, nth=1).span, "a.v1")
    session = Mention(EntityKind.EVENT, words, body.span, "z.v1",
                      start_date=DateValue("2021-02"))
    for order in (["a.v1", "z.v1"], ["z.v1", "a.v1"]):
        (cluster,) = resolve([body, session], order).clusters
        assert cluster.kind is EntityKind.EVENT


def test_definite_description_names_the_one_organisation_with_that_head_word():
    full = "Intergovernmental Committee for the Protection of Heritage"
    body = m(full, ORG)
    text = TEXT + " Later the Committee agreed."
    r = resolve([body], text=text)
    (cluster,) = r.clusters
    added = [mm for mm in cluster.mentions if mm.extractor == "resolve.v1"]
    assert [mm.span.text for mm in added] == ["Committee"]
    assert cluster.names == [full]  # the description adds no name


def test_definite_description_with_two_candidates_or_no_antecedent_is_left_alone():
    text = ("The Committee met. The Intergovernmental Committee for the Protection of Heritage "
            "and the Scientific Committee on Oceans met. The Committee adjourned.")
    one = Mention(ORG, "Intergovernmental Committee for the Protection of Heritage",
                  Span(19, 78, text[19:78]), "test.v1")
    two = Mention(ORG, "Scientific Committee on Oceans", Span(87, 117, text[87:117]), "test.v1")
    r = resolve([one, two], text=text)
    assert all(mm.extractor == "test.v1" for c in r.clusters for mm in c.mentions)
    alone = resolve([one], text=text)
    starts = [mm.span.start for c in alone.clusters for mm in c.mentions
              if mm.extractor == "resolve.v1"]
    assert starts == [text.rindex("Committee adjourned")]  # not the one before its antecedent


def test_an_acronym_that_cannot_abbreviate_the_name_does_not_join_two_bodies():
    text = "the Kenya National Commission for UNESCO (KNATCOM) met"
    full = "United Nations Educational, Scientific and Cultural Organization"
    unesco = Mention(ORG, full, Span(34, 40, "UNESCO"), "test.v1", acronym="KNATCOM",
                     alternate_names=("UNESCO",))
    knatcom = Mention(ORG, "KNATCOM", Span(42, 49, "KNATCOM"), "test.v1",
                      alternate_names=(full,))
    assert text[34:40] == "UNESCO" and text[42:49] == "KNATCOM"
    r = resolve([unesco, knatcom])
    assert len(r.clusters) == 2
    assert "KNATCOM" not in r.clusters[0].names


def test_a_generic_alternate_name_is_a_short_form_not_a_key():
    text = "seventh session, twelfth session; the session"
    seventh = Mention(EntityKind.EVENT, "seventh session", Span(0, 15, text[:15]), "test.v1",
                      alternate_names=("session",))
    twelfth = Mention(EntityKind.EVENT, "twelfth session", Span(17, 32, text[17:32]), "test.v1",
                      alternate_names=("session",))
    bare = Mention(EntityKind.EVENT, "session", Span(38, 45, text[38:45]), "test.v1")
    assert len(resolve([seventh, twelfth, bare]).clusters) == 3  # "session" fits both
    (joined,) = resolve([seventh, bare]).clusters
    assert [m.rule for m in joined.merges] == ["alternate name"]


def test_an_acronym_the_authority_entry_lists_is_kept_even_if_it_abbreviates_another_language():
    un = Mention(ORG, "United Nations", Span(0, 3, "ONU"), "test.v1", acronym="ONU",
                 authority="https://w3id.org/kg-builder/authority/un")
    (cluster,) = resolve([un]).clusters
    assert "ONU" in cluster.names


def _settle_by_scanning(mentions, order):
    """The overlap rule read plainly: each mention, longest first, against every winner so far."""
    def rank(m):
        return (-(m.span.end - m.span.start), m.start_date is None, m.authority is None,
                order.get(m.extractor, len(order)), m.span.start)

    winners, target = [], {}
    for m in sorted(mentions, key=rank):
        for w in winners:
            same = (w.span.start, w.span.end) == (m.span.start, m.span.end)
            crossing = (w.span.start < m.span.end and m.span.start < w.span.end
                        and not (w.span.start <= m.span.start and m.span.end <= w.span.end)
                        and not (m.span.start <= w.span.start and w.span.end <= m.span.end))
            if (same and w.kind != m.kind) or crossing:
                target[m] = w
                break
        else:
            winners.append(m)
            target[m] = m
    return target


def test_indexed_overlap_settling_agrees_with_a_plain_scan():
    import random

    from graph._resolve import _settle_overlaps

    rng = random.Random(11)
    text = "".join(rng.choice("abcdefgh ") for _ in range(6000))
    kinds = [EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE]
    mentions = set()
    for _ in range(1500):
        start = rng.randrange(0, 5900)
        end = start + rng.choice([1, 3, 8, 20, 60, 700])
        end = min(end, len(text))
        mentions.add(Mention(rng.choice(kinds), f"n{start}", Span(start, end, text[start:end]),
                             rng.choice(["a.v1", "b.v1"])))
    order = {"a.v1": 0, "b.v1": 1}
    assert _settle_overlaps(list(mentions), order) == _settle_by_scanning(list(mentions), order)
