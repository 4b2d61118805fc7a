//! Where articles come from: a Kafka consumer group ([`kafka`]) or JSON Lines
//! on stdin or a file ([`jsonl`], the embedded default). A source only moves
//! bytes; [`decode`] turns them into a [`crate::article::RawArticle`].
//! [`headers`] reads Kafka headers as bytes and [`commits`] commits offsets
//! with results and deadlines, where rdkafka's safe API has neither.

pub mod commits;
pub mod decode;
pub mod headers;
pub mod jsonl;
pub mod kafka;

use crate::article::Origin;
use crate::delivery::Ticket;

/// One message as read from a source, before decoding.
#[derive(Debug)]
pub struct SourceMessage {
    /// Where it came from.
    pub origin: Origin,
    /// Kafka key (`None` for JSON Lines).
    pub key: Option<Vec<u8>>,
    /// Payload bytes; `None` for a Kafka tombstone.
    pub payload: Option<Vec<u8>>,
    /// Kafka headers in order, names and values as bytes (a name need not
    /// be UTF-8; [`decode::check_headers`] decides).
    pub headers: Vec<headers::RawHeader>,
    /// Kafka message timestamp, milliseconds since the Unix epoch.
    pub timestamp_ms: Option<i64>,
    /// Acknowledgement handle: completing it lets the offset be committed.
    pub ticket: Option<Ticket>,
}

/// Why a source stopped for good. Retrying the same configuration does not help.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// Reading the input file or stdin failed.
    #[error("cannot read input {path}: {source}")]
    Io {
        /// Input path (`-` for stdin).
        path: String,
        /// I/O error.
        source: std::io::Error,
    },
    /// The Kafka consumer could not be created or subscribed.
    #[error("kafka consumer: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
    /// The polling thread could not be started.
    #[error("cannot start the Kafka source thread: {0}")]
    Thread(std::io::Error),
}
