//! Rule **one-name-one-kind** (document consistency): a name the tagger
//! reads as a person or an organisation in one sentence names the same
//! thing at its other mentions in the same article, where the tagger,
//! which sees one sentence at a time, found nothing. The tagger misses a
//! name most often where its sentence gives no cue («تحت استراتيجية
//! رامسفيلد» after «وزير الدفاع دونالد رامسفيلد»); one cued mention is
//! enough for the article.
//!
//! - Every PER or ORG mention whose exact words occur again, uncovered by
//!   any mention, inside one sentence, adds a mention of the same kind
//!   there. Arabic words are compared folded (`nlp::ner::text::fold`), and
//!   the first word may carry proclitics the name does not (و ف ب ل ك,
//!   لل for ل + ال): «ورامسفيلد» is a mention of «رامسفيلد», with the
//!   proclitic outside the span as for every mention. English words are
//!   compared as written (case matters: "Bush" the name, not "bush").
//! - The last word of a person's name of two words or more (the family
//!   name: «البارزاني» after «مسعود البارزاني», "Woodward" after "Bob
//!   Woodward") is a person at its lone mentions, unless it is a given
//!   name itself (the model's `given_name` lexicon: «محمد علي» says
//!   nothing about «علي») or the word before it is one (another person
//!   of the same family), or it has fewer than three letters.
//! - A name read with two kinds in the article (PER in one sentence, ORG
//!   or LOC in another) adds nothing: the article does not say which.
//!
//! Measured on held-out data before being switched on (`docs/ner.md`).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::article::{EntityKind, EntityMention, EntityRule, FieldText};
use crate::nlp::AnalyzedField;
use crate::nlp::ner::Model;
use crate::nlp::ner::text::fold;

use super::units::Unit;

/// One word unit the tagger saw, in text order.
#[derive(Debug, Clone, Copy)]
pub(super) struct SeenWord {
    /// Index of the field in the analysis' `fields`.
    pub field: usize,
    /// Running sentence number across the article (a match never crosses
    /// a sentence end).
    pub sentence: usize,
    pub unit: Unit,
}

/// Arabic proclitic strings a first word may carry before a name, longest
/// first (و/ف, then ب/ل/ك).
const PROCLITICS: [&str; 11] = ["وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك"];

/// Comparison key of a word: folded in Arabic, as written in English.
fn key(word: &str, arabic: bool) -> String {
    if arabic { fold(word) } else { word.to_string() }
}

/// The names a (folded) Arabic `word` can be read as, each with its chars
/// of proclitic: the word itself, then for each of [`PROCLITICS`] that
/// opens it, the rest (except ل before ال, which is written لل), and for a
/// proclitic ending in ل followed by ل, the rest with its article («للعراق»
/// = ل + «العراق»). In [`PROCLITICS`] order, so the longest proclitic
/// comes first.
fn name_readings(word: &str) -> impl Iterator<Item = (usize, Cow<'_, str>)> {
    let stripped = PROCLITICS
        .iter()
        .filter_map(move |p| word.strip_prefix(p).map(|rest| (p, rest)));
    std::iter::once((0, Cow::Borrowed(word))).chain(stripped.flat_map(|(p, rest)| {
        let k = p.chars().count();
        let lam = p.ends_with('ل');
        let bare = (!(lam && rest.starts_with("ال"))).then_some((k, Cow::Borrowed(rest)));
        let article = (lam.then(|| rest.strip_prefix('ل')).flatten())
            .map(|stem| (k, Cow::Owned(format!("ال{stem}"))));
        bare.into_iter().chain(article)
    }))
}

/// Chars of proclitic before `name` in the (folded) `word`: `Some(0)` for
/// the word itself, `Some(k)` for k proclitic chars, `None` otherwise.
fn proclitic_before(word: &str, name: &str) -> Option<usize> {
    name_readings(word).find(|(_, n)| n == name).map(|(k, _)| k)
}

/// The test "is a given name" of `model`'s `given_name` lexicon (baked
/// into its word table; never true when the model has no such lexicon).
pub(super) fn given_name(model: &Model) -> impl Fn(&str) -> bool + '_ {
    let mask = (model.header.lexicons.iter())
        .position(|n| n == "given_name")
        .map_or(0u32, |b| 1 << b);
    move |w: &str| mask != 0 && (model.words().get(&fold(w))).is_some_and(|i| i.flags & mask != 0)
}

/// Adds the mentions of rule one-name-one-kind to `found` (the tagger's
/// mentions of one article, in text order; kept in text order). `seen`
/// lists every word unit the tagger saw; `fields` and `texts` are the
/// analysed fields and their original texts, by the same index;
/// `given_name` tells a given name (folded Arabic or English as written).
pub(super) fn fill(
    found: &mut Vec<EntityMention>,
    seen: &[SeenWord],
    fields: &[(&AnalyzedField, FieldText<'_>)],
    arabic: bool,
    given_name: impl Fn(&str) -> bool,
) {
    // Name keys (word sequences) → kind, with the score of the mention.
    let mut kinds: HashMap<Vec<String>, (EntityKind, f64, bool)> = HashMap::new();
    let mut conflict: Vec<Vec<String>> = Vec::new();
    let mut note = |k: Vec<String>, kind: EntityKind, score: f64, surname: bool| {
        match kinds.get(&k) {
            Some(&(old, _, old_surname)) if old != kind => {
                // A full name's kind beats a family-name guess of another
                // kind; two full names (or two guesses) conflict.
                if old_surname && !surname {
                    kinds.insert(k, (kind, score, surname));
                } else if old_surname == surname {
                    conflict.push(k);
                }
            }
            Some(_) => {}
            None => {
                kinds.insert(k, (kind, score, surname));
            }
        }
    };
    for m in found.iter() {
        let words: Vec<String> = m.text.split_whitespace().map(|w| key(w, arabic)).collect();
        if words.is_empty() {
            continue;
        }
        if m.kind == EntityKind::Per && words.len() >= 2 {
            let last = &words[words.len() - 1];
            let capital = arabic || last.chars().next().is_some_and(char::is_uppercase);
            if capital && last.chars().count() >= 3 && !given_name(last) {
                note(vec![last.clone()], EntityKind::Per, m.score, true);
            }
        }
        note(words, m.kind, m.score, false);
    }
    for k in conflict {
        kinds.remove(&k);
    }
    kinds.retain(|_, (kind, _, _)| matches!(kind, EntityKind::Per | EntityKind::Org));
    if kinds.is_empty() {
        return;
    }
    let mut names: Vec<(Vec<String>, EntityKind, f64)> = kinds
        .into_iter()
        .map(|(k, (kind, score, _))| (k, kind, score))
        .collect();
    // Longest names first; ties in a fixed order (the output must not
    // depend on hash order).
    names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));

    let covered = |found: &[EntityMention], fi: usize, u: &Unit| {
        let field = fields[fi].0.field;
        found
            .iter()
            .any(|m| m.field == field && m.start < u.end && u.start < m.end)
    };
    let word_key = |w: &SeenWord| {
        let view = &fields[w.field].1;
        key(view.slice(w.unit.start, w.unit.end), arabic)
    };
    let keys: Vec<String> = seen.iter().map(word_key).collect();
    let mut added = Vec::new();
    let mut i = 0;
    // First words of the names, to pass over most words with a lookup or
    // two: a word can open a match only if it is a first word, or one
    // with proclitics before it.
    let firsts: HashSet<&str> = names.iter().map(|(n, ..)| n[0].as_str()).collect();
    let may_open = |w: &str| {
        if arabic {
            name_readings(w).any(|(_, n)| firsts.contains(n.as_ref()))
        } else {
            firsts.contains(w)
        }
    };
    while i < seen.len() {
        let here = &seen[i];
        if !may_open(&keys[i]) || covered(found, here.field, &here.unit) {
            i += 1;
            continue;
        }
        let mut step = 1;
        for (name, kind, score) in &names {
            let n = name.len();
            if i + n > seen.len() {
                continue;
            }
            let run = &seen[i..i + n];
            if run
                .iter()
                .any(|w| w.field != here.field || w.sentence != here.sentence)
            {
                continue;
            }
            let Some(k) = (if arabic {
                proclitic_before(&keys[i], &name[0])
            } else {
                (keys[i] == name[0]).then_some(0)
            }) else {
                continue;
            };
            if (1..n).any(|j| keys[i + j] != name[j]) {
                continue;
            }
            if run[1..].iter().any(|w| covered(found, w.field, &w.unit)) {
                continue;
            }
            // A lone family name right after a given name is another
            // person's full name, not this one's mention.
            if n == 1 && i > 0 && seen[i - 1].sentence == here.sentence && given_name(&keys[i - 1])
            {
                continue;
            }
            let (field, view) = &fields[here.field];
            let start = if k > 0 {
                field.orig_offset(here.unit.first_token, k)
            } else {
                here.unit.start
            };
            let end = run[n - 1].unit.end;
            added.push(EntityMention {
                kind: *kind,
                field: field.field,
                start,
                end,
                text: view.slice(start, end).to_string(),
                score: *score,
                model: found.first().map_or("", |m| m.model),
                rule: Some(EntityRule::OneNameOneKind),
            });
            step = n;
            break;
        }
        i += step;
    }
    if added.is_empty() {
        return;
    }
    found.extend(added);
    let order = |m: &EntityMention| (fields.iter().position(|(f, _)| f.field == m.field), m.start);
    found.sort_by_key(order);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Field;
    use crate::stages::entities::units::sentence_units;
    use crate::stages::testutil;

    #[test]
    fn proclitics_before_a_name() {
        assert_eq!(proclitic_before("رامسفيلد", "رامسفيلد"), Some(0));
        assert_eq!(proclitic_before("ورامسفيلد", "رامسفيلد"), Some(1));
        assert_eq!(proclitic_before("وبرامسفيلد", "رامسفيلد"), Some(2));
        assert_eq!(proclitic_before("للعراق", "العراق"), Some(1));
        assert_eq!(proclitic_before("وللعراق", "العراق"), Some(2));
        assert_eq!(proclitic_before("بالعراق", "العراق"), Some(1));
        assert_eq!(proclitic_before("العراقي", "العراق"), None);
        assert_eq!(proclitic_before("سرامسفيلد", "رامسفيلد"), None);
    }

    /// Runs the rule over `body` with the tagger's mentions given as
    /// `(kind, text)` in text order (each the next occurrence of its text
    /// after the one before); returns every
    /// mention after the rule as `(kind, text, start)`.
    fn run(
        body: &str,
        lang: &str,
        tagged: &[(EntityKind, &str)],
        given: &[&str],
    ) -> Vec<(EntityKind, String, usize)> {
        let doc = testutil::analyzed(body, None, Some(lang), None);
        let analysis = doc.analysis.as_ref().unwrap();
        let view = FieldText::new(body);
        let mut from = 0;
        let mut found: Vec<EntityMention> = tagged
            .iter()
            .map(|&(kind, text)| {
                let byte = from + body[from..].find(text).unwrap();
                from = byte + text.len();
                let start = body[..byte].chars().count();
                EntityMention {
                    kind,
                    field: Field::Body,
                    start,
                    end: start + text.chars().count(),
                    text: text.into(),
                    score: 0.9,
                    model: "ner_test",
                    rule: None,
                }
            })
            .collect();
        let mut seen = Vec::new();
        let mut units = Vec::new();
        let field = &analysis.fields[0];
        let toks = &field.tokens;
        let (mut a, mut sentence) = (0, 0);
        while a < toks.len() {
            let mut b = a + 1;
            while b < toks.len() && toks[b].sentence == toks[a].sentence {
                b += 1;
            }
            sentence_units(field, &view, a, b, &mut units);
            sentence += 1;
            seen.extend(units.iter().filter(|u| u.is_word()).map(|&unit| SeenWord {
                field: 0,
                sentence,
                unit,
            }));
            a = b;
        }
        let fields = [(field, FieldText::new(body))];
        let arabic = lang == "ar";
        let given = |w: &str| given.iter().any(|g| key(g, arabic) == w);
        fill(&mut found, &seen, &fields, arabic, given);
        for m in &found {
            assert_eq!(view.slice(m.start, m.end), m.text);
        }
        found
            .into_iter()
            .map(|m| (m.kind, m.text, m.start))
            .collect()
    }

    #[test]
    fn a_name_tagged_once_is_tagged_at_its_other_mentions() {
        let body = "قال وزير الدفاع دونالد رامسفيلد إن الحرب انتهت. \
                    وتقول حركة طالبان إن استراتيجية رامسفيلد فشلت. \
                    وهاجمت طالبان مواقع الجيش ورامسفيلد صامت.";
        let got = run(
            body,
            "ar",
            &[
                (EntityKind::Per, "دونالد رامسفيلد"),
                (EntityKind::Org, "طالبان"),
            ],
            &["دونالد"],
        );
        let texts: Vec<(EntityKind, &str)> = got.iter().map(|(k, t, _)| (*k, t.as_str())).collect();
        assert_eq!(
            texts,
            [
                (EntityKind::Per, "دونالد رامسفيلد"),
                (EntityKind::Org, "طالبان"),
                (EntityKind::Per, "رامسفيلد"),
                (EntityKind::Org, "طالبان"),
                (EntityKind::Per, "رامسفيلد"),
            ]
        );
        // The proclitic of «ورامسفيلد» is outside the mention.
        let last = &got[4];
        let byte = body.find("ورامسفيلد").unwrap();
        assert_eq!(last.2, body[..byte].chars().count() + 1);
    }

    #[test]
    fn names_read_two_ways_given_names_and_lowercase_words_add_nothing() {
        // «الفجر» is PER in one sentence, ORG in another: no fill.
        let body = "أعلن الفجر بيانا. وقال الفجر إن الجيش تقدم. ورد الفجر على الاتهامات.";
        let got = run(
            body,
            "ar",
            &[(EntityKind::Per, "الفجر"), (EntityKind::Org, "الفجر")],
            &[],
        );
        assert_eq!(got.len(), 2, "{got:?}");
        // A given name as the last word says nothing about its lone mentions,
        // and an English surname fills only where it is capitalised.
        let body = "Bob Woodward wrote the book. Woodward said the bush was green. \
                    Mohammed Ali spoke. Ali left. The woodward path.";
        let got = run(
            body,
            "en",
            &[
                (EntityKind::Per, "Bob Woodward"),
                (EntityKind::Per, "Mohammed Ali"),
            ],
            &["Bob", "Mohammed", "Ali"],
        );
        let texts: Vec<&str> = got.iter().map(|(_, t, _)| t.as_str()).collect();
        assert_eq!(texts, ["Bob Woodward", "Woodward", "Mohammed Ali"]);
    }
}
