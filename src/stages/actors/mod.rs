//! The `actors` stage: people, organisations and armed groups named in the
//! article zone, with CAMEO-style actor codes (country + role, e.g.
//! `EGYGOV`; `IGOUNO` for intergovernmental bodies).
//!
//! # Rules
//!
//! [`ActorTagger::tag`] runs four rules, one file each under `rules/`,
//! named as the output's `source` names them. Evidence, strongest first:
//!
//! 1. **dictionary**: a name of an [`ActorEntry`]; its code is resolved with
//!    the publication date ([`ActorEntry::resolve_code`]). A one-token alias
//!    of a person (حفتر، السيسي) is a *short* mention: it refers to the entry
//!    whose full name the document names (earlier mentions first), never to
//!    another entry sharing the surname; with no full name in the document it
//!    is used only when a single entry has it, or a single one of those held
//!    a dated role on the publication date.
//! 2. **agent**: a run of role nouns and nationality adjectives (الرئيس
//!    المصري، "the Syrian army", المتحدث باسم رئاسة الجمهورية المصرية) composes
//!    country + role; a group noun before a known person (قوات حفتر) takes the
//!    person's country. The role is that of the last role noun in the run
//!    (رئيس المخابرات → SPY), the country that of the first adjective.
//!    Reported only when both are known and no name follows. A country
//!    name or a capital gives the country too: after an Arabic agent in
//!    construct state (وزير خارجية مصر، قوات شرق ليبيا، حكومة طرابلس), after
//!    English "of" (the army of Sudan), or as an English possessive
//!    before the agent (Egypt's president, Libya's eastern-based forces;
//!    Haftar's forces and "forces loyal to Haftar" take Haftar's country).
//! 3. **title_pattern**: after a run whose head is a title, a name not in the
//!    dictionary (2–3 Arabic tokens that are not function words, articles,
//!    adjectives or known words; 2–3 capitalised Latin tokens) is reported as
//!    a person with the run's role and country and a lower confidence. An
//!    Arabic prepositional complement between title and name is skipped and
//!    gives no country (الباحث في الشأن الليبي محمد حسن عامر is not Libyan
//!    by that phrase).
//!
//! 4. **name_pattern** (`rules/name_pattern/`): on the tokens no other rule took, a
//!    name recognised by its shape (a given name from our lists and further
//!    name elements; an organisation head noun and its complement), with
//!    the lowest confidence; later lone surnames join such persons and
//!    title-pattern persons.
//!
//! Only article-zone tokens are read, so names in reader comments and
//! boilerplate are never reported.
//!
//! # Layout
//!
//! - `config`: the `[actors]` section, [`SPEC`] and [`load_dictionary`]
//!   (which dictionaries load, in which order).
//! - [`dictionary`]: entries of our TOML format (`data/actors/FORMAT.md`),
//!   validation, date-restricted codes.
//! - [`petrarch`]: reader for PETRARCH/Phoenix actor and agent files.
//! - `embedded`: the shipped `data/actors/*.toml`, built into the binary.
//! - `tables`: the matchers and word sets the rules read, built once.
//! - `evidence`: the confidence table, items, and the merge by actor id.
//! - `rules/`: `dictionary`, `agent`, `title_pattern`, `name_pattern`.
//! - `learned`: PER/ORG names of the learned tagger (`entities` stage) that
//!   no rule found.
//!
//! Nationality adjectives, country names and capitals come from the shared
//! [`crate::lexicon::Countries`]; given names and surnames from
//! [`crate::lexicon::names`].
//!
//! ```
//! use newsevents::article::Field;
//! use newsevents::stages::actors::{ActorTagger, ActorsConfig};
//! use newsevents::nlp::AnalyzedField;
//!
//! let tagger = ActorTagger::new(&ActorsConfig::default()).unwrap();
//! let text = "التقى الرئيس المصري عبد الفتاح السيسي بخليفة حفتر";
//! let field = AnalyzedField::from_text(Field::Body, text);
//! let actors = tagger.tag(&[field], &[text], chrono::NaiveDate::from_ymd_opt(2019, 4, 14));
//! let haftar = actors.iter().find(|a| a.name == "Khalifa Haftar").unwrap();
//! assert_eq!(haftar.code.as_deref(), Some("LBYMIL"));
//! assert_eq!(haftar.mentions[0].text, "خليفة حفتر");
//! ```

mod config;
pub mod dictionary;
mod embedded;
mod evidence;
mod learned;
mod lexicon;
pub mod petrarch;
mod rules;
mod tables;
#[cfg(test)]
mod testutil;

use crate::article::{Actor, FieldText};
use crate::lexicon::Lexicon;
use crate::nlp::AnalyzedField;
use crate::stages::{Document, Stage, StageError};
use chrono::NaiveDate;

use evidence::{Found, NameHit, mention};
use rules::name_pattern::NameFinder;
use tables::{ActorTables, FieldScan};

pub use config::{ActorsConfig, SPEC, dictionary_version, load_dictionary};
pub use dictionary::{ActorDictionary, ActorEntry, ActorsError, AgentEntry, DictionaryStats};

/// The `actors` stage. Built once at start-up; cheap to share.
#[derive(Debug, Clone)]
pub struct ActorTagger {
    tables: ActorTables,
}

impl ActorTagger {
    /// Loads the dictionaries and the demonym table `config` names (see
    /// [`Lexicon::load`]) and builds the matchers.
    ///
    /// # Errors
    /// The first [`ActorsError`] of [`load_dictionary`] or of the lexicon.
    pub fn new(config: &ActorsConfig) -> Result<Self, ActorsError> {
        Ok(Self::from_parts(
            load_dictionary(config)?,
            &Lexicon::load(config.demonyms.as_deref())?,
        ))
    }

    /// Builds a tagger over already loaded data and the stage's embedded
    /// word lists (`data/actors/lexicon/`).
    ///
    /// # Panics
    /// If an embedded word list breaks its format: never in a tested build
    /// (the stage's build checks them first and reports the file and line).
    pub fn from_parts(dict: ActorDictionary, lexicon: &Lexicon) -> Self {
        let words = lexicon::embedded().expect("data/actors/lexicon/ parses (unit tests)");
        Self {
            tables: ActorTables::new(dict, lexicon, words),
        }
    }

    /// The loaded dictionary.
    pub fn dictionary(&self) -> &ActorDictionary {
        &self.tables.dict
    }

    /// Finds the actors of `fields` (title first, then body, as the `text`
    /// stage orders them). `texts` gives each field's original text;
    /// `published` selects date-restricted codes.
    pub fn tag(
        &self,
        fields: &[AnalyzedField],
        texts: &[&str],
        published: Option<NaiveDate>,
    ) -> Vec<Actor> {
        // The char index each field got at analysis (`texts[i]` is the
        // text of `fields[i]`).
        let views: Vec<FieldText<'_>> = fields.iter().zip(texts).map(|(f, t)| f.text(t)).collect();
        let t = &self.tables;
        // Rule 1: dictionary names.
        // Every dictionary of the stage scans each field once.
        let scans: Vec<FieldScan<'_>> = fields.iter().map(|f| t.scan(f)).collect();
        let mut hits = t.name_hits(fields, &views, &scans);
        t.resolve(&mut hits, published);
        let mut found = Found::default();
        for h in &hits {
            if let Some((actor, conf)) = h.resolved {
                found.add(t.dictionary_actor(
                    actor as usize,
                    published,
                    conf,
                    mention(fields, &views, h.field, h.start, h.end),
                ));
            }
        }
        for (fi, scan) in scans.iter().enumerate() {
            let field_hits: Vec<&NameHit> = hits
                .iter()
                .filter(|h| h.field == fi && h.resolved.is_some())
                .collect();
            // Rules 2 and 3: agent runs and the names after titles.
            t.tag_runs(fi, &field_hits, fields, &views, scan, &mut found);
        }
        t.repeat_title_names(fields, &views, &mut found);
        // Rule 4 (rules/name_pattern): names of a known shape on the tokens left free.
        let agents: Vec<(usize, std::ops::Range<usize>)> = scans
            .iter()
            .enumerate()
            .flat_map(|(fi, s)| s.agents.iter().map(move |m| (fi, m.tokens.clone())))
            .collect();
        let blocked = NameFinder::blocked_tokens(
            fields,
            found.actors.iter().flat_map(|a| &a.mentions),
            &agents,
        );
        for actor in t
            .unknown
            .find(fields, &views, &blocked, &scans, &mut found.actors)
        {
            found.add(actor);
        }
        found.finish()
    }
}

impl Stage for ActorTagger {
    fn name(&self) -> &'static str {
        "actors"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let analysis = doc
            .analysis
            .as_ref()
            .ok_or(StageError::MissingAnalysis("actors"))?;
        let texts: Vec<&str> = analysis
            .fields
            .iter()
            .map(|f| doc.field_text(f.field))
            .collect();
        let mut actors = self.tag(&analysis.fields, &texts, doc.published);
        // Rule 5 (learned.rs): the `entities` stage's PER/ORG names.
        let views: Vec<_> = analysis
            .fields
            .iter()
            .zip(texts)
            .map(|(f, t)| (f.field, f.text(t)))
            .collect();
        learned::add(&doc.entities, &views, &mut actors, |e| {
            self.tables.link_learned(e, doc.published)
        });
        doc.actors = actors;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::stages::actors::testutil::*;

    #[test]
    fn petrarch_files_load_as_additional_dictionaries() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/stages/actors/testdata/petrarch");
        let config = ActorsConfig {
            petrarch: vec![dir.join("fixture.actors.txt")],
            petrarch_agents: vec![dir.join("fixture.agents.txt")],
            demonyms: Some(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/lexicon/demonyms.tsv"),
            ),
            ..ActorsConfig::default()
        };
        let tagger = ActorTagger::new(&config).unwrap();
        let text = "Javier Solana met the Egyptian police.";
        let field = AnalyzedField::from_text(Field::Body, text);
        let actors = tagger.tag(&[field], &[text], date("1998-01-01"));
        // Written in capitals in the file, matched in ordinary case.
        let solana = find(&actors, "Javier Solana");
        assert_eq!(
            (solana.code.as_deref(), solana.date_rule.as_deref()),
            (Some("IGOWSTNAT"), Some("1995-12-05..1999-10-06"))
        );
        assert!(solana.id.starts_with("petrarch:fixture.actors:"));
        // A PETRARCH agent composes with our demonyms.
        assert_eq!(
            find(&actors, "Egyptian police").code.as_deref(),
            Some("EGYCOP")
        );
    }

    fn sample_doc() -> Document {
        let raw = RawArticle {
            id: "000_3d07b1e22713dee6".into(),
            body: include_str!("testdata/raseef22_sample.txt").into(),
            title: None,
            lang: Some("ar".into()),
            url: None,
            source: None,
            published_at: Some("2019-04-14".into()),
            extra: Default::default(),
        };
        let mut doc = Document::new(
            raw,
            Origin {
                topic: "-".into(),
                partition: 0,
                offset: 0,
            },
        );
        testutil::analyze(&mut doc);
        tagger().process(&mut doc).unwrap();
        doc
    }

    #[test]
    fn sample_article_required_actors() {
        let doc = sample_doc();
        let actors = &doc.actors;
        // (surface form, name, kind, code) from the sample's expected file.
        let required = [
            (
                "عبد الفتاح السيسي",
                "Abdel Fattah el-Sisi",
                "person",
                Some("EGYGOV"),
            ),
            ("السيسي", "Abdel Fattah el-Sisi", "person", Some("EGYGOV")),
            ("خليفة حفتر", "Khalifa Haftar", "person", Some("LBYMIL")),
            ("حفتر", "Khalifa Haftar", "person", Some("LBYMIL")),
            (
                "الجيش الوطني الليبي",
                "Libyan National Army",
                "organization",
                Some("LBYMIL"),
            ),
            ("عباس كامل", "Abbas Kamel", "person", Some("EGYSPY")),
            ("غسان سلامة", "Ghassan Salamé", "person", Some("IGOUNO")),
            (
                "منظمة الصحة العالمية",
                "World Health Organization",
                "igo",
                Some("IGOWHO"),
            ),
            ("الأمم المتحدة", "United Nations", "igo", Some("IGOUNO")),
            (
                "حكومة الوفاق الوطني الليبي",
                "Government of National Accord",
                "organization",
                Some("LBYGOV"),
            ),
            (
                "الإخوان المسلمون",
                "Muslim Brotherhood",
                "organization",
                Some("EGYOPP"),
            ),
            ("جون أفريك", "Jeune Afrique", "media", Some("FRAMED")),
        ];
        for (surface, name, kind, code) in required {
            let a = find(actors, surface);
            assert_eq!(
                (a.name.as_str(), a.kind.as_str(), a.code.as_deref()),
                (name, kind, code),
                "{surface}"
            );
        }
        let gaddafi = find(actors, "القذافي");
        assert_eq!(
            (gaddafi.name.as_str(), gaddafi.country.as_deref()),
            ("Muammar Gaddafi", Some("LBY"))
        );
        let radi = find(actors, "بسام راضي");
        assert_eq!(
            (radi.kind.as_str(), radi.code.as_deref()),
            ("person", Some("EGYGOV"))
        );
        // Every mention slices the original body.
        let chars: Vec<char> = doc.raw.body.chars().collect();
        for a in actors {
            for m in &a.mentions {
                assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text);
            }
        }
        // Sisi is one actor with all his mentions; the bare surname is never a
        // separate actor.
        let sisi: Vec<&Actor> = actors
            .iter()
            .filter(|a| a.name == "Abdel Fattah el-Sisi")
            .collect();
        assert_eq!(sisi.len(), 1);
        let article = doc.raw.body.split("رصيف22 منظمة غير ربحية").next().unwrap();
        assert_eq!(
            sisi[0].mentions.len(),
            article.matches("السيسي").count(),
            "{:?}",
            sisi[0].mentions
        );
        let haftar = find(actors, "خليفة حفتر");
        assert_eq!(
            haftar.mentions.len(),
            article.matches("حفتر").count(),
            "{:?}",
            haftar.mentions
        );
    }

    #[test]
    fn sample_article_optional_actors() {
        let doc = sample_doc();
        let actors = &doc.actors;
        assert_eq!(find(actors, "محمد حسن عامر").kind, ActorKind::Person);
        assert_eq!(
            find(actors, "رئاسة الجمهورية المصرية").code.as_deref(),
            Some("EGYGOV")
        );
        assert_eq!(
            find(actors, "الرئاسة المصرية").code.as_deref(),
            Some("EGYGOV")
        );
        assert_eq!(
            find(actors, "الخارجية المصرية").code.as_deref(),
            Some("EGYGOV")
        );
        assert_eq!(
            find(actors, "المخابرات العامة المصرية").code.as_deref(),
            Some("EGYSPY")
        );
        assert_eq!(
            find(actors, "مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية")
                .code
                .as_deref(),
            Some("IGOUNO")
        );
    }

    #[test]
    fn sample_article_must_not_report_comment_zone_names() {
        let doc = sample_doc();
        let forbidden = [
            "karim nabil",
            "SAMIR HADDAD",
            "سمير حداد",
            "Omar Saleh",
            "lina rami",
            "Tamer Fawzi",
            "المخابرات السورية",
        ];
        let end = doc
            .raw
            .body
            .split("رصيف22 منظمة غير ربحية")
            .next()
            .unwrap()
            .chars()
            .count();
        for a in &doc.actors {
            for m in &a.mentions {
                assert!(m.end <= end, "mention outside the article zone: {m:?}");
                for f in forbidden {
                    assert!(!m.text.contains(f), "{f} reported: {m:?}");
                }
            }
        }
    }

    #[test]
    fn stage_needs_the_text_analysis() {
        let raw = RawArticle {
            id: "x".into(),
            body: "نص".into(),
            title: None,
            lang: None,
            url: None,
            source: None,
            published_at: None,
            extra: Default::default(),
        };
        let mut doc = Document::new(
            raw,
            Origin {
                topic: "-".into(),
                partition: 0,
                offset: 0,
            },
        );
        assert_eq!(
            tagger().process(&mut doc).unwrap_err().reason(),
            "missing_analysis"
        );
    }
}
