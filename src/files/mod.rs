//! The boundary with the file system, at the bottom of the house: every other module reads and
//! writes files through it.
//!
//! - Reading is bounded and strict: no line longer than `--max-line-bytes` ([`limit`]), strict
//!   UTF-8 with the file, line and byte of the first bad sequence ([`utf8`]).
//! - Writing never destroys what a user pointed at: outputs are checked against inputs and each
//!   other by identity before any work ([`guard`]), and written atomically, replacing only
//!   regular files ([`atomic`]). `-` is standard input or output.
//! - Nothing from an input reaches a terminal raw ([`terminal`]).
//! - A panic in a third-party decoder is an input error, never a crash ([`contain`]).

pub(crate) mod atomic;
mod contain;
pub(crate) mod guard;
pub(crate) mod hold;
pub mod limit;
mod terminal;
mod utf8;

pub use atomic::{AtomicWriter, output_dir, remove_temporaries, write_atomic};
pub use contain::{contained, corrupt_file};
pub use guard::{Input, check_outputs, is_stdio, is_stream, same_file};
pub use hold::hold;
pub use limit::{origin_name, read_limited, read_limited_io, set_max_line_bytes};
pub use terminal::{terminal_safe, terminal_safe_text};
pub use utf8::{decode_utf8, decode_utf8_at, read_text};
