//! Reading pairs a chunk at a time, so that an input of any size is scored in bounded memory.
//!
//! JSON Lines are cut at line ends after about `chunk_bytes` bytes and each chunk's lines are
//! parsed on the rayon pool; CSV/TSV records are read one by one; a JSON array (a `.json` file
//! starting with `[`) is read whole. Errors name the file and the line in the whole input, so
//! the chunk size never shows in any output.

use super::columnar::{ColumnarFormat, ColumnarReader, Columns};
use super::fields::Fields;
use super::pairs::pair_from_row;
use super::records::{self, TableFormat, row_error};
use super::{Pair, parse_pairs_with};
use crate::error::Error;
use crate::files::decode_utf8_at;
use crate::files::limit::LineLimit;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Pairs read together, with the line each came from.
#[derive(Debug, Default)]
pub struct PairChunk {
    pub pairs: Vec<Pair>,
    pub lines: Vec<usize>,
}

/// Default chunk size: large enough to keep both cores busy, small enough to bound memory.
pub const CHUNK_BYTES: usize = 8 << 20;

/// Reads pairs from a file in chunks. Ids are not checked for uniqueness here (the caller
/// tallies keys across chunks).
pub struct PairReader {
    origin: String,
    fields: Fields,
    source: Source,
    chunk_bytes: usize,
    consumed: u64,
    rows: usize,
}

/// Any byte source: a file, or bytes in memory.
type Input = Box<dyn Read + Send>;

enum Source {
    Lines {
        input: BufReader<Input>,
        line: usize,
        buffer: Vec<u8>,
    },
    Delimited {
        reader: csv::Reader<BufReader<Input>>,
        headers: Vec<String>,
        record: csv::ByteRecord,
    },
    Whole(Option<PairChunk>),
    /// A columnar file, and the batch being read with the index of its next row.
    Columnar {
        reader: ColumnarReader,
        pending: Option<(Columns, usize)>,
    },
    Done,
}

impl PairReader {
    /// Opens `path` (`-`: standard input); `chunk_bytes` is the approximate input size of one
    /// chunk.
    pub fn open(path: &Path, format: TableFormat, chunk_bytes: usize) -> Result<PairReader, Error> {
        PairReader::open_with(path, format, chunk_bytes, Fields::default())
    }

    /// [`PairReader::open`], reading the fields `fields` names.
    pub fn open_with(
        path: &Path,
        format: TableFormat,
        chunk_bytes: usize,
        fields: Fields,
    ) -> Result<PairReader, Error> {
        if let Some(columnar) = match format {
            TableFormat::Parquet => Some(ColumnarFormat::Parquet),
            TableFormat::Arrow => Some(ColumnarFormat::ArrowIpc),
            _ => None,
        } {
            if crate::files::is_stdio(path) {
                return Err(Error::Options(
                    "Parquet and Arrow input is read from a file, not from standard input".into(),
                ));
            }
            let reader = ColumnarReader::open(path, columnar, &fields)?;
            return Ok(PairReader {
                origin: reader.origin().to_string(),
                fields,
                source: Source::Columnar {
                    reader,
                    pending: None,
                },
                chunk_bytes: chunk_bytes.max(1),
                consumed: 0,
                rows: 0,
            });
        }
        if crate::files::is_stdio(path) {
            return PairReader::from_reader(
                Box::new(std::io::stdin()),
                "stdin",
                format,
                chunk_bytes,
                fields,
            );
        }
        let file = File::open(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        PairReader::from_reader(
            Box::new(file),
            &path.display().to_string(),
            format,
            chunk_bytes,
            fields,
        )
    }

    /// Reads pairs from any byte source; `origin` names it in errors.
    pub fn from_reader(
        input: Input,
        origin: &str,
        format: TableFormat,
        chunk_bytes: usize,
        fields: Fields,
    ) -> Result<PairReader, Error> {
        let origin = origin.to_string();
        let fields = match format {
            TableFormat::Csv | TableFormat::Tsv => fields.lowercased(),
            _ => fields,
        };
        let io = |source| Error::Io {
            path: origin.clone().into(),
            source,
        };
        let mut input: BufReader<Input> =
            BufReader::with_capacity(1 << 16, Box::new(LineLimit::new(input)));
        let source = match format {
            TableFormat::Parquet | TableFormat::Arrow => {
                return Err(Error::Options(
                    "Parquet and Arrow input is read from a file (PairReader::open)".into(),
                ));
            }
            TableFormat::Jsonl => {
                let head = input.fill_buf().map_err(io)?;
                let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
                if head.trim_ascii_start().starts_with(b"[") {
                    let mut bytes = Vec::new();
                    input.read_to_end(&mut bytes).map_err(io)?;
                    let pairs = parse_pairs_with(&bytes, &origin, format, &fields)?;
                    let lines = (1..=pairs.len()).collect();
                    Source::Whole(Some(PairChunk { pairs, lines }))
                } else {
                    Source::Lines {
                        input,
                        line: 1,
                        buffer: Vec::new(),
                    }
                }
            }
            TableFormat::Csv | TableFormat::Tsv => {
                let delimiter = if format == TableFormat::Csv {
                    b','
                } else {
                    b'\t'
                };
                let mut reader = records::csv_reader(input, delimiter);
                let headers = records::csv_headers(&mut reader, &origin)?;
                Source::Delimited {
                    reader,
                    headers,
                    record: csv::ByteRecord::new(),
                }
            }
        };
        Ok(PairReader {
            origin,
            fields,
            source,
            chunk_bytes: chunk_bytes.max(1),
            consumed: 0,
            rows: 0,
        })
    }

    /// Rows read so far (every one became a pair: a bad row is an error).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Bytes of the input read so far.
    pub fn position(&self) -> u64 {
        self.consumed
    }

    /// The next chunk, or `None` after the last one. An input without any row is an error.
    pub fn next_chunk(&mut self) -> Result<Option<PairChunk>, Error> {
        let chunk = match &mut self.source {
            Source::Lines {
                input,
                line,
                buffer,
            } => {
                let path = std::path::PathBuf::from(&self.origin);
                let io = |source| Error::Io {
                    path: path.clone(),
                    source,
                };
                buffer.clear();
                input
                    .by_ref()
                    .take(self.chunk_bytes as u64)
                    .read_to_end(buffer)
                    .map_err(io)?;
                if !buffer.is_empty() && !buffer.ends_with(b"\n") {
                    input.read_until(b'\n', buffer).map_err(io)?;
                }
                if buffer.is_empty() {
                    None
                } else {
                    let first_line = *line;
                    let chunk = json_chunk(
                        buffer,
                        &self.origin,
                        first_line,
                        self.consumed,
                        &self.fields,
                    )?;
                    *line += memchr::memchr_iter(b'\n', buffer).count();
                    self.consumed += buffer.len() as u64;
                    Some(chunk)
                }
            }
            Source::Delimited {
                reader,
                headers,
                record,
            } => {
                let start = reader.position().byte();
                let mut chunk = PairChunk::default();
                while reader.position().byte() - start < self.chunk_bytes as u64 {
                    // Each row becomes a pair at once, so errors come in file order.
                    match records::csv_row(reader, headers, record, &self.origin, &self.fields)? {
                        Some(row) => {
                            chunk.lines.push(row.line);
                            chunk
                                .pairs
                                .push(pair_from_row(row, &self.origin, &self.fields)?);
                        }
                        None => break,
                    }
                }
                self.consumed = reader.position().byte();
                (!chunk.pairs.is_empty()).then_some(chunk)
            }
            Source::Whole(chunk) => chunk.take(),
            Source::Columnar { reader, pending } => {
                // Row ranges of batches, so that only one batch is held beside the pairs made
                // so far, and a chunk's text is bounded in bytes as well as rows (a batch of
                // long cells is split). A quarter of the JSON Lines chunk in text keeps the
                // peak memory of a 1M-row Parquet run at or below that of the same rows as
                // JSON Lines (README).
                let budget = self.chunk_bytes.div_ceil(4);
                let mut chunk = PairChunk::default();
                let mut size = 0;
                while size < budget {
                    let (batch, start) = match pending.take() {
                        Some(p) => p,
                        None => match reader.next_batch()? {
                            Some((batch, _)) => (batch, 0),
                            None => break,
                        },
                    };
                    let mut end = start;
                    while end < batch.len() && (end == start || size < budget) {
                        size += batch.row_bytes(end);
                        end += 1;
                    }
                    let part = columnar_chunk(&batch, start..end, &self.origin, &self.fields)?;
                    chunk.pairs.extend(part.pairs);
                    chunk.lines.extend(part.lines);
                    if end < batch.len() {
                        *pending = Some((batch, end));
                    }
                }
                self.consumed = reader.position();
                (!chunk.pairs.is_empty()).then_some(chunk)
            }
            Source::Done => None,
        };
        match chunk {
            Some(chunk) => {
                self.rows += chunk.pairs.len();
                Ok(Some(chunk))
            }
            None => {
                self.source = Source::Done;
                if self.rows == 0 {
                    return Err(Error::Input {
                        origin: self.origin.clone(),
                        line: None,
                        message: "no rows in the file".into(),
                    });
                }
                Ok(None)
            }
        }
    }
}

/// The pairs of rows `rows` of a columnar batch, made on the rayon pool; the first bad row
/// (in file order) is reported.
fn columnar_chunk(
    batch: &Columns,
    rows: std::ops::Range<usize>,
    origin: &str,
    fields: &Fields,
) -> Result<PairChunk, Error> {
    use rayon::prelude::*;
    let parsed: Vec<Result<Pair, Error>> = rows
        .clone()
        .into_par_iter()
        .map(|k| batch.pair(k, origin, fields))
        .collect();
    let mut chunk = PairChunk {
        pairs: Vec::with_capacity(parsed.len()),
        lines: rows.map(|k| batch.first + k).collect(),
    };
    for pair in parsed {
        chunk.pairs.push(pair?);
    }
    Ok(chunk)
}

/// Decodes and parses the lines of one chunk on the rayon pool; the first bad line (in file
/// order) is reported. The chunk starts at line `first_line` and byte `offset` of the file.
fn json_chunk(
    bytes: &[u8],
    origin: &str,
    first_line: usize,
    offset: u64,
    fields: &Fields,
) -> Result<PairChunk, Error> {
    use rayon::prelude::*;
    let mut lines: Vec<(usize, u64, &[u8])> = Vec::new();
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    for (i, end) in ends.enumerate() {
        let piece = &bytes[start.min(end)..end];
        if !piece.trim_ascii().is_empty() {
            lines.push((first_line + i, offset + start as u64, piece));
        }
        start = end + 1;
    }
    let parsed: Vec<Result<(usize, Pair), Error>> = lines
        .par_iter()
        .map(|&(n, at, piece)| {
            let text = decode_utf8_at(piece, origin, at == 0, n, at)?;
            if memchr::memchr(0, piece).is_some() {
                return Err(row_error(origin, n, "contains a NUL byte"));
            }
            let row = records::json_row(text.trim_end_matches('\r'), origin, n)?;
            Ok((n, pair_from_row(row, origin, fields)?))
        })
        .collect();
    let mut chunk = PairChunk {
        pairs: Vec::with_capacity(parsed.len()),
        lines: Vec::with_capacity(parsed.len()),
    };
    for item in parsed {
        let (n, pair) = item?;
        chunk.pairs.push(pair);
        chunk.lines.push(n);
    }
    Ok(chunk)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn all(path: &Path, format: TableFormat, chunk: usize) -> Result<PairChunk, Error> {
        let mut reader = PairReader::open(path, format, chunk)?;
        let mut out = PairChunk::default();
        while let Some(c) = reader.next_chunk()? {
            out.pairs.extend(c.pairs);
            out.lines.extend(c.lines);
        }
        Ok(out)
    }

    fn file(content: &[u8], suffix: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::Builder::new()
            .suffix(suffix)
            .tempfile()
            .expect("temp file");
        f.write_all(content).expect("write");
        f
    }

    #[test]
    fn chunking_does_not_change_pairs_or_lines() {
        let mut text = String::from("\u{feff}");
        for i in 0..50 {
            text.push_str(&format!(
                "{{\"id\":\"{i}\",\"candidate\":\"c {i}\",\"reference\":\"r\"}}\r\n"
            ));
            if i % 7 == 0 {
                text.push('\n');
            }
        }
        let f = file(text.as_bytes(), ".jsonl");
        let whole = all(f.path(), TableFormat::Jsonl, 1 << 20).expect("reads");
        for chunk in [1, 10, 100, 1000] {
            let c = all(f.path(), TableFormat::Jsonl, chunk).expect("reads");
            assert_eq!(c.pairs, whole.pairs);
            assert_eq!(c.lines, whole.lines);
        }
        assert_eq!(whole.pairs.len(), 50);
        assert_eq!(whole.lines[2], 4);
    }

    #[test]
    fn errors_point_into_the_whole_file() {
        let mut text = Vec::new();
        for i in 0..20 {
            text.extend(
                format!("{{\"id\":\"{i}\",\"candidate\":\"c\",\"reference\":\"r\"}}\n").bytes(),
            );
        }
        text.extend(b"{\"id\":\"x\",\"candidate\":\"\xFF\",\"reference\":\"r\"}\n");
        let f = file(&text, ".jsonl");
        for chunk in [1, 64, 1 << 20] {
            let e = all(f.path(), TableFormat::Jsonl, chunk)
                .unwrap_err()
                .to_string();
            assert!(
                e.ends_with(": line 21, byte 24: invalid UTF-8 (byte offset 893)"),
                "{e}"
            );
        }
    }

    #[test]
    fn csv_chunks_and_errors() {
        let f = file(
            b"id,candidate,reference\n1,\"a\nb\",x\n2,y,z\n3,\"q\n\xFF\",z\n",
            ".csv",
        );
        let e = all(f.path(), TableFormat::Csv, 1).unwrap_err().to_string();
        assert!(
            e.ends_with(
                ":6: field 'candidate' (column 2) is not valid UTF-8 (byte 3 of the field)"
            ),
            "{e}"
        );
        let f = file(b"id,candidate,reference\n1,\"a\nb\",x\n2,y,z\n", ".csv");
        let c = all(f.path(), TableFormat::Csv, 1).expect("reads");
        assert_eq!(c.lines, [2, 4]);
        assert_eq!(c.pairs[0].candidate, "a\nb");
        let empty = file(b"id,candidate,reference\n", ".csv");
        let e = all(empty.path(), TableFormat::Csv, 1)
            .unwrap_err()
            .to_string();
        assert!(e.ends_with("no rows in the file"), "{e}");
    }
}
