//! Token-level text analysis for the entity tagger: the folded form a word
//! is looked up and hashed by, its word shape, and Arabic clitic stripping.
//!
//! The folding matches the pipeline's normaliser (`stages/text/normalize.rs`)
//! for the letters that matter to names, so a word the stages see and a word
//! the tagger was trained on agree:
//! - Arabic: tashkeel, tatweel and Quranic marks dropped; أ إ آ ٱ → ا,
//!   ى ی ئ → ي, ة → ه, ؤ → و, ک → ك (training corpora differ here: WikiFANE
//!   writes bare alef everywhere, ANERcorp and AQMAR keep hamza);
//! - Latin: lower-cased; the case survives in the word shape;
//! - digits (ASCII, Arabic-Indic, Persian) all become `0`, so numbers share
//!   their features by length and punctuation;
//! - invisible format characters (LRM/RLM, ZWJ/ZWNJ, BOM, soft hyphen) are
//!   dropped (WikiFANE prefixes most tokens with U+200E).

/// Appends the folded form of `token` to `out` (see the module doc).
pub fn fold_into(token: &str, out: &mut String) {
    for c in token.chars() {
        let u = c as u32;
        if u < 0x80 {
            let c = if c.is_ascii_digit() {
                '0'
            } else {
                c.to_ascii_lowercase()
            };
            out.push(c);
            continue;
        }
        match c {
            '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{0610}'..='\u{061A}'
            | '\u{06D6}'..='\u{06ED}'
            | '\u{0640}'
            | '\u{00AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => out.push('ا'),
            'ى' | 'ی' | 'ئ' => out.push('ي'),
            'ة' | 'ۀ' | 'ۃ' => out.push('ه'),
            'ؤ' => out.push('و'),
            'ک' => out.push('ك'),
            '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => out.push('0'),
            '\u{0621}'..='\u{064A}' => out.push(c),
            _ => {
                for l in c.to_lowercase() {
                    out.push(l);
                }
            }
        }
    }
}

/// The folded form of `token` as a new string.
pub fn fold(token: &str) -> String {
    let mut s = String::with_capacity(token.len());
    fold_into(token, &mut s);
    s
}

/// Proclitics found on an Arabic word, as bits (see [`strip_arabic`]).
pub mod clitic {
    /// و "and".
    pub const WA: u8 = 1;
    /// ف "so, then".
    pub const FA: u8 = 2;
    /// ب "in, with".
    pub const BI: u8 = 4;
    /// ل "for, to" (also the ل of لل = ل + ال).
    pub const LI: u8 = 8;
    /// ك "like".
    pub const KA: u8 = 16;
    /// ال, the definite article.
    pub const AL: u8 = 32;
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c)
}

/// Strips the proclitics و ف, then ب ل ك before the article, then ال from a
/// folded Arabic word, leaving at least two letters. Returns the byte offset
/// where the stem starts and the [`clitic`] bits found.
///
/// A bare ب/ل/ك without the article is left on (بريطانيا, لبنان and كركوك
/// start with those letters); [`bare_prefix_rest`] offers that reading as
/// a separate candidate.
pub fn strip_arabic(folded: &str) -> (usize, u8) {
    let first = match folded.chars().next() {
        Some(c) if is_arabic_letter(c) => c,
        _ => return (0, 0),
    };
    let _ = first;
    let len = folded.chars().count();
    let mut at = 0usize; // byte offset
    let mut left = len;
    let mut bits = 0u8;
    let rest = |at: usize| &folded[at..];
    // و / ف (2 bytes each), keep at least 3 letters after.
    if let Some(c) = rest(at).chars().next()
        && (c == 'و' || c == 'ف')
        && left >= 4
    {
        bits |= if c == 'و' { clitic::WA } else { clitic::FA };
        at += 2;
        left -= 1;
    }
    let r = rest(at);
    if r.starts_with("لل") && left >= 4 {
        bits |= clitic::LI | clitic::AL;
        at += 4;
    } else if (r.starts_with("بال") || r.starts_with("كال") || r.starts_with("لال")) && left >= 5
    {
        bits |= match r.chars().next() {
            Some('ب') => clitic::BI,
            Some('ك') => clitic::KA,
            _ => clitic::LI,
        } | clitic::AL;
        at += 6;
    } else if r.starts_with("ال") && left >= 4 {
        bits |= clitic::AL;
        at += 4;
    }
    (at, bits)
}

/// The rest of a folded Arabic word after one bare ب, ل or ك (optionally
/// after و/ف), when at least three letters remain: بمصر → مصر. `None` when
/// the word does not start that way.
pub fn bare_prefix_rest(folded: &str) -> Option<&str> {
    let mut r = folded;
    if r.starts_with('و') || r.starts_with('ف') {
        r = &r[2..];
    }
    let c = r.chars().next()?;
    if !matches!(c, 'ب' | 'ل' | 'ك') {
        return None;
    }
    let rest = &r[2..];
    (rest.chars().count() >= 3 && !rest.starts_with("ال")).then_some(rest)
}

/// Word shape of the surface form: `X` upper, `x` lower, `d` digit, `a`
/// Arabic letter, other characters as themselves; runs longer than two
/// collapse to two (`Xxxxx` → `Xxx`), capped at 12 chars.
pub fn shape_into(token: &str, out: &mut String) {
    let mut last = '\0';
    let mut run = 0;
    let mut n = 0;
    for c in token.chars() {
        let s = if c.is_ascii_digit() || ('\u{0660}'..='\u{0669}').contains(&c) {
            'd'
        } else if is_arabic_letter(c) || ('\u{0671}'..='\u{06D3}').contains(&c) {
            'a'
        } else if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_alphabetic() {
            'l'
        } else if matches!(c, '\u{064B}'..='\u{065F}' | '\u{0640}' | '\u{200B}'..='\u{200F}') {
            continue;
        } else {
            c
        };
        if s == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            last = s;
            run = 1;
        }
        out.push(s);
        n += 1;
        if n >= 12 {
            break;
        }
    }
}

/// Short shape: every run collapsed to one char (`Xxxxx` → `Xx`, `dd.dd`
/// → `d.d`).
pub fn short_shape_into(shape: &str, out: &mut String) {
    let mut last = '\0';
    for c in shape.chars() {
        if c != last {
            out.push(c);
            last = c;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_arabic_letters_marks_and_digits() {
        assert_eq!(fold("\u{200e}أحمد"), "احمد");
        assert_eq!(fold("مُصْطَفَى"), "مصطفي");
        assert_eq!(fold("القاهرة"), "القاهره");
        assert_eq!(fold("٢٠١٨"), "0000");
        assert_eq!(fold("Obama's"), "obama's");
    }

    #[test]
    fn strips_proclitics_but_keeps_two_letters() {
        let w = fold("وبالقاهرة");
        let (at, bits) = strip_arabic(&w);
        assert_eq!(&w[at..], "قاهره");
        assert_eq!(bits, clitic::WA | clitic::BI | clitic::AL);
        let w = fold("للرئيس");
        let (at, bits) = strip_arabic(&w);
        assert_eq!(&w[at..], "رئيس".replace('ئ', "ي"));
        assert_eq!(bits, clitic::LI | clitic::AL);
        // Too short to strip: ولد stays whole.
        assert_eq!(strip_arabic("ولد"), (0, 0));
        // A name starting with ب is not stripped.
        let w = fold("بريطانيا");
        assert_eq!(strip_arabic(&w), (0, 0));
        assert_eq!(bare_prefix_rest(&fold("بمصر")), Some("مصر"));
        assert_eq!(bare_prefix_rest(&fold("مصر")), None);
        assert_eq!(strip_arabic("obama"), (0, 0));
    }

    #[test]
    fn shapes() {
        let mut s = String::new();
        shape_into("McDonald's", &mut s);
        assert_eq!(s, "XxXxx'x");
        let mut t = String::new();
        short_shape_into(&s, &mut t);
        assert_eq!(t, "XxXx'x");
        s.clear();
        shape_into("محمد", &mut s);
        assert_eq!(s, "aa");
        s.clear();
        shape_into("U.S.", &mut s);
        assert_eq!(s, "X.X.");
    }
}
