"""Write ontology/lexicon/given-names-world.ttl: given names of many countries, to widen the
hand-made list of ``ontology/lexicon/given-names.ttl``.

    pip install faker==40.63.0   # the source, for this script only
    python scripts/given_names.py

The hand-made list holds common names of a few languages. A name it lacks ("Aminata Traoré",
"Théodore Monod") is left to the statistical model, which reads such names as organisations or
places. This script adds the first names that Faker's person providers list for each of their
locales (facts, not text: lists of names in use), written in the Latin alphabet.

Left out, so that a word is never read as a name:
- names of fewer than four letters ("Del", "Bil");
- names whose lower-case form is an English word the spaCy pipeline's lemmatizer tables know
  ("Hope", "Grace", "Sierra", "Mark");
- names of places (``graph/extract/place-names.txt``) and names in the gazetteer;
- words that stand before names as posts or ranks, head words of organisations, months;
- names already in the hand-made list.
The output is sorted, so the same sources give the same file. Both lists are the one word list
``lex:given-names`` (``graph/extract/_lexicon.py`` merges the files).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "ontology" / "lexicon" / "given-names-world.ttl"
sys.path.insert(0, str(ROOT))

_LATIN_NAME = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž'-]{3,}")
_HEADER = """\
# Given names of many countries, written in the Latin alphabet: the first names Faker's person
# providers list for their locales (faker 40.63.0), without names that are English words, places,
# gazetteer entries, posts or names of fewer than four letters. Written by
# scripts/given_names.py; do not edit by hand (add names to given-names.ttl instead).
# Read with given-names.ttl as one list by graph/extract/_lexicon.py.
@prefix lex: <https://w3id.org/kg-builder/lexicon/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

lex:given-names skos:hiddenLabel
"""


def faker_first_names() -> set[str]:
    """Every first name of every locale of ``faker.providers.person``."""
    import faker.providers.person as person

    names: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female",
                     "first_names_nonbinary"):
            value = next((k.__dict__[attr] for k in provider.__mro__ if attr in k.__dict__), None)
            if isinstance(value, (tuple, list, dict, set, frozenset)):
                names.update(str(n) for n in value)
    return names


def english_words() -> frozenset[str]:
    """Lower-case English words of the spaCy pipeline's lemmatizer tables."""
    import spacy

    from graph._nlp import MODEL_NAMES, _source

    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(_source(name))
        except OSError:
            continue
        lookups = nlp.get_pipe("lemmatizer").lookups
        words: set[str] = set()
        for table in ("lemma_index", "lemma_exc"):
            for entries in lookups.get_table(table).values():
                words.update(entries)
        return frozenset(words)
    raise SystemExit(f"none of the spaCy pipelines {', '.join(MODEL_NAMES)} is installed")


def kept(names: Iterable[str], words: frozenset[str], taken: frozenset[str],
         is_known: Callable[[str], bool]) -> list[str]:
    """The sorted names that pass the filters of the module's docstring; ``taken`` are words
    that must not become names, ``is_known(name)`` says whether the gazetteer has the name."""
    return sorted({name for name in names if _LATIN_NAME.fullmatch(name) and name not in taken
                   and name.lower() not in words and not is_known(name)})


def to_turtle(names: list[str]) -> str:
    lines, line = [], "   "
    for name in names:
        item = f' "{name}",'
        if len(line) + len(item) > 99:
            lines.append(line)
            line = "   "
        line += item
    lines.append(line)
    return _HEADER + "\n".join(lines)[:-1] + " .\n"


def main() -> int:
    from graph._gazetteer import load_gazetteer
    from graph.extract._placenames import place_names
    from graph.extract.organizations import MONTHS, ORG_HEADS
    from graph.extract.people import TITLE_WORDS

    gazetteer = load_gazetteer()
    hand = _hand_only()
    taken = frozenset(hand | place_names() | TITLE_WORDS | ORG_HEADS | MONTHS)
    names = kept(faker_first_names(), english_words(), taken,
                 lambda n: gazetteer.get(n) is not None)
    OUT.write_text(to_turtle(names), encoding="utf-8")
    print(f"wrote {len(names)} names to {OUT.relative_to(ROOT)}")
    return 0


def _hand_only() -> frozenset[str]:
    """The hand-made list alone (the shipped lexicon merges this script's output into it)."""
    from rdflib import Graph
    from rdflib.namespace import SKOS

    graph = Graph().parse(OUT.with_name("given-names.ttl"), format="turtle")
    return frozenset(str(o) for o in graph.objects(None, SKOS.hiddenLabel))


if __name__ == "__main__":
    raise SystemExit(main())
