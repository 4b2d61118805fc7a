#!/usr/bin/env bash
# Start-up time and peak memory of the processor with the default gazetteer
# and its variants: runs `newsevents run` over the one-line sample article
# (start-up dominates) with /usr/bin/time, several times per configuration,
# and prints the best CPU time (user + sys), its wall time and the peak RSS.
#
#   benches/gazetteer_startup.sh                 # target/release/newsevents
#   BIN=/path/to/newsevents RUNS=5 benches/gazetteer_startup.sh
#
# Configurations: the default (GeoNames table + Who's On First tier 1 +
# Natural Earth landmarks, prebuilt name index), without the Who's On First
# and landmark tiers, and the default data with the index built at start-up
# (what a user's own GeoNames dump costs: `wof_extended` set to an empty
# tier forces it). Needs GNU time (/usr/bin/time).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${BIN:-$REPO/target/release/newsevents}"
RUNS="${RUNS:-3}"
INPUT="$REPO/tests/fixtures/articles/sample.jsonl"
EMPTY="$(mktemp -d)"
trap 'rm -rf "$EMPTY"' EXIT
printf 'gazetteer_id\tgeonames_id\twof_id\tplacetype\tfeature_class\tfeature_code\tcountry\tadmin1\tadmin2\tregion_id\tcounty_id\tlocaladmin_id\tlocality_id\tpopulation\tlat\tlon\tname\ttier\tin_geonames_table\twikidata\tcodes\n' | gzip >"$EMPTY/places.tsv.gz"
printf 'gazetteer_id\tlang\tkind\tname\n' | gzip >"$EMPTY/names.tsv.gz"

measure() {
  local label="$1"
  shift
  local best=""
  for _ in $(seq "$RUNS"); do
    local line
    /usr/bin/time -o "$EMPTY/time" -f '%U %S %e %M' "$BIN" "$@" run --input "$INPUT" >/dev/null 2>/dev/null
    line="$(tail -1 "$EMPTY/time")"
    read -r user sys wall rss <<<"$line"
    local cpu
    cpu="$(python3 -c "print(f'{$user + $sys:.2f}')")"
    if [[ -z "$best" ]] || python3 -c "import sys; sys.exit(0 if $cpu < ${best%% *} else 1)"; then
      best="$cpu $wall $rss"
    fi
  done
  read -r cpu wall rss <<<"$best"
  printf '| %s | %s s | %s s | %d MB |\n' "$label" "$cpu" "$wall" "$((rss / 1024))"
}

echo "| configuration | start-up CPU (user+sys) | wall | peak RSS |"
echo "|---|---:|---:|---:|"
measure "default: GeoNames + WOF tier 1 + landmarks, prebuilt index"
measure "GeoNames table only (wof = false, landmarks = false)" \
  --set locations.gazetteer.wof=false --set locations.gazetteer.landmarks=false
measure "default data, index built at start-up (as for a user's dump)" \
  --set "locations.gazetteer.wof_extended=\"$EMPTY\""
