//! [`ActorTagger`], the `actors` stage: finds actors in the tokens of the
//! article zone that the `text` stage produced, and codes them.
//!
//! Three sources of evidence, strongest first:
//!
//! 1. **dictionary**: a name of an [`ActorEntry`]; its code is resolved with
//!    the publication date ([`ActorEntry::resolve_code`]). A one-token alias
//!    of a person (حفتر، السيسي) is a *short* mention: it refers to the entry
//!    whose full name the document names (earlier mentions first), never to
//!    another entry sharing the surname; with no full name in the document it
//!    is used only when a single entry has it, or a single one of those held
//!    a dated role on the publication date.
//! 2. **agent**: a run of role nouns and nationality adjectives (الرئيس
//!    المصري، "the Syrian army", المتحدث باسم رئاسة الجمهورية المصرية) composes
//!    country + role; a group noun before a known person (قوات حفتر) takes the
//!    person's country. The role is that of the last role noun in the run
//!    (رئيس المخابرات → SPY), the country that of the first adjective.
//!    Reported only when both are known and no name follows. A country
//!    name or a capital gives the country too: after an Arabic agent in
//!    construct state (وزير خارجية مصر، قوات شرق ليبيا، حكومة طرابلس), after
//!    English "of" (the army of Sudan), or as an English possessive
//!    before the agent (Egypt's president, Libya's eastern-based forces;
//!    Haftar's forces and "forces loyal to Haftar" take Haftar's country).
//! 3. **title_pattern**: after a run whose head is a title, a name not in the
//!    dictionary (2–3 Arabic tokens that are not function words, articles,
//!    adjectives or known words; 2–3 capitalised Latin tokens) is reported as
//!    a person with the run's role and country and a lower confidence. An
//!    Arabic prepositional complement between title and name is skipped and
//!    gives no country (الباحث في الشأن الليبي محمد حسن عامر is not Libyan
//!    by that phrase).
//!
//! 4. **name_pattern** (`names.rs`): on the tokens no other rule took, a
//!    name recognised by its shape (a given name from our lists and further
//!    name elements; an organisation head noun and its complement), with
//!    the lowest confidence; later lone surnames join such persons and
//!    title-pattern persons.
//!
//! Only article-zone tokens are read, so names in reader comments and
//! boilerplate are never reported.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;

use super::dictionary::{ActorDictionary, ActorEntry, AgentKind};
use super::{ActorsConfig, ActorsError, load_dictionary};
use crate::article::{Actor, ActorKind, ActorSource, EntityMention, FieldText, Mention};
use crate::lexicon::{Lexicon, compass};
use crate::nlp::arabic::{self, CONJUNCTIONS};
use crate::nlp::script::{has_arabic, is_arabic_word};
use crate::nlp::{AnalyzedField, NameMatcher, normalize};
use crate::stages::{Document, Stage, StageError};

/// Confidence of each kind of evidence, 0..=1. Ordered by how often each
/// rule was right on the sample and our unit cases; not calibrated yet.
mod confidence {
    pub const FULL_NAME: f64 = 0.95;
    pub const SHORT_COREFERENT: f64 = 0.9;
    pub const SHORT_UNIQUE: f64 = 0.8;
    pub const SHORT_BY_DATE: f64 = 0.7;
    pub const AGENT: f64 = 0.7;
    pub const AGENT_OF_ACTOR: f64 = 0.65;
    pub const TITLE_WITH_COUNTRY: f64 = 0.6;
    pub const TITLE: f64 = 0.5;
}

/// Words that cannot be part of a person's name captured after a title:
/// function words, directions, weekdays, months, reporting verbs. Normalised
/// at start-up. Source: written by us.
/// English and French determiners, normalised: capitalised at the start of
/// a sentence, but never part of a name before a one-word alias.
const LATIN_DETERMINERS: &[&str] = &["the", "a", "an", "this", "that", "le", "la", "les", "l"];

const NOT_NAMES: &[&str] = &[
    // Arabic
    "في",
    "من",
    "إلى",
    "على",
    "عن",
    "مع",
    "أن",
    "إن",
    "فإن",
    "بأن",
    "لأن",
    "لكن",
    "قد",
    "كان",
    "كانت",
    "التي",
    "الذي",
    "الذين",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "حيث",
    "بعد",
    "قبل",
    "منذ",
    "حتى",
    "ثم",
    "أو",
    "أم",
    "لا",
    "لم",
    "لن",
    "ما",
    "كما",
    "أيضا",
    "عند",
    "لدى",
    "حول",
    "خلال",
    "بين",
    "بحسب",
    "وفق",
    "وفقا",
    "قال",
    "قالت",
    "قوله",
    "أكد",
    "أكدت",
    "أضاف",
    "أوضح",
    "أعلن",
    "يوم",
    "اليوم",
    "أمس",
    "شرق",
    "غرب",
    "شمال",
    "جنوب",
    "وسط",
    "الأحد",
    "الاثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
    "عام",
    "العام",
    "ليبيا",
    "مصر",
    "سوريا",
    "العراق",
    "تونس",
    "الجزائر",
    "المغرب",
    "السودان",
    "اليمن",
    "لبنان",
    "الأردن",
    "فلسطين",
    "إسرائيل",
    "تركيا",
    "إيران",
    "السعودية",
    "قطر",
    "الإمارات",
    "الكويت",
    "البحرين",
    "عمان",
    "فرنسا",
    "روسيا",
    "أمريكا",
    "واشنطن",
    "القاهرة",
    "طرابلس",
    "بنغازي",
    "دمشق",
    "بغداد",
    "بيروت",
    "الرياض",
    "أنقرة",
    "باريس",
    "لندن",
    "موسكو",
    "وهو",
    "وهي",
    "هو",
    "هي",
    "دعا",
    "قتل",
    "هدد",
    "قام",
    "أفاد",
    "ذكر",
    "صرح",
    "طالب",
    "رأى",
    "اعتبر",
    "نفى",
    "أعرب",
    "أشار",
    "جميع",
    "بعض",
    "أحد",
    "احد",
    "غير",
    "أنها",
    "أنه",
    "إنه",
    // English and French
    "the",
    "a",
    "an",
    "of",
    "for",
    "in",
    "on",
    "at",
    "to",
    "and",
    "or",
    "said",
    "says",
    "told",
    "le",
    "la",
    "les",
    "de",
    "des",
    "du",
    "et",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "mr",
    "mrs",
    "ms",
    "dr",
];

/// Prepositions that open a complement between a title and a name
/// (الباحث في الشأن الليبي …; "researcher on Libyan affairs …").
const COMPLEMENT_PREPOSITIONS: &[&str] =
    &["في", "حول", "عن", "لدى", "بـ", "on", "at", "in", "with"];

/// Connectors allowed inside an English agent run
/// ("spokesman for the Egyptian presidency").
const RUN_CONNECTORS: &[&str] = &["of", "for", "the", "de", "du", "des", "la", "le", "l"];

/// First tokens of Arabic compound names after which an `ال` token still
/// belongs to the name (عبد الرحمن، أبو الغيط).
const COMPOUND_NAME_HEADS: &[&str] = &["عبد", "ابو", "أبو", "بن", "ابن"];

/// Payload of an actor name in the matcher.
#[derive(Debug, Clone, Copy)]
struct NameRef {
    /// Index into `ActorDictionary::actors`.
    actor: u32,
    /// The name is all uppercase Latin (`WHO`, `UN`): the text must be too.
    acronym: bool,
}

/// The `actors` stage. Built once at start-up; cheap to share.
#[derive(Debug, Clone)]
pub struct ActorTagger {
    dict: Arc<ActorDictionary>,
    /// The shared tables: demonyms and the nationality matcher, names.
    lexicon: Lexicon,
    names: Arc<NameMatcher<NameRef>>,
    agents: Arc<NameMatcher<u32>>,
    /// Country names and capitals; payload `country index * 2 + 1` for a
    /// capital, `* 2` for a name.
    places: Arc<NameMatcher<u32>>,
    countries: Vec<String>,
    /// Arabic compass words, which may stand between an agent and a country
    /// name (قوات شرق ليبيا "forces of eastern Libya"; [`compass`]).
    directions: HashSet<String>,
    not_names: HashSet<String>,
    prepositions: HashSet<String>,
    connectors: HashSet<String>,
    compound_heads: HashSet<String>,
    unknown: Arc<super::names::NameFinder>,
}

/// An item a token may start: a resolved-later actor name, an agent phrase,
/// a nationality adjective.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    /// Index into the field's actor mentions.
    Actor(usize),
    /// Agent entry index.
    Agent(u32),
    /// Country index.
    Nationality(u16),
    /// Country index, from the country's name (مصر، Egypt).
    Country(u16),
    /// Country index, from its capital standing for the government.
    Capital(u16),
}

/// A dictionary name found in a field, before and after resolution.
struct NameHit {
    field: usize,
    start_token: usize,
    end_token: usize,
    start: usize,
    end: usize,
    candidates: Vec<u32>,
    short: bool,
    resolved: Option<(u32, f64)>,
}

/// Collects actors by id, merging mentions.
#[derive(Default)]
struct Found {
    actors: Vec<Actor>,
    by_id: HashMap<String, usize>,
}

impl Found {
    fn add(&mut self, actor: Actor) {
        match self.by_id.get(&actor.id) {
            Some(&i) => {
                let a = &mut self.actors[i];
                a.confidence = a.confidence.max(actor.confidence);
                for m in actor.mentions {
                    if !a.mentions.contains(&m) {
                        a.mentions.push(m);
                    }
                }
            }
            None => {
                self.by_id.insert(actor.id.clone(), self.actors.len());
                self.actors.push(actor);
            }
        }
    }

    fn finish(mut self) -> Vec<Actor> {
        for a in &mut self.actors {
            a.mentions.sort_by_key(|m| (m.field, m.start));
        }
        self.actors
            .sort_by_key(|a| a.mentions.first().map(|m| (m.field, m.start)));
        self.actors
    }
}

fn is_acronym(name: &str) -> bool {
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

impl ActorTagger {
    /// Loads the dictionaries and the demonym table `config` names (see
    /// [`Lexicon::load`]) and builds the matchers.
    ///
    /// # Errors
    /// The first [`ActorsError`] of [`load_dictionary`] or of the lexicon.
    pub fn new(config: &ActorsConfig) -> Result<Self, ActorsError> {
        Ok(Self::from_parts(
            load_dictionary(config)?,
            &Lexicon::load(config.demonyms.as_deref())?,
        ))
    }

    /// Builds a tagger over already loaded data.
    pub fn from_parts(dict: ActorDictionary, lexicon: &Lexicon) -> Self {
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
        let set = |words: &[&str]| {
            words
                .iter()
                .map(|w| normalize(w))
                .collect::<HashSet<String>>()
        };
        Self {
            dict: Arc::new(dict),
            unknown: Arc::new(super::names::NameFinder::new(lexicon)),
            lexicon: lexicon.clone(),
            names: Arc::new(names),
            agents: Arc::new(agents),
            places: Arc::new(NameMatcher::new(place_names)),
            countries,
            directions: compass::arabic().map(normalize).collect(),
            not_names: set(NOT_NAMES),
            prepositions: set(COMPLEMENT_PREPOSITIONS),
            connectors: set(RUN_CONNECTORS),
            compound_heads: set(COMPOUND_NAME_HEADS),
        }
    }

    /// The loaded dictionary.
    pub fn dictionary(&self) -> &ActorDictionary {
        &self.dict
    }

    /// Finds the actors of `fields` (title first, then body, as the `text`
    /// stage orders them). `texts` gives each field's original text;
    /// `published` selects date-restricted codes.
    pub fn tag(
        &self,
        fields: &[AnalyzedField],
        texts: &[&str],
        published: Option<NaiveDate>,
    ) -> Vec<Actor> {
        let views: Vec<FieldText<'_>> = texts.iter().map(|t| FieldText::new(t)).collect();
        let mut hits = self.name_hits(fields, &views);
        self.resolve(&mut hits, published);
        let mut found = Found::default();
        for h in &hits {
            if let Some((actor, conf)) = h.resolved {
                found.add(self.dictionary_actor(
                    actor as usize,
                    published,
                    conf,
                    self.mention(fields, &views, h.field, h.start, h.end),
                ));
            }
        }
        for (fi, field) in fields.iter().enumerate() {
            let field_hits: Vec<&NameHit> = hits
                .iter()
                .filter(|h| h.field == fi && h.resolved.is_some())
                .collect();
            self.tag_runs(
                fi,
                field,
                &views[fi],
                &field_hits,
                fields,
                &views,
                &mut found,
            );
        }
        self.repeat_title_names(fields, &views, &mut found);
        // Rule 4 (names.rs): names of a known shape on the tokens left free.
        let agents: Vec<(usize, std::ops::Range<usize>)> = fields
            .iter()
            .enumerate()
            .flat_map(|(fi, f)| self.agents.find(f).into_iter().map(move |m| (fi, m.tokens)))
            .collect();
        let blocked = super::names::NameFinder::blocked_tokens(
            fields,
            found.actors.iter().flat_map(|a| &a.mentions),
            &agents,
        );
        for actor in self
            .unknown
            .find(fields, texts, &blocked, &mut found.actors)
        {
            found.add(actor);
        }
        found.finish()
    }

    /// A name first caught after a title is often repeated without it: adds
    /// every other occurrence of the same token sequence (proclitics allowed
    /// on the first token) as a mention of the same person.
    fn repeat_title_names(
        &self,
        fields: &[AnalyzedField],
        views: &[FieldText<'_>],
        found: &mut Found,
    ) {
        let people: Vec<(usize, Vec<String>)> = found
            .actors
            .iter()
            .enumerate()
            .filter(|(_, a)| a.source == ActorSource::TitlePattern)
            .map(|(i, a)| {
                (
                    i,
                    normalize(&a.mentions[0].text)
                        .split(' ')
                        .map(str::to_owned)
                        .collect(),
                )
            })
            .collect();
        for (idx, words) in people {
            for (fi, field) in fields.iter().enumerate() {
                let toks = &field.tokens;
                for start in 0..toks.len().saturating_sub(words.len() - 1) {
                    let first = &toks[start].norm;
                    // The first word, after at most two proclitics.
                    let Some(prefix) = first.strip_suffix(words[0].as_str()) else {
                        continue;
                    };
                    let strip = prefix.chars().count();
                    if strip > 2 || !prefix.chars().all(|c| "وفبلك".contains(c)) {
                        continue;
                    }
                    if !(1..words.len()).all(|k| {
                        toks[start + k].norm == words[k]
                            && toks[start + k].sentence == toks[start].sentence
                    }) {
                        continue;
                    }
                    let begin = if strip == 0 {
                        toks[start].span.start
                    } else {
                        field.orig_offset(start, strip)
                    };
                    let m = self.mention(
                        fields,
                        views,
                        fi,
                        begin,
                        toks[start + words.len() - 1].span.end,
                    );
                    let actor = &mut found.actors[idx];
                    if !actor.mentions.contains(&m) {
                        actor.mentions.push(m);
                    }
                }
            }
        }
    }

    fn mention(
        &self,
        fields: &[AnalyzedField],
        views: &[FieldText<'_>],
        fi: usize,
        start: usize,
        end: usize,
    ) -> Mention {
        Mention {
            field: fields[fi].field,
            start,
            end,
            text: views[fi].slice(start, end).to_owned(),
        }
    }

    fn name_hits(&self, fields: &[AnalyzedField], views: &[FieldText<'_>]) -> Vec<NameHit> {
        let mut hits = Vec::new();
        for (fi, field) in fields.iter().enumerate() {
            let tokens = &field.tokens;
            let matches = self.names.find(field);
            let mut known = vec![false; tokens.len()];
            for m in matches
                .iter()
                .map(|m| m.tokens.clone())
                .chain(self.agents.find(field).iter().map(|m| m.tokens.clone()))
            {
                known[m].iter_mut().for_each(|k| *k = true);
            }
            // An unknown capitalised word right before or after (same
            // sentence, no punctuation between) makes a Latin one-token
            // alias part of a longer name: "Chris Hunt" is not Hunt.
            // A sentence-initial determiner is no name ("The Kremlin said").
            let unknown_capital = |i: usize, j: usize| {
                let (a, b) = (i.min(j), i.max(j));
                tokens[j].sentence == tokens[i].sentence
                    && !known[j]
                    && tokens[j].capitalized
                    && !LATIN_DETERMINERS.contains(&tokens[j].norm.as_str())
                    && views[fi]
                        .slice(tokens[a].span.end, tokens[b].span.start)
                        .chars()
                        .all(char::is_whitespace)
            };
            for m in matches {
                let surface = views[fi].slice(m.span.start, m.span.end);
                let latin = !has_arabic(surface);
                // Latin names are written with a capital: "store" is not Støre.
                if latin && !tokens[m.tokens.start].capitalized {
                    continue;
                }
                if latin
                    && m.tokens.len() == 1
                    && ((m.tokens.start > 0 && unknown_capital(m.tokens.start, m.tokens.start - 1))
                        || (m.tokens.end < tokens.len()
                            && unknown_capital(m.tokens.start, m.tokens.end)))
                {
                    continue;
                }
                let upper = is_acronym(surface);
                let mut candidates: Vec<u32> = Vec::new();
                for p in m.payloads {
                    if (!p.acronym || upper) && !candidates.contains(&p.actor) {
                        candidates.push(p.actor);
                    }
                }
                if candidates.is_empty() {
                    continue;
                }
                let short = m.tokens.len() == 1
                    && candidates
                        .iter()
                        .all(|&c| self.dict.actors[c as usize].kind == ActorKind::Person);
                hits.push(NameHit {
                    field: fi,
                    start_token: m.tokens.start,
                    end_token: m.tokens.end,
                    start: m.span.start,
                    end: m.span.end,
                    candidates,
                    short,
                    resolved: None,
                });
            }
        }
        hits
    }

    /// Picks one entry per hit (module doc, rule 1).
    fn resolve(&self, hits: &mut [NameHit], published: Option<NaiveDate>) {
        let entry = |i: u32| &self.dict.actors[i as usize];
        let by_date = |cands: &[u32]| -> Vec<u32> {
            match published {
                Some(d) => cands
                    .iter()
                    .copied()
                    .filter(|&c| entry(c).active_on(d))
                    .collect(),
                None => Vec::new(),
            }
        };
        // Full names first: they anchor the short ones.
        let mut seen: Vec<(u32, usize, usize)> = Vec::new();
        for h in hits.iter_mut().filter(|h| !h.short) {
            let pick = if h.candidates.len() == 1 {
                h.candidates[0]
            } else {
                let dated = by_date(&h.candidates);
                let ours = |c: &u32| !entry(*c).id.starts_with("petrarch:");
                dated
                    .iter()
                    .copied()
                    .find(ours)
                    .or_else(|| h.candidates.iter().copied().find(ours))
                    .unwrap_or(h.candidates[0])
            };
            h.resolved = Some((pick, confidence::FULL_NAME));
            seen.push((pick, h.field, h.start));
        }
        for h in hits.iter_mut().filter(|h| h.short) {
            let mut anchors: Vec<&(u32, usize, usize)> = seen
                .iter()
                .filter(|(a, _, _)| h.candidates.contains(a))
                .collect();
            // The nearest full mention before this one, else the first after it.
            anchors.sort_by_key(|(_, f, s)| {
                let before = (*f, *s) < (h.field, h.start);
                (!before, if before { usize::MAX - s } else { *s }, *f)
            });
            h.resolved = if let Some((a, _, _)) = anchors.first() {
                Some((*a, confidence::SHORT_COREFERENT))
            } else if h.candidates.len() == 1 {
                Some((h.candidates[0], confidence::SHORT_UNIQUE))
            } else {
                match by_date(&h.candidates)[..] {
                    [one] => Some((one, confidence::SHORT_BY_DATE)),
                    _ => None,
                }
            };
        }
    }

    fn dictionary_actor(
        &self,
        idx: usize,
        published: Option<NaiveDate>,
        conf: f64,
        mention: Mention,
    ) -> Actor {
        let e: &ActorEntry = &self.dict.actors[idx];
        let resolved = e.resolve_code(published);
        let code = resolved.as_ref().map(|r| r.rule.code.clone());
        let date_rule = resolved.as_ref().map(|r| match r.how {
            "latest" => format!("latest {}", r.rule.describe()),
            _ => r.rule.describe(),
        });
        let role = code.as_deref().and_then(|c| {
            let country = e.country.as_deref()?;
            (c.len() >= 6 && c.starts_with(country)).then(|| c[3..6].to_owned())
        });
        Actor {
            id: e.id.clone(),
            name: e.name.clone(),
            kind: e.kind,
            code,
            country: e.country.clone(),
            role,
            title: e.role.clone(),
            date_rule,
            confidence: conf,
            source: ActorSource::Dictionary,
            mentions: vec![mention],
        }
    }

    /// Agent runs and title patterns of one field (module doc, rules 2 and 3).
    #[allow(clippy::too_many_arguments)]
    fn tag_runs(
        &self,
        fi: usize,
        field: &AnalyzedField,
        view: &FieldText<'_>,
        hits: &[&NameHit],
        fields: &[AnalyzedField],
        views: &[FieldText<'_>],
        found: &mut Found,
    ) {
        let n = field.tokens.len();
        // item_at[i] = (item, end token) for an item starting at token i.
        let mut item_at: Vec<Option<(Item, usize)>> = vec![None; n];
        let mut covered = vec![false; n];
        for (k, h) in hits.iter().enumerate() {
            item_at[h.start_token] = Some((Item::Actor(k), h.end_token));
            covered[h.start_token..h.end_token]
                .iter_mut()
                .for_each(|c| *c = true);
        }
        let agent_matches = self.agents.find(field);
        for m in &agent_matches {
            if !covered[m.tokens.clone()].iter().any(|c| *c) {
                item_at[m.tokens.start] = Some((Item::Agent(m.payloads[0]), m.tokens.end));
                covered[m.tokens.clone()].iter_mut().for_each(|c| *c = true);
            }
        }
        for m in self.lexicon.countries.nationalities().find(field) {
            if !covered[m.tokens.clone()].iter().any(|c| *c) {
                item_at[m.tokens.start] = Some((Item::Nationality(m.payloads[0]), m.tokens.end));
                covered[m.tokens.clone()].iter_mut().for_each(|c| *c = true);
            }
        }
        // After adjectives: السعودية is the adjective (الحكومة السعودية)
        // more often than the country, and either gives the same country.
        // An Arabic name with a proclitic (للعراق، بأفغانستان) is a
        // prepositional phrase, never a construct complement.
        for m in self.places.find(field) {
            let first = &field.tokens[m.tokens.start];
            // English names are proper nouns: "Turkey", not "turkey".
            let proper = has_arabic(&first.norm)
                || first.capitalized
                || !first.norm.chars().next().is_some_and(char::is_alphabetic);
            if proper && m.proclitic.is_empty() && !covered[m.tokens.clone()].iter().any(|c| *c) {
                let p = m.payloads[0];
                let idx = (p / 2) as u16;
                let item = if p % 2 == 1 {
                    Item::Capital(idx)
                } else {
                    Item::Country(idx)
                };
                item_at[m.tokens.start] = Some((item, m.tokens.end));
                covered[m.tokens.clone()].iter_mut().for_each(|c| *c = true);
            }
        }
        let span_start = |m_start: usize| {
            agent_matches
                .iter()
                .find(|m| m.tokens.start == m_start)
                .map(|m| m.span.start)
                .unwrap_or(field.tokens[m_start].span.start)
        };

        let mut i = 0;
        while i < n {
            let starts = match item_at[i] {
                Some((Item::Agent(_), _)) => true,
                // English puts the nationality first ("Syrian army").
                Some((Item::Nationality(_), end)) => {
                    !has_arabic(&field.tokens[i].norm)
                        && end < n
                        && matches!(item_at[end], Some((Item::Agent(_), _)))
                }
                // "Egypt's president", "the Tripoli government".
                Some((Item::Country(_) | Item::Capital(_), end)) => {
                    !has_arabic(&field.tokens[i].norm)
                        && self
                            .agent_after_possessor(field, view, &item_at, i, end)
                            .is_some()
                }
                // "Haftar's forces".
                Some((Item::Actor(k), end)) if !has_arabic(&field.tokens[i].norm) => {
                    if let Some(a) = self.agent_after_possessor(field, view, &item_at, i, end)
                        && let Some((actor, _)) = hits[k].resolved
                        && let Some((Item::Agent(g), g_end)) = item_at[a]
                    {
                        let e = &self.dict.actors[actor as usize];
                        let head = &self.dict.agents[g as usize];
                        let mention = self.mention(
                            fields,
                            views,
                            fi,
                            field.tokens[i].span.start,
                            field.tokens[g_end - 1].span.end,
                        );
                        if let Some(actor) = self.agent_of_actor(head, e, mention) {
                            found.add(actor);
                        }
                    }
                    false
                }
                _ => false,
            };
            i = if starts {
                self.run(
                    fi,
                    field,
                    view,
                    hits,
                    &item_at,
                    i,
                    fields,
                    views,
                    found,
                    &span_start,
                )
            } else {
                i + 1
            };
        }
    }

    /// One run of agents and nationalities starting at token `start`;
    /// returns the token after it.
    #[allow(clippy::too_many_arguments)]
    fn run(
        &self,
        fi: usize,
        field: &AnalyzedField,
        view: &FieldText<'_>,
        hits: &[&NameHit],
        item_at: &[Option<(Item, usize)>],
        start: usize,
        fields: &[AnalyzedField],
        views: &[FieldText<'_>],
        found: &mut Found,
        span_start: &dyn Fn(usize) -> usize,
    ) -> usize {
        let tokens = &field.tokens;
        let n = tokens.len();
        let sentence = tokens[start].sentence;
        let arabic = has_arabic(&tokens[start].norm);
        let mut agents: Vec<(u32, usize, usize)> = Vec::new(); // (agent, start tok, end tok)
        let mut country: Option<(u16, usize, usize)> = None;
        let mut first_segment_end: Option<usize> = None;
        let mut j = start;
        while j < n && tokens[j].sentence == sentence {
            match item_at[j] {
                Some((Item::Agent(a), end)) => {
                    agents.push((a, j, end));
                    j = end;
                }
                Some((Item::Nationality(c), end)) => {
                    if country.is_none() {
                        country = Some((c, j, end));
                    }
                    j = end;
                }
                Some((Item::Country(c) | Item::Capital(c), end)) => {
                    let capital = matches!(item_at[j], Some((Item::Capital(_), _)));
                    if j == start {
                        // English possessor or capital before the agent.
                        country = Some((c, j, end));
                        j = end;
                        continue;
                    }
                    if country.is_none() && self.takes_place(field, view, &agents, j, end, capital)
                    {
                        country = Some((c, j, end));
                        j = end;
                    }
                    // A country name closes the phrase.
                    break;
                }
                // Words between a possessor and its agent ("Libya's
                // eastern-based forces") or an Arabic direction before a
                // country name (قوات شرق ليبيا).
                None if agents.is_empty()
                    && country.is_some_and(|(_, cs, _)| cs == start)
                    && self.modifier(field, view, item_at, j) =>
                {
                    j += 1;
                }
                None if arabic
                    && country.is_none()
                    && agents.last().is_some_and(|&(_, _, e)| e == j)
                    && self.directions.contains(&tokens[j].norm)
                    && matches!(
                        item_at.get(j + 1),
                        Some(Some((Item::Country(_) | Item::Nationality(_), _)))
                    ) =>
                {
                    j += 1;
                }
                None if !arabic
                    && self.connectors.contains(&tokens[j].norm)
                    && !agents.is_empty() =>
                {
                    first_segment_end.get_or_insert(agents.len());
                    j += 1;
                }
                _ => break,
            }
        }
        // Trailing connectors are not part of the run.
        let mut end = j;
        while end > start
            && item_at[end - 1].is_none()
            && self.connectors.contains(&tokens[end - 1].norm)
            && !arabic
        {
            end -= 1;
        }
        if agents.is_empty() {
            return j.max(start + 1);
        }
        let head = if arabic {
            agents[0].0
        } else {
            agents[first_segment_end.unwrap_or(agents.len()) - 1].0
        };
        let head = &self.dict.agents[head as usize];
        let role_agent = agents
            .iter()
            .rev()
            .find(|(a, _, _)| self.dict.agents[*a as usize].role.is_some());
        let role = role_agent.and_then(|(a, _, _)| self.dict.agents[*a as usize].role.clone());
        let iso3 = country.map(|(c, _, _)| self.countries[c as usize].clone());
        let label = agents
            .iter()
            .map(|(a, _, _)| self.dict.agents[*a as usize].label.as_str())
            .collect::<Vec<_>>()
            .join(" of ");
        let run_span = (span_start(start), tokens[end - 1].span.end);

        // A body inside a run that names a person is reported on its own
        // (رئيس المخابرات العامة المصرية عباس كامل → Egyptian intelligence).
        let report_body = |found: &mut Found| {
            let Some(iso3) = iso3.as_deref() else { return };
            if let Some(&(a, s, e)) = agents
                .iter()
                .skip(1)
                .find(|(a, _, _)| self.dict.agents[*a as usize].kind == AgentKind::Body)
            {
                let agent = &self.dict.agents[a as usize];
                let e = country
                    .filter(|(_, cs, _)| *cs >= e)
                    .map(|(_, _, ce)| ce)
                    .unwrap_or(e);
                let mention =
                    self.mention(fields, views, fi, span_start(s), tokens[e - 1].span.end);
                found.add(self.agent_actor(
                    iso3,
                    agent.role.clone(),
                    &agent.label,
                    ActorKind::Organization,
                    None,
                    mention,
                ));
            }
        };

        // What follows the run ("forces of Haftar" and "forces loyal to
        // Haftar" are read like قوات حفتر).
        let mut after = end;
        if !arabic && iso3.is_none() && after < n && item_at[after].is_none() {
            let word = |k: usize| tokens.get(k).map(|t| t.norm.as_str());
            if word(after) == Some("of") {
                after += 1;
            } else if word(after) == Some("loyal") && word(after + 1) == Some("to") {
                after += 2;
            }
            if !matches!(item_at.get(after), Some(Some((Item::Actor(_), _)))) {
                after = end;
            }
        }
        let next = if after < n && tokens[after].sentence == sentence {
            item_at[after]
        } else {
            None
        };
        if let Some((Item::Actor(k), actor_end)) = next {
            let (actor, _) = hits[k].resolved.expect("resolved hit");
            let e = &self.dict.actors[actor as usize];
            if e.kind == ActorKind::Person {
                if head.kind == AgentKind::Title {
                    report_body(found);
                } else if iso3.is_none() {
                    // The run's role noun decides the role (قوات → MIL),
                    // as before; the head gives the label.
                    let mention = self.mention(
                        fields,
                        views,
                        fi,
                        run_span.0,
                        tokens[actor_end - 1].span.end,
                    );
                    if let Some(role) = role.clone()
                        && let Some(mut actor) = self.agent_of_actor(head, e, mention)
                    {
                        let c = actor.country.clone().unwrap_or_default();
                        actor.code = Some(format!("{c}{role}"));
                        actor.role = Some(role);
                        found.add(actor);
                    }
                }
            }
            return if after > end { actor_end } else { end };
        }
        // An Arabic title in construct state (رئيس، مدير، وزير without ال)
        // takes a complement next, not a name (مدير معهد …), unless the run
        // already holds it (رئيس المخابرات العامة المصرية …).
        let complete = !arabic
            || arabic::is_definite(&tokens[agents[0].1].norm)
            || agents.len() > 1
            || country.is_some();
        if head.kind == AgentKind::Title
            && complete
            && let Some((name_start, name_end)) =
                self.capture_name(field, view, item_at, end, arabic)
        {
            let first = tokens[name_start].span.start;
            let last = tokens[name_end - 1].span.end;
            let text = view.slice(first, last).to_owned();
            let conf = if iso3.is_some() {
                confidence::TITLE_WITH_COUNTRY
            } else {
                confidence::TITLE
            };
            let code = match (&iso3, &role) {
                (Some(c), Some(r)) => Some(format!("{c}{r}")),
                _ => None,
            };
            let norm: Vec<&str> = tokens[name_start..name_end]
                .iter()
                .map(|t| t.norm.as_str())
                .collect();
            found.add(Actor {
                id: format!("ne:person:{}", norm.join("-")),
                name: text.clone(),
                kind: ActorKind::Person,
                code,
                country: iso3.clone(),
                role: role.clone(),
                title: Some(label.clone()),
                date_rule: None,
                confidence: conf,
                source: ActorSource::TitlePattern,
                mentions: vec![Mention {
                    field: field.field,
                    start: first,
                    end: last,
                    text,
                }],
            });
            report_body(found);
            return name_end;
        }
        if let (Some(iso3), Some(role)) = (iso3.as_deref(), role) {
            let mention = self.mention(fields, views, fi, run_span.0, run_span.1);
            found.add(self.agent_actor(
                iso3,
                Some(role),
                &label,
                kind_of(head.kind),
                Some(head.label.clone()),
                mention,
            ));
        }
        end.max(start + 1)
    }

    /// An agent of a known person ("forces of Khalifa Haftar"): the
    /// person's country and the agent's role; `None` without either.
    fn agent_of_actor(
        &self,
        head: &super::dictionary::AgentEntry,
        e: &ActorEntry,
        mention: Mention,
    ) -> Option<Actor> {
        if e.kind != ActorKind::Person {
            return None;
        }
        let (role, c) = (head.role.clone()?, e.country.as_deref()?);
        Some(Actor {
            id: format!(
                "ne:agent:{}:{}",
                e.id.trim_start_matches("ne:"),
                head.label.replace(' ', "-")
            ),
            name: format!("{} of {}", head.label, e.name),
            kind: kind_of(head.kind),
            code: Some(format!("{c}{role}")),
            country: Some(c.to_owned()),
            role: Some(role),
            title: Some(head.label.clone()),
            date_rule: None,
            confidence: confidence::AGENT_OF_ACTOR,
            source: ActorSource::Agent,
            mentions: vec![mention],
        })
    }

    /// True when the English token `t` ends in a possessive `'s` (the
    /// tokenizer leaves it out of the token: `Egypt's` → `Egypt`).
    fn possessive(field: &AnalyzedField, view: &FieldText<'_>, t: usize) -> bool {
        let end = field.tokens[t].span.end;
        matches!(view.slice(end, end + 2), "'s" | "’s")
    }

    /// A lower-case word between a possessor and its agent ("eastern",
    /// "based" in "Libya's eastern-based forces").
    fn modifier(
        &self,
        field: &AnalyzedField,
        view: &FieldText<'_>,
        item_at: &[Option<(Item, usize)>],
        j: usize,
    ) -> bool {
        let Some(t) = field.tokens.get(j) else {
            return false;
        };
        let gap = view.slice(field.tokens[j - 1].span.end, t.span.start);
        let gap = ["'s", "’s"]
            .iter()
            .find_map(|p| gap.strip_prefix(p))
            .unwrap_or(gap);
        item_at[j].is_none()
            && !has_arabic(&t.norm)
            && !t.capitalized
            && t.norm.chars().all(char::is_alphabetic)
            && !self.connectors.contains(&t.norm)
            && !self.not_names.contains(&t.norm)
            && gap.chars().all(|c| c.is_whitespace() || c == '-')
    }

    /// The token where an agent starts after an English possessor at
    /// `start..end` (a country or a person with `'s`, or a capital with or
    /// without it), skipping up to two modifiers; capitals and persons
    /// take only bodies and groups ("the Tripoli government", "Haftar's
    /// forces").
    fn agent_after_possessor(
        &self,
        field: &AnalyzedField,
        view: &FieldText<'_>,
        item_at: &[Option<(Item, usize)>],
        start: usize,
        end: usize,
    ) -> Option<usize> {
        let person = matches!(item_at[start], Some((Item::Actor(_), _)));
        let capital = matches!(item_at[start], Some((Item::Capital(_), _)));
        if !capital && !Self::possessive(field, view, end - 1) {
            return None;
        }
        let sentence = field.tokens[start].sentence;
        let mut j = end;
        while j < field.tokens.len() && j - end <= 2 && field.tokens[j].sentence == sentence {
            if let Some((Item::Agent(a), _)) = item_at[j] {
                let kind = self.dict.agents[a as usize].kind;
                let ok = !(person || capital) || kind != AgentKind::Title;
                return ok.then_some(j);
            }
            // A capital takes no adjective but "-based" ("the Tripoli-based
            // government"; "London under police …" is no phrase).
            let capital_ok = !capital || field.tokens[j].norm == "based";
            if j - end == 2 || !capital_ok || !self.modifier(field, view, item_at, j) {
                return None;
            }
            j += 1;
        }
        None
    }

    /// Whether a country name or capital at `j..end`, inside a run, gives
    /// the run's country: in Arabic right after an agent in construct state
    /// (or after a direction word), in English after "of" (not before a
    /// possessive: "the president of Egypt's parliament"). Capitals only
    /// follow Arabic bodies and groups (حكومة طرابلس).
    fn takes_place(
        &self,
        field: &AnalyzedField,
        view: &FieldText<'_>,
        agents: &[(u32, usize, usize)],
        j: usize,
        end: usize,
        capital: bool,
    ) -> bool {
        let tokens = &field.tokens;
        let Some(&(last, _, last_end)) = agents.last() else {
            return false;
        };
        let agent = &self.dict.agents[last as usize];
        if has_arabic(&tokens[j].norm) {
            // Only spaces between: وزير: مصر is two phrases.
            let spaces = |a: usize, b: usize| {
                view.slice(tokens[a].span.end, tokens[b].span.start)
                    .chars()
                    .all(char::is_whitespace)
            };
            let gap_ok = (last_end == j && spaces(j - 1, j))
                || (last_end + 1 == j
                    && self.directions.contains(&tokens[last_end].norm)
                    && spaces(last_end - 1, last_end)
                    && spaces(last_end, j));
            gap_ok
                && !arabic::is_definite(&tokens[last_end - 1].norm)
                && (!capital || agent.kind != AgentKind::Title)
        } else {
            let between = &tokens[last_end..j];
            !capital
                && !between.is_empty()
                && between.iter().all(|t| self.connectors.contains(&t.norm))
                && between
                    .iter()
                    .any(|t| matches!(t.norm.as_str(), "of" | "de" | "du" | "des"))
                && !Self::possessive(field, view, end - 1)
        }
    }

    fn agent_actor(
        &self,
        iso3: &str,
        role: Option<String>,
        label: &str,
        kind: ActorKind,
        title: Option<String>,
        mention: Mention,
    ) -> Actor {
        let adjective = self.lexicon.countries.english(iso3).unwrap_or(iso3);
        Actor {
            id: format!(
                "ne:agent:{}:{}",
                iso3.to_lowercase(),
                label.replace(' ', "-")
            ),
            name: format!("{adjective} {label}"),
            kind,
            code: role.as_ref().map(|r| format!("{iso3}{r}")),
            country: Some(iso3.to_owned()),
            role,
            title: title.or_else(|| Some(label.to_owned())),
            date_rule: None,
            confidence: confidence::AGENT,
            source: ActorSource::Agent,
            mentions: vec![mention],
        }
    }

    /// The token range of a name right after a title run ending at `at`
    /// (module doc, rule 3).
    fn capture_name(
        &self,
        field: &AnalyzedField,
        view: &FieldText<'_>,
        item_at: &[Option<(Item, usize)>],
        mut at: usize,
        arabic: bool,
    ) -> Option<(usize, usize)> {
        let tokens = &field.tokens;
        let n = tokens.len();
        let sentence = tokens.get(at)?.sentence;
        // Items are short (the longest dictionary name has a dozen tokens),
        // so only a few starts before `i` can cover it.
        let item_covers = |i: usize| {
            (i.saturating_sub(32)..=i).any(|s| matches!(item_at[s], Some((_, e)) if i < e))
        };
        let separated = |a: usize, b: usize| {
            view.slice(tokens[a].span.end, tokens[b].span.start)
                .chars()
                .any(|c| !c.is_whitespace())
        };
        // Optional complement: preposition + definite words / adjectives.
        if self.prepositions.contains(&tokens[at].norm) {
            let mut k = at + 1;
            while k < n && k - at <= 4 && tokens[k].sentence == sentence {
                let t = &tokens[k];
                let definite = if arabic {
                    t.norm.starts_with("ال")
                } else {
                    !t.capitalized
                };
                if definite || matches!(item_at[k], Some((Item::Nationality(_), _))) {
                    k += 1;
                } else {
                    break;
                }
            }
            if k == at + 1 {
                return None;
            }
            at = k;
        }
        let stop = |i: usize| {
            let t = &tokens[i];
            // و/ف are conjunctions before a function word or verb (وعلى، فهدد).
            let bare = t
                .norm
                .strip_prefix(CONJUNCTIONS)
                .filter(|r| r.chars().count() >= 2);
            self.not_names.contains(&t.norm)
                || bare.is_some_and(|b| self.not_names.contains(b))
                || item_covers(i)
        };
        // A place right after the title belongs to it, not to the name:
        // «المتحدث باسم شرطة كابول حشمت ستانيكزاي» (a definite place such
        // as القاهرة already stops the name below).
        while arabic
            && at + 2 < n
            && tokens[at].sentence == sentence
            && !item_covers(at)
            && self.unknown.ar_place(&tokens[at].norm)
        {
            at += 1;
        }
        let mut end = at;
        while end < n && end - at < 3 && tokens[end].sentence == sentence {
            let t = &tokens[end];
            if end > at && separated(end - 1, end) {
                break;
            }
            if stop(end) {
                break;
            }
            let ok = if arabic {
                let letters = is_arabic_word(&t.norm);
                let article = t.norm.starts_with("ال")
                    && !(end > at && self.compound_heads.contains(&tokens[end - 1].norm));
                letters && t.norm.chars().count() >= 2 && !article
            } else {
                // All-capital words are headlines and acronyms, not names.
                let orig = view.slice(t.span.start, t.span.end);
                let shouting = orig.chars().filter(|c| c.is_alphabetic()).count() > 1
                    && orig.chars().all(|c| !c.is_lowercase());
                t.capitalized
                    && !shouting
                    && t.norm
                        .chars()
                        .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            };
            if !ok {
                break;
            }
            end += 1;
        }
        // A third Arabic word is kept only before a clear boundary: without
        // capitals, a verb after a two-word name looks like a third name
        // (جورج بوش دعا).
        if arabic && end - at == 3 {
            let boundary = end >= n
                || tokens[end].sentence != sentence
                || separated(end - 1, end)
                || stop(end);
            if !boundary {
                end -= 1;
            }
        }
        (end - at >= 2).then_some((at, end))
    }
}

impl ActorTagger {
    /// The dictionary actor whose name `e`'s text is, exactly and
    /// unambiguously (rule 5's link, `learned.rs`).
    fn link_learned(&self, e: &EntityMention, published: Option<NaiveDate>) -> Option<Actor> {
        let field = AnalyzedField::from_text(e.field, &e.text);
        let n = field.tokens.len();
        let hit = self
            .names
            .find(&field)
            .into_iter()
            .find(|m| m.tokens == (0..n))?;
        let [only] = hit.payloads else {
            return None;
        };
        if only.acronym && !is_acronym(&e.text) {
            return None;
        }
        let start = e.start + hit.span.start;
        let mention = Mention {
            field: e.field,
            start,
            end: e.start + hit.span.end,
            text: e
                .text
                .chars()
                .skip(hit.span.start)
                .take(hit.span.len())
                .collect(),
        };
        Some(self.dictionary_actor(
            only.actor as usize,
            published,
            confidence::SHORT_UNIQUE,
            mention,
        ))
    }
}

fn kind_of(kind: AgentKind) -> ActorKind {
    match kind {
        AgentKind::Title => ActorKind::Person,
        AgentKind::Body => ActorKind::Organization,
        AgentKind::Group => ActorKind::Group,
    }
}

impl Stage for ActorTagger {
    fn name(&self) -> &'static str {
        "actors"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let analysis = doc
            .analysis
            .as_ref()
            .ok_or(StageError::MissingAnalysis("actors"))?;
        let texts: Vec<&str> = analysis
            .fields
            .iter()
            .map(|f| doc.field_text(f.field))
            .collect();
        let mut actors = self.tag(&analysis.fields, &texts, doc.published);
        // Rule 5 (learned.rs): the `entities` stage's PER/ORG names.
        let fields: Vec<_> = analysis.fields.iter().map(|f| f.field).zip(texts).collect();
        super::learned::add(&doc.entities, &fields, &mut actors, |e| {
            self.link_learned(e, doc.published)
        });
        doc.actors = actors;
        Ok(())
    }
}

#[cfg(test)]
pub(super) mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::article::{Field, Origin, RawArticle};
    use crate::lexicon::Countries;
    use crate::stages::testutil;

    /// The shipped dictionaries with the test demonym table (the shipped
    /// table belongs to the `locations` work); shared with `names` tests.
    pub(in crate::stages::actors) fn tagger() -> &'static ActorTagger {
        static T: OnceLock<ActorTagger> = OnceLock::new();
        T.get_or_init(|| {
            let countries = Countries::parse(
                "demonyms.tsv",
                include_str!("../../../tests/fixtures/lexicon/demonyms.tsv"),
            )
            .unwrap();
            let lexicon = Lexicon {
                countries: Arc::new(countries),
                ..Lexicon::embedded()
            };
            ActorTagger::from_parts(load_dictionary(&ActorsConfig::default()).unwrap(), &lexicon)
        })
    }

    fn date(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    /// Tags `text` as one body field (no zoning).
    fn tag(text: &str, published: &str) -> Vec<Actor> {
        let field = AnalyzedField::from_text(Field::Body, text);
        tagger().tag(&[field], &[text], date(published))
    }

    fn find<'a>(actors: &'a [Actor], surface: &str) -> &'a Actor {
        actors
            .iter()
            .find(|a| a.mentions.iter().any(|m| m.text == surface))
            .unwrap_or_else(|| {
                panic!(
                    "no actor with mention {surface:?} in {:#?}",
                    summary(actors)
                )
            })
    }

    fn summary(actors: &[Actor]) -> Vec<String> {
        actors
            .iter()
            .map(|a| {
                let m: Vec<&str> = a.mentions.iter().map(|m| m.text.as_str()).collect();
                format!("{} {:?} {:?} {:?}", a.name, a.code, a.source, m)
            })
            .collect()
    }

    #[test]
    fn dictionary_name_with_proclitic_and_dated_code() {
        let text = "التقى الرئيس بخليفة حفتر في القاهرة.";
        let actors = tag(text, "2019-04-14");
        let haftar = find(&actors, "خليفة حفتر");
        assert_eq!(
            (haftar.code.as_deref(), haftar.role.as_deref()),
            (Some("LBYMIL"), Some("MIL"))
        );
        assert_eq!(haftar.date_rule.as_deref(), Some("2014-05-16.."));
        assert_eq!(haftar.source, ActorSource::Dictionary);
        let m = &haftar.mentions[0];
        assert_eq!(
            text.chars()
                .skip(m.start)
                .take(m.end - m.start)
                .collect::<String>(),
            "خليفة حفتر"
        );
    }

    #[test]
    fn sisi_code_follows_the_publication_date() {
        let code = |d: &str| {
            find(&tag("قال عبد الفتاح السيسي إن", d), "عبد الفتاح السيسي")
                .code
                .clone()
        };
        assert_eq!(code("2011-05-01").as_deref(), Some("EGYMIL"));
        assert_eq!(code("2014-06-07").as_deref(), Some("EGYELI"));
        assert_eq!(code("2014-06-08").as_deref(), Some("EGYGOV"));
        let english = tag("Abdel Fattah el-Sisi met the press.", "2019-04-14");
        assert_eq!(
            find(&english, "Abdel Fattah el-Sisi").code.as_deref(),
            Some("EGYGOV")
        );
    }

    #[test]
    fn surname_attaches_to_the_full_name_seen_earlier() {
        let text = "استقبل بشار الأسد الوفد. وقال الأسد إن الحرب انتهت.";
        let actors = tag(text, "2019-04-14");
        let assad = find(&actors, "بشار الأسد");
        assert_eq!(assad.mentions.len(), 2, "{:?}", summary(&actors));
        assert_eq!(assad.mentions[1].text, "الأسد");
        assert!(!actors.iter().any(|a| a.name == "Hafez al-Assad"));
        // The same surname next to the other full name goes to the other man.
        let text = "حكم حافظ الأسد سوريا ثلاثين عاما، وقال الأسد يومها";
        let actors = tag(text, "2019-04-14");
        let hafez = find(&actors, "حافظ الأسد");
        assert_eq!(hafez.mentions.len(), 2, "{:?}", summary(&actors));
    }

    #[test]
    fn shared_surname_without_full_name_is_resolved_by_date_or_dropped() {
        // Bashar held a dated role in 2019, Hafez did not.
        let actors = tag("Assad said the war was over.", "2019-04-14");
        assert_eq!(find(&actors, "Assad").name, "Bashar al-Assad");
        assert_eq!(find(&actors, "Assad").confidence, confidence::SHORT_BY_DATE);
        // In 1990 only Hafez was president.
        let actors = tag("Assad said the war was over.", "1990-01-01");
        assert_eq!(find(&actors, "Assad").name, "Hafez al-Assad");
        // In 2030 neither held a dated role: not reported.
        let actors = tag("Assad said the war was over.", "2030-01-01");
        assert!(
            actors
                .iter()
                .all(|a| a.mentions.iter().all(|m| m.text != "Assad")),
            "{:?}",
            summary(&actors)
        );
    }

    #[test]
    fn acronyms_must_be_written_in_capitals() {
        let actors = tag(
            "WHO said the outbreak was over, but who knows.",
            "2020-01-01",
        );
        let who = find(&actors, "WHO");
        assert_eq!(who.code.as_deref(), Some("IGOWHO"));
        assert_eq!(who.mentions.len(), 1);
    }

    #[test]
    fn arabic_agents_compose_country_and_role() {
        let cases = [
            (
                "قال الرئيس المصري في كلمة",
                "الرئيس المصري",
                "EGYGOV",
                "person",
            ),
            (
                "أعلن وزير الخارجية الليبي أمس",
                "وزير الخارجية الليبي",
                "LBYGOV",
                "person",
            ),
            (
                "تقدم الجيش السوري نحو المدينة",
                "الجيش السوري",
                "SYRMIL",
                "organization",
            ),
            (
                "خرج المتظاهرون العراقيون إلى الشوارع",
                "المتظاهرون العراقيون",
                "IRQOPP",
                "group",
            ),
            (
                "ولم تفصح السلطات المصرية عما دار",
                "السلطات المصرية",
                "EGYGOV",
                "organization",
            ),
            (
                "تحرك قوات مصرية إلى طرابلس",
                "قوات مصرية",
                "EGYMIL",
                "group",
            ),
        ];
        for (text, surface, code, kind) in cases {
            let actors = tag(text, "2019-04-14");
            let a = find(&actors, surface);
            assert_eq!(
                (a.code.as_deref(), a.kind.as_str(), a.source),
                (Some(code), kind, ActorSource::Agent),
                "{text}"
            );
        }
    }

    #[test]
    fn english_agents_compose_country_and_role() {
        let cases = [
            (
                "The Egyptian president met envoys.",
                "Egyptian president",
                "EGYGOV",
            ),
            ("The Syrian army advanced.", "Syrian army", "SYRMIL"),
            (
                "Iraqi protesters gathered in the square.",
                "Iraqi protesters",
                "IRQOPP",
            ),
            (
                "The Libyan foreign minister said so.",
                "Libyan foreign minister",
                "LBYGOV",
            ),
        ];
        for (text, surface, code) in cases {
            let actors = tag(text, "2019-04-14");
            assert_eq!(find(&actors, surface).code.as_deref(), Some(code), "{text}");
        }
        // A role noun without nationality is not an actor.
        assert!(tag("The army advanced.", "2019-04-14").is_empty());
    }

    #[test]
    fn small_state_ministers_and_governors_general_follow_the_date() {
        // Entries of heads-supplement.toml: a dated code while in office,
        // the default (elite, or the office for a current holder) outside it.
        let cases = [
            ("Rafael Roncagliolo", "2012-05-01", "PERGOV"),
            ("Rafael Roncagliolo", "2020-01-01", "PERELI"),
            ("Hugo de Zela", "2025-08-01", "PERGOV"),
            ("Quentin Bryce", "2013-01-01", "AUSGOV"),
            ("Quentin Bryce", "2015-01-01", "AUSELI"),
            ("Mary Simon", "2022-01-01", "CANGOV"),
            ("Kerrie Symmonds", "2021-06-01", "BRBGOV"),
        ];
        for (name, date, code) in cases {
            let text = format!("{name} said on Monday that talks would go on.");
            let actors = tag(&text, date);
            assert_eq!(
                find(&actors, name).code.as_deref(),
                Some(code),
                "{name} {date}"
            );
        }
    }

    #[test]
    fn english_possessive_and_of_phrases_give_the_country() {
        let cases = [
            (
                "Egypt's president met envoys.",
                "Egypt's president",
                "EGYGOV",
            ),
            (
                "Libya's eastern-based forces advanced.",
                "Libya's eastern-based forces",
                "LBYMIL",
            ),
            (
                "Iraq’s prime minister resigned.",
                "Iraq’s prime minister",
                "IRQGOV",
            ),
            ("Syria's army shelled the town.", "Syria's army", "SYRMIL"),
            (
                "The president of Egypt met envoys.",
                "president of Egypt",
                "EGYGOV",
            ),
            ("The army of Sudan withdrew.", "army of Sudan", "SDNMIL"),
            (
                "The Tripoli government rejected it.",
                "Tripoli government",
                "LBYGOV",
            ),
            (
                "The Tripoli-based government rejected it.",
                "Tripoli-based government",
                "LBYGOV",
            ),
        ];
        for (text, surface, code) in cases {
            let actors = tag(text, "2019-04-14");
            let a = find(&actors, surface);
            assert_eq!(
                (a.code.as_deref(), a.source),
                (Some(code), ActorSource::Agent),
                "{text}"
            );
        }
        // A possessor without an agent, or a lower-case word, is nothing.
        assert!(tag("Egypt's economy grew.", "2019-04-14").is_empty());
        assert!(tag("They ate turkey's army rations.", "2019-04-14").is_empty());
        // The country before a possessive belongs to the next agent.
        let actors = tag("The president of Egypt's parliament spoke.", "2019-04-14");
        assert!(
            actors.iter().all(|a| a.code.as_deref() != Some("EGYGOV")),
            "{:?}",
            summary(&actors)
        );
        // A capital takes no modifier but "-based".
        assert!(tag("They left Tripoli under police escort.", "2019-04-14").is_empty());
        // A capital does not make a title: "Cairo's president" is not Egypt's.
        assert!(tag("Cairo's president spoke.", "2019-04-14").is_empty());
    }

    #[test]
    fn forces_of_or_loyal_to_a_known_person_and_possessive() {
        for (text, surface) in [
            (
                "Forces loyal to Khalifa Haftar attacked Tripoli.",
                "Forces loyal to Khalifa Haftar",
            ),
            (
                "The forces of Khalifa Haftar attacked Tripoli.",
                "forces of Khalifa Haftar",
            ),
            (
                "Khalifa Haftar's forces attacked Tripoli.",
                "Khalifa Haftar's forces",
            ),
        ] {
            let actors = tag(text, "2019-04-14");
            let a = find(&actors, surface);
            assert_eq!(
                (a.code.as_deref(), a.name.as_str()),
                (Some("LBYMIL"), "forces of Khalifa Haftar"),
                "{text}"
            );
            // Haftar is still reported himself.
            assert_eq!(
                find(&actors, "Khalifa Haftar").source,
                ActorSource::Dictionary
            );
        }
    }

    #[test]
    fn arabic_agents_with_a_country_name_in_construct_state() {
        let cases = [
            ("قالت قوات شرق ليبيا إنها تقدمت", "قوات شرق ليبيا", "LBYMIL"),
            ("وصل وزير خارجية مصر إلى عمان", "وزير خارجية مصر", "EGYGOV"),
            (
                "أعلن رئيس وزراء العراق استقالته",
                "رئيس وزراء العراق",
                "IRQGOV",
            ),
            ("انسحب جيش السودان من المدينة", "جيش السودان", "SDNMIL"),
            ("رفضت حكومة طرابلس القرار", "حكومة طرابلس", "LBYGOV"),
        ];
        for (text, surface, code) in cases {
            let actors = tag(text, "2019-04-14");
            let a = find(&actors, surface);
            assert_eq!(
                (a.code.as_deref(), a.source),
                (Some(code), ActorSource::Agent),
                "{text}"
            );
        }
        // Proclitics stay outside the mention; offsets are chars.
        let text = "ونددت وبحكومة طرابلس بالهجوم";
        let actors = tag(text, "2019-04-14");
        let a = find(&actors, "حكومة طرابلس");
        let m = &a.mentions[0];
        assert_eq!((a.code.as_deref(), m.start, m.end), (Some("LBYGOV"), 8, 20));
        assert_eq!(
            text.chars()
                .skip(m.start)
                .take(m.end - m.start)
                .collect::<String>(),
            "حكومة طرابلس"
        );
        // A definite agent is not in construct state: الرئيس مصر is no phrase.
        let actors = tag("زار الرئيس مصر أمس", "2019-04-14");
        assert!(actors.is_empty(), "{:?}", summary(&actors));
        // Punctuation or a preposition breaks the construct state.
        for text in ["قال وزير: مصر ترفض", "لا بد من رئيس للعراق"] {
            let actors = tag(text, "2019-04-14");
            assert!(actors.is_empty(), "{text}: {:?}", summary(&actors));
        }
        // The adjective reading of السعودية still composes after a definite agent.
        let actors = tag("قالت الحكومة السعودية إن", "2019-04-14");
        assert_eq!(
            find(&actors, "الحكومة السعودية").code.as_deref(),
            Some("SAUGOV")
        );
        // A direction after a complete phrase is not part of it
        // (العسكريين الأمريكيين غربي العراق: "west of Iraq").
        let actors = tag("قتل العسكريين الأمريكيين غربي العراق", "2019-04-14");
        let a = find(&actors, "العسكريين الأمريكيين");
        assert_eq!(a.code.as_deref(), Some("USAMIL"));
        // A capital does not follow a title (رئيس طرابلس is no government).
        assert!(tag("قال رئيس طرابلس إن", "2019-04-14").is_empty());
    }

    #[test]
    fn forces_of_a_known_person_take_his_country() {
        let text = "بدأ هجوم قوات حفتر على طرابلس بعد أن التقى خليفة حفتر بالسيسي";
        let actors = tag(text, "2019-04-14");
        let forces = find(&actors, "قوات حفتر");
        assert_eq!(
            (forces.code.as_deref(), forces.source),
            (Some("LBYMIL"), ActorSource::Agent)
        );
        assert_eq!(forces.name, "forces of Khalifa Haftar");
        // Haftar himself is reported from both mentions.
        assert_eq!(find(&actors, "خليفة حفتر").mentions.len(), 2);
    }

    #[test]
    fn unknown_person_after_a_title_phrase() {
        let text = "وبحسب ما قاله المتحدث باسم رئاسة الجمهورية المصرية بسام راضي فإن الزيارة تمت.";
        let actors = tag(text, "2019-04-14");
        let radi = find(&actors, "بسام راضي");
        assert_eq!(radi.kind, ActorKind::Person);
        assert_eq!(
            (
                radi.country.as_deref(),
                radi.role.as_deref(),
                radi.code.as_deref()
            ),
            (Some("EGY"), Some("GOV"), Some("EGYGOV"))
        );
        assert_eq!(radi.source, ActorSource::TitlePattern);
        assert!(radi.confidence < confidence::AGENT);
        // The name repeated later, without the title, is the same person.
        let text2 = format!("{text} وأضاف بسام راضي أن اللقاء كان مثمرا.");
        let actors = tag(&text2, "2019-04-14");
        assert_eq!(
            find(&actors, "بسام راضي").mentions.len(),
            2,
            "{:?}",
            summary(&actors)
        );
        // The presidency named in the phrase is reported too.
        assert_eq!(
            find(&actors, "رئاسة الجمهورية المصرية").code.as_deref(),
            Some("EGYGOV")
        );

        let text = "ونقلت وسائل إعلام عن الباحث في الشأن الليبي محمد حسن عامر قوله إن الزيارة مهمة";
        let actors = tag(text, "2019-04-14");
        let amer = find(&actors, "محمد حسن عامر");
        assert_eq!(
            (amer.kind.as_str(), amer.role.as_deref()),
            ("person", Some("EDU"))
        );
        assert_eq!(
            amer.country, None,
            "the complement's adjective is not his nationality"
        );

        // An honorific gives a person without role or country.
        let actors = tag("وقال السيد سمير حداد إن الوضع صعب", "2019-04-14");
        let p = find(&actors, "سمير حداد");
        assert_eq!(
            (p.kind.as_str(), p.code.as_deref(), p.confidence),
            ("person", None, confidence::TITLE)
        );

        let actors = tag(
            "Presidential spokesman Bassam Radi said the visit was fruitful.",
            "2019-04-14",
        );
        let radi = find(&actors, "Bassam Radi");
        assert_eq!(
            (radi.kind.as_str(), radi.source),
            ("person", ActorSource::TitlePattern)
        );
        let actors = tag(
            "The Egyptian spokesman for the presidency Bassam Radi said so.",
            "2019-04-14",
        );
        assert_eq!(find(&actors, "Bassam Radi").code.as_deref(), Some("EGYGOV"));
    }

    #[test]
    fn institutions_named_by_their_seat_are_state_actors() {
        let actors = tag(
            "قال الكرملين إن البيت الأبيض والبنتاغون لم يردا.",
            "2018-05-06",
        );
        assert_eq!(find(&actors, "الكرملين").code.as_deref(), Some("RUSGOV"));
        assert_eq!(find(&actors, "البيت الأبيض").code.as_deref(), Some("USAGOV"));
        let pentagon = find(&actors, "البنتاغون");
        assert_eq!(pentagon.code.as_deref(), Some("USAMIL"));
        // «و» is a proclitic: the mention starts at the article (char 30).
        assert_eq!(
            (pentagon.mentions[0].start, pentagon.mentions[0].end),
            (30, 39)
        );
        let actors = tag(
            "The Kremlin and the Pentagon spoke; the US Congress votes today.",
            "2018-05-06",
        );
        assert_eq!(find(&actors, "Kremlin").code.as_deref(), Some("RUSGOV"));
        assert_eq!(find(&actors, "Pentagon").code.as_deref(), Some("USAMIL"));
        assert_eq!(find(&actors, "US Congress").code.as_deref(), Some("USALEG"));
    }

    #[test]
    fn a_place_after_the_title_is_not_part_of_the_name() {
        let text = "قال المتحدث باسم شرطة كابول حشمت ستانيكزاي إن الهجوم وقع صباحا.";
        let actors = tag(text, "2018-03-01");
        let person = find(&actors, "حشمت ستانيكزاي");
        assert_eq!(person.source, ActorSource::TitlePattern);
        let m = &person.mentions[0];
        assert_eq!((m.start, m.end), (28, 42));
        assert!(
            actors
                .iter()
                .all(|a| a.mentions.iter().all(|m| !m.text.contains("كابول"))),
            "{actors:#?}"
        );
    }

    #[test]
    fn no_name_is_captured_from_places_or_common_words() {
        let actors = tag("بخليفة حفتر قائد قوات شرق ليبيا الذي وصل", "2019-04-14");
        assert!(
            actors.iter().all(|a| a.source != ActorSource::TitlePattern),
            "{:?}",
            summary(&actors)
        );
        let actors = tag(
            "وإنجاح مهمة المبعوث الأممي إلى ليبيا والتي ترمي",
            "2019-04-14",
        );
        assert!(actors.is_empty(), "{:?}", summary(&actors));
    }

    #[test]
    fn latin_surname_inside_a_longer_unknown_name_is_not_the_entry() {
        // "Hunt", "Abbas" are aliases of dictionary entries; these are other people.
        // They are unknown persons (rule 4), never the entries.
        for (text, name) in [
            ("Chris Hunt scored twice.", "Chris Hunt"),
            ("Hassan Abbas said the talks failed.", "Hassan Abbas"),
        ] {
            let actors = tag(text, "2019-04-14");
            assert_eq!(actors.len(), 1, "{text}: {:?}", summary(&actors));
            assert_eq!(
                (actors[0].name.as_str(), actors[0].source),
                (name, ActorSource::NamePattern)
            );
        }
        // Lower-case words are not names.
        assert!(tag("the store was closed", "2019-04-14").is_empty());
        // The alias alone still works (unique, or by date).
        let actors = tag("Haftar said the offensive goes on.", "2019-04-14");
        assert_eq!(find(&actors, "Haftar").name, "Khalifa Haftar");
    }

    #[test]
    fn construct_titles_and_verbs_do_not_make_names() {
        // An indefinite title takes a complement, not a name.
        for text in [
            "وقال مدير معهد رويان للبحوث إن",
            "وأعلن رئيس مجلس ادارة مؤسسة النقد",
        ] {
            let actors = tag(text, "2019-04-14");
            assert!(
                actors.iter().all(|a| a.source != ActorSource::TitlePattern),
                "{text}: {:?}",
                summary(&actors)
            );
        }
        // A verb after a two-word name is not a third name.
        let actors = tag(
            "وقال المتحدث باسم الحكومة المصرية سعيد صيام فهدد الجميع",
            "2019-04-14",
        );
        let said = actors
            .iter()
            .find(|a| a.source == ActorSource::TitlePattern)
            .expect("a person");
        assert_eq!(said.mentions[0].text, "سعيد صيام");
        // Headlines in capitals are not names.
        assert!(
            tag("PRESIDENT DIVISION RESULTS", "2019-04-14")
                .iter()
                .all(|a| a.source != ActorSource::TitlePattern)
        );
    }

    #[test]
    fn petrarch_files_load_as_additional_dictionaries() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/stages/actors/testdata/petrarch");
        let config = ActorsConfig {
            petrarch: vec![dir.join("fixture.actors.txt")],
            petrarch_agents: vec![dir.join("fixture.agents.txt")],
            demonyms: Some(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/lexicon/demonyms.tsv"),
            ),
            ..ActorsConfig::default()
        };
        let tagger = ActorTagger::new(&config).unwrap();
        let text = "Javier Solana met the Egyptian police.";
        let field = AnalyzedField::from_text(Field::Body, text);
        let actors = tagger.tag(&[field], &[text], date("1998-01-01"));
        // Written in capitals in the file, matched in ordinary case.
        let solana = find(&actors, "Javier Solana");
        assert_eq!(
            (solana.code.as_deref(), solana.date_rule.as_deref()),
            (Some("IGOWSTNAT"), Some("1995-12-05..1999-10-06"))
        );
        assert!(solana.id.starts_with("petrarch:fixture.actors:"));
        // A PETRARCH agent composes with our demonyms.
        assert_eq!(
            find(&actors, "Egyptian police").code.as_deref(),
            Some("EGYCOP")
        );
    }

    fn sample_doc() -> Document {
        let raw = RawArticle {
            id: "000_3d07b1e22713dee6".into(),
            body: include_str!("testdata/raseef22_sample.txt").into(),
            title: None,
            lang: Some("ar".into()),
            url: None,
            source: None,
            published_at: Some("2019-04-14".into()),
            extra: Default::default(),
        };
        let mut doc = Document::new(
            raw,
            Origin {
                topic: "-".into(),
                partition: 0,
                offset: 0,
            },
        );
        testutil::analyze(&mut doc);
        tagger().process(&mut doc).unwrap();
        doc
    }

    #[test]
    fn sample_article_required_actors() {
        let doc = sample_doc();
        let actors = &doc.actors;
        // (surface form, name, kind, code) from the sample's expected file.
        let required = [
            (
                "عبد الفتاح السيسي",
                "Abdel Fattah el-Sisi",
                "person",
                Some("EGYGOV"),
            ),
            ("السيسي", "Abdel Fattah el-Sisi", "person", Some("EGYGOV")),
            ("خليفة حفتر", "Khalifa Haftar", "person", Some("LBYMIL")),
            ("حفتر", "Khalifa Haftar", "person", Some("LBYMIL")),
            (
                "الجيش الوطني الليبي",
                "Libyan National Army",
                "organization",
                Some("LBYMIL"),
            ),
            ("عباس كامل", "Abbas Kamel", "person", Some("EGYSPY")),
            ("غسان سلامة", "Ghassan Salamé", "person", Some("IGOUNO")),
            (
                "منظمة الصحة العالمية",
                "World Health Organization",
                "igo",
                Some("IGOWHO"),
            ),
            ("الأمم المتحدة", "United Nations", "igo", Some("IGOUNO")),
            (
                "حكومة الوفاق الوطني الليبي",
                "Government of National Accord",
                "organization",
                Some("LBYGOV"),
            ),
            (
                "الإخوان المسلمون",
                "Muslim Brotherhood",
                "organization",
                Some("EGYOPP"),
            ),
            ("جون أفريك", "Jeune Afrique", "media", Some("FRAMED")),
        ];
        for (surface, name, kind, code) in required {
            let a = find(actors, surface);
            assert_eq!(
                (a.name.as_str(), a.kind.as_str(), a.code.as_deref()),
                (name, kind, code),
                "{surface}"
            );
        }
        let gaddafi = find(actors, "القذافي");
        assert_eq!(
            (gaddafi.name.as_str(), gaddafi.country.as_deref()),
            ("Muammar Gaddafi", Some("LBY"))
        );
        let radi = find(actors, "بسام راضي");
        assert_eq!(
            (radi.kind.as_str(), radi.code.as_deref()),
            ("person", Some("EGYGOV"))
        );
        // Every mention slices the original body.
        let chars: Vec<char> = doc.raw.body.chars().collect();
        for a in actors {
            for m in &a.mentions {
                assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text);
            }
        }
        // Sisi is one actor with all his mentions; the bare surname is never a
        // separate actor.
        let sisi: Vec<&Actor> = actors
            .iter()
            .filter(|a| a.name == "Abdel Fattah el-Sisi")
            .collect();
        assert_eq!(sisi.len(), 1);
        let article = doc.raw.body.split("رصيف22 منظمة غير ربحية").next().unwrap();
        assert_eq!(
            sisi[0].mentions.len(),
            article.matches("السيسي").count(),
            "{:?}",
            sisi[0].mentions
        );
        let haftar = find(actors, "خليفة حفتر");
        assert_eq!(
            haftar.mentions.len(),
            article.matches("حفتر").count(),
            "{:?}",
            haftar.mentions
        );
    }

    #[test]
    fn sample_article_optional_actors() {
        let doc = sample_doc();
        let actors = &doc.actors;
        assert_eq!(find(actors, "محمد حسن عامر").kind, ActorKind::Person);
        assert_eq!(
            find(actors, "رئاسة الجمهورية المصرية").code.as_deref(),
            Some("EGYGOV")
        );
        assert_eq!(
            find(actors, "الرئاسة المصرية").code.as_deref(),
            Some("EGYGOV")
        );
        assert_eq!(
            find(actors, "الخارجية المصرية").code.as_deref(),
            Some("EGYGOV")
        );
        assert_eq!(
            find(actors, "المخابرات العامة المصرية").code.as_deref(),
            Some("EGYSPY")
        );
        assert_eq!(
            find(actors, "مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية")
                .code
                .as_deref(),
            Some("IGOUNO")
        );
    }

    #[test]
    fn sample_article_must_not_report_comment_zone_names() {
        let doc = sample_doc();
        let forbidden = [
            "karim nabil",
            "SAMIR HADDAD",
            "سمير حداد",
            "Omar Saleh",
            "lina rami",
            "Tamer Fawzi",
            "المخابرات السورية",
        ];
        let end = doc
            .raw
            .body
            .split("رصيف22 منظمة غير ربحية")
            .next()
            .unwrap()
            .chars()
            .count();
        for a in &doc.actors {
            for m in &a.mentions {
                assert!(m.end <= end, "mention outside the article zone: {m:?}");
                for f in forbidden {
                    assert!(!m.text.contains(f), "{f} reported: {m:?}");
                }
            }
        }
    }

    #[test]
    fn stage_needs_the_text_analysis() {
        let raw = RawArticle {
            id: "x".into(),
            body: "نص".into(),
            title: None,
            lang: None,
            url: None,
            source: None,
            published_at: None,
            extra: Default::default(),
        };
        let mut doc = Document::new(
            raw,
            Origin {
                topic: "-".into(),
                partition: 0,
                offset: 0,
            },
        );
        assert_eq!(
            tagger().process(&mut doc).unwrap_err().reason(),
            "missing_analysis"
        );
    }
}
