//! Line classes: which line is blank, article text, a comment-section
//! `header`, a comment's relative-`time` line, or boilerplate by an
//! anywhere rule (decision 2 of [`super`]): `line`, `prefix` and `contains`
//! phrases mark single short lines wherever they stand (`read_also`,
//! `share_line`, `follow_line`, `copyright`, `advert` in `data/zones/`).

use super::ZoneRules;
use super::rules::Mode;
use crate::nlp::Token;
use crate::nlp::tokenize::{Line, Tokenized};

/// What one line of a body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineClass {
    Blank,
    Text,
    /// Comment-section header (rule index).
    Header(usize),
    /// Relative-time line of a comment.
    Time,
    /// Boilerplate by an anywhere rule (rule index).
    Boilerplate(usize),
}

impl ZoneRules {
    /// The class of every line of a body; `t` is the body's tokenisation.
    pub(super) fn classify_lines(&self, body: &str, t: &Tokenized) -> Vec<LineClass> {
        let line_toks = |l: &Line| &t.tokens[l.first..l.end];
        t.lines
            .iter()
            .map(|l| {
                if l.first == l.end
                    && !body[l.bytes.0..l.bytes.1].contains(|c: char| !c.is_whitespace())
                {
                    LineClass::Blank
                } else {
                    self.classify_line(&body[l.bytes.0..l.bytes.1], line_toks(l))
                }
            })
            .collect()
    }

    /// Classifies one line for the anywhere rules.
    fn classify_line(&self, raw: &str, toks: &[Token]) -> LineClass {
        let trimmed: &[Token] = {
            let s = toks
                .iter()
                .position(|t| !is_number(t))
                .unwrap_or(toks.len());
            let e = toks
                .iter()
                .rposition(|t| !is_number(t))
                .map_or(s, |e| e + 1);
            &toks[s..e]
        };
        let mut found: Option<usize> = None;
        for (r, p) in self.candidates(toks, 0) {
            let rule = &self.rules[r];
            let phrase = &rule.phrases[p];
            if let Some(raw_text) = &phrase.raw {
                let line = raw.trim();
                let hit = match rule.mode {
                    Mode::Contains => line.contains(raw_text.as_str()),
                    Mode::Prefix => line.starts_with(raw_text.as_str()),
                    Mode::Line => line == raw_text,
                    _ => false,
                };
                if hit && toks.len() <= rule.max_words {
                    found.get_or_insert(r);
                }
                continue;
            }
            match rule.mode {
                Mode::Header => {
                    if trimmed.len() <= rule.max_words
                        && self.match_at(&phrase.pats, trimmed, 0) == Some(trimmed.len())
                    {
                        return LineClass::Header(r);
                    }
                }
                Mode::Time => {
                    if self.match_at(&phrase.pats, toks, 0).is_some() {
                        return LineClass::Time;
                    }
                }
                Mode::Line => {
                    if self.match_at(&phrase.pats, trimmed, 0) == Some(trimmed.len()) {
                        found.get_or_insert(r);
                    }
                }
                Mode::Prefix | Mode::Contains => {
                    if toks.len() <= rule.max_words
                        && self.match_at(&phrase.pats, toks, 0).is_some()
                    {
                        found.get_or_insert(r);
                    }
                }
                Mode::Unit | Mode::Tail => {}
            }
        }
        // Header phrases are matched against the line without counts, so a
        // header line starting with a count ("12 تعليق") is checked here.
        if trimmed.len() != toks.len() && !trimmed.is_empty() {
            for (r, p) in self.candidates(trimmed, 0) {
                let rule = &self.rules[r];
                if rule.mode == Mode::Header
                    && trimmed.len() <= rule.max_words
                    && self.match_at(&rule.phrases[p].pats, trimmed, 0) == Some(trimmed.len())
                {
                    return LineClass::Header(r);
                }
            }
        }
        if found.is_none() && toks.len() <= self.short_line {
            'outer: for at in 1..toks.len() {
                let Some(cands) = self.by_first.get(toks[at].norm.as_str()) else {
                    continue;
                };
                for &(r, p) in cands {
                    let rule = &self.rules[r];
                    if rule.mode == Mode::Contains
                        && toks.len() <= rule.max_words
                        && self.match_at(&rule.phrases[p].pats, toks, at).is_some()
                    {
                        found = Some(r);
                        break 'outer;
                    }
                }
            }
        }
        match found {
            Some(r) => LineClass::Boilerplate(r),
            None => LineClass::Text,
        }
    }
}

/// A number token (digits with `.` or `,`): counts around a header are
/// not part of it.
fn is_number(t: &Token) -> bool {
    t.norm
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
}

#[cfg(test)]
mod tests {
    use crate::article::ZoneKind;
    use crate::stages::text::zones::ZoneRules;
    use crate::stages::text::zones::testutil::{ARTICLE_AR, ARTICLE_EN, split, zones};

    #[test]
    fn read_also_share_follow_copyright_anywhere() {
        let body = format!(
            "{ARTICLE_AR}\nاقرأ أيضاً: حفتر يزور القاهرة\nشارك\n{ARTICLE_AR}\nتابعونا على تويتر\n© 2019 جميع الحقوق محفوظة"
        );
        let z = split(&ZoneRules::default(), &body);
        assert_eq!(
            zones(&z),
            [
                (ZoneKind::Boilerplate, "read_also"),
                (ZoneKind::Boilerplate, "share_line"),
                (ZoneKind::Boilerplate, "follow_line"),
                (ZoneKind::Boilerplate, "copyright"),
            ]
        );
        assert_eq!(z.article.len(), 2);
        let en = format!(
            "{ARTICLE_EN}\nRead also: Haftar visits Cairo\n{ARTICLE_EN}\nAll rights reserved."
        );
        let z = split(&ZoneRules::default(), &en);
        assert_eq!(
            zones(&z),
            [
                (ZoneKind::Boilerplate, "read_also"),
                (ZoneKind::Boilerplate, "copyright")
            ]
        );
    }
}
