//! The learned entity tagger: finds person, organisation, location,
//! nationality/group and other names in a sentence of tokens, including
//! names no dictionary lists.
//!
//! # Model
//!
//! A first-order linear-chain model over BIO labels (`O`, `B-PER`, `I-PER`,
//! …), trained as an averaged structured perceptron (Collins 2002) and
//! decoded with Viterbi under the BIO constraint (an `I-X` only follows
//! `B-X` or `I-X`). Features are hashed into a fixed number of buckets
//! (Weinberger et al. 2009); see [`features`] for the templates: folded word
//! forms in a ±2 window, Arabic clitic-stripped stems, word shapes, affixes,
//! lexicon membership (our name lists, country names and demonyms, actor
//! dictionary, gazetteer names) and word clusters learned from unlabelled
//! news text by our own code ([`train::clusters`]) or, for English, the
//! Brown clusters of spaCy's lookups data.
//!
//! # Layout
//!
//! - [`text`]: folding, word shapes, Arabic clitic stripping.
//! - [`words`]: the word table (clusters and lexicon flags per word form).
//! - [`features`]: feature templates and hashing.
//! - [`model`]: the versioned model file (load, save, errors).
//! - [`predict`]: [`EntityTagger`], Viterbi decoding into [`EntitySpan`]s.
//! - [`evaluate`]: exact-span P/R/F1 per class on CoNLL-style gold.
//! - [`train`]: `newsevents train-ner` (corpora, perceptron, clusters).
//!
//! # Input and output
//!
//! The tagger reads one sentence as a slice of surface token strings (as
//! written, punctuation tokens included) and returns spans as half-open
//! token-index ranges into that slice. It does not tokenise: the caller's
//! tokens are the unit of the spans.

pub mod evaluate;
pub mod features;
pub mod model;
pub mod predict;
pub mod text;
pub mod train;
pub mod words;

pub use model::{MODEL_FORMAT_VERSION, Model, ModelError};
pub use predict::{EntityTagger, TagScratch};

/// Entity classes the tagger can be trained to find.
///
/// Class names follow OntoNotes/CoNLL usage: `PER` people, `ORG`
/// organisations (governments, ministries, parties, armed groups, companies,
/// media), `LOC` places (countries, cities, regions and natural features:
/// ACE GPE + LOC), `FAC` facilities, `NORP` nationalities and religious or
/// political groups used as nouns ("the Palestinians", «المسلمين»), `MISC`
/// other names (events, works, products; CoNLL MISC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityClass {
    /// A person.
    Per,
    /// An organisation.
    Org,
    /// A place: geopolitical entity or natural location.
    Loc,
    /// A facility (building, airport, road).
    Fac,
    /// A nationality, religious or political group.
    Norp,
    /// Any other name.
    Misc,
}

impl EntityClass {
    /// All classes, in a fixed order.
    pub const ALL: [EntityClass; 6] = [
        EntityClass::Per,
        EntityClass::Org,
        EntityClass::Loc,
        EntityClass::Fac,
        EntityClass::Norp,
        EntityClass::Misc,
    ];

    /// The class's name: `PER`, `ORG`, `LOC`, `FAC`, `NORP`, `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityClass::Per => "PER",
            EntityClass::Org => "ORG",
            EntityClass::Loc => "LOC",
            EntityClass::Fac => "FAC",
            EntityClass::Norp => "NORP",
            EntityClass::Misc => "MISC",
        }
    }

    /// Parses a class name (exactly as [`EntityClass::as_str`] writes it).
    pub fn parse(name: &str) -> Option<EntityClass> {
        EntityClass::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl std::fmt::Display for EntityClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entity found in a sentence.
///
/// `start..end`: token indices into the sentence given to the tagger,
/// end-exclusive; `start < end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntitySpan {
    /// First token, inclusive.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// What the entity is.
    pub class: EntityClass,
}

/// The BIO label set of a model with classes `classes`: label 0 is `O`,
/// label `1 + 2k` is `B-classes[k]`, label `2 + 2k` is `I-classes[k]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    classes: Vec<EntityClass>,
}

impl Labels {
    /// Labels for these classes (in this order).
    pub fn new(classes: Vec<EntityClass>) -> Labels {
        Labels { classes }
    }

    /// The classes, in label order.
    pub fn classes(&self) -> &[EntityClass] {
        &self.classes
    }

    /// Number of labels: `1 + 2 × classes`.
    pub fn len(&self) -> usize {
        1 + 2 * self.classes.len()
    }

    /// Always false: `O` is always a label.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Index of a class, if the model has it.
    pub fn class_index(&self, class: EntityClass) -> Option<usize> {
        self.classes.iter().position(|&c| c == class)
    }

    /// `B-` label of class index `k`.
    pub fn begin(k: usize) -> usize {
        1 + 2 * k
    }

    /// `I-` label of class index `k`.
    pub fn inside(k: usize) -> usize {
        2 + 2 * k
    }

    /// Whether label `to` may follow label `from` (`None` = sentence start)
    /// under IOB2: `I-X` only after `B-X` or `I-X`.
    pub fn allowed(from: Option<usize>, to: usize) -> bool {
        if to == 0 || !to.is_multiple_of(2) {
            return true;
        }
        match from {
            Some(f) if f != 0 => f.div_ceil(2) == to / 2,
            _ => false,
        }
    }

    /// The label name, e.g. `B-PER` or `O`.
    pub fn name(&self, label: usize) -> String {
        if label == 0 {
            return "O".into();
        }
        let class = self.classes[(label - 1) / 2];
        let p = if label % 2 == 1 { "B" } else { "I" };
        format!("{p}-{class}")
    }

    /// Labels for `n` tokens with these spans (spans must not overlap and
    /// must name classes of this label set; others are left `O`).
    pub fn encode(&self, n: usize, spans: &[EntitySpan]) -> Vec<u16> {
        let mut tags = vec![0u16; n];
        for s in spans {
            let Some(k) = self.class_index(s.class) else {
                continue;
            };
            for (i, t) in tags.iter_mut().enumerate().take(s.end.min(n)).skip(s.start) {
                *t = if i == s.start {
                    Labels::begin(k)
                } else {
                    Labels::inside(k)
                } as u16;
            }
        }
        tags
    }

    /// Spans of a label sequence (a stray `I-X` opens a span, as IOB1 does).
    pub fn decode(&self, tags: &[u16]) -> Vec<EntitySpan> {
        let mut out = Vec::new();
        let mut open: Option<(usize, usize)> = None; // (start, class index)
        for (i, &t) in tags.iter().enumerate() {
            let t = t as usize;
            let continues =
                t != 0 && t.is_multiple_of(2) && open.is_some_and(|(_, k)| k == (t - 1) / 2);
            if continues {
                continue;
            }
            if let Some((s, k)) = open.take() {
                out.push(EntitySpan {
                    start: s,
                    end: i,
                    class: self.classes[k],
                });
            }
            if t != 0 {
                open = Some((i, (t - 1) / 2));
            }
        }
        if let Some((s, k)) = open {
            out.push(EntitySpan {
                start: s,
                end: tags.len(),
                class: self.classes[k],
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_round_trip_and_constraints() {
        let labels = Labels::new(vec![EntityClass::Per, EntityClass::Loc]);
        assert_eq!(labels.len(), 5);
        let spans = vec![
            EntitySpan {
                start: 1,
                end: 3,
                class: EntityClass::Per,
            },
            EntitySpan {
                start: 3,
                end: 4,
                class: EntityClass::Loc,
            },
        ];
        let tags = labels.encode(5, &spans);
        assert_eq!(tags, vec![0, 1, 2, 3, 0]);
        assert_eq!(labels.decode(&tags), spans);
        assert_eq!(labels.name(2), "I-PER");
        assert!(Labels::allowed(Some(1), 2));
        assert!(!Labels::allowed(Some(3), 2));
        assert!(!Labels::allowed(None, 2));
        assert!(Labels::allowed(None, 3));
    }
}
