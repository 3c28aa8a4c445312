//! The pairs of a `tomtat.score` call held as the caller's own objects: the `str`s (or the
//! Arrow column) are kept, not copied, and the run reads a chunk of them at a time
//! ([`PairSource`]), so that scoring never holds a copy of every text. The run file's texts
//! are read from the same immutable objects, so they are the texts that were scored.

use super::convert::{ArrowText, Column};
use crate::data::Pair;
use crate::error::Error;
use crate::report::ExampleTexts;
use crate::run::{PairSource, WorkBound};
use pyo3::prelude::*;
use pyo3::types::PyString;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// A checked [`Column`] kept past the call that checked it.
enum HeldColumn {
    Arrow(Py<ArrowText>),
    /// Strings, and where each element's texts end (`None`: one text per element).
    Strs(Vec<Py<PyString>>, Option<Vec<usize>>),
}

impl HeldColumn {
    fn new(column: Column<'_>) -> HeldColumn {
        match column {
            Column::Arrow(a) => HeldColumn::Arrow(a.unbind()),
            Column::Strs(strs, ends) => {
                HeldColumn::Strs(strs.into_iter().map(Bound::unbind).collect(), ends)
            }
        }
    }

    /// Element `i`'s texts, as positions among all the column's texts.
    fn span(&self, i: usize) -> Range<usize> {
        let ends = match self {
            HeldColumn::Arrow(a) => match &a.get().lists {
                Some(lists) => return lists[i]..lists[i + 1],
                None => return i..i + 1,
            },
            HeldColumn::Strs(_, None) => return i..i + 1,
            HeldColumn::Strs(_, Some(ends)) => ends,
        };
        i.checked_sub(1).map_or(0, |j| ends[j])..ends[i]
    }

    fn len(&self) -> usize {
        match self {
            HeldColumn::Arrow(a) => a.get().__len__(),
            HeldColumn::Strs(strs, None) => strs.len(),
            HeldColumn::Strs(_, Some(ends)) => ends.len(),
        }
    }

    /// A measure of text `t`'s size for chunking: its bytes, or a `str`'s characters.
    fn size(&self, py: Python<'_>, t: usize) -> usize {
        match self {
            HeldColumn::Arrow(a) => a.get().values[t].len(),
            HeldColumn::Strs(strs, _) => strs[t].bind(py).len().unwrap_or(0),
        }
    }

    /// A copy of text `t`. The `str` is encoded rather than read in place: reading a `str`'s
    /// UTF-8 in place makes CPython keep a copy of it with the string for as long as it lives.
    fn text(&self, py: Python<'_>, t: usize, name: &str, i: usize) -> Result<String, Error> {
        match self {
            HeldColumn::Arrow(a) => Ok(a.get().values[t].clone()),
            HeldColumn::Strs(strs, _) => strs[t]
                .bind(py)
                .encode_utf8()
                .map_err(|e| e.to_string())
                .and_then(|b| String::from_utf8(b.as_bytes().to_vec()).map_err(|e| e.to_string()))
                .map_err(|message| Error::Input {
                    origin: format!("{name}[{i}]"),
                    line: None,
                    message,
                }),
        }
    }

    fn texts(&self, py: Python<'_>, i: usize, name: &str) -> Result<Vec<String>, Error> {
        self.span(i).map(|t| self.text(py, t, name, i)).collect()
    }
}

/// Everything a `tomtat.score` call scores, held as given.
pub(super) struct HeldPairs {
    candidates: HeldColumn,
    references: HeldColumn,
    sources: Option<HeldColumn>,
    /// `None`: the positions.
    ids: Option<Vec<String>>,
    /// One column of supplied scores per `extra_scores` name.
    scores: Vec<Vec<f64>>,
    /// Whether to look for text not in NFC (the xlsum profile's warning), and whether some was.
    nfc_check: bool,
    unnormalized: AtomicBool,
}

impl HeldPairs {
    /// The pairs of checked columns of equal length, every element of `references` with at
    /// least one text.
    pub(super) fn new(
        candidates: Column<'_>,
        references: Column<'_>,
        sources: Option<Column<'_>>,
        ids: Option<Vec<String>>,
    ) -> HeldPairs {
        HeldPairs {
            candidates: HeldColumn::new(candidates),
            references: HeldColumn::new(references),
            sources: sources.map(HeldColumn::new),
            ids,
            scores: Vec::new(),
            nfc_check: false,
            unnormalized: AtomicBool::new(false),
        }
    }

    /// Gives the pairs supplied scores: one checked column of `len()` values per name.
    pub(super) fn set_scores(&mut self, scores: Vec<Vec<f64>>) {
        self.scores = scores;
    }

    /// Makes reading look for text that is not in NFC ([`HeldPairs::unnormalized`]).
    pub(super) fn check_nfc(&mut self) {
        self.nfc_check = true;
    }

    /// Whether a text read so far was not in NFC (with [`HeldPairs::check_nfc`]).
    pub(super) fn unnormalized(&self) -> bool {
        self.unnormalized.load(Ordering::Relaxed)
    }

    fn pair(&self, py: Python<'_>, i: usize) -> Result<Pair, Error> {
        let pair = Pair {
            id: self
                .ids
                .as_ref()
                .map_or_else(|| i.to_string(), |ids| ids[i].clone()),
            candidate: self.candidates.text(py, i, "predictions", i)?,
            references: self.references.texts(py, i, "references")?,
            lang: None,
            source: match &self.sources {
                Some(s) => Some(s.text(py, i, "sources", i)?),
                None => None,
            },
            scores: self.scores.iter().map(|c| c[i]).collect(),
        };
        if self.nfc_check && !self.unnormalized() {
            let texts = std::iter::once(&pair.candidate).chain(&pair.references);
            if texts
                .map(String::as_str)
                .any(crate::text::xlsum::is_unnormalized)
            {
                self.unnormalized.store(true, Ordering::Relaxed);
            }
        }
        Ok(pair)
    }

    /// Drops what only the scoring needed (ids, sources, supplied scores: the run keeps its
    /// own record of them), keeping the texts for the run file.
    pub(super) fn keep_texts_only(&mut self) {
        self.ids = None;
        self.sources = None;
        self.scores = Vec::new();
    }

    /// Copies of the pairs at `positions`, in that order.
    pub(super) fn pairs_at(&self, py: Python<'_>, positions: &[usize]) -> PyResult<Vec<Pair>> {
        positions
            .iter()
            .map(|&i| self.pair(py, i))
            .collect::<Result<_, _>>()
            .map_err(super::errors::to_py_err)
    }

    /// The texts of example `i`, for its run file entry.
    pub(super) fn example_texts(&self, py: Python<'_>, i: usize) -> PyResult<ExampleTexts> {
        let read = || -> Result<ExampleTexts, Error> {
            Ok(ExampleTexts {
                candidate: self.candidates.text(py, i, "predictions", i)?,
                references: self.references.texts(py, i, "references")?,
            })
        };
        read().map_err(super::errors::to_py_err)
    }

    fn size(&self, py: Python<'_>, i: usize) -> usize {
        let texts = |c: &HeldColumn| c.span(i).map(|t| c.size(py, t)).sum::<usize>();
        texts(&self.candidates) + texts(&self.references) + self.sources.as_ref().map_or(0, texts)
    }
}

impl PairSource for HeldPairs {
    fn len(&self) -> usize {
        self.candidates.len()
    }

    fn read(&self, range: Range<usize>) -> Result<Cow<'_, [Pair]>, Error> {
        Python::attach(|py| {
            range
                .map(|i| self.pair(py, i))
                .collect::<Result<Vec<_>, _>>()
        })
        .map(Cow::Owned)
    }

    fn chunk(&self, start: usize) -> Result<Cow<'_, [Pair]>, Error> {
        Python::attach(|py| {
            let mut bound = WorkBound::default();
            let mut out = Vec::new();
            for i in start..self.len() {
                if !bound.admits(self.size(py, i)) {
                    break;
                }
                out.push(self.pair(py, i)?);
            }
            Ok(Cow::Owned(out))
        })
    }
}
