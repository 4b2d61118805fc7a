//! Page zones: which lines of a body are the article, which are boilerplate
//! (donation and subscription blurbs, "read also", share/follow lines,
//! copyright) and where the reader-comment section starts.
//!
//! The rules are data: phrase lists per language in `data/zones/*.txt`
//! (embedded as the defaults, format below), so a site's boilerplate can be
//! added with a file and no rebuild ([`ZoneRules::load`]).
//!
//! # Decisions, in order
//!
//! 1. **Comment section.** It starts at the first `header` line (a whole line
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
//! 2. **Boilerplate anywhere.** `line`, `prefix` and `contains` phrases mark
//!    single short lines (`اقرأ أيضاً: …`, `Share this article`, `© 2019 …`).
//! 3. **Boilerplate at the tail.** Walking back from the comment section (or
//!    the end), lines that are blank, anywhere-boilerplate or hold a `tail`
//!    phrase form the tail block (at most [`MAX_TAIL_LINES`] text lines); the
//!    block is boilerplate if it holds a strong phrase (marked `!`, scores 2;
//!    distinct weak phrases score 1 each, total at least [`TAIL_MIN_SCORE`]).
//!    Weak phrases alone (an article about donations or a non-profit) are
//!    never enough, and tail phrases in the middle of an article are never
//!    excluded.
//!
//! Lines are the unit: a blurb glued to the last article paragraph without a
//! line break stays in the article.
//!
//! # Rule file format
//!
//! ```text
//! # comment
//! [rule_code mode]            mode: header | time | unit | line | prefix | contains | tail
//! [rule_code mode max_words=N]
//! phrase                      one per line, written naturally (normalised on load)
//! !strong phrase              tail only: scores 2
//! منذ {n}? {unit}             time only: {n} a number, {n}? optional, {unit} a
//!                             `unit` word (the token may continue: ساعاتكان)
//! ```
//!
//! A phrase with no letters or digits (`©`) is matched as raw text.

use std::collections::HashMap;
use std::path::Path;

use crate::article::{CharSpan, Field};

use crate::article::{ExcludedZone, ZoneKind};
use crate::nlp::Token;
use crate::nlp::tokenize::{Line, Tokenized};

/// Most words an author line of a comment block may have.
pub const AUTHOR_MAX_WORDS: usize = 6;
/// Most lines between two comment blocks for them to count as a section.
pub const COMMENT_BLOCK_GAP: usize = 8;
/// Least score of tail phrases for a tail block to be boilerplate (one
/// strong phrase is required besides).
pub const TAIL_MIN_SCORE: u32 = 2;
/// Most text lines a tail block may have: blurbs are a paragraph or three.
pub const MAX_TAIL_LINES: usize = 4;

/// The embedded default rule files, as (`name`, text).
pub const DEFAULT_RULE_FILES: [(&str, &str); 3] = [
    ("ar.txt", include_str!("../../../data/zones/ar.txt")),
    ("en.txt", include_str!("../../../data/zones/en.txt")),
    ("fr.txt", include_str!("../../../data/zones/fr.txt")),
];

/// `VERSION` of the embedded rule files (for `dictionary_versions`).
pub const DEFAULT_RULES_VERSION: &str = include_str!("../../../data/zones/VERSION");

/// A rule file could not be read or parsed.
#[derive(Debug, thiserror::Error)]
pub enum ZoneRulesError {
    /// The file could not be read (the user's path is wrong or unreadable).
    #[error("cannot read zone rules {path}: {source}")]
    Io {
        /// The path given.
        path: String,
        /// Underlying error.
        source: std::io::Error,
    },
    /// A line of the file is malformed; fix the file, a retry cannot help.
    #[error("zone rules {name}, line {line}: {message}")]
    Syntax {
        /// File name (or `<string>`).
        name: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Header,
    Time,
    Unit,
    Line,
    Prefix,
    Contains,
    Tail,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Pat {
    Word(String),
    Number { optional: bool },
    Unit,
}

#[derive(Debug, Clone)]
struct Phrase {
    pats: Vec<Pat>,
    /// Raw text for phrases without letters or digits.
    raw: Option<String>,
    weight: u32,
}

#[derive(Debug, Clone)]
struct Rule {
    code: String,
    mode: Mode,
    max_words: usize,
    phrases: Vec<Phrase>,
}

/// Page-zone rules: phrase lists and line patterns (see the module docs for
/// the file format). Cheap to share; build once at start-up.
#[derive(Debug, Clone)]
pub struct ZoneRules {
    rules: Vec<Rule>,
    units: Vec<String>,
    /// First literal word of a phrase → (rule, phrase).
    by_first: HashMap<String, Vec<(usize, usize)>, foldhash::fast::RandomState>,
    /// Phrases starting with a placeholder or matched as raw text.
    wild: Vec<(usize, usize)>,
    /// Largest `max_words` of any `line`/`prefix`/`contains` rule.
    short_line: usize,
}

impl Default for ZoneRules {
    /// The embedded `data/zones/{ar,en,fr}.txt`.
    fn default() -> Self {
        let mut rules = ZoneRules::empty();
        for (name, text) in DEFAULT_RULE_FILES {
            rules
                .add(name, text)
                .expect("embedded zone rules parse (checked by tests)");
        }
        rules
    }
}

impl std::str::FromStr for ZoneRules {
    type Err = ZoneRulesError;

    /// Parses one rule file's text (without the defaults).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut rules = ZoneRules::empty();
        rules.add("<string>", s)?;
        Ok(rules)
    }
}

impl ZoneRules {
    /// No rules at all: every line is article.
    pub fn empty() -> Self {
        Self {
            rules: Vec::new(),
            units: Vec::new(),
            by_first: HashMap::default(),
            wild: Vec::new(),
            short_line: 0,
        }
    }

    /// The defaults plus the rules of the file at `path`.
    ///
    /// # Errors
    /// [`ZoneRulesError::Io`] if the file cannot be read,
    /// [`ZoneRulesError::Syntax`] if it is malformed.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, ZoneRulesError> {
        let mut rules = ZoneRules::default();
        rules.add_file(path)?;
        Ok(rules)
    }

    /// The defaults plus every file of `[text] zone_rules`, in order.
    ///
    /// # Errors
    /// As [`ZoneRules::load`], for the first file that fails.
    pub fn from_config(config: &super::TextConfig) -> Result<Self, ZoneRulesError> {
        let mut rules = ZoneRules::default();
        for path in &config.zone_rules {
            rules.add_file(path)?;
        }
        Ok(rules)
    }

    /// Adds the rules of the file at `path`.
    ///
    /// # Errors
    /// As [`ZoneRules::load`].
    pub fn add_file(&mut self, path: impl AsRef<Path>) -> Result<(), ZoneRulesError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| ZoneRulesError::Io {
            path: path.display().to_string(),
            source,
        })?;
        self.add(&path.display().to_string(), &text)
    }

    /// `VERSION` of the embedded rules (`data/zones/VERSION`, trimmed), for
    /// `dictionary_versions` and `newsevents_build_info`.
    pub fn default_version() -> &'static str {
        DEFAULT_RULES_VERSION.trim()
    }

    /// Adds the rules of one file's text; `name` is used in errors.
    ///
    /// # Errors
    /// [`ZoneRulesError::Syntax`] on an unknown mode, a phrase before any
    /// section, a bad `max_words`, or a placeholder outside a `time` rule.
    pub fn add(&mut self, name: &str, text: &str) -> Result<(), ZoneRulesError> {
        let err = |line: usize, message: String| ZoneRulesError::Syntax {
            name: name.to_string(),
            line: line + 1,
            message,
        };
        let mut current: Option<usize> = None;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(head) = line.strip_prefix('[') {
                let head = head
                    .strip_suffix(']')
                    .ok_or_else(|| err(n, "section header lacks `]`".into()))?;
                let mut parts = head.split_whitespace();
                let code = parts
                    .next()
                    .ok_or_else(|| err(n, "empty section header".into()))?;
                if !code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
                {
                    return Err(err(n, format!("rule code `{code}` must be snake_case")));
                }
                let mode = match parts.next() {
                    Some("header") => Mode::Header,
                    Some("time") => Mode::Time,
                    Some("unit") => Mode::Unit,
                    Some("line") => Mode::Line,
                    Some("prefix") => Mode::Prefix,
                    Some("contains") => Mode::Contains,
                    Some("tail") => Mode::Tail,
                    other => return Err(err(n, format!("unknown mode {other:?}"))),
                };
                let mut max_words = match mode {
                    Mode::Header => 8,
                    Mode::Prefix => 20,
                    Mode::Contains => 30,
                    _ => usize::MAX,
                };
                for kv in parts {
                    let v = kv
                        .strip_prefix("max_words=")
                        .ok_or_else(|| err(n, format!("unknown option `{kv}`")))?;
                    max_words = v
                        .parse()
                        .map_err(|_| err(n, format!("bad max_words `{v}`")))?;
                }
                self.rules.push(Rule {
                    code: code.to_string(),
                    mode,
                    max_words,
                    phrases: Vec::new(),
                });
                current = Some(self.rules.len() - 1);
                continue;
            }
            let r = current.ok_or_else(|| err(n, "phrase before any [section]".into()))?;
            let mode = self.rules[r].mode;
            if mode == Mode::Unit {
                let u = crate::nlp::normalize(line);
                if !u.is_empty() {
                    self.units.push(u);
                }
                continue;
            }
            let (weight, body) = match line.strip_prefix('!') {
                Some(b) if mode == Mode::Tail => (2, b.trim()),
                _ => (1, line),
            };
            let mut pats = Vec::new();
            for word in body.split_whitespace() {
                let p = match word {
                    "{n}" => Some(Pat::Number { optional: false }),
                    "{n}?" => Some(Pat::Number { optional: true }),
                    "{unit}" => Some(Pat::Unit),
                    _ => None,
                };
                match p {
                    Some(_) if mode != Mode::Time => {
                        return Err(err(n, format!("`{word}` only in time rules")));
                    }
                    Some(p) => pats.push(p),
                    None => pats.extend(
                        crate::nlp::normalize(word)
                            .split(' ')
                            .filter(|w| !w.is_empty())
                            .map(|w| Pat::Word(w.into())),
                    ),
                }
            }
            let raw = pats.is_empty().then(|| body.to_string());
            let p = self.rules[r].phrases.len();
            match pats.first() {
                Some(Pat::Word(w)) => self.by_first.entry(w.clone()).or_default().push((r, p)),
                _ => self.wild.push((r, p)),
            }
            self.rules[r].phrases.push(Phrase { pats, raw, weight });
            if matches!(mode, Mode::Line | Mode::Prefix | Mode::Contains) {
                self.short_line = self.short_line.max(self.rules[r].max_words);
            }
        }
        Ok(())
    }

    /// Does phrase `pats` match `toks` starting at token `at`? Returns the
    /// token index after the match.
    fn match_at(&self, pats: &[Pat], toks: &[Token], at: usize) -> Option<usize> {
        if pats.is_empty() {
            // Raw-text phrases are matched by the caller.
            return None;
        }
        let mut k = at;
        for p in pats {
            match p {
                Pat::Word(w) => {
                    if toks.get(k)?.norm != *w {
                        return None;
                    }
                    k += 1;
                }
                Pat::Number { optional } => {
                    let is_num = toks
                        .get(k)
                        .is_some_and(|t| t.norm.bytes().all(|b| b.is_ascii_digit()));
                    if is_num {
                        k += 1;
                    } else if !optional {
                        return None;
                    }
                }
                Pat::Unit => {
                    let t = &toks.get(k)?.norm;
                    if !self.units.iter().any(|u| t.starts_with(u.as_str())) {
                        return None;
                    }
                    k += 1;
                }
            }
        }
        Some(k)
    }

    /// Candidate (rule, phrase) pairs whose first word is `toks[at]`, plus
    /// the wildcard phrases.
    fn candidates<'a>(
        &'a self,
        toks: &[Token],
        at: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        let first = toks
            .get(at)
            .and_then(|t| self.by_first.get(t.norm.as_str()));
        first
            .into_iter()
            .flatten()
            .copied()
            .chain(self.wild.iter().copied())
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

    /// Splits a body into zones. `t` is the body's tokenisation.
    pub(crate) fn split(&self, body: &str, t: &Tokenized) -> Zoning {
        let lines = &t.lines;
        let line_toks = |l: &Line| &t.tokens[l.first..l.end];
        let classes: Vec<LineClass> = lines
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
            .collect();

        let mut blocks = Vec::new();
        for (k, c) in classes.iter().enumerate() {
            if *c == LineClass::Time && k > 0 {
                let author = &lines[k - 1];
                if author.end - author.first <= AUTHOR_MAX_WORDS
                    && classes[k - 1] != LineClass::Blank
                {
                    blocks.push(k - 1);
                }
            }
        }
        let structural = blocks
            .windows(2)
            .find(|w| w[1] - w[0] <= COMMENT_BLOCK_GAP)
            .map(|w| w[0]);
        // A header starts the section only below some article text, and
        // only if comments follow it (a block within a few lines) or less
        // text follows it than precedes it: a comment count printed under
        // the headline ("12 تعليق") must not swallow the article.
        let header = classes.iter().enumerate().position(|(h, c)| {
            matches!(c, LineClass::Header(_)) && {
                let line = &lines[h];
                let before = line.first;
                let after = t.tokens.len() - line.end;
                before > 0
                    && (after < before
                        || blocks.iter().any(|&b| b > h && b - h <= COMMENT_BLOCK_GAP))
            }
        });
        let comments = match (header, structural) {
            (Some(h), Some(s)) if s < h => Some((s, "comment_block".to_string())),
            (Some(h), _) => {
                let LineClass::Header(r) = classes[h] else {
                    unreachable!()
                };
                Some((h, self.rules[r].code.clone()))
            }
            (None, Some(s)) => Some((s, "comment_block".to_string())),
            (None, None) => None,
        };
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

fn is_number(t: &Token) -> bool {
    t.norm
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineClass {
    Blank,
    Text,
    /// Comment-section header (rule index).
    Header(usize),
    /// Relative-time line of a comment.
    Time,
    /// Boilerplate by an anywhere rule (rule index).
    Boilerplate(usize),
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
    use super::*;
    use crate::nlp::tokenize::tokenize;

    fn split(rules: &ZoneRules, body: &str) -> Zoning {
        rules.split(body, &tokenize(body))
    }

    fn char_pos(hay: &str, needle: &str) -> usize {
        hay[..hay.find(needle).expect("needle in text")]
            .chars()
            .count()
    }

    fn zones(z: &Zoning) -> Vec<(ZoneKind, &str)> {
        z.excluded
            .iter()
            .map(|e| (e.kind, e.rule.as_str()))
            .collect()
    }

    const ARTICLE_AR: &str = "التقى الرئيس المصري عبد الفتاح السيسي في القاهرة المشير خليفة حفتر.\nوبحث الجانبان تطورات الأوضاع في ليبيا.";
    const ARTICLE_EN: &str = "Egypt's president met Khalifa Haftar in Cairo on Sunday.\nThe talks covered the offensive on Tripoli.";

    #[test]
    fn embedded_rules_parse_and_have_a_version() {
        let r = ZoneRules::default();
        assert!(r.rules.len() >= 20);
        assert!(!ZoneRules::default_version().is_empty());
        assert!(!r.units.is_empty());
    }

    #[test]
    fn arabic_comment_header_starts_comments_to_the_end() {
        let body = format!(
            "{ARTICLE_AR}\nانضم/ي إلى المناقشة\nkarim nabil -\nمنذ 7 ساعاتمقال رائع عن مصر"
        );
        let z = split(&ZoneRules::default(), &body);
        assert_eq!(zones(&z), [(ZoneKind::Comments, "comment_header")]);
        assert_eq!(z.excluded[0].start, char_pos(&body, "انضم"));
        assert_eq!(z.excluded[0].end, body.chars().count());
        assert_eq!(z.article, [CharSpan::new(0, char_pos(&body, "انضم"))]);
    }

    #[test]
    fn header_with_count_and_english_header() {
        for header in [
            "التعليقات (12)",
            "12 تعليق",
            "Comments (3)",
            "Leave a comment",
            "Laisser un commentaire",
        ] {
            let body = format!("{ARTICLE_EN}\n{header}\nnice");
            let z = split(&ZoneRules::default(), &body);
            assert_eq!(z.excluded.len(), 1, "{header}");
            assert_eq!(z.excluded[0].kind, ZoneKind::Comments, "{header}");
            assert_eq!(z.excluded[0].start, char_pos(&body, header));
        }
    }

    #[test]
    fn header_phrase_inside_a_sentence_is_article() {
        let body = format!("{ARTICLE_AR}\nوقال إن التعليقات على القرار كانت كثيرة.");
        assert!(split(&ZoneRules::default(), &body).excluded.is_empty());
        // A comment count under the headline does not swallow the article.
        for top in ["12 تعليق", "Comments (4)"] {
            let body = format!("حفتر في القاهرة\n{top}\n{ARTICLE_AR}\n{ARTICLE_AR}");
            assert!(
                split(&ZoneRules::default(), &body).excluded.is_empty(),
                "{top}"
            );
        }
    }

    #[test]
    fn comment_blocks_without_header_arabic_and_english() {
        let ar = format!("{ARTICLE_AR}\nسمير -\nمنذ يومرائع\nلينا -\nمنذ 3 أيام مقال ممتاز");
        let z = split(&ZoneRules::default(), &ar);
        assert_eq!(zones(&z), [(ZoneKind::Comments, "comment_block")]);
        assert_eq!(z.excluded[0].start, char_pos(&ar, "سمير"));

        let en =
            format!("{ARTICLE_EN}\nJohn D.\n3 hours ago great piece\nMary\nan hour ago Agreed.");
        let z = split(&ZoneRules::default(), &en);
        assert_eq!(zones(&z), [(ZoneKind::Comments, "comment_block")]);
        assert_eq!(z.excluded[0].start, char_pos(&en, "John"));
    }

    #[test]
    fn one_relative_time_line_in_an_article_is_not_a_comment_section() {
        let body = format!("الوضع الميداني\nمنذ يومين تشهد طرابلس اشتباكات عنيفة.\n{ARTICLE_AR}");
        assert!(split(&ZoneRules::default(), &body).excluded.is_empty());
    }

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

    #[test]
    fn user_rules_add_site_boilerplate() {
        let mut rules = ZoneRules::default();
        rules
            .add("site.txt", "[site_promo line]\nحمّل تطبيقنا\n")
            .unwrap();
        let body = format!("{ARTICLE_AR}\nحمل تطبيقنا\n{ARTICLE_AR}");
        let z = split(&rules, &body);
        assert_eq!(zones(&z), [(ZoneKind::Boilerplate, "site_promo")]);
        let only: ZoneRules = "[x line]\nشارك".parse().unwrap();
        assert_eq!(only.rules.len(), 1);
    }

    #[test]
    fn malformed_rule_files_are_rejected_with_line_numbers() {
        let e = "[x nosuchmode]\nفلان".parse::<ZoneRules>().unwrap_err();
        assert!(matches!(e, ZoneRulesError::Syntax { line: 1, .. }), "{e}");
        let e = "\nphrase first".parse::<ZoneRules>().unwrap_err();
        assert!(matches!(e, ZoneRulesError::Syntax { line: 2, .. }), "{e}");
        let e = "[x line]\nمنذ {n}".parse::<ZoneRules>().unwrap_err();
        assert!(matches!(e, ZoneRulesError::Syntax { line: 2, .. }), "{e}");
        let e = "[Bad-Code line]".parse::<ZoneRules>().unwrap_err();
        assert!(matches!(e, ZoneRulesError::Syntax { .. }));
        let e = ZoneRules::load("/nonexistent/zones.txt").unwrap_err();
        assert!(matches!(e, ZoneRulesError::Io { .. }));
    }

    #[test]
    fn empty_rules_keep_everything() {
        let body = format!("{ARTICLE_AR}\nانضم إلى المناقشة");
        let z = split(&ZoneRules::empty(), &body);
        assert!(z.excluded.is_empty());
        assert_eq!(z.article, [CharSpan::new(0, body.chars().count())]);
    }
}
