# Shared by the bench scripts, which source it (never run it):
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Sets REPO (the checkout, and changes into it) and DATA (the public corpora:
# NEWSEVENTS_DATA; else ../shared/data beside the checkout; else, in a linked
# git worktree, ../shared/data beside the main checkout), and defines the
# helpers that drive `newsevents run` on a real Kafka broker. Those read BIN,
# BROKERS and KAFKA_SH, which the sourcing script sets.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
DATA="${NEWSEVENTS_DATA:-$REPO/../shared/data}"
if [[ -z "${NEWSEVENTS_DATA:-}" && ! -d "$DATA" ]]; then
  git_common="$(git rev-parse --git-common-dir 2>/dev/null || true)"
  if [[ -n "$git_common" ]]; then
    DATA="$(cd "$git_common/.." && pwd)/../shared/data"
  fi
fi

# require_broker: exits the script unless a Kafka broker answers on BROKERS.
require_broker() {
  kcat -L -b "$BROKERS" -m 5 >/dev/null 2>&1 && return 0
  echo "$(basename "$0" .sh): no Kafka broker answers at $BROKERS; start one with deploy/kafka/kafka.sh start" >&2
  exit 1
}

# keyed_articles N PATH: writes N generated articles (id<TAB>json,
# benches/gen_articles.py, whose pool is $NEWSEVENTS_DATA's news-articles)
# to PATH unless it already holds some.
keyed_articles() {
  [[ -s "$2" ]] && return 0
  echo "[$(basename "$0" .sh) $(date +%T)] generating $1 articles into $2" >&2
  mkdir -p "$(dirname "$2")"
  python3 "$REPO/benches/gen_articles.py" --n "$1" --out "$2"
}

# create_topics PREFIX PARTITIONS: topics PREFIX.in and PREFIX.out with
# PARTITIONS partitions, the output stamped with the broker's append time
# (message.timestamp.type=LogAppendTime, so output minus input timestamps is
# the latency to an acknowledged write), and PREFIX.dlq with one.
create_topics() {
  "$KAFKA_SH" create-topic "$1.in" "$2" >/dev/null
  "$KAFKA_SH" create-topic "$1.out" "$2" message.timestamp.type=LogAppendTime >/dev/null
  "$KAFKA_SH" create-topic "$1.dlq" 1 >/dev/null
}

# start_processor PREFIX PORT LOG [ARG…]: `$BIN run` in the background on
# topics PREFIX.{in,out,dlq} with group PREFIX.group, metrics on
# 127.0.0.1:PORT, stderr to LOG, ARGs (more --set) last; sets PROC_PID.
start_processor() {
  local prefix="$1" port="$2" log="$3"
  shift 3
  "$BIN" run --brokers "$BROKERS" \
    --set kafka.input_topic="$prefix.in" --set kafka.output_topic="$prefix.out" \
    --set kafka.dead_letter_topic="$prefix.dlq" --set kafka.group_id="$prefix.group" \
    --set telemetry.enabled=on --set telemetry.listen="127.0.0.1:$port" \
    "$@" >/dev/null 2>"$log" &
  PROC_PID=$!
}

# wait_ready PORT PID LOG: waits up to 120 s for /readyz on PORT to answer
# 200; exits the script if process PID ends first (see LOG) or time runs out.
wait_ready() {
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$1/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { echo "$(basename "$0"): processor exited, see $3" >&2; exit 1; }
    sleep 0.2
  done
  echo "$(basename "$0"): processor on :$1 not ready after 120 s" >&2
  exit 1
}

# metric_sum PORT METRIC: the sum of METRIC's samples on 127.0.0.1:PORT/metrics
# (0 when absent or unreachable).
metric_sum() {
  curl -fsS "http://127.0.0.1:$1/metrics" 2>/dev/null |
    awk -v m="$2" '$1 == m || index($1, m "{") == 1 { s += $NF } END { printf "%d\n", s }'
}

# paced_produce ARTICLES RATE M TOPIC: produces M lines of ARTICLES
# (id<TAB>json, benches/gen_articles.py; read again from the top when M is
# larger) to TOPIC at RATE lines per second, one at a time (linger.ms=0).
paced_produce() {
  python3 - "$1" "$2" "$3" <<'PY' | kcat -P -b "$BROKERS" -t "$4" -K $'\t' -X linger.ms=0
import sys, time
path, rate, m = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
out = sys.stdout
t0 = time.monotonic()
i = 0
while i < m:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if i >= m:
                break
            delay = t0 + i / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            out.write(line)
            out.flush()
            i += 1
PY
}

# dump_times PREFIX BASE: key<TAB>timestamp (ms) of every record of
# PREFIX.in and PREFIX.out, into BASE.in.tsv and BASE.out.tsv.
dump_times() {
  kcat -C -b "$BROKERS" -t "$1.in" -o beginning -e -q -f '%k\t%T\n' >"$2.in.tsv"
  kcat -C -b "$BROKERS" -t "$1.out" -o beginning -e -q -f '%k\t%T\n' >"$2.out.tsv"
}
