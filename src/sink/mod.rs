//! Where records go: enriched articles to the output, failed messages to the
//! dead-letter output. [`encode`] builds both records (and makes them fit
//! their topic), [`dead_letter`] defines the dead-letter record, [`jsonl`]
//! writes JSON Lines (stdout/stderr or files), [`kafka`] produces to topics
//! and only reports success once the broker acknowledged the record.

pub mod dead_letter;
pub mod encode;
pub mod jsonl;
pub mod kafka;

/// Which output a record is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// An enriched article (schema `enriched-article`).
    Enriched,
    /// A dead-letter record (schema `dead-letter`).
    DeadLetter,
}

impl RecordKind {
    /// `enriched` / `dead_letter`, for logs and metric labels.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Enriched => "enriched",
            RecordKind::DeadLetter => "dead_letter",
        }
    }
}

/// One record ready to be written.
#[derive(Debug, Clone)]
pub struct OutRecord {
    /// Output or dead-letter.
    pub kind: RecordKind,
    /// Message key: the article id for enriched records, the original key
    /// for dead letters.
    pub key: Option<Vec<u8>>,
    /// Serialised JSON, one line, no trailing newline.
    pub payload: Vec<u8>,
    /// Kafka headers to attach, in order (`None`: a null value).
    pub headers: Vec<(String, Option<Vec<u8>>)>,
}

/// What to do about a failed write: whose fault it is, and whether a retry
/// can help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// The output is unavailable for now (broker down, topic missing, timeout):
    /// retry with backoff; input offsets wait.
    Retry,
    /// The output refuses this record for good (e.g. too large): an enriched
    /// record's input is dead-lettered instead; a refused dead letter stops
    /// the pipeline (nothing else can be written for that message).
    RejectRecord,
    /// The output cannot be written at all (closed pipe, no authorisation):
    /// stop without committing, so nothing is lost.
    Fatal,
}

/// Why a record could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{kind} sink: {message}")]
pub struct SinkError {
    /// `enriched` or `dead_letter`.
    pub kind: &'static str,
    /// What went wrong.
    pub message: String,
    /// What the caller should do.
    pub disposition: Disposition,
}

/// The configured sink: enum dispatch keeps the hot path free of boxing.
pub enum Sink {
    /// JSON Lines writers.
    Jsonl(jsonl::JsonlSink),
    /// Kafka producer.
    Kafka(kafka::KafkaSink),
}

impl Sink {
    /// Writes one record and returns once it is durable for this sink
    /// (written for JSON Lines, acknowledged by the broker for Kafka).
    ///
    /// # Errors
    /// [`SinkError`]; its [`Disposition`] says what the caller should do.
    pub async fn deliver(&self, record: &OutRecord) -> Result<(), SinkError> {
        match self {
            Sink::Jsonl(s) => s.deliver(record),
            Sink::Kafka(s) => s.deliver(record).await,
        }
    }

    /// Flushes buffered output (producer queue or file buffers).
    ///
    /// # Errors
    /// [`SinkError`] if buffered records could not be written in `timeout`.
    pub async fn flush(&self, timeout: std::time::Duration) -> Result<(), SinkError> {
        match self {
            Sink::Jsonl(s) => s.flush(),
            Sink::Kafka(s) => s.flush(timeout).await,
        }
    }

    /// True when the sink can accept records now (`/readyz`).
    pub fn is_ready(&self) -> bool {
        match self {
            Sink::Jsonl(_) => true,
            Sink::Kafka(s) => s.is_ready(),
        }
    }

    /// The largest record each output accepts.
    pub fn limits(&self) -> encode::RecordLimits {
        match self {
            Sink::Jsonl(_) => encode::RecordLimits::UNLIMITED,
            Sink::Kafka(s) => s.limits(),
        }
    }
}
