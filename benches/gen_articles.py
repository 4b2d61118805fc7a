#!/usr/bin/env python3
"""Writes N synthetic news articles of 3-10 KB for the end-to-end bench.

Each article is built from real article bodies of one language, joined as
paragraphs until a size drawn uniformly from 3,000-10,000 bytes is reached
(cut at a space). The pool is $NEWSEVENTS_DATA/news-articles/articles.jsonl
when present (evaluation data, read at run time, never stored in the repo),
else the repository's sample article. Output: one `id<TAB>json` line per
article (kcat -K '\t' keys each message by its article id).

    python3 benches/gen_articles.py --n 20000 --out target/e2e/articles.keyed
"""
import argparse
import json
import os
import random
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pool(data_dir):
    path = os.path.join(data_dir, "news-articles", "articles.jsonl")
    if not os.path.exists(path):
        path = os.path.join(REPO, "tests", "fixtures", "articles", "sample.jsonl")
    by_lang = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            a = json.loads(line)
            by_lang.setdefault(a.get("lang") or "ar", []).append(a)
    return path, by_lang


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--min-bytes", type=int, default=3000)
    ap.add_argument("--max-bytes", type=int, default=10000)
    args = ap.parse_args()
    data = os.environ.get("NEWSEVENTS_DATA", os.path.join(REPO, "..", "shared", "data"))
    source, by_lang = pool(data)
    langs = sorted(by_lang)
    rnd = random.Random(args.seed)
    total = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for i in range(args.n):
            lang = langs[i % len(langs)]
            articles = by_lang[lang]
            target = rnd.randint(args.min_bytes, args.max_bytes)
            first = rnd.choice(articles)
            parts, size = [], 0
            while size < target:
                a = first if not parts else rnd.choice(articles)
                parts.append(a["body"])
                size += len(a["body"].encode("utf-8")) + 2
            body = "\n\n".join(parts).encode("utf-8")[:target].decode("utf-8", "ignore")
            cut = body.rfind(" ")
            if cut > args.min_bytes // 2:
                body = body[:cut]
            rec = {"id": f"bench-{i}", "lang": lang, "body": body}
            for k in ("title", "published_at", "source"):
                if first.get(k):
                    rec[k] = first[k]
            line = json.dumps(rec, ensure_ascii=False)
            total += len(line.encode("utf-8"))
            out.write(f"bench-{i}\t{line}\n")
    print(f"{args.n} articles, {total} bytes of JSON, from {source}", file=sys.stderr)


if __name__ == "__main__":
    main()
