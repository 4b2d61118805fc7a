//! `[locations]` configuration: where the gazetteer comes from.

use serde::{Deserialize, Serialize};

use super::gazetteer::GazetteerConfig;

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
