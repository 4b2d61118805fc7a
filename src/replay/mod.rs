//! `newsevents replay` (issue 9): re-feeds history after a dictionary or
//! gazetteer update, or an archive after an outage.
//!
//! # Layout
//!
//! - [`plan`]: what will be replayed: source units (topic partitions or
//!   archive files) with position ranges, the dry-run report, time parsing.
//! - [`topic_range`]: reads offset ranges of a topic by assignment (never
//!   the live consumer group); time windows via `offsets_for_times`.
//! - [`archive`]: JSON Lines files, plain or gzip; raw articles or
//!   dead-letter records, unwrapped to the original message.
//! - [`target`]: idempotent producer to a topic (provenance headers), or
//!   JSON Lines on stdout.
//! - [`checkpoint`]: per-unit contiguous acknowledged position, written
//!   atomically, so `--resume` does not re-send what was acknowledged.
//! - `args.rs` ([`ReplayArgs`], the command line), `throttle.rs` (message
//!   and byte rate limits), `stop.rs` (stop signals); this file makes the
//!   plan and runs the read → throttle → send loop.
//!
//! Dry run is the default: [`run`] prints the plan and sends nothing unless
//! `--execute` is given. The end of every partition range is fixed when the
//! plan is made, so replaying a topic into itself terminates.
//!
//! # Examples
//!
//! ```text
//! # One day of the input topic into a side topic, original timestamps kept:
//! newsevents replay --brokers kafka:9092 --from-topic articles.raw \
//!     --since 2019-04-14T00:00:00+02:00 --until 2019-04-15T00:00:00+02:00 \
//!     --to-topic articles.raw.rerun --keep-timestamps --execute
//! # Offsets 1000..2000 of partitions 0 and 3, as a dry run:
//! newsevents replay --from-topic articles.raw --partition 0 --partition 3 \
//!     --start-offset 1000 --end-offset 2000 --to-stdout
//! # An archive and a dead-letter dump back into the input topic, throttled:
//! newsevents replay --from-archive 2019-04-14.jsonl.gz --from-archive dlt.jsonl \
//!     --to-topic articles.raw --max-messages-per-sec 500 --execute
//! # Continue an interrupted run:
//! newsevents replay --resume newsevents-replay-<id>.checkpoint.json --execute
//! ```

pub mod archive;
mod args;
pub mod checkpoint;
pub mod plan;
mod stop;
pub mod target;
mod throttle;
pub mod topic_range;

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};

use crate::article::Origin;
use crate::config::{KafkaSettings, Settings};
use checkpoint::UnitProgress;
use plan::{PartitionBounds, Plan, ReplayError, SourceSpec, TargetSpec, Unit, UnitSource, Window};
use stop::Stop;
use target::{Sent, Target};
use throttle::Throttle;

pub use args::ReplayArgs;

/// One message to replay, whatever its source.
#[derive(Debug, Clone)]
pub struct ReplayMessage {
    /// Index of the source unit in the plan.
    pub unit: usize,
    /// Offset or 1-based line number within the unit.
    pub position: i64,
    /// `topic/partition/offset` or `file:line`, for the source header.
    pub provenance: String,
    /// Key to produce (kept from the source; an archive raw article's `id`).
    pub key: Option<Vec<u8>>,
    /// Payload (`None`: tombstone).
    pub payload: Option<Vec<u8>>,
    /// Headers of the source message, in order, names and values as bytes.
    pub headers: Vec<crate::source::headers::RawHeader>,
    /// Source timestamp, ms since the Unix epoch.
    pub timestamp_ms: Option<i64>,
    /// Original coordinates when unwrapped from a dead-letter record.
    pub origin: Option<Origin>,
}

impl ReplayMessage {
    /// The original message unwrapped from a dead-letter record (topic
    /// record or archive line), with its original coordinates.
    pub fn original(unit: usize, position: i64, provenance: String, u: archive::Unwrapped) -> Self {
        Self {
            unit,
            position,
            provenance,
            key: u.key,
            payload: u.payload,
            headers: u.headers,
            timestamp_ms: u.timestamp_ms,
            origin: Some(u.origin),
        }
    }

    /// Key + payload length, bytes (what the byte rate limit and MB count).
    pub fn bytes(&self) -> u64 {
        (self.key.as_ref().map_or(0, Vec::len) + self.payload.as_ref().map_or(0, Vec::len)) as u64
    }
}

/// What a source reader yields.
#[derive(Debug)]
pub enum Read {
    /// A message to send.
    Message(ReplayMessage),
    /// A message whose timestamp is outside the time window: not sent.
    OutsideWindow {
        /// Unit index.
        unit: usize,
        /// Offset.
        position: i64,
    },
    /// An empty archive line.
    Blank {
        /// Unit index.
        unit: usize,
        /// Line number.
        position: i64,
    },
    /// Input that can never be sent (unparsable archive line, corrupt dead letter).
    Invalid {
        /// Unit index.
        unit: usize,
        /// Position.
        position: i64,
        /// `topic/partition/offset` or `file:line`.
        provenance: String,
        /// What is wrong.
        reason: String,
    },
    /// A unit was read to its planned end (exclusive).
    Finished {
        /// Unit index.
        unit: usize,
        /// Planned end.
        end: i64,
    },
    /// Nothing arrived within the poll wait.
    Idle,
}

enum Reader {
    Topic(Box<topic_range::TopicReader>),
    Archive(archive::ArchiveReader),
}

impl Reader {
    fn next(&mut self) -> anyhow::Result<Option<Read>> {
        match self {
            Reader::Topic(r) => r.next_read(Duration::from_millis(100)),
            Reader::Archive(r) => r.next_read(),
        }
    }
}

/// Counts of one run, and whether it finished.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Replay id.
    pub replay_id: String,
    /// True when only the plan was printed.
    pub dry_run: bool,
    /// Messages read from the source in this run (archive: non-blank lines).
    pub read: u64,
    /// Messages acknowledged by the target.
    pub produced: u64,
    /// Produces that failed for good.
    pub failed: u64,
    /// Input that could not be sent at all (counted, not retried).
    pub invalid: u64,
    /// Messages outside the time window.
    pub skipped: u64,
    /// Key + payload bytes acknowledged.
    pub bytes: u64,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Every unit acknowledged to its end.
    pub complete: bool,
    /// Stopped by a signal before the end.
    pub interrupted: bool,
    /// Checkpoint file written.
    pub checkpoint: Option<PathBuf>,
}

impl Report {
    /// True unless a produce failed, input was invalid, or a signal stopped
    /// the run: the exit status of `newsevents replay`.
    pub fn success(&self) -> bool {
        self.failed == 0 && self.invalid == 0 && !self.interrupted
    }

    /// The final summary line(s): read, produced, failed, MB (10^6 bytes),
    /// msg/s and MB/s over the wall time.
    pub fn summary(&self) -> String {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        let mb = self.bytes as f64 / 1e6;
        let mut s = format!(
            "replay {}: read {}, produced {}, failed {}, invalid {}, skipped (outside window) {}; {:.2} MB in {:.2} s = {:.0} msg/s, {:.2} MB/s",
            self.replay_id,
            self.read,
            self.produced,
            self.failed,
            self.invalid,
            self.skipped,
            mb,
            secs,
            self.produced as f64 / secs,
            mb / secs
        );
        if let Some(cp) = &self.checkpoint {
            if self.complete && self.failed == 0 {
                s.push_str(&format!("\ncheckpoint {}: complete", cp.display()));
            } else {
                s.push_str(&format!(
                    "\ncheckpoint {}: unfinished; continue with `newsevents replay --resume {} --execute`",
                    cp.display(),
                    cp.display()
                ));
            }
        }
        s
    }
}

/// Runs `newsevents replay`: plans (or loads the checkpoint of `--resume`),
/// prints the plan, and with `--execute` replays and prints the summary to
/// stderr.
///
/// # Errors
/// Planning errors ([`ReplayError`] for the operator's mistakes, which
/// callers can downcast to), Kafka client errors, unreadable archives or
/// checkpoint files. Failed produces are not errors: they are counted in
/// the [`Report`].
pub fn run(settings: &Settings, args: ReplayArgs) -> anyhow::Result<Report> {
    let (mut plan, checkpoint_path) = match &args.resume {
        Some(path) => (
            checkpoint::load(path)?,
            args.checkpoint.clone().unwrap_or_else(|| path.clone()),
        ),
        None => {
            let plan = make_plan(settings, &args)?;
            let path = args.checkpoint.clone().unwrap_or_else(|| {
                PathBuf::from(format!(
                    "newsevents-replay-{}.checkpoint.json",
                    plan.replay_id
                ))
            });
            if args.execute && path.exists() {
                bail!(
                    "checkpoint {} already exists: continue it with --resume {}, or choose another --checkpoint",
                    path.display(),
                    path.display()
                );
            }
            (plan, path)
        }
    };
    // A missing target topic would only show as produce timeouts minutes
    // later; a consumer's metadata request does not auto-create it.
    if let (TargetSpec::Topic { topic }, Some(kafka)) = (&plan.target, &settings.kafka) {
        let consumer = topic_range::consumer(kafka, &plan.replay_id)?;
        topic_range::bounds(&consumer, topic).with_context(|| format!("target topic {topic}"))?;
    }
    if !args.execute {
        print!("{}", plan.render());
        eprintln!(
            "Dry run: nothing was replayed. Add --execute to replay (checkpoint: {}).",
            checkpoint_path.display()
        );
        return Ok(Report {
            replay_id: plan.replay_id,
            dry_run: true,
            complete: true,
            ..Report::default()
        });
    }
    eprint!("{}", plan.render());
    let reader = match &plan.source {
        SourceSpec::Topic { topic, window } => {
            let consumer = topic_range::consumer(kafka(settings)?, &plan.replay_id)?;
            Reader::Topic(Box::new(topic_range::TopicReader::new(
                consumer,
                topic,
                *window,
                &plan.units,
            )?))
        }
        SourceSpec::Archive => Reader::Archive(archive::ArchiveReader::new(&plan.units)),
    };
    let target = match &plan.target {
        TargetSpec::Topic { topic } => Target::kafka(kafka(settings)?, topic)?,
        TargetSpec::Stdout => Target::stdout(),
    };
    let throttle = Throttle::new(args.max_messages_per_sec, args.max_bytes_per_sec);
    let stop = Stop::install();
    let report = execute(
        &mut plan,
        &checkpoint_path,
        reader,
        target,
        &throttle,
        &stop,
        args.limit,
    )?;
    eprintln!("{}", report.summary());
    Ok(report)
}

fn kafka(settings: &Settings) -> anyhow::Result<&KafkaSettings> {
    settings
        .kafka
        .as_ref()
        .context("no Kafka brokers configured: pass --brokers or set kafka.bootstrap_servers")
}

fn replay_id(given: Option<&str>) -> anyhow::Result<String> {
    match given {
        Some(id) => {
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            {
                bail!("--id `{id}`: use only letters, digits, `.`, `_` and `-`");
            }
            Ok(id.to_string())
        }
        None => Ok(format!(
            "{}-{}",
            chrono::Utc::now().format("%Y%m%dT%H%M%SZ"),
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        )),
    }
}

/// Builds the plan from the arguments (asks the broker for offsets).
fn make_plan(settings: &Settings, args: &ReplayArgs) -> anyhow::Result<Plan> {
    // Argument mistakes first, so they are reported without a broker.
    let window = if args.since.is_some() || args.until.is_some() {
        Some(Window::parse(args.since.as_deref(), args.until.as_deref())?)
    } else {
        None
    };
    let target = match (&args.to_topic, args.to_stdout) {
        (Some(topic), _) => TargetSpec::Topic {
            topic: topic.clone(),
        },
        (None, true) => TargetSpec::Stdout,
        (None, false) => bail!("choose a target: --to-topic TOPIC or --to-stdout"),
    };
    let replay_id = replay_id(args.id.as_deref())?;
    let (source, units) = if let Some(topic) = &args.from_topic {
        let consumer = topic_range::consumer(kafka(settings)?, &replay_id)?;
        let bounds = topic_range::bounds(&consumer, topic)?;
        match window {
            Some(window) => {
                let selected: Vec<PartitionBounds> = if args.partition.is_empty() {
                    bounds
                } else {
                    args.partition
                        .iter()
                        .map(|p| {
                            bounds
                                .iter()
                                .find(|b| b.partition == *p)
                                .copied()
                                .ok_or_else(|| ReplayError::NoSuchPartition {
                                    topic: topic.clone(),
                                    partition: *p,
                                    count: bounds.len(),
                                })
                        })
                        .collect::<Result<_, _>>()?
                };
                let ids: Vec<i32> = selected.iter().map(|b| b.partition).collect();
                let lookup = |ts: Option<i64>| {
                    ts.map(|t| topic_range::offsets_for_time(&consumer, topic, &ids, t))
                        .transpose()
                };
                let since = lookup(window.since_ms)?;
                let until = lookup(window.until_ms)?;
                (
                    SourceSpec::Topic {
                        topic: topic.clone(),
                        window: Some(window),
                    },
                    plan::plan_window(&selected, since.as_ref(), until.as_ref()),
                )
            }
            None => {
                let requests = plan::offset_requests(
                    &bounds,
                    &args.partition,
                    &args.start_offset,
                    &args.end_offset,
                )?;
                (
                    SourceSpec::Topic {
                        topic: topic.clone(),
                        window: None,
                    },
                    plan::plan_offsets(topic, &bounds, &requests)?,
                )
            }
        }
    } else {
        let units = args
            .from_archive
            .iter()
            .map(|f| {
                let path =
                    std::fs::canonicalize(f).with_context(|| format!("archive {}", f.display()))?;
                let lines = archive::count_lines(&path)
                    .with_context(|| format!("read archive {}", f.display()))?;
                Ok(Unit::new(UnitSource::File(path), 1, lines + 1))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        (SourceSpec::Archive, units)
    };
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    Ok(Plan {
        version: Plan::VERSION,
        replay_id,
        source,
        target,
        keep_timestamps: args.keep_timestamps,
        units,
        created_at: now.clone(),
        updated_at: now,
    })
}

fn progress_bar(total: u64) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() || total < 1000 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{elapsed_precise} [{wide_bar}] {human_pos}/{human_len} messages, eta {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}

/// Syncs each unit's `next` from `progress` and writes the checkpoint.
fn save(plan: &mut Plan, progress: &[UnitProgress], path: &Path) -> anyhow::Result<()> {
    for (u, p) in plan.units.iter_mut().zip(progress) {
        u.next = p.next();
    }
    plan.updated_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    checkpoint::save(plan, path).with_context(|| format!("write checkpoint {}", path.display()))
}

/// Failures logged one by one before only the summary counts them.
const LOGGED_FAILURES: u64 = 20;

/// The replay loop: read → throttle → send, with delivery reports folded
/// into per-unit progress and the checkpoint rewritten every second.
fn execute(
    plan: &mut Plan,
    checkpoint_path: &Path,
    mut reader: Reader,
    mut target: Target,
    throttle: &Throttle,
    stop: &Stop,
    limit: Option<u64>,
) -> anyhow::Result<Report> {
    let started = Instant::now();
    let mut progress: Vec<UnitProgress> = plan
        .units
        .iter()
        .map(|u| UnitProgress::new(u.resume_at()))
        .collect();
    save(plan, &progress, checkpoint_path)?;
    let bar = progress_bar(plan.remaining());
    let mut report = Report {
        replay_id: plan.replay_id.clone(),
        checkpoint: Some(checkpoint_path.to_path_buf()),
        ..Report::default()
    };
    let replay_id = plan.replay_id.clone();
    let keep_timestamps = plan.keep_timestamps;
    let stopping = || stop.graceful() || stop.hard();
    let mut last_save = Instant::now();
    let apply = |report: &mut Report, progress: &mut [UnitProgress], d: target::Delivery| match d
        .result
    {
        Ok(()) => {
            progress[d.unit].ack(d.position);
            report.produced += 1;
            report.bytes += d.bytes;
        }
        Err(error) => {
            progress[d.unit].fail(d.position);
            report.failed += 1;
            if report.failed <= LOGGED_FAILURES {
                tracing::warn!(unit = d.unit, position = d.position, %error, "Replay produce failed.");
            }
        }
    };

    loop {
        if stopping() {
            report.interrupted = true;
            break;
        }
        if limit.is_some_and(|l| report.read >= l) {
            break;
        }
        let Some(read) = reader.next()? else {
            break;
        };
        match read {
            Read::Message(m) => {
                if !throttle.wait(m.bytes(), &stopping) {
                    // Not begun: it is read again on resume.
                    report.interrupted = true;
                    break;
                }
                report.read += 1;
                progress[m.unit].begin(m.position);
                match target.send(&m, &replay_id, keep_timestamps, &stopping) {
                    Ok(Sent::Pending) => {}
                    Ok(Sent::Done) => {
                        progress[m.unit].ack(m.position);
                        report.produced += 1;
                        report.bytes += m.bytes();
                    }
                    Err(error) => {
                        progress[m.unit].fail(m.position);
                        report.failed += 1;
                        if report.failed <= LOGGED_FAILURES {
                            tracing::warn!(source = %m.provenance, %error, "Replay produce failed.");
                        }
                    }
                }
            }
            Read::OutsideWindow { unit, position } => {
                report.read += 1;
                report.skipped += 1;
                progress[unit].skip(position);
            }
            Read::Blank { unit, position } => progress[unit].skip(position),
            Read::Invalid {
                unit,
                position,
                provenance,
                reason,
            } => {
                report.read += 1;
                report.invalid += 1;
                progress[unit].skip(position);
                if report.invalid <= LOGGED_FAILURES {
                    tracing::warn!(source = %provenance, %reason, "Replay input invalid; not sent.");
                }
            }
            Read::Finished { unit, end } => progress[unit].finish(end),
            Read::Idle => {}
        }
        for d in target.deliveries() {
            apply(&mut report, &mut progress, d);
        }
        if last_save.elapsed() >= Duration::from_secs(1) {
            save(plan, &progress, checkpoint_path)?;
            bar.set_position(report.produced + report.skipped + report.invalid + report.failed);
            last_save = Instant::now();
        }
    }

    // Drain: wait for every queued message's delivery report.
    loop {
        let drained = target.flush(Duration::from_millis(500))?;
        for d in target.deliveries() {
            apply(&mut report, &mut progress, d);
        }
        let in_flight: usize = progress.iter().map(UnitProgress::in_flight).sum();
        if drained && in_flight == 0 {
            break;
        }
        if stop.hard() {
            tracing::warn!(
                in_flight,
                "Second stop signal; not waiting for these acknowledgements (resume re-sends them)."
            );
            report.interrupted = true;
            break;
        }
        if last_save.elapsed() >= Duration::from_secs(5) {
            tracing::info!(in_flight, "Waiting for acknowledgements.");
            save(plan, &progress, checkpoint_path)?;
            last_save = Instant::now();
        }
    }
    save(plan, &progress, checkpoint_path)?;
    bar.finish_and_clear();
    report.complete = plan.units.iter().all(|u| u.next >= u.end);
    report.elapsed = started.elapsed();
    Ok(report)
}
