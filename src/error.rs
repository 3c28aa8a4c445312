//! Typed errors of the library. The CLI turns them into one-line messages and exit code 2.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `byte` is the 1-based byte column in `line`; `offset` the 0-based offset in the input.
    #[error("{origin}: line {line}, byte {byte}: invalid UTF-8 (byte offset {offset})")]
    InvalidUtf8 {
        origin: String,
        line: usize,
        byte: usize,
        offset: usize,
    },
    #[error("{}:{line}: {message}", path.display())]
    Lexicon {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// A problem in an input file; `line` is 1-based when known.
    #[error("{origin}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Input {
        origin: String,
        line: Option<usize>,
        message: String,
    },
    #[error("{0}")]
    Options(String),
}
