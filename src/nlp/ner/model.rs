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
//! cache words  u32      then per word: len u16, UTF-8 bytes (surface forms whose feature sums the
//!                       tagger precomputes at load time; a speed aid, not part of the scores)
//! weights      2^hash_bits × L i16   bucket-major
//! ```
//!
//! Weights and transitions share one integer scale (`header.scale` real
//! units per integer unit), so decoding adds integers only.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::words::{CLUSTER_LEVELS, WordInfo, WordTable};
use super::{EntityClass, Labels};

/// Version of the file layout and of the feature hashing this build reads.
/// A file of another version is refused with [`ModelError::Incompatible`].
pub const MODEL_FORMAT_VERSION: u32 = 1;

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
    /// `2^hash_bits × L`, bucket-major.
    pub(crate) weights: Vec<i16>,
    /// Surface forms to precompute (frequent training tokens).
    pub(crate) cache_words: Vec<String>,
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
        cache_words: Vec<String>,
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
            weights,
            cache_words,
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
        let mut raw = Vec::with_capacity(bytes.len() * 4);
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut raw)
            .map_err(|e| corrupt(format!("not gzip or truncated: {e}")))?;
        let mut r = Reader { buf: &raw, at: 0 };
        let magic = r.take(8).map_err(corrupt)?;
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
        words.reserve(nw);
        for _ in 0..nw {
            let len = r.u16().map_err(corrupt)? as usize;
            let w = std::str::from_utf8(r.take(len).map_err(corrupt)?)
                .map_err(|e| corrupt(format!("word table: {e}")))?;
            let mut info = WordInfo::default();
            for c in info.clusters.iter_mut() {
                *c = r.u32().map_err(corrupt)?;
            }
            info.flags = r.u32().map_err(corrupt)?;
            words.insert(w, info);
        }
        let nc = r.u32().map_err(corrupt)? as usize;
        let mut cache_words = Vec::with_capacity(nc);
        for _ in 0..nc {
            let len = r.u16().map_err(corrupt)? as usize;
            let w = std::str::from_utf8(r.take(len).map_err(corrupt)?)
                .map_err(|e| corrupt(format!("cache words: {e}")))?;
            cache_words.push(w.to_string());
        }
        let n = (1usize << header.hash_bits) * l;
        let wbytes = r.take(n * 2).map_err(corrupt)?;
        let weights: Vec<i16> = wbytes
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        if r.at != raw.len() {
            return Err(corrupt(format!("{} trailing bytes", raw.len() - r.at)));
        }
        Ok(Model {
            header,
            labels,
            words,
            transitions,
            weights,
            cache_words,
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
        let mut raw: Vec<u8> = Vec::with_capacity(self.weights.len() * 2 + (1 << 20));
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
        raw.extend_from_slice(&(self.cache_words.len() as u32).to_le_bytes());
        for w in &self.cache_words {
            let len = u16::try_from(w.len()).map_err(std::io::Error::other)?;
            raw.extend_from_slice(&len.to_le_bytes());
            raw.extend_from_slice(w.as_bytes());
        }
        for &w in &self.weights {
            raw.extend_from_slice(&w.to_le_bytes());
        }
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

struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.buf.len());
        match end {
            Some(e) => {
                let s = &self.buf[self.at..e];
                self.at = e;
                Ok(s)
            }
            None => Err(format!("truncated at byte {}", self.at)),
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
