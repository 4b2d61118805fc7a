//! The prebuilt embedded gazetteer (`data/gazetteer/index/gazetteer.bin.gz`):
//! the [`Gazetteer`] that the embedded GeoNames table, its alternate names,
//! the curated names, Who's On First tier 1 and the Natural Earth landmarks
//! give with the default [`GazetteerConfig`], written once in a flat binary
//! form so that start-up decodes it instead of parsing and merging the TSV
//! tables (about 640,000 names; the WOF merge alone was about a quarter of a
//! small run's CPU).
//!
//! Built by the test `committed_snapshot_is_current` (run it with
//! `UPDATE_GAZETTEER_INDEX=1` to rewrite the file after a data or reader
//! change, like the name index of `super::super::index`). That test also
//! checks the committed file decodes to exactly what the TSV readers build,
//! so a reader change that forgets to regenerate the file fails the tests.
//!
//! # File (after gunzip; integers little-endian, strings `u32` length + UTF-8)
//!
//! `NEVGAZ1\n`, the fingerprint line (`\n`-terminated), then `u32` count +
//! places ([`put_place`]), `u32` count + names (text, `u32` place, `u8`
//! language, `u8` curated), `u32` count + `(u64 id, u32 index)` pairs of the
//! ID map, `u32` count + countries, `u32` count + first-level divisions, the
//! version string, `u32` count + `(key, version)` table pairs, and the nine
//! [`LoadStats`] counts as `u64`.
//!
//! The fingerprint names what the file was built from: [`READER_REVISION`],
//! the `VERSION` of each table, the byte length of each embedded gzip table
//! and a hash of the embedded text files. A stale file is logged as a
//! warning naming the file and the gazetteer is built from the tables; a
//! corrupt file stops start-up naming the file.

use std::collections::HashMap;
use std::io::Read;

use super::{
    Admin1, Code, Country, Gazetteer, GazetteerId, LoadStats, NameLang, Place, PlaceIds, PlaceName,
    PlaceNames, embedded_sources,
};

/// The committed snapshot, gzip.
const SNAPSHOT_GZ: &[u8] = include_bytes!("../../../../data/gazetteer/index/gazetteer.bin.gz");
/// Where [`SNAPSHOT_GZ`] comes from, for messages.
pub(crate) const SNAPSHOT_PATH: &str = "data/gazetteer/index/gazetteer.bin.gz";
/// File magic and format version.
const MAGIC: &[u8] = b"NEVGAZ1\n";
/// Bump when the readers (`Builder`, `wof`) change what they keep in a way
/// the data files do not show; the test `committed_snapshot_is_current`
/// catches a forgotten bump.
const READER_REVISION: u32 = 1;

/// Why the committed snapshot could not be read.
#[derive(Debug, thiserror::Error)]
#[error("gazetteer snapshot {SNAPSHOT_PATH}: {0}")]
pub struct SnapshotError(String);

/// What the embedded tables are, as one line: reader revision, versions,
/// gzip lengths and an FNV-1a hash of the text tables (about 1 MB, hashed
/// in about a millisecond).
pub(super) fn fingerprint() -> String {
    let s = embedded_sources();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for text in s.texts {
        for b in text.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    let mut parts = vec![format!("reader={READER_REVISION}")];
    for v in s.versions {
        parts.push(v.trim().to_owned());
    }
    for gz in s.gzips {
        parts.push(gz.len().to_string());
    }
    parts.push(format!("texts={h:016x}"));
    parts.join(";")
}

/// The committed snapshot when it was built from the embedded tables as
/// they are; `Ok(None)` when it is stale (logged).
///
/// # Errors
/// [`SnapshotError`] when the file is corrupt (bad gzip, magic, lengths,
/// UTF-8 or IDs).
pub(super) fn embedded() -> Result<Option<Gazetteer>, SnapshotError> {
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(SNAPSHOT_GZ)
        .read_to_end(&mut bytes)
        .map_err(|e| SnapshotError(format!("gzip: {e}")))?;
    crate::nlp::embedded::release(SNAPSHOT_GZ);
    let mut r = Reader { b: &bytes, at: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return Err(SnapshotError("not a gazetteer snapshot (magic)".into()));
    }
    let found = r.line()?;
    let wanted = fingerprint();
    if found != wanted {
        tracing::warn!(
            file = SNAPSHOT_PATH,
            found = %found,
            wanted = %wanted,
            "gazetteer snapshot is stale, reading the gazetteer tables \
             (UPDATE_GAZETTEER_INDEX=1 cargo test committed_snapshot_is_current)"
        );
        return Ok(None);
    }
    decode(&mut r).map(Some)
}

/// The snapshot file of `g` (before gzip); written by the test
/// `committed_snapshot_is_current`.
#[cfg(test)]
pub(super) fn encode(g: &Gazetteer) -> Vec<u8> {
    let mut w = Vec::with_capacity(32 << 20);
    w.extend_from_slice(MAGIC);
    w.extend_from_slice(fingerprint().as_bytes());
    w.push(b'\n');
    put_u32(&mut w, g.places.len());
    for p in &g.places {
        put_place(&mut w, p);
    }
    put_u32(&mut w, g.names.len());
    for n in g.names.iter() {
        put_str(&mut w, n.text);
        w.extend_from_slice(&n.place.to_le_bytes());
        w.push(lang_code(n.lang));
        w.push(u8::from(n.curated));
    }
    put_u32(&mut w, g.by_id.len());
    for (id, i) in g.by_id.iter() {
        w.extend_from_slice(&id.to_le_bytes());
        w.extend_from_slice(&i.to_le_bytes());
    }
    let mut countries: Vec<&Country> = g.countries.values().collect();
    countries.sort_by(|a, b| a.iso2.cmp(&b.iso2));
    put_u32(&mut w, countries.len());
    for c in countries {
        for s in [&c.iso2, &c.iso3, &c.fips, &c.name, &c.capital] {
            put_str(&mut w, s);
        }
        w.extend_from_slice(&c.geonameid.to_le_bytes());
    }
    let mut admin1: Vec<&Admin1> = g.admin1.values().collect();
    admin1.sort_by(|a, b| a.code.cmp(&b.code));
    put_u32(&mut w, admin1.len());
    for a in admin1 {
        put_str(&mut w, &a.code);
        put_str(&mut w, &a.name);
        w.extend_from_slice(&a.geonameid.to_le_bytes());
    }
    put_str(&mut w, &g.version);
    put_u32(&mut w, g.tables.len());
    for (k, v) in &g.tables {
        put_str(&mut w, k);
        put_str(&mut w, v);
    }
    let s = g.stats;
    for n in [
        s.countries,
        s.admin1,
        s.admin2,
        s.cities,
        s.regions,
        s.names,
        s.dropped_rows,
        s.wof_places,
        s.merged,
    ] {
        w.extend_from_slice(&(n as u64).to_le_bytes());
    }
    w
}

fn decode(r: &mut Reader<'_>) -> Result<Gazetteer, SnapshotError> {
    let n = r.u32()? as usize;
    let mut places = Vec::with_capacity(n);
    for _ in 0..n {
        places.push(r.place()?);
    }
    let n = r.u32()? as usize;
    // 12 bytes a name on average in the default gazetteer; the spare
    // capacity is given back below.
    let mut names = PlaceNames::with_capacity(n, n * 16);
    for _ in 0..n {
        let text = r.str()?;
        let place = r.u32()?;
        if place as usize >= places.len() {
            return Err(SnapshotError(format!("name {text:?}: no place {place}")));
        }
        let lang = lang_of(r.u8()?)?;
        let curated = r.u8()? != 0;
        names.push(PlaceName {
            text,
            place,
            lang,
            curated,
        });
    }
    names.shrink_to_fit();
    let n = r.u32()? as usize;
    let mut by_id = Vec::with_capacity(n);
    for _ in 0..n {
        let id = r.u64()?;
        let i = r.u32()?;
        if i as usize >= places.len() {
            return Err(SnapshotError(format!("ID {id}: no place {i}")));
        }
        by_id.push((id, i));
    }
    let n = r.u32()? as usize;
    let mut countries = HashMap::with_capacity(n);
    for _ in 0..n {
        let c = Country {
            iso2: r.string()?,
            iso3: r.string()?,
            fips: r.string()?,
            name: r.string()?,
            capital: r.string()?,
            geonameid: r.u64()?,
        };
        countries.insert(c.iso2.clone(), c);
    }
    let n = r.u32()? as usize;
    let mut admin1 = HashMap::with_capacity(n);
    for _ in 0..n {
        let a = Admin1 {
            code: r.string()?,
            name: r.string()?,
            geonameid: r.u64()?,
        };
        admin1.insert(a.code.clone(), a);
    }
    let version = r.string()?;
    let n = r.u32()? as usize;
    let mut tables = Vec::with_capacity(n);
    for _ in 0..n {
        tables.push((r.string()?, r.string()?));
    }
    let mut s = [0usize; 9];
    for x in &mut s {
        *x = r.u64()? as usize;
    }
    if r.at != r.b.len() {
        return Err(SnapshotError(format!(
            "{} bytes after the end",
            r.b.len() - r.at
        )));
    }
    let country_by_iso3 = countries
        .values()
        .map(|c: &Country| (c.iso3.clone(), c.iso2.clone()))
        .collect();
    Ok(Gazetteer {
        places,
        by_id: PlaceIds::new(by_id),
        names,
        countries,
        country_by_iso3,
        admin1,
        version,
        tables,
        embedded_default: true,
        stats: LoadStats {
            countries: s[0],
            admin1: s[1],
            admin2: s[2],
            cities: s[3],
            regions: s[4],
            names: s[5],
            dropped_rows: s[6],
            wof_places: s[7],
            merged: s[8],
        },
    })
}

/// One place: `u64` GeoNames ID, the `gazetteer_id` (`u8` source 0 gn /
/// 1 wof / 2 ne, then `u64` or string), `u64` WOF ID (0: none), name,
/// feature class (`u32` scalar value), feature code, country, admin1,
/// admin2, `u64` population, `f64` lat and lon.
#[cfg(test)]
fn put_place(w: &mut Vec<u8>, p: &Place) {
    w.extend_from_slice(&p.geonameid.to_le_bytes());
    match &p.gazetteer_id {
        GazetteerId::GeoNames(id) => {
            w.push(0);
            w.extend_from_slice(&id.to_le_bytes());
        }
        GazetteerId::Wof(id) => {
            w.push(1);
            w.extend_from_slice(&id.to_le_bytes());
        }
        GazetteerId::NaturalEarth(slug) => {
            w.push(2);
            put_str(w, slug);
        }
    }
    w.extend_from_slice(&p.wof_id.unwrap_or(0).to_le_bytes());
    put_str(w, &p.name);
    w.extend_from_slice(&u32::from(p.feature_class).to_le_bytes());
    for s in [&p.feature_code, &p.country_code, &p.admin1, &p.admin2] {
        put_str(w, s);
    }
    w.extend_from_slice(&p.population.to_le_bytes());
    w.extend_from_slice(&p.lat.to_le_bytes());
    w.extend_from_slice(&p.lon.to_le_bytes());
}

#[cfg(test)]
fn put_u32(w: &mut Vec<u8>, n: usize) {
    let n = u32::try_from(n).expect("gazetteer tables hold fewer than 2^32 items");
    w.extend_from_slice(&n.to_le_bytes());
}

#[cfg(test)]
fn put_str(w: &mut Vec<u8>, s: &str) {
    put_u32(w, s.len());
    w.extend_from_slice(s.as_bytes());
}

#[cfg(test)]
fn lang_code(l: NameLang) -> u8 {
    match l {
        NameLang::Ar => 0,
        NameLang::En => 1,
        NameLang::Fr => 2,
        NameLang::Other => 3,
        NameLang::Untagged => 4,
    }
}

fn lang_of(b: u8) -> Result<NameLang, SnapshotError> {
    Ok(match b {
        0 => NameLang::Ar,
        1 => NameLang::En,
        2 => NameLang::Fr,
        3 => NameLang::Other,
        4 => NameLang::Untagged,
        _ => return Err(SnapshotError(format!("unknown name language {b}"))),
    })
}

/// A cursor over the decompressed file.
struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SnapshotError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or_else(|| SnapshotError(format!("truncated at byte {}", self.at)))?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn line(&mut self) -> Result<String, SnapshotError> {
        let rest = &self.b[self.at..];
        let end = rest
            .iter()
            .position(|&c| c == b'\n')
            .ok_or_else(|| SnapshotError("no fingerprint line".into()))?;
        let line = std::str::from_utf8(&rest[..end])
            .map_err(|_| SnapshotError("fingerprint is not UTF-8".into()))?
            .to_owned();
        self.at += end + 1;
        Ok(line)
    }

    fn u8(&mut self) -> Result<u8, SnapshotError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, SnapshotError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, SnapshotError> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }

    fn f64(&mut self) -> Result<f64, SnapshotError> {
        Ok(f64::from_bits(self.u64()?))
    }

    fn str(&mut self) -> Result<&'a str, SnapshotError> {
        let n = self.u32()? as usize;
        let at = self.at;
        let b = self.take(n)?;
        std::str::from_utf8(b)
            .map_err(|_| SnapshotError(format!("string at byte {at} is not UTF-8")))
    }

    fn string(&mut self) -> Result<String, SnapshotError> {
        self.str().map(str::to_owned)
    }

    fn code(&mut self) -> Result<Code, SnapshotError> {
        self.str().map(Code::new)
    }

    fn place(&mut self) -> Result<Place, SnapshotError> {
        let geonameid = self.u64()?;
        let gazetteer_id = match self.u8()? {
            0 => GazetteerId::GeoNames(self.u64()?),
            1 => GazetteerId::Wof(self.u64()?),
            2 => GazetteerId::NaturalEarth(self.string()?.into()),
            t => return Err(SnapshotError(format!("unknown gazetteer_id source {t}"))),
        };
        let wof_id = Some(self.u64()?).filter(|&id| id != 0);
        let name = self.string()?;
        let class = self.u32()?;
        let feature_class = char::from_u32(class)
            .ok_or_else(|| SnapshotError(format!("{name}: bad feature class {class}")))?;
        Ok(Place {
            geonameid,
            gazetteer_id,
            wof_id,
            name,
            feature_class,
            feature_code: self.code()?,
            country_code: self.code()?,
            admin1: self.code()?,
            admin2: self.code()?,
            population: self.u64()?,
            lat: self.f64()?,
            lon: self.f64()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::stages::locations::gazetteer::GazetteerConfig;

    /// The committed snapshot is what the TSV readers build from the
    /// embedded tables today; `UPDATE_GAZETTEER_INDEX=1` rewrites it.
    #[test]
    fn committed_snapshot_is_current() {
        let built = Gazetteer::build(&GazetteerConfig::default()).unwrap();
        let update = std::env::var_os("UPDATE_GAZETTEER_INDEX").is_some();
        let current = match embedded() {
            Ok(Some(g)) => g == built,
            _ => false,
        };
        if current {
            return;
        }
        assert!(
            update,
            "{SNAPSHOT_PATH} is stale or differs from what the readers build: \
             UPDATE_GAZETTEER_INDEX=1 cargo test committed_snapshot_is_current"
        );
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOT_PATH);
        let f = std::fs::File::create(&path).unwrap();
        let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::best());
        gz.write_all(&encode(&built)).unwrap();
        gz.finish().unwrap();
        eprintln!("rewrote {SNAPSHOT_PATH}; rebuild to embed it");
    }

    #[test]
    fn a_snapshot_round_trips_and_truncation_is_an_error() {
        let g = Gazetteer::build(&GazetteerConfig {
            wof: false,
            landmarks: false,
            ..GazetteerConfig::default()
        })
        .unwrap();
        let bytes = encode(&g);
        let mut r = Reader { b: &bytes, at: 0 };
        assert_eq!(r.take(MAGIC.len()).unwrap(), MAGIC);
        assert_eq!(r.line().unwrap(), fingerprint());
        let mut back = decode(&mut r).unwrap();
        back.embedded_default = g.embedded_default;
        assert!(back == g);
        let cut = &bytes[..bytes.len() - 3];
        let mut r = Reader { b: cut, at: 0 };
        r.take(MAGIC.len()).unwrap();
        r.line().unwrap();
        let err = decode(&mut r).expect_err("truncated file is an error");
        assert!(err.to_string().contains("truncated"), "{err}");
    }
}
