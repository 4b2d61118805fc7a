//! Metric names and descriptions, Prometheus style: `newsevents_` prefix,
//! base units, `_total` on counters, histograms with explicit buckets.
//! Labels are bounded: topic, partition, stage, kind, outcome, reason.

use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Counter `{topic,partition}`: messages read from the source.
pub const MESSAGES_CONSUMED: &str = "newsevents_messages_consumed_total";
/// Counter `{topic}`: enriched records acknowledged by the sink.
pub const MESSAGES_PRODUCED: &str = "newsevents_messages_produced_total";
/// Counter `{reason}`: messages acknowledged on the dead-letter output.
pub const MESSAGES_DEAD_LETTERED: &str = "newsevents_messages_dead_lettered_total";
/// Counter `{kind}`: produce attempts that failed and were retried.
pub const PRODUCE_RETRIES: &str = "newsevents_produce_retries_total";
/// Histogram `{stage}`: time one stage spends on one article, seconds.
pub const STAGE_DURATION: &str = "newsevents_stage_duration_seconds";
/// Histogram: Kafka message timestamp to output acknowledgement, seconds.
pub const END_TO_END_LATENCY: &str = "newsevents_end_to_end_latency_seconds";
/// Histogram: payload size, bytes.
pub const ARTICLE_SIZE: &str = "newsevents_article_size_bytes";
/// Histogram `{kind}`: actors or locations found per article.
pub const MENTIONS_PER_ARTICLE: &str = "newsevents_mentions_per_article";
/// Histogram `{quad_class}`: events coded per article, by CAMEO quad class
/// (`verbal_cooperation`, `material_cooperation`, `verbal_conflict`,
/// `material_conflict`, `other` for codes outside the CAMEO table).
pub const EVENTS_PER_ARTICLE: &str = "newsevents_events_per_article";
/// Gauge: messages between consume and acknowledged output.
pub const IN_FLIGHT: &str = "newsevents_in_flight_messages";
/// Gauge: partitions currently assigned to this consumer.
pub const ASSIGNED_PARTITIONS: &str = "newsevents_assigned_partitions";
/// Counter `{kind}`: rebalance callbacks (assign, revoke).
pub const REBALANCES: &str = "newsevents_rebalances_total";
/// Gauge `{topic,partition}`: consumer lag from librdkafka statistics, only
/// while known (never -1, never a stale 0); rendered by [`super::lag`].
pub const CONSUMER_LAG: &str = "newsevents_consumer_lag_messages";
/// Counter: partition offsets committed.
pub const OFFSETS_COMMITTED: &str = "newsevents_committed_offsets_total";
/// Gauge `{version, <dictionary>…}` (one label per `versions.dictionaries`
/// entry: `gazetteer`, `actors`, `actors_lexicon`, `locations`, `countries`,
/// `names`, `zones`): always 1.
pub const BUILD_INFO: &str = "newsevents_build_info";

static HANDLE: std::sync::OnceLock<PrometheusHandle> = std::sync::OnceLock::new();

/// Installs the global Prometheus recorder with our buckets and describes
/// every metric, once per process; later calls return the same handle.
/// Returns the handle `/metrics` renders from.
///
/// # Errors
/// If another recorder is already installed.
pub fn install() -> Result<PrometheusHandle, metrics_exporter_prometheus::BuildError> {
    if let Some(h) = HANDLE.get() {
        return Ok(h.clone());
    }
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full(STAGE_DURATION.into()),
            &[
                0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
            ],
        )?
        .set_buckets_for_metric(
            Matcher::Full(END_TO_END_LATENCY.into()),
            &[
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0, 60.0,
            ],
        )?
        .set_buckets_for_metric(
            Matcher::Full(ARTICLE_SIZE.into()),
            &[
                256.0, 1024.0, 4096.0, 16384.0, 65536.0, 262144.0, 1048576.0, 4194304.0,
            ],
        )?
        .set_buckets_for_metric(
            Matcher::Full(MENTIONS_PER_ARTICLE.into()),
            &[0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0],
        )?
        .set_buckets_for_metric(
            Matcher::Full(EVENTS_PER_ARTICLE.into()),
            &[0.0, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0],
        )?
        .install_recorder()?;
    describe();
    zero();
    Ok(HANDLE.get_or_init(|| handle).clone())
}

/// Creates the series that only move on rare events at 0, so that
/// dashboards and alerts see the metric (not "no data") before the first
/// retry, rebalance or commit.
fn zero() {
    for kind in ["enriched", "dead_letter"] {
        metrics::counter!(PRODUCE_RETRIES, "kind" => kind).increment(0);
    }
    for kind in ["assign", "revoke"] {
        metrics::counter!(REBALANCES, "kind" => kind).increment(0);
    }
    metrics::counter!(OFFSETS_COMMITTED).increment(0);
    metrics::gauge!(IN_FLIGHT).set(0.0);
    metrics::gauge!(ASSIGNED_PARTITIONS).set(0.0);
}

fn describe() {
    describe_counter!(
        MESSAGES_CONSUMED,
        Unit::Count,
        "Messages read from the source."
    );
    describe_counter!(
        MESSAGES_PRODUCED,
        Unit::Count,
        "Enriched records acknowledged by the sink."
    );
    describe_counter!(
        MESSAGES_DEAD_LETTERED,
        Unit::Count,
        "Messages acknowledged on the dead-letter output, by reason."
    );
    describe_counter!(
        PRODUCE_RETRIES,
        Unit::Count,
        "Failed produce attempts that were retried."
    );
    describe_histogram!(
        STAGE_DURATION,
        Unit::Seconds,
        "Time one stage spends on one article."
    );
    describe_histogram!(
        END_TO_END_LATENCY,
        Unit::Seconds,
        "From the input message timestamp to output acknowledgement."
    );
    describe_histogram!(ARTICLE_SIZE, Unit::Bytes, "Input payload size.");
    describe_histogram!(
        MENTIONS_PER_ARTICLE,
        Unit::Count,
        "Actors or locations found per article."
    );
    describe_histogram!(
        EVENTS_PER_ARTICLE,
        Unit::Count,
        "Events coded per article, by CAMEO quad class."
    );
    describe_gauge!(
        IN_FLIGHT,
        Unit::Count,
        "Messages between consume and acknowledged output."
    );
    describe_gauge!(
        ASSIGNED_PARTITIONS,
        Unit::Count,
        "Partitions assigned to this consumer."
    );
    describe_counter!(
        REBALANCES,
        Unit::Count,
        "Consumer-group rebalance callbacks, by kind."
    );
    describe_counter!(
        OFFSETS_COMMITTED,
        Unit::Count,
        "Partition offsets committed."
    );
    describe_gauge!(
        BUILD_INFO,
        Unit::Count,
        "Build and dictionary versions; always 1."
    );
}
