//! Cost of rougeLsum on the inputs that used to exhaust memory or time: one long line (the
//! union-LCS backtrack, whole table below 32 MiB, checkpointed blocks above) and many one-token
//! lines (the sentence index).
//!
//! Run: `cargo bench --bench long_inputs` (add `-- --quick` for a fast pass).

use criterion::{BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use tomtat::metrics::lcs::{LcsScratch, mark_lcs};
use tomtat::metrics::summary::{SummaryScratch, union_lcs};
use tomtat::stats::Resampler;

fn tokens(n: usize, alphabet: u64, seed: u64) -> Vec<u32> {
    let mut r = Resampler::new(seed, n as u64);
    (0..n).map(|_| r.below(alphabet) as u32).collect()
}

fn bench_one_line(c: &mut Criterion) {
    let mut g = c.benchmark_group("lsum_one_line");
    g.sample_size(10);
    // 4,000² bits fit the 32 MiB table; 12,000² and 24,000² are checkpointed.
    for n in [4_000usize, 12_000, 24_000] {
        let (a, b) = (tokens(n, 2_000, 1), tokens(n, 2_000, 2));
        g.throughput(Throughput::Elements((n * n) as u64));
        g.bench_with_input(BenchmarkId::new("mark_lcs", n), &n, |bench, _| {
            let mut s = LcsScratch::default();
            let mut hits = vec![false; n];
            bench.iter(|| {
                hits.fill(false);
                mark_lcs(&a, &b, &mut hits, &mut s);
                black_box(hits.iter().filter(|&&h| h).count())
            })
        });
    }
    g.finish();
}

fn bench_many_lines(c: &mut Criterion) {
    let mut g = c.benchmark_group("lsum_one_token_lines");
    g.sample_size(10);
    for n in [1_000usize, 10_000, 100_000] {
        let (a, b) = (tokens(n, 5_000, 3), tokens(n, 5_000, 4));
        let cand: Vec<&[u32]> = a.chunks(1).collect();
        let refs: Vec<&[u32]> = b.chunks(1).collect();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("union_lcs", n), &n, |bench, _| {
            let mut s = SummaryScratch::default();
            bench.iter(|| black_box(union_lcs(&cand, &refs, &mut s)))
        });
    }
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench_one_line(&mut c);
    bench_many_lines(&mut c);
    c.final_summary();
}
