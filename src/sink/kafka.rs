//! Kafka sink: an idempotent producer (`enable.idempotence=true`, `acks=all`
//! by default) writing enriched records to the output topic and dead letters
//! to the dead-letter topic. [`KafkaSink::deliver`] resolves only when the
//! broker acknowledged the record, which is what lets the caller commit the
//! input offset.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rdkafka::ClientConfig;
use rdkafka::error::KafkaError;
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord, Producer};
use rdkafka::types::RDKafkaErrorCode;

use super::{Disposition, OutRecord, RecordKind, SinkError};
use crate::config::KafkaSettings;

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
}

impl KafkaSink {
    /// Builds the producer from `settings` (`bootstrap.servers` plus the
    /// pass-through `kafka.producer.librdkafka` properties).
    ///
    /// # Errors
    /// An invalid librdkafka property.
    pub fn new(settings: &KafkaSettings) -> Result<Self, KafkaError> {
        let mut config = ClientConfig::new();
        config.set("bootstrap.servers", &settings.bootstrap_servers);
        config.set("client.id", "newsevents-producer");
        config.set("message.max.bytes", "10485760");
        config.set("statistics.interval.ms", "1000");
        for (k, v) in &settings.producer.0 {
            config.set(k, v);
        }
        let context = ProducerContext::default();
        let connected = context.connected.clone();
        let producer = config.create_with_context(context)?;
        Ok(Self {
            connected,
            producer,
            output_topic: settings.output_topic.clone(),
            dead_letter_topic: settings.dead_letter_topic.clone(),
        })
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
        let mut headers = OwnedHeaders::new_with_capacity(record.headers.len());
        for (k, v) in &record.headers {
            headers = headers.insert(Header {
                key: k,
                value: Some(v.as_slice()),
            });
        }
        let mut fr: FutureRecord<'_, [u8], [u8]> = FutureRecord::to(topic)
            .payload(record.payload.as_slice())
            .headers(headers);
        if let Some(key) = &record.key {
            fr = fr.key(key.as_slice());
        }
        match self.producer.send(fr, rdkafka::util::Timeout::Never).await {
            Ok(_) => Ok(()),
            Err((error, _)) => Err(SinkError {
                kind: record.kind.as_str(),
                disposition: disposition(&error),
                message: format!("produce to {topic}: {error}"),
            }),
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
