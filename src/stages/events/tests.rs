//! End-to-end tests of the events stage: the whole default chain (text,
//! actors, locations, events) over articles we wrote, and the sample.

use std::sync::OnceLock;

use super::*;
use crate::article::{Origin, RawArticle};
use crate::stages::{Chain, Resources, StageConfigs, build};

/// The default chain without the learned tagger (the rules' actors, so the
/// expectations do not move with the model), each stage built from its
/// default section (as `app.rs` builds it).
fn chain() -> &'static Chain {
    static CHAIN: OnceLock<Chain> = OnceLock::new();
    CHAIN.get_or_init(|| {
        let configs = StageConfigs {
            text: &Default::default(),
            entities: &Default::default(),
            actors: &Default::default(),
            locations: &Default::default(),
            events: &EventsConfig::default(),
        };
        let resources = Resources::new(&configs);
        let stages = ["text", "actors", "locations", "events"]
            .iter()
            .map(|name| build(name, &configs, &resources).unwrap().stage)
            .collect();
        Chain::new(stages)
    })
}

fn run(body: &str, lang: &str, published: &str) -> Document {
    let raw = RawArticle {
        id: "t1".into(),
        body: body.into(),
        title: None,
        lang: Some(lang.into()),
        url: None,
        source: None,
        published_at: Some(published.into()),
        extra: Default::default(),
    };
    let mut doc = Document::new(
        raw,
        Origin {
            topic: "test".into(),
            partition: 0,
            offset: 0,
        },
    );
    chain().process(&mut doc).unwrap();
    doc
}

fn summary(doc: &Document) -> Vec<String> {
    doc.events
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {} {}",
                e.source.code,
                e.target.as_ref().map_or("-", |t| t.code.as_str()),
                e.cameo.code,
                e.location.as_ref().map_or(0, |l| l.geonameid.unwrap_or(0)),
                e.date.value.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

const SAMPLE: &str = include_str!("../../../tests/fixtures/articles/sample.jsonl");

fn sample() -> Document {
    let raw: RawArticle = serde_json::from_str(SAMPLE.lines().next().unwrap()).unwrap();
    let mut doc = Document::new(
        raw,
        Origin {
            topic: "sample".into(),
            partition: 0,
            offset: 0,
        },
    );
    chain().process(&mut doc).unwrap();
    doc
}

#[test]
fn sample_meeting_in_cairo_and_offensive_on_tripoli() {
    let doc = sample();
    let s = summary(&doc);
    // Sisi meets Haftar in Cairo on Sunday 14 April 2019: CONSULT.
    let meeting = doc
        .events
        .iter()
        .find(|e| {
            e.cameo.root == "04"
                && e.source.code == "EGYGOV"
                && e.target.as_ref().is_some_and(|t| t.code == "LBYMIL")
        })
        .unwrap_or_else(|| panic!("no EGYGOV→LBYMIL consult in {s:#?}"));
    assert_eq!(meeting.plover.as_ref().unwrap().event_type, "CONSULT");
    assert_eq!(
        meeting.location.as_ref().and_then(|l| l.geonameid),
        Some(360630),
        "{s:#?}"
    );
    assert_eq!(meeting.date.value.as_deref(), Some("2019-04-14"));
    assert_eq!(meeting.date.date_type, DateType::Exact);
    // The offensive of Haftar's forces on Tripoli, early April 2019.
    let offensive = doc
        .events
        .iter()
        .find(|e| {
            e.cameo.root == "19"
                && e.source.code == "LBYMIL"
                && e.location
                    .as_ref()
                    .is_some_and(|l| l.geonameid == Some(2210247))
        })
        .unwrap_or_else(|| panic!("no LBYMIL offensive at Tripoli in {s:#?}"));
    let d = offensive.date.value.as_deref().unwrap();
    assert!(("2019-04-01"..="2019-04-10").contains(&d), "{d}");
    // Nothing from the donation blurb or the reader comments.
    let body = &doc.raw.body;
    let blurb = body[..body.find("رصيف22 منظمة غير ربحية").unwrap()]
        .chars()
        .count();
    for e in &doc.events {
        for m in &e.mentions {
            assert!(m.sentence.end <= blurb, "{m:?}");
            let sliced: String = body
                .chars()
                .skip(m.trigger.start)
                .take(m.trigger.end - m.trigger.start)
                .collect();
            assert_eq!(sliced, m.trigger.text);
        }
        assert_eq!(e.event_id.len(), 36);
    }
}

#[test]
fn event_ids_are_stable_and_events_deduplicated() {
    let a = sample();
    let b = sample();
    let ids = |d: &Document| {
        d.events
            .iter()
            .map(|e| e.event_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&b));
    let mut unique = ids(&a);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), a.events.len(), "one event per id");
}

#[test]
fn english_svo_passive_and_compound() {
    let d = run(
        "Egypt and the United Arab Emirates condemned Qatar on Monday. Israel was attacked by Iran yesterday.",
        "en",
        "2019-04-14",
    );
    let s = summary(&d);
    assert!(s.iter().any(|e| e.starts_with("EGY QAT 1")), "{s:#?}");
    assert!(s.iter().any(|e| e.starts_with("ARE QAT 1")), "{s:#?}");
    assert!(
        s.iter()
            .any(|e| e.starts_with("IRN ISR 19") && e.ends_with("2019-04-13")),
        "{s:#?}"
    );
    let passive = d.events.iter().find(|e| e.source.code == "IRN").unwrap();
    assert!(passive.modality.passive);
}

#[test]
fn a_participle_after_the_actor_is_passive() {
    // Rule `reduced_passive` (triggers.rs): the soldiers are what the
    // killing befell, never its source.
    let d = run(
        "There were twelve Egyptian soldiers killed in Libya on Sunday.",
        "en",
        "2019-04-14",
    );
    let s = summary(&d);
    assert!(!s.iter().any(|e| e.starts_with("EGYMIL")), "{s:#?}");
    let d = run(
        "Twelve Egyptian soldiers killed by Libyan forces were buried on Sunday.",
        "en",
        "2019-04-14",
    );
    let s = summary(&d);
    assert!(s.iter().any(|e| e.starts_with("LBYMIL EGYMIL 1")), "{s:#?}");
    assert!(!s.iter().any(|e| e.starts_with("EGYMIL LBYMIL")), "{s:#?}");
}

#[test]
fn reported_attacks_are_claims_or_accusations() {
    // Rule `reported_attack` (coder.rs): the speaker's own attack is a claim
    // of responsibility (015), another actor's an accusation of it (112);
    // the claim verb's own code (110) gives way.
    let d = run(
        "Iran claimed that it had attacked Iraq on Sunday.",
        "en",
        "2019-04-14",
    );
    let s = summary(&d);
    assert!(s.iter().any(|e| e.starts_with("IRN IRQ 015")), "{s:#?}");
    assert_eq!(s.len(), 1, "{s:#?}");
    let d = run(
        "Egypt said that Ethiopia had attacked Sudan on Sunday.",
        "en",
        "2019-04-14",
    );
    let s = summary(&d);
    assert!(s.iter().any(|e| e.starts_with("EGY ETH 112")), "{s:#?}");
    assert!(!s.iter().any(|e| e.starts_with("ETH SDN")), "{s:#?}");
    // Not an attack: coded on its own, the pronoun subject is the speaker.
    let d = run("Egypt said it would send aid to Sudan.", "en", "2019-04-14");
    let s = summary(&d);
    assert!(s.iter().any(|e| e.starts_with("EGY SDN 0")), "{s:#?}");
    // A trailing attribution reports nothing after it.
    let d = run(
        "Ethiopia attacked Sudan on Sunday, Egypt said.",
        "en",
        "2019-04-14",
    );
    let s = summary(&d);
    assert!(s.iter().any(|e| e.starts_with("ETH SDN 19")), "{s:#?}");
}

#[test]
fn intent_versus_act() {
    let d = run("Egypt will meet Libya on Thursday.", "en", "2019-04-14");
    let s = summary(&d);
    assert!(s.iter().any(|e| e.starts_with("EGY LBY 036")), "{s:#?}");
    let d = run("Egypt met Libya on Thursday.", "en", "2019-04-14");
    let s = summary(&d);
    assert!(s.iter().any(|e| e.starts_with("EGY LBY 04")), "{s:#?}");
}

#[test]
fn negated_acts_are_not_events() {
    let d = run("Egypt did not attack Libya.", "en", "2019-04-14");
    assert!(d.events.is_empty(), "{:#?}", summary(&d));
    let d = run("لم تهاجم مصر ليبيا.", "ar", "2019-04-14");
    assert!(d.events.is_empty(), "{:#?}", summary(&d));
}

#[test]
fn arabic_vso_svo_and_future() {
    let d = run(
        "استقبل الرئيس المصري عبد الفتاح السيسي أمس في القاهرة رئيس الوزراء الليبي.",
        "ar",
        "2019-04-14",
    );
    let s = summary(&d);
    assert!(
        s.iter()
            .any(|e| e.starts_with("EGYGOV LBYGOV 04") && e.ends_with("2019-04-13")),
        "{s:#?}"
    );
    let d = run(
        "وسيزور وزير الخارجية المصري تونس الأسبوع المقبل.",
        "ar",
        "2019-04-14",
    );
    let s = summary(&d);
    assert!(s.iter().any(|e| e.starts_with("EGYGOV TUN 036")), "{s:#?}");
}

#[test]
fn a_sentence_without_a_dyad_yields_nothing() {
    let d = run("Egypt attacked.", "en", "2019-04-14");
    assert!(d.events.is_empty());
    let d = run("هاجمت القوات المدينة.", "ar", "2019-04-14");
    assert!(d.events.is_empty());
}

/// Actors rule `role_only`: a role noun with no country takes part with
/// CAMEO's `---` country; a trailing attribution ("…, the government
/// said") is the speaker, not an apposition of the object before it.
#[test]
fn role_only_agents_and_trailing_attributions() {
    let d = run(
        "Rebels attacked a Syrian army post near Homs on Monday.",
        "en",
        "2019-04-14",
    );
    let dyads: Vec<(String, String)> = d
        .events
        .iter()
        .map(|e| {
            let t = e.target.as_ref().map_or("", |t| t.code.as_str());
            (format!("{}>{t}", e.source.code), e.cameo.code.clone())
        })
        .collect();
    assert_eq!(dyads, [("---REB>SYRMIL".to_string(), "190".to_string())]);
    let d = run(
        "Turkey condemned Egypt, the government said on Monday.",
        "en",
        "2019-04-14",
    );
    let dyads: Vec<String> = d
        .events
        .iter()
        .map(|e| {
            let t = e.target.as_ref().map_or("", |t| t.code.as_str());
            format!("{}>{t}", e.source.code)
        })
        .collect();
    assert_eq!(dyads, ["TUR>EGY"]);
    // The speaker of a trailing attribution is no target of the act.
    let d = run(
        "Gunmen attacked a market in Iraq's northern city Mosul, killing four people, Iraqi state media said.",
        "en",
        "2019-04-14",
    );
    let events = summary(&d);
    assert!(
        events.iter().all(|e| !e.contains("IRQGOVMED")),
        "{events:?}"
    );
}

/// `[events] agents`: role nouns of a PETRARCH agents file compose the bare
/// codes of a PETRARCH actors file whose countries the lexicon does not
/// know (invented names, `testdata/agents.*.txt`).
#[test]
fn agents_compose_bare_codes_next_to_a_role() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/stages/events/testdata");
    // The actors section, typed by its use in `StageConfigs` (a stage's
    // tests name no other stage).
    let actors = toml::from_str(&format!(
        "petrarch = [{:?}]\npetrarch_agents = [{:?}]",
        dir.join("agents.actors.txt"),
        dir.join("agents.agents.txt")
    ))
    .unwrap();
    let events = EventsConfig {
        agents: vec![dir.join("agents.agents.txt")],
        ..Default::default()
    };
    let configs = StageConfigs {
        text: &Default::default(),
        entities: &Default::default(),
        actors: &actors,
        locations: &Default::default(),
        events: &events,
    };
    let resources = Resources::new(&configs);
    let chain = Chain::new(
        ["text", "actors", "events"]
            .iter()
            .map(|name| build(name, &configs, &resources).unwrap().stage)
            .collect(),
    );
    let dyads = |body: &str| -> Vec<String> {
        let mut doc = Document::new(
            RawArticle {
                id: "a1".into(),
                body: body.into(),
                title: None,
                lang: Some("en".into()),
                url: None,
                source: None,
                published_at: Some("2026-03-02T10:00:00Z".into()),
                extra: Default::default(),
            },
            Origin {
                topic: "test".into(),
                partition: 0,
                offset: 0,
            },
        );
        chain.process(&mut doc).unwrap();
        doc.events
            .iter()
            .map(|e| {
                let t = e.target.as_ref().map_or("", |t| t.code.as_str());
                format!("{}>{}", e.source.code, t)
            })
            .collect()
    };
    // A role after the actor, with or without a possessive and modifiers.
    assert_eq!(
        dyads("The Valoria government condemned Kestran on Monday."),
        ["VALGOV>KES"]
    );
    assert_eq!(
        dyads("Valoria condemned Kestran's main opposition group on Monday."),
        ["VAL>KESMOP"]
    );
    // A title before a person: the actor before the title gives the country.
    assert_eq!(
        dyads("Valoria Prime Minister Odrin Marek condemned Kestran on Monday."),
        ["VALGOV>KES"]
    );
    // Punctuation ends the phrase: no role for Valoria.
    assert_eq!(
        dyads("Kestran condemned Valoria, the government said."),
        ["KES>VAL"]
    );
}
