//! What the stages find, as the enriched record carries it
//! (`schemas/enriched-article.schema.json`): the language and excluded
//! zones of the `text` stage, the actors of the `actors` stage, the
//! locations and focus countries of the `locations` stage.
//!
//! Serialised field order and skip rules are the wire format: keep them.

use serde::{Deserialize, Serialize};

use super::span::{Field, Mention};

// ---- text stage -------------------------------------------------------

/// Language of an article with the detector's confidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageGuess {
    /// ISO 639-1 code (`ar`, `en`, `fr`, …) or `und` when unknown.
    pub code: String,
    /// 0.0..=1.0.
    pub confidence: f64,
    /// `input` when the article's `lang` field was kept, `detected` otherwise.
    pub source: &'static str,
}

/// Why a range of the body is not tagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneKind {
    /// The article itself: the only zone that is tagged.
    Article,
    /// Donation/subscription blurbs, "read also", share lines, copyright.
    Boilerplate,
    /// Reader comment section (header and every comment after it).
    Comments,
}

/// A range of a field that was excluded from tagging.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExcludedZone {
    /// The field the range points into.
    pub field: Field,
    /// `boilerplate` or `comments`.
    pub kind: ZoneKind,
    /// Start, inclusive, in Unicode scalar values into the original field.
    pub start: usize,
    /// End, exclusive, in Unicode scalar values.
    pub end: usize,
    /// Short bounded code of the rule that fired, e.g. `donation_blurb`.
    pub rule: String,
}

// ---- actors stage -----------------------------------------------------

/// What an actor is. Names follow `data/actors/FORMAT.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A named individual.
    Person,
    /// A state body, company, movement or other organisation.
    Organization,
    /// A non-state armed group (militia, insurgents, rebels).
    ArmedGroup,
    /// A news agency, outlet or broadcaster.
    Media,
    /// An intergovernmental organisation or one of its bodies.
    Igo,
    /// A political party.
    Party,
    /// People acting together without being an organisation (protesters,
    /// civilians); only produced by agent phrases, never by a dictionary entry.
    Group,
}

impl ActorKind {
    /// snake_case name as written in dictionaries and output.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Organization => "organization",
            ActorKind::ArmedGroup => "armed_group",
            ActorKind::Media => "media",
            ActorKind::Igo => "igo",
            ActorKind::Party => "party",
            ActorKind::Group => "group",
        }
    }
}

/// An actor found in an article: one per actor, with every mention.
///
/// Serialised into the enriched record's `actors` array
/// (`schemas/enriched-article.schema.json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Actor {
    /// Wikidata ID, or a stable local id: `ne:…` (our dictionaries and agent
    /// compositions, e.g. `ne:agent:egy:presidency`), `ne:person:<normalised
    /// name>` (title patterns), `petrarch:<file>:<line>`.
    pub id: String,
    /// Canonical name; for title patterns the name as written.
    pub name: String,
    /// `person`, `organization`, `armed_group`, `media`, `igo`, `party`, `group`.
    pub kind: ActorKind,
    /// CAMEO-style code that applies on the publication date, e.g. `EGYGOV`,
    /// `IGOUNO`; `None` when unknown.
    pub code: Option<String>,
    /// ISO 3166-1 alpha-3 of the actor, if it has one.
    pub country: Option<String>,
    /// CAMEO role code (`GOV`, `MIL`, `SPY`, `EDU`, …) when the code is
    /// country + role.
    pub role: Option<String>,
    /// Free-text role: the dictionary's `role`, or the agent label
    /// (`spokesman of presidency`, `researcher`).
    pub title: Option<String>,
    /// The code line that applied: `2014-06-08..`, `..2012-08-12`,
    /// `2012-08-12..2014-03-26`, `default`, or `latest <range>` when the
    /// article had no date; `None` for agents and title patterns.
    pub date_rule: Option<String>,
    /// 0.0..=1.0; the strongest evidence among the mentions.
    pub confidence: f64,
    /// Which evidence found the actor.
    pub source: ActorSource,
    /// Every mention, in text order; offsets in Unicode scalar values into
    /// the original field, proclitics excluded (بخليفة حفتر → خليفة حفتر).
    pub mentions: Vec<Mention>,
}

/// Which evidence produced an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorSource {
    /// A name in an actor dictionary.
    Dictionary,
    /// A role noun composed with a nationality or a known actor.
    Agent,
    /// An unknown name after a title or role phrase.
    TitlePattern,
    /// An unknown name recognised by its shape (`stages/actors/rules/name_pattern/`): a given name
    /// and family name, an organisation head noun and its complement.
    NamePattern,
    /// A PER or ORG name found by the learned entity tagger (the `entities`
    /// stage; model `data/models/ner-<lang>.bin`, its VERSION under
    /// `ner_<lang>` in the record's `versions`) that no dictionary name
    /// and no earlier rule covers.
    Model,
}

// ---- locations stage --------------------------------------------------

/// A toponym in the article zone, resolved to one GeoNames place.
///
/// Every mention's `start..end` counts Unicode scalar values into its
/// `field` of the original article, proclitics outside the span (بالقاهرة →
/// القاهرة).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    /// Canonical English name (GeoNames preferred English name, or its
    /// `name` column; countryInfo's name for countries).
    pub name: String,
    /// The first mention as written in the text, e.g. `طرابلس`.
    pub name_as_written: String,
    /// GeoNames ID; `null` for a place GeoNames does not know (a
    /// `wof:` or `ne:` `gazetteer_id`).
    pub geonameid: Option<u64>,
    /// The place's identity with its source: `gn:<GeoNames ID>` whenever
    /// the place has a GeoNames ID, else `wof:<Who's On First ID>`, or
    /// `ne:<kind>/<slug>` for a Natural Earth landmark (river, dam,
    /// mountain…). A consumer tells the sources apart by the prefix.
    pub gazetteer_id: String,
    /// Who's On First ID, when WOF has the place (also for `gn:` places
    /// that WOF carries with a GeoNames concordance); else `null`.
    pub wof_id: Option<u64>,
    /// ISO 3166-1 alpha-2 country code; empty for a continent and for a
    /// region, water body or landform that spans countries (the Red Sea,
    /// the Levant): see `data/gazetteer/regions.txt`.
    pub country_code: String,
    /// ISO 3166-1 alpha-3 country code, from GeoNames countryInfo.
    pub country_code3: Option<String>,
    /// FIPS 10-4 country code (GDELT's), from GeoNames countryInfo; `None`
    /// where GeoNames has none.
    pub fips: Option<String>,
    /// First-level division as a GeoNames admin1 key `CC.code` (e.g.
    /// `LY.77`); `None` for countries and places without one.
    pub admin1_code: Option<String>,
    /// Name of that division, when the gazetteer's admin1 table has it.
    pub admin1_name: Option<String>,
    /// GeoNames feature class: `A` (country, division), `P` (populated
    /// place), `L` (continent, region: `CONT`, `RGN`, `RGNE` economic
    /// region), `H` (water body: `SEA`, `GULF`, `OCN`, `STRT`, `BAY`) or `T`
    /// (landform: `PEN`, `MTS`, `DSRT`, `ISLS` islands); see the GeoNames
    /// feature-code list.
    pub feature_class: String,
    /// GeoNames feature code, e.g. `PCLI` (independent political entity),
    /// `ADM1` (first-order administrative division), `ADM2` (second-order:
    /// a US county), `PPLC` (capital of a political entity), `PPL`
    /// (populated place); see the GeoNames feature-code list.
    pub feature_code: String,
    /// WGS84 latitude, decimal degrees.
    pub lat: f64,
    /// WGS84 longitude, decimal degrees.
    pub lon: f64,
    /// Population (GeoNames; 0 when unknown).
    pub population: u64,
    /// 0.0..=1.0: 0.9 for a name with one candidate, else a logistic of the
    /// score margin over the runner-up.
    pub confidence: f64,
    /// Short account of the choice, `;`-separated bounded rule codes with
    /// details, e.g. `containment:LB`, `focus_country:LY over 266826`,
    /// `feature_prior:PCLI over 250441`, `city_over_same_named_division`,
    /// `capital_over_same_named_division`, `town_over_smaller_division`,
    /// `region_over_same_named_division`,
    /// `co_mention over 4180386`, `cue_city`, `cue_division`, `one_sense`,
    /// `only_candidate`.
    pub reason: String,
    /// Every mention, in text order (title first).
    pub mentions: Vec<Mention>,
}

/// A country the document is about, with the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FocusCountry {
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
    /// Relative weight, 0.0..=1.0 (1.0 for the strongest country): the sum of
    /// the three counts below over the strongest country's sum.
    pub score: f64,
    /// Mentions of resolved places in this country (the country itself included).
    pub toponyms: u32,
    /// Demonym mentions (المصري, Libyan…).
    pub demonyms: u32,
    /// Actors whose CAMEO code starts with this country's alpha-3 code.
    pub actors: u32,
}
