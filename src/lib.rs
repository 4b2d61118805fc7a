//! newsevents: a streaming news-event processor.
//!
//! Raw articles come in from Kafka (or JSON Lines on stdin/a file), pass
//! through enrichment stages that find names, actors, locations and events in
//! Arabic and English text, and go out as enriched records with
//! at-least-once delivery.
//!
//! # Layout
//!
//! The enrichment, bottom up (each layer imports only the ones above it in
//! this list; `tests/layering.rs` checks it):
//!
//! - [`article`]: the records (raw article, spans, findings, enriched output).
//! - [`nlp`]: how text is read (normalisation, tokens, scripts, Arabic
//!   clitics, the name matcher, the learned entity tagger).
//! - [`lexicon`]: shared tables loaded once and versioned (countries and
//!   demonyms, names, compass words).
//! - [`stages`]: the enrichment chain (`text` → `entities` → `actors` →
//!   `locations` → `events`), side by side, over one [`stages::Document`].
//!
//! The shell around it:
//!
//! - [`config`]: TOML + environment + CLI settings, validated.
//! - [`source`]: where articles come from (Kafka consumer group, JSON Lines).
//! - [`sink`]: where records go (Kafka producer, JSON Lines, dead-letter).
//! - [`delivery`]: per-partition commit watermarks for at-least-once delivery.
//! - [`telemetry`]: Prometheus metrics, events, health endpoints.
//! - [`shutdown`]: signals to cancellation, drain deadline.
//! - [`replay`]: re-feeding topic ranges and archives.
//! - [`app`]: wires source, stages, sink and telemetry together.
//! - [`eval`]: `newsevents eval`, the same chain scored against gold corpora.
#![deny(missing_docs)]

pub mod app;
pub mod article;
pub mod config;
pub mod delivery;
pub mod eval;
pub mod lexicon;
pub mod nlp;
pub mod replay;
pub mod shutdown;
pub mod sink;
pub mod source;
pub mod stages;
pub mod telemetry;
