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
            remove_folder_being_written(p);
        } else {
            let _ = std::fs::remove_file(p);
        }
    }
    paths.len()
}

/// Removes a temporary folder that another thread may still be adding files to (an import
/// stopped by a signal): renamed first, so that new files fail to be made in it, then removed,
/// again while a file made in the meantime keeps it from going.
fn remove_folder_being_written(path: &Path) {
    let mut doomed = path.as_os_str().to_owned();
    doomed.push(".removing");
    let doomed = PathBuf::from(doomed);
    let target = if std::fs::rename(path, &doomed).is_ok() {
        doomed
    } else {
        path.to_path_buf()
    };
    for _ in 0..20 {
        if std::fs::remove_dir_all(&target).is_ok() || !target.exists() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
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
        sweep_stale(&dir, None);
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
            Sink::Replace { body, .. } => body.write_all(bytes).map(|()| super::hold("write")),
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
        super::hold("commit");
        tmp.persist(&path).map_err(|e| io(e.error))?;
        super::hold("committed");
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

/// A named temporary file in `dir` (`.tomtat-<pid>-XXXXXX.tmp`: the process id lets a later
/// run tell a file left by a killed process, [`sweep_stale`]).
fn named_temporary(dir: &Path) -> std::io::Result<NamedTempFile> {
    tempfile::Builder::new()
        .prefix(&format!(".tomtat-{}-", std::process::id()))
        .suffix(".tmp")
        .tempfile_in(dir)
}

/// The process id in the name of a temporary of tomtat's (`.tomtat-<pid>-XXXXXX.tmp`, or
/// `.tomtat-<kind>-<pid>-XXXXXX` for a folder), `None` for any other name.
fn temporary_owner(name: &str, kind: Option<&str>) -> Option<u32> {
    let rest = name.strip_prefix(".tomtat-")?;
    let rest = match kind {
        Some(kind) => rest.strip_prefix(kind)?.strip_prefix('-')?,
        None => rest.strip_suffix(".tmp")?,
    };
    let (pid, random) = rest.split_once('-')?;
    let ours = !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && random.len() == 6
        && random.bytes().all(|b| b.is_ascii_alphanumeric());
    if ours { pid.parse().ok() } else { None }
}

/// Removes from `dir` the temporaries of tomtat processes that no longer run: what a run killed
/// by SIGKILL (or an abort) between copying an output and renaming it leaves, `.tomtat-<pid>-*.tmp`
/// files, or with `kind` its `.tomtat-<kind>-<pid>-*` folders. Only names of exactly that shape
/// are touched, and only when `/proc` shows the process is gone (elsewhere nothing is removed).
/// Returns the names removed.
pub(crate) fn sweep_stale(dir: &Path, kind: Option<&str>) -> Vec<String> {
    let proc = Path::new("/proc/self");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    if !proc.exists() {
        return Vec::new();
    }
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = temporary_owner(&name, kind) else {
            continue;
        };
        if pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists() {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        let gone = match kind {
            Some(_) if meta.is_dir() => std::fs::remove_dir_all(entry.path()).is_ok(),
            None if meta.is_file() => std::fs::remove_file(entry.path()).is_ok(),
            _ => false,
        };
        if gone {
            removed.push(name);
        }
    }
    removed
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

#[cfg(test)]
mod tests {
    use super::temporary_owner;

    #[test]
    fn only_names_of_tomtats_shape_are_its_temporaries() {
        assert_eq!(temporary_owner(".tomtat-123-aB3xYz.tmp", None), Some(123));
        assert_eq!(
            temporary_owner(".tomtat-import-77-aB3xYz", Some("import")),
            Some(77)
        );
        for other in [
            ".tomtat-123-aB3xYz",
            ".tomtat-x-aB3xYz.tmp",
            ".tomtat-123-aB3.tmp",
            "tomtat-123-aB3xYz.tmp",
            ".tomtat-import-77-aB3xYz.tmp",
            ".tomtat-123-aB3xYz.tmp.bak",
        ] {
            assert_eq!(temporary_owner(other, None), None, "{other}");
        }
        assert_eq!(
            temporary_owner(".tomtat-import-77-aB3xYz.bak", Some("import")),
            None
        );
    }
}
