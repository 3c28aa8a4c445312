//! Human ratings for `tomtat correlate`: rows of a system name, an example id and a number,
//! read from JSON Lines, CSV/TSV, Parquet or Arrow by the same row rules as pairs, so errors
//! name the file, the line (or row) and the field.

use super::columnar::{ColumnarFormat, ColumnarReader};
use super::fields::Fields;
use super::pairs::RowFields;
use super::records::{TableFormat, read_rows, row_error};
use crate::error::Error;
use std::collections::HashMap;
use std::path::Path;

/// One rating of one system's summary of one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    pub system: String,
    pub id: String,
    pub value: f64,
}

/// The fields (columns) a ratings file is read from.
#[derive(Debug, Clone)]
pub struct RatingFields {
    pub system: String,
    pub id: String,
    pub rating: String,
}

/// Reads every rating of `path`, in the format its extension names; a missing or non-numeric
/// rating, an infinite one, or a system rating the same id twice is an error naming the line
/// and field.
pub fn read_ratings(path: &Path, fields: &RatingFields) -> Result<Vec<Rating>, Error> {
    let origin = crate::files::origin_name(path);
    let format = TableFormat::from_path(path).ok_or_else(|| Error::Input {
        origin: origin.clone(),
        line: None,
        message: "cannot tell the format from the extension (.jsonl, .csv, .tsv, .parquet, \
                  .arrow)"
            .into(),
    })?;
    let mut out: Vec<(usize, Rating)> = Vec::new();
    match format {
        TableFormat::Parquet | TableFormat::Arrow => {
            let columnar = if format == TableFormat::Parquet {
                ColumnarFormat::Parquet
            } else {
                ColumnarFormat::ArrowIpc
            };
            let mut wanted = Fields::new(Some(&fields.id), None, None, None);
            wanted.candidate.clear();
            wanted.reference = None;
            wanted.references = None;
            wanted.lang = String::new();
            wanted.extra = vec![fields.system.clone()];
            wanted.scores = vec![fields.rating.clone()];
            let mut reader = ColumnarReader::open(path, columnar, &wanted)?;
            while let Some((columns, _)) = reader.next_batch()? {
                for k in 0..columns.len() {
                    let line = columns.first + k;
                    let rating = columns.read_row(k, &fields.id, &origin, |row| {
                        rating_of(row, &origin, fields)
                    })?;
                    out.push((line, rating));
                }
            }
        }
        _ => {
            let lower;
            let fields = if matches!(format, TableFormat::Csv | TableFormat::Tsv) {
                lower = RatingFields {
                    system: fields.system.to_lowercase(),
                    id: fields.id.to_lowercase(),
                    rating: fields.rating.to_lowercase(),
                };
                &lower
            } else {
                fields
            };
            for mut row in read_rows(path, format)? {
                let line = row.line;
                out.push((line, rating_of(&mut row, &origin, fields)?));
            }
        }
    }
    let mut first_at: HashMap<(&str, &str), usize> = HashMap::new();
    for (line, r) in &out {
        if let Some(first) = first_at.insert((&r.system, &r.id), *line) {
            return Err(row_error(
                &origin,
                *line,
                format!(
                    "system '{}' rates id '{}' twice (first at line {first})",
                    r.system, r.id
                ),
            ));
        }
    }
    if out.is_empty() {
        return Err(Error::Input {
            origin,
            line: None,
            message: "no ratings".into(),
        });
    }
    Ok(out.into_iter().map(|(_, r)| r).collect())
}

/// The rating of one row.
fn rating_of(
    row: &mut dyn RowFields,
    origin: &str,
    fields: &RatingFields,
) -> Result<Rating, Error> {
    let line = row.line();
    let missing = |name: &str, what: &str| {
        row_error(origin, line, format!("missing field '{name}' ({what})"))
    };
    let system = row
        .take_id(&fields.system, origin)?
        .ok_or_else(|| missing(&fields.system, "the system"))?;
    let id = row
        .take_id(&fields.id, origin)?
        .ok_or_else(|| missing(&fields.id, "the example id"))?;
    let value = row
        .take_number(&fields.rating, origin)?
        .ok_or_else(|| missing(&fields.rating, "a number"))?;
    if !value.is_finite() {
        return Err(row_error(
            origin,
            line,
            format!("field '{}' is {value}, not a finite number", fields.rating),
        ));
    }
    Ok(Rating { system, id, value })
}
