//! Codes one sentence: triggers → clauses → actor phrases → roles → CAMEO
//! code (best dictionary pattern, else the verb's code, else the action
//! noun's) → CAMEO conventions → one candidate per source × target.
//!
//! Conventions (README "Events"):
//! - a negated or denied act is not an event, unless a dictionary pattern
//!   spells the negation out (`- &NEGATVAUXVRB * …`);
//! - a refused act takes the reject code that mirrors it
//!   (`modality.tsv`, kind `refusal`), or is dropped when none does;
//! - an announced act takes the intent or threat code that mirrors it
//!   (`modality.tsv`, kind `intent`) unless `[events] intent_codes = false`;
//! - a code pair `[a:b]` yields the paired event b from target to source;
//! - a compound phrase yields one event per member; a compound source
//!   without a target acts on itself member by member when the code is
//!   cooperative (roots 03–06: "Egypt and the UAE agreed") or the clause
//!   says so ("each other", «الطرفين»);
//! - a verb of saying is an event only with an addressee (`said to`, told);
//!   what it reports is coded on its own and marked `reported`.

use std::ops::Range;

use super::cameo::{ModalityKind, ModalityTable};
use super::chunks::{self, Clause, ClauseKind, Cues, Group};
use super::dictionary::{CodePair, Elem, Lang, Pattern, VerbDictionary, VerbEntry};
use super::dyads::{self, Roles};
use super::lexicon::{Cue, EventLexicon};
use super::morphology::noun_stems;
use super::params::Params;
use super::patterns::{self, MatchCtx, PatternMatch};
use super::triggers::{self, Trigger, TriggerKind};
use super::words::Sentence;
use crate::article::event::Modality;

/// What coding reads: dictionaries, word lists, conventions.
pub struct Coder<'r> {
    /// English verbs.
    pub en: &'r VerbDictionary,
    /// Arabic verbs.
    pub ar: &'r VerbDictionary,
    /// Word lists.
    pub lexicon: &'r EventLexicon,
    /// Intent and refusal codes.
    pub modality: &'r ModalityTable,
    /// Weights.
    pub params: &'r Params,
    /// Apply the intent convention.
    pub intent_codes: bool,
    /// Dictionary lookups of this article's words.
    pub memo: std::cell::RefCell<triggers::Memo<'r>>,
}

/// One coded event of a sentence, before dates, places and merging.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Source entity (index into the sentence's entities).
    pub source: usize,
    /// Target entity.
    pub target: usize,
    /// CAMEO code.
    pub code: String,
    /// The trigger's head word.
    pub head: usize,
    /// The trigger's words.
    pub trigger: Range<usize>,
    /// Words of the trigger's clause.
    pub clause: Range<usize>,
    /// `verb`, `verb_pattern` or `noun`.
    pub rule: &'static str,
    /// File and line of the code.
    pub line: String,
    /// Framing.
    pub modality: Modality,
    /// 0.0..=1.0.
    pub confidence: f64,
    /// The roles the dyad came from (for the location).
    pub roles: Roles,
}

/// The coded sentence: candidates plus what places and dates need.
#[derive(Debug, Clone, Default)]
pub struct Coded {
    /// Candidates, in trigger order.
    pub candidates: Vec<Candidate>,
    /// Actor phrases.
    pub groups: Vec<Group>,
    /// Clauses.
    pub clauses: Vec<Clause>,
    /// Head words of the triggers that yielded candidates.
    pub heads: Vec<usize>,
}

/// The code of a trigger: pair, rule, source of the code, pattern match.
struct Coding<'d> {
    code: CodePair,
    rule: &'static str,
    file: u16,
    line: u32,
    pattern: Option<(&'d Pattern, PatternMatch)>,
    dict: &'d VerbDictionary,
}

impl Coder<'_> {
    /// Codes sentence `s`; `future` are the words of date expressions after
    /// the publication date ("next week", «غدا»): an act in their clause is
    /// announced.
    pub fn code(&self, s: &Sentence<'_>, future: &dyn Fn() -> Vec<Range<usize>>) -> Coded {
        let norms = s.norms();
        let cues = Cues::find(self.lexicon, s, &norms);
        let triggers = triggers::find(
            s,
            &norms,
            &cues,
            self.lexicon,
            self.en,
            self.ar,
            &mut self.memo.borrow_mut(),
        );
        if triggers.is_empty() || s.entities.len() < 2 {
            return Coded::default();
        }
        let verb_heads: Vec<usize> = triggers
            .iter()
            .filter(|t| matches!(t.kind, TriggerKind::Verb { .. }))
            .map(|t| t.head)
            .collect();
        let is_verb = |i: usize| verb_heads.contains(&i);
        let clauses = chunks::clauses(s, &cues, &is_verb);
        let groups = chunks::groups(s, &cues, self.lexicon);
        // Arabic noun stems of every word and the forms patterns may need:
        // computed the first time a trigger reaches pattern matching.
        let stems_cell: std::cell::OnceCell<Vec<Vec<String>>> = std::cell::OnceCell::new();
        let arabic = triggers
            .iter()
            .any(|t| matches!(t.kind, TriggerKind::Verb { lang: Lang::Ar, .. }));
        let stems = || {
            stems_cell.get_or_init(|| {
                if !arabic {
                    return Vec::new();
                }
                let mut buf = String::new();
                norms
                    .iter()
                    .map(|w| {
                        let mut v: Vec<String> = Vec::new();
                        noun_stems(w, &mut buf, &mut |x| {
                            if !v.iter().any(|y| y == x) {
                                v.push(x.to_string());
                            }
                        });
                        v
                    })
                    .collect()
            })
        };
        // A verb of saying elsewhere in the sentence marks reported speech.
        let saying_clauses: Vec<usize> = (0..norms.len())
            .filter(|&i| cues.starts(i, Cue::Saying))
            .map(|i| chunks::clause_of(&clauses, i))
            .collect();
        let mut out = Vec::new();
        // Verb triggers that coded an event: an action noun that is their
        // object ("postponed their meeting", «شنت هجوماً») is coded by them.
        let mut coded_verbs: Vec<(usize, usize)> = Vec::new();
        // Words a coded verb's pattern matched.
        let mut consumed: Vec<Range<usize>> = Vec::new();
        for t in triggers.iter().filter(|t| !t.auxiliary) {
            let c = chunks::clause_of(&clauses, t.head);
            let clause = clauses[c].words.clone();
            if matches!(t.kind, TriggerKind::Noun { .. })
                && coded_verbs
                    .iter()
                    .any(|&(h, vc)| vc == c && h < t.head && t.head <= h + 6)
                || consumed.iter().any(|r| r.contains(&t.head))
            {
                continue;
            }
            // A pattern may reach into the clause a verb governs ("allowed
            // that Mordor …").
            let pattern_range = match clauses.get(c + 1) {
                Some(next) if next.kind == ClauseKind::Subordinate => clause.start..next.words.end,
                _ => clause.clone(),
            };
            let mut roles = dyads::roles(s, &cues, &groups, &clauses, c, t, &triggers);
            let stems = stems();
            let present = patterns::present_words(&norms, stems, pattern_range.clone());
            let Some(coding) = self.coding(t, &norms, &groups, stems, &present, pattern_range)
            else {
                continue;
            };
            if tracing::enabled!(tracing::Level::DEBUG) {
                let show = |g: Option<usize>| {
                    g.map_or("-".to_string(), |g| {
                        let grp = &groups[g];
                        format!(
                            "{}{}",
                            grp.prep
                                .as_ref()
                                .map_or(String::new(), |p| format!("[{}] ", p.norm)),
                            norms[grp.words.clone()].join(" ")
                        )
                    })
                };
                tracing::debug!(
                    trigger = norms[t.words.clone()].join(" "),
                    clause = norms[clause.clone()].join(" "),
                    source = show(roles.source),
                    target = show(roles.target),
                    code = ?coding.code,
                    line = coding.dict.locate(coding.file, coding.line),
                    framing = ?t.framing,
                    "Trigger coded."
                );
            }
            let mut compound_roles = false;
            if let Some((_, m)) = &coding.pattern {
                if let Some(g) = m.compound {
                    roles.source = Some(g);
                    roles.target = None;
                    compound_roles = true;
                }
                if let Some(g) = m.source {
                    roles.source = Some(g);
                }
                if let Some(g) = m.target {
                    roles.target = Some(g);
                }
            }
            // No actor to act, or a verb of saying with no addressee: no
            // event, whatever the code.
            if roles.source.is_none() && !t.framing.passive || t.saying && roles.target.is_none() {
                continue;
            }
            let mut f = t.framing;
            f.intent |= future().iter().any(|r| clause.contains(&r.start));
            let pattern_spells_negation = coding.pattern.is_some_and(|(p, _)| {
                p.before
                    .iter()
                    .any(|l| matches!(l.elem, Elem::Word(_) | Elem::Synset(_)))
            });
            if (f.negated || f.denied) && !f.refusal && !pattern_spells_negation {
                continue;
            }
            let apply = |code: &str| -> Option<String> {
                let mut code = code.to_string();
                if f.refusal {
                    code = self
                        .modality
                        .apply(ModalityKind::Refusal, &code)?
                        .to_string();
                } else if f.intent
                    && self.intent_codes
                    && let Some(c) = self.modality.apply(ModalityKind::Intent, &code)
                {
                    code = c.to_string();
                }
                Some(code)
            };
            let primary = coding.code.primary.as_deref().and_then(apply);
            let reverse = coding.code.reverse.as_deref().and_then(apply);
            if primary.is_none() && reverse.is_none() {
                continue;
            }
            let modality = Modality {
                intent: f.intent && !f.refusal,
                refusal: f.refusal,
                passive: f.passive,
                reported: t.saying
                    || saying_clauses.iter().any(|&k| k != c)
                    || matches!(clauses[c].kind, ClauseKind::Subordinate)
                        && c > 0
                        && saying_clauses.contains(&(c - 1)),
            };
            let p = self.params;
            let mut confidence = match (coding.rule, &coding.pattern) {
                ("verb_pattern", Some((_, m))) if m.source.is_some() || m.target.is_some() => {
                    p.pattern_with_roles
                }
                ("verb_pattern", _) => p.pattern,
                ("noun", _) => p.noun,
                _ => p.verb,
            };
            if roles.borrowed {
                confidence -= p.borrowed_source;
            }
            if modality.reported {
                confidence -= p.reported;
            }
            let Some(sg) = roles.source else { continue };
            let sources: Vec<usize> = groups[sg].members.iter().map(|m| m.entity).collect();
            let targets: Vec<usize> = match roles.target {
                Some(tg) => groups[tg].members.iter().map(|m| m.entity).collect(),
                None => Vec::new(),
            };
            let mut pairs: Vec<(usize, usize)> = Vec::new();
            if targets.is_empty() {
                let code_root = primary.as_deref().or(reverse.as_deref()).unwrap_or("");
                let cooperative = matches!(code_root.get(..2), Some("03" | "04" | "05" | "06"));
                let reciprocal = clause.clone().any(|i| cues.covers(i, Cue::Reciprocal));
                if sources.len() > 1 && (cooperative || reciprocal || compound_roles) {
                    for &a in &sources {
                        for &b in &sources {
                            if a != b {
                                pairs.push((a, b));
                            }
                        }
                    }
                }
            } else {
                for &a in &sources {
                    for &b in &targets {
                        pairs.push((a, b));
                    }
                }
            }
            if sources.len() > 1 || targets.len() > 1 {
                confidence -= p.compound;
            }
            for (a, b) in pairs {
                if a == b || s.entities[a].code.is_none() || s.entities[b].code.is_none() {
                    continue;
                }
                // A dyad names two different actors: the same record twice,
                // or two records with the same code, is no dyad.
                if s.entities[a].kind == s.entities[b].kind
                    && s.entities[a].index == s.entities[b].index
                    || s.entities[a].code == s.entities[b].code
                {
                    continue;
                }
                let place_target = s.entities[b].kind == super::words::EntityKind::Place;
                // A place after في/in of the source's own country is where
                // it acted, not whom at (the Turkish police … in Istanbul).
                let locative_target = roles
                    .target
                    .is_some_and(|g| groups[g].prep_has(Cue::Locative));
                if place_target
                    && locative_target
                    && s.entities[b]
                        .code
                        .as_deref()
                        .zip(s.entities[a].code.as_deref())
                        .is_some_and(|(t, src)| src.starts_with(t))
                {
                    continue;
                }
                let conf = (confidence - if place_target { p.place_target } else { 0.0 })
                    .clamp(0.05, p.max);
                let line = coding.dict.locate(coding.file, coding.line);
                let line = if coding.rule == "noun" {
                    format!("nouns.tsv:{}", coding.line)
                } else {
                    line
                };
                let mk = |src, tgt, code: &str| Candidate {
                    source: src,
                    target: tgt,
                    code: code.to_string(),
                    head: t.head,
                    trigger: t.words.clone(),
                    clause: clause.clone(),
                    rule: coding.rule,
                    line: line.clone(),
                    modality,
                    confidence: conf,
                    roles,
                };
                if let Some(code) = &primary {
                    out.push(mk(a, b, code));
                    if matches!(t.kind, TriggerKind::Verb { .. }) {
                        coded_verbs.push((t.head, c));
                        if let Some((_, m)) = &coding.pattern {
                            consumed.push(t.words.end..m.end);
                        }
                    }
                }
                if let Some(code) = &reverse {
                    out.push(mk(b, a, code));
                }
            }
        }
        let mut heads: Vec<usize> = out.iter().map(|c| c.head).collect();
        heads.dedup();
        Coded {
            candidates: out,
            groups,
            clauses,
            heads,
        }
    }

    /// The code of a trigger: the best pattern of its entries' blocks, else
    /// the first entry with a code; `None` when nothing codes it.
    fn coding<'d>(
        &'d self,
        t: &Trigger<'d>,
        norms: &[&str],
        groups: &[Group],
        stems: &[Vec<String>],
        present: &patterns::FastSet<&str>,
        clause: Range<usize>,
    ) -> Option<Coding<'d>> {
        match &t.kind {
            TriggerKind::Noun { code, line } => Some(Coding {
                code: CodePair {
                    primary: Some(code.clone()),
                    reverse: None,
                },
                rule: "noun",
                file: 0,
                line: *line,
                pattern: None,
                dict: self.en,
            }),
            TriggerKind::Verb { lang, entries } => {
                let dict = match lang {
                    Lang::En => self.en,
                    Lang::Ar => self.ar,
                };
                let ctx = MatchCtx {
                    norms,
                    groups,
                    lang: *lang,
                    dict,
                    stems,
                    present,
                };
                let mut best: Option<(&'d Pattern, PatternMatch)> = None;
                let mut seen_blocks: Vec<usize> = Vec::new();
                for e in entries {
                    if seen_blocks.contains(&e.block) {
                        continue;
                    }
                    seen_blocks.push(e.block);
                    let block = &dict.blocks[e.block];
                    if let Some((p, m)) =
                        patterns::best(&ctx, block, t.words.clone(), clause.clone())
                        && best.as_ref().is_none_or(|(_, b)| m.weight > b.weight)
                    {
                        best = Some((p, m));
                    }
                }
                if let Some((p, m)) = best.filter(|(_, m)| m.weight > 0) {
                    return Some(Coding {
                        code: p.code.clone(),
                        rule: "verb_pattern",
                        file: p.file,
                        line: p.line,
                        pattern: Some((p, m)),
                        dict,
                    });
                }
                let e: &VerbEntry = entries.iter().find(|e| !e.code.is_null())?;
                Some(Coding {
                    code: e.code.clone(),
                    rule: "verb",
                    file: e.file,
                    line: e.line,
                    pattern: None,
                    dict,
                })
            }
        }
    }
}
