//! [`FstMatcher`]: the leftmost-longest, clitic-aware matching of
//! [`super::NameMatcher`] over a finite-state transducer (the `fst` crate)
//! instead of a hash trie, for dictionaries of hundreds of thousands of
//! names (the gazetteer with its Who's On First tier).
//!
//! # How it works
//!
//! Every name is normalised like article text ([`super::normalize()`]: token
//! norms joined by single spaces) and becomes one key of an `fst::Map`; the
//! key's value packs the range of its payloads (`start << 32 | len`) in a
//! payload array sorted by key. Matching walks the transducer byte by byte
//! from the first token (and from its proclitic-stripped stems, the one
//! rule of [`super::arabic::proclitic_readings`]), then over a space and the
//! next token, and keeps the longest key that ends on a token boundary.
//!
//! Most article tokens start no name, and walking the transducer to find
//! that out (a node decoded per byte) was most of the matching time; so a
//! one-bit-per-key filter over the distinct first tokens of the keys
//! (`first_token_filter`, built from the transducer when it is made or
//! read) rejects those tokens before any walk. A map from first token to
//! transducer state would also save the walk of the hits, but cost about
//! 30 MB of RSS for the gazetteer's first tokens (measured); the filter
//! costs 2 bytes a key.
//! Same semantics as `NameMatcher` (tested side by side below): proclitics
//! outside the span, `لل` with the article's alef elided, no match across a
//! sentence boundary, and a rejected longest match leaves the names inside
//! it. Memory: about 12 bytes a key for the transducer (443,894 keys of
//! the gazetteer with WOF tier 1: 5.5 MB, measured in
//! `data/gazetteer/wof/LOADING.md`), against a hash map entry per token and
//! per trie edge.

use std::ops::Range;

use fst::raw::{Fst, Node, Output};

use super::arabic::{MIN_STEM_CHARS, proclitic_readings};
use super::matcher::{FirstFilter, LongestAt, NameMatch, leftmost_longest};
use super::{AnalyzedField, normalize};

/// Byte between two token norms in a key.
const SEP: u8 = b' ';

/// A dictionary of names (any script) mapped to payloads of type `T`, in a
/// transducer. Build once; matching only reads.
pub struct FstMatcher<T> {
    map: fst::Map<Vec<u8>>,
    /// The first tokens of the keys (derived from `map`).
    first: FirstFilter,
    payloads: Vec<T>,
    max_len: usize,
}

impl<T> std::fmt::Debug for FstMatcher<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FstMatcher")
            .field("keys", &self.map.len())
            .field("payloads", &self.payloads.len())
            .field("fst_bytes", &self.map.as_fst().as_bytes().len())
            .finish()
    }
}

impl<T> FstMatcher<T> {
    /// Builds the matcher from `(name, payload)` pairs; names are normalised
    /// as article text is. Names normalising to one key share it, their
    /// payloads in input order; names with no token are ignored.
    pub fn new(names: impl IntoIterator<Item = (String, T)>) -> Self {
        Self::from_normalised(names.into_iter().map(|(n, p)| (normalize(&n), p)))
    }

    /// As [`Self::new`] for names already normalised with
    /// [`super::normalize()`] (the caller often needs the normal form too).
    pub fn from_normalised(keys: impl IntoIterator<Item = (String, T)>) -> Self {
        let mut all: Vec<(Box<str>, u32, T)> = keys
            .into_iter()
            .enumerate()
            .filter(|(_, (k, _))| !k.is_empty())
            .map(|(i, (k, p))| (k.into_boxed_str(), i as u32, p))
            .collect();
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut builder = fst::MapBuilder::memory();
        let mut payloads = Vec::with_capacity(all.len());
        let mut max_len = 0;
        let mut i = 0;
        let mut all = all.into_iter().peekable();
        while let Some((key, _, p)) = all.next() {
            let start = i;
            payloads.push(p);
            i += 1;
            while all.peek().is_some_and(|n| n.0 == key) {
                payloads.push(all.next().expect("peeked").2);
                i += 1;
            }
            max_len = max_len.max(key.split(' ').count());
            let value = ((start as u64) << 32) | (i - start) as u64;
            builder
                .insert(key.as_bytes(), value)
                .expect("keys are sorted and distinct");
        }
        let map = fst::Map::new(builder.into_inner().expect("in-memory fst"))
            .expect("a freshly built fst is valid");
        Self {
            first: first_token_filter(map.as_fst(), map.len()),
            map,
            payloads,
            max_len,
        }
    }

    /// A matcher from the parts [`Self::parts`] gave (a prebuilt index).
    ///
    /// # Errors
    /// The `fst` crate's error when `fst` is not a valid transducer.
    pub fn from_parts(fst: Vec<u8>, payloads: Vec<T>, max_len: usize) -> Result<Self, fst::Error> {
        let map = fst::Map::new(fst)?;
        Ok(Self {
            first: first_token_filter(map.as_fst(), map.len()),
            map,
            payloads,
            max_len,
        })
    }

    /// The transducer's bytes, the payloads in key order and the longest
    /// name in tokens: what [`Self::from_parts`] takes.
    pub fn parts(&self) -> (&[u8], &[T], usize) {
        (self.map.as_fst().as_bytes(), &self.payloads, self.max_len)
    }

    /// True when every key's payload range lies inside the payloads (a
    /// check for a transducer read from a file).
    pub fn payload_ranges_fit(&self) -> bool {
        use fst::Streamer;
        let mut stream = self.map.stream();
        while let Some((_, v)) = stream.next() {
            let r = payload_range(v);
            if r.is_empty() || r.end > self.payloads.len() {
                return false;
            }
        }
        true
    }

    /// Number of distinct normalised names.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no name was given.
    pub fn is_empty(&self) -> bool {
        self.payloads.is_empty()
    }

    /// Bytes held by the transducer.
    pub fn fst_bytes(&self) -> usize {
        self.map.as_fst().as_bytes().len()
    }

    /// The payloads of one normalised key, if it is a name.
    pub fn get(&self, key: &str) -> &[T] {
        self.map
            .get(key)
            .map_or(&[], |v| &self.payloads[payload_range(v)])
    }

    /// Leftmost-longest, non-overlapping matches in text order.
    pub fn find(&self, field: &AnalyzedField) -> Vec<NameMatch<'_, T>> {
        self.find_accepted(field, |_| true)
    }

    /// As [`Self::find`], but a longest match that `accept` rejects does not
    /// hide the names inside it (see [`super::NameMatcher::find_accepted`]).
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
}

impl<T> LongestAt<T> for FstMatcher<T> {
    fn longest_at(&self, field: &AnalyzedField, i: usize) -> Option<(usize, usize, bool, &[T])> {
        let tokens = &field.tokens;
        let fst = self.map.as_fst();
        let mut best: Option<(usize, usize, bool, u64)> = None;
        let mut consider = |prefix: &str, stem: &str, strip: usize| {
            let Some((mut node, mut out)) =
                walk(fst, fst.root(), Output::zero(), prefix.as_bytes())
                    .and_then(|(n, o)| walk(fst, n, o, stem.as_bytes()))
            else {
                return;
            };
            let mut end = i + 1;
            let mut last = node
                .is_final()
                .then(|| (end, out.cat(node.final_output()).value()));
            let sentence = tokens[i].sentence;
            while end < tokens.len() && end - i < self.max_len && tokens[end].sentence == sentence {
                let Some((n, o)) = walk(fst, node, out, &[SEP])
                    .and_then(|(n, o)| walk(fst, n, o, tokens[end].norm.as_bytes()))
                else {
                    break;
                };
                (node, out) = (n, o);
                end += 1;
                if node.is_final() {
                    last = Some((end, out.cat(node.final_output()).value()));
                }
            }
            if let Some((end, value)) = last
                && best.is_none_or(|(b, _, _, _)| end > b)
            {
                best = Some((end, strip, !prefix.is_empty(), value));
            }
        };
        for r in proclitic_readings(&tokens[i].norm, MIN_STEM_CHARS) {
            // A clear bit: no key starts with this stem, nor (elided
            // reading) with ا + stem.
            if !self.first.may_contain(r.stem) {
                continue;
            }
            consider("", r.stem, r.stripped);
            // للقاهرة: ل + القاهرة with the article's alef elided.
            if r.elided_article {
                consider("ا", r.stem, r.stripped);
            }
        }
        best.map(|(end, strip, elided, value)| {
            (end, strip, elided, &self.payloads[payload_range(value)])
        })
    }
}

/// A filter over every distinct first token of the keys of `fst` (the bytes
/// before the first [`SEP`], a whole one-token key included) and over those
/// first tokens `ال…` without their `ا` (`لقاهره`, for `لل` with the
/// article's alef elided), sized for `keys` keys. Walks `fst` depth first
/// from the root, never past a [`SEP`]: one visit per distinct first-token
/// prefix (the paths of a transducer are the prefixes of its keys), not
/// per key.
fn first_token_filter(fst: &Fst<Vec<u8>>, keys: usize) -> FirstFilter {
    /// `ال` in UTF-8.
    const AL: &[u8] = "ال".as_bytes();
    let mut filter = FirstFilter::with_capacity(keys);
    let mut path: Vec<u8> = Vec::new();
    // (node, next transition to follow); `path` leads to the top node.
    let mut stack: Vec<(Node<'_>, usize)> = vec![(fst.root(), 0)];
    while let Some(top) = stack.last_mut() {
        let (node, next) = *top;
        if next == 0 && !path.is_empty() && (node.is_final() || node.find_input(SEP).is_some()) {
            filter.insert(&path);
            if path.starts_with(AL) {
                filter.insert(&path[AL.len() / 2..]);
            }
        }
        if next == node.len() {
            stack.pop();
            path.pop();
            continue;
        }
        top.1 += 1;
        let t = node.transition(next);
        if t.inp != SEP {
            path.push(t.inp);
            stack.push((fst.node(t.addr), 0));
        }
    }
    filter
}

fn payload_range(value: u64) -> Range<usize> {
    let start = (value >> 32) as usize;
    start..start + (value & 0xffff_ffff) as usize
}

/// Follows `bytes` from `node`; `None` when the transducer has no such path.
fn walk<'f>(
    fst: &'f Fst<Vec<u8>>,
    mut node: Node<'f>,
    mut out: Output,
    bytes: &[u8],
) -> Option<(Node<'f>, Output)> {
    for &b in bytes {
        let t = node.transition(node.find_input(b)?);
        out = out.cat(t.out);
        node = fst.node(t.addr);
    }
    Some((node, out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{CharSpan, Field};
    use crate::nlp::NameMatcher;
    use proptest::prelude::*;

    type Found = Vec<(CharSpan, Vec<u32>, String)>;

    fn both(names: &[(&str, u32)], text: &str) -> (Found, Found) {
        let pairs = || names.iter().map(|(n, p)| (n.to_string(), *p));
        let f = FstMatcher::new(pairs());
        let n = NameMatcher::new(pairs());
        let field = AnalyzedField::from_text(Field::Body, text);
        let a = f
            .find(&field)
            .into_iter()
            .map(|m| (m.span, m.payloads.to_vec(), m.proclitic))
            .collect();
        let b = n
            .find(&field)
            .into_iter()
            .map(|m| (m.span, m.payloads.to_vec(), m.proclitic))
            .collect();
        (a, b)
    }

    #[test]
    fn arabic_proclitics_and_elided_article_as_the_trie_matcher() {
        let names = [
            ("القاهرة", 1),
            ("ليبيا", 2),
            ("خليفة حفتر", 3),
            ("حفتر", 4),
            ("دير الزور", 5),
            ("القاهره", 6),
        ];
        let text = "التقى بخليفة حفتر بالقاهرة وللقاهرة، وأكد دعمه لليبيا وحفتر في دير الزور.";
        let (a, b) = both(&names, text);
        assert_eq!(a, b);
        let spans: Vec<&str> = a.iter().map(|x| x.0.slice(text).unwrap()).collect();
        assert_eq!(
            spans,
            [
                "خليفة حفتر",
                "القاهرة",
                "لقاهرة",
                "ليبيا",
                "حفتر",
                "دير الزور"
            ]
        );
        // القاهرة and القاهره normalise to one key: payloads in input order.
        assert_eq!(a[1].1, [1, 6]);
    }

    #[test]
    fn a_match_gives_back_the_key_it_matched() {
        let names = [("القاهرة", 1), ("خليفة حفتر", 2), ("Deir ez-Zor", 3)];
        let text = "التقى بخليفة حفتر وللقاهرة ثم في Deir ez-Zor.";
        let field = AnalyzedField::from_text(Field::Body, text);
        let pairs = || names.iter().map(|(n, p)| (n.to_string(), *p));
        let f = FstMatcher::new(pairs());
        let n = NameMatcher::new(pairs());
        let keys = |found: Vec<NameMatch<'_, u32>>| -> Vec<(String, bool)> {
            found
                .iter()
                .map(|m| (m.key(&field), m.elided_article))
                .collect()
        };
        let want: Vec<(String, bool)> = vec![
            (normalize("خليفة حفتر"), false),
            (normalize("القاهرة"), true),
            (normalize("Deir ez-Zor"), false),
        ];
        assert_eq!(keys(f.find(&field)), want);
        assert_eq!(keys(n.find(&field)), want);
    }

    #[test]
    fn longest_match_and_rejection_leave_inner_names() {
        let f = FstMatcher::new([("East London".to_string(), 1), ("London".to_string(), 2)]);
        let text = "a flat in east London";
        let field = AnalyzedField::from_text(Field::Body, text);
        let all: Vec<u32> = f.find(&field).iter().map(|x| x.payloads[0]).collect();
        assert_eq!(all, [1]);
        let accepted: Vec<u32> = f
            .find_accepted(&field, |x| x.payloads[0] != 1)
            .iter()
            .map(|x| x.payloads[0])
            .collect();
        assert_eq!(accepted, [2]);
        assert_eq!(f.get("london"), [2]);
        assert!(f.get("paris").is_empty());
    }

    #[test]
    fn no_match_across_sentences_or_inside_a_token() {
        let (a, b) = both(
            &[("New York", 1), ("York", 2)],
            "He went New. York is far. Yorkshire",
        );
        assert_eq!(a, b);
        assert_eq!(a.iter().map(|x| x.1[0]).collect::<Vec<_>>(), [2]);
    }

    proptest! {
        #[test]
        fn agrees_with_the_trie_matcher(
            text in "[ ابلوفالقاهرةحلبدير الزور.،]{0,40}",
        ) {
            let names = [("القاهرة", 1), ("حلب", 2), ("دير الزور", 3), ("الزور", 4), ("بلد", 5)];
            let (a, b) = both(&names, &text);
            prop_assert_eq!(a, b);
        }
    }
}
