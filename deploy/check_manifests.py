#!/usr/bin/env python3
"""Static checks of deploy/: every file parses, and the files agree with each
other and with the processor (metric names, port, drain time, topics, group).

Run by deploy/check.sh. Exit status 1 with one line per problem; on success it
prints what was checked. Needs PyYAML and Python 3.11+ (tomllib).

Optional argument: a directory to write `dashboard_rules.yml` into, a rules
file holding every dashboard query, for `promtool check rules` to parse.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parent
ROOT = DEPLOY.parent

problems: list[str] = []
done: list[str] = []


def problem(where: str, msg: str) -> None:
    problems.append(f"{where}: {msg}")


def load_yaml_all(path: Path) -> list:
    try:
        with path.open(encoding="utf-8") as f:
            return [d for d in yaml.safe_load_all(f) if d is not None]
    except (OSError, yaml.YAMLError) as e:
        problem(str(path.relative_to(ROOT)), f"does not parse as YAML: {e}")
        return []


def rel(p: Path) -> str:
    return str(p.relative_to(ROOT))


def subset(labels: dict, of: dict) -> bool:
    return all(of.get(k) == v for k, v in labels.items())


# --- processor facts ----------------------------------------------------------


def processor_config() -> dict:
    """Built-in defaults overlaid with deploy/k8s/config.toml (one level deep)."""
    merged: dict = {}
    for path in (ROOT / "src/config/defaults.toml", DEPLOY / "k8s/config.toml"):
        if not path.exists():
            problem(rel(path), "missing")
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            problem(rel(path), f"does not parse as TOML: {e}")
            continue
        for section, values in data.items():
            if isinstance(values, dict):
                merged.setdefault(section, {}).update(values)
            else:
                merged[section] = values
    return merged


def exported_metrics() -> set[str]:
    path = ROOT / "src/telemetry/metrics.rs"
    if not path.exists():
        problem(rel(path), "missing: cannot check metric names against the processor")
        return set()
    names = set(re.findall(r'"(newsevents_[a-z0-9_]+)"', path.read_text(encoding="utf-8")))
    if not names:
        problem(rel(path), "no newsevents_* metric names found")
    return names


def base_metric(name: str) -> str:
    return re.sub(r"_(bucket|sum|count)$", "", name)


def check_metric_names(where: str, text: str, exported: set[str]) -> set[str]:
    used = {base_metric(n) for n in re.findall(r"\bnewsevents_[a-z0-9_]+\b", text)}
    for name in sorted(used - exported):
        problem(where, f"uses metric `{name}`, which src/telemetry/metrics.rs does not export")
    return used


# --- Kubernetes ---------------------------------------------------------------


def check_k8s(cfg: dict, partitions: int | None) -> None:
    k8s = DEPLOY / "k8s"
    kust_path = k8s / "kustomization.yaml"
    kust = (load_yaml_all(kust_path) or [{}])[0]
    docs: list[tuple[Path, dict]] = []
    for res in kust.get("resources", []):
        path = k8s / res
        if not path.exists():
            problem(rel(kust_path), f"resource {res} does not exist")
            continue
        for d in load_yaml_all(path):
            for key in ("apiVersion", "kind", "metadata"):
                if key not in d:
                    problem(rel(path), f"document without `{key}`")
            docs.append((path, d))
    listed = {k8s / r for r in kust.get("resources", [])}
    for path in sorted(k8s.glob("*.yaml")):
        if path != kust_path and path not in listed:
            problem(rel(path), "not listed in kustomization.yaml resources")

    generated = {}
    for gen in kust.get("configMapGenerator", []):
        for f in gen.get("files", []):
            src = k8s / f.split("=")[-1]
            if not src.exists():
                problem(rel(kust_path), f"configMapGenerator file {f} does not exist")
        generated[gen["name"]] = gen

    by_kind: dict[str, list[tuple[Path, dict]]] = {}
    for path, d in docs:
        by_kind.setdefault(d.get("kind", "?"), []).append((path, d))
    for kind in ("Deployment", "PodDisruptionBudget", "PodMonitor", "ScaledObject"):
        if len(by_kind.get(kind, [])) != 1:
            problem("deploy/k8s", f"expected exactly one {kind}, found {len(by_kind.get(kind, []))}")
    if problems:
        return

    dpath, dep = by_kind["Deployment"][0]
    where = rel(dpath)
    name = dep["metadata"]["name"]
    pod = dep["spec"]["template"]
    pod_labels = pod["metadata"].get("labels", {})
    if not subset(dep["spec"]["selector"]["matchLabels"], pod_labels):
        problem(where, "selector does not match the pod template labels")
    if "replicas" in dep["spec"]:
        problem(where, "sets spec.replicas, which fights the KEDA ScaledObject on every apply")
    spec = pod["spec"]
    containers = [c for c in spec["containers"] if c["name"] == "newsevents"]
    if not containers:
        problem(where, "no container named newsevents")
        return
    c = containers[0]

    listen = cfg.get("telemetry", {}).get("listen", "")
    port = int(listen.rsplit(":", 1)[-1]) if ":" in listen else None
    ports = {p.get("name"): p.get("containerPort") for p in c.get("ports", [])}
    if ports.get("metrics") != port:
        problem(where, f"container port `metrics` is {ports.get('metrics')}, telemetry.listen says {port}")
    for probe, path in (("startupProbe", "/livez"), ("livenessProbe", "/livez"), ("readinessProbe", "/readyz")):
        get = c.get(probe, {}).get("httpGet", {})
        if get.get("path") != path or get.get("port") != "metrics":
            problem(where, f"{probe} must be httpGet {path} on port `metrics`, is {get or 'missing'}")

    drain_ms = cfg.get("shutdown", {}).get("drain_timeout_ms")
    grace = spec.get("terminationGracePeriodSeconds", 30)
    if not isinstance(drain_ms, int):
        problem("deploy/k8s/config.toml", "shutdown.drain_timeout_ms not found")
    elif grace * 1000 <= drain_ms + 10_000:
        problem(where, f"terminationGracePeriodSeconds {grace} s leaves under 10 s beyond drain_timeout_ms {drain_ms} ms")

    sc = {**spec.get("securityContext", {}), **c.get("securityContext", {})}
    if not sc.get("runAsNonRoot") or sc.get("allowPrivilegeEscalation", True):
        problem(where, "must run as non-root without privilege escalation")

    mounts = {m["name"]: m["mountPath"] for m in c.get("volumeMounts", [])}
    args = c.get("args", [])
    if "--config" in args:
        cfg_path = args[args.index("--config") + 1]
        vol = next((v for v in spec.get("volumes", []) if mounts.get(v["name"]) and cfg_path.startswith(mounts[v["name"]] + "/")), None)
        if vol is None:
            problem(where, f"--config {cfg_path} is not inside a mounted volume")
        else:
            cm = vol.get("configMap", {}).get("name")
            gen = generated.get(cm)
            if gen is None:
                problem(where, f"volume {vol['name']} refers to ConfigMap {cm}, which kustomization.yaml does not generate")
            elif Path(cfg_path).name not in [f.split("=")[0].split("/")[-1] for f in gen.get("files", [])]:
                problem(where, f"ConfigMap {cm} has no key {Path(cfg_path).name}")
    else:
        problem(where, "container args do not pass --config")
    env = {e["name"]: e.get("value") for e in c.get("env", [])}
    bootstrap = env.get("NEWSEVENTS__KAFKA__BOOTSTRAP_SERVERS") or cfg.get("kafka", {}).get("bootstrap_servers")

    ppath, pdb = by_kind["PodDisruptionBudget"][0]
    if not subset(pdb["spec"]["selector"]["matchLabels"], pod_labels):
        problem(rel(ppath), "selector matches no processor pod")

    mpath, pm = by_kind["PodMonitor"][0]
    if not subset(pm["spec"]["selector"]["matchLabels"], pod_labels):
        problem(rel(mpath), "selector matches no processor pod")
    for ep in pm["spec"].get("podMetricsEndpoints", []):
        if ep.get("port") not in ports:
            problem(rel(mpath), f"endpoint port {ep.get('port')} is not a container port name")
        if ep.get("path", "/metrics") != "/metrics":
            problem(rel(mpath), "endpoint path must be /metrics")

    spath, so = by_kind["ScaledObject"][0]
    where = rel(spath)
    if so["spec"]["scaleTargetRef"].get("name") != name:
        problem(where, f"scaleTargetRef {so['spec']['scaleTargetRef'].get('name')} is not the Deployment {name}")
    kafka = cfg.get("kafka", {})
    triggers = [t for t in so["spec"].get("triggers", []) if t.get("type") == "kafka"]
    if not triggers:
        problem(where, "no kafka trigger")
    for t in triggers:
        md = t.get("metadata", {})
        if md.get("consumerGroup") != kafka.get("group_id"):
            problem(where, f"consumerGroup {md.get('consumerGroup')} is not kafka.group_id {kafka.get('group_id')}")
        if md.get("topic") != kafka.get("input_topic"):
            problem(where, f"topic {md.get('topic')} is not kafka.input_topic {kafka.get('input_topic')}")
        if md.get("bootstrapServers") != bootstrap:
            problem(where, f"bootstrapServers {md.get('bootstrapServers')} is not the processor's {bootstrap}")
        if str(md.get("allowIdleConsumers", "false")).lower() != "false":
            problem(where, "allowIdleConsumers must stay false (replicas capped at the partition count)")
    if partitions is not None and so["spec"].get("maxReplicaCount") != partitions:
        problem(where, f"maxReplicaCount {so['spec'].get('maxReplicaCount')} is not the input topic's partition count {partitions}")
    done.append(f"k8s: {len(docs)} manifests, probes, grace {grace} s > drain {drain_ms} ms, selectors, KEDA cap")


# --- compose, Prometheus, Grafana, Dockerfile -----------------------------------


def check_compose(cfg: dict) -> int | None:
    path = DEPLOY / "compose.yaml"
    docs = load_yaml_all(path)
    if not docs:
        return None
    compose = docs[0]
    where = rel(path)
    services = compose.get("services", {})
    for svc in ("kafka", "newsevents", "prometheus", "grafana"):
        if svc not in services:
            problem(where, f"no service `{svc}`")
    for svc_name, svc in services.items():
        for vol in svc.get("volumes", []):
            src = vol.split(":")[0] if isinstance(vol, str) else vol.get("source", "")
            if src.startswith("."):
                if not (DEPLOY / src).exists():
                    problem(where, f"{svc_name}: bind mount source {src} does not exist")
        build = svc.get("build")
        if isinstance(build, dict):
            dockerfile = (DEPLOY / build.get("context", ".") / build.get("dockerfile", "Dockerfile")).resolve()
            if not dockerfile.exists():
                problem(where, f"{svc_name}: Dockerfile {dockerfile} does not exist")
    kenv = services.get("kafka", {}).get("environment", {})
    if "controller" not in str(kenv.get("KAFKA_PROCESS_ROLES", "")):
        problem(where, "kafka must run in KRaft mode (KAFKA_PROCESS_ROLES with controller)")
    grace = services.get("newsevents", {}).get("stop_grace_period", "10s")
    m = re.fullmatch(r"(\d+)s", str(grace))
    drain_ms = cfg.get("shutdown", {}).get("drain_timeout_ms", 0)
    if not m or int(m.group(1)) * 1000 <= drain_ms:
        problem(where, f"newsevents stop_grace_period {grace} is not longer than drain_timeout_ms {drain_ms}")
    env = services.get("kafka-init", {}).get("environment", {})
    try:
        partitions = int(env.get("PARTITIONS"))
    except (TypeError, ValueError):
        problem(where, "kafka-init has no numeric PARTITIONS")
        return None
    cmd = " ".join(services.get("kafka-init", {}).get("command", []))
    for topic in ("input_topic", "output_topic", "dead_letter_topic"):
        if cfg.get("kafka", {}).get(topic) not in cmd:
            problem(where, f"kafka-init does not create kafka.{topic} {cfg.get('kafka', {}).get(topic)}")
    done.append(f"compose: {len(services)} services, mounts, KRaft, {partitions} partitions")
    return partitions


def check_prometheus(exported: set[str]) -> None:
    path = DEPLOY / "prometheus/prometheus.yml"
    prom = (load_yaml_all(path) or [{}])[0]
    jobs = {j.get("job_name"): j for j in prom.get("scrape_configs", [])}
    job = jobs.get("newsevents")
    if job is None:
        problem(rel(path), "no scrape job `newsevents` (alert rules select job=\"newsevents\")")
    else:
        targets = [t for sc in job.get("static_configs", []) for t in sc.get("targets", [])]
        if "newsevents:9000" not in targets:
            problem(rel(path), f"newsevents job targets {targets}, expected newsevents:9000 (compose service and port)")
    rules_path = DEPLOY / "prometheus/alerts.yml"
    rules = (load_yaml_all(rules_path) or [{}])[0]
    alerts = [r for g in rules.get("groups", []) for r in g.get("rules", []) if "alert" in r]
    names = {a["alert"] for a in alerts}
    for needed in ("NewseventsProcessorDown", "NewseventsConsumerLagGrowing", "NewseventsDeadLetterRateHigh", "NewseventsNoProgress"):
        if needed not in names:
            problem(rel(rules_path), f"alert {needed} missing")
    for a in alerts:
        for key in ("summary", "description"):
            if key not in a.get("annotations", {}):
                problem(rel(rules_path), f"{a['alert']} has no {key} annotation")
        if "severity" not in a.get("labels", {}):
            problem(rel(rules_path), f"{a['alert']} has no severity label")
        check_metric_names(f"{rel(rules_path)} {a['alert']}", a.get("expr", ""), exported)
    done.append(f"prometheus: scrape job, {len(alerts)} alerts, metric names")


def check_grafana(exported: set[str], rules_dir: Path | None) -> None:
    gdir = DEPLOY / "grafana"
    ds = (load_yaml_all(gdir / "provisioning/datasources/prometheus.yml") or [{}])[0]
    uids = {d.get("uid") for d in ds.get("datasources", [])}
    prov = (load_yaml_all(gdir / "provisioning/dashboards/newsevents.yml") or [{}])[0]
    prov_paths = {p.get("options", {}).get("path") for p in prov.get("providers", [])}
    compose = (load_yaml_all(DEPLOY / "compose.yaml") or [{}])[0]
    mounts = [v.split(":")[1] for v in compose.get("services", {}).get("grafana", {}).get("volumes", []) if isinstance(v, str)]
    for p in prov_paths:
        if p not in mounts:
            problem("deploy/grafana/provisioning/dashboards/newsevents.yml", f"path {p} is not mounted in compose")

    dashboards = sorted((gdir / "dashboards").glob("*.json"))
    if not dashboards:
        problem("deploy/grafana/dashboards", "no dashboard JSON")
    used: set[str] = set()
    records = []
    for path in dashboards:
        where = rel(path)
        try:
            dash = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            problem(where, f"does not parse as JSON: {e}")
            continue
        variables = {v["name"]: v for v in dash.get("templating", {}).get("list", [])}
        ds_var = variables.get("datasource", {})
        if ds_var.get("type") != "datasource" or ds_var.get("query") != "prometheus":
            problem(where, "needs a `datasource` variable of type datasource (prometheus)")
        ids, boxes = set(), []
        for panel in dash.get("panels", []):
            pid = panel.get("id")
            if pid in ids:
                problem(where, f"duplicate panel id {pid}")
            ids.add(pid)
            g = panel.get("gridPos", {})
            box = (g.get("x", 0), g.get("y", 0), g.get("w", 0), g.get("h", 0))
            for other, oid in boxes:
                if box[0] < other[0] + other[2] and other[0] < box[0] + box[2] and box[1] < other[1] + other[3] and other[1] < box[1] + box[3]:
                    problem(where, f"panels {oid} and {pid} overlap")
            boxes.append((box, pid))
            if panel.get("type") == "row":
                continue
            uid = panel.get("datasource", {}).get("uid")
            if uid not in ("${datasource}", *uids):
                problem(where, f"panel {pid} uses datasource {uid}")
            if not panel.get("targets"):
                problem(where, f"panel {pid} ({panel.get('title')}) has no query")
            for t in panel.get("targets", []):
                expr = t.get("expr", "")
                if not expr.strip():
                    problem(where, f"panel {pid} target {t.get('refId')} has an empty expr")
                    continue
                used |= check_metric_names(f"{where} panel {pid}", expr, exported)
                # Grafana's variables, replaced so that promtool can parse the query.
                promql = (
                    expr.replace("$__rate_interval", "5m")
                    .replace("$__range", "1h")
                    .replace("$__interval", "1m")
                    .replace("$instance", ".*")
                )
                records.append({"record": f"dashboard:panel{pid}:{t.get('refId')}", "expr": promql})
    for name in sorted(exported - used):
        problem("deploy/grafana/dashboards", f"metric `{name}` is exported but on no dashboard panel")
    if rules_dir is not None:
        out = rules_dir / "dashboard_rules.yml"
        out.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": records}]}, sort_keys=False))
    done.append(f"grafana: {len(dashboards)} dashboard(s), {len(records)} queries, every exported metric shown")


def check_dockerfile() -> None:
    path = DEPLOY / "Dockerfile"
    where = rel(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        problem(where, "missing")
        return
    froms = re.findall(r"^FROM\s+(\S+)", text, re.M)
    if len(froms) < 2:
        problem(where, "is not multi-stage")
    elif not froms[-1].startswith("gcr.io/distroless/cc"):
        problem(where, f"final stage is {froms[-1]}, expected distroless cc (glibc for librdkafka)")
    if not re.search(r"^USER\s+(nonroot|65532)", text, re.M):
        problem(where, "final stage does not switch to a non-root USER")
    if "newsevents" not in (re.findall(r"^ENTRYPOINT\s+(.*)$", text, re.M) or [""])[-1]:
        problem(where, "ENTRYPOINT does not run the newsevents binary")
    done.append("Dockerfile: multi-stage, distroless cc, non-root")


def main() -> int:
    rules_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    cfg = processor_config()
    exported = exported_metrics()
    partitions = check_compose(cfg)
    check_k8s(cfg, partitions)
    check_prometheus(exported)
    check_grafana(exported, rules_dir)
    check_dockerfile()
    if problems:
        for p in problems:
            print(f"FAIL {p}", file=sys.stderr)
        return 1
    for d in done:
        print(f"ok   {d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
