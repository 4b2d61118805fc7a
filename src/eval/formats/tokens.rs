//! CoNLL-style token files: IOB1/IOB2 tags, sentences, `-DOCSTART-` documents.

/// A gold entity over tokens: `start..end` token indices (end-exclusive)
/// within its document, and its class label as written in the file (after
/// the `B-`/`I-` prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenEntity {
    /// Class label from the file, e.g. `PER`, `PERS`, `Politician`.
    pub class: String,
    /// First token, inclusive.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
}

/// A document of a token corpus: its tokens, where sentences end, and the
/// gold entities.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenDocument {
    /// Tokens in order.
    pub tokens: Vec<String>,
    /// Token index one past the end of each sentence, ascending.
    pub sentence_ends: Vec<usize>,
    /// Gold entities, in text order.
    pub entities: Vec<TokenEntity>,
}

impl TokenDocument {
    /// The document as text: tokens joined by single spaces, sentences by
    /// `\n`, plus each token's `start..end` in Unicode scalar values.
    pub fn text_with_offsets(&self) -> (String, Vec<(usize, usize)>) {
        let mut text = String::new();
        let mut offsets = Vec::with_capacity(self.tokens.len());
        let mut pos = 0usize;
        let mut next_end = self.sentence_ends.iter().peekable();
        for (i, tok) in self.tokens.iter().enumerate() {
            if i > 0 {
                let sep = if next_end.peek().is_some_and(|&&e| e == i) {
                    next_end.next();
                    '\n'
                } else {
                    ' '
                };
                text.push(sep);
                pos += 1;
            }
            let len = tok.chars().count();
            text.push_str(tok);
            offsets.push((pos, pos + len));
            pos += len;
        }
        (text, offsets)
    }
}

/// Reads a CoNLL-style token corpus (see the module docs).
///
/// Documents break at `-DOCSTART-` lines; a corpus without them (ANERcorp,
/// NewsFANEGold) is cut into documents of `sentences_per_doc` sentences,
/// since the stages are built for article-sized text, not for one sentence.
/// Tags: `B-X` opens an entity, `I-X` continues an open `X` (or opens one,
/// as IOB1 does), anything else closes it. Leading U+FEFF/U+200E/U+200F are
/// stripped from tokens; lines whose token is empty after that are skipped.
pub fn read_token_corpus(text: &str, sentences_per_doc: usize) -> Vec<TokenDocument> {
    let sentences_per_doc = sentences_per_doc.max(1);
    let mut docs = Vec::new();
    let mut doc = TokenDocument::default();
    let mut open: Option<TokenEntity> = None;
    let mut in_sentence = false;

    fn close(doc: &mut TokenDocument, open: &mut Option<TokenEntity>) {
        if let Some(e) = open.take() {
            doc.entities.push(e);
        }
    }
    fn end_sentence(
        doc: &mut TokenDocument,
        open: &mut Option<TokenEntity>,
        in_sentence: &mut bool,
    ) {
        close(doc, open);
        if *in_sentence {
            doc.sentence_ends.push(doc.tokens.len());
            *in_sentence = false;
        }
    }
    fn end_doc(docs: &mut Vec<TokenDocument>, doc: &mut TokenDocument) {
        if !doc.tokens.is_empty() {
            docs.push(std::mem::take(doc));
        }
    }

    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        let mut fields = line.split_whitespace();
        let Some(first) = fields.next() else {
            end_sentence(&mut doc, &mut open, &mut in_sentence);
            if doc.sentence_ends.len() >= sentences_per_doc {
                end_doc(&mut docs, &mut doc);
            }
            continue;
        };
        if first == "-DOCSTART-" {
            end_sentence(&mut doc, &mut open, &mut in_sentence);
            end_doc(&mut docs, &mut doc);
            continue;
        }
        let tag = fields.next_back().unwrap_or("O");
        let token = first.trim_start_matches(['\u{feff}', '\u{200e}', '\u{200f}']);
        if token.is_empty() {
            continue;
        }
        let index = doc.tokens.len();
        doc.tokens.push(token.to_string());
        in_sentence = true;
        let (prefix, class) = match tag.split_once('-') {
            Some((p, c)) if p == "B" || p == "I" => (p, c),
            _ => ("O", ""),
        };
        match prefix {
            "I" if open.as_ref().is_some_and(|e| e.class == class) => {
                if let Some(e) = open.as_mut() {
                    e.end = index + 1;
                }
            }
            "B" | "I" => {
                close(&mut doc, &mut open);
                open = Some(TokenEntity {
                    class: class.to_string(),
                    start: index,
                    end: index + 1,
                });
            }
            _ => close(&mut doc, &mut open),
        }
    }
    end_sentence(&mut doc, &mut open, &mut in_sentence);
    end_doc(&mut docs, &mut doc);
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_corpus_reads_iob2_with_documents_and_sentences() {
        let text = "-DOCSTART- -X- -X- O\n\nAhmed NNP B-NP B-PER\nvisited VBD B-VP O\nNew NNP B-NP B-LOC\nYork NNP I-NP I-LOC\n. . O O\n\nHe PRP B-NP O\nleft VBD B-VP O\n\n-DOCSTART- -X- -X- O\n\nUN NNP B-NP B-ORG\n";
        let docs = read_token_corpus(text, 100);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].tokens.len(), 7);
        assert_eq!(docs[0].sentence_ends, vec![5, 7]);
        assert_eq!(
            docs[0].entities,
            vec![
                TokenEntity {
                    class: "PER".into(),
                    start: 0,
                    end: 1
                },
                TokenEntity {
                    class: "LOC".into(),
                    start: 2,
                    end: 4
                },
            ]
        );
        let (text, offs) = docs[0].text_with_offsets();
        assert_eq!(text, "Ahmed visited New York .\nHe left");
        assert_eq!(offs[3], (18, 22));
        assert_eq!(docs[1].entities[0].class, "ORG");
    }

    #[test]
    fn token_corpus_handles_newsfane_bom_marks_crlf_and_iob1() {
        // BOM, U+200E before tokens, CRLF, a tab-only sentence break; an
        // I- tag after O opens an entity (IOB1), a different class closes.
        let text = "\u{feff}\u{200e}زار\tO\r\n\u{200e}محمد\tI-Politician\r\n\u{200e}علي\tI-Politician\r\n\u{200e}مصر\tB-Nation\r\n\t\r\n\u{200e}في\tO\r\n";
        let docs = read_token_corpus(text, 100);
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.tokens[0], "زار");
        assert_eq!(d.sentence_ends, vec![4, 5]);
        assert_eq!(
            d.entities,
            vec![
                TokenEntity {
                    class: "Politician".into(),
                    start: 1,
                    end: 3
                },
                TokenEntity {
                    class: "Nation".into(),
                    start: 3,
                    end: 4
                },
            ]
        );
        let (text, offs) = d.text_with_offsets();
        assert_eq!(text, "زار محمد علي مصر\nفي");
        // Scalar-value offsets, not bytes.
        assert_eq!(offs[1], (4, 8));
        assert_eq!(offs[4], (17, 19));
    }

    #[test]
    fn token_corpus_without_docstart_is_cut_every_n_sentences() {
        let text = "a O\n\nb B-LOC\n\nc O\n\nd O\n\ne O\n";
        let docs = read_token_corpus(text, 2);
        assert_eq!(
            docs.iter().map(|d| d.tokens.len()).collect::<Vec<_>>(),
            vec![2, 2, 1]
        );
        assert_eq!(docs[0].entities[0].start, 1);
    }
}
