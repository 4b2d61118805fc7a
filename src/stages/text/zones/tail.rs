//! Boilerplate at the tail (decision 3 of [`super`]): the blurbs news sites
//! put after an article, by the `tail` rules `donation_blurb`,
//! `subscription_blurb` and `call_to_action` of `data/zones/` (the
//! project's own phrase lists, `data/zones/SOURCE.md`).
//!
//! Walking back from the comment section (or the end), lines that are
//! blank, anywhere-boilerplate or hold a `tail` phrase form the tail block
//! (at most [`MAX_TAIL_LINES`] text lines); the block is boilerplate if it
//! holds a strong phrase (marked `!`, scores 2; distinct weak phrases score
//! 1 each, total at least [`TAIL_MIN_SCORE`]). Weak phrases alone (an
//! article about donations or a non-profit) are never enough, and tail
//! phrases in the middle of an article are never excluded.

use super::ZoneRules;
use super::lines::LineClass;
use super::rules::Mode;
use crate::nlp::Token;
use crate::nlp::tokenize::{Line, Tokenized};

/// Least score of tail phrases for a tail block to be boilerplate (one
/// strong phrase is required besides).
pub const TAIL_MIN_SCORE: u32 = 2;
/// Most text lines a tail block may have: blurbs are a paragraph or three.
pub const MAX_TAIL_LINES: usize = 4;

impl ZoneRules {
    /// Marks the tail block's lines with their tail rule in `rule_of` (one
    /// entry per line above the comment section, `article_end_line` of them)
    /// when the block scores as boilerplate; `classes` are the body's line
    /// classes, `t` its tokenisation.
    pub(super) fn mark_tail_block(
        &self,
        classes: &[LineClass],
        t: &Tokenized,
        article_end_line: usize,
        rule_of: &mut [Option<usize>],
    ) {
        let lines = &t.lines;
        let line_toks = |l: &Line| &t.tokens[l.first..l.end];
        // Each distinct phrase scores once per block, so a closing paragraph
        // repeating one weak word is not a blurb; the block needs a strong
        // phrase, and holds at most MAX_TAIL_LINES text lines.
        let mut hits = Vec::new();
        let mut tail_rules = Vec::new();
        for k in (0..article_end_line).rev() {
            match classes[k] {
                LineClass::Blank | LineClass::Boilerplate(_) => {}
                LineClass::Text | LineClass::Time | LineClass::Header(_) => {
                    if tail_rules.len() == MAX_TAIL_LINES {
                        break;
                    }
                    let before = hits.len();
                    self.tail_hits(line_toks(&lines[k]), &mut hits);
                    if hits.len() == before {
                        break;
                    }
                    tail_rules.push((k, hits[before].0));
                }
            }
        }
        hits.sort_unstable();
        hits.dedup();
        let weight = |&(r, p): &(usize, usize)| self.rules[r].phrases[p].weight;
        let score: u32 = hits.iter().map(weight).sum();
        if score >= TAIL_MIN_SCORE && hits.iter().any(|h| weight(h) >= 2) {
            for (k, r) in tail_rules {
                rule_of[k] = Some(r);
            }
        }
    }

    /// Tail phrases in a line: non-overlapping, longest first at each
    /// position, as (rule, phrase) pairs.
    fn tail_hits(&self, toks: &[Token], hits: &mut Vec<(usize, usize)>) {
        let mut at = 0;
        while at < toks.len() {
            let mut best: Option<(usize, (usize, usize))> = None;
            for (r, p) in self.candidates(toks, at) {
                let rule = &self.rules[r];
                if rule.mode == Mode::Tail
                    && let Some(end) = self.match_at(&rule.phrases[p].pats, toks, at)
                    && best.is_none_or(|(e, _)| end > e)
                {
                    best = Some((end, (r, p)));
                }
            }
            match best {
                Some((end, hit)) => {
                    hits.push(hit);
                    at = end;
                }
                None => at += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::article::{CharSpan, ZoneKind};
    use crate::stages::text::testutil::char_pos;
    use crate::stages::text::zones::ZoneRules;
    use crate::stages::text::zones::testutil::{ARTICLE_AR, ARTICLE_EN, split, zones};

    #[test]
    fn donation_blurb_at_the_tail_is_boilerplate() {
        let body = format!(
            "{ARTICLE_AR}\nموقعنا مؤسسة غير ربحية تعتمد على دعمكم.\nلدعم صحافتنا المستقلة، انقر هنا.\n\nانضم إلى المناقشة\nتعليق"
        );
        let z = split(&ZoneRules::default(), &body);
        assert_eq!(
            zones(&z),
            [
                (ZoneKind::Boilerplate, "donation_blurb"),
                (ZoneKind::Comments, "comment_header")
            ]
        );
        assert_eq!(z.excluded[0].start, char_pos(&body, "موقعنا"));
        assert_eq!(z.article, [CharSpan::new(0, char_pos(&body, "موقعنا"))]);

        let en = format!(
            "{ARTICLE_EN}\nWe are a non-profit newsroom. Support our journalism: donate today."
        );
        let z = split(&ZoneRules::default(), &en);
        assert_eq!(zones(&z), [(ZoneKind::Boilerplate, "donation_blurb")]);
        assert_eq!(z.excluded[0].end, en.chars().count());
    }

    #[test]
    fn weak_tail_phrase_or_mid_article_blurb_stays_article() {
        // One weak phrase at the end: an article about a non-profit.
        let body = format!("{ARTICLE_AR}\nوقالت المنظمة، وهي منظمة غير ربحية، إنها ستواصل عملها.");
        assert!(split(&ZoneRules::default(), &body).excluded.is_empty());
        // Several weak phrases: an article about party funding.
        let en = format!(
            "{ARTICLE_EN}\nA cap on donations to parties and more state funding were discussed."
        );
        assert!(split(&ZoneRules::default(), &en).excluded.is_empty());
        // The word "copyright" in a headline is not a copyright line.
        let en = format!(
            "Honda wins a copyright case in Beijing\n{ARTICLE_EN}\nPhoto of Cairo. © 2018 AFP"
        );
        assert!(split(&ZoneRules::default(), &en).excluded.is_empty());
        // Strong phrases followed by article text: not the tail.
        let body = format!("لدعم صحافتنا انقر هنا.\n{ARTICLE_AR}");
        let z = split(&ZoneRules::default(), &body);
        assert!(z.excluded.is_empty(), "{z:?}");
    }
}
