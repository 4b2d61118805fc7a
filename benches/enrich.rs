//! Enrichment alone (every configured stage, as `newsevents run` builds the
//! chain) on one core: the sample article, about 1 MB of Arabic news and
//! about 1 MB of English news.
//!
//! ```sh
//! cargo bench --bench enrich
//! NEWSEVENTS_DATA=/path/to/shared/data cargo bench --bench enrich
//! ```
//!
//! The 1 MB sets come from `$NEWSEVENTS_DATA/news-articles/articles.jsonl`
//! (default `../shared/data` beside the repository) when it is there; else
//! they are built from the sample article and text generated here, so the
//! bench runs from a clean clone. Criterion reports MB/s (throughput in
//! bytes of article body); each group also prints its article count so
//! articles/s = count / time per iteration.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsevents::article::{Origin, RawArticle};
use newsevents::config::Settings;
use newsevents::stages::{Chain, Document};

const TARGET_BYTES: usize = 1_000_000;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> RawArticle {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/articles/sample.jsonl"))
        .expect("tests/fixtures/articles/sample.jsonl");
    serde_json::from_str(text.lines().next().expect("one line")).expect("sample JSON")
}

/// Real articles of `lang` from the shared news set, about 1 MB of body.
fn shared_articles(lang: &str) -> Option<Vec<RawArticle>> {
    let data = std::env::var_os("NEWSEVENTS_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared/data"));
    let text = std::fs::read_to_string(data.join("news-articles/articles.jsonl")).ok()?;
    let mut out = Vec::new();
    let mut bytes = 0;
    for line in text.lines() {
        let Ok(a) = serde_json::from_str::<RawArticle>(line) else {
            continue;
        };
        if a.lang.as_deref() == Some(lang) {
            bytes += a.body.len();
            out.push(a);
            if bytes >= TARGET_BYTES {
                return Some(out);
            }
        }
    }
    None
}

/// Fallback English news-like text, written here: sentences recombined
/// deterministically into articles of about 4 KB.
fn generated_english() -> Vec<RawArticle> {
    const SENTENCES: &[&str] = &[
        "The foreign minister of Egypt met his Libyan counterpart in Cairo on Sunday.",
        "Officials in Tripoli said the talks would continue next week in Tunis.",
        "The United Nations envoy warned that fighting near Benghazi could displace thousands.",
        "President Abdel Fattah el-Sisi called for a political solution to the crisis.",
        "Protesters gathered outside the parliament in Baghdad, witnesses said.",
        "The World Health Organization reported new cases in Sanaa and Aden.",
        "Markets in Dubai and Riyadh rose after the central bank kept rates unchanged.",
        "A spokesman for the Libyan National Army denied the reports.",
        "Heavy rain caused flooding in Alexandria and parts of the Nile Delta.",
        "The delegation will travel to Amman, Beirut and Damascus later this month.",
    ];
    let mut out = Vec::new();
    let mut bytes = 0;
    let mut k = 0usize;
    while bytes < TARGET_BYTES {
        let mut body = String::new();
        while body.len() < 4000 {
            body.push_str(SENTENCES[(k * 7 + k / 10) % SENTENCES.len()]);
            body.push(' ');
            k += 1;
        }
        bytes += body.len();
        out.push(RawArticle {
            id: format!("gen-en-{}", out.len()),
            body,
            title: None,
            lang: Some("en".into()),
            url: None,
            source: None,
            published_at: Some("2019-04-14".into()),
            extra: Default::default(),
        });
    }
    out
}

/// Fallback Arabic set: copies of the sample article up to about 1 MB.
fn repeated_sample() -> Vec<RawArticle> {
    let s = sample();
    let n = TARGET_BYTES.div_ceil(s.body.len());
    (0..n)
        .map(|i| RawArticle {
            id: format!("{}-{i}", s.id),
            ..s.clone()
        })
        .collect()
}

fn enrich_all(chain: &Chain, articles: &[RawArticle]) -> usize {
    let mut found = 0;
    for (i, a) in articles.iter().enumerate() {
        let origin = Origin {
            topic: "bench".into(),
            partition: 0,
            offset: i as i64,
        };
        let mut doc = Document::new(a.clone(), origin);
        if chain.process(&mut doc).is_ok() {
            found += doc.actors.len() + doc.locations.len();
        }
    }
    found
}

fn bench(c: &mut Criterion) {
    let settings = Settings::load(None, std::env::vars(), &[]).expect("settings");
    let (chain, _) = newsevents::app::build_chain(&settings).expect("chain");
    let sets = [
        ("sample", vec![sample()]),
        (
            "arabic_1mb",
            shared_articles("ar").unwrap_or_else(repeated_sample),
        ),
        (
            "english_1mb",
            shared_articles("en").unwrap_or_else(generated_english),
        ),
    ];
    let mut group = c.benchmark_group("enrich");
    group.sample_size(10);
    for (name, articles) in &sets {
        let bytes: usize = articles
            .iter()
            .map(|a| a.body.len() + a.title.as_deref().map_or(0, str::len))
            .sum();
        let origin = if articles[0].id.starts_with("ant-") || articles[0].id.starts_with("bbc-") {
            "shared news-articles"
        } else {
            "built-in"
        };
        eprintln!(
            "enrich/{name}: {} articles, {bytes} bytes ({origin})",
            articles.len()
        );
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(*name, |b| {
            b.iter(|| enrich_all(&chain, black_box(articles)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
