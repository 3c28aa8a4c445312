//! Writing a run file whose examples arrive a chunk at a time ([`RunWriter`]).

use crate::error::Error;
use crate::report::{Bootstrap, RunFile};
use std::path::Path;

/// Writes a run file whose examples arrive a chunk at a time, without keeping them: they go
/// to an unnamed temporary file beside the target, and [`RunWriter::finish`] writes the header, the
/// report and those examples into the target atomically. The bytes equal `serde_json` of the
/// whole [`RunFile`].
pub struct RunWriter {
    path: std::path::PathBuf,
    examples: std::io::BufWriter<std::fs::File>,
    count: usize,
}

impl RunWriter {
    pub fn create(path: &Path) -> Result<RunWriter, Error> {
        let scratch;
        let dir = if crate::files::is_stream(path) {
            scratch = std::env::temp_dir();
            scratch.as_path()
        } else {
            crate::files::output_dir(path)?
        };
        // Unnamed, so that nothing is left behind however the process ends.
        let tmp = tempfile::tempfile_in(dir).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(RunWriter {
            path: path.to_path_buf(),
            examples: std::io::BufWriter::with_capacity(1 << 16, tmp),
            count: 0,
        })
    }

    /// Appends one example, already serialized with [`RunExample::to_json`].
    pub fn push(&mut self, example_json: &str) -> Result<(), Error> {
        use std::io::Write;
        let io = |source| Error::Io {
            path: self.path.clone(),
            source,
        };
        if self.count > 0 {
            self.examples.write_all(b",").map_err(io)?;
        }
        self.examples
            .write_all(example_json.as_bytes())
            .map_err(io)?;
        self.count += 1;
        Ok(())
    }

    pub fn finish(
        self,
        report: &crate::report::Report,
        metrics: &[crate::metrics::Metric],
        bootstrap: Bootstrap,
    ) -> Result<(), Error> {
        self.complete(report, metrics, bootstrap)?.commit()
    }

    /// Writes the whole run file to its temporary file and returns it uncommitted, so that a
    /// command with several outputs renames them all only once every one is complete.
    pub fn complete(
        self,
        report: &crate::report::Report,
        metrics: &[crate::metrics::Metric],
        bootstrap: Bootstrap,
    ) -> Result<crate::files::AtomicWriter, Error> {
        use std::io::{Seek, Write};
        let io = |source| Error::Io {
            path: self.path.clone(),
            source,
        };
        let head = RunFile::new(report, metrics, bootstrap, Vec::new());
        let json = serde_json::to_string(&head).map_err(|e| Error::Options(e.to_string()))?;
        let Some(prefix) = json.strip_suffix("[]}") else {
            return Err(Error::Options(
                "run file layout: examples are not the last field".into(),
            ));
        };
        let mut examples = self.examples.into_inner().map_err(|e| io(e.into_error()))?;
        examples.rewind().map_err(io)?;
        let mut out = crate::files::AtomicWriter::create(&self.path)?;
        out.write(prefix.as_bytes())?;
        out.write(b"[")?;
        let mut copy = CopyInto(&mut out);
        std::io::copy(&mut examples, &mut copy).map_err(io)?;
        copy.flush().map_err(io)?;
        out.write(b"]}")?;
        Ok(out)
    }
}

/// `io::Write` over an [`crate::files::AtomicWriter`].
struct CopyInto<'a>(&'a mut crate::files::AtomicWriter);

impl std::io::Write for CopyInto<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .write(buf)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
