//! Agent composition at the event's participants (`[events] agents`): when
//! the actors stage left a bare three-letter code on a mention that a role
//! noun of a PETRARCH agents file qualifies, the participant takes the
//! composed code, as PETRARCH codes it:
//!
//! - a role right after the actor, possessive or not, with up to two
//!   lower-case modifiers between: "the Calenardhon government", "Gondor's
//!   main opposition group", "Arnor's foreign minister" (`CAL` + `GOV`);
//! - a role right before a person, as a title: "Bree Prime Minister
//!   Romendacil"; a possessor or actor right before the title gives the
//!   country ("Ithilen's awful minister Calimehtar" → `ITH` + `GOV`), else
//!   the person's own code.
//!
//! The actors stage composes roles with the countries of its lexicon
//! (`EGY` + "president"); this step is for actor dictionaries whose
//! countries the lexicon does not know (a user's own, PETRARCH's
//! validation set), and only for English words. A code that is not three
//! upper-case letters (already composed, or a sector code) is left alone.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::dictionary::DictionaryError;
use super::lexicon::{Cue, EventLexicon};
use super::words::{EntityKind, Sentence};
use crate::lexicon::petrarch::strip_block_comments;

/// Role phrases by their first word: (the phrase's words, the role code,
/// true when the code goes before the country as in `NGO~`).
#[derive(Debug, Default)]
pub struct Agents {
    by_first: HashMap<String, Vec<(Vec<String>, String, bool)>>,
}

/// Lower-case modifiers allowed between an actor and its role ("main", "awful and evil").
const MAX_MODIFIERS: usize = 3;

impl Agents {
    /// Reads PETRARCH agents files; lines the reader skips are logged with
    /// their file and line.
    ///
    /// # Errors
    /// [`DictionaryError::Io`] naming a file that cannot be read.
    pub fn from_files(paths: &[PathBuf]) -> Result<Self, DictionaryError> {
        let mut agents = Agents::default();
        for p in paths {
            agents.add_file(p)?;
        }
        Ok(agents)
    }

    fn add_file(&mut self, path: &Path) -> Result<(), DictionaryError> {
        let text = std::fs::read_to_string(path).map_err(|source| DictionaryError::Io {
            path: path.to_owned(),
            source,
        })?;
        let skipped = self.add_text(&path.display().to_string(), &text);
        if let Some(first) = skipped.first() {
            tracing::warn!(
                file = %path.display(),
                skipped = skipped.len(),
                first = %first,
                "Agents file lines skipped."
            );
        }
        Ok(())
    }

    /// Reads one PETRARCH agents file's text (`PHRASE {PLURALS} [~ROLE]`,
    /// `[ROLE~]` for a code before the country, `!SET! = A, B` sets, `#`
    /// and `<!-- -->` comments, `_` between words; without `{…}` a regular
    /// plural is added unless the phrase ends in `_`). Returns the skipped
    /// lines as `file:line: problem`.
    fn add_text(&mut self, file: &str, text: &str) -> Vec<String> {
        let mut sets: Vec<(String, Vec<String>)> = Vec::new();
        let mut skipped = Vec::new();
        let mut in_block = false;
        for (i, raw) in text.lines().enumerate() {
            let line = strip_comments(raw, &mut in_block);
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if line.starts_with('!')
                && !line.contains('[')
                && let Some((marker, list)) = line.split_once('=')
            {
                let items = list
                    .split(',')
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect();
                sets.push((marker.trim().to_string(), items));
                continue;
            }
            match agent_line(line, &sets) {
                Ok((phrases, role, prefix)) => {
                    for words in phrases {
                        let Some(first) = words.first().cloned() else {
                            continue;
                        };
                        let list = self.by_first.entry(first).or_default();
                        if !list.iter().any(|(w, _, _)| *w == words) {
                            list.push((words, role.clone(), prefix));
                        }
                    }
                }
                Err(problem) => skipped.push(format!("{file}:{}: {problem}", i + 1)),
            }
        }
        skipped
    }

    /// True when no file was read.
    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// The longest role phrase starting at word `i` of `s` that no entity
    /// covers: (its length, role, prefix).
    fn at(&self, s: &Sentence<'_>, i: usize) -> Option<(usize, &str, bool)> {
        let w = s.words.get(i)?;
        if !w.latin || w.entity.is_some() {
            return None;
        }
        self.by_first
            .get(w.norm)?
            .iter()
            .filter(|(words, _, _)| {
                i + words.len() <= s.words.len()
                    && words.iter().enumerate().all(|(k, x)| {
                        let t = &s.words[i + k];
                        t.entity.is_none() && t.norm == x
                    })
            })
            .max_by_key(|(words, _, _)| words.len())
            .map(|(words, role, prefix)| (words.len(), role.as_str(), *prefix))
    }

    /// A role phrase that starts at `i` after at most [`MAX_MODIFIERS`]
    /// lower-case, unpunctuated words: (its start, length, role, prefix).
    fn after_modifiers(
        &self,
        s: &Sentence<'_>,
        lex: &EventLexicon,
        i: usize,
    ) -> Option<(usize, usize, &str, bool)> {
        let mut j = i;
        while j < s.words.len() && j <= i + MAX_MODIFIERS {
            if s.words[j].punct_before != super::words::Punct::None {
                return None;
            }
            if let Some((len, role, prefix)) = self.at(s, j) {
                return Some((j, len, role, prefix));
            }
            if !modifier(s, lex, j, false) {
                return None;
            }
            j += 1;
        }
        None
    }

    /// Composes the codes of `s`'s actors that a role qualifies (module
    /// doc).
    pub fn compose(&self, s: &mut Sentence<'_>, lex: &EventLexicon) {
        if self.is_empty() {
            return;
        }
        let mut composed: Vec<(usize, String)> = Vec::new();
        for (k, e) in s.entities.iter().enumerate() {
            if e.kind != EntityKind::Actor || !bare(e.code.as_deref()) {
                continue;
            }
            let code = e.code.as_deref().unwrap_or_default();
            if !s.words[e.words.start].latin {
                continue;
            }
            // The role after the actor.
            if let Some((_, _, role, prefix)) = self.after_modifiers(s, lex, e.words.end) {
                composed.push((k, join(code, role, prefix)));
                continue;
            }
            // The role before a person, as a title.
            if let Some((country, role, prefix)) = self.title_before(s, lex, e.words.start) {
                composed.push((k, join(country.unwrap_or(code), role, prefix)));
            }
        }
        for (k, code) in composed {
            s.entities[k].code = Some(code);
        }
    }

    /// A title phrase ending right before word `start`: the code of a bare
    /// actor right before it (possessive, or adjacent), and its role.
    fn title_before<'s>(
        &'s self,
        s: &'s Sentence<'_>,
        lex: &EventLexicon,
        start: usize,
    ) -> Option<(Option<&'s str>, &'s str, bool)> {
        // Role phrases end at start - 1; try each start up to four words back.
        let (from, role, prefix) = (start.saturating_sub(4)..start).find_map(|j| {
            self.at(s, j)
                .filter(|&(len, _, _)| j + len == start)
                .map(|(_, r, p)| (j, r, p))
        })?;
        if s.words[start].punct_before != super::words::Punct::None {
            return None;
        }
        // Back over modifiers to an actor.
        let mut j = from;
        let mut skipped = 0;
        while j > 0 && skipped <= MAX_MODIFIERS {
            let w = &s.words[j - 1];
            if let Some(k) = w.entity {
                let e = &s.entities[k];
                let country = e
                    .code
                    .as_deref()
                    .filter(|&c| e.kind == EntityKind::Actor && bare(Some(c)));
                return Some((country, role, prefix));
            }
            if !modifier(s, lex, j - 1, true)
                || s.words[j].punct_before != super::words::Punct::None
            {
                break;
            }
            j -= 1;
            skipped += 1;
        }
        Some((None, role, prefix))
    }
}

/// `line` without its `#` comment and `<!-- -->` blocks (which may span
/// lines: `in_block`).
fn strip_comments(line: &str, in_block: &mut bool) -> String {
    let mut out = strip_block_comments(line, in_block);
    out.truncate(out.find('#').unwrap_or(out.len()));
    out
}

/// One agent line: its phrases (normalised words), role and prefix flag.
fn agent_line(
    line: &str,
    sets: &[(String, Vec<String>)],
) -> Result<(Vec<Vec<String>>, String, bool), String> {
    let open = line.find('[').ok_or("agent line without `[code]`")?;
    let close = line[open..].find(']').ok_or("unclosed `[`")? + open;
    let code = line[open + 1..close].trim();
    let (role, prefix) = match (code.strip_prefix('~'), code.strip_suffix('~')) {
        (Some(r), _) => (r.trim(), false),
        (None, Some(r)) => (r.trim(), true),
        _ => return Err(format!("agent code `{code}` has no `~`")),
    };
    if role.is_empty() || !role.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(format!("agent code `{code}` is not a CAMEO role code"));
    }
    let head = &line[..open];
    let (phrase, plurals) = match head.split_once('{') {
        Some((p, rest)) => {
            let inner = rest.split_once('}').ok_or("unclosed `{`")?.0;
            (p.trim(), Some(inner.split_whitespace().collect::<Vec<_>>()))
        }
        None => (head.trim(), None),
    };
    if phrase.is_empty() {
        return Err("agent line without a phrase".into());
    }
    let mut forms = vec![phrase.to_string()];
    match plurals {
        Some(p) => forms.extend(p.into_iter().map(str::to_string)),
        None if !phrase.ends_with('_') && !phrase.contains('!') => {
            forms.push(regular_plural(phrase))
        }
        None => {}
    }
    let mut expanded = Vec::new();
    for f in forms {
        expand_sets(&f, sets, &mut expanded)?;
    }
    let phrases = expanded
        .iter()
        .map(|p| {
            p.replace('_', " ")
                .split_whitespace()
                .map(crate::nlp::normalize)
                .collect::<Vec<_>>()
        })
        .filter(|w: &Vec<String>| !w.is_empty())
        .collect();
    Ok((phrases, role.to_uppercase(), prefix))
}

/// PETRARCH's regular plural of a phrase (`…Y` → `…IES`, `…SS` → `…SSES`,
/// else `…S`).
fn regular_plural(phrase: &str) -> String {
    if let Some(stem) = phrase.strip_suffix(['Y', 'y']) {
        format!("{stem}IES")
    } else if phrase.ends_with("SS") || phrase.ends_with("ss") {
        format!("{phrase}ES")
    } else {
        format!("{phrase}S")
    }
}

/// `phrase` with each `!SET!` marker replaced by each member of its set.
fn expand_sets(
    phrase: &str,
    sets: &[(String, Vec<String>)],
    out: &mut Vec<String>,
) -> Result<(), String> {
    let Some(start) = phrase.find('!') else {
        out.push(phrase.to_string());
        return Ok(());
    };
    let end = phrase[start + 1..]
        .find('!')
        .map(|k| start + 1 + k)
        .ok_or("unclosed `!` marker")?;
    let marker = &phrase[start..=end];
    let (_, members) = sets
        .iter()
        .find(|(m, _)| m == marker)
        .ok_or_else(|| format!("unknown set `{marker}`"))?;
    for m in members {
        let p = format!("{}{m}{}", &phrase[..start], &phrase[end + 1..]);
        expand_sets(&p, sets, out)?;
    }
    Ok(())
}

/// A lower-case English adjective-like word at `i`: no entity, no function
/// word of `cues.tsv` (a coordinator only when `and_ok`: "awful and evil").
fn modifier(s: &Sentence<'_>, lex: &EventLexicon, i: usize, and_ok: bool) -> bool {
    let w = &s.words[i];
    if !w.latin
        || w.capitalized
        || w.entity.is_some()
        || !w.norm.chars().all(|c| c.is_alphabetic() || c == '-')
    {
        return false;
    }
    let norms = [w.norm];
    lex.cues_at(&norms, 0)
        .iter()
        .all(|&(n, c)| n == 1 && and_ok && c == Cue::Coordinator)
}

/// Three upper-case ASCII letters: a country-like code with no role yet.
fn bare(code: Option<&str>) -> bool {
    code.is_some_and(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
}

fn join(country: &str, role: &str, prefix: bool) -> String {
    if prefix {
        format!("{role}{country}")
    } else {
        format!("{country}{role}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_expands_sets_plurals_and_reports_bad_lines() {
        let mut a = Agents::default();
        let skipped = a.add_text(
            "t.agents.txt",
            "<!-- header\n spanning lines -->\n!MIN! = MINISTER, MINISTRY\n\
             PRIME_!MIN! [~GOV] # comment\nRIGHTS_BODY {} [NGO~]\nPOLICE_ [~COP]\n\
             ARMY [MIL]\nNAVY\n",
        );
        assert_eq!(
            skipped,
            [
                "t.agents.txt:7: agent code `MIL` has no `~`",
                "t.agents.txt:8: agent line without `[code]`"
            ]
        );
        let phrases = |first: &str| -> Vec<(String, String, bool)> {
            a.by_first
                .get(first)
                .map(|v| {
                    v.iter()
                        .map(|(w, r, p)| (w.join(" "), r.clone(), *p))
                        .collect()
                })
                .unwrap_or_default()
        };
        let gov = |w: &str| (w.to_string(), "GOV".to_string(), false);
        assert!(phrases("prime").contains(&gov("prime minister")));
        assert!(phrases("prime").contains(&gov("prime ministry")));
        // `{}`: no plural; `~` after the code: the code goes first.
        assert_eq!(
            phrases("rights"),
            [("rights body".to_string(), "NGO".to_string(), true)]
        );
        // A trailing `_`: no plural.
        assert_eq!(phrases("police").len(), 1);
    }
}
