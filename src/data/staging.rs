//! A data set folder built beside its destination and renamed into place only when complete,
//! so that an import or a fix that fails (or is interrupted) leaves no half-written set and
//! never touches an existing one.

use crate::error::Error;
use std::path::{Path, PathBuf};

/// A temporary folder beside `dest` that becomes `dest` on [`Staging::commit`].
pub(super) struct Staging {
    dest: PathBuf,
    /// Where the files go until [`Staging::commit`].
    pub(super) root: PathBuf,
    tmp: tempfile::TempDir,
    _live: crate::files::atomic::Live,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + use<> {
    let path = path.to_path_buf();
    move |source| Error::Io { path, source }
}

impl Staging {
    /// Refuses a destination that is `-` or a folder that is not empty (`empty_ok`: an empty
    /// folder is replaced), then makes the temporary folder with `subfolders`.
    pub(super) fn new(dest: &Path, empty_ok: bool, subfolders: &[&str]) -> Result<Staging, Error> {
        if dest.as_os_str() == "-" {
            return Err(Error::Options(
                "the destination '-' is not a folder: name the data set folder to write (e.g. \
                 ./imported)"
                    .into(),
            ));
        }
        if dest.exists() {
            let empty = std::fs::read_dir(dest).is_ok_and(|mut d| d.next().is_none());
            if !(empty && empty_ok) {
                return Err(Error::Options(format!(
                    "{}: the destination exists{}; name a new folder (nothing is ever written \
                     over)",
                    dest.display(),
                    if empty { "" } else { " and is not empty" }
                )));
            }
        }
        let parent = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        crate::files::atomic::sweep_stale(&parent, Some("import"));
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".tomtat-import-{}-", std::process::id()))
            .tempdir_in(&parent)
            .map_err(io(&parent))?;
        let root = tmp.path().to_path_buf();
        for sub in subfolders {
            let d = root.join(sub);
            std::fs::create_dir_all(&d).map_err(io(&d))?;
        }
        Ok(Staging {
            dest: dest.to_path_buf(),
            _live: crate::files::atomic::Live::new(&root),
            root,
            tmp,
        })
    }

    /// Writes `text` to `rel` inside the folder, making its parent folders.
    pub(super) fn write(&self, rel: &Path, bytes: &[u8]) -> Result<(), Error> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, bytes).map_err(io(&path))
    }

    /// Renames the finished folder into place.
    pub(super) fn commit(self) -> Result<(), Error> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Temporary folders are made 0700; a data set is an ordinary folder.
            std::fs::set_permissions(&self.root, std::fs::Permissions::from_mode(0o755))
                .map_err(io(&self.root))?;
        }
        // An empty destination folder is replaced by the rename; a failed rename leaves the
        // temporary folder to be removed when `tmp` drops.
        std::fs::rename(&self.root, &self.dest).map_err(io(&self.dest))?;
        let _ = self.tmp.keep();
        Ok(())
    }
}
