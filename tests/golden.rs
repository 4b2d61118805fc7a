//! Golden files: every fixture under `tests/fixtures/articles/*.jsonl` is run
//! through the binary and compared, canonicalised (volatile `processed_at`
//! removed, keys sorted), with `tests/golden/<name>.expected.jsonl`.
//! `UPDATE_GOLDEN=1` rewrites the expected files; review the diff.
//!
//! The sample article is also checked against its hand-written expectations
//! (`sample.expected.json`): required actors and places, and what must not
//! be reported.

use std::io::Write;
use std::process::Stdio;

use serde_json::Value;

use crate::support::{assert_valid, process::newsevents, repo_path, schema};

/// Runs the binary from the crate root on `path` given relative to it, so
/// `origin.topic` (the input path) is the same on every machine.
fn run_file(path: &std::path::Path) -> Vec<Value> {
    let root = repo_path("");
    let rel = path.strip_prefix(&root).unwrap_or(path);
    let out = newsevents()
        .current_dir(&root)
        .args(["run", "--input", rel.to_str().unwrap()])
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn canonical(mut v: Value) -> String {
    if let Some(o) = v.as_object_mut() {
        o.remove("processed_at");
    }
    // serde_json's default map is sorted only without `preserve_order`;
    // sort explicitly.
    fn sort(v: Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut entries: Vec<(String, Value)> = m.into_iter().collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                Value::Object(entries.into_iter().map(|(k, v)| (k, sort(v))).collect())
            }
            Value::Array(a) => Value::Array(a.into_iter().map(sort).collect()),
            other => other,
        }
    }
    serde_json::to_string_pretty(&sort(v)).unwrap()
}

#[test]
fn fixtures_match_golden_files() {
    let validator = schema("enriched-article");
    let mut fixtures: Vec<_> = std::fs::read_dir(repo_path("tests/fixtures/articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    fixtures.sort();
    assert!(!fixtures.is_empty());
    for fixture in fixtures {
        let name = fixture.file_stem().unwrap().to_str().unwrap().to_string();
        let records = run_file(&fixture);
        for r in &records {
            assert_valid(&validator, r);
        }
        let actual: String = records.into_iter().map(|r| canonical(r) + "\n").collect();
        let golden = repo_path(&format!("tests/golden/{name}.expected.jsonl"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::File::create(&golden)
                .unwrap()
                .write_all(actual.as_bytes())
                .unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_else(|_| {
            panic!(
                "no golden file {}; run with UPDATE_GOLDEN=1 and review it",
                golden.display()
            )
        });
        similar_asserts::assert_eq!(expected: expected, actual: actual, "{name}");
    }
}

fn chars(s: &str, start: u64, end: u64) -> String {
    s.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

#[test]
fn sample_article_meets_its_expectations() {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_path("tests/fixtures/articles/sample.expected.json"))
            .unwrap(),
    )
    .unwrap();
    let record = run_file(&repo_path("tests/fixtures/articles/sample.jsonl")).remove(0);
    let body = record["body"].as_str().unwrap();
    let actors = record["actors"].as_array().unwrap();
    let locations = record["locations"].as_array().unwrap();

    // Every mention slices back to its text, and lies before the donation blurb.
    let article_end = body.chars().count()
        - body[body
            .find(expected["article_body_ends_before"].as_str().unwrap())
            .unwrap()..]
            .chars()
            .count();
    for m in actors
        .iter()
        .chain(locations)
        .flat_map(|e| e["mentions"].as_array().unwrap())
    {
        let (s, e) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
        assert_eq!(chars(body, s, e), m["text"].as_str().unwrap());
        assert!(
            (e as usize) <= article_end,
            "mention {m} is outside the article zone"
        );
    }

    for want in expected["actors_required"].as_array().unwrap() {
        let forms: Vec<&str> = want["surface_forms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        let found = actors.iter().find(|a| {
            a["mentions"].as_array().unwrap().iter().any(|m| {
                forms
                    .iter()
                    .any(|f| f.ends_with(m["text"].as_str().unwrap()))
            })
        });
        let found = found.unwrap_or_else(|| panic!("required actor {} not found", want["name"]));
        let code = found["code"].as_str().unwrap_or("");
        if let Some(c) = want.get("code").and_then(Value::as_str) {
            assert_eq!(code, c, "{}", want["name"]);
        }
        if let Some(country) = want.get("country").and_then(Value::as_str) {
            assert!(
                code.starts_with(country),
                "{}: code {code} not of {country}",
                want["name"]
            );
        }
        if let Some(role) = want.get("role").and_then(Value::as_str) {
            assert!(
                code.ends_with(role),
                "{}: code {code} has not role {role}",
                want["name"]
            );
        }
    }
    for want in expected["locations_required"].as_array().unwrap() {
        let id = want["geonameid"].as_u64().unwrap();
        let found = locations
            .iter()
            .find(|l| l["geonameid"].as_u64() == Some(id));
        let found =
            found.unwrap_or_else(|| panic!("required location {} ({id}) not found", want["name"]));
        assert_eq!(found["country_code"], want["country_code"]);
        if let Some(lat) = want.get("lat").and_then(Value::as_f64) {
            assert!((found["lat"].as_f64().unwrap() - lat).abs() < 0.01);
        }
    }
    for never in expected["must_not_report"].as_array().unwrap() {
        if let Some(id) = never.get("geonameid").and_then(Value::as_u64) {
            assert!(
                locations
                    .iter()
                    .all(|l| l["geonameid"].as_u64() != Some(id)),
                "reported {}",
                never["what"]
            );
        }
        for form in never
            .get("surface_forms")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let form = form.as_str().unwrap();
            for m in actors
                .iter()
                .chain(locations)
                .flat_map(|e| e["mentions"].as_array().unwrap())
            {
                assert!(
                    !form.contains(m["text"].as_str().unwrap())
                        || m["text"].as_str().unwrap().chars().count() < 3,
                    "reported {form} ({})",
                    never["what"]
                );
            }
        }
    }

    // Events: the required ones found (dyad, root, place, date range), and
    // nothing coded from outside the article zone (reader comments).
    let events = record["events"].as_array().unwrap();
    for want in expected["events_required"].as_array().unwrap() {
        let found = events.iter().any(|e| {
            let code = |p: &str| e[p]["code"].as_str().unwrap_or("").to_string();
            let date = e["date"]["value"].as_str().unwrap_or("");
            want["source"].as_str() == Some(&code("source"))
                && want
                    .get("target")
                    .and_then(Value::as_str)
                    .is_none_or(|t| t == code("target"))
                && e["cameo"]["root"] == want["root"]
                && e["location"]["geonameid"] == want["geonameid"]
                && want["date_from"].as_str().unwrap() <= date
                && date <= want["date_to"].as_str().unwrap()
        });
        assert!(
            found,
            "required event not found: {}\n{events:#?}",
            want["what"]
        );
    }
    for e in events {
        for m in e["mentions"].as_array().unwrap() {
            let s = &m["sentence"];
            assert!(
                s["end"].as_u64().unwrap() as usize <= article_end || s["field"] == "title",
                "event coded outside the article zone: {m}"
            );
        }
    }
}
