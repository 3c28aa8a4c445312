//! Extractive baselines for a data set's targets: lead-k, random-k and the greedy oracle.
//!
//! Article targets use the article body (the title line is skipped). Cluster targets take
//! sentences from every article round-robin in manifest order (first sentences first), at most
//! k per article for lead-k, and stop once the summary reaches the mean length of the target's
//! Vietnamese references. Summaries have one sentence per line.

use crate::data::dataset::{Article, Dataset};
use crate::metrics::{Interner, Metric, Prf, RefMode, ScoreOptions, Scratch, score};
use crate::run::{RunConfig, SentenceUnits, build_doc};
use crate::stats::Resampler;
use crate::text::split_sentences;

/// A baseline system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Baseline {
    Lead(usize),
    Random(usize),
    Oracle,
}

impl Baseline {
    pub fn name(self) -> String {
        match self {
            Baseline::Lead(k) => format!("lead-{k}"),
            Baseline::Random(k) => format!("random-{k}"),
            Baseline::Oracle => "oracle".into(),
        }
    }
}

/// The body sentences of an article (the first line is its title): its non-empty lines, or
/// what the splitter cuts them into.
pub fn body_sentences(article: &Article, units: SentenceUnits) -> Vec<String> {
    let body = article.text.split_once('\n').map_or("", |(_, b)| b);
    match units {
        SentenceUnits::Split => split_sentences(body)
            .into_iter()
            .map(str::to_string)
            .collect(),
        SentenceUnits::Lines => body
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    }
}

/// Sentences of a target's articles, interleaved by position when there are several, each with
/// its (article, position) so that selections can be put back in document order.
fn sentence_pool(
    articles: &[&Article],
    per_article: usize,
    units: SentenceUnits,
) -> Vec<(usize, usize, String)> {
    let bodies: Vec<Vec<String>> = articles.iter().map(|a| body_sentences(a, units)).collect();
    let longest = bodies
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .min(per_article);
    let mut pool = Vec::new();
    for pos in 0..longest {
        for (a, body) in bodies.iter().enumerate() {
            if let Some(s) = body.get(pos) {
                pool.push((a, pos, s.clone()));
            }
        }
    }
    pool
}

fn token_count(text: &str, config: &RunConfig) -> usize {
    let mut n = 0;
    config.tokenizer.tokenize_with(text, &mut |_| n += 1);
    n
}

/// The baseline summary of `target`, scored later against `references`; its sentences are
/// the articles' `config.sentences` (lines, or what the splitter cuts).
pub fn summarize(
    dataset: &Dataset,
    target: &str,
    references: &[String],
    baseline: Baseline,
    config: &RunConfig,
    seed: u64,
) -> String {
    let articles = dataset.articles_of(target);
    let is_cluster = articles.len() > 1 || articles.first().is_some_and(|a| a.id != target);
    let budget = if is_cluster && !references.is_empty() {
        references
            .iter()
            .map(|r| token_count(r, config))
            .sum::<usize>()
            / references.len()
    } else {
        usize::MAX
    };
    let mut chosen: Vec<(usize, usize, String)> = match baseline {
        Baseline::Lead(k) => {
            let per_article = if is_cluster { k } else { usize::MAX };
            let pool = sentence_pool(&articles, per_article, config.sentences);
            let limit = if is_cluster { pool.len() } else { k };
            pool.into_iter().take(limit).collect()
        }
        Baseline::Random(k) => {
            let mut pool = sentence_pool(&articles, usize::MAX, config.sentences);
            let mut r = Resampler::new(seed, fnv1a(target));
            let mut picked = Vec::new();
            while picked.len() < k && !pool.is_empty() {
                let i = r.below(pool.len() as u64) as usize;
                picked.push(pool.swap_remove(i));
            }
            picked
        }
        Baseline::Oracle => oracle(
            &sentence_pool(&articles, usize::MAX, config.sentences),
            references,
            config,
        ),
    };
    if is_cluster {
        let mut used = 0;
        let mut kept = Vec::new();
        for s in chosen {
            if used >= budget {
                break;
            }
            used += token_count(&s.2, config);
            kept.push(s);
        }
        chosen = kept;
    }
    if !matches!(baseline, Baseline::Lead(_)) {
        chosen.sort_by_key(|(a, pos, _)| (*a, *pos));
    }
    let lines: Vec<String> = chosen.into_iter().map(|(_, _, s)| s).collect();
    lines.join("\n")
}

/// Greedy oracle: add the sentence that most raises the mean of ROUGE-1 and ROUGE-2 F
/// (best reference), until no sentence raises it.
fn oracle(
    pool: &[(usize, usize, String)],
    references: &[String],
    config: &RunConfig,
) -> Vec<(usize, usize, String)> {
    let options = ScoreOptions {
        metrics: vec![Metric::N(1), Metric::N(2)],
        refs: RefMode::Max,
        alpha: 0.5,
        perl_compat: false,
        target_lang: None,
    };
    let mut interner = Interner::default();
    let mut scratch = Scratch::default();
    let refs: Vec<_> = references
        .iter()
        .map(|r| build_doc(r, config, &mut interner))
        .collect();
    let gain = |text: &str, interner: &mut Interner, scratch: &mut Scratch| {
        let doc = build_doc(text, config, interner);
        let s: Vec<Prf> = score(&doc, &refs, &options, scratch);
        (s[0].fmeasure + s[1].fmeasure) / 2.0
    };
    let mut chosen: Vec<usize> = Vec::new();
    let mut best = 0.0;
    loop {
        let mut round: Option<(usize, f64)> = None;
        for i in (0..pool.len()).filter(|i| !chosen.contains(i)) {
            let mut pick = chosen.clone();
            pick.push(i);
            pick.sort_unstable();
            let text: Vec<&str> = pick.iter().map(|&j| pool[j].2.as_str()).collect();
            let value = gain(&text.join("\n"), &mut interner, &mut scratch);
            if value > round.map_or(best, |(_, v)| v) {
                round = Some((i, value));
            }
        }
        match round {
            Some((i, v)) => {
                chosen.push(i);
                best = v;
            }
            None => break,
        }
    }
    chosen.sort_unstable();
    chosen.into_iter().map(|i| pool[i].clone()).collect()
}

/// A stable 64-bit hash of a target id, so random baselines do not depend on input order.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}
