//! The `locations` stage: toponyms in the article zone resolved to GeoNames
//! places, and the countries a document is about.
//!
//! # Layout
//!
//! - [`gazetteer`]: places and names, embedded default or a GeoNames dump,
//!   loaded once into an `Arc<Gazetteer>`.
//! - `rules`: stoplist, person cues, demonyms and cue words (data in
//!   `data/gazetteer/` and `data/countries/`).
//! - `tagger`: [`LocationTagger`], matching and disambiguation.
//!
//! Place data: GeoNames (www.geonames.org), CC BY 4.0.

pub mod gazetteer;
mod rules;
mod tagger;

use serde::{Deserialize, Serialize};

use crate::article::Mention;

pub use gazetteer::{Gazetteer, GazetteerConfig, GazetteerError};
pub use tagger::LocationTagger;

/// A toponym in the article zone, resolved to one GeoNames place.
///
/// Every mention's `start..end` counts Unicode scalar values into its
/// `field` of the original article, proclitics outside the span (بالقاهرة →
/// القاهرة).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    /// Canonical English name (GeoNames preferred English name, or its
    /// `name` column; countryInfo's name for countries).
    pub name: String,
    /// The first mention as written in the text, e.g. `طرابلس`.
    pub name_as_written: String,
    /// GeoNames ID.
    pub geonameid: u64,
    /// ISO 3166-1 alpha-2 country code; empty for a continent and for a
    /// region, water body or landform that spans countries (the Red Sea,
    /// the Levant): see `data/gazetteer/regions.txt`.
    pub country_code: String,
    /// ISO 3166-1 alpha-3 country code, from GeoNames countryInfo.
    pub country_code3: Option<String>,
    /// FIPS 10-4 country code (GDELT's), from GeoNames countryInfo; `None`
    /// where GeoNames has none.
    pub fips: Option<String>,
    /// First-level division as a GeoNames admin1 key `CC.code` (e.g.
    /// `LY.77`); `None` for countries and places without one.
    pub admin1_code: Option<String>,
    /// Name of that division, when the gazetteer's admin1 table has it.
    pub admin1_name: Option<String>,
    /// GeoNames feature class: `A` (country, division), `P` (populated
    /// place), `L` (continent, region: `CONT`, `RGN`, `RGNE` economic
    /// region), `H` (water body: `SEA`, `GULF`, `OCN`, `STRT`, `BAY`) or `T`
    /// (landform: `PEN`, `MTS`, `DSRT`, `ISLS` islands); see the GeoNames
    /// feature-code list.
    pub feature_class: String,
    /// GeoNames feature code, e.g. `PCLI` (independent political entity),
    /// `ADM1` (first-order administrative division), `ADM2` (second-order:
    /// a US county), `PPLC` (capital of a political entity), `PPL`
    /// (populated place); see the GeoNames feature-code list.
    pub feature_code: String,
    /// WGS84 latitude, decimal degrees.
    pub lat: f64,
    /// WGS84 longitude, decimal degrees.
    pub lon: f64,
    /// Population (GeoNames; 0 when unknown).
    pub population: u64,
    /// 0.0..=1.0: 0.9 for a name with one candidate, else a logistic of the
    /// score margin over the runner-up.
    pub confidence: f64,
    /// Short account of the choice, `;`-separated bounded rule codes with
    /// details, e.g. `containment:LB`, `focus_country:LY over 266826`,
    /// `feature_prior:PCLI over 250441`, `city_over_same_named_division`,
    /// `capital_over_same_named_division`, `town_over_smaller_division`,
    /// `region_over_same_named_division`,
    /// `co_mention over 4180386`, `cue_city`, `cue_division`, `one_sense`,
    /// `only_candidate`.
    pub reason: String,
    /// Every mention, in text order (title first).
    pub mentions: Vec<Mention>,
}

/// A country the document is about, with the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FocusCountry {
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
    /// Relative weight, 0.0..=1.0 (1.0 for the strongest country): the sum of
    /// the three counts below over the strongest country's sum.
    pub score: f64,
    /// Mentions of resolved places in this country (the country itself included).
    pub toponyms: u32,
    /// Demonym mentions (المصري, Libyan…).
    pub demonyms: u32,
    /// Actors whose CAMEO code starts with this country's alpha-3 code.
    pub actors: u32,
}

/// `[locations]` configuration.
///
/// `gazetteer` is either a path to a GeoNames table (shorthand for
/// `[locations.gazetteer] path = …`) or a [`GazetteerConfig`] table; absent,
/// the embedded gazetteer is used.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LocationsConfig {
    /// Where the gazetteer comes from.
    #[serde(default, deserialize_with = "path_or_table")]
    pub gazetteer: GazetteerConfig,
}

fn path_or_table<'de, D: serde::Deserializer<'de>>(d: D) -> Result<GazetteerConfig, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = GazetteerConfig;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a path to a GeoNames file or a gazetteer table")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(GazetteerConfig {
                path: Some(v.into()),
                ..GazetteerConfig::default()
            })
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            GazetteerConfig::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_any(V)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gazetteer_config_is_a_path_or_a_table() {
        let c: LocationsConfig = toml::from_str("gazetteer = \"/data/allCountries.txt\"").unwrap();
        assert_eq!(
            c.gazetteer.path.as_deref(),
            Some(std::path::Path::new("/data/allCountries.txt"))
        );
        assert_eq!(c.gazetteer.languages, vec!["ar", "en", "fr"]);
        let c: LocationsConfig = toml::from_str(
            "[gazetteer]\npath = \"/data/cities500.txt\"\nalternate_names = \"/data/alternateNamesV2.txt\"\nmin_population = 1000",
        )
        .unwrap();
        assert_eq!(c.gazetteer.min_population, 1000);
        assert!(c.gazetteer.alternate_names.is_some());
        assert_eq!(
            toml::from_str::<LocationsConfig>("").unwrap(),
            LocationsConfig::default()
        );
        let err = toml::from_str::<LocationsConfig>("[gazetteer]\npaht = \"x\"").unwrap_err();
        assert!(err.to_string().contains("paht"), "{err}");
        assert!(toml::from_str::<LocationsConfig>("gazeteer = \"x\"").is_err());
    }
}
