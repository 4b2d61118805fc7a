//! The embedded default: JSON Lines in, JSON Lines out, dead letters on
//! stderr, run as a user runs the binary.

use std::io::Write;
use std::process::Stdio;

use crate::support::{assert_valid, process::newsevents, repo_path, schema};

fn run_stdin(input: &[u8], args: &[&str]) -> std::process::Output {
    let mut child = newsevents()
        .arg("run")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start newsevents");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().expect("newsevents output")
}

fn json_lines(bytes: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn sample_fixture_becomes_one_valid_enriched_record() {
    let input = std::fs::read(repo_path("tests/fixtures/articles/sample.jsonl")).unwrap();
    let out = run_stdin(&input, &[]);
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let records = json_lines(&out.stdout);
    assert_eq!(records.len(), 1);
    let enriched = schema("enriched-article");
    assert_valid(&enriched, &records[0]);
    assert_eq!(records[0]["id"], "000_3d07b1e22713dee6");
    assert_eq!(records[0]["origin"]["offset"], 0);
    assert_eq!(
        records[0]["versions"]["processor"],
        env!("CARGO_PKG_VERSION")
    );
}

#[test]
fn bad_lines_are_dead_lettered_and_the_run_goes_on() {
    let sample =
        std::fs::read_to_string(repo_path("tests/fixtures/articles/sample.jsonl")).unwrap();
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"id\":\"a\",\"body\":\"\xff\"}\n");
    input.extend_from_slice(b"{\"id\":\"b\",\"body\":\"truncated\n");
    input.extend_from_slice(b"[1,2,3]\n");
    input.extend_from_slice(b"{\"body\":\"no id\"}\n");
    input.extend_from_slice("{\"id\":\"c\",\"body\":\"ـــ َ ُ\"}\n".as_bytes());
    input.extend_from_slice(sample.as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let dl = dir.path().join("dead.jsonl");
    let out = run_stdin(&input, &["--dead-letter", dl.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let good = json_lines(&out.stdout);
    assert_eq!(good.len(), 1, "only the sample is enriched");
    assert_eq!(good[0]["origin"]["offset"], 5, "line numbers are kept");
    let mut dead = json_lines(&std::fs::read(&dl).unwrap());
    // Workers finish in any order; the input line is the record's place.
    dead.sort_by_key(|d| d["origin"]["offset"].as_u64());
    let offsets: Vec<u64> = dead
        .iter()
        .map(|d| d["origin"]["offset"].as_u64().unwrap())
        .collect();
    assert_eq!(
        offsets,
        [0, 1, 2, 3, 4],
        "every bad line is dead-lettered once"
    );
    let reasons: Vec<&str> = dead.iter().map(|d| d["reason"].as_str().unwrap()).collect();
    assert_eq!(
        reasons,
        [
            "invalid_utf8",
            "invalid_json",
            "not_an_object",
            "schema_violation",
            "empty_body"
        ]
    );
    let validator = schema("dead-letter");
    for d in &dead {
        assert_valid(&validator, d);
    }
    assert_eq!(dead[0]["payload"]["base64"], "eyJpZCI6ImEiLCJib2R5Ijoi/yJ9");
    assert_eq!(dead[3]["payload"]["text"], "{\"body\":\"no id\"}");
}

#[test]
fn unknown_config_keys_stop_start_up_with_their_name() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("c.toml");
    std::fs::write(&cfg, "[pipeline]\nworkerz = 2\n").unwrap();
    let out = newsevents()
        .args(["check-config", "--config", cfg.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("workerz"));
}

#[test]
fn check_config_masks_secrets_and_applies_environment() {
    let out = newsevents()
        .arg("check-config")
        .env(
            "NEWSEVENTS__KAFKA__PRODUCER__LIBRDKAFKA__SASL_PASSWORD",
            "s3cret",
        )
        .env("NEWSEVENTS__PIPELINE__WORKERS", "3")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("s3cret"));
    assert!(text.contains("\"sasl.password\" = \"***\""), "{text}");
    assert!(text.contains("workers = 3"), "{text}");
}
