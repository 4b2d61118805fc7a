//! Kafka sink: an idempotent producer (`enable.idempotence=true`, `acks=all`
//! by default) writing enriched records to the output topic and dead letters
//! to the dead-letter topic. [`KafkaSink::deliver`] resolves only when the
//! broker acknowledged the record, which is what lets the caller commit the
//! input offset.
//!
//! At start-up the sink asks the broker for both topics' `max.message.bytes`
//! ([`RecordLimits`]), so that [`super::encode`] makes every record fit, and
//! checks that the broker answers, so `/readyz` is true from the first
//! article on (librdkafka's statistics come only every
//! `statistics.interval.ms`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rdkafka::admin::{AdminClient, AdminOptions, ResourceSpecifier};
use rdkafka::bindings as rdsys;
use rdkafka::client::DefaultClientContext;
use rdkafka::error::KafkaError;
use rdkafka::message::OwnedHeaders;
use rdkafka::producer::{FutureProducer, FutureRecord, Producer};
use rdkafka::types::RDKafkaErrorCode;

use super::encode::RecordLimits;
use super::{Disposition, OutRecord, RecordKind, SinkError};
use crate::config::{ClientRole, KafkaSettings};

/// Kafka's default `max.message.bytes` (1 MiB + 12 bytes of batch framing),
/// assumed for a topic whose configuration cannot be read.
pub const KAFKA_DEFAULT_MAX_MESSAGE_BYTES: usize = 1_048_588;

/// Time allowed for the start-up requests (topic limits, metadata).
const STARTUP_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Producer context that tracks broker connectivity for `/readyz`.
#[derive(Default)]
pub struct ProducerContext {
    connected: Arc<AtomicBool>,
}

impl rdkafka::ClientContext for ProducerContext {
    fn stats(&self, stats: rdkafka::Statistics) {
        let up = stats.brokers.values().any(|b| b.state == "UP");
        self.connected.store(up, Ordering::Relaxed);
    }

    fn error(&self, error: KafkaError, reason: &str) {
        if matches!(error, KafkaError::Global(RDKafkaErrorCode::AllBrokersDown)) {
            self.connected.store(false, Ordering::Relaxed);
        }
        tracing::warn!(%error, reason, "Kafka producer error.");
    }
}

/// Produces to the output and dead-letter topics.
pub struct KafkaSink {
    producer: FutureProducer<ProducerContext>,
    output_topic: String,
    dead_letter_topic: String,
    connected: Arc<AtomicBool>,
    limits: RecordLimits,
    /// Where each limit came from, for error messages.
    limit_sources: [String; 2],
}

impl KafkaSink {
    /// Reads the topics' limits, builds the producer from `settings`
    /// (`bootstrap.servers` plus the pass-through `kafka.producer.librdkafka`
    /// properties) and checks that the broker answers. Blocks for up to a
    /// few request timeouts when the broker is down; that is not an error
    /// (the sink is just not ready yet).
    ///
    /// # Errors
    /// An invalid librdkafka property.
    pub fn new(settings: &KafkaSettings) -> Result<Self, KafkaError> {
        let (limits, limit_sources) = topic_limits(settings)?;
        // librdkafka packs several records into one batch of up to
        // `batch.size` bytes, and the broker checks the whole batch against
        // max.message.bytes: keep batches within the smaller topic limit.
        let batch = limits
            .enriched
            .min(limits.dead_letter)
            .min(1_000_000)
            .to_string();
        let config = settings.client_config(
            ClientRole::Producer,
            "newsevents-producer",
            &[
                ("message.max.bytes", "10485760"),
                ("batch.size", &batch),
                ("statistics.interval.ms", "1000"),
            ],
        );
        let context = ProducerContext::default();
        let connected = context.connected.clone();
        let producer: FutureProducer<ProducerContext> = config.create_with_context(context)?;
        if producer
            .client()
            .fetch_metadata(Some(&settings.output_topic), STARTUP_REQUEST_TIMEOUT)
            .is_ok()
        {
            connected.store(true, Ordering::Relaxed);
        }
        Ok(Self {
            connected,
            producer,
            output_topic: settings.output_topic.clone(),
            dead_letter_topic: settings.dead_letter_topic.clone(),
            limits,
            limit_sources,
        })
    }

    /// The largest record each topic accepts.
    pub fn limits(&self) -> RecordLimits {
        self.limits
    }

    /// Produces one record and waits for the broker's acknowledgement.
    ///
    /// # Errors
    /// [`SinkError`] with a [`Disposition`]: retry for an unavailable output,
    /// reject for a record the broker refuses (too large), fatal for a topic
    /// that cannot be written at all (authorisation, invalid name).
    pub async fn deliver(&self, record: &OutRecord) -> Result<(), SinkError> {
        let topic = match record.kind {
            RecordKind::Enriched => &self.output_topic,
            RecordKind::DeadLetter => &self.dead_letter_topic,
        };
        let headers = owned_headers(
            record
                .headers
                .iter()
                .map(|(k, v)| (k.as_bytes(), v.as_deref())),
        );
        let mut fr: FutureRecord<'_, [u8], [u8]> = FutureRecord::to(topic)
            .payload(record.payload.as_slice())
            .headers(headers);
        if let Some(key) = &record.key {
            fr = fr.key(key.as_slice());
        }
        match self.producer.send(fr, rdkafka::util::Timeout::Never).await {
            Ok(_) => {
                self.connected.store(true, Ordering::Relaxed);
                Ok(())
            }
            Err((error, _)) => {
                let disposition = disposition(&error);
                let mut message = format!("produce to {topic}: {error}");
                if disposition == Disposition::RejectRecord {
                    let i = usize::from(record.kind == RecordKind::DeadLetter);
                    message.push_str(&format!(
                        "; the record was {} bytes, the limit used was {} bytes ({}); raise the topic's max.message.bytes or set kafka.max_record_bytes lower",
                        super::encode::record_size(record),
                        self.limits.of(record.kind),
                        self.limit_sources[i]
                    ));
                }
                Err(SinkError {
                    kind: record.kind.as_str(),
                    disposition,
                    message,
                })
            }
        }
    }

    /// Waits for every queued record to be acknowledged.
    ///
    /// # Errors
    /// If records are still queued after `timeout`.
    pub async fn flush(&self, timeout: Duration) -> Result<(), SinkError> {
        let producer = self.producer.clone();
        tokio::task::spawn_blocking(move || producer.flush(timeout))
            .await
            .map_err(|e| SinkError {
                kind: "enriched",
                message: e.to_string(),
                disposition: Disposition::Fatal,
            })?
            .map_err(|e| SinkError {
                kind: "enriched",
                message: format!("flush: {e}"),
                disposition: Disposition::Retry,
            })
    }

    /// True once statistics showed a broker connection in state UP.
    pub fn is_ready(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
    }
}

/// Record limits of the output and dead-letter topics, and where each came
/// from: `kafka.max_record_bytes` when set, else each topic's
/// `max.message.bytes` as the broker describes it (Kafka's default when it
/// cannot be read: topic missing, no DescribeConfigs permission, broker down).
///
/// # Errors
/// An invalid librdkafka property (the admin client takes the producer's).
fn topic_limits(settings: &KafkaSettings) -> Result<(RecordLimits, [String; 2]), KafkaError> {
    if let Some(bytes) = settings.max_record_bytes {
        let source = format!("kafka.max_record_bytes = {bytes}");
        return Ok((
            RecordLimits {
                enriched: bytes,
                dead_letter: bytes,
            },
            [source.clone(), source],
        ));
    }
    let admin: AdminClient<DefaultClientContext> = settings
        .client_config(ClientRole::Producer, "newsevents-admin", &[])
        .create()?;
    let options = AdminOptions::new().request_timeout(Some(STARTUP_REQUEST_TIMEOUT));
    let topics = [&settings.output_topic, &settings.dead_letter_topic];
    let specs: Vec<ResourceSpecifier<'_>> = topics
        .iter()
        .map(|t| ResourceSpecifier::Topic(t.as_str()))
        .collect();
    let described = futures::executor::block_on(admin.describe_configs(&specs, &options));
    let mut limits = [KAFKA_DEFAULT_MAX_MESSAGE_BYTES; 2];
    let mut sources = [String::new(), String::new()];
    for (i, topic) in topics.iter().enumerate() {
        let value = described
            .as_ref()
            .ok()
            .and_then(|results| results.get(i))
            .and_then(|r| r.as_ref().ok())
            .and_then(|c| c.get("max.message.bytes"))
            .and_then(|e| e.value.as_deref())
            .and_then(|v| v.parse::<usize>().ok());
        match value {
            Some(bytes) => {
                limits[i] = bytes;
                sources[i] = format!("topic {topic} max.message.bytes = {bytes}");
            }
            None => {
                tracing::warn!(
                    %topic,
                    assumed = KAFKA_DEFAULT_MAX_MESSAGE_BYTES,
                    "Cannot read the topic's max.message.bytes; assuming Kafka's default. Set kafka.max_record_bytes if it differs."
                );
                sources[i] = format!(
                    "topic {topic} max.message.bytes unreadable, Kafka's default {KAFKA_DEFAULT_MAX_MESSAGE_BYTES} assumed"
                );
            }
        }
    }
    tracing::info!(
        output_max_message_bytes = limits[0],
        dead_letter_max_message_bytes = limits[1],
        "Topic record limits."
    );
    Ok((
        RecordLimits {
            enriched: RecordLimits::for_topic(limits[0]),
            dead_letter: RecordLimits::for_topic(limits[1]),
        },
        sources,
    ))
}

/// Kafka headers from `(name, value)` byte pairs, in order. Names need not
/// be UTF-8 (replay restores the original headers of a dead letter byte for
/// byte); rdkafka's own `OwnedHeaders::insert` only takes `&str` names.
pub fn owned_headers<'a>(
    headers: impl IntoIterator<Item = (&'a [u8], Option<&'a [u8]>)>,
) -> OwnedHeaders {
    let owned = OwnedHeaders::new();
    // `as_borrowed` hands out the native header list as a zero-sized
    // reference whose address is the list itself (that is how rdkafka reads
    // it); adding through librdkafka's C API copies name and value.
    let native = owned.as_borrowed() as *const rdkafka::message::BorrowedHeaders
        as *mut rdsys::rd_kafka_headers_t;
    for (name, value) in headers {
        let (value_ptr, value_len) = match value {
            Some(v) => (v.as_ptr().cast::<std::os::raw::c_void>(), v.len() as isize),
            None => (std::ptr::null(), 0),
        };
        // SAFETY: `native` is the live list owned by `owned`; librdkafka
        // copies `name_size` bytes of name and `value_len` bytes of value.
        let err = unsafe {
            rdsys::rd_kafka_header_add(
                native,
                name.as_ptr().cast::<std::os::raw::c_char>(),
                name.len() as isize,
                value_ptr,
                value_len,
            )
        };
        debug_assert_eq!(err, rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    owned
}

/// Maps a produce error to what a retry can do (librdkafka error codes).
fn disposition(error: &KafkaError) -> Disposition {
    use RDKafkaErrorCode as C;
    match error.rdkafka_error_code() {
        Some(C::MessageSizeTooLarge | C::InvalidMessageSize | C::InvalidMessage) => {
            Disposition::RejectRecord
        }
        Some(C::TopicAuthorizationFailed | C::ClusterAuthorizationFailed | C::InvalidTopic) => {
            Disposition::Fatal
        }
        _ => Disposition::Retry,
    }
}
