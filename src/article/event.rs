//! What the `events` stage finds: the records of the enriched article's
//! `events` array (`schemas/enriched-article.schema.json`, README "Events").
//! Findings like [`super::Actor`] and [`super::Location`]; participants
//! point into the record's `actors` and `locations` arrays by index.
//!
//! Serialised field order and skip rules are the wire format: keep them.

use serde::Serialize;

use super::span::Mention;

/// One coded event: who did what to whom, where and when.
///
/// Events are de-duplicated within an article: the same dyad, CAMEO code,
/// place and date reported in several sentences is one event with several
/// `mentions`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Stable id, a name-based UUID (RFC 4122 version 5) of the article id
    /// and the event's content (source, target, code, place, date): the
    /// same article reprocessed gives the same ids, so consumers can upsert.
    pub event_id: String,
    /// Who acted.
    pub source: Participant,
    /// Whom the act was directed at; `None` only for codes CAMEO allows
    /// without a target (never in the default configuration, which
    /// requires a dyad).
    pub target: Option<Participant>,
    /// The CAMEO event code and what it means.
    pub cameo: Cameo,
    /// The PLOVER event type the CAMEO code maps to; `None` for CAMEO 01
    /// (statements) and 02 (appeals), which PLOVER dropped.
    pub plover: Option<Plover>,
    /// Where it happened, if a resolved toponym of the sentence or its
    /// context says so.
    pub location: Option<EventLocation>,
    /// When it happened.
    pub date: EventDate,
    /// How the sentence reports the act.
    pub modality: Modality,
    /// 0.0..=1.0: the strongest evidence among the mentions (see
    /// `stages/events/params.rs`).
    pub confidence: f64,
    /// Every sentence that reports the event, in text order.
    pub mentions: Vec<EventMention>,
}

/// A source or target: an actor of the record's `actors` array, or a place
/// of its `locations` array standing for its country (PETRARCH's convention:
/// "Pyongyang fired shells at Seoul" is PRK against KOR).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Participant {
    /// `actor` or `place`.
    pub kind: ParticipantKind,
    /// Index into the record's `actors` (kind `actor`) or `locations`
    /// (kind `place`) array.
    pub index: usize,
    /// The actor's `id`, or `geonames:<id>` for a place.
    pub id: String,
    /// CAMEO actor code: the actor's `code` (or its ISO alpha-3 country),
    /// or the place's ISO alpha-3 country code.
    pub code: String,
    /// Canonical name of the actor or place.
    pub name: String,
    /// The mention in this event's first sentence (offsets in Unicode scalar
    /// values into `field`).
    pub mention: Mention,
}

/// What a participant points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantKind {
    /// An entry of `actors`.
    Actor,
    /// An entry of `locations`, standing for its country.
    Place,
}

/// A CAMEO event code with its place in the scheme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cameo {
    /// Full code as the dictionary gives it, e.g. `040`, `0841`, `190`.
    pub code: String,
    /// The two-digit root (cue category), e.g. `04`.
    pub root: String,
    /// The code's label (CAMEO codebook), e.g. `Consult, not specified below`;
    /// `None` for codes outside the CAMEO table (a user dictionary's own).
    pub name: Option<String>,
    /// 1 verbal cooperation (roots 01–05), 2 material cooperation (06–09),
    /// 3 verbal conflict (10–14), 4 material conflict (15–20), as in GDELT's
    /// `QuadClass`; `None` for codes outside the table.
    pub quad_class: Option<u8>,
    /// Goldstein (1992) conflict–cooperation score, −10.0..=10.0, as GDELT
    /// maps it to CAMEO codes; `None` for codes outside the table.
    pub goldstein: Option<f64>,
}

/// The PLOVER event type a CAMEO code maps to (OEDA's CAMEO→PLOVER
/// crosswalk, 2021).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plover {
    /// `AGREE`, `CONSULT`, `SUPPORT`, `COOPERATE`, `AID`, `CONCEDE`,
    /// `RETREAT`, `DEMAND`, `ACCUSE`, `REJECT`, `THREATEN`, `PROTEST`,
    /// `MOBILIZE`, `SANCTION`, `COERCE` or `ASSAULT`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// The crosswalk's mode, e.g. `visit`, `arrest`, `heavy-weapons`.
    pub mode: Option<String>,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventLocation {
    /// Index into the record's `locations` array.
    pub index: usize,
    /// GeoNames ID; `None` for a place GeoNames does not know.
    pub geonameid: Option<u64>,
    /// The location's `gazetteer_id` (`gn:`, `wof:` or `ne:`).
    pub gazetteer_id: String,
    /// Canonical English name.
    pub name: String,
    /// Why this place: `preposition` (the toponym follows في/in/at in the
    /// event's sentence), `sentence` (another toponym of the sentence),
    /// `target` (the event's target is this place, "attack on Tripoli"),
    /// `context` (a toponym of the previous sentence).
    pub reason: &'static str,
}

/// When an event happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventDate {
    /// `YYYY-MM-DD`; `None` only when the article has no usable
    /// `published_at` and the sentence names no full date.
    pub value: Option<String>,
    /// How sure the day is.
    #[serde(rename = "type")]
    pub date_type: DateType,
    /// The date expression as written (`None` for the publication date).
    pub text: Option<String>,
    /// Rule that resolved it: `explicit_date`, `weekday`, `relative_day`,
    /// `days_ago`, `relative_period`, `month`, `publication_date`.
    pub rule: &'static str,
}

/// How precise an event date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateType {
    /// A day named in the sentence: a full date, a weekday, yesterday.
    Exact,
    /// A period: "eleven days ago", "last week", a month without a day.
    Approximate,
    /// Nothing in the sentence: the article's publication date.
    Publication,
}

/// How the sentence reports the act (CAMEO conventions, README "Events").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Modality {
    /// The act is announced or planned ("will meet"): coded in CAMEO's
    /// intent (03) or threat (13) category.
    pub intent: bool,
    /// The actor refused the act ("refused to meet"): coded in CAMEO's
    /// reject category (12).
    pub refusal: bool,
    /// Passive voice ("was attacked by"): source and target come from the
    /// agent phrase and the subject.
    pub passive: bool,
    /// Reported speech: the event is what a speaker said happened ("X said
    /// Y attacked Z" codes Y against Z).
    pub reported: bool,
}

/// One sentence that reports an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventMention {
    /// The verb or action noun that coded the event (proclitics of an
    /// Arabic verb excluded: وسيلتقي → يلتقي is not cut, the whole token is
    /// the trigger; offsets in Unicode scalar values).
    pub trigger: Mention,
    /// The sentence.
    pub sentence: Mention,
    /// Which rule coded it: `verb` (dictionary verb, default code),
    /// `verb_pattern` (a dictionary pattern), `noun` (action noun).
    pub rule: &'static str,
    /// Dictionary file and line of the verb or pattern that gave the code,
    /// e.g. `CAMEO.2.0.txt:5440`, or `nouns.tsv:12`.
    pub dictionary_line: String,
}
