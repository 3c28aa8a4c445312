//! What a run file needs of each example beyond what the run's [`Tally`] already keeps (key,
//! digests, scores, and the micro columns, which hold the raw counts of most metrics and the
//! chrF statistics): the counts of the other metrics and three flags, a few bytes an example.
//! An in-memory run (Python's `tomtat.score`) keeps these instead of a [`RunExample`] per
//! example, and makes the run file's examples from both when asked.

use crate::metrics::micro::width;
use crate::metrics::{ExampleScores, Metric, RefMode};
use crate::report::run::fingerprint::hex;
use crate::report::{RunExample, Tally};

const EMPTY_CANDIDATE: u32 = 1;
const MULTI_SENTENCE: u32 = 2;
const HAS_LANG: u32 = 4;
/// `empty_references` is kept above the flags (it is at most [`super::runfile::MAX_REFERENCES`]).
const REFERENCES_SHIFT: u32 = 3;

/// Where a metric's raw counts are kept.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// In the tally's micro row, from this column (the metric's micro columns are its counts).
    Micro(usize),
    /// Among the kept counts, at this position of an example's.
    Own(usize),
}

/// The per-example extras of a run, in input order. Invariant: example `i` here is example
/// `i` of the tally it was kept beside, whose micro columns are [`crate::metrics::micro::row`]
/// of the same metrics and reference mode.
#[derive(Debug, Default)]
pub struct Kept {
    places: Vec<Place>,
    /// The micro columns of the chrF metrics, in metric order.
    chrf: Vec<std::ops::Range<usize>>,
    /// How many metrics keep their counts here.
    own: usize,
    /// `3 × own` raw counts (`[hit, candidate, reference]`) per example; NaN where a metric
    /// has none (counts are never NaN).
    counts: Vec<f64>,
    flags: Vec<u32>,
}

impl Kept {
    /// The extras of a run of `metrics` under `refs`.
    pub fn new(metrics: &[Metric], refs: RefMode) -> Kept {
        let (mut places, mut chrf, mut own, mut at) = (Vec::new(), Vec::new(), 0, 0);
        for &metric in metrics {
            let w = width(metric, refs);
            if let Metric::Chrf { .. } = metric {
                chrf.push(at..at + w);
            }
            places.push(if w == 3 && !matches!(metric, Metric::Chrf { .. }) {
                Place::Micro(at)
            } else {
                own += 1;
                Place::Own(own - 1)
            });
            at += w;
        }
        Kept {
            places,
            chrf,
            own,
            ..Kept::default()
        }
    }

    /// Makes room for `n` more examples (see [`Tally::reserve`]).
    pub fn reserve(&mut self, n: usize) {
        self.counts.reserve_exact(n.saturating_mul(3 * self.own));
        self.flags.reserve_exact(n);
    }

    pub fn len(&self) -> usize {
        self.flags.len()
    }

    pub fn is_empty(&self) -> bool {
        self.flags.is_empty()
    }

    /// Adds the extras of the example just added to the tally; an error when its scores do
    /// not have the run's shape.
    pub fn push(&mut self, scores: &ExampleScores, has_lang: bool) -> Result<(), String> {
        if scores.counts.len() != self.places.len() {
            return Err(format!(
                "{} counts for {} metrics",
                scores.counts.len(),
                self.places.len()
            ));
        }
        let chrf: usize = self.chrf.iter().map(|r| r.len()).sum();
        if scores.chrf.len() != chrf {
            return Err(format!(
                "{} chrF statistics where the run has {chrf}",
                scores.chrf.len()
            ));
        }
        if scores.empty_references >= 1 << (32 - REFERENCES_SHIFT) {
            return Err(format!("{} empty references", scores.empty_references));
        }
        for (c, place) in scores.counts.iter().zip(&self.places) {
            match (place, c) {
                (Place::Own(_), c) => {
                    let c = c.map_or([f64::NAN; 3], |c| [c.hit, c.candidate, c.reference]);
                    self.counts.extend_from_slice(&c);
                }
                (Place::Micro(_), Some(_)) => {}
                (Place::Micro(_), None) => return Err("counts missing".into()),
            }
        }
        let mut flags = (scores.empty_references as u32) << REFERENCES_SHIFT;
        if scores.empty_candidate {
            flags |= EMPTY_CANDIDATE;
        }
        if scores.multi_sentence {
            flags |= MULTI_SENTENCE;
        }
        if has_lang {
            flags |= HAS_LANG;
        }
        self.flags.push(flags);
        Ok(())
    }

    /// The examples' ids, in input order (what [`Kept::examples`] gives as `id`, without
    /// making the examples).
    pub fn ids<'a>(&'a self, tally: &'a Tally) -> impl Iterator<Item = &'a str> + 'a {
        let languages = tally.languages();
        tally
            .examples()
            .enumerate()
            .map(move |(i, (key, lang, ..))| {
                let has_lang = self.flags[i] & HAS_LANG != 0;
                id_of(key, has_lang.then(|| languages[lang].as_str()))
            })
    }

    /// The run file's examples (without texts), from these extras and the `tally` they were
    /// kept beside: the examples [`RunExample::new`] makes of the same scores.
    pub fn examples<'a>(&'a self, tally: &'a Tally) -> impl Iterator<Item = RunExample> + 'a {
        let languages = tally.languages();
        let own = 3 * self.own;
        tally
            .examples()
            .enumerate()
            .map(move |(i, (key, lang, digests, row, micro))| {
                let flags = self.flags[i];
                let lang = (flags & HAS_LANG != 0).then(|| languages[lang].clone());
                let id = id_of(key, lang.as_deref());
                let counts = &self.counts[i * own..(i + 1) * own];
                let three = |c: &[f64]| [c[0], c[1], c[2]];
                RunExample {
                    id: id.to_string(),
                    lang,
                    references: hex(&digests[..16]),
                    candidate: hex(&digests[16..]),
                    prf: row.chunks_exact(3).map(three).collect(),
                    counts: self
                        .places
                        .iter()
                        .map(|place| match *place {
                            Place::Micro(at) => Some(three(&micro[at..])),
                            Place::Own(k) => {
                                let c = &counts[3 * k..];
                                (!c[0].is_nan()).then(|| three(c))
                            }
                        })
                        .collect(),
                    chrf: self
                        .chrf
                        .iter()
                        .flat_map(|r| &micro[r.clone()])
                        .copied()
                        .collect(),
                    texts: None,
                    empty_candidate: flags & EMPTY_CANDIDATE != 0,
                    empty_references: (flags >> REFERENCES_SHIFT) as usize,
                    multi_sentence: flags & MULTI_SENTENCE != 0,
                }
            })
    }
}

/// The id in a tally key: the key is the id, or the id, U+001F and the language.
fn id_of<'a>(key: &'a str, lang: Option<&str>) -> &'a str {
    match lang {
        Some(l) => &key[..key.len() - l.len() - 1],
        None => key,
    }
}
