//! Stopping a replay: the first SIGINT/SIGTERM stops reading and drains what
//! is in flight, a second abandons the drain ([`Stop`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Stop requests: the first SIGINT/SIGTERM stops reading and drains what is
/// in flight; a second abandons the drain. The checkpoint is written either way.
pub(super) struct Stop {
    graceful: Arc<AtomicBool>,
    hard: Arc<AtomicBool>,
}

impl Stop {
    pub(super) fn install() -> Self {
        let stop = Stop {
            graceful: Arc::new(AtomicBool::new(false)),
            hard: Arc::new(AtomicBool::new(false)),
        };
        let (graceful, hard) = (stop.graceful.clone(), stop.hard.clone());
        let spawned = std::thread::Builder::new()
            .name("replay-signals".into())
            .spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async {
                    let token = tokio_util::sync::CancellationToken::new();
                    crate::shutdown::signals(token.clone()).await;
                    graceful.store(true, Ordering::Relaxed);
                    token.cancelled().await;
                    hard.store(true, Ordering::Relaxed);
                });
            });
        if let Err(error) = spawned {
            tracing::warn!(%error, "No signal handler; a stop signal will end replay without a checkpoint.");
        }
        stop
    }

    pub(super) fn graceful(&self) -> bool {
        self.graceful.load(Ordering::Relaxed)
    }

    pub(super) fn hard(&self) -> bool {
        self.hard.load(Ordering::Relaxed)
    }
}
