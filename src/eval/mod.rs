//! `newsevents eval`: runs the same enrichment chain as `newsevents run`
//! over a gold corpus and scores it. Sits beside the pipeline, not in it:
//! it reads files, builds the chain with [`crate::app::build_chain`], and
//! prints a table (and optionally JSON) of the figures.
//!
//! # Layout
//!
//! - [`formats`]: readers for the gold formats (CoNLL-style IOB token files,
//!   LGL / GeoWebNews / GeoVirus XML, PETRARCH records, our sample JSON).
//! - [`metrics`]: span P/R/F1, geocoding accuracy, code agreement.
//! - `ner`, `geocoding`, `events`, `sample`: one scorer per kind of gold,
//!   each an `impl Runner` block with its error lines.
//! - `report`: the report types and the table [`render`] prints.
//!
//! # Method
//!
//! - **NER** (token corpora): tokens are joined by spaces (sentences by a
//!   newline) into one article per `-DOCSTART-` document, or per
//!   `--sentences-per-doc` sentences when the corpus has no document marks.
//!   Our mentions are mapped back to the tokens they touch, so a mention
//!   without its proclitic (و/ب/ل…) still covers the whole gold token.
//!   Classes: actors of kind `person` → PER; `organization`, `igo`, `media`,
//!   `armed_group`, `party` → ORG; locations → LOC. Actors found only as
//!   agent phrases (`الرئيس المصري`, "the Egyptian president") are not
//!   names and are left out. Gold MISC (and NewsFANE's FAC/VEH/WEA/PRO) is
//!   not scored.
//! - **Geocoding**: detection P/R/F1 of toponym spans (exact, overlap);
//!   then, for every gold toponym with a reference, *end to end* takes the
//!   place of our location mention overlapping the gold span (none = wrong);
//!   *given gold spans* does the same but, where we did not detect the
//!   toponym, runs the chain on the gold span's text alone and takes the
//!   place it gives (a context-free resolution). Unresolved toponyms count
//!   as wrong in every accuracy. The gold country is, in order: LGL's
//!   country GeoNames ID, the country of the gold GeoNames ID in our
//!   gazetteer, the country of the gazetteer place nearest the gold
//!   coordinates (within 100 km); else the toponym has no gold country.
//! - **Actor codes** (PETRARCH records with gold event codings): the
//!   distinct source/target codes of each record (codes starting with `-`,
//!   PETRARCH's unknown country, are dropped) against the distinct codes of
//!   the actors we find in the record's text; exact and by the first three
//!   letters (country or `IGO`). Gold codes only cover event participants,
//!   so "our codes in gold" is a lower bound on precision.
//! - **Sample** (our expectation JSON): required actors found by surface
//!   form and with the expected code; required locations found with the
//!   expected GeoNames ID; forbidden places and names reported.

mod events;
pub mod formats;
mod geocoding;
pub mod metrics;
mod ner;
mod report;
mod sample;
pub mod toponyms;

pub use report::{
    ClassLine, CoverageReport, GeoBlock, GeoReport, Report, SampleReport, SpanReport, render,
};

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::article::{Origin, RawArticle};
use crate::config::Settings;
use crate::stages::locations::Gazetteer;
use crate::stages::{Chain, Document};

use sample::sample_article;

/// Gold formats `newsevents eval` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GoldFormat {
    /// CoNLL-2003 IOB file (`TOKEN POS CHUNK NER`), English.
    Conll2003,
    /// ANERcorp CoNLL conversion (`TOKEN TAG`, PERS/ORG/LOC/MISC), Arabic.
    Anercorp,
    /// NewsFANEGold (`TOKEN\tTAG`, 50 fine classes), Arabic.
    Newsfane,
    /// LGL XML (toponyms with GeoNames IDs).
    Lgl,
    /// GeoWebNews XML (toponyms with GeoNames IDs and coordinates).
    Geowebnews,
    /// GeoVirus XML (locations with coordinates).
    Geovirus,
    /// PETRARCH validation records (gold CAMEO actor codes).
    Petrarch,
    /// Our sample's expectation JSON.
    Sample,
    /// Our authored toponym dev sets (`data/dev/toponyms_*.jsonl`): scored
    /// like the geoparsing corpora, exact ID on `gazetteer_id`; in-sample.
    Toponyms,
    /// Articles with gold events, JSON Lines (`gold_events`; our Arabic dev
    /// set).
    Events,
    /// Articles without gold, JSON Lines: Arabic dictionary-verb coverage
    /// and events per article.
    Coverage,
}

impl GoldFormat {
    fn name(self) -> &'static str {
        match self {
            GoldFormat::Conll2003 => "conll2003",
            GoldFormat::Anercorp => "anercorp",
            GoldFormat::Newsfane => "newsfane",
            GoldFormat::Lgl => "lgl",
            GoldFormat::Geowebnews => "geowebnews",
            GoldFormat::Geovirus => "geovirus",
            GoldFormat::Petrarch => "petrarch",
            GoldFormat::Sample => "sample",
            GoldFormat::Toponyms => "toponyms",
            GoldFormat::Events => "events",
            GoldFormat::Coverage => "coverage",
        }
    }

    fn default_lang(self) -> &'static str {
        match self {
            GoldFormat::Anercorp | GoldFormat::Newsfane | GoldFormat::Events => "ar",
            _ => "en",
        }
    }

    /// Our coarse class for a gold class label, `None` when not scored.
    fn gold_class(self, label: &str) -> Option<&'static str> {
        match self {
            GoldFormat::Newsfane => match label {
                "Politician" | "Athlete" | "Artist" | "Businessperson" | "Scientist" | "Lawyer"
                | "Engineer" | "Police" | "Religious_PER" | "Group" | "Other_PER" => Some("PER"),
                "Government" | "Non-Governmental" | "Commercial" | "Media" | "Educational"
                | "Sports" | "Religious_ORG" | "Medical-Science" | "Entertainment" => Some("ORG"),
                "Nation"
                | "Population-Center"
                | "State-or-Province"
                | "County-or-District"
                | "Continent"
                | "GPE-Cluster"
                | "Water-Body"
                | "Land-Region-Natural"
                | "Celestial" => Some("LOC"),
                _ => None,
            },
            _ => match label {
                "PER" | "PERS" => Some("PER"),
                "ORG" => Some("ORG"),
                "LOC" => Some("LOC"),
                _ => None,
            },
        }
    }
}

/// Arguments of `newsevents eval`.
#[derive(Debug, Clone, clap::Args)]
pub struct EvalArgs {
    /// Gold format.
    #[arg(value_enum)]
    pub format: GoldFormat,
    /// Gold file.
    pub path: PathBuf,
    /// Also write the report as JSON to this file.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Sample format: the article (`.jsonl` or `.txt`); default: the
    /// expectation's `document` beside it, else `<stem>.jsonl`.
    #[arg(long)]
    pub articles: Option<PathBuf>,
    /// Token corpora without document marks: sentences per article.
    #[arg(long, default_value_t = 10)]
    pub sentences_per_doc: usize,
    /// Score only the first N documents (records).
    #[arg(long)]
    pub limit: Option<usize>,
    /// Language hint given to the chain (default: `ar` for ANERcorp and
    /// NewsFANE, else `en`).
    #[arg(long)]
    pub lang: Option<String>,
    /// Write every error to this file, one per line. Token corpora:
    /// `doc<TAB>FP|FN<TAB>class<TAB>tokens<TAB>context` (exact matching; a
    /// span found with the wrong class shows as one FP and one FN).
    /// Geoparsing corpora, per gold toponym not resolved to its gold ID in the
    /// "given gold spans" protocol:
    /// `doc<TAB>span<TAB>form<TAB>gold id<TAB>gold place in our gazetteer
    /// (feature code, country, name) or -<TAB>context|isolated|none<TAB>our
    /// id<TAB>our place` (form: Name, Adjective or Embedded, see
    /// `formats::ToponymForm`).
    #[arg(long)]
    pub errors: Option<PathBuf>,
}

/// Why an evaluation could not run. Setup and file errors are the caller's
/// (wrong path or format); a retry does not help.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The gold file or report path could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// File at fault.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// The gold file is not in the stated format.
    #[error("{path}: {source}")]
    Format {
        /// File at fault.
        path: PathBuf,
        /// What was wrong.
        source: formats::FormatError,
    },
    /// The chain or gazetteer could not be built from the settings.
    #[error("building the enrichment chain: {0}")]
    Setup(String),
}

/// Runs the evaluation `args` asks for with the chain `settings` build,
/// prints the table to stdout and writes JSON if asked.
///
/// # Errors
/// [`EvalError`] when the gold file cannot be read or parsed, the chain
/// cannot be built, or the JSON cannot be written.
pub fn run(settings: &Settings, args: &EvalArgs) -> Result<Report, EvalError> {
    let started = Instant::now();
    let (chain, _) =
        crate::app::build_chain(settings).map_err(|e| EvalError::Setup(format!("{e:#}")))?;
    let runner = Runner {
        chain,
        lang: args
            .lang
            .clone()
            .unwrap_or_else(|| args.format.default_lang().to_string()),
        documents: 0,
        failed: 0,
    };
    let text = read(&args.path)?;
    let format_err = |source| EvalError::Format {
        path: args.path.clone(),
        source,
    };
    let limit = args.limit.unwrap_or(usize::MAX);
    let mut report = Report {
        format: args.format.name(),
        path: args.path.display().to_string(),
        documents: 0,
        failed_documents: 0,
        seconds: 0.0,
        ner: None,
        geocoding: None,
        actor_codes: None,
        sample: None,
        events: None,
        coverage: None,
    };
    let mut runner = runner;
    match args.format {
        GoldFormat::Conll2003 | GoldFormat::Anercorp | GoldFormat::Newsfane => {
            let mut docs = formats::read_token_corpus(&text, args.sentences_per_doc);
            docs.truncate(limit);
            let mut errors = args.errors.as_ref().map(|_| String::new());
            report.ner = Some(runner.ner(args.format, &docs, errors.as_mut()));
            if let (Some(path), Some(text)) = (&args.errors, errors) {
                std::fs::write(path, text).map_err(|source| EvalError::Io {
                    path: path.clone(),
                    source,
                })?;
            }
        }
        GoldFormat::Lgl | GoldFormat::Geowebnews | GoldFormat::Geovirus | GoldFormat::Toponyms => {
            let mut docs = match args.format {
                GoldFormat::Lgl => formats::read_lgl(&text),
                GoldFormat::Geowebnews => formats::read_geowebnews(&text),
                GoldFormat::Toponyms => toponyms::read_toponyms(&text).map(|(docs, lang)| {
                    if let (None, Some(lang)) = (&args.lang, lang) {
                        runner.lang = lang;
                    }
                    docs
                }),
                _ => formats::read_geovirus(&text),
            }
            .map_err(format_err)?;
            docs.truncate(limit);
            let mut fixes = (0, 0);
            for d in &mut docs {
                let (moved, bad) = d.realign(20);
                fixes = (fixes.0 + moved, fixes.1 + bad);
            }
            let gazetteer = Gazetteer::load(&settings.locations.gazetteer)
                .map_err(|e| EvalError::Setup(e.to_string()))?;
            let mut errors = args.errors.as_ref().map(|_| String::new());
            // The fixed demonym list the "place names only" protocol leaves
            // gold spans out by: the actors stage's table, lowercase.
            let demonyms: std::collections::HashSet<String> =
                crate::lexicon::Countries::load(settings.actors.demonyms.as_deref())
                    .map_err(|e| EvalError::Setup(e.to_string()))?
                    .demonyms()
                    .iter()
                    .map(|d| d.form.to_lowercase())
                    .collect();
            let mut geo = runner.geocoding(&docs, &gazetteer, &demonyms, errors.as_mut());
            if let (Some(path), Some(text)) = (&args.errors, errors) {
                std::fs::write(path, text).map_err(|source| EvalError::Io {
                    path: path.clone(),
                    source,
                })?;
            }
            (geo.offsets_realigned, geo.offset_mismatches) = fixes;
            geo.dropped_toponyms = docs.iter().map(|d| d.dropped).sum();
            report.geocoding = Some(geo);
        }
        GoldFormat::Petrarch => {
            let mut records = formats::read_petrarch(&text);
            records.truncate(limit);
            let mut errors = args.errors.as_ref().map(|_| String::new());
            let (codes, events) = runner.petrarch(&records, errors.as_mut());
            report.actor_codes = Some(codes);
            report.events = Some(events);
            write_errors(args, errors)?;
        }
        GoldFormat::Events => {
            let mut articles = formats::read_event_articles(&text).map_err(format_err)?;
            articles.truncate(limit);
            let mut errors = args.errors.as_ref().map(|_| String::new());
            report.events = Some(runner.event_gold(articles, errors.as_mut()));
            write_errors(args, errors)?;
        }
        GoldFormat::Coverage => {
            let coder = crate::stages::events::EventCoder::new(&settings.events)
                .map_err(|e| EvalError::Setup(e.to_string()))?;
            let mut cov = CoverageReport::default();
            for (i, line) in text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .take(limit)
                .enumerate()
            {
                let Ok(raw) = serde_json::from_str::<RawArticle>(line) else {
                    return Err(format_err(formats::FormatError::Malformed {
                        what: "not a raw article".into(),
                        record: i,
                    }));
                };
                let Some(doc) = runner.enrich_raw(raw) else {
                    continue;
                };
                let lang = doc
                    .analysis
                    .as_ref()
                    .map_or("und", |a| a.language.code.as_str())
                    .to_string();
                let lang = if lang == "ar" || lang == "en" {
                    lang
                } else {
                    "other".into()
                };
                *cov.articles.entry(lang.clone()).or_default() += 1;
                *cov.events.entry(lang).or_default() += doc.events.len();
                for e in &doc.events {
                    *cov.events_by_quad_class
                        .entry(e.cameo.quad_class.unwrap_or(0))
                        .or_default() += 1;
                }
                cov.arabic.add(coder.verb_coverage(&doc));
            }
            report.coverage = Some(cov);
        }
        GoldFormat::Sample => {
            let expected = formats::read_sample(&text).map_err(format_err)?;
            let raw = sample_article(&args.path, args.articles.as_deref(), &expected)?;
            report.sample = Some(runner.sample(raw, &expected));
        }
    }
    report.documents = runner.documents;
    report.failed_documents = runner.failed;
    report.seconds = started.elapsed().as_secs_f64();
    print!("{}", render(&report));
    if let Some(path) = &args.json {
        let json = serde_json::to_string_pretty(&report).expect("report serialises");
        std::fs::write(path, json + "\n").map_err(|source| EvalError::Io {
            path: path.clone(),
            source,
        })?;
    }
    Ok(report)
}

fn read(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_owned(),
        source,
    })
}

struct Runner {
    chain: Chain,
    lang: String,
    documents: usize,
    failed: usize,
}

impl Runner {
    fn enrich(&mut self, id: &str, body: String, published: Option<String>) -> Option<Document> {
        let raw = RawArticle {
            id: id.to_string(),
            body,
            title: None,
            lang: Some(self.lang.clone()),
            url: None,
            source: None,
            published_at: published,
            extra: Default::default(),
        };
        self.enrich_raw(raw)
    }

    fn enrich_raw(&mut self, raw: RawArticle) -> Option<Document> {
        self.documents += 1;
        let doc = self.run_chain(raw);
        if doc.is_none() {
            self.failed += 1;
        }
        doc
    }

    /// Runs the chain without counting the article (context-free lookups).
    fn run_chain(&self, raw: RawArticle) -> Option<Document> {
        let origin = Origin {
            topic: "eval".into(),
            partition: 0,
            offset: self.documents as i64,
        };
        let mut doc = Document::new(raw, origin);
        self.chain.process(&mut doc).ok().map(|()| doc)
    }
}

/// Writes the `--errors` text, if asked.
fn write_errors(args: &EvalArgs, errors: Option<String>) -> Result<(), EvalError> {
    if let (Some(path), Some(text)) = (&args.errors, errors) {
        std::fs::write(path, text).map_err(|source| EvalError::Io {
            path: path.clone(),
            source,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_classes_map_to_coarse_classes() {
        assert_eq!(GoldFormat::Anercorp.gold_class("PERS"), Some("PER"));
        assert_eq!(GoldFormat::Anercorp.gold_class("MISC"), None);
        assert_eq!(GoldFormat::Conll2003.gold_class("LOC"), Some("LOC"));
        assert_eq!(GoldFormat::Newsfane.gold_class("Politician"), Some("PER"));
        assert_eq!(GoldFormat::Newsfane.gold_class("Media"), Some("ORG"));
        assert_eq!(GoldFormat::Newsfane.gold_class("Nation"), Some("LOC"));
        assert_eq!(GoldFormat::Newsfane.gold_class("Airport"), None);
    }
}
