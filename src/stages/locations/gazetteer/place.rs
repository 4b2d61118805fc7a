//! What the gazetteer holds: places ([`Place`]), their names
//! ([`PlaceName`], [`NameLang`]), countries ([`Country`]), first-level
//! divisions ([`Admin1`]) and the counts of a load ([`LoadStats`]).

use crate::nlp::script;

use super::GazetteerId;

/// The language a place name is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameLang {
    /// Arabic (GeoNames `ar`, or Arabic script when untagged).
    Ar,
    /// English.
    En,
    /// French.
    Fr,
    /// Any other tag kept by [`GazetteerConfig::languages`].
    Other,
    /// Untagged (GeoNames empty `isolanguage`, the `name`/`asciiname` columns).
    Untagged,
}

impl NameLang {
    pub(super) fn from_code(code: &str) -> Self {
        match code {
            "ar" => NameLang::Ar,
            "en" => NameLang::En,
            "fr" => NameLang::Fr,
            "" => NameLang::Untagged,
            _ => NameLang::Other,
        }
    }
}

/// One place: GeoNames', or a Who's On First or Natural Earth one.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// GeoNames ID; 0 for a place GeoNames does not know (a `wof:` or
    /// `ne:` [`GazetteerId`]).
    pub geonameid: u64,
    /// The identity reported as `gazetteer_id`: `gn:` whenever the place
    /// has a GeoNames ID.
    pub gazetteer_id: GazetteerId,
    /// Who's On First ID, when WOF has the place.
    pub wof_id: Option<u64>,
    /// Canonical name: the preferred English alternate name if the data has
    /// one, else the GeoNames `name` column.
    pub name: String,
    /// GeoNames feature class: `A` (country, state…), `P` (city, village…),
    /// `L` (continent, region), `H` (sea, gulf, strait…) or `T` (peninsula,
    /// mountain range, desert…).
    pub feature_class: char,
    /// GeoNames feature code, e.g. `PCLI` (independent political entity),
    /// `ADM1` (first-order administrative division), `PPLC` (capital of a
    /// political entity), `PPL` (populated place); see the GeoNames
    /// feature-code list.
    pub feature_code: String,
    /// ISO 3166-1 alpha-2 country code (GeoNames `country code` column);
    /// empty for continents and for regions, water bodies and landforms
    /// that span countries.
    pub country_code: String,
    /// GeoNames admin1 code within the country (e.g. `77` for Tripoli
    /// district, Libya); `00` or empty when none.
    pub admin1: String,
    /// GeoNames admin2 code within the first-level division (e.g. `103`
    /// for Suffolk County, New York); empty when unknown.
    pub admin2: String,
    /// Population (GeoNames; 0 when unknown).
    pub population: u64,
    /// WGS84 latitude, decimal degrees.
    pub lat: f64,
    /// WGS84 longitude, decimal degrees.
    pub lon: f64,
}

impl Place {
    /// True for countries and dependent territories (`PCL*`, `TERR`).
    pub fn is_country(&self) -> bool {
        self.feature_class == 'A'
            && (self.feature_code.starts_with("PCL") || self.feature_code == "TERR")
    }

    /// True for continents (`L.CONT`); their `country_code` is empty.
    pub fn is_continent(&self) -> bool {
        self.feature_class == 'L' && self.feature_code == "CONT"
    }

    /// True for a region, water body or landform: GeoNames feature class
    /// `H` (hydrographic: `SEA`, `GULF`, `OCN`, `STRT`…), `T` (hypsographic:
    /// `PEN`, `MTS`, `DSRT`…) or `L` other than a continent (`RGN`). Only
    /// those of `data/gazetteer/regions.txt` are ever loaded.
    pub fn is_region(&self) -> bool {
        matches!(self.feature_class, 'H' | 'T')
            || (self.feature_class == 'L' && !self.is_continent())
    }

    /// True for first-order administrative divisions (`ADM1`).
    pub fn is_admin1(&self) -> bool {
        self.feature_class == 'A' && self.feature_code == "ADM1"
    }

    /// True for second-order administrative divisions (`ADM2`: a US
    /// county, an English non-metropolitan county, a Syrian district) and
    /// the lower ones Who's On First adds (`ADM3`–`ADM5`: a Syrian
    /// sub-district, a Moroccan commune), which the tagger treats alike:
    /// they need a division word or context in the text.
    pub fn is_admin2(&self) -> bool {
        self.feature_class == 'A'
            && matches!(
                self.feature_code.as_str(),
                "ADM2" | "ADM3" | "ADM4" | "ADM5"
            )
    }

    /// The place's ID as reasons write it: the bare GeoNames ID (`over
    /// 266826`), else the `gazetteer_id` (`over wof:890449847`).
    pub fn reason_id(&self) -> String {
        match &self.gazetteer_id {
            GazetteerId::GeoNames(id) => id.to_string(),
            other => other.to_string(),
        }
    }

    /// `CC.code` key of the place's first-level division (GeoNames
    /// admin1CodesASCII key), `None` for countries.
    pub fn admin1_key(&self) -> Option<String> {
        (!self.is_country() && !self.admin1.is_empty() && self.admin1 != "00")
            .then(|| format!("{}.{}", self.country_code, self.admin1))
    }
}

/// One name of a place, as written in the source (not normalised).
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceName {
    /// The name as the source writes it.
    pub text: String,
    /// Index into [`Gazetteer::places`].
    pub place: u32,
    /// Its language.
    pub lang: NameLang,
    /// Written by us for news usage (`data/gazetteer/curated_names.tsv`,
    /// `region_names.tsv`), not taken from GeoNames.
    pub curated: bool,
}

/// A country as GeoNames `countryInfo.txt` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2.
    pub iso2: String,
    /// ISO 3166-1 alpha-3.
    pub iso3: String,
    /// FIPS 10-4 country code (GDELT uses it); empty when GeoNames has none.
    pub fips: String,
    /// English name.
    pub name: String,
    /// Capital's name, as GeoNames writes it.
    pub capital: String,
    /// GeoNames ID of the country.
    pub geonameid: u64,
}

/// A first-level division as GeoNames `admin1CodesASCII.txt` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admin1 {
    /// `CC.code`, e.g. `LY.77`.
    pub code: String,
    /// Name.
    pub name: String,
    /// GeoNames ID.
    pub geonameid: u64,
}

/// Counts of what a load kept, for the start-up log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadStats {
    /// Countries and territories kept.
    pub countries: usize,
    /// First-level divisions kept.
    pub admin1: usize,
    /// Second-level divisions kept.
    pub admin2: usize,
    /// Populated places kept.
    pub cities: usize,
    /// Regions, water bodies and landforms kept (see [`Place::is_region`]).
    pub regions: usize,
    /// Names kept (all languages).
    pub names: usize,
    /// Geoname rows read but dropped by the feature/population filter.
    pub dropped_rows: usize,
    /// Places added from Who's On First or Natural Earth rows.
    pub wof_places: usize,
    /// Who's On First rows merged into a GeoNames place.
    pub merged: usize,
}

/// Language of an untagged name by its script (same rule as
/// `data/build/gazetteer.py`): Arabic letters only → `Ar`; Latin with an
/// uppercase letter → `Untagged`; anything else → `None` (dropped).
pub(crate) fn classify_untagged(name: &str) -> Option<NameLang> {
    let mut letters = name.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek()?;
    let letters: Vec<char> = letters.collect();
    // An Arabic-script letter that Arabic does not use (Persian, Urdu,
    // Kurdish, Pashto…) makes the name not Arabic.
    if letters.iter().all(|&c| script::is_arabic_script(c)) {
        return (!letters.iter().any(|&c| script::is_non_arabic_letter(c))).then_some(NameLang::Ar);
    }
    let latin = letters.iter().all(|&c| script::is_latin_letter(c));
    (latin && letters.iter().any(|c| c.is_uppercase())).then_some(NameLang::Untagged)
}
