#!/usr/bin/env bash
# Share of the events stage in the whole chain's CPU time on the real
# articles (issue 16: at most 20 %). Runs `newsevents run` on one worker with
# the stages text, actors, locations and then with events added, and once on
# a one-line input for each (start-up: dictionaries, gazetteer); takes the
# user CPU time (GNU time) of the best of three runs of each and prints
#   events share = (full - startup_full - (base - startup_base)) / (full - startup_full)
#
#   benches/events_share.sh [articles.jsonl]
#   NEWSEVENTS_DATA=/work/shared/data benches/events_share.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
INPUT="${1:-$DATA/news-articles/articles.jsonl}"
[[ -f "$INPUT" ]] || { echo "events_share: no $INPUT" >&2; exit 0; }
[[ "${SKIP_BUILD:-0}" == 1 ]] || cargo build --release --quiet --bin newsevents
BIN="$REPO/target/release/newsevents"
ONE="$(mktemp)"; TIMES="$(mktemp)"; trap 'rm -f "$ONE" "$TIMES"' EXIT
echo '{"id":"x","body":"-"}' >"$ONE"
cpu() { # stages input -> best user seconds of 3
  local best=999999 t
  for _ in 1 2 3; do
    /usr/bin/time -f "%U" -o "$TIMES" "$BIN" run --input "$2" --set "pipeline.stages=$1" \
      --set pipeline.workers=1 >/dev/null 2>/dev/null
    t=$(tail -1 "$TIMES")
    best=$(python3 -c "import sys; print(min(float(sys.argv[1]), float(sys.argv[2])))" "$best" "$t")
  done
  echo "$best"
}
BASE='["text","actors","locations"]'
FULL='["text","actors","locations","events"]'
b=$(cpu "$BASE" "$INPUT"); bs=$(cpu "$BASE" "$ONE")
f=$(cpu "$FULL" "$INPUT"); fs=$(cpu "$FULL" "$ONE")
python3 - "$b" "$bs" "$f" "$fs" "$INPUT" <<'PY'
import sys
b, bs, f, fs = map(float, sys.argv[1:5])
chain, base = f - fs, b - bs
print(f"input {sys.argv[5]}")
print(f"text+actors+locations: {b:.2f} s user ({bs:.2f} start-up) -> {base:.2f} s on articles")
print(f"all four stages:       {f:.2f} s user ({fs:.2f} start-up) -> {chain:.2f} s on articles")
print(f"events stage: {chain - base:.2f} s = {100 * (chain - base) / chain:.1f} % of the chain's CPU time")
PY
