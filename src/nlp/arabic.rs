//! Arabic grammar the stages share: proclitics, nisba adjectives, tanween,
//! and the article of romanised Arabic names. Grammar, not word lists: the
//! lists live in `data/` and [`crate::lexicon`].
//!
//! Every function here works on normalised text ([`crate::nlp::normalize()`])
//! unless it says otherwise.

/// Conjunctions that may be fused to the front of a word: و "and", ف "so".
pub const CONJUNCTIONS: [char; 2] = ['و', 'ف'];

/// Prepositions that may be fused to the front of a word, after a
/// conjunction if there is one: ب "with/in", ل "to/for", ك "like".
pub const PREPOSITIONS: [char; 3] = ['ب', 'ل', 'ك'];

/// Letters a stem must keep after its proclitics are stripped, so that
/// `ولي` (guardian) is never read as `و` + `لي`.
pub const MIN_STEM_CHARS: usize = 3;

/// One way to read a normalised token: its proclitics and what is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading<'a> {
    /// Proclitic letters stripped from the front: 0, 1 or 2 (`char`s; each
    /// is two bytes in UTF-8).
    pub stripped: usize,
    /// What is left of the token.
    pub stem: &'a str,
    /// The last proclitic stripped is the preposition ل and the stem starts
    /// with ل: the stem may be a word with the article whose alef is elided
    /// (للقاهرة = ل + القاهرة, read `ا` + stem).
    pub elided_article: bool,
}

/// The proclitic readings of a normalised token, the bare token first.
///
/// The one proclitic rule of the crate (standard Arabic orthography): a
/// conjunction و or ف, then a preposition ب, ل or ك, each optional, in that
/// order (وبمحمد، لمحمد، فللقاهرة). A stripped reading is given only when
/// its stem keeps at least `min_stem` chars ([`MIN_STEM_CHARS`] for names;
/// callers matching short function words pass less). The article ال is
/// never stripped: a name listed with it matches with it.
///
/// ```
/// use newsevents::nlp::arabic::proclitic_readings;
/// let stems: Vec<_> = proclitic_readings("وبالقاهره", 3).map(|r| (r.stripped, r.stem)).collect();
/// assert_eq!(stems, [(0, "وبالقاهره"), (1, "بالقاهره"), (2, "القاهره")]);
/// let r = proclitic_readings("للقاهره", 3).last().unwrap();
/// assert_eq!((r.stem, r.elided_article), ("لقاهره", true));
/// assert_eq!(proclitic_readings("ولي", 3).count(), 1);
/// ```
#[inline]
pub fn proclitic_readings(norm: &str, min_stem: usize) -> Readings<'_> {
    // Every clitic letter is two bytes in UTF-8 (U+0600 block): compare
    // bytes instead of decoding chars; this runs for every token of every
    // dictionary scan, so the readings are made on demand by a small
    // iterator rather than by a chain of adapters.
    let after_conj = strip_letter(norm, &CONJUNCTION_BYTES).filter(|r| has_chars(r, min_stem));
    let base = after_conj.unwrap_or(norm);
    let after_prep = strip_letter(base, &PREPOSITION_BYTES).filter(|r| has_chars(r, min_stem));
    Readings {
        norm,
        after_conj,
        after_prep,
        elided: after_prep.is_some_and(|stem| {
            base.as_bytes().starts_with(&LAM) && stem.as_bytes().starts_with(&LAM)
        }),
        next: 0,
    }
}

/// The readings of one token ([`proclitic_readings`]): the bare token, then
/// the stem after a conjunction, then the stem after a preposition.
#[derive(Debug, Clone)]
pub struct Readings<'a> {
    norm: &'a str,
    after_conj: Option<&'a str>,
    after_prep: Option<&'a str>,
    elided: bool,
    /// 0: bare next; 1: after the conjunction; 2: after the preposition; 3: done.
    next: u8,
}

impl<'a> Iterator for Readings<'a> {
    type Item = Reading<'a>;

    #[inline]
    fn next(&mut self) -> Option<Reading<'a>> {
        loop {
            let step = self.next;
            self.next = step.saturating_add(1).min(3);
            match step {
                0 => {
                    return Some(Reading {
                        stripped: 0,
                        stem: self.norm,
                        elided_article: false,
                    });
                }
                1 => {
                    if let Some(stem) = self.after_conj {
                        return Some(Reading {
                            stripped: 1,
                            stem,
                            elided_article: false,
                        });
                    }
                }
                2 => {
                    if let Some(stem) = self.after_prep {
                        return Some(Reading {
                            stripped: usize::from(self.after_conj.is_some()) + 1,
                            stem,
                            elided_article: self.elided,
                        });
                    }
                }
                _ => return None,
            }
        }
    }
}

/// UTF-8 of a char of the U+0600 block (two bytes).
const fn utf8_2(c: char) -> [u8; 2] {
    let u = c as u32;
    [0xC0 | (u >> 6) as u8, 0x80 | (u & 0x3F) as u8]
}

const CONJUNCTION_BYTES: [[u8; 2]; 2] = [utf8_2(CONJUNCTIONS[0]), utf8_2(CONJUNCTIONS[1])];
const PREPOSITION_BYTES: [[u8; 2]; 3] = [
    utf8_2(PREPOSITIONS[0]),
    utf8_2(PREPOSITIONS[1]),
    utf8_2(PREPOSITIONS[2]),
];
const LAM: [u8; 2] = utf8_2('ل');

/// `s` without its first char when that char is one of `letters` (two-byte
/// UTF-8 sequences).
#[inline(always)]
fn strip_letter<'a>(s: &'a str, letters: &[[u8; 2]]) -> Option<&'a str> {
    let b = s.as_bytes();
    if b.len() >= 2 && letters.iter().any(|l| l[0] == b[0] && l[1] == b[1]) {
        s.get(2..)
    } else {
        None
    }
}

/// True when `s` has at least `n` chars; counts no further than `n` (a
/// char is 1–4 bytes, so the byte length settles most cases).
#[inline(always)]
fn has_chars(s: &str, n: usize) -> bool {
    if s.len() >= 4 * n {
        true
    } else if s.len() < n {
        false
    } else {
        n == 0 || s.chars().nth(n - 1).is_some()
    }
}

/// True when some proclitic reading of `norm` (stems of at least
/// `min_stem` chars) satisfies `is_word`, the elided-article reading
/// included (`للعاصمة` → `العاصمه`): "is this token, proclitics allowed, one
/// of these words?".
pub fn any_reading(norm: &str, min_stem: usize, mut is_word: impl FnMut(&str) -> bool) -> bool {
    proclitic_readings(norm, min_stem)
        .any(|r| is_word(r.stem) || (r.elided_article && is_word(&format!("ا{}", r.stem))))
}

/// True for a word with the article ال after its proclitics (الرئيس،
/// بالرئيس، وبالرئيس، للرئيس with the article's alef elided; the last
/// reading also takes لليبيا, ل + ليبيا, which spelling cannot tell apart).
pub fn is_definite(norm: &str) -> bool {
    proclitic_readings(norm, 1).any(|r| r.stem.starts_with("ال") || r.elided_article)
}

/// Normalised forms of an Arabic nisba (relative) adjective, for demonyms and
/// similar: `nisba_forms("مصري")` gives the masculine/feminine singular,
/// dual, sound plurals and accusative, each bare and with the article:
/// مصري مصريه مصريان مصريين مصريون مصريات مصريا and المصري المصريه … .
///
/// The matcher does not strip suffixes itself (that would make every
/// `…ي` word a nisba); callers add these forms with one payload, so المصري،
/// المصرية، المصريين all map to the same demonym. Proclitics (والمصرية،
/// للمصريين) are handled by the matcher as for any name.
///
/// `base` may be given with or without the article and with a final ي, ى or
/// ية/يه, not normalised; a Latin base (`Egyptian`) gives itself and a plural
/// in `s`. An empty or unrecognised base gives its normalised self only.
pub fn nisba_forms(base: &str) -> Vec<String> {
    let norm = super::normalize(base);
    if norm.is_empty() {
        return Vec::new();
    }
    if norm.is_ascii() {
        let plural = if norm.ends_with('s') {
            norm.clone()
        } else {
            format!("{norm}s")
        };
        let mut v = vec![norm];
        if !v.contains(&plural) {
            v.push(plural);
        }
        return v;
    }
    let bare = norm
        .strip_prefix("ال")
        .filter(|r| r.chars().count() >= 3)
        .unwrap_or(&norm);
    let stem = bare.strip_suffix("يه").or_else(|| bare.strip_suffix('ي'));
    let Some(stem) = stem.filter(|s| !s.is_empty() && !s.contains(' ')) else {
        return vec![norm];
    };
    let mut out = Vec::with_capacity(14);
    for article in ["", "ال"] {
        for suffix in ["ي", "يه", "يان", "يين", "يون", "يات", "يا"] {
            out.push(format!("{article}{stem}{suffix}"));
        }
    }
    out
}

/// Is the normalised word a sound feminine plural: `ات` after a stem of
/// four letters or more (اهتمامات، مفاوضات، تصريحات)? Such plurals are
/// common nouns, never elements of a person's name. Family names in `ات`
/// have short stems (عرفات، بركات، سادات) and are left out.
pub fn is_sound_feminine_plural(norm: &str) -> bool {
    norm.strip_suffix("ات")
        .is_some_and(|stem| stem.chars().count() >= 4)
}

/// True when the written (not normalised) word carries tanween (U+064B–U+064D,
/// ـً ـٌ ـٍ): the mark of an indefinite noun or adverb (دوماً "always", صبياً
/// "as a boy"), which a place name does not take in news prose: Arabic place
/// names are definite (القاهرة) or diptotes (مصر، دمشق), and neither takes
/// tanween (standard Arabic grammar).
pub fn has_tanween(written: &str) -> bool {
    written
        .chars()
        .any(|c| matches!(c, '\u{064B}'..='\u{064D}'))
}

/// A romanised Arabic name (as written, not normalised) without its article
/// ("Al Qāmishlī" → "Qāmishlī", "Ar-Raqqah" → "Raqqah", "Az Zāwiyah" →
/// "Zāwiyah": the sun letters assimilate the article, hence
/// ad/ar/as/ash/at/az/an, and Egyptian usage writes el/ed/er/es/et/ez/en).
/// `None` for names without one, and when fewer than four letters would be
/// left ("Al Bab"), too short to be a name on their own.
pub fn without_romanised_article(name: &str) -> Option<&str> {
    const ARTICLES: &[&str] = &[
        "Al", "El", "Ad", "Adh", "Ar", "As", "Ash", "At", "Ath", "Az", "An", "Ed", "Er", "Es",
        "Et", "Ez", "En",
    ];
    let (article, rest) = name.split_once([' ', '-'])?;
    let starts_upper = rest.chars().next().is_some_and(char::is_uppercase);
    (ARTICLES.contains(&article)
        && starts_upper
        && rest.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule as first written, on chars: the byte-level
    /// [`proclitic_readings`] must agree with it.
    fn readings_by_chars(norm: &str, min_stem: usize) -> Vec<Reading<'_>> {
        let long = |r: &&str| r.chars().count() >= min_stem;
        let after_conj = norm.strip_prefix(CONJUNCTIONS).filter(long);
        let k = usize::from(after_conj.is_some());
        let base = after_conj.unwrap_or(norm);
        let after_prep = base
            .strip_prefix(PREPOSITIONS)
            .filter(long)
            .map(|stem| Reading {
                stripped: k + 1,
                stem,
                elided_article: base.starts_with('ل') && stem.starts_with('ل'),
            });
        let bare = Reading {
            stripped: 0,
            stem: norm,
            elided_article: false,
        };
        std::iter::once(bare)
            .chain(after_conj.map(|stem| Reading {
                stripped: 1,
                stem,
                elided_article: false,
            }))
            .chain(after_prep)
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn byte_level_readings_agree_with_the_char_rule(
            norm in "[وفبلكاهيةمa-zé٠]{0,7}",
            min in 0usize..5,
        ) {
            let got: Vec<_> = proclitic_readings(&norm, min).collect();
            proptest::prop_assert_eq!(got, readings_by_chars(&norm, min));
        }
    }

    #[test]
    fn sound_feminine_plurals_have_long_stems() {
        assert!(is_sound_feminine_plural("اهتمامات") && is_sound_feminine_plural("مفاوضات"));
        assert!(!is_sound_feminine_plural("عرفات") && !is_sound_feminine_plural("بركات"));
        assert!(!is_sound_feminine_plural("مرزوق"));
    }
    use crate::nlp::normalize;

    fn readings(norm: &str, min: usize) -> Vec<(usize, &str, bool)> {
        proclitic_readings(norm, min)
            .map(|r| (r.stripped, r.stem, r.elided_article))
            .collect()
    }

    #[test]
    fn proclitics_come_in_arabic_order() {
        assert_eq!(
            readings("فبمحمد", 3),
            [
                (0, "فبمحمد", false),
                (1, "بمحمد", false),
                (2, "محمد", false)
            ]
        );
        assert_eq!(
            readings("لمحمد", 3),
            [(0, "لمحمد", false), (1, "محمد", false)]
        );
        // No conjunction after a preposition: بوزيد gives وزيد, never زيد.
        assert_eq!(
            readings("بوزيد", 3),
            [(0, "بوزيد", false), (1, "وزيد", false)]
        );
        // Stems keep `min` letters: ولي is not و + لي, وفي is و + في for
        // function words.
        assert_eq!(readings("ولي", 3), [(0, "ولي", false)]);
        assert_eq!(readings("وفي", 2), [(0, "وفي", false), (1, "في", false)]);
        assert_eq!(readings("", 1), [(0, "", false)]);
    }

    #[test]
    fn lam_before_the_article_elides_its_alef() {
        let n = normalize("وللقاهرة");
        assert_eq!(readings(&n, 3)[2], (2, "لقاهره", true));
        assert!(any_reading(&n, 3, |w| w == normalize("القاهرة")));
        assert!(any_reading(&normalize("بمدينة"), 1, |w| w == "مدينه"));
        assert!(!any_reading(&normalize("مدينتي"), 1, |w| w == "مدينه"));
        // بل… is not an elided article: only the preposition ل elides.
        assert!(!readings("بلقاهره", 3).iter().any(|r| r.2));
    }

    #[test]
    fn definite_words_after_proclitics() {
        for w in ["الرئيس", "بالرئيس", "وبالرئيس", "للرئيس", "وللرئيس"]
        {
            assert!(is_definite(&normalize(w)), "{w}");
        }
        for w in ["رئيس", "برئيس", "لوالده", "بوالرئيس"] {
            assert!(!is_definite(&normalize(w)), "{w}");
        }
    }

    #[test]
    fn nisba_forms_of_plurals_and_non_nisba_words() {
        // Gender, number and article: `nlp::matcher` tests.
        assert_eq!(nisba_forms("Egyptians"), ["egyptians"]);
        assert_eq!(nisba_forms("مصرية"), nisba_forms("مصري"));
        assert_eq!(nisba_forms("المغرب"), ["المغرب"]);
        assert!(nisba_forms("").is_empty());
    }

    #[test]
    fn tanween_and_romanised_articles() {
        assert!(has_tanween("دوماً") && !has_tanween("دوما"));
        assert_eq!(without_romanised_article("Al Qāmishlī"), Some("Qāmishlī"));
        assert_eq!(without_romanised_article("Ar-Raqqah"), Some("Raqqah"));
        assert_eq!(without_romanised_article("Al Bab"), None);
        assert_eq!(without_romanised_article("New York"), None);
        assert_eq!(without_romanised_article("al qamishli"), None);
    }
}
