#!/usr/bin/env bash
# Start-up to ready, on a real Kafka broker: RUNS times, `newsevents run` on
# fresh topics and group; per run, from process start to (1) the stage chain
# loaded (JSON Lines mode with empty input: the whole process, chain build
# and exit), (2) the Kafka producer ready (log "Topic record limits"),
# (3) partitions assigned (log "Consumer group rebalance" kind=assign) and
# (4) /readyz answering 200. Prints one line per run and the medians.
#
#   benches/startup.sh
#   RUNS=3 BROKERS=127.0.0.1:9196 benches/startup.sh
#
# Environment: RUNS [5], BIN [target/release/newsevents], BROKERS
# [127.0.0.1:9092], METRICS_PORT [9466], SET [""] extra --set overrides.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS="${RUNS:-5}"
BIN="${BIN:-$REPO/target/release/newsevents}"
BROKERS="${BROKERS:-127.0.0.1:9092}"
PORT="${METRICS_PORT:-9466}"
KAFKA_SH="${KAFKA_SH:-$REPO/deploy/kafka/kafka.sh}"
OUT="$REPO/target/startup"
mkdir -p "$OUT"
sets=()
for s in ${SET:-}; do sets+=(--set "$s"); done
ms() { date +%s%3N; }
log_ms() { # first log line matching $2 in $1, as ms since the epoch
  sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -m1 "$2" | cut -d' ' -f1 |
    python3 -c 'import sys,datetime; s=sys.stdin.read().strip(); print(int(datetime.datetime.fromisoformat(s.replace("Z","+00:00")).timestamp()*1000) if s else -1)'
}
{
printf 'run\tchain_only_ms\tproducer_ms\tassigned_ms\treadyz_ms\n'
for i in $(seq 1 "$RUNS"); do
  t0=$(ms)
  "$BIN" run "${sets[@]}" </dev/null >/dev/null 2>&1
  chain=$(($(ms) - t0))
  T="startup-$(date +%s)-$$-$i"
  create_topics "$T" 3
  t0=$(ms)
  RUST_LOG=info NO_COLOR=1 start_processor "$T" "$PORT" "$OUT/$T.log" "${sets[@]}"
  pid=$PROC_PID
  ready=-1
  for _ in $(seq 1 3000); do
    if curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then ready=$(($(ms) - t0)); break; fi
    sleep 0.02
  done
  sleep 0.5
  kill -TERM "$pid"; wait "$pid" || true
  producer=$(($(log_ms "$OUT/$T.log" "Topic record limits") - t0))
  assigned=$(($(log_ms "$OUT/$T.log" 'kind="assign"') - t0))
  printf '%s\t%s\t%s\t%s\t%s\n' "$i" "$chain" "$producer" "$assigned" "$ready"
done
} | tee "$OUT/last.tsv"
python3 - "$OUT/last.tsv" <<'PY'
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()[1:] if l]
cols = ["chain_only_ms", "producer_ms", "assigned_ms", "readyz_ms"]
print("median " + "  ".join(f"{c}={statistics.median(int(r[i + 1]) for r in rows)}" for i, c in enumerate(cols)))
PY
