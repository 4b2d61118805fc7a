//! Verb dictionaries in PETRARCH format: verb blocks with a CAMEO code,
//! verb synonyms (with irregular forms and multi-word verbs) and patterns,
//! plus synonym sets. English (`CAMEO.2.0.txt`) and Arabic
//! (`CAMEO.ar.0.5.txt` + `synsets.ar.txt`, lemma forms) are read by the same
//! reader ([`reader`]); a user points `[events]` at their own files.
//!
//! Format (PETRARCH-2 docs, `dictionaries.rst`, and the TABARI manual ch. 5):
//!
//! ```text
//! &CURRENCY                     a synonym set, members on `+` lines
//! +DOLLAR
//! --- MEET_PEOPLE [040] ---     a verb block and its default code
//! MEET {MEETS MET MEETING}      a verb, its irregular forms
//! +MEET_WITH {+MET_WITH}        a multi-word verb: `+` marks the verb word
//! FACE [---]                    a verb with its own code (`---`: no event)
//! - * (FOR TALKS) [036:036]     a pattern: words before/after the verb `*`
//! ```
//!
//! In a pattern a blank lets other words intervene, `_` requires adjacent
//! words, `$` `+` `%` mark the source, target and a compound actor, `^`
//! skips a word, `&NAME` is a synonym set; `(..)` and `{..}` group words of
//! a phrase. A code `[a:b]` is a paired event: `a` from source to target and
//! `b` from target to source (`[032:033]`: a visit and hosting a visit).
//!
//! Arabic verbs are lemmas (perfect, 3rd person masculine singular, e.g.
//! `هاجم`), with prepositions joined by `+` (`دعا+إلى`); the coder matches
//! text to them through [`super::morphology`]. `~` transformation lines
//! (PETRARCH-2) are not used (reported speech is handled by the coder's own
//! rule, see `coder.rs`) and are counted as such, not as errors.

pub mod forms;
pub mod reader;

use std::collections::HashMap;

/// A hash map with foldhash (the dictionaries are looked up per word).
pub type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

pub use reader::{DictionaryError, LineError};

/// Script of a dictionary's words: decides how verb forms are generated
/// and how text is matched to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// English: regular inflections generated from the base form.
    En,
    /// Arabic: lemma forms, text matched through stems.
    Ar,
}

/// A code pair `[primary:reverse]` (`None` = `---` or empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodePair {
    /// Code of the event from source to target.
    pub primary: Option<String>,
    /// Code of the paired event from target to source, if any.
    pub reverse: Option<String>,
}

impl CodePair {
    /// True when neither direction yields an event (`[---]`).
    pub fn is_null(&self) -> bool {
        self.primary.is_none() && self.reverse.is_none()
    }
}

/// One element of a pattern, in text order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Elem {
    /// A literal word (normalised).
    Word(String),
    /// A synonym set, by index into [`VerbDictionary::synsets`].
    Synset(usize),
    /// `$`: the source actor's phrase.
    Source,
    /// `+`: the target actor's phrase.
    Target,
    /// `%`: a compound actor that is both source and target.
    Compound,
    /// `^`: any one word.
    Skip,
}

/// A pattern element and how it is linked to its neighbour towards the verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    /// The element.
    pub elem: Elem,
    /// True when written with `_`: no word may intervene between this element
    /// and the previous one (the verb, for the first element).
    pub adjacent: bool,
}

/// A pattern of a verb block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Elements before the verb, in text order (matched right to left).
    pub before: Vec<Linked>,
    /// Elements after the verb, in text order.
    pub after: Vec<Linked>,
    /// The code when the pattern matches.
    pub code: CodePair,
    /// Index of the dictionary file ([`VerbDictionary::files`]).
    pub file: u16,
    /// 1-based line in that file.
    pub line: u32,
    /// [`Pattern::literal_weight`], computed once.
    pub weight: usize,
    /// The literal words (normalised): a pattern can only match a clause
    /// holding all of them, which is checked first.
    pub words: Vec<String>,
}

impl Pattern {
    /// A pattern of these elements and code, with its weight and words.
    pub fn new(
        before: Vec<Linked>,
        after: Vec<Linked>,
        code: CodePair,
        file: u16,
        line: u32,
    ) -> Self {
        let mut p = Pattern {
            before,
            after,
            code,
            file,
            line,
            weight: 0,
            words: Vec::new(),
        };
        p.weight = p.literal_weight();
        p.words = p
            .before
            .iter()
            .chain(&p.after)
            .filter_map(|l| match &l.elem {
                Elem::Word(w) => Some(w.clone()),
                _ => None,
            })
            .collect();
        p
    }

    /// The precomputed specificity ([`Pattern::literal_weight`]).
    pub fn weight(&self) -> usize {
        self.weight
    }

    /// Literal elements (words, synsets, actor markers): the pattern's
    /// specificity; the most specific matching pattern wins. For Arabic,
    /// words of fewer than three letters (prepositions في, من, عن) do not
    /// count: a pattern made of a preposition alone (`- * (في) [051]`)
    /// says nothing about the act.
    pub fn literal_weight(&self) -> usize {
        self.before
            .iter()
            .chain(&self.after)
            .filter(|l| match &l.elem {
                Elem::Skip => false,
                Elem::Word(w) => w.is_ascii() || w.chars().count() >= 3,
                _ => true,
            })
            .count()
    }
}

/// A verb block: its default code and its patterns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbBlock {
    /// The block's name (`MEET_PEOPLE`, `عمل`).
    pub name: String,
    /// Default code of its verbs.
    pub code: CodePair,
    /// Patterns, in file order.
    pub patterns: Vec<Pattern>,
    /// Indices into `patterns`, heaviest first (file order among equals):
    /// the first that matches is the best.
    pub by_weight: Vec<usize>,
    /// Patterns by their first literal word (an Arabic word with a leading
    /// بـ/لـ also under the word without it): only the patterns of words a
    /// clause has are tried.
    pub by_anchor: FastMap<String, Vec<usize>>,
    /// Patterns without a literal word (synonym sets and markers only).
    pub wordless: Vec<usize>,
    /// Script of the block's file.
    pub lang: Lang,
    /// Index of the dictionary file.
    pub file: u16,
}

/// One form of a verb the text can show, pointing at its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbEntry {
    /// Index into [`VerbDictionary::blocks`].
    pub block: usize,
    /// The verb's own code, else its block's.
    pub code: CodePair,
    /// Words that must follow the verb word (English particles `WITH` of
    /// `+MEET_WITH`; Arabic prepositions or nouns of `دعا+إلى`), normalised.
    pub after: Vec<String>,
    /// Words that must precede the verb word (English `KLM_NOP_+RST`).
    pub before: Vec<String>,
    /// The verb as the dictionary writes it (lemma for Arabic).
    pub lemma: String,
    /// Index of the dictionary file.
    pub file: u16,
    /// 1-based line.
    pub line: u32,
}

/// A synonym set: phrases (each a list of normalised words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synset {
    /// `&NAME` as written.
    pub name: String,
    /// Member phrases, longest first.
    pub members: Vec<Vec<String>>,
    /// First words of the members (a quick test before trying them).
    pub firsts: std::collections::HashSet<String, foldhash::fast::RandomState>,
}

/// Counts of what the files held, for logs and `newsevents check-config`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DictionaryStats {
    /// Verb blocks.
    pub blocks: usize,
    /// Verb lines.
    pub verbs: usize,
    /// Pattern lines kept.
    pub patterns: usize,
    /// Synonym sets.
    pub synsets: usize,
    /// PETRARCH-2 `~` transformation lines (read, not used).
    pub transformations: usize,
    /// Malformed lines skipped (each in [`VerbDictionary::skipped`]).
    pub skipped: usize,
}

/// All verb dictionaries of one script, merged.
#[derive(Debug, Clone)]
pub struct VerbDictionary {
    /// Script of the words.
    pub lang: Lang,
    /// Files read, in order (names as given).
    pub files: Vec<String>,
    /// Verb blocks.
    pub blocks: Vec<VerbBlock>,
    /// Synonym sets.
    pub synsets: Vec<Synset>,
    synset_ids: FastMap<String, usize>,
    /// English: every generated surface form → entries. Arabic: lemma →
    /// entries. Keys are normalised.
    forms: FastMap<String, Vec<VerbEntry>>,
    /// Malformed lines skipped, with file and line.
    pub skipped: Vec<LineError>,
    /// Counts.
    pub stats: DictionaryStats,
}

impl VerbDictionary {
    /// An empty dictionary of script `lang`.
    pub fn new(lang: Lang) -> Self {
        Self {
            lang,
            files: Vec::new(),
            blocks: Vec::new(),
            synsets: Vec::new(),
            synset_ids: FastMap::default(),
            forms: FastMap::default(),
            skipped: Vec::new(),
            stats: DictionaryStats::default(),
        }
    }

    /// Verb entries whose form (English) or lemma (Arabic) is `key`
    /// (normalised).
    pub fn entries(&self, key: &str) -> &[VerbEntry] {
        self.forms.get(key).map_or(&[], Vec::as_slice)
    }

    /// True when some verb has form or lemma `key`.
    pub fn contains(&self, key: &str) -> bool {
        self.forms.contains_key(key)
    }

    /// Number of distinct forms (English) or lemmas (Arabic).
    pub fn form_count(&self) -> usize {
        self.forms.len()
    }

    /// The synonym set called `name` (`&NAME`, as written, without a
    /// trailing `_`).
    pub fn synset(&self, name: &str) -> Option<usize> {
        self.synset_ids.get(name).copied()
    }

    /// File name and line of a pattern or entry, `CAMEO.2.0.txt:5440`.
    pub fn locate(&self, file: u16, line: u32) -> String {
        let name = self.files.get(file as usize).map_or("?", String::as_str);
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        format!("{base}:{line}")
    }

    /// Keeps only the patterns of file `file`: its verbs and blocks lose
    /// their own codes, so its verbs code an event only through a pattern.
    /// Used for the OEDA Arabic dictionary, whose verb-level codes were
    /// carried over from English word senses (`اكد [163]` from "stress",
    /// `ظهر [190]` from "express") while its patterns name what is done
    /// (`- * هجوم [190]`).
    pub fn patterns_only(&mut self, file: u16) {
        for b in self.blocks.iter_mut().filter(|b| b.file == file) {
            b.code = CodePair::default();
        }
        for list in self.forms.values_mut() {
            for e in list.iter_mut().filter(|e| e.file == file) {
                e.code = CodePair::default();
            }
        }
    }

    /// Orders every block's patterns by weight ([`VerbBlock::by_weight`]);
    /// called after each file is read.
    pub fn index_patterns(&mut self) {
        for set in &mut self.synsets {
            set.firsts = set
                .members
                .iter()
                .filter_map(|m| m.first().cloned())
                .collect();
        }
        for b in &mut self.blocks {
            let mut order: Vec<usize> = (0..b.patterns.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(b.patterns[i].weight));
            b.by_weight = order;
            b.by_anchor = FastMap::default();
            b.wordless.clear();
            for (k, p) in b.patterns.iter().enumerate() {
                match p.words.first() {
                    Some(w) => {
                        b.by_anchor.entry(w.clone()).or_default().push(k);
                        if let Some(x) = w.strip_prefix(['ب', 'ل'])
                            && x.chars().count() >= 3
                        {
                            b.by_anchor.entry(x.to_string()).or_default().push(k);
                        }
                    }
                    None => b.wordless.push(k),
                }
            }
        }
    }

    fn add_form(&mut self, key: String, entry: VerbEntry) {
        let list = self.forms.entry(key).or_default();
        // A later file's entry for a form replaces earlier files' entries
        // for it: user dictionaries (and our corrections) override.
        list.retain(|e| e.file == entry.file);
        if !list
            .iter()
            .any(|e| e.block == entry.block && e.after == entry.after && e.before == entry.before)
        {
            list.push(entry);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_weight_counts_literal_elements() {
        let p = Pattern::new(
            vec![Linked {
                elem: Elem::Word("not".into()),
                adjacent: false,
            }],
            vec![
                Linked {
                    elem: Elem::Skip,
                    adjacent: false,
                },
                Linked {
                    elem: Elem::Target,
                    adjacent: false,
                },
            ],
            CodePair::default(),
            0,
            1,
        );
        assert_eq!(p.weight(), 2);
        assert!(p.code.is_null());
    }
}
