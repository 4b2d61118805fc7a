//! Phrase matching: whether a rule's phrase (words, `{n}` numbers, `{unit}`
//! time units) matches the tokens of a line at a position, and which
//! phrases can start at a token (indexed by their first word).

use super::ZoneRules;
use super::rules::Pat;
use crate::nlp::Token;

impl ZoneRules {
    /// Does phrase `pats` match `toks` starting at token `at`? Returns the
    /// token index after the match.
    pub(super) fn match_at(&self, pats: &[Pat], toks: &[Token], at: usize) -> Option<usize> {
        if pats.is_empty() {
            // Raw-text phrases are matched by the caller.
            return None;
        }
        let mut k = at;
        for p in pats {
            match p {
                Pat::Word(w) => {
                    if toks.get(k)?.norm != *w {
                        return None;
                    }
                    k += 1;
                }
                Pat::Number { optional } => {
                    let is_num = toks
                        .get(k)
                        .is_some_and(|t| t.norm.bytes().all(|b| b.is_ascii_digit()));
                    if is_num {
                        k += 1;
                    } else if !optional {
                        return None;
                    }
                }
                Pat::Unit => {
                    let t = &toks.get(k)?.norm;
                    if !self.units.iter().any(|u| t.starts_with(u.as_str())) {
                        return None;
                    }
                    k += 1;
                }
            }
        }
        Some(k)
    }

    /// Candidate (rule, phrase) pairs whose first word is `toks[at]`, plus
    /// the wildcard phrases.
    pub(super) fn candidates<'a>(
        &'a self,
        toks: &[Token],
        at: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        let first = toks
            .get(at)
            .and_then(|t| self.by_first.get(t.norm.as_str()));
        first
            .into_iter()
            .flatten()
            .copied()
            .chain(self.wild.iter().copied())
    }
}
