//! The Python skin (`tomtat._tomtat`, built with `--features python`): converts Python values
//! to the library's types and back, releases the GIL around real work, and turns library
//! errors into `ValueError`/`OSError` (and a panic into `RuntimeError`) with the CLI's
//! messages. Every number comes from the library; nothing is computed here.

use crate::Profile;
use crate::data::Pair;
use crate::error::Error;
use crate::metrics::{Doc, Interner, Scratch};
use crate::options::{ScoringOptions, TokenizerSpec, parse_refs, parse_tone_style, parse_units};
use crate::report::{
    self, Bootstrap, CompareSettings, Format, RunFile, compare_runs, merge_runs, write_atomic,
};
use crate::run::{
    MAX_THREADS, RunConfig, ScoredRun, detect_profile, score_in_memory, score_pair_local,
};
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use rayon::prelude::*;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;

/// One metric's name and its precision, recall and F per example.
type Columns = (String, Vec<f64>, Vec<f64>, Vec<f64>);

fn to_py_err(e: Error) -> PyErr {
    match e {
        Error::Io { .. } => PyOSError::new_err(e.to_string()),
        _ => PyValueError::new_err(e.to_string()),
    }
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Runs `f` without the GIL on a pool of `threads` workers (`None`: every core); a panic
/// becomes `RuntimeError` instead of crossing into Python.
fn detached<T: Send>(
    py: Python<'_>,
    threads: Option<usize>,
    f: impl FnOnce() -> Result<T, Error> + Send,
) -> PyResult<T> {
    let outcome = py.detach(|| {
        std::panic::catch_unwind(AssertUnwindSafe(|| match threads {
            None => f(),
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| Error::Options(format!("cannot start worker threads: {e}")))?
                .install(f),
        }))
    });
    match outcome {
        Ok(result) => result.map_err(to_py_err),
        Err(p) => Err(PyRuntimeError::new_err(format!(
            "internal error in tomtat: {}",
            panic_message(p)
        ))),
    }
}

/// Like [`detached`] for work that holds the GIL (converting Python objects).
fn guarded<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    std::panic::catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| {
        Err(PyRuntimeError::new_err(format!(
            "internal error in tomtat: {}",
            panic_message(p)
        )))
    })
}

/// The CLI's warning when the rouge-score profile is given Vietnamese text, as a Python
/// `UserWarning`.
fn warn_if_torn(py: Python<'_>, profile: Profile, pairs: &[Pair]) -> PyResult<()> {
    if profile == Profile::RougeScore && detect_profile(pairs) == Profile::ViV1 {
        PyErr::warn(
            py,
            &py.get_type::<pyo3::exceptions::PyUserWarning>(),
            c"the rouge-score profile keeps only a-z and 0-9, so Vietnamese letters are dropped; use profile='vi-v1'",
            2,
        )?;
    }
    Ok(())
}

fn check_threads(threads: Option<usize>) -> PyResult<Option<usize>> {
    match threads {
        Some(0) | None => Ok(None),
        Some(n) if n > MAX_THREADS => Err(PyValueError::new_err(format!(
            "threads must be between 1 and {MAX_THREADS}, got {n}"
        ))),
        some => Ok(some),
    }
}

/// Strings from an Arrow string column (or a list-of-strings column), read from its
/// buffers by the Python side without a Python call per element.
#[pyclass(module = "tomtat._tomtat", frozen)]
pub struct ArrowText {
    values: Vec<String>,
    /// For a list column: element `i` is `values[lists[i]..lists[i + 1]]`.
    lists: Option<Vec<usize>>,
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

    fn __len__(&self) -> usize {
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

fn one_text(obj: &Bound<'_, PyAny>, name: &str, i: usize) -> PyResult<String> {
    match obj.cast::<PyString>() {
        Ok(s) => Ok(s.to_cow()?.into_owned()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{name}[{i}]: expected str, got {}",
            type_name(obj)
        ))),
    }
}

/// A column of texts: a list or tuple of `str`, or an [`ArrowText`].
fn texts(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<String>> {
    if let Ok(arrow) = obj.cast::<ArrowText>() {
        let arrow = arrow.get();
        if arrow.lists.is_some() {
            return Err(PyTypeError::new_err(format!(
                "{name}: expected strings, got a list column"
            )));
        }
        return Ok(arrow.values.clone());
    }
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{name}: expected a sequence of str, got one str"
        )));
    }
    if let Ok(list) = obj.cast::<PyList>() {
        return list
            .iter()
            .enumerate()
            .map(|(i, x)| one_text(&x, name, i))
            .collect();
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return tuple
            .iter()
            .enumerate()
            .map(|(i, x)| one_text(&x, name, i))
            .collect();
    }
    obj.try_iter()
        .map_err(|_| {
            PyTypeError::new_err(format!(
                "{name}: expected a sequence of str, got {}",
                type_name(obj)
            ))
        })?
        .enumerate()
        .map(|(i, x)| one_text(&x?, name, i))
        .collect()
}

/// A column of reference sets: each element one `str` or a sequence of `str`; or an
/// [`ArrowText`] of strings (one reference each) or of lists.
fn reference_sets(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<Vec<String>>> {
    if let Ok(arrow) = obj.cast::<ArrowText>() {
        let arrow = arrow.get();
        return Ok(match &arrow.lists {
            None => arrow.values.iter().map(|v| vec![v.clone()]).collect(),
            Some(l) => l
                .windows(2)
                .map(|w| arrow.values[w[0]..w[1]].to_vec())
                .collect(),
        });
    }
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{name}: expected a sequence, got one str"
        )));
    }
    let items: Vec<Bound<'_, PyAny>> = match obj.cast::<PyList>() {
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
    items
        .iter()
        .enumerate()
        .map(|(i, x)| {
            if let Ok(s) = x.cast::<PyString>() {
                return Ok(vec![s.to_cow()?.into_owned()]);
            }
            texts(x, &format!("{name}[{i}]")).map_err(|_| {
                PyTypeError::new_err(format!(
                    "{name}[{i}]: expected str or a sequence of str, got {}",
                    type_name(x)
                ))
            })
        })
        .collect()
}

fn parse_profile(profile: &str) -> PyResult<Option<Profile>> {
    if profile == "auto" {
        return Ok(None);
    }
    profile.parse().map(Some).map_err(to_py_err)
}

/// The tokenizer keywords shared by every entry point.
#[derive(Clone, FromPyObject)]
#[pyo3(from_item_all)]
struct TokenizerKw {
    tone_style: Option<String>,
    fold_diacritics: bool,
    units: Option<String>,
    stem: bool,
    stemmer: String,
    stopwords: Option<PathBuf>,
    aliases: Option<PathBuf>,
}

impl TokenizerKw {
    fn spec(&self) -> PyResult<TokenizerSpec> {
        Ok(TokenizerSpec {
            tone_style: self
                .tone_style
                .as_deref()
                .map(parse_tone_style)
                .transpose()
                .map_err(to_py_err)?,
            fold_diacritics: self.fold_diacritics,
            units: self
                .units
                .as_deref()
                .map(parse_units)
                .transpose()
                .map_err(to_py_err)?,
            stem: self.stem || self.stemmer == "rouge155",
            stemmer: match self.stemmer.as_str() {
                "porter" => crate::text::Stemmer::Porter,
                "rouge155" => crate::text::Stemmer::Rouge155,
                other => {
                    return Err(PyValueError::new_err(format!(
                        "stemmer must be 'porter' or 'rouge155', got '{other}'"
                    )));
                }
            },
            stopwords: self.stopwords.clone(),
            aliases: self.aliases.clone(),
            perl_stopwords: false,
        })
    }
}

/// Every scoring keyword, as a dict built by the Python side.
#[derive(Clone, FromPyObject)]
#[pyo3(from_item_all)]
struct ScoringKw {
    profile: String,
    metrics: Vec<String>,
    refs: String,
    alpha: f64,
    perl_compat: bool,
    limit_words: Option<usize>,
    limit_bytes: Option<usize>,
    split_sentences: bool,
    bootstrap: usize,
    confidence: f64,
    seed: u64,
    tokenizer: TokenizerKw,
}

impl ScoringKw {
    fn options(&self) -> PyResult<ScoringOptions> {
        Ok(ScoringOptions {
            profile: parse_profile(&self.profile)?,
            tokenizer: self.tokenizer.spec()?,
            split_sentences: self.split_sentences,
            metrics: self.metrics.join(","),
            refs: parse_refs(&self.refs).map_err(to_py_err)?,
            alpha: self.alpha,
            perl_compat: self.perl_compat,
            limit: match (self.limit_words, self.limit_bytes) {
                (Some(n), _) => Some(crate::text::limit::Limit::Words(n)),
                (None, Some(n)) => Some(crate::text::limit::Limit::Bytes(n)),
                (None, None) => None,
            },
            bootstrap: Bootstrap {
                resamples: self.bootstrap,
                confidence: self.confidence,
                seed: self.seed,
            },
        })
    }
}

/// The tokens of `text`.
#[pyfunction]
#[pyo3(signature = (text, profile, tokenizer))]
fn tokenize(
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
}

impl Scorer {
    fn config_for(&self, pairs: &[Pair]) -> PyResult<&RunConfig> {
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
            let values = PyTuple::new(py, [s.precision, s.recall, s.fmeasure])?;
            dict.set_item(key.bind(py), new.call1((class, values))?)?;
        }
        Ok(dict)
    }

    fn pairs(candidates: &Bound<'_, PyAny>, references: &Bound<'_, PyAny>) -> PyResult<Vec<Pair>> {
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
                })
            })
            .collect()
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
        let (vi, en, fixed) = match opts.profile {
            Some(p) => (None, None, Some(build_config(&opts, p, false)?)),
            None => (
                Some(build_config(&opts, Profile::ViV1, true)?),
                Some(build_config(&opts, Profile::EnV1, true)?),
                None,
            ),
        };
        let names = opts
            .score_options()
            .map_err(to_py_err)?
            .metrics
            .iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>();
        let keys = names
            .iter()
            .map(|n| PyString::intern(py, n).unbind())
            .collect();
        let tuple_new = py.get_type::<PyTuple>().getattr("__new__")?.unbind();
        Ok(Scorer {
            vi,
            en,
            fixed,
            names,
            keys,
            score_class,
            tuple_new,
        })
    }

    /// Metric names, in output order.
    #[getter]
    fn metrics(&self) -> Vec<String> {
        self.names.clone()
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
        let rows = self.columns_rows(py, predictions, references, threads)?;
        let list = PyList::empty(py);
        for scores in rows {
            list.append(self.result_dict(py, &scores)?)?;
        }
        Ok(list)
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
        let pairs = guarded(|| Scorer::pairs(predictions, references))?;
        let config = self.config_for(&pairs)?;
        warn_if_torn(py, config.tokenizer.profile(), &pairs)?;
        detached(py, threads, || {
            Ok(pairs
                .par_iter()
                .map(|pair| score_pair_local(pair, config).scores)
                .collect())
        })
    }
}

/// Per metric, the plain mean of precision, recall and F over `rows` (per example, the
/// three values of each metric in order), computed as every report computes it.
fn means(names: &[String], rows: &[f64]) -> PyResult<Vec<(String, f64, f64, f64)>> {
    let metrics: Vec<crate::metrics::Metric> = names
        .iter()
        .map(|n| n.parse())
        .collect::<Result<_, _>>()
        .map_err(to_py_err)?;
    if !rows.len().is_multiple_of((3 * metrics.len()).max(1)) {
        return Err(PyValueError::new_err("rows do not match the metrics"));
    }
    Ok(report::means(&metrics, rows)
        .into_iter()
        .map(|(name, [p, r, f])| (name, p, r, f))
        .collect())
}

/// [`means`] for rows scored elsewhere (a Python tokenizer's).
#[pyfunction]
fn aggregate(names: Vec<String>, rows: Vec<f64>) -> PyResult<Vec<(String, f64, f64, f64)>> {
    means(&names, &rows)
}

/// A scored run: the CLI's report for these examples and options, and what a run file needs.
#[pyclass(module = "tomtat._tomtat", frozen)]
pub struct Report {
    run: ScoredRun,
}

fn format_of(name: &str) -> PyResult<Format> {
    Ok(match name {
        "json" => Format::Json,
        "table" => Format::Table,
        "csv" => Format::Csv,
        "md" | "markdown" => Format::Markdown,
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown format '{other}' (expected json, table, csv or md)"
            )));
        }
    })
}

#[pymethods]
impl Report {
    /// The report in `format` (json, table, csv, md): byte for byte what `tomtat score
    /// --format FORMAT` prints for the same examples and options.
    #[pyo3(signature = (format="json"))]
    fn render(&self, format: &str) -> PyResult<String> {
        Ok(report::exporter(format_of(format)?).render(&self.run.report))
    }

    /// The run file (what `tomtat score --save` writes), as JSON text.
    fn run_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.run.run_file())
            .map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    /// Writes the run file to `path` atomically.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let json = self.run_json()?;
        detached(py, Some(1), || write_atomic(&path, json.as_bytes()))
    }

    /// The run as a [`Run`] (for `compare` and `merge` without a file).
    fn to_run(&self) -> Run {
        Run {
            file: self.run.run_file(),
            name: "<memory>".into(),
        }
    }

    /// The profile used, and whether it was detected from the text.
    #[getter]
    fn profile(&self) -> (String, bool) {
        (self.run.profile.to_string(), self.run.detected)
    }

    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.run.report.warnings.clone()
    }

    /// Per metric, per-example precision, recall and F in input order, with the ids.
    fn per_example(&self) -> (Vec<String>, Vec<Columns>) {
        let ids = self.run.examples.iter().map(|e| e.id.clone()).collect();
        let cols = self
            .run
            .metrics
            .iter()
            .enumerate()
            .map(|(m, name)| {
                let col = |k: usize| self.run.examples.iter().map(|e| e.prf[m][k]).collect();
                (name.to_string(), col(0), col(1), col(2))
            })
            .collect();
        (ids, cols)
    }
}

/// The pairs of `predictions` and `references`, with `ids` (default: positions) and `langs`.
fn keyed_pairs(
    predictions: &Bound<'_, PyAny>,
    references: &Bound<'_, PyAny>,
    ids: Option<&Bound<'_, PyAny>>,
    langs: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<Pair>> {
    let mut pairs = guarded(|| Scorer::pairs(predictions, references))?;
    let column = |obj: Option<&Bound<'_, PyAny>>, name: &str| -> PyResult<Option<Vec<String>>> {
        let Some(obj) = obj else { return Ok(None) };
        let values = texts(obj, name)?;
        if values.len() != pairs.len() {
            return Err(PyValueError::new_err(format!(
                "{} {name} but {} predictions",
                values.len(),
                pairs.len()
            )));
        }
        Ok(Some(values))
    };
    let (ids, langs) = (column(ids, "ids")?, column(langs, "langs")?);
    if let Some(ids) = ids {
        for (i, (pair, id)) in pairs.iter_mut().zip(ids).enumerate() {
            if id.trim().is_empty() {
                return Err(PyValueError::new_err(format!(
                    "ids[{i}]: field 'id' is empty"
                )));
            }
            pair.id = id;
        }
    }
    if let Some(langs) = langs {
        for (pair, lang) in pairs.iter_mut().zip(langs) {
            pair.lang = Some(lang);
        }
    }
    if pairs.is_empty() {
        return Err(PyValueError::new_err("nothing to score: no predictions"));
    }
    Ok(pairs)
}

/// Scores `predictions` against `references` into a [`Report`].
#[pyfunction]
#[pyo3(signature = (predictions, references, ids, options, threads=None))]
fn score(
    py: Python<'_>,
    predictions: &Bound<'_, PyAny>,
    references: &Bound<'_, PyAny>,
    ids: Option<&Bound<'_, PyAny>>,
    options: ScoringKw,
    threads: Option<usize>,
) -> PyResult<Report> {
    let threads = check_threads(threads)?;
    let opts = options.options()?;
    let pairs = keyed_pairs(predictions, references, ids, None)?;
    if let Some(profile) = opts.profile {
        warn_if_torn(py, profile, &pairs)?;
    }
    let run = detached(py, threads, || {
        score_in_memory(&pairs, &opts, "input", true)
    })?;
    Ok(Report { run })
}

/// A saved run (`tomtat score --save`, or [`Report::to_run`]).
#[pyclass(module = "tomtat._tomtat", frozen)]
pub struct Run {
    file: RunFile,
    name: String,
}

#[pymethods]
impl Run {
    #[getter]
    fn name(&self) -> String {
        self.name.clone()
    }

    #[getter]
    fn signature(&self) -> String {
        self.file.signature.clone()
    }

    #[getter]
    fn metrics(&self) -> Vec<String> {
        self.file.metrics.clone()
    }

    fn __len__(&self) -> usize {
        self.file.examples.len()
    }

    /// The run's report block as JSON text.
    fn report_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.file.report).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    /// The whole run file as JSON text.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.file).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let json = self.to_json()?;
        detached(py, Some(1), || write_atomic(&path, json.as_bytes()))
    }
}

/// Reads and checks a run file.
#[pyfunction]
fn load_run(py: Python<'_>, path: PathBuf) -> PyResult<Run> {
    let file = detached(py, Some(1), || RunFile::read(&path))?;
    Ok(Run {
        file,
        name: path.display().to_string(),
    })
}

/// Settings of `compare`, as a dict built by the Python side.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
struct CompareKw {
    metrics: Vec<String>,
    alpha: f64,
    tolerance: f64,
    trials: usize,
    resamples: usize,
    seed: u64,
    allow_subset: bool,
    fail_on_change: bool,
}

/// Compares two runs; returns the comparison in every format and whether the gate fails.
#[pyfunction]
#[pyo3(signature = (base, new, settings, threads=None))]
fn compare(
    py: Python<'_>,
    base: &Run,
    new: &Run,
    settings: CompareKw,
    threads: Option<usize>,
) -> PyResult<(String, String, String, String, bool)> {
    let threads = check_threads(threads)?;
    let settings = CompareSettings {
        metrics: settings.metrics,
        alpha: settings.alpha,
        tolerance: settings.tolerance,
        trials: settings.trials,
        resamples: settings.resamples,
        seed: settings.seed,
        allow_subset: settings.allow_subset,
        fail_on_change: settings.fail_on_change,
    };
    detached(py, threads, || {
        let c = compare_runs(&base.file, &new.file, &base.name, &new.name, &settings)?;
        Ok((
            report::render_json(&c),
            report::render_table(&c),
            report::render_markdown(&c),
            report::render_junit(&c),
            c.failed(),
        ))
    })
}

/// Merges runs of disjoint shards into one.
#[pyfunction]
fn merge(py: Python<'_>, runs: Vec<PyRef<'_, Run>>) -> PyResult<Run> {
    let files: Vec<RunFile> = runs.iter().map(|r| r.file.clone()).collect();
    let names: Vec<String> = runs.iter().map(|r| r.name.clone()).collect();
    let file = detached(py, None, || merge_runs(&files, &names))?;
    Ok(Run {
        file,
        name: "<merged>".into(),
    })
}

/// Scores one partition of a distributed run: ids, per metric the per-example precision,
/// recall and F, and the partition's state bytes ([`report::RunState`]). The profile must be
/// explicit, so that every partition scores alike.
#[pyfunction]
#[pyo3(signature = (ids, predictions, references, langs, options, threads=None))]
fn score_partition<'py>(
    py: Python<'py>,
    ids: &Bound<'py, PyAny>,
    predictions: &Bound<'py, PyAny>,
    references: &Bound<'py, PyAny>,
    langs: Option<&Bound<'py, PyAny>>,
    options: ScoringKw,
    threads: Option<usize>,
) -> PyResult<(Vec<String>, Vec<Columns>, Bound<'py, PyBytes>)> {
    let threads = check_threads(threads)?;
    let opts = options.options()?;
    let pairs = keyed_pairs(predictions, references, Some(ids), langs)?;
    let (scores, state) = detached(py, threads, || {
        crate::run::score_partition(&pairs, &opts, "partition")
    })?;
    let metrics = state_metrics(&opts)?;
    let columns = metrics
        .iter()
        .enumerate()
        .map(|(m, name)| {
            let col = |f: fn(&crate::metrics::Prf) -> f64| {
                scores.iter().map(|s| f(&s.scores[m])).collect()
            };
            (
                name.clone(),
                col(|p| p.precision),
                col(|p| p.recall),
                col(|p| p.fmeasure),
            )
        })
        .collect();
    let ids = pairs.into_iter().map(|p| p.id).collect();
    Ok((ids, columns, PyBytes::new(py, &state.to_bytes())))
}

fn state_metrics(opts: &ScoringOptions) -> PyResult<Vec<String>> {
    Ok(opts
        .score_options()
        .map_err(to_py_err)?
        .metrics
        .iter()
        .map(|m| m.to_string())
        .collect())
}

fn read_state(bytes: &[u8]) -> PyResult<report::RunState> {
    report::RunState::from_bytes(bytes).map_err(to_py_err)
}

/// The profile `tomtat score` would detect for these examples (from the first thousand).
#[pyfunction]
fn detect_profile_of(
    predictions: &Bound<'_, PyAny>,
    references: &Bound<'_, PyAny>,
) -> PyResult<String> {
    let pairs = guarded(|| Scorer::pairs(predictions, references))?;
    Ok(detect_profile(&pairs).to_string())
}

/// The merge of partial states (associative and commutative, for an engine's reduce).
#[pyfunction]
fn merge_states<'py>(py: Python<'py>, states: Vec<Vec<u8>>) -> PyResult<Bound<'py, PyBytes>> {
    let merged = detached(py, Some(1), || {
        let mut it = states.iter();
        let first = it
            .next()
            .ok_or_else(|| Error::Options("nothing to merge: no partial state given".into()))?;
        let mut acc = report::RunState::from_bytes(first)?;
        for s in it {
            acc.merge(&report::RunState::from_bytes(s)?)?;
        }
        Ok(acc.to_bytes())
    })?;
    Ok(PyBytes::new(py, &merged))
}

/// The paired state of one partition of examples joined by key: per metric the baseline's
/// and the new run's F.
#[pyfunction]
#[pyo3(signature = (ids, langs, base, new, metrics, resamples, trials, seed))]
#[allow(clippy::too_many_arguments)]
fn paired_partition<'py>(
    py: Python<'py>,
    ids: &Bound<'py, PyAny>,
    langs: Option<&Bound<'py, PyAny>>,
    base: Vec<Vec<f64>>,
    new: Vec<Vec<f64>>,
    metrics: Vec<String>,
    resamples: usize,
    trials: usize,
    seed: u64,
) -> PyResult<Bound<'py, PyBytes>> {
    let ids = texts(ids, "ids")?;
    let langs = langs.map(|l| texts(l, "langs")).transpose()?;
    let n = ids.len();
    let columns_ok = base.len() == metrics.len()
        && new.len() == metrics.len()
        && base.iter().chain(&new).all(|c| c.len() == n)
        && langs.as_ref().is_none_or(|l| l.len() == n);
    if !columns_ok {
        return Err(PyValueError::new_err(format!(
            "paired_partition: every column must have one value per id ({n} ids) and one \
             base and one new column per metric ({} metrics)",
            metrics.len()
        )));
    }
    if let Some((i, _)) = base
        .iter()
        .chain(&new)
        .flatten()
        .enumerate()
        .find(|(_, v)| !v.is_finite())
    {
        return Err(PyValueError::new_err(format!(
            "paired_partition: value {i} is not a finite score"
        )));
    }
    let state = detached(py, Some(1), || {
        let keys: Vec<u64> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let lang = langs.as_ref().map(|l| l[i].as_str());
                report::key_hash(&report::key_digest(&crate::report::example_key(id, lang)))
            })
            .collect();
        let settings = crate::stats::PairedSettings {
            resamples,
            trials,
            confidence: 0.95,
            seed,
        };
        let mut state = crate::stats::PairedState::new(metrics, settings)
            .map_err(|e| Error::Options(e.to_string()))?;
        state.add(&base, &new, &keys);
        Ok(state.to_bytes())
    })?;
    Ok(PyBytes::new(py, &state))
}

fn read_paired(bytes: &[u8]) -> Result<crate::stats::PairedState, Error> {
    crate::stats::PairedState::from_bytes(bytes).map_err(|e| Error::Options(e.to_string()))
}

/// The merge of paired states (associative and commutative).
#[pyfunction]
fn merge_paired<'py>(py: Python<'py>, states: Vec<Vec<u8>>) -> PyResult<Bound<'py, PyBytes>> {
    let merged = detached(py, Some(1), || {
        let mut it = states.iter();
        let first = it
            .next()
            .ok_or_else(|| Error::Options("nothing to merge: no paired state given".into()))?;
        let mut acc = read_paired(first)?;
        for s in it {
            acc.merge(&read_paired(s)?)
                .map_err(|e| Error::Options(e.to_string()))?;
        }
        Ok(acc.to_bytes())
    })?;
    Ok(PyBytes::new(py, &merged))
}

/// Per metric, the entry `tomtat compare --format json` prints under `metrics`.
#[pyfunction]
fn paired_results<'py>(
    py: Python<'py>,
    state: &[u8],
    alpha: f64,
    tolerance: f64,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let state = read_paired(state).map_err(to_py_err)?;
    let results = state.results(0.95);
    let adjusted = crate::stats::holm(
        &results
            .iter()
            .map(|r| r.p_randomization)
            .collect::<Vec<_>>(),
    );
    let json = py.import("json")?;
    state
        .metrics()
        .iter()
        .zip(results)
        .zip(adjusted)
        .map(|((metric, result), p_holm)| {
            let entry = report::MetricComparison {
                metric: metric.clone(),
                regression: result.delta * 100.0 < -tolerance && p_holm < alpha,
                result,
                p_holm,
                deltas: Vec::new(),
            };
            let text =
                serde_json::to_string(&entry).map_err(|e| PyValueError::new_err(e.to_string()))?;
            json.call_method1("loads", (text,))
        })
        .collect()
}

/// The report of a (merged) partial state.
#[pyfunction]
fn state_report(state: &[u8]) -> PyResult<StateReport> {
    Ok(StateReport {
        report: read_state(state)?.report(),
    })
}

/// The report of partial states merged by an engine: the same bytes as `tomtat score` on all
/// the examples, but with no per-example scores of its own (the engine holds those).
#[pyclass(module = "tomtat._tomtat", frozen)]
pub struct StateReport {
    report: report::Report,
}

fn no_examples() -> PyErr {
    PyValueError::new_err(
        "a report merged from partial states keeps no per-example scores: take them from the \
         engine's per-example output (or use tomtat.score for a run file)",
    )
}

#[pymethods]
impl StateReport {
    #[pyo3(signature = (format="json"))]
    fn render(&self, format: &str) -> PyResult<String> {
        Ok(report::exporter(format_of(format)?).render(&self.report))
    }

    #[getter]
    fn profile(&self) -> (String, bool) {
        let profile = self.report.signature_fields.get("profile");
        (
            profile.and_then(|p| p.as_str()).unwrap_or("").to_string(),
            false,
        )
    }

    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.report.warnings.clone()
    }

    fn run_json(&self) -> PyResult<String> {
        Err(no_examples())
    }

    fn save(&self, _path: PathBuf) -> PyResult<()> {
        Err(no_examples())
    }

    fn to_run(&self) -> PyResult<Run> {
        Err(no_examples())
    }

    fn per_example(&self) -> PyResult<(Vec<String>, Vec<Columns>)> {
        Err(no_examples())
    }
}

#[pymodule]
fn _tomtat(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<ArrowText>()?;
    m.add_class::<Scorer>()?;
    m.add_class::<Report>()?;
    m.add_class::<Run>()?;
    m.add_class::<StateReport>()?;
    m.add_function(wrap_pyfunction!(tokenize, m)?)?;
    m.add_function(wrap_pyfunction!(score, m)?)?;
    m.add_function(wrap_pyfunction!(load_run, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    m.add_function(wrap_pyfunction!(aggregate, m)?)?;
    m.add_function(wrap_pyfunction!(score_partition, m)?)?;
    m.add_function(wrap_pyfunction!(merge_states, m)?)?;
    m.add_function(wrap_pyfunction!(state_report, m)?)?;
    m.add_function(wrap_pyfunction!(paired_partition, m)?)?;
    m.add_function(wrap_pyfunction!(merge_paired, m)?)?;
    m.add_function(wrap_pyfunction!(paired_results, m)?)?;
    m.add_function(wrap_pyfunction!(detect_profile_of, m)?)?;
    Ok(())
}
