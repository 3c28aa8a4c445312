//! The `en-v1` profile: NFC, Unicode lowercase, runs of letters/digits, optional Porter stem.

use super::clean::prepare;
use super::{is_word_char, porter};

/// Calls `emit` with each token of `text`, in order. With `stem`, tokens longer than three
/// characters are Porter-stemmed, as rouge-score does.
pub fn tokenize(text: &str, stem: bool, emit: &mut dyn FnMut(&str)) {
    let text = prepare(text, false);
    for word in text
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
    {
        let lower = word.to_lowercase();
        if stem && lower.chars().count() > 3 {
            emit(&porter::stem(&lower));
        } else {
            emit(&lower);
        }
    }
}
