//! What the gazetteer holds: places ([`Place`]) with their short codes
//! ([`Code`]), their names ([`PlaceName`], [`NameLang`]), countries
//! ([`Country`]), first-level divisions ([`Admin1`]) and the counts of a
//! load ([`LoadStats`]).

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::{LazyLock, Mutex};

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
    /// Any other tag kept by `GazetteerConfig::languages`.
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

/// A short code of a place (GeoNames feature code, ISO 3166-1 country
/// code, admin1 or admin2 code), interned: every distinct code is stored
/// once for the life of the process and a `Code` is a copyable reference
/// to it (16 bytes, no allocation per place).
///
/// Why: the 257k places of the default gazetteer carry four codes each
/// (1 M strings of 2–11 bytes, only a few thousand distinct); as `String`s
/// they cost 24 bytes each in the place plus an allocation (BENCHMARKS.md,
/// "Speed, round 6"). The interned set only grows with codes never seen
/// before, so loading a gazetteer again (tests, a reload) adds nothing.
///
/// Reads like a `&str`: it dereferences to `str` and compares with `str`,
/// `&str` and `String`.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(&'static str);

/// Every distinct [`Code`] seen by this process.
static CODES: LazyLock<Mutex<HashSet<&'static str, foldhash::fast::RandomState>>> =
    LazyLock::new(Mutex::default);

impl Code {
    /// The interned code equal to `s`.
    pub fn new(s: &str) -> Code {
        if s.is_empty() {
            return Code("");
        }
        let mut codes = CODES.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&c) = codes.get(s) {
            return Code(c);
        }
        let c: &'static str = Box::leak(s.into());
        codes.insert(c);
        Code(c)
    }

    /// The code as a string slice.
    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

impl Deref for Code {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl Borrow<str> for Code {
    fn borrow(&self) -> &str {
        self.0
    }
}

impl From<&str> for Code {
    fn from(s: &str) -> Code {
        Code::new(s)
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Code {
    fn eq(&self, other: &String) -> bool {
        self.0 == other
    }
}

impl PartialEq<Code> for str {
    fn eq(&self, other: &Code) -> bool {
        self == other.0
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.0
    }
}

impl PartialEq<Code> for String {
    fn eq(&self, other: &Code) -> bool {
        self == other.0
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
    pub feature_code: Code,
    /// ISO 3166-1 alpha-2 country code (GeoNames `country code` column);
    /// empty for continents and for regions, water bodies and landforms
    /// that span countries.
    pub country_code: Code,
    /// GeoNames admin1 code within the country (e.g. `77` for Tripoli
    /// district, Libya); `00` or empty when none.
    pub admin1: Code,
    /// GeoNames admin2 code within the first-level division (e.g. `103`
    /// for Suffolk County, New York); empty when unknown.
    pub admin2: Code,
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

/// One name of a place, as written in the source (not normalised): a
/// view into the gazetteer's [`PlaceNames`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlaceName<'a> {
    /// The name as the source writes it.
    pub text: &'a str,
    /// Index into [`Gazetteer::places`](super::Gazetteer::places).
    pub place: u32,
    /// Its language.
    pub lang: NameLang,
    /// Written by us for news usage (`data/gazetteer/curated_names.tsv`,
    /// `region_names.tsv`), not taken from GeoNames.
    pub curated: bool,
}

/// All names of a gazetteer in one block: their texts back to back in one
/// string and 12 bytes per name (where the text ends, the place, language
/// and curated flag), read as [`PlaceName`] views. The default gazetteer
/// has 640k names; as a `Vec` of records each owning a `String` they took
/// 32 bytes plus an allocation each (BENCHMARKS.md, "Speed, round 6").
///
/// Names are numbered from 0 in the order they were pushed. The texts
/// together must stay under 4 GiB.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceNames {
    text: String,
    records: Vec<NameRecord>,
}

/// One name in [`PlaceNames`]: its text is `text[previous end..end]`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct NameRecord {
    end: u32,
    place: u32,
    lang: NameLang,
    curated: bool,
}

impl PlaceNames {
    /// An empty table with room for `names` names of `bytes` bytes in all.
    pub(super) fn with_capacity(names: usize, bytes: usize) -> Self {
        PlaceNames {
            text: String::with_capacity(bytes),
            records: Vec::with_capacity(names),
        }
    }

    /// Appends `name` (its text is copied) as number [`PlaceNames::len`].
    ///
    /// # Panics
    /// When the texts would pass 4 GiB.
    pub(super) fn push(&mut self, name: PlaceName<'_>) {
        self.text.push_str(name.text);
        let end = u32::try_from(self.text.len()).expect("gazetteer names hold under 4 GiB of text");
        self.records.push(NameRecord {
            end,
            place: name.place,
            lang: name.lang,
            curated: name.curated,
        });
    }

    /// Frees the spare capacity left by the pushes.
    pub(super) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.records.shrink_to_fit();
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// True when there is no name.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Name number `i`.
    ///
    /// # Panics
    /// When `i >= self.len()`, like slice indexing.
    pub fn get(&self, i: usize) -> PlaceName<'_> {
        let r = self.records[i];
        let start = match i {
            0 => 0,
            _ => self.records[i - 1].end as usize,
        };
        PlaceName {
            text: &self.text[start..r.end as usize],
            place: r.place,
            lang: r.lang,
            curated: r.curated,
        }
    }

    /// All names, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = PlaceName<'_>> + Clone + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
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
