//! Offsets: which field ([`Field`]), which scalar values ([`CharSpan`]),
//! which text ([`Mention`]), and the one char → byte slicer of the crate
//! ([`FieldText`]). Offsets count Unicode scalar values (Rust `char`s) into
//! the original, unnormalised field text, end-exclusive.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// Which text field of the article a span points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The `title` field.
    Title,
    /// The `body` field.
    Body,
}

/// A half-open range `start..end` counted in Unicode scalar values (Rust
/// `char`s) into the original, unnormalised field text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CharSpan {
    /// First scalar value, inclusive.
    pub start: usize,
    /// One past the last scalar value.
    pub end: usize,
}

impl CharSpan {
    /// A span `start..end`; `start <= end` is the caller's duty.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Self { start, end }
    }

    /// Number of scalar values covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The substring of `text` this span covers, or `None` if it runs past
    /// the end of `text`. Costs O(len(text)) ([`FieldText::get`] once per
    /// text is the way to slice many spans).
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        FieldText::new(text).get(*self)
    }
}

/// One place in the text where an actor or location is named.
///
/// `start..end` counts Unicode scalar values into `field` of the original
/// article, so `field_text.chars().skip(start).take(end - start)` equals
/// `text`. Proclitics (و ف ب ل ك) and a fused article are outside the span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The field the offsets point into.
    pub field: Field,
    /// First scalar value, inclusive.
    pub start: usize,
    /// One past the last scalar value.
    pub end: usize,
    /// The original text of the span, exactly as it appears in the field.
    pub text: String,
}

/// A field's original text with the byte offset of every scalar value, so
/// that char spans slice it in O(1): the one char → byte slicer of the
/// crate. Build it once per field and text, slice many spans.
///
/// ```
/// use newsevents::article::{CharSpan, FieldText};
/// let text = FieldText::new("التقى الرئيس المصري");
/// assert_eq!(text.get(CharSpan::new(6, 12)), Some("الرئيس"));
/// assert_eq!(text.slice(13, 99), "المصري");
/// ```
#[derive(Debug, Clone)]
pub struct FieldText<'a> {
    text: &'a str,
    /// Byte offset of each char, then `text.len()`: `char_len() + 1` entries
    /// ([`char_byte_offsets`]); owned, or borrowed from the analysed field
    /// that indexed the text once for every stage.
    bytes: Cow<'a, [u32]>,
}

impl<'a> FieldText<'a> {
    /// Indexes `text`: O(len(text)).
    ///
    /// # Panics
    /// If `text` is 4 GiB or longer (offsets are `u32`).
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            bytes: Cow::Owned(char_byte_offsets(text)),
        }
    }

    /// `text` with its index `bytes` made by [`char_byte_offsets`] from this
    /// same text (kept by [`crate::nlp::AnalyzedField`]); O(1).
    ///
    /// # Panics
    /// If `bytes` does not end at `text.len()` (an index of another text).
    pub fn with_index(text: &'a str, bytes: &'a [u32]) -> Self {
        assert_eq!(
            bytes.last().map(|&b| b as usize),
            Some(text.len()),
            "FieldText::with_index: the index is not this text's"
        );
        Self {
            text,
            bytes: Cow::Borrowed(bytes),
        }
    }

    /// The whole text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Length in Unicode scalar values.
    pub fn char_len(&self) -> usize {
        self.bytes.len() - 1
    }

    /// The text of chars `start..end`, both clamped to the text's length
    /// (an empty string when `start >= end`): for gaps and spans computed
    /// from tokens of this same text.
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        let last = self.bytes.len() - 1;
        let (a, b) = (self.bytes[start.min(last)], self.bytes[end.min(last)]);
        self.text.get(a as usize..b as usize).unwrap_or("")
    }

    /// The text of `span`, or `None` when it runs past the end of the text
    /// or is reversed: for spans from elsewhere (gold files, other fields).
    pub fn get(&self, span: CharSpan) -> Option<&'a str> {
        let (a, b) = (*self.bytes.get(span.start)?, *self.bytes.get(span.end)?);
        self.text.get(a as usize..b as usize)
    }
}

/// The byte offset of each char of `text`, then `text.len()`: the index a
/// [`FieldText`] slices with.
///
/// # Panics
/// If `text` is 4 GiB or longer (offsets are `u32`).
pub fn char_byte_offsets(text: &str) -> Vec<u32> {
    assert!(
        u32::try_from(text.len()).is_ok(),
        "field text of 4 GiB or more"
    );
    let mut bytes = Vec::with_capacity(text.len() + 1);
    bytes.extend(text.char_indices().map(|(b, _)| b as u32));
    bytes.push(text.len() as u32);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_span_slices_arabic_by_scalar_values() {
        let text = "التقى الرئيس المصري";
        assert_eq!(CharSpan::new(6, 12).slice(text), Some("الرئيس"));
        assert_eq!(CharSpan::new(13, 19).slice(text), Some("المصري"));
        assert_eq!(CharSpan::new(19, 19).slice(text), Some(""));
        assert_eq!(CharSpan::new(13, 20).slice(text), None);
    }

    #[test]
    fn field_text_slices_exact_or_clamped() {
        let t = FieldText::new("في القاهرة، Cairo");
        assert_eq!(t.char_len(), 17);
        assert_eq!(t.get(CharSpan::new(3, 10)), Some("القاهرة"));
        assert_eq!(t.get(CharSpan::new(12, 17)), Some("Cairo"));
        assert_eq!(t.get(CharSpan::new(12, 18)), None);
        assert_eq!(t.get(CharSpan { start: 5, end: 3 }), None);
        assert_eq!(t.slice(12, 40), "Cairo");
        assert_eq!(t.slice(40, 50), "");
        assert_eq!(t.slice(5, 3), "");
        assert_eq!(FieldText::new("").slice(0, 1), "");
    }
}
