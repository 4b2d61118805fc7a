//! The one place that knows every part: builds the source, the stage chain,
//! the sink and telemetry from [`Settings`], runs the pipeline, and drains it
//! on shutdown. Records are built in [`crate::sink::encode`]; this module
//! only wires and runs.
//!
//! Flow: source → bounded channel → [`enrich`] (blocking pool, `workers` at
//! a time, each under `stage_timeout`) → the dead-letter breaker, which
//! judges every outcome *before* anything is written → deliver (retried
//! until acknowledged) → complete the offset ticket. Results are written
//! as they finish, not in input order; a partition's offset is committed
//! only up to its lowest offset still in flight ([`OffsetTracker`]).
//!
//! Parts: `chain` builds the stage chain, `enrich`(mod@enrich) turns one
//! message into a record (pure CPU), `pipeline` runs each message through
//! enrichment and delivery; this file wires them to the source, the sink,
//! telemetry and shutdown.
//!
//! Stopping: a stop signal, a tripped breaker, an output that cannot be
//! written or a crashed internal task ([`Supervisor`]) stops admitting new
//! messages; what was admitted drains, within `shutdown.drain_timeout_ms`.
//! At that deadline in-flight work is abandoned, never committed, and the
//! run fails.

mod chain;
mod enrich;
mod pipeline;

use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, anyhow};
use futures::StreamExt;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::sync::CancellationToken;

use crate::article::Versions;
use crate::config::{Settings, TelemetryMode};
use crate::delivery::OffsetTracker;
use crate::delivery::breaker::DeadLetterBreaker;
use crate::shutdown::{Shutdown, Supervisor};
use crate::sink::encode::Encoder;
use crate::sink::{Sink, jsonl::JsonlSink, kafka::KafkaSink};
use crate::source::{SourceMessage, jsonl, kafka::KafkaSource};
use crate::stages::Chain;
use crate::telemetry::{Health, events};

pub use chain::build_chain;
pub use enrich::{Failure, Outcome, enrich};
use pipeline::Pipeline;

/// Most messages waiting between the source and the enrichment workers.
const CHANNEL_CAPACITY: usize = 256;

/// Runtime-only switches for JSON Lines mode (CLI flags).
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Input file; stdin when `None`.
    pub input: Option<PathBuf>,
    /// Output file; stdout when `None`.
    pub output: Option<PathBuf>,
    /// Dead-letter file; stderr when `None`.
    pub dead_letter: Option<PathBuf>,
    /// Do not free the stage chain when the run ends: for a process that
    /// exits right after [`run`] (the CLI), where tearing down the
    /// gazetteer, dictionaries and models (hundreds of thousands of small
    /// allocations) costs a few tenths of a second of CPU the OS would spend
    /// anyway. Tests and embedders leave it `false`.
    pub leak_chain_at_exit: bool,
}

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunSummary {
    /// Messages read.
    pub consumed: u64,
    /// Enriched records acknowledged.
    pub produced: u64,
    /// Dead letters acknowledged.
    pub dead_lettered: u64,
}

/// Runs the main job until the input ends (JSON Lines) or `stop` resolves,
/// then drains within `settings.drain_timeout`.
///
/// # Errors
/// Start-up failures (config, dictionaries, broker clients, telemetry bind),
/// the dead-letter breaker tripping, an output that rejects dead letters, a
/// crashed internal task, or a drain that missed its deadline.
pub async fn run(
    settings: Settings,
    options: RunOptions,
    stop: impl Future<Output = ()> + Send + 'static,
    shutdown: Shutdown,
) -> anyhow::Result<RunSummary> {
    // The chain loads (seconds of CPU) while the producer connects and
    // reads the output topics' limits (broker round trips).
    let chain = {
        let settings = settings.clone();
        tokio::task::spawn_blocking(move || build_chain(&settings))
    };
    let chain = async move {
        chain
            .await
            .context("building the stage chain")?
            .map(|(chain, versions)| (Arc::new(chain), versions))
    };
    run_inner(settings, chain, options, stop, shutdown).await
}

/// [`run`] with a prebuilt stage chain (tests inject their own stages).
///
/// # Errors
/// As [`run`].
pub async fn run_with_chain(
    settings: Settings,
    chain: Chain,
    versions: Versions,
    options: RunOptions,
    stop: impl Future<Output = ()> + Send + 'static,
    shutdown: Shutdown,
) -> anyhow::Result<RunSummary> {
    let chain = std::future::ready(Ok((Arc::new(chain), versions)));
    run_inner(settings, chain, options, stop, shutdown).await
}

/// [`run`] and [`run_with_chain`]: the chain arrives through a future, so
/// that the Kafka producer is created while it is built.
async fn run_inner(
    settings: Settings,
    chain: impl Future<Output = anyhow::Result<(Arc<Chain>, Versions)>>,
    options: RunOptions,
    stop: impl Future<Output = ()> + Send + 'static,
    shutdown: Shutdown,
) -> anyhow::Result<RunSummary> {
    let supervisor = Supervisor::new(shutdown.graceful.clone());
    let kafka_mode = settings.kafka.is_some();
    let health = Arc::new(Health::new(settings.stall_timeout, kafka_mode));
    let telemetry_on = match settings.telemetry {
        TelemetryMode::On => true,
        TelemetryMode::Off => false,
        TelemetryMode::Auto => kafka_mode,
    };
    let metrics = if telemetry_on {
        Some(crate::telemetry::metrics::install().context("installing the metrics recorder")?)
    } else {
        None
    };
    // Start-up requests (topic limits, metadata) block: on the blocking
    // pool, overlapping the chain build.
    let kafka_sink = settings
        .kafka
        .clone()
        .map(|k| tokio::task::spawn_blocking(move || KafkaSink::new(&k)));
    let (chain, versions) = chain.await?;
    if options.leak_chain_at_exit {
        // One reference that is never dropped: the chain is never freed.
        std::mem::forget(Arc::clone(&chain));
    }
    let versions = Arc::new(versions);
    events::build_info(&versions.dictionaries);

    let sink = Arc::new(match kafka_sink {
        Some(pending) => Sink::Kafka(
            pending
                .await
                .context("creating the Kafka producer")?
                .context("creating the Kafka producer")?,
        ),
        None => Sink::Jsonl(
            JsonlSink::open(options.output.as_deref(), options.dead_letter.as_deref())
                .context("opening JSON Lines output")?,
        ),
    });
    let encoder = Encoder::new(versions.clone(), sink.limits());
    if let Some(handle) = metrics {
        let sink = sink.clone();
        let server = crate::telemetry::health::serve(
            settings.telemetry_listen,
            health.clone(),
            handle,
            Arc::new(move || sink.is_ready()),
            shutdown.hard.clone(),
        )
        .await
        .with_context(|| format!("binding telemetry listener {}", settings.telemetry_listen))?;
        supervisor.spawn("telemetry", server);
    }

    // Channel capacity bounds what waits for a worker; the delivery stage
    // bounds what waits for an acknowledgement. 256 waiting messages keep
    // the workers busy (without stages they drain in well under 0.1 s);
    // more only held payloads in memory (a 100,000-article backlog filled
    // the channel with 1,000 articles waiting seconds for 2 workers).
    let (tx, rx) =
        mpsc::channel::<SourceMessage>(settings.max_in_flight.clamp(1, CHANNEL_CAPACITY));
    let tracker = Arc::new(OffsetTracker::new());
    {
        let graceful = shutdown.graceful.clone();
        supervisor.spawn("stop-trigger", async move {
            stop.await;
            graceful.cancel();
            Ok::<(), String>(())
        });
    }
    // After a graceful stop (or a failure), the drain has `drain_timeout`;
    // then in-flight work is abandoned (not committed) and the run fails.
    {
        let (graceful, hard, budget) = (
            shutdown.graceful.clone(),
            shutdown.hard.clone(),
            settings.drain_timeout,
        );
        supervisor.spawn("drain-deadline", async move {
            graceful.cancelled().await;
            tokio::select! {
                _ = tokio::time::sleep(budget) => {
                    tracing::error!(drain_timeout_ms = budget.as_millis() as u64, "Drain deadline passed; abandoning in-flight work.");
                    hard.cancel();
                }
                _ = hard.cancelled() => {}
            }
            Ok::<(), String>(())
        });
    }
    let kafka_source = match &settings.kafka {
        Some(k) => Some(
            KafkaSource::start(
                k,
                tracker.clone(),
                health.clone(),
                settings.drain_timeout,
                tx,
                shutdown.graceful.clone(),
                &supervisor,
            )
            .context("starting the Kafka consumer")?,
        ),
        None => {
            let (input, cancel) = (options.input.clone(), shutdown.graceful.clone());
            supervisor.spawn("input reader", async move {
                jsonl::run(input, tx, cancel).await.map(|_| ())
            });
            None
        }
    };

    let pipeline = Arc::new(Pipeline {
        chain,
        encoder,
        sink: sink.clone(),
        tracker: tracker.clone(),
        health,
        max_bytes: settings.max_message_bytes,
        stage_timeout: settings.stage_timeout,
        hard: shutdown.hard.clone(),
        log_dead_letters: kafka_mode,
        output_topic: settings
            .kafka
            .as_ref()
            .map_or_else(|| "stdout".to_string(), |k| k.output_topic.clone()),
        in_flight: AtomicUsize::new(0),
        counts: [AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)],
    });
    let first_error: Arc<Mutex<Option<anyhow::Error>>> = Arc::default();
    {
        let mut breaker = DeadLetterBreaker::new(
            settings.dead_letter_max_ratio,
            settings.dead_letter_window,
            settings.dead_letter_min_messages,
        );
        let (p1, p2) = (pipeline.clone(), pipeline.clone());
        let (gate_error, graceful) = (first_error.clone(), shutdown.graceful.clone());
        // Unordered: an article that takes long does not hold the finished
        // ones behind it (ordered buffering left a worker idle until the
        // slow one was done, and every article behind it, of any partition,
        // waited too). At-least-once does not need input order here: the
        // offset tracker commits a partition only up to its lowest offset
        // still in flight. Output order within a partition can differ from
        // input order (README, "Delivery guarantee").
        let admitted = ReceiverStream::new(rx)
            .map(move |msg| p1.clone().enrich(msg))
            .buffer_unordered(settings.workers)
            // The breaker judges each outcome before it is written: once it
            // trips nothing more reaches the dead-letter topic, and what it
            // counted is what the topic holds.
            .take_while(move |item| {
                let admit = if gate_error
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .is_some()
                {
                    false
                } else if let Err(tripped) = breaker.record(item.is_dead_letter()) {
                    record_error(&gate_error, &graceful, anyhow!(tripped));
                    false
                } else {
                    true
                };
                futures::future::ready(admit)
            });
        let mut delivered = admitted
            .map(move |item| p2.clone().deliver(item))
            .buffer_unordered(settings.max_in_flight);
        // Drain every admitted message, even after an error: each one is
        // either acknowledged (and counted) or abandoned at the deadline.
        while let Some(result) = delivered.next().await {
            if let Err(e) = result {
                record_error(&first_error, &shutdown.graceful, e);
            }
        }
    }
    // The input is done (or we stop): nothing more is read.
    shutdown.graceful.cancel();
    let flushed = tokio::select! {
        r = sink.flush(Duration::from_secs(10)) => r.context("flushing output"),
        _ = shutdown.hard.cancelled() => Ok(()),
    };
    if let Some(src) = kafka_source {
        let (t, hard) = (tracker.clone(), shutdown.hard.clone());
        tokio::task::spawn_blocking(move || src.finish(&t, &hard))
            .await
            .context("committing final offsets")?;
    }
    let summary = pipeline.summary();
    tracing::info!(
        consumed = summary.consumed,
        produced = summary.produced,
        dead_lettered = summary.dead_lettered,
        "Run finished."
    );
    if let Some(e) = first_error.lock().unwrap_or_else(|e| e.into_inner()).take() {
        return Err(e);
    }
    if let Some(failure) = supervisor.failure() {
        return Err(anyhow!(failure));
    }
    flushed?;
    if shutdown.hard.is_cancelled() {
        return Err(anyhow!(
            "stopped before every in-flight message was delivered; they will be re-read on restart"
        ));
    }
    Ok(summary)
}

/// Keeps the first error of the run and stops admitting new messages.
fn record_error(
    slot: &Mutex<Option<anyhow::Error>>,
    graceful: &CancellationToken,
    error: anyhow::Error,
) {
    let mut first = slot.lock().unwrap_or_else(|e| e.into_inner());
    if first.is_none() {
        tracing::error!(error = %format!("{error:#}"), "Stopping the pipeline.");
        *first = Some(error);
    } else {
        tracing::debug!(error = %format!("{error:#}"), "Also failed while stopping.");
    }
    graceful.cancel();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::{Document, Stage, StageError};

    /// "Hangs" on articles whose id starts with `hang`: blocks its thread for
    /// 3 s, fifteen times the 200 ms limit the test sets. (tokio's paused
    /// clock does not auto-advance while a blocking task runs, so this test
    /// uses the real clock; 3 s keeps the runtime drop, which waits for
    /// blocking threads, short.)
    struct HangOn;
    impl Stage for HangOn {
        fn name(&self) -> &'static str {
            "hang_on"
        }
        fn process(&self, doc: &mut Document) -> Result<(), StageError> {
            if doc.raw.id.starts_with("hang") {
                std::thread::sleep(std::time::Duration::from_secs(3));
            }
            Ok(())
        }
    }

    fn settings(extra: &[(&str, toml::Value)]) -> Settings {
        let overrides: Vec<(String, toml::Value)> = extra
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        Settings::load(None, Vec::new(), &overrides).unwrap()
    }

    fn read_lines(path: &std::path::Path) -> Vec<serde_json::Value> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[tokio::test]
    async fn a_hanging_stage_is_cut_off_and_dead_lettered_as_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.jsonl");
        std::fs::write(&input, "{\"id\":\"a\",\"body\":\"x\"}\n{\"id\":\"hang-1\",\"body\":\"y\"}\n{\"id\":\"b\",\"body\":\"z\"}\n").unwrap();
        let options = RunOptions {
            input: Some(input),
            output: Some(dir.path().join("out.jsonl")),
            dead_letter: Some(dir.path().join("dl.jsonl")),
            ..RunOptions::default()
        };
        let s = settings(&[("pipeline.stage_timeout_ms", toml::Value::Integer(200))]);
        let versions = Versions {
            processor: "test".into(),
            dictionaries: Default::default(),
        };
        let summary = run_with_chain(
            s,
            Chain::new(vec![Box::new(HangOn)]),
            versions,
            options.clone(),
            std::future::pending(),
            Shutdown::default(),
        )
        .await
        .unwrap();
        assert_eq!(
            summary,
            RunSummary {
                consumed: 3,
                produced: 2,
                dead_lettered: 1
            }
        );
        let dead = read_lines(options.dead_letter.as_deref().unwrap());
        assert_eq!(dead[0]["reason"], "timeout");
        assert_eq!(dead[0]["origin"]["offset"], 1);
        let ids: Vec<String> = read_lines(options.output.as_deref().unwrap())
            .iter()
            .map(|v| v["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            ids,
            ["a", "b"],
            "output keeps input order around the dead letter"
        );
    }

    #[tokio::test]
    async fn the_breaker_stops_a_run_that_only_fails() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.jsonl");
        std::fs::write(&input, "not json\n".repeat(100)).unwrap();
        let options = RunOptions {
            input: Some(input),
            output: Some(dir.path().join("out.jsonl")),
            dead_letter: Some(dir.path().join("dl.jsonl")),
            ..RunOptions::default()
        };
        let s = settings(&[
            ("dead_letter.min_messages", toml::Value::Integer(10)),
            ("dead_letter.window", toml::Value::Integer(20)),
        ]);
        let versions = Versions {
            processor: "test".into(),
            dictionaries: Default::default(),
        };
        let err = run_with_chain(
            s,
            Chain::new(vec![]),
            versions,
            options.clone(),
            std::future::pending(),
            Shutdown::default(),
        )
        .await
        .unwrap_err();
        assert!(err.to_string().contains("dead-lettered"), "{err}");
        let dead = read_lines(options.dead_letter.as_deref().unwrap());
        assert!(
            dead.len() < 100,
            "stopped early, after {} dead letters",
            dead.len()
        );
    }
}
