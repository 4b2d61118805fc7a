//! Throughput of the `actors` stage on text already analysed by the `text`
//! stage (so only actor tagging is timed), and the one-off start-up cost of
//! loading every shipped dictionary and building the matchers.
//!
//! Corpus: the Raseef22 sample article (Arabic) and English paragraphs
//! written for this bench.
//!
//! Run: `cargo bench --bench actors` (criterion reports MiB/s per group).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsevents::article::Field;
use newsevents::nlp::AnalyzedField;
use newsevents::stages::actors::{ActorTagger, ActorsConfig};
use newsevents::stages::text::{ZoneRules, analyze};

const SAMPLE: &str = include_str!("../src/stages/actors/testdata/raseef22_sample.txt");

/// Written for this bench (no external text).
const ENGLISH: &str = "Egyptian President Abdel Fattah el-Sisi received Khalifa Haftar, commander of the Libyan National Army, in Cairo on Sunday, presidential spokesman Bassam Radi said.\n\
The visit came eleven days after Haftar's forces began an offensive on Tripoli, seat of the Government of National Accord.\n\
The World Health Organization said 121 people had been killed, while Iraqi protesters and the Syrian army were not involved.\n\
Ghassan Salamé, the UN envoy for Libya, postponed a national conference.";

fn bench(c: &mut Criterion) {
    let tagger = ActorTagger::new(&ActorsConfig::default()).expect("shipped dictionaries");
    let rules = ZoneRules::default();
    let published = chrono::NaiveDate::from_ymd_opt(2019, 4, 14);
    let mut group = c.benchmark_group("actors_tag");
    for (name, text, lang) in [
        ("sample_ar", SAMPLE, "ar"),
        ("paragraphs_en", ENGLISH, "en"),
    ] {
        let analysis = analyze(&rules, text, None, Some(lang)).expect("article text");
        let fields: Vec<AnalyzedField> = analysis.fields.clone();
        let texts: Vec<&str> = fields
            .iter()
            .map(|f| if f.field == Field::Body { text } else { "" })
            .collect();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| black_box(tagger.tag(&fields, &texts, published)))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("actors_startup");
    group.sample_size(10);
    group.bench_function("load_and_build", |b| {
        b.iter(|| {
            black_box(ActorTagger::new(&ActorsConfig::default()).expect("shipped dictionaries"))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
