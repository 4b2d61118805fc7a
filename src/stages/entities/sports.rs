//! Rule **team-in-sports-result** (English): a place name the tagger read
//! as LOC is an organisation, a club, when its sentence reports a sports
//! result and the name is one of the sides: "Leeds 2 Everton 1",
//! "Valencia beat Betis 3-1", "… drew 1-1 with Lyon", a league-table row
//! "Porto 12 9 2 1 25 8 29".
//!
//! Clubs are named after their cities, so neither the tagger (whose
//! training text has few sports pages) nor the gazetteer can tell them
//! from the place; the sentence can. The sides of a result are the names
//! right before a score or a result verb and right after a result verb or
//! "drew/lost … to/with". A name counts only when the sentence has a score
//! (`3-1`, `3 - 1`, or a table of bare numbers): "troops beat back the
//! attack on Mosul" has none.
//!
//! The relabelled mention is an ORG mention downstream, marked with
//! [`EntityRule::TeamInSportsResult`]: the `actors` stage makes it an
//! organisation, and the `locations` stage drops the gazetteer's toponym
//! at exactly that span (rule `club_of_sports_result`). A side the tagger
//! itself read as ORG is marked the same way (its class unchanged), so that
//! the gazetteer's reading of it goes too. Only this rule's
//! mentions: dropping every toponym that an English ORG mention covers
//! exactly was measured and left out (CoNLL-2003 testb LOC precision 63.8
//! → 70.4, but LGL detection F1 70.0 → 69.5 and GeoWebNews 67.3 → 66.6:
//! outside sports pages a city read as ORG is mostly a place by those
//! corpora's convention).
//!
//! Measured through `newsevents eval` (exact-span F1): authored English
//! NER dev split (`data/ner/authored/en/dev.conll`) 82.1 → 82.2 (ORG 81.0
//! → 81.4); CoNLL-2003 testb 70.1 → 71.3 (ORG 49.2 → 54.5); detection F1
//! on LGL, GeoWebNews and the authored English toponym dev set unchanged
//! (GeoWebNews given gold spans: one toponym fewer resolved, ID 66.3 →
//! 66.2, a relabelled span no longer supporting a stoplisted name).

use super::Tagged;
use crate::article::EntityRule;
use crate::nlp::ner::{EntityClass, EntitySpan};

/// Verbs whose subject and object are the sides of a result.
const RESULT_VERBS: &[&str] = &[
    "beat",
    "beats",
    "defeated",
    "defeat",
    "defeats",
    "edged",
    "thrashed",
    "routed",
    "trounced",
    "overcame",
    "hammered",
    "drew",
    "draw",
    "lost",
    "lose",
    "held",
    "eliminated",
    "knocked",
    "outplayed",
    "crushed",
];

/// Small numbers as written in scores and tables (0–199).
fn is_number(w: &str) -> bool {
    (1..=3).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())
}

/// `3-1` (one unit) or `3`, `-`, `1` (three units) starting at `i`.
fn score_at(words: &[&str], i: usize) -> bool {
    let w = words[i];
    if let Some((a, b)) = w.split_once('-') {
        return is_number(a) && is_number(b);
    }
    is_number(w) && words.get(i + 1) == Some(&"-") && words.get(i + 2).is_some_and(|x| is_number(x))
}

/// Relabels the LOC spans of one English sentence that are sides of a
/// sports result (see the module doc) as ORG, and marks them and the ORG
/// spans that are sides with [`EntityRule::TeamInSportsResult`] (the
/// `locations` stage drops a toponym at a side's span). `words` are the units the spans
/// index.
pub(super) fn relabel_teams(spans: &mut [Tagged], words: &[&str]) {
    let candidate = |c: EntityClass| matches!(c, EntityClass::Loc | EntityClass::Org);
    if !spans.iter().any(|t| candidate(t.span.class)) {
        return;
    }
    let n = words.len();
    let lower = |i: usize| words[i].to_ascii_lowercase();
    let verb = |i: usize| RESULT_VERBS.contains(&lower(i).as_str());
    let has_score = (0..n).any(|i| score_at(words, i));
    // Names each followed by a bare number: a results line or a table row.
    let numbered = spans
        .iter()
        .filter(|t| t.span.end < n && is_number(words[t.span.end]))
        .count();
    let table_row = |s: &EntitySpan| (s.end..n).take_while(|&i| is_number(words[i])).count() >= 4;
    for tagged in spans.iter_mut() {
        let s = tagged.span;
        if !candidate(s.class) {
            continue;
        }
        let after_number = s.end < n && is_number(words[s.end]);
        let side = (s.end < n && score_at(words, s.end))
            || (after_number && numbered >= 2)
            || table_row(&s)
            || (has_score && s.end < n && verb(s.end))
            || (has_score && s.start >= 1 && verb(s.start - 1))
            || (has_score
                && s.start >= 2
                && matches!(lower(s.start - 1).as_str(), "with" | "to" | "against")
                && (s.start.saturating_sub(7)..s.start - 1).any(verb));
        if side {
            tagged.span.class = EntityClass::Org;
            tagged.rule = Some(EntityRule::TeamInSportsResult);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, locs: &[(usize, usize)]) -> Vec<EntityClass> {
        let words: Vec<&str> = text.split(' ').collect();
        let mut spans: Vec<Tagged> = locs
            .iter()
            .map(|&(start, end)| {
                Tagged::from(EntitySpan {
                    start,
                    end,
                    class: EntityClass::Loc,
                })
            })
            .collect();
        relabel_teams(&mut spans, &words);
        for t in &spans {
            let relabelled = t.span.class == EntityClass::Org;
            assert_eq!(t.rule.is_some(), relabelled, "{t:?}");
        }
        spans.iter().map(|t| t.span.class).collect()
    }

    use EntityClass::{Loc, Org};

    #[test]
    fn sides_of_results_and_table_rows_are_clubs() {
        assert_eq!(run("Leeds 2 Everton 1", &[(0, 1), (2, 3)]), [Org, Org]);
        assert_eq!(
            run("Valencia beat Betis 3-1 on Sunday .", &[(0, 1), (2, 3)]),
            [Org, Org]
        );
        assert_eq!(
            run(
                "Marseille drew 1 - 1 at home with Lyon .",
                &[(0, 1), (8, 9)]
            ),
            [Org, Org]
        );
        assert_eq!(run("Porto 12 9 2 1 25 8 29", &[(0, 1)]), [Org]);
    }

    #[test]
    fn organisations_that_are_sides_are_marked() {
        let words: Vec<&str> = "Leeds 2 Everton 1 , Reuters said".split(' ').collect();
        let mut spans: Vec<Tagged> = [(0, 1), (2, 3), (5, 6)]
            .iter()
            .map(|&(start, end)| {
                Tagged::from(EntitySpan {
                    start,
                    end,
                    class: EntityClass::Org,
                })
            })
            .collect();
        relabel_teams(&mut spans, &words);
        let marked: Vec<bool> = spans.iter().map(|t| t.rule.is_some()).collect();
        assert_eq!(marked, [true, true, false]);
        assert!(spans.iter().all(|t| t.span.class == EntityClass::Org));
    }

    #[test]
    fn places_in_other_sentences_stay_places() {
        // No score: a battle, not a match.
        assert_eq!(
            run("Troops beat back an attack on Mosul .", &[(6, 7)]),
            [Loc]
        );
        // One number after one name: a count, not a result.
        assert_eq!(
            run("Floods in Kerala 12 dead , officials said", &[(2, 3)]),
            [Loc]
        );
        // A score elsewhere, but the place is no side of it.
        assert_eq!(
            run(
                "Valencia beat Betis 3-1 in a match played in Seville .",
                &[(10, 11)]
            ),
            [Loc]
        );
    }
}
