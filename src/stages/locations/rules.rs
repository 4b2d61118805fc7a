//! Word lists the tagger reads its context from: the stoplist, person cues,
//! demonyms, and the cue words (place words before a name, club and street
//! words, the words allowed between a place and its container).
//!
//! All are data, embedded at build time: `data/locations/cues.tsv` (the cue
//! words, version key `locations`), `data/gazetteer/stoplist.tsv`,
//! `data/gazetteer/person_cues.tsv`, `data/gazetteer/common_words.txt`, and
//! the shared demonyms and given names of [`Lexicon`]. What stays code is
//! grammar: the punctuation of a containment phrase ([`is_separator`]).

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::lexicon::wordlist::version_line;
use crate::lexicon::{
    Countries, DemonymForm, Lexicon, LexiconError, WordLists, compass, norm_set, tsv_rows,
};
use crate::nlp::{FastSet, arabic, normalize};

const STOPLIST: &str = include_str!("../../../data/gazetteer/stoplist.tsv");
const PERSON_CUES: &str = include_str!("../../../data/gazetteer/person_cues.tsv");
const COMMON_WORDS: &str = include_str!("../../../data/gazetteer/common_words.txt");

/// The cue words (data/locations/cues.tsv, format
/// `data/lexicon/FORMAT.md`), embedded at build time.
const CUES: &str = include_str!("../../../data/locations/cues.tsv");
/// The name the cue file goes by in errors.
const CUES_FILE: &str = "data/locations/cues.tsv";
/// `data/locations/VERSION`.
const VERSION: &str = include_str!("../../../data/locations/VERSION");
/// The lists of the cue file: words before a name saying it is a city
/// (`city`: مدينة, "city of"), right after it (`city_after`: "الجزائر
/// العاصمة"), a division before or after (`division`: محافظة, "Rapides
/// Parish"), a country (`country`: دولة); prepositions that alone between
/// two names are weak containment (`weak_gap`: في, "in"); club and
/// organisation words before and after a city's name (`org_before`: نادي,
/// "FC"; `org_after`: يونايتد, "United"); capitalised street and venue words
/// after it (`street_after`: "Road"); time-zone words before a region
/// (`time_zone`: توقيت); sentence-start function words (`function_word`);
/// words that open a place's name (`place_word`: "Lake", "Fort"); words for
/// a place's institutions or people after its name (`institution_after`:
/// "Police", "Council").
const CUE_KINDS: &[&str] = &[
    "city",
    "city_after",
    "division",
    "country",
    "weak_gap",
    "org_before",
    "org_after",
    "street_after",
    "time_zone",
    "function_word",
    "place_word",
    "institution_after",
];

/// The parsed cue file, once per process.
///
/// # Errors
/// The [`LexiconError`] naming `data/locations/cues.tsv` and the line at
/// fault (the stage's build reports it and start-up stops).
pub(crate) fn cue_lists() -> Result<&'static WordLists, &'static LexiconError> {
    static CUE_LISTS: OnceLock<Result<WordLists, LexiconError>> = OnceLock::new();
    CUE_LISTS
        .get_or_init(|| WordLists::parse(CUES_FILE, CUES, CUE_KINDS))
        .as_ref()
}

/// `data/locations/VERSION`, for `versions.dictionaries` (key `locations`).
pub(crate) fn version() -> &'static str {
    version_line(VERSION)
}

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
    weak_gap_words: FastSet,
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
    ///
    /// # Panics
    /// If `data/locations/cues.tsv` breaks its format: never in a tested
    /// build (the stage's build checks [`cue_lists`] first and reports the
    /// error).
    pub fn new(lexicon: &Lexicon) -> Self {
        let words = cue_lists().expect("data/locations/cues.tsv parses (unit tests)");
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
            city_cues: norm_set(words.forms("city")),
            city_cues_after: norm_set(words.forms("city_after")),
            division_cues: norm_set(words.forms("division")),
            country_cues: norm_set(words.forms("country")),
            gap_words: norm_set(
                words
                    .forms("weak_gap")
                    .chain(compass::english())
                    .chain(compass::arabic()),
            ),
            weak_gap_words: norm_set(words.forms("weak_gap")),
            function_words: norm_set(
                words
                    .forms("function_word")
                    .chain(compass::EN_NOUNS.iter().copied())
                    .chain(compass::EN_ADJECTIVES.iter().copied()),
            ),
            org_before: norm_set(words.forms("org_before")),
            org_after: norm_set(words.forms("org_after")),
            institution_after: norm_set(words.forms("institution_after")),
            street_after: norm_set(words.forms("street_after")),
            time_zone: norm_set(words.forms("time_zone")),
            place_words: norm_set(
                words
                    .forms("place_word")
                    .chain(compass::EN_NOUNS.iter().copied())
                    .chain(compass::EN_ADJECTIVES.iter().copied())
                    .chain(words.forms("function_word")),
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
                .all(|w| self.weak_gap_words.contains(&normalize(w)))
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
    fn the_cue_file_parses_with_every_kind_filled() {
        let words = cue_lists().unwrap();
        for kind in CUE_KINDS {
            assert!(words.forms(kind).next().is_some(), "{kind}");
        }
        assert!(!version().is_empty() && !version().contains('\n'));
    }

    #[test]
    fn stoplist_is_normalised() {
        let r = rules();
        assert!(r.is_stopword(&normalize("الجنوب")));
        assert!(r.is_stopword(&normalize("Reading")));
        assert!(!r.is_stopword(&normalize("طرابلس")));
    }
}
