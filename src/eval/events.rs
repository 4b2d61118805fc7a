//! Event and actor-code scoring over PETRARCH records (unit tests, GSR) and
//! our event gold: exact (source, target, code) tuples.

use crate::stages::Document;

use super::Runner;
use super::formats;
use super::metrics::{CodeAgreement, EventScores, EventTuple};

impl Runner {
    /// Actor-code agreement (records with gold codings) and event coding
    /// (every record: a record without codings counts our events there
    /// against precision).
    pub(super) fn petrarch(
        &mut self,
        records: &[formats::PetrarchRecord],
        mut errors: Option<&mut String>,
    ) -> (CodeAgreement, EventScores) {
        let mut agreement = CodeAgreement::default();
        let mut events = EventScores::default();
        for r in records {
            let published = r.date.map(|d| d.format("%Y-%m-%d").to_string());
            let doc = self.enrich(&r.id, r.text.clone(), published);
            let gold_codes: Vec<String> = r
                .codings
                .iter()
                .flat_map(|(s, t, _)| [s.clone(), t.clone()])
                .filter(|c| !c.is_empty() && !c.starts_with('-'))
                .collect();
            if !gold_codes.is_empty() {
                let ours: Vec<String> = doc
                    .as_ref()
                    .map(|doc| {
                        // Like the gold's: role-only codes (`---GOV`) have
                        // no actor code to agree on.
                        doc.actors
                            .iter()
                            .filter_map(|a| a.code.clone())
                            .filter(|c| !c.starts_with('-'))
                            .collect()
                    })
                    .unwrap_or_default();
                agreement.add_record(&gold_codes, &ours);
            }
            // `<EventCoding noevents="True">` and error markers carry no
            // event code: they say "no event", they are not codings.
            let gold: Vec<EventTuple> = r
                .codings
                .iter()
                .filter(|(_, _, c)| !c.is_empty())
                .map(|(s, t, c)| EventTuple {
                    source: s.clone(),
                    target: t.clone(),
                    code: c.clone(),
                    date: None,
                    geonameid: None,
                })
                .collect();
            let ours = doc.as_ref().map(our_events).unwrap_or_default();
            if let Some(out) = errors.as_deref_mut() {
                event_errors(out, &r.id, &r.text, &gold, &ours);
            }
            events.add_document(&gold, &ours);
        }
        (agreement, events)
    }

    /// Event gold JSON Lines: each article through the chain, its events
    /// against its gold.
    pub(super) fn event_gold(
        &mut self,
        articles: Vec<formats::EventArticle>,
        mut errors: Option<&mut String>,
    ) -> EventScores {
        let mut scores = EventScores::default();
        for a in articles {
            let gold: Vec<EventTuple> = a
                .gold
                .iter()
                .map(|g| EventTuple {
                    source: g.source.clone(),
                    target: g.target.clone(),
                    code: g.code.clone(),
                    date: g.date.clone(),
                    geonameid: g.geonameid,
                })
                .collect();
            let mut raw = a.raw;
            if raw.lang.is_none() {
                raw.lang = Some(self.lang.clone());
            }
            let (id, body) = (raw.id.clone(), raw.body.clone());
            let ours = self
                .enrich_raw(raw)
                .as_ref()
                .map(our_events)
                .unwrap_or_default();
            if let Some(out) = errors.as_deref_mut() {
                event_errors(out, &id, &body, &gold, &ours);
            }
            scores.add_document(&gold, &ours);
        }
        scores
    }
}

/// Appends one line per document whose events differ from its gold
/// (`--errors`): `id<TAB>gold<TAB>ours<TAB>text`, events as
/// `source>target:code` joined by `; `.
fn event_errors(out: &mut String, id: &str, text: &str, gold: &[EventTuple], ours: &[EventTuple]) {
    let show = |v: &[EventTuple]| {
        let mut s: Vec<String> = v
            .iter()
            .map(|e| format!("{}>{}:{}", e.source, e.target, e.code))
            .collect();
        s.sort();
        s.dedup();
        s.join("; ")
    };
    let (g, o) = (show(gold), show(ours));
    if g != o {
        out.push_str(&format!("{id}\t{g}\t{o}\t{text}\n"));
    }
}

/// Our events of a document as scoring tuples.
fn our_events(doc: &Document) -> Vec<EventTuple> {
    doc.events
        .iter()
        .map(|e| EventTuple {
            source: e.source.code.clone(),
            target: e.target.as_ref().map_or(String::new(), |t| t.code.clone()),
            code: e.cameo.code.clone(),
            date: e.date.value.clone(),
            geonameid: e.location.as_ref().and_then(|l| l.geonameid),
        })
        .collect()
}
