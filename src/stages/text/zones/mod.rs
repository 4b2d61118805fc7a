//! Page zones: which lines of a body are the article, which are boilerplate
//! (donation and subscription blurbs, "read also", share/follow lines,
//! copyright) and where the reader-comment section starts.
//!
//! The rules are data: phrase lists per language in `data/zones/*.txt`
//! (embedded as the defaults, format in `rules`), so a site's boilerplate
//! can be added with a file and no rebuild ([`ZoneRules::load`]).
//!
//! # Decisions, in order
//!
//! Each line of the body is first classified (`lines`: blank, text,
//! `header`, `time`, or anywhere-boilerplate), by phrases matched on its
//! tokens (`matching`). Then:
//!
//! 1. **Comment section** (`comments`). It starts at the first `header` line (a whole line
//!    such as `انضم/ي إلى المناقشة`, `التعليقات (3)`, `Join the discussion`,
//!    rule code = the section's name) that has article text above it and
//!    either a comment block below it or less text below than above (so a
//!    comment count under the headline is not a section start), or, without a header, at the author
//!    line of the first of two comment blocks at most
//!    [`COMMENT_BLOCK_GAP`] lines apart (rule `comment_block`). A comment block is a
//!    `time` line (`منذ 7 ساعات…`, `3 hours ago`, `il y a 2 jours`; the
//!    comment text may be glued to the unit, as scrapers do) right after a
//!    short author line (≤ [`AUTHOR_MAX_WORDS`] words). Everything from the start
//!    to the end of the body is comments.
//! 2. **Boilerplate anywhere** (`lines`). `line`, `prefix` and `contains` phrases mark
//!    single short lines (`اقرأ أيضاً: …`, `Share this article`, `© 2019 …`).
//! 3. **Boilerplate at the tail** (`tail`). Walking back from the comment section (or
//!    the end), lines that are blank, anywhere-boilerplate or hold a `tail`
//!    phrase form the tail block (at most [`MAX_TAIL_LINES`] text lines); the
//!    block is boilerplate if it holds a strong phrase (marked `!`, scores 2;
//!    distinct weak phrases score 1 each, total at least [`TAIL_MIN_SCORE`]).
//!    Weak phrases alone (an article about donations or a non-profit) are
//!    never enough, and tail phrases in the middle of an article are never
//!    excluded.
//!
//! Lines are the unit: a blurb glued to the last article paragraph without a
//! line break stays in the article. `ZoneRules::split` composes the
//! decisions and turns the marked lines into excluded and article ranges.

use crate::article::{CharSpan, ExcludedZone, Field, ZoneKind};
use crate::nlp::tokenize::Tokenized;

mod comments;
mod lines;
mod matching;
mod rules;
mod tail;
#[cfg(test)]
mod testutil;

pub use comments::{AUTHOR_MAX_WORDS, COMMENT_BLOCK_GAP};
pub use rules::{DEFAULT_RULE_FILES, DEFAULT_RULES_VERSION, ZoneRules, ZoneRulesError};
pub use tail::{MAX_TAIL_LINES, TAIL_MIN_SCORE};

use lines::LineClass;

impl ZoneRules {
    /// Splits a body into zones. `t` is the body's tokenisation.
    pub(crate) fn split(&self, body: &str, t: &Tokenized) -> Zoning {
        let lines = &t.lines;
        let classes = self.classify_lines(body, t);

        // 1. The comment section.
        let comments = self.comment_section(&classes, t);
        let article_end_line = comments.as_ref().map_or(lines.len(), |(l, _)| *l);

        // 2 + 3. Boilerplate lines, then the tail block.
        let mut rule_of: Vec<Option<usize>> = classes
            .iter()
            .take(article_end_line)
            .map(|c| {
                if let LineClass::Boilerplate(r) = *c {
                    Some(r)
                } else {
                    None
                }
            })
            .collect();
        self.mark_tail_block(&classes, t, article_end_line, &mut rule_of);

        // Excluded ranges: runs of lines with the same rule (blank lines
        // between two lines of one rule are absorbed).
        let mut excluded: Vec<ExcludedZone> = Vec::new();
        let mut k = 0;
        while k < article_end_line {
            let Some(r) = rule_of[k] else {
                k += 1;
                continue;
            };
            let start = lines[k].chars.start;
            let mut end = lines[k].chars.end;
            let mut j = k + 1;
            let mut last = k;
            while j < article_end_line && (rule_of[j] == Some(r) || classes[j] == LineClass::Blank)
            {
                if rule_of[j] == Some(r) {
                    end = lines[j].chars.end;
                    last = j;
                }
                j += 1;
            }
            excluded.push(ExcludedZone {
                field: Field::Body,
                kind: ZoneKind::Boilerplate,
                start,
                end,
                rule: self.rules[r].code.clone(),
            });
            k = last + 1;
        }
        if let Some((l, code)) = comments {
            excluded.push(ExcludedZone {
                field: Field::Body,
                kind: ZoneKind::Comments,
                start: lines[l].chars.start,
                end: t.char_len,
                rule: code,
            });
        }
        // Article ranges: the gaps between excluded ranges that hold a token
        // (a gap of blank lines between a blurb and the comments is not
        // article).
        let mut article = Vec::new();
        let mut at = 0;
        let has_token = |s: usize, e: usize| {
            let k = t.tokens.partition_point(|tok| tok.span.start < s);
            t.tokens.get(k).is_some_and(|tok| tok.span.start < e)
        };
        for z in excluded
            .iter()
            .map(|z| (z.start, z.end))
            .chain([(t.char_len, t.char_len)])
        {
            if z.0 > at && has_token(at, z.0) {
                article.push(CharSpan::new(at, z.0));
            }
            at = z.1;
        }
        Zoning { article, excluded }
    }
}

/// The zones of one body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Zoning {
    /// Article ranges (char offsets), sorted, non-overlapping.
    pub article: Vec<CharSpan>,
    /// Excluded ranges, sorted by start.
    pub excluded: Vec<ExcludedZone>,
}

#[cfg(test)]
mod tests {
    use super::testutil::{ARTICLE_AR, split};
    use super::*;

    #[test]
    fn empty_rules_keep_everything() {
        let body = format!("{ARTICLE_AR}\nانضم إلى المناقشة");
        let z = split(&ZoneRules::empty(), &body);
        assert!(z.excluded.is_empty());
        assert_eq!(z.article, [CharSpan::new(0, body.chars().count())]);
    }
}
