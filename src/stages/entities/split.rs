//! Rule **split-joined-persons** (Arabic): a person span the tagger ran
//! across two names is cut where a word inside it is a bare proclitic
//! (و "and", ب "with", ل "to", ك "like") glued to a given name:
//! «عبد الفتاح السيسي بخليفة حفتر» → «عبد الفتاح السيسي» + «بخليفة حفتر»
//! (the stage then puts the ب outside the second mention).
//!
//! A name does not carry a preposition or conjunction inside it, so such
//! a word opens a new phrase. The test of "name word" is the model's own
//! `given_name` lexicon flag (`data/names/ar_given.txt`, baked into the
//! word table): the word after the proclitic must have it, and the whole
//! word must not (وسام, بلال and وليد are names themselves). The words of
//! the dictionaries' person names (`actor_person`) are not used: they hold
//! family and foreign names («كاسياس», «بوين») whose proclitic-like first
//! letter cut real names.

use super::Tagged;
use crate::article::EntityRule;
use crate::nlp::ner::text::fold;
use crate::nlp::ner::{EntityClass, EntitySpan, Model};

/// Splits the PER spans of `spans` (token indices into `words`) at every
/// inner word that is a proclitic و/ب/ل/ك plus a given name (see the
/// module doc). Other spans, and every span when the model has no
/// `given_name` lexicon, are left as they are. The pieces of a cut span
/// carry [`EntityRule::SplitJoinedPersons`].
pub(super) fn split_joined_persons(
    spans: Vec<EntitySpan>,
    words: &[&str],
    model: &Model,
) -> Vec<Tagged> {
    let bit = |name: &str| {
        (model.header.lexicons.iter())
            .position(|n| n == name)
            .map_or(0u32, |b| 1 << b)
    };
    let mask = bit("given_name");
    if mask == 0 {
        return spans.into_iter().map(Tagged::from).collect();
    }
    let given = |w: &str| model.words().get(w).is_some_and(|i| i.flags & mask != 0);
    let opens_name = |word: &str| {
        let f = fold(word);
        let mut chars = f.chars();
        let Some(p) = chars.next() else {
            return false;
        };
        let rest = chars.as_str();
        matches!(p, 'و' | 'ب' | 'ل' | 'ك') && rest.chars().count() >= 3 && given(rest) && !given(&f)
    };
    let mut out = Vec::with_capacity(spans.len());
    for s in spans {
        if s.class != EntityClass::Per {
            out.push(Tagged::from(s));
            continue;
        }
        let first = out.len();
        let mut start = s.start;
        for (i, w) in words.iter().enumerate().take(s.end).skip(s.start + 1) {
            if opens_name(w) {
                out.push(Tagged::from(EntitySpan {
                    start,
                    end: i,
                    class: s.class,
                }));
                start = i;
            }
        }
        out.push(Tagged::from(EntitySpan {
            start,
            end: s.end,
            class: s.class,
        }));
        if out.len() - first > 1 {
            for t in &mut out[first..] {
                t.rule = Some(EntityRule::SplitJoinedPersons);
            }
        }
    }
    out
}
