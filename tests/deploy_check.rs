//! deploy/ is validated as part of the test suite: `deploy/check.sh` runs
//! promtool on the Prometheus config, alert rules and their unit tests,
//! parses and cross-checks the compose file, Kubernetes manifests and
//! dashboard against the metric names this binary exports, and loads the
//! Kubernetes ConfigMap's config.toml with this binary's `check-config`.

#[test]
fn deploy_manifests_rules_and_dashboard_pass_their_checks() {
    let out = std::process::Command::new(crate::support::repo_path("deploy/check.sh"))
        .env("NEWSEVENTS_BIN", env!("CARGO_BIN_EXE_newsevents"))
        .output()
        .expect(
            "run deploy/check.sh (needs promtool from Debian's prometheus and python3 with PyYAML)",
        );
    assert!(
        out.status.success(),
        "deploy/check.sh failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("ok   promtool check rules"), "{report}");
}
