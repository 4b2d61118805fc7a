//! The chain's working state: one [`Document`] per article, which each stage
//! reads and adds its findings to, and the `text` stage's [`Analysis`] that
//! every later stage reads.

use crate::article::Field;
use crate::article::{
    Actor, EntityMention, Event, ExcludedZone, FocusCountry, LanguageGuess, Location, Origin,
    RawArticle, parse_date,
};
use crate::nlp::AnalyzedField;

/// The working state of one article while it passes through the stages.
///
/// A source builds it from a [`RawArticle`]; each stage adds its findings;
/// a sink turns it into an [`crate::article::EnrichedArticle`].
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
    /// Name mentions of the learned tagger, in field and text order
    /// (`entities` stage); later stages link and resolve them.
    pub entities: Vec<EntityMention>,
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
            entities: Vec::new(),
            actors: Vec::new(),
            locations: Vec::new(),
            focus_countries: Vec::new(),
            events: Vec::new(),
        }
    }

    /// The original text of `field` (`""` for a missing title).
    pub fn field_text(&self, field: Field) -> &str {
        self.raw.field_text(field)
    }
}

/// Everything the `text` stage learnt about an article.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Language of the article.
    pub language: LanguageGuess,
    /// Title (if any) and body.
    pub fields: Vec<AnalyzedField>,
    /// Ranges excluded from tagging, with reasons.
    pub excluded: Vec<ExcludedZone>,
}

impl Analysis {
    /// The analysed `field`, if it was present.
    pub fn field(&self, field: Field) -> Option<&AnalyzedField> {
        self.fields.iter().find(|f| f.field == field)
    }
}
