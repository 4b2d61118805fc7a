//! What shared words mean: the tables more than one stage reads, loaded
//! once at start-up into an immutable [`Lexicon`] shared by the workers, each
//! with the `VERSION` of its `data/` folder.
//!
//! - [`countries`]: demonyms (ar/en/fr, with ISO 3166-1 alpha-2 and alpha-3),
//!   country names and capitals (`data/countries/`), and the nationality
//!   matcher built from them once.
//! - [`names`]: given names, surnames and place-like names (`data/names/`).
//! - [`compass`]: compass words in English and Arabic.
//!
//! Tables are data (`data/<folder>/` with `SOURCE.md` and `VERSION`),
//! embedded at build time; grammar (proclitics, nisba forms, script ranges)
//! stays code in [`crate::nlp`]. This layer reads [`crate::nlp`] and nothing
//! above it.

pub mod compass;
pub mod countries;
pub mod names;
pub mod petrarch;
pub mod wordlist;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::nlp::{FastSet, normalize};

pub use countries::{Countries, DemonymForm};
pub use names::Names;
pub use wordlist::{WordLists, WordRow};

/// Why a lexicon table could not be loaded. Always the table author's
/// fault (or a wrong path): fix the named file and line; a retry cannot help.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// The file could not be read.
    #[error("cannot read lexicon table {}: {source}", path.display())]
    Io {
        /// The path as configured.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line of a table breaks its format.
    #[error("{file}:{line}: {problem}")]
    Table {
        /// File name or path.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        problem: String,
    },
}

/// The shared tables, loaded once and cheap to clone (every table is
/// behind an `Arc`).
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Demonyms, country names and capitals.
    pub countries: Arc<Countries>,
    /// Given names, surnames, place-like names.
    pub names: Arc<Names>,
}

impl Lexicon {
    /// Loads the tables: the demonym table at `demonyms` instead of the
    /// embedded `data/countries/demonyms.tsv` when given; everything else
    /// embedded.
    ///
    /// # Errors
    /// [`LexiconError`] naming the file (and line) at fault.
    pub fn load(demonyms: Option<&Path>) -> Result<Self, LexiconError> {
        match demonyms {
            None => Ok(Self::embedded()),
            Some(path) => Ok(Self {
                countries: Arc::new(Countries::load(Some(path))?),
                names: Self::embedded().names,
            }),
        }
    }

    /// The embedded tables, parsed on first use and shared afterwards.
    ///
    /// # Panics
    /// Never in a tested build: the embedded tables are parsed by the unit
    /// tests of [`countries`].
    pub fn embedded() -> Self {
        static EMBEDDED: OnceLock<Lexicon> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| Lexicon {
                countries: Arc::new(Countries::load(None).expect("embedded country tables parse")),
                names: Arc::new(Names::embedded()),
            })
            .clone()
    }

    /// `(dictionary name, VERSION)` of every table, for the output's
    /// `versions.dictionaries` and `newsevents_build_info`: `countries`
    /// (`data/countries/VERSION`, `+custom` with a configured demonym table)
    /// and `names` (`data/names/VERSION`).
    pub fn versions(&self) -> Vec<(String, String)> {
        vec![
            (
                "countries".to_string(),
                self.countries.version().to_string(),
            ),
            ("names".to_string(), Names::version().to_string()),
        ]
    }
}

/// Entries of a one-entry-per-line list: lines trimmed, blank lines and
/// `#` comments skipped.
pub fn list_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Rows of a tab-separated table: lines starting with `#` and blank lines
/// skipped, fields split on tabs (not trimmed).
pub fn tsv_rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

/// The normalised forms of `words` ([`normalize`]), empty ones left out.
pub fn norm_set<'a>(words: impl IntoIterator<Item = &'a str>) -> FastSet {
    words
        .into_iter()
        .map(normalize)
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_tables_skip_comments_and_blank_lines() {
        let list: Vec<_> = list_lines("# head\n  Egypt \n\n#x\nLibya\r\n").collect();
        assert_eq!(list, ["Egypt", "Libya"]);
        let rows: Vec<_> = tsv_rows("# c\nEGY\tEG\n \nLBY\tLY\n").collect();
        assert_eq!(rows, [vec!["EGY", "EG"], vec!["LBY", "LY"]]);
        let set = norm_set(["Égypte", "،", "مِصر"]);
        assert!(set.contains("egypte") && set.contains("مصر") && set.len() == 2);
    }

    #[test]
    fn embedded_tables_load_once_with_their_versions() {
        let a = Lexicon::embedded();
        let b = Lexicon::embedded();
        assert!(Arc::ptr_eq(&a.countries, &b.countries) && Arc::ptr_eq(&a.names, &b.names));
        let v = a.versions();
        assert_eq!(v[0].0, "countries");
        assert!(!v[0].1.is_empty() && !v[0].1.contains('\n'));
        assert_eq!(v[1].0, "names");
    }

    #[test]
    fn a_missing_table_names_its_path() {
        let err = Lexicon::load(Some(Path::new("/nonexistent/demonyms.tsv"))).unwrap_err();
        assert!(
            err.to_string().contains("/nonexistent/demonyms.tsv"),
            "{err}"
        );
    }
}
