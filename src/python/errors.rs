//! Library errors and panics as Python exceptions, and the GIL released around Rust work.

use crate::Profile;
use crate::data::Example;
use crate::error::Error;
use crate::run::{MAX_THREADS, detect_profile};
use pyo3::exceptions::{
    PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError, PyRuntimeError,
    PyValueError,
};
use pyo3::prelude::*;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};

pub(super) fn to_py_err(e: Error) -> PyErr {
    match e {
        Error::Io { ref source, .. } => match source.kind() {
            std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(e.to_string()),
            std::io::ErrorKind::IsADirectory => PyIsADirectoryError::new_err(e.to_string()),
            std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(e.to_string()),
            _ => PyOSError::new_err(e.to_string()),
        },
        _ => PyValueError::new_err(e.to_string()),
    }
}

pub(super) fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// The process that loaded the module. A process forked from it later (a multiprocessing
/// worker, as lighteval's bootstrap uses) has none of the global pool's threads: work there
/// runs on a pool of its own, or it would wait for them forever.
static LOADED_BY: std::sync::OnceLock<u32> = std::sync::OnceLock::new();

/// Records the loading process (called once, when the module is initialized).
pub(super) fn note_loading_process() {
    LOADED_BY.get_or_init(std::process::id);
}

/// The pool size to use for `threads` (`None`: the global pool, every core), one worker in a
/// process forked after the module was loaded.
pub(super) fn pool_size(threads: Option<usize>) -> Option<usize> {
    let forked = LOADED_BY.get().is_some_and(|p| *p != std::process::id());
    threads.or(forked.then_some(1))
}

/// Runs `f` without the GIL on a pool of `threads` workers (`None`: every core); a panic
/// becomes `RuntimeError` instead of crossing into Python.
pub(super) fn detached<T: Send>(
    py: Python<'_>,
    threads: Option<usize>,
    f: impl FnOnce() -> Result<T, Error> + Send,
) -> PyResult<T> {
    let threads = pool_size(threads);
    let outcome = py.detach(|| {
        std::panic::catch_unwind(AssertUnwindSafe(|| match threads {
            None => f(),
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| Error::Options(format!("cannot start worker threads: {e}")))?
                .install(f),
        }))
    });
    match outcome {
        Ok(result) => result.map_err(to_py_err),
        Err(p) => Err(PyRuntimeError::new_err(format!(
            "internal error in tomtat: {}",
            panic_message(p)
        ))),
    }
}

/// [`detached`] for long work that can stop: `f` gets a flag to check between pieces of work.
/// While it runs, this thread checks for signals every 50 ms (taking the GIL for that moment
/// only); on Ctrl-C it sets the flag, waits for `f` to stop, and raises `KeyboardInterrupt`
/// (or whatever the signal handler raised).
pub(super) fn interruptible<T: Send>(
    py: Python<'_>,
    threads: Option<usize>,
    f: impl FnOnce(&AtomicBool) -> Result<T, Error> + Send,
) -> PyResult<T> {
    let pool = match pool_size(threads) {
        Some(n) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| {
                    PyRuntimeError::new_err(format!("cannot start worker threads: {e}"))
                })?,
        ),
        None => None,
    };
    let stop = AtomicBool::new(false);
    let mut raised: Option<PyErr> = None;
    let outcome = py.detach(|| {
        std::thread::scope(|scope| {
            let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
            let stop = &stop;
            let pool = pool.as_ref();
            let work = scope.spawn(move || {
                let out = std::panic::catch_unwind(AssertUnwindSafe(|| match pool {
                    Some(pool) => pool.install(|| f(stop)),
                    None => f(stop),
                }));
                let _ = done_tx.send(());
                out
            });
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                done_rx.recv_timeout(std::time::Duration::from_millis(50))
            {
                if raised.is_none()
                    && let Err(e) = Python::attach(|py| py.check_signals())
                {
                    raised = Some(e);
                    stop.store(true, Ordering::Relaxed);
                }
            }
            work.join().unwrap_or_else(Err)
        })
    });
    if let Some(e) = raised {
        return Err(e);
    }
    match outcome {
        Ok(result) => result.map_err(to_py_err),
        Err(p) => Err(PyRuntimeError::new_err(format!(
            "internal error in tomtat: {}",
            panic_message(p)
        ))),
    }
}

/// Like [`detached`] for work that holds the GIL (converting Python objects).
pub(super) fn guarded<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    std::panic::catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| {
        Err(PyRuntimeError::new_err(format!(
            "internal error in tomtat: {}",
            panic_message(p)
        )))
    })
}

pub(super) fn user_warning(py: Python<'_>, message: &str) -> PyResult<()> {
    let message = std::ffi::CString::new(message.replace('\0', " "))
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    PyErr::warn(
        py,
        &py.get_type::<pyo3::exceptions::PyUserWarning>(),
        &message,
        2,
    )
}

/// The CLI's warnings about what the profile does to these texts, as Python `UserWarning`s:
/// the rouge-score profile given Vietnamese text; the xlsum profile given text not in NFC.
/// The language check is [`score_with_language_check`], run beside the scoring.
pub(super) fn warn_if_torn(
    py: Python<'_>,
    profile: Profile,
    pairs: &[impl Example],
) -> PyResult<()> {
    if profile == Profile::RougeScore && detect_profile(pairs) == Profile::ViV1 {
        user_warning(
            py,
            "the rouge-score profile keeps only a-z and 0-9, so Vietnamese letters are dropped; use profile='vi-v1'",
        )?;
    }
    if profile == Profile::XlSum {
        xlsum_warnings(py, false, None, pairs)?;
    }
    Ok(())
}

/// Scores with `score` while the CLI's language check reads a sample of `pairs` on the
/// same workers (it needs no GIL, so it is no longer a serial step before the scoring);
/// the check's warning, when there is one, is raised as a `UserWarning` afterwards.
pub(super) fn score_with_language_check<T: Send, E: Example>(
    py: Python<'_>,
    threads: Option<usize>,
    pairs: &[E],
    score: impl FnOnce(&AtomicBool) -> Result<T, Error> + Send,
) -> PyResult<T> {
    let (warning, out) = interruptible(py, threads, |stop| {
        let (warning, out) = rayon::join(|| crate::run::language_mismatch(pairs), || score(stop));
        out.map(|out| (warning, out))
    })?;
    if let Some(w) = warning {
        user_warning(py, &w)?;
    }
    Ok(out)
}

/// The xlsum profile's warnings ([`crate::text::xlsum::warnings`]) as `UserWarning`s.
pub(super) fn xlsum_warnings(
    py: Python<'_>,
    stem: bool,
    lang: Option<&str>,
    pairs: &[impl Example],
) -> PyResult<()> {
    let texts = pairs.iter().flat_map(|p| {
        std::iter::once(p.candidate()).chain(p.references().iter().map(AsRef::as_ref))
    });
    for w in crate::text::xlsum::warnings(stem, lang, texts) {
        user_warning(py, &w)?;
    }
    Ok(())
}

pub(super) fn check_threads(threads: Option<usize>) -> PyResult<Option<usize>> {
    match threads {
        Some(0) | None => Ok(None),
        Some(n) if n > MAX_THREADS => Err(PyValueError::new_err(format!(
            "threads must be between 1 and {MAX_THREADS}, got {n}"
        ))),
        some => Ok(some),
    }
}
