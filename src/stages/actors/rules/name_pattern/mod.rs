//! Rule 4, `name_pattern`: names no dictionary knows, persons and
//! organisations found by the shape of a name, run by
//! [`ActorTagger`](crate::stages::actors::ActorTagger) after the dictionary,
//! agent and title rules, on the article-zone tokens those left free.
//! English shapes are in `english`, Arabic ones in `arabic`, lone surnames
//! in `surnames`; the word lists in `data/actors/lexicon/`
//! ([`ActorLexicon`]).
//!
//! # Rules
//!
//! **English persons**: a run of capitalised words (same sentence, only
//! spaces, a hyphen, or an initial's `.` between them; `bin`, `al`, `el`,
//! `de`, `van`… inside) minus leading function words (`The`, `But`) is a
//! person when it holds no organisation head word and
//! - starts with a given name of `data/names/en_given.txt` or
//!   `intl_given.txt` and has 2–4 words ("John Smith"), or starts with an
//!   initial ("J. Smith"); or
//! - follows an honorific or a role word (Mr, Dr, Sen., President, coach,
//!   striker…): 1–3 words; or
//! - ends with a surname of `en_surnames.txt` and a verb of saying follows
//!   or precedes it ("Smith said", "told Jane Doe").
//!
//! All-capital words (headlines, acronyms) never form names.
//!
//! **English organisations**: a capitalised run holding a head word
//! (Ministry, Party, University, Bank, Inc, …), extended by `of [the] X`
//! ("Bank of England"); the head's role (Ministry → GOV, University → EDU)
//! and a nationality adjective in the run ("Egyptian Foreign Ministry" →
//! EGY) give the code.
//!
//! **Arabic persons** (no capitals): a given name of `ar_given.txt` (after
//! up to two proclitics و ف ب ل ك), or عبد + a divine name, followed by up
//! to three further name elements: given names, بن/ابن/أبو/عبد + name, a
//! nisba family name (ال… ending in ي, not a nationality or a listed
//! adjective), or one unknown word (the family name, ending the chain).
//! Function words, verbs of saying, nationality adjectives, punctuation and
//! tokens other rules took end the chain. A lone given name is a person only
//! after a verb of saying and before a boundary (قال حسن إن). Given names
//! that are also words (أمل، كريم، حسن) need a second name element that is
//! itself a given name, a nisba or a particle.
//!
//! **Arabic organisations**: an indefinite head noun (وزارة، حزب، جامعة،
//! شركة…) and its genitive complement: up to two indefinite words (a
//! proper name: شركة غوغل; not an adjective agreeing with the head: شركة
//! كبيرة), then definite words, ending after a nationality adjective (which
//! gives the country). A definite head (البنك المركزي المصري) needs two
//! definite words or a nationality adjective after it.
//!
//! **Surnames**: a later lone surname of a two-or-more-word person found by
//! this rule or by a title pattern ("Radi", راضي) is another mention of that
//! person, unless two such persons share it.
//!
//! Every rule here was written from the shapes of names, not from a corpus'
//! names; the word lists are ours (`data/names/SOURCE.md`).

mod arabic;
mod english;
mod surnames;

use std::sync::Arc;

use crate::article::{Actor, ActorKind, ActorSource, FieldText, Mention};
use crate::lexicon::{Countries, Lexicon, Names};
use crate::nlp::arabic::{self as ar, nisba_forms};
use crate::nlp::script::is_arabic_word;
use crate::nlp::{AnalyzedField, FastMap, FastSet, Token, normalize};
use crate::stages::actors::evidence::confidence;

use crate::stages::actors::lexicon::ActorLexicon;
use crate::stages::actors::tables::FieldScan;

/// A name this module found, as token and char ranges of one field.
#[derive(Debug, Clone)]
struct Found {
    field: usize,
    first: usize,
    end: usize,
    start: usize,
    stop: usize,
    kind: ActorKind,
    country: Option<String>,
    role: Option<String>,
    confidence: f64,
    /// Normalised words, proclitics removed: the id and the surname.
    words: Vec<String>,
}

/// Finds unknown persons and organisations (module doc). Built once with
/// the tagger; read-only afterwards.
#[derive(Debug)]
pub(in crate::stages::actors) struct NameFinder {
    /// Given names, surnames, place-like names (`data/names/`).
    names: Arc<Names>,
    /// Demonyms and the nationality matcher (`data/countries/`).
    countries: Arc<Countries>,
    en_stop: FastSet,
    en_not_person: FastSet,
    en_title_words: FastSet,
    en_honorifics: FastSet,
    en_role_cues: FastSet,
    en_say: FastSet,
    en_particles: FastSet,
    en_org_heads: FastMap<String, &'static str>,
    ar_stop: FastSet,
    ar_say: FastSet,
    ar_titles: FastSet,
    ar_after_say: FastSet,
    ar_divine: FastSet,
    ar_adjectives: FastSet,
    ar_org_heads: FastMap<String, (&'static str, ActorKind)>,
    ar_appositive: FastSet,
    ar_complement_stop: FastSet,
}

/// One field as the rules see it.
struct Scan<'a> {
    fi: usize,
    field: &'a AnalyzedField,
    text: &'a FieldText<'a>,
    blocked: &'a [bool],
    /// Nationality adjective starting at a token: (end token, country index).
    nat: Vec<Option<(usize, u16)>>,
}

impl<'a> Scan<'a> {
    fn tok(&self, i: usize) -> &'a Token {
        &self.field.tokens[i]
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.slice(start, end)
    }

    fn orig(&self, i: usize) -> &'a str {
        let t = self.tok(i);
        self.slice(t.span.start, t.span.end)
    }

    /// Text between tokens `a` and `a + 1`.
    fn gap(&self, a: usize) -> &'a str {
        self.slice(
            self.tok(a).span.end,
            self.field.tokens[a + 1]
                .span
                .start
                .max(self.tok(a).span.end),
        )
    }

    /// Token `b` directly follows `a` in the same sentence, only spaces between.
    fn joined(&self, a: usize, b: usize) -> bool {
        b < self.field.tokens.len()
            && self.tok(a).sentence == self.tok(b).sentence
            && self.gap(a).chars().all(char::is_whitespace)
    }

    fn free(&self, i: usize) -> bool {
        i < self.field.tokens.len() && !self.blocked[i]
    }

    /// All letters uppercase and more than one of them (`NATO`, `JAPAN`).
    fn shouting(&self, i: usize) -> bool {
        let o = self.orig(i);
        o.chars().filter(|c| c.is_alphabetic()).count() > 1 && !o.chars().any(char::is_lowercase)
    }
}

/// The proclitic readings of an Arabic token ([`ar::proclitic_readings`])
/// as (chars stripped, rest), the rest keeping at least `min` letters.
pub(super) fn proclitics(norm: &str, min: usize) -> impl Iterator<Item = (usize, &str)> {
    ar::proclitic_readings(norm, min).map(|r| (r.stripped, r.stem))
}

/// [`proclitics`] for names: the rest keeps [`ar::MIN_STEM_CHARS`] letters.
pub(super) fn proclitic_readings(norm: &str) -> impl Iterator<Item = (usize, &str)> {
    proclitics(norm, ar::MIN_STEM_CHARS)
}

impl NameFinder {
    /// Builds the finder over the shared name lists and country tables of
    /// `lexicon`, with the stage's word lists `words`.
    pub(in crate::stages::actors) fn new(lexicon: &Lexicon, words: &'static ActorLexicon) -> Self {
        let set = |kind: &str| words.set(kind);
        let mut ar_adjectives = set("ar_adjective");
        for d in lexicon.countries.demonyms() {
            if is_arabic_word(&normalize(&d.form).replace(' ', "")) {
                for f in nisba_forms(&d.form) {
                    ar_adjectives.insert(normalize(&f));
                }
            }
        }
        Self {
            names: Arc::clone(&lexicon.names),
            countries: Arc::clone(&lexicon.countries),
            en_stop: set("en_stop"),
            en_not_person: set("en_not_person"),
            en_title_words: set("en_title_word"),
            en_honorifics: set("en_honorific"),
            en_role_cues: set("en_role_cue"),
            en_say: set("en_say"),
            en_particles: set("en_particle"),
            en_org_heads: words.en_org_heads(),
            ar_stop: set("ar_stop"),
            ar_say: set("ar_say"),
            ar_titles: set("ar_title"),
            ar_after_say: set("ar_after_say"),
            ar_divine: set("ar_divine"),
            ar_adjectives,
            ar_org_heads: words.ar_org_heads(),
            ar_appositive: set("ar_appositive_head"),
            ar_complement_stop: set("ar_complement_stop"),
        }
    }

    /// Marks, per field, the tokens that `mentions` (char spans of actors
    /// already found) or `extra` (token ranges, e.g. agent phrases) cover.
    pub(in crate::stages::actors) fn blocked_tokens<'m>(
        fields: &[AnalyzedField],
        mentions: impl Iterator<Item = &'m Mention>,
        extra: &[(usize, std::ops::Range<usize>)],
    ) -> Vec<Vec<bool>> {
        let mut blocked: Vec<Vec<bool>> =
            fields.iter().map(|f| vec![false; f.tokens.len()]).collect();
        for m in mentions {
            let Some(fi) = fields.iter().position(|f| f.field == m.field) else {
                continue;
            };
            let toks = &fields[fi].tokens;
            let first = toks.partition_point(|t| t.span.end <= m.start);
            for (k, t) in toks.iter().enumerate().skip(first) {
                if t.span.start >= m.end {
                    break;
                }
                blocked[fi][k] = true;
            }
        }
        // Agent phrases block Arabic and lower-case words only: a
        // capitalised title word may begin an English name the title rules
        // handle here ("Governor Mervyn King", where "king" is a title too).
        for (fi, r) in extra {
            for k in r.clone() {
                if !fields[*fi].tokens[k].capitalized {
                    blocked[*fi][k] = true;
                }
            }
        }
        blocked
    }

    /// The persons and organisations of `fields` that no earlier rule took
    /// (`blocked`, from [`Self::blocked_tokens`]; `matches`: the fields'
    /// dictionary matches), as actors with source
    /// `name_pattern`; then adds lone-surname mentions to them and to
    /// `earlier` persons (title patterns) of two or more words.
    pub(in crate::stages::actors) fn find(
        &self,
        fields: &[AnalyzedField],
        views: &[FieldText<'_>],
        blocked: &[Vec<bool>],
        matches: &[FieldScan<'_>],
        earlier: &mut [Actor],
    ) -> Vec<Actor> {
        self.extend_title_names(fields, views, blocked, earlier);
        let blocked = &Self::blocked_tokens(fields, earlier.iter().flat_map(|a| &a.mentions), &[])
            .into_iter()
            .zip(blocked)
            .map(|(a, b)| a.iter().zip(b).map(|(x, y)| *x || *y).collect())
            .collect::<Vec<Vec<bool>>>();
        let mut found: Vec<Found> = Vec::new();
        let mut scans = Vec::with_capacity(fields.len());
        for (fi, field) in fields.iter().enumerate() {
            let mut nat = vec![None; field.tokens.len()];
            for m in &matches[fi].nationalities {
                nat[m.tokens.start] = Some((m.tokens.end, m.payloads[0]));
            }
            let scan = Scan {
                fi,
                field,
                text: &views[fi],
                blocked: &blocked[fi],
                nat,
            };
            self.english(&scan, &mut found);
            self.arabic(&scan, &mut found);
            scans.push(scan);
        }
        // A lone surname this rule found on its own ("Whitaker said") joins
        // the one longer name that ends with it.
        let mut full: FastMap<String, Option<Vec<String>>> = FastMap::default();
        for f in found
            .iter()
            .filter(|f| f.kind == ActorKind::Person && f.words.len() >= 2)
        {
            let e = full
                .entry(f.words.last().expect("two words").clone())
                .or_insert_with(|| Some(f.words.clone()));
            if e.as_ref() != Some(&f.words) {
                *e = None;
            }
        }
        for f in found
            .iter_mut()
            .filter(|f| f.kind == ActorKind::Person && f.words.len() == 1)
        {
            if let Some(Some(words)) = full.get(&f.words[0]) {
                f.words.clone_from(words);
                f.confidence = f.confidence.min(confidence::SURNAME);
            }
        }
        let mut actors = actors_of(&found, &scans);
        self.surnames(&scans, &found, &mut actors, earlier);
        actors
    }
}

/// The actors of the names found (one per id, mentions merged, the fullest
/// form as the name), with their codes where country and role are known.
fn actors_of(found: &[Found], scans: &[Scan<'_>]) -> Vec<Actor> {
    let mut actors: Vec<Actor> = Vec::new();
    let mut index: FastMap<String, usize> = FastMap::default();
    for f in found {
        let scan = &scans[f.field];
        let mention = Mention {
            field: scan.field.field,
            start: f.start,
            end: f.stop,
            text: scan.slice(f.start, f.stop).to_owned(),
        };
        let prefix = if f.kind == ActorKind::Person {
            "person"
        } else {
            "org"
        };
        let id = format!("ne:{prefix}:{}", f.words.join("-"));
        match index.get(&id) {
            Some(&k) => {
                let a: &mut Actor = &mut actors[k];
                a.confidence = a.confidence.max(f.confidence);
                if a.country.is_none() {
                    a.country.clone_from(&f.country);
                }
                // The name is the fullest form seen.
                if mention.text.chars().count() > a.name.chars().count() {
                    a.name.clone_from(&mention.text);
                }
                a.mentions.push(mention);
            }
            None => {
                index.insert(id.clone(), actors.len());
                actors.push(Actor {
                    id,
                    name: mention.text.clone(),
                    kind: f.kind,
                    code: None,
                    country: f.country.clone(),
                    role: f.role.clone(),
                    title: None,
                    date_rule: None,
                    confidence: f.confidence,
                    source: ActorSource::NamePattern,
                    mentions: vec![mention],
                });
            }
        }
    }
    for a in &mut actors {
        if let (Some(c), Some(r)) = (&a.country, &a.role) {
            a.code = Some(format!("{c}{r}"));
        }
        if a.code.is_none() {
            a.role = None;
        }
    }
    actors
}

#[cfg(test)]
mod tests {
    use super::NameFinder;
    use crate::stages::actors::testutil::*;

    #[test]
    fn blocked_tokens_cover_mentions_and_lowercase_agent_words() {
        let text = "the army of Mary Whitaker";
        let field = AnalyzedField::from_text(Field::Body, text);
        let m = Mention {
            field: Field::Body,
            start: 12,
            end: 16,
            text: "Mary".into(),
        };
        let blocked = NameFinder::blocked_tokens(
            std::slice::from_ref(&field),
            std::iter::once(&m),
            &[(0, 0..2), (0, 3..5)],
        );
        // "the army" blocked as an agent; "Mary" by the mention; the
        // capitalised "Whitaker" stays free.
        assert_eq!(blocked[0], vec![true, true, false, true, false]);
    }
}
