//! Cue rules: words next to a name that say what kind of place it is.
//! "مدينة الكويت" → city, "محافظة القاهرة" → division, "دولة الكويت" →
//! country, "the city of X", "الجزائر العاصمة", "Suffolk County"; and "the
//! Atlantic" is the ocean. A cue is also support: a stoplisted name with a
//! cue is kept.

use crate::nlp::script::is_latin;

use super::super::env::Env;
use super::super::occurrence::{ClassCue, Hit, Occurrence};
use super::FieldView;
use super::containment::restrict_to_country;

/// Is `norm` a division word for `o`? "the Sahel region", "the Caucasus
/// region": the word region names the region itself, not a division called
/// so.
fn division_word(env: &Env<'_>, o: &Occurrence, norm: &str) -> bool {
    let has_region = o.candidates.iter().any(|&c| env.place(c).is_region());
    env.rules.is_division_cue(norm) && !(has_region && norm == "region")
}

/// A city, division or country word before the name, skipping one demonym
/// ("العاصمة الليبية طرابلس": the capital, in Libya), or two tokens back
/// after "of" ("city of Tripoli"). Sets the cue and support; a skipped
/// demonym restricts the name to its country.
pub(in super::super) fn class_cue_before(env: &Env<'_>, view: &FieldView<'_>, o: &mut Occurrence) {
    let tokens = &view.af.tokens;
    let mut j = o.tokens.start;
    let mut demonym_country = None;
    if j > 0
        && let Some(Hit::Demonym(d)) = view.token_hit.get(&(j - 1))
    {
        demonym_country = Some(view.demonyms[*d].iso2.clone());
        j = view.demonyms[*d].tokens.start;
    }
    if j == 0 || matches!(view.token_hit.get(&(j - 1)), Some(Hit::Place(_))) {
        return;
    }
    let prev = &tokens[j - 1].norm;
    let prev2 = (j > 1 && prev == "of").then(|| tokens[j - 2].norm.as_str());
    let cue_word = prev2.unwrap_or(prev);
    o.cue = if env.rules.is_city_cue(cue_word) {
        Some(ClassCue::City)
    } else if division_word(env, o, cue_word) {
        Some(ClassCue::Division)
    } else if env.rules.is_country_cue(cue_word) {
        Some(ClassCue::Country)
    } else {
        None
    };
    if o.cue.is_some() {
        o.supported = true;
        if let Some(c) = demonym_country {
            restrict_to_country(env, o, &c, true);
        }
    }
}

/// A city word after the name ("الجزائر العاصمة"), or a division word after
/// a Latin-script name ("Suffolk County", "Tripoli province").
pub(in super::super) fn class_cue_after(env: &Env<'_>, view: &FieldView<'_>, o: &mut Occurrence) {
    let end = o.tokens.end;
    let Some(next) = view.token(end) else {
        return;
    };
    if view.token_hit.contains_key(&end) {
        return;
    }
    if env.rules.is_city_cue_after(&next.norm) {
        o.cue = Some(ClassCue::City);
        o.supported = true;
    } else if division_word(env, o, &next.norm) && is_latin(&o.written) {
        o.cue = Some(ClassCue::Division);
        o.supported = true;
    }
}

/// "the Atlantic", "the Pacific": a lowercase "the" before a stoplisted
/// name that also names a sea or an ocean, with no capitalised word after
/// it ("the Atlantic Council"), is the water body.
pub(in super::super) fn the_water_body(env: &Env<'_>, view: &FieldView<'_>, o: &mut Occurrence) {
    let the_before = view
        .before(o)
        .is_some_and(|t| t.norm == "the" && !t.capitalized);
    let capital_after = view.after(o).is_some_and(|t| t.capitalized);
    if o.stopword
        && !o.supported
        && the_before
        && !capital_after
        && o.candidates
            .iter()
            .any(|&c| env.place(c).feature_class == 'H')
    {
        o.candidates.retain(|&c| env.place(c).feature_class == 'H');
        o.supported = true;
    }
}

#[cfg(test)]
mod tests {
    use crate::stages::locations::testutil::*;

    #[test]
    fn the_word_state_before_a_country_is_a_cue_outside_the_mention() {
        let body = "وصل الأمير إلى دولة الكويت ثم إلى سلطنة عمان.";
        let d = tag(body);
        let kuwait = find(&d, 285570);
        let m = &kuwait.mentions[0];
        assert_eq!(m.text, "الكويت");
        // Offsets in scalar values: "وصل الأمير إلى دولة " is 20 of them.
        assert_eq!((m.start, m.end), (20, 26));
        assert_eq!(CharSpan::new(m.start, m.end).slice(body), Some("الكويت"));
        assert!(kuwait.reason.contains("cue_country"), "{}", kuwait.reason);
        // Other official forms stay whole names: سلطنة عمان is Oman.
        assert_eq!(find(&d, OMAN).mentions[0].text, "سلطنة عمان");
    }

    #[test]
    fn a_division_word_picks_the_same_named_division() {
        let d = tag("Floods hit Red Sea State in eastern Sudan.");
        assert!(ids(&d).contains(&RED_SEA_STATE_SD), "{:#?}", d.locations);
        assert!(!ids(&d).contains(&RED_SEA));
        // GeoNames names Egypt's governorate محافظة البحر الأحمر in full.
        let d = tag("سقطت أمطار غزيرة على محافظة البحر الأحمر في مصر.");
        let gov = find(&d, RED_SEA_GOVERNORATE_EG);
        assert_eq!(gov.mentions[0].text, "محافظة البحر الأحمر");
        assert_eq!(gov.country_code, "EG");
        assert!(!ids(&d).contains(&RED_SEA));
        // "region" after a region's name is the region itself.
        let d = tag("Jihadist groups spread across the Sahel region.");
        assert_eq!(ids(&d), vec![SAHEL]);
        assert!(!ids(&d).contains(&SAHEL_BF));
    }
}
