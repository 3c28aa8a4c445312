//! What an output may point at: never an input or another output (compared by file identity,
//! device and inode, not by spelling), never a directory, and never a file inside a data set
//! folder being read. Checked before any work, so a refused run writes nothing.

use crate::error::Error;
use std::path::{Path, PathBuf};

/// One input of a command: a file, or a folder (a data set) whose whole tree is an input.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    File(&'a Path),
    Folder(&'a Path),
}

/// Device and inode of a file.
type Identity = (u64, u64);

#[cfg(unix)]
fn identity(path: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<Identity> {
    let _ = path;
    None
}

/// Where `path` will be written: its canonical form, or for a file that does not exist yet its
/// folder's canonical form joined with its name.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::canonicalize(dir).ok().map(|d| d.join(name))
}

/// True when two paths name the same file: the same device and inode, or (where that cannot
/// be read) the same canonical path.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (identity(a), identity(b)) {
        (Some(x), Some(y)) => x == y,
        _ => resolved(a).is_some_and(|x| resolved(b) == Some(x)),
    }
}

/// True for paths that are streamed into rather than replaced (`/dev/null`, a FIFO, a
/// terminal): writing them never destroys anything, so they may repeat.
pub fn is_stream(path: &Path) -> bool {
    is_stdio(path) || std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Whether `path` is `-`: standard input as an input, standard output as an output.
pub fn is_stdio(path: &Path) -> bool {
    path == Path::new("-")
}

/// Refuses (with one line naming both) an output that is an input, is inside an input folder,
/// is another output, or is a directory.
pub fn check_outputs(inputs: &[Input<'_>], outputs: &[&Path]) -> Result<(), Error> {
    let bad = |m: String| Err(Error::Options(m));
    let mut seen: Vec<(&Path, Option<Identity>, Option<PathBuf>)> = Vec::new();
    let from_stdin = |i: &&Input| matches!(i, Input::File(p) if is_stdio(p));
    if inputs.iter().filter(from_stdin).count() > 1 {
        return bad("only one input can be read from standard input ('-')".to_string());
    }
    if outputs.iter().filter(|p| is_stdio(p)).count() > 1 {
        return bad(
            "only one output can be written to standard output ('-'; the report goes there \
             when -o is not given)"
                .to_string(),
        );
    }
    for &out in outputs {
        if out.is_dir() {
            return bad(format!(
                "{}: is a directory, not an output file",
                out.display()
            ));
        }
        if is_stream(out) {
            continue;
        }
        let (id, place) = (identity(out), resolved(out));
        for input in inputs {
            match *input {
                Input::File(path) if is_stdio(path) => {}
                Input::File(path) => {
                    let same = (id.is_some() && id == identity(path))
                        || (place.is_some() && place == resolved(path));
                    if same {
                        return bad(format!(
                            "the output {} is the input {}: refusing to overwrite it",
                            out.display(),
                            path.display()
                        ));
                    }
                }
                Input::Folder(dir) => {
                    if let (Some(p), Ok(d)) = (&place, std::fs::canonicalize(dir))
                        && p.starts_with(&d)
                    {
                        return bad(format!(
                            "the output {} is inside the input folder {}: write it elsewhere",
                            out.display(),
                            dir.display()
                        ));
                    }
                }
            }
        }
        if let Some((other, ..)) = seen
            .iter()
            .find(|(_, i, p)| (id.is_some() && *i == id) || (place.is_some() && *p == place))
        {
            return bad(format!(
                "{} and {} are the same file: give each output its own",
                other.display(),
                out.display()
            ));
        }
        seen.push((out, id, place));
    }
    Ok(())
}
