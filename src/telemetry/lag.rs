//! Consumer lag per assigned partition, as `/metrics` shows it
//! (`newsevents_consumer_lag_messages{topic,partition}`).
//!
//! The `metrics` crate cannot remove a series, and a lag gauge must be able
//! to disappear: when a partition is revoked (its next owner reports it),
//! and while the consumer cannot know the lag (its broker connection is
//! down, librdkafka reports -1). Showing a stale number, or 0, in those
//! moments would tell an operator that all is caught up during an outage.
//! So lag lives in this table and is rendered next to the recorder's output:
//! a partition has a series only while its lag is known.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;

use super::metrics::CONSUMER_LAG;

/// Known lag, messages, by `(topic, partition)`.
#[derive(Debug, Default)]
pub struct ConsumerLag {
    known: Mutex<BTreeMap<(String, i32), i64>>,
}

impl ConsumerLag {
    /// An empty table: no series until the first statistics arrive.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the table with `lags` (every partition whose lag is known
    /// now); partitions not listed lose their series.
    pub fn replace(&self, lags: impl IntoIterator<Item = ((String, i32), i64)>) {
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        *known = lags.into_iter().filter(|(_, lag)| *lag >= 0).collect();
    }

    /// Drops the series of `partitions` (revoked, or lag no longer known).
    pub fn forget(&self, partitions: &[(String, i32)]) {
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        for tp in partitions {
            known.remove(tp);
        }
    }

    /// Sum over known partitions; `None` when no partition's lag is known.
    pub fn total(&self) -> Option<i64> {
        let known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        (!known.is_empty()).then(|| known.values().sum())
    }

    /// Appends the gauge in Prometheus text format (HELP, TYPE, one line per
    /// known partition) to `out`.
    pub fn render(&self, out: &mut String) {
        let known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        let _ = writeln!(
            out,
            "# HELP {CONSUMER_LAG} Consumer lag per assigned partition from librdkafka statistics; absent while unknown."
        );
        let _ = writeln!(out, "# TYPE {CONSUMER_LAG} gauge");
        for ((topic, partition), lag) in known.iter() {
            let _ = writeln!(
                out,
                "{CONSUMER_LAG}{{topic=\"{}\",partition=\"{partition}\"}} {lag}",
                escape_label(topic)
            );
        }
    }
}

/// Prometheus label-value escaping: backslash, double quote, newline.
fn escape_label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_revoked_partitions_have_no_series() {
        let lag = ConsumerLag::new();
        let mut out = String::new();
        lag.render(&mut out);
        assert!(!out.contains("{topic"), "{out}");
        assert_eq!(lag.total(), None);
        lag.replace([
            (("in".to_string(), 0), 5),
            (("in".to_string(), 1), -1),
            (("in".to_string(), 2), 0),
        ]);
        assert_eq!(lag.total(), Some(5));
        let mut out = String::new();
        lag.render(&mut out);
        assert!(
            out.contains("newsevents_consumer_lag_messages{topic=\"in\",partition=\"0\"} 5"),
            "{out}"
        );
        assert!(!out.contains("partition=\"1\""), "-1 is never shown: {out}");
        lag.forget(&[("in".to_string(), 0), ("in".to_string(), 2)]);
        assert_eq!(lag.total(), None);
    }
}
