//! The records that flow through the pipeline: what a source reads
//! ([`RawArticle`]), what the stages work on ([`Document`]) and what a sink
//! writes ([`EnrichedArticle`]), plus the offsets ([`CharSpan`], [`Mention`])
//! that tie a finding back to the text it came from.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::stages::actors::Actor;
use crate::stages::events::Event;
use crate::stages::locations::{FocusCountry, Location};
use crate::stages::text::{Analysis, ExcludedZone, LanguageGuess};

/// An article as a scraper delivers it (schema `schemas/raw-article.schema.json`).
///
/// `id` and `body` are required; every other field is optional. Fields this
/// type does not name are kept in `extra` and written back out unchanged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawArticle {
    /// Stable article id; also the output message key.
    pub id: String,
    /// Article text as scraped, possibly with boilerplate and reader comments.
    pub body: String,
    /// Headline, if the scraper found one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// ISO 639-1 language code claimed by the producer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Canonical URL of the article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publisher or feed name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Publication time, RFC 3339 (e.g. `2019-04-14T10:00:00Z`); a bare
    /// `YYYY-MM-DD` date is accepted too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    /// Unknown fields, passed through verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Where a message came from: Kafka coordinates, or a line of a file.
///
/// For JSON Lines input `topic` is the file name (`-` for stdin), `partition`
/// is 0 and `offset` is the 0-based line number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Origin {
    /// Kafka topic, or input file name.
    pub topic: String,
    /// Kafka partition (0 for files).
    pub partition: i32,
    /// Kafka offset, or 0-based line number.
    pub offset: i64,
}

/// Which text field of the article a span points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The `title` field.
    Title,
    /// The `body` field.
    Body,
}

/// A half-open range `start..end` counted in Unicode scalar values (Rust
/// `char`s) into the original, unnormalised field text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CharSpan {
    /// First scalar value, inclusive.
    pub start: usize,
    /// One past the last scalar value.
    pub end: usize,
}

impl CharSpan {
    /// A span `start..end`; `start <= end` is the caller's duty.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Self { start, end }
    }

    /// Number of scalar values covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The substring of `text` this span covers, or `None` if it runs past
    /// the end of `text`. Costs O(end) since offsets are in scalar values.
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        let mut indices = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()));
        let start = indices.nth(self.start)?;
        let end = if self.is_empty() {
            start
        } else {
            indices.nth(self.len() - 1)?
        };
        Some(&text[start..end])
    }
}

/// One place in the text where an actor or location is named.
///
/// `start..end` counts Unicode scalar values into `field` of the original
/// article, so `field_text.chars().skip(start).take(end - start)` equals
/// `text`. Proclitics (و ف ب ل ك) and a fused article are outside the span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The field the offsets point into.
    pub field: Field,
    /// First scalar value, inclusive.
    pub start: usize,
    /// One past the last scalar value.
    pub end: usize,
    /// The original text of the span, exactly as it appears in the field.
    pub text: String,
}

/// The working state of one article while it passes through the stages.
///
/// A source builds it from a [`RawArticle`]; each stage adds its findings;
/// a sink turns it into an [`EnrichedArticle`].
#[derive(Debug, Clone)]
pub struct Document {
    /// The input, unchanged.
    pub raw: RawArticle,
    /// Where the input came from.
    pub origin: Origin,
    /// Publication date parsed from `published_at`, used for date-restricted
    /// actor codes; `None` when absent or unparsable.
    pub published: Option<chrono::NaiveDate>,
    /// Text analysis (zones, language, tokens); filled by the `text` stage.
    pub analysis: Option<Analysis>,
    /// Actors found by the `actors` stage.
    pub actors: Vec<Actor>,
    /// Locations found by the `locations` stage.
    pub locations: Vec<Location>,
    /// Countries the document is about, strongest first (`locations` stage).
    pub focus_countries: Vec<FocusCountry>,
    /// Events coded by the `events` stage.
    pub events: Vec<Event>,
}

impl Document {
    /// Wraps a parsed input article; `published` is derived from `published_at`.
    pub fn new(raw: RawArticle, origin: Origin) -> Self {
        let published = raw.published_at.as_deref().and_then(parse_date);
        Self {
            raw,
            origin,
            published,
            analysis: None,
            actors: Vec::new(),
            locations: Vec::new(),
            focus_countries: Vec::new(),
            events: Vec::new(),
        }
    }

    /// The original text of `field` (`""` for a missing title).
    pub fn field_text(&self, field: Field) -> &str {
        match field {
            Field::Body => &self.raw.body,
            Field::Title => self.raw.title.as_deref().unwrap_or(""),
        }
    }
}

/// Parses an RFC 3339 timestamp or a bare `YYYY-MM-DD` date to its calendar
/// date (in the timestamp's own offset).
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    let s = s.trim();
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|d| d.date_naive())
        .ok()
        .or_else(|| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

/// Versions of the processor and of each dictionary used for a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Versions {
    /// `CARGO_PKG_VERSION` of the processor.
    pub processor: String,
    /// Dictionary name (`gazetteer`, `actors`, `zones`) to its `VERSION`.
    pub dictionaries: std::collections::BTreeMap<String, String>,
}

/// The output record (schema `schemas/enriched-article.schema.json`): the raw
/// fields, flattened, plus everything the stages found.
#[derive(Debug, Clone, Serialize)]
pub struct EnrichedArticle<'a> {
    /// The input fields, unknown ones included.
    #[serde(flatten)]
    pub raw: &'a RawArticle,
    /// Detected (or confirmed) language.
    pub language: Option<&'a LanguageGuess>,
    /// Character ranges of the body not tagged, with the reason.
    pub excluded_zones: &'a [ExcludedZone],
    /// Actors found in the article zone.
    pub actors: &'a [Actor],
    /// Locations found in the article zone.
    pub locations: &'a [Location],
    /// Countries the article is about, strongest first.
    pub focus_countries: &'a [FocusCountry],
    /// Events: who did what to whom, where and when.
    pub events: &'a [Event],
    /// Source coordinates of the input message.
    pub origin: &'a Origin,
    /// Processor and dictionary versions.
    pub versions: &'a Versions,
    /// RFC 3339 UTC time the record was produced.
    pub processed_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_span_slices_arabic_by_scalar_values() {
        let text = "التقى الرئيس المصري";
        assert_eq!(CharSpan::new(6, 12).slice(text), Some("الرئيس"));
        assert_eq!(CharSpan::new(13, 19).slice(text), Some("المصري"));
        assert_eq!(CharSpan::new(19, 19).slice(text), Some(""));
        assert_eq!(CharSpan::new(13, 20).slice(text), None);
    }

    #[test]
    fn raw_article_keeps_unknown_fields() {
        let json = r#"{"id":"a1","body":"نص","section":"world","n":3}"#;
        let raw: RawArticle = serde_json::from_str(json).unwrap();
        assert_eq!(raw.extra.get("section"), Some(&Value::from("world")));
        let back = serde_json::to_value(&raw).unwrap();
        assert_eq!(back["n"], Value::from(3));
        assert_eq!(back["body"], Value::from("نص"));
    }

    #[test]
    fn published_date_accepts_rfc3339_and_plain_dates() {
        assert_eq!(
            parse_date("2019-04-14T23:30:00+02:00"),
            chrono::NaiveDate::from_ymd_opt(2019, 4, 14)
        );
        assert_eq!(
            parse_date("2019-04-14"),
            chrono::NaiveDate::from_ymd_opt(2019, 4, 14)
        );
        assert_eq!(parse_date("14/04/2019"), None);
    }
}
