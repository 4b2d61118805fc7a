//! The `text` stage, which every other stage stands on: page zones (article,
//! boilerplate, reader comments), language, and the tokens of the article
//! zone ([`Analysis`]). How text is read (normalisation, tokens, matching)
//! is the language kit in [`crate::nlp`]; this stage applies it to one
//! article.
//!
//! # Layout
//!
//! - [`analyze`]: tokenise the body, cut its zones, guess the language,
//!   keep the article-zone tokens of body and title.
//! - [`zones`]: article / boilerplate / comments, driven by the phrase lists in
//!   `data/zones/` ([`ZoneRules`]); one file per decision (comment section,
//!   anywhere boilerplate, tail blurbs) under `zones/`.
//! - [`language`]: language per article (whatlang + script shares).
//!
//! Offsets everywhere are Unicode scalar values (Rust `char`s) into the
//! original field text, end-exclusive.

use crate::article::Field;
use crate::nlp::AnalyzedField;
use crate::nlp::script::{Script, script_of};
use crate::nlp::tokenize;
use crate::stages::{
    Analysis, BuildError, Built, Document, Resources, Slot, Stage, StageConfig, StageError,
    StageSpec,
};

pub mod language;
#[cfg(test)]
mod testutil;
pub mod zones;

pub use zones::{ZoneRules, ZoneRulesError};

/// Analyses one article: zones of the body, language, tokens of the article
/// zone of the body and (whole) title.
///
/// # Errors
/// [`StageError::EmptyArticleZone`] when the body has no token left in its
/// article zone (empty, whitespace, marks only, or all boilerplate/comments).
pub fn analyze(
    rules: &ZoneRules,
    body: &str,
    title: Option<&str>,
    lang: Option<&str>,
) -> Result<Analysis, StageError> {
    let t = tokenize::tokenize(body);
    let zoning = rules.split(body, &t);
    let body_field = AnalyzedField::from_tokenized(Field::Body, body, t, &zoning.article);
    if body_field.tokens.is_empty() {
        return Err(StageError::EmptyArticleZone);
    }
    // Letters per script, counted per token by its first char (a token
    // is in one script; Arabic letters are two bytes, Latin ones one, so
    // the byte length stands for the letter count).
    let counts = body_field.tokens.iter().fold((0, 0), |(ar, lat), t| {
        match t.norm.chars().next().map(script_of) {
            Some(Script::Arabic) => (ar + t.norm.len() / 2, lat),
            Some(Script::Latin) => (ar, lat + t.norm.len()),
            _ => (ar, lat),
        }
    });
    let language = language::guess_counted(body, &zoning.article, lang, counts);
    let mut fields = Vec::with_capacity(2);
    if let Some(title) = title {
        fields.push(AnalyzedField::from_text(Field::Title, title));
    }
    fields.push(body_field);
    Ok(Analysis {
        language,
        fields,
        excluded: zoning.excluded,
    })
}

/// The `text` stage: sets [`Document::analysis`].
///
/// Rules are fixed at construction ([`TextAnalyzer::new`]); the default uses
/// the embedded `data/zones/` lists.
#[derive(Debug, Default)]
pub struct TextAnalyzer {
    rules: ZoneRules,
}

impl TextAnalyzer {
    /// A stage using `rules` for page zones.
    pub fn new(rules: ZoneRules) -> Self {
        Self { rules }
    }

    /// A stage with the embedded rules plus the files of `[text] zone_rules`.
    ///
    /// # Errors
    /// [`ZoneRulesError`] if a rule file cannot be read or parsed.
    pub fn from_config(config: &TextConfig) -> Result<Self, ZoneRulesError> {
        Ok(Self::new(ZoneRules::from_config(config)?))
    }
}

impl Stage for TextAnalyzer {
    fn name(&self) -> &'static str {
        "text"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let raw = &doc.raw;
        let analysis = analyze(
            &self.rules,
            &raw.body,
            raw.title.as_deref(),
            raw.lang.as_deref(),
        )?;
        doc.analysis = Some(analysis);
        Ok(())
    }
}

/// What the `text` stage reads and writes: the raw article in, the
/// [`Analysis`] out.
pub const SPEC: StageSpec = StageSpec {
    name: "text",
    reads: &[],
    writes: &[Slot::Analysis],
};

impl StageConfig for TextConfig {
    fn spec(&self) -> &'static StageSpec {
        &SPEC
    }

    /// The text stage with the embedded zone rules plus `zone_rules`;
    /// version `zones` is `data/zones/VERSION`, `+custom` with extra files.
    fn build(&self, _: &Resources) -> Result<Built, BuildError> {
        let stage =
            TextAnalyzer::from_config(self).map_err(|e| BuildError::load("zone rules", e))?;
        let version = ZoneRules::default_version();
        let version = if self.zone_rules.is_empty() {
            version.to_string()
        } else {
            format!("{version}+custom")
        };
        Ok(Built {
            stage: Box::new(stage),
            versions: vec![("zones".to_string(), version)],
        })
    }
}

/// `[text]` configuration.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TextConfig {
    /// Extra zone-rule files added to the embedded `data/zones/` lists.
    #[serde(default)]
    pub zone_rules: Vec<std::path::PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::testutil::char_pos;
    use super::*;
    use crate::article::{CharSpan, Origin, RawArticle, ZoneKind};
    use crate::nlp::{NameMatcher, normalize};
    use proptest::prelude::*;

    /// The Raseef22 article of `shared/samples` (issue 2 fixture): article,
    /// donation blurb, "join the discussion" header, reader comments.
    const SAMPLE: &str = include_str!("testdata/raseef22_sample.txt");

    fn doc(body: &str, title: Option<&str>, lang: Option<&str>) -> Document {
        let raw = RawArticle {
            id: "t1".into(),
            body: body.into(),
            title: title.map(Into::into),
            lang: lang.map(Into::into),
            url: None,
            source: None,
            published_at: None,
            extra: Default::default(),
        };
        Document::new(
            raw,
            Origin {
                topic: "-".into(),
                partition: 0,
                offset: 0,
            },
        )
    }

    fn slice(text: &str, s: CharSpan) -> String {
        text.chars().skip(s.start).take(s.len()).collect()
    }

    #[test]
    fn sample_article_zone_ends_before_the_donation_blurb() {
        let mut d = doc(SAMPLE, None, Some("ar"));
        TextAnalyzer::default().process(&mut d).unwrap();
        let a = d.analysis.unwrap();
        let blurb = char_pos(SAMPLE, "رصيف22 منظمة غير ربحية");
        let header = char_pos(SAMPLE, "انضم/ي إلى المناقشة");
        assert_eq!(a.excluded.len(), 2, "{:?}", a.excluded);
        assert_eq!(
            (a.excluded[0].kind, a.excluded[0].start),
            (ZoneKind::Boilerplate, blurb)
        );
        assert_eq!(a.excluded[0].rule, "donation_blurb");
        assert_eq!(
            (a.excluded[1].kind, a.excluded[1].start),
            (ZoneKind::Comments, header)
        );
        assert_eq!(a.excluded[1].end, SAMPLE.chars().count());
        assert!(a.excluded[0].end <= header);
        let body = a.field(Field::Body).unwrap();
        assert!(body.tokens.iter().all(|t| t.span.end <= blurb));
        let last = body.tokens.last().unwrap();
        assert_eq!(slice(SAMPLE, last.span), "إيواء");
        assert_eq!(a.language.code, "ar");
        assert_eq!(a.language.source, "input");
        // Every commenter and the comment-only mention are out of the article.
        let m = NameMatcher::new(
            [
                "karim nabil",
                "SAMIR HADDAD",
                "سمير حداد",
                "Omar Saleh",
                "المخابرات السورية",
                "طرابلس",
            ]
            .map(|n| (n.to_string(), n)),
        );
        let found: Vec<_> = m.find(body).iter().map(|x| x.payloads[0]).collect();
        assert!(
            !found.is_empty() && found.iter().all(|n| *n == "طرابلس"),
            "{found:?}"
        );
    }

    #[test]
    fn sample_article_mentions_with_proclitics_slice_back() {
        let fields = analyze(&ZoneRules::default(), SAMPLE, None, None).unwrap();
        let body = fields.field(Field::Body).unwrap();
        let m = NameMatcher::new(
            [
                "القاهرة",
                "ليبيا",
                "خليفة حفتر",
                "حفتر",
                "عبد الفتاح السيسي",
                "الأمم المتحدة",
            ]
            .map(|n| (n.to_string(), n)),
        );
        let found = m.find(body);
        for x in &found {
            let text = slice(SAMPLE, x.span);
            let (got, want) = (normalize(&text), normalize(x.payloads[0]));
            // للقاهرة: the span keeps the article's lam, its alef is elided.
            assert!(got == want || format!("ا{got}") == want, "{text}");
        }
        let with = |p: &str, c: &str| found.iter().any(|x| x.payloads[0] == p && x.proclitic == c);
        assert!(
            with("القاهرة", "ب")
                && with("القاهرة", "ل")
                && with("ليبيا", "ل")
                && with("خليفة حفتر", "ب")
        );
    }

    #[test]
    fn title_and_body_are_analysed() {
        let mut d = doc(
            "التقى السيسي حفتر في القاهرة.",
            Some("السيسي يستقبل حفتر"),
            None,
        );
        TextAnalyzer::default().process(&mut d).unwrap();
        let a = d.analysis.unwrap();
        assert_eq!(a.fields.len(), 2);
        assert_eq!(a.field(Field::Title).unwrap().tokens.len(), 3);
        assert_eq!(
            a.field(Field::Body).unwrap().sentences,
            [CharSpan::new(0, 28)]
        );
        assert_eq!(a.language.code, "ar");
    }

    #[test]
    fn body_with_nothing_left_is_an_empty_article_zone() {
        for body in [
            "",
            "   \n\t ",
            "ـــــ",
            "\u{064E}\u{0651}\u{200D}",
            "،.!",
            "لدعم صحافتنا انقر هنا.\nتبرع الآن",
            "سمير -\nمنذ يوم رائع\nلينا -\nمنذ يومين جميل",
        ] {
            let mut d = doc(body, None, None);
            let e = TextAnalyzer::default().process(&mut d).unwrap_err();
            assert_eq!(e.reason(), "empty_article_zone", "{body:?}");
            assert!(d.analysis.is_none());
        }
    }

    #[test]
    fn wrong_input_language_is_overruled() {
        let mut d = doc(SAMPLE, None, Some("en"));
        TextAnalyzer::default().process(&mut d).unwrap();
        let g = d.analysis.unwrap().language;
        assert_eq!((g.code.as_str(), g.source), ("ar", "detected"));
    }

    #[test]
    fn english_text_end_to_end() {
        let text = "Egypt's President Abdel Fattah el-Sisi met Khalifa Haftar in Cairo.\nRead also: Libya talks\nHe said Libya's future...\n\nComments (2)\nJohn - 2 hours ago Egypt";
        let a = analyze(&ZoneRules::default(), text, None, None).unwrap();
        assert_eq!(a.language.code, "en");
        let rules: Vec<_> = a.excluded.iter().map(|z| z.rule.as_str()).collect();
        assert_eq!(rules, ["read_also", "comment_header"]);
        let body = a.field(Field::Body).unwrap();
        let m = NameMatcher::new([
            ("Egypt".to_string(), 1),
            ("Libya".to_string(), 2),
            ("Cairo".to_string(), 3),
        ]);
        let got: Vec<_> = m.find(body).iter().map(|x| slice(text, x.span)).collect();
        assert_eq!(got, ["Egypt", "Cairo", "Libya"]);
        assert_eq!(body.sentences.len(), 2);
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let nfd = "Sala\u{0301}me\u{0301}\u{0301} في ا\u{0653}لقاهرة";
        for body in [
            "\0مصر\0\r\nليبيا\r\n",
            "👍🏽🇪🇬 مصر 🧕 ‍",
            nfd,
            "'s ' ’ l' d’",
            "\u{FEFB}\u{FDF2} \u{FE8D}",
            "\r\r\n\n\u{2028}x\u{2029}",
        ] {
            if let Ok(a) = analyze(&ZoneRules::default(), body, Some(body), Some(body)) {
                for f in &a.fields {
                    for t in &f.tokens {
                        assert!(
                            CharSpan::new(t.span.start, t.span.end)
                                .slice(body)
                                .is_some()
                                || f.field == Field::Title
                        );
                    }
                }
            }
        }
        let f = AnalyzedField::from_text(Field::Body, nfd);
        assert_eq!(f.tokens[0].norm, "salame");
        assert_eq!(f.tokens[2].norm, "القاهره");
    }

    proptest! {
        #[test]
        fn any_input_gives_ordered_in_bounds_zones(lines in proptest::collection::vec(
            prop_oneof![
                any::<String>(),
                Just("انضم/ي إلى المناقشة".to_string()),
                Just("منذ 3 ساعاتنص".to_string()),
                Just("سمير -".to_string()),
                Just("لدعم صحافتنا انقر هنا".to_string()),
                Just("اقرأ أيضاً: مصر".to_string()),
                Just("وصل حفتر إلى القاهرة.".to_string()),
            ],
            0..12,
        ), crlf in any::<bool>()) {
            let body = lines.join(if crlf { "\r\n" } else { "\n" });
            let n = body.chars().count();
            if let Ok(a) = analyze(&ZoneRules::default(), &body, Some(&body), None) {
                let mut at = 0;
                for z in &a.excluded {
                    prop_assert!(at <= z.start && z.start < z.end && z.end <= n, "{:?}", a.excluded);
                    at = z.end;
                }
                let f = a.field(Field::Body).unwrap();
                for t in &f.tokens {
                    prop_assert!(t.span.slice(&body).is_some());
                    prop_assert!(a.excluded.iter().all(|z| t.span.end <= z.start || t.span.start >= z.end));
                }
                prop_assert!(f.sentences.len() <= f.tokens.len());
            }
        }
    }
}
