//! Rule 2b, `role_only`: an English role noun of an institution or a group
//! that no country, person or name qualifies ("the government", "rebels",
//! "government forces", "the police") is an actor of that role with no
//! country: CAMEO writes its code with `---` for the missing country
//! (`---GOV`, `---REB`, `---MIL`), as PETRARCH codes such agents.
//!
//! Only where the noun stands as a noun phrase of its own: after "the" or,
//! for a group, in the plural ("Insurgents shelled ...", "troops"). A run
//! right after a name, a country or a nationality belongs to that name
//! ("Hamas leaders", "Gondor crowds") and is not reported here; titles of
//! one person ("the minister") usually point back at a person named before
//! and are left out.

use crate::nlp::AnalyzedField;
use crate::nlp::script::has_arabic;
use crate::stages::actors::dictionary::{AgentEntry, AgentKind};
use crate::stages::actors::evidence::Item;

/// CAMEO's country part of a code whose country is unknown.
pub(super) const NO_COUNTRY: &str = "---";

/// What the rule makes of a run with a role and no country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RoleOnly {
    /// Not a noun phrase of its own, or owned by a name: nothing.
    Owned,
    /// A role with no country: `---` + role.
    Alone,
    /// "soldiers from Gondor", "activists in Arnor": the country (or
    /// capital) of the prepositional phrase right after the run.
    From(u16),
}

/// Prepositions after a role noun that give its country ("troops from
/// Chad", "police in Cairo").
const ORIGIN: &[&str] = &["from", "in"];

/// Lower-case words looked through, before the run, for a name that owns
/// it ("Arnor former security officials").
const MAX_MODIFIERS_BEFORE: usize = 2;

/// What the run at tokens `start..end` with head `head` is (module doc);
/// `item_at` as in the agent runs.
pub(super) fn classify(
    field: &AnalyzedField,
    item_at: &[Option<(Item, usize)>],
    head: &AgentEntry,
    start: usize,
    end: usize,
) -> RoleOnly {
    let tokens = &field.tokens;
    if head.kind == AgentKind::Title || end <= start || has_arabic(&tokens[start].norm) {
        return RoleOnly::Owned;
    }
    let sentence = tokens[start].sentence;
    let in_sentence = |k: usize| tokens.get(k).is_some_and(|t| t.sentence == sentence);
    if in_sentence(end) && ORIGIN.contains(&tokens[end].norm.as_str()) && in_sentence(end + 1) {
        match item_at[end + 1] {
            Some((Item::Country(c) | Item::Capital(c), _)) => return RoleOnly::From(c),
            Some((Item::Actor(_), _)) => return RoleOnly::Owned,
            _ => {}
        }
    }
    let ends_item = |k: usize| item_at[..k].iter().flatten().any(|&(_, e)| e == k);
    let initial = |k: usize| k == 0 || !in_sentence(k - 1);
    let plural = plural_group(head, &tokens[end - 1].norm);
    if initial(start) {
        // Sentence-initial: a plural group ("Rebels shelled ...").
        return if plural {
            RoleOnly::Alone
        } else {
            RoleOnly::Owned
        };
    }
    // Something named right before owns the role ("Hamas leaders",
    // "Arnor former security officials").
    let mut k = start;
    for _ in 0..=MAX_MODIFIERS_BEFORE {
        if ends_item(k)
            || (!initial(k - 1) && tokens[k - 1].capitalized && tokens[k - 1].norm != "the")
        {
            return RoleOnly::Owned;
        }
        let w = &tokens[k - 1];
        if w.norm == "the" || initial(k - 1) || !w.norm.chars().all(char::is_alphabetic) {
            break;
        }
        k -= 1;
    }
    if tokens[start - 1].norm == "the" || plural {
        RoleOnly::Alone
    } else {
        RoleOnly::Owned
    }
}

/// A group noun in the plural ("rebels", "troops", "forces").
fn plural_group(head: &AgentEntry, last: &str) -> bool {
    head.kind == AgentKind::Group && last.ends_with('s') && !last.ends_with("ss")
}

#[cfg(test)]
mod tests {
    use crate::stages::actors::testutil::*;

    fn code_of(text: &str, surface: &str) -> Option<String> {
        tag(text, "2019-04-14")
            .iter()
            .find(|a| a.mentions.iter().any(|m| m.text == surface))
            .and_then(|a| a.code.clone())
    }

    #[test]
    fn a_role_with_no_country_is_coded_with_dashes() {
        let cases = [
            (
                "The government thanked the donors on Monday.",
                "government",
                "---GOV",
            ),
            (
                "Rebels shelled the northern suburbs overnight.",
                "Rebels",
                "---REB",
            ),
            (
                "He said government forces fired on the crowd.",
                "government forces",
                "---MIL",
            ),
            (
                "The police detained two men near the port.",
                "police",
                "---COP",
            ),
            (
                "Witnesses said troops entered the village.",
                "troops",
                "---MIL",
            ),
        ];
        for (text, surface, code) in cases {
            assert_eq!(code_of(text, surface).as_deref(), Some(code), "{text}");
        }
        // A country after "from" or "in" is the role's country.
        let cases = [
            (
                "Soldiers from Sudan guarded the road.",
                "Soldiers from Sudan",
                "SDNMIL",
            ),
            (
                "Activists in Egypt called for a strike.",
                "Activists in Egypt",
                "EGYOPP",
            ),
        ];
        for (text, surface, code) in cases {
            assert_eq!(code_of(text, surface).as_deref(), Some(code), "{text}");
        }
    }

    #[test]
    fn a_role_owned_by_a_name_or_titled_person_is_not_role_only() {
        // A nationality gives the country as before.
        assert_eq!(
            code_of("The Syrian army advanced.", "Syrian army").as_deref(),
            Some("SYRMIL")
        );
        // Titles of one person are left out, and so is a role after an
        // unknown capitalized name or a singular group noun without "the".
        assert_eq!(code_of("The minister spoke on Monday.", "minister"), None);
        assert_eq!(code_of("He said Zorvian rebels fled.", "rebels"), None);
        assert_eq!(code_of("A soldier was hurt.", "soldier"), None);
        assert_eq!(
            code_of("They said Egypt former police officers left.", "police"),
            None
        );
        // Arabic is not read by this rule.
        assert!(
            tag("قالت الحكومة إن الاجتماع انتهى", "2019-04-14")
                .iter()
                .all(|a| a.code.as_deref() != Some("---GOV"))
        );
    }
}
