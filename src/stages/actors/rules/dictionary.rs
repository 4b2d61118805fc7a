//! Rule 1, `dictionary`: names of dictionary entries, with short-alias
//! resolution (a one-token alias of a person refers to the entry whose full
//! name the document names, else to the single entry that has it or held a
//! dated role on the publication date) and date-resolved codes.

use chrono::NaiveDate;

use crate::article::{Actor, ActorKind, ActorSource, EntityMention, FieldText, Mention};
use crate::nlp::AnalyzedField;
use crate::nlp::script::has_arabic;

use super::super::dictionary::ActorEntry;
use super::super::evidence::{NameHit, confidence};
use super::super::tables::{ActorTables, FieldScan, is_acronym};

impl ActorTables {
    /// Dictionary names in every field (Latin ones capitalised, not part of
    /// a longer unknown capitalised name).
    pub(in super::super) fn name_hits(
        &self,
        fields: &[AnalyzedField],
        views: &[FieldText<'_>],
        scans: &[FieldScan<'_>],
    ) -> Vec<NameHit> {
        let mut hits = Vec::new();
        for (fi, field) in fields.iter().enumerate() {
            let tokens = &field.tokens;
            let matches = &scans[fi].names;
            let mut known = vec![false; tokens.len()];
            for m in matches
                .iter()
                .map(|m| m.tokens.clone())
                .chain(scans[fi].agents.iter().map(|m| m.tokens.clone()))
            {
                known[m].iter_mut().for_each(|k| *k = true);
            }
            // An unknown capitalised word right before or after (same
            // sentence, no punctuation between) makes a Latin one-token
            // alias part of a longer name: "Chris Hunt" is not Hunt.
            // A sentence-initial determiner is no name ("The Kremlin said").
            let unknown_capital = |i: usize, j: usize| {
                let (a, b) = (i.min(j), i.max(j));
                tokens[j].sentence == tokens[i].sentence
                    && !known[j]
                    && tokens[j].capitalized
                    && !self.determiners.contains(&tokens[j].norm)
                    && views[fi]
                        .slice(tokens[a].span.end, tokens[b].span.start)
                        .chars()
                        .all(char::is_whitespace)
            };
            for m in matches {
                let surface = views[fi].slice(m.span.start, m.span.end);
                let latin = !has_arabic(surface);
                // Latin names are written with a capital: "store" is not Støre.
                if latin && !tokens[m.tokens.start].capitalized {
                    continue;
                }
                if latin
                    && m.tokens.len() == 1
                    && ((m.tokens.start > 0 && unknown_capital(m.tokens.start, m.tokens.start - 1))
                        || (m.tokens.end < tokens.len()
                            && unknown_capital(m.tokens.start, m.tokens.end)))
                {
                    continue;
                }
                let upper = is_acronym(surface);
                let mut candidates: Vec<u32> = Vec::new();
                for p in m.payloads {
                    if (!p.acronym || upper) && !candidates.contains(&p.actor) {
                        candidates.push(p.actor);
                    }
                }
                if candidates.is_empty() {
                    continue;
                }
                let short = m.tokens.len() == 1
                    && candidates
                        .iter()
                        .all(|&c| self.dict.actors[c as usize].kind == ActorKind::Person);
                hits.push(NameHit {
                    field: fi,
                    start_token: m.tokens.start,
                    end_token: m.tokens.end,
                    start: m.span.start,
                    end: m.span.end,
                    candidates,
                    short,
                    resolved: None,
                });
            }
        }
        hits
    }

    /// Picks one entry per hit (module doc, rule 1).
    pub(in super::super) fn resolve(&self, hits: &mut [NameHit], published: Option<NaiveDate>) {
        let entry = |i: u32| &self.dict.actors[i as usize];
        let by_date = |cands: &[u32]| -> Vec<u32> {
            match published {
                Some(d) => cands
                    .iter()
                    .copied()
                    .filter(|&c| entry(c).active_on(d))
                    .collect(),
                None => Vec::new(),
            }
        };
        // Full names first: they anchor the short ones.
        let mut seen: Vec<(u32, usize, usize)> = Vec::new();
        for h in hits.iter_mut().filter(|h| !h.short) {
            let pick = if h.candidates.len() == 1 {
                h.candidates[0]
            } else {
                let dated = by_date(&h.candidates);
                let ours = |c: &u32| !entry(*c).id.starts_with("petrarch:");
                dated
                    .iter()
                    .copied()
                    .find(ours)
                    .or_else(|| h.candidates.iter().copied().find(ours))
                    .unwrap_or(h.candidates[0])
            };
            h.resolved = Some((pick, confidence::FULL_NAME));
            seen.push((pick, h.field, h.start));
        }
        for h in hits.iter_mut().filter(|h| h.short) {
            let mut anchors: Vec<&(u32, usize, usize)> = seen
                .iter()
                .filter(|(a, _, _)| h.candidates.contains(a))
                .collect();
            // The nearest full mention before this one, else the first after it.
            anchors.sort_by_key(|(_, f, s)| {
                let before = (*f, *s) < (h.field, h.start);
                (!before, if before { usize::MAX - s } else { *s }, *f)
            });
            h.resolved = if let Some((a, _, _)) = anchors.first() {
                Some((*a, confidence::SHORT_COREFERENT))
            } else if h.candidates.len() == 1 {
                Some((h.candidates[0], confidence::SHORT_UNIQUE))
            } else {
                match by_date(&h.candidates)[..] {
                    [one] => Some((one, confidence::SHORT_BY_DATE)),
                    _ => None,
                }
            };
        }
    }

    /// Rule 5's link (`learned.rs`): the dictionary actor whose name the
    /// learned mention `e`'s text is, exactly and unambiguously.
    pub(in super::super) fn link_learned(
        &self,
        e: &EntityMention,
        published: Option<NaiveDate>,
    ) -> Option<Actor> {
        let field = AnalyzedField::from_text(e.field, &e.text);
        let n = field.tokens.len();
        let hit = self
            .names
            .find(&field)
            .into_iter()
            .find(|m| m.tokens == (0..n))?;
        let [only] = hit.payloads else {
            return None;
        };
        if only.acronym && !is_acronym(&e.text) {
            return None;
        }
        let mention = Mention {
            field: e.field,
            start: e.start + hit.span.start,
            end: e.start + hit.span.end,
            text: e
                .text
                .chars()
                .skip(hit.span.start)
                .take(hit.span.len())
                .collect(),
        };
        Some(self.dictionary_actor(
            only.actor as usize,
            published,
            confidence::SHORT_UNIQUE,
            mention,
        ))
    }

    /// The actor record of entry `idx` for one mention.
    pub(in super::super) fn dictionary_actor(
        &self,
        idx: usize,
        published: Option<NaiveDate>,
        conf: f64,
        mention: Mention,
    ) -> Actor {
        let e: &ActorEntry = &self.dict.actors[idx];
        let resolved = e.resolve_code(published);
        let code = resolved.as_ref().map(|r| r.rule.code.clone());
        let date_rule = resolved.as_ref().map(|r| match r.how {
            "latest" => format!("latest {}", r.rule.describe()),
            _ => r.rule.describe(),
        });
        let role = code.as_deref().and_then(|c| {
            let country = e.country.as_deref()?;
            (c.len() >= 6 && c.starts_with(country)).then(|| c[3..6].to_owned())
        });
        Actor {
            id: e.id.clone(),
            name: e.name.clone(),
            kind: e.kind,
            code,
            country: e.country.clone(),
            role,
            title: e.role.clone(),
            date_rule,
            confidence: conf,
            source: ActorSource::Dictionary,
            mentions: vec![mention],
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::stages::actors::testutil::*;

    #[test]
    fn dictionary_name_with_proclitic_and_dated_code() {
        let text = "التقى الرئيس بخليفة حفتر في القاهرة.";
        let actors = tag(text, "2019-04-14");
        let haftar = find(&actors, "خليفة حفتر");
        assert_eq!(
            (haftar.code.as_deref(), haftar.role.as_deref()),
            (Some("LBYMIL"), Some("MIL"))
        );
        assert_eq!(haftar.date_rule.as_deref(), Some("2014-05-16.."));
        assert_eq!(haftar.source, ActorSource::Dictionary);
        let m = &haftar.mentions[0];
        assert_eq!(
            text.chars()
                .skip(m.start)
                .take(m.end - m.start)
                .collect::<String>(),
            "خليفة حفتر"
        );
    }

    #[test]
    fn sisi_code_follows_the_publication_date() {
        let code = |d: &str| {
            find(&tag("قال عبد الفتاح السيسي إن", d), "عبد الفتاح السيسي")
                .code
                .clone()
        };
        assert_eq!(code("2011-05-01").as_deref(), Some("EGYMIL"));
        assert_eq!(code("2014-06-07").as_deref(), Some("EGYELI"));
        assert_eq!(code("2014-06-08").as_deref(), Some("EGYGOV"));
        let english = tag("Abdel Fattah el-Sisi met the press.", "2019-04-14");
        assert_eq!(
            find(&english, "Abdel Fattah el-Sisi").code.as_deref(),
            Some("EGYGOV")
        );
    }

    #[test]
    fn surname_attaches_to_the_full_name_seen_earlier() {
        let text = "استقبل بشار الأسد الوفد. وقال الأسد إن الحرب انتهت.";
        let actors = tag(text, "2019-04-14");
        let assad = find(&actors, "بشار الأسد");
        assert_eq!(assad.mentions.len(), 2, "{:?}", summary(&actors));
        assert_eq!(assad.mentions[1].text, "الأسد");
        assert!(!actors.iter().any(|a| a.name == "Hafez al-Assad"));
        // The same surname next to the other full name goes to the other man.
        let text = "حكم حافظ الأسد سوريا ثلاثين عاما، وقال الأسد يومها";
        let actors = tag(text, "2019-04-14");
        let hafez = find(&actors, "حافظ الأسد");
        assert_eq!(hafez.mentions.len(), 2, "{:?}", summary(&actors));
    }

    #[test]
    fn shared_surname_without_full_name_is_resolved_by_date_or_dropped() {
        // Bashar held a dated role in 2019, Hafez did not.
        let actors = tag("Assad said the war was over.", "2019-04-14");
        assert_eq!(find(&actors, "Assad").name, "Bashar al-Assad");
        assert_eq!(find(&actors, "Assad").confidence, confidence::SHORT_BY_DATE);
        // In 1990 only Hafez was president.
        let actors = tag("Assad said the war was over.", "1990-01-01");
        assert_eq!(find(&actors, "Assad").name, "Hafez al-Assad");
        // In 2030 neither held a dated role: not reported.
        let actors = tag("Assad said the war was over.", "2030-01-01");
        assert!(
            actors
                .iter()
                .all(|a| a.mentions.iter().all(|m| m.text != "Assad")),
            "{:?}",
            summary(&actors)
        );
    }

    #[test]
    fn acronyms_must_be_written_in_capitals() {
        let actors = tag(
            "WHO said the outbreak was over, but who knows.",
            "2020-01-01",
        );
        let who = find(&actors, "WHO");
        assert_eq!(who.code.as_deref(), Some("IGOWHO"));
        assert_eq!(who.mentions.len(), 1);
    }

    #[test]
    fn latin_surname_inside_a_longer_unknown_name_is_not_the_entry() {
        // "Hunt", "Abbas" are aliases of dictionary entries; these are other people.
        // They are unknown persons (rule 4), never the entries.
        for (text, name) in [
            ("Chris Hunt scored twice.", "Chris Hunt"),
            ("Hassan Abbas said the talks failed.", "Hassan Abbas"),
        ] {
            let actors = tag(text, "2019-04-14");
            assert_eq!(actors.len(), 1, "{text}: {:?}", summary(&actors));
            assert_eq!(
                (actors[0].name.as_str(), actors[0].source),
                (name, ActorSource::NamePattern)
            );
        }
        // Lower-case words are not names.
        assert!(tag("the store was closed", "2019-04-14").is_empty());
        // The alias alone still works (unique, or by date).
        let actors = tag("Haftar said the offensive goes on.", "2019-04-14");
        assert_eq!(find(&actors, "Haftar").name, "Khalifa Haftar");
    }
}
