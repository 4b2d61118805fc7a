//! Word lists the tagger reads its context from: the stoplist, person cues,
//! demonyms, and the small closed classes of cue words (place words before a
//! name, the words allowed between a place and its container).
//!
//! The open lists are data (`data/gazetteer/stoplist.tsv`,
//! `data/gazetteer/person_cues.tsv`, `data/gazetteer/common_words.txt`,
//! `data/countries/demonyms.tsv`), embedded
//! at build time. The closed classes are grammar and live here.

use std::collections::{HashMap, HashSet};

use crate::nlp::arabic::nisba_forms;
use crate::nlp::normalize;
use crate::stages::actors::{arabic_given_names, latin_given_names};

const STOPLIST: &str = include_str!("../../../data/gazetteer/stoplist.tsv");
const PERSON_CUES: &str = include_str!("../../../data/gazetteer/person_cues.tsv");
const DEMONYMS: &str = include_str!("../../../data/countries/demonyms.tsv");
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
/// English compass words, lowercase: containment gaps ("Tripoli in
/// northern Lebanon") and openers of region names ("western Europe").
pub(crate) const COMPASS_WORDS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
];
/// Words that may stand between a place and the place that contains it:
/// "Tripoli, Lebanon", "طرابلس شمال لبنان", "Tripoli in northern Lebanon"
/// (and the [`COMPASS_WORDS`]).
const GAP_WORDS: &[&str] = &[
    "in",
    "of",
    "near",
    "في",
    "شمال",
    "جنوب",
    "شرق",
    "غرب",
    "وسط",
    "شمالي",
    "جنوبي",
    "شرقي",
    "غربي",
    "شمالى",
    "جنوبى",
    "شرقى",
    "غربى",
];
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
/// Capitalised words that start English sentences and are not given names.
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
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
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
/// ("Lake Tahoe", "Fort Hood", "Greater Cairo", "Downtown Sanford").
const PLACE_WORDS: &[&str] = &[
    "lake", "mount", "mt", "fort", "ft", "port", "saint", "st", "cape", "upper", "lower",
    "greater", "downtown", "old", "new", "central", "metro", "east", "west", "north", "south",
    "northern", "southern", "eastern", "western", "in", "at", "from", "to", "of", "near",
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
/// Arabic proclitic sequences (conjunction + preposition) that may be fused
/// to a cue word in a token's normalised form.
const PROCLITICS: &[&str] = &["و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك"];

/// One demonym form and its country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DemonymForm {
    /// The form as it will be matched (not normalised).
    pub form: String,
    /// ISO 3166-1 alpha-2.
    pub iso2: String,
    /// `ar`, `en` or `fr`.
    pub lang: String,
}

/// The context word lists, normalised once.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    stoplist: HashSet<String>,
    titles: HashSet<String>,
    given: HashSet<String>,
    /// Arabic given names of `data/names/ar_given.txt` that are no everyday
    /// word (the list marks those with `*`; علي, read like على, counts as
    /// one): `actors::arabic_given_names`.
    ar_given: HashSet<String>,
    /// Latin-script given names (`actors::latin_given_names`).
    latin_given: HashSet<String>,
    also_person: HashSet<String>,
    common_words: HashSet<String>,
    city_cues: HashSet<String>,
    city_cues_after: HashSet<String>,
    division_cues: HashSet<String>,
    country_cues: HashSet<String>,
    gap_words: HashSet<String>,
    function_words: HashSet<String>,
    place_words: HashSet<String>,
    org_before: HashSet<String>,
    org_after: HashSet<String>,
    institution_after: HashSet<String>,
    street_after: HashSet<String>,
    time_zone: HashSet<String>,
    /// Demonym forms; Arabic ones expanded by [`nisba_forms`] (normalised).
    pub demonyms: Vec<DemonymForm>,
}

fn norm_set<'a>(words: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
    words
        .into_iter()
        .map(normalize)
        .filter(|w| !w.is_empty())
        .collect()
}

fn data_rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

impl Rules {
    /// The embedded lists.
    pub fn embedded() -> Self {
        let stoplist = norm_set(data_rows(STOPLIST).filter_map(|r| r.get(1).copied()));
        let mut cues: HashMap<&str, Vec<&str>> = HashMap::new();
        for r in data_rows(PERSON_CUES) {
            if let (Some(kind), Some(form)) = (r.first(), r.get(2)) {
                cues.entry(kind).or_default().push(form);
            }
        }
        let take = |k: &str| norm_set(cues.get(k).into_iter().flatten().copied());
        let mut demonyms = Vec::new();
        for r in data_rows(DEMONYMS).skip_while(|r| r.first() == Some(&"iso3")) {
            let (Some(iso2), Some(lang), Some(form)) = (r.get(1), r.get(2), r.get(3)) else {
                continue;
            };
            if *lang == "ar" {
                for f in nisba_forms(form) {
                    demonyms.push(DemonymForm {
                        form: f,
                        iso2: (*iso2).to_owned(),
                        lang: "ar".into(),
                    });
                }
            } else {
                demonyms.push(DemonymForm {
                    form: (*form).to_owned(),
                    iso2: (*iso2).to_owned(),
                    lang: (*lang).to_owned(),
                });
            }
        }
        Self {
            stoplist,
            titles: take("title"),
            given: take("given"),
            ar_given: arabic_given_names()
                .into_iter()
                .filter(|(_, word)| !word)
                .map(|(name, _)| name)
                .collect(),
            also_person: take("also_person"),
            latin_given: norm_set(latin_given_names()),
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
            gap_words: norm_set(GAP_WORDS.iter().chain(COMPASS_WORDS).copied()),
            function_words: norm_set(FUNCTION_WORDS.iter().copied()),
            org_before: norm_set(ORG_CUES_BEFORE.iter().copied()),
            org_after: norm_set(ORG_CUES_AFTER.iter().copied()),
            institution_after: norm_set(INSTITUTION_WORDS_AFTER.iter().copied()),
            street_after: norm_set(STREET_CUES_AFTER.iter().copied()),
            time_zone: norm_set(TIME_ZONE_CUES.iter().copied()),
            place_words: norm_set(
                PLACE_WORDS
                    .iter()
                    .copied()
                    .chain(FUNCTION_WORDS.iter().copied()),
            ),
            demonyms,
        }
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
/// to it (بمدينة، وللعاصمة → ل + العاصمة).
fn cue(set: &HashSet<String>, token_norm: &str) -> bool {
    if set.contains(token_norm) {
        return true;
    }
    PROCLITICS.iter().any(|p| {
        token_norm.strip_prefix(p).is_some_and(|rest| {
            set.contains(rest) || (p.ends_with('ل') && set.contains(&format!("ا{rest}")))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demonyms_load_for_all_three_languages() {
        let r = Rules::embedded();
        let has =
            |form: &str, iso2: &str| r.demonyms.iter().any(|d| d.form == form && d.iso2 == iso2);
        assert!(has(&normalize("المصرية"), "EG"));
        assert!(has(&normalize("الليبيين"), "LY"));
        assert!(has("Libyan", "LY"));
        assert!(has("libyennes", "LY"));
        assert!(
            !r.demonyms
                .iter()
                .any(|d| d.form == "مالي" || d.form == "المالي"),
            "مالي is left out on purpose"
        );
    }

    #[test]
    fn cues_accept_fused_proclitics() {
        let r = Rules::embedded();
        assert!(r.is_city_cue(&normalize("بمدينة")));
        assert!(r.is_city_cue(&normalize("للعاصمة")));
        assert!(r.is_division_cue(&normalize("محافظة")));
        assert!(!r.is_city_cue(&normalize("مدينتي")));
        assert!(r.is_person_cue(&normalize("غسان")));
        assert!(r.is_person_cue(&normalize("President")));
    }

    #[test]
    fn containment_gap_allows_punctuation_and_direction_words_only() {
        let r = Rules::embedded();
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
        let r = Rules::embedded();
        assert!(r.is_stopword(&normalize("الجنوب")));
        assert!(r.is_stopword(&normalize("Reading")));
        assert!(!r.is_stopword(&normalize("طرابلس")));
    }
}
