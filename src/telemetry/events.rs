//! Internal events: each logs once and counts once.

use std::time::Duration;

/// A stage finished one article in `elapsed`.
pub fn stage_finished(stage: &'static str, elapsed: Duration) {
    metrics::histogram!("newsevents_stage_duration_seconds", "stage" => stage)
        .record(elapsed.as_secs_f64());
}
