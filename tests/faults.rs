//! Faults: an output that cannot be written for a while (MockCluster fault
//! injection, in-process), a second group member and a bad deploy that
//! dead-letters everything (real broker). In every case: nothing lost,
//! committed offsets never move back. Broker outages are in `outage.rs`,
//! single hostile messages in `hostile_input.rs`.

use std::collections::HashMap;
use std::time::Duration;

use newsevents::config::Settings;
use newsevents::shutdown::Shutdown;
use rdkafka::ClientConfig;
use rdkafka::mocking::MockCluster;
use rdkafka::producer::{BaseRecord, DefaultProducerContext, Producer, ThreadedProducer};
use rdkafka::types::RDKafkaRespErr;

use crate::support::{articles, broker, wait_for};

fn settings(bootstrap: &str, overrides: &[(&str, &str)]) -> Settings {
    let mut o: Vec<(String, toml::Value)> = vec![
        (
            "kafka.bootstrap_servers".into(),
            toml::Value::String(bootstrap.into()),
        ),
        ("kafka.input_topic".into(), toml::Value::String("in".into())),
        (
            "kafka.output_topic".into(),
            toml::Value::String("out".into()),
        ),
        (
            "kafka.dead_letter_topic".into(),
            toml::Value::String("dlt".into()),
        ),
        ("kafka.commit_interval_ms".into(), toml::Value::Integer(100)),
        (
            "telemetry.enabled".into(),
            toml::Value::String("off".into()),
        ),
    ];
    for (k, v) in overrides {
        o.push((k.to_string(), toml::Value::String(v.to_string())));
    }
    Settings::load(None, Vec::new(), &o).expect("settings")
}

/// Committed offset per partition of `topic` for `group` on the mock cluster.
fn committed(bootstrap: &str, group: &str, topic: &str) -> HashMap<i32, Option<i64>> {
    broker::committed_and_end_at(bootstrap, topic, group)
        .into_iter()
        .map(|(p, (c, _))| (p, c))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn output_unwritable_for_a_while_holds_offsets_then_resumes_without_gap() {
    let mock = MockCluster::new(1).expect("mock cluster");
    let bootstrap = mock.bootstrap_servers();
    for (t, p) in [("in", 2), ("out", 2), ("dlt", 1)] {
        mock.create_topic(t, p, 1).unwrap();
    }
    let n = 60;
    let producer: ThreadedProducer<DefaultProducerContext> = ClientConfig::new()
        .set("bootstrap.servers", &bootstrap)
        .create()
        .unwrap();
    for i in 0..n {
        let (id, json) = articles::article(i);
        producer
            .send(
                BaseRecord::to("in")
                    .key(id.as_bytes())
                    .payload(json.as_bytes()),
            )
            .map_err(|(e, _)| e)
            .unwrap();
    }
    producer.flush(Duration::from_secs(10)).unwrap();

    // From now on every produce to `out` fails as if the topic were gone.
    mock.topic_error(
        "out",
        RDKafkaRespErr::RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
    )
    .unwrap();
    let s = settings(&bootstrap, &[("kafka.group_id", "g-unwritable")]);
    let mut s = s;
    if let Some(k) = s.kafka.as_mut() {
        k.producer
            .0
            .insert("message.timeout.ms".into(), "1000".into());
    }
    let stop = Shutdown::default();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let run = tokio::spawn(newsevents::app::run(
        s,
        Default::default(),
        async move {
            let _ = stop_rx.await;
        },
        stop.clone(),
    ));

    // While the output fails, input offsets must not move past anything.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let held = tokio::task::spawn_blocking({
        let b = bootstrap.clone();
        move || committed(&b, "g-unwritable", "in")
    })
    .await
    .unwrap();
    assert!(
        held.values().all(|o| o.is_none_or(|o| o == 0)),
        "offsets moved while output was unwritable: {held:?}"
    );

    // The output recovers: everything arrives, nothing skipped.
    mock.topic_error("out", RDKafkaRespErr::RD_KAFKA_RESP_ERR_NO_ERROR)
        .unwrap();
    let keys = tokio::task::spawn_blocking({
        let b = bootstrap.clone();
        move || {
            broker::consume_all_at(&b, "out", Duration::from_secs(120), |got| got.len() >= n)
                .iter()
                .filter_map(broker::Consumed::key_str)
                .collect::<Vec<_>>()
        }
    })
    .await
    .unwrap();
    let distinct: std::collections::HashSet<&String> = keys.iter().collect();
    assert_eq!(distinct.len(), n, "every article delivered after recovery");
    let b = bootstrap.clone();
    tokio::task::spawn_blocking(move || {
        wait_for(
            "offsets committed to the end",
            Duration::from_secs(60),
            || {
                let c = committed(&b, "g-unwritable", "in");
                (c.values().map(|o| o.unwrap_or(0)).sum::<i64>() == n as i64).then_some(())
            },
        )
    })
    .await
    .unwrap();
    stop_tx.send(()).unwrap();
    let summary = run.await.unwrap().expect("clean drain");
    eprintln!(
        "output-unwritable: sent {n}, produced {}, dead-lettered {}, duplicates {}, lost 0",
        summary.produced,
        summary.dead_lettered,
        keys.len() - distinct.len()
    );
    assert_eq!(
        summary.dead_lettered, 0,
        "a temporary output fault is not the input's fault"
    );
}

mod real_broker {
    use std::collections::{HashMap, HashSet};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    use crate::support::broker;
    use crate::support::topics::{Topics, generated};
    use crate::support::{process, wait_for};

    fn count_out(topic: &str, at_least: usize) -> usize {
        broker::consume_all(topic, Duration::from_secs(3), |got| got.len() >= at_least).len()
    }

    /// Polls the group's committed offsets until `stop`, failing if any
    /// partition's commit ever moves backwards.
    fn watch_commits(
        topic: String,
        group: String,
        stop: Arc<AtomicBool>,
    ) -> std::thread::JoinHandle<Result<usize, String>> {
        std::thread::spawn(move || {
            let mut last: HashMap<i32, i64> = HashMap::new();
            let mut samples = 0;
            while !stop.load(Ordering::Relaxed) {
                if let Ok(c) =
                    std::panic::catch_unwind(|| broker::committed_and_end(&topic, &group))
                {
                    samples += 1;
                    for (p, (committed, _)) in c {
                        if let Some(o) = committed {
                            let prev = last.insert(p, o).unwrap_or(-1);
                            if o < prev {
                                return Err(format!(
                                    "partition {p}: commit moved back from {prev} to {o}"
                                ));
                            }
                        }
                    }
                }
                std::thread::sleep(Duration::from_millis(250));
            }
            Ok(samples)
        })
    }

    fn report(
        name: &str,
        sent: &[String],
        out: &[broker::Consumed],
        dead: usize,
    ) -> (usize, usize) {
        let keys = broker::keys(out);
        let lost = sent.iter().filter(|id| !keys.contains(*id)).count();
        let duplicates = out.len() - keys.len();
        let line = format!(
            "{name}: sent {}, received {}, dead-lettered {dead}, duplicated {duplicates}, lost {lost}\n",
            sent.len(),
            out.len()
        );
        eprint!("{line}");
        let _ = std::fs::create_dir_all(crate::support::repo_path("target/test-reports"));
        let _ = std::fs::write(
            crate::support::repo_path(&format!("target/test-reports/{name}.txt")),
            line,
        );
        (duplicates, lost)
    }

    /// The first revoke callback's partition count in a processor's log.
    fn first_revoke_count(log: &str) -> Option<usize> {
        log.lines()
            .filter(|l| l.contains("Consumer group rebalance") && l.contains("revoke"))
            .find_map(|l| {
                let rest = &l[l.find("count=")? + "count=".len()..];
                rest.split(|c: char| !c.is_ascii_digit())
                    .next()?
                    .parse()
                    .ok()
            })
    }

    /// Member A runs alone, member B joins while A works, then B leaves;
    /// `protocol` is `kafka.group_protocol`. Returns A's log.
    fn member_joins_and_leaves(name: &str, protocol: &str) -> String {
        let _b = broker::shared();
        let topics = Topics::new(name, 4);
        let Topics {
            input,
            output,
            group,
            ..
        } = &topics;
        let n = 6000;
        let (ids, records) = generated(0..n);
        broker::produce(input, &records);
        let stop = Arc::new(AtomicBool::new(false));
        let watcher = watch_commits(input.clone(), group.clone(), stop.clone());
        let protocol = format!("kafka.group_protocol={protocol}");
        // Telemetry off: two of these tests run at once, and both members
        // would bind the default listener.
        let args = [
            "--set",
            "pipeline.max_in_flight=100",
            "--set",
            &protocol,
            "--set",
            "telemetry.enabled=off",
        ];
        let (mut a, log_a) = process::start_logged(&topics, &args, &[]);
        wait_for("first member's output", Duration::from_secs(180), || {
            (count_out(output, n / 6) >= n / 6).then_some(())
        });
        let (mut b, log_b) = process::start_logged(&topics, &args, &[]);
        // B must really hold partitions before it leaves.
        wait_for(
            "the second member's assignment",
            Duration::from_secs(120),
            || {
                log_b
                    .text()
                    .lines()
                    .any(|l| l.contains("Consumer group rebalance") && l.contains("assign"))
                    .then_some(())
            },
        );
        wait_for(
            "output while both members run",
            Duration::from_secs(180),
            || (count_out(output, n / 2) >= n / 2).then_some(()),
        );
        let status_b = process::terminate(&mut b);
        assert!(
            status_b.success(),
            "second member must leave cleanly: {status_b:?}"
        );
        // Commits first: a commit at the end of every partition is the
        // processor's claim that everything was delivered; the output read
        // afterwards checks the claim. (Read the other way round, a slow
        // machine could end the read before the last records were produced
        // and report them lost while the commits were still catching up.)
        wait_for("commits to reach the end", Duration::from_secs(360), || {
            broker::committed_and_end(input, group)
                .values()
                .all(|(c, end)| *c == Some(*end))
                .then_some(())
        });
        let out = broker::consume_all(output, Duration::from_secs(120), |got| {
            broker::keys(got).len() >= n
        });
        let status_a = process::terminate(&mut a);
        stop.store(true, Ordering::Relaxed);
        let samples = watcher
            .join()
            .unwrap()
            .expect("committed offsets never move backwards");
        assert!(samples > 5, "the watcher sampled commits {samples} times");
        assert!(status_a.success(), "{status_a:?}\n{}", log_a.text());
        let (duplicates, lost) = report(name, &ids, &out, 0);
        assert_eq!(lost, 0);
        // Revoked partitions are drained before hand-over, so duplicates come
        // only from what was in flight at a rebalance: at most the window per
        // rebalance (two here).
        assert!(
            duplicates <= 2 * 100,
            "{duplicates} duplicates exceed the in-flight window"
        );
        let distinct: HashSet<String> = broker::keys(&out);
        assert_eq!(distinct.len(), n);
        log_a.text()
    }

    #[test]
    fn a_second_member_joining_and_leaving_loses_nothing_and_never_rewinds_commits() {
        member_joins_and_leaves("member", "classic");
    }

    /// KIP-848 (`kafka.group_protocol=consumer`): the same join and leave
    /// loses nothing, and the rebalance is incremental: when B joins, A gives
    /// up only the partitions B takes, not all four.
    #[test]
    fn with_the_kip848_consumer_protocol_a_member_joining_and_leaving_loses_nothing() {
        let log = member_joins_and_leaves("member-kip848", "consumer");
        let revoked = first_revoke_count(&log).expect("member A logged a revoke when B joined");
        assert!(
            (1..4).contains(&revoked),
            "with KIP-848, A gives up only what B takes: revoked {revoked} of 4\n{log}"
        );
    }

    /// A log collector that goes away closes the processor's stderr. Before
    /// the fix every log line then panicked (tracing-subscriber reports a
    /// failed write with `eprintln!`), the panic killed the task that turns
    /// SIGTERM into a stop, and the processor ran on, deaf to SIGTERM.
    #[test]
    fn a_processor_whose_stderr_was_closed_still_stops_on_sigterm() {
        use std::process::Stdio;
        let _b = broker::shared();
        let topics = Topics::new("closed-stderr", 2);
        let (_, records) = generated(0..50);
        broker::produce(&topics.input, &records);
        let mut child = process::newsevents()
            .args(["run", "--brokers", &topics.bootstrap])
            .args(["--set", &format!("kafka.input_topic={}", topics.input)])
            .args(["--set", &format!("kafka.output_topic={}", topics.output)])
            .args(["--set", &format!("kafka.dead_letter_topic={}", topics.dead)])
            .args(["--set", &format!("kafka.group_id={}", topics.group)])
            .args(["--set", "telemetry.enabled=off"])
            .args(["--set", "shutdown.drain_timeout_ms=3000"])
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start newsevents");
        let stderr = child.stderr.take().expect("piped stderr");
        wait_for("the output", Duration::from_secs(180), || {
            (count_out(&topics.output, 50) >= 50).then_some(())
        });
        // The collector goes away; the processor logs on.
        drop(stderr);
        std::thread::sleep(Duration::from_secs(1));
        process::signal(&child, "TERM");
        let status = process::wait_timeout(&mut child, Duration::from_secs(30));
        if status.is_none() {
            let _ = child.kill();
            let _ = child.wait();
        }
        assert!(
            status.is_some(),
            "still running 30 s after SIGTERM (drain 3 s) with stderr closed"
        );
    }

    #[test]
    fn the_breaker_stops_a_bad_deploy_within_its_window_and_counts_what_the_topic_holds() {
        let _b = broker::shared();
        let topics = Topics::new("breaker", 1);
        let bad: Vec<broker::Record> = (0..500)
            .map(|i| broker::Record {
                key: Some(format!("bad-{i}").into_bytes()),
                payload: Some(b"not json".to_vec()),
                headers: vec![],
            })
            .collect();
        broker::produce(&topics.input, &bad);
        let window = 200;
        let (mut child, log) = process::start_logged(
            &topics,
            &[
                "--set",
                "telemetry.enabled=off",
                "--set",
                &format!("dead_letter.window={window}"),
                "--set",
                "dead_letter.min_messages=50",
                "--set",
                "dead_letter.max_ratio=0.5",
            ],
            &[],
        );
        let status = process::wait_timeout(&mut child, Duration::from_secs(120));
        let Some(status) = status else {
            let _ = child.kill();
            panic!(
                "the breaker did not stop the processor; log:\n{}",
                log.text()
            );
        };
        assert!(!status.success(), "a tripped breaker exits non-zero");
        let dead = broker::consume_all(&topics.dead, Duration::from_secs(5), |_| false).len();
        let text = log.text();
        let reported: usize = text
            .lines()
            .filter(|l| l.contains("Run finished"))
            .find_map(|l| {
                let rest = &l[l.find("dead_lettered=")? + "dead_lettered=".len()..];
                rest.split(|c: char| !c.is_ascii_digit())
                    .next()?
                    .parse()
                    .ok()
            })
            .unwrap_or_else(|| panic!("no `Run finished` line in the log:\n{text}"));
        eprintln!("breaker: sent 500 bad, dead-lettered {dead}, reported {reported}");
        assert!(
            dead <= window,
            "{dead} dead letters: the breaker must stop the line within its window of {window}"
        );
        assert_eq!(
            dead, reported,
            "the count the processor reports is what the topic holds"
        );
        assert!(
            text.contains("were dead-lettered"),
            "the error says why: {text}"
        );
    }
}
