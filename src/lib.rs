//! newsevents: a streaming news-event processor.
//!
//! Raw articles come in from Kafka (or JSON Lines on stdin/a file), pass
//! through enrichment stages that find actors and locations in Arabic and
//! English text, and go out as enriched records with at-least-once delivery.
//!
//! # Layout
//!
//! - [`article`]: the records (raw article, working document, enriched output, spans).
//! - [`config`]: TOML + environment + CLI settings, validated.
//! - [`source`]: where articles come from (Kafka consumer group, JSON Lines).
//! - [`stages`]: the enrichment chain (`text` → `actors` → `locations`).
//! - [`sink`]: where records go (Kafka producer, JSON Lines, dead-letter).
//! - [`delivery`]: per-partition commit watermarks for at-least-once delivery.
//! - [`telemetry`]: Prometheus metrics, events, health endpoints.
//! - [`shutdown`]: signals to cancellation, drain deadline.
//! - [`replay`]: re-feeding topic ranges and archives.
//! - [`app`]: wires source, stages, sink and telemetry together.
//! - [`eval`]: `newsevents eval`, the same chain scored against gold corpora.
//! - [`nlp`]: text-reading components outside the stages (the learned entity tagger).
#![deny(missing_docs)]

pub mod app;
pub mod article;
pub mod config;
pub mod delivery;
pub mod eval;
pub mod nlp;
pub mod replay;
pub mod shutdown;
pub mod sink;
pub mod source;
pub mod stages;
pub mod telemetry;
