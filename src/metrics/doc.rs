//! A tokenized text: token ids and sentence boundaries.

use super::word_cache::WordCache;
use crate::text::Tokenizer;
use rustc_hash::FxHashMap;

/// Maps token strings to dense `u32` ids. Ids only need to agree within one example, so a
/// worker keeps one interner across examples and clears it when it grows too large.
///
/// It also caches the token ids of each word for tokenizers whose tokens depend on the word
/// alone ([`Tokenizer::tokenize_words`]): a word seen before costs one hash lookup instead of
/// normalization, tone placement and interning. The cache belongs to one tokenizer
/// ([`Tokenizer::identity`]) and is emptied when another one uses the interner.
#[derive(Debug, Default)]
pub struct Interner {
    ids: FxHashMap<Box<str>, u32>,
    words: WordCache,
    words_of: u64,
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
        self.words.clear();
    }

    /// Appends the token ids of one word, from the cache or, the first time, from the
    /// tokenizer.
    #[inline]
    fn push_word(&mut self, word: &str, tokenizer: &Tokenizer, tokens: &mut Vec<u32>) {
        match self.words.get(word) {
            Some(&[id]) => return tokens.push(id),
            Some(ids) => return tokens.extend_from_slice(ids),
            None => {}
        }
        let start = tokens.len();
        tokenizer.tokenize_words(word, &mut |_| false, &mut |t| tokens.push(self.id(t)));
        self.words.insert(word, &tokens[start..]);
    }

    /// Distinct tokens and cached words held (what bounds its memory).
    pub fn len(&self) -> usize {
        self.ids.len() + self.words.len()
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
        Doc::build_sized(0, sentences, tokenizer, interner)
    }

    /// [`Doc::build`] of a text of `bytes` bytes, with room for its tokens made once.
    pub fn build_sized<'a>(
        bytes: usize,
        sentences: impl Iterator<Item = &'a str>,
        tokenizer: &Tokenizer,
        interner: &mut Interner,
    ) -> Doc {
        let mut doc = Doc {
            // A token and its separator take at least two bytes in nearly every text.
            tokens: Vec::with_capacity(bytes / 2),
            sentence_ends: Vec::new(),
        };
        if interner.words_of != tokenizer.identity() {
            interner.words.clear();
            interner.words_of = tokenizer.identity();
        }
        for sentence in sentences {
            let start = doc.tokens.len();
            let tokens = &mut doc.tokens;
            if !tokenizer.scan_words(sentence, |word| interner.push_word(word, tokenizer, tokens)) {
                doc.tokens.truncate(start);
                if !doc.push_words(sentence, tokenizer, interner) {
                    tokenizer.tokenize_with(sentence, &mut |t| doc.tokens.push(interner.id(t)));
                }
            }
            if doc.sentence_ends.last().copied().unwrap_or(0) < doc.tokens.len() {
                doc.sentence_ends.push(doc.tokens.len());
            }
        }
        doc
    }

    /// A document of rougeLsum sentences for a profile that tokenizes them apart from the text
    /// ([`Tokenizer::sentences_apart`]), each through [`Tokenizer::tokenize_sentence_with`].
    pub fn build_sentences<'a>(
        sentences: impl Iterator<Item = &'a str>,
        tokenizer: &Tokenizer,
        interner: &mut Interner,
    ) -> Doc {
        let mut doc = Doc::default();
        for sentence in sentences {
            tokenizer.tokenize_sentence_with(sentence, &mut |t| doc.tokens.push(interner.id(t)));
            if doc.sentence_ends.last().copied().unwrap_or(0) < doc.tokens.len() {
                doc.sentence_ends.push(doc.tokens.len());
            }
        }
        doc
    }

    /// Appends the tokens of `text` word by word through the interner's word cache; false
    /// (nothing appended) when the tokenizer cannot tokenize by word.
    fn push_words(&mut self, text: &str, tokenizer: &Tokenizer, interner: &mut Interner) -> bool {
        // The word being tokenized after a cache miss, and where its ids start.
        let mut pending: Option<(Box<str>, usize)> = None;
        let tokens = &mut self.tokens;
        let finish = |pending: &mut Option<(Box<str>, usize)>,
                      tokens: &Vec<u32>,
                      interner: &mut Interner| {
            if let Some((word, start)) = pending.take() {
                interner.words.insert(&word, &tokens[start..]);
            }
        };
        let cell = std::cell::RefCell::new((tokens, interner, &mut pending));
        let by_word = tokenizer.tokenize_words(
            text,
            &mut |word| {
                let mut guard = cell.borrow_mut();
                let (tokens, interner, pending) = &mut *guard;
                finish(pending, tokens, interner);
                if let Some(ids) = interner.words.get(word) {
                    tokens.extend_from_slice(ids);
                    true
                } else {
                    **pending = Some((word.into(), tokens.len()));
                    false
                }
            },
            &mut |token| {
                let mut guard = cell.borrow_mut();
                let (tokens, interner, _) = &mut *guard;
                let id = interner.id(token);
                tokens.push(id);
            },
        );
        let (tokens, interner, pending) = cell.into_inner();
        finish(pending, tokens, interner);
        by_word
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Profile, TokenizerOptions, ToneStyle};

    /// Token strings of a document, through the interner's ids.
    fn strings(doc: &Doc, interner: &Interner) -> Vec<String> {
        let mut by_id: Vec<&str> = vec![""; interner.ids.len()];
        for (token, &id) in &interner.ids {
            by_id[id as usize] = token;
        }
        doc.tokens
            .iter()
            .map(|&id| by_id[id as usize].to_string())
            .collect()
    }

    #[test]
    fn cached_words_give_the_tokens_of_the_tokenizer_in_use() {
        let texts = [
            "Hoà bình ở T.Ư và TP.HCM: giá 7,5 triệu, 100.000 đồng lúc 10:30.",
            "hòa bình, HOÀ BÌNH; t.iền Q.Tân\nthuở ấy",
            "Ðà Nẵng\u{200b}quá đẹp — Sông Hàn 2022",
            "hoà bình ở TP.HCM",
        ];
        let old = Tokenizer::new(
            Profile::ViV1,
            TokenizerOptions {
                tone_style: ToneStyle::Old,
                ..Default::default()
            },
        )
        .expect("tokenizer");
        let tokenizers = [Tokenizer::with_defaults(Profile::ViV1), old];
        let mut interner = Interner::default();
        for round in 0..3 {
            for tokenizer in &tokenizers {
                for text in texts {
                    let doc = Doc::build(text.split('\n'), tokenizer, &mut interner);
                    let expected: Vec<String> = text
                        .split('\n')
                        .flat_map(|line| tokenizer.tokenize(line))
                        .collect();
                    assert_eq!(strings(&doc, &interner), expected, "round {round}: {text}");
                }
            }
        }
    }
}
