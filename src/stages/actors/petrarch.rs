//! Reader for PETRARCH/Phoenix actor and agent dictionaries, so users can
//! bring the large public CAMEO dictionaries as additional dictionaries.
//!
//! Format (PETRARCH2 `docs/source/dictionaries.rst` and `PETRreader.py`):
//!
//! - Comments: `#` to end of line, `;` to end of line (TABARI legacy), and
//!   `<!-- … -->`, also across lines. Blank lines are skipped.
//! - Actors: a primary phrase (`ABDEL_FATTAH_AL-SISI_ [EGYGOV]`, words joined
//!   by `_` or blanks, an optional trailing `_` meaning "no plural forms"),
//!   then synonyms (`+SISI`), then indented code lines `[CODE]`,
//!   `[CODE 20140608-20180601]`, `[CODE >140608]`, `[CODE <120812]`. Dates
//!   are `YYYYMMDD` or `YYMMDD` (`YY` ≤ 30 → 20YY, else 19YY). Semantics as
//!   in PETRARCH2's `check_date`: `<d` holds before `d`, `>d` holds on and
//!   after `d`, `a-b` holds for `a ≤ date < b`. Several `[…]` groups may sit
//!   on one line. A primary phrase with no code and no code lines, or the
//!   null code `[---]`, gives no entry.
//! - Agents: `!NAME! = A, B, C` substitution sets, then
//!   `PHRASE {PLURALS} [~CODE]` (or `[CODE~]` for a code that goes before
//!   the country, e.g. `NGO~`). Without `{…}` the regular English plural
//!   (`S`, `IES` after `Y`, `ES` after `SS`) is added; `{}` adds none.
//!
//! Where we differ: PETRARCH lets a blank in a phrase skip words; we match
//! phrases as consecutive words. PETRARCH files carry no kind, language or
//! country, so an entry's kind is guessed from its code (`IGO…` → igo,
//! `…MED` → media, dated codes → person, else organization), its language
//! from its script (Arabic letters → `ar`, else `en`), its country from the
//! first three letters of its first code unless they name a non-state
//! sector (`IGO`, `NGO`, `NGM`, `IMG`, `MNC`, `UIS`, `MED`, `---`).
//! Agent phrases never start a title pattern (their files do not say which
//! are titles).

use chrono::NaiveDate;

use super::dictionary::{ActorEntry, ActorsError, AgentEntry, AgentKind, CodeRule, Names};
use crate::article::ActorKind;
use crate::lexicon::petrarch::strip_block_comments;
use crate::nlp::script::has_arabic;

/// What a PETRARCH file gave: the entries, and the lines skipped with the
/// reason (PETRARCH logs such lines and goes on; so do we, since the public
/// files hold a few, e.g. `[ARMUNR 9008223-911221]`).
#[derive(Debug)]
pub struct PetrarchRead<T> {
    /// Entries read.
    pub entries: Vec<T>,
    /// One [`ActorsError::Petrarch`] per skipped line.
    pub skipped: Vec<ActorsError>,
}

/// Code prefixes that name a sector, not a country.
const NON_STATE_PREFIXES: &[&str] = &["IGO", "NGO", "NGM", "IMG", "MNC", "UIS", "MED", "---"];

/// Removes comments: `<!-- -->` (possibly spanning lines, tracked by
/// `in_block`), `#` and `;` to end of line.
fn strip_comments(line: &str, in_block: &mut bool) -> String {
    let mut out = strip_block_comments(line, in_block);
    let cut = out.find(['#', ';']).unwrap_or(out.len());
    out.truncate(cut);
    out
}

/// `YYYYMMDD` or `YYMMDD` as PETRARCH reads them.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match s.len() {
        8 => (s[..4].parse::<i32>().ok()?, &s[4..]),
        6 => {
            let yy = s[..2].parse::<i32>().ok()?;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, rest[..2].parse().ok()?, rest[2..4].parse().ok()?)
}

/// Parses the inside of one `[...]` group of an actors file.
fn parse_code_group(inner: &str) -> Result<CodeRule, String> {
    let mut parts = inner.split_whitespace();
    let code = parts.next().ok_or("empty code brackets")?.to_uppercase();
    let restriction: String = parts.collect();
    let bad = |r: &str| format!("date restriction `{r}` is not <date, >date or date-date");
    let (from, until) = if restriction.is_empty() {
        (None, None)
    } else if let Some(d) = restriction.strip_prefix('<') {
        (None, Some(parse_date(d).ok_or_else(|| bad(&restriction))?))
    } else if let Some(d) = restriction.strip_prefix('>') {
        (Some(parse_date(d).ok_or_else(|| bad(&restriction))?), None)
    } else if let Some((a, b)) = restriction.split_once('-') {
        let a = parse_date(a).ok_or_else(|| bad(&restriction))?;
        let b = parse_date(b).ok_or_else(|| bad(&restriction))?;
        if b < a {
            return Err(format!("end date {b} is before start date {a}"));
        }
        (Some(a), Some(b))
    } else {
        return Err(bad(&restriction));
    };
    Ok(CodeRule { code, from, until })
}

/// Every `[...]` group in `s`, and the text before the first one.
fn split_brackets(s: &str) -> Result<(&str, Vec<&str>), String> {
    let head_end = s.find('[').unwrap_or(s.len());
    let mut groups = Vec::new();
    let mut rest = &s[head_end..];
    while let Some(open) = rest.find('[') {
        // `}` closes too: PETRARCH's own files have `[~ENV}`.
        let close = rest[open..].find([']', '}']).ok_or("unclosed `[`")? + open;
        groups.push(&rest[open + 1..close]);
        rest = &rest[close + 1..];
    }
    Ok((&s[..head_end], groups))
}

/// A phrase string as a name: `_` and blanks become single spaces, a
/// trailing `_` (no plurals) is dropped.
fn phrase_to_name(phrase: &str) -> String {
    phrase
        .replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn names_of(phrases: &[String]) -> Names {
    let mut names = Names::default();
    for p in phrases {
        let list = if has_arabic(p) {
            &mut names.ar
        } else {
            &mut names.en
        };
        if !list.contains(p) {
            list.push(p.clone());
        }
    }
    names
}

struct Pending {
    line: usize,
    phrases: Vec<String>,
    codes: Vec<CodeRule>,
}

fn guess_kind(codes: &[CodeRule]) -> ActorKind {
    let first = codes.first().map(|c| c.code.as_str()).unwrap_or("");
    if first.starts_with("IGO") {
        ActorKind::Igo
    } else if first.ends_with("MED") || first == "MED" {
        ActorKind::Media
    } else if codes.iter().any(|c| !c.is_default()) {
        ActorKind::Person
    } else {
        ActorKind::Organization
    }
}

fn finish(p: Pending, stem: &str, origin: &str, out: &mut Vec<ActorEntry>) {
    let codes: Vec<CodeRule> = p.codes.into_iter().filter(|c| c.code != "---").collect();
    if codes.is_empty() || p.phrases.is_empty() {
        return;
    }
    let first = &codes[0].code;
    let country = (first.len() >= 3 && !NON_STATE_PREFIXES.contains(&&first[..3]))
        .then(|| first[..3].to_owned())
        .filter(|c| c.bytes().all(|b| b.is_ascii_uppercase()));
    out.push(ActorEntry {
        id: format!("petrarch:{stem}:{}", p.line),
        name: p.phrases[0].clone(),
        kind: guess_kind(&codes),
        country,
        names: names_of(&p.phrases),
        codes,
        role: None,
        unsure: Vec::new(),
        origin: origin.to_owned(),
    });
}

/// Reads a PETRARCH actors file. `origin` names it in messages and
/// entries; entry ids are `petrarch:<stem of origin>:<line of the primary
/// phrase>`. Lines that cannot be read (a code line outside an entry, an
/// unclosed bracket, a bad code or date) are skipped and listed.
pub fn read_actors(origin: &str, text: &str) -> PetrarchRead<ActorEntry> {
    let stem = std::path::Path::new(origin)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(origin);
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let mut pending: Option<Pending> = None;
    let mut in_block = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let err = |problem: String| ActorsError::Petrarch {
            file: origin.to_owned(),
            line: line_no,
            problem,
        };
        let line = strip_comments(raw, &mut in_block);
        if line.trim().is_empty() {
            continue;
        }
        if line.contains("---STOP---") {
            break;
        }
        let parsed = split_brackets(&line).and_then(|(head, groups)| {
            let mut codes = Vec::with_capacity(groups.len());
            for g in groups {
                let rule = parse_code_group(g)?;
                if rule.code != "---" && !super::dictionary::valid_code(&rule.code) {
                    return Err(format!("code `{}` is not a CAMEO-style code", rule.code));
                }
                codes.push(rule);
            }
            Ok((head.trim(), codes))
        });
        let (head, codes) = match parsed {
            Ok(p) => p,
            Err(problem) => {
                skipped.push(err(problem));
                continue;
            }
        };
        if let Some(syn) = head.strip_prefix('+') {
            let Some(p) = pending.as_mut() else {
                skipped.push(err("synonym `+` before any primary phrase".to_owned()));
                continue;
            };
            let name = phrase_to_name(syn);
            if !name.is_empty() {
                p.phrases.push(name);
            }
            p.codes.extend(codes);
        } else if head.is_empty() {
            let Some(p) = pending.as_mut() else {
                skipped.push(err("code line before any primary phrase".to_owned()));
                continue;
            };
            p.codes.extend(codes);
        } else {
            if let Some(p) = pending.take() {
                finish(p, stem, origin, &mut out);
            }
            pending = Some(Pending {
                line: line_no,
                phrases: vec![phrase_to_name(head)],
                codes,
            });
        }
    }
    if let Some(p) = pending.take() {
        finish(p, stem, origin, &mut out);
    }
    PetrarchRead {
        entries: out,
        skipped,
    }
}

/// Regular English plural of the last word, as PETRARCH generates it.
fn regular_plural(phrase: &str) -> String {
    if let Some(stem) = phrase
        .strip_suffix('Y')
        .or_else(|| phrase.strip_suffix('y'))
    {
        format!("{stem}IES")
    } else if phrase.ends_with("SS") || phrase.ends_with("ss") {
        format!("{phrase}ES")
    } else {
        format!("{phrase}S")
    }
}

/// Reads a PETRARCH agents file. Lines without a `[code]`, with an unknown
/// `!SET!` marker or a code without `~` are skipped and listed.
pub fn read_agents(origin: &str, text: &str) -> PetrarchRead<AgentEntry> {
    let mut sets: Vec<(String, Vec<String>)> = Vec::new();
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let mut in_block = false;
    for (i, raw) in text.lines().enumerate() {
        let line = strip_comments(raw, &mut in_block);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('!')
            && let Some((marker, list)) = line.split_once('=')
            && !marker.contains('[')
        {
            let items = list
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
            sets.push((marker.trim().to_owned(), items));
            continue;
        }
        match agent_line(line, &sets) {
            Ok(entry) => out.push(AgentEntry {
                origin: origin.to_owned(),
                ..entry
            }),
            Err(problem) => skipped.push(ActorsError::Petrarch {
                file: origin.to_owned(),
                line: i + 1,
                problem,
            }),
        }
    }
    PetrarchRead {
        entries: out,
        skipped,
    }
}

/// One agents-file line (not a set definition) as an entry without origin.
fn agent_line(line: &str, sets: &[(String, Vec<String>)]) -> Result<AgentEntry, String> {
    let (head, groups) = split_brackets(line)?;
    let code = groups.first().ok_or("agent line without `[code]`")?.trim();
    let (role, prefix) = if let Some(r) = code.strip_prefix('~') {
        (
            r.split_whitespace().next().unwrap_or("").to_uppercase(),
            false,
        )
    } else if let Some(r) = code.strip_suffix('~') {
        (r.trim().to_uppercase(), true)
    } else {
        return Err(format!("agent code `{code}` has no `~`"));
    };
    if role.is_empty()
        || !role
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return Err(format!("agent code `{code}` is not a CAMEO role code"));
    }
    let (phrase, plurals) = match head.split_once('{') {
        Some((p, rest)) => {
            let inner = rest.split_once('}').ok_or("unclosed `{`")?.0;
            (
                p.trim(),
                Some(
                    inner
                        .split_whitespace()
                        .map(str::to_owned)
                        .collect::<Vec<_>>(),
                ),
            )
        }
        None => (head.trim(), None),
    };
    if phrase.is_empty() {
        return Err("agent line without a phrase".to_owned());
    }
    let mut forms = vec![phrase.to_owned()];
    match plurals {
        Some(p) => forms.extend(p),
        None if !phrase.ends_with('_') && !phrase.contains('!') && !has_arabic(phrase) => {
            forms.push(regular_plural(phrase))
        }
        None => {}
    }
    let mut expanded = Vec::new();
    for f in forms {
        expand_sets(&f, sets, &mut expanded)?;
    }
    let phrases: Vec<String> = expanded
        .iter()
        .map(|p| phrase_to_name(p))
        .filter(|p| !p.is_empty())
        .collect();
    Ok(AgentEntry {
        label: phrase_to_name(phrase).to_lowercase(),
        role: Some(role),
        prefix,
        kind: AgentKind::Group,
        names: names_of(&phrases),
        common_noun: true,
        origin: String::new(),
    })
}

/// Substitutes every `!SET!` marker with each member of its set.
fn expand_sets(
    phrase: &str,
    sets: &[(String, Vec<String>)],
    out: &mut Vec<String>,
) -> Result<(), String> {
    let Some(start) = phrase.find('!') else {
        out.push(phrase.to_owned());
        return Ok(());
    };
    let end = phrase[start + 1..].find('!').ok_or("unclosed `!` marker")? + start + 1;
    let marker = &phrase[start..=end];
    let (_, items) = sets
        .iter()
        .find(|(m, _)| m == marker)
        .ok_or_else(|| format!("unknown substitution set {marker}"))?;
    for item in items {
        let replaced = format!("{}{}{}", &phrase[..start], item, &phrase[end + 1..]);
        expand_sets(&replaced, sets, out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTORS: &str = include_str!("testdata/petrarch/fixture.actors.txt");
    const AGENTS: &str = include_str!("testdata/petrarch/fixture.agents.txt");

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn reads_entries_synonyms_and_dated_code_lines() {
        let actors = read_actors("fixture.actors.txt", ACTORS).entries;
        let sisi = actors
            .iter()
            .find(|a| a.name == "ABDEL FATTAH AL-SISI")
            .expect("sisi entry");
        assert_eq!(
            sisi.names.en,
            ["ABDEL FATTAH AL-SISI", "ABDEL FATTAH EL-SISI"]
        );
        assert_eq!(sisi.country.as_deref(), Some("EGY"));
        assert_eq!(sisi.kind, ActorKind::Person);
        assert_eq!(sisi.codes.len(), 3);
        assert_eq!(
            sisi.codes[0],
            CodeRule {
                code: "EGYMIL".into(),
                from: None,
                until: d(2012, 8, 12)
            }
        );
        assert_eq!(sisi.codes[1].from, d(2012, 8, 12));
        assert_eq!(sisi.codes[1].until, d(2014, 3, 26));
        assert_eq!(
            sisi.codes[2],
            CodeRule {
                code: "EGYGOV".into(),
                from: d(2014, 6, 8),
                until: None
            }
        );
        let code = |date| sisi.resolve_code(date).map(|r| r.rule.code.as_str());
        assert_eq!(code(d(2012, 8, 11)), Some("EGYMIL"));
        assert_eq!(code(d(2014, 6, 8)), Some("EGYGOV"));
        assert_eq!(code(d(2014, 4, 1)), None);
    }

    #[test]
    fn comments_defaults_arabic_and_null_codes() {
        let actors = read_actors("fixture.actors.txt", ACTORS).entries;
        let names: Vec<&str> = actors.iter().map(|a| a.name.as_str()).collect();
        assert!(!names.contains(&"COMMENTED OUT ACTOR"), "{names:?}");
        assert!(
            !names.contains(&"NOBODY"),
            "null code gives no entry: {names:?}"
        );
        let un = actors.iter().find(|a| a.name == "UNITED NATIONS").unwrap();
        assert_eq!((un.kind, un.country.as_deref()), (ActorKind::Igo, None));
        assert_eq!(un.names.en, ["UNITED NATIONS", "UN"]);
        let haftar = actors
            .iter()
            .find(|a| a.names.ar.iter().any(|n| n == "خليفة حفتر"))
            .unwrap();
        assert_eq!(haftar.names.ar, ["خليفة حفتر", "حفتر"]);
        // Default on the primary line, dated line below: the dated line wins
        // inside its range (PETRARCH2's check_date would return the default).
        assert_eq!(
            haftar.resolve_code(d(2019, 4, 14)).unwrap().rule.code,
            "LBYMIL"
        );
        assert_eq!(
            haftar.resolve_code(d(2010, 1, 1)).unwrap().rule.code,
            "LBYELI"
        );
        // Two groups on one line.
        let solana = actors.iter().find(|a| a.name == "JAVIER SOLANA").unwrap();
        assert_eq!(solana.codes.len(), 2);
        assert_eq!(
            solana.resolve_code(d(1998, 1, 1)).unwrap().rule.code,
            "IGOWSTNAT"
        );
        assert!(
            actors
                .iter()
                .all(|a| a.id.starts_with("petrarch:fixture.actors:"))
        );
    }

    #[test]
    fn bad_lines_are_skipped_and_reported_with_their_line_number() {
        let read = read_actors(
            "x.txt",
            "FOO_ [ABC]\n\t[ABCGOV 2014-]\n\t[ABCMIL >20140101]\nBAR [XYZ\nBAZ [pse]\n",
        );
        let msgs: Vec<String> = read.skipped.iter().map(|e| e.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].starts_with("x.txt:2:"), "{msgs:?}");
        assert!(
            msgs[1].starts_with("x.txt:4:") && msgs[1].contains("unclosed"),
            "{msgs:?}"
        );
        // The good lines around them are kept; codes are upper-cased.
        assert_eq!(read.entries.len(), 2);
        assert_eq!(read.entries[0].codes.len(), 2);
        assert_eq!(read.entries[1].codes[0].code, "PSE");
        let read = read_actors("x.txt", "\t[ABCGOV]\n");
        assert!(read.skipped[0].to_string().contains("before any primary"));
    }

    #[test]
    fn agents_expand_sets_and_plurals() {
        let agents = read_agents("fixture.agents.txt", AGENTS).entries;
        let find = |label: &str| {
            agents
                .iter()
                .find(|a| a.label == label)
                .unwrap_or_else(|| panic!("{label}"))
        };
        let pres = find("president");
        assert_eq!(pres.names.en, ["PRESIDENT", "PRESIDENTS"]);
        assert_eq!(pres.compose("EGY").as_deref(), Some("EGYGOV"));
        let police = find("police");
        assert_eq!(police.names.en, ["POLICE"]);
        assert_eq!(police.role.as_deref(), Some("COP"));
        let army = find("army");
        assert_eq!(army.names.en, ["ARMY", "ARMIES"]);
        let ministry = find("!minist! of defence");
        assert_eq!(ministry.names.en.len(), 4);
        assert!(
            ministry
                .names
                .en
                .contains(&"MINISTRIES OF DEFENCE".to_owned())
        );
        let ngo = find("human rights body");
        assert!(ngo.prefix);
        assert_eq!(ngo.compose("EGY").as_deref(), Some("NGOEGY"));
        let ar = find("متظاهر");
        assert_eq!(ar.names.ar, ["متظاهر"]);
        assert_eq!(ar.role.as_deref(), Some("OPP"));
        let read = read_agents("a.txt", "!X!_BOSS [~GOV]\nDEPARTMENT [~ENV}\n");
        let err = read.skipped[0].to_string();
        assert!(err.starts_with("a.txt:1:") && err.contains("!X!"), "{err}");
        assert_eq!(
            read.entries[0].role.as_deref(),
            Some("ENV"),
            "a `}}` typo still closes the code"
        );
    }
}
