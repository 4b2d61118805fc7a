//! Every weight and threshold of toponym resolution, in one place: the
//! feature-class prior, the score weights, the population thresholds and
//! the confidences. Model parameters, not word lists: they stay code.

use super::gazetteer::Place;

/// Feature-class prior added to a candidate's score. Source: the ordering
/// country > first-level division > capital > other city of the locations
/// issue, spaced so that a full focus-country bonus ([`FOCUS_WEIGHT`]) can
/// lift a capital over a country (عمان is Amman in a text about Jordan) but
/// population alone cannot. Continents and the curated regions, water
/// bodies and landforms ([`Place::is_region`]) rank between countries and
/// divisions: a name like "Sahel" or بلاد الشام is chosen only because
/// news uses it, and a same-named town would need the document's focus to
/// beat it.
pub(super) fn feature_prior(p: &Place) -> f64 {
    if p.is_country() {
        6.0
    } else if p.is_continent() || p.is_region() {
        5.0
    } else if p.is_admin1() {
        4.5
    } else if p.is_admin2() {
        1.5
    } else {
        match p.feature_code.as_str() {
            "PPLC" => 3.0,
            "PPLA" => 2.0,
            "PPLA2" | "PPLA3" | "PPLA4" | "PPLG" => 1.5,
            _ => 1.0,
        }
    }
}

/// Weight of the population term: `0.25 · log10(population)` for populated
/// places, so a 10× bigger city gains 0.25.
pub(super) const POPULATION_WEIGHT: f64 = 0.25;
/// Bonus for a candidate in the document's strongest focus country; other
/// countries get it in proportion to their evidence.
pub(super) const FOCUS_WEIGHT: f64 = 3.0;
/// Bonus for a candidate contained in (or containing) another place the
/// document names.
pub(super) const CO_MENTION_WEIGHT: f64 = 1.5;
/// Towns below this population, named by one token without support, are
/// kept only in a focus country (see `is_minor`).
pub(super) const MINOR_POPULATION: u64 = 100_000;
/// Towns below this population (GeoNames' cities15000 threshold, the old
/// default gazetteer's floor) and second-level divisions need context in
/// the text: containment ("Allendale, N.J."), a cue word ("the town of
/// Southold", "Suffolk County"), or their first- or second-level division
/// named elsewhere in the document (see `needs_context`). The default
/// gazetteer holds towns down to 1,000 people, and most of their names are
/// also everyday words or surnames somewhere.
pub(super) const SMALL_PLACE_POPULATION: u64 = 15_000;
/// A city this big keeps a division's name it has as an alternate name
/// ("New York" is New York City, not the state; "Oklahoma" is the state).
pub(super) const WORLD_CITY_POPULATION: u64 = 1_000_000;
/// Focus share (of the strongest country's evidence) a country needs for
/// its minor places to be kept.
pub(super) const MINOR_FOCUS_SHARE: f64 = 0.3;
/// Confidence of a name with a single candidate.
pub(super) const SINGLE_CANDIDATE_CONFIDENCE: f64 = 0.9;
/// Confidence of a stoplisted name kept because the text supports it.
pub(super) const SUPPORTED_STOPWORD_CONFIDENCE: f64 = 0.7;

// Issue 17 rules (`evidence`).

/// A city at least this big keeps its other mentions when one mention reads
/// as a name (half of the stage's world-city threshold of 1,000,000, the
/// bound its given-name rule already uses).
pub(super) const BIG_PLACE_POPULATION: u64 = 500_000;
/// A field this short (Unicode scalar values) is a tweet or a local brief:
/// it rarely names the country, and the towns it names are its subject.
/// Twice a tweet's 280.
pub(super) const SHORT_TEXT_CHARS: usize = 560;

/// Smallest Arab town that counts as its own evidence (the lower bound of
/// the missed towns in the issue: 10,000–100,000 people).
pub(super) const ARAB_TOWN_POPULATION: u64 = 10_000;
/// Smallest city a short stem behind a proclitic may name without a focus
/// country (Aden 550,000, Aleppo 1.6 M; Tyre, صور "pictures", 135,000,
/// stays a word).
pub(super) const FRAGILE_CITY_POPULATION: u64 = 250_000;
