//! `tokenize` and the `RougeScorer` core: per-pair and batch scoring in rouge-score's shapes.

use super::batch::{Batch, score_in_blocks};
use super::convert::Columns;
use super::convert::{Column, reference_column, reference_sets, text_column, texts};
use super::errors::{
    check_threads, detached, guarded, score_with_language_check, to_py_err, user_warning,
    warn_if_torn, xlsum_warnings,
};
use super::keywords::{ScoringKw, TokenizerKw, parse_profile};
use super::report::means;
use crate::Profile;
use crate::data::{BorrowedPair, Example, Pair};
use crate::metrics::{Doc, Interner, Metric, Scratch};
use crate::options::ScoringOptions;
use crate::run::{RunConfig, detect_profile, score_pair_local};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The tokens of `text`.
#[pyfunction]
#[pyo3(signature = (text, profile, tokenizer))]
pub(super) fn tokenize(
    py: Python<'_>,
    text: &str,
    profile: &str,
    tokenizer: TokenizerKw,
) -> PyResult<Vec<String>> {
    let profile = parse_profile(profile)?.unwrap_or(Profile::ViV1);
    let tok = tokenizer.spec()?.build(profile).map_err(to_py_err)?;
    if text.len() < 1 << 16 {
        return guarded(|| Ok(tok.tokenize(text)));
    }
    detached(py, None, || Ok(tok.tokenize(text)))
}

/// A scorer with fixed options: one pair at a time, a batch in parallel, or pre-tokenized
/// text. With profile "auto", vi-v1 or en-v1 is chosen per pair (`score`) or per batch
/// (`score_batch`, as `tomtat score` does); options that one of them does not use
/// (stemming for vi-v1; tone style, folding, units for en-v1) apply only to the other.
#[pyclass(module = "tomtat._tomtat", frozen)]
pub struct Scorer {
    /// Configurations for vi-v1 and en-v1 (auto), or the one given.
    vi: Option<RunConfig>,
    en: Option<RunConfig>,
    fixed: Option<RunConfig>,
    names: Vec<String>,
    /// The metric names as Python strings, made once (dict keys of every result).
    keys: Vec<Py<PyString>>,
    score_class: Py<PyAny>,
    /// `tuple.__new__`: builds a `score_class` named tuple without running its Python-level
    /// `__new__` (what the named tuple's `_make` does).
    tuple_new: Py<PyAny>,
    /// The allocator of `score_class` when it is a subclass of `tuple`: a result tuple is
    /// then allocated and filled directly, as `tuple.__new__` fills it, without the
    /// intermediate tuple and the call.
    score_alloc: Option<pyo3::ffi::allocfunc>,
}

impl Scorer {
    fn config_for(&self, pairs: &[impl Example]) -> PyResult<&RunConfig> {
        if let Some(c) = &self.fixed {
            return Ok(c);
        }
        let config = match detect_profile(pairs) {
            Profile::ViV1 => &self.vi,
            _ => &self.en,
        };
        config
            .as_ref()
            .ok_or_else(|| PyRuntimeError::new_err("internal error: no configuration"))
    }

    fn result_dict<'py>(
        &self,
        py: Python<'py>,
        scores: &[crate::metrics::Prf],
    ) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        let (class, new) = (self.score_class.bind(py), self.tuple_new.bind(py));
        for (key, s) in self.keys.iter().zip(scores) {
            let values = [s.precision, s.recall, s.fmeasure];
            let score = match self.score_alloc {
                Some(alloc) => filled_tuple(py, class, alloc, values)?,
                None => new.call1((class, PyTuple::new(py, values)?))?,
            };
            dict.set_item(key.bind(py), score)?;
        }
        Ok(dict)
    }

    pub(super) fn pairs(
        candidates: &Bound<'_, PyAny>,
        references: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<Pair>> {
        let candidates = texts(candidates, "predictions")?;
        let references = reference_sets(references, "references")?;
        if candidates.len() != references.len() {
            return Err(PyValueError::new_err(format!(
                "{} predictions but {} references",
                candidates.len(),
                references.len()
            )));
        }
        candidates
            .into_iter()
            .zip(references)
            .enumerate()
            .map(|(i, (candidate, references))| {
                if references.is_empty() {
                    return Err(PyValueError::new_err(format!(
                        "references[{i}]: no reference"
                    )));
                }
                Ok(Pair {
                    id: i.to_string(),
                    candidate,
                    references,
                    lang: None,
                    source: None,
                    scores: Vec::new(),
                })
            })
            .collect()
    }
}

/// The allocator of `class` (its `tp_alloc` slot) when it is a subclass of `tuple`.
fn tuple_allocator(class: &Bound<'_, PyAny>) -> PyResult<Option<pyo3::ffi::allocfunc>> {
    let Ok(class) = class.cast::<pyo3::types::PyType>() else {
        return Ok(None);
    };
    if !class.is_subclass_of::<PyTuple>()? {
        return Ok(None);
    }
    // SAFETY: `class` is a live type object; the slot is an `allocfunc` or null.
    let slot = unsafe { pyo3::ffi::PyType_GetSlot(class.as_type_ptr(), pyo3::ffi::Py_tp_alloc) };
    if slot.is_null() {
        return Ok(None);
    }
    // SAFETY: the `Py_tp_alloc` slot holds an `allocfunc`.
    Ok(Some(unsafe {
        std::mem::transmute::<*mut std::ffi::c_void, pyo3::ffi::allocfunc>(slot)
    }))
}

/// A new instance of the tuple subclass `class` holding `values` as floats: what
/// `tuple.__new__(class, values)` makes.
fn filled_tuple<'py>(
    py: Python<'py>,
    class: &Bound<'py, PyAny>,
    alloc: pyo3::ffi::allocfunc,
    values: [f64; 3],
) -> PyResult<Bound<'py, PyAny>> {
    use pyo3::ffi;
    // SAFETY: `alloc` is the `tp_alloc` of `class`, a subclass of `tuple` (checked when the
    // scorer was made); the new tuple is owned here (reference count 1) until returned, so
    // `PyTuple_SetItem` may fill it, and it takes each new float's reference.
    unsafe {
        let tuple = alloc(class.as_ptr().cast::<ffi::PyTypeObject>(), 3);
        let tuple = Bound::from_owned_ptr_or_err(py, tuple)?;
        for (i, v) in values.into_iter().enumerate() {
            let item = ffi::PyFloat_FromDouble(v);
            if item.is_null()
                || ffi::PyTuple_SetItem(tuple.as_ptr(), i as ffi::Py_ssize_t, item) != 0
            {
                return Err(PyErr::fetch(py));
            }
        }
        Ok(tuple)
    }
}

fn build_config(options: &ScoringOptions, profile: Profile, lenient: bool) -> PyResult<RunConfig> {
    let mut options = options.clone();
    if lenient {
        let t = &mut options.tokenizer;
        match profile {
            Profile::ViV1 => t.stem = false,
            _ => {
                t.tone_style = None;
                t.fold_diacritics = false;
                t.units = None;
            }
        }
    }
    let score = options.score_options().map_err(to_py_err)?;
    options.run_config(profile, &score).map_err(to_py_err)
}

#[pymethods]
impl Scorer {
    #[new]
    fn new(py: Python<'_>, options: ScoringKw, score_class: Py<PyAny>) -> PyResult<Scorer> {
        let opts = options.options()?;
        if opts.profile == Some(Profile::XlSum) {
            let spec = &opts.tokenizer;
            xlsum_warnings(py, spec.stem, spec.xlsum_lang.as_deref(), &[] as &[Pair])?;
        }
        let (vi, en, fixed) = match opts.profile {
            Some(p) => (None, None, Some(build_config(&opts, p, false)?)),
            None => (
                Some(build_config(&opts, Profile::ViV1, true)?),
                Some(build_config(&opts, Profile::EnV1, true)?),
                None,
            ),
        };
        let metrics = opts.score_options().map_err(to_py_err)?.metrics;
        // A RougeScorer scores a candidate against references, and nothing else: these need
        // the row's language, its source text or a score from outside, which a pair does not
        // carry (a UDF gave 0.0 for every row).
        if let Some(m) = metrics.iter().find(|m| {
            matches!(
                m,
                Metric::LangMatch | Metric::CopySource | Metric::Supplied { .. }
            )
        }) {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "{m} is not scored from a candidate and its references (it needs the row's \
                 language, source text or a supplied score): use tomtat.score with \
                 target_lang=, sources= or extra_scores="
            )));
        }
        let names = metrics.iter().map(|m| m.to_string()).collect::<Vec<_>>();
        let keys = names
            .iter()
            .map(|n| PyString::intern(py, n).unbind())
            .collect();
        let tuple_new = py.get_type::<PyTuple>().getattr("__new__")?.unbind();
        let score_alloc = tuple_allocator(score_class.bind(py))?;
        Ok(Scorer {
            vi,
            en,
            fixed,
            names,
            keys,
            score_class,
            tuple_new,
            score_alloc,
        })
    }

    /// Metric names, in output order.
    #[getter]
    fn metrics(&self) -> Vec<String> {
        self.names.clone()
    }

    /// The signature of a fixed scorer's options (`nrefs:var`, no bootstrap), or None with
    /// profile "auto", whose profile is chosen per call.
    #[getter]
    fn signature(&self) -> Option<String> {
        self.fixed
            .as_ref()
            .map(|c| crate::report::Signature::new(c, None, None).to_string())
    }

    /// The profile of a fixed scorer, or "auto".
    #[getter]
    fn profile(&self) -> String {
        self.fixed
            .as_ref()
            .map_or("auto".into(), |c| c.tokenizer.profile().to_string())
    }

    /// `{metric: Score}` of one prediction against its references (best F per metric).
    fn score<'py>(
        &self,
        py: Python<'py>,
        references: Vec<String>,
        prediction: String,
    ) -> PyResult<Bound<'py, PyDict>> {
        if references.is_empty() {
            return Err(PyValueError::new_err("references: no reference"));
        }
        let pair = Pair {
            id: String::new(),
            candidate: prediction,
            references,
            lang: None,
            source: None,
            scores: Vec::new(),
        };
        let config = self.config_for(std::slice::from_ref(&pair))?;
        let scores = guarded(|| Ok(score_pair_local(&pair, config).scores))?;
        self.result_dict(py, &scores)
    }

    /// `[{metric: Score}]` for a whole batch, scored in parallel without the GIL.
    #[pyo3(signature = (predictions, references, threads=None))]
    fn score_batch<'py>(
        &self,
        py: Python<'py>,
        predictions: &Bound<'py, PyAny>,
        references: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let threads = check_threads(threads)?;
        let (candidates, references) = columns(predictions, references)?;
        let mut dicts: BTreeMap<usize, Vec<Py<PyDict>>> = BTreeMap::new();
        let scoring = guarded(|| {
            score_in_blocks(
                py,
                threads,
                &candidates,
                &references,
                self.fixed.as_ref(),
                |sample| self.config_for(sample),
                |first, rows| {
                    let block = rows
                        .iter()
                        .map(|scores| self.result_dict(py, scores).map(Bound::unbind))
                        .collect::<PyResult<_>>()?;
                    dicts.insert(first, block);
                    Ok(())
                },
            )
        })?;
        warn_if_torn(py, scoring.config.tokenizer.profile(), &scoring.pairs)?;
        if let Some(w) = scoring.language {
            user_warning(py, &w)?;
        }
        PyList::new(py, dicts.into_values().flatten())
    }

    /// Per metric, the lists of precision, recall and F over a batch (input order).
    #[pyo3(signature = (predictions, references, threads=None))]
    fn score_columns<'py>(
        &self,
        py: Python<'py>,
        predictions: &Bound<'py, PyAny>,
        references: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Vec<Columns>> {
        let rows = self.columns_rows(py, predictions, references, threads)?;
        Ok(self
            .names
            .iter()
            .enumerate()
            .map(|(m, name)| {
                (
                    name.clone(),
                    rows.iter().map(|r| r[m].precision).collect(),
                    rows.iter().map(|r| r[m].recall).collect(),
                    rows.iter().map(|r| r[m].fmeasure).collect(),
                )
            })
            .collect())
    }

    /// Per metric, the mean precision, recall and F over a batch (the report's plain mean).
    #[pyo3(signature = (predictions, references, threads=None))]
    fn mean_batch(
        &self,
        py: Python<'_>,
        predictions: &Bound<'_, PyAny>,
        references: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Vec<(String, f64, f64, f64)>> {
        let rows = self.columns_rows(py, predictions, references, threads)?;
        let flat: Vec<f64> = rows
            .iter()
            .flatten()
            .flat_map(|s| [s.precision, s.recall, s.fmeasure])
            .collect();
        means(&self.names, &flat)
    }

    /// `{metric: Score}` of pre-tokenized text: each text a list of sentences, each a list
    /// of tokens (for a tokenizer supplied from Python).
    fn score_tokens<'py>(
        &self,
        py: Python<'py>,
        references: Vec<Vec<Vec<String>>>,
        prediction: Vec<Vec<String>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        if references.is_empty() {
            return Err(PyValueError::new_err("references: no reference"));
        }
        let config = self
            .fixed
            .as_ref()
            .or(self.en.as_ref())
            .ok_or_else(|| PyRuntimeError::new_err("internal error: no configuration"))?;
        let scores = guarded(|| {
            let mut interner = Interner::default();
            let mut doc = |sentences: &[Vec<String>]| {
                let ids: Vec<Vec<u32>> = sentences
                    .iter()
                    .map(|s| s.iter().map(|t| interner.id(t)).collect())
                    .collect();
                let slices: Vec<&[u32]> = ids.iter().map(|s| s.as_slice()).collect();
                Doc::from_sentences(&slices)
            };
            let cand = doc(&prediction);
            let refs: Vec<Doc> = references.iter().map(|r| doc(r)).collect();
            let mut scratch = Scratch::default();
            Ok(crate::metrics::score(
                &cand,
                &refs,
                &config.score,
                &mut scratch,
            ))
        })?;
        self.result_dict(py, &scores)
    }
}

impl Scorer {
    fn columns_rows(
        &self,
        py: Python<'_>,
        predictions: &Bound<'_, PyAny>,
        references: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Vec<Vec<crate::metrics::Prf>>> {
        let threads = check_threads(threads)?;
        let (candidates, references) = columns(predictions, references)?;
        let pairs = guarded(|| borrowed_pairs(&candidates, &references))?;
        let config = self.config_for(&pairs)?;
        warn_if_torn(py, config.tokenizer.profile(), &pairs)?;
        score_with_language_check(py, threads, &pairs, |stop| {
            let mut rows = Vec::with_capacity(pairs.len());
            for range in crate::run::work_chunks(&pairs) {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    return Err(crate::run::interrupted());
                }
                rows.par_extend(
                    pairs[range]
                        .par_iter()
                        .map(|pair| score_pair_local(pair, config).scores),
                );
            }
            Ok(rows)
        })
    }
}

/// The columns of a batch, checked.
fn columns<'py>(
    predictions: &Bound<'py, PyAny>,
    references: &Bound<'py, PyAny>,
) -> PyResult<(Column<'py>, Column<'py>)> {
    guarded(|| {
        Ok((
            text_column(predictions, "predictions")?,
            reference_column(references, "references")?,
        ))
    })
}

/// The pairs of a batch, borrowing the columns' texts.
fn borrowed_pairs<'a, 'py: 'a>(
    candidates: &'a Column<'py>,
    references: &'a Column<'py>,
) -> PyResult<Vec<BorrowedPair<'a>>> {
    let batch = Batch::new(candidates, references)?;
    batch.read(0..batch.len())
}
