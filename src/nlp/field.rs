//! The analysed text of one field: its tokens ([`Token`]) with original
//! spans, sentences, and the map from normalised chars back to the original
//! ([`AnalyzedField::orig_offset`]).

use super::tokenize::{Tokenized, tokenize};
use crate::article::span::char_byte_offsets;
use crate::article::{CharSpan, Field, FieldText};

/// One token of the article zone of one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Original span of the whole token (clitics included).
    pub span: CharSpan,
    /// Normalised form (see [`normalize`](crate::nlp::normalize())).
    pub norm: String,
    /// Index of the sentence the token belongs to.
    pub sentence: usize,
    /// True when the original token starts with an uppercase letter (Latin
    /// script); lets English matching tell "Turkey" from "turkey".
    pub capitalized: bool,
    /// Index into [`AnalyzedField::norm_map`] of this token's first
    /// normalised `char`; `norm.chars().count()` entries follow.
    pub norm_start: usize,
}

/// The analysed text of one field.
///
/// Build one from plain text with [`AnalyzedField::from_text`] (no zoning:
/// all of the text is treated as article), or read it from
/// `stages::Analysis::field` after the `text` stage ran.
#[derive(Debug, Clone)]
pub struct AnalyzedField {
    /// Which field.
    pub field: Field,
    /// Tokens of the article zone only, in text order.
    pub tokens: Vec<Token>,
    /// Sentence spans (original scalar-value offsets) of the article zone:
    /// from the first token of a sentence to the end of its last token.
    /// `tokens[k].sentence` indexes this vector.
    pub sentences: Vec<CharSpan>,
    /// Original char offset of each normalised char of each token (see
    /// [`Token::norm_start`]); may hold entries of tokens outside the article
    /// zone too.
    pub norm_map: Vec<u32>,
    /// Byte offset of every char of the field's whole text, then its length
    /// ([`char_byte_offsets`]): indexed once here, read by every stage
    /// through [`Self::text`].
    char_bytes: Vec<u32>,
}

impl AnalyzedField {
    /// Tokenises all of `text` as article text (no zones). Meant for tests
    /// and for matching short strings; the `text` stage keeps the article
    /// zone only (`AnalyzedField::from_tokenized`).
    pub fn from_text(field: Field, text: &str) -> Self {
        let t = tokenize(text);
        let all = [CharSpan::new(0, t.char_len)];
        Self::from_tokenized(field, text, t, &all)
    }

    /// Keeps the tokens of `t` (the tokens of `text`) inside `keep` (sorted,
    /// non-overlapping char ranges, at least one) and renumbers sentences
    /// densely; a gap between two ranges always ends a sentence.
    pub(crate) fn from_tokenized(
        field: Field,
        text: &str,
        t: Tokenized,
        keep: &[CharSpan],
    ) -> Self {
        let mut tokens = t.tokens;
        let mut zone = 0;
        // Filtered in place: tokens are the bulk of the stage's memory.
        tokens.retain(|tok| {
            while zone < keep.len() && keep[zone].end <= tok.span.start {
                zone += 1;
            }
            zone < keep.len() && tok.span.start >= keep[zone].start
        });
        let mut sentences: Vec<CharSpan> = Vec::new();
        let mut last_raw_sentence = usize::MAX;
        let mut zone = 0;
        for tok in &mut tokens {
            while keep[zone].end <= tok.span.start {
                zone += 1;
                // A zone gap always ends a sentence.
                last_raw_sentence = usize::MAX;
            }
            if tok.sentence != last_raw_sentence {
                last_raw_sentence = tok.sentence;
                sentences.push(tok.span);
            }
            let s = sentences.len() - 1;
            sentences[s].end = tok.span.end;
            tok.sentence = s;
        }
        Self {
            field,
            tokens,
            sentences,
            norm_map: t.norm_map,
            char_bytes: char_byte_offsets(text),
        }
    }

    /// The field's original text `text` (the text this field was analysed
    /// from) as a [`FieldText`] on the index made at analysis: no pass over
    /// the text.
    ///
    /// # Panics
    /// If `text` is not the text this field was analysed from (its length
    /// differs).
    pub fn text<'a>(&'a self, text: &'a str) -> FieldText<'a> {
        FieldText::with_index(text, &self.char_bytes)
    }

    /// Original char offset at which normalised char `k` of token `token`
    /// starts; `k` equal to the token's normalised length gives the token's
    /// end. Used to report spans that skip a proclitic.
    ///
    /// # Panics
    /// If `token` is out of range.
    pub fn orig_offset(&self, token: usize, k: usize) -> usize {
        let tok = &self.tokens[token];
        if k == 0 {
            return tok.span.start;
        }
        let n = tok.norm.chars().count();
        if k >= n {
            return tok.span.end;
        }
        self.norm_map[tok.norm_start + k] as usize
    }
}
