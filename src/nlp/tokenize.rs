//! One pass over a field: words, their normalised forms, an offset map from
//! every normalised `char` back to the original, line and sentence numbers.
//!
//! Rules (both scripts):
//! - a word is a run of letters and digits; combining marks, tatweel and
//!   invisible format characters inside it do not break it. A word's span
//!   starts at its first letter and ends after its last letter or mark
//!   (format characters at its edges are left out);
//! - an apostrophe between two letters stays in the word (`O'Brien`), except
//!   an English possessive (`Egypt's`, `Egypt’s` → `Egypt`, the `'s` is not a
//!   token) and a French elision (`l'Égypte` → `l` + `Égypte`);
//! - letter elongation of social text (`حلببببب`, `الرقههه`): a run of three
//!   or more of one Arabic letter is one letter (no Arabic word writes a
//!   letter three times in a row; a doubled letter, `الله`, stays two); the
//!   run's span stays in the token, its extra letters produce nothing;
//! - a compound name written as one word, `عبدالله`/`عبدالفتاح`, is two
//!   tokens (`عبد` + `الله`), as `عبد الله` is;
//! - `.` `,` `٫` `٬` between two digits stay in the number (`3.5`, `13,500`);
//! - everything else separates words; hyphens and dashes too (`el-Sisi` is
//!   two tokens, like `el Sisi`);
//! - a sentence ends at `. ! ? ; ، ؛ ؟ …` and at a line break, except a `.`
//!   right after a single letter (initials, `U.S.`, `د.`), after a listed
//!   abbreviation (`Mr.`, `Gen.`, …) or before a lower-case Latin letter.

use super::arabic;
use super::script::is_arabic_letter;
use crate::article::CharSpan;

use super::Token;
use super::normalize::{CharClass, classify, is_line_break, is_sentence_end, lookup, push_norm};

/// French elided words split off before an apostrophe (normalised).
const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu",
];

/// Normalised prefix of compound names written as one word (عبدالله,
/// عبدالفتاح): split into `عبد` + the rest so they match `عبد الله`.
const ABD: &str = "عبدال";
/// Letters the rest must have after `عبد` (الله has 4).
const ABD_REST_CHARS: usize = 4;

/// Where to split a normalised word of the form `[proclitics]عبدال…`: the
/// char index of `ال`, after the proclitics of one
/// [`arabic::proclitic_readings`] reading.
fn abd_split(norm: &str) -> Option<usize> {
    // Cheap reject for almost every token: too short, or not starting with
    // ع or a proclitic letter (UTF-8: ع D8 B9, ب D8 A8, ف D9 81, ك D9 83,
    // ل D9 84, و D9 88).
    let b = norm.as_bytes();
    if b.len() < ABD.len() + 4
        || !matches!(
            (b[0], b[1]),
            (0xD8, 0xB9 | 0xA8) | (0xD9, 0x81 | 0x83 | 0x84 | 0x88)
        )
    {
        return None;
    }
    arabic::proclitic_readings(norm, 0).find_map(|r| {
        let rest = r.stem.strip_prefix(ABD)?;
        (rest.chars().count() + 2 >= ABD_REST_CHARS).then_some(r.stripped + 3)
    })
}

/// Latin abbreviations after which a `.` does not end a sentence (normalised).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "maj", "capt", "sgt", "cpl", "adm", "gov",
    "sen", "rep", "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "no", "nos", "fig",
    "approx", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "dept", "univ", "mme", "mlle", "av", "bd",
];

/// One line of the field (line breaks excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line {
    /// Original char span of the line without its line break.
    pub chars: CharSpan,
    /// Byte range of the line in the field.
    pub bytes: (usize, usize),
    /// Tokens of this line: `tokens[first..end]`.
    pub first: usize,
    /// One past the last token of this line.
    pub end: usize,
}

/// The result of tokenising a whole field.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tokenized {
    /// All tokens of the field in text order (`sentence` numbered over the field).
    pub tokens: Vec<Token>,
    /// Original char offset of every normalised char of every token.
    pub norm_map: Vec<u32>,
    /// Lines of the field.
    pub lines: Vec<Line>,
    /// Total number of chars in the field.
    pub char_len: usize,
}

struct Open {
    start: usize,
    end: usize,
    norm: String,
    map_start: usize,
    capitalized: bool,
    /// The Arabic letter of an elongation run being collapsed.
    squash: Option<char>,
}

fn ends_with_twice(norm: &str, c: char) -> bool {
    let mut rev = norm.chars().rev();
    rev.next() == Some(c) && rev.next() == Some(c)
}

/// Tokenises `text` (a whole field).
pub(crate) fn tokenize(text: &str) -> Tokenized {
    let mut out = Tokenized {
        tokens: Vec::with_capacity(text.len() / 8),
        norm_map: Vec::with_capacity(text.len() / 2),
        ..Tokenized::default()
    };
    let mut open: Option<Open> = None;
    let mut sentence = 0usize;
    let mut pending_boundary = false;
    let mut line_start_char = 0usize;
    let mut line_start_byte = 0usize;
    let mut line_first_token = 0usize;
    let mut skip = 0usize;
    let mut i = 0usize;
    let mut prev_cr = false;

    macro_rules! close {
        () => {
            if let Some(o) = open.take() {
                if o.norm.is_empty() {
                    out.norm_map.truncate(o.map_start);
                } else if let Some(k) = abd_split(&o.norm) {
                    // عبدالله → عبد + الله (وعبدالله → وعبد + الله), as
                    // عبد الله is also written; `k` is in chars.
                    let cut = out.norm_map[o.map_start + k] as usize;
                    let kb = o.norm.char_indices().nth(k).map_or(o.norm.len(), |(b, _)| b);
                    out.tokens.push(Token {
                        span: CharSpan::new(o.start, cut),
                        norm: o.norm[..kb].to_string(),
                        sentence,
                        capitalized: false,
                        norm_start: o.map_start,
                    });
                    out.tokens.push(Token {
                        span: CharSpan::new(cut, o.end),
                        norm: o.norm[kb..].to_string(),
                        sentence,
                        capitalized: false,
                        norm_start: o.map_start + k,
                    });
                } else {
                    out.tokens.push(Token {
                        span: CharSpan::new(o.start, o.end),
                        norm: o.norm,
                        sentence,
                        capitalized: o.capitalized,
                        norm_start: o.map_start,
                    });
                }
            }
        };
    }

    for (b, c) in text.char_indices() {
        if skip > 0 {
            skip -= 1;
            i += 1;
            continue;
        }
        let (class, fast) = lookup(c);
        match class {
            CharClass::Word => {
                let o = open.get_or_insert_with(|| {
                    if pending_boundary && !out.tokens.is_empty() {
                        sentence += 1;
                    }
                    pending_boundary = false;
                    Open {
                        start: i,
                        end: i,
                        norm: String::with_capacity(24),
                        map_start: out.norm_map.len(),
                        squash: None,
                        // Arabic script has no case: only other scripts
                        // can be capitalised.
                        capitalized: if c.is_ascii() {
                            c.is_ascii_uppercase()
                        } else {
                            // Skips the Unicode table walk for the Arabic
                            // block (no case), the common non-ASCII start.
                            !('\u{0600}'..='\u{06FF}').contains(&c) && c.is_uppercase()
                        },
                    }
                });
                if let Some(m) = fast {
                    if o.squash == Some(m) {
                        // More of an elongation run: nothing to add.
                    } else if is_arabic_letter(m) && ends_with_twice(&o.norm, m) {
                        // Third of a run: the run is one letter.
                        o.norm.pop();
                        out.norm_map.pop();
                        o.squash = Some(m);
                    } else {
                        o.squash = None;
                        o.norm.push(m);
                        out.norm_map.push(i as u32);
                    }
                } else {
                    o.squash = None;
                    let n = push_norm(c, &mut o.norm);
                    for _ in 0..n {
                        out.norm_map.push(i as u32);
                    }
                }
                o.end = i + 1;
            }
            CharClass::Mark => {
                if let Some(o) = open.as_mut() {
                    o.end = i + 1;
                }
            }
            CharClass::Format => {}
            CharClass::Apostrophe => {
                let rest = &text[b + c.len_utf8()..];
                let mut ahead = rest.chars();
                let next = ahead.next();
                let in_letters = open
                    .as_ref()
                    .is_some_and(|o| o.norm.chars().last().is_some_and(char::is_alphabetic))
                    && next.is_some_and(|n| n.is_alphabetic());
                if !in_letters {
                    close!();
                } else if matches!(next, Some('s' | 'S'))
                    && ahead.next().is_none_or(|a| classify(a) != CharClass::Word)
                {
                    close!();
                    skip = 1;
                } else if open
                    .as_ref()
                    .is_some_and(|o| ELISIONS.contains(&o.norm.as_str()))
                {
                    // French elision: `l'Égypte` → `l` + `Égypte`; the
                    // apostrophe belongs to neither.
                    close!();
                } else {
                    let o = open.as_mut().expect("in_letters implies an open token");
                    o.norm.push('\'');
                    out.norm_map.push(i as u32);
                    o.end = i + 1;
                }
            }
            CharClass::Separator => {
                if matches!(c, '.' | ',' | '\u{066B}' | '\u{066C}')
                    && let Some(o) = open.as_mut()
                    && o.norm.ends_with(|d: char| d.is_ascii_digit())
                    && text[b + c.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(|n| n.is_numeric())
                {
                    o.norm.push(if matches!(c, '.' | '\u{066B}') {
                        '.'
                    } else {
                        ','
                    });
                    out.norm_map.push(i as u32);
                    o.end = i + 1;
                    i += 1;
                    continue;
                }
                let just_closed_end = open.as_ref().map(|o| o.end);
                close!();
                if is_line_break(c) {
                    pending_boundary = true;
                    if !(c == '\n' && prev_cr) {
                        out.lines.push(Line {
                            chars: CharSpan::new(line_start_char, i),
                            bytes: (line_start_byte, b),
                            first: line_first_token,
                            end: out.tokens.len(),
                        });
                    }
                    line_start_char = i + 1;
                    line_start_byte = b + c.len_utf8();
                    line_first_token = out.tokens.len();
                } else if is_sentence_end(c) {
                    if c == '.' {
                        let after_word = just_closed_end == Some(i);
                        let abbrev = after_word
                            && out.tokens.last().is_some_and(|t| {
                                t.norm.chars().count() == 1
                                    || ABBREVIATIONS.contains(&t.norm.as_str())
                            });
                        let next_lower = text[b + 1..]
                            .chars()
                            .find(|n| !matches!(n, ' ' | '\t' | '\u{00A0}'))
                            .is_some_and(|n| n.is_lowercase());
                        if !abbrev && !next_lower {
                            pending_boundary = true;
                        }
                    } else {
                        pending_boundary = true;
                    }
                }
            }
        }
        prev_cr = c == '\r';
        i += 1;
    }
    close!();
    out.lines.push(Line {
        chars: CharSpan::new(line_start_char, i),
        bytes: (line_start_byte, text.len()),
        first: line_first_token,
        end: out.tokens.len(),
    });
    out.char_len = i;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(t: &Tokenized) -> Vec<&str> {
        t.tokens.iter().map(|t| t.norm.as_str()).collect()
    }

    fn slice(text: &str, s: CharSpan) -> String {
        text.chars().skip(s.start).take(s.len()).collect()
    }

    #[test]
    fn elongation_runs_are_one_letter_with_the_whole_run_in_the_span() {
        // Offsets in Unicode scalar values: «حلببببب» is chars 7..14.
        let text = "قصف في حلببببب اليوم والله يستر، الرقههههه";
        let t = tokenize(text);
        assert_eq!(
            norms(&t),
            ["قصف", "في", "حلب", "اليوم", "والله", "يستر", "الرقه"]
        );
        assert_eq!(t.tokens[2].span, CharSpan::new(7, 14));
        assert_eq!(slice(text, t.tokens[2].span), "حلببببب");
        // A doubled letter stays two.
        assert_eq!(t.tokens[4].norm, "والله");
        assert_eq!(slice(text, t.tokens[6].span), "الرقههههه");
        // One offset per normalised char, pointing into the run's start.
        let tok = &t.tokens[2];
        let map = &t.norm_map[tok.norm_start..tok.norm_start + 3];
        assert_eq!(map, [7, 8, 9]);
        // Latin runs are left alone ("www", Roman numerals).
        assert_eq!(norms(&tokenize("www III")), ["www", "iii"]);
    }

    #[test]
    fn arabic_words_with_marks_keep_whole_span() {
        let text = "زارَ الرئيسُ القاهرةَ.";
        let t = tokenize(text);
        assert_eq!(norms(&t), ["زار", "الرييس", "القاهره"]);
        assert_eq!(slice(text, t.tokens[1].span), "الرئيسُ");
        assert_eq!(slice(text, t.tokens[2].span), "القاهرةَ");
    }

    #[test]
    fn tatweel_zwj_zwnj_and_bidi_do_not_split_words() {
        let text = "\u{200F}مصـــر\u{200D}ي\u{200C}ة\u{202C} اليوم";
        let t = tokenize(text);
        assert_eq!(norms(&t), ["مصريه", "اليوم"]);
        // Leading RLM and trailing PDF are outside the span.
        assert_eq!(slice(text, t.tokens[0].span), "مصـــر\u{200D}ي\u{200C}ة");
    }

    #[test]
    fn norm_map_points_at_original_chars() {
        let text = "وَالقاهرة";
        let t = tokenize(text);
        let tok = &t.tokens[0];
        assert_eq!(tok.norm, "والقاهره");
        // 2nd normalised char (ا) is original char 2: the fatha on و is skipped.
        assert_eq!(t.norm_map[tok.norm_start + 1], 2);
    }

    #[test]
    fn english_possessive_and_french_elision() {
        let text = "Egypt's army, Egypt’s ally, O'Brien and l'Égypte d’Alger";
        let t = tokenize(text);
        assert_eq!(
            norms(&t),
            [
                "egypt", "army", "egypt", "ally", "o'brien", "and", "l", "egypte", "d", "alger"
            ]
        );
        assert_eq!(slice(text, t.tokens[0].span), "Egypt");
        assert_eq!(slice(text, t.tokens[7].span), "Égypte");
        assert!(t.tokens[0].capitalized && !t.tokens[1].capitalized);
    }

    #[test]
    fn numbers_keep_decimal_and_group_separators() {
        let t = tokenize("نزوح 13,500 شخص و3.5٪ و٢٫٥");
        assert_eq!(norms(&t), ["نزوح", "13,500", "شخص", "و3.5", "و2.5"]);
        assert_eq!(t.tokens.iter().map(|t| t.sentence).max(), Some(0));
    }

    #[test]
    fn abd_compounds_split_like_spaced_names() {
        let text = "عبدالفتاح السيسي وعبدُالله";
        let t = tokenize(text);
        assert_eq!(norms(&t), ["عبد", "الفتاح", "السيسي", "وعبد", "الله"]);
        assert_eq!(slice(text, t.tokens[0].span), "عبد");
        assert_eq!(slice(text, t.tokens[1].span), "الفتاح");
        // Marks stay with the first part; words that only look alike stay whole.
        assert_eq!(slice(text, t.tokens[3].span), "وعبدُ");
        let t = tokenize("عبدان عبدال العبدالي");
        assert_eq!(norms(&t), ["عبدان", "عبدال", "العبدالي"]);
    }

    #[test]
    fn hyphen_separates() {
        let t = tokenize("Abdel Fattah el-Sisi");
        assert_eq!(norms(&t), ["abdel", "fattah", "el", "sisi"]);
    }

    #[test]
    fn arabic_sentences_split_on_arabic_punctuation_and_lines() {
        let t = tokenize("قال السيسي، إن مصر تدعم ليبيا؛ وأضاف؟ نعم.\nسطر جديد");
        let s: Vec<usize> = t.tokens.iter().map(|t| t.sentence).collect();
        assert_eq!(s, [0, 0, 1, 1, 1, 1, 2, 3, 4, 4]);
        assert_eq!(t.lines.len(), 2);
    }

    #[test]
    fn abbreviations_initials_and_lowercase_do_not_split() {
        let t = tokenize("Mr. Smith met U.S. officials. Then e.g. more. د. سمير حداد");
        let s: Vec<usize> = t.tokens.iter().map(|t| t.sentence).collect();
        // Mr Smith met U S officials | Then e g more | د سمير حداد
        assert_eq!(s, [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2]);
    }

    #[test]
    fn english_sentence_end() {
        let t = tokenize("Haftar visited Cairo. The talks ended! Why? Yes");
        let s: Vec<usize> = t.tokens.iter().map(|t| t.sentence).collect();
        assert_eq!(s, [0, 0, 0, 1, 1, 1, 2, 3]);
    }

    #[test]
    fn crlf_counts_as_one_line_break() {
        let t = tokenize("a\r\nb\r\n\r\nc");
        assert_eq!(t.lines.len(), 4);
        assert_eq!(t.lines[1].chars, CharSpan::new(3, 4));
        assert_eq!(t.lines[3].chars, CharSpan::new(8, 9));
        assert_eq!(t.char_len, 9);
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for s in [
            "\0\0'",
            "'s",
            "a'",
            "x's",
            "1.",
            ".5",
            "🇪🇬 مصر 👍🏽",
            "\u{0301}\u{064E}ـ",
            "l'",
            "\r",
            "",
        ] {
            let t = tokenize(s);
            for tok in &t.tokens {
                assert!(tok.span.end <= s.chars().count());
                assert!(!tok.norm.is_empty());
            }
        }
    }
}
