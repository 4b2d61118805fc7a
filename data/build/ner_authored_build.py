#!/usr/bin/env python3
"""Build the authored NER data (CoNLL, IOB2) from its bracket-markup source.

Written by the newsevents developers. The sentences and their annotations are ours
(see data/ner/authored/SOURCE.md); this script only tokenises them and writes tags.

Source format (one sentence per line, UTF-8; blank lines and comment lines, which start with `# `
(hash and space) or are a lone `#`, are skipped; a line starting with a hashtag is a sentence):

    وقال {PER عبد الفتاح البرهان} في {LOC بورتسودان} إن ...
    Spokesman {PER Ahmed al-Mismari} said {ORG Brigade 444} ...

`{TYPE text}` marks one entity mention, TYPE is PER, ORG, LOC or MISC. The text inside the
braces must start and end on token boundaries of the whole sentence: write the proclitic inside
the braces (`{LOC وبغداد}`), never `و{LOC بغداد}`. Mentions do not nest.

Tokenisation follows ANERcorp for Arabic (whitespace tokens; proclitics و ف ب ل ك and the article
ال stay attached; punctuation is split off) and CoNLL-2003 / Penn Treebank habits for English
(punctuation split off, `'s` split off, abbreviations such as `Gen.` and `U.N.` kept whole,
hyphenated words kept whole). See data/ner/authored/GUIDELINES.md.

Outputs (deterministic; the split rule is: per language, the sentence at 0-based position i in
the source goes to dev when i % 4 == 3, else to train):

    data/ner/authored/{ar,en}/{train,dev}.conll
    tests/fixtures/ner/{train,heldout}.conll   (from tests/fixtures/ner/source/{train,heldout}.txt,
                                                 no split: each file is built as it is)

Usage: python3 data/build/ner_authored_build.py   (run from the repository root or anywhere)
Exit status 1 with a message naming file and line on any markup or tokenisation error.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AUTHORED = ROOT / "data" / "ner" / "authored"
FIXTURES = ROOT / "tests" / "fixtures" / "ner"
CLASSES = ("PER", "ORG", "LOC", "MISC")
MARK = re.compile(r"\{(PER|ORG|LOC|MISC) ([^{}]+)\}")

# Arabic: punctuation peeled off the ends of a whitespace chunk (ANERcorp splits these off).
AR_LEAD = "«\"“‘'(["
AR_TRAIL = "»\"”’')]،؛:؟!?.,…"
AR_ABBREV = {"د."}
# English: Penn-Treebank-like peeling.
EN_LEAD = "\"“‘(["
EN_TRAIL = "\"”’)],;:!?."
EN_ABBREV = re.compile(
    r"^(?:(?:[A-Z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Brig|Sgt|Capt|Sen|Rep|Gov|Prof|St|Jr|Sr|No|"
    r"Inc|Ltd|Co|Corp|Jan|Feb|Aug|Sept|Oct|Nov|Dec|Adm|Rev|Lt\.-Col|Maj\.-Gen)\.)$"
)


class MarkupError(Exception):
    pass


def split_chunk(chunk: str, start: int, lang: str) -> list[tuple[int, int]]:
    """Token (start, end) character offsets inside one whitespace-free chunk."""
    lead, trail = (AR_LEAD, AR_TRAIL) if lang == "ar" else (EN_LEAD, EN_TRAIL)
    s, e = 0, len(chunk)
    front: list[tuple[int, int]] = []
    back: list[tuple[int, int]] = []
    # a chunk made only of punctuation (dash, ellipsis, "...") stays one token
    if all(not c.isalnum() and c not in "#@_" for c in chunk):
        return [(start, start + len(chunk))]
    while s < e and chunk[s] in lead:
        front.append((start + s, start + s + 1))
        s += 1
    while e > s and chunk[e - 1] in trail:
        body = chunk[s:e]
        if chunk[e - 1] == ".":
            if lang == "ar" and body in AR_ABBREV:
                break
            if lang == "en" and EN_ABBREV.match(body):
                break
        if chunk[e - 1] == "…" or (chunk[e - 1] == "." and chunk[s:e].endswith("...")):
            n = 1 if chunk[e - 1] == "…" else 3
            back.insert(0, (start + e - n, start + e))
            e -= n
            continue
        back.insert(0, (start + e - 1, start + e))
        e -= 1
    mid: list[tuple[int, int]] = []
    if e > s:
        body = chunk[s:e]
        if lang == "en":
            m = re.search(r"(['’]s|n't)$", body)
            if m and m.start() > 0:
                mid = [(start + s, start + s + m.start()), (start + s + m.start(), start + e)]
            else:
                mid = [(start + s, start + e)]
        else:
            mid = [(start + s, start + e)]
    return front + mid + back


def tokenize(text: str, lang: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"\S+", text):
        out.extend(split_chunk(m.group(), m.start(), lang))
    return out


def parse_line(line: str, lang: str) -> list[tuple[str, str]]:
    """One markup line -> [(token, tag)]."""
    plain = []
    spans = []
    pos = 0
    for m in MARK.finditer(line):
        plain.append(line[pos : m.start()])
        begin = sum(len(p) for p in plain)
        plain.append(m.group(2))
        spans.append((begin, begin + len(m.group(2)), m.group(1)))
        pos = m.end()
    plain.append(line[pos:])
    text = "".join(plain)
    if "{" in text or "}" in text:
        raise MarkupError("unbalanced or malformed {TYPE text} mark")
    for a, b, _ in spans:
        inner = text[a:b]
        if inner != inner.strip() or not inner.strip():
            raise MarkupError(f"mention {inner!r} has leading/trailing space or is empty")
    toks = tokenize(text, lang)
    tags = ["O"] * len(toks)
    for a, b, cls in spans:
        idx = [i for i, (s, e) in enumerate(toks) if s >= a and e <= b]
        if not idx:
            raise MarkupError(f"mention {text[a:b]!r} covers no token")
        if toks[idx[0]][0] != a or toks[idx[-1]][1] != b:
            raise MarkupError(f"mention {text[a:b]!r} does not fall on token boundaries")
        # a token that straddles the boundary (e.g. و{LOC بغداد}) is a markup error
        for i, (s, e) in enumerate(toks):
            if (s < a < e) or (s < b < e):
                raise MarkupError(f"mention {text[a:b]!r} splits token {text[s:e]!r}")
        for k, i in enumerate(idx):
            tags[i] = ("B-" if k == 0 else "I-") + cls
    return [(text[s:e], t) for (s, e), t in zip(toks, tags)]


def is_comment(line: str) -> bool:
    """Blank lines, `#` alone and `# …` are comments; `#عاجل …` is a sentence opening with a hashtag."""
    return not line or line == "#" or line.startswith("# ")


def read_source(path: Path, lang: str, switch_lang: bool = False) -> list[list[tuple[str, str]]]:
    """Parse a markup file into sentences. With `switch_lang` (test fixtures, which mix languages),
    a line `#lang ar` / `#lang en` switches the tokeniser for the lines after it."""
    sents = []
    errors = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if switch_lang and line.startswith("#lang "):
            lang = line.split()[1]
            continue
        if is_comment(line):
            continue
        try:
            sents.append(parse_line(line, lang))
        except MarkupError as exc:
            errors.append(f"{path}:{n}: {exc}")
    if errors:
        raise SystemExit("\n".join(errors))
    return sents


def write_conll(path: Path, sents: list[list[tuple[str, str]]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for sent in sents:
            for tok, tag in sent:
                f.write(f"{tok}\t{tag}\n")
            f.write("\n")


def main() -> int:
    for lang in ("ar", "en"):
        src = AUTHORED / "source" / f"{lang}.txt"
        sents = read_source(src, lang)
        train = [s for i, s in enumerate(sents) if i % 4 != 3]
        dev = [s for i, s in enumerate(sents) if i % 4 == 3]
        write_conll(AUTHORED / lang / "train.conll", train)
        write_conll(AUTHORED / lang / "dev.conll", dev)
        print(f"{lang}: {len(sents)} sentences -> train {len(train)}, dev {len(dev)}", flush=True)
    for name in ("train", "heldout"):
        src = FIXTURES / "source" / f"{name}.txt"
        if not src.exists():
            continue
        sents = read_source(src, "en", switch_lang=True)
        write_conll(FIXTURES / f"{name}.conll", sents)
        print(f"fixture {name}: {len(sents)} sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
