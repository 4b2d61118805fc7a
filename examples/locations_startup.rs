//! Measures start-up of the `locations` stage: gazetteer load and tagger
//! build, wall time and peak resident memory (Linux `VmHWM`).
//!
//! ```sh
//! cargo run --release --example locations_startup                 # embedded default
//! cargo run --release --example locations_startup -- cities500.txt # a GeoNames table
//! ```

use std::sync::Arc;
use std::time::Instant;

use newsevents::lexicon::Lexicon;
use newsevents::stages::locations::{Gazetteer, GazetteerConfig, LocationTagger};

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = match std::env::args().nth(1) {
        Some(path) => GazetteerConfig {
            path: Some(path.into()),
            ..GazetteerConfig::default()
        },
        None => GazetteerConfig::default(),
    };
    let t0 = Instant::now();
    let gazetteer = Arc::new(Gazetteer::load(&config)?);
    let loaded = t0.elapsed();
    let tagger = LocationTagger::new(gazetteer.clone(), &Lexicon::embedded());
    let built = t0.elapsed();
    let s = gazetteer.stats();
    println!(
        "gazetteer {}: {} countries, {} ADM1, {} cities, {} names",
        gazetteer.version(),
        s.countries,
        s.admin1,
        s.cities,
        s.names
    );
    println!(
        "load {:.3} s, load + tagger build {:.3} s, peak RSS {:.0} MB",
        loaded.as_secs_f64(),
        built.as_secs_f64(),
        peak_rss_mb().unwrap_or(f64::NAN)
    );
    drop(tagger);
    Ok(())
}
