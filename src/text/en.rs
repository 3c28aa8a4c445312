//! The `en-v1` profile: NFC, Unicode lowercase, runs of letters/digits, optional Porter stem.

use super::clean::prepare;
use super::{Stemmer, is_word_char};

/// Calls `emit` with each token of `text`, in order. With a stemmer, tokens longer than three
/// characters are Porter-stemmed, as rouge-score does.
pub fn tokenize(text: &str, stemmer: Option<Stemmer>, emit: &mut dyn FnMut(&str)) {
    let text = prepare(text, false);
    for word in text
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
    {
        let lower = word.to_lowercase();
        match stemmer {
            Some(s) => s.emit_stemmed(&lower, emit),
            None => emit(&lower),
        }
    }
}
