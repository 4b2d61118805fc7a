//! The `text` stage, which every other stage stands on: page zones (article,
//! boilerplate, reader comments), language, Arabic/Latin normalisation with an
//! offset map back to the original, tokens, sentences, and a clitic-aware
//! name matcher.
//!
//! # Layout
//!
//! - [`normalize`](fn@normalize) and `normalize.rs`: the character rules
//!   (tashkeel, alef forms, ى/ي, ة/ه, digits, NFKD + case and accent folding).
//! - `tokenize.rs`: one pass over a field giving tokens with original spans,
//!   an offset map for every normalised char, lines and sentences.
//! - [`zones`]: article / boilerplate / comments, driven by the phrase lists in
//!   `data/zones/` ([`ZoneRules`]).
//! - [`language`]: language per article (whatlang + script shares).
//! - [`matcher`]: [`NameMatcher`] (dictionary names → mentions, proclitics
//!   stripped) and [`nisba_forms`].
//!
//! Offsets everywhere are Unicode scalar values (Rust `char`s) into the
//! original field text, end-exclusive.

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
    /// Index into [`AnalyzedField::norm_map`] of this token's first
    /// normalised `char`; `norm.chars().count()` entries follow.
    pub norm_start: usize,
}

/// The analysed text of one field.
///
/// Build one from plain text with [`AnalyzedField::from_text`] (no zoning:
/// all of the text is treated as article), or read it from
/// [`Analysis::field`] after the `text` stage ran.
#[derive(Debug, Clone)]
pub struct AnalyzedField {
    /// Which field.
    pub field: Field,
    /// Tokens of the article zone only, in text order.
    pub tokens: Vec<Token>,
    /// Sentence spans (original scalar-value offsets) of the article zone:
    /// from the first token of a sentence to the end of its last token.
    /// `tokens[k].sentence` indexes this vector.
    pub sentences: Vec<CharSpan>,
    /// Original char offset of each normalised char of each token (see
    /// [`Token::norm_start`]); may hold entries of tokens outside the article
    /// zone too.
    pub norm_map: Vec<u32>,
}

impl AnalyzedField {
    /// Tokenises all of `text` as article text (no zones). Meant for tests
    /// and for matching short strings; the `text` stage uses [`analyze`].
    pub fn from_text(field: Field, text: &str) -> Self {
        let t = tokenize::tokenize(text);
        let all = [CharSpan::new(0, t.char_len)];
        Self::from_tokenized(field, t, &all)
    }

    /// Keeps the tokens inside `keep` (sorted, non-overlapping char ranges)
    /// and renumbers sentences densely.
    fn from_tokenized(field: Field, t: tokenize::Tokenized, keep: &[CharSpan]) -> Self {
        let mut tokens = Vec::with_capacity(t.tokens.len());
        let mut sentences: Vec<CharSpan> = Vec::new();
        let mut zone = 0;
        let mut last_raw_sentence = usize::MAX;
        for mut tok in t.tokens {
            while zone < keep.len() && keep[zone].end <= tok.span.start {
                zone += 1;
                // A zone gap always ends a sentence.
                last_raw_sentence = usize::MAX;
            }
            if zone == keep.len() {
                break;
            }
            if tok.span.start < keep[zone].start {
                continue;
            }
            if tok.sentence != last_raw_sentence {
                last_raw_sentence = tok.sentence;
                sentences.push(tok.span);
            }
            let s = sentences.len() - 1;
            sentences[s].end = tok.span.end;
            tok.sentence = s;
            tokens.push(tok);
        }
        Self {
            field,
            tokens,
            sentences,
            norm_map: t.norm_map,
        }
    }

    /// Original char offset at which normalised char `k` of token `token`
    /// starts; `k` equal to the token's normalised length gives the token's
    /// end. Used to report spans that skip a proclitic.
    ///
    /// # Panics
    /// If `token` is out of range.
    pub fn orig_offset(&self, token: usize, k: usize) -> usize {
        let tok = &self.tokens[token];
        if k == 0 {
            return tok.span.start;
        }
        let n = tok.norm.chars().count();
        if k >= n {
            return tok.span.end;
        }
        self.norm_map[tok.norm_start + k] as usize
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

pub mod language;
pub mod matcher;
mod normalize;
mod tokenize;
pub mod zones;

pub use matcher::{NameMatch, NameMatcher, nisba_forms};
pub use zones::{ZoneRules, ZoneRulesError};

/// Normalises a string for matching: the text's tokens (see `tokenize.rs`
/// for what a token is, and `normalize.rs` for the character rules) joined
/// by single spaces. Dictionary names and article tokens go through the same
/// rules, so `normalize(name)` equals the matching tokens' `norm`s joined by
/// spaces.
///
/// ```
/// use newsevents::stages::text::normalize;
/// assert_eq!(normalize("بِالقاهـرةِ"), "بالقاهره");
/// assert_eq!(normalize("Abdel Fattah el-Sisi"), "abdel fattah el sisi");
/// assert_eq!(normalize("Egypt’s"), "egypt");
/// ```
pub fn normalize(text: &str) -> String {
    let t = tokenize::tokenize(text);
    let mut out = String::with_capacity(text.len());
    for tok in &t.tokens {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&tok.norm);
    }
    out
}

/// Analyses one article: zones of the body, language, tokens of the article
/// zone of the body and (whole) title.
///
/// # Errors
/// [`StageError::EmptyArticleZone`] when the body has no token left in its
/// article zone (empty, whitespace, marks only, or all boilerplate/comments).
pub fn analyze(
    rules: &ZoneRules,
    body: &str,
    title: Option<&str>,
    lang: Option<&str>,
) -> Result<Analysis, StageError> {
    let t = tokenize::tokenize(body);
    let zoning = rules.split(body, &t);
    let body_field = AnalyzedField::from_tokenized(Field::Body, t, &zoning.article);
    if body_field.tokens.is_empty() {
        return Err(StageError::EmptyArticleZone);
    }
    let language = language::guess(body, &zoning.article, lang);
    let mut fields = Vec::with_capacity(2);
    if let Some(title) = title {
        fields.push(AnalyzedField::from_text(Field::Title, title));
    }
    fields.push(body_field);
    Ok(Analysis {
        language,
        fields,
        excluded: zoning.excluded,
    })
}

/// The `text` stage: sets [`Document::analysis`].
///
/// Rules are fixed at construction ([`TextAnalyzer::new`]); the default uses
/// the embedded `data/zones/` lists.
#[derive(Debug, Default)]
pub struct TextAnalyzer {
    rules: ZoneRules,
}

impl TextAnalyzer {
    /// A stage using `rules` for page zones.
    pub fn new(rules: ZoneRules) -> Self {
        Self { rules }
    }

    /// A stage with the embedded rules plus the files of `[text] zone_rules`.
    ///
    /// # Errors
    /// [`ZoneRulesError`] if a rule file cannot be read or parsed.
    pub fn from_config(config: &TextConfig) -> Result<Self, ZoneRulesError> {
        Ok(Self::new(ZoneRules::from_config(config)?))
    }
}

impl Stage for TextAnalyzer {
    fn name(&self) -> &'static str {
        "text"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let raw = &doc.raw;
        let analysis = analyze(
            &self.rules,
            &raw.body,
            raw.title.as_deref(),
            raw.lang.as_deref(),
        )?;
        doc.analysis = Some(analysis);
        Ok(())
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
