//! One message in, one outcome out: header check, decoding, the stage
//! chain and encoding. Pure CPU, no I/O.

use crate::sink::OutRecord;
use crate::sink::encode::Encoder;
use crate::source::{SourceMessage, decode};
use crate::stages::{Chain, Document};
use crate::telemetry::events;

/// Why a message is dead-lettered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Bounded snake_case code: metric label and dead-letter `reason`.
    pub reason: &'static str,
    /// Human-readable explanation: the dead letter's `detail`.
    pub detail: String,
    /// The stage that failed, `None` for decoding and encoding.
    pub stage: Option<&'static str>,
}

/// What enrichment made of one message.
#[derive(Debug)]
pub enum Outcome {
    /// Enriched, encoded and small enough for the output topic.
    Enriched {
        /// The record to produce.
        record: OutRecord,
        /// Actors found.
        actors: usize,
        /// Locations found.
        locations: usize,
    },
    /// The message goes to the dead-letter topic.
    Failed(Failure),
}

/// Decodes, checks and enriches one message, and encodes the result: pure
/// CPU, no I/O (the pipeline runs it on the blocking pool; the fuzz target
/// calls it directly).
pub fn enrich(chain: &Chain, encoder: &Encoder, max_bytes: usize, msg: &SourceMessage) -> Outcome {
    let failed = |reason, detail: String, stage| {
        Outcome::Failed(Failure {
            reason,
            detail,
            stage,
        })
    };
    if let Err(e) = decode::check_headers(&msg.headers) {
        return failed(e.reason(), e.to_string(), None);
    }
    let raw = match decode::decode(msg.payload.as_deref(), max_bytes) {
        Ok(raw) => raw,
        Err(e) => return failed(e.reason(), e.to_string(), None),
    };
    let mut doc = Document::new(raw, msg.origin.clone());
    if let Err(e) = chain.process(&mut doc) {
        return failed(e.error.reason(), e.to_string(), Some(e.stage));
    }
    if chain.has_events() {
        events::events_coded(&doc.events);
    }
    match encoder.enriched(&doc, msg) {
        Ok(record) => Outcome::Enriched {
            record,
            actors: doc.actors.len(),
            locations: doc.locations.len(),
        },
        Err(e) => failed(e.reason(), e.to_string(), None),
    }
}
