//! Kafka settings: the validated `[kafka]` section ([`KafkaSettings`]), the
//! librdkafka pass-through properties ([`ClientProperties`], secrets masked)
//! and the one builder of every Kafka client's configuration
//! ([`KafkaSettings::client_config`]).

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// librdkafka properties; `Debug` masks secrets.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ClientProperties(pub BTreeMap<String, String>);

impl ClientProperties {
    /// True for property names whose values must never be printed
    /// (`sasl.password`, `ssl.key.password`, `*.secret`, PEM keys, OAuth config).
    pub fn is_secret(key: &str) -> bool {
        [
            "password",
            "secret",
            "ssl.key.pem",
            "sasl.oauthbearer.config",
            "sasl.jaas",
        ]
        .iter()
        .any(|s| key.contains(s))
    }

    /// The properties with secret values replaced by `"***"`.
    pub fn masked(&self) -> BTreeMap<String, String> {
        self.0
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    if Self::is_secret(k) {
                        "***".to_string()
                    } else {
                        v.clone()
                    },
                )
            })
            .collect()
    }
}

impl fmt::Debug for ClientProperties {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.masked()).finish()
    }
}

/// Which pass-through properties a Kafka client takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientRole {
    /// `kafka.consumer.librdkafka`: the consumer group member and replay's reader.
    Consumer,
    /// `kafka.producer.librdkafka`: the sink, replay's target and the admin
    /// client that reads topic limits.
    Producer,
}

/// The consumer group rebalance protocol (`kafka.group_protocol`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupProtocol {
    /// The original JoinGroup/SyncGroup protocol: every rebalance revokes
    /// every partition of every member first (eager assignment).
    Classic,
    /// KIP-848 (Kafka 4.0+, librdkafka 2.12 GA): the broker computes the
    /// assignment and members move only the partitions that change owner.
    Consumer,
}

impl GroupProtocol {
    /// librdkafka's `group.protocol` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Classic => "classic",
            Self::Consumer => "consumer",
        }
    }
}

/// Consumer properties of the classic protocol that the broker owns under
/// KIP-848; librdkafka refuses them with `group.protocol=consumer`.
pub const CLASSIC_ONLY_PROPERTIES: &[&str] = &[
    "session.timeout.ms",
    "heartbeat.interval.ms",
    "partition.assignment.strategy",
    "group.protocol.type",
];

/// Kafka settings; `None` in `Settings::kafka` means JSON Lines mode.
#[derive(Debug, Clone)]
pub struct KafkaSettings {
    /// `bootstrap.servers`.
    pub bootstrap_servers: String,
    /// `group.id`.
    pub group_id: String,
    /// Raw-article topic.
    pub input_topic: String,
    /// Enriched-article topic.
    pub output_topic: String,
    /// Dead-letter topic.
    pub dead_letter_topic: String,
    /// Interval between offset commits.
    pub commit_interval: Duration,
    /// Consumer pass-through properties.
    pub consumer: ClientProperties,
    /// Producer pass-through properties.
    pub producer: ClientProperties,
    /// Largest record written, bytes; `None`: each topic's
    /// `max.message.bytes` as the broker reports it at start-up.
    pub max_record_bytes: Option<usize>,
    /// Consumer group rebalance protocol.
    pub group_protocol: GroupProtocol,
}

impl KafkaSettings {
    /// The one Kafka client builder: `bootstrap.servers` and `client.id`,
    /// then `defaults` (the caller's own, e.g. `message.max.bytes`), then the
    /// pass-through properties of `role`. Properties the caller's guarantees
    /// depend on (`group.id`, `enable.auto.commit`, …) are set by the caller
    /// afterwards, so configuration cannot override them.
    pub fn client_config(
        &self,
        role: ClientRole,
        client_id: &str,
        defaults: &[(&str, &str)],
    ) -> rdkafka::ClientConfig {
        let mut config = rdkafka::ClientConfig::new();
        config.set("bootstrap.servers", &self.bootstrap_servers);
        config.set("client.id", client_id);
        for (k, v) in defaults {
            config.set(*k, *v);
        }
        let properties = match role {
            ClientRole::Consumer => &self.consumer,
            ClientRole::Producer => &self.producer,
        };
        for (k, v) in &properties.0 {
            config.set(k, v);
        }
        config
    }
}
