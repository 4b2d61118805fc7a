#!/usr/bin/env python3
"""Builds data/gazetteer/wof/ from Who's On First admin snapshots.

    python3 data/build/wof.py                       # reads /work/.mirror, writes data/gazetteer/wof/
    python3 data/build/wof.py --mirror DIR --out DIR --stats

Input: one bare git snapshot per country of the public repositories
`whosonfirst-data/whosonfirst-data-admin-XX` (and `-xy`, the records that
belong to no single country: airports whose country is not set, marine
areas), as the `fetch` tool brings them to `<mirror>/whosonfirst-data+
whosonfirst-data-admin-XX/repo`. The script reads the newest commit of each
(`git ls-tree` + `git cat-file --batch`: no work tree, nothing extracted) and
records the commit it read in `snapshots.tsv`, so the output is a function of
those commits and of our own files (`data/gazetteer/places.txt.gz`,
`admin1CodesASCII.txt`). Same inputs, same bytes out: rows are sorted, gzip
is written with mtime 0, nothing depends on the clock.

Which countries, and why: see COUNTRIES below. Who's On First data is
CC BY (Mapzen's own work CC0; sources such as GeoNames CC BY 4.0, Quattroshapes
CC BY, GeoPlanet CC BY, Natural Earth public domain): attribution in
data/gazetteer/wof/SOURCE.md.

What is kept (placetypes): county, localadmin, locality, borough, macrohood,
neighbourhood, microhood, campus (airports and air bases), region (only as a
name source and parent; our GeoNames ADM1 stays the place), marinearea (from
-xy). Countries, continents, time zones and the rest are not.

What is dropped: deprecated or superseded records, records marked not current
(`mz:is_current` 0; -1 "unknown" is kept, it is most of the localities),
records at 0,0, and duplicates: records of the same country, placetype
family and name within DUP_KM of each other (GeoPlanet imports repeat Gaza's
camps dozens of times), of which the one with a GeoNames concordance, then the
most names, then the lowest ID is kept.

Identity. A record with a GeoNames concordance (`wof:concordances["gn:id"]`)
carries that GeoNames ID: `gazetteer_id` = `gn:<id>`. When several records
claim the same GeoNames ID only one keeps it (the one whose placetype agrees
with the GeoNames feature class; then locality > county > localadmin >
neighbourhood; then the lowest WOF ID); the others, and every record without a
concordance, carry their WOF ID: `gazetteer_id` = `wof:<id>`. `geonames_id`
and `wof_id` are both given where known, so a consumer can always tell.

Names. Arabic: `name:ara_x_*` and the Arabic dialect codes (arz, ary, arq,
apc, ajp, acm, aeb, ayl, afb, apd), plus untagged (`und`) names in Arabic
script outside Iran and Afghanistan; a name holding a letter Arabic does not
use (پ چ ژ گ ...) is not Arabic. In Iran and Afghanistan the Persian/Dari name
(`fas`, or Arabic-script `und`) is kept as `ar` with kind `fa` after mapping
ی → ي and ک → ك, only if no other non-Arabic letter is left: Arabic news writes
Iranian and Afghan places in those letters. English: `eng_x_*`; `wof:name`
and Latin-script `und` variants are kept untagged (romanisations such as
"Dayr az Zawr"); French: `fra_x_*` (Maghreb and Sahel press). A name tagged
Arabic but written in Latin letters (it happens) is kept as untagged Latin.

Tiers. `tier` 1 rows are meant for the default (embedded) gazetteer, tier 2
only for the larger optional one. Tier 1: every county, localadmin, region,
campus, marine area and named neighbourhood; a locality if it has people
(population >= MIN_POP_TIER1), or is a seat (GeoNames PPLA*/PPLC), or is a
place our GeoNames table already holds (the row then only adds names and a
parent), or has an Arabic name and lies in an Arabic-speaking country (the
villages of «قرية X بريف حلب»), or is a refugee camp. Everything else
(mostly unnamed-in-Arabic hamlets of Iran, Afghanistan, Turkey, Nigeria and
the Sahel) is tier 2. Abandoned and historical places (GeoNames PPLQ, PPLH,
PPLW) are tier 2.

Output (data/gazetteer/wof/; tier 2 rows in the same two files under extended/):
  places.tsv.gz  one row a place, header line first (columns in PLACE_COLUMNS)
  names.tsv.gz   one row a name: gazetteer_id, lang (ar/en/fr/''), kind
                 (preferred, variant, colloquial, fa, und, wof), name
  snapshots.tsv  repository, commit, commit date, records read, kept
  VERSION        wof-<newest snapshot commit date>-<countries>c-<places>p
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import math
import os
import pickle
import re
import subprocess
import sys
import threading
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
GAZ = os.path.join(REPO, "data", "gazetteer")
DEFAULT_OUT = os.path.join(GAZ, "wof")
DEFAULT_MIRROR = "/work/.mirror"

# Countries whose WOF admin repository we read, and why. ISO 3166-1 alpha-2.
COUNTRIES: dict[str, str] = {
    # The 22 members of the Arab League: the Arabic press's home ground.
    "dz": "Arab League", "bh": "Arab League", "km": "Arab League", "dj": "Arab League",
    "eg": "Arab League", "iq": "Arab League", "jo": "Arab League", "kw": "Arab League",
    "lb": "Arab League", "ly": "Arab League", "mr": "Arab League (and Sahel)",
    "ma": "Arab League", "om": "Arab League", "ps": "Arab League (Palestine)",
    "qa": "Arab League", "sa": "Arab League", "so": "Arab League",
    "sd": "Arab League (and Sahel)", "sy": "Arab League", "tn": "Arab League",
    "ae": "Arab League", "ye": "Arab League",
    "eh": "Western Sahara: disputed, reported with Morocco and Algeria",
    # Neighbours whose wars and politics Arab and international news covers daily.
    "ir": "Iran", "tr": "Turkey", "il": "Israel", "af": "Afghanistan",
    # The Sahel (G5 Sahel, plus the Lake Chad basin and Senegal river states).
    "ml": "Sahel", "ne": "Sahel", "bf": "Sahel", "td": "Sahel",
    "sn": "Sahel (Senegal river, Mali's neighbour)",
    "ng": "Sahel / Lake Chad basin (the north-east's insurgency)",
    "ss": "Sudan's war spills over; formerly part of Sudan",
    # Ukraine, and Russia's borderlands. WOF's Russian repository has more than
    # 200,000 files in its newest commit and cannot be fetched here: Russia's own
    # border regions stay with GeoNames' towns of 1,000+ (places.txt.gz).
    "ua": "Ukraine", "by": "Russia's borderlands (Belarus)",
    "md": "Russia's borderlands (Moldova, Transnistria)",
    "ge": "Russia's borderlands (Georgia, Abkhazia, South Ossetia)",
    "am": "Russia's borderlands (Armenia, Karabakh)",
    "az": "Russia's borderlands (Azerbaijan, Karabakh)",
}
ARABIC_SPEAKING = {
    "dz", "bh", "km", "dj", "eg", "iq", "jo", "kw", "lb", "ly", "mr", "ma", "om", "ps",
    "qa", "sa", "so", "sd", "sy", "tn", "ae", "ye", "eh", "td", "il",
}
PERSIAN_SPEAKING = {"ir", "af"}

KEEP_PLACETYPES = {
    "county", "localadmin", "locality", "borough", "macrohood", "neighbourhood",
    "microhood", "campus", "region",
}
XY_PLACETYPES = {"campus", "marinearea"}

# GeoNames feature class and code that a placetype maps to when the record has
# none of its own (WOF records imported from GeoNames carry gn:feature_code).
FEATURE_OF_PLACETYPE = {
    "region": ("A", "ADM1"),
    "county": ("A", "ADM2"),
    "localadmin": ("A", "ADM3"),
    "locality": ("P", "PPL"),
    "borough": ("P", "PPLX"),
    "macrohood": ("P", "PPLX"),
    "neighbourhood": ("P", "PPLX"),
    "microhood": ("P", "PPLX"),
    "campus": ("S", "AIRP"),
    "marinearea": ("H", "SEA"),
}
FAMILY = {  # for duplicate detection
    "locality": "p", "borough": "p", "macrohood": "n", "neighbourhood": "n", "microhood": "n",
    "county": "a", "localadmin": "a", "region": "r", "campus": "c", "marinearea": "m",
}
DUP_KM = 3.0
BBOX_MARGIN = 0.5
MIN_POP_TIER1 = 1000
TIER2_FEATURE_CODES = {"PPLQ", "PPLH", "PPLW"}

ARABIC_DIALECTS = {"ara", "arz", "ary", "arq", "apc", "ajp", "acm", "aeb", "ayl", "afb", "apd", "acq", "abv"}
# Arabic-block letters that Arabic orthography does not use (same list as
# data/build/gazetteer.py and gazetteer.rs).
NON_ARABIC_LETTERS = set("پچژگکیےۓٹڈڑںہھەېۆێڵڕۇۈۋۉڤڭګځڅڼښږۍ")
PERSIAN_TO_ARABIC = str.maketrans({"ی": "ي", "ک": "ك", "ي": "ي"})

PLACE_COLUMNS = [
    "gazetteer_id",  # gn:<GeoNames ID> or wof:<WOF ID>
    "geonames_id",  # GeoNames ID (concordance), empty when none
    "wof_id",  # Who's On First ID
    "placetype",  # WOF placetype
    "feature_class",  # GeoNames-equivalent feature class (A, P, S, H)
    "feature_code",  # GeoNames-equivalent feature code (ADM2, ADM3, PPL, PPLX, AIRP, ...)
    "country",  # ISO 3166-1 alpha-2
    "admin1",  # GeoNames admin1 code of its region (admin1CodesASCII `CC.code` minus `CC.`), empty if unknown
    "admin2",  # GeoNames admin2 code of its county when the county is a GeoNames ADM2 we ship, else empty
    "region_id",  # gazetteer_id of its first-level division, empty if unknown
    "county_id",  # gazetteer_id of its second-level division (WOF county), empty if unknown
    "localadmin_id",  # gazetteer_id of its WOF localadmin, empty if none
    "locality_id",  # gazetteer_id of the locality a neighbourhood or campus lies in, empty if none
    "population",  # people (WOF, else GeoNames), 0 when unknown
    "lat",  # WGS84, label centroid when WOF has one
    "lon",
    "name",  # display name: English preferred, else wof:name
    "tier",  # 1 = default gazetteer, 2 = optional larger gazetteer only
    "in_geonames_table",  # 1 if geonames_id is a place of data/gazetteer/places.txt.gz
    "wikidata",  # Wikidata Q-id when WOF gives one (campuses, marine areas, many counties)
    "codes",  # IATA/ICAO codes of airports ("iata:AUH icao:OMAA"), HASC of divisions
]


# --------------------------------------------------------------------------
# Reading snapshots


def git_dir(mirror: str, name: str) -> str | None:
    base = os.path.join(mirror, name.replace("/", "+"), "repo")
    if os.path.isdir(os.path.join(base, ".git")):
        return os.path.join(base, ".git")
    if os.path.isfile(os.path.join(base, "HEAD")):
        return base
    return None


def git(gitdir: str, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", gitdir, *args], capture_output=True, text=True,
                          check=True).stdout


def read_records(gitdir: str, stats: collections.Counter):
    """Yields the `properties` of every non-alternate-geometry record at HEAD,
    in path order. Records whose blob the snapshot lacks (files of 4 MiB and
    more) are counted in stats['missing']."""
    items = []
    for line in git(gitdir, "ls-tree", "-r", "HEAD").splitlines():
        meta, path = line.split("\t", 1)
        _, typ, sha = meta.split()
        if typ == "blob" and path.startswith("data/") and path.endswith(".geojson") and "-alt-" not in path:
            items.append((path, sha))
    items.sort()
    proc = subprocess.Popen(["git", "--git-dir", gitdir, "cat-file", "--batch"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def feed():
        for _, sha in items:
            proc.stdin.write((sha + "\n").encode())
        proc.stdin.close()

    threading.Thread(target=feed, daemon=True).start()
    dec = json.JSONDecoder()
    for path, sha in items:
        hdr = proc.stdout.readline().split()
        if len(hdr) < 3 or hdr[1] == b"missing":
            stats["missing"] += 1
            continue
        data = proc.stdout.read(int(hdr[2]))
        proc.stdout.read(1)
        s = data.decode("utf-8")
        # The properties object is all we need; skipping the geometry's
        # parse makes the run several times faster.
        i = s.find('"properties"')
        j = s.index("{", i)
        props, _ = dec.raw_decode(s, j)
        stats["read"] += 1
        yield props
    proc.wait()


# --------------------------------------------------------------------------
# Names


def clean(name: str) -> str:
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r"\s*\([^)]*\)", "", name)  # "Bab al-Hawa (crossing)" -> "Bab al-Hawa"
    return re.sub(r"\s+", " ", name.replace("\t", " ")).strip(" ,;-")


def is_arabic_char(c: str) -> bool:
    cp = ord(c)
    return 0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF


def script(name: str) -> str:
    letters = [c for c in name if c.isalpha()]
    if not letters:
        return "none"
    if all(is_arabic_char(c) for c in letters):
        return "arabic"
    if all(unicodedata.name(c, "").startswith("LATIN") for c in letters):
        return "latin"
    return "other"


def arabic_ok(name: str) -> bool:
    return script(name) == "arabic" and not any(c in NON_ARABIC_LETTERS for c in name)


def persian_as_arabic(name: str) -> str | None:
    mapped = name.translate(PERSIAN_TO_ARABIC)
    return mapped if arabic_ok(mapped) else None


def names_of(p: dict, cc: str) -> list[tuple[str, str, str]]:
    """(lang, kind, name) of a record, deduplicated, in a stable order."""
    out: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(lang: str, kind: str, raw) -> None:
        if not isinstance(raw, str):
            return
        name = clean(raw)
        if not name or len(name) > 80 or any(c in name for c in ",;،؛"):
            return
        sc = script(name)
        if lang == "ar" and sc == "latin":
            lang, kind = "", "und"
        if lang == "ar" and not arabic_ok(name):
            return
        if lang in ("en", "fr", "") and sc != "latin":
            return
        key = (lang, name)
        if key in seen:
            return
        seen.add(key)
        out.append((lang, kind, name))

    keys = sorted(k for k in p if k.startswith("name:"))
    for k in keys:
        code, _, kind = k[5:].partition("_x_")
        kind = kind or "preferred"
        if kind not in ("preferred", "variant", "colloquial"):
            continue  # historical, unknown
        vals = p[k] if isinstance(p[k], list) else [p[k]]
        if code in ARABIC_DIALECTS:
            for v in vals:
                add("ar", kind, v)
        elif code == "eng":
            for v in vals:
                add("en", kind, v)
        elif code == "fra":
            for v in vals:
                add("fr", kind, v)
        elif code == "fas" and cc in PERSIAN_SPEAKING:
            for v in vals:
                m = persian_as_arabic(clean(v)) if isinstance(v, str) else None
                if m:
                    add("ar", "fa", m)
        elif code == "und":
            for v in vals:
                if not isinstance(v, str):
                    continue
                sc = script(clean(v))
                if sc == "latin":
                    add("", "und", v)
                elif sc == "arabic":
                    if cc in PERSIAN_SPEAKING:
                        m = persian_as_arabic(clean(v))
                        if m:
                            add("ar", "fa", m)
                    else:
                        add("ar", "und", v)
    add("", "wof", p.get("wof:name"))
    # «مديرية كريتر», «إقليم الحوز», "Crater District": the bare name too
    # (kind `bare`), for counties, localadmins and regions; the division word
    # stays the tagger's containment cue.
    if p.get("wof:placetype") in ("county", "localadmin", "region"):
        for lang, kind, n in list(out):
            bare = bare_division_name(n, lang)
            if bare:
                add(lang, "bare", bare)
    return out


# Division words that open an Arabic division's name or end an English or
# French one (ours, from the WOF names themselves: مديرية is Yemen's district,
# قضاء Iraq's and Lebanon's, ناحية a sub-district, إقليم Morocco's province,
# ولاية Algeria's and Sudan's state, معتمدية Tunisia's delegation, شعبية Libya's
# district, مركز Egypt's and Saudi Arabia's, محافظة a governorate).
AR_DIVISION_WORDS = ("مديرية", "محافظة", "قضاء", "ناحية", "ولاية", "إقليم", "اقليم", "لواء", "منطقة",
                     "مركز", "مقاطعة", "عمالة", "دائرة", "معتمدية", "شعبية", "بلدية", "قسم")
LATIN_DIVISION_SUFFIX = re.compile(
    r"\s+(district|governorate|province|sub-?district|municipality|region|prefecture|county|"
    r"delegation|department|markaz|qadaa|qada|nahiya|wilaya|state|raion|rayon|oblast)$", re.I)
LATIN_DIVISION_PREFIX = re.compile(
    r"^(wilaya|wilayat|province|préfecture|prefecture|département|district|gouvernorat|cercle|"
    r"mudiriyat|muhafazat|markaz|qadaa|nahiyat)\s+(de\s+|d'|du\s+|of\s+)?", re.I)


def bare_division_name(name: str, lang: str) -> str | None:
    if lang == "ar":
        first, _, rest = name.partition(" ")
        if first in AR_DIVISION_WORDS and rest and len(rest.replace(" ", "")) >= 3:
            return rest
        return None
    bare = LATIN_DIVISION_PREFIX.sub("", LATIN_DIVISION_SUFFIX.sub("", name)).strip()
    return bare if bare != name and len(bare) >= 3 else None


# --------------------------------------------------------------------------
# Helpers


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def as_int(v) -> int:
    try:
        return int(float(v))
    except (TypeError, ValueError):
        return 0


def latlon(p: dict) -> tuple[float, float] | None:
    for la, lo in (("lbl:latitude", "lbl:longitude"), ("geom:latitude", "geom:longitude")):
        if la in p and lo in p:
            try:
                lat, lon = float(p[la]), float(p[lo])
            except (TypeError, ValueError):
                continue
            if (lat, lon) != (0.0, 0.0) and -90 <= lat <= 90 and -180 <= lon <= 180:
                return round(lat, 5), round(lon, 5)
    return None


def is_dead(p: dict) -> bool:
    dep = p.get("edtf:deprecated")
    if dep and dep not in ("uuuu", ""):
        return True
    if p.get("wof:superseded_by"):
        return True
    return p.get("mz:is_current") == 0


def marine_feature(name: str) -> str:
    n = name.lower()
    for word, code in (("strait", "STRT"), ("bosporus", "STRT"), ("bab el", "STRT"), ("dardanelles", "STRT"),
                       ("channel", "CHN"), ("gulf", "GULF"), ("bay", "BAY"), ("bight", "BAY"),
                       ("sound", "SD"), ("ocean", "OCN"), ("lake", "LK")):
        if word in n:
            return code
    return "SEA"


def campus_feature(p: dict) -> str:
    text = " ".join([p.get("wof:name") or ""] + [str(t) for t in p.get("wof:tags") or []]).lower()
    if "air base" in text or "airbase" in text or "air force" in text:
        return "AIRB"
    return "AIRP"


class Grid:
    """Points bucketed by 0.25-degree cell, for nearest-neighbour look-ups:
    rings of cells are searched outwards until no closer point can remain."""

    CELL = 0.25

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list] = collections.defaultdict(list)

    def _cell(self, ll: tuple[float, float]) -> tuple[int, int]:
        return int(math.floor(ll[0] / self.CELL)), int(math.floor(ll[1] / self.CELL))

    def add(self, ll: tuple[float, float], item) -> None:
        self.cells[self._cell(ll)].append((ll, item))

    def nearest(self, ll: tuple[float, float], max_km: float, ok=lambda item: True):
        ci, cj = self._cell(ll)
        coslat = math.cos(math.radians(ll[0]))
        # Smallest extent of one cell in km at this latitude (longitude shrinks).
        cell_km = 111.2 * self.CELL * max(0.2, math.cos(math.radians(min(abs(ll[0]) + self.CELL, 89.0))))
        reach = int(max_km / cell_km) + 1
        best, best_d2 = None, (max_km / 111.2) ** 2
        for ring in range(reach + 1):
            if best is not None and best_d2 <= ((ring - 1) * cell_km / 111.2) ** 2:
                break
            for di in range(-ring, ring + 1):
                for dj in range(-ring, ring + 1):
                    if max(abs(di), abs(dj)) != ring:
                        continue
                    for (plat, plon), item in self.cells.get((ci + di, cj + dj), ()):
                        # Equirectangular distance, in degrees of latitude:
                        # exact enough at these ranges (tens of km).
                        dy = plat - ll[0]
                        dx = (plon - ll[1]) * coslat
                        d2 = dx * dx + dy * dy
                        if d2 < best_d2 or (d2 == best_d2 and best is not None and item < best):
                            if ok(item):
                                best, best_d2 = item, d2
        return best


# --------------------------------------------------------------------------
# Our GeoNames table


def name_key(name: str, lang: str = "") -> str:
    """Comparison form of a division's name: accents, case, the division
    word and the article folded away."""
    bare = bare_division_name(name, lang or ("ar" if script(name) == "arabic" else "")) or name
    s = unicodedata.normalize("NFKD", bare)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = s.translate(str.maketrans("أإآةى", "ااايي"))
    s = re.sub(r"^(al|el|ال)[\s'`’-]*", "", s)
    return re.sub(r"[^\w]+", "", s)


def load_geonames_table():
    """geonameid -> (feature class, feature code, country, admin2 code) of
    data/gazetteer/places.txt.gz; admin1 geonameid -> `CC.code`; admin1
    geonameid -> comparison keys of its names (admin1CodesASCII names and
    the ar/en/fr names of alternate_names.txt.gz)."""
    places = {}
    with gzip.open(os.path.join(GAZ, "places.txt.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            places[int(c[0])] = (c[6], c[7], c[8], c[11])
    admin1 = {}
    admin1_keys: dict[int, set[str]] = collections.defaultdict(set)
    with open(os.path.join(GAZ, "admin1CodesASCII.txt"), encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) >= 4 and c[3].isdigit():
                admin1[int(c[3])] = c[0]
                admin1_keys[int(c[3])].update({name_key(c[1]), name_key(c[2])})
    with gzip.open(os.path.join(GAZ, "alternate_names.txt.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if c[1].isdigit() and int(c[1]) in admin1:
                admin1_keys[int(c[1])].add(name_key(c[3], c[2]))
    for keys in admin1_keys.values():
        keys.discard("")
    return places, admin1, admin1_keys


# --------------------------------------------------------------------------
# Build


def read_all(mirror: str):
    """Reads every snapshot: kept records by WOF ID, WOF country IDs, country
    bounding boxes (min lon, min lat, max lon, max lat), the snapshot table
    and counts."""
    stats: collections.Counter = collections.Counter()
    recs: dict[int, dict] = {}  # wof id -> record summary
    country_ids: dict[int, str] = {}  # WOF country id -> iso2
    boxes: dict[str, tuple[float, float, float, float]] = {}
    snapshots: list[list[str]] = []

    repos = [(cc, f"whosonfirst-data/whosonfirst-data-admin-{cc}") for cc in sorted(COUNTRIES)]
    repos.append(("xy", "whosonfirst-data/whosonfirst-data-admin-xy"))
    for cc, repo in repos:
        gd = git_dir(mirror, repo)
        if gd is None:
            sys.exit(f"missing snapshot of {repo} under {mirror} (use the fetch tool)")
        head = git(gd, "rev-parse", "HEAD").strip()
        date = git(gd, "log", "-1", "--format=%cs", "HEAD").strip()
        st: collections.Counter = collections.Counter()
        for p in read_records(gd, st):
            pt = p.get("wof:placetype")
            if pt == "country" and cc != "xy":
                country_ids[as_int(p.get("wof:id"))] = (p.get("wof:country") or cc).upper()
                bbox = p.get("geom:bbox")
                if isinstance(bbox, str) and bbox.count(",") == 3 and not is_dead(p):
                    boxes[(p.get("wof:country") or cc).upper()] = tuple(float(x) for x in bbox.split(","))
                continue
            wanted = XY_PLACETYPES if cc == "xy" else KEEP_PLACETYPES
            if pt not in wanted:
                continue
            wid = as_int(p.get("wof:id"))
            if wid <= 0 or is_dead(p):
                st["dead"] += 1
                continue
            ll = latlon(p)
            if ll is None:
                st["no_position"] += 1
                continue
            conc = p.get("wof:concordances") or {}
            gid = max(0, as_int(conc.get("gn:id")))  # WOF writes -1 for "none"
            hier = p.get("wof:hierarchy") or []
            names = names_of(p, cc if cc != "xy" else "")
            if not names:
                st["no_name"] += 1
                continue
            codes = []
            for k in ("iata:code", "icao:code", "hasc:id"):
                v = conc.get(k)
                if isinstance(v, str) and v.strip():
                    codes.append(f"{k.split(':')[0]}:{v.strip()}")
            recs[wid] = {
                "wof_id": wid, "repo_cc": cc, "placetype": pt, "gid": gid,
                "gn_fcode": p.get("gn:feature_code") or "", "gn_fclass": p.get("gn:feature_class") or "",
                "country": (p.get("wof:country") or p.get("iso:country") or "").upper(),
                "hier": hier, "ll": ll, "names": names,
                "population": as_int(p.get("wof:population")) or as_int(p.get("gn:population")),
                "wikidata": conc.get("wd:id") if isinstance(conc.get("wd:id"), str) else "",
                "codes": " ".join(codes), "tags": p.get("wof:tags") or [], "wof_name": p.get("wof:name") or "",
            }
            if pt == "campus":
                recs[wid]["fcode"] = campus_feature(p)
            st["kept"] += 1
        snapshots.append([repo, head, date, str(st["read"]), str(st["kept"]), str(st["missing"])])
        stats.update({f"{k}": v for k, v in st.items()})
        print(f"{repo}: {head[:12]} {date} read {st['read']} kept {st['kept']} missing {st['missing']}",
              file=sys.stderr)
    return recs, country_ids, boxes, snapshots, stats


def build(mirror: str, cache: str | None = None):
    """Rows of places.tsv, rows of names.tsv, the snapshot table and counts."""
    if cache and os.path.exists(cache):
        with open(cache, "rb") as f:
            recs, country_ids, boxes, snapshots, stats = pickle.load(f)
    else:
        recs, country_ids, boxes, snapshots, stats = read_all(mirror)
        if cache:
            with open(cache, "wb") as f:
                pickle.dump((recs, country_ids, boxes, snapshots, stats), f)
    gn_table, admin1_of_gid, admin1_keys = load_geonames_table()
    for r in recs.values():  # a cache written before the -1 check above
        r["gid"] = max(0, r["gid"])

    progress('country and hierarchy')
    # --- country and hierarchy ------------------------------------------------
    for r in recs.values():
        if r["placetype"] == "marinearea":
            r["country"] = ""
            r["h"] = {}
            continue
        chosen = None
        for h in r["hier"]:
            if country_ids.get(as_int(h.get("country_id"))) in (r["country"] or None, r["repo_cc"].upper()):
                chosen = h
                break
        if chosen is None and r["hier"]:
            chosen = r["hier"][0]
        chosen = chosen or {}
        iso = country_ids.get(as_int(chosen.get("country_id"))) or r["country"]
        if r["repo_cc"] != "xy" and not iso:
            iso = r["repo_cc"].upper()
        r["country"] = iso
        r["h"] = {k: as_int(v) for k, v in chosen.items() if as_int(v) > 0}
    # A record whose position lies outside its country's bounding box (plus
    # BBOX_MARGIN degrees) is misfiled (a few Dublin neighbourhoods sit in the
    # Iranian repository): dropped.
    for wid in sorted(recs):
        r = recs[wid]
        box = boxes.get(r["country"])
        if box is None or r["placetype"] == "marinearea":
            continue
        lat, lon = r["ll"]
        if not (box[0] - BBOX_MARGIN <= lon <= box[2] + BBOX_MARGIN
                and box[1] - BBOX_MARGIN <= lat <= box[3] + BBOX_MARGIN):
            del recs[wid]
            stats["outside_country_bbox"] += 1
    # Campuses of -xy: only those in a country we read.
    wanted = {cc.upper() for cc in COUNTRIES}
    for wid in [w for w, r in recs.items() if r["repo_cc"] == "xy" and r["placetype"] == "campus"]:
        if recs[wid]["country"] not in wanted:
            del recs[wid]
            stats["xy_campus_other_country"] += 1

    progress('duplicates')
    # --- duplicates --------------------------------------------------------------
    # Same country, placetype family and GeoNames ID or name (the WOF name,
    # or the first Arabic name), within DUP_KM: one record is kept, the others' names are
    # added to it. Two records that carry different GeoNames IDs are both
    # kept (GeoNames has its own duplicates, and either may be someone's gold).
    def rank(r):  # lower is better
        return (0 if r["gid"] else 1, -len(r["names"]), r["wof_id"])

    def first_arabic(r):
        return next((n for lang, _, n in r["names"] if lang == "ar"), None)

    for keyf in (lambda r: r["gid"] or None, lambda r: r["wof_name"].casefold() or None, first_arabic):
        groups: dict[tuple, list[int]] = collections.defaultdict(list)
        for wid, r in recs.items():
            k = keyf(r)
            if k:
                groups[(r["country"], FAMILY[r["placetype"]], k)].append(wid)
        for key in sorted(groups, key=str):
            wids = groups[key]
            if len(wids) < 2:
                continue
            wids.sort(key=lambda w: rank(recs[w]))
            kept: list[int] = []
            for w in wids:
                near = next((k for k in kept if km(recs[w]["ll"], recs[k]["ll"]) <= DUP_KM
                             and not (recs[w]["gid"] and recs[k]["gid"] and recs[w]["gid"] != recs[k]["gid"])),
                            None)
                if near is None:
                    kept.append(w)
                    continue
                have = {(lang, n) for lang, _, n in recs[near]["names"]}
                for lang, kind, n in recs[w]["names"]:
                    if (lang, n) not in have:
                        recs[near]["names"].append((lang, "variant" if kind == "wof" else kind, n))
                        have.add((lang, n))
                del recs[w]
                stats["duplicate"] += 1

    # --- regions without a concordance: the GeoNames ADM1 of the same country
    # whose names agree (one, and not claimed by another region) ----------------
    claimed = {r["gid"] for r in recs.values() if r["gid"]}
    for wid in sorted(recs):
        r = recs[wid]
        if r["placetype"] != "region" or r["gid"]:
            continue
        keys = {name_key(n, lang) for lang, _, n in r["names"]} - {""}
        found = [g for g, code in admin1_of_gid.items()
                 if code.startswith(r["country"] + ".") and g not in claimed and keys & admin1_keys.get(g, set())]
        if len(found) == 1:
            r["gid"] = found[0]
            claimed.add(found[0])
            stats["region_matched_by_name"] += 1

    # --- identity: one record per GeoNames ID --------------------------------------
    pt_order = {"locality": 0, "county": 1, "localadmin": 2, "region": 3, "borough": 4,
                "macrohood": 5, "neighbourhood": 6, "microhood": 7, "campus": 8, "marinearea": 9}
    by_gid: dict[int, list[int]] = collections.defaultdict(list)
    for wid, r in recs.items():
        if r["gid"]:
            by_gid[r["gid"]].append(wid)
    for gid, wids in by_gid.items():
        if len(wids) == 1:
            continue
        gclass, gcode = gn_table[gid][:2] if gid in gn_table else (None, None)
        same_level = {"ADM1": "region", "ADM2": "county", "ADM3": "localadmin"}.get(gcode or "")

        def claim(w):
            r = recs[w]
            cls = r["gn_fclass"] or FEATURE_OF_PLACETYPE[r["placetype"]][0]
            if same_level:
                agrees = 0 if r["placetype"] == same_level else (1 if cls == gclass else 2)
            else:
                agrees = 0 if (gclass is None or cls == gclass) else 1
            return (agrees, pt_order[r["placetype"]], w)

        wids.sort(key=claim)
        for w in wids[1:]:
            recs[w]["gid"] = 0
            stats["gn_id_shared"] += 1

    def gaz_id(wid: int) -> str:
        r = recs.get(wid)
        if r is None:
            return ""
        return f"gn:{r['gid']}" if r["gid"] else f"wof:{wid}"

    progress('parents')
    # --- parents: region/county/localadmin/locality; nearest neighbour fallback ---
    grid_region: dict[str, Grid] = collections.defaultdict(Grid)
    grid_locality: dict[str, Grid] = collections.defaultdict(Grid)
    for wid, r in sorted(recs.items()):
        if r["h"].get("region_id") in recs:
            grid_region[r["country"]].add(r["ll"], wid)
        if r["placetype"] == "locality" and (r["population"] >= 10000 or r["gid"] in gn_table):
            grid_locality[r["country"]].add(r["ll"], wid)
    for wid, r in sorted(recs.items()):
        if r["placetype"] == "marinearea":
            continue
        h = r["h"]
        if h.get("region_id") not in recs and r["placetype"] != "region":
            near = grid_region[r["country"]].nearest(r["ll"], 30.0)
            if near is not None:
                for k in ("region_id", "county_id", "localadmin_id"):
                    if k in recs[near]["h"] and k not in h:
                        h[k] = recs[near]["h"][k]
                stats["parents_from_nearest"] += 1
        if r["placetype"] in ("neighbourhood", "microhood", "macrohood", "borough", "campus") \
                and h.get("locality_id") not in recs:
            near = grid_locality[r["country"]].nearest(r["ll"], 8.0)
            if near is not None:
                h["locality_id"] = near
                stats["locality_from_nearest"] += 1

    progress('rows')
    # --- rows --------------------------------------------------------------------------
    rows: list[dict] = []
    names_out: list[tuple[str, str, str, str]] = []
    for wid, r in sorted(recs.items()):
        pt = r["placetype"]
        fclass, fcode = FEATURE_OF_PLACETYPE[pt]
        if pt in ("locality", "neighbourhood") and r["gn_fcode"]:
            fclass, fcode = (r["gn_fclass"] or fclass), r["gn_fcode"]
        if pt == "campus":
            fcode = r["fcode"]
        if pt == "marinearea":
            fcode = marine_feature(r["wof_name"])
        h = r["h"]
        region = recs.get(h.get("region_id") or 0)
        admin1 = ""
        if region is not None and region["gid"] in admin1_of_gid:
            a1 = admin1_of_gid[region["gid"]]
            if a1.startswith(r["country"] + "."):
                admin1 = a1.split(".", 1)[1]
        if pt == "region" and r["gid"] in admin1_of_gid:
            admin1 = admin1_of_gid[r["gid"]].split(".", 1)[1]
        county = recs.get(h.get("county_id") or 0)
        admin2 = ""
        if county is not None and county["gid"] in gn_table and gn_table[county["gid"]][1] == "ADM2":
            admin2 = gn_table[county["gid"]][3]
        gid = r["gid"]
        in_table = gid in gn_table
        has_ar = any(lang == "ar" for lang, _, _ in r["names"])
        cc = r["country"].lower()
        camp = any(w in n for _, _, n in r["names"] for w in ("مخيم", "Camp", "camp"))
        if pt != "locality":
            tier = 1
        elif fcode in TIER2_FEATURE_CODES:
            tier = 2
        elif (r["population"] >= MIN_POP_TIER1 or fcode.startswith("PPLA") or fcode == "PPLC"
              or in_table or (has_ar and cc in ARABIC_SPEAKING) or camp):
            tier = 1
        else:
            tier = 2
        if pt in ("neighbourhood", "microhood", "macrohood", "borough") and not any(
                lang in ("ar", "en") for lang, _, _ in r["names"]):
            tier = 2
        display = next((n for lang, kind, n in r["names"] if lang == "en" and kind == "preferred"),
                       r["wof_name"] or r["names"][0][2])
        gzid = gaz_id(wid)
        row = {
            "gazetteer_id": gzid,
            "geonames_id": str(gid) if gid else "",
            "wof_id": str(wid),
            "placetype": pt,
            "feature_class": fclass,
            "feature_code": fcode,
            "country": r["country"],
            "admin1": admin1,
            "admin2": admin2,
            "region_id": gaz_id(h.get("region_id") or 0) if pt != "region" else "",
            "county_id": gaz_id(h.get("county_id") or 0) if pt not in ("region", "county") else "",
            "localadmin_id": gaz_id(h.get("localadmin_id") or 0) if pt not in ("region", "county", "localadmin") else "",
            "locality_id": gaz_id(h.get("locality_id") or 0) if pt not in ("region", "county", "localadmin", "locality") else "",
            "population": str(r["population"]),
            "lat": f"{r['ll'][0]:.5f}",
            "lon": f"{r['ll'][1]:.5f}",
            "name": clean(display),
            "tier": str(tier),
            "in_geonames_table": "1" if in_table else "0",
            "wikidata": r["wikidata"] or "",
            "codes": r["codes"],
        }
        rows.append(row)
        for lang, kind, n in r["names"]:
            names_out.append((gzid, lang, kind, n))
    return rows, names_out, snapshots, stats


def progress(what: str) -> None:
    print(f"[{time.process_time():7.1f}s cpu] {what}", file=sys.stderr)


def write_gz(path: str, lines: list[str]) -> None:
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    with open(path, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as g:
            g.write(raw)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mirror", default=DEFAULT_MIRROR)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--stats", action="store_true", help="print counts per country and placetype")
    ap.add_argument("--cache", help="development: keep what was read from the snapshots in this pickle "
                    "and reuse it (the output is the same either way)")
    args = ap.parse_args()
    rows, names, snapshots, stats = build(args.mirror, args.cache)
    os.makedirs(os.path.join(args.out, "extended"), exist_ok=True)
    rows.sort(key=lambda r: int(r["wof_id"]))
    order = {r["gazetteer_id"]: i for i, r in enumerate(rows)}
    tier_of = {r["gazetteer_id"]: r["tier"] for r in rows}
    names.sort(key=lambda n: (order[n[0]], n[1], n[2], n[3]))
    for tier, folder in (("1", args.out), ("2", os.path.join(args.out, "extended"))):
        write_gz(os.path.join(folder, "places.tsv.gz"),
                 ["\t".join(PLACE_COLUMNS)]
                 + ["\t".join(r[c] for c in PLACE_COLUMNS) for r in rows if r["tier"] == tier])
        write_gz(os.path.join(folder, "names.tsv.gz"),
                 ["gazetteer_id\tlang\tkind\tname"] + ["\t".join(n) for n in names if tier_of[n[0]] == tier])
    with open(os.path.join(args.out, "snapshots.tsv"), "w", encoding="utf-8") as f:
        f.write("repository\tcommit\tcommit_date\trecords_read\trecords_kept\tfiles_absent\n")
        for s in snapshots:
            f.write("\t".join(s) + "\n")
    newest = max(s[2] for s in snapshots).replace("-", ".")
    n_countries = len(COUNTRIES)
    with open(os.path.join(args.out, "VERSION"), "w", encoding="utf-8") as f:
        f.write(f"wof-{newest}-{n_countries}c-{len(rows)}p\n")
    tiers = collections.Counter(r["tier"] for r in rows)
    print(f"places {len(rows)} (tier 1: {tiers['1']}, tier 2: {tiers['2']}), names {len(names)}",
          file=sys.stderr)
    print(dict(sorted(stats.items())), file=sys.stderr)
    if args.stats:
        per = collections.Counter((r["country"], r["placetype"], r["tier"]) for r in rows)
        for k, v in sorted(per.items()):
            print("\t".join(k) + f"\t{v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
