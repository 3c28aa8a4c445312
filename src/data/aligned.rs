//! Line-aligned plain text, as sacreBLEU reads it: one file of candidates (hypotheses), one or
//! more files of references and optionally one of sources, line *i* of each belonging to the
//! same example. Read a chunk at a time, so files of any length are scored in bounded memory.
//!
//! Ids are the 1-based line numbers. An empty line is an empty text. A trailing `\r` is part
//! of the line ending, and a UTF-8 BOM at the start of a file is dropped; nothing else of a
//! line is changed.

use super::{Pair, PairChunk};
use crate::error::Error;
use crate::files::decode_utf8_at;
use crate::files::limit::LineLimit;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// One line-aligned file being read.
struct LineFile {
    origin: String,
    input: BufReader<Box<dyn Read + Send>>,
    /// Lines read so far.
    lines: usize,
    /// Bytes read so far.
    bytes: u64,
    buffer: Vec<u8>,
}

impl LineFile {
    fn open(path: &Path) -> Result<LineFile, Error> {
        let (origin, input): (String, Box<dyn Read + Send>) = if crate::files::is_stdio(path) {
            ("stdin".into(), Box::new(std::io::stdin()))
        } else {
            let file = std::fs::File::open(path).map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
            (path.display().to_string(), Box::new(file))
        };
        Ok(LineFile {
            origin,
            input: BufReader::with_capacity(1 << 16, Box::new(LineLimit::new(input))),
            lines: 0,
            bytes: 0,
            buffer: Vec::new(),
        })
    }

    /// The next line without its line ending, or `None` at the end of the file.
    /// Reads the next raw line into the buffer; its length with the line end (0 at the end).
    fn read_raw(&mut self) -> Result<usize, Error> {
        self.buffer.clear();
        self.input
            .read_until(b'\n', &mut self.buffer)
            .map_err(|source| Error::Io {
                path: self.origin.clone().into(),
                source,
            })
    }

    fn next_line(&mut self) -> Result<Option<String>, Error> {
        let n = self.read_raw()?;
        if n == 0 {
            return Ok(None);
        }
        let start = self.bytes;
        self.bytes += n as u64;
        self.lines += 1;
        let mut line = &self.buffer[..];
        line = line.strip_suffix(b"\n").unwrap_or(line);
        line = line.strip_suffix(b"\r").unwrap_or(line);
        let text = decode_utf8_at(line, &self.origin, self.lines == 1, self.lines, start)?;
        Ok(Some(text.to_string()))
    }

    /// Counts the lines left, for the error that names both line counts.
    fn count_rest(&mut self) -> Result<usize, Error> {
        let mut total = self.lines;
        while self.read_raw()? > 0 {
            total += 1;
        }
        Ok(total)
    }
}

/// Reads examples from line-aligned files: candidates, references (one file per reference of
/// every example) and optionally the sources `copysource` reads.
pub struct AlignedReader {
    candidates: LineFile,
    references: Vec<LineFile>,
    source: Option<LineFile>,
    lang: Option<String>,
    chunk_bytes: usize,
    done: bool,
}

impl AlignedReader {
    /// Opens the files (`-` is standard input, for at most one of them). `lang` is every
    /// example's language, when given.
    pub fn open(
        candidates: &Path,
        references: &[impl AsRef<Path>],
        source: Option<&Path>,
        lang: Option<&str>,
        chunk_bytes: usize,
    ) -> Result<AlignedReader, Error> {
        if references.is_empty() {
            return Err(Error::Options(
                "give at least one --ref FILE with --hyp".into(),
            ));
        }
        Ok(AlignedReader {
            candidates: LineFile::open(candidates)?,
            references: references
                .iter()
                .map(|r| LineFile::open(r.as_ref()))
                .collect::<Result<_, _>>()?,
            source: source.map(LineFile::open).transpose()?,
            lang: lang.map(str::to_string),
            chunk_bytes: chunk_bytes.max(1),
            done: false,
        })
    }

    /// Names the candidates file in messages.
    pub fn origin(&self) -> &str {
        &self.candidates.origin
    }

    /// Examples read so far.
    pub fn rows(&self) -> usize {
        self.candidates.lines
    }

    /// Bytes of the candidates file read so far.
    pub fn position(&self) -> u64 {
        self.candidates.bytes
    }

    fn others(&mut self) -> impl Iterator<Item = &mut LineFile> {
        self.references.iter_mut().chain(self.source.as_mut())
    }

    /// The error for files of different lengths: every file is read to its end to name its
    /// line count.
    fn length_error(&mut self) -> Error {
        let counts: Vec<(String, Result<usize, Error>)> = std::iter::once(&mut self.candidates)
            .chain(self.references.iter_mut())
            .chain(self.source.as_mut())
            .map(|f| (f.origin.clone(), f.count_rest()))
            .collect();
        let mut text: Vec<String> = Vec::new();
        for (origin, count) in counts {
            match count {
                Ok(n) => text.push(format!(
                    "{origin} has {n} line{}",
                    if n == 1 { "" } else { "s" }
                )),
                Err(e) => return e,
            }
        }
        Error::Options(format!(
            "the line-aligned files have different numbers of lines ({}): line i of each file \
             must belong to the same example",
            text.join(", ")
        ))
    }

    /// The next chunk of about `chunk_bytes` bytes of text, or `None` after the last line.
    /// Files without any line are an error, as are files of different line counts.
    pub fn next_chunk(&mut self) -> Result<Option<PairChunk>, Error> {
        if self.done {
            return Ok(None);
        }
        let mut chunk = PairChunk::default();
        let mut size = 0usize;
        while size < self.chunk_bytes {
            let candidate = self.candidates.next_line()?;
            let mut rest: Vec<Option<String>> = Vec::new();
            for file in self.others() {
                rest.push(file.next_line()?);
            }
            let line = self.candidates.lines;
            let Some(candidate) = candidate else {
                if rest.iter().any(Option::is_some) {
                    return Err(self.length_error());
                }
                self.done = true;
                break;
            };
            if rest.iter().any(Option::is_none) {
                return Err(self.length_error());
            }
            let mut rest = rest.into_iter().flatten();
            let references: Vec<String> = rest.by_ref().take(self.references.len()).collect();
            let source = rest.next();
            size += candidate.len()
                + references.iter().map(String::len).sum::<usize>()
                + source.as_ref().map_or(0, String::len)
                + 64;
            chunk.lines.push(line);
            chunk.pairs.push(Pair {
                id: line.to_string(),
                candidate,
                references,
                lang: self.lang.clone(),
                source,
                scores: Vec::new(),
            });
        }
        if self.done && self.candidates.lines == 0 {
            return Err(Error::Input {
                origin: self.candidates.origin.clone(),
                line: None,
                message: "no lines in the file".into(),
            });
        }
        Ok((!chunk.pairs.is_empty()).then_some(chunk))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn reads_lines_as_examples_with_line_numbers_for_ids() {
        let dir = tempfile::tempdir().unwrap();
        let hyp = file(dir.path(), "hyp", "\u{FEFF}a b\r\n\nc");
        let r1 = file(dir.path(), "r1", "a\nx\nc d\n");
        let r2 = file(dir.path(), "r2", "b\ny\n\n");
        let mut reader = AlignedReader::open(&hyp, &[r1, r2], None, Some("vi"), 3).unwrap();
        let mut pairs = Vec::new();
        while let Some(chunk) = reader.next_chunk().unwrap() {
            pairs.extend(chunk.pairs);
        }
        let got: Vec<(&str, &str, Vec<&str>)> = pairs
            .iter()
            .map(|p| {
                let refs = p.references.iter().map(String::as_str).collect();
                (p.id.as_str(), p.candidate.as_str(), refs)
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("1", "a b", vec!["a", "b"]),
                ("2", "", vec!["x", "y"]),
                ("3", "c", vec!["c d", ""]),
            ]
        );
        assert_eq!(pairs[0].lang.as_deref(), Some("vi"));
    }

    #[test]
    fn different_line_counts_name_both_counts() {
        let dir = tempfile::tempdir().unwrap();
        let hyp = file(dir.path(), "hyp", "a\nb\nc\n");
        let r = file(dir.path(), "ref", "a\nb\n");
        let mut reader = AlignedReader::open(&hyp, &[r], None, None, 1 << 20).unwrap();
        let err = reader.next_chunk().unwrap_err().to_string();
        assert!(err.contains("hyp has 3 lines"), "{err}");
        assert!(err.contains("ref has 2 lines"), "{err}");
    }
}
