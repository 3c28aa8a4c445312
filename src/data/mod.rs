//! Readers for the project's inputs.

mod utf8;

pub use utf8::{decode_utf8, read_text};
