//! The `locations` stage: toponyms in the article zone resolved to GeoNames
//! places, and the countries a document is about.
//!
//! # Layout
//!
//! - [`gazetteer`]: places and names, embedded default or a GeoNames dump,
//!   loaded once into an `Arc<Gazetteer>`.
//! - `rules`: stoplist, person cues, demonyms and cue words (data in
//!   `data/gazetteer/` and `data/countries/`).
//! - `tagger`: [`LocationTagger`], matching and disambiguation.
//! - `evidence`: named rules for kinds of place issue 17 found missed
//!   (cities opening organisation names, Arab towns in social text, short
//!   names behind a proclitic).
//! - `index`: the prebuilt name index of the embedded gazetteer
//!   (`data/gazetteer/index/`).
//! - `spellings`: social spellings indexed beside each name (joined words,
//!   dropped final hamza).
//!
//! Place data: GeoNames (www.geonames.org), CC BY 4.0.

mod evidence;
pub mod gazetteer;
mod index;
mod rules;
mod spellings;
mod tagger;

use serde::{Deserialize, Serialize};

use crate::stages::{BuildError, Built, Read, Resources, Slot, StageConfig, StageSpec};

pub use gazetteer::{Gazetteer, GazetteerConfig, GazetteerError};
pub use tagger::LocationTagger;

/// What the `locations` stage reads and writes: the
/// [`Analysis`](crate::stages::Analysis) in (required), the actors when the
/// `actors` stage runs (toponyms inside actor names are dropped, actors'
/// countries are focus evidence); locations and focus countries out.
pub const SPEC: StageSpec = StageSpec {
    name: "locations",
    reads: &[
        Read {
            slot: Slot::Analysis,
            required: true,
        },
        Read {
            slot: Slot::Actors,
            required: false,
        },
    ],
    writes: &[Slot::Locations],
};

impl StageConfig for LocationsConfig {
    fn spec(&self) -> &'static StageSpec {
        &SPEC
    }

    /// The location tagger over the gazetteer this section names and the
    /// shared lexicon; versions `gazetteer` (its `VERSION`) and the
    /// lexicon's `countries` and `names`.
    fn build(&self, resources: &Resources) -> Result<Built, BuildError> {
        let lexicon = resources.lexicon()?;
        let stage = LocationTagger::from_config(self, lexicon)
            .map_err(|e| BuildError::load("the gazetteer", e))?;
        let mut versions = vec![(
            "gazetteer".to_string(),
            stage.gazetteer().version().trim().to_string(),
        )];
        versions.extend(stage.gazetteer().table_versions().iter().cloned());
        versions.extend(lexicon.versions());
        Ok(Built {
            stage: Box::new(stage),
            versions,
        })
    }
}

/// `[locations]` configuration.
///
/// `gazetteer` is either a path to a GeoNames table (shorthand for
/// `[locations.gazetteer] path = …`) or a [`GazetteerConfig`] table; absent,
/// the embedded gazetteer is used.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LocationsConfig {
    /// Where the gazetteer comes from.
    #[serde(default, deserialize_with = "path_or_table")]
    pub gazetteer: GazetteerConfig,
}

fn path_or_table<'de, D: serde::Deserializer<'de>>(d: D) -> Result<GazetteerConfig, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = GazetteerConfig;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a path to a GeoNames file or a gazetteer table")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(GazetteerConfig {
                path: Some(v.into()),
                ..GazetteerConfig::default()
            })
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            GazetteerConfig::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_any(V)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gazetteer_config_is_a_path_or_a_table() {
        let c: LocationsConfig = toml::from_str("gazetteer = \"/data/allCountries.txt\"").unwrap();
        assert_eq!(
            c.gazetteer.path.as_deref(),
            Some(std::path::Path::new("/data/allCountries.txt"))
        );
        assert_eq!(c.gazetteer.languages, vec!["ar", "en", "fr"]);
        let c: LocationsConfig = toml::from_str(
            "[gazetteer]\npath = \"/data/cities500.txt\"\nalternate_names = \"/data/alternateNamesV2.txt\"\nmin_population = 1000",
        )
        .unwrap();
        assert_eq!(c.gazetteer.min_population, 1000);
        assert!(c.gazetteer.alternate_names.is_some());
        assert_eq!(
            toml::from_str::<LocationsConfig>("").unwrap(),
            LocationsConfig::default()
        );
        let err = toml::from_str::<LocationsConfig>("[gazetteer]\npaht = \"x\"").unwrap_err();
        assert!(err.to_string().contains("paht"), "{err}");
        assert!(toml::from_str::<LocationsConfig>("gazeteer = \"x\"").is_err());
    }
}
