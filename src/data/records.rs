//! Rows of JSON Lines, a JSON array, CSV or TSV as JSON objects, each with the line it came
//! from, so that field checks can name the line. CSV columns whose header starts with
//! `reference` are gathered into one `references` list.

use super::fields::Fields;
use crate::error::Error;
use crate::files::decode_utf8;
use serde_json::{Map, Value};
use std::path::Path;

/// How a table file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// One JSON object a line (`.jsonl`); `.json` may also hold one array of objects.
    Jsonl,
    Csv,
    Tsv,
    /// Apache Parquet (`.parquet`), read by `score --pairs` only.
    Parquet,
    /// Arrow IPC, file or stream format (`.arrow`, `.feather`, `.ipc`), read by `score
    /// --pairs` only.
    Arrow,
}

impl TableFormat {
    /// The format a file name implies, if any.
    pub fn from_path(path: &Path) -> Option<TableFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "jsonl" | "json" | "ndjson" => Some(TableFormat::Jsonl),
            "csv" => Some(TableFormat::Csv),
            "tsv" => Some(TableFormat::Tsv),
            "parquet" | "pq" => Some(TableFormat::Parquet),
            "arrow" | "feather" | "ipc" | "arrows" => Some(TableFormat::Arrow),
            _ => None,
        }
    }
}

/// One row: its 1-based line (element number for a JSON array) and its fields.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    pub fields: Map<String, Value>,
    /// True when the values carry their JSON types (a number field must then be a JSON
    /// number); false for CSV, whose cells are all text.
    pub typed: bool,
}

/// An error about line `line` of `origin`.
pub fn row_error(origin: &str, line: usize, message: impl Into<String>) -> Error {
    Error::Input {
        origin: origin.to_string(),
        line: Some(line),
        message: message.into(),
    }
}

/// Reads every row of a file.
pub fn read_rows(path: &Path, format: TableFormat) -> Result<Vec<Row>, Error> {
    let bytes = crate::files::read_limited(path)?;
    parse_rows(&bytes, &crate::files::origin_name(path), format)
}

/// Parses rows from bytes; `origin` names the input in errors. An input without rows is an
/// error.
pub fn parse_rows(bytes: &[u8], origin: &str, format: TableFormat) -> Result<Vec<Row>, Error> {
    parse_rows_with(bytes, origin, format, &Fields::default())
}

/// [`parse_rows`], with CSV reference columns named by `fields`.
pub fn parse_rows_with(
    bytes: &[u8],
    origin: &str,
    format: TableFormat,
    fields: &Fields,
) -> Result<Vec<Row>, Error> {
    if matches!(format, TableFormat::Parquet | TableFormat::Arrow) {
        return Err(Error::Input {
            origin: origin.to_string(),
            line: None,
            message: "Parquet and Arrow files are read by `score --pairs` only; \
                      give JSON Lines, CSV or TSV here"
                .into(),
        });
    }
    let text = decode_utf8(bytes, origin)?;
    if let Some(pos) = text.find('\0') {
        let line = text[..pos].matches('\n').count() + 1;
        return Err(row_error(origin, line, "contains a NUL byte"));
    }
    let rows = match format {
        TableFormat::Jsonl if text.trim_start().starts_with('[') => json_array(text, origin)?,
        TableFormat::Jsonl => json_lines(text, origin)?,
        TableFormat::Csv => delimited(text, origin, b',', fields)?,
        TableFormat::Tsv => delimited(text, origin, b'\t', fields)?,
        TableFormat::Parquet | TableFormat::Arrow => Vec::new(),
    };
    if rows.is_empty() {
        return Err(Error::Input {
            origin: origin.to_string(),
            line: None,
            message: "no rows in the file".into(),
        });
    }
    Ok(rows)
}

fn object(value: Value, origin: &str, line: usize) -> Result<Row, Error> {
    match value {
        Value::Object(fields) => Ok(Row {
            line,
            fields,
            typed: true,
        }),
        _ => Err(row_error(origin, line, "expected a JSON object")),
    }
}

/// Parses lines on the current rayon pool; the first bad line (in file order) is reported.
fn json_lines(text: &str, origin: &str) -> Result<Vec<Row>, Error> {
    use rayon::prelude::*;
    let lines: Vec<(usize, &str)> = numbered_lines(text, 1).collect();
    let parsed: Vec<Result<Row, Error>> = lines
        .par_iter()
        .map(|&(n, line)| json_row(line, origin, n))
        .collect();
    parsed.into_iter().collect()
}

/// The non-blank lines of `text` (without `\r\n` or `\n`), numbered from `first`.
fn numbered_lines(text: &str, first: usize) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .enumerate()
        .map(move |(i, l)| (first + i, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty())
}

/// A JSON object whose keys are all different: a repeated key is ambiguous (which value is
/// meant?), so it is an error rather than the last one silently winning.
struct UniqueKeys(Map<String, Value>);

impl<'de> serde::Deserialize<'de> for UniqueKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> serde::de::Visitor<'de> for Keys {
            type Value = UniqueKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut access: A,
            ) -> Result<UniqueKeys, A::Error> {
                let mut map = Map::new();
                while let Some(key) = access.next_key::<String>()? {
                    if map.contains_key(&key) {
                        return Err(serde::de::Error::custom(format!(
                            "field '{key}' appears twice in the object"
                        )));
                    }
                    let value: Value = access.next_value()?;
                    map.insert(key, value);
                }
                Ok(UniqueKeys(map))
            }
        }
        d.deserialize_map(Keys)
    }
}

/// One line of JSON Lines as a row.
pub fn json_row(line: &str, origin: &str, n: usize) -> Result<Row, Error> {
    match serde_json::from_str::<UniqueKeys>(line) {
        Ok(UniqueKeys(fields)) => Ok(Row {
            line: n,
            fields,
            typed: true,
        }),
        Err(e) if e.to_string().contains("appears twice") => {
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message);
            Err(row_error(origin, n, message.to_string()))
        }
        Err(_) => {
            let value: Value = serde_json::from_str(line).map_err(|e| {
                let message = match non_json_number(line, e.column()) {
                    Some((field, word)) => format!(
                        "field '{field}' is {word}, which is not a JSON number (Python's \
                         json.dumps writes it; a score must be finite)"
                    ),
                    None => format!("invalid JSON: {e}"),
                };
                row_error(origin, n, message)
            })?;
            object(value, origin, n)
        }
    }
}

/// When the JSON error at 1-based `column` of `line` is a NaN or Infinity literal (which
/// Python's `json.dumps` writes), the field it is the value of and the literal.
fn non_json_number(line: &str, column: usize) -> Option<(String, &'static str)> {
    let at = column
        .checked_sub(1)
        .filter(|&i| line.is_char_boundary(i))?;
    // serde_json points at the literal, or just past the sign of `-Infinity`.
    let at = if line[..at].ends_with('-') {
        at - 1
    } else {
        at
    };
    let word = ["NaN", "-Infinity", "Infinity"]
        .into_iter()
        .find(|w| line[at..].starts_with(w))?;
    let key = line[..at].trim_end().strip_suffix(':')?.trim_end();
    let key = key.strip_suffix('"')?;
    let start = key.rfind('"')?;
    Some((key[start + 1..].to_string(), word))
}

/// True for the CSV columns that hold references: `reference`, `references`, and numbered ones
/// (`reference2`, `reference_3`). Any other column is not read (`reference_url` is not a
/// reference).
pub fn is_reference_column(name: &str) -> bool {
    match name.strip_prefix("reference") {
        Some("") | Some("s") => true,
        Some(rest) => {
            let digits = rest.strip_prefix('_').unwrap_or(rest);
            !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// A `.json` array of objects; rows are numbered by their place in the array, and each object
/// is read like a JSON Lines row (a repeated key is an error).
fn json_array(text: &str, origin: &str) -> Result<Vec<Row>, Error> {
    let items: Vec<&serde_json::value::RawValue> = match serde_json::from_str(text) {
        Ok(items) => items,
        Err(e) => {
            return Err(match serde_json::from_str::<serde::de::IgnoredAny>(text) {
                Ok(_) => row_error(origin, 1, "expected an array of objects"),
                Err(_) => row_error(origin, e.line(), format!("invalid JSON: {e}")),
            });
        }
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| json_row(item.get(), origin, i + 1))
        .collect()
}

fn delimited(text: &str, origin: &str, delimiter: u8, fields: &Fields) -> Result<Vec<Row>, Error> {
    let mut reader = csv_reader(text.as_bytes(), delimiter);
    let headers = csv_headers(&mut reader, origin)?;
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
    while let Some(row) = csv_row(&mut reader, &headers, &mut record, origin, fields)? {
        rows.push(row);
    }
    Ok(rows)
}

/// A CSV reader with a header row.
pub fn csv_reader<R: std::io::Read>(input: R, delimiter: u8) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .from_reader(input)
}

fn csv_error(origin: &str, e: csv::Error) -> Error {
    let line = e.position().map_or(1, |p| p.line() as usize);
    row_error(origin, line, format!("invalid CSV: {e}"))
}

/// The header names, trimmed and lowercased.
pub fn csv_headers<R: std::io::Read>(
    reader: &mut csv::Reader<R>,
    origin: &str,
) -> Result<Vec<String>, Error> {
    let headers = reader
        .byte_headers()
        .map_err(|e| csv_error(origin, e))?
        .clone();
    let names: Vec<String> = headers
        .iter()
        .enumerate()
        .map(|(k, h)| {
            let name = csv_text(h, origin, 1, k + 1, "header")?;
            Ok(name
                .trim_start_matches('\u{feff}')
                .trim()
                .to_ascii_lowercase())
        })
        .collect::<Result<_, Error>>()?;
    for (k, name) in names.iter().enumerate() {
        if let Some(first) = names[..k].iter().position(|n| n == name) {
            return Err(row_error(
                origin,
                1,
                format!(
                    "column '{name}' appears twice in the header (columns {} and {})",
                    first + 1,
                    k + 1
                ),
            ));
        }
    }
    Ok(names)
}

/// A CSV field as text; invalid UTF-8 or a NUL byte is an error naming the line, the column
/// and the byte of the field.
fn csv_text<'a>(
    bytes: &'a [u8],
    origin: &str,
    line: usize,
    column: usize,
    name: &str,
) -> Result<&'a str, Error> {
    let problem = match std::str::from_utf8(bytes) {
        Ok(text) => match bytes.iter().position(|&b| b == 0) {
            None => return Ok(text),
            Some(at) => (at, "contains a NUL byte"),
        },
        Err(e) => (e.valid_up_to(), "is not valid UTF-8"),
    };
    let (at, what) = problem;
    let line = line + bytes[..at].iter().filter(|&&b| b == b'\n').count();
    Err(row_error(
        origin,
        line,
        format!(
            "field '{name}' (column {column}) {what} (byte {} of the field)",
            at + 1
        ),
    ))
}

/// The next record as a row; `None` at the end. With the default field names, every
/// reference column (`reference`, `reference2`, …) goes into one `references` list; with
/// names given, each named reference column stays a string field. An empty reference cell
/// is no reference.
pub fn csv_row<R: std::io::Read>(
    reader: &mut csv::Reader<R>,
    headers: &[String],
    record: &mut csv::ByteRecord,
    origin: &str,
    names: &Fields,
) -> Result<Option<Row>, Error> {
    if !reader
        .read_byte_record(record)
        .map_err(|e| csv_error(origin, e))?
    {
        return Ok(None);
    }
    let line = record.position().map_or(0, |p| p.line() as usize);
    let mut fields = Map::new();
    let mut references = Vec::new();
    let mut field_line = line;
    let gather = names.gathers_references();
    for (k, (name, bytes)) in headers.iter().zip(record.iter()).enumerate() {
        let value = csv_text(bytes, origin, field_line, k + 1, name)?;
        field_line += value.matches('\n').count();
        if names.is_reference_column(name) {
            if value.is_empty() {
                continue;
            }
            if gather {
                references.push(Value::String(value.to_string()));
                continue;
            }
        }
        fields.insert(name.clone(), Value::String(value.to_string()));
    }
    if gather && headers.iter().any(|h| names.is_reference_column(h)) {
        fields.insert("references".into(), Value::Array(references));
    }
    Ok(Some(Row {
        line,
        fields,
        typed: false,
    }))
}

impl Row {
    /// An error about this row.
    pub fn error(&self, origin: &str, message: impl Into<String>) -> Error {
        row_error(origin, self.line, message)
    }

    /// Moves out the first present string field among `keys`, or fails naming them all.
    pub fn take_required(&mut self, keys: &[&str], origin: &str) -> Result<String, Error> {
        for key in keys {
            if let Some(v) = self.take_string(key, origin)? {
                return Ok(v);
            }
        }
        let names: Vec<String> = keys.iter().map(|k| format!("'{k}'")).collect();
        Err(self.error(
            origin,
            format!(
                "missing field {}",
                names.join(" (or ") + &")".repeat(keys.len() - 1)
            ),
        ))
    }

    /// Moves the id out of the row: a string, or a whole number as its decimal text.
    pub fn take_id(&mut self, key: &str, origin: &str) -> Result<Option<String>, Error> {
        match self.fields.shift_remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Some(n.to_string())),
            Some(other) => {
                let what = match &other {
                    Value::Number(n) => n.to_string(),
                    _ => kind(&other).to_string(),
                };
                Err(row_error(
                    origin,
                    self.line,
                    format!("field '{key}' must be a string or a whole number, not {what}"),
                ))
            }
        }
    }

    /// Moves a string field out of the row (no copy of the text); `None` when absent or null.
    pub fn take_string(&mut self, key: &str, origin: &str) -> Result<Option<String>, Error> {
        match self.fields.shift_remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(row_error(
                origin,
                self.line,
                format!("field '{key}' must be a string, not {}", kind(&other)),
            )),
        }
    }

    /// Moves a number out of the row: a JSON number, or in CSV (whose cells are all text) a
    /// cell that reads as one; `None` when absent, null or a blank cell. A JSON string is
    /// refused, even `"3"`: the docs promise a JSON number, and a string there is usually a
    /// column written with the wrong type.
    pub fn take_number(&mut self, key: &str, origin: &str) -> Result<Option<f64>, Error> {
        match self.fields.shift_remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(Value::String(s)) if self.typed => Err(row_error(
                origin,
                self.line,
                format!(
                    "field '{key}' must be a number, not a string (\"{}\")",
                    crate::files::terminal_safe(&s.chars().take(40).collect::<String>())
                ),
            )),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s.trim().parse::<f64>().map(Some).map_err(|_| {
                row_error(
                    origin,
                    self.line,
                    format!(
                        "field '{key}' must be a number, not '{}'",
                        crate::files::terminal_safe(&s.chars().take(40).collect::<String>())
                    ),
                )
            }),
            Some(other) => Err(row_error(
                origin,
                self.line,
                format!("field '{key}' must be a number, not {}", kind(&other)),
            )),
        }
    }

    /// Moves a list of strings out of the row; a single string counts as a list of one.
    pub fn take_strings(&mut self, key: &str, origin: &str) -> Result<Vec<String>, Error> {
        let line = self.line;
        match self.fields.shift_remove(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::String(s)) => Ok(vec![s]),
            Some(Value::Array(items)) => items
                .into_iter()
                .enumerate()
                .map(|(k, item)| match item {
                    Value::String(s) => Ok(s),
                    other => Err(row_error(
                        origin,
                        line,
                        format!("field '{key}'[{k}] must be a string, not {}", kind(&other)),
                    )),
                })
                .collect(),
            Some(other) => Err(row_error(
                origin,
                line,
                format!(
                    "field '{key}' must be a list of strings, not {}",
                    kind(&other)
                ),
            )),
        }
    }
}

/// What a JSON value is, for messages ("a string", "a list", …).
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
