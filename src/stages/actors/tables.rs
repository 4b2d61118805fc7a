//! [`ActorTables`]: the matchers (actor names, agent phrases, country names
//! and capitals) and the word sets the rules read, built once from the
//! dictionary, the shared lexicon and the stage's word lists
//! (`data/actors/lexicon/`).

use std::sync::Arc;

use crate::lexicon::{Lexicon, compass};
use crate::nlp::{AnalyzedField, FastMap, FastSet, NameMatch, NameMatcher, normalize};

use super::dictionary::ActorDictionary;
use super::lexicon::ActorLexicon;
use super::rules::name_pattern::NameFinder;

/// Payload of an actor name in the matcher.
#[derive(Debug, Clone, Copy)]
pub(super) struct NameRef {
    /// Index into `ActorDictionary::actors`.
    pub(super) actor: u32,
    /// The name is all uppercase Latin (`WHO`, `UN`): the text must be too.
    pub(super) acronym: bool,
}

/// The dictionary matches of one field: each matcher of the stage scans a
/// field once ([`ActorTables::scan`]) and every rule reads the result (rule
/// 1 the names and agents, rules 2–3 agents, nationalities and places, rule
/// 4 the agents and nationalities). Scanning is most of the stage's
/// matching cost: one leftmost-longest pass per dictionary over every token
/// and its proclitic readings.
#[derive(Debug)]
pub(super) struct FieldScan<'t> {
    /// Actor names ([`ActorTables::names`]).
    pub(super) names: Vec<NameMatch<'t, NameRef>>,
    /// Agent phrases ([`ActorTables::agents`]).
    pub(super) agents: Vec<NameMatch<'t, u32>>,
    /// Nationality adjectives (the lexicon's `Countries::nationalities`).
    pub(super) nationalities: Vec<NameMatch<'t, u16>>,
    /// Country names and capitals ([`ActorTables::places`]).
    pub(super) places: Vec<NameMatch<'t, u32>>,
}

/// The matchers and word sets the rules read. Built once at start-up;
/// cheap to share.
#[derive(Debug, Clone)]
pub(super) struct ActorTables {
    pub(super) dict: Arc<ActorDictionary>,
    /// The shared tables: demonyms and the nationality matcher, names.
    pub(super) lexicon: Lexicon,
    pub(super) names: Arc<NameMatcher<NameRef>>,
    pub(super) agents: Arc<NameMatcher<u32>>,
    /// Country names and capitals; payload `country index * 2 + 1` for a
    /// capital, `* 2` for a name.
    pub(super) places: Arc<NameMatcher<u32>>,
    pub(super) countries: Vec<String>,
    /// Arabic compass words, which may stand between an agent and a country
    /// name (قوات شرق ليبيا "forces of eastern Libya"; [`compass`]).
    pub(super) directions: FastSet,
    /// Latin determiners, capitalised at a sentence start but never part
    /// of a name before a one-word alias (`latin_determiner`).
    pub(super) determiners: FastSet,
    /// Words that cannot be part of a person's name captured after a title
    /// (`not_name`): function words, directions, weekdays, months,
    /// reporting verbs.
    pub(super) not_names: FastSet,
    pub(super) prepositions: FastSet,
    pub(super) connectors: FastSet,
    pub(super) compound_heads: FastSet,
    /// English country abbreviations used as adjectives ("US officials",
    /// `en_country_abbreviation`): normalised form → country index.
    pub(super) abbreviations: FastMap<String, u16>,
    pub(super) unknown: Arc<NameFinder>,
}

/// All-uppercase ASCII with 1–6 letters (`WHO`, `UN`).
pub(super) fn is_acronym(name: &str) -> bool {
    let mut letters = 0;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            letters += 1;
        } else if c.is_ascii_lowercase() || !c.is_ascii() {
            return false;
        }
    }
    (1..=6).contains(&letters)
}

impl ActorTables {
    /// Runs every matcher of the stage over `field` once.
    pub(super) fn scan(&self, field: &AnalyzedField) -> FieldScan<'_> {
        FieldScan {
            names: self.names.find(field),
            agents: self.agents.find(field),
            nationalities: self.lexicon.countries.nationalities().find(field),
            places: self.places.find(field),
        }
    }

    /// The matchers over `dict` and `lexicon`, and the word sets of `words`.
    pub(super) fn new(
        dict: ActorDictionary,
        lexicon: &Lexicon,
        words: &'static ActorLexicon,
    ) -> Self {
        let names = NameMatcher::new(dict.actors.iter().enumerate().flat_map(|(i, e)| {
            // PETRARCH files write every name in capitals, so capitals there
            // do not mark an acronym.
            let petrarch_entry = e.id.starts_with("petrarch:");
            e.names.iter().map(move |(_, n)| {
                (
                    n.to_owned(),
                    NameRef {
                        actor: i as u32,
                        acronym: is_acronym(n) && !petrarch_entry,
                    },
                )
            })
        }));
        let agents = NameMatcher::new(
            dict.agents
                .iter()
                .enumerate()
                .flat_map(|(i, a)| a.names.iter().map(move |(_, n)| (n.to_owned(), i as u32))),
        );
        // Country indices: the nationality matcher's, then further countries
        // that only a name or capital names.
        let mut countries: Vec<String> = lexicon.countries.nationality_codes().to_vec();
        let mut place_names = Vec::new();
        for (list, capital) in [
            (lexicon.countries.names(), 0u32),
            (lexicon.countries.capitals(), 1u32),
        ] {
            for (form, iso3) in list {
                let idx = match countries.iter().position(|c| c == iso3) {
                    Some(i) => i,
                    None => {
                        countries.push(iso3.clone());
                        countries.len() - 1
                    }
                };
                place_names.push((form.clone(), idx as u32 * 2 + capital));
            }
        }
        let mut abbreviations = FastMap::default();
        for (form, iso3) in words.country_abbreviations() {
            let idx = match countries.iter().position(|c| c == iso3) {
                Some(i) => i,
                None => {
                    countries.push(iso3.to_owned());
                    countries.len() - 1
                }
            };
            abbreviations.insert(normalize(form), idx as u16);
        }
        let set = |kind: &str| words.set(kind).into_iter().collect::<FastSet>();
        Self {
            dict: Arc::new(dict),
            unknown: Arc::new(NameFinder::new(lexicon, words)),
            determiners: words.set("latin_determiner"),
            lexicon: lexicon.clone(),
            names: Arc::new(names),
            agents: Arc::new(agents),
            places: Arc::new(NameMatcher::new(place_names)),
            countries,
            directions: compass::arabic().map(normalize).collect(),
            not_names: words
                .set_with_arabic_countries("not_name", &lexicon.countries)
                .into_iter()
                .collect(),
            prepositions: set("complement_preposition"),
            connectors: set("run_connector"),
            compound_heads: set("compound_head"),
            abbreviations,
        }
    }
}
