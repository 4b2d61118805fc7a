//! Whole Kafka messages, as the source hands them to the pipeline: key,
//! payload, header names and values as arbitrary bytes, the timestamp, and
//! the record limits of the output topics. Per message:
//!
//! 1. The headers go through a librdkafka header list and back, the way
//!    the source reads them (names up to their first NUL, values whole).
//! 2. `app::enrich` (header check, decode, the whole stage chain, encode)
//!    must not panic; an enriched record fits the output limit.
//! 3. A failure becomes a dead letter that fits the dead-letter limit (or,
//!    only for a limit below the bare record, a `CannotFit` error); it
//!    parses back as a dead-letter record, and when nothing was cut it
//!    gives back the original key, payload and headers byte for byte.
//!
//! Run: `cargo +nightly fuzz run kafka_message` (from the repository root;
//! see RELIABILITY.md for the figures of the last long run).
#![no_main]

use std::sync::{Arc, OnceLock};

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use newsevents::app::{Outcome, enrich};
use newsevents::article::{Origin, Versions};
use newsevents::config::Settings;
use newsevents::sink::dead_letter::DeadLetter;
use newsevents::sink::encode::{EncodeError, Encoder, RecordLimits, record_size};
use newsevents::source::SourceMessage;
use newsevents::stages::Chain;

#[derive(Arbitrary, Debug)]
struct Message {
    key: Option<Vec<u8>>,
    payload: Option<Vec<u8>>,
    headers: Vec<(Vec<u8>, Option<Vec<u8>>)>,
    timestamp_ms: Option<i64>,
    /// Small record limits (exercise cutting) or the Kafka default.
    small_limits: bool,
    limit_units: u16,
}

fn chain() -> &'static (Chain, Arc<Versions>) {
    static CHAIN: OnceLock<(Chain, Arc<Versions>)> = OnceLock::new();
    CHAIN.get_or_init(|| {
        let settings = Settings::load(None, Vec::new(), &[]).expect("default settings");
        let (chain, versions) = newsevents::app::build_chain(&settings).expect("chain");
        (chain, Arc::new(versions))
    })
}

fuzz_target!(|m: Message| {
    // 1. Through a librdkafka header list and back.
    let list = newsevents::sink::kafka::owned_headers(
        m.headers.iter().map(|(k, v)| (k.as_slice(), v.as_deref())),
    );
    let headers = newsevents::source::headers::read_owned(&list);
    assert_eq!(headers.len(), m.headers.len());
    for ((name, value), (got_name, got_value)) in m.headers.iter().zip(&headers) {
        let until_nul = name.iter().position(|b| *b == 0).unwrap_or(name.len());
        assert_eq!(got_name.as_slice(), &name[..until_nul]);
        assert_eq!(got_value, value);
    }

    // 2. Enrichment of the whole message.
    let (chain, versions) = chain();
    let limits = if m.small_limits {
        let bytes = 512 + usize::from(m.limit_units) * 16;
        RecordLimits {
            enriched: bytes,
            dead_letter: bytes,
        }
    } else {
        let bytes = RecordLimits::for_topic(1_048_588);
        RecordLimits {
            enriched: bytes,
            dead_letter: bytes,
        }
    };
    let encoder = Encoder::new(versions.clone(), limits);
    let msg = SourceMessage {
        origin: Origin {
            topic: "fuzz".into(),
            partition: 0,
            offset: 0,
        },
        key: m.key.clone(),
        payload: m.payload.clone(),
        headers,
        timestamp_ms: m.timestamp_ms,
        ticket: None,
    };
    let failure = match enrich(chain, &encoder, 4 * 1024 * 1024, &msg) {
        Outcome::Enriched { record, .. } => {
            assert!(record_size(&record) <= limits.enriched);
            let _: serde_json::Value =
                serde_json::from_slice(&record.payload).expect("enriched record is JSON");
            return;
        }
        Outcome::Failed(f) => f,
    };

    // 3. The dead letter.
    match encoder.dead_letter(&msg, failure.reason, &failure.detail, failure.stage) {
        Ok(record) => {
            assert!(record_size(&record) <= limits.dead_letter);
            let v: serde_json::Value =
                serde_json::from_slice(&record.payload).expect("dead letter is JSON");
            let dl = DeadLetter::from_value(&v).expect("a dead-letter record");
            assert_eq!(dl.reason, failure.reason);
            if !dl.is_truncated() {
                assert_eq!(dl.key.map(|k| k.decode().unwrap()), msg.key);
                assert_eq!(dl.payload.map(|p| p.decode().unwrap()), msg.payload);
                let back: Vec<(Vec<u8>, Option<Vec<u8>>)> = dl
                    .headers
                    .iter()
                    .map(|h| {
                        (
                            h.key.decode().unwrap(),
                            h.value.as_ref().map(|v| v.decode().unwrap()),
                        )
                    })
                    .collect();
                assert_eq!(back, msg.headers);
            }
        }
        Err(EncodeError::CannotFit { size, limit }) => assert!(size > limit),
        Err(e) => panic!("dead letter not encoded: {e}"),
    }
});
