//! The dead-letter record (schema `schemas/dead-letter.schema.json`): the
//! original bytes, key and headers, where they came from, and why they
//! failed. Bytes that are valid UTF-8 are kept as strings, others as base64,
//! so the record is always valid JSON and the original is recoverable.
//!
//! A dead letter must fit its topic, so [`crate::sink::encode`] may cut a
//! large payload, key or header to a prefix. A cut value says so: it carries
//! [`Truncation`] (the original size and SHA-256), and the whole original
//! is still in the input topic at `origin`.

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::Digest as _;

use crate::article::Origin;
use crate::source::SourceMessage;

/// Marker value of the `kind` field of every dead-letter record.
pub const DEAD_LETTER_KIND: &str = "newsevents.dead_letter";

/// Header carrying the reason code on a dead-letter Kafka message.
pub const REASON_HEADER: &str = "newsevents.dead_letter.reason";

/// What was cut from a value to make the record fit its topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Truncation {
    /// Size of the whole original value, bytes.
    pub original_bytes: usize,
    /// SHA-256 of the whole original value, lowercase hex.
    pub sha256: String,
}

/// Bytes as JSON: a string when valid UTF-8, else base64; a prefix with
/// [`Truncation`] when the value was cut.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Bytes {
    /// Valid UTF-8 text.
    Text {
        /// The text.
        text: String,
        /// Set when `text` is only a prefix of the original.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        truncated: Option<Truncation>,
    },
    /// Anything else, standard base64 with padding.
    Base64 {
        /// The encoded bytes.
        base64: String,
        /// Set when `base64` encodes only a prefix of the original.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        truncated: Option<Truncation>,
    },
}

impl Bytes {
    /// Encodes `bytes`, preferring text.
    pub fn encode(bytes: &[u8]) -> Self {
        Self::encode_as(bytes, None)
    }

    fn encode_as(bytes: &[u8], truncated: Option<Truncation>) -> Self {
        match std::str::from_utf8(bytes) {
            Ok(s) => Bytes::Text {
                text: s.to_string(),
                truncated,
            },
            Err(_) => Bytes::Base64 {
                base64: base64::engine::general_purpose::STANDARD.encode(bytes),
                truncated,
            },
        }
    }

    /// Encodes at most the first `keep` bytes of `bytes` (fewer, to end on a
    /// character boundary when `bytes` is text), recording the original's
    /// size and digest when anything was cut.
    pub fn encode_prefix(bytes: &[u8], keep: usize) -> Self {
        if bytes.len() <= keep {
            return Self::encode(bytes);
        }
        let mut cut = keep;
        if std::str::from_utf8(bytes).is_ok() {
            while cut > 0 && (bytes[cut] & 0xC0) == 0x80 {
                cut -= 1;
            }
        }
        Self::encode_as(&bytes[..cut], Some(Truncation::of(bytes)))
    }

    /// The bytes this value holds: the whole original, or a prefix of it
    /// when [`Bytes::truncation`] is set.
    ///
    /// # Errors
    /// If a base64 value is malformed.
    pub fn decode(&self) -> Result<Vec<u8>, base64::DecodeError> {
        match self {
            Bytes::Text { text, .. } => Ok(text.as_bytes().to_vec()),
            Bytes::Base64 { base64, .. } => {
                base64::engine::general_purpose::STANDARD.decode(base64)
            }
        }
    }

    /// What was cut, if this is only a prefix of the original.
    pub fn truncation(&self) -> Option<&Truncation> {
        match self {
            Bytes::Text { truncated, .. } | Bytes::Base64 { truncated, .. } => truncated.as_ref(),
        }
    }
}

impl Truncation {
    /// Size and SHA-256 of `original`.
    pub fn of(original: &[u8]) -> Self {
        let digest = sha2::Sha256::digest(original);
        Truncation {
            original_bytes: original.len(),
            sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
        }
    }
}

/// A header name: a plain string when it is valid UTF-8 (and whole), else
/// [`Bytes`] (base64, or a cut prefix).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum HeaderName {
    /// A UTF-8 name, whole.
    Text(String),
    /// A name that is not UTF-8, or was cut.
    Bytes(Bytes),
}

impl HeaderName {
    /// Encodes `name`, a plain string when possible.
    pub fn encode(name: &[u8]) -> Self {
        Self::encode_prefix(name, usize::MAX)
    }

    /// Encodes at most `keep` bytes of `name` (see [`Bytes::encode_prefix`]).
    pub fn encode_prefix(name: &[u8], keep: usize) -> Self {
        match (std::str::from_utf8(name), name.len() <= keep) {
            (Ok(s), true) => HeaderName::Text(s.to_string()),
            _ => HeaderName::Bytes(Bytes::encode_prefix(name, keep)),
        }
    }

    /// The name's bytes (a prefix when cut).
    ///
    /// # Errors
    /// If a base64 value is malformed.
    pub fn decode(&self) -> Result<Vec<u8>, base64::DecodeError> {
        match self {
            HeaderName::Text(s) => Ok(s.as_bytes().to_vec()),
            HeaderName::Bytes(b) => b.decode(),
        }
    }

    /// What was cut, if this is only a prefix of the original name.
    pub fn truncation(&self) -> Option<&Truncation> {
        match self {
            HeaderName::Text(_) => None,
            HeaderName::Bytes(b) => b.truncation(),
        }
    }
}

/// One Kafka header of the original message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Header name.
    pub key: HeaderName,
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
    /// Headers left out (from the end) to make the record fit its topic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers_omitted: Option<usize>,
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
    /// Builds the whole record for `msg` (nothing cut).
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
                    key: HeaderName::encode(k),
                    value: v.as_deref().map(Bytes::encode),
                })
                .collect(),
            headers_omitted: None,
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

    /// True when any part of the original was cut or left out: the record
    /// alone no longer holds the original message.
    pub fn is_truncated(&self) -> bool {
        self.headers_omitted.is_some()
            || self.key.as_ref().is_some_and(|k| k.truncation().is_some())
            || self
                .payload
                .as_ref()
                .is_some_and(|p| p.truncation().is_some())
            || self.headers.iter().any(|h| {
                h.key.truncation().is_some()
                    || h.value.as_ref().is_some_and(|v| v.truncation().is_some())
            })
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
                (b"trace".to_vec(), Some(b"abc".to_vec())),
                (b"null".to_vec(), None),
                (b"\xffname".to_vec(), Some(b"x".to_vec())),
            ],
            timestamp_ms: Some(5),
            ticket: None,
        };
        let dl = DeadLetter::new(&msg, "invalid_utf8", "bad".into(), None);
        let json = serde_json::to_value(&dl).unwrap();
        assert_eq!(json["payload"]["base64"], "eyJpZCI6/n0=");
        assert_eq!(json["headers"][0]["value"]["text"], "abc");
        assert_eq!(json["headers"][0]["key"], "trace");
        assert_eq!(json["headers"][2]["key"]["base64"], "/25hbWU=");
        let back = DeadLetter::from_value(&json).unwrap();
        assert_eq!(back.headers[2].key.decode().unwrap(), b"\xffname");
        assert!(!back.is_truncated());
        assert_eq!(back.payload.unwrap().decode().unwrap(), b"{\"id\":\xfe}");
        assert_eq!(back.key.unwrap().decode().unwrap(), b"k\xff");
        assert!(DeadLetter::from_value(&serde_json::json!({"id": "x"})).is_none());
    }

    #[test]
    fn a_cut_value_keeps_a_prefix_on_a_char_boundary_with_size_and_digest() {
        let text = "قال".as_bytes(); // 6 bytes, 2 per letter
        let b = Bytes::encode_prefix(text, 3);
        assert_eq!(b.decode().unwrap(), "ق".as_bytes());
        let t = b.truncation().unwrap();
        assert_eq!(t.original_bytes, 6);
        // sha256sum of the same 6 bytes.
        assert_eq!(
            t.sha256,
            "9802426735d3127ccd571700e4c04770639bc7e9b1659bd4210e87a0b2bc0dc3"
        );
        let json = serde_json::to_value(&b).unwrap();
        assert_eq!(json["truncated"]["original_bytes"], 6);
        let back: Bytes = serde_json::from_value(json).unwrap();
        assert_eq!(back, b);
        assert!(Bytes::encode_prefix(text, 6).truncation().is_none());
        let binary = Bytes::encode_prefix(&[0xff; 10], 4);
        assert_eq!(binary.decode().unwrap(), vec![0xff; 4]);
        assert!(matches!(
            HeaderName::encode_prefix(b"long-name", 4),
            HeaderName::Bytes(Bytes::Text { .. })
        ));
    }
}
