//! Readers for the gold formats `newsevents eval` understands, one module
//! per kind of gold.
//!
//! - CoNLL-style token files ([`read_token_corpus`]): one token per line, the
//!   token in the first column and an IOB1/IOB2 tag in the last; a blank line
//!   (or a line holding only whitespace) ends a sentence; `-DOCSTART-` starts
//!   a document. This covers CoNLL-2003 (`TOKEN POS CHUNK NER`), the ANERcorp
//!   CoNLL conversion (`TOKEN TAG`) and NewsFANEGold (`TOKEN\tTAG`, CRLF, a
//!   BOM, U+200E marks before tokens).
//! - Geoparsing XML ([`read_lgl`], [`read_geowebnews`], [`read_geovirus`]):
//!   article text plus toponyms with character offsets and GeoNames IDs
//!   and/or coordinates.
//! - PETRARCH validation records ([`read_petrarch`]): sentences with gold
//!   CAMEO source/target codes.
//! - Our sample's expected JSON ([`SampleExpectation`]).
//! - Event gold in JSON Lines ([`read_event_articles`]): one article per
//!   line with its `gold_events` (our Arabic dev set,
//!   `tests/fixtures/events/arabic_dev.jsonl`).
//!
//! Offsets produced here are Unicode scalar values, as everywhere in the
//! project.

mod events;
mod geo;
mod petrarch;
mod sample;
mod tokens;

pub use events::{EventArticle, GoldEvent, read_event_articles};
pub use geo::{GeoDocument, GoldToponym, ToponymForm, read_geovirus, read_geowebnews, read_lgl};
pub use petrarch::{PetrarchRecord, read_petrarch};
pub use sample::{
    ExpectedActor, ExpectedEvent, ExpectedLocation, Forbidden, SampleExpectation, read_sample,
};
pub use tokens::{TokenDocument, TokenEntity, read_token_corpus};

/// Why a gold file could not be read. Always the file's fault (or the
/// wrong `--format`); a retry does not help.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The XML is not well formed.
    #[error("XML: {0}")]
    Xml(#[from] roxmltree::Error),
    /// The JSON is not what the format expects.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A required element or value is missing or malformed.
    #[error("{what} (record {record})")]
    Malformed {
        /// What was wrong.
        what: String,
        /// 0-based record (article, sentence) number.
        record: usize,
    },
}
