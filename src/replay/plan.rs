//! What a replay will do, computed before anything is read: the source units
//! (topic partitions or archive files), each with a position range, and the
//! target. The same [`Plan`] is the dry-run report and, with each unit's
//! `next` position kept up to date, the checkpoint file (see
//! [`super::checkpoint`]).
//!
//! Positions are Kafka offsets for partitions and 1-based line numbers for
//! files. Ranges are half-open: `start` inclusive, `end` exclusive.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// Why a replay cannot be planned or resumed. Always the operator's to fix
/// (a retry with the same arguments does not help).
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// A time without a UTC offset or zone: it would mean a different
    /// instant on every machine, so it is refused.
    #[error(
        "{flag} `{value}` has no UTC offset or zone; write it as RFC 3339 with one, e.g. `2019-04-14T00:00:00+02:00` or `2019-04-13T22:00:00Z`"
    )]
    NaiveTime {
        /// `--since` or `--until`.
        flag: &'static str,
        /// The value as given.
        value: String,
    },
    /// A time that is not RFC 3339 at all.
    #[error(
        "{flag} `{value}` is not an RFC 3339 time with offset (e.g. `2019-04-14T00:00:00+02:00`)"
    )]
    InvalidTime {
        /// `--since` or `--until`.
        flag: &'static str,
        /// The value as given.
        value: String,
    },
    /// `--until` is not after `--since`.
    #[error("--until ({until}) must be after --since ({since})")]
    EmptyWindow {
        /// Window start as given.
        since: String,
        /// Window end as given.
        until: String,
    },
    /// A requested partition does not exist in the source topic.
    #[error("topic `{topic}` has no partition {partition} (it has {count})")]
    NoSuchPartition {
        /// Source topic.
        topic: String,
        /// Requested partition.
        partition: i32,
        /// Number of partitions the topic has.
        count: usize,
    },
    /// `--start-offset` is after `--end-offset`.
    #[error("partition {partition}: start offset {start} is after end offset {end}")]
    BadRange {
        /// Partition.
        partition: i32,
        /// Requested start offset.
        start: i64,
        /// Requested end offset.
        end: i64,
    },
    /// Offsets given in a way that cannot be paired with partitions.
    #[error("{0}")]
    BadSelection(String),
    /// The checkpoint file is unreadable or of another version.
    #[error("checkpoint {path}: {message}")]
    Checkpoint {
        /// Checkpoint path.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// Parses a `--since`/`--until` value: RFC 3339 with an explicit offset
/// (`Z`, `+02:00`); a space instead of `T` is accepted.
///
/// # Errors
/// [`ReplayError::NaiveTime`] for a date or date-time without offset,
/// [`ReplayError::InvalidTime`] for anything else that is not RFC 3339.
pub fn parse_zoned_time(
    flag: &'static str,
    value: &str,
) -> Result<DateTime<FixedOffset>, ReplayError> {
    let v = value.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(t);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(&v.replacen(' ', "T", 1)) {
        return Ok(t);
    }
    let naive = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .any(|f| NaiveDateTime::parse_from_str(v, f).is_ok())
        || NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok();
    Err(if naive {
        ReplayError::NaiveTime {
            flag,
            value: value.to_string(),
        }
    } else {
        ReplayError::InvalidTime {
            flag,
            value: value.to_string(),
        }
    })
}

/// A time window over Kafka message timestamps, milliseconds since the Unix
/// epoch: `since_ms` inclusive, `until_ms` exclusive; `None` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// First included timestamp, ms.
    pub since_ms: Option<i64>,
    /// First excluded timestamp, ms.
    pub until_ms: Option<i64>,
}

impl Window {
    /// Builds a window from `--since`/`--until` values.
    ///
    /// # Errors
    /// As [`parse_zoned_time`], and [`ReplayError::EmptyWindow`] when
    /// `until` is not after `since`.
    pub fn parse(since: Option<&str>, until: Option<&str>) -> Result<Self, ReplayError> {
        let s = since.map(|v| parse_zoned_time("--since", v)).transpose()?;
        let u = until.map(|v| parse_zoned_time("--until", v)).transpose()?;
        if let (Some(s), Some(u)) = (s, u)
            && u <= s
        {
            return Err(ReplayError::EmptyWindow {
                since: s.to_rfc3339(),
                until: u.to_rfc3339(),
            });
        }
        Ok(Window {
            since_ms: s.map(|t| t.timestamp_millis()),
            until_ms: u.map(|t| t.timestamp_millis()),
        })
    }

    /// True if a message with timestamp `ts_ms` lies in the window. A
    /// message without timestamp is outside any bounded window.
    pub fn contains(&self, ts_ms: Option<i64>) -> bool {
        match ts_ms {
            Some(t) => self.since_ms.is_none_or(|s| t >= s) && self.until_ms.is_none_or(|u| t < u),
            None => self.since_ms.is_none() && self.until_ms.is_none(),
        }
    }
}

/// Where the messages come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SourceSpec {
    /// A Kafka topic read by assignment (never the live consumer group).
    Topic {
        /// Topic name.
        topic: String,
        /// Time window, when selected by time; messages whose timestamp lies
        /// outside it are skipped even inside the offset range.
        window: Option<Window>,
    },
    /// JSON Lines files (plain or gzip): raw articles or dead-letter records.
    Archive,
}

/// Where the messages go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TargetSpec {
    /// A Kafka topic (the live input topic or a side topic).
    Topic {
        /// Topic name.
        topic: String,
    },
    /// JSON Lines on standard output.
    Stdout,
}

/// One source unit: a partition of the source topic or one archive file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitSource {
    /// Partition number of the source topic; positions are offsets.
    Partition(i32),
    /// Archive file path; positions are 1-based line numbers.
    File(PathBuf),
}

/// A source unit and its range of positions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// Which partition or file.
    pub source: UnitSource,
    /// First position of the range, inclusive.
    pub start: i64,
    /// End of the range, exclusive.
    pub end: i64,
    /// First position not yet acknowledged: everything in `start..next` was
    /// delivered to the target (or needed no delivery). `start` before a run.
    pub next: i64,
}

impl Unit {
    /// A fresh unit over `start..end` (an `end` below `start` is raised to it).
    pub fn new(source: UnitSource, start: i64, end: i64) -> Self {
        let end = end.max(start);
        Unit {
            source,
            start,
            end,
            next: start,
        }
    }

    /// Positions still to replay: `end - max(next, start)`, at least 0. For
    /// a partition it is an upper bound on messages (compaction and
    /// transaction markers leave offset gaps).
    pub fn remaining(&self) -> u64 {
        (self.end - self.next.max(self.start)).max(0) as u64
    }

    /// The position reading starts at.
    pub fn resume_at(&self) -> i64 {
        self.next.clamp(self.start, self.end)
    }
}

/// Everything a replay does, and how far it got. Serialised as JSON, this is
/// the checkpoint file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Checkpoint format version, [`Plan::VERSION`].
    pub version: u32,
    /// Replay id: the `newsevents.replay.id` header and the consumer group
    /// suffix (`newsevents-replay-<id>`).
    pub replay_id: String,
    /// Source.
    pub source: SourceSpec,
    /// Target.
    pub target: TargetSpec,
    /// Produce with the original message timestamps (else the producer's time).
    pub keep_timestamps: bool,
    /// Source units in reading order.
    pub units: Vec<Unit>,
    /// RFC 3339 UTC time the plan was made.
    pub created_at: String,
    /// RFC 3339 UTC time of the last checkpoint write.
    pub updated_at: String,
}

impl Plan {
    /// Current checkpoint format version.
    pub const VERSION: u32 = 1;

    /// Total positions still to replay (see [`Unit::remaining`]).
    pub fn remaining(&self) -> u64 {
        self.units.iter().map(Unit::remaining).sum()
    }

    /// The dry-run report: one line per unit with its start, end and the
    /// number of messages (partitions) or lines (files) still to replay.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "replay {}", self.replay_id);
        match &self.source {
            SourceSpec::Topic { topic, window } => {
                let _ = write!(out, "source: topic {topic}");
                if let Some(w) = window {
                    let fmt = |ms: Option<i64>| {
                        ms.and_then(DateTime::from_timestamp_millis)
                            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
                            .unwrap_or_else(|| "open".to_string())
                    };
                    let _ = write!(
                        out,
                        ", time window [{}, {})",
                        fmt(w.since_ms),
                        fmt(w.until_ms)
                    );
                }
                out.push('\n');
            }
            SourceSpec::Archive => out.push_str("source: archive files\n"),
        }
        match &self.target {
            TargetSpec::Topic { topic } => {
                let _ = writeln!(out, "target: topic {topic}");
            }
            TargetSpec::Stdout => out.push_str("target: stdout (JSON Lines)\n"),
        }
        let is_topic = matches!(self.source, SourceSpec::Topic { .. });
        if is_topic {
            let _ = writeln!(
                out,
                "{:>9}  {:>14}  {:>14}  {:>10}",
                "partition", "start_offset", "end_offset", "messages"
            );
        } else {
            let _ = writeln!(
                out,
                "{:>10}  {:>10}  {:>10}  file",
                "start_line", "end_line", "lines"
            );
        }
        for u in &self.units {
            match &u.source {
                UnitSource::Partition(p) => {
                    let _ = writeln!(
                        out,
                        "{p:>9}  {:>14}  {:>14}  {:>10}",
                        u.resume_at(),
                        u.end,
                        u.remaining()
                    );
                }
                UnitSource::File(path) => {
                    let _ = writeln!(
                        out,
                        "{:>10}  {:>10}  {:>10}  {}",
                        u.resume_at(),
                        u.end,
                        u.remaining(),
                        path.display()
                    );
                }
            }
        }
        let _ = writeln!(
            out,
            "total: {} {} in {} {}",
            self.remaining(),
            if is_topic { "messages" } else { "lines" },
            self.units.len(),
            if is_topic { "partitions" } else { "files" }
        );
        out
    }
}

/// Log bounds of one partition: `low` = first offset still in the log,
/// `high` = next offset to be written (high watermark).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartitionBounds {
    /// Partition number.
    pub partition: i32,
    /// Log start offset.
    pub low: i64,
    /// High watermark.
    pub high: i64,
}

/// A request for one partition: offsets default to the log bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffsetRequest {
    /// Partition number.
    pub partition: i32,
    /// `--start-offset`, inclusive.
    pub start: Option<i64>,
    /// `--end-offset`, exclusive.
    pub end: Option<i64>,
}

/// Pairs `--partition`, `--start-offset` and `--end-offset` values: with no
/// partitions, every partition in `bounds` gets the (single, optional)
/// offsets; with partitions, the offsets are given once for all or once per
/// partition, in the same order.
///
/// # Errors
/// [`ReplayError::BadSelection`] when the counts do not pair up.
pub fn offset_requests(
    bounds: &[PartitionBounds],
    partitions: &[i32],
    starts: &[i64],
    ends: &[i64],
) -> Result<Vec<OffsetRequest>, ReplayError> {
    let parts: Vec<i32> = if partitions.is_empty() {
        bounds.iter().map(|b| b.partition).collect()
    } else {
        partitions.to_vec()
    };
    let pick = |values: &[i64], i: usize, name: &str| -> Result<Option<i64>, ReplayError> {
        match values.len() {
            0 => Ok(None),
            1 => Ok(Some(values[0])),
            n if n == partitions.len() => Ok(Some(values[i])),
            n => Err(ReplayError::BadSelection(format!(
                "{n} {name} values for {} --partition values: give one for all partitions or one per --partition",
                partitions.len()
            ))),
        }
    };
    parts
        .iter()
        .enumerate()
        .map(|(i, &partition)| {
            Ok(OffsetRequest {
                partition,
                start: pick(starts, i, "--start-offset")?,
                end: pick(ends, i, "--end-offset")?,
            })
        })
        .collect()
}

/// Units for an offset selection. Offsets outside the log are clamped to
/// `low..high` (records before `low` are gone; nothing exists at `high` yet).
///
/// # Errors
/// [`ReplayError::NoSuchPartition`], or [`ReplayError::BadRange`] when an
/// explicit start is after an explicit end.
pub fn plan_offsets(
    topic: &str,
    bounds: &[PartitionBounds],
    requests: &[OffsetRequest],
) -> Result<Vec<Unit>, ReplayError> {
    requests
        .iter()
        .map(|r| {
            let b = bounds
                .iter()
                .find(|b| b.partition == r.partition)
                .ok_or_else(|| ReplayError::NoSuchPartition {
                    topic: topic.to_string(),
                    partition: r.partition,
                    count: bounds.len(),
                })?;
            if let (Some(s), Some(e)) = (r.start, r.end)
                && s > e
            {
                return Err(ReplayError::BadRange {
                    partition: r.partition,
                    start: s,
                    end: e,
                });
            }
            let start = r.start.unwrap_or(b.low).clamp(b.low, b.high);
            let end = r.end.unwrap_or(b.high).clamp(start, b.high);
            Ok(Unit::new(UnitSource::Partition(r.partition), start, end))
        })
        .collect()
}

/// Units for a time window, from the answers of Kafka's `offsets_for_times`
/// (ListOffsets by timestamp): for each partition, the earliest offset whose
/// timestamp is at or after the time, or `None` when there is none (the
/// range then runs to the high watermark).
///
/// `since` and `until` map partition → answer; a partition missing from a
/// map means that bound is open (`low`, resp. `high`).
pub fn plan_window(
    bounds: &[PartitionBounds],
    since: Option<&HashMap<i32, Option<i64>>>,
    until: Option<&HashMap<i32, Option<i64>>>,
) -> Vec<Unit> {
    bounds
        .iter()
        .map(|b| {
            let answer = |m: Option<&HashMap<i32, Option<i64>>>, open: i64| match m {
                None => open,
                Some(m) => m
                    .get(&b.partition)
                    .copied()
                    .flatten()
                    .unwrap_or(b.high)
                    .clamp(b.low, b.high),
            };
            let start = answer(since, b.low);
            let end = answer(until, b.high);
            Unit::new(UnitSource::Partition(b.partition), start, end)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds() -> Vec<PartitionBounds> {
        vec![
            PartitionBounds {
                partition: 0,
                low: 0,
                high: 100,
            },
            PartitionBounds {
                partition: 1,
                low: 20,
                high: 50,
            },
            PartitionBounds {
                partition: 2,
                low: 0,
                high: 0,
            },
        ]
    }

    fn ranges(units: &[Unit]) -> Vec<(i64, i64)> {
        units.iter().map(|u| (u.start, u.end)).collect()
    }

    #[test]
    fn naive_times_are_rejected_and_zoned_ones_accepted() {
        for naive in [
            "2019-04-14T00:00:00",
            "2019-04-14 00:00:00",
            "2019-04-14",
            "2019-04-14T00:00",
        ] {
            let err = parse_zoned_time("--since", naive).unwrap_err();
            assert!(
                matches!(err, ReplayError::NaiveTime { .. }),
                "{naive}: {err}"
            );
            assert!(err.to_string().contains("no UTC offset"), "{err}");
        }
        assert!(matches!(
            parse_zoned_time("--until", "yesterday").unwrap_err(),
            ReplayError::InvalidTime { .. }
        ));
        let t = parse_zoned_time("--since", "2019-04-14T00:00:00+02:00").unwrap();
        assert_eq!(t.timestamp_millis(), 1_555_192_800_000);
        let z = parse_zoned_time("--since", "2019-04-13 22:00:00Z").unwrap();
        assert_eq!(z, t);
    }

    #[test]
    fn window_is_start_inclusive_end_exclusive() {
        let w = Window::parse(
            Some("2019-04-14T00:00:00+02:00"),
            Some("2019-04-14T00:00:01+02:00"),
        )
        .unwrap();
        let s = w.since_ms.unwrap();
        assert!(w.contains(Some(s)));
        assert!(w.contains(Some(s + 999)));
        assert!(!w.contains(Some(s + 1000)));
        assert!(!w.contains(Some(s - 1)));
        assert!(!w.contains(None));
        let err = Window::parse(
            Some("2019-04-14T00:00:00Z"),
            Some("2019-04-14T02:00:00+02:00"),
        )
        .unwrap_err();
        assert!(matches!(err, ReplayError::EmptyWindow { .. }), "{err}");
    }

    #[test]
    fn offsets_default_to_log_bounds_and_are_clamped() {
        let b = bounds();
        let req = offset_requests(&b, &[], &[], &[]).unwrap();
        assert_eq!(
            ranges(&plan_offsets("t", &b, &req).unwrap()),
            vec![(0, 100), (20, 50), (0, 0)]
        );
        // One start for all partitions; before the log start it is clamped.
        let req = offset_requests(&b, &[], &[10], &[]).unwrap();
        assert_eq!(
            ranges(&plan_offsets("t", &b, &req).unwrap()),
            vec![(10, 100), (20, 50), (0, 0)]
        );
        // Per-partition pairs, end past the high watermark is clamped.
        let req = offset_requests(&b, &[1, 0], &[30, 5], &[1000, 7]).unwrap();
        let units = plan_offsets("t", &b, &req).unwrap();
        assert_eq!(ranges(&units), vec![(30, 50), (5, 7)]);
        assert_eq!(units[0].source, UnitSource::Partition(1));
        assert_eq!(units.iter().map(Unit::remaining).sum::<u64>(), 22);
    }

    #[test]
    fn bad_selections_are_errors() {
        let b = bounds();
        assert!(matches!(
            offset_requests(&b, &[0, 1, 2], &[1, 2], &[]).unwrap_err(),
            ReplayError::BadSelection(_)
        ));
        let req = offset_requests(&b, &[7], &[], &[]).unwrap();
        assert!(matches!(
            plan_offsets("t", &b, &req).unwrap_err(),
            ReplayError::NoSuchPartition {
                partition: 7,
                count: 3,
                ..
            }
        ));
        let req = offset_requests(&b, &[0], &[9], &[3]).unwrap();
        assert!(matches!(
            plan_offsets("t", &b, &req).unwrap_err(),
            ReplayError::BadRange { .. }
        ));
    }

    #[test]
    fn window_offsets_come_from_offsets_for_times() {
        let b = bounds();
        // Partition 0: window covers 40..60. Partition 1: nothing at or after
        // `since` (None) → empty at the high watermark. Partition 2: empty log.
        let since = HashMap::from([(0, Some(40)), (1, None), (2, None)]);
        let until = HashMap::from([(0, Some(60)), (1, None), (2, None)]);
        let units = plan_window(&b, Some(&since), Some(&until));
        assert_eq!(ranges(&units), vec![(40, 60), (50, 50), (0, 0)]);
        // Open end: to the high watermark; open start: from the log start.
        let units = plan_window(&b, Some(&since), None);
        assert_eq!(ranges(&units), vec![(40, 100), (50, 50), (0, 0)]);
        let units = plan_window(&b, None, Some(&until));
        assert_eq!(ranges(&units), vec![(0, 60), (20, 50), (0, 0)]);
    }

    #[test]
    fn remaining_counts_from_the_checkpoint_position() {
        let mut u = Unit::new(UnitSource::Partition(0), 10, 20);
        assert_eq!(u.remaining(), 10);
        u.next = 15;
        assert_eq!((u.remaining(), u.resume_at()), (5, 15));
        u.next = 25;
        assert_eq!((u.remaining(), u.resume_at()), (0, 20));
    }

    #[test]
    fn render_lists_every_unit_and_the_total() {
        let plan = Plan {
            version: Plan::VERSION,
            replay_id: "r1".into(),
            source: SourceSpec::Topic {
                topic: "in".into(),
                window: None,
            },
            target: TargetSpec::Stdout,
            keep_timestamps: false,
            units: vec![
                Unit::new(UnitSource::Partition(0), 3, 9),
                Unit::new(UnitSource::Partition(1), 0, 4),
            ],
            created_at: String::new(),
            updated_at: String::new(),
        };
        let text = plan.render();
        assert!(
            text.contains("total: 10 messages in 2 partitions"),
            "{text}"
        );
        let row: Vec<&str> = text
            .lines()
            .find(|l| l.trim_start().starts_with("0 "))
            .unwrap()
            .split_whitespace()
            .collect();
        assert_eq!(row, vec!["0", "3", "9", "6"]);
    }
}
