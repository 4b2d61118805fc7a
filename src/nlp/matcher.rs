//! Clitic-aware, leftmost-longest dictionary matching over the tokens of an
//! [`AnalyzedField`].
//!
//! # How it works
//!
//! Every dictionary name is tokenised and normalised exactly like article
//! text ([`super::normalize()`]); each distinct token gets an id, and names
//! become paths in a trie over token ids. Matching walks the article's tokens
//! once: at each token a hash lookup of its normalised form (and of its
//! proclitic-stripped forms, for Arabic) is the first-token filter; only a hit
//! walks the trie over the following tokens. Cost is one to four hash lookups
//! per token plus the trie walk on hits, independent of dictionary size.
//!
//! # Arabic proclitics
//!
//! The first token of a match may carry proclitics that are not part of the
//! name, read by the one proclitic rule of [`super::arabic::proclitic_readings`]:
//! stripped (normalised), in this order, each optional:
//! 1. a conjunction `و` or `ف`;
//! 2. a preposition `ب`, `ل` or `ك`.
//!
//! The article `ال` is *not* stripped: a name listed with `ال` (القاهرة)
//! matches `بالقاهرة`, `والقاهرة`, `وبالقاهرة` with the span covering
//! `القاهرة`, and a name listed without it (ليبيا, حفتر) matches `لليبيا`,
//! `بحفتر`. Stripping the article too would let `السلامة` (safety) match the
//! surname `سلامة`.
//!
//! `ل` + `ال` is written `لل` (the article's alef is elided): `للقاهرة` matches
//! a name listed as `القاهرة`; the reported span then starts at the second
//! `ل` (the article's surviving lam), so the span's text is `لقاهرة` and
//! `proclitic` is `ل`. We keep the article's lam inside the span because the
//! span must only drop the clitic's letters, never a letter of the name.
//!
//! A stripped stem must keep at least three letters, so `ولي` (guardian) is
//! never read as `و` + `لي`. An unstripped reading wins a tie with a stripped
//! one of the same length.
//!
//! Matches never cross a sentence boundary.

use std::ops::Range;

use super::arabic::{MIN_STEM_CHARS, proclitic_readings};
use super::tokenize::tokenize;
use super::{AnalyzedField, FastMap};
use crate::article::CharSpan;

/// One dictionary name found in a field.
#[derive(Debug, Clone, PartialEq)]
pub struct NameMatch<'m, T> {
    /// Original span (Unicode scalar values), proclitics and fused article
    /// that are not part of the name excluded: بالقاهرة → القاهرة.
    pub span: CharSpan,
    /// Token indices covered, into `AnalyzedField::tokens`.
    pub tokens: Range<usize>,
    /// Normalised proclitic stripped from the first token, `""` if none.
    pub proclitic: String,
    /// The name was read with the article's alef elided after the
    /// preposition ل (للقاهرة: ل + القاهرة): its key starts with an `ا` the
    /// text does not write.
    pub elided_article: bool,
    /// Payloads of every dictionary name that normalises to the matched key.
    pub payloads: &'m [T],
}

impl<T> NameMatch<'_, T> {
    /// The normalised key that matched (what [`super::normalize()`] gives
    /// for each dictionary name of `payloads`), rebuilt from the tokens of
    /// `field` the match was found in: the first token without
    /// [`Self::proclitic`] (after `ا` when [`Self::elided_article`]), then
    /// a space and the norm of each further token, as the matchers join
    /// them. No text is normalised again.
    ///
    /// # Panics
    /// If the match is not one of `field`'s (tokens out of range).
    pub fn key(&self, field: &AnalyzedField) -> String {
        let tokens = &field.tokens[self.tokens.clone()];
        let mut key =
            String::with_capacity(2 + tokens.iter().map(|t| t.norm.len() + 1).sum::<usize>());
        if self.elided_article {
            key.push('ا');
        }
        for (k, t) in tokens.iter().enumerate() {
            if k == 0 {
                key.push_str(&t.norm[self.proclitic.len()..]);
            } else {
                key.push(' ');
                key.push_str(&t.norm);
            }
        }
        key
    }
}

/// A dictionary of names (any script) mapped to payloads of type `T`.
///
/// # Examples
///
/// ```
/// use newsevents::article::Field;
/// use newsevents::nlp::{AnalyzedField, NameMatcher};
///
/// let matcher = NameMatcher::new([("القاهرة".to_string(), "Cairo"), ("خليفة حفتر".to_string(), "Haftar")]);
/// let text = "التقى بخليفة حفتر بالقاهرة.";
/// let field = AnalyzedField::from_text(Field::Body, text);
/// let found: Vec<_> = matcher.find(&field).iter().map(|m| (m.span.slice(text).unwrap(), m.payloads[0])).collect();
/// assert_eq!(found, [("خليفة حفتر", "Haftar"), ("القاهرة", "Cairo")]);
/// ```
#[derive(Debug, Clone)]
pub struct NameMatcher<T> {
    /// Normalised token → token id.
    vocab: FastMap<Box<str>, u32>,
    /// Per token id: the root's child for that token (a name starts with
    /// it), or [`NO_NODE`]; an array index instead of a second map look-up.
    root: Vec<u32>,
    /// For first tokens `ال…`: the token without `ا` (`لقاهره`) → its trie
    /// node; used for `لل` with elided alef.
    elided: FastMap<Box<str>, u32>,
    /// First tokens and `elided` keys in a one-bit-per-key filter
    /// ([`FirstFilter`]): most article tokens start no name, and a clear
    /// bit rejects them without hashing the whole token or touching the
    /// (large, cache-cold) maps.
    filter: FirstFilter,
    /// Trie edges: (node, token id) → child node. Node 0 is the root.
    edges: FastMap<(u32, u32), u32>,
    /// Per node: payload range in `payloads` if a name ends here.
    terminal: Vec<Option<Range<u32>>>,
    payloads: Vec<T>,
    /// Longest name in tokens.
    max_len: usize,
}

impl<T> NameMatcher<T> {
    /// Builds the matcher; names are normalised and tokenised the same way
    /// article text is. Names that normalise to the same token sequence share
    /// one key and their payloads accumulate in input order; names with no
    /// token (empty, punctuation only) are ignored.
    pub fn new(names: impl IntoIterator<Item = (String, T)>) -> Self {
        let mut vocab: FastMap<Box<str>, u32> = FastMap::default();
        let mut edges: FastMap<(u32, u32), u32> = FastMap::default();
        let mut node_count = 1u32;
        let mut max_len = 0;
        let mut ends: Vec<(u32, usize, T)> = Vec::new();
        for (seq, (name, payload)) in names.into_iter().enumerate() {
            let toks = tokenize(&name).tokens;
            if toks.is_empty() {
                continue;
            }
            max_len = max_len.max(toks.len());
            let mut node = 0u32;
            for t in toks {
                let next_id = vocab.len() as u32;
                let id = *vocab.entry(t.norm.into_boxed_str()).or_insert(next_id);
                node = *edges.entry((node, id)).or_insert_with(|| {
                    node_count += 1;
                    node_count - 1
                });
            }
            ends.push((node, seq, payload));
        }
        ends.sort_by_key(|(node, seq, _)| (*node, *seq));
        let mut terminal: Vec<Option<Range<u32>>> = vec![None; node_count as usize];
        let mut payloads = Vec::with_capacity(ends.len());
        for (node, _, payload) in ends {
            let at = payloads.len() as u32;
            let r = terminal[node as usize].get_or_insert(at..at);
            r.end = at + 1;
            payloads.push(payload);
        }
        let mut root = vec![NO_NODE; vocab.len()];
        for (&(parent, id), &child) in &edges {
            if parent == 0 {
                root[id as usize] = child;
            }
        }
        let first = || {
            vocab
                .iter()
                .filter(|(_, id)| root[**id as usize] != NO_NODE)
                .map(|(k, id)| (&**k, root[*id as usize]))
        };
        let elided: FastMap<Box<str>, u32> = first()
            .filter_map(|(k, node)| {
                k.strip_prefix('ا')
                    .filter(|r| r.starts_with('ل'))
                    .map(|r| (r.into(), node))
            })
            .collect();
        let filter = FirstFilter::new(first().map(|(k, _)| k).chain(elided.keys().map(|k| &**k)));
        Self {
            vocab,
            root,
            elided,
            filter,
            edges,
            terminal,
            payloads,
            max_len,
        }
    }

    /// Number of distinct normalised names.
    pub fn len(&self) -> usize {
        self.terminal.iter().filter(|t| t.is_some()).count()
    }

    /// True when no name was given.
    pub fn is_empty(&self) -> bool {
        self.payloads.is_empty()
    }

    /// Leftmost-longest, non-overlapping matches in text order.
    pub fn find(&self, field: &AnalyzedField) -> Vec<NameMatch<'_, T>> {
        self.find_accepted(field, |_| true)
    }

    /// As [`Self::find`], but a longest match that `accept` rejects does not
    /// hide the names inside it: matching goes on at its second token ("east
    /// London" is no East London, yet London is found).
    pub fn find_accepted(
        &self,
        field: &AnalyzedField,
        accept: impl Fn(&NameMatch<'_, T>) -> bool,
    ) -> Vec<NameMatch<'_, T>> {
        if self.payloads.is_empty() {
            return Vec::new();
        }
        leftmost_longest(self, field, accept)
    }

    /// The longest name starting at token `i`: (end token, proclitic chars
    /// stripped, terminal node).
    fn longest_node_at(
        &self,
        field: &AnalyzedField,
        i: usize,
    ) -> Option<(usize, usize, bool, u32)> {
        let tokens = &field.tokens;
        let first = &tokens[i].norm;
        let mut best: Option<(usize, usize, bool, u32)> = None;
        let mut consider = |mut node: u32, strip: usize, elided: bool| {
            let mut end = i + 1;
            let mut last = self.terminal[node as usize].as_ref().map(|_| (end, node));
            let sentence = tokens[i].sentence;
            while end < tokens.len() && end - i < self.max_len && tokens[end].sentence == sentence {
                let Some(&id) = self.vocab.get(tokens[end].norm.as_str()) else {
                    break;
                };
                let Some(&child) = self.edges.get(&(node, id)) else {
                    break;
                };
                node = child;
                end += 1;
                if self.terminal[node as usize].is_some() {
                    last = Some((end, node));
                }
            }
            if let Some((end, node)) = last
                && best.is_none_or(|(b, _, _, _)| end > b)
            {
                best = Some((end, strip, elided, node));
            }
        };
        for r in proclitic_readings(first, MIN_STEM_CHARS) {
            if !self.filter.may_contain(r.stem) {
                continue;
            }
            if let Some(&id) = self.vocab.get(r.stem)
                && self.root[id as usize] != NO_NODE
            {
                consider(self.root[id as usize], r.stripped, false);
            }
            // للقاهرة: ل + القاهرة with the article's alef elided.
            if r.elided_article
                && let Some(&node) = self.elided.get(r.stem)
            {
                consider(node, r.stripped, true);
            }
        }
        best
    }
}

impl<T> LongestAt<T> for NameMatcher<T> {
    fn longest_at(&self, field: &AnalyzedField, i: usize) -> Option<(usize, usize, bool, &[T])> {
        let (end, strip, elided, node) = self.longest_node_at(field, i)?;
        let r = self.terminal[node as usize].clone().expect("terminal node");
        Some((
            end,
            strip,
            elided,
            &self.payloads[r.start as usize..r.end as usize],
        ))
    }
}

/// A dictionary that tells the longest name starting at a token: all the
/// leftmost-longest scan ([`leftmost_longest`]) needs. [`NameMatcher`] (a
/// trie over token ids) and [`super::FstMatcher`] (a transducer) differ
/// only here.
pub(super) trait LongestAt<T> {
    /// The longest name starting at token `i` of `field`, its first token
    /// read bare or with proclitics stripped, never across a sentence
    /// boundary: (end token, exclusive; proclitic chars stripped from token
    /// `i`; read with the article's alef elided ([`NameMatch::elided_article`]);
    /// the payloads of the name). `None` when no name starts there.
    fn longest_at(&self, field: &AnalyzedField, i: usize) -> Option<(usize, usize, bool, &[T])>;
}

/// Leftmost-longest, non-overlapping matches of `dict` in `field`, in text
/// order. A longest match that `accept` rejects does not hide the names
/// inside it: the scan goes on at its second token.
pub(super) fn leftmost_longest<'m, T, D: LongestAt<T>>(
    dict: &'m D,
    field: &AnalyzedField,
    accept: impl Fn(&NameMatch<'m, T>) -> bool,
) -> Vec<NameMatch<'m, T>> {
    let tokens = &field.tokens;
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some((end, strip, elided_article, payloads)) = dict.longest_at(field, i) else {
            i += 1;
            continue;
        };
        let tok = &tokens[i];
        let start = if strip == 0 {
            tok.span.start
        } else {
            field.orig_offset(i, strip)
        };
        let m = NameMatch {
            span: CharSpan::new(start, tokens[end - 1].span.end),
            tokens: i..end,
            proclitic: tok.norm.chars().take(strip).collect(),
            elided_article,
            payloads,
        };
        if accept(&m) {
            out.push(m);
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// No trie node (`NameMatcher::root` of a token no name starts with).
const NO_NODE: u32 = u32::MAX;

/// A one-hash Bloom filter over short strings: a set bit for every key, so
/// a clear bit proves absence and a set bit means "look it up". Sized at 16
/// bits per key (a false "maybe" for about 6 % of absent strings).
#[derive(Debug, Clone)]
pub(super) struct FirstFilter {
    bits: Vec<u64>,
    /// Bit count − 1 (a power of two − 1).
    mask: u64,
}

impl FirstFilter {
    pub(super) fn new<'k>(keys: impl Iterator<Item = &'k str> + Clone) -> Self {
        let mut f = Self::with_capacity(keys.clone().count());
        for k in keys {
            f.insert(k.as_bytes());
        }
        f
    }

    /// An empty filter sized for `n` keys.
    pub(super) fn with_capacity(n: usize) -> Self {
        let nbits = (n * 16).next_power_of_two().max(1 << 12);
        Self {
            bits: vec![0; nbits / 64],
            mask: nbits as u64 - 1,
        }
    }

    /// Sets the bit of `key` (UTF-8 bytes of a string).
    pub(super) fn insert(&mut self, key: &[u8]) {
        let h = self.slot(key);
        self.bits[(h >> 6) as usize] |= 1 << (h & 63);
    }

    #[inline]
    pub(super) fn may_contain(&self, s: &str) -> bool {
        let h = self.slot(s.as_bytes());
        self.bits[(h >> 6) as usize] & (1 << (h & 63)) != 0
    }

    /// Bit index of `s`: its length and its first and last (up to) eight
    /// bytes, mixed by a multiply (no loop over the whole string).
    #[inline]
    fn slot(&self, b: &[u8]) -> u64 {
        let n = b.len();
        let (head, tail) = if n >= 8 {
            (
                u64::from_le_bytes(b[..8].try_into().expect("8 bytes")),
                u64::from_le_bytes(b[n - 8..].try_into().expect("8 bytes")),
            )
        } else {
            let mut buf = [0u8; 8];
            buf[..n].copy_from_slice(b);
            (u64::from_le_bytes(buf), 0)
        };
        let x = (head ^ tail.rotate_left(29) ^ (n as u64).wrapping_mul(0xA076_1D64_78BD_642F))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ((x ^ (x >> 32)).wrapping_mul(0xE703_7ED1_A0B4_28DB) >> 20) & self.mask
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Field;
    use crate::nlp::arabic::nisba_forms;
    use crate::nlp::normalize;
    use proptest::prelude::*;

    fn find<'a>(names: &[(&str, u32)], text: &'a str) -> Vec<(&'a str, u32, String)> {
        let m = NameMatcher::new(names.iter().map(|(n, p)| (n.to_string(), *p)));
        let field = AnalyzedField::from_text(Field::Body, text);
        m.find(&field)
            .into_iter()
            .map(|x| (x.span.slice(text).unwrap(), x.payloads[0], x.proclitic))
            .collect()
    }

    #[test]
    fn arabic_proclitics_are_outside_the_span() {
        let names = [
            ("القاهرة", 1),
            ("ليبيا", 2),
            ("خليفة حفتر", 3),
            ("حفتر", 4),
            ("مصر", 5),
        ];
        let text = "التقى السيسي بخليفة حفتر بالقاهرة، وأكد دعمه لليبيا ولمصر وحفتر والقاهرة.";
        assert_eq!(
            find(&names, text),
            [
                ("خليفة حفتر", 3, "ب".into()),
                ("القاهرة", 1, "ب".into()),
                ("ليبيا", 2, "ل".into()),
                ("مصر", 5, "ول".into()),
                ("حفتر", 4, "و".into()),
                ("القاهرة", 1, "و".into()),
            ]
        );
    }

    #[test]
    fn a_rejected_longest_match_leaves_the_names_inside_it() {
        let m = NameMatcher::new([("East London".to_string(), 1), ("London".to_string(), 2)]);
        let text = "a flat in east London";
        let field = AnalyzedField::from_text(Field::Body, text);
        let all: Vec<u32> = m.find(&field).iter().map(|x| x.payloads[0]).collect();
        assert_eq!(all, [1]);
        let accepted: Vec<(&str, u32)> = m
            .find_accepted(&field, |x| x.payloads[0] != 1)
            .iter()
            .map(|x| (x.span.slice(text).unwrap(), x.payloads[0]))
            .collect();
        assert_eq!(accepted, [("London", 2)]);
    }

    #[test]
    fn lam_lam_with_elided_alef_keeps_the_article_lam() {
        let text = "زيارة حفتر للقاهرة وللقاهرة";
        assert_eq!(
            find(&[("القاهرة", 1)], text),
            [("لقاهرة", 1, "ل".into()), ("لقاهرة", 1, "ول".into())]
        );
    }

    #[test]
    fn clitic_span_skips_diacritics_on_the_clitic() {
        let text = "وَبِالْقَاهِرَةِ";
        let got = find(&[("القاهرة", 1)], text);
        assert_eq!(got, [("الْقَاهِرَةِ", 1, "وب".into())]);
    }

    #[test]
    fn name_starting_with_a_clitic_letter_matches_whole() {
        let got = find(&[("بنغازي", 1), ("نغازي", 2)], "في بنغازي");
        assert_eq!(got, [("بنغازي", 1, String::new())]);
    }

    #[test]
    fn short_stems_are_not_stripped() {
        assert!(find(&[("لي", 1)], "ولي العهد").is_empty());
        assert_eq!(find(&[("لي", 1)], "قال لي").len(), 1);
    }

    #[test]
    fn leftmost_longest_and_duplicates_accumulate() {
        let m = NameMatcher::new(vec![
            ("الجيش الوطني الليبي".to_string(), 1),
            ("الجيش".to_string(), 2),
            ("الجيش الوطني الليبي".to_string(), 3),
            ("الوطني الليبي".to_string(), 4),
        ]);
        let text = "قوات الجيش الوطني الليبي والجيش";
        let field = AnalyzedField::from_text(Field::Body, text);
        let got = m.find(&field);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].span.slice(text), Some("الجيش الوطني الليبي"));
        assert_eq!(got[0].payloads, &[1, 3]);
        assert_eq!(got[0].tokens, 1..4);
        assert_eq!(got[1].payloads, &[2]);
        assert_eq!(m.len(), 3);
    }

    #[test]
    fn names_normalise_like_text() {
        let text = "الأمم المتحدة ومصطفى ومنظمة الصحة العالمية";
        let got = find(
            &[
                ("الامم المتحده", 1),
                ("مصطفي", 2),
                ("مُنظّمة الصحة العالميّة", 3),
            ],
            text,
        );
        assert_eq!(
            got.iter().map(|g| g.0).collect::<Vec<_>>(),
            ["الأمم المتحدة", "مصطفى", "منظمة الصحة العالمية"]
        );
    }

    #[test]
    fn abd_compounds_match_either_spelling() {
        let names = [("عبد الفتاح السيسي", 1), ("عبدالله", 2)];
        let text = "التقى عبدالفتاح السيسي وعبد الله";
        assert_eq!(
            find(&names, text),
            [
                ("عبدالفتاح السيسي", 1, String::new()),
                ("عبد الله", 2, "و".into())
            ]
        );
    }

    #[test]
    fn matches_do_not_cross_sentences() {
        assert!(find(&[("مصر ليبيا", 1)], "مصر، ليبيا").is_empty());
        assert_eq!(find(&[("مصر ليبيا", 1)], "مصر ليبيا").len(), 1);
    }

    #[test]
    fn english_case_possessive_and_accents() {
        let names = [
            ("Egypt", 1),
            ("Ghassan Salamé", 2),
            ("Abdel Fattah el-Sisi", 3),
        ];
        let text = "Egypt's leader Abdel Fattah El-Sisi met GHASSAN SALAME.";
        assert_eq!(
            find(&names, text),
            [
                ("Egypt", 1, String::new()),
                ("Abdel Fattah El-Sisi", 3, String::new()),
                ("GHASSAN SALAME", 2, String::new())
            ]
        );
    }

    #[test]
    fn nisba_forms_cover_gender_number_and_article() {
        let forms = nisba_forms("مصري");
        for f in [
            "مصري",
            "مصريه",
            "مصريين",
            "مصريون",
            "مصريات",
            "المصري",
            "المصريه",
            "المصريين",
        ] {
            assert!(forms.contains(&f.to_string()), "{f}");
        }
        assert_eq!(nisba_forms("المصرية"), forms);
        assert_eq!(nisba_forms("Egyptian"), ["egyptian", "egyptians"]);
        let m = NameMatcher::new(forms.into_iter().map(|f| (f, "EGY")));
        let text = "النظام المصري والخارجية المصرية وللمصريين";
        let field = AnalyzedField::from_text(Field::Body, text);
        let got: Vec<_> = m
            .find(&field)
            .iter()
            .map(|x| x.span.slice(text).unwrap())
            .collect();
        assert_eq!(got, ["المصري", "المصرية", "لمصريين"]);
    }

    #[test]
    fn empty_names_and_empty_matcher() {
        let m: NameMatcher<u8> = NameMatcher::new(vec![(String::new(), 1), ("،".into(), 2)]);
        assert!(m.is_empty());
        assert!(
            m.find(&AnalyzedField::from_text(Field::Body, "مصر"))
                .is_empty()
        );
    }

    fn slice(text: &str, s: CharSpan) -> String {
        text.chars().skip(s.start).take(s.len()).collect()
    }

    #[test]
    fn offsets_slice_back_through_diacritics_tatweel_zwj_zwnj_bidi() {
        let text = "\u{202B}وَصَلَ المُشِيـــرُ خَلِيفَة\u{200D} حَفْتَر\u{200C} إلى القـاهِرَةِ\u{200F}، وَبِالقَاهِرَةِ\u{202C}.";
        let f = AnalyzedField::from_text(Field::Body, text);
        let m = NameMatcher::new([("خليفة حفتر".to_string(), 1), ("القاهرة".to_string(), 2)]);
        let found = m.find(&f);
        let got: Vec<_> = found
            .iter()
            .map(|x| (slice(text, x.span), x.payloads[0]))
            .collect();
        assert_eq!(
            got,
            [
                ("خَلِيفَة\u{200D} حَفْتَر".to_string(), 1),
                ("القـاهِرَةِ".to_string(), 2),
                ("القَاهِرَةِ".to_string(), 2)
            ]
        );
        for t in &f.tokens {
            assert_eq!(normalize(&slice(text, t.span)), t.norm);
        }
    }

    proptest! {
        #[test]
        fn offsets_always_slice_back(s in "[ \\n\\.،ـ\u{064B}-\u{0652}\u{200C}\u{200D}\u{200F}\u{2067}'’a-zA-Zéا-يأإآةىؤئ٠-٩]{0,80}") {
            let f = AnalyzedField::from_text(Field::Body, &s);
            let n = s.chars().count();
            for (k, t) in f.tokens.iter().enumerate() {
                prop_assert!(t.span.start < t.span.end && t.span.end <= n);
                // The span's own text normalises back to the token.
                prop_assert_eq!(normalize(&slice(&s, t.span)), t.norm.clone());
                for j in 0..=t.norm.chars().count() {
                    let o = f.orig_offset(k, j);
                    prop_assert!(o >= t.span.start && o <= t.span.end);
                }
            }
            let names: Vec<(String, usize)> = f.tokens.iter().enumerate().map(|(i, t)| (t.norm.clone(), i)).collect();
            let m = NameMatcher::new(names);
            for x in m.find(&f) {
                prop_assert!(x.span.start < x.span.end && x.span.end <= n);
                prop_assert!(x.span.slice(&s).is_some());
            }
        }

        #[test]
        fn clitic_spans_are_the_name(prefix in "(و|ف)?(ب|ل|ك)?", marks in "[\u{064E}\u{0650}]?", name in "(القاهرة|ليبيا|حفتر|مصر)") {
            // ل + ال is written لل (the article's alef is elided).
            let written = if prefix.ends_with('ل') && name.starts_with("ال") { &name[2..] } else { name.as_str() };
            let text = format!("قال {prefix}{marks}{written} اليوم");
            let f = AnalyzedField::from_text(Field::Body, &text);
            let m = NameMatcher::new([(name.clone(), ())]);
            let found = m.find(&f);
            prop_assert_eq!(found.len(), 1);
            let got = slice(&text, found[0].span);
            if prefix.ends_with('ل') && name.starts_with("ال") {
                prop_assert_eq!(got, name[2..].to_string());
            } else if prefix.is_empty() {
                prop_assert_eq!(got, format!("{marks}{name}").trim_start_matches(['\u{064E}', '\u{0650}']).to_string());
            } else {
                prop_assert_eq!(got, name.clone());
            }
        }
    }
}
