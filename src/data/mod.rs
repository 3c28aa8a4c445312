//! Readers for the project's inputs.

mod aligned;
mod candidates;
#[cfg(feature = "columnar")]
mod columnar;
#[cfg(not(feature = "columnar"))]
#[path = "columnar_off.rs"]
mod columnar;
#[cfg(feature = "columnar")]
mod columnar_cells;
#[cfg(feature = "columnar")]
mod columnar_ipc;
pub mod dataset;
mod example;
mod fields;
pub mod fix;
pub mod import;
pub mod import_bbc;
mod import_rows;
pub mod import_vietnews;
pub mod import_wikilingua;
mod pairs;
mod ratings;
pub mod record;
pub mod records;
mod staging;
mod stream;
mod targets;
mod text_findings;

pub use aligned::AlignedReader;
pub use candidates::{Candidate, DatasetExample, pair_candidates, read_candidates};
pub use example::{BorrowedPair, Example, text_bytes};
pub use fields::Fields;
pub use pairs::{Pair, parse_pairs, parse_pairs_with};
pub use ratings::{Rating, RatingFields, read_ratings};
pub use records::TableFormat;
pub use stream::{CHUNK_BYTES, PairChunk, PairReader};
