//! Configuration: embedded `defaults.toml` < `--config` file <
//! `NEWSEVENTS__SECTION__KEY` environment variables < CLI flags, checked once
//! at start-up into [`Settings`].
//!
//! Environment keys: `NEWSEVENTS__PIPELINE__WORKERS=4` sets
//! `pipeline.workers`. Below `kafka.consumer.librdkafka` and
//! `kafka.producer.librdkafka` a single `_` becomes `.`, so
//! `NEWSEVENTS__KAFKA__CONSUMER__LIBRDKAFKA__SASL_MECHANISMS=PLAIN` sets
//! `sasl.mechanisms`. Values are read as TOML (`4`, `true`, `["text"]`) and
//! fall back to a plain string.
//!
//! Files: `raw.rs` (the TOML shape, unknown keys refused), `layers.rs`
//! (parsing and merging the layers, `--set` keys, environment variables),
//! `kafka.rs` ([`KafkaSettings`], librdkafka pass-through properties and the
//! Kafka client builder); this file validates the merged layers into
//! [`Settings`].

mod kafka;
mod layers;
pub mod raw;

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

pub use kafka::{
    CLASSIC_ONLY_PROPERTIES, ClientProperties, ClientRole, GroupProtocol, KafkaSettings,
};
pub use layers::{key_path, parse_set};
pub use raw::RawConfig;

use layers::{env_layer, merge, parse_layer, set_path};

/// The built-in defaults, embedded so the binary runs from any directory.
pub const DEFAULTS_TOML: &str = include_str!("defaults.toml");

/// Prefix of configuration environment variables.
pub const ENV_PREFIX: &str = "NEWSEVENTS__";

/// Why the configuration cannot be used. Always the operator's to fix; a
/// retry does not help.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config file {path}: {source}")]
    Read {
        /// File path.
        path: String,
        /// I/O error.
        source: std::io::Error,
    },
    /// A layer is not valid TOML, or has unknown keys or wrong types.
    #[error("invalid configuration ({layer}): {message}")]
    Parse {
        /// Which layer: `defaults`, the file path, `environment` or `command line`.
        layer: String,
        /// Parser message, naming the key.
        message: String,
    },
    /// Values are individually valid but do not fit together.
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

/// When the HTTP telemetry listener runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TelemetryMode {
    /// On with Kafka, off with JSON Lines.
    Auto,
    /// Always on.
    On,
    /// Never.
    Off,
}

/// Validated settings, ready to build the pipeline from.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Kafka, or `None` for the embedded JSON Lines default.
    pub kafka: Option<KafkaSettings>,
    /// Stage names in run order.
    pub stages: Vec<String>,
    /// Concurrent enrichments (>= 1).
    pub workers: usize,
    /// Bound on messages between consume and acknowledged produce (>= 1).
    pub max_in_flight: usize,
    /// Largest accepted payload, bytes.
    pub max_message_bytes: usize,
    /// Per-article enrichment limit.
    pub stage_timeout: Duration,
    /// Dead-letter circuit breaker: largest tolerated share.
    pub dead_letter_max_ratio: f64,
    /// Dead-letter circuit breaker: window length, messages.
    pub dead_letter_window: usize,
    /// Dead-letter circuit breaker: messages needed before it applies.
    pub dead_letter_min_messages: usize,
    /// Drain budget after a stop signal.
    pub drain_timeout: Duration,
    /// Telemetry listener mode.
    pub telemetry: TelemetryMode,
    /// Telemetry listener address.
    pub telemetry_listen: SocketAddr,
    /// /livez stall threshold.
    pub stall_timeout: Duration,
    /// Text stage configuration.
    pub text: crate::stages::text::TextConfig,
    /// Entities stage configuration (learned models).
    pub entities: crate::stages::entities::EntitiesConfig,
    /// Actors stage configuration.
    pub actors: crate::stages::actors::ActorsConfig,
    /// Locations stage configuration.
    pub locations: crate::stages::locations::LocationsConfig,
    /// Events stage configuration.
    pub events: crate::stages::events::EventsConfig,
    /// The merged configuration (for `check-config`; print with [`Settings::masked_toml`]).
    pub raw: RawConfig,
}

impl Settings {
    /// Loads defaults, then `file`, then the environment (`env`: name/value
    /// pairs, normally `std::env::vars()`), then `overrides` (dotted key,
    /// TOML value), and validates the result.
    ///
    /// # Errors
    /// [`ConfigError`] naming the layer and key at fault.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
        overrides: &[(String, toml::Value)],
    ) -> Result<Self, ConfigError> {
        let mut merged = parse_layer(DEFAULTS_TOML, "defaults")?;
        if let Some(path) = file {
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: path.display().to_string(),
                source,
            })?;
            merge(
                &mut merged,
                parse_layer(&text, &path.display().to_string())?,
            );
        }
        merge(&mut merged, env_layer(env));
        for (key, value) in overrides {
            set_path(&mut merged, &key_path(key)?, value.clone());
        }
        let raw: RawConfig =
            toml::Value::Table(merged)
                .try_into()
                .map_err(|e: toml::de::Error| ConfigError::Parse {
                    layer: "merged".into(),
                    message: e.to_string(),
                })?;
        Settings::try_from(raw)
    }

    /// The merged configuration as TOML with secrets masked.
    pub fn masked_toml(&self) -> String {
        let mut raw = self.raw.clone();
        raw.kafka.consumer.librdkafka = ClientProperties(raw.kafka.consumer.librdkafka).masked();
        raw.kafka.producer.librdkafka = ClientProperties(raw.kafka.producer.librdkafka).masked();
        toml::to_string_pretty(&raw).unwrap_or_else(|e| format!("# cannot render: {e}\n"))
    }
}

impl TryFrom<RawConfig> for Settings {
    type Error = ConfigError;

    fn try_from(raw: RawConfig) -> Result<Self, ConfigError> {
        let p = &raw.pipeline;
        // Known stages, in an order that keeps every declared read.
        crate::stages::check_order(&p.stages)
            .map_err(|e| ConfigError::Invalid(format!("pipeline.stages: {e}")))?;
        if p.max_in_flight == 0 {
            return Err(ConfigError::Invalid(
                "pipeline.max_in_flight must be at least 1".into(),
            ));
        }
        if p.max_message_bytes == 0 {
            return Err(ConfigError::Invalid(
                "pipeline.max_message_bytes must be at least 1".into(),
            ));
        }
        let d = &raw.dead_letter;
        if !(0.0..=1.0).contains(&d.max_ratio) {
            return Err(ConfigError::Invalid(
                "dead_letter.max_ratio must be within 0.0..=1.0".into(),
            ));
        }
        if d.window == 0 || d.min_messages > d.window {
            return Err(ConfigError::Invalid(
                "dead_letter: window must be >= 1 and min_messages <= window".into(),
            ));
        }
        let telemetry = match raw.telemetry.enabled.as_str() {
            "auto" => TelemetryMode::Auto,
            "on" => TelemetryMode::On,
            "off" => TelemetryMode::Off,
            other => {
                return Err(ConfigError::Invalid(format!(
                    "telemetry.enabled: `{other}` is not auto, on or off"
                )));
            }
        };
        let telemetry_listen: SocketAddr = raw.telemetry.listen.parse().map_err(|e| {
            ConfigError::Invalid(format!("telemetry.listen `{}`: {e}", raw.telemetry.listen))
        })?;
        let k = &raw.kafka;
        let drain_timeout = Duration::from_millis(raw.shutdown.drain_timeout_ms);
        let kafka = if k.bootstrap_servers.trim().is_empty() {
            None
        } else {
            for (name, topic) in [
                ("input_topic", &k.input_topic),
                ("output_topic", &k.output_topic),
                ("dead_letter_topic", &k.dead_letter_topic),
            ] {
                if topic.trim().is_empty() {
                    return Err(ConfigError::Invalid(format!(
                        "kafka.{name} must not be empty"
                    )));
                }
            }
            if k.input_topic == k.output_topic || k.input_topic == k.dead_letter_topic {
                return Err(ConfigError::Invalid(
                    "kafka.input_topic must differ from output_topic and dead_letter_topic".into(),
                ));
            }
            for reserved in [
                "bootstrap.servers",
                "group.id",
                "enable.auto.commit",
                "enable.auto.offset.store",
                "group.protocol",
            ] {
                if k.consumer.librdkafka.contains_key(reserved)
                    || k.producer.librdkafka.contains_key(reserved)
                {
                    return Err(ConfigError::Invalid(format!(
                        "`{reserved}` is set by newsevents itself (delivery guarantees depend on it); use kafka.bootstrap_servers / kafka.group_id / kafka.group_protocol"
                    )));
                }
            }
            let group_protocol = match k.group_protocol.as_str() {
                "classic" => GroupProtocol::Classic,
                "consumer" => GroupProtocol::Consumer,
                other => {
                    return Err(ConfigError::Invalid(format!(
                        "kafka.group_protocol: `{other}` is not classic or consumer"
                    )));
                }
            };
            let mut consumer = k.consumer.librdkafka.clone();
            if group_protocol == GroupProtocol::Consumer {
                // The broker owns these under KIP-848 (its
                // group.consumer.session.timeout.ms defaults to 45 s).
                for key in CLASSIC_ONLY_PROPERTIES {
                    consumer.remove(*key);
                }
            }
            let session_ms: u64 = consumer
                .get("session.timeout.ms")
                .and_then(|v| v.parse().ok())
                .unwrap_or(45_000);
            if raw.shutdown.drain_timeout_ms >= session_ms {
                return Err(ConfigError::Invalid(format!(
                    "shutdown.drain_timeout_ms ({}) must be below the consumer's session.timeout.ms ({session_ms})",
                    raw.shutdown.drain_timeout_ms
                )));
            }
            Some(KafkaSettings {
                bootstrap_servers: k.bootstrap_servers.clone(),
                group_id: k.group_id.clone(),
                input_topic: k.input_topic.clone(),
                output_topic: k.output_topic.clone(),
                dead_letter_topic: k.dead_letter_topic.clone(),
                commit_interval: Duration::from_millis(k.commit_interval_ms.max(1)),
                consumer: ClientProperties(consumer),
                producer: ClientProperties(k.producer.librdkafka.clone()),
                max_record_bytes: (k.max_record_bytes > 0).then_some(k.max_record_bytes),
                group_protocol,
            })
        };
        let workers = if p.workers == 0 {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        } else {
            p.workers
        };
        Ok(Settings {
            kafka,
            stages: p.stages.clone(),
            workers,
            max_in_flight: p.max_in_flight,
            max_message_bytes: p.max_message_bytes,
            stage_timeout: Duration::from_millis(p.stage_timeout_ms.max(1)),
            dead_letter_max_ratio: d.max_ratio,
            dead_letter_window: d.window,
            dead_letter_min_messages: d.min_messages,
            drain_timeout,
            telemetry,
            telemetry_listen,
            stall_timeout: Duration::from_millis(raw.telemetry.stall_timeout_ms),
            text: raw.text.clone(),
            entities: raw.entities.clone(),
            actors: raw.actors.clone(),
            locations: raw.locations.clone(),
            events: raw.events.clone(),
            raw,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(toml_text: &str, env: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(&path, toml_text).unwrap();
        Settings::load(
            Some(&path),
            env.iter().map(|(a, b)| (a.to_string(), b.to_string())),
            &[],
        )
    }

    #[test]
    fn defaults_select_json_lines_mode() {
        let s = Settings::load(None, Vec::new(), &[]).unwrap();
        assert!(s.kafka.is_none());
        assert_eq!(
            s.stages,
            vec!["text", "entities", "actors", "locations", "events"]
        );
        assert!(s.workers >= 1);
    }

    #[test]
    fn unknown_keys_are_rejected_with_their_name() {
        let err = load("[pipeline]\nworkerz = 3\n", &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("workerz"), "{err}");
        let err = load("[bogus]\nx = 1\n", &[]).unwrap_err().to_string();
        assert!(err.contains("bogus"), "{err}");
    }

    #[test]
    fn environment_beats_file_and_maps_librdkafka_keys() {
        let s = load(
            "[kafka]\nbootstrap_servers = \"a:9092\"\n[pipeline]\nworkers = 2\n",
            &[
                ("NEWSEVENTS__PIPELINE__WORKERS", "5"),
                (
                    "NEWSEVENTS__KAFKA__CONSUMER__LIBRDKAFKA__SASL_MECHANISMS",
                    "PLAIN",
                ),
                (
                    "NEWSEVENTS__KAFKA__PRODUCER__LIBRDKAFKA__SASL_PASSWORD",
                    "hunter2",
                ),
                ("OTHER", "ignored"),
            ],
        )
        .unwrap();
        assert_eq!(s.workers, 5);
        let k = s.kafka.as_ref().unwrap();
        assert_eq!(
            k.consumer.0.get("sasl.mechanisms").map(String::as_str),
            Some("PLAIN")
        );
        assert_eq!(
            k.producer.0.get("sasl.password").map(String::as_str),
            Some("hunter2")
        );
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!s.masked_toml().contains("hunter2"));
        assert!(s.masked_toml().contains("sasl.mechanisms"));
    }

    #[test]
    fn cli_overrides_beat_environment() {
        let s = Settings::load(
            None,
            vec![("NEWSEVENTS__PIPELINE__WORKERS".to_string(), "5".to_string())],
            &[("pipeline.workers".to_string(), toml::Value::Integer(7))],
        )
        .unwrap();
        assert_eq!(s.workers, 7);
    }

    #[test]
    fn cross_field_rules_are_checked() {
        let err = load(
            "[kafka]\nbootstrap_servers = \"a:9092\"\n[shutdown]\ndrain_timeout_ms = 60000\n",
            &[],
        )
        .unwrap_err();
        assert!(err.to_string().contains("session.timeout.ms"), "{err}");
        let err = load("[pipeline]\nstages = [\"locations\", \"text\"]\n", &[]).unwrap_err();
        assert!(err.to_string().contains("first"), "{err}");
        let err = load("[kafka]\nbootstrap_servers = \"a:9092\"\n[kafka.consumer.librdkafka]\n\"enable.auto.commit\" = \"true\"\n", &[]).unwrap_err();
        assert!(err.to_string().contains("enable.auto.commit"), "{err}");
    }

    #[test]
    fn group_protocol_consumer_leaves_out_the_classic_only_properties() {
        let kafka = "[kafka]\nbootstrap_servers = \"a:9092\"\n";
        let s = load(kafka, &[]).unwrap();
        let k = s.kafka.as_ref().unwrap();
        assert_eq!(k.group_protocol, GroupProtocol::Classic);
        assert_eq!(k.consumer.0["session.timeout.ms"], "45000");
        let s = load(&format!("{kafka}group_protocol = \"consumer\"\n"), &[]).unwrap();
        let k = s.kafka.as_ref().unwrap();
        assert_eq!(k.group_protocol, GroupProtocol::Consumer);
        for key in CLASSIC_ONLY_PROPERTIES {
            assert!(!k.consumer.0.contains_key(*key), "{key} passed on");
        }
        assert_eq!(k.consumer.0["auto.offset.reset"], "earliest");
        let err = load(&format!("{kafka}group_protocol = \"eager\"\n"), &[]).unwrap_err();
        assert!(err.to_string().contains("kafka.group_protocol"), "{err}");
        let err = load(
            &format!("{kafka}[kafka.consumer.librdkafka]\n\"group.protocol\" = \"consumer\"\n"),
            &[],
        )
        .unwrap_err();
        assert!(err.to_string().contains("group.protocol"), "{err}");
    }

    #[test]
    fn set_takes_toml_dotted_keys_with_quoted_librdkafka_names() {
        let sets = [
            r#"kafka.consumer.librdkafka."session.timeout.ms"=60000"#,
            "kafka.producer.librdkafka.message.timeout.ms=30000",
            r#"kafka.producer.librdkafka."client.id"="a=b""#,
            "kafka.bootstrap_servers=127.0.0.1:9092",
            "pipeline.workers=3",
        ];
        let overrides: Vec<_> = sets.iter().map(|kv| parse_set(kv).unwrap()).collect();
        let s = Settings::load(None, Vec::new(), &overrides).unwrap();
        let k = s.kafka.as_ref().unwrap();
        assert_eq!(
            k.consumer.0["session.timeout.ms"], "60000",
            "numbers become text"
        );
        assert_eq!(k.producer.0["message.timeout.ms"], "30000");
        assert_eq!(k.producer.0["client.id"], "a=b");
        assert_eq!(k.bootstrap_servers, "127.0.0.1:9092");
        assert_eq!(s.workers, 3);
        assert_eq!(
            key_path(r#"a."b.c".d"#).unwrap(),
            ["a", "b.c", "d"].map(String::from)
        );
        assert!(parse_set("no-equals-sign").is_err());
        assert!(parse_set(r#"kafka."open=1"#).is_err());
        assert!(parse_set("kafka..x=1").is_err());
    }

    #[test]
    fn the_client_builder_layers_defaults_properties_and_role() {
        let s = load(
            "[kafka]\nbootstrap_servers = \"b:9092\"\n[kafka.producer.librdkafka]\n\"linger.ms\" = 50\n",
            &[],
        )
        .unwrap();
        let k = s.kafka.unwrap();
        let p = k.client_config(
            ClientRole::Producer,
            "id-p",
            &[("linger.ms", "1"), ("batch.size", "9")],
        );
        assert_eq!(p.get("bootstrap.servers"), Some("b:9092"));
        assert_eq!(p.get("client.id"), Some("id-p"));
        assert_eq!(
            p.get("linger.ms"),
            Some("50"),
            "configuration beats our default"
        );
        assert_eq!(p.get("batch.size"), Some("9"));
        let c = k.client_config(ClientRole::Consumer, "id-c", &[]);
        assert_eq!(
            c.get("linger.ms"),
            None,
            "producer properties stay with the producer"
        );
        assert_eq!(c.get("auto.offset.reset"), Some("earliest"));
    }
}
