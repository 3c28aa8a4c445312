//! tomtat: ROUGE-style summary evaluation that is correct for Vietnamese.
//!
//! Data flows one way: read → normalize/tokenize (once per text) → score → aggregate → report.
//! Library functions never print and never exit; they return [`Error`].

pub mod baseline;
pub mod curate;
pub mod data;
pub mod error;
pub mod files;
pub mod metrics;
pub mod options;
pub mod report;
pub mod run;
pub mod stats;
pub mod text;

pub use error::Error;
pub use text::{Profile, Tokenizer, TokenizerOptions, ToneStyle, Units};

#[cfg(feature = "python")]
mod python;
