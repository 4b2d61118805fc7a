//! NER scoring over token corpora (CoNLL-style IOB files): our actor and
//! location mentions mapped back to gold tokens, exact-span P/R/F1 by class.

use crate::article::{ActorSource, Field};
use crate::stages::Document;

use super::formats::TokenDocument;
use super::metrics::{Span, SpanScores};
use super::{GoldFormat, Runner, SpanReport};

/// Class of an actor for NER scoring; `None` for kinds that are not scored.
fn actor_class(kind: &str) -> Option<&'static str> {
    match kind {
        "person" => Some("PER"),
        "organization" | "igo" | "media" | "armed_group" | "party" => Some("ORG"),
        _ => None,
    }
}

/// Our named spans in the body: (class, start, end) in scalar values.
pub(super) fn predicted_spans(doc: &Document) -> Vec<(&'static str, usize, usize)> {
    let mut out = Vec::new();
    for actor in &doc.actors {
        if actor.source == ActorSource::Agent {
            continue;
        }
        let Some(class) = actor_class(actor.kind.as_str()) else {
            continue;
        };
        for m in actor.mentions.iter().filter(|m| m.field == Field::Body) {
            out.push((class, m.start, m.end));
        }
    }
    for loc in &doc.locations {
        for m in loc.mentions.iter().filter(|m| m.field == Field::Body) {
            out.push(("LOC", m.start, m.end));
        }
    }
    out
}

/// Token range `first..last+1` touched by the character span, if any.
fn token_span(offsets: &[(usize, usize)], start: usize, end: usize) -> Option<(usize, usize)> {
    let first = offsets.partition_point(|&(_, e)| e <= start);
    let last = offsets.partition_point(|&(s, _)| s < end);
    (first < last).then_some((first, last))
}

/// Appends one line per exact-match error of a document (`--errors`).
fn span_errors(out: &mut String, doc: usize, tokens: &[String], gold: &[Span], pred: &[Span]) {
    use std::fmt::Write as _;
    let words = |a: usize, b: usize| tokens[a.min(tokens.len())..b.min(tokens.len())].join(" ");
    let mut line = |tag: &str, s: &Span| {
        let context = format!(
            "{} [{}] {}",
            words(s.start.saturating_sub(4), s.start),
            words(s.start, s.end),
            words(s.end, s.end + 4)
        );
        let _ = writeln!(
            out,
            "{doc}\t{tag}\t{}\t{}\t{context}",
            s.class,
            words(s.start, s.end)
        );
    };
    for g in gold.iter().filter(|g| !pred.contains(g)) {
        line("FN", g);
    }
    for p in pred.iter().filter(|p| !gold.contains(p)) {
        line("FP", p);
    }
}

impl Runner {
    pub(super) fn ner(
        &mut self,
        format: GoldFormat,
        docs: &[TokenDocument],
        mut errors: Option<&mut String>,
    ) -> SpanReport {
        let mut scores = SpanScores::default();
        for (i, d) in docs.iter().enumerate() {
            let (text, offsets) = d.text_with_offsets();
            let gold: Vec<Span> = d
                .entities
                .iter()
                .filter_map(|e| {
                    format.gold_class(&e.class).map(|class| Span {
                        class,
                        start: e.start,
                        end: e.end,
                    })
                })
                .collect();
            let pred: Vec<Span> = self
                .enrich(&i.to_string(), text, None)
                .map(|doc| {
                    predicted_spans(&doc)
                        .into_iter()
                        .filter_map(|(class, s, e)| {
                            token_span(&offsets, s, e).map(|(start, end)| Span {
                                class,
                                start,
                                end,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            if let Some(out) = errors.as_deref_mut() {
                span_errors(out, i, &d.tokens, &gold, &pred);
            }
            scores.add_document(&gold, &pred);
        }
        SpanReport::from(&scores)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_span_maps_partial_and_cross_token_mentions() {
        // "وبالقاهرة مصر اليوم": tokens at 0..9, 10..13, 14..19.
        let offsets = [(0, 9), (10, 13), (14, 19)];
        // A mention without the proclitics (2..9) still covers token 0.
        assert_eq!(token_span(&offsets, 2, 9), Some((0, 1)));
        assert_eq!(token_span(&offsets, 10, 19), Some((1, 3)));
        // Inside the space between tokens: no token.
        assert_eq!(token_span(&offsets, 9, 10), None);
        assert_eq!(token_span(&offsets, 19, 25), None);
    }

    #[test]
    fn actor_kinds_map_to_classes() {
        assert_eq!(actor_class("person"), Some("PER"));
        for k in ["organization", "igo", "media", "armed_group", "party"] {
            assert_eq!(actor_class(k), Some("ORG"), "{k}");
        }
        assert_eq!(actor_class("group"), None);
    }
}
