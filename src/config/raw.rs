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
    /// `[events]`: verb dictionaries and conventions (see `stages::events`).
    #[serde(default)]
    pub events: crate::stages::events::EventsConfig,
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
    /// Largest record written to the output or dead-letter topic, bytes;
    /// 0 reads each topic's `max.message.bytes` from the broker at start-up.
    pub max_record_bytes: usize,
    /// Consumer group protocol, `classic` or `consumer` (KIP-848).
    pub group_protocol: String,
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
    /// Numbers and booleans are accepted and passed on as text
    /// (`"linger.ms" = 5` is `linger.ms=5`).
    #[serde(default, deserialize_with = "scalars_as_strings")]
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

/// librdkafka takes every property as a string; accept TOML scalars and
/// turn them into the text librdkafka expects.
fn scalars_as_strings<'de, D>(deserializer: D) -> Result<BTreeMap<String, String>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let raw = BTreeMap::<String, toml::Value>::deserialize(deserializer)?;
    raw.into_iter()
        .map(|(k, v)| {
            let text = match v {
                toml::Value::String(s) => s,
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Float(f) => f.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                other => {
                    return Err(serde::de::Error::custom(format!(
                        "librdkafka property `{k}` must be a string, number or boolean, not {}",
                        other.type_str()
                    )));
                }
            };
            Ok((k, text))
        })
        .collect()
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
