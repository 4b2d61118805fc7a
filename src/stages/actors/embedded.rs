//! The shipped dictionaries, embedded at build time by `build.rs`:
//! every `data/actors/*.toml` and `data/actors/VERSION`.

include!(concat!(env!("OUT_DIR"), "/actors_embedded.rs"));

/// `data/actors/VERSION`, trimmed.
pub(crate) fn version() -> &'static str {
    include_str!("../../../data/actors/VERSION").trim()
}
