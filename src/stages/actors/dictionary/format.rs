//! Our TOML dictionary format (`data/actors/FORMAT.md`): the file's raw
//! shape as serde reads it, and its validation into [`ActorEntry`] and
//! [`AgentEntry`] values (ids, codes, dates, names, `unsure` facts).

use chrono::NaiveDate;
use serde::Deserialize;

use crate::article::ActorKind;

use super::{ActorEntry, ActorsError, AgentEntry, AgentKind, CodeRule, Names};

/// `YYYY-MM-DD`, as dictionary files write dates.
pub(super) fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    #[serde(default)]
    pub(super) actor: Vec<RawActor>,
    #[serde(default)]
    pub(super) agent: Vec<RawAgent>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawActor {
    id: String,
    name: String,
    kind: ActorKind,
    country: Option<String>,
    #[serde(default)]
    ar: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
    #[serde(default)]
    fr: Vec<String>,
    #[serde(default)]
    codes: Vec<RawCode>,
    role: Option<String>,
    #[serde(default)]
    unsure: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCode {
    code: String,
    from: Option<String>,
    until: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAgent {
    label: String,
    role: Option<String>,
    kind: AgentKind,
    #[serde(default)]
    ar: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
    #[serde(default)]
    fr: Vec<String>,
}

const UNSURE_FACTS: &[&str] = &["id", "names", "codes", "dates", "kind", "country"];

/// True for a CAMEO-style code: 3 or more ASCII uppercase letters or digits.
pub(crate) fn valid_code(code: &str) -> bool {
    code.len() >= 3
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn valid_alpha3(c: &str) -> bool {
    c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())
}

fn valid_id(id: &str) -> bool {
    let wikidata = id
        .strip_prefix('Q')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let local = id.strip_prefix("ne:").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b':')
    });
    wikidata || local
}

fn clean_names(names: Vec<String>) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for n in names {
        let t = n.trim();
        if t.is_empty() {
            return Err("empty name".to_owned());
        }
        if !out.iter().any(|o| o == t) {
            out.push(t.to_owned());
        }
    }
    Ok(out)
}

/// The names of an actor or agent entry, each language's list trimmed and
/// de-duplicated ([`clean_names`]); `none` is the problem reported when all
/// three lists are empty.
fn build_names(
    ar: Vec<String>,
    en: Vec<String>,
    fr: Vec<String>,
    none: &str,
) -> Result<Names, String> {
    let names = Names {
        ar: clean_names(ar)?,
        en: clean_names(en)?,
        fr: clean_names(fr)?,
    };
    if names.is_empty() {
        return Err(none.to_owned());
    }
    Ok(names)
}

impl RawActor {
    pub(super) fn validate(self, file: &str) -> Result<ActorEntry, ActorsError> {
        let entry_name = if self.id.is_empty() {
            self.name.clone()
        } else {
            self.id.clone()
        };
        let err = |problem: String| ActorsError::Invalid {
            file: file.to_owned(),
            what: "actor",
            entry: entry_name.clone(),
            problem,
        };
        if !valid_id(&self.id) {
            return Err(err(format!(
                "id `{}` is neither a Wikidata ID (Q123) nor a local id (ne:lowercase-words)",
                self.id
            )));
        }
        if self.name.trim().is_empty() {
            return Err(err("empty canonical name".to_owned()));
        }
        if self.kind == ActorKind::Group {
            return Err(err(
                "kind `group` is for agent phrases, not dictionary entries".to_owned(),
            ));
        }
        if let Some(c) = &self.country
            && !valid_alpha3(c)
        {
            return Err(err(format!(
                "country `{c}` is not an ISO 3166-1 alpha-3 code"
            )));
        }
        let names =
            build_names(self.ar, self.en, self.fr, "no names in ar, en or fr").map_err(&err)?;
        let mut codes = Vec::with_capacity(self.codes.len());
        for c in self.codes {
            if !valid_code(&c.code) {
                return Err(err(format!(
                    "code `{}` is not a CAMEO-style code (A-Z, 0-9)",
                    c.code
                )));
            }
            let date = |s: Option<String>, key: &str| -> Result<Option<NaiveDate>, ActorsError> {
                s.map(|s| {
                    parse_iso_date(&s).ok_or_else(|| {
                        err(format!("code `{}`: {key} `{s}` is not YYYY-MM-DD", c.code))
                    })
                })
                .transpose()
            };
            let from = date(c.from, "from")?;
            let until = date(c.until, "until")?;
            if let (Some(f), Some(u)) = (from, until)
                && f >= u
            {
                return Err(err(format!(
                    "code `{}`: from {f} is not before until {u}",
                    c.code
                )));
            }
            codes.push(CodeRule {
                code: c.code,
                from,
                until,
            });
        }
        if codes.iter().filter(|c| c.is_default()).count() > 1 {
            return Err(err("more than one undated (default) code".to_owned()));
        }
        if let Some(u) = self
            .unsure
            .iter()
            .find(|u| !UNSURE_FACTS.contains(&u.as_str()))
        {
            return Err(err(format!(
                "unsure `{u}` is not one of {}",
                UNSURE_FACTS.join(", ")
            )));
        }
        Ok(ActorEntry {
            id: self.id,
            name: self.name.trim().to_owned(),
            kind: self.kind,
            country: self.country,
            names,
            codes,
            role: self.role,
            unsure: self.unsure,
            origin: file.to_owned(),
        })
    }
}

impl RawAgent {
    pub(super) fn validate(self, file: &str) -> Result<AgentEntry, ActorsError> {
        let err = |problem: String| ActorsError::Invalid {
            file: file.to_owned(),
            what: "agent",
            entry: self.label.clone(),
            problem,
        };
        if self.label.trim().is_empty() {
            return Err(err("empty label".to_owned()));
        }
        if let Some(r) = &self.role
            && !valid_code(r)
        {
            return Err(err(format!("role `{r}` is not a CAMEO role code (A-Z)")));
        }
        let names =
            build_names(self.ar, self.en, self.fr, "no phrases in ar, en or fr").map_err(&err)?;
        Ok(AgentEntry {
            label: self.label,
            role: self.role,
            prefix: false,
            kind: self.kind,
            names,
            common_noun: false,
            origin: file.to_owned(),
        })
    }
}
