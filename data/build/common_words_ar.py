#!/usr/bin/env python3
"""Writes data/locations/common_words_ar.txt: one-word Arabic names of our
gazetteer's smaller places that are everyday Arabic words (جديدة "new",
بيان "statement", موت "death", مركزي "central").

The locations stage reads a name on this list as a place only with context
evidence in the text (a cue word, containment, its governorate named in
the document): rule `everyday_word_needs_context` in
src/stages/locations/support.rs.

A word is on the list when
  * it occurs in at least MIN_DOCS of the 2,920 Arabic articles of the
    unlabelled news corpus (ANT Corpus v2.1 subset, the `ant-` records of
    /work/shared/data/news-articles/articles.jsonl; the English records are
    never read: some of them are evaluation gold text), counted as written
    and behind the proclitics و ف ب ل ك (one count per article); and
  * it is a one-word Arabic name in the embedded gazetteer (GeoNames
    alternate names, Who's On First, landmarks) of no "big" place: no
    country, first-level division, capital or populated place of
    BIG_POPULATION people or more carries it. Names of big places are
    frequent in news because they are places (دمشق, الحديدة).
  * it inflects like a word: its form with the article ال (or without it,
    for a word that has it) also occurs, in at least MIN_VARIANT_DOCS
    articles (بيان / البيان, جديدة / الجديدة, موت / الموت). A town that
    news names often because of what happens there (عفرين, منبج) is
    written one way only.

Only the words that are also gazetteer names are written, not the corpus
vocabulary. Words are written as the corpus writes them; the stage
normalises them when it loads the list.

Usage (from the repo root):
  python3 data/build/common_words_ar.py [/work/shared/data/news-articles/articles.jsonl]
"""
import collections
import csv
import gzip
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/news-articles/articles.jsonl")
OUT = REPO / "data/locations/common_words_ar.txt"
MIN_DOCS = 12
MIN_VARIANT_DOCS = 3
BIG_POPULATION = 100_000

ARABIC_WORD = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u0640\u064B-\u065F]+")
TASHKEEL = re.compile(r"[\u064B-\u065F\u0670\u0640]")
csv.field_size_limit(1 << 30)


def norm(w: str) -> str:
    """Close to src/nlp/normalize.rs for Arabic: no tashkeel/tatweel, alef
    forms → ا, ى → ي, ة → ه, ؤ → و, ئ → ي."""
    w = TASHKEEL.sub("", w)
    for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"), ("ؤ", "و"), ("ئ", "ي")):
        w = w.replace(a, b)
    return w


def corpus_doc_freq() -> tuple[collections.Counter, dict]:
    df: collections.Counter = collections.Counter()
    written: dict = {}
    with CORPUS.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if not rec.get("id", "").startswith("ant-") or rec.get("lang") != "ar":
                continue
            seen = set()
            for w in ARABIC_WORD.findall(rec.get("title", "") + "\n" + rec.get("body", "")):
                forms = {w}
                if len(w) > 3 and w[0] in "وفبلك":
                    forms.add(w[1:])
                for form in forms:
                    n = norm(form)
                    seen.add(n)
                    written.setdefault(n, collections.Counter())[form] += 1
            df.update(seen)
    return df, written


def gazetteer_names() -> tuple[set, set]:
    """(normalised one-word Arabic names, those of a big place)."""
    big_ids: set = set()
    ids_pop = {}
    with gzip.open(REPO / "data/gazetteer/places.txt.gz", "rt", encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            gid, cls, code, pop = row[0], row[6], row[7], int(row[14] or 0)
            ids_pop[gid] = pop
            if code.startswith("PCL") or code in ("ADM1", "PPLC") or (cls == "P" and pop >= BIG_POPULATION):
                big_ids.add("gn:" + gid)
    with gzip.open(REPO / "data/gazetteer/wof/places.tsv.gz", "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            pop = int(row["population"] or 0)
            if row["feature_code"] in ("ADM1", "PPLC") or row["feature_code"].startswith("PCL") or (
                row["feature_class"] == "P" and pop >= BIG_POPULATION
            ):
                big_ids.add(row["gazetteer_id"])
    names: collections.defaultdict = collections.defaultdict(set)
    with gzip.open(REPO / "data/gazetteer/alternate_names.txt.gz", "rt", encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) > 3 and row[2] == "ar" and " " not in row[3].strip():
                names[norm(row[3].strip())].add("gn:" + row[1])
    for path in (REPO / "data/gazetteer/wof/names.tsv.gz", REPO / "data/gazetteer/landmarks/names.tsv"):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                name = (row["name"] or "").strip()
                if ARABIC_WORD.fullmatch(name):
                    names[norm(name)].add(row["gazetteer_id"])
    one_word = set(names)
    big = {n for n, ids in names.items() if ids & big_ids}
    return one_word, big


def main() -> None:
    df, written = corpus_doc_freq()
    one_word, big = gazetteer_names()
    def inflects(n: str) -> bool:
        other = n[2:] if n.startswith("ال") else "ال" + n
        return len(other) >= 2 and df[other] >= MIN_VARIANT_DOCS

    words = sorted(
        (
            n
            for n, c in df.items()
            if c >= MIN_DOCS and n in one_word and n not in big and len(n) >= 3 and inflects(n)
        ),
        key=lambda n: (-df[n], n),
    )
    with OUT.open("w", encoding="utf-8") as out:
        out.write(
            "# One-word Arabic names of small places that are everyday words: see\n"
            "# data/build/common_words_ar.py (generated; do not edit). word<TAB>articles\n"
        )
        for n in words:
            out.write(f"{written[n].most_common(1)[0][0]}\t{df[n]}\n")
    print(f"wrote {OUT} ({len(words)} words)", file=sys.stderr)


if __name__ == "__main__":
    main()
