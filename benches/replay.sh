#!/usr/bin/env bash
# Replay throughput against kcat on the same broker (issue 9 closing note).
#
# Produces N messages of about SIZE bytes (raw-article JSON, keyed by id) to
# a fresh source topic, then copies the whole topic to a fresh target topic
# twice, timing each copy:
#   1. `newsevents replay --from-topic SRC --to-topic DST --execute` (release build)
#   2. `kcat -C -e -o beginning -K '\t' ... | kcat -P -K '\t' ...` with the
#      same producer settings as replay (idempotence, acks=all, linger.ms=5, lz4)
# and prints messages/s and MB/s (10^6 bytes of key + payload) for both.
#
#   benches/replay.sh                 N=100000 SIZE=5000 PARTITIONS=3
#   N=20000 benches/replay.sh
#
# Environment: N, SIZE, PARTITIONS, NEWSEVENTS_TEST_BOOTSTRAP (default
# 127.0.0.1:9092), KAFKA_SH (default deploy/kafka/kafka.sh, used for
# `create-topic`; without it topics are auto-created with the broker's
# default partition count). Needs kcat and python3. The three topics are
# deleted at the end when KAFKA_SH has a `delete-topic` command; otherwise
# their names are printed (all start with replay-bench-). The figures are
# also written to target/bench-reports/replay.txt.
#
# Not the same work: kcat drops headers and adds none; replay copies headers
# and adds two provenance headers per message, and checkpoints every second.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${N:-100000}"
SIZE="${SIZE:-5000}"
PARTITIONS="${PARTITIONS:-3}"
BROKER="${NEWSEVENTS_TEST_BOOTSTRAP:-127.0.0.1:9092}"
KAFKA_SH="${KAFKA_SH:-$ROOT/deploy/kafka/kafka.sh}"
BIN="$ROOT/target/release/newsevents"
RUN="replay-bench-$(date +%s)-$$"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

command -v kcat >/dev/null || { echo "replay.sh: kcat not found" >&2; exit 1; }
kcat -b "$BROKER" -L -t __no_such_topic_probe >/dev/null 2>&1 ||
  { echo "replay.sh: no broker at $BROKER (start it with deploy/kafka/kafka.sh start)" >&2; exit 1; }

echo "building release binary..." >&2
(cd "$ROOT" && cargo build --release --quiet --bin newsevents)

create_topic() {
  if [[ -x "$KAFKA_SH" ]]; then
    "$KAFKA_SH" create-topic "$1" "$PARTITIONS" >/dev/null
  else
    echo "replay.sh: $KAFKA_SH not found; $1 is auto-created with the broker's default partitions" >&2
  fi
}

SRC="$RUN-src"; DST_REPLAY="$RUN-replay"; DST_KCAT="$RUN-kcat"
cleanup() {
  rm -rf "$WORK"
  if [[ -x "$KAFKA_SH" ]] && grep -q 'delete-topic' "$KAFKA_SH"; then
    for t in "$SRC" "$DST_REPLAY" "$DST_KCAT"; do "$KAFKA_SH" delete-topic "$t" >/dev/null 2>&1 || true; done
  else
    echo "replay.sh: delete these topics when done: $SRC $DST_REPLAY $DST_KCAT" >&2
  fi
}
trap cleanup EXIT
for t in "$SRC" "$DST_REPLAY" "$DST_KCAT"; do create_topic "$t"; done

echo "generating $N messages of ~$SIZE bytes..." >&2
python3 - "$N" "$SIZE" >"$WORK/input.tsv" <<'PY'
import json, sys
n, size = int(sys.argv[1]), int(sys.argv[2])
ar = "قال وزير الخارجية المصري في القاهرة إن المحادثات مع الجانب الليبي ستستمر الأسبوع المقبل. "
en = "The United Nations said its envoy to Libya would visit Tripoli and Benghazi in the coming days. "
out = sys.stdout
for i in range(n):
    text = ar if i % 3 else en
    rec = {"id": f"bench-{i:08d}", "lang": "ar" if i % 3 else "en", "source": "bench",
           "published_at": "2019-04-14T08:00:00Z", "body": ""}
    base = len(json.dumps(rec, ensure_ascii=False).encode())
    body, need = [], size - base
    while need > 0:
        chunk = text[: max(1, min(len(text), need // 2))]
        body.append(chunk)
        need -= len(chunk.encode())
    rec["body"] = "".join(body)
    out.write(rec["id"] + "\t" + json.dumps(rec, ensure_ascii=False) + "\n")
PY
# key + payload bytes: file size minus one tab and one newline per line.
BYTES=$(( $(stat -c %s "$WORK/input.tsv") - 2 * N ))

PRODUCER=(-X enable.idempotence=true -X acks=all -X linger.ms=5 -X compression.type=lz4)
echo "producing source topic $SRC..." >&2
kcat -P -b "$BROKER" -t "$SRC" -K $'\t' "${PRODUCER[@]}" -X queue.buffering.max.messages=1000000 <"$WORK/input.tsv"

count() { # messages in topic $1 (sum of high watermarks)
  local parts p total=0
  parts=$(kcat -b "$BROKER" -L -t "$1" | sed -n 's/^ *partition \([0-9]*\),.*/\1/p')
  for p in $parts; do
    total=$(( total + $(kcat -b "$BROKER" -Q -t "$1:$p:-1" | awk '{print $NF}') ))
  done
  echo "$total"
}
now() { date +%s.%N; }
report() { # name seconds copied
  awk -v name="$1" -v s="$2" -v n="$3" -v b="$BYTES" -v total="$N" 'BEGIN {
    printf "%-8s %8d msgs  %8.2f s  %9.0f msg/s  %7.2f MB/s\n", name, n, s, total / s, b / 1e6 / s }'
}

[[ "$(count "$SRC")" == "$N" ]] || { echo "replay.sh: source has $(count "$SRC") messages, expected $N" >&2; exit 1; }

echo "newsevents replay..." >&2
t0=$(now)
(cd "$WORK" && "$BIN" replay --brokers "$BROKER" --set telemetry.enabled=off \
  --from-topic "$SRC" --to-topic "$DST_REPLAY" --execute 2>"$WORK/replay.log")
t1=$(now)
grep '^replay .*: read' "$WORK/replay.log" >&2 || cat "$WORK/replay.log" >&2

echo "kcat | kcat..." >&2
t2=$(now)
kcat -C -b "$BROKER" -t "$SRC" -o beginning -e -q -K $'\t' |
  kcat -P -b "$BROKER" -t "$DST_KCAT" -K $'\t' "${PRODUCER[@]}" -X queue.buffering.max.messages=1000000
t3=$(now)

REPLAYED=$(count "$DST_REPLAY"); KCATTED=$(count "$DST_KCAT")
mkdir -p "$ROOT/target/bench-reports"
{
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo "copy of $N messages, $(awk -v b="$BYTES" -v n="$N" 'BEGIN{printf "%.0f", b/n}') bytes avg (key + payload), $(awk -v b="$BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB, $PARTITIONS partitions, broker $BROKER"
report replay "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" "$REPLAYED"
report kcat "$(awk -v a="$t2" -v b="$t3" 'BEGIN{print b-a}')" "$KCATTED"
} | tee "$ROOT/target/bench-reports/replay.txt"
[[ "$REPLAYED" == "$N" && "$KCATTED" == "$N" ]] || { echo "replay.sh: a copy is incomplete" >&2; exit 1; }
