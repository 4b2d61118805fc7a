#!/usr/bin/env bash
# Whole-chain CPU speed per core, by language and stage list: the figure of
# issue 18 ("MB/s per core"). One worker; CPU time = user + sys of
# `newsevents run --input`, best of RUNS, minus the same for a one-article run
# (start-up); MB = UTF-8 bytes of the articles' title + body.
#
#   benches/chain_speed.sh                      # real articles from ../shared/data
#   SKIP_BUILD=1 RUNS=3 benches/chain_speed.sh path/to/articles.jsonl
#
# Environment:
#   NEWSEVENTS_DATA [../shared/data, beside the main checkout for a worktree]
#                                       where news-articles/articles.jsonl is
#   RUNS [2]                            runs per figure (the best is kept)
#   SKIP_BUILD [0]                      1: use the existing target/release/newsevents
#   BIN                                 measure this binary instead (e.g. a base commit's
#                                       build from benches/identity.sh); implies SKIP_BUILD=1
#
# Prints one table row per (language, stage list) and the load average, so a
# figure taken on a busy machine says so. Without the corpus it says so and exits 0.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
INPUT="${1:-$DATA/news-articles/articles.jsonl}"
RUNS="${RUNS:-2}"
[[ -f "$INPUT" ]] || { echo "chain_speed: no $INPUT (set NEWSEVENTS_DATA); nothing measured"; exit 0; }
if [[ -z "${BIN:-}" ]]; then
  [[ "${SKIP_BUILD:-0}" == 1 ]] || cargo build --release --quiet --bin newsevents
  BIN="$REPO/target/release/newsevents"
fi
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
echo '{"id":"x","body":"-"}' >"$WORK/one.jsonl"

# Split by script of the body: Arabic letters in most of it -> ar, else en.
python3 - "$INPUT" "$WORK" <<'PY'
import json, sys, re
src, out = sys.argv[1], sys.argv[2]
files = {l: open(f"{out}/{l}.jsonl", "w", encoding="utf-8") for l in ("ar", "en")}
sizes = {"ar": 0, "en": 0}
for line in open(src, encoding="utf-8"):
    r = json.loads(line)
    text = (r.get("title") or "") + (r.get("body") or "")
    arabic = len(re.findall(r"[\u0600-\u06FF]", text))
    lang = "ar" if arabic > len(text) / 4 else "en"
    files[lang].write(line)
    sizes[lang] += len(text.encode("utf-8"))
for l, n in sizes.items():
    open(f"{out}/{l}.bytes", "w").write(str(n))
PY

cpu() { # stages input -> best user+sys seconds of $RUNS
  local best=999999 t
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%U %S" -o "$WORK/t" "$BIN" run --input "$2" --set "pipeline.stages=$1" \
      --set pipeline.workers=1 >/dev/null 2>/dev/null
    t=$(awk '{print $1 + $2}' "$WORK/t" | tail -1)
    best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a < b ? a : b) }')
  done
  echo "$best"
}

echo "| language | stages | MB | CPU s (start-up s) | MB/s per core |"
echo "|---|---|---:|---:|---:|"
for stages in '["text","actors","locations"]' '["text","entities","actors","locations","events"]'; do
  start=$(cpu "$stages" "$WORK/one.jsonl")
  for lang in ar en; do
    bytes=$(cat "$WORK/$lang.bytes")
    total=$(cpu "$stages" "$WORK/$lang.jsonl")
    awk -v l="$lang" -v s="$stages" -v b="$bytes" -v t="$total" -v z="$start" 'BEGIN {
      mb = b / 1e6; w = t - z; if (w <= 0) w = 0.001
      printf "| %s | %s | %.2f | %.2f (%.2f) | %.1f |\n", l, s, mb, t, z, mb / w }'
  done
done
echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
