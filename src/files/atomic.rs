//! Atomic file output: a temporary file in the target's directory, renamed over the target,
//! so an interrupted run never leaves a half-written file. While a run writes, the bytes go to
//! an unnamed file (deleted by the system however the process ends, even by an abort); a
//! named temporary file exists only while a finished output is copied out and renamed. Only regular files are replaced:
//! a symlink is followed (its target is written atomically, the link stays), and a device,
//! FIFO or socket (`/dev/null`, `/dev/stdout`), or `-` (standard output), is written straight
//! into, never replaced.

use crate::error::Error;
use std::io::{BufWriter, Seek, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// A file being written: bytes go to a temporary file beside `path`, which replaces `path`
/// only on [`AtomicWriter::commit`]. Dropped without a commit, it leaves `path` untouched and
/// removes the temporary file.
pub struct AtomicWriter {
    path: PathBuf,
    sink: Sink,
}

/// Temporary files (and folders) being written, so that a process stopped by a signal can remove them
/// ([`remove_temporaries`]) instead of leaving them behind.
static LIVE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// A registered temporary file; dropping it unregisters the path.
pub(crate) struct Live(PathBuf);

impl Live {
    pub(crate) fn new(path: &Path) -> Live {
        if let Ok(mut live) = LIVE.lock() {
            live.push(path.to_path_buf());
        }
        Live(path.to_path_buf())
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        if let Ok(mut live) = LIVE.lock()
            && let Some(i) = live.iter().position(|p| *p == self.0)
        {
            live.swap_remove(i);
        }
    }
}

/// Removes every temporary file still being written and returns how many there were: for a
/// signal handler, just before the process exits.
pub fn remove_temporaries() -> usize {
    let paths = match LIVE.lock() {
        Ok(mut live) => std::mem::take(&mut *live),
        Err(_) => return 0,
    };
    for p in &paths {
        if p.is_dir() {
            let _ = std::fs::remove_dir_all(p);
        } else {
            let _ = std::fs::remove_file(p);
        }
    }
    paths.len()
}

enum Sink {
    /// The bytes so far, in an unnamed file in `dir`, the target's directory.
    Replace {
        body: BufWriter<std::fs::File>,
        dir: PathBuf,
    },
    /// A device, FIFO or standard output; `terminal` when it is one, so that what is written
    /// passes through [`super::terminal_safe_text`].
    Stream {
        out: BufWriter<Box<dyn Write + Send>>,
        terminal: bool,
    },
}

/// The file a write to `path` lands in: `path` itself, or the end of its symlink chain.
fn target_of(path: &Path) -> PathBuf {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return path.to_path_buf();
    };
    if !meta.file_type().is_symlink() {
        return path.to_path_buf();
    }
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    // A dangling link: the file it names, which the write creates.
    match std::fs::read_link(path) {
        Ok(link) if link.is_absolute() => link,
        Ok(link) => path.parent().unwrap_or(Path::new(".")).join(link),
        Err(_) => path.to_path_buf(),
    }
}

impl AtomicWriter {
    /// Starts writing `path`; fails when its directory does not exist.
    pub fn create(path: &Path) -> Result<AtomicWriter, Error> {
        if super::is_stream(path) {
            use std::io::IsTerminal;
            let (file, terminal): (Box<dyn Write + Send>, bool) = if super::is_stdio(path) {
                (Box::new(std::io::stdout()), std::io::stdout().is_terminal())
            } else {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|source| io_error(path, source))?;
                let terminal = file.is_terminal();
                (Box::new(file), terminal)
            };
            return Ok(AtomicWriter {
                path: path.to_path_buf(),
                sink: Sink::Stream {
                    out: BufWriter::with_capacity(1 << 16, file),
                    terminal,
                },
            });
        }
        let target = target_of(path);
        let dir = output_dir(&target)?.to_path_buf();
        // A named file made and removed at once: the directory takes new files now, so an
        // output that cannot be written fails before any work.
        drop(named_temporary(&dir).map_err(|source| io_error(path, source))?);
        let body = tempfile::tempfile_in(&dir).map_err(|source| io_error(path, source))?;
        Ok(AtomicWriter {
            path: target,
            sink: Sink::Replace {
                body: BufWriter::with_capacity(1 << 16, body),
                dir,
            },
        })
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        match &mut self.sink {
            Sink::Replace { body, .. } => body.write_all(bytes),
            Sink::Stream { out, terminal } => match std::str::from_utf8(bytes) {
                Ok(text) if *terminal => out.write_all(super::terminal_safe_text(text).as_bytes()),
                _ => out.write_all(bytes),
            },
        }
        .map_err(|source| io_error(&self.path, source))
    }

    /// Flushes, syncs and renames the temporary file over the target (a stream is flushed).
    pub fn commit(self) -> Result<(), Error> {
        let path = self.path;
        let io = |source| io_error(&path, source);
        let (body, dir) = match self.sink {
            Sink::Stream { mut out, .. } => return out.flush().map_err(io),
            Sink::Replace { body, dir } => (body, dir),
        };
        let mut body = body.into_inner().map_err(|e| io(e.into_error()))?;
        body.rewind().map_err(io)?;
        let mut tmp = named_temporary(&dir).map_err(io)?;
        let _live = Live::new(tmp.path());
        std::io::copy(&mut body, tmp.as_file_mut()).map_err(io)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Temporary files are created 0600; a report is an ordinary file.
            std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))
                .map_err(io)?;
        }
        tmp.as_file().sync_all().map_err(io)?;
        tmp.persist(&path).map_err(|e| io(e.error))?;
        Ok(())
    }
}

/// The directory an output file goes to (temporary files are made there, so that the final
/// rename never crosses file systems); an error when it does not exist.
pub fn output_dir(path: &Path) -> Result<&Path, Error> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(io_error(
            path,
            std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "is a directory, not an output file",
            ),
        ));
    }
    if !dir.is_dir() {
        return Err(io_error(
            path,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("the directory {} does not exist", dir.display()),
            ),
        ));
    }
    Ok(dir)
}

/// A named temporary file in `dir` (`.tomtat-*.tmp`).
fn named_temporary(dir: &Path) -> std::io::Result<NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".tomtat-")
        .suffix(".tmp")
        .tempfile_in(dir)
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut w = AtomicWriter::create(path)?;
    w.write(bytes)?;
    w.commit()
}
