//! Tie-break rules between same-named candidates of different kinds,
//! applied in order before scoring. Each has a name, and the name is what
//! the location's `reason` says when the rule removed a candidate. None
//! applies when a division word asks for the division ("محافظة البحر
//! الأحمر", "Red Sea State").

use super::env::Env;
use super::gazetteer::GazetteerId;
use super::gazetteer::Place;
use super::occurrence::Occurrence;
use super::one_sense::Group;
use super::params::{MINOR_POPULATION, WORLD_CITY_POPULATION};

/// A tie-break rule: removes candidates of the group from the list.
type TieBreak = fn(&Env<'_>, &Group, &[Occurrence], &mut Vec<u32>);

/// The rules in the order they apply; the name goes into `reason`.
const RULES: &[(&str, TieBreak)] = &[
    (
        "city_over_same_named_division",
        city_over_same_named_division,
    ),
    (
        "capital_over_same_named_division",
        capital_over_same_named_division,
    ),
    ("town_over_smaller_division", town_over_smaller_division),
    ("populous_city_over_namesakes", populous_city_over_namesakes),
    (
        "region_over_same_named_division",
        region_over_same_named_division,
    ),
];

/// Applies [`RULES`] in order to `candidates`, noting in `notes` the name
/// of each rule that removed some.
pub(super) fn apply(
    env: &Env<'_>,
    g: &Group,
    occ: &[Occurrence],
    candidates: &mut Vec<u32>,
    notes: &mut Vec<String>,
) {
    for (name, rule) in RULES {
        let before = candidates.len();
        rule(env, g, occ, candidates);
        if candidates.len() < before {
            notes.push((*name).into());
        }
    }
}

/// A division named after a city inside it gives way to the city, unless
/// the text writes the division's own name, the city has that name only as
/// an alternate and is not a city of a million ([`WORLD_CITY_POPULATION`]):
/// "Oklahoma" is the state, though GeoNames lists it among Oklahoma City's
/// names; "New York" stays the city; القاهرة is Cairo, not Cairo
/// Governorate.
fn city_over_same_named_division(
    env: &Env<'_>,
    g: &Group,
    occ: &[Occurrence],
    candidates: &mut Vec<u32>,
) {
    let snapshot = candidates.clone();
    let written: Vec<String> = g
        .members
        .iter()
        .map(|&i| occ[i].written.to_lowercase())
        .collect();
    let own_name = |p: &Place| written.contains(&p.name.to_lowercase());
    candidates.retain(|&c| {
        let p = env.place(c);
        !(p.is_admin1()
            && snapshot.iter().any(|&x| {
                let town = env.place(x);
                env.contains(c, x)
                    && town.feature_class == 'P'
                    && !(own_name(p) && !own_name(town) && town.population < WORLD_CITY_POPULATION)
            }))
    });
}

/// Washington is the capital, not the state of Washington: a national
/// capital beats a same-named division of its own country that does not
/// contain it.
fn capital_over_same_named_division(
    env: &Env<'_>,
    _: &Group,
    _: &[Occurrence],
    candidates: &mut Vec<u32>,
) {
    let capitals: Vec<u32> = candidates
        .iter()
        .copied()
        .filter(|&c| env.place(c).feature_code == "PPLC")
        .collect();
    candidates.retain(|&c| {
        let p = env.place(c);
        !((p.is_admin1() || p.is_admin2())
            && capitals
                .iter()
                .any(|&k| env.place(k).country_code == p.country_code && !env.contains(c, k)))
    });
}

/// A division with fewer people than a same-named town gives way to the
/// town (Charlotte, North Carolina over Charlotte Parish, Saint Vincent).
/// Division populations are lower bounds (sums of their towns,
/// `data/gazetteer/SOURCE.md`); 0 = unknown, no rule.
fn town_over_smaller_division(
    env: &Env<'_>,
    _: &Group,
    _: &[Occurrence],
    candidates: &mut Vec<u32>,
) {
    let biggest_town = candidates
        .iter()
        .map(|&c| env.place(c))
        .filter(|p| p.feature_class == 'P')
        .map(|p| p.population)
        .max()
        .unwrap_or(0);
    candidates.retain(|&c| {
        let p = env.place(c);
        !((p.is_admin1() || p.is_admin2()) && p.population > 0 && p.population < biggest_town)
    });
}

/// A populous GeoNames city (a capital, or a town of [`MINOR_POPULATION`]
/// people or more) beats the same-named smaller places the wider
/// gazetteer adds: a village only Who's On First knows, anywhere
/// (الحديدة is Hodeidah, not a Syrian village), and a
/// division of its own country (الرياض is Riyadh, not Riyadh Province;
/// تعز is the city, not Taiz Governorate), unless containment restricted
/// the name (that group never reaches here with a wrong reading) or the
/// text writes the division's own name, which the city has only as an
/// alternate ("Oklahoma" stays the state). A division word keeps the
/// division: the precedence rules do not run then.
fn populous_city_over_namesakes(
    env: &Env<'_>,
    g: &Group,
    occ: &[Occurrence],
    candidates: &mut Vec<u32>,
) {
    if g.restriction.is_some() {
        return;
    }
    let Some(city) = candidates
        .iter()
        .copied()
        .filter(|&c| {
            let p = env.place(c);
            matches!(p.gazetteer_id, GazetteerId::GeoNames(_))
                && p.feature_class == 'P'
                && (p.feature_code == "PPLC" || p.population >= MINOR_POPULATION)
        })
        .max_by_key(|&c| env.place(c).population)
    else {
        return;
    };
    let town = env.place(city);
    let written: Vec<String> = g
        .members
        .iter()
        .map(|&i| occ[i].written.to_lowercase())
        .collect();
    let own_name = |p: &Place| written.contains(&p.name.to_lowercase());
    candidates.retain(|&c| {
        let p = env.place(c);
        if c == city || p.is_country() || p.is_region() || p.is_continent() {
            return true;
        }
        if p.is_admin1() || p.is_admin2() {
            return p.country_code != town.country_code || (own_name(p) && !own_name(town));
        }
        // A GeoNames town keeps its chance (focus may choose Paris,
        // Texas); a place only Who's On First knows does not.
        p.feature_class != 'P' || matches!(p.gazetteer_id, GazetteerId::GeoNames(_))
    });
}

/// The Red Sea, not Sudan's Red Sea State or Egypt's Red Sea Governorate:
/// where a sea, region or landform shares the name, news names it far more
/// often than the division.
fn region_over_same_named_division(
    env: &Env<'_>,
    _: &Group,
    _: &[Occurrence],
    candidates: &mut Vec<u32>,
) {
    if !candidates.iter().any(|&c| env.place(c).is_region()) {
        return;
    }
    candidates.retain(|&c| {
        let p = env.place(c);
        !(p.is_admin1() || p.is_admin2())
    });
}

#[cfg(test)]
mod tests {
    use crate::stages::locations::testutil::*;

    #[test]
    fn division_named_after_its_city_gives_way_to_the_city() {
        let d = tag("وصل الرئيس إلى بنغازي.");
        assert_eq!(ids(&d), vec![BENGHAZI]);
        assert!(
            find(&d, BENGHAZI)
                .reason
                .contains("city_over_same_named_division"),
            "{}",
            find(&d, BENGHAZI).reason
        );
        // ... unless the text says division.
        assert_eq!(ids(&tag("أمطار غزيرة في محافظة القاهرة.")), vec![360631]);
        // ... or writes the division's own name, which the city has only as
        // an alternate name, and the city is no city of a million.
        const OKLAHOMA_STATE: u64 = 4544379;
        const NEW_YORK_CITY: u64 = 5128581;
        assert_eq!(
            ids(&tag("Teachers in Oklahoma walked out.")),
            vec![OKLAHOMA_STATE]
        );
        assert_eq!(
            ids(&tag("Teachers in New York walked out.")),
            vec![NEW_YORK_CITY]
        );
    }

    #[test]
    fn a_capital_beats_a_same_named_division_of_its_country() {
        let d = tag("Officials in Washington said the talks would resume.");
        assert_eq!(ids(&d), vec![WASHINGTON_DC], "{:#?}", d.locations);
        assert!(
            find(&d, WASHINGTON_DC)
                .reason
                .contains("capital_over_same_named_division"),
            "{}",
            find(&d, WASHINGTON_DC).reason
        );
        // ... unless the text says division.
        assert_eq!(
            ids(&tag("Fires spread across Washington state on Monday.")),
            vec![WASHINGTON_STATE]
        );
    }

    #[test]
    fn a_division_gives_way_to_a_bigger_same_named_town() {
        // Charlotte Parish, Saint Vincent (7,705 in its towns) and
        // Charlotte, North Carolina (911,311).
        let d = tag("He did data entry in Charlotte for a long time.");
        assert_eq!(ids(&d), vec![4460243], "{:#?}", d.locations);
        assert!(
            find(&d, 4460243)
                .reason
                .contains("town_over_smaller_division")
        );
    }

    #[test]
    fn a_region_name_wins_over_the_country_inside_it() {
        let d = tag("تتزايد الهجرة من دول المغرب العربي، وتعاني المغرب من الجفاف.");
        assert_eq!(ids(&d), vec![MAGHREB, MOROCCO]);
        assert_eq!(find(&d, MAGHREB).mentions[0].text, "المغرب العربي");
        assert_eq!(find(&d, MOROCCO).mentions[0].text, "المغرب");
        // The Maghreb does not make Morocco a focus country; Morocco itself does.
        assert_eq!(d.focus_countries.len(), 1);
        assert_eq!(d.focus_countries[0].country_code, "MA");
        assert_eq!(d.focus_countries[0].toponyms, 1);
    }

    #[test]
    fn english_world_regions_beat_untagged_country_aliases_and_small_towns() {
        let body = "Drought spread across the Horn of Africa and Central Africa, while patrols in the South China Sea grew.";
        let d = tag(body);
        // The South China Sea is GeoNames' sea feature (1567570), which the
        // Natural Earth landmarks bring, or our curated region.
        let found = ids(&d);
        assert_eq!(
            found[..2],
            [HORN_OF_AFRICA, CENTRAL_AFRICA],
            "{:#?}",
            d.locations
        );
        assert!(
            found.len() == 3 && [SOUTH_CHINA_SEA, 1567570].contains(&found[2]),
            "{:#?}",
            d.locations
        );
        let m = &find(&d, CENTRAL_AFRICA).mentions[0];
        assert_eq!((m.start, m.end), (45, 59));
        assert_eq!(
            CharSpan::new(m.start, m.end).slice(body),
            Some("Central Africa")
        );
        // The Central African Republic has "Central Africa" only as an
        // untagged alias; its own names still resolve to it.
        assert_eq!(
            ids(&tag("Peacekeepers left the Central African Republic.")),
            vec![CAR]
        );
        // British news lowercases compass words before a region's name.
        let d =
            tag("Sales fell in western Europe but grew in south-east Asia and sub-Saharan Africa.");
        assert_eq!(
            ids(&d),
            vec![WESTERN_EUROPE, SOUTHEAST_ASIA, SUB_SAHARAN_AFRICA],
            "{:#?}",
            d.locations
        );
        assert_eq!(find(&d, WESTERN_EUROPE).mentions[0].text, "western Europe");
        // A lowercase "the" makes the bare ocean names the oceans; "The
        // Atlantic" (a magazine) or "the Atlantic Council" are not.
        let d = tag("Storms over the Atlantic reached the Pacific coast.");
        assert_eq!(ids(&d), vec![3373405, 2363254], "{:#?}", d.locations);
        assert!(tag("She writes for The Atlantic.").locations.is_empty());
        assert!(
            tag("A report by the Atlantic Council said so.")
                .locations
                .is_empty()
        );
        // Regions only: "east London" is no East London, South Africa, and
        // the failed longer name does not hide London inside it.
        let body = "Police raided a flat in east London.";
        let d = tag(body);
        assert!(!ids(&d).contains(&EAST_LONDON_ZA));
        assert_eq!(ids(&d), vec![2643743], "{:#?}", d.locations);
        let m = &find(&d, 2643743).mentions[0];
        assert_eq!(CharSpan::new(m.start, m.end).slice(body), Some("London"));
        // Middle East, Maryland (1,872 people) needs its state named.
        let d = tag("Talks on the Middle East resumed in Cairo.");
        assert!(ids(&d).contains(&MIDDLE_EAST), "{:#?}", d.locations);
        assert!(!ids(&d).contains(&MIDDLE_EAST_MD));
    }

    #[test]
    fn a_populous_city_beats_its_governorate_and_wof_namesakes() {
        // Sentences we wrote. Riyadh (108410), Hodeidah (79415), Taiz
        // (70225), Tehran (112931): the cities, not their provinces or
        // same-named villages.
        for (body, id) in [
            ("وصل الوفد إلى الرياض مساء أمس.", 108410),
            ("اشتدت المعارك قرب الحديدة هذا الأسبوع.", 79415),
            ("انقطعت المياه عن أحياء في تعز.", 70225),
            ("عاد الوزير إلى طهران بعد الجولة.", 112931),
        ] {
            let d = tag(body);
            assert_eq!(ids(&d), vec![id], "{body}: {:#?}", d.locations);
        }
        // A division word keeps the governorate.
        let d = tag("أمطار غزيرة في محافظة الحديدة.");
        assert!(!ids(&d).contains(&79415), "{:#?}", d.locations);
    }
}
