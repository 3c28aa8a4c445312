//! Candidate/reference pairs for `tomtat score --pairs`.

use super::fields::Fields;
use super::records::{Row, TableFormat, parse_rows_with, row_error};
use crate::error::Error;
use std::collections::HashMap;

/// One example to score.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub id: String,
    pub candidate: String,
    pub references: Vec<String>,
    pub lang: Option<String>,
    /// The text the candidate summarizes (the article), when the input gives it: the
    /// `copysource` metric reads it.
    pub source: Option<String>,
    /// Supplied scores (`--score-field`), one per supplied metric in the run's order; each
    /// finite and within ±2^30 ([`crate::metrics::supplied::check_value`]).
    pub scores: Vec<f64>,
}

/// Parses pairs from bytes; `origin` names the input in errors.
pub fn parse_pairs(bytes: &[u8], origin: &str, format: TableFormat) -> Result<Vec<Pair>, Error> {
    parse_pairs_with(bytes, origin, format, &Fields::default())
}

/// Parses pairs from bytes, reading the fields `fields` names.
pub fn parse_pairs_with(
    bytes: &[u8],
    origin: &str,
    format: TableFormat,
    fields: &Fields,
) -> Result<Vec<Pair>, Error> {
    let rows = match format {
        TableFormat::Csv | TableFormat::Tsv => {
            let fields = fields.lowercased();
            let rows = parse_rows_with(bytes, origin, format, &fields)?;
            return pairs_from_rows(rows, origin, &fields);
        }
        _ => parse_rows_with(bytes, origin, format, fields)?,
    };
    pairs_from_rows(rows, origin, fields)
}

fn pairs_from_rows(rows: Vec<Row>, origin: &str, fields: &Fields) -> Result<Vec<Pair>, Error> {
    let mut pairs = Vec::with_capacity(rows.len());
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(rows.len());
    for row in rows {
        let line = row.line;
        let pair = pair_from_row(row, origin, fields)?;
        if let Some(first) = seen.insert(pair.id.clone(), line) {
            return Err(row_error(
                origin,
                line,
                format!("duplicate id '{}' (first seen at line {first})", pair.id),
            ));
        }
        pairs.push(pair);
    }
    Ok(pairs)
}

/// A row's fields as the pair rules read them: a parsed JSON/CSV [`Row`], or a row of Arrow
/// columns. Each key is read once; a value of the wrong type is an error naming the field.
pub trait RowFields {
    /// The 1-based line (or row) errors name.
    fn line(&self) -> usize;
    /// A string field; `None` when absent or null.
    fn take_string(&mut self, key: &str, origin: &str) -> Result<Option<String>, Error>;
    /// A list of strings; a single string counts as a list of one.
    fn take_strings(&mut self, key: &str, origin: &str) -> Result<Vec<String>, Error>;
    /// The id: a string, or an integer read as its decimal text (as Parquet's integer ids).
    fn take_id(&mut self, key: &str, origin: &str) -> Result<Option<String>, Error> {
        self.take_string(key, origin)
    }
    /// A number: a numeric value, or text that reads as one (CSV cells); `None` when absent
    /// or null.
    fn take_number(&mut self, key: &str, origin: &str) -> Result<Option<f64>, Error>;
    /// The names of the row's fields, for an error about a missing one; empty when the reader
    /// already names the columns it lacks.
    fn names(&self) -> Vec<String> {
        Vec::new()
    }
}

impl RowFields for Row {
    fn line(&self) -> usize {
        self.line
    }

    fn take_string(&mut self, key: &str, origin: &str) -> Result<Option<String>, Error> {
        Row::take_string(self, key, origin)
    }

    fn take_strings(&mut self, key: &str, origin: &str) -> Result<Vec<String>, Error> {
        Row::take_strings(self, key, origin)
    }

    fn take_id(&mut self, key: &str, origin: &str) -> Result<Option<String>, Error> {
        Row::take_id(self, key, origin)
    }

    fn take_number(&mut self, key: &str, origin: &str) -> Result<Option<f64>, Error> {
        Row::take_number(self, key, origin)
    }

    fn names(&self) -> Vec<String> {
        self.fields.keys().cloned().collect()
    }
}

/// The error for a row without its candidate or reference field: when the row has fields no
/// rule reads (a file of `pred`/`gold` rows), it names them and the flags that read them. The
/// names are gathered here, on the error path, not for every row.
fn missing_text(row: &impl RowFields, fields: &Fields, origin: &str, what: String) -> Error {
    let unread: Vec<String> = row
        .names()
        .into_iter()
        .filter(|n| {
            n != &fields.id
                && n != &fields.lang
                && !fields.candidate.contains(n)
                && !fields.is_reference_column(n)
                && fields.source.as_ref() != Some(n)
                && n != "source"
                && !fields.scores.contains(n)
        })
        .map(|n| format!("'{n}'"))
        .collect();
    let message = if unread.is_empty() {
        format!("missing field {what}")
    } else {
        format!(
            "missing field {what}; this row also has {}: name the fields to read with \
             --candidate-field NAME and --reference-field NAME (or --references-field for a \
             list)",
            unread.join(", ")
        )
    };
    row_error(origin, row.line(), message)
}

/// The pair of one row, moving its texts out; errors name the line and the field. Ids are
/// not checked for uniqueness here.
pub fn pair_from_row(
    mut row: impl RowFields,
    origin: &str,
    fields: &Fields,
) -> Result<Pair, Error> {
    let line = row.line();
    let quoted = |names: &[&str]| -> String {
        let names: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
        match names.split_first() {
            Some((first, [])) => first.clone(),
            Some((first, rest)) => format!("{first} (or {})", rest.join(", ")),
            None => String::new(),
        }
    };
    let missing = |what: String| row_error(origin, line, format!("missing field {what}"));
    let id = row.take_id(&fields.id, origin)?.ok_or_else(|| {
        row_error(
            origin,
            line,
            format!(
                "missing field '{}': every row needs an id (--id-field NAME reads it from another field)",
                fields.id
            ),
        )
    })?;
    if id.trim().is_empty() {
        return Err(row_error(
            origin,
            line,
            format!("field '{}' is empty", fields.id),
        ));
    }
    let mut candidate: Option<(String, &str)> = None;
    for name in &fields.candidate {
        if let Some(c) = row.take_string(name, origin)? {
            if let Some((_, first)) = candidate {
                return Err(row_error(
                    origin,
                    line,
                    format!("fields '{first}' and '{name}' are both present: give one"),
                ));
            }
            candidate = Some((c, name));
        }
    }
    let names: Vec<&str> = fields.candidate.iter().map(String::as_str).collect();
    let (candidate, _) =
        candidate.ok_or_else(|| missing_text(&row, fields, origin, quoted(&names)))?;
    let mut references = match &fields.references {
        Some(name) => row.take_strings(name, origin)?,
        None => Vec::new(),
    };
    if let Some(name) = &fields.reference
        && let Some(r) = row.take_string(name, origin)?
    {
        references.insert(0, r);
    }
    if references.is_empty() {
        let what = match (&fields.reference, &fields.references) {
            (Some(one), Some(many)) => {
                format!("'{one}' (a string) or '{many}' (a list of strings)")
            }
            (Some(one), None) => format!("'{one}' (a string)"),
            (None, Some(many)) => format!("'{many}' (a list of strings)"),
            (None, None) => "with the references".to_string(),
        };
        return Err(missing_text(&row, fields, origin, what));
    }
    let lang = row
        .take_string(&fields.lang, origin)?
        .filter(|l| !l.is_empty());
    let source = match &fields.source {
        Some(name) => row.take_string(name, origin)?,
        None => None,
    };
    let mut scores = Vec::with_capacity(fields.scores.len());
    for name in &fields.scores {
        let value = row.take_number(name, origin)?.ok_or_else(|| {
            missing(format!(
                "'{name}' (a number, read for --score-field {name})"
            ))
        })?;
        let value = crate::metrics::supplied::check_value(value)
            .map_err(|why| row_error(origin, line, format!("field '{name}' {why}")))?;
        scores.push(value);
    }
    Ok(Pair {
        id,
        candidate,
        references,
        lang,
        source,
        scores,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(s: &str) -> Result<Vec<Pair>, Error> {
        parse_pairs(s.as_bytes(), "in.jsonl", TableFormat::Jsonl)
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
            "in.jsonl:2: missing field 'candidate' (or 'prediction')"
        );
        let e = jsonl("{\"id\":2.5,\"candidate\":\"x\",\"reference\":\"y\"}").unwrap_err();
        assert_eq!(
            e.to_string(),
            "in.jsonl:1: field 'id' must be a string or a whole number, not 2.5"
        );
        let e = jsonl("{\"id\":\"a\",\"candidate\":\"x\",\"references\":[1]}").unwrap_err();
        assert!(e.to_string().contains("'references'[0] must be a string"));
        let e = jsonl("{\"id\":\"a\",\"candidate\":\"x\",\"reference\":\"y\"}\n{\"id\":\"a\",\"candidate\":\"x\",\"reference\":\"y\"}").unwrap_err();
        assert!(
            e.to_string()
                .contains("in.jsonl:2: duplicate id 'a' (first seen at line 1)")
        );
        assert!(jsonl("\n\n").unwrap_err().to_string().contains("no rows"));
        assert!(
            jsonl("{oops")
                .unwrap_err()
                .to_string()
                .starts_with("in.jsonl:1: invalid JSON")
        );
        let e = jsonl("{\"id\":\"a\",\"reference\":\"y\"}").unwrap_err();
        assert_eq!(
            e.to_string(),
            "in.jsonl:1: missing field 'candidate' (or 'prediction')"
        );
    }

    #[test]
    fn reads_csv_with_quotes_and_several_references() {
        let csv = "id,candidate,reference,reference2\n1,\"a, \"\"b\"\"\nc\",x,\n2,y,z,w\n";
        let pairs = parse_pairs(csv.as_bytes(), "in.csv", TableFormat::Csv).expect("valid");
        assert_eq!(pairs[0].candidate, "a, \"b\"\nc");
        assert_eq!(pairs[0].references, ["x"]);
        assert_eq!(pairs[1].references, ["z", "w"]);
        let header_only = parse_pairs(b"id,candidate,reference\n", "h.csv", TableFormat::Csv);
        assert!(header_only.unwrap_err().to_string().contains("no rows"));
    }
}
