//! The real Kafka broker that `deploy/kafka/kafka.sh start` runs: address
//! from `NEWSEVENTS_TEST_BOOTSTRAP` (default 127.0.0.1:9092). A test that
//! cannot reach it fails and says how to start it; it never skips.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Header, Message, OwnedHeaders};
use rdkafka::producer::{BaseRecord, DefaultProducerContext, Producer, ThreadedProducer};
use rdkafka::{ClientConfig, Offset, TopicPartitionList};

static BROKER_LOCK: std::sync::RwLock<()> = std::sync::RwLock::new(());

/// Held by every test that uses the shared broker: many at once. (Tests
/// that need a broker down use a private one, never this one.)
pub fn shared() -> std::sync::RwLockReadGuard<'static, ()> {
    BROKER_LOCK.read().unwrap_or_else(|e| e.into_inner())
}

/// Broker address for tests.
pub fn bootstrap() -> String {
    std::env::var("NEWSEVENTS_TEST_BOOTSTRAP").unwrap_or_else(|_| "127.0.0.1:9092".to_string())
}

/// A client configuration pointing at [`bootstrap`].
pub fn client_config() -> ClientConfig {
    let mut c = ClientConfig::new();
    c.set("bootstrap.servers", bootstrap());
    c
}

/// Fails the test with instructions if the broker does not answer.
pub fn require_broker() {
    let consumer: BaseConsumer = client_config().create().expect("client");
    if let Err(e) = consumer.fetch_metadata(None, Duration::from_secs(10)) {
        panic!(
            "no Kafka broker at {} ({e}). Start it with `deploy/kafka/kafka.sh start` (or set NEWSEVENTS_TEST_BOOTSTRAP).",
            bootstrap()
        );
    }
}

/// A unique name for this test run: `<prefix>-<pid>-<nanos>`.
pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}-{}-{nanos}", std::process::id())
}

/// Creates `topic` with `partitions` partitions (replication 1) and a
/// 10 MB `max.message.bytes`, and waits until its metadata is visible.
pub fn create_topic(topic: &str, partitions: i32) {
    require_broker();
    create_topic_at(
        &bootstrap(),
        topic,
        partitions,
        &[("max.message.bytes", "10485760")],
    );
}

/// Creates `topic` on the cluster at `bootstrap` with topic `config`
/// (empty: the broker's defaults, e.g. a 1 MiB `max.message.bytes`) and
/// waits until its metadata is visible.
pub fn create_topic_at(bootstrap: &str, topic: &str, partitions: i32, config: &[(&str, &str)]) {
    let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .create()
        .expect("admin client");
    let mut new = NewTopic::new(topic, partitions, TopicReplication::Fixed(1));
    for (k, v) in config {
        new = new.set(k, v);
    }
    let results = futures::executor::block_on(admin.create_topics(&[new], &AdminOptions::new()))
        .expect("create_topics");
    for r in results {
        r.expect("topic created");
    }
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .create()
        .expect("client");
    super::wait_for(
        &format!("metadata of {topic}"),
        Duration::from_secs(30),
        || {
            let md = consumer
                .fetch_metadata(Some(topic), Duration::from_secs(5))
                .ok()?;
            let t = md.topics().iter().find(|t| t.name() == topic)?;
            (t.error().is_none() && t.partitions().len() == partitions as usize).then_some(())
        },
    );
}

/// Deletes topics (best effort, to keep the broker small).
pub fn delete_topics(topics: &[&str]) {
    let admin: AdminClient<DefaultClientContext> = client_config().create().expect("admin client");
    let _ = futures::executor::block_on(admin.delete_topics(topics, &AdminOptions::new()));
}

/// One record to produce.
pub struct Record {
    /// Key bytes.
    pub key: Option<Vec<u8>>,
    /// Payload bytes; `None` for a tombstone.
    pub payload: Option<Vec<u8>>,
    /// Headers.
    pub headers: Vec<(String, Vec<u8>)>,
}

/// `(key, value)` pairs as rdkafka headers, in order.
pub fn owned_headers(headers: &[(String, Vec<u8>)]) -> OwnedHeaders {
    headers.iter().fold(OwnedHeaders::new(), |h, (k, v)| {
        h.insert(Header {
            key: k,
            value: Some(v.as_slice()),
        })
    })
}

/// Produces `records` to `topic` (key-hashed partitioning) and waits until
/// all are acknowledged.
pub fn produce(topic: &str, records: &[Record]) {
    produce_at(&bootstrap(), topic, records);
}

/// [`produce`] on the cluster at `bootstrap`.
pub fn produce_at(bootstrap: &str, topic: &str, records: &[Record]) {
    let raw: Vec<RawRecord> = records
        .iter()
        .map(|r| RawRecord {
            key: r.key.clone(),
            payload: r.payload.clone(),
            headers: r
                .headers
                .iter()
                .map(|(k, v)| (k.clone().into_bytes(), Some(v.clone())))
                .collect(),
        })
        .collect();
    produce_raw_at(bootstrap, topic, &raw);
}

/// A record whose header names are bytes (need not be UTF-8).
pub struct RawRecord {
    /// Key bytes.
    pub key: Option<Vec<u8>>,
    /// Payload bytes; `None` for a tombstone.
    pub payload: Option<Vec<u8>>,
    /// Headers: name bytes, value (`None`: null).
    pub headers: Vec<(Vec<u8>, Option<Vec<u8>>)>,
}

/// Headers with byte names, added through librdkafka's C API (rdkafka's
/// `OwnedHeaders::insert` only takes `&str` names, and a hostile producer
/// is not limited to that).
pub fn raw_headers(headers: &[(Vec<u8>, Option<Vec<u8>>)]) -> OwnedHeaders {
    use rdkafka::bindings as rdsys;
    let owned = OwnedHeaders::new();
    let native = owned.as_borrowed() as *const rdkafka::message::BorrowedHeaders
        as *mut rdsys::rd_kafka_headers_t;
    for (name, value) in headers {
        let (ptr, len) = match value {
            Some(v) => (v.as_ptr().cast::<std::os::raw::c_void>(), v.len() as isize),
            None => (std::ptr::null(), 0),
        };
        // SAFETY: `native` is the live header list of `owned` (as_borrowed
        // hands out its address); librdkafka copies name and value.
        unsafe {
            rdsys::rd_kafka_header_add(
                native,
                name.as_ptr().cast::<std::os::raw::c_char>(),
                name.len() as isize,
                ptr,
                len,
            );
        }
    }
    owned
}

/// Produces `records` with byte-named headers to `topic` on `bootstrap`
/// and waits until all are acknowledged.
pub fn produce_raw_at(bootstrap: &str, topic: &str, records: &[RawRecord]) {
    let producer: ThreadedProducer<DefaultProducerContext> = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("message.max.bytes", "10485760")
        .set("linger.ms", "5")
        .set("queue.buffering.max.messages", "1000000")
        .create()
        .expect("producer");
    for r in records {
        let mut rec: BaseRecord<'_, [u8], [u8]> =
            BaseRecord::to(topic).headers(raw_headers(&r.headers));
        if let Some(k) = &r.key {
            rec = rec.key(k.as_slice());
        }
        if let Some(p) = &r.payload {
            rec = rec.payload(p.as_slice());
        }
        let mut rec = rec;
        loop {
            match producer.send(rec) {
                Ok(()) => break,
                Err((e, back)) => {
                    assert!(
                        matches!(
                            e.rdkafka_error_code(),
                            Some(rdkafka::types::RDKafkaErrorCode::QueueFull)
                        ),
                        "produce failed: {e}"
                    );
                    rec = back;
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
        }
    }
    producer
        .flush(Duration::from_secs(60))
        .expect("all test records acknowledged");
}

/// A consumed record.
#[derive(Debug, Clone)]
pub struct Consumed {
    /// Partition.
    pub partition: i32,
    /// Offset.
    pub offset: i64,
    /// Record timestamp, ms since the epoch, when the broker gives one.
    pub timestamp_ms: Option<i64>,
    /// Key.
    pub key: Option<Vec<u8>>,
    /// Payload.
    pub payload: Option<Vec<u8>>,
    /// Headers.
    pub headers: Vec<(String, Vec<u8>)>,
}

/// Reads `topic` from the beginning (by assignment, no group commits) until
/// `done` says enough or `timeout` passes; returns everything read.
pub fn consume_all(
    topic: &str,
    timeout: Duration,
    done: impl FnMut(&[Consumed]) -> bool,
) -> Vec<Consumed> {
    consume_all_at(&bootstrap(), topic, timeout, done)
}

/// [`consume_all`] on the cluster at `bootstrap` (e.g. an rdkafka
/// `MockCluster`).
pub fn consume_all_at(
    bootstrap: &str,
    topic: &str,
    timeout: Duration,
    mut done: impl FnMut(&[Consumed]) -> bool,
) -> Vec<Consumed> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("group.id", unique("test-reader"))
        .set("enable.auto.commit", "false")
        .set("auto.offset.reset", "earliest")
        .create()
        .expect("consumer");
    let md = consumer
        .fetch_metadata(Some(topic), Duration::from_secs(10))
        .expect("metadata");
    let mut tpl = TopicPartitionList::new();
    for p in md.topics()[0].partitions() {
        tpl.add_partition_offset(topic, p.id(), Offset::Beginning)
            .unwrap();
    }
    consumer.assign(&tpl).expect("assign");
    let deadline = Instant::now() + timeout;
    let mut out = Vec::new();
    while Instant::now() < deadline && !done(&out) {
        if let Some(Ok(m)) = consumer.poll(Duration::from_millis(200)) {
            out.push(Consumed {
                partition: m.partition(),
                offset: m.offset(),
                timestamp_ms: m.timestamp().to_millis(),
                key: m.key().map(<[u8]>::to_vec),
                payload: m.payload().map(<[u8]>::to_vec),
                headers: read_headers(&m),
            });
        }
    }
    out
}

/// Headers of a consumed message, names read as bytes (lossy UTF-8 here)
/// so a hostile name cannot make the test reader panic either.
fn read_headers(m: &rdkafka::message::BorrowedMessage<'_>) -> Vec<(String, Vec<u8>)> {
    use rdkafka::bindings as rdsys;
    let mut hdrs: *mut rdsys::rd_kafka_headers_t = std::ptr::null_mut();
    // SAFETY: the message is live; on success librdkafka points `hdrs` at
    // headers the message owns.
    let err = unsafe { rdsys::rd_kafka_message_headers(m.ptr(), &mut hdrs) };
    if err != rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR || hdrs.is_null() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for idx in 0..unsafe { rdsys::rd_kafka_header_cnt(hdrs) } {
        let (mut name, mut value, mut size) = (std::ptr::null(), std::ptr::null(), 0usize);
        // SAFETY: idx is in range; out-pointers are locals.
        let err =
            unsafe { rdsys::rd_kafka_header_get_all(hdrs, idx, &mut name, &mut value, &mut size) };
        if err != rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR || name.is_null() {
            continue;
        }
        // SAFETY: names are NUL-terminated; values are `size` bytes.
        let name = unsafe { std::ffi::CStr::from_ptr(name) }
            .to_string_lossy()
            .into_owned();
        let value = if value.is_null() {
            Vec::new()
        } else {
            unsafe { std::slice::from_raw_parts(value.cast::<u8>(), size) }.to_vec()
        };
        out.push((name, value));
    }
    out
}

impl Consumed {
    /// The key as (lossy) UTF-8.
    pub fn key_str(&self) -> Option<String> {
        self.key
            .as_ref()
            .map(|k| String::from_utf8_lossy(k).into_owned())
    }

    /// The first header called `name`, as (lossy) UTF-8.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
    }
}

/// Reads `topic` from the beginning until `expected` records arrived (then
/// 1.5 s more, to catch extras such as duplicates) or `timeout` passed.
pub fn consume_expected(topic: &str, expected: usize, timeout: Duration) -> Vec<Consumed> {
    let mut grace: Option<Instant> = None;
    consume_all(topic, timeout, |got| {
        if got.len() >= expected {
            let until = *grace.get_or_insert_with(|| Instant::now() + Duration::from_millis(1500));
            return Instant::now() >= until;
        }
        false
    })
}

/// High watermark of each partition of `topic`, in partition order.
pub fn ends(topic: &str) -> Vec<i64> {
    let consumer: BaseConsumer = client_config().create().expect("client");
    let md = consumer
        .fetch_metadata(Some(topic), Duration::from_secs(10))
        .expect("metadata");
    let mut partitions: Vec<i32> = md.topics()[0].partitions().iter().map(|p| p.id()).collect();
    partitions.sort_unstable();
    partitions
        .into_iter()
        .map(|p| {
            consumer
                .fetch_watermarks(topic, p, Duration::from_secs(10))
                .expect("watermarks")
                .1
        })
        .collect()
}

/// Per partition: (committed offset of `group`, high watermark) of `topic`.
pub fn committed_and_end(topic: &str, group: &str) -> HashMap<i32, (Option<i64>, i64)> {
    committed_and_end_at(&bootstrap(), topic, group)
}

/// [`committed_and_end`] on the cluster at `bootstrap`.
pub fn committed_and_end_at(
    bootstrap: &str,
    topic: &str,
    group: &str,
) -> HashMap<i32, (Option<i64>, i64)> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("group.id", group)
        .create()
        .expect("consumer");
    let md = consumer
        .fetch_metadata(Some(topic), Duration::from_secs(10))
        .expect("metadata");
    let mut tpl = TopicPartitionList::new();
    let partitions: Vec<i32> = md.topics()[0].partitions().iter().map(|p| p.id()).collect();
    for p in &partitions {
        tpl.add_partition(topic, *p);
    }
    let committed = consumer
        .committed_offsets(tpl, Duration::from_secs(10))
        .expect("committed offsets");
    let mut out = HashMap::new();
    for p in partitions {
        let (_, high) = consumer
            .fetch_watermarks(topic, p, Duration::from_secs(10))
            .expect("watermarks");
        let c = match committed.find_partition(topic, p).map(|e| e.offset()) {
            Some(Offset::Offset(o)) => Some(o),
            _ => None,
        };
        out.insert(p, (c, high));
    }
    out
}

/// Distinct keys of `records` as strings.
pub fn keys(records: &[Consumed]) -> HashSet<String> {
    records.iter().filter_map(Consumed::key_str).collect()
}
