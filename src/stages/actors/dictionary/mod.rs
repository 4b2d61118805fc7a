//! The actor dictionary: entries read from our TOML format
//! (`data/actors/FORMAT.md`) and from PETRARCH files ([`super::petrarch`]),
//! validated, with date-restricted codes resolved against a publication date.
//!
//! Loaded once at start-up into an immutable value shared by the workers.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::article::ActorKind;

mod format;

use format::RawFile;
pub(crate) use format::valid_code;

/// One code line of an entry: a CAMEO-style code, optionally restricted to
/// dates `from..until` (start-inclusive, end-exclusive, PETRARCH2 semantics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRule {
    /// CAMEO-style code, e.g. `EGYGOV`, `IGOUNO`.
    pub code: String,
    /// First day the code applies, inclusive; `None` = since always.
    pub from: Option<NaiveDate>,
    /// First day the code no longer applies; `None` = still applies.
    pub until: Option<NaiveDate>,
}

impl CodeRule {
    /// True for a code without any date restriction (the default).
    pub fn is_default(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }

    /// True when `date` lies in `from..until`.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| date >= f) && self.until.is_none_or(|u| date < u)
    }

    /// The rule as written in output `date_rule`: `2014-06-08..`,
    /// `..2012-08-12`, `2012-08-12..2014-03-26`, or `default`.
    pub fn describe(&self) -> String {
        match (self.from, self.until) {
            (None, None) => "default".to_owned(),
            (f, u) => format!(
                "{}..{}",
                f.map(|d| d.to_string()).unwrap_or_default(),
                u.map(|d| d.to_string()).unwrap_or_default()
            ),
        }
    }
}

/// The code that applies to an actor on a given date, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedCode<'a> {
    /// The applying rule.
    pub rule: &'a CodeRule,
    /// How it was chosen: `dated` (its range holds the date), `default`
    /// (undated code, no dated one matched), `latest` (no publication date
    /// and no default: the open-ended, latest-starting range).
    pub how: &'static str,
}

/// Names of an actor or agent in one language each, as written in the source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    /// Arabic names and aliases.
    #[serde(default)]
    pub ar: Vec<String>,
    /// English names and aliases.
    #[serde(default)]
    pub en: Vec<String>,
    /// French names and aliases.
    #[serde(default)]
    pub fr: Vec<String>,
}

impl Names {
    /// Every name with its language code (`ar`, `en`, `fr`).
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        let ar = self.ar.iter().map(|n| ("ar", n.as_str()));
        let en = self.en.iter().map(|n| ("en", n.as_str()));
        let fr = self.fr.iter().map(|n| ("fr", n.as_str()));
        ar.chain(en).chain(fr)
    }

    /// Total number of names.
    pub fn len(&self) -> usize {
        self.ar.len() + self.en.len() + self.fr.len()
    }

    /// True when there is no name in any language.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One actor of the dictionary.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorEntry {
    /// Wikidata ID (`Q312637`) or a stable local id (`ne:…`, `petrarch:…`).
    pub id: String,
    /// Canonical English name.
    pub name: String,
    /// What the actor is.
    pub kind: ActorKind,
    /// ISO 3166-1 alpha-3, `None` for IGOs and stateless groups.
    pub country: Option<String>,
    /// Names and aliases per language.
    pub names: Names,
    /// Code lines in file order (PETRARCH2: first matching line wins).
    pub codes: Vec<CodeRule>,
    /// Free-text role, English (`President of Egypt`).
    pub role: Option<String>,
    /// Facts the dictionary authors marked as unsure (`id`, `names`, `codes`, `dates`).
    pub unsure: Vec<String>,
    /// File the entry came from (file name for shipped files, path otherwise).
    pub origin: String,
}

impl ActorEntry {
    /// The code that applies on `date`.
    ///
    /// Rules (PETRARCH2, `data/actors/FORMAT.md`): dated lines are tried in
    /// file order and the first whose `from..until` holds `date` wins; an
    /// undated line is the default when no dated one matches. Where we differ
    /// from PETRARCH2's code: its `check_date` returns an undated line as soon
    /// as it reaches it, so a default written on the primary line shadows
    /// every date restriction below it; we always try dated lines first, as
    /// its documentation intends. PETRARCH always has a sentence date; when
    /// we have none, the default applies, else the open-ended range that
    /// starts last (the actor's current role), else nothing.
    pub fn resolve_code(&self, date: Option<NaiveDate>) -> Option<ResolvedCode<'_>> {
        if let Some(date) = date
            && let Some(rule) = self
                .codes
                .iter()
                .find(|r| !r.is_default() && r.contains(date))
        {
            return Some(ResolvedCode { rule, how: "dated" });
        }
        if let Some(rule) = self.codes.iter().find(|r| r.is_default()) {
            return Some(ResolvedCode {
                rule,
                how: "default",
            });
        }
        if date.is_none() {
            return self
                .codes
                .iter()
                .filter(|r| r.until.is_none())
                .max_by_key(|r| r.from)
                .map(|rule| ResolvedCode {
                    rule,
                    how: "latest",
                });
        }
        None
    }

    /// True when a dated code line holds `date` (the actor had a coded role
    /// then); used to tell apart entries that share a surname.
    pub fn active_on(&self, date: NaiveDate) -> bool {
        self.codes
            .iter()
            .any(|r| !r.is_default() && r.contains(date))
    }
}

/// How an agent phrase behaves in the composition rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentKind {
    /// A title or role of one person (president, spokesman, researcher): may
    /// be followed by the person's name.
    Title,
    /// An institution (army, presidency, intelligence service).
    Body,
    /// A set of people (protesters, forces, civilians).
    Group,
}

/// A role noun or title: composes a code with a nationality adjective or a
/// known actor (`data/actors/agents.toml`, or a PETRARCH agents file).
#[derive(Debug, Clone, PartialEq)]
pub struct AgentEntry {
    /// English label used in output names (`president`, `army`).
    pub label: String,
    /// CAMEO role code (`GOV`, `MIL`, `SPY`, `OPP`, `EDU`); `None` for
    /// titles that take the role of the body they speak for (spokesman).
    pub role: Option<String>,
    /// True when the code goes before the country (PETRARCH `NGO~`).
    pub prefix: bool,
    /// How the phrase composes.
    pub kind: AgentKind,
    /// Phrases per language.
    pub names: Names,
    /// True for a PETRARCH agents file's phrase: such files write every
    /// phrase in capitals and mix common nouns ("STUDENT") with names of
    /// bodies ("SENATE", "CHAMBER_OF_DEPUTIES"), so an English match whose
    /// words are all capitalised, away from a sentence start, is a name
    /// left to the name rules, not this agent.
    pub common_noun: bool,
    /// File the entry came from.
    pub origin: String,
}

impl AgentEntry {
    /// The actor code for this agent of `country` (`EGY` + `GOV`).
    pub fn compose(&self, country: &str) -> Option<String> {
        let role = self.role.as_deref()?;
        Some(if self.prefix {
            format!("{role}{country}")
        } else {
            format!("{country}{role}")
        })
    }
}

/// Why a dictionary could not be loaded. Always the dictionary author's
/// fault: fix the named file and entry; a retry cannot help.
#[derive(Debug, thiserror::Error)]
pub enum ActorsError {
    /// The file could not be read.
    #[error("cannot read actor dictionary {}: {source}", path.display())]
    Io {
        /// The path as configured.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid TOML, or has a key the format does not know.
    #[error("{file}: {source}")]
    Toml {
        /// File name or path.
        file: String,
        /// Parser message with line and column.
        source: Box<toml::de::Error>,
    },
    /// An entry breaks a rule of `data/actors/FORMAT.md`.
    #[error("{file}: {what} `{entry}`: {problem}")]
    Invalid {
        /// File name or path.
        file: String,
        /// `actor` or `agent`.
        what: &'static str,
        /// The entry's id, or its first name.
        entry: String,
        /// What is wrong.
        problem: String,
    },
    /// Two entries share an id but disagree on a fact that cannot be merged.
    #[error(
        "actor id `{id}` is defined in {first} and in {second} with different facts: {problem}"
    )]
    Conflict {
        /// The id.
        id: String,
        /// File of the first definition.
        first: String,
        /// File of the second.
        second: String,
        /// What differs.
        problem: String,
    },
    /// A PETRARCH dictionary line could not be read.
    #[error("{file}:{line}: {problem}")]
    Petrarch {
        /// File name or path.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// A shared table (the demonym table) could not be loaded.
    #[error(transparent)]
    Lexicon(#[from] crate::lexicon::LexiconError),
}

/// Every actor and agent entry, from all loaded files.
#[derive(Debug, Clone, Default)]
pub struct ActorDictionary {
    /// Actor entries; an index into this is an actor's handle.
    pub actors: Vec<ActorEntry>,
    /// Agent entries.
    pub agents: Vec<AgentEntry>,
}

/// Size of a dictionary, for the closing note and `build_info`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DictionaryStats {
    /// Actor entries.
    pub actors: usize,
    /// Actor entries per kind.
    pub by_kind: std::collections::BTreeMap<String, usize>,
    /// Actor names per language (`ar`, `en`, `fr`).
    pub names: std::collections::BTreeMap<String, usize>,
    /// Agent entries.
    pub agents: usize,
    /// Agent phrases per language.
    pub agent_names: std::collections::BTreeMap<String, usize>,
}

impl ActorDictionary {
    /// Adds the entries of one TOML file in our format.
    ///
    /// `file` names the source in error messages.
    ///
    /// # Errors
    /// [`ActorsError::Toml`] for syntax errors and unknown keys,
    /// [`ActorsError::Invalid`] for broken rules, [`ActorsError::Conflict`]
    /// when an id is already loaded with another kind or country.
    pub fn add_toml(&mut self, file: &str, text: &str) -> Result<(), ActorsError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| ActorsError::Toml {
            file: file.to_owned(),
            source: Box::new(e),
        })?;
        for a in raw.actor {
            let entry = a.validate(file)?;
            self.push_actor(entry)?;
        }
        for a in raw.agent {
            self.agents.push(a.validate(file)?);
        }
        Ok(())
    }

    /// Reads and adds a TOML file from disk.
    ///
    /// # Errors
    /// [`ActorsError::Io`] if it cannot be read, else as [`Self::add_toml`].
    pub fn add_toml_path(&mut self, path: &Path) -> Result<(), ActorsError> {
        let text = std::fs::read_to_string(path).map_err(|source| ActorsError::Io {
            path: path.to_owned(),
            source,
        })?;
        self.add_toml(&path.display().to_string(), &text)
    }

    /// Adds one validated entry. An entry whose id is already loaded is
    /// merged into it (`data/actors/FORMAT.md`, "Same id in several files"):
    /// names are united, code lines appended after the earlier file's (so
    /// with first-match semantics the earlier file's ranges win where they
    /// overlap), role and unsure facts kept or added.
    ///
    /// # Errors
    /// [`ActorsError::Conflict`] when the two disagree on kind or country.
    pub fn push_actor(&mut self, entry: ActorEntry) -> Result<(), ActorsError> {
        let Some(prev) = self.actors.iter_mut().find(|e| e.id == entry.id) else {
            self.actors.push(entry);
            return Ok(());
        };
        if prev.kind != entry.kind || prev.country != entry.country {
            return Err(ActorsError::Conflict {
                id: entry.id,
                first: prev.origin.clone(),
                second: entry.origin,
                problem: format!(
                    "kind/country {}/{} vs {}/{}",
                    prev.kind.as_str(),
                    prev.country.as_deref().unwrap_or("-"),
                    entry.kind.as_str(),
                    entry.country.as_deref().unwrap_or("-")
                ),
            });
        }
        for (into, from) in [
            (&mut prev.names.ar, entry.names.ar),
            (&mut prev.names.en, entry.names.en),
            (&mut prev.names.fr, entry.names.fr),
        ] {
            for n in from {
                if !into.contains(&n) {
                    into.push(n);
                }
            }
        }
        for c in entry.codes {
            if !prev.codes.contains(&c) {
                prev.codes.push(c);
            }
        }
        if prev.role.is_none() {
            prev.role = entry.role;
        }
        for u in entry.unsure {
            if !prev.unsure.contains(&u) {
                prev.unsure.push(u);
            }
        }
        prev.origin = format!("{}+{}", prev.origin, entry.origin);
        Ok(())
    }

    /// Counts entries and names.
    pub fn stats(&self) -> DictionaryStats {
        let mut s = DictionaryStats {
            actors: self.actors.len(),
            agents: self.agents.len(),
            ..Default::default()
        };
        for a in &self.actors {
            *s.by_kind.entry(a.kind.as_str().to_owned()).or_default() += 1;
            for (lang, _) in a.names.iter() {
                *s.names.entry(lang.to_owned()).or_default() += 1;
            }
        }
        for a in &self.agents {
            for (lang, _) in a.names.iter() {
                *s.agent_names.entry(lang.to_owned()).or_default() += 1;
            }
        }
        s
    }

    /// Index of the entry with `id`.
    pub fn find_id(&self, id: &str) -> Option<usize> {
        self.actors.iter().position(|e| e.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::format::parse_iso_date;
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_iso_date(s).unwrap()
    }

    const SISI: &str = r#"
[[actor]]
id = "Q312637"
name = "Abdel Fattah el-Sisi"
kind = "person"
country = "EGY"
ar = ["عبد الفتاح السيسي", "السيسي"]
en = ["Abdel Fattah el-Sisi", "Sisi"]
codes = [
  { code = "EGYMIL", until = "2012-08-12" },
  { code = "EGYGOV", from = "2012-08-12", until = "2014-03-26" },
  { code = "EGYELI", from = "2014-03-26", until = "2014-06-08" },
  { code = "EGYGOV", from = "2014-06-08" },
]
"#;

    fn sisi() -> ActorEntry {
        let mut dict = ActorDictionary::default();
        dict.add_toml("test.toml", SISI).unwrap();
        dict.actors.remove(0)
    }

    #[test]
    fn ranges_are_start_inclusive_end_exclusive() {
        let e = sisi();
        let code = |s: &str| e.resolve_code(Some(d(s))).map(|r| r.rule.code.clone());
        assert_eq!(code("2012-08-11").as_deref(), Some("EGYMIL"));
        assert_eq!(code("2012-08-12").as_deref(), Some("EGYGOV"));
        assert_eq!(code("2014-06-07").as_deref(), Some("EGYELI"));
        assert_eq!(code("2014-06-08").as_deref(), Some("EGYGOV"));
        assert_eq!(code("2019-04-14").as_deref(), Some("EGYGOV"));
        assert_eq!(
            e.resolve_code(Some(d("2019-04-14")))
                .unwrap()
                .rule
                .describe(),
            "2014-06-08.."
        );
    }

    #[test]
    fn first_matching_dated_line_wins_and_default_is_a_fallback() {
        let text = r#"
[[actor]]
id = "ne:test-actor"
name = "Test"
kind = "person"
en = ["Test Person"]
codes = [
  { code = "AAAELI" },
  { code = "AAAGOV", from = "2000-01-01", until = "2010-01-01" },
  { code = "AAAMIL", from = "2005-01-01", until = "2012-01-01" },
]
"#;
        let mut dict = ActorDictionary::default();
        dict.add_toml("t.toml", text).unwrap();
        let e = &dict.actors[0];
        let r = e.resolve_code(Some(d("2006-01-01"))).unwrap();
        assert_eq!((r.rule.code.as_str(), r.how), ("AAAGOV", "dated"));
        let r = e.resolve_code(Some(d("2011-01-01"))).unwrap();
        assert_eq!(r.rule.code, "AAAMIL");
        // The default is written first but only applies when no range holds.
        let r = e.resolve_code(Some(d("2015-01-01"))).unwrap();
        assert_eq!((r.rule.code.as_str(), r.how), ("AAAELI", "default"));
        let r = e.resolve_code(None).unwrap();
        assert_eq!(
            (r.rule.code.as_str(), r.rule.describe().as_str()),
            ("AAAELI", "default")
        );
    }

    #[test]
    fn without_a_date_or_default_the_open_ended_latest_range_applies() {
        let e = sisi();
        let r = e.resolve_code(None).unwrap();
        assert_eq!((r.rule.code.as_str(), r.how), ("EGYGOV", "latest"));
        assert!(e.active_on(d("2013-01-01")));
    }

    #[test]
    fn dated_codes_only_give_nothing_outside_their_ranges() {
        let text = r#"
[[actor]]
id = "ne:old"
name = "Old"
kind = "person"
en = ["Old Ruler"]
codes = [{ code = "AAAGOV", from = "1990-01-01", until = "2000-01-01" }]
"#;
        let mut dict = ActorDictionary::default();
        dict.add_toml("t.toml", text).unwrap();
        assert!(dict.actors[0].resolve_code(Some(d("2019-04-14"))).is_none());
        assert!(!dict.actors[0].active_on(d("2019-04-14")));
    }

    fn invalid(text: &str) -> String {
        let mut dict = ActorDictionary::default();
        dict.add_toml("bad.toml", text).unwrap_err().to_string()
    }

    #[test]
    fn validation_errors_name_file_and_entry() {
        let msg = invalid(
            r#"[[actor]]
id = "Q1"
name = "X"
kind = "person"
country = "EG"
en = ["X"]
"#,
        );
        assert!(msg.starts_with("bad.toml: actor `Q1`:"), "{msg}");
        assert!(msg.contains("alpha-3"), "{msg}");

        let msg = invalid(
            r#"[[actor]]
id = "ne:x"
name = "X"
kind = "person"
en = ["X"]
codes = [{ code = "XXXGOV", from = "2014-13-01" }]
"#,
        );
        assert!(
            msg.contains("actor `ne:x`") && msg.contains("2014-13-01"),
            "{msg}"
        );

        let msg = invalid(
            r#"[[actor]]
id = "ne:x"
name = "X"
kind = "person"
en = ["X"]
codes = [{ code = "XXXGOV", from = "2014-01-01", until = "2013-01-01" }]
"#,
        );
        assert!(msg.contains("not before"), "{msg}");

        assert!(
            invalid("[[actor]]\nid = \"12\"\nname = \"X\"\nkind = \"person\"\nen = [\"X\"]\n")
                .contains("Wikidata")
        );
        assert!(
            invalid("[[actor]]\nid = \"Q1\"\nname = \"X\"\nkind = \"person\"\n")
                .contains("no names")
        );
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let msg = invalid(
            "[[actor]]\nid = \"Q1\"\nname = \"X\"\nkind = \"person\"\nen = [\"X\"]\nnmae = \"typo\"\n",
        );
        assert!(
            msg.starts_with("bad.toml:") && msg.contains("nmae"),
            "{msg}"
        );
        let msg =
            invalid("[[actor]]\nid = \"Q1\"\nname = \"X\"\nkind = \"wizard\"\nen = [\"X\"]\n");
        assert!(msg.contains("wizard"), "{msg}");
    }

    #[test]
    fn same_id_in_two_files_merges_names_and_codes() {
        let mut dict = ActorDictionary::default();
        dict.add_toml("a.toml", SISI).unwrap();
        let more = r#"
[[actor]]
id = "Q312637"
name = "Abdel Fattah el-Sisi"
kind = "person"
country = "EGY"
ar = ["السيسي", "المشير السيسي"]
codes = [{ code = "EGYGOV" }, { code = "EGYMIL", until = "2012-08-12" }]
"#;
        dict.add_toml("b.toml", more).unwrap();
        assert_eq!(dict.actors.len(), 1);
        let e = &dict.actors[0];
        assert_eq!(e.names.ar, ["عبد الفتاح السيسي", "السيسي", "المشير السيسي"]);
        assert_eq!(
            e.codes.len(),
            5,
            "the identical EGYMIL line is not repeated"
        );
        assert_eq!(e.origin, "a.toml+b.toml");
        assert_eq!(
            e.resolve_code(Some(d("2014-04-01"))).unwrap().rule.code,
            "EGYELI"
        );
        assert_eq!(
            e.resolve_code(Some(d("2030-01-01"))).unwrap().rule.code,
            "EGYGOV"
        );

        let clash = more.replace("country = \"EGY\"", "country = \"LBY\"");
        let err = dict.add_toml("c.toml", &clash).unwrap_err().to_string();
        assert!(
            err.contains("Q312637") && err.contains("a.toml+b.toml") && err.contains("c.toml"),
            "{err}"
        );
    }

    #[test]
    fn agents_compose_country_and_role() {
        let mut dict = ActorDictionary::default();
        dict.add_toml(
            "agents.toml",
            "[[agent]]\nlabel = \"president\"\nrole = \"GOV\"\nkind = \"title\"\nar = [\"الرئيس\"]\nen = [\"president\"]\n",
        )
        .unwrap();
        assert_eq!(dict.agents[0].compose("EGY").as_deref(), Some("EGYGOV"));
        let stats = dict.stats();
        assert_eq!(
            (
                stats.agents,
                stats.agent_names["ar"],
                stats.agent_names["en"]
            ),
            (1, 1, 1)
        );
    }
}
