#!/usr/bin/env bash
# Rebalance pause of the consumer group protocols, on a real Kafka broker.
#
# For each protocol (kafka.group_protocol = classic, then consumer): fresh
# topics of 4 partitions; member A runs alone under a steady offered load;
# member B joins at JOIN_AT s, is stopped (SIGTERM) at LEAVE_AT s; the load
# goes on to DURATION s. Per record, latency is the output record's broker
# append time (LogAppendTime topic) minus the input record's create time.
# A rebalance pauses the partitions that move (and, with the classic
# protocol's eager assignment, every partition): the records offered during
# the pause come out late. Reported per protocol: p50 before the join, and
# for records offered between join and leave, and in the 20 s after the
# leave, the worst latency and the number of records over 100 ms. Writes
# target/rebalance/results.jsonl.
#
#   benches/rebalance.sh
#   PROTOCOLS=consumer RATE=100 benches/rebalance.sh
#
# Environment (defaults in brackets): PROTOCOLS ["classic consumer"],
# RATE [200] articles/s, DURATION [60], JOIN_AT [15], LEAVE_AT [35],
# BIN [target/release/newsevents], BROKERS [127.0.0.1:9092],
# ARTICLES [target/e2e/articles-20000.keyed].
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PROTOCOLS="${PROTOCOLS:-classic consumer}"
RATE="${RATE:-200}"
DURATION="${DURATION:-60}"
JOIN_AT="${JOIN_AT:-15}"
LEAVE_AT="${LEAVE_AT:-35}"
BIN="${BIN:-$REPO/target/release/newsevents}"
BROKERS="${BROKERS:-127.0.0.1:9092}"
KAFKA_SH="${KAFKA_SH:-$REPO/deploy/kafka/kafka.sh}"
ARTICLES="${ARTICLES:-$REPO/target/e2e/articles-20000.keyed}"
OUT="$REPO/target/rebalance"
mkdir -p "$OUT"
log() { echo "[rebalance $(date +%T)] $*" >&2; }
require_broker
keyed_articles 20000 "$ARTICLES"

A="" B=""
trap 'for p in $A $B; do kill -TERM "$p" 2>/dev/null || true; done' EXIT

for protocol in $PROTOCOLS; do
  T="rebal-$protocol-$(date +%s)-$$"
  create_topics "$T" 4
  start_processor "$T" 9471 "$OUT/$T.a.log" --set kafka.group_protocol="$protocol"
  A=$PROC_PID
  wait_ready 9471 "$A" "$OUT/$T.a.log"
  sleep 3
  log "$protocol: $((RATE * DURATION)) articles at $RATE/s; B joins at $JOIN_AT s, leaves at $LEAVE_AT s"
  t0=$(date +%s.%N)
  paced_produce "$ARTICLES" "$RATE" "$((RATE * DURATION))" "$T.in" &
  GEN=$!
  sleep "$JOIN_AT"
  join_ms=$(date +%s%3N)
  start_processor "$T" 9472 "$OUT/$T.b.log" --set kafka.group_protocol="$protocol"
  B=$PROC_PID
  sleep $((LEAVE_AT - JOIN_AT))
  leave_ms=$(date +%s%3N)
  kill -TERM "$B"; wait "$B" || true; B=""
  wait "$GEN"
  for _ in $(seq 1 240); do
    n=$(kcat -C -b "$BROKERS" -t "$T.out" -o beginning -e -q -f '%k\n' 2>/dev/null | sort -u | wc -l)
    [[ $n -ge $((RATE * DURATION)) ]] && break
    sleep 1
  done
  kill -TERM "$A"; wait "$A" || true; A=""
  dump_times "$T" "$OUT/$T"
  python3 - "$OUT/$T" "$protocol" "$join_ms" "$leave_ms" "$RATE" "$((RATE * DURATION))" <<'PY' | tee -a "$OUT/results.jsonl"
import json, sys
sys.path.insert(0, "benches")
from record_times import read_run
base, protocol, join_ms, leave_ms, rate, m = sys.argv[1:]
join_ms, leave_ms = int(join_ms), int(leave_ms)
tin, tout = read_run(base)
recs = sorted((tin[k], tout[k] - tin[k]) for k in tout if k in tin)
def window(a, b):
    return [l for t, l in recs if a <= t < b]
before = sorted(window(0, join_ms))
after_join, after_leave = window(join_ms, leave_ms), window(leave_ms, leave_ms + 20000)
print(json.dumps({
    "protocol": protocol, "offered_per_s": int(rate), "articles": int(m),
    "out_unique": len(tout), "lost": sum(1 for k in tin if k not in tout),
    "p50_before_join_ms": before[len(before) // 2] if before else None,
    "join_max_ms": max(after_join, default=None), "join_over_100ms": sum(1 for l in after_join if l > 100),
    "leave_max_ms": max(after_leave, default=None), "leave_over_100ms": sum(1 for l in after_leave if l > 100),
}))
PY
done
