#!/usr/bin/env python
"""Write ``ontology/gazetteer/unesco-instruments.ttl``, the authority file of UNESCO's
standard-setting instruments, from the index in ``../shared/authority/`` (see its README).

    python scripts/instruments_authority.py ../shared/authority/unesco-legal-instruments.csv

One entry per row: the class by the row's kind (kg:Convention, kg:Recommendation,
kg:Declaration; the Constitution a plain kg:DocumentReference), ``schema:name`` the English title
without its riders (", with Appendix ...", ", with Annexes ..."), ``schema:alternateName`` the
title as indexed, without "UNESCO" in front, and the short forms the year or the city of adoption
make unambiguous ("the 1972 Convention" where 1972 saw one UNESCO convention, "Arusha
Convention" where Arusha saw one), ``kg:acronym`` a bracketed acronym of the title ("(OER)"),
``schema:dateCreated`` the date of adoption, ``schema:locationCreated`` the city. The few common
names the index does not hold ("World Heritage Convention") are the ``_KNOWN`` table below.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, XSD

KG = Namespace("https://w3id.org/kg-builder/ns#")
SCHEMA = Namespace("https://schema.org/")
AUTH = Namespace("https://w3id.org/kg-builder/authority/instrument/")
OUT = Path(__file__).resolve().parent.parent / "ontology" / "gazetteer" / "unesco-instruments.ttl"

_CLASSES = {"CONVENTION": KG.Convention, "RECOMMENDATION": KG.Recommendation,
            "DECLARATION": KG.Declaration, "CONSTITUTION": KG.DocumentReference}
# common names not derived from the index, by UNESCO's id of the instrument
_KNOWN: dict[str, tuple[str, ...]] = {
    "13055": ("World Heritage Convention",),
    "31038": ("2005 Convention", "Convention on the Diversity of Cultural Expressions"),
    "17716": ("Intangible Cultural Heritage Convention",),
    "13520": ("Underwater Cultural Heritage Convention",),
    "13637": ("1954 Hague Convention",),
    "15244": ("Constitution of UNESCO",
              "Constitution of the United Nations Educational, Scientific and Cultural "
              "Organization"),
    "13522": ("Lisbon Recognition Convention",),
    "15398": ("Ramsar Convention",),
}
_RIDER = re.compile(r",?\s+with\s+(?:Appendix|Annex|Annexes|Regulations|model|additional"
                    r"|Protocol|a\s).*$|,\s+including\s+a\s+glossary.*$")
_ACRONYM = re.compile(r"\s*\(([A-Z]{2,})\)$")


def _head(title: str) -> str:
    """The instrument word of a title: the first of them in it."""
    words = [w.strip(",") for w in title.split()]
    return next((w for w in words if w in ("Agreement", "Protocol", "Convention",
                                           "Recommendation", "Declaration", "Charter",
                                           "Constitution")), "Convention")


def _names(row: dict[str, str]) -> tuple[str, list[str], list[str]]:
    """The preferred name, the other names and the acronyms of one row."""
    title = re.sub(r"\s+", " ", row["x.title"]).strip().rstrip(".")
    alts = [title]
    name = _RIDER.sub("", title)
    acronyms = []
    if m := _ACRONYM.search(name):
        acronyms.append(m.group(1))
        name = name[: m.start()]
    if name.startswith("UNESCO "):
        name = name[len("UNESCO "):]
        alts.append(name)
    name = name[0].upper() + name[1:]
    return name, [a for a in dict.fromkeys(alts) if a != name], acronyms


def build(rows: list[dict[str, str]]) -> Graph:
    g = Graph()
    g.bind("kg", KG)
    g.bind("schema", SCHEMA)
    g.bind("instrument", AUTH)
    per_year = Counter((r["year"], _head(r["x.title"])) for r in rows)
    per_city = Counter((r["city"], _head(r["x.title"])) for r in rows if r["city"])
    for row in rows:
        node = AUTH["unesco-" + row["unesco_id"]]
        name, alts, acronyms = _names(row)
        head = _head(row["x.title"])
        if head == "Convention" and per_year[(row["year"], head)] == 1:
            alts.append(f"{row['year']} {head}")
        city = re.sub(r"^The\s+", "", row["city"])
        if city and city != "Paris" and per_city[(row["city"], head)] == 1:
            alts += [f"{city} {head}", f"{row['year']} {city} {head}"]
        alts += _KNOWN.get(row["unesco_id"], ())
        g.add((node, RDF.type, _CLASSES[row["type"]]))
        g.add((node, SCHEMA.name, Literal(name, lang="en")))
        for alt in dict.fromkeys(alts):
            g.add((node, SCHEMA.alternateName, Literal(alt, lang="en")))
        for acronym in acronyms:
            g.add((node, KG.acronym, Literal(acronym)))
        day, month, year = row["date"].split("-")
        g.add((node, SCHEMA.dateCreated, Literal(f"{year}-{month}-{day}", datatype=XSD.date)))
        if row["city"]:
            g.add((node, SCHEMA.locationCreated, Literal(row["city"])))
    return g


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path, help="unesco-legal-instruments.csv")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with args.csv.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    header = ("# UNESCO's standard-setting instruments: written by scripts/instruments_authority.py"
              " from\n# the index of inidun/unesco_data_collection (MIT licence); do not edit by"
              " hand.\n")
    args.output.write_text(header + build(rows).serialize(format="turtle"), encoding="utf-8")
    print(f"{len(rows)} instruments -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
