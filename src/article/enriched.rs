//! What a sink writes: the enriched record
//! (`schemas/enriched-article.schema.json`) and the versions it carries.

use serde::{Deserialize, Serialize};

use super::Origin;
use super::RawArticle;
use super::event::Event;
use super::findings::{Actor, ExcludedZone, FocusCountry, LanguageGuess, Location};

/// Versions of the processor and of each dictionary used for a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Versions {
    /// `CARGO_PKG_VERSION` of the processor.
    pub processor: String,
    /// Dictionary name to its `VERSION`: `zones`, `actors`, `actors_lexicon`
    /// (`data/actors/lexicon/`), `gazetteer`, `locations`, `events`
    /// (`data/events/`)
    /// (`data/locations/`), and the shared tables `countries` and `names`
    /// (`data/<name>/VERSION`). Keys of stages that do not run are absent.
    pub dictionaries: std::collections::BTreeMap<String, String>,
}

/// The output record (schema `schemas/enriched-article.schema.json`): the raw
/// fields, flattened, plus everything the stages found.
#[derive(Debug, Clone, Serialize)]
pub struct EnrichedArticle<'a> {
    /// The input fields, unknown ones included.
    #[serde(flatten)]
    pub raw: &'a RawArticle,
    /// Detected (or confirmed) language.
    pub language: Option<&'a LanguageGuess>,
    /// Character ranges of the body not tagged, with the reason.
    pub excluded_zones: &'a [ExcludedZone],
    /// Actors found in the article zone.
    pub actors: &'a [Actor],
    /// Locations found in the article zone.
    pub locations: &'a [Location],
    /// Countries the article is about, strongest first.
    pub focus_countries: &'a [FocusCountry],
    /// Events: who did what to whom, where and when (`events` stage).
    pub events: &'a [Event],
    /// Source coordinates of the input message.
    pub origin: &'a Origin,
    /// Processor and dictionary versions.
    pub versions: &'a Versions,
    /// RFC 3339 UTC time the record was produced.
    pub processed_at: String,
}
