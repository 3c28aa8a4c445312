//! Readers for the project's inputs.

mod pairs;
mod utf8;

pub use pairs::{Pair, PairsFormat, parse_pairs, read_pairs};
pub use utf8::{decode_utf8, read_text};
