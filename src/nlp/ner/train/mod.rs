//! `newsevents train-ner`: trains, evaluates and builds the word clusters
//! of the entity tagger. Sits beside the pipeline: reads files, writes a
//! model file; the pipeline only ever loads the result.
//!
//! - [`corpus`]: CoNLL-style corpora with a column and tag mapping.
//! - [`lexicons`]: name lists baked into the word table as flags.
//! - [`clusters`]: word clusters learned from unlabelled text (ours) or read
//!   from spaCy's Brown clusters.
//!
//! # Training
//!
//! A TOML spec (see `data/models/ner-ar.toml`) names the classes, the
//! corpora with their tag mappings, the lexicons, the cluster file, the
//! number of hash bits, epochs and the seed. Training is an averaged
//! structured perceptron (Collins 2002): per epoch the sentences are
//! shuffled with the seeded generator, each is decoded with Viterbi under
//! the current weights, and on a mistake the gold path's features gain 1
//! and the predicted path's lose 1; the shipped weights are the average
//! over all updates (kept lazily with Daumé's trick). Same spec, same
//! corpora → byte-identical model file.

pub mod clusters;
pub mod corpus;
pub mod lexicons;

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Deserialize;

use self::corpus::{CorpusSpec, Sentence, expand};
use self::lexicons::LexiconSpec;
use super::evaluate::SpanScores;
use super::features::{Extractor, FeatureScratch};
use super::model::{Model, ModelHeader};
use super::predict::{EntityTagger, TagScratch, ViterbiScratch, constrained, viterbi};
use super::words::WordTable;
use super::{EntityClass, EntitySpan, Labels};

/// The `[clusters]` table of a spec.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterSpec {
    /// Cluster file.
    pub path: String,
    /// `levels` (ours) or `brown` (spaCy lookups).
    pub format: String,
}

/// A training spec (TOML).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainSpec {
    /// Model name, e.g. `ner-ar`.
    pub name: String,
    /// Model version written into the header.
    pub version: String,
    /// Language, informational.
    pub lang: String,
    /// Licence of the weights.
    pub licence: String,
    /// Classes in label order.
    pub classes: Vec<String>,
    /// Features hash into `2^hash_bits` buckets.
    pub hash_bits: u32,
    /// Perceptron epochs.
    pub epochs: u32,
    /// Shuffle seed.
    pub seed: u64,
    /// Word clusters.
    #[serde(default)]
    pub clusters: Vec<ClusterSpec>,
    /// Lexicons (one flag bit each, at most 32).
    #[serde(default)]
    pub lexicon: Vec<LexiconSpec>,
    /// Training corpora.
    pub corpus: Vec<CorpusSpec>,
    /// Dev sets scored after every epoch (model selection).
    #[serde(default)]
    pub dev: Vec<CorpusSpec>,
}

/// Why training or evaluation failed; always the caller's input.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A spec, corpus, lexicon or cluster file could not be read or is wrong.
    #[error("{0}")]
    Input(String),
    /// The model file could not be read or written.
    #[error(transparent)]
    Model(#[from] super::ModelError),
}

impl From<corpus::CorpusError> for TrainError {
    fn from(e: corpus::CorpusError) -> TrainError {
        TrainError::Input(e.to_string())
    }
}

impl From<lexicons::LexiconError> for TrainError {
    fn from(e: lexicons::LexiconError) -> TrainError {
        TrainError::Input(e.to_string())
    }
}

/// Where `$CORPORA/` and `$REPO/` point.
#[derive(Debug, Clone)]
pub struct Roots {
    /// Shared corpora directory.
    pub corpora: PathBuf,
    /// Repository root.
    pub repo: PathBuf,
}

impl TrainSpec {
    /// Reads a spec file.
    ///
    /// # Errors
    /// [`TrainError::Input`] naming the file.
    pub fn load(path: &Path) -> Result<TrainSpec, TrainError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| TrainError::Input(format!("{}: {e}", path.display())))?;
        toml::from_str(&text).map_err(|e| TrainError::Input(format!("{}: {e}", path.display())))
    }

    fn class_list(&self) -> Result<Vec<EntityClass>, TrainError> {
        self.classes
            .iter()
            .map(|c| {
                EntityClass::parse(c)
                    .ok_or_else(|| TrainError::Input(format!("unknown class `{c}` in spec")))
            })
            .collect()
    }
}

/// Builds the word table from the spec's clusters and lexicons.
///
/// # Errors
/// [`TrainError::Input`] for an unreadable file or more than 32 lexicons.
pub fn word_table(spec: &TrainSpec, roots: &Roots) -> Result<WordTable, TrainError> {
    let mut words = WordTable::new();
    for (level_offset, c) in spec.clusters.iter().enumerate() {
        let path = expand(&c.path, &roots.corpora, &roots.repo);
        let list = clusters::read(&path, &c.format).map_err(TrainError::Input)?;
        words.reserve(list.len());
        for (w, mut ids) in list {
            // A second cluster file gets distinct ids (its own id space).
            if level_offset > 0 {
                for x in ids.iter_mut().filter(|x| **x != 0) {
                    *x ^= (level_offset as u32) << 28;
                }
            }
            if words.get(&w).is_none_or(|i| i.clusters[0] == 0) {
                words.set_clusters(&w, ids);
            }
        }
    }
    if spec.lexicon.len() > 32 {
        return Err(TrainError::Input("at most 32 lexicons".into()));
    }
    for (bit, lex) in spec.lexicon.iter().enumerate() {
        for entry in lex.entries(&roots.corpora, &roots.repo)? {
            for w in lexicons::entry_words(&entry) {
                words.add_flags(&w, 1 << bit);
            }
        }
    }
    Ok(words)
}

/// Sentences of every training corpus, repeated as the spec says.
///
/// # Errors
/// [`TrainError::Input`] for an unreadable or malformed corpus.
pub fn training_sentences(
    spec: &TrainSpec,
    roots: &Roots,
    mut log: impl FnMut(&str),
) -> Result<Vec<Sentence>, TrainError> {
    let mut all = Vec::new();
    for c in &spec.corpus {
        let s = c.read(&roots.corpora, &roots.repo)?;
        let tokens: usize = s.iter().map(|s| s.tokens.len()).sum();
        let mentions: usize = s.iter().map(|s| s.spans.len()).sum();
        log(&format!(
            "corpus {}: {} sentences, {tokens} tokens, {mentions} mentions, ×{}",
            c.name,
            s.len(),
            c.repeat
        ));
        for _ in 0..c.repeat.max(1) {
            all.extend(s.iter().cloned());
        }
    }
    Ok(all)
}

struct Prepared {
    feats: Vec<u32>,
    /// Per sentence: range into `token_offsets`.
    sentences: Vec<(usize, usize)>,
    /// Per token: start into `feats` (plus one final entry).
    token_offsets: Vec<u32>,
    gold: Vec<u16>,
}

fn prepare(sentences: &[Sentence], ex: &Extractor, labels: &Labels) -> Prepared {
    let mut p = Prepared {
        feats: Vec::new(),
        sentences: Vec::with_capacity(sentences.len()),
        token_offsets: Vec::new(),
        gold: Vec::new(),
    };
    let mut scratch = FeatureScratch::default();
    let (mut f, mut o) = (Vec::new(), Vec::new());
    for s in sentences {
        ex.extract(&s.tokens, &mut scratch, &mut f, &mut o);
        let base = p.feats.len() as u32;
        let first = p.token_offsets.len();
        for &x in &o[..o.len() - 1] {
            p.token_offsets.push(base + x);
        }
        p.feats.extend_from_slice(&f);
        p.sentences.push((first, p.token_offsets.len()));
        p.gold.extend(labels.encode(s.tokens.len(), &s.spans));
    }
    p.token_offsets.push(p.feats.len() as u32);
    p
}

/// The averaged perceptron's state.
struct Perceptron {
    l: usize,
    w: Vec<f32>,
    u: Vec<f32>,
    t: Vec<f32>,
    tu: Vec<f32>,
    c: f32,
}

impl Perceptron {
    fn averaged(&self) -> (Vec<f32>, Vec<f32>) {
        let c = self.c.max(1.0);
        let w = self.w.iter().zip(&self.u).map(|(w, u)| w - u / c).collect();
        let t = self
            .t
            .iter()
            .zip(&self.tu)
            .map(|(w, u)| w - u / c)
            .collect();
        (w, t)
    }
}

fn emissions(feats: &[u32], offsets: &[u32], w: &[f32], l: usize, out: &mut Vec<f32>) {
    let n = offsets.len() - 1;
    out.clear();
    out.resize(n * l, 0.0);
    for t in 0..n {
        let row = &mut out[t * l..(t + 1) * l];
        for &f in &feats[offsets[t] as usize..offsets[t + 1] as usize] {
            for (r, x) in row.iter_mut().zip(&w[f as usize * l..(f as usize + 1) * l]) {
                *r += x;
            }
        }
    }
}

/// Trains a model from a spec. `log` gets progress lines.
///
/// # Errors
/// [`TrainError`] for unreadable or malformed inputs.
pub fn train(
    spec: &TrainSpec,
    roots: &Roots,
    mut log: impl FnMut(&str),
) -> Result<Model, TrainError> {
    let classes = spec.class_list()?;
    let labels = Labels::new(classes.clone());
    let l = labels.len();
    if !(10..=26).contains(&spec.hash_bits) {
        return Err(TrainError::Input("hash_bits must be in 10..=26".into()));
    }
    let started = Instant::now();
    let words = word_table(spec, roots)?;
    log(&format!("word table: {} words", words.len()));
    let sentences = training_sentences(spec, roots, &mut log)?;
    let ex = Extractor::new(&words, spec.hash_bits);
    let data = prepare(&sentences, &ex, &labels);
    drop(sentences);
    log(&format!(
        "features: {} sentences, {} tokens, {} feature slots ({:.1} s)",
        data.sentences.len(),
        data.gold.len(),
        data.feats.len(),
        started.elapsed().as_secs_f64()
    ));
    let devs: Vec<(CorpusSpec, Vec<Sentence>)> = spec
        .dev
        .iter()
        .map(|d| d.read(&roots.corpora, &roots.repo).map(|s| (d.clone(), s)))
        .collect::<Result<_, _>>()?;

    let buckets = 1usize << spec.hash_bits;
    let mut p = Perceptron {
        l,
        w: vec![0.0; buckets * l],
        u: vec![0.0; buckets * l],
        t: vec![0.0; (l + 1) * l],
        tu: vec![0.0; (l + 1) * l],
        c: 1.0,
    };
    let mut rng = clusters::Rng::new(spec.seed);
    let mut order: Vec<usize> = (0..data.sentences.len()).collect();
    let mut em = Vec::new();
    let mut vs = ViterbiScratch::default();
    let mut pred = Vec::new();
    for epoch in 0..spec.epochs {
        for i in (1..order.len()).rev() {
            let j = rng.below(i + 1);
            order.swap(i, j);
        }
        let mut mistakes = 0usize;
        for &si in &order {
            let (a, b) = data.sentences[si];
            let offsets = &data.token_offsets[a..=b];
            emissions(&data.feats, offsets, &p.w, l, &mut em);
            let trans = constrained(&p.t, l, -1e30f32);
            viterbi(&em, &trans, l, b - a, &mut vs, &mut pred);
            let gold = &data.gold[a..b];
            if pred.as_slice() != gold {
                mistakes += 1;
                let c = p.c;
                for t in 0..b - a {
                    let (g, q) = (gold[t] as usize, pred[t] as usize);
                    if g != q {
                        for &f in &data.feats[offsets[t] as usize..offsets[t + 1] as usize] {
                            let base = f as usize * p.l;
                            p.w[base + g] += 1.0;
                            p.u[base + g] += c;
                            p.w[base + q] -= 1.0;
                            p.u[base + q] -= c;
                        }
                    }
                    let gp = if t == 0 { 0 } else { gold[t - 1] as usize + 1 };
                    let qp = if t == 0 { 0 } else { pred[t - 1] as usize + 1 };
                    if (gp, g) != (qp, q) {
                        p.t[gp * l + g] += 1.0;
                        p.tu[gp * l + g] += c;
                        p.t[qp * l + q] -= 1.0;
                        p.tu[qp * l + q] -= c;
                    }
                }
            }
            p.c += 1.0;
        }
        log(&format!(
            "epoch {}: {mistakes} sentences wrong of {} ({:.1} s)",
            epoch + 1,
            order.len(),
            started.elapsed().as_secs_f64()
        ));
        if !devs.is_empty() {
            let model = finish(spec, &classes, &words, &p);
            let tagger = EntityTagger::new(std::sync::Arc::new(model));
            for (d, s) in &devs {
                let sc = score(&tagger, d, s);
                let o = sc.overall();
                let per: Vec<String> = sc
                    .per_class
                    .iter()
                    .map(|(k, c)| format!("{k} {:.1}", c.f1()))
                    .collect();
                log(&format!(
                    "  dev {}: F1 {:.1} (P {:.1} R {:.1}; {})",
                    d.name,
                    o.f1(),
                    o.precision(),
                    o.recall(),
                    per.join(", ")
                ));
            }
        }
    }
    Ok(finish(spec, &classes, &words, &p))
}

fn finish(spec: &TrainSpec, classes: &[EntityClass], words: &WordTable, p: &Perceptron) -> Model {
    let (w, t) = p.averaged();
    let max = w
        .iter()
        .chain(&t)
        .fold(0f32, |m, x| m.max(x.abs()))
        .max(1e-9);
    let scale = max / 32767.0;
    let q: Vec<i16> = w.iter().map(|x| (x / scale).round() as i16).collect();
    let qt: Vec<i32> = t.iter().map(|x| (x / scale).round() as i32).collect();
    let header = ModelHeader {
        name: spec.name.clone(),
        version: spec.version.clone(),
        lang: spec.lang.clone(),
        classes: classes.iter().map(|c| c.as_str().to_string()).collect(),
        hash_bits: spec.hash_bits,
        lexicons: spec.lexicon.iter().map(|x| x.name.clone()).collect(),
        corpora: spec.corpus.iter().map(|c| c.name.clone()).collect(),
        licence: spec.licence.clone(),
        scale,
        epochs: spec.epochs,
        seed: spec.seed,
    };
    Model::from_parts(header, words.clone(), qt, q)
}

/// Scores a tagger on gold sentences read with `spec` (gold classes as
/// mapped by `spec.tags`, predictions as mapped by `spec.score_as`).
pub fn score(tagger: &EntityTagger, spec: &CorpusSpec, sentences: &[Sentence]) -> SpanScores {
    score_with(tagger, spec, sentences, &mut TagScratch::default())
}

/// [`score`] with the caller's scratch (its word-sum cache kept across
/// calls, as in a running worker).
pub fn score_with(
    tagger: &EntityTagger,
    spec: &CorpusSpec,
    sentences: &[Sentence],
    scratch: &mut TagScratch,
) -> SpanScores {
    let mut sc = SpanScores::default();
    for s in sentences {
        let pred: Vec<EntitySpan> = tagger
            .tag(&s.tokens, scratch)
            .into_iter()
            .filter_map(|e| {
                spec.scored_class(e.class)
                    .map(|class| EntitySpan { class, ..e })
            })
            .collect();
        sc.add(&s.spans, &pred);
    }
    sc
}

/// Arguments of `newsevents train-ner`.
#[derive(Debug, Clone, clap::Args)]
pub struct TrainNerArgs {
    #[command(subcommand)]
    /// What to do.
    pub command: TrainNerCommand,
    /// Directory `$CORPORA/` in specs stands for.
    #[arg(long, global = true, default_value = "../shared/data")]
    pub corpora: PathBuf,
    /// Directory `$REPO/` in specs stands for.
    #[arg(long, global = true, default_value = ".")]
    pub repo: PathBuf,
}

/// `newsevents train-ner` subcommands.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum TrainNerCommand {
    /// Train a model from a spec and write the model file.
    Train {
        /// Training spec (TOML).
        spec: PathBuf,
        /// Model file to write.
        #[arg(long)]
        out: PathBuf,
        /// Override the spec's epochs.
        #[arg(long)]
        epochs: Option<u32>,
        /// Override the spec's hash bits.
        #[arg(long)]
        hash_bits: Option<u32>,
    },
    /// Score a model file on the `[[test]]` (or `[[dev]]`) sets of a spec:
    /// exact-span P/R/F1 per class of the tagger alone.
    Evaluate {
        /// Model file.
        #[arg(long)]
        model: PathBuf,
        /// Spec with `[[test]]` tables (same keys as `[[corpus]]`).
        spec: PathBuf,
        /// Write every wrong sentence here (gold and predicted spans).
        #[arg(long)]
        errors: Option<PathBuf>,
        /// Tag each set once untimed before the timed pass, so the speed
        /// figure is that of a running worker whose word-sum cache is warm
        /// (default: a fresh cache, the first pages a worker sees).
        #[arg(long)]
        warm: bool,
    },
    /// Learn word clusters from unlabelled text (skip-gram + k-means).
    Clusters {
        /// Plain text files, one paragraph per line.
        #[arg(long)]
        text: Vec<PathBuf>,
        /// JSON Lines articles (`title`, `body`); only records whose `lang`
        /// is `--jsonl-lang`.
        #[arg(long)]
        jsonl: Vec<PathBuf>,
        /// Language of the JSON Lines records to read.
        #[arg(long, default_value = "ar")]
        jsonl_lang: String,
        /// Also read the token text of every `[[corpus]]` of these specs.
        #[arg(long)]
        corpus_spec: Vec<PathBuf>,
        /// Output file (`.gz` for gzip).
        #[arg(long)]
        out: PathBuf,
        /// Minimum word count.
        #[arg(long, default_value_t = 5)]
        min_count: u32,
        /// Vector dimension.
        #[arg(long, default_value_t = 80)]
        dim: usize,
        /// Skip-gram epochs.
        #[arg(long, default_value_t = 3)]
        epochs: usize,
        /// Random seed.
        #[arg(long, default_value_t = 20_261_207)]
        seed: u64,
    },
}

/// CPU time of the calling thread in seconds (Linux `schedstat`), so a
/// speed figure is per core even on a busy machine; `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

#[derive(Debug, Deserialize)]
struct EvalSpec {
    #[serde(default)]
    test: Vec<CorpusSpec>,
    #[serde(default)]
    dev: Vec<CorpusSpec>,
}

/// Runs `newsevents train-ner`; progress goes to stderr, reports to stdout.
///
/// # Errors
/// [`TrainError`] for bad inputs.
pub fn run(args: &TrainNerArgs) -> Result<(), TrainError> {
    let roots = Roots {
        corpora: args.corpora.clone(),
        repo: args.repo.clone(),
    };
    let log = |s: &str| eprintln!("train-ner: {s}");
    match &args.command {
        TrainNerCommand::Train {
            spec,
            out,
            epochs,
            hash_bits,
        } => {
            let mut s = TrainSpec::load(spec)?;
            if let Some(e) = epochs {
                s.epochs = *e;
            }
            if let Some(h) = hash_bits {
                s.hash_bits = *h;
            }
            let model = train(&s, &roots, log)?;
            model.save(out)?;
            log(&format!("wrote {}", out.display()));
            Ok(())
        }
        TrainNerCommand::Evaluate {
            model,
            spec,
            errors,
            warm,
        } => {
            let started = Instant::now();
            let m = Model::load(model)?;
            log(&format!(
                "loaded {} in {:.2} s",
                model.display(),
                started.elapsed().as_secs_f64()
            ));
            let tagger = EntityTagger::new(std::sync::Arc::new(m));
            let text = std::fs::read_to_string(spec)
                .map_err(|e| TrainError::Input(format!("{}: {e}", spec.display())))?;
            let es: EvalSpec = toml::from_str(&text)
                .map_err(|e| TrainError::Input(format!("{}: {e}", spec.display())))?;
            let mut err_out = String::new();
            for set in es.test.iter().chain(&es.dev) {
                let sentences = set.read(&roots.corpora, &roots.repo)?;
                let mut scratch = TagScratch::default();
                if *warm {
                    score_with(&tagger, set, &sentences, &mut scratch);
                }
                let t0 = Instant::now();
                let cpu0 = thread_cpu_seconds();
                let sc = score_with(&tagger, set, &sentences, &mut scratch);
                let secs = t0.elapsed().as_secs_f64();
                let cpu = thread_cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
                let bytes: usize = sentences
                    .iter()
                    .flat_map(|s| &s.tokens)
                    .map(|t| t.len() + 1)
                    .sum();
                println!("{}", sc.table(&set.name));
                let per_cpu = cpu
                    .map(|c| {
                        format!(
                            "; {c:.2} s on CPU: {:.1} MB/s per core",
                            bytes as f64 / 1e6 / c
                        )
                    })
                    .unwrap_or_default();
                println!(
                    "({} sentences, {:.2} MB of token text in {secs:.2} s wall: {:.1} MB/s{per_cpu}; one thread, features + decoding)\n",
                    sentences.len(),
                    bytes as f64 / 1e6,
                    bytes as f64 / 1e6 / secs
                );
                if errors.is_some() {
                    let mut scratch = TagScratch::default();
                    for s in &sentences {
                        let pred: Vec<EntitySpan> = tagger
                            .tag(&s.tokens, &mut scratch)
                            .into_iter()
                            .filter_map(|e| {
                                set.scored_class(e.class)
                                    .map(|class| EntitySpan { class, ..e })
                            })
                            .collect();
                        if pred != s.spans {
                            let show = |v: &[EntitySpan]| {
                                v.iter()
                                    .map(|e| {
                                        format!(
                                            "{}[{}]",
                                            e.class,
                                            s.tokens[e.start..e.end].join(" ")
                                        )
                                    })
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            };
                            err_out.push_str(&format!(
                                "{}\tgold: {}\tpred: {}\t{}\n",
                                set.name,
                                show(&s.spans),
                                show(&pred),
                                s.tokens.join(" ")
                            ));
                        }
                    }
                }
            }
            if let Some(e) = errors {
                std::fs::write(e, err_out)
                    .map_err(|x| TrainError::Input(format!("{}: {x}", e.display())))?;
            }
            Ok(())
        }
        TrainNerCommand::Clusters {
            text,
            jsonl,
            jsonl_lang,
            corpus_spec,
            out,
            min_count,
            dim,
            epochs,
            seed,
        } => {
            let mut texts = Vec::new();
            let rd = |p: &Path| {
                std::fs::read_to_string(p)
                    .map_err(|e| TrainError::Input(format!("{}: {e}", p.display())))
            };
            for p in text {
                texts.push(rd(p)?);
            }
            for p in jsonl {
                let mut t = String::new();
                for line in rd(p)?.lines() {
                    let v: serde_json::Value = serde_json::from_str(line)
                        .map_err(|e| TrainError::Input(format!("{}: {e}", p.display())))?;
                    if v.get("lang").and_then(|x| x.as_str()) != Some(jsonl_lang.as_str()) {
                        continue;
                    }
                    for k in ["title", "body"] {
                        if let Some(s) = v.get(k).and_then(|x| x.as_str()) {
                            t.push_str(s);
                            t.push('\n');
                        }
                    }
                }
                texts.push(t);
            }
            for sp in corpus_spec {
                let s = TrainSpec::load(sp)?;
                let mut t = String::new();
                for c in &s.corpus {
                    for sent in c.read(&roots.corpora, &roots.repo)? {
                        t.push_str(&sent.tokens.join(" "));
                        t.push('\n');
                    }
                }
                texts.push(t);
            }
            let params = clusters::ClusterParams {
                min_count: *min_count,
                dim: *dim,
                epochs: *epochs,
                seed: *seed,
                ..clusters::ClusterParams::default()
            };
            let started = Instant::now();
            let c = clusters::learn(&texts, &params, |s| {
                log(&format!("{s} ({:.0} s)", started.elapsed().as_secs_f64()))
            });
            let header = format!(
                "Word clusters learned by `newsevents train-ner clusters` (skip-gram + k-means, our code).\nParameters: {params:?}\nColumns: folded word, then cluster ids coarse to fine ({:?} clusters).",
                params.levels
            );
            clusters::write(out, &header, &c)
                .map_err(|e| TrainError::Input(format!("{}: {e}", out.display())))?;
            log(&format!("wrote {} words to {}", c.len(), out.display()));
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::sync::Arc;

    /// The authored fixture (tests/fixtures/ner, Arabic and English in one
    /// file): a spec training on `train.conll` with `heldout.conll` as dev.
    fn fixture_spec() -> (TrainSpec, Roots) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ner");
        let text = r#"
name = "fixture"
version = "0"
lang = "ar+en"
licence = "Apache-2.0"
classes = ["PER", "ORG", "LOC", "MISC"]
hash_bits = 16
epochs = 10
seed = 1
[[corpus]]
name = "fixture"
paths = ["$REPO/train.conll"]
tab_separated = true
tags = { PER = "PER", ORG = "ORG", LOC = "LOC", MISC = "MISC" }
[[dev]]
name = "held out"
paths = ["$REPO/heldout.conll"]
tab_separated = true
tags = { PER = "PER", ORG = "ORG", LOC = "LOC", MISC = "MISC" }
"#;
        let spec: TrainSpec = toml::from_str(text).unwrap();
        let roots = Roots {
            corpora: dir.clone(),
            repo: dir,
        };
        (spec, roots)
    }

    #[test]
    fn model_trained_on_fixture_tags_held_out_sentences_with_unseen_names() {
        let (spec, roots) = fixture_spec();
        let model = train(&spec, &roots, |_| {}).unwrap();
        // Through the file format, as the pipeline will load it.
        let bytes = model.to_bytes().unwrap();
        let model = Model::from_bytes(&bytes, Path::new("fixture.bin")).unwrap();
        let tagger = EntityTagger::new(Arc::new(model));
        let held = spec.dev[0].read(&roots.corpora, &roots.repo).unwrap();
        assert_eq!(held.len(), 15);
        let mut scratch = TagScratch::default();
        let mut wrong = Vec::new();
        for s in &held {
            let got = tagger.tag(&s.tokens, &mut scratch);
            if got != s.spans {
                wrong.push(format!(
                    "{}: got {got:?}, want {:?}",
                    s.tokens.join(" "),
                    s.spans
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn cached_word_sums_give_the_scores_of_plain_feature_extraction() {
        let (spec, roots) = fixture_spec();
        let model = train(&spec, &roots, |_| {}).unwrap();
        let l = model.labels.len();
        let held = spec.dev[0].read(&roots.corpora, &roots.repo).unwrap();
        let ex = Extractor::new(&model.words, model.header.hash_bits);
        let tagger = EntityTagger::new(Arc::new(model.clone()));
        let (mut fs, mut f, mut o) = (FeatureScratch::default(), Vec::new(), Vec::new());
        let mut scratch = TagScratch::default();
        let mut tiny = TagScratch::with_cache_limit(3);
        let trans = constrained(&model.transitions, l, i32::MIN / 4);
        let mut checked_uncached = 0;
        for s in &held {
            // A word surely absent from the cache goes through the slow path.
            let mut tokens = s.tokens.clone();
            tokens.push("Zyxwvut".into());
            checked_uncached += 1;
            ex.extract(&tokens, &mut fs, &mut f, &mut o);
            let mut em = vec![0i32; tokens.len() * l];
            for t in 0..tokens.len() {
                for &b in &f[o[t] as usize..o[t + 1] as usize] {
                    if let Some(row) = model.weights().row(b) {
                        for k in 0..l {
                            em[t * l + k] += row[k] as i32;
                        }
                    }
                }
            }
            let mut want = Vec::new();
            viterbi(
                &em,
                &trans,
                l,
                tokens.len(),
                &mut ViterbiScratch::default(),
                &mut want,
            );
            // First sight computes the word sums, the second reads them
            // from the scratch's cache: both give the plain scores; so does
            // a cache so small that it is emptied within the sentence.
            assert_eq!(tagger.tag_labels(&tokens, &mut scratch), want.as_slice());
            assert_eq!(tagger.tag_labels(&tokens, &mut scratch), want.as_slice());
            assert_eq!(tagger.tag_labels(&tokens, &mut tiny), want.as_slice());
            assert_eq!(tagger.tag_labels(&tokens, &mut tiny), want.as_slice());
        }
        assert!(checked_uncached > 0);
    }

    #[test]
    fn training_is_deterministic() {
        let (spec, roots) = fixture_spec();
        let a = train(&spec, &roots, |_| {}).unwrap().to_bytes().unwrap();
        let b = train(&spec, &roots, |_| {}).unwrap().to_bytes().unwrap();
        assert!(a == b, "two trainings with the same seed differ");
    }

    #[test]
    fn missing_corrupt_and_incompatible_model_files_are_named_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.bin");
        let e = Model::load(&missing).unwrap_err().to_string();
        assert!(
            e.contains("nope.bin")
                && e.contains(&format!(
                    "format version {}",
                    crate::nlp::ner::MODEL_FORMAT_VERSION
                )),
            "{e}"
        );

        let corrupt = dir.path().join("corrupt.bin");
        std::fs::write(&corrupt, b"not a model").unwrap();
        let e = Model::load(&corrupt).unwrap_err();
        assert!(matches!(e, super::super::ModelError::Corrupt { .. }), "{e}");
        assert!(e.to_string().contains("corrupt.bin"), "{e}");

        // A real model cut short.
        let (spec, roots) = fixture_spec();
        let bytes = train(&spec, &roots, |_| {}).unwrap().to_bytes().unwrap();
        let truncated = dir.path().join("truncated.bin");
        std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
        let e = Model::load(&truncated).unwrap_err();
        assert!(matches!(e, super::super::ModelError::Corrupt { .. }), "{e}");

        // The same model with another format version.
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut raw)
            .unwrap();
        raw[8..12].copy_from_slice(&99u32.to_le_bytes());
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&raw).unwrap();
        let old = dir.path().join("v99.bin");
        std::fs::write(&old, gz.finish().unwrap()).unwrap();
        let e = Model::load(&old).unwrap_err();
        assert!(
            matches!(e, super::super::ModelError::Incompatible { found: 99, .. }),
            "{e}"
        );
        let msg = e.to_string();
        assert!(
            msg.contains("v99.bin")
                && msg.contains(&format!(
                    "version {}",
                    crate::nlp::ner::MODEL_FORMAT_VERSION
                )),
            "{msg}"
        );
    }
}
