#!/usr/bin/env bash
# Peak memory with a backlog: N generated articles are produced to a fresh
# 3-partition topic first, then `newsevents run` (all default stages unless
# SET says otherwise) consumes it from the start with a fresh consumer group
# while its resident set is sampled from /proc/<pid>/status (VmRSS, VmHWM)
# every INTERVAL seconds for DURATION seconds of flow. Prints a table and
# writes it to target/backlog/results.tsv. The target of issue 18 is a peak
# (VmHWM) of at most 250 MB with N = 100,000; see BENCHMARKS.md.
#
#   benches/backlog.sh                          # N=100000, 120 s of flow
#   N=20000 DURATION=40 benches/backlog.sh      # quick run
#
# Environment (defaults in brackets):
#   N [100000]             articles in the backlog (3-10 KB each, benches/gen_articles.py)
#   DURATION [120]         seconds to sample after the processor is ready
#   INTERVAL [5]           seconds between samples
#   BROKERS [127.0.0.1:9092]  a running broker (deploy/kafka/kafka.sh start); never stopped here
#   METRICS_PORT [9474]    processor /metrics and /readyz port
#   NEWSEVENTS_DATA [../shared/data]  article pool; without its news-articles corpus
#                          the bench says so and exits 0
#   KAFKA_SH [deploy/kafka/kafka.sh]  used for `create-topic`
#   SKIP_BUILD [0]         1: use the existing binary
#   BIN [target/release/newsevents]   binary under test (another build, for before/after)
#   SET [""]               extra --set overrides, space separated (e.g. SET='pipeline.workers=1')
#   OUT [target/backlog]   where the articles, the table and the processor's log go
#
# The topics (`backlog-<time>-<pid>.{in,out,dlq}`) keep their data for 10
# minutes (retention.ms) so repeated runs do not fill the broker's disk.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
N="${N:-100000}"
DURATION="${DURATION:-120}"
INTERVAL="${INTERVAL:-5}"
BROKERS="${BROKERS:-127.0.0.1:9092}"
PORT="${METRICS_PORT:-9474}"
KAFKA_SH="${KAFKA_SH:-$REPO/deploy/kafka/kafka.sh}"
BIN="${BIN:-$REPO/target/release/newsevents}"
export NEWSEVENTS_DATA="$DATA"
OUT="${OUT:-$REPO/target/backlog}"
RUN="backlog-$(date +%s)-$$"
mkdir -p "$OUT"

log() { echo "[backlog $(date +%T)] $*" >&2; }

if [[ ! -s "$NEWSEVENTS_DATA/news-articles/articles.jsonl" ]]; then
  echo "backlog: no corpus at $NEWSEVENTS_DATA/news-articles/articles.jsonl; nothing measured" >&2
  exit 0
fi
require_broker
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "cargo build --release"
  cargo build --release --quiet
fi

ARTICLES="$OUT/articles-$N.keyed"
keyed_articles "$N" "$ARTICLES"

for s in in out dlq; do
  "$KAFKA_SH" create-topic "$RUN.$s" 3 retention.ms=600000 segment.bytes=67108864 >/dev/null
done
log "producing $N articles ($(wc -c <"$ARTICLES") bytes) to $RUN.in"
kcat -P -b "$BROKERS" -t "$RUN.in" -K $'\t' -X linger.ms=5 -X compression.type=lz4 <"$ARTICLES"

EXTRA_SETS=()
for s in ${SET:-}; do EXTRA_SETS+=(--set "$s"); done
log "newsevents run over $RUN.in"
start_processor "$RUN" "$PORT" "$OUT/$RUN.processor.log" "${EXTRA_SETS[@]}"
PID=$PROC_PID
trap 'kill -TERM "$PID" 2>/dev/null; true' EXIT

status_mb() { # $1 = VmRSS | VmHWM, in MB with one decimal
  awk -v k="$1:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$PID/status"
}
threads() { awk '$1 == "Threads:" { print $2 }' "/proc/$PID/status"; }
sample() { # $1 = label
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$(records)" "$(threads)" "$(status_mb VmRSS)" "$(status_mb VmHWM)" >>"$TABLE"
}
records() { # records written so far (enriched + dead-lettered)
  echo $(($(metric_sum "$PORT" newsevents_messages_produced_total) + $(metric_sum "$PORT" newsevents_messages_dead_lettered_total)))
}

T0=$(date +%s.%N)
wait_ready "$PORT" "$PID" "$OUT/$RUN.processor.log"
READY=$(date +%s.%N)
TABLE="$OUT/results.tsv"
printf 'seconds\trecords\tthreads\tVmRSS_MB\tVmHWM_MB\n' >"$TABLE"
sample ready
elapsed=0
while ((elapsed < DURATION)); do
  sleep "$INTERVAL"
  elapsed=$((elapsed + INTERVAL))
  kill -0 "$PID" 2>/dev/null || { echo "backlog: processor exited, see $OUT/$RUN.processor.log" >&2; exit 1; }
  sample "$elapsed"
done
PEAK=$(status_mb VmHWM)
kill -TERM "$PID"
wait "$PID" || true
trap - EXIT

echo "backlog: $N articles in $RUN.in; start to ready $(echo "$READY - $T0" | bc -l | cut -c1-5) s; load: $(cut -d' ' -f1-3 /proc/loadavg)"
column -t "$TABLE"
echo "peak RSS (VmHWM): $PEAK MB"
