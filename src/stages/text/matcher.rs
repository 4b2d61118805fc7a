//! Clitic-aware, longest-match-first dictionary matching over the tokens of
//! an [`AnalyzedField`] (skeleton: the text work implements it).

use std::ops::Range;

use crate::article::CharSpan;

use super::AnalyzedField;

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
    /// Payloads of every dictionary name that normalises to the matched key.
    pub payloads: &'m [T],
}

/// A dictionary of names (any script) mapped to payloads of type `T`.
#[derive(Debug, Clone)]
pub struct NameMatcher<T> {
    _entries: Vec<(String, T)>,
}

impl<T> NameMatcher<T> {
    /// Builds the matcher; names are normalised and tokenised the same way
    /// article text is.
    pub fn new(names: impl IntoIterator<Item = (String, T)>) -> Self {
        Self {
            _entries: names.into_iter().collect(),
        }
    }

    /// Leftmost-longest, non-overlapping matches in text order.
    pub fn find(&self, field: &AnalyzedField) -> Vec<NameMatch<'_, T>> {
        let _ = field;
        Vec::new()
    }
}
