//! The fault run behind `benches/faults.sh`: every fault kind of issue 19
//! against a real Kafka broker of its own, counting unique article ids in
//! the output and dead-letter topics against the input.
//!
//! Per scenario it prints `in / out / dead-lettered / lost / duplicated`
//! and whether a partition was left blocked (committed offsets short of the
//! end after the last processor ran), plus what the scenario measures
//! (exit status and time, resume time). Run it through the script, which
//! builds the release binary and this example and starts the broker:
//!
//! ```sh
//! benches/faults.sh            # all scenarios, ~15 min
//! ```

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::producer::{BaseRecord, DefaultProducerContext, Producer, ThreadedProducer};
use rdkafka::{ClientConfig, Offset, TopicPartitionList};

/// One input message.
struct In {
    key: Vec<u8>,
    payload: Option<Vec<u8>>,
    headers: Vec<(Vec<u8>, Option<Vec<u8>>)>,
}

/// One line of the report.
struct Row {
    name: String,
    input: usize,
    out: usize,
    dead: usize,
    lost: usize,
    duplicated: usize,
    blocked: bool,
    note: String,
}

struct Env {
    bin: PathBuf,
    script: PathBuf,
    port: u16,
    data: PathBuf,
    serial: usize,
}

const SESSION_MS: u64 = 10_000;
const DRAIN_MS: u64 = 5_000;

impl Env {
    fn bootstrap(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn broker(&self, action: &str) {
        let ok = Command::new(&self.script)
            .arg(action)
            .env("NEWSEVENTS_KAFKA_PORT", self.port.to_string())
            .env("NEWSEVENTS_KAFKA_DATA_DIR", &self.data)
            .env("KAFKA_HEAP_OPTS", "-Xms128m -Xmx384m")
            .env("NEWSEVENTS_KAFKA_START_TIMEOUT", "240")
            .stderr(Stdio::null())
            .status()
            .expect("run kafka.sh")
            .success();
        assert!(ok, "kafka.sh {action} failed");
    }

    fn client(&self) -> ClientConfig {
        let mut c = ClientConfig::new();
        c.set("bootstrap.servers", self.bootstrap());
        c
    }

    /// Fresh topics: input and output with `partitions`, a one-partition
    /// dead-letter topic; `limits`: topic config of output and dead letters
    /// (empty: the broker's 1 MiB default).
    fn topics(&mut self, name: &str, partitions: i32, limits: &[(&str, &str)]) -> Topics {
        self.serial += 1;
        let name: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let t = Topics {
            input: format!("faults-{name}-{}-in", self.serial),
            output: format!("faults-{name}-{}-out", self.serial),
            dead: format!("faults-{name}-{}-dlt", self.serial),
            group: format!("faults-{name}-{}", self.serial),
        };
        let admin: AdminClient<DefaultClientContext> = self.client().create().unwrap();
        let big = [("max.message.bytes", "10485760")];
        let topics = [
            new_topic(&t.input, partitions, &big),
            new_topic(&t.output, partitions, limits),
            new_topic(&t.dead, 1, limits),
        ];
        for r in
            futures::executor::block_on(admin.create_topics(&topics, &AdminOptions::new())).unwrap()
        {
            r.unwrap();
        }
        std::thread::sleep(Duration::from_secs(1));
        t
    }

    fn produce(&self, topic: &str, msgs: &[In]) {
        let p: ThreadedProducer<DefaultProducerContext> = self
            .client()
            .set("message.max.bytes", "10485760")
            .set("queue.buffering.max.messages", "1000000")
            .create()
            .unwrap();
        for m in msgs {
            let headers = newsevents::sink::kafka::owned_headers(
                m.headers.iter().map(|(k, v)| (k.as_slice(), v.as_deref())),
            );
            let mut r: BaseRecord<'_, [u8], [u8]> =
                BaseRecord::to(topic).key(m.key.as_slice()).headers(headers);
            if let Some(pl) = &m.payload {
                r = r.payload(pl.as_slice());
            }
            let mut r = r;
            while let Err((_, back)) = p.send(r) {
                r = back;
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        p.flush(Duration::from_secs(60)).unwrap();
    }

    /// Keys of every record of `topic` (reads until idle for 3 s).
    fn keys(&self, topic: &str) -> Vec<Vec<u8>> {
        let c: BaseConsumer = self
            .client()
            .set("group.id", format!("faults-reader-{}", std::process::id()))
            .set("enable.auto.commit", "false")
            .create()
            .unwrap();
        let md = c
            .fetch_metadata(Some(topic), Duration::from_secs(10))
            .unwrap();
        let mut tpl = TopicPartitionList::new();
        for p in md.topics()[0].partitions() {
            tpl.add_partition_offset(topic, p.id(), Offset::Beginning)
                .unwrap();
        }
        c.assign(&tpl).unwrap();
        let mut out = Vec::new();
        let mut idle = Instant::now();
        while idle.elapsed() < Duration::from_secs(3) {
            if let Some(Ok(m)) = c.poll(Duration::from_millis(200)) {
                out.push(m.key().unwrap_or_default().to_vec());
                idle = Instant::now();
            }
        }
        out
    }

    /// True when the group's committed offset is at the end of every
    /// input partition; answers that fail (coordinator moving) are retried
    /// for up to 30 s, then count as "no".
    fn committed_to_end(&self, t: &Topics) -> bool {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match self.try_committed_to_end(t) {
                Ok(done) => return done,
                Err(_) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(500));
                }
                Err(_) => return false,
            }
        }
    }

    fn try_committed_to_end(&self, t: &Topics) -> Result<bool, rdkafka::error::KafkaError> {
        let c: BaseConsumer = self.client().set("group.id", &t.group).create()?;
        let md = c.fetch_metadata(Some(&t.input), Duration::from_secs(10))?;
        let mut tpl = TopicPartitionList::new();
        let parts: Vec<i32> = md.topics()[0].partitions().iter().map(|p| p.id()).collect();
        for p in &parts {
            tpl.add_partition(&t.input, *p);
        }
        let committed = c.committed_offsets(tpl, Duration::from_secs(10))?;
        for p in &parts {
            let (_, high) = c.fetch_watermarks(&t.input, *p, Duration::from_secs(10))?;
            let at_end = matches!(
                committed.find_partition(&t.input, *p).map(|e| e.offset()),
                Some(Offset::Offset(o)) if o == high
            );
            if !at_end && high > 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn start(&self, t: &Topics, extra: &[&str]) -> Child {
        Command::new(&self.bin)
            .args(["run", "--brokers", &self.bootstrap()])
            .args(["--set", &format!("kafka.input_topic={}", t.input)])
            .args(["--set", &format!("kafka.output_topic={}", t.output)])
            .args(["--set", &format!("kafka.dead_letter_topic={}", t.dead)])
            .args(["--set", &format!("kafka.group_id={}", t.group)])
            .args(["--set", "telemetry.enabled=off"])
            .args(["--set", "kafka.commit_interval_ms=200"])
            .args([
                "--set",
                &format!("kafka.consumer.librdkafka.\"session.timeout.ms\"={SESSION_MS}"),
            ])
            .args([
                "--set",
                &format!(
                    "kafka.consumer.librdkafka.\"heartbeat.interval.ms\"={}",
                    SESSION_MS / 4
                ),
            ])
            .args(["--set", &format!("shutdown.drain_timeout_ms={DRAIN_MS}")])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(self.log_file(&t.group))
            .spawn()
            .expect("start newsevents")
    }

    /// Where a processor's stderr goes: `<data dir>-logs/<group>-<n>.log`
    /// (next to the broker's data, e.g. target/faults-kafka-logs/).
    fn log_file(&self, group: &str) -> Stdio {
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut dir = self.data.clone().into_os_string();
        dir.push("-logs");
        let dir = PathBuf::from(dir);
        let _ = std::fs::create_dir_all(&dir);
        std::fs::File::create(dir.join(format!("{group}-{n}.log")))
            .map_or_else(|_| Stdio::null(), Stdio::from)
    }

    fn count(&self, topic: &str) -> usize {
        let c: BaseConsumer = self.client().create().unwrap();
        let md = c.fetch_metadata(Some(topic), Duration::from_secs(10));
        let Ok(md) = md else { return 0 };
        md.topics()[0]
            .partitions()
            .iter()
            .map(|p| {
                c.fetch_watermarks(topic, p.id(), Duration::from_secs(10))
                    .map_or(0, |(lo, hi)| (hi - lo) as usize)
            })
            .sum()
    }

    fn wait_count(&self, topic: &str, n: usize, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.count(topic) >= n {
                return true;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        false
    }

    /// Counts unique input keys in output and dead letters.
    fn row(&self, name: &str, t: &Topics, sent: &[In], note: String) -> Row {
        let out = self.keys(&t.output);
        let dead = self.keys(&t.dead);
        let sent_keys: HashSet<&[u8]> = sent.iter().map(|m| m.key.as_slice()).collect();
        let out_u: HashSet<&[u8]> = out.iter().map(Vec::as_slice).collect();
        let dead_u: HashSet<&[u8]> = dead.iter().map(Vec::as_slice).collect();
        let lost = sent_keys
            .iter()
            .filter(|k| !out_u.contains(*k) && !dead_u.contains(*k))
            .count();
        Row {
            name: name.into(),
            input: sent_keys.len(),
            out: out_u.len(),
            dead: dead_u.len(),
            lost,
            duplicated: out.len() - out_u.len() + dead.len() - dead_u.len(),
            blocked: !self.committed_to_end(t),
            note,
        }
    }
}

fn new_topic<'a>(topic: &'a str, partitions: i32, config: &[(&'a str, &'a str)]) -> NewTopic<'a> {
    let mut n = NewTopic::new(topic, partitions, TopicReplication::Fixed(1));
    for (k, v) in config {
        n = n.set(k, v);
    }
    n
}

struct Topics {
    input: String,
    output: String,
    dead: String,
    group: String,
}

fn article(i: usize) -> In {
    let body = format!(
        "قال وزير الخارجية المصري في القاهرة إن المحادثات مع الجانب الليبي ستستمر. رقم {i}.\nThe United Nations said its envoy to Libya would visit Tripoli ({i})."
    );
    let id = format!("f-{i:06}");
    In {
        key: id.clone().into_bytes(),
        payload: Some(
            serde_json::json!({"id": id, "body": body, "lang": "ar"})
                .to_string()
                .into_bytes(),
        ),
        headers: vec![(b"trace-id".to_vec(), Some(format!("t{i}").into_bytes()))],
    }
}

/// `n` bytes that do not compress (xorshift64): topic limits apply to the
/// compressed batch, so compressible filler would slip through.
fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn articles(range: std::ops::Range<usize>) -> Vec<In> {
    range.map(article).collect()
}

fn term(child: &Child, signal: &str) {
    let _ = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status();
}

fn wait_exit(child: &mut Child, timeout: Duration) -> Option<(std::process::ExitStatus, Duration)> {
    let t0 = Instant::now();
    while t0.elapsed() < timeout {
        if let Some(s) = child.try_wait().unwrap() {
            return Some((s, t0.elapsed()));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

/// Runs the processor until `t` is committed to the end (or `timeout`),
/// then stops it with SIGTERM.
fn run_to_end(env: &Env, t: &Topics, extra: &[&str], timeout: Duration) {
    let mut child = env.start(t, extra);
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline && !env.committed_to_end(t) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    term(&child, "TERM");
    if wait_exit(&mut child, Duration::from_secs(30)).is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
}

fn scenario_input(
    env: &mut Env,
    name: &str,
    limits: &[(&str, &str)],
    msgs: Vec<In>,
    note: &str,
) -> Row {
    let t = env.topics(name, 2, limits);
    env.produce(&t.input, &msgs);
    run_to_end(env, &t, &[], Duration::from_secs(180));
    env.row(name, &t, &msgs, note.into())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
            .unwrap_or_else(|| panic!("missing {flag}"))
    };
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let mut env = Env {
        bin: PathBuf::from(arg("--bin")),
        script: PathBuf::from(arg("--kafka-script")),
        port: arg("--port").parse().unwrap(),
        data: PathBuf::from(arg("--data-dir")),
        serial: 0,
    };
    env.broker("start");
    let want = |name: &str| only.as_deref().is_none_or(|o| name.contains(o));
    let mut rows = Vec::new();
    let n = 1000;

    if want("malformed") {
        let mut msgs = articles(0..200);
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let huge = format!("{{\"id\":\"h\",\"body\":\"{}\"}}", "ب".repeat(2_600_000));
        let bad: Vec<Option<Vec<u8>>> = vec![
            Some(b"{\"id\":\"x\",\"body\":\"\xc3\x28\"}".to_vec()),
            Some(b"{\"id\":\"y\",".to_vec()),
            None,
            Some(Vec::new()),
            Some(b"42".to_vec()),
            Some(b"{\"body\":\"text\"}".to_vec()),
            Some(b"{\"id\":\"q\"}".to_vec()),
            Some(b"{\"id\":\"q\",\"body\":{\"text\":1}}".to_vec()),
            Some(huge.into_bytes()),
            Some(deep.into_bytes()),
            Some(b"{\"id\":\"w\",\"body\":\" \\n\\t \"}".to_vec()),
            Some("{\"id\":\"t\",\"body\":\"ـــــ\"}".as_bytes().to_vec()),
            Some("{\"id\":\"d\",\"body\":\"َ ُ ِ ّ\"}".as_bytes().to_vec()),
        ];
        for (i, payload) in bad.into_iter().enumerate() {
            msgs.insert(
                i * 15,
                In {
                    key: format!("bad-{i}").into_bytes(),
                    payload,
                    headers: vec![],
                },
            );
        }
        rows.push(scenario_input(
            &mut env,
            "malformed input, 13 kinds",
            &[],
            msgs,
            "each dead-lettered with its reason",
        ));
    }
    if want("header") {
        let mut msgs = articles(0..200);
        for i in 0..5 {
            let mut m = article(10_000 + i);
            m.headers
                .push((vec![0xff, 0xfe, b'a' + i as u8], Some(b"v".to_vec())));
            msgs.insert(i * 40, m);
        }
        rows.push(scenario_input(
            &mut env,
            "header name not UTF-8",
            &[],
            msgs,
            "invalid_header, name kept as base64",
        ));
    }
    if want("dead-letter") {
        let mut msgs = articles(0..200);
        for i in 0..3 {
            msgs.insert(
                i * 70,
                In {
                    key: format!("big-binary-{i}").into_bytes(),
                    payload: Some({
                        let mut b = noise(1_048_576, 7 + i as u64);
                        b[0] = 0xff;
                        b
                    }),
                    headers: vec![],
                },
            );
        }
        rows.push(scenario_input(
            &mut env,
            "dead letter > topic limit (1 MiB binary)",
            &[],
            msgs,
            "cut to fit, size + sha256 kept",
        ));
    }
    if want("enriched") {
        let mut msgs = articles(0..200);
        for i in 0..3 {
            let mut m = article(20_000 + i);
            m.headers
                .push((b"blob".to_vec(), Some(noise(1_048_576, 11 + i as u64))));
            msgs.insert(i * 70, m);
        }
        rows.push(scenario_input(
            &mut env,
            "enriched > topic limit (1 MiB header)",
            &[],
            msgs,
            "header dropped and named",
        ));
    }
    if want("bom") {
        let mut msgs = articles(0..200);
        let mut bom = article(30_000);
        let mut p = "\u{FEFF}".as_bytes().to_vec();
        p.extend(bom.payload.take().unwrap());
        bom.payload = Some(p);
        msgs.push(bom);
        msgs.push(In {
            key: b"short-en".to_vec(),
            payload: Some(br#"{"id":"short-en","body":"Talks in Cairo."}"#.to_vec()),
            headers: vec![],
        });
        rows.push(scenario_input(
            &mut env,
            "BOM + one-line English",
            &[],
            msgs,
            "both enriched",
        ));
    }
    if want("kill") {
        let t = env.topics("kill9", 3, &[]);
        let msgs = articles(0..n * 3);
        env.produce(&t.input, &msgs);
        let mut c = env.start(&t, &[]);
        env.wait_count(&t.output, n, Duration::from_secs(300));
        let _ = c.kill();
        let _ = c.wait();
        run_to_end(&env, &t, &[], Duration::from_secs(300));
        rows.push(env.row("kill -9 mid-run, restart", &t, &msgs, String::new()));
    }
    if want("sigterm mid") {
        let t = env.topics("term", 3, &[]);
        let msgs = articles(0..n * 3);
        env.produce(&t.input, &msgs);
        let mut c = env.start(&t, &[]);
        env.wait_count(&t.output, n, Duration::from_secs(300));
        term(&c, "TERM");
        let exit = wait_exit(&mut c, Duration::from_secs(60));
        run_to_end(&env, &t, &[], Duration::from_secs(300));
        let note = match exit {
            Some((s, d)) => format!(
                "exit {} after {:.1} s",
                s.code().unwrap_or(-1),
                d.as_secs_f64()
            ),
            None => "did not exit in 60 s".into(),
        };
        rows.push(env.row("SIGTERM mid-run, restart", &t, &msgs, note));
    }
    if want("restart") {
        let t = env.topics("restart", 3, &[]);
        let msgs = articles(0..n * 3);
        env.produce(&t.input, &msgs);
        let mut c = env.start(&t, &[]);
        env.wait_count(&t.output, n / 2, Duration::from_secs(300));
        env.broker("stop");
        std::thread::sleep(Duration::from_secs(3));
        env.broker("start");
        let ok = env.wait_count(&t.output, msgs.len(), Duration::from_secs(300));
        term(&c, "TERM");
        let _ = wait_exit(&mut c, Duration::from_secs(30));
        run_to_end(&env, &t, &[], Duration::from_secs(120));
        rows.push(env.row(
            "broker restart mid-run",
            &t,
            &msgs,
            if ok {
                "resumed by itself".into()
            } else {
                "did not finish alone".into()
            },
        ));
    }
    if want("outage") {
        let t = env.topics("outage", 3, &[]);
        let first = articles(0..n);
        env.produce(&t.input, &first);
        let mut c = env.start(&t, &[]);
        env.wait_count(&t.output, n, Duration::from_secs(300));
        env.broker("stop");
        std::thread::sleep(Duration::from_millis(SESSION_MS + 5_000));
        env.broker("start");
        let ready = Instant::now();
        let second = articles(n..2 * n);
        env.produce(&t.input, &second);
        let ok = env.wait_count(&t.output, 2 * n, Duration::from_secs(300));
        let resumed = ready.elapsed();
        term(&c, "TERM");
        let _ = wait_exit(&mut c, Duration::from_secs(30));
        run_to_end(&env, &t, &[], Duration::from_secs(120));
        let all: Vec<In> = first.into_iter().chain(second).collect();
        let note = if ok {
            format!(
                "outage {} s > session {} s; all out {:.1} s after the broker answered",
                (SESSION_MS + 5_000) / 1000,
                SESSION_MS / 1000,
                resumed.as_secs_f64()
            )
        } else {
            "did not resume".into()
        };
        rows.push(env.row("broker outage > session timeout", &t, &all, note));
    }
    for (name, twice) in [
        ("SIGTERM while broker down", false),
        ("2x SIGTERM while broker down", true),
    ] {
        if !want(name) {
            continue;
        }
        let t = env.topics(if twice { "down2" } else { "down1" }, 3, &[]);
        let msgs = articles(0..n * 3);
        env.produce(&t.input, &msgs);
        let mut c = env.start(&t, &[]);
        env.wait_count(&t.output, 100, Duration::from_secs(300));
        env.broker("stop");
        term(&c, "TERM");
        if twice {
            std::thread::sleep(Duration::from_millis(500));
            term(&c, "TERM");
        }
        let exit = wait_exit(&mut c, Duration::from_secs(120));
        if exit.is_none() {
            let _ = c.kill();
            let _ = c.wait();
        }
        env.broker("start");
        run_to_end(&env, &t, &[], Duration::from_secs(300));
        let note = match exit {
            Some((s, d)) => format!(
                "exit {} after {:.1} s (drain_timeout {} s)",
                s.code().unwrap_or(-1),
                d.as_secs_f64(),
                DRAIN_MS / 1000
            ),
            None => "did not exit in 120 s".into(),
        };
        rows.push(env.row(name, &t, &msgs, note));
    }
    if want("member") {
        let t = env.topics("member", 4, &[]);
        let msgs = articles(0..n * 4);
        env.produce(&t.input, &msgs);
        let mut a = env.start(&t, &["--set", "pipeline.max_in_flight=100"]);
        env.wait_count(&t.output, n, Duration::from_secs(300));
        let mut b = env.start(&t, &["--set", "pipeline.max_in_flight=100"]);
        env.wait_count(&t.output, 2 * n, Duration::from_secs(300));
        term(&b, "TERM");
        let _ = wait_exit(&mut b, Duration::from_secs(30));
        env.wait_count(&t.output, 4 * n, Duration::from_secs(300));
        term(&a, "TERM");
        let _ = wait_exit(&mut a, Duration::from_secs(30));
        run_to_end(&env, &t, &[], Duration::from_secs(120));
        rows.push(env.row("member joins and leaves", &t, &msgs, String::new()));
    }
    if want("breaker") {
        let t = env.topics("breaker", 1, &[]);
        let msgs: Vec<In> = (0..500)
            .map(|i| In {
                key: format!("bad-{i}").into_bytes(),
                payload: Some(b"not json".to_vec()),
                headers: vec![],
            })
            .collect();
        env.produce(&t.input, &msgs);
        let mut c = env.start(
            &t,
            &[
                "--set",
                "dead_letter.window=200",
                "--set",
                "dead_letter.min_messages=50",
            ],
        );
        let exit = wait_exit(&mut c, Duration::from_secs(120));
        let before = env.count(&t.dead);
        // The operator confirms the input is bad and lets it drain.
        run_to_end(
            &env,
            &t,
            &["--set", "dead_letter.max_ratio=1.0"],
            Duration::from_secs(120),
        );
        let note = format!(
            "breaker stopped after {before} dead letters (window 200), exit {}; drained with max_ratio=1.0",
            exit.map_or(-1, |(s, _)| s.code().unwrap_or(-1))
        );
        rows.push(env.row("bad deploy (dead-letter breaker)", &t, &msgs, note));
    }
    env.broker("stop");

    println!(
        "| fault | in | out | dead-lettered | lost | duplicated | blocked partition | notes |"
    );
    println!("|---|---:|---:|---:|---:|---:|---|---|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            r.name,
            r.input,
            r.out,
            r.dead,
            r.lost,
            r.duplicated,
            if r.blocked { "**yes**" } else { "no" },
            r.note
        );
    }
    let bad: Vec<&Row> = rows.iter().filter(|r| r.lost > 0 || r.blocked).collect();
    if !bad.is_empty() {
        eprintln!(
            "faults: {} scenario(s) lost messages or left a partition blocked",
            bad.len()
        );
        std::process::exit(1);
    }
}
