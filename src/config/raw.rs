//! Serde mirror of the TOML configuration: every key, no defaults and no
//! cross-field rules (those live in [`super::Settings`]). Unknown keys are
//! rejected (`deny_unknown_fields`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The whole configuration file after layering.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// `[kafka]`.
    pub kafka: RawKafka,
    /// `[pipeline]`.
    pub pipeline: RawPipeline,
    /// `[dead_letter]`.
    pub dead_letter: RawDeadLetter,
    /// `[shutdown]`.
    pub shutdown: RawShutdown,
    /// `[telemetry]`.
    pub telemetry: RawTelemetry,
    /// `[text]`: zone rules (see `stages::text`).
    #[serde(default)]
    pub text: crate::stages::text::TextConfig,
    /// `[entities]`: learned entity models (see `stages::entities`).
    #[serde(default)]
    pub entities: crate::stages::entities::EntitiesConfig,
    /// `[actors]`: actor dictionaries (see `stages::actors`).
    #[serde(default)]
    pub actors: crate::stages::actors::ActorsConfig,
    /// `[locations]`: gazetteer (see `stages::locations`).
    #[serde(default)]
    pub locations: crate::stages::locations::LocationsConfig,
}

/// `[kafka]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawKafka {
    /// Comma-separated `host:port` list; empty selects JSON Lines mode.
    pub bootstrap_servers: String,
    /// Consumer group id.
    pub group_id: String,
    /// Topic raw articles are read from.
    pub input_topic: String,
    /// Topic enriched articles are written to.
    pub output_topic: String,
    /// Topic failed messages are written to.
    pub dead_letter_topic: String,
    /// Milliseconds between offset commits.
    pub commit_interval_ms: u64,
    /// `[kafka.consumer]`.
    #[serde(default)]
    pub consumer: RawClient,
    /// `[kafka.producer]`.
    #[serde(default)]
    pub producer: RawClient,
}

/// librdkafka pass-through for one client. `Debug` masks secrets.
#[derive(Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawClient {
    /// librdkafka properties, verbatim (`"sasl.mechanisms" = "SCRAM-SHA-512"`).
    #[serde(default)]
    pub librdkafka: BTreeMap<String, String>,
}

/// `[pipeline]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPipeline {
    /// Stage names in run order.
    pub stages: Vec<String>,
    /// Concurrent enrichments; 0 = CPU cores.
    pub workers: usize,
    /// Bound on messages between consume and acknowledged produce.
    pub max_in_flight: usize,
    /// Largest accepted payload, bytes.
    pub max_message_bytes: usize,
    /// Per-article enrichment limit, milliseconds.
    pub stage_timeout_ms: u64,
}

/// `[dead_letter]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeadLetter {
    /// Largest tolerated dead-letter share of the window, 0.0..=1.0.
    pub max_ratio: f64,
    /// Number of most recent messages the share is taken over.
    pub window: usize,
    /// Messages needed in the window before the check applies.
    pub min_messages: usize,
}

/// `[shutdown]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawShutdown {
    /// Drain budget, milliseconds.
    pub drain_timeout_ms: u64,
}

/// `[telemetry]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTelemetry {
    /// `auto`, `on` or `off`.
    pub enabled: String,
    /// `host:port` of the HTTP listener.
    pub listen: String,
    /// Milliseconds without progress (while lagging) before /livez fails.
    pub stall_timeout_ms: u64,
}

impl std::fmt::Debug for RawClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawClient")
            .field(
                "librdkafka",
                &super::ClientProperties(self.librdkafka.clone()),
            )
            .finish()
    }
}
