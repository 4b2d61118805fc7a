//! Named rules for three kinds of place the stage used to miss (issue 17,
//! found with `data/dev/toponyms_*.jsonl`; see
//! `data/gazetteer/wof/LOADING.md` § 2). Each is a predicate the tagger asks
//! at one point; the reasons are in the docs.
//!
//! - [`big_place_keeps_other_mentions`] — *a city that opens an
//!   organisation's name*: "Austin Energy", "Houston Rockets", "Sydney
//!   Water". A one-word name that is also a person's name, right before a
//!   capitalised word, is dropped there as (part of) a person's or
//!   organisation's name; one sense per document then used to drop every
//!   other mention of it. For a big place that reading does not spread: a
//!   city of half a million people or more, a first-level division or a
//!   country is named on its own in the same article far more often than a
//!   namesake person is ("Austin police … Austin Energy crews … Austin
//!   would review").
//! - [`arabic_town_is_its_own_evidence`] — *Arab towns of 10,000–100,000
//!   people in short local and social text*: a town under 100,000 named by
//!   one bare token is otherwise kept only in a focus country, and a tweet
//!   («سراقب تحت القصف مجدداً») names no country. A name written in Arabic
//!   script whose candidates all lie in Arabic-speaking countries restricts
//!   the world by itself, so a town of [`ARAB_TOWN_POPULATION`] or more
//!   there is not minor — in a hashtag or a short text only
//!   ([`social_context`]): in a long article such a name is far more often
//!   a word («بيان» "statement" is also Bayān, Kuwait; measured on our
//!   5,933 real articles).
//! - [`big_city_behind_a_proclitic`] — *a short name behind a proclitic*
//!   («بعدن», «بحلب»): a stem of three letters or fewer after a stripped
//!   proclitic is as likely a word (كامل → ك + امل) and is kept only in a
//!   focus country; a capital, or a city or first-level division of the
//!   Arab world of [`FRAGILE_CITY_POPULATION`] people or more, is no such
//!   word (outside the Arab world short Arabic names of big cities are
//!   words: ليل "night" is also Lille).

use crate::article::{CharSpan, FieldText};

use super::gazetteer::Place;
use super::params::{
    ARAB_TOWN_POPULATION, BIG_PLACE_POPULATION, FRAGILE_CITY_POPULATION, SHORT_TEXT_CHARS,
};

/// Does a person or organisation reading of one mention spread to the
/// other mentions of the same name? Not when some candidate is a country,
/// a first-level division or a city of [`BIG_PLACE_POPULATION`] or more.
pub(super) fn big_place_keeps_other_mentions<'p>(
    mut candidates: impl Iterator<Item = &'p Place>,
) -> bool {
    candidates.any(|p| {
        p.is_country()
            || p.is_admin1()
            || (p.feature_class == 'P' && p.population >= BIG_PLACE_POPULATION)
    })
}

/// Is the mention at `span` of `text` (a field) social-media or local-brief
/// writing: a hashtag (`#سراقب`, `#حفر_الباطن`) or a field of at most
/// [`SHORT_TEXT_CHARS`]? Long articles name their country; a town name
/// there that is also a word («بيان» "statement", الخميس "Thursday") is the
/// word.
pub(super) fn social_context(text: &FieldText<'_>, span: CharSpan) -> bool {
    // The char before the word the span starts in (Arabic letters and the
    // underscores of a hashtag are skipped), read backwards from the span:
    // O(length of the word), not of the text before it.
    let before = text
        .slice(0, span.start)
        .chars()
        .rev()
        .find(|&c| !(c == '_' || crate::nlp::script::is_arabic_letter(c)));
    before == Some('#') || text.char_len() <= SHORT_TEXT_CHARS
}

/// Is `place`, a candidate of a one-token name written in Arabic script,
/// its own evidence (not a minor place)? When it is a town of
/// [`ARAB_TOWN_POPULATION`] or more in an Arabic-speaking country and every
/// candidate of the name is in one (`all_arab`), and the name is no
/// stopword, given name or everyday word (`wordlike`).
pub(super) fn arabic_town_is_its_own_evidence(
    place: &Place,
    arabic_script: bool,
    all_arab: bool,
    wordlike: bool,
) -> bool {
    arabic_script
        && all_arab
        && !wordlike
        && place.feature_class == 'P'
        && place.population >= ARAB_TOWN_POPULATION
        && is_arabic_speaking(&place.country_code)
}

/// Is a short stem behind a proclitic a name anyway (see the module docs)?
pub(super) fn big_city_behind_a_proclitic(place: &Place) -> bool {
    let big_arab = is_arabic_speaking(&place.country_code)
        && (place.feature_class == 'P' || place.is_admin1())
        && place.population >= FRAGILE_CITY_POPULATION;
    big_arab || place.feature_code == "PPLC"
}

pub(super) use super::gazetteer::is_arabic_speaking;

#[cfg(test)]
mod tests {
    //! Authored sentences (ours, written for these tests), run through the
    //! tagger over the embedded gazetteer with Who's On First tier 1 and
    //! the landmarks.

    use crate::stages::locations::testutil::{Location, Stage, doc, tagger};

    /// The span of `word`'s last occurrence in `text`, in chars.
    fn span_of(text: &str, word: &str) -> crate::article::CharSpan {
        let start = text[..text.rfind(word).unwrap()].chars().count();
        crate::article::CharSpan::new(start, start + word.chars().count())
    }

    #[test]
    fn social_context_is_a_hashtag_or_a_short_text() {
        use super::social_context;
        use crate::article::FieldText;
        let filler = "خبر طويل عن الاقتصاد والسياسة في المنطقة. ".repeat(20);
        // A hashtag in a long text: the word after «#», also inside a joined tag.
        let long = format!("{filler} #حفر_الباطن اليوم");
        let t = FieldText::new(&long);
        assert!(social_context(&t, span_of(&long, "حفر")));
        assert!(social_context(&t, span_of(&long, "الباطن")));
        // The same name as a plain word of a long text: no.
        let plain = format!("{filler} حفر الباطن اليوم");
        let t = FieldText::new(&plain);
        assert!(!social_context(&t, span_of(&plain, "الباطن")));
        // Any name of a short text (560 chars or fewer) is in social context.
        let short = "وصلنا إلى حفر الباطن صباح اليوم";
        assert!(social_context(
            &FieldText::new(short),
            span_of(short, "الباطن")
        ));
    }

    fn tag(body: &str) -> Vec<Location> {
        let mut d = doc(body);
        tagger().process(&mut d).unwrap();
        d.locations
    }

    fn ids(locations: &[Location]) -> Vec<&str> {
        locations.iter().map(|l| l.gazetteer_id.as_str()).collect()
    }

    /// Mentions (start, end, text) of `id`, Unicode scalar values.
    fn mentions(locations: &[Location], id: &str) -> Vec<(usize, usize, String)> {
        locations
            .iter()
            .filter(|l| l.gazetteer_id == id)
            .flat_map(|l| l.mentions.iter().map(|m| (m.start, m.end, m.text.clone())))
            .collect()
    }

    const AUSTIN_TX: &str = "gn:4671654";
    const HOUSTON_TX: &str = "gn:4699066";

    #[test]
    fn a_big_city_opening_an_organisation_name_keeps_its_other_mentions() {
        let text = "Austin Energy raised its rates on Friday. Residents of Austin \
                    will pay more, and Austin officials promised a review.";
        let l = tag(text);
        assert_eq!(mentions(&l, AUSTIN_TX).len(), 2, "{:#?}", l);
        let text = "The Houston Rockets won at home. Fans in Houston celebrated late.";
        let l = tag(text);
        assert_eq!(mentions(&l, HOUSTON_TX).len(), 1, "{:#?}", l);
    }

    #[test]
    fn arab_towns_in_short_social_text_need_no_country() {
        // Saraqib (34,231 people) and Tarhuna (a Who's On First locality of
        // 210,697 in Libya, GeoNames 2210221).
        let l = tag("سراقب تحت القصف من جديد الليلة");
        assert_eq!(ids(&l), ["gn:164816"], "{l:#?}");
        assert_eq!(mentions(&l, "gn:164816"), [(0, 5, "سراقب".to_string())]);
        let l = tag("رجعت الكهرباء أخيراً إلى ترهونة بعد يومين");
        assert_eq!(ids(&l), ["gn:2210221"], "{l:#?}");
    }

    #[test]
    fn big_arab_cities_behind_a_proclitic_are_names() {
        // «بعدن»: ب + عدن, Aden (GeoNames 415189); the span leaves ب out.
        let l = tag("انقطاع المياه بعدن منذ أسبوع");
        assert_eq!(ids(&l), ["gn:415189"], "{l:#?}");
        assert_eq!(mentions(&l, "gn:415189"), [(15, 18, "عدن".to_string())]);
        // ك + امل ("hope") stays a word.
        assert!(tag("عاد كأمل جديد للناس").is_empty());
    }

    #[test]
    fn social_spellings_find_the_place_with_offsets_in_scalar_values() {
        // Joined words in a hashtag, dropped final hamza, a Maghrebi ڨ,
        // letter elongation; each span as written.
        let l = tag("زحمة خانقة اليوم في #ديرالزور");
        assert_eq!(
            mentions(&l, "gn:170794"),
            [(21, 29, "ديرالزور".to_string())]
        );
        let l = tag("الجو بارد في صنعا هذه الأيام");
        assert_eq!(mentions(&l, "gn:71137"), [(13, 17, "صنعا".to_string())]);
        let l = tag("مطر غزير في ڨفصة الليلة");
        assert!(
            mentions(&l, "gn:2468353").len() + mentions(&l, "gn:2468351").len() == 1,
            "{l:#?}"
        );
        let l = tag("وحشتيني يا حلبببب");
        assert_eq!(mentions(&l, "gn:170063"), [(11, 17, "حلبببب".to_string())]);
        let l = tag("Traffic jams again today #DeirEzzor");
        assert_eq!(mentions(&l, "gn:170794").len(), 1, "{l:#?}");
    }

    #[test]
    fn wof_and_natural_earth_places_carry_their_ids() {
        let l = tag("ارتفع منسوب نهر الفرات قرب سد الطبقة");
        assert!(ids(&l).contains(&"ne:river/euphrates"), "{l:#?}");
        assert!(ids(&l).contains(&"ne:dam/tabqa-dam"), "{l:#?}");
        let dam = l
            .iter()
            .find(|x| x.gazetteer_id == "ne:dam/tabqa-dam")
            .unwrap();
        assert_eq!(dam.geonameid, None);
        // A GeoNames place that Who's On First carries has both IDs.
        let l = tag("سراقب تحت القصف من جديد الليلة");
        assert_eq!(l[0].geonameid, Some(164816));
        assert!(l[0].wof_id.is_some(), "{l:#?}");
    }
}
