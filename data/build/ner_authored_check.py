#!/usr/bin/env python3
"""Check the authored NER data (CoNLL, IOB2) and count it.

Written by the newsevents developers. Checks, for every file given (default: the authored
train/dev files of both languages and the test fixtures):

- every non-blank line is `token<TAB>tag`, the token is non-empty and holds no whitespace;
- the tag is `O` or `B-`/`I-` + one of PER, ORG, LOC, MISC;
- IOB2: an `I-X` tag follows `B-X` or `I-X` (a mention never starts with `I-`);
- no sentence is empty, and no sentence (same token sequence) appears twice, within a file or
  across the files checked together (so no dev sentence is also a train sentence, and no test
  fixture sentence is also in the authored data);
- the Arabic files hold Arabic script and the English files none;
- the `.conll` files are what `ner_authored_build.py` makes of their markup sources today (so nobody
  edited a generated file by hand, and nobody forgot to rebuild after editing a source).

It prints a Markdown table of sentences, tokens and mentions per class for each file.
`--update-source` also writes that table into data/ner/authored/SOURCE.md between the lines
`<!-- counts:begin -->` and `<!-- counts:end -->`.

Exit status: 0 when every check passes, 1 otherwise (each problem printed as `file:line: what`).
Usage: python3 data/build/ner_authored_check.py [--update-source] [FILE.conll ...]
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AUTHORED = ROOT / "data" / "ner" / "authored"
CLASSES = ("PER", "ORG", "LOC", "MISC")
TAG = re.compile(r"^(?:O|[BI]-(?:PER|ORG|LOC|MISC))$")
ARABIC = re.compile(r"[\u0600-\u06FF]")
DEFAULT_FILES = [
    AUTHORED / "ar" / "train.conll",
    AUTHORED / "ar" / "dev.conll",
    AUTHORED / "en" / "train.conll",
    AUTHORED / "en" / "dev.conll",
    ROOT / "tests" / "fixtures" / "ner" / "train.conll",
    ROOT / "tests" / "fixtures" / "ner" / "heldout.conll",
]


def read_conll(path: Path, problems: list[str]):
    """Yield (first_line_number, [(token, tag)]) per sentence, recording format problems."""
    sent: list[tuple[str, str]] = []
    start = 0
    text = path.read_text(encoding="utf-8")
    if text and not text.endswith("\n"):
        problems.append(f"{path}: does not end with a newline")
    for n, line in enumerate(text.split("\n"), 1):
        if line == "":
            if sent:
                yield start, sent
            sent = []
            continue
        if not sent:
            start = n
        parts = line.split("\t")
        if len(parts) != 2:
            problems.append(f"{path}:{n}: expected token<TAB>tag, got {line!r}")
            continue
        tok, tag = parts
        if not tok or any(c.isspace() for c in tok):
            problems.append(f"{path}:{n}: empty token or token with whitespace: {tok!r}")
        if not TAG.match(tag):
            problems.append(f"{path}:{n}: tag {tag!r} not in the tag set (O, B-/I- PER ORG LOC MISC)")
        sent.append((tok, tag))
    if sent:
        yield start, sent


def mentions(sent):
    """[(class, first, last)] of the IOB2 mentions in a sentence."""
    out = []
    cur = None
    for i, (_, tag) in enumerate(sent):
        if tag.startswith("B-") or tag == "O" or (tag.startswith("I-") and (cur is None or cur[0] != tag[2:])):
            if cur:
                out.append(tuple(cur))
                cur = None
            if tag != "O":
                cur = [tag[2:], i, i]
        else:
            cur[2] = i
    if cur:
        out.append(tuple(cur))
    return out


def check(files: list[Path]):
    problems: list[str] = []
    seen: dict[tuple[str, ...], str] = {}
    rows = []
    for path in files:
        if not path.exists():
            problems.append(f"{path}: missing")
            continue
        lang = "ar" if "/ar/" in path.as_posix() else "en" if "/en/" in path.as_posix() else None
        sents = tokens = 0
        per_class: Counter[str] = Counter()
        for start, sent in read_conll(path, problems):
            sents += 1
            tokens += len(sent)
            prev = "O"
            for k, (tok, tag) in enumerate(sent):
                if tag.startswith("I-") and prev[2:] != tag[2:]:
                    problems.append(f"{path}:{start + k}: {tag} after {prev} (IOB2: a mention starts with B-)")
                prev = tag
            for cls, _, _ in mentions(sent):
                per_class[cls] += 1
            key = tuple(t for t, _ in sent)
            where = f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{start}"
            if key in seen:
                problems.append(f"{where}: sentence also at {seen[key]}")
            else:
                seen[key] = where
            text = " ".join(key)
            if lang == "ar" and not ARABIC.search(text):
                problems.append(f"{where}: no Arabic script in an Arabic file")
            if lang == "en" and ARABIC.search(text):
                problems.append(f"{where}: Arabic script in an English file")
        rows.append((path, sents, tokens, per_class))
    return problems, rows


def table(rows) -> str:
    head = "| file | sentences | tokens | PER | ORG | LOC | MISC | mentions |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"
    lines = []

    def line(name, sents, tokens, pc):
        return (
            f"| {name} | {sents:,} | {tokens:,} | "
            + " | ".join(f"{pc[c]:,}" for c in CLASSES)
            + f" | {sum(pc.values()):,} |"
        )

    totals: dict[str, list] = {}
    for path, sents, tokens, pc in rows:
        name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
        lines.append(line(f"`{name}`", sents, tokens, pc))
        m = re.search(r"data/ner/authored/(ar|en)/", name)
        if m:
            t = totals.setdefault(m.group(1), [0, 0, Counter()])
            t[0] += sents
            t[1] += tokens
            t[2].update(pc)
    for lang, (sents, tokens, pc) in sorted(totals.items()):
        lines.append(line(f"**all {lang}** (train + dev)", sents, tokens, pc))
    return head + "\n".join(lines) + "\n"


def stale(files: list[Path]) -> list[str]:
    """Files whose content differs from what the builder makes of the current sources."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import ner_authored_build as build  # noqa: E402  (sibling script)

    def render(sents) -> str:
        return "".join("".join(f"{t}\t{g}\n" for t, g in s) + "\n" for s in sents)

    expected: dict[Path, str] = {}
    for lang in ("ar", "en"):
        src = AUTHORED / "source" / f"{lang}.txt"
        if src.exists():
            sents = build.read_source(src, lang)
            expected[AUTHORED / lang / "train.conll"] = render([s for i, s in enumerate(sents) if i % 4 != 3])
            expected[AUTHORED / lang / "dev.conll"] = render([s for i, s in enumerate(sents) if i % 4 == 3])
    for name in ("train", "heldout"):
        src = build.FIXTURES / "source" / f"{name}.txt"
        if src.exists():
            expected[build.FIXTURES / f"{name}.conll"] = render(build.read_source(src, "en", switch_lang=True))
    out = []
    for path in files:
        want = expected.get(path.resolve())
        if want is not None and path.exists() and path.read_text(encoding="utf-8") != want:
            out.append(f"{path}: differs from its markup source; run data/build/ner_authored_build.py")
    return out


def main(argv: list[str]) -> int:
    update = "--update-source" in argv
    args = [Path(a).resolve() for a in argv if not a.startswith("--")]
    files = args or DEFAULT_FILES
    problems, rows = check(files)
    problems += stale(files)
    out = table(rows)
    print(out, end="")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    if update:
        src = AUTHORED / "SOURCE.md"
        text = src.read_text(encoding="utf-8")
        new = re.sub(
            r"(<!-- counts:begin -->\n).*?(<!-- counts:end -->)",
            lambda m: m.group(1) + out + m.group(2),
            text,
            flags=re.S,
        )
        if new == text and "<!-- counts:begin -->" not in text:
            print(f"{src}: no <!-- counts:begin --> / <!-- counts:end --> block", file=sys.stderr)
            return 1
        src.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
