//! Stopping: signals, the drain budget, and crashes of internal tasks.
//!
//! The first SIGTERM/SIGINT asks for a graceful drain ([`Shutdown::graceful`]);
//! a second one, or the drain deadline, asks to stop now ([`Shutdown::hard`]).
//! In the binary, [`exit_on_hard_stop`] then ends the process with status 1
//! whatever is still blocked (a librdkafka call waiting for a broker that is
//! down cannot be interrupted): the drain budget is a promise to Kubernetes'
//! `terminationGracePeriodSeconds`. Nothing undelivered is ever committed, so
//! stopping at any point loses nothing.
//!
//! Every internal thread and task runs under a [`Supervisor`]: a panic or an
//! error in any of them is recorded, stops the run (graceful first), and
//! makes it end with an error, never with status 0.
//!
//! `app::run` takes any future as its stop trigger, so tests stop it without
//! sending signals (as mini-redis does).

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::FutureExt as _;
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

/// Installs the SIGINT/SIGTERM handlers now and returns a future that
/// resolves on the first signal; a second signal cancels `hard`. Installing
/// before the dictionaries load means a signal during start-up is a clean
/// stop, not the default action (death by SIGTERM).
///
/// # Panics
/// Outside a Tokio runtime context, or if the handlers cannot be installed.
pub fn signals(hard: CancellationToken) -> impl Future<Output = ()> + Send + 'static {
    let mut signals = Signals::install();
    async move {
        signals.recv().await;
        tracing::info!("Stop signal received; draining. A second signal stops at once.");
        tokio::spawn(async move {
            signals.recv().await;
            tracing::warn!("Second stop signal; abandoning in-flight work.");
            hard.cancel();
        });
    }
}

/// SIGINT and SIGTERM, installed once so that a second signal arriving at
/// any time after the first is seen.
struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
}

impl Signals {
    fn install() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Signals {
                term: signal(SignalKind::terminate()).expect("install SIGTERM handler"),
                int: signal(SignalKind::interrupt()).expect("install SIGINT handler"),
            }
        }
        #[cfg(not(unix))]
        {
            Signals {}
        }
    }

    async fn recv(&mut self) {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.term.recv() => {}
                _ = self.int.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// For the binary only: once `hard` is cancelled (second signal or drain
/// deadline), give the run `grace` to log its last lines, then end the
/// process with status 1 even if a thread is blocked in librdkafka.
/// Offsets are committed only for delivered messages, so whatever was in
/// flight is re-read on restart.
pub fn exit_on_hard_stop(hard: CancellationToken, grace: Duration) {
    let spawned = std::thread::Builder::new()
        .name("hard-stop".into())
        .spawn(move || {
            futures::executor::block_on(hard.cancelled());
            std::thread::sleep(grace);
            write_stderr(
                "newsevents: error: stopped before every in-flight message was delivered (second signal or shutdown.drain_timeout_ms passed); nothing undelivered was committed, it will be re-read on restart",
            );
            std::process::exit(1);
        });
    if let Err(error) = spawned {
        tracing::error!(%error, "Cannot start the hard-stop watchdog.");
    }
}

/// Runs internal threads and tasks; the first panic or error among them
/// stops the run and is what the run reports.
#[derive(Debug, Clone)]
pub struct Supervisor {
    stop: CancellationToken,
    failure: Arc<Mutex<Option<String>>>,
}

impl Supervisor {
    /// A supervisor that cancels `stop` (the graceful token) on the first failure.
    pub fn new(stop: CancellationToken) -> Self {
        Self {
            stop,
            failure: Arc::default(),
        }
    }

    /// Records a failure of `what` (the first one wins) and stops the run.
    pub fn fail(&self, what: &str, why: impl std::fmt::Display) {
        let message = format!("{what} failed: {why}");
        tracing::error!(task = what, error = %why, "Internal task failed; stopping.");
        let mut first = self.failure.lock().unwrap_or_else(|e| e.into_inner());
        if first.is_none() {
            *first = Some(message);
        }
        drop(first);
        self.stop.cancel();
    }

    /// The first failure, if any.
    pub fn failure(&self) -> Option<String> {
        self.failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Spawns `task` on the runtime; a panic or an `Err` is a failure.
    pub fn spawn<F, E>(&self, what: &'static str, task: F) -> tokio::task::JoinHandle<()>
    where
        F: Future<Output = Result<(), E>> + Send + 'static,
        E: std::fmt::Display + Send + 'static,
    {
        let this = self.clone();
        tokio::spawn(async move {
            match std::panic::AssertUnwindSafe(task).catch_unwind().await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => this.fail(what, e),
                Err(panic) => this.fail(what, panic_message(&panic)),
            }
        })
    }

    /// Spawns `body` on its own OS thread; a panic is a failure. Returns
    /// the join handle; joining it never panics.
    ///
    /// # Errors
    /// If the thread cannot be created.
    pub fn spawn_thread<F>(
        &self,
        what: &'static str,
        body: F,
    ) -> std::io::Result<std::thread::JoinHandle<()>>
    where
        F: FnOnce() + Send + 'static,
    {
        let this = self.clone();
        std::thread::Builder::new()
            .name(what.into())
            .spawn(move || {
                if let Err(panic) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
                    this.fail(what, panic_message(&panic));
                }
            })
    }
}

/// The text of a panic payload (`&str` or `String`), or a placeholder.
pub fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic with a non-text payload".to_string())
}

/// Writes `line` and a newline to stderr, ignoring failure: unlike
/// `eprintln!`, it does not panic when stderr is a closed pipe, so the
/// paths that must end the process (the hard stop, a start-up error) do.
pub fn write_stderr(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_thread_stops_the_run_and_is_reported() {
        let stop = CancellationToken::new();
        let sup = Supervisor::new(stop.clone());
        let handle = sup
            .spawn_thread("kafka-source", || panic!("header name is not UTF-8"))
            .unwrap();
        handle.join().expect("join never panics");
        assert!(stop.is_cancelled());
        let failure = sup.failure().unwrap();
        assert!(failure.contains("kafka-source"), "{failure}");
        assert!(failure.contains("header name is not UTF-8"), "{failure}");
    }

    #[tokio::test]
    async fn a_failing_or_panicking_task_stops_the_run_first_failure_wins() {
        let stop = CancellationToken::new();
        let sup = Supervisor::new(stop.clone());
        sup.spawn("telemetry", async { Err::<(), _>("bind refused") })
            .await
            .unwrap();
        sup.spawn("drain-deadline", async {
            panic!("boom");
            #[allow(unreachable_code)]
            Ok::<(), String>(())
        })
        .await
        .unwrap();
        assert!(stop.is_cancelled());
        assert_eq!(
            sup.failure().as_deref(),
            Some("telemetry failed: bind refused")
        );
    }

    #[tokio::test]
    async fn tasks_that_succeed_leave_no_failure() {
        let stop = CancellationToken::new();
        let sup = Supervisor::new(stop.clone());
        sup.spawn("ok", async { Ok::<(), String>(()) })
            .await
            .unwrap();
        assert!(!stop.is_cancelled());
        assert!(sup.failure().is_none());
    }
}
