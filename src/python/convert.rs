//! Python values to the library's inputs: lists and tuples of `str`, pandas Series, and
//! pyarrow string and list-of-string arrays read straight from their buffers.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};
use std::ops::Range;

/// One metric's name and its precision, recall and F per example.
pub(super) type Columns = (String, Vec<f64>, Vec<f64>, Vec<f64>);

/// Strings from an Arrow string column (or a list-of-strings column), read from its
/// buffers by the Python side without a Python call per element.
#[pyclass(module = "tomtat._tomtat", frozen)]
pub struct ArrowText {
    pub(super) values: Vec<String>,
    /// For a list column: element `i` is `values[lists[i]..lists[i + 1]]`.
    pub(super) lists: Option<Vec<usize>>,
}

fn read_offsets(bytes: &[u8], wide: bool, name: &str) -> PyResult<Vec<usize>> {
    let width = if wide { 8 } else { 4 };
    if !bytes.len().is_multiple_of(width) {
        return Err(PyValueError::new_err(format!(
            "{name}: Arrow offsets buffer of {} bytes",
            bytes.len()
        )));
    }
    Ok(bytes
        .chunks_exact(width)
        .map(|c| {
            if wide {
                i64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]) as usize
            } else {
                i32::from_le_bytes([c[0], c[1], c[2], c[3]]) as usize
            }
        })
        .collect())
}

#[pymethods]
impl ArrowText {
    /// `offsets`/`data`: the value offsets (`length + 1` of them from `offset`) and bytes of
    /// a string array; `wide` for 64-bit offsets; `lists`: the 32-bit offsets buffer of a
    /// list column (`lists_length + 1` of them from `lists_offset`) whose values, indexed
    /// from this string array's first element, are this array.
    #[new]
    #[pyo3(signature = (name, offsets, data, offset, length, wide, lists=None, lists_offset=0, lists_length=0))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        name: &str,
        offsets: &[u8],
        data: &[u8],
        offset: usize,
        length: usize,
        wide: bool,
        lists: Option<&[u8]>,
        lists_offset: usize,
        lists_length: usize,
    ) -> PyResult<ArrowText> {
        let all = read_offsets(offsets, wide, name)?;
        let bounds = all
            .get(offset..offset.saturating_add(length).saturating_add(1))
            .ok_or_else(|| {
                PyValueError::new_err(format!("{name}: Arrow offsets shorter than the array"))
            })?;
        let mut values = Vec::with_capacity(length);
        for (i, w) in bounds.windows(2).enumerate() {
            let bytes = data.get(w[0]..w[1]).ok_or_else(|| {
                PyValueError::new_err(format!("{name}[{i}]: Arrow offsets out of range"))
            })?;
            let text = std::str::from_utf8(bytes)
                .map_err(|e| PyValueError::new_err(format!("{name}[{i}]: invalid UTF-8: {e}")))?;
            values.push(text.to_string());
        }
        let lists = match lists {
            None => None,
            Some(bytes) => {
                let all = read_offsets(bytes, false, name)?;
                let range = all
                    .get(lists_offset..lists_offset.saturating_add(lists_length).saturating_add(1));
                let within = range.filter(|r| {
                    r.windows(2).all(|w| w[0] <= w[1])
                        && r.last().is_some_and(|&end| end <= values.len())
                });
                Some(
                    within
                        .ok_or_else(|| {
                            PyValueError::new_err(format!(
                                "{name}: Arrow list offsets out of range"
                            ))
                        })?
                        .to_vec(),
                )
            }
        };
        Ok(ArrowText { values, lists })
    }

    pub(super) fn __len__(&self) -> usize {
        match &self.lists {
            Some(l) => l.len().saturating_sub(1),
            None => self.values.len(),
        }
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

fn one_text<'py>(obj: Bound<'py, PyAny>, name: &str, i: usize) -> PyResult<Bound<'py, PyString>> {
    let obj = match obj.cast_into::<PyString>() {
        Ok(s) => return Ok(s),
        Err(e) => e.into_inner(),
    };
    if obj.is_none() {
        return Err(null_element(&format!("{name}[{i}]"), "str"));
    }
    Err(PyTypeError::new_err(format!(
        "{name}[{i}]: expected str, got {}",
        type_name(&obj)
    )))
}

/// A missing value (`None`, as an Arrow or pandas null): a `ValueError` naming the element,
/// with the message the Arrow path gives.
fn null_element(place: &str, expected: &str) -> PyErr {
    PyValueError::new_err(format!("{place}: is null (expected {expected})"))
}

/// A column of texts or of reference sets, checked and held: its `str` objects stay alive
/// while [`Column::texts_of`] borrows their UTF-8 (which CPython keeps in each object), so a
/// batch is scored without copying its strings.
pub(super) enum Column<'py> {
    Arrow(Bound<'py, ArrowText>),
    /// Strings, and for reference sets where each set ends (`None`: one text per element).
    Strs(Vec<Bound<'py, PyString>>, Option<Vec<usize>>),
}

impl Column<'_> {
    /// The texts of elements `range` (each reference set's one after another), given
    /// `ends` from [`Column::ends`].
    pub(super) fn texts_of(&self, ends: &[usize], range: Range<usize>) -> PyResult<Vec<&str>> {
        let start = range.start.checked_sub(1).map_or(0, |i| ends[i]);
        let end = range.end.checked_sub(1).map_or(0, |i| ends[i]);
        match self {
            Column::Arrow(a) => Ok(a.get().values[start..end]
                .iter()
                .map(String::as_str)
                .collect()),
            Column::Strs(strs, _) => strs[start..end].iter().map(|s| s.to_str()).collect(),
        }
    }

    /// Where each element's texts end, counted in texts (each reference set's one after another).
    pub(super) fn ends(&self) -> Vec<usize> {
        match self {
            Column::Arrow(a) => match &a.get().lists {
                Some(l) => l.iter().skip(1).copied().collect(),
                None => (1..=a.get().values.len()).collect(),
            },
            Column::Strs(strs, None) => (1..=strs.len()).collect(),
            Column::Strs(_, Some(ends)) => ends.clone(),
        }
    }

    /// Owned copies, a list of texts per element.
    pub(super) fn owned_sets(&self) -> PyResult<Vec<Vec<String>>> {
        let mut texts = self.owned_texts()?.into_iter();
        let mut start = 0;
        Ok(self
            .ends()
            .into_iter()
            .map(|end| {
                let set = texts.by_ref().take(end - start).collect();
                start = end;
                set
            })
            .collect())
    }

    /// Owned copies of the texts in order, made without [`Column::texts_of`]'s borrowing: asking
    /// a `str` for its UTF-8 in place makes CPython keep a copy with the string for as long as
    /// it lives, which a caller that copies anyway (`tomtat.score`) should not pay for.
    pub(super) fn owned_texts(&self) -> PyResult<Vec<String>> {
        match self {
            Column::Arrow(a) => Ok(a.get().values.clone()),
            Column::Strs(strs, _) => strs
                .iter()
                .map(|s| {
                    let bytes = s.encode_utf8()?;
                    String::from_utf8(bytes.as_bytes().to_vec())
                        .map_err(|e| PyValueError::new_err(e.to_string()))
                })
                .collect(),
        }
    }
}

/// Checks a column of texts: a list or tuple of `str`, or an [`ArrowText`].
pub(super) fn text_column<'py>(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Column<'py>> {
    if let Ok(arrow) = obj.cast::<ArrowText>() {
        if arrow.get().lists.is_some() {
            return Err(PyTypeError::new_err(format!(
                "{name}: expected strings, got a list column"
            )));
        }
        return Ok(Column::Arrow(arrow.clone()));
    }
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{name}: expected a sequence of str, got one str"
        )));
    }
    let mut strs = Vec::new();
    push_texts(obj, name, &mut strs)?;
    Ok(Column::Strs(strs, None))
}

fn push_texts<'py>(
    obj: &Bound<'py, PyAny>,
    name: &str,
    out: &mut Vec<Bound<'py, PyString>>,
) -> PyResult<()> {
    if let Ok(list) = obj.cast::<PyList>() {
        out.reserve(list.len());
        for (i, x) in list.iter().enumerate() {
            out.push(one_text(x, name, i)?);
        }
        return Ok(());
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        for (i, x) in tuple.iter().enumerate() {
            out.push(one_text(x, name, i)?);
        }
        return Ok(());
    }
    let items = obj.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "{name}: expected a sequence of str, got {}",
            type_name(obj)
        ))
    })?;
    for (i, x) in items.enumerate() {
        out.push(one_text(x?, name, i)?);
    }
    Ok(())
}

/// A column of texts, copied.
pub(super) fn texts(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<String>> {
    text_column(obj, name)?.owned_texts()
}

/// Checks a column of reference sets: each element one `str` or a sequence of `str`; or an
/// [`ArrowText`] of strings (one reference each) or of lists.
pub(super) fn reference_column<'py>(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Column<'py>> {
    if let Ok(arrow) = obj.cast::<ArrowText>() {
        return Ok(Column::Arrow(arrow.clone()));
    }
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{name}: expected a sequence, got one str"
        )));
    }
    let items: Vec<Bound<'py, PyAny>> = match obj.cast::<PyList>() {
        Ok(list) => list.iter().collect(),
        Err(_) => obj
            .try_iter()
            .map_err(|_| {
                PyTypeError::new_err(format!(
                    "{name}: expected a sequence, got {}",
                    type_name(obj)
                ))
            })?
            .collect::<PyResult<_>>()?,
    };
    let mut strs = Vec::with_capacity(items.len());
    let mut ends = Vec::with_capacity(items.len());
    for (i, x) in items.into_iter().enumerate() {
        match x.cast_into::<PyString>() {
            Ok(s) => strs.push(s),
            Err(e) => {
                let x = e.into_inner();
                if x.is_none() {
                    return Err(null_element(
                        &format!("{name}[{i}]"),
                        "str or a list of str",
                    ));
                }
                if x.try_iter().is_err() {
                    return Err(PyTypeError::new_err(format!(
                        "{name}[{i}]: expected str or a sequence of str, got {}",
                        type_name(&x)
                    )));
                }
                push_texts(&x, &format!("{name}[{i}]"), &mut strs)?;
            }
        }
        ends.push(strs.len());
    }
    // One text per element, the usual case, needs no ends.
    let one_each = ends.iter().enumerate().all(|(i, &end)| end == i + 1);
    Ok(Column::Strs(strs, (!one_each).then_some(ends)))
}

/// A column of reference sets, copied.
pub(super) fn reference_sets(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<Vec<String>>> {
    reference_column(obj, name)?.owned_sets()
}
