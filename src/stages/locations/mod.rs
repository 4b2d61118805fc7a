//! The `locations` stage: toponyms in the article zone resolved to GeoNames
//! places, and the countries a document is about.
//!
//! # Steps
//!
//! [`LocationTagger::process`] runs them in this order, one file each:
//!
//! 1. **Candidates** (`candidates`): one name index over every gazetteer
//!    name, derived romanisation and demonym form, matched on the
//!    article-zone tokens (clitic-aware, longest match first). Latin-script
//!    names must be capitalised ("Turkey", not "turkey"); names of three
//!    letters or fewer must match case exactly.
//! 2. **Context** (`context`): named rules over the words around each
//!    name. A name right after a title or given name is a person ("غسان
//!    سلامة", "President Chad"); a club, street or time-zone word makes it
//!    no place; cue words restrict the feature class ("مدينة الكويت" → city,
//!    "محافظة القاهرة" → division, "دولة الكويت" → country); containment
//!    restricts both sides ("Tripoli, Lebanon", "طرابلس شمال لبنان",
//!    "طرابلس الليبية"). Toponyms inside actor names are dropped.
//! 3. **Support** (`support`): a name read as a person is a person
//!    everywhere; stoplisted names (الجنوب, "Reading") need support; minor
//!    places need a focus country; small places (towns under 15,000
//!    people, second-level divisions) need context: containment, a cue
//!    word, a division word ("Suffolk County") or, in Latin script, their
//!    division named elsewhere or another name of the document a few
//!    kilometres away (`nearby`, rule `named_neighbours_are_context`).
//! 4. **Focus** (`focus`): demonyms, actors' countries and unambiguous
//!    toponyms give the countries the document is about.
//! 5. **One sense per document** (`one_sense`): all mentions of one
//!    normalised name share one resolution, unless containment says
//!    otherwise for some of them.
//! 6. **Resolve** (`resolve`): the named tie-breaks of `precedence`
//!    (a city over a same-named division, a capital over a division, a
//!    town over a smaller division, a sea or region over a division), then
//!    the best `score` (feature-class prior, population, focus, co-mention;
//!    weights in `params`).
//! 7. **Focus, final**: every resolved mention counts for its country:
//!    `doc.focus_countries`.
//!
//! Around them: [`gazetteer`] (places and names, embedded default or a
//! GeoNames dump, loaded once into an `Arc<Gazetteer>`), `rules` (the
//! context word lists: stoplist, person cues, cue words; data in
//! `data/gazetteer/` and `data/countries/`), `learned` (what the
//! `entities` stage's mentions say about a toponym), `occurrence` (the working
//! records every step marks) and [`env`] (the place relations the steps
//! share).
//!
//! Issue 17 added: `index` (the prebuilt name index of the embedded
//! gazetteer, `data/gazetteer/index/`), `spellings` (social spellings
//! indexed beside each name: joined words, dropped final hamza) and
//! `evidence` (named rules for kinds of place found missed: cities opening
//! organisation names, Arab towns in social text, short names behind a
//! proclitic).
//!
//! Place data: GeoNames (www.geonames.org), CC BY 4.0; Who's On First
//! (CC BY, `data/gazetteer/wof/`); Natural Earth (public domain,
//! `data/gazetteer/landmarks/`).

mod candidates;
mod config;
mod context;
mod distance;
mod env;
mod evidence;
mod focus;
pub mod gazetteer;
mod index;
mod learned;
mod local_news;
mod nearby;
mod neighbours;
mod occurrence;
mod one_sense;
mod params;
mod precedence;
mod resolve;
mod rules;
mod score;
mod spellings;
mod support;
#[cfg(test)]
mod testutil;

use std::sync::Arc;

use crate::lexicon::Lexicon;
use crate::stages::{
    Analysis, BuildError, Built, Document, Read, Resources, Slot, Stage, StageConfig, StageError,
    StageSpec,
};

use candidates::Candidates;
use env::Env;
use focus::Focus;
use rules::Rules;

pub use config::LocationsConfig;
pub use distance::{EARTH_RADIUS_KM, haversine_km};
pub use gazetteer::{Gazetteer, GazetteerConfig, GazetteerError};

/// What the `locations` stage reads and writes: the
/// [`Analysis`] in (required), the actors when the
/// `actors` stage runs (toponyms inside actor names are dropped, actors'
/// countries are focus evidence), the learned mentions when the `entities`
/// stage runs (`learned.rs`); locations and focus countries out.
pub const SPEC: StageSpec = StageSpec {
    name: "locations",
    reads: &[
        Read {
            slot: Slot::Analysis,
            required: true,
        },
        Read {
            slot: Slot::Entities,
            required: false,
        },
        Read {
            slot: Slot::Actors,
            required: false,
        },
    ],
    writes: &[Slot::Locations],
};

impl StageConfig for LocationsConfig {
    fn spec(&self) -> &'static StageSpec {
        &SPEC
    }

    /// The location tagger over the gazetteer this section names and the
    /// shared lexicon; versions `gazetteer` (its `VERSION`), `locations`
    /// (`data/locations/VERSION`, the cue words) and the lexicon's
    /// `countries` and `names`.
    ///
    /// # Errors
    /// [`BuildError::Load`] naming the file at fault: the gazetteer, or
    /// `data/locations/cues.tsv` with its line.
    fn build(&self, resources: &Resources) -> Result<Built, BuildError> {
        let lexicon = resources.lexicon()?;
        rules::cue_lists().map_err(|e| BuildError::load("the locations cue words", e))?;
        let stage = LocationTagger::from_config(self, lexicon)
            .map_err(|e| BuildError::load("the gazetteer", e))?;
        let mut versions = vec![
            (
                "gazetteer".to_string(),
                stage.gazetteer().version().trim().to_string(),
            ),
            ("locations".to_string(), rules::version().to_string()),
        ];
        versions.extend(stage.gazetteer().table_versions().iter().cloned());
        versions.extend(lexicon.versions());
        Ok(Built {
            stage: Box::new(stage),
            versions,
        })
    }
}

/// The `locations` stage. Build once at start-up and share; `process` only
/// reads it.
///
/// # Examples
///
/// ```no_run
/// use std::sync::Arc;
/// use newsevents::lexicon::Lexicon;
/// use newsevents::stages::locations::{Gazetteer, LocationTagger};
///
/// let tagger = LocationTagger::new(Arc::new(Gazetteer::embedded()), &Lexicon::embedded());
/// assert_eq!(newsevents::stages::Stage::name(&tagger), "locations");
/// ```
pub struct LocationTagger {
    gazetteer: Arc<Gazetteer>,
    rules: Rules,
    candidates: Candidates,
}

impl std::fmt::Debug for LocationTagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocationTagger")
            .field("gazetteer", &self.gazetteer.version())
            .field("places", &self.gazetteer.places().len())
            .finish_non_exhaustive()
    }
}

impl LocationTagger {
    /// A tagger over `gazetteer`, with the embedded stoplist and person
    /// cues (`data/gazetteer/`) and the demonyms and given names of
    /// `lexicon`.
    ///
    /// The name index comes prebuilt for the embedded gazetteer
    /// (`index`); any other gazetteer gets it built here.
    pub fn new(gazetteer: Arc<Gazetteer>, lexicon: &Lexicon) -> Self {
        match index::embedded(&gazetteer, lexicon) {
            Ok(Some((matcher, variants))) => {
                let rules = Rules::new(lexicon);
                let candidates = Candidates::from_parts(&gazetteer, matcher, variants);
                return Self {
                    gazetteer,
                    rules,
                    candidates,
                };
            }
            Ok(None) => {}
            Err(e) => tracing::error!("{e}; building the index at start-up"),
        }
        let tagger = Self::build(gazetteer, lexicon);
        index::write_if_asked(&tagger, lexicon);
        tagger
    }

    /// A tagger with its name index built from `gazetteer` and `lexicon`.
    fn build(gazetteer: Arc<Gazetteer>, lexicon: &Lexicon) -> Self {
        let rules = Rules::new(lexicon);
        let candidates = Candidates::new(&gazetteer, &rules);
        Self {
            gazetteer,
            rules,
            candidates,
        }
    }

    /// Loads the gazetteer `config` names and builds the tagger over it and
    /// `lexicon`.
    ///
    /// # Errors
    /// [`GazetteerError`] if the gazetteer cannot be loaded.
    pub fn from_config(
        config: &LocationsConfig,
        lexicon: &Lexicon,
    ) -> Result<Self, GazetteerError> {
        Ok(Self::new(
            Arc::new(Gazetteer::load(&config.gazetteer)?),
            lexicon,
        ))
    }

    /// The gazetteer this tagger resolves against.
    pub fn gazetteer(&self) -> &Arc<Gazetteer> {
        &self.gazetteer
    }

    fn env(&self) -> Env<'_> {
        Env {
            gazetteer: &self.gazetteer,
            rules: &self.rules,
        }
    }
}

impl Stage for LocationTagger {
    fn name(&self) -> &'static str {
        "locations"
    }

    /// The steps of the module overview, in order.
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let analysis: &Analysis = doc
            .analysis
            .as_ref()
            .ok_or(StageError::MissingAnalysis("locations"))?;
        let texts: Vec<&str> = analysis
            .fields
            .iter()
            .map(|f| doc.field_text(f.field))
            .collect();
        let env = self.env();
        let (mut occ, dem) = self.candidates.find(&env, analysis, &texts);
        context::apply(&env, analysis, &texts, &mut occ, &dem);
        context::actors::drop_inside_actor_names(&doc.actors, &mut occ);
        learned::apply(&doc.entities, &mut occ);
        support::persons_one_sense(&mut occ);
        support::stopwords_need_support(&mut occ);
        support::narrow_to_cue(&env, &mut occ);
        nearby::named_neighbours_are_context(&env, &mut occ);
        let actor_countries = focus::actor_countries(&self.gazetteer, &doc.actors);
        let base = Focus::from_demonyms_and_actors(&dem, &actor_countries);
        let first = base
            .clone()
            .with_local_news_cues(self.rules.local_news.count(&texts))
            .with_unambiguous_toponyms(&env, &occ);
        support::minor_places_need_focus(&env, &first, &mut occ);
        support::require_context(&env, analysis, &mut occ);
        let groups = one_sense::group(&occ);
        let locations = resolve::locations(&env, &groups, &occ, &first);
        doc.focus_countries = base.with_locations(&locations).to_output();
        doc.locations = locations;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::stages::locations::testutil::*;

    #[test]
    fn sample_article_resolves_expected_places_and_nothing_else() {
        let line = include_str!("../../../tests/fixtures/articles/sample.jsonl")
            .lines()
            .next()
            .unwrap();
        let raw: RawArticle = serde_json::from_str(line).unwrap();
        let body = raw.body.clone();
        let mut d = Document::new(
            raw,
            Origin {
                topic: "sample".into(),
                partition: 0,
                offset: 0,
            },
        );
        testutil::analyze(&mut d);
        tagger().process(&mut d).unwrap();
        let found = ids(&d);
        for id in [CAIRO, LIBYA, TRIPOLI_LY, BENGHAZI, EGYPT] {
            assert!(
                found.contains(&id),
                "{id} missing; found {:#?}",
                d.locations
            );
        }
        assert!(!found.contains(&TRIPOLI_LB), "Tripoli, Lebanon reported");
        // Nothing else: الجنوب (the south), سلامة (a surname), comment-zone words.
        assert_eq!(found.len(), 5, "{:#?}", d.locations);
        let comments_start = body.chars().count()
            - body
                .split("رصيف22 منظمة غير ربحية")
                .nth(1)
                .unwrap()
                .chars()
                .count();
        for loc in &d.locations {
            for m in &loc.mentions {
                assert_eq!(
                    CharSpan::new(m.start, m.end).slice(&body),
                    Some(m.text.as_str())
                );
                assert!(
                    m.end <= comments_start,
                    "mention {m:?} outside the article zone"
                );
            }
        }
        let cairo = find(&d, CAIRO);
        assert!(cairo.mentions.len() >= 6, "{cairo:#?}");
        assert!(cairo.mentions.iter().any(|m| m.text == "القاهرة"));
        assert_eq!(cairo.country_code3.as_deref(), Some("EGY"));
        assert_eq!(cairo.feature_code, "PPLC");
        let tripoli = find(&d, TRIPOLI_LY);
        assert_eq!(tripoli.name_as_written, "طرابلس");
        assert_eq!(tripoli.fips.as_deref(), Some("LY"));
        assert!((tripoli.lat - 32.88743).abs() < 1e-4 && (tripoli.lon - 13.18733).abs() < 1e-4);
        assert!(tripoli.reason.contains("one_sense"), "{}", tripoli.reason);
        // Focus: Libya and Egypt, and the demonyms count.
        let focus: Vec<&str> = d
            .focus_countries
            .iter()
            .map(|f| f.country_code.as_str())
            .collect();
        assert_eq!(
            &focus[..2]
                .iter()
                .copied()
                .collect::<std::collections::BTreeSet<_>>(),
            &["EG", "LY"].into()
        );
        assert!(
            d.focus_countries
                .iter()
                .find(|f| f.country_code == "EG")
                .unwrap()
                .demonyms
                >= 5
        );
    }

    #[test]
    fn title_mentions_are_tagged_with_their_field() {
        let raw: RawArticle = serde_json::from_value(
            serde_json::json!({"id": "t", "title": "حفتر في القاهرة", "body": "زار حفتر مصر."}),
        )
        .unwrap();
        let mut d = Document::new(
            raw,
            Origin {
                topic: "test".into(),
                partition: 0,
                offset: 0,
            },
        );
        testutil::analyze(&mut d);
        tagger().process(&mut d).unwrap();
        let cairo = find(&d, CAIRO);
        assert_eq!(cairo.mentions[0].field, Field::Title);
        assert_eq!((cairo.mentions[0].start, cairo.mentions[0].end), (8, 15));
    }

    #[test]
    fn missing_analysis_is_an_error() {
        let raw: RawArticle =
            serde_json::from_value(serde_json::json!({"id": "t", "body": "x"})).unwrap();
        let mut d = Document::new(
            raw,
            Origin {
                topic: "test".into(),
                partition: 0,
                offset: 0,
            },
        );
        assert!(matches!(
            tagger().process(&mut d),
            Err(StageError::MissingAnalysis("locations"))
        ));
    }

    #[test]
    fn fixture_gazetteer_resolves_by_the_same_rules() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gazetteer");
        let config = crate::stages::locations::GazetteerConfig {
            path: Some(dir.join("geonames.txt")),
            alternate_names: Some(dir.join("alternateNamesV2.txt")),
            country_info: Some(dir.join("countryInfo.txt")),
            admin1_codes: Some(dir.join("admin1CodesASCII.txt")),
            ..Default::default()
        };
        let t = LocationTagger::new(
            Arc::new(Gazetteer::load(&config).unwrap()),
            &Lexicon::embedded(),
        );
        let mut d = doc("دخلت القوات طرابلس، وقال مسؤول ليبي إن بنغازي هادئة.");
        t.process(&mut d).unwrap();
        assert_eq!(ids(&d), vec![TRIPOLI_LY, BENGHAZI]);
        let tripoli = find(&d, TRIPOLI_LY);
        assert_eq!(tripoli.admin1_name.as_deref(), Some("Tripoli"));
        assert_eq!(tripoli.admin1_code.as_deref(), Some("LY.77"));
        // A user's file without regions gets the embedded ones and their names.
        let mut d = doc("أبحرت السفينة في البحر المتوسط.");
        t.process(&mut d).unwrap();
        assert_eq!(ids(&d), vec![MEDITERRANEAN]);
    }
}
