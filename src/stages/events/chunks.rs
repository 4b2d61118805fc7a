//! Shallow chunking: cue phrases over the words, clauses, and actor
//! phrases ("groups": one actor, a compound "Egypt and the UAE", a list
//! "Mordor, Rohan, Fornost and Bree", an apposition "the Egyptian president
//! Abdel Fattah el-Sisi") with the preposition that governs each.
//!
//! Clause boundaries (rule names in brackets): `;` `؛` `:` [punctuation],
//! a subordinator or relative pronoun (that, which, الذي, أن, إن…)
//! [subordinator], a coordinator before a verb (… and promised, وأكد)
//! [coordinated_verb], a comma before a verb of saying (…, a senior official
//! said) [comma_saying].

use std::ops::Range;

use super::lexicon::{Cue, CueSet, EventLexicon};
use super::words::{EntityKind, Punct, Sentence};
use crate::nlp::arabic;

/// Cue phrases found over a sentence.
#[derive(Debug, Clone, Default)]
pub struct Cues {
    /// Phrases starting at each word: (length in words, cue).
    pub at: Vec<Vec<(usize, Cue)>>,
    /// Cues covering each word.
    pub cover: Vec<CueSet>,
}

impl Cues {
    /// Finds the cue phrases of `norms` (skipping words inside entities).
    pub fn find(lex: &EventLexicon, s: &Sentence<'_>, norms: &[&str]) -> Self {
        let n = norms.len();
        let mut at = vec![Vec::new(); n];
        let mut cover = vec![CueSet::default(); n];
        for i in 0..n {
            if s.words[i].entity.is_some() {
                continue;
            }
            for (len, cue) in lex.cues_at(norms, i) {
                if s.words[i..i + len].iter().any(|w| w.entity.is_some()) {
                    continue;
                }
                at[i].push((len, cue));
                for c in &mut cover[i..i + len] {
                    c.add(cue);
                }
            }
        }
        Self { at, cover }
    }

    /// True when a phrase of `cue` starts at word `i`.
    pub fn starts(&self, i: usize, cue: Cue) -> bool {
        self.at
            .get(i)
            .is_some_and(|v| v.iter().any(|&(_, c)| c == cue))
    }

    /// True when `cue` covers word `i`.
    pub fn covers(&self, i: usize, cue: Cue) -> bool {
        self.cover.get(i).is_some_and(|c| c.has(cue))
    }
}

/// How a clause relates to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClauseKind {
    /// The sentence's first clause.
    Main,
    /// Opened by a subordinator or relative pronoun.
    Subordinate,
    /// Opened by a relative pronoun (who, which, الذي): its missing subject
    /// is the phrase before it.
    Relative,
    /// A coordinated verb phrase (… and promised): its missing subject is
    /// the previous clause's.
    Coordinated,
    /// After `;` `:` or a comma before a verb of saying.
    Other,
}

/// A clause: a word range of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Words.
    pub words: Range<usize>,
    /// Relation to the previous clause.
    pub kind: ClauseKind,
}

/// Splits a sentence into clauses. `is_verb(i)` tells whether word `i` is a
/// verb trigger (a coordinator before one opens a clause).
pub fn clauses(s: &Sentence<'_>, cues: &Cues, is_verb: &dyn Fn(usize) -> bool) -> Vec<Clause> {
    let n = s.words.len();
    let mut out: Vec<Clause> = Vec::new();
    let mut start = 0;
    let mut kind = ClauseKind::Main;
    for i in 1..n {
        let w = &s.words[i];
        if w.entity.is_some() {
            continue;
        }
        let new_kind = if matches!(w.punct_before, Punct::Semicolon | Punct::Colon) {
            Some(ClauseKind::Other)
        } else if cues.starts(i, Cue::Subordinator) && !cues.covers(i, Cue::Preposition)
            || cues.starts(i, Cue::Relative)
        {
            Some(if cues.starts(i, Cue::Relative) {
                ClauseKind::Relative
            } else {
                ClauseKind::Subordinate
            })
        } else if (cues.starts(i, Cue::Coordinator) && i + 1 < n && is_verb(i + 1))
            || (!w.latin && is_verb(i) && w.norm.starts_with(arabic::CONJUNCTIONS))
        {
            Some(ClauseKind::Coordinated)
        } else if w.punct_before == Punct::Comma && saying_ahead(s, cues, i) {
            Some(ClauseKind::Other)
        } else {
            None
        };
        if let Some(k) = new_kind
            && i > start
        {
            out.push(Clause {
                words: start..i,
                kind,
            });
            start = i;
            kind = k;
        }
    }
    if start < n {
        out.push(Clause {
            words: start..n,
            kind,
        });
    }
    out
}

/// True when a verb of saying follows word `i` within five words, before any
/// other comma ("…, a senior official said on Saturday").
fn saying_ahead(s: &Sentence<'_>, cues: &Cues, i: usize) -> bool {
    (i..(i + 6).min(s.words.len()))
        .take_while(|&k| k == i || s.words[k].punct_before != Punct::Comma)
        .any(|k| cues.starts(k, Cue::Saying))
}

/// The clause holding word `i`.
pub fn clause_of(clauses: &[Clause], i: usize) -> usize {
    clauses
        .iter()
        .position(|c| c.words.contains(&i))
        .unwrap_or(0)
}

/// The preposition that governs an actor phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prep {
    /// Normalised preposition (`with`, `في`, or an Arabic proclitic `ب`).
    pub norm: String,
    /// Word index of a separate preposition; `None` for a proclitic.
    pub word: Option<usize>,
    /// Its cues (locative, target preposition, passive agent).
    pub cues: CueSet,
}

/// One participant of a group: the entities naming one referent
/// (an apposition) and the one to code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Entity to use (index into `Sentence::entities`).
    pub entity: usize,
    /// Every entity of the apposition.
    pub all: Vec<usize>,
}

/// An actor phrase: one or more members joined by coordinators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Participants (two or more for a compound).
    pub members: Vec<Member>,
    /// Words from the first entity's start to the last's end.
    pub words: Range<usize>,
    /// The preposition before the first entity.
    pub prep: Option<Prep>,
}

impl Group {
    /// True when every member names a place.
    pub fn is_place(&self, s: &Sentence<'_>) -> bool {
        self.members
            .iter()
            .all(|m| s.entities[m.entity].kind == EntityKind::Place)
    }

    /// True when the group is governed by a preposition with `cue`.
    pub fn prep_has(&self, cue: Cue) -> bool {
        self.prep.as_ref().is_some_and(|p| p.cues.has(cue))
    }
}

/// The preposition before entity `e`: its proclitic (`بـ`, `لـ`, `كـ`), or a
/// preposition word before it, across up to three determiners.
fn prep_of(s: &Sentence<'_>, cues: &Cues, lex: &EventLexicon, e: usize) -> Option<Prep> {
    let ent = &s.entities[e];
    let clitic = ent
        .clitic
        .trim_start_matches(arabic::CONJUNCTIONS)
        .trim_end_matches("ال");
    if let Some(c) = clitic.chars().next()
        && arabic::PREPOSITIONS.contains(&c)
    {
        let norm = c.to_string();
        let mut set = CueSet::default();
        for (_, cue) in lex.cues_at(&[norm.as_str()], 0) {
            set.add(cue);
        }
        return Some(Prep {
            norm,
            word: None,
            cues: set,
        });
    }
    let mut i = ent.words.start;
    let mut skipped = 0;
    while i > 0 {
        let j = i - 1;
        if s.words[j].entity.is_some() {
            return None;
        }
        if cues.covers(j, Cue::Preposition) {
            let start = (0..=j)
                .rev()
                .take_while(|&k| cues.covers(k, Cue::Preposition))
                .last()
                .unwrap_or(j);
            let mut set = CueSet::default();
            for k in start..=j {
                set.0 |= cues.cover[k].0;
            }
            return Some(Prep {
                norm: s.words[start..=j]
                    .iter()
                    .map(|w| w.norm)
                    .collect::<Vec<_>>()
                    .join(" "),
                word: Some(start),
                cues: set,
            });
        }
        // Determiners; and title or adjective words before a name ("with
        // Prime Minister X", «مع الرئيس التركي رجب طيب أردوغان»).
        let title_word = s.words[i].punct_before == Punct::None
            && cues.cover[j] == CueSet::default()
            && if s.words[j].latin {
                s.words[j].capitalized
            } else {
                s.words[j].norm.starts_with("ال")
            };
        if (cues.covers(j, Cue::Determiner) || title_word) && skipped < 3 {
            skipped += 1;
            i = j;
            continue;
        }
        return None;
    }
    None
}

/// Groups the sentence's entities into actor phrases, in text order.
pub fn groups(s: &Sentence<'_>, cues: &Cues, lex: &EventLexicon) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    let mut e = 0;
    let n = s.entities.len();
    while e < n {
        let mut members = vec![Member {
            entity: e,
            all: vec![e],
        }];
        let mut end = s.entities[e].words.end;
        let mut coordinated = false;
        let mut k = e + 1;
        while k < n {
            let next = &s.entities[k];
            let between = end..next.words.start;
            let link = link_between(s, cues, between.clone(), k - 1, k);
            match link {
                Link::Apposition if between.is_empty() => {
                    // No separator: a title and a name of one referent.
                    let m = members.last_mut().expect("one member");
                    m.all.push(k);
                    if next.code.is_some() {
                        m.entity = k;
                    }
                }
                Link::Apposition => {
                    members.last_mut().expect("one member").all.push(k);
                }
                Link::Coordinated => {
                    coordinated = true;
                    members.push(Member {
                        entity: k,
                        all: vec![k],
                    });
                }
                Link::List => members.push(Member {
                    entity: k,
                    all: vec![k],
                }),
                Link::None => break,
            }
            end = next.words.end;
            k += 1;
        }
        // A comma list without a coordinator is an apposition chain
        // ("Osgiliath, the state's fiercest foe"): keep the first member.
        if !coordinated && members.len() > 1 {
            let all: Vec<usize> = members.iter().flat_map(|m| m.all.clone()).collect();
            members = vec![Member {
                entity: members[0].entity,
                all,
            }];
        }
        out.push(Group {
            prep: prep_of(s, cues, lex, e),
            words: s.entities[e].words.start..end,
            members,
        });
        e = k;
    }
    out
}

enum Link {
    Apposition,
    Coordinated,
    List,
    None,
}

/// How the words `between` two entities link them.
fn link_between(
    s: &Sentence<'_>,
    cues: &Cues,
    between: Range<usize>,
    prev: usize,
    next: usize,
) -> Link {
    let next_start = between.end;
    // A comma that opens a trailing attribution ends the phrase: in
    // "Egypt condemned Turkey, the government said" the government is the
    // speaker, not an apposition of Turkey (the clause splits there too).
    let comma_at = (between.start..=next_start.min(s.words.len() - 1))
        .find(|&k| s.words[k].punct_before == Punct::Comma);
    if comma_at.is_some_and(|k| saying_ahead(s, cues, k)) {
        return Link::None;
    }
    let clitic = s.entities[next].clitic.as_str();
    // A prepositional proclitic (بخليفة, للقاهرة) starts a new phrase.
    if clitic
        .trim_start_matches(arabic::CONJUNCTIONS)
        .starts_with(arabic::PREPOSITIONS)
    {
        return Link::None;
    }
    if between.is_empty() {
        if clitic.starts_with('و') {
            return Link::Coordinated;
        }
        // A title and a name are one referent; two adjacent places are two
        // (اتهمت إيران إسرائيل: a subject and an object).
        let actors = s.entities[prev].kind == EntityKind::Actor
            && s.entities[next].kind == EntityKind::Actor;
        return match s.words.get(next_start).map(|w| w.punct_before) {
            Some(Punct::Comma) => Link::List,
            Some(Punct::None) if actors => Link::Apposition,
            _ => Link::None,
        };
    }
    let mut coordinator = clitic.starts_with('و');
    let mut others = 0;
    for i in between.clone() {
        let w = &s.words[i];
        if cues.starts(i, Cue::Coordinator) || cues.covers(i, Cue::Coordinator) {
            coordinator |= w.norm == "and" || w.norm == "or" || w.norm == "و" || w.norm == "او";
            continue;
        }
        if cues.covers(i, Cue::Determiner) {
            continue;
        }
        if cues.covers(i, Cue::Preposition) || cues.covers(i, Cue::Subordinator) {
            return Link::None;
        }
        others += 1;
    }
    // Up to two adjectives may sit in a list member ("the evil awful Gondor").
    if others > 2 {
        return Link::None;
    }
    let comma = s.words[between.start..=next_start.min(s.words.len() - 1)]
        .iter()
        .any(|w| w.punct_before == Punct::Comma);
    if coordinator {
        Link::Coordinated
    } else if comma && others == 0 {
        Link::List
    } else {
        Link::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Field, Mention};
    use crate::nlp::AnalyzedField;
    use crate::stages::events::words::{EntityMention, TokenView, sentences};

    /// Sentence with entities at the given (start, end) char spans.
    fn sentence<'a>(f: &'a AnalyzedField, text: &str, spans: &[(usize, usize)]) -> Sentence<'a> {
        let views: Vec<TokenView<'a>> = TokenView::of_field(f);
        let ms: Vec<Mention> = spans
            .iter()
            .map(|&(s, e)| Mention {
                field: Field::Body,
                start: s,
                end: e,
                text: text.chars().skip(s).take(e - s).collect(),
            })
            .collect();
        let em: Vec<EntityMention<'_>> = ms
            .iter()
            .enumerate()
            .map(|(i, m)| EntityMention {
                kind: EntityKind::Actor,
                index: i,
                code: Some("XXX"),
                mention: m,
            })
            .collect();
        sentences(Field::Body, text, &views, &em).remove(0)
    }

    fn span_of(text: &str, needle: &str) -> (usize, usize) {
        let b = text.find(needle).unwrap();
        let s = text[..b].chars().count();
        (s, s + needle.chars().count())
    }

    /// The actor phrases of `text` whose entities are the first occurrences
    /// of `names`.
    fn groups_of(text: &str, names: &[&str]) -> Vec<Group> {
        let f = AnalyzedField::from_text(Field::Body, text);
        let spans: Vec<_> = names.iter().map(|n| span_of(text, n)).collect();
        let s = sentence(&f, text, &spans);
        let lex = EventLexicon::embedded();
        let norms = s.norms();
        let cues = Cues::find(&lex, &s, &norms);
        groups(&s, &cues, &lex)
    }

    #[test]
    fn a_trailing_attribution_is_no_apposition() {
        let g = groups_of(
            "Mordor condemned Gondor, the council said on Monday",
            &["Mordor", "Gondor", "council"],
        );
        // Gondor and the council are two phrases, not one apposition.
        assert_eq!(g.len(), 3);
        assert_eq!(g[1].members[0].all, vec![1]);
        // Without the verb of saying the comma still joins an apposition.
        let g = groups_of(
            "Mordor condemned Gondor, the council of the west",
            &["Mordor", "Gondor", "council"],
        );
        assert_eq!(g.len(), 2);
        assert_eq!(g[1].members[0].all, vec![1, 2]);
    }

    #[test]
    fn compound_list_and_preposition() {
        let g = groups_of(
            "Mordor, Rohan, Fornost and Bree welcomed ties with Gondor and Arnor",
            &["Mordor", "Rohan", "Fornost", "Bree", "Gondor", "Arnor"],
        );
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].members.len(), 4);
        assert!(g[0].prep.is_none());
        assert_eq!(g[1].members.len(), 2);
        assert_eq!(g[1].prep.as_ref().unwrap().norm, "with");
        assert!(g[1].prep_has(Cue::TargetPreposition));
    }

    #[test]
    fn arabic_apposition_and_clitic_preposition() {
        let g = groups_of(
            "التقى الرئيس المصري عبد الفتاح السيسي في القاهرة بخليفة حفتر والسراج",
            &[
                "الرئيس المصري",
                "عبد الفتاح السيسي",
                "القاهرة",
                "خليفة حفتر",
                "السراج",
            ],
        );
        assert_eq!(g.len(), 3, "{g:?}");
        // Title + name: one member, coded by the name.
        assert_eq!(g[0].members.len(), 1);
        assert_eq!(g[0].members[0].entity, 1);
        assert_eq!(g[1].prep.as_ref().unwrap().norm, "في");
        assert!(g[1].prep_has(Cue::Locative));
        // بخليفة حفتر والسراج: a compound after the proclitic ب.
        assert_eq!(g[2].prep.as_ref().unwrap().norm, "ب");
        assert_eq!(g[2].members.len(), 2);
    }

    #[test]
    fn clauses_split_at_subordinators_and_coordinated_verbs() {
        let text = "Arnor condemned the attack and promised aid, a senior official said";
        let f = AnalyzedField::from_text(Field::Body, text);
        let s = sentence(&f, text, &[]);
        let lex = EventLexicon::embedded();
        let norms = s.norms();
        let cues = Cues::find(&lex, &s, &norms);
        let verbs = ["condemned", "promised"];
        let is_verb = |i: usize| verbs.contains(&norms[i]);
        let c = clauses(&s, &cues, &is_verb);
        let kinds: Vec<ClauseKind> = c.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [ClauseKind::Main, ClauseKind::Coordinated, ClauseKind::Other]
        );
        assert_eq!(c[1].words, 4..7);
    }
}
