//! Context rules: what the words around a toponym say about it. Each rule
//! family is one file; this module holds the [`FieldView`] they read and the
//! ORDER in which they run, per field:
//!
//! 1. the [`DROP_RULES`], first match wins: the name is (part of) a person's
//!    name ([`person`]), an organisation's, a street's or a time zone's
//!    ([`org`]);
//! 2. the [`MARK_RULES`]: cue words before or after the name restrict its
//!    feature class, "the Atlantic" is the water body ([`cues`]);
//! 3. containment between neighbours ([`containment`]).
//!
//! [`actors`] runs after all fields: toponyms inside actor names found by
//! the `actors` stage.

pub(super) mod actors;
pub(super) mod containment;
pub(super) mod cues;
pub(super) mod org;
pub(super) mod person;

use crate::article::{CharSpan, FieldText};
use crate::nlp::{AnalyzedField, Token};
use crate::stages::Analysis;

use super::env::Env;
use super::occurrence::{DemonymHit, Hit, Occurrence};

/// A rule that may drop an occurrence: `Some(person)` drops it (as a
/// person's name when `person`), `None` leaves it to the next rule.
pub(super) type DropRule = fn(&Env<'_>, &FieldView<'_>, &Occurrence) -> Option<bool>;

/// A rule that marks an occurrence (cue, support, candidates).
pub(super) type MarkRule = fn(&Env<'_>, &FieldView<'_>, &mut Occurrence);

/// The drop rules in the order they are tried; the name is the
/// occurrence's `dropped_by`.
pub(super) const DROP_RULES: &[(&str, DropRule)] = &[
    ("person_cue_before", person::person_cue_before),
    (
        "arabic_given_name_before_foreign_town",
        person::arabic_given_name_before_foreign_town,
    ),
    ("latin_first_name_before", person::latin_first_name_before),
    (
        "person_or_word_before_capitalised",
        person::person_or_word_before_capitalised,
    ),
    ("club_or_organisation_cue", org::club_or_organisation_cue),
    ("street_cue", org::street_cue),
    ("time_zone_cue", org::time_zone_cue),
];

/// The marking rules, in order, for occurrences no drop rule took.
pub(super) const MARK_RULES: &[(&str, MarkRule)] = &[
    ("class_cue_before", cues::class_cue_before),
    ("class_cue_after", cues::class_cue_after),
    ("the_water_body", cues::the_water_body),
];

/// Token index → the hit covering it, for the tokens of one field: a slot
/// per token (the rules ask about neighbouring tokens of every occurrence;
/// an index beats hashing the token number). A later insert replaces an
/// earlier one, as in a map.
pub(super) struct TokenHits(Vec<Option<Hit>>);

impl TokenHits {
    fn insert(&mut self, t: usize, hit: Hit) {
        if let Some(slot) = self.0.get_mut(t) {
            *slot = Some(hit);
        }
    }

    /// The hit covering token `t`, if any.
    pub(super) fn get(&self, t: &usize) -> Option<&Hit> {
        self.0.get(*t)?.as_ref()
    }

    /// Does a hit cover token `t`?
    pub(super) fn contains_key(&self, t: &usize) -> bool {
        self.get(t).is_some()
    }
}

/// One analysed field as the context rules see it: its tokens, the text
/// between tokens, and which tokens a toponym or demonym covers.
pub(super) struct FieldView<'a> {
    /// Index of the field in [`Analysis::fields`].
    pub(super) index: usize,
    pub(super) af: &'a AnalyzedField,
    chars: FieldText<'a>,
    /// Token index → the hit covering it. Stoplisted names are left out:
    /// they are words here (مدينة, العاصمة are cues, not places).
    pub(super) token_hit: TokenHits,
    /// Per occurrence (all fields): are all its candidates places that need
    /// context ([`Env::needs_context`])?
    weak: Vec<bool>,
    pub(super) demonyms: &'a [DemonymHit],
}

impl<'a> FieldView<'a> {
    fn new(
        env: &Env<'_>,
        index: usize,
        af: &'a AnalyzedField,
        text: &'a str,
        occ: &[Occurrence],
        demonyms: &'a [DemonymHit],
    ) -> Self {
        let mut token_hit = TokenHits(vec![None; af.tokens.len()]);
        for (i, o) in occ
            .iter()
            .enumerate()
            .filter(|(_, o)| o.field_index == index && !o.stopword)
        {
            for t in o.tokens.clone() {
                token_hit.insert(t, Hit::Place(i));
            }
        }
        for (i, d) in demonyms
            .iter()
            .enumerate()
            .filter(|(_, d)| d.field_index == index)
        {
            for t in d.tokens.clone() {
                token_hit.insert(t, Hit::Demonym(i));
            }
        }
        // A token that only a small place's name covers ("Johnson", a
        // town of 1,500) is as likely a surname: it does not stop the
        // person rules ("Chad Johnson" is a person, not the country).
        let weak = occ
            .iter()
            .map(|o| o.candidates.iter().all(|&c| env.needs_context(c)))
            .collect();
        Self {
            index,
            af,
            chars: af.text(text),
            token_hit,
            weak,
            demonyms,
        }
    }

    /// The original text between char offsets `a` and `b` (empty if `b < a`).
    pub(super) fn gap(&self, a: usize, b: usize) -> &str {
        self.chars.get(CharSpan::new(a, b.max(a))).unwrap_or("")
    }

    /// Is only whitespace between char offsets `a` and `b`?
    pub(super) fn tight(&self, a: usize, b: usize) -> bool {
        self.gap(a, b).chars().all(char::is_whitespace)
    }

    /// Does a demonym or a toponym that needs no context cover token `t`?
    pub(super) fn strong_hit(&self, t: usize) -> bool {
        match self.token_hit.get(&t) {
            Some(Hit::Place(i)) => !self.weak[*i],
            Some(Hit::Demonym(_)) => true,
            None => false,
        }
    }

    /// Token `t`, if the field has one.
    pub(super) fn token(&self, t: usize) -> Option<&Token> {
        self.af.tokens.get(t)
    }

    /// The token right before occurrence `o`, in its sentence.
    pub(super) fn before(&self, o: &Occurrence) -> Option<&Token> {
        let first = &self.af.tokens[o.tokens.start];
        (o.tokens.start > 0)
            .then(|| &self.af.tokens[o.tokens.start - 1])
            .filter(|t| t.sentence == first.sentence)
    }

    /// The token right after occurrence `o`, in its sentence.
    pub(super) fn after(&self, o: &Occurrence) -> Option<&Token> {
        let first = &self.af.tokens[o.tokens.start];
        self.token(o.tokens.end)
            .filter(|t| t.sentence == first.sentence)
    }
}

/// Runs the context rules over every field, in the order above.
pub(super) fn apply(
    env: &Env<'_>,
    analysis: &Analysis,
    texts: &[&str],
    occ: &mut [Occurrence],
    dem: &[DemonymHit],
) {
    for (fi, (af, &text)) in analysis.fields.iter().zip(texts).enumerate() {
        let view = FieldView::new(env, fi, af, text, occ, dem);
        let idxs: Vec<usize> = (0..occ.len())
            .filter(|&i| occ[i].field_index == fi)
            .collect();
        'occurrence: for &i in &idxs {
            for (name, rule) in DROP_RULES {
                if let Some(person) = rule(env, &view, &occ[i]) {
                    occ[i].drop_by(name, person);
                    continue 'occurrence;
                }
            }
            for (_, rule) in MARK_RULES {
                rule(env, &view, &mut occ[i]);
            }
        }
        containment::between_neighbours(env, &view, &idxs, occ);
    }
}
