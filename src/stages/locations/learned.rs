//! What the learned entity tagger (the `entities` stage) tells this stage
//! about a toponym occurrence: a LOC mention at the same span supports a
//! gazetteer name that would otherwise need support (a stoplisted name:
//! one that is also an everyday word), a name inside a PER, ORG or MISC
//! mention is part of that name, not a place («وكالة فرانس برس», "the
//! Washington Post", "University of Michigan"), and a name the `entities`
//! stage read as a club, a side of a sports result ("Leeds 2 Everton 1",
//! rule team-in-sports-result), is no place there.
//!
//! Both uses were measured before being switched on (`docs/ner.md`):
//! toponym detection on the authored toponym dev sets (`data/dev/`) and
//! LOC on the authored NER dev splits (`data/ner/authored/*/dev.conll`).

use super::occurrence::Occurrence;
use crate::article::{CharSpan, EntityKind, EntityMention, EntityRule, Field};

/// The step after the context rules: a toponym inside a longer learned
/// name is dropped (rule `inside_learned_name`), and so is one that is
/// exactly a club's name in a sports result (rule `club_of_sports_result`);
/// one the tagger reads as a place counts as support.
pub(super) fn apply(entities: &[EntityMention], occ: &mut [Occurrence]) {
    let learned = LearnedNames::new(entities);
    for o in occ.iter_mut() {
        if !o.dropped && learned.inside_other_name(o.field, o.span) {
            o.drop_by("inside_learned_name", false);
        }
        if !o.dropped && learned.is_club(o.field, o.span) {
            o.drop_by("club_of_sports_result", false);
        }
        o.supported |= learned.is_place(o.field, o.span);
    }
}

/// The learned mentions of one document, by field.
pub(super) struct LearnedNames<'a> {
    entities: &'a [EntityMention],
}

impl<'a> LearnedNames<'a> {
    /// Over `entities` (the document's, in text order).
    pub fn new(entities: &'a [EntityMention]) -> Self {
        Self { entities }
    }

    fn overlapping(&self, field: Field, span: CharSpan) -> impl Iterator<Item = &EntityMention> {
        self.entities
            .iter()
            .filter(move |e| e.field == field && e.start < span.end && span.start < e.end)
    }

    /// A LOC mention covers the occurrence (a place the model read as one).
    pub fn is_place(&self, field: Field, span: CharSpan) -> bool {
        self.overlapping(field, span)
            .any(|e| e.kind == EntityKind::Loc && e.start <= span.start && span.end <= e.end)
    }

    /// An ORG mention that the `entities` stage's rule team-in-sports-result
    /// read as a side of a sports result spans exactly the occurrence. Mentions the
    /// tagger itself read as ORG do not count (see `inside_other_name` for
    /// why a city in an English ORG name stays a toponym).
    pub fn is_club(&self, field: Field, span: CharSpan) -> bool {
        self.overlapping(field, span).any(|e| {
            e.rule == Some(EntityRule::TeamInSportsResult)
                && e.start == span.start
                && e.end == span.end
        })
    }

    /// The occurrence lies inside a longer name and no LOC mention overlaps
    /// it: a word of another name. In English only a person's name counts
    /// ("Denzel Washington"): a city opening a team, utility or council
    /// name ("Austin Energy", "Houston Rockets") is a toponym by the
    /// convention of the toponym corpora (measured on
    /// `data/dev/toponyms_en_cities.jsonl`: dropping inside ORG cost 3
    /// points of detection F1). In Arabic a name inside an organisation's
    /// name goes too («وكالة فرانس برس»; LOC F1 on the authored Arabic NER
    /// dev split 77.5 → 79.0, toponym dev unchanged).
    pub fn inside_other_name(&self, field: Field, span: CharSpan) -> bool {
        let mut inside = false;
        for e in self.overlapping(field, span) {
            if e.kind == EntityKind::Loc {
                return false;
            }
            if e.kind != EntityKind::Per && e.model != "ner_ar" {
                continue;
            }
            if e.start <= span.start && span.end <= e.end && e.end - e.start > span.len() {
                inside = true;
            }
        }
        inside
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(kind: EntityKind, start: usize, end: usize, model: &'static str) -> EntityMention {
        EntityMention {
            kind,
            field: Field::Body,
            start,
            end,
            text: String::new(),
            score: 0.9,
            model,
            rule: None,
        }
    }

    #[test]
    fn only_clubs_of_sports_results_are_no_places() {
        let club = EntityMention {
            rule: Some(EntityRule::TeamInSportsResult),
            ..e(EntityKind::Org, 0, 5, "ner_en")
        };
        let en = [club, e(EntityKind::Org, 10, 16, "ner_en")];
        let l = LearnedNames::new(&en);
        assert!(l.is_club(Field::Body, CharSpan::new(0, 5)));
        assert!(!l.is_club(Field::Title, CharSpan::new(0, 5)));
        // Not exactly the club's span.
        assert!(!l.is_club(Field::Body, CharSpan::new(0, 3)));
        // An ORG the tagger read itself.
        assert!(!l.is_club(Field::Body, CharSpan::new(10, 16)));
    }

    #[test]
    fn names_inside_other_names_and_places_the_model_read() {
        let ar = [
            e(EntityKind::Org, 0, 15, "ner_ar"),
            e(EntityKind::Loc, 20, 27, "ner_ar"),
        ];
        let l = LearnedNames::new(&ar);
        assert!(l.inside_other_name(Field::Body, CharSpan::new(6, 11)));
        assert!(!l.inside_other_name(Field::Title, CharSpan::new(6, 11)));
        assert!(!l.inside_other_name(Field::Body, CharSpan::new(20, 27)));
        assert!(l.is_place(Field::Body, CharSpan::new(20, 27)));
        assert!(!l.is_place(Field::Body, CharSpan::new(6, 11)));
        // English: only a person's name hides a place.
        let en = [
            e(EntityKind::Org, 0, 14, "ner_en"),
            e(EntityKind::Per, 20, 37, "ner_en"),
        ];
        let l = LearnedNames::new(&en);
        assert!(!l.inside_other_name(Field::Body, CharSpan::new(0, 6)));
        assert!(l.inside_other_name(Field::Body, CharSpan::new(27, 37)));
        // A LOC mention over the same words keeps the place.
        let both = [
            e(EntityKind::Per, 0, 10, "ner_en"),
            e(EntityKind::Loc, 5, 10, "ner_en"),
        ];
        assert!(!LearnedNames::new(&both).inside_other_name(Field::Body, CharSpan::new(5, 10)));
    }
}
