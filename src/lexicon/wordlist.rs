//! Small word lists in one file format, `data/lexicon/FORMAT.md`:
//!
//! ```text
//! # comment
//! kind<TAB>lang<TAB>form[<TAB>extra…]
//! ```
//!
//! `kind` names the list a row belongs to (each file declares its kinds),
//! `lang` is `ar`, `en` or `fr` (informative: matching does not filter by
//! it), `form` is the word or phrase as written (matched after
//! [`normalize`]), and the extra columns carry what a list needs besides
//! (an organisation head's CAMEO role). Blank lines and lines starting with
//! `#` are skipped. Stages read their own files through this one parser; a
//! file that breaks the format stops start-up with a [`LexiconError`] that
//! names the file and line.

use crate::nlp::{FastSet, normalize};

use super::LexiconError;

/// Languages a row may name.
const LANGS: &[&str] = &["ar", "en", "fr"];

/// One row of a word-list file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordRow {
    /// The list it belongs to.
    pub kind: String,
    /// `ar`, `en` or `fr`.
    pub lang: String,
    /// The form as written in the file.
    pub form: String,
    /// Further columns, as written.
    pub extra: Vec<String>,
    /// 1-based line in the file (for errors about the extra columns).
    pub line: usize,
}

/// The rows of one word-list file, in file order.
#[derive(Debug, Clone)]
pub struct WordLists {
    rows: Vec<WordRow>,
}

impl WordLists {
    /// Parses `text`, the content of `file`, whose rows may only use the
    /// `kinds` given.
    ///
    /// # Errors
    /// [`LexiconError::Table`] naming `file` and the 1-based line of the
    /// first row with fewer than three columns, an unknown kind or
    /// language, or an empty form.
    pub fn parse(file: &str, text: &str, kinds: &[&str]) -> Result<Self, LexiconError> {
        let mut rows = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let problem = |problem: String| LexiconError::Table {
                file: file.to_owned(),
                line: i + 1,
                problem,
            };
            let cols: Vec<&str> = line.trim_end_matches('\r').split('\t').collect();
            let [kind, lang, form, extra @ ..] = cols.as_slice() else {
                return Err(problem(format!(
                    "expected kind<TAB>lang<TAB>form, got {line:?}"
                )));
            };
            if !kinds.contains(kind) {
                return Err(problem(format!(
                    "unknown kind {kind:?} (known: {})",
                    kinds.join(", ")
                )));
            }
            if !LANGS.contains(lang) {
                return Err(problem(format!("unknown language {lang:?} (ar, en, fr)")));
            }
            if form.trim().is_empty() || normalize(form).is_empty() {
                return Err(problem("empty form".to_owned()));
            }
            rows.push(WordRow {
                kind: (*kind).to_owned(),
                lang: (*lang).to_owned(),
                form: (*form).to_owned(),
                extra: extra.iter().map(|s| (*s).to_owned()).collect(),
                line: i + 1,
            });
        }
        Ok(Self { rows })
    }

    /// The rows of list `kind`, in file order.
    pub fn rows<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a WordRow> + 'a {
        self.rows.iter().filter(move |r| r.kind == kind)
    }

    /// The forms of list `kind`, as written, in file order.
    pub fn forms<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.rows(kind).map(|r| r.form.as_str())
    }

    /// The normalised forms of list `kind`.
    pub fn set(&self, kind: &str) -> FastSet {
        self.forms(kind).map(normalize).collect()
    }
}

/// The first line of a data folder's `VERSION` file, trimmed.
pub fn version_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_parse_with_their_kinds_and_extra_columns() {
        let w = WordLists::parse(
            "t.tsv",
            "# head\ncity\tar\tمدينة\n\norg_head\ten\tMinistry\tGOV\n",
            &["city", "org_head"],
        )
        .unwrap();
        assert_eq!(w.forms("city").collect::<Vec<_>>(), ["مدينة"]);
        assert!(w.set("org_head").contains("ministry"));
        assert_eq!(w.rows("org_head").next().unwrap().extra, ["GOV"]);
    }

    #[test]
    fn a_bad_row_names_the_file_and_line() {
        for (text, want) in [
            ("city\tar\n", "t.tsv:1: expected"),
            ("# c\ntown\tar\tx\n", "t.tsv:2: unknown kind \"town\""),
            ("city\tde\tStadt\n", "t.tsv:1: unknown language"),
            ("city\ten\t \n", "t.tsv:1: empty form"),
        ] {
            let err = WordLists::parse("t.tsv", text, &["city"]).unwrap_err();
            assert!(err.to_string().starts_with(want), "{err}");
        }
    }
}
