"""scripts/evaluate.py: scoring a hand-built graph against hand-written gold files."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SDO, XSD

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "evaluate.py"

# The script reads graphs through the public contract only, so the tests build them with the
# standard vocabularies; rdflib has no ActivityStreams namespace object.
AS = Namespace("https://www.w3.org/ns/activitystreams#")
ID = Namespace("https://example.org/kg/id/")


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("evaluate_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


evaluate = _load_script()


def _entity(graph: Graph, doc: URIRef, key: str, cls: URIRef, name: str, *other: str) -> URIRef:
    node = ID[key]
    graph.add((doc, SDO.mentions, node))
    graph.add((node, RDF.type, cls))
    graph.add((node, SDO.name, Literal(name)))
    graph.add((node, RDFS.label, Literal(name)))
    for alternate in other:
        graph.add((node, SDO.alternateName, Literal(alternate)))
    return node


def _membership(graph: Graph, key: str, member: URIRef, organization: URIRef, post: str) -> None:
    membership, role = ID[f"membership/{key}"], ID[f"role/{key}"]
    graph.add((membership, RDF.type, ORG.Membership))
    graph.add((membership, ORG.member, member))
    graph.add((membership, ORG.organization, organization))
    graph.add((membership, ORG.role, role))
    graph.add((role, RDF.type, ORG.Role))
    graph.add((role, RDFS.label, Literal(post)))
    graph.add((member, ORG.memberOf, organization))


def letter_graph() -> Graph:
    """One letter, read from letters/letter-0427.txt, as docs/rdf-model.md writes it."""
    graph = Graph()
    doc = ID["document/0427"]
    for cls in (SDO.DigitalDocument, SDO.Message, SDO.CreativeWork):
        graph.add((doc, RDF.type, cls))
    graph.add((doc, DCTERMS.source, Literal("letters/letter-0427.txt")))
    graph.add((doc, SDO.identifier, Literal("ED/PLS/19/0427")))
    graph.add((doc, SDO.dateCreated, Literal("2019-05-14", datatype=XSD.date)))
    graph.add((doc, SDO.inLanguage, Literal("en-GB")))
    graph.add((doc, SDO.mentions, doc))  # the letter names its own reference

    cedric = _entity(graph, doc, "person/cedric", SDO.Person, "Cédric O")
    cedric_again = _entity(graph, doc, "person/cedric-2", SDO.Person, "CEDRIC O.")
    okafor = _entity(graph, doc, "person/okafor", SDO.Person, "Dr Okafor", "Amara Okafor")
    _entity(graph, doc, "person/dg", SDO.Person, "Director-General of UNESCO")
    _entity(graph, doc, "person/dear-sir", SDO.Person, "Dear Sir")
    unesco = _entity(graph, doc, "organization/unesco", SDO.Organization, "The UNESCO")
    _entity(graph, doc, "organization/archive", SDO.Organization, "Archive-It")
    _entity(graph, doc, "organization/ministry", SDO.Organization, "Ministry of Culture")
    france = _entity(graph, doc, "place/france", SDO.Place, "France")
    earlier = _entity(graph, doc, "reference/letter", SDO.CreativeWork, "letter dated 2 April 2019")

    _membership(graph, "cedric", cedric, france, "Minister of Digital Affairs")
    _membership(graph, "okafor", okafor, unesco, "Director-General")
    graph.add((doc, SDO.sender, okafor))
    graph.add((doc, SDO.recipient, cedric_again))
    graph.add((doc, SDO.dateSent, Literal("2019-05-14", datatype=XSD.date)))
    graph.add((doc, AS.inReplyTo, earlier))
    graph.add((earlier, SDO.sender, cedric))
    return graph


LETTER_GOLD = {
    "document": "letter-0427.txt",
    "document_facts": {
        "type": "Letter",
        "identifier": "ED/PLS/19/0427",
        "title": "Reply to the consultation",
        "date": "2019-05-14",
        "language": "en",
        "sender": "Amara Okafor",
        "recipient": "Cedric O",
    },
    "entities": [
        {"type": "Person", "names": ["Cedric O", "Cédric O"]},
        {"type": "Person", "names": ["Amara Okafor", "Dr Okafor"]},
        {"type": "Person", "names": ["Director-General of UNESCO"], "optional": True},
        {"type": "Person", "names": ["Lena Varga"]},
        {"type": "Organization", "names": ["unesco", "United Nations Educational"]},
        {"type": "Organization", "names": ["Archive-It"], "optional": True},
        {"type": "Event", "names": ["fourth session"]},
        {"type": "Place", "names": ["France"]},
        {"type": "Document", "names": ["ED/PLS/19/0427"]},
        {"type": "Document", "names": ["letter dated 2 April 2019"]},
        {"type": "Document", "names": ["Convention on Education"]},
    ],
    "relations": [
        {
            "subject": "Cedric O",
            "relation": "holds post",
            "post": "Minister of Digital Affairs",
            "object": "France",
        },
        {
            "subject": "Amara Okafor",
            "relation": "holds post",
            "post": "Chairholder",
            "object": "UNESCO",
        },
        {
            "subject": "Director-General of UNESCO",
            "relation": "holds post",
            "post": "Director-General",
            "object": "UNESCO",
            "optional": True,
        },
        {"subject": "this document", "relation": "sender", "object": "Amara Okafor"},
        {"subject": "ED/PLS/19/0427", "relation": "recipient", "object": "Cedric O"},
        {"subject": "ED/PLS/19/0427", "relation": "date", "object": "2019-05-14"},
        {
            "subject": "ED/PLS/19/0427",
            "relation": "replies to",
            "object": "letter dated 2 April 2019",
        },
        {"subject": "this document", "relation": "references", "object": "Convention on Education"},
        {"subject": "Cedric O", "relation": "participated in", "object": "fourth session"},
        {"subject": "Cedric O", "relation": "admires", "object": "Amara Okafor"},
        {
            "subject": "letter dated 2 April 2019",
            "relation": "sender",
            "object": "Cedric O",
            "optional": True,
        },
    ],
}


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "letter-0427.json").write_text(json.dumps(LETTER_GOLD), encoding="utf-8")
    return folder


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "graph.ttl"
    letter_graph().serialize(path, format="turtle")
    return path


def _score(gold_dir: Path) -> dict:
    dataset = Dataset(default_union=True)
    for triple in letter_graph():
        dataset.add(triple)
    return evaluate.evaluate(dataset, evaluate.load_gold(gold_dir))


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("The UNESCO", "unesco"),
        ("Cédric O", "Cedric O"),
        ("Cedric O.", "cedric o"),
        ("S. Iswaran", "S Iswaran"),
        ("U.N.", "UN"),
        ("  Mikhail   Fedotov\n", "Mikhail Fedotov"),
        ("Under-Secretary-General", "Under-Secretary General"),
        ("Secretary-General's Roadmap", "Secretary-Generals Roadmap"),
    ],
)
def test_fold_name_makes_equal(left: str, right: str) -> None:
    assert evaluate.fold_name(left) == evaluate.fold_name(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [("Mr Fedotov", "Fedotov"), ("Paris", "Parisian"), ("The", "")],
)
def test_fold_name_keeps_apart(left: str, right: str) -> None:
    assert evaluate.fold_name(left) != evaluate.fold_name(right)


def test_entity_counts_per_type(gold_dir: Path) -> None:
    entities = _score(gold_dir)["entities"]
    keys = ("gold", "found", "tp", "fp", "fn", "duplicates", "optional")
    got = {t: tuple(entities[t][k] for k in keys) for t in entities}
    assert got == {
        "Person": (3, 5, 2, 2, 1, 1, 1),
        "Organization": (1, 3, 1, 1, 0, 0, 1),
        "Event": (1, 0, 0, 0, 1, 0, 0),
        "Place": (1, 1, 1, 0, 0, 0, 0),
        "Document": (3, 2, 2, 0, 1, 0, 0),
        "micro": (9, 11, 6, 3, 3, 1, 2),
    }


def test_precision_recall_f1(gold_dir: Path) -> None:
    entities = _score(gold_dir)["entities"]
    ratios = {t: (e["precision"], e["recall"], e["f1"]) for t, e in entities.items()}
    assert ratios == {
        "Person": (0.5, 0.6667, 0.5714),
        "Organization": (0.5, 1.0, 0.6667),
        "Event": (None, 0.0, 0.0),
        "Place": (1.0, 1.0, 1.0),
        "Document": (1.0, 0.6667, 0.8),
        "micro": (0.6667, 0.6667, 0.6667),
    }


def test_errors_name_the_false_positives_duplicates_and_misses(gold_dir: Path) -> None:
    (document,) = _score(gold_dir)["per_document"]
    errors = document["entities"]["Person"]["errors"]
    assert [e["names"] for e in errors["false_positives"]] == ['"Dear Sir"']
    assert [(e["names"], e["gold"]) for e in errors["duplicates"]] == [('"CEDRIC O."', "Cedric O")]
    assert [e["names"] for e in errors["misses"]] == ["Lena Varga"]


def test_optional_entities_are_neither_found_nor_false(gold_dir: Path) -> None:
    gold = [evaluate.GoldEntity("Person", ("Ann Lee",), optional=True)]
    first, second = (evaluate.GraphEntity(ID[key]) for key in ("a", "b"))
    first.add_name("Ann Lee")
    second.add_name("ANN LEE")
    counts = evaluate.match_entities(gold, [first, second])
    assert (counts["gold"], counts["tp"], counts["fp"], counts["fn"], counts["optional"]) == (
        0,
        0,
        0,
        0,
        2,
    )


def test_required_gold_entity_is_preferred_to_an_optional_one() -> None:
    gold = [
        evaluate.GoldEntity("Event", ("General Conference",), optional=True),
        evaluate.GoldEntity("Event", ("UNESCO General Conference", "General Conference")),
    ]
    entity = evaluate.GraphEntity(ID["event"])
    entity.add_name("the General Conference")
    counts = evaluate.match_entities(gold, [entity])
    assert (counts["tp"], counts["fn"], counts["optional"]) == (1, 0, 0)


def test_relation_recall_and_post_titles(gold_dir: Path) -> None:
    relations = _score(gold_dir)["relations"]
    assert (relations["gold"], relations["found"], relations["recall"]) == (8, 6, 0.75)
    assert relations["optional"] == {"gold": 2, "found": 1}
    assert relations["post_titles"] == {"checked": 2, "correct": 1, "accuracy": 0.5}
    assert relations["unscored"] == {"admires": 1}
    assert relations["by_relation"]["holds post"] == {"gold": 2, "found": 2}
    assert relations["by_relation"]["participated in"] == {"gold": 1, "found": 0}


def test_missed_relations_say_why(gold_dir: Path) -> None:
    (document,) = _score(gold_dir)["per_document"]
    reasons = {r["relation"]: r.get("reason") for r in document["relations"]}
    assert reasons["references"] == "object not in graph"
    assert reasons["participated in"] == "object not in graph"
    assert reasons["recipient"] is None


def test_document_facts(gold_dir: Path) -> None:
    facts = _score(gold_dir)["document_facts"]
    assert facts == {
        "identifier": {"checked": 1, "correct": 1},
        "title": {"checked": 1, "correct": 0},
        "date": {"checked": 1, "correct": 1},
        "language": {"checked": 1, "correct": 1},
        "sender": {"checked": 1, "correct": 1},
        "recipient": {"checked": 1, "correct": 1},
    }


def test_gold_document_missing_from_graph_counts_as_misses(gold_dir: Path) -> None:
    other = {"document": "other.txt", "entities": [{"type": "Person", "names": ["Ann Lee"]}]}
    (gold_dir / "other.json").write_text(json.dumps(other), encoding="utf-8")
    result = _score(gold_dir)
    assert (result["documents"], result["documents_in_graph"]) == (2, 1)
    assert (result["entities"]["Person"]["gold"], result["entities"]["Person"]["fn"]) == (4, 2)
    assert "not in the graph: other.txt" in evaluate.format_report(result)


def test_benchmark_file_scores_only_its_types(tmp_path: Path) -> None:
    bench = {
        "documents": [
            {
                "file": "s0001.txt",
                "entities": [
                    {"type": "Person", "names": ["John Diefenbaker"]},
                    {"type": "Place", "names": ["Canada"]},
                ],
            }
        ]
    }
    path = tmp_path / "bench.gold.json"
    path.write_text(json.dumps(bench), encoding="utf-8")
    dataset = Dataset(default_union=True)
    doc = ID["document/s0001"]
    dataset.add((doc, DCTERMS.source, Literal("s0001.txt")))
    _entity(dataset, doc, "person/diefenbaker", SDO.Person, "John Diefenbaker")
    _entity(dataset, doc, "organization/liberal", SDO.Organization, "Liberal Party")
    result = evaluate.evaluate(dataset, evaluate.load_gold(path))
    assert result["name"] == "bench"
    assert result["types"] == ["Person", "Place"]
    micro = result["entities"]["micro"]
    assert (micro["gold"], micro["found"], micro["tp"], micro["fp"], micro["fn"]) == (2, 1, 1, 0, 1)


def test_main_prints_the_table_and_writes_json(
    gold_dir: Path, graph_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "figures.json"
    argv = ["--graph", str(graph_file), "--gold", str(gold_dir), "--json", str(out)]
    assert evaluate.main([*argv, "--show-errors"]) == 0
    printed = capsys.readouterr().out
    assert "micro" in printed
    assert "relations recall 6/8 = 0.750" in printed
    assert 'DUP  Person       "CEDRIC O." <https://example.org/kg/id/person/cedric-2>' in printed
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["sets"][0]["entities"]["micro"]["tp"] == 6


# rdflib's own TriG parser builds a ConjunctiveGraph, which rdflib 7 deprecates (not our code).
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_main_reads_named_graphs(gold_dir: Path, tmp_path: Path) -> None:
    dataset = Dataset()
    named = dataset.graph(ID["document/0427"])
    for triple in letter_graph():
        named.add(triple)
    path = tmp_path / "graph.trig"
    dataset.serialize(path, format="trig")
    out = tmp_path / "figures.json"
    assert evaluate.main(["--graph", str(path), "--gold", str(gold_dir), "--json", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["sets"][0]["entities"]["micro"]["tp"] == 6


@pytest.mark.parametrize(
    ("graph_name", "gold_text", "message"),
    [
        ("missing.ttl", None, "does not exist"),
        ("graph.xyz", None, "Available extensions"),
        ("graph.ttl", "{not json", "not valid UTF-8 JSON"),
        (
            "graph.ttl",
            '{"document": "a.txt", "entities": [{"type": "Thing", "names": ["x"]}]}',
            "Available types: Person",
        ),
    ],
)
def test_main_exits_2_on_unusable_input(
    gold_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    graph_name: str,
    gold_text: str | None,
    message: str,
) -> None:
    graph_path = tmp_path / graph_name
    if graph_name != "missing.ttl":
        letter_graph().serialize(graph_path, format="turtle")
    if gold_text is not None:
        (gold_dir / "bad.json").write_text(gold_text, encoding="utf-8")
    assert evaluate.main(["--graph", str(graph_path), "--gold", str(gold_dir)]) == 2
    assert message in capsys.readouterr().err


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        evaluate.main(["--gold", "gold"])
    assert exit_info.value.code == 2
    assert "--graph" in capsys.readouterr().err


def test_build_command_runs_kg_build(tmp_path: Path) -> None:
    command = evaluate.build_command(tmp_path / "docs", tmp_path / "graph.ttl")
    assert command[-5:] == [
        "build",
        str(tmp_path / "docs"),
        "-o",
        str(tmp_path / "graph.ttl"),
        "--allow-invalid",
    ]
    assert command[0].endswith("kg") or command[1:3] == ["-m", "graph"]


# --- resolution gold: B-cubed over expected clusters --------------------------------------------

OA = Namespace("http://www.w3.org/ns/oa#")


def _named(graph: Graph, doc: URIRef, entity: URIRef, key: str, exact: str) -> None:
    """An annotation saying that ``exact`` in ``doc`` names ``entity``."""
    annotation, target, selector = ID[f"ann/{key}"], ID[f"target/{key}"], ID[f"sel/{key}"]
    graph.add((doc, SDO.mentions, entity))
    graph.add((entity, RDF.type, SDO.Person))
    graph.add((annotation, OA.hasBody, entity))
    graph.add((annotation, OA.hasTarget, target))
    graph.add((target, OA.hasSource, doc))
    graph.add((target, OA.hasSelector, selector))
    graph.add((selector, OA.exact, Literal(exact)))


def test_bcubed_counts_a_wrong_merge_and_a_split(tmp_path):
    gold_path = tmp_path / "clusters.json"
    gold_path.write_text(json.dumps({"clusters": [
        {"id": "ann", "type": "Person", "mentions": [["x.txt", "Ann Lee"], ["x.txt", "Ms Lee"]]},
        {"id": "bob", "type": "Person", "mentions": [["x.txt", "Bob Lee"]]},
        {"id": "cy", "type": "Person", "mentions": [["x.txt", "Cy Moor"]]},
    ]}), encoding="utf-8")
    graph = Dataset(default_union=True)
    doc = ID["document/x"]
    graph.add((doc, DCTERMS.source, Literal("x.txt")))
    wrong, alone = ID["person/wrong"], ID["person/alone"]
    _named(graph, doc, wrong, "1", "Ann Lee")  # Ann Lee and Bob Lee taken for one person
    _named(graph, doc, wrong, "2", "Bob Lee")
    _named(graph, doc, alone, "3", "Lee")  # "Ms Lee" left apart; honorifics are allowed
    scores = evaluate.evaluate(graph, evaluate.load_gold(gold_path))
    # items ann1, ann2, bob, cy(missing): P = (1/2 + 1 + 1/2 + 1) / 4, R = (1/2 + 1/2 + 1 + 1) / 4
    assert scores["all"]["precision"] == 0.75 and scores["all"]["recall"] == 0.75
    assert scores["split"] == ["ann"] and scores["merged_apart"] == ["ann + bob"]
    assert scores["missing"] == ["x.txt: 'Cy Moor'"]
    report = evaluate.format_report(scores, show_errors=True)
    assert "SPLIT  ann" in report and "MISS   x.txt: 'Cy Moor'" in report


def test_resolution_gold_with_a_bad_mention_is_refused(tmp_path):
    gold_path = tmp_path / "clusters.json"
    gold_path.write_text(json.dumps({"clusters": [
        {"id": "ann", "type": "Person", "mentions": [["x.txt"]]}]}), encoding="utf-8")
    with pytest.raises(evaluate.InputError, match=r"\[file, text\]"):
        evaluate.load_gold(gold_path)


def test_relation_precision_judges_edges_between_gold_entities(gold_dir: Path) -> None:
    dataset = Dataset(default_union=True)
    graph = letter_graph()
    okafor, france = ID["person/okafor"], ID["place/france"]
    _membership(graph, "okafor-france", okafor, france, "Envoy")  # the gold has no such post
    graph.add((ID["organization/ministry"], SDO.location, france))  # not a gold entity: not judged
    graph.add((ID["organization/unesco"], SDO.location, france))  # two gold entities: wrong
    for triple in graph:
        dataset.add(triple)
    result = evaluate.evaluate(dataset, evaluate.load_gold(gold_dir))
    judged = result["relations"]["precision"]
    assert judged["by_relation"]["holds post"] == {
        "right": 2, "wrong": 1, "optional": 0, "precision": 0.6667}
    assert judged["by_relation"]["located in"]["wrong"] == 1
    assert (judged["right"], judged["wrong"]) == (2, 2)
    wrong = result["per_document"][0]["relation_edges"]["holds post"]["wrong_edges"]
    assert len(wrong) == 1 and "France" in wrong[0]


def test_parts_split_every_third_document_of_each_kind() -> None:
    import _parts

    documents = [{"file": f"d{i:02}.txt", "kind": "a" if i < 6 else "b"} for i in range(9)]
    held = _parts.held_out("some-set", documents)
    assert held == {"d02.txt", "d05.txt", "d08.txt"}
    tune = _parts.select("some-set", documents, "tune")
    assert len(tune) == 6 and not {d["file"] for d in tune} & held
    crossner = [{"file": f"s{i:04}.txt"} for i in (0, 359, 360, 540)]
    assert _parts.held_out("crossner-politics-dev", crossner) == {"s0360.txt", "s0540.txt"}
    with pytest.raises(ValueError, match="choose one of"):
        _parts.select("some-set", documents, "train")
