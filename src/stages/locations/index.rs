//! The prebuilt name index of the embedded gazetteer
//! (`data/gazetteer/index/names.idx.gz`): the tagger's [`FstMatcher`] over
//! every name of the default gazetteer (GeoNames table, Who's On First tier
//! 1, Natural Earth landmarks) and the demonyms, with its derived forms,
//! built once by the test `committed_index_is_current` (run it with
//! `UPDATE_GAZETTEER_INDEX=1` to rewrite the file after a data or rule
//! change) instead of at every start-up.
//!
//! Built at start-up the index costs about 2 s of CPU and 100 MB of
//! transient memory (normalising and sorting a million names: measured in
//! `BENCHMARKS.md`); read from this file it costs a gunzip and a copy.
//!
//! # File (after gunzip; integers little-endian)
//!
//! `NEVIDX1\n`, the fingerprint line (`\n`-terminated), then `u64` length +
//! transducer bytes, `u64` count + that many `u64` payloads
//! ([`encode_entry`]), `u64` count + that many (`u32` length + UTF-8) derived
//! forms, `u64` longest name in tokens.
//!
//! The fingerprint names what the index was built from: the gazetteer and
//! lexicon versions, the number of places and names, and a hash of the
//! stage's word lists. A gazetteer or lexicon that does not match it (a
//! user's GeoNames dump, other data) gets its index built at start-up; a
//! stale file for the embedded data is logged as a warning naming the file
//! and rebuilt; a corrupt file stops start-up naming the file.

use std::io::Read;

use super::LocationTagger;
use super::candidates::Entry;
use super::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::nlp::FstMatcher;

/// The committed index, gzip.
const INDEX_GZ: &[u8] = include_bytes!("../../../data/gazetteer/index/names.idx.gz");
/// Where [`INDEX_GZ`] comes from, for messages.
pub(super) const INDEX_PATH: &str = "data/gazetteer/index/names.idx.gz";
/// File magic and format version.
const MAGIC: &[u8] = b"NEVIDX1\n";
/// Bump when the tagger's indexing rules change in a way the data versions
/// do not show (the test rewrites the file and says so).
const RULES_REVISION: u32 = 2;

/// The word lists the tagger filters names with (`data/gazetteer/`), hashed
/// into the fingerprint.
const WORD_LISTS: &[&str] = &[
    include_str!("../../../data/gazetteer/stoplist.tsv"),
    include_str!("../../../data/gazetteer/person_cues.tsv"),
    include_str!("../../../data/gazetteer/common_words.txt"),
    include_str!("../../../data/locations/cues.tsv"),
];

/// Why the committed index could not be read.
#[derive(Debug, thiserror::Error)]
#[error("gazetteer index {INDEX_PATH}: {0}")]
pub struct IndexError(String);

/// What a built index holds: the matcher and the derived forms
/// (normalised), indexed by `Entry::Variant`.
pub(super) type Parts = (FstMatcher<Entry>, Vec<String>);

/// What the index for `gazetteer` and `lexicon` is built from (see the
/// module docs).
pub(super) fn fingerprint(gazetteer: &Gazetteer, lexicon: &Lexicon) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for list in WORD_LISTS {
        for b in list.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    let mut parts = vec![
        format!("rules={RULES_REVISION}"),
        format!("gazetteer={}", gazetteer.version().trim()),
    ];
    for (k, v) in gazetteer.table_versions().iter().chain(&lexicon.versions()) {
        parts.push(format!("{k}={v}"));
    }
    parts.push(format!("places={}", gazetteer.places().len()));
    parts.push(format!("names={}", gazetteer.names().len()));
    parts.push(format!("lists={h:016x}"));
    parts.join(";")
}

/// The committed index, when it was built from this `gazetteer` and
/// `lexicon`; `Ok(None)` when it was not (a user's gazetteer, or a stale
/// file: logged).
///
/// # Errors
/// [`IndexError`] when the file is corrupt (bad gzip, magic, lengths,
/// transducer or payload).
pub(super) fn embedded(
    gazetteer: &Gazetteer,
    lexicon: &Lexicon,
) -> Result<Option<Parts>, IndexError> {
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(INDEX_GZ)
        .read_to_end(&mut bytes)
        .map_err(|e| IndexError(format!("gzip: {e}")))?;
    crate::nlp::embedded::release(INDEX_GZ);
    let (found, parts) = decode(&bytes)?;
    let wanted = fingerprint(gazetteer, lexicon);
    if found != wanted {
        if gazetteer.is_embedded_default() {
            tracing::warn!(
                file = INDEX_PATH,
                found = %found,
                wanted = %wanted,
                "gazetteer index is stale, building it at start-up \
                 (UPDATE_GAZETTEER_INDEX=1 cargo test committed_index_is_current)"
            );
        }
        return Ok(None);
    }
    Ok(Some(parts))
}

/// With `NEWSEVENTS_WRITE_GAZETTEER_INDEX=<dir>` in the environment, writes
/// the index of `tagger` (just built at start-up) as `<dir>/names.idx.gz`
/// and `<dir>/VERSION`: how the committed file is regenerated from a
/// release build (`newsevents run` over any input builds the stage; see
/// `data/gazetteer/index/SOURCE.md`), the test `committed_index_is_current`
/// being the other way. Only for the embedded default gazetteer; errors are
/// logged.
pub(super) fn write_if_asked(tagger: &LocationTagger, lexicon: &Lexicon) {
    let Some(dir) = std::env::var_os("NEWSEVENTS_WRITE_GAZETTEER_INDEX") else {
        return;
    };
    let gazetteer = tagger.gazetteer();
    if !gazetteer.is_embedded_default() {
        tracing::warn!("NEWSEVENTS_WRITE_GAZETTEER_INDEX ignored: not the embedded gazetteer");
        return;
    }
    let fp = fingerprint(gazetteer, lexicon);
    let (matcher, variants) = tagger.candidates.parts();
    let dir = std::path::PathBuf::from(dir);
    let written = write(&dir, &fp, &encode(&fp, matcher, variants));
    match written {
        Ok(()) => tracing::info!(dir = %dir.display(), "wrote the gazetteer index"),
        Err(e) => tracing::error!(dir = %dir.display(), "cannot write the gazetteer index: {e}"),
    }
}

fn write(dir: &std::path::Path, fp: &str, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(dir.join("names.idx.gz"))?,
        flate2::Compression::best(),
    );
    gz.write_all(bytes)?;
    gz.finish()?;
    std::fs::write(dir.join("VERSION"), format!("{fp}\n"))
}

/// Serialises an index (the inverse of [`decode`]), not compressed.
pub(super) fn encode(
    fingerprint: &str,
    matcher: &FstMatcher<Entry>,
    variants: &[String],
) -> Vec<u8> {
    let (fst, payloads, max_len) = matcher.parts();
    let mut out = Vec::with_capacity(fst.len() + payloads.len() * 8 + 1024);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(fingerprint.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(&(fst.len() as u64).to_le_bytes());
    out.extend_from_slice(fst);
    out.extend_from_slice(&(payloads.len() as u64).to_le_bytes());
    for e in payloads {
        out.extend_from_slice(&encode_entry(*e).to_le_bytes());
    }
    out.extend_from_slice(&(variants.len() as u64).to_le_bytes());
    for v in variants {
        out.extend_from_slice(&(v.len() as u32).to_le_bytes());
        out.extend_from_slice(v.as_bytes());
    }
    out.extend_from_slice(&(max_len as u64).to_le_bytes());
    out
}

/// Parses an uncompressed index: its fingerprint and parts.
fn decode(bytes: &[u8]) -> Result<(String, Parts), IndexError> {
    let err = |what: &str| IndexError(what.to_owned());
    let rest = bytes
        .strip_prefix(MAGIC)
        .ok_or_else(|| err("not an index (magic)"))?;
    let nl = rest
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(|| err("no fingerprint line"))?;
    let fingerprint =
        String::from_utf8(rest[..nl].to_vec()).map_err(|_| err("fingerprint is not UTF-8"))?;
    let mut r = Reader(&rest[nl + 1..]);
    let fst_len = r.u64()? as usize;
    let fst = r.take(fst_len)?.to_vec();
    let n = r.u64()? as usize;
    let mut payloads = Vec::with_capacity(n.min(r.0.len() / 8));
    for _ in 0..n {
        payloads.push(decode_entry(r.u64()?).ok_or_else(|| err("bad payload"))?);
    }
    // The derived forms are checked but not kept: matching does not read
    // them, and a tagger read from this file never writes it again
    // (`Candidates::variants`).
    let n = r.u64()? as usize;
    for _ in 0..n {
        let len = r.u32()? as usize;
        std::str::from_utf8(r.take(len)?).map_err(|_| err("form is not UTF-8"))?;
    }
    let variants = Vec::new();
    let max_len = r.u64()? as usize;
    if !r.0.is_empty() {
        return Err(err("trailing bytes"));
    }
    let matcher = FstMatcher::from_parts(fst, payloads, max_len)
        .map_err(|e| IndexError(format!("transducer: {e}")))?;
    if matcher.payload_ranges_fit() {
        Ok((fingerprint, (matcher, variants)))
    } else {
        Err(err("transducer values point outside the payloads"))
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], IndexError> {
        if self.0.len() < n {
            return Err(IndexError("truncated".into()));
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }
    fn u64(&mut self) -> Result<u64, IndexError> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
    fn u32(&mut self) -> Result<u32, IndexError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
}

/// One payload as a `u64`: tag in bits 62–63 (0 name, 1 derived form, 2
/// demonym), the name or demonym index in bits 0–31, the form index in
/// bits 32–61.
pub(super) fn encode_entry(e: Entry) -> u64 {
    match e {
        Entry::Name(n) => u64::from(n),
        Entry::Variant(n, v) => (1 << 62) | (u64::from(v) << 32) | u64::from(n),
        Entry::Demonym(d) => (2 << 62) | u64::from(d),
    }
}

/// The inverse of [`encode_entry`]; `None` for an unknown tag.
fn decode_entry(x: u64) -> Option<Entry> {
    let low = (x & 0xffff_ffff) as u32;
    match x >> 62 {
        0 => Some(Entry::Name(low)),
        1 => Some(Entry::Variant(low, ((x >> 32) & 0x3fff_ffff) as u32)),
        2 => Some(Entry::Demonym(low)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn entries_round_trip() {
        for e in [
            Entry::Name(0),
            Entry::Name(u32::MAX),
            Entry::Variant(7, 0x3fff_ffff),
            Entry::Demonym(12),
        ] {
            assert_eq!(decode_entry(encode_entry(e)), Some(e));
        }
        assert_eq!(decode_entry(3 << 62), None);
    }

    #[test]
    fn corrupt_files_are_errors_naming_the_file() {
        let err = decode(b"NOTANIDX").unwrap_err().to_string();
        assert!(err.contains(INDEX_PATH) && err.contains("magic"), "{err}");
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(b"fp\n");
        bytes.extend_from_slice(&100u64.to_le_bytes());
        assert!(
            decode(&bytes)
                .unwrap_err()
                .to_string()
                .contains("truncated")
        );
    }

    /// The committed file is what the embedded data and today's rules give.
    /// `UPDATE_GAZETTEER_INDEX=1` rewrites it.
    #[test]
    fn committed_index_is_current() {
        let gazetteer = Arc::new(Gazetteer::embedded());
        let lexicon = Lexicon::embedded();
        let fresh = LocationTagger::build(gazetteer.clone(), &lexicon);
        let fp = fingerprint(&gazetteer, &lexicon);
        let (matcher, variants) = fresh.candidates.parts();
        let bytes = encode(&fp, matcher, variants);
        let mut committed = Vec::new();
        flate2::read::GzDecoder::new(INDEX_GZ)
            .read_to_end(&mut committed)
            .unwrap();
        if std::env::var_os("UPDATE_GAZETTEER_INDEX").is_some() {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(INDEX_PATH);
            write(path.parent().unwrap(), &fp, &bytes).unwrap();
            eprintln!("rewrote {}", path.display());
            return;
        }
        assert!(
            committed == bytes,
            "{INDEX_PATH} is stale: run UPDATE_GAZETTEER_INDEX=1 cargo test --lib committed_index_is_current"
        );
        // And it is what start-up reads.
        assert!(embedded(&gazetteer, &lexicon).unwrap().is_some());
    }
}
