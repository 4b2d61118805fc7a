//! Who did it and to whom: the source and target actor phrases of a
//! trigger, by word order and prepositions (our heuristics, no parser).
//!
//! English (SVO): the source is the nearest actor phrase before the verb
//! group in the clause that no preposition governs; the target is the first
//! actor phrase after the verb, direct or after a preposition that can
//! introduce one (with, to, against, on, at…). Passive voice ("was attacked
//! by"): the `by` phrase is the source and the subject the target.
//!
//! Arabic: SVO when an actor phrase without preposition precedes the verb in
//! its clause (`السيسي يلتقي حفتر`), else VSO: the first actor phrase after
//! the verb without preposition is the source and the next one (direct, or
//! after بـ لـ مع على إلى ضد…) the target (`التقى السيسي بحفتر`). A passive
//! agent (من قبل, على يد) names the source. An action noun takes its
//! genitive as source (`هجوم قوات حفتر على طرابلس`), else the subject of its
//! clause (`بدأت قوات الجيش هجوماً على طرابلس`).
//!
//! A place after في/in/at is where, not whom: it becomes the event's
//! location, and its target only when no actor is.
//!
//! A clause without a subject borrows one: a relative clause from the phrase
//! before its pronoun ("Haftar, who leads…"), a coordinated clause from the
//! clause before it ("condemned … and promised").

use super::chunks::{Clause, ClauseKind, Cues, Group};
use super::lexicon::Cue;
use super::triggers::{Trigger, TriggerKind};
use super::words::{Punct, Sentence};

/// Words that may sit between a verb (or its subject) and its target: an
/// actor further away belongs to another phrase of the clause. English
/// prepositional objects sit further out ("signed an 800 million ducat
/// trade protocol for 1990 with Dagolath") than Arabic ones.
const MAX_OBJECT_GAP: usize = 9;
/// The same for English.
const MAX_OBJECT_GAP_EN: usize = 12;

/// The roles found for a trigger, as indices into the sentence's groups.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Roles {
    /// Who acted.
    pub source: Option<usize>,
    /// At whom.
    pub target: Option<usize>,
    /// A place after a locative preposition in the clause.
    pub place: Option<usize>,
    /// The source was borrowed from another clause.
    pub borrowed: bool,
}

/// Finds the roles of trigger `t` in clause `c` (index into `clauses`).
pub fn roles(
    s: &Sentence<'_>,
    cues: &Cues,
    groups: &[Group],
    clauses: &[Clause],
    c: usize,
    t: &Trigger<'_>,
    triggers: &[Trigger<'_>],
) -> Roles {
    let clause = &clauses[c];
    let arabic = !s.words[t.head].latin;
    let mut r = Roles::default();
    let is_noun = matches!(t.kind, TriggerKind::Noun { .. });
    let in_clause =
        |g: &Group| g.words.start >= clause.words.start && g.words.end <= clause.words.end;
    let after: Vec<usize> = (0..groups.len())
        .filter(|&g| in_clause(&groups[g]) && groups[g].words.start >= t.words.end)
        .collect();
    // Nearest first.
    let before: Vec<usize> = (0..groups.len())
        .rev()
        .filter(|&g| in_clause(&groups[g]) && groups[g].words.end <= t.words.start)
        .collect();
    let unprep = |g: usize| groups[g].prep.is_none();
    let gap = if arabic {
        MAX_OBJECT_GAP
    } else {
        MAX_OBJECT_GAP_EN
    };
    let locative_place = |g: usize| groups[g].is_place(s) && groups[g].prep_has(Cue::Locative);
    let other_trigger_between = |a: usize, b: usize| {
        triggers.iter().any(|o| {
            o.head != t.head
                && !o.auxiliary
                && o.clear
                && o.head >= a
                && o.head < b
                && matches!(o.kind, TriggerKind::Verb { .. })
        })
    };
    r.place = after
        .iter()
        .chain(&before)
        .copied()
        .find(|&g| locative_place(g));

    // Passive agent phrase after the trigger.
    let agent = after.iter().copied().find(|&g| {
        groups[g].prep_has(Cue::PassiveAgent)
            || groups[g]
                .prep
                .as_ref()
                .is_some_and(|p| p.word.is_some_and(|w| cues.covers(w, Cue::PassiveAgent)))
    });

    // A target after the trigger: direct, or after a target preposition; a
    // place after a locative preposition only as a fallback.
    // An Arabic verb with its preposition (اجتمع+مع, وصل+إلى) takes the
    // phrase that preposition governs, a few words after it.
    let particle_target = t.particle.map(|k| {
        after.iter().copied().find(|&g| {
            let st = groups[g].words.start;
            (st == k && groups[g].prep.as_ref().is_some_and(|p| p.word.is_none()))
                || (st > k && st <= k + 3)
        })
    });
    let target_after = |skip: Option<usize>, from: usize| -> Option<usize> {
        if let Some(pt) = particle_target {
            return pt.filter(|&g| Some(g) != skip);
        }
        let mut fallback = None;
        for &g in after.iter().filter(|&&g| groups[g].words.start >= from) {
            if Some(g) == skip || (Some(g) == agent && t.framing.passive) {
                continue;
            }
            // A place after في/in is where the act happened; as a target
            // it is a fallback only for a single actor (a compound source
            // acts on itself: "Saudi Arabia and Iran signed in Beijing").
            if locative_place(g) && groups[skip.unwrap_or(g)].members.len() > 1 {
                continue;
            }
            // The object sits near the verb (or its subject).
            if groups[g].words.start > from + gap {
                break;
            }
            if other_trigger_between(t.words.end, groups[g].words.start) && !is_noun {
                break;
            }
            let grp = &groups[g];
            if t.saying {
                // Verbs of saying take an addressee only (said to, told).
                if grp.prep_has(Cue::TargetPreposition) && !grp.prep_has(Cue::Locative) {
                    return Some(g);
                }
                continue;
            }
            if locative_place(g) {
                fallback.get_or_insert(g);
                continue;
            }
            match &grp.prep {
                None => return Some(g),
                Some(p) if p.cues.has(Cue::TargetPreposition) => return Some(g),
                // "arrived in Gondor": an actor after in/at is a target
                // only when nothing better is found.
                Some(p) if p.cues.has(Cue::Locative) => {
                    fallback.get_or_insert(g);
                }
                Some(_) if !arabic => {
                    fallback.get_or_insert(g);
                }
                Some(_) => {}
            }
        }
        fallback
    };

    if is_noun {
        // Genitive right after the noun (an adjective may sit between).
        let genitive = after.iter().copied().find(|&g| {
            unprep(g) && groups[g].words.start <= t.words.end + 1 && !groups[g].is_place(s)
        });
        // English: "X's attack", "the X attack": the phrase right before.
        let before_noun = before
            .first()
            .copied()
            .filter(|&g| !arabic && unprep(g) && groups[g].words.end + 2 >= t.words.start);
        r.source = agent
            .or(genitive)
            .or(before_noun)
            .or_else(|| before.iter().copied().find(|&g| unprep(g)));
        r.target = after.iter().copied().find(|&g| {
            Some(g) != r.source
                && groups[g].words.start <= t.words.end + gap
                && groups[g].prep_has(Cue::TargetPreposition)
                && !(groups[g].is_place(s) && groups[g].prep_has(Cue::Locative))
        });
        if r.source.is_none() {
            r.source = subject_elsewhere(s, groups, clauses, c, triggers);
            r.borrowed = r.source.is_some();
        }
        return r;
    }

    if arabic {
        let svo = before
            .iter()
            .copied()
            .find(|&g| unprep(g) && !other_trigger_between(groups[g].words.end, t.words.start));
        if let Some(agent) = agent {
            r.source = Some(agent);
            r.target = svo.or_else(|| after.iter().copied().find(|&g| unprep(g) && g != agent));
        } else if let Some(subj) = svo {
            r.source = Some(subj);
            r.target = target_after(None, t.words.end);
        } else {
            let subj = after.iter().copied().find(|&g| {
                unprep(g)
                    && !locative_place(g)
                    && !other_trigger_between(t.words.end, groups[g].words.start)
            });
            r.source = subj;
            let from = subj.map_or(t.words.end, |g| groups[g].words.end);
            r.target = target_after(subj, from);
        }
    } else {
        let subject = before
            .iter()
            .copied()
            .find(|&g| unprep(g) && !other_trigger_between(groups[g].words.end, t.words.start));
        if t.framing.passive {
            r.source = agent;
            r.target = subject;
        } else {
            r.source = subject;
            r.target = target_after(None, t.words.end);
        }
    }
    // "hoped that Osgiliath …", «أعرب عن أمله أن …»: with no target in its
    // clause, a verb that is not one of saying takes the subject of the
    // complement clause it governs.
    if r.target.is_none()
        && !t.saying
        && !t.framing.passive
        && let Some(next) = clauses.get(c + 1)
        && next.kind == ClauseKind::Subordinate
        && next.words.start <= t.words.end + gap
    {
        r.target = (0..groups.len()).find(|&g| {
            groups[g].words.start >= next.words.start
                && groups[g].words.end <= next.words.end
                && groups[g].words.start <= next.words.start + 2
                && unprep(g)
                && Some(g) != r.source
        });
    }
    if r.source.is_none() && !t.framing.passive {
        r.source = subject_elsewhere(s, groups, clauses, c, triggers);
        r.borrowed = r.source.is_some();
        if r.source == r.target {
            r.target = None;
        }
    }
    r
}

/// The subject a clause without one borrows: for a relative clause, the
/// phrase right before its pronoun; for a coordinated or subordinate clause,
/// the subject of the clause before it (the first phrase without a
/// preposition before that clause's first verb).
fn subject_elsewhere(
    s: &Sentence<'_>,
    groups: &[Group],
    clauses: &[Clause],
    c: usize,
    triggers: &[Trigger<'_>],
) -> Option<usize> {
    let clause = &clauses[c];
    match clause.kind {
        ClauseKind::Relative => {
            let start = clause.words.start;
            groups
                .iter()
                .rposition(|g| g.words.end <= start && g.words.end + 1 >= start && g.prep.is_none())
                .or_else(|| groups.iter().rposition(|g| g.words.end == start))
        }
        ClauseKind::Coordinated if c > 0 => {
            let prev = &clauses[c - 1];
            let first_verb = triggers
                .iter()
                .filter(|t| prev.words.contains(&t.head))
                .map(|t| t.words.start)
                .min()
                .unwrap_or(prev.words.end);
            let found = groups.iter().position(|g| {
                g.words.start >= prev.words.start
                    && g.words.end <= first_verb
                    && g.prep.is_none()
                    && !s.words[g.words.start].punct_before.eq(&Punct::Quote)
            });
            found.or_else(|| {
                if matches!(prev.kind, ClauseKind::Coordinated) {
                    subject_elsewhere(s, groups, clauses, c - 1, triggers)
                } else {
                    None
                }
            })
        }
        _ => None,
    }
}
