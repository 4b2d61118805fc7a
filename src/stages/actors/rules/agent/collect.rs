//! What an agent run collects, token by token: its role nouns, its country
//! (nationality adjective, construct-state country or capital, English "of"
//! or possessive), where it ends; and the phrase it says (head, role,
//! country, label).

use crate::nlp::script::has_arabic;
use crate::stages::actors::evidence::Item;

use super::{FieldRuns, Phrase, Run};

impl<'a> FieldRuns<'a> {
    /// Scans the run starting at `start` (same sentence): agents,
    /// nationalities, a closing country name, and the words allowed
    /// between them.
    ///
    /// Long (≈85 lines): one `match` over the item at the cursor, an arm
    /// per kind of item or allowed word.
    pub(super) fn collect(&self, start: usize) -> Run {
        let (t, field, item_at) = (self.t, self.field, &self.item_at);
        let tokens = &field.tokens;
        let n = tokens.len();
        let sentence = tokens[start].sentence;
        let arabic = has_arabic(&tokens[start].norm);
        let mut agents: Vec<(u32, usize, usize)> = Vec::new();
        let mut country: Option<(u16, usize, usize)> = None;
        let mut first_segment_end: Option<usize> = None;
        let mut j = start;
        while j < n && tokens[j].sentence == sentence {
            match item_at[j] {
                Some((Item::Agent(a), end)) => {
                    agents.push((a, j, end));
                    j = end;
                }
                Some((Item::Nationality(c), end)) => {
                    if country.is_none() {
                        country = Some((c, j, end));
                    }
                    j = end;
                }
                Some((Item::Country(c) | Item::Capital(c), end)) => {
                    let capital = matches!(item_at[j], Some((Item::Capital(_), _)));
                    if j == start {
                        // English possessor or capital before the agent.
                        country = Some((c, j, end));
                        j = end;
                        continue;
                    }
                    if country.is_none()
                        && t.takes_place(field, self.view, &agents, j, end, capital)
                    {
                        country = Some((c, j, end));
                        j = end;
                    }
                    // A country name closes the phrase.
                    break;
                }
                // Words between a possessor and its agent ("Libya's
                // eastern-based forces") or an Arabic direction before a
                // country name (قوات شرق ليبيا).
                None if agents.is_empty()
                    && country.is_some_and(|(_, cs, _)| cs == start)
                    && t.modifier(field, self.view, item_at, j) =>
                {
                    j += 1;
                }
                None if arabic
                    && country.is_none()
                    && agents.last().is_some_and(|&(_, _, e)| e == j)
                    && t.directions.contains(&tokens[j].norm)
                    && matches!(
                        item_at.get(j + 1),
                        Some(Some((Item::Country(_) | Item::Nationality(_), _)))
                    ) =>
                {
                    j += 1;
                }
                None if !arabic && t.connectors.contains(&tokens[j].norm) && !agents.is_empty() => {
                    first_segment_end.get_or_insert(agents.len());
                    j += 1;
                }
                _ => break,
            }
        }
        // Trailing connectors are not part of the run.
        let mut end = j;
        while end > start
            && item_at[end - 1].is_none()
            && t.connectors.contains(&tokens[end - 1].norm)
            && !arabic
        {
            end -= 1;
        }
        Run {
            start,
            arabic,
            sentence,
            agents,
            country,
            first_segment_end,
            stop: j,
            end,
        }
    }

    /// Head (Arabic: the first agent; English: the last of the first
    /// segment), role (the last agent that has one), country and label of a
    /// run with agents.
    pub(super) fn phrase(&self, run: &Run) -> Phrase<'a> {
        let t = self.t;
        let agents = &run.agents;
        let head = if run.arabic {
            agents[0].0
        } else {
            agents[run.first_segment_end.unwrap_or(agents.len()) - 1].0
        };
        let role_agent = agents
            .iter()
            .rev()
            .find(|(a, _, _)| t.dict.agents[*a as usize].role.is_some());
        Phrase {
            head: &t.dict.agents[head as usize],
            role: role_agent.and_then(|(a, _, _)| t.dict.agents[*a as usize].role.clone()),
            iso3: run.country.map(|(c, _, _)| t.countries[c as usize].clone()),
            label: agents
                .iter()
                .map(|(a, _, _)| t.dict.agents[*a as usize].label.as_str())
                .collect::<Vec<_>>()
                .join(" of "),
            span: (
                self.span_start(run.start),
                self.field.tokens[run.end - 1].span.end,
            ),
        }
    }
}
