//! Throughput of the entity tagger alone (features + Viterbi), per core,
//! on Arabic and English news text, with the shipped models
//! (`data/models/ner-{ar,en}.bin`).
//!
//! Text: ~1 MB per language of article bodies from
//! `/work/shared/data/news-articles/articles.jsonl` when present (Arabic:
//! the ANT corpus records; English: the BBC records, never the LGL/GWN
//! gold text), else the authored sentences of `data/ner/authored/`
//! repeated. The bench splits it into tokens (runs of letters/digits, and
//! each other non-space character) and sentences (at `. ! ? ؟` and line
//! breaks) before timing; criterion's MiB/s counts the UTF-8 bytes of the
//! original text.
//!
//! Also times model loading (file read, gunzip, word table, precomputed
//! word sums): the start-up cost.
//!
//! Run: `cargo bench --bench ner`.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsevents::nlp::ner::{EntityTagger, Model, TagScratch};

const SHARED: &str = "/work/shared/data/news-articles/articles.jsonl";
const TARGET_BYTES: usize = 1 << 20;

fn text(lang: &str) -> (String, &'static str) {
    if let Ok(all) = std::fs::read_to_string(SHARED) {
        let mut out = String::new();
        for line in all.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let id = v.get("id").and_then(|x| x.as_str()).unwrap_or("");
            let ok = match lang {
                "ar" => id.starts_with("ant-"),
                _ => id.starts_with("bbc-"),
            };
            if ok && let Some(b) = v.get("body").and_then(|x| x.as_str()) {
                out.push_str(b);
                out.push('\n');
                if out.len() >= TARGET_BYTES {
                    break;
                }
            }
        }
        if !out.is_empty() {
            return (out, "news-articles.jsonl");
        }
    }
    let path = format!(
        "{}/data/ner/authored/{lang}/train.conll",
        env!("CARGO_MANIFEST_DIR")
    );
    let conll = std::fs::read_to_string(path).expect("authored data");
    let mut one = String::new();
    for line in conll.lines() {
        match line.split('\t').next() {
            Some(t) if !t.is_empty() => {
                one.push_str(t);
                one.push(' ');
            }
            _ => one.push('\n'),
        }
    }
    let mut out = String::new();
    while out.len() < TARGET_BYTES {
        out.push_str(&one);
    }
    (out, "authored sentences")
}

/// Sentences of tokens.
fn sentences(text: &str) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || matches!(c, '\u{064B}'..='\u{065F}' | '\u{0640}') {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            cur.push(&text[s..i]);
        }
        if !c.is_whitespace() {
            cur.push(&text[i..i + c.len_utf8()]);
        }
        if matches!(c, '.' | '!' | '?' | '؟' | '\n') && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if let Some(s) = start {
        cur.push(&text[s..]);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn bench(c: &mut Criterion) {
    for lang in ["ar", "en"] {
        let path = format!("{}/data/models/ner-{lang}.bin", env!("CARGO_MANIFEST_DIR"));
        let model = Arc::new(Model::load(Path::new(&path)).expect("shipped model"));
        let tagger = EntityTagger::new(model);
        let (text, origin) = text(lang);
        let sents = sentences(&text);
        let mut g = c.benchmark_group(format!("ner_tagger_{lang}"));
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.sample_size(10);
        let mut scratch = TagScratch::default();
        g.bench_function(format!("tag_1mb_{}", origin.replace(' ', "_")), |b| {
            b.iter(|| {
                let mut n = 0usize;
                for s in &sents {
                    n += tagger.tag(black_box(s), &mut scratch).len();
                }
                black_box(n)
            })
        });
        g.finish();
        let mut g = c.benchmark_group(format!("ner_model_load_{lang}"));
        g.sample_size(10);
        g.bench_function("load_and_precompute", |b| {
            b.iter(|| {
                let m = Model::load(Path::new(&path)).expect("model");
                black_box(EntityTagger::new(Arc::new(m)))
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
