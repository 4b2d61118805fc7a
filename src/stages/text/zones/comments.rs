//! The comment section (decision 1 of [`super`]): rule `comment_header`
//! (a `header` line such as `انضم/ي إلى المناقشة`, `التعليقات (3)`, `Join
//! the discussion`; the rule code is the section's name) or, without a
//! header, rule `comment_block` (two comment blocks: a short author line,
//! then a relative-`time` line such as `منذ 7 ساعات…`, `3 hours ago`,
//! `il y a 2 jours`). Everything from the start to the end of the body is
//! comments. The phrases are the project's own (`data/zones/SOURCE.md`).

use super::ZoneRules;
use super::lines::LineClass;
use crate::nlp::tokenize::Tokenized;

/// Most words an author line of a comment block may have.
pub const AUTHOR_MAX_WORDS: usize = 6;
/// Most lines between two comment blocks for them to count as a section.
pub const COMMENT_BLOCK_GAP: usize = 8;

impl ZoneRules {
    /// Where the comment section starts, as (line index, rule code), or
    /// `None`; `classes` are the body's line classes, `t` its tokenisation.
    pub(super) fn comment_section(
        &self,
        classes: &[LineClass],
        t: &Tokenized,
    ) -> Option<(usize, String)> {
        let lines = &t.lines;
        let mut blocks = Vec::new();
        for (k, c) in classes.iter().enumerate() {
            if *c == LineClass::Time && k > 0 {
                let author = &lines[k - 1];
                if author.end - author.first <= AUTHOR_MAX_WORDS
                    && classes[k - 1] != LineClass::Blank
                {
                    blocks.push(k - 1);
                }
            }
        }
        let structural = blocks
            .windows(2)
            .find(|w| w[1] - w[0] <= COMMENT_BLOCK_GAP)
            .map(|w| w[0]);
        // A header starts the section only below some article text, and
        // only if comments follow it (a block within a few lines) or less
        // text follows it than precedes it: a comment count printed under
        // the headline ("12 تعليق") must not swallow the article.
        let header = classes.iter().enumerate().position(|(h, c)| {
            matches!(c, LineClass::Header(_)) && {
                let line = &lines[h];
                let before = line.first;
                let after = t.tokens.len() - line.end;
                before > 0
                    && (after < before
                        || blocks.iter().any(|&b| b > h && b - h <= COMMENT_BLOCK_GAP))
            }
        });
        match (header, structural) {
            (Some(h), Some(s)) if s < h => Some((s, "comment_block".to_string())),
            (Some(h), _) => {
                let LineClass::Header(r) = classes[h] else {
                    unreachable!()
                };
                Some((h, self.rules[r].code.clone()))
            }
            (None, Some(s)) => Some((s, "comment_block".to_string())),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::article::{CharSpan, ZoneKind};
    use crate::stages::text::testutil::char_pos;
    use crate::stages::text::zones::ZoneRules;
    use crate::stages::text::zones::testutil::{ARTICLE_AR, ARTICLE_EN, split, zones};

    #[test]
    fn arabic_comment_header_starts_comments_to_the_end() {
        let body = format!(
            "{ARTICLE_AR}\nانضم/ي إلى المناقشة\nkarim nabil -\nمنذ 7 ساعاتمقال رائع عن مصر"
        );
        let z = split(&ZoneRules::default(), &body);
        assert_eq!(zones(&z), [(ZoneKind::Comments, "comment_header")]);
        assert_eq!(z.excluded[0].start, char_pos(&body, "انضم"));
        assert_eq!(z.excluded[0].end, body.chars().count());
        assert_eq!(z.article, [CharSpan::new(0, char_pos(&body, "انضم"))]);
    }

    #[test]
    fn header_with_count_and_english_header() {
        for header in [
            "التعليقات (12)",
            "12 تعليق",
            "Comments (3)",
            "Leave a comment",
            "Laisser un commentaire",
        ] {
            let body = format!("{ARTICLE_EN}\n{header}\nnice");
            let z = split(&ZoneRules::default(), &body);
            assert_eq!(z.excluded.len(), 1, "{header}");
            assert_eq!(z.excluded[0].kind, ZoneKind::Comments, "{header}");
            assert_eq!(z.excluded[0].start, char_pos(&body, header));
        }
    }

    #[test]
    fn header_phrase_inside_a_sentence_is_article() {
        let body = format!("{ARTICLE_AR}\nوقال إن التعليقات على القرار كانت كثيرة.");
        assert!(split(&ZoneRules::default(), &body).excluded.is_empty());
        // A comment count under the headline does not swallow the article.
        for top in ["12 تعليق", "Comments (4)"] {
            let body = format!("حفتر في القاهرة\n{top}\n{ARTICLE_AR}\n{ARTICLE_AR}");
            assert!(
                split(&ZoneRules::default(), &body).excluded.is_empty(),
                "{top}"
            );
        }
    }

    #[test]
    fn comment_blocks_without_header_arabic_and_english() {
        let ar = format!("{ARTICLE_AR}\nسمير -\nمنذ يومرائع\nلينا -\nمنذ 3 أيام مقال ممتاز");
        let z = split(&ZoneRules::default(), &ar);
        assert_eq!(zones(&z), [(ZoneKind::Comments, "comment_block")]);
        assert_eq!(z.excluded[0].start, char_pos(&ar, "سمير"));

        let en =
            format!("{ARTICLE_EN}\nJohn D.\n3 hours ago great piece\nMary\nan hour ago Agreed.");
        let z = split(&ZoneRules::default(), &en);
        assert_eq!(zones(&z), [(ZoneKind::Comments, "comment_block")]);
        assert_eq!(z.excluded[0].start, char_pos(&en, "John"));
    }

    #[test]
    fn one_relative_time_line_in_an_article_is_not_a_comment_section() {
        let body = format!("الوضع الميداني\nمنذ يومين تشهد طرابلس اشتباكات عنيفة.\n{ARTICLE_AR}");
        assert!(split(&ZoneRules::default(), &body).excluded.is_empty());
    }
}
