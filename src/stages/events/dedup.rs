//! One event per fact within an article, and its stable id.
//!
//! Events with the same dyad (source and target codes), CAMEO code, place
//! and date are one event: its mentions are merged in text order, the first
//! mention's participants are kept, confidence grows by `per_mention` for
//! each further sentence (up to `max`). A mention without a place, or dated
//! only by the publication date, joins an event that has them.
//!
//! `event_id` is a name-based UUID (RFC 4122 version 5, SHA-1) of the
//! article id and that same key, so reprocessing an article gives the same
//! ids and consumers can upsert.

use uuid::Uuid;

use super::params::Params;
use crate::article::event::{DateType, Event};

/// Namespace of event ids (a fixed random UUID of ours).
const EVENT_NAMESPACE: Uuid = Uuid::from_u128(0x6e65_7773_6576_4e74_9a3c_51d2_0b7e_e4a1);

/// The merge key of an event: source code, target code, CAMEO code,
/// GeoNames ID, date.
pub fn key(e: &Event) -> String {
    format!(
        "{}|{}|{}|{}|{}",
        e.source.code,
        e.target.as_ref().map_or("", |t| t.code.as_str()),
        e.cameo.code,
        e.location.as_ref().map_or_else(
            || "0".to_owned(),
            |l| l
                .geonameid
                .map_or_else(|| l.gazetteer_id.clone(), |id| id.to_string())
        ),
        e.date.value.as_deref().unwrap_or("")
    )
}

/// The stable id of an event of article `article_id`.
pub fn event_id(article_id: &str, e: &Event) -> String {
    let name = format!("{article_id}\u{1f}{}", key(e));
    Uuid::new_v5(&EVENT_NAMESPACE, name.as_bytes()).to_string()
}

/// True when `a` and `b` report the same fact: the same dyad and code, and
/// places and dates that agree where both are known (an event without a
/// place, or dated only by publication, is the same as one that has them:
/// a headline and the body's sentence).
fn same(a: &Event, b: &Event) -> bool {
    let dyad = |e: &Event| {
        (
            e.source.code.clone(),
            e.target.as_ref().map(|t| t.code.clone()),
            e.cameo.code.clone(),
        )
    };
    let place_ok = match (&a.location, &b.location) {
        (Some(x), Some(y)) => x.gazetteer_id == y.gazetteer_id,
        _ => true,
    };
    let vague = |e: &Event| e.date.date_type == DateType::Publication;
    let date_ok = a.date.value == b.date.value || vague(a) || vague(b);
    dyad(a) == dyad(b) && place_ok && date_ok
}

/// Merges events that report the same fact ([`same`]) and sets their ids;
/// keeps the order of first mention. The merged event keeps the first
/// event's participants, and takes a place or a date from a later mention
/// when it had none.
pub fn merge(article_id: &str, events: Vec<Event>, params: &Params) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for e in events {
        match out.iter().position(|x| same(x, &e)) {
            Some(i) => {
                let kept = &mut out[i];
                if kept.location.is_none() {
                    kept.location = e.location.clone();
                }
                if kept.date.date_type == DateType::Publication
                    && e.date.date_type != DateType::Publication
                {
                    kept.date = e.date.clone();
                }
                for m in e.mentions {
                    if !kept.mentions.contains(&m) {
                        kept.mentions.push(m);
                        kept.confidence = (kept.confidence + params.per_mention).min(params.max);
                    }
                }
                kept.confidence = kept.confidence.max(e.confidence.min(params.max));
                kept.modality.reported &= e.modality.reported;
            }
            None => out.push(e),
        }
    }
    for e in &mut out {
        e.event_id = event_id(article_id, e);
        e.mentions
            .sort_by_key(|m| (m.sentence.field, m.trigger.start));
    }
    out
}
