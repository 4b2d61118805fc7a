//! [`LocationTagger`]: finds toponyms in the article zone and resolves each
//! to one GeoNames place.
//!
//! # Brief overview
//!
//! 1. **Match.** One [`NameMatcher`] over every gazetteer name and every
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
//! 4. **One sense per document.** All mentions of one normalised name share
//!    one resolution, unless containment says otherwise for some of them.
//! 5. **Score.** Feature-class prior (country > ADM1 > capital > other city),
//!    population, the document's focus countries (unambiguous toponyms,
//!    demonyms, actors' countries) and co-mention of a containing or
//!    contained place. A division that shares its name with a city inside
//!    it gives way to the city (القاهرة is Cairo, not Cairo Governorate).
//! 6. **Focus.** The resolved places, demonyms and actors give
//!    `doc.focus_countries`.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use crate::article::{CharSpan, Document, Field, Mention};
use crate::stages::text::{AnalyzedField, NameMatcher, normalize};
use crate::stages::{Stage, StageError};

use super::gazetteer::{Gazetteer, GazetteerError, Place};
use super::rules::Rules;
use super::{FocusCountry, Location, LocationsConfig};

/// Feature-class prior added to a candidate's score. Source: the ordering
/// country > first-level division > capital > other city of the locations
/// issue, spaced so that a full focus-country bonus ([`FOCUS_WEIGHT`]) can
/// lift a capital over a country (عمان is Amman in a text about Jordan) but
/// population alone cannot.
fn feature_prior(p: &Place) -> f64 {
    if p.is_country() {
        6.0
    } else if p.is_admin1() {
        4.5
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
/// Confidence of a name with a single candidate.
const SINGLE_CANDIDATE_CONFIDENCE: f64 = 0.9;
/// Confidence of a stoplisted name kept because the text supports it.
const SUPPORTED_STOPWORD_CONFIDENCE: f64 = 0.7;

/// What a matched name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    /// Index into [`Gazetteer::names`].
    Name(u32),
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
            ClassCue::Division => p.is_admin1(),
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
    stopword: bool,
    also_person: bool,
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
/// use newsevents::stages::locations::{Gazetteer, LocationTagger};
///
/// let tagger = LocationTagger::new(Arc::new(Gazetteer::embedded()));
/// assert_eq!(newsevents::stages::Stage::name(&tagger), "locations");
/// ```
pub struct LocationTagger {
    gazetteer: Arc<Gazetteer>,
    rules: Rules,
    matcher: NameMatcher<Entry>,
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
    /// A tagger over `gazetteer`, with the embedded stoplist, person cues and
    /// demonyms (`data/gazetteer/`, `data/countries/demonyms.tsv`).
    pub fn new(gazetteer: Arc<Gazetteer>) -> Self {
        let rules = Rules::embedded();
        let mut seen = std::collections::HashSet::new();
        let mut entries: Vec<(String, Entry)> = Vec::with_capacity(gazetteer.names().len());
        for (i, n) in gazetteer.names().iter().enumerate() {
            // One entry per (normalised name, place) is enough for matching.
            if seen.insert((normalize(&n.text), n.place)) {
                entries.push((n.text.clone(), Entry::Name(i as u32)));
            }
        }
        for (i, d) in rules.demonyms.iter().enumerate() {
            entries.push((d.form.clone(), Entry::Demonym(i as u32)));
        }
        let matcher = NameMatcher::new(entries);
        Self {
            gazetteer,
            rules,
            matcher,
        }
    }

    /// Loads the gazetteer `config` names and builds the tagger.
    ///
    /// # Errors
    /// [`GazetteerError`] if the gazetteer cannot be loaded.
    pub fn from_config(config: &LocationsConfig) -> Result<Self, GazetteerError> {
        Ok(Self::new(Arc::new(Gazetteer::load(&config.gazetteer)?)))
    }

    /// The gazetteer this tagger resolves against.
    pub fn gazetteer(&self) -> &Arc<Gazetteer> {
        &self.gazetteer
    }

    fn place(&self, idx: u32) -> &Place {
        &self.gazetteer.places()[idx as usize]
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
        let chars = CharOffsets::new(text);
        for m in self.matcher.find(af) {
            let Some(written) = chars.slice(text, m.span) else {
                continue;
            };
            let first = &af.tokens[m.tokens.start];
            if let Some(Entry::Demonym(d)) =
                m.payloads.iter().find(|e| matches!(e, Entry::Demonym(_)))
            {
                let form = &self.rules.demonyms[*d as usize];
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
            for e in m.payloads {
                let Entry::Name(n) = e else { continue };
                let name = &self.gazetteer.names()[*n as usize];
                if is_latin(&name.text) && !latin_case_ok(&name.text, written) {
                    continue;
                }
                if !candidates.contains(&name.place) {
                    candidates.push(name.place);
                }
            }
            if candidates.is_empty() {
                continue;
            }
            let key = normalize(written);
            occurrences.push(Occurrence {
                field: af.field,
                field_index,
                span: m.span,
                tokens: m.tokens.clone(),
                written: written.to_owned(),
                stopword: self.rules.is_stopword(&key),
                also_person: self.rules.is_also_person(&key),
                key,
                candidates,
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
        analysis: &crate::stages::text::Analysis,
        texts: &[&str],
        occ: &mut [Occurrence],
        dem: &[DemonymHit],
    ) {
        for (fi, (af, &text)) in analysis.fields.iter().zip(texts).enumerate() {
            let chars = CharOffsets::new(text);
            let gap =
                |a: usize, b: usize| chars.slice(text, CharSpan::new(a, b.max(a))).unwrap_or("");
            // Which tokens are covered by which hit.
            let mut token_hit: HashMap<usize, Hit> = HashMap::new();
            for (i, o) in occ.iter().enumerate().filter(|(_, o)| o.field_index == fi) {
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
            for &i in &idxs {
                let start = occ[i].tokens.start;
                let end = occ[i].tokens.end;
                let tok = &af.tokens[start];
                // Person context right before the name.
                if start > 0 && !token_hit.contains_key(&(start - 1)) {
                    let prev = &af.tokens[start - 1];
                    let tight = gap(prev.span.end, tok.span.start)
                        .chars()
                        .all(char::is_whitespace);
                    if tight
                        && prev.sentence == tok.sentence
                        && self.rules.is_person_cue(&prev.norm)
                    {
                        occ[i].dropped = true;
                        continue;
                    }
                    if occ[i].also_person
                        && tight
                        && prev.sentence == tok.sentence
                        && prev.capitalized
                        && !self.rules.is_function_word(&prev.norm)
                    {
                        occ[i].dropped = true;
                        continue;
                    }
                }
                if occ[i].also_person
                    && end < af.tokens.len()
                    && !token_hit.contains_key(&end)
                    && af.tokens[end].capitalized
                    && af.tokens[end].sentence == tok.sentence
                    && gap(af.tokens[end - 1].span.end, af.tokens[end].span.start)
                        .chars()
                        .all(char::is_whitespace)
                    && !self.rules.is_division_cue(&af.tokens[end].norm)
                {
                    occ[i].dropped = true;
                    continue;
                }
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
                    } else if self.rules.is_division_cue(cue_word) {
                        Some(ClassCue::Division)
                    } else if self.rules.is_country_cue(cue_word) {
                        Some(ClassCue::Country)
                    } else {
                        None
                    };
                    if occ[i].cue.is_some() {
                        occ[i].supported = true;
                        if let Some(c) = demonym_country {
                            self.restrict_to_country(&mut occ[i], &c);
                        }
                    }
                }
                if end < af.tokens.len() && !token_hit.contains_key(&end) {
                    let next = &af.tokens[end].norm;
                    if self.rules.is_city_cue_after(next) {
                        occ[i].cue = Some(ClassCue::City);
                        occ[i].supported = true;
                    } else if self.rules.is_division_cue(next) && is_latin(&occ[i].written) {
                        occ[i].cue = Some(ClassCue::Division);
                        occ[i].supported = true;
                    }
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
                    Hit::Demonym(d) => {
                        // "طرابلس الليبية": the demonym right after names the country.
                        if gap(a_end, dem[d].span.start)
                            .chars()
                            .all(char::is_whitespace)
                        {
                            let iso2 = dem[d].iso2.clone();
                            if self.restrict_to_country(&mut occ[a], &iso2) {
                                occ[a].supported = true;
                            }
                        }
                    }
                    Hit::Place(b) => {
                        if !self.rules.is_containment_gap(gap(a_end, occ[b].span.start)) {
                            continue;
                        }
                        let (inner, outer): (Vec<u32>, Vec<u32>) = {
                            let a_c = &occ[a].candidates;
                            let b_c = &occ[b].candidates;
                            let inner = a_c
                                .iter()
                                .copied()
                                .filter(|&x| b_c.iter().any(|&y| self.contains(y, x)))
                                .collect();
                            let outer = b_c
                                .iter()
                                .copied()
                                .filter(|&y| a_c.iter().any(|&x| self.contains(y, x)))
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

    /// Restricts `o` to candidates in `iso2`; false (and no change) if none is.
    fn restrict_to_country(&self, o: &mut Occurrence, iso2: &str) -> bool {
        let inner: Vec<u32> = o
            .candidates
            .iter()
            .copied()
            .filter(|&c| self.place(c).country_code == iso2)
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
        o.is_admin1() && !i.is_admin1() && o.admin1 == i.admin1 && !o.admin1.is_empty()
    }

    fn score(&self, c: u32, focus: &Focus, others: &[u32]) -> Score {
        let p = self.place(c);
        let prior = feature_prior(p);
        let population = if p.feature_class == 'P' {
            POPULATION_WEIGHT * (p.population.max(1) as f64).log10()
        } else {
            0.0
        };
        let focus_bonus = FOCUS_WEIGHT * focus.share(&p.country_code);
        let co_mention = if others
            .iter()
            .any(|&o| self.contains(c, o) || (self.place(o).is_admin1() && self.contains(o, c)))
        {
            CO_MENTION_WEIGHT
        } else {
            0.0
        };
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

/// A set of occurrences resolved together (one sense per document).
#[derive(Debug)]
struct Group {
    members: Vec<usize>,
    candidates: Vec<u32>,
    restriction: Option<String>,
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
        for o in &mut occ {
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
                if kept.is_empty() {
                    o.cue = None;
                } else {
                    o.candidates = kept;
                }
            }
        }
        let groups = self.group(&occ);

        // Focus, first pass: demonyms, actors, and names with one country.
        let mut focus = Focus::default();
        for d in &dem {
            focus.evidence.entry(d.iso2.clone()).or_default().demonyms += 1;
        }
        for iso2 in self.actor_countries(doc) {
            focus.evidence.entry(iso2).or_default().actors += 1;
        }
        for g in &groups {
            let first = self.place(g.candidates[0]).country_code.as_str();
            if g.candidates
                .iter()
                .all(|&c| self.place(c).country_code == first)
            {
                focus.evidence.entry(first.to_owned()).or_default().toponyms +=
                    g.members.len() as u32;
            }
        }

        // Resolve each group.
        let mut resolved: Vec<(usize, u32, f64, String)> = Vec::new(); // group, place, confidence, reason
        for (gi, g) in groups.iter().enumerate() {
            let others: Vec<u32> = groups
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != gi)
                .flat_map(|(_, h)| h.candidates.iter().copied())
                .collect();
            let (place, confidence, reason) = self.resolve(g, &occ, &focus, &others);
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
        for loc in &locations {
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
        occ: &[Occurrence],
        focus: &Focus,
        others: &[u32],
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
        // A division named after a city inside it gives way to the city.
        if cue != Some(ClassCue::Division) {
            let before = candidates.len();
            let snapshot = candidates.clone();
            candidates.retain(|&c| {
                let p = self.place(c);
                !(p.is_admin1()
                    && snapshot
                        .iter()
                        .any(|&x| self.contains(c, x) && self.place(x).feature_class == 'P'))
            });
            if candidates.len() < before {
                notes.push("city_over_same_named_division".into());
            }
        }
        if g.members.len() > 1 {
            notes.push("one_sense".into());
        }
        let mut scored: Vec<(u32, Score)> = candidates
            .iter()
            .map(|&c| (c, self.score(c, focus, others)))
            .collect();
        scored.sort_by(|a, b| {
            b.1.total()
                .total_cmp(&a.1.total())
                .then_with(|| self.place(a.0).geonameid.cmp(&self.place(b.0).geonameid))
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
                (c, format!("{detail} over {}", self.place(second).geonameid))
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
            geonameid: p.geonameid,
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

    /// Countries of the actors found earlier (CAMEO code prefix = ISO alpha-3).
    fn actor_countries(&self, doc: &Document) -> Vec<String> {
        doc.actors
            .iter()
            .filter_map(|a| a.code.as_deref())
            .filter_map(|code| code.get(..3))
            .filter_map(|iso3| self.gazetteer.iso2_of_iso3(iso3))
            .map(str::to_owned)
            .collect()
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// True when the name's letters are Latin script (case rules apply).
fn is_latin(name: &str) -> bool {
    name.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c))
}

/// Latin names must start with a capital in the text, and short ones (three
/// letters or fewer: "US", "Of", "Bar") must match the gazetteer's case exactly.
fn latin_case_ok(name: &str, written: &str) -> bool {
    let starts_upper = written
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase);
    if !starts_upper {
        return false;
    }
    if name.chars().filter(|c| c.is_alphabetic()).count() <= 3 {
        return written == name;
    }
    true
}

/// Byte offsets of each char of a field, to slice it by char spans in O(1).
struct CharOffsets(Vec<usize>);

impl CharOffsets {
    fn new(text: &str) -> Self {
        let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        v.push(text.len());
        Self(v)
    }

    fn slice<'t>(&self, text: &'t str, span: CharSpan) -> Option<&'t str> {
        let (a, b) = (*self.0.get(span.start)?, *self.0.get(span.end)?);
        text.get(a..b)
    }
}
