//! What may follow an agent run: a known person ("forces of Haftar",
//! قوات حفتر), who takes the run's role, or the name a title introduces
//! (الرئيس المصري عبد الفتاح السيسي), who takes its role and country.

use crate::article::{Actor, ActorKind, ActorSource, Mention};
use crate::nlp::arabic;
use crate::stages::actors::dictionary::AgentKind;
use crate::stages::actors::evidence::{Found, Item, confidence};

use super::{FieldRuns, Phrase, Run};

impl FieldRuns<'_> {
    /// A known actor right after the run ("forces of Haftar" and "forces
    /// loyal to Haftar" are read like قوات حفتر): a person takes the run's
    /// role (a title run reports its body instead). Returns the token after
    /// what was read, or `None` when no actor follows.
    pub(super) fn person_after(
        &self,
        run: &Run,
        phrase: &Phrase<'_>,
        found: &mut Found,
    ) -> Option<usize> {
        let (tokens, item_at) = (&self.field.tokens, &self.item_at);
        let n = tokens.len();
        let end = run.end;
        let mut after = end;
        if !run.arabic && phrase.iso3.is_none() && after < n && item_at[after].is_none() {
            let word = |k: usize| tokens.get(k).map(|t| t.norm.as_str());
            if word(after) == Some("of") {
                after += 1;
            } else if word(after) == Some("loyal") && word(after + 1) == Some("to") {
                after += 2;
            }
            if !matches!(item_at.get(after), Some(Some((Item::Actor(_), _)))) {
                after = end;
            }
        }
        let next = if after < n && tokens[after].sentence == run.sentence {
            item_at[after]
        } else {
            None
        };
        let Some((Item::Actor(k), actor_end)) = next else {
            return None;
        };
        let (actor, _) = self.hits[k].resolved.expect("resolved hit");
        let e = &self.t.dict.actors[actor as usize];
        if e.kind == ActorKind::Person {
            if phrase.head.kind == AgentKind::Title {
                self.report_body(run, phrase, found);
            } else if phrase.iso3.is_none() {
                // The run's role noun decides the role (قوات → MIL),
                // as before; the head gives the label.
                let mention = self.mention(phrase.span.0, tokens[actor_end - 1].span.end);
                if let Some(role) = phrase.role.clone()
                    && let Some(mut actor) = self.t.agent_of_actor(phrase.head, e, mention)
                {
                    let c = actor.country.clone().unwrap_or_default();
                    actor.code = Some(format!("{c}{role}"));
                    actor.role = Some(role);
                    found.add(actor);
                }
            }
        }
        Some(if after > end { actor_end } else { end })
    }

    /// Rule 3: a person's name right after a complete title run, reported
    /// with the run's role and country. An Arabic title in construct state
    /// (رئيس، مدير، وزير without ال) takes a complement next, not a name
    /// (مدير معهد …), unless the run already holds it (رئيس المخابرات العامة
    /// المصرية …). Returns the token after the name.
    pub(super) fn title_name(
        &self,
        run: &Run,
        phrase: &Phrase<'_>,
        found: &mut Found,
    ) -> Option<usize> {
        let tokens = &self.field.tokens;
        let complete = !run.arabic
            || arabic::is_definite(&tokens[run.agents[0].1].norm)
            || run.agents.len() > 1
            || run.country.is_some();
        if phrase.head.kind != AgentKind::Title || !complete {
            return None;
        }
        let (name_start, name_end) =
            self.t
                .capture_name(self.field, self.view, &self.item_at, run.end, run.arabic)?;
        let first = tokens[name_start].span.start;
        let last = tokens[name_end - 1].span.end;
        let text = self.view.slice(first, last).to_owned();
        let conf = if phrase.iso3.is_some() {
            confidence::TITLE_WITH_COUNTRY
        } else {
            confidence::TITLE
        };
        let code = match (&phrase.iso3, &phrase.role) {
            (Some(c), Some(r)) => Some(format!("{c}{r}")),
            _ => None,
        };
        let norm: Vec<&str> = tokens[name_start..name_end]
            .iter()
            .map(|t| t.norm.as_str())
            .collect();
        found.add(Actor {
            id: format!("ne:person:{}", norm.join("-")),
            name: text.clone(),
            kind: ActorKind::Person,
            code,
            country: phrase.iso3.clone(),
            role: phrase.role.clone(),
            title: Some(phrase.label.clone()),
            date_rule: None,
            confidence: conf,
            source: ActorSource::TitlePattern,
            mentions: vec![Mention {
                field: self.field.field,
                start: first,
                end: last,
                text,
            }],
        });
        self.report_body(run, phrase, found);
        Some(name_end)
    }
}
