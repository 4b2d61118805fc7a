//! `newsevents train-ner`: trains, evaluates and builds the word clusters
//! of the entity tagger. Sits beside the pipeline: reads files, writes a
//! model file; the pipeline only ever loads the result.
//!
//! - [`corpus`]: CoNLL-style corpora with a column and tag mapping.
//! - [`lexicons`]: name lists baked into the word table as flags.
//! - `spec`: the TOML training spec, roots and errors;
//!   `perceptron`: the training loop; `cli`: the subcommands ([`run`]).
//! - [`clusters`]: word clusters learned from unlabelled text (ours) or read
//!   from spaCy's Brown clusters.
//!
//! # Training
//!
//! A TOML spec (see `data/models/ner-ar.toml`) names the classes, the
//! corpora with their tag mappings, the lexicons, the cluster file, the
//! number of hash bits, epochs and the seed. Training is an averaged
//! structured perceptron (Collins 2002): per epoch the sentences are
//! shuffled with the seeded generator, each is decoded with Viterbi under
//! the current weights, and on a mistake the gold path's features gain 1
//! and the predicted path's lose 1; the shipped weights are the average
//! over all updates (kept lazily with Daumé's trick). Same spec, same
//! corpora → byte-identical model file.

mod cli;
pub mod clusters;
pub mod corpus;
pub mod lexicons;
mod perceptron;
mod spec;
#[cfg(test)]
mod tests;

pub use cli::{TrainNerArgs, TrainNerCommand, run};
pub use perceptron::train;
pub use spec::{ClusterSpec, Roots, TrainError, TrainSpec};

use self::corpus::{CorpusSpec, Sentence, expand};
use super::EntitySpan;
use super::evaluate::SpanScores;
use super::predict::{EntityTagger, TagScratch};
use super::words::WordTable;

/// Builds the word table from the spec's clusters and lexicons.
///
/// # Errors
/// [`TrainError::Input`] for an unreadable file or more than 32 lexicons.
pub fn word_table(spec: &TrainSpec, roots: &Roots) -> Result<WordTable, TrainError> {
    let mut words = WordTable::new();
    for (level_offset, c) in spec.clusters.iter().enumerate() {
        let path = expand(&c.path, &roots.corpora, &roots.repo);
        let list = clusters::read(&path, &c.format).map_err(TrainError::Input)?;
        words.reserve(list.len());
        for (w, mut ids) in list {
            // A second cluster file gets distinct ids (its own id space).
            if level_offset > 0 {
                for x in ids.iter_mut().filter(|x| **x != 0) {
                    *x ^= (level_offset as u32) << 28;
                }
            }
            if words.get(&w).is_none_or(|i| i.clusters[0] == 0) {
                words.set_clusters(&w, ids);
            }
        }
    }
    if spec.lexicon.len() > 32 {
        return Err(TrainError::Input("at most 32 lexicons".into()));
    }
    for (bit, lex) in spec.lexicon.iter().enumerate() {
        for entry in lex.entries(&roots.corpora, &roots.repo)? {
            for w in lexicons::entry_words(&entry) {
                words.add_flags(&w, 1 << bit);
            }
        }
    }
    Ok(words)
}

/// Sentences of every training corpus, repeated as the spec says.
///
/// # Errors
/// [`TrainError::Input`] for an unreadable or malformed corpus.
pub fn training_sentences(
    spec: &TrainSpec,
    roots: &Roots,
    mut log: impl FnMut(&str),
) -> Result<Vec<Sentence>, TrainError> {
    let mut all = Vec::new();
    for c in &spec.corpus {
        let s = c.read(&roots.corpora, &roots.repo)?;
        let tokens: usize = s.iter().map(|s| s.tokens.len()).sum();
        let mentions: usize = s.iter().map(|s| s.spans.len()).sum();
        log(&format!(
            "corpus {}: {} sentences, {tokens} tokens, {mentions} mentions, ×{}",
            c.name,
            s.len(),
            c.repeat
        ));
        for _ in 0..c.repeat.max(1) {
            all.extend(s.iter().cloned());
        }
    }
    Ok(all)
}

/// Scores a tagger on gold sentences read with `spec` (gold classes as
/// mapped by `spec.tags`, predictions as mapped by `spec.score_as`).
pub fn score(tagger: &EntityTagger, spec: &CorpusSpec, sentences: &[Sentence]) -> SpanScores {
    score_with(tagger, spec, sentences, &mut TagScratch::default())
}

/// [`score`] with the caller's scratch (its word-sum cache kept across
/// calls, as in a running worker).
pub fn score_with(
    tagger: &EntityTagger,
    spec: &CorpusSpec,
    sentences: &[Sentence],
    scratch: &mut TagScratch,
) -> SpanScores {
    let mut sc = SpanScores::default();
    for s in sentences {
        let pred: Vec<EntitySpan> = tagger
            .tag(&s.tokens, scratch)
            .into_iter()
            .filter_map(|e| {
                spec.scored_class(e.class)
                    .map(|class| EntitySpan { class, ..e })
            })
            .collect();
        sc.add(&s.spans, &pred);
    }
    sc
}
