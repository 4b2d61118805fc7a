//! The sample check: required actors and locations of our expectation JSON
//! found with their codes and IDs, forbidden names and places reported.

use std::path::Path;

use crate::article::{Field, RawArticle};

use super::formats;
use super::{EvalError, Runner, SampleReport, read};

impl Runner {
    pub(super) fn sample(
        &mut self,
        raw: RawArticle,
        expected: &formats::SampleExpectation,
    ) -> SampleReport {
        let mut rep = SampleReport::default();
        let doc = self.enrich_raw(raw);
        let (actors, locations) = doc
            .as_ref()
            .map_or((&[][..], &[][..]), |d| (&d.actors[..], &d.locations[..]));
        // A surface form may carry a proclitic our span leaves out (بخليفة).
        let matches = |form: &str, mention: &str| {
            form == mention
                || (form.ends_with(mention)
                    && form.chars().count() - mention.chars().count() <= 2
                    && !mention.is_empty())
        };
        let find = |forms: &[String]| {
            actors.iter().find(|a| {
                a.mentions
                    .iter()
                    .any(|m| forms.iter().any(|f| matches(f, &m.text)))
            })
        };
        for e in &expected.actors_required {
            rep.actors_required += 1;
            let found = find(&e.surface_forms);
            if found.is_some() {
                rep.actors_found += 1;
            } else {
                rep.problems.push(format!("actor not found: {}", e.name));
            }
            if let Some(code) = e.expected_code() {
                rep.actors_with_code += 1;
                match found.and_then(|a| a.code.as_deref()) {
                    Some(c) if c == code => rep.actors_code_correct += 1,
                    other if found.is_some() => rep
                        .problems
                        .push(format!("actor {}: code {other:?}, expected {code}", e.name)),
                    _ => {}
                }
            }
        }
        for e in &expected.actors_optional {
            rep.actors_optional += 1;
            rep.actors_optional_found += usize::from(find(&e.surface_forms).is_some());
        }
        for e in &expected.locations_required {
            rep.locations_required += 1;
            if locations.iter().any(|l| l.geonameid == Some(e.geonameid)) {
                rep.locations_correct += 1;
            } else {
                rep.problems
                    .push(format!("location missing: {} ({})", e.name, e.geonameid));
            }
        }
        let events = doc.as_ref().map_or(&[][..], |d| &d.events[..]);
        for e in &expected.events_required {
            rep.events_required += 1;
            let ok = events.iter().any(|ev| {
                let date = ev.date.value.as_deref().unwrap_or("");
                ev.source.code == e.source
                    && e.target
                        .as_ref()
                        .is_none_or(|t| ev.target.as_ref().is_some_and(|x| &x.code == t))
                    && ev.cameo.root == e.root
                    && e.plover
                        .as_ref()
                        .is_none_or(|p| ev.plover.as_ref().is_some_and(|x| &x.event_type == p))
                    && e.geonameid.is_none_or(|id| {
                        ev.location
                            .as_ref()
                            .is_some_and(|l| l.geonameid == Some(id))
                    })
                    && e.date_from.as_deref().is_none_or(|d| date >= d)
                    && e.date_to.as_deref().is_none_or(|d| date <= d)
            });
            if ok {
                rep.events_found += 1;
            } else {
                rep.problems.push(format!("event not found: {}", e.what));
            }
        }
        if let (Some(end), Some(d)) = (&expected.article_body_ends_before, &doc) {
            let body = &d.raw.body;
            let limit = body.find(end.as_str()).map(|b| body[..b].chars().count());
            if let Some(limit) = limit {
                rep.events_outside_article = events
                    .iter()
                    .filter(|e| {
                        e.mentions
                            .iter()
                            .any(|m| m.sentence.field == Field::Body && m.sentence.end > limit)
                    })
                    .count();
                if rep.events_outside_article > 0 {
                    rep.problems.push(format!(
                        "{} events coded outside the article",
                        rep.events_outside_article
                    ));
                }
            }
        }
        for f in &expected.must_not_report {
            rep.forbidden += 1;
            if let Some(id) = f.geonameid
                && locations.iter().any(|l| l.geonameid == Some(id))
            {
                rep.problems.push(format!("reported: {}", f.what));
            }
            let named = actors
                .iter()
                .flat_map(|a| &a.mentions)
                .chain(locations.iter().flat_map(|l| &l.mentions))
                .any(|m| f.surface_forms.iter().any(|s| s == &m.text));
            if named {
                rep.problems.push(format!("reported: {}", f.what));
            }
        }
        rep
    }
}

/// Finds and reads the article a sample expectation is about.
pub(super) fn sample_article(
    expectation: &Path,
    given: Option<&Path>,
    expected: &formats::SampleExpectation,
) -> Result<RawArticle, EvalError> {
    let dir = expectation.parent().unwrap_or(Path::new("."));
    let path = match given {
        Some(p) => p.to_owned(),
        None => {
            let beside = dir.join(&expected.document);
            if beside.is_file() {
                beside
            } else {
                let name = expectation
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                dir.join(format!("{}.jsonl", name.trim_end_matches(".expected.json")))
            }
        }
    };
    let text = read(&path)?;
    if path.extension().is_some_and(|e| e == "jsonl") {
        let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return serde_json::from_str(line).map_err(|e| EvalError::Format {
            path,
            source: e.into(),
        });
    }
    Ok(RawArticle {
        id: expected.document.clone(),
        body: text,
        title: None,
        lang: expected.language.clone(),
        url: None,
        source: None,
        published_at: expected.published.clone(),
        extra: Default::default(),
    })
}
