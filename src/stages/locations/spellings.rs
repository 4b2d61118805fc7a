//! Social spellings of place names: forms that tweets, hashtags and local
//! web text give a name besides the gazetteer's, derived from each name when
//! the tagger indexes it (the text side of the same gaps is in
//! [`crate::nlp`]: Maghrebi and Persian letters, letter elongation).
//!
//! - `joined_words`: a name of two or three words written as one
//!   (`ديرالزور`, `#DeirEzzor`, `#HafrAlBatin`): Arabic-script names, and
//!   Latin-script names of places in the Arab world, Iran, Turkey and
//!   Afghanistan, when the joined form has at least [`MIN_JOINED_LETTERS`]
//!   letters (shorter joins are words: "Al Ain" → "alain").
//! - `final_hamza_dropped`: an Arabic name ending in اء written without the
//!   hamza (`صنعا` for صنعاء, `سينا`, `الاحسا`), as social text often does,
//!   when at least three letters are left.
//!
//! Source of the gaps: measured on our binary, `data/gazetteer/wof/LOADING.md`
//! § 5.

use crate::nlp::script::{is_arabic_word, is_latin};

use super::gazetteer::Place;

/// Fewest letters of a joined form.
const MIN_JOINED_LETTERS: usize = 6;

/// Countries whose places hashtags write in Latin letters joined
/// (the Arab League's members, Western Sahara, Iran, Turkey, Afghanistan;
/// ISO 3166-1 alpha-2).
const JOINED_LATIN_COUNTRIES: &[&str] = &[
    "AE", "BH", "DJ", "DZ", "EG", "EH", "IQ", "JO", "KM", "KW", "LB", "LY", "MA", "MR", "OM", "PS",
    "QA", "SA", "SD", "SO", "SY", "TN", "YE", "IR", "TR", "AF",
];

/// The social spellings of gazetteer name `name` of `place` (empty for
/// most names), as written forms for the matcher to normalise.
pub(super) fn social_spellings(name: &str, place: &Place) -> Vec<String> {
    let mut out = Vec::new();
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect();
    let arabic = words.iter().all(|w| is_arabic_word(w));
    if (2..=3).contains(&words.len()) {
        let joined: String = words.concat();
        let letters = joined.chars().filter(|c| c.is_alphabetic()).count();
        let latin_ok = is_latin(name)
            && JOINED_LATIN_COUNTRIES.contains(&place.country_code.as_str())
            && words.iter().all(|w| !w.contains('\''));
        if letters >= MIN_JOINED_LETTERS && (arabic || latin_ok) {
            out.push(joined);
        }
    }
    if arabic
        && let Some(stem) = name.strip_suffix('ء')
        && stem.ends_with('ا')
        && stem.chars().filter(|c| c.is_alphabetic()).count() >= 3
    {
        out.push(stem.to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::locations::gazetteer::{Code, GazetteerId};

    fn place(cc: &str) -> Place {
        Place {
            geonameid: 1,
            gazetteer_id: GazetteerId::GeoNames(1),
            wof_id: None,
            name: String::new(),
            feature_class: 'P',
            feature_code: "PPL".into(),
            country_code: cc.into(),
            admin1: Code::default(),
            admin2: Code::default(),
            population: 0,
            lat: 0.0,
            lon: 0.0,
        }
    }

    #[test]
    fn joined_words_and_dropped_hamza() {
        assert_eq!(social_spellings("دير الزور", &place("SY")), ["ديرالزور"]);
        assert_eq!(social_spellings("Deir Ezzor", &place("SY")), ["DeirEzzor"]);
        assert_eq!(
            social_spellings("Hafr Al-Batin", &place("SA")),
            ["HafrAlBatin"]
        );
        assert_eq!(social_spellings("صنعاء", &place("YE")), ["صنعا"]);
        assert_eq!(social_spellings("الأحساء", &place("SA")), ["الأحسا"]);
        // Too short, Latin outside the region, one word, four words.
        assert!(social_spellings("Al Ain", &place("AE")).is_empty());
        assert!(social_spellings("New York", &place("US")).is_empty());
        assert!(social_spellings("حلب", &place("SY")).is_empty());
        assert!(social_spellings("ماء", &place("SY")).is_empty());
        assert!(social_spellings("Ras al Ain al Kabir", &place("SY")).is_empty());
    }
}
