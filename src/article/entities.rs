//! What the `entities` stage finds: name mentions tagged by the learned
//! entity tagger (`nlp::ner`), before any stage links or resolves them. The
//! `actors` stage turns PER/ORG mentions into actors, the `locations` stage
//! reads LOC mentions as toponym evidence.

use serde::Serialize;

use super::span::Field;

/// Class of a learned entity mention (CoNLL/OntoNotes usage; the model's
/// NORP, nationalities and religious or political groups as nouns, is
/// reported as `Misc`, and FAC as `Loc`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum EntityKind {
    /// A person.
    #[serde(rename = "PER")]
    Per,
    /// An organisation: state body, party, armed group, company, media.
    #[serde(rename = "ORG")]
    Org,
    /// A place: country, city, region, natural feature or facility.
    #[serde(rename = "LOC")]
    Loc,
    /// Any other name (NORP, events, works).
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityKind {
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Per => "PER",
            EntityKind::Org => "ORG",
            EntityKind::Loc => "LOC",
            EntityKind::Misc => "MISC",
        }
    }
}

/// A rule of the `entities` stage that made a mention or changed its kind
/// or its extent after the tagger (`src/stages/entities/`, one file per
/// rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityRule {
    /// `split.rs`: a person span run across two names, cut in two (Arabic).
    SplitJoinedPersons,
    /// `nisba.rs`: a nationality adjective cut off the front of a person's
    /// name (Arabic).
    NisbaOutsideName,
    /// `sports.rs`: a side of a sports result, a club (English): a place
    /// relabelled as an organisation, or an organisation kept as one.
    TeamInSportsResult,
    /// `consistency.rs`: another mention of a name the tagger read as a
    /// person or organisation elsewhere in the article.
    OneNameOneKind,
}

/// One name mention found by the learned tagger in the article zone.
///
/// `start..end` counts Unicode scalar values into `field` of the original
/// article, end-exclusive; an Arabic proclitic (و ف ب ل ك) on the first
/// word is outside the span (وبالقاهرة → القاهرة), the article ال inside.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityMention {
    /// What the mention names.
    pub kind: EntityKind,
    /// The field the offsets point into.
    pub field: Field,
    /// First scalar value, inclusive.
    pub start: usize,
    /// One past the last scalar value.
    pub end: usize,
    /// The original text of the span.
    pub text: String,
    /// 0.0..=1.0: a logistic of the tagger's weakest per-token label margin
    /// inside the span (how far the chosen label's score is above the
    /// runner-up's); not a calibrated probability.
    pub score: f64,
    /// Which model found it: `ner_ar` or `ner_en` (its VERSION is in the
    /// record's `versions.dictionaries`).
    pub model: &'static str,
    /// The stage rule that made the mention or changed its kind or extent
    /// (the last one, when two did); `None` for the tagger's own reading.
    pub rule: Option<EntityRule>,
}
