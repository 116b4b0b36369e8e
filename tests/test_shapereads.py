"""What the shapes read of the nodes a focus node points to (``graph._shapereads``)."""

from __future__ import annotations

from rdflib import Graph

from graph._shapereads import merge, reads
from graph.validate import load_shapes

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
"""
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def ex(name: str) -> str:
    return f"<https://example.org/{name}>"


def reads_of(turtle: str) -> object:
    return reads(Graph().parse(data=PREFIXES + turtle, format="turtle"))


def test_a_class_constraint_reads_the_types_of_the_values():
    found = reads_of("""
        ex:S a sh:PropertyShape ; sh:targetClass ex:A ; sh:path ex:knows ; sh:class ex:B .
        ex:T a sh:PropertyShape ; sh:targetClass ex:A ; sh:path ex:name ; sh:datatype ex:x .
    """)
    assert found == {ex("knows"): {TYPE: {}}, ex("name"): {}}


def test_nested_shapes_and_paths_read_further():
    found = reads_of("""
        ex:S a sh:NodeShape ; sh:targetClass ex:A ;
            sh:property [ sh:path ( ex:role ex:label ) ; sh:minCount 1 ] ;
            sh:property [ sh:path [ sh:alternativePath ( ex:p ex:q ) ] ;
                          sh:node ex:N ] ;
            sh:property [ sh:path ex:r ;
                          sh:or ( [ sh:class ex:C ] [ sh:path ex:s ; sh:class ex:D ] ) ] .
        ex:N a sh:NodeShape ;
            sh:property [ sh:path ex:t ; sh:qualifiedValueShape [ sh:class ex:E ] ;
                          sh:qualifiedMinCount 1 ] .
    """)
    assert found == {
        ex("role"): {ex("label"): {}},
        ex("p"): {ex("t"): {TYPE: {}}},
        ex("q"): {ex("t"): {TYPE: {}}},
        ex("r"): {TYPE: {}, ex("s"): {TYPE: {}}},
    }


def test_what_cannot_be_bounded_reads_everything():
    inverse = "ex:S sh:targetClass ex:A ; sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ."
    assert reads_of(inverse) is None
    recursive = """
        ex:S a sh:NodeShape ; sh:targetClass ex:A ;
            sh:property [ sh:path ex:parent ; sh:node ex:S ] .
    """
    assert reads_of(recursive) == {ex("parent"): None}
    closed = """
        ex:S a sh:NodeShape ; sh:targetClass ex:A ;
            sh:property [ sh:path ex:p ; sh:node [ sh:closed true ] ] .
    """
    assert reads_of(closed) == {ex("p"): None}


def test_merging_keeps_the_larger_reads():
    assert merge({"a": {}}, {"a": {"b": {}}, "c": {}}) == {"a": {"b": {}}, "c": {}}
    assert merge({"a": {"b": {}}}, {"a": None}) == {"a": None}
    assert merge({}, None) is None


def test_the_project_shapes_are_bounded():
    """The project's shapes read at most two steps from a focus node (the post's label of a
    membership's role), and nothing of a merge's source documents: revalidating a merge node
    that thousands of documents record does not read those documents."""
    found = reads(load_shapes())
    assert isinstance(found, dict)

    def depth(r: object) -> int:
        assert isinstance(r, dict), r
        return 1 + max((depth(v) for v in r.values()), default=0)

    assert depth(found) <= 3
    assert found["<http://www.w3.org/ns/org#role>"] == {
        TYPE: {}, "<http://www.w3.org/2000/01/rdf-schema#label>": {}}
    assert found.get("<http://www.w3.org/ns/prov#used>", {}) == {}
