//! Organisation rules: a city's name inside a club's, an organisation's, a
//! street's or a time zone's name ("ريال مدريد", "Manchester United",
//! "Baghdad Street", «بتوقيت وسط أوروبا»).

use super::super::env::Env;
use super::super::occurrence::Occurrence;
use super::FieldView;

/// A sports club or other organisation named after the city: a cue word
/// before ("نادي برشلونة", "FC Barcelona") or after ("مانشستر يونايتد",
/// "Manchester United") in the same sentence.
pub(in super::super) fn club_or_organisation_cue(
    env: &Env<'_>,
    view: &FieldView<'_>,
    o: &Occurrence,
) -> Option<bool> {
    let before = view
        .before(o)
        .is_some_and(|t| env.rules.is_org_cue_before(&t.norm));
    let after = view
        .after(o)
        .is_some_and(|t| env.rules.is_org_cue_after(&t.norm));
    (before || after).then_some(false)
}

/// A capitalised street, venue or programme word after the name ("Alps
/// Road", "Baghdad Street"); lowercase it leads to the place ("the Aleppo
/// road").
pub(in super::super) fn street_cue(
    env: &Env<'_>,
    view: &FieldView<'_>,
    o: &Occurrence,
) -> Option<bool> {
    view.after(o)
        .is_some_and(|t| t.capitalized && env.rules.is_street_cue_after(&t.norm))
        .then_some(false)
}

/// «بتوقيت وسط أوروبا»: a time zone named after a region.
pub(in super::super) fn time_zone_cue(
    env: &Env<'_>,
    view: &FieldView<'_>,
    o: &Occurrence,
) -> Option<bool> {
    (view
        .before(o)
        .is_some_and(|t| env.rules.is_time_zone_cue(&t.norm))
        && o.candidates.iter().all(|&c| env.place(c).is_region()))
    .then_some(false)
}

#[cfg(test)]
mod tests {
    use crate::stages::locations::testutil::*;

    #[test]
    fn sports_clubs_named_after_cities_are_not_places() {
        assert!(
            tag("فاز ريال مدريد على مانشستر يونايتد أمس.")
                .locations
                .is_empty()
        );
        assert!(
            tag("Manchester United beat FC Barcelona.")
                .locations
                .is_empty()
        );
        assert_eq!(ids(&tag("وصل الوفد إلى مدريد أمس.")), vec![3117735]);
    }

    #[test]
    fn streets_named_after_places_are_not_the_places() {
        const BAGHDAD: u64 = 98182;
        assert!(
            tag("The shop on Baghdad Street reopened.")
                .locations
                .is_empty()
        );
        // Lowercase, the road leads to the place.
        assert_eq!(
            ids(&tag("Convoys took the Baghdad road at dawn.")),
            vec![BAGHDAD]
        );
    }
}
