//! The model file: one gzip-compressed binary holding a JSON header, the
//! label transitions, the word table and the quantised feature weights.
//!
//! Layout after decompression (integers little-endian):
//!
//! ```text
//! magic        8 bytes  "NEWSNER\n"
//! format       u32      MODEL_FORMAT_VERSION
//! header_len   u32      then header_len bytes of JSON (ModelHeader)
//! labels       u32      L = 1 + 2 × classes
//! transitions  (L+1)×L i32   row 0: sentence start → label; row 1+p: label p → label
//! words        u32      then per word: len u16, UTF-8 bytes, CLUSTER_LEVELS × u32 clusters, u32 flags
//! cache words  u32      then per word: len u16, UTF-8 bytes (surface forms the tagger of
//!                       model 2026.12.07-1 precomputed; read and ignored since, written empty)
//! weights      2^hash_bits × L i16   bucket-major
//! ```
//!
//! Weights and transitions share one integer scale (`header.scale` real
//! units per integer unit), so decoding adds integers only.
//!
//! In memory the weights are a [`WeightTable`]: only the buckets with a
//! non-zero weight keep a row (about a third of them in the shipped
//! models), found through a bitmap with running counts, so the rows a
//! tagger reads span ~7 MB instead of ~23 MB and a feature never seen in
//! training costs no read of the rows at all.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::words::{CLUSTER_LEVELS, WordInfo, WordTable};
use super::{EntityClass, Labels};

/// Version of the file layout and of the feature hashing this build reads.
/// A file of another version is refused with [`ModelError::Incompatible`].
/// Version 2 (model 2026.12.07-3): lexicon flags of the words two to the
/// left and right (feature templates 35–36); same file layout as version 1.
pub const MODEL_FORMAT_VERSION: u32 = 2;

const MAGIC: &[u8; 8] = b"NEWSNER\n";

/// Descriptive part of a model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelHeader {
    /// Model name, e.g. `ner-ar`.
    pub name: String,
    /// Model version (the shipped model's `data/models/VERSION` entry).
    pub version: String,
    /// Language the model was trained for (`ar`, `en`), informational.
    pub lang: String,
    /// Entity classes in label order (see [`Labels`]).
    pub classes: Vec<String>,
    /// Features are hashed into `2^hash_bits` buckets.
    pub hash_bits: u32,
    /// Lexicon names; bit `i` of a word's flags = lexicon `i`.
    pub lexicons: Vec<String>,
    /// Training corpora, as named in the training spec.
    pub corpora: Vec<String>,
    /// Licence of the weights.
    pub licence: String,
    /// Real weight per integer unit of the stored weights.
    pub scale: f32,
    /// Perceptron epochs and seed, for the record.
    pub epochs: u32,
    /// Seed of the training shuffle.
    pub seed: u64,
}

/// Why a model file could not be used. Always the operator's to fix (a
/// wrong path or file); start-up stops, a retry does not help.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The file could not be opened or read.
    #[error(
        "NER model {path}: cannot read it ({source}); expected a newsevents NER model file, format version {MODEL_FORMAT_VERSION}"
    )]
    Read {
        /// The model file.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// The file is not a model file, or is truncated or damaged.
    #[error(
        "NER model {path}: corrupt or not a model file ({detail}); expected a newsevents NER model file, format version {MODEL_FORMAT_VERSION}"
    )]
    Corrupt {
        /// The model file.
        path: PathBuf,
        /// What was wrong.
        detail: String,
    },
    /// The file is a model of another format version.
    #[error(
        "NER model {path}: format version {found}, this build reads version {MODEL_FORMAT_VERSION}; retrain it with `newsevents train-ner` or use the model shipped with this release"
    )]
    Incompatible {
        /// The model file.
        path: PathBuf,
        /// The version found in the file.
        found: u32,
    },
    /// The file could not be written.
    #[error("NER model {path}: cannot write it: {source}")]
    Write {
        /// The model file.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
}

/// A trained tagger model, immutable once loaded; share it with `Arc`.
#[derive(Debug, Clone)]
pub struct Model {
    /// Descriptive header.
    pub header: ModelHeader,
    pub(crate) labels: Labels,
    pub(crate) words: WordTable,
    /// `(L+1) × L`: row 0 start, row `1+p` from label `p`.
    pub(crate) transitions: Vec<i32>,
    /// `2^hash_bits` rows of `L`, stored sparsely.
    pub(crate) weights: WeightTable,
}

/// The feature weights: `2^hash_bits` buckets × `L` labels, of which only
/// the buckets with some non-zero weight are stored.
///
/// Bucket `b`'s row is found through `dir[b / 64]`: a bitmap of which of
/// its 64 buckets have a row, and the index of the block's first row;
/// the row's index is that plus the set bits below `b`'s. The directory is
/// 16 bytes per 64 buckets (256 KB for `hash_bits` 20, within a core's L2
/// cache); the rows are `L` `i16` each. Reads give exactly the weights of
/// the dense table (zeros where no row is stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightTable {
    l: usize,
    buckets: usize,
    dir: Vec<Block>,
    rows: Vec<i16>,
}

/// 64 buckets of a [`WeightTable`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(C, align(16))]
struct Block {
    /// Bit `i`: bucket `64 × block + i` has a row.
    bits: u64,
    /// Row index of the block's first stored bucket.
    base: u32,
}

impl WeightTable {
    /// An empty table of `buckets` rows of `l` labels (`buckets` a multiple of 64).
    fn with_shape(buckets: usize, l: usize) -> WeightTable {
        assert!(buckets.is_multiple_of(64) && l > 0);
        WeightTable {
            l,
            buckets,
            dir: Vec::with_capacity(buckets / 64),
            rows: Vec::new(),
        }
    }

    /// Appends the next 64 buckets' rows (`64 × l` weights, bucket-major).
    fn push_block(&mut self, dense: &[i16]) {
        debug_assert_eq!(dense.len(), 64 * self.l);
        let mut block = Block {
            bits: 0,
            base: u32::try_from(self.rows.len() / self.l).expect("rows fit u32"),
        };
        for (i, row) in dense.chunks_exact(self.l).enumerate() {
            if row.iter().any(|&x| x != 0) {
                block.bits |= 1 << i;
                self.rows.extend_from_slice(row);
            }
        }
        self.dir.push(block);
    }

    /// The table of a dense `buckets × l` weight array (bucket-major).
    ///
    /// # Panics
    /// If `dense.len()` is not `buckets × l` for a multiple of 64 buckets.
    pub fn from_dense(dense: &[i16], l: usize) -> WeightTable {
        assert!(l > 0 && dense.len().is_multiple_of(64 * l));
        let mut t = WeightTable::with_shape(dense.len() / l, l);
        for block in dense.chunks_exact(64 * l) {
            t.push_block(block);
        }
        t.rows.shrink_to_fit();
        t
    }

    /// Number of buckets (`2^hash_bits`).
    pub fn buckets(&self) -> usize {
        self.buckets
    }

    /// Number of buckets with a stored (non-zero) row.
    pub fn stored(&self) -> usize {
        self.rows.len() / self.l
    }

    /// The `L` weights of bucket `b`, or `None` when they are all zero.
    ///
    /// # Panics
    /// If `b` is not below [`WeightTable::buckets`].
    #[inline]
    pub fn row(&self, b: u32) -> Option<&[i16]> {
        self.row_index(b).map(|i| self.row_at(i))
    }

    /// Index of bucket `b`'s stored row (for [`WeightTable::row_at`]), or
    /// `None` when its weights are all zero. Reads the directory only.
    ///
    /// # Panics
    /// If `b` is not below [`WeightTable::buckets`].
    #[inline]
    pub fn row_index(&self, b: u32) -> Option<u32> {
        let block = self.dir[(b >> 6) as usize];
        let bit = 1u64 << (b & 63);
        if block.bits & bit == 0 {
            return None;
        }
        Some(block.base + (block.bits & (bit - 1)).count_ones())
    }

    /// The `L` weights of stored row `i` (from [`WeightTable::row_index`]).
    #[inline]
    pub fn row_at(&self, i: u32) -> &[i16] {
        let i = i as usize;
        &self.rows[i * self.l..(i + 1) * self.l]
    }

    /// Asks the CPU to start loading stored row `i` into cache, so that a
    /// later [`WeightTable::row_at`] does not wait for memory; a hint with
    /// no effect on results (none on targets other than x86-64).
    #[inline]
    pub fn prefetch(&self, i: u32) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            let start = i as usize * self.l;
            if let Some(first) = self.rows.get(start) {
                let last = &self.rows[start + self.l - 1];
                // SAFETY: prefetching never faults and both pointers are
                // to live elements of `rows`.
                unsafe {
                    _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(first).cast());
                    _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(last).cast());
                }
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = i;
    }

    /// Writes the dense table (bucket-major `i16`, little-endian) to `out`.
    fn write_dense(&self, out: &mut Vec<u8>) {
        let zeros = vec![0i16; self.l];
        for b in 0..self.buckets {
            for &w in self.row(b as u32).unwrap_or(&zeros) {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
    }
}

impl Model {
    /// Builds a model from its parts (the trainer's output).
    ///
    /// # Panics
    /// If a class name is unknown or the array sizes do not match the header.
    pub fn from_parts(
        header: ModelHeader,
        words: WordTable,
        transitions: Vec<i32>,
        weights: Vec<i16>,
    ) -> Model {
        let labels = labels_of(&header).expect("known classes");
        let l = labels.len();
        assert_eq!(transitions.len(), (l + 1) * l);
        assert_eq!(weights.len(), (1usize << header.hash_bits) * l);
        Model {
            header,
            labels,
            words,
            transitions,
            weights: WeightTable::from_dense(&weights, l),
        }
    }

    /// The label set.
    pub fn labels(&self) -> &Labels {
        &self.labels
    }

    /// The word table.
    pub fn words(&self) -> &WordTable {
        &self.words
    }

    /// The feature weights.
    pub fn weights(&self) -> &WeightTable {
        &self.weights
    }

    /// Reads a model file.
    ///
    /// # Errors
    /// [`ModelError::Read`] if the file cannot be read,
    /// [`ModelError::Corrupt`] if it is not a complete model file,
    /// [`ModelError::Incompatible`] if its format version is not
    /// [`MODEL_FORMAT_VERSION`]. Every message names the file.
    pub fn load(path: &Path) -> Result<Model, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Model::from_bytes(&bytes, path)
    }

    /// Reads a model from the bytes of a model file; `path` is only used
    /// in error messages.
    ///
    /// # Errors
    /// As [`Model::load`], without [`ModelError::Read`].
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Model, ModelError> {
        let corrupt = |detail: String| ModelError::Corrupt {
            path: path.to_path_buf(),
            detail,
        };
        // Read straight from the decompressor: no decompressed copy of the
        // whole file is held next to the model (that copy used to add ~28 MB
        // to peak memory per model while loading).
        let mut r = Reader {
            inner: flate2::read::GzDecoder::new(bytes),
            at: 0,
            buf: Vec::new(),
        };
        let magic = r.take(8).map_err(corrupt)?.to_vec();
        if magic != MAGIC {
            return Err(corrupt("wrong magic bytes".into()));
        }
        let found = r.u32().map_err(corrupt)?;
        if found != MODEL_FORMAT_VERSION {
            return Err(ModelError::Incompatible {
                path: path.to_path_buf(),
                found,
            });
        }
        let hlen = r.u32().map_err(corrupt)? as usize;
        let header: ModelHeader = serde_json::from_slice(r.take(hlen).map_err(corrupt)?)
            .map_err(|e| corrupt(format!("header: {e}")))?;
        if !(10..=26).contains(&header.hash_bits) {
            return Err(corrupt(format!(
                "hash_bits {} out of range",
                header.hash_bits
            )));
        }
        let labels = labels_of(&header).map_err(corrupt)?;
        let l = labels.len();
        let nl = r.u32().map_err(corrupt)? as usize;
        if nl != l {
            return Err(corrupt(format!("{nl} labels, header implies {l}")));
        }
        let mut transitions = Vec::with_capacity((l + 1) * l);
        for _ in 0..(l + 1) * l {
            transitions.push(r.u32().map_err(corrupt)? as i32);
        }
        let nw = r.u32().map_err(corrupt)? as usize;
        let mut words = WordTable::new();
        words.reserve(nw.min(1 << 22));
        let mut w = String::new();
        for _ in 0..nw {
            let len = r.u16().map_err(corrupt)? as usize;
            w.clear();
            w.push_str(
                std::str::from_utf8(r.take(len).map_err(corrupt)?)
                    .map_err(|e| corrupt(format!("word table: {e}")))?,
            );
            let mut info = WordInfo::default();
            for c in info.clusters.iter_mut() {
                *c = r.u32().map_err(corrupt)?;
            }
            info.flags = r.u32().map_err(corrupt)?;
            words.insert(&w, info);
        }
        // Cache words: written by models of 2026.12.07-1, no longer used
        // (the tagger caches the words it sees); checked and skipped.
        let nc = r.u32().map_err(corrupt)? as usize;
        for _ in 0..nc {
            let len = r.u16().map_err(corrupt)? as usize;
            std::str::from_utf8(r.take(len).map_err(corrupt)?)
                .map_err(|e| corrupt(format!("cache words: {e}")))?;
        }
        // Read 64 buckets at a time, keeping only the non-zero rows: the
        // dense table (~23 MB for the shipped models) is never held.
        let buckets = 1usize << header.hash_bits;
        let mut weights = WeightTable::with_shape(buckets, l);
        let mut block = vec![0i16; 64 * l];
        for _ in 0..buckets / 64 {
            let chunk = r.take(64 * l * 2).map_err(corrupt)?;
            for (w, c) in block.iter_mut().zip(chunk.chunks_exact(2)) {
                *w = i16::from_le_bytes([c[0], c[1]]);
            }
            weights.push_block(&block);
        }
        weights.rows.shrink_to_fit();
        let mut probe = [0u8; 1];
        match r.inner.read(&mut probe) {
            Ok(0) => {}
            Ok(_) => return Err(corrupt(format!("trailing bytes after byte {}", r.at))),
            Err(e) => return Err(corrupt(format!("not gzip or truncated: {e}"))),
        }
        Ok(Model {
            header,
            labels,
            words,
            transitions,
            weights,
        })
    }

    /// Writes the model file (gzip, best compression).
    ///
    /// # Errors
    /// [`ModelError::Write`] if the file cannot be written.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let werr = |source| ModelError::Write {
            path: path.to_path_buf(),
            source,
        };
        let bytes = self.to_bytes().map_err(werr)?;
        std::fs::write(path, bytes).map_err(werr)
    }

    /// The bytes of the model file (deterministic for the same model).
    ///
    /// # Errors
    /// Only if compression fails (out of memory).
    pub fn to_bytes(&self) -> std::io::Result<Vec<u8>> {
        let mut raw: Vec<u8> =
            Vec::with_capacity(self.weights.buckets() * self.labels.len() * 2 + (1 << 20));
        raw.extend_from_slice(MAGIC);
        raw.extend_from_slice(&MODEL_FORMAT_VERSION.to_le_bytes());
        let header = serde_json::to_vec(&self.header).map_err(std::io::Error::other)?;
        raw.extend_from_slice(&(header.len() as u32).to_le_bytes());
        raw.extend_from_slice(&header);
        raw.extend_from_slice(&(self.labels.len() as u32).to_le_bytes());
        for &t in &self.transitions {
            raw.extend_from_slice(&t.to_le_bytes());
        }
        let words = self.words.sorted();
        raw.extend_from_slice(&(words.len() as u32).to_le_bytes());
        for (w, info) in words {
            let len = u16::try_from(w.len()).map_err(std::io::Error::other)?;
            raw.extend_from_slice(&len.to_le_bytes());
            raw.extend_from_slice(w.as_bytes());
            for c in info.clusters {
                raw.extend_from_slice(&c.to_le_bytes());
            }
            raw.extend_from_slice(&info.flags.to_le_bytes());
        }
        // No cache words (see the module doc).
        raw.extend_from_slice(&0u32.to_le_bytes());
        self.weights.write_dense(&mut raw);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&raw)?;
        gz.finish()
    }
}

fn labels_of(header: &ModelHeader) -> Result<Labels, String> {
    let classes = header
        .classes
        .iter()
        .map(|c| EntityClass::parse(c).ok_or_else(|| format!("unknown entity class `{c}`")))
        .collect::<Result<Vec<_>, _>>()?;
    if classes.is_empty() {
        return Err("no entity classes".into());
    }
    Ok(Labels::new(classes))
}

/// Reads the decompressed model stream in pieces, counting bytes for
/// error messages.
struct Reader<R> {
    inner: R,
    at: usize,
    buf: Vec<u8>,
}

impl<R: Read> Reader<R> {
    /// The next `n` bytes (valid until the next call).
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        self.buf.resize(n, 0);
        match self.inner.read_exact(&mut self.buf) {
            Ok(()) => {
                self.at += n;
                Ok(&self.buf)
            }
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                Err(format!("truncated at or after byte {}", self.at))
            }
            Err(e) => Err(format!("not gzip or truncated: {e}")),
        }
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4")))
    }
    fn u16(&mut self) -> Result<u16, String> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().expect("2")))
    }
}

const _: () = assert!(CLUSTER_LEVELS == 4);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_weight_rows_read_as_the_dense_table() {
        let l = 3;
        let buckets = 256;
        let dense: Vec<i16> = (0..buckets * l)
            .map(|i| {
                let b = i / l;
                // Every third bucket, and the whole of block 2, stays zero.
                if b % 3 == 0 || (128..192).contains(&b) {
                    0
                } else {
                    (i as i16 % 7) - 3
                }
            })
            .collect();
        let t = WeightTable::from_dense(&dense, l);
        assert_eq!(t.buckets(), buckets);
        let mut stored = 0;
        for b in 0..buckets {
            let want = &dense[b * l..(b + 1) * l];
            match t.row(b as u32) {
                Some(row) => {
                    stored += 1;
                    assert_eq!(row, want, "bucket {b}");
                }
                None => assert!(want.iter().all(|&x| x == 0), "bucket {b}"),
            }
        }
        assert_eq!(stored, t.stored());
        assert!(stored < buckets * 2 / 3);
        let mut out = Vec::new();
        t.write_dense(&mut out);
        let back: Vec<i16> = out
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        assert_eq!(back, dense);
    }
}
