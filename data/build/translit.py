#!/usr/bin/env python3
"""Romanisations of Arabic place names: the rules, and a prototype to measure them.

English and French news, and social text, write one Arabic name many ways:
Deir ez-Zor, Dayr az Zawr, Deir Ezzor, Deir al-Zour, Dair Alzour, Der Ezzor.
GeoNames and Who's On First give a few of them per place (their `und` and
`eng_x_variant` lists); the rest follow from a handful of systematic rules.
This file states those rules and implements them twice:

* `variants(name)`  generates the common spellings of a name (for an index
  that stores every form: a bounded set, at most MAX_VARIANTS a name);
* `skeleton(name)`  maps any spelling to one key (for an index that stores
  one key per name and looks the key of a mention up). Two spellings of one
  name share a skeleton under the rules below.

Rules (each has a name; R1-R9 are both generated and folded):

R1 article. The Arabic article ال is written al-, el-, al , el , or
   assimilated before a "sun letter" (t th d dh r z s sh S D T Z l n):
   at-/et-, ath-, ad-/ed-, adh-, ar-/er-, az-/ez-, as-/es-, ash-/esh-, an-/en-,
   with or without hyphen or space, or fused and doubled: "Ezzor", "Essalam",
   "Arraqqa". News often drops it: "Raqqa", "Qamishli", "Zour".
R2 vowels. a/e/i for fatha and kasra (Deir/Dair/Dayr/Der), u/ou/o for
   damma (Hums/Homs, Mosul/Moussoul), ee/ii/i and oo/uu/u for long vowels;
   the diphthongs ay/ai/ei/ey and aw/au/ou/o.
R3 ta marbuta. A final -ah/-eh/-a/-e/-at (Raqqah/Raqqa/Rakka, Hasakah/Hassakeh),
   and the nisba -iyah/-iya/-iyeh/-ieh/-ye.
R4 doubled consonants (shadda) are written once or twice: Raqqa/Raqa, Tall/Tal.
R5 ayn and hamza are written ', `, ', ‘, ʿ, ʾ or dropped: Ma'arrat/Maarrat,
   Ra's/Ras, Bi'r/Bir.
R6 consonants: q/k/g (Qamishli/Kamishly; Gulf and Egyptian ق as g),
   j/dj/g (Jisr/Djisr, Egyptian ج as g), sh/ch (French), kh/kh/h (rare),
   gh/g, th/t/s, dh/d/z, ou (French u), w/ou, y/i/ie.
R7 name words with fixed spellings in the press: Tall/Tell/Tel/Tal (hill),
   Kafr/Kfar/Kafar, Bayt/Beit/Bait, Dayr/Deir/Dair, Ayn/Ain/Ein/Aïn,
   Jabal/Jebel/Djebel/Jbel, Abu/Abou/Bou, Bani/Beni/Bni, Ras/Ra's, Bir/Bi'r/Beer,
   Wadi/Oued, Sheikh/Shaykh/Cheikh/Sheik, Khan/Khane, Qasr/Ksar, Suq/Souk.
R8 spacing and hyphens: "Deir ez-Zor" / "Deir Ez Zor" / "Deirezzor"
   (hashtags), "Ras al-Ain" / "Ras Al Ain" / "Rasalain".
R9 French and Levantine forms from Mandate-era maps (WOF/GeoNames `und`):
   "Moustériha", "Zaafarâné": accents fold away (the tokeniser's NFKD), é/è/e.

What the skeleton does: lower-case and fold accents; drop ayn/hamza marks;
split on spaces and hyphens; drop article tokens (R1) and fused articles at
a word start (al/el + letter, or a/e + doubled sun letter); map R7 words to
one form; then inside a word: map dj->j, ch->sh (French), ou->u, q->k, ee->i,
oo->u, and collapse doubled letters; drop vowels a e i o u and y/w between
vowels or after a vowel (diphthongs), keeping the first letter; drop a final
h after a vowel (ta marbuta). Words are joined with a space. Example:
"Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor", "Deir al-Zour" -> "dr zr".

Measured with `python3 data/build/translit.py --measure` over the Latin names
of data/gazetteer/wof/ (figures in data/gazetteer/wof/LOADING.md, section 5).

Usage:
  python3 data/build/translit.py "Deir ez-Zor" "Dayr az Zawr"   # skeletons and variants
  python3 data/build/translit.py --measure                     # agreement on WOF's own variants
"""

from __future__ import annotations

import collections
import gzip
import itertools
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
WOF = os.path.normpath(os.path.join(HERE, "..", "gazetteer", "wof"))

SUN = "t th d dh r z s sh n l".split()
ARTICLES = {"al", "el", "il", "ul", "l"} | {v + s for v in "aeiu" for s in SUN + ["ch"]}  # ech: French sh
# R7: canonical form of name words the press spells several ways.
WORDS = {
    "tall": "tl", "tell": "tl", "tel": "tl", "tal": "tl", "til": "tl",
    "kafr": "kfr", "kfar": "kfr", "kafar": "kfr", "kefr": "kfr", "kfr": "kfr",
    "bayt": "bt", "beit": "bt", "bait": "bt", "beyt": "bt", "bet": "bt",
    "dayr": "dr", "deir": "dr", "dair": "dr", "der": "dr", "deyr": "dr",
    "ayn": "n", "ain": "n", "ein": "n", "aine": "n", "ayoun": "n", "ayun": "n",
    "jabal": "jbl", "jebel": "jbl", "djebel": "jbl", "jbel": "jbl", "gebel": "jbl", "jabel": "jbl",
    "abu": "b", "abou": "b", "bou": "b", "abo": "b",
    "bani": "bn", "beni": "bn", "bni": "bn", "bany": "bn", "banu": "bn",
    "ras": "rs", "rass": "rs",
    "bir": "br", "beer": "br", "bi'r": "br", "bi’r": "br",
    "wadi": "wd", "oued": "wd", "wad": "wd",
    "sheikh": "shk", "shaykh": "shk", "cheikh": "shk", "sheik": "shk", "shaikh": "shk", "chaykh": "shk",
    "qasr": "ksr", "ksar": "ksr", "kasr": "ksr", "qsar": "ksr",
    "suq": "sk", "souk": "sk", "souq": "sk", "suk": "sk",
    "sidi": "sd", "sayyid": "sd",
    "umm": "m", "um": "m", "oum": "m", "omm": "m", "om": "m",
    "ibn": "bn", "ben": "bn", "bin": "bn",
}
MAX_VARIANTS = 24


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.casefold()


def words(name: str) -> list[str]:
    s = fold(name)
    s = re.sub(r"[’‘ʼʹ`´′ʿʾ']", "", s)  # R5
    return [w for w in re.split(r"[^a-z0-9]+", s) if w]


def strip_fused_article(w: str) -> str:
    """R1 fused: 'alqamishli' -> 'qamishli', 'ezzor' -> 'zor', 'arraqqa' -> 'raqqa'."""
    m = re.match(r"^(?:a|e)(th|dh|sh|[tdrzsnl])\1?(.{3,})$", w)
    if m and (w[1:1 + len(m.group(1))] == w[1 + len(m.group(1)):1 + 2 * len(m.group(1))]):
        return w[1 + len(m.group(1)):]
    if re.match(r"^(?:al|el)[a-z]{3,}$", w) and w not in ("alep", "alger"):
        return w[2:]
    return w


def word_key(w: str) -> str:
    if w in WORDS:
        return WORDS[w]
    w = w.replace("dj", "j").replace("tch", "ch").replace("ch", "sh").replace("ou", "u")
    w = w.replace("q", "k").replace("ee", "i").replace("oo", "u").replace("ph", "f")
    w = re.sub(r"(.)\1+", r"\1", w)  # R4
    w = re.sub(r"(?<=[aeiou])h$", "", w)  # R3: -ah, -eh
    head, rest = w[0], w[1:]
    rest = re.sub(r"(?<=[aeiouyw])[yw]", "", rest)  # diphthongs
    rest = re.sub(r"[aeiou]", "", rest)  # R2
    rest = re.sub(r"(?<=[^aeiou])[yw](?=[^aeiou]|$)", "", rest)
    key = head + rest
    if head in "aeiou" and len(key) > 1:
        key = key[1:]  # initial vowel (Idlib/Edlib, Ain/Ein) is not kept either
    return re.sub(r"(.)\1+", r"\1", key) or head


def skeleton(name: str) -> str:
    ws = words(name)
    out = []
    for i, w in enumerate(ws):
        if w in ARTICLES and i + 1 < len(ws):
            continue  # R1
        w = strip_fused_article(w)
        out.append(word_key(w))
    return " ".join(out)


# ---------------------------------------------------------------------------
# Generation (bounded): the spellings news uses most, for an index that
# stores forms rather than keys.

ARTICLE_FORMS = ["al-", "el-", "al ", "el ", ""]


def sun_article(next_word: str) -> list[str]:
    for s in sorted(SUN, key=len, reverse=True):
        if next_word.startswith(s) and s != "l":
            return [f"a{s}-", f"e{s}-", f"a{s} ", f"e{s} "]
    return []


def variants(name: str) -> list[str]:
    """Common spellings of `name` (R1, R3, R7; case as in the input's words)."""
    toks = re.split(r"[\s-]+", name.strip())
    choices: list[list[str]] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        low = fold(t).replace("'", "")
        if low in ARTICLES and i + 1 < len(toks):
            nxt = toks[i + 1]
            forms = [f + nxt for f in ARTICLE_FORMS + sun_article(fold(nxt))]
            sun = sun_article(fold(nxt))
            if sun:  # fused and doubled: "Ezzor", "Arraqqa"
                forms.append(sun[1].rstrip("-") + nxt.lower())
            choices.append(forms)
            i += 2
            continue
        alts = {t}
        key = WORDS.get(low)
        if key:
            alts |= {w.capitalize() for w, k in WORDS.items() if k == key and "'" not in w}
        for suf, reps in (("iyah", ["iya", "iyeh", "ieh"]), ("ah", ["a", "eh"]), ("eh", ["a", "ah"])):
            if low.endswith(suf) and len(low) > len(suf) + 2:
                alts |= {t[: -len(suf)] + r for r in reps}
                break
        choices.append(sorted(alts))
        i += 1
    out = []
    for combo in itertools.product(*choices):
        v = re.sub(r"\s+", " ", " ".join(combo)).replace("- ", "-").strip()
        v = v[:1].upper() + v[1:]
        if v != name and v not in out:
            out.append(v)
        if len(out) >= MAX_VARIANTS:
            break
    return out


# ---------------------------------------------------------------------------
# Measurement on WOF's own variant lists (no gold data involved)


def measure() -> int:
    names: dict[str, list[str]] = collections.defaultdict(list)
    place_cc: dict[str, str] = {}
    with gzip.open(os.path.join(WOF, "places.tsv.gz"), "rt", encoding="utf-8") as f:
        next(f)
        for line in f:
            c = line.rstrip("\n").split("\t")
            place_cc[c[0]] = c[6]
    arabic_cc = {"DZ", "BH", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS", "QA",
                 "SA", "SD", "SY", "TN", "AE", "YE"}
    with gzip.open(os.path.join(WOF, "names.tsv.gz"), "rt", encoding="utf-8") as f:
        next(f)
        for line in f:
            gid, lang, kind, name = line.rstrip("\n").split("\t")
            if lang in ("en", "fr", "") and place_cc.get(gid) in arabic_cc:
                names[gid].append(name)
    pairs = agree = 0
    plain_agree = 0
    key_places: dict[str, set] = collections.defaultdict(set)
    plain_places: dict[str, set] = collections.defaultdict(set)
    for gid, ns in names.items():
        ns = sorted(set(ns))
        for n in ns:
            key_places[skeleton(n)].add(gid)
            plain_places[" ".join(words(n))].add(gid)
        for a, b in itertools.combinations(ns, 2):
            pairs += 1
            agree += skeleton(a) == skeleton(b)
            plain_agree += " ".join(words(a)) == " ".join(words(b))
    amb = sum(1 for k, v in key_places.items() if len(v) > 1)
    amb_plain = sum(1 for k, v in plain_places.items() if len(v) > 1)
    mean_k = sum(len(v) for v in key_places.values()) / max(1, len(key_places))
    mean_p = sum(len(v) for v in plain_places.values()) / max(1, len(plain_places))
    print(f"places with Latin names in Arab countries: {len(names)}")
    print(f"pairs of spellings of one place: {pairs}")
    print(f"  same key after plain folding (case, accents, punctuation): {plain_agree} ({plain_agree / pairs:.1%})")
    print(f"  same skeleton: {agree} ({agree / pairs:.1%})")
    print(f"distinct keys: plain {len(plain_places)}, skeleton {len(key_places)}")
    print(f"keys shared by 2+ places: plain {amb_plain}, skeleton {amb}")
    print(f"places per key (mean): plain {mean_p:.2f}, skeleton {mean_k:.2f}")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--measure"]:
        return measure()
    for n in argv:
        print(f"{n}\t{skeleton(n)}\t{' | '.join(variants(n))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
