//! Candidate/reference pairs from JSON Lines, a JSON array, CSV or TSV.

use super::decode_utf8;
use crate::error::Error;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// One example to score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub id: String,
    pub candidate: String,
    pub references: Vec<String>,
    pub lang: Option<String>,
}

/// How a pairs file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairsFormat {
    /// One JSON object a line (`.jsonl`); `.json` may also hold one array of objects.
    Jsonl,
    Csv,
    Tsv,
}

impl PairsFormat {
    /// The format a file name implies, if any.
    pub fn from_path(path: &Path) -> Option<PairsFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "jsonl" | "json" | "ndjson" => Some(PairsFormat::Jsonl),
            "csv" => Some(PairsFormat::Csv),
            "tsv" => Some(PairsFormat::Tsv),
            _ => None,
        }
    }
}

/// Reads and validates every pair of a file. Errors name the file, the line and the field.
pub fn read_pairs(path: &Path, format: PairsFormat) -> Result<Vec<Pair>, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_pairs(&bytes, &path.display().to_string(), format)
}

/// Parses pairs from bytes; `origin` names the input in errors.
pub fn parse_pairs(bytes: &[u8], origin: &str, format: PairsFormat) -> Result<Vec<Pair>, Error> {
    let text = decode_utf8(bytes, origin)?;
    if let Some(pos) = text.find('\0') {
        let line = text[..pos].matches('\n').count() + 1;
        return Err(input_error(origin, line, "contains a NUL byte"));
    }
    let pairs = match format {
        PairsFormat::Jsonl if text.trim_start().starts_with('[') => parse_json_array(text, origin)?,
        PairsFormat::Jsonl => parse_jsonl(text, origin)?,
        PairsFormat::Csv => parse_delimited(text, origin, b',')?,
        PairsFormat::Tsv => parse_delimited(text, origin, b'\t')?,
    };
    if pairs.is_empty() {
        return Err(Error::Input {
            origin: origin.to_string(),
            line: None,
            message: "no examples in the file".into(),
        });
    }
    check_unique_ids(&pairs, origin)?;
    Ok(pairs.into_iter().map(|(_, p)| p).collect())
}

fn input_error(origin: &str, line: usize, message: impl Into<String>) -> Error {
    Error::Input {
        origin: origin.to_string(),
        line: Some(line),
        message: message.into(),
    }
}

fn parse_jsonl(text: &str, origin: &str) -> Result<Vec<(usize, Pair)>, Error> {
    let mut pairs = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line_no = i + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line)
            .map_err(|e| input_error(origin, line_no, format!("invalid JSON: {e}")))?;
        pairs.push((
            line_no,
            pair_from_json(&value, |m| input_error(origin, line_no, m))?,
        ));
    }
    Ok(pairs)
}

fn parse_json_array(text: &str, origin: &str) -> Result<Vec<(usize, Pair)>, Error> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| input_error(origin, e.line(), format!("invalid JSON: {e}")))?;
    let Value::Array(items) = value else {
        return Err(input_error(origin, 1, "expected an array of objects"));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let pair = pair_from_json(item, |m| Error::Input {
                origin: origin.to_string(),
                line: None,
                message: format!("element {}: {m}", i + 1),
            })?;
            Ok((i + 1, pair))
        })
        .collect()
}

fn pair_from_json(value: &Value, error: impl Fn(String) -> Error) -> Result<Pair, Error> {
    let Value::Object(obj) = value else {
        return Err(error("expected a JSON object".into()));
    };
    let string = |key: &str| -> Result<Option<String>, Error> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(error(format!(
                "field '{key}' must be a string, not {}",
                kind(other)
            ))),
        }
    };
    let id = string("id")?.ok_or_else(|| error("missing field 'id'".into()))?;
    let candidate = match string("candidate")? {
        Some(c) => c,
        None => string("prediction")?
            .ok_or_else(|| error("missing field 'candidate' (or 'prediction')".into()))?,
    };
    let mut references = Vec::new();
    match obj.get("references") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => references.push(s.clone()),
        Some(Value::Array(items)) => {
            for (k, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => references.push(s.clone()),
                    other => {
                        return Err(error(format!(
                            "field 'references'[{k}] must be a string, not {}",
                            kind(other)
                        )));
                    }
                }
            }
        }
        Some(other) => {
            return Err(error(format!(
                "field 'references' must be a list of strings, not {}",
                kind(other)
            )));
        }
    }
    if let Some(r) = string("reference")? {
        references.insert(0, r);
    }
    if references.is_empty() {
        return Err(error(
            "missing field 'reference' (a string) or 'references' (a list of strings)".into(),
        ));
    }
    Ok(Pair {
        id,
        candidate,
        references,
        lang: string("lang")?,
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn parse_delimited(text: &str, origin: &str, delimiter: u8) -> Result<Vec<(usize, Pair)>, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let csv_error = |e: csv::Error| {
        let line = e.position().map_or(1, |p| p.line() as usize);
        input_error(origin, line, format!("invalid CSV: {e}"))
    };
    let headers = reader.headers().map_err(csv_error)?.clone();
    let find = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.contains(&h.trim().to_ascii_lowercase().as_str()))
    };
    let header_error = |m: &str| input_error(origin, 1, m.to_string());
    let id_col = find(&["id"]).ok_or_else(|| header_error("header has no 'id' column"))?;
    let cand_col = find(&["candidate", "prediction"])
        .ok_or_else(|| header_error("header has no 'candidate' (or 'prediction') column"))?;
    let ref_cols: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| h.trim().to_ascii_lowercase().starts_with("reference"))
        .map(|(i, _)| i)
        .collect();
    if ref_cols.is_empty() {
        return Err(header_error("header has no 'reference' column"));
    }
    let lang_col = find(&["lang"]);
    let mut pairs = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let field = |i: usize| record.get(i).unwrap_or("").to_string();
        let id = field(id_col);
        if id.trim().is_empty() {
            return Err(input_error(origin, line, "field 'id' is empty"));
        }
        let references: Vec<String> = ref_cols
            .iter()
            .map(|&i| field(i))
            .filter(|r| !r.is_empty())
            .collect();
        if references.is_empty() {
            return Err(input_error(
                origin,
                line,
                "every 'reference' field is empty",
            ));
        }
        pairs.push((
            line,
            Pair {
                id,
                candidate: field(cand_col),
                references,
                lang: lang_col.map(field).filter(|l| !l.is_empty()),
            },
        ));
    }
    Ok(pairs)
}

fn check_unique_ids(pairs: &[(usize, Pair)], origin: &str) -> Result<(), Error> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(pairs.len());
    for (line, pair) in pairs {
        if let Some(first) = seen.insert(&pair.id, *line) {
            return Err(input_error(
                origin,
                *line,
                format!("duplicate id '{}' (first seen at line {first})", pair.id),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(s: &str) -> Result<Vec<Pair>, Error> {
        parse_pairs(s.as_bytes(), "in.jsonl", PairsFormat::Jsonl)
    }

    #[test]
    fn reads_jsonl_variants() {
        let pairs = jsonl(
            "{\"id\":\"a\",\"candidate\":\"x\",\"reference\":\"y\"}\n\n\
             {\"id\":\"b\",\"prediction\":\"x\",\"references\":[\"y\",\"z\"],\"lang\":\"vi\"}\r\n\
             {\"id\":\"c\",\"candidate\":\"x\",\"references\":\"y\"}",
        )
        .expect("valid");
        assert_eq!(pairs.len(), 3);
        assert_eq!(pairs[1].references, ["y", "z"]);
        assert_eq!(pairs[1].lang.as_deref(), Some("vi"));
        assert_eq!(pairs[2].references, ["y"]);
    }

    #[test]
    fn errors_name_line_and_field() {
        let e = jsonl("{\"id\":\"a\",\"candidate\":\"x\",\"reference\":\"y\"}\n{\"id\":3}")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "in.jsonl:2: field 'id' must be a string, not a number"
        );
        let e = jsonl("{\"id\":\"a\",\"candidate\":\"x\",\"references\":[1]}").unwrap_err();
        assert!(e.to_string().contains("'references'[0] must be a string"));
        let e = jsonl("{\"id\":\"a\",\"candidate\":\"x\",\"reference\":\"y\"}\n{\"id\":\"a\",\"candidate\":\"x\",\"reference\":\"y\"}").unwrap_err();
        assert!(
            e.to_string()
                .contains("in.jsonl:2: duplicate id 'a' (first seen at line 1)")
        );
        assert!(
            jsonl("\n\n")
                .unwrap_err()
                .to_string()
                .contains("no examples")
        );
        assert!(
            jsonl("{oops")
                .unwrap_err()
                .to_string()
                .starts_with("in.jsonl:1: invalid JSON")
        );
    }

    #[test]
    fn reads_csv_with_quotes_and_several_references() {
        let csv = "id,candidate,reference,reference2\n1,\"a, \"\"b\"\"\nc\",x,\n2,y,z,w\n";
        let pairs = parse_pairs(csv.as_bytes(), "in.csv", PairsFormat::Csv).expect("valid");
        assert_eq!(pairs[0].candidate, "a, \"b\"\nc");
        assert_eq!(pairs[0].references, ["x"]);
        assert_eq!(pairs[1].references, ["z", "w"]);
        let header_only = parse_pairs(b"id,candidate,reference\n", "h.csv", PairsFormat::Csv);
        assert!(header_only.unwrap_err().to_string().contains("no examples"));
    }
}
