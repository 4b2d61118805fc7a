//! The `events` stage: who did what to whom, where and when, coded in CAMEO
//! (with the PLOVER type it maps to) from Arabic and English sentences of
//! the article zone. It reads the text stage's tokens and the actors and
//! places of the `actors` and `locations` stages, and writes
//! [`Document::events`].
//!
//! # Layout
//!
//! This file only adapts the document to the steps, which are free
//! functions over their own small types:
//!
//! - [`dictionary`]: PETRARCH verb dictionaries (reader, forms);
//! - [`morphology`]: Arabic surface forms → dictionary lemmas;
//! - [`lexicon`]: cue words, calendar words, action nouns (`data/events/`);
//! - `agents.rs`: role nouns composing a participant's code (`[events] agents`);
//! - [`cameo`]: the CAMEO code table and the modality conventions;
//! - `words.rs`: sentences, words, actors and places laid over them;
//! - `chunks.rs`: cue phrases, clauses, actor phrases (compounds);
//! - `triggers.rs`: verbs and action nouns, and how they are framed;
//! - `patterns.rs`: dictionary patterns;
//! - `dyads.rs`: source and target (SVO, VSO, passive);
//! - `coder.rs`: the code, CAMEO's conventions, candidates;
//! - `dates.rs`, `places.rs`: when and where;
//! - `dedup.rs`: one event per fact, stable ids;
//! - `config.rs`: the `[events]` section, [`SPEC`] and how the stage is built;
//! - `params.rs`: confidence weights.
//!
//! The output types ([`Event`] and its parts) are findings and live in
//! [`crate::article::event`].
//!
//! The conventions are in README.md ("Events") and `coder.rs`.

mod agents;
pub mod cameo;
mod chunks;
mod coder;
mod config;
mod dates;
mod dedup;
mod demonyms;
pub mod dictionary;
pub mod discards;
mod dyads;
pub mod lexicon;
pub mod morphology;
mod params;
mod patterns;
mod places;
mod triggers;
mod words;

use std::path::Path;

use serde::Serialize;

use crate::article::{Field, Mention};
use crate::stages::{Document, Stage, StageError};

pub use crate::article::event::{
    Cameo, DateType, Event, EventDate, EventLocation, EventMention, Modality, Participant,
    ParticipantKind, Plover,
};
pub use cameo::{CameoTable, ModalityTable};
pub use config::{EventsConfig, SPEC};
pub use dictionary::{DictionaryError, Lang, LineError, VerbDictionary};
pub use lexicon::EventLexicon;
pub use params::Params;

use coder::{Candidate, Coder};
use words::{EntityKind, EntityMention, Sentence, TokenView};

/// `data/events/VERSION`.
const VERSION: &str = include_str!("../../../data/events/VERSION");
/// English verbs: `data/events/CAMEO.2.0.txt` (OEDA, MIT).
const CAMEO_EN: &str = include_str!("../../../data/events/CAMEO.2.0.txt");
/// Arabic verbs: `data/events/CAMEO.ar.0.5.txt` (OEDA, MIT).
const CAMEO_AR: &str = include_str!("../../../data/events/CAMEO.ar.0.5.txt");
/// Arabic synonym sets: `data/events/synsets.ar.txt` (OEDA, MIT).
const SYNSETS_AR: &str = include_str!("../../../data/events/synsets.ar.txt");
/// Arabic verbs the OEDA dictionary lacks (ours).
const OURS_AR: &str = include_str!("../../../data/events/verbs.ar.ours.txt");

/// `data/events/VERSION` of the embedded dictionaries and tables.
pub fn version() -> &'static str {
    VERSION.trim()
}

/// Dictionary-verb coverage of Arabic sentences ([`EventCoder::verb_coverage`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VerbCoverage {
    /// Sentences mostly in Arabic script.
    pub sentences: usize,
    /// Of those, with a token equal to a dictionary lemma as written.
    pub sentences_surface: usize,
    /// Of those, with a token one of whose stems is a dictionary lemma.
    pub sentences_stems: usize,
    /// Arabic words.
    pub words: usize,
    /// Words equal to a lemma as written.
    pub verbs_surface: usize,
    /// Words reaching a lemma through their stems.
    pub verbs_stems: usize,
    /// Distinct lemmas reached.
    pub lemmas: std::collections::BTreeSet<String>,
}

impl VerbCoverage {
    /// Adds another article's counts.
    pub fn add(&mut self, o: VerbCoverage) {
        self.sentences += o.sentences;
        self.sentences_surface += o.sentences_surface;
        self.sentences_stems += o.sentences_stems;
        self.words += o.words;
        self.verbs_surface += o.verbs_surface;
        self.verbs_stems += o.verbs_stems;
        self.lemmas.extend(o.lemmas);
    }
}

/// The `events` stage: owns the dictionaries and tables, loaded once.
#[derive(Debug)]
pub struct EventCoder {
    en: VerbDictionary,
    ar: VerbDictionary,
    lexicon: EventLexicon,
    cameo: CameoTable,
    modality: ModalityTable,
    params: Params,
    intent_codes: bool,
    discards: discards::Discards,
    agents: agents::Agents,
    /// Rule `demonym_code` (`demonyms.rs`); empty unless built with the
    /// shared lexicon.
    demonyms: demonyms::DemonymCodes,
}

impl EventCoder {
    /// Loads what `config` names: the embedded dictionaries (if enabled),
    /// then the user's files. Malformed lines are logged once per file
    /// (count and the first three, with line numbers).
    ///
    /// # Errors
    /// [`DictionaryError`] naming the file: unreadable, not a verb
    /// dictionary, or (with `strict`) a malformed line.
    pub fn new(config: &EventsConfig) -> Result<Self, DictionaryError> {
        let mut en = VerbDictionary::new(Lang::En);
        let mut ar = VerbDictionary::new(Lang::Ar);
        let strict = config.strict;
        if config.embedded {
            load_text(&mut en, "CAMEO.2.0.txt", CAMEO_EN, strict, true)?;
            load_text(&mut ar, "synsets.ar.txt", SYNSETS_AR, strict, true)?;
            load_text(&mut ar, "CAMEO.ar.0.5.txt", CAMEO_AR, strict, true)?;
            let oeda = (ar.files.len() - 1) as u16;
            ar.patterns_only(oeda);
            load_text(&mut ar, "verbs.ar.ours.txt", OURS_AR, strict, true)?;
        }
        for p in &config.verbs_en {
            load_file(&mut en, p, strict)?;
        }
        for p in config.synsets_ar.iter().chain(&config.verbs_ar) {
            load_file(&mut ar, p, strict)?;
        }
        let mut discards = discards::Discards::default();
        for p in &config.discards {
            discards.add_file(p)?;
        }
        let agents = agents::Agents::from_files(&config.agents)?;
        Ok(Self {
            en,
            ar,
            lexicon: EventLexicon::embedded(),
            cameo: CameoTable::embedded(),
            modality: ModalityTable::embedded(),
            params: Params::default(),
            intent_codes: config.intent_codes,
            discards,
            agents,
            demonyms: demonyms::DemonymCodes::default(),
        })
    }

    /// The English verb dictionary.
    pub fn english(&self) -> &VerbDictionary {
        &self.en
    }

    /// The Arabic verb dictionary.
    pub fn arabic(&self) -> &VerbDictionary {
        &self.ar
    }

    /// How many Arabic sentences of `doc` hold a dictionary verb: by the
    /// token as written (what a lemma dictionary matches without
    /// lemmatisation) and through our stems (`morphology.rs`). Needs the
    /// text analysis; for `newsevents eval coverage`.
    pub fn verb_coverage(&self, doc: &Document) -> VerbCoverage {
        let mut cov = VerbCoverage::default();
        let Some(analysis) = &doc.analysis else {
            return cov;
        };
        let mut buf = String::new();
        for af in &analysis.fields {
            let text = doc.field_text(af.field);
            let tokens: Vec<TokenView<'_>> = TokenView::of_field(af);
            for s in words::sentences(af.field, text, &tokens, &[]) {
                let arabic = s.words.iter().filter(|w| !w.latin).count();
                if arabic * 2 < s.words.len() || arabic == 0 {
                    continue;
                }
                cov.sentences += 1;
                let (mut surface, mut stems) = (false, false);
                for w in s.words.iter().filter(|w| !w.latin) {
                    cov.words += 1;
                    if self.ar.contains(w.norm) {
                        surface = true;
                        cov.verbs_surface += 1;
                    }
                    let mut hit = None;
                    morphology::verb_stems(w.norm, &mut buf, &mut |stem, _| {
                        if hit.is_none() && self.ar.contains(stem) {
                            hit = Some(stem.to_string());
                        }
                    });
                    if let Some(lemma) = hit {
                        stems = true;
                        cov.verbs_stems += 1;
                        cov.lemmas.insert(lemma);
                    }
                }
                cov.sentences_surface += usize::from(surface);
                cov.sentences_stems += usize::from(stems);
            }
        }
        cov
    }

    /// Codes the events of `doc` (needs the text analysis; reads the actors
    /// and locations already found).
    pub fn code(&self, doc: &Document) -> Vec<Event> {
        let Some(analysis) = &doc.analysis else {
            return Vec::new();
        };
        let coder = Coder {
            en: &self.en,
            ar: &self.ar,
            lexicon: &self.lexicon,
            modality: &self.modality,
            params: &self.params,
            intent_codes: self.intent_codes,
            memo: Default::default(),
        };
        let mut events = Vec::new();
        for af in &analysis.fields {
            let text = doc.field_text(af.field);
            let tokens: Vec<TokenView<'_>> = TokenView::of_field(af);
            let mentions = entity_mentions(doc, &self.demonyms, af.field);
            let mut sentences = words::sentences(af.field, text, &tokens, &mentions);
            for s in &mut sentences {
                self.agents.compose(s, &self.lexicon);
            }
            if !self.discards.story.is_empty()
                && sentences
                    .iter()
                    .any(|s| self.discards.discards_story(&s.norms()))
            {
                return Vec::new();
            }
            let mut previous_place = None;
            for s in &sentences {
                if s.entities.len() < 2 || self.discards.discards_sentence(&s.norms()) {
                    previous_place = places::last_place(s).or(previous_place);
                    continue;
                }
                // Dates only for sentences that code something.
                let exprs_cell: std::cell::OnceCell<Vec<dates::DateExpr>> =
                    std::cell::OnceCell::new();
                let exprs = || {
                    exprs_cell.get_or_init(|| {
                        let mut e = dates::find(&self.lexicon, &s.norms());
                        dates::prefer_explicit(&mut e);
                        e
                    })
                };
                let future = || {
                    exprs()
                        .iter()
                        .filter(|e| e.is_future())
                        .map(|e| e.words.clone())
                        .collect()
                };
                let coded = coder.code(s, &future);
                if !coded.candidates.is_empty() {
                    for c in &coded.candidates {
                        events.push(self.event(doc, s, text, &coded, c, exprs(), previous_place));
                    }
                }
                previous_place = places::last_place(s).or(previous_place);
            }
        }
        dedup::merge(&doc.raw.id, events, &self.params)
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &self,
        doc: &Document,
        s: &Sentence<'_>,
        text: &str,
        coded: &coder::Coded,
        c: &Candidate,
        exprs: &[dates::DateExpr],
        previous_place: Option<usize>,
    ) -> Event {
        let slice = |r: std::ops::Range<usize>| -> String {
            let span = crate::article::CharSpan::new(
                s.words[r.start].span.start,
                s.words[r.end - 1].span.end,
            );
            span.slice(text).unwrap_or("").to_string()
        };
        // Clauses where another event was coded keep their dates.
        let busy = |i: usize| {
            coded.clauses.iter().any(|cl| {
                cl.words.contains(&i)
                    && cl.words != c.clause
                    && coded.heads.iter().any(|h| cl.words.contains(h))
            })
        };
        let date = dates::for_event(
            exprs,
            c.head,
            &coded.heads,
            c.clause.clone(),
            &busy,
            doc.published,
            c.modality.intent,
            &slice,
        );
        let place = places::for_event(
            s,
            &coded.groups,
            &c.roles,
            c.head,
            &[c.source, c.target],
            previous_place,
        );
        let location = place.and_then(|p| {
            doc.locations.get(p.location).map(|l| EventLocation {
                index: p.location,
                geonameid: l.geonameid,
                gazetteer_id: l.gazetteer_id.clone(),
                name: l.name.clone(),
                reason: p.reason,
            })
        });
        let (cameo, plover) = self.cameo.describe(&c.code);
        let trig = crate::article::CharSpan::new(
            s.words[c.trigger.start].span.start,
            s.words[c.trigger.end - 1].span.end,
        );
        Event {
            event_id: String::new(),
            source: participant(doc, s, c.source),
            target: Some(participant(doc, s, c.target)),
            cameo,
            plover,
            location,
            date,
            modality: c.modality,
            confidence: (c.confidence * 100.0).round() / 100.0,
            mentions: vec![EventMention {
                trigger: mention(s.field, text, trig),
                sentence: mention(s.field, text, s.span),
                rule: c.rule,
                dictionary_line: c.line.clone(),
            }],
        }
    }
}

fn mention(field: Field, text: &str, span: crate::article::CharSpan) -> Mention {
    Mention {
        field,
        start: span.start,
        end: span.end,
        text: span.slice(text).unwrap_or("").to_string(),
    }
}

fn participant(doc: &Document, s: &Sentence<'_>, e: usize) -> Participant {
    let ent = &s.entities[e];
    let (kind, id, name) = match ent.kind {
        EntityKind::Actor => {
            let a = &doc.actors[ent.index];
            (ParticipantKind::Actor, a.id.clone(), a.name.clone())
        }
        EntityKind::Place => {
            let l = &doc.locations[ent.index];
            (
                ParticipantKind::Place,
                l.geonameid
                    .map_or_else(|| l.gazetteer_id.clone(), |id| format!("geonames:{id}")),
                l.name.clone(),
            )
        }
    };
    Participant {
        kind,
        index: ent.index,
        id,
        code: ent.code.clone().unwrap_or_default(),
        name,
        mention: ent.mention.clone(),
    }
}

/// The actor and place mentions of `field`, with the code each would have
/// as a participant: the actor's code, else its country, else the country
/// of a mention that is a bare nationality (rule `demonym_code`,
/// `demonyms.rs`); a place's alpha-3 country code.
fn entity_mentions<'a>(
    doc: &'a Document,
    demonyms: &'a demonyms::DemonymCodes,
    field: Field,
) -> Vec<EntityMention<'a>> {
    let mut out = Vec::new();
    for (i, a) in doc.actors.iter().enumerate() {
        let own = a.code.as_deref().or(a.country.as_deref());
        for m in a.mentions.iter().filter(|m| m.field == field) {
            // Rule `demonym_code`: a bare nationality stands for its country.
            let code = own.or_else(|| demonyms.code_of(&m.text));
            out.push(EntityMention {
                kind: EntityKind::Actor,
                index: i,
                code,
                mention: m,
            });
        }
    }
    for (i, l) in doc.locations.iter().enumerate() {
        let code = l.country_code3.as_deref().filter(|c| c.len() == 3);
        for m in l.mentions.iter().filter(|m| m.field == field) {
            out.push(EntityMention {
                kind: EntityKind::Place,
                index: i,
                code,
                mention: m,
            });
        }
    }
    out
}

/// Reads one verb file into `dict`. `embedded`: one of the shipped files,
/// whose few upstream faults are known (README "Events") and logged at
/// debug level; a user's file logs its skipped lines as a warning.
fn load_text(
    dict: &mut VerbDictionary,
    name: &str,
    text: &str,
    strict: bool,
    embedded: bool,
) -> Result<(), DictionaryError> {
    let before = dict.skipped.len();
    dictionary::reader::read_into(dict, name, text, strict)?;
    log_skipped(name, &dict.skipped[before..], embedded);
    Ok(())
}

fn load_file(dict: &mut VerbDictionary, path: &Path, strict: bool) -> Result<(), DictionaryError> {
    let text = std::fs::read_to_string(path).map_err(|source| DictionaryError::Io {
        path: path.to_owned(),
        source,
    })?;
    load_text(dict, &path.display().to_string(), &text, strict, false)
}

/// Logs a file's skipped lines once: the count and the first three; at
/// debug level for a shipped file (`embedded`), else as a warning.
fn log_skipped(file: &str, skipped: &[LineError], embedded: bool) {
    if skipped.is_empty() {
        return;
    }
    let first: Vec<String> = skipped.iter().take(3).map(ToString::to_string).collect();
    if embedded {
        tracing::debug!(file, skipped = skipped.len(), first = ?first, "Malformed lines of a shipped verb dictionary skipped (upstream's, as shipped).");
        return;
    }
    tracing::warn!(file, skipped = skipped.len(), first = ?first, "Malformed verb dictionary lines skipped.");
}

impl Stage for EventCoder {
    fn name(&self) -> &'static str {
        "events"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if doc.analysis.is_none() {
            return Err(StageError::MissingAnalysis("events"));
        }
        doc.events = self.code(doc);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
