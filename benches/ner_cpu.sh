#!/usr/bin/env bash
# Tagger-alone throughput per core, in CPU time: the figure of issue 15's
# "tagger alone >= 15 MB/s per core" target, measured so that other work on
# a shared machine does not count against it (criterion's `benches/ner.rs`
# measures wall-clock time, which a busy machine divides by its load).
#
#   benches/ner_cpu.sh            # Arabic and English
#   NER_CPU_PASSES=5 benches/ner_cpu.sh
#
# Text: ~1 MB per language of article bodies from
# ../shared/data/news-articles/articles.jsonl (Arabic: the ANT records; English:
# the BBC records, never the LGL/GeoWebNews gold text), split into tokens (runs
# of letters/digits, each other non-space char) and sentences (at . ! ? ؟ and
# line breaks), written as an all-`O` CoNLL file under target/ner-cpu/. Then
# `newsevents train-ner evaluate` tags it with the shipped model on one thread
# and reports the thread's CPU time (Linux /proc/thread-self/schedstat): MB of
# token text (token bytes + 1 per token, about the bytes of the text) per CPU
# second. Cold: a fresh word-sum cache (the first megabyte a worker sees);
# warm: the text is tagged once untimed first (`--warm`), as a running
# worker's cache is. Each is run NER_CPU_PASSES times [3]; every figure is
# printed.
#
# Environment: NEWSEVENTS_DATA [../shared/data, beside the main checkout for a
# worktree], SKIP_BUILD [0].
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ARTICLES="$DATA/news-articles/articles.jsonl"
if [[ ! -f "$ARTICLES" ]]; then
  echo "ner_cpu: $ARTICLES missing; nothing measured." >&2
  exit 0
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  nice -n 10 cargo build --release --quiet --bin newsevents
fi
OUT="$REPO/target/ner-cpu"
mkdir -p "$OUT"
python3 - "$ARTICLES" "$OUT" <<'EOF'
import json, re, sys
src, out = sys.argv[1], sys.argv[2]
tok = re.compile(r"[\w\u064B-\u065F\u0640]+|[^\w\s]", re.UNICODE)
for lang, prefix in (("ar", "ant-"), ("en", "bbc-")):
    text = []
    size = 0
    for line in open(src, encoding="utf-8"):
        r = json.loads(line)
        if not str(r.get("id", "")).startswith(prefix):
            continue
        body = r.get("body") or ""
        text.append(body)
        size += len(body.encode())
        if size >= 1 << 20:
            break
    with open(f"{out}/{lang}.conll", "w", encoding="utf-8") as f:
        for body in text:
            for piece in re.split(r"(?<=[.!?؟])\s+|\n+", body):
                toks = tok.findall(piece)
                if toks:
                    f.write("".join(f"{t} O\n" for t in toks) + "\n")
    with open(f"{out}/{lang}.toml", "w") as f:
        f.write(f'[[test]]\nname = "{lang} news bodies (speed only)"\n'
                f'paths = ["{out}/{lang}.conll"]\ntags = {{ PER = "PER" }}\n')
EOF
for lang in ar en; do
  for mode in cold warm; do
    flag=()
    [[ $mode == warm ]] && flag=(--warm)
    for _ in $(seq "${NER_CPU_PASSES:-3}"); do
      nice -n 10 target/release/newsevents train-ner evaluate "${flag[@]}" \
        --model "data/models/ner-$lang.bin" "$OUT/$lang.toml" 2>/dev/null |
        grep -o '([0-9]* sentences.*' | sed "s/^/$lang $mode: /"
    done
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
