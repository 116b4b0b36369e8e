"""The word lists of ontology/lexicon/, read by graph.extract._lexicon."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from graph._errors import KgError
from graph.extract._lexicon import words


@pytest.mark.parametrize(
    ("name", "member"),
    [
        ("given-names", "Margaret"),
        ("given-names", "Mamadou"),  # given-names-world.ttl, written by scripts/given_names.py
        ("person-verbs", "resigned"),
        ("person-nouns", "candidate"),
        ("leading-organization-heads", "Parti"),
        ("name-joiners", "des"),
    ],
)
def test_lists_load_from_turtle(name: str, member: str) -> None:
    assert member in words(name)
    assert all(w and w == w.strip() for w in words(name))


def test_unknown_list_names_the_lists_there_are() -> None:
    with pytest.raises(KgError, match="given-names"):
        words("no-such-list")


def _given_names_script():  # type: ignore[no-untyped-def]
    path = Path(__file__).resolve().parent.parent / "scripts" / "given_names.py"
    spec = importlib.util.spec_from_file_location("given_names_script", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_world_list_keeps_no_word_place_or_short_name() -> None:
    script = _given_names_script()
    kept = script.kept(["Aminata", "Hope", "Del", "Lyon", "Margaret", "Mamadou", "Aminata", "李"],
                       frozenset({"hope"}), frozenset({"Lyon", "Margaret"}),
                       lambda name: name == "Mamadou")
    assert kept == ["Aminata"]
    turtle = script.to_turtle(["Aminata", "Théodore"])
    assert turtle.rstrip().endswith('"Aminata", "Théodore" .')


def test_the_shipped_world_list_holds_no_english_word() -> None:
    common = {"Hope", "Grace", "Mark", "Will", "Rose", "Summer", "Paris", "Victoria", "Jordan"}
    assert not common & (words("given-names") - _given_names_script()._hand_only())
