//! Lone surnames: a later lone surname of a two-or-more-word person found
//! by the name patterns or by a title pattern ("Radi", راضي) is another
//! mention of that person, unless two such persons share it; and names a
//! title pattern caught are extended by the particles and given names that
//! follow them.

use crate::article::{Actor, ActorKind, ActorSource, FieldText, Mention};
use crate::nlp::script::is_arabic_word;
use crate::nlp::{AnalyzedField, FastMap, normalize};
use crate::stages::actors::evidence::confidence;

use super::{Found, NameFinder, Scan, proclitic_readings};

impl NameFinder {
    /// Adds lone-surname mentions (module doc, "Surnames").
    ///
    /// Long (≈120 lines): indexing the persons by surname and by given
    /// name, then one pass over the free tokens, share the `taken` map.
    pub(super) fn surnames(
        &self,
        scans: &[Scan<'_>],
        found: &[Found],
        ours: &mut [Actor],
        earlier: &mut [Actor],
    ) {
        // Surname (normalised) → persons having it: (ours?, index).
        let mut by_surname: FastMap<String, Vec<(bool, usize)>> = FastMap::default();
        let mut taken: Vec<Vec<bool>> = scans.iter().map(|s| s.blocked.to_vec()).collect();
        for f in found {
            taken[f.field][f.first..f.end]
                .iter_mut()
                .for_each(|t| *t = true);
        }
        let surname_of = |words: &[String]| -> Option<String> {
            let last = words.last()?;
            (words.len() >= 2
                && last.chars().count() >= 3
                && !self.names.ar_given.get(last).copied().unwrap_or(false)
                && !self.en_stop.contains(last))
            .then(|| last.clone())
        };
        // Arabic news also names a person by the given name alone (بدأ نزار
        // يكتب): an unambiguous given name of one earlier chain.
        let mut by_given: FastMap<String, Vec<(bool, usize)>> = FastMap::default();
        let given_of = |words: &[String]| -> Option<String> {
            let first = words.first()?;
            (words.len() >= 2 && self.names.ar_given.get(first) == Some(&false))
                .then(|| first.clone())
        };
        for (k, a) in ours.iter().enumerate() {
            if a.kind != ActorKind::Person {
                continue;
            }
            let words: Vec<String> =
                a.id.trim_start_matches("ne:person:")
                    .split('-')
                    .map(str::to_owned)
                    .collect();
            if let Some(s) = surname_of(&words) {
                by_surname.entry(s).or_default().push((true, k));
            }
            if let Some(g) = given_of(&words) {
                by_given.entry(g).or_default().push((true, k));
            }
        }
        for (k, a) in earlier.iter().enumerate() {
            if a.kind != ActorKind::Person || a.source != ActorSource::TitlePattern {
                continue;
            }
            let words: Vec<String> = normalize(&a.mentions[0].text)
                .split(' ')
                .map(str::to_owned)
                .collect();
            if let Some(s) = surname_of(&words) {
                by_surname.entry(s).or_default().push((false, k));
            }
            if let Some(g) = given_of(&words) {
                by_given.entry(g).or_default().push((false, k));
            }
        }
        if by_surname.is_empty() && by_given.is_empty() {
            return;
        }
        for scan in scans {
            let toks = &scan.field.tokens;
            for (i, t) in toks.iter().enumerate() {
                if taken[scan.fi][i] {
                    continue;
                }
                let arabic = is_arabic_word(&t.norm);
                // Latin tokens have no proclitics; the readings stop at the bare token.
                let readings = proclitic_readings(&t.norm).take(if arabic { 3 } else { 1 });
                for (strip, rest) in readings {
                    let owners = by_surname
                        .get(rest)
                        .or_else(|| arabic.then(|| by_given.get(rest)).flatten());
                    let Some(owners) = owners else {
                        continue;
                    };
                    if owners.len() != 1 {
                        break;
                    }
                    if arabic && self.names.ar_places.contains(rest) {
                        break;
                    }
                    // A Latin surname is capitalised, stands alone, and is
                    // no place name.
                    if !arabic
                        && (!t.capitalized
                            || self.names.en_places.contains(rest)
                            || scan.shouting(i)
                            || (i > 0 && scan.joined(i - 1, i) && toks[i - 1].capitalized)
                            || (scan.joined(i, i + 1) && toks[i + 1].capitalized))
                    {
                        break;
                    }
                    let start = scan.field.orig_offset(i, strip);
                    let mention = Mention {
                        field: scan.field.field,
                        start,
                        end: t.span.end,
                        text: scan.slice(start, t.span.end).to_owned(),
                    };
                    let (is_ours, k) = owners[0];
                    let a = if is_ours {
                        &mut ours[k]
                    } else {
                        &mut earlier[k]
                    };
                    if !a.mentions.contains(&mention) {
                        a.mentions.push(mention);
                        a.confidence = a.confidence.max(confidence::SURNAME);
                    }
                    break;
                }
            }
        }
    }

    /// Extends names a title pattern caught (2–3 words) by the particles
    /// and given names that follow them (الشيخ حمد بن فيصل آل ثاني).
    pub(super) fn extend_title_names(
        &self,
        fields: &[AnalyzedField],
        views: &[FieldText<'_>],
        blocked: &[Vec<bool>],
        earlier: &mut [Actor],
    ) {
        for a in earlier
            .iter_mut()
            .filter(|a| a.source == ActorSource::TitlePattern)
        {
            let Some(m) = a.mentions.first().cloned() else {
                continue;
            };
            let Some(fi) = fields.iter().position(|f| f.field == m.field) else {
                continue;
            };
            let field = &fields[fi];
            let toks = &field.tokens;
            let last = toks.partition_point(|t| t.span.end <= m.end.saturating_sub(1));
            if last >= toks.len() || !is_arabic_word(&toks[last].norm) {
                continue;
            }
            let scan = Scan {
                fi,
                field,
                text: &views[fi],
                blocked: &blocked[fi],
                nat: Vec::new(),
            };
            let nat = vec![None; toks.len()];
            // The capture may have stopped on the particle itself (حمد بن).
            let mut end = if self.particle_at(&scan, &nat, last).is_some() {
                last
            } else {
                last + 1
            };
            let mut added = 0;
            // Only through a particle: a bare given name after a name may
            // start a new phrase.
            while added < 3 && end < toks.len() && scan.joined(end - 1, end) {
                let Some(k) = self.particle_at(&scan, &nat, end) else {
                    break;
                };
                added += k - end.max(last + 1);
                end = k;
            }
            if added == 0 {
                continue;
            }
            let stop = toks[end - 1].span.end;
            let text = scan.slice(m.start, stop).to_owned();
            a.name = text.clone();
            a.mentions[0] = Mention {
                field: m.field,
                start: m.start,
                end: stop,
                text,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::stages::actors::testutil::*;

    #[test]
    fn later_surname_is_the_same_person() {
        let text = "قال نادر الحسيني إن الاتفاق مهم. وأضاف الحسيني أن الجولة المقبلة حاسمة.";
        let actors = tag_undated(text);
        assert_eq!(names(text), vec![person(&["نادر الحسيني", "الحسيني"])]);
        assert_offsets(text, &actors);
        let text = "John Whitaker said the deal was done. Whitaker added that talks go on.";
        assert_eq!(names(text), vec![person(&["John Whitaker", "Whitaker"])]);
        // Arabic: the given name alone, later, is the same person too; a
        // kunya (أبو + given name) starts a chain.
        let text =
            "كتب نادر الحسيني قصيدته الأولى. بدأ نادر يكتب وهو صغير، وكان أبو خليل القباني عمه.";
        let actors = tag_undated(text);
        assert_eq!(
            names(text),
            vec![
                person(&["نادر الحسيني", "نادر"]),
                person(&["أبو خليل القباني"])
            ]
        );
        assert_offsets(text, &actors);
        // Two persons sharing the surname: the lone surname is left alone.
        let text = "John Whitaker and Mary Whitaker met. Whitaker said so.";
        let found = names(text);
        assert!(found.iter().all(|(_, m)| m.len() == 1), "{found:?}");
    }
}
