//! Matching a verb block's patterns (see `dictionary/mod.rs` for the
//! syntax) against a clause around a trigger. Words right of `*` are
//! matched left to right from the verb, words left of it right to left;
//! `_` requires the next word, a blank lets up to five words intervene
//! (within the clause). `$` `+` `%` match an actor phrase and name it source, target or
//! both. The pattern with the most literal elements wins; on a tie, the
//! first in the file.
//!
//! English words match exactly or as a regular plural; Arabic words match
//! any noun stem of the text word ([`super::morphology::noun_stems`]), so
//! `اتفاق` matches `الاتفاق` and `باتفاقات`.

use std::ops::Range;

use super::chunks::Group;
use super::dictionary::{Elem, Lang, Linked, Pattern, VerbBlock, VerbDictionary};
use super::morphology::Stems;

/// Words that may intervene where a pattern has a blank: PETRARCH matches
/// within the verb's phrase of a parse tree; without one, a window keeps a
/// pattern word from matching far away in a long clause.
const MAX_GAP: usize = 5;

/// What a matched pattern says about the roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatternMatch {
    /// Literal elements matched ([`Pattern::weight`]).
    pub weight: usize,
    /// Group named by `$`.
    pub source: Option<usize>,
    /// Group named by `+`.
    pub target: Option<usize>,
    /// Group named by `%`.
    pub compound: Option<usize>,
    /// One past the last word the pattern matched right of the verb (the
    /// verb's end when nothing there): words a pattern consumed are not
    /// triggers of their own ("supply arms").
    pub end: usize,
}

/// What pattern matching reads of a sentence.
pub struct MatchCtx<'a> {
    /// Normalised words.
    pub norms: &'a [&'a str],
    /// Actor phrases.
    pub groups: &'a [Group],
    /// Script of the dictionary.
    pub lang: Lang,
    /// The dictionary (for synonym sets).
    pub dict: &'a VerbDictionary,
    /// Arabic: noun stems of each word (empty for English).
    pub stems: &'a [Stems],
    /// Every form a pattern word can take to match a word of the sentence
    /// (the words, their English singulars, their Arabic stems): a pattern
    /// with a word outside it cannot match.
    pub present: &'a FastSet<&'a str>,
}

/// A hash set with foldhash.
pub type FastSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

/// The forms [`MatchCtx::present`] holds for words `range` of a sentence.
pub fn present_words<'a>(
    norms: &[&'a str],
    stems: &'a [Stems],
    range: Range<usize>,
) -> FastSet<&'a str> {
    let mut set = FastSet::default();
    for &w in &norms[range.clone()] {
        set.insert(w);
        if let Some(x) = w.strip_suffix("es") {
            set.insert(x);
        }
        if let Some(x) = w.strip_suffix('s') {
            set.insert(x);
        }
    }
    for st in stems.get(range).unwrap_or(&[]) {
        set.extend(st.iter().map(String::as_str));
    }
    set
}

impl MatchCtx<'_> {
    fn word_eq(&self, pat: &str, i: usize) -> bool {
        let t = self.norms[i];
        if pat == t {
            return true;
        }
        match self.lang {
            Lang::En => {
                t.len() == pat.len() + 1 && t.ends_with('s') && t.starts_with(pat)
                    || t.len() == pat.len() + 2 && t.ends_with("es") && t.starts_with(pat)
            }
            Lang::Ar => {
                let stems = &self.stems[i];
                stems.iter().any(|s| s == pat)
                    || pat
                        .strip_prefix(['ب', 'ل'])
                        .is_some_and(|p| p.chars().count() >= 3 && stems.iter().any(|s| s == p))
            }
        }
    }

    /// Length of a synonym-set member matching at word `i`.
    fn synset_at(&self, set: usize, i: usize, hi: usize) -> Option<usize> {
        let syn = &self.dict.synsets[set];
        let first_ok = match self.lang {
            Lang::En => {
                let t = self.norms[i];
                syn.firsts.contains(t)
                    || t.strip_suffix('s').is_some_and(|x| syn.firsts.contains(x))
                    || t.strip_suffix("es").is_some_and(|x| syn.firsts.contains(x))
            }
            Lang::Ar => {
                syn.firsts.contains(self.norms[i])
                    || self
                        .stems
                        .get(i)
                        .is_some_and(|st| st.iter().any(|x| syn.firsts.contains(x.as_str())))
            }
        };
        if !first_ok {
            return None;
        }
        syn.members.iter().find_map(|m| {
            (i + m.len() <= hi && m.iter().enumerate().all(|(k, w)| self.word_eq(w, i + k)))
                .then_some(m.len())
        })
    }

    /// Length of element `e` matching at word `i` (phrases for words and
    /// sets, a whole actor phrase for markers).
    fn elem_at(&self, e: &Elem, i: usize, hi: usize) -> Option<usize> {
        match e {
            Elem::Word(w) => self.word_eq(w, i).then_some(1),
            Elem::Synset(s) => self.synset_at(*s, i, hi),
            Elem::Skip => Some(1),
            Elem::Source | Elem::Target | Elem::Compound => self
                .groups
                .iter()
                .find(|g| g.words.start == i && g.words.end <= hi)
                .map(|g| g.words.len()),
        }
    }

    fn group_at(&self, i: usize) -> Option<usize> {
        self.groups.iter().position(|g| g.words.start == i)
    }
}

/// Matches `p` around the trigger words `verb` inside `clause`.
pub fn match_pattern(
    ctx: &MatchCtx<'_>,
    p: &Pattern,
    verb: Range<usize>,
    clause: Range<usize>,
) -> Option<PatternMatch> {
    let mut m = PatternMatch {
        weight: p.weight(),
        source: None,
        target: None,
        compound: None,
        end: verb.end,
    };
    let record = |e: &Elem, i: usize, m: &mut PatternMatch| match e {
        Elem::Source => m.source = ctx.group_at(i),
        Elem::Target => m.target = ctx.group_at(i),
        Elem::Compound => m.compound = ctx.group_at(i),
        _ => {}
    };
    // Right of the verb.
    let mut pos = verb.end;
    for Linked { elem, adjacent } in &p.after {
        let hit = if *adjacent {
            (pos < clause.end)
                .then_some(pos)
                .and_then(|i| ctx.elem_at(elem, i, clause.end).map(|n| (i, n)))
        } else {
            (pos..clause.end.min(pos + MAX_GAP + 1))
                .find_map(|i| ctx.elem_at(elem, i, clause.end).map(|n| (i, n)))
        };
        let (i, n) = hit?;
        record(elem, i, &mut m);
        pos = i + n;
        m.end = pos;
    }
    // Left of the verb, right to left.
    let mut end = verb.start;
    for Linked { elem, adjacent } in p.before.iter().rev() {
        let ends_at = |e: usize| -> Option<usize> {
            // A match of `elem` that ends exactly at `e`.
            (clause.start..e)
                .rev()
                .take(6)
                .find_map(|i| ctx.elem_at(elem, i, e).filter(|&n| i + n == e).map(|_| i))
        };
        let hit = if *adjacent {
            ends_at(end)
        } else {
            (clause.start.max(end.saturating_sub(MAX_GAP)) + 1..=end)
                .rev()
                .find_map(ends_at)
        };
        let i = hit?;
        record(elem, i, &mut m);
        end = i;
    }
    Some(m)
}

/// The best pattern of `block` around the trigger: highest weight, first
/// in file order on a tie.
pub fn best<'p>(
    ctx: &MatchCtx<'_>,
    block: &'p VerbBlock,
    verb: Range<usize>,
    clause: Range<usize>,
) -> Option<(&'p Pattern, PatternMatch)> {
    // Candidates: the patterns whose first word the range has, and those
    // without words; heaviest first, file order among equals.
    let mut cands: Vec<usize> = block.wordless.clone();
    for w in ctx.present {
        if let Some(v) = block.by_anchor.get(*w) {
            cands.extend_from_slice(v);
        }
    }
    cands.sort_unstable_by_key(|&k| (std::cmp::Reverse(block.patterns[k].weight), k));
    cands.dedup();
    let mut set_present: std::collections::HashMap<usize, bool, foldhash::fast::RandomState> =
        Default::default();
    for k in cands {
        let p = &block.patterns[k];
        let missing = p.words.iter().any(|w| {
            !(ctx.present.contains(w.as_str())
                || ctx.lang == Lang::Ar
                    && w.strip_prefix(['ب', 'ل'])
                        .is_some_and(|x| ctx.present.contains(x)))
        });
        // A synonym set needs one of its first words in the range too
        // (each set looked up once per call).
        let set_missing = p.before.iter().chain(&p.after).any(|l| match l.elem {
            Elem::Synset(k) => !*set_present.entry(k).or_insert_with(|| {
                let firsts = &ctx.dict.synsets[k].firsts;
                ctx.present.iter().any(|w| firsts.contains(*w))
            }),
            _ => false,
        });
        if missing || set_missing {
            continue;
        }
        if let Some(m) = match_pattern(ctx, p, verb.clone(), clause.clone()) {
            return Some((p, m));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::events::dictionary::reader::read_into;

    fn dict(text: &str, lang: Lang) -> VerbDictionary {
        let mut d = VerbDictionary::new(lang);
        read_into(&mut d, "t.txt", text, true).unwrap();
        d
    }

    #[test]
    fn most_specific_pattern_wins() {
        let d = dict(
            "&NEG\n+DID N'T\n+WILL NOT\n--- CLASH [223] ---\nCLASH\n- &NEG EVER * OVER EFFORTS [905]\n- &NEG * OVER EFFORTS [904]\n- * OVER EFFORTS [121]\n",
            Lang::En,
        );
        let norms = [
            "bree", "did", "n't", "clash", "over", "the", "efforts", "of", "eriador",
        ];
        let present = present_words(&norms, &[], 0..norms.len());
        let ctx = MatchCtx {
            norms: &norms,
            groups: &[],
            lang: Lang::En,
            dict: &d,
            stems: &[],
            present: &present,
        };
        let (p, m) = best(&ctx, &d.blocks[0], 3..4, 0..9).unwrap();
        assert_eq!(p.code.primary.as_deref(), Some("904"));
        assert_eq!(m.weight, 3);
        let norms = ["bree", "will", "not", "ever", "clash", "over", "efforts"];
        let present = present_words(&norms, &[], 0..norms.len());
        let ctx = MatchCtx {
            norms: &norms,
            present: &present,
            ..ctx
        };
        let (p, _) = best(&ctx, &d.blocks[0], 4..5, 0..7).unwrap();
        assert_eq!(p.code.primary.as_deref(), Some("905"));
        // Outside the clause nothing matches.
        assert!(best(&ctx, &d.blocks[0], 4..5, 0..6).is_none());
    }

    #[test]
    fn arabic_pattern_words_match_noun_stems() {
        let d = dict(
            "--- نظم [---] ---\nنظم\n- * مظاهرة [141]\n- * هجوم [190]\n",
            Lang::Ar,
        );
        let norms = ["نظمت", "المعارضه", "مظاهرات"];
        let mut stems = Vec::new();
        for n in norms {
            let mut v = Vec::new();
            super::super::morphology::noun_stems(n, &mut String::new(), &mut |s| {
                v.push(s.to_string())
            });
            stems.push(Stems::from(v));
        }
        let present = present_words(&norms, &stems, 0..norms.len());
        let ctx = MatchCtx {
            norms: &norms,
            groups: &[],
            lang: Lang::Ar,
            dict: &d,
            stems: &stems,
            present: &present,
        };
        let (p, _) = best(&ctx, &d.blocks[0], 0..1, 0..3).unwrap();
        assert_eq!(p.code.primary.as_deref(), Some("141"));
    }
}
