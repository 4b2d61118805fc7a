//! Kafka source: a consumer-group member on its own thread.
//!
//! The thread polls a [`BaseConsumer`], hands messages to the pipeline
//! through a bounded channel, and commits the [`OffsetTracker`] watermarks
//! every `commit_interval`. When the pipeline is full it pauses its
//! partitions and keeps polling (so the group session stays alive) instead
//! of buffering without bound. On revocation it waits (up to the drain
//! timeout) for the revoked partitions' in-flight messages, commits their
//! watermarks synchronously, and only then lets the partitions go.
//!
//! Offsets are never auto-committed: `enable.auto.commit=false` and every
//! commit comes from the tracker, so a commit never passes an
//! unacknowledged message.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance};
use rdkafka::message::{Headers, Message};
use rdkafka::{ClientConfig, ClientContext, Offset, TopicPartitionList};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::{SourceError, SourceMessage};
use crate::article::Origin;
use crate::config::KafkaSettings;
use crate::delivery::{OffsetTracker, TopicPartition};
use crate::telemetry::{Health, events};

/// Consumer callbacks: rebalances, statistics (consumer lag), errors.
pub struct SourceContext {
    tracker: Arc<OffsetTracker>,
    health: Arc<Health>,
    pending: Arc<Mutex<VecDeque<SourceMessage>>>,
    revoke_timeout: Duration,
}

fn tps_of(list: &TopicPartitionList) -> Vec<TopicPartition> {
    list.elements()
        .iter()
        .map(|e| (e.topic().to_string(), e.partition()))
        .collect()
}

fn commit(
    consumer: &BaseConsumer<SourceContext>,
    offsets: &[(TopicPartition, i64)],
    mode: CommitMode,
) {
    if offsets.is_empty() {
        return;
    }
    let mut tpl = TopicPartitionList::new();
    for ((topic, partition), offset) in offsets {
        if tpl
            .add_partition_offset(topic, *partition, Offset::Offset(*offset))
            .is_err()
        {
            continue;
        }
    }
    match consumer.commit(&tpl, mode) {
        // Results, sync or async, are counted in `commit_callback`.
        Ok(()) => {}
        Err(error) => {
            tracing::warn!(%error, "Offset commit failed; it will be retried.");
            consumer.context().tracker.uncommit(offsets);
        }
    }
}

impl ClientContext for SourceContext {
    fn stats(&self, stats: rdkafka::Statistics) {
        let mut total_lag = 0i64;
        for (topic, t) in &stats.topics {
            for (partition, p) in &t.partitions {
                // librdkafka reports -1 when the lag is unknown; never export it.
                if *partition >= 0 && p.consumer_lag >= 0 {
                    events::consumer_lag(topic, *partition, p.consumer_lag);
                    total_lag += p.consumer_lag;
                }
            }
        }
        self.health.set_lag(total_lag);
    }

    fn error(&self, error: rdkafka::error::KafkaError, reason: &str) {
        tracing::warn!(%error, reason, "Kafka consumer error.");
    }
}

impl ConsumerContext for SourceContext {
    fn commit_callback(
        &self,
        result: rdkafka::error::KafkaResult<()>,
        offsets: &TopicPartitionList,
    ) {
        let committed: Vec<(TopicPartition, i64)> = offsets
            .elements()
            .iter()
            .filter_map(|e| match e.offset() {
                Offset::Offset(o) => Some(((e.topic().to_string(), e.partition()), o)),
                _ => None,
            })
            .collect();
        match result {
            Ok(()) => events::offsets_committed(committed.len()),
            Err(error) => {
                // E.g. a rebalance in progress: without a retry the last
                // watermark of an idle partition would never be committed.
                tracing::warn!(%error, "Offset commit failed; it will be retried.");
                self.tracker.uncommit(&committed);
            }
        }
    }

    fn pre_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Revoke(list) = rebalance {
            let tps = tps_of(list);
            // Messages not yet handed to the pipeline are not in flight: drop
            // them, the next owner re-reads them from the committed offset.
            self.pending
                .lock()
                .expect("pending poisoned")
                .retain(|m| !tps.contains(&(m.origin.topic.clone(), m.origin.partition)));
            let drained = self.tracker.wait_drained(&tps, self.revoke_timeout);
            if !drained {
                tracing::warn!(
                    partitions = tps.len(),
                    "Revoked partitions not drained in time; their unacknowledged messages will be re-read by the next owner."
                );
            }
            let offsets = self.tracker.take_commits(Some(&tps));
            if !consumer.assignment_lost() {
                commit(consumer, &offsets, CommitMode::Sync);
            }
            self.tracker.revoke(&tps);
            // The next owner reports these partitions' lag; a stale value
            // here would keep lag alerts firing.
            for (topic, partition) in &tps {
                events::consumer_lag(topic, *partition, 0);
            }
            events::rebalanced("revoke");
        }
    }

    fn post_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Assign(list) = rebalance {
            self.tracker.assign(&tps_of(list));
            events::rebalanced("assign");
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
    /// polling thread. Stops fetching when `cancel` fires.
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
    ) -> Result<Self, SourceError> {
        let mut config = ClientConfig::new();
        config.set("bootstrap.servers", &settings.bootstrap_servers);
        config.set("group.id", &settings.group_id);
        config.set("client.id", "newsevents-consumer");
        config.set("enable.partition.eof", "false");
        for (k, v) in &settings.consumer.0 {
            config.set(k, v);
        }
        // Delivery guarantees depend on these two; config validation forbids overriding them.
        config.set("enable.auto.commit", "false");
        config.set("enable.auto.offset.store", "false");
        let pending = Arc::new(Mutex::new(VecDeque::new()));
        let context = SourceContext {
            tracker: tracker.clone(),
            health,
            pending: pending.clone(),
            revoke_timeout,
        };
        let consumer: BaseConsumer<SourceContext> = config.create_with_context(context)?;
        consumer.subscribe(&[&settings.input_topic])?;
        let consumer = Arc::new(consumer);
        let thread = {
            let consumer = consumer.clone();
            let interval = settings.commit_interval;
            std::thread::Builder::new()
                .name("kafka-source".into())
                .spawn(move || poll_loop(&consumer, &tracker, &pending, &tx, &cancel, interval))
                .expect("spawn kafka-source thread")
        };
        Ok(Self { consumer, thread })
    }

    /// Waits for the polling thread to stop (after cancellation), commits the
    /// final watermarks synchronously and leaves the group.
    pub fn finish(self, tracker: &OffsetTracker) {
        let _ = self.thread.join();
        let offsets = tracker.take_commits(None);
        commit(&self.consumer, &offsets, CommitMode::Sync);
        tracing::info!(partitions = offsets.len(), "Final offsets committed.");
        self.consumer.unsubscribe();
    }
}

fn poll_loop(
    consumer: &BaseConsumer<SourceContext>,
    tracker: &OffsetTracker,
    pending: &Mutex<VecDeque<SourceMessage>>,
    tx: &mpsc::Sender<SourceMessage>,
    cancel: &CancellationToken,
    commit_interval: Duration,
) {
    let mut last_commit = Instant::now();
    let mut paused = false;
    while !cancel.is_cancelled() {
        // Hand queued messages to the pipeline; register each as in flight
        // only when it is handed over, in partition order.
        let mut closed = false;
        {
            let mut queue = pending.lock().expect("pending poisoned");
            while !queue.is_empty() {
                match tx.try_reserve() {
                    Ok(permit) => {
                        let mut msg = queue.pop_front().expect("queue is not empty");
                        let tp = (msg.origin.topic.clone(), msg.origin.partition);
                        msg.ticket = Some(tracker.begin(tp, msg.origin.offset));
                        permit.send(msg);
                    }
                    Err(mpsc::error::TrySendError::Full(())) => break,
                    Err(mpsc::error::TrySendError::Closed(())) => {
                        closed = true;
                        break;
                    }
                }
            }
            let full = !queue.is_empty();
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
        }
        if closed {
            break;
        }
        if last_commit.elapsed() >= commit_interval {
            commit(consumer, &tracker.take_commits(None), CommitMode::Async);
            last_commit = Instant::now();
        }
        match consumer.poll(Duration::from_millis(if paused { 20 } else { 100 })) {
            None => {}
            Some(Err(error)) => tracing::warn!(%error, "Kafka consume error."),
            Some(Ok(m)) => {
                let headers = owned_headers(&m);
                let msg = SourceMessage {
                    origin: Origin {
                        topic: m.topic().to_string(),
                        partition: m.partition(),
                        offset: m.offset(),
                    },
                    key: m.key().map(<[u8]>::to_vec),
                    payload: m.payload().map(<[u8]>::to_vec),
                    headers,
                    timestamp_ms: m.timestamp().to_millis(),
                    ticket: None,
                };
                pending.lock().expect("pending poisoned").push_back(msg);
            }
        }
    }
    if let Ok(assignment) = consumer.assignment() {
        let _ = consumer.pause(&assignment);
    }
}
/// A consumed message's headers as owned `(key, value)` pairs, in order
/// (`None`: a header without a value). Used by the source and by replay.
pub(crate) fn owned_headers(m: &impl Message) -> Vec<(String, Option<Vec<u8>>)> {
    m.headers()
        .map(|h| {
            h.iter()
                .map(|h| (h.key.to_string(), h.value.map(<[u8]>::to_vec)))
                .collect()
        })
        .unwrap_or_default()
}
