//! `score_batch` as a pipeline. Reading a `str`'s UTF-8 needs the GIL (CPython makes it on
//! first request), and so does making the result dicts: this thread reads a block of pairs
//! while the workers score the blocks before it, and turns each scored block into dicts as
//! it comes back, so that the serial Python work overlaps the scoring instead of coming
//! before and after it.

use super::convert::Column;
use super::errors::{panic_message, pool_size};
use crate::data::BorrowedPair;
use crate::metrics::Prf;
use crate::run::{PROFILE_SAMPLE, RunConfig, language_mismatch, score_pair_local};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use std::ops::Range;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// Pairs read, scored and turned into dicts at a time.
const BLOCK: usize = 64;

/// A block's index and its rows of scores (or the panic that stopped it).
type Scored = (usize, std::thread::Result<Vec<Vec<Prf>>>);

/// What a batch leaves after its rows were taken: its pairs (for warnings that read every
/// text) and the language check's warning.
pub(super) struct Scoring<'a, 'c> {
    pub(super) pairs: Vec<BorrowedPair<'a>>,
    pub(super) language: Option<String>,
    pub(super) config: &'c RunConfig,
}

/// The two checked columns of a batch, read a range of pairs at a time.
pub(super) struct Batch<'a, 'py> {
    candidates: &'a Column<'py>,
    references: &'a Column<'py>,
    candidate_ends: Vec<usize>,
    ends: Vec<usize>,
}

impl<'a, 'py: 'a> Batch<'a, 'py> {
    /// The batch, or a `ValueError` when the columns' lengths differ.
    pub(super) fn new(candidates: &'a Column<'py>, references: &'a Column<'py>) -> PyResult<Self> {
        let (candidate_ends, ends) = (candidates.ends(), references.ends());
        if candidate_ends.len() != ends.len() {
            return Err(PyValueError::new_err(format!(
                "{} predictions but {} references",
                candidate_ends.len(),
                ends.len()
            )));
        }
        Ok(Batch {
            candidates,
            references,
            candidate_ends,
            ends,
        })
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Pairs `range`, borrowing the columns' texts (a `ValueError` for a pair without a
    /// reference).
    pub(super) fn read(&self, range: Range<usize>) -> PyResult<Vec<BorrowedPair<'a>>> {
        let ends = &self.ends;
        let texts = self
            .candidates
            .texts_of(&self.candidate_ends, range.clone())?;
        let reference_texts = self.references.texts_of(ends, range.clone())?;
        let base = range.start.checked_sub(1).map_or(0, |i| ends[i]);
        let mut start = base;
        range
            .zip(texts)
            .map(|(index, candidate)| {
                let set = &reference_texts[start - base..ends[index] - base];
                start = ends[index];
                if set.is_empty() {
                    return Err(PyValueError::new_err(format!(
                        "references[{index}]: no reference"
                    )));
                }
                Ok(BorrowedPair {
                    index,
                    candidate,
                    references: set.to_vec(),
                })
            })
            .collect()
    }
}

/// Scores `candidates` against `references` in blocks with `config` (or, when `None`, the
/// configuration `choose` picks from the first pairs), handing each block's rows to `take`
/// with its first pair's index, with the GIL held, in whatever order blocks finish.
pub(super) fn score_in_blocks<'a, 'py: 'a, 'c>(
    py: Python<'_>,
    threads: Option<usize>,
    candidates: &'a Column<'py>,
    references: &'a Column<'py>,
    config: Option<&'c RunConfig>,
    choose: impl FnOnce(&[&BorrowedPair<'a>]) -> PyResult<&'c RunConfig>,
    take: impl FnMut(usize, Vec<Vec<Prf>>) -> PyResult<()>,
) -> PyResult<Scoring<'a, 'c>> {
    let batch = Batch::new(candidates, references)?;
    let n = batch.len();
    let read = |range: Range<usize>| batch.read(range);
    let pool = pool_size(threads)
        .map(|n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| PyRuntimeError::new_err(format!("cannot start worker threads: {e}")))
        })
        .transpose()?;
    let stop = AtomicBool::new(false);
    match &pool {
        Some(pool) => {
            pool.in_place_scope(|scope| pipeline(scope, &stop, py, n, read, config, choose, take))
        }
        None => {
            rayon::in_place_scope(|scope| pipeline(scope, &stop, py, n, read, config, choose, take))
        }
    }
}

/// [`score_in_blocks`] on this thread, inside the workers' scope: on an error the blocks not
/// yet started are skipped (`stop`), and the scope waits for the others.
#[allow(clippy::too_many_arguments)]
fn pipeline<'scope, 'a: 'scope, 'c: 'scope>(
    scope: &rayon::Scope<'scope>,
    stop: &'scope AtomicBool,
    py: Python<'_>,
    n: usize,
    read: impl Fn(Range<usize>) -> PyResult<Vec<BorrowedPair<'a>>>,
    config: Option<&'c RunConfig>,
    choose: impl FnOnce(&[&BorrowedPair<'a>]) -> PyResult<&'c RunConfig>,
    mut take: impl FnMut(usize, Vec<Vec<Prf>>) -> PyResult<()>,
) -> PyResult<Scoring<'a, 'c>> {
    let (tx, mut rx) = mpsc::channel::<Scored>();
    let spawn = |k: usize, block: Arc<Vec<BorrowedPair<'a>>>, config: &'c RunConfig| {
        let tx = tx.clone();
        scope.spawn(move |_| {
            let rows = if stop.load(Ordering::Relaxed) {
                Ok(Vec::new())
            } else {
                std::panic::catch_unwind(AssertUnwindSafe(|| {
                    block
                        .iter()
                        .map(|pair| score_pair_local(pair, config).scores)
                        .collect()
                }))
            };
            drop(block);
            let _ = tx.send((k, rows));
        });
    };
    let mut hand = |(k, rows): Scored| match rows {
        Ok(rows) => take(k * BLOCK, rows),
        Err(p) => Err(PyRuntimeError::new_err(format!(
            "internal error in tomtat: {}",
            panic_message(p)
        ))),
    };
    let steps = || -> PyResult<Scoring<'a, 'c>> {
        let blocks = n.div_ceil(BLOCK);
        let mut all: Vec<Arc<Vec<BorrowedPair<'a>>>> = Vec::with_capacity(blocks);
        let (mut chosen, mut choose) = (config, Some(choose));
        let (mut waiting, mut handed) = (Vec::new(), 0);
        for k in 0..blocks {
            py.check_signals()?;
            all.push(Arc::new(read(k * BLOCK..n.min((k + 1) * BLOCK))?));
            waiting.push(k);
            if chosen.is_none()
                && (k + 1) * BLOCK >= n.min(PROFILE_SAMPLE)
                && let Some(choose) = choose.take()
            {
                let sample: Vec<&BorrowedPair<'a>> = all
                    .iter()
                    .flat_map(|b| b.iter())
                    .take(PROFILE_SAMPLE)
                    .collect();
                chosen = Some(choose(&sample)?);
            }
            if let Some(config) = chosen {
                for k in waiting.drain(..) {
                    spawn(k, all[k].clone(), config);
                }
            }
            while let Ok(scored) = rx.try_recv() {
                handed += 1;
                hand(scored)?;
            }
        }
        // An empty batch reads no block: its profile is chosen from no pairs.
        let config = match (chosen, choose.take()) {
            (Some(config), _) => config,
            (None, Some(choose)) => choose(&[])?,
            (None, None) => {
                return Err(PyRuntimeError::new_err("internal error: no configuration"));
            }
        };
        let everything: Vec<&BorrowedPair<'a>> = all.iter().flat_map(|b| b.iter()).collect();
        let language = py.detach(|| language_mismatch(&everything));
        drop(everything);
        while handed < blocks {
            let (back, next) = py.detach(move || {
                let next = rx.recv_timeout(Duration::from_millis(50));
                (rx, next)
            });
            rx = back;
            match next {
                Ok(scored) => {
                    handed += 1;
                    hand(scored)?;
                }
                Err(_) => py.check_signals()?,
            }
        }
        let pairs = all
            .into_iter()
            .flat_map(|b| Arc::try_unwrap(b).unwrap_or_else(|b| b.as_ref().clone()))
            .collect();
        Ok(Scoring {
            pairs,
            language,
            config,
        })
    };
    let out = steps();
    if out.is_err() {
        stop.store(true, Ordering::Relaxed);
    }
    out
}
