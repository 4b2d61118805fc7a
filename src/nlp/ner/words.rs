//! The word table a model carries: for each folded word form, its cluster
//! ids at up to [`CLUSTER_LEVELS`] granularities and its lexicon flags.
//!
//! Both are fixed when the model is trained (clusters from unlabelled text,
//! flags from our name lists, country and demonym tables, actor dictionary
//! and gazetteer), so the tagger needs no other file at run time.

use std::collections::HashMap;

/// Cluster granularities per word (coarse to fine; `0` = no cluster).
pub const CLUSTER_LEVELS: usize = 4;

/// What the model knows about one folded word form.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordInfo {
    /// Cluster id per granularity, `0` = none. Ids are only compared for
    /// equality (they feed hashed features).
    pub clusters: [u32; CLUSTER_LEVELS],
    /// Bit `i` set: the word occurs in lexicon `i` of the model's header.
    pub flags: u32,
}

type Map = HashMap<Box<str>, WordInfo, foldhash::fast::FixedState>;

/// Folded word form → [`WordInfo`].
#[derive(Debug, Clone, Default)]
pub struct WordTable {
    map: Map,
}

impl WordTable {
    /// An empty table.
    pub fn new() -> WordTable {
        WordTable::default()
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The entry of a folded word form.
    #[inline]
    pub fn get(&self, folded: &str) -> Option<&WordInfo> {
        self.map.get(folded)
    }

    /// Sets the clusters of a word (keeps its flags).
    pub fn set_clusters(&mut self, folded: &str, clusters: [u32; CLUSTER_LEVELS]) {
        self.map.entry(folded.into()).or_default().clusters = clusters;
    }

    /// Adds lexicon flag bits to a word.
    pub fn add_flags(&mut self, folded: &str, flags: u32) {
        self.map.entry(folded.into()).or_default().flags |= flags;
    }

    /// Inserts a complete entry.
    pub fn insert(&mut self, folded: &str, info: WordInfo) {
        self.map.insert(folded.into(), info);
    }

    /// Entries sorted by word (for a byte-identical model file).
    pub fn sorted(&self) -> Vec<(&str, &WordInfo)> {
        let mut v: Vec<(&str, &WordInfo)> = self.map.iter().map(|(k, v)| (&**k, v)).collect();
        v.sort_unstable_by(|a, b| a.0.cmp(b.0));
        v
    }

    /// Reserves room for `n` more words.
    pub fn reserve(&mut self, n: usize) {
        self.map.reserve(n);
    }
}
