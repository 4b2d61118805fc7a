//! Metrics as an operator sees them: Debian's `prometheus` scrapes a running
//! processor, and its query API must agree with what was processed.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::support::broker::{self, Record};
use crate::support::topics::{Topics, generated};
use crate::support::{process, wait_for};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn get(url: &str) -> Option<(u16, String)> {
    match ureq::get(url).call() {
        Ok(mut r) => Some((r.status().as_u16(), r.body_mut().read_to_string().ok()?)),
        Err(ureq::Error::StatusCode(code)) => Some((code, String::new())),
        Err(_) => None,
    }
}

/// Value of a scalar PromQL query, if Prometheus has one yet.
fn query(prom: u16, promql: &str) -> Option<f64> {
    let url = format!(
        "http://127.0.0.1:{prom}/api/v1/query?query={}",
        urlencode(promql)
    );
    let (status, body) = get(&url)?;
    if status != 200 {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(&body).ok()?;
    v["data"]["result"][0]["value"][1].as_str()?.parse().ok()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

struct Prometheus(Child);

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_prometheus(dir: &std::path::Path, target: u16) -> (Prometheus, u16) {
    let port = free_port();
    let config = dir.join("prometheus.yml");
    std::fs::write(
        &config,
        format!(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: newsevents\n    static_configs:\n      - targets: ['127.0.0.1:{target}']\n"
        ),
    )
    .unwrap();
    let child = Command::new("prometheus")
        .arg(format!("--config.file={}", config.display()))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.join("tsdb").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start Debian's prometheus (apt-get install prometheus; tests/run.sh installs it)");
    (Prometheus(child), port)
}

#[test]
fn prometheus_scrapes_counters_that_match_what_was_processed() {
    let _b = broker::shared();
    let topics = Topics::new("prom", 2);
    let good = 40;
    let (_, mut records) = generated(0..good);
    for bad in ["{", "[]", "{\"id\":\"z\"}"] {
        records.push(Record {
            key: Some(b"bad".to_vec()),
            payload: Some(bad.as_bytes().to_vec()),
            headers: vec![],
        });
    }
    broker::produce(&topics.input, &records);

    let metrics_port = free_port();
    let listen = format!("telemetry.listen=127.0.0.1:{metrics_port}");
    let mut child = topics.start(&["--set", "telemetry.enabled=on", "--set", &listen]);
    let base = format!("http://127.0.0.1:{metrics_port}");
    wait_for("/readyz to turn ready", Duration::from_secs(60), || {
        get(&format!("{base}/readyz")).filter(|(s, _)| *s == 200)
    });
    let (status, _) = get(&format!("{base}/livez")).expect("livez answers");
    assert_eq!(status, 200);

    let dir = tempfile::tempdir().unwrap();
    let (_prom, prom_port) = start_prometheus(dir.path(), metrics_port);
    let expect = |promql: &str, want: f64| {
        wait_for(
            &format!("Prometheus to report {promql} = {want}"),
            Duration::from_secs(120),
            || query(prom_port, promql).filter(|v| (*v - want).abs() < 1e-9),
        )
    };
    expect("sum(newsevents_messages_produced_total)", good as f64);
    expect("sum(newsevents_messages_dead_lettered_total)", 3.0);
    expect("sum(newsevents_messages_consumed_total)", (good + 3) as f64);
    expect(
        "sum(newsevents_messages_dead_lettered_total{reason=\"invalid_json\"})",
        1.0,
    );
    expect("newsevents_assigned_partitions", 2.0);
    expect("newsevents_in_flight_messages", 0.0);
    expect("count(newsevents_build_info)", 1.0);
    expect(
        "sum(newsevents_stage_duration_seconds_count{stage=\"text\"})",
        good as f64,
    );
    // One events-per-article sample per quad class per enriched article.
    expect(
        "sum(newsevents_events_per_article_count{quad_class=\"material_conflict\"})",
        good as f64,
    );
    expect("count(newsevents_events_per_article_count)", 5.0);
    // Lag is exported per partition, never as librdkafka's -1 sentinel.
    expect(
        "count(newsevents_consumer_lag_messages < 0) or vector(0)",
        0.0,
    );
    expect("sum(newsevents_consumer_lag_messages)", 0.0);

    let status = process::terminate(&mut child);
    assert!(status.success(), "{status:?}");
}

/// Every metric name in `text` (`newsevents_…`), with README brace lists
/// expanded (`newsevents_messages_{consumed,produced}_total`) and histogram
/// series suffixes (`_bucket`, `_sum`, `_count`) mapped to the metric.
fn metric_names(text: &str) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(at) = text[i..].find("newsevents_") {
        let start = i + at;
        let mut end = start;
        while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
            end += 1;
        }
        let name = &text[start..end];
        if end < bytes.len() && bytes[end] == b'{' && name.ends_with('_') {
            // README brace list: `prefix{a,b}suffix`.
            let close = text[end..].find('}').map(|c| end + c).unwrap();
            let mut tail_end = close + 1;
            while tail_end < bytes.len()
                && (bytes[tail_end].is_ascii_alphanumeric() || bytes[tail_end] == b'_')
            {
                tail_end += 1;
            }
            let suffix = &text[close + 1..tail_end];
            for alt in text[end + 1..close].split(',') {
                names.insert(format!("{name}{}{suffix}", alt.trim()));
            }
            i = tail_end;
            continue;
        }
        let base = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|s| name.strip_suffix(s))
            .unwrap_or(name);
        if base.len() > "newsevents_".len() {
            names.insert(base.to_string());
        }
        i = end;
    }
    names
}

#[test]
fn every_metric_the_readme_and_the_dashboard_name_is_on_metrics() {
    let _b = broker::shared();
    let mut promised = std::collections::BTreeSet::new();
    for doc in [
        "README.md",
        "deploy/README.md",
        "deploy/grafana/dashboards/newsevents.json",
        "deploy/prometheus/alerts.yml",
    ] {
        let text = std::fs::read_to_string(crate::support::repo_path(doc)).unwrap();
        promised.extend(metric_names(&text));
    }
    assert!(promised.contains("newsevents_committed_offsets_total"));
    assert!(promised.contains("newsevents_messages_dead_lettered_total"));

    let topics = Topics::new("allmetrics", 2);
    let (_, mut records) = generated(0..20);
    records.push(Record {
        key: Some(b"bad".to_vec()),
        payload: Some(b"{".to_vec()),
        headers: vec![],
    });
    broker::produce(&topics.input, &records);
    let port = free_port();
    let listen = format!("telemetry.listen=127.0.0.1:{port}");
    let mut child = topics.start(&[
        "--set",
        "telemetry.enabled=on",
        "--set",
        &listen,
        "--set",
        "kafka.commit_interval_ms=200",
    ]);
    wait_for(
        "offsets committed to the end",
        Duration::from_secs(120),
        || {
            broker::committed_and_end(&topics.input, &topics.group)
                .values()
                .all(|(c, end)| *c == Some(*end))
                .then_some(())
        },
    );
    // Statistics-based series (lag) come every statistics.interval.ms.
    let mut missing = Vec::new();
    let found = (0..60).any(|_| {
        let body = get(&format!("http://127.0.0.1:{port}/metrics"))
            .map(|(_, b)| b)
            .unwrap_or_default();
        let exported = metric_names(&body);
        missing = promised.difference(&exported).cloned().collect();
        missing.is_empty() || {
            std::thread::sleep(Duration::from_millis(500));
            false
        }
    });
    let status = process::terminate(&mut child);
    assert!(status.success(), "{status:?}");
    assert!(found, "named in the docs but not on /metrics: {missing:?}");
}

#[test]
fn readyz_is_ready_while_articles_are_being_processed() {
    let _b = broker::shared();
    let topics = Topics::new("ready", 1);
    let (_, records) = generated(0..200);
    broker::produce(&topics.input, &records);
    let port = free_port();
    let listen = format!("telemetry.listen=127.0.0.1:{port}");
    let mut child = topics.start(&["--set", "telemetry.enabled=on", "--set", &listen]);
    // The first moment output exists, the processor is visibly working:
    // /readyz must say so.
    wait_for("the first output record", Duration::from_secs(120), || {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the processor exited: {status}");
        }
        let out = broker::consume_all(&topics.output, Duration::from_millis(200), |got| {
            !got.is_empty()
        });
        (!out.is_empty()).then_some(())
    });
    let (status, body) = get(&format!("http://127.0.0.1:{port}/readyz")).expect("readyz answers");
    let _ = process::terminate(&mut child);
    assert_eq!(
        status, 200,
        "articles are being processed, yet /readyz says: {body}"
    );
}
