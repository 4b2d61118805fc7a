//! Internal events: each call site names what happened once, and the event
//! counts it (and logs it where an operator needs to see it).

use std::time::Duration;

use super::metrics as m;

/// A stage finished one article in `elapsed`.
pub fn stage_finished(stage: &'static str, elapsed: Duration) {
    metrics::histogram!(m::STAGE_DURATION, "stage" => stage).record(elapsed.as_secs_f64());
}

/// A message was read from `topic`/`partition`, `size` payload bytes.
pub fn consumed(topic: &str, partition: i32, size: usize) {
    metrics::counter!(m::MESSAGES_CONSUMED, "topic" => topic.to_string(), "partition" => partition.to_string()).increment(1);
    metrics::histogram!(m::ARTICLE_SIZE).record(size as f64);
}

/// An enriched record was acknowledged on `topic`, with its mention counts.
pub fn produced(topic: &str, actors: usize, locations: usize, latency: Option<Duration>) {
    metrics::counter!(m::MESSAGES_PRODUCED, "topic" => topic.to_string()).increment(1);
    metrics::histogram!(m::MENTIONS_PER_ARTICLE, "kind" => "actor").record(actors as f64);
    metrics::histogram!(m::MENTIONS_PER_ARTICLE, "kind" => "location").record(locations as f64);
    if let Some(l) = latency {
        metrics::histogram!(m::END_TO_END_LATENCY).record(l.as_secs_f64());
    }
}

/// A message was acknowledged on the dead-letter output. `log` is false
/// when the record itself already went to stderr (JSON Lines mode).
pub fn dead_lettered(origin: &crate::article::Origin, reason: &str, detail: &str, log: bool) {
    metrics::counter!(m::MESSAGES_DEAD_LETTERED, "reason" => reason.to_string()).increment(1);
    if !log {
        return;
    }
    tracing::warn!(topic = %origin.topic, partition = origin.partition, offset = origin.offset, reason, detail, "Message dead-lettered.");
}

/// A produce failed and will be retried after `backoff`.
pub fn produce_retry(kind: &'static str, error: &str, backoff: Duration) {
    metrics::counter!(m::PRODUCE_RETRIES, "kind" => kind).increment(1);
    tracing::warn!(
        kind,
        error,
        backoff_ms = backoff.as_millis() as u64,
        "Produce failed; retrying."
    );
}

/// `n` messages are in flight.
pub fn in_flight(n: usize) {
    metrics::gauge!(m::IN_FLIGHT).set(n as f64);
}

/// The consumer now holds `n` partitions.
pub fn assigned_partitions(n: usize) {
    metrics::gauge!(m::ASSIGNED_PARTITIONS).set(n as f64);
}

/// A rebalance callback ran (`assign` or `revoke`).
pub fn rebalanced(kind: &'static str) {
    metrics::counter!(m::REBALANCES, "kind" => kind).increment(1);
    tracing::info!(kind, "Consumer group rebalance.");
}

/// Lag of one partition from librdkafka statistics (callers drop -1).
pub fn consumer_lag(topic: &str, partition: i32, lag: i64) {
    metrics::gauge!(m::CONSUMER_LAG, "topic" => topic.to_string(), "partition" => partition.to_string()).set(lag as f64);
}

/// `n` partition offsets were committed.
pub fn offsets_committed(n: usize) {
    metrics::counter!(m::OFFSETS_COMMITTED).increment(n as u64);
}

/// Publishes the build-info gauge: the processor version and the VERSION of
/// the gazetteer, the actor dictionaries and the entity models (`ner_ar`,
/// `ner_en`) taken from `dictionaries` (`"none"` when a stage that loads
/// one is not configured).
pub fn build_info(dictionaries: &std::collections::BTreeMap<String, String>) {
    let v = |k: &str| {
        dictionaries
            .get(k)
            .map_or("none", String::as_str)
            .to_string()
    };
    metrics::gauge!(m::BUILD_INFO, "version" => env!("CARGO_PKG_VERSION"), "gazetteer" => v("gazetteer"), "actors" => v("actors"), "ner_ar" => v("ner_ar"), "ner_en" => v("ner_en")).set(1.0);
}
