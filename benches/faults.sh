#!/usr/bin/env bash
# Fault run against a real Kafka broker: every fault kind of issue 19 (and
# the older ones: kill -9, SIGTERM, broker restart, member join/leave,
# malformed input), each on fresh topics, counting unique article ids in the
# output and dead-letter topics against the input.
#
#   benches/faults.sh                 all scenarios (about 15 minutes)
#   benches/faults.sh --only outage   scenarios whose name contains "outage"
#
# It starts a broker of its own (deploy/kafka/kafka.sh on a free port, data
# under target/faults-kafka; the broker on 9092 is never touched, since
# some scenarios stop the broker), builds the release binary and
# examples/faults.rs, prints a Markdown table (in / out / dead-lettered /
# lost / duplicated / blocked partition per fault) and writes it to
# target/faults-report.md. Exit status 1 if any scenario lost a message or
# left a partition blocked. RELIABILITY.md quotes its last run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

free_port_pair() {
  python3 - <<'PY'
import socket
for _ in range(100):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]
    t = socket.socket()
    try:
        t.bind(("127.0.0.1", p + 1))
    except OSError:
        continue
    finally:
        s.close(); t.close()
    print(p); break
PY
}

port="${NEWSEVENTS_FAULTS_PORT:-$(free_port_pair)}"
data="$PWD/target/faults-kafka"
rm -rf "$data" "$data-logs"
mkdir -p "$data"
stop_broker() {
  NEWSEVENTS_KAFKA_PORT="$port" NEWSEVENTS_KAFKA_DATA_DIR="$data" deploy/kafka/kafka.sh stop >/dev/null 2>&1 || true
}
trap stop_broker EXIT

nice -n 10 cargo build --release --bin newsevents --example faults
# Run copies, so a rebuild during the run does not swap the binary under it.
bin="$PWD/target/faults-bin"
mkdir -p "$bin"
cp target/release/newsevents target/release/examples/faults "$bin/"
echo "faults: broker on 127.0.0.1:$port (data $data)" >&2
started=$(date -u +%Y-%m-%dT%H:%MZ)
"$bin/faults" \
  --bin "$bin/newsevents" \
  --kafka-script deploy/kafka/kafka.sh \
  --port "$port" --data-dir "$data" "$@" | tee target/faults-report.md.tmp
status=${PIPESTATUS[0]}
{
  echo "Fault run of $started, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(nproc) cores:"
  echo
  cat target/faults-report.md.tmp
} >target/faults-report.md
rm -f target/faults-report.md.tmp
exit "$status"
