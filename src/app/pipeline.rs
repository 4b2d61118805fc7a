//! Each message's way through the pipeline: enrichment on the blocking
//! pool under the per-article time limit, then delivery until the output
//! acknowledges it, then the offset ticket.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::anyhow;
use tokio_util::sync::CancellationToken;

use super::{Failure, Outcome, RunSummary, enrich};
use crate::delivery::OffsetTracker;
use crate::shutdown::panic_message;
use crate::sink::encode::{EncodeError, Encoder};
use crate::sink::{Disposition, OutRecord, RecordKind, Sink};
use crate::source::SourceMessage;
use crate::stages::Chain;
use crate::telemetry::{Health, events};

/// A message with its outcome, on its way to the sink.
pub(super) struct Enriched {
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
    pub(super) fn is_dead_letter(&self) -> bool {
        self.failure.is_some()
    }
}

pub(super) struct Pipeline {
    pub(super) chain: Arc<Chain>,
    pub(super) encoder: Encoder,
    pub(super) sink: Arc<Sink>,
    pub(super) tracker: Arc<OffsetTracker>,
    pub(super) health: Arc<Health>,
    pub(super) max_bytes: usize,
    pub(super) stage_timeout: Duration,
    pub(super) hard: CancellationToken,
    pub(super) log_dead_letters: bool,
    pub(super) output_topic: String,
    pub(super) in_flight: AtomicUsize,
    /// consumed, produced, dead-lettered.
    pub(super) counts: [AtomicU64; 3],
}

impl Pipeline {
    pub(super) fn summary(&self) -> RunSummary {
        RunSummary {
            consumed: self.counts[0].load(Ordering::Relaxed),
            produced: self.counts[1].load(Ordering::Relaxed),
            dead_lettered: self.counts[2].load(Ordering::Relaxed),
        }
    }

    /// Runs [`enrich`] on the blocking pool under the per-article time
    /// limit; a panic or a timeout is a dead letter too.
    pub(super) async fn enrich(self: Arc<Self>, mut msg: SourceMessage) -> Enriched {
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
    pub(super) async fn deliver(self: Arc<Self>, mut item: Enriched) -> anyhow::Result<()> {
        // Where the message came from, for errors only (built on demand: a
        // `String` per message was a needless allocation on the hot path).
        let at = |item: &Enriched| {
            let o = &item.msg.origin;
            format!("{}/{}/{}", o.topic, o.partition, o.offset)
        };
        let mut backoff = Duration::from_millis(100);
        loop {
            let record = match &item.record {
                Ok(record) => record,
                Err(e) => {
                    return Err(anyhow!(
                        "cannot dead-letter the message at {}: {e}",
                        at(&item)
                    ));
                }
            };
            let result = tokio::select! {
                r = self.sink.deliver(record) => r,
                _ = self.hard.cancelled() => {
                    return Err(anyhow!("gave up delivering the message at {} at the drain deadline", at(&item)));
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
                        "the dead-letter topic refused the dead letter of the message at {}: {}. Stopping without committing it, so nothing is lost",
                        at(&item),
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
