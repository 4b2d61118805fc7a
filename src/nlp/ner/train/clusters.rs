//! Word clusters for the tagger's distributional features.
//!
//! Learned by our own code from unlabelled text: skip-gram word vectors with
//! negative sampling (Mikolov et al. 2013, "Distributed Representations of
//! Words and Phrases"), then spherical k-means over the vectors at the
//! finest level and k-means over the centroids for the coarser levels, so
//! the levels nest like the prefixes of a Brown cluster path (Guo et al.
//! 2014 found clustered embeddings as good as Brown clusters as NER
//! features). Everything runs in one thread from a fixed seed, so the same
//! text gives the same clusters.
//!
//! Also reads the Brown clusters shipped in spaCy's lookups data
//! (`word<TAB>integer`, the integer holding the bit path with its first
//! step in the lowest bit), taking the path prefixes of 4, 6, 10 and 20 bits
//! as the four levels (Ratinov & Roth 2009).
//!
//! File format written and read (`levels`): `folded word<TAB>c0<TAB>c1<TAB>c2<TAB>c3`,
//! coarse to fine, one word per line, `#` comments; optionally gzip (`.gz`).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use crate::nlp::ner::text::fold_into;
use crate::nlp::ner::words::CLUSTER_LEVELS;

/// Deterministic pseudo-random numbers (splitmix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }
    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// Parameters of [`learn`].
#[derive(Debug, Clone)]
pub struct ClusterParams {
    /// Words seen fewer times are not clustered.
    pub min_count: u32,
    /// Vector dimension.
    pub dim: usize,
    /// Maximum context window (each side; the actual window is drawn in 1..=window).
    pub window: usize,
    /// Negative samples per positive pair.
    pub negative: usize,
    /// Passes over the text.
    pub epochs: usize,
    /// Frequent-word subsampling threshold (Mikolov et al.: 1e-3 … 1e-5).
    pub subsample: f64,
    /// Clusters per level, coarse to fine, `CLUSTER_LEVELS` values, each
    /// dividing the next… not required, only increasing.
    pub levels: [usize; CLUSTER_LEVELS],
    /// k-means iterations at the finest level.
    pub kmeans_iterations: usize,
    /// Seed of every random choice.
    pub seed: u64,
}

impl Default for ClusterParams {
    fn default() -> ClusterParams {
        ClusterParams {
            min_count: 5,
            dim: 80,
            window: 5,
            negative: 5,
            epochs: 3,
            subsample: 1e-4,
            levels: [16, 64, 256, 1024],
            kmeans_iterations: 12,
            seed: 20_261_207,
        }
    }
}

/// Splits raw text into folded words (runs of letters and digits).
pub fn words_of(line: &str, buf: &mut String, mut each: impl FnMut(&str)) {
    for w in line.split(|c: char| !(c.is_alphanumeric() || is_mark(c))) {
        if w.is_empty() {
            continue;
        }
        buf.clear();
        fold_into(w, buf);
        if !buf.is_empty() {
            each(buf);
        }
    }
}

fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200C}' | '\u{200D}'
    )
}

/// Learns clusters from the lines of `texts`; returns `(folded word,
/// clusters)` sorted by word. `progress` gets one line per step.
pub fn learn(
    texts: &[String],
    p: &ClusterParams,
    mut progress: impl FnMut(&str),
) -> Vec<(String, [u32; CLUSTER_LEVELS])> {
    // Vocabulary.
    let mut counts: HashMap<String, u32> = HashMap::new();
    let mut buf = String::new();
    for t in texts {
        for line in t.lines() {
            words_of(line, &mut buf, |w| {
                if let Some(c) = counts.get_mut(w) {
                    *c += 1;
                } else {
                    counts.insert(w.to_string(), 1);
                }
            });
        }
    }
    let mut vocab: Vec<(String, u32)> = counts
        .into_iter()
        .filter(|(_, c)| *c >= p.min_count)
        .collect();
    vocab.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let index: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i as u32))
        .collect();
    let v = vocab.len();
    let total: u64 = vocab.iter().map(|(_, c)| *c as u64).sum();
    progress(&format!(
        "vocabulary: {v} words (min count {}), {total} tokens",
        p.min_count
    ));
    // Corpus as ids, one sentence per line.
    let mut corpus: Vec<u32> = Vec::with_capacity(total as usize + texts.len());
    let mut bounds: Vec<usize> = vec![0];
    for t in texts {
        for line in t.lines() {
            words_of(line, &mut buf, |w| {
                if let Some(&i) = index.get(w) {
                    corpus.push(i);
                }
            });
            if *bounds.last().expect("non-empty") != corpus.len() {
                bounds.push(corpus.len());
            }
        }
    }
    drop(index);
    // Negative-sampling table: unigram^0.75.
    let table_size = 10_000_000usize.min(v * 200).max(1000);
    let mut table = Vec::with_capacity(table_size);
    let norm: f64 = vocab.iter().map(|(_, c)| (*c as f64).powf(0.75)).sum();
    let mut cum = 0.0;
    let mut w = 0usize;
    for i in 0..table_size {
        while w + 1 < v
            && (i as f64 / table_size as f64) > cum + (vocab[w].1 as f64).powf(0.75) / norm
        {
            cum += (vocab[w].1 as f64).powf(0.75) / norm;
            w += 1;
        }
        table.push(w as u32);
    }
    let keep: Vec<f32> = vocab
        .iter()
        .map(|(_, c)| {
            let f = *c as f64 / total as f64;
            (((f / p.subsample).sqrt() + 1.0) * p.subsample / f).min(1.0) as f32
        })
        .collect();
    // Skip-gram with negative sampling.
    let d = p.dim;
    let mut rng = Rng::new(p.seed);
    let mut syn0: Vec<f32> = (0..v * d).map(|_| (rng.unit() - 0.5) / d as f32).collect();
    let mut syn1 = vec![0f32; v * d];
    let mut grad = vec![0f32; d];
    let start_lr = 0.025f32;
    let steps = (p.epochs * corpus.len()) as f64;
    let mut done = 0usize;
    let mut sent: Vec<u32> = Vec::new();
    for epoch in 0..p.epochs {
        for s in bounds.windows(2) {
            sent.clear();
            for &wid in &corpus[s[0]..s[1]] {
                if keep[wid as usize] >= 1.0 || rng.unit() < keep[wid as usize] {
                    sent.push(wid);
                }
            }
            let lr = (start_lr * (1.0 - (done as f64 / steps) as f32)).max(start_lr * 1e-4);
            done += s[1] - s[0];
            for (i, &center) in sent.iter().enumerate() {
                let b = 1 + rng.below(p.window);
                let lo = i.saturating_sub(b);
                let hi = (i + b + 1).min(sent.len());
                for (j, &ctx) in sent.iter().enumerate().take(hi).skip(lo) {
                    if j == i {
                        continue;
                    }
                    // Input vector: the context word; output: center + negatives.
                    let input = ctx as usize * d;
                    grad.iter_mut().for_each(|g| *g = 0.0);
                    for k in 0..=p.negative {
                        let (target, label) = if k == 0 {
                            (center as usize, 1.0f32)
                        } else {
                            let t = table[rng.below(table.len())] as usize;
                            if t == center as usize {
                                continue;
                            }
                            (t, 0.0)
                        };
                        let out = target * d;
                        let dot = dot(&syn0[input..input + d], &syn1[out..out + d]);
                        let sig = if dot > 6.0 {
                            1.0
                        } else if dot < -6.0 {
                            0.0
                        } else {
                            1.0 / (1.0 + (-dot).exp())
                        };
                        let g = (label - sig) * lr;
                        let o = &mut syn1[out..out + d];
                        let x = &syn0[input..input + d];
                        for ((gq, oq), xq) in grad.iter_mut().zip(o.iter_mut()).zip(x) {
                            *gq += g * *oq;
                            *oq += g * *xq;
                        }
                    }
                    for (xq, gq) in syn0[input..input + d].iter_mut().zip(&grad) {
                        *xq += gq;
                    }
                }
            }
        }
        progress(&format!(
            "skip-gram epoch {} of {} done",
            epoch + 1,
            p.epochs
        ));
    }
    drop(syn1);
    // Unit vectors.
    for r in syn0.chunks_mut(d) {
        let n = r.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
        r.iter_mut().for_each(|x| *x /= n);
    }
    let weights = vec![1f32; v];
    let fine_k = p.levels[CLUSTER_LEVELS - 1].min(v.max(1));
    let (fine_assign, fine_centroids) =
        kmeans(&syn0, &weights, d, fine_k, p.kmeans_iterations, &mut rng);
    progress(&format!("k-means: {fine_k} clusters over {v} words"));
    let mut assign: Vec<[u32; CLUSTER_LEVELS]> = fine_assign
        .iter()
        .map(|&a| {
            let mut c = [0u32; CLUSTER_LEVELS];
            c[CLUSTER_LEVELS - 1] = a + 1;
            c
        })
        .collect();
    // Coarser levels: cluster the fine centroids, weighted by cluster size.
    let mut sizes = vec![0f32; fine_k];
    for &a in &fine_assign {
        sizes[a as usize] += 1.0;
    }
    for level in (0..CLUSTER_LEVELS - 1).rev() {
        let k = p.levels[level].min(fine_k);
        let (ca, _) = kmeans(
            &fine_centroids,
            &sizes,
            d,
            k,
            p.kmeans_iterations * 2,
            &mut rng,
        );
        for (i, a) in assign.iter_mut().enumerate() {
            a[level] = ca[fine_assign[i] as usize] + 1;
        }
    }
    let mut out: Vec<(String, [u32; CLUSTER_LEVELS])> = vocab
        .into_iter()
        .zip(assign)
        .map(|((w, _), a)| (w, a))
        .collect();
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Dot product with eight partial sums (lets the compiler use SIMD; the
/// order of additions is fixed, so results are reproducible).
#[inline]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut s: f32 = acc.iter().sum();
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        s += x * y;
    }
    s
}

/// Spherical k-means (cosine) over `n` unit rows of `x` (`n × d`) with
/// weights; initial centroids: k-means++ seeding from `rng`. Returns the
/// assignment of each row and the `k × d` unit centroids.
fn kmeans(
    x: &[f32],
    weights: &[f32],
    d: usize,
    k: usize,
    iterations: usize,
    rng: &mut Rng,
) -> (Vec<u32>, Vec<f32>) {
    let n = x.len() / d;
    let k = k.min(n).max(1);
    let row = |i: usize| &x[i * d..(i + 1) * d];
    // k-means++ seeding on a sample for speed.
    let mut centroids: Vec<f32> = Vec::with_capacity(k * d);
    centroids.extend_from_slice(row(rng.below(n)));
    let sample: Vec<usize> = if n > 20_000 {
        (0..20_000).map(|_| rng.below(n)).collect()
    } else {
        (0..n).collect()
    };
    let mut best = vec![f32::MAX; sample.len()];
    for c in 1..k {
        let last = &centroids[(c - 1) * d..c * d];
        let mut total = 0f64;
        for (s, &i) in sample.iter().enumerate() {
            let sim = dot(row(i), last);
            let dist = (1.0 - sim).max(0.0) * weights[i];
            if dist < best[s] {
                best[s] = dist;
            }
            total += best[s] as f64;
        }
        let mut r = rng.unit() as f64 * total;
        let mut pick = sample[sample.len() - 1];
        for (s, &i) in sample.iter().enumerate() {
            r -= best[s] as f64;
            if r <= 0.0 {
                pick = i;
                break;
            }
        }
        centroids.extend_from_slice(row(pick));
    }
    let mut assign = vec![0u32; n];
    #[allow(clippy::needless_range_loop)] // `i` indexes rows, weights and assignments alike
    for _ in 0..iterations {
        let mut changed = 0usize;
        for i in 0..n {
            let r = row(i);
            let mut b = 0usize;
            let mut bs = f32::MIN;
            for c in 0..k {
                let sim: f32 = r
                    .iter()
                    .zip(&centroids[c * d..(c + 1) * d])
                    .map(|(a, b)| a * b)
                    .sum();
                if sim > bs {
                    bs = sim;
                    b = c;
                }
            }
            if assign[i] != b as u32 {
                changed += 1;
                assign[i] = b as u32;
            }
        }
        let mut sums = vec![0f32; k * d];
        for i in 0..n {
            let c = assign[i] as usize;
            for (s, v) in sums[c * d..(c + 1) * d].iter_mut().zip(row(i)) {
                *s += v * weights[i];
            }
        }
        for c in 0..k {
            let s = &mut sums[c * d..(c + 1) * d];
            let norm = s.iter().map(|v| v * v).sum::<f32>().sqrt();
            if norm > 0.0 {
                s.iter_mut().for_each(|v| *v /= norm);
                centroids[c * d..(c + 1) * d].copy_from_slice(s);
            }
        }
        if changed == 0 {
            break;
        }
    }
    (assign, centroids)
}

/// Writes clusters in the `levels` format (gzip when `path` ends in `.gz`).
///
/// # Errors
/// If the file cannot be written.
pub fn write(
    path: &Path,
    header: &str,
    clusters: &[(String, [u32; CLUSTER_LEVELS])],
) -> std::io::Result<()> {
    let mut text = String::new();
    for l in header.lines() {
        text.push_str("# ");
        text.push_str(l);
        text.push('\n');
    }
    for (w, c) in clusters {
        text.push_str(w);
        for x in c {
            text.push('\t');
            text.push_str(&x.to_string());
        }
        text.push('\n');
    }
    if path.extension().is_some_and(|x| x == "gz") {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(text.as_bytes())?;
        std::fs::write(path, gz.finish()?)
    } else {
        std::fs::write(path, text)
    }
}

/// Reads a cluster file: `levels` (ours) or `brown` (spaCy lookups).
/// Words are folded; the first line of a folded word wins (list frequent
/// case variants first).
///
/// # Errors
/// A message naming the file and line.
pub fn read(path: &Path, format: &str) -> Result<Vec<(String, [u32; CLUSTER_LEVELS])>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let bytes = if path.extension().is_some_and(|x| x == "gz") {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut raw)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        raw
    } else {
        bytes
    };
    let text = String::from_utf8(bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let mut folded = String::new();
    for (ln, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with("# ") {
            continue;
        }
        let bad = || {
            format!(
                "{}:{}: expected word and cluster columns",
                path.display(),
                ln + 1
            )
        };
        let mut cols = line.split('\t');
        let word = cols.next().ok_or_else(bad)?;
        folded.clear();
        fold_into(word, &mut folded);
        let mut c = [0u32; CLUSTER_LEVELS];
        match format {
            "levels" => {
                for x in c.iter_mut() {
                    *x = cols.next().and_then(|v| v.parse().ok()).ok_or_else(bad)?;
                }
            }
            "brown" => {
                let v: u64 = cols.next().and_then(|v| v.parse().ok()).ok_or_else(bad)?;
                for (x, bits) in c.iter_mut().zip([4u32, 6, 10, 20]) {
                    *x = (v & ((1u64 << bits) - 1)) as u32 | (1 << 31);
                }
            }
            other => return Err(format!("unknown cluster format `{other}`")),
        }
        if seen.insert(folded.clone()) {
            out.push((folded.clone(), c));
        }
    }
    Ok(out)
}
