//! Character-level normalisation for matching: one original character maps to
//! zero, one or a few normalised characters, so a tokeniser can keep an exact
//! offset map back to the original text.
//!
//! # Choices (the same for dictionary names and article text)
//!
//! Arabic script:
//! - tashkeel (U+064B–U+065F, U+0670 superscript alef, U+0610–U+061A and the
//!   Quranic annotation marks U+06D6–U+06ED) and tatweel U+0640 are dropped;
//! - alef forms أ إ آ ٱ ٲ ٳ → ا (hamza and madda carry no identity in names;
//!   newspapers write أحمد and احمد interchangeably);
//! - ى (alef maqsura) and Persian ی → ي (Egyptian print writes final ي as ى);
//! - ة (ta marbuta) and ۀ ۃ → ه (ة is often typed as ه in web text; the
//!   cost is that a few word pairs such as قناه/قناة collapse, harmless for names);
//! - ؤ → و and ئ → ي (the hamza seat letter is kept, the hamza dropped); bare
//!   ء is kept as a letter;
//! - Persian keheh ک → ك;
//! - Arabic-Indic ٠–٩ and Persian ۰–۹ digits → ASCII 0–9;
//! - presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) go through NFKD first,
//!   so ﻻ becomes ل + ا.
//!
//! Everything else:
//! - NFKD compatibility decomposition, then every combining mark is dropped
//!   and letters are lower-cased (Unicode `to_lowercase`). This folds Latin
//!   diacritics: `Salamé` → `salame`, `Égypte` → `egypte`. French names are
//!   commonly written without accents in English and Arabic-transliterated
//!   text, so folding finds more true mentions than it merges distinct ones.
//! - apostrophe variants (’ ‘ ʼ ʹ ` ´ ′ ＇) → `'`; dash variants are
//!   separators (see the tokeniser), so `el-Sisi` and `el Sisi` agree.
//! - format characters (ZWJ, ZWNJ, ZWSP, LRM/RLM/ALM, bidi embeddings,
//!   overrides and isolates, word joiner, BOM, soft hyphen) are dropped and
//!   do not break a word.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// How the tokeniser treats one original character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CharClass {
    /// A letter or digit: part of a word, produces normalised output.
    Word,
    /// A combining mark or tatweel: part of a word if one is open, produces
    /// nothing; extends the word's original span.
    Mark,
    /// An invisible format character: does not break a word, produces
    /// nothing, does not extend the word's span.
    Format,
    /// An apostrophe variant: inside a word only between two letters.
    Apostrophe,
    /// Anything else: whitespace, punctuation, symbols.
    Separator,
}

/// Classifies `c` for tokenisation.
#[inline]
pub(crate) fn classify(c: char) -> CharClass {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            CharClass::Word
        } else if c == '\'' || c == '`' {
            CharClass::Apostrophe
        } else {
            CharClass::Separator
        };
    }
    match c {
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'
        | '\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{0640}' => CharClass::Mark,
        '\u{0621}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{0660}'..='\u{0669}' => {
            CharClass::Word
        }
        '\u{061C}'
        | '\u{00AD}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => CharClass::Format,
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{02B9}' | '\u{00B4}' | '\u{2032}'
        | '\u{FF07}' => CharClass::Apostrophe,
        _ if c.is_alphanumeric() => CharClass::Word,
        _ if is_combining_mark(c) => CharClass::Mark,
        _ => CharClass::Separator,
    }
}

/// Appends the normalised form of the word character `c` to `out`; returns
/// how many `char`s were appended (0 for characters that fold away).
#[inline]
pub(crate) fn push_norm(c: char, out: &mut String) -> usize {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return 1;
    }
    if let Some(m) = map_arabic(c) {
        return match m {
            Some(m) => {
                out.push(m);
                1
            }
            None => 0,
        };
    }
    let mut n = 0;
    decompose_compatible(c, |d| {
        if is_combining_mark(d) || classify(d) == CharClass::Format {
            return;
        }
        if d.is_ascii() {
            out.push(d.to_ascii_lowercase());
            n += 1;
        } else if let Some(m) = map_arabic(d) {
            if let Some(m) = m {
                out.push(m);
                n += 1;
            }
        } else {
            for l in d.to_lowercase() {
                out.push(l);
                n += 1;
            }
        }
    });
    n
}

/// The Arabic-block mapping: `None` when `c` is not handled here,
/// `Some(None)` when it folds away, `Some(Some(x))` for its replacement.
#[inline]
fn map_arabic(c: char) -> Option<Option<char>> {
    if !('\u{0600}'..='\u{06FF}').contains(&c) {
        return None;
    }
    Some(match c {
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' | '\u{0672}' | '\u{0673}' => Some('ا'),
        '\u{0649}' | '\u{06CC}' => Some('ي'),
        '\u{0629}' | '\u{06C0}' | '\u{06C3}' => Some('ه'),
        '\u{0624}' => Some('و'),
        '\u{0626}' => Some('ي'),
        '\u{06A9}' => Some('ك'),
        '\u{0660}'..='\u{0669}' => Some(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => Some(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        _ if matches!(classify(c), CharClass::Mark | CharClass::Format) => None,
        _ => Some(c),
    })
}

/// True for characters that end a sentence: `. ! ? ؟ ؛ ، ; …` and line
/// breaks. A `.` may still be discounted by the tokeniser (abbreviations,
/// initials, decimals).
#[inline]
pub(crate) fn is_sentence_end(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | ';'
            | '\n'
            | '\r'
            | '\u{061F}'
            | '\u{061B}'
            | '\u{060C}'
            | '\u{06D4}'
            | '\u{2026}'
            | '\u{0085}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{FF01}'
            | '\u{FF1F}'
    )
}

/// True for line breaks (`\n`, `\r`, NEL, LS, PS).
#[inline]
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0085}' | '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            if classify(c) == CharClass::Word {
                push_norm(c, &mut out);
            }
        }
        out
    }

    #[test]
    fn arabic_alef_forms_unify() {
        assert_eq!(norm("أحمد"), "احمد");
        assert_eq!(norm("إبراهيم"), "ابراهيم");
        assert_eq!(norm("آمنة"), "امنه");
        assert_eq!(norm("ٱلله"), "الله");
    }

    #[test]
    fn arabic_maqsura_ta_marbuta_and_hamza_seats() {
        assert_eq!(norm("مصطفى"), "مصطفي");
        assert_eq!(norm("القاهرة"), "القاهره");
        assert_eq!(norm("مؤتمر"), "موتمر");
        assert_eq!(norm("رئيس"), "رييس");
        assert_eq!(norm("ی"), "ي");
        assert_eq!(norm("کرد"), "كرد");
    }

    #[test]
    fn tashkeel_and_tatweel_are_marks() {
        assert_eq!(classify('\u{064E}'), CharClass::Mark);
        assert_eq!(classify('\u{0651}'), CharClass::Mark);
        assert_eq!(classify('ـ'), CharClass::Mark);
        assert_eq!(norm("مُحَمَّد"), "محمد");
    }

    #[test]
    fn digits_become_ascii() {
        assert_eq!(norm("٢٠١٩"), "2019");
        assert_eq!(norm("۱۴"), "14");
    }

    #[test]
    fn latin_folds_case_and_diacritics() {
        assert_eq!(norm("Salamé"), "salame");
        assert_eq!(norm("ÉGYPTE"), "egypte");
        assert_eq!(norm("ﬁnal"), "final");
        assert_eq!(norm("İstanbul"), "istanbul");
        // NFD input folds the same way as NFC.
        assert_eq!(norm("Sala\u{0301}me"), "salame");
    }

    #[test]
    fn presentation_forms_decompose() {
        assert_eq!(norm("\u{FEFB}"), "لا");
        assert_eq!(norm("\u{FE83}"), "ا");
    }

    #[test]
    fn invisible_marks_are_format() {
        for c in [
            '\u{200C}', '\u{200D}', '\u{200F}', '\u{202B}', '\u{2067}', '\u{061C}', '\u{FEFF}',
        ] {
            assert_eq!(classify(c), CharClass::Format, "{:?}", c);
        }
        assert_eq!(classify('’'), CharClass::Apostrophe);
        assert_eq!(classify('،'), CharClass::Separator);
        assert_eq!(classify('-'), CharClass::Separator);
    }
}
