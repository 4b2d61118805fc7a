//! Our sample's expectation JSON.

use serde::Deserialize;

use super::FormatError;

/// Our sample's expectation file (`tests/fixtures/articles/*.expected.json`,
/// `../shared/samples/*.expected.json`).
#[derive(Debug, Clone, Deserialize)]
pub struct SampleExpectation {
    /// File name of the article text the expectation is for.
    pub document: String,
    /// ISO 639-1 language of the article.
    #[serde(default)]
    pub language: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(default)]
    pub published: Option<String>,
    /// Actors that must be found.
    #[serde(default)]
    pub actors_required: Vec<ExpectedActor>,
    /// Actors that may be found.
    #[serde(default)]
    pub actors_optional: Vec<ExpectedActor>,
    /// Locations that must be found.
    #[serde(default)]
    pub locations_required: Vec<ExpectedLocation>,
    /// Things that must not be reported.
    #[serde(default)]
    pub must_not_report: Vec<Forbidden>,
    /// Events that must be coded.
    #[serde(default)]
    pub events_required: Vec<ExpectedEvent>,
    /// Article text ends before this phrase: no event may come from after it.
    #[serde(default)]
    pub article_body_ends_before: Option<String>,
}

/// An event the sample must yield.
#[derive(Debug, Clone, Deserialize)]
pub struct ExpectedEvent {
    /// Description.
    pub what: String,
    /// Source actor code.
    pub source: String,
    /// Target actor code, when the expectation names one.
    #[serde(default)]
    pub target: Option<String>,
    /// CAMEO root (two digits).
    pub root: String,
    /// PLOVER type, when named.
    #[serde(default)]
    pub plover: Option<String>,
    /// GeoNames ID of the place.
    #[serde(default)]
    pub geonameid: Option<u64>,
    /// Earliest acceptable date, `YYYY-MM-DD`.
    #[serde(default)]
    pub date_from: Option<String>,
    /// Latest acceptable date, `YYYY-MM-DD`.
    #[serde(default)]
    pub date_to: Option<String>,
}

/// An expected actor of the sample.
#[derive(Debug, Clone, Deserialize)]
pub struct ExpectedActor {
    /// Canonical name.
    pub name: String,
    /// How the actor is written in the text.
    pub surface_forms: Vec<String>,
    /// Full code when it is not country + role (e.g. `IGOUNO`).
    #[serde(default)]
    pub code: Option<String>,
    /// ISO 3166-1 alpha-3.
    #[serde(default)]
    pub country: Option<String>,
    /// CAMEO role (`GOV`, `MIL` …).
    #[serde(default)]
    pub role: Option<String>,
}

impl ExpectedActor {
    /// The code we should give: `code`, else `country` + `role` when both
    /// are known.
    pub fn expected_code(&self) -> Option<String> {
        self.code
            .clone()
            .or_else(|| match (&self.country, &self.role) {
                (Some(c), Some(r)) => Some(format!("{c}{r}")),
                _ => None,
            })
    }
}

/// An expected location of the sample.
#[derive(Debug, Clone, Deserialize)]
pub struct ExpectedLocation {
    /// Canonical name.
    pub name: String,
    /// How it is written in the text (possibly with proclitics).
    pub surface_forms: Vec<String>,
    /// GeoNames ID.
    pub geonameid: u64,
}

/// Something the sample must not yield.
#[derive(Debug, Clone, Deserialize)]
pub struct Forbidden {
    /// Description.
    pub what: String,
    /// A place that must not be reported.
    #[serde(default)]
    pub geonameid: Option<u64>,
    /// Names that must not appear in any mention.
    #[serde(default)]
    pub surface_forms: Vec<String>,
}

/// Parses a sample expectation file.
///
/// # Errors
/// [`FormatError::Json`] when the JSON does not have the expected shape.
pub fn read_sample(json: &str) -> Result<SampleExpectation, FormatError> {
    Ok(serde_json::from_str(json)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_expectation_composes_codes() {
        let json = r#"{"document":"a.txt","actors_required":[
            {"name":"X","surface_forms":["س"],"country":"EGY","role":"GOV"},
            {"name":"Y","surface_forms":["ص"],"code":"IGOUNO"},
            {"name":"Z","surface_forms":["ع"],"country":"LBY"}],
            "locations_required":[{"name":"Cairo","surface_forms":["القاهرة"],"geonameid":360630}],
            "must_not_report":[{"what":"w","geonameid":1}]}"#;
        let s = read_sample(json).unwrap();
        let codes: Vec<_> = s
            .actors_required
            .iter()
            .map(|a| a.expected_code())
            .collect();
        assert_eq!(
            codes,
            vec![Some("EGYGOV".into()), Some("IGOUNO".into()), None]
        );
        assert_eq!(s.locations_required[0].geonameid, 360630);
        assert_eq!(s.must_not_report[0].geonameid, Some(1));
    }
}
