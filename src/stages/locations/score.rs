//! Scoring a candidate place: feature-class prior
//! ([`feature_prior`]), population, the document's focus countries and
//! co-mention of a containing or contained place ([`Mentioned`]).

use std::collections::HashMap;

use super::env::{Env, division_keys};
use super::focus::Focus;
use super::gazetteer::Place;
use super::neighbours::{NEIGHBOUR_WEIGHT, Neighbours};
use super::params::{CO_MENTION_WEIGHT, FOCUS_WEIGHT, POPULATION_WEIGHT, feature_prior};

/// A candidate's score, by term (summed by [`Score::total`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Score {
    pub(super) prior: f64,
    pub(super) population: f64,
    pub(super) focus: f64,
    pub(super) co_mention: f64,
    /// Rule `neighbours_share_a_division` ([`super::neighbours`]).
    pub(super) neighbour: f64,
}

impl Score {
    pub(super) fn total(&self) -> f64 {
        self.prior + self.population + self.focus + self.co_mention + self.neighbour
    }
}

/// The score of candidate `c` of group `group`: feature-class prior,
/// population, focus-country bonus and co-mention.
pub(super) fn score(
    env: &Env<'_>,
    c: u32,
    focus: &Focus,
    others: &Mentioned,
    group: usize,
) -> Score {
    let p = env.place(c);
    let prior = feature_prior(p);
    let population = if p.feature_class == 'P' || p.is_admin2() {
        POPULATION_WEIGHT * (p.population.max(1) as f64).log10()
    } else {
        0.0
    };
    let co_mention = if others.co_mention(env.place(c), group) {
        CO_MENTION_WEIGHT
    } else {
        0.0
    };
    let neighbour = if co_mention == 0.0 && others.neighbours.share_a_division(p, group) {
        NEIGHBOUR_WEIGHT
    } else {
        0.0
    };
    // A small town in the focus country is a weaker reading than a big
    // city elsewhere unless the text names its division: مدينة برلين in
    // a text about the United States is still Berlin, Germany, not
    // Berlin, New Hampshire.
    let small = if env.needs_context(c) && co_mention == 0.0 {
        0.5
    } else {
        1.0
    };
    let focus_bonus = small * FOCUS_WEIGHT * focus.share(&p.country_code);
    Score {
        prior,
        population,
        focus: focus_bonus,
        co_mention,
        neighbour,
    }
}

/// The places the document's names may stand for, as division keys, so that
/// co-mention ([`Env::contains`] between a candidate and another
/// name's candidate) is a hash lookup rather than a scan of every other
/// candidate. Keys: `CC`, `CC.a1`, `CC.a1.a2`.
#[derive(Debug, Default)]
pub(super) struct Mentioned {
    /// Keys of the divisions that contain some candidate, with the groups
    /// whose candidates they contain.
    inside: HashMap<String, Vec<usize>>,
    /// Keys of ADM1 and ADM2 candidates, with their groups.
    divisions: HashMap<String, Vec<usize>>,
    /// The one first-level division of each group's town and county
    /// readings, where they have one.
    neighbours: Neighbours,
}

impl Mentioned {
    pub(super) fn new<'p, G, P>(groups: G) -> Self
    where
        G: Iterator<Item = P> + Clone,
        P: Iterator<Item = &'p Place>,
    {
        let mut m = Mentioned {
            neighbours: Neighbours::new(groups.clone()),
            ..Mentioned::default()
        };
        let add = |map: &mut HashMap<String, Vec<usize>>, key: String, g: usize| {
            let v = map.entry(key).or_default();
            if v.last() != Some(&g) {
                v.push(g);
            }
        };
        for (g, places) in groups.enumerate() {
            for p in places {
                let (a1, a2) = division_keys(p);
                if !p.is_country() && !p.country_code.is_empty() {
                    add(&mut m.inside, p.country_code.to_string(), g);
                }
                if let Some(a1) = &a1
                    && !p.is_admin1()
                {
                    add(&mut m.inside, a1.clone(), g);
                }
                if let Some(a2) = &a2
                    && p.feature_class == 'P'
                {
                    add(&mut m.inside, a2.clone(), g);
                }
                if let Some(a1) = a1
                    && p.is_admin1()
                {
                    add(&mut m.divisions, a1, g);
                }
                if let Some(a2) = a2
                    && p.is_admin2()
                {
                    add(&mut m.divisions, a2, g);
                }
            }
        }
        m
    }

    /// Does `p` contain, or lie in a division that is, a candidate of a
    /// group other than `group`?
    pub(super) fn co_mention(&self, p: &Place, group: usize) -> bool {
        let other = |map: &HashMap<String, Vec<usize>>, key: &str| {
            map.get(key)
                .is_some_and(|gs| gs.iter().any(|&g| g != group))
        };
        let (a1, a2) = division_keys(p);
        let contains_other = if p.is_country() {
            other(&self.inside, &p.country_code)
        } else if p.is_admin1() {
            a1.as_deref().is_some_and(|k| other(&self.inside, k))
        } else if p.is_admin2() {
            a2.as_deref().is_some_and(|k| other(&self.inside, k))
        } else {
            false
        };
        let inside_other = !p.is_country()
            && ((!p.is_admin1() && a1.as_deref().is_some_and(|k| other(&self.divisions, k)))
                || (p.feature_class == 'P'
                    && a2.as_deref().is_some_and(|k| other(&self.divisions, k))));
        contains_other || inside_other
    }
}

#[cfg(test)]
mod tests {
    use crate::stages::locations::testutil::*;

    #[test]
    fn arabic_country_capital_homonyms_default_to_the_country() {
        assert_eq!(ids(&tag("أعلنت تونس عن إجراءات جديدة.")), vec![2464461]);
        assert_eq!(
            ids(&tag("وصل الوفد إلى مدينة تونس مساء أمس.")),
            vec![2464470]
        );
        assert_eq!(ids(&tag("أعلنت الجزائر عن إجراءات جديدة.")), vec![2589581]);
        assert_eq!(
            ids(&tag("انفجار في الجزائر العاصمة صباح اليوم.")),
            vec![2507480]
        );
        assert_eq!(ids(&tag("أعلنت الكويت عن إجراءات جديدة.")), vec![285570]);
    }

    #[test]
    fn continents_are_places_without_a_country() {
        let d = tag("Aid reached Africa and Europe. وصلت المساعدات إلى أفريقيا.");
        let africa = find(&d, 6255146);
        assert_eq!(africa.mentions.len(), 2);
        assert_eq!(africa.country_code, "");
        assert!(ids(&d).contains(&6255148));
        assert!(d.focus_countries.is_empty(), "{:?}", d.focus_countries);
    }

    #[test]
    fn a_small_town_does_not_outrank_a_bigger_reading_of_its_name() {
        // China, Texas (1,000 people) in a text that names Texas.
        let d = tag("Officials in Texas said China imposed new tariffs.");
        assert!(ids(&d).contains(&1814991), "{:#?}", d.locations);
        // "Johnson" (small towns) does not shield "Chad" from the person rule.
        assert!(ids(&tag("The forward, Chad Johnson, was injured.")).is_empty());
    }
}
