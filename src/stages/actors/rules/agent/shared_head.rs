//! Rule 2d, `shared_head`: two English nationalities (or a country used as
//! one) joined by "and" before one role noun share it: in "US and British
//! activists" and "Egyptian and Jordanian leaders" the first nationality
//! takes the role of the noun after the second (`USAOPP`, `EGYGOV`), as
//! PETRARCH composes each member of a compound with the shared head. The
//! second is rule 2's run as before.

use crate::nlp::AnalyzedField;
use crate::nlp::script::has_arabic;
use crate::stages::actors::evidence::Item;

/// The agent shared with the nationality (or country) at tokens
/// `start..end`: `Some(agent)` when "and", a nationality and an agent
/// follow in the same sentence (module doc).
pub(super) fn shared_agent(
    field: &AnalyzedField,
    item_at: &[Option<(Item, usize)>],
    start: usize,
    end: usize,
) -> Option<u32> {
    let tokens = &field.tokens;
    let sentence = tokens[start].sentence;
    if has_arabic(&tokens[start].norm)
        || tokens.get(end)?.norm != "and"
        || tokens.get(end + 1)?.sentence != sentence
    {
        return None;
    }
    let Some((Item::Nationality(_), second_end)) = item_at[end + 1] else {
        return None;
    };
    match item_at.get(second_end).copied().flatten() {
        Some((Item::Agent(a), _)) if tokens[second_end].sentence == sentence => Some(a),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::stages::actors::testutil::*;

    #[test]
    fn two_nationalities_share_the_role_noun_after_them() {
        let actors = tag("Egyptian and Libyan officials met in Cairo.", "2019-04-14");
        let codes: Vec<_> = actors.iter().filter_map(|a| a.code.as_deref()).collect();
        assert!(codes.contains(&"EGYGOV"), "{codes:?}");
        assert!(codes.contains(&"LBYGOV"), "{codes:?}");
        let actors = tag("Turkish and Syrian troops clashed.", "2019-04-14");
        let codes: Vec<_> = actors.iter().filter_map(|a| a.code.as_deref()).collect();
        assert!(
            codes.contains(&"TURMIL") && codes.contains(&"SYRMIL"),
            "{codes:?}"
        );
        // Without a role noun after the second, nothing is shared.
        let actors = tag("Egyptian and Libyan farmers met.", "2019-04-14");
        assert!(
            actors.iter().all(|a| a.code.as_deref() != Some("EGYGOV")),
            "{actors:?}"
        );
    }
}
