//! Builds the records the sinks write: a [`Document`] becomes an enriched
//! [`OutRecord`], a failed [`SourceMessage`] a dead-letter one, and both
//! are made to fit what their topic accepts ([`RecordLimits`]).
//!
//! - Headers are carried over from the input once, here
//!   ([`carried_headers`]).
//! - An enriched record too large for the output topic first loses its
//!   largest carried-over headers (named, with size and SHA-256, in the
//!   [`DROPPED_HEADERS_HEADER`] header); if the enrichment alone is still
//!   too large, the article is dead-lettered as `output_too_large`.
//! - A dead letter too large for the dead-letter topic keeps only small
//!   carried-over headers on the Kafka message (at most an eighth of the
//!   limit together), cuts long keys, header
//!   names and values to [`CUT_BYTES`] and the payload to what fits, each
//!   cut value marked with its original size and SHA-256
//!   ([`crate::sink::dead_letter::Truncation`]). The whole original stays in
//!   the input topic at the offset the record names. Only a limit too small
//!   for the bare record ([`EncodeError::CannotFit`]) stops the pipeline.

use crate::article::{EnrichedArticle, Versions};
use crate::sink::dead_letter::{Bytes, DeadLetter, Header, HeaderName, REASON_HEADER};
use crate::sink::{OutRecord, RecordKind};
use crate::source::SourceMessage;
use crate::stages::Document;

/// Header naming the carried-over headers dropped from an enriched record
/// to make it fit: a JSON array of `{"name", "bytes", "sha256"}`.
pub const DROPPED_HEADERS_HEADER: &str = "newsevents.dropped_headers";

/// Length a long key, header name or header value is cut to in a dead
/// letter that does not fit, bytes.
pub const CUT_BYTES: usize = 1024;

/// Longest `detail` kept in a dead letter that does not fit, bytes.
const DETAIL_BYTES: usize = 4096;

/// Per-record framing in a Kafka record batch (length, attributes, offset
/// and timestamp deltas, key/value lengths): at most about 25 bytes.
const RECORD_OVERHEAD: usize = 32;
/// Per-header framing (two varint lengths).
const HEADER_OVERHEAD: usize = 10;

/// Largest record each output accepts, in [`record_size`] bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordLimits {
    /// Output topic (enriched records).
    pub enriched: usize,
    /// Dead-letter topic.
    pub dead_letter: usize,
}

impl RecordLimits {
    /// No limit (JSON Lines files).
    pub const UNLIMITED: RecordLimits = RecordLimits {
        enriched: usize::MAX,
        dead_letter: usize::MAX,
    };

    /// The record limit for a topic whose `max.message.bytes` is
    /// `topic_limit`: what is left after the record-batch header (61 bytes)
    /// and the worst-case growth of a compressed batch (LZ4 adds up to
    /// 1/255 of the input plus a few bytes), with a margin.
    pub fn for_topic(topic_limit: usize) -> usize {
        topic_limit.saturating_sub(topic_limit / 200 + 512)
    }

    /// The limit for `kind`.
    pub fn of(&self, kind: RecordKind) -> usize {
        match kind {
            RecordKind::Enriched => self.enriched,
            RecordKind::DeadLetter => self.dead_letter,
        }
    }
}

/// Why a record cannot be made to fit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// The enriched record is larger than the output topic accepts even
    /// without carried-over headers: the article is dead-lettered.
    #[error(
        "enriched record is {size} bytes, the output topic accepts {limit} (its max.message.bytes, or kafka.max_record_bytes)"
    )]
    TooLarge {
        /// Record size, bytes.
        size: usize,
        /// Limit, bytes.
        limit: usize,
    },
    /// Even the bare dead letter (no payload, no headers) is larger than
    /// the dead-letter topic accepts: nothing can be written, so the
    /// pipeline stops.
    #[error(
        "a dead letter needs at least {size} bytes but the dead-letter topic accepts {limit}; raise the topic's max.message.bytes or kafka.max_record_bytes"
    )]
    CannotFit {
        /// Smallest record size, bytes.
        size: usize,
        /// Limit, bytes.
        limit: usize,
    },
    /// Serialisation failed (cannot happen for these types; kept as an error
    /// rather than a panic).
    #[error("cannot serialise the record: {0}")]
    Serialize(String),
}

impl EncodeError {
    /// Bounded snake_case code for the dead letter that replaces the record.
    pub fn reason(&self) -> &'static str {
        match self {
            EncodeError::TooLarge { .. } => "output_too_large",
            EncodeError::CannotFit { .. } => "dead_letter_too_large",
            EncodeError::Serialize(_) => "serialize_failed",
        }
    }
}

/// Bytes a record occupies in a Kafka record batch, uncompressed, framing
/// included.
pub fn record_size(record: &OutRecord) -> usize {
    RECORD_OVERHEAD
        + record.key.as_ref().map_or(0, Vec::len)
        + record.payload.len()
        + record
            .headers
            .iter()
            .map(|(k, v)| k.len() + v.as_ref().map_or(0, Vec::len) + HEADER_OVERHEAD)
            .sum::<usize>()
}

/// The input's headers as they go on the output: every header whose name
/// is UTF-8, in order, null values kept. (A message with a name that is not
/// UTF-8 never reaches the output: it is dead-lettered as `invalid_header`.)
pub fn carried_headers(msg: &SourceMessage) -> Vec<(String, Option<Vec<u8>>)> {
    msg.headers
        .iter()
        .filter_map(|(k, v)| Some((String::from_utf8(k.clone()).ok()?, v.clone())))
        .collect()
}

/// Turns enrichment results into records that fit their topics.
#[derive(Debug, Clone)]
pub struct Encoder {
    versions: std::sync::Arc<Versions>,
    limits: RecordLimits,
}

impl Encoder {
    /// An encoder writing `versions` into enriched records, within `limits`.
    pub fn new(versions: std::sync::Arc<Versions>, limits: RecordLimits) -> Self {
        Self { versions, limits }
    }

    /// The limits records are made to fit.
    pub fn limits(&self) -> RecordLimits {
        self.limits
    }

    /// The enriched record for `doc`, read from `msg` (schema
    /// `enriched-article`; key: the article id; headers: carried over).
    ///
    /// # Errors
    /// [`EncodeError::TooLarge`] when it does not fit the output topic even
    /// without carried-over headers.
    pub fn enriched(&self, doc: &Document, msg: &SourceMessage) -> Result<OutRecord, EncodeError> {
        let out = EnrichedArticle {
            raw: &doc.raw,
            language: doc.analysis.as_ref().map(|a| &a.language),
            excluded_zones: doc.analysis.as_ref().map_or(&[], |a| a.excluded.as_slice()),
            actors: &doc.actors,
            locations: &doc.locations,
            focus_countries: &doc.focus_countries,
            events: &doc.events,
            origin: &doc.origin,
            versions: &self.versions,
            processed_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        };
        let payload =
            serde_json::to_vec(&out).map_err(|e| EncodeError::Serialize(e.to_string()))?;
        let mut record = OutRecord {
            kind: RecordKind::Enriched,
            key: Some(doc.raw.id.clone().into_bytes()),
            payload,
            headers: carried_headers(msg),
        };
        let limit = self.limits.enriched;
        if record_size(&record) <= limit {
            return Ok(record);
        }
        // Drop carried-over headers, largest first, until it fits.
        let mut order: Vec<usize> = (0..record.headers.len()).collect();
        order.sort_by_key(|&i| {
            let (k, v) = &record.headers[i];
            std::cmp::Reverse(k.len() + v.as_ref().map_or(0, Vec::len))
        });
        let mut dropped = vec![false; record.headers.len()];
        let mut notes = Vec::new();
        for i in order {
            let (name, value) = &record.headers[i];
            let value = value.as_deref().unwrap_or_default();
            let t = crate::sink::dead_letter::Truncation::of(value);
            notes.push(serde_json::json!({
                "name": name,
                "bytes": t.original_bytes,
                "sha256": t.sha256,
            }));
            dropped[i] = true;
            let kept: Vec<(String, Option<Vec<u8>>)> = record
                .headers
                .iter()
                .zip(&dropped)
                .filter(|(_, d)| !**d)
                .map(|(h, _)| h.clone())
                .chain(std::iter::once((
                    DROPPED_HEADERS_HEADER.to_string(),
                    Some(
                        serde_json::Value::Array(notes.clone())
                            .to_string()
                            .into_bytes(),
                    ),
                )))
                .collect();
            let candidate = OutRecord {
                headers: kept,
                ..record.clone()
            };
            if record_size(&candidate) <= limit {
                tracing::warn!(
                    topic = %msg.origin.topic,
                    partition = msg.origin.partition,
                    offset = msg.origin.offset,
                    dropped = notes.len(),
                    limit,
                    "Carried-over headers dropped to fit the output topic."
                );
                return Ok(candidate);
            }
        }
        record.headers.clear();
        Err(EncodeError::TooLarge {
            size: record_size(&record),
            limit,
        })
    }

    /// The dead-letter record for `msg` (schema `dead-letter`; key: the
    /// original key; headers: carried over plus [`REASON_HEADER`]), cut to
    /// fit the dead-letter topic as the module docs describe.
    ///
    /// # Errors
    /// [`EncodeError::CannotFit`] when the limit is too small for even the
    /// bare record.
    pub fn dead_letter(
        &self,
        msg: &SourceMessage,
        reason: &str,
        detail: &str,
        stage: Option<&str>,
    ) -> Result<OutRecord, EncodeError> {
        let limit = self.limits.dead_letter;
        let reason_header = (REASON_HEADER.to_string(), Some(reason.as_bytes().to_vec()));
        let mut dl = DeadLetter::new(msg, reason, detail.to_string(), stage);
        let mut headers = carried_headers(msg);
        headers.push(reason_header.clone());
        let record = to_record(&msg.key, &dl, headers)?;
        if record_size(&record) <= limit {
            return Ok(record);
        }

        // Cut: small carried headers stay on the Kafka message; long
        // values in the JSON become prefixes with size and digest.
        // Small ones only, and together at most an eighth of the limit.
        let mut room = limit / 8;
        let mut headers: Vec<_> = carried_headers(msg)
            .into_iter()
            .filter(|(k, v)| {
                let size = k.len() + v.as_ref().map_or(0, Vec::len) + HEADER_OVERHEAD;
                let keep = size <= CUT_BYTES && size <= room;
                if keep {
                    room -= size;
                }
                keep
            })
            .collect();
        headers.push(reason_header);
        if dl.detail.len() > DETAIL_BYTES {
            let mut cut = DETAIL_BYTES;
            while !dl.detail.is_char_boundary(cut) {
                cut -= 1;
            }
            dl.detail.truncate(cut);
            dl.detail.push('…');
        }
        dl.key = msg
            .key
            .as_deref()
            .map(|k| Bytes::encode_prefix(k, CUT_BYTES));
        dl.headers = msg
            .headers
            .iter()
            .map(|(k, v)| Header {
                key: HeaderName::encode_prefix(k, CUT_BYTES),
                value: v.as_deref().map(|v| Bytes::encode_prefix(v, CUT_BYTES)),
            })
            .collect();
        // The Kafka key of the dead letter: the original, or its prefix.
        let key = msg
            .key
            .as_ref()
            .map(|k| k[..k.len().min(CUT_BYTES)].to_vec());
        let original = msg.payload.as_deref();
        dl.payload = original.map(|p| Bytes::encode_prefix(p, 0));
        let mut bare = to_record(&key, &dl, headers.clone())?;
        if record_size(&bare) > limit && !dl.headers.is_empty() {
            // So many headers that even cut they do not fit: leave them all
            // out of the JSON and say how many.
            dl.headers_omitted = Some(dl.headers.len());
            dl.headers.clear();
            bare = to_record(&key, &dl, headers.clone())?;
        }
        let bare_size = record_size(&bare);
        if bare_size > limit {
            return Err(EncodeError::CannotFit {
                size: bare_size,
                limit,
            });
        }
        let best = match original {
            None => bare,
            Some(original) => {
                // The longest payload prefix that fits. JSON escaping and
                // base64 make its encoded size differ from its byte length,
                // so search by measuring (about 20 encodings of one record,
                // for a rare event).
                let mut fits = |keep: usize| -> Result<Option<OutRecord>, EncodeError> {
                    dl.payload = Some(Bytes::encode_prefix(original, keep));
                    let r = to_record(&key, &dl, headers.clone())?;
                    Ok((record_size(&r) <= limit).then_some(r))
                };
                let (mut lo, mut hi) = (0usize, original.len().min(limit - bare_size));
                let mut best = bare;
                if let Some(r) = fits(hi)? {
                    best = r;
                } else {
                    while hi - lo > 1 {
                        let mid = lo + (hi - lo) / 2;
                        match fits(mid)? {
                            Some(r) => {
                                best = r;
                                lo = mid;
                            }
                            None => hi = mid,
                        }
                    }
                }
                best
            }
        };
        tracing::warn!(
            topic = %msg.origin.topic,
            partition = msg.origin.partition,
            offset = msg.origin.offset,
            payload_bytes = original.map_or(0, <[u8]>::len),
            record_bytes = record_size(&best),
            limit,
            "Dead letter cut to fit the dead-letter topic; the original stays at its offset."
        );
        Ok(best)
    }
}

fn to_record(
    key: &Option<Vec<u8>>,
    dl: &DeadLetter,
    headers: Vec<(String, Option<Vec<u8>>)>,
) -> Result<OutRecord, EncodeError> {
    Ok(OutRecord {
        kind: RecordKind::DeadLetter,
        key: key.clone(),
        payload: serde_json::to_vec(dl).map_err(|e| EncodeError::Serialize(e.to_string()))?,
        headers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Origin;
    use crate::sink::dead_letter::DeadLetter;

    fn msg(payload: Option<Vec<u8>>, headers: Vec<(Vec<u8>, Option<Vec<u8>>)>) -> SourceMessage {
        SourceMessage {
            origin: Origin {
                topic: "in".into(),
                partition: 1,
                offset: 42,
            },
            key: Some("مفتاح".as_bytes().to_vec()),
            payload,
            headers,
            timestamp_ms: Some(1),
            ticket: None,
        }
    }

    fn encoder(limit: usize) -> Encoder {
        Encoder::new(
            std::sync::Arc::new(Versions {
                processor: "test".into(),
                dictionaries: Default::default(),
            }),
            RecordLimits {
                enriched: limit,
                dead_letter: limit,
            },
        )
    }

    fn parse(record: &OutRecord) -> DeadLetter {
        DeadLetter::from_value(&serde_json::from_slice(&record.payload).unwrap()).unwrap()
    }

    #[test]
    fn a_small_dead_letter_is_whole_and_carries_headers_and_reason() {
        let m = msg(
            Some(b"{\"id\":".to_vec()),
            vec![
                (b"trace".to_vec(), Some(b"t1".to_vec())),
                (b"nil".to_vec(), None),
            ],
        );
        let r = encoder(1_000_000)
            .dead_letter(&m, "invalid_json", "eof", None)
            .unwrap();
        let dl = parse(&r);
        assert!(!dl.is_truncated());
        assert_eq!(dl.payload.unwrap().decode().unwrap(), b"{\"id\":");
        assert_eq!(
            r.headers,
            vec![
                ("trace".to_string(), Some(b"t1".to_vec())),
                ("nil".to_string(), None),
                (REASON_HEADER.to_string(), Some(b"invalid_json".to_vec())),
            ]
        );
        assert_eq!(r.key, m.key);
    }

    #[test]
    fn a_dead_letter_is_cut_to_fit_with_size_and_digest_of_the_original() {
        // 300 KB of Arabic text (2 bytes a letter) and a 200 KB header,
        // against a 64 KB limit.
        let body = "ب".repeat(150_000);
        let m = msg(
            Some(body.clone().into_bytes()),
            vec![
                (b"trace".to_vec(), Some(b"t1".to_vec())),
                (b"blob".to_vec(), Some(vec![b'x'; 200_000])),
            ],
        );
        let limit = 64 * 1024;
        let r = encoder(limit)
            .dead_letter(&m, "too_large", "big", None)
            .unwrap();
        assert!(record_size(&r) <= limit);
        assert!(
            record_size(&r) > limit - 1024,
            "the payload uses the room left"
        );
        let dl = parse(&r);
        assert!(dl.is_truncated());
        let payload = dl.payload.as_ref().unwrap();
        let kept = payload.decode().unwrap();
        assert!(body.as_bytes().starts_with(&kept));
        assert!(std::str::from_utf8(&kept).is_ok(), "cut on a char boundary");
        let t = payload.truncation().unwrap();
        assert_eq!(t.original_bytes, body.len());
        assert_eq!(
            t.sha256,
            crate::sink::dead_letter::Truncation::of(body.as_bytes()).sha256
        );
        let blob = dl.headers[1].value.as_ref().unwrap();
        assert_eq!(blob.decode().unwrap().len(), CUT_BYTES);
        assert_eq!(blob.truncation().unwrap().original_bytes, 200_000);
        // Only the small header and the reason stay on the Kafka message.
        let names: Vec<&str> = r.headers.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["trace", REASON_HEADER]);
    }

    #[test]
    fn thousands_of_headers_are_left_out_and_counted() {
        let headers = (0..5_000)
            .map(|i| (format!("h{i}").into_bytes(), Some(vec![b'v'; 20])))
            .collect();
        let m = msg(Some(b"x".to_vec()), headers);
        let r = encoder(8 * 1024)
            .dead_letter(&m, "invalid_json", "x", None)
            .unwrap();
        assert!(record_size(&r) <= 8 * 1024);
        let dl = parse(&r);
        assert_eq!(dl.headers_omitted, Some(5_000));
        assert!(dl.headers.is_empty());
    }

    #[test]
    fn a_limit_below_the_bare_record_is_an_error_not_a_panic() {
        let m = msg(Some(b"x".to_vec()), vec![]);
        let e = encoder(100)
            .dead_letter(&m, "invalid_json", "x", None)
            .unwrap_err();
        assert!(
            matches!(e, EncodeError::CannotFit { limit: 100, .. }),
            "{e}"
        );
        assert!(e.to_string().contains("max.message.bytes"), "{e}");
    }

    #[test]
    fn record_limits_leave_room_for_batch_framing_and_compression() {
        let limit = RecordLimits::for_topic(1_048_588);
        assert!(limit < 1_048_588 - 5_000 && limit > 1_000_000, "{limit}");
    }
}
