//! Discard lists in PETRARCH format: phrases that mark a sentence (or, with
//! a leading `+`, a whole story) as not codable — sports results, weather,
//! historical chronologies. `# …` and `; …` are comments. A phrase matches
//! a run of whole words of the normalised sentence (`BASEBALL` matches
//! "baseball" but not "baseballs"). None are shipped; `[events] discards`
//! names the files (PETRARCH's `Phoenix.discards.txt`, or one's own).

use std::path::Path;

use super::dictionary::DictionaryError;
use crate::nlp::normalize;

/// Sentence- and story-level discard phrases (normalised words).
#[derive(Debug, Clone, Default)]
pub struct Discards {
    /// Phrases that discard their sentence.
    pub sentence: Vec<Vec<String>>,
    /// Phrases that discard the whole article.
    pub story: Vec<Vec<String>>,
}

impl Discards {
    /// Reads one discard file's text.
    pub fn add_text(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.split(['#', ';']).next().unwrap_or("").trim();
            let (story, phrase) = match line.strip_prefix('+') {
                Some(rest) => (true, rest),
                None => (false, line),
            };
            let words: Vec<String> = normalize(phrase)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            if words.is_empty() {
                continue;
            }
            if story {
                self.story.push(words);
            } else {
                self.sentence.push(words);
            }
        }
    }

    /// Reads a discard file.
    ///
    /// # Errors
    /// [`DictionaryError::Io`] naming the file.
    pub fn add_file(&mut self, path: &Path) -> Result<(), DictionaryError> {
        let text = std::fs::read_to_string(path).map_err(|source| DictionaryError::Io {
            path: path.to_owned(),
            source,
        })?;
        self.add_text(&text);
        Ok(())
    }

    /// True when no phrase is loaded.
    pub fn is_empty(&self) -> bool {
        self.sentence.is_empty() && self.story.is_empty()
    }

    fn found(phrases: &[Vec<String>], norms: &[&str]) -> bool {
        phrases.iter().any(|p| {
            norms
                .windows(p.len())
                .any(|w| w.iter().zip(p).all(|(a, b)| a == b))
        })
    }

    /// True when a sentence phrase occurs in `norms`.
    pub fn discards_sentence(&self, norms: &[&str]) -> bool {
        Self::found(&self.sentence, norms)
    }

    /// True when a story phrase occurs in `norms`.
    pub fn discards_story(&self, norms: &[&str]) -> bool {
        Self::found(&self.story, norms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_and_story_phrases() {
        let mut d = Discards::default();
        d.add_text("# c\nBASEBALL   # x\n+World Golf Championships ; y\n\n");
        assert_eq!(d.sentence.len(), 1);
        assert!(d.discards_sentence(&["a", "baseball", "game"]));
        assert!(!d.discards_sentence(&["baseballs"]));
        assert!(d.discards_story(&["the", "world", "golf", "championships"]));
        assert!(!d.discards_story(&["world", "golf"]));
    }
}
