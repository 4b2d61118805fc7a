//! Shared builders for the stages' unit tests: documents as the chain
//! hands them to a stage after `text` ran. The only place besides
//! `stages/mod.rs` that reaches into a stage from outside it (tests only).

use super::Stage;
use super::document::Document;
use crate::article::{Origin, RawArticle};

/// A document with `body` (and `title`, `lang`, `published_at` when given),
/// analysed by the default `text` stage.
///
/// # Panics
/// If the text stage rejects the body (e.g. an empty article zone).
pub(crate) fn analyzed(
    body: &str,
    title: Option<&str>,
    lang: Option<&str>,
    published_at: Option<&str>,
) -> Document {
    let raw = RawArticle {
        id: "t".into(),
        body: body.into(),
        title: title.map(Into::into),
        lang: lang.map(Into::into),
        url: None,
        source: None,
        published_at: published_at.map(Into::into),
        extra: Default::default(),
    };
    let mut d = Document::new(
        raw,
        Origin {
            topic: "test".into(),
            partition: 0,
            offset: 0,
        },
    );
    analyze(&mut d);
    d
}

/// Runs the default `text` stage over `doc`.
///
/// # Panics
/// If the text stage rejects the body.
pub(crate) fn analyze(doc: &mut Document) {
    super::text::TextAnalyzer::default()
        .process(doc)
        .expect("text stage");
}
