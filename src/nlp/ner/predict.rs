//! Tagging: feature buckets → per-label scores → the best BIO label
//! sequence (Viterbi) → entity spans.

use std::ops::Add;
use std::sync::Arc;

use super::features::{Extractor, FeatureScratch};
use super::model::Model;
use super::{EntitySpan, Labels};

/// Reusable buffers for [`EntityTagger::tag`]; keep one per worker thread.
#[derive(Debug, Default, Clone)]
pub struct TagScratch {
    features: FeatureScratch,
    feats: Vec<u32>,
    offsets: Vec<u32>,
    emissions: Vec<i32>,
    viterbi: ViterbiScratch<i32>,
    tags: Vec<u16>,
}

/// The entity tagger: a loaded [`Model`] ready to tag sentences. Cheap to
/// clone (the model is shared).
#[derive(Debug, Clone)]
pub struct EntityTagger {
    model: Arc<Model>,
    /// Transitions with forbidden BIO moves set to a large negative value.
    transitions: Vec<i32>,
}

/// Score of a forbidden transition: far below any reachable path score,
/// far enough above `i32::MIN` that adding scores cannot wrap.
const FORBIDDEN: i32 = i32::MIN / 4;

impl EntityTagger {
    /// A tagger over `model`.
    pub fn new(model: Arc<Model>) -> EntityTagger {
        let l = model.labels.len();
        let transitions = constrained(&model.transitions, l, FORBIDDEN);
        EntityTagger { model, transitions }
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Entities in one sentence of surface tokens (as written, punctuation
    /// tokens included), as token-index spans sorted by start.
    pub fn tag<S: AsRef<str>>(&self, tokens: &[S], scratch: &mut TagScratch) -> Vec<EntitySpan> {
        self.tag_labels(tokens, scratch);
        self.model.labels.decode(&scratch.tags)
    }

    /// The BIO label of every token (see [`Labels`]); the result stays in
    /// the scratch and is returned as a slice.
    pub fn tag_labels<'s, S: AsRef<str>>(
        &self,
        tokens: &[S],
        scratch: &'s mut TagScratch,
    ) -> &'s [u16] {
        let m = &*self.model;
        let l = m.labels.len();
        let ex = Extractor::new(&m.words, m.header.hash_bits);
        ex.extract(
            tokens,
            &mut scratch.features,
            &mut scratch.feats,
            &mut scratch.offsets,
        );
        let n = tokens.len();
        scratch.emissions.clear();
        scratch.emissions.resize(n * l, 0);
        for t in 0..n {
            let row = &mut scratch.emissions[t * l..(t + 1) * l];
            let (a, b) = (scratch.offsets[t] as usize, scratch.offsets[t + 1] as usize);
            for &f in &scratch.feats[a..b] {
                let w = &m.weights[f as usize * l..(f as usize + 1) * l];
                for (r, &x) in row.iter_mut().zip(w) {
                    *r += x as i32;
                }
            }
        }
        viterbi(
            &scratch.emissions,
            &self.transitions,
            l,
            n,
            &mut scratch.viterbi,
            &mut scratch.tags,
        );
        &scratch.tags
    }
}

/// Copies `(L+1) × L` transitions, setting BIO-forbidden moves to `neg`.
pub(crate) fn constrained<T: Copy>(transitions: &[T], l: usize, neg: T) -> Vec<T> {
    let mut t = transitions.to_vec();
    for from in 0..=l {
        for to in 0..l {
            let prev = if from == 0 { None } else { Some(from - 1) };
            if !Labels::allowed(prev, to) {
                t[from * l + to] = neg;
            }
        }
    }
    t
}

/// Buffers of [`viterbi`].
#[derive(Debug, Default, Clone)]
pub(crate) struct ViterbiScratch<T> {
    delta: Vec<T>,
    back: Vec<u8>,
}

/// Best label sequence under first-order scores: `emissions` is `n × l`,
/// `transitions` `(l+1) × l` (row 0 = start). Writes `n` labels to `out`.
pub(crate) fn viterbi<T: Copy + PartialOrd + Add<Output = T> + Default>(
    emissions: &[T],
    transitions: &[T],
    l: usize,
    n: usize,
    s: &mut ViterbiScratch<T>,
    out: &mut Vec<u16>,
) {
    out.clear();
    if n == 0 {
        return;
    }
    s.delta.clear();
    s.delta.resize(n * l, T::default());
    s.back.clear();
    s.back.resize(n * l, 0);
    for j in 0..l {
        s.delta[j] = transitions[j] + emissions[j];
    }
    for t in 1..n {
        for j in 0..l {
            let mut best = s.delta[(t - 1) * l] + transitions[l + j];
            let mut arg = 0u8;
            for p in 1..l {
                let v = s.delta[(t - 1) * l + p] + transitions[(p + 1) * l + j];
                if v > best {
                    best = v;
                    arg = p as u8;
                }
            }
            s.delta[t * l + j] = best + emissions[t * l + j];
            s.back[t * l + j] = arg;
        }
    }
    let last = &s.delta[(n - 1) * l..n * l];
    let mut arg = 0usize;
    for j in 1..l {
        if last[j] > last[arg] {
            arg = j;
        }
    }
    out.resize(n, 0);
    out[n - 1] = arg as u16;
    for t in (1..n).rev() {
        arg = s.back[t * l + arg] as usize;
        out[t - 1] = arg as u16;
    }
}
