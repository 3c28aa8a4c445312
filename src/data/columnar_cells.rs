//! Reading the cells of a columnar batch: which Arrow types hold text (plain, view,
//! dictionary-encoded, lists of them) or integer ids, and the text of one cell, checked as
//! UTF-8 and against `--max-line-bytes`.

use super::records::row_error;
use crate::error::Error;
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;

/// How one column's cells are read.
pub(super) enum Cells {
    Text(ArrayRef),
    Integer(ArrayRef),
    /// Floating-point numbers (supplied scores).
    Float(ArrayRef),
    List(ArrayRef),
}

/// A column in a form a row reader reads: dictionaries are decoded, integers become text.
pub(super) fn cells(name: &str, array: &ArrayRef, origin: &str) -> Result<Cells, Error> {
    let unsupported = |t: &DataType| Error::Input {
        origin: origin.to_string(),
        line: None,
        message: format!(
            "column '{name}' has type {t}: expected text (or a list of texts for references; \
             a number for a score field)"
        ),
    };
    Ok(match array.data_type() {
        t if is_text(t) => Cells::Text(array.clone()),
        DataType::Dictionary(key, value) if key.is_integer() && is_text(value) => {
            Cells::Text(array.clone())
        }
        t if t.is_integer() => Cells::Integer(array.clone()),
        t if t.is_floating() => Cells::Float(array.clone()),
        DataType::List(item) | DataType::LargeList(item)
            if is_text_or_dictionary(item.data_type()) =>
        {
            Cells::List(array.clone())
        }
        t => return Err(unsupported(t)),
    })
}

fn is_text_or_dictionary(t: &DataType) -> bool {
    match t {
        DataType::Dictionary(key, value) => key.is_integer() && is_text(value),
        t => is_text(t),
    }
}

/// Text, or bytes read as text (checked to be UTF-8 cell by cell).
fn is_text(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Utf8
            | DataType::LargeUtf8
            | DataType::Utf8View
            | DataType::Binary
            | DataType::LargeBinary
            | DataType::Null
    )
}

/// The bytes at `row` of a text column (plain or dictionary-encoded, text or bytes); `None`
/// for a null, or for a dictionary key outside its values.
fn bytes_at(array: &dyn Array, row: usize) -> Option<&[u8]> {
    if array.is_null(row) {
        return None;
    }
    Some(match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value(row).as_bytes(),
        DataType::LargeUtf8 => array.as_string::<i64>().value(row).as_bytes(),
        DataType::Utf8View => array.as_string_view().value(row).as_bytes(),
        DataType::Binary => array.as_binary::<i32>().value(row),
        DataType::LargeBinary => array.as_binary::<i64>().value(row),
        DataType::Dictionary(_, _) => {
            let dictionary = array.as_any_dictionary_opt()?;
            let key = usize::try_from(integer_at(dictionary.keys(), row)?).ok()?;
            let values = dictionary.values();
            return (key < values.len())
                .then(|| bytes_at(values.as_ref(), key))
                .flatten();
        }
        _ => return None,
    })
}

/// The text at `row` of a text column; `None` for a null or a cell that is not UTF-8.
pub(super) fn text_at(array: &dyn Array, row: usize) -> Option<&str> {
    std::str::from_utf8(bytes_at(array, row)?).ok()
}

/// [`text_at`] as an owned string, refused when it is longer than `--max-line-bytes` (a cell
/// obeys the limit a line does).
pub(super) fn cell_text(
    array: &dyn Array,
    row: usize,
    line: usize,
    origin: &str,
    column: &str,
) -> Result<Option<String>, Error> {
    let Some(bytes) = bytes_at(array, row) else {
        return Ok(None);
    };
    let limit = crate::files::limit::max_line_bytes();
    let text = match simdutf8::compat::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            return Err(row_error(
                origin,
                line,
                format!(
                    "column {column} is not valid UTF-8 (byte {} of the cell)",
                    e.valid_up_to() + 1
                ),
            ));
        }
    };
    if text.len() > limit {
        return Err(row_error(
            origin,
            line,
            format!(
                "column {column} holds {} bytes, more than the limit of {limit} bytes for a \
                 line or cell; if that is intended, raise it with --max-line-bytes",
                text.len()
            ),
        ));
    }
    Ok(Some(text.to_string()))
}

/// The bytes of text in row `row` of a column, for bounding a chunk.
pub(super) fn cell_bytes(cells: &Cells, row: usize) -> usize {
    match cells {
        Cells::Text(a) => bytes_at(a.as_ref(), row).map_or(0, <[u8]>::len),
        Cells::Integer(_) | Cells::Float(_) => 8,
        Cells::List(a) if a.is_null(row) => 0,
        Cells::List(a) => {
            let items = list_at(a, row);
            (0..items.len())
                .map(|i| bytes_at(items.as_ref(), i).map_or(0, <[u8]>::len))
                .sum()
        }
    }
}

/// The value at `row` of an integer column; `None` for a null.
pub(super) fn integer_at(array: &dyn Array, row: usize) -> Option<i128> {
    use arrow_array::types::*;
    if array.is_null(row) {
        return None;
    }
    Some(match array.data_type() {
        DataType::Int8 => array.as_primitive::<Int8Type>().value(row).into(),
        DataType::Int16 => array.as_primitive::<Int16Type>().value(row).into(),
        DataType::Int32 => array.as_primitive::<Int32Type>().value(row).into(),
        DataType::Int64 => array.as_primitive::<Int64Type>().value(row).into(),
        DataType::UInt8 => array.as_primitive::<UInt8Type>().value(row).into(),
        DataType::UInt16 => array.as_primitive::<UInt16Type>().value(row).into(),
        DataType::UInt32 => array.as_primitive::<UInt32Type>().value(row).into(),
        DataType::UInt64 => array.as_primitive::<UInt64Type>().value(row).into(),
        _ => return None,
    })
}

/// The value at `row` of a floating-point column; `None` for a null.
pub(super) fn float_at(array: &dyn Array, row: usize) -> Option<f64> {
    use arrow_array::types::*;
    if array.is_null(row) {
        return None;
    }
    Some(match array.data_type() {
        DataType::Float16 => array.as_primitive::<Float16Type>().value(row).to_f64(),
        DataType::Float32 => array.as_primitive::<Float32Type>().value(row).into(),
        DataType::Float64 => array.as_primitive::<Float64Type>().value(row),
        _ => return None,
    })
}

/// The items of row `row` of a list column.
pub(super) fn list_at(array: &ArrayRef, row: usize) -> ArrayRef {
    match array.data_type() {
        DataType::LargeList(_) => array.as_list::<i64>().value(row),
        _ => array.as_list::<i32>().value(row),
    }
}
