//! A tokenized text: token ids and sentence boundaries.

use crate::text::Tokenizer;
use rustc_hash::FxHashMap;

/// Maps token strings to dense `u32` ids. Ids only need to agree within one example, so a
/// worker keeps one interner and clears it between examples.
#[derive(Debug, Default)]
pub struct Interner {
    ids: FxHashMap<Box<str>, u32>,
}

impl Interner {
    pub fn id(&mut self, token: &str) -> u32 {
        if let Some(&id) = self.ids.get(token) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(token.into(), id);
        id
    }

    pub fn clear(&mut self) {
        self.ids.clear();
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// Token ids of one text, with the end (exclusive) of each non-empty sentence.
/// Invariant: `sentence_ends` is strictly increasing and its last value is `tokens.len()`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    pub tokens: Vec<u32>,
    pub sentence_ends: Vec<usize>,
}

impl Doc {
    /// Tokenizes `text` once. Each unit from `sentences` (the lines of the text, or the output
    /// of a sentence splitter) becomes one sentence; units without tokens are dropped.
    pub fn build<'a>(
        sentences: impl Iterator<Item = &'a str>,
        tokenizer: &Tokenizer,
        interner: &mut Interner,
    ) -> Doc {
        let mut doc = Doc::default();
        for sentence in sentences {
            tokenizer.tokenize_with(sentence, &mut |t| doc.tokens.push(interner.id(t)));
            if doc.sentence_ends.last().copied().unwrap_or(0) < doc.tokens.len() {
                doc.sentence_ends.push(doc.tokens.len());
            }
        }
        doc
    }

    /// A document from ids, one sentence per slice (for tests and benchmarks).
    pub fn from_sentences(sentences: &[&[u32]]) -> Doc {
        let mut doc = Doc::default();
        for s in sentences.iter().filter(|s| !s.is_empty()) {
            doc.tokens.extend_from_slice(s);
            doc.sentence_ends.push(doc.tokens.len());
        }
        doc
    }

    pub fn sentences(&self) -> impl Iterator<Item = &[u32]> + '_ {
        let starts = std::iter::once(0).chain(self.sentence_ends.iter().copied());
        starts
            .zip(self.sentence_ends.iter().copied())
            .map(|(a, b)| &self.tokens[a..b])
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}
