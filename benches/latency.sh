#!/usr/bin/env bash
# Latency sweep on a real Kafka broker: for each offered rate, a fresh input
# topic is fed at that rate (paced, one article at a time) while
# `newsevents run` processes it; per record, latency is the output record's
# broker append time minus the input record's create time (the output topic
# uses message.timestamp.type=LogAppendTime, so this is input to
# acknowledged write, linger and broker included). Appends one JSON line per
# rate to target/latency/<LABEL>.jsonl and prints a Markdown table;
# benches/latency_chart.py draws p50/p99 against rate (SVG).
#
#   benches/latency.sh                               # default sweep
#   RATES="500" SECONDS_PER_RATE=60 benches/latency.sh
#   LABEL=ordered BIN=/path/to/old/newsevents benches/latency.sh
#   LABEL=linger0 SET="kafka.producer.librdkafka.\"linger.ms\"=0" benches/latency.sh
#
# Environment (defaults in brackets):
#   RATES ["100 250 500 750 1000 1250"]  offered articles/s, one run each
#   SECONDS_PER_RATE [20]     length of each run
#   LABEL [current]           name of the series (file target/latency/LABEL.jsonl)
#   BIN [target/release/newsevents]   binary under test (not rebuilt here);
#                             "kcat": a kcat consume | produce relay instead (the floor)
#   SET [""]                  extra --set overrides, space separated
#   PARTITIONS [3]            partitions of every topic
#   BROKERS [127.0.0.1:9092]  a running broker; never stopped here
#   METRICS_PORT [9465]       processor /metrics port
#   ARTICLES [target/e2e/articles-20000.keyed]  id<TAB>json lines (benches/gen_articles.py)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RATES="${RATES:-100 250 500 750 1000 1250}"
SECS="${SECONDS_PER_RATE:-20}"
LABEL="${LABEL:-current}"
BIN="${BIN:-$REPO/target/release/newsevents}"
PARTITIONS="${PARTITIONS:-3}"
BROKERS="${BROKERS:-127.0.0.1:9092}"
PORT="${METRICS_PORT:-9465}"
KAFKA_SH="${KAFKA_SH:-$REPO/deploy/kafka/kafka.sh}"
ARTICLES="${ARTICLES:-$REPO/target/e2e/articles-20000.keyed}"
OUT="$REPO/target/latency"
mkdir -p "$OUT"
log() { echo "[latency $(date +%T)] $*" >&2; }

require_broker
keyed_articles 20000 "$ARTICLES"
sets=()
for s in ${SET:-}; do sets+=(--set "$s"); done

PROC_PID=""
trap '[[ -n "$PROC_PID" ]] && kill -TERM "$PROC_PID" 2>/dev/null; true' EXIT

for rate in $RATES; do
  T="lat-$LABEL-$rate-$(date +%s)-$$"
  create_topics "$T" "$PARTITIONS"
  if [[ "$BIN" == kcat ]]; then
    # The floor: a kcat relay (consume, produce with the processor's
    # producer settings), no processing at all.
    bash -c 'kcat -C -u -b "$1" -G "$2.group" -q -f "%k\t%s\n" -X auto.offset.reset=earliest "$2.in" |
      kcat -P -b "$1" -t "$2.out" -K "$(printf "\t")" -X linger.ms=5 -X compression.type=lz4 \
        -X enable.idempotence=true -X acks=all' relay "$BROKERS" "$T" 2>"$OUT/$T.log" &
    PROC_PID=$!
  else
    start_processor "$T" "$PORT" "$OUT/$T.log" "${sets[@]}"
    wait_ready "$PORT" "$PROC_PID" "$OUT/$T.log"
  fi
  # Let the first partition assignment settle before offering load.
  sleep 2
  M=$((rate * SECS))
  log "$LABEL: $M articles at $rate/s"
  paced_produce "$ARTICLES" "$rate" "$M" "$T.in"
  deadline=$(($(date +%s) + 300))
  while :; do
    if [[ "$BIN" == kcat ]]; then
      # kcat -P keeps the last line of a pipe until end of input: one short.
      n=$(($(kcat -C -b "$BROKERS" -t "$T.out" -o beginning -e -q -f '%k\n' 2>/dev/null | wc -l) + 1))
    else
      n=$(($(metric_sum "$PORT" newsevents_messages_produced_total) + $(metric_sum "$PORT" newsevents_messages_dead_lettered_total)))
    fi
    [[ $n -ge $M ]] && break
    [[ $(date +%s) -gt $deadline ]] && { log "only $n of $M after 300 s"; break; }
    sleep 0.25
  done
  if [[ "$BIN" == kcat ]]; then pkill -TERM -P "$PROC_PID" || true; fi
  kill -TERM "$PROC_PID" 2>/dev/null || true
  wait "$PROC_PID" || true
  PROC_PID=""
  dump_times "$T" "$OUT/$T"
  python3 - "$OUT/$T" "$LABEL" "$rate" "$M" "$SECS" "${SET:-}" "$(uptime | sed 's/.*load average: //')" <<'PY' | tee -a "$OUT/$LABEL.jsonl"
import json, sys
sys.path.insert(0, "benches")
from record_times import read_run
base, label, rate, m, secs, sets, load = sys.argv[1:]
tin, tout = read_run(base)
lat = sorted(tout[k] - tin[k] for k in tout if k in tin)
pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else None
span = (max(tout.values()) - min(tin.values())) / 1000 if tout else None
print(json.dumps({
    "label": label, "offered_per_s": int(rate), "articles": int(m), "matched": len(lat),
    "achieved_per_s": round(len(lat) / span, 1) if span else None,
    "p50_ms": pct(.5), "p90_ms": pct(.9), "p99_ms": pct(.99), "p999_ms": pct(.999),
    "max_ms": lat[-1] if lat else None,
    "within_50ms": round(sum(1 for v in lat if v <= 50) / len(lat), 4) if lat else None,
    "seconds": int(secs), "set": sets, "load_avg": load,
}))
PY
done
python3 - "$OUT/$LABEL.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("| offered /s | achieved /s | p50 ms | p90 ms | p99 ms | max ms | ≤ 50 ms |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['offered_per_s']} | {r['achieved_per_s']} | {r['p50_ms']} | {r['p90_ms']} | {r['p99_ms']} | {r['max_ms']} | {100*r['within_50ms']:.1f} % |")
PY
