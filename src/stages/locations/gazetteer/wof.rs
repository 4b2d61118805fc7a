//! Reader of the Who's On First and Natural Earth tables
//! (`data/gazetteer/wof/`, `data/gazetteer/landmarks/`, written by
//! `data/build/wof.py` and `data/build/landmarks.py`; columns in
//! `data/gazetteer/wof/SOURCE.md`).
//!
//! Merge rule: a row whose GeoNames ID is already a place of the gazetteer
//! (our GeoNames table, or a user's dump) adds its names — Arabic above
//! all — and its WOF ID to that place; its coordinates, population and
//! feature code are not used. Any other row is a new place, identified by
//! its `gazetteer_id` (`gn:` when WOF gives a GeoNames concordance, else
//! `wof:`, or `ne:` for Natural Earth).
//!
//! Name filters (measured on our 5,933 real articles: each kind below
//! produced false places there), applied when the names table is read:
//! - `merged_names`: a place our GeoNames table already has takes only
//!   WOF's `preferred` and `colloquial` names and Arabic `bare` ones; WOF's
//!   `variant` lists mix in neighbours' and former names (Raymah
//!   governorate lists تعز, the city of Idlib «محافظة إدلب»).
//! - `latin_bare_names`: Latin-script `bare` names are dropped (a division
//!   word taken off "First Governorate" leaves "First"), and so are one-word
//!   bare names of four letters or fewer (وادي "valley" from «إقليم وادي
//!   الذهب»).
//! - `codes`: Latin names of four capital letters or fewer are airport or
//!   division codes ("CAS", "RSS"), words in running text.
//! - `division_words_name_divisions`: a populated place does not take a
//!   name holding a division word (محافظة، ولاية، "Governorate"…).
//! - `foreign_nisba_names`: outside the Arabic-speaking countries, a
//!   one-word Arabic name of the form ال…ي is an adjective far more often
//!   (الشمالي "northern" for Burkina Faso's Nord, المالي "Malian" for
//!   Elmalı), and is dropped.
//! - physical features (classes `H`, `T`, `L`) keep a name only when it
//!   holds a class word or is curated ([`LANDMARK_CLASS_WORDS`]): WOF's
//!   marine areas include river mouths named plainly "Amazon", and their
//!   Arabic names are often the neighbouring land's («فلوريدا»).
//!
//! Data: Who's On First (<https://whosonfirst.org/docs/licenses/>; CC0 and
//! CC BY sources, GeoNames CC BY 4.0), Natural Earth (public domain).

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use super::tsv;
use super::{
    Builder, Code, GazetteerError, GazetteerId, NameLang, Place, PlaceName, classify_untagged,
};

/// The header line every places table starts with.
pub(super) const PLACES_HEADER: &str = "gazetteer_id\tgeonames_id\twof_id\tplacetype\tfeature_class\tfeature_code\tcountry\tadmin1\tadmin2\tregion_id\tcounty_id\tlocaladmin_id\tlocality_id\tpopulation\tlat\tlon\tname\ttier\tin_geonames_table\twikidata\tcodes";
/// The header line of a names table.
pub(super) const NAMES_HEADER: &str = "gazetteer_id\tlang\tkind\tname";

/// Class words that let a landmark's name stand alone (the name holds what
/// the feature is: "Lake Chad", «جبل الشعانبي», "Tabqa Dam"), compared with
/// the normalised words of the name. A landmark name without one of these
/// is kept only when it is curated (`landmarks/curated_names.tsv`): many
/// bare river and mountain names are everyday words or given names ("Don",
/// "Bug", "Sous"). Source: `data/gazetteer/landmarks/SOURCE.md`.
const LANDMARK_CLASS_WORDS: &[&str] = &[
    "river",
    "lake",
    "dam",
    "desert",
    "mount",
    "mountains",
    "mountain",
    "range",
    "plateau",
    "peninsula",
    "island",
    "islands",
    "cape",
    "depression",
    "delta",
    "valley",
    "pass",
    "basin",
    "reservoir",
    "sea",
    "gulf",
    "jabal",
    "jebel",
    "wadi",
    "oued",
    "nahr",
    "fleuve",
    "lac",
    "barrage",
    "désert",
    "desert",
    "mont",
    "monts",
    "massif",
    "plaine",
    "presqu'île",
    "نهر",
    "بحيره",
    "سد",
    "صحراء",
    "جبل",
    "جبال",
    "هضبه",
    "سهل",
    "شبه",
    "جزيره",
    "جزر",
    "راس",
    "منخفض",
    "دلتا",
    "وادي",
    "بحر",
    "خليج",
];

/// The source of one places/names table pair, for its file names in errors.
pub(super) struct Table<'a> {
    /// Places rows (with header).
    pub places: Box<dyn BufRead + 'a>,
    /// Path shown in errors (`<embedded>/wof/places.tsv.gz` for built-ins).
    pub places_path: &'a Path,
    /// Names rows (with header).
    pub names: Box<dyn BufRead + 'a>,
    /// Path shown in errors.
    pub names_path: &'a Path,
    /// Curated `gazetteer_id lang name` rows (no header, `#` comments).
    pub curated: Option<&'a str>,
    /// Landmarks: names need a class word or curation
    /// ([`LANDMARK_CLASS_WORDS`]).
    pub landmarks: bool,
}

impl Builder<'_> {
    /// Reads one places/names table pair into the gazetteer (see the module
    /// docs for the merge rule).
    ///
    /// # Errors
    /// [`GazetteerError::Parse`] naming the file and line for a wrong
    /// header, a row with too few columns, a bad identifier, number or
    /// coordinate, or a name of a place the places table lacks.
    pub(super) fn wof_table(&mut self, t: Table<'_>) -> Result<(), GazetteerError> {
        // gazetteer_id → (place, merged into a GeoNames place already read).
        let mut ids: HashMap<Box<str>, (u32, bool)> = HashMap::new();
        for row in tsv::rows_after_header(t.places, t.places_path, PLACES_HEADER)? {
            let (i, line) = row?;
            let (key, idx, merged) = self.wof_place(&line, t.places_path, i)?;
            ids.insert(key.into(), (idx, merged));
        }
        for row in tsv::rows_after_header(t.names, t.names_path, NAMES_HEADER)? {
            let (i, line) = row?;
            let c = tsv::columns(&line);
            if c.len() != 4 {
                let what = format!("names row has {} columns, expected 4", c.len());
                return Err(tsv::parse_err(t.names_path, i, what));
            }
            let Some(&(place, merged)) = ids.get(c[0]) else {
                let what = format!("{} is not a place of the places table", c[0]);
                return Err(tsv::parse_err(t.names_path, i, what));
            };
            if t.landmarks && !has_class_word(c[3]) {
                continue;
            }
            if self.keep_wof_name(place, merged, c[2], c[3]) {
                self.wof_name(place, c[1], c[3], false);
            }
        }
        if let Some(curated) = t.curated {
            for line in curated
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            {
                let mut c = line.split('\t');
                let (Some(id), Some(lang), Some(name)) = (c.next(), c.next(), c.next()) else {
                    continue;
                };
                let place = ids.get(id).map(|&(p, _)| p).or_else(|| {
                    GazetteerId::parse(id)
                        .and_then(|g| g.geonames())
                        .and_then(|g| self.by_id.get(&g).copied())
                });
                if let Some(place) = place {
                    self.wof_name(place, lang, name, true);
                }
            }
        }
        Ok(())
    }

    /// One places row: merged into a GeoNames place, or a new place.
    /// Returns the row's `gazetteer_id` and the place index.
    fn wof_place<'l>(
        &mut self,
        line: &'l str,
        path: &Path,
        i: usize,
    ) -> Result<(&'l str, u32, bool), GazetteerError> {
        let err = |what: String| tsv::parse_err(path, i, what);
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() != 21 {
            return Err(err(format!(
                "places row has {} columns, expected 21",
                c.len()
            )));
        }
        let id = GazetteerId::parse(c[0])
            .ok_or_else(|| err(format!("gazetteer_id {:?} is not gn:, wof: or ne:", c[0])))?;
        let number = |col: usize, what: &str| -> Result<Option<u64>, GazetteerError> {
            if c[col].is_empty() {
                return Ok(None);
            }
            c[col]
                .parse()
                .map(Some)
                .map_err(|_| err(format!("{what} {:?} is not a number", c[col])))
        };
        let geonameid = number(1, "geonames_id")?;
        let wof_id = number(2, "wof_id")?;
        if let Some(&idx) = geonameid.and_then(|g| self.by_id.get(&g)) {
            let p = &mut self.places[idx as usize];
            p.wof_id = p.wof_id.or(wof_id);
            self.stats.merged += 1;
            return Ok((c[0], idx, true));
        }
        let population = number(13, "population")?.unwrap_or(0);
        let coord = |col: usize| -> Result<f64, GazetteerError> {
            c[col]
                .parse()
                .map_err(|_| err(format!("coordinate {:?} is not a number", c[col])))
        };
        let (lat, lon) = (coord(14)?, coord(15)?);
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(err(format!("coordinates {lat},{lon} out of range")));
        }
        let feature_class = c[4]
            .chars()
            .next()
            .ok_or_else(|| err("empty feature_class".into()))?;
        let idx = self.places.len() as u32;
        let place = Place {
            geonameid: geonameid.unwrap_or(0),
            gazetteer_id: id,
            wof_id,
            name: c[16].to_owned(),
            feature_class,
            feature_code: Code::new(c[5]),
            country_code: Code::new(c[6]),
            admin1: Code::new(c[7]),
            admin2: Code::new(c[8]),
            population,
            lat,
            lon,
        };
        match () {
            _ if place.is_region() => self.stats.regions += 1,
            _ if place.is_admin1() => self.stats.admin1 += 1,
            _ if place.is_admin2() => self.stats.admin2 += 1,
            _ => self.stats.cities += 1,
        }
        if let Some(g) = geonameid {
            self.by_id.insert(g, idx);
        }
        self.stats.wof_places += 1;
        self.places.push(place);
        Ok((c[0], idx, false))
    }

    /// The name filters of the module docs.
    fn keep_wof_name(&self, place: u32, merged: bool, kind: &str, text: &str) -> bool {
        let p = &self.places[place as usize];
        let arabic = crate::nlp::script::has_arabic(text);
        if merged && !matches!(kind, "preferred" | "colloquial") && !(kind == "bare" && arabic) {
            return false;
        }
        if kind == "bare" && !arabic {
            return false;
        }
        // A bare name of one short word is a word (إقليم وادي الذهب → وادي
        // "valley").
        if kind == "bare" && !text.contains(' ') && text.chars().count() <= 4 {
            return false;
        }
        // Codes (IATA, ICAO, HASC: "CAS", "ATR", "RSS") are words in running
        // text.
        let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
        if !arabic && letters.len() <= 4 && letters.iter().all(|c| c.is_uppercase()) {
            return false;
        }
        // Only names of several words can hold a division word and a name.
        if p.feature_class == 'P'
            && text.contains(' ')
            && crate::nlp::normalize(text)
                .split(' ')
                .any(|w| DIVISION_WORDS.contains(&w))
        {
            return false;
        }
        if arabic
            && !text.contains(' ')
            && text.starts_with("ال")
            && text.ends_with(['ي', 'ی', 'ى'])
            && !ARABIC_SPEAKING.contains(&p.country_code.as_str())
        {
            return false;
        }
        if matches!(p.feature_class, 'H' | 'T' | 'L') && !has_class_word(text) {
            return false;
        }
        true
    }

    fn wof_name(&mut self, place: u32, lang: &str, text: &str, curated: bool) {
        let lang = match NameLang::from_code(lang) {
            NameLang::Untagged => match classify_untagged(text) {
                Some(l) => l,
                None => return,
            },
            l => l,
        };
        self.names.push(PlaceName {
            text,
            place,
            lang,
            curated,
        });
    }
}

/// Division words (normalised): a name holding one names a division.
const DIVISION_WORDS: &[&str] = &[
    "محافظه",
    "ولايه",
    "مديريه",
    "قضاء",
    "ناحيه",
    "اقليم",
    "عماله",
    "مقاطعه",
    "governorate",
    "province",
    "district",
    "wilaya",
    "gouvernorat",
    "prefecture",
    "oblast",
    "raion",
    "county",
    "municipality",
    "region",
    "subdistrict",
    "commune",
];

/// Countries whose press writes place names in Arabic: the Arab League's
/// members and Western Sahara (ISO 3166-1 alpha-2).
pub(crate) const ARABIC_SPEAKING: &[&str] = &[
    "AE", "BH", "DJ", "DZ", "EG", "EH", "IQ", "JO", "KM", "KW", "LB", "LY", "MA", "MR", "OM", "PS",
    "QA", "SA", "SD", "SO", "SY", "TN", "YE",
];

fn has_class_word(name: &str) -> bool {
    crate::nlp::normalize(name)
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| LANDMARK_CLASS_WORDS.contains(&w))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::super::{Gazetteer, GazetteerConfig};
    use super::*;

    fn table<'a>(places: &'a str, names: &'a str, p: &'a Path, n: &'a Path) -> Table<'a> {
        Table {
            places: Box::new(places.as_bytes()),
            places_path: p,
            names: Box::new(names.as_bytes()),
            names_path: n,
            curated: None,
            landmarks: false,
        }
    }

    const ROW: &str =
        "wof:1\t\t1\tlocality\tP\tPPL\tSY\t09\t\t\t\t\t\t0\t35.6\t36.5\tKafr Test\t1\t0\t\t";

    #[test]
    fn bad_tables_name_the_file_and_line() {
        let config = GazetteerConfig::default();
        let (p, n) = (
            PathBuf::from("x/places.tsv.gz"),
            PathBuf::from("x/names.tsv.gz"),
        );
        let mut b = Builder::new(&config);
        let err = b
            .wof_table(table("id\tname\n", NAMES_HEADER, &p, &n))
            .unwrap_err();
        assert!(
            err.to_string().starts_with("x/places.tsv.gz:1: header"),
            "{err}"
        );
        let places = format!("{PLACES_HEADER}\n{}\n", ROW.replace("35.6", "north"));
        let err = b
            .wof_table(table(&places, NAMES_HEADER, &p, &n))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "x/places.tsv.gz:2: coordinate \"north\" is not a number"
        );
        let places = format!("{PLACES_HEADER}\n{ROW}\n");
        let names = format!("{NAMES_HEADER}\nwof:2\tar\tpreferred\tكفر\n");
        let err = b.wof_table(table(&places, &names, &p, &n)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x/names.tsv.gz:2: wof:2 is not a place of the places table"
        );
    }

    #[test]
    fn merged_rows_add_names_and_new_rows_are_places() {
        let g = Gazetteer::embedded();
        assert!(g.is_embedded_default());
        let keys: Vec<&str> = g.table_versions().iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["gazetteer_wof", "gazetteer_landmarks"]);
        // Saraqib: a GeoNames place of our table, now with its WOF ID.
        let saraqib = g.get(164816).unwrap();
        assert!(saraqib.wof_id.is_some());
        assert_eq!(saraqib.gazetteer_id, GazetteerId::GeoNames(164816));
        // Places only WOF or Natural Earth have.
        let wof_only = g
            .places()
            .iter()
            .filter(|p| matches!(p.gazetteer_id, GazetteerId::Wof(_)))
            .count();
        assert!(wof_only > 5_000, "{wof_only}");
        let euphrates = g
            .places()
            .iter()
            .position(|p| p.gazetteer_id.to_string() == "ne:river/euphrates")
            .unwrap() as u32;
        let names: Vec<&str> = g
            .names()
            .iter()
            .filter(|n| n.place == euphrates)
            .map(|n| n.text)
            .collect();
        assert!(names.contains(&"نهر الفرات"), "{names:?}");
        // The bare river name from Natural Earth is not kept ("Euphrates" is
        // curated, "Firat" is not and has no class word).
        assert!(!names.contains(&"Firat"), "{names:?}");
    }

    #[test]
    fn noisy_wof_names_are_filtered() {
        let g = Gazetteer::embedded();
        let names_of = |id: u64| -> Vec<String> {
            let i = g.index_of(id).unwrap();
            g.names()
                .iter()
                .filter(|n| n.place == i)
                .map(|n| n.text.to_owned())
                .collect()
        };
        // Raymah governorate's WOF variant تعز, Aden's bare "First", the city
        // of Idlib's «محافظة إدلب», Burkina Faso's Nord as الشمالي.
        assert!(!names_of(71532).contains(&"تعز".to_string()));
        assert!(!names_of(80412).contains(&"First".to_string()));
        assert!(!names_of(169389).contains(&"محافظة إدلب".to_string()));
        assert!(!names_of(6930711).contains(&"الشمالي".to_string()));
    }
}
