//! Rule 3, `title_pattern`: after a run whose head is a title, a name not
//! in the dictionary (2–3 Arabic tokens that are not function words,
//! articles, adjectives or known words; 2–3 capitalised Latin tokens) is a
//! person with the run's role and country. An Arabic prepositional
//! complement between title and name is skipped and gives no country
//! (الباحث في الشأن الليبي محمد حسن عامر is not Libyan by that phrase).
//! A name so caught is often repeated without its title
//! ([`ActorTables::repeat_title_names`]).

use crate::article::{ActorSource, FieldText};
use crate::nlp::arabic::{CONJUNCTIONS, is_sound_feminine_plural};
use crate::nlp::script::is_arabic_word;
use crate::nlp::{AnalyzedField, normalize};

use super::super::evidence::{Found, Item, mention};
use super::super::tables::ActorTables;

impl ActorTables {
    /// A name first caught after a title is often repeated without it: adds
    /// every other occurrence of the same token sequence (proclitics allowed
    /// on the first token) as a mention of the same person.
    pub(in super::super) fn repeat_title_names(
        &self,
        fields: &[AnalyzedField],
        views: &[FieldText<'_>],
        found: &mut Found,
    ) {
        let people: Vec<(usize, Vec<String>)> = found
            .actors
            .iter()
            .enumerate()
            .filter(|(_, a)| a.source == ActorSource::TitlePattern)
            .map(|(i, a)| {
                (
                    i,
                    normalize(&a.mentions[0].text)
                        .split(' ')
                        .map(str::to_owned)
                        .collect(),
                )
            })
            .collect();
        for (idx, words) in people {
            for (fi, field) in fields.iter().enumerate() {
                let toks = &field.tokens;
                for start in 0..toks.len().saturating_sub(words.len() - 1) {
                    let first = &toks[start].norm;
                    // The first word, after at most two proclitics.
                    let Some(prefix) = first.strip_suffix(words[0].as_str()) else {
                        continue;
                    };
                    let strip = prefix.chars().count();
                    if strip > 2 || !prefix.chars().all(|c| "وفبلك".contains(c)) {
                        continue;
                    }
                    if !(1..words.len()).all(|k| {
                        toks[start + k].norm == words[k]
                            && toks[start + k].sentence == toks[start].sentence
                    }) {
                        continue;
                    }
                    let begin = if strip == 0 {
                        toks[start].span.start
                    } else {
                        field.orig_offset(start, strip)
                    };
                    let m = mention(
                        fields,
                        views,
                        fi,
                        begin,
                        toks[start + words.len() - 1].span.end,
                    );
                    let actor = &mut found.actors[idx];
                    if !actor.mentions.contains(&m) {
                        actor.mentions.push(m);
                    }
                }
            }
        }
    }

    /// The token range of a name right after a title run ending at `at`
    /// (module doc, rule 3).
    ///
    /// Long (≈110 lines): the optional complement, the place after the
    /// title, the 2–3 name tokens and the third-word boundary check move one
    /// cursor in turn.
    pub(in super::super) fn capture_name(
        &self,
        field: &AnalyzedField,
        view: &FieldText<'_>,
        item_at: &[Option<(Item, usize)>],
        mut at: usize,
        arabic: bool,
    ) -> Option<(usize, usize)> {
        let tokens = &field.tokens;
        let n = tokens.len();
        let sentence = tokens.get(at)?.sentence;
        // Items are short (the longest dictionary name has a dozen tokens),
        // so only a few starts before `i` can cover it.
        let item_covers = |i: usize| {
            (i.saturating_sub(32)..=i).any(|s| matches!(item_at[s], Some((_, e)) if i < e))
        };
        let separated = |a: usize, b: usize| {
            view.slice(tokens[a].span.end, tokens[b].span.start)
                .chars()
                .any(|c| !c.is_whitespace())
        };
        // Optional complement: preposition + definite words / adjectives.
        if self.prepositions.contains(&tokens[at].norm) {
            let mut k = at + 1;
            while k < n && k - at <= 4 && tokens[k].sentence == sentence {
                let t = &tokens[k];
                let definite = if arabic {
                    t.norm.starts_with("ال")
                } else {
                    !t.capitalized
                };
                if definite || matches!(item_at[k], Some((Item::Nationality(_), _))) {
                    k += 1;
                } else {
                    break;
                }
            }
            if k == at + 1 {
                return None;
            }
            at = k;
        }
        let stop = |i: usize| {
            let t = &tokens[i];
            // و/ف are conjunctions before a function word or verb (وعلى، فهدد).
            let bare = t
                .norm
                .strip_prefix(CONJUNCTIONS)
                .filter(|r| r.chars().count() >= 2);
            self.not_names.contains(&t.norm)
                || bare.is_some_and(|b| self.not_names.contains(b))
                || item_covers(i)
        };
        // A place right after the title belongs to it, not to the name:
        // «المتحدث باسم شرطة كابول حشمت ستانيكزاي» (a definite place such
        // as القاهرة already stops the name below).
        while arabic
            && at + 2 < n
            && tokens[at].sentence == sentence
            && !item_covers(at)
            && self.unknown.ar_place(&tokens[at].norm)
        {
            at += 1;
        }
        let mut end = at;
        while end < n && end - at < 3 && tokens[end].sentence == sentence {
            let t = &tokens[end];
            if end > at && separated(end - 1, end) {
                break;
            }
            if stop(end) {
                break;
            }
            let ok = if arabic {
                let letters = is_arabic_word(&t.norm);
                let article = t.norm.starts_with("ال")
                    && !(end > at && self.compound_heads.contains(&tokens[end - 1].norm));
                letters
                    && t.norm.chars().count() >= 2
                    && !article
                    && !is_sound_feminine_plural(&t.norm)
            } else {
                // All-capital words are headlines and acronyms, not names.
                let orig = view.slice(t.span.start, t.span.end);
                let shouting = orig.chars().filter(|c| c.is_alphabetic()).count() > 1
                    && orig.chars().all(|c| !c.is_lowercase());
                t.capitalized
                    && !shouting
                    && t.norm
                        .chars()
                        .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            };
            if !ok {
                break;
            }
            end += 1;
        }
        // A third Arabic word is kept only before a clear boundary: without
        // capitals, a verb after a two-word name looks like a third name
        // (جورج بوش دعا).
        if arabic && end - at == 3 {
            let boundary = end >= n
                || tokens[end].sentence != sentence
                || separated(end - 1, end)
                || stop(end);
            if !boundary {
                end -= 1;
            }
        }
        (end - at >= 2).then_some((at, end))
    }
}

#[cfg(test)]
mod tests {
    use crate::stages::actors::testutil::*;

    #[test]
    fn a_plural_common_noun_ends_a_name_after_a_title() {
        // Our own sentence: a title, a one-word name, then a sound plural
        // and an adjective, which are no name elements.
        let text = "وللسفير نبيل اهتمامات رياضية منذ شبابه.";
        let actors = tag(text, "2020-01-01");
        assert!(
            !actors.iter().any(|a| a.name.contains("اهتمامات")),
            "{:?}",
            summary(&actors)
        );
    }

    #[test]
    fn unknown_person_after_a_title_phrase() {
        let text = "وبحسب ما قاله المتحدث باسم رئاسة الجمهورية المصرية بسام راضي فإن الزيارة تمت.";
        let actors = tag(text, "2019-04-14");
        let radi = find(&actors, "بسام راضي");
        assert_eq!(radi.kind, ActorKind::Person);
        assert_eq!(
            (
                radi.country.as_deref(),
                radi.role.as_deref(),
                radi.code.as_deref()
            ),
            (Some("EGY"), Some("GOV"), Some("EGYGOV"))
        );
        assert_eq!(radi.source, ActorSource::TitlePattern);
        assert!(radi.confidence < confidence::AGENT);
        // The name repeated later, without the title, is the same person.
        let text2 = format!("{text} وأضاف بسام راضي أن اللقاء كان مثمرا.");
        let actors = tag(&text2, "2019-04-14");
        assert_eq!(
            find(&actors, "بسام راضي").mentions.len(),
            2,
            "{:?}",
            summary(&actors)
        );
        // The presidency named in the phrase is reported too.
        assert_eq!(
            find(&actors, "رئاسة الجمهورية المصرية").code.as_deref(),
            Some("EGYGOV")
        );

        let text = "ونقلت وسائل إعلام عن الباحث في الشأن الليبي محمد حسن عامر قوله إن الزيارة مهمة";
        let actors = tag(text, "2019-04-14");
        let amer = find(&actors, "محمد حسن عامر");
        assert_eq!(
            (amer.kind.as_str(), amer.role.as_deref()),
            ("person", Some("EDU"))
        );
        assert_eq!(
            amer.country, None,
            "the complement's adjective is not his nationality"
        );

        // An honorific gives a person without role or country.
        let actors = tag("وقال السيد سمير حداد إن الوضع صعب", "2019-04-14");
        let p = find(&actors, "سمير حداد");
        assert_eq!(
            (p.kind.as_str(), p.code.as_deref(), p.confidence),
            ("person", None, confidence::TITLE)
        );

        let actors = tag(
            "Presidential spokesman Bassam Radi said the visit was fruitful.",
            "2019-04-14",
        );
        let radi = find(&actors, "Bassam Radi");
        assert_eq!(
            (radi.kind.as_str(), radi.source),
            ("person", ActorSource::TitlePattern)
        );
        let actors = tag(
            "The Egyptian spokesman for the presidency Bassam Radi said so.",
            "2019-04-14",
        );
        assert_eq!(find(&actors, "Bassam Radi").code.as_deref(), Some("EGYGOV"));
    }

    #[test]
    fn a_place_after_the_title_is_not_part_of_the_name() {
        let text = "قال المتحدث باسم شرطة كابول حشمت ستانيكزاي إن الهجوم وقع صباحا.";
        let actors = tag(text, "2018-03-01");
        let person = find(&actors, "حشمت ستانيكزاي");
        assert_eq!(person.source, ActorSource::TitlePattern);
        let m = &person.mentions[0];
        assert_eq!((m.start, m.end), (28, 42));
        assert!(
            actors
                .iter()
                .all(|a| a.mentions.iter().all(|m| !m.text.contains("كابول"))),
            "{actors:#?}"
        );
    }

    #[test]
    fn no_name_is_captured_from_places_or_common_words() {
        let actors = tag("بخليفة حفتر قائد قوات شرق ليبيا الذي وصل", "2019-04-14");
        assert!(
            actors.iter().all(|a| a.source != ActorSource::TitlePattern),
            "{:?}",
            summary(&actors)
        );
        let actors = tag(
            "وإنجاح مهمة المبعوث الأممي إلى ليبيا والتي ترمي",
            "2019-04-14",
        );
        assert!(actors.is_empty(), "{:?}", summary(&actors));
    }

    #[test]
    fn construct_titles_and_verbs_do_not_make_names() {
        // An indefinite title takes a complement, not a name.
        for text in [
            "وقال مدير معهد رويان للبحوث إن",
            "وأعلن رئيس مجلس ادارة مؤسسة النقد",
        ] {
            let actors = tag(text, "2019-04-14");
            assert!(
                actors.iter().all(|a| a.source != ActorSource::TitlePattern),
                "{text}: {:?}",
                summary(&actors)
            );
        }
        // A verb after a two-word name is not a third name.
        let actors = tag(
            "وقال المتحدث باسم الحكومة المصرية سعيد صيام فهدد الجميع",
            "2019-04-14",
        );
        let said = actors
            .iter()
            .find(|a| a.source == ActorSource::TitlePattern)
            .expect("a person");
        assert_eq!(said.mentions[0].text, "سعيد صيام");
        // Headlines in capitals are not names.
        assert!(
            tag("PRESIDENT DIVISION RESULTS", "2019-04-14")
                .iter()
                .all(|a| a.source != ActorSource::TitlePattern)
        );
    }
}
