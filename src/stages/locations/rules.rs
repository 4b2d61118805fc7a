//! Word lists the tagger reads its context from: the stoplist, person cues,
//! demonyms, and the small closed classes of cue words (place words before a
//! name, the words allowed between a place and its container).
//!
//! The open lists are data (`data/gazetteer/stoplist.tsv`,
//! `data/gazetteer/person_cues.tsv`, `data/gazetteer/common_words.txt`,
//! `data/countries/demonyms.tsv`), embedded
//! at build time. The closed classes are grammar and live here.

use std::collections::HashMap;
use std::sync::Arc;

use crate::lexicon::{Countries, DemonymForm, Lexicon, compass, norm_set, tsv_rows};
use crate::nlp::{FastSet, arabic, normalize};

const STOPLIST: &str = include_str!("../../../data/gazetteer/stoplist.tsv");
const PERSON_CUES: &str = include_str!("../../../data/gazetteer/person_cues.tsv");
const COMMON_WORDS: &str = include_str!("../../../data/gazetteer/common_words.txt");

/// Words before a name saying it is a city, town or village: "مدينة طرابلس",
/// "العاصمة عمان", "قرية بيتونيا", "city of Tripoli", "the capital Amman".
/// Not the indefinite عاصمة: "عاصمة فلسطين" is "the capital of Palestine"
/// (a construct phrase: the name after it is the country).
const CITY_CUES: &[&str] = &[
    "مدينة",
    "العاصمة",
    "بلدة",
    "قرية",
    "city",
    "town",
    "village",
    "capital",
];
/// Words right after a name saying it is the city: "الجزائر العاصمة".
const CITY_CUES_AFTER: &[&str] = &["العاصمة"];
/// Words before or after a name saying it is a division: "محافظة القاهرة",
/// "ولاية جورجيا", "Georgia state", "Tripoli province", "Rapides Parish"
/// (US counties are parishes in Louisiana and boroughs in Alaska).
const DIVISION_CUES: &[&str] = &[
    "محافظة",
    "ولاية",
    "إقليم",
    "اقليم",
    "شعبية",
    "مقاطعة",
    "governorate",
    "province",
    "state",
    "region",
    "district",
    "county",
    "parish",
    "borough",
];
/// Words before a name saying it is a country: "دولة الكويت", "country of".
const COUNTRY_CUES: &[&str] = &[
    "دولة",
    "جمهورية",
    "مملكة",
    "سلطنة",
    "country",
    "republic",
    "kingdom",
];
/// Prepositions of [`GAP_WORDS`]: alone between two names they are weak
/// evidence of containment (see [`Rules::is_weak_containment_gap`]).
const WEAK_GAP_WORDS: &[&str] = &["in", "of", "near", "في"];
/// Words that may stand between a place and the place that contains it:
/// "Tripoli, Lebanon", "طرابلس شمال لبنان", "Tripoli in northern Lebanon":
/// the [`WEAK_GAP_WORDS`] and every compass word ([`compass`]).
/// Words next to a city's name that make it a sports club or other
/// organisation ("ريال مدريد", "مانشستر يونايتد", "نادي برشلونة", "FC Barcelona",
/// "Manchester United"): before the name …
const ORG_CUES_BEFORE: &[&str] = &[
    "ريال",
    "نادي",
    "فريق",
    "منتخب",
    "انتر",
    "إنتر",
    "real",
    "fc",
    "club",
    "team",
];
/// … and after it.
const ORG_CUES_AFTER: &[&str] = &[
    "يونايتد",
    "سيتي",
    "هوتسبير",
    "united",
    "fc",
    "hotspur",
    "rovers",
    "wanderers",
];
/// Capitalised words after a name that make it a street's, a venue's or a
/// programme's name ("Alps Road", "Baghdad Street", "Mediterranean
/// Dialogue"); lowercase they do not ("the Aleppo road" leads to Aleppo).
const STREET_CUES_AFTER: &[&str] = &[
    "road",
    "street",
    "avenue",
    "boulevard",
    "lane",
    "drive",
    "way",
    "highway",
    "square",
    "hotel",
    "dialogue",
];
/// Words before a region's name that make the phrase a time zone, not a
/// place: «بتوقيت وسط أوروبا» (Central European Time), «توقيت شرق أفريقيا».
const TIME_ZONE_CUES: &[&str] = &["توقيت"];
/// Capitalised words that start English sentences and are not given names
/// (besides the compass words [`compass::EN_NOUNS`] and
/// [`compass::EN_ADJECTIVES`]).
const FUNCTION_WORDS: &[&str] = &[
    "the",
    "in",
    "at",
    "on",
    "from",
    "to",
    "and",
    "but",
    "of",
    "for",
    "with",
    "by",
    "near",
    "across",
    "both",
    "neighbouring",
    "neighboring",
    "while",
    "when",
    "as",
    "after",
    "before",
    "since",
    "if",
    "into",
];
/// Capitalised words that start a place's name rather than a person's
/// ("Lake Tahoe", "Fort Hood", "Greater Cairo", "Downtown Sanford"), besides
/// the compass words ([`compass::EN_NOUNS`], [`compass::EN_ADJECTIVES`]) and
/// the [`FUNCTION_WORDS`].
const PLACE_WORDS: &[&str] = &[
    "lake", "mount", "mt", "fort", "ft", "port", "saint", "st", "cape", "upper", "lower",
    "greater", "downtown", "old", "new", "metro", "in", "at", "from", "to", "of", "near",
    "outside", "across",
];
/// Capitalised words after a place name that name its local government or
/// people ("Tyler Police", "Marion City Council", "Clinton Township"):
/// after a name that is also a person's, they keep the place reading.
/// Names of single organisations ("Oxford University", "Clinton High
/// School") stay organisations.
const INSTITUTION_WORDS_AFTER: &[&str] = &[
    "police",
    "council",
    "city",
    "mayor",
    "fire",
    "sheriff",
    "township",
    "area",
    "residents",
    "officials",
    "community",
    "municipal",
    "district",
    "village",
    "town",
];

/// The context word lists, normalised once.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    stoplist: FastSet,
    titles: FastSet,
    given: FastSet,
    /// Arabic given names of `data/names/ar_given.txt` that are no everyday
    /// word (the list marks those with `*`; علي, read like على, counts as
    /// one): `actors::arabic_given_names`.
    ar_given: FastSet,
    /// Latin-script given names (`actors::latin_given_names`).
    latin_given: FastSet,
    also_person: FastSet,
    common_words: FastSet,
    city_cues: FastSet,
    city_cues_after: FastSet,
    division_cues: FastSet,
    country_cues: FastSet,
    gap_words: FastSet,
    function_words: FastSet,
    place_words: FastSet,
    org_before: FastSet,
    org_after: FastSet,
    institution_after: FastSet,
    street_after: FastSet,
    time_zone: FastSet,
    /// Demonym forms (Arabic ones expanded, normalised) with their codes.
    countries: Arc<Countries>,
}

impl Rules {
    /// The embedded lists, with the shared given names and demonyms of
    /// `lexicon`.
    pub fn new(lexicon: &Lexicon) -> Self {
        let stoplist = norm_set(tsv_rows(STOPLIST).filter_map(|r| r.get(1).copied()));
        let mut cues: HashMap<&str, Vec<&str>> = HashMap::new();
        for r in tsv_rows(PERSON_CUES) {
            if let (Some(kind), Some(form)) = (r.first(), r.get(2)) {
                cues.entry(kind).or_default().push(form);
            }
        }
        let take = |k: &str| norm_set(cues.get(k).into_iter().flatten().copied());
        Self {
            stoplist,
            titles: take("title"),
            given: take("given"),
            ar_given: lexicon
                .names
                .ar_given
                .iter()
                .filter(|(_, word)| !**word)
                .map(|(name, _)| name.clone())
                .collect(),
            also_person: take("also_person"),
            latin_given: lexicon.names.latin_given.clone(),
            common_words: norm_set(
                COMMON_WORDS
                    .lines()
                    .filter(|l| !l.starts_with('#'))
                    .map(str::trim),
            ),
            city_cues: norm_set(CITY_CUES.iter().copied()),
            city_cues_after: norm_set(CITY_CUES_AFTER.iter().copied()),
            division_cues: norm_set(DIVISION_CUES.iter().copied()),
            country_cues: norm_set(COUNTRY_CUES.iter().copied()),
            gap_words: norm_set(
                WEAK_GAP_WORDS
                    .iter()
                    .copied()
                    .chain(compass::english())
                    .chain(compass::arabic()),
            ),
            function_words: norm_set(
                FUNCTION_WORDS
                    .iter()
                    .chain(compass::EN_NOUNS)
                    .chain(compass::EN_ADJECTIVES)
                    .copied(),
            ),
            org_before: norm_set(ORG_CUES_BEFORE.iter().copied()),
            org_after: norm_set(ORG_CUES_AFTER.iter().copied()),
            institution_after: norm_set(INSTITUTION_WORDS_AFTER.iter().copied()),
            street_after: norm_set(STREET_CUES_AFTER.iter().copied()),
            time_zone: norm_set(TIME_ZONE_CUES.iter().copied()),
            place_words: norm_set(
                PLACE_WORDS
                    .iter()
                    .chain(compass::EN_NOUNS)
                    .chain(compass::EN_ADJECTIVES)
                    .chain(FUNCTION_WORDS)
                    .copied(),
            ),
            countries: Arc::clone(&lexicon.countries),
        }
    }

    /// Demonym forms in table order; Arabic ones expanded by
    /// [`crate::nlp::arabic::nisba_forms`] (normalised).
    pub fn demonyms(&self) -> &[DemonymForm] {
        self.countries.demonyms()
    }

    /// Is the normalised name on the stoplist (needs support in the text)?
    pub fn is_stopword(&self, norm: &str) -> bool {
        self.stoplist.contains(norm)
    }

    /// Is this normalised token a title or a given name (person cue)?
    pub fn is_person_cue(&self, token_norm: &str) -> bool {
        cue(&self.titles, token_norm) || cue(&self.given, token_norm)
    }

    /// Is this normalised token a title of the person-cue list (not a given
    /// name)?
    pub fn is_title_cue(&self, token_norm: &str) -> bool {
        cue(&self.titles, token_norm)
    }

    /// Is this normalised token (proclitics allowed) an Arabic given name
    /// that is no everyday word (`data/names/ar_given.txt`: جون، جورج)?
    pub fn is_ar_given_name(&self, token_norm: &str) -> bool {
        cue(&self.ar_given, token_norm)
    }

    /// Is this normalised name a given name of the person-cue list? Such a
    /// name that is also a place ("Michael", Isle of Man) needs support.
    pub fn is_given_name(&self, norm: &str) -> bool {
        self.given.contains(norm)
    }

    /// Is this normalised name on the `also_person` list of toponyms that
    /// are also common person names ("Jordan", "Houston")?
    pub fn is_also_person(&self, norm: &str) -> bool {
        self.also_person.contains(norm)
    }

    /// Is this normalised one-word name a Latin given name of `data/names/`
    /// (`en_given.txt`, `intl_given.txt`: "Serena", "Nigel")?
    pub fn is_latin_given_name(&self, norm: &str) -> bool {
        self.latin_given.contains(norm)
    }

    /// Is this normalised name also an everyday lowercase English word
    /// ("golden", "green", "from")? List: `data/gazetteer/common_words.txt`,
    /// gazetteer names ∩ SCOWL's American English words (generated by
    /// `data/build/common_words.py`).
    pub fn is_common_word(&self, norm: &str) -> bool {
        self.common_words.contains(norm)
    }

    /// Is this normalised token a word that says "city" before a name?
    pub fn is_city_cue(&self, token_norm: &str) -> bool {
        cue(&self.city_cues, token_norm)
    }

    /// Is `gap` (which [`Rules::is_containment_gap`] accepts) only a
    /// preposition ("in", "of", في), without punctuation or a direction
    /// word? Such a gap joins any noun to a place ("the coalition in
    /// Yemen"), so it is containment for big places only.
    pub fn is_weak_containment_gap(&self, gap: &str) -> bool {
        !gap.chars().any(is_separator)
            && gap
                .split_whitespace()
                .all(|w| WEAK_GAP_WORDS.iter().any(|p| normalize(w) == normalize(p)))
    }

    /// Is this normalised token a word that says "the capital" after a name?
    pub fn is_city_cue_after(&self, token_norm: &str) -> bool {
        self.city_cues_after.contains(token_norm)
    }

    /// Is this normalised token a division word (province, محافظة…)?
    pub fn is_division_cue(&self, token_norm: &str) -> bool {
        cue(&self.division_cues, token_norm)
    }

    /// Is this normalised token a country word (دولة, republic…)?
    pub fn is_country_cue(&self, token_norm: &str) -> bool {
        cue(&self.country_cues, token_norm)
    }

    /// Is this normalised token a sentence-start function word?
    pub fn is_function_word(&self, token_norm: &str) -> bool {
        self.function_words.contains(token_norm)
    }

    /// Does this token before a region's name make the phrase a time zone
    /// (توقيت, بتوقيت)?
    pub fn is_time_zone_cue(&self, token_norm: &str) -> bool {
        cue(&self.time_zone, token_norm)
    }

    /// Does this token before a name make it an organisation (ريال, FC)?
    pub fn is_org_cue_before(&self, token_norm: &str) -> bool {
        cue(&self.org_before, token_norm)
    }

    /// Is this normalised token a word for a place's institutions or people
    /// ("Police", "Council", "Residents") that may follow its name?
    pub fn is_institution_word_after(&self, token_norm: &str) -> bool {
        self.institution_after.contains(token_norm)
    }

    /// Does this token after a name make it an organisation (يونايتد, United)?
    pub fn is_org_cue_after(&self, token_norm: &str) -> bool {
        self.org_after.contains(token_norm)
    }

    /// Is this normalised token, capitalised in the text, a word that makes
    /// the name before it a street's or venue's name ("Alps Road")?
    pub fn is_street_cue_after(&self, token_norm: &str) -> bool {
        self.street_after.contains(token_norm)
    }

    /// Is this normalised token a function word or a word that starts place
    /// names ("Lake", "Fort", "Greater")?
    pub fn is_place_word(&self, token_norm: &str) -> bool {
        self.place_words.contains(token_norm)
    }

    /// May the original text `gap` stand between a place and its container?
    /// Punctuation and whitespace may, words only from the gap list, and the
    /// gap must hold at least one of either.
    pub fn is_containment_gap(&self, gap: &str) -> bool {
        // Bare juxtaposition is no containment: "إلى الولايات المتحدة" is
        // "to the United States", not a town called إلى in it.
        if gap.chars().count() > 30 || gap.chars().all(char::is_whitespace) {
            return false;
        }
        gap.split(|c: char| c.is_whitespace() || is_separator(c))
            .filter(|w| !w.is_empty())
            .all(|w| cue(&self.gap_words, &normalize(w)))
    }
}

/// Punctuation allowed around names in a containment phrase.
pub(crate) fn is_separator(c: char) -> bool {
    matches!(
        c,
        ',' | '،' | '-' | '–' | '—' | '(' | ')' | '"' | '\'' | '«' | '»' | ':' | '/'
    )
}

/// True if `token_norm` is a cue word, possibly with Arabic proclitics fused
/// to it (بمدينة، وللعاصمة → ل + العاصمة): any proclitic reading
/// ([`arabic::any_reading`]), however short the cue word (في).
fn cue(set: &FastSet, token_norm: &str) -> bool {
    arabic::any_reading(token_norm, 1, |w| set.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        Rules::new(&Lexicon::embedded())
    }

    #[test]
    fn compass_words_are_gap_function_and_place_words() {
        let r = rules();
        for w in ["northern", "southeast", "شمال", "جنوبى", "وسط"] {
            assert!(r.is_containment_gap(&format!(" {w} ")), "{w}");
        }
        assert!(r.is_function_word("central") && !r.is_function_word("southeast"));
        assert!(r.is_place_word("west") && r.is_place_word("fort"));
    }

    #[test]
    fn cues_accept_fused_proclitics() {
        let r = rules();
        assert!(r.is_city_cue(&normalize("بمدينة")));
        assert!(r.is_city_cue(&normalize("للعاصمة")));
        assert!(r.is_division_cue(&normalize("محافظة")));
        assert!(!r.is_city_cue(&normalize("مدينتي")));
        assert!(r.is_person_cue(&normalize("غسان")));
        assert!(r.is_person_cue(&normalize("President")));
    }

    #[test]
    fn containment_gap_allows_punctuation_and_direction_words_only() {
        let r = rules();
        assert!(r.is_containment_gap(", "));
        assert!(r.is_containment_gap(" شمال "));
        assert!(r.is_containment_gap(" in northern "));
        assert!(r.is_containment_gap("، "));
        assert!(!r.is_containment_gap(" and "));
        assert!(!r.is_containment_gap(" "), "bare juxtaposition");
        assert!(r.is_weak_containment_gap(" في "));
        assert!(r.is_weak_containment_gap(" in "));
        assert!(!r.is_weak_containment_gap(", "));
        assert!(!r.is_weak_containment_gap(" شمال "));
        assert!(!r.is_weak_containment_gap(" in northern "));
        assert!(!r.is_containment_gap(""));
        assert!(!r.is_containment_gap(" التي تقع في "));
    }

    #[test]
    fn stoplist_is_normalised() {
        let r = rules();
        assert!(r.is_stopword(&normalize("الجنوب")));
        assert!(r.is_stopword(&normalize("Reading")));
        assert!(!r.is_stopword(&normalize("طرابلس")));
    }
}
