//! The one place that knows every part: builds the source, the stage chain,
//! the sink and telemetry from [`Settings`], runs the pipeline, and drains it
//! on shutdown. Records are built in [`crate::sink::encode`]; this module
//! only wires and runs.
//!
//! Flow: source → bounded channel → [`enrich`] (blocking pool, `workers` at
//! a time, each under `stage_timeout`) → the dead-letter breaker, which
//! judges every outcome *before* anything is written → deliver (retried
//! until acknowledged) → complete the offset ticket. Results keep input
//! order, so JSON Lines output matches input lines and per-partition order
//! is kept on Kafka.
//!
//! Stopping: a stop signal, a tripped breaker, an output that cannot be
//! written or a crashed internal task ([`Supervisor`]) stops admitting new
//! messages; what was admitted drains, within `shutdown.drain_timeout_ms`.
//! At that deadline in-flight work is abandoned, never committed, and the
//! run fails.

use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
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
use crate::shutdown::{Shutdown, Supervisor, panic_message};
use crate::sink::encode::{EncodeError, Encoder};
use crate::sink::{Disposition, OutRecord, RecordKind, Sink, jsonl::JsonlSink, kafka::KafkaSink};
use crate::source::{SourceMessage, decode, jsonl, kafka::KafkaSource};
use crate::stages::{Chain, Document};
use crate::telemetry::{Health, events};

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

/// Why a message is dead-lettered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Bounded snake_case code: metric label and dead-letter `reason`.
    pub reason: &'static str,
    /// Human-readable explanation: the dead letter's `detail`.
    pub detail: String,
    /// The stage that failed, `None` for decoding and encoding.
    pub stage: Option<&'static str>,
}

/// What enrichment made of one message.
#[derive(Debug)]
pub enum Outcome {
    /// Enriched, encoded and small enough for the output topic.
    Enriched {
        /// The record to produce.
        record: OutRecord,
        /// Actors found.
        actors: usize,
        /// Locations found.
        locations: usize,
    },
    /// The message goes to the dead-letter topic.
    Failed(Failure),
}

/// Builds the stage chain named in `settings.stages`, each stage from its
/// section ([`crate::stages::build`]), loading shared tables once; returns
/// it with the dictionary versions for the output records.
///
/// # Errors
/// If the order breaks a stage's declared read, or a dictionary, lexicon
/// table or gazetteer cannot be loaded.
pub fn build_chain(settings: &Settings) -> anyhow::Result<(Chain, Versions)> {
    crate::stages::check_order(&settings.stages).map_err(|e| anyhow!("pipeline.stages: {e}"))?;
    let configs = crate::stages::StageConfigs {
        text: &settings.text,
        entities: &settings.entities,
        actors: &settings.actors,
        locations: &settings.locations,
        events: &settings.events,
    };
    let resources = crate::stages::Resources::new(&configs);
    let mut stages = Vec::with_capacity(settings.stages.len());
    let mut dictionaries = std::collections::BTreeMap::new();
    // Stages load their data independently (the shared lexicon loads once,
    // behind a lock in `Resources`), so they are built on one thread each:
    // start-up is then about the slowest stage's load, not the sum.
    let built: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = settings
            .stages
            .iter()
            .map(|name| {
                let (configs, resources) = (&configs, &resources);
                std::thread::Builder::new()
                    .name(format!("build-{name}"))
                    .spawn_scoped(scope, move || {
                        crate::stages::build(name, configs, resources)
                    })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h {
                Ok(h) => h
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(e) => Err(crate::stages::BuildError::load(
                    "a stage (its build thread could not start)",
                    e,
                )),
            })
            .collect()
    });
    for built in built {
        let built = built?;
        dictionaries.extend(built.versions);
        stages.push(built.stage);
    }
    Ok((
        Chain::new(stages),
        Versions {
            processor: env!("CARGO_PKG_VERSION").to_string(),
            dictionaries,
        },
    ))
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

/// Decodes, checks and enriches one message, and encodes the result: pure
/// CPU, no I/O (the pipeline runs it on the blocking pool; the fuzz target
/// calls it directly).
pub fn enrich(chain: &Chain, encoder: &Encoder, max_bytes: usize, msg: &SourceMessage) -> Outcome {
    let failed = |reason, detail: String, stage| {
        Outcome::Failed(Failure {
            reason,
            detail,
            stage,
        })
    };
    if let Err(e) = decode::check_headers(&msg.headers) {
        return failed(e.reason(), e.to_string(), None);
    }
    let raw = match decode::decode(msg.payload.as_deref(), max_bytes) {
        Ok(raw) => raw,
        Err(e) => return failed(e.reason(), e.to_string(), None),
    };
    let mut doc = Document::new(raw, msg.origin.clone());
    if let Err(e) = chain.process(&mut doc) {
        return failed(e.error.reason(), e.to_string(), Some(e.stage));
    }
    if chain.has_events() {
        events::events_coded(&doc.events);
    }
    match encoder.enriched(&doc, msg) {
        Ok(record) => Outcome::Enriched {
            record,
            actors: doc.actors.len(),
            locations: doc.locations.len(),
        },
        Err(e) => failed(e.reason(), e.to_string(), None),
    }
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
    // bounds what waits for an acknowledgement.
    let (tx, rx) = mpsc::channel::<SourceMessage>(settings.max_in_flight.clamp(1, 1024));
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

/// A message with its outcome, on its way to the sink.
struct Enriched {
    msg: Arc<SourceMessage>,
    ticket: Option<crate::delivery::Ticket>,
    /// The record to write, or why no dead letter could be built.
    record: Result<OutRecord, EncodeError>,
    /// Why it is a dead letter, when it is one.
    failure: Option<Failure>,
    actors: usize,
    locations: usize,
}

impl Enriched {
    fn is_dead_letter(&self) -> bool {
        self.failure.is_some()
    }
}

struct Pipeline {
    chain: Arc<Chain>,
    encoder: Encoder,
    sink: Arc<Sink>,
    tracker: Arc<OffsetTracker>,
    health: Arc<Health>,
    max_bytes: usize,
    stage_timeout: Duration,
    hard: CancellationToken,
    log_dead_letters: bool,
    output_topic: String,
    in_flight: AtomicUsize,
    /// consumed, produced, dead-lettered.
    counts: [AtomicU64; 3],
}

impl Pipeline {
    fn summary(&self) -> RunSummary {
        RunSummary {
            consumed: self.counts[0].load(Ordering::Relaxed),
            produced: self.counts[1].load(Ordering::Relaxed),
            dead_lettered: self.counts[2].load(Ordering::Relaxed),
        }
    }

    /// Runs [`enrich`] on the blocking pool under the per-article time
    /// limit; a panic or a timeout is a dead letter too.
    async fn enrich(self: Arc<Self>, mut msg: SourceMessage) -> Enriched {
        self.counts[0].fetch_add(1, Ordering::Relaxed);
        events::consumed(
            &msg.origin.topic,
            msg.origin.partition,
            msg.payload.as_ref().map_or(0, Vec::len),
        );
        events::in_flight(self.in_flight.fetch_add(1, Ordering::Relaxed) + 1);
        let ticket = msg.ticket.take();
        let msg = Arc::new(msg);
        // A dead letter is encoded on the blocking pool too: cutting a large
        // one to fit its topic serialises it a few times.
        let work = {
            let (msg, this) = (msg.clone(), self.clone());
            move || {
                let outcome = enrich(&this.chain, &this.encoder, this.max_bytes, &msg);
                let dead = match &outcome {
                    Outcome::Failed(f) => {
                        Some(this.encoder.dead_letter(&msg, f.reason, &f.detail, f.stage))
                    }
                    Outcome::Enriched { .. } => None,
                };
                (outcome, dead)
            }
        };
        // `None`: past the time limit; `Some(Err)`: the panic's message.
        let done: Option<Result<_, String>> = if self.chain.is_empty() {
            // No stage (`pipeline.stages = []`): decoding and encoding take
            // tens of microseconds, less than handing the message to the
            // blocking pool and back, so they run here.
            Some(
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
                    .map_err(|p| panic_message(&p)),
            )
        } else {
            let work = tokio::task::spawn_blocking(work);
            match tokio::time::timeout(self.stage_timeout, work).await {
                Ok(joined) => Some(joined.map_err(|join| {
                    join.try_into_panic()
                        .map_or_else(|e| e.to_string(), |p| panic_message(&p))
                })),
                Err(_) => None,
            }
        };
        let (outcome, dead) = match done {
            Some(Ok(done)) => done,
            Some(Err(panic)) => (
                self.failed("panic", format!("enrichment panicked: {panic}")),
                None,
            ),
            // The blocking task cannot be interrupted; it finishes in the
            // background and its result is dropped.
            None => {
                let detail = format!(
                    "enrichment took longer than {} ms",
                    self.stage_timeout.as_millis()
                );
                (self.failed("timeout", detail), None)
            }
        };
        match outcome {
            Outcome::Enriched {
                record,
                actors,
                locations,
            } => Enriched {
                msg,
                ticket,
                record: Ok(record),
                failure: None,
                actors,
                locations,
            },
            Outcome::Failed(failure) => Enriched {
                record: dead.unwrap_or_else(|| {
                    self.encoder
                        .dead_letter(&msg, failure.reason, &failure.detail, failure.stage)
                }),
                msg,
                ticket,
                failure: Some(failure),
                actors: 0,
                locations: 0,
            },
        }
    }

    fn failed(&self, reason: &'static str, detail: String) -> Outcome {
        Outcome::Failed(Failure {
            reason,
            detail,
            stage: None,
        })
    }

    /// Delivers until acknowledged (retrying what a retry can fix, until
    /// the hard stop), then completes the offset ticket.
    async fn deliver(self: Arc<Self>, mut item: Enriched) -> anyhow::Result<()> {
        let origin = &item.msg.origin;
        let at = format!("{}/{}/{}", origin.topic, origin.partition, origin.offset);
        let mut backoff = Duration::from_millis(100);
        loop {
            let record = match &item.record {
                Ok(record) => record,
                Err(e) => {
                    return Err(anyhow!("cannot dead-letter the message at {at}: {e}"));
                }
            };
            let result = tokio::select! {
                r = self.sink.deliver(record) => r,
                _ = self.hard.cancelled() => {
                    return Err(anyhow!("gave up delivering the message at {at} at the drain deadline"));
                }
            };
            match result {
                Ok(()) => break,
                Err(e) if e.disposition == Disposition::Retry => {
                    events::produce_retry(record.kind.as_str(), &e.message, backoff);
                    tokio::select! {
                        _ = tokio::time::sleep(backoff) => {}
                        _ = self.hard.cancelled() => {}
                    }
                    backoff = (backoff * 2).min(Duration::from_secs(5));
                }
                Err(e)
                    if e.disposition == Disposition::RejectRecord
                        && record.kind == RecordKind::Enriched =>
                {
                    // The output refuses this record for good although it
                    // fit the limit we knew: dead-letter the input instead.
                    let failure = Failure {
                        reason: "output_rejected",
                        detail: e.message.clone(),
                        stage: None,
                    };
                    item.record =
                        self.encoder
                            .dead_letter(&item.msg, failure.reason, &failure.detail, None);
                    item.failure = Some(failure);
                }
                Err(e) if e.disposition == Disposition::RejectRecord => {
                    return Err(anyhow!(
                        "the dead-letter topic refused the dead letter of the message at {at}: {}. Stopping without committing it, so nothing is lost",
                        e.message
                    ));
                }
                Err(e) => {
                    return Err(anyhow!(
                        "cannot write output, stopping without committing so nothing is lost: {e}"
                    ));
                }
            }
        }
        let latency = item.msg.timestamp_ms.and_then(|ts| {
            let ms = chrono::Utc::now().timestamp_millis() - ts;
            (ms >= 0).then(|| Duration::from_millis(ms as u64))
        });
        match &item.failure {
            Some(failure) => {
                self.counts[2].fetch_add(1, Ordering::Relaxed);
                events::dead_lettered(
                    &item.msg.origin,
                    failure.reason,
                    &failure.detail,
                    self.log_dead_letters,
                );
            }
            None => {
                self.counts[1].fetch_add(1, Ordering::Relaxed);
                events::produced(&self.output_topic, item.actors, item.locations, latency);
            }
        }
        if let Some(ticket) = item.ticket.take() {
            self.tracker.complete(ticket);
        }
        self.health.progressed();
        events::in_flight(self.in_flight.fetch_sub(1, Ordering::Relaxed) - 1);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::{Stage, StageError};

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
