//! The context of an agent run that gives its country: an English
//! possessor ("Egypt's president", "Haftar's forces", "the Tripoli
//! government") with the modifiers allowed before the agent ("Libya's
//! eastern-based forces"), and a country name or capital inside a run in
//! Arabic construct state (وزير خارجية مصر، حكومة طرابلس) or after English
//! "of".

use crate::article::FieldText;
use crate::nlp::AnalyzedField;
use crate::nlp::arabic;
use crate::nlp::script::has_arabic;
use crate::stages::actors::dictionary::AgentKind;
use crate::stages::actors::evidence::Item;
use crate::stages::actors::tables::ActorTables;

impl ActorTables {
    /// True when the English token `t` ends in a possessive `'s` (the
    /// tokenizer leaves it out of the token: `Egypt's` → `Egypt`).
    pub(in crate::stages::actors) fn possessive(
        field: &AnalyzedField,
        view: &FieldText<'_>,
        t: usize,
    ) -> bool {
        let end = field.tokens[t].span.end;
        matches!(view.slice(end, end + 2), "'s" | "’s")
    }

    /// A lower-case word between a possessor and its agent ("eastern",
    /// "based" in "Libya's eastern-based forces").
    pub(in crate::stages::actors) fn modifier(
        &self,
        field: &AnalyzedField,
        view: &FieldText<'_>,
        item_at: &[Option<(Item, usize)>],
        j: usize,
    ) -> bool {
        let Some(t) = field.tokens.get(j) else {
            return false;
        };
        let gap = view.slice(field.tokens[j - 1].span.end, t.span.start);
        let gap = ["'s", "’s"]
            .iter()
            .find_map(|p| gap.strip_prefix(p))
            .unwrap_or(gap);
        item_at[j].is_none()
            && !has_arabic(&t.norm)
            && !t.capitalized
            && t.norm.chars().all(char::is_alphabetic)
            && !self.connectors.contains(&t.norm)
            && !self.not_names.contains(&t.norm)
            && gap.chars().all(|c| c.is_whitespace() || c == '-')
    }

    /// The token where an agent starts after an English possessor at
    /// `start..end` (a country or a person with `'s`, or a capital with or
    /// without it), skipping up to two modifiers; capitals and persons
    /// take only bodies and groups ("the Tripoli government", "Haftar's
    /// forces").
    pub(super) fn agent_after_possessor(
        &self,
        field: &AnalyzedField,
        view: &FieldText<'_>,
        item_at: &[Option<(Item, usize)>],
        start: usize,
        end: usize,
    ) -> Option<usize> {
        let person = matches!(item_at[start], Some((Item::Actor(_), _)));
        let capital = matches!(item_at[start], Some((Item::Capital(_), _)));
        if !capital && !Self::possessive(field, view, end - 1) {
            return None;
        }
        let sentence = field.tokens[start].sentence;
        let mut j = end;
        while j < field.tokens.len() && j - end <= 2 && field.tokens[j].sentence == sentence {
            if let Some((Item::Agent(a), _)) = item_at[j] {
                let kind = self.dict.agents[a as usize].kind;
                let ok = !(person || capital) || kind != AgentKind::Title;
                return ok.then_some(j);
            }
            // A capital takes no adjective but "-based" ("the Tripoli-based
            // government"; "London under police …" is no phrase).
            let capital_ok = !capital || field.tokens[j].norm == "based";
            if j - end == 2 || !capital_ok || !self.modifier(field, view, item_at, j) {
                return None;
            }
            j += 1;
        }
        None
    }

    /// Whether a country name or capital at `j..end`, inside a run, gives
    /// the run's country: in Arabic right after an agent in construct state
    /// (or after a direction word), in English after "of" (not before a
    /// possessive: "the president of Egypt's parliament"). Capitals only
    /// follow Arabic bodies and groups (حكومة طرابلس).
    pub(super) fn takes_place(
        &self,
        field: &AnalyzedField,
        view: &FieldText<'_>,
        agents: &[(u32, usize, usize)],
        j: usize,
        end: usize,
        capital: bool,
    ) -> bool {
        let tokens = &field.tokens;
        let Some(&(last, _, last_end)) = agents.last() else {
            return false;
        };
        let agent = &self.dict.agents[last as usize];
        if has_arabic(&tokens[j].norm) {
            // Only spaces between: وزير: مصر is two phrases.
            let spaces = |a: usize, b: usize| {
                view.slice(tokens[a].span.end, tokens[b].span.start)
                    .chars()
                    .all(char::is_whitespace)
            };
            let gap_ok = (last_end == j && spaces(j - 1, j))
                || (last_end + 1 == j
                    && self.directions.contains(&tokens[last_end].norm)
                    && spaces(last_end - 1, last_end)
                    && spaces(last_end, j));
            gap_ok
                && !arabic::is_definite(&tokens[last_end - 1].norm)
                && (!capital || agent.kind != AgentKind::Title)
        } else {
            let between = &tokens[last_end..j];
            !capital
                && !between.is_empty()
                && between.iter().all(|t| self.connectors.contains(&t.norm))
                && between
                    .iter()
                    .any(|t| matches!(t.norm.as_str(), "of" | "de" | "du" | "des"))
                && !Self::possessive(field, view, end - 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::stages::actors::testutil::*;

    #[test]
    fn english_possessive_and_of_phrases_give_the_country() {
        let cases = [
            (
                "Egypt's president met envoys.",
                "Egypt's president",
                "EGYGOV",
            ),
            (
                "Libya's eastern-based forces advanced.",
                "Libya's eastern-based forces",
                "LBYMIL",
            ),
            (
                "Iraq’s prime minister resigned.",
                "Iraq’s prime minister",
                "IRQGOV",
            ),
            ("Syria's army shelled the town.", "Syria's army", "SYRMIL"),
            (
                "The president of Egypt met envoys.",
                "president of Egypt",
                "EGYGOV",
            ),
            ("The army of Sudan withdrew.", "army of Sudan", "SDNMIL"),
            (
                "The Tripoli government rejected it.",
                "Tripoli government",
                "LBYGOV",
            ),
            (
                "The Tripoli-based government rejected it.",
                "Tripoli-based government",
                "LBYGOV",
            ),
        ];
        for (text, surface, code) in cases {
            let actors = tag(text, "2019-04-14");
            let a = find(&actors, surface);
            assert_eq!(
                (a.code.as_deref(), a.source),
                (Some(code), ActorSource::Agent),
                "{text}"
            );
        }
        // A possessor without an agent, or a lower-case word, is nothing.
        assert!(tag("Egypt's economy grew.", "2019-04-14").is_empty());
        assert!(tag("They ate turkey's army rations.", "2019-04-14").is_empty());
        // The country before a possessive belongs to the next agent.
        let actors = tag("The president of Egypt's parliament spoke.", "2019-04-14");
        assert!(
            actors.iter().all(|a| a.code.as_deref() != Some("EGYGOV")),
            "{:?}",
            summary(&actors)
        );
        // A capital takes no modifier but "-based".
        assert!(tag("They left Tripoli under police escort.", "2019-04-14").is_empty());
        // A capital does not make a title: "Cairo's president" is not Egypt's.
        assert!(tag("Cairo's president spoke.", "2019-04-14").is_empty());
    }

    #[test]
    fn forces_of_or_loyal_to_a_known_person_and_possessive() {
        for (text, surface) in [
            (
                "Forces loyal to Khalifa Haftar attacked Tripoli.",
                "Forces loyal to Khalifa Haftar",
            ),
            (
                "The forces of Khalifa Haftar attacked Tripoli.",
                "forces of Khalifa Haftar",
            ),
            (
                "Khalifa Haftar's forces attacked Tripoli.",
                "Khalifa Haftar's forces",
            ),
        ] {
            let actors = tag(text, "2019-04-14");
            let a = find(&actors, surface);
            assert_eq!(
                (a.code.as_deref(), a.name.as_str()),
                (Some("LBYMIL"), "forces of Khalifa Haftar"),
                "{text}"
            );
            // Haftar is still reported himself.
            assert_eq!(
                find(&actors, "Khalifa Haftar").source,
                ActorSource::Dictionary
            );
        }
    }

    #[test]
    fn arabic_agents_with_a_country_name_in_construct_state() {
        let cases = [
            ("قالت قوات شرق ليبيا إنها تقدمت", "قوات شرق ليبيا", "LBYMIL"),
            ("وصل وزير خارجية مصر إلى عمان", "وزير خارجية مصر", "EGYGOV"),
            (
                "أعلن رئيس وزراء العراق استقالته",
                "رئيس وزراء العراق",
                "IRQGOV",
            ),
            ("انسحب جيش السودان من المدينة", "جيش السودان", "SDNMIL"),
            ("رفضت حكومة طرابلس القرار", "حكومة طرابلس", "LBYGOV"),
        ];
        for (text, surface, code) in cases {
            let actors = tag(text, "2019-04-14");
            let a = find(&actors, surface);
            assert_eq!(
                (a.code.as_deref(), a.source),
                (Some(code), ActorSource::Agent),
                "{text}"
            );
        }
        // Proclitics stay outside the mention; offsets are chars.
        let text = "ونددت وبحكومة طرابلس بالهجوم";
        let actors = tag(text, "2019-04-14");
        let a = find(&actors, "حكومة طرابلس");
        let m = &a.mentions[0];
        assert_eq!((a.code.as_deref(), m.start, m.end), (Some("LBYGOV"), 8, 20));
        assert_eq!(
            text.chars()
                .skip(m.start)
                .take(m.end - m.start)
                .collect::<String>(),
            "حكومة طرابلس"
        );
        // A definite agent is not in construct state: الرئيس مصر is no phrase.
        let actors = tag("زار الرئيس مصر أمس", "2019-04-14");
        assert!(actors.is_empty(), "{:?}", summary(&actors));
        // Punctuation or a preposition breaks the construct state.
        for text in ["قال وزير: مصر ترفض", "لا بد من رئيس للعراق"] {
            let actors = tag(text, "2019-04-14");
            assert!(actors.is_empty(), "{text}: {:?}", summary(&actors));
        }
        // The adjective reading of السعودية still composes after a definite agent.
        let actors = tag("قالت الحكومة السعودية إن", "2019-04-14");
        assert_eq!(
            find(&actors, "الحكومة السعودية").code.as_deref(),
            Some("SAUGOV")
        );
        // A direction after a complete phrase is not part of it
        // (العسكريين الأمريكيين غربي العراق: "west of Iraq").
        let actors = tag("قتل العسكريين الأمريكيين غربي العراق", "2019-04-14");
        let a = find(&actors, "العسكريين الأمريكيين");
        assert_eq!(a.code.as_deref(), Some("USAMIL"));
        // A capital does not follow a title (رئيس طرابلس is no government).
        assert!(tag("قال رئيس طرابلس إن", "2019-04-14").is_empty());
    }
}
