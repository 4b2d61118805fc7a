//! The events stage's word lists, read once from `data/events/`: function
//! words and cue phrases (`cues.tsv`), calendar words (`calendar.tsv`) and
//! action nouns (`nouns.tsv`). Grammar (clitics, inflection) stays in code
//! (`morphology.rs`); open word classes are these files.

use std::collections::HashMap;

use super::cameo::TableError;
use super::morphology::{noun_key, noun_stems};
use crate::nlp::normalize;

/// The embedded `data/events/cues.tsv`.
pub const CUES_TSV: &str = include_str!("../../../data/events/cues.tsv");
/// The embedded `data/events/calendar.tsv`.
pub const CALENDAR_TSV: &str = include_str!("../../../data/events/calendar.tsv");
/// The embedded `data/events/nouns.tsv`.
pub const NOUNS_TSV: &str = include_str!("../../../data/events/nouns.tsv");

/// What a cue phrase signals (the `kind` column of `cues.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Cue {
    /// Announced or planned act: "will", «سوف», "plans to".
    Future,
    /// Negation: "not", «لم».
    Negation,
    /// Refusal: "refused to", «رفض».
    Refusal,
    /// Denial: "denied", «نفى».
    Denial,
    /// Passive agent marker: "by", «من قبل».
    PassiveAgent,
    /// Forms of "be" (English passive).
    Be,
    /// Auxiliaries and modals.
    Aux,
    /// Verbs and phrases of saying (reported speech).
    Saying,
    /// Subordinators and relative pronouns (clause boundaries).
    Subordinator,
    /// Coordinators (compound actors, coordinated clauses).
    Coordinator,
    /// Prepositions.
    Preposition,
    /// Prepositions that introduce a place, not a target.
    Locative,
    /// Prepositions that may introduce a target.
    TargetPreposition,
    /// Determiners and the like: a following dictionary verb is a noun.
    Determiner,
    /// Personal pronouns.
    Pronoun,
    /// Reciprocal phrases: "each other", «الطرفين».
    Reciprocal,
    /// Relative pronouns: "who", «الذي» (listed as subordinators too).
    Relative,
    /// Adverbs that may sit inside a verb group: "again", «قد».
    Adverb,
    /// Words in -ly that are no adverbs: "rally", "July".
    NotAdverb,
    /// Verbs of claiming: "claimed", "alleged", «زعم»: with a verb of
    /// saying, the reporting verbs of CAMEO's reported-attack convention
    /// (`coder.rs`, rule `reported_attack`).
    Claiming,
}

impl Cue {
    fn parse(kind: &str) -> Option<Self> {
        Some(match kind {
            "future" => Cue::Future,
            "negation" => Cue::Negation,
            "refusal" => Cue::Refusal,
            "denial" => Cue::Denial,
            "passive_agent" => Cue::PassiveAgent,
            "be" => Cue::Be,
            "aux" => Cue::Aux,
            "saying" => Cue::Saying,
            "subordinator" => Cue::Subordinator,
            "coordinator" => Cue::Coordinator,
            "preposition" => Cue::Preposition,
            "locative" => Cue::Locative,
            "target_preposition" => Cue::TargetPreposition,
            "determiner" => Cue::Determiner,
            "pronoun" => Cue::Pronoun,
            "reciprocal" => Cue::Reciprocal,
            "relative" => Cue::Relative,
            "adverb" => Cue::Adverb,
            "not_adverb" => Cue::NotAdverb,
            "claiming" => Cue::Claiming,
            _ => return None,
        })
    }

    /// Bit of this cue in a [`CueSet`].
    pub fn bit(self) -> u32 {
        1 << (self as u8)
    }
}

/// A set of [`Cue`]s.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CueSet(pub u32);

impl CueSet {
    /// True when `cue` is in the set.
    pub fn has(self, cue: Cue) -> bool {
        self.0 & cue.bit() != 0
    }

    /// Adds `cue`.
    pub fn add(&mut self, cue: Cue) {
        self.0 |= cue.bit();
    }
}

/// A calendar word's meaning (`calendar.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calendar {
    /// ISO weekday, 1 = Monday.
    Weekday(u32),
    /// Month, 1–12.
    Month(u32),
    /// Offset in days from the publication date.
    RelativeDay(i64),
    /// Offset of a period (approximate).
    RelativePeriod(i64),
    /// Days per unit in "N days/weeks ago".
    AgoUnit(i64),
    /// "ago", «قبل», «منذ».
    AgoMarker,
    /// «الجاري»: the publication month.
    MonthCurrent,
    /// Cardinal number word.
    Number(u32),
    /// Ordinal day word.
    Ordinal(u32),
}

/// Phrases (lists of normalised words) → values, matched longest first at a
/// word position.
#[derive(Debug, Clone)]
pub struct PhraseTable<T> {
    by_first: HashMap<String, Vec<(Vec<String>, T)>, foldhash::fast::RandomState>,
}

impl<T> Default for PhraseTable<T> {
    fn default() -> Self {
        Self {
            by_first: HashMap::default(),
        }
    }
}

impl<T: Clone> PhraseTable<T> {
    /// Adds `phrase` (already split into normalised words).
    pub fn insert(&mut self, phrase: Vec<String>, value: T) {
        let Some(first) = phrase.first().cloned() else {
            return;
        };
        let list = self.by_first.entry(first).or_default();
        list.push((phrase[1..].to_vec(), value));
        list.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
    }

    /// Every phrase starting with word `first` whose remaining words match
    /// `next` (the following words, through `eq`): (length in words, value),
    /// longest first.
    pub fn matches(
        &self,
        first: &str,
        next: &[&str],
        eq: impl Fn(&str, &str) -> bool,
    ) -> Vec<(usize, &T)> {
        self.by_first
            .get(first)
            .into_iter()
            .flatten()
            .filter(|(rest, _)| {
                rest.len() <= next.len() && rest.iter().zip(next).all(|(a, b)| eq(a, b))
            })
            .map(|(rest, v)| (rest.len() + 1, v))
            .collect()
    }

    /// True when some phrase starts with `first`.
    pub fn starts_with(&self, first: &str) -> bool {
        self.by_first.contains_key(first)
    }
}

/// An action noun row: code and its line in `nouns.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NounCode {
    /// CAMEO code.
    pub code: String,
    /// 1-based line in `nouns.tsv`.
    pub line: u32,
}

/// The word lists.
#[derive(Debug, Clone, Default)]
pub struct EventLexicon {
    /// Cue phrases.
    pub cues: PhraseTable<Cue>,
    /// Calendar words.
    pub calendar: PhraseTable<Calendar>,
    /// Action nouns; Arabic words stored as [`noun_key`] stems.
    pub nouns: PhraseTable<NounCode>,
}

fn words(text: &str) -> Vec<String> {
    normalize(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn rows(file: &str, text: &str, min_cols: usize) -> Result<Vec<(usize, Vec<String>)>, TableError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<String> = line.split('\t').map(str::to_string).collect();
        if cols.len() < min_cols {
            return Err(TableError {
                file: file.into(),
                line: i + 1,
                message: format!("expected {min_cols} tab-separated columns"),
            });
        }
        out.push((i + 1, cols));
    }
    Ok(out)
}

impl EventLexicon {
    /// The embedded lists.
    ///
    /// # Panics
    /// Never for the shipped files (a unit test parses them).
    pub fn embedded() -> Self {
        Self::parse(CUES_TSV, CALENDAR_TSV, NOUNS_TSV).expect("shipped event lexicon parses")
    }

    /// Parses the three files' texts.
    ///
    /// # Errors
    /// [`TableError`] naming the file and line of the first malformed row.
    pub fn parse(cues: &str, calendar: &str, nouns: &str) -> Result<Self, TableError> {
        let mut lex = EventLexicon::default();
        for (line, cols) in rows("cues.tsv", cues, 3)? {
            let kind = Cue::parse(&cols[0]).ok_or_else(|| TableError {
                file: "cues.tsv".into(),
                line,
                message: format!("unknown cue kind `{}`", cols[0]),
            })?;
            lex.cues.insert(words(&cols[2]), kind);
        }
        for (line, cols) in rows("calendar.tsv", calendar, 4)? {
            let bad = |m: &str| TableError {
                file: "calendar.tsv".into(),
                line,
                message: m.to_string(),
            };
            let v: i64 = cols[2].parse().map_err(|_| bad("value is not a number"))?;
            let u = u32::try_from(v).unwrap_or(0);
            let value = match cols[0].as_str() {
                "weekday" => Calendar::Weekday(u),
                "month" => Calendar::Month(u),
                "relative_day" => Calendar::RelativeDay(v),
                "relative_period" => Calendar::RelativePeriod(v),
                "ago_unit" => Calendar::AgoUnit(v),
                "ago_marker" => Calendar::AgoMarker,
                "month_current" => Calendar::MonthCurrent,
                "number" => Calendar::Number(u),
                "ordinal" => Calendar::Ordinal(u),
                _ => return Err(bad("unknown calendar kind")),
            };
            lex.calendar.insert(words(&cols[3]), value);
        }
        for (line, cols) in rows("nouns.tsv", nouns, 3)? {
            let ws: Vec<String> = words(&cols[1])
                .iter()
                .map(|w| noun_key(w).to_string())
                .collect();
            lex.nouns.insert(
                ws,
                NounCode {
                    code: cols[2].clone(),
                    line: line as u32,
                },
            );
        }
        Ok(lex)
    }

    /// Cues of the phrases starting at word `i` of `words` (normalised):
    /// (length in words, cue). A leading Arabic conjunction و/ف on the first
    /// word is tolerated (`وقال`).
    pub fn cues_at(&self, words: &[&str], i: usize) -> Vec<(usize, Cue)> {
        let mut out: Vec<(usize, Cue)> = Vec::new();
        let next = &words[i + 1..];
        let mut push = |first: &str| {
            for (n, c) in self.cues.matches(first, next, |a, b| a == b) {
                if !out.contains(&(n, *c)) {
                    out.push((n, *c));
                }
            }
        };
        push(words[i]);
        if let Some(rest) = words[i].strip_prefix(crate::nlp::arabic::CONJUNCTIONS)
            && rest.chars().count() >= 2
        {
            push(rest);
        }
        out
    }

    /// The stems of `word` that begin an action noun (usually none).
    pub fn noun_firsts(&self, word: &str) -> Vec<String> {
        let mut firsts: Vec<String> = Vec::new();
        noun_stems(word, &mut String::new(), &mut |s| {
            if self.nouns.starts_with(s) && !firsts.iter().any(|f| f == s) {
                firsts.push(s.to_string());
            }
        });
        firsts
    }

    /// [`EventLexicon::noun_firsts`] from the word's stems already taken
    /// ([`super::morphology::NounStemCache`]: de-duplicated, in the order
    /// [`noun_stems`] gives them, so the result is the same).
    pub fn noun_firsts_of(&self, stems: &[String]) -> Vec<String> {
        stems
            .iter()
            .filter(|s| self.nouns.starts_with(s))
            .cloned()
            .collect()
    }

    /// Action nouns starting at word `i` whose first word has the stems
    /// `firsts` ([`EventLexicon::noun_firsts`]).
    pub fn nouns_from(
        &self,
        words: &[&str],
        i: usize,
        firsts: &[String],
    ) -> Vec<(usize, &NounCode)> {
        let mut out: Vec<(usize, &NounCode)> = Vec::new();
        let next = &words[i + 1..];
        let eq = |a: &str, b: &str| {
            if a == b {
                return true;
            }
            let mut hit = false;
            noun_stems(b, &mut String::new(), &mut |s| hit |= s == a);
            hit
        };
        for first in firsts {
            for (n, v) in self.nouns.matches(first, next, eq) {
                out.push((n, v));
            }
        }
        out.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
        out
    }

    /// Action nouns starting at word `i`: (length, noun code). Arabic words
    /// are compared by stem (article, clitics, plural endings removed).
    pub fn nouns_at(&self, words: &[&str], i: usize) -> Vec<(usize, &NounCode)> {
        let mut out: Vec<(usize, &NounCode)> = Vec::new();
        let next = &words[i + 1..];
        let eq = |a: &str, b: &str| {
            if a == b {
                return true;
            }
            let mut hit = false;
            noun_stems(b, &mut String::new(), &mut |s| hit |= s == a);
            hit
        };
        for first in &self.noun_firsts(words[i]) {
            for (n, v) in self.nouns.matches(first, next, eq) {
                out.push((n, v));
            }
        }
        out.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lists_parse() {
        let lex = EventLexicon::embedded();
        let w = ["according", "to", "officials"];
        let hits = lex.cues_at(&w, 0);
        assert!(hits.contains(&(2, Cue::Saying)), "{hits:?}");
        let w = ["وقال", "المتحدث"];
        assert!(lex.cues_at(&w, 0).contains(&(1, Cue::Saying)));
        let n = normalize("من قبل");
        let w: Vec<&str> = n.split(' ').collect();
        assert!(lex.cues_at(&w, 0).contains(&(2, Cue::PassiveAgent)));
    }

    #[test]
    fn action_nouns_match_by_stem_longest_first() {
        let lex = EventLexicon::embedded();
        let text = normalize("وقف إطلاق النار بين الطرفين");
        let w: Vec<&str> = text.split(' ').collect();
        let hits = lex.nouns_at(&w, 0);
        assert_eq!(hits[0].0, 3);
        assert_eq!(hits[0].1.code, "0871");
        let text = normalize("هجوماً برياً");
        let w: Vec<&str> = text.split(' ').collect();
        assert_eq!(lex.nouns_at(&w, 0)[0].1.code, "190");
        let text = normalize("بالغارات الجوية");
        let w: Vec<&str> = text.split(' ').collect();
        assert_eq!(lex.nouns_at(&w, 0)[0].1.code, "195");
    }

    #[test]
    fn calendar_words() {
        let lex = EventLexicon::embedded();
        let text = normalize("الحادي عشر من نيسان");
        let w: Vec<&str> = text.split(' ').collect();
        let hit = lex.calendar.matches(w[0], &w[1..], |a, b| a == b);
        assert_eq!(hit[0], (2, &Calendar::Ordinal(11)));
    }

    #[test]
    fn malformed_rows_are_reported() {
        let err = EventLexicon::parse("nonsense\ten\tx\n", "", "").unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("cues.tsv", 1));
        assert!(EventLexicon::parse("", "weekday\ten\tx\tmonday\n", "").is_err());
    }
}
