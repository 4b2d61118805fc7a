//! Arabic name shapes: name chains opened by a given name (or عبد + a
//! divine name) with particles, nisbas and a family name; organisations by
//! an indefinite head noun and its genitive complement.

use crate::article::ActorKind;
use crate::nlp::arabic::CONJUNCTIONS;
use crate::nlp::script::is_arabic_word;
use crate::stages::actors::evidence::confidence;

use super::{Found, NameFinder, Scan, proclitic_readings, proclitics};

impl NameFinder {
    /// A function word, verb of saying, time or place word, bare or after
    /// proclitics (وقال، بهذا).
    pub(super) fn ar_stop(&self, norm: &str) -> bool {
        proclitics(norm, 2).any(|(_, r)| self.ar_stop.contains(r))
    }

    /// A place name (بلجيكا، الحديدة), bare or after proclitics: it ends an
    /// Arabic name chain and is never a lone surname («سليمان بلجيكا» is no
    /// person; a later «بلجيكا» is the country).
    pub(in crate::stages::actors) fn ar_place(&self, norm: &str) -> bool {
        proclitics(norm, 2).any(|(_, r)| self.names.ar_places.contains(r))
    }

    pub(super) fn arabic(&self, scan: &Scan<'_>, out: &mut Vec<Found>) {
        let toks = &scan.field.tokens;
        let n = toks.len();
        // Nationality adjectives: token → (end, country index).
        let nat = &scan.nat;
        let mut i = 0;
        while i < n {
            if !scan.free(i) || !is_arabic_word(&toks[i].norm) {
                i += 1;
                continue;
            }
            if let Some(next) = self.arabic_org(scan, nat, i, out) {
                i = next;
                continue;
            }
            if let Some(next) = self.arabic_person(scan, nat, i, out) {
                i = next;
                continue;
            }
            i += 1;
        }
    }

    /// A name chain starting at `i`; returns the token after it.
    ///
    /// Long (≈200 lines) because the chain is one left-to-right state
    /// machine (opening given name, particles, nisbas, family name, the
    /// lone-name-after-a-verb case) whose steps share its cursor and
    /// evidence flags; each step is a commented block. Splitting it is the
    /// next step of issue 14.
    pub(super) fn arabic_person(
        &self,
        scan: &Scan<'_>,
        nat: &[Option<(usize, u16)>],
        i: usize,
        out: &mut Vec<Found>,
    ) -> Option<usize> {
        let toks = &scan.field.tokens;
        let norm = |k: usize| toks[k].norm.as_str();
        if self.ar_stop(norm(i)) {
            return None;
        }
        // علي written with ى is the preposition.
        let is_ala = |k: usize| scan.orig(k).ends_with('ى') && norm(k) == "علي";
        let divine_at =
            |k: usize| scan.free(k) && scan.joined(k - 1, k) && self.ar_divine.contains(norm(k));
        // The first element: (strip, end token, ambiguous, words).
        let mut start = None;
        for (strip, rest) in proclitic_readings(norm(i)) {
            if rest == "عبد" && divine_at(i + 1) {
                start = Some((strip, i + 2, false, vec![format!("عبد{}", norm(i + 1))]));
                break;
            }
            // A kunya: أبو + a given name (أبو خليل القباني).
            if rest == "ابو"
                && scan.free(i + 1)
                && scan.joined(i, i + 1)
                && self.names.ar_given.get(norm(i + 1)) == Some(&false)
            {
                start = Some((strip, i + 2, false, vec![format!("ابو{}", norm(i + 1))]));
                break;
            }
            if let Some(&word) = self.names.ar_given.get(rest) {
                if is_ala(i) {
                    return None;
                }
                start = Some((strip, i + 1, word, vec![rest.to_owned()]));
                break;
            }
        }
        // A title or role noun right before (اللاعب، المدرب، الشيخ) makes any
        // plausible word a name and lifts the doubt of an ambiguous one.
        // Up to two adjectives may stand between (اللاعب البرتغالي كريستيانو).
        let title_before = {
            let mut k = i;
            let mut adjectives = 0;
            loop {
                if k == 0 || !scan.joined(k - 1, k) {
                    break false;
                }
                let w = norm(k - 1);
                if proclitics(w, 3).any(|(_, r)| self.ar_titles.contains(r)) {
                    break true;
                }
                let adjective = w.starts_with("ال") && (w.ends_with('ي') || w.ends_with("يه"));
                if !adjective || adjectives == 2 {
                    break false;
                }
                adjectives += 1;
                k -= 1;
            }
        };
        let unknown_ok = |w: &str| {
            let n = w.chars().count();
            let article =
                w.starts_with("ال") || ["بال", "لل", "كال"].iter().any(|p| w.starts_with(p));
            // Accusative adverbs and feminine nouns (استنادا، نتيجة) and verb
            // shapes (يواجه، استقدم) are not names.
            let noun_or_verb = w.ends_with(['ا', 'ه'])
                || w.starts_with("است")
                || (w.starts_with(['ي', 'ت', 'ن']) && n >= 4);
            n >= 3 && !article && !noun_or_verb
        };
        let unknown_start = start.is_none();
        if unknown_start
            && title_before
            && nat[i].is_none()
            && unknown_ok(norm(i))
            && !self.ar_place(norm(i))
        {
            start = Some((0, i + 1, false, vec![norm(i).to_owned()]));
        }
        let (strip, mut end, ambiguous, mut words) = start?;
        let ambiguous = ambiguous && !title_before;
        let mut strong_second = false;
        let mut weak_second = false;
        let mut elements = 1;
        while elements < 4 && scan.free(end) && scan.joined(end - 1, end) {
            let w = norm(end);
            if !is_arabic_word(w)
                || self.ar_stop(w)
                || self.ar_place(w)
                || nat[end].is_some()
                || is_ala(end)
            {
                break;
            }
            if let Some(k) = self.particle_at(scan, nat, end) {
                words.push((end..k).map(&norm).collect::<Vec<_>>().join(""));
                end = k;
                strong_second = true;
            } else if w == "عبد" && divine_at(end + 1) {
                words.push(format!("عبد{}", norm(end + 1)));
                end += 2;
                strong_second = true;
            } else if self.names.ar_given.contains_key(w) {
                // A word-like given name only as the second element
                // (محمد حسن), not at the end of a long chain (… أمل).
                if self.names.ar_given[w] && elements >= 2 {
                    break;
                }
                words.push(w.to_owned());
                end += 1;
                strong_second |= !self.names.ar_given[w];
                weak_second |= self.names.ar_given[w];
            } else if w.starts_with("ال") {
                let nisba =
                    w.ends_with('ي') && w.chars().count() >= 5 && !self.ar_adjectives.contains(w);
                // After an unambiguous given name, a definite word that is
                // no adjective is the family name (توفيق الحكيم); it ends
                // the chain.
                let family = elements == 1
                    && !ambiguous
                    && w.chars().count() >= 4
                    && !self.ar_adjectives.contains(w)
                    && !w.ends_with('ي')
                    && !w.ends_with("ات")
                    && !w.ends_with("ون")
                    && !w.ends_with("ين");
                if nisba {
                    strong_second = true;
                } else if family {
                    weak_second = true;
                } else {
                    break;
                }
                words.push(w.to_owned());
                end += 1;
                if family {
                    elements += 1;
                    break;
                }
            } else if elements == 1
                && !unknown_start
                && w.chars().count() >= 3
                && !w.ends_with("ين")
                && !w.ends_with("ون")
                && !w.ends_with("ات")
                && !w.starts_with(CONJUNCTIONS)
                && !["بال", "لل", "كال"].iter().any(|p| w.starts_with(p))
                && !(w.chars().count() >= 4
                    && ["ها", "هم", "هما", "كم"].iter().any(|p| w.ends_with(p)))
                && !(w.starts_with(['ي', 'ت', 'ن']) && w.chars().count() >= 4)
            {
                // An unknown word right after the given name: the family
                // name; nothing follows it.
                words.push(w.to_owned());
                end += 1;
                weak_second = true;
                elements += 1;
                break;
            } else {
                break;
            }
            elements += 1;
        }
        let say_before = i > 0
            && scan.joined(i - 1, i)
            && self.ar_say.contains(
                norm(i - 1)
                    .strip_prefix(CONJUNCTIONS)
                    .filter(|r| self.ar_say.contains(*r))
                    .unwrap_or(norm(i - 1)),
            );
        let accept = if elements >= 2 {
            !ambiguous || strong_second || say_before || (weak_second && elements >= 3)
        } else {
            // A lone given name after a verb of saying, before a boundary.
            let boundary = end >= toks.len()
                || toks[end].sentence != toks[i].sentence
                || !scan.joined(end - 1, end)
                || self.ar_after_say.contains(norm(end));
            say_before && boundary && strip == 0
        };
        let accept = accept || (title_before && (elements >= 2 || strip == 0));
        if !accept {
            return None;
        }
        let conf = if say_before || title_before {
            confidence::WITH_CUE
        } else {
            confidence::SHAPE
        };
        out.push(Found {
            field: scan.fi,
            first: i,
            end,
            start: scan.field.orig_offset(i, strip),
            stop: toks[end - 1].span.end,
            kind: ActorKind::Person,
            country: None,
            role: None,
            confidence: conf,
            words,
        });
        Some(end)
    }

    /// A name particle and what it binds at token `k` (بن راشد، بن عبد الله،
    /// بن أبي وقاص، آل ثاني، أبو بكر, عبد الله); returns the token after it.
    pub(super) fn particle_at(
        &self,
        scan: &Scan<'_>,
        nat: &[Option<(usize, u16)>],
        k: usize,
    ) -> Option<usize> {
        let toks = &scan.field.tokens;
        let norm = |t: usize| toks[t].norm.as_str();
        let namey = |t: usize| {
            scan.free(t)
                && scan.joined(t - 1, t)
                && is_arabic_word(norm(t))
                && !self.ar_stop(norm(t))
                && nat[t].is_none()
        };
        let w = norm(k);
        if w == "عبد" {
            return (namey(k + 1) && self.ar_divine.contains(norm(k + 1))).then_some(k + 2);
        }
        if !matches!(w, "بن" | "ابن" | "ابو" | "ابي" | "ال" | "بنت") || !namey(k + 1)
        {
            return None;
        }
        // A second particle right after: بن عبد الله، بن أبي وقاص.
        if let Some(e) = (matches!(norm(k + 1), "عبد" | "ابو" | "ابي"))
            .then(|| self.particle_at(scan, nat, k + 1))
            .flatten()
        {
            return Some(e);
        }
        Some(k + 2)
    }

    /// An organisation name starting at `i`; returns the token after it.
    ///
    /// Long (≈110 lines): the head (bare or with proclitics, definite or
    /// not) and its complement (indefinite words, definite words, the
    /// closing nationality) are one scan with one cursor.
    pub(super) fn arabic_org(
        &self,
        scan: &Scan<'_>,
        nat: &[Option<(usize, u16)>],
        i: usize,
        out: &mut Vec<Found>,
    ) -> Option<usize> {
        let toks = &scan.field.tokens;
        let norm = |k: usize| toks[k].norm.as_str();
        let mut head = None;
        // لل + head: ل + ال + head (للاتحاد).
        if let Some(bare) = norm(i).strip_prefix("لل")
            && let Some(&(role, kind)) = self.ar_org_heads.get(bare)
        {
            head = Some((1, bare.to_owned(), role, kind, true));
        }
        for (strip, rest) in proclitic_readings(norm(i)) {
            if head.is_some() {
                break;
            }
            if let Some(&(role, kind)) = self.ar_org_heads.get(rest) {
                head = Some((strip, rest.to_owned(), role, kind, false));
                break;
            }
            if let Some(bare) = rest.strip_prefix("ال")
                && let Some(&(role, kind)) = self.ar_org_heads.get(bare)
            {
                head = Some((strip, bare.to_owned(), role, kind, true));
                break;
            }
        }
        let (strip, head_word, role, kind, definite) = head?;
        let feminine = head_word.ends_with('ه');
        let mut end = i + 1;
        let mut indefinite = 0;
        let mut definite_words = 0;
        let mut country = None;
        let mut words = vec![head_word];
        while end - i <= 5 && scan.free(end) && scan.joined(end - 1, end) {
            let w = norm(end);
            if let Some((_, c)) = nat[end] {
                // The adjective gives the country but is not part of the
                // name (حزب الله اللبناني).
                if definite_words > 0 || indefinite > 0 || definite {
                    country = Some(self.countries.nationality_codes()[c as usize].clone());
                }
                break;
            }
            if !is_arabic_word(w) || self.ar_stop(w) || self.ar_complement_stop.contains(w) {
                break;
            }
            // Verb shapes: استبعد…, …وا.
            let verb = w.starts_with("است") || (w.ends_with("وا") && w.chars().count() >= 4);
            if verb {
                break;
            }
            if w.starts_with("ال") && w.chars().count() >= 4 {
                definite_words += 1;
            } else if !definite
                && definite_words == 0
                && indefinite < 2
                && w.chars().count() >= 2
                && !w.starts_with(CONJUNCTIONS)
                && !(feminine && (w.ends_with('ه') || w.ends_with("يه")))
                && !(!feminine && (w.ends_with('ي') || w.ends_with("ين") || w.ends_with("ون")))
            {
                indefinite += 1;
            } else {
                break;
            }
            words.push(w.to_owned());
            end += 1;
        }
        let named = if definite {
            definite_words >= 2 || (definite_words == 1 && country.is_some())
        } else {
            definite_words + indefinite >= 1
        };
        if !named {
            return None;
        }
        let role = if role.is_empty() {
            None
        } else {
            Some(role.to_owned())
        };
        // A descriptor head before a proper name (صحيفة الأهرام), or any head
        // before a foreign name (شركة توتال, وكالة فرانس برس): the name is
        // the complement.
        let appositive = !definite
            && (self.ar_appositive.contains(&words[0]) || (indefinite > 0 && definite_words == 0));
        let (first, start) = if appositive {
            words.remove(0);
            (i + 1, toks[i + 1].span.start)
        } else {
            (i, scan.field.orig_offset(i, strip))
        };
        out.push(Found {
            field: scan.fi,
            first,
            end,
            start,
            stop: toks[end - 1].span.end,
            kind,
            country,
            role,
            confidence: confidence::SHAPE,
            words,
        });
        Some(end)
    }
}

#[cfg(test)]
mod tests {
    use crate::stages::actors::testutil::*;

    #[test]
    fn arabic_name_chain_with_particles_and_proclitic() {
        let text = "وصرح لسامر بن خليل آل حداد مصدر مطلع بأن الاتفاق تم.";
        let actors = tag_undated(text);
        let p = actors
            .iter()
            .find(|a| a.source == ActorSource::NamePattern)
            .expect("a person");
        assert_eq!(p.kind, ActorKind::Person);
        // The proclitic ل is left out of the mention.
        assert_eq!(p.mentions[0].text, "سامر بن خليل آل حداد");
        assert_eq!(p.mentions[0].start, 6);
        assert!(p.confidence < 0.5, "below title patterns");
        assert_offsets(text, &actors);
    }

    #[test]
    fn arabic_family_names_of_typical_shapes() {
        // A nisba, a definite family name, an unknown word after a given name.
        for (text, name) in [
            ("وكان نادر الحسيني قد وصل", "نادر الحسيني"),
            ("كتب توفيق الحكيم مسرحيته", "توفيق الحكيم"),
            ("وأكد أن نادين قرداحي وصلت", "نادين قرداحي"),
        ] {
            assert_eq!(names(text), vec![person(&[name])], "{text}");
        }
        // A nationality adjective, a verb of saying and a preposition end the chain.
        assert_eq!(
            names("التقى سمير حداد السوري في دمشق"),
            vec![person(&["سمير حداد"])]
        );
    }

    #[test]
    fn arabic_given_names_that_are_words_need_more_evidence() {
        // أمل "hope", حسن "good", كامل "entire".
        for text in [
            "وعبر عن أمل كبير في التوصل إلى حل",
            "بحسن نية",
            "بسط سيادتها على كامل أراضيها",
        ] {
            assert!(names(text).is_empty(), "{text}: {:?}", names(text));
        }
        // … a second name element or a verb of saying gives it.
        assert_eq!(
            names("وقالت أمل الحسيني إن"),
            vec![person(&["أمل الحسيني"])]
        );
        assert_eq!(names("وقال حسن إن الوضع صعب"), vec![person(&["حسن"])]);
    }

    #[test]
    fn arabic_name_after_a_role_noun() {
        let text = "وسجل اللاعب البرتغالي رونالدينيو هدفين";
        assert_eq!(names(text), vec![person(&["رونالدينيو"])]);
        // An adjective right after the role noun is not a name.
        assert!(names("وقال المدرب الجديد إن").is_empty());
    }

    #[test]
    fn arabic_organisations_with_head_nouns() {
        let actors = tag_undated("وأصدر حزب الأمة القومي السوري بيانا");
        let party = actors
            .iter()
            .find(|a| a.source == ActorSource::NamePattern)
            .expect("an organisation");
        // The nationality adjective gives the country, not the name.
        assert_eq!(
            (
                party.kind.as_str(),
                party.mentions[0].text.as_str(),
                party.country.as_deref(),
                party.code.as_deref()
            ),
            ("party", "حزب الأمة القومي", Some("SYR"), Some("SYRPTY"))
        );
        // A descriptor before a proper name: the name is the complement.
        assert_eq!(
            names("ونشرت صحيفة الوطن تقريرا"),
            vec![("media".to_owned(), vec!["الوطن".to_owned()])]
        );
        // A head with an adjective agreeing with it is no name.
        assert!(names("أسست شركة كبيرة مصنعا").is_empty());
        // With a proclitic: offsets skip it.
        let text = "وقال متحدث باسم لجامعة الزيتونة إن";
        let actors = tag_undated(text);
        assert_offsets(text, &actors);
        assert!(
            actors.iter().any(
                |a| a.mentions[0].text == "جامعة الزيتونة" && a.kind == ActorKind::Organization
            ),
            "{actors:?}"
        );
    }
}
