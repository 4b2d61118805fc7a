//! Offset commits whose results come back, and whose waits end.
//!
//! rdkafka's `Consumer::commit` has two modes and neither fits at-least-once
//! bookkeeping: an async commit's result is dropped by librdkafka unless an
//! `offset_commit_cb` is configured (rdkafka configures none), so failures
//! went unseen and `newsevents_committed_offsets_total` never moved; a sync
//! commit waits without a time limit (`RD_POLL_INFINITE`), so a commit while
//! the broker is down held shutdown far past its drain budget.
//!
//! [`CommitQueue`] uses librdkafka's `rd_kafka_commit_queue` with a queue of
//! its own: every commit is asynchronous, its result (per partition) is
//! polled from that queue, and a caller that must wait does so with a
//! deadline.

use std::ffi::CStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rdkafka::bindings as rdsys;
use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext};
use rdkafka::{Offset, TopicPartitionList};

use crate::delivery::TopicPartition;

/// The outcome of one commit request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitResult {
    /// Offsets the broker stored.
    pub committed: Vec<(TopicPartition, i64)>,
    /// Offsets that failed, to be offered again, with the error.
    pub failed: Vec<(TopicPartition, i64)>,
    /// The request-level error, if any.
    pub error: Option<String>,
}

/// A librdkafka queue that receives the results of our commits.
pub struct CommitQueue {
    queue: *mut rdsys::rd_kafka_queue_t,
    outstanding: AtomicUsize,
}

// SAFETY: librdkafka queues are thread-safe; the pointer is only freed in Drop.
unsafe impl Send for CommitQueue {}
// SAFETY: as above; all operations on the queue are internally locked.
unsafe impl Sync for CommitQueue {}

impl CommitQueue {
    /// A result queue on `consumer`'s client. Must be dropped before the
    /// consumer is destroyed.
    pub fn new<C: ConsumerContext>(consumer: &BaseConsumer<C>) -> Self {
        // SAFETY: the client pointer is valid while `consumer` lives.
        let queue = unsafe { rdsys::rd_kafka_queue_new(consumer.client().native_ptr()) };
        Self {
            queue,
            outstanding: AtomicUsize::new(0),
        }
    }

    /// Sends a commit of `offsets` (next offset to consume, per partition);
    /// its result arrives through [`CommitQueue::poll`].
    ///
    /// # Errors
    /// librdkafka's error name when the request cannot even be sent (no
    /// group, invalid list); the caller offers the offsets again.
    pub fn send<C: ConsumerContext>(
        &self,
        consumer: &BaseConsumer<C>,
        offsets: &[(TopicPartition, i64)],
    ) -> Result<(), String> {
        let mut tpl = TopicPartitionList::new();
        for ((topic, partition), offset) in offsets {
            tpl.add_partition_offset(topic, *partition, Offset::Offset(*offset))
                .map_err(|e| e.to_string())?;
        }
        // SAFETY: all pointers are valid for the call; librdkafka copies the list.
        let err = unsafe {
            rdsys::rd_kafka_commit_queue(
                consumer.client().native_ptr(),
                tpl.ptr(),
                self.queue,
                None,
                std::ptr::null_mut(),
            )
        };
        if err == rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
            self.outstanding.fetch_add(1, Ordering::AcqRel);
            Ok(())
        } else {
            Err(error_name(err))
        }
    }

    /// Commits sent whose result has not been polled yet.
    pub fn outstanding(&self) -> usize {
        self.outstanding.load(Ordering::Acquire)
    }

    /// The next commit result, waiting at most `timeout`.
    pub fn poll(&self, timeout: Duration) -> Option<CommitResult> {
        let ms = timeout.as_millis().min(i32::MAX as u128) as i32;
        // SAFETY: the queue is valid until Drop.
        let event = unsafe { rdsys::rd_kafka_queue_poll(self.queue, ms) };
        if event.is_null() {
            return None;
        }
        // SAFETY: `event` is a valid event until destroyed below.
        let result = unsafe {
            let is_commit =
                rdsys::rd_kafka_event_type(event) == rdsys::RD_KAFKA_EVENT_OFFSET_COMMIT;
            let result = is_commit.then(|| read_result(event));
            rdsys::rd_kafka_event_destroy(event);
            result
        };
        if result.is_some() {
            self.outstanding.fetch_sub(1, Ordering::AcqRel);
        }
        result
    }

    /// Polls results until none is outstanding, `deadline` passes or
    /// `give_up` returns true; hands each result to `handle`. Returns true
    /// when every commit was answered.
    pub fn wait(
        &self,
        deadline: Instant,
        give_up: impl Fn() -> bool,
        mut handle: impl FnMut(CommitResult),
    ) -> bool {
        while self.outstanding() > 0 {
            let now = Instant::now();
            if now >= deadline || give_up() {
                return false;
            }
            if let Some(r) = self.poll((deadline - now).min(Duration::from_millis(100))) {
                handle(r);
            }
        }
        true
    }
}

impl Drop for CommitQueue {
    fn drop(&mut self) {
        // SAFETY: created by rd_kafka_queue_new, destroyed once.
        unsafe { rdsys::rd_kafka_queue_destroy(self.queue) };
    }
}

/// Reads a commit event's error and partition list.
///
/// # Safety
/// `event` must be a live `RD_KAFKA_EVENT_OFFSET_COMMIT` event.
unsafe fn read_result(event: *mut rdsys::rd_kafka_event_t) -> CommitResult {
    let err = unsafe { rdsys::rd_kafka_event_error(event) };
    let list = unsafe { rdsys::rd_kafka_event_topic_partition_list(event) };
    let mut result = CommitResult {
        committed: Vec::new(),
        failed: Vec::new(),
        error: (err != rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR)
            .then(|| error_name(err)),
    };
    if list.is_null() {
        return result;
    }
    let list = unsafe { &*list };
    let count = usize::try_from(list.cnt).unwrap_or(0);
    let elems: &[rdsys::rd_kafka_topic_partition_t] = if count == 0 || list.elems.is_null() {
        &[]
    } else {
        unsafe { std::slice::from_raw_parts(list.elems, count) }
    };
    for e in elems {
        if e.topic.is_null() || e.offset < 0 {
            continue;
        }
        let topic = unsafe { CStr::from_ptr(e.topic) }
            .to_string_lossy()
            .into_owned();
        let entry = ((topic, e.partition), e.offset);
        if result.error.is_none() && e.err == rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR
        {
            result.committed.push(entry);
        } else {
            if result.error.is_none() {
                result.error = Some(error_name(e.err));
            }
            result.failed.push(entry);
        }
    }
    result
}

fn error_name(err: rdsys::rd_kafka_resp_err_t) -> String {
    // SAFETY: rd_kafka_err2name returns a static NUL-terminated string.
    unsafe { CStr::from_ptr(rdsys::rd_kafka_err2name(err)) }
        .to_string_lossy()
        .into_owned()
}
