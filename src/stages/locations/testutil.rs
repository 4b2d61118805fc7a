//! Builders and GeoNames IDs shared by the stage's unit tests.

pub(crate) use std::sync::Arc;

pub(crate) use crate::article::{
    Actor, ActorKind, ActorSource, CharSpan, Field, Location, Origin, RawArticle,
};
pub(crate) use crate::lexicon::Lexicon;
pub(crate) use crate::stages::{Document, Stage, StageError, testutil};

pub(crate) use super::{Gazetteer, LocationTagger};

/// The tagger over the embedded gazetteer, built once per test binary.
pub(crate) fn tagger() -> &'static LocationTagger {
    static T: std::sync::OnceLock<LocationTagger> = std::sync::OnceLock::new();
    T.get_or_init(|| LocationTagger::new(Arc::new(Gazetteer::embedded()), &Lexicon::embedded()))
}

pub(crate) fn doc(body: &str) -> Document {
    let raw: RawArticle =
        serde_json::from_value(serde_json::json!({"id": "t", "body": body})).unwrap();
    let mut d = Document::new(
        raw,
        Origin {
            topic: "test".into(),
            partition: 0,
            offset: 0,
        },
    );
    testutil::analyze(&mut d);
    d
}

pub(crate) fn tag(body: &str) -> Document {
    let mut d = doc(body);
    tagger().process(&mut d).unwrap();
    d
}

pub(crate) fn ids(d: &Document) -> Vec<u64> {
    d.locations.iter().filter_map(|l| l.geonameid).collect()
}

pub(crate) fn find(d: &Document, id: u64) -> &Location {
    d.locations
        .iter()
        .find(|l| l.geonameid == Some(id))
        .unwrap_or_else(|| panic!("{id} not in {:#?}", d.locations))
}

pub(crate) const TRIPOLI_LY: u64 = 2210247;
pub(crate) const TRIPOLI_LB: u64 = 266826;
pub(crate) const CAIRO: u64 = 360630;
pub(crate) const LIBYA: u64 = 2215636;
pub(crate) const EGYPT: u64 = 357994;
pub(crate) const BENGHAZI: u64 = 88319;
pub(crate) const AMMAN: u64 = 250441;
pub(crate) const OMAN: u64 = 286963;

pub(crate) const WASHINGTON_DC: u64 = 4140963;
pub(crate) const WASHINGTON_STATE: u64 = 5815135;

pub(crate) const RED_SEA: u64 = 350155;
pub(crate) const GULF_OF_ADEN: u64 = 80303;
pub(crate) const ADEN: u64 = 415189;
pub(crate) const PERSIAN_GULF: u64 = 235616;
pub(crate) const MEDITERRANEAN: u64 = 363196;
pub(crate) const MAGHREB: u64 = 2219875;
pub(crate) const MOROCCO: u64 = 2542007;
pub(crate) const LEVANT: u64 = 305104;
pub(crate) const SAHEL: u64 = 2425938;
pub(crate) const SAHEL_BF: u64 = 6930713;
pub(crate) const RED_SEA_STATE_SD: u64 = 408646;
pub(crate) const RED_SEA_GOVERNORATE_EG: u64 = 361468;
pub(crate) const ATLANTIC: u64 = 3373405;
pub(crate) const NORTH_ATLANTIC: u64 = 3411923;

pub(crate) const MIDDLE_EAST: u64 = 6269133;
pub(crate) const HORN_OF_AFRICA: u64 = 11820342;
pub(crate) const KOREAN_PENINSULA: u64 = 11494804;
pub(crate) const CENTRAL_AFRICA: u64 = 7729886;
pub(crate) const CAR: u64 = 239880;
pub(crate) const SOUTH_CHINA_SEA: u64 = 12218168;
pub(crate) const SOUTHEAST_ASIA: u64 = 7729896;
pub(crate) const EAST_ASIA: u64 = 7729894;
pub(crate) const SOUTH_AFRICA: u64 = 953987;
pub(crate) const MIDDLE_EAST_MD: u64 = 11980025;
pub(crate) const WESTERN_EUROPE: u64 = 9408659;
pub(crate) const CENTRAL_EUROPE: u64 = 12217848;
pub(crate) const SUB_SAHARAN_AFRICA: u64 = 12212804;
pub(crate) const EAST_LONDON_ZA: u64 = 1006984;
