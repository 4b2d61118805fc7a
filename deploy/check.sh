#!/usr/bin/env bash
# Validates deploy/ without a cluster or a Docker engine:
#   - promtool: Prometheus config, alert rules, alert-rule unit tests
#     (prometheus/alerts_test.yml), and every Grafana dashboard query as PromQL;
#   - check_manifests.py: YAML/JSON/TOML parse, and cross-checks between the
#     manifests, compose, the dashboard and the processor (metric names in
#     src/telemetry/metrics.rs, telemetry port, drain time vs grace period,
#     topics and group vs the KEDA trigger, partitions vs maxReplicaCount);
#   - when available: `kubectl kustomize` renders deploy/k8s, kubernetes-validate
#     checks the rendered built-in kinds against the Kubernetes schemas, and
#     `$NEWSEVENTS_BIN check-config` loads deploy/k8s/config.toml with the
#     processor's own validation.
#
# Environment:
#   NEWSEVENTS_BIN               path to a built `newsevents` binary (check-config step)
#   NEWSEVENTS_CHECK_STRICT=1    a missing optional tool or binary is a failure (.ci/run sets it)
#
# Exit status: 0 when everything checked passed; 1 with a FAIL line per problem.
set -euo pipefail

DEPLOY="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$DEPLOY")"
STRICT="${NEWSEVENTS_CHECK_STRICT:-0}"
failed=0
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "FAIL $*" >&2
  failed=1
}
# Runs a check quietly; on failure shows its output.
run() {
  local what="$1"
  shift
  if "$@" >"$tmp/out" 2>&1; then
    echo "ok   $what"
  else
    fail "$what: $*"
    sed 's/^/     /' "$tmp/out" >&2
  fi
}
# An optional tool that is missing: a note, or a failure under STRICT.
missing() {
  if [[ "$STRICT" == 1 ]]; then
    fail "$1 (NEWSEVENTS_CHECK_STRICT=1)"
  else
    echo "note $1: not checked"
  fi
}

for tool in promtool python3; do
  command -v "$tool" >/dev/null || {
    echo "FAIL $tool not found; install it (Debian: apt-get install -y prometheus python3)" >&2
    exit 1
  }
done
python3 -c 'import yaml' 2>/dev/null || {
  echo "FAIL PyYAML missing; install it (python3 -m pip install pyyaml, or apt-get install -y python3-yaml)" >&2
  exit 1
}

cd "$ROOT"
run "promtool check config deploy/prometheus/prometheus.yml" \
  promtool check config deploy/prometheus/prometheus.yml
run "promtool check rules deploy/prometheus/alerts.yml" \
  promtool check rules deploy/prometheus/alerts.yml
run "promtool test rules deploy/prometheus/alerts_test.yml" \
  promtool test rules deploy/prometheus/alerts_test.yml

if python3 "$DEPLOY/check_manifests.py" "$tmp" >"$tmp/manifests" 2>&1; then
  cat "$tmp/manifests"
  run "promtool check rules: every Grafana dashboard query parses as PromQL" \
    promtool check rules "$tmp/dashboard_rules.yml"
else
  failed=1
  cat "$tmp/manifests" >&2
fi

if command -v kubectl >/dev/null; then
  run "kubectl kustomize deploy/k8s" kubectl kustomize deploy/k8s -o "$tmp/rendered.yaml"
  if [[ -s "$tmp/rendered.yaml" ]]; then
    if python3 -c 'import kubernetes_validate' 2>/dev/null; then
      # CRDs (PodMonitor, ScaledObject) have no bundled schema: check_manifests.py covers them.
      run "kubernetes-validate --strict (Namespace, ConfigMap, Deployment, PodDisruptionBudget)" \
        python3 -m kubernetes_validate --strict --quiet --no-warn "$tmp/rendered.yaml"
    else
      missing "kubernetes-validate (python3 -m pip install kubernetes-validate) for schema checks of deploy/k8s"
    fi
  fi
else
  missing "kubectl for rendering deploy/k8s with kustomize"
fi

if [[ -n "${NEWSEVENTS_BIN:-}" ]]; then
  # The processor's own config validation (unknown keys, cross-field rules),
  # without any NEWSEVENTS_* variables from the caller's environment.
  unset_args=()
  while IFS= read -r var; do unset_args+=(-u "$var"); done < <(compgen -e | grep '^NEWSEVENTS_' || true)
  run "newsevents check-config --config deploy/k8s/config.toml" \
    env "${unset_args[@]}" "$NEWSEVENTS_BIN" check-config --config deploy/k8s/config.toml
else
  missing "NEWSEVENTS_BIN unset: deploy/k8s/config.toml against the processor's config validation"
fi

if ((failed)); then
  echo "deploy/check.sh: FAILED (see FAIL lines above)" >&2
  exit 1
fi
echo "deploy/check.sh: all checks passed"
