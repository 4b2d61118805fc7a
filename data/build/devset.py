#!/usr/bin/env python3
"""Builds the authored toponym dev sets (data/dev/*.jsonl) from their marked-up sources.

    python3 data/build/devset.py          # data/dev/*.src.tsv -> data/dev/*.jsonl (and checks them)

Source format (data/dev/<name>.src.tsv, written by the newsevents developers):
one text a line, `id<TAB>genre<TAB>lang<TAB>text`, where each toponym is marked
`[[surface|ref|kind]]`:
  surface  the toponym exactly as the text writes it (the span);
  ref      its identity: `gn:<GeoNames ID>`, `wof:<Who's On First ID>`,
           `ne:<kind>/<slug>` (data/gazetteer/landmarks/), or `-` when no
           source we ship names the place (the toponym then counts for
           detection only);
  kind     what the place is (village, town, city, district, governorate,
           neighbourhood, camp, airbase, border_crossing, lake, ...), free text.
A hashtag is marked inside: `#[[حفر_الباطن|gn:106297|city]]`; the `#` is
not part of the span, the underscores are.

Output (data/dev/<name>.jsonl), one object a text:
  {"id", "genre", "lang", "text",
   "toponyms": [{"start", "end", "text", "kind", "gazetteer_id",
                 "geonames_id", "wof_id", "lat", "lon", "country"}]}
Offsets are Unicode scalar values (Python str indices), `end` exclusive.
`gazetteer_id` is the identity the locations stage reports (see
data/gazetteer/wof/SOURCE.md); `geonames_id` and `wof_id` are given when the
place has them (a GeoNames place with a WOF record has both); lat/lon and
country come from our gazetteer files, so every ref is checked to exist there.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
GAZ = os.path.join(REPO, "data", "gazetteer")
DEV = os.path.join(REPO, "data", "dev")
MARK = re.compile(r"\[\[([^|\]]+)\|([^|\]]+)\|([^|\]]+)\]\]")


def load_places() -> dict[str, dict]:
    """gazetteer_id -> {geonames_id, wof_id, lat, lon, country}."""
    out: dict[str, dict] = {}
    with gzip.open(os.path.join(GAZ, "places.txt.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            out[f"gn:{c[0]}"] = {"geonames_id": int(c[0]), "wof_id": None, "lat": float(c[4]),
                                 "lon": float(c[5]), "country": c[8]}
    with open(os.path.join(GAZ, "regions.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            c = line.rstrip("\n").split("\t")
            out[f"gn:{c[0]}"] = {"geonames_id": int(c[0]), "wof_id": None, "lat": float(c[4]),
                                 "lon": float(c[5]), "country": c[8]}
    tables = [os.path.join(GAZ, "wof", "places.tsv.gz"), os.path.join(GAZ, "wof", "extended", "places.tsv.gz"),
              os.path.join(GAZ, "landmarks", "places.tsv")]
    for path in tables:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            header = next(f).rstrip("\n").split("\t")
            for line in f:
                r = dict(zip(header, line.rstrip("\n").split("\t")))
                prev = out.get(r["gazetteer_id"], {})
                out[r["gazetteer_id"]] = {
                    "geonames_id": int(r["geonames_id"]) if r["geonames_id"] else None,
                    "wof_id": int(r["wof_id"]) if r["wof_id"] else None,
                    # a GeoNames place keeps GeoNames' coordinates
                    "lat": prev.get("lat", float(r["lat"])), "lon": prev.get("lon", float(r["lon"])),
                    "country": prev.get("country") or r["country"],
                }
    return out


def build(src: str, places: dict[str, dict]) -> list[dict]:
    docs = []
    with open(src, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            doc_id, genre, lang, marked = line.split("\t")
            text, toponyms, pos = [], [], 0
            length = 0
            for m in MARK.finditer(marked):
                before = marked[pos:m.start()]
                text.append(before)
                length += len(before)
                surface, ref, kind = m.group(1), m.group(2), m.group(3)
                t = {"start": length, "end": length + len(surface), "text": surface, "kind": kind,
                     "gazetteer_id": None, "geonames_id": None, "wof_id": None,
                     "lat": None, "lon": None, "country": None}
                if ref != "-":
                    p = places.get(ref)
                    if p is None:
                        sys.exit(f"{src}:{n}: {ref} is in none of our gazetteer files")
                    t.update(gazetteer_id=ref, **p)
                toponyms.append(t)
                text.append(surface)
                length += len(surface)
                pos = m.end()
            text.append(marked[pos:])
            full = "".join(text)
            if "[[" in full or "]]" in full:
                sys.exit(f"{src}:{n}: unbalanced mark-up")
            for t in toponyms:
                assert full[t["start"]:t["end"]] == t["text"]
            docs.append({"id": doc_id, "genre": genre, "lang": lang, "text": full, "toponyms": toponyms})
    return docs


def main() -> int:
    places = load_places()
    for name in sorted(os.listdir(DEV)):
        if not name.endswith(".src.tsv"):
            continue
        docs = build(os.path.join(DEV, name), places)
        out = os.path.join(DEV, name.replace(".src.tsv", ".jsonl"))
        with open(out, "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        n_top = sum(len(d["toponyms"]) for d in docs)
        n_id = sum(1 for d in docs for t in d["toponyms"] if t["gazetteer_id"])
        print(f"{out}: {len(docs)} texts, {n_top} toponyms ({n_id} with an ID)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
