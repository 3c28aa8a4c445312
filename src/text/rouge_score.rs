//! The `rouge-score` profile: Google rouge-score 0.1.2's default tokenizer, bit for bit.
//! Python `str.lower()`, every run of characters outside `[a-z0-9]` becomes a separator, tokens
//! longer than three characters are optionally Porter-stemmed (NLTK's default mode).
//! It throws away every non-ASCII letter, which is why it is wrong for Vietnamese.

use super::Stemmer;

/// Calls `emit` with each token of `text`, in order.
pub fn tokenize(text: &str, stemmer: Option<Stemmer>, emit: &mut dyn FnMut(&str)) {
    let lower = text.to_lowercase();
    for word in lower
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|w| !w.is_empty())
    {
        match stemmer {
            Some(s) => s.emit_stemmed(word, emit),
            None => emit(word),
        }
    }
}
