//! Conventions shared by the PETRARCH dictionary files (actors, agents,
//! verbs; PETRARCH2 and UniversalPetrarch format, MIT): `<!-- -->` comment
//! blocks, which may span lines. Each reader then cuts its own end-of-line
//! comment (`#`, `;`, or either outside brackets in verb patterns).

/// `line` without its `<!-- -->` blocks. `in_block` carries an open block
/// from one line to the next (set when a `<!--` is not closed on this line,
/// cleared by the `-->` that closes it). Returns the text outside blocks.
pub fn strip_block_comments(line: &str, in_block: &mut bool) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        if *in_block {
            match rest.find("-->") {
                Some(i) => {
                    *in_block = false;
                    rest = &rest[i + 3..];
                }
                None => return out,
            }
        }
        match rest.find("<!--") {
            Some(i) => {
                out.push_str(&rest[..i]);
                *in_block = true;
                rest = &rest[i + 4..];
            }
            None => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_removed_within_and_across_lines() {
        let mut open = false;
        assert_eq!(
            strip_block_comments("ABC <!-- x --> DEF", &mut open),
            "ABC  DEF"
        );
        assert!(!open);
        assert_eq!(strip_block_comments("GHI <!-- starts", &mut open), "GHI ");
        assert!(open);
        assert_eq!(strip_block_comments("still inside", &mut open), "");
        assert!(open);
        assert_eq!(strip_block_comments("ends --> JKL", &mut open), " JKL");
        assert!(!open);
    }
}
