//! Reader of our authored toponym dev sets (`data/dev/toponyms_*.jsonl`,
//! format in `data/dev/SOURCE.md`): one JSON object a line, `text` plus
//! `toponyms` with Unicode-scalar offsets and a `gazetteer_id` (`gn:`,
//! `wof:` or `ne:`), scored by `newsevents eval --format toponyms` like the
//! geoparsing corpora. These are development data: their figures are
//! in-sample.
//!
//! Exact-ID scoring compares [`id_key`]s, so a Who's On First or Natural
//! Earth place (no GeoNames ID) is scored by its own identity.

use serde::Deserialize;

use super::formats::{FormatError, GeoDocument, GoldToponym, ToponymForm};

#[derive(Deserialize)]
struct Record {
    id: String,
    #[serde(default)]
    lang: Option<String>,
    text: String,
    toponyms: Vec<Toponym>,
}

#[derive(Deserialize)]
struct Toponym {
    start: usize,
    end: usize,
    text: String,
    gazetteer_id: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
}

/// Bit set in the [`id_key`] of a Who's On First identity.
const WOF_BIT: u64 = 1 << 62;
/// Bit set in the [`id_key`] of a Natural Earth identity.
const NE_BIT: u64 = 1 << 63;

/// One number per place identity for exact-ID scoring: the GeoNames ID for
/// `gn:<id>`, the WOF ID with bit 62 set for `wof:<id>` (WOF IDs are far
/// below 2^62), a 62-bit FNV-1a hash of the slug with bit 63 set for
/// `ne:<kind>/<slug>`. `None` for anything else.
pub fn id_key(gazetteer_id: &str) -> Option<u64> {
    let (prefix, rest) = gazetteer_id.split_once(':')?;
    match prefix {
        "gn" => rest.parse().ok(),
        "wof" => rest.parse::<u64>().ok().map(|id| id | WOF_BIT),
        "ne" => {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in rest.bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            Some((h & (WOF_BIT - 1)) | NE_BIT)
        }
        _ => None,
    }
}

/// Reads a dev set; returns its documents and the language of its first
/// record (`lang`), which the chain is run with.
///
/// # Errors
/// [`FormatError::Json`] for a line that is not a record,
/// [`FormatError::Malformed`] for a toponym whose offsets do not slice its
/// `text` or whose `gazetteer_id` is not `gn:`/`wof:`/`ne:`.
pub fn read_toponyms(text: &str) -> Result<(Vec<GeoDocument>, Option<String>), FormatError> {
    let mut docs = Vec::new();
    let mut lang = None;
    for (record, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let r: Record = serde_json::from_str(line)?;
        lang = lang.or(r.lang);
        let mut toponyms = Vec::with_capacity(r.toponyms.len());
        for t in r.toponyms {
            let slice: String = r.text.chars().skip(t.start).take(t.end - t.start).collect();
            if slice != t.text {
                return Err(FormatError::Malformed {
                    what: format!(
                        "{}: {}..{} is {slice:?}, not {:?}",
                        r.id, t.start, t.end, t.text
                    ),
                    record,
                });
            }
            let key = match &t.gazetteer_id {
                Some(g) => Some(id_key(g).ok_or_else(|| FormatError::Malformed {
                    what: format!("{}: gazetteer_id {g:?}", r.id),
                    record,
                })?),
                None => None,
            };
            toponyms.push(GoldToponym {
                start: t.start,
                end: t.end,
                name: t.text,
                geonameid: key,
                coords: t.lat.zip(t.lon),
                country_geonameid: None,
                form: ToponymForm::Name,
            });
        }
        toponyms.sort_by_key(|t| (t.start, t.end));
        docs.push(GeoDocument {
            id: r.id,
            text: r.text,
            toponyms,
            dropped: 0,
        });
    }
    Ok((docs, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_arabic_offsets_and_the_three_id_sources() {
        let line = r#"{"id":"t1","lang":"ar","text":"قصف على #كفرنبل ونهر الفرات","toponyms":[
            {"start":9,"end":15,"text":"كفرنبل","gazetteer_id":"gn:168661","lat":35.6,"lon":36.5},
            {"start":17,"end":27,"text":"نهر الفرات","gazetteer_id":"ne:river/euphrates","lat":null,"lon":null}]}"#;
        let line = line.replace('\n', "");
        let (docs, lang) = read_toponyms(&line).unwrap();
        assert_eq!(lang.as_deref(), Some("ar"));
        let t = &docs[0].toponyms;
        assert_eq!(t[0].geonameid, Some(168661));
        assert_eq!(t[0].coords, Some((35.6, 36.5)));
        assert_eq!(t[1].geonameid, id_key("ne:river/euphrates"));
        assert_ne!(id_key("wof:168661"), Some(168661));
        assert!(id_key("ne:river/euphrates").unwrap() & NE_BIT != 0);
        let bad = line.replace(r#""start":9"#, r#""start":8"#);
        assert!(read_toponyms(&bad).is_err());
    }

    #[test]
    fn the_committed_dev_sets_read() {
        for f in ["toponyms_ar_local.jsonl", "toponyms_en_cities.jsonl"] {
            let path = format!("{}/data/dev/{f}", env!("CARGO_MANIFEST_DIR"));
            let (docs, _) = read_toponyms(&std::fs::read_to_string(path).unwrap()).unwrap();
            assert!(docs.len() >= 15, "{f}");
        }
    }
}
