#!/usr/bin/env bash
# End-to-end bench on a real Kafka broker: `newsevents run` throughput next
# to a kcat topic copy (the consume-produce ceiling), latency at a fixed
# offered rate, and the processor's peak RSS. Writes target/e2e/results.json
# and prints a summary. See BENCHMARKS.md.
#
#   benches/e2e.sh                 # N=100000 articles of 3-10 KB
#   N=20000 benches/e2e.sh         # quick run
#
# Environment (defaults in brackets):
#   N [100000]            articles for the throughput runs
#   BROKERS [127.0.0.1:9092]  a running broker (deploy/kafka/kafka.sh start); never stopped here
#   RATE [500]            offered articles/s for the latency run
#   LAT_SECONDS [60]      length of the latency run
#   METRICS_PORT [9464]   processor /metrics port
#   NEWSEVENTS_DATA [../shared/data]  article pool for the generator (falls back to the sample)
#   KAFKA_SH [deploy/kafka/kafka.sh]  used for `create-topic`
#   SKIP_BUILD [0]        1: use the existing target/release/newsevents
#   BIN [target/release/newsevents]  binary under test (another build, for before/after)
#   MAX_WAIT [3600]       seconds to wait for a run to finish
#   SET [""]              extra --set overrides for the processor, space separated
#                         (SET='pipeline.stages=[]': the pipeline without enrichment)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
N="${N:-100000}"
BROKERS="${BROKERS:-127.0.0.1:9092}"
RATE="${RATE:-500}"
LAT_SECONDS="${LAT_SECONDS:-60}"
PORT="${METRICS_PORT:-9464}"
KAFKA_SH="${KAFKA_SH:-$REPO/deploy/kafka/kafka.sh}"
MAX_WAIT="${MAX_WAIT:-3600}"
OUT="$REPO/target/e2e"
RUN="e2e-$(date +%s)-$$"
BIN="${BIN:-$REPO/target/release/newsevents}"
mkdir -p "$OUT"

log() { echo "[e2e $(date +%T)] $*" >&2; }
now() { date +%s.%N; }

require_broker
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "cargo build --release"
  cargo build --release --quiet
fi

ARTICLES="$OUT/articles-$N.keyed"
keyed_articles "$N" "$ARTICLES"
BYTES=$(cut -f2- "$ARTICLES" | wc -c)

topic() { "$KAFKA_SH" create-topic "$1" "$2" >/dev/null; }
EXTRA_SETS=()
for s in ${SET:-}; do EXTRA_SETS+=(--set "$s"); done
PROC_PID=""
run_processor() { # $1 = topic prefix; returns once /readyz answers
  start_processor "$1" "$PORT" "$OUT/$1.processor.log" "${EXTRA_SETS[@]}"
  wait_ready "$PORT" "$PROC_PID" "$OUT/$1.processor.log"
}
LAST_HWM_KB=0
stop_processor() { # sets LAST_HWM_KB to the processor's peak RSS (VmHWM)
  LAST_HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$PROC_PID/status")
  kill -TERM "$PROC_PID"
  wait "$PROC_PID" || true
  PROC_PID=""
}
trap '[[ -n "$PROC_PID" ]] && kill -TERM "$PROC_PID" 2>/dev/null; true' EXIT
wait_done() { # $1 = expected records; prints "t_first t_done"
  local first="" n=0 deadline=$(( $(date +%s) + MAX_WAIT ))
  while :; do
    n=$(( $(metric_sum "$PORT" newsevents_messages_produced_total) + $(metric_sum "$PORT" newsevents_messages_dead_lettered_total) ))
    [[ -z "$first" && "$n" -gt 0 ]] && first=$(now)
    [[ "$n" -ge "$1" ]] && break
    [[ $(date +%s) -gt $deadline ]] && { echo "e2e: only $n of $1 records after $MAX_WAIT s" >&2; exit 1; }
    sleep 0.25
  done
  echo "$first $(now)"
}

# 1. Input topic, produced with kcat as fast as it goes.
T="$RUN-t"
for s in in out dlq copy; do topic "$T.$s" 3; done
log "producing $N articles ($BYTES bytes) to $T.in"
t0=$(now)
kcat -P -b "$BROKERS" -t "$T.in" -K $'\t' -X linger.ms=5 -X compression.type=lz4 <"$ARTICLES"
t1=$(now)
PRODUCE_S=$(echo "$t1 - $t0" | bc -l)

# 2. Ceiling: kcat copies the topic, producer settings as the processor's.
log "kcat copy $T.in -> $T.copy"
t0=$(now)
kcat -C -b "$BROKERS" -t "$T.in" -o beginning -e -q -f '%k\t%s\n' |
  kcat -P -b "$BROKERS" -t "$T.copy" -K $'\t' -X linger.ms=5 -X compression.type=lz4 \
    -X enable.idempotence=true -X acks=all
t1=$(now)
COPY_S=$(echo "$t1 - $t0" | bc -l)

# 3. The processor over the same topic (timed from its first output record
#    to its last, so start-up and gazetteer loading are not counted).
log "newsevents run over $T.in"
t_start=$(now)
run_processor "$T"
t_ready=$(now)
read -r first done_t < <(wait_done "$N")
stop_processor
PEAK_KB=$LAST_HWM_KB
RUN_S=$(echo "$done_t - $first" | bc -l)
STARTUP_S=$(echo "$t_ready - $t_start" | bc -l)

# 4. Latency at a fixed offered rate, fresh topics and group.
L="$RUN-l"
for s in in out dlq; do topic "$L.$s" 3; done
M=$(( RATE * LAT_SECONDS ))
log "latency: $M articles at $RATE/s"
run_processor "$L"
paced_produce "$ARTICLES" "$RATE" "$M" "$L.in"
read -r _ _ < <(wait_done "$M")
curl -fsS "http://127.0.0.1:$PORT/metrics" >"$OUT/latency.metrics.txt"
stop_processor
LAT_PEAK_KB=$LAST_HWM_KB
dump_times "$L" "$OUT/latency"

python3 - "$OUT" "$N" "$BYTES" "$PRODUCE_S" "$COPY_S" "$RUN_S" "$STARTUP_S" "$PEAK_KB" "$LAT_PEAK_KB" "$RATE" "$M" <<'PY'
import json, os, sys
sys.path.insert(0, "benches")
from record_times import read_run
out, n, nbytes, produce_s, copy_s, run_s, startup_s, peak_kb, lat_peak_kb, rate, m = sys.argv[1:]
n, nbytes, m = int(n), int(nbytes), int(m)
produce_s, copy_s, run_s, startup_s = map(float, (produce_s, copy_s, run_s, startup_s))

def pct(sorted_v, q):
    return sorted_v[min(len(sorted_v) - 1, int(q * len(sorted_v)))] if sorted_v else None

tin, tout = read_run(os.path.join(out, "latency"))
lat = sorted(tout[k] - tin[k] for k in tout if k in tin)

# Prometheus histogram_quantile-style estimate from the processor's buckets.
buckets = []
for line in open(os.path.join(out, "latency.metrics.txt")):
    if line.startswith("newsevents_end_to_end_latency_seconds_bucket"):
        le = line.split('le="')[1].split('"')[0]
        buckets.append((float("inf") if le == "+Inf" else float(le), float(line.split()[-1])))
buckets.sort()
def hq(q):
    if not buckets or buckets[-1][1] == 0:
        return None
    total, prev_le, prev_c = buckets[-1][1], 0.0, 0.0
    for le, c in buckets:
        if c >= q * total:
            if le == float("inf"):
                return prev_le
            return prev_le + (le - prev_le) * ((q * total - prev_c) / max(c - prev_c, 1e-9))
        prev_le, prev_c = le, c
share_50ms = next((c for le, c in buckets if le == 0.05), 0) / buckets[-1][1] if buckets else None

r = {
    "articles": n, "bytes": nbytes, "mean_article_bytes": nbytes / n,
    "kcat_produce": {"seconds": produce_s, "articles_per_s": n / produce_s},
    "kcat_copy": {"seconds": copy_s, "articles_per_s": n / copy_s, "mb_per_s": nbytes / copy_s / 1e6},
    "newsevents": {"seconds": run_s, "articles_per_s": n / run_s, "mb_per_s": nbytes / run_s / 1e6,
                   "startup_s": startup_s, "peak_rss_mb": int(peak_kb) / 1024},
    "ratio_to_kcat_copy": copy_s / run_s,
    "latency": {"offered_per_s": float(rate), "articles": m, "matched": len(lat),
                "from_timestamps_ms": {"p50": pct(lat, .5), "p99": pct(lat, .99), "max": lat[-1] if lat else None},
                "histogram_s": {"p50": hq(.5), "p99": hq(.99), "share_within_50ms": share_50ms},
                "peak_rss_mb": int(lat_peak_kb) / 1024},
}
json.dump(r, open(os.path.join(out, "results.json"), "w"), indent=2)
nw, kc, la = r["newsevents"], r["kcat_copy"], r["latency"]
print(f"articles {n}, {nbytes/1e6:.1f} MB (mean {nbytes/n/1e3:.1f} KB)")
print(f"kcat copy      {kc['articles_per_s']:9.0f} articles/s {kc['mb_per_s']:7.1f} MB/s")
print(f"newsevents run {nw['articles_per_s']:9.0f} articles/s {nw['mb_per_s']:7.1f} MB/s "
      f"({100*r['ratio_to_kcat_copy']:.0f}% of kcat copy), start-up {startup_s:.1f} s, peak RSS {nw['peak_rss_mb']:.0f} MB")
ts, hs = la["from_timestamps_ms"], la["histogram_s"]
fmt = lambda v, k=1000: "-" if v is None else f"{v*k:.1f}"
print(f"latency at {rate}/s: timestamps p50 {ts['p50']} ms p99 {ts['p99']} ms max {ts['max']} ms "
      f"({la['matched']} matched); histogram p50 {fmt(hs['p50'])} ms p99 {fmt(hs['p99'])} ms, "
      f"{fmt(hs['share_within_50ms'], 100)}% within 50 ms; peak RSS {la['peak_rss_mb']:.0f} MB")
PY
log "results in $OUT/results.json (topics $RUN-*)"
