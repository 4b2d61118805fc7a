//! Embeds the shipped dictionaries so `cargo run` works from any directory.
//!
//! Every `data/actors/*.toml` is listed (the set grows as dictionary files
//! land, so it cannot be a fixed list of `include_str!` calls). The
//! generated file is included by `src/stages/actors/embedded.rs`. (The
//! country tables are `include_str!`s of `src/lexicon/countries.rs`.)

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let actors_dir = root.join("data/actors");
    println!("cargo:rerun-if-changed={}", actors_dir.display());

    let mut files: Vec<PathBuf> = std::fs::read_dir(&actors_dir)
        .map(|dir| {
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();

    let mut out = String::new();
    out.push_str("/// Shipped actor dictionaries: (file name, TOML text), sorted by name.\n");
    out.push_str("pub(crate) static ACTOR_FILES: &[(&str, &str)] = &[\n");
    for f in &files {
        let name = f
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file name");
        writeln!(out, "    ({name:?}, include_str!({:?})),", path_str(f)).unwrap();
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("actors_embedded.rs");
    std::fs::write(dest, out).expect("write generated file");
}

fn path_str(p: &Path) -> String {
    p.to_str().expect("UTF-8 path").to_owned()
}
