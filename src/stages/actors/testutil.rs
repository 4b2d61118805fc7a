//! Builders shared by the stage's unit tests.

pub(crate) use std::sync::{Arc, OnceLock};

pub(crate) use chrono::NaiveDate;

pub(crate) use crate::article::{
    Actor, ActorKind, ActorSource, Field, Mention, Origin, RawArticle,
};
pub(crate) use crate::lexicon::{Countries, Lexicon};
pub(crate) use crate::nlp::AnalyzedField;
pub(crate) use crate::stages::{Document, Stage, testutil};

pub(super) use super::evidence::confidence;

pub(crate) use super::{ActorTagger, ActorsConfig, load_dictionary};

/// The shipped dictionaries with the test demonym table (the shipped
/// table belongs to the `locations` work); shared with `names` tests.
pub(crate) fn tagger() -> &'static ActorTagger {
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

pub(crate) fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Tags `text` as one body field (no zoning).
pub(crate) fn tag(text: &str, published: &str) -> Vec<Actor> {
    let field = AnalyzedField::from_text(Field::Body, text);
    tagger().tag(&[field], &[text], date(published))
}

pub(crate) fn find<'a>(actors: &'a [Actor], surface: &str) -> &'a Actor {
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

pub(crate) fn summary(actors: &[Actor]) -> Vec<String> {
    actors
        .iter()
        .map(|a| {
            let m: Vec<&str> = a.mentions.iter().map(|m| m.text.as_str()).collect();
            format!("{} {:?} {:?} {:?}", a.name, a.code, a.source, m)
        })
        .collect()
}

pub(crate) fn tag_undated(text: &str) -> Vec<Actor> {
    let field = AnalyzedField::from_text(Field::Body, text);
    tagger().tag(&[field], &[text], None)
}

/// Name-pattern actors as (kind, mention texts).
pub(crate) fn names(text: &str) -> Vec<(String, Vec<String>)> {
    tag_undated(text)
        .into_iter()
        .filter(|a| a.source == ActorSource::NamePattern)
        .map(|a| {
            (
                a.kind.as_str().to_owned(),
                a.mentions.into_iter().map(|m| m.text).collect(),
            )
        })
        .collect()
}

pub(crate) fn person(mentions: &[&str]) -> (String, Vec<String>) {
    (
        "person".to_owned(),
        mentions.iter().map(|m| (*m).to_owned()).collect(),
    )
}

/// Every mention slices the original text at its offsets.
pub(crate) fn assert_offsets(text: &str, actors: &[Actor]) {
    let chars: Vec<char> = text.chars().collect();
    for a in actors {
        for m in &a.mentions {
            assert_eq!(
                chars[m.start..m.end].iter().collect::<String>(),
                m.text,
                "{m:?}"
            );
        }
    }
}
