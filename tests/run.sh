#!/usr/bin/env bash
# The test command: `tests/run.sh` (README "Run the tests").
#
# Installs what the integration tests need when it is missing (Debian
# packages kcat and prometheus, the librdkafka build tools; only as root),
# starts the real Kafka broker from deploy/kafka/ unless one already answers
# on NEWSEVENTS_TEST_BOOTSTRAP, runs every test target, and stops the broker
# it started. Extra arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

need=()
command -v kcat >/dev/null || need+=(kcat)
command -v prometheus >/dev/null || need+=(prometheus)
command -v cmake >/dev/null || need+=(cmake)
command -v mvn >/dev/null || need+=(maven)
command -v java >/dev/null || need+=(default-jre-headless)
[ -e /usr/include/openssl/ssl.h ] || need+=(libssl-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "tests/run.sh: installing ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "tests/run.sh: missing ${need[*]}; install them (Debian: apt-get install ${need[*]})" >&2
    exit 1
  fi
fi

# deploy/check.sh (run by the tests) parses manifests with PyYAML.
if ! python3 -c 'import yaml' 2>/dev/null; then
  python3 -m pip install -q --disable-pip-version-check pyyaml 2>/dev/null ||
    python3 -m pip install -q --disable-pip-version-check --break-system-packages pyyaml
fi

export NEWSEVENTS_TEST_BOOTSTRAP="${NEWSEVENTS_TEST_BOOTSTRAP:-127.0.0.1:9092}"
started=0
# A broker that answers (this checkout's, or one started elsewhere) is used as it is.
if ! kcat -b "$NEWSEVENTS_TEST_BOOTSTRAP" -L -m 5 >/dev/null 2>&1; then
  deploy/kafka/kafka.sh start
  started=1
fi
cleanup() { if [ "$started" = 1 ]; then deploy/kafka/kafka.sh stop || true; fi; }
trap cleanup EXIT

cargo test --all-targets "$@"
