//! Stop signals. The first SIGTERM/SIGINT asks for a graceful drain; a
//! second one (or the drain deadline) asks to stop now.
//!
//! `app::run` takes any future as its stop trigger, so tests stop it without
//! sending signals (as mini-redis does).

use tokio_util::sync::CancellationToken;

/// The two levels of stop: `graceful` stops fetching and drains; `hard`
/// abandons in-flight work (nothing more is committed) and exits non-zero.
#[derive(Debug, Clone, Default)]
pub struct Shutdown {
    /// Stop fetching, drain, commit, exit 0.
    pub graceful: CancellationToken,
    /// Give up on in-flight work now.
    pub hard: CancellationToken,
}

/// Resolves on the first SIGINT or SIGTERM; a second signal cancels `hard`.
pub async fn signals(hard: CancellationToken) {
    wait_for_signal().await;
    tracing::info!("Stop signal received; draining. A second signal stops at once.");
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::warn!("Second stop signal; abandoning in-flight work.");
        hard.cancel();
    });
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).expect("install SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
