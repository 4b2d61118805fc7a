//! The `[actors]` section of the configuration and how it builds the
//! stage: what the stage reads and writes ([`SPEC`]), and which
//! dictionaries it loads, in which order ([`load_dictionary`]).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{ActorDictionary, ActorTagger, ActorsError, embedded, lexicon, petrarch};
use crate::stages::{BuildError, Built, Read, Resources, Slot, StageConfig, StageSpec};

/// The `[actors]` section of the configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorsConfig {
    /// Load the dictionaries built into the binary (`data/actors/*.toml`).
    /// Default `true`.
    #[serde(default = "default_true")]
    pub embedded: bool,
    /// Further dictionaries in our TOML format, loaded after the embedded ones.
    #[serde(default)]
    pub dictionaries: Vec<PathBuf>,
    /// PETRARCH/Phoenix actor dictionary files.
    #[serde(default)]
    pub petrarch: Vec<PathBuf>,
    /// PETRARCH/Phoenix agent dictionary files.
    #[serde(default)]
    pub petrarch_agents: Vec<PathBuf>,
    /// Demonym table (`data/countries/FORMAT.md`) replacing the embedded
    /// one ([`crate::lexicon::Lexicon::load`]).
    #[serde(default)]
    pub demonyms: Option<PathBuf>,
}

fn default_true() -> bool {
    true
}

impl Default for ActorsConfig {
    fn default() -> Self {
        Self {
            embedded: true,
            dictionaries: Vec::new(),
            petrarch: Vec::new(),
            petrarch_agents: Vec::new(),
            demonyms: None,
        }
    }
}

/// What the `actors` stage reads and writes: the [`Analysis`](crate::stages::Analysis)
/// in, the learned mentions when the `entities` stage runs (PER/ORG names
/// no rule found become actors, `learned.rs`),
/// [`Document::actors`](crate::stages::Document::actors) out.
pub const SPEC: StageSpec = StageSpec {
    name: "actors",
    reads: &[
        Read {
            slot: Slot::Analysis,
            required: true,
        },
        Read {
            slot: Slot::Entities,
            required: false,
        },
    ],
    writes: &[Slot::Actors],
};

impl StageConfig for ActorsConfig {
    fn spec(&self) -> &'static StageSpec {
        &SPEC
    }

    /// The actor tagger over the dictionaries this section names and the
    /// shared lexicon; versions `actors` (`data/actors/VERSION`),
    /// `actors_lexicon` (`data/actors/lexicon/VERSION`, the stage's word
    /// lists) and the lexicon's `countries` and `names`.
    fn build(&self, resources: &Resources) -> Result<Built, BuildError> {
        let dict = load_dictionary(self).map_err(|e| BuildError::load("actor dictionaries", e))?;
        lexicon::embedded().map_err(|e| BuildError::load("the actors word lists", e))?;
        let lexicon = resources.lexicon()?;
        let mut versions = vec![
            ("actors".to_string(), dictionary_version().to_string()),
            ("actors_lexicon".to_string(), lexicon::version().to_string()),
        ];
        versions.extend(lexicon.versions());
        Ok(Built {
            stage: Box::new(ActorTagger::from_parts(dict, lexicon)),
            versions,
        })
    }
}

/// `data/actors/VERSION` of the embedded dictionaries (for
/// `dictionary_versions` and `newsevents_build_info`).
pub fn dictionary_version() -> &'static str {
    embedded::version()
}

/// Loads every dictionary `config` names: the embedded TOML files (if
/// enabled), then `dictionaries`, then the embedded Phoenix agents (if
/// enabled), then PETRARCH actor and agent files.
///
/// # Errors
/// The first [`ActorsError`], naming the file and entry at fault.
pub fn load_dictionary(config: &ActorsConfig) -> Result<ActorDictionary, ActorsError> {
    let mut dict = ActorDictionary::default();
    if config.embedded {
        for (name, text) in embedded::ACTOR_FILES {
            dict.add_toml(name, text)?;
        }
    }
    for path in &config.dictionaries {
        dict.add_toml_path(path)?;
    }
    // The embedded Phoenix agents after every TOML file: a phrase both
    // list takes the TOML entry (the first match payload).
    if config.embedded {
        let (name, text) = embedded::PHOENIX_AGENTS;
        let read = petrarch::read_agents(name, text);
        // The file is shipped byte-identical; PETRARCH skips its one line
        // without a code too (`ISLAMIC_EXTREMIST`), so no warning at every
        // start-up.
        if !read.skipped.is_empty() {
            tracing::debug!(
                file = name,
                skipped = read.skipped.len(),
                "Embedded agents lines skipped."
            );
        }
        dict.agents.extend(read.entries);
    }
    for path in &config.petrarch {
        let origin = path.display().to_string();
        let read = petrarch::read_actors(&origin, &read(path)?);
        warn_skipped(&origin, &read.skipped);
        for entry in read.entries {
            dict.push_actor(entry)?;
        }
    }
    for path in &config.petrarch_agents {
        let origin = path.display().to_string();
        let read = petrarch::read_agents(&origin, &read(path)?);
        warn_skipped(&origin, &read.skipped);
        dict.agents.extend(read.entries);
    }
    Ok(dict)
}

/// Logs skipped PETRARCH lines once per file: the count and the first few.
fn warn_skipped(file: &str, skipped: &[ActorsError]) {
    if skipped.is_empty() {
        return;
    }
    let first: Vec<String> = skipped.iter().take(3).map(ToString::to_string).collect();
    tracing::warn!(file, skipped = skipped.len(), first = ?first, "PETRARCH dictionary lines skipped.");
}

fn read(path: &std::path::Path) -> Result<String, ActorsError> {
    std::fs::read_to_string(path).map_err(|source| ActorsError::Io {
        path: path.to_owned(),
        source,
    })
}
