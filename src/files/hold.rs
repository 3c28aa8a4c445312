//! A pause at a named phase of a run, for tests that stop a process at an exact point (while
//! it scores, while it writes, inside a commit, after it) instead of racing a clock.
//!
//! With `TOMTAT_TEST_HOLD=<phase>` in the environment, the first time the process reaches that
//! phase it prints `tomtat-test-hold: <phase>` on standard error and waits until it is killed.
//! Without the variable a call costs one load of a cached flag. Phases: `score` (the first
//! chunk of examples is scored), `write` (an output has its first bytes), `commit` (an output
//! is copied to its named temporary file, not yet renamed), `committed` (the first output has
//! replaced its target), `import` (an import has written its first article).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// The environment variable that names the phase to hold at.
pub const HOLD_VARIABLE: &str = "TOMTAT_TEST_HOLD";

fn phase() -> Option<&'static str> {
    static PHASE: OnceLock<Option<String>> = OnceLock::new();
    PHASE
        .get_or_init(|| std::env::var(HOLD_VARIABLE).ok().filter(|p| !p.is_empty()))
        .as_deref()
}

/// Waits forever when `name` is the phase to hold at and this is the first time it is reached.
pub fn hold(name: &str) {
    static HELD: AtomicBool = AtomicBool::new(false);
    if phase() != Some(name) || HELD.swap(true, Ordering::SeqCst) {
        return;
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "tomtat-test-hold: {name}");
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
