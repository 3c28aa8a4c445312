//! Text bound for a terminal or a human-readable report, made inert: control characters (ESC,
//! BEL, CR, newlines, C1) and bidirectional overrides from an input come out as visible
//! `\u{…}` escapes, so an id or a file name can neither drive the terminal nor break a
//! one-line message.

use std::borrow::Cow;

fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` on one line with every control or bidi character as a visible escape.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if is_unsafe(c) {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// [`terminal_safe`] for a text of several lines: line breaks stay, every other control or
/// bidi character becomes a visible escape. Tables, Markdown and anything written to a
/// terminal pass through it.
pub fn terminal_safe_text(text: &str) -> String {
    text.split('\n')
        .map(terminal_safe)
        .collect::<Vec<_>>()
        .join("\n")
}
