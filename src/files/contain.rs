//! A boundary around third-party decoders (Parquet, Arrow IPC): a panic inside one, from a
//! corrupt file, becomes an ordinary input error naming the file, and no panic message is
//! printed. Panics anywhere else still reach the previous panic hook unchanged.

use crate::error::Error;
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

thread_local! {
    /// How many [`contained`] calls are running on this thread.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

static HOOK: Once = Once::new();

/// Installs, once per process, a panic hook that stays silent inside [`contained`] and defers
/// to the hook installed before it everywhere else.
fn install_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) == 0 {
                previous(info);
            }
        }));
    });
}

/// Runs `decode` (reading the input `origin`); a panic inside it becomes
/// `origin: cannot read: the file is corrupt (…)`.
pub fn contained<T>(origin: &str, decode: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    install_hook();
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(decode));
    DEPTH.with(|d| d.set(d.get() - 1));
    result.unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("a decoder failed");
        Err(corrupt_file(origin, &first_line(detail)))
    })
}

/// `origin: cannot read: the file is corrupt (detail)`: the one error for a damaged file,
/// whichever check found the damage.
pub fn corrupt_file(origin: &str, detail: &str) -> Error {
    Error::Input {
        origin: origin.to_string(),
        line: None,
        message: format!("cannot read: the file is corrupt ({detail})"),
    }
}

/// The first line of a panic message, at most 200 characters.
fn first_line(detail: &str) -> String {
    detail
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(200)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_becomes_an_input_error() {
        let r: Result<(), Error> = contained("x.parquet", || panic!("slice offset=9 length=1"));
        let e = r.err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(
            e,
            "x.parquet: cannot read: the file is corrupt (slice offset=9 length=1)"
        );
        assert_eq!(DEPTH.with(Cell::get), 0);
    }

    #[test]
    fn values_and_errors_pass_through() {
        assert_eq!(contained("x", || Ok(3)).ok(), Some(3));
        let e = contained::<()>("x", || Err(Error::Options("no".into())));
        assert!(matches!(e, Err(Error::Options(_))));
    }
}
