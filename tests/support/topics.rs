//! Per-test topics and generated input for the Kafka tests.

use super::articles;
use super::broker::{self, Record};
use super::process;

/// A fresh input, output and dead-letter topic and consumer group for one
/// test; the topics are deleted when it is dropped.
pub struct Topics {
    pub input: String,
    pub output: String,
    pub dead: String,
    pub group: String,
    pub bootstrap: String,
}

/// Topic config of every test topic unless a test says otherwise.
const TEN_MB: &[(&str, &str)] = &[("max.message.bytes", "10485760")];

impl Topics {
    /// Creates `<name>-in`/`-out` with `partitions` partitions and a
    /// one-partition `<name>-dlt`, each with a unique suffix and a 10 MB
    /// message limit, on the shared broker.
    pub fn new(name: &str, partitions: i32) -> Self {
        broker::require_broker();
        Self::on(&broker::bootstrap(), name, partitions, TEN_MB)
    }

    /// As [`Topics::new`] on the cluster at `bootstrap`, with `output_config`
    /// for the output and dead-letter topics (empty: the broker's defaults,
    /// as `deploy/compose.yaml` creates them). The input topic takes 10 MB.
    pub fn on(
        bootstrap: &str,
        name: &str,
        partitions: i32,
        output_config: &[(&str, &str)],
    ) -> Self {
        let t = Topics {
            input: broker::unique(&format!("{name}-in")),
            output: broker::unique(&format!("{name}-out")),
            dead: broker::unique(&format!("{name}-dlt")),
            group: broker::unique(&format!("{name}-group")),
            bootstrap: bootstrap.to_string(),
        };
        broker::create_topic_at(bootstrap, &t.input, partitions, TEN_MB);
        broker::create_topic_at(bootstrap, &t.output, partitions, output_config);
        broker::create_topic_at(bootstrap, &t.dead, 1, output_config);
        t
    }

    /// Starts `newsevents run` on these topics with `extra` arguments.
    pub fn start(&self, extra: &[&str]) -> std::process::Child {
        process::start_kafka_processor(
            &self.bootstrap,
            &self.input,
            &self.output,
            &self.dead,
            &self.group,
            extra,
        )
    }
}

impl Drop for Topics {
    fn drop(&mut self) {
        if self.bootstrap == broker::bootstrap() {
            broker::delete_topics(&[&self.input, &self.output, &self.dead]);
        }
    }
}

/// Generated articles `range` as records keyed by article id, with a
/// `trace-id` header; returns the ids too.
pub fn generated(range: std::ops::Range<usize>) -> (Vec<String>, Vec<Record>) {
    range
        .map(|i| {
            let (id, json) = articles::article(i);
            let rec = Record {
                key: Some(id.clone().into_bytes()),
                payload: Some(json.into_bytes()),
                headers: vec![("trace-id".into(), format!("t{i}").into_bytes())],
            };
            (id, rec)
        })
        .unzip()
}

/// Topics created for one test from `(prefix, partitions)` specs, each name
/// made unique; deleted when dropped.
pub struct TopicSet(pub Vec<String>);

impl TopicSet {
    /// Creates the topics; `.0` holds their names in spec order.
    pub fn new(specs: &[(&str, i32)]) -> Self {
        TopicSet(
            specs
                .iter()
                .map(|(n, p)| {
                    let name = broker::unique(n);
                    broker::create_topic(&name, *p);
                    name
                })
                .collect(),
        )
    }
}

impl Drop for TopicSet {
    fn drop(&mut self) {
        let refs: Vec<&str> = self.0.iter().map(String::as_str).collect();
        broker::delete_topics(&refs);
    }
}
