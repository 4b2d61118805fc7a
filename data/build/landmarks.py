#!/usr/bin/env python3
"""Builds data/gazetteer/landmarks/ from Natural Earth, for the countries of data/build/wof.py.

    pip install py7zr==1.1.4          # Natural Earth's large layers come 7-zipped
    python3 data/build/landmarks.py   # reads /work/.mirror, writes data/gazetteer/landmarks/

Input: the public repository `martynafford/natural-earth-geojson` (Natural
Earth 1:10m layers as GeoJSON; Natural Earth is public domain, the repository
CC0), as the `fetch` tool brings it to `<mirror>/martynafford+natural-earth-
geojson/repo`; read with `git show` at HEAD, the commit is written to
`snapshot.tsv`. Layers read (LAYERS below): physical regions (deserts,
mountain ranges, plateaus, plains, valleys, peninsulas, islands, depressions),
named peaks and depressions, capes, rivers, lakes and reservoirs (with the dam
that makes a reservoir, when Natural Earth names it).

Not read, and why: `ne_10m_ports` (in our area 342 ports, nearly all named
after their town: a second candidate for every port town, no new name);
`ne_10m_airports` (Who's On First campuses, in data/gazetteer/wof/, carry the
airports with IATA/ICAO codes, Wikidata IDs and Arabic names).

Which features: those with a (sampled) vertex within NEAR_KM of a place of
data/gazetteer/wof/ (our countries). The country of a vertex is that of its
nearest place; a feature whose vertices all fall in one country gets it, one
that crosses borders (the Euphrates, the Sahara) gets none, like GeoNames'
regions. Near a border this can err by one country (a peak on the border).

Identity. This Natural Earth release has no feature IDs (no `ne_id`, no
Wikidata ID), so a feature is `ne:<kind>/<slug of its name>` (e.g.
`ne:river/euphrates`): stable as long as Natural Earth keeps the name; a
clash gets `-2`, `-3` in file order. Where a GeoNames ID is known for the same
feature it belongs in data/gazetteer/regions.txt instead (GeoNames rows win).

Arabic names: Natural Earth's layers here have none. `curated_names.tsv` in
the output folder (written by the newsevents developers: `gazetteer_id lang
name`) gives the Arabic (and extra English) names news uses; the loader merges
it like data/gazetteer/region_names.tsv.

Output (data/gazetteer/landmarks/): places.tsv and names.tsv with the columns
of data/gazetteer/wof/ (see data/build/wof.py), snapshot.tsv, VERSION.
"""

from __future__ import annotations

import collections
import gzip
import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from wof import PLACE_COLUMNS, git, git_dir  # noqa: E402

GAZ = os.path.normpath(os.path.join(HERE, "..", "gazetteer"))
OUT = os.path.join(GAZ, "landmarks")
MIRROR = "/work/.mirror"
NEAR_KM = 80.0
REPO = "martynafford/natural-earth-geojson"

# (path in the repository, how to read a feature's kind)
LAYERS = [
    "10m/physical/ne_10m_geography_regions_polys.7z",
    "10m/physical/ne_10m_geography_regions_points.json",
    "10m/physical/ne_10m_geography_regions_elevation_points.json",
    "10m/physical/ne_10m_rivers_lake_centerlines.7z",
    "10m/physical/ne_10m_lakes.7z",
]
# Natural Earth featurecla -> (our kind, GeoNames feature class, code)
KINDS = {
    "desert": ("desert", "T", "DSRT"), "range/mtn": ("range", "T", "MTS"), "plateau": ("plateau", "T", "PLAT"),
    "plain": ("plain", "T", "PLN"), "valley": ("valley", "T", "VAL"), "basin": ("basin", "T", "BSNU"),
    "delta": ("delta", "T", "DLTA"), "peninsula": ("peninsula", "T", "PEN"), "pen/cape": ("peninsula", "T", "PEN"),
    "cape": ("cape", "T", "CAPE"), "island": ("island", "T", "ISL"), "island group": ("islands", "T", "ISLS"),
    "isthmus": ("isthmus", "T", "ISTH"), "depression": ("depression", "T", "DPR"), "gorge": ("gorge", "T", "GRGE"),
    "wetlands": ("wetland", "H", "WTLD"), "lowland": ("lowland", "T", "LWLD"), "foothills": ("foothills", "T", "HLLS"),
    "geoarea": ("area", "L", "RGN"), "coast": ("coast", "L", "CST"), "tundra": ("area", "L", "RGN"),
    "mountain": ("mountain", "T", "MT"), "pass": ("pass", "T", "PASS"),
    "river": ("river", "H", "STM"),
    "lake": ("lake", "H", "LK"), "reservoir": ("reservoir", "H", "RSV"), "alkaline lake": ("lake", "H", "LKN"),
}


def slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).casefold()


def read_layer(gd: str, path: str) -> list[dict]:
    raw = subprocess.run(["git", "--git-dir", gd, "show", f"HEAD:{path}"], capture_output=True, check=True).stdout
    if path.endswith(".json"):
        return json.loads(raw)["features"]
    import py7zr  # only needed for the 7-zipped layers

    with tempfile.TemporaryDirectory() as d:
        with py7zr.SevenZipFile(io.BytesIO(raw)) as z:
            z.extractall(path=d)
        (name,) = [n for n in os.listdir(d) if n.endswith(".json")]
        with open(os.path.join(d, name), encoding="utf-8") as f:
            return json.load(f)["features"]


def vertices(geom: dict) -> list[tuple[float, float]]:
    """(lat, lon) of every vertex."""
    out: list[tuple[float, float]] = []

    def walk(c):
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            out.append((float(c[1]), float(c[0])))
        elif isinstance(c, (list, tuple)):
            for x in c:
                walk(x)

    walk(geom.get("coordinates") or [])
    if geom.get("type") == "GeometryCollection":
        for g in geom.get("geometries") or []:
            out.extend(vertices(g))
    return out


def load_places() -> dict[tuple[int, int], list[tuple[float, float, str]]]:
    """Our WOF places (lat, lon, country) by 1-degree cell."""
    cells: dict[tuple[int, int], list[tuple[float, float, str]]] = collections.defaultdict(list)
    for path in (os.path.join(GAZ, "wof", "places.tsv.gz"), os.path.join(GAZ, "wof", "extended", "places.tsv.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            header = next(f).rstrip("\n").split("\t")
            ci, la, lo = header.index("country"), header.index("lat"), header.index("lon")
            for line in f:
                c = line.rstrip("\n").split("\t")
                if c[ci]:
                    lat, lon = float(c[la]), float(c[lo])
                    cells[(math.floor(lat), math.floor(lon))].append((lat, lon, c[ci]))
    return cells


def country_at(cells, lat: float, lon: float) -> str | None:
    """Country of the nearest of our places within NEAR_KM, else None."""
    best, best_d = None, NEAR_KM
    ci, cj = math.floor(lat), math.floor(lon)
    coslat = math.cos(math.radians(lat))
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            for plat, plon, cc in cells.get((ci + di, cj + dj), ()):
                d = 111.2 * math.hypot(plat - lat, (plon - lon) * coslat)
                if d < best_d or (d == best_d and best is not None and cc < best):
                    best, best_d = cc, d
    return best


# Natural Earth names a river by the country a stretch runs through; these
# stretches are one river (ours: which stretch belongs to which river).
SAME_RIVER = {"Al Furat": "Euphrates", "Firat": "Euphrates", "Dicle": "Tigris"}

SMALL_WORDS = {"al", "el", "ar", "as", "ash", "ad", "an", "at", "az", "ad", "de", "du", "des", "la", "le",
               "of", "the", "and", "ej", "ech", "en", "es", "ez", "oua", "n"}


def display(name: str) -> str:
    """Natural Earth writes large regions in capitals (SYRIAN DESERT): title
    case, particles lower case after the first word."""
    if not name.isupper():
        return name
    words = re.split(r"(\s+|-)", name.lower())
    out = []
    for i, w in enumerate(words):
        out.append(w if (i > 0 and w in SMALL_WORDS) else w[:1].upper() + w[1:])
    return "".join(out)


def main() -> int:
    gd = git_dir(MIRROR, REPO)
    if gd is None:
        sys.exit(f"missing snapshot of {REPO} under {MIRROR} (use the fetch tool)")
    head = git(gd, "rev-parse", "HEAD").strip()
    date = git(gd, "log", "-1", "--format=%cs", "HEAD").strip()
    cells = load_places()
    # A feature named like a country (Natural Earth's "India" peninsula) would
    # compete with the country: left out.
    country_names = set()
    with open(os.path.join(GAZ, "countryInfo.txt"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#") and line.strip():
                country_names.add(fold(line.split("\t")[4]))
    rows: list[dict] = []
    names: list[tuple[str, str, str, str]] = []
    used: collections.Counter = collections.Counter()
    stats: collections.Counter = collections.Counter()
    for layer in LAYERS:
        # Natural Earth cuts long rivers and large regions into several
        # features with one name: merged, in file order.
        merged: dict[tuple[str, str], dict] = {}
        for f in read_layer(gd, layer):
            p = f.get("properties") or {}
            cla = (p.get("featurecla") or "").strip().lower()
            name = display((p.get("name") or p.get("name_en") or "").strip())
            if cla not in KINDS or not name:
                stats[f"skip:{cla or 'none'}"] += 1
                continue
            if fold(name) in country_names:
                if KINDS[cla][0] != "river":
                    stats["skip:country_name"] += 1
                    continue
                name += " River"  # the Jordan, the Niger, the Senegal
                stats["river_renamed"] += 1
            local = None
            if cla == "river" and name in SAME_RIVER:
                local, name = name, SAME_RIVER[name]
            key = (cla, name)
            if local:
                merged.setdefault(key, {"p": {}, "cla": cla, "name": name, "vs": [], "locals": []})
                merged[key].setdefault("locals", []).append(local)
            if key in merged:
                merged[key]["vs"].extend(vertices(f.get("geometry") or {}))
                stats["merged_parts"] += 1
            else:
                merged[key] = {"p": p, "cla": cla, "name": name, "vs": vertices(f.get("geometry") or {})}
        for m in merged.values():
            p, cla, name = m["p"], m["cla"], m["name"]
            kind, fclass, fcode = KINDS[cla]
            vs = m["vs"]
            if not vs:
                continue
            step = max(1, len(vs) // 60)
            sample = vs[::step]
            at = [country_at(cells, la, lo) for la, lo in sample]
            cc = {c for c in at if c}
            if not cc:
                continue  # not within NEAR_KM of any of our places: outside our countries
            # One country when every sampled vertex near our places is in it
            # (a cross-border river or desert gets none, like GeoNames' regions).
            country = next(iter(cc)) if len(cc) == 1 else ""
            if fclass in ("T", "L") and kind in ("mountain", "cape", "pass", "depression") or len(vs) == 1:
                lat, lon = vs[0]
            else:
                inside = [v for v, c in zip(sample, at) if c] or sample
                lat = sum(v[0] for v in inside) / len(inside)
                lon = sum(v[1] for v in inside) / len(inside)
            s = f"{kind}/{slug(name)}"
            used[s] += 1
            gzid = f"ne:{s}" + (f"-{used[s]}" if used[s] > 1 else "")
            rows.append({
                "gazetteer_id": gzid, "geonames_id": "", "wof_id": "", "placetype": kind,
                "feature_class": fclass, "feature_code": fcode, "country": country, "admin1": "", "admin2": "",
                "region_id": "", "county_id": "", "localadmin_id": "", "locality_id": "", "population": "0",
                "lat": f"{lat:.5f}", "lon": f"{lon:.5f}", "name": name, "tier": "1", "in_geonames_table": "0",
                "wikidata": "", "codes": f"ne:{layer.rsplit('/', 1)[1].split('.')[0]}",
            })
            names.append((gzid, "", "ne", name))
            for local in m.get("locals") or ():
                names.append((gzid, "", "ne_alt", local))
            for alt in (p.get("namealt"), p.get("name_alt")):
                if isinstance(alt, str) and alt.strip() and alt.strip() != name:
                    for a in re.split(r"\s*[,/;]\s*", alt.strip()):
                        a = display(a)
                        if a and a != name:
                            names.append((gzid, "", "ne_alt", a))
            dam = p.get("dam_name")
            if kind == "reservoir" and isinstance(dam, str) and dam.strip():
                dam = dam.strip()
                if not re.search(r"\b(dam|barrage)\b", dam, re.I):
                    dam += " Dam"  # "Haditha" alone is the town
                dam_id = f"ne:dam/{slug(dam)}"
                rows.append(dict(rows[-1], gazetteer_id=dam_id, placetype="dam", feature_class="S",
                                 feature_code="DAM", name=dam))
                names.append((dam_id, "", "ne", dam))
            stats[kind] += 1
    os.makedirs(OUT, exist_ok=True)
    rows.sort(key=lambda r: r["gazetteer_id"])
    names = sorted(set(names))
    with open(os.path.join(OUT, "places.tsv"), "w", encoding="utf-8") as f:
        f.write("\t".join(PLACE_COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(r[c] for c in PLACE_COLUMNS) + "\n")
    with open(os.path.join(OUT, "names.tsv"), "w", encoding="utf-8") as f:
        f.write("gazetteer_id\tlang\tkind\tname\n")
        for n in names:
            f.write("\t".join(n) + "\n")
    with open(os.path.join(OUT, "snapshot.tsv"), "w", encoding="utf-8") as f:
        f.write("repository\tcommit\tcommit_date\tlayers\n")
        f.write(f"{REPO}\t{head}\t{date}\t{' '.join(LAYERS)}\n")
    with open(os.path.join(OUT, "VERSION"), "w", encoding="utf-8") as f:
        f.write(f"naturalearth-{date.replace('-', '.')}-{len(rows)}p\n")
    print(f"landmarks: {len(rows)} places, {len(names)} names; {dict(sorted(stats.items()))}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
