//! The GeoNames readers of the gazetteer: `countryInfo.txt`,
//! `admin1CodesASCII.txt`, the `geoname` table, alternate names and our
//! curated names, accumulated in a [`Builder`] that [`Builder::finish`]
//! turns into a [`Gazetteer`]. The Who's On First and landmark tables are
//! read by `super::wof` into the same builder.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use super::tsv::{self, parse_err};
use super::*;

pub(super) struct Builder<'c> {
    pub(super) config: &'c GazetteerConfig,
    /// GeoNames IDs of [`REGIONS`]: the only `H`, `T` and non-continent `L`
    /// features kept.
    pub(super) region_ids: std::collections::HashSet<u64>,
    pub(super) places: Vec<Place>,
    pub(super) by_id: HashMap<u64, u32>,
    pub(super) names: PlaceNames,
    pub(super) preferred_en: HashMap<u32, String>,
    pub(super) countries: HashMap<String, Country>,
    pub(super) admin1: HashMap<String, Admin1>,
    pub(super) stats: LoadStats,
}

impl<'c> Builder<'c> {
    pub(super) fn new(config: &'c GazetteerConfig) -> Self {
        let region_ids = REGIONS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next()?.parse().ok())
            .collect();
        Self {
            config,
            region_ids,
            places: Vec::new(),
            by_id: HashMap::new(),
            names: PlaceNames::default(),
            preferred_en: HashMap::new(),
            countries: HashMap::new(),
            admin1: HashMap::new(),
            stats: LoadStats::default(),
        }
    }

    pub(super) fn country_info(&mut self, text: &str, path: &Path) -> Result<(), GazetteerError> {
        for row in tsv::rows(text.as_bytes(), path) {
            let (i, line) = row?;
            let c = tsv::columns(&line);
            if c.len() < 17 {
                return Err(parse_err(
                    path,
                    i,
                    format!("countryInfo row has {} columns, expected 19", c.len()),
                ));
            }
            let geonameid = c[16].parse().map_err(|_| {
                parse_err(path, i, format!("geonameid {:?} is not a number", c[16]))
            })?;
            let country = Country {
                iso2: c[0].to_owned(),
                iso3: c[1].to_owned(),
                fips: c[3].to_owned(),
                name: c[4].to_owned(),
                capital: c[5].to_owned(),
                geonameid,
            };
            self.countries.insert(country.iso2.clone(), country);
        }
        Ok(())
    }

    pub(super) fn admin1_codes(&mut self, text: &str, path: &Path) -> Result<(), GazetteerError> {
        for row in tsv::rows(text.as_bytes(), path) {
            let (i, line) = row?;
            let c = tsv::columns(&line);
            if c.len() < 4 {
                return Err(parse_err(
                    path,
                    i,
                    format!("admin1 row has {} columns, expected 4", c.len()),
                ));
            }
            let geonameid = c[3]
                .parse()
                .map_err(|_| parse_err(path, i, format!("geonameid {:?} is not a number", c[3])))?;
            self.admin1.insert(
                c[0].to_owned(),
                Admin1 {
                    code: c[0].to_owned(),
                    name: c[1].to_owned(),
                    geonameid,
                },
            );
        }
        Ok(())
    }

    pub(super) fn keep(&self, class: char, code: &str, population: u64, id: &str) -> bool {
        match class {
            'A' => code.starts_with("PCL") || code == "TERR" || code == "ADM1" || code == "ADM2",
            'P' => population >= self.config.min_population || code == "PPLC",
            'L' if code == "CONT" => true,
            // A full dump holds hundreds of thousands of these (every bay,
            // stream and hill): only the curated ones.
            'L' | 'H' | 'T' => id.parse().is_ok_and(|id| self.region_ids.contains(&id)),
            _ => false,
        }
    }

    pub(super) fn geonames(
        &mut self,
        reader: impl BufRead,
        path: &Path,
    ) -> Result<(), GazetteerError> {
        for row in tsv::rows(reader, path) {
            let (i, line) = row?;
            let c = tsv::columns(&line);
            if c.len() < 15 {
                return Err(parse_err(
                    path,
                    i,
                    format!("geoname row has {} columns, expected 19", c.len()),
                ));
            }
            let class = c[6].chars().next().unwrap_or(' ');
            let population: u64 = if c[14].is_empty() {
                0
            } else {
                c[14].parse().map_err(|_| {
                    parse_err(path, i, format!("population {:?} is not a number", c[14]))
                })?
            };
            if !self.keep(class, c[7], population, c[0]) {
                self.stats.dropped_rows += 1;
                continue;
            }
            let geonameid: u64 = c[0]
                .parse()
                .map_err(|_| parse_err(path, i, format!("geonameid {:?} is not a number", c[0])))?;
            let lat: f64 = c[4]
                .parse()
                .map_err(|_| parse_err(path, i, format!("latitude {:?}", c[4])))?;
            let lon: f64 = c[5]
                .parse()
                .map_err(|_| parse_err(path, i, format!("longitude {:?}", c[5])))?;
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(parse_err(
                    path,
                    i,
                    format!("coordinates {lat},{lon} out of range"),
                ));
            }
            if self.by_id.contains_key(&geonameid) {
                continue;
            }
            let idx = self.places.len() as u32;
            let place = Place {
                geonameid,
                gazetteer_id: GazetteerId::GeoNames(geonameid),
                wof_id: None,
                name: c[1].to_owned(),
                feature_class: class,
                feature_code: Code::new(c[7]),
                country_code: Code::new(c[8]),
                admin1: Code::new(c[10]),
                admin2: Code::new(c[11]),
                population,
                lat,
                lon,
            };
            match () {
                _ if place.is_country() => self.stats.countries += 1,
                _ if place.is_region() => self.stats.regions += 1,
                _ if place.is_admin1() => self.stats.admin1 += 1,
                _ if place.is_admin2() => self.stats.admin2 += 1,
                _ => self.stats.cities += 1,
            }
            self.names.push(PlaceName {
                text: c[1],
                place: idx,
                lang: NameLang::Untagged,
                curated: false,
            });
            if !c[2].is_empty() && c[2] != c[1] {
                self.names.push(PlaceName {
                    text: c[2],
                    place: idx,
                    lang: NameLang::Untagged,
                    curated: false,
                });
            }
            if self.config.alternatenames_column && !c[3].is_empty() {
                for alt in c[3].split(',') {
                    if let Some(lang) = classify_untagged(alt) {
                        self.names.push(PlaceName {
                            text: alt,
                            place: idx,
                            lang,
                            curated: false,
                        });
                    }
                }
            }
            self.by_id.insert(geonameid, idx);
            self.places.push(place);
        }
        Ok(())
    }

    pub(super) fn alternate_names(
        &mut self,
        reader: impl BufRead,
        path: &Path,
    ) -> Result<(), GazetteerError> {
        for row in tsv::rows(reader, path) {
            let (i, line) = row?;
            let c = tsv::columns(&line);
            if c.len() < 4 {
                return Err(parse_err(
                    path,
                    i,
                    format!("alternate-name row has {} columns, expected 10", c.len()),
                ));
            }
            let lang = c[2];
            // `isHistoric` is column 8; historic names mislead on news text.
            if c.get(7).is_some_and(|h| *h == "1") {
                continue;
            }
            if !lang.is_empty() && !self.config.languages.iter().any(|l| l == lang) {
                continue;
            }
            let geonameid: u64 = c[1]
                .parse()
                .map_err(|_| parse_err(path, i, format!("geonameid {:?} is not a number", c[1])))?;
            let Some(&idx) = self.by_id.get(&geonameid) else {
                continue;
            };
            let text = c[3];
            let lang = match NameLang::from_code(lang) {
                NameLang::Untagged => match classify_untagged(text) {
                    Some(l) => l,
                    None => continue,
                },
                l => l,
            };
            if lang == NameLang::En && c.get(4).is_some_and(|p| *p == "1") {
                self.preferred_en.insert(idx, text.to_owned());
            }
            self.names.push(PlaceName {
                text,
                place: idx,
                lang,
                curated: false,
            });
        }
        Ok(())
    }

    /// Merges `ref lang name` rows; a ref the gazetteer lacks is skipped (a
    /// user's smaller gazetteer need not hold every curated city).
    pub(super) fn curated(&mut self, text: &str) {
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let mut c = line.split('\t');
            let (Some(r), Some(lang), Some(name)) = (c.next(), c.next(), c.next()) else {
                continue;
            };
            let id = match r.parse::<u64>() {
                Ok(id) => Some(id),
                Err(_) if r.contains('.') => self.admin1.get(r).map(|a| a.geonameid),
                Err(_) => self.countries.get(r).map(|c| c.geonameid),
            };
            if let Some(&idx) = id.and_then(|id| self.by_id.get(&id)) {
                self.names.push(PlaceName {
                    text: name,
                    place: idx,
                    lang: NameLang::from_code(lang),
                    curated: true,
                });
            }
        }
    }

    pub(super) fn finish(
        mut self,
        version: String,
        source: PathBuf,
    ) -> Result<Gazetteer, GazetteerError> {
        if self.places.is_empty() {
            return Err(GazetteerError::Empty(source));
        }
        for (idx, name) in std::mem::take(&mut self.preferred_en) {
            self.places[idx as usize].name = name;
        }
        // Countries: the English name of countryInfo is the canonical one.
        for c in self.countries.values() {
            if let Some(&idx) = self.by_id.get(&c.geonameid) {
                self.places[idx as usize].name.clone_from(&c.name);
            }
        }
        self.stats.names = self.names.len();
        self.names.shrink_to_fit();
        let country_by_iso3 = self
            .countries
            .values()
            .map(|c| (c.iso3.clone(), c.iso2.clone()))
            .collect();
        Ok(Gazetteer {
            places: self.places,
            by_id: PlaceIds::new(self.by_id.into_iter().collect()),
            names: self.names,
            countries: self.countries,
            country_by_iso3,
            admin1: self.admin1,
            version,
            tables: Vec::new(),
            embedded_default: false,
            stats: self.stats,
        })
    }
}
