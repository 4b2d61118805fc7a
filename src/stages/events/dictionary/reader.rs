//! Reads PETRARCH verb-dictionary text into a [`VerbDictionary`].
//!
//! Comments: `<!-- … -->` (may span lines), and `#` or `;` to the end of the
//! line outside `[…]` (PETR.Validate writes codes such as `[###]`).
//!
//! A malformed line (a pattern without `*` or a code, a verb or pattern
//! outside a block, an unbalanced `{`, a pattern naming an undefined synonym
//! set, a code with blanks) is skipped and counted, with its file and line in
//! [`VerbDictionary::skipped`]; with `strict` the first one stops loading
//! with [`DictionaryError::Malformed`]. A file that yields no verb at all is
//! [`DictionaryError::Empty`] in both modes (it is not a verb dictionary).

use std::path::PathBuf;

use super::forms::{plural, verb_forms};
use super::{CodePair, Elem, Lang, Linked, Pattern, Synset, VerbBlock, VerbDictionary, VerbEntry};
use crate::lexicon::petrarch::strip_block_comments;
use crate::nlp::normalize;

/// A malformed dictionary line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct LineError {
    /// File name as given.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Why a verb dictionary cannot be used. Always the operator's to fix (a
/// wrong path or file); a retry does not help.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    /// The file could not be read.
    #[error("cannot read verb dictionary {path}: {source}")]
    Io {
        /// File path.
        path: PathBuf,
        /// I/O error.
        source: std::io::Error,
    },
    /// A malformed line, in strict mode.
    #[error("malformed verb dictionary line {0}")]
    Malformed(LineError),
    /// The file has no verb: not a PETRARCH verb dictionary.
    #[error("{file}: no verb found; not a PETRARCH verb dictionary")]
    Empty {
        /// File name.
        file: String,
    },
    /// A table the stage needs is malformed.
    #[error("{0}")]
    Table(String),
}

/// Reads one dictionary file's `text` into `dict`, recording it as `file`.
/// Synonym sets may be defined in an earlier file (the Arabic
/// `synsets.ar.txt` is read before `CAMEO.ar.0.5.txt`).
///
/// # Errors
/// [`DictionaryError::Malformed`] at the first malformed line when `strict`;
/// [`DictionaryError::Empty`] when the file defines neither a verb nor a
/// synonym set.
pub fn read_into(
    dict: &mut VerbDictionary,
    file: &str,
    text: &str,
    strict: bool,
) -> Result<(), DictionaryError> {
    let file_idx = dict.files.len() as u16;
    dict.files.push(file.to_string());
    let mut reader = Reader {
        dict,
        file,
        file_idx,
        strict,
        block: None,
        synset: None,
        verbs: 0,
        synsets: 0,
    };
    let mut in_comment = false;
    for (i, raw) in text.lines().enumerate() {
        let line = strip_comments(raw, &mut in_comment);
        reader.line(i + 1, line.trim())?;
    }
    reader.dict.index_patterns();
    if reader.verbs == 0 && reader.synsets == 0 {
        return Err(DictionaryError::Empty {
            file: file.to_string(),
        });
    }
    Ok(())
}

struct Reader<'a> {
    dict: &'a mut VerbDictionary,
    file: &'a str,
    file_idx: u16,
    strict: bool,
    /// Index of the open verb block.
    block: Option<usize>,
    /// Open synonym set: (index, generate plurals).
    synset: Option<(usize, bool)>,
    verbs: usize,
    synsets: usize,
}

impl Reader<'_> {
    fn fail(&mut self, line: usize, message: impl Into<String>) -> Result<(), DictionaryError> {
        let e = LineError {
            file: self.file.to_string(),
            line,
            message: message.into(),
        };
        if self.strict {
            return Err(DictionaryError::Malformed(e));
        }
        self.dict.stats.skipped += 1;
        self.dict.skipped.push(e);
        Ok(())
    }

    fn line(&mut self, n: usize, line: &str) -> Result<(), DictionaryError> {
        if line.is_empty() {
            return Ok(());
        }
        let flipped;
        let line = match self.rtl_flipped_member(line) {
            Some(member) => {
                flipped = member;
                flipped.as_str()
            }
            None => line,
        };
        if !line.starts_with('+') {
            self.synset = None;
        }
        if line.starts_with("---") {
            return self.block_header(n, line);
        }
        match line.as_bytes()[0] {
            b'~' => {
                self.dict.stats.transformations += 1;
                Ok(())
            }
            b'&' => self.synset_header(line),
            b'-' => self.pattern(n, line),
            b'+' if self.synset.is_some() => self.synset_member(line),
            _ => self.verb(n, line),
        }
    }

    fn block_header(&mut self, n: usize, line: &str) -> Result<(), DictionaryError> {
        let inner = line.trim_matches('-').trim();
        let (name, code) = match split_code(inner) {
            Ok(Some((rest, code))) => (rest.trim().to_string(), code),
            Ok(None) => (inner.to_string(), CodePair::default()),
            Err(msg) => {
                self.block = None;
                return self.fail(n, msg);
            }
        };
        self.dict.blocks.push(VerbBlock {
            name,
            code,
            patterns: Vec::new(),
            by_weight: Vec::new(),
            by_anchor: Default::default(),
            wordless: Vec::new(),
            lang: self.dict.lang,
            file: self.file_idx,
        });
        self.dict.stats.blocks += 1;
        self.block = Some(self.dict.blocks.len() - 1);
        Ok(())
    }

    fn synset_header(&mut self, line: &str) -> Result<(), DictionaryError> {
        let label = line.split_whitespace().next().unwrap_or(line);
        let plurals = !label.ends_with('_') && self.dict.lang == Lang::En;
        let name = label.trim_end_matches('_').to_string();
        let idx = match self.dict.synset_ids.get(&name) {
            Some(&i) => i,
            None => {
                self.dict.synsets.push(Synset {
                    name: name.clone(),
                    members: Vec::new(),
                    firsts: Default::default(),
                });
                let i = self.dict.synsets.len() - 1;
                self.dict.synset_ids.insert(name, i);
                self.dict.stats.synsets += 1;
                i
            }
        };
        self.synsets += 1;
        self.synset = Some((idx, plurals));
        Ok(())
    }

    /// Rule `rtl_flipped_member`: in an Arabic file, inside a synonym set, a
    /// line written `_X+` is the member `+X_` with its markers typed in
    /// right-to-left display order (OEDA's `synsets.ar.txt` and
    /// `CAMEO.ar.0.5.txt` have five such lines under `&LEADER`, e.g.
    /// `_دكتاتور+`). Returns the member as PETRARCH writes it, or `None`.
    fn rtl_flipped_member(&self, line: &str) -> Option<String> {
        if self.synset.is_none() || self.dict.lang != Lang::Ar {
            return None;
        }
        let inner = line.strip_prefix('_')?.strip_suffix('+')?;
        (!inner.is_empty() && !inner.contains(['+', '*', '[', '{'])).then(|| format!("+{inner}_"))
    }

    fn synset_member(&mut self, line: &str) -> Result<(), DictionaryError> {
        let Some((idx, plurals)) = self.synset else {
            return Ok(());
        };
        let text = line[1..].trim();
        if let Some(nested) = text.strip_prefix('&') {
            // A set inside a set: its members, if it is already defined.
            let name = format!("&{}", nested.trim_end_matches('_'));
            if let Some(&j) = self.dict.synset_ids.get(&name) {
                let members = self.dict.synsets[j].members.clone();
                self.dict.synsets[idx].members.extend(members);
            }
            return Ok(());
        }
        let no_plural = text.ends_with('_');
        let words = words_of(text);
        if words.is_empty() {
            return Ok(());
        }
        let members = &mut self.dict.synsets[idx].members;
        if plurals && !no_plural {
            let mut pl = words.clone();
            let last = pl.len() - 1;
            pl[last] = plural(&pl[last]);
            members.push(pl);
        }
        members.push(words);
        members.sort_by_key(|m| std::cmp::Reverse(m.len()));
        Ok(())
    }

    fn pattern(&mut self, n: usize, line: &str) -> Result<(), DictionaryError> {
        let Some(block) = self.block else {
            return self.fail(n, "pattern outside a verb block");
        };
        let body = &line[1..];
        let (text, code) = match split_code(body) {
            Ok(Some(x)) => x,
            Ok(None) => return self.fail(n, "pattern without a [code]"),
            Err(msg) => return self.fail(n, msg),
        };
        // PETRARCH resolves the ambiguous `_ ` to a blank.
        let text = text.replace("_ ", " ");
        let Some(star) = text.find('*') else {
            return self.fail(n, "pattern without the verb marker `*`");
        };
        let before = match self.elements(&text[..star], true) {
            Ok(e) => e,
            Err(msg) => return self.fail(n, msg),
        };
        let after = match self.elements(&text[star + 1..], false) {
            Ok(e) => e,
            Err(msg) => return self.fail(n, msg),
        };
        self.dict.blocks[block].patterns.push(Pattern::new(
            before,
            after,
            code,
            self.file_idx,
            n as u32,
        ));
        self.dict.stats.patterns += 1;
        Ok(())
    }

    /// Elements of one side of a pattern, in text order. `before`: the side
    /// left of `*`, where an element's `adjacent` flag says whether `_`
    /// joins it to its right neighbour; on the after side, to its left one.
    fn elements(&self, part: &str, before: bool) -> Result<Vec<Linked>, String> {
        let mut out: Vec<Linked> = Vec::new();
        for (tok, sep_before, sep_after) in tokens(part) {
            let sep = if before { sep_after } else { sep_before };
            // `_` alone joins; a blank (or nothing, as in `*في`) does not.
            let adjacent = sep.contains('_') && !sep.contains([' ', '\t']);
            let elem = match tok.as_str() {
                "$" => vec![Elem::Source],
                "+" => vec![Elem::Target],
                "%" => vec![Elem::Compound],
                "^" => vec![Elem::Skip],
                t if t.starts_with('&') => {
                    let name = t.trim_end_matches('_');
                    match self.dict.synset_ids.get(name) {
                        Some(&i) => vec![Elem::Synset(i)],
                        None => return Err(format!("undefined synonym set {name}")),
                    }
                }
                t => words_of(t).into_iter().map(Elem::Word).collect(),
            };
            // A token that normalises to several words (`RUN-OFF`) is a run
            // of adjacent words; the outer link sits on its first word after
            // the verb, on its last word before it.
            let n = elem.len();
            for (j, e) in elem.into_iter().enumerate() {
                let outer = if before { j + 1 == n } else { j == 0 };
                out.push(Linked {
                    elem: e,
                    adjacent: if outer { adjacent } else { true },
                });
            }
        }
        Ok(out)
    }

    fn verb(&mut self, n: usize, line: &str) -> Result<(), DictionaryError> {
        let Some(block) = self.block else {
            return self.fail(n, "verb outside a verb block");
        };
        let (text, own) = match split_code(line) {
            Ok(Some((t, c))) => (t, Some(c)),
            Ok(None) => (line, None),
            Err(msg) => return self.fail(n, msg),
        };
        let code = own.unwrap_or_else(|| self.dict.blocks[block].code.clone());
        let (phrase, forms) = match text.find('{') {
            Some(open) => match text[open..].find('}') {
                Some(close) => (
                    text[..open].trim(),
                    Some(text[open + 1..open + close].to_string()),
                ),
                None => return self.fail(n, "unbalanced `{` in a verb line"),
            },
            None => (text.trim(), None),
        };
        if phrase.is_empty() {
            return self.fail(n, "verb line without a verb");
        }
        let before_count = self.dict.stats.verbs;
        match self.dict.lang {
            Lang::En => self.english_verb(block, &code, phrase, forms.as_deref(), n),
            Lang::Ar => self.arabic_verb(block, &code, phrase, n),
        }
        if self.dict.stats.verbs == before_count {
            return self.fail(n, "verb line without a usable verb");
        }
        self.verbs += 1;
        Ok(())
    }

    fn english_verb(
        &mut self,
        block: usize,
        code: &CodePair,
        phrase: &str,
        forms: Option<&str>,
        n: usize,
    ) {
        let mut phrases: Vec<(String, bool)> = vec![(phrase.to_string(), forms.is_none())];
        if let Some(forms) = forms {
            phrases.extend(forms.split_whitespace().map(|f| (f.to_string(), false)));
        }
        let lemma = phrase
            .trim_start_matches('+')
            .replace('_', " ")
            .to_lowercase();
        for (ph, generate) in phrases {
            let parts: Vec<&str> = ph.split('_').filter(|p| !p.is_empty()).collect();
            if parts.is_empty() {
                continue;
            }
            let head = parts.iter().position(|p| p.starts_with('+')).unwrap_or(0);
            let verb_word = words_of(parts[head].trim_start_matches('+'));
            let Some(verb_word) = verb_word.first().cloned() else {
                continue;
            };
            let before: Vec<String> = parts[..head].iter().flat_map(|p| words_of(p)).collect();
            let after: Vec<String> = parts[head + 1..].iter().flat_map(|p| words_of(p)).collect();
            let keys = if generate {
                verb_forms(&verb_word)
            } else {
                vec![verb_word.clone()]
            };
            for key in keys {
                self.dict.add_form(
                    key,
                    VerbEntry {
                        block,
                        code: code.clone(),
                        after: after.clone(),
                        before: before.clone(),
                        lemma: lemma.clone(),
                        file: self.file_idx,
                        line: n as u32,
                    },
                );
            }
            self.dict.stats.verbs += 1;
        }
    }

    fn arabic_verb(&mut self, block: usize, code: &CodePair, phrase: &str, n: usize) {
        let mut parts = phrase.split('+');
        let head = parts.next().unwrap_or("");
        // The verb is the first word; a one-letter first word is a split
        // prefix (`أ حرق`), joined to the next.
        let mut ws = head.split_whitespace();
        let mut verb = ws.next().unwrap_or("").to_string();
        if verb.chars().count() == 1
            && let Some(next) = ws.next()
        {
            verb.push_str(next);
        }
        let key = normalize(&verb);
        if key.is_empty() || key.contains(' ') {
            return;
        }
        let after: Vec<String> = parts.flat_map(words_of).collect();
        self.dict.add_form(
            key,
            VerbEntry {
                block,
                code: code.clone(),
                after,
                before: Vec::new(),
                lemma: verb,
                file: self.file_idx,
                line: n as u32,
            },
        );
        self.dict.stats.verbs += 1;
    }
}

/// Tokens of one side of a pattern with the separator runs (blanks and
/// `_`) before and after each; grouping characters `( ) { }` are dropped.
fn tokens(part: &str) -> Vec<(String, String, String)> {
    let chars: Vec<char> = part.chars().collect();
    let is_sep = |c: char| matches!(c, ' ' | '_' | '\t');
    let mut out: Vec<(String, String, String)> = Vec::new();
    let mut i = 0;
    let mut sep = String::new();
    while i < chars.len() {
        if is_sep(chars[i]) {
            sep.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !is_sep(chars[i]) {
            i += 1;
        }
        let tok: String = chars[start..i]
            .iter()
            .filter(|c| !matches!(c, '(' | ')' | '{' | '}'))
            .collect();
        if let Some(last) = out.last_mut() {
            last.2 = sep.clone();
        }
        if tok.is_empty() {
            // A bare bracket: keep the separator run going.
            continue;
        }
        out.push((tok, std::mem::take(&mut sep), String::new()));
    }
    if let Some(last) = out.last_mut() {
        last.2 = sep;
    }
    out
}

/// Normalised words of a dictionary phrase (`_` and blanks separate words).
fn words_of(text: &str) -> Vec<String> {
    let spaced = text.replace('_', " ");
    // Treebank's `N'T` (DID N'T) is one word; the tokeniser would read
    // `N'` as a French elision.
    let mut out = Vec::new();
    for part in spaced.split_whitespace() {
        if part.eq_ignore_ascii_case("n't") {
            out.push("n't".to_string());
            continue;
        }
        out.extend(
            normalize(part)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_string),
        );
    }
    out
}

/// Splits `text [code]` into the text before the last `[` and the code.
/// `Ok(None)` when there is no bracket.
fn split_code(text: &str) -> Result<Option<(&str, CodePair)>, String> {
    let Some(open) = text.rfind('[') else {
        return Ok(None);
    };
    let Some(len) = text[open..].find(']') else {
        return Err("unclosed `[` in a code".into());
    };
    let inner = text[open + 1..open + len].trim();
    if inner.contains(char::is_whitespace) {
        return Err(format!("code `[{inner}]` has blanks"));
    }
    let (p, r) = match inner.split_once(':') {
        Some((p, r)) => (p, Some(r)),
        None => (inner, None),
    };
    let code = |s: &str| (!s.is_empty() && s != "---").then(|| s.to_string());
    Ok(Some((
        &text[..open],
        CodePair {
            primary: code(p),
            reverse: r.and_then(code),
        },
    )))
}

/// Removes `<!-- -->` comments (tracking ones that span lines) and `#`/`;`
/// comments outside brackets.
fn strip_comments(line: &str, in_comment: &mut bool) -> String {
    let mut out = strip_block_comments(line, in_comment);
    let mut depth = 0i32;
    for (i, c) in out.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            '#' | ';' if depth <= 0 => {
                out.truncate(i);
                break;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(lang: Lang, text: &str) -> VerbDictionary {
        let mut d = VerbDictionary::new(lang);
        read_into(&mut d, "test.txt", text, false).unwrap();
        d
    }

    const EN: &str = "\
<!-- a header comment
over two lines -->
&CURRENCY
+DOLLAR
+SWISS FRANCS
+KRONER_

--- MEET_PEOPLE [040] ---
+MEET_WITH {+MET_WITH +MEETS_WITH}
MEET {MEETS MET MEETING}  # a comment
FACE [---]
- * (FOR TALKS) [036:036]     # MEET
- * &CURRENCY [903]
- NOT_* + [112]
- * [---]

--- CONTRIBUTE [070] ---
CONTRIBUTE
- * [###] # odd codes are codes
~ a (a b ATTACK) SAY = a b 015
";

    #[test]
    fn reads_blocks_forms_patterns_and_synsets() {
        let d = read(Lang::En, EN);
        assert_eq!(d.blocks.len(), 2);
        assert_eq!(d.stats.transformations, 1);
        assert!(d.skipped.is_empty(), "{:?}", d.skipped);
        // Irregular forms only where braces are given; generated otherwise.
        assert!(d.contains("met") && d.contains("meeting"));
        assert!(!d.contains("meeted"));
        assert!(d.contains("contributed") && d.contains("contributes"));
        let with = d.entries("met");
        assert!(with.iter().any(|e| e.after == ["with"]));
        assert_eq!(d.entries("face")[0].code, CodePair::default());
        assert_eq!(d.entries("meets")[0].code.primary.as_deref(), Some("040"));
        let pats = &d.blocks[0].patterns;
        assert_eq!(pats.len(), 4);
        assert_eq!(
            pats[0].code,
            CodePair {
                primary: Some("036".into()),
                reverse: Some("036".into())
            }
        );
        assert_eq!(
            pats[0].after.iter().map(|l| &l.elem).collect::<Vec<_>>(),
            [&Elem::Word("for".into()), &Elem::Word("talks".into())]
        );
        assert_eq!(pats[0].line, 12);
        // `NOT_*`: the word touches the verb.
        assert_eq!(pats[2].before[0].elem, Elem::Word("not".into()));
        assert!(pats[2].before[0].adjacent);
        assert_eq!(pats[2].after[0].elem, Elem::Target);
        assert!(!pats[2].after[0].adjacent);
        assert!(pats[3].code.is_null());
        assert_eq!(d.blocks[1].patterns[0].code.primary.as_deref(), Some("###"));
        // Synonym set with plurals, except for `_`-ended members.
        let cur = &d.synsets[d.synset("&CURRENCY").unwrap()];
        assert!(cur.members.contains(&vec!["dollars".to_string()]));
        assert!(
            cur.members
                .contains(&vec!["swiss".to_string(), "francs".to_string()])
        );
        assert!(!cur.members.contains(&vec!["kroners".to_string()]));
        assert_eq!(d.locate(0, 12), "test.txt:12");
    }

    #[test]
    fn malformed_lines_are_skipped_with_file_and_line() {
        let text = "--- X [010] ---\nSAY\n- * [010\n- no star [010]\n- * &NOSUCH [010]\nBAD {FORMS [010]\n- * FINE [011]\n";
        let d = read(Lang::En, text);
        let lines: Vec<usize> = d.skipped.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5, 6]);
        assert!(d.skipped[2].message.contains("&NOSUCH"), "{}", d.skipped[2]);
        assert_eq!(d.skipped[0].to_string().split(':').next(), Some("test.txt"));
        assert_eq!(d.blocks[0].patterns.len(), 1);
        // Strict mode stops at the first one.
        let mut strict = VerbDictionary::new(Lang::En);
        let err = read_into(&mut strict, "v.txt", text, true).unwrap_err();
        assert!(err.to_string().contains("v.txt:3"), "{err}");
    }

    #[test]
    fn a_file_without_verbs_is_rejected() {
        let mut d = VerbDictionary::new(Lang::En);
        let err = read_into(&mut d, "notes.txt", "just some prose\n", false).unwrap_err();
        // Prose lines outside a block are skipped; nothing usable remains.
        assert!(matches!(err, DictionaryError::Empty { .. }), "{err}");
    }

    #[test]
    fn arabic_lemmas_with_joined_prepositions() {
        let text = "&MILITARY\n\n+جيش_\n+قوات_مسلحة_\n--- طلب [---] ---\nدعا+إلى                         # call\nاعتقل                 [1721]    # arrest\nأ حرق  # set\n- * &MILITARY [154] # عمل\n- *في مصلحة [050] # بدا\n";
        let d = read(Lang::Ar, text);
        assert!(d.skipped.is_empty(), "{:?}", d.skipped);
        let e = &d.entries("دعا")[0];
        assert_eq!(e.after, ["الي"]);
        assert_eq!(e.code, CodePair::default());
        assert_eq!(d.entries("اعتقل")[0].code.primary.as_deref(), Some("1721"));
        assert!(d.contains("احرق"));
        let mil = &d.synsets[d.synset("&MILITARY").unwrap()];
        assert!(
            mil.members
                .contains(&vec!["قوات".to_string(), "مسلحه".to_string()])
        );
        let p = &d.blocks[0].patterns[1];
        assert_eq!(p.after[0].elem, Elem::Word("في".into()));
        assert!(!p.after[0].adjacent);
    }

    #[test]
    fn rtl_flipped_synset_members_are_read_as_members() {
        // Markers typed in display order (`_X+` for `+X_`), between
        // ordinary members.
        let text = "&LEADER\n+رئيس_\n_دكتاتور+\n_رئيس_وزراء+\n+ملك_\n";
        let d = read(Lang::Ar, text);
        assert!(d.skipped.is_empty(), "{:?}", d.skipped);
        let leader = &d.synsets[d.synset("&LEADER").unwrap()];
        for member in ["دكتاتور", "رئيس_وزراء", "ملك"] {
            let member = words_of(member);
            assert!(
                leader.members.contains(&member),
                "{member:?} in {:?}",
                leader.members
            );
        }
        assert_eq!(leader.members.len(), 4);
        // English files keep the strict reading: the flipped line is a
        // verb line outside a block.
        let d = read(Lang::En, "&LEADER\n+KING_\n_QUEEN+\n");
        assert_eq!(d.synsets[0].members.len(), 1);
        assert_eq!(d.skipped.len(), 1, "{:?}", d.skipped);
    }

    #[test]
    fn underscores_link_pattern_words() {
        let text = "&NEG\n+DID N'T\n--- CLASH [223] ---\nCLASH\n- MOST_CERTAINLY_&NEG_EVER * OVER EFFORTS [907]\n- &NEG EVER * RUN-OFF [905]\n- IN_*_OUT [074]\n";
        let d = read(Lang::En, text);
        let p = &d.blocks[0].patterns;
        let flags = |v: &[Linked]| v.iter().map(|l| l.adjacent).collect::<Vec<_>>();
        assert_eq!(flags(&p[0].before), [true, true, true, false]);
        assert_eq!(flags(&p[0].after), [false, false]);
        assert_eq!(flags(&p[1].before), [false, false]);
        // RUN-OFF is two adjacent words.
        assert_eq!(p[1].after.len(), 2);
        assert_eq!(flags(&p[1].after), [false, true]);
        assert_eq!(flags(&p[2].before), [true]);
        assert_eq!(flags(&p[2].after), [true]);
    }
}
