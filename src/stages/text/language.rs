//! Language of an article: the producer's `lang` field unless the script of
//! the article zone clearly contradicts it; otherwise detected.
//!
//! "Clearly wrong" is decided on script alone, where detection is reliable:
//! an input code of an Arabic-script language (`ar`, `fa`, `ur`, `ps`, `ckb`)
//! with more than [`CLEARLY_WRONG_SHARE`] of the letters Latin, or any other
//! code with more than that share Arabic. Between two Latin-script languages
//! (en/fr) the input wins: trigram detection is not trusted to overrule a
//! producer on short texts. A kept input's confidence is the share of letters
//! in its script.
//!
//! Detection, cheapest first, over the first [`SAMPLE_CHARS`] of the article
//! zone: Arabic script without Persian/Urdu/Kurdish/Pashto letters → `ar`;
//! a clear English function-word vote → `en`; otherwise whatlang trigrams
//! restricted to [`DETECTABLE`] (a function-word vote settles unreliable
//! answers). The input's `lang` makes all of this unnecessary, and detection
//! costs more than the rest of the stage, so feeds should send `lang`.
//!
//! Thin evidence: with fewer than [`THIN_EVIDENCE_LETTERS`] letters in the
//! sample (a title-length or one-line article), trigram statistics say
//! little ("Talks in Cairo." came out Italian). Then only the function-word
//! vote may name a language, and without one the answer is `und`
//! (undetermined) rather than a guess.

use crate::article::{CharSpan, LanguageGuess};
use crate::nlp::script;

/// Share of letters in the other script above which an input `lang` is
/// overruled.
pub const CLEARLY_WRONG_SHARE: f64 = 0.8;

/// Characters of the article zone given to the detector (trigram detection
/// saturates long before; bounding it keeps the stage linear and fast).
pub const SAMPLE_CHARS: usize = 600;

/// Most share of Arabic-script letters that Arabic does not use
/// ([`script::NON_ARABIC_LETTERS`]: پ چ ژ گ ی ک ٹ ڈ ڑ ں ے ۆ ێ ڕ ڵ ښ …) for a
/// text to be taken as Arabic without trigram detection.
pub const PERSO_ARABIC_SHARE: f64 = 0.01;

/// Fewest letters (Arabic + Latin) in the sample for trigram detection to
/// be trusted at all; below it the rule `thin_evidence` applies (see the
/// module docs). 40 letters is about one short sentence.
pub const THIN_EVIDENCE_LETTERS: usize = 40;

/// Languages the detector may answer: the major news languages. Without
/// this list, short name-heavy English is often taken for Catalan or Latin,
/// which no news feed we serve publishes in.
pub const DETECTABLE: &[whatlang::Lang] = {
    use whatlang::Lang::*;
    &[
        Ara, Eng, Fra, Spa, Deu, Ita, Por, Rus, Tur, Pes, Urd, Heb, Cmn, Jpn, Kor, Hin, Ind, Nld,
        Ukr, Pol,
    ]
};

fn detector() -> &'static whatlang::Detector {
    static DETECTOR: std::sync::OnceLock<whatlang::Detector> = std::sync::OnceLock::new();
    DETECTOR.get_or_init(|| whatlang::Detector::with_allowlist(DETECTABLE.to_vec()))
}

const ARABIC_SCRIPT_LANGS: &[&str] = &["ar", "fa", "ur", "ps", "ckb", "ku", "sd", "ug"];

/// Guesses the language of `body`, looking at its `article` ranges only.
/// `input` is the article's `lang` field (`"en"`, `"en-US"`, `"ara"` …).
pub fn guess(body: &str, article: &[CharSpan], input: Option<&str>) -> LanguageGuess {
    let counts = script::letter_counts(&sample(body, article));
    guess_counted(body, article, input, counts)
}

/// [`guess`] with the (Arabic, Latin) letter counts of the article zone
/// already known (the tokeniser counts them), so the common case, an input
/// `lang` that the script does not contradict, costs nothing more.
pub fn guess_counted(
    body: &str,
    article: &[CharSpan],
    input: Option<&str>,
    (arabic, latin): (usize, usize),
) -> LanguageGuess {
    let letters = (arabic + latin) as f64;
    let arabic_share = if letters > 0.0 {
        arabic as f64 / letters
    } else {
        0.0
    };
    let latin_share = if letters > 0.0 {
        latin as f64 / letters
    } else {
        0.0
    };
    if let Some(code) = input.and_then(normalise_code) {
        let arabic_script = ARABIC_SCRIPT_LANGS.contains(&code.as_str());
        let share = if arabic_script {
            arabic_share
        } else {
            latin_share
        };
        let wrong = if arabic_script {
            latin_share > CLEARLY_WRONG_SHARE
        } else {
            arabic_share > CLEARLY_WRONG_SHARE
        };
        if !wrong {
            // The producer's claim, not contradicted by the script; its
            // confidence is the share of letters in the expected script
            // (Latin counts for every non-Arabic-script code). Trigram
            // detection is skipped: it is the costliest step of the stage.
            return LanguageGuess {
                code,
                confidence: share,
                source: "input",
            };
        }
    }
    let sample = sample(body, article);
    if arabic_share > CLEARLY_WRONG_SHARE && extended_arabic_share(&sample) < PERSO_ARABIC_SHARE {
        // Arabic script without Persian/Urdu/Kurdish/Pashto letters is
        // Arabic; trigram detection would cost more than the rest of the
        // stage together.
        return detected(Some(("ar", arabic_share)));
    }
    let vote = function_word_vote(&sample);
    if let Some(("en", share)) = vote
        && share >= ENGLISH_VOTE_SHARE
    {
        // English function words (the, of, said …) are not shared with the
        // other Latin-script languages; a clear English vote saves the
        // trigram pass.
        return detected(Some(("en", share)));
    }
    if arabic + latin < THIN_EVIDENCE_LETTERS {
        // Rule `thin_evidence`: too few letters for trigrams; a clear
        // function-word vote or nothing.
        return detected(vote);
    }
    detected(match detector().detect(&sample) {
        Some(info) if info.is_reliable() || arabic_share > 0.5 => {
            Some((iso639_1(info.lang()), info.confidence()))
        }
        other => vote.or(other.map(|i| (iso639_1(i.lang()), i.confidence()))),
    })
}

/// A detected language as (code, confidence), or `und` with confidence 0
/// when detection found none.
fn detected(found: Option<(&str, f64)>) -> LanguageGuess {
    match found {
        Some((code, confidence)) => LanguageGuess {
            code: code.to_string(),
            confidence,
            source: "detected",
        },
        None => LanguageGuess {
            code: "und".into(),
            confidence: 0.0,
            source: "detected",
        },
    }
}

/// Function words per Latin-script language, for short texts where trigram
/// detection is unreliable (name-heavy news leads). Written by us.
const FUNCTION_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "of", "and", "to", "in", "is", "that", "for", "on", "with", "said", "was", "he",
            "she", "by", "at", "from", "has", "have", "met", "his", "her",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "de", "des", "du", "et", "un", "une", "est", "que", "qui", "dans",
            "pour", "sur", "au", "aux", "il", "elle", "a", "selon",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "del", "y", "que", "en", "un", "una", "es", "por", "con", "para",
            "se", "su",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "das", "und", "ist", "nicht", "mit", "von", "den", "dem", "ein", "eine",
            "zu", "im", "sich",
        ],
    ),
];

/// Least function-word hits for a vote to count.
const MIN_VOTES: usize = 2;

/// Share of function-word hits at which an English vote is taken without
/// trigram detection.
pub const ENGLISH_VOTE_SHARE: f64 = 0.8;

/// The language whose function words are most frequent in `sample`, with
/// the share of function-word hits it got; needs at least two hits.
fn function_word_vote(sample: &str) -> Option<(&'static str, f64)> {
    let mut counts = [0usize; FUNCTION_WORDS.len()];
    for word in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        for (k, (_, list)) in FUNCTION_WORDS.iter().enumerate() {
            if list.iter().any(|f| f.eq_ignore_ascii_case(word)) {
                counts[k] += 1;
            }
        }
    }
    let total: usize = counts.iter().sum();
    let (best, &hits) = counts.iter().enumerate().max_by_key(|(_, c)| **c)?;
    (hits >= MIN_VOTES).then(|| (FUNCTION_WORDS[best].0, hits as f64 / total as f64))
}

/// `"en-US"` → `"en"`, `"ara"` → `"ar"`, `"AR"` → `"ar"`; `None` when empty.
fn normalise_code(code: &str) -> Option<String> {
    let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    match primary.len() {
        0 => None,
        3 => Some(
            whatlang::Lang::from_code(primary.as_str())
                .map_or(primary, |l| iso639_1(l).to_string()),
        ),
        _ => Some(primary),
    }
}

fn sample(body: &str, article: &[CharSpan]) -> String {
    let mut out = String::with_capacity(SAMPLE_CHARS * 2);
    let mut left = SAMPLE_CHARS;
    let mut chars = body.chars().enumerate();
    for span in article {
        if left == 0 {
            break;
        }
        for (i, c) in chars.by_ref() {
            if i < span.start {
                continue;
            }
            if i >= span.end || left == 0 {
                break;
            }
            out.push(c);
            left -= 1;
        }
        out.push('\n');
    }
    out
}

/// Share of the Arabic-script letters of `s` that Arabic does not use
/// ([`script::is_non_arabic_letter`]).
fn extended_arabic_share(s: &str) -> f64 {
    let (mut all, mut extended) = (0usize, 0usize);
    for c in s.chars() {
        if script::is_arabic_script(c) && c.is_alphabetic() {
            all += 1;
            extended += usize::from(script::is_non_arabic_letter(c));
        }
    }
    if all == 0 {
        0.0
    } else {
        extended as f64 / all as f64
    }
}

/// ISO 639-1 code of a whatlang language (its ISO 639-3 code when 639-1 has none).
fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str) -> Vec<CharSpan> {
        vec![CharSpan::new(0, s.chars().count())]
    }

    const AR: &str = "التقى الرئيس المصري عبد الفتاح السيسي في القاهرة اليوم الأحد قائد الجيش الوطني الليبي خليفة حفتر، وبحث الجانبان تطورات الأوضاع في ليبيا.";
    const EN: &str = "Egypt's president met the commander of the Libyan National Army in Cairo on Sunday, as fighting continued on the outskirts of Tripoli.";
    const FR: &str = "Le président égyptien a reçu dimanche au Caire le maréchal Haftar, dont les forces mènent une offensive contre la capitale libyenne.";

    #[test]
    fn detects_arabic_english_french() {
        for (text, code) in [(AR, "ar"), (EN, "en"), (FR, "fr")] {
            let g = guess(text, &all(text), None);
            assert_eq!(g.code, code, "{text}");
            assert_eq!(g.source, "detected");
            assert!(g.confidence > 0.5 && g.confidence <= 1.0, "{g:?}");
        }
    }

    #[test]
    fn input_wins_unless_script_contradicts_it() {
        let g = guess(EN, &all(EN), Some("en-GB"));
        assert_eq!((g.code.as_str(), g.source), ("en", "input"));
        assert_eq!(g.confidence, 1.0);
        // Input says French for English text: same script, the input wins.
        let g = guess(EN, &all(EN), Some("fr"));
        assert_eq!((g.code.as_str(), g.source), ("fr", "input"));
        // Input says English for Arabic text: clearly wrong.
        let g = guess(AR, &all(AR), Some("en"));
        assert_eq!((g.code.as_str(), g.source), ("ar", "detected"));
        let g = guess(EN, &all(EN), Some("ar"));
        assert_eq!((g.code.as_str(), g.source), ("en", "detected"));
        let g = guess(AR, &all(AR), Some("ara"));
        assert_eq!((g.code.as_str(), g.source), ("ar", "input"));
    }

    #[test]
    fn only_the_article_zone_counts() {
        let text = format!("{AR}\n{EN} {EN} {EN}");
        let article = vec![CharSpan::new(0, AR.chars().count())];
        assert_eq!(guess(&text, &article, None).code, "ar");
    }

    #[test]
    fn persian_is_not_taken_for_arabic() {
        let fa = "رئیس جمهور مصر با فرمانده ارتش ملی لیبی در قاهره دیدار کرد و درباره جنگ در طرابلس گفتگو کردند.";
        let g = guess(fa, &all(fa), None);
        assert_eq!(g.code, "fa");
        let counted = guess_counted(AR, &all(AR), None, (100, 0));
        assert_eq!((counted.code.as_str(), counted.confidence), ("ar", 1.0));
    }

    #[test]
    fn no_letters_is_undetermined() {
        let g = guess("123 456", &all("123 456"), None);
        assert_eq!(g.code, "und");
        assert_eq!(g.confidence, 0.0);
    }

    #[test]
    fn thin_evidence_is_not_guessed_from_trigrams() {
        // A one-line English article: too few letters for trigrams, one
        // function word ("in") is no vote.
        let g = guess("Talks in Cairo.", &all("Talks in Cairo."), None);
        assert_eq!((g.code.as_str(), g.source), ("und", "detected"));
        // Two English function words are a vote.
        let t = "Talks in Cairo resumed on Sunday.";
        assert_eq!(guess(t, &all(t), None).code, "en");
        // Short Arabic is still Arabic: the script decides, not trigrams.
        assert_eq!(
            guess("محادثات في القاهرة", &all("محادثات في القاهرة"), None).code,
            "ar"
        );
        // The input's lang is kept as before.
        let g = guess("Talks in Cairo.", &all("Talks in Cairo."), Some("en"));
        assert_eq!((g.code.as_str(), g.source), ("en", "input"));
    }
}
