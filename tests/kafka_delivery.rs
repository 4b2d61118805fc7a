//! At-least-once delivery on the real broker: every input id comes out, bad
//! messages go to the dead-letter topic, offsets are committed to the end,
//! and a `kill -9` in the middle loses nothing.

use std::collections::HashMap;
use std::time::Duration;

use crate::support::broker::{self, Record};
use crate::support::topics::{Topics, generated};
use crate::support::{assert_valid, process, repo_path, schema, wait_for};

#[test]
fn sample_and_generated_articles_flow_through_with_offsets_committed() {
    let _b = broker::shared();
    let topics = Topics::new("e2e", 3);
    let sample = std::fs::read(repo_path("tests/fixtures/articles/sample.jsonl")).unwrap();
    let (mut ids, mut records) = generated(0..1000);
    ids.push("000_3d07b1e22713dee6".into());
    records.push(Record {
        key: Some(b"000_3d07b1e22713dee6".to_vec()),
        payload: Some(sample.trim_ascii_end().to_vec()),
        headers: vec![],
    });
    // Bad input of every kind, on the same partitions as good input: each
    // must be dead-lettered with its reason, and must not block the rest.
    let huge = format!("{{\"id\":\"h\",\"body\":\"{}\"}}", "ب".repeat(2_600_000));
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let bad: Vec<(&str, Option<Vec<u8>>, &str)> = vec![
        (
            "bad-utf8",
            Some(b"{\"id\":\"x\",\"body\":\"\xc3\x28\"}".to_vec()),
            "invalid_utf8",
        ),
        (
            "bad-truncated",
            Some(b"{\"id\":\"y\",".to_vec()),
            "invalid_json",
        ),
        ("bad-tombstone", None, "empty_payload"),
        ("bad-empty", Some(Vec::new()), "empty_payload"),
        ("bad-shape", Some(b"42".to_vec()), "not_an_object"),
        (
            "bad-no-id",
            Some(b"{\"body\":\"text\"}".to_vec()),
            "schema_violation",
        ),
        (
            "bad-no-body",
            Some(b"{\"id\":\"q\"}".to_vec()),
            "schema_violation",
        ),
        (
            "bad-body-type",
            Some(b"{\"id\":\"q\",\"body\":{\"text\":1}}".to_vec()),
            "schema_violation",
        ),
        ("bad-huge", Some(huge.into_bytes()), "too_large"),
        ("bad-deep", Some(deep.into_bytes()), "too_deep"),
        (
            "bad-whitespace",
            Some(b"{\"id\":\"w\",\"body\":\" \\n\\t \"}".to_vec()),
            "empty_body",
        ),
        (
            "bad-tatweel",
            Some("{\"id\":\"t\",\"body\":\"ـــــ\"}".as_bytes().to_vec()),
            "empty_body",
        ),
        (
            "bad-diacritics",
            Some("{\"id\":\"d\",\"body\":\"َ ُ ِ ّ\"}".as_bytes().to_vec()),
            "empty_body",
        ),
    ];
    for (key, payload, _) in &bad {
        records.push(Record {
            key: Some(key.as_bytes().to_vec()),
            payload: payload.clone(),
            headers: vec![("h".into(), b"v".to_vec())],
        });
    }
    broker::produce(&topics.input, &records);

    let mut child = topics.start(&[]);
    let expected = ids.len();
    let out = broker::consume_all(&topics.output, Duration::from_secs(180), |got| {
        broker::keys(got).len() >= expected
    });
    let dead = broker::consume_all(&topics.dead, Duration::from_secs(60), |got| {
        got.len() >= bad.len()
    });
    let committed = wait_for(
        "offsets committed to the end",
        Duration::from_secs(60),
        || {
            let c = broker::committed_and_end(&topics.input, &topics.group);
            c.values()
                .all(|(committed, end)| *committed == Some(*end))
                .then_some(c)
        },
    );
    let status = process::terminate(&mut child);
    assert!(
        status.success(),
        "SIGTERM must drain and exit 0, got {status:?}"
    );

    let keys = broker::keys(&out);
    for id in &ids {
        assert!(keys.contains(id), "missing output for {id}");
    }
    assert_eq!(
        out.len(),
        expected,
        "one output record per input key in a clean run"
    );
    let validator = schema("enriched-article");
    for rec in out
        .iter()
        .filter(|r| r.key.as_deref() == Some(b"000_3d07b1e22713dee6") || r.offset % 97 == 0)
    {
        let v: serde_json::Value = serde_json::from_slice(rec.payload.as_ref().unwrap()).unwrap();
        assert_valid(&validator, &v);
        assert_eq!(
            v["id"].as_str().unwrap().as_bytes(),
            rec.key.as_deref().unwrap(),
            "output key is the article id"
        );
        assert_eq!(v["origin"]["topic"], topics.input.as_str());
    }
    // The sample's events come through Kafka: Sisi meets Haftar in Cairo
    // (EGYGOV → LBYMIL, CONSULT root 04, GeoNames 360630).
    let sample_out = out
        .iter()
        .find(|r| r.key.as_deref() == Some(b"000_3d07b1e22713dee6"))
        .unwrap();
    let v: serde_json::Value =
        serde_json::from_slice(sample_out.payload.as_ref().unwrap()).unwrap();
    let events = v["events"].as_array().unwrap();
    assert!(
        events.iter().any(|e| e["source"]["code"] == "EGYGOV"
            && e["target"]["code"] == "LBYMIL"
            && e["cameo"]["root"] == "04"
            && e["plover"]["type"] == "CONSULT"
            && e["location"]["geonameid"] == 360630),
        "{events:#?}"
    );
    let generated = out
        .iter()
        .find(|r| r.key.as_deref() == Some(b"gen-000007"))
        .unwrap();
    assert!(
        generated
            .headers
            .iter()
            .any(|(k, v)| k == "trace-id" && v == b"t7"),
        "input headers pass through"
    );

    let dl_schema = schema("dead-letter");
    let mut reasons: HashMap<String, String> = HashMap::new();
    for rec in &dead {
        let v: serde_json::Value = serde_json::from_slice(rec.payload.as_ref().unwrap()).unwrap();
        assert_valid(&dl_schema, &v);
        assert!(
            rec.headers.iter().any(|(k, v)| k == "h" && v == b"v"),
            "original headers are kept"
        );
        assert_eq!(v["origin"]["topic"], topics.input.as_str());
        reasons.insert(
            String::from_utf8(rec.key.clone().unwrap()).unwrap(),
            v["reason"].as_str().unwrap().to_string(),
        );
    }
    for (key, payload, reason) in &bad {
        assert_eq!(
            reasons.get(*key).map(String::as_str),
            Some(*reason),
            "{key}"
        );
        let rec = dead
            .iter()
            .find(|r| r.key.as_deref() == Some(key.as_bytes()))
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(rec.payload.as_ref().unwrap()).unwrap();
        let original = newsevents::sink::dead_letter::DeadLetter::from_value(&v)
            .unwrap()
            .payload
            .map(|p| p.decode().unwrap());
        assert_eq!(
            original.as_ref(),
            payload.as_ref(),
            "{key}: the original bytes are kept"
        );
    }
    let total_end: i64 = committed.values().map(|(_, end)| *end).sum();
    assert_eq!(total_end as usize, records.len());
}

#[test]
fn kill_9_mid_run_then_restart_loses_nothing() {
    let _b = broker::shared();
    let topics = Topics::new("kill9", 3);
    let n = 10_000;
    let (ids, records) = generated(0..n);
    broker::produce(&topics.input, &records);

    let mut first = topics.start(&["--set", "kafka.commit_interval_ms=200"]);
    wait_for(
        "a third of the output before the kill",
        Duration::from_secs(300),
        || {
            let seen = broker::consume_all(&topics.output, Duration::from_secs(2), |got| {
                got.len() >= n / 3
            });
            (seen.len() >= n / 3).then_some(())
        },
    );
    first.kill().expect("kill -9");
    first.wait().unwrap();

    let mut second = topics.start(&[]);
    let out = broker::consume_all(&topics.output, Duration::from_secs(600), |got| {
        broker::keys(got).len() >= n
    });
    let status = process::terminate(&mut second);
    assert!(status.success(), "{status:?}");

    let keys = broker::keys(&out);
    let lost: Vec<&String> = ids.iter().filter(|id| !keys.contains(*id)).collect();
    let duplicates = out.len() - keys.len();
    let report = format!(
        "kill -9 test: sent {n}, received {} records, {} distinct, duplicates {duplicates}, lost {}\n",
        out.len(),
        keys.len(),
        lost.len()
    );
    eprint!("{report}");
    let _ = std::fs::create_dir_all(repo_path("target/test-reports"));
    let _ = std::fs::write(repo_path("target/test-reports/kill9.txt"), &report);
    assert!(
        lost.is_empty(),
        "lost {} articles, e.g. {:?}",
        lost.len(),
        &lost[..lost.len().min(5)]
    );
}

/// `--set` takes librdkafka property names in TOML's quoted-key syntax (the
/// README promises every property passes through): with
/// `auto.offset.reset=latest` a fresh group skips what was written before
/// it joined and processes what comes after.
#[test]
fn set_passes_dotted_librdkafka_keys_through_to_the_consumer() {
    let _b = broker::shared();
    let topics = Topics::new("dotted", 1);
    let (before_ids, before) = generated(0..5);
    broker::produce(&topics.input, &before);
    let mut child = topics.start(&[
        "--set",
        "kafka.consumer.librdkafka.\"auto.offset.reset\"=latest",
    ]);
    // Keep writing until something comes out: the first writes may land
    // before the consumer has resolved its starting position.
    let mut i = 5;
    let out = wait_for("output after joining", Duration::from_secs(120), || {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the processor exited ({status}): the --set key was not accepted");
        }
        let (_, more) = generated(i..i + 1);
        broker::produce(&topics.input, &more);
        i += 1;
        let out = broker::consume_all(&topics.output, Duration::from_millis(500), |got| {
            !got.is_empty()
        });
        (!out.is_empty()).then_some(out)
    });
    let status = process::terminate(&mut child);
    assert!(status.success(), "{status:?}");
    let keys = broker::keys(&out);
    assert!(
        before_ids.iter().all(|id| !keys.contains(id)),
        "auto.offset.reset=latest skipped what came before: {keys:?}"
    );
}
