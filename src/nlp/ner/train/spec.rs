//! The training spec (TOML), the roots its `$CORPORA/` and `$REPO/`
//! paths expand against, and the errors of training.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::corpus::CorpusSpec;
use super::lexicons::LexiconSpec;
use super::*;
use crate::nlp::ner::EntityClass;

/// The `[clusters]` table of a spec.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterSpec {
    /// Cluster file.
    pub path: String,
    /// `levels` (ours) or `brown` (spaCy lookups).
    pub format: String,
}

/// A training spec (TOML).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainSpec {
    /// Model name, e.g. `ner-ar`.
    pub name: String,
    /// Model version written into the header.
    pub version: String,
    /// Language, informational.
    pub lang: String,
    /// Licence of the weights.
    pub licence: String,
    /// Classes in label order.
    pub classes: Vec<String>,
    /// Features hash into `2^hash_bits` buckets.
    pub hash_bits: u32,
    /// Perceptron epochs.
    pub epochs: u32,
    /// Shuffle seed.
    pub seed: u64,
    /// Word clusters.
    #[serde(default)]
    pub clusters: Vec<ClusterSpec>,
    /// Lexicons (one flag bit each, at most 32).
    #[serde(default)]
    pub lexicon: Vec<LexiconSpec>,
    /// Training corpora.
    pub corpus: Vec<CorpusSpec>,
    /// Dev sets scored after every epoch (model selection).
    #[serde(default)]
    pub dev: Vec<CorpusSpec>,
}

/// Why training or evaluation failed; always the caller's input.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A spec, corpus, lexicon or cluster file could not be read or is wrong.
    #[error("{0}")]
    Input(String),
    /// The model file could not be read or written.
    #[error(transparent)]
    Model(#[from] crate::nlp::ner::ModelError),
}

impl From<corpus::CorpusError> for TrainError {
    fn from(e: corpus::CorpusError) -> TrainError {
        TrainError::Input(e.to_string())
    }
}

impl From<lexicons::LexiconError> for TrainError {
    fn from(e: lexicons::LexiconError) -> TrainError {
        TrainError::Input(e.to_string())
    }
}

/// Where `$CORPORA/` and `$REPO/` point.
#[derive(Debug, Clone)]
pub struct Roots {
    /// Shared corpora directory.
    pub corpora: PathBuf,
    /// Repository root.
    pub repo: PathBuf,
}

impl TrainSpec {
    /// Reads a spec file.
    ///
    /// # Errors
    /// [`TrainError::Input`] naming the file.
    pub fn load(path: &Path) -> Result<TrainSpec, TrainError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| TrainError::Input(format!("{}: {e}", path.display())))?;
        toml::from_str(&text).map_err(|e| TrainError::Input(format!("{}: {e}", path.display())))
    }

    pub(super) fn class_list(&self) -> Result<Vec<EntityClass>, TrainError> {
        self.classes
            .iter()
            .map(|c| {
                EntityClass::parse(c)
                    .ok_or_else(|| TrainError::Input(format!("unknown class `{c}` in spec")))
            })
            .collect()
    }
}
