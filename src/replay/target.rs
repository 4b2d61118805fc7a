//! Replay targets: a Kafka topic through an idempotent producer
//! (`enable.idempotence=true`, `acks=all`, key preserved so compaction keeps
//! one record per id), or JSON Lines on stdout.
//!
//! Every produced message gets provenance headers: [`ID_HEADER`] and
//! [`SOURCE_HEADER`], plus [`ORIGIN_HEADER`] when it was unwrapped from a
//! dead letter. Provenance headers of an earlier replay are replaced, not
//! stacked.

use std::io::Write as _;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context as _;
use rdkafka::ClientContext;
use rdkafka::error::KafkaError;
use rdkafka::producer::{BaseRecord, DeliveryResult, Producer, ProducerContext, ThreadedProducer};
use rdkafka::types::RDKafkaErrorCode;

use super::ReplayMessage;
use crate::config::{ClientRole, KafkaSettings};
use crate::sink::dead_letter::DeadLetter;
use crate::source::SourceMessage;

/// Header with the replay id.
pub const ID_HEADER: &str = "newsevents.replay.id";
/// Header with where the message was read: `topic/partition/offset` or
/// `file:line` (1-based).
pub const SOURCE_HEADER: &str = "newsevents.replay.source";
/// Header with the original `topic/partition/offset` of a message unwrapped
/// from a dead-letter record.
pub const ORIGIN_HEADER: &str = "newsevents.replay.origin";

const PROVENANCE_PREFIX: &str = "newsevents.replay.";

/// The outcome of one produce, reported by the producer's delivery callback.
#[derive(Debug)]
pub struct Delivery {
    /// Source unit index.
    pub unit: usize,
    /// Position within the unit.
    pub position: i64,
    /// Key + payload bytes.
    pub bytes: u64,
    /// `Err` with the broker's or librdkafka's message when it failed for good.
    pub result: Result<(), String>,
}

/// Producer context forwarding delivery reports to the replay loop.
pub struct DeliveryContext {
    tx: mpsc::Sender<Delivery>,
}

impl ClientContext for DeliveryContext {
    fn stats_raw(&self, _statistics: &[u8]) {}

    fn error(&self, error: KafkaError, reason: &str) {
        tracing::warn!(%error, reason, "Kafka producer error.");
    }
}

impl ProducerContext for DeliveryContext {
    type DeliveryOpaque = Box<(usize, i64, u64)>;

    fn delivery(&self, result: &DeliveryResult<'_>, opaque: Self::DeliveryOpaque) {
        let (unit, position, bytes) = *opaque;
        let result = result.as_ref().map(|_| ()).map_err(|(e, _)| e.to_string());
        let _ = self.tx.send(Delivery {
            unit,
            position,
            bytes,
            result,
        });
    }
}

/// Whether a send completed at once or awaits a [`Delivery`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// Written (stdout): acknowledged now.
    Done,
    /// Queued in the producer: a [`Delivery`] follows.
    Pending,
}

/// Where replayed messages go.
pub enum Target {
    /// A Kafka topic.
    Kafka {
        /// The producer.
        producer: ThreadedProducer<DeliveryContext>,
        /// Target topic.
        topic: String,
        /// Delivery reports.
        deliveries: mpsc::Receiver<Delivery>,
    },
    /// JSON Lines on stdout.
    Stdout(std::io::BufWriter<std::io::Stdout>),
}

impl Target {
    /// A producer to `topic`: `bootstrap.servers`, then the pass-through
    /// `kafka.producer.librdkafka` properties, then `enable.idempotence=true`
    /// and `acks=all`, which replay does not let configuration turn off.
    ///
    /// # Errors
    /// An invalid librdkafka property.
    pub fn kafka(settings: &KafkaSettings, topic: &str) -> anyhow::Result<Self> {
        let mut config = settings.client_config(
            ClientRole::Producer,
            "newsevents-replay",
            &[("message.max.bytes", "10485760")],
        );
        for (k, v) in [("enable.idempotence", "true"), ("acks", "all")] {
            if settings
                .producer
                .0
                .get(k)
                .is_some_and(|set| set != v && !(k == "acks" && set == "-1"))
            {
                tracing::warn!(
                    property = k,
                    value = v,
                    "Replay overrides this producer property."
                );
            }
            config.set(k, v);
        }
        let (tx, deliveries) = mpsc::channel();
        let producer = config
            .create_with_context(DeliveryContext { tx })
            .context("create the replay producer")?;
        Ok(Target::Kafka {
            producer,
            topic: topic.to_string(),
            deliveries,
        })
    }

    /// JSON Lines on stdout.
    pub fn stdout() -> Self {
        Target::Stdout(std::io::BufWriter::with_capacity(
            256 * 1024,
            std::io::stdout(),
        ))
    }

    /// Sends `msg`. A full producer queue is waited out (`stop` ends the
    /// wait with an error).
    ///
    /// # Errors
    /// A message for a produce refused at once (e.g. too large) or a write
    /// error on stdout.
    pub fn send(
        &mut self,
        msg: &ReplayMessage,
        replay_id: &str,
        keep_timestamps: bool,
        stop: &dyn Fn() -> bool,
    ) -> Result<Sent, String> {
        match self {
            Target::Kafka {
                producer, topic, ..
            } => {
                let origin = msg
                    .origin
                    .as_ref()
                    .map(|o| format!("{}/{}/{}", o.topic, o.partition, o.offset));
                // The original headers byte for byte (names need not be
                // UTF-8), then our provenance, replacing an earlier replay's.
                let kept = msg
                    .headers
                    .iter()
                    .filter(|(k, _)| !k.starts_with(PROVENANCE_PREFIX.as_bytes()))
                    .map(|(k, v)| (k.as_slice(), v.as_deref()));
                let provenance = [
                    (ID_HEADER, Some(replay_id)),
                    (SOURCE_HEADER, Some(msg.provenance.as_str())),
                    (ORIGIN_HEADER, origin.as_deref()),
                ]
                .into_iter()
                .filter_map(|(k, v)| Some((k.as_bytes(), Some(v?.as_bytes()))));
                let headers = crate::sink::kafka::owned_headers(kept.chain(provenance));
                let opaque = Box::new((msg.unit, msg.position, msg.bytes()));
                let mut record: BaseRecord<'_, [u8], [u8], _> =
                    BaseRecord::with_opaque_to(topic, opaque).headers(headers);
                if let Some(k) = &msg.key {
                    record = record.key(k.as_slice());
                }
                if let Some(p) = &msg.payload {
                    record = record.payload(p.as_slice());
                }
                if keep_timestamps && let Some(ts) = msg.timestamp_ms {
                    record = record.timestamp(ts);
                }
                loop {
                    match producer.send(record) {
                        Ok(()) => return Ok(Sent::Pending),
                        Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                            if stop() {
                                return Err("stopped while the producer queue was full".into());
                            }
                            record = back;
                            std::thread::sleep(Duration::from_millis(2));
                        }
                        Err((e, _)) => return Err(e.to_string()),
                    }
                }
            }
            Target::Stdout(out) => {
                let line = stdout_line(msg);
                out.write_all(&line)
                    .and_then(|()| out.write_all(b"\n"))
                    .map_err(|e| format!("write stdout: {e}"))?;
                Ok(Sent::Done)
            }
        }
    }

    /// Delivery reports received so far (Kafka; none for stdout).
    pub fn deliveries(&self) -> Vec<Delivery> {
        match self {
            Target::Kafka { deliveries, .. } => deliveries.try_iter().collect(),
            Target::Stdout(_) => Vec::new(),
        }
    }

    /// Waits up to `step` for queued messages to be acknowledged (Kafka), or
    /// flushes stdout. Returns true when nothing is left queued.
    ///
    /// # Errors
    /// A write error on stdout.
    pub fn flush(&mut self, step: Duration) -> anyhow::Result<bool> {
        match self {
            Target::Kafka { producer, .. } => Ok(producer.flush(step).is_ok()),
            Target::Stdout(out) => {
                out.flush().context("flush stdout")?;
                Ok(true)
            }
        }
    }
}

/// The stdout form of a message: its payload when that is one JSON value
/// (raw article, or any record), compacted onto one line; otherwise a
/// dead-letter record (reason `not_json`) that keeps key, headers and
/// payload, so the output is always a replayable archive.
pub fn stdout_line(msg: &ReplayMessage) -> Vec<u8> {
    if let Some(p) = &msg.payload
        && let Ok(v) = serde_json::from_slice::<serde_json::Value>(p)
    {
        return if p.contains(&b'\n') {
            serde_json::to_vec(&v).expect("a Value serialises")
        } else {
            p.trim_ascii().to_vec()
        };
    }
    let origin = msg.origin.clone().unwrap_or_else(|| {
        let (topic, rest) = msg
            .provenance
            .rsplit_once('/')
            .and_then(|(a, off)| {
                let (t, p) = a.rsplit_once('/')?;
                Some((t.to_string(), (p.parse().ok()?, off.parse().ok()?)))
            })
            .unwrap_or((msg.provenance.clone(), (0, msg.position)));
        crate::article::Origin {
            topic,
            partition: rest.0,
            offset: rest.1,
        }
    });
    let source = SourceMessage {
        origin,
        key: msg.key.clone(),
        payload: msg.payload.clone(),
        headers: msg.headers.clone(),
        timestamp_ms: msg.timestamp_ms,
        ticket: None,
    };
    let dl = DeadLetter::new(
        &source,
        "not_json",
        "replayed payload is not JSON".into(),
        None,
    );
    serde_json::to_vec(&dl).expect("a dead letter serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(payload: Option<&[u8]>) -> ReplayMessage {
        ReplayMessage {
            unit: 0,
            position: 7,
            provenance: "articles.raw/2/7".into(),
            key: Some("م-1".as_bytes().to_vec()),
            payload: payload.map(<[u8]>::to_vec),
            headers: vec![(b"trace".to_vec(), Some(b"x".to_vec()))],
            timestamp_ms: Some(5),
            origin: None,
        }
    }

    #[test]
    fn json_payloads_go_out_as_one_line() {
        assert_eq!(
            stdout_line(&msg(Some(b"{\"id\":\"a\"}\n"))),
            b"{\"id\":\"a\"}"
        );
        assert_eq!(
            stdout_line(&msg(Some("{\n \"id\": \"ع\"\n}".as_bytes()))),
            "{\"id\":\"ع\"}".as_bytes()
        );
    }

    #[test]
    fn other_payloads_go_out_as_replayable_dead_letters() {
        let line = stdout_line(&msg(Some(b"\xff not json")));
        let v: serde_json::Value = serde_json::from_slice(&line).unwrap();
        let back = crate::replay::archive::parse_line(&line).unwrap().unwrap();
        assert_eq!(v["reason"], "not_json");
        assert_eq!(back.payload.as_deref(), Some(&b"\xff not json"[..]));
        assert_eq!(back.key.as_deref(), Some("م-1".as_bytes()));
        assert_eq!(
            (
                back.origin.topic.as_str(),
                back.origin.partition,
                back.origin.offset
            ),
            ("articles.raw", 2, 7)
        );
        let tomb = stdout_line(&msg(None));
        assert!(
            crate::replay::archive::parse_line(&tomb)
                .unwrap()
                .unwrap()
                .payload
                .is_none()
        );
    }
}
