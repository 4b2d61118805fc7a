//! Rate limits of a replay (`--max-messages-per-sec`,
//! `--max-bytes-per-sec`): [`Throttle`].

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// Message and byte rate limits (GCRA via `governor`); bursts of at most a
/// tenth of a second's quota, so short runs keep to the rate too.
pub(super) struct Throttle {
    messages: Option<DefaultDirectRateLimiter>,
    bytes: Option<(DefaultDirectRateLimiter, NonZeroU32)>,
    clock: DefaultClock,
}

impl Throttle {
    pub(super) fn new(messages: Option<NonZeroU32>, bytes: Option<NonZeroU32>) -> Self {
        Throttle {
            messages: messages.map(|n| RateLimiter::direct(Self::quota(n))),
            bytes: bytes.map(|n| (RateLimiter::direct(Self::quota(n)), Self::burst(n))),
            clock: DefaultClock::default(),
        }
    }

    fn burst(per_second: NonZeroU32) -> NonZeroU32 {
        NonZeroU32::new(per_second.get() / 10).unwrap_or(NonZeroU32::MIN)
    }

    fn quota(per_second: NonZeroU32) -> Quota {
        Quota::per_second(per_second).allow_burst(Self::burst(per_second))
    }

    /// Blocks until one message of `bytes` may go; false if `stop` said so first.
    pub(super) fn wait(&self, bytes: u64, stop: &dyn Fn() -> bool) -> bool {
        let pause = |d: Duration| {
            std::thread::sleep(d.min(Duration::from_millis(100)));
            !stop()
        };
        if let Some(limiter) = &self.messages {
            while let Err(not_until) = limiter.check() {
                if !pause(not_until.wait_time_from(self.clock.now())) {
                    return false;
                }
            }
        }
        if let Some((limiter, burst)) = &self.bytes {
            // A message larger than the burst goes through in burst-sized parts.
            let mut left = bytes;
            while left > 0 {
                let n = NonZeroU32::new(left.min(u64::from(burst.get())) as u32).expect("left > 0");
                match limiter.check_n(n) {
                    Ok(Ok(())) => left -= u64::from(n.get()),
                    Ok(Err(not_until)) => {
                        if !pause(not_until.wait_time_from(self.clock.now())) {
                            return false;
                        }
                    }
                    Err(_) => unreachable!("n never exceeds the burst"),
                }
            }
        }
        true
    }
}
