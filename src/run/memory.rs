//! Runs over pairs held in memory (Python's lists, a test's vector): read from a
//! [`PairSource`] one chunk of work at a time and scored exactly as `tomtat score --pairs`
//! scores a file of the same pairs, into a [`ScoredRun`] that keeps the report and what the
//! run file needs of each example, not the examples' texts.

use super::{Session, detect_profile};
use crate::Profile;
use crate::data::{Example, Pair, text_bytes};
use crate::error::Error;
use crate::metrics::Metric;
use crate::options::ScoringOptions;
use crate::report::{Accounting, Bootstrap, ExampleTexts, Kept, Report, RunFile, Tally};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// Most worker threads a front end may ask for (`--threads`, Python's `threads=`).
pub const MAX_THREADS: usize = 1024;

/// At most this many pairs are scored between two checks for a stop by the in-memory entry
/// points (the result never depends on the chunking).
pub const IN_MEMORY_CHUNK: usize = 4096;

/// At most about this many bytes of text are scored between two checks for a stop: a chunk
/// is bounded by its work, not its number of pairs, so that a stop on long texts is as prompt
/// as on short ones (a few milliseconds of work on one core), and a run that reads its pairs
/// a chunk at a time holds little text at once.
pub const WORK_CHUNK_BYTES: usize = 256 * 1024;

/// One chunk of work as it is filled: at least one pair, at most [`IN_MEMORY_CHUNK`], and,
/// unless it is a single pair, at most [`WORK_CHUNK_BYTES`] of text.
#[derive(Debug, Default)]
pub struct WorkBound {
    pairs: usize,
    bytes: usize,
}

impl WorkBound {
    /// Whether a next pair with `size` bytes of text still belongs to the chunk; it is
    /// counted in when it does.
    pub fn admits(&mut self, size: usize) -> bool {
        if self.pairs > 0
            && (self.pairs >= IN_MEMORY_CHUNK || self.bytes.saturating_add(size) > WORK_CHUNK_BYTES)
        {
            return false;
        }
        self.pairs += 1;
        self.bytes = self.bytes.saturating_add(size);
        true
    }
}

/// The ranges of `pairs` to score between two checks for a stop: consecutive, covering all
/// pairs, each one [`WorkBound`].
pub fn work_chunks<E: Example>(pairs: &[E]) -> Vec<Range<usize>> {
    let mut chunks = Vec::new();
    let mut start = 0;
    while start < pairs.len() {
        let end = chunk_end(pairs, start);
        chunks.push(start..end);
        start = end;
    }
    chunks
}

fn chunk_end<E: Example>(pairs: &[E], start: usize) -> usize {
    let mut bound = WorkBound::default();
    (start..pairs.len())
        .find(|&i| !bound.admits(text_bytes(&pairs[i])))
        .unwrap_or(pairs.len())
}

/// Where an in-memory run reads its pairs. A front end that holds the texts in objects of
/// its own (Python `str`s) gives copies of one chunk at a time, so that the run never holds
/// them all.
pub trait PairSource: Sync {
    fn len(&self) -> usize;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Pairs `range` (within `0..len()`), for a sample.
    fn read(&self, range: Range<usize>) -> Result<Cow<'_, [Pair]>, Error>;

    /// The pairs of the chunk of work that starts at `start` (`start < len()`): as many as
    /// one [`WorkBound`] admits, in order.
    fn chunk(&self, start: usize) -> Result<Cow<'_, [Pair]>, Error>;
}

impl PairSource for [Pair] {
    fn len(&self) -> usize {
        <[Pair]>::len(self)
    }

    fn read(&self, range: Range<usize>) -> Result<Cow<'_, [Pair]>, Error> {
        Ok(Cow::Borrowed(&self[range]))
    }

    fn chunk(&self, start: usize) -> Result<Cow<'_, [Pair]>, Error> {
        Ok(Cow::Borrowed(&self[start..chunk_end(self, start)]))
    }
}

/// Pairs scored in memory: the report, and what the run file needs of each example (its
/// scores, counts and digests, kept compactly; not its texts, which the caller holds).
pub struct ScoredRun {
    pub report: Report,
    pub metrics: Vec<Metric>,
    pub bootstrap: Bootstrap,
    pub tally: Tally,
    pub kept: Kept,
    /// The profile used, and whether it was detected from the text.
    pub profile: Profile,
    pub detected: bool,
}

impl ScoredRun {
    /// The run file of these examples, example `i` with the texts `texts(i)` (`None`: as
    /// with `--no-texts`): the same bytes `tomtat score --save` writes.
    pub fn run_file<E>(
        &self,
        mut texts: impl FnMut(usize) -> Result<Option<ExampleTexts>, E>,
    ) -> Result<RunFile, E> {
        let mut examples = Vec::with_capacity(self.kept.len());
        for (i, mut example) in self.kept.examples(&self.tally).enumerate() {
            example.texts = texts(i)?;
            examples.push(example);
        }
        Ok(RunFile::new(
            &self.report,
            &self.metrics,
            self.bootstrap,
            examples,
        ))
    }

    /// The examples' ids, in input order.
    pub fn ids(&self) -> Vec<String> {
        self.kept.ids(&self.tally).map(str::to_string).collect()
    }
}

/// Scores pairs held in memory exactly as `tomtat score --pairs` scores a file of them:
/// same profile detection, same report. Errors name `origin` and the 1-based position.
pub fn score_in_memory(
    pairs: &[Pair],
    options: &ScoringOptions,
    origin: &str,
) -> Result<ScoredRun, Error> {
    score_source(pairs, options, origin, &AtomicBool::new(false))
}

/// The error of work stopped through its `stop` flag.
pub fn interrupted() -> Error {
    Error::Options("interrupted".into())
}

/// [`score_in_memory`] of the pairs of `source`, read one chunk of work at a time and
/// checking `stop` between chunks: once it is set, the work ends with [`interrupted`].
pub fn score_source<S: PairSource + ?Sized>(
    source: &S,
    options: &ScoringOptions,
    origin: &str,
    stop: &AtomicBool,
) -> Result<ScoredRun, Error> {
    let score = options.score_options()?;
    let (profile, detected) = match options.profile {
        Some(p) => (p, false),
        None => {
            let sample = source.read(0..source.len().min(super::PROFILE_SAMPLE))?;
            (detect_profile(&sample), true)
        }
    };
    let config = options.run_config(profile, &score)?;
    let mut kept = Kept::new(&config.score.metrics, config.score.refs);
    let mut session = Session::new(vec![config], options.bootstrap);
    session.reserve(source.len());
    kept.reserve(source.len());
    let mut start = 0;
    while start < source.len() {
        if stop.load(Ordering::Relaxed) {
            return Err(interrupted());
        }
        let chunk = source.chunk(start)?;
        let end = start + chunk.len();
        if chunk.is_empty() || end > source.len() {
            return Err(Error::Options(format!(
                "internal error: a chunk of {} pairs from pair {start} of {}",
                chunk.len(),
                source.len()
            )));
        }
        let lines: Vec<usize> = (start + 1..=end).collect();
        let groups = vec![0; chunk.len()];
        let scored = session.score(&chunk, &groups, &lines, origin, |_, _, _| ())?;
        for ((scores, ()), (pair, line)) in scored.iter().zip(chunk.iter().zip(lines)) {
            kept.push(scores, pair.lang.is_some())
                .map_err(|message| Error::Input {
                    origin: origin.to_string(),
                    line: Some(line),
                    message: format!("internal error: {message}"),
                })?;
        }
        start = end;
    }
    let report = session.report(None, Accounting::all_scored(source.len()), false);
    Ok(ScoredRun {
        report,
        metrics: session.metrics().to_vec(),
        bootstrap: options.bootstrap,
        tally: session.into_tally(),
        kept,
        profile,
        detected,
    })
}
