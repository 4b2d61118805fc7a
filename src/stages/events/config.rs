//! The `[events]` section of the configuration and how it builds the
//! stage: what the stage reads and writes ([`SPEC`]), the user's verb
//! dictionaries, discard and agents files, and the intent convention.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{EventCoder, demonyms, version};
use crate::stages::{BuildError, Built, Read, Resources, Slot, StageConfig, StageSpec};

/// What the `events` stage reads and writes: the text analysis (required),
/// the actors (required: they are the participants) and the resolved
/// places (optional: a country or city standing for its country, and where
/// an event happened).
pub const SPEC: StageSpec = StageSpec {
    name: "events",
    reads: &[
        Read {
            slot: Slot::Analysis,
            required: true,
        },
        Read {
            slot: Slot::Actors,
            required: true,
        },
        Read {
            slot: Slot::Locations,
            required: false,
        },
    ],
    writes: &[Slot::Events],
};

impl StageConfig for EventsConfig {
    fn spec(&self) -> &'static StageSpec {
        &SPEC
    }

    /// The event coder over the verb dictionaries this section names;
    /// version `events` (`data/events/VERSION`, `+custom` with user files).
    fn build(&self, resources: &Resources) -> Result<Built, BuildError> {
        let mut stage =
            EventCoder::new(self).map_err(|e| BuildError::load("verb dictionaries", e))?;
        stage.demonyms = demonyms::DemonymCodes::new(&resources.lexicon()?.countries);
        Ok(Built {
            stage: Box::new(stage),
            versions: vec![("events".to_string(), self.version())],
        })
    }
}

/// The `[events]` section of the configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsConfig {
    /// Load the embedded dictionaries (`data/events/`). Default `true`.
    #[serde(default = "yes")]
    pub embedded: bool,
    /// Further English verb dictionaries (PETRARCH format), read after the
    /// embedded one.
    #[serde(default)]
    pub verbs_en: Vec<PathBuf>,
    /// Further Arabic verb dictionaries (PETRARCH format, lemma forms).
    #[serde(default)]
    pub verbs_ar: Vec<PathBuf>,
    /// Arabic synonym-set files, read before `verbs_ar`.
    #[serde(default)]
    pub synsets_ar: Vec<PathBuf>,
    /// A malformed dictionary line stops start-up (default: it is skipped,
    /// counted and logged with its file and line).
    #[serde(default)]
    pub strict: bool,
    /// Discard lists in PETRARCH format (`+phrase`: the story; `phrase`:
    /// the sentence is not coded). None by default.
    #[serde(default)]
    pub discards: Vec<PathBuf>,
    /// PETRARCH agents files whose role nouns compose a participant's bare
    /// country-like code ("the Calenardhon government" → `CALGOV`) where
    /// the actors stage left it bare (see `agents.rs`). None by default:
    /// the actors stage composes roles with the countries it knows.
    #[serde(default)]
    pub agents: Vec<PathBuf>,
    /// Code announced acts as CAMEO intents or threats ("will meet" 036);
    /// `false` keeps the act's code, as PETRARCH does. Default `true`.
    #[serde(default = "yes")]
    pub intent_codes: bool,
}

fn yes() -> bool {
    true
}

impl Default for EventsConfig {
    fn default() -> Self {
        Self {
            embedded: true,
            verbs_en: Vec::new(),
            verbs_ar: Vec::new(),
            synsets_ar: Vec::new(),
            discards: Vec::new(),
            agents: Vec::new(),
            strict: false,
            intent_codes: true,
        }
    }
}

impl EventsConfig {
    /// `VERSION`, with `+custom` when user files are configured.
    pub fn version(&self) -> String {
        let custom = !self.verbs_en.is_empty()
            || !self.verbs_ar.is_empty()
            || !self.synsets_ar.is_empty()
            || !self.discards.is_empty()
            || !self.agents.is_empty();
        let base = if self.embedded { version() } else { "none" };
        if custom {
            format!("{base}+custom")
        } else {
            base.to_string()
        }
    }
}
