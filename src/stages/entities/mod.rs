//! The `entities` stage: runs the learned entity tagger ([`crate::nlp::ner`])
//! over the article zone the `text` stage kept (never boilerplate or reader
//! comments) and writes PER/ORG/LOC/MISC name mentions to
//! [`Document::entities`]. It links nothing: the `actors` stage turns the
//! PER/ORG mentions no other rule found into actors, the `locations` stage
//! reads LOC mentions as toponym evidence.
//!
//! # Steps
//!
//! 1. Pick the model by the article's language (`ar`, `en`; other
//!    languages get no mentions).
//! 2. Per sentence of each field, rebuild the tagger's units (`units.rs`:
//!    punctuation back in, hyphenated words and acronyms whole) and tag them.
//! 3. Arabic: cut a person span run across two names (`split.rs`, rule
//!    split-joined-persons), then a nationality adjective off the front of
//!    a person's name (`nisba.rs`, rule nisba-outside-name).
//! 3. English: a place name that is a side of a sports result is a club,
//!    ORG (`sports.rs`, rule team-in-sports-result).
//! 4. Map each span back to original char offsets, Arabic proclitics of the
//!    first word outside, with a score from the tagger's label margin.
//! 5. A name read as a person or organisation in one sentence is the same
//!    at its other mentions in the article (`consistency.rs`, rule
//!    one-name-one-kind).
//!
//! # Configuration
//!
//! `[entities]`: `model_ar` / `model_en` point at model files trained with
//! `newsevents train-ner` (default: the models built into the binary,
//! `data/models/ner-{ar,en}.bin`); `languages` limits which models are
//! loaded. Leave `entities` out of `pipeline.stages` to run the
//! dictionary-only chain. A missing, corrupt or incompatible model file
//! stops start-up with an error naming the file.

mod consistency;
mod nisba;
mod split;
mod sports;
mod units;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::article::{EntityKind, EntityMention, EntityRule, FieldText};
use crate::lexicon::Countries;
use crate::nlp::ner::{EntityClass, EntitySpan, EntityTagger, Model, ModelError, TagScratch};
use crate::stages::{
    BuildError, Built, Document, Read, Resources, Slot, Stage, StageConfig, StageError, StageSpec,
};

use units::{Unit, proclitic_chars, sentence_units};

/// The shipped Arabic model (`data/models/ner-ar.bin`, CC BY-SA 4.0).
static EMBEDDED_AR: &[u8] = include_bytes!("../../../data/models/ner-ar.bin");
/// The shipped English model (`data/models/ner-en.bin`, CC BY-SA 4.0).
static EMBEDDED_EN: &[u8] = include_bytes!("../../../data/models/ner-en.bin");

/// What the `entities` stage reads and writes: the
/// [`Analysis`](crate::stages::Analysis) in, [`Document::entities`] out.
pub const SPEC: StageSpec = StageSpec {
    name: "entities",
    reads: &[Read {
        slot: Slot::Analysis,
        required: true,
    }],
    writes: &[Slot::Entities],
};

/// The `[entities]` section of the configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntitiesConfig {
    /// Arabic model file; absent: the model built into the binary.
    #[serde(default)]
    pub model_ar: Option<PathBuf>,
    /// English model file; absent: the model built into the binary.
    #[serde(default)]
    pub model_en: Option<PathBuf>,
    /// Languages to tag (`ar`, `en`); a model is loaded only for these.
    /// Default both.
    #[serde(default = "default_languages")]
    pub languages: Vec<String>,
}

fn default_languages() -> Vec<String> {
    vec!["ar".into(), "en".into()]
}

impl Default for EntitiesConfig {
    fn default() -> Self {
        Self {
            model_ar: None,
            model_en: None,
            languages: default_languages(),
        }
    }
}

/// One loaded model and the name it is reported under (`ner_ar`, `ner_en`).
#[derive(Debug, Clone)]
struct Slotted {
    key: &'static str,
    tagger: EntityTagger,
}

/// Loads `path`, or the embedded bytes when `path` is `None`.
fn load(path: Option<&Path>, embedded: &'static [u8], name: &str) -> Result<Model, ModelError> {
    match path {
        Some(p) => Model::load(p),
        None => {
            let model = Model::from_bytes(
                embedded,
                Path::new(&format!("(built in) data/models/{name}")),
            );
            crate::nlp::embedded::release(embedded);
            model
        }
    }
}

impl StageConfig for EntitiesConfig {
    fn spec(&self) -> &'static StageSpec {
        &SPEC
    }

    /// Loads the configured models ([`EntitiesConfig::load`]); versions
    /// `ner_ar` / `ner_en` (the model header's version).
    fn build(&self, resources: &Resources) -> Result<Built, BuildError> {
        let stage = self.load(&resources.lexicon()?.countries)?;
        let versions = stage.versions();
        Ok(Built {
            stage: Box::new(stage),
            versions,
        })
    }
}

impl EntitiesConfig {
    /// Loads the models of the configured languages, both at once on two
    /// threads (about 0.6 s each); `countries` gives the Arabic nationality
    /// adjectives of rule nisba-outside-name.
    ///
    /// # Errors
    /// [`BuildError::Load`] naming the model file that is missing, corrupt
    /// or of another format version, or the unknown language.
    pub fn load(&self, countries: &Countries) -> Result<EntityStage, BuildError> {
        for lang in &self.languages {
            if lang != "ar" && lang != "en" {
                return Err(BuildError::load(
                    "the entity models",
                    std::io::Error::other(format!(
                        "entities.languages: no model for `{lang}` (known: ar, en)"
                    )),
                ));
            }
        }
        let wants = |l: &str| self.languages.iter().any(|x| x == l);
        let (ar, en) = std::thread::scope(|s| {
            let ar = wants("ar").then(|| {
                s.spawn(|| {
                    load(self.model_ar.as_deref(), EMBEDDED_AR, "ner-ar.bin")
                        .map(|m| EntityTagger::new(Arc::new(m)))
                })
            });
            let en = wants("en").then(|| {
                s.spawn(|| {
                    load(self.model_en.as_deref(), EMBEDDED_EN, "ner-en.bin")
                        .map(|m| EntityTagger::new(Arc::new(m)))
                })
            });
            let join = |h: Option<std::thread::ScopedJoinHandle<'_, _>>| {
                h.map(|h| h.join().expect("model loader thread panicked"))
                    .transpose()
            };
            (join(ar), join(en))
        });
        let ar = ar.map_err(|e| BuildError::load("the entity models", e))?;
        let en = en.map_err(|e| BuildError::load("the entity models", e))?;
        Ok(EntityStage {
            scratches: Arc::default(),
            nisbas: Arc::new(nisba::Nisbas::new(countries)),
            ar: ar.map(|tagger| Slotted {
                key: "ner_ar",
                tagger,
            }),
            en: en.map(|tagger| Slotted {
                key: "ner_en",
                tagger,
            }),
        })
    }
}

/// The `entities` stage: the loaded models. Build with
/// [`EntitiesConfig`]'s [`StageConfig::build`]; cheap to share.
#[derive(Debug, Clone)]
pub struct EntityStage {
    ar: Option<Slotted>,
    en: Option<Slotted>,
    /// Tagger buffers not in use, shared by the clones of the stage. An
    /// article takes one and gives it back, so there are as many as
    /// articles were ever tagged at once (the pipeline's `workers`), not
    /// one per thread of the blocking pool, which holds dozens of
    /// threads over a run; each carries up to ~5 MB of cached word sums
    /// per model ([`crate::nlp::ner::ROW_CACHE_WORDS`]).
    scratches: Arc<Mutex<Vec<Scratch>>>,
    /// Arabic nationality adjectives (rule nisba-outside-name).
    nisbas: Arc<nisba::Nisbas>,
}

/// One set of tagger buffers.
type Scratch = Box<(TagScratch, Vec<Unit>, Vec<consistency::SeenWord>)>;

/// Buffers kept for reuse beyond this many are dropped (a burst of
/// parallel articles does not pin memory for good).
const MAX_IDLE_SCRATCHES: usize = 32;

/// The mention kind of a model class: FAC is a place, NORP a MISC.
fn kind_of(class: EntityClass) -> EntityKind {
    match class {
        EntityClass::Per => EntityKind::Per,
        EntityClass::Org => EntityKind::Org,
        EntityClass::Loc | EntityClass::Fac => EntityKind::Loc,
        EntityClass::Norp | EntityClass::Misc => EntityKind::Misc,
    }
}

/// A span of the tagger with the stage rule that made or relabelled it
/// (`None`: the tagger's own reading), before it becomes a mention.
#[derive(Debug, Clone, Copy)]
struct Tagged {
    span: EntitySpan,
    rule: Option<EntityRule>,
}

impl From<EntitySpan> for Tagged {
    fn from(span: EntitySpan) -> Self {
        Self { span, rule: None }
    }
}

/// Margin (real weight units) at which a mention scores 0.5 more than a
/// margin of 0; see [`EntityMention::score`].
const MARGIN_SCALE: f32 = 2.0;

impl EntityStage {
    /// `(ner_ar | ner_en, model version)` of the loaded models.
    pub fn versions(&self) -> Vec<(String, String)> {
        [&self.ar, &self.en]
            .into_iter()
            .flatten()
            .map(|m| {
                (
                    m.key.to_string(),
                    m.tagger.model().header.version.trim().to_string(),
                )
            })
            .collect()
    }

    /// The mentions the model for `lang` finds in the analysed fields of
    /// `doc` (none for a language without a model).
    pub fn mentions(&self, doc: &Document) -> Vec<EntityMention> {
        let Some(analysis) = doc.analysis.as_ref() else {
            return Vec::new();
        };
        let slot = match analysis.language.code.as_str() {
            "ar" => self.ar.as_ref(),
            "en" => self.en.as_ref(),
            _ => None,
        };
        let Some(slot) = slot else {
            return Vec::new();
        };
        let tagger = &slot.tagger;
        let arabic = analysis.language.code == "ar";
        let mut found = Vec::new();
        let mut taken = self
            .scratches
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop()
            .unwrap_or_default();
        {
            let (scratch, units, seen) = &mut *taken;
            let mut words: Vec<&str> = Vec::new();
            seen.clear();
            let mut sentence = 0;
            for (fi, field) in analysis.fields.iter().enumerate() {
                let view = FieldText::new(doc.field_text(field.field));
                let toks = &field.tokens;
                let mut a = 0;
                while a < toks.len() {
                    let mut b = a + 1;
                    while b < toks.len() && toks[b].sentence == toks[a].sentence {
                        b += 1;
                    }
                    sentence_units(field, &view, a, b, units);
                    sentence += 1;
                    seen.extend(units.iter().filter(|u| u.is_word()).map(|&unit| {
                        consistency::SeenWord {
                            field: fi,
                            sentence,
                            unit,
                        }
                    }));
                    words.clear();
                    words.extend(units.iter().map(|u| view.slice(u.start, u.end)));
                    let spans = tagger.tag(&words, scratch);
                    let spans = if arabic {
                        let mut spans = split::split_joined_persons(spans, &words, tagger.model());
                        self.nisbas.cut_leading(&mut spans, &words);
                        spans
                    } else {
                        let mut spans: Vec<Tagged> = spans.into_iter().map(Tagged::from).collect();
                        sports::relabel_teams(&mut spans, &words);
                        spans
                    };
                    for Tagged { span, rule } in spans {
                        let Some(first) = units[span.start..span.end].iter().find(|u| u.is_word())
                        else {
                            continue;
                        };
                        let last = units[span.start..span.end]
                            .iter()
                            .rev()
                            .find(|u| u.is_word())
                            .unwrap_or(first);
                        let mut start = first.start;
                        if arabic {
                            let t = first.first_token;
                            let norm = &toks[t].norm;
                            let words = tagger.model().words();
                            let known = |w: &str| {
                                words
                                    .get(&crate::nlp::ner::text::fold(w))
                                    .is_some_and(|i| i.clusters[0] != 0 || i.flags != 0)
                            };
                            let k = proclitic_chars(norm, known);
                            if k > 0 {
                                start = field.orig_offset(t, k);
                            }
                        }
                        let margin = tagger.span_margin(scratch, &span);
                        found.push(EntityMention {
                            kind: kind_of(span.class),
                            field: field.field,
                            start,
                            end: last.end,
                            text: view.slice(start, last.end).to_string(),
                            score: f64::from(1.0 / (1.0 + (-margin / MARGIN_SCALE).exp())),
                            model: slot.key,
                            rule,
                        });
                    }
                    a = b;
                }
            }
            // Rule one-name-one-kind: a name's other mentions in the article.
            let fields: Vec<_> = (analysis.fields.iter())
                .map(|f| (f, FieldText::new(doc.field_text(f.field))))
                .collect();
            let given = consistency::given_name(tagger.model());
            consistency::fill(&mut found, seen, &fields, arabic, given);
        }
        let mut idle = self.scratches.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < MAX_IDLE_SCRATCHES {
            idle.push(taken);
        }
        found
    }
}

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if doc.analysis.is_none() {
            return Err(StageError::MissingAnalysis("entities"));
        }
        doc.entities = self.mentions(doc);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Field;
    use crate::stages::testutil;

    fn countries() -> &'static Countries {
        static C: std::sync::OnceLock<Countries> = std::sync::OnceLock::new();
        C.get_or_init(|| Countries::load(None).unwrap())
    }

    pub(super) fn stage() -> &'static EntityStage {
        static S: std::sync::OnceLock<EntityStage> = std::sync::OnceLock::new();
        S.get_or_init(|| {
            let stage = EntitiesConfig::default().load(countries()).unwrap();
            let keys: Vec<String> = stage.versions().into_iter().map(|(k, _)| k).collect();
            assert_eq!(keys, ["ner_ar", "ner_en"]);
            stage
        })
    }

    fn tag(lang: &str, body: &str) -> Vec<EntityMention> {
        let mut doc = testutil::analyzed(body, None, Some(lang), None);
        stage().process(&mut doc).unwrap();
        doc.entities
    }

    #[test]
    fn arabic_names_with_offsets_in_scalar_values_and_proclitics_outside() {
        let body = "التقى الرئيس عبد الفتاح السيسي بخليفة حفتر في القاهرة.";
        let found = tag("ar", body);
        let view = FieldText::new(body);
        for m in &found {
            assert_eq!(view.slice(m.start, m.end), m.text);
            assert_eq!(m.field, Field::Body);
            assert!((0.0..=1.0).contains(&m.score));
        }
        let texts: Vec<(&str, EntityKind)> =
            found.iter().map(|m| (m.text.as_str(), m.kind)).collect();
        assert!(
            texts.contains(&("عبد الفتاح السيسي", EntityKind::Per)),
            "{texts:?}"
        );
        assert!(
            texts.contains(&("خليفة حفتر", EntityKind::Per)),
            "{texts:?}"
        );
        assert!(texts.contains(&("القاهرة", EntityKind::Loc)), "{texts:?}");
        let haftar = found.iter().find(|m| m.text == "خليفة حفتر").unwrap();
        assert_eq!((haftar.start, haftar.end), (32, 42));
    }

    #[test]
    fn english_names_and_other_languages() {
        let found = tag(
            "en",
            "Libyan commander Khalifa Haftar met officials of the United Nations in Cairo.",
        );
        let texts: Vec<(&str, EntityKind)> =
            found.iter().map(|m| (m.text.as_str(), m.kind)).collect();
        assert!(
            texts.contains(&("Khalifa Haftar", EntityKind::Per)),
            "{texts:?}"
        );
        assert!(texts.contains(&("Cairo", EntityKind::Loc)), "{texts:?}");
        assert!(tag("fr", "Khalifa Haftar a rencontré Emmanuel Macron à Paris.").is_empty());
    }

    #[test]
    fn comments_and_boilerplate_are_not_tagged() {
        let line = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/articles/sample.jsonl"
        ))
        .unwrap();
        let raw: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
        let body = raw["body"].as_str().unwrap();
        let mut doc = testutil::analyzed(body, None, Some("ar"), None);
        let excluded = doc.analysis.as_ref().unwrap().excluded.clone();
        assert!(!excluded.is_empty());
        stage().process(&mut doc).unwrap();
        assert!(doc.entities.len() > 10);
        for m in &doc.entities {
            assert!(
                !excluded
                    .iter()
                    .any(|z| z.field == m.field && z.start < m.end && m.start < z.end),
                "{m:?} lies in an excluded zone"
            );
        }
    }

    #[test]
    fn a_bad_model_file_stops_start_up_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("broken-ner.bin");
        std::fs::write(&bad, b"not a model").unwrap();
        for config in [
            EntitiesConfig {
                model_ar: Some(bad.clone()),
                ..Default::default()
            },
            EntitiesConfig {
                model_en: Some(dir.path().join("missing.bin")),
                languages: vec!["en".into()],
                ..Default::default()
            },
        ] {
            let err = config.load(countries()).err().unwrap().to_string();
            let named = config
                .model_ar
                .as_ref()
                .or(config.model_en.as_ref())
                .unwrap();
            assert!(err.contains(&named.display().to_string()), "{err}");
            assert!(err.contains("format version"), "{err}");
        }
        let err = EntitiesConfig {
            languages: vec!["fr".into()],
            ..Default::default()
        }
        .load(countries())
        .err()
        .unwrap();
        assert!(err.to_string().contains("`fr`"), "{err}");
    }
}
