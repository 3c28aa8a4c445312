//! Data set statistics: lengths, compression, extractive coverage and density, novel n-grams,
//! redundancy, agreement between references, and lead-3 / oracle ROUGE.

use super::fragments::extractiveness;
use crate::baseline::{self, Baseline, body_sentences};
use crate::data::dataset::Dataset;
use crate::metrics::{Doc, Interner, Metric, RefMode, ScoreOptions, Scratch, score};
use crate::run::{RunConfig, SentenceUnits, build_doc};
use crate::text::{Profile, Tokenizer};
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::Serialize;

/// Figures of one reference.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceStats {
    pub file: String,
    pub lang: String,
    pub tokens: usize,
    pub sentences: usize,
    /// Article tokens / reference tokens.
    pub compression: f64,
    /// Newsroom coverage and density; `None` when the reference is in another language.
    pub coverage: Option<f64>,
    pub density: Option<f64>,
    /// Percent of the reference's distinct n-grams (n = 1..4) not in the article.
    pub novel_types_pct: Option<[f64; 4]>,
    /// Percent of the reference's n-gram occurrences (n = 1..4) not in the article.
    pub novel_occurrences_pct: Option<[f64; 4]>,
    /// Percent of n-gram occurrences (n = 1..3) that repeat an earlier one in the reference.
    pub redundancy_pct: [f64; 3],
}

/// Figures of one target (an article, or a cluster of articles).
#[derive(Debug, Clone, Serialize)]
pub struct TargetStats {
    pub target: String,
    pub articles: usize,
    pub article_tokens: usize,
    pub article_sentences: usize,
    pub references: Vec<ReferenceStats>,
    /// Mean ROUGE-1/2/L F of each reference against the others of its language (the human
    /// ceiling); `None` without two references in one language.
    pub agreement: Option<[f64; 3]>,
    /// ROUGE-1/2/L F of lead-3 and of the greedy oracle against the Vietnamese references.
    pub lead3: Option<[f64; 3]>,
    pub oracle: Option<[f64; 3]>,
}

/// Mean, median and 10th/90th percentiles of one figure over targets or references.
#[derive(Debug, Clone, Serialize)]
pub struct Distribution {
    pub figure: String,
    pub count: usize,
    pub mean: f64,
    pub median: f64,
    pub p10: f64,
    pub p90: f64,
}

/// Statistics of a whole data set.
#[derive(Debug, Clone, Serialize)]
pub struct DatasetStats {
    pub dataset: String,
    pub targets: usize,
    pub articles: usize,
    pub references: usize,
    pub summary: Vec<Distribution>,
    pub per_target: Vec<TargetStats>,
}

fn distribution(figure: &str, mut values: Vec<f64>) -> Distribution {
    values.retain(|v| v.is_finite());
    values.sort_by(f64::total_cmp);
    let q = |p: f64| crate::stats::percentile(&values, p);
    Distribution {
        figure: figure.to_string(),
        count: values.len(),
        mean: if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        },
        median: q(0.5),
        p10: q(0.1),
        p90: q(0.9),
    }
}

fn ngram_set(tokens: &[u32], n: usize) -> FxHashSet<&[u32]> {
    tokens.windows(n).collect()
}

fn novel(reference: &[u32], article: &[u32]) -> ([f64; 4], [f64; 4]) {
    let (mut types, mut occ) = ([0.0; 4], [0.0; 4]);
    for n in 1..=4 {
        let art = ngram_set(article, n);
        let grams: Vec<&[u32]> = reference.windows(n).collect();
        if grams.is_empty() {
            continue;
        }
        let distinct: FxHashSet<&[u32]> = grams.iter().copied().collect();
        types[n - 1] = 100.0 * distinct.iter().filter(|g| !art.contains(*g)).count() as f64
            / distinct.len() as f64;
        occ[n - 1] =
            100.0 * grams.iter().filter(|g| !art.contains(*g)).count() as f64 / grams.len() as f64;
    }
    (types, occ)
}

fn redundancy(reference: &[u32]) -> [f64; 3] {
    let mut out = [0.0; 3];
    for n in 1..=3 {
        let grams: Vec<&[u32]> = reference.windows(n).collect();
        if !grams.is_empty() {
            let distinct = grams.iter().copied().collect::<FxHashSet<_>>().len();
            out[n - 1] = 100.0 * (grams.len() - distinct) as f64 / grams.len() as f64;
        }
    }
    out
}

pub(crate) fn profile_of(lang: &str) -> Profile {
    match lang {
        "vi" => Profile::ViV1,
        "en" => Profile::EnV1,
        _ => Profile::UnicodeV1,
    }
}

fn config(profile: Profile, metrics: Vec<Metric>, sentences: SentenceUnits) -> RunConfig {
    RunConfig {
        tokenizer: Tokenizer::with_defaults(profile),
        sentences,
        score: ScoreOptions {
            metrics,
            refs: RefMode::Max,
            alpha: 0.5,
            perl_compat: false,
            target_lang: None,
        },
        limit: None,
    }
}

fn f_of(candidate: &Doc, refs: &[Doc], cfg: &RunConfig, scratch: &mut Scratch) -> [f64; 3] {
    let s = score(candidate, refs, &cfg.score, scratch);
    [s[0].fmeasure, s[1].fmeasure, s[2].fmeasure]
}

/// Statistics of one target.
/// Sentences are the data set's recorded ones ([`Dataset::record`]), else what the splitter cuts.
pub fn target_stats(dataset: &Dataset, target: &str, seed: u64) -> TargetStats {
    let units = dataset.record.baseline_sentences();
    let r12l = vec![Metric::N(1), Metric::N(2), Metric::L];
    let articles = dataset.articles_of(target);
    let article_lang = articles
        .first()
        .map_or("vi".to_string(), |a| a.lang.clone());
    let art_cfg = config(profile_of(&article_lang), r12l.clone(), units);
    let mut interner = Interner::default();
    let mut scratch = Scratch::default();
    let article_text: Vec<&str> = articles.iter().map(|a| a.text.as_str()).collect();
    let article_doc = build_doc(&article_text.join("\n"), &art_cfg, &mut interner);
    let article_sentences: usize = articles
        .iter()
        .map(|a| body_sentences(a, units).len())
        .sum();
    let refs = dataset.references_of_target(target);
    let mut ref_stats = Vec::new();
    let mut by_lang: Vec<(String, Vec<Doc>)> = Vec::new();
    for r in &refs {
        let cfg = config(profile_of(&r.lang), r12l.clone(), units);
        let doc = build_doc(&r.text, &cfg, &mut interner);
        let same = r.lang == article_lang;
        let e = extractiveness(&doc.tokens, &article_doc.tokens);
        let (types, occ) = novel(&doc.tokens, &article_doc.tokens);
        ref_stats.push(ReferenceStats {
            file: r
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            lang: r.lang.clone(),
            tokens: doc.tokens.len(),
            sentences: doc.sentence_ends.len(),
            compression: if doc.tokens.is_empty() {
                0.0
            } else {
                article_doc.tokens.len() as f64 / doc.tokens.len() as f64
            },
            coverage: same.then_some(e.coverage),
            density: same.then_some(e.density),
            novel_types_pct: same.then_some(types),
            novel_occurrences_pct: same.then_some(occ),
            redundancy_pct: redundancy(&doc.tokens),
        });
        match by_lang.iter_mut().find(|(l, _)| *l == r.lang) {
            Some((_, docs)) => docs.push(doc),
            None => by_lang.push((r.lang.clone(), vec![doc])),
        }
    }
    let mut agreements = Vec::new();
    for (lang, docs) in &by_lang {
        if docs.len() < 2 {
            continue;
        }
        let cfg = config(profile_of(lang), r12l.clone(), units);
        for i in 0..docs.len() {
            let others: Vec<Doc> = docs
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, d)| d.clone())
                .collect();
            agreements.push(f_of(&docs[i], &others, &cfg, &mut scratch));
        }
    }
    let agreement = (!agreements.is_empty()).then(|| {
        let n = agreements.len() as f64;
        [0, 1, 2].map(|k| agreements.iter().map(|a| a[k]).sum::<f64>() / n)
    });
    let vi_refs: Vec<String> = dataset
        .references_of(target, "vi")
        .iter()
        .map(|r| r.text.clone())
        .collect();
    let (mut lead3, mut oracle) = (None, None);
    if !vi_refs.is_empty() {
        let cfg = config(Profile::ViV1, r12l, units);
        let docs: Vec<Doc> = vi_refs
            .iter()
            .map(|r| build_doc(r, &cfg, &mut interner))
            .collect();
        for (slot, b) in [
            (&mut lead3, Baseline::Lead(3)),
            (&mut oracle, Baseline::Oracle),
        ] {
            let summary = baseline::summarize(dataset, target, &vi_refs, b, &cfg, seed);
            let doc = build_doc(&summary, &cfg, &mut interner);
            *slot = Some(f_of(&doc, &docs, &cfg, &mut scratch));
        }
    }
    TargetStats {
        target: target.to_string(),
        articles: articles.len(),
        article_tokens: article_doc.tokens.len(),
        article_sentences,
        references: ref_stats,
        agreement,
        lead3,
        oracle,
    }
}

/// Statistics of every target with references; `progress` is called after each target.
pub fn dataset_stats(dataset: &Dataset, seed: u64, progress: &(dyn Fn() + Sync)) -> DatasetStats {
    let targets = dataset.scored_targets();
    let per_target: Vec<TargetStats> = targets
        .par_iter()
        .map(|t| {
            let s = target_stats(dataset, t, seed);
            progress();
            s
        })
        .collect();
    let refs = || per_target.iter().flat_map(|t| t.references.iter());
    let mut summary = vec![
        distribution(
            "article_tokens",
            per_target.iter().map(|t| t.article_tokens as f64).collect(),
        ),
        distribution(
            "article_sentences",
            per_target
                .iter()
                .map(|t| t.article_sentences as f64)
                .collect(),
        ),
        distribution(
            "reference_tokens",
            refs().map(|r| r.tokens as f64).collect(),
        ),
        distribution(
            "reference_sentences",
            refs().map(|r| r.sentences as f64).collect(),
        ),
        distribution("compression", refs().map(|r| r.compression).collect()),
        distribution("coverage", refs().filter_map(|r| r.coverage).collect()),
        distribution("density", refs().filter_map(|r| r.density).collect()),
    ];
    for n in 0..4 {
        summary.push(distribution(
            &format!("novel_{}gram_types_pct", n + 1),
            refs()
                .filter_map(|r| r.novel_types_pct.map(|v| v[n]))
                .collect(),
        ));
        summary.push(distribution(
            &format!("novel_{}gram_occurrences_pct", n + 1),
            refs()
                .filter_map(|r| r.novel_occurrences_pct.map(|v| v[n]))
                .collect(),
        ));
    }
    for n in 0..3 {
        summary.push(distribution(
            &format!("redundancy_{}gram_pct", n + 1),
            refs().map(|r| r.redundancy_pct[n]).collect(),
        ));
    }
    for (name, pick) in [("agreement", 0usize), ("lead3", 1), ("oracle", 2)] {
        for (k, m) in ["rouge1", "rouge2", "rougeL"].iter().enumerate() {
            let values = per_target
                .iter()
                .filter_map(|t| match pick {
                    0 => t.agreement,
                    1 => t.lead3,
                    _ => t.oracle,
                })
                .map(|v| v[k] * 100.0)
                .collect();
            summary.push(distribution(&format!("{name}_{m}_f"), values));
        }
    }
    DatasetStats {
        dataset: dataset.name.clone(),
        targets: per_target.len(),
        articles: dataset.articles.len(),
        references: dataset.references.len(),
        summary,
        per_target,
    }
}
