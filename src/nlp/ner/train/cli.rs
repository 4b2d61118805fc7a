//! `newsevents train-ner` on the command line: arguments and [`run`].

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Deserialize;

use super::corpus::CorpusSpec;
use super::*;
use crate::nlp::ner::EntitySpan;
use crate::nlp::ner::model::Model;
use crate::nlp::ner::predict::{EntityTagger, TagScratch};

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
