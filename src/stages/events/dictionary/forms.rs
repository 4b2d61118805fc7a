//! English word forms the dictionary does not spell out: regular verb
//! inflections and noun plurals (PETRARCH generates the same; its documented
//! rules are extended with the usual English spelling rules, since a form
//! that no text shows costs nothing).

/// Regular forms of an English verb (normalised, lower case): the base, 3rd
/// person `-s`, past `-ed`, `-ing`. Spelling rules: final `e` (`-d`,
/// `-ing` without the `e`), consonant + `y` (`-ies`, `-ied`), sibilants
/// (`-es`), and a doubled final consonant after a single short vowel
/// (`stop` → `stopped`), which is offered beside the plain form.
///
/// ```
/// use newsevents::stages::events::dictionary::forms::verb_forms;
/// let f = verb_forms("accuse");
/// assert!(f.contains(&"accused".to_string()) && f.contains(&"accusing".to_string()));
/// assert!(verb_forms("deny").contains(&"denied".to_string()));
/// assert!(verb_forms("ship").contains(&"shipped".to_string()));
/// ```
pub fn verb_forms(base: &str) -> Vec<String> {
    let mut out = vec![base.to_string()];
    if base.is_empty() || !base.is_ascii() {
        return out;
    }
    let b = base.as_bytes();
    let last = b[b.len() - 1];
    let is_vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    let stem = &base[..base.len() - 1];
    if last == b'e' {
        out.push(format!("{base}s"));
        out.push(format!("{base}d"));
        if base.ends_with("ee") || base.ends_with("ye") || base.ends_with("oe") {
            out.push(format!("{base}ing"));
        } else {
            out.push(format!("{stem}ing"));
        }
    } else if last == b'y' && b.len() > 1 && !is_vowel(b[b.len() - 2]) {
        out.push(format!("{stem}ies"));
        out.push(format!("{stem}ied"));
        out.push(format!("{base}ing"));
    } else {
        if base.ends_with('s')
            || base.ends_with("sh")
            || base.ends_with("ch")
            || base.ends_with('x')
            || base.ends_with('z')
            || base.ends_with('o')
        {
            out.push(format!("{base}es"));
        } else {
            out.push(format!("{base}s"));
        }
        out.push(format!("{base}ed"));
        out.push(format!("{base}ing"));
        // CVC ending: stop → stopped, ban → banned.
        if b.len() >= 3
            && !is_vowel(last)
            && !matches!(last, b'w' | b'x' | b'y')
            && is_vowel(b[b.len() - 2])
            && !is_vowel(b[b.len() - 3])
        {
            out.push(format!("{base}{}ed", last as char));
            out.push(format!("{base}{}ing", last as char));
        }
    }
    out
}

/// Regular plural of an English noun (PETRARCH's rule plus `-es` after
/// sibilants): `ties` from `tie`, `militias` from `militia`, `policies`
/// from `policy`, `buses` from `bus`.
pub fn plural(noun: &str) -> String {
    let b = noun.as_bytes();
    if noun.ends_with('y') && b.len() > 1 && !matches!(b[b.len() - 2], b'a' | b'e' | b'o' | b'u') {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if noun.ends_with('s')
        || noun.ends_with("sh")
        || noun.ends_with("ch")
        || noun.ends_with('x')
    {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_verb_forms_follow_spelling_rules() {
        assert_eq!(verb_forms("meet"), ["meet", "meets", "meeted", "meeting"]);
        assert_eq!(
            verb_forms("agree"),
            ["agree", "agrees", "agreed", "agreeing"]
        );
        assert_eq!(
            verb_forms("reach"),
            ["reach", "reaches", "reached", "reaching"]
        );
        assert_eq!(verb_forms("ally"), ["ally", "allies", "allied", "allying"]);
        assert_eq!(
            verb_forms("delay"),
            ["delay", "delays", "delayed", "delaying"]
        );
        assert!(verb_forms("ban").contains(&"banned".to_string()));
        // Non-ASCII (Arabic) words get no English forms.
        assert_eq!(verb_forms("هاجم"), ["هاجم"]);
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("tie"), "ties");
        assert_eq!(plural("policy"), "policies");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("bus"), "buses");
    }
}
