//! From the `text` stage's tokens to the tagger's sentence units and back.
//!
//! The tagger was trained on CoNLL-style token files: punctuation tokens
//! kept, hyphenated words and dotted acronyms one token ("Al-Qaeda",
//! "U.S."), the English possessive `'s` a token of its own. The `text`
//! stage drops punctuation and splits at hyphens, so a sentence is rebuilt
//! here from the original text: every token, the punctuation in the gaps
//! between tokens (one unit per character, `'s` as one), and tokens joined
//! by a hyphen or by acronym dots merged into one unit.

use crate::article::FieldText;
use crate::nlp::AnalyzedField;

/// One unit of a tagger sentence: an original char range and, for a word,
/// the `text` stage tokens it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unit {
    /// Original char offsets, end-exclusive.
    pub start: usize,
    pub end: usize,
    /// First and one-past-last token index into the field's tokens; empty
    /// for punctuation.
    pub first_token: usize,
    pub end_token: usize,
}

impl Unit {
    pub fn is_word(&self) -> bool {
        self.first_token < self.end_token
    }
}

/// True when `gap` (the text between two tokens) joins them into one unit:
/// a single hyphen, or a dot between two single capital letters (U.S).
fn joins(gap: &str, before: &str, after: &str) -> bool {
    match gap {
        "-" | "‐" | "‑" => true,
        "." => is_initial(before) && is_initial(after),
        _ => false,
    }
}

fn is_initial(word: &str) -> bool {
    let mut c = word.chars();
    matches!((c.next(), c.next()), (Some(x), None) if x.is_uppercase())
}

/// Appends the punctuation units of `gap`, which starts at char `at`: one
/// per non-space char, except `'s`/`’s` (one unit).
fn gap_units(gap: &str, at: usize, out: &mut Vec<Unit>) {
    let mut chars = gap.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut len = 1;
        if (c == '\'' || c == '’') && matches!(chars.peek(), Some((_, 's' | 'S'))) {
            chars.next();
            len = 2;
        }
        out.push(Unit {
            start: at + i,
            end: at + i + len,
            first_token: 0,
            end_token: 0,
        });
    }
}

/// The units of each sentence of `field` (token ranges `tokens[a..b]` of one
/// sentence index), written into `out` (cleared). Trailing punctuation after
/// a sentence's last token, up to the next token or line break (at most 3
/// chars), belongs to the sentence.
pub(super) fn sentence_units(
    field: &AnalyzedField,
    view: &FieldText<'_>,
    a: usize,
    b: usize,
    out: &mut Vec<Unit>,
) {
    out.clear();
    let toks = &field.tokens;
    let mut i = a;
    while i < b {
        if i > a {
            // After the previous unit, which may have taken a dot ("U.S.").
            let gap_start = out.last().map_or(toks[i - 1].span.end, |u| u.end);
            gap_units(view.slice(gap_start, toks[i].span.start), gap_start, out);
        }
        let start = toks[i].span.start;
        let mut j = i;
        while j + 1 < b
            && joins(
                view.slice(toks[j].span.end, toks[j + 1].span.start),
                view.slice(toks[j].span.start, toks[j].span.end),
                view.slice(toks[j + 1].span.start, toks[j + 1].span.end),
            )
        {
            j += 1;
        }
        let mut end = toks[j].span.end;
        // "U.S." keeps its final dot.
        if j > i
            && view.slice(end, end + 1) == "."
            && is_initial(view.slice(toks[j].span.start, end))
        {
            end += 1;
        }
        out.push(Unit {
            start,
            end,
            first_token: i,
            end_token: j + 1,
        });
        i = j + 1;
    }
    let last_end = out.last().map_or(0, |u| u.end);
    let limit = toks.get(b).map_or(view.char_len(), |t| t.span.start);
    let trail = view.slice(last_end, limit.min(last_end + 3));
    let trail = trail.split('\n').next().unwrap_or("");
    gap_units(trail, last_end, out);
}

/// Number of leading chars of an Arabic name's first token (its normalised
/// form `norm`) that are proclitics to leave outside the mention: و/ف and
/// ب/ك/ل before the article (وبالقاهرة → القاهرة, the article stays); a
/// bare proclitic without the article (بخليفة) only when `known` says the
/// rest is a word the model has seen and the whole is not.
pub(super) fn proclitic_chars(norm: &str, known: impl Fn(&str) -> bool) -> usize {
    let letters = |s: &str| s.chars().count();
    let mut k = 0;
    let mut rest = norm;
    if let Some(r) = rest.strip_prefix(['و', 'ف'])
        && letters(r) >= 3
    {
        if r.starts_with("ال") || (r.starts_with(['ب', 'ك', 'ل']) && r[2..].starts_with("ال"))
        {
            k = 1;
            rest = r;
        } else if known(r) && !known(norm) {
            return 1;
        }
    }
    if let Some(r) = rest.strip_prefix(['ب', 'ك', 'ل']) {
        if r.starts_with("ال") && letters(r) >= 4 {
            return k + 1;
        }
        if !r.starts_with('ل') && letters(r) >= 3 && known(r) && !known(rest) {
            return k + 1;
        }
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Field;

    fn units(text: &str) -> Vec<String> {
        let f = AnalyzedField::from_text(Field::Body, text);
        let view = FieldText::new(text);
        let mut out = Vec::new();
        sentence_units(&f, &view, 0, f.tokens.len(), &mut out);
        out.iter()
            .map(|u| view.slice(u.start, u.end).to_string())
            .collect()
    }

    #[test]
    fn punctuation_hyphens_acronyms_and_possessives_are_units() {
        assert_eq!(
            units("The U.S. envoy met al-Sisi's aides, (briefly)."),
            [
                "The", "U.S.", "envoy", "met", "al-Sisi", "'s", "aides", ",", "(", "briefly", ")",
                "."
            ]
        );
        assert_eq!(
            units("قال «حفتر»، ثم غادر."),
            ["قال", "«", "حفتر", "»", "،", "ثم", "غادر", "."]
        );
    }

    #[test]
    fn proclitics_leave_the_mention_only_when_the_rest_is_a_name() {
        let known = |w: &str| matches!(w, "خليفه" | "مصر");
        assert_eq!(proclitic_chars("وبالقاهره", known), 2);
        assert_eq!(proclitic_chars("بالقاهره", known), 1);
        assert_eq!(proclitic_chars("القاهره", known), 0);
        assert_eq!(proclitic_chars("بخليفه", known), 1);
        assert_eq!(proclitic_chars("ومصر", known), 1);
        assert_eq!(proclitic_chars("بسام", known), 0);
        assert_eq!(proclitic_chars("وليد", known), 0);
        assert_eq!(proclitic_chars("للامم", known), 0);
    }
}
