//! Person rules: a toponym that is (part of) a person's name. "غسان سلامة",
//! "President Chad", «جون بولتون», "George Bush", "Jordan Henderson".

use crate::nlp::script::is_latin;

use super::super::candidates::ARABIC_NAMED_COUNTRIES;
use super::super::env::Env;
use super::super::evidence;
use super::super::occurrence::Occurrence;
use super::FieldView;

/// The token right before `o` in its sentence with only whitespace between.
fn tight_before<'v>(view: &'v FieldView<'_>, o: &Occurrence) -> Option<&'v crate::nlp::Token> {
    let tok = &view.af.tokens[o.tokens.start];
    view.before(o)
        .filter(|prev| view.tight(prev.span.end, tok.span.start))
}

/// A title or given name of the person-cue list right before the name
/// («الرئيس عون», "President Chad"). Except, after an Arabic given name
/// (not a title), a place of the Arab world that is no person's name too:
/// the object of a verb-subject-object sentence («وصل أحمد الموصل»), not a
/// family name.
pub(in super::super) fn person_cue_before(
    env: &Env<'_>,
    view: &FieldView<'_>,
    o: &Occurrence,
) -> Option<bool> {
    let prev = tight_before(view, o)?;
    let arab_object = !is_latin(&o.written)
        && !env.rules.is_title_cue(&prev.norm)
        && !o.also_person
        && o.candidates.iter().all(|&c| {
            let cc = env.place(c).country_code.as_str();
            ARABIC_NAMED_COUNTRIES.contains(&cc)
        });
    (env.rules.is_person_cue(&prev.norm) && !arab_object).then_some(true)
}

/// «جون بولتون»، «أليكس فيرجسون»: a foreign town's name right after an
/// Arabic given name is a family name. Countries, divisions and capitals are
/// not («زار جون مصر»), nor towns of the Arab world, which follow a subject
/// in verb-subject-object order («وصل أحمد الموصل»).
pub(in super::super) fn arabic_given_name_before_foreign_town(
    env: &Env<'_>,
    view: &FieldView<'_>,
    o: &Occurrence,
) -> Option<bool> {
    let prev = tight_before(view, o)?;
    (!is_latin(&o.written)
        && !view.strong_hit(o.tokens.start - 1)
        && env.rules.is_ar_given_name(&prev.norm)
        && o.candidates.iter().all(|&c| {
            let p = env.place(c);
            p.feature_class == 'P'
                && p.feature_code != "PPLC"
                && !ARABIC_NAMED_COUNTRIES.contains(&p.country_code.as_str())
        }))
    .then_some(true)
}

/// "George Bush", "Ben Nelson": a one-token Latin name (or one that is also
/// a person's name) right after a capitalised word that is no place, no
/// place word and no function word.
///
/// The person reading (which spreads to the name's other mentions,
/// `support::persons_one_sense`) needs evidence of a person: the name is
/// also a person's, or the word before is a given name ("Keith Warden").
/// Otherwise the capitalised word is as likely a headline's or a title's
/// ("Rethinking Egypt", "Historic Gainesville"): a country, first-level
/// division or big city stays a place, a small place is dropped here only.
pub(in super::super) fn latin_first_name_before(
    env: &Env<'_>,
    view: &FieldView<'_>,
    o: &Occurrence,
) -> Option<bool> {
    let prev = tight_before(view, o)?;
    let firstname_before = is_latin(&o.written)
        && (o.also_person || o.tokens.len() == 1)
        && !env.rules.is_place_word(&prev.norm);
    let first_name_shape = firstname_before
        && !view.strong_hit(o.tokens.start - 1)
        && prev.capitalized
        && !env.rules.is_function_word(&prev.norm);
    if !first_name_shape {
        return None;
    }
    if o.also_person || env.rules.is_latin_given_name(&prev.norm) {
        return Some(true);
    }
    (!evidence::big_place_keeps_other_mentions(o.candidates.iter().map(|&c| env.place(c))))
        .then_some(false)
}

/// A name that is also a common person's name ("Jordan"), an everyday word
/// or a Latin given name, right before a capitalised word that is no place,
/// no division word and no word for a place's institutions ("Jordan
/// Henderson", "Golden Globe"; not "Tyler Police"). A person only if the
/// name is on the also-person list; otherwise just no place.
pub(in super::super) fn person_or_word_before_capitalised(
    env: &Env<'_>,
    view: &FieldView<'_>,
    o: &Occurrence,
) -> Option<bool> {
    if !(o.also_person || o.common_word || o.given_name) {
        return None;
    }
    let end = o.tokens.end;
    let next = view.after(o)?;
    (!view.strong_hit(end)
        && next.capitalized
        && view.tight(view.af.tokens[end - 1].span.end, next.span.start)
        && !env.rules.is_division_cue(&next.norm)
        && !env.rules.is_institution_word_after(&next.norm))
    .then(|| {
        // A big place keeps its other mentions: "Austin Energy" is no
        // reason to drop "in Austin" (`evidence::big_place_keeps_other_mentions`).
        o.also_person
            && !evidence::big_place_keeps_other_mentions(o.candidates.iter().map(|&c| env.place(c)))
    })
}

#[cfg(test)]
mod tests {
    use crate::stages::locations::testutil::*;

    #[test]
    fn a_town_name_after_an_arabic_given_name_is_a_family_name() {
        const BOLTON: u64 = 2655237;
        // Bolton, England (140,000 people), in a text we wrote.
        let d = tag("وقال السفير جون بولتون إن المجلس سيجتمع.");
        assert!(!ids(&d).contains(&BOLTON), "{:#?}", d.locations);
        // A country after a given name stays the country ("John visited
        // Egypt").
        assert!(ids(&tag("زار جون مصر الأسبوع الماضي.")).contains(&EGYPT));
        // على "on" is no given name (it normalises like علي).
        assert_eq!(ids(&tag("أغار الطيران على جباليا فجرا.")), vec![281129]);
        // Verb-subject-object: a town of the Arab world after the subject.
        assert_eq!(ids(&tag("وصل أحمد الموصل مساء أمس.")), vec![99072]);
    }

    #[test]
    fn person_names_are_not_places() {
        let d = tag("Michael Jordan scored forty points last night.");
        assert!(d.locations.is_empty(), "{:#?}", d.locations);
        assert!(ids(&tag("The forward, Chad Johnson, was injured.")).is_empty());
        assert_eq!(
            ids(&tag("King Abdullah of Jordan met the delegation.")),
            vec![248816]
        );
        let d = tag("وقال غسان سلامة إن المؤتمر تأجل.");
        assert!(d.locations.is_empty(), "{:#?}", d.locations);
    }

    #[test]
    fn a_given_name_before_a_capitalised_word_is_a_person() {
        const LA_SERENA: u64 = 3884373;
        const TYLER_TX: u64 = 4738214;
        let d = tag("Serena Williams beat her sister in Melbourne.");
        assert!(!ids(&d).contains(&LA_SERENA), "{:#?}", d.locations);
        assert!(ids(&d).contains(&2158177), "{:#?}", d.locations);
        // A big town's name is not a person's for the whole document: the
        // Denver Post, then Denver.
        let d = tag("The Denver Post said snow fell in Denver on Monday.");
        assert!(ids(&d).contains(&5419384), "{:#?}", d.locations);
        // A capitalised word that is no given name (a headline's, an
        // article, a weekday) makes no person of a big place or of a name
        // that is also a person's.
        assert!(ids(&tag("Rethinking Egypt: aid talks resume in Cairo.")).contains(&EGYPT));
        let d = tag("A Gainesville man was arrested. Sunday Gainesville police said more.");
        assert!(!d.locations.is_empty(), "{:#?}", d.locations);
        // A word for the place's institutions keeps the place reading.
        let d = tag("The Tyler Police said the road in Texas was closed.");
        assert!(ids(&d).contains(&TYLER_TX), "{:#?}", d.locations);
    }
}
