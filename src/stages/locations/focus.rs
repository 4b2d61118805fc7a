//! Document focus: the countries an article is about, from demonyms, the
//! actors' countries and toponyms. One builder serves both uses: the first
//! pass (unambiguous toponyms that are not minor places) feeds scoring and
//! the minor-place rule; the final pass (every resolved mention) is the
//! output's `focus_countries`.

use std::collections::BTreeMap;

use crate::article::{Actor, FocusCountry, Location};

use super::env::Env;
use super::gazetteer::Gazetteer;
use super::occurrence::{DemonymHit, Occurrence};
use super::resolve::round3;

/// Evidence that a document is about a country: how many toponyms,
/// demonyms and actors point to it.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Evidence {
    pub(super) toponyms: u32,
    pub(super) demonyms: u32,
    pub(super) actors: u32,
    /// Cues of US local news (first pass only: [`super::local_news`]).
    pub(super) cues: u32,
}

impl Evidence {
    fn weight(&self) -> f64 {
        f64::from(self.toponyms + self.demonyms + self.actors + self.cues)
    }
}

/// Focus-country evidence, alpha-2 → counts.
#[derive(Debug, Clone, Default)]
pub(super) struct Focus {
    evidence: BTreeMap<String, Evidence>,
}

impl Focus {
    fn max_weight(&self) -> f64 {
        self.evidence
            .values()
            .map(Evidence::weight)
            .fold(0.0, f64::max)
    }

    /// 0.0..=1.0: this country's evidence relative to the strongest one.
    pub(super) fn share(&self, iso2: &str) -> f64 {
        let max = self.max_weight();
        if max <= 0.0 {
            return 0.0;
        }
        self.evidence.get(iso2).map_or(0.0, |e| e.weight() / max)
    }

    pub(super) fn to_output(&self) -> Vec<FocusCountry> {
        let max = self.max_weight();
        let mut out: Vec<FocusCountry> = self
            .evidence
            .iter()
            .filter(|(_, e)| e.weight() > 0.0)
            .map(|(c, e)| FocusCountry {
                country_code: c.clone(),
                score: round3(e.weight() / max),
                toponyms: e.toponyms,
                demonyms: e.demonyms,
                actors: e.actors,
            })
            .collect();
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.country_code.cmp(&b.country_code))
        });
        out
    }
}

impl Focus {
    /// Evidence from the demonyms and the actors' countries (alpha-2), the
    /// part both passes share.
    pub(super) fn from_demonyms_and_actors(dem: &[DemonymHit], actor_countries: &[String]) -> Self {
        let mut focus = Focus::default();
        for d in dem {
            focus.evidence.entry(d.iso2.clone()).or_default().demonyms += 1;
        }
        for iso2 in actor_countries {
            focus.evidence.entry(iso2.clone()).or_default().actors += 1;
        }
        focus
    }

    /// First pass: `cues` cues of US local news (rule
    /// `us_local_news_is_its_own_evidence`, [`super::local_news`]) count for
    /// the United States.
    pub(super) fn with_local_news_cues(mut self, cues: u32) -> Self {
        if cues > 0 {
            self.evidence
                .entry(super::local_news::COUNTRY.to_owned())
                .or_default()
                .cues += cues;
        }
        self
    }

    /// First pass: adds each kept occurrence whose candidates all lie in one
    /// country and are not all minor places (those need the focus, not feed
    /// it). Continents and regions that span countries are no country's
    /// evidence.
    pub(super) fn with_unambiguous_toponyms(mut self, env: &Env<'_>, occ: &[Occurrence]) -> Self {
        for o in occ.iter().filter(|o| !o.dropped) {
            let candidates = o.contained.as_ref().map_or(&o.candidates, |(c, _)| c);
            if candidates.iter().all(|&c| env.is_minor(c, o)) {
                continue;
            }
            let first = env.place(candidates[0]).country_code.as_str();
            if !first.is_empty()
                && candidates
                    .iter()
                    .all(|&c| env.place(c).country_code == first)
            {
                self.evidence.entry(first.to_owned()).or_default().toponyms += 1;
            }
        }
        self
    }

    /// Final pass: every resolved mention counts for its country.
    pub(super) fn with_locations(mut self, locations: &[Location]) -> Self {
        for loc in locations.iter().filter(|l| !l.country_code.is_empty()) {
            self.evidence
                .entry(loc.country_code.clone())
                .or_default()
                .toponyms += loc.mentions.len() as u32;
        }
        self
    }
}

/// Countries of the actors found earlier: the alpha-3 prefix of the
/// actor's CAMEO-style code (none for `IGO…`: a UN envoy's nationality is
/// not what the text is about), else its ISO alpha-3 `country`.
pub(super) fn actor_countries(gazetteer: &Gazetteer, actors: &[Actor]) -> Vec<String> {
    actors
        .iter()
        .filter_map(|a| match a.code.as_deref() {
            Some(code) => code.get(..3),
            None => a.country.as_deref(),
        })
        .filter_map(|iso3| gazetteer.iso2_of_iso3(iso3))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::stages::locations::testutil::*;

    #[test]
    fn oman_or_amman_follows_the_document_focus() {
        // No context: the country prior wins.
        assert_eq!(ids(&tag("وصل الوزير إلى عمان أمس.")), vec![OMAN]);
        // Jordan in focus (country name and demonym): Amman.
        let d = tag("قال مسؤول أردني إن الوزير وصل إلى عمان أمس لبحث العلاقات مع الأردن.");
        assert!(ids(&d).contains(&AMMAN), "{:#?}", d.locations);
        assert!(
            find(&d, AMMAN).reason.contains("focus_country:JO"),
            "{}",
            find(&d, AMMAN).reason
        );
        // Oman in focus: the country.
        let d = tag("قال مسؤول عماني في مسقط إن عمان ترحب بالاتفاق.");
        assert!(ids(&d).contains(&OMAN), "{:#?}", d.locations);
        // A city cue: Amman even without focus.
        assert_eq!(ids(&tag("وصل الوفد إلى العاصمة عمان أمس.")), vec![AMMAN]);
    }

    #[test]
    fn demonyms_are_focus_evidence_not_toponyms() {
        let d = tag(
            "قال مسؤول مصري إن الوفد الليبي والمسؤولين المصريين اتفقوا. Egyptian officials agreed.",
        );
        assert!(d.locations.is_empty(), "{:#?}", d.locations);
        assert_eq!(d.focus_countries[0].country_code, "EG");
        assert_eq!(d.focus_countries[0].demonyms, 3);
        assert_eq!(d.focus_countries[0].score, 1.0);
        let ly = d
            .focus_countries
            .iter()
            .find(|f| f.country_code == "LY")
            .unwrap();
        assert_eq!(ly.demonyms, 1);
        assert!((ly.score - 1.0 / 3.0).abs() < 1e-3);
    }

    #[test]
    fn english_focus_moves_georgia_to_the_us_state() {
        let d = tag("American officials said Georgia would hold a recount.");
        assert_eq!(ids(&d), vec![4197000], "{:#?}", d.locations);
        assert_eq!(
            ids(&tag("Russia and Georgia signed a ceasefire.")),
            vec![2017370, 614540]
        );
    }

    #[test]
    fn actors_countries_count_as_focus() {
        let mut d = doc("وصل الوزير إلى عمان أمس.");
        d.actors.push(Actor {
            id: "ne:jor-ayman-safadi".into(),
            name: "Ayman Safadi".into(),
            code: Some("JORGOV".into()),
            kind: ActorKind::Person,
            country: Some("JOR".into()),
            role: Some("GOV".into()),
            title: None,
            date_rule: None,
            confidence: 0.9,
            source: ActorSource::Dictionary,
            mentions: Vec::new(),
        });
        tagger().process(&mut d).unwrap();
        assert_eq!(ids(&d), vec![AMMAN]);
        assert_eq!(
            d.focus_countries
                .iter()
                .find(|f| f.country_code == "JO")
                .unwrap()
                .actors,
            1
        );
    }
}
