//! Runs the `newsevents` binary as a user would, with the `NEWSEVENTS_*`
//! variables of the test environment removed.

use std::process::{Child, Command, Stdio};

/// A `newsevents` command with a clean environment.
pub fn newsevents() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsevents"));
    for (k, _) in std::env::vars() {
        if k.starts_with("NEWSEVENTS") {
            cmd.env_remove(k);
        }
    }
    cmd
}

/// Starts `newsevents run` against the test broker with the given topics and
/// group; output and logs are discarded unless `NEWSEVENTS_TEST_LOGS` is set.
pub fn start_kafka_processor(
    bootstrap: &str,
    input: &str,
    output: &str,
    dead_letter: &str,
    group: &str,
    extra: &[&str],
) -> Child {
    let mut cmd = newsevents();
    cmd.args(["run", "--brokers", bootstrap])
        .args(["--set", &format!("kafka.input_topic={input}")])
        .args(["--set", &format!("kafka.output_topic={output}")])
        .args(["--set", &format!("kafka.dead_letter_topic={dead_letter}")])
        .args(["--set", &format!("kafka.group_id={group}")])
        .args(["--set", "telemetry.enabled=off"])
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    if std::env::var_os("NEWSEVENTS_TEST_LOGS").is_none() {
        cmd.stderr(Stdio::null());
    }
    cmd.spawn().expect("start newsevents")
}

/// Sends SIGTERM and waits for the exit status.
pub fn terminate(child: &mut Child) -> std::process::ExitStatus {
    let pid = child.id().to_string();
    Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill -TERM");
    child.wait().expect("wait for newsevents")
}

/// Starts `newsevents run` like [`start_kafka_processor`] but with `env`
/// set and stderr captured into the returned [`Log`] (read on a thread, so
/// the child never blocks on a full pipe).
pub fn start_logged(
    topics: &super::topics::Topics,
    extra: &[&str],
    env: &[(&str, &str)],
) -> (Child, Log) {
    let mut cmd = newsevents();
    cmd.args(["run", "--brokers", &topics.bootstrap])
        .args(["--set", &format!("kafka.input_topic={}", topics.input)])
        .args(["--set", &format!("kafka.output_topic={}", topics.output)])
        .args(["--set", &format!("kafka.dead_letter_topic={}", topics.dead)])
        .args(["--set", &format!("kafka.group_id={}", topics.group)])
        .args(extra)
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("start newsevents");
    let log = Log::default();
    let stderr = child.stderr.take().expect("piped stderr");
    let sink = log.0.clone();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if std::env::var_os("NEWSEVENTS_TEST_LOGS").is_some() {
                eprintln!("{line}");
            }
            sink.lock().unwrap().push(line);
        }
    });
    (child, log)
}

/// Lines a child wrote to stderr so far.
#[derive(Clone, Default)]
pub struct Log(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl Log {
    /// Every line so far, joined.
    pub fn text(&self) -> String {
        self.0.lock().unwrap().join("\n")
    }
}

/// Sends `signal` (e.g. `TERM`, `KILL`) to the child.
pub fn signal(child: &Child, signal: &str) {
    Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("kill");
}

/// Waits up to `timeout` for the child to exit.
pub fn wait_timeout(
    child: &mut Child,
    timeout: std::time::Duration,
) -> Option<std::process::ExitStatus> {
    let deadline = std::time::Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return Some(status);
        }
        if std::time::Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
