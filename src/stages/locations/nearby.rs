//! Rule `named_neighbours_are_context`: local news names several towns that
//! lie a few kilometres apart ("Hershey", "Palmyra" and "Annville"; "Canaan",
//! "Sharon" and "Salisbury") and often never names their state or country:
//! the paper's readers know it. Such towns are minor places (they need a
//! focus country) or small places (they need context), so without this rule
//! every one of them was dropped. Two different names of one document whose
//! readings lie within [`NEAR_KM`] of each other are each other's evidence:
//! the readings that have such a neighbour are kept as if their division
//! were named, the other town and county readings of the name are
//! dropped (a same-named town elsewhere has no such neighbour). A score
//! bonus for those readings over a same-named capital elsewhere was tried
//! and gained nothing (LGL unchanged, GeoWebNews −0.2).
//!
//! The rule reads Latin-script names only: in Arabic script every word is
//! a candidate name, and villages a few kilometres apart named by everyday
//! nouns would be each other's evidence (measured on our Arabic dev set:
//! detection precision 91.5 → 86.5 % when Arabic names took part).
//!
//! Only names that are nothing but a place can be evidence: stoplisted
//! names, everyday English words, given names and names also listed as
//! persons' never are (two surnames that both name towns near each other
//! somewhere in a country of many towns are a coincidence, not a place).
//!
//! Source of the kind of fault: error analysis of LGL (US local news) on
//! main at fb27c8e: 112 gold towns dropped as minor places outside any
//! focus country and 86 as small places without context, in articles
//! that name no state.

use std::collections::HashMap;

use crate::nlp::script::is_latin;

use super::distance::haversine_km;
use super::env::Env;
use super::gazetteer::Place;
use super::occurrence::Occurrence;

/// Two readings this close (great-circle kilometres) are neighbours.
/// Towns of one county or of neighbouring counties; US counties are
/// 30–60 km across.
pub(super) const NEAR_KM: f64 = 30.0;

/// Grid cell of the neighbour search, degrees (one cell holds `NEAR_KM`
/// in latitude; longitude cells narrow towards the poles, so the search
/// widens there).
const CELL_DEG: f64 = 0.5;

/// Marks, on every kept occurrence, the town and county readings that have
/// a neighbour ([`Occurrence::near`]); an occurrence with such readings
/// loses its other town and county readings.
pub(super) fn named_neighbours_are_context(env: &Env<'_>, occ: &mut [Occurrence]) {
    // Evidence: (cell) → (key id, lat, lon) of the local readings of the
    // names that can be evidence.
    let mut keys: HashMap<&str, usize> = HashMap::new();
    let mut grid: Grid = HashMap::new();
    for o in occ.iter().filter(|o| can_be_evidence(o)) {
        let next = keys.len();
        let k = *keys.entry(o.key.as_str()).or_insert(next);
        for &c in &o.candidates {
            let p = env.place(c);
            if is_local(p) {
                grid.entry(cell(p.lat, p.lon))
                    .or_default()
                    .push((k, p.lat, p.lon));
            }
        }
    }
    if keys.len() < 2 {
        return;
    }
    let near: Vec<Vec<u32>> = occ
        .iter()
        .map(|o| {
            if o.dropped || !is_latin(&o.written) {
                return Vec::new();
            }
            let own = keys.get(o.key.as_str()).copied();
            o.candidates
                .iter()
                .copied()
                .filter(|&c| {
                    let p = env.place(c);
                    is_local(p) && has_neighbour(&grid, p, own)
                })
                .collect()
        })
        .collect();
    for (o, near) in occ.iter_mut().zip(near) {
        if near.is_empty() {
            continue;
        }
        o.candidates
            .retain(|&c| !is_local(env.place(c)) || near.contains(&c));
        o.near = near;
    }
}

/// A name that is only a place's: written in Latin script (Arabic script
/// marks no name with a capital, and its small villages are named by
/// everyday nouns), no stopword, everyday word, given name or person's
/// name, not dropped.
fn can_be_evidence(o: &Occurrence) -> bool {
    is_latin(&o.written)
        && !(o.dropped
            || o.stopword
            || o.everyday_word
            || o.common_word
            || o.given_name
            || o.also_person
            || o.fragile)
}

/// A town (not a capital) or a second-level division.
fn is_local(p: &Place) -> bool {
    (p.feature_class == 'P' && p.feature_code != "PPLC") || p.is_admin2()
}

/// Grid cell → (name id, lat, lon) of the local readings in it.
type Grid = HashMap<(i32, i32), Vec<(usize, f64, f64)>>;

fn cell(lat: f64, lon: f64) -> (i32, i32) {
    (
        (lat / CELL_DEG).floor() as i32,
        (lon / CELL_DEG).floor() as i32,
    )
}

/// Is a reading of another name (key id ≠ `own`) within [`NEAR_KM`] of `p`?
fn has_neighbour(grid: &Grid, p: &Place, own: Option<usize>) -> bool {
    let (ci, cj) = cell(p.lat, p.lon);
    // Longitude cells needed to cover NEAR_KM at this latitude.
    let km_per_deg_lon = 111.2 * p.lat.to_radians().cos().max(0.05);
    let dj = (NEAR_KM / km_per_deg_lon / CELL_DEG).ceil() as i32;
    (ci - 1..=ci + 1).any(|i| {
        (cj - dj..=cj + dj).any(|j| {
            grid.get(&(i, j)).is_some_and(|v| {
                v.iter().any(|&(k, lat, lon)| {
                    Some(k) != own && haversine_km((p.lat, p.lon), (lat, lon)) <= NEAR_KM
                })
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::stages::locations::testutil::*;

    #[test]
    fn neighbouring_towns_resolve_without_their_state() {
        // Sentences we wrote. Hershey and Annville, Pennsylvania, are 15 km
        // apart; the article names no state or country.
        const HERSHEY_PA: u64 = 5193342;
        const ANNVILLE_PA: u64 = 5178351;
        let d =
            tag("The Hershey council met on Tuesday, and Annville firefighters joined the drill.");
        assert!(ids(&d).contains(&HERSHEY_PA), "{:#?}", d.locations);
        assert!(ids(&d).contains(&ANNVILLE_PA), "{:#?}", d.locations);
        // Alone, neither is reported.
        let d = tag("The Annville firefighters joined the drill on Tuesday.");
        assert!(!ids(&d).contains(&ANNVILLE_PA), "{:#?}", d.locations);
    }

    #[test]
    fn surnames_are_no_neighbours() {
        // Two surnames that also name towns somewhere are no evidence.
        let d = tag("Jewell and Bailey spoke to reporters on Monday.");
        assert!(d.locations.is_empty(), "{:#?}", d.locations);
    }
}
