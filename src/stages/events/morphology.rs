//! Arabic surface forms → the lemma forms of the Arabic CAMEO dictionaries.
//!
//! The dictionaries write verbs as UDPipe-style lemmas (perfect, 3rd person
//! masculine singular: `هاجم`, `اعتقل`, `دعا`) and nouns in their base form
//! (`هجوم`, `اتفاق`). Text shows `وسيلتقي`, `هاجمت`, `يعتقلون`, `بالهجوم`,
//! `هجوماً`. Without a lemmatiser, we generate the few stems a token can
//! have and look each up; a stem that is not a dictionary lemma costs one
//! hash lookup. The rules are Arabic grammar, not data:
//!
//! - proclitics: conjunction و/ف; on verbs the future سـ (marks intent) or
//!   the subjunctive لـ; on nouns the prepositions بـ/لـ/كـ and the article
//!   ال (with لـ + ال written لل);
//! - verb inflection: imperfect prefixes ي ت ن with the suffixes ون ان وا ن
//!   (1st person singular أ and 2nd feminine ين are rare in news and clash
//!   with nouns); perfect suffixes ت تا وا ا ن نا تم تما تن; object pronouns
//!   ه ها هم هما هن ك كم ني نا;
//! - derived forms: an imperfect stem gets the perfect's initial ا back
//!   (يعتقل → اعتقل, يستقبل → استقبل, ينسحب → انسحب, يعلن → أعلن);
//! - weak roots: a hollow stem's middle و/ي becomes ا (يزور → زار, يقول →
//!   قال); a defective stem ends in ا or ي (يدعو → دعا, يلتقي → التقى,
//!   التقت → التقى, دعوا → دعا);
//! - nouns: plural ات (→ ة or nothing), ون, ين, dual ان, and the alef of
//!   accusative tanween (هجوماً → هجوم).
//!
//! Input is a token already normalised by the text stage (أ إ آ → ا, ى → ي,
//! ة → ه, tashkeel dropped), and so are the dictionary's lemmas.

use crate::nlp::{arabic, script};

/// Calls `f(stem, future)` for every verb stem `token` can have: `future`
/// is true when the stem came with the future prefix سـ. Stems may repeat.
/// `buf` is scratch space, so no allocation happens per stem.
///
/// ```
/// use newsevents::stages::events::morphology::verb_stems;
/// let mut seen = Vec::new();
/// verb_stems("وسيلتقي", &mut String::new(), &mut |s, fut| seen.push((s.to_string(), fut)));
/// assert!(seen.contains(&("التقي".to_string(), true)));
/// ```
pub fn verb_stems(token: &str, buf: &mut String, f: &mut dyn FnMut(&str, bool)) {
    if !is_arabic_word(token) {
        return;
    }
    for_conj(token, &mut |t| {
        perfect(t, buf, f);
        imperfect(t, false, buf, f);
        if let Some(rest) = t.strip_prefix('س')
            && starts_imperfect(rest)
        {
            imperfect(rest, true, buf, f);
        }
        if let Some(rest) = t.strip_prefix('ل')
            && starts_imperfect(rest)
        {
            imperfect(rest, false, buf, f);
        }
    });
}

/// Calls `f(stem)` for every noun stem `token` can have (the token itself
/// included). `buf` is scratch space.
///
/// ```
/// use newsevents::stages::events::morphology::noun_stems;
/// let mut seen = Vec::new();
/// noun_stems("بالهجمات", &mut String::new(), &mut |s| seen.push(s.to_string()));
/// assert!(seen.contains(&"هجمه".to_string()));
/// ```
pub fn noun_stems(token: &str, buf: &mut String, f: &mut dyn FnMut(&str)) {
    if !is_arabic_word(token) {
        f(token);
        return;
    }
    // The crate's one proclitic rule: conjunction, then preposition.
    for r in arabic::proclitic_readings(token, MIN_STEM) {
        noun_with_article(r.stem, buf, f);
        // لل = لـ + الـ: the stem without the article (للهجوم → هجوم).
        if r.elided_article
            && let Some(rest) = r.stem.strip_prefix('ل')
            && chars(rest) >= MIN_STEM
        {
            noun_suffixes(rest, buf, f);
        }
    }
}

/// The noun stems of one word ([`noun_stems`]), de-duplicated, shared.
pub type Stems = std::rc::Rc<[String]>;

/// Memo of [`noun_stems`]: articles repeat their words, and the coder asks
/// for a word's stems from several steps (pattern words, Arabic verb
/// particles, action nouns), sentence after sentence and article after
/// article. The stems of a word depend on nothing else (no dictionary), so
/// the memo is one per worker thread and outlives the article: each
/// distinct word is stemmed once per thread; a lookup is one hash probe and
/// a reference-count bump. It holds at most [`STEM_CACHE_WORDS`] words and
/// starts over when full (memory stays bounded on any stream).
#[derive(Default)]
pub struct NounStemCache {
    buf: String,
}

/// Words the per-thread [`NounStemCache`] holds before it starts over
/// (about 2.5 MB of stems; 65,536 words, about 10 MB per thread, let a
/// 100,000-article backlog grow the process by ≈ 30 MB more with no
/// measurable speed gain: BENCHMARKS.md).
pub const STEM_CACHE_WORDS: usize = 16_384;

thread_local! {
    static STEMS: std::cell::RefCell<
        std::collections::HashMap<String, Stems, foldhash::fast::RandomState>,
    > = std::cell::RefCell::new(Default::default());
}

impl NounStemCache {
    /// The stems of `word` (the word itself included, first), de-duplicated
    /// in the order [`noun_stems`] gives them.
    pub fn get(&mut self, word: &str) -> Stems {
        STEMS.with_borrow_mut(|map| {
            if let Some(s) = map.get(word) {
                return s.clone();
            }
            let mut v: Vec<String> = Vec::new();
            noun_stems(word, &mut self.buf, &mut |x| {
                if !v.iter().any(|y| y == x) {
                    v.push(x.to_string());
                }
            });
            let stems: Stems = v.into();
            if map.len() >= STEM_CACHE_WORDS {
                map.clear();
            }
            map.insert(word.to_string(), stems.clone());
            stems
        })
    }

    /// True when `stem` is one of the stems of `word`.
    pub fn has(&mut self, word: &str, stem: &str) -> bool {
        self.get(word).iter().any(|s| s == stem)
    }
}

/// The stem of a dictionary noun used to compare it with text: the article
/// removed (`النار` → `نار`). Other affixes are left alone, since the
/// dictionaries write base forms.
pub fn noun_key(word: &str) -> &str {
    match word.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest,
        _ => word,
    }
}

/// An Arabic word of at least two letters ([`script::is_arabic_word`]).
fn is_arabic_word(token: &str) -> bool {
    token.len() >= 4 && script::is_arabic_word(token)
}

/// Letters a stem keeps after a proclitic is stripped: two, since verbs of
/// doubled roots are written with two (رد in فرد).
const MIN_STEM: usize = 2;

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// With and without a leading conjunction و/ف ([`arabic::CONJUNCTIONS`]).
fn for_conj(token: &str, f: &mut dyn FnMut(&str)) {
    f(token);
    if let Some(rest) = token.strip_prefix(arabic::CONJUNCTIONS)
        && chars(rest) >= MIN_STEM
    {
        f(rest);
    }
}

fn starts_imperfect(s: &str) -> bool {
    // أفعل (1st person singular) is left out: rare in news outside quotes,
    // and its prefix ا is the first letter of many nouns (آخرين).
    chars(s) >= 3 && matches!(s.chars().next(), Some('ي' | 'ت' | 'ن'))
}

const OBJECT_PRONOUNS: &[&str] = &["هما", "هم", "هن", "ها", "كم", "ني", "نا", "ه", "ك"];
const PERFECT_SUFFIXES: &[&str] = &["تما", "تم", "تن", "تا", "وا", "نا", "ت", "ا", "ن"];
// -ين (2nd person feminine) is left out: rare in news, and a plural noun
// ending.
const IMPERFECT_SUFFIXES: &[&str] = &["ون", "ان", "وا", "ن"];

/// The stem with and without each object pronoun.
fn without_object(stem: &str, f: &mut dyn FnMut(&str)) {
    f(stem);
    for p in OBJECT_PRONOUNS {
        if let Some(rest) = stem.strip_suffix(p)
            && chars(rest) >= 2
        {
            f(rest);
        }
    }
}

fn perfect(t: &str, buf: &mut String, f: &mut dyn FnMut(&str, bool)) {
    without_object(t, &mut |s| {
        f(s, false);
        // التقاه: a defective stem before a pronoun shows ا for ي.
        if let Some(base) = s.strip_suffix('ا') {
            emit_with(buf, base, "ي", f, false);
        }
        for suf in PERFECT_SUFFIXES {
            if let Some(base) = s.strip_suffix(suf)
                && chars(base) >= 2
            {
                f(base, false);
                // Defective roots lose their last letter before ت/وا:
                // التقت → التقى, دعت → دعا.
                if matches!(*suf, "ت" | "وا" | "تا") {
                    emit_with(buf, base, "ي", f, false);
                    emit_with(buf, base, "ا", f, false);
                }
            }
        }
    });
}

fn imperfect(t: &str, future: bool, buf: &mut String, f: &mut dyn FnMut(&str, bool)) {
    if !starts_imperfect(t) {
        return;
    }
    let mut it = t.chars();
    it.next();
    let stem = it.as_str();
    without_object(stem, &mut |s| {
        imperfect_stem(s, future, buf, f);
        for suf in IMPERFECT_SUFFIXES {
            if let Some(base) = s.strip_suffix(suf)
                && chars(base) >= 2
            {
                imperfect_stem(base, future, buf, f);
            }
        }
    });
}

/// Perfect lemmas an imperfect stem (prefix removed) can belong to.
fn imperfect_stem(s: &str, future: bool, buf: &mut String, f: &mut dyn FnMut(&str, bool)) {
    f(s, future);
    // Derived forms IV, VII, VIII, X: the perfect starts with ا.
    buf.clear();
    buf.push('ا');
    buf.push_str(s);
    f(buf, future);
    let cs: Vec<char> = s.chars().collect();
    // Hollow: قول → قال, بيع → باع.
    if cs.len() == 3 && matches!(cs[1], 'و' | 'ي') {
        buf.clear();
        buf.push(cs[0]);
        buf.push('ا');
        buf.push(cs[2]);
        f(buf, future);
    }
    // Jussive of a defective verb drops the last letter: لم يلتقِ → لتق.
    if cs.len() >= 3 {
        buf.clear();
        buf.push('ا');
        buf.push_str(s);
        buf.push('ي');
        f(buf, future);
    } else if cs.len() == 2 {
        buf.clear();
        buf.push_str(s);
        buf.push('ا');
        f(buf, future);
    }
    // Defective: دعو → دعا; لتقي → التقي is covered by the ا prefix above.
    if cs.len() >= 3 && matches!(cs[cs.len() - 1], 'و' | 'ي') {
        buf.clear();
        buf.extend(&cs[..cs.len() - 1]);
        buf.push('ا');
        f(buf, future);
    }
}

fn emit_with(buf: &mut String, base: &str, tail: &str, f: &mut dyn FnMut(&str, bool), fut: bool) {
    buf.clear();
    buf.push_str(base);
    buf.push_str(tail);
    f(buf, fut);
}

fn noun_with_article(t: &str, buf: &mut String, f: &mut dyn FnMut(&str)) {
    noun_suffixes(t, buf, f);
    if let Some(rest) = t.strip_prefix("ال")
        && chars(rest) >= 2
    {
        noun_suffixes(rest, buf, f);
    }
}

fn noun_suffixes(t: &str, buf: &mut String, f: &mut dyn FnMut(&str)) {
    f(t);
    let mut bases: [&str; 11] = [t; 11];
    let mut n = 1;
    for p in OBJECT_PRONOUNS.iter().chain(&["ي"]) {
        if let Some(rest) = t.strip_suffix(p)
            && chars(rest) >= 3
        {
            bases[n] = rest;
            n += 1;
        }
    }
    for &b in &bases[..n] {
        f(b);
        // Construct state of a feminine noun: زيارته → زيارت → زياره.
        if let Some(stem) = b.strip_suffix('ت')
            && chars(stem) >= 3
        {
            buf.clear();
            buf.push_str(stem);
            buf.push('ه');
            f(buf);
        }
        if let Some(stem) = b.strip_suffix("ات")
            && chars(stem) >= 2
        {
            f(stem);
            buf.clear();
            buf.push_str(stem);
            buf.push('ه');
            f(buf);
        }
        for suf in ["ون", "ين", "ان"] {
            if let Some(stem) = b.strip_suffix(suf)
                && chars(stem) >= 3
            {
                f(stem);
            }
        }
        // Accusative tanween is written with an alef: هجوماً → هجوما.
        if let Some(stem) = b.strip_suffix('ا')
            && chars(stem) >= 3
        {
            f(stem);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::normalize;

    fn verbs(token: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        verb_stems(&normalize(token), &mut String::new(), &mut |s, fut| {
            out.push((s.to_string(), fut))
        });
        out
    }

    fn has_verb(token: &str, lemma: &str) -> bool {
        let lemma = normalize(lemma);
        verbs(token).iter().any(|(s, _)| *s == lemma)
    }

    fn nouns(token: &str) -> Vec<String> {
        let mut out = Vec::new();
        noun_stems(&normalize(token), &mut String::new(), &mut |s| {
            out.push(s.to_string())
        });
        out
    }

    #[test]
    fn verb_surface_forms_reach_their_lemma() {
        for (surface, lemma) in [
            ("التقى", "التقى"),
            ("التقت", "التقى"),
            ("يلتقي", "التقى"),
            ("وسيلتقي", "التقى"),
            ("التقوا", "التقى"),
            ("التقاه", "التقى"),
            ("هاجمت", "هاجم"),
            ("يهاجمون", "هاجم"),
            ("تهاجم", "هاجم"),
            ("اعتقلت", "اعتقل"),
            ("يعتقل", "اعتقل"),
            ("واعتقلوا", "اعتقل"),
            ("استقبل", "استقبل"),
            ("يستقبله", "استقبل"),
            ("أعلن", "أعلن"),
            ("يعلن", "أعلن"),
            ("زار", "زار"),
            ("يزور", "زار"),
            ("زارت", "زار"),
            ("قال", "قال"),
            ("يقول", "قال"),
            ("دعا", "دعا"),
            ("دعت", "دعا"),
            ("يدعو", "دعا"),
            ("فدعوا", "دعا"),
            ("انسحبت", "انسحب"),
            ("ينسحب", "انسحب"),
            ("أدانت", "أدان"),
            ("قصفت", "قصف"),
            ("وقعا", "وقع"),
            ("يلتق", "التقى"),
        ] {
            assert!(
                has_verb(surface, lemma),
                "{surface} → {lemma}: {:?}",
                verbs(surface)
            );
        }
    }

    #[test]
    fn future_prefix_marks_intent() {
        let v = verbs("سيزور");
        assert!(v.contains(&("زار".to_string(), true)), "{v:?}");
        assert!(!v.iter().any(|(s, fut)| s == "زار" && !fut));
        // لـ before an imperfect is not the future.
        assert!(verbs("ليلتقي").contains(&("التقي".to_string(), false)));
    }

    #[test]
    fn noun_surface_forms_reach_their_base() {
        for (surface, base) in [
            ("هجوماً", "هجوم"),
            ("الهجوم", "هجوم"),
            ("بالهجوم", "هجوم"),
            ("وللهجوم", "هجوم"),
            ("الهجمات", "هجمة"),
            ("المظاهرات", "مظاهرة"),
            ("زيارة", "زيارة"),
            ("زيارته", "زيارة"),
            ("الاتفاق", "اتفاق"),
            ("المسلحين", "مسلح"),
        ] {
            let b = normalize(base);
            assert!(
                nouns(surface).contains(&b),
                "{surface} → {base}: {:?}",
                nouns(surface)
            );
        }
    }

    #[test]
    fn latin_and_short_tokens_pass_through() {
        assert!(verbs("met").is_empty());
        assert_eq!(nouns("attack"), ["attack"]);
        assert_eq!(noun_key("النار"), "نار");
        assert_eq!(noun_key("ال"), "ال");
    }
}
