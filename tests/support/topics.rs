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
}

impl Topics {
    /// Creates `<name>-in`/`-out` with `partitions` partitions and a
    /// one-partition `<name>-dlt`, each with a unique suffix.
    pub fn new(name: &str, partitions: i32) -> Self {
        let t = Topics {
            input: broker::unique(&format!("{name}-in")),
            output: broker::unique(&format!("{name}-out")),
            dead: broker::unique(&format!("{name}-dlt")),
            group: broker::unique(&format!("{name}-group")),
        };
        broker::create_topic(&t.input, partitions);
        broker::create_topic(&t.output, partitions);
        broker::create_topic(&t.dead, 1);
        t
    }

    /// Starts `newsevents run` on these topics with `extra` arguments.
    pub fn start(&self, extra: &[&str]) -> std::process::Child {
        process::start_kafka_processor(
            &broker::bootstrap(),
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
        broker::delete_topics(&[&self.input, &self.output, &self.dead]);
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
