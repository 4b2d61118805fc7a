//! Shared helpers for the integration tests: the real broker, fresh topics,
//! the processor binary, polling.

pub mod articles;
pub mod broker;
pub mod private_broker;
pub mod process;
pub mod topics;

use std::time::{Duration, Instant};

/// Polls `f` every 100 ms until it returns `Some`, or panics with `what`
/// after `timeout`.
pub fn wait_for<T>(what: &str, timeout: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Path of a file under the crate root.
pub fn repo_path(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Compiled validator for `schemas/<name>.schema.json`.
pub fn schema(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo_path(&format!("schemas/{name}.schema.json")))
        .expect("schema file");
    let value: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::draft202012::new(&value).expect("schema compiles")
}

/// Panics with every schema error if `value` does not validate.
pub fn assert_valid(validator: &jsonschema::Validator, value: &serde_json::Value) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "schema violations: {errors:#?}\nrecord: {}",
        &value.to_string()[..value.to_string().len().min(2000)]
    );
}
