//! Tests that run several stages together, as the default chain does: how a
//! stage uses what an earlier one declared it reads. The stages' own tests
//! stay in their folders; this file may import any stage (it is no stage).

use std::sync::{Arc, OnceLock};

use super::actors::ActorTagger;
use super::locations::{Gazetteer, LocationTagger};
use super::testutil::analyzed;
use super::{Document, Stage};
use crate::article::{ActorKind, CharSpan};
use crate::lexicon::Lexicon;

const EGYPT: u64 = 357994;
const LIBYA: u64 = 2215636;

fn locations() -> &'static LocationTagger {
    static T: OnceLock<LocationTagger> = OnceLock::new();
    T.get_or_init(|| LocationTagger::new(Arc::new(Gazetteer::embedded()), &Lexicon::embedded()))
}

fn actors() -> &'static ActorTagger {
    static T: OnceLock<ActorTagger> = OnceLock::new();
    T.get_or_init(|| ActorTagger::new(&Default::default()).expect("actor dictionary"))
}

/// `text` → `locations`.
fn tag(body: &str) -> Document {
    let mut d = analyzed(body, None, None, None);
    locations().process(&mut d).unwrap();
    d
}

/// `text` → `actors` → `locations`: the real actors stage first, as the
/// default chain runs it.
fn tag_after_actors(body: &str) -> Document {
    let mut d = analyzed(body, None, None, None);
    actors().process(&mut d).unwrap();
    locations().process(&mut d).unwrap();
    d
}

fn ids(d: &Document) -> Vec<u64> {
    d.locations.iter().filter_map(|l| l.geonameid).collect()
}

#[test]
fn toponyms_inside_dictionary_actor_names_are_dropped() {
    const VLADIMIR_CITY: u64 = 473247;
    const REIMS: u64 = 2984114;
    const RUSSIA: u64 = 2017370;
    let body = "قال الرئيس الروسي فلاديمير بوتين إن روسيا لن تنسحب، بحسب وكالة فرانس برس.";
    let d = tag_after_actors(body);
    let found = ids(&d);
    assert!(found.contains(&RUSSIA), "{:#?}", d.locations);
    assert!(!found.contains(&VLADIMIR_CITY), "{:#?}", d.locations);
    assert!(!found.contains(&REIMS), "{:#?}", d.locations);
    // Without the actors stage the same words are read as places: the
    // rule, not the gazetteer, drops them.
    let alone = tag(body);
    assert!(
        ids(&alone).contains(&VLADIMIR_CITY),
        "{:#?}",
        alone.locations
    );
}

#[test]
fn arabic_person_names_found_by_pattern_hide_their_place_words() {
    const SARH: u64 = 2425791;
    const BELGIUM: u64 = 2802361;
    let body = "قالت المتحدثة باسم البيت الأبيض سارة ساندرز إن الاجتماع تأجل. \
                ويدعم سليمان بلجيكا في كأس العالم، وفازت بلجيكا أمس.";
    let d = tag_after_actors(body);
    // «سارة ساندرز» is a person found by the name patterns, so «سارة»
    // is not Sarh, Chad (the locations stage alone reads it so).
    assert!(
        d.actors
            .iter()
            .any(|a| a.kind == ActorKind::Person
                && a.mentions.iter().any(|m| m.text == "سارة ساندرز")),
        "{:#?}",
        d.actors
    );
    assert!(!ids(&d).contains(&SARH), "{:#?}", d.locations);
    assert!(ids(&tag(body)).contains(&SARH));
    // A country name is no family name: «سليمان بلجيكا» is no person,
    // and both «بلجيكا» stay Belgium.
    assert!(
        d.actors
            .iter()
            .all(|a| a.mentions.iter().all(|m| !m.text.contains("بلجيكا"))),
        "{:#?}",
        d.actors
    );
    let belgium = d
        .locations
        .iter()
        .find(|l| l.geonameid == Some(BELGIUM))
        .expect("Belgium");
    assert_eq!(belgium.mentions.len(), 2, "{:#?}", belgium.mentions);
    for m in &belgium.mentions {
        assert_eq!(CharSpan::new(m.start, m.end).slice(body), Some("بلجيكا"));
    }
}

#[test]
fn agent_phrases_do_not_hide_their_country() {
    let d = tag_after_actors("Egypt's president met the army of Libya in Cairo.");
    let found = ids(&d);
    assert!(found.contains(&EGYPT), "{:#?}", d.locations);
    assert!(found.contains(&LIBYA), "{:#?}", d.locations);
}
