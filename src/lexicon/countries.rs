//! Countries as the text names them: nationality adjectives (demonyms),
//! country names and capitals, each with its ISO 3166-1 codes, read from
//! `data/countries/` (format: `data/countries/FORMAT.md`) by one parser, and
//! the nationality matcher built from them once.
//!
//! The Arabic adjective forms the table leaves to us (feminine, plural,
//! definite: مصري → المصرية، المصريين، مصريون …) are derived by
//! [`nisba_forms`]. Country names and capitals (`ar:name`, `en:capital`
//! rows of `names.tsv`) are kept apart from the adjectives: agents take them
//! in construct state or possessive (قوات شرق ليبيا، حكومة طرابلس، "Egypt's
//! president"), and they are no demonyms for the locations stage.

use std::collections::HashMap;
use std::path::Path;

use super::LexiconError;
use crate::nlp::NameMatcher;
use crate::nlp::arabic::nisba_forms;

/// `data/countries/demonyms.tsv`: the adjectives.
const DEMONYMS: &str = include_str!("../../data/countries/demonyms.tsv");
/// `data/countries/names.tsv`: country names and capitals; always built in,
/// also beside a configured demonym table.
const NAMES: &str = include_str!("../../data/countries/names.tsv");
/// `data/countries/VERSION`.
const VERSION: &str = include_str!("../../data/countries/VERSION");

/// One written form of a nationality adjective.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemonymForm {
    /// The form as it is matched: Arabic forms derived by [`nisba_forms`]
    /// (normalised), English and French ones as the table writes them.
    pub form: String,
    /// ISO 3166-1 alpha-3 (`EGY`).
    pub iso3: String,
    /// ISO 3166-1 alpha-2 (`EG`).
    pub iso2: String,
    /// `ar`, `en` or `fr`: the table's language column.
    pub lang: String,
}

/// The country tables, parsed, with the nationality matcher built once.
#[derive(Debug, Clone)]
pub struct Countries {
    /// Adjective forms in table order, Arabic ones expanded.
    demonyms: Vec<DemonymForm>,
    /// alpha-3 → first English adjective (`EGY` → `Egyptian`).
    english: HashMap<String, String>,
    /// (country name as written, alpha-3): `مصر`, `Egypt`, `Égypte`.
    names: Vec<(String, String)>,
    /// (capital as written, alpha-3), where the capital stands for the
    /// government (`حكومة طرابلس`, "the Tripoli government").
    capitals: Vec<(String, String)>,
    /// alpha-3 codes in order of first appearance among the adjectives; the
    /// payload of [`Self::nationalities`] indexes this.
    codes: Vec<String>,
    /// Every adjective form → index into `codes`.
    nationalities: NameMatcher<u16>,
    version: String,
}

impl Countries {
    /// The demonym table at `demonyms` (else the embedded one) followed by the
    /// embedded country names and capitals.
    ///
    /// # Errors
    /// [`LexiconError::Io`] if `demonyms` cannot be read,
    /// [`LexiconError::Table`] for a bad row (see [`Countries::parse`]).
    pub fn load(demonyms: Option<&Path>) -> Result<Self, LexiconError> {
        let (mut rows, custom) = match demonyms {
            None => (Rows::parse("demonyms.tsv", DEMONYMS)?, false),
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| LexiconError::Io {
                    path: path.to_owned(),
                    source,
                })?;
                (Rows::parse(&path.display().to_string(), &text)?, true)
            }
        };
        rows.extend(Rows::parse("names.tsv", NAMES)?);
        let version = VERSION.trim();
        Ok(rows.build(if custom {
            format!("{version}+custom")
        } else {
            version.to_owned()
        }))
    }

    /// Parses one table alone (no names.tsv added): tab-separated
    /// `iso3 iso2 lang form`, `#` comments, one optional header line. `lang`
    /// is `ar`, `en`, `fr` for an adjective, or `ar:name` / `ar:capital`
    /// (any language) for a country name or capital. Meant for tests and
    /// tools; the stages use [`Countries::load`].
    ///
    /// # Errors
    /// [`LexiconError::Table`] naming the line for a row without four
    /// fields, with an iso3 that is not three uppercase letters, an empty
    /// form, or a `lang` suffix other than `:name` and `:capital`.
    pub fn parse(file: &str, text: &str) -> Result<Self, LexiconError> {
        Ok(Rows::parse(file, text)?.build(String::new()))
    }

    /// Every adjective form with its codes, in table order.
    pub fn demonyms(&self) -> &[DemonymForm] {
        &self.demonyms
    }

    /// Every country name (`مصر`, `Egypt`) with its alpha-3 code, as written.
    pub fn names(&self) -> &[(String, String)] {
        &self.names
    }

    /// Every capital that stands for its government (`طرابلس`, `Tripoli`),
    /// with the alpha-3 code, as written.
    pub fn capitals(&self) -> &[(String, String)] {
        &self.capitals
    }

    /// The English adjective for `iso3` (`Egyptian`), if the table has one.
    pub fn english(&self, iso3: &str) -> Option<&str> {
        self.english.get(iso3).map(String::as_str)
    }

    /// The nationality matcher: every adjective form → index into
    /// [`Self::nationality_codes`].
    pub fn nationalities(&self) -> &NameMatcher<u16> {
        &self.nationalities
    }

    /// alpha-3 codes of the adjectives, in order of first appearance.
    pub fn nationality_codes(&self) -> &[String] {
        &self.codes
    }

    /// `data/countries/VERSION` (`+custom` when a configured demonym table
    /// replaced the embedded one; empty for [`Countries::parse`]).
    pub fn version(&self) -> &str {
        &self.version
    }
}

/// Parsed rows before the matcher is built.
#[derive(Default)]
struct Rows {
    demonyms: Vec<DemonymForm>,
    names: Vec<(String, String)>,
    capitals: Vec<(String, String)>,
}

impl Rows {
    fn parse(file: &str, text: &str) -> Result<Self, LexiconError> {
        let mut out = Rows::default();
        let mut header_seen = false;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if !header_seen {
                header_seen = true;
                if line.starts_with("iso3") {
                    continue;
                }
            }
            let err = |problem: String| LexiconError::Table {
                file: file.to_owned(),
                line: i + 1,
                problem,
            };
            let cols: Vec<&str> = line.split('\t').collect();
            let [iso3, iso2, lang, form] = cols[..] else {
                return Err(err(format!(
                    "expected 4 tab-separated fields, found {}",
                    cols.len()
                )));
            };
            if iso3.len() != 3 || !iso3.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(err(format!("`{iso3}` is not an ISO 3166-1 alpha-3 code")));
            }
            let form = form.trim();
            if form.is_empty() {
                return Err(err("empty form".to_owned()));
            }
            if let Some((_, what)) = lang.split_once(':') {
                let row = (form.to_owned(), iso3.to_owned());
                match what {
                    "name" => out.names.push(row),
                    "capital" => out.capitals.push(row),
                    _ => return Err(err(format!("unknown form kind `{what}` in `{lang}`"))),
                }
                continue;
            }
            let row = |form: String| DemonymForm {
                form,
                iso3: iso3.to_owned(),
                iso2: iso2.to_owned(),
                lang: lang.to_owned(),
            };
            if lang == "ar" {
                out.demonyms.extend(nisba_forms(form).into_iter().map(row));
            } else {
                out.demonyms.push(row(form.to_owned()));
            }
        }
        Ok(out)
    }

    fn extend(&mut self, other: Rows) {
        self.demonyms.extend(other.demonyms);
        self.names.extend(other.names);
        self.capitals.extend(other.capitals);
    }

    fn build(self, version: String) -> Countries {
        let mut english = HashMap::new();
        let mut codes: Vec<String> = Vec::new();
        let mut forms = Vec::with_capacity(self.demonyms.len());
        for d in &self.demonyms {
            if d.lang == "en" {
                english
                    .entry(d.iso3.clone())
                    .or_insert_with(|| d.form.clone());
            }
            let idx = codes.iter().position(|c| *c == d.iso3).unwrap_or_else(|| {
                codes.push(d.iso3.clone());
                codes.len() - 1
            });
            forms.push((d.form.clone(), idx as u16));
        }
        Countries {
            demonyms: self.demonyms,
            english,
            names: self.names,
            capitals: self.capitals,
            codes,
            nationalities: NameMatcher::new(forms),
            version,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Field;
    use crate::nlp::{AnalyzedField, normalize};

    const TABLE: &str = include_str!("../../tests/fixtures/lexicon/demonyms.tsv");

    fn has(list: &[(String, String)], form: &str, iso3: &str) -> bool {
        list.iter().any(|(f, c)| f == form && c == iso3)
    }

    #[test]
    fn arabic_forms_are_derived_from_the_masculine_singular() {
        let d = Countries::parse("demonyms.tsv", TABLE).unwrap();
        let egy: Vec<&str> = d
            .demonyms()
            .iter()
            .filter(|f| f.iso3 == "EGY")
            .map(|f| f.form.as_str())
            .collect();
        for form in [
            "مصري",
            "المصري",
            "المصرية",
            "مصرية",
            "المصريين",
            "المصريون",
            "مصريات",
        ] {
            assert!(
                egy.contains(&normalize(form).as_str()),
                "{form} missing from {egy:?}"
            );
        }
        assert!(egy.contains(&"Egyptians") && egy.contains(&"égyptienne"));
        assert_eq!(d.english("LBY"), Some("Libyan"));
        assert_eq!(d.english("XXX"), None);
    }

    #[test]
    fn shipped_tables_load_with_codes_for_all_three_languages() {
        let d = Countries::load(None).unwrap();
        assert!(has(d.names(), "السودان", "SDN") && has(d.names(), "Iraq", "IRQ"));
        assert!(has(d.capitals(), "طرابلس", "LBY"));
        assert_eq!(d.english("EGY"), Some("Egyptian"));
        let has_form = |form: &str, iso2: &str| {
            d.demonyms()
                .iter()
                .any(|f| f.form == form && f.iso2 == iso2)
        };
        assert!(has_form(&normalize("المصرية"), "EG"));
        assert!(has_form(&normalize("الليبيين"), "LY"));
        assert!(has_form("Libyan", "LY") && has_form("libyennes", "LY"));
        assert!(
            !d.demonyms()
                .iter()
                .any(|f| f.form == "مالي" || f.form == "المالي"),
            "مالي is left out on purpose"
        );
        assert_eq!(d.version(), VERSION.trim());
    }

    #[test]
    fn the_nationality_matcher_finds_every_form_with_its_country() {
        let d = Countries::load(None).unwrap();
        let text = "قال مسؤول ليبي إن الحكومة المصرية و Libyan officials";
        let f = AnalyzedField::from_text(Field::Body, text);
        let got: Vec<&str> = d
            .nationalities()
            .find(&f)
            .iter()
            .map(|m| d.nationality_codes()[m.payloads[0] as usize].as_str())
            .collect();
        assert_eq!(got, ["LBY", "EGY", "LBY"]);
    }

    #[test]
    fn bad_rows_name_their_line() {
        let err =
            Countries::parse("d.tsv", "iso3\tiso2\tlang\tform\nEG\tEG\tar\tمصري\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "d.tsv:2: `EG` is not an ISO 3166-1 alpha-3 code"
        );
        let err = Countries::parse("d.tsv", "iso3\tiso2\tlang\tform\nEGY ar مصري\n").unwrap_err();
        assert!(err.to_string().starts_with("d.tsv:2: expected 4"));
        let err = Countries::parse(
            "d.tsv",
            "iso3\tiso2\tlang\tform\nEGY\tEG\tar:city\tالقاهرة\n",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "d.tsv:2: unknown form kind `city` in `ar:city`"
        );
    }

    #[test]
    fn country_names_and_capitals_are_not_adjectives() {
        let d = Countries::parse("demonyms.tsv", TABLE).unwrap();
        assert!(has(d.names(), "ليبيا", "LBY") && has(d.names(), "Egypt", "EGY"));
        assert!(has(d.capitals(), "طرابلس", "LBY"));
        let forms: Vec<(String, String)> = d
            .demonyms()
            .iter()
            .map(|f| (f.form.clone(), f.iso3.clone()))
            .collect();
        assert!(!has(&forms, "مصر", "EGY") && !has(&forms, "طرابلس", "LBY"));
        assert!(!has(d.names(), "طرابلس", "LBY"));
    }
}
