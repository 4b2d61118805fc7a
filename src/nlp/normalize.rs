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
//! - letters of Persian, Urdu, Kurdish and Maghrebi spelling that Arabic
//!   social text borrows, folded to the Arabic letter a reader hears:
//!   ڨ (Tunisian and Algerian g, `ڨفصة` Gafsa) and ڧ → ق; ڤ (v) → ف; گ → ك;
//!   پ → ب; چ → ج; ژ → ز; ھ ہ ە → ه; ے → ي;
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

/// Class and one-char normalised form of the Arabic block U+0600–U+06FF,
/// precomputed: the hot path for Arabic text. Entry = class in bits 24..,
/// normalised char (0 = none) in bits 0..24.
static ARABIC_TABLE: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut k = 0;
    while k < 256 {
        t[k] = arabic_entry(0x0600 + k as u32);
        k += 1;
    }
    t
};

const fn arabic_entry(u: u32) -> u32 {
    const WORD: u32 = 1 << 24;
    const MARK: u32 = 2 << 24;
    const FORMAT: u32 = 3 << 24;
    const SEP: u32 = 4 << 24;
    match u {
        0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0670
        | 0x06D6..=0x06DC
        | 0x06DF..=0x06E8
        | 0x06EA..=0x06ED
        | 0x0640 => MARK,
        0x0600..=0x0605 | 0x061C | 0x06DD => FORMAT,
        0x0622 | 0x0623 | 0x0625 | 0x0671 | 0x0672 | 0x0673 => WORD | 0x0627,
        0x0649 | 0x06CC | 0x0626 => WORD | 0x064A,
        0x0629 | 0x06C0 | 0x06C3 => WORD | 0x0647,
        0x0624 => WORD | 0x0648,
        0x06A9 | 0x06AF => WORD | 0x0643,
        0x06A8 | 0x06A7 => WORD | 0x0642,
        0x06A4 => WORD | 0x0641,
        0x067E => WORD | 0x0628,
        0x0686 => WORD | 0x062C,
        0x0698 => WORD | 0x0632,
        0x06BE | 0x06C1 | 0x06D5 => WORD | 0x0647,
        0x06D2 => WORD | 0x064A,
        0x0660..=0x0669 => WORD | (u - 0x0660 + 0x30),
        0x06F0..=0x06F9 => WORD | (u - 0x06F0 + 0x30),
        0x0620..=0x063F
        | 0x0641..=0x064A
        | 0x066E
        | 0x066F
        | 0x0674..=0x06D3
        | 0x06EE
        | 0x06EF
        | 0x06FA..=0x06FC
        | 0x06FF => WORD | u,
        _ => SEP,
    }
}

/// Class of `c` and, when it is a word character with a one-char
/// normalised form known without decomposition (ASCII, Arabic block), that
/// form; `None` means "call [`push_norm`]".
#[inline]
pub(crate) fn lookup(c: char) -> (CharClass, Option<char>) {
    let u = c as u32;
    if u < 0x80 {
        return if c.is_ascii_alphanumeric() {
            (CharClass::Word, Some(c.to_ascii_lowercase()))
        } else if c == '\'' || c == '`' {
            (CharClass::Apostrophe, None)
        } else {
            (CharClass::Separator, None)
        };
    }
    if (0x0600..0x0700).contains(&u) {
        let e = ARABIC_TABLE[(u - 0x0600) as usize];
        let class = match e >> 24 {
            1 => CharClass::Word,
            2 => CharClass::Mark,
            3 => CharClass::Format,
            _ => CharClass::Separator,
        };
        return (
            class,
            char::from_u32(e & 0x00FF_FFFF).filter(|&m| m != '\0'),
        );
    }
    (classify(c), None)
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
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{0640}' => CharClass::Mark,
        '\u{0621}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{0660}'..='\u{0669}' => {
            CharClass::Word
        }
        '\u{061C}'
        | '\u{0600}'..='\u{0605}'
        | '\u{06DD}'
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
        '\u{06A9}' | '\u{06AF}' => Some('ك'),
        '\u{06A8}' | '\u{06A7}' => Some('ق'),
        '\u{06A4}' => Some('ف'),
        '\u{067E}' => Some('ب'),
        '\u{0686}' => Some('ج'),
        '\u{0698}' => Some('ز'),
        '\u{06BE}' | '\u{06C1}' | '\u{06D5}' => Some('ه'),
        '\u{06D2}' => Some('ي'),
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
    fn maghrebi_and_persian_letters_fold_to_arabic() {
        assert_eq!(norm("ڨفصة"), norm("قفصة"));
        assert_eq!(norm("ڤيينا"), "فيينا");
        assert_eq!(norm("گرگان"), "كركان");
        assert_eq!(norm("پاکستان"), "باكستان");
        assert_eq!(norm("چاد"), "جاد");
        assert_eq!(norm("ژنو"), "زنو");
        assert_eq!(norm("ھولندا"), "هولندا");
        assert_eq!(norm("کوردستانە"), "كوردستانه");
        assert_eq!(norm("ہ"), "ه");
        assert_eq!(norm("ے"), "ي");
        // One char in, one char out: offsets stay one to one.
        for c in ['ڨ', 'ڧ', 'ڤ', 'گ', 'پ', 'چ', 'ژ', 'ھ', 'ہ', 'ە', 'ے'] {
            assert_eq!(norm(&c.to_string()).chars().count(), 1, "{c}");
        }
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
    fn fast_table_agrees_with_the_general_rules() {
        for u in 0x0600..0x0700u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let (class, fast) = lookup(c);
            let general = classify(c);
            assert_eq!(class, general, "U+{u:04X}");
            if class == CharClass::Word {
                let mut s = String::new();
                push_norm(c, &mut s);
                assert_eq!(fast.map(String::from), Some(s), "U+{u:04X}");
            }
        }
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
