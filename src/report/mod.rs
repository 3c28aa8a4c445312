//! Reports: the aggregate of a run, its signature and data fingerprint, and the formats it is
//! written in. Four layers, each a folder that uses only the ones before it (held by
//! `tests/layering.rs`): `run` (state and files), `views` (computed from runs), `text`
//! (terminal, JSON, CSV, Markdown, JUnit) and `pages` (HTML). This file holds the plain values
//! every layer shares: [`Report`], [`Stat`], [`Accounting`] and how metrics are shown.

pub mod pages;
pub(crate) mod run;
pub(crate) mod text;
pub(crate) mod views;

pub use pages::html::{
    compare_html, correlation_html, escape_html, histogram_svg, scatter_svg, score_html, sorted_svg,
};
pub use pages::leaderboard_page::leaderboard_html;
pub use pages::{explorer, repeats};
pub use run::differences::{NON_SCORING_FIELDS, signature_differences};
pub use run::fingerprint::{
    DigestBytes, Fingerprint, FingerprintSums, digest_bytes, example_key, key_digest, key_hash,
};
pub use run::kept::Kept;
pub use run::run_writer::RunWriter;
pub use run::runfile::{ExampleTexts, RunExample, RunFile, assemble, merge_runs};
pub use run::signature::Signature;
pub use run::state::RunState;
pub use run::tally::{Duplicate, Entry, Tally};
pub use text::comparison_text::{render_json, render_junit, render_markdown, render_table};
pub use text::correlation_text::render_correlation;
pub use text::leaderboard_text::{
    render_leaderboard_csv, render_leaderboard_json, render_leaderboard_markdown,
    render_leaderboard_table,
};
pub use text::{Exporter, Format, exporter};
pub use views::comparison::{CompareSettings, Comparison, MetricComparison, compare_runs};
pub use views::correlation::{
    COEFFICIENTS, Coefficient, CorrelateSettings, CorrelationReport, LEVELS, Resample, correlate,
};
pub use views::leaderboard::{
    Board, Figure, Leaderboard, LeaderboardSettings, PairRow, SystemRow, leaderboard, run_names,
};

pub use crate::files::{terminal_safe, terminal_safe_text};
use crate::metrics::{Metric, Prf};
pub use crate::stats::{Bootstrap, MAX_RESAMPLES};
use serde::{Deserialize, Serialize};

/// `1 example`, `2 examples`: a count with its noun, singular for one.
pub fn count_of(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The confidence level as people write it (`95% CI`), from a signature's `conf` field
/// (`0.95`); `None` without one.
pub(crate) fn ci_label(conf: Option<&str>) -> Option<String> {
    let level: f64 = conf?.parse().ok()?;
    let percent = (level * 1e6).round() / 1e4;
    Some(format!("{percent}% CI"))
}

/// For the metric a report names: `Some(lower is better)` when it is a supplied score
/// (`extra:NAME`, `extra:NAME:lower`), `None` when tomtat computes it.
fn supplied(metric: &str) -> Option<bool> {
    match metric.parse::<Metric>() {
        Ok(Metric::Supplied { lower, .. }) => Some(lower),
        _ => None,
    }
}

/// True for a supplied score: shown on the user's own scale, gated by `--extra-tolerance`.
pub fn is_supplied(metric: &str) -> bool {
    supplied(metric).is_some()
}

/// How the human formats show a metric's numbers: computed scores ×100 (points), supplied
/// scores on the user's own scale. A `compare` tolerance is in the same units.
pub fn shown_factor(metric: &str) -> f64 {
    if is_supplied(metric) { 1.0 } else { 100.0 }
}

/// Decimals the human formats show: two for points, four for supplied scores.
pub fn shown_decimals(metric: &str) -> usize {
    if is_supplied(metric) { 4 } else { 2 }
}

/// True when lower values of the metric are better (a supplied score marked `:lower`).
pub fn lower_is_better(metric: &str) -> bool {
    supplied(metric) == Some(true)
}

/// The note a human format adds when some metrics are supplied scores (shown as given).
pub(crate) fn supplied_note<'a>(mut metrics: impl Iterator<Item = &'a String>) -> &'static str {
    if metrics.any(|m| is_supplied(m)) {
        " (extra: supplied scores as given)"
    } else {
        ""
    }
}

/// Version of the JSON report layout; bumped on any incompatible change.
pub const SCHEMA: u32 = 2;

/// Mean of one statistic over examples, with its bootstrap interval when computed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Stat {
    pub mean: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
}

/// Precision, recall and F of one metric over a run: the means of per-example values, and for
/// metrics made of counts the corpus-level figures from summed counts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MetricSummary {
    pub precision: Stat,
    pub recall: Stat,
    pub fmeasure: Stat,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub micro: Option<MicroSummary>,
}

/// Corpus-level ("micro") precision, recall and F: computed once from counts summed over
/// every example ([`crate::metrics::micro`]), not averaged.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MicroSummary {
    pub precision: Stat,
    pub recall: Stat,
    pub fmeasure: Stat,
}

/// What became of every input example. Invariant (checked by [`Accounting::new`]):
/// `input = scored + skipped + failed`. Any example that cannot be read or scored stops the run
/// with exit 2 before a report is written, so a written report has `failed = 0`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Accounting {
    pub input: usize,
    pub scored: usize,
    pub skipped: usize,
    pub failed: usize,
    /// Skipped examples per reason.
    pub skipped_by_reason: std::collections::BTreeMap<String, usize>,
    /// Data set runs: the scored examples per kind (`article`, `cluster`), adding up to
    /// `scored`; empty otherwise.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub kinds: std::collections::BTreeMap<String, usize>,
}

impl Accounting {
    /// The accounting of `input` examples of which `scored` were scored and the rest skipped
    /// for the given reasons; an error when the counts do not add up.
    pub fn new(
        input: usize,
        scored: usize,
        skipped_by_reason: std::collections::BTreeMap<String, usize>,
    ) -> Result<Accounting, crate::Error> {
        let skipped: usize = skipped_by_reason.values().sum();
        if input != scored + skipped {
            return Err(crate::Error::Options(format!(
                "internal error: {input} input examples but {scored} scored and {skipped} skipped"
            )));
        }
        Ok(Accounting {
            input,
            scored,
            skipped,
            failed: 0,
            skipped_by_reason,
            kinds: Default::default(),
        })
    }

    /// The accounting with the scored examples' kinds (ignored unless they add up to
    /// `scored`).
    pub fn with_kinds(mut self, kinds: std::collections::BTreeMap<String, usize>) -> Accounting {
        if kinds.values().sum::<usize>() == self.scored {
            self.kinds = kinds;
        }
        self
    }

    /// All `n` examples scored.
    pub fn all_scored(n: usize) -> Accounting {
        Accounting {
            input: n,
            scored: n,
            skipped: 0,
            failed: 0,
            skipped_by_reason: Default::default(),
            kinds: Default::default(),
        }
    }

    /// `12 input, 12 scored, 0 skipped, 0 failed` with reasons in parentheses, and what the
    /// scored examples are in data set runs (`6 scored (5 articles + 1 cluster)`).
    pub fn summary(&self) -> String {
        let kinds: Vec<String> = self
            .kinds
            .iter()
            .map(|(kind, n)| count_of(*n, kind))
            .collect();
        let what = if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(" + "))
        };
        let mut out = format!(
            "{} input, {} scored{what}, {} skipped, {} failed",
            self.input, self.scored, self.skipped, self.failed
        );
        if !self.skipped_by_reason.is_empty() {
            let reasons: Vec<String> = self
                .skipped_by_reason
                .iter()
                .map(|(r, n)| format!("{n} {r}"))
                .collect();
            out.push_str(&format!(" (skipped: {})", reasons.join("; ")));
        }
        out
    }
}

/// Everything a report holds, independent of its output format.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub tool: &'static str,
    pub version: &'static str,
    pub schema: u32,
    pub signature: String,
    #[serde(rename = "signature_fields")]
    pub signature_fields: serde_json::Map<String, serde_json::Value>,
    pub count: usize,
    pub examples: Accounting,
    pub metrics: serde_json::Map<String, serde_json::Value>,
    #[serde(skip)]
    pub summaries: Vec<(String, MetricSummary)>,
    pub fingerprint: Fingerprint,
    pub warnings: Vec<String>,
    /// One block per target language, for data set runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_language: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(skip)]
    pub language_summaries: Vec<LanguageSummary>,
}

/// The metrics of the examples of one language.
#[derive(Debug, Clone)]
pub struct LanguageSummary {
    pub lang: String,
    pub count: usize,
    pub summaries: Vec<(String, MetricSummary)>,
}

fn metrics_json(
    summaries: &[(String, MetricSummary)],
) -> serde_json::Map<String, serde_json::Value> {
    summaries
        .iter()
        .map(|(name, s)| (name.clone(), serde_json::to_value(s).unwrap_or_default()))
        .collect()
}

/// The mean precision, recall and F of every metric over `rows` (per example, the three values
/// of each metric in order, the layout of [`Tally::rows`]), summed in fixed point exactly as
/// every report sums them ([`RunState`]), without intervals.
pub fn means(metrics: &[Metric], rows: &[f64]) -> Vec<(String, [f64; 3])> {
    let width = 3 * metrics.len();
    let mut sums = crate::stats::Sums::new(width, 0);
    let scales = crate::stats::Scale::columns(metrics);
    let fixed: Vec<u64> = rows
        .iter()
        .enumerate()
        .map(|(i, v)| scales[i % width.max(1)].encode(*v))
        .collect();
    let count = rows.len().checked_div(width).unwrap_or(0);
    sums.add(&fixed, &vec![0; count], 0);
    let means = sums.means(&scales);
    metrics
        .iter()
        .enumerate()
        .map(|(m, metric)| {
            (
                metric.to_string(),
                [means[3 * m], means[3 * m + 1], means[3 * m + 2]],
            )
        })
        .collect()
}

impl Report {
    pub fn new(
        signature: &Signature,
        count: usize,
        summaries: Vec<(String, MetricSummary)>,
        fingerprint: Fingerprint,
        warnings: Vec<String>,
    ) -> Report {
        let metrics = metrics_json(&summaries);
        Report {
            tool: "tomtat",
            version: env!("CARGO_PKG_VERSION"),
            schema: SCHEMA,
            signature: signature.to_string(),
            signature_fields: signature.fields_json(),
            count,
            examples: Accounting::all_scored(count),
            metrics,
            summaries,
            fingerprint,
            warnings,
            by_language: None,
            language_summaries: Vec::new(),
        }
    }

    /// Sets what became of the input examples.
    pub fn with_accounting(mut self, accounting: Accounting) -> Report {
        self.examples = accounting;
        self
    }

    /// Adds the per-language breakdown of a data set run.
    pub fn with_languages(mut self, languages: Vec<LanguageSummary>) -> Report {
        let map = languages
            .iter()
            .map(|l| {
                (
                    l.lang.clone(),
                    serde_json::json!({"count": l.count, "metrics": metrics_json(&l.summaries)}),
                )
            })
            .collect();
        self.by_language = Some(map);
        self.language_summaries = languages;
        self
    }
}

/// One line of the per-example JSONL output; `detected` (with langmatch) adds the language
/// the candidate reads as (`null` when it cannot be told) and the share of evidence for it.
pub fn example_json(
    id: &str,
    lang: Option<&str>,
    metrics: &[Metric],
    scores: &[Prf],
    detected: Option<(Option<&str>, f64)>,
    texts: Option<&crate::data::Pair>,
) -> String {
    let mut obj = serde_json::Map::new();
    obj.insert("id".into(), id.into());
    if let Some(lang) = lang {
        obj.insert("lang".into(), lang.into());
    }
    if let Some(pair) = texts {
        obj.insert("candidate".into(), pair.candidate.as_str().into());
        obj.insert("references".into(), pair.references.clone().into());
    }
    if let Some((code, share)) = detected {
        obj.insert("detected_lang".into(), code.into());
        obj.insert("detected_share".into(), share.into());
    }
    for (m, s) in metrics.iter().zip(scores) {
        obj.insert(
            m.to_string(),
            serde_json::json!({"precision": s.precision, "recall": s.recall, "fmeasure": s.fmeasure}),
        );
    }
    serde_json::Value::Object(obj).to_string()
}
