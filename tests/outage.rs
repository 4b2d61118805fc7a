//! Broker outages, on a private broker (`support::private_broker`; the
//! shared broker is never stopped): a stop signal while the broker is down
//! keeps the drain budget, and after an outage longer than the consumer's
//! session the processor resumes as soon as the broker answers, reporting
//! no consumer lag while it cannot know it. Session and drain times are
//! shortened so these tests stay short.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use crate::support::broker::{self, Record};
use crate::support::private_broker::PrivateBroker;
use crate::support::topics::{Topics, generated};
use crate::support::{process, wait_for};

/// Short group timings through the environment layer
/// (`NEWSEVENTS__KAFKA__CONSUMER__LIBRDKAFKA__*`).
fn short_session(session_ms: u64, drain_ms: u64) -> Vec<(String, String)> {
    vec![
        (
            "NEWSEVENTS__KAFKA__CONSUMER__LIBRDKAFKA__SESSION_TIMEOUT_MS".into(),
            session_ms.to_string(),
        ),
        (
            "NEWSEVENTS__KAFKA__CONSUMER__LIBRDKAFKA__HEARTBEAT_INTERVAL_MS".into(),
            (session_ms / 4).to_string(),
        ),
        (
            "NEWSEVENTS__KAFKA__CONSUMER__LIBRDKAFKA__STATISTICS_INTERVAL_MS".into(),
            "1000".into(),
        ),
        (
            "NEWSEVENTS__SHUTDOWN__DRAIN_TIMEOUT_MS".into(),
            drain_ms.to_string(),
        ),
        ("NEWSEVENTS__KAFKA__COMMIT_INTERVAL_MS".into(), "200".into()),
    ]
}

fn env_refs(env: &[(String, String)]) -> Vec<(&str, &str)> {
    env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn count(bootstrap: &str, topic: &str, at_least: usize) -> usize {
    broker::consume_all_at(bootstrap, topic, Duration::from_secs(2), |got| {
        got.len() >= at_least
    })
    .len()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The lag series of `/metrics` on `port`: `(partition label, value)`.
fn lag_series(port: u16) -> Option<Vec<(String, f64)>> {
    let mut resp = ureq::get(&format!("http://127.0.0.1:{port}/metrics"))
        .call()
        .ok()?;
    let body = resp.body_mut().read_to_string().ok()?;
    Some(
        body.lines()
            .filter(|l| l.starts_with("newsevents_consumer_lag_messages{"))
            .filter_map(|l| {
                let (labels, value) = l.rsplit_once(' ')?;
                Some((labels.to_string(), value.parse().ok()?))
            })
            .collect(),
    )
}

#[test]
fn a_stop_signal_while_the_broker_is_down_keeps_the_drain_budget() {
    let pb = PrivateBroker::start();
    let bootstrap = pb.bootstrap();
    // Two processors on their own topics: one gets one SIGTERM (the
    // deadline must end it), the other two (the second ends it at once).
    let once = Topics::on(&bootstrap, "down-once", 1, &[]);
    let twice = Topics::on(&bootstrap, "down-twice", 1, &[]);
    let n = 3000;
    let (ids, records) = generated(0..n);
    broker::produce_at(&bootstrap, &once.input, &records);
    broker::produce_at(&bootstrap, &twice.input, &records);
    let drain_ms = 4000;
    let env_once = short_session(12_000, drain_ms);
    let env_twice = short_session(12_000, 10_000);
    let (mut a, log_a) = process::start_logged(
        &once,
        &["--set", "telemetry.enabled=off"],
        &env_refs(&env_once),
    );
    let (mut b, log_b) = process::start_logged(
        &twice,
        &["--set", "telemetry.enabled=off"],
        &env_refs(&env_twice),
    );
    wait_for(
        "both processors under way",
        Duration::from_secs(180),
        || {
            (count(&bootstrap, &once.output, 50) >= 50
                && count(&bootstrap, &twice.output, 50) >= 50)
                .then_some(())
        },
    );
    // The broker goes away with messages in flight.
    pb.stop();

    process::signal(&a, "TERM");
    let t0 = Instant::now();
    process::signal(&b, "TERM");
    std::thread::sleep(Duration::from_millis(500));
    process::signal(&b, "TERM");
    let t1 = Instant::now();
    let status_b = process::wait_timeout(&mut b, Duration::from_secs(5));
    let status_a = process::wait_timeout(
        &mut a,
        Duration::from_millis(drain_ms + 6000).saturating_sub(t0.elapsed()),
    );
    let (ta, tb) = (t0.elapsed(), t1.elapsed());
    for (child, status) in [(&mut a, &status_a), (&mut b, &status_b)] {
        if status.is_none() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
    let status_b = status_b.unwrap_or_else(|| {
        panic!(
            "a second SIGTERM must stop at once; still running {tb:?} later. Log:\n{}",
            log_b.text()
        )
    });
    let status_a = status_a.unwrap_or_else(|| {
        panic!(
            "SIGTERM with the broker down: still running {ta:?} later, drain_timeout_ms is {drain_ms}. Log:\n{}",
            log_a.text()
        )
    });
    assert!(!status_a.success(), "the deadline exits non-zero");
    assert!(!status_b.success(), "a second signal exits non-zero");

    // Nothing undelivered was committed: every input offset below the
    // committed one has its output.
    pb.restart();
    for topics in [&once, &twice] {
        let out =
            broker::consume_all_at(&bootstrap, &topics.output, Duration::from_secs(5), |_| {
                false
            });
        let keys: HashSet<String> = broker::keys(&out);
        let committed = broker::committed_and_end_at(&bootstrap, &topics.input, &topics.group)
            .get(&0)
            .and_then(|(c, _)| *c)
            .unwrap_or(0);
        let missing: Vec<&String> = ids[..committed as usize]
            .iter()
            .filter(|id| !keys.contains(*id))
            .collect();
        eprintln!(
            "{}: committed {committed}, out {}, missing below the commit {}",
            topics.input,
            keys.len(),
            missing.len()
        );
        assert!(
            missing.is_empty(),
            "committed past undelivered messages: {:?}",
            &missing[..missing.len().min(5)]
        );
    }
}

#[test]
fn after_an_outage_longer_than_the_session_it_resumes_when_the_broker_answers() {
    let pb = PrivateBroker::start();
    let bootstrap = pb.bootstrap();
    let topics = Topics::on(&bootstrap, "outage", 2, &[]);
    // Long enough that waiting out the old membership (what librdkafka's
    // fresh rejoin costs without a static member id: about a session)
    // stands apart from a prompt resume.
    let session_ms = 16_000;
    let env = short_session(session_ms, 5_000);
    let port = free_port();
    let listen = format!("telemetry.listen=127.0.0.1:{port}");
    let (first_ids, first) = generated(0..200);
    broker::produce_at(&bootstrap, &topics.input, &first);
    let (mut child, log) = process::start_logged(
        &topics,
        &["--set", "telemetry.enabled=on", "--set", &listen],
        &env_refs(&env),
    );
    wait_for("the first batch out", Duration::from_secs(180), || {
        (count(&bootstrap, &topics.output, first_ids.len()) >= first_ids.len()).then_some(())
    });
    wait_for("lag known (0, caught up)", Duration::from_secs(30), || {
        lag_series(port).filter(|s| !s.is_empty() && s.iter().all(|(_, v)| *v == 0.0))
    });

    // Outage: longer than the session, so the group membership is lost.
    pb.stop();
    let stopped = Instant::now();
    let mut shown_during_outage = Vec::new();
    while stopped.elapsed() < Duration::from_millis(session_ms + 5_000) {
        if stopped.elapsed() > Duration::from_secs(4)
            && let Some(series) = lag_series(port)
        {
            shown_during_outage.extend(series);
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    pb.restart();
    let ready = Instant::now();
    let (second_ids, second) = generated(200..400);
    let second: Vec<Record> = second;
    broker::produce_at(&bootstrap, &topics.input, &second);
    let all: Vec<String> = first_ids.iter().chain(&second_ids).cloned().collect();
    let out = broker::consume_all_at(
        &bootstrap,
        &topics.output,
        Duration::from_secs(120),
        |got| {
            let keys = broker::keys(got);
            all.iter().all(|id| keys.contains(id))
        },
    );
    let resumed = ready.elapsed();
    let status = process::terminate(&mut child);
    let keys = broker::keys(&out);
    let lost = all.iter().filter(|id| !keys.contains(*id)).count();
    eprintln!(
        "outage: sent {}, received {}, duplicated {}, lost {lost}; second batch out {resumed:?} after the broker answered; lag shown during the outage: {shown_during_outage:?}",
        all.len(),
        out.len(),
        out.len() - keys.len()
    );
    assert_eq!(lost, 0, "log:\n{}", log.text());
    assert!(status.success(), "{status:?}");
    assert!(
        shown_during_outage.is_empty(),
        "lag reported while the broker was down (unknown): {shown_during_outage:?}"
    );
    assert!(
        resumed < Duration::from_millis(session_ms / 2),
        "resumed {resumed:?} after the broker answered; the session timeout is {session_ms} ms. Log:\n{}",
        log.text()
    );
}
