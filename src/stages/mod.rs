//! Enrichment stages: pure CPU steps over one [`Document`], run in config
//! order by a [`Chain`]. Sources and sinks are async and are not stages.
//!
//! - [`text`]: page zones, language, normalisation, tokens (every other stage
//!   reads its [`text::Analysis`]).
//! - [`actors`]: people, organisations and armed groups with CAMEO-style codes.
//! - [`locations`]: toponyms resolved to GeoNames places.
//! - [`events`]: who did what to whom, where and when (CAMEO, PLOVER).

pub mod actors;
pub mod events;
pub mod locations;
pub mod text;

use std::time::Instant;

use crate::article::Document;

/// Why a stage could not enrich an article.
///
/// Every variant is the input's fault, so a retry cannot help: the article is
/// dead-lettered with [`StageError::reason`] and the pipeline goes on.
#[derive(Debug, thiserror::Error)]
pub enum StageError {
    /// The body holds no article text once boilerplate and comments are cut.
    #[error("no article text left after removing boilerplate and comments")]
    EmptyArticleZone,
    /// A stage that needs the `text` stage's analysis ran without it.
    #[error("stage `{0}` needs the text analysis; put `text` first in `stages`")]
    MissingAnalysis(&'static str),
    /// Any other input-caused failure, with a bounded reason code.
    #[error("{detail}")]
    Invalid {
        /// Bounded snake_case code (metric label, dead-letter `reason`).
        reason: &'static str,
        /// Free-text explanation for the dead-letter `detail`.
        detail: String,
    },
}

impl StageError {
    /// Bounded snake_case code for metrics and the dead-letter `reason` field.
    pub fn reason(&self) -> &'static str {
        match self {
            StageError::EmptyArticleZone => "empty_article_zone",
            StageError::MissingAnalysis(_) => "missing_analysis",
            StageError::Invalid { reason, .. } => reason,
        }
    }
}

/// One enrichment step over one article; runs on the blocking pool.
///
/// # Examples
///
/// ```
/// use newsevents::article::{Document, Origin, RawArticle};
/// use newsevents::stages::{Stage, StageError};
///
/// struct CountWords;
/// impl Stage for CountWords {
///     fn name(&self) -> &'static str { "count_words" }
///     fn process(&self, doc: &mut Document) -> Result<(), StageError> {
///         if doc.raw.body.split_whitespace().next().is_none() {
///             return Err(StageError::Invalid { reason: "empty_body", detail: "no words".into() });
///         }
///         Ok(())
///     }
/// }
/// ```
pub trait Stage: Send + Sync {
    /// snake_case; the `stage` metric label and the dead-letter `stage` field.
    fn name(&self) -> &'static str;

    /// Adds this stage's findings to `doc`.
    ///
    /// # Errors
    /// [`StageError`] if this article cannot be enriched: it is dead-lettered
    /// and the pipeline goes on.
    fn process(&self, doc: &mut Document) -> Result<(), StageError>;
}

/// A failed stage run: which stage, and why.
#[derive(Debug, thiserror::Error)]
#[error("stage `{stage}` failed: {error}")]
pub struct ChainError {
    /// Name of the stage that failed.
    pub stage: &'static str,
    /// What went wrong.
    pub error: StageError,
}

/// The configured stages, in order. Cheap to share behind an `Arc`.
pub struct Chain {
    stages: Vec<Box<dyn Stage>>,
}

impl Chain {
    /// A chain running `stages` in the given order.
    pub fn new(stages: Vec<Box<dyn Stage>>) -> Self {
        Self { stages }
    }

    /// Stage names in run order.
    pub fn names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Runs every stage over `doc`, timing each into
    /// `newsevents_stage_duration_seconds{stage}`.
    ///
    /// # Errors
    /// The first [`StageError`], tagged with its stage; later stages do not run.
    pub fn process(&self, doc: &mut Document) -> Result<(), ChainError> {
        for stage in &self.stages {
            let started = Instant::now();
            let result = stage.process(doc);
            crate::telemetry::events::stage_finished(stage.name(), started.elapsed());
            result.map_err(|error| ChainError {
                stage: stage.name(),
                error,
            })?;
        }
        Ok(())
    }
}
