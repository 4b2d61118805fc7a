//! How text is read: the language kit every stage uses. Code only: no
//! stage, no `Document`, no data files (word lists live in
//! [`crate::lexicon`] and `data/`).
//!
//! - [`normalize()`] and `normalize.rs`: the character rules (tashkeel, alef
//!   forms, ى/ي, ة/ه, digits, NFKD + case and accent folding).
//! - `tokenize.rs`: one pass over a field giving tokens with original spans,
//!   an offset map for every normalised char, lines and sentences.
//! - [`field`]: [`AnalyzedField`] and [`Token`], a field as the stages read it.
//! - [`script`]: which script a char, word or name is in (one set of ranges).
//! - [`arabic`]: proclitics (one rule), nisba forms, tanween, romanised
//!   articles.
//! - [`matcher`]: [`NameMatcher`], dictionary names → mentions, proclitics
//!   stripped.
//! - [`fst_matcher`]: [`FstMatcher`], the same matching over a transducer,
//!   for the gazetteer's hundreds of thousands of names.
//! - [`ner`]: the learned entity tagger (PER/ORG/LOC/NORP/MISC spans over
//!   the tokens of a sentence), its model reader, training and evaluation.
//! - [`embedded`]: giving back the memory of an embedded data file (the
//!   gazetteer snapshot, a model) once it is decoded.
//!
//! Offsets everywhere are Unicode scalar values (Rust `char`s) into the
//! original field text, end-exclusive.

pub mod arabic;
pub mod embedded;
pub mod field;
pub mod fst_matcher;
pub mod matcher;
pub mod ner;
mod normalize;
pub mod script;
pub(crate) mod tokenize;

use std::collections::{HashMap, HashSet};

pub use field::{AnalyzedField, Token};
pub use fst_matcher::FstMatcher;
pub use matcher::{NameMatch, NameMatcher};

/// Hash map for lookups of short strings, millions per second: foldhash is
/// several times faster than SipHash there, and keys come from our own
/// dictionaries and the text's tokens (no untrusted key choice to defend).
pub type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Hash set of strings with the hasher of [`FastMap`].
pub type FastSet = HashSet<String, foldhash::fast::RandomState>;

/// Normalises a string for matching: the text's tokens (see `tokenize.rs`
/// for what a token is, and `normalize.rs` for the character rules) joined
/// by single spaces. Dictionary names and article tokens go through the same
/// rules, so `normalize(name)` equals the matching tokens' `norm`s joined by
/// spaces.
///
/// ```
/// use newsevents::nlp::normalize;
/// assert_eq!(normalize("بِالقاهـرةِ"), "بالقاهره");
/// assert_eq!(normalize("Abdel Fattah el-Sisi"), "abdel fattah el sisi");
/// assert_eq!(normalize("Egypt’s"), "egypt");
/// ```
pub fn normalize(text: &str) -> String {
    let t = tokenize::tokenize(text);
    let mut out = String::with_capacity(text.len());
    for tok in &t.tokens {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&tok.norm);
    }
    out
}
