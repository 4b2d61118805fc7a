//! Topic source: reads planned offset ranges of a topic by assignment
//! (`assign()`, no subscription, no commits), so the live consumer group
//! and its offsets are never touched. The client's own `group.id` is
//! `newsevents-replay-<replay id>`, used only because librdkafka wants one.
//!
//! Planning asks the broker for each partition's log bounds
//! (`fetch_watermarks`) and, for a time window, for the earliest offset at
//! or after each bound (`offsets_for_times`, Kafka's ListOffsets by
//! timestamp).

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use anyhow::{Context as _, bail};
use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext};
use rdkafka::error::KafkaError;
use rdkafka::message::Message;
use rdkafka::{ClientContext, Offset, TopicPartitionList};

use super::archive::unwrap_dead_letter;
use super::plan::{PartitionBounds, Unit, UnitSource, Window};
use super::{Read, ReplayMessage};
use crate::config::{ClientRole, KafkaSettings};
use crate::sink::dead_letter::{DeadLetter, REASON_HEADER};

/// Time allowed for metadata, watermark and offset-lookup requests.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Consumer callbacks: errors are logged; statistics are ignored (replay has
/// no metrics endpoint), so they are not even parsed.
pub struct ReplayConsumerContext;

impl ClientContext for ReplayConsumerContext {
    fn stats_raw(&self, _statistics: &[u8]) {}

    fn error(&self, error: KafkaError, reason: &str) {
        tracing::warn!(%error, reason, "Kafka consumer error.");
    }
}

impl ConsumerContext for ReplayConsumerContext {}

/// A consumer for `replay_id`: `bootstrap.servers` and the pass-through
/// `kafka.consumer.librdkafka` properties, then the settings replay depends
/// on (own group, no commits, end-of-partition events).
///
/// # Errors
/// An invalid librdkafka property.
pub fn consumer(
    settings: &KafkaSettings,
    replay_id: &str,
) -> anyhow::Result<BaseConsumer<ReplayConsumerContext>> {
    let mut config = settings.client_config(ClientRole::Consumer, "newsevents-replay", &[]);
    config
        .set("group.id", format!("newsevents-replay-{replay_id}"))
        .set("enable.auto.commit", "false")
        .set("enable.auto.offset.store", "false")
        .set("enable.partition.eof", "true");
    config
        .create_with_context(ReplayConsumerContext)
        .context("create the replay consumer")
}

/// Log bounds of every partition of `topic`, by partition number.
///
/// # Errors
/// The topic does not exist or the broker does not answer.
pub fn bounds(
    consumer: &BaseConsumer<ReplayConsumerContext>,
    topic: &str,
) -> anyhow::Result<Vec<PartitionBounds>> {
    let md = consumer
        .fetch_metadata(Some(topic), REQUEST_TIMEOUT)
        .with_context(|| format!("metadata of topic {topic}"))?;
    let t = md
        .topics()
        .iter()
        .find(|t| t.name() == topic)
        .with_context(|| format!("topic {topic} not in metadata"))?;
    if let Some(e) = t.error() {
        bail!("topic {topic}: {:?}", e);
    }
    if t.partitions().is_empty() {
        bail!("topic {topic} does not exist (no partitions)");
    }
    let mut out = Vec::new();
    for p in t.partitions() {
        let (low, high) = consumer
            .fetch_watermarks(topic, p.id(), REQUEST_TIMEOUT)
            .with_context(|| format!("watermarks of {topic}/{}", p.id()))?;
        out.push(PartitionBounds {
            partition: p.id(),
            low,
            high,
        });
    }
    out.sort_by_key(|b| b.partition);
    Ok(out)
}

/// For each partition, the earliest offset whose timestamp is `>= ts_ms`,
/// or `None` when no message is that recent.
///
/// # Errors
/// The lookup fails (broker unreachable, or a per-partition error).
pub fn offsets_for_time(
    consumer: &BaseConsumer<ReplayConsumerContext>,
    topic: &str,
    partitions: &[i32],
    ts_ms: i64,
) -> anyhow::Result<HashMap<i32, Option<i64>>> {
    let mut tpl = TopicPartitionList::new();
    for &p in partitions {
        tpl.add_partition_offset(topic, p, Offset::Offset(ts_ms))
            .context("offset lookup list")?;
    }
    let answer = consumer
        .offsets_for_times(tpl, REQUEST_TIMEOUT)
        .with_context(|| format!("offsets_for_times({topic}, {ts_ms})"))?;
    let mut out = HashMap::new();
    for e in answer.elements() {
        e.error()
            .with_context(|| format!("offset for time in {topic}/{}", e.partition()))?;
        let offset = match e.offset() {
            Offset::Offset(o) if o >= 0 => Some(o),
            _ => None,
        };
        out.insert(e.partition(), offset);
    }
    Ok(out)
}

struct Range {
    unit: usize,
    end: i64,
    done: bool,
}

/// Reads the planned partition ranges from each unit's resume position.
pub struct TopicReader {
    consumer: BaseConsumer<ReplayConsumerContext>,
    topic: String,
    window: Option<Window>,
    ranges: HashMap<i32, Range>,
    active: usize,
    queued: VecDeque<Read>,
}

impl TopicReader {
    /// Assigns every unit with something left at its resume offset.
    ///
    /// # Errors
    /// The assignment is refused.
    pub fn new(
        consumer: BaseConsumer<ReplayConsumerContext>,
        topic: &str,
        window: Option<Window>,
        units: &[Unit],
    ) -> anyhow::Result<Self> {
        let mut tpl = TopicPartitionList::new();
        let mut ranges = HashMap::new();
        let mut queued = VecDeque::new();
        for (i, u) in units.iter().enumerate() {
            let UnitSource::Partition(p) = u.source else {
                bail!("topic plan with a file unit");
            };
            let done = u.remaining() == 0;
            if done {
                queued.push_back(Read::Finished {
                    unit: i,
                    end: u.end,
                });
            } else {
                tpl.add_partition_offset(topic, p, Offset::Offset(u.resume_at()))
                    .context("assignment list")?;
            }
            ranges.insert(
                p,
                Range {
                    unit: i,
                    end: u.end,
                    done,
                },
            );
        }
        let active = ranges.values().filter(|r| !r.done).count();
        consumer.assign(&tpl).context("assign source partitions")?;
        Ok(TopicReader {
            consumer,
            topic: topic.to_string(),
            window,
            ranges,
            active,
            queued,
        })
    }

    fn finish(&mut self, partition: i32) -> Option<Read> {
        let r = self.ranges.get_mut(&partition)?;
        if r.done {
            return None;
        }
        r.done = true;
        self.active -= 1;
        let mut tpl = TopicPartitionList::new();
        let _ = tpl.add_partition(&self.topic, partition);
        // Stop fetching past the range; a failure only costs bandwidth.
        let _ = self.consumer.pause(&tpl);
        Some(Read::Finished {
            unit: r.unit,
            end: r.end,
        })
    }

    /// The next message, skip or partition end; `None` once every range is
    /// read. Waits at most `wait` for the broker before returning
    /// [`Read::Idle`], so the caller can look at its stop flag.
    ///
    /// # Errors
    /// A consumer error other than end-of-partition (e.g. the topic was
    /// deleted).
    pub fn next_read(&mut self, wait: Duration) -> anyhow::Result<Option<Read>> {
        if let Some(r) = self.queued.pop_front() {
            return Ok(Some(r));
        }
        if self.active == 0 {
            return Ok(None);
        }
        let m = match self.consumer.poll(wait) {
            None => return Ok(Some(Read::Idle)),
            Some(Err(KafkaError::PartitionEOF(p))) => {
                return Ok(Some(self.finish(p).unwrap_or(Read::Idle)));
            }
            Some(Err(e)) => return Err(e).context(format!("read {}", self.topic)),
            Some(Ok(m)) => m,
        };
        let partition = m.partition();
        let offset = m.offset();
        let Some(range) = self.ranges.get(&partition) else {
            return Ok(Some(Read::Idle));
        };
        if range.done {
            return Ok(Some(Read::Idle));
        }
        if offset >= range.end {
            return Ok(Some(self.finish(partition).unwrap_or(Read::Idle)));
        }
        let unit = range.unit;
        let last = offset + 1 >= range.end;
        let provenance = format!("{}/{partition}/{offset}", self.topic);
        let timestamp_ms = m.timestamp().to_millis();
        let read = if self.window.is_some_and(|w| !w.contains(timestamp_ms)) {
            Read::OutsideWindow {
                unit,
                position: offset,
            }
        } else {
            let headers = crate::source::headers::message_headers(&m);
            if headers.iter().any(|(k, _)| k == REASON_HEADER.as_bytes()) {
                dead_letter(unit, offset, provenance, m.payload())
            } else {
                Read::Message(ReplayMessage {
                    unit,
                    position: offset,
                    provenance,
                    key: m.key().map(<[u8]>::to_vec),
                    payload: m.payload().map(<[u8]>::to_vec),
                    headers,
                    timestamp_ms,
                    origin: None,
                })
            }
        };
        if last && let Some(f) = self.finish(partition) {
            self.queued.push_back(f);
        }
        Ok(Some(read))
    }
}

/// A message of a dead-letter topic (it carries the reason header): replay
/// the original it wraps.
fn dead_letter(unit: usize, position: i64, provenance: String, payload: Option<&[u8]>) -> Read {
    let original = payload
        .ok_or_else(|| "dead-letter message without payload".to_string())
        .and_then(|p| serde_json::from_slice(p).map_err(|e| format!("dead-letter payload: {e}")))
        .and_then(|v| {
            DeadLetter::from_value(&v).ok_or_else(|| "not a dead-letter record".to_string())
        })
        .and_then(unwrap_dead_letter);
    match original {
        Ok(u) => Read::Message(ReplayMessage::original(unit, position, provenance, u)),
        Err(reason) => Read::Invalid {
            unit,
            position,
            provenance,
            reason,
        },
    }
}
