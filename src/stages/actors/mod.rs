//! The `actors` stage: people, organisations and armed groups named in the
//! article zone, with CAMEO-style actor codes (skeleton).

use serde::Serialize;

use crate::article::Mention;

/// An actor found in an article (skeleton; the actors work fills it in).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Actor {
    /// Canonical name.
    pub name: String,
    /// CAMEO-style code, e.g. `EGYGOV`; `None` when unknown.
    pub code: Option<String>,
    /// `person`, `organization`, `armed_group`, `media`, …
    pub kind: String,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
}

/// `[actors]` configuration.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActorsConfig {
    /// Extra dictionaries in our TOML format (data/actors/FORMAT.md).
    #[serde(default)]
    pub dictionaries: Vec<std::path::PathBuf>,
}
