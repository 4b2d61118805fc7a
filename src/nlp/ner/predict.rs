//! Tagging: feature buckets → per-label scores → the best BIO label
//! sequence (Viterbi) → entity spans.

use std::ops::Add;
use std::sync::Arc;

use std::collections::HashMap;

use super::features::{
    Extractor, FeatureScratch, PairKey, ROLE_CENTRE, ROLE_LEFT1, ROLE_LEFT2, ROLE_RIGHT1,
    ROLE_RIGHT2, ROLES, Tok, hash_bytes,
};
use super::model::{Model, WeightTable};
use super::{EntitySpan, Labels};

/// Reusable buffers for [`EntityTagger::tag`]; keep one per worker thread.
///
/// Also holds, per tagger used with it, the feature sums of the surface
/// forms it has already seen (`RowCache`): a repeated word then costs one
/// hash lookup instead of feature extraction and ~25 weight-row reads.
#[derive(Debug, Clone)]
pub struct TagScratch {
    /// Forms a [`RowCache`] holds before it starts again empty.
    cache_limit: usize,
    features: FeatureScratch,
    /// Per token: `ROLES × L` feature sums.
    rows: Vec<i32>,
    keys: Vec<PairKey>,
    emissions: Vec<i32>,
    viterbi: ViterbiScratch<i32>,
    tags: Vec<u16>,
    caches: Vec<RowCache>,
    /// Weight rows still to add: (offset into `rows` or `emissions`,
    /// stored row index), gathered and prefetched before any is read.
    pending: Vec<(u32, u32)>,
    /// Tokens of the sentence whose sums were computed, not cached, with
    /// the hash of their surface form.
    fresh: Vec<(u32, u64)>,
}

impl Default for TagScratch {
    fn default() -> Self {
        TagScratch::with_cache_limit(ROW_CACHE_WORDS)
    }
}

impl TagScratch {
    /// Buffers whose word-sum caches hold at most `words` forms each
    /// (at least 1); [`TagScratch::default`] holds [`ROW_CACHE_WORDS`].
    pub fn with_cache_limit(words: usize) -> TagScratch {
        TagScratch {
            cache_limit: words.max(1),
            features: FeatureScratch::default(),
            rows: Vec::new(),
            keys: Vec::new(),
            emissions: Vec::new(),
            viterbi: ViterbiScratch::default(),
            tags: Vec::new(),
            caches: Vec::new(),
            pending: Vec::new(),
            fresh: Vec::new(),
        }
    }
}

/// Surface forms a `RowCache` holds before it starts again empty.
///
/// 16,384 forms × `ROLES × L` sums (5 × 11 × 4 bytes for the shipped
/// models) ≈ 3.6 MB of sums, ≈ 5 MB with the index, per worker thread and
/// model. Measured on the 5,933 articles of `news-articles.jsonl` (docs/ner.md).
pub const ROW_CACHE_WORDS: usize = 1 << 14;

/// Feature sums of the surface forms one thread has tagged with one
/// tagger, filled on first sight and emptied when [`ROW_CACHE_WORDS`] is
/// reached. A speed aid only: a cached sum equals the computed one.
///
/// Words are found by a 64-bit hash of their surface form and confirmed
/// against the form itself, kept with the others in one string (no
/// allocation per word); of two forms with the same hash only the first is
/// cached.
#[derive(Debug, Clone)]
struct RowCache {
    /// [`EntityTagger::id`] of the tagger whose sums these are.
    tagger: u64,
    /// [`hash_bytes`] of the surface form → cached word.
    index: HashMap<u64, u32, foldhash::fast::FixedState>,
    /// The cached surface forms, one after another.
    text: String,
    /// Per cached word: its byte range in `text`.
    spans: Vec<(u32, u32)>,
    /// Per cached word: `ROLES × L` sums.
    rows: Vec<i32>,
    keys: Vec<PairKey>,
}

impl RowCache {
    fn new(tagger: u64) -> RowCache {
        RowCache {
            tagger,
            index: HashMap::default(),
            text: String::new(),
            spans: Vec::new(),
            rows: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// The cached word `surface` (whose hash is `h`), if cached.
    #[inline]
    fn find(&self, surface: &str, h: u64) -> Option<usize> {
        let id = *self.index.get(&h)? as usize;
        let (a, b) = self.spans[id];
        (&self.text[a as usize..b as usize] == surface).then_some(id)
    }

    fn clear(&mut self) {
        self.index.clear();
        self.text.clear();
        self.spans.clear();
        self.rows.clear();
        self.keys.clear();
    }
}

/// Sums of the sentence padding, computed once per tagger.
#[derive(Debug)]
struct Pads {
    /// Sums of the left and right sentence padding per role.
    left: Vec<i32>,
    right: Vec<i32>,
    left_key: PairKey,
    right_key: PairKey,
}

/// The entity tagger: a loaded [`Model`] ready to tag sentences. Cheap to
/// clone (the model is shared).
#[derive(Debug, Clone)]
pub struct EntityTagger {
    model: Arc<Model>,
    /// Transitions with forbidden BIO moves set to a large negative value.
    transitions: Vec<i32>,
    /// The same, by destination: `l × l`, entry `j × l + p` = move `p → j`
    /// (for [`viterbi_by_column`]).
    into: Vec<i32>,
    pads: Arc<Pads>,
    /// Process-unique id, the key of this tagger's [`RowCache`] in a scratch.
    id: u64,
}

/// Source of [`EntityTagger::id`].
static NEXT_TAGGER_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Score of a forbidden transition: far below any reachable path score,
/// far enough above `i32::MIN` that adding scores cannot wrap.
const FORBIDDEN: i32 = i32::MIN / 4;

/// Adds the weight row of `bucket` to `row` (`L` values); a bucket with
/// no stored row adds nothing.
#[inline]
fn add_bucket(weights: &WeightTable, bucket: u32, row: &mut [i32]) {
    if let Some(w) = weights.row(bucket) {
        add_row(row, w);
    }
}

/// `dst += src`, element by element.
#[inline]
fn add_row(dst: &mut [i32], src: &[i16]) {
    for (r, &x) in dst.iter_mut().zip(src) {
        *r += i32::from(x);
    }
}

/// Writes the `ROLES × L` sums of token `t` into `out`.
fn unit_rows(ex: &Extractor, weights: &WeightTable, l: usize, t: &Tok, out: &mut [i32]) {
    out.iter_mut().for_each(|x| *x = 0);
    for role in 0..ROLES {
        let row = &mut out[role * l..(role + 1) * l];
        ex.unit(t, role, |b| add_bucket(weights, b, row));
    }
}

impl EntityTagger {
    /// A tagger over `model`. Nothing is precomputed beyond the sentence
    /// padding; word sums are cached per thread as words are seen
    /// ([`TagScratch`]).
    pub fn new(model: Arc<Model>) -> EntityTagger {
        let l = model.labels.len();
        let transitions = constrained(&model.transitions, l, FORBIDDEN);
        let mut into = vec![0i32; l * l];
        for j in 0..l {
            for p in 0..l {
                into[j * l + p] = transitions[(p + 1) * l + j];
            }
        }
        let ex = Extractor::new(&model.words, model.header.hash_bits);
        let (pl, pr) = Extractor::pads();
        let mut left = vec![0i32; ROLES * l];
        let mut right = vec![0i32; ROLES * l];
        unit_rows(&ex, &model.weights, l, &pl, &mut left);
        unit_rows(&ex, &model.weights, l, &pr, &mut right);
        let pads = Pads {
            left,
            right,
            left_key: pl.pair_key(),
            right_key: pr.pair_key(),
        };
        EntityTagger {
            model,
            transitions,
            into,
            pads: Arc::new(pads),
            id: NEXT_TAGGER_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
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
        let p = &*self.pads;
        let w = &m.weights;
        let l = m.labels.len();
        let width = ROLES * l;
        let ex = Extractor::new(&m.words, m.header.hash_bits);
        let n = tokens.len();
        let ci = match scratch.caches.iter().position(|c| c.tagger == self.id) {
            Some(i) => i,
            None => {
                scratch.caches.push(RowCache::new(self.id));
                scratch.caches.len() - 1
            }
        };
        let TagScratch {
            cache_limit,
            features,
            rows,
            keys,
            emissions,
            caches,
            pending,
            fresh,
            ..
        } = scratch;
        let c = &mut caches[ci];
        rows.clear();
        rows.resize(n * width, 0);
        keys.clear();
        pending.clear();
        fresh.clear();
        // Every weight row a sentence needs is located and prefetched
        // before the first is added, so the memory reads overlap instead of
        // each waiting for the last.
        let mut want = |at: usize, b: u32| {
            if let Some(r) = w.row_index(b) {
                w.prefetch(r);
                pending.push((at as u32, r));
            }
        };
        // A token's own sums: from this thread's cache, else its features.
        for (i, t) in tokens.iter().enumerate() {
            let t = t.as_ref();
            let h = hash_bytes(t.as_bytes());
            match c.find(t, h) {
                Some(id) => {
                    rows[i * width..(i + 1) * width]
                        .copy_from_slice(&c.rows[id * width..(id + 1) * width]);
                    keys.push(c.keys[id]);
                }
                None => {
                    let tok = ex.tok(t, features);
                    for role in 0..ROLES {
                        let at = i * width + role * l;
                        ex.unit(&tok, role, |b| want(at, b));
                    }
                    keys.push(tok.pair_key());
                    fresh.push((i as u32, h));
                }
            }
        }
        let unit_rows_end = pending.len();
        let key = |j: isize| -> &PairKey {
            if j < 0 {
                &p.left_key
            } else if j as usize >= n {
                &p.right_key
            } else {
                &keys[j as usize]
            }
        };
        // Pair features, whose rows go straight into the emissions.
        let mut want = |at: usize, b: u32| {
            if let Some(r) = w.row_index(b) {
                w.prefetch(r);
                pending.push((at as u32, r));
            }
        };
        for i in 0..n {
            let ii = i as isize;
            ex.pairs(key(ii - 1), key(ii), key(ii + 1), i == 0, |b| {
                want(i * l, b)
            });
        }
        for &(at, r) in &pending[..unit_rows_end] {
            add_row(&mut rows[at as usize..at as usize + l], w.row_at(r));
        }
        for &(i, h) in fresh.iter() {
            let i = i as usize;
            if c.index.contains_key(&h) {
                continue; // the same new word twice in one sentence (or a hash collision)
            }
            if c.keys.len() >= *cache_limit {
                c.clear();
            }
            let t = tokens[i].as_ref();
            let a = c.text.len() as u32;
            c.text.push_str(t);
            c.spans.push((a, c.text.len() as u32));
            c.index.insert(h, c.keys.len() as u32);
            c.rows.extend_from_slice(&rows[i * width..(i + 1) * width]);
            c.keys.push(keys[i]);
        }
        emissions.clear();
        emissions.resize(n * l, 0);
        let rows = &*rows;
        let role_row = |j: isize, role: usize| -> &[i32] {
            let block: &[i32] = if j < 0 {
                &p.left
            } else if j as usize >= n {
                &p.right
            } else {
                &rows[j as usize * width..(j as usize + 1) * width]
            };
            &block[role * l..(role + 1) * l]
        };
        for i in 0..n {
            let ii = i as isize;
            let e = &mut emissions[i * l..(i + 1) * l];
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
        }
        for &(at, r) in &pending[unit_rows_end..] {
            add_row(&mut emissions[at as usize..at as usize + l], w.row_at(r));
        }
        viterbi_by_column(
            &scratch.emissions,
            &self.transitions[..l],
            &self.into,
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

impl<T: Copy + Default> ViterbiScratch<T> {
    /// Both buffers cleared to `len` zero cells (`n × l`).
    fn reset(&mut self, len: usize) {
        self.delta.clear();
        self.delta.resize(len, T::default());
        self.back.clear();
        self.back.resize(len, 0);
    }
}

/// [`viterbi`] for integer scores with the transitions stored by
/// destination (`into[j × l + p]` = move `p → j`, `start` = row 0), so
/// that each label's best predecessor is found over contiguous memory.
/// Same result as [`viterbi`], ties included (the lowest predecessor
/// wins); on the shipped Arabic model, 27 % fewer instructions (callgrind).
fn viterbi_by_column(
    emissions: &[i32],
    start: &[i32],
    into: &[i32],
    l: usize,
    n: usize,
    s: &mut ViterbiScratch<i32>,
    out: &mut Vec<u16>,
) {
    out.clear();
    if n == 0 {
        return;
    }
    s.reset(n * l);
    for ((d, &t), &e) in s.delta[..l].iter_mut().zip(start).zip(&emissions[..l]) {
        *d = t + e;
    }
    for t in 1..n {
        let (done, rest) = s.delta.split_at_mut(t * l);
        let prev = &done[(t - 1) * l..];
        let cur = &mut rest[..l];
        let back = &mut s.back[t * l..(t + 1) * l];
        let em = &emissions[t * l..(t + 1) * l];
        for (j, col) in into.chunks_exact(l).enumerate() {
            let mut best = prev[0] + col[0];
            let mut arg = 0u8;
            for (p, (&d, &tr)) in prev.iter().zip(col).enumerate().skip(1) {
                let v = d + tr;
                if v > best {
                    best = v;
                    arg = p as u8;
                }
            }
            cur[j] = best + em[j];
            back[j] = arg;
        }
    }
    backtrack(s, l, n, out);
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
    s.reset(n * l);
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
    backtrack(s, l, n, out);
}

/// The labels of the best path once `s` holds the `n × l` scores and
/// back-pointers of a forward pass: the best last label (the lowest on a
/// tie), then back through the pointers. Shared by [`viterbi`] and
/// [`viterbi_by_column`]; `n` ≥ 1.
fn backtrack<T: Copy + PartialOrd>(s: &ViterbiScratch<T>, l: usize, n: usize, out: &mut Vec<u16>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_by_column_equals_the_generic_viterbi_ties_included() {
        // Pseudo-random small scores, so that equal path scores occur.
        let mut x: u64 = 7;
        let mut next = |range: i32| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ((x >> 33) % range as u64) as i32 - range / 2
        };
        for l in [3usize, 7, 11] {
            let raw: Vec<i32> = (0..(l + 1) * l).map(|_| next(5)).collect();
            let trans = constrained(&raw, l, FORBIDDEN);
            let mut into = vec![0i32; l * l];
            for j in 0..l {
                for p in 0..l {
                    into[j * l + p] = trans[(p + 1) * l + j];
                }
            }
            for n in [0usize, 1, 2, 9, 40] {
                let em: Vec<i32> = (0..n * l).map(|_| next(7)).collect();
                let (mut want, mut got) = (Vec::new(), Vec::new());
                viterbi(&em, &trans, l, n, &mut ViterbiScratch::default(), &mut want);
                let s = &mut ViterbiScratch::default();
                viterbi_by_column(&em, &trans[..l], &into, l, n, s, &mut got);
                assert_eq!(got, want, "l {l}, n {n}");
            }
        }
    }
}
