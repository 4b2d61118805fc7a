//! Lexicons baked into a model's word table as flags: each lexicon is one
//! bit, set on every folded word of every entry (words of two letters or
//! fewer and a few function words excepted, so "al", "of", "de" do not
//! become name evidence).
//!
//! Formats:
//! - `lines`: one entry per line, `#` comments (data/names/*.txt);
//! - `tsv`: the `column`-th tab-separated field of each non-comment line
//!   after the header (data/countries/*.tsv), optionally only rows whose
//!   `filter_column` starts with `filter_prefix`;
//! - `actors`: every `*.toml` of a directory in the data/actors format,
//!   the `ar`/`en` names of actors whose `kind` is in `kinds`;
//! - `geonames`: a GeoNames dump (`.txt` or `.txt.gz`): `name`, `asciiname`
//!   and `alternatenames` of places with at least `min_population` people
//!   or of feature class `A` (countries and divisions).

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::corpus::expand;
use crate::nlp::ner::text::fold;

/// Reads a UTF-8 file, gunzipping it when its name ends in `.gz`.
fn read_text(path: &Path) -> Result<String, String> {
    let mut bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    if path.extension().is_some_and(|x| x == "gz") {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut raw)
            .map_err(|e| e.to_string())?;
        bytes = raw;
    }
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// A `[[lexicon]]` table of a training spec.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconSpec {
    /// Name recorded in the model header (one flag bit).
    pub name: String,
    /// `lines`, `tsv`, `actors` or `geonames`.
    pub format: String,
    /// Files (or, for `actors`, directories).
    pub paths: Vec<String>,
    /// `tsv`: the column holding the name.
    #[serde(default)]
    pub column: usize,
    /// `tsv`: only rows whose `filter_column` starts with `filter_prefix`.
    #[serde(default)]
    pub filter_column: Option<usize>,
    /// `tsv`: see `filter_column`.
    #[serde(default)]
    pub filter_prefix: String,
    /// `actors`: actor kinds to take.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// `geonames`: minimum population.
    #[serde(default)]
    pub min_population: u64,
}

/// Why a lexicon could not be read.
#[derive(Debug, thiserror::Error)]
#[error("lexicon `{name}`, {path}: {detail}")]
pub struct LexiconError {
    /// Lexicon name.
    pub name: String,
    /// File at fault.
    pub path: PathBuf,
    /// What was wrong.
    pub detail: String,
}

const STOP: &[&str] = &[
    "the", "of", "and", "for", "de", "la", "le", "du", "des", "al", "el", "in", "on", "at", "bin",
    "ibn", "abu", "van", "von", "der", "new", "north", "south", "east", "west", "city",
];

/// Folded words of an entry worth flagging.
pub fn entry_words(entry: &str) -> impl Iterator<Item = String> + '_ {
    entry
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',' || c == '(' || c == ')')
        .map(fold)
        .filter(|w| w.chars().count() > 2 && !STOP.contains(&w.as_str()))
}

impl LexiconSpec {
    /// Every entry (name as written) of the lexicon.
    ///
    /// # Errors
    /// [`LexiconError`] naming the file.
    pub fn entries(&self, corpora: &Path, repo: &Path) -> Result<Vec<String>, LexiconError> {
        let mut out = Vec::new();
        for p in &self.paths {
            let path = expand(p, corpora, repo);
            let err = |detail: String| LexiconError {
                name: self.name.clone(),
                path: path.clone(),
                detail,
            };
            match self.format.as_str() {
                "lines" => {
                    let text = std::fs::read_to_string(&path).map_err(|e| err(e.to_string()))?;
                    out.extend(
                        text.lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty() && !l.starts_with('#'))
                            .map(str::to_string),
                    );
                }
                "tsv" => {
                    let text = read_text(&path).map_err(err)?;
                    for line in text
                        .lines()
                        .filter(|l| !l.is_empty() && !l.starts_with('#'))
                        .skip(1)
                    {
                        let cols: Vec<&str> = line.split('\t').collect();
                        if let Some(fc) = self.filter_column
                            && !cols
                                .get(fc)
                                .is_some_and(|v| v.starts_with(&self.filter_prefix))
                        {
                            continue;
                        }
                        if let Some(v) = cols.get(self.column) {
                            out.push(v.trim().to_string());
                        }
                    }
                }
                "actors" => {
                    let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
                        .map_err(|e| err(e.to_string()))?
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                        .collect();
                    files.sort();
                    for f in files {
                        let text = std::fs::read_to_string(&f).map_err(|e| err(e.to_string()))?;
                        let doc: toml::Table = text
                            .parse()
                            .map_err(|e| err(format!("{}: {e}", f.display())))?;
                        let actors = doc.get("actor").and_then(|a| a.as_array());
                        for a in actors.into_iter().flatten() {
                            let kind = a.get("kind").and_then(|k| k.as_str()).unwrap_or("");
                            if !self.kinds.iter().any(|k| k == kind) {
                                continue;
                            }
                            for lang in ["ar", "en"] {
                                for n in
                                    a.get(lang).and_then(|v| v.as_array()).into_iter().flatten()
                                {
                                    if let Some(s) = n.as_str() {
                                        out.push(s.to_string());
                                    }
                                }
                            }
                        }
                    }
                }
                "geonames" => {
                    let text = read_text(&path).map_err(err)?;
                    for line in text.lines() {
                        let cols: Vec<&str> = line.split('\t').collect();
                        if cols.len() < 15 {
                            continue;
                        }
                        let pop: u64 = cols[14].parse().unwrap_or(0);
                        if pop < self.min_population && cols[6] != "A" {
                            continue;
                        }
                        out.push(cols[1].to_string());
                        out.push(cols[2].to_string());
                        out.extend(
                            cols[3]
                                .split(',')
                                .filter(|s| !s.is_empty())
                                .map(str::to_string),
                        );
                    }
                }
                other => return Err(err(format!("unknown lexicon format `{other}`"))),
            }
        }
        Ok(out)
    }
}
