//! Rule `demonym_code`: an actor the earlier stages found but left without
//! a code or country, whose whole mention is a nationality adjective or its
//! plural ("Filipino", "Filipinos", «السوريون»), takes part in events with
//! that country's code, as PETRARCH codes a bare nationality (its actors
//! dictionaries list demonyms under the country: `FILIPINO` → `PHL`).
//!
//! The adjectives are the shared demonym table
//! (`data/countries/demonyms.tsv`, or `[actors] demonyms`), read through
//! [`crate::lexicon::Lexicon`]; nothing here is a list of our own.

use crate::lexicon::countries::Countries;

type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Nationality adjectives → ISO 3166-1 alpha-3 country codes.
#[derive(Debug, Default)]
pub struct DemonymCodes {
    /// Lower-case form (English, French) or the table's normalised Arabic
    /// form → alpha-3.
    by_form: FastMap<String, String>,
}

impl DemonymCodes {
    /// The adjectives of `countries`; a form two countries share is left
    /// out (it names neither for sure).
    pub fn new(countries: &Countries) -> Self {
        let mut by_form: FastMap<String, String> = FastMap::default();
        let mut shared: Vec<String> = Vec::new();
        for d in countries.demonyms() {
            let form = d.form.to_lowercase();
            match by_form.get(&form) {
                Some(c) if *c != d.iso3 => shared.push(form),
                Some(_) => {}
                None => {
                    by_form.insert(form, d.iso3.clone());
                }
            }
        }
        for f in shared {
            by_form.remove(&f);
        }
        Self { by_form }
    }

    /// The country of a mention that is only a nationality adjective: the
    /// text itself, or an English plural in -s, or an Arabic plural in ون
    /// / ين (`"Filipino"`, `"Filipinos"` → `PHL`); `None` otherwise.
    pub fn code_of(&self, mention: &str) -> Option<&str> {
        let m = mention.trim().to_lowercase();
        if m.is_empty() || m.contains(char::is_whitespace) {
            return None;
        }
        let plural_stems = [
            m.strip_suffix('s'),
            m.strip_suffix("ون"),
            m.strip_suffix("ين"),
        ];
        std::iter::once(Some(m.as_str()))
            .chain(plural_stems)
            .flatten()
            .find_map(|f| self.by_form.get(f))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_nationality_names_its_country() {
        let table = include_str!("../../../tests/fixtures/lexicon/demonyms.tsv");
        let d = DemonymCodes::new(&Countries::parse("demonyms.tsv", table).unwrap());
        assert_eq!(d.code_of("Egyptian"), Some("EGY"));
        assert_eq!(d.code_of("Egyptians"), Some("EGY"));
        assert_eq!(d.code_of(" egyptian "), Some("EGY"));
        // A phrase is the actors stage's to compose, not this rule's.
        assert_eq!(d.code_of("Egyptian teachers"), None);
        assert_eq!(d.code_of("Cairo"), None);
        assert_eq!(d.code_of(""), None);
    }
}
