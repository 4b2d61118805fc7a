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
