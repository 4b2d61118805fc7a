//! Containment rules: a place named next to the place that contains it
//! restricts both ("Tripoli, Lebanon", "طرابلس شمال لبنان", "Atlanta,
//! Georgia"), and an Arabic demonym right after a name names its country
//! ("طرابلس الليبية"). A bare preposition ("in", في) is containment for big
//! places only; a bare space is none ("إلى الولايات المتحدة").

use crate::nlp::script::is_latin;

use super::super::env::Env;
use super::super::occurrence::{Hit, Occurrence};
use super::FieldView;

/// Restricts `o` to candidates in `iso2` (only to those that do not need
/// context unless `small_places`); false (and no change) if none is.
pub(in super::super) fn restrict_to_country(
    env: &Env<'_>,
    o: &mut Occurrence,
    iso2: &str,
    small_places: bool,
) -> bool {
    let inner: Vec<u32> = o
        .candidates
        .iter()
        .copied()
        .filter(|&c| env.place(c).country_code == iso2 && (small_places || !env.needs_context(c)))
        .collect();
    if inner.is_empty() {
        return false;
    }
    o.contained = Some((inner, iso2.to_owned()));
    true
}

/// Containment between neighbours in text order: each kept occurrence of
/// the field (`idxs`) with the hit right after it.
pub(in super::super) fn between_neighbours(
    env: &Env<'_>,
    view: &FieldView<'_>,
    idxs: &[usize],
    occ: &mut [Occurrence],
) {
    let dem = view.demonyms;
    let mut hits: Vec<(usize, Hit)> = idxs
        .iter()
        .filter(|&&i| !occ[i].dropped)
        .map(|&i| (occ[i].span.start, Hit::Place(i)))
        .chain(
            dem.iter()
                .enumerate()
                .filter(|(_, d)| d.field_index == view.index)
                .map(|(i, d)| (d.span.start, Hit::Demonym(i))),
        )
        .collect();
    hits.sort_by_key(|(s, _)| *s);
    for w in hits.windows(2) {
        let (Hit::Place(a), b) = (w[0].1, w[1].1) else {
            continue;
        };
        match b {
            // English has no such construction: "Central American"
            // is an adjective, not Central in America.
            Hit::Demonym(d) if !is_latin(&occ[a].written) => {
                demonym_after(env, view, &mut occ[a], d);
            }
            Hit::Demonym(_) => {}
            Hit::Place(b) => place_then_container(env, view, occ, a, b),
        }
    }
}

/// "طرابلس الليبية": the demonym `d` right after names the country.
/// Not for small places: noun + nisba adjective is the commonest Arabic
/// phrase ("الفصائل الفلسطينية", the Palestinian factions), and small
/// villages are named by common nouns.
fn demonym_after(env: &Env<'_>, view: &FieldView<'_>, o: &mut Occurrence, d: usize) {
    let hit = &view.demonyms[d];
    if view.tight(o.span.end, hit.span.start) && restrict_to_country(env, o, &hit.iso2, false) {
        o.supported = true;
    }
}

/// Occurrence `a` followed by occurrence `b` across a containment gap: the
/// candidates of `a` inside a candidate of `b`, and those of `b` containing
/// one, restrict both.
fn place_then_container(
    env: &Env<'_>,
    view: &FieldView<'_>,
    occ: &mut [Occurrence],
    a: usize,
    b: usize,
) {
    let between = view.gap(occ[a].span.end, occ[b].span.start);
    if !env.rules.is_containment_gap(between) {
        return;
    }
    // "التحالف في اليمن" is the coalition in Yemen, not a village called
    // التحالف: a bare preposition is containment enough for a big place
    // only.
    let weak = env.rules.is_weak_containment_gap(between);
    let a_c = &occ[a].candidates;
    let b_c = &occ[b].candidates;
    let inner: Vec<u32> = a_c
        .iter()
        .copied()
        .filter(|&x| !(weak && env.needs_context(x)))
        .filter(|&x| b_c.iter().any(|&y| env.contains(y, x)))
        .collect();
    let outer: Vec<u32> = b_c
        .iter()
        .copied()
        .filter(|&y| inner.iter().any(|&x| env.contains(y, x)))
        .collect();
    if inner.is_empty() {
        return;
    }
    let country = env.place(outer[0]).country_code.to_string();
    occ[a].contained = Some((inner, country.clone()));
    occ[a].supported = true;
    occ[b].contained = Some((outer, country));
    occ[b].supported = true;
}

#[cfg(test)]
mod tests {
    use crate::stages::locations::testutil::*;

    #[test]
    fn containment_picks_the_contained_homonym() {
        let d = tag("Clashes broke out in Tripoli, Lebanon on Sunday.");
        assert!(ids(&d).contains(&TRIPOLI_LB), "{:#?}", d.locations);
        assert!(find(&d, TRIPOLI_LB).reason.contains("containment:LB"));
        let d = tag("اندلعت اشتباكات في طرابلس شمال لبنان يوم الأحد.");
        assert!(ids(&d).contains(&TRIPOLI_LB), "{:#?}", d.locations);
        assert!(!ids(&d).contains(&TRIPOLI_LY));
        // A demonym right after the name: طرابلس الليبية.
        let d = tag("اندلعت اشتباكات في طرابلس الليبية يوم الأحد.");
        assert_eq!(ids(&d), vec![TRIPOLI_LY]);
        // A city next to its province.
        let d = tag("The storm hit Atlanta, Georgia overnight.");
        assert!(
            ids(&d).contains(&4197000),
            "Georgia, US state: {:#?}",
            d.locations
        );
        assert!(!ids(&d).contains(&614540));
    }

    #[test]
    fn us_state_abbreviations_give_containment() {
        let d = tag("The plant in Springfield, Ill. closed on Monday.");
        let springfield = d
            .locations
            .iter()
            .find(|l| l.name == "Springfield")
            .expect("Springfield");
        assert_eq!(
            springfield.admin1_code.as_deref(),
            Some("US.IL"),
            "{springfield:#?}"
        );
        assert!(springfield.reason.contains("containment"));
    }

    #[test]
    fn an_english_demonym_after_a_name_is_no_containment() {
        // "Central" (a stoplisted town name) before "American".
        let d = tag("A caravan of Central American migrants reached the border.");
        assert!(d.locations.is_empty(), "{:#?}", d.locations);
        assert_eq!(d.focus_countries[0].country_code, "US");
    }

    #[test]
    fn state_codes_count_only_as_containers() {
        let d = tag("The company moved to Seattle, WA last year.");
        assert!(ids(&d).contains(&5809844), "{:#?}", d.locations);
        assert!(ids(&d).contains(&WASHINGTON_STATE), "{:#?}", d.locations);
        let d = tag("Police in Monroe, La. arrested two men.");
        let monroe = find(&d, 4333669);
        assert_eq!(monroe.admin1_code.as_deref(), Some("US.LA"));
        // On their own they are words or other abbreviations.
        assert!(tag("WA and SA signed the deal.").locations.is_empty());
        assert!(tag("He will Wash. the car.").locations.is_empty());
    }
}
