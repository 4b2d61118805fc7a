//! Nationality adjectives (demonyms) → ISO 3166-1 alpha-3, read from the
//! demonym table (`data/countries/FORMAT.md`), with the Arabic forms the
//! table leaves to us: feminine, plural and definite (مصري → المصرية،
//! المصريين، مصريون …, from [`nisba_forms`], already normalised), and the
//! country names and capitals the same table lists (`ar:name`, `en:capital`
//! rows), which agents take in construct state or possessive
//! (قوات شرق ليبيا، حكومة طرابلس، "Egypt's president").

use std::collections::HashMap;

use super::dictionary::ActorsError;
use crate::nlp::arabic::nisba_forms;

/// The demonym table, expanded to every written form we match.
#[derive(Debug, Clone, Default)]
pub struct Demonyms {
    /// (written form, alpha-3) in table order, Arabic forms expanded.
    forms: Vec<(String, String)>,
    /// alpha-3 → first English form (`EGY` → `Egyptian`).
    english: HashMap<String, String>,
    /// (country name as written, alpha-3): `مصر`, `Egypt`, `Égypte`.
    names: Vec<(String, String)>,
    /// (capital as written, alpha-3), where the capital stands for the
    /// government (`حكومة طرابلس`, "the Tripoli government").
    capitals: Vec<(String, String)>,
}

impl Demonyms {
    /// Parses a table: tab-separated `iso3 iso2 lang form`, `#` comments,
    /// one header line. `lang` is `ar`, `en`, `fr` for an adjective, or
    /// `ar:name` / `ar:capital` (any language) for a country name or capital.
    ///
    /// # Errors
    /// [`ActorsError::Demonyms`] naming the line for a row without four
    /// fields, with an iso3 that is not three uppercase letters or with a
    /// `lang` suffix other than `:name` and `:capital`.
    pub fn parse(file: &str, text: &str) -> Result<Self, ActorsError> {
        let mut out = Demonyms::default();
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
            let err = |problem: String| ActorsError::Demonyms {
                file: file.to_owned(),
                line: i + 1,
                problem,
            };
            let cols: Vec<&str> = line.split('\t').collect();
            let [iso3, _iso2, lang, form] = cols[..] else {
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
            match lang {
                "ar" => {
                    for f in nisba_forms(form) {
                        out.forms.push((f, iso3.to_owned()));
                    }
                }
                "en" => {
                    out.english
                        .entry(iso3.to_owned())
                        .or_insert_with(|| form.to_owned());
                    out.forms.push((form.to_owned(), iso3.to_owned()));
                }
                _ => out.forms.push((form.to_owned(), iso3.to_owned())),
            }
        }
        Ok(out)
    }

    /// Adds `other`'s rows after this table's (adjective forms, names,
    /// capitals); this table's English adjectives win.
    pub fn extend(&mut self, other: Demonyms) {
        self.forms.extend(other.forms);
        self.names.extend(other.names);
        self.capitals.extend(other.capitals);
        for (k, v) in other.english {
            self.english.entry(k).or_insert(v);
        }
    }

    /// Every written form with its alpha-3 code.
    pub fn forms(&self) -> &[(String, String)] {
        &self.forms
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
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::nlp::normalize;

    const TABLE: &str = include_str!("../../../tests/fixtures/lexicon/demonyms.tsv");

    #[test]
    fn arabic_forms_are_derived_from_the_masculine_singular() {
        let d = Demonyms::parse("demonyms.tsv", TABLE).unwrap();
        let egy: Vec<&str> = d
            .forms()
            .iter()
            .filter(|(_, c)| c == "EGY")
            .map(|(f, _)| f.as_str())
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
    fn shipped_names_load_beside_the_adjectives() {
        let d = super::super::load_demonyms(&super::super::ActorsConfig::default()).unwrap();
        let has = |list: &[(String, String)], form: &str, iso3: &str| {
            list.iter().any(|(f, c)| f == form && c == iso3)
        };
        assert!(has(d.names(), "السودان", "SDN") && has(d.names(), "Iraq", "IRQ"));
        assert!(has(d.capitals(), "طرابلس", "LBY"));
        assert_eq!(d.english("EGY"), Some("Egyptian"));
    }

    #[test]
    fn bad_rows_name_their_line() {
        let err =
            Demonyms::parse("d.tsv", "iso3\tiso2\tlang\tform\nEG\tEG\tar\tمصري\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "d.tsv:2: `EG` is not an ISO 3166-1 alpha-3 code"
        );
        let err = Demonyms::parse("d.tsv", "iso3\tiso2\tlang\tform\nEGY ar مصري\n").unwrap_err();
        assert!(err.to_string().starts_with("d.tsv:2: expected 4"));
        let err = Demonyms::parse(
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
        let d = Demonyms::parse("demonyms.tsv", TABLE).unwrap();
        let has = |list: &[(String, String)], form: &str, iso3: &str| {
            list.iter().any(|(f, c)| f == form && c == iso3)
        };
        assert!(has(d.names(), "ليبيا", "LBY") && has(d.names(), "Egypt", "EGY"));
        assert!(has(d.capitals(), "طرابلس", "LBY"));
        assert!(!has(d.forms(), "مصر", "EGY") && !has(d.forms(), "طرابلس", "LBY"));
        assert!(!has(d.names(), "طرابلس", "LBY"));
    }
}
