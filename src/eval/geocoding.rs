//! Geocoding scoring over LGL, GeoWebNews and GeoVirus: toponym detection,
//! end-to-end and given-gold-span resolution, gold countries.

use std::collections::HashMap;

use crate::article::{Field, Location, RawArticle};
use crate::stages::locations::Gazetteer;

use super::formats::{self, GeoDocument};
use super::metrics::{GeoScores, Resolution, Span, SpanScores};
use super::ner::predicted_spans;
use super::{GeoReport, Runner, SpanReport, toponyms};

impl Runner {
    pub(super) fn geocoding(
        &mut self,
        docs: &[GeoDocument],
        gazetteer: &Gazetteer,
        demonyms: &std::collections::HashSet<String>,
        mut errors: Option<&mut String>,
    ) -> GeoReport {
        let countries = CountryLookup::new(gazetteer);
        let mut detection = SpanScores::default();
        let mut e2e = GeoScores::default();
        let mut given = GeoScores::default();
        let mut given_demonyms = GeoScores::default();
        let mut given_names = GeoScores::default();
        // Span text → (place, or the country its demonym names).
        let mut isolated: HashMap<String, (Option<Place3>, Option<Place3>)> = HashMap::new();
        let mut resolved_in_isolation = 0;
        for d in docs {
            let doc = self.enrich(&d.id, d.text.clone(), None);
            let locations: &[Location] = doc.as_ref().map_or(&[], |doc| &doc.locations);
            let gold: Vec<Span> = d
                .toponyms
                .iter()
                .map(|t| Span {
                    class: "LOC",
                    start: t.start,
                    end: t.end,
                })
                .collect();
            let pred: Vec<Span> = doc
                .as_ref()
                .map(|doc| {
                    predicted_spans(doc)
                        .into_iter()
                        .filter(|p| p.0 == "LOC")
                        .map(|(class, start, end)| Span { class, start, end })
                        .collect()
                })
                .unwrap_or_default();
            detection.add_document(&gold, &pred);
            if let Some(out) = errors.as_deref_mut() {
                detection_errors(out, d, &gold, &pred, gazetteer);
            }
            for t in &d.toponyms {
                let span_text = crate::article::CharSpan::new(t.start, t.end)
                    .slice(&d.text)
                    .map(str::to_string);
                // A place name, not an adjective or a name inside a longer
                // one: by the corpus's annotation where it has one, else by
                // the fixed demonym list (not by what our chain made of it).
                let written = span_text.as_deref().unwrap_or(&t.name);
                let folded = written.split_whitespace().collect::<Vec<_>>().join(" ");
                let place_name = t.form == formats::ToponymForm::Name
                    && !demonyms.contains(&folded.to_lowercase());
                if t.geonameid.is_none() && t.coords.is_none() {
                    continue;
                }
                let gold_country = countries.of(t);
                let in_context = best_overlap(locations, t.start, t.end);
                let mut r = Resolution {
                    gold_id: t.geonameid,
                    gold_country,
                    gold_coords: t.coords,
                    ours: in_context,
                };
                e2e.add(&r);
                let mode = if in_context.is_some() {
                    "context"
                } else {
                    "isolated"
                };
                if in_context.is_none() {
                    let name = span_text.unwrap_or_else(|| t.name.clone());
                    let (ours, demonym) = match isolated.get(&name) {
                        Some(hit) => *hit,
                        None => {
                            let raw = RawArticle {
                                id: "isolated".into(),
                                body: name.clone(),
                                title: None,
                                lang: Some(self.lang.clone()),
                                url: None,
                                source: None,
                                published_at: None,
                                extra: Default::default(),
                            };
                            let doc = self.run_chain(raw);
                            let place = doc.as_ref().and_then(|d| d.locations.first().map(place3));
                            let demonym = doc
                                .as_ref()
                                .and_then(|d| match d.focus_countries.as_slice() {
                                    [f] if f.demonyms > 0 && f.toponyms == 0 => {
                                        gazetteer.country_place(&f.country_code)
                                    }
                                    _ => None,
                                })
                                .map(|p| (p.geonameid, iso2(&p.country_code), (p.lat, p.lon)));
                            isolated.insert(name, (place, demonym));
                            (place, demonym)
                        }
                    };
                    if ours.is_some() {
                        resolved_in_isolation += 1;
                    }
                    r.ours = ours;
                    given.add(&r);
                    if place_name {
                        given_names.add(&r);
                    }
                    if let Some(out) = errors.as_deref_mut() {
                        geo_error(out, &d.id, t, &r, mode, gazetteer);
                    }
                    r.ours = ours.or(demonym);
                    given_demonyms.add(&r);
                } else {
                    given.add(&r);
                    if place_name {
                        given_names.add(&r);
                    }
                    if let Some(out) = errors.as_deref_mut() {
                        geo_error(out, &d.id, t, &r, mode, gazetteer);
                    }
                    given_demonyms.add(&r);
                }
            }
        }
        GeoReport {
            detection: SpanReport::from(&detection),
            end_to_end: e2e.into(),
            given_gold_spans: given.into(),
            given_gold_spans_demonyms_as_countries: given_demonyms.into(),
            given_gold_place_names: given_names.into(),
            resolved_in_isolation,
            offsets_realigned: 0,
            offset_mismatches: 0,
            dropped_toponyms: 0,
        }
    }
}

/// Appends one line per detection error of a document (`--errors`):
/// `{doc}\tFN|FP\t{span text}\t{gold form}\t{gold ID in our gazetteer:
/// feature code, country; else -}\t{context}`, the context being 40
/// scalar values either side with the span in brackets. A gold toponym
/// counts as found only when a predicted span matches it exactly, as in
/// the detection scores.
fn detection_errors(
    out: &mut String,
    d: &GeoDocument,
    gold: &[Span],
    pred: &[Span],
    gazetteer: &Gazetteer,
) {
    use std::fmt::Write as _;
    let chars: Vec<char> = d.text.chars().collect();
    let text = |a: usize, b: usize| -> String {
        chars[a.min(chars.len())..b.min(chars.len())]
            .iter()
            .map(|c| if c.is_whitespace() { ' ' } else { *c })
            .collect()
    };
    let context = |s: &Span| {
        format!(
            "{}[{}]{}",
            text(s.start.saturating_sub(40), s.start),
            text(s.start, s.end),
            text(s.end, s.end + 40)
        )
    };
    for (g, t) in gold.iter().zip(&d.toponyms) {
        if pred.contains(g) {
            continue;
        }
        let held = t.geonameid.and_then(|id| gazetteer.get(id)).map_or_else(
            || "-".to_string(),
            |p| format!("{} {}", p.feature_code, p.country_code),
        );
        let _ = writeln!(
            out,
            "{}\tFN\t{}\t{:?}\t{held}\t{}",
            d.id,
            text(g.start, g.end),
            t.form,
            context(g)
        );
    }
    for p in pred.iter().filter(|p| !gold.contains(p)) {
        let _ = writeln!(
            out,
            "{}\tFP\t{}\t-\t-\t{}",
            d.id,
            text(p.start, p.end),
            context(p)
        );
    }
}

/// GeoNames ID, ISO alpha-2 country, (lat, lon) of a place we gave.
type Place3 = (u64, [u8; 2], (f64, f64));

/// Appends one line for a gold toponym not resolved to its gold ID
/// (`--errors`); toponyms without a gold ID are skipped.
fn geo_error(
    out: &mut String,
    doc: &str,
    t: &formats::GoldToponym,
    r: &Resolution,
    mode: &str,
    gazetteer: &Gazetteer,
) {
    let Some(gold) = t.geonameid else { return };
    let ours = r.ours.map(|o| o.0);
    if ours == Some(gold) {
        return;
    }
    let describe = |id: u64| {
        gazetteer.get(id).map_or_else(
            || "-".to_string(),
            |p| format!("{} {} {}", p.feature_code, p.country_code, p.name),
        )
    };
    let mode = if ours.is_none() { "none" } else { mode };
    out.push_str(&format!(
        "{doc}\t{}\t{:?}\t{gold}\t{}\t{mode}\t{}\t{}\n",
        t.name,
        t.form,
        describe(gold),
        ours.map_or("-".to_string(), |o| o.to_string()),
        ours.map_or("-".to_string(), describe),
    ));
}

fn iso2(code: &str) -> [u8; 2] {
    let b = code.as_bytes();
    [
        b.first().copied().unwrap_or(b'?'),
        b.get(1).copied().unwrap_or(b'?'),
    ]
}

fn place3(l: &Location) -> Place3 {
    let id = l
        .geonameid
        .or_else(|| toponyms::id_key(&l.gazetteer_id))
        .unwrap_or(0);
    (id, iso2(&l.country_code), (l.lat, l.lon))
}

/// The location whose mention overlaps `start..end` most (exact first).
fn best_overlap(locations: &[Location], start: usize, end: usize) -> Option<Place3> {
    let mut best: Option<(usize, Place3)> = None;
    for l in locations {
        for m in l.mentions.iter().filter(|m| m.field == Field::Body) {
            let overlap = end.min(m.end).saturating_sub(start.max(m.start));
            if overlap > 0 && best.is_none_or(|(b, _)| overlap > b) {
                best = Some((overlap, place3(l)));
            }
        }
    }
    best.map(|(_, p)| p)
}

/// Gold country of a toponym (see the module docs for the order).
struct CountryLookup<'a> {
    gazetteer: &'a Gazetteer,
    by_country_id: HashMap<u64, [u8; 2]>,
}

/// Nearest-place fallback radius for the gold country, km.
const NEAREST_PLACE_KM: f64 = 100.0;

impl<'a> CountryLookup<'a> {
    fn new(gazetteer: &'a Gazetteer) -> Self {
        let by_country_id = gazetteer
            .places()
            .iter()
            .filter(|p| p.is_country())
            .map(|p| (p.geonameid, iso2(&p.country_code)))
            .collect();
        Self {
            gazetteer,
            by_country_id,
        }
    }

    fn of(&self, t: &formats::GoldToponym) -> Option<[u8; 2]> {
        if let Some(cc) = t
            .country_geonameid
            .and_then(|id| self.by_country_id.get(&id))
        {
            return Some(*cc);
        }
        if let Some(p) = t.geonameid.and_then(|id| self.gazetteer.get(id)) {
            return Some(iso2(&p.country_code));
        }
        let (lat, lon) = t.coords?;
        self.gazetteer
            .places()
            .iter()
            .filter(|p| p.feature_class == 'P' && (p.lat - lat).abs() < 1.0)
            .map(|p| {
                (
                    crate::stages::locations::haversine_km((lat, lon), (p.lat, p.lon)),
                    p,
                )
            })
            .filter(|(d, _)| *d <= NEAREST_PLACE_KM)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, p)| iso2(&p.country_code))
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;
    use crate::eval::{EvalArgs, GoldFormat, run};

    #[test]
    fn demonym_gold_spans_count_only_in_their_own_row() {
        // An LGL-shaped article we wrote: "Egyptian" is annotated as a
        // toponym (Egypt), as LGL and GeoWebNews do with adjectives.
        let xml = r#"<articles><article docid="1"><text>Egyptian troops entered Cairo today.</text>
<toponyms>
<toponym><start>0</start><end>8</end><phrase>Egyptian</phrase><gaztag geonameid="357994"><lat>27</lat><lon>30</lon></gaztag></toponym>
<toponym><start>24</start><end>29</end><phrase>Cairo</phrase><gaztag geonameid="360630"><lat>30.06</lat><lon>31.25</lon></gaztag></toponym>
</toponyms></article></articles>"#;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lgl.xml");
        std::fs::write(&path, xml).unwrap();
        let settings = Settings::load(None, Vec::new(), &[]).unwrap();
        let args = EvalArgs {
            format: GoldFormat::Lgl,
            path,
            json: None,
            articles: None,
            sentences_per_doc: 10,
            limit: None,
            lang: None,
            errors: Some(dir.path().join("errors.tsv")),
        };
        let geo = run(&settings, &args).unwrap().geocoding.unwrap();
        // The detection errors: the adjective (never reported as a place)
        // is a false negative with its context; Cairo, found, is none.
        let errors = std::fs::read_to_string(dir.path().join("errors.tsv")).unwrap();
        assert!(
            errors.contains("1\tFN\tEgyptian\tName\tPCLI EG\t[Egyptian] troops entered"),
            "{errors}"
        );
        assert!(!errors.contains("\tFN\tCairo\t"), "{errors}");
        assert_eq!(geo.given_gold_spans.summary.id_accuracy, Some(0.5));
        assert_eq!(
            geo.given_gold_spans_demonyms_as_countries
                .summary
                .id_accuracy,
            Some(1.0)
        );
        // The place-name row leaves the adjective out: Cairo alone, right.
        assert_eq!(geo.given_gold_place_names.counts.toponyms, 1);
        assert_eq!(geo.given_gold_place_names.summary.id_accuracy, Some(1.0));
    }
}
