//! The `locations` stage: toponyms in the article zone resolved to GeoNames
//! places (skeleton).

use serde::Serialize;

use crate::article::Mention;

/// A toponym resolved to one GeoNames place (skeleton).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    /// Canonical English name.
    pub name: String,
    /// GeoNames ID.
    pub geonameid: u64,
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
    /// WGS84 latitude, degrees.
    pub lat: f64,
    /// WGS84 longitude, degrees.
    pub lon: f64,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
}

/// A country the document is about, with the evidence weight behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FocusCountry {
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
    /// Relative weight, 0.0..=1.0.
    pub score: f64,
}

/// `[locations]` configuration.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct LocationsConfig {
    /// A GeoNames dump (allCountries.txt / citiesN.txt) replacing the embedded gazetteer.
    #[serde(default)]
    pub gazetteer: Option<std::path::PathBuf>,
}
