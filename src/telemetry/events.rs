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

/// A rebalance callback ran (`assign` or `revoke`) for `partitions` (with the
/// classic protocol every partition of the member, with KIP-848 only those
/// that change owner).
pub fn rebalanced(kind: &'static str, partitions: &[(String, i32)]) {
    metrics::counter!(m::REBALANCES, "kind" => kind).increment(1);
    let list = partitions
        .iter()
        .map(|(t, p)| format!("{t}/{p}"))
        .collect::<Vec<_>>()
        .join(",");
    tracing::info!(
        kind,
        count = partitions.len(),
        partitions = %list,
        "Consumer group rebalance."
    );
}

/// The broker acknowledged a commit of `n` partition offsets.
pub fn offsets_committed(n: usize) {
    metrics::counter!(m::OFFSETS_COMMITTED).increment(n as u64);
}

/// An offset commit failed; the offsets will be offered again.
pub fn offset_commit_failed(error: &str, partitions: usize) {
    tracing::warn!(
        error,
        partitions,
        "Offset commit failed; it will be retried."
    );
}

/// Publishes the build-info gauge: label `version` (the processor) and one
/// label per entry of `dictionaries` (`versions.dictionaries` of the
/// output: `gazetteer`, `actors`, `actors_lexicon`, `locations`,
/// `countries`, `names`, `zones`…; `gazetteer`, `actors`, `events`, `ner_ar`
/// and `ner_en` are `none` when their stage does not run). Keys are fixed by the stages, so the label
/// set is bounded.
pub fn build_info(dictionaries: &std::collections::BTreeMap<String, String>) {
    let mut labels = vec![metrics::Label::new("version", env!("CARGO_PKG_VERSION"))];
    for key in ["gazetteer", "actors", "events", "ner_ar", "ner_en"] {
        if !dictionaries.contains_key(key) {
            labels.push(metrics::Label::new(key, "none"));
        }
    }
    for (name, version) in dictionaries {
        labels.push(metrics::Label::new(name.clone(), version.clone()));
    }
    metrics::gauge!(m::BUILD_INFO, labels).set(1.0);
}

/// The events stage coded an article's `events`: one sample per quad class
/// per article, zeros included (`other`: codes outside the CAMEO table).
pub fn events_coded(events: &[crate::article::Event]) {
    const LABELS: [&str; 5] = [
        "other",
        "verbal_cooperation",
        "material_cooperation",
        "verbal_conflict",
        "material_conflict",
    ];
    let mut per_quad = [0usize; 5];
    for e in events {
        per_quad[usize::from(e.cameo.quad_class.unwrap_or(0)).min(4)] += 1;
    }
    for (label, n) in LABELS.iter().zip(per_quad) {
        metrics::histogram!(m::EVENTS_PER_ARTICLE, "quad_class" => *label).record(n as f64);
    }
}
