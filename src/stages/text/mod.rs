//! The text layer every other stage stands on: page zones (article,
//! boilerplate, reader comments), language, Arabic/Latin normalisation with an
//! offset map back to the original, tokens, sentences, and a clitic-aware
//! name matcher.
//!
//! INTERFACE CONTRACT (skeleton; the text work fills in the bodies and may add
//! items, but keeps these names and meanings so `actors` and `locations` can
//! build on them).

use serde::Serialize;

use crate::article::{CharSpan, Document, Field};
use crate::stages::{Stage, StageError};

/// Language of an article with the detector's confidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageGuess {
    /// ISO 639-1 code (`ar`, `en`, `fr`, …) or `und` when unknown.
    pub code: String,
    /// 0.0..=1.0.
    pub confidence: f64,
    /// `input` when the article's `lang` field was kept, `detected` otherwise.
    pub source: &'static str,
}

/// Why a range of the body is not tagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneKind {
    /// The article itself: the only zone that is tagged.
    Article,
    /// Donation/subscription blurbs, "read also", share lines, copyright.
    Boilerplate,
    /// Reader comment section (header and every comment after it).
    Comments,
}

/// A range of a field that was excluded from tagging.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExcludedZone {
    /// The field the range points into.
    pub field: Field,
    /// `boilerplate` or `comments`.
    pub kind: ZoneKind,
    /// Start, inclusive, in Unicode scalar values into the original field.
    pub start: usize,
    /// End, exclusive, in Unicode scalar values.
    pub end: usize,
    /// Short bounded code of the rule that fired, e.g. `donation_blurb`.
    pub rule: String,
}

/// One token of the article zone of one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Original span of the whole token (clitics included).
    pub span: CharSpan,
    /// Normalised form (see [`normalize`]).
    pub norm: String,
    /// Index of the sentence the token belongs to.
    pub sentence: usize,
    /// True when the original token starts with an uppercase letter (Latin
    /// script); lets English matching tell "Turkey" from "turkey".
    pub capitalized: bool,
}

/// The analysed text of one field.
#[derive(Debug, Clone)]
pub struct AnalyzedField {
    /// Which field.
    pub field: Field,
    /// Tokens of the article zone only, in text order.
    pub tokens: Vec<Token>,
    /// Sentence spans (original scalar-value offsets) of the article zone.
    pub sentences: Vec<CharSpan>,
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

pub mod matcher;

pub use matcher::{NameMatch, NameMatcher};

/// Normalises a string for matching (Arabic orthography, case folding, …).
/// Names in dictionaries and tokens in text go through the same function.
pub fn normalize(text: &str) -> String {
    text.to_lowercase()
}

/// The `text` stage.
#[derive(Debug, Default)]
pub struct TextAnalyzer {}

impl Stage for TextAnalyzer {
    fn name(&self) -> &'static str {
        "text"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let _ = doc;
        Err(StageError::Invalid {
            reason: "not_implemented",
            detail: "text stage skeleton".into(),
        })
    }
}

/// `[text]` configuration.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TextConfig {
    /// Extra zone-rule files added to the embedded `data/zones/` lists.
    #[serde(default)]
    pub zone_rules: Vec<std::path::PathBuf>,
}
