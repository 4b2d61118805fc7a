//! Compass words: the one list of the crate, in English and Arabic. Closed
//! classes (grammar of direction phrases), so they are code; the rules that
//! read them say how (containment gaps "Tripoli in northern Lebanon",
//! region openers "western Europe", agents "قوات شرق ليبيا").

/// English cardinal directions as nouns: "the north of Syria".
pub const EN_NOUNS: &[&str] = &["north", "south", "east", "west"];
/// English direction adjectives, `central` included: "northern Lebanon".
pub const EN_ADJECTIVES: &[&str] = &["northern", "southern", "eastern", "western", "central"];
/// English intercardinal directions: "northeast Nigeria".
pub const EN_INTERCARDINAL: &[&str] = &["northeast", "northwest", "southeast", "southwest"];
/// Arabic directions as nouns (also the first term of a construct phrase):
/// شمال سوريا، شرق ليبيا، وسط بغداد.
pub const AR_NOUNS: &[&str] = &["شمال", "جنوب", "شرق", "غرب", "وسط"];
/// Arabic direction adjectives (nisba; written with final ي or ى, which
/// normalise alike): جنوبي لبنان، شرقي حلب.
pub const AR_ADJECTIVES: &[&str] = &["شمالي", "جنوبي", "شرقي", "غربي"];

/// Every English compass word, lowercase as written ([`EN_NOUNS`],
/// [`EN_ADJECTIVES`], [`EN_INTERCARDINAL`]).
pub fn english() -> impl Iterator<Item = &'static str> {
    EN_NOUNS
        .iter()
        .chain(EN_ADJECTIVES)
        .chain(EN_INTERCARDINAL)
        .copied()
}

/// Every Arabic compass word ([`AR_NOUNS`], [`AR_ADJECTIVES`]).
pub fn arabic() -> impl Iterator<Item = &'static str> {
    AR_NOUNS.iter().chain(AR_ADJECTIVES).copied()
}

/// Is `norm`, a token already normalised by [`crate::nlp::normalize`], an
/// Arabic compass word ([`arabic`], normalised once per process: the
/// candidates of the locations stage ask this of every one-token match).
pub fn is_arabic_normalized(norm: &str) -> bool {
    static NORMALIZED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NORMALIZED
        .get_or_init(|| arabic().map(crate::nlp::normalize).collect())
        .iter()
        .any(|w| w == norm)
}

/// Is `word`, exactly as written, an English compass word ("western" yes,
/// "Western" no: a capital makes it part of a name)?
pub fn is_english(word: &str) -> bool {
    english().any(|w| w == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_are_lowercase_and_exact() {
        assert_eq!(english().count(), 13);
        assert!(is_english("western") && is_english("southeast"));
        assert!(!is_english("Western") && !is_english("west-"));
        assert_eq!(arabic().count(), 9);
    }

    #[test]
    fn arabic_words_match_in_normalised_form() {
        // ى and ي normalise alike: «جنوبى» as written on the web is جنوبي.
        assert!(is_arabic_normalized(&crate::nlp::normalize("جنوبى")));
        assert!(is_arabic_normalized(&crate::nlp::normalize("وسط")));
        assert!(!is_arabic_normalized(&crate::nlp::normalize("حلب")));
    }
}
