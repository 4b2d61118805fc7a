//! Property-based fuzzing of decoding and the whole enrichment chain, as the
//! pipeline runs them: arbitrary bytes, and hostile-but-valid articles
//! (diacritics, tatweel, ZWJ/ZWNJ, bidi marks, emoji, CRLF, NUL, NFD, names
//! the dictionaries know). Invariants: no panic; every mention's offsets lie
//! within its field and slice back (by Unicode scalar values) to its text;
//! excluded zones lie within the body.
//!
//! `PROPTEST_CASES` sets the number of cases (default 64 here; the long
//! fuzzing run in the issue note used a large value in release mode).

use std::sync::OnceLock;

use newsevents::article::{Field, Origin};
use newsevents::config::Settings;
use newsevents::source::decode;
use newsevents::stages::{Chain, Document};
use proptest::prelude::*;

fn chain() -> &'static Chain {
    static CHAIN: OnceLock<Chain> = OnceLock::new();
    CHAIN.get_or_init(|| {
        let settings = Settings::load(None, Vec::new(), &[]).unwrap();
        newsevents::app::build_chain(&settings).unwrap().0
    })
}

fn check(doc: &Document) -> Result<(), TestCaseError> {
    let mentions = doc
        .actors
        .iter()
        .flat_map(|a| &a.mentions)
        .chain(doc.locations.iter().flat_map(|l| &l.mentions));
    for m in mentions {
        let text = doc.field_text(m.field);
        let len = text.chars().count();
        prop_assert!(
            m.start < m.end && m.end <= len,
            "mention {m:?} outside its field of {len} chars"
        );
        let sliced: String = text.chars().skip(m.start).take(m.end - m.start).collect();
        prop_assert_eq!(&sliced, &m.text);
    }
    if let Some(a) = &doc.analysis {
        let body_len = doc.raw.body.chars().count();
        for z in &a.excluded {
            prop_assert!(
                z.field != Field::Body || (z.start <= z.end && z.end <= body_len),
                "zone {z:?}"
            );
        }
    }
    Ok(())
}

fn enrich(payload: &[u8]) -> Result<(), TestCaseError> {
    let Ok(raw) = decode::decode(Some(payload), 4 * 1024 * 1024) else {
        return Ok(());
    };
    let mut doc = Document::new(
        raw,
        Origin {
            topic: "fuzz".into(),
            partition: 0,
            offset: 0,
        },
    );
    if chain().process(&mut doc).is_ok() {
        check(&doc)?;
    }
    Ok(())
}

/// Pieces hostile text is made of.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("الرئيس المصري عبد الفتاح السيسي".to_string()),
        Just("بخليفة حفتر".to_string()),
        Just("لليبيا".to_string()),
        Just("بالقاهرة".to_string()),
        Just("طرابلس شمال لبنان".to_string()),
        Just("منظمة الصحة العالمية".to_string()),
        Just("Tripoli, Lebanon".to_string()),
        Just("Egypt's president".to_string()),
        Just("انضم/ي إلى المناقشة\nkarim nabil -\nمنذ 7 ساعات".to_string()),
        Just("\u{064E}\u{0651}".to_string()),
        Just("\u{0640}\u{0640}".to_string()),
        Just("\u{200D}\u{200C}\u{200F}\u{202B}\u{2066}\u{2069}".to_string()),
        Just("\r\n".to_string()),
        Just("\0".to_string()),
        Just("😀👩‍👩‍👧".to_string()),
        Just("E\u{0301}gypte Cafe\u{0301}".to_string()),
        Just("٢٠١٩ ۱۲".to_string()),
        "[\\u{0600}-\\u{06FF} ]{0,12}",
        "\\PC{0,12}",
        any::<char>().prop_map(String::from),
    ]
}

fn article_json() -> impl Strategy<Value = Vec<u8>> {
    (prop::collection::vec(piece(), 1..30), prop::option::of(prop::collection::vec(piece(), 0..4)), prop::option::of("[a-z]{2}"))
        .prop_map(|(body, title, lang)| {
            let mut v = serde_json::json!({"id": "fuzz", "body": body.join(" "), "published_at": "2019-04-14"});
            if let Some(t) = title {
                v["title"] = serde_json::Value::from(t.join(" "));
            }
            if let Some(l) = lang {
                v["lang"] = serde_json::Value::from(l);
            }
            serde_json::to_vec(&v).unwrap()
        })
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        enrich(&bytes)?;
    }

    #[test]
    fn hostile_articles_keep_offsets_exact(payload in article_json()) {
        enrich(&payload)?;
    }
}
