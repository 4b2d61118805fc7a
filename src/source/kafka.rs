//! Kafka source: a consumer-group member on its own thread.
//!
//! The thread polls a [`BaseConsumer`], hands messages to the pipeline
//! through a bounded channel, and commits the [`OffsetTracker`] watermarks
//! every `commit_interval` through a [`CommitQueue`], whose results it reads
//! back: a failed commit is offered again, an acknowledged one is counted
//! (`newsevents_committed_offsets_total`). When the pipeline is full it
//! waits for room (up to `ROOM_WAIT`); when it stays full, it pauses its
//! partitions and keeps polling (so rebalances are served and the member
//! stays in the group) instead of buffering without bound. On revocation it waits (up to
//! the drain timeout) for the revoked partitions' in-flight messages,
//! commits their watermarks, and only then lets the partitions go.
//!
//! Offsets are never auto-committed: `enable.auto.commit=false` and every
//! commit comes from the tracker, so a commit never passes an
//! unacknowledged message. Keys, header names and values are read as bytes
//! ([`super::headers`]): no message can make this thread panic.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext, Rebalance};
use rdkafka::message::Message;
use rdkafka::{ClientContext, TopicPartitionList};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::commits::{CommitQueue, CommitResult};
use super::{SourceError, SourceMessage, headers};
use crate::article::Origin;
use crate::config::{ClientRole, KafkaSettings};
use crate::delivery::{OffsetTracker, TopicPartition};
use crate::shutdown::Supervisor;
use crate::telemetry::{Health, events};

/// Consumer callbacks: rebalances, statistics (consumer lag), errors.
pub struct SourceContext {
    tracker: Arc<OffsetTracker>,
    health: Arc<Health>,
    pending: Arc<Mutex<VecDeque<SourceMessage>>>,
    revoke_timeout: Duration,
    /// Set right after the consumer is created (the queue needs its client)
    /// and taken out before it is destroyed (the queue must go first).
    commits: Mutex<Option<Arc<CommitQueue>>>,
}

fn tps_of(list: &TopicPartitionList) -> Vec<TopicPartition> {
    list.elements()
        .iter()
        .map(|e| (e.topic().to_string(), e.partition()))
        .collect()
}

impl SourceContext {
    fn commit_queue(&self) -> Option<Arc<CommitQueue>> {
        self.commits
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Counts an acknowledged commit, or offers failed offsets again.
    fn handle_commit(&self, result: CommitResult) {
        if !result.committed.is_empty() {
            events::offsets_committed(result.committed.len());
        }
        if !result.failed.is_empty() {
            // E.g. a rebalance in progress or the coordinator moving: without
            // a retry the last watermark of an idle partition would never be
            // committed.
            events::offset_commit_failed(
                result.error.as_deref().unwrap_or("unknown"),
                result.failed.len(),
            );
            self.tracker.uncommit(&result.failed);
        }
    }

    /// Serves commit results that have arrived, without waiting.
    fn serve_commits(&self) {
        if let Some(q) = self.commit_queue() {
            while q.outstanding() > 0 {
                match q.poll(Duration::ZERO) {
                    Some(r) => self.handle_commit(r),
                    None => break,
                }
            }
        }
    }
}

/// Sends a commit of `offsets`; on failure to send, offers them again.
fn commit(consumer: &BaseConsumer<SourceContext>, offsets: &[(TopicPartition, i64)]) {
    if offsets.is_empty() {
        return;
    }
    let ctx = consumer.context();
    let Some(q) = ctx.commit_queue() else {
        ctx.tracker.uncommit(offsets);
        return;
    };
    if let Err(error) = q.send(consumer, offsets) {
        events::offset_commit_failed(&error, offsets.len());
        ctx.tracker.uncommit(offsets);
    }
}

/// Commits `offsets` and waits for the answer until `deadline` (or
/// `give_up`). Returns true when every commit sent so far was answered.
fn commit_and_wait(
    consumer: &BaseConsumer<SourceContext>,
    offsets: &[(TopicPartition, i64)],
    deadline: Instant,
    give_up: impl Fn() -> bool,
) -> bool {
    commit(consumer, offsets);
    let ctx = consumer.context();
    match ctx.commit_queue() {
        Some(q) => q.wait(deadline, give_up, |r| ctx.handle_commit(r)),
        None => offsets.is_empty(),
    }
}

impl ClientContext for SourceContext {
    fn stats(&self, stats: rdkafka::Statistics) {
        // A partition's lag is known only while its leader's connection is
        // up and librdkafka has a value (-1 means unknown); otherwise its
        // series is absent rather than stale or 0.
        let up: std::collections::HashSet<i32> = stats
            .brokers
            .values()
            .filter(|b| b.state == "UP")
            .map(|b| b.nodeid)
            .collect();
        let mut known = Vec::new();
        for (topic, t) in &stats.topics {
            for (partition, p) in &t.partitions {
                let tp = (topic.clone(), *partition);
                if *partition >= 0
                    && p.consumer_lag >= 0
                    && up.contains(&p.leader)
                    && self.tracker.is_assigned(&tp)
                {
                    known.push((tp, p.consumer_lag));
                }
            }
        }
        self.health.lag.replace(known);
    }

    fn error(&self, error: rdkafka::error::KafkaError, reason: &str) {
        tracing::warn!(%error, reason, "Kafka consumer error.");
    }
}

impl ConsumerContext for SourceContext {
    fn pre_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Revoke(list) = rebalance {
            let tps = tps_of(list);
            // Messages not yet handed to the pipeline are not in flight: drop
            // them, the next owner re-reads them from the committed offset.
            self.pending
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .retain(|m| !tps.contains(&(m.origin.topic.clone(), m.origin.partition)));
            // The lag of a partition we give up is the next owner's to report.
            self.health.lag.forget(&tps);
            let lost = consumer.assignment_lost();
            if !lost {
                let drained = self.tracker.wait_drained(&tps, self.revoke_timeout);
                if !drained {
                    tracing::warn!(
                        partitions = tps.len(),
                        "Revoked partitions not drained in time; their unacknowledged messages will be re-read by the next owner."
                    );
                }
                let offsets = self.tracker.take_commits(Some(&tps));
                // Bounded: a broker that is down must not hold the rebalance
                // (and shutdown) for ever.
                let answered = commit_and_wait(
                    consumer,
                    &offsets,
                    Instant::now() + self.revoke_timeout,
                    || false,
                );
                if !answered {
                    tracing::warn!(
                        partitions = tps.len(),
                        "Commit of revoked partitions not answered in time; the next owner may re-read a few messages."
                    );
                }
            } else {
                tracing::warn!(
                    partitions = tps.len(),
                    "Assignment lost (session timed out); uncommitted messages will be re-read."
                );
            }
            self.tracker.revoke(&tps);
            events::rebalanced("revoke", &tps);
        }
    }

    fn post_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Assign(list) = rebalance {
            let tps = tps_of(list);
            self.tracker.assign(&tps);
            events::rebalanced("assign", &tps);
        }
        let assigned = consumer.assignment().map(|a| a.count()).unwrap_or(0);
        events::assigned_partitions(assigned);
        self.health.set_assigned(assigned);
    }
}

/// A running Kafka source.
pub struct KafkaSource {
    consumer: Arc<BaseConsumer<SourceContext>>,
    thread: std::thread::JoinHandle<()>,
}

impl KafkaSource {
    /// Creates the consumer, subscribes to the input topic and starts the
    /// polling thread under `supervisor`. Stops fetching when `cancel` fires.
    ///
    /// # Errors
    /// [`SourceError::Kafka`] for invalid properties or a failed subscribe.
    pub fn start(
        settings: &KafkaSettings,
        tracker: Arc<OffsetTracker>,
        health: Arc<Health>,
        revoke_timeout: Duration,
        tx: mpsc::Sender<SourceMessage>,
        cancel: CancellationToken,
        supervisor: &Supervisor,
    ) -> Result<Self, SourceError> {
        let instance = static_member_id();
        let mut defaults = vec![("enable.partition.eof", "false")];
        // Static membership only with the classic protocol. Under KIP-848 a
        // static member that leaves keeps its partitions reserved until the
        // broker's session timeout (45 s by default): measured, a graceful
        // stop left two partitions unread for 47 s. A dynamic member hands
        // them over at once, and a member that lost its session rejoins
        // without waiting (the broker assigns, no group-wide barrier).
        if settings.group_protocol == crate::config::GroupProtocol::Classic {
            defaults.push(("group.instance.id", &instance));
        }
        let mut config =
            settings.client_config(ClientRole::Consumer, "newsevents-consumer", &defaults);
        // Delivery guarantees depend on these; config validation forbids
        // overriding them.
        config.set("group.id", &settings.group_id);
        config.set("group.protocol", settings.group_protocol.as_str());
        config.set("enable.auto.commit", "false");
        config.set("enable.auto.offset.store", "false");
        let pending = Arc::new(Mutex::new(VecDeque::new()));
        let context = SourceContext {
            tracker: tracker.clone(),
            health,
            pending: pending.clone(),
            revoke_timeout,
            commits: Mutex::new(None),
        };
        let consumer: BaseConsumer<SourceContext> = config.create_with_context(context)?;
        *consumer
            .context()
            .commits
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(CommitQueue::new(&consumer)));
        consumer.subscribe(&[&settings.input_topic])?;
        let consumer = Arc::new(consumer);
        // The polling thread waits on the pipeline's channel with a timeout.
        let runtime = tokio::runtime::Handle::try_current().map_err(|e| {
            SourceError::Thread(std::io::Error::other(format!(
                "the Kafka source needs a tokio runtime: {e}"
            )))
        })?;
        let thread = {
            let consumer = consumer.clone();
            let interval = settings.commit_interval;
            supervisor
                .spawn_thread("kafka-source", move || {
                    poll_loop(
                        &consumer, &tracker, &pending, &tx, &cancel, interval, &runtime,
                    )
                })
                .map_err(SourceError::Thread)?
        };
        Ok(Self { consumer, thread })
    }

    /// Waits for the polling thread to stop (after cancellation), commits the
    /// final watermarks and leaves the group. Every wait ends when `hard` is
    /// cancelled (the drain deadline or a second signal): what is not
    /// committed by then is re-read on restart.
    pub fn finish(self, tracker: &OffsetTracker, hard: &CancellationToken) {
        let _ = self.thread.join();
        let offsets = tracker.take_commits(None);
        let far = Instant::now() + Duration::from_secs(24 * 3600);
        let answered = commit_and_wait(&self.consumer, &offsets, far, || hard.is_cancelled());
        if answered {
            tracing::info!(partitions = offsets.len(), "Final offsets committed.");
        } else {
            tracing::warn!(
                partitions = offsets.len(),
                "Final offset commit not answered before the deadline; the uncommitted tail will be re-read."
            );
        }
        // Leaving the group runs the revoke callback and waits for the
        // broker; do it on a thread of its own so a broker that went down
        // cannot hold us past the deadline (the thread is left behind then).
        let consumer = self.consumer;
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let leave = answered;
        let closer = std::thread::Builder::new()
            .name("kafka-close".into())
            .spawn(move || {
                if leave {
                    consumer.unsubscribe();
                    // Serve the revoke callback and the leave request.
                    let until = Instant::now() + Duration::from_secs(5);
                    while Instant::now() < until
                        && consumer.assignment().is_ok_and(|a| a.count() > 0)
                    {
                        let _ = consumer.poll(Duration::from_millis(50));
                    }
                }
                // Our result queue goes before the client it belongs to.
                let queue = consumer
                    .context()
                    .commits
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take();
                drop(queue);
                drop(consumer);
                let _ = done_tx.send(());
            });
        if closer.is_err() || !answered {
            return;
        }
        while !hard.is_cancelled() {
            match done_rx.recv_timeout(Duration::from_millis(100)) {
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                _ => return,
            }
        }
        tracing::warn!("Leaving the consumer group did not finish before the deadline.");
    }
}

/// A `group.instance.id` of this process's own (KIP-345 static
/// membership), unless the configuration sets one.
///
/// Why: when the broker is down for longer than `session.timeout.ms`,
/// librdkafka gives up its session and rejoins as a new member, and the
/// coordinator (which reloads the old member with the group) waits a whole
/// session timeout for the old one before assigning anything. A static
/// member that rejoins takes its old place at once. The id is unique per
/// process (host name and a random suffix), so two processes never fence
/// each other; on a graceful stop the source unsubscribes first, which
/// sends LeaveGroup even for a static member, so its partitions move on
/// at once.
fn static_member_id() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".into());
    let suffix = uuid::Uuid::new_v4().simple().to_string();
    format!("newsevents-{host}-{}", &suffix[..12])
}

/// How long the polling thread waits for room in a full pipeline before it
/// pauses its partitions.
///
/// Pausing is not free: librdkafka purges the paused partitions' pre-fetched
/// messages and, on resume, fetches them again. Pausing as soon as the
/// pipeline was full (as this loop did) made a saturated run stop and go:
/// bursts of about a thousand messages, then 0.5–1 s with nothing in flight
/// while the purged data was fetched again, after librdkafka's fetch
/// back-off (`fetch.queue.backoff.ms`, see `config/defaults.toml`); measured
/// without stages: 1,900 articles/s against 5,000 for a kcat copy. A full pipeline usually frees
/// a slot within milliseconds, so the thread first waits for one; it pauses
/// only when the pipeline stays full this long (slow enrichment, an output
/// that is down), and then keeps polling so rebalance callbacks are served
/// and the member stays within `max.poll.interval.ms`.
const ROOM_WAIT: Duration = Duration::from_millis(500);

/// What waiting for room in the pipeline gave.
enum Room<'a> {
    /// A slot for one message.
    Slot(mpsc::Permit<'a, SourceMessage>),
    /// Still full after [`ROOM_WAIT`] (or the run is stopping).
    Full,
    /// The pipeline is gone.
    Closed,
}

/// Waits up to [`ROOM_WAIT`] for a slot in the pipeline's channel.
fn wait_for_room<'a>(
    runtime: &tokio::runtime::Handle,
    tx: &'a mpsc::Sender<SourceMessage>,
    cancel: &CancellationToken,
) -> Room<'a> {
    runtime.block_on(async {
        tokio::select! {
            biased;
            _ = cancel.cancelled() => Room::Full,
            slot = tokio::time::timeout(ROOM_WAIT, tx.reserve()) => match slot {
                Ok(Ok(permit)) => Room::Slot(permit),
                Ok(Err(_)) => Room::Closed,
                Err(_) => Room::Full,
            },
        }
    })
}

/// Registers `msg` as in flight (in partition order, when it is handed
/// over) and sends it.
fn hand_over(
    tracker: &OffsetTracker,
    permit: mpsc::Permit<'_, SourceMessage>,
    mut msg: SourceMessage,
) {
    let tp = (msg.origin.topic.clone(), msg.origin.partition);
    msg.ticket = Some(tracker.begin(tp, msg.origin.offset));
    permit.send(msg);
}

fn poll_loop(
    consumer: &BaseConsumer<SourceContext>,
    tracker: &OffsetTracker,
    pending: &Mutex<VecDeque<SourceMessage>>,
    tx: &mpsc::Sender<SourceMessage>,
    cancel: &CancellationToken,
    commit_interval: Duration,
    runtime: &tokio::runtime::Handle,
) {
    let mut last_commit = Instant::now();
    let mut paused = false;
    while !cancel.is_cancelled() {
        // Hand queued messages to the pipeline while it has room.
        let mut closed = false;
        let mut full = false;
        {
            let mut queue = pending.lock().unwrap_or_else(|e| e.into_inner());
            while !queue.is_empty() {
                match tx.try_reserve() {
                    Ok(permit) => {
                        let msg = queue.pop_front().expect("queue is not empty");
                        hand_over(tracker, permit, msg);
                    }
                    Err(mpsc::error::TrySendError::Full(())) => {
                        full = true;
                        break;
                    }
                    Err(mpsc::error::TrySendError::Closed(())) => {
                        closed = true;
                        break;
                    }
                }
            }
        }
        if full && !paused {
            // Wait for a slot rather than pause at once (see ROOM_WAIT). The
            // lock is not held: the revoke callback runs only inside poll,
            // on this thread, so nothing else changes the queue meanwhile.
            match wait_for_room(runtime, tx, cancel) {
                Room::Slot(permit) => {
                    let msg = pending
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .pop_front();
                    if let Some(msg) = msg {
                        hand_over(tracker, permit, msg);
                    }
                    continue;
                }
                Room::Closed => closed = true,
                Room::Full => {}
            }
        }
        if closed {
            break;
        }
        if full != paused
            && let Ok(assignment) = consumer.assignment()
        {
            let r = if full {
                consumer.pause(&assignment)
            } else {
                consumer.resume(&assignment)
            };
            if r.is_ok() {
                paused = full;
            }
        }
        consumer.context().serve_commits();
        if last_commit.elapsed() >= commit_interval {
            commit(consumer, &tracker.take_commits(None));
            last_commit = Instant::now();
        }
        match consumer.poll(Duration::from_millis(if paused { 20 } else { 100 })) {
            None => {}
            Some(Err(error)) => tracing::warn!(%error, "Kafka consume error."),
            Some(Ok(m)) => {
                let msg = SourceMessage {
                    origin: Origin {
                        topic: m.topic().to_string(),
                        partition: m.partition(),
                        offset: m.offset(),
                    },
                    key: m.key().map(<[u8]>::to_vec),
                    payload: m.payload().map(<[u8]>::to_vec),
                    headers: headers::message_headers(&m),
                    timestamp_ms: m.timestamp().to_millis(),
                    ticket: None,
                };
                pending
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push_back(msg);
            }
        }
    }
    if let Ok(assignment) = consumer.assignment() {
        let _ = consumer.pause(&assignment);
    }
}
