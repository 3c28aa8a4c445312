//! Scoring a set of pairs: tokenize each text once, score in parallel, keep input order.

use crate::Profile;
use crate::data::{Example, Pair};
use crate::error::Error;
pub use crate::metrics::ExampleScores;
use crate::metrics::{
    COPY_RUN, Doc, Interner, Metric, ScoreOptions, Scratch, score_with_lcs_texts,
};
use crate::options::ScoringOptions;
pub use crate::options::{RunConfig, SentenceUnits};
use crate::report::{
    Accounting, Bootstrap, DigestBytes, Entry, Report, RunState, Signature, Tally, assemble,
    digest_bytes,
};
use crate::text::language::{canonical_code, judged_codes, read_language_with_share};
use crate::text::limit::{Limit, truncate, truncate_lcs};
use crate::text::{looks_vietnamese, split_sentences};
use rayon::prelude::*;
use std::borrow::Cow;

mod filled;
mod language;
mod memory;
use filled::{repeats_a_run, set_chrf, set_flag, set_supplied};
pub use language::{language_mismatch, language_sample, language_sample_indices, looks_segmented};
pub use memory::{
    IN_MEMORY_CHUNK, MAX_THREADS, PairSource, ScoredRun, WORK_CHUNK_BYTES, WorkBound, interrupted,
    score_in_memory, score_source, work_chunks,
};

/// Tokenizes `text` into a [`Doc`] with the configured sentence units.
pub fn build_doc(text: &str, config: &RunConfig, interner: &mut Interner) -> Doc {
    if config.tokenizer.sentences_apart() {
        // The profile tokenizes the whole text at once; its sentences are another document.
        return Doc::build(std::iter::once(text), &config.tokenizer, interner);
    }
    match config.sentences {
        SentenceUnits::Lines => {
            Doc::build_sized(text.len(), text.split('\n'), &config.tokenizer, interner)
        }
        SentenceUnits::Split => Doc::build_sized(
            text.len(),
            split_sentences(text).into_iter(),
            &config.tokenizer,
            interner,
        ),
    }
}

/// The rougeLsum document of `text` for a profile that tokenizes sentences apart from the
/// text (xlsum).
fn build_sentence_doc(text: &str, config: &RunConfig, interner: &mut Interner) -> Doc {
    match config.sentences {
        SentenceUnits::Lines => Doc::build_sentences(text.split('\n'), &config.tokenizer, interner),
        SentenceUnits::Split => Doc::build_sentences(
            split_sentences(text).into_iter(),
            &config.tokenizer,
            interner,
        ),
    }
}

/// Distinct tokens a worker keeps interned before starting afresh.
const MAX_INTERNED: usize = 1 << 18;

thread_local! {
    /// Each thread's interner and buffers, kept across pairs and calls, so a vocabulary is
    /// interned once per thread rather than once per rayon split (bounded by MAX_INTERNED).
    static BUFFERS: std::cell::RefCell<(Interner, Scratch)> = Default::default();
}

/// Scores one pair with the calling thread's buffers.
pub fn score_pair_local<E: Example>(pair: &E, config: &RunConfig) -> ExampleScores {
    BUFFERS.with(|b| match b.try_borrow_mut() {
        Ok(mut b) => {
            let (interner, scratch) = &mut *b;
            score_pair(pair, config, interner, scratch)
        }
        Err(_) => score_pair(
            pair,
            config,
            &mut Interner::default(),
            &mut Scratch::default(),
        ),
    })
}

/// Scores one pair with caller-provided buffers.
pub fn score_pair<E: Example>(
    pair: &E,
    config: &RunConfig,
    interner: &mut Interner,
    scratch: &mut Scratch,
) -> ExampleScores {
    // Ids only need to agree within an example; keeping them across examples saves
    // re-interning the vocabulary, and the cap bounds memory on unbounded vocabularies.
    if interner.len() > MAX_INTERNED {
        interner.clear();
    }
    let originals =
        || std::iter::once(pair.candidate()).chain(pair.references().iter().map(AsRef::as_ref));
    let texts: Vec<Cow<str>> = originals()
        .map(|text| match config.limit {
            Some(limit) => Cow::Owned(truncate(text, limit)),
            None => Cow::Borrowed(text),
        })
        .collect();
    let mut docs: Vec<Doc> = texts
        .iter()
        .map(|t| build_doc(t, config, interner))
        .collect();
    // ROUGE-1.5.5 reads ROUGE-L/W sentences with its own cut under -b (text::limit); a text
    // both cuts leave alike is not tokenized again.
    let lcs_docs: Option<Vec<Doc>> = match config.limit {
        Some(limit @ Limit::Bytes(_))
            if config.score.perl_compat
                && config
                    .score
                    .metrics
                    .iter()
                    .any(|m| matches!(m, Metric::Lsum | Metric::W(_))) =>
        {
            Some(
                originals()
                    .zip(texts.iter().zip(&docs))
                    .map(|(original, (text, doc))| {
                        let cut = truncate_lcs(original, limit);
                        if cut == *text {
                            doc.clone()
                        } else {
                            build_doc(&cut, config, interner)
                        }
                    })
                    .collect(),
            )
        }
        _ => None,
    };
    // rougeLsum reads its own documents when the profile tokenizes sentences apart (xlsum).
    let mut sentence_docs: Option<Vec<Doc>> = (config.tokenizer.sentences_apart()
        && config.score.metrics.contains(&Metric::Lsum))
    .then(|| {
        texts
            .iter()
            .map(|t| build_sentence_doc(t, config, interner))
            .collect()
    });
    let refs = docs.split_off(1);
    let cand = docs.pop().unwrap_or_default();
    let (multi_sentence, mut scored) = match sentence_docs.as_mut() {
        None => {
            let lcs = lcs_docs.as_ref().map(|d| (&d[0], &d[1..]));
            let multi = |d: &Doc| d.sentence_ends.len() > 1;
            (
                multi(&cand) || refs.iter().any(multi),
                score_with_lcs_texts(&cand, &refs, lcs, &config.score, scratch),
            )
        }
        Some(apart) => {
            let sentence_refs = apart.split_off(1);
            let sentence_cand = apart.pop().unwrap_or_default();
            let multi = |d: &Doc| d.sentence_ends.len() > 1;
            let mut scored = score_with_lcs_texts(&cand, &refs, None, &config.score, scratch);
            let lsum_only = ScoreOptions {
                metrics: vec![Metric::Lsum],
                ..config.score.clone()
            };
            let lsum =
                score_with_lcs_texts(&sentence_cand, &sentence_refs, None, &lsum_only, scratch);
            for (metric, slot) in config.score.metrics.iter().zip(scored.iter_mut()) {
                if *metric == Metric::Lsum
                    && let Some(value) = lsum.first()
                {
                    *slot = *value;
                }
            }
            (
                multi(&sentence_cand) || sentence_refs.iter().any(multi),
                scored,
            )
        }
    };
    let detected = config
        .score
        .metrics
        .contains(&Metric::LangMatch)
        .then(|| read_language_with_share(pair.candidate()));
    if let Some((code, _)) = detected {
        let expected = pair
            .lang()
            .or(config.score.target_lang.as_deref())
            .and_then(canonical_code);
        set_flag(
            &mut scored,
            config,
            Metric::LangMatch,
            code.is_some() && code == expected,
        );
    }
    if config.score.metrics.contains(&Metric::CopySource) {
        let copied = pair.source().is_some_and(|source| {
            let source = build_doc(source, config, interner);
            repeats_a_run(&cand.tokens, &source.tokens, COPY_RUN)
        });
        set_flag(&mut scored, config, Metric::CopySource, copied);
    }
    let chrf = set_chrf(&mut scored, pair, config);
    set_supplied(&mut scored, pair, config);
    let (scores, counts) = scored.drain(..).unzip();
    ExampleScores {
        detected,
        scores,
        counts,
        empty_candidate: cand.is_empty(),
        empty_references: refs.iter().filter(|r| r.is_empty()).count(),
        multi_sentence,
        chrf,
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
        .map(|(pair, &g)| score_pair_local(pair, &configs[g]))
        .collect()
}

/// True when rougeLsum is asked for with sentences from line breaks and tokenized as the text
/// is (it may then equal rougeL, which [`crate::report::Tally::warnings`] reports; xlsum
/// tokenizes its sentences by another path, so it never does).
pub fn lsum_from_lines(config: &RunConfig) -> bool {
    config.score.metrics.contains(&Metric::Lsum)
        && config.sentences == SentenceUnits::Lines
        && !config.tokenizer.sentences_apart()
}

/// The pairs [`detect_profile`] reads: the first this many.
pub const PROFILE_SAMPLE: usize = 1000;

/// vi-v1 when at least a fifth of the (first thousand) examples have Vietnamese letters,
/// en-v1 otherwise: the profile `score` picks when none is given.
pub fn detect_profile<E: Example>(pairs: &[E]) -> Profile {
    let sample = &pairs[..pairs.len().min(PROFILE_SAMPLE)];
    let vietnamese = sample
        .iter()
        .filter(|p| {
            looks_vietnamese(p.candidate())
                || p.references().iter().any(|r| looks_vietnamese(r.as_ref()))
        })
        .count();
    if vietnamese * 5 >= sample.len() {
        Profile::ViV1
    } else {
        Profile::EnV1
    }
}

/// A scoring run fed a chunk of pairs at a time: every front end (the CLI's streaming reader,
/// Python lists) goes through it, so the same examples and options give the same report.
pub struct Session {
    configs: Vec<RunConfig>,
    metrics: Vec<Metric>,
    bootstrap: Bootstrap,
    tally: Tally,
}

impl Session {
    /// A run with one configuration per language (data set runs) or a single one; every
    /// configuration has the same metrics.
    pub fn new(configs: Vec<RunConfig>, bootstrap: Bootstrap) -> Session {
        let metrics = configs
            .first()
            .map(|c| c.score.metrics.clone())
            .unwrap_or_default();
        let refs = configs.first().map(|c| c.score.refs).unwrap_or_default();
        Session {
            tally: Tally::new(
                metrics.len(),
                crate::metrics::micro::total_width(&metrics, refs),
            ),
            configs,
            metrics,
            bootstrap,
        }
    }

    pub fn metrics(&self) -> &[Metric] {
        &self.metrics
    }

    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// Makes room for `n` more examples (see [`Tally::reserve`]).
    pub fn reserve(&mut self, n: usize) {
        self.tally.reserve(n);
    }

    /// The run's tally, once no more examples come.
    pub fn into_tally(self) -> Tally {
        self.tally
    }

    /// Scores `pairs` in parallel on the current rayon pool (pair `i` with configuration
    /// `groups[i]`) and adds them to the run in order. `extra` runs in parallel beside the
    /// scoring for what an output needs of each example; its results come back in input
    /// order. A repeated key is an error at `origin:lines[i]`, and the run is then unchanged
    /// from that example on.
    pub fn score<T: Send>(
        &mut self,
        pairs: &[Pair],
        groups: &[usize],
        lines: &[usize],
        origin: &str,
        extra: impl Fn(&Pair, &ExampleScores, &DigestBytes) -> T + Sync,
    ) -> Result<Vec<(ExampleScores, T)>, Error> {
        // langmatch needs every candidate's expected language.
        let supplied = self.metrics.iter().filter(|m| m.is_supplied()).count();
        for ((pair, &group), &line) in pairs.iter().zip(groups).zip(lines) {
            let score = &self.configs[group].score;
            if pair.scores.len() != supplied {
                return Err(Error::Input {
                    origin: origin.to_string(),
                    line: Some(line),
                    message: format!(
                        "the example has {} supplied score(s), the run {supplied}",
                        pair.scores.len()
                    ),
                });
            }
            if pair.source.is_none() && score.metrics.contains(&Metric::CopySource) {
                return Err(Error::Input {
                    origin: origin.to_string(),
                    line: Some(line),
                    message: "copysource needs the text the candidate summarizes: give the row \
                              a source field (sources= in Python; data set runs use the target's \
                              articles)"
                        .into(),
                });
            }
            if let Some(lang) = pair.lang.as_deref()
                && score.metrics.contains(&Metric::LangMatch)
                && canonical_code(lang).is_none()
            {
                return Err(Error::Input {
                    origin: origin.to_string(),
                    line: Some(line),
                    message: format!(
                        "langmatch cannot judge the language '{lang}': it can judge {}",
                        judged_codes().join(", ")
                    ),
                });
            }
            if pair.lang.is_none()
                && score.target_lang.is_none()
                && score.metrics.contains(&Metric::LangMatch)
            {
                return Err(Error::Input {
                    origin: origin.to_string(),
                    line: Some(line),
                    message: "langmatch needs the language the candidate is expected in: give \
                              the row a lang, or --target-lang CODE (target_lang= in Python)"
                        .into(),
                });
            }
        }
        let results = score_pairs_with(pairs, &self.configs, groups);
        let scored: Vec<(ExampleScores, DigestBytes, T)> = pairs
            .par_iter()
            .zip(results)
            .map(|(pair, scores)| {
                let digests = digest_bytes(pair);
                let t = extra(pair, &scores, &digests);
                (scores, digests, t)
            })
            .collect();
        let mut out = Vec::with_capacity(scored.len());
        let refs = self.configs[0].score.refs;
        for ((pair, (scores, digests, t)), &line) in pairs.iter().zip(scored).zip(lines) {
            let counts: Vec<Option<[f64; 3]>> = scores
                .counts
                .iter()
                .map(|c| c.map(|c| [c.hit, c.candidate, c.reference]))
                .collect();
            // Every metric with micro columns has its counts (see `micro::width`).
            let micro = crate::metrics::micro::row(&self.metrics, refs, &counts, &scores.chrf)
                .map_err(|e| Error::Input {
                    origin: origin.to_string(),
                    line: Some(line),
                    message: format!("internal error: {e}"),
                })?;
            self.tally
                .push(Entry {
                    id: &pair.id,
                    lang: pair.lang.as_deref(),
                    line,
                    digests,
                    scores: &scores.scores,
                    micro: &micro,
                    references: pair.references.len(),
                    empty_candidate: scores.empty_candidate,
                    empty_references: scores.empty_references,
                    multi_sentence: scores.multi_sentence,
                })
                .map_err(|d| Error::Input {
                    origin: origin.to_string(),
                    line: Some(d.line),
                    message: d.to_string(),
                })?;
            out.push((scores, t));
        }
        Ok(out)
    }

    /// The partial state of the examples scored so far. `profile_label` replaces the
    /// signature's profile field (data set runs name one profile per language); `by_language`
    /// adds the per-language blocks to its report.
    pub fn state(&self, profile_label: Option<String>, by_language: bool) -> RunState {
        let mut signature = Signature::new(
            &self.configs[0],
            self.tally.references_per_example(),
            Some(self.bootstrap),
        );
        if let Some(label) = profile_label {
            signature.set("profile", label);
        }
        assemble(
            &signature,
            &self.metrics,
            self.bootstrap,
            &self.tally,
            lsum_from_lines(&self.configs[0]),
            by_language,
        )
    }

    /// The report of the examples scored so far (see [`Session::state`]); `accounting` says
    /// what became of the examples that were read.
    pub fn report(
        &self,
        profile_label: Option<String>,
        accounting: Accounting,
        by_language: bool,
    ) -> Report {
        let mut state = self.state(profile_label, by_language);
        state.add_skipped(&accounting.skipped_by_reason);
        state.add_kinds(&accounting.kinds);
        state.report()
    }
}

/// One partition of a distributed run: its pairs scored with `options`, and its partial state
/// (merge the states of all partitions with [`RunState::merge`]; [`RunState::report`] then
/// gives the bytes `tomtat score --pairs` prints for all the pairs in one file). The profile
/// must be given: detecting it per partition could pick different profiles.
pub fn score_partition(
    pairs: &[Pair],
    options: &ScoringOptions,
    origin: &str,
) -> Result<(Vec<ExampleScores>, RunState), Error> {
    let Some(profile) = options.profile else {
        return Err(Error::Options(
            "a partition needs an explicit profile (detect it once, e.g. on a sample, and pass \
             it to every partition)"
                .into(),
        ));
    };
    let score = options.score_options()?;
    let config = options.run_config(profile, &score)?;
    let mut session = Session::new(vec![config], options.bootstrap);
    let lines: Vec<usize> = (1..=pairs.len()).collect();
    let scored = session.score(pairs, &vec![0; pairs.len()], &lines, origin, |_, _, _| ())?;
    let state = session.state(None, false);
    Ok((scored.into_iter().map(|(s, _)| s).collect(), state))
}
