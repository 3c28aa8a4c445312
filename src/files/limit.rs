//! A limit on the length of one line of any input, so that `/dev/zero`, a file without line
//! breaks or a runaway record is a clear error instead of an allocation abort. The limit is
//! process-wide: the command line sets it once (`--max-line-bytes`) before reading anything.

use crate::error::Error;
use std::io::{self, Read};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The default limit: 256 MiB, so a 100 MB text in one JSON line still scores while an endless
/// input stops long before memory runs out.
pub const DEFAULT_MAX_LINE_BYTES: usize = 256 << 20;

static MAX_LINE_BYTES: AtomicUsize = AtomicUsize::new(DEFAULT_MAX_LINE_BYTES);

/// Sets the longest line any reader accepts (at least 1 byte).
pub fn set_max_line_bytes(bytes: usize) {
    MAX_LINE_BYTES.store(bytes.max(1), Ordering::Relaxed);
}

/// The longest line any reader accepts.
pub fn max_line_bytes() -> usize {
    MAX_LINE_BYTES.load(Ordering::Relaxed)
}

/// A reader that fails with [`io::ErrorKind::InvalidData`] once a line grows past the limit.
pub struct LineLimit<R> {
    inner: R,
    limit: usize,
    /// 1-based number of the line being read and the bytes of it seen so far.
    line: usize,
    length: usize,
}

impl<R: Read> LineLimit<R> {
    pub fn new(inner: R) -> Self {
        LineLimit {
            inner,
            limit: max_line_bytes(),
            line: 1,
            length: 0,
        }
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', &buf[..n]) {
            if self.length + (end - start) > self.limit {
                return Err(too_long(self.line, self.limit));
            }
            self.line += 1;
            self.length = 0;
            start = end + 1;
        }
        self.length += n - start;
        if self.length > self.limit {
            return Err(too_long(self.line, self.limit));
        }
        Ok(n)
    }
}

fn too_long(line: usize, limit: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "line {line} is longer than {limit} bytes; if that is intended, raise the limit \
             with --max-line-bytes"
        ),
    )
}

/// Reads a whole file under the line limit; errors name the file.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, Error> {
    read_limited_io(path).map_err(|source| Error::Io {
        path: origin_name(path).into(),
        source,
    })
}

/// How errors name an input: its path, or `stdin` for `-`.
pub fn origin_name(path: &Path) -> String {
    if super::is_stdio(path) {
        "stdin".to_string()
    } else {
        path.display().to_string()
    }
}

/// [`read_limited`] with the bare I/O error, for callers that name the file themselves.
/// `-` is standard input.
pub fn read_limited_io(path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if super::is_stdio(path) {
        LineLimit::new(io::stdin()).read_to_end(&mut bytes)?;
    } else {
        LineLimit::new(std::fs::File::open(path)?).read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &[u8], limit: usize, chunk: usize) -> Result<Vec<u8>, String> {
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut r = LineLimit::new(Trickle(input, chunk));
        r.limit = limit;
        let mut out = Vec::new();
        r.read_to_end(&mut out).map_err(|e| e.to_string())?;
        Ok(out)
    }

    #[test]
    fn names_the_first_line_over_the_limit_whatever_the_read_size() {
        let input = b"abc\nabcdef\nab\nabcdefgh\n";
        for chunk in 1..=input.len() {
            let err = read_all(input, 7, chunk).unwrap_err();
            assert!(
                err.starts_with("line 4 is longer than 7 bytes"),
                "{chunk}: {err}"
            );
            let err = read_all(input, 5, chunk).unwrap_err();
            assert!(
                err.starts_with("line 2 is longer than 5 bytes"),
                "{chunk}: {err}"
            );
            assert_eq!(read_all(input, 8, chunk).unwrap(), input);
        }
        assert!(read_all(&[b'x'; 100], 99, 7).is_err());
        assert!(read_all(&[b'x'; 100], 100, 7).is_ok());
    }
}
