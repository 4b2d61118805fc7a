//! The dead-letter record (schema `schemas/dead-letter.schema.json`): the
//! original bytes, key and headers, where they came from, and why they
//! failed. Bytes that are valid UTF-8 are kept as strings, others as base64,
//! so the record is always valid JSON and the original is recoverable.

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::article::Origin;
use crate::source::SourceMessage;

/// Marker value of the `kind` field of every dead-letter record.
pub const DEAD_LETTER_KIND: &str = "newsevents.dead_letter";

/// Header carrying the reason code on a dead-letter Kafka message.
pub const REASON_HEADER: &str = "newsevents.dead_letter.reason";

/// Bytes as JSON: a string when valid UTF-8, else base64.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Bytes {
    /// Valid UTF-8 text.
    Text {
        /// The text.
        text: String,
    },
    /// Anything else, standard base64 with padding.
    Base64 {
        /// The encoded bytes.
        base64: String,
    },
}

impl Bytes {
    /// Encodes `bytes`, preferring text.
    pub fn encode(bytes: &[u8]) -> Self {
        match std::str::from_utf8(bytes) {
            Ok(s) => Bytes::Text {
                text: s.to_string(),
            },
            Err(_) => Bytes::Base64 {
                base64: base64::engine::general_purpose::STANDARD.encode(bytes),
            },
        }
    }

    /// The original bytes.
    ///
    /// # Errors
    /// If a base64 value is malformed.
    pub fn decode(&self) -> Result<Vec<u8>, base64::DecodeError> {
        match self {
            Bytes::Text { text } => Ok(text.as_bytes().to_vec()),
            Bytes::Base64 { base64 } => base64::engine::general_purpose::STANDARD.decode(base64),
        }
    }
}

/// One Kafka header of the original message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Header name.
    pub key: String,
    /// Header value, `None` for a null header.
    pub value: Option<Bytes>,
}

/// A message that could not be processed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadLetter {
    /// Always [`DEAD_LETTER_KIND`].
    pub kind: String,
    /// Bounded snake_case reason code (`invalid_json`, `timeout`, …).
    pub reason: String,
    /// Human-readable explanation.
    pub detail: String,
    /// Stage that failed, `null` when decoding failed.
    pub stage: Option<String>,
    /// Where the message came from.
    pub origin: Origin,
    /// Original key.
    pub key: Option<Bytes>,
    /// Original headers, in order.
    pub headers: Vec<Header>,
    /// Original payload; `null` for a tombstone.
    pub payload: Option<Bytes>,
    /// Original Kafka timestamp, ms since the Unix epoch.
    pub timestamp_ms: Option<i64>,
    /// RFC 3339 UTC time of failure.
    pub failed_at: String,
    /// Processor version that failed it.
    pub processor_version: String,
}

impl DeadLetter {
    /// Builds the record for `msg`.
    pub fn new(msg: &SourceMessage, reason: &str, detail: String, stage: Option<&str>) -> Self {
        DeadLetter {
            kind: DEAD_LETTER_KIND.to_string(),
            reason: reason.to_string(),
            detail,
            stage: stage.map(str::to_string),
            origin: msg.origin.clone(),
            key: msg.key.as_deref().map(Bytes::encode),
            headers: msg
                .headers
                .iter()
                .map(|(k, v)| Header {
                    key: k.clone(),
                    value: v.as_deref().map(Bytes::encode),
                })
                .collect(),
            payload: msg.payload.as_deref().map(Bytes::encode),
            timestamp_ms: msg.timestamp_ms,
            failed_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            processor_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }

    /// Parses a dead-letter record, or `None` if `value` is not one.
    pub fn from_value(value: &Value) -> Option<Self> {
        if value.get("kind").and_then(Value::as_str) != Some(DEAD_LETTER_KIND) {
            return None;
        }
        serde_json::from_value(value.clone()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_round_trips_through_base64() {
        let msg = SourceMessage {
            origin: Origin {
                topic: "in".into(),
                partition: 2,
                offset: 9,
            },
            key: Some(b"k\xff".to_vec()),
            payload: Some(b"{\"id\":\xfe}".to_vec()),
            headers: vec![
                ("trace".into(), Some(b"abc".to_vec())),
                ("null".into(), None),
            ],
            timestamp_ms: Some(5),
            ticket: None,
        };
        let dl = DeadLetter::new(&msg, "invalid_utf8", "bad".into(), None);
        let json = serde_json::to_value(&dl).unwrap();
        assert_eq!(json["payload"]["base64"], "eyJpZCI6/n0=");
        assert_eq!(json["headers"][0]["value"]["text"], "abc");
        let back = DeadLetter::from_value(&json).unwrap();
        assert_eq!(back.payload.unwrap().decode().unwrap(), b"{\"id\":\xfe}");
        assert_eq!(back.key.unwrap().decode().unwrap(), b"k\xff");
        assert!(DeadLetter::from_value(&serde_json::json!({"id": "x"})).is_none());
    }
}
