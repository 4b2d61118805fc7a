//! The ground floor: the records that cross the wire and the findings every
//! stage fills. Imports nothing from the crate but itself.
//!
//! - this file: what a source reads ([`RawArticle`], [`Origin`]);
//! - [`span`]: offsets that tie a finding to its text ([`Field`],
//!   [`CharSpan`], [`Mention`]) and the one char → byte slicer
//!   ([`FieldText`]);
//! - [`findings`]: what the stages find ([`Actor`], [`Location`],
//!   [`FocusCountry`], [`LanguageGuess`], [`ExcludedZone`]);
//! - [`event`]: what the `events` stage finds ([`Event`]: who did what to
//!   whom, where and when);
//! - [`entities`]: name mentions of the learned tagger ([`EntityMention`]),
//!   read by later stages;
//! - [`enriched`]: what a sink writes ([`EnrichedArticle`], [`Versions`]).
//!
//! Serialised field order and skip rules are the wire format
//! (`schemas/*.schema.json`): change them only with the schemas.

pub mod enriched;
pub mod entities;
pub mod event;
pub mod findings;
pub mod span;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use enriched::{EnrichedArticle, Versions};
pub use entities::{EntityKind, EntityMention, EntityRule};
pub use event::Event;
pub use findings::{
    Actor, ActorKind, ActorSource, ExcludedZone, FocusCountry, LanguageGuess, Location, ZoneKind,
};
pub use span::{CharSpan, Field, FieldText, Mention};

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

impl RawArticle {
    /// The original text of `field` (`""` for a missing title).
    pub fn field_text(&self, field: Field) -> &str {
        match field {
            Field::Body => &self.body,
            Field::Title => self.title.as_deref().unwrap_or(""),
        }
    }
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

/// Parses an RFC 3339 timestamp or a bare `YYYY-MM-DD` date to its calendar
/// date (in the timestamp's own offset).
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    let s = s.trim();
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|d| d.date_naive())
        .ok()
        .or_else(|| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

#[cfg(test)]
mod tests {
    use super::*;

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
