"""Meta-tests: the public API, the registry and the shapes agree with each other."""

from __future__ import annotations

import types

from rdflib import Graph

import graph
from graph._namespaces import KG, RDFS, SH
from graph.registry import extractors, loaders
from graph.resources import ontology_path, shapes_paths


def test_all_lists_exactly_the_public_names():
    public = {
        name for name, value in vars(graph).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
        and name != "annotations"
    }
    assert set(graph.__all__) == public


def test_every_name_in_all_exists():
    for name in graph.__all__:
        assert hasattr(graph, name), name


def _shapes() -> Graph:
    g = Graph()
    for path in shapes_paths():
        g.parse(path, format="turtle")
    return g


def test_every_class_an_extractor_produces_has_a_shape():
    import graph.extract  # noqa: F401  (registers the built-in extractors)

    targets = {str(t) for t in _shapes().objects(None, SH.targetClass)}
    ontology = Graph().parse(ontology_path("kg.ttl"), format="turtle")
    produced = {name for spec in extractors for name in spec.produces}
    assert produced, "no extractor is registered"
    for name in sorted(produced):
        cls = KG[name]
        classes = set(ontology.transitive_objects(cls, RDFS.subClassOf))
        assert any(str(c) in targets for c in classes), (
            f"{name} (produced by an extractor) has no SHACL shape targeting it or a superclass"
        )


def test_builtin_loaders_cover_txt_md_html():
    import graph.loaders  # noqa: F401

    assert {".txt", ".md", ".html", ".htm"} <= set(loaders.suffixes())


def test_builtin_extractors_have_versioned_names():
    import graph.extract  # noqa: F401

    for spec in extractors:
        stem, _, version = spec.name.rpartition(".")
        assert stem and version.startswith("v") and version[1:].isdigit(), spec.name
