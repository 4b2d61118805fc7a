//! Toponyms inside the names of actors that the `actors` stage found
//! earlier in the chain (the stage declares `reads: [actors]`).

use crate::article::{Actor, ActorKind, ActorSource};
use crate::nlp::script::is_latin;

use super::super::occurrence::Occurrence;

/// person name found by the name patterns, earlier in the chain (the actors
/// stage runs before this one): «فلاديمير» in
/// «فلاديمير بوتين» (Vladimir Putin, not the city), «فرانس» in «وكالة فرانس
/// برس» (AFP), «السعودية» in «وكالة الأنباء السعودية», "Wales" in "Prince of
/// Wales". Only dictionary names count: agent phrases are not names
/// ("Egypt's president" keeps Egypt) and title-pattern names can start with
/// a place («المتحدث باسم شرطة كابول …»). Other mentions of the same name are
/// left alone ("Israel Katz" does not make every "Israel" a person).
pub(in super::super) fn drop_inside_actor_names(actors: &[Actor], occ: &mut [Occurrence]) {
    for a in actors.iter().filter(|a| {
        a.source == ActorSource::Dictionary
            || (a.source == ActorSource::NamePattern && a.kind == ActorKind::Person)
    }) {
        for m in a.mentions.iter().filter(|m| {
            // Latin-script name-pattern persons are capitalised runs that
            // also cover places the name lists do not know: measured on
            // LGL, trusting them lost more places than it saved
            // (detection F1 66.3 → 65.4).
            a.source == ActorSource::Dictionary || !is_latin(&m.text)
        }) {
            for o in occ
                .iter_mut()
                .filter(|o| o.field == m.field && m.start <= o.span.start && o.span.end <= m.end)
            {
                o.drop_by("inside_actor_name", false);
            }
        }
    }
}
