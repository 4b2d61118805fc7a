//! Rule `reported_attack`: what a verb of saying or claiming reports, the
//! way PETRARCH-2's transformation lines code it (see [`report`]). Moved
//! out of the coder, which calls [`speakers`] and [`report`] per sentence.

use super::*;

/// A reporting verb (of saying or claiming) with a subject, and the words
/// of what it reports.
pub(super) struct Speaker {
    /// The verb's head word.
    pub(super) head: usize,
    /// Its subject's actor phrase (index into the groups).
    source: usize,
    /// The reported clause: a `that` clause right after the verb, else the
    /// rest of the verb's clause ("said Mordor had attacked"), with the
    /// clauses coordinated to it ("… had attacked Gondor and taken …").
    pub(super) complement: Range<usize>,
}

/// The reporting verbs of a sentence that have a subject: verbs of saying
/// and claiming (`cues.tsv` kinds `saying`, `claiming`) before what they
/// report. A trailing attribution ("…, the ministry said") reports nothing
/// after it and is left out.
pub(super) fn speakers(s: &Sentence<'_>, a: &Analysed<'_>) -> Vec<Speaker> {
    let mut out = Vec::new();
    for t in a
        .triggers
        .iter()
        .filter(|t| !t.auxiliary && matches!(t.kind, TriggerKind::Verb { .. }))
    {
        if !(t.saying || a.cues.covers(t.head, Cue::Claiming)) {
            continue;
        }
        let c = chunks::clause_of(&a.clauses, t.head);
        let roles = dyads::roles(s, &a.cues, &a.groups, &a.clauses, c, t, &a.triggers);
        let Some(source) = roles.source.filter(|_| !roles.borrowed) else {
            continue;
        };
        let mut k = c + 1;
        let complement = match a.clauses.get(k) {
            Some(next)
                if next.kind == ClauseKind::Subordinate
                    && next.words.start <= t.words.end + 1
                    && next.words.start >= t.words.end =>
            {
                k += 1;
                next.words.clone()
            }
            _ => t.words.end..a.clauses[c].words.end,
        };
        let mut end = complement.end;
        while let Some(next) = a
            .clauses
            .get(k)
            .filter(|n| n.kind == ClauseKind::Coordinated)
        {
            end = next.words.end;
            k += 1;
        }
        if complement.start < end {
            out.push(Speaker {
                head: t.head,
                source,
                complement: complement.start..end,
            });
        }
    }
    out
}

/// CAMEO's convention for what a reporting verb reports (the
/// transformation lines of PETRARCH-2's `CAMEO.2.0.txt`, read there as `~ a
/// (a b ATTACK) SAY = a b 015`, `~ a (b . ATTACK) SAY = a b 112` and the
/// same with CLAIM, `~ a (a b Q) SAY = a b Q`), applied to trigger `t` in
/// the complement of speaker `sp`, with our reading of their classes:
/// ATTACK is an act of roots 18–20 (assault, fight, mass violence), SAY and
/// CLAIM the reporting verbs of [`speakers`]. (`~ a (b . ATTACK) WANT = a
/// b 021` is not applied: the dictionary's own WANT patterns code those
/// sentences first.)
///
/// - the speaker reports its own attack ("X said it had attacked Y", the
///   subject a pronoun or the speaker's own code): the speaker claims
///   responsibility, X → Y `015`;
/// - the speaker reports another actor's attack ("X said Z had attacked
///   Y", "… were killed by Z"): X accuses Z, X → Z `112`;
/// - any other act whose subject is a pronoun ("X said it would send aid
///   to Y") is the speaker's own: the speaker becomes its source.
///
/// Returns the code of a reported attack (and sets `roles`), `None`
/// otherwise.
pub(super) fn report(
    s: &Sentence<'_>,
    a: &Analysed<'_>,
    t: &Trigger<'_>,
    sp: &Speaker,
    coding: &Coding<'_>,
    roles: &mut Roles,
) -> Option<&'static str> {
    if t.saying {
        return None;
    }
    let attack = coding
        .code
        .primary
        .as_deref()
        .is_some_and(|c| matches!(c.get(..2), Some("18" | "19" | "20")));
    let pronoun = pronoun_subject(s, a, t);
    let codes = |g: usize| -> Vec<Option<&str>> {
        a.groups[g]
            .members
            .iter()
            .map(|m| s.entities[m.entity].code.as_deref())
            .collect()
    };
    let own = match roles.source {
        None => pronoun,
        Some(g) => g == sp.source || codes(g) == codes(sp.source),
    };
    if attack && own {
        roles.source = Some(sp.source);
        roles.borrowed = false;
        return roles.target.is_some().then_some("015");
    }
    // A source borrowed from a clause of the report itself ("… had
    // attacked Iraq and taken Mosul") is still the reported actor.
    let in_report = roles
        .source
        .is_some_and(|g| !roles.borrowed || sp.complement.contains(&a.groups[g].words.start));
    if attack && in_report {
        if let Some(g) = roles.source {
            roles.target = Some(g);
            roles.source = Some(sp.source);
            return Some("112");
        }
        return None;
    }
    if roles.source.is_none() && pronoun {
        roles.source = Some(sp.source);
        roles.borrowed = true;
    }
    None
}

/// English: a personal pronoun right before the trigger's verb group
/// (auxiliaries, future and negation words, adverbs between): "they had
/// attacked", "it would not send".
fn pronoun_subject(s: &Sentence<'_>, a: &Analysed<'_>, t: &Trigger<'_>) -> bool {
    let mut k = t.words.start;
    while k > 0 {
        let j = k - 1;
        if s.words[j].entity.is_some() {
            return false;
        }
        let c = a.cues.cover[j];
        if c.has(Cue::Pronoun) {
            return true;
        }
        if !(c.has(Cue::Aux)
            || c.has(Cue::Be)
            || c.has(Cue::Future)
            || c.has(Cue::Negation)
            || c.has(Cue::Adverb))
        {
            return false;
        }
        k = j;
    }
    false
}
