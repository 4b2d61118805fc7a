//! Shared bodies and helpers for the zone rules' tests.

use super::{ZoneRules, Zoning};
use crate::article::ZoneKind;
use crate::nlp::tokenize::tokenize;

/// Zones of `body` by `rules`.
pub(super) fn split(rules: &ZoneRules, body: &str) -> Zoning {
    rules.split(body, &tokenize(body))
}

/// (kind, rule code) of each excluded zone, in order.
pub(super) fn zones(z: &Zoning) -> Vec<(ZoneKind, &str)> {
    z.excluded
        .iter()
        .map(|e| (e.kind, e.rule.as_str()))
        .collect()
}

/// Two lines of Arabic news text with no boilerplate (written for these tests).
pub(super) const ARTICLE_AR: &str = "التقى الرئيس المصري عبد الفتاح السيسي في القاهرة المشير خليفة حفتر.\nوبحث الجانبان تطورات الأوضاع في ليبيا.";
/// Two lines of English news text with no boilerplate (written for these tests).
pub(super) const ARTICLE_EN: &str = "Egypt's president met Khalifa Haftar in Cairo on Sunday.\nThe talks covered the offensive on Tripoli.";
