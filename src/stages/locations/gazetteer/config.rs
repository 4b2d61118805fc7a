//! [`GazetteerConfig`]: where the gazetteer comes from.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Where the gazetteer comes from (`[locations.gazetteer]` in the config).
///
/// All fields are optional: the default is the embedded gazetteer. Paths
/// ending in `.gz` are read through gzip.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct GazetteerConfig {
    /// A GeoNames `geoname` table: `allCountries.txt`, `cities500.txt`,
    /// `cities15000.txt`, a country file… (19 tab-separated columns).
    /// `None`: the embedded default.
    pub path: Option<PathBuf>,
    /// GeoNames `alternateNamesV2.txt` (or `alternateNames.txt`); only rows
    /// whose `isolanguage` is in `languages` (or empty) and that are not
    /// historic are kept, and only for places kept from `path`.
    pub alternate_names: Option<PathBuf>,
    /// GeoNames `countryInfo.txt`; `None`: the embedded copy (all countries).
    pub country_info: Option<PathBuf>,
    /// GeoNames `admin1CodesASCII.txt`; `None`: the embedded copy.
    pub admin1_codes: Option<PathBuf>,
    /// ISO 639-1 codes of the alternate names to keep. Default `ar`, `en`, `fr`.
    pub languages: Vec<String>,
    /// Populated places (feature class `P`) below this population are
    /// dropped, capitals (`PPLC`) excepted. Default 0. Continents (`CONT`),
    /// countries (`PCL*`, `TERR`) and first- and second-level divisions
    /// (`ADM1`, `ADM2`) are always kept, and so are the regions, water
    /// bodies and landforms of `data/gazetteer/regions.txt` (by GeoNames
    /// ID; a file that lacks them gets the embedded rows); every other
    /// feature is dropped.
    pub min_population: u64,
    /// Also read the `alternatenames` column of the geoname table (untagged
    /// names; Arabic-script and capitalised Latin-script ones are kept).
    /// Default true.
    pub alternatenames_column: bool,
    /// Merge the embedded Who's On First tier 1 (districts, sub-districts,
    /// villages, neighbourhoods, airports of 40 countries:
    /// `data/gazetteer/wof/`). Default true.
    pub wof: bool,
    /// A directory holding a larger Who's On First table pair
    /// (`places.tsv.gz`, `names.tsv.gz` in the same columns: tier 2 written
    /// by `data/build/wof.py` into `data/gazetteer/wof/extended/`), read
    /// after tier 1. Default none.
    pub wof_extended: Option<PathBuf>,
    /// Merge the embedded Natural Earth landmarks (rivers, lakes, dams,
    /// deserts, mountains: `data/gazetteer/landmarks/`). Default true.
    pub landmarks: bool,
}

impl Default for GazetteerConfig {
    fn default() -> Self {
        Self {
            path: None,
            alternate_names: None,
            country_info: None,
            admin1_codes: None,
            languages: vec!["ar".into(), "en".into(), "fr".into()],
            min_population: 0,
            alternatenames_column: true,
            wof: true,
            wof_extended: None,
            landmarks: true,
        }
    }
}
