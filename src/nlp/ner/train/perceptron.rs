//! The averaged structured perceptron: feature preparation, the training
//! loop and the quantised model it ends with.

use std::time::Instant;

use super::corpus::{CorpusSpec, Sentence};
use super::*;
use crate::nlp::ner::features::{Extractor, FeatureScratch};
use crate::nlp::ner::model::{Model, ModelHeader};
use crate::nlp::ner::predict::{EntityTagger, ViterbiScratch, constrained, viterbi};
use crate::nlp::ner::words::WordTable;
use crate::nlp::ner::{EntityClass, Labels};

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
