//! Tagging: feature buckets → per-label scores → the best BIO label
//! sequence (Viterbi) → entity spans.

use std::ops::Add;
use std::sync::Arc;

use std::collections::HashMap;

use super::features::{
    Extractor, FeatureScratch, PairKey, ROLE_CENTRE, ROLE_LEFT1, ROLE_LEFT2, ROLE_RIGHT1,
    ROLE_RIGHT2, ROLES, Tok,
};
use super::model::Model;
use super::{EntitySpan, Labels};

/// Reusable buffers for [`EntityTagger::tag`]; keep one per worker thread.
#[derive(Debug, Default, Clone)]
pub struct TagScratch {
    features: FeatureScratch,
    /// Per token: `ROLES × L` feature sums.
    rows: Vec<i32>,
    keys: Vec<PairKey>,
    emissions: Vec<i32>,
    viterbi: ViterbiScratch<i32>,
    tags: Vec<u16>,
}

/// Feature sums of frequent surface forms, computed once at load time: a
/// known token then costs one hash lookup instead of ~25 weight-row reads.
#[derive(Debug)]
struct WordCache {
    index: HashMap<Box<str>, u32, foldhash::fast::FixedState>,
    /// Per cached word: `ROLES × L` sums.
    rows: Vec<i32>,
    keys: Vec<PairKey>,
    /// Sums of the left and right sentence padding per role.
    pad_left: Vec<i32>,
    pad_right: Vec<i32>,
    pad_left_key: PairKey,
    pad_right_key: PairKey,
}

/// The entity tagger: a loaded [`Model`] ready to tag sentences. Cheap to
/// clone (the model and its precomputed word sums are shared).
#[derive(Debug, Clone)]
pub struct EntityTagger {
    model: Arc<Model>,
    /// Transitions with forbidden BIO moves set to a large negative value.
    transitions: Vec<i32>,
    cache: Arc<WordCache>,
}

/// Cache words precomputed by an unoptimised build (see [`EntityTagger::new`]).
const DEBUG_CACHE_WORDS: usize = 2_000;

/// Score of a forbidden transition: far below any reachable path score,
/// far enough above `i32::MIN` that adding scores cannot wrap.
const FORBIDDEN: i32 = i32::MIN / 4;

/// Adds the weight rows of `bucket` to `row` (`L` values).
#[inline]
fn add_bucket(weights: &[i16], l: usize, bucket: u32, row: &mut [i32]) {
    let w = &weights[bucket as usize * l..(bucket as usize + 1) * l];
    for (r, &x) in row.iter_mut().zip(w) {
        *r += x as i32;
    }
}

/// Writes the `ROLES × L` sums of token `t` into `out`.
fn unit_rows(ex: &Extractor, weights: &[i16], l: usize, t: &Tok, out: &mut [i32]) {
    out.iter_mut().for_each(|x| *x = 0);
    for role in 0..ROLES {
        let row = &mut out[role * l..(role + 1) * l];
        ex.unit(t, role, |b| add_bucket(weights, l, b, row));
    }
}

impl EntityTagger {
    /// A tagger over `model`; precomputes the feature sums of the model's
    /// cache words (about 0.1–0.3 s for 150,000 words).
    pub fn new(model: Arc<Model>) -> EntityTagger {
        let l = model.labels.len();
        let transitions = constrained(&model.transitions, l, FORBIDDEN);
        let ex = Extractor::new(&model.words, model.header.hash_bits);
        let mut scratch = FeatureScratch::default();
        // Unoptimised (test) builds precompute a few words only: the sums
        // are a speed aid that never changes a score, and computing 150,000
        // of them without optimisation takes minutes.
        let n = if cfg!(debug_assertions) {
            model.cache_words.len().min(DEBUG_CACHE_WORDS)
        } else {
            model.cache_words.len()
        };
        let mut index = HashMap::with_capacity_and_hasher(n, foldhash::fast::FixedState::default());
        let mut rows = vec![0i32; n * ROLES * l];
        let mut keys = Vec::with_capacity(n);
        for (i, w) in model.cache_words.iter().take(n).enumerate() {
            let t = ex.tok(w, &mut scratch);
            unit_rows(
                &ex,
                &model.weights,
                l,
                &t,
                &mut rows[i * ROLES * l..(i + 1) * ROLES * l],
            );
            keys.push(t.pair_key());
            index.insert(w.as_str().into(), i as u32);
        }
        let (pl, pr) = Extractor::pads();
        let mut pad_left = vec![0i32; ROLES * l];
        let mut pad_right = vec![0i32; ROLES * l];
        unit_rows(&ex, &model.weights, l, &pl, &mut pad_left);
        unit_rows(&ex, &model.weights, l, &pr, &mut pad_right);
        let cache = WordCache {
            index,
            rows,
            keys,
            pad_left,
            pad_right,
            pad_left_key: pl.pair_key(),
            pad_right_key: pr.pair_key(),
        };
        EntityTagger {
            model,
            transitions,
            cache: Arc::new(cache),
        }
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

    /// How sure the last [`EntityTagger::tag`] on `scratch` was of `span`:
    /// the mean, over the span's tokens, of the chosen label's emission
    /// score minus the `O` label's (transitions left out), in real weight
    /// units (`header.scale` applied). Large when the words look like a
    /// name of that class whatever their neighbours' labels; near zero or
    /// negative when the path's transitions carried the span.
    ///
    /// # Panics
    /// If `span` is not a span of the sentence last tagged with `scratch`.
    pub fn span_margin(&self, scratch: &TagScratch, span: &EntitySpan) -> f32 {
        let l = self.model.labels.len();
        if span.end <= span.start {
            return 0.0;
        }
        let sum: i64 = (span.start..span.end)
            .map(|t| {
                let e = &scratch.emissions[t * l..(t + 1) * l];
                i64::from(e[scratch.tags[t] as usize] - e[0])
            })
            .sum();
        sum as f32 / (span.end - span.start) as f32 * self.model.header.scale
    }

    /// The BIO label of every token (see [`Labels`]); the result stays in
    /// the scratch and is returned as a slice. Scores equal those of the
    /// training-time feature extraction ([`Extractor::extract`]), only
    /// summed in another order.
    pub fn tag_labels<'s, S: AsRef<str>>(
        &self,
        tokens: &[S],
        scratch: &'s mut TagScratch,
    ) -> &'s [u16] {
        let m = &*self.model;
        let c = &*self.cache;
        let l = m.labels.len();
        let width = ROLES * l;
        let ex = Extractor::new(&m.words, m.header.hash_bits);
        let n = tokens.len();
        scratch.rows.clear();
        scratch.rows.resize(n * width, 0);
        scratch.keys.clear();
        for (i, t) in tokens.iter().enumerate() {
            let out = &mut scratch.rows[i * width..(i + 1) * width];
            match c.index.get(t.as_ref()) {
                Some(&id) => {
                    let id = id as usize;
                    out.copy_from_slice(&c.rows[id * width..(id + 1) * width]);
                    scratch.keys.push(c.keys[id]);
                }
                None => {
                    let tok = ex.tok(t.as_ref(), &mut scratch.features);
                    unit_rows(&ex, &m.weights, l, &tok, out);
                    scratch.keys.push(tok.pair_key());
                }
            }
        }
        scratch.emissions.clear();
        scratch.emissions.resize(n * l, 0);
        let rows = &scratch.rows;
        let role_row = |j: isize, role: usize| -> &[i32] {
            let block: &[i32] = if j < 0 {
                &c.pad_left
            } else if j as usize >= n {
                &c.pad_right
            } else {
                &rows[j as usize * width..(j as usize + 1) * width]
            };
            &block[role * l..(role + 1) * l]
        };
        let key = |j: isize| -> &PairKey {
            if j < 0 {
                &c.pad_left_key
            } else if j as usize >= n {
                &c.pad_right_key
            } else {
                &scratch.keys[j as usize]
            }
        };
        for i in 0..n {
            let ii = i as isize;
            let e = &mut scratch.emissions[i * l..(i + 1) * l];
            for (j, role) in [
                (ii, ROLE_CENTRE),
                (ii - 1, ROLE_LEFT1),
                (ii + 1, ROLE_RIGHT1),
                (ii - 2, ROLE_LEFT2),
                (ii + 2, ROLE_RIGHT2),
            ] {
                for (x, &y) in e.iter_mut().zip(role_row(j, role)) {
                    *x += y;
                }
            }
            ex.pairs(key(ii - 1), key(ii), key(ii + 1), i == 0, |b| {
                add_bucket(&m.weights, l, b, e)
            });
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
