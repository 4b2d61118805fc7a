//! English name shapes: capitalised runs that are persons (a given name,
//! an initial, an honorific or role word before, a surname before or after a
//! verb of saying) or organisations (a head word such as Ministry, Party,
//! University).

use crate::article::ActorKind;
use crate::nlp::script::is_latin_word;
use crate::stages::actors::evidence::confidence;

use super::{Found, NameFinder, Scan};

impl NameFinder {
    pub(super) fn english(&self, scan: &Scan<'_>, out: &mut Vec<Found>) {
        let toks = &scan.field.tokens;
        let n = toks.len();
        let cap = |i: usize| {
            scan.free(i) && toks[i].capitalized && is_latin_word(&toks[i].norm) && !scan.shouting(i)
        };
        let mut i = 0;
        while i < n {
            if !cap(i) {
                i += 1;
                continue;
            }
            // The run of capitalised words (and inner particles).
            let mut j = i + 1;
            while j < n {
                let prev = j - 1;
                let sep = scan.gap(prev);
                // "Young & Rubicam", and a possessive before an organisation
                // head ("Transport Worker's Union").
                let inner = sep.trim();
                let joined = toks[prev].sentence == toks[j].sentence
                    && (inner.is_empty()
                        || sep == "-"
                        || (inner == "." && toks[prev].norm.chars().count() == 1)
                        || (inner == "&" && cap(j))
                        || (matches!(inner, "'s" | "\u{2019}s")
                            && cap(j)
                            && self.en_org_heads.contains_key(toks[j].norm.as_str())));
                if !joined {
                    break;
                }
                if cap(j) {
                    j += 1;
                } else if scan.free(j)
                    && self.en_particles.contains(&toks[j].norm)
                    && cap(j + 1)
                    && {
                        let s = scan.gap(j);
                        s.chars().all(char::is_whitespace) || s == "-"
                    }
                {
                    j += 2;
                } else {
                    break;
                }
            }
            self.english_run(scan, i, j, out);
            i = j;
        }
    }

    /// Classifies the capitalised run `a..b` (module doc).
    ///
    /// Long (≈90 lines): the person tests (given name, initial, honorific,
    /// surname next to a verb of saying) are tried in order on one run.
    pub(super) fn english_run(
        &self,
        scan: &Scan<'_>,
        mut a: usize,
        b: usize,
        out: &mut Vec<Found>,
    ) {
        let toks = &scan.field.tokens;
        let norm = |k: usize| toks[k].norm.as_str();
        // Leading function words.
        while a < b && self.en_stop.contains(norm(a)) {
            a += 1;
        }
        if a >= b {
            return;
        }
        // Organisation: a head word in the run.
        if let Some(h) = (a..b)
            .rev()
            .find(|&k| self.en_org_heads.contains_key(norm(k)))
        {
            self.english_org(scan, a, b, h, out);
            return;
        }
        // Titles and honorifics: "Foreign Minister", "Mr".
        let mut cue = false;
        let mut k = a;
        while k < b
            && (self.en_honorifics.contains(norm(k)) || self.en_title_words.contains(norm(k)))
        {
            cue |= self.en_honorifics.contains(norm(k));
            k += 1;
        }
        if cue {
            a = k;
        }
        if a >= b || self.en_not_person.contains(norm(a)) {
            return;
        }
        if a > 0 && !cue {
            let before = a - 1;
            cue = scan.joined(before, a)
                && (self.en_role_cues.contains(norm(before))
                    || self.en_honorifics.contains(norm(before)));
        }
        let len = b - a;
        let initial = toks[a].norm.chars().count() == 1 && len >= 2;
        let given = self.names.latin_given.contains(norm(a));
        let say_after = b < toks.len() && scan.joined(b - 1, b) && self.en_say.contains(norm(b));
        let say_before = a > 0 && scan.joined(a - 1, a) && self.en_say.contains(norm(a - 1));
        let surname = self.names.en_surnames.contains(norm(b - 1));
        // Single letters are initials only before a name.
        if toks[b - 1].norm.chars().count() == 1 {
            return;
        }
        let person = if cue {
            len <= 3
        } else if (given || initial) && (2..=4).contains(&len) {
            true
        } else {
            surname && (say_after || say_before) && len <= 3
        };
        if !person {
            return;
        }
        let words: Vec<String> = (a..b).map(|k| toks[k].norm.clone()).collect();
        if self.names.en_places.contains(&words.join(" ")) {
            return;
        }
        let conf = if cue {
            confidence::WITH_CUE
        } else {
            confidence::SHAPE
        };
        out.push(Found {
            field: scan.fi,
            first: a,
            end: b,
            start: toks[a].span.start,
            stop: toks[b - 1].span.end,
            kind: ActorKind::Person,
            country: None,
            role: None,
            confidence: conf,
            words,
        });
    }

    pub(super) fn english_org(
        &self,
        scan: &Scan<'_>,
        a: usize,
        b: usize,
        head: usize,
        out: &mut Vec<Found>,
    ) {
        let toks = &scan.field.tokens;
        let n = toks.len();
        let mut end = b;
        // "Bank of England", "Ministry of the Interior".
        if head == b - 1 && b + 1 < n && toks[b].norm == "of" && scan.joined(b - 1, b) {
            let mut k = b + 1;
            if k < n && toks[k].norm == "the" && scan.joined(b, k) {
                k += 1;
            }
            let from = k;
            while k < n
                && scan.free(k)
                && toks[k].capitalized
                && !scan.shouting(k)
                && scan.joined(k - 1, k)
                && is_latin_word(&toks[k].norm)
            {
                k += 1;
            }
            if k > from {
                end = k;
            }
        }
        // A head word alone is not a name.
        if end - a < 2 {
            return;
        }
        let mut country = None;
        for k in a..end {
            if let Some((e, c)) = scan.nat[k]
                && e <= end
            {
                country = Some(self.countries.nationality_codes()[c as usize].clone());
                break;
            }
        }
        let role = self.en_org_heads[toks[head].norm.as_str()];
        let kind = match role {
            "MED" => ActorKind::Media,
            "PTY" => ActorKind::Party,
            _ => ActorKind::Organization,
        };
        out.push(Found {
            field: scan.fi,
            first: a,
            end,
            start: toks[a].span.start,
            stop: toks[end - 1].span.end,
            kind,
            country,
            role: (!role.is_empty()).then(|| role.to_owned()),
            confidence: confidence::SHAPE,
            words: (a..end).map(|k| toks[k].norm.clone()).collect(),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::stages::actors::testutil::*;

    #[test]
    fn english_persons() {
        for (text, name) in [
            ("John Whitaker met the minister.", "John Whitaker"),
            ("The report by J. Whitaker was late.", "J. Whitaker"),
            ("Talks failed, said Ahmed Qureshi.", "Ahmed Qureshi"),
            ("Mr Pemberton declined to comment.", "Pemberton"),
            ("United coach Ole Solskjaer smiled.", "Ole Solskjaer"),
            ("Gonzalez said the vote was fair.", "Gonzalez"),
            ("Abdel Fattah el-Masri arrived.", "Abdel Fattah el-Masri"),
        ] {
            assert_eq!(names(text), vec![person(&[name])], "{text}");
        }
        // Possessive: the 's is not part of the name.
        assert_eq!(
            names("Mary Whitaker's book sold well."),
            vec![person(&["Mary Whitaker"])]
        );
    }

    #[test]
    fn english_capitals_that_are_not_persons() {
        for text in [
            "JOHN WHITAKER WINS TITLE",
            "The Market Rallied On Monday.",
            "Hong Kong shares fell.",
            "But Whitaker was not there.",
            "Paris said nothing.",
        ] {
            assert!(
                names(text).iter().all(|(k, _)| k != "person"),
                "{text}: {:?}",
                names(text)
            );
        }
    }

    #[test]
    fn english_organisations() {
        for (text, name, kind) in [
            (
                "He works for the Bank of Lusaka now.",
                "Bank of Lusaka",
                "organization",
            ),
            (
                "Shares of Pemberton Holdings rose.",
                "Pemberton Holdings",
                "organization",
            ),
            ("The Green Valley Party won.", "Green Valley Party", "party"),
            ("He spoke to the Lusaka Times.", "Lusaka Times", "media"),
        ] {
            assert_eq!(
                names(text),
                vec![(kind.to_owned(), vec![name.to_owned()])],
                "{text}"
            );
        }
        // "&" and a possessive before the head stay inside the name.
        assert_eq!(
            names("He joined the Garment & Textile Worker's Union."),
            vec![(
                "organization".to_owned(),
                vec!["Garment & Textile Worker's Union".to_owned()]
            )]
        );
        // A head word alone is not a name.
        assert!(names("The Ministry said so.").is_empty());
        let actors = tag_undated("The Egyptian Tourism Ministry said so.");
        let m = actors
            .iter()
            .find(|a| a.mentions[0].text.contains("Tourism Ministry"))
            .expect("the ministry");
        assert_eq!(m.code.as_deref(), Some("EGYGOV"), "{actors:?}");
    }
}
