//! The one place that knows every part: builds the source, the stage chain,
//! the sink and telemetry from [`Settings`], runs the pipeline, and drains it
//! on shutdown.
//!
//! Flow: source → bounded channel → enrich (blocking pool, `workers` at a
//! time, each under `stage_timeout`) → deliver (retried until acknowledged)
//! → complete the offset ticket. Results keep input order, so JSON Lines
//! output matches input lines and per-partition order is kept on Kafka.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, anyhow};
use futures::StreamExt;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::sync::CancellationToken;

use crate::article::{EnrichedArticle, Versions};
use crate::config::{Settings, TelemetryMode};
use crate::delivery::OffsetTracker;
use crate::delivery::breaker::DeadLetterBreaker;
use crate::shutdown::Shutdown;
use crate::sink::dead_letter::{DeadLetter, REASON_HEADER};
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
    };
    let resources = crate::stages::Resources::new(&configs);
    let mut stages = Vec::with_capacity(settings.stages.len());
    let mut dictionaries = std::collections::BTreeMap::new();
    for name in &settings.stages {
        let built = crate::stages::build(name, &configs, &resources)?;
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
/// the dead-letter breaker tripping, an output that rejects dead letters, or
/// a drain that missed its deadline.
pub async fn run(
    settings: Settings,
    options: RunOptions,
    stop: impl Future<Output = ()> + Send + 'static,
    shutdown: Shutdown,
) -> anyhow::Result<RunSummary> {
    let (chain, versions) = build_chain(&settings)?;
    run_with_chain(settings, chain, versions, options, stop, shutdown).await
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
    let chain = Arc::new(chain);
    let versions = Arc::new(versions);
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
    events::build_info(&versions.dictionaries);

    let sink = Arc::new(match &settings.kafka {
        Some(k) => Sink::Kafka(KafkaSink::new(k).context("creating the Kafka producer")?),
        None => Sink::Jsonl(
            JsonlSink::open(options.output.as_deref(), options.dead_letter.as_deref())
                .context("opening JSON Lines output")?,
        ),
    });
    if let Some(handle) = metrics {
        let sink = sink.clone();
        crate::telemetry::health::serve(
            settings.telemetry_listen,
            health.clone(),
            handle,
            Arc::new(move || sink.is_ready()),
            shutdown.hard.clone(),
        )
        .await
        .with_context(|| format!("binding telemetry listener {}", settings.telemetry_listen))?;
    }

    // Channel capacity bounds what waits for a worker; the delivery stage
    // bounds what waits for an acknowledgement.
    let (tx, rx) = mpsc::channel::<SourceMessage>(settings.max_in_flight.clamp(1, 1024));
    let tracker = Arc::new(OffsetTracker::new());
    let graceful = shutdown.graceful.clone();
    tokio::spawn(async move {
        stop.await;
        graceful.cancel();
    });
    let (kafka_source, json_source) = match &settings.kafka {
        Some(k) => {
            let src = KafkaSource::start(
                k,
                tracker.clone(),
                health.clone(),
                settings.drain_timeout,
                tx,
                shutdown.graceful.clone(),
            )
            .context("starting the Kafka consumer")?;
            (Some(src), None)
        }
        None => (
            None,
            Some(tokio::spawn(jsonl::run(
                options.input.clone(),
                tx,
                shutdown.graceful.clone(),
            ))),
        ),
    };
    // After a graceful stop, the drain has `drain_timeout`; then in-flight
    // work is abandoned (not committed) and the run fails.
    {
        let (graceful, hard, budget) = (
            shutdown.graceful.clone(),
            shutdown.hard.clone(),
            settings.drain_timeout,
        );
        tokio::spawn(async move {
            graceful.cancelled().await;
            tokio::select! {
                _ = tokio::time::sleep(budget) => {
                    tracing::error!(drain_timeout_ms = budget.as_millis() as u64, "Drain deadline passed; abandoning in-flight work.");
                    hard.cancel();
                }
                _ = hard.cancelled() => {}
            }
        });
    }

    let pipeline = Pipeline {
        chain,
        versions,
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
    };
    let pipeline = Arc::new(pipeline);
    let mut breaker = DeadLetterBreaker::new(
        settings.dead_letter_max_ratio,
        settings.dead_letter_window,
        settings.dead_letter_min_messages,
    );
    let result: anyhow::Result<()> = {
        let p1 = pipeline.clone();
        let p2 = pipeline.clone();
        let mut results = ReceiverStream::new(rx)
            .map(move |msg| p1.clone().enrich(msg))
            .buffered(settings.workers)
            .map(move |item| p2.clone().deliver(item))
            .buffered(settings.max_in_flight);
        let mut outcome = Ok(());
        while let Some(delivered) = results.next().await {
            match delivered {
                Ok(dead) => {
                    if let Err(tripped) = breaker.record(dead) {
                        outcome = Err(anyhow!(tripped));
                        break;
                    }
                }
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            }
        }
        outcome
    };
    if result.is_err() {
        shutdown.graceful.cancel();
    }
    let flushed = sink.flush(Duration::from_secs(10)).await;
    if let Some(src) = kafka_source {
        shutdown.graceful.cancel();
        let t = tracker.clone();
        tokio::task::spawn_blocking(move || src.finish(&t))
            .await
            .context("committing final offsets")?;
    }
    if let Some(handle) = json_source {
        handle
            .await
            .context("input reader panicked")?
            .context("reading input")?;
    }
    let summary = pipeline.summary();
    tracing::info!(
        consumed = summary.consumed,
        produced = summary.produced,
        dead_lettered = summary.dead_lettered,
        "Run finished."
    );
    result?;
    flushed.context("flushing output")?;
    if shutdown.hard.is_cancelled() {
        return Err(anyhow!(
            "stopped before every in-flight message was delivered; they will be re-read on restart"
        ));
    }
    Ok(summary)
}

/// A message with its enrichment outcome, on its way to the sink.
struct Enriched {
    msg: Arc<SourceMessage>,
    ticket: Option<crate::delivery::Ticket>,
    record: OutRecord,
    /// `(reason, detail)` when this is a dead letter.
    dead: Option<(String, String)>,
    actors: usize,
    locations: usize,
}

struct Pipeline {
    chain: Arc<Chain>,
    versions: Arc<Versions>,
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

    /// Decodes and enriches one message on the blocking pool, under the
    /// per-article time limit.
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
        let work = {
            let (msg, this) = (msg.clone(), self.clone());
            tokio::task::spawn_blocking(move || this.enrich_blocking(&msg))
        };
        let (record, dead, actors, locations) =
            match tokio::time::timeout(self.stage_timeout, work).await {
                Ok(Ok(Ok((record, actors, locations)))) => (record, None, actors, locations),
                Ok(Ok(Err((reason, detail, stage)))) => (
                    self.dead_letter(&msg, reason, &detail, stage),
                    Some((reason.to_string(), detail)),
                    0,
                    0,
                ),
                Ok(Err(join)) => {
                    let detail = format!("enrichment panicked: {join}");
                    (
                        self.dead_letter(&msg, "panic", &detail, None),
                        Some(("panic".to_string(), detail)),
                        0,
                        0,
                    )
                }
                Err(_) => {
                    // The blocking task cannot be interrupted; it finishes in the
                    // background and its result is dropped.
                    let detail = format!(
                        "enrichment took longer than {} ms",
                        self.stage_timeout.as_millis()
                    );
                    (
                        self.dead_letter(&msg, "timeout", &detail, None),
                        Some(("timeout".to_string(), detail)),
                        0,
                        0,
                    )
                }
            };
        Enriched {
            msg,
            ticket,
            record,
            dead,
            actors,
            locations,
        }
    }

    #[allow(clippy::type_complexity)]
    fn enrich_blocking(
        &self,
        msg: &SourceMessage,
    ) -> Result<(OutRecord, usize, usize), (&'static str, String, Option<&'static str>)> {
        let raw = decode::decode(msg.payload.as_deref(), self.max_bytes)
            .map_err(|e| (e.reason(), e.to_string(), None))?;
        let mut doc = Document::new(raw, msg.origin.clone());
        self.chain
            .process(&mut doc)
            .map_err(|e| (e.error.reason(), e.to_string(), Some(e.stage)))?;
        let out = EnrichedArticle {
            raw: &doc.raw,
            language: doc.analysis.as_ref().map(|a| &a.language),
            excluded_zones: doc.analysis.as_ref().map_or(&[], |a| a.excluded.as_slice()),
            actors: &doc.actors,
            locations: &doc.locations,
            focus_countries: &doc.focus_countries,
            origin: &doc.origin,
            versions: &self.versions,
            processed_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        };
        let payload =
            serde_json::to_vec(&out).map_err(|e| ("serialize_failed", e.to_string(), None))?;
        let headers = msg
            .headers
            .iter()
            .filter_map(|(k, v)| v.clone().map(|v| (k.clone(), v)))
            .collect();
        Ok((
            OutRecord {
                kind: RecordKind::Enriched,
                key: Some(doc.raw.id.into_bytes()),
                payload,
                headers,
            },
            doc.actors.len(),
            doc.locations.len(),
        ))
    }

    fn dead_letter(
        &self,
        msg: &SourceMessage,
        reason: &str,
        detail: &str,
        stage: Option<&str>,
    ) -> OutRecord {
        let dl = DeadLetter::new(msg, reason, detail.to_string(), stage);
        let mut headers: Vec<(String, Vec<u8>)> = msg
            .headers
            .iter()
            .filter_map(|(k, v)| v.clone().map(|v| (k.clone(), v)))
            .collect();
        headers.push((REASON_HEADER.to_string(), reason.as_bytes().to_vec()));
        OutRecord {
            kind: RecordKind::DeadLetter,
            key: msg.key.clone(),
            payload: serde_json::to_vec(&dl).expect("dead letter serialises"),
            headers,
        }
    }

    /// Delivers until acknowledged (retrying what a retry can fix), then
    /// completes the offset ticket. Returns whether it was a dead letter.
    async fn deliver(self: Arc<Self>, mut item: Enriched) -> anyhow::Result<bool> {
        let mut backoff = Duration::from_millis(100);
        loop {
            match self.sink.deliver(&item.record).await {
                Ok(()) => break,
                Err(e) if e.disposition == Disposition::Retry && !self.hard.is_cancelled() => {
                    events::produce_retry(item.record.kind.as_str(), &e.message, backoff);
                    tokio::select! {
                        _ = tokio::time::sleep(backoff) => {}
                        _ = self.hard.cancelled() => {}
                    }
                    backoff = (backoff * 2).min(Duration::from_secs(5));
                }
                Err(e) if e.disposition == Disposition::Retry => {
                    return Err(anyhow!(
                        "gave up delivering {} at shutdown: {}",
                        item.msg.origin.offset,
                        e.message
                    ));
                }
                Err(e)
                    if e.disposition == Disposition::RejectRecord
                        && item.record.kind == RecordKind::Enriched =>
                {
                    // The output refuses this record for good (e.g. too large):
                    // dead-letter the input instead.
                    let detail = e.message.clone();
                    item.record = self.dead_letter(&item.msg, "output_rejected", &detail, None);
                    item.dead = Some(("output_rejected".to_string(), detail));
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
        let dead = match &item.dead {
            Some((reason, detail)) => {
                self.counts[2].fetch_add(1, Ordering::Relaxed);
                events::dead_lettered(&item.msg.origin, reason, detail, self.log_dead_letters);
                true
            }
            None => {
                self.counts[1].fetch_add(1, Ordering::Relaxed);
                events::produced(&self.output_topic, item.actors, item.locations, latency);
                false
            }
        };
        if let Some(ticket) = item.ticket.take() {
            self.tracker.complete(ticket);
        }
        self.health.progressed();
        events::in_flight(self.in_flight.fetch_sub(1, Ordering::Relaxed) - 1);
        Ok(dead)
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
