//! Reading CoNLL-style NER corpora with a configurable column and tag
//! mapping, so that corpora with different tag sets (ANERcorp `PERS`,
//! WikiFANE's 51 fine classes, WNUT's `corporation`, …) all map to the
//! model's classes.
//!
//! Format rules: one token per line, columns split on whitespace (or tabs),
//! a blank (or whitespace-only) line ends a sentence; `-DOCSTART-` lines end
//! a sentence and are skipped; with `comments = true` lines starting with
//! `#` are skipped (CoNLL-U style). Tags are `O`, `B-X`, `I-X` (IOB2; an
//! `I-X` that does not continue an `X` opens one, which also reads IO and
//! IOB1 files); `X` is looked up in `tags`. Leading and trailing invisible
//! format characters (BOM, LRM/RLM) are stripped from tokens; a token that
//! is empty after that is dropped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::nlp::ner::text::fold;
use crate::nlp::ner::{EntityClass, EntitySpan};

/// One sentence of a corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Surface tokens.
    pub tokens: Vec<String>,
    /// Entities, token-index spans, sorted, not overlapping.
    pub spans: Vec<EntitySpan>,
}

/// How a corpus is read and mapped (a `[[corpus]]`, `[[dev]]` or `[[test]]`
/// table of a spec).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusSpec {
    /// Name recorded in the model header and reports.
    pub name: String,
    /// Files, or directories whose files are all read (sorted by name).
    /// `$CORPORA/` and `$REPO/` prefixes are replaced (see the CLI).
    pub paths: Vec<String>,
    /// Column of the token (0-based).
    #[serde(default)]
    pub token_column: usize,
    /// Column of the tag; negative counts from the end (`-1` = last).
    #[serde(default = "last")]
    pub tag_column: i64,
    /// Split columns on tabs only (tokens may then contain spaces).
    #[serde(default)]
    pub tab_separated: bool,
    /// Skip lines starting with `#`.
    #[serde(default)]
    pub comments: bool,
    /// Corpus class → model class name, or `O` to drop the class.
    pub tags: BTreeMap<String, String>,
    /// Classes missing from `tags` map to `O` instead of being an error.
    #[serde(default)]
    pub unlisted_as_o: bool,
    /// Keep the sentences from this fraction to that (by position), e.g.
    /// `[0.0, 0.9]` for training and `[0.9, 1.0]` for a held-out dev slice.
    #[serde(default = "whole")]
    pub range: [f64; 2],
    /// Times the corpus is repeated in the training data (up-weighting).
    #[serde(default = "one")]
    pub repeat: u32,
    /// Classifier words dropped from the start of a longer span (compared
    /// after folding), to harmonise corpora that put them inside the name
    /// (WikiFANE: «صحيفة هآرتس», «مدينة حلب») with ANERcorp and our
    /// guideline, which leave them outside («صحيفة {ORG هآرتس}»).
    #[serde(default)]
    pub strip_leading: Vec<String>,
    /// Model classes counted as another class when scoring (`[[test]]`/`[[dev]]`
    /// only), e.g. `{ NORP = "PER" }` where the gold counts groups of people as
    /// persons; unmapped classes other than PER/ORG/LOC are not scored.
    #[serde(default)]
    pub score_as: BTreeMap<String, String>,
}

fn last() -> i64 {
    -1
}
fn whole() -> [f64; 2] {
    [0.0, 1.0]
}
fn one() -> u32 {
    1
}

/// Why a corpus could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A file or directory could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// A line or tag did not fit the spec.
    #[error("{path}:{line}: {detail}")]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        detail: String,
    },
    /// The spec itself is wrong (unknown model class).
    #[error("corpus `{corpus}`: {detail}")]
    Spec {
        /// Corpus name.
        corpus: String,
        /// What was wrong.
        detail: String,
    },
}

/// Replaces `$CORPORA/` and `$REPO/` at the start of `path`.
pub fn expand(path: &str, corpora: &Path, repo: &Path) -> PathBuf {
    if let Some(rest) = path.strip_prefix("$CORPORA/") {
        corpora.join(rest)
    } else if let Some(rest) = path.strip_prefix("$REPO/") {
        repo.join(rest)
    } else {
        PathBuf::from(path)
    }
}

enum Target {
    O,
    Class(EntityClass),
}

impl CorpusSpec {
    fn target(&self, class: &str) -> Result<Option<Target>, String> {
        match self.tags.get(class) {
            Some(t) if t == "O" => Ok(Some(Target::O)),
            Some(t) => EntityClass::parse(t)
                .map(|c| Some(Target::Class(c)))
                .ok_or_else(|| format!("tag `{class}` maps to unknown class `{t}`")),
            None if self.unlisted_as_o => Ok(Some(Target::O)),
            None => Ok(None),
        }
    }

    /// Reads every file of the corpus (paths expanded against `corpora` and
    /// `repo`), applies `range`, and returns the sentences (not repeated).
    ///
    /// # Errors
    /// [`CorpusError`] naming the file and line at fault.
    pub fn read(&self, corpora: &Path, repo: &Path) -> Result<Vec<Sentence>, CorpusError> {
        let mut files = Vec::new();
        for p in &self.paths {
            let path = expand(p, corpora, repo);
            let io = |source| CorpusError::Io {
                path: path.clone(),
                source,
            };
            if path.is_dir() {
                let mut entries: Vec<PathBuf> = std::fs::read_dir(&path)
                    .map_err(io)?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file())
                    .collect();
                entries.sort();
                files.extend(entries);
            } else {
                files.push(path);
            }
        }
        let mut out = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f).map_err(|source| CorpusError::Io {
                path: f.clone(),
                source,
            })?;
            self.parse(&text, &f, &mut out)?;
        }
        if !self.strip_leading.is_empty() {
            let strip: std::collections::HashSet<String> =
                self.strip_leading.iter().map(|w| fold(w)).collect();
            for s in &mut out {
                for e in &mut s.spans {
                    while e.end - e.start > 1 && strip.contains(&fold(&s.tokens[e.start])) {
                        e.start += 1;
                    }
                }
            }
        }
        let n = out.len();
        let a = ((self.range[0] * n as f64).round() as usize).min(n);
        let b = ((self.range[1] * n as f64).round() as usize).clamp(a, n);
        Ok(out.drain(a..b).collect())
    }

    /// Parses one file's text into `out`.
    ///
    /// # Errors
    /// [`CorpusError::Format`] for a line without the tag column or an
    /// unmapped class.
    pub fn parse(
        &self,
        text: &str,
        path: &Path,
        out: &mut Vec<Sentence>,
    ) -> Result<(), CorpusError> {
        let mut tokens: Vec<String> = Vec::new();
        let mut spans: Vec<EntitySpan> = Vec::new();
        let mut open: Option<(usize, String)> = None; // start, corpus class
        let mut open_target: Option<EntityClass> = None;
        let flush = |tokens: &mut Vec<String>,
                     spans: &mut Vec<EntitySpan>,
                     open: &mut Option<(usize, String)>,
                     open_target: &mut Option<EntityClass>,
                     out: &mut Vec<Sentence>| {
            if let (Some((s, _)), Some(c)) = (open.take(), open_target.take()) {
                spans.push(EntitySpan {
                    start: s,
                    end: tokens.len(),
                    class: c,
                });
            }
            if !tokens.is_empty() {
                out.push(Sentence {
                    tokens: std::mem::take(tokens),
                    spans: std::mem::take(spans),
                });
            }
        };
        for (ln, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with("-DOCSTART-") {
                flush(&mut tokens, &mut spans, &mut open, &mut open_target, out);
                continue;
            }
            if self.comments && line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = if self.tab_separated {
                line.split('\t').collect()
            } else {
                line.split_whitespace().collect()
            };
            let fmt = |detail: String| CorpusError::Format {
                path: path.to_path_buf(),
                line: ln + 1,
                detail,
            };
            let tag_at = if self.tag_column < 0 {
                cols.len() as i64 + self.tag_column
            } else {
                self.tag_column
            };
            if tag_at < 0 || tag_at as usize >= cols.len() || self.token_column >= cols.len() {
                return Err(fmt(format!("expected token and tag columns in `{line}`")));
            }
            let tag = cols[tag_at as usize].trim();
            let token = cols[self.token_column]
                .trim_matches(['\u{feff}', '\u{200e}', '\u{200f}', ' ', '\u{a0}']);
            if token.is_empty() {
                continue;
            }
            let index = tokens.len();
            tokens.push(token.to_string());
            let (prefix, class) = match tag.split_once('-') {
                Some((p, c)) if p == "B" || p == "I" => (p, c),
                _ if tag == "O" => ("O", ""),
                _ => return Err(fmt(format!("tag `{tag}` is not O, B-X or I-X"))),
            };
            let continues = prefix == "I" && open.as_ref().is_some_and(|(_, c)| c == class);
            if continues {
                continue;
            }
            if let (Some((s, _)), Some(c)) = (open.take(), open_target.take()) {
                spans.push(EntitySpan {
                    start: s,
                    end: index,
                    class: c,
                });
            }
            if prefix != "O" {
                let target = self.target(class).map_err(|d| CorpusError::Spec {
                    corpus: self.name.clone(),
                    detail: d,
                })?;
                match target {
                    None => {
                        return Err(fmt(format!(
                            "class `{class}` is not in the corpus's `tags` (set unlisted_as_o to drop unlisted classes)"
                        )));
                    }
                    Some(Target::O) => {
                        open = Some((index, class.to_string()));
                        open_target = None;
                    }
                    Some(Target::Class(c)) => {
                        open = Some((index, class.to_string()));
                        open_target = Some(c);
                    }
                }
            }
        }
        flush(&mut tokens, &mut spans, &mut open, &mut open_target, out);
        Ok(())
    }

    /// The class a model class is scored as under this spec's `score_as`:
    /// PER/ORG/LOC score as themselves unless remapped; others are not
    /// scored unless mapped.
    pub fn scored_class(&self, class: EntityClass) -> Option<EntityClass> {
        if let Some(t) = self.score_as.get(class.as_str()) {
            return EntityClass::parse(t);
        }
        matches!(
            class,
            EntityClass::Per | EntityClass::Org | EntityClass::Loc
        )
        .then_some(class)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(tags: &[(&str, &str)]) -> CorpusSpec {
        CorpusSpec {
            name: "t".into(),
            paths: vec![],
            token_column: 0,
            tag_column: -1,
            tab_separated: false,
            comments: true,
            tags: tags
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            unlisted_as_o: false,
            range: [0.0, 1.0],
            repeat: 1,
            strip_leading: vec![],
            score_as: BTreeMap::new(),
        }
    }

    #[test]
    fn maps_classes_and_reads_io_iob1_iob2() {
        let s = spec(&[("PERS", "PER"), ("Nation", "LOC"), ("MISC", "O")]);
        let text = "# c\n\u{200e}زار O\nمحمد I-PERS\nعلي I-PERS\nمصر B-Nation\nكأس B-MISC\n\n-DOCSTART- O\nx O\n";
        let mut out = Vec::new();
        s.parse(text, Path::new("f"), &mut out).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].tokens[0], "زار");
        assert_eq!(
            out[0].spans,
            vec![
                EntitySpan {
                    start: 1,
                    end: 3,
                    class: EntityClass::Per
                },
                EntitySpan {
                    start: 3,
                    end: 4,
                    class: EntityClass::Loc
                }
            ]
        );
    }

    #[test]
    fn unmapped_class_is_an_error_naming_the_line() {
        let s = spec(&[("PER", "PER")]);
        let mut out = Vec::new();
        let e = s
            .parse("a B-ORG\n", Path::new("c.conll"), &mut out)
            .unwrap_err();
        assert!(e.to_string().starts_with("c.conll:1:"), "{e}");
    }
}
