//! Rule **nisba-outside-name** (Arabic): a person span whose first word is
//! a nationality adjective with the article (a nisba: المصري, والأمريكي,
//! للسوداني) starts one word later. The adjective qualifies the noun
//! before it, the person's role, and is not part of the name: «وزير
//! الخارجية المصري سامح شكري» names «سامح شكري»; «التقى باللاعب البرازيلي
//! رونالدو» names «رونالدو». The tagger pulls the adjective in most often
//! before a foreign or rare name (ANERcorp test errors: the commonest
//! kind of extra leading word on PER spans).
//!
//! Only the first word of a span of two words or more is cut, and only
//! when it carries the article and, proclitics و ف ب ل ك, the article and
//! a feminine ة stripped (الألمانية → ألماني), it is a one-word Arabic
//! adjective of the country tables (`data/countries/demonyms.tsv` or
//! `[actors] demonyms`). The model's own `demonym` lexicon flags are not
//! used: they were baked in from an older table (no «سريلانكي»). A nisba at the end of a name
//! («أبو حمزة المصري») is a family name and stays.
//!
//! Measured through `newsevents eval` before being switched on
//! (`docs/ner.md`).

use std::collections::HashSet;

use super::Tagged;
use crate::article::EntityRule;
use crate::lexicon::Countries;
use crate::nlp::ner::EntityClass;
use crate::nlp::ner::text::{clitic, fold, strip_arabic};

/// The Arabic nationality adjectives of the country tables, folded
/// (`nlp::ner::text::fold`), without proclitics, article or feminine ة.
#[derive(Debug, Clone, Default)]
pub(super) struct Nisbas {
    stems: HashSet<String>,
}

/// The stem of a folded word: proclitics and article stripped, and the
/// feminine ending (ة folded to ه); with whether the article was there.
fn stem(folded: &str) -> (&str, bool) {
    let (at, bits) = strip_arabic(folded);
    let s = &folded[at..];
    (s.strip_suffix('ه').unwrap_or(s), bits & clitic::AL != 0)
}

impl Nisbas {
    /// The Arabic (`ar`) one-word adjectives of `countries`.
    pub(super) fn new(countries: &Countries) -> Nisbas {
        let stems = (countries.demonyms().iter())
            .filter(|d| d.lang == "ar" && !d.form.contains(' '))
            .map(|d| {
                let f = fold(&d.form);
                f.strip_suffix('ه').unwrap_or(&f).to_string()
            })
            .filter(|s| s.chars().count() >= 3)
            .collect();
        Nisbas { stems }
    }

    /// A nationality adjective with the article (after any proclitic).
    fn is_nisba(&self, word: &str) -> bool {
        let f = fold(word);
        let (s, article) = stem(&f);
        article && self.stems.contains(s)
    }

    /// Cuts a leading nisba off every PER span of two words or more in
    /// `spans` (token indices into `words`), marking the span with
    /// [`EntityRule::NisbaOutsideName`].
    pub(super) fn cut_leading(&self, spans: &mut [Tagged], words: &[&str]) {
        for t in spans.iter_mut() {
            let s = &mut t.span;
            if s.class == EntityClass::Per && s.end - s.start >= 2 && self.is_nisba(words[s.start])
            {
                s.start += 1;
                t.rule = Some(EntityRule::NisbaOutsideName);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::ner::EntitySpan;

    /// The spans after the rule, as `(start, end, cut)`.
    fn run(text: &str, spans: &[(usize, usize, EntityClass)]) -> Vec<(usize, usize, bool)> {
        let words: Vec<&str> = text.split(' ').collect();
        let mut tagged: Vec<Tagged> = spans
            .iter()
            .map(|&(start, end, class)| Tagged::from(EntitySpan { start, end, class }))
            .collect();
        super::super::tests::stage()
            .nisbas
            .cut_leading(&mut tagged, &words);
        tagged
            .iter()
            .map(|t| (t.span.start, t.span.end, t.rule.is_some()))
            .collect()
    }

    use EntityClass::{Org, Per};

    #[test]
    fn a_nationality_adjective_before_a_name_is_cut_off() {
        let s = "قال وزير الخارجية المصري سامح شكري";
        assert_eq!(run(s, &[(3, 6, Per)]), [(4, 6, true)]);
        assert_eq!(run(s, &[(4, 6, Per)]), [(4, 6, false)]);
        let s = "المستشارة الألمانية انغيلا ميركل";
        assert_eq!(run(s, &[(1, 4, Per)]), [(2, 4, true)]);
        // With proclitics before the article.
        let s = "والتقى باللاعب للبرازيلي رونالدو وبالأمريكي جيف وليامز";
        assert_eq!(
            run(s, &[(2, 4, Per), (4, 7, Per)]),
            [(3, 4, true), (5, 7, true)]
        );
    }

    #[test]
    fn nisbas_that_belong_to_the_name_or_to_no_person_stay() {
        // A family name at the end, a lone adjective, an organisation.
        let s = "أبو حمزة المصري و المصري و المصري للاتصالات";
        assert_eq!(
            run(s, &[(0, 3, Per), (4, 5, Per), (6, 8, Org)]),
            [(0, 3, false), (4, 5, false), (6, 8, false)]
        );
        // Without the article the word is no adjective of a role.
        assert_eq!(run("مصري سامح", &[(0, 2, Per)]), [(0, 2, false)]);
    }
}
