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

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
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
kcat -L -b "$BROKERS" -m 5 >/dev/null 2>&1 || { echo "rebalance: no broker at $BROKERS" >&2; exit 1; }
[[ -s "$ARTICLES" ]] || python3 benches/gen_articles.py --n 20000 --out "$ARTICLES"

A="" B=""
trap 'for p in $A $B; do kill -TERM "$p" 2>/dev/null || true; done' EXIT
STARTED=""
start_member() { # $1 topic prefix, $2 protocol, $3 metrics port, $4 log; sets STARTED
  "$BIN" run --brokers "$BROKERS" \
    --set kafka.input_topic="$1.in" --set kafka.output_topic="$1.out" \
    --set kafka.dead_letter_topic="$1.dlq" --set kafka.group_id="$1.group" \
    --set kafka.group_protocol="$2" \
    --set telemetry.enabled=on --set telemetry.listen="127.0.0.1:$3" >/dev/null 2>"$4" &
  STARTED=$!
}
wait_ready() { # $1 port
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$1/readyz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "rebalance: member on :$1 not ready" >&2; exit 1
}

for protocol in $PROTOCOLS; do
  T="rebal-$protocol-$(date +%s)-$$"
  "$KAFKA_SH" create-topic "$T.in" 4 >/dev/null
  "$KAFKA_SH" create-topic "$T.out" 4 message.timestamp.type=LogAppendTime >/dev/null
  "$KAFKA_SH" create-topic "$T.dlq" 1 >/dev/null
  start_member "$T" "$protocol" 9471 "$OUT/$T.a.log"
  A=$STARTED
  wait_ready 9471
  sleep 3
  log "$protocol: $((RATE * DURATION)) articles at $RATE/s; B joins at $JOIN_AT s, leaves at $LEAVE_AT s"
  t0=$(date +%s.%N)
  python3 - "$ARTICLES" "$RATE" "$((RATE * DURATION))" <<'PY' | kcat -P -b "$BROKERS" -t "$T.in" -K $'\t' -X linger.ms=0 &
import sys, time
path, rate, m = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
t0, i = time.monotonic(), 0
with open(path, encoding="utf-8") as f:
    for line in f:
        if i >= m:
            break
        delay = t0 + i / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        sys.stdout.write(line)
        sys.stdout.flush()
        i += 1
PY
  GEN=$!
  sleep "$JOIN_AT"
  join_ms=$(date +%s%3N)
  start_member "$T" "$protocol" 9472 "$OUT/$T.b.log"
  B=$STARTED
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
  kcat -C -b "$BROKERS" -t "$T.in" -o beginning -e -q -f '%k\t%T\n' >"$OUT/$T.in.tsv"
  kcat -C -b "$BROKERS" -t "$T.out" -o beginning -e -q -f '%k\t%T\n' >"$OUT/$T.out.tsv"
  python3 - "$OUT/$T" "$protocol" "$join_ms" "$leave_ms" "$RATE" "$((RATE * DURATION))" <<'PY' | tee -a "$OUT/results.jsonl"
import json, sys
base, protocol, join_ms, leave_ms, rate, m = sys.argv[1:]
join_ms, leave_ms = int(join_ms), int(leave_ms)
def read(path):
    d = {}
    for line in open(path, encoding="utf-8"):
        k, _, t = line.rstrip("\n").rpartition("\t")
        if k and t.isdigit():
            d.setdefault(k, int(t))
    return d
tin, tout = read(base + ".in.tsv"), read(base + ".out.tsv")
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
