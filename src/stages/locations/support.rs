//! Support rules after the context rules: one sense per document for
//! person readings, stoplisted names need support, cue words narrow the
//! feature class, minor places need a focus country, and small places need
//! context (containment, a cue word, a division word or their division
//! named elsewhere).

use std::collections::{HashMap, HashSet};

use crate::nlp::script::is_latin;
use crate::stages::Analysis;

use super::env::{Env, division_keys};
use super::focus::Focus;
use super::gazetteer::Place;
use super::occurrence::{ClassCue, Occurrence};
use super::params::{MINOR_FOCUS_SHARE, MINOR_POPULATION};

/// One sense per document holds for person-or-place too: once a name was
/// read as a person's, its bare mentions (no containment, no cue) are the
/// person as well ("George Bush … Bush").
pub(super) fn persons_one_sense(occ: &mut [Occurrence]) {
    let persons: HashSet<String> = occ
        .iter()
        .filter(|o| o.person)
        .map(|o| o.key.clone())
        .collect();
    for o in occ.iter_mut() {
        if persons.contains(&o.key) && o.contained.is_none() && o.cue.is_none() {
            o.drop_by("person_one_sense", false);
        }
    }
}

/// A stoplisted name (الجنوب, "Reading") without support in the text
/// (containment, a cue word) is a word.
pub(super) fn stopwords_need_support(occ: &mut [Occurrence]) {
    for o in occ.iter_mut() {
        if o.stopword && !o.supported {
            o.drop_by("unsupported_stopword", false);
        }
    }
}

/// A cue word keeps only the candidates of its feature class. It does not
/// turn a country or a big city into a same-named small town ("city of
/// Lebanon" stays Lebanon): then, or when no candidate fits, the cue is
/// forgotten.
pub(super) fn narrow_to_cue(env: &Env<'_>, occ: &mut [Occurrence]) {
    for o in occ.iter_mut() {
        let Some(cue) = o.cue else {
            continue;
        };
        let kept: Vec<u32> = o
            .candidates
            .iter()
            .copied()
            .filter(|&c| cue.admits(env.place(c)))
            .collect();
        let only_small = kept.iter().all(|&c| env.needs_context(c))
            && o.candidates.iter().any(|&c| !env.needs_context(c));
        if kept.is_empty() || only_small {
            o.cue = None;
        } else {
            o.candidates = kept;
        }
    }
}

/// Minor places ([`Env::is_minor`]) stay only in a country the document is
/// about: one whose `focus` share is at least [`MINOR_FOCUS_SHARE`].
pub(super) fn minor_places_need_focus(env: &Env<'_>, focus: &Focus, occ: &mut [Occurrence]) {
    for o in occ.iter_mut().filter(|o| !o.dropped) {
        let keep: Vec<u32> = o
            .candidates
            .iter()
            .copied()
            .filter(|&c| {
                !env.is_minor(c, o) || focus.share(&env.place(c).country_code) >= MINOR_FOCUS_SHARE
            })
            .collect();
        if keep.is_empty() {
            o.drop_by("minor_place_outside_focus", false);
        } else {
            o.candidates = keep;
        }
    }
}

/// Drops candidates that need context ([`Env::needs_context`]) where
/// the text gives none. Containment is context (its candidates were
/// restricted already). Otherwise, over all mentions of the name (one
/// sense per document): a second-level division needs a division word
/// in the name or before it ("Suffolk County", "Rapides Parish",
/// "county of Suffolk"); a small town needs containment or a city cue on
/// some mention ("the town of Southold"), or, in Latin script, its first-
/// or second-level division named by another toponym of the document
/// ("Allendale" in an article that names New Jersey). Arabic script has
/// no capitals to mark a name, and small villages are named by common
/// nouns (الاتحاد "the union"), so there only containment and cue count.
/// An occurrence left without candidates is dropped.
pub(super) fn require_context(env: &Env<'_>, analysis: &Analysis, occ: &mut [Occurrence]) {
    let cx = DocContext::new(env, analysis, occ);
    let own_country_reading: Vec<Option<u32>> =
        occ.iter().map(|o| cx.own_country_reading(env, o)).collect();
    for (o, own_country) in occ.iter_mut().zip(own_country_reading) {
        if o.dropped {
            continue;
        }
        // Containment is context, but a county's short form inside it
        // is still the town ("Sacramento, California" is the city, not
        // Sacramento County).
        if let Some((allowed, _)) = &mut o.contained {
            if !cx.division_context.contains(&o.key) {
                let towns: Vec<u32> = allowed
                    .iter()
                    .copied()
                    .filter(|&c| !env.place(c).is_admin2())
                    .collect();
                if !towns.is_empty() {
                    *allowed = towns;
                }
            }
            continue;
        }
        if !everyday_word_has_context(env, &cx, o) {
            o.drop_by("everyday_word_needs_context", false);
            continue;
        }
        keep_candidates_with_context(env, &cx, o, own_country);
        if o.candidates.is_empty() {
            o.drop_by("needs_context", false);
        }
    }
}

/// What the whole document says about names, for [`require_context`].
struct DocContext<'a> {
    /// Names with containment or a cue on some mention.
    town_context: HashSet<String>,
    /// Names with a division word on some mention.
    division_context: HashSet<String>,
    /// Divisions named in the document (`CC.a1` or `CC.a1.a2`), with the
    /// names that name them.
    named: HashMap<String, Vec<String>>,
    /// Countries named in the document (by any candidate reading), with
    /// the names that name them.
    countries: HashMap<&'a str, Vec<String>>,
}

impl<'a> DocContext<'a> {
    fn new(env: &Env<'a>, analysis: &Analysis, occ: &[Occurrence]) -> Self {
        let division_word = |o: &Occurrence| {
            let tokens = &analysis.fields[o.field_index].tokens;
            o.cue == Some(ClassCue::Division)
                || (o.tokens.len() > 1
                    && tokens
                        .get(o.tokens.end - 1)
                        .is_some_and(|t| env.rules.is_division_cue(&t.norm)))
        };
        let push = |names: &mut Vec<String>, key: &String| {
            if !names.contains(key) {
                names.push(key.clone());
            }
        };
        let mut cx = DocContext {
            town_context: HashSet::new(),
            division_context: HashSet::new(),
            named: HashMap::new(),
            countries: HashMap::new(),
        };
        for o in occ.iter().filter(|o| !o.dropped) {
            if o.contained.is_some() || o.cue.is_some() {
                cx.town_context.insert(o.key.clone());
            }
            if division_word(o) {
                cx.division_context.insert(o.key.clone());
            }
        }
        for o in occ.iter().filter(|o| !o.dropped) {
            let cands = o.contained.as_ref().map_or(&o.candidates, |(c, _)| c);
            for &c in cands {
                let p = env.place(c);
                let (a1, a2) = division_keys(p);
                let key = if p.is_admin1() {
                    a1
                } else if p.is_admin2() {
                    a2
                } else {
                    None
                };
                if let Some(k) = key {
                    push(cx.named.entry(k).or_default(), &o.key);
                }
            }
        }
        for o in occ.iter().filter(|o| !o.dropped) {
            for &c in &o.candidates {
                let p = env.place(c);
                if p.is_country() {
                    push(
                        cx.countries.entry(p.country_code.as_str()).or_default(),
                        &o.key,
                    );
                }
            }
        }
        cx
    }

    /// Is country `cc` named in the document by a name other than `key`?
    fn country_named(&self, cc: &str, key: &str) -> bool {
        self.countries
            .get(cc)
            .is_some_and(|names| names.iter().any(|n| n != key))
    }

    /// Is a division of `p` named in the document by a name other than `key`?
    fn in_named(&self, p: &Place, key: &str) -> bool {
        let (a1, a2) = division_keys(p);
        [a1, a2].into_iter().flatten().any(|d| {
            self.named
                .get(&d)
                .is_some_and(|names| names.iter().any(|n| n != key))
        })
    }

    /// The one second-level division of a country named elsewhere in the
    /// document whose own full name `o` writes ("Hampshire" in an article
    /// that names the UK; a US county's name is "Orange County", so "Orange"
    /// never qualifies). Small towns do not qualify this way: a country's
    /// name supports too many of them ("Atlantic", Iowa, in any US article).
    fn own_country_reading(&self, env: &Env<'_>, o: &Occurrence) -> Option<u32> {
        if o.dropped || o.common_word || o.also_person || !is_latin(&o.written) {
            return None;
        }
        let written = o.written.to_lowercase();
        let mut hits = o.candidates.iter().copied().filter(|&c| {
            let p = env.place(c);
            p.is_admin2()
                && p.name.to_lowercase() == written
                && self.country_named(&p.country_code, &o.key)
        });
        match (hits.next(), hits.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    }
}

/// Rule `everyday_word_needs_context`: an Arabic name that is an everyday
/// word (`Rules::is_common_arabic_word`: بيان "statement", جديدة "new",
/// موت "death") names a small place only with context evidence: a cue word
/// («قرية جديدة»), containment (checked by the caller), or the place's
/// governorate or district named elsewhere in the document. Its big
/// readings ([`is_big_place`]) need none. Keeps the candidates that pass;
/// false when none is left. The document's focus country is no evidence
/// here: the word is as frequent in an article about the country.
fn everyday_word_has_context(env: &Env<'_>, cx: &DocContext<'_>, o: &mut Occurrence) -> bool {
    if o.cue.is_some() || is_latin(&o.written) || !env.rules.is_common_arabic_word(&o.key) {
        return true;
    }
    let key = o.key.clone();
    o.candidates.retain(|&c| {
        let p = env.place(c);
        is_big_place(p) || cx.in_named(p, &key)
    });
    !o.candidates.is_empty()
}

/// A country, first-level division, region, capital or city of
/// [`MINOR_POPULATION`] people or more: a reading that a word's other
/// meaning does not hide.
fn is_big_place(p: &Place) -> bool {
    p.is_country()
        || p.is_admin1()
        || p.is_region()
        || p.is_continent()
        || p.feature_code == "PPLC"
        || (p.feature_class == 'P' && p.population >= MINOR_POPULATION)
}

/// Keeps the candidates of `o` (not contained) that need no context or
/// have it.
fn keep_candidates_with_context(
    env: &Env<'_>,
    cx: &DocContext<'_>,
    o: &mut Occurrence,
    own_country: Option<u32>,
) {
    let latin = is_latin(&o.written);
    // A division named elsewhere supports a small place only where
    // the name has no major reading (a country, a division, a
    // capital, a city of [`MINOR_POPULATION`]): "China" stays the
    // country in an article that names Texas (China, Texas has
    // 1,000 people).
    let has_big = o.candidates.iter().any(|&c| {
        let p = env.place(c);
        !env.needs_context(c)
            && (p.feature_class != 'P'
                || p.feature_code == "PPLC"
                || p.population >= MINOR_POPULATION)
    });
    let written = o.written.to_lowercase();
    let key = o.key.clone();
    let stopword = o.stopword;
    let near = &o.near;
    o.candidates.retain(|&c| {
        if !env.needs_context(c) {
            return true;
        }
        // An everyday word (إلى, "Union") is no small town's name
        // here, whatever the context.
        if stopword {
            return false;
        }
        if near.contains(&c) {
            return true;
        }
        let p = env.place(c);
        let named_here = latin && !has_big && (cx.in_named(p, &key) || own_country == Some(c));
        if p.is_admin2() {
            // A county's short form ("Suffolk") is a town's name or
            // a surname as often: a division needs its division
            // word, or its own full name ("Hampshire") in a text
            // that names its first-level division.
            cx.division_context.contains(&key) || (named_here && p.name.to_lowercase() == written)
        } else {
            cx.town_context.contains(&key) || named_here
        }
    });
}

#[cfg(test)]
mod tests {
    use crate::stages::locations::params::SUPPORTED_STOPWORD_CONFIDENCE;
    use crate::stages::locations::testutil::*;

    #[test]
    fn everyday_arabic_words_name_no_small_place_without_context() {
        // Sentences we wrote; بيان "statement", جديدة "new", موت "death"
        // are also names of small places.
        for body in [
            "أصدرت الوزارة بيان حول الاجتماع.",
            "نشرت الصحيفة صورة جديدة للمبنى.",
            "نجا الركاب من موت محقق.",
        ] {
            let d = tag(body);
            assert!(d.locations.is_empty(), "{body}: {:#?}", d.locations);
        }
    }

    #[test]
    fn a_name_read_as_a_person_stays_a_person() {
        let d = tag("Senator Ben Sanford spoke first. Later Sanford left the hall.");
        assert!(d.locations.is_empty(), "{:#?}", d.locations);
        // The preposition على normalises like the given name علي: no person cue.
        assert_eq!(ids(&tag("هجوم على طرابلس أمس.")), vec![TRIPOLI_LY]);
    }

    #[test]
    fn stoplisted_names_need_support() {
        assert!(
            tag("سيطرت القوات على مناطق الجنوب أمس.")
                .locations
                .is_empty()
        );
        assert!(
            tag("Reading is a pleasure, and Bath time is fun.")
                .locations
                .is_empty()
        );
        let d = tag("The festival opened in Nice, France on Friday.");
        assert!(ids(&d).contains(&2990440), "{:#?}", d.locations);
        assert!(find(&d, 2990440).confidence <= SUPPORTED_STOPWORD_CONFIDENCE);
    }

    #[test]
    fn divisions_named_by_everyday_words_need_their_country_in_focus() {
        const LIB_MH: u64 = 7303522;
        // "Lib" (Marshall Islands) and "Bay" (Somalia) are words here.
        let d = tag("The Lib Dems won the Bay seat.");
        assert!(!ids(&d).contains(&LIB_MH), "{:#?}", d.locations);
        assert!(
            d.locations.iter().all(|l| l.feature_code != "ADM1"),
            "{:#?}",
            d.locations
        );
        // A name we curated for news stays a place: Wales.
        assert_eq!(
            ids(&tag("Wales beat Italy in Cardiff.")).first(),
            Some(&2634895)
        );
    }

    #[test]
    fn everyday_words_naming_towns_need_more_than_a_capital_letter() {
        const GOLDEN_CO: u64 = 5423294;
        const GREEN_OH: u64 = 5156371;
        const OXFORD: u64 = 2640729;
        let d = tag("Green Day won a Golden Globe award in Los Angeles.");
        assert!(!ids(&d).contains(&GOLDEN_CO), "{:#?}", d.locations);
        assert!(!ids(&d).contains(&GREEN_OH), "{:#?}", d.locations);
        let d = tag("She moved to Golden, Colorado, last year.");
        assert!(ids(&d).contains(&GOLDEN_CO), "{:#?}", d.locations);
        // The organisation reading drops that mention only, not the town.
        let body = "He studied at Oxford University and still lives in Oxford.";
        let d = tag(body);
        let oxford = find(&d, OXFORD);
        let spans: Vec<(usize, usize)> = oxford.mentions.iter().map(|m| (m.start, m.end)).collect();
        assert_eq!(spans, vec![(51, 57)], "{:#?}", oxford.mentions);
    }

    #[test]
    fn small_towns_need_containment_a_cue_or_their_division_named() {
        const ALLENDALE_NJ: u64 = 5095124; // 6,822 people
        // Containment with an AP abbreviation.
        let d = tag("ALLENDALE, N.J. -- The club met on Monday.");
        assert!(ids(&d).contains(&ALLENDALE_NJ), "{:#?}", d.locations);
        assert!(find(&d, ALLENDALE_NJ).reason.contains("containment:US"));
        // Its first-level division named elsewhere in the text.
        let d = tag("The Allendale club met on Monday. New Jersey officials came.");
        assert!(ids(&d).contains(&ALLENDALE_NJ), "{:#?}", d.locations);
        // No context: a capitalised word is not enough for a small town.
        let d = tag("The Allendale club met on Monday.");
        assert!(d.locations.is_empty(), "{:#?}", d.locations);
    }

    #[test]
    fn counties_need_their_division_word() {
        const SUFFOLK_COUNTY_NY: u64 = 5140076;
        const SOUTHOLD_NY: u64 = 5139054;
        let d = tag("Suffolk County detectives found a skeleton. Police in New York said so.");
        assert!(ids(&d).contains(&SUFFOLK_COUNTY_NY), "{:#?}", d.locations);
        assert_eq!(find(&d, SUFFOLK_COUNTY_NY).feature_code, "ADM2");
        // A county contains its towns: "Southold, Suffolk County".
        let d = tag("The house stands in Southold, Suffolk County.");
        assert!(ids(&d).contains(&SOUTHOLD_NY), "{:#?}", d.locations);
        assert!(ids(&d).contains(&SUFFOLK_COUNTY_NY), "{:#?}", d.locations);
        // The bare short form is no county.
        let d = tag("Ms Blampied told the Suffolk Times.");
        assert!(
            !d.locations.iter().any(|l| l.feature_code == "ADM2"),
            "{:#?}",
            d.locations
        );
        // A county's short form inside containment is the town.
        let d = tag("The shooting in Sacramento, California sparked protests.");
        let sacramento = find(&d, 5389489);
        assert_eq!(sacramento.feature_code, "PPL");
    }

    #[test]
    fn a_division_named_in_full_counts_where_its_country_is_named() {
        const HAMPSHIRE_GB: u64 = 2647554;
        let d =
            tag("Snow closed roads in Hampshire, and forecasters across Britain warned of ice.");
        assert!(ids(&d).contains(&HAMPSHIRE_GB), "{:#?}", d.locations);
        // Without its country named, the bare name is not enough.
        let d = tag("Snow closed roads in Hampshire overnight.");
        assert!(!ids(&d).contains(&HAMPSHIRE_GB), "{:#?}", d.locations);
    }

    #[test]
    fn arabic_small_places_need_containment_or_a_cue() {
        const BEITUNIA: u64 = 284294; // بيتونيا, 12,822 people
        let body = "اقتحمت القوات قرية بيتونيا فجر اليوم.";
        let d = tag(body);
        let b = find(&d, BEITUNIA);
        assert_eq!(b.mentions[0].text, "بيتونيا");
        assert_eq!(
            CharSpan::new(b.mentions[0].start, b.mentions[0].end).slice(body),
            Some("بيتونيا")
        );
        assert!(b.reason.contains("cue_city"), "{}", b.reason);
        // Without a cue it is not tagged: small villages are named by words.
        assert!(tag("اقتحمت القوات بيتونيا فجر اليوم.").locations.is_empty());
        // A nisba adjective right after a noun does not make it a village
        // ("الفصائل الفلسطينية", the Palestinian factions).
        let d = tag("اجتمعت الفصائل الفلسطينية في القاهرة.");
        assert_eq!(ids(&d), vec![CAIRO], "{:#?}", d.locations);
        // Bare juxtaposition is no containment: إلى is a preposition here,
        // not Ely, Nevada (إلي).
        let d = tag("سافر الوزير إلى الولايات المتحدة أمس.");
        assert_eq!(ids(&d), vec![6252001], "{:#?}", d.locations);
        // "the coalition in Yemen": a preposition alone does not make a
        // village of التحالف; "the capital of Palestine" is no town.
        let d = tag("قال إن التدخل العسكري من قبل التحالف في اليمن كان بطلب من الحكومة.");
        assert_eq!(ids(&d), vec![69543], "{:#?}", d.locations);
        let d = tag("رفع المتظاهرون لافتة تقول القدس هي عاصمة فلسطين.");
        assert!(
            d.locations.iter().all(|l| l.country_code != "US"),
            "{:#?}",
            d.locations
        );
        // A town in the focus country does not outrank a world city:
        // مدينة برلين is Berlin, Germany, in a text about the United States.
        let d = tag("قال مسؤول أمريكي في الولايات المتحدة إن الوفد وصل إلى مدينة برلين.");
        assert!(ids(&d).contains(&2950159), "{:#?}", d.locations);
    }
}
