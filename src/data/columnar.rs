//! Pairs from Parquet and Arrow IPC files (Hugging Face `datasets` caches, pandas/polars
//! exports), read a record batch at a time with only the needed columns, so memory stays
//! bounded like the JSON Lines path.
//!
//! Each row is read like a JSON Lines row with the same fields (`id`, `candidate` or
//! `prediction`, `reference` and/or a list column `references`, optional `lang`, or the
//! names given with `--*-field`), so checks and messages are the same; the number after the
//! file name in an error is the 1-based row. Text columns may be `string`, `large_string`,
//! `string_view` or dictionary-encoded; reference lists `list`/`large_list` of those; an
//! integer id column is read as its decimal text.

use super::columnar_cells::{
    Cells, cell_bytes, cell_text, cells, float_at, integer_at, list_at, text_at,
};
use super::fields::Fields;
use super::pairs::{Pair, RowFields, pair_from_row};
use super::records::row_error;
use crate::error::Error;
use arrow_array::{Array, RecordBatch};
use arrow_schema::{ArrowError, DataType};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// A columnar file layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnarFormat {
    Parquet,
    /// Arrow IPC: the file format (`ARROW1` magic, `.arrow`/`.feather`) or the stream format
    /// (Hugging Face `datasets` cache files), told apart by their first bytes.
    ArrowIpc,
}

type Batches = Box<dyn Iterator<Item = Result<RecordBatch, ArrowError>> + Send>;

/// Record batches of the columns a pairs reader needs.
pub struct ColumnarReader {
    origin: String,
    path: std::path::PathBuf,
    format: ColumnarFormat,
    /// The columns read, for naming the one a decoder error is in.
    wanted: Vec<String>,
    batches: Batches,
    rows: usize,
    /// Rows in the file, when its metadata says (Parquet).
    total_rows: Option<usize>,
    file_len: u64,
}

/// Rows per batch read from Parquet.
const BATCH_ROWS: usize = 1024;

fn arrow_error(origin: &str, e: impl std::fmt::Display) -> Error {
    Error::Input {
        origin: origin.to_string(),
        line: None,
        message: format!("cannot read: {e}"),
    }
}

impl ColumnarReader {
    /// Opens `path` and selects the columns `fields` names (absent ones are left out; rows
    /// then miss those fields).
    pub fn open(
        path: &Path,
        format: ColumnarFormat,
        fields: &Fields,
    ) -> Result<ColumnarReader, Error> {
        let origin = crate::files::origin_name(path);
        crate::files::contained(&origin, || Self::open_inside(path, format, fields, &origin))
    }

    /// [`ColumnarReader::open`] inside the decoder boundary.
    fn open_inside(
        path: &Path,
        format: ColumnarFormat,
        fields: &Fields,
        origin: &str,
    ) -> Result<ColumnarReader, Error> {
        let origin = origin.to_string();
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut file = File::open(path).map_err(io)?;
        let file_len = file.metadata().map_err(io)?.len();
        let mut total_rows = None;
        let wanted = fields.columns();
        let batches: Batches = match format {
            ColumnarFormat::Parquet => {
                use parquet::arrow::ProjectionMask;
                use parquet::arrow::arrow_reader::{
                    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
                };
                // The footer is read once; its schema decides the read schema.
                let metadata = ArrowReaderMetadata::load(&file, ArrowReaderOptions::new())
                    .map_err(|e| arrow_error(&origin, e))?;
                projection(metadata.schema(), &wanted, &origin)?;
                // Text columns are read as dictionaries, so that a value the file stores once
                // is held once however many rows repeat it (a 10 KB file must not become
                // gigabytes of batch).
                let schema = dictionary_text(metadata.schema(), &wanted);
                let options = ArrowReaderOptions::new().with_schema(schema);
                let metadata = ArrowReaderMetadata::try_new(metadata.metadata().clone(), options)
                    .map_err(|e| arrow_error(&origin, e))?;
                let builder = ParquetRecordBatchReaderBuilder::new_with_metadata(file, metadata);
                let roots: Vec<usize> = builder
                    .parquet_schema()
                    .root_schema()
                    .get_fields()
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| wanted_root(&wanted, f.name()))
                    .map(|(k, _)| k)
                    .collect();
                let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
                total_rows = usize::try_from(builder.metadata().file_metadata().num_rows()).ok();
                let reader = builder
                    .with_projection(mask)
                    .with_batch_size(BATCH_ROWS)
                    .build()
                    .map_err(|e| arrow_error(&origin, e))?;
                Box::new(reader)
            }
            ColumnarFormat::ArrowIpc => {
                let mut magic = [0u8; 6];
                let n = file.read(&mut magic).map_err(io)?;
                let file_format = n == 6 && &magic == b"ARROW1";
                let messages = if file_format { 8 } else { 0 };
                super::columnar_ipc::check_compressed_sizes(
                    &mut file,
                    messages,
                    file_format,
                    &origin,
                )?;
                file.seek(SeekFrom::Start(0)).map_err(io)?;
                if file_format {
                    let mut tail = [0u8; 6];
                    let whole = file_len >= 18
                        && file.seek(SeekFrom::End(-6)).is_ok()
                        && file.read_exact(&mut tail).is_ok()
                        && &tail == b"ARROW1";
                    if !whole {
                        return Err(Error::Input {
                            origin,
                            line: None,
                            message: format!(
                                "cannot read: an Arrow IPC file cut short ({file_len} bytes: it \
                                 starts with the ARROW1 magic but does not end with it)"
                            ),
                        });
                    }
                    file.seek(SeekFrom::Start(0)).map_err(io)?;
                    let reader = arrow_ipc::reader::FileReader::try_new(BufReader::new(file), None)
                        .map_err(|e| arrow_error(&origin, e))?;
                    let projection = projection(reader.schema().as_ref(), &wanted, &origin)?;
                    let file = File::open(path).map_err(io)?;
                    let reader = arrow_ipc::reader::FileReader::try_new(
                        BufReader::new(file),
                        Some(projection),
                    )
                    .map_err(|e| arrow_error(&origin, e))?;
                    Box::new(reader)
                } else {
                    let reader =
                        arrow_ipc::reader::StreamReader::try_new(BufReader::new(file), None)
                            .map_err(|e| arrow_error(&origin, e))?;
                    let projection = projection(reader.schema().as_ref(), &wanted, &origin)?;
                    let file = File::open(path).map_err(io)?;
                    let reader = arrow_ipc::reader::StreamReader::try_new(
                        BufReader::new(file),
                        Some(projection),
                    )
                    .map_err(|e| arrow_error(&origin, e))?;
                    Box::new(reader)
                }
            }
        };
        Ok(ColumnarReader {
            origin,
            path: path.to_path_buf(),
            format,
            wanted: wanted.iter().map(|w| w.to_string()).collect(),
            batches,
            rows: 0,
            total_rows,
            file_len,
        })
    }

    /// About how many bytes of the file are read, for a progress bar: the share of rows read
    /// when the file says how many it has, else 0 until the end.
    pub fn position(&self) -> u64 {
        match self.total_rows {
            Some(total) if total > 0 => {
                (self.file_len as f64 * (self.rows.min(total) as f64 / total as f64)) as u64
            }
            _ => 0,
        }
    }

    /// The name errors use for the file.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The next batch's columns (its rows numbered from 1 across the file) and its size in
    /// memory, or `None` at the end. A column of a type that cannot hold text is an error.
    pub fn next_batch(&mut self) -> Result<Option<(Columns, usize)>, Error> {
        let origin = self.origin.clone();
        crate::files::contained(&origin, || self.next_batch_inside())
    }

    fn next_batch_inside(&mut self) -> Result<Option<(Columns, usize)>, Error> {
        loop {
            let Some(batch) = self.batches.next() else {
                return Ok(None);
            };
            let batch = match batch {
                Ok(batch) => batch,
                Err(e) if self.format == ColumnarFormat::Parquet && is_utf8_error(&e) => {
                    return Err(self.bad_utf8(e));
                }
                Err(e) => return Err(arrow_error(&self.origin, e)),
            };
            if batch.num_rows() == 0 {
                continue;
            }
            let schema = batch.schema();
            let mut columns = Vec::new();
            for (f, a) in schema.fields().iter().zip(batch.columns()) {
                // A struct column's fields are columns named `struct.field` (WikiLingua's
                // `target_aligned.vi`).
                if let Some(parts) = a.as_any().downcast_ref::<arrow_array::StructArray>() {
                    for (child, array) in parts.fields().iter().zip(parts.columns()) {
                        let name = format!("{}.{}", f.name(), child.name());
                        if self.wanted.contains(&name) {
                            let c = cells(&name, array, &self.origin)?;
                            columns.push((name, c));
                        }
                    }
                    continue;
                }
                columns.push((f.name().clone(), cells(f.name(), a, &self.origin)?));
            }
            let out = Columns {
                first: self.rows + 1,
                len: batch.num_rows(),
                columns,
            };
            self.rows += batch.num_rows();
            return Ok(Some((out, batch.get_array_memory_size())));
        }
    }
}

impl ColumnarReader {
    /// The error for a batch the Parquet decoder refused as not UTF-8, naming the column and
    /// the row: each column is decoded again alone, a row at a time, from the failed batch on
    /// (a dictionary page is checked as a whole, at the first row that reads it).
    fn bad_utf8(&self, decoder: ArrowError) -> Error {
        let place = self.wanted.iter().find_map(|column| {
            let failed = first_failing_row(&self.path, column, self.rows)?;
            Some((column.clone(), failed))
        });
        match place {
            Some((column, row)) => row_error(
                &self.origin,
                row,
                format!(
                    "column '{column}' is not valid UTF-8 (met decoding this row; in a \
                     dictionary-encoded column, the bad value may be in a later row)"
                ),
            ),
            None => arrow_error(&self.origin, decoder),
        }
    }
}

fn is_utf8_error(e: &ArrowError) -> bool {
    e.to_string().contains("non UTF-8")
}

/// The 1-based row of the first cell of `column`, from row `skip` on, that the Parquet
/// decoder refuses as not UTF-8.
fn first_failing_row(path: &Path, column: &str, skip: usize) -> Option<usize> {
    use parquet::arrow::ProjectionMask;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(path).ok()?).ok()?;
    let root = builder
        .parquet_schema()
        .root_schema()
        .get_fields()
        .iter()
        .position(|f| f.name() == column)?;
    let mask = ProjectionMask::roots(builder.parquet_schema(), [root]);
    let reader = builder
        .with_projection(mask)
        .with_offset(skip)
        .with_batch_size(1)
        .build()
        .ok()?;
    let mut row = skip;
    for batch in reader {
        match batch {
            Ok(b) => row += b.num_rows(),
            Err(e) if is_utf8_error(&e) => return Some(row + 1),
            Err(_) => return None,
        }
    }
    None
}

/// The columns of one record batch; rows are read from them one at a time, on any thread.
pub struct Columns {
    /// The file row of the batch's first row (1-based).
    pub first: usize,
    len: usize,
    columns: Vec<(String, Cells)>,
}

impl Columns {
    /// Rows in the batch (never 0).
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// The bytes of text row `k` holds in all columns read.
    pub fn row_bytes(&self, k: usize) -> usize {
        self.columns.iter().map(|(_, c)| cell_bytes(c, k)).sum()
    }

    fn get(&self, name: &str) -> Option<&Cells> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }

    /// The text of row `k` in column `name` (an integer as its decimal text); `None` when the
    /// column is absent, the cell null, or not text.
    pub fn text(&self, k: usize, name: &str) -> Option<String> {
        crate::files::contained("", || Ok(self.text_inside(k, name)))
            .ok()
            .flatten()
    }

    fn text_inside(&self, k: usize, name: &str) -> Option<String> {
        match self.get(name)? {
            Cells::Text(a) => text_at(a.as_ref(), k).map(str::to_string),
            Cells::Integer(a) => integer_at(a.as_ref(), k).map(|v| v.to_string()),
            Cells::Float(_) | Cells::List(_) => None,
        }
    }

    /// Reads row `k` with `f`, by the same rules and messages as a JSON Lines row; `id` is the
    /// column whose integers read as text.
    pub fn read_row<T>(
        &self,
        k: usize,
        id: &str,
        origin: &str,
        f: impl FnOnce(&mut dyn RowFields) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut row = ColumnRow {
            columns: self,
            k,
            id,
        };
        crate::files::contained(origin, || f(&mut row))
    }

    /// The pair of row `k`, by the same rules and messages as a JSON Lines row.
    pub fn pair(&self, k: usize, origin: &str, fields: &Fields) -> Result<Pair, Error> {
        let row = ColumnRow {
            columns: self,
            k,
            id: &fields.id,
        };
        crate::files::contained(origin, || pair_from_row(row, origin, fields))
    }
}

/// Row `k` of a batch, read column by column. An integer cell is a number (so an integer
/// `candidate` is refused like a JSON number), except in the id column, where it is read as
/// its decimal text.
struct ColumnRow<'a> {
    columns: &'a Columns,
    k: usize,
    id: &'a str,
}

impl ColumnRow<'_> {
    fn wrong(&self, origin: &str, field: String, expected: &str, kind: &str) -> Error {
        row_error(
            origin,
            self.line(),
            format!("field {field} must be {expected}, not {kind}"),
        )
    }
}

impl RowFields for ColumnRow<'_> {
    fn line(&self) -> usize {
        self.columns.first + self.k
    }

    fn take_string(&mut self, key: &str, origin: &str) -> Result<Option<String>, Error> {
        let k = self.k;
        match self.columns.get(key) {
            None => Ok(None),
            Some(Cells::Text(a)) => {
                cell_text(a.as_ref(), k, self.line(), origin, &format!("'{key}'"))
            }
            Some(Cells::Integer(a)) if key == self.id => {
                Ok(integer_at(a.as_ref(), k).map(|v| v.to_string()))
            }
            Some(Cells::Integer(a) | Cells::Float(a)) if a.is_null(k) => Ok(None),
            Some(Cells::List(a)) if a.is_null(k) => Ok(None),
            Some(Cells::Integer(_) | Cells::Float(_)) => {
                Err(self.wrong(origin, format!("'{key}'"), "a string", "a number"))
            }
            Some(Cells::List(_)) => {
                Err(self.wrong(origin, format!("'{key}'"), "a string", "a list"))
            }
        }
    }

    fn take_strings(&mut self, key: &str, origin: &str) -> Result<Vec<String>, Error> {
        let k = self.k;
        match self.columns.get(key) {
            None => Ok(Vec::new()),
            Some(Cells::Text(a)) => {
                Ok(
                    cell_text(a.as_ref(), k, self.line(), origin, &format!("'{key}'"))?
                        .into_iter()
                        .collect(),
                )
            }
            Some(Cells::Integer(a) | Cells::Float(a)) if a.is_null(k) => Ok(Vec::new()),
            Some(Cells::Integer(_) | Cells::Float(_)) => {
                Err(self.wrong(origin, format!("'{key}'"), "a list of strings", "a number"))
            }
            Some(Cells::List(a)) if a.is_null(k) => Ok(Vec::new()),
            Some(Cells::List(a)) => {
                let items = list_at(a, k);
                (0..items.len())
                    .map(|i| {
                        let column = format!("'{key}'[{i}]");
                        cell_text(items.as_ref(), i, self.line(), origin, &column)?
                            .ok_or_else(|| self.wrong(origin, column, "a string", "null"))
                    })
                    .collect()
            }
        }
    }

    fn take_number(&mut self, key: &str, origin: &str) -> Result<Option<f64>, Error> {
        let k = self.k;
        match self.columns.get(key) {
            None => Ok(None),
            Some(Cells::Float(a)) => Ok(float_at(a.as_ref(), k)),
            Some(Cells::Integer(a)) => Ok(integer_at(a.as_ref(), k).map(|v| v as f64)),
            Some(Cells::Text(a)) => {
                let text = cell_text(a.as_ref(), k, self.line(), origin, &format!("'{key}'"))?;
                match text.as_deref().map(str::trim) {
                    None | Some("") => Ok(None),
                    Some(t) => t.parse::<f64>().map(Some).map_err(|_| {
                        let shown: String = t.chars().take(40).collect();
                        self.wrong(
                            origin,
                            format!("'{key}'"),
                            "a number",
                            &format!("'{}'", crate::files::terminal_safe(&shown)),
                        )
                    }),
                }
            }
            Some(Cells::List(a)) if a.is_null(k) => Ok(None),
            Some(Cells::List(_)) => {
                Err(self.wrong(origin, format!("'{key}'"), "a number", "a list"))
            }
        }
    }
}

/// `schema` with the wanted top-level text columns, and the items of wanted text lists, as
/// dictionaries of the same text type.
fn dictionary_text(schema: &arrow_schema::SchemaRef, wanted: &[&str]) -> arrow_schema::SchemaRef {
    use arrow_schema::Field;
    use std::sync::Arc;
    let dictionary = |t: &DataType| match t {
        DataType::Utf8 | DataType::LargeUtf8 => Some(DataType::Dictionary(
            Box::new(DataType::Int32),
            Box::new(t.clone()),
        )),
        _ => None,
    };
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|f| {
            let field = f.as_ref().clone();
            if !wanted.contains(&f.name().as_str()) {
                return field;
            }
            match f.data_type() {
                DataType::List(item) | DataType::LargeList(item) => {
                    match dictionary(item.data_type()) {
                        Some(t) => {
                            let item = Arc::new(item.as_ref().clone().with_data_type(t));
                            let list = match f.data_type() {
                                DataType::List(_) => DataType::List(item),
                                _ => DataType::LargeList(item),
                            };
                            field.with_data_type(list)
                        }
                        None => field,
                    }
                }
                t => match dictionary(t) {
                    Some(t) => field.with_data_type(t),
                    None => field,
                },
            }
        })
        .collect();
    Arc::new(arrow_schema::Schema::new_with_metadata(
        fields,
        schema.metadata().clone(),
    ))
}

/// True when the top-level column `name` is wanted, itself or (a struct) for one of its fields
/// (`target_aligned.vi`).
fn wanted_root(wanted: &[&str], name: &str) -> bool {
    wanted.iter().any(|w| {
        *w == name
            || w.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// The indexes of the wanted columns; a wanted name given to two columns is an error, as in
/// a CSV header or a JSON object (reading either one could score the wrong text).
fn projection(
    schema: &arrow_schema::Schema,
    wanted: &[&str],
    origin: &str,
) -> Result<Vec<usize>, Error> {
    let mut picked: Vec<(usize, &str)> = Vec::new();
    for (k, f) in schema.fields().iter().enumerate() {
        let name = f.name().as_str();
        if !wanted_root(wanted, name) {
            continue;
        }
        if let Some((first, _)) = picked.iter().find(|(_, n)| *n == name) {
            return Err(Error::Input {
                origin: origin.to_string(),
                line: None,
                message: format!(
                    "column '{name}' appears twice in the schema (columns {} and {}); rename \
                     one, or name another with a --*-field option",
                    first + 1,
                    k + 1
                ),
            });
        }
        picked.push((k, name));
    }
    Ok(picked.into_iter().map(|(k, _)| k).collect())
}
