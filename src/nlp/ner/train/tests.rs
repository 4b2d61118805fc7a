//! Tests of training, evaluation and the model file on the authored fixture.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::nlp::ner::features::{Extractor, FeatureScratch};
use crate::nlp::ner::model::Model;
use crate::nlp::ner::predict::{ViterbiScratch, constrained, viterbi};

/// The authored fixture (tests/fixtures/ner, Arabic and English in one
/// file): a spec training on `train.conll` with `heldout.conll` as dev.
fn fixture_spec() -> (TrainSpec, Roots) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ner");
    let text = r#"
name = "fixture"
version = "0"
lang = "ar+en"
licence = "Apache-2.0"
classes = ["PER", "ORG", "LOC", "MISC"]
hash_bits = 16
epochs = 10
seed = 1
[[corpus]]
name = "fixture"
paths = ["$REPO/train.conll"]
tab_separated = true
tags = { PER = "PER", ORG = "ORG", LOC = "LOC", MISC = "MISC" }
[[dev]]
name = "held out"
paths = ["$REPO/heldout.conll"]
tab_separated = true
tags = { PER = "PER", ORG = "ORG", LOC = "LOC", MISC = "MISC" }
"#;
    let spec: TrainSpec = toml::from_str(text).unwrap();
    let roots = Roots {
        corpora: dir.clone(),
        repo: dir,
    };
    (spec, roots)
}

#[test]
fn model_trained_on_fixture_tags_held_out_sentences_with_unseen_names() {
    let (spec, roots) = fixture_spec();
    let model = train(&spec, &roots, |_| {}).unwrap();
    // Through the file format, as the pipeline will load it.
    let bytes = model.to_bytes().unwrap();
    let model = Model::from_bytes(&bytes, Path::new("fixture.bin")).unwrap();
    let tagger = EntityTagger::new(Arc::new(model));
    let held = spec.dev[0].read(&roots.corpora, &roots.repo).unwrap();
    assert_eq!(held.len(), 15);
    let mut scratch = TagScratch::default();
    let mut wrong = Vec::new();
    for s in &held {
        let got = tagger.tag(&s.tokens, &mut scratch);
        if got != s.spans {
            wrong.push(format!(
                "{}: got {got:?}, want {:?}",
                s.tokens.join(" "),
                s.spans
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn cached_word_sums_give_the_scores_of_plain_feature_extraction() {
    let (spec, roots) = fixture_spec();
    let model = train(&spec, &roots, |_| {}).unwrap();
    let l = model.labels.len();
    let held = spec.dev[0].read(&roots.corpora, &roots.repo).unwrap();
    let ex = Extractor::new(&model.words, model.header.hash_bits);
    let tagger = EntityTagger::new(Arc::new(model.clone()));
    let (mut fs, mut f, mut o) = (FeatureScratch::default(), Vec::new(), Vec::new());
    let mut scratch = TagScratch::default();
    let mut tiny = TagScratch::with_cache_limit(3);
    let trans = constrained(&model.transitions, l, i32::MIN / 4);
    let mut checked_uncached = 0;
    for s in &held {
        // A word surely absent from the cache goes through the slow path.
        let mut tokens = s.tokens.clone();
        tokens.push("Zyxwvut".into());
        checked_uncached += 1;
        ex.extract(&tokens, &mut fs, &mut f, &mut o);
        let mut em = vec![0i32; tokens.len() * l];
        for t in 0..tokens.len() {
            for &b in &f[o[t] as usize..o[t + 1] as usize] {
                if let Some(row) = model.weights().row(b) {
                    for k in 0..l {
                        em[t * l + k] += row[k] as i32;
                    }
                }
            }
        }
        let mut want = Vec::new();
        viterbi(
            &em,
            &trans,
            l,
            tokens.len(),
            &mut ViterbiScratch::default(),
            &mut want,
        );
        // First sight computes the word sums, the second reads them
        // from the scratch's cache: both give the plain scores; so does
        // a cache so small that it is emptied within the sentence.
        assert_eq!(tagger.tag_labels(&tokens, &mut scratch), want.as_slice());
        assert_eq!(tagger.tag_labels(&tokens, &mut scratch), want.as_slice());
        assert_eq!(tagger.tag_labels(&tokens, &mut tiny), want.as_slice());
        assert_eq!(tagger.tag_labels(&tokens, &mut tiny), want.as_slice());
    }
    assert!(checked_uncached > 0);
}

#[test]
fn training_is_deterministic() {
    let (spec, roots) = fixture_spec();
    let a = train(&spec, &roots, |_| {}).unwrap().to_bytes().unwrap();
    let b = train(&spec, &roots, |_| {}).unwrap().to_bytes().unwrap();
    assert!(a == b, "two trainings with the same seed differ");
}

#[test]
fn missing_corrupt_and_incompatible_model_files_are_named_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.bin");
    let e = Model::load(&missing).unwrap_err().to_string();
    assert!(
        e.contains("nope.bin")
            && e.contains(&format!(
                "format version {}",
                crate::nlp::ner::MODEL_FORMAT_VERSION
            )),
        "{e}"
    );

    let corrupt = dir.path().join("corrupt.bin");
    std::fs::write(&corrupt, b"not a model").unwrap();
    let e = Model::load(&corrupt).unwrap_err();
    assert!(matches!(e, super::super::ModelError::Corrupt { .. }), "{e}");
    assert!(e.to_string().contains("corrupt.bin"), "{e}");

    // A real model cut short.
    let (spec, roots) = fixture_spec();
    let bytes = train(&spec, &roots, |_| {}).unwrap().to_bytes().unwrap();
    let truncated = dir.path().join("truncated.bin");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let e = Model::load(&truncated).unwrap_err();
    assert!(matches!(e, super::super::ModelError::Corrupt { .. }), "{e}");

    // The same model with another format version.
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_end(&mut raw)
        .unwrap();
    raw[8..12].copy_from_slice(&99u32.to_le_bytes());
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&raw).unwrap();
    let old = dir.path().join("v99.bin");
    std::fs::write(&old, gz.finish().unwrap()).unwrap();
    let e = Model::load(&old).unwrap_err();
    assert!(
        matches!(e, super::super::ModelError::Incompatible { found: 99, .. }),
        "{e}"
    );
    let msg = e.to_string();
    assert!(
        msg.contains("v99.bin")
            && msg.contains(&format!(
                "version {}",
                crate::nlp::ner::MODEL_FORMAT_VERSION
            )),
        "{msg}"
    );
}
