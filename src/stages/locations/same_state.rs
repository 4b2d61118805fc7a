//! Rule `towns_of_one_state_are_context`: a local paper names towns of its
//! own state that lie farther apart than [`super::nearby::NEAR_KM`]
//! ("Mansfield" beside "Shreveport", 55 km away) and rarely the state
//! itself. A small town (under
//! [`super::params::SMALL_PLACE_POPULATION`]) or minor town reading
//! whose first-level division holds every local reading of another name
//! of the document is kept as if its division were named
//! ([`Occurrence::near`]): it needs no other context, no focus country,
//! and a bigger namesake elsewhere does not hide it (the score still
//! chooses between them: [`super::neighbours`] gives it its division's
//! bonus).
//!
//! Evidence is strict, since a state is large: the other name must be only
//! a place's name ([`can_be_evidence`]), all its town, county and
//! first-level-division readings must lie in that one division, and one of
//! them must need no context itself (a division, or a town of
//! `SMALL_PLACE_POPULATION` or more) unless the name has containment or a
//! cue word. The town itself must be only a place's name too. Latin
//! script only, for the reasons [`super::nearby`] gives.
//!
//! Source of the kind of fault: error analysis of LGL (US local news) on
//! main at d2c1437: 148 gold towns read as a bigger same-named town of the
//! same country and 164 gold towns in the gazetteer dropped, in articles
//! that name other towns of the gold town's state.

use std::collections::HashMap;

use super::env::{Env, division_keys};
use super::gazetteer::Place;
use super::nearby::can_be_evidence;
use super::occurrence::Occurrence;

/// Marks the town readings of every evidence-free name whose first-level
/// division another name's readings all lie in.
pub(super) fn towns_of_one_state_are_context(env: &Env<'_>, occ: &mut [Occurrence]) {
    // First-level division (`CC.a1`) → the names whose readings all lie in it.
    let mut states: HashMap<String, Vec<&str>> = HashMap::new();
    for o in occ.iter().filter(|o| can_be_evidence(o)) {
        let mut only: Option<String> = None;
        let mut several = false;
        let mut firm = o.contained.is_some() || o.cue.is_some();
        for &c in &o.candidates {
            let p = env.place(c);
            if !(is_town(p) || p.is_admin2() || p.is_admin1()) {
                continue;
            }
            let Some(a1) = division_keys(p).0 else {
                several = true;
                break;
            };
            firm |= !env.needs_context(c);
            match &only {
                None => only = Some(a1),
                Some(k) if *k == a1 => {}
                Some(_) => several = true,
            }
        }
        if let (Some(a1), false, true) = (only, several, firm) {
            let names = states.entry(a1).or_default();
            if !names.contains(&o.key.as_str()) {
                names.push(o.key.as_str());
            }
        }
    }
    if states.is_empty() {
        return;
    }
    let marks: Vec<Vec<u32>> = occ
        .iter()
        .map(|o| {
            if !can_be_evidence(o) {
                return Vec::new();
            }
            o.candidates
                .iter()
                .copied()
                .filter(|&c| {
                    let p = env.place(c);
                    is_town(p)
                        && division_keys(p).0.is_some_and(|a1| {
                            states
                                .get(&a1)
                                .is_some_and(|names| names.iter().any(|n| *n != o.key))
                        })
                })
                .collect()
        })
        .collect();
    for (o, marks) in occ.iter_mut().zip(marks) {
        for c in marks {
            if !o.near.contains(&c) {
                o.near.push(c);
            }
        }
    }
}

/// A town (not a capital).
fn is_town(p: &Place) -> bool {
    p.feature_class == 'P' && p.feature_code != "PPLC"
}

#[cfg(test)]
mod tests {
    use crate::stages::locations::testutil::*;

    #[test]
    fn a_small_town_is_read_in_the_state_of_the_other_towns_named() {
        // Sentences we wrote. Mansfield, Louisiana (5,000 people) lies
        // 55 km from Shreveport, farther than the neighbour rule's reach;
        // Mansfield, Texas, and Mansfield, England, are bigger.
        let d = tag("Deputies from Shreveport drove to Mansfield on Friday.");
        let m = d
            .locations
            .iter()
            .find(|l| l.name_as_written == "Mansfield")
            .unwrap_or_else(|| panic!("{:#?}", d.locations));
        assert_eq!(m.admin1_code.as_deref(), Some("US.LA"), "{m:#?}");
        // Without the other town: no Louisiana reading.
        let d = tag("Deputies drove to Mansfield on Friday.");
        assert!(
            d.locations
                .iter()
                .all(|l| l.admin1_code.as_deref() != Some("US.LA")),
            "{:#?}",
            d.locations
        );
    }
}
