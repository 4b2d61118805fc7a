//! Single messages that used to stop a partition for good, or were
//! rejected or misread although fine (issue 19), on the real broker: each
//! is dead-lettered with its reason or processed, the messages behind it
//! are processed, the processor keeps running and commits to the end.

use std::process::Child;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::Value;
use sha2::Digest as _;

use crate::support::broker::{self, Consumed, RawRecord};
use crate::support::topics::{Topics, generated};
use crate::support::{articles, process, wait_for};

/// Reads `topic` until `done` says enough; fails at once, naming the exit
/// status, if the processor exits meanwhile, and after `timeout` otherwise.
pub fn await_records(
    child: &mut Child,
    bootstrap: &str,
    topic: &str,
    what: &str,
    timeout: Duration,
    mut done: impl FnMut(&[Consumed]) -> bool,
) -> Vec<Consumed> {
    let deadline = Instant::now() + timeout;
    loop {
        let got = broker::consume_all_at(bootstrap, topic, Duration::from_secs(2), &mut done);
        if done(&got) {
            return got;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "the processor exited ({status}) before {what}; {} records on {topic}",
                got.len()
            );
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}; {} records on {topic}",
            got.len()
        );
    }
}

fn json(record: &Consumed) -> Value {
    serde_json::from_slice(record.payload.as_deref().expect("payload")).expect("JSON record")
}

fn raw(records: Vec<broker::Record>) -> Vec<RawRecord> {
    records
        .into_iter()
        .map(|r| RawRecord {
            key: r.key,
            payload: r.payload,
            headers: r
                .headers
                .into_iter()
                .map(|(k, v)| (k.into_bytes(), Some(v)))
                .collect(),
        })
        .collect()
}

/// `n` bytes that do not compress (xorshift64): the topic limit applies to
/// the compressed batch, so compressible test data would slip through.
fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn sha256_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every good id arrives on the output, exactly the expected dead letters
/// on the dead-letter topic, offsets are committed to the end, and the
/// processor is still running; then it stops cleanly.
fn expect_processed(
    child: &mut Child,
    topics: &Topics,
    good: &[String],
    dead: usize,
) -> (Vec<Consumed>, Vec<Consumed>) {
    let out = await_records(
        child,
        &topics.bootstrap,
        &topics.output,
        "every good article on the output",
        Duration::from_secs(120),
        |got| good.iter().all(|id| broker::keys(got).contains(id)),
    );
    let dl = await_records(
        child,
        &topics.bootstrap,
        &topics.dead,
        "the dead letters",
        Duration::from_secs(60),
        |got| got.len() >= dead,
    );
    assert_eq!(dl.len(), dead, "dead letters: {dl:?}");
    wait_for(
        "offsets committed to the end",
        Duration::from_secs(60),
        || {
            broker::committed_and_end_at(&topics.bootstrap, &topics.input, &topics.group)
                .values()
                .all(|(c, end)| *c == Some(*end))
                .then_some(())
        },
    );
    assert!(
        child.try_wait().unwrap().is_none(),
        "the processor must keep running"
    );
    let status = process::terminate(child);
    assert!(status.success(), "clean stop: {status:?}");
    (out, dl)
}

#[test]
fn a_header_name_that_is_not_utf8_is_dead_lettered_and_the_partition_moves_on() {
    let _b = broker::shared();
    let topics = Topics::new("badheader", 1);
    let (ids, good) = generated(0..10);
    let mut good = raw(good);
    let name = b"\xff\xfetrace".to_vec();
    let (_, payload) = articles::article(99);
    let hostile = RawRecord {
        key: Some(b"hostile".to_vec()),
        payload: Some(payload.clone().into_bytes()),
        headers: vec![
            (b"ok".to_vec(), Some(b"v".to_vec())),
            (name.clone(), Some(b"\xc3\x28".to_vec())),
        ],
    };
    let tail = good.split_off(5);
    let records: Vec<RawRecord> = good.into_iter().chain([hostile]).chain(tail).collect();
    broker::produce_raw_at(&topics.bootstrap, &topics.input, &records);

    let mut child = topics.start(&["--set", "kafka.commit_interval_ms=200"]);
    let (_, dl) = expect_processed(&mut child, &topics, &ids, 1);
    let v = json(&dl[0]);
    assert_eq!(v["reason"], "invalid_header", "{v}");
    assert_eq!(v["origin"]["offset"], 5);
    // The original is recoverable: payload as text, the name as base64.
    assert_eq!(v["payload"]["text"], payload.as_str());
    assert_eq!(v["headers"][0]["key"], "ok");
    assert_eq!(v["headers"][1]["key"]["base64"], b64(&name), "{v}");
    assert_eq!(v["headers"][1]["value"]["base64"], b64(b"\xc3\x28"));
    crate::support::assert_valid(&crate::support::schema("dead-letter"), &v);
}

#[test]
fn a_dead_letter_too_large_for_its_topic_is_cut_to_fit_and_names_the_original() {
    let _b = broker::shared();
    // Output and dead-letter topics with the broker's default limit (1 MiB),
    // as deploy/compose.yaml creates them.
    let topics = Topics::on(&broker::bootstrap(), "bigdead", 1, &[]);
    let (ids, good) = generated(0..6);
    let mut good = raw(good);
    // Incompressible and not UTF-8 (base64 in the dead letter: 1.4 MB).
    let mut binary = noise(1_048_576, 7);
    binary[0] = 0xff;
    let big = RawRecord {
        key: Some(b"big-binary".to_vec()),
        payload: Some(binary.clone()),
        headers: vec![(b"trace-id".to_vec(), Some(b"t-big".to_vec()))],
    };
    let tail = good.split_off(3);
    let records: Vec<RawRecord> = good.into_iter().chain([big]).chain(tail).collect();
    broker::produce_raw_at(&topics.bootstrap, &topics.input, &records);

    let mut child = topics.start(&["--set", "kafka.commit_interval_ms=200"]);
    let (_, dl) = expect_processed(&mut child, &topics, &ids, 1);
    let v = json(&dl[0]);
    let head: String = v.to_string().chars().take(300).collect();
    assert_eq!(v["reason"], "invalid_utf8", "{head}");
    assert_eq!(v["origin"]["offset"], 3);
    let cut = &v["payload"];
    assert_eq!(cut["truncated"]["original_bytes"], 1_048_576);
    assert_eq!(cut["truncated"]["sha256"], sha256_hex(&binary));
    let kept = base64::engine::general_purpose::STANDARD
        .decode(cut["base64"].as_str().unwrap())
        .unwrap();
    assert!(
        !kept.is_empty() && binary.starts_with(&kept),
        "a prefix of the original"
    );
    assert_eq!(v["headers"][0]["value"]["text"], "t-big");
    crate::support::assert_valid(&crate::support::schema("dead-letter"), &v);
}

#[test]
fn an_enriched_record_too_large_for_its_topic_drops_the_big_header_and_says_so() {
    let _b = broker::shared();
    let topics = Topics::on(&broker::bootstrap(), "bigheader", 1, &[]);
    let (mut ids, good) = generated(0..4);
    let mut good = raw(good);
    let (id, payload) = articles::article(500);
    let blob = noise(1_048_576, 11);
    let big = RawRecord {
        key: Some(id.clone().into_bytes()),
        payload: Some(payload.into_bytes()),
        headers: vec![
            (b"trace-id".to_vec(), Some(b"t-500".to_vec())),
            (b"blob".to_vec(), Some(blob.clone())),
        ],
    };
    let tail = good.split_off(2);
    let records: Vec<RawRecord> = good.into_iter().chain([big]).chain(tail).collect();
    broker::produce_raw_at(&topics.bootstrap, &topics.input, &records);
    ids.push(id.clone());

    let mut child = topics.start(&["--set", "kafka.commit_interval_ms=200"]);
    let (out, _) = expect_processed(&mut child, &topics, &ids, 0);
    let rec = out
        .iter()
        .find(|r| r.key_str().as_deref() == Some(id.as_str()))
        .unwrap();
    assert_eq!(json(rec)["id"], id.as_str());
    assert_eq!(rec.header("trace-id").as_deref(), Some("t-500"));
    assert!(rec.header("blob").is_none(), "the 1 MiB header is dropped");
    let note: Value =
        serde_json::from_str(&rec.header("newsevents.dropped_headers").unwrap()).unwrap();
    assert_eq!(note[0]["name"], "blob");
    assert_eq!(note[0]["bytes"], 1_048_576);
    assert_eq!(note[0]["sha256"], sha256_hex(&blob));
}

#[test]
fn an_article_with_a_byte_order_mark_is_enriched_not_dead_lettered() {
    let _b = broker::shared();
    let topics = Topics::new("bom", 1);
    let (id, payload) = articles::article(7);
    let mut with_bom = "\u{FEFF}".as_bytes().to_vec();
    with_bom.extend_from_slice(payload.as_bytes());
    broker::produce(
        &topics.input,
        &[broker::Record {
            key: Some(id.clone().into_bytes()),
            payload: Some(with_bom),
            headers: vec![],
        }],
    );
    let mut child = topics.start(&[]);
    let (out, _) = expect_processed(&mut child, &topics, std::slice::from_ref(&id), 0);
    assert_eq!(json(&out[0])["id"], id.as_str());
}

#[test]
fn a_one_line_english_article_is_not_detected_as_italian() {
    let _b = broker::shared();
    let topics = Topics::new("shortlang", 1);
    let article = serde_json::json!({"id": "short-1", "body": "Talks in Cairo."});
    broker::produce(
        &topics.input,
        &[broker::Record {
            key: Some(b"short-1".to_vec()),
            payload: Some(article.to_string().into_bytes()),
            headers: vec![],
        }],
    );
    let mut child = topics.start(&[]);
    let (out, _) = expect_processed(&mut child, &topics, &["short-1".to_string()], 0);
    let language = &json(&out[0])["language"];
    assert_ne!(language["code"], "it", "{language}");
    assert!(
        matches!(language["code"].as_str(), Some("en" | "und")),
        "thin evidence gives English or undetermined, not a guess: {language}"
    );
}
