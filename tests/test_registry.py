from __future__ import annotations

import pytest

from graph._errors import RegistryError
from graph.registry import Registry, _ExtractorRegistry


def test_unknown_name_lists_the_available_ones():
    reg: Registry[int] = Registry("loader")
    reg.add("text.v1", 1)
    reg.add("html.v1", 2)
    with pytest.raises(RegistryError, match=r"unknown loader 'pdf\.v1'\. Available names: "
                                            r"html\.v1, text\.v1"):
        reg.get("pdf.v1")


def test_a_name_is_registered_once():
    reg: Registry[int] = Registry("loader")
    reg.add("text.v1", 1)
    with pytest.raises(RegistryError, match="already registered"):
        reg.add("text.v1", 2)


def test_extractors_run_after_what_they_require():
    reg = _ExtractorRegistry("extractor")

    def noop(pdoc, found):
        return iter(())

    reg.register("c.v1", produces=(), requires=("b.v1",))(noop)
    reg.register("b.v1", produces=(), requires=("a.v1",))(noop)
    reg.register("a.v1", produces=("Person",))(noop)
    assert [s.name for s in reg.ordered()] == ["a.v1", "b.v1", "c.v1"]
    assert [s.name for s in reg.ordered(["c.v1"])] == ["a.v1", "b.v1", "c.v1"]


def test_requirement_cycles_are_reported():
    reg = _ExtractorRegistry("extractor")

    def noop(pdoc, found):
        return iter(())

    reg.register("a.v1", produces=(), requires=("b.v1",))(noop)
    reg.register("b.v1", produces=(), requires=("a.v1",))(noop)
    with pytest.raises(RegistryError, match="cycle"):
        reg.ordered()
