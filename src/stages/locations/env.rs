//! [`Env`]: what every step of the stage reads (the gazetteer and the
//! context word lists), with the place relations the steps share:
//! containment, "needs context" and "minor place".

use crate::nlp::script::is_latin;

use super::evidence;
use super::gazetteer::{Gazetteer, Place};
use super::occurrence::Occurrence;
use super::params::{MINOR_POPULATION, SMALL_PLACE_POPULATION};
use super::rules::Rules;

/// The read-only knowledge of one `process` call: borrowed from the
/// [`LocationTagger`](super::LocationTagger), built per article for free.
#[derive(Clone, Copy)]
pub(super) struct Env<'a> {
    pub(super) gazetteer: &'a Gazetteer,
    pub(super) rules: &'a Rules,
}

impl<'a> Env<'a> {
    /// The place at index `idx` of [`Gazetteer::places`].
    pub(super) fn place(&self, idx: u32) -> &'a Place {
        &self.gazetteer.places()[idx as usize]
    }

    /// Does place `outer` contain place `inner` (country ⊃ anything in it,
    /// ADM1 ⊃ places with its admin1 code)?
    pub(super) fn contains(&self, outer: u32, inner: u32) -> bool {
        if outer == inner {
            return false;
        }
        let (o, i) = (self.place(outer), self.place(inner));
        if o.country_code != i.country_code || i.is_country() {
            return false;
        }
        if o.is_country() {
            return true;
        }
        if o.admin1.is_empty() || o.admin1 != i.admin1 {
            return false;
        }
        if o.is_admin1() {
            return !i.is_admin1();
        }
        o.is_admin2() && i.feature_class == 'P' && !o.admin2.is_empty() && o.admin2 == i.admin2
    }

    /// Does place `c` need context in the text to be chosen (a town under
    /// [`SMALL_PLACE_POPULATION`] that is not a capital, or a second-level
    /// division)?
    pub(super) fn needs_context(&self, c: u32) -> bool {
        let p = self.place(c);
        p.is_admin2()
            || (p.feature_class == 'P'
                && p.feature_code != "PPLC"
                && p.population < SMALL_PLACE_POPULATION)
    }

    /// A minor place: a town (`P`, not a capital) under
    /// [`MINOR_POPULATION`] named by a single unsupported token, or anything
    /// but a country behind a fragile proclitic split. Such names
    /// are mostly everyday words that also name a town somewhere (بيان،
    /// يوما، "Michael"), so they are kept only in a focus country.
    pub(super) fn is_minor(&self, c: u32, o: &Occurrence) -> bool {
        let p = self.place(c);
        if o.contained.is_some() || o.cue.is_some() || o.tokens.len() > 1 || o.near.contains(&c) {
            return false;
        }
        // A division whose one-word name is also an everyday English word
        // is read as the word unless the document is about its country:
        // "Lib Dems" (Lib, Marshall Islands), "Delta" (Nigeria), "Bay"
        // (Somalia), "Forest" (Guernsey). Measured on GeoWebNews (dev):
        // extending this to divisions named like people ("Wales",
        // "Alberta") and to towns of up to 500,000 named like people
        // ("Bolton", "Geneva") lost more places than it saved.
        if o.everyday_word && (p.is_admin1() || p.is_admin2()) {
            return true;
        }
        if o.fragile {
            return !p.is_country() && !evidence::big_city_behind_a_proclitic(p);
        }
        if evidence::arabic_town_is_its_own_evidence(
            p,
            o.social && !is_latin(&o.written),
            o.candidates
                .iter()
                .all(|&c| evidence::is_arabic_speaking(&self.place(c).country_code)),
            o.stopword || o.also_person || o.everyday_word,
        ) {
            return false;
        }
        p.is_admin2()
            || (p.feature_class == 'P'
                && p.feature_code != "PPLC"
                && p.population < MINOR_POPULATION)
    }
}

/// `CC.a1` and `CC.a1.a2` of a place, where its codes give them.
pub(super) fn division_keys(p: &Place) -> (Option<String>, Option<String>) {
    if p.is_country() || p.admin1.is_empty() || p.admin1 == "00" {
        return (None, None);
    }
    let a1 = format!("{}.{}", p.country_code, p.admin1);
    let a2 = (!p.admin2.is_empty()).then(|| format!("{a1}.{}", p.admin2));
    (Some(a1), a2)
}
