//! Evidence shared by the four rules: the confidence table, the items a
//! token may start ([`Item`]), dictionary name hits ([`NameHit`]), and
//! [`Found`], which merges what the rules find by actor id.

use crate::article::{Actor, ActorKind, FieldText, Mention};
use crate::nlp::{AnalyzedField, FastMap};

use super::dictionary::AgentKind;

/// Confidence of each kind of evidence, 0..=1, strongest first: ONE table
/// for the four rules. Ordered by how often each rule was right on the
/// sample and our unit cases; not calibrated yet.
pub(super) mod confidence {
    pub const FULL_NAME: f64 = 0.95;
    pub const SHORT_COREFERENT: f64 = 0.9;
    pub const SHORT_UNIQUE: f64 = 0.8;
    pub const SHORT_BY_DATE: f64 = 0.7;
    pub const AGENT: f64 = 0.7;
    pub const AGENT_OF_ACTOR: f64 = 0.65;
    pub const TITLE_WITH_COUNTRY: f64 = 0.6;
    pub const TITLE: f64 = 0.5;
    /// Name pattern after a cue word (a verb of saying, a role word).
    pub const WITH_CUE: f64 = 0.45;
    /// Name pattern: a name recognised by its shape alone, below every
    /// title pattern.
    pub const SHAPE: f64 = 0.4;
    /// Name pattern: a lone surname joined to a longer name.
    pub const SURNAME: f64 = 0.35;
}

/// An item a token may start: a resolved-later actor name, an agent phrase,
/// a nationality adjective.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Item {
    /// Index into the field's actor mentions.
    Actor(usize),
    /// Agent entry index.
    Agent(u32),
    /// Country index.
    Nationality(u16),
    /// Country index, from the country's name (مصر، Egypt).
    Country(u16),
    /// Country index, from its capital standing for the government.
    Capital(u16),
}

/// A dictionary name found in a field, before and after resolution.
pub(super) struct NameHit {
    pub(super) field: usize,
    pub(super) start_token: usize,
    pub(super) end_token: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) candidates: Vec<u32>,
    pub(super) short: bool,
    pub(super) resolved: Option<(u32, f64)>,
}

/// Collects actors by id, merging mentions.
#[derive(Default)]
pub(super) struct Found {
    pub(super) actors: Vec<Actor>,
    by_id: FastMap<String, usize>,
}

impl Found {
    /// Adds `actor`, or merges its mentions and confidence into the actor
    /// of the same id.
    pub(super) fn add(&mut self, actor: Actor) {
        match self.by_id.get(&actor.id) {
            Some(&i) => {
                let a = &mut self.actors[i];
                a.confidence = a.confidence.max(actor.confidence);
                for m in actor.mentions {
                    if !a.mentions.contains(&m) {
                        a.mentions.push(m);
                    }
                }
            }
            None => {
                self.by_id.insert(actor.id.clone(), self.actors.len());
                self.actors.push(actor);
            }
        }
    }

    /// The actors in text order, mentions sorted.
    pub(super) fn finish(mut self) -> Vec<Actor> {
        for a in &mut self.actors {
            a.mentions.sort_by_key(|m| (m.field, m.start));
        }
        self.actors
            .sort_by_key(|a| a.mentions.first().map(|m| (m.field, m.start)));
        self.actors
    }
}

/// The mention of chars `start..end` of field `fi`.
pub(super) fn mention(
    fields: &[AnalyzedField],
    views: &[FieldText<'_>],
    fi: usize,
    start: usize,
    end: usize,
) -> Mention {
    Mention {
        field: fields[fi].field,
        start,
        end,
        text: views[fi].slice(start, end).to_owned(),
    }
}

/// The actor kind an agent's kind gives.
pub(super) fn kind_of(kind: AgentKind) -> ActorKind {
    match kind {
        AgentKind::Title => ActorKind::Person,
        AgentKind::Body => ActorKind::Organization,
        AgentKind::Group => ActorKind::Group,
    }
}
