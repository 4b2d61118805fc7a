//! Criterion benches of the `locations` stage: embedded gazetteer load,
//! tagger build, and tagging the sample article (text stage excluded).
//!
//! `cargo bench --bench locations`

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use newsevents::article::{Origin, RawArticle};
use newsevents::lexicon::Lexicon;
use newsevents::stages::locations::{Gazetteer, GazetteerConfig, LocationTagger};
use newsevents::stages::text::TextAnalyzer;
use newsevents::stages::{Document, Stage};

fn sample_doc() -> Document {
    let line = include_str!("../tests/fixtures/articles/sample.jsonl")
        .lines()
        .next()
        .unwrap();
    let raw: RawArticle = serde_json::from_str(line).unwrap();
    let mut doc = Document::new(
        raw,
        Origin {
            topic: "bench".into(),
            partition: 0,
            offset: 0,
        },
    );
    TextAnalyzer::default().process(&mut doc).unwrap();
    doc
}

fn benches(c: &mut Criterion) {
    let mut startup = c.benchmark_group("locations_startup");
    startup.sample_size(10);
    startup.bench_function("gazetteer_load_embedded", |b| {
        b.iter(|| Gazetteer::load(&GazetteerConfig::default()).unwrap())
    });
    let gazetteer = Arc::new(Gazetteer::embedded());
    startup.bench_function("tagger_build", |b| {
        b.iter(|| LocationTagger::new(gazetteer.clone(), &Lexicon::embedded()))
    });
    startup.finish();

    let tagger = LocationTagger::new(gazetteer, &Lexicon::embedded());
    let doc = sample_doc();
    c.bench_function("locations_tag_sample_article", |b| {
        b.iter_batched(
            || doc.clone(),
            |mut d| {
                tagger.process(&mut d).unwrap();
                d
            },
            criterion::BatchSize::SmallInput,
        )
    });
}

criterion_group!(locations, benches);
criterion_main!(locations);
