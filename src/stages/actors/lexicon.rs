//! [`ActorLexicon`]: the actors stage's own word lists, read once from
//! `data/actors/lexicon/` (format `data/lexicon/FORMAT.md`, sources in its
//! `SOURCE.md`): the words that are, open or stop a name
//! (`name_cues.tsv`) and the organisation head nouns with their roles
//! (`org_heads.tsv`). Embedded at build time; version key `actors_lexicon`.

use std::sync::OnceLock;

use crate::article::ActorKind;
use crate::lexicon::wordlist::version_line;
use crate::lexicon::{Countries, LexiconError, WordLists};
use crate::nlp::script::has_arabic;
use crate::nlp::{FastMap, FastSet, normalize};

const NAME_CUES: &str = include_str!("../../../data/actors/lexicon/name_cues.tsv");
const NAME_CUES_FILE: &str = "data/actors/lexicon/name_cues.tsv";
const ORG_HEADS: &str = include_str!("../../../data/actors/lexicon/org_heads.tsv");
const ORG_HEADS_FILE: &str = "data/actors/lexicon/org_heads.tsv";
const VERSION: &str = include_str!("../../../data/actors/lexicon/VERSION");

/// The lists of `name_cues.tsv` (what each holds: `SOURCE.md` there).
const NAME_CUE_KINDS: &[&str] = &[
    "latin_determiner",
    "not_name",
    "complement_preposition",
    "run_connector",
    "compound_head",
    "en_stop",
    "en_not_person",
    "en_title_word",
    "en_honorific",
    "en_role_cue",
    "en_say",
    "en_particle",
    "ar_stop",
    "ar_title",
    "ar_say",
    "ar_after_say",
    "ar_divine",
    "ar_adjective",
    "ar_appositive_head",
    "ar_complement_stop",
    "en_country_abbreviation",
];

/// The parsed word lists of the stage.
#[derive(Debug)]
pub(super) struct ActorLexicon {
    cues: WordLists,
    /// (lang, normalised head noun, CAMEO role or `""`, actor kind), in
    /// file order.
    org_heads: Vec<(String, String, String, Option<ActorKind>)>,
}

/// The embedded lists, parsed once per process.
///
/// # Errors
/// The [`LexiconError`] naming the file and line at fault (the stage's
/// build reports it and start-up stops).
pub(super) fn embedded() -> Result<&'static ActorLexicon, &'static LexiconError> {
    static LEXICON: OnceLock<Result<ActorLexicon, LexiconError>> = OnceLock::new();
    LEXICON.get_or_init(ActorLexicon::parse).as_ref()
}

/// `data/actors/lexicon/VERSION`, for `versions.dictionaries` (key
/// `actors_lexicon`).
pub(super) fn version() -> &'static str {
    version_line(VERSION)
}

impl ActorLexicon {
    fn parse() -> Result<Self, LexiconError> {
        let cues = WordLists::parse(NAME_CUES_FILE, NAME_CUES, NAME_CUE_KINDS)?;
        let heads = WordLists::parse(ORG_HEADS_FILE, ORG_HEADS, &["org_head"])?;
        let mut org_heads = Vec::new();
        for row in heads.rows("org_head") {
            let bad = |problem: String| LexiconError::Table {
                file: ORG_HEADS_FILE.to_owned(),
                line: row.line,
                problem,
            };
            let role = match row.extra.first().map(String::as_str) {
                Some("-") => "",
                Some(r) if r.len() == 3 && r.chars().all(|c| c.is_ascii_uppercase()) => r,
                other => {
                    return Err(bad(format!(
                        "role must be a CAMEO role code or -, got {other:?}"
                    )));
                }
            };
            let kind = match row.extra.get(1).map(String::as_str) {
                None => None,
                Some(k) => {
                    Some(actor_kind(k).ok_or_else(|| bad(format!("unknown actor kind {k:?}")))?)
                }
            };
            org_heads.push((
                row.lang.clone(),
                normalize(&row.form),
                role.to_owned(),
                kind,
            ));
        }
        for row in cues.rows("en_country_abbreviation") {
            let ok = row
                .extra
                .first()
                .is_some_and(|c| c.len() == 3 && c.chars().all(|c| c.is_ascii_uppercase()));
            if !ok {
                return Err(LexiconError::Table {
                    file: NAME_CUES_FILE.to_owned(),
                    line: row.line,
                    problem: "en_country_abbreviation needs an ISO 3166-1 alpha-3 code column"
                        .to_owned(),
                });
            }
        }
        Ok(Self { cues, org_heads })
    }

    /// (form as written, alpha-3) of `en_country_abbreviation`: "US" and
    /// "UK" before a role noun ("US officials"), read like a nationality.
    pub(super) fn country_abbreviations(&self) -> impl Iterator<Item = (&str, &str)> {
        self.cues
            .rows("en_country_abbreviation")
            .map(|r| (r.form.as_str(), r.extra[0].as_str()))
    }

    /// The normalised forms of list `kind` of `name_cues.tsv`.
    pub(super) fn set(&self, kind: &str) -> FastSet {
        self.cues.set(kind)
    }

    /// List `kind` of `name_cues.tsv` with every Arabic country name and
    /// capital of `countries` (`data/countries/names.tsv`), normalised: the
    /// `not_name` list ends a name caught after a title at a country's
    /// name without repeating the country table.
    pub(super) fn set_with_arabic_countries(&self, kind: &str, countries: &Countries) -> FastSet {
        let mut set = self.set(kind);
        for (form, _) in countries.names().iter().chain(countries.capitals()) {
            if has_arabic(form) {
                set.insert(normalize(form));
            }
        }
        set
    }

    /// English organisation heads: normalised form → role.
    pub(super) fn en_org_heads(&'static self) -> FastMap<String, &'static str> {
        self.org_heads
            .iter()
            .filter(|(lang, ..)| lang != "ar")
            .map(|(_, form, role, _)| (form.clone(), role.as_str()))
            .collect()
    }

    /// Arabic organisation heads: normalised form → (role, kind).
    pub(super) fn ar_org_heads(&'static self) -> FastMap<String, (&'static str, ActorKind)> {
        self.org_heads
            .iter()
            .filter(|(lang, ..)| lang == "ar")
            .map(|(_, form, role, kind)| {
                let kind = kind.unwrap_or(ActorKind::Organization);
                (form.clone(), (role.as_str(), kind))
            })
            .collect()
    }
}

/// The actor kind written `s` (snake_case, as in the output).
fn actor_kind(s: &str) -> Option<ActorKind> {
    [
        ActorKind::Person,
        ActorKind::Organization,
        ActorKind::ArmedGroup,
        ActorKind::Media,
        ActorKind::Igo,
        ActorKind::Party,
        ActorKind::Group,
    ]
    .into_iter()
    .find(|k| k.as_str() == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_lists_parse_with_every_kind_filled() {
        let lex = embedded().unwrap();
        for kind in NAME_CUE_KINDS {
            assert!(!lex.set(kind).is_empty(), "{kind}");
        }
        assert_eq!(lex.en_org_heads()["ministry"], "GOV");
        assert_eq!(
            lex.ar_org_heads()[&normalize("حزب")],
            ("PTY", ActorKind::Party)
        );
        assert!(!version().is_empty());
    }
}
