//! Where an event happened: a resolved toponym of its sentence or the one
//! before it. Rules, in order (the output's `reason`):
//!
//! 1. `target`: the target itself is a place ("attack on Tripoli", a visit
//!    to Cairo);
//! 2. `preposition`: a place after في/بـ/in/at in the trigger's clause;
//! 3. `sentence`: another place of the sentence that is not a participant,
//!    nearest to the trigger;
//! 4. `context`: the last place named in the previous sentence of the field.

use super::chunks::Group;
use super::dyads::Roles;
use super::words::{EntityKind, Sentence};

/// A location choice: entity index in the sentence (or in the previous
/// sentence for `context`), document location index, reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlaceChoice {
    /// Index into the document's `locations`.
    pub location: usize,
    /// Rule that chose it.
    pub reason: &'static str,
}

/// Chooses the location of an event with `roles` whose trigger is word
/// `head`; `participants` are the entity indices used as source or target;
/// `previous` is the last place of the previous sentence.
pub fn for_event(
    s: &Sentence<'_>,
    groups: &[Group],
    roles: &Roles,
    head: usize,
    participants: &[usize],
    previous: Option<usize>,
) -> Option<PlaceChoice> {
    let place_of = |g: usize| {
        let e = groups[g].members[0].entity;
        (s.entities[e].kind == EntityKind::Place).then_some(s.entities[e].index)
    };
    if let Some(&t) = participants.get(1)
        && s.entities[t].kind == EntityKind::Place
    {
        return Some(PlaceChoice {
            location: s.entities[t].index,
            reason: "target",
        });
    }
    if let Some(loc) = roles.place.and_then(place_of) {
        return Some(PlaceChoice {
            location: loc,
            reason: "preposition",
        });
    }
    let nearest = s
        .entities
        .iter()
        .enumerate()
        .filter(|(i, e)| e.kind == EntityKind::Place && !participants.contains(i))
        .min_by_key(|(_, e)| e.words.start.abs_diff(head));
    if let Some((_, e)) = nearest {
        return Some(PlaceChoice {
            location: e.index,
            reason: "sentence",
        });
    }
    previous.map(|location| PlaceChoice {
        location,
        reason: "context",
    })
}

/// The last place named in a sentence (document location index).
pub fn last_place(s: &Sentence<'_>) -> Option<usize> {
    s.entities
        .iter()
        .rev()
        .find(|e| e.kind == EntityKind::Place)
        .map(|e| e.index)
}
