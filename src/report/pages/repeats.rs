//! Sentences that a page's data carries once: a text is sent as its sentences, and a sentence
//! the page already holds is sent as the number of its first copy.
//!
//! gzip, the only compression a browser decodes without a library, finds repeats within 32 KB
//! of each other; an evaluation's texts repeat much further apart (the same references under
//! every system or resample, a cluster's summary under each of its articles, lead baselines
//! that copy the article), so a page of 10,000 such examples was mostly text gzip could not
//! shrink. The invariant the page relies on (`expand` in `explorer.js`, [`expand`] here): every
//! string part of a text, in page order (rows in order; in a row `c`, `c2`, the `c` of each of
//! `s`, then each of `r`), is numbered from 0, and a number part stands for the string part
//! with that number.

use serde::{Serialize, Serializer};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Sentences shorter than this (in bytes) are sent again: their number would save little.
const SHORTEST: usize = 24;

/// Most sentences remembered (about 40 bytes each): past them, new sentences are sent as text,
/// so that a page of millions of examples does not hold a digest of every sentence.
const MOST_REMEMBERED: usize = 4_000_000;

/// A text as the page's data holds it.
#[derive(Debug, PartialEq)]
pub enum Sent<'a> {
    /// The whole text, one string part.
    Whole(&'a str),
    /// Its sentences: new ones as text, repeated ones as the number of their first copy.
    Parts(Vec<Part<'a>>),
}

/// A sentence of a [`Sent::Parts`] text.
#[derive(Debug, PartialEq)]
pub enum Part<'a> {
    Text(&'a str),
    Earlier(u64),
}

/// The sentences sent so far, by a 128-bit digest of their bytes (the texts themselves are not
/// kept: a page is packed as its examples are scored).
#[derive(Debug)]
pub struct Repeats {
    first: HashMap<[u8; 16], u64>,
    parts: u64,
    most: usize,
}

impl Default for Repeats {
    fn default() -> Self {
        Repeats {
            first: HashMap::new(),
            parts: 0,
            most: MOST_REMEMBERED,
        }
    }
}

impl Repeats {
    /// `text` as the page sends it after every text given so far (in page order).
    pub fn send<'a>(&mut self, text: &'a str) -> Sent<'a> {
        let mut parts = Vec::new();
        let mut new = 0;
        for sentence in sentences(text) {
            if sentence.len() < SHORTEST {
                parts.push(Part::Text(sentence));
                new += 1;
                continue;
            }
            let digest = digest(sentence);
            match self.first.get(&digest) {
                Some(&n) => parts.push(Part::Earlier(n)),
                None => {
                    if self.first.len() < self.most {
                        self.first.insert(digest, self.parts + new);
                    }
                    parts.push(Part::Text(sentence));
                    new += 1;
                }
            }
        }
        match parts.as_slice() {
            [] | [Part::Text(_)] => {
                self.parts += 1;
                Sent::Whole(text)
            }
            _ => {
                self.parts += new;
                Sent::Parts(parts)
            }
        }
    }
}

impl Repeats {
    /// A JSON row's texts (`c`, `c2`, the `c` of each of `s`, then each of `r`: a leaderboard's
    /// systems under one example) as the page sends them, after every row given so far.
    pub fn send_row(&mut self, row: &mut Value) {
        let mut send = |text: &mut Value| {
            if let Value::String(s) = text
                && let Sent::Parts(parts) = self.send(s)
            {
                let parts = parts.into_iter().map(|p| match p {
                    Part::Text(t) => Value::from(t),
                    Part::Earlier(n) => Value::from(n),
                });
                *text = Value::Array(parts.collect());
            }
        };
        for key in ["c", "c2"] {
            if let Some(text) = row.get_mut(key) {
                send(text);
            }
        }
        if let Some(Value::Array(systems)) = row.get_mut("s") {
            for text in systems.iter_mut().filter_map(|s| s.get_mut("c")) {
                send(text);
            }
        }
        if let Some(Value::Array(references)) = row.get_mut("r") {
            references.iter_mut().for_each(send);
        }
    }
}

fn digest(sentence: &str) -> [u8; 16] {
    let full = Sha256::digest(sentence.as_bytes());
    let mut out = [0; 16];
    out.copy_from_slice(&full[..16]);
    out
}

/// The sentences of `text`, whose concatenation is `text`: each ends after a line break or
/// after `.`, `!`, `?` or `…` followed by white space, with the white space that follows.
pub fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = rest.len();
        let mut chars = rest.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let ends = c == '\n'
                || (matches!(c, '.' | '!' | '?' | '…')
                    && chars.peek().is_some_and(|&(_, n)| n.is_whitespace()));
            if ends {
                end = i + c.len_utf8();
                while let Some(&(j, n)) = chars.peek() {
                    if !n.is_whitespace() {
                        break;
                    }
                    end = j + n.len_utf8();
                    chars.next();
                }
                break;
            }
        }
        let (sentence, after) = rest.split_at(end);
        rest = after;
        Some(sentence)
    })
}

impl Serialize for Sent<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Sent::Whole(text) => serializer.serialize_str(text),
            Sent::Parts(parts) => parts.serialize(serializer),
        }
    }
}

impl Serialize for Part<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Part::Text(text) => serializer.serialize_str(text),
            Part::Earlier(n) => serializer.serialize_u64(*n),
        }
    }
}

/// The texts of the page's rows (`c`, `c2`, each of `s`, `r`) made whole again, as the page's script does:
/// for tools and tests that read a page's data.
pub fn expand(rows: &mut [Value]) {
    let mut parts: Vec<String> = Vec::new();
    let mut whole = |text: &mut Value| match text {
        Value::String(s) => parts.push(s.clone()),
        Value::Array(list) => {
            let mut out = String::new();
            for part in list.iter() {
                match part {
                    Value::String(s) => {
                        parts.push(s.clone());
                        out.push_str(s);
                    }
                    Value::Number(n) => {
                        let earlier = n.as_u64().and_then(|n| parts.get(n as usize));
                        out.push_str(earlier.map_or("", String::as_str));
                    }
                    _ => {}
                }
            }
            *text = Value::String(out);
        }
        _ => {}
    };
    for row in rows {
        for key in ["c", "c2"] {
            if let Some(text) = row.get_mut(key) {
                whole(text);
            }
        }
        if let Some(Value::Array(systems)) = row.get_mut("s") {
            systems
                .iter_mut()
                .filter_map(|s| s.get_mut("c"))
                .for_each(&mut whole);
        }
        if let Some(Value::Array(references)) = row.get_mut("r") {
            references.iter_mut().for_each(&mut whole);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sentences_keep_every_byte_and_end_after_their_white_space() {
        let text = "Trời mưa to.  Hà Nội ngập!\nĐường trơn… Xe 1.5 tấn?";
        let got: Vec<&str> = sentences(text).collect();
        assert_eq!(
            got,
            [
                "Trời mưa to.  ",
                "Hà Nội ngập!\n",
                "Đường trơn… ",
                "Xe 1.5 tấn?"
            ]
        );
        assert_eq!(sentences("").count(), 0);
    }

    #[test]
    fn a_sentence_sent_before_is_sent_as_its_number() {
        let mut r = Repeats::default();
        let a = "Giá xăng tăng lần thứ ba trong tháng. ";
        let b = "Bộ Công Thương điều chỉnh giá từ chiều nay.";
        assert_eq!(r.send("Một câu ngắn."), Sent::Whole("Một câu ngắn."));
        let first = format!("{a}{b}");
        assert_eq!(
            r.send(&first),
            Sent::Parts(vec![Part::Text(a), Part::Text(b)])
        );
        let rotated = format!("{b} {a}");
        assert_eq!(
            r.send(&rotated),
            Sent::Parts(vec![Part::Text(&rotated[..b.len() + 1]), Part::Earlier(1)])
        );
        assert_eq!(r.send(b), Sent::Parts(vec![Part::Earlier(2)]));
        assert_eq!(r.send(""), Sent::Whole(""));
    }

    #[test]
    fn past_the_sentences_it_remembers_a_new_sentence_is_sent_as_text() {
        let mut r = Repeats {
            most: 1,
            ..Repeats::default()
        };
        let (a, b) = (
            "Giá xăng tăng lần thứ ba trong tháng.",
            "Bộ Công Thương điều chỉnh giá.",
        );
        assert_eq!(r.send(a), Sent::Whole(a));
        assert_eq!(r.send(b), Sent::Whole(b));
        assert_eq!(r.send(a), Sent::Parts(vec![Part::Earlier(0)]));
        assert_eq!(r.send(b), Sent::Whole(b));
    }

    fn row_of(texts: &[String], r: &mut Repeats) -> Value {
        let sent: Vec<Sent> = texts.iter().map(|t| r.send(t)).collect();
        serde_json::json!({ "c": sent[0], "r": sent[1..] })
    }

    proptest! {
        #[test]
        fn expanded_texts_are_the_texts_sent(
            texts in prop::collection::vec(
                prop::collection::vec(
                    prop::sample::select(vec![
                        "Giá vàng hôm nay tăng mạnh. ", "Hà Nội mưa to suốt đêm qua!\n",
                        "ngắn. ", "Xe 1.5 tấn… ", "", " ", "Thủ tướng chủ trì cuộc họp.",
                    ]),
                    0..6,
                ).prop_map(|parts| parts.concat()),
                1..5,
            ),
            rows in 1usize..4,
        ) {
            let mut repeats = Repeats::default();
            let mut sent: Vec<Value> = (0..rows).map(|_| row_of(&texts, &mut repeats)).collect();
            // What the page receives: JSON text.
            let json = serde_json::to_string(&sent).unwrap_or_default();
            sent = serde_json::from_str(&json).unwrap_or_default();
            expand(&mut sent);
            for row in &sent {
                prop_assert_eq!(&row["c"], &Value::String(texts[0].clone()));
                for (i, t) in texts[1..].iter().enumerate() {
                    prop_assert_eq!(&row["r"][i], &Value::String(t.clone()));
                }
            }
        }
    }
}
