//! Scoring a set of pairs: tokenize each text once, score in parallel, keep input order.

use crate::data::Pair;
use crate::metrics::{
    Counts, Doc, Interner, Metric, Prf, ScoreOptions, Scratch, score_with_counts,
};
use crate::text::{Tokenizer, split_sentences};
use rayon::prelude::*;

/// Where sentence boundaries (for ROUGE-Lsum) come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SentenceUnits {
    /// One sentence per line, as rouge-score and ROUGE-1.5.5 expect.
    #[default]
    Lines,
    /// The rule-based splitter in [`crate::text::split_sentences`].
    Split,
}

/// Everything that decides how pairs are scored.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub tokenizer: Tokenizer,
    pub sentences: SentenceUnits,
    pub score: ScoreOptions,
}

/// The scores of one example, one [`Prf`] per metric in the configured order.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleScores {
    pub scores: Vec<Prf>,
    /// Raw counts behind each score (see [`crate::metrics::score_with_counts`]).
    pub counts: Vec<Option<Counts>>,
    pub empty_candidate: bool,
    pub empty_references: usize,
    /// True when the candidate or a reference has more than one sentence.
    pub multi_sentence: bool,
}

/// Tokenizes `text` into a [`Doc`] with the configured sentence units.
pub fn build_doc(text: &str, config: &RunConfig, interner: &mut Interner) -> Doc {
    match config.sentences {
        SentenceUnits::Lines => Doc::build(text.split('\n'), &config.tokenizer, interner),
        SentenceUnits::Split => Doc::build(
            split_sentences(text).into_iter(),
            &config.tokenizer,
            interner,
        ),
    }
}

/// Distinct tokens a worker keeps interned before starting afresh.
const MAX_INTERNED: usize = 1 << 20;

/// Scores one pair with caller-provided buffers.
pub fn score_pair(
    pair: &Pair,
    config: &RunConfig,
    interner: &mut Interner,
    scratch: &mut Scratch,
) -> ExampleScores {
    // Ids only need to agree within an example; keeping them across examples saves
    // re-interning the vocabulary, and the cap bounds memory on unbounded vocabularies.
    if interner.len() > MAX_INTERNED {
        interner.clear();
    }
    let cand = build_doc(&pair.candidate, config, interner);
    let refs: Vec<Doc> = pair
        .references
        .iter()
        .map(|r| build_doc(r, config, interner))
        .collect();
    let multi_sentence =
        cand.sentence_ends.len() > 1 || refs.iter().any(|r| r.sentence_ends.len() > 1);
    let (scores, counts) = score_with_counts(&cand, &refs, &config.score, scratch)
        .into_iter()
        .unzip();
    ExampleScores {
        scores,
        counts,
        empty_candidate: cand.is_empty(),
        empty_references: refs.iter().filter(|r| r.is_empty()).count(),
        multi_sentence,
    }
}

/// Scores pair `i` with `configs[group[i]]` (one configuration per language); input order.
pub fn score_pairs_with(
    pairs: &[Pair],
    configs: &[RunConfig],
    group: &[usize],
) -> Vec<ExampleScores> {
    pairs
        .par_iter()
        .zip(group.par_iter())
        .map_init(
            || (Interner::default(), Scratch::default()),
            |(interner, scratch), (pair, &g)| score_pair(pair, &configs[g], interner, scratch),
        )
        .collect()
}

/// True when rougeLsum is asked for with sentences from line breaks (it may then equal
/// rougeL, which [`crate::report::Tally::warnings`] reports).
pub fn lsum_from_lines(config: &RunConfig) -> bool {
    config.score.metrics.contains(&Metric::Lsum) && config.sentences == SentenceUnits::Lines
}
