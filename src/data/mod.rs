//! Readers for the project's inputs.

mod candidates;
pub mod dataset;
pub mod import;
pub mod limit;
mod pairs;
pub mod records;
mod stream;
mod utf8;

pub use candidates::{Candidate, DatasetExample, pair_candidates, read_candidates};
pub use pairs::{Pair, parse_pairs};
pub use records::TableFormat;
pub use stream::{CHUNK_BYTES, PairChunk, PairReader};
pub use utf8::{decode_utf8, read_text};
