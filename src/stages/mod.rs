//! Enrichment stages: pure CPU steps over one [`Document`], run in config
//! order by a [`Chain`]. Sources and sinks are async and are not stages.
//!
//! - [`document`]: [`Document`] and [`Analysis`], the chain's working state.
//! - [`text`]: page zones, language, tokens (every other stage reads its
//!   [`Analysis`]).
//! - [`entities`]: the learned entity tagger's PER/ORG/LOC/MISC mentions
//!   (read by `actors` and `locations`).
//! - [`actors`]: people, organisations and armed groups with CAMEO-style codes.
//! - [`locations`]: toponyms resolved to GeoNames places.
//! - [`events`]: who did what to whom, where and when (CAMEO, PLOVER).
//!
//! Stages are siblings: a stage imports [`crate::article`], [`crate::nlp`],
//! [`crate::lexicon`], this module and [`document`], never another stage.
//!
//! # Building the chain
//!
//! Each stage's configuration section builds the stage ([`StageConfig`]),
//! returning it with the versions of its data ([`Built`]); shared tables
//! come from [`Resources`], loaded once. Each stage declares what it reads
//! from the [`Document`] ([`StageSpec`]), and [`check_order`] rejects a
//! `pipeline.stages` order that breaks a declared read. A new stage: a
//! folder here with its `SPEC`, its `Stage` and a `StageConfig` for its
//! section, then one line in [`STAGES`] and [`StageConfigs`].

pub mod actors;
pub mod document;
pub mod entities;
pub mod events;
pub mod locations;
pub mod text;

#[cfg(test)]
mod chain_tests;
#[cfg(test)]
pub(crate) mod testutil;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

use crate::lexicon::Lexicon;

pub use document::{Analysis, Document};

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
/// use newsevents::stages::{Document, Stage, StageError};
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
    has_events: bool,
}

impl Chain {
    /// A chain running `stages` in the given order.
    pub fn new(stages: Vec<Box<dyn Stage>>) -> Self {
        let has_events = stages.iter().any(|s| s.name() == "events");
        Self { stages, has_events }
    }

    /// Stage names in run order.
    pub fn names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// True when the chain has no stage (`pipeline.stages = []`).
    pub fn is_empty(&self) -> bool {
        self.stages.is_empty()
    }

    /// True when the chain has the `events` stage (cheaper than searching
    /// [`Chain::names`] once per article).
    pub fn has_events(&self) -> bool {
        self.has_events
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

/// A part of the [`Document`] that one stage fills and later stages read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    /// [`Document::analysis`]: zones, language, tokens (`text`).
    Analysis,
    /// [`Document::entities`]: learned name mentions (`entities`).
    Entities,
    /// [`Document::actors`] (`actors`).
    Actors,
    /// [`Document::locations`] and [`Document::focus_countries`] (`locations`).
    Locations,
    /// [`Document::events`] (`events`).
    Events,
}

impl Slot {
    /// snake_case name, as in error messages.
    pub fn name(self) -> &'static str {
        match self {
            Slot::Analysis => "analysis",
            Slot::Entities => "entities",
            Slot::Actors => "actors",
            Slot::Locations => "locations",
            Slot::Events => "events",
        }
    }
}

/// What a stage reads from the [`Document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Read {
    /// The slot read.
    pub slot: Slot,
    /// `true`: the stage cannot work without it (the stage that writes it
    /// must be configured, before this one). `false`: the stage uses it when
    /// present (the writer may be left out, but if configured it must run
    /// before this one, or the read would silently see nothing).
    pub required: bool,
}

/// A stage as the configuration names it: its name, what it reads and what
/// it writes. Static, so the order of `pipeline.stages` can be checked
/// without building anything ([`check_order`]).
#[derive(Debug, Clone, Copy)]
pub struct StageSpec {
    /// snake_case name in `pipeline.stages`, the `stage` metric label.
    pub name: &'static str,
    /// Slots read, with whether each is required.
    pub reads: &'static [Read],
    /// Slots written.
    pub writes: &'static [Slot],
}

/// Every stage this build has, in the default order.
pub const STAGES: &[&StageSpec] = &[
    &text::SPEC,
    &entities::SPEC,
    &actors::SPEC,
    &locations::SPEC,
    &events::SPEC,
];

/// Checks an order of stage names: every name known, every declared read
/// satisfied (the writer of a required slot configured earlier; the writer
/// of an optional one earlier or absent).
///
/// # Errors
/// A message naming the stage and the read it breaks, e.g. "`locations`
/// reads the actors that `actors` writes, so `actors` must come first".
pub fn check_order(names: &[String]) -> Result<(), String> {
    let mut specs = Vec::with_capacity(names.len());
    for name in names {
        let spec = STAGES.iter().find(|s| s.name == name).ok_or_else(|| {
            let known: Vec<&str> = STAGES.iter().map(|s| s.name).collect();
            format!("unknown stage `{name}` (known: {})", known.join(", "))
        })?;
        specs.push(*spec);
    }
    for (i, spec) in specs.iter().enumerate() {
        for read in spec.reads {
            let writer = specs.iter().position(|s| s.writes.contains(&read.slot));
            let by = STAGES
                .iter()
                .find(|s| s.writes.contains(&read.slot))
                .map_or("?", |s| s.name);
            match writer {
                Some(w) if w < i => {}
                Some(_) => {
                    return Err(format!(
                        "`{}` reads the {} that `{by}` writes, so `{by}` must come first",
                        spec.name,
                        read.slot.name()
                    ));
                }
                None if read.required => {
                    return Err(format!(
                        "`{}` reads the {} that `{by}` writes, so `{by}` must come first",
                        spec.name,
                        read.slot.name()
                    ));
                }
                None => {}
            }
        }
    }
    Ok(())
}

/// What building a stage gives: the stage, and the `(dictionary, VERSION)`
/// pairs of the data it loaded, for the output's `versions.dictionaries`
/// and `newsevents_build_info`.
pub struct Built {
    /// The stage, ready to run.
    pub stage: Box<dyn Stage>,
    /// `(dictionary name, VERSION)` of every table the stage reads.
    pub versions: Vec<(String, String)>,
}

/// Why a stage could not be built at start-up. Always a configuration or
/// data fault (a file the configuration names, a dictionary that breaks
/// its format): fix it and start again; a retry cannot help.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// `pipeline.stages` names a stage this build does not have.
    #[error("stage `{0}` is not available in this build")]
    Unknown(String),
    /// The stage's data could not be loaded. The loader's message is part
    /// of this one (not a separate `source`, so a report prints it once).
    #[error("loading {what}: {error}")]
    Load {
        /// What was being loaded (`zone rules`, `actor dictionaries`,
        /// `the gazetteer`, `the lexicon`).
        what: &'static str,
        /// The loader's error, naming the file at fault.
        error: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl BuildError {
    /// A [`BuildError::Load`] of `what`.
    pub fn load(
        what: &'static str,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        BuildError::Load {
            what,
            error: Box::new(source),
        }
    }
}

/// What the stages share, loaded once, on first need, by the first stage
/// that asks (Vector's enrichment tables): the [`Lexicon`].
pub struct Resources {
    demonyms: Option<PathBuf>,
    lexicon: OnceLock<Lexicon>,
    /// Held while the lexicon loads, so stages built on parallel threads
    /// load it once.
    loading: std::sync::Mutex<()>,
}

impl Resources {
    /// Resources of `configs`: the demonym table of `[actors] demonyms`
    /// replaces the embedded one for every stage.
    pub fn new(configs: &StageConfigs<'_>) -> Self {
        Self {
            demonyms: configs.actors.demonyms.clone(),
            lexicon: OnceLock::new(),
            loading: std::sync::Mutex::new(()),
        }
    }

    /// The shared lexicon, loaded on the first call.
    ///
    /// # Errors
    /// [`BuildError::Load`] naming the table that could not be read.
    pub fn lexicon(&self) -> Result<&Lexicon, BuildError> {
        if let Some(l) = self.lexicon.get() {
            return Ok(l);
        }
        // A poisoned lock only means another loader panicked; load again.
        let _loading = self
            .loading
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(l) = self.lexicon.get() {
            return Ok(l);
        }
        let loaded = Lexicon::load(self.demonyms.as_deref())
            .map_err(|e| BuildError::load("the lexicon", e))?;
        Ok(self.lexicon.get_or_init(|| loaded))
    }
}

/// A stage's configuration section, which builds the stage (Vector's
/// `TransformConfig::build`): `[text]`, `[entities]`, `[actors]`, `[locations]`,
/// `[events]`.
pub trait StageConfig {
    /// The stage's name and declared reads and writes.
    fn spec(&self) -> &'static StageSpec;

    /// Loads the stage's data once and builds it.
    ///
    /// # Errors
    /// [`BuildError`] naming the file at fault.
    fn build(&self, resources: &Resources) -> Result<Built, BuildError>;
}

/// The stage sections of the configuration, by stage.
#[derive(Debug, Clone, Copy)]
pub struct StageConfigs<'a> {
    /// `[text]`.
    pub text: &'a text::TextConfig,
    /// `[entities]`.
    pub entities: &'a entities::EntitiesConfig,
    /// `[actors]`.
    pub actors: &'a actors::ActorsConfig,
    /// `[locations]`.
    pub locations: &'a locations::LocationsConfig,
    /// `[events]`.
    pub events: &'a events::EventsConfig,
}

impl StageConfigs<'_> {
    /// The section of the stage called `name`.
    pub fn get(&self, name: &str) -> Option<&dyn StageConfig> {
        let all: [&dyn StageConfig; 5] = [
            self.text,
            self.entities,
            self.actors,
            self.locations,
            self.events,
        ];
        all.into_iter().find(|c| c.spec().name == name)
    }
}

/// Builds the stage called `name` from its section of `configs`, loading
/// shared tables through `resources`.
///
/// # Errors
/// [`BuildError::Unknown`] for a name this build lacks; else the stage's
/// own [`BuildError`].
pub fn build(
    name: &str,
    configs: &StageConfigs<'_>,
    resources: &Resources,
) -> Result<Built, BuildError> {
    configs
        .get(name)
        .ok_or_else(|| BuildError::Unknown(name.to_string()))?
        .build(resources)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn orders_that_break_a_declared_read_are_rejected() {
        for ok in [
            &["text", "entities", "actors", "locations", "events"][..],
            &["text", "actors", "locations"],
            &["text", "actors", "locations", "events"],
            &["text", "actors", "events"],
            &["text", "locations"],
            &["text", "actors"],
            &["text"],
            &[],
        ] {
            assert_eq!(check_order(&names(ok)), Ok(()), "{ok:?}");
        }
        let err = check_order(&names(&["text", "locations", "actors"])).unwrap_err();
        assert_eq!(
            err,
            "`locations` reads the actors that `actors` writes, so `actors` must come first"
        );
        let err = check_order(&names(&["actors", "text"])).unwrap_err();
        assert!(
            err.starts_with("`actors` reads the analysis that `text` writes"),
            "{err}"
        );
        let err = check_order(&names(&["locations"])).unwrap_err();
        assert!(err.contains("`text` must come first"), "{err}");
        let err = check_order(&names(&["text", "events"])).unwrap_err();
        assert_eq!(
            err,
            "`events` reads the actors that `actors` writes, so `actors` must come first"
        );
        let err = check_order(&names(&["text", "actors", "events", "locations"])).unwrap_err();
        assert_eq!(
            err,
            "`events` reads the locations that `locations` writes, so `locations` must come first"
        );
        let err = check_order(&names(&["text", "coreference"])).unwrap_err();
        assert_eq!(
            err,
            "unknown stage `coreference` (known: text, entities, actors, locations, events)"
        );
    }

    #[test]
    fn every_stage_section_builds_its_stage_with_its_versions() {
        let (text, entities, actors, locations, events) = Default::default();
        let configs = StageConfigs {
            text: &text,
            entities: &entities,
            actors: &actors,
            locations: &locations,
            events: &events,
        };
        let resources = Resources::new(&configs);
        for spec in STAGES {
            let built = build(spec.name, &configs, &resources).unwrap();
            assert_eq!(built.stage.name(), spec.name);
            let keys: Vec<&str> = built.versions.iter().map(|(k, _)| k.as_str()).collect();
            let want: &[&str] = match spec.name {
                "text" => &["zones"],
                "entities" => &["ner_ar", "ner_en"],
                "actors" => &["actors", "actors_lexicon", "countries", "names"],
                "events" => &["events"],
                _ => &[
                    "gazetteer",
                    "locations",
                    "gazetteer_wof",
                    "gazetteer_landmarks",
                    "countries",
                    "names",
                ],
            };
            assert_eq!(keys, want, "{}", spec.name);
            assert!(built.versions.iter().all(|(_, v)| !v.trim().is_empty()));
        }
        assert!(matches!(
            build("coreference", &configs, &resources),
            Err(BuildError::Unknown(_))
        ));
        // The lexicon was loaded once for both stages that read it.
        let a = resources.lexicon().unwrap();
        let b = resources.lexicon().unwrap();
        assert!(std::ptr::eq(a, b));
    }

    #[test]
    fn a_bad_shared_table_names_its_file() {
        let (text, entities, mut actors, locations, events) = <(
            text::TextConfig,
            entities::EntitiesConfig,
            actors::ActorsConfig,
            locations::LocationsConfig,
            events::EventsConfig,
        )>::default();
        actors.demonyms = Some("/nonexistent/demonyms.tsv".into());
        let configs = StageConfigs {
            text: &text,
            entities: &entities,
            actors: &actors,
            locations: &locations,
            events: &events,
        };
        let resources = Resources::new(&configs);
        // `text` reads no shared table, so it still builds.
        assert!(build("text", &configs, &resources).is_ok());
        let err = build("locations", &configs, &resources).err().unwrap();
        assert!(
            err.to_string().contains("/nonexistent/demonyms.tsv"),
            "{err}"
        );
    }
}
