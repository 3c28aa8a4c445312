//! Throughput of tomtat against the Rust crate `rougers` 0.2.1 on identical inputs, in one run.
//!
//! Inputs are built deterministically from the bundled articles: sentences are drawn with a
//! fixed-seed generator into short pairs (3 vs 3 sentences) and long pairs (25 vs 3). tomtat
//! runs `vi-v1` (the full Vietnamese pipeline), rougers its Unicode tokenizer; both compute
//! rouge1, rouge2 and rougeL on one thread. At the end the ratios are printed.
//!
//! Groups time one stage alone, so a regression shows where it happened: `tokenize` (the
//! tokenizer, against a UTF-8 validation pass over the same bytes), `short-scoring` (the
//! metrics over documents tokenized beforehand), `lcs`, `union-lcs` (ROUGE-Lsum),
//! `bootstrap`; `short-pairs` and
//! `long-pairs` time tokenizing and scoring together.
//!
//! Run: `cargo bench --bench throughput` (add `-- --quick` for a fast pass).

use criterion::{BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use tomtat::data::Pair;
use tomtat::metrics::lcs::{LcsScratch, lcs_len};
use tomtat::metrics::summary::{SummaryScratch, union_lcs};
use tomtat::metrics::{Doc, Interner, Metric, RefMode, ScoreOptions, Scratch, score};
use tomtat::run::{RunConfig, SentenceUnits, score_pair};
use tomtat::stats::{Resampler, Scale, Sums};
use tomtat::text::split_sentences;
use tomtat::{Profile, Tokenizer};

fn sentences() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("datasets/vi-news-ukraine-2022/articles");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .flat_map(|t| {
            split_sentences(&t)
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|s| s.split_whitespace().count() >= 5)
        .collect()
}

fn pairs(sents: &[String], cand: usize, refr: usize, n: usize, seed: u64) -> Vec<Pair> {
    let mut r = Resampler::new(seed, 0);
    let mut pick = |k: usize| -> String {
        (0..k)
            .map(|_| sents[r.below(sents.len() as u64) as usize].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    (0..n)
        .map(|i| Pair {
            id: i.to_string(),
            candidate: pick(cand),
            references: vec![pick(refr)],
            lang: None,
            source: None,
            scores: Vec::new(),
        })
        .collect()
}

fn config() -> RunConfig {
    RunConfig {
        tokenizer: Tokenizer::with_defaults(Profile::ViV1),
        sentences: SentenceUnits::Lines,
        score: ScoreOptions {
            metrics: vec![Metric::N(1), Metric::N(2), Metric::L],
            refs: RefMode::Max,
            alpha: 0.5,
            perl_compat: false,
            target_lang: None,
        },
        limit: None,
    }
}

fn bench_pairs(c: &mut Criterion, name: &str, data: &[Pair]) {
    let cfg = config();
    let rougers = rougers::RougeScorer::with_tokenizer(
        vec![
            rougers::RougeType::N(1),
            rougers::RougeType::N(2),
            rougers::RougeType::L,
        ],
        rougers::Tokenizer::unicode(),
    )
    .expect("valid rouge types");
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Elements(data.len() as u64));
    g.bench_function("tomtat", |b| {
        let mut interner = Interner::default();
        let mut scratch = Scratch::default();
        b.iter(|| {
            for p in data {
                black_box(score_pair(p, &cfg, &mut interner, &mut scratch));
            }
        })
    });
    g.bench_function("rougers", |b| {
        b.iter(|| {
            for p in data {
                black_box(rougers.score(&p.references[0], &p.candidate));
            }
        })
    });
    g.finish();
}

/// Scoring alone: the metrics over documents tokenized beforehand.
fn bench_scoring(c: &mut Criterion, name: &str, data: &[Pair]) {
    let cfg = config();
    let mut interner = Interner::default();
    let docs: Vec<(Doc, Vec<Doc>)> = data
        .iter()
        .map(|p| {
            let mut doc = |t: &str| Doc::build(t.split('\n'), &cfg.tokenizer, &mut interner);
            (
                doc(&p.candidate),
                p.references.iter().map(|r| doc(r)).collect(),
            )
        })
        .collect();
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Elements(data.len() as u64));
    g.bench_function("tomtat", |b| {
        let mut scratch = Scratch::default();
        b.iter(|| {
            for (candidate, references) in &docs {
                black_box(score(candidate, references, &cfg.score, &mut scratch));
            }
        })
    });
    g.finish();
}

fn bench_tokenize(c: &mut Criterion, sents: &[String]) {
    let text = sents.join("\n");
    let tok = Tokenizer::with_defaults(Profile::ViV1);
    let rougers_tok = rougers::Tokenizer::unicode();
    let mut g = c.benchmark_group("tokenize");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("tomtat", |b| {
        b.iter(|| {
            let mut n = 0usize;
            tok.tokenize_with(&text, &mut |t| n += t.len());
            black_box(n)
        })
    });
    // As scoring tokenizes: into token ids, each word through the worker's word cache, which
    // is warm after the first pass (a real run's cache fills within its first examples).
    g.bench_function("tomtat-ids", |b| {
        let mut interner = Interner::default();
        b.iter(|| {
            black_box(
                Doc::build(text.split('\n'), &tok, &mut interner)
                    .tokens
                    .len(),
            )
        })
    });
    // The same from an empty cache each time: every distinct word goes through the full
    // pipeline once.
    g.bench_function("tomtat-ids-cold", |b| {
        b.iter(|| {
            let mut interner = Interner::default();
            black_box(
                Doc::build(text.split('\n'), &tok, &mut interner)
                    .tokens
                    .len(),
            )
        })
    });
    g.bench_function("rougers", |b| {
        b.iter(|| black_box(rougers_tok.tokenize(&text)))
    });
    // The floor a tokenizer is measured against: reading the same bytes as UTF-8.
    let bytes = text.as_bytes().to_vec();
    g.bench_function("utf8-validate", |b| {
        b.iter(|| black_box(std::str::from_utf8(black_box(&bytes)).is_ok()))
    });
    g.finish();
}

fn bench_lcs(c: &mut Criterion) {
    let mut g = c.benchmark_group("lcs");
    for n in [100usize, 1000, 10_000] {
        let mut r = Resampler::new(3, n as u64);
        let a: Vec<u32> = (0..n).map(|_| r.below(500) as u32).collect();
        let b: Vec<u32> = (0..n).map(|_| r.below(500) as u32).collect();
        g.throughput(Throughput::Elements((n * n) as u64));
        g.bench_with_input(BenchmarkId::new("bit-parallel", n), &n, |bench, _| {
            let mut s = LcsScratch::default();
            bench.iter(|| black_box(lcs_len(&a, &b, &mut s)))
        });
    }
    g.finish();
}

/// ROUGE-Lsum's union LCS over short pairs (3 candidate against 3 reference sentences, as
/// `RougeScorer.score_batch` meets them), tokenized beforehand.
fn bench_union_lcs(c: &mut Criterion, sents: &[String]) {
    let tok = Tokenizer::with_defaults(Profile::ViV1);
    let mut interner = Interner::default();
    let mut r = Resampler::new(4, 0);
    type Sentences = Vec<Vec<u32>>;
    let mut text = |r: &mut Resampler| -> Sentences {
        (0..3)
            .map(|_| {
                let s = &sents[r.below(sents.len() as u64) as usize];
                tok.tokenize(s).iter().map(|t| interner.id(t)).collect()
            })
            .collect()
    };
    let data: Vec<(Sentences, Sentences)> =
        (0..2000).map(|_| (text(&mut r), text(&mut r))).collect();
    let mut g = c.benchmark_group("union-lcs");
    g.throughput(Throughput::Elements(data.len() as u64));
    g.bench_function("3x3-sentences", |b| {
        let mut s = SummaryScratch::default();
        b.iter(|| {
            for (cand, refr) in &data {
                let c: Vec<&[u32]> = cand.iter().map(Vec::as_slice).collect();
                let r: Vec<&[u32]> = refr.iter().map(Vec::as_slice).collect();
                black_box(union_lcs(&c, &r, &mut s));
            }
        })
    });
    g.finish();
}

/// The bootstrap of a default report: 4 metrics × (P, R, F) = 12 columns, 1,000 Poisson
/// resamples, 100,000 examples.
fn bench_bootstrap(c: &mut Criterion) {
    let mut r = Resampler::new(5, 0);
    let rows: Vec<u64> = (0..100_000 * 12)
        .map(|_| Scale::Unit.encode(r.below(1000) as f64 / 1000.0))
        .collect();
    let keys: Vec<u64> = (0..100_000).map(|_| r.bits()).collect();
    let mut g = c.benchmark_group("bootstrap");
    g.sample_size(10);
    g.bench_function("1000x100000x12", |b| {
        b.iter(|| {
            let mut sums = Sums::new(12, 1000);
            sums.add(&rows, &keys, 1);
            black_box(sums.intervals(0.95, &[]))
        })
    });
    g.finish();
}

fn mean_ns(group: &str, bench: &str) -> Option<f64> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/criterion")
        .join(group)
        .join(bench)
        .join("new/estimates.json");
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    v["mean"]["point_estimate"].as_f64()
}

fn main() {
    let sents = sentences();
    assert!(sents.len() > 50, "bundled articles not found");
    let short = pairs(&sents, 3, 3, 2000, 1);
    let long = pairs(&sents, 25, 3, 300, 2);
    let mut c = Criterion::default().configure_from_args();
    bench_pairs(&mut c, "short-pairs", &short);
    bench_pairs(&mut c, "long-pairs", &long);
    bench_scoring(&mut c, "short-scoring", &short);
    bench_tokenize(&mut c, &sents);
    bench_lcs(&mut c);
    bench_union_lcs(&mut c, &sents);
    bench_bootstrap(&mut c);
    c.final_summary();
    println!("\ntomtat vs rougers (one thread, same inputs; >1 means tomtat is faster):");
    for (group, n) in [("short-pairs", short.len()), ("long-pairs", long.len())] {
        if let (Some(t), Some(r)) = (mean_ns(group, "tomtat"), mean_ns(group, "rougers")) {
            let per_s = |ns: f64| n as f64 / (ns / 1e9);
            println!(
                "  {group}: tomtat {:.0} pairs/s, rougers {:.0} pairs/s, ratio {:.2}x",
                per_s(t),
                per_s(r),
                r / t
            );
        }
    }
    if let (Some(t), Some(r)) = (
        mean_ns("tokenize", "tomtat"),
        mean_ns("tokenize", "rougers"),
    ) {
        println!("  tokenize: ratio {:.2}x", r / t);
    }
    for (bench, what) in [
        ("tomtat-ids", "into ids, warm word cache (as scoring runs)"),
        ("tomtat-ids-cold", "into ids, empty word cache"),
        ("tomtat", "token strings, no word cache"),
    ] {
        if let (Some(t), Some(u)) = (
            mean_ns("tokenize", bench),
            mean_ns("tokenize", "utf8-validate"),
        ) {
            println!(
                "  tokenizer {what}: {:.1}% of a UTF-8 validation pass over the same bytes",
                100.0 * u / t
            );
        }
    }
}
