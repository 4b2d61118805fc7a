//! Which script a character, a word or a name is written in: the one set of
//! Unicode ranges every stage uses.
//!
//! Three character classes, each a named set of Unicode blocks (ranges from
//! the Unicode Character Database, `Blocks.txt`):
//!
//! - **Arabic script** ([`is_arabic_script`]): Arabic U+0600–U+06FF, Arabic
//!   Supplement U+0750–U+077F, Arabic Presentation Forms-A U+FB50–U+FDFF and
//!   -B U+FE70–U+FEFF. Normalised text ([`crate::nlp::normalize()`]) holds no
//!   presentation forms (NFKD folds them), raw text may.
//! - **Arabic letters** ([`is_arabic_letter`]): the 28 letters of the Arabic
//!   alphabet with hamza and its seats, U+0621 ء to U+064A ي. What normalised
//!   Arabic words are made of; tatweel U+0640 is in the range but normalised
//!   text never holds it. Letters other languages add to the script (پ چ ژ
//!   گ ک ی ڤ …) are [`is_non_arabic_letter`].
//! - **Latin letters** ([`is_latin_letter`]): ASCII letters and the
//!   alphabetic characters of Latin-1 Supplement, Latin Extended-A and -B
//!   (U+00C0–U+024F: é, ß, ł, ș …; not × and ÷).
//!
//! Word- and name-level tests are built from these only ([`script_of`],
//! [`has_arabic`], [`is_arabic_word`], [`is_latin`], [`is_latin_word`]), so
//! "is this Arabic?" has one answer per question across stages.

/// Script of a character, a word or a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Arabic script ([`is_arabic_script`]).
    Arabic,
    /// Latin script ([`is_latin_letter`]).
    Latin,
    /// Anything else: digits, punctuation, other scripts.
    Other,
}

/// Letters of the Arabic script that Arabic orthography does not use:
/// Persian, Urdu, Kurdish, Pashto, Sindhi, Uyghur … (پ چ ژ گ ک ی ے ٹ ڈ ڑ ں
/// ہ ھ ە ې ۆ ێ ڵ ڕ ۇ ۈ ۋ ۉ ڤ ڭ ګ ځ څ ڼ ښ ږ ۍ). A name or text holding them
/// is not (only) Arabic. Written by us from the Unicode charts.
pub const NON_ARABIC_LETTERS: &str = "پچژگکیےۓٹڈڑںہھەېۆێڵڕۇۈۋۉڤڭګځڅڼښږۍ";

/// True for a character of the Arabic script blocks (module doc): letters,
/// marks, digits and punctuation alike.
#[inline]
pub fn is_arabic_script(c: char) -> bool {
    matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

/// True for a letter of the Arabic alphabet proper, U+0621–U+064A.
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c)
}

/// True for an Arabic-script letter that Arabic orthography does not use
/// ([`NON_ARABIC_LETTERS`]).
#[inline]
pub fn is_non_arabic_letter(c: char) -> bool {
    is_arabic_script(c) && NON_ARABIC_LETTERS.contains(c)
}

/// True for a letter of the Latin script: ASCII letters and the alphabetic
/// characters of U+00C0–U+024F.
#[inline]
pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (('\u{00C0}'..='\u{024F}').contains(&c) && c.is_alphabetic())
}

/// Script of one character: [`Script::Arabic`] for the Arabic script blocks,
/// [`Script::Latin`] for a Latin letter, [`Script::Other`] otherwise.
#[inline]
pub fn script_of(c: char) -> Script {
    if is_latin_letter(c) {
        Script::Latin
    } else if is_arabic_script(c) {
        Script::Arabic
    } else {
        Script::Other
    }
}

/// True when `s` holds any Arabic-script character (a name or token "in
/// Arabic" as opposed to one in Latin letters).
#[inline]
pub fn has_arabic(s: &str) -> bool {
    s.chars().any(is_arabic_script)
}

/// True when `s` is not empty and made of letters of the Arabic alphabet only
/// ([`is_arabic_letter`]): a normalised Arabic word, no digit, no Latin
/// letter, no letter of another language's Arabic script.
#[inline]
pub fn is_arabic_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_arabic_letter)
}

/// True when the first letter of `name` is a Latin letter: the name is
/// written in Latin script, and case rules apply to it.
#[inline]
pub fn is_latin(name: &str) -> bool {
    for c in name.chars() {
        // Fast paths for the two scripts of our text, which skip the
        // Unicode table walk of `char::is_alphabetic` (a hot spot of the
        // gazetteer's case check): an ASCII letter is Latin, and a letter
        // of the Arabic block (U+0621–U+064A but tatweel, all alphabetic)
        // is not.
        if c.is_ascii_alphabetic() {
            return true;
        }
        if ('\u{0621}'..='\u{064A}').contains(&c) && c != '\u{0640}' {
            return false;
        }
        if c.is_alphabetic() {
            return is_latin_letter(c);
        }
    }
    false
}

/// True when `word` starts with a Latin letter and holds only letters and
/// apostrophes (`o'brien`, `sisi`): a Latin word, not a number or a code.
#[inline]
pub fn is_latin_word(word: &str) -> bool {
    word.chars().next().is_some_and(is_latin_letter)
        && word.chars().all(|c| c.is_alphabetic() || c == '\'')
}

/// Letters of `s` per script: (Arabic-script letters, Latin letters).
/// Marks, digits and punctuation count for neither.
pub fn letter_counts(s: &str) -> (usize, usize) {
    let (mut arabic, mut latin) = (0, 0);
    for c in s.chars() {
        if is_latin_letter(c) {
            latin += 1;
        } else if is_arabic_script(c) && c.is_alphabetic() {
            arabic += 1;
        }
    }
    (arabic, latin)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn is_latin_is_its_first_letter_s_script(s in "[ -~\u{00A0}-\u{0250}\u{0600}-\u{06FF}\u{0750}-\u{077F}\u{FB50}-\u{FDFF}\u{0400}-\u{04FF}]{0,6}") {
            let reference = s.chars().find(|c| c.is_alphabetic()).is_some_and(is_latin_letter);
            proptest::prop_assert_eq!(is_latin(&s), reference);
        }
    }

    #[test]
    fn characters_fall_in_one_script() {
        assert_eq!(script_of('ب'), Script::Arabic);
        assert_eq!(script_of('پ'), Script::Arabic);
        assert_eq!(script_of('\u{FEFB}'), Script::Arabic, "lam-alef ligature");
        assert_eq!(script_of('\u{0671}'), Script::Arabic, "alef wasla");
        assert_eq!(script_of('é'), Script::Latin);
        assert_eq!(script_of('ł'), Script::Latin);
        assert_eq!(script_of('×'), Script::Other);
        assert_eq!(script_of('Ж'), Script::Other);
        assert_eq!(script_of('٣'), Script::Arabic);
        assert_eq!(script_of('3'), Script::Other);
    }

    #[test]
    fn arabic_letters_are_the_alphabet_proper() {
        assert!(
            "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي"
                .chars()
                .all(is_arabic_letter)
        );
        assert!(!is_arabic_letter('پ') && !is_arabic_letter('\u{064E}') && !is_arabic_letter('٣'));
        assert!(is_non_arabic_letter('پ') && is_non_arabic_letter('ی'));
        assert!(!is_non_arabic_letter('ي') && !is_non_arabic_letter('a'));
    }

    #[test]
    fn word_tests() {
        assert!(has_arabic("abc ليبيا") && !has_arabic("Libya"));
        assert!(is_arabic_word("ليبيا") && !is_arabic_word("") && !is_arabic_word("ليبيا2"));
        assert!(!is_arabic_word("پاکستان"));
        assert!(is_latin("Al Qāmishlī") && is_latin("-Égypte") && !is_latin("القاهرة"));
        assert!(!is_latin("") && !is_latin("2024") && !is_latin("Москва"));
        assert!(is_latin_word("o'brien") && !is_latin_word("'s") && !is_latin_word("f16"));
        assert!(!is_latin_word("ليبيا") && !is_latin_word("москва"));
        assert_eq!(letter_counts("Sisi في القاهرة، 2019"), (9, 4));
    }
}
