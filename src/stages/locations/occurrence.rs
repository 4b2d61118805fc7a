//! The working records every step of the stage reads and marks: one
//! [`Occurrence`] per toponym match, one [`DemonymHit`] per demonym, and the
//! [`ClassCue`] a cue word gives. Steps never delete an occurrence; they
//! mark it `dropped` and say which rule did (`dropped_by`).

use std::ops::Range;

use crate::article::{CharSpan, Field};

use super::gazetteer::Place;

/// Feature class a cue word asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ClassCue {
    City,
    Division,
    Country,
}

impl ClassCue {
    pub(super) fn label(self) -> &'static str {
        match self {
            ClassCue::City => "cue_city",
            ClassCue::Division => "cue_division",
            ClassCue::Country => "cue_country",
        }
    }

    pub(super) fn admits(self, p: &Place) -> bool {
        match self {
            ClassCue::City => p.feature_class == 'P',
            ClassCue::Division => p.is_admin1() || p.is_admin2(),
            ClassCue::Country => p.is_country(),
        }
    }
}

/// One toponym match with its surviving candidates.
#[derive(Debug, Clone)]
pub(super) struct Occurrence {
    pub(super) field: Field,
    pub(super) field_index: usize,
    pub(super) span: CharSpan,
    pub(super) tokens: Range<usize>,
    pub(super) written: String,
    pub(super) key: String,
    pub(super) candidates: Vec<u32>,
    /// Written as a hashtag or in a short text (see
    /// `evidence::social_context`).
    pub(super) social: bool,
    pub(super) stopword: bool,
    /// A proclitic was stripped and at most three letters are left (كامل →
    /// ك + امل): as likely a word as a name.
    pub(super) fragile: bool,
    pub(super) also_person: bool,
    /// A one-word Latin given name (`Rules::is_latin_given_name`) whose
    /// candidates are all towns under [`WORLD_CITY_POPULATION`](super::params::WORLD_CITY_POPULATION) / 2 that
    /// are no capitals: dropped next to a capitalised non-place word
    /// ("Serena Williams"), without making its other mentions a person
    /// ("the Denver Post" keeps Denver: too big).
    pub(super) given_name: bool,
    /// Also an everyday English word (see `Rules::is_common_word`): dropped
    /// next to a capitalised non-place word, without making its other
    /// mentions a person ("Oxford University" … "in Oxford").
    pub(super) common_word: bool,
    /// One Latin word that is also an everyday English word ("Delta", "Lib",
    /// "Bay"; `Rules::is_common_word`): see `is_minor`.
    pub(super) everyday_word: bool,
    /// Dropped as (part of) a person's name.
    pub(super) person: bool,
    pub(super) supported: bool,
    pub(super) cue: Option<ClassCue>,
    /// Candidates allowed by containment, with the container's country.
    pub(super) contained: Option<(Vec<u32>, String)>,
    /// Town and county candidates with another name of the document within
    /// a few kilometres (rule `named_neighbours_are_context`,
    /// [`super::nearby`]): context for a small or minor place.
    pub(super) near: Vec<u32>,
    pub(super) dropped: bool,
    /// The rule that dropped it (debugging aid; not in the output).
    pub(super) dropped_by: Option<&'static str>,
}

/// One demonym match.
#[derive(Debug, Clone)]
pub(super) struct DemonymHit {
    pub(super) field_index: usize,
    pub(super) span: CharSpan,
    pub(super) tokens: Range<usize>,
    pub(super) iso2: String,
}

impl Occurrence {
    /// Marks the occurrence dropped by rule `rule` (as a person's name when
    /// `person`).
    pub(super) fn drop_by(&mut self, rule: &'static str, person: bool) {
        self.dropped = true;
        self.person |= person;
        self.dropped_by = Some(rule);
    }
}

/// What covers a token of a field: an occurrence or a demonym hit (indices
/// into their vectors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hit {
    Place(usize),
    Demonym(usize),
}
