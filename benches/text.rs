//! Throughput of the text layer: zones + normalisation + tokenisation +
//! sentences + language (the whole `text` stage), and of `NameMatcher::find`.
//!
//! Corpora:
//! - `sample`: the Raseef22 sample article (Arabic, with blurb and comments);
//! - `mixed_1mb`: ~1 MB of articles, Arabic and English alternating, from
//!   `/work/shared/data/news-articles/articles.jsonl` when present (never
//!   copied into the repository), otherwise built from the sample and English
//!   paragraphs written for this bench.
//!
//! Run: `cargo bench --bench text` (criterion reports MiB/s per group).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsevents::article::Field;
use newsevents::nlp::{AnalyzedField, NameMatcher};
use newsevents::stages::text::{ZoneRules, analyze};

const SAMPLE: &str = include_str!("../src/stages/text/testdata/raseef22_sample.txt");
const SHARED: &str = "/work/shared/data/news-articles/articles.jsonl";
const TARGET_BYTES: usize = 1 << 20;

/// English paragraphs written for this bench (no external text).
const ENGLISH: &str = "Egypt's President Abdel Fattah el-Sisi received Khalifa Haftar, commander of the self-styled Libyan National Army, in Cairo on Sunday, the presidency said in a statement.\n\
The visit came eleven days after Haftar's forces began an offensive on Tripoli, seat of the internationally recognised Government of National Accord.\n\
The World Health Organization said on Sunday that 121 people had been killed and 561 wounded since the fighting began, while the U.N. humanitarian office reported that 13,500 people had fled their homes.\n\
Ghassan Salamé, the U.N. envoy for Libya, postponed a national conference that had been planned for mid-April in Ghadames.\n\
Analysts in Cairo said the meeting signalled continued Egyptian support for Haftar, whose forces control most of eastern Libya, including Benghazi.\n\
Read also: Libya's rival governments and the battle for Tripoli\n\
Comments (2)\n\
John D. -\n\
3 hours ago Good overview of the situation in Tripoli.\n\
Mary -\n\
a day ago Thanks for this.";

/// (body, lang) pairs of about [`TARGET_BYTES`], and where they came from.
fn corpus() -> (Vec<(String, &'static str)>, &'static str) {
    if let Ok(text) = std::fs::read_to_string(SHARED) {
        let mut ar = Vec::new();
        let mut en = Vec::new();
        for line in text.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let body = v["body"].as_str().unwrap_or_default().to_string();
            match v["lang"].as_str() {
                Some("ar") => ar.push((body, "ar")),
                _ => en.push((body, "en")),
            }
        }
        let mut out = Vec::new();
        let mut bytes = 0;
        let (mut a, mut e) = (ar.into_iter(), en.into_iter());
        while bytes < TARGET_BYTES {
            let Some(next) = (if out.len() % 2 == 0 {
                a.next()
            } else {
                e.next()
            }) else {
                break;
            };
            bytes += next.0.len();
            out.push(next);
        }
        if bytes >= TARGET_BYTES / 2 {
            return (out, "shared news-articles");
        }
    }
    let mut out = Vec::new();
    let mut bytes = 0;
    while bytes < TARGET_BYTES {
        let next = if out.len() % 2 == 0 {
            (SAMPLE.to_string(), "ar")
        } else {
            (ENGLISH.to_string(), "en")
        };
        bytes += next.0.len();
        out.push(next);
    }
    (out, "generated")
}

fn bench_analyze(c: &mut Criterion) {
    let rules = ZoneRules::default();
    let mut g = c.benchmark_group("text_stage");
    g.throughput(Throughput::Bytes(SAMPLE.len() as u64));
    g.bench_function("sample", |b| {
        b.iter(|| analyze(&rules, black_box(SAMPLE), None, Some("ar")).unwrap())
    });

    let (docs, origin) = corpus();
    let bytes: usize = docs.iter().map(|d| d.0.len()).sum();
    eprintln!(
        "mixed corpus: {} articles, {bytes} bytes ({origin})",
        docs.len()
    );
    g.throughput(Throughput::Bytes(bytes as u64));
    // Articles with their `lang` field, as the feeds deliver them.
    g.bench_function("mixed_1mb", |b| {
        b.iter(|| {
            for (d, lang) in &docs {
                let _ = black_box(analyze(&rules, d, None, Some(lang)));
            }
        })
    });
    // No `lang` field: the language is detected.
    g.bench_function("mixed_1mb_detect_language", |b| {
        b.iter(|| {
            for (d, _) in &docs {
                let _ = black_box(analyze(&rules, d, None, None));
            }
        })
    });
    g.finish();
}

fn bench_matcher(c: &mut Criterion) {
    let rules = ZoneRules::default();
    let (docs, _) = corpus();
    let fields: Vec<AnalyzedField> = docs
        .iter()
        .filter_map(|(d, lang)| analyze(&rules, d, None, Some(lang)).ok())
        .filter_map(|a| a.fields.into_iter().find(|f| f.field == Field::Body))
        .collect();
    // A dictionary of ~50k names: one- to three-token sequences taken from
    // the corpus itself, so the first-token filter hits as often as it would
    // with a large gazetteer, plus the sample's names.
    let mut names: Vec<(String, u32)> = Vec::new();
    for (k, f) in fields.iter().enumerate() {
        for (i, w) in f.tokens.windows(3).enumerate().step_by(7) {
            let n = 1 + (i + k) % 3;
            let name: Vec<&str> = w[..n].iter().map(|t| t.norm.as_str()).collect();
            names.push((name.join(" "), names.len() as u32));
            if names.len() >= 50_000 {
                break;
            }
        }
    }
    for n in ["القاهرة", "ليبيا", "خليفة حفتر", "طرابلس", "Cairo", "Libya"]
    {
        names.push((n.to_string(), 0));
    }
    let matcher = NameMatcher::new(names);
    let bytes: usize = docs.iter().map(|d| d.0.len()).sum();
    let mut g = c.benchmark_group("name_matcher");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("find_50k_names_mixed_1mb", |b| {
        b.iter(|| {
            fields
                .iter()
                .map(|f| matcher.find(black_box(f)).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench_analyze, bench_matcher);
criterion_main!(benches);
