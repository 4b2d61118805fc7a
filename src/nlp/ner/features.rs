//! Feature templates of the entity tagger and their hashing.
//!
//! Every feature is a (template, value) pair hashed into one of
//! `2^hash_bits` buckets; a bucket holds one weight per label. Templates,
//! for token `i` of a sentence (`w` = folded form, `s` = clitic-stripped
//! stem, `c_k` = cluster at granularity `k`, `L` = lexicon flag):
//!
//! | id | template |
//! |---|---|
//! | 0 | bias |
//! | 1–6 | `w[i]`, `s[i]`, `w[i-1]`, `w[i+1]`, `w[i-2]`, `w[i+2]` |
//! | 7–8 | `s[i-1]`, `s[i+1]` |
//! | 9–10 | `w[i-1] w[i]`, `w[i] w[i+1]` |
//! | 11–13 | shape `i`; short shapes `i-1 i`, `i i+1` |
//! | 14–18 | first 2/3 and last 1/2/3 chars of `s[i]` |
//! | 19–20 | Arabic proclitics of `i`; the word after a bare ب/ل/ك |
//! | 21–24 | `c_0..c_3[i]` |
//! | 25–28 | `c_1, c_2[i-1]`, `c_1, c_2[i+1]` |
//! | 29–31 | each `L` of `i`, `i-1`, `i+1` |
//! | 32 | sentence-initial × short shape |
//! | 33 | token length in chars (capped at 12) |
//! | 34 | `c_2[i-1] c_2[i]` |
//! | 35–36 | each `L` of `i-2`, `i+2` (titles and organisation heads two words off) |
//!
//! Hashes are our own (a splitmix64 finaliser over 8-byte chunks), fixed
//! forever for a given [`crate::nlp::ner::MODEL_FORMAT_VERSION`]: a model
//! file's weights are only meaningful under the function that trained them.

use super::text::{bare_prefix_rest, fold_into, shape_into, short_shape_into, strip_arabic};
use super::words::{CLUSTER_LEVELS, WordInfo, WordTable};

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// splitmix64's finaliser (Steele, Lea & Flood 2014).
#[inline]
fn mix(h: u64) -> u64 {
    let h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

/// Hash of a byte string (stable across platforms and releases).
#[inline]
pub fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = (b.len() as u64).wrapping_mul(K) ^ 0x51_7CC1_B727_220A;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h ^ u64::from_le_bytes(c.try_into().expect("8 bytes")));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = mix(h ^ u64::from_le_bytes(buf));
    }
    h
}

#[inline]
fn tpl(template: u64, v: u64) -> u64 {
    mix(v ^ template.wrapping_mul(K).rotate_left(23))
}

#[inline]
fn pair(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(21) ^ b.wrapping_mul(K))
}

/// Hash of a template applied to a string value.
#[inline]
fn str_feat(template: u64, s: &str) -> u64 {
    tpl(template, hash_bytes(s.as_bytes()))
}

/// Sentence padding values.
const BOS: u64 = 0xB05;
const EOS: u64 = 0xE05;

/// Per-token values the templates combine.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tok {
    form: u64,
    stem: u64,
    shape: u64,
    short: u64,
    info: WordInfo,
    /// Token-local features (affixes, clitics, length) already hashed.
    local: [u64; 8],
    n_local: u8,
}

/// Reusable buffers for feature extraction (one per worker thread).
#[derive(Debug, Default, Clone)]
pub struct FeatureScratch {
    toks: Vec<Tok>,
    folded: String,
    shape: String,
    short: String,
}

/// Turns sentences into hashed feature buckets.
#[derive(Debug, Clone, Copy)]
pub struct Extractor<'a> {
    words: &'a WordTable,
    shift: u32,
}

impl<'a> Extractor<'a> {
    /// An extractor over `words`, hashing into `2^hash_bits` buckets
    /// (`hash_bits` in 10..=26).
    pub fn new(words: &'a WordTable, hash_bits: u32) -> Extractor<'a> {
        Extractor {
            words,
            shift: 64 - hash_bits,
        }
    }

    #[inline]
    fn bucket(&self, h: u64) -> u32 {
        (h >> self.shift) as u32
    }

    pub(crate) fn tok(&self, surface: &str, scratch: &mut FeatureScratch) -> Tok {
        let folded = &mut scratch.folded;
        folded.clear();
        fold_into(surface, folded);
        let form = hash_bytes(folded.as_bytes());
        let (at, clitics) = strip_arabic(folded);
        let stem = &folded[at..];
        let stem_h = if at == 0 {
            form
        } else {
            hash_bytes(stem.as_bytes())
        };
        let rest = bare_prefix_rest(folded);
        // Word table: the form; else the stem; else the bare-prefix rest.
        // Flags are the union of form and stem (a lexicon lists مصر, the
        // text says ومصر or المصري).
        let mut info = self.words.get(folded).copied().unwrap_or_default();
        if at != 0
            && let Some(si) = self.words.get(stem)
        {
            if info.clusters[0] == 0 {
                info.clusters = si.clusters;
            }
            info.flags |= si.flags;
        }
        if info.clusters[0] == 0
            && let Some(r) = rest
            && let Some(ri) = self.words.get(r)
        {
            info.clusters = ri.clusters;
            info.flags |= ri.flags;
        }
        let shape = &mut scratch.shape;
        shape.clear();
        shape_into(surface, shape);
        let short = &mut scratch.short;
        short.clear();
        short_shape_into(shape, short);

        let mut t = Tok {
            form,
            stem: stem_h,
            shape: hash_bytes(shape.as_bytes()),
            short: hash_bytes(short.as_bytes()),
            info,
            ..Tok::default()
        };
        let mut push = |h: u64| {
            t.local[t.n_local as usize] = h;
            t.n_local += 1;
        };
        // Char boundaries of the stem: the first four and the last three.
        let mut first = [0usize; 4];
        let mut n = 0usize;
        for (i, _) in stem.char_indices() {
            if n < 4 {
                first[n] = i;
            }
            n += 1;
        }
        let mut last = [0usize; 3];
        for (k, (i, _)) in stem.char_indices().rev().take(3).enumerate() {
            last[k] = i;
        }
        if n >= 3 {
            push(str_feat(14, &stem[..first[2]]));
            if n >= 4 {
                push(str_feat(15, &stem[..first[3]]));
            }
        }
        for len in 1..=3usize {
            if n > len {
                push(str_feat(15 + len as u64, &stem[last[len - 1]..]));
            }
        }
        if clitics != 0 {
            push(tpl(19, clitics as u64));
        }
        if let Some(r) = rest {
            push(str_feat(20, r));
        }
        push(tpl(33, n.min(12) as u64));
        t
    }

    /// Token values of sentence padding (left of the first token, right of
    /// the last).
    pub(crate) fn pads() -> (Tok, Tok) {
        let pad = |v| Tok {
            form: v,
            stem: v,
            shape: v,
            short: v,
            ..Tok::default()
        };
        (pad(BOS), pad(EOS))
    }

    /// Calls `f` with the bucket of every feature that token `t` contributes
    /// to the token at `role` distance from it: [`ROLE_CENTRE`] for its own
    /// features, [`ROLE_LEFT1`] when `t` is the left neighbour (`i-1`) of
    /// the token scored, and so on. These depend on `t` alone, so a tagger
    /// may sum them once per known word ([`crate::nlp::ner::EntityTagger`]).
    #[inline]
    pub(crate) fn unit(&self, t: &Tok, role: usize, mut f: impl FnMut(u32)) {
        let mut h = |x: u64| f(self.bucket(x));
        let flags = |tid: u64, h: &mut dyn FnMut(u64)| {
            let mut fl = t.info.flags;
            while fl != 0 {
                let b = fl.trailing_zeros();
                fl &= fl - 1;
                h(tpl(tid, b as u64));
            }
        };
        match role {
            ROLE_CENTRE => {
                h(tpl(0, 1));
                h(tpl(1, t.form));
                h(tpl(2, t.stem));
                h(tpl(11, t.shape));
                for &x in &t.local[..t.n_local as usize] {
                    h(x);
                }
                for k in 0..CLUSTER_LEVELS {
                    let v = t.info.clusters[k];
                    if v != 0 {
                        h(tpl(21 + k as u64, v as u64));
                    }
                }
                flags(29, &mut h);
            }
            ROLE_LEFT1 | ROLE_RIGHT1 => {
                let (form_t, stem_t, cl_t, fl_t) = if role == ROLE_LEFT1 {
                    (3, 7, 25, 30)
                } else {
                    (4, 8, 27, 31)
                };
                h(tpl(form_t, t.form));
                h(tpl(stem_t, t.stem));
                for k in 1..3 {
                    let v = t.info.clusters[k];
                    if v != 0 {
                        h(tpl(cl_t + k as u64 - 1, v as u64));
                    }
                }
                flags(fl_t, &mut h);
            }
            ROLE_LEFT2 => {
                h(tpl(5, t.form));
                flags(35, &mut h);
            }
            _ => {
                h(tpl(6, t.form));
                flags(36, &mut h);
            }
        }
    }

    /// Features of a token that combine it with a neighbour (bigrams), plus
    /// the sentence-initial feature.
    #[inline]
    pub(crate) fn pairs(
        &self,
        p1: &PairKey,
        c: &PairKey,
        n1: &PairKey,
        first: bool,
        mut f: impl FnMut(u32),
    ) {
        f(self.bucket(tpl(9, pair(p1.form, c.form))));
        f(self.bucket(tpl(10, pair(c.form, n1.form))));
        f(self.bucket(tpl(12, pair(p1.short, c.short))));
        f(self.bucket(tpl(13, pair(c.short, n1.short))));
        if first {
            f(self.bucket(tpl(32, c.short)));
        }
        f(self.bucket(tpl(34, pair(p1.cluster as u64, c.cluster as u64))));
    }

    /// Appends the feature buckets of every token of `tokens` to `feats`;
    /// `offsets` gets `tokens.len() + 1` entries such that token `i`'s
    /// features are `feats[offsets[i]..offsets[i + 1]]`. Both are cleared
    /// first.
    pub fn extract<S: AsRef<str>>(
        &self,
        tokens: &[S],
        scratch: &mut FeatureScratch,
        feats: &mut Vec<u32>,
        offsets: &mut Vec<u32>,
    ) {
        feats.clear();
        offsets.clear();
        let mut toks = std::mem::take(&mut scratch.toks);
        toks.clear();
        for t in tokens {
            toks.push(self.tok(t.as_ref(), scratch));
        }
        let n = toks.len();
        let (pad_l, pad_r) = Extractor::pads();
        let at = |i: isize| -> &Tok {
            if i < 0 {
                &pad_l
            } else if i as usize >= n {
                &pad_r
            } else {
                &toks[i as usize]
            }
        };
        for i in 0..n {
            offsets.push(feats.len() as u32);
            let ii = i as isize;
            let mut push = |b: u32| feats.push(b);
            self.unit(at(ii), ROLE_CENTRE, &mut push);
            self.unit(at(ii - 1), ROLE_LEFT1, &mut push);
            self.unit(at(ii + 1), ROLE_RIGHT1, &mut push);
            self.unit(at(ii - 2), ROLE_LEFT2, &mut push);
            self.unit(at(ii + 2), ROLE_RIGHT2, &mut push);
            self.pairs(
                &at(ii - 1).pair_key(),
                &at(ii).pair_key(),
                &at(ii + 1).pair_key(),
                i == 0,
                &mut push,
            );
        }
        offsets.push(feats.len() as u32);
        scratch.toks = toks;
    }
}

/// A token's own features.
pub(crate) const ROLE_CENTRE: usize = 0;
/// Features a token gives its right neighbour (it is `i-1`).
pub(crate) const ROLE_LEFT1: usize = 1;
/// Features a token gives its left neighbour (it is `i+1`).
pub(crate) const ROLE_RIGHT1: usize = 2;
/// It is `i-2`.
pub(crate) const ROLE_LEFT2: usize = 3;
/// It is `i+2`.
pub(crate) const ROLE_RIGHT2: usize = 4;
/// Number of roles.
pub(crate) const ROLES: usize = 5;

/// What the pair templates read of a token.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PairKey {
    pub form: u64,
    pub short: u64,
    pub cluster: u32,
}

impl Tok {
    pub(crate) fn pair_key(&self) -> PairKey {
        PairKey {
            form: self.form,
            short: self.short,
            cluster: self.info.clusters[2],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_is_stable() {
        // Pinned values: a change here invalidates every shipped model.
        assert_eq!(hash_bytes(b"abc"), 0xd6c3_4d2c_82d1_4753);
        let a = hash_bytes("محمد".as_bytes());
        assert_eq!(a, hash_bytes("محمد".as_bytes()));
        assert_ne!(a, hash_bytes("احمد".as_bytes()));
        assert_ne!(hash_bytes(b"abcdefgh"), hash_bytes(b"abcdefgh\0"));
    }

    #[test]
    fn same_word_same_features_and_offsets_cover_all() {
        let words = WordTable::new();
        let ex = Extractor::new(&words, 18);
        let mut s = FeatureScratch::default();
        let (mut f, mut o) = (Vec::new(), Vec::new());
        ex.extract(&["قال", "محمد", "قال"], &mut s, &mut f, &mut o);
        assert_eq!(o.len(), 4);
        assert_eq!(*o.last().unwrap() as usize, f.len());
        assert!(f.iter().all(|&b| b < (1 << 18)));
        // Token 0 and 2 share their word-form feature (template 1).
        assert_eq!(f[o[0] as usize + 1], f[o[2] as usize + 1]);
    }
}
