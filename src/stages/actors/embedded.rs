//! The shipped dictionaries, embedded at build time by `build.rs`:
//! every `data/actors/*.toml` and `data/actors/VERSION`.

include!(concat!(env!("OUT_DIR"), "/actors_embedded.rs"));

/// `data/actors/VERSION`, trimmed.
pub(crate) fn version() -> &'static str {
    include_str!("../../../data/actors/VERSION").trim()
}

/// `data/actors/agents.phoenix.txt`: the Phoenix agents dictionary (Open
/// Event Data Alliance, MIT; see `data/actors/SOURCE.md`), read as a
/// PETRARCH agents file after the TOML files.
pub(crate) const PHOENIX_AGENTS: (&str, &str) = (
    "agents.phoenix.txt",
    include_str!("../../../data/actors/agents.phoenix.txt"),
);
