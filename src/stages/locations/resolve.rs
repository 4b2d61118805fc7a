//! Resolution: each one-sense group picks one place (precedence rules, then
//! the best [`Score`]), with a confidence and a `reason` naming the rules and
//! the score term that decided; groups that chose the same place merge into
//! one [`Location`], in text order.

use std::collections::BTreeMap;

use crate::article::{Field, Location, Mention};

use super::env::Env;
use super::focus::Focus;
use super::occurrence::{ClassCue, Occurrence};
use super::one_sense::Group;
use super::params::{SINGLE_CANDIDATE_CONFIDENCE, SUPPORTED_STOPWORD_CONFIDENCE};
use super::precedence;
use super::score::{Mentioned, Score, score};

/// Rounds to three decimals (confidences and focus scores in the output).
pub(super) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Resolves every group and merges the groups that chose the same place:
/// the locations in text order (first mention), each with its mentions
/// title first, then by offset.
pub(super) fn locations(
    env: &Env<'_>,
    groups: &[Group],
    occ: &[Occurrence],
    focus: &Focus,
) -> Vec<Location> {
    let mentioned = Mentioned::new(
        groups
            .iter()
            .map(|g| g.candidates.iter().map(|&c| env.place(c))),
    );
    let mut by_place: BTreeMap<u32, Location> = BTreeMap::new();
    let mut order: Vec<(usize, usize, u32)> = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        let (place, confidence, reason) = resolve(env, g, gi, occ, focus, &mentioned);
        let mentions: Vec<Mention> = g
            .members
            .iter()
            .map(|&i| Mention {
                field: occ[i].field,
                start: occ[i].span.start,
                end: occ[i].span.end,
                text: occ[i].written.clone(),
            })
            .collect();
        let first = g
            .members
            .iter()
            .map(|&i| (occ[i].field_index, occ[i].span.start))
            .min()
            .unwrap_or((0, 0));
        order.push((first.0, first.1, place));
        match by_place.get_mut(&place) {
            Some(loc) => {
                loc.mentions.extend(mentions);
                if confidence > loc.confidence {
                    loc.confidence = confidence;
                    loc.reason = reason;
                }
            }
            None => {
                let written = mentions.first().map(|m| m.text.clone()).unwrap_or_default();
                by_place.insert(
                    place,
                    location(env, place, written, confidence, reason, mentions),
                );
            }
        }
    }
    order.sort();
    let mut locations = Vec::new();
    for (_, _, place) in order {
        if let Some(mut loc) = by_place.remove(&place) {
            loc.mentions
                .sort_by_key(|m| (m.field != Field::Title, m.start));
            locations.push(loc);
        }
    }
    locations
}

/// Picks one place for group `g` (index `group`): (place index, confidence,
/// reason). The reason lists, in order: the containment restriction, the
/// cue, the [`precedence`] rules that applied, `one_sense`, and what decided
/// ([`decide`]).
fn resolve(
    env: &Env<'_>,
    g: &Group,
    group: usize,
    occ: &[Occurrence],
    focus: &Focus,
    others: &Mentioned,
) -> (u32, f64, String) {
    let cue = g.members.iter().find_map(|&i| occ[i].cue);
    let stopword = g.members.iter().any(|&i| occ[i].stopword);
    let mut candidates = g.candidates.clone();
    let mut notes: Vec<String> = Vec::new();
    if let Some(r) = &g.restriction {
        notes.push(r.clone());
    }
    if let Some(c) = cue {
        notes.push(c.label().to_owned());
    }
    if cue != Some(ClassCue::Division) {
        precedence::apply(env, g, occ, &mut candidates, &mut notes);
    }
    if g.members.len() > 1 {
        notes.push("one_sense".into());
    }
    let scored: Vec<(u32, Score)> = candidates
        .iter()
        .map(|&c| (c, score(env, c, focus, others, group)))
        .collect();
    let (best, confidence, decisive) = decide(env, scored, stopword, notes.is_empty());
    if !decisive.is_empty() {
        notes.push(decisive);
    }
    (best, round3(confidence), notes.join("; "))
}

/// The best-scored candidate, its confidence and what decided: the logistic
/// of the margin over the runner-up and the score term that differed most
/// (`feature_prior:PPLC`, `focus_country:LY`, `population`, `co_mention`,
/// "… over <runner-up's GeoNames ID>"); a single candidate gets
/// [`SINGLE_CANDIDATE_CONFIDENCE`] (and `only_candidate` when nothing else
/// is noted, `alone`). A stoplisted name is capped at
/// [`SUPPORTED_STOPWORD_CONFIDENCE`].
fn decide(
    env: &Env<'_>,
    mut scored: Vec<(u32, Score)>,
    stopword: bool,
    alone: bool,
) -> (u32, f64, String) {
    scored.sort_by(|a, b| {
        b.1.total().total_cmp(&a.1.total()).then_with(|| {
            env.place(a.0)
                .gazetteer_id
                .cmp(&env.place(b.0).gazetteer_id)
        })
    });
    let (best, best_score) = scored[0];
    let Some(&(second, second_score)) = scored.get(1) else {
        let c = if stopword {
            SUPPORTED_STOPWORD_CONFIDENCE
        } else {
            SINGLE_CANDIDATE_CONFIDENCE
        };
        let decisive = if alone {
            "only_candidate".to_owned()
        } else {
            String::new()
        };
        return (best, c, decisive);
    };
    let margin = best_score.total() - second_score.total();
    let parts = [
        ("feature_prior", best_score.prior - second_score.prior),
        (
            "population",
            best_score.population - second_score.population,
        ),
        ("focus_country", best_score.focus - second_score.focus),
        (
            "co_mention",
            best_score.co_mention - second_score.co_mention,
        ),
        (
            "neighbours_share_a_division",
            best_score.neighbour - second_score.neighbour,
        ),
    ];
    let (rule, _) =
        parts.iter().copied().fold(
            ("population", f64::MIN),
            |acc, x| if x.1 > acc.1 { x } else { acc },
        );
    let p = env.place(best);
    let detail = match rule {
        "feature_prior" => format!("feature_prior:{}", p.feature_code),
        "focus_country" => format!("focus_country:{}", p.country_code),
        r => r.to_owned(),
    };
    let mut c = 1.0 / (1.0 + (-margin).exp());
    if stopword {
        c = c.min(SUPPORTED_STOPWORD_CONFIDENCE);
    }
    (
        best,
        c,
        format!("{detail} over {}", env.place(second).reason_id()),
    )
}

/// The output record of place `idx`, as first written `written`.
fn location(
    env: &Env<'_>,
    idx: u32,
    written: String,
    confidence: f64,
    reason: String,
    mentions: Vec<Mention>,
) -> Location {
    let p = env.place(idx);
    let country = env.gazetteer.country(&p.country_code);
    let admin1_code = p.admin1_key();
    let admin1_name = admin1_code
        .as_deref()
        .and_then(|k| env.gazetteer.admin1(k))
        .map(|a| a.name.clone());
    Location {
        name: p.name.clone(),
        name_as_written: written,
        geonameid: p.gazetteer_id.geonames(),
        gazetteer_id: p.gazetteer_id.to_string(),
        wof_id: p.wof_id,
        country_code: p.country_code.to_string(),
        country_code3: country.map(|c| c.iso3.clone()),
        fips: country.map(|c| c.fips.clone()).filter(|f| !f.is_empty()),
        admin1_code,
        admin1_name,
        feature_class: p.feature_class.to_string(),
        feature_code: p.feature_code.to_string(),
        lat: p.lat,
        lon: p.lon,
        population: p.population,
        confidence,
        reason,
        mentions,
    }
}
