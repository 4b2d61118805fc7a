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
//!   what it reports is coded on its own and marked `reported`, except an
//!   attack it reports (rule `reported_attack`, [`report`]): the speaker's
//!   own is a claim of responsibility (015), another actor's an accusation
//!   (112), as PETRARCH-2's transformation lines code them.

use std::ops::Range;

use super::cameo::{ModalityKind, ModalityTable};
use super::chunks::{self, Clause, ClauseKind, Cues, Group};
use super::dictionary::{CodePair, Elem, Lang, Pattern, VerbDictionary, VerbEntry};
use super::dyads::{self, Roles};
use super::lexicon::{Cue, EventLexicon};
#[cfg(doc)]
use super::morphology::noun_stems;
use super::morphology::{NounStemCache, Stems};
use super::params::Params;
use super::patterns::{self, MatchCtx, PatternMatch};
use super::triggers::{self, Framing, Trigger, TriggerKind};
use super::words::Sentence;
use crate::article::event::Modality;

mod reported_attack;
use reported_attack::{report, speakers};

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

/// Arabic noun stems of a sentence's words ([`noun_stems`]), through the
/// worker's [`NounStemCache`] (a hash probe per word once the thread has
/// seen it).
struct SentenceStems {
    stems: Vec<Stems>,
    filled: Vec<bool>,
}

impl SentenceStems {
    fn new(n: usize) -> Self {
        let empty: Stems = Vec::new().into();
        Self {
            stems: vec![empty; n],
            filled: vec![false; n],
        }
    }

    /// Takes the stems of `range` not taken yet from `cache`.
    fn fill(&mut self, norms: &[&str], range: Range<usize>, cache: &mut NounStemCache) {
        for i in range {
            if !std::mem::replace(&mut self.filled[i], true) {
                self.stems[i] = cache.get(norms[i]);
            }
        }
    }

    /// Every word's stems (empty where not computed; English: all empty).
    fn all(&self) -> &[Stems] {
        &self.stems
    }
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
    /// announced. Steps: [`Self::analyse`] (cues, triggers, clauses, actor
    /// phrases), then per trigger [`Self::skipped`], roles
    /// ([`dyads::roles`]), [`Self::coding`], [`apply_pattern_roles`],
    /// [`Self::conventions`], [`Self::confidence`], [`pairs`] and
    /// [`Self::emit`].
    pub fn code(&self, s: &Sentence<'_>, future: &dyn Fn() -> Vec<Range<usize>>) -> Coded {
        if s.entities.len() < 2 {
            return Coded::default();
        }
        let norms = s.norms();
        let Some(a) = self.analyse(s, &norms) else {
            return Coded::default();
        };
        let mut stems = SentenceStems::new(norms.len());
        if a.arabic {
            stems.fill(&norms, 0..norms.len(), &mut self.memo.borrow_mut().stems);
        }
        let stems = stems.all();
        // The forms of a pattern range, computed once per range (triggers
        // of one clause share it).
        let mut presents: Vec<(Range<usize>, patterns::FastSet<&str>)> = Vec::new();
        let speakers = speakers(s, &a);
        // Heads of reporting verbs whose complement a reported attack
        // recoded: their own coding (a claim's 110) gives way to it.
        let mut reported_heads: Vec<usize> = Vec::new();
        let mut done = Done::default();
        for t in a.triggers.iter().filter(|t| !t.auxiliary) {
            let c = chunks::clause_of(&a.clauses, t.head);
            if done.skipped(t, c) {
                continue;
            }
            let clause = a.clauses[c].words.clone();
            // A pattern may reach into the clause a verb governs ("allowed
            // that Mordor …").
            let pattern_range = match a.clauses.get(c + 1) {
                Some(next) if next.kind == ClauseKind::Subordinate => clause.start..next.words.end,
                _ => clause.clone(),
            };
            let mut roles = dyads::roles(s, &a.cues, &a.groups, &a.clauses, c, t, &a.triggers);
            let k = match presents.iter().position(|(r, _)| *r == pattern_range) {
                Some(k) => k,
                None => {
                    let set = patterns::present_words(&norms, stems, pattern_range.clone());
                    presents.push((pattern_range.clone(), set));
                    presents.len() - 1
                }
            };
            let present = &presents[k].1;
            let Some(coding) = self.coding(t, &norms, &a.groups, stems, present, pattern_range)
            else {
                continue;
            };
            trace(&norms, &a.groups, t, &clause, &roles, &coding);
            let compound_roles = apply_pattern_roles(&mut roles, &coding);
            let reported_code = speakers
                .iter()
                .find(|sp| sp.head != t.head && sp.complement.contains(&t.head))
                .and_then(|sp| {
                    let code = report(s, &a, t, sp, &coding, &mut roles);
                    if code.is_some() {
                        reported_heads.push(sp.head);
                    }
                    code
                });
            // No actor to act, or a verb of saying with no addressee: no
            // event, whatever the code.
            if roles.source.is_none() && !t.framing.passive || t.saying && roles.target.is_none() {
                continue;
            }
            let Some((mut primary, mut reverse, f)) = self.conventions(t, &coding, &clause, future)
            else {
                continue;
            };
            // An announced attack of the speaker's own keeps its threat
            // code (`~ a (a b WILL_ATTACK) SAY = a b 138`).
            if let Some(code) = reported_code.filter(|&c| !(c == "015" && f.intent)) {
                primary = Some(code.to_string());
                reverse = None;
            }
            let modality = Modality {
                intent: f.intent && !f.refusal,
                refusal: f.refusal,
                passive: f.passive,
                reported: reported(&a, t, c),
            };
            let mut confidence = self.confidence(&coding, &roles, &modality);
            let code_root = primary.as_deref().or(reverse.as_deref()).unwrap_or("");
            let Some(pairs) = pairs(&a, &roles, &clause, code_root, compound_roles) else {
                continue;
            };
            if pairs.compound {
                confidence -= self.params.compound;
            }
            let reported_coding;
            let coding = if reported_code.is_some() {
                reported_coding = Coding {
                    code: coding.code.clone(),
                    rule: "reported_attack",
                    pattern: None,
                    ..coding
                };
                &reported_coding
            } else {
                &coding
            };
            let coded = Coded1 {
                t,
                c,
                clause: &clause,
                roles,
                coding,
                modality,
                confidence,
                primary: primary.as_deref(),
                reverse: reverse.as_deref(),
            };
            self.emit(s, &a, &coded, &pairs.pairs, &mut done);
        }
        if !reported_heads.is_empty() {
            done.out.retain(|c| !reported_heads.contains(&c.head));
        }
        let mut heads: Vec<usize> = done.out.iter().map(|c| c.head).collect();
        heads.dedup();
        Coded {
            candidates: done.out,
            groups: a.groups,
            clauses: a.clauses,
            heads,
        }
    }

    /// Step 1: cue phrases, triggers, clauses and actor phrases of a
    /// sentence; `None` when it has no trigger.
    fn analyse<'s>(&'s self, s: &Sentence<'_>, norms: &[&str]) -> Option<Analysed<'s>> {
        let cues = Cues::find(self.lexicon, s, norms);
        let triggers = triggers::find(
            s,
            norms,
            &cues,
            self.lexicon,
            self.en,
            self.ar,
            &mut self.memo.borrow_mut(),
        );
        if triggers.is_empty() {
            return None;
        }
        let verb_heads: Vec<usize> = triggers
            .iter()
            .filter(|t| matches!(t.kind, TriggerKind::Verb { .. }))
            .map(|t| t.head)
            .collect();
        let is_verb = |i: usize| verb_heads.contains(&i);
        let clauses = chunks::clauses(s, &cues, &is_verb);
        let groups = chunks::groups(s, &cues, self.lexicon);
        let arabic = triggers
            .iter()
            .any(|t| matches!(t.kind, TriggerKind::Verb { lang: Lang::Ar, .. }));
        // A verb of saying elsewhere in the sentence marks reported speech.
        let saying_clauses: Vec<usize> = (0..norms.len())
            .filter(|&i| cues.starts(i, Cue::Saying))
            .map(|i| chunks::clause_of(&clauses, i))
            .collect();
        Some(Analysed {
            cues,
            triggers,
            clauses,
            groups,
            arabic,
            saying_clauses,
        })
    }

    /// CAMEO's conventions on a coded trigger: negation and denial drop it
    /// (unless its pattern spells the negation out), a refusal takes the
    /// mirroring reject code, an announced act the intent code. Returns the
    /// primary and reverse codes and the framing; `None` when nothing is
    /// left to code.
    fn conventions(
        &self,
        t: &Trigger<'_>,
        coding: &Coding<'_>,
        clause: &Range<usize>,
        future: &dyn Fn() -> Vec<Range<usize>>,
    ) -> Option<(Option<String>, Option<String>, Framing)> {
        let mut f = t.framing;
        f.intent |= future().iter().any(|r| clause.contains(&r.start));
        let pattern_spells_negation = coding.pattern.is_some_and(|(p, _)| {
            p.before
                .iter()
                .any(|l| matches!(l.elem, Elem::Word(_) | Elem::Synset(_)))
        });
        if (f.negated || f.denied) && !f.refusal && !pattern_spells_negation {
            return None;
        }
        let apply = |code: &str| -> Option<String> {
            if f.refusal {
                return Some(
                    self.modality
                        .apply(ModalityKind::Refusal, code)?
                        .to_string(),
                );
            }
            if f.intent
                && self.intent_codes
                && let Some(c) = self.modality.apply(ModalityKind::Intent, code)
            {
                return Some(c.to_string());
            }
            Some(code.to_string())
        };
        let primary = coding.code.primary.as_deref().and_then(apply);
        let reverse = coding.code.reverse.as_deref().and_then(apply);
        if primary.is_none() && reverse.is_none() {
            return None;
        }
        Some((primary, reverse, f))
    }

    /// The confidence of a coded trigger before compounds and places
    /// (`params.rs`): by what coded it, less for a borrowed source and for
    /// reported speech.
    fn confidence(&self, coding: &Coding<'_>, roles: &Roles, modality: &Modality) -> f64 {
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
        confidence
    }

    /// The last step: one candidate per dyad (and its reverse for a code
    /// pair), leaving out a dyad of one actor, of two records with one
    /// code, or a place of the source's own country after a locative.
    fn emit(
        &self,
        s: &Sentence<'_>,
        a: &Analysed<'_>,
        k: &Coded1<'_, '_>,
        pairs: &[(usize, usize)],
        done: &mut Done,
    ) {
        let p = self.params;
        let t = k.t;
        for &(src, tgt) in pairs {
            let (ea, eb) = (&s.entities[src], &s.entities[tgt]);
            if src == tgt || ea.code.is_none() || eb.code.is_none() {
                continue;
            }
            // A dyad names two different actors: the same record twice,
            // or two records with the same code, is no dyad.
            if ea.kind == eb.kind && ea.index == eb.index || ea.code == eb.code {
                continue;
            }
            let place_target = eb.kind == super::words::EntityKind::Place;
            // A place after في/in of the source's own country is where
            // it acted, not whom at (the Turkish police … in Istanbul).
            let locative_target = k
                .roles
                .target
                .is_some_and(|g| a.groups[g].prep_has(Cue::Locative));
            if place_target
                && locative_target
                && eb
                    .code
                    .as_deref()
                    .zip(ea.code.as_deref())
                    .is_some_and(|(t, src)| src.starts_with(t))
            {
                continue;
            }
            let conf =
                (k.confidence - if place_target { p.place_target } else { 0.0 }).clamp(0.05, p.max);
            let line = if k.coding.rule == "noun" {
                format!("nouns.tsv:{}", k.coding.line)
            } else {
                k.coding.dict.locate(k.coding.file, k.coding.line)
            };
            let mk = |source, target, code: &str| Candidate {
                source,
                target,
                code: code.to_string(),
                head: t.head,
                trigger: t.words.clone(),
                clause: k.clause.clone(),
                rule: k.coding.rule,
                line: line.clone(),
                modality: k.modality,
                confidence: conf,
                roles: k.roles,
            };
            if let Some(code) = k.primary {
                done.out.push(mk(src, tgt, code));
                if matches!(t.kind, TriggerKind::Verb { .. }) {
                    done.coded_verbs.push((t.head, k.c));
                    if let Some((_, m)) = &k.coding.pattern {
                        done.consumed.push(t.words.end..m.end);
                    }
                }
            }
            if let Some(code) = k.reverse {
                done.out.push(mk(tgt, src, code));
            }
        }
    }

    /// The code of a trigger: the best pattern of its entries' blocks, else
    /// the first entry with a code; `None` when nothing codes it.
    fn coding<'d>(
        &'d self,
        t: &Trigger<'d>,
        norms: &[&str],
        groups: &[Group],
        stems: &[Stems],
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

/// What [`Coder::analyse`] finds in a sentence.
struct Analysed<'d> {
    cues: Cues,
    triggers: Vec<Trigger<'d>>,
    clauses: Vec<Clause>,
    groups: Vec<Group>,
    /// An Arabic verb is among the triggers (patterns need noun stems).
    arabic: bool,
    /// Clauses holding a verb of saying.
    saying_clauses: Vec<usize>,
}

/// What the triggers coded so far left: candidates, and what later
/// triggers must not code again.
#[derive(Default)]
struct Done {
    out: Vec<Candidate>,
    /// (head, clause) of verb triggers that coded an event: an action noun
    /// that is their object ("postponed their meeting", «شنت هجوماً») is
    /// coded by them.
    coded_verbs: Vec<(usize, usize)>,
    /// Words a coded verb's pattern matched.
    consumed: Vec<Range<usize>>,
}

impl Done {
    /// A trigger already accounted for: an action noun right after a coded
    /// verb of its clause, or a word a pattern consumed.
    fn skipped(&self, t: &Trigger<'_>, c: usize) -> bool {
        matches!(t.kind, TriggerKind::Noun { .. })
            && self
                .coded_verbs
                .iter()
                .any(|&(h, vc)| vc == c && h < t.head && t.head <= h + 6)
            || self.consumed.iter().any(|r| r.contains(&t.head))
    }
}

/// One coded trigger, ready for [`Coder::emit`].
struct Coded1<'a, 'd> {
    t: &'a Trigger<'d>,
    c: usize,
    clause: &'a Range<usize>,
    roles: Roles,
    coding: &'a Coding<'d>,
    modality: Modality,
    confidence: f64,
    primary: Option<&'a str>,
    reverse: Option<&'a str>,
}

/// The dyads of a coded trigger: source × target members.
struct Pairs {
    pairs: Vec<(usize, usize)>,
    /// A compound phrase on either side (lower confidence).
    compound: bool,
}

/// Roles a matched pattern names (`$`, `+`, `%`) replace those of word
/// order; true when the pattern named a compound (`%`: its members act on
/// each other).
fn apply_pattern_roles(roles: &mut Roles, coding: &Coding<'_>) -> bool {
    let Some((_, m)) = &coding.pattern else {
        return false;
    };
    let mut compound = false;
    if let Some(g) = m.compound {
        roles.source = Some(g);
        roles.target = None;
        compound = true;
    }
    if let Some(g) = m.source {
        roles.source = Some(g);
    }
    if let Some(g) = m.target {
        roles.target = Some(g);
    }
    compound
}

/// Reported speech: a verb of saying itself, a verb of saying in another
/// clause, or a subordinate clause after one.
fn reported(a: &Analysed<'_>, t: &Trigger<'_>, c: usize) -> bool {
    t.saying
        || a.saying_clauses.iter().any(|&k| k != c)
        || matches!(a.clauses[c].kind, ClauseKind::Subordinate)
            && c > 0
            && a.saying_clauses.contains(&(c - 1))
}

/// Source × target members of the roles' phrases. Without a target, a
/// compound source acts on itself member by member when the code is
/// cooperative (roots 03–06), the clause is reciprocal ("each other",
/// «الطرفين») or a pattern named the compound; `None` without a source.
fn pairs(
    a: &Analysed<'_>,
    roles: &Roles,
    clause: &Range<usize>,
    code_root: &str,
    compound_roles: bool,
) -> Option<Pairs> {
    let sg = roles.source?;
    let sources: Vec<usize> = a.groups[sg].members.iter().map(|m| m.entity).collect();
    let targets: Vec<usize> = match roles.target {
        Some(tg) => a.groups[tg].members.iter().map(|m| m.entity).collect(),
        None => Vec::new(),
    };
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    if targets.is_empty() {
        let cooperative = matches!(code_root.get(..2), Some("03" | "04" | "05" | "06"));
        let reciprocal = clause.clone().any(|i| a.cues.covers(i, Cue::Reciprocal));
        if sources.len() > 1 && (cooperative || reciprocal || compound_roles) {
            for &x in &sources {
                for &y in &sources {
                    if x != y {
                        pairs.push((x, y));
                    }
                }
            }
        }
    } else {
        for &x in &sources {
            for &y in &targets {
                pairs.push((x, y));
            }
        }
    }
    Some(Pairs {
        compound: sources.len() > 1 || targets.len() > 1,
        pairs,
    })
}

/// Logs a coded trigger at DEBUG (trigger, clause, roles, code, line).
fn trace(
    norms: &[&str],
    groups: &[Group],
    t: &Trigger<'_>,
    clause: &Range<usize>,
    roles: &Roles,
    coding: &Coding<'_>,
) {
    if !tracing::enabled!(tracing::Level::DEBUG) {
        return;
    }
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
