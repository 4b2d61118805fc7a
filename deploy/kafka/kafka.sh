#!/usr/bin/env bash
# Single-node Apache Kafka 4 (KRaft, combined broker + controller) on 127.0.0.1,
# run from the jars on Maven Central. Used by the integration tests and .ci/run.
#
#   deploy/kafka/kafka.sh start         resolve jars if needed, format, start, wait until ready
#   deploy/kafka/kafka.sh stop          graceful stop (SIGTERM), SIGKILL after a timeout
#   deploy/kafka/kafka.sh status        exit 0 when running and answering, 3 otherwise
#   deploy/kafka/kafka.sh reset         stop and wipe the data directory
#   deploy/kafka/kafka.sh create-topic NAME [PARTITIONS] [KEY=VALUE...]   (topic configs)
#   deploy/kafka/kafka.sh jars          only resolve the jars into deploy/kafka/lib/
#
# Environment:
#   NEWSEVENTS_KAFKA_PORT             client (PLAINTEXT) port, default 9092
#   NEWSEVENTS_KAFKA_CONTROLLER_PORT  KRaft controller port, default client port + 1
#   NEWSEVENTS_KAFKA_DATA_DIR         logs, pid and config of this instance, default
#                                     deploy/kafka/data; give a second instance (another
#                                     port, e.g. an outage test's private broker) its own
#   NEWSEVENTS_KAFKA_START_TIMEOUT    seconds to wait for readiness, default 90
#   NEWSEVENTS_KAFKA_STOP_TIMEOUT     seconds to wait after SIGTERM, default 30
#   KAFKA_HEAP_OPTS                   JVM heap flags, default "-Xms256m -Xmx512m"
#   JAVA                              java binary, default `java` on PATH (Java 17+)
set -euo pipefail

KAFKA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LIB_DIR="$KAFKA_DIR/lib"
DATA_DIR="${NEWSEVENTS_KAFKA_DATA_DIR:-$KAFKA_DIR/data}"
LOG_DIRS="$DATA_DIR/kraft-combined-logs"
PROPS="$DATA_DIR/server.properties"
PID_FILE="$DATA_DIR/kafka.pid"
SERVER_LOG="$DATA_DIR/server.log"
CONSOLE_LOG="$DATA_DIR/console.log"

PORT="${NEWSEVENTS_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${NEWSEVENTS_KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
START_TIMEOUT="${NEWSEVENTS_KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT="${NEWSEVENTS_KAFKA_STOP_TIMEOUT:-30}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
JAVA="${JAVA:-java}"
BOOTSTRAP="127.0.0.1:$PORT"

log() { printf 'kafka.sh: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# --- jars -------------------------------------------------------------------

# lib/.resolved holds the checksum of the pom the jars came from, so a version
# bump in pom.xml, or a download cut short, triggers a fresh resolve.
pom_sum() { sha256sum "$KAFKA_DIR/pom.xml" | cut -d' ' -f1; }

jars_ok() {
  [[ -f "$LIB_DIR/.resolved" ]] && [[ "$(cat "$LIB_DIR/.resolved")" == "$(pom_sum)" ]]
}

resolve_jars() {
  jars_ok && return 0
  command -v mvn >/dev/null || die "mvn not found; install Maven (apt-get install -y maven) and Java 17+"
  log "resolving Kafka jars from Maven Central into $LIB_DIR ..."
  rm -rf "$LIB_DIR"
  # Maven 3.8 prints stray colour resets even when quiet: show its output only on failure.
  local out
  if ! out="$(mvn -B -q -Dstyle.color=never -f "$KAFKA_DIR/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIB_DIR" 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "mvn dependency:copy-dependencies failed (output above)"
  fi
  pom_sum >"$LIB_DIR/.resolved"
}

check_java() {
  command -v "$JAVA" >/dev/null || die "java not found; Kafka 4 needs Java 17+ (apt-get install -y openjdk-17-jre-headless)"
  local major
  major="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' || true)"
  if ! [[ "${major:-0}" =~ ^[0-9]+$ ]] || ((major < 17)); then
    die "Kafka 4 needs Java 17+, found '${major:-unknown}' ($JAVA)"
  fi
}

# Runs a Kafka tool class with the jars and quiet logging.
run_tool() {
  local class="$1"
  shift
  "$JAVA" -Xmx256m -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2-tools.xml" \
    -cp "$LIB_DIR/*" "$class" "$@"
}

# --- process ----------------------------------------------------------------

# The pid in PID_FILE, if that process is alive and really is our broker (a pid
# can be reused by an unrelated process after a crash).
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "kafka.Kafka $PROPS" || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# True when the broker answers a metadata request and lists itself.
metadata_ok() {
  if command -v kcat >/dev/null; then
    kcat -b "$BOOTSTRAP" -L -m 3 2>/dev/null | grep -q '^ *1 brokers:'
  else
    run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --list >/dev/null 2>&1
  fi
}

write_props() {
  mkdir -p "$DATA_DIR"
  cat >"$PROPS.tmp" <<EOF
# Written by deploy/kafka/kafka.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$LOG_DIRS

# One node: every internal topic has a single replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Fewer internal partitions than the defaults (50) so the first group or
# transaction does not wait for 50 partitions to be created.
offsets.topic.num.partitions=4
transaction.state.log.num.partitions=4

# Tests create their topics explicitly; auto-creation stays on for manual use
# with kcat. A fresh auto-created topic gets num.partitions partitions.
auto.create.topics.enable=true
num.partitions=1
# A test's consumer group should not wait 3 s for more members to join.
group.initial.rebalance.delay.ms=0

# Local data: keep it small.
log.retention.hours=24
log.segment.bytes=67108864
EOF
  mv "$PROPS.tmp" "$PROPS"
}

format_storage() {
  [[ -f "$LOG_DIRS/meta.properties" ]] && return 0
  # A cluster id is 16 random bytes, base64url without padding (Kafka's Uuid).
  # One id in 64 would start with '-', which the tool's argument parser reads
  # as an option ("--cluster-id: expected one argument"); Kafka's own
  # Uuid.randomUuid() draws again in that case, and so do we. The id is also
  # passed as --cluster-id=ID so that no value can be taken for an option.
  local cluster_id
  cluster_id="-"
  while [[ "$cluster_id" == -* ]]; do
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  done
  log "formatting $LOG_DIRS (cluster id $cluster_id)"
  run_tool kafka.tools.StorageTool format --cluster-id="$cluster_id" -c "$PROPS" >/dev/null ||
    die "storage format failed; try 'deploy/kafka/kafka.sh reset'"
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "broker exited during start-up; last lines of $SERVER_LOG and $CONSOLE_LOG:"
      tail -n 30 "$SERVER_LOG" "$CONSOLE_LOG" >&2 2>/dev/null || true
      rm -f "$PID_FILE"
      exit 1
    fi
    if port_open "$PORT" && metadata_ok; then
      return 0
    fi
    sleep 0.5
  done
  log "broker (pid $pid) not ready on $BOOTSTRAP after ${START_TIMEOUT}s; last lines of $SERVER_LOG:"
  tail -n 30 "$SERVER_LOG" >&2 2>/dev/null || true
  die "start timed out (raise NEWSEVENTS_KAFKA_START_TIMEOUT, or 'deploy/kafka/kafka.sh stop' and look at the log)"
}

# --- subcommands ------------------------------------------------------------

cmd_start() {
  local pid started=$SECONDS
  if pid="$(running_pid)"; then
    wait_ready "$pid"
    log "already running (pid $pid) on $BOOTSTRAP"
    return 0
  fi
  if port_open "$PORT"; then
    die "port $PORT is taken by another process (not this checkout's broker); stop it or set NEWSEVENTS_KAFKA_PORT"
  fi
  if port_open "$CONTROLLER_PORT"; then
    die "controller port $CONTROLLER_PORT is taken; set NEWSEVENTS_KAFKA_CONTROLLER_PORT"
  fi
  check_java
  resolve_jars
  write_props
  format_storage

  # setsid: the broker outlives this script and is not hit by the caller's ^C.
  # shellcheck disable=SC2086 # HEAP_OPTS is a list of JVM flags
  setsid "$JAVA" $HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dkafka.logs.dir="$DATA_DIR" -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.xml" \
    -cp "$LIB_DIR/*" kafka.Kafka "$PROPS" \
    </dev/null >"$CONSOLE_LOG" 2>&1 9<&- &
  pid=$!
  echo "$pid" >"$PID_FILE"
  log "started pid $pid, waiting for $BOOTSTRAP (log: $SERVER_LOG)"
  wait_ready "$pid"
  log "ready on $BOOTSTRAP in $((SECONDS - started))s"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still running after ${STOP_TIMEOUT}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    if metadata_ok; then
      echo "running: pid $pid, bootstrap $BOOTSTRAP, controller 127.0.0.1:$CONTROLLER_PORT, log $SERVER_LOG"
      return 0
    fi
    echo "starting or unhealthy: pid $pid alive but $BOOTSTRAP does not answer metadata; log $SERVER_LOG"
    return 3
  fi
  echo "not running (bootstrap would be $BOOTSTRAP)"
  return 3
}

cmd_reset() {
  cmd_stop
  rm -rf "$DATA_DIR"
  log "wiped $DATA_DIR"
}

cmd_create_topic() {
  local name="${1:?usage: kafka.sh create-topic NAME [PARTITIONS] [KEY=VALUE...]}" partitions="${2:-1}"
  shift $(($# < 2 ? $# : 2))
  local configs=()
  for kv in "$@"; do configs+=(--config "$kv"); done
  check_java
  resolve_jars
  run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --create \
    --if-not-exists --topic "$name" --partitions "$partitions" --replication-factor 1 "${configs[@]}"
}

# Serialise start/stop/reset from concurrent callers (two test runs, CI and a
# developer) on a lock held on this directory, so no lock file is left around.
lock() {
  exec 9<"$KAFKA_DIR"
  flock -w "$((START_TIMEOUT + STOP_TIMEOUT))" 9 || die "could not take the lock on $KAFKA_DIR"
}

case "${1:-}" in
  start)
    lock
    cmd_start
    ;;
  stop)
    lock
    cmd_stop
    ;;
  status) cmd_status ;;
  reset)
    lock
    cmd_reset
    ;;
  create-topic)
    shift
    cmd_create_topic "$@"
    ;;
  jars)
    check_java
    resolve_jars
    ;;
  *)
    sed -n '2,21s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
    exit 2
    ;;
esac
