//! Scores: precision/recall/F1 over spans (exact and overlap), geocoding
//! accuracy (GeoNames ID, country, within 161 km, error in km) and code
//! agreement counts. Pure arithmetic, no I/O.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::stages::locations::haversine_km;

/// The geoparsing literature's "accuracy at 161 km" threshold (100 miles;
/// Gritta et al. 2018, Leidner 2008).
pub const ACCURACY_KM: f64 = 161.0;

/// A labelled span `start..end` (end-exclusive) in some unit (tokens or
/// scalar values), within one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// Class label (`PER`, `ORG`, `LOC`).
    pub class: &'static str,
    /// Start, inclusive.
    pub start: usize,
    /// End, exclusive.
    pub end: usize,
}

impl Span {
    fn overlaps(&self, other: &Span) -> bool {
        self.class == other.class && self.start < other.end && other.start < self.end
    }
}

/// Precision, recall and F1 in 0..=1, with the counts behind them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// Matched predictions / predictions (0 when there are none).
    pub precision: f64,
    /// Matched gold / gold (0 when there is none).
    pub recall: f64,
    /// Harmonic mean of the two (0 when both are 0).
    pub f1: f64,
}

impl Prf {
    /// From matched-prediction, prediction, matched-gold and gold counts.
    pub fn from_counts(pred_ok: usize, pred: usize, gold_ok: usize, gold: usize) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(pred_ok, pred);
        let recall = ratio(gold_ok, gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Self {
            precision,
            recall,
            f1,
        }
    }
}

/// Span-matching counts for one class (or all classes together).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SpanCounts {
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans (duplicates removed).
    pub predicted: usize,
    /// Predicted spans equal to a gold span (same class, start and end).
    pub exact: usize,
    /// Gold spans overlapped by a same-class prediction.
    pub overlap_gold: usize,
    /// Predictions overlapping a same-class gold span.
    pub overlap_predicted: usize,
}

impl SpanCounts {
    /// Exact-span precision/recall/F1 (CoNLL's measure).
    pub fn exact(&self) -> Prf {
        Prf::from_counts(self.exact, self.predicted, self.exact, self.gold)
    }

    /// Overlap precision/recall/F1: a gold span counts as found when a
    /// same-class prediction overlaps it, a prediction as right when it
    /// overlaps a same-class gold span.
    pub fn overlap(&self) -> Prf {
        Prf::from_counts(
            self.overlap_predicted,
            self.predicted,
            self.overlap_gold,
            self.gold,
        )
    }

    fn add(&mut self, o: &SpanCounts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.exact += o.exact;
        self.overlap_gold += o.overlap_gold;
        self.overlap_predicted += o.overlap_predicted;
    }
}

/// Span counts per class, accumulated over documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SpanScores {
    /// Class label → counts.
    pub per_class: BTreeMap<&'static str, SpanCounts>,
}

impl SpanScores {
    /// Adds one document's gold and predicted spans. Duplicate spans (same
    /// class and offsets) count once on either side.
    pub fn add_document(&mut self, gold: &[Span], predicted: &[Span]) {
        let mut gold = gold.to_vec();
        gold.sort();
        gold.dedup();
        let mut pred = predicted.to_vec();
        pred.sort();
        pred.dedup();
        for g in &gold {
            let c = self.per_class.entry(g.class).or_default();
            c.gold += 1;
            if pred.binary_search(g).is_ok() {
                c.exact += 1;
            }
            if pred.iter().any(|p| p.overlaps(g)) {
                c.overlap_gold += 1;
            }
        }
        for p in &pred {
            let c = self.per_class.entry(p.class).or_default();
            c.predicted += 1;
            if gold.iter().any(|g| g.overlaps(p)) {
                c.overlap_predicted += 1;
            }
        }
    }

    /// Micro-averaged counts over every class.
    pub fn overall(&self) -> SpanCounts {
        let mut all = SpanCounts::default();
        for c in self.per_class.values() {
            all.add(c);
        }
        all
    }
}

/// One gold toponym's resolution outcome.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resolution {
    /// Gold GeoNames ID, if the corpus has one.
    pub gold_id: Option<u64>,
    /// Gold country (ISO 3166-1 alpha-2), if known.
    pub gold_country: Option<[u8; 2]>,
    /// Gold coordinates, if the corpus has them.
    pub gold_coords: Option<(f64, f64)>,
    /// What we resolved the toponym to: GeoNames ID, country, coordinates;
    /// `None` when we gave no place.
    pub ours: Option<(u64, [u8; 2], (f64, f64))>,
}

/// Geocoding counts over gold toponyms.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GeoScores {
    /// Gold toponyms scored.
    pub toponyms: usize,
    /// Of those, how many we resolved to some place.
    pub resolved: usize,
    /// Gold toponyms with a GeoNames ID.
    pub with_id: usize,
    /// Our ID equals the gold ID.
    pub id_correct: usize,
    /// Gold toponyms with a known country.
    pub with_country: usize,
    /// Our place's country equals the gold country.
    pub country_correct: usize,
    /// Gold toponyms with coordinates.
    pub with_coords: usize,
    /// Our place lies within [`ACCURACY_KM`] of the gold coordinates.
    pub within_161km: usize,
    /// Resolved toponyms with a gold GeoNames ID.
    pub resolved_with_id: usize,
    /// Resolved toponyms with a gold country.
    pub resolved_with_country: usize,
    /// Error distances in km, for resolved toponyms with gold coordinates.
    #[serde(skip)]
    pub errors_km: Vec<f64>,
}

/// Summary ratios of [`GeoScores`], in 0..=1 (accuracies) and km.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeoSummary {
    /// `id_correct / with_id` (unresolved toponyms count as wrong).
    pub id_accuracy: Option<f64>,
    /// `country_correct / with_country`.
    pub country_accuracy: Option<f64>,
    /// `within_161km / with_coords`.
    pub accuracy_161km: Option<f64>,
    /// `id_correct / resolved_with_id`: accuracy over the toponyms we resolved.
    pub id_accuracy_resolved: Option<f64>,
    /// `country_correct / resolved_with_country`.
    pub country_accuracy_resolved: Option<f64>,
    /// `within_161km` over resolved toponyms with gold coordinates.
    pub accuracy_161km_resolved: Option<f64>,
    /// Mean error in km over resolved toponyms with gold coordinates.
    pub mean_error_km: Option<f64>,
    /// Median error in km over the same.
    pub median_error_km: Option<f64>,
}

impl GeoScores {
    /// Scores one gold toponym.
    pub fn add(&mut self, r: &Resolution) {
        self.toponyms += 1;
        if r.ours.is_some() {
            self.resolved += 1;
        }
        if let Some(id) = r.gold_id {
            self.with_id += 1;
            self.resolved_with_id += usize::from(r.ours.is_some());
            if r.ours.is_some_and(|o| o.0 == id) {
                self.id_correct += 1;
            }
        }
        if let Some(cc) = r.gold_country {
            self.with_country += 1;
            self.resolved_with_country += usize::from(r.ours.is_some());
            if r.ours.is_some_and(|o| o.1 == cc) {
                self.country_correct += 1;
            }
        }
        if let Some(gold) = r.gold_coords {
            self.with_coords += 1;
            if let Some((_, _, ours)) = r.ours {
                let km = haversine_km(gold, ours);
                self.errors_km.push(km);
                if km <= ACCURACY_KM {
                    self.within_161km += 1;
                }
            }
        }
    }

    /// The ratios; `None` where the denominator is 0.
    pub fn summary(&self) -> GeoSummary {
        let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
        let mut sorted = self.errors_km.clone();
        sorted.sort_by(f64::total_cmp);
        let median = (!sorted.is_empty()).then(|| {
            let n = sorted.len();
            if n % 2 == 1 {
                sorted[n / 2]
            } else {
                (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
            }
        });
        GeoSummary {
            id_accuracy: ratio(self.id_correct, self.with_id),
            country_accuracy: ratio(self.country_correct, self.with_country),
            accuracy_161km: ratio(self.within_161km, self.with_coords),
            id_accuracy_resolved: ratio(self.id_correct, self.resolved_with_id),
            country_accuracy_resolved: ratio(self.country_correct, self.resolved_with_country),
            accuracy_161km_resolved: ratio(self.within_161km, sorted.len()),
            mean_error_km: (!sorted.is_empty())
                .then(|| sorted.iter().sum::<f64>() / sorted.len() as f64),
            median_error_km: median,
        }
    }
}

/// Agreement of our actor codes with gold CAMEO codes.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CodeAgreement {
    /// Gold actor codes (distinct per record).
    pub gold_codes: usize,
    /// Gold codes equal to one of our codes in the same record.
    pub gold_exact: usize,
    /// Gold codes whose first three letters (country or `IGO`) equal those
    /// of one of our codes in the same record.
    pub gold_root: usize,
    /// Our coded actors (distinct codes per record) in records with gold.
    pub ours: usize,
    /// Our codes equal to a gold code of the record.
    pub ours_exact: usize,
    /// Our codes sharing the first three letters with a gold code.
    pub ours_root: usize,
}

fn root(code: &str) -> &str {
    code.get(..3).unwrap_or(code)
}

impl CodeAgreement {
    /// Adds one record: its gold codes and ours (each de-duplicated here).
    pub fn add_record(&mut self, gold: &[String], ours: &[String]) {
        let mut gold: Vec<&str> = gold.iter().map(String::as_str).collect();
        gold.sort_unstable();
        gold.dedup();
        let mut ours: Vec<&str> = ours.iter().map(String::as_str).collect();
        ours.sort_unstable();
        ours.dedup();
        for g in &gold {
            self.gold_codes += 1;
            self.gold_exact += usize::from(ours.contains(g));
            self.gold_root += usize::from(ours.iter().any(|o| root(o) == root(g)));
        }
        for o in &ours {
            self.ours += 1;
            self.ours_exact += usize::from(gold.contains(o));
            self.ours_root += usize::from(gold.iter().any(|g| root(o) == root(g)));
        }
    }
}

/// One coded event as scoring sees it: source code, target code, CAMEO
/// code, date, GeoNames ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTuple {
    /// Source actor code.
    pub source: String,
    /// Target actor code (empty for none).
    pub target: String,
    /// CAMEO event code.
    pub code: String,
    /// Date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// GeoNames ID.
    pub geonameid: Option<u64>,
}

impl EventTuple {
    fn root(&self) -> &str {
        self.code.get(..2).unwrap_or(&self.code)
    }

    fn dyad_eq(&self, o: &EventTuple) -> bool {
        self.source == o.source && self.target == o.target
    }
}

/// Event coding scores over documents: gold events against ours, per
/// document, each side de-duplicated on (source, target, code).
///
/// `exact`: same source, target and code; `root_dyad`: same source and
/// target, same two-digit root. Precision counts our events that match a
/// gold event of the document; documents whose gold says "no event" count
/// every event we code there against precision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct EventScores {
    /// Documents scored.
    pub documents: usize,
    /// Gold events.
    pub gold: usize,
    /// Gold events found exactly.
    pub gold_exact: usize,
    /// Gold events found with the right dyad and root.
    pub gold_root_dyad: usize,
    /// Our events.
    pub ours: usize,
    /// Our events equal to a gold event.
    pub ours_exact: usize,
    /// Our events with a gold event of the same dyad and root.
    pub ours_root_dyad: usize,
    /// Exactly found gold events with a gold date.
    pub dated: usize,
    /// Of those, with our date equal.
    pub date_correct: usize,
    /// Exactly found gold events with a gold place.
    pub located: usize,
    /// Of those, with our GeoNames ID equal.
    pub location_correct: usize,
}

impl EventScores {
    /// Adds one document.
    pub fn add_document(&mut self, gold: &[EventTuple], ours: &[EventTuple]) {
        let dedup = |v: &[EventTuple]| {
            let mut out: Vec<EventTuple> = Vec::new();
            for e in v {
                if !out.iter().any(|o| o.dyad_eq(e) && o.code == e.code) {
                    out.push(e.clone());
                }
            }
            out
        };
        let gold = dedup(gold);
        let ours = dedup(ours);
        self.documents += 1;
        for g in &gold {
            self.gold += 1;
            match ours.iter().find(|o| o.dyad_eq(g) && o.code == g.code) {
                Some(o) => {
                    self.gold_exact += 1;
                    self.gold_root_dyad += 1;
                    if let Some(d) = &g.date {
                        self.dated += 1;
                        self.date_correct += usize::from(o.date.as_ref() == Some(d));
                    }
                    if let Some(id) = g.geonameid {
                        self.located += 1;
                        self.location_correct += usize::from(o.geonameid == Some(id));
                    }
                }
                None => {
                    self.gold_root_dyad +=
                        usize::from(ours.iter().any(|o| o.dyad_eq(g) && o.root() == g.root()));
                }
            }
        }
        for o in &ours {
            self.ours += 1;
            self.ours_exact += usize::from(gold.iter().any(|g| g.dyad_eq(o) && g.code == o.code));
            self.ours_root_dyad +=
                usize::from(gold.iter().any(|g| g.dyad_eq(o) && g.root() == o.root()));
        }
    }

    /// Share of gold events found exactly (recall).
    pub fn recall_exact(&self) -> f64 {
        ratio(self.gold_exact, self.gold)
    }

    /// Share of gold events found with the right dyad and root.
    pub fn recall_root_dyad(&self) -> f64 {
        ratio(self.gold_root_dyad, self.gold)
    }

    /// Share of our events that are exactly gold.
    pub fn precision_exact(&self) -> f64 {
        ratio(self.ours_exact, self.ours)
    }

    /// Share of our events with a gold event of the same dyad and root.
    pub fn precision_root_dyad(&self) -> f64 {
        ratio(self.ours_root_dyad, self.ours)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(class: &'static str, start: usize, end: usize) -> Span {
        Span { class, start, end }
    }

    #[test]
    fn span_scores_exact_and_overlap() {
        let gold = [s("PER", 0, 2), s("LOC", 5, 6), s("ORG", 8, 10)];
        // PER exact; LOC predicted with a wider span (overlap only);
        // ORG predicted as LOC (no match); one spurious PER; a duplicate.
        let pred = [
            s("PER", 0, 2),
            s("PER", 0, 2),
            s("LOC", 4, 6),
            s("LOC", 8, 10),
            s("PER", 12, 13),
        ];
        let mut scores = SpanScores::default();
        scores.add_document(&gold, &pred);
        let per = scores.per_class["PER"];
        assert_eq!((per.gold, per.predicted, per.exact), (1, 2, 1));
        let loc = scores.per_class["LOC"];
        assert_eq!((loc.gold, loc.predicted, loc.exact), (1, 2, 0));
        assert_eq!((loc.overlap_gold, loc.overlap_predicted), (1, 1));
        let all = scores.overall();
        assert_eq!((all.gold, all.predicted, all.exact), (3, 4, 1));
        let e = all.exact();
        assert!((e.precision - 0.25).abs() < 1e-12);
        assert!((e.recall - 1.0 / 3.0).abs() < 1e-12);
        assert!((e.f1 - 2.0 * 0.25 * (1.0 / 3.0) / (0.25 + 1.0 / 3.0)).abs() < 1e-12);
        let o = all.overlap();
        assert!((o.recall - 2.0 / 3.0).abs() < 1e-12);
        assert!((o.precision - 0.5).abs() < 1e-12);
    }

    #[test]
    fn prf_is_zero_without_counts() {
        assert_eq!(Prf::from_counts(0, 0, 0, 0).f1, 0.0);
        assert_eq!(SpanScores::default().overall().exact().precision, 0.0);
    }

    #[test]
    fn geo_scores_count_unresolved_as_wrong() {
        let mut g = GeoScores::default();
        g.add(&Resolution {
            gold_id: Some(1),
            gold_country: Some(*b"EG"),
            gold_coords: Some((30.0, 31.0)),
            ours: Some((1, *b"EG", (30.0, 31.0))),
        });
        g.add(&Resolution {
            gold_id: Some(2),
            gold_country: Some(*b"LY"),
            gold_coords: Some((32.0, 13.0)),
            // Wrong place, right country, ~150 km away.
            ours: Some((3, *b"LY", (32.0, 14.6))),
        });
        g.add(&Resolution {
            gold_id: Some(4),
            gold_country: None,
            gold_coords: Some((0.0, 0.0)),
            ours: None,
        });
        let sum = g.summary();
        assert_eq!(sum.id_accuracy, Some(1.0 / 3.0));
        assert_eq!(sum.country_accuracy, Some(1.0));
        assert_eq!(sum.accuracy_161km, Some(2.0 / 3.0));
        assert_eq!(sum.id_accuracy_resolved, Some(0.5));
        assert_eq!(sum.country_accuracy_resolved, Some(1.0));
        assert_eq!(sum.accuracy_161km_resolved, Some(1.0));
        let second = haversine_km((32.0, 13.0), (32.0, 14.6));
        assert!(second < ACCURACY_KM);
        assert!((sum.mean_error_km.unwrap() - second / 2.0).abs() < 1e-9);
        assert_eq!(sum.median_error_km, Some(second / 2.0));
        assert_eq!(GeoScores::default().summary().id_accuracy, None);
    }

    #[test]
    fn code_agreement_exact_and_root() {
        let mut c = CodeAgreement::default();
        let gold = vec![
            "USAGOV".to_string(),
            "CHN".to_string(),
            "USAGOV".to_string(),
        ];
        let ours = vec!["USA".to_string(), "CHN".to_string(), "IGOUNO".to_string()];
        c.add_record(&gold, &ours);
        assert_eq!((c.gold_codes, c.gold_exact, c.gold_root), (2, 1, 2));
        assert_eq!((c.ours, c.ours_exact, c.ours_root), (3, 1, 2));
    }

    #[test]
    fn event_scores_count_exact_root_and_precision() {
        let t = |s: &str, t: &str, c: &str| EventTuple {
            source: s.into(),
            target: t.into(),
            code: c.into(),
            date: Some("2019-04-14".into()),
            geonameid: Some(360630),
        };
        let mut sc = EventScores::default();
        let gold = [
            t("EGYGOV", "LBYMIL", "040"),
            t("LBYMIL", "LBY", "190"),
            t("A", "B", "112"),
        ];
        let mut hit = t("EGYGOV", "LBYMIL", "040");
        hit.geonameid = None;
        let ours = [
            hit,
            t("LBYMIL", "LBY", "193"),
            t("X", "Y", "010"),
            t("X", "Y", "010"),
        ];
        sc.add_document(&gold, &ours);
        assert_eq!((sc.gold, sc.gold_exact, sc.gold_root_dyad), (3, 1, 2));
        // The duplicate of ours is counted once.
        assert_eq!((sc.ours, sc.ours_exact, sc.ours_root_dyad), (3, 1, 2));
        assert_eq!(
            (sc.dated, sc.date_correct, sc.located, sc.location_correct),
            (1, 1, 1, 0)
        );
        // A "no event" document: everything we code there is wrong.
        sc.add_document(&[], &[t("A", "B", "040")]);
        assert_eq!(sc.ours, 4);
        assert!((sc.precision_exact() - 0.25).abs() < 1e-9);
    }
}
