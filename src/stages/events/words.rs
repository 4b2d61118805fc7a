//! Sentences as the coder reads them: the text stage's tokens of the
//! article zone, regrouped into sentences that end at `. ! ? ؟ …` or a line
//! break (the text stage also cuts at `، ; ؛`, which for events only
//! separate clauses), with the punctuation between words, the English `n't`
//! split off (`didn't` → `did` `n't`, as PETRARCH's Treebank input has it)
//! and the actors and places found by the earlier stages laid over the
//! words.
//!
//! Offsets are Unicode scalar values into the original field text.

use std::ops::Range;

use crate::article::{CharSpan, Field, Mention};

/// Punctuation between a word and the previous one (strongest kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Punct {
    /// Only blanks (or nothing).
    #[default]
    None,
    /// A quotation mark or bracket.
    Quote,
    /// `,` `،` or a dash.
    Comma,
    /// `:`.
    Colon,
    /// `;` `؛`.
    Semicolon,
}

/// One word of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    /// Normalised form (see `stages::text::normalize`).
    pub norm: &'a str,
    /// Original span of the whole token.
    pub span: CharSpan,
    /// True for a Latin-script word.
    pub latin: bool,
    /// True when the original starts with an upper-case letter.
    pub capitalized: bool,
    /// Punctuation right before the word.
    pub punct_before: Punct,
    /// An English possessive `'s` was cut off right after the word.
    pub possessive: bool,
    /// Index into [`Sentence::entities`] when an actor or place covers the
    /// word.
    pub entity: Option<usize>,
}

/// What an entity of a sentence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    /// An actor of the document.
    Actor,
    /// A place of the document.
    Place,
}

/// An actor or place mention laid over a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Actor or place.
    pub kind: EntityKind,
    /// Index into the document's `actors` or `locations`.
    pub index: usize,
    /// CAMEO actor code to use in an event (the actor's code, else its
    /// country; a place's alpha-3 country); `None`: cannot be a participant.
    pub code: Option<String>,
    /// Words covered.
    pub words: Range<usize>,
    /// The mention (proclitics outside the span).
    pub mention: Mention,
    /// Normalised proclitic letters of the first token left outside the
    /// mention (`ب` of بخليفة, `و` of وحفتر, `لل` of للقاهرة); empty if none.
    pub clitic: String,
}

/// A sentence of one field.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence<'a> {
    /// Field the offsets point into.
    pub field: Field,
    /// From the first word's start to the last word's end.
    pub span: CharSpan,
    /// The words.
    pub words: Vec<Word<'a>>,
    /// Actors and places, in text order.
    pub entities: Vec<Entity>,
}

impl Sentence<'_> {
    /// The normalised words.
    pub fn norms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.norm).collect()
    }
}

/// A token as the text stage gives it: original span, normalised form,
/// capitalisation.
#[derive(Debug, Clone, Copy)]
pub struct TokenView<'a> {
    /// Original span.
    pub span: CharSpan,
    /// Normalised form.
    pub norm: &'a str,
    /// Starts with an upper-case letter.
    pub capitalized: bool,
}

impl<'a> TokenView<'a> {
    /// The views of every token of `field`, in order.
    pub fn of_field(field: &'a crate::nlp::AnalyzedField) -> Vec<TokenView<'a>> {
        field
            .tokens
            .iter()
            .map(|t| TokenView {
                span: t.span,
                norm: &t.norm,
                capitalized: t.capitalized,
            })
            .collect()
    }
}

/// An actor or place mention offered to [`sentences`].
#[derive(Debug, Clone)]
pub struct EntityMention<'a> {
    /// Actor or place.
    pub kind: EntityKind,
    /// Index into the document's list.
    pub index: usize,
    /// Participant code, if any.
    pub code: Option<&'a str>,
    /// The mention.
    pub mention: &'a Mention,
}

/// Splits a field's article-zone tokens into sentences and lays `mentions`
/// (of this field) over them. `text` is the field's original text.
pub fn sentences<'a>(
    field: Field,
    text: &str,
    tokens: &[TokenView<'a>],
    mentions: &[EntityMention<'_>],
) -> Vec<Sentence<'a>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Sentence<'a>> = Vec::new();
    let mut cur: Vec<Word<'a>> = Vec::new();
    let mut prev_end: Option<usize> = None;
    for tok in tokens {
        let (end_sentence, punct, possessive) = match prev_end {
            Some(pe) => gap(&chars, pe, tok.span.start.min(chars.len())),
            None => (false, Punct::None, false),
        };
        if possessive && let Some(last) = cur.last_mut() {
            last.possessive = true;
        }
        if end_sentence && !cur.is_empty() {
            out.push(finish(field, std::mem::take(&mut cur)));
        }
        prev_end = Some(tok.span.end);
        let latin = tok
            .norm
            .chars()
            .next()
            .is_some_and(crate::nlp::script::is_latin_letter);
        let word = Word {
            norm: tok.norm,
            span: tok.span,
            latin,
            capitalized: tok.capitalized,
            punct_before: if end_sentence { Punct::None } else { punct },
            possessive: false,
            entity: None,
        };
        // didn't → did + n't (Treebank), so patterns with `N'T` match.
        if latin && tok.norm.len() > 3 && tok.norm.ends_with("n't") {
            let (head, tail) = tok.norm.split_at(tok.norm.len() - 3);
            cur.push(Word {
                norm: head,
                ..word.clone()
            });
            cur.push(Word {
                norm: tail,
                punct_before: Punct::None,
                ..word
            });
        } else {
            cur.push(word);
        }
    }
    if !cur.is_empty() {
        out.push(finish(field, cur));
    }
    for s in &mut out {
        overlay(s, &chars, mentions);
    }
    out
}

fn finish(field: Field, words: Vec<Word<'_>>) -> Sentence<'_> {
    let span = CharSpan::new(words[0].span.start, words[words.len() - 1].span.end);
    Sentence {
        field,
        span,
        words,
        entities: Vec::new(),
    }
}

/// Reads the text between two tokens: (ends a sentence, strongest
/// punctuation, an English possessive `'s` sits right after the previous
/// token).
fn gap(chars: &[char], from: usize, to: usize) -> (bool, Punct, bool) {
    let g = chars.get(from..to).unwrap_or(&[]);
    let mut punct = Punct::None;
    let mut end = false;
    let possessive =
        matches!(g, ['\'' | '’', 's' | 'S', ..]) && !g.get(2).is_some_and(|c| c.is_alphanumeric());
    for (k, &c) in g.iter().enumerate() {
        let p = match c {
            '.' | '!' | '?' | '؟' | '…' | '\n' | '\r' | '\u{2029}' | '\u{2028}' => {
                // A `.` right before a lower-case Latin letter is an
                // abbreviation the tokeniser already kept in the sentence.
                let next_lower = g[k + 1..]
                    .iter()
                    .find(|c| !c.is_whitespace())
                    .is_some_and(|c| c.is_lowercase());
                if !(c == '.' && next_lower) {
                    end = true;
                }
                Punct::None
            }
            ',' | '،' | '–' | '—' => Punct::Comma,
            ':' => Punct::Colon,
            ';' | '؛' => Punct::Semicolon,
            '"' | '«' | '»' | '“' | '”' | '(' | ')' | '[' | ']' => Punct::Quote,
            _ => Punct::None,
        };
        punct = punct.max(p);
    }
    // A very long gap (an excluded zone) always ends a sentence.
    (end || g.len() > 200, punct, possessive)
}

fn overlay(s: &mut Sentence<'_>, chars: &[char], mentions: &[EntityMention<'_>]) {
    let mut found: Vec<Entity> = Vec::new();
    for m in mentions {
        let (ms, me) = (m.mention.start, m.mention.end);
        if me <= s.span.start || ms >= s.span.end {
            continue;
        }
        let first = s.words.iter().position(|w| w.span.end > ms);
        let last = s.words.iter().rposition(|w| w.span.start < me);
        let (Some(first), Some(last)) = (first, last) else {
            continue;
        };
        if first > last {
            continue;
        }
        let w0 = &s.words[first];
        let clitic: String = if w0.span.start < ms {
            chars
                .get(w0.span.start..ms)
                .unwrap_or(&[])
                .iter()
                .collect::<String>()
        } else {
            String::new()
        };
        let clitic = crate::nlp::normalize(&clitic).replace(' ', "");
        found.push(Entity {
            kind: m.kind,
            index: m.index,
            code: m.code.map(str::to_string),
            words: first..last + 1,
            mention: m.mention.clone(),
            clitic,
        });
    }
    // Longer mentions first; an actor wins over a place on the same words.
    found.sort_by_key(|e| {
        (
            e.words.start,
            std::cmp::Reverse(e.words.len()),
            e.kind == EntityKind::Place,
        )
    });
    for e in found {
        if s.words[e.words.clone()].iter().any(|w| w.entity.is_some()) {
            continue;
        }
        let id = s.entities.len();
        for w in &mut s.words[e.words.clone()] {
            w.entity = Some(id);
        }
        s.entities.push(e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::AnalyzedField;

    fn views(f: &AnalyzedField) -> Vec<TokenView<'_>> {
        TokenView::of_field(f)
    }

    #[test]
    fn arabic_commas_do_not_end_sentences_and_mentions_keep_their_clitic() {
        let text = "التقى الرئيس السيسي، الأحد، بخليفة حفتر. وغادر حفتر";
        let f = AnalyzedField::from_text(Field::Body, text);
        let haftar = Mention {
            field: Field::Body,
            start: 29,
            end: 39,
            text: "خليفة حفتر".into(),
        };
        let m = [EntityMention {
            kind: EntityKind::Actor,
            index: 4,
            code: Some("LBYMIL"),
            mention: &haftar,
        }];
        let s = sentences(Field::Body, text, &views(&f), &m);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words.len(), 6);
        assert_eq!(s[0].words[3].punct_before, Punct::Comma);
        assert_eq!(s[0].entities.len(), 1);
        let e = &s[0].entities[0];
        assert_eq!((e.words.clone(), e.clitic.as_str()), (4..6, "ب"));
        assert_eq!(s[0].words[4].entity, Some(0));
        // Sentence span in scalar values, sliceable.
        assert_eq!(
            s[0].span.slice(text),
            Some("التقى الرئيس السيسي، الأحد، بخليفة حفتر")
        );
    }

    #[test]
    fn english_contractions_and_possessives() {
        let text = "Bree's minister didn't clash; Gondor's army left.";
        let f = AnalyzedField::from_text(Field::Body, text);
        let s = sentences(Field::Body, text, &views(&f), &[]);
        assert_eq!(s.len(), 1);
        let n = s[0].norms();
        assert_eq!(
            n,
            [
                "bree", "minister", "did", "n't", "clash", "gondor", "army", "left"
            ]
        );
        assert!(s[0].words[0].possessive);
        assert_eq!(s[0].words[5].punct_before, Punct::Semicolon);
    }
}
