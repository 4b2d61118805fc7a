//! A Kafka broker of a test's own, for faults that need the broker down or
//! restarted: the shared broker (`NEWSEVENTS_TEST_BOOTSTRAP`) is never
//! stopped, since every other test runs on it at the same time.
//!
//! `deploy/kafka/kafka.sh` runs it on a free port pair with its own data
//! directory (`NEWSEVENTS_KAFKA_PORT`, `NEWSEVENTS_KAFKA_DATA_DIR`). Private
//! brokers run one at a time (a JVM each on a small machine); the broker is
//! stopped and its data removed when the value is dropped.

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Mutex, MutexGuard};

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A running (or deliberately stopped) private broker.
pub struct PrivateBroker {
    port: u16,
    dir: tempfile::TempDir,
    _turn: MutexGuard<'static, ()>,
}

/// A free TCP port `p` on 127.0.0.1 such that `p + 1` (the controller) is
/// free too.
fn free_port_pair() -> u16 {
    for _ in 0..100 {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let p = l.local_addr().unwrap().port();
        if p < u16::MAX && std::net::TcpListener::bind(("127.0.0.1", p + 1)).is_ok() {
            return p;
        }
    }
    panic!("no free port pair for a private broker");
}

impl PrivateBroker {
    /// Starts a fresh broker; waits (after any other private broker of this
    /// test run is gone) until it answers.
    pub fn start() -> Self {
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let b = PrivateBroker {
            port: free_port_pair(),
            dir: tempfile::Builder::new()
                .prefix("newsevents-private-kafka-")
                .tempdir()
                .unwrap(),
            _turn: turn,
        };
        b.control("start");
        b
    }

    /// `host:port` to bootstrap from.
    pub fn bootstrap(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Stops the broker (SIGTERM, as an outage or a restart does).
    pub fn stop(&self) {
        self.control("stop");
    }

    /// Starts it again on the same port and data: topics and committed
    /// offsets survive.
    pub fn restart(&self) {
        self.control("start");
    }

    fn control(&self, action: &str) {
        let script: PathBuf = super::repo_path("deploy/kafka/kafka.sh");
        let status = Command::new(&script)
            .arg(action)
            .env("NEWSEVENTS_KAFKA_PORT", self.port.to_string())
            .env("NEWSEVENTS_KAFKA_DATA_DIR", self.dir.path())
            .env("KAFKA_HEAP_OPTS", "-Xms128m -Xmx384m")
            .env("NEWSEVENTS_KAFKA_START_TIMEOUT", "240")
            .status()
            .expect("run deploy/kafka/kafka.sh");
        assert!(
            status.success(),
            "private broker {action} on port {} failed: {status:?} (log: {}/server.log)",
            self.port,
            self.dir.path().display()
        );
    }
}

impl Drop for PrivateBroker {
    fn drop(&mut self) {
        let script = super::repo_path("deploy/kafka/kafka.sh");
        let _ = Command::new(script)
            .arg("stop")
            .env("NEWSEVENTS_KAFKA_PORT", self.port.to_string())
            .env("NEWSEVENTS_KAFKA_DATA_DIR", self.dir.path())
            .status();
    }
}
