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

/// Finds the roles of trigger `t` in clause `c` (index into `clauses`):
/// the phrases around the trigger ([`Scope::new`]), then the rules of an
/// action noun, an Arabic verb or an English verb, then a target from the
/// complement clause and a source borrowed from another clause.
pub fn roles(
    s: &Sentence<'_>,
    cues: &Cues,
    groups: &[Group],
    clauses: &[Clause],
    c: usize,
    t: &Trigger<'_>,
    triggers: &[Trigger<'_>],
) -> Roles {
    let sc = Scope::new(s, cues, groups, &clauses[c], t, triggers);
    let mut r = Roles {
        place: sc.place(),
        ..Roles::default()
    };
    if matches!(t.kind, TriggerKind::Noun { .. }) {
        sc.noun_roles(&mut r);
        if r.source.is_none() {
            r.source = subject_elsewhere(s, groups, clauses, c, triggers);
            r.borrowed = r.source.is_some();
        }
        return r;
    }
    if sc.arabic {
        sc.arabic_roles(&mut r);
    } else {
        sc.english_roles(&mut r);
    }
    if r.target.is_none() {
        r.target = sc.complement_target(clauses, c, r.source);
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

/// The actor phrases of a trigger's clause, as the role rules read them.
struct Scope<'a, 's> {
    s: &'a Sentence<'s>,
    groups: &'a [Group],
    t: &'a Trigger<'a>,
    triggers: &'a [Trigger<'a>],
    arabic: bool,
    /// Phrases of the clause after the trigger, in order.
    after: Vec<usize>,
    /// Phrases of the clause before the trigger, nearest first.
    before: Vec<usize>,
    /// How far an object may sit from the verb or its subject.
    gap: usize,
    /// The passive agent phrase after the trigger ("by X", «من قبل»).
    agent: Option<usize>,
    /// Arabic: the phrase the verb's own preposition governs (اجتمع+مع).
    particle_target: Option<Option<usize>>,
    /// Phrases after the trigger right before a verb of saying (`Saying`
    /// cue; one word, an auxiliary, may sit between): that verb's subject.
    speakers: Vec<usize>,
}

impl<'a, 's> Scope<'a, 's> {
    fn new(
        s: &'a Sentence<'s>,
        cues: &Cues,
        groups: &'a [Group],
        clause: &Clause,
        t: &'a Trigger<'a>,
        triggers: &'a [Trigger<'a>],
    ) -> Self {
        let in_clause =
            |g: &Group| g.words.start >= clause.words.start && g.words.end <= clause.words.end;
        let after: Vec<usize> = (0..groups.len())
            .filter(|&g| in_clause(&groups[g]) && groups[g].words.start >= t.words.end)
            .collect();
        let before: Vec<usize> = (0..groups.len())
            .rev()
            .filter(|&g| in_clause(&groups[g]) && groups[g].words.end <= t.words.start)
            .collect();
        let arabic = !s.words[t.head].latin;
        let agent = after.iter().copied().find(|&g| {
            groups[g].prep_has(Cue::PassiveAgent)
                || groups[g]
                    .prep
                    .as_ref()
                    .is_some_and(|p| p.word.is_some_and(|w| cues.covers(w, Cue::PassiveAgent)))
        });
        let speakers = after
            .iter()
            .copied()
            .filter(|&g| {
                let end = groups[g].words.end;
                (end..=end + 1)
                    .filter(|&i| i < s.words.len() && i != t.head)
                    .any(|i| cues.covers(i, Cue::Saying))
            })
            .collect();
        let particle_target = t.particle.map(|k| {
            after.iter().copied().find(|&g| {
                let st = groups[g].words.start;
                (st == k && groups[g].prep.as_ref().is_some_and(|p| p.word.is_none()))
                    || (st > k && st <= k + 3)
            })
        });
        Self {
            s,
            groups,
            t,
            triggers,
            arabic,
            after,
            before,
            gap: if arabic {
                MAX_OBJECT_GAP
            } else {
                MAX_OBJECT_GAP_EN
            },
            agent,
            particle_target,
            speakers,
        }
    }

    fn unprep(&self, g: usize) -> bool {
        self.groups[g].prep.is_none()
    }

    /// A place after a locative preposition (في, in, at).
    fn locative_place(&self, g: usize) -> bool {
        self.groups[g].is_place(self.s) && self.groups[g].prep_has(Cue::Locative)
    }

    /// Another clear verb trigger with its head in `a..b`.
    fn other_trigger_between(&self, a: usize, b: usize) -> bool {
        self.triggers.iter().any(|o| {
            o.head != self.t.head
                && !o.auxiliary
                && o.clear
                && o.head >= a
                && o.head < b
                && matches!(o.kind, TriggerKind::Verb { .. })
        })
    }

    /// Group `g` is the subject of a verb of saying after it ([`Self::speakers`]).
    fn speaker_of_saying(&self, g: usize) -> bool {
        self.speakers.contains(&g)
    }

    /// Where: the first locative place of the clause, after the trigger
    /// first.
    fn place(&self) -> Option<usize> {
        self.after
            .iter()
            .chain(&self.before)
            .copied()
            .find(|&g| self.locative_place(g))
    }

    /// A target after the trigger from word `from`: direct, or after a
    /// target preposition; a place after a locative preposition only as a
    /// fallback. An Arabic verb with its preposition takes the phrase that
    /// preposition governs.
    fn target_after(&self, skip: Option<usize>, from: usize) -> Option<usize> {
        if let Some(pt) = self.particle_target {
            return pt.filter(|&g| Some(g) != skip);
        }
        let (groups, t) = (self.groups, self.t);
        let is_noun = matches!(t.kind, TriggerKind::Noun { .. });
        let mut fallback = None;
        for &g in self
            .after
            .iter()
            .filter(|&&g| groups[g].words.start >= from)
        {
            if Some(g) == skip || (Some(g) == self.agent && t.framing.passive) {
                continue;
            }
            // A place after في/in is where the act happened; as a target
            // it is a fallback only for a single actor (a compound source
            // acts on itself: "Saudi Arabia and Iran signed in Beijing").
            if self.locative_place(g) && groups[skip.unwrap_or(g)].members.len() > 1 {
                continue;
            }
            // The object sits near the verb (or its subject).
            if groups[g].words.start > from + self.gap {
                break;
            }
            if self.other_trigger_between(t.words.end, groups[g].words.start) && !is_noun {
                break;
            }
            // The subject of a later verb of saying ("…, state media
            // reported", "…, officials have said") is the speaker of the
            // attribution, not this verb's object.
            if !self.arabic && self.speaker_of_saying(g) {
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
            if self.locative_place(g) {
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
                Some(_) if !self.arabic => {
                    fallback.get_or_insert(g);
                }
                Some(_) => {}
            }
        }
        fallback
    }

    /// An action noun: its passive agent, its genitive, the English phrase
    /// right before it ("X's attack"), else the nearest subject; the target
    /// after a target preposition.
    fn noun_roles(&self, r: &mut Roles) {
        let (s, groups, t) = (self.s, self.groups, self.t);
        // Genitive right after the noun (an adjective may sit between).
        let genitive = self.after.iter().copied().find(|&g| {
            self.unprep(g) && groups[g].words.start <= t.words.end + 1 && !groups[g].is_place(s)
        });
        // English: "X's attack", "the X attack": the phrase right before.
        let before_noun = self.before.first().copied().filter(|&g| {
            !self.arabic && self.unprep(g) && groups[g].words.end + 2 >= t.words.start
        });
        r.source = self
            .agent
            .or(genitive)
            .or(before_noun)
            .or_else(|| self.before.iter().copied().find(|&g| self.unprep(g)));
        r.target = self.after.iter().copied().find(|&g| {
            Some(g) != r.source
                && groups[g].words.start <= t.words.end + self.gap
                && groups[g].prep_has(Cue::TargetPreposition)
                && !(groups[g].is_place(s) && groups[g].prep_has(Cue::Locative))
        });
    }

    /// An Arabic verb: a passive agent is the source (and the subject
    /// before the verb the target); SVO when a phrase without preposition
    /// precedes the verb; else VSO.
    fn arabic_roles(&self, r: &mut Roles) {
        let (groups, t) = (self.groups, self.t);
        let svo = self.before.iter().copied().find(|&g| {
            self.unprep(g) && !self.other_trigger_between(groups[g].words.end, t.words.start)
        });
        if let Some(agent) = self.agent {
            r.source = Some(agent);
            r.target = svo.or_else(|| {
                self.after
                    .iter()
                    .copied()
                    .find(|&g| self.unprep(g) && g != agent)
            });
        } else if let Some(subj) = svo {
            r.source = Some(subj);
            r.target = self.target_after(None, t.words.end);
        } else {
            let subj = self.after.iter().copied().find(|&g| {
                self.unprep(g)
                    && !self.locative_place(g)
                    && !self.other_trigger_between(t.words.end, groups[g].words.start)
            });
            r.source = subj;
            let from = subj.map_or(t.words.end, |g| groups[g].words.end);
            r.target = self.target_after(subj, from);
        }
    }

    /// An English verb: SVO, or the passive ("was attacked by X": X the
    /// source, the subject the target).
    fn english_roles(&self, r: &mut Roles) {
        let (groups, t) = (self.groups, self.t);
        let subject = self.before.iter().copied().find(|&g| {
            self.unprep(g) && !self.other_trigger_between(groups[g].words.end, t.words.start)
        });
        if t.framing.passive {
            r.source = self.agent;
            r.target = subject;
        } else {
            r.source = subject;
            r.target = self.target_after(None, t.words.end);
        }
    }

    /// "hoped that Osgiliath …", «أعرب عن أمله أن …»: with no target in its
    /// clause, a verb that is not one of saying takes the subject of the
    /// complement clause it governs.
    fn complement_target(
        &self,
        clauses: &[Clause],
        c: usize,
        source: Option<usize>,
    ) -> Option<usize> {
        let t = self.t;
        if t.saying || t.framing.passive {
            return None;
        }
        let next = clauses.get(c + 1)?;
        if next.kind != ClauseKind::Subordinate || next.words.start > t.words.end + self.gap {
            return None;
        }
        (0..self.groups.len()).find(|&g| {
            let w = &self.groups[g].words;
            w.start >= next.words.start
                && w.end <= next.words.end
                && w.start <= next.words.start + 2
                && self.unprep(g)
                && Some(g) != source
        })
    }
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
