//! Runs the `text` and `locations` stages over JSON Lines articles on stdin
//! and prints one JSON line per article with its locations and focus
//! countries. Used by `benches/locations_eval.py`; handy for looking at what
//! the tagger does to a text.
//!
//! ```sh
//! echo '{"id":"1","body":"Clashes in Tripoli, Lebanon."}' | cargo run --release --example locations_tag
//! ```

use std::io::{BufRead, Write};
use std::sync::Arc;

use newsevents::article::{Origin, RawArticle};
use newsevents::lexicon::Lexicon;
use newsevents::stages::locations::{Gazetteer, GazetteerConfig, LocationTagger};
use newsevents::stages::text::TextAnalyzer;
use newsevents::stages::{Document, Stage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = match std::env::args().nth(1) {
        Some(path) => GazetteerConfig {
            path: Some(path.into()),
            ..GazetteerConfig::default()
        },
        None => GazetteerConfig::default(),
    };
    let text = TextAnalyzer::default();
    let tagger = LocationTagger::new(Arc::new(Gazetteer::load(&config)?), &Lexicon::embedded());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let raw: RawArticle = serde_json::from_str(&line)?;
        let id = raw.id.clone();
        let origin = Origin {
            topic: "-".into(),
            partition: 0,
            offset: n as i64,
        };
        let mut doc = Document::new(raw, origin);
        let result = text
            .process(&mut doc)
            .and_then(|()| tagger.process(&mut doc));
        let record = serde_json::json!({
            "id": id,
            "error": result.err().map(|e| e.to_string()),
            "locations": doc.locations,
            "focus_countries": doc.focus_countries,
        });
        writeln!(out, "{record}")?;
    }
    Ok(())
}
