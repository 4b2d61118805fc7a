//! `newsevents replay` on the real broker: a time window of a topic into a
//! side topic, a gzip archive (raw articles and dead letters) into an input
//! topic, a dead-letter topic to stdout, the dry run, resuming from a
//! checkpoint, and the refusal of times without a zone.

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

use newsevents::article::Origin;
use newsevents::sink::dead_letter::{DeadLetter, REASON_HEADER};
use newsevents::source::SourceMessage;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::{BaseRecord, DefaultProducerContext, Producer, ThreadedProducer};

use crate::support::broker::{self, Consumed};
use crate::support::topics::TopicSet;
use crate::support::{articles, process};

/// 2019-04-14T00:00:00+02:00 in ms since the epoch.
const T0: i64 = 1_555_192_800_000;
const MINUTE: i64 = 60_000;

struct Rec {
    partition: i32,
    timestamp_ms: i64,
    key: String,
    payload: Vec<u8>,
    headers: Vec<(String, Vec<u8>)>,
}

/// Produces to explicit partitions with explicit timestamps, in order.
fn produce_at(topic: &str, records: &[Rec]) {
    let producer: ThreadedProducer<DefaultProducerContext> = broker::client_config()
        .set("enable.idempotence", "true")
        .create()
        .expect("producer");
    for r in records {
        let rec = BaseRecord::to(topic)
            .partition(r.partition)
            .timestamp(r.timestamp_ms)
            .key(r.key.as_bytes())
            .payload(r.payload.as_slice())
            .headers(broker::owned_headers(&r.headers));
        producer.send(rec).map_err(|(e, _)| e).expect("enqueue");
    }
    producer
        .flush(Duration::from_secs(60))
        .expect("acknowledged");
}

fn replay(dir: &Path, args: &[&str]) -> Output {
    let out = process::newsevents()
        .current_dir(dir)
        .args(["replay", "--brokers", &broker::bootstrap()])
        .args(["--set", "telemetry.enabled=off"])
        .args(args)
        .output()
        .expect("run newsevents replay");
    if std::env::var_os("NEWSEVENTS_TEST_LOGS").is_some() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    }
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts that, per target partition, messages from each source unit keep
/// their source order (positions parsed from the source header by `pos`).
fn assert_source_order(got: &[Consumed], pos: impl Fn(&str) -> (String, i64)) {
    let mut last: HashMap<(i32, String), i64> = HashMap::new();
    for g in got {
        let (unit, p) = pos(&g.header("newsevents.replay.source").expect("source header"));
        if let Some(prev) = last.insert((g.partition, unit.clone()), p) {
            assert!(
                p > prev,
                "partition {}: {unit} position {p} came after {prev}",
                g.partition
            );
        }
    }
}

fn topic_position(source: &str) -> (String, i64) {
    let (unit, offset) = source.rsplit_once('/').expect("topic/partition/offset");
    (unit.to_string(), offset.parse().expect("offset"))
}

#[test]
fn time_window_of_a_topic_goes_to_a_side_topic_with_keys_headers_and_order() {
    let _b = crate::support::broker::shared();
    let topics = TopicSet::new(&[("replay-window-src", 3), ("replay-window-side", 3)]);
    let (src, side) = (&topics.0[0], &topics.0[1]);
    // 30 messages per partition one minute apart, i = 10 exactly at T0.
    // Partition 0, i = 15 carries a timestamp a day early: inside the offset
    // range but outside the window, so it must not be replayed.
    let mut records = Vec::new();
    let mut expected: BTreeMap<String, (i32, i64, i64)> = BTreeMap::new();
    for partition in 0..3 {
        for i in 0..30i64 {
            let odd = partition == 0 && i == 15;
            let ts = if odd {
                T0 - 24 * 60 * MINUTE
            } else {
                T0 + (i - 10) * MINUTE
            };
            let key = format!("خبر-{partition}-{i:02}");
            let (_, body) = articles::article((partition as usize) * 100 + i as usize);
            if (10..20).contains(&i) && !odd {
                expected.insert(key.clone(), (partition, i, ts));
            }
            records.push(Rec {
                partition,
                timestamp_ms: ts,
                key,
                payload: body.into_bytes(),
                headers: vec![("trace-id".into(), format!("t-{partition}-{i}").into_bytes())],
            });
        }
    }
    produce_at(src, &records);
    let dir = tempfile::tempdir().unwrap();
    let out = replay(
        dir.path(),
        &[
            "--from-topic",
            src,
            "--since",
            "2019-04-14T00:00:00+02:00",
            "--until",
            "2019-04-13T22:10:00Z",
            "--to-topic",
            side,
            "--keep-timestamps",
            "--id",
            "window-test",
            "--execute",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let log = stderr(&out);
    assert!(log.contains("produced 29,"), "{log}");
    assert!(log.contains("skipped (outside window) 1;"), "{log}");

    let got = broker::consume_expected(side, expected.len(), Duration::from_secs(60));
    assert_eq!(
        got.len(),
        expected.len(),
        "one output per message in the window"
    );
    for g in &got {
        let key = g.key_str().expect("key kept");
        let (partition, i, ts) = expected
            .get(&key)
            .unwrap_or_else(|| panic!("unexpected {key}"));
        assert_eq!(g.header("trace-id"), Some(format!("t-{partition}-{i}")));
        assert_eq!(
            g.header("newsevents.replay.id").as_deref(),
            Some("window-test")
        );
        assert_eq!(
            g.header("newsevents.replay.source"),
            Some(format!("{src}/{partition}/{i}")),
            "offset i in partition p"
        );
        assert_eq!(g.timestamp_ms, Some(*ts), "--keep-timestamps");
        let payload: serde_json::Value =
            serde_json::from_slice(g.payload.as_ref().unwrap()).unwrap();
        assert_eq!(payload["seq"], (*partition as i64) * 100 + i);
    }
    let keys: std::collections::HashSet<_> = got.iter().filter_map(|g| g.key_str()).collect();
    assert_eq!(keys.len(), expected.len(), "no duplicates");
    assert_source_order(&got, topic_position);
    // Read by assignment: the replay's own group committed nothing.
    let committed = broker::committed_and_end(src, "newsevents-replay-window-test");
    assert!(
        committed.values().all(|(c, _)| c.is_none()),
        "{committed:?}"
    );
    let checkpoint = dir
        .path()
        .join("newsevents-replay-window-test.checkpoint.json");
    let cp: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&checkpoint).unwrap()).unwrap();
    for unit in cp["units"].as_array().unwrap() {
        assert_eq!(
            (unit["start"].as_i64(), unit["end"].as_i64()),
            (Some(10), Some(20))
        );
        assert_eq!(unit["next"], unit["end"], "acknowledged to the end");
    }
}

fn dead_letter_line(key: &str, payload: &[u8], offset: i64) -> String {
    let msg = SourceMessage {
        origin: Origin {
            topic: "articles.raw".into(),
            partition: 2,
            offset,
        },
        key: Some(key.as_bytes().to_vec()),
        payload: Some(payload.to_vec()),
        headers: vec![("trace-id".into(), Some(format!("dl-{offset}").into_bytes()))],
        timestamp_ms: Some(T0),
        ticket: None,
    };
    serde_json::to_string(&DeadLetter::new(
        &msg,
        "invalid_json",
        "fixed since".into(),
        None,
    ))
    .unwrap()
}

#[test]
fn gzip_archive_with_dead_letters_goes_to_an_input_topic() {
    let _b = crate::support::broker::shared();
    let topics = TopicSet::new(&[("replay-archive-in", 3)]);
    let input = &topics.0[0];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("articles-2019-04-14.jsonl.gz");
    let mut expected: HashMap<String, (i64, Vec<u8>)> = HashMap::new();
    let mut text = String::new();
    let mut line = 0i64;
    for i in 0..200 {
        let (id, json) = articles::article(i);
        line += 1;
        expected.insert(id, (line, json.clone().into_bytes()));
        text.push_str(&json);
        text.push('\n');
        if i == 100 {
            text.push('\n'); // a blank line is skipped, not an error
            line += 1;
        }
    }
    // Dead letters from the live pipeline: replay their original payloads.
    let fixed = br#"{"id":"dl-1","body":"\u0646\u0635 \u0645\u0635\u062d\u062d"}"#;
    for (n, key) in ["dl-1", "dl-2"].iter().enumerate() {
        text.push_str(&dead_letter_line(key, fixed, 40 + n as i64));
        text.push('\n');
        line += 1;
        expected.insert(key.to_string(), (line, fixed.to_vec()));
    }
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&path).unwrap(),
        flate2::Compression::default(),
    );
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap();

    let dry = replay(
        dir.path(),
        &[
            "--from-archive",
            path.to_str().unwrap(),
            "--to-topic",
            input,
        ],
    );
    let plan = String::from_utf8_lossy(&dry.stdout);
    assert!(plan.contains("total: 203 lines in 1 files"), "{plan}");
    assert!(plan.contains("articles-2019-04-14.jsonl.gz"), "{plan}");
    assert_eq!(
        broker::ends(input).iter().sum::<i64>(),
        0,
        "dry run sent nothing"
    );

    let out = replay(
        dir.path(),
        &[
            "--from-archive",
            path.to_str().unwrap(),
            "--to-topic",
            input,
            "--execute",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("produced 202,"), "{}", stderr(&out));

    let got = broker::consume_expected(input, expected.len(), Duration::from_secs(60));
    assert_eq!(got.len(), expected.len());
    let canonical = std::fs::canonicalize(&path).unwrap();
    for g in &got {
        let key = g.key_str().expect("keyed by article id");
        let (line, payload) = expected
            .get(&key)
            .unwrap_or_else(|| panic!("unexpected key {key}"));
        assert_eq!(g.payload.as_ref(), Some(payload), "{key}");
        assert_eq!(
            g.header("newsevents.replay.source"),
            Some(format!("{}:{line}", canonical.display()))
        );
        if let Some(n) = key.strip_prefix("dl-") {
            let n: i64 = n.parse().unwrap();
            assert_eq!(
                g.header("trace-id"),
                Some(format!("dl-{}", 39 + n)),
                "original headers"
            );
            assert_eq!(
                g.header("newsevents.replay.origin"),
                Some(format!("articles.raw/2/{}", 39 + n))
            );
        }
    }
    assert_source_order(&got, |s| {
        let (file, line) = s.rsplit_once(':').expect("file:line");
        (file.to_string(), line.parse().expect("line"))
    });
    // Keys are hashed over all partitions of the target.
    let partitions: std::collections::HashSet<i32> = got.iter().map(|g| g.partition).collect();
    assert_eq!(partitions.len(), 3, "keys hash over all partitions");
}

#[test]
fn dead_letter_topic_replays_the_originals_to_stdout() {
    let _b = crate::support::broker::shared();
    let topics = TopicSet::new(&[("replay-dlt", 1)]);
    let dlt = &topics.0[0];
    let originals: Vec<Vec<u8>> = vec![
        br#"{"id":"a","body":"x"}"#.to_vec(),
        b"{\"id\":\"b\",\"body\":\"\xff\"}".to_vec(),
    ];
    let records: Vec<Rec> = originals
        .iter()
        .enumerate()
        .map(|(i, p)| Rec {
            partition: 0,
            timestamp_ms: T0,
            key: format!("k{i}"),
            payload: dead_letter_line(&format!("k{i}"), p, i as i64).into_bytes(),
            headers: vec![(REASON_HEADER.into(), b"invalid_json".to_vec())],
        })
        .collect();
    produce_at(dlt, &records);
    let dir = tempfile::tempdir().unwrap();
    let out = replay(
        dir.path(),
        &["--from-topic", dlt, "--to-stdout", "--execute"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<&[u8]> = out
        .stdout
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), 2, "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(
        lines[0],
        originals[0].as_slice(),
        "a JSON original is written as is"
    );
    // A non-UTF-8 original cannot be a JSON line: it is wrapped again, and
    // the archive reader gets the original bytes back.
    let back = newsevents::replay::archive::parse_line(lines[1])
        .unwrap()
        .unwrap();
    assert_eq!(back.payload.as_ref(), Some(&originals[1]));
    assert_eq!(back.key.as_deref(), Some(&b"k1"[..]));
}

#[test]
fn dry_run_prints_the_plan_and_produces_nothing() {
    let _b = crate::support::broker::shared();
    let topics = TopicSet::new(&[("replay-dry-src", 3), ("replay-dry-side", 2)]);
    let (src, side) = (&topics.0[0], &topics.0[1]);
    let per_partition = [5i64, 0, 7];
    let records: Vec<Rec> = per_partition
        .iter()
        .enumerate()
        .flat_map(|(p, n)| {
            (0..*n).map(move |i| Rec {
                partition: p as i32,
                timestamp_ms: T0 + i * MINUTE,
                key: format!("k{p}-{i}"),
                payload: b"{}".to_vec(),
                headers: vec![],
            })
        })
        .collect();
    produce_at(src, &records);
    let dir = tempfile::tempdir().unwrap();
    let out = replay(
        dir.path(),
        &[
            "--from-topic",
            src,
            "--partition",
            "0",
            "--partition",
            "2",
            "--start-offset",
            "1",
            "--start-offset",
            "2",
            "--to-topic",
            side,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let plan = String::from_utf8(out.stdout.clone()).unwrap();
    let rows: Vec<Vec<&str>> = plan
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|w| w.len() == 4 && w[0].parse::<i32>().is_ok())
        .collect();
    assert_eq!(
        rows,
        vec![vec!["0", "1", "5", "4"], vec!["2", "2", "7", "5"]],
        "{plan}"
    );
    assert!(plan.contains("total: 9 messages in 2 partitions"), "{plan}");
    assert!(stderr(&out).contains("--execute"));
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(broker::ends(side), vec![0, 0], "a dry run produces nothing");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "and writes no checkpoint"
    );
}

#[test]
fn resume_does_not_resend_acknowledged_messages() {
    let _b = crate::support::broker::shared();
    let topics = TopicSet::new(&[("replay-resume-src", 3), ("replay-resume-side", 3)]);
    let (src, side) = (&topics.0[0], &topics.0[1]);
    let n = 60;
    let records: Vec<Rec> = (0..n)
        .map(|i| Rec {
            partition: (i % 3) as i32,
            timestamp_ms: T0 + i * MINUTE,
            key: format!("r-{i:03}"),
            payload: articles::article(i as usize).1.into_bytes(),
            headers: vec![],
        })
        .collect();
    produce_at(src, &records);
    let dir = tempfile::tempdir().unwrap();
    let cp = dir.path().join("cp.json");
    let cp_arg = cp.to_str().unwrap();
    // First run stops after 25 messages, as an interrupted run would.
    let first = replay(
        dir.path(),
        &[
            "--from-topic",
            src,
            "--to-topic",
            side,
            "--checkpoint",
            cp_arg,
            "--limit",
            "25",
            "--execute",
        ],
    );
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("unfinished"), "{}", stderr(&first));
    let checkpoint: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&cp).unwrap()).unwrap();
    let acknowledged: i64 = checkpoint["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["next"].as_i64().unwrap() - u["start"].as_i64().unwrap())
        .sum();
    assert_eq!(
        acknowledged, 25,
        "checkpoint records exactly what was acknowledged"
    );
    assert_eq!(broker::ends(side).iter().sum::<i64>(), 25);

    // A new run on an existing checkpoint is refused (it would re-send).
    let again = replay(
        dir.path(),
        &[
            "--from-topic",
            src,
            "--to-topic",
            side,
            "--checkpoint",
            cp_arg,
            "--execute",
        ],
    );
    assert!(!again.status.success());
    assert!(stderr(&again).contains("--resume"), "{}", stderr(&again));

    let dry = replay(dir.path(), &["--resume", cp_arg]);
    assert!(
        String::from_utf8_lossy(&dry.stdout).contains("total: 35 messages"),
        "{}",
        String::from_utf8_lossy(&dry.stdout)
    );

    let second = replay(dir.path(), &["--resume", cp_arg, "--execute"]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("produced 35,"),
        "{}",
        stderr(&second)
    );
    let third = replay(dir.path(), &["--resume", cp_arg, "--execute"]);
    assert!(
        stderr(&third).contains("read 0, produced 0,"),
        "{}",
        stderr(&third)
    );

    let got = broker::consume_all(side, Duration::from_secs(10), |got| got.len() > n as usize);
    assert_eq!(got.len(), n as usize, "nothing acknowledged was sent twice");
    assert_eq!(broker::keys(&got).len(), n as usize);
    let ids: std::collections::HashSet<_> = got
        .iter()
        .map(|g| g.header("newsevents.replay.id").expect("provenance header"))
        .collect();
    assert_eq!(ids.len(), 1, "the resumed run keeps the replay id");
    assert_source_order(&got, topic_position);
}

#[test]
fn times_without_zone_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    for (flag, value) in [
        ("--since", "2019-04-14T00:00:00"),
        ("--until", "2019-04-14"),
    ] {
        let out = replay(
            dir.path(),
            &[
                "--from-topic",
                "articles.raw",
                flag,
                value,
                "--to-stdout",
                "--execute",
            ],
        );
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(err.contains("no UTC offset or zone"), "{err}");
        assert!(err.contains(value), "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn sigterm_mid_run_then_resume_sends_each_message_once() {
    let _b = crate::support::broker::shared();
    let topics = TopicSet::new(&[("replay-term-src", 2), ("replay-term-side", 2)]);
    let (src, side) = (&topics.0[0], &topics.0[1]);
    let n = 400;
    let records: Vec<Rec> = (0..n)
        .map(|i| Rec {
            partition: (i % 2) as i32,
            timestamp_ms: T0 + i,
            key: format!("s-{i:03}"),
            payload: articles::article(i as usize).1.into_bytes(),
            headers: vec![],
        })
        .collect();
    produce_at(src, &records);
    let dir = tempfile::tempdir().unwrap();
    let cp = dir.path().join("cp.json");
    let cp_arg = cp.to_str().unwrap();
    // Throttled so the run is still going when the signal comes.
    let mut child = process::newsevents()
        .current_dir(dir.path())
        .args(["replay", "--brokers", &broker::bootstrap()])
        .args([
            "--from-topic",
            src,
            "--to-topic",
            side,
            "--checkpoint",
            cp_arg,
        ])
        .args(["--max-messages-per-sec", "100", "--execute"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start replay");
    crate::support::wait_for("some messages replayed", Duration::from_secs(60), || {
        (broker::ends(side).iter().sum::<i64>() >= 50).then_some(())
    });
    let status = process::terminate(&mut child);
    assert!(!status.success(), "an interrupted replay exits non-zero");
    let sent_before = broker::ends(side).iter().sum::<i64>();
    assert!(
        sent_before < n,
        "the signal came before the end ({sent_before})"
    );
    let checkpoint: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&cp).unwrap()).unwrap();
    let acknowledged: i64 = checkpoint["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["next"].as_i64().unwrap() - u["start"].as_i64().unwrap())
        .sum();
    assert_eq!(
        acknowledged, sent_before,
        "a graceful stop checkpoints everything it sent"
    );

    let resumed = replay(dir.path(), &["--resume", cp_arg, "--execute"]);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    let got = broker::consume_expected(side, n as usize, Duration::from_secs(60));
    let keys: std::collections::HashSet<_> = got.iter().filter_map(|g| g.key_str()).collect();
    assert_eq!(keys.len(), n as usize, "every message replayed");
    assert_eq!(got.len(), n as usize, "none twice");
    assert_source_order(&got, topic_position);
}

#[test]
fn a_missing_target_topic_is_refused_and_not_created() {
    let _b = crate::support::broker::shared();
    broker::require_broker();
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("a.jsonl");
    std::fs::write(&archive, "{\"id\":\"a\",\"body\":\"b\"}\n").unwrap();
    let missing = broker::unique("replay-missing");
    let out = replay(
        dir.path(),
        &[
            "--from-archive",
            archive.to_str().unwrap(),
            "--to-topic",
            &missing,
            "--execute",
        ],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(&format!("target topic {missing}")),
        "{}",
        stderr(&out)
    );
    let consumer: BaseConsumer = broker::client_config().create().expect("client");
    let md = consumer
        .fetch_metadata(None, Duration::from_secs(10))
        .expect("metadata");
    assert!(
        md.topics().iter().all(|t| t.name() != missing),
        "not auto-created"
    );
}
