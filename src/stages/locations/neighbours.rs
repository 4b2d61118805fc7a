//! Rule `neighbours_share_a_division`: local news names several towns of
//! one state or province and rarely the state itself ("Gainesville" beside
//! "Ocala" and "Alachua County" is the Florida one). A town or county
//! candidate gets [`NEIGHBOUR_WEIGHT`] when another name of the document
//! lies, whichever of its readings is meant, in the candidate's own
//! first-level division (all of that name's town and county candidates
//! share one division: a name with readings in several states is no
//! evidence). Weaker than co-mention of the division itself
//! ([`super::params::CO_MENTION_WEIGHT`]), and not added on top of it.
//!
//! Source of the kind of fault: error analysis of LGL (US local news),
//! where a same-country homonym of the gold town was the largest kind of
//! wrong pick (279 of 486 wrong populated places on main at ba214f8).

use std::collections::HashMap;

use super::env::division_keys;
use super::gazetteer::Place;

/// Bonus for a town or county whose first-level division holds another
/// name of the document ([`Neighbours`]).
pub(super) const NEIGHBOUR_WEIGHT: f64 = 1.0;

/// The first-level divisions (`CC.a1`) that a group's town and county
/// readings all lie in, with those groups.
#[derive(Debug, Default)]
pub(super) struct Neighbours {
    divisions: HashMap<String, Vec<usize>>,
}

impl Neighbours {
    /// From every group's candidates (groups indexed by position).
    pub(super) fn new<'p>(groups: impl Iterator<Item = impl Iterator<Item = &'p Place>>) -> Self {
        let mut n = Neighbours::default();
        for (g, places) in groups.enumerate() {
            let mut only: Option<String> = None;
            let mut several = false;
            for p in places.filter(|p| is_local(p)) {
                let Some(a1) = division_keys(p).0 else {
                    continue;
                };
                match &only {
                    None => only = Some(a1),
                    Some(k) if *k == a1 => {}
                    Some(_) => several = true,
                }
            }
            if let (Some(a1), false) = (only, several) {
                n.divisions.entry(a1).or_default().push(g);
            }
        }
        n
    }

    /// Does a town or county `p` (a candidate of `group`) lie in the one
    /// first-level division of another group's readings?
    pub(super) fn share_a_division(&self, p: &Place, group: usize) -> bool {
        if !is_local(p) {
            return false;
        }
        division_keys(p)
            .0
            .and_then(|a1| self.divisions.get(&a1))
            .is_some_and(|gs| gs.iter().any(|&g| g != group))
    }
}

/// A populated place (capitals aside: they need no neighbour) or a
/// second-level division.
fn is_local(p: &Place) -> bool {
    (p.feature_class == 'P' && p.feature_code != "PPLC") || p.is_admin2()
}

#[cfg(test)]
mod tests {
    use crate::stages::locations::testutil::*;

    #[test]
    fn a_town_takes_the_state_of_its_unambiguous_neighbours() {
        // Two Georgia towns whose names no other state has beside a
        // Columbus: the Georgia one, not Ohio's bigger city.
        let d = tag("Crews from Warner Robins and Milledgeville were sent to Columbus on Friday.");
        let columbus = d
            .locations
            .iter()
            .find(|l| l.name == "Columbus")
            .unwrap_or_else(|| panic!("{:#?}", d.locations));
        assert_eq!(
            columbus.admin1_code.as_deref(),
            Some("US.GA"),
            "{:#?}",
            d.locations
        );
        assert!(columbus.reason.contains("neighbour"), "{}", columbus.reason);
    }

    #[test]
    fn without_neighbours_the_bigger_homonym_stays() {
        let d = tag("Crews were sent to Columbus on Friday.");
        let columbus = d.locations.iter().find(|l| l.name == "Columbus");
        if let Some(c) = columbus {
            assert_ne!(c.admin1_code.as_deref(), Some("US.GA"), "{c:#?}");
        }
    }
}
