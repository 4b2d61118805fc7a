//! The zone rules and their file format: [`ZoneRules`] holds every rule of
//! the embedded `data/zones/{ar,en,fr}.txt` (written by the project, see
//! `data/zones/SOURCE.md`) plus the user's files of `[text] zone_rules`.
//! Each rule is a section with a snake_case code (reported in
//! `excluded_zones[].rule`), a mode that says which decision uses it, and
//! its phrases.
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

/// The embedded default rule files, as (`name`, text).
pub const DEFAULT_RULE_FILES: [(&str, &str); 3] = [
    ("ar.txt", include_str!("../../../../data/zones/ar.txt")),
    ("en.txt", include_str!("../../../../data/zones/en.txt")),
    ("fr.txt", include_str!("../../../../data/zones/fr.txt")),
];

/// `VERSION` of the embedded rule files (for `dictionary_versions`).
pub const DEFAULT_RULES_VERSION: &str = include_str!("../../../../data/zones/VERSION");

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

/// What a rule's phrases are for, by the decision that uses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// A whole line that starts the comment section ([`super::comments`]).
    Header,
    /// The relative-time line of a comment block ([`super::comments`]).
    Time,
    /// Time-unit words for `{unit}` in `time` phrases.
    Unit,
    /// A whole short line of boilerplate ([`super::lines`]).
    Line,
    /// A short line of boilerplate that starts with the phrase.
    Prefix,
    /// A short line of boilerplate that holds the phrase.
    Contains,
    /// A phrase of a blurb at the end of the article ([`super::tail`]).
    Tail,
}

/// One word of a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Pat {
    Word(String),
    Number { optional: bool },
    Unit,
}

/// One phrase of a rule.
#[derive(Debug, Clone)]
pub(super) struct Phrase {
    pub(super) pats: Vec<Pat>,
    /// Raw text for phrases without letters or digits.
    pub(super) raw: Option<String>,
    pub(super) weight: u32,
}

/// One `[rule_code mode]` section.
#[derive(Debug, Clone)]
pub(super) struct Rule {
    pub(super) code: String,
    pub(super) mode: Mode,
    pub(super) max_words: usize,
    pub(super) phrases: Vec<Phrase>,
}

/// Page-zone rules: phrase lists and line patterns (see the module docs for
/// the file format). Cheap to share; build once at start-up.
#[derive(Debug, Clone)]
pub struct ZoneRules {
    pub(super) rules: Vec<Rule>,
    pub(super) units: Vec<String>,
    /// First literal word of a phrase → (rule, phrase).
    pub(super) by_first: HashMap<String, Vec<(usize, usize)>, foldhash::fast::RandomState>,
    /// Phrases starting with a placeholder or matched as raw text.
    pub(super) wild: Vec<(usize, usize)>,
    /// Largest `max_words` of any `line`/`prefix`/`contains` rule.
    pub(super) short_line: usize,
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
    pub fn from_config(config: &super::super::TextConfig) -> Result<Self, ZoneRulesError> {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ZoneKind;
    use crate::stages::text::zones::testutil::{ARTICLE_AR, split, zones};

    #[test]
    fn embedded_rules_parse_and_have_a_version() {
        let r = ZoneRules::default();
        assert!(r.rules.len() >= 20);
        assert!(!ZoneRules::default_version().is_empty());
        assert!(!r.units.is_empty());
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
}
