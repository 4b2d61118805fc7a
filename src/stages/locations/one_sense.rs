//! One sense per document: all mentions of one normalised name share one
//! resolution, unless containment says otherwise for some of them
//! ("Tripoli, Lebanon" … "Tripoli, Libya").

use std::collections::BTreeMap;

use super::occurrence::Occurrence;

/// A set of occurrences resolved together (one sense per document).
#[derive(Debug)]
pub(super) struct Group {
    pub(super) members: Vec<usize>,
    pub(super) candidates: Vec<u32>,
    pub(super) restriction: Option<String>,
}

/// Groups kept occurrences by normalised name (one sense per document);
/// occurrences whose containment contradicts the rest form their own group.
pub(super) fn group(occ: &[Occurrence]) -> Vec<Group> {
    let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, o) in occ.iter().enumerate().filter(|(_, o)| !o.dropped) {
        by_key.entry(o.key.as_str()).or_default().push(i);
    }
    let mut groups = Vec::new();
    for members in by_key.into_values() {
        let mut candidates: Vec<u32> = Vec::new();
        for &i in &members {
            for &c in &occ[i].candidates {
                if !candidates.contains(&c) {
                    candidates.push(c);
                }
            }
        }
        let restricted: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| occ[i].contained.is_some())
            .collect();
        if restricted.is_empty() {
            groups.push(Group {
                members,
                candidates,
                restriction: None,
            });
            continue;
        }
        let mut common: Vec<u32> = candidates.clone();
        for &i in &restricted {
            let (allowed, _) = occ[i].contained.as_ref().expect("restricted");
            common.retain(|c| allowed.contains(c));
        }
        if !common.is_empty() {
            let country = occ[restricted[0]]
                .contained
                .as_ref()
                .map(|(_, c)| c.clone())
                .unwrap_or_default();
            groups.push(Group {
                members,
                candidates: common,
                restriction: Some(format!("containment:{country}")),
            });
            continue;
        }
        // Contradicting containments ("Tripoli, Lebanon" … "Tripoli, Libya"):
        // each restricted mention stands alone; the rest are scored.
        for &i in &restricted {
            let (allowed, country) = occ[i].contained.clone().expect("restricted");
            groups.push(Group {
                members: vec![i],
                candidates: allowed,
                restriction: Some(format!("containment:{country}")),
            });
        }
        let rest: Vec<usize> = members
            .iter()
            .copied()
            .filter(|i| !restricted.contains(i))
            .collect();
        if !rest.is_empty() {
            groups.push(Group {
                members: rest,
                candidates,
                restriction: None,
            });
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use crate::stages::locations::testutil::*;

    #[test]
    fn one_sense_per_document_carries_containment_to_later_mentions() {
        let d = tag("Clashes broke out in Tripoli, Lebanon. Later, Tripoli was calm again.");
        let lb = find(&d, TRIPOLI_LB);
        assert_eq!(lb.mentions.len(), 2, "{lb:#?}");
        assert!(lb.reason.contains("one_sense"));
        assert!(!ids(&d).contains(&TRIPOLI_LY));
    }
}
