//! Event triggers: dictionary verbs (English forms, Arabic lemmas through
//! [`super::morphology`]) and action nouns (`data/events/nouns.tsv`), each
//! with how the sentence frames it (CAMEO conventions):
//!
//! - intent: a future or plan cue before the verb ("will", "plans to",
//!   «سوف», «يعتزم»), or the Arabic future prefix سـ (`سيلتقي`);
//! - negation: "not", "n't", "never", «لم», «لن», «لا», «عدم» before it;
//! - refusal: "refused to", «رفض» before it;
//! - denial: "denied", «نفى» before it;
//! - passive (English): a form of "be" before a past form ("was attacked").
//!
//! A verb that only frames the next trigger ("agreed to meet", "threatened
//! to attack", «قرر», «رفض») is marked `auxiliary`: the framed trigger
//! carries the event, coded by the intent or refusal convention.

use std::ops::Range;

use super::chunks::Cues;
use super::dictionary::{Lang, VerbDictionary, VerbEntry};
use super::lexicon::{Cue, EventLexicon};
use super::morphology::{NounStemCache, verb_stems};
use super::words::Sentence;

/// What coded a trigger.
#[derive(Debug, Clone)]
pub enum TriggerKind<'d> {
    /// A dictionary verb: the entries its form or lemma has.
    Verb {
        /// Script of the dictionary.
        lang: Lang,
        /// Entries, those with satisfied particles first.
        entries: Vec<&'d VerbEntry>,
    },
    /// An action noun.
    Noun {
        /// CAMEO code.
        code: String,
        /// Line in `nouns.tsv`.
        line: u32,
    },
}

/// How a sentence frames a trigger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Framing {
    /// Announced or planned.
    pub intent: bool,
    /// Negated.
    pub negated: bool,
    /// Refused.
    pub refusal: bool,
    /// Denied.
    pub denied: bool,
    /// Passive voice.
    pub passive: bool,
}

/// A trigger in a sentence.
#[derive(Debug, Clone)]
pub struct Trigger<'d> {
    /// The verb or noun word.
    pub head: usize,
    /// Words of the trigger with its particles (`met with`, `وقف إطلاق النار`).
    pub words: Range<usize>,
    /// What coded it.
    pub kind: TriggerKind<'d>,
    /// How the sentence frames it.
    pub framing: Framing,
    /// It only frames a following trigger and yields no event itself.
    pub auxiliary: bool,
    /// A verb of saying (its target must be an addressee, `said to`).
    pub saying: bool,
    /// Arabic: the word of the verb's preposition (`مع` of اجتمع+مع): its
    /// object is the target.
    pub particle: Option<usize>,
    /// Clearly a verb by what precedes it (an actor, a pronoun, an
    /// auxiliary, `to`, negation, an adverb, a coordinator, a clause mark);
    /// only such verbs bound another verb's subject or object search
    /// ("fired two artillery shells at Seoul": `shells` is not clearly one).
    pub clear: bool,
}

/// Word `i` may sit inside a verb group: an adverb of `cues.tsv` (kind
/// `adverb`), or an English word in -ly (not -ply) that the file does not
/// list as `not_adverb`.
fn is_adverb(cues: &Cues, norms: &[&str], i: usize) -> bool {
    let w = norms[i];
    cues.covers(i, Cue::Adverb)
        || w.len() > 4
            && w.ends_with("ly")
            && !w.ends_with("ply")
            && !cues.covers(i, Cue::NotAdverb)
}

/// Per-article memo of the dictionary lookups of Arabic words (articles
/// repeat their words): normalised word → (verb entries, all with the
/// future prefix), and → stems that begin an action noun.
#[derive(Default)]
pub struct Memo<'d> {
    verbs: FastMap<String, (Vec<&'d VerbEntry>, bool)>,
    nouns: FastMap<String, Vec<String>>,
    /// Noun stems of the article's words (patterns, Arabic particles).
    pub stems: NounStemCache,
}

type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A dictionary verb at a word: its entries (those whose particles the
/// sentence has), the words of the trigger, the dictionary's script, whether
/// it came with the future prefix, and the word of its Arabic preposition.
type VerbHit<'d> = (Vec<&'d VerbEntry>, Range<usize>, Lang, bool, Option<usize>);

/// Finds the triggers of a sentence, in text order.
#[allow(clippy::too_many_arguments)]
pub fn find<'d>(
    s: &Sentence<'_>,
    norms: &[&str],
    cues: &Cues,
    lex: &EventLexicon,
    en: &'d VerbDictionary,
    ar: &'d VerbDictionary,
    memo: &mut Memo<'d>,
) -> Vec<Trigger<'d>> {
    let n = norms.len();
    let mut out: Vec<Trigger<'d>> = Vec::new();
    let mut buf = String::new();
    let mut i = 0;
    while i < n {
        let w = &s.words[i];
        if w.entity.is_some() {
            i += 1;
            continue;
        }
        let mut verb: Option<VerbHit<'d>> = None;
        if w.latin {
            let entries: Vec<&'d VerbEntry> = en.entries(norms[i]).iter().collect();
            // has/is/will before a verb are its auxiliaries, not the act.
            let auxiliary = (cues.covers(i, Cue::Aux) || cues.covers(i, Cue::Be))
                && (i + 1..(i + 4).min(n)).any(|j| {
                    !en.entries(norms[j]).is_empty()
                        && !cues.covers(j, Cue::Aux)
                        && !cues.covers(j, Cue::Be)
                });
            if !entries.is_empty() && !auxiliary && !noun_position(s, cues, i) {
                let (kept, range, particle) =
                    with_particles(&entries, norms, i, Lang::En, &mut memo.stems);
                if !kept.is_empty() {
                    verb = Some((kept, range, Lang::En, false, particle));
                }
            }
        } else if !(i > 0 && arabic_noun_position(s, cues, i)) {
            if !memo.verbs.contains_key(norms[i]) {
                let computed = {
                    let mut found: Vec<(&'d VerbEntry, bool)> = Vec::new();
                    verb_stems(norms[i], &mut buf, &mut |stem, fut| {
                        for e in ar.entries(stem) {
                            if !found.iter().any(|(f, _)| std::ptr::eq(*f, e)) {
                                found.push((e, fut));
                            }
                        }
                    });
                    let future = !found.is_empty() && found.iter().all(|&(_, f)| f);
                    (
                        found.into_iter().map(|(e, _)| e).collect::<Vec<_>>(),
                        future,
                    )
                };
                memo.verbs.insert(norms[i].to_string(), computed);
            }
            let (entries, future) = &memo.verbs[norms[i]];
            let future = *future;
            if !entries.is_empty() {
                let (kept, range, particle) =
                    with_particles(entries, norms, i, Lang::Ar, &mut memo.stems);
                if !kept.is_empty() {
                    verb = Some((kept, range, Lang::Ar, future, particle));
                }
            }
        }
        if let Some((entries, range, lang, future, particle)) = verb {
            let saying = cues.covers(i, Cue::Saying);
            let clear = lang == Lang::Ar || clearly_verb(s, norms, cues, range.start);
            let mut framing = framing(s, norms, cues, range.start, i);
            framing.intent |= future;
            out.push(Trigger {
                head: i,
                words: range.clone(),
                kind: TriggerKind::Verb { lang, entries },
                framing,
                auxiliary: false,
                saying,
                clear,
                particle,
            });
            i = range.end.max(i + 1);
            continue;
        }
        if !w.latin && !memo.nouns.contains_key(norms[i]) {
            let firsts = lex.noun_firsts_of(&memo.stems.get(norms[i]));
            memo.nouns.insert(norms[i].to_string(), firsts);
        }
        let latin_firsts;
        let firsts: &[String] = if w.latin {
            latin_firsts = lex.noun_firsts(norms[i]);
            &latin_firsts
        } else {
            &memo.nouns[norms[i]]
        };
        if let Some((len, noun)) = (!firsts.is_empty())
            .then(|| lex.nouns_from(norms, i, firsts).into_iter().next())
            .flatten()
            && !s.words[i..i + len].iter().any(|w| w.entity.is_some())
            && (!w.latin
                || noun_position(s, cues, i)
                || i + len < n && cues.covers(i + len, Cue::Preposition))
        {
            let mut framing = framing(s, norms, cues, i, i);
            framing.passive = false;
            out.push(Trigger {
                head: i,
                words: i..i + len,
                kind: TriggerKind::Noun {
                    code: noun.code.clone(),
                    line: noun.line,
                },
                framing,
                auxiliary: false,
                saying: false,
                clear: false,
                particle: None,
            });
            i += len;
            continue;
        }
        i += 1;
    }
    mark_auxiliaries(&mut out, cues);
    out
}

/// An English word in a noun position: after a determiner, a possessive,
/// or a preposition other than `to`.
fn noun_position(s: &Sentence<'_>, cues: &Cues, i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let p = &s.words[i - 1];
    p.possessive
        || cues.covers(i - 1, Cue::Determiner) && !cues.covers(i - 1, Cue::Aux)
        || (cues.covers(i - 1, Cue::Preposition)
            && p.norm != "to"
            && !cues.covers(i - 1, Cue::Future))
}

/// True when what precedes English word `i` makes it a verb: the sentence
/// start, an actor, a pronoun, an auxiliary or modal, `to`, negation, a
/// future cue, an adverb, a coordinator, a subordinator, or punctuation.
fn clearly_verb(s: &Sentence<'_>, norms: &[&str], cues: &Cues, i: usize) -> bool {
    if i == 0 || s.words[i].punct_before != super::words::Punct::None {
        return true;
    }
    let j = i - 1;
    let c = cues.cover[j];
    s.words[j].entity.is_some()
        || [
            Cue::Pronoun,
            Cue::Aux,
            Cue::Be,
            Cue::Negation,
            Cue::Future,
            Cue::Coordinator,
            Cue::Subordinator,
            Cue::Refusal,
            Cue::Denial,
        ]
        .iter()
        .any(|&k| c.has(k))
        || norms[j] == "to"
        || is_adverb(cues, norms, j)
}

/// An Arabic word in a noun position: right after a preposition (a verb
/// never follows one: «على دعم», «بعد وصول»), or carrying a prepositional
/// proclitic that is not the subjunctive لـ of an imperfect (handled by the
/// stems: a bare form after بـ is a noun).
fn arabic_noun_position(s: &Sentence<'_>, cues: &Cues, i: usize) -> bool {
    let p = i - 1;
    s.words[p].entity.is_none()
        && cues.covers(p, Cue::Preposition)
        && !cues.covers(p, Cue::Subordinator)
        && s.words[i].punct_before == super::words::Punct::None
}

/// Entries whose particles appear around word `i`, and the trigger's word
/// range. Entries with particles come first; entries whose particles are
/// missing are dropped.
fn with_particles<'e>(
    entries: &[&'e VerbEntry],
    norms: &[&str],
    i: usize,
    lang: Lang,
    stems: &mut NounStemCache,
) -> (Vec<&'e VerbEntry>, Range<usize>, Option<usize>) {
    let mut kept: Vec<(&'e VerbEntry, Range<usize>, Option<usize>)> = Vec::new();
    for &e in entries {
        let mut range = i..i + 1;
        let mut ok = true;
        // English particles are adjacent (one word may intervene); Arabic
        // prepositions may be a proclitic of a word within four words.
        let mut pos = i + 1;
        let mut particle = None;
        for p in &e.after {
            // Arabic: the subject of a VSO clause sits between the verb
            // and its preposition (اجتمع الوزير … مع).
            let reach = if lang == Lang::En { 2 } else { 8 };
            let hit = (pos..(pos + reach).min(norms.len())).find(|&k| {
                norms[k] == p
                    || (lang == Lang::Ar
                        && p.chars().count() == 1
                        && norms[k].starts_with(p.as_str())
                        && norms[k].chars().count() > 2)
                    || (lang == Lang::Ar && p.chars().count() > 2 && stems.has(norms[k], p))
            });
            match hit {
                Some(k) => {
                    // An Arabic particle is a condition, not part of the
                    // trigger: the subject may sit before it.
                    if lang == Lang::En {
                        range.end = k + 1;
                    } else {
                        particle = Some(k);
                    }
                    pos = k + 1;
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        let mut start = i;
        for p in e.before.iter().rev() {
            if start > 0 && norms[start - 1] == p {
                start -= 1;
            } else {
                ok = false;
                break;
            }
        }
        range.start = start;
        if ok {
            kept.push((e, range, particle));
        }
    }
    kept.sort_by_key(|(e, _, _)| std::cmp::Reverse(e.after.len() + e.before.len()));
    let (range, particle) = kept
        .first()
        .map_or((i..i + 1, None), |(_, r, p)| (r.clone(), *p));
    // Only entries as specific as the best one.
    let best = kept
        .first()
        .map_or(0, |(e, _, _)| e.after.len() + e.before.len());
    let kept = kept
        .into_iter()
        .filter(|(e, _, _)| e.after.len() + e.before.len() == best)
        .map(|(e, _, _)| e)
        .collect();
    (kept, range, particle)
}

/// Reads the words before a trigger (its verb group: auxiliaries, modals,
/// negation, adverbs; at most five words, not across an actor or a clause
/// mark) for intent, negation, refusal, denial and passive cues.
fn framing(s: &Sentence<'_>, norms: &[&str], cues: &Cues, start: usize, head: usize) -> Framing {
    let mut f = Framing::default();
    let lo = start.saturating_sub(5);
    let mut k = start;
    let mut be_before = false;
    while k > lo {
        let j = k - 1;
        let w = &s.words[j];
        if w.entity.is_some() {
            break;
        }
        let c = cues.cover[j];
        if c.has(Cue::Future) {
            f.intent = true;
        }
        if c.has(Cue::Negation) {
            f.negated = true;
        }
        if c.has(Cue::Refusal) {
            f.refusal = true;
        }
        if c.has(Cue::Denial) {
            f.denied = true;
        }
        // Passive: a form of "be" right before the verb, across adverbs
        // and been/being only ("was fiercely opposed", "has been attacked").
        if c.has(Cue::Be)
            && (j + 1..start)
                .all(|x| is_adverb(cues, norms, x) || matches!(norms[x], "been" | "being"))
        {
            be_before = true;
        }
        let in_group = c.has(Cue::Future)
            || c.has(Cue::Negation)
            || c.has(Cue::Refusal)
            || c.has(Cue::Denial)
            || c.has(Cue::Aux)
            || c.has(Cue::Be)
            || is_adverb(cues, norms, j)
            || norms[j] == "to"
            || norms[j] == "ان";
        if !in_group
            || s.words[k.min(s.words.len() - 1)].punct_before != super::words::Punct::None
                && k != start
        {
            break;
        }
        k = j;
    }
    // English passive: be + a past form (not the base, -s or -ing form).
    let w = norms[head];
    let past = s.words[head].latin
        && !w.ends_with("ing")
        && (w.ends_with("ed") || w.ends_with("en") || w.ends_with("ught"));
    if past && (be_before || reduced_passive(s, norms, cues, start, head)) {
        f.passive = true;
    }
    f
}

/// Rule `reduced_passive`: an English past form right after an actor
/// phrase with no "be" of its own is a participle, not the actor's act,
/// when "by" follows it ("civilians killed by shelling") or the phrase is
/// the subject of an existential "there be" ("there were ten soldiers
/// killed in …"). The actor phrase is then what the act befell (the
/// target), as in the full passive.
fn reduced_passive(
    s: &Sentence<'_>,
    norms: &[&str],
    cues: &Cues,
    start: usize,
    head: usize,
) -> bool {
    if start == 0 || head != start || s.words[start].punct_before != super::words::Punct::None {
        return false;
    }
    let Some(e) = s.words[start - 1].entity else {
        return false;
    };
    if norms.get(head + 1) == Some(&"by") {
        return true;
    }
    // "there" + be, then at most three words (a number, a determiner)
    // before the actor phrase.
    let first = s.entities[e].words.start;
    (first.saturating_sub(4)..first).any(|j| {
        j > 0
            && cues.covers(j, Cue::Be)
            && norms[j - 1] == "there"
            && (j + 1..first).all(|k| s.words[k].entity.is_none())
    })
}

/// Marks triggers that only frame the next trigger of their clause: a verb
/// covered by a future, refusal or denial phrase ("agreed to", «رفض») with
/// another trigger within four words after it.
fn mark_auxiliaries(ts: &mut [Trigger<'_>], cues: &Cues) {
    for k in 0..ts.len() {
        let h = ts[k].head;
        let frames = cues.covers(h, Cue::Future)
            || cues.covers(h, Cue::Refusal)
            || cues.covers(h, Cue::Denial);
        if !frames {
            continue;
        }
        let end = ts[k].words.end;
        if let Some(next) = ts.get(k + 1)
            && next.head >= end
            && next.head <= end + 4
        {
            ts[k].auxiliary = true;
            let (refusal, denied, intent) = (
                cues.covers(h, Cue::Refusal),
                cues.covers(h, Cue::Denial),
                cues.covers(h, Cue::Future),
            );
            let nf = &mut ts[k + 1].framing;
            nf.refusal |= refusal;
            nf.denied |= denied;
            nf.intent |= intent;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Field;
    use crate::nlp::AnalyzedField;
    use crate::stages::events::dictionary::reader::read_into;
    use crate::stages::events::words::{TokenView, sentences};

    fn dicts() -> (VerbDictionary, VerbDictionary) {
        let mut en = VerbDictionary::new(Lang::En);
        read_into(&mut en, "en.txt", "--- MEET [040] ---\nMEET {MEETS MET MEETING}\n+MEET_WITH {+MET_WITH}\n--- ATTACK [190] ---\nATTACK\n--- AGREE [030] ---\nAGREE\n", true).unwrap();
        let mut ar = VerbDictionary::new(Lang::Ar);
        read_into(
            &mut ar,
            "ar.txt",
            "--- لقي [040] ---\nالتقى\n--- دعا [020] ---\nدعا+إلى\n",
            true,
        )
        .unwrap();
        (en, ar)
    }

    fn run(text: &str) -> Vec<(String, Framing, bool)> {
        let (en, ar) = dicts();
        let lex = EventLexicon::embedded();
        let f = AnalyzedField::from_text(Field::Body, text);
        let views: Vec<TokenView<'_>> = TokenView::of_field(&f);
        let s = sentences(Field::Body, text, &views, &[]).remove(0);
        let norms = s.norms();
        let cues = Cues::find(&lex, &s, &norms);
        find(&s, &norms, &cues, &lex, &en, &ar, &mut Memo::default())
            .into_iter()
            .map(|t| (norms[t.words.clone()].join(" "), t.framing, t.auxiliary))
            .collect()
    }

    #[test]
    fn verbs_nouns_and_framing() {
        let t = run("Arnor will meet with Gondor after an attack on Rohan");
        assert_eq!(t[0].0, "meet with");
        assert!(t[0].1.intent);
        // "an attack": a noun, coded from nouns.tsv.
        assert_eq!(t[1].0, "attack");
        let t = run("Arnor did not attack Gondor");
        assert!(t[0].1.negated && !t[0].1.intent);
        let t = run("Gondor was attacked by Arnor");
        assert!(t[0].1.passive);
        let t = run("Arnor agreed to meet Gondor");
        assert_eq!(t.len(), 2);
        assert!(t[0].2, "agreed frames meet");
        assert!(t[1].1.intent);
    }

    #[test]
    fn arabic_lemmas_particles_and_future_prefix() {
        let t = run("وسيلتقي السيسي حفتر");
        assert_eq!(t[0].0, "وسيلتقي");
        assert!(t[0].1.intent);
        let t = run("دعت مصر الأطراف إلى الحوار");
        // An Arabic preposition is a condition of the entry, not part of
        // the trigger (the subject may sit between them).
        assert_eq!(t[0].0, "دعت");
        // Without its preposition دعا+إلى does not apply.
        assert!(run("دعت مصر الأطراف").is_empty());
        let t = run("لم يلتق السيسي حفتر");
        assert!(t.is_empty() || t[0].1.negated);
        let t = run("بدأت القوات هجوماً على طرابلس");
        assert_eq!(t[0].0, "هجوما");
    }
}
