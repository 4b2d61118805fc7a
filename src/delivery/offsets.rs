//! Per-partition commit watermarks.
//!
//! Every consumed message is registered with [`OffsetTracker::begin`] and
//! stays in flight until its output (enriched record or dead letter) is
//! acknowledged and [`OffsetTracker::complete`] is called. The offset a
//! partition may commit is the lowest offset still in flight, or one past the
//! highest offset seen when nothing is in flight: a failed message N keeps
//! the watermark at N however many later messages are delivered.
//!
//! Assignments carry an epoch: completions from before a partition was
//! revoked and re-assigned are ignored, so a stale acknowledgement can never
//! move a commit.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// A Kafka topic and partition.
pub type TopicPartition = (String, i32);

/// Proof that a message is in flight; hand it back to
/// [`OffsetTracker::complete`] once its output is acknowledged.
#[derive(Debug)]
pub struct Ticket {
    /// Topic and partition of the message.
    pub tp: TopicPartition,
    /// Offset of the message.
    pub offset: i64,
    epoch: u64,
}

#[derive(Debug, Default)]
struct PartitionState {
    epoch: u64,
    in_flight: BTreeSet<i64>,
    /// One past the highest offset registered in this epoch.
    next: Option<i64>,
    /// Highest watermark already handed out for committing.
    committed: Option<i64>,
}

impl PartitionState {
    fn watermark(&self) -> Option<i64> {
        self.in_flight.first().copied().or(self.next)
    }
}

/// Shared, thread-safe in-flight registry. One per consumer.
#[derive(Debug, Default)]
pub struct OffsetTracker {
    partitions: Mutex<HashMap<TopicPartition, PartitionState>>,
    drained: Condvar,
    epochs: std::sync::atomic::AtomicU64,
}

impl OffsetTracker {
    /// An empty tracker.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts a new epoch for `tps` (called on assignment): forgets what was
    /// in flight for them before.
    pub fn assign(&self, tps: &[TopicPartition]) {
        let epoch = self
            .epochs
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        let mut parts = self.partitions.lock().expect("offset tracker poisoned");
        for tp in tps {
            parts.insert(
                tp.clone(),
                PartitionState {
                    epoch,
                    ..Default::default()
                },
            );
        }
    }

    /// Forgets `tps` (called after revocation, once their offsets are committed).
    pub fn revoke(&self, tps: &[TopicPartition]) {
        let mut parts = self.partitions.lock().expect("offset tracker poisoned");
        for tp in tps {
            parts.remove(tp);
        }
        self.drained.notify_all();
    }

    /// Registers a consumed message. Offsets of one partition must be
    /// registered in increasing order, as a Kafka consumer delivers them.
    pub fn begin(&self, tp: TopicPartition, offset: i64) -> Ticket {
        let mut parts = self.partitions.lock().expect("offset tracker poisoned");
        let state = parts.entry(tp.clone()).or_default();
        state.in_flight.insert(offset);
        state.next = Some(state.next.map_or(offset + 1, |n| n.max(offset + 1)));
        Ticket {
            tp,
            offset,
            epoch: state.epoch,
        }
    }

    /// Marks a message's output acknowledged. Tickets from an older epoch are
    /// ignored.
    pub fn complete(&self, ticket: Ticket) {
        let mut parts = self.partitions.lock().expect("offset tracker poisoned");
        if let Some(state) = parts.get_mut(&ticket.tp)
            && state.epoch == ticket.epoch
        {
            state.in_flight.remove(&ticket.offset);
            if state.in_flight.is_empty() {
                self.drained.notify_all();
            }
        }
    }

    /// True while `tp` is assigned to this consumer (between
    /// [`OffsetTracker::assign`] and [`OffsetTracker::revoke`]).
    pub fn is_assigned(&self, tp: &TopicPartition) -> bool {
        self.partitions
            .lock()
            .expect("offset tracker poisoned")
            .contains_key(tp)
    }

    /// Messages currently in flight, all partitions.
    pub fn in_flight(&self) -> usize {
        self.partitions
            .lock()
            .expect("offset tracker poisoned")
            .values()
            .map(|s| s.in_flight.len())
            .sum()
    }

    /// The offset `tp` may commit now (the next offset to consume), if any.
    pub fn watermark(&self, tp: &TopicPartition) -> Option<i64> {
        self.partitions
            .lock()
            .expect("offset tracker poisoned")
            .get(tp)
            .and_then(PartitionState::watermark)
    }

    /// Watermarks that moved since the last call, restricted to `only` when
    /// given. Each partition's returned offsets only ever increase.
    pub fn take_commits(&self, only: Option<&[TopicPartition]>) -> Vec<(TopicPartition, i64)> {
        let mut parts = self.partitions.lock().expect("offset tracker poisoned");
        let mut out = Vec::new();
        for (tp, state) in parts.iter_mut() {
            if only.is_some_and(|o| !o.contains(tp)) {
                continue;
            }
            if let Some(w) = state.watermark()
                && state.committed.is_none_or(|c| w > c)
            {
                state.committed = Some(w);
                out.push((tp.clone(), w));
            }
        }
        out.sort();
        out
    }

    /// Forgets that `offsets` were handed out for committing (the commit
    /// failed), so the next [`OffsetTracker::take_commits`] offers them
    /// again. A later, higher hand-out is left alone.
    pub fn uncommit(&self, offsets: &[(TopicPartition, i64)]) {
        let mut parts = self.partitions.lock().expect("offset tracker poisoned");
        for (tp, offset) in offsets {
            if let Some(state) = parts.get_mut(tp)
                && state.committed == Some(*offset)
            {
                state.committed = None;
            }
        }
    }

    /// Blocks until nothing of `tps` is in flight or `timeout` passes.
    /// Returns true when drained. For the rebalance callback, which runs on
    /// the consumer thread.
    pub fn wait_drained(&self, tps: &[TopicPartition], timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut parts = self.partitions.lock().expect("offset tracker poisoned");
        loop {
            let busy = tps
                .iter()
                .any(|tp| parts.get(tp).is_some_and(|s| !s.in_flight.is_empty()));
            if !busy {
                return true;
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            parts = self
                .drained
                .wait_timeout(parts, deadline - now)
                .expect("offset tracker poisoned")
                .0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tp(p: i32) -> TopicPartition {
        ("in".to_string(), p)
    }

    #[test]
    fn failed_message_holds_the_watermark() {
        let t = OffsetTracker::new();
        t.assign(&[tp(0)]);
        let a = t.begin(tp(0), 10);
        let b = t.begin(tp(0), 11);
        let c = t.begin(tp(0), 12);
        t.complete(b);
        t.complete(c);
        // 10 still in flight (its produce failed and is being retried).
        assert_eq!(t.take_commits(None), vec![(tp(0), 10)]);
        assert_eq!(t.take_commits(None), vec![]);
        t.complete(a);
        assert_eq!(t.take_commits(None), vec![(tp(0), 13)]);
        assert_eq!(t.in_flight(), 0);
    }

    #[test]
    fn a_failed_commit_is_offered_again() {
        let t = OffsetTracker::new();
        t.assign(&[tp(0)]);
        let a = t.begin(tp(0), 4);
        t.complete(a);
        let first = t.take_commits(None);
        assert_eq!(first, vec![(tp(0), 5)]);
        assert_eq!(t.take_commits(None), vec![]);
        t.uncommit(&first);
        assert_eq!(t.take_commits(None), vec![(tp(0), 5)]);
    }

    #[test]
    fn partitions_are_independent() {
        let t = OffsetTracker::new();
        t.assign(&[tp(0), tp(1)]);
        let _a = t.begin(tp(0), 5);
        let b = t.begin(tp(1), 7);
        t.complete(b);
        assert_eq!(t.take_commits(None), vec![(tp(0), 5), (tp(1), 8)]);
    }

    #[test]
    fn stale_tickets_after_reassignment_are_ignored() {
        let t = OffsetTracker::new();
        t.assign(&[tp(0)]);
        let old = t.begin(tp(0), 3);
        t.revoke(&[tp(0)]);
        t.assign(&[tp(0)]);
        let fresh = t.begin(tp(0), 3);
        t.complete(old);
        assert_eq!(t.watermark(&tp(0)), Some(3));
        t.complete(fresh);
        assert_eq!(t.watermark(&tp(0)), Some(4));
    }

    #[test]
    fn wait_drained_returns_when_the_last_ticket_completes() {
        let t = std::sync::Arc::new(OffsetTracker::new());
        t.assign(&[tp(0)]);
        let ticket = t.begin(tp(0), 1);
        assert!(!t.wait_drained(&[tp(0)], Duration::from_millis(10)));
        let t2 = t.clone();
        let h = std::thread::spawn(move || t2.complete(ticket));
        assert!(t.wait_drained(&[tp(0)], Duration::from_secs(30)));
        h.join().unwrap();
    }

    proptest! {
        /// Whatever order completions arrive in, a commit never passes an
        /// offset still in flight and never moves backwards.
        #[test]
        fn commits_never_pass_in_flight_and_never_regress(order in Just((0..40i64).collect::<Vec<_>>()).prop_shuffle(), keep in 0..40usize) {
            let t = OffsetTracker::new();
            t.assign(&[tp(0)]);
            let mut tickets: HashMap<i64, Ticket> = (0..40).map(|o| (o, t.begin(tp(0), o))).collect();
            let mut last = -1;
            for o in order.into_iter().filter(|o| *o as usize != keep) {
                t.complete(tickets.remove(&o).unwrap());
                for (_, w) in t.take_commits(None) {
                    prop_assert!(w > last);
                    prop_assert!(w <= keep as i64);
                    last = w;
                }
            }
            prop_assert_eq!(t.watermark(&tp(0)), Some(keep as i64));
        }
    }
}
