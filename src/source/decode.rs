//! Turns a message's bytes into a [`RawArticle`], or says in one bounded
//! reason code why it cannot: the input's fault, so the message is
//! dead-lettered and never retried.
//!
//! A UTF-8 byte-order mark in front of the JSON is skipped (RFC 8259 §8.1
//! lets a parser ignore it; editors on Windows write one). Headers are
//! checked by [`check_headers`]: a name that is not UTF-8 cannot be passed
//! on to the output (Kafka header names are strings, and many clients,
//! rdkafka among them, fail on such a name), so the message is
//! dead-lettered as `invalid_header` with its bytes kept.

use serde_json::Value;

use crate::article::RawArticle;

/// Why a payload is not a usable raw article (schema `schemas/raw-article.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// A Kafka tombstone or a zero-length payload.
    #[error("empty payload")]
    EmptyPayload,
    /// Larger than `pipeline.max_message_bytes`.
    #[error("payload is {size} bytes, above the {limit}-byte limit")]
    TooLarge {
        /// Payload size, bytes.
        size: usize,
        /// Configured limit, bytes.
        limit: usize,
    },
    /// Not valid UTF-8.
    #[error("payload is not valid UTF-8: {0}")]
    InvalidUtf8(String),
    /// Not JSON (or truncated JSON).
    #[error("payload is not valid JSON: {0}")]
    InvalidJson(String),
    /// JSON nested deeper than serde_json's recursion limit (128).
    #[error("JSON nested too deeply")]
    TooDeep,
    /// Valid JSON but not an object.
    #[error("payload is JSON but not an object")]
    NotAnObject,
    /// An object that breaks the raw-article schema (missing or mistyped field).
    #[error("schema violation: {0}")]
    SchemaViolation(String),
    /// The body has no letter or digit (only whitespace, tatweel, diacritics, marks).
    #[error("body has no letters or digits")]
    EmptyBody,
    /// A Kafka header name is not valid UTF-8.
    #[error("header {index} has a name that is not valid UTF-8 ({len} bytes)")]
    InvalidHeader {
        /// 0-based position of the header in the message.
        index: usize,
        /// Length of the name, bytes.
        len: usize,
    },
}

impl DecodeError {
    /// Bounded snake_case code: metric label and dead-letter `reason`.
    pub fn reason(&self) -> &'static str {
        match self {
            DecodeError::EmptyPayload => "empty_payload",
            DecodeError::TooLarge { .. } => "too_large",
            DecodeError::InvalidUtf8(_) => "invalid_utf8",
            DecodeError::InvalidJson(_) => "invalid_json",
            DecodeError::TooDeep => "too_deep",
            DecodeError::NotAnObject => "not_an_object",
            DecodeError::SchemaViolation(_) => "schema_violation",
            DecodeError::EmptyBody => "empty_body",
            DecodeError::InvalidHeader { .. } => "invalid_header",
        }
    }
}

/// The UTF-8 encoding of U+FEFF, the byte-order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Checks that every header name is valid UTF-8, so the headers can be
/// carried over to the output record.
///
/// # Errors
/// [`DecodeError::InvalidHeader`] for the first name that is not.
pub fn check_headers(headers: &[super::headers::RawHeader]) -> Result<(), DecodeError> {
    match headers
        .iter()
        .position(|(name, _)| std::str::from_utf8(name).is_err())
    {
        Some(index) => Err(DecodeError::InvalidHeader {
            index,
            len: headers[index].0.len(),
        }),
        None => Ok(()),
    }
}

/// Decodes and checks one payload.
///
/// # Errors
/// A [`DecodeError`] naming the first fault found, in the order size, UTF-8,
/// JSON syntax, shape, required fields, field types, body content.
pub fn decode(payload: Option<&[u8]>, max_bytes: usize) -> Result<RawArticle, DecodeError> {
    let bytes = payload
        .filter(|p| !p.is_empty())
        .ok_or(DecodeError::EmptyPayload)?;
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if bytes.len() > max_bytes {
        return Err(DecodeError::TooLarge {
            size: bytes.len(),
            limit: max_bytes,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| DecodeError::InvalidUtf8(e.to_string()))?;
    if text.trim().is_empty() {
        return Err(DecodeError::EmptyPayload);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        if e.to_string().contains("recursion limit") {
            DecodeError::TooDeep
        } else {
            DecodeError::InvalidJson(e.to_string())
        }
    })?;
    let Value::Object(map) = value else {
        return Err(DecodeError::NotAnObject);
    };
    for required in ["id", "body"] {
        match map.get(required) {
            None | Some(Value::Null) => {
                return Err(DecodeError::SchemaViolation(format!(
                    "missing required field `{required}`"
                )));
            }
            Some(Value::String(_)) => {}
            Some(other) => {
                return Err(DecodeError::SchemaViolation(format!(
                    "`{required}` must be a string, not {}",
                    type_name(other)
                )));
            }
        }
    }
    for optional in ["title", "lang", "url", "source", "published_at"] {
        match map.get(optional) {
            None | Some(Value::Null) | Some(Value::String(_)) => {}
            Some(other) => {
                return Err(DecodeError::SchemaViolation(format!(
                    "`{optional}` must be a string, not {}",
                    type_name(other)
                )));
            }
        }
    }
    if map
        .get("id")
        .and_then(Value::as_str)
        .is_some_and(|id| id.trim().is_empty())
    {
        return Err(DecodeError::SchemaViolation(
            "`id` must not be empty".into(),
        ));
    }
    let mut map = map;
    for optional in ["title", "lang", "url", "source", "published_at"] {
        if map.get(optional) == Some(&Value::Null) {
            map.remove(optional);
        }
    }
    let article: RawArticle = serde_json::from_value(Value::Object(map))
        .map_err(|e| DecodeError::SchemaViolation(e.to_string()))?;
    if !article.body.chars().any(is_content_char) {
        return Err(DecodeError::EmptyBody);
    }
    Ok(article)
}

/// A letter or digit that is not tatweel (U+0640) or an Arabic combining
/// mark (tashkeel U+064B–U+065F, U+0610–U+061A, U+0670, U+06D6–U+06ED,
/// U+08D3–U+08FF; Unicode counts some of them as Alphabetic).
fn is_content_char(c: char) -> bool {
    c.is_alphanumeric()
        && !matches!(c, '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0610}'..='\u{061A}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{08D3}'..='\u{08FF}')
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(payload: &[u8]) -> &'static str {
        decode(Some(payload), 1024 * 1024).unwrap_err().reason()
    }

    #[test]
    fn each_kind_of_bad_input_gets_its_reason() {
        assert_eq!(decode(None, 10).unwrap_err().reason(), "empty_payload");
        assert_eq!(reason(b""), "empty_payload");
        assert_eq!(reason(b"  \n"), "empty_payload");
        assert_eq!(
            reason(b"{\"id\":\"a\",\"body\":\"\xff\xfe\"}"),
            "invalid_utf8"
        );
        assert_eq!(
            reason(r#"{"id":"a","body":"نص مقطو"#.as_bytes()),
            "invalid_json"
        );
        assert_eq!(reason(b"[1,2]"), "not_an_object");
        assert_eq!(reason(b"\"text\""), "not_an_object");
        assert_eq!(reason(br#"{"body":"x"}"#), "schema_violation");
        assert_eq!(reason(br#"{"id":"a"}"#), "schema_violation");
        assert_eq!(reason(br#"{"id":"a","body":42}"#), "schema_violation");
        assert_eq!(
            reason(br#"{"id":"a","body":"x","title":["t"]}"#),
            "schema_violation"
        );
        assert_eq!(reason(br#"{"id":"","body":"x"}"#), "schema_violation");
        assert_eq!(
            reason(" {\"id\":\"a\",\"body\":\"  \\n\\t \"}".as_bytes()),
            "empty_body"
        );
        assert_eq!(
            reason("{\"id\":\"a\",\"body\":\"ـــــ\"}".as_bytes()),
            "empty_body"
        );
        assert_eq!(
            reason("{\"id\":\"a\",\"body\":\"َُِّْ\"}".as_bytes()),
            "empty_body"
        );
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(reason(deep.as_bytes()), "too_deep");
        let big = format!("{{\"id\":\"a\",\"body\":\"{}\"}}", "ب".repeat(3_000_000));
        assert_eq!(
            decode(Some(big.as_bytes()), 4 * 1024 * 1024)
                .unwrap_err()
                .reason(),
            "too_large"
        );
    }

    #[test]
    fn valid_article_keeps_optional_and_unknown_fields() {
        let a = decode(
            Some(
                r#"{"id":"x1","body":"التقى الرئيس","title":null,"lang":"ar","tags":["a"]}"#
                    .as_bytes(),
            ),
            1024,
        )
        .unwrap();
        assert_eq!(a.id, "x1");
        assert_eq!(a.title, None);
        assert_eq!(a.lang.as_deref(), Some("ar"));
        assert!(a.extra.contains_key("tags"));
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_counts_nothing() {
        let a = decode(
            Some("\u{FEFF}{\"id\":\"b1\",\"body\":\"قال الوزير\"}".as_bytes()),
            1024,
        )
        .unwrap();
        assert_eq!((a.id.as_str(), a.body.as_str()), ("b1", "قال الوزير"));
        assert_eq!(reason(UTF8_BOM), "empty_payload");
        assert_eq!(reason(b"\xEF\xBB\xBF\xEF\xBB\xBF{}"), "invalid_json");
    }

    #[test]
    fn a_header_name_that_is_not_utf8_is_invalid_header() {
        let ok = vec![(b"trace-id".to_vec(), Some(b"\xff".to_vec()))];
        assert_eq!(check_headers(&ok), Ok(()));
        let bad = vec![
            (b"trace-id".to_vec(), None),
            (b"\xffname".to_vec(), Some(b"v".to_vec())),
        ];
        let e = check_headers(&bad).unwrap_err();
        assert_eq!(e.reason(), "invalid_header");
        assert_eq!(e, DecodeError::InvalidHeader { index: 1, len: 5 });
    }

    #[test]
    fn nul_and_crlf_inside_strings_are_valid_text() {
        let a = decode(Some(b"{\"id\":\"n\",\"body\":\"a\\u0000b\\r\\nc\"}"), 1024).unwrap();
        assert_eq!(a.body, "a\0b\r\nc");
    }
}
