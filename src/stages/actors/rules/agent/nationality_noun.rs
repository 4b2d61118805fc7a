//! Rule 2c, `nationality_noun`: an English nationality adjective before a
//! common noun that is no role ("Ukrainian protestor", "Russian building",
//! "Israeli tank shelling", "Palestinian prisoners") stands for its
//! country, as PETRARCH codes a nationality adjective wherever it appears
//! (its actors dictionaries list demonyms under the country). The actor is
//! the country (`code` = alpha-3, no role); an adjective before a role
//! noun is rule 2's ("Syrian army" → `SYRMIL`).
//!
//! Not where the noun names a place, a language or money of the country
//! ("the Egyptian capital", "Syrian territory", "Iraqi dinars"): those are
//! no actor, and the toponym rules handle places.

use crate::nlp::AnalyzedField;
use crate::nlp::script::has_arabic;
use crate::stages::actors::evidence::Item;

/// Nouns after a nationality that do not make it an actor: places, parts
/// of a country, languages, money, origin.
const NOT_ACTOR_NOUNS: &[&str] = &[
    "capital",
    "city",
    "cities",
    "town",
    "towns",
    "village",
    "villages",
    "border",
    "borders",
    "frontier",
    "side",
    "territory",
    "territories",
    "coast",
    "coastline",
    "waters",
    "soil",
    "airspace",
    "province",
    "provinces",
    "region",
    "regions",
    "port",
    "ports",
    "island",
    "islands",
    "desert",
    "mountains",
    "countryside",
    "mainland",
    "enclave",
    "sector",
    "language",
    "dialect",
    "pound",
    "pounds",
    "dinar",
    "dinars",
    "lira",
    "riyal",
    "riyals",
    "rial",
    "rials",
    "currency",
    "origin",
    "descent",
    "citizenship",
    "nationality",
    "passport",
    "passports",
    "heritage",
    "cuisine",
    "food",
    "style",
    "name",
    "names",
    "time",
    "soccer",
    "football",
    "league",
    "cup",
];

/// Words that are no noun of the phrase.
const FUNCTION_WORDS: &[&str] = &[
    "and", "or", "but", "of", "the", "a", "an", "in", "on", "at", "to", "for", "with", "by",
    "from", "as", "is", "was", "are", "were", "be", "been", "has", "have", "had", "who", "which",
    "that", "said", "says", "will", "would", "also", "not",
];

/// The token after the noun when the English nationality adjective at
/// tokens `start..end` stands before a common noun that makes it an actor
/// (module doc); `None` otherwise.
pub(super) fn noun_after(
    field: &AnalyzedField,
    item_at: &[Option<(Item, usize)>],
    start: usize,
    end: usize,
) -> Option<usize> {
    let tokens = &field.tokens;
    let adjective = &tokens[start];
    let noun = tokens.get(end)?;
    let plain = |w: &str| w.len() >= 3 && w.chars().all(|c| c.is_ascii_lowercase());
    let ok = !has_arabic(&adjective.norm)
        && adjective.capitalized
        && noun.sentence == adjective.sentence
        && item_at[end].is_none()
        && !noun.capitalized
        && plain(&noun.norm)
        && !FUNCTION_WORDS.contains(&noun.norm.as_str())
        && !NOT_ACTOR_NOUNS.contains(&noun.norm.as_str())
        && noun.span.start <= adjective.span.end + 1;
    ok.then_some(end + 1)
}

#[cfg(test)]
mod tests {
    use crate::stages::actors::testutil::*;

    fn code_of(text: &str, surface: &str) -> Option<String> {
        tag(text, "2019-04-14")
            .iter()
            .find(|a| a.mentions.iter().any(|m| m.text == surface))
            .and_then(|a| a.code.clone())
    }

    #[test]
    fn a_nationality_before_a_common_noun_is_its_country() {
        let cases = [
            (
                "Two Egyptian fishermen were freed on Monday.",
                "Egyptian fishermen",
                "EGY",
            ),
            ("A Turkish drone struck the convoy.", "Turkish drone", "TUR"),
            (
                "Sudanese farmers blocked the road.",
                "Sudanese farmers",
                "SDN",
            ),
        ];
        for (text, surface, code) in cases {
            assert_eq!(code_of(text, surface).as_deref(), Some(code), "{text}");
        }
    }

    #[test]
    fn places_roles_and_function_words_after_a_nationality_are_not_this_rule() {
        assert_eq!(
            code_of("They reached the Egyptian capital.", "Egyptian capital"),
            None
        );
        assert_eq!(
            code_of("He crossed into Syrian territory.", "Syrian territory"),
            None
        );
        assert_eq!(
            code_of("Egyptian and Jordanian envoys met.", "Egyptian and"),
            None
        );
        // A role noun keeps rule 2's composed code.
        assert_eq!(
            code_of("The Syrian army advanced.", "Syrian army").as_deref(),
            Some("SYRMIL")
        );
    }
}
