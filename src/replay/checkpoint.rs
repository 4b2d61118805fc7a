//! Resumability: per source unit, the last contiguous acknowledged position
//! ([`UnitProgress`]), and the checkpoint file that records it (the
//! [`Plan`] as JSON, written atomically).
//!
//! The rule matches the live consumer's commit watermark
//! (`delivery::offsets`): a unit's `next` is its lowest position still in
//! flight or failed, or one past the highest position seen when none is.
//! A failed produce holds `next` at the failed position, so `--resume`
//! sends it again (with everything after it that was sent: at-least-once).
//! Input that can never be sent (an unparsable archive line) does not hold
//! it: retrying cannot help.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;

use super::plan::{Plan, ReplayError};

/// In-flight bookkeeping for one source unit. Positions must be begun in
/// increasing order, as a partition or file is read.
#[derive(Debug, Clone)]
pub struct UnitProgress {
    pending: BTreeSet<i64>,
    failed: BTreeSet<i64>,
    seen_next: i64,
}

impl UnitProgress {
    /// Progress starting at `next` (nothing before it needs sending).
    pub fn new(next: i64) -> Self {
        UnitProgress {
            pending: BTreeSet::new(),
            failed: BTreeSet::new(),
            seen_next: next,
        }
    }

    /// `pos` was handed to the target and awaits acknowledgement.
    pub fn begin(&mut self, pos: i64) {
        self.pending.insert(pos);
        self.seen_next = self.seen_next.max(pos + 1);
    }

    /// `pos` was acknowledged by the target.
    pub fn ack(&mut self, pos: i64) {
        self.pending.remove(&pos);
    }

    /// Delivery of `pos` failed; it holds the watermark for good (this run).
    pub fn fail(&mut self, pos: i64) {
        self.pending.remove(&pos);
        self.failed.insert(pos);
    }

    /// `pos` needs no delivery (outside the time window, or unusable input).
    pub fn skip(&mut self, pos: i64) {
        self.seen_next = self.seen_next.max(pos + 1);
    }

    /// The unit was read to `end` (exclusive): positions not seen below it
    /// do not exist (offset gaps from compaction or transaction markers).
    pub fn finish(&mut self, end: i64) {
        self.seen_next = self.seen_next.max(end);
    }

    /// First position not yet acknowledged.
    pub fn next(&self) -> i64 {
        [
            self.pending.first().copied(),
            self.failed.first().copied(),
            Some(self.seen_next),
        ]
        .into_iter()
        .flatten()
        .min()
        .expect("seen_next is always there")
    }

    /// Positions awaiting acknowledgement.
    pub fn in_flight(&self) -> usize {
        self.pending.len()
    }
}

/// Writes `plan` as pretty JSON to `path` atomically: a temporary file in
/// the same directory, fsynced, then renamed over `path`, so a crash leaves
/// either the old or the new checkpoint, never half of one.
///
/// # Errors
/// I/O errors creating, writing or renaming the file.
pub fn save(plan: &Plan, path: &Path) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "checkpoint".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let mut file = std::fs::File::create(&tmp)?;
    serde_json::to_writer_pretty(&mut file, plan).map_err(std::io::Error::other)?;
    file.write_all(b"\n")?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, path)
}

/// Reads a checkpoint written by [`save`].
///
/// # Errors
/// [`ReplayError::Checkpoint`] if the file cannot be read, is not a
/// checkpoint, or is of another format version.
pub fn load(path: &Path) -> Result<Plan, ReplayError> {
    let err = |message: String| ReplayError::Checkpoint {
        path: path.display().to_string(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    let plan: Plan =
        serde_json::from_str(&text).map_err(|e| err(format!("not a replay checkpoint: {e}")))?;
    if plan.version != Plan::VERSION {
        return Err(err(format!(
            "format version {} (this newsevents reads {})",
            plan.version,
            Plan::VERSION
        )));
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay::plan::{SourceSpec, TargetSpec, Unit, UnitSource};
    use proptest::prelude::*;

    #[test]
    fn out_of_order_acks_advance_only_contiguously() {
        let mut p = UnitProgress::new(10);
        for pos in [10, 11, 13] {
            p.begin(pos); // 12 is an offset gap
        }
        assert_eq!(p.next(), 10);
        p.ack(11);
        p.ack(13);
        assert_eq!(p.next(), 10, "10 is still in flight");
        p.ack(10);
        assert_eq!(p.next(), 14);
        p.finish(20);
        assert_eq!(p.next(), 20);
    }

    #[test]
    fn a_failed_produce_holds_the_watermark_but_a_skip_does_not() {
        let mut p = UnitProgress::new(1);
        p.begin(1);
        p.skip(2);
        p.begin(3);
        p.ack(1);
        assert_eq!(p.next(), 3);
        p.fail(3);
        p.begin(4);
        p.ack(4);
        p.finish(9);
        assert_eq!(p.next(), 3, "resume re-sends the failed message");
        assert_eq!(p.in_flight(), 0);
    }

    proptest! {
        /// Whatever the ack order, `next` never passes an unacknowledged
        /// position and reaches the end once all are acknowledged.
        #[test]
        fn next_never_passes_a_pending_position(order in Just((0..40i64).collect::<Vec<_>>()).prop_shuffle()) {
            let mut p = UnitProgress::new(0);
            for pos in 0..40 {
                p.begin(pos);
            }
            let mut acked = BTreeSet::new();
            for pos in order {
                p.ack(pos);
                acked.insert(pos);
                let next = p.next();
                prop_assert!((0..next).all(|q| acked.contains(&q)));
                prop_assert!(next == 40 || !acked.contains(&next));
            }
            prop_assert_eq!(p.next(), 40);
        }
    }

    #[test]
    fn save_is_atomic_and_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cp.json");
        let mut plan = Plan {
            version: Plan::VERSION,
            replay_id: "r".into(),
            source: SourceSpec::Archive,
            target: TargetSpec::Topic { topic: "t".into() },
            keep_timestamps: true,
            units: vec![Unit::new(UnitSource::File("a.jsonl.gz".into()), 1, 11)],
            created_at: "c".into(),
            updated_at: "u".into(),
        };
        save(&plan, &path).unwrap();
        plan.units[0].next = 6;
        save(&plan, &path).unwrap();
        assert_eq!(load(&path).unwrap(), plan);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            leftovers,
            vec![std::ffi::OsString::from("cp.json")],
            "no temporary file left"
        );

        std::fs::write(&path, "{\"version\": 1}").unwrap();
        assert!(matches!(
            load(&path).unwrap_err(),
            ReplayError::Checkpoint { .. }
        ));
        plan.version = 99;
        save(&plan, &path).unwrap();
        assert!(load(&path).unwrap_err().to_string().contains("version 99"));
    }
}
