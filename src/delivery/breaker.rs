//! Dead-letter circuit breaker: when more than `max_ratio` of the last
//! `window` messages were dead-lettered, the fault is most likely ours (a bad
//! deploy, a broken dictionary), so the processor stops rather than drain the
//! input topic into the dead-letter topic.

use std::collections::VecDeque;

/// Sliding window of outcomes.
#[derive(Debug)]
pub struct DeadLetterBreaker {
    max_ratio: f64,
    window: usize,
    min_messages: usize,
    outcomes: VecDeque<bool>,
    failures: usize,
}

/// The breaker tripped: too large a share of recent messages failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "{failures} of the last {seen} messages were dead-lettered (limit {max_ratio}); stopping instead of draining the input into the dead-letter topic. Check the last dead-letter reasons, fix, and restart"
)]
pub struct BreakerTripped {
    /// Dead letters in the window.
    pub failures: usize,
    /// Messages in the window.
    pub seen: usize,
    /// Configured limit.
    pub max_ratio: f64,
}

impl DeadLetterBreaker {
    /// A breaker over the last `window` messages; it only judges once
    /// `min_messages` are in the window. `max_ratio >= 1.0` never trips.
    pub fn new(max_ratio: f64, window: usize, min_messages: usize) -> Self {
        Self {
            max_ratio,
            window: window.max(1),
            min_messages,
            outcomes: VecDeque::new(),
            failures: 0,
        }
    }

    /// Records one outcome (`dead_lettered = true` for a failure).
    ///
    /// # Errors
    /// [`BreakerTripped`] when the failure share exceeds the limit.
    pub fn record(&mut self, dead_lettered: bool) -> Result<(), BreakerTripped> {
        self.outcomes.push_back(dead_lettered);
        self.failures += usize::from(dead_lettered);
        if self.outcomes.len() > self.window && self.outcomes.pop_front() == Some(true) {
            self.failures -= 1;
        }
        let seen = self.outcomes.len();
        if self.max_ratio < 1.0
            && seen >= self.min_messages
            && (self.failures as f64) > self.max_ratio * seen as f64
        {
            return Err(BreakerTripped {
                failures: self.failures,
                seen,
                max_ratio: self.max_ratio,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scattered_failures_do_not_trip() {
        let mut b = DeadLetterBreaker::new(0.5, 10, 5);
        for i in 0..100 {
            b.record(i % 3 == 0).unwrap();
        }
    }

    #[test]
    fn a_run_of_failures_trips_after_min_messages() {
        let mut b = DeadLetterBreaker::new(0.5, 10, 5);
        for _ in 0..4 {
            b.record(true).unwrap();
        }
        let err = b.record(true).unwrap_err();
        assert_eq!((err.failures, err.seen), (5, 5));
    }

    #[test]
    fn ratio_one_disables() {
        let mut b = DeadLetterBreaker::new(1.0, 10, 1);
        for _ in 0..50 {
            b.record(true).unwrap();
        }
    }
}
